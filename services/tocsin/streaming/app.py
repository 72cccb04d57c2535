"""The Faust application: topics, the two agents and their tables; views live in views.py.

articles.raw ─► process_articles ─► (incidents without a country or background ─► incidents.v1)
                     │  ├─► articles.deadletter (bad input + reason; duplicates of an article already seen)
                     │  └─► articles.receipts.v1 (one per message: incidents, no incident + why, dead letter + why)
                     └─► tocsin-region-events (re-keyed by UN M49 sub-region: a partition owns whole regions)
                              ─► count_regions: dedup across articles ▸ merge ▸ count once (state.py)
                                     ├─► incidents.v1 (keyed by the stable incident_id: upserts, compactable)
                                     └─► region-counts.v1 (keyed region|window|window_start)

Processing guarantee: at-least-once with idempotent table updates and outputs keyed for upserts (see
docs/streaming.md for why not Kafka transactions). Knows nothing of languages: the extraction core is a black box.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

import faust
import orjson
from aiokafka.partitioner import murmur2

from ..config import Settings
from ..contracts import SCHEMA_VERSION, validate
from ..devkafka import _run_sync, create_topics
from ..extraction.language import UnsupportedLanguage
from ..extraction.pipeline import Extractor
from ..records import Rejection, deadletter_record, decode_article, incident_id, incident_record
from . import rebalance, seen, windows
from .extract_pool import ExtractionFailed, ExtractionPool
from .headers import out_headers, trace_id_of
from .metrics import Metrics
from .regions import sub_region
from .state import RegionState, Report
from .timebasis import event_time, published_ts
from .views import register_views

log = logging.getLogger(__name__)
SWEEP_EVERY = 5000  # messages of a partition between sweeps of its expired entries (duplicates, incidents)


def partition_of(region_code: str, partitions: int) -> int:
    """The repartition topic's partition for a sub-region (Kafka's default murmur2 partitioner, made explicit
    so that views can tell which regions this worker owns)."""
    return int(murmur2(region_code.encode()) & 0x7FFFFFFF) % partitions


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class Streams:
    """The app with its topics, tables and metrics; what the views and tests need to reach."""

    def __init__(
        self, settings: Settings, extractor: Extractor | None = None, pool: ExtractionPool | None = None
    ) -> None:
        """`pool`: where articles are extracted (started by the caller, before Faust runs); default inline."""
        self.settings = settings
        self.core = pool.extractor if pool else extractor or Extractor(budget_s=settings.max_extract_s)
        self.pool = pool or ExtractionPool(self.core, processes=0)
        self.app = faust.App(
            settings.app_id,
            broker=settings.broker_url,
            store=settings.store,
            datadir=str(settings.data_dir),
            topic_partitions=settings.partitions,
            topic_replication_factor=settings.replication,
            web_host=settings.web_host,
            web_port=settings.web_port,
            web_enabled=True,
            processing_guarantee=settings.processing_guarantee,
            key_serializer="raw",
            value_serializer="raw",
            broker_commit_interval=settings.commit_interval_s,
            table_standby_replicas=settings.standby_replicas,
            table_cleanup_interval=60.0,
        )
        app, topics, n = self.app, settings.topics, settings.partitions
        self.articles = app.topic(topics.articles, partitions=n, internal=True)
        self.incidents = app.topic(topics.incidents, partitions=n, internal=True, compacting=True)
        self.deadletter = app.topic(topics.deadletter, partitions=n, internal=True)
        self.counts_topic = app.topic(topics.counts, partitions=n, internal=True, compacting=True)
        self.region_events = app.topic(topics.region_events, partitions=n, internal=True)
        self.receipts = app.topic(topics.receipts, partitions=n, internal=True)
        self.metrics = Metrics(self._lag)
        schema: faust.Schema[str, Any] = faust.Schema(key_serializer="json", value_serializer="json")
        self.incident_table = app.Table("incidents", partitions=n, schema=schema)
        self.alias_table = app.Table("incident-aliases", partitions=n, schema=schema)
        self.index_table = app.Table("dedup-index", partitions=n, schema=schema)
        self.count_table = app.Table("region-counts", partitions=n, schema=schema)
        self.seen_table = app.Table("seen-articles", partitions=n, schema=schema)
        self._since_sweep: dict[int, int] = {}
        self.state = RegionState(
            self.incident_table,  # type: ignore[arg-type]
            self.alias_table,  # type: ignore[arg-type]
            self.index_table,  # type: ignore[arg-type]
            self.count_table,  # type: ignore[arg-type]
            windows.WindowPolicy(grace=settings.window_grace_s),
            retention_s=settings.state_retention_s,
        )
        self._since_expiry: dict[int, int] = {}
        rebalance.install(app)
        # One article in flight per extraction process, plus one so that a child never waits for the loop. Faust's
        # actors share one queue and it commits only offsets acked without a gap, so a long article held by one
        # actor is not committed past (at-least-once holds); outputs may leave out of input order.
        concurrency = 1 if self.pool.inline else self.pool.processes + 1
        app.agent(self.articles, name="process_articles", concurrency=concurrency)(self._process_articles)
        app.agent(self.region_events, name="count_regions")(self._count_regions)
        register_views(self)

    def changelog_topics(self) -> list[str]:
        tables = (self.incident_table, self.alias_table, self.index_table, self.count_table, self.seen_table)
        return [table.changelog_topic.get_topic_name() for table in tables]

    # ---- ownership (for views: a memory store may still hold keys of partitions it lost or stands by for)
    def owned_partitions(self) -> set[int]:
        topic = self.settings.topics.region_events
        return {tp.partition for tp in self.app.assignor.assigned_actives() if tp.topic == topic}

    def owned_code(self, code: str, owned: set[int]) -> bool:
        return partition_of(code, self.settings.partitions) in owned

    def owns_country(self, country: str, owned: set[int]) -> bool:
        return self.owned_code(sub_region(country).code, owned)

    def _lag(self) -> Iterable[tuple[str, int, int]]:
        consumer = getattr(self.app, "_consumer", None)
        if consumer is None:
            return []
        out = []
        for tp in self.app.assignor.assigned_actives():
            high = consumer.highwater(tp)
            committed = consumer._committed_offset.get(tp)  # faust keeps no public accessor
            if high is not None:
                out.append((tp.topic, tp.partition, max(0, int(high) - int(committed or 0))))
        return out

    # ---- sending, with headers and metrics
    async def _send(
        self, topic: faust.TopicT, key: str, record: dict[str, Any], schema: str, trace: str
    ) -> None:
        await topic.send(key=key.encode(), value=orjson.dumps(record), headers=out_headers(schema, trace))
        self.metrics.messages_out.labels(topic.get_topic_name()).inc()

    async def _receipt(
        self,
        event: faust.EventT[Any],
        outcome: str,
        reason: str | None,
        trace: str,
        article_id: str | None = None,
        incident_ids: list[str] | None = None,
        language: str | None = None,
    ) -> None:
        """The message's fate, one receipt per message (again after a replay): in = out can be counted."""
        msg = event.message
        record = {
            "schema_version": SCHEMA_VERSION,
            "source_topic": msg.topic,
            "source_partition": msg.partition,
            "source_offset": msg.offset,
            "article_id": article_id,
            "outcome": outcome,
            "reason": reason,
            "incident_ids": incident_ids or [],
            "language": language,
            "processed_at": _iso(time.time()),
        }
        validate("receipt", record)
        self.metrics.articles.labels(outcome, reason or "").inc()
        key = article_id or f"{msg.topic}:{msg.partition}:{msg.offset}"
        await self._send(self.receipts, key, record, "receipt.v1", trace)

    async def _dead_letter(self, rejection: Rejection, event: faust.EventT[Any], trace: str) -> None:
        msg = event.message
        record = deadletter_record(
            rejection,
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            key=msg.key,
            value=msg.value,
        )
        log.warning("dead-letter %s offset %s: %s", msg.topic, msg.offset, rejection)
        self.metrics.deadletters.labels(rejection.reason).inc()
        key = msg.key.decode("utf-8", "replace") if isinstance(msg.key, bytes) else str(msg.key or "")
        await self._send(self.deadletter, key, record, "deadletter.v1", trace)
        await self._receipt(event, "dead_letter", rejection.reason, trace, rejection.article_id)

    # ---- agent 1: articles → incidents of each article, re-keyed by sub-region
    async def _process_articles(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            self.metrics.messages_in.labels(event.message.topic).inc()
            trace = trace_id_of(event.headers)
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            ingest = time.time()
            article_id: str | None = None
            try:
                article = decode_article(raw, self.settings.max_text_chars)
                article_id = article.id
                version = hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:12]
                self._check_duplicate(event, article.id, version, ingest)
                with self.metrics.extract_seconds.time():
                    result = await self.pool.extract(article)
                if result.reason == "timeout":
                    limit = self.settings.max_extract_s
                    raise Rejection("timeout", f"extraction took over the {limit:g} s budget", article.id)
            except Rejection as rejection:
                await self._dead_letter(rejection, event, trace)
                continue
            except ExtractionFailed as exc:
                await self._dead_letter(Rejection("processing_error", str(exc), article_id), event, trace)
                continue
            except UnsupportedLanguage as exc:
                await self._dead_letter(Rejection("unsupported_language", str(exc), article_id), event, trace)
                continue
            except Exception as exc:  # a bug must not stop the stream, nor lose the message
                log.exception("processing failed")
                await self._dead_letter(
                    Rejection("processing_error", f"{type(exc).__name__}: {exc}", article_id), event, trace
                )
                continue
            published = published_ts(article)
            for incident in result.incidents:
                record = incident_record(article, incident)
                validate("incident", record)
                if incident.background or incident.country is None:
                    await self._send(self.incidents, record["incident_id"], record, "incident.v1", trace)
                    continue
                ts, basis = event_time(article, incident, ingest)
                report = Report(record, ts, basis, published, version, trace)
                code = sub_region(incident.country).code
                await self.region_events.send(
                    key=code.encode(),
                    partition=partition_of(code, self.settings.partitions),
                    value=orjson.dumps(report.to_json()),
                    headers=out_headers("tocsin-report", trace),
                )
            ids = [incident_id(article.id, i) for i in result.incidents]
            outcome = "incidents" if ids else "no_incident"
            await self._receipt(event, outcome, result.reason, trace, article.id, ids, result.language)
            stamp = event.message.timestamp
            if stamp:
                self.metrics.latency.observe(max(0.0, time.time() - stamp))
            yield None

    def _check_duplicate(self, event: faust.EventT[Any], article_id: str, digest: str, now: float) -> None:
        """Raise Rejection("duplicate") for a copy of an article already processed; sweep expired entries."""
        msg, horizon = event.message, self.settings.duplicate_horizon_s
        original = seen.earlier_copy(
            self.seen_table, article_id, digest, msg.partition, msg.offset, now, horizon
        )
        count = self._since_sweep.get(msg.partition, 0) + 1
        if count >= SWEEP_EVERY:
            for key in seen.expired(self.seen_table, msg.partition, now, horizon):
                del self.seen_table[key]
            count = 0
        self._since_sweep[msg.partition] = count
        if original is not None:
            raise Rejection(
                "duplicate",
                f"article {article_id!r} with the same content was already processed "
                f"(partition {original['p']}, offset {original['o']})",
                article_id,
            )

    # ---- agent 2: per sub-region partition — dedup, merge, count once, publish
    async def _count_regions(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            self.metrics.messages_in.labels(event.message.topic).inc()
            report = Report.from_json(orjson.loads(event.value))
            now, partition = time.time(), event.message.partition
            outcome = self.state.apply(report, event.message.offset, now, partition)
            self._since_expiry[partition] = self._since_expiry.get(partition, 0) + 1
            if self._since_expiry[partition] >= SWEEP_EVERY:
                self._since_expiry[partition] = 0
                expired = self.state.expire(partition, now)
                self.metrics.tracked.dec(expired)
                if expired:
                    log.info(
                        "forgot %d incidents of partition %d untouched for %.0f s",
                        expired,
                        partition,
                        self.state.retention_s,
                    )
            self.metrics.incidents.labels(outcome.kind).inc()
            if outcome.kind == "new":
                self.metrics.tracked.inc()
            record = outcome.incident
            validate("incident", record)
            await self._send(self.incidents, record["incident_id"], record, "incident.v1", report.trace_id)
            for key, value in outcome.count_changes.items():
                for change in _v1_count_records(key, value, report.event_time):
                    validate("region-count", change)
                    ckey = f"{change['region']}|{change['window']}|{change['window_start'] or 'all'}"
                    await self._send(self.counts_topic, ckey, change, "region-count.v1", report.trace_id)
            yield None


def _v1_count_records(key: str, value: dict[str, Any], ts: float) -> list[dict[str, Any]]:
    """The count changes region-count.v1 can express: country and admin1, all event types, 1h / 24h / all.

    (Sub-regions, event types and 7-day windows are served by GET /counts; see docs/streaming.md.)"""
    region_part, _, etype = key.partition("|")
    level, _, region = region_part.partition(":")
    if etype != "*" or level not in ("country", "admin1"):
        return []
    country, _, admin1 = region.partition("/")
    now = _iso(time.time())
    base = {"schema_version": SCHEMA_VERSION, "region": region, "country": country, "admin1": admin1 or None}
    out = [
        {
            **base,
            "window": "all",
            "window_start": None,
            "window_end": None,
            "count": int(value["all"]),
            "updated_at": now,
        }
    ]
    for window, kind, size in (("1h", "h", windows.HOUR), ("24h", "d", windows.DAY)):
        start = int(ts - ts % size)
        count = value[kind].get(str(start))
        if count is not None:
            out.append(
                {**base, "window": window, "window_start": _iso(start), "window_end": _iso(start + size),
                 "count": int(count), "updated_at": now}
            )  # fmt: skip
    return out


def ensure_topics(settings: Settings, changelogs: Iterable[str] = ()) -> None:
    """Create the worker's topics before it joins the group. Faust declares internal topics too, but it may do
    so after the group leader has assigned partitions, and then the repartition topic is never consumed; and
    two workers starting together race on creating the table changelogs: one saw a changelog with 0
    partitions and raised PartitionsMismatch. So the changelogs are created here too, waiting for leaders."""
    topics, n, rf = settings.topics, settings.partitions, settings.replication
    compacted = {"cleanup.policy": "compact"}
    compact = {topics.incidents: n, topics.counts: n, **dict.fromkeys(changelogs, n)}
    _run_sync(create_topics(settings.bootstrap, compact, compacted, rf))
    plain = {topics.articles: n, topics.deadletter: n, topics.region_events: n, topics.receipts: n}
    _run_sync(create_topics(settings.bootstrap, plain, None, rf))


def create_app(
    settings: Settings,
    extractor: Extractor | None = None,
    declare: bool = True,
    pool: ExtractionPool | None = None,
) -> faust.App:
    streams = Streams(settings, extractor, pool)
    if declare:
        ensure_topics(settings, streams.changelog_topics())
    app = streams.app
    app.tocsin = streams  # type: ignore[attr-defined]
    return app
