"""acled_sample.jsonl: ACLED coder notes; attack detection against the row's event type, then its fields."""

from __future__ import annotations

from collections import Counter

from tocsin.evaluation import canon
from tocsin.evaluation.fields import as_int
from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.metrics import PRF, Accuracies
from tocsin.evaluation.results import Json, Prediction, SetResult, Target, error_row, evidence_text
from tocsin.evaluation.runner import article

NAME = "acled"
FILE = "acled_sample.jsonl"
TITLE = "ACLED notes (attack detection and coding)"

ATTACK_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
ATTACK_SUB_EVENT_TYPES = frozenset({"Disrupted weapons use"})


def to_articles(rows: list[Json]) -> list[Json]:
    """The note as text; `published` stays null because the note states the date the gold would leak."""
    return [article(r["id"], r["text"], r.get("language") or "en") for r in rows]


def is_attack(gold: Json) -> bool:
    """ACLED political violence plus interceptions (coded as incidents by ANNOTATION.md)."""
    return (
        gold.get("event_type") in ATTACK_EVENT_TYPES or gold.get("sub_event_type") in ATTACK_SUB_EVENT_TYPES
    )


def score(rows: list[Json], preds: dict[str, Prediction]) -> SetResult:
    detection = PRF()
    accuracy = Accuracies()
    errors: list[Json] = []
    by_sub: dict[str, list[int]] = {}  # gold sub-event type -> [rows, rows with an incident, is attack]
    confusions: Counter[tuple[str, str]] = Counter()
    fatalities_strict = 0
    for row in rows:
        gold, pred = row["gold"], preds[row["id"]]
        gold_pos, first = is_attack(gold), pred.first_news
        detection.add(gold_pos, first is not None)
        counts = by_sub.setdefault(str(gold.get("sub_event_type")), [0, 0, int(gold_pos)])
        counts[0] += 1
        counts[1] += first is not None
        evidence = evidence_text(first)
        if first is None:
            if gold_pos:
                errors.append(error_row(row["id"], "missed_attack", gold.get("sub_event_type"), None, None))
            continue
        if not gold_pos:
            errors.append(
                error_row(
                    row["id"],
                    "false_alarm",
                    gold.get("sub_event_type"),
                    first.get("sub_event_type"),
                    evidence,
                )
            )
            continue
        gold_country = canon.country_code(gold.get("country"))
        pred_country = first.get("country")
        gold_dead, pred_dead = as_int(gold.get("fatalities")), as_int(first.get("fatalities"))
        checks: list[tuple[str, object, object, bool]] = [
            (
                "sub_event_type",
                gold.get("sub_event_type"),
                first.get("sub_event_type"),
                canon.fold(gold.get("sub_event_type")) == canon.fold(first.get("sub_event_type")),
            ),
            (
                "country",
                gold_country,
                pred_country,
                bool(gold_country) and gold_country == str(pred_country).upper(),
            ),
            (
                "admin1",
                gold.get("admin1"),
                first.get("admin1"),
                canon.same_admin1(gold_country, gold.get("admin1"), pred_country, first.get("admin1")),
            ),
            # ACLED codes 0 when no death is reported, so a null prediction counts as 0 here.
            ("fatalities", gold_dead, pred_dead, gold_dead == (pred_dead or 0)),
        ]
        for name, g, p, ok in checks:
            accuracy.add(name, ok)
            if not ok:
                errors.append(error_row(row["id"], name, g, p, evidence))
        fatalities_strict += gold_dead == pred_dead
        if canon.fold(gold.get("sub_event_type")) != canon.fold(first.get("sub_event_type")):
            confusions[(str(gold.get("sub_event_type")), str(first.get("sub_event_type")))] += 1
    n_tp = detection.tp
    metrics: Json = {
        "rows": len(rows),
        "gold_attacks": detection.tp + detection.fn,
        "attack_detection": detection.to_json(),
        "fields_on_true_positives": accuracy.to_json(),
        "fatalities_exact_null_not_zero": fatalities_strict / n_tp if n_tp else None,
        "incident_rate_by_gold_sub_event": {
            k: {"rows": v[0], "with_incident": v[1]} for k, v in by_sub.items()
        },
        "top_sub_event_confusions": [
            {"gold": g, "pred": p, "count": c} for (g, p), c in confusions.most_common(15)
        ],
    }
    targets = [
        Target(NAME, "attack vs non-attack F1", detection.f1, 0.95, ">="),
        Target(NAME, "sub-event accuracy (true positives)", accuracy.value("sub_event_type"), 0.85, ">="),
        Target(NAME, "admin1 accuracy (true positives)", accuracy.value("admin1"), 0.90, ">="),
    ]
    md = [
        "Gold attack = event type Battles, Explosions/Remote violence or Violence against civilians, or "
        "sub-event Disrupted weapons use; predicted attack = any non-background incident. Fields compare "
        "the first non-background incident with the row; ACLED country names are mapped to ISO alpha-2; a "
        "null predicted fatality count is read as 0 (ACLED's convention for none reported).",
        "",
        *table(
            ["gold attacks", "rows", "TP", "FP", "FN", "P", "R", "F1"],
            [
                [
                    metrics["gold_attacks"],
                    len(rows),
                    detection.tp,
                    detection.fp,
                    detection.fn,
                    num(detection.precision),
                    num(detection.recall),
                    num(detection.f1),
                ]
            ],
        ),
        "",
        *table(
            ["field (on TP)", "correct", "total", "accuracy"],
            [[n, a.correct, a.total, num(a.value)] for n, a in accuracy.fields.items()]
            + [
                [
                    "fatalities (null ≠ 0)",
                    fatalities_strict,
                    n_tp,
                    num(metrics["fatalities_exact_null_not_zero"]),
                ]
            ],
        ),
        "",
        "Share of rows with an incident, by gold sub-event type:",
        "",
        *table(
            ["gold sub-event type", "attack?", "rows", "with incident", "share"],
            [
                [k, "yes" if v[2] else "no", v[0], v[1], num(v[1] / v[0])]
                for k, v in sorted(by_sub.items(), key=lambda kv: -kv[1][0])
            ],
        ),
        "",
        "Top sub-event confusions on true positives:",
        "",
        *table(["gold", "predicted", "count"], [[g, p, c] for (g, p), c in confusions.most_common(10)]),
    ]
    return SetResult(NAME, TITLE, metrics, targets, md, errors)
