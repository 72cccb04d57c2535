"""Who attacked and who was hit: actor and target-group mentions (data/actors.toml, data/<lang>/targets.toml).

All aliases of a language are compiled once into a token trie, so a text is scanned in one pass (longest
match, no overlaps) whatever the number of aliases. Matching is on a length-preserving fold of the text (lower
case, accents removed, typographic apostrophes and hyphens normalised) so offsets point into the text given;
acronyms colliding with words (EI, IS, RSF, FDS) are matched case-sensitively, the riskiest only in context.

Mention forms:
- "name": a named actor ("Hamas", "l'armée israélienne", "Tsahal").
- "adjective": a country's state forces named through a nationality adjective ("frappe israélienne",
  "Russian strike") or a country name in an agentive slot ("frappes aériennes d'Israël", "la Russie a lancé",
  "strikes by Israel"). `head` holds the adjacent attack/weapon noun (or the verb that makes the country the
  doer), None when there is none: the role (attacker, or a target such as a "drone américain" shot down) is
  the pipeline's call. A bare country name elsewhere ("Les États-Unis ont subi 140 attaques", "en Israël") is
  a place, never an actor mention.
- "generic": an unnamed perpetrator. `actor.canonical` is None and `actor.kind` says what it is:
  "unidentified" (terroristes, gunmen, assaillants, a suicide bomber: perpetrator null by the annotation
  rules), "armed_group"/"militia"/"gang" (unnamed rebels, militiamen, gangs), or "state" with `country` None
  (government forces: the pipeline takes the country from context, then calls `state_actor(country)`).
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import pycountry

DATA_DIR = Path(__file__).parent / "data"

Kind = Literal["state", "armed_group", "militia", "gang", "unidentified"]
Form = Literal["name", "adjective", "generic"]
Group = Literal["security_forces", "civilians", "vessel", "aircraft", "infrastructure", "armed_group"]
GROUPS: tuple[Group, ...] = (
    "security_forces",
    "civilians",
    "vessel",
    "aircraft",
    "infrastructure",
    "armed_group",
)
LANGS = ("fr", "en")


@dataclass(frozen=True)
class Actor:
    canonical: str | None  # None for unidentified/generic actors
    kind: Kind
    country: str | None  # ISO alpha-2: the state's country, or a group's main country of operation


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    form: Form
    # adjective mentions: the adjacent attack/weapon noun ("frappe", "strike"), or for a country name the
    # noun, participle or verb that makes it the doer ("frappes", "lancé"); None when there is none
    head: str | None = None


@dataclass(frozen=True)
class TargetMention:
    start: int
    end: int
    text: str
    group: Group


# --- folding ------------------------------------------------------------------------------------------------

_APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4`"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


def _fold_table(lower: bool) -> dict[int, str]:
    """One character in, one out, so offsets in the folded text are offsets in the original."""
    table: dict[int, str] = {}
    for code in itertools.chain(range(0x80, 0x250), range(0x1E00, 0x1F00), range(ord("A"), ord("Z") + 1)):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if lower:
            low = base.lower()
            base = low if len(low) == 1 else base
        if base != ch:
            table[code] = base
    for ch in _APOSTROPHES:
        table[ord(ch)] = "'"
    for ch in _DASHES:
        table[ord(ch)] = " "
    return table


_FOLD = _fold_table(lower=True)
_FOLD_CASE = _fold_table(lower=False)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SUFFIX_GROUP = re.compile(r"(?<=\w)\(([^()\s]+)\)")
_LOOSE = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _alias_tokens(alias: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded tokens and case-preserved (accent-free) tokens of an alias."""
    folded = [m.group() for m in _TOKEN.finditer(alias.translate(_FOLD))]
    cased = [m.group() for m in _TOKEN.finditer(alias.translate(_FOLD_CASE))]
    return tuple(folded), tuple(cased)


def _expand(alias: str) -> list[str]:
    """ "word(s)" -> "word", "words" (every glued suffix group, combined)."""
    match = _SUFFIX_GROUP.search(alias)
    if match is None:
        return [alias]
    head, tail = alias[: match.start()], alias[match.end() :]
    return [*_expand(head + tail), *_expand(head + match.group(1) + tail)]


def loose_key(name: str) -> str:
    """Loosest identity of a name for dictionary look-ups: folded, punctuation dropped, no leading article."""
    key = _LOOSE.sub(" ", _fold(name)).strip()
    for article in ("the ", "al ", "el "):
        if key.startswith(article) and len(key) > len(article) + 2:
            key = key[len(article) :]
    return key


# --- trie ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    actor: Actor | None
    group: Group | None
    form: Form
    surface: tuple[str | None, ...]  # per token: required exact case, or None (any case)
    near: tuple[str, ...] = ()  # folded stems, one of which must occur in the text
    adjacent: bool = False  # needs a context word beside it and no all-caps neighbour ("IS")
    agentive: bool = False  # country name: needs an agentive slot
    adjective: bool = False  # nationality adjective: origin check and head search
    determined: bool = False  # only after a determiner ("l'armée", "the army")
    priority: int = 1


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)


class _Trie:
    def __init__(self) -> None:
        self.root = _Node()

    def add(self, tokens: tuple[str, ...], entry: _Entry) -> None:
        if not tokens:
            return
        node = self.root
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        if entry not in node.entries:
            node.entries.append(entry)

    def finish(self) -> None:
        stack = [self.root]
        while stack:
            node = stack.pop()
            node.entries.sort(key=lambda e: e.priority)
            stack.extend(node.children.values())


@dataclass(frozen=True)
class _Doc:
    """A text prepared for scanning: folded tokens with offsets, case-preserved tokens."""

    text: str
    folded: str
    spans: tuple[tuple[int, int], ...]
    tokens: tuple[str, ...]
    cased: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Doc:
        folded = _fold(text)
        cased_text = text.translate(_FOLD_CASE)
        spans = tuple(m.span() for m in _TOKEN.finditer(folded))
        return cls(
            text,
            folded,
            spans,
            tuple(folded[s:e] for s, e in spans),
            tuple(cased_text[s:e] for s, e in spans),
        )


def _scan(trie: _Trie, doc: _Doc, accept: Any) -> Iterator[tuple[int, int, _Entry]]:
    """Longest accepted match at each token, left to right, no overlaps. Yields (first, end) token indexes."""
    n = len(doc.tokens)
    i = 0
    while i < n:
        node = trie.root
        best: tuple[int, _Entry] | None = None
        j = i
        while j < n:
            child = node.children.get(doc.tokens[j])
            if child is None:
                break
            node = child
            j += 1
            for entry in node.entries:
                if _case_ok(entry, doc, i) and accept(entry, doc, i, j):
                    best = (j, entry)
                    break
        if best is None:
            i += 1
            continue
        yield i, best[0], best[1]
        i = best[0]


def _case_ok(entry: _Entry, doc: _Doc, i: int) -> bool:
    return all(want is None or doc.cased[i + k] == want for k, want in enumerate(entry.surface))


# --- data ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    guard_before: frozenset[str]
    determiners: frozenset[str]
    guard_after: frozenset[str]
    origin_before: frozenset[str]
    origin_after: frozenset[str]
    heads: dict[str, frozenset[str]]
    glue: dict[str, frozenset[str]]
    agent_heads: dict[str, frozenset[str]]
    agent_participles: dict[str, frozenset[str]]
    agent_preps: dict[str, frozenset[str]]
    agent_articles: frozenset[str]
    agent_verbs: dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class _Data:
    raw: dict[str, Any]
    rules: _Rules
    states: dict[str, Actor]  # alpha-2 -> state forces
    adjective_actors: dict[str, Actor]  # alpha-2 -> actor meant by the nationality adjective
    by_canonical: dict[str, Actor]


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(_fold(v) for v in values)


def _phrases(values: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({_alias_tokens(v)[0] for v in values}, key=len, reverse=True))


@cache
def _data() -> _Data:
    raw = tomllib.loads((DATA_DIR / "actors.toml").read_text(encoding="utf-8"))
    heads = raw["heads"]
    agent = raw["agent"]
    rules = _Rules(
        guard_before=_words(raw["guard"]["before"]),
        determiners=_words(raw["determiners"]["words"]),
        guard_after=_words(raw["guard"]["after"]),
        origin_before=_words(raw["origin"]["before"]),
        origin_after=_words(raw["origin"]["after"]),
        heads={lang: _words(heads[lang]) for lang in LANGS},
        glue={lang: _words(heads[f"{lang}_glue"]) for lang in LANGS},
        agent_heads={
            lang: _words(heads[lang]) - _words(agent.get(f"{lang}_not_heads", [])) for lang in LANGS
        },
        agent_participles={lang: _words(agent[f"{lang}_participles"]) for lang in LANGS},
        agent_preps={lang: _words(agent[f"{lang}_preps"]) for lang in LANGS},
        agent_articles=_words(agent["fr_articles"]),
        agent_verbs={lang: _phrases(agent[f"{lang}_verbs"]) for lang in LANGS},
    )
    states: dict[str, Actor] = {}
    adjective_actors: dict[str, Actor] = {}
    by_canonical: dict[str, Actor] = {}
    for entry in raw["actor"]:
        actor = Actor(entry["canonical"], cast(Kind, entry["kind"]), entry.get("country"))
        by_canonical[actor.canonical or ""] = actor
    for entry in raw["state"]:
        country = entry["country"]
        actor = by_canonical.get(entry["canonical"]) or Actor(entry["canonical"], "state", country)
        by_canonical.setdefault(entry["canonical"], actor)
        states[country] = actor
    for entry in raw["state"]:
        override = entry.get("adjective_actor")
        adjective_actors[entry["country"]] = by_canonical[override] if override else states[entry["country"]]
    return _Data(raw, rules, states, adjective_actors, by_canonical)


def _langs(lang: str | None) -> tuple[str, ...]:
    return (lang,) if lang in LANGS else LANGS


def _add_aliases(trie: _Trie, aliases: Iterable[str], make: Any, exact: bool = False) -> None:
    for alias in aliases:
        for variant in _expand(alias):
            folded, cased = _alias_tokens(variant)
            surface = tuple(c if exact and any(ch.isupper() for ch in c) else None for c in cased)
            entry: _Entry = make(surface)
            trie.add(folded, entry)
            if len(folded) > 1 and folded[0] in ("al", "el"):
                trie.add(folded[1:], make(surface[1:]))


def _add_guarded(trie: _Trie, guarded: Iterable[dict[str, Any]], actor: Actor) -> None:
    for spec in guarded:
        alias = spec["alias"]
        exact = bool(spec.get("exact", alias.upper() == alias))
        near = tuple(_fold(s) for s in spec.get("near", ()))
        adjacent = bool(spec.get("adjacent", False))

        def make(
            surface: tuple[str | None, ...], near: tuple[str, ...] = near, adjacent: bool = adjacent
        ) -> _Entry:
            return _Entry(actor, None, "name", surface, near=near, adjacent=adjacent, priority=0)

        _add_aliases(trie, [alias], make, exact=exact)


@cache
def _actor_trie(lang: str | None) -> _Trie:
    data = _data()
    raw = data.raw
    langs = _langs(lang)
    trie = _Trie()

    def named(actor: Actor, entry: dict[str, Any]) -> None:
        def make(surface: tuple[str | None, ...]) -> _Entry:
            return _Entry(actor, None, "name", surface, priority=1)

        def make_exact(surface: tuple[str | None, ...]) -> _Entry:
            return _Entry(actor, None, "name", surface, priority=0)

        _add_aliases(trie, entry.get("names", []), make)
        for code in langs:
            _add_aliases(trie, entry.get(code, []), make)
        _add_aliases(trie, entry.get("exact", []), make_exact, exact=True)
        _add_guarded(trie, entry.get("guarded", []), actor)

    for entry in raw["actor"]:
        named(data.by_canonical[entry["canonical"]], entry)
    force_nouns = raw["force_nouns"]
    for entry in raw["state"]:
        country = entry["country"]
        state = data.states[country]
        named(state, entry)
        adjective_actor = data.adjective_actors[country]
        for code in langs:
            adjectives = entry["adjectives"].get(code, [])
            exact_adjectives = entry.get("exact_adjectives", {}).get(code, [])
            for nouns, adjs, exact in (
                (force_nouns[code], adjectives, False),
                (force_nouns[code], exact_adjectives, True),
            ):
                phrases = [f"{n} {a}" if code == "fr" else f"{a} {n}" for n in nouns for a in adjs]

                def make_force(surface: tuple[str | None, ...], actor: Actor = adjective_actor) -> _Entry:
                    return _Entry(actor, None, "name", surface, priority=1)

                _add_aliases(trie, phrases, make_force, exact=exact)

            def make_adj(surface: tuple[str | None, ...], actor: Actor = adjective_actor) -> _Entry:
                return _Entry(actor, None, "adjective", surface, adjective=True, priority=2)

            def make_country(surface: tuple[str | None, ...], actor: Actor = state) -> _Entry:
                return _Entry(actor, None, "adjective", surface, agentive=True, priority=2)

            _add_aliases(trie, adjectives, make_adj)
            _add_aliases(trie, exact_adjectives, make_adj, exact=True)
            _add_aliases(trie, entry["countries"].get(code, []), make_country)
    for entry in raw["generic"]:
        actor = Actor(None, cast(Kind, entry["kind"]), None)

        def make_generic(surface: tuple[str | None, ...], actor: Actor = actor) -> _Entry:
            return _Entry(actor, None, "generic", surface, priority=3)

        def make_determined(surface: tuple[str | None, ...], actor: Actor = actor) -> _Entry:
            return _Entry(actor, None, "generic", surface, determined=True, priority=3)

        for code in langs:
            _add_aliases(trie, entry.get(code, []), make_generic)
        _add_aliases(trie, entry.get("determined", []), make_determined)
        _add_aliases(trie, entry.get("exact", []), make_generic, exact=True)
    trie.finish()
    return trie


# --- context checks -----------------------------------------------------------------------------------------


def _is_caps_word(token: str) -> bool:
    return len(token) > 1 and token.isalpha() and token.isupper()


def _accept_actor() -> Any:
    rules = _data().rules

    def accept(entry: _Entry, doc: _Doc, i: int, j: int) -> bool:
        if entry.near and not any(stem in doc.folded for stem in entry.near):
            return False
        if entry.adjacent and not _adjacent_ok(rules, doc, i, j):
            return False
        if entry.adjective and _origin(rules, doc, i, j):
            return False
        return not entry.determined or (
            i > 0 and (doc.tokens[i - 1] in rules.determiners or doc.tokens[i - 1].isdigit())
        )

    return accept


_AND = frozenset({"et", "and"})
_BOUNDARY = frozenset('.!?:;"(\u00ab\u201c')


def _adjacent_ok(rules: _Rules, doc: _Doc, i: int, j: int) -> bool:
    """ "IS" as the Islamic State: beside a context word ("the IS group", "claimed by IS", "(IS, ...") or as
    a sentence subject followed by a lower-case word ("IS claimed"); never inside an all-caps run."""
    before = doc.cased[i - 1] if i > 0 else ""
    after = doc.cased[j] if j < len(doc.tokens) else ""
    if _is_caps_word(before) or _is_caps_word(after):
        return False
    if before.lower() in rules.guard_before or after.lower() in rules.guard_after or before == "(":
        return True
    return (not before or before in _BOUNDARY) and after.isalpha() and after.islower()


def _origin(rules: _Rules, doc: _Doc, i: int, j: int) -> bool:
    """ "drones de fabrication iranienne", "Iranian-made", "pro-iraniens": a provenance, not an attacker."""
    return (i > 0 and doc.tokens[i - 1] in rules.origin_before) or (
        j < len(doc.tokens) and doc.tokens[j] in rules.origin_after
    )


def _head(rules: _Rules, lang: str, doc: _Doc, i: int, j: int) -> int | None:
    """Index of the attack/weapon noun an adjective modifies: before it in French, after it in English."""
    heads, glue = rules.heads[lang], rules.glue[lang]
    step, k = (-1, i - 1) if lang == "fr" else (1, j)
    for _ in range(5):
        if not 0 <= k < len(doc.tokens):
            return None
        token = doc.tokens[k]
        if token in heads:
            return k
        if token not in glue:
            return None
        k += step
    return None


def _agentive(rules: _Rules, lang: str, doc: _Doc, i: int, j: int) -> int | None:
    """A country name as the doer: "frappes d'Israël", "la Russie a lancé", "strikes by Israel".

    Returns the index of the token that makes it agentive (attack noun, participle or verb), else None.
    """
    tokens = doc.tokens
    # "Les Etats-Unis et le Royaume-Uni ont mené": the verb may follow a coordinated second subject.
    starts = [j]
    if j < len(tokens) and tokens[j] in _AND:
        starts += [m for m in range(j + 2, min(j + 7, len(tokens))) if tokens[m].isalpha()]
        starts = starts[: next((n for n, m in enumerate(starts) if not tokens[m - 1].isalpha()), len(starts))]
    for start in starts:
        for verb in rules.agent_verbs[lang]:
            if tokens[start : start + len(verb)] == verb:
                return start + len(verb) - 1
    if lang == "en" and tokens[j : j + 2] == ("'", "s"):
        return _head(rules, lang, doc, j + 1, j + 2)
    k = i - 1
    if lang == "fr":
        while k >= 0 and tokens[k] in rules.agent_articles and i - k <= 2:
            k -= 1
    if k < 0 or tokens[k] not in rules.agent_preps[lang]:
        return None
    passive = tokens[k] in ("par", "by")
    if k > 0 and tokens[k - 1] in rules.origin_after:
        return None
    heads = rules.agent_participles[lang] | rules.heads[lang] if passive else rules.agent_heads[lang]
    glue = rules.glue[lang]
    for m in range(k - 1, max(-1, k - 5), -1):
        if tokens[m] in heads:
            return m
        if tokens[m] not in glue and not passive:
            return None
    return None


# --- public API ---------------------------------------------------------------------------------------------


def find_actors(text: str, lang: str | None) -> list[ActorMention]:
    """Actor mentions in `text`, left to right: longest match, no overlaps, offsets into `text`."""
    doc = _Doc.of(text)
    rules = _data().rules
    accept = _accept_actor()
    mentions: list[ActorMention] = []
    for i, j, entry in _scan(_actor_trie(lang), doc, accept):
        start, end = doc.spans[i][0], doc.spans[j - 1][1]
        head: str | None = None
        if entry.adjective:
            for code in _langs(lang):
                k = _head(rules, code, doc, i, j)
                if k is not None:
                    head = text[doc.spans[k][0] : doc.spans[k][1]]
                    break
        elif entry.agentive:
            # A country name consumes its span either way ("Saudi" in "Saudi Arabia" is no adjective), but is
            # an actor only in an agentive slot; elsewhere it is a place.
            agent = next(
                (k for code in _langs(lang) if (k := _agentive(rules, code, doc, i, j)) is not None), None
            )
            if agent is None:
                continue
            head = text[doc.spans[agent][0] : doc.spans[agent][1]]
        assert entry.actor is not None
        mentions.append(ActorMention(start, end, text[start:end], entry.actor, entry.form, head))
    return mentions


@cache
def _target_trie(lang: str | None) -> _Trie:
    trie = _Trie()
    for code in _langs(lang):
        path = DATA_DIR / code / "targets.toml"
        if not path.is_file():
            continue
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for group in GROUPS:
            spec = raw.get(group, {})

            def make(surface: tuple[str | None, ...], group: Group = group) -> _Entry:
                return _Entry(None, group, "name", surface, priority=1)

            def make_exact(surface: tuple[str | None, ...], group: Group = group) -> _Entry:
                return _Entry(None, group, "name", surface, priority=0)

            _add_aliases(trie, spec.get("terms", []), make)
            _add_aliases(trie, spec.get("exact", []), make_exact, exact=True)
    trie.finish()
    return trie


@dataclass(frozen=True)
class _TargetRules:
    instrument_groups: frozenset[str]
    instrument_before: frozenset[str]
    instrument_after: frozenset[str]
    determined: frozenset[tuple[str, ...]]  # terms that are nouns only after a determiner ("des militaires")
    determiners: frozenset[str]


@cache
def _target_rules(lang: str | None) -> _TargetRules:
    found: dict[str, set[Any]] = {
        k: set() for k in ("groups", "before", "after", "determined", "determiners")
    }
    for code in _langs(lang):
        path = DATA_DIR / code / "targets.toml"
        if not path.is_file():
            continue
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        instrument, determined = raw.get("instrument", {}), raw.get("determined", {})
        found["groups"] |= set(instrument.get("groups", []))
        found["before"] |= _words(instrument.get("before", []))
        found["after"] |= _words(instrument.get("after", []))
        found["determined"] |= {_alias_tokens(v)[0] for t in determined.get("terms", []) for v in _expand(t)}
        found["determiners"] |= _words(determined.get("before", []))
    return _TargetRules(
        *(frozenset(found[k]) for k in ("groups", "before", "after", "determined", "determiners"))
    )


def find_targets(text: str, lang: str | None) -> list[TargetMention]:
    """Target-group mentions in `text` (longest match, no overlaps).

    A weapon named as the means of an attack ("frappe de drone", "drone strike") is not a target; a word that
    is also an adjective ("militaire") counts only after a determiner or a number.
    """
    rules = _target_rules(lang)

    def accept(entry: _Entry, doc: _Doc, i: int, j: int) -> bool:
        before = doc.tokens[i - 1] if i > 0 else ""
        after = doc.tokens[j] if j < len(doc.tokens) else ""
        instrument = before in rules.instrument_before or after in rules.instrument_after
        if entry.group in rules.instrument_groups and instrument:
            return False
        if doc.tokens[i:j] in rules.determined:
            return before in rules.determiners or before.isdigit()
        return True

    doc = _Doc.of(text)
    mentions: list[TargetMention] = []
    for i, j, entry in _scan(_target_trie(lang), doc, accept):
        start, end = doc.spans[i][0], doc.spans[j - 1][1]
        assert entry.group is not None
        mentions.append(TargetMention(start, end, text[start:end], entry.group))
    return mentions


# --- canonical names ----------------------------------------------------------------------------------------

_UNIDENTIFIED = re.compile(
    r"^(?:unidentified|unknown|civilians|protesters|rioters|private security|inconnu|non identifi)",
    re.IGNORECASE,
)
_STATE_FORCES = re.compile(
    r"^(?:military|police|armed|security)\s+forces\s+of\s+(?:the\s+)?(?P<country>.+?)"
    r"\s*(?:\((?P<years>\d{4}-(?:\d{4})?)\)\s*(?P<unit>.*))?$|"
    r"^government\s+of\s+(?:the\s+)?(?P<gcountry>.+?)\s*(?:\(\d{4}-(?:\d{4})?\).*)?$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\(([^()]*)\)")
_NOT_FOUND = "\x00"


@cache
def _canonical_index() -> dict[str, str | None]:
    """loose key -> canonical (None for generic perpetrators). Keys claimed by two actors are dropped."""
    data = _data()
    raw = data.raw
    index: dict[str, str | None] = {}
    clashes: set[str] = set()

    def put(alias: str, canonical: str | None, strong: bool = False) -> None:
        for variant in _expand(alias):
            keys = {loose_key(variant)}
            folded = _alias_tokens(variant)[0]
            if len(folded) > 1 and folded[0] in ("al", "el"):
                keys.add(loose_key(" ".join(folded[1:])))
            for key in keys:
                if not key:
                    continue
                if strong or key not in index:
                    index[key] = canonical
                elif index[key] != canonical:
                    clashes.add(key)

    def aliases(entry: dict[str, Any]) -> Iterator[str]:
        yield entry["canonical"]
        for name in ("names", "fr", "en", "exact"):
            yield from entry.get(name, [])
        for spec in entry.get("guarded", []):
            yield spec["alias"]

    for section in ("actor", "state"):
        for entry in raw[section]:
            for alias in aliases(entry):
                put(alias, entry["canonical"])
    force_nouns = raw["force_nouns"]
    for entry in raw["state"]:
        target = data.adjective_actors[entry["country"]].canonical
        for code in LANGS:
            adjs = entry["adjectives"].get(code, []) + entry.get("exact_adjectives", {}).get(code, [])
            for noun in force_nouns[code]:
                for adj in adjs:
                    put(f"{noun} {adj}" if code == "fr" else f"{adj} {noun}", target)
    for entry in raw["generic"]:
        for alias in itertools.chain(entry.get("fr", []), entry.get("en", []), entry.get("exact", [])):
            put(alias, None)
    for key in clashes:
        index.pop(key, None)
    # Dataset spellings are authoritative and win over a clash.
    for section in ("actor", "state"):
        for entry in raw[section]:
            for alias in entry.get("datasets", []):
                put(alias, entry["canonical"], strong=True)
    return index


@cache
def _country_code(name: str) -> str | None:
    key = loose_key(name)
    table: dict[str, str] = _data().raw["country_names"]
    if key in table:
        return table[key]
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        return None


@cache
def state_actor(country: str) -> Actor | None:
    """State forces of a country (ISO alpha-2): listed states by name, others as "Military Forces of X"."""
    code = country.upper()
    listed = _data().states.get(code)
    if listed is not None:
        return listed
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return None
    name = getattr(record, "common_name", None) or record.name
    return Actor(f"Military Forces of {name}", "state", code)


def actor_by_canonical(canonical: str) -> Actor | None:
    return _data().by_canonical.get(canonical)


def canonical_actor(name: str) -> str | None:
    """Canonical name for any alias or dataset spelling.

    "Houthi extremists (Ansar Allah)", "Military Forces of Israel (2022-)", "Al-Shabaab" all resolve; None for
    unidentified actors ("Unidentified Armed Group (Syria)", "gunmen") and for names it does not know.
    """
    found = _canonical(name.strip())
    return None if found == _NOT_FOUND else found


@cache
def _canonical(name: str) -> str | None:
    if not name or _UNIDENTIFIED.match(name):
        return None
    index = _canonical_index()
    key = loose_key(name)
    if key in index:
        return index[key]
    forces = _STATE_FORCES.match(name)
    if forces:
        country = forces.group("country") or forces.group("gcountry")
        code = _country_code(country) if country else None
        unit = forces.group("unit")
        if unit:
            prefix = name[: forces.start("unit")].strip()
            if loose_key(prefix) in index:
                return index[loose_key(prefix)]
            known = _canonical(unit)
            actor = _data().by_canonical.get(known or "") if known != _NOT_FOUND else None
            if actor is not None and actor.country in (None, code):
                return actor.canonical
        state = state_actor(code) if code else None
        if state is not None:
            return state.canonical
    for separator in (" and/or ", ": ", " - "):
        if separator in name:
            first, _, rest = name.partition(separator)
            for part in (rest, first) if separator == ": " else (first,):
                known = _canonical(part.strip())
                if known not in (None, _NOT_FOUND):
                    return known
    inner = _PAREN.findall(name)
    if inner:
        outer = _PAREN.sub(" ", name).strip()
        # "(Syria)" in "Opposition Rebels (Syria)" says where, not who.
        for part in (outer, *(p for p in inner if _country_code(p) is None)):
            if part and part != name:
                known = _canonical(part)
                if known not in (None, _NOT_FOUND):
                    return known
    named = {m.actor.canonical for m in find_actors(name, None) if m.form == "name" and m.actor.canonical}
    if len(named) == 1:
        return named.pop()
    return _NOT_FOUND
