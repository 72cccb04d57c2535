"""Subscribe to incidents.v1: every record validated against the contract before it reaches the caller.

    async for incident in subscribe(bootstrap, "incidents.v1", filter=IncidentFilter(countries={"IQ"})):
        print(incident["location"], incident["fatalities"])

`deliveries()` yields the same records with their Kafka metadata and headers (trace id, schema, producer).
Start from the earliest or latest offset or from a time; stop at the end of the topic (`until_end`), after a number
of incidents (`limit`) or after a quiet period (`idle_timeout`), or follow forever (the default, as before).

With a consumer group, offsets are committed for the records the caller has finished with (the generator resumed
past them) and for filtered-out records: at-least-once, so a record being handled when the caller stops is
delivered again to the group. `start` then only applies to a group without committed offsets, except a timestamp,
which moves the group's position on its first assignment.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, cast

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord

from ..contracts import ContractError, validate
from ..contracts import headers as h
from ..contracts.models import Incident
from .security import security_kwargs

Start = Literal["earliest", "latest"] | datetime
COMMIT_EVERY = 5.0  # seconds between offset commits in a consumer group


class TopicNotFound(LookupError):
    """The topic does not exist (yet): nothing to read up to its end."""


def _fold(values: Collection[str] | None) -> frozenset[str]:
    return frozenset(v.casefold() for v in values or ())


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents a subscriber wants; empty sets mean any. Names compare case-insensitively.

    event_types matches the event type or the sub-event type; an unknown fatality count (null) fails a
    min_fatalities above 0; headers must all be present with these values (e.g. {"trace-id": …}).
    """

    countries: Collection[str] = ()
    admin1: Collection[str] = ()
    event_types: Collection[str] = ()
    languages: Collection[str] = ()
    min_fatalities: int | None = None
    include_background: bool = True
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("countries", "admin1", "event_types", "languages"):
            object.__setattr__(self, name, _fold(getattr(self, name)))

    def matches(self, incident: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> bool:
        def within(values: Collection[str], *candidates: Any) -> bool:
            return not values or any(isinstance(c, str) and c.casefold() in values for c in candidates)

        if not self.include_background and incident.get("background"):
            return False
        if self.min_fatalities and (incident.get("fatalities") or 0) < self.min_fatalities:
            return False
        if any((headers or {}).get(k) != v for k, v in self.headers.items()):
            return False
        return (
            within(self.countries, incident.get("country"))
            and within(self.admin1, incident.get("admin1"))
            and within(self.event_types, incident.get("event_type"), incident.get("sub_event_type"))
            and within(self.languages, incident.get("language"))
        )


@dataclass(frozen=True)
class Delivery:
    """One incident with where it came from: key, partition, offset, broker timestamp and headers."""

    incident: Incident
    headers: dict[str, str]
    key: str | None
    topic: str
    partition: int
    offset: int
    timestamp: datetime

    @property
    def trace_id(self) -> str | None:
        return self.headers.get(h.TRACE_ID)


def _decode_headers(raw: Any) -> dict[str, str]:
    return {str(k): (v or b"").decode("utf-8", errors="replace") for k, v in raw or ()}


def _delivery(message: ConsumerRecord[bytes, bytes], validate_records: bool) -> Delivery | None:
    if message.value is None:
        return None  # a tombstone carries no incident
    where = f"{message.topic}[{message.partition}]@{message.offset}"
    try:
        record = orjson.loads(message.value)
    except orjson.JSONDecodeError as exc:
        raise ContractError(f"{where}: not JSON: {exc}") from None
    if validate_records:
        try:
            validate("incident", record)
        except ContractError as exc:
            raise ContractError(f"{where}: {exc}") from None
    return Delivery(
        incident=cast(Incident, record),
        headers=_decode_headers(message.headers),
        key=message.key.decode("utf-8", errors="replace") if message.key is not None else None,
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp=datetime.fromtimestamp(message.timestamp / 1000, UTC),
    )


async def _seek(consumer: AIOKafkaConsumer, partitions: Collection[TopicPartition], start: Start) -> None:
    """Explicit offsets (not seek_to_end/beginning, whose lazy reset can lose to the reset a fresh assignment
    schedules): the beginning, the end, or the first offset at or after the time (the end if none)."""
    if not partitions:
        return
    if start == "earliest":
        targets = await consumer.beginning_offsets(list(partitions))
    else:
        targets = await consumer.end_offsets(list(partitions))
        if isinstance(start, datetime):
            found = await consumer.offsets_for_times(dict.fromkeys(partitions, int(start.timestamp() * 1000)))
            targets.update({tp: hit.offset for tp, hit in found.items() if hit is not None})
    for tp in partitions:
        consumer.seek(tp, targets[tp])


class _SeekOnAssign(ConsumerRebalanceListener):  # type: ignore[misc]
    """In a group, a timestamp start moves each partition once, the first time it is assigned to us."""

    def __init__(self, consumer: AIOKafkaConsumer, start: datetime) -> None:
        self.consumer = consumer
        self.start = start
        self.seen: set[TopicPartition] = set()

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: Collection[TopicPartition]) -> None:
        new = [tp for tp in assigned if tp not in self.seen]
        self.seen.update(new)
        await _seek(self.consumer, new, self.start)


async def deliveries(
    bootstrap: str,
    topic: str,
    *,
    start: Start = "earliest",
    group_id: str | None = None,
    idle_timeout: float | None = None,
    limit: int | None = None,
    until_end: bool = False,
    filter: IncidentFilter | None = None,
    validate_records: bool = True,
    security: Mapping[str, Any] | None = None,
) -> AsyncIterator[Delivery]:
    """Incidents with their metadata; ContractError (naming topic[partition]@offset) on a record that breaks
    the contract. Stops after `limit` matching incidents, `idle_timeout` seconds without any message, or — with
    until_end — once every assigned partition is read up to the end offsets it had when first seen."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        auto_offset_reset="latest" if start == "latest" else "earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        **(security_kwargs() if security is None else dict(security)),
    )
    await consumer.start()
    wanted = filter or IncidentFilter()
    done: dict[TopicPartition, int] = {}  # next offset to commit, per partition
    ends: dict[TopicPartition, int] = {}
    count = 0
    last_message = last_commit = time.monotonic()
    try:
        if group_id is not None:
            listener = _SeekOnAssign(consumer, start) if isinstance(start, datetime) else None
            consumer.subscribe([topic], listener=listener)
        else:
            # consumer.topics() fetches the same metadata but keeps only the names; the partitions are needed here.
            cluster = await consumer._client.fetch_all_metadata()
            partitions = cluster.partitions_for_topic(topic)
            if not partitions:
                if until_end:
                    raise TopicNotFound(f"topic {topic!r} does not exist (yet) at {bootstrap}")
                consumer.subscribe([topic])  # follow: picked up when it is created
            else:
                tps = [TopicPartition(topic, p) for p in sorted(partitions)]
                consumer.assign(tps)
                await _seek(consumer, tps, start)
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            for tp, messages in batch.items():
                for message in messages:
                    last_message = time.monotonic()
                    delivery = _delivery(message, validate_records)
                    if delivery is not None and wanted.matches(delivery.incident, delivery.headers):
                        yield delivery
                        count += 1
                    done[tp] = message.offset + 1
                    if limit is not None and count >= limit:
                        return
            now = time.monotonic()
            if group_id is not None and done and now - last_commit > COMMIT_EVERY:
                await consumer.commit(dict(done))
                last_commit = now
            if idle_timeout is not None and now - last_message > idle_timeout:
                return
            if until_end and await _caught_up(consumer, ends):
                return
            await asyncio.sleep(0)
    finally:
        try:
            if group_id is not None and done:
                await consumer.commit(dict(done))
        finally:
            await consumer.stop()


async def _caught_up(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    assigned = consumer.assignment()
    if not assigned:
        return False
    new = [tp for tp in assigned if tp not in ends]
    if new:
        ends.update(await consumer.end_offsets(new))
    for tp in assigned:
        if await consumer.position(tp) < ends[tp]:
            return False
    return True


async def subscribe(
    bootstrap: str,
    topic: str,
    *,
    from_beginning: bool = True,
    group_id: str | None = None,
    idle_timeout: float | None = None,
    limit: int | None = None,
    validate_records: bool = True,
    start: Start | None = None,
    until_end: bool = False,
    filter: IncidentFilter | None = None,
    security: Mapping[str, Any] | None = None,
) -> AsyncIterator[Incident]:
    """Yield incidents as they arrive (read_committed); see `deliveries` for the options. `start` overrides the
    older `from_beginning` flag."""
    async for delivery in deliveries(
        bootstrap,
        topic,
        start=start if start is not None else ("earliest" if from_beginning else "latest"),
        group_id=group_id,
        idle_timeout=idle_timeout,
        limit=limit,
        until_end=until_end,
        filter=filter,
        validate_records=validate_records,
        security=security,
    ):
        yield delivery.incident
