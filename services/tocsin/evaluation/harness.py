"""Runs each evaluation set end to end: rows → article JSONL → `tocsin extract` → scores → reports."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tocsin.evaluation import canon
from tocsin.evaluation.report import Evaluated, write_reports
from tocsin.evaluation.results import Json, RunInfo, Target
from tocsin.evaluation.runner import read_jsonl, read_predictions, run_extractor, write_jsonl
from tocsin.evaluation.sets import SETS


@dataclass(frozen=True)
class Options:
    eval_dir: Path
    reports_dir: Path
    extract_cmd: str
    sets: tuple[str, ...]
    limit: int | None = None
    predictions_dir: Path | None = None
    repo: Path | None = None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _git_commit(repo: Path | None) -> str | None:
    if repo is None:
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def evaluate_set(name: str, options: Options) -> Evaluated | None:
    """Score one set; None when its data file is absent."""
    spec = SETS[name]
    source = options.eval_dir / spec.file
    if not source.exists():
        _log(f"{name}: {source} not found, skipped")
        return None
    rows = read_jsonl(source, options.limit)
    ids = [str(r["id"]) for r in rows]
    work = options.reports_dir / "eval" / "work"
    work.mkdir(parents=True, exist_ok=True)
    articles = work / f"{name}.articles.jsonl"
    write_jsonl(articles, spec.to_articles(rows))
    if options.predictions_dir is not None:
        predictions = options.predictions_dir / f"{name}.pred.jsonl"
        run = RunInfo(articles=len(rows), rescored_from=str(predictions))
    else:
        predictions = work / f"{name}.pred.jsonl"
        _log(f"{name}: extracting {len(rows)} articles …")
        run = run_extractor(options.extract_cmd, articles, predictions, work / f"{name}.log", len(rows))
    preds, run.contract = read_predictions(predictions, ids)
    result = spec.score(rows, preds)
    write_jsonl(options.reports_dir / "eval" / "errors" / f"{name}.jsonl", result.errors)
    speed = f"{run.seconds:.1f} s, {run.articles_per_second:.1f} articles/s" if run.seconds else "re-scored"
    status = f", exit {run.returncode}" if run.returncode else ""
    _log(f"{name}: {speed}{status}; " + "; ".join(f"{t.name} = {_fmt(t)}" for t in result.targets))
    return Evaluated(spec.file, run, result)


def _fmt(target: Target) -> str:
    if target.value is None:
        return "n/a"
    return str(int(target.value)) if target.kind == "count" else f"{target.value:.3f}"


def run(options: Options) -> tuple[dict[str, Evaluated], Path, Path]:
    """Evaluate the chosen sets and write reports/eval.md and reports/eval.json."""
    evaluated: dict[str, Evaluated] = {}
    for name in options.sets:
        done = evaluate_set(name, options)
        if done is not None:
            evaluated[name] = done
    header: Json = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(options.repo),
        "extract_cmd": options.extract_cmd if options.predictions_dir is None else None,
        "predictions_dir": str(options.predictions_dir) if options.predictions_dir else None,
        "eval_dir": str(options.eval_dir),
        "limit": options.limit,
        "sets_requested": list(options.sets),
        "canonicalisers": canon.availability(),
    }
    md, js = write_reports(options.reports_dir, header, evaluated)
    return evaluated, md, js
