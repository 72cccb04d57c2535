"""Stop the broker in the middle of a stream and start it again: the worker resumes by itself and nothing is
lost (incidents by key and counts equal an uninterrupted run). Uses its own broker, not the session's."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tocsin.devkafka import REPO_ROOT, LocalBroker, create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .streaming_support import (
    all_counts,
    names,
    processed,
    produce,
    read_committed,
    reference,
    run,
    synthetic_articles,
)


def test_worker_resumes_after_the_broker_restarts(tmp_path: Path) -> None:
    port, controller = free_port_pair()
    broker_dir = REPO_ROOT / ".cache" / f"kafka-restart-{port}"
    broker = LocalBroker(port, controller, broker_dir)
    bootstrap = broker.start()
    worker: WorkerProcess | None = None
    try:
        env = names()
        run(create_topics(bootstrap, {env["TOCSIN_TOPIC_ARTICLES"]: 4, env["TOCSIN_TOPIC_DEADLETTER"]: 4}))
        articles = synthetic_articles(600)
        expected_sources, expected_counts = reference(articles, time.time())
        web, _ = free_port_pair()
        worker = WorkerProcess(bootstrap, web, tmp_path / "data", tmp_path / "worker.log", env=env).start()
        run(produce(bootstrap, env["TOCSIN_TOPIC_ARTICLES"], articles[:300]))
        deadline = time.monotonic() + 60
        while (
            before := processed(worker, env["TOCSIN_TOPIC_ARTICLES"])
        ) < 60 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert 0 < before < 300, before
        broker.stop()
        time.sleep(5)
        broker.start()
        run(produce(bootstrap, env["TOCSIN_TOPIC_ARTICLES"], articles[300:]))
        wanted = {x for s in expected_sources for x in s}
        latest, _, _ = run(
            read_committed(
                bootstrap,
                env["TOCSIN_TOPIC_INCIDENTS"],
                lambda got: {x for r in got.values() for x in r["sources"]} >= wanted,
                240,
            )
        )
        assert worker.proc is not None and worker.proc.poll() is None, "the worker must survive the outage"
        got = sorted(sorted(r["sources"]) for r in latest.values())
        assert got == sorted(sorted(s) for s in expected_sources), (
            f"{len(wanted - {x for s in got for x in s})} lost"
        )
        deadline = time.monotonic() + 60
        served: dict[str, int] = {}
        while time.monotonic() < deadline and served != expected_counts:
            served = all_counts(worker)
            time.sleep(1)
        assert served == expected_counts
        print(
            f"\nbroker restart after {before} of {len(articles)} articles, {len(latest)} incidents, nothing lost, counts equal"
        )
    finally:
        if worker is not None:
            worker.stop()
        broker.stop()
        shutil.rmtree(broker_dir, ignore_errors=True)
