"""news_fr_masakhanews.jsonl: French BBC Afrique articles (topic labels only); false alarms off politics."""

from __future__ import annotations

from tocsin.evaluation.markdown import num, table
from tocsin.evaluation.results import Json, Prediction, SetResult, Target, error_row, evidence_text
from tocsin.evaluation.runner import article

NAME = "masakhane"
FILE = "news_fr_masakhanews.jsonl"
TITLE = "MasakhaNEWS French (BBC Afrique), false alarms on non-violence topics"

NON_VIOLENCE = ("business", "health", "sports", "technology")


def to_articles(rows: list[Json]) -> list[Json]:
    return [
        article(r["id"], r["text"], r.get("language") or "fr", None, (r.get("meta") or {}).get("url"))
        for r in rows
    ]


def score(rows: list[Json], preds: dict[str, Prediction]) -> SetResult:
    per_category: dict[str, list[int]] = {}  # category -> [articles, with incident]
    alarms: list[list[object]] = []
    errors: list[Json] = []
    for row in rows:
        category = str(row["gold"].get("category"))
        first = preds[row["id"]].first_news
        counts = per_category.setdefault(category, [0, 0])
        counts[0] += 1
        counts[1] += first is not None
        if first is None or category not in NON_VIOLENCE:
            continue
        evidence = evidence_text(first)
        headline = (row.get("meta") or {}).get("headline")
        alarms.append(
            [row["id"], category, headline, first.get("sub_event_type"), first.get("country"), evidence]
        )
        errors.append(error_row(row["id"], "false_alarm", category, first.get("sub_event_type"), evidence))
    scored = [per_category.get(c, [0, 0]) for c in NON_VIOLENCE]
    total, hits = sum(c[0] for c in scored), sum(c[1] for c in scored)
    rate = hits / total if total else None
    politics = per_category.get("politics", [0, 0])
    metrics: Json = {
        "rows": len(rows),
        "non_violence_articles": total,
        "false_alarms": hits,
        "false_alarm_rate": rate,
        "by_category": {
            c: {"articles": v[0], "with_incident": v[1], "rate": v[1] / v[0] if v[0] else None}
            for c, v in sorted(per_category.items())
        },
        "politics_with_incident": politics[1],
        "false_alarm_ids": [a[0] for a in alarms],
    }
    targets = [Target(NAME, "false alarms on business/health/sports/technology", rate, 0.01, "<=")]
    md = [
        "Gold is the topic only. A business, health, sports or technology article that yields any "
        "non-background incident is a false alarm. Politics articles (some report real attacks) are "
        "counted, not scored.",
        "",
        *table(
            ["category", "articles", "with incident", "share", "scored"],
            [
                [c, v[0], v[1], num(v[1] / v[0]) if v[0] else "n/a", "yes" if c in NON_VIOLENCE else "no"]
                for c, v in sorted(per_category.items())
            ]
            + [["**non-violence total**", total, hits, num(rate), "yes"]],
        ),
        "",
        f"Politics articles with an incident: {politics[1]} of {politics[0]} (not scored).",
        "",
        "False alarms (first non-background incident):",
        "",
        *table(["id", "category", "headline", "sub-event", "country", "evidence"], alarms),
    ]
    return SetResult(NAME, TITLE, metrics, targets, md, errors)
