"""The end-to-end and scaling benchmarks' broker paths at smoke sizes on the real broker: every phase drains
and every figure is there. Speed itself is never asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.corpus import builtin_corpus

from bench import e2e, scale


@pytest.mark.timeout(600)
def test_e2e_benchmark_drains_every_phase(kafka_bootstrap: str, tmp_path: Path) -> None:
    result = e2e.run(kafka_bootstrap, builtin_corpus(copies=2), quick=True, out_dir=tmp_path)
    assert (tmp_path / "e2e.json").is_file()
    for kind in ("worker", "passthrough"):
        phases = result[kind]["phases"]
        assert set(phases) == {"5/s", "20/s", "50/s", "flat_out"}
        assert all(p["drained"] for p in phases.values()), phases
    # Every pass-through article is seen; the worker shows the built-in attacks (a third of the corpus).
    raw = result["passthrough"]["phases"]["20/s"]
    assert raw["observed_articles"] == raw["articles"]
    assert result["worker"]["phases"]["flat_out"]["observed_articles"] >= 1
    assert result["worker"]["peak_rss_mb_per_process"]
    assert result["summary"]["max_sustainable_rate"] is not None


@pytest.mark.timeout(600)
def test_scale_benchmark_adds_a_second_worker(kafka_bootstrap: str, tmp_path: Path) -> None:
    result = scale.run(kafka_bootstrap, builtin_corpus(copies=2), quick=True, out_dir=tmp_path)
    workers = result["workers"]
    assert workers["1_worker"]["drained"] and workers["2_workers"]["drained"]
    assert len(workers["peak_rss_mb_per_process"]) == 2
    assert result["core"]["sets"]
