"""Sentence splitting keeps offsets exact and does not break on abbreviations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tocsin.extraction.segment import split_sentences


def test_offsets_slice_the_text() -> None:
    # Seed article, shared/seeds/000_ab7640e8a7088d5b.txt (first two paragraphs, abridged).
    text = (
        "Un drone militaire américain s'est écrasé au nord de la capitale irakienne Bagdad, a fait savoir vendredi "
        "un responsable américain.\n\nUn drone américain « s'est écrasé près de la base aérienne de Balad, en Irak »."
    )
    sentences = split_sentences(text)
    assert len(sentences) == 2
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_abbreviations_do_not_split() -> None:
    text = "The U.S. military said Col. Wayne Marotto confirmed it. A second sentence follows."
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. military said Col. Wayne Marotto confirmed it.",
        "A second sentence follows.",
    ]


@given(st.text(max_size=400))
def test_never_loses_offsets(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip()
