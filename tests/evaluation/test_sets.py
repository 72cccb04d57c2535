"""Scorers of the ACLED, GTD, CASE and MasakhaNEWS sets on synthetic rows (no evaluation data is copied)."""

from typing import Any

import pytest

from tests.evaluation.helpers import incident, prediction
from tocsin.evaluation.results import Prediction
from tocsin.evaluation.sets import acled, case, gtd, masakhane


def _acled_row(rid: str, event_type: str, sub_event_type: str, **gold: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "text": "synthetic",
        "gold": {"event_type": event_type, "sub_event_type": sub_event_type, **gold},
    }


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", True),
        ("Explosions/Remote violence", "Air/drone strike", True),
        ("Violence against civilians", "Abduction/forced disappearance", True),
        ("Strategic developments", "Disrupted weapons use", True),
        ("Strategic developments", "Arrests", False),
        ("Protests", "Peaceful protest", False),
        ("Riots", "Mob violence", False),
    ],
)
def test_acled_attack_definition(event_type: str, sub_event_type: str, expected: bool) -> None:
    assert acled.is_attack({"event_type": event_type, "sub_event_type": sub_event_type}) is expected


def test_acled_detection_and_fields() -> None:
    rows = [
        _acled_row("a", "Battles", "Armed clash", country="Syria", admin1="Aleppo", fatalities=0),
        _acled_row(
            "b",
            "Explosions/Remote violence",
            "Air/drone strike",
            country="Iraq",
            admin1="Ninewa",
            fatalities=3,
        ),
        _acled_row("c", "Protests", "Peaceful protest", country="Iraq", admin1="Baghdad", fatalities=0),
        _acled_row("d", "Battles", "Armed clash", country="Mali", admin1="Mopti", fatalities=2),
    ]
    preds = {
        "a": prediction(
            "a", incident(sub_event_type="Attack", country="SY", admin1="Aleppo")
        ),  # null deaths = 0
        "b": prediction(
            "b", incident(sub_event_type="Air/drone strike", country="IQ", admin1="Ninawa", fatalities=3)
        ),
        "c": prediction("c", incident(country="IQ")),
        "d": prediction("d", incident(background=True, country="ML")),  # background only: not an attack
    }
    result = acled.score(rows, preds)
    det = result.metrics["attack_detection"]
    assert (det["tp"], det["fp"], det["fn"]) == (2, 1, 1)
    fields = result.metrics["fields_on_true_positives"]
    assert fields["sub_event_type"]["accuracy"] == 0.5
    assert fields["country"]["accuracy"] == 1.0
    assert fields["fatalities"]["accuracy"] == 1.0
    assert result.metrics["fatalities_exact_null_not_zero"] == 0.5
    assert {e["field"] for e in result.errors} >= {"false_alarm", "missed_attack", "sub_event_type"}


def test_acled_articles_do_not_leak_the_date() -> None:
    (art,) = acled.to_articles([_acled_row("a", "Battles", "Armed clash", event_date="2020-05-01")])
    assert art["published"] is None and art["language"] == "en"


def _gtd_row(rid: str, text: str, **gold: Any) -> dict[str, Any]:
    return {"id": rid, "text": text, "gold": gold}


def test_gtd_strips_the_date_prefix() -> None:
    (art,) = gtd.to_articles([_gtd_row("g", "03/14/2021: Synthetic summary 01/02/2021: kept.")])
    assert art["text"] == "Synthetic summary 01/02/2021: kept."
    assert art["published"] is None


def test_gtd_fields_and_skips() -> None:
    rows = [
        _gtd_row("g1", "s", country_txt="Nigeria", provstate="Borno", nkill=4, gname="Boko Haram", claimed=1),
        _gtd_row(
            "g2", "s", country_txt="Afghanistan", provstate="Kabul", nkill=None, gname="Unknown", claimed=-9
        ),
        _gtd_row(
            "g3", "s", country_txt="Somalia", provstate="Banadir", nkill=0, gname="Al-Shabaab", claimed=0
        ),
    ]
    preds = {
        "g1": prediction(
            "g1",
            incident(
                country="NG", admin1="Borno State", fatalities=4, perpetrator="Boko Haram", claimed=True
            ),
        ),
        "g2": prediction("g2", incident(country="PK", admin1="Kabul", fatalities=9)),
        "g3": prediction("g3"),
    }
    result = gtd.score(rows, preds)
    assert result.metrics["recall"] == pytest.approx(2 / 3)
    fields = result.metrics["fields_on_detected"]
    assert fields["country"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert fields["admin1"]["accuracy"] == 1.0  # "Borno State" = "Borno"
    assert fields["killed"]["total"] == 1  # null nkill skipped
    assert fields["perpetrator"]["total"] == 1  # "Unknown" skipped
    assert fields["claimed"]["total"] == 1  # -9 skipped


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ART_MISS_ATTACK", "Shelling/artillery/missile attack"),
        ("DISR_WEAP", "Disrupted weapons use"),
        ("PEACE_PROTEST", "none"),
        ("ORG_CRIME", "none"),
        ("NATURAL_DISASTER", "none"),
    ],
)
def test_case_label_mapping(label: str, expected: str) -> None:
    assert case.gold_label(label) == expected


def test_case_predicted_label() -> None:
    assert case.predicted_label(prediction("x")) == "none"
    assert case.predicted_label(prediction("x", incident(sub_event_type="Grenade"))) == "Grenade"
    assert case.predicted_label(prediction("x", incident(sub_event_type="Peaceful protest"))) == "none"
    bg_then_news = prediction(
        "x", incident(sub_event_type="Attack", background=True), incident(sub_event_type="Grenade")
    )
    assert case.predicted_label(bg_then_news) == "Grenade"


def test_case_scores() -> None:
    labels = ["AIR_STRIKE", "AIR_STRIKE", "GRENADE", "DIPLO"]
    rows = [{"id": str(i), "text": "s", "gold": {"SubType": lab}} for i, lab in enumerate(labels)]
    preds: dict[str, Prediction] = {
        "0": prediction("0", incident(sub_event_type="Air/drone strike")),
        "1": prediction("1", incident(sub_event_type="Grenade")),
        "2": prediction("2", incident(sub_event_type="Grenade")),
        "3": prediction("3"),
    }
    result = case.score(rows, preds)
    # Air: P 1 R .5 F1 2/3 (support 2); Grenade: P .5 R 1 F1 2/3; none: F1 1.
    assert result.metrics["classification"]["weighted_f1"] == pytest.approx((2 * 2 / 3 + 2 / 3 + 1) / 4)
    assert result.metrics["attack_detection"]["f1"] == 1.0
    assert not result.targets[0].met


def test_masakhane_false_alarm_rate() -> None:
    categories = ["sports", "sports", "health", "politics", "business"]
    rows = [
        {"id": f"m{i}", "text": "s", "gold": {"category": c}, "meta": {"headline": f"h{i}", "url": None}}
        for i, c in enumerate(categories)
    ]
    preds = {r["id"]: prediction(r["id"]) for r in rows}
    preds["m0"] = prediction("m0", incident(evidence={"text": "a striker attacked", "start": 0, "end": 18}))
    preds["m3"] = prediction("m3", incident())  # politics: counted, not scored
    preds["m4"] = prediction("m4", incident(background=True))  # background only: no alarm
    result = masakhane.score(rows, preds)
    assert result.metrics["false_alarm_rate"] == pytest.approx(1 / 4)
    assert result.metrics["false_alarm_ids"] == ["m0"]
    assert result.metrics["politics_with_incident"] == 1
    assert result.metrics["by_category"]["sports"]["rate"] == 0.5
    assert any("a striker attacked" in line for line in result.markdown)
