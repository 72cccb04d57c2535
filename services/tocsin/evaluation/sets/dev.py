"""news_dev_gold.jsonl: hand-coded news articles, scored incident by incident (ANNOTATION.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tocsin.evaluation.fields import FIELDS, agreement, match_score
from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.matching import assign
from tocsin.evaluation.metrics import PRF, Accuracies
from tocsin.evaluation.results import Json, Prediction, SetResult, Target, error_row, evidence_text
from tocsin.evaluation.runner import article

NAME = "dev"
FILE = "news_dev_gold.jsonl"
TITLE = "News dev gold (hand-coded, FR/EN)"

# Gold incidents use ACLED's column names for the two type fields; everything else is already contract-named.
_GOLD_RENAME = {"acled_event_type": "event_type", "acled_sub_event_type": "sub_event_type"}


def to_articles(rows: list[Json]) -> list[Json]:
    """Text unchanged (leading " date …" line included) with the record's own `published`."""
    return [article(r["id"], r["text"], r["language"], r.get("published"), r.get("url")) for r in rows]


def gold_incident(raw: Json) -> Json:
    return {_GOLD_RENAME.get(k, k): v for k, v in raw.items()}


@dataclass
class MatchOutcome:
    """Matched (gold, pred) pairs of one article plus what was left over on each side."""

    pairs: list[tuple[Json, Json]] = field(default_factory=list)
    missed: list[Json] = field(default_factory=list)
    spurious: list[Json] = field(default_factory=list)


def match(gold: list[Json], pred: list[Json]) -> MatchOutcome:
    """Best one-to-one assignment, only between incidents of the same country."""
    scores = [[match_score(g, p) for g in gold] for p in pred]
    pairs = assign(scores)
    used_p = {p for p, _ in pairs}
    used_g = {g for _, g in pairs}
    return MatchOutcome(
        pairs=[(gold[g], pred[p]) for p, g in pairs],
        missed=[g for i, g in enumerate(gold) if i not in used_g],
        spurious=[p for i, p in enumerate(pred) if i not in used_p],
    )


def is_strict(gold: Json, pred: Json) -> bool:
    """A strict match also agrees on admin1 and event type."""
    agreed = agreement(gold, pred, ("admin1", "event_type"))
    return agreed["admin1"] and agreed["event_type"]


def score(rows: list[Json], preds: dict[str, Prediction]) -> SetResult:
    news, strict, background = PRF(), PRF(), PRF()
    accuracy = Accuracies()
    errors: list[Json] = []
    negatives_hit: list[str] = []
    per_article: list[list[object]] = []
    for row in rows:
        pred = preds[row["id"]]
        gold = [gold_incident(i) for i in row.get("incidents", [])]
        gold_news = [g for g in gold if not g.get("background")]
        gold_bg = [g for g in gold if g.get("background")]
        result = match(gold_news, pred.news)
        news.tp += len(result.pairs)
        news.fp += len(result.spurious)
        news.fn += len(result.missed)
        n_strict = sum(is_strict(g, p) for g, p in result.pairs)
        strict.tp += n_strict
        strict.fp += len(pred.news) - n_strict
        strict.fn += len(gold_news) - n_strict
        for g, p in result.pairs:
            for name, ok in agreement(g, p).items():
                accuracy.add(name, ok)
                if not ok:
                    errors.append(error_row(row["id"], name, g.get(name), p.get(name), evidence_text(p)))
        for g in result.missed:
            errors.append(error_row(row["id"], "missed_incident", g.get("summary"), None, evidence_text(g)))
        for p in result.spurious:
            errors.append(error_row(row["id"], "spurious_incident", None, _brief(p), evidence_text(p)))
        bg = match(gold_bg, pred.background)
        background.tp += len(bg.pairs)
        background.fp += len(bg.spurious)
        background.fn += len(bg.missed)
        if row.get("negative") and pred.news:
            negatives_hit.append(row["id"])
        per_article.append(
            [
                row["id"],
                row.get("language"),
                len(gold_news),
                len(pred.news),
                len(result.pairs),
                n_strict,
                len(gold_bg),
                len(pred.background),
                "yes" if row.get("negative") else "",
                pred.error or "",
            ]
        )
    metrics: Json = {
        "articles": len(rows),
        "incidents": news.to_json(),
        "strict": strict.to_json(),
        "background": background.to_json(),
        "fields": accuracy.to_json(),
        "negatives": sum(1 for r in rows if r.get("negative")),
        "negatives_with_incident": len(negatives_hit),
        "negatives_with_incident_ids": negatives_hit,
    }
    targets = [
        Target(NAME, "incident F1", news.f1, 0.85, ">="),
        Target(NAME, "strict F1 (admin1 + event type)", strict.f1, 0.75, ">="),
        Target(NAME, "admin1 accuracy (matched)", accuracy.value("admin1"), 0.85, ">="),
        Target(NAME, "sub-event accuracy (matched)", accuracy.value("sub_event_type"), 0.80, ">="),
        Target(NAME, "fatalities accuracy (matched)", accuracy.value("fatalities"), 0.85, ">="),
        Target(NAME, "perpetrator accuracy (matched)", accuracy.value("perpetrator"), 0.75, ">="),
        Target(NAME, "negative articles with an incident", len(negatives_hit), 0, "<=", "count"),
    ]
    md = [
        "Matching: per article, predicted and gold non-background incidents are paired one-to-one, only "
        "within the same country, maximising first the number of pairs and then the number of agreeing "
        "fields (word overlap of the evidence breaks ties); exact search over all assignments. Strict: the "
        "pair also agrees on admin1 and event type. Field accuracy is over matched pairs; null agrees only "
        "with null.",
        "",
        *table(
            ["scope", "gold", "pred", "TP", "P", "R", "F1"],
            [
                _prf_row("incidents (news)", news),
                _prf_row("strict", strict),
                _prf_row("background", background),
            ],
        ),
        "",
        *table(
            ["field", "correct", "matched pairs", "accuracy"],
            [
                [n, accuracy.fields[n].correct, accuracy.fields[n].total, num(accuracy.value(n))]
                for n in FIELDS
                if n in accuracy.fields
            ],
        ),
        "",
        f"Negative articles with a non-background incident: {len(negatives_hit)} "
        f"of {metrics['negatives']}" + (f" ({', '.join(negatives_hit)})" if negatives_hit else ""),
        "",
        "Per article:",
        "",
        *table(
            ["id", "lang", "gold", "pred", "matched", "strict", "gold bg", "pred bg", "negative", "error"],
            per_article,
        ),
    ]
    return SetResult(NAME, TITLE, metrics, targets, md, errors)


def _prf_row(label: str, prf: PRF) -> list[object]:
    return [label, prf.tp + prf.fn, prf.tp + prf.fp, prf.tp, num(prf.precision), num(prf.recall), num(prf.f1)]


def _brief(incident: Json) -> Json:
    keys = (
        "event_type",
        "sub_event_type",
        "country",
        "admin1",
        "location",
        "date",
        "fatalities",
        "perpetrator",
    )
    return {k: incident.get(k) for k in keys}
