"""Runs `tocsin extract` as users do (a subprocess on article JSONL) and reads its predictions back."""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

from tocsin.evaluation.results import Json, Prediction, RunInfo

_STDERR_TAIL = 2000


def read_jsonl(path: Path, limit: int | None = None) -> list[Json]:
    """Rows of a JSONL file (the first `limit` ones)."""
    rows: list[Json] = []
    with path.open("rb") as fh:
        for line in fh:
            if limit is not None and len(rows) >= limit:
                break
            if line.strip():
                rows.append(orjson.loads(line))
    return rows


def write_jsonl(path: Path, rows: Iterable[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for row in rows:
            fh.write(orjson.dumps(row))
            fh.write(b"\n")


def article(
    article_id: str,
    text: str,
    language: str,
    published: str | None = None,
    url: str | None = None,
) -> Json:
    """One line of the extractor's input, in the shape the CLI contract fixes."""
    return {
        "id": article_id,
        "text": text,
        "language": language,
        "published": published,
        "url": url,
        "title": None,
    }


def run_extractor(command: str, articles: Path, output: Path, log: Path, n_articles: int) -> RunInfo:
    """Run `<command> --input <articles> --output <output>`, timing the whole process (start-up included)."""
    argv = [*shlex.split(command), "--input", str(articles), "--output", str(output)]
    output.unlink(missing_ok=True)
    start = time.perf_counter()
    try:
        with log.open("wb") as err:
            proc = subprocess.run(argv, stdout=err, stderr=subprocess.STDOUT, check=False)
        returncode = proc.returncode
    except OSError as exc:  # command not found, not executable
        log.write_text(f"cannot start {argv!r}: {exc}\n")
        returncode = -1
    seconds = time.perf_counter() - start
    tail = log.read_text(errors="replace")[-_STDERR_TAIL:] if log.exists() else ""
    return RunInfo(articles=n_articles, seconds=seconds, returncode=returncode, stderr_tail=tail)


def read_predictions(path: Path, ids: Sequence[str]) -> tuple[dict[str, Prediction], Json]:
    """Predictions by article id, and a check of the output contract (one line per article, input order).

    Articles with no output line get an empty prediction flagged with an error, so they count as misses.
    """
    wanted = set(ids)
    found: dict[str, Prediction] = {}
    order: list[str] = []
    bad_lines = 0
    unknown = 0
    duplicates = 0
    if path.exists():
        with path.open("rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    row = orjson.loads(line)
                    pid = str(row["id"])
                    incidents = row.get("incidents") or []
                    if not isinstance(incidents, list):
                        raise TypeError("incidents is not a list")
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    bad_lines += 1
                    continue
                if pid not in wanted:
                    unknown += 1
                    continue
                if pid in found:
                    duplicates += 1
                    continue
                error = row.get("error")
                found[pid] = Prediction(
                    pid, [i for i in incidents if isinstance(i, dict)], error and str(error)
                )
                order.append(pid)
    missing = [i for i in ids if i not in found]
    expected_order = [i for i in ids if i in found]
    preds = dict(found)
    for i in missing:
        preds[i] = Prediction(i, [], "no output line")
    contract = {
        "output_exists": path.exists(),
        "lines_matched": len(found),
        "missing": len(missing),
        "missing_ids": missing[:20],
        "unknown_ids": unknown,
        "duplicates": duplicates,
        "bad_lines": bad_lines,
        "in_input_order": order == expected_order,
        "article_errors": sum(1 for p in found.values() if p.error),
        "article_error_examples": [{"id": p.id, "error": p.error} for p in found.values() if p.error][:10],
    }
    return preds, contract
