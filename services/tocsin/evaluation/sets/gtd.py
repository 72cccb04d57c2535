"""gtd_sample.jsonl: GTD summaries (every row an attack); recall, then place, toll, perpetrator and claim."""

from __future__ import annotations

import re

from tocsin.evaluation import canon
from tocsin.evaluation.fields import as_int
from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.metrics import Accuracies
from tocsin.evaluation.results import Json, Prediction, SetResult, Target, error_row, evidence_text
from tocsin.evaluation.runner import article

NAME = "gtd"
FILE = "gtd_sample.jsonl"
TITLE = "GTD 2021 H1 summaries (terrorist attacks)"

_DATE_PREFIX = re.compile(r"^\d\d/\d\d/\d{4}: ")


def to_articles(rows: list[Json]) -> list[Json]:
    """Summary without its "MM/DD/YYYY: " prefix (the gold date must not leak); published null."""
    return [article(r["id"], _DATE_PREFIX.sub("", r["text"]), r.get("language") or "en") for r in rows]


def _claimed(value: object) -> bool | None:
    """GTD `claimed`: 1 yes, 0 no; -9 or missing unknown (skipped)."""
    n = as_int(value)
    return None if n is None or n < 0 else bool(n)


def score(rows: list[Json], preds: dict[str, Prediction]) -> SetResult:
    accuracy = Accuracies()
    errors: list[Json] = []
    detected = 0
    for row in rows:
        gold, first = row["gold"], preds[row["id"]].first_news
        if first is None:
            errors.append(error_row(row["id"], "missed_attack", gold.get("attacktype1_txt"), None, None))
            continue
        detected += 1
        evidence = evidence_text(first)
        gold_country = canon.country_code(gold.get("country_txt"))
        checks: list[tuple[str, object, object, bool]] = [
            (
                "country",
                gold_country,
                first.get("country"),
                str(gold_country) == str(first.get("country") or "").upper(),
            ),
            (
                "admin1",
                gold.get("provstate"),
                first.get("admin1"),
                canon.same_admin1(
                    gold_country, gold.get("provstate"), first.get("country"), first.get("admin1")
                ),
            ),
        ]
        nkill = as_int(gold.get("nkill"))
        if nkill is not None:
            # GTD records 0 when nobody was reported killed, so a null prediction counts as 0.
            killed = as_int(first.get("fatalities")) or 0
            checks.append(("killed", nkill, first.get("fatalities"), killed == nkill))
        gname = gold.get("gname")
        if gname and gname != "Unknown":
            checks.append(
                (
                    "perpetrator",
                    gname,
                    first.get("perpetrator"),
                    canon.same_actor(gname, first.get("perpetrator")),
                )
            )
        claimed = _claimed(gold.get("claimed"))
        if claimed is not None:
            checks.append(("claimed", claimed, first.get("claimed"), claimed == bool(first.get("claimed"))))
        for name, g, p, ok in checks:
            accuracy.add(name, ok)
            if not ok:
                errors.append(error_row(row["id"], name, g, p, evidence))
    recall = detected / len(rows) if rows else None
    metrics: Json = {
        "rows": len(rows),
        "rows_with_incident": detected,
        "recall": recall,
        "fields_on_detected": accuracy.to_json(),
    }
    targets = [
        Target(NAME, "country accuracy (detected)", accuracy.value("country"), 0.98, ">="),
        Target(NAME, "admin1 accuracy (detected)", accuracy.value("admin1"), 0.85, ">="),
        Target(NAME, "killed exact (detected)", accuracy.value("killed"), 0.80, ">="),
    ]
    md = [
        "Every GTD row is an attack; recall = share of rows with at least one non-background incident. "
        "Fields compare the first non-background incident; killed skips null `nkill` and reads a null "
        'prediction as 0; perpetrator skips gname "Unknown"; claimed skips missing values.',
        "",
        f"Recall: {detected} of {len(rows)} rows = {num(recall)}",
        "",
        *table(
            ["field (on detected)", "correct", "total", "accuracy"],
            [[n, a.correct, a.total, num(a.value)] for n, a in accuracy.fields.items()],
        ),
    ]
    return SetResult(NAME, TITLE, metrics, targets, md, errors)
