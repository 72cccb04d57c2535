"""The walking skeleton on the real broker: the seed article in through `tocsin produce`, processed by a worker
process, its one incident out through the subscriber client, bad input on the dead-letter topic, counts served.

Seed: shared/seeds/000_ab7640e8a7088d5b.txt, shipped as samples/articles.jsonl (see samples/README.md).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from tocsin.clients.subscribe import subscribe
from tocsin.contracts import validate
from tocsin.devkafka import create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .streaming_support import names as unique_names

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "articles.jsonl"


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return unique_names()  # every topic of this module's worker, receipts included, is its own


@pytest.fixture(scope="module")
def worker(
    kafka_bootstrap: str, names: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    asyncio.run(
        create_topics(
            kafka_bootstrap,
            {
                names[k]: 4
                for k in ("TOCSIN_TOPIC_ARTICLES", "TOCSIN_TOPIC_INCIDENTS", "TOCSIN_TOPIC_DEADLETTER")
            },
        )
    )
    tmp = tmp_path_factory.mktemp("worker")
    port, _ = free_port_pair()
    proc = WorkerProcess(kafka_bootstrap, port, tmp / "data", tmp / "worker.log", env=names)
    with proc:
        yield proc


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tocsin.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _collect(bootstrap: str, topic: str, idle: float) -> list[dict[str, Any]]:
    return [r async for r in subscribe(bootstrap, topic, idle_timeout=idle)]


async def _read_topic(bootstrap: str, topic: str, want: int, timeout: float) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    out: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < want and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                out.extend(orjson.loads(r.value) for r in records if r.value is not None)
    finally:
        await consumer.stop()
    return out


def test_seed_article_end_to_end(kafka_bootstrap: str, names: dict[str, str], worker: WorkerProcess) -> None:
    seed_only = worker.log_path.parent / "seed.jsonl"
    seed_only.write_bytes(SAMPLES.read_bytes().splitlines()[0] + b"\n")
    produced = _cli("produce", str(seed_only), "--bootstrap", kafka_bootstrap, env=names)
    assert produced.returncode == 0, produced.stderr
    assert "sent 1 articles" in produced.stderr

    incidents = asyncio.run(_collect(kafka_bootstrap, names["TOCSIN_TOPIC_INCIDENTS"], idle=45.0))
    assert incidents, f"no incident within 45 s; worker log: {worker.log_path.read_text()[-3000:]}"
    for record in incidents:
        validate("incident", record)
    news = [r for r in incidents if not r["background"]]
    assert len(news) == 1, news
    incident = news[0]
    assert incident["article_id"] == "seed-000-ab7640e8a7088d5b"
    assert incident["country"] == "IQ"
    assert incident["admin1"] == "Salah al-Din"
    assert "balad" in (incident["location"] or "").lower()
    assert incident["perpetrator"] == "Islamic Resistance in Iraq"
    assert incident["claimed"] is True
    assert incident["event_type"] == "Strategic developments"
    assert incident["sub_event_type"] == "Disrupted weapons use"
    assert incident["date"] is None  # a weekday against a month-precision publication cannot be resolved
    assert "drone" in (incident["target"] or "").lower() or "mq-9" in (incident["target"] or "").lower()
    # The distractors: the launch base in Kuwait, the 140-attack aggregate, the Gaza totals.
    assert all(r["country"] != "KW" for r in incidents)
    assert all(r["country"] != "PS" for r in incidents)
    assert all((r["fatalities"] or 0) < 1000 for r in incidents)

    deadline = time.monotonic() + 30
    row: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        rows = worker.get_json("/counts?country=IQ")["counts"]
        assert isinstance(rows, list)
        row = next((r for r in rows if r["region"] == "IQ/Salah al-Din"), None)
        if row is not None:
            break
        time.sleep(0.5)
    assert row is not None and row["all"] == 1, row
    country_row = next(r for r in worker.get_json("/counts?country=IQ")["counts"] if r["region"] == "IQ")  # type: ignore[union-attr]
    assert country_row["all"] == 1

    counts_cli = _cli("counts", "--url", worker.url, env=names)
    assert counts_cli.returncode == 0, counts_cli.stderr
    assert "IQ/Salah al-Din" in counts_cli.stdout


def test_bad_messages_reach_the_dead_letter_topic(
    kafka_bootstrap: str, names: dict[str, str], worker: WorkerProcess
) -> None:
    async def send() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        try:
            topic = names["TOCSIN_TOPIC_ARTICLES"]
            await producer.send_and_wait(topic, key=b"bad-1", value=b"{not json")
            await producer.send_and_wait(
                topic, key=b"bad-2", value=orjson.dumps({"id": "bad-2", "title": "no text"})
            )
            await producer.send_and_wait(
                topic, key=b"bad-3", value=b'{"id": "bad-3", "text": "Caf\xe9 latin-1"}'
            )
        finally:
            await producer.stop()

    asyncio.run(send())
    letters = asyncio.run(_read_topic(kafka_bootstrap, names["TOCSIN_TOPIC_DEADLETTER"], want=3, timeout=45))
    for letter in letters:
        validate("deadletter", letter)
    by_key = {letter["key"]: letter for letter in letters}
    assert by_key["bad-1"]["reason"] == "not_json"
    assert by_key["bad-2"]["reason"] == "schema_violation"
    assert "text" in by_key["bad-2"]["detail"]
    assert by_key["bad-3"]["reason"] == "invalid_utf8"
    assert by_key["bad-3"]["payload_encoding"] == "base64"
