"""Place chains in one sentence: "town, province, country" names one place; two towns name two events."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import Extractor, _article_admin1


@cache
def _extractor() -> Extractor:
    return Extractor()


def _incidents(text: str) -> list[tuple[str | None, str | None, int | None]]:
    result = _extractor().extract(Article(id="t", text=text, language="en"))
    return [(i.location, i.admin1, i.fatalities) for i in result.incidents if not i.background]


def test_a_province_named_after_the_town_qualifies_it() -> None:
    # Written for this test in the style of incident summaries; Herat and Baghlan are provinces and towns.
    text = (
        "Gunmen attacked a police post in Shindand, Herat, Afghanistan. "
        "Two police officers were killed in the attack."
    )
    assert _incidents(text) == [("Shindand", "Herat", 2)]


def test_two_towns_in_one_sentence_are_two_places() -> None:
    text = "Gunmen attacked police posts in Shindand and in Pul-e Khumri, Afghanistan, on Monday."
    assert sorted(loc for loc, _, _ in _incidents(text)) == ["Pul-e Khumri", "Shindand"]


def test_the_qualifying_province_is_not_the_place_of_the_event() -> None:
    # Kirkuk is a province and its capital: after "Daquq city," it names the province, so the event is in Daquq.
    text = "Gunmen attacked a police patrol in Daquq city, Kirkuk, Iraq. Two officers were killed."
    assert _incidents(text) == [("Daquq", "Kirkuk", 2)]


def _coded(text: str) -> list[tuple[str | None, str | None, str | None]]:
    result = _extractor().extract(Article(id="t", text=text, language="en"))
    return [(i.country, i.admin1, i.location) for i in result.incidents if not i.background]


def test_bracketed_hierarchy_is_one_place_and_keeps_the_toll() -> None:
    # Written for this test in the style of incident summaries: "village (district, province)".
    text = "Gunmen killed two farmers in Dorwa (Gwoza, Borno) on Sunday."
    assert _incidents(text) == [("Dorwa", "Borno", 2)]


def test_the_village_is_in_the_bracketed_province_not_an_actors_country() -> None:
    text = "Burundi soldiers were attacked by rebels in Uvira (Uvira, Sud-Kivu); two soldiers were killed."
    assert _coded(text) == [("CD", "South Kivu", "Uvira")]


def test_the_places_own_province_wins_over_another_named_province() -> None:
    # Marsabit is a Kenyan county too, named after the event: the bracket says where the event was.
    text = "Borana militia attacked herders in Kom (Isiolo North, Isiolo), killing four; the raiders fled towards Marsabit."
    assert _coded(text) == [("KE", "Isiolo", "Kom")]


def test_comma_qualified_village_takes_the_province() -> None:
    text = "Russian forces shelled positions near Orikhove, Luhansk, wounding two soldiers."
    assert _coded(text) == [("UA", "Luhansk", "Orikhove")]


def test_the_province_a_town_is_named_after_fills_admin1() -> None:
    # An event whose village the gazetteer lacks still lies in the one province the article names, also when
    # that province is named like its capital ("in Idleb": the town Idlib or the province Idleb).
    text = "A roadside bomb killed two soldiers near Marayan in Idleb."
    incident = _extractor().extract(Article(id="t", text=text, language="en")).incidents[0]
    unplaced = replace(incident, admin1=None, location=None)
    mentions = _extractor().gazetteer.find_mentions("the countryside of Idleb", "en")
    assert mentions[0].candidates[0].kind == "city"  # the town reading comes first
    (filled,) = _article_admin1([unplaced], mentions)
    assert (filled.country, filled.admin1) == ("SY", "Idleb")
    other = replace(unplaced, country="IQ")
    assert _article_admin1([other], mentions)[0].admin1 is None  # only for that province's country
