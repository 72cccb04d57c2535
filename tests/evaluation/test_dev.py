"""Scoring of the hand-coded news set: matching, strict F1, field accuracy, negatives, background."""

from typing import Any

import pytest

from tests.evaluation.helpers import gold_incident, incident, prediction
from tocsin.evaluation.results import Prediction
from tocsin.evaluation.sets import dev


def _rows() -> list[dict[str, Any]]:
    odesa = gold_incident(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        country="UA",
        admin1="Odesa",
        location="Odesa port",
        fatalities=1,
        perpetrator="Russian Armed Forces",
        weapon="missile",
        outcome="hit",
    )
    kharkiv = gold_incident(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        country="UA",
        admin1="Kharkiv",
        location="Kivsharivka",
        fatalities=1,
        injured=4,
        weapon="airstrike",
    )
    earlier = gold_incident(country="UA", admin1="Kyiv City", background=True)
    return [
        {"id": "a1", "language": "en", "negative": False, "incidents": [odesa, kharkiv, earlier]},
        {"id": "n1", "language": "fr", "negative": True, "incidents": []},
    ]


def _preds() -> dict[str, Prediction]:
    kharkiv = incident(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        country="UA",
        admin1="Kharkiv",
        location="Kivsharivka village",
        fatalities=1,
        injured=4,
        weapon="airstrike",
    )
    odesa_wrong_admin1 = incident(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        country="UA",
        admin1="Mykolaiv",
        location="Odesa",
        fatalities=2,
        perpetrator="Russian Armed Forces",
        weapon="missile",
        outcome="hit",
    )
    in_russia = incident(country="RU", admin1="Belgorod")
    return {
        "a1": prediction("a1", odesa_wrong_admin1, in_russia, kharkiv),
        "n1": prediction("n1", incident(country="FR")),
    }


def test_incident_and_strict_scores() -> None:
    result = dev.score(_rows(), _preds())
    news, strict = result.metrics["incidents"], result.metrics["strict"]
    # 2 of 3 predictions in a1 match (same country), RU and the negative's prediction are spurious.
    assert (news["tp"], news["fp"], news["fn"]) == (2, 2, 0)
    assert news["f1"] == pytest.approx(2 * 2 / (2 * 2 + 2))
    # Only Kharkiv also agrees on admin1 and event type.
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 3, 1)
    assert strict["f1"] == pytest.approx(2 / (2 + 3 + 1))


def test_field_accuracy_on_matched_pairs() -> None:
    fields = dev.score(_rows(), _preds()).metrics["fields"]
    assert fields["admin1"]["accuracy"] == 0.5
    assert fields["location"]["accuracy"] == 1.0  # loose containment both ways
    assert fields["fatalities"]["accuracy"] == 0.5
    assert fields["injured"]["accuracy"] == 1.0  # null agrees with null on Odesa


def test_negatives_and_background() -> None:
    result = dev.score(_rows(), _preds())
    assert result.metrics["negatives_with_incident_ids"] == ["n1"]
    assert result.metrics["background"]["fn"] == 1
    target = next(t for t in result.targets if t.name.startswith("negative"))
    assert target.value == 1 and not target.met


def test_errors_name_the_field() -> None:
    errors = dev.score(_rows(), _preds()).errors
    admin1 = [e for e in errors if e["field"] == "admin1"]
    assert admin1 == [
        {
            "id": "a1",
            "field": "admin1",
            "gold": "Odesa",
            "predicted": "Mykolaiv",
            "evidence": "synthetic evidence",
        }
    ]
    assert sum(e["field"] == "spurious_incident" for e in errors) == 2


def test_matching_keeps_countries_apart() -> None:
    gold = [dev.gold_incident(gold_incident(country="SO", admin1="Banadir"))]
    outcome = dev.match(gold, [incident(country="KE", admin1="Banadir")])
    assert outcome.pairs == [] and len(outcome.missed) == 1 and len(outcome.spurious) == 1


def test_matching_pairs_by_field_agreement() -> None:
    gold = [
        dev.gold_incident(gold_incident(country="PS", location="Rafah", fatalities=20)),
        dev.gold_incident(gold_incident(country="PS", location="Khan Younis")),
    ]
    preds = [
        incident(country="PS", location="Khan Younis"),
        incident(country="PS", location="Rafah", fatalities=20),
    ]
    outcome = dev.match(gold, preds)
    assert sorted((g["location"], p["location"]) for g, p in outcome.pairs) == [
        ("Khan Younis", "Khan Younis"),
        ("Rafah", "Rafah"),
    ]
