"""Faults around the worker: Kafka not up when it starts (it waits with backoff, says so, and starts when the
broker comes), and the dead-letter topic deleted while it runs (the next dead letter still lands, with its
receipt). Nothing is lost in either: every message sent gets its receipt."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from tocsin.devkafka import REPO_ROOT, LocalBroker, create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .streaming_support import names, run

# One sentence in the style of the synthetic stream (tests/integration/streaming_support.py).
ATTACK = {"id": "fault-1", "language": "fr", "text": "Une attaque a tué 3 soldats hier à Gao, au Mali."}


async def _send(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, key=key, value=value)
    finally:
        await producer.stop()


async def _read(bootstrap: str, topic: str, want: int, timeout: float) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    try:
        while len(got) < want and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                got.extend(orjson.loads(r.value) for r in records if r.value is not None)
    finally:
        await consumer.stop()
    return got


def test_worker_started_before_kafka_waits_and_then_works(tmp_path: Path) -> None:
    port, controller = free_port_pair()
    broker = LocalBroker(port, controller, REPO_ROOT / ".cache" / f"kafka-late-{port}")
    env = names()
    web, _ = free_port_pair()
    log = tmp_path / "worker.log"
    worker = WorkerProcess(broker.bootstrap, web, tmp_path / "data", log, env=env)
    started: list[BaseException | None] = []

    def start() -> None:
        try:
            worker.start(timeout=300)
            started.append(None)
        except BaseException as exc:  # reported by the assertion below
            started.append(exc)

    thread = threading.Thread(target=start)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while "Kafka not reachable at" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "no 'not reachable' log line"
            assert worker.proc is None or worker.proc.poll() is None, "the worker gave up"
            time.sleep(0.5)
        time.sleep(3)  # a few retries
        assert worker.proc is not None and worker.proc.poll() is None
        broker.start()
        thread.join(300)
        assert started == [None], started
        text = log.read_text()
        assert "is up after" in text

        run(_send(broker.bootstrap, env["TOCSIN_TOPIC_ARTICLES"], [(b"fault-1", orjson.dumps(ATTACK))]))
        receipts = run(_read(broker.bootstrap, env["TOCSIN_TOPIC_RECEIPTS"], 1, 120))
        assert [(r["article_id"], r["outcome"]) for r in receipts] == [("fault-1", "incidents")]
    finally:
        worker.stop()
        thread.join(10)
        broker.stop()
        shutil.rmtree(broker.data_dir, ignore_errors=True)


def test_deadletter_topic_deleted_while_running(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = names()
    articles, deadletter = env["TOCSIN_TOPIC_ARTICLES"], env["TOCSIN_TOPIC_DEADLETTER"]
    run(create_topics(kafka_bootstrap, {articles: 4, deadletter: 4}))
    web, _ = free_port_pair()
    with WorkerProcess(kafka_bootstrap, web, tmp_path / "data", tmp_path / "worker.log", env=env) as worker:
        run(_send(kafka_bootstrap, articles, [(b"bad-before", b"{not json")]))
        assert len(run(_read(kafka_bootstrap, deadletter, 1, 60))) == 1

        async def delete() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
            await admin.start()
            try:
                await admin.delete_topics([deadletter])
                deadline = time.monotonic() + 30
                while deadletter in await admin.list_topics():
                    assert time.monotonic() < deadline, "topic not deleted"
                    time.sleep(0.2)
            finally:
                await admin.close()

        run(delete())
        run(
            _send(
                kafka_bootstrap,
                articles,
                [(b"bad-after", b"{still not json"), (b"fault-1", orjson.dumps(ATTACK))],
            )
        )
        receipts = run(_read(kafka_bootstrap, env["TOCSIN_TOPIC_RECEIPTS"], 3, 120))
        assert sorted((r["article_id"] or "-", r["outcome"], r["reason"]) for r in receipts) == [
            ("-", "dead_letter", "not_json"),
            ("-", "dead_letter", "not_json"),
            ("fault-1", "incidents", None),
        ]
        after = run(_read(kafka_bootstrap, deadletter, 1, 60))
        assert [d["key"] for d in after] == [
            "bad-after"
        ]  # the topic was re-created by the send (auto-create)
        assert worker.proc is not None and worker.proc.poll() is None
