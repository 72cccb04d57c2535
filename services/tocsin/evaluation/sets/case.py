"""case2021_task2_snippets.jsonl: CASE 2021 Task 2 snippets, fine-grained event type of one sentence."""

from __future__ import annotations

from collections import Counter

from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.metrics import PRF, multiclass
from tocsin.evaluation.results import Json, Prediction, SetResult, Target, error_row, evidence_text
from tocsin.evaluation.runner import article

NAME = "case"
FILE = "case2021_task2_snippets.jsonl"
TITLE = "CASE 2021 Task 2 snippets (event-type classification)"

NONE = "none"
# CASE labels of attack events → ACLED sub-event names; every other CASE label is "none".
CASE_TO_ACLED = {
    "ARMED_CLASH": "Armed clash",
    "AIR_STRIKE": "Air/drone strike",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SUIC_BOMB": "Suicide bomb",
    "GRENADE": "Grenade",
    "CHEM_WEAP": "Chemical weapon",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "SEX_VIOL": "Sexual violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "DISR_WEAP": "Disrupted weapons use",
}
ATTACK_CLASSES = frozenset(CASE_TO_ACLED.values())
PUBLISHED_BEST_WEIGHTED_F1 = 0.839


def gold_label(case_label: str) -> str:
    return CASE_TO_ACLED.get(case_label, NONE)


def predicted_label(pred: Prediction) -> str:
    '""Sub-event type of the first non-background incident; labels outside the mapped classes count as'
    'none.""'
    first = pred.first_news
    label = str(first.get("sub_event_type")) if first else NONE
    return label if label in ATTACK_CLASSES else NONE


def to_articles(rows: list[Json]) -> list[Json]:
    return [article(r["id"], r["text"], r.get("language") or "en") for r in rows]


def score(rows: list[Json], preds: dict[str, Prediction]) -> SetResult:
    gold = [gold_label(r["gold"]["SubType"]) for r in rows]
    pred = [predicted_label(preds[r["id"]]) for r in rows]
    detection = PRF()
    errors: list[Json] = []
    for row, g, p in zip(rows, gold, pred, strict=True):
        detection.add(g != NONE, p != NONE)
        if g != p:
            errors.append(
                error_row(
                    row["id"],
                    "sub_event_type",
                    f"{g} ({row['gold']['SubType']})",
                    p,
                    evidence_text(preds[row["id"]].first_news),
                )
            )
    report = multiclass(gold, pred)
    by_case_label: Counter[tuple[str, bool]] = Counter(
        (r["gold"]["SubType"], p != NONE) for r, p in zip(rows, pred, strict=True)
    )
    metrics: Json = {
        "rows": len(rows),
        "attack_detection": detection.to_json(),
        "classification": report.to_json(),
        "published_best_weighted_f1_full_task": PUBLISHED_BEST_WEIGHTED_F1,
        "incident_rate_by_case_label": {
            label: {
                "rows": by_case_label[(label, True)] + by_case_label[(label, False)],
                "with_incident": by_case_label[(label, True)],
            }
            for label in sorted({k for k, _ in by_case_label})
        },
    }
    none_share = f"{sum(g == NONE for g in gold) / len(gold):.0%}" if gold else "n/a"
    targets = [Target(NAME, "weighted F1 (13 attack classes + none)", report.weighted_f1, 0.84, ">=")]
    md = [
        "CASE labels of attack events are mapped to ACLED sub-event names; protests, riots, arrests, "
        "agreements, HQ established, change to group, property destruction, non-violent transfer, DIPLO, "
        'ATTRIB, ORG_CRIME, disasters and OTHER become "none". Predicted label = sub-event type of the '
        "first non-background incident, else none. Weighted F1 = per-class F1 weighted by gold support (as "
        "scikit-learn's 'weighted').",
        "",
        "**Comparability caveat:** the best CASE 2021 Task 2 system reached 83.9 % weighted F1 on the full "
        "25-class task, where every non-attack class (protest, riot, arrest, agreement …) must be told "
        f'apart. Here those classes are collapsed into one "none" class ({none_share} of the rows, '
        "weighted by that support) that an attack extractor gets right by staying silent; only the "
        "attack classes keep CASE's granularity. The two numbers are indicative of each other, not equal.",
        "",
        *table(
            ["attack vs non-attack", "TP", "FP", "FN", "P", "R", "F1"],
            [
                [
                    "",
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
        f"Weighted F1: {num(report.weighted_f1)} · macro F1 (gold classes): {num(report.macro_f1)} · "
        f"accuracy: {num(report.accuracy)}",
        "",
        *table(
            ["class", "support", "P", "R", "F1"],
            [[c.label, c.support, num(c.precision), num(c.recall), num(c.f1)] for c in report.classes],
        ),
        "",
        "Rows with an incident by original CASE label:",
        "",
        *table(
            ["CASE label", "rows", "with incident"],
            [[k, v["rows"], v["with_incident"]] for k, v in metrics["incident_rate_by_case_label"].items()],
        ),
    ]
    return SetResult(NAME, TITLE, metrics, targets, md, errors)
