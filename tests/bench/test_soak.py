"""The soak run's pure parts: arguments, the article stream, /metrics parsing, per-interval rows and the memory
verdict. The run itself (broker, worker, timing) is `make soak`, never part of the test suite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bench.soak import (
    DEFAULT_RATE,
    interval_latencies,
    memory_growth,
    parse,
    parse_metrics,
    rss_slope_mb_per_hour,
    sample_row,
    sample_times,
    shifted_published,
    soak_record,
    summarize,
    table,
)

from tocsin.streaming.metrics import Metrics

ARTICLES = "bench.articles.abc"


def test_defaults_and_options() -> None:
    args = parse([])
    assert (args.minutes, args.rate, args.sample_s, args.warmup_minutes) == (20.0, DEFAULT_RATE, 60.0, 3.0)
    assert args.out.name == "soak.json"
    args = parse(["--minutes", "3", "--warmup-minutes", "1", "--sample-s", "30", "--out", "/tmp/s.json"])
    assert (args.minutes, args.warmup_minutes, args.sample_s, args.out) == (
        3.0,
        1.0,
        30.0,
        Path("/tmp/s.json"),
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--minutes", "2", "--warmup-minutes", "2"],  # nothing left after the warm-up
        ["--rate", "0"],
        ["--sample-s", "-5"],
        ["--minutes", "1", "--sample-s", "90"],
        ["--out", "soak.txt"],
    ],
)
def test_bad_arguments_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(argv)


def test_sample_times_end_on_the_last_second() -> None:
    assert sample_times(180, 60) == [60, 120, 180]
    assert sample_times(150, 60) == [60, 120, 150]


def test_each_pass_moves_the_publication_a_week_back() -> None:
    assert shifted_published("2024-03-05", 0) == "2024-03-05"
    assert shifted_published("2024-03-05", 2) == "2024-02-20"
    assert shifted_published(None, 3) is None
    assert shifted_published("soon", 1) == "soon"


def test_soak_records_have_fresh_ids_and_shifted_dates() -> None:
    corpus: list[dict[str, Any]] = [
        {"id": "a", "text": "x", "language": "en", "published": "2024-03-05"},
        {"id": "b", "text": "y", "language": "fr", "published": None},
    ]
    stream = [soak_record(corpus, i, "run1") for i in range(5)]
    assert len({r["id"] for r in stream}) == 5
    assert [r["text"] for r in stream] == ["x", "y", "x", "y", "x"]
    assert [r["published"] for r in stream[::2]] == ["2024-03-05", "2024-02-27", "2024-02-20"]
    assert corpus[0]["id"] == "a"  # the corpus itself is not changed


def test_metrics_are_read_from_the_workers_own_format() -> None:
    metrics = Metrics(lambda: [(ARTICLES, 0, 3), (ARTICLES, 1, 2), ("bench.region-events.abc", 0, 7)])
    metrics.messages_in.labels(ARTICLES).inc(40)
    metrics.messages_in.labels("bench.region-events.abc").inc(9)
    metrics.deadletters.labels("timeout").inc(2)
    metrics.incidents.labels("new").inc(5)
    metrics.tracked.set(11)
    parsed = parse_metrics(metrics.render().decode(), ARTICLES)
    assert parsed["messages_in"] == 40
    assert parsed["deadletters"] == {"timeout": 2}
    assert parsed["incidents"] == {"new": 5}
    assert (parsed["lag_articles"], parsed["lag"], parsed["tracked"]) == (5, 12, 11)


def test_latencies_are_those_first_seen_in_the_interval() -> None:
    sent = {"a": 0.0, "b": 1.0, "c": 2.0}
    received = {"a": 0.5, "b": 11.0, "c": 20.0, "sentinel": 3.0}
    assert interval_latencies(sent, received, 0.0, 10.0) == [0.5]
    assert interval_latencies(sent, received, 10.0, 20.0) == [10.0]  # end excluded: c is the next interval's


def _snapshot(
    t: float, sent: int, messages_in: float, rss: float | None, dead: float = 0.0
) -> dict[str, Any]:
    metrics = {
        "messages_in": messages_in,
        "deadletters": {"timeout": dead},
        "incidents": {"new": 1.0},
        "lag": 4.0,
        "lag_articles": 3.0,
        "tracked": 2.0,
    }
    return {
        "t": t,
        "abs": 1000 + t,
        "sent": sent,
        "metrics": metrics,
        "metrics_base": 4.0,  # the warm-up sentinels
        "rss_mb": rss,
        "cpu_s": t / 4,
        "load_1m": 1.5,
    }


def test_a_row_is_the_difference_of_two_snapshots() -> None:
    row = sample_row(
        _snapshot(60, 600, 590, 500.0), _snapshot(120, 1200, 1180, 505.0, dead=1), [0.1, 0.2], [0.01]
    )
    assert (row["sent"], row["sent_total"], row["input_rate"]) == (600, 1200, 10.0)
    assert (row["processed"], row["processed_total"], row["backlog"]) == (590, 1176, 24)
    assert (row["consumer_lag"], row["dead_letters"], row["cpu_cores"]) == (3.0, 1, 0.25)
    assert row["latency"]["n"] == 2 and row["latency"]["p99_ms"] == 200.0
    assert row["receipt_latency"]["p50_ms"] == 10.0
    assert row["rss_mb"] == 505.0


def test_a_row_survives_an_unanswered_metrics_request() -> None:
    prev = {**_snapshot(0, 0, 4, 500.0), "metrics": None}
    row = sample_row(prev, _snapshot(60, 600, 590, 501.0), [], [])
    assert row["processed"] is None and row["dead_letters"] is None
    assert row["processed_total"] == 586 and row["latency"]["p50_ms"] is None


def _series(rss: list[float | None], every: float = 60.0) -> list[dict[str, Any]]:
    return [
        {"t_s": i * every, "rss_mb": r, "sent_total": 600 * i, "dead_letters": 0, "processed_total": 600 * i}
        for i, r in enumerate(rss)
    ]


def test_growth_is_measured_from_the_end_of_the_warmup() -> None:
    # 0..2 min warm-up (spaCy pipelines loading); baseline at 3 min = 500 MB, last = 520 MB: +4 %.
    growth = memory_growth(_series([300.0, 450.0, 490.0, 500.0, 510.0, 520.0]), warmup_s=180)
    assert (growth["baseline_t_s"], growth["baseline_mb"], growth["last_mb"]) == (180, 500.0, 520.0)
    assert growth["growth"] == 0.04 and growth["passed"] is True
    assert growth["slope_mb_per_hour"] == 600.0  # 10 MB a minute


def test_growth_over_the_limit_fails_and_unmeasured_samples_are_skipped() -> None:
    growth = memory_growth(_series([300.0, 400.0, None, 420.0]), warmup_s=60)
    assert (growth["baseline_mb"], growth["last_mb"], growth["growth"]) == (400.0, 420.0, 0.05)
    assert growth["passed"] is False  # the limit itself is not "under 5 %"


def test_no_growth_figure_without_two_samples_after_the_warmup() -> None:
    assert memory_growth(_series([300.0, 400.0]), warmup_s=60)["passed"] is None
    assert rss_slope_mb_per_hour(_series([400.0])) is None


def test_summary_and_table() -> None:
    samples = [
        {
            **row,
            "sent": 600,
            "processed": 600,
            "backlog": 0,
            "consumer_lag": 1.0,
            "latency": {"n": 3, "p50_ms": 50.0, "p99_ms": 300.0, "max_ms": 310.0},
            "cpu_cores": 0.3,
            "load_1m": 2.0,
            "dead_letters_by_reason": {"timeout": 0.0},
        }
        for row in _series([300.0, 500.0, 505.0])
    ]
    summary = summarize(samples, warmup_s=60, rate=10.0)
    assert (summary["articles_sent"], summary["articles_processed"], summary["rss_mb_max_sampled"]) == (
        1200,
        1200,
        505.0,
    )
    assert summary["memory_growth_after_warmup"]["growth"] == 0.01
    lines = table(samples).splitlines()
    assert len(lines) == 4 and lines[0].split()[:3] == ["t_s", "sent", "proc"]
    assert lines[-1].split()[0] == "120"
