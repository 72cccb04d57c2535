"""English attacks told by their weapon, victim or aftermath; detentions by armed groups; the dead of a state
offensive. Sentences written for these tests in the style of wire copy and coder summaries (invented events, no
evaluation text)."""

from __future__ import annotations

from functools import cache

import pytest

from tocsin.extraction.model import Article, Incident
from tocsin.extraction.numbers import find_tolls
from tocsin.extraction.pipeline import Extractor


@cache
def _extractor() -> Extractor:
    return Extractor()


def _incidents(text: str) -> list[Incident]:
    return _extractor().extract(Article(id="t", text=text, language="en")).incidents


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "On 3 March 2022, gunmen assassinated a local councillor in Kirkuk city.",
            None,  # any type: the point is that an assassination is an attack
        ),
        (
            "On 4 May 2021, police officers beat and injured a journalist in Conakry.",
            "Attack",
        ),
        (
            "On 9 June 2021, a detainee died under torture in a prison in Hama city.",
            "Attack",
        ),
        (
            "On 2 April 2022, unknown militants detonated a roadside explosive device targeting an army vehicle "
            "near Tuz Khurmatu.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 6 January 2022, a bomb explosion occurred at a police checkpoint in Myitkyina. There were no "
            "casualties.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 8 May 2021, rebel forces fired 14.5mm and 12.7mm machine guns at residential areas of Hays.",
            None,
        ),
        (
            "On 30 June 2022, Russian forces launched an offensive near Verkhnokamianka, clashing with Ukrainian "
            "forces.",
            "Armed clash",
        ),
    ],
)
def test_attacks_told_without_the_usual_attack_words_are_found(text: str, sub_event: str | None) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    if sub_event is not None:
        assert incidents[0].sub_event_type == sub_event


def test_a_detention_by_a_non_state_armed_group_is_an_abduction() -> None:
    incidents = _incidents(
        "On 16 February 2022, the SDF detained three men in Raqqa city for unknown reasons."
    )
    assert [i.sub_event_type for i in incidents] == ["Abduction/forced disappearance"]
    assert incidents[0].perpetrator == "Syrian Democratic Forces (SDF)"


@pytest.mark.parametrize(
    "text",
    [
        "On 16 February 2022, police detained three men in Raqqa city for unknown reasons.",
        "On 16 February 2022, Iraqi police arrested two members of the SDF in Mosul.",
    ],
)
def test_arrests_by_the_state_or_of_group_members_stay_arrests(text: str) -> None:
    assert _incidents(text) == []


def test_violence_told_before_a_detention_is_an_attack() -> None:
    text = "On 30 April 2020, soldiers beat three men and then detained them in Jerusalem."
    assert [i.sub_event_type for i in _incidents(text)] == ["Attack"]


def test_militants_killed_in_a_state_offensive_are_its_fatalities() -> None:
    text = "On 5 May 2020, soldiers killed seven militants in an operation near Tikrit."
    (incident,) = _incidents(text)
    assert incident.fatalities == 7
    assert incident.sub_event_type == "Armed clash"


def test_attackers_killed_while_the_state_repels_them_are_not_counted() -> None:
    text = "On 5 May 2020, soldiers repelled an attack on their post near Tikrit, killing seven militants."
    incidents = _incidents(text)
    assert incidents and incidents[0].fatalities in (None, 0)


@pytest.mark.parametrize(
    ("sentence", "injured"),
    [
        ("Two civilians were shot and injured.", 2),
        ("Gunmen shot and injured two people in Kano.", 2),
        ("The gendarmes beat and injured a woman at the checkpoint.", 1),
    ],
)
def test_an_act_then_a_wound_is_an_injury_toll(sentence: str, injured: int) -> None:
    assert [(t.kind, t.value) for t in find_tolls(sentence, "en")] == [("injured", injured)]
