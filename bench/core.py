"""Core benchmark: the extraction core against bare spaCy `nlp.pipe` over the same texts, in the same run.

Measured, each in a fresh process (so each peak RSS is its own):
- bare spaCy, the pipelines the core loads (`tocsin.extraction.nlp.pipeline(lang)`, same excluded components),
- bare spaCy, the full default pipelines (`spacy.load(name)`),
both over the *full* article texts with `nlp.pipe` (batch size stated), grouped by language;
- the core as the worker calls it: `decode_article(bytes)` then `Extractor.extract(article)`, one article at a time
  (per-article latency p50/p99),
- the core batched: `Extractor.extract_many` (as `tocsin extract` does),
- a pyinstrument profile of the one-at-a-time path (text and HTML under bench/results/).
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import orjson

from .common import (
    REPO,
    RESULTS,
    Json,
    envelope,
    in_child,
    latency_summary,
    log,
    self_peak_rss_mb,
    write_result,
)
from .corpus import Corpus, Record, load_corpus

BARE_BATCH_SIZE = 64


# -- measurements (run in child processes) ------------------------------------------------------------------
def bare_spacy(records: list[Record], variant: str, batch_size: int = BARE_BATCH_SIZE) -> Json:
    """nlp.pipe over the full texts, per language; variant "same" (the core's pipelines) or "full" (defaults)."""
    import spacy

    from tocsin.extraction.nlp import PIPELINES
    from tocsin.extraction.nlp import pipeline as core_pipeline

    by_lang: dict[str, list[str]] = defaultdict(list)
    for r in records:
        by_lang[r["language"]].append(r["text"])
    t0 = time.perf_counter()
    nlps = {
        lang: core_pipeline(lang) if variant == "same" else spacy.load(PIPELINES[lang]) for lang in by_lang
    }
    for nlp in nlps.values():
        nlp("Warm up.")
    load_seconds = time.perf_counter() - t0
    tokens = 0
    start = time.perf_counter()
    for lang, texts in by_lang.items():
        for doc in nlps[lang].pipe(texts, batch_size=batch_size):
            tokens += len(doc)
    seconds = time.perf_counter() - start
    return {
        "variant": variant,
        "components": {lang: list(nlp.pipe_names) for lang, nlp in nlps.items()},
        "batch_size": batch_size,
        "articles": len(records),
        "tokens": tokens,
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(records) / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "load_seconds": round(load_seconds, 2),
        "peak_rss_mb": self_peak_rss_mb(),
    }


def _load_extractor() -> Any:
    from tocsin.extraction.pipeline import Extractor
    from tocsin.streaming.warmup import warm_up

    extractor = Extractor()
    warm_up(extractor)  # both spaCy pipelines loaded, as the worker does before joining its group
    return extractor


def extractor_run(records: list[Record], mode: str) -> Json:
    """The core on every record: mode "one" (decode + extract, article by article) or "batch" (extract_many)."""
    from tocsin.records import Rejection, decode_article

    t0 = time.perf_counter()
    extractor = _load_extractor()
    load_seconds = time.perf_counter() - t0
    raws = [orjson.dumps(r) for r in records]
    reasons: Counter[str] = Counter()
    incidents = 0
    latencies: list[float] = []
    start = time.perf_counter()
    if mode == "one":
        for raw in raws:
            t = time.perf_counter()
            try:
                result = extractor.extract(decode_article(raw))
            except (Rejection, ValueError) as exc:  # UnsupportedLanguage is a ValueError
                reasons[f"rejected:{type(exc).__name__}"] += 1
                latencies.append(time.perf_counter() - t)
                continue
            latencies.append(time.perf_counter() - t)
            reasons[result.reason or "incident"] += 1
            incidents += len(result.incidents)
    else:
        articles = [decode_article(raw) for raw in raws]
        for result in extractor.extract_many(articles):
            reasons[result.reason or "incident"] += 1
            incidents += len(result.incidents)
    seconds = time.perf_counter() - start
    out: Json = {
        "mode": mode,
        "batch_size": extractor.batch_size if mode == "batch" else 1,
        "articles": len(records),
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(records) / seconds, 2),
        "chars_per_s": round(sum(len(r["text"]) for r in records) / seconds),
        "reasons": dict(sorted(reasons.items())),
        "incidents": incidents,
        "load_seconds": round(load_seconds, 2),
        "peak_rss_mb": self_peak_rss_mb(),
    }
    if mode == "one":
        out["latency"] = latency_summary(latencies)
    return out


def relevance(records: list[Record]) -> list[bool]:
    """Per record: did the gate send it to spaCy (i.e. not rejected as not_relevant or sport)?"""
    from tocsin.records import decode_article

    extractor = _load_extractor()
    flags = []
    for r in records:
        result = extractor.extract(decode_article(orjson.dumps(r)))
        flags.append(result.reason not in ("not_relevant", "sport"))
    return flags


def throughput_sets(sets: dict[str, list[Record]]) -> dict[str, Json]:
    """articles/s of the one-at-a-time path over several small corpora, models loaded once."""
    from tocsin.records import decode_article

    extractor = _load_extractor()
    out: dict[str, Json] = {}
    for name, records in sets.items():
        raws = [orjson.dumps(r) for r in records]
        start = time.perf_counter()
        for raw in raws:
            extractor.extract(decode_article(raw))
        seconds = time.perf_counter() - start
        chars = sum(len(r["text"]) for r in records)
        out[name] = {
            "articles": len(records),
            "mean_chars": round(chars / max(1, len(records))),
            "seconds": round(seconds, 3),
            "articles_per_s": round(len(records) / seconds, 2),
            "chars_per_s": round(chars / seconds),
        }
    return out


def profile_run(records: list[Record], out_dir: str) -> Json:
    """pyinstrument over the one-at-a-time path; writes core_profile.txt / .html; returns where time goes."""
    from pyinstrument import Profiler

    from tocsin.records import decode_article

    extractor = _load_extractor()
    raws = [orjson.dumps(r) for r in records]
    profiler = Profiler(interval=0.001)
    profiler.start()
    for raw in raws:
        extractor.extract(decode_article(raw))
    session = profiler.stop()
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "core_profile.txt").write_text(profiler.output_text(unicode=True, color=False))
    (directory / "core_profile.html").write_text(profiler.output_html())
    root = session.root_frame()
    return {"total_seconds": round(session.duration, 3), **where_time_goes(root)}


def _label(frame: Any) -> tuple[str, str]:
    """(library bucket, tocsin function label or '') for a pyinstrument frame."""
    path = (frame.file_path or "").replace("\\", "/")
    if "/tocsin/" in path:
        module = path.split("/tocsin/", 1)[1].removesuffix(".py").replace("/", ".")
        return "tocsin", f"tocsin.{module}:{frame.function}:{frame.line_no}"
    for lib in ("spacy", "thinc", "orjson", "jsonschema", "referencing", "py3langid", "numpy"):
        if re.search(rf"(?:^|/){lib}[/.]", path):
            return lib, ""
    if "site-packages" in path:
        return "other libraries", ""
    return "python", ""


def where_time_goes(root: Any, top: int = 10) -> Json:
    """Self time by library, and by the nearest tocsin function (callees outside tocsin and spaCy folded in;
    everything under a spaCy/thinc frame counted as spaCy)."""
    by_lib: Counter[str] = Counter()
    by_fn: Counter[str] = Counter()
    native = "native code with no Python frame (thinc/numpy kernels)"
    stack: list[tuple[Any, str, bool, str]] = [(root, native, False, "native")]
    while stack:
        frame, owner, in_spacy, lib = stack.pop()
        if not frame.is_synthetic:  # "[self]" / "[await]" leaves: time spent in their parent's own code
            lib, label = _label(frame)
            in_spacy = in_spacy or lib in ("spacy", "thinc")
            if label and not in_spacy:
                owner = label
        self_time = frame.time - sum(c.time for c in frame.children)
        by_lib["spacy+thinc" if in_spacy else lib] += self_time
        by_fn["spaCy nlp.pipe (tok2vec+ner)" if in_spacy else owner] += self_time
        stack.extend((c, owner, in_spacy, lib) for c in frame.children)
    total = sum(by_lib.values()) or 1.0

    def rows(counter: Counter[str]) -> list[Json]:
        return [
            {"where": k, "seconds": round(v, 3), "share": round(v / total, 3)}
            for k, v in counter.most_common(top)
        ]

    return {"by_library": rows(by_lib), "by_function": rows(by_fn)}


# -- orchestration --------------------------------------------------------------------------------------------
def quality_snapshot(repo: Path) -> Json:
    """The last `make eval` figures (reports/eval.json), so speed and quality are read side by side."""
    path = repo / "reports" / "eval.json"
    if not path.is_file():
        return {"available": False, "note": "run `make eval` to get quality figures"}
    data = orjson.loads(path.read_bytes())
    return {
        "available": True,
        "generated_at": data.get("generated_at"),
        "git_commit": data.get("git_commit"),
        "sets": data.get("sets_requested"),
        "targets_met": f"{data.get('targets_met')}/{data.get('targets_total')}",
        "targets": [
            {"name": f"{t['set']}: {t['name']}", "value": round(t["value"], 3), "met": t["met"]}
            for t in data.get("targets", [])
        ],
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("nan")


def run(corpus: Corpus, out_dir: Path = RESULTS, profile: bool = True, name: str = "core") -> Json:
    result = envelope(name, {"bare_batch_size": BARE_BATCH_SIZE, "profile": profile})
    result["corpus"] = corpus.describe()
    if corpus.source == "builtin":
        result["corpus"]["note"] = "../shared/eval not found: tiny built-in corpus, figures not comparable"
    records = corpus.records
    log(f"core: {len(records)} articles, {corpus.chars} chars ({corpus.source})")
    steps: dict[str, Json] = {}
    for key, fn, mode in (
        ("bare_same", bare_spacy, "same"),
        ("bare_full", bare_spacy, "full"),
        ("core_one", extractor_run, "one"),
        ("core_batch", extractor_run, "batch"),
    ):
        log(f"core: {key} ...")
        steps[key] = {**in_child(fn, records, mode), "load_1m": round(os.getloadavg()[0], 2)}
        log(f"core: {key}: {steps[key]['articles_per_s']} articles/s")
    tokens = steps["bare_same"]["tokens"]
    for key in ("core_one", "core_batch"):
        steps[key]["tokens_per_s"] = round(tokens / steps[key]["seconds"], 1)
    result.update(steps)
    reasons = steps["core_one"]["reasons"]
    relevant = sum(v for k, v in reasons.items() if k not in ("not_relevant", "sport"))
    result["corpus"]["relevant_share"] = round(relevant / max(1, len(records)), 3)
    result["ratios"] = {
        "core_one_vs_bare_same": _ratio(
            steps["core_one"]["articles_per_s"], steps["bare_same"]["articles_per_s"]
        ),
        "core_one_vs_bare_full": _ratio(
            steps["core_one"]["articles_per_s"], steps["bare_full"]["articles_per_s"]
        ),
        "core_batch_vs_bare_same": _ratio(
            steps["core_batch"]["articles_per_s"], steps["bare_same"]["articles_per_s"]
        ),
        "core_batch_vs_bare_full": _ratio(
            steps["core_batch"]["articles_per_s"], steps["bare_full"]["articles_per_s"]
        ),
    }
    result["targets"] = {
        "throughput_vs_bare_same >= 1.5": result["ratios"]["core_one_vs_bare_same"] >= 1.5,
        "peak_rss_mb <= 800": steps["core_one"]["peak_rss_mb"] <= 800,
    }
    if profile:
        log("core: profile (pyinstrument) ...")
        result["profile"] = in_child(profile_run, records, str(out_dir))
        result["profile"]["files"] = ["bench/results/core_profile.txt", "bench/results/core_profile.html"]
    result["quality"] = quality_snapshot(REPO)
    path = write_result(name, result, out_dir)
    log(f"core: wrote {path}")
    return result


def default_corpus(eval_dir: Path, quick: bool) -> Corpus:
    return load_corpus(eval_dir, n_fr=30, n_en=20) if quick else load_corpus(eval_dir, n_fr=150, n_en=100)
