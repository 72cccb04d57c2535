"""The lexicons' own invariants: what the compiled unions of triggers rely on."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from tocsin.extraction.lexicon import DATA_DIR, lexicon, supported_languages

try:  # Python 3.11+: the parser moved
    import re._constants as C  # type: ignore[import-not-found]
    import re._parser as P  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]


def _alternatives(items: list[Any]) -> list[list[Any]]:
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return [list(b) for b in items[0][1][1]]
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        return _alternatives(list(items[0][1][3]))
    return [items]


def _starts_at_word_boundary(items: list[Any]) -> bool:
    i = 0
    while i < len(items) and items[i][0] is C.ASSERT_NOT and items[i][1][0] == -1:
        i += 1  # negative lookbehinds ("(?<!s')") come before the boundary
    if i >= len(items):
        return False
    op, arg = items[i]
    if op is C.AT:
        return arg is C.AT_BOUNDARY
    if op is C.SUBPATTERN:
        return all(_starts_at_word_boundary(a) for a in _alternatives(list(arg[3])))
    if op is C.BRANCH:
        return all(_starts_at_word_boundary(list(b)) for b in arg[1])
    return False


@pytest.mark.parametrize("lang", supported_languages())
def test_every_trigger_alternative_starts_at_a_word_boundary(lang: str) -> None:
    # lexicon._union_at_word_starts prefixes the union with (?<!\w): only right if no trigger starts mid-word.
    data = tomllib.loads((DATA_DIR / lang / "events.toml").read_text(encoding="utf-8"))
    offenders = [
        t["pattern"]
        for t in data["trigger"]
        if not all(_starts_at_word_boundary(a) for a in _alternatives(list(P.parse(t["pattern"]))))
    ]
    assert not offenders


def test_the_check_itself_catches_a_mid_word_trigger() -> None:
    assert not all(_starts_at_word_boundary(a) for a in _alternatives(list(P.parse(r"\battaque|bombard"))))
    assert all(
        _starts_at_word_boundary(a) for a in _alternatives(list(P.parse(r"(?<!s')\battaqu(?:e|es)\b|\braid")))
    )


@pytest.mark.parametrize(
    ("lang", "sentence", "hit"),
    [
        # seed article, shared/seeds/000_ab7640e8a7088d5b.txt
        ("fr", "Un drone américain MQ-9 Reaper a été abattu jeudi soir près de Balad.", "abattu"),
        ("fr", "La Bourse de Paris a terminé en hausse vendredi.", None),
        ("en", "Gunmen attacked a checkpoint in Borno on Tuesday.", "gunmen"),  # the actor is a trigger too
    ],
)
def test_candidate_union_finds_triggers_at_word_starts(lang: str, sentence: str, hit: str | None) -> None:
    found = lexicon(lang).candidate.search(sentence)
    data = tomllib.loads((DATA_DIR / lang / "events.toml").read_text(encoding="utf-8"))
    plain = re.compile(
        "|".join(f"(?:{t['pattern']})" for t in data["trigger"]), re.I
    )  # without the prefilter
    assert (found.group() if found else None) == (m.group() if (m := plain.search(sentence)) else None)
    if hit is not None:
        assert found is not None and found.group().lower() == hit


@pytest.mark.parametrize(
    "sentence",
    [
        # Written for this test in wire style: forms of attack reports that the English lexicon must gate in.
        "Government forces exchanged artillery fire with rebels near the border town.",
        "Police beat up two journalists outside the court.",
        "Soldiers beat a group of farmers with rifle butts at the checkpoint.",
        "Two officers were shot by a man at a roadblock.",
        "A shell fired by the rebels fell on a market.",
        "Two bombs went off near the governor's office.",
        "The army thwarted an insurgent infiltration attempt overnight.",
    ],
)
def test_english_attack_forms_pass_the_relevance_gate(sentence: str) -> None:
    assert lexicon("en").any_trigger.search(sentence)
