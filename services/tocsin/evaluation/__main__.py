"""`python -m tocsin.evaluation`: score `tocsin extract` on ../shared/eval, write reports/eval.{md,json}."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tocsin.evaluation.harness import Options, run
from tocsin.evaluation.sets import SETS


def repo_root() -> Path:
    """The checkout this package lives in (editable install), else the working directory."""
    candidate = Path(__file__).resolve().parents[3]
    return candidate if (candidate / "pyproject.toml").exists() else Path.cwd()


def parse_args(argv: Sequence[str] | None = None) -> Options:
    repo = repo_root()
    parser = argparse.ArgumentParser(prog="python -m tocsin.evaluation", description=__doc__)
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=repo.parent / "shared" / "eval",
        help="folder of the evaluation JSONL files (default: <repo>/../shared/eval)",
    )
    parser.add_argument(
        "--reports-dir",
        type=Path,
        default=repo / "reports",
        help="where eval.md, eval.json and eval/{work,errors}/ go (default: <repo>/reports)",
    )
    parser.add_argument(
        "--extract-cmd",
        default=f"{repo / '.venv' / 'bin' / 'tocsin'} extract",
        help="extractor command; --input and --output are appended",
    )
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated subset of {','.join(SETS)}")
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each set (quick runs)")
    parser.add_argument(
        "--predictions-dir",
        type=Path,
        default=None,
        help="re-score existing <set>.pred.jsonl files from this folder instead of extracting",
    )
    args = parser.parse_args(argv)
    sets = tuple(s.strip() for s in args.sets.split(",") if s.strip())
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return Options(
        eval_dir=args.eval_dir,
        reports_dir=args.reports_dir,
        extract_cmd=args.extract_cmd,
        sets=sets,
        limit=args.limit,
        predictions_dir=args.predictions_dir,
        repo=repo,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 1 when an extractor run failed or no set could be read; missed targets are reported, not fatal."""
    options = parse_args(argv)
    evaluated, md, js = run(options)
    print(f"wrote {md} and {js}", file=sys.stderr)
    failed = [name for name, e in evaluated.items() if e.run.returncode not in (None, 0)]
    if failed:
        print(f"extractor failed on: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or not evaluated else 0


if __name__ == "__main__":
    sys.exit(main())
