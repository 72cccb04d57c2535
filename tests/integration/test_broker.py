"""The local broker really works for Tocsin: keyed round trips over 4 partitions, consumer groups, and the
transactions Faust's exactly-once mode relies on (commits seen, aborts hidden, offsets in a transaction)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from tocsin.devkafka import create_topics, is_reachable

PARTITIONS = 4


def _topic(prefix: str) -> str:
    # Unique per run: the session may reuse a long-lived dev broker.
    return f"test-{prefix}-{uuid.uuid4().hex[:10]}"


async def _consume(
    bootstrap: str,
    topic: str,
    count: int,
    isolation_level: str = "read_uncommitted",
    group_id: str | None = None,
    timeout: float = 30.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest",
        isolation_level=isolation_level,
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        async with asyncio.timeout(timeout):
            while len(records) < count:
                batch = await consumer.getmany(timeout_ms=500)
                for recs in batch.values():
                    records.extend(recs)
    finally:
        await consumer.stop()
    return records


def _values(records: Iterable[ConsumerRecord[bytes, bytes]]) -> list[bytes]:
    return sorted(r.value for r in records if r.value is not None)


async def test_keyed_round_trip_over_four_partitions(kafka_bootstrap: str) -> None:
    topic = _topic("roundtrip")
    await create_topics(kafka_bootstrap, {topic: PARTITIONS})
    await create_topics(kafka_bootstrap, {topic: PARTITIONS})  # idempotent: no TopicAlreadyExists

    sent: dict[bytes, list[bytes]] = {}
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for i in range(40):
            key = f"region-{i % 7}".encode()
            value = f'{{"n": {i}}}'.encode()
            sent.setdefault(key, []).append(value)
            await producer.send(topic, value, key=key)
        await producer.flush()
    finally:
        await producer.stop()

    records = await _consume(kafka_bootstrap, topic, 40, group_id=_topic("group"))
    assert len(records) == 40
    got: dict[bytes, list[bytes]] = {}
    partitions_of_key: dict[bytes, set[int]] = {}
    for r in records:
        assert r.key is not None and r.value is not None
        got.setdefault(r.key, []).append(r.value)
        partitions_of_key.setdefault(r.key, set()).add(r.partition)
    # Same key -> one partition, so per-key order holds; the 7 keys spread over more than one partition.
    assert got == sent
    assert all(len(p) == 1 for p in partitions_of_key.values())
    assert len({p for ps in partitions_of_key.values() for p in ps}) > 1

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    assert len(described["partitions"]) == PARTITIONS


async def test_transactions_commit_visible_abort_hidden(kafka_bootstrap: str) -> None:
    topic = _topic("txn")
    await create_topics(kafka_bootstrap, {topic: PARTITIONS})
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=_topic("txid"))
    await producer.start()
    try:
        async with producer.transaction():
            for i in range(3):
                await producer.send(topic, f"committed-{i}".encode(), key=f"k{i}".encode())
        await producer.begin_transaction()
        for i in range(2):
            await producer.send(topic, f"aborted-{i}".encode(), key=f"k{i}".encode())
        await producer.abort_transaction()
        async with producer.transaction():
            await producer.send(topic, b"committed-last", key=b"k0")
    finally:
        await producer.stop()

    committed = await _consume(kafka_bootstrap, topic, 4, isolation_level="read_committed")
    assert _values(committed) == [b"committed-0", b"committed-1", b"committed-2", b"committed-last"]
    # The aborted records were written (read_uncommitted sees them), so read_committed really filtered.
    everything = await _consume(kafka_bootstrap, topic, 6)
    assert [v for v in _values(everything) if v.startswith(b"aborted")] == [b"aborted-0", b"aborted-1"]


async def test_consumer_offsets_commit_inside_transaction(kafka_bootstrap: str) -> None:
    """Consume-transform-produce, input offsets committed in the output transaction (what EOS does)."""
    source, sink, group = _topic("eos-in"), _topic("eos-out"), _topic("eos-group")
    await create_topics(kafka_bootstrap, {source: PARTITIONS, sink: PARTITIONS})
    plain = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await plain.start()
    try:
        for i in range(8):
            await plain.send(source, f"in-{i}".encode(), key=f"k{i}".encode())
        await plain.flush()
    finally:
        await plain.stop()

    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=kafka_bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=_topic("eos-txid"))
    await consumer.start()
    await producer.start()
    try:
        seen: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(30):
            while len(seen) < 8:
                for recs in (await consumer.getmany(timeout_ms=500)).values():
                    seen.extend(recs)
        offsets: dict[TopicPartition, int] = {}
        async with producer.transaction():
            for r in seen:
                assert r.value is not None
                await producer.send(sink, r.value.replace(b"in-", b"out-"), key=r.key)
                tp = TopicPartition(r.topic, r.partition)
                offsets[tp] = max(offsets.get(tp, 0), r.offset + 1)
            await producer.send_offsets_to_transaction(offsets, group)
        # The commit markers reach __consumer_offsets asynchronously after EndTxn, and aiokafka's OffsetFetch
        # version returns the last *stable* offset, so poll briefly.
        committed: dict[TopicPartition, int | None] = {}
        async with asyncio.timeout(15):
            while committed != offsets:
                committed = {tp: await consumer.committed(tp) for tp in offsets}
                await asyncio.sleep(0.1)
    finally:
        await producer.stop()
        await consumer.stop()

    assert committed == offsets
    out = await _consume(kafka_bootstrap, sink, 8, isolation_level="read_committed")
    assert _values(out) == sorted(f"out-{i}".encode() for i in range(8))


def test_broker_is_reachable(kafka_bootstrap: str) -> None:
    assert is_reachable(kafka_bootstrap)
