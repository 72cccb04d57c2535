"""Subscribe to incidents.v1: each record validated against the contract before it reaches the caller."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer

from ..contracts import validate


async def subscribe(
    bootstrap: str,
    topic: str,
    *,
    from_beginning: bool = True,
    group_id: str | None = None,
    idle_timeout: float | None = None,
    limit: int | None = None,
    validate_records: bool = True,
) -> AsyncIterator[dict[str, Any]]:
    """Yield incidents as they arrive (read_committed); stop after `limit` records or `idle_timeout` seconds idle."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=group_id is not None,
        isolation_level="read_committed",
    )
    await consumer.start()
    count = 0
    last = time.monotonic()
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for message in records:
                    if message.value is None:
                        continue
                    record: dict[str, Any] = orjson.loads(message.value)
                    if validate_records:
                        validate("incident", record)
                    yield record
                    count += 1
                    last = time.monotonic()
                    if limit is not None and count >= limit:
                        return
            if idle_timeout is not None and time.monotonic() - last > idle_timeout:
                return
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
