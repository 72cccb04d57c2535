"""Place chains in one sentence: "town, province, country" names one place; two towns name two events."""

from __future__ import annotations

from functools import cache

from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import Extractor


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
