"""No input makes the decoder or the core raise anything but a documented rejection (issue: robustness).

Property-based: arbitrary bytes into the decoder; arbitrary and pathological text (very long tokens and lines,
deep repetition of trigger words, numbers and place names) into the extractor. Speed is not asserted here.
"""

from __future__ import annotations

from functools import cache

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.contracts import load_schema
from tocsin.extraction.language import UnsupportedLanguage
from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import Extractor
from tocsin.records import Rejection, decode_article

# Words that reach every step of the core: triggers, tolls, dates, places, actors, traps (both languages).
VOCABULARY = [
    "attaque",
    "frappe",
    "drone",
    "abattu",
    "tués",
    "blessés",
    "au moins",
    "douze",
    "30 à 32",
    "morts",
    "mardi",
    "la veille",
    "le 8 janvier",
    "Balad",
    "Bagdad",
    "Irak",
    "Mogadiscio",
    "Résistance islamique en Irak",
    "depuis",
    "revendiqué",
    "attack",
    "killed",
    "wounded",
    "at least",
    "rockets",
    "Friday",
    "Gaza",
    "Kyiv",
    "Houthis",
    "claimed responsibility",
    "since",
    "suicide bomber",
    "Lire aussi :",
    "«",
    "»",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "'",
]


@cache
def extractor() -> Extractor:
    return Extractor()


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_decoder_only_rejects(raw: bytes) -> None:
    try:
        decode_article(raw)
    except Rejection as rejection:
        assert rejection.reason in load_schema("deadletter")["properties"]["reason"]["enum"]
        assert rejection.detail


@given(
    st.dictionaries(
        st.sampled_from(["id", "text", "published", "language", "title", "url", "source", "extra"]),
        st.one_of(
            st.none(),
            st.integers(-(2**63), 2**63 - 1),
            st.text(max_size=50),
            st.lists(st.integers(0, 9), max_size=3),
        ),
    )
)
@settings(max_examples=300, deadline=None)
def test_wrong_shapes_are_rejected_with_a_reason(record: dict[str, object]) -> None:
    try:
        article = decode_article(orjson.dumps(record))
    except Rejection as rejection:
        assert rejection.detail
    else:
        assert isinstance(article.text, str) and article.text.strip()


pathological = st.one_of(
    st.text(max_size=3000),
    st.lists(st.sampled_from(VOCABULARY), max_size=400).map(" ".join),
    st.builds(
        lambda w, n: w * n,
        st.sampled_from(["a", "9", "attaque ", "au moins ", "É", ". ", "\n"]),
        st.integers(1, 20000),
    ),
    st.builds(lambda n: "x" * n + " attaque tués 12", st.integers(1000, 60000)),
)


@given(pathological, st.sampled_from(["fr", "en"]))
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
def test_core_never_raises(text: str, lang: str) -> None:
    if not text.strip():
        return
    try:
        result = extractor().extract(Article(id="prop", text=text, language=lang))
    except UnsupportedLanguage:
        return
    assert result.incidents or result.reason
    for incident in result.incidents:
        assert 0.0 <= incident.confidence <= 1.0
        assert 0 <= incident.evidence.start < incident.evidence.end
        assert incident.evidence.text.strip()


PATHOLOGICAL = {
    "one long token": "a" * 60_000,
    "a trigger glued into one token": "attaque" * 8_000,
    "thousands of short lines": "Une attaque à Mopti.\n" * 2_000,
    "deep repetition of a trigger": "attaque " * 6_000,
    "tolls without end": "au moins 3 tués, " * 2_000,
    "one sentence without punctuation": "une attaque a tué des soldats près de Balad en Irak et " * 800,
    "nested brackets": "(" * 5_000 + "attaque à Gao" + ")" * 5_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_gives_a_result_not_an_exception(name: str) -> None:
    result = extractor().extract(Article(id=name, text=PATHOLOGICAL[name], language="fr"))
    assert result.article_id == name
    assert result.incidents or result.reason  # either incidents or the reason why there are none


def test_an_article_over_its_time_budget_yields_the_timeout_reason() -> None:
    # Budget 0: the first check fails, whatever the machine's speed (no wall-clock assertion).
    seed = "Un drone MQ-9 américain a été abattu près de la base aérienne de Balad, en Irak."
    over = Extractor(budget_s=0.0).extract(Article(id="t", text=seed, language="fr"))
    assert (over.incidents, over.reason) == ([], "timeout")
    within = extractor().extract(Article(id="t", text=seed, language="fr"))
    assert within.reason != "timeout"
