"""Two worker processes in one consumer group over 4 partitions: each article is processed once, any worker
answers GET /counts for the whole group, and when one worker stops the other takes over its partitions and
table state (rebuilt from the changelogs) — the counts then equal those of an uninterrupted run.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tocsin.devkafka import create_topics, free_port_pair
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


def _wait_counts(worker: WorkerProcess, expected: dict[str, int], timeout: float) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    served: dict[str, int] = {}
    while time.monotonic() < deadline:
        served = all_counts(worker)
        if served == expected:
            break
        time.sleep(1)
    return served


def _diagnosis(diff: dict[str, Any], worker: WorkerProcess, topic: str, log: Path) -> str:
    """What a failure needs to be explained: the differences, the worker's progress and lag, its last log lines."""
    metrics = worker.get_text("/metrics").splitlines()
    lag = [line for line in metrics if line.startswith("tocsin_consumer_lag{") and not line.endswith(" 0.0")]
    tail = log.read_text(errors="replace").splitlines()[-60:]
    return "\n".join(
        [f"{len(diff)} counts differ (served, expected): {list(diff.items())[:8]}",
         f"processed {processed(worker, topic)} articles; non-zero lag: {lag}", "log tail:", *tail]
    )  # fmt: skip


def test_two_workers_share_partitions_and_survive_one_stopping(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = names()
    articles_topic = env["TOCSIN_TOPIC_ARTICLES"]
    run(create_topics(kafka_bootstrap, {articles_topic: 4, env["TOCSIN_TOPIC_DEADLETTER"]: 4}))
    articles = synthetic_articles(800)
    first_half, second_half = articles[:500], articles[500:]
    now = time.time()
    _, expected_first = reference(first_half, now)
    expected_sources, expected_all = reference(articles, now)

    workers = []
    for name in ("a", "b"):
        port, _ = free_port_pair()
        workers.append(
            WorkerProcess(kafka_bootstrap, port, tmp_path / name, tmp_path / f"{name}.log", env=env)
        )
    a, b = workers
    try:
        a.start()
        b.start()
        deadline = time.monotonic() + 60  # both in the group, each with some partitions
        while time.monotonic() < deadline:
            parts = [w.get_json("/healthz").get("partitions") for w in workers]
            if all(parts):
                break
            time.sleep(0.5)
        assert all(parts), parts

        run(produce(kafka_bootstrap, articles_topic, first_half))
        assert _wait_counts(a, expected_first, 120) == expected_first  # a answers for b's regions too
        split = [processed(w, articles_topic) for w in workers]
        assert sum(split) == len(first_half) and min(split) > 0, split

        a.stop()  # graceful: b is assigned a's partitions and rebuilds its tables from the changelogs
        run(produce(kafka_bootstrap, articles_topic, second_half))
        served = _wait_counts(b, expected_all, 180)
        diff = {k: (served.get(k), v) for k, v in expected_all.items() if served.get(k) != v}
        assert not diff, _diagnosis(diff, b, articles_topic, tmp_path / "b.log")
        # At-least-once: articles of a's partitions read after a's last commit are read again by b. Their
        # effects are idempotent (the checks above and below); the number is reported, and bounded here.
        again = split[0] + processed(b, articles_topic) - len(articles)
        assert 0 <= again <= len(first_half) // 2, again

        wanted = {x for s in expected_sources for x in s}
        latest, _, _ = run(
            read_committed(
                kafka_bootstrap,
                env["TOCSIN_TOPIC_INCIDENTS"],
                lambda got: {x for r in got.values() for x in r["sources"]} >= wanted,
                60,
            )
        )
        assert sorted(sorted(r["sources"]) for r in latest.values()) == sorted(
            sorted(s) for s in expected_sources
        )
        print(
            f"\nscale-out: split {split}, then 1 worker; {len(articles)} articles ({again} read twice), {len(latest)} incidents, counts equal"
        )
    finally:
        for w in workers:
            w.stop()
