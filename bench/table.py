"""The results table (markdown) from bench/results/*.json: `python -m bench.table [DIR]`.

docs/benchmarks.md and the README quote this table; regenerate it after `make bench` rather than editing numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from .common import RESULTS

Json = dict[str, Any]


def _read(directory: Path, name: str) -> Json | None:
    path = directory / f"{name}.json"
    return orjson.loads(path.read_bytes()) if path.is_file() else None


def _ok(flag: bool | None) -> str:
    return "—" if flag is None else ("met" if flag else "**missed**")


def rows(directory: Path) -> list[tuple[str, str, str, str, str]]:
    """(figure, value, target, ratio, status)."""
    out: list[tuple[str, str, str, str, str]] = []
    core, e2e, scale = (_read(directory, n) for n in ("core", "e2e", "scale"))
    if core:
        one, batch, same, full = core["core_one"], core["core_batch"], core["bare_same"], core["bare_full"]
        r = core["ratios"]
        out += [
            (
                "core, one article at a time (worker path)",
                f"{one['articles_per_s']} art/s, {one['tokens_per_s']:.0f} tok/s",
                ">= 1.5x bare nlp.pipe",
                f"{r['core_one_vs_bare_same']}x same pipes, {r['core_one_vs_bare_full']}x full",
                _ok(r["core_one_vs_bare_same"] >= 1.5),
            ),
            (
                f"core, extract_many (batch {batch['batch_size']})",
                f"{batch['articles_per_s']} art/s, {batch['tokens_per_s']:.0f} tok/s",
                ">= 1.5x bare nlp.pipe",
                f"{r['core_batch_vs_bare_same']}x same pipes, {r['core_batch_vs_bare_full']}x full",
                _ok(r["core_batch_vs_bare_same"] >= 1.5),
            ),
            (
                f"bare nlp.pipe, core's pipelines (tok2vec+ner, batch {same['batch_size']})",
                f"{same['articles_per_s']} art/s, {same['tokens_per_s']:.0f} tok/s",
                "baseline",
                "1x",
                "—",
            ),
            (
                f"bare nlp.pipe, full default pipelines (batch {full['batch_size']})",
                f"{full['articles_per_s']} art/s, {full['tokens_per_s']:.0f} tok/s",
                "baseline",
                f"{round(full['articles_per_s'] / same['articles_per_s'], 2)}x",
                "—",
            ),
            (
                "core per-article latency p50 / p99",
                f"{one['latency']['p50_ms']} / {one['latency']['p99_ms']} ms",
                "—",
                "—",
                "—",
            ),
            (
                "core peak RSS (one process, both languages)",
                f"{one['peak_rss_mb']} MB",
                "<= 800 MB",
                f"bare same {same['peak_rss_mb']} MB, full {full['peak_rss_mb']} MB",
                _ok(one["peak_rss_mb"] <= 800),
            ),
        ]
    if e2e:
        w, p = e2e["worker"]["phases"], e2e["passthrough"]["phases"]
        inline = e2e.get("worker_inline", {}).get("phases", {})
        for phase in ("5/s", "20/s", "50/s", "flat_out"):
            if phase not in w or phase not in p:
                continue
            lw, lp = w[phase]["latency"], p[phase]["latency"]
            target = "p99 <= 500 ms" if phase == "20/s" else ("keeps up" if phase == "50/s" else "—")
            status = (
                _ok(lw["p99_ms"] is not None and lw["p99_ms"] <= 500)
                if phase == "20/s"
                else (_ok(w[phase]["kept_up"]) if phase == "50/s" else "—")
            )
            out.append(
                (
                    f"e2e latency at {phase.replace('_', ' ')} (produce → incident)",
                    f"p50 {lw['p50_ms']} / p99 {lw['p99_ms']} ms, drained in {w[phase]['drain_seconds']} s",
                    target,
                    f"pass-through p50 {lp['p50_ms']} / p99 {lp['p99_ms']} ms"
                    + (
                        f"; extraction on the event loop: p50 {li['p50_ms']} / p99 {li['p99_ms']} ms"
                        if (li := inline.get(phase, {}).get("latency"))
                        else ""
                    ),
                    status,
                )
            )
        s = e2e["summary"]
        if "error" in s:
            out.append(("e2e", s["error"], "—", "—", "**failed**"))
            s = {}
    if e2e and e2e["summary"].get("max_sustainable_rate") is not None:
        s = e2e["summary"]
        out.append(
            (
                "e2e max sustainable rate (flat out, 1 worker)",
                f"{s['max_sustainable_rate']} art/s",
                ">= 50 art/s",
                f"{s['worker_vs_passthrough_rate']}x broker pass-through ({s['broker_passthrough_rate']} art/s)"
                + (
                    f"; extraction on the event loop: {s['inline_max_sustainable_rate']} art/s"
                    if s.get("inline_max_sustainable_rate")
                    else ""
                ),
                _ok(bool(s["max_sustainable_rate"] and s["max_sustainable_rate"] >= 50)),
            )
        )
        pss = s.get("worker_peak_pss_mb")
        memory = pss if pss is not None else s["worker_peak_rss_mb"]
        out.append(
            (
                "worker peak memory (PSS of the worker + its extraction processes)",
                f"{memory} MB",
                "<= 800 MB",
                f"RSS summed per process: {s['worker_peak_rss_mb']} MB (shared model pages counted per process)",
                _ok(memory <= 800),
            )
        )
    if scale and "workers" in scale:
        sw = scale["workers"]
        out.append(
            (
                "2 workers vs 1 (flat out)",
                f"{sw['1_worker']['throughput']} → {sw.get('2_workers', {}).get('throughput')} art/s",
                "—",
                f"{sw['speedup']}x",
                "—",
            )
        )
    if scale:
        sets = scale["core"]["sets"]
        out.append(
            (
                "core art/s by length / by relevant share",
                ", ".join(f"{k}: {v['articles_per_s']}" for k, v in sets.items()),
                "—",
                "—",
                "—",
            )
        )
    return out


def markdown(directory: Path = RESULTS) -> str:
    lines = ["| figure | value | target | ratio / baseline | status |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows(directory)]
    loads = []
    for name in ("core", "e2e", "scale"):
        data = _read(directory, name)
        if data:
            loads.append(
                f"{name}: load {data['load_before']['1m']} → {data['load_after']['1m']} "
                f"({data['machine']['cpus']} CPUs, {data['started_at']}, commit {data['machine']['git_commit']})"
            )
    return "\n".join(lines) + "\n\n" + "; ".join(loads) + "\n"


if __name__ == "__main__":
    print(markdown(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS), end="")
