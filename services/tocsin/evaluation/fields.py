"""Field-by-field agreement between a gold and a predicted incident (both in contract field names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tocsin.evaluation import canon
from tocsin.evaluation.results import Json, evidence_text

# Fields compared on matched pairs, in report order.
FIELDS = (
    "event_type",
    "sub_event_type",
    "admin1",
    "location",
    "date",
    "fatalities",
    "injured",
    "perpetrator",
    "claimed",
    "weapon",
    "outcome",
    "target",
)


def as_int(value: Any) -> int | None:
    """An integer count, or None for missing / non-numeric values (GTD and ACLED store some as floats)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def as_date(value: Any) -> str | None:
    """The ISO day of a date value ("" and None alike are no date)."""
    return str(value)[:10] if value else None


def _same_label(g: Any, p: Any) -> bool:
    return canon.fold(g) == canon.fold(p)


def _agree(name: str, gold: Json, pred: Json) -> bool:
    g, p = gold.get(name), pred.get(name)
    compare: dict[str, Callable[[], bool]] = {
        "admin1": lambda: canon.same_admin1(gold.get("country"), g, pred.get("country"), p),
        "location": lambda: canon.same_location(g, p),
        "date": lambda: as_date(g) == as_date(p),
        "fatalities": lambda: as_int(g) == as_int(p),
        "injured": lambda: as_int(g) == as_int(p),
        "perpetrator": lambda: canon.same_actor(g, p),
        "claimed": lambda: bool(g) == bool(p),
        "target": lambda: canon.same_target(g, p),
    }
    return compare.get(name, lambda: _same_label(g, p))()


def agreement(gold: Json, pred: Json, fields: tuple[str, ...] = FIELDS) -> dict[str, bool]:
    """Whether each field agrees: nulls agree only with nulls; names are compared through canonical forms."""
    return {name: _agree(name, gold, pred) for name in fields}


def same_country(gold: Json, pred: Json) -> bool:
    g, p = gold.get("country"), pred.get("country")
    return bool(g) and bool(p) and str(g).upper() == str(p).upper()


def match_score(gold: Json, pred: Json) -> float | None:
    """Score of a candidate pair for the assignment: None unless the countries agree, else the number of
    agreeing fields plus the word overlap of the two evidence sentences (a tie-breaker below 1)."""
    if not same_country(gold, pred):
        return None
    agreed = sum(agreement(gold, pred).values())
    return agreed + canon.token_overlap(evidence_text(gold), evidence_text(pred))
