"""Measure the dedup rule on evaluation data read at run time (never copied into the repository).

`python -m tocsin.streaming.dedup_eval [--eval-dir ../shared/eval] [--extract]`

ACLED rows are distinct events (one event id each), so any merge among them is a wrong merge. Two passes:
- gold: the rule applied to the coders' own fields (country, event type, admin1, location, date, actor1);
- extract (--extract): the worker's path — the extractor's incidents of each ACLED note through RegionState
  in file order, counting how many incidents were merged into an incident of another note.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pycountry

from . import dedup


def _rows(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _alpha2(name: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def gold_pass(rows: list[dict[str, Any]]) -> dict[str, int]:
    buckets: dict[str, list[dedup.Key]] = defaultdict(list)
    for row in rows:
        g = row["gold"]
        country = _alpha2(g.get("country") or "")
        if country is None or not g.get("event_date"):
            continue
        key = dedup.Key(
            country=country,
            event_type=g["event_type"],
            admin1=dedup.fold(g.get("admin1")),
            location=dedup.fold(g.get("location")),
            perpetrator=dedup.fold(g.get("actor1")),
            day=date.fromisoformat(g["event_date"]),
            dated=True,
            article=row["id"],
        )
        buckets[f"{country}|{g['event_type']}"].append(key)
    events = sum(len(v) for v in buckets.values())
    pairs = merged_events = 0
    for keys in buckets.values():
        hit: set[str] = set()
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if dedup.same_incident(a, b):
                    pairs += 1
                    hit.update((a.article, b.article))
        merged_events += len(hit)
    return {"events": events, "wrong_pairs": pairs, "events_in_a_wrong_merge": merged_events}


def extract_pass(rows: list[dict[str, Any]]) -> dict[str, int]:
    from ..extraction.pipeline import Extractor
    from ..records import article_from_record, incident_record
    from .state import RegionState, Report
    from .timebasis import event_time, published_ts

    extractor = Extractor()
    state = RegionState({}, {}, {}, {})
    now = time.time()
    offset = reports = 0
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        record = {"id": row["id"], "text": row["text"], "language": row.get("language")}
        article = article_from_record(record)
        for incident in extractor.extract(article).incidents:
            if incident.background or incident.country is None:
                continue
            ts, basis = event_time(article, incident, now)
            out = state.apply(
                Report(incident_record(article, incident), ts, basis, published_ts(article), "v", "t"),
                offset,
                now,
            )
            kinds[out.kind] += 1
            offset += 1
            reports += 1
    return {"incident_reports": reports, **kinds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.streaming.dedup_eval", description=__doc__)
    parser.add_argument(
        "--eval-dir", type=Path, default=Path(__file__).resolve().parents[4] / "shared" / "eval"
    )
    parser.add_argument("--extract", action="store_true")
    args = parser.parse_args(argv)
    rows = _rows(args.eval_dir / "acled_sample.jsonl")
    print("gold", gold_pass(rows))
    if args.extract:
        print("extract", extract_pass(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
