"""Writes reports/eval.md (tables for people) and reports/eval.json (every number)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.results import Json, RunInfo, SetResult, Target


@dataclass(frozen=True)
class Evaluated:
    """One set's run and scores, with the data file it came from."""

    file: str
    run: RunInfo
    result: SetResult


def _target_value(target: Target) -> str:
    if target.value is None:
        return "n/a"
    return str(int(target.value)) if target.kind == "count" else num(target.value)


def targets_table(targets: list[Target]) -> list[str]:
    rows = [
        [t.set, t.name, _target_value(t), f"{t.op} {_threshold(t)}", "met" if t.met else "**missed**"]
        for t in targets
    ]
    return table(["set", "target", "value", "goal", "status"], rows)


def _threshold(target: Target) -> str:
    return str(int(target.threshold)) if target.kind == "count" else f"{target.threshold:.2f}"


def _contract_note(run: RunInfo) -> str:
    c = run.contract
    issues = []
    if not c.get("output_exists", True):
        issues.append("no output file")
    if c.get("missing"):
        issues.append(f"{c['missing']} missing lines")
    if c.get("bad_lines"):
        issues.append(f"{c['bad_lines']} bad lines")
    if c.get("duplicates"):
        issues.append(f"{c['duplicates']} duplicate ids")
    if c.get("unknown_ids") and not run.rescored_from:
        issues.append(f"{c['unknown_ids']} unknown ids")
    if c and not c.get("in_input_order", True):
        issues.append("out of input order")
    return ", ".join(issues) or "ok"


def render_markdown(header: Json, evaluated: dict[str, Evaluated]) -> str:
    targets = [t for e in evaluated.values() for t in e.result.targets]
    met = sum(t.met for t in targets)
    lines = [
        "# Tocsin evaluation",
        "",
        f"Generated {header['generated_at']} · commit `{header.get('git_commit') or 'n/a'}` · extractor "
        f"`{header['extract_cmd']}` · data `{header['eval_dir']}`"
        + (f" · **limit {header['limit']} rows per set (partial run)**" if header.get("limit") else ""),
        "",
        "Canonicalisers from the core (else folded-string compare): "
        + ", ".join(f"`{k}` {'yes' if v else 'no'}" for k, v in header.get("canonicalisers", {}).items()),
        "",
        f"## Targets ({met} of {len(targets)} met)",
        "",
        *targets_table(targets),
        "",
        "## Runs",
        "",
        *table(
            ["set", "file", "articles", "seconds", "articles/s", "exit", "output contract", "article errors"],
            [
                [
                    name,
                    e.file,
                    e.run.articles,
                    num(e.run.seconds, 1)
                    if e.run.seconds is not None
                    else f"re-scored from {e.run.rescored_from}",
                    num(e.run.articles_per_second, 1),
                    e.run.returncode if e.run.returncode is not None else "",
                    _contract_note(e.run),
                    e.run.contract.get("article_errors", 0),
                ]
                for name, e in evaluated.items()
            ],
        ),
        "",
        "Seconds are wall time of one `tocsin extract` process per set, model loading included.",
        "Mismatches per set: `reports/eval/errors/<set>.jsonl` (id, field, gold, predicted, evidence).",
    ]
    for name, e in evaluated.items():
        lines += ["", f"## {e.result.title} — `{name}` ({e.file})", ""]
        if e.run.returncode not in (None, 0):
            lines += [
                f"**The extractor exited with {e.run.returncode}.** Last output:",
                "",
                "```",
                e.run.stderr_tail.strip(),
                "```",
                "",
            ]
        lines += e.result.markdown
    return "\n".join(lines) + "\n"


def render_json(header: Json, evaluated: dict[str, Evaluated]) -> Json:
    targets = [t for e in evaluated.values() for t in e.result.targets]
    sets: dict[str, Any] = {
        name: {"title": e.result.title, "file": e.file, "run": e.run.to_json(), "metrics": e.result.metrics}
        for name, e in evaluated.items()
    }
    return {
        **header,
        "targets_met": sum(t.met for t in targets),
        "targets_total": len(targets),
        "targets": [t.to_json() for t in targets],
        "sets": sets,
    }


def write_reports(reports_dir: Path, header: Json, evaluated: dict[str, Evaluated]) -> tuple[Path, Path]:
    reports_dir.mkdir(parents=True, exist_ok=True)
    md_path, json_path = reports_dir / "eval.md", reports_dir / "eval.json"
    md_path.write_text(render_markdown(header, evaluated), encoding="utf-8")
    json_path.write_bytes(
        orjson.dumps(render_json(header, evaluated), option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    )
    return md_path, json_path
