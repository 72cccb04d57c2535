"""Smoke test of the core benchmark's code paths on the tiny built-in corpus: the result file has every figure
and the ratios are computed from them. Speed itself is never asserted."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from bench.common import latency_summary, percentile
from bench.corpus import builtin_corpus, load_corpus
from bench.scale import length_sets, share_sets

from bench import core


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) is None
    assert latency_summary([0.010, 0.020])["p99_ms"] == 20.0


def test_missing_eval_dir_falls_back_to_builtin(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path / "nowhere")
    assert corpus.source == "builtin"
    assert {r["language"] for r in corpus.records} == {"fr", "en"}


def test_scaling_sets_have_the_asked_lengths_and_shares() -> None:
    records = builtin_corpus(copies=2).records
    longer = [{**r, "text": " ".join([r["text"]] * 12)} for r in records]
    sets = length_sets(longer, n=4)
    assert len(sets["length<=1000"]) == 4
    assert all(900 <= len(r["text"]) <= 1000 for r in sets["length<=1000"])
    assert "length<=10000" not in sets  # no article that long: no empty set
    flags = [i % 2 == 0 for i in range(len(records))]
    shares = share_sets(records, flags, n=4)
    relevant_ids = {r["id"] for r, f in zip(records, flags, strict=True) if f}
    assert sum(r["id"] in relevant_ids for r in shares["relevant=50%"]) == 2
    assert not any(r["id"] in relevant_ids for r in shares["relevant=0%"])


@pytest.mark.timeout(300)
def test_core_benchmark_writes_every_figure(tmp_path: Path) -> None:
    corpus = builtin_corpus(copies=1)
    result = core.run(corpus, tmp_path, profile=True, name="core-smoke")
    saved = orjson.loads((tmp_path / "core-smoke.json").read_bytes())
    assert saved["corpus"]["source"] == "builtin" and "note" in saved["corpus"]
    for key in ("bare_same", "bare_full", "core_one", "core_batch"):
        assert saved[key]["articles"] == len(corpus.records)
        assert saved[key]["peak_rss_mb"] > 0
    assert saved["bare_same"]["components"]["fr"] == ["tok2vec", "ner"]
    assert "parser" in saved["bare_full"]["components"]["en"]
    # The built-in corpus has two attacks: the core finds incidents and rejects the ordinary news.
    assert saved["core_one"]["reasons"].get("incident", 0) >= 1
    assert saved["core_one"]["reasons"].get("not_relevant", 0) >= 1
    assert saved["core_one"]["latency"]["n"] == len(corpus.records)
    expected = round(saved["core_one"]["articles_per_s"] / saved["bare_same"]["articles_per_s"], 2)
    assert saved["ratios"]["core_one_vs_bare_same"] == expected
    assert set(saved["load_before"]) == {"1m", "5m", "15m"}
    assert (tmp_path / "core_profile.txt").read_text().strip()
    assert result["profile"]["by_function"]
