"""SIGKILL a worker in the middle of 2,000 articles and restart it: a committed-read subscriber sees every
incident once (by key: the incidents topic is an upsert stream), no article in two incidents, and the counts
equal those of an uninterrupted run (computed by the same state code over plain dicts).
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

ARTICLES = 2000


def test_sigkill_mid_stream_loses_and_duplicates_nothing(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = names()
    topics = {env[k]: 4 for k in ("TOCSIN_TOPIC_ARTICLES", "TOCSIN_TOPIC_DEADLETTER")}
    run(create_topics(kafka_bootstrap, topics))
    articles = synthetic_articles(ARTICLES)
    t0 = time.monotonic()
    expected_sources, expected_counts = reference(articles, time.time())
    t_ref = time.monotonic() - t0

    port, _ = free_port_pair()
    first = WorkerProcess(
        kafka_bootstrap, port, tmp_path / "data", tmp_path / "worker-1.log", env=env
    ).start()
    try:
        run(produce(kafka_bootstrap, env["TOCSIN_TOPIC_ARTICLES"], articles))
        deadline = time.monotonic() + 120
        while processed(first, env["TOCSIN_TOPIC_ARTICLES"]) < ARTICLES * 0.4 and time.monotonic() < deadline:
            time.sleep(0.2)
        at_kill = processed(first, env["TOCSIN_TOPIC_ARTICLES"])
        assert 0 < at_kill < ARTICLES, f"kill must land mid-stream, processed {at_kill}"
    finally:
        first.kill()

    second = WorkerProcess(
        kafka_bootstrap, port, tmp_path / "data", tmp_path / "worker-2.log", env=env
    ).start()
    try:
        wanted = {a for s in expected_sources for a in s}

        def complete(latest: dict[str, dict[str, Any]]) -> bool:
            have = {a for r in latest.values() for a in r.get("sources", [])}
            return have >= wanted and len(latest) >= len(expected_sources)

        latest, per_key, headers = run(
            read_committed(kafka_bootstrap, env["TOCSIN_TOPIC_INCIDENTS"], complete, 240)
        )
        got_sources = sorted(sorted(r["sources"]) for r in latest.values())
        lost = wanted - {a for s in got_sources for a in s}
        in_two = [a for a in wanted if sum(a in s for s in got_sources) > 1]
        assert not lost, f"{len(lost)} articles lost, e.g. {sorted(lost)[:5]}"
        assert not in_two, f"{len(in_two)} articles in two incidents, e.g. {in_two[:5]}"
        assert got_sources == sorted(sorted(s) for s in expected_sources)
        assert all(dict(h).get("trace-id", b"").startswith(b"trace-syn-") for h in headers), headers

        deadline = time.monotonic() + 60
        served: dict[str, int] = {}
        while time.monotonic() < deadline:
            served = all_counts(second)
            if served == expected_counts:
                break
            time.sleep(1)
        diff = {k: (served.get(k), v) for k, v in expected_counts.items() if served.get(k) != v}
        extra = {k: v for k, v in served.items() if k not in expected_counts}
        assert not diff and not extra, (
            f"count differences {list(diff.items())[:8]} extra {list(extra.items())[:8]}"
        )
        resent = sum(per_key.values()) - len(per_key)
        print(
            f"\nkill test: {ARTICLES} articles, killed after {at_kill:.0f}, {len(latest)} incidents "
            f"({len(wanted)} reports), lost 0, in two incidents 0, count keys {len(expected_counts)} equal; "
            f"{resent} upserts re-sent or updates; reference {t_ref:.1f}s"
        )
    finally:
        second.stop()
