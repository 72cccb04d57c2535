"""Name canonicalisation for comparing gold and predicted values.

The extraction core owns the real canonicalisers (`tocsin.extraction.actors`, `tocsin.extraction.places`).
They are imported lazily so the harness still runs, with a plain folded-string compare, while they are missing
or when they return None. Nothing here looks at the gold to change a prediction: each side is canonicalised
on its own.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pycountry

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENS = re.compile(r"\([^)]*\)")
# Arabic articles glued by a hyphen or a space ("al-Shabaab", "Al Anbar", "Salah ad-Din").
_ARABIC_ARTICLE = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an)[-\s]+(?=\w)")
_ACTOR_ARTICLE = re.compile(r"\b(?:al|el)[-\s]+(?=\w)")
_ADMIN_WORDS = re.compile(
    r"\b(?:province|governorate|oblast|region|state|wilaya|department|prefecture|county|muhafazah)\b"
)

# Names that pycountry's exact lookup misses, as spelled by ACLED and GTD (fallback only).
_COUNTRY_ALIASES = {
    "turkey": "TR",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of congo": "CG",
    "palestine": "PS",
    "west bank and gaza strip": "PS",
    "russia": "RU",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "curacao": "CW",
    "cape verde": "CV",
    "bailiwick of guernsey": "GG",
    "kosovo": "XK",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "vietnam": "VN",
    "south korea": "KR",
    "north korea": "KP",
    "moldova": "MD",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "macedonia": "MK",
    "east timor": "TL",
    "micronesia": "FM",
}


def fold(text: str | None) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: the loosest sensible string identity."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", plain).strip()


def fold_place(text: str | None) -> str:
    """Fold plus Arabic articles and administrative words ("province", "governorate") removed."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = _ADMIN_WORDS.sub(" ", _ARABIC_ARTICLE.sub("", plain))
    return _NON_ALNUM.sub(" ", plain).strip()


def fold_actor(text: str | None) -> str:
    """Fold for actor names: parentheses and the "al-" article dropped ("al-Shabaab" = "Al Shabaab")."""
    if not text:
        return ""
    return fold(_ACTOR_ARTICLE.sub("", _PARENS.sub(" ", text.lower())))


def _optional_attr(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except Exception:  # the module may be missing or half-written while other work is in progress
        return None


@functools.cache
def _actor_canonicaliser() -> Callable[[str], object] | None:
    fn = _optional_attr("tocsin.extraction.actors", "canonical_actor")
    return fn if callable(fn) else None


@functools.cache
def _gazetteer() -> Any:
    factory = _optional_attr("tocsin.extraction.places", "default_gazetteer")
    if not callable(factory):
        return None
    try:
        return factory()
    except Exception:
        return None


def availability() -> dict[str, bool]:
    """Which core canonicalisers were importable (the report says whether the fallback compare was used)."""
    gazetteer = _gazetteer()
    return {
        "canonical_actor": _actor_canonicaliser() is not None,
        "gazetteer.admin1_canonical": callable(getattr(gazetteer, "admin1_canonical", None)),
        "gazetteer.country_code": callable(getattr(gazetteer, "country_code", None)),
    }


def _call(fn: Any, *args: object) -> str | None:
    if not callable(fn):
        return None
    try:
        value = fn(*args)
    except Exception:
        return None
    return value if isinstance(value, str) and value else None


def actor_key(name: str | None) -> str:
    """Comparison key of a perpetrator name ("" for none)."""
    if not name:
        return ""
    canonical = _call(_actor_canonicaliser(), name)
    return fold_actor(canonical or name)


def same_actor(gold: str | None, pred: str | None) -> bool:
    return actor_key(gold) == actor_key(pred)


def admin1_key(country: str | None, name: str | None) -> str:
    """Comparison key of a first-level unit, through the gazetteer when it knows the name."""
    if not name:
        return ""
    gazetteer = _gazetteer()
    canonical = _call(getattr(gazetteer, "admin1_canonical", None), country, name) if gazetteer else None
    return fold_place(canonical or name)


def same_admin1(
    gold_country: str | None, gold: str | None, pred_country: str | None, pred: str | None
) -> bool:
    return admin1_key(gold_country, gold) == admin1_key(pred_country, pred)


@functools.cache
def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code of a country name (gazetteer first, then pycountry exact lookup, then aliases)."""
    if not name:
        return None
    gazetteer = _gazetteer()
    code = _call(getattr(gazetteer, "country_code", None), name) if gazetteer else None
    if code:
        return code.upper()
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return _COUNTRY_ALIASES.get(fold(name))


def same_location(gold: str | None, pred: str | None) -> bool:
    """Loose place compare: equal when both are empty, or one folded name contains the other."""
    g, p = fold_place(gold), fold_place(pred)
    if not g or not p:
        return g == p
    return g in p or p in g


_STOP = frozenset(
    {"the", "of", "and", "in", "on", "at", "a", "an", "near", "with", "from", "for", "its", "their"}
    | {"de", "des", "du", "la", "le", "les", "l", "d", "et", "en", "au", "aux", "un", "une"}
)


def _content_tokens(text: str | None) -> set[str]:
    return {t for t in fold(text).split() if len(t) > 2 and t not in _STOP}


def same_target(gold: str | None, pred: str | None) -> bool:
    """Loose target compare: containment either way, or half of the shorter side's content words shared."""
    if same_location(gold, pred):
        return True
    g, p = _content_tokens(gold), _content_tokens(pred)
    if not g or not p:
        return False
    return len(g & p) * 2 >= min(len(g), len(p))


def token_overlap(a: str | None, b: str | None) -> float:
    """Jaccard overlap of content words, used only to break ties when matching incidents."""
    x, y = _content_tokens(a), _content_tokens(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)
