"""Builders of synthetic incidents and predictions for the scorer tests (no evaluation data is copied)."""

from typing import Any

from tocsin.evaluation.results import Prediction


def incident(**fields: Any) -> dict[str, Any]:
    """A predicted incident in contract field names; unspecified fields are null/false."""
    base: dict[str, Any] = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "country": None,
        "admin1": None,
        "location": None,
        "date": None,
        "fatalities": None,
        "injured": None,
        "perpetrator": None,
        "claimed": False,
        "weapon": "unknown",
        "outcome": "unknown",
        "target": None,
        "background": False,
        "evidence": {"text": "synthetic evidence", "start": 0, "end": 18},
    }
    base.update(fields)
    return base


def gold_incident(**fields: Any) -> dict[str, Any]:
    """A gold incident as news_dev_gold.jsonl spells it (ACLED type names, evidence as a plain string)."""
    pred = incident(**fields)
    pred["acled_event_type"] = pred.pop("event_type")
    pred["acled_sub_event_type"] = pred.pop("sub_event_type")
    pred["evidence"] = "synthetic evidence"
    return pred


def prediction(article_id: str, *incidents: dict[str, Any]) -> Prediction:
    return Prediction(article_id, list(incidents))
