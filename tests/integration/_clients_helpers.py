"""Shared helpers for the client integration tests: run the CLI, create topics, read or write raw messages."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord

from tocsin.devkafka import create_topics

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "schemas" / "examples"


def cli(
    *args: str, input: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tocsin.cli", *args],
        env={**os.environ, **(env or {})},
        input=input,
        capture_output=True,
        timeout=timeout,
    )


def new_topic(bootstrap: str, prefix: str, partitions: int = 2) -> str:
    name = f"{prefix}.{uuid.uuid4().hex[:8]}"
    asyncio.run(create_topics(bootstrap, {name: partitions}))
    return name


def read_all(bootstrap: str, topic: str, timeout: float = 20) -> list[ConsumerRecord[bytes, bytes]]:
    """Every message now in the topic (up to its end offsets), in partition then offset order."""

    async def run() -> list[ConsumerRecord[bytes, bytes]]:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            parts = await _partitions(consumer, topic)
            consumer.assign(parts)
            await consumer.seek_to_beginning(*parts)
            ends = await consumer.end_offsets(parts)
            out: list[ConsumerRecord[bytes, bytes]] = []
            deadline = time.monotonic() + timeout
            while (
                any([await consumer.position(tp) < ends[tp] for tp in parts]) and time.monotonic() < deadline
            ):
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    out.extend(records)
            return sorted(out, key=lambda r: (r.partition, r.offset))
        finally:
            await consumer.stop()

    return asyncio.run(run())


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    cluster = await consumer._client.fetch_all_metadata()
    return [TopicPartition(topic, p) for p in sorted(cluster.partitions_for_topic(topic) or ())]


def send_raw(
    bootstrap: str,
    topic: str,
    messages: Iterable[tuple[bytes | None, bytes, list[tuple[str, bytes]], int | None]],
) -> None:
    """(key, value, headers, timestamp_ms) each, acknowledged before returning."""

    async def run() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            for key, value, headers, ts in messages:
                await producer.send_and_wait(topic, value=value, key=key, headers=headers, timestamp_ms=ts)
        finally:
            await producer.stop()

    asyncio.run(run())


def example_incident(name: str = "incident.v1.json", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = orjson.loads((EXAMPLES / name).read_bytes())
    record.update(changes)
    return record
