"""Compiles a language's casualty-toll lexicon (data/<lang>/numbers.toml) into the regexes of numbers.py.

Everything that varies by language is in the TOML; this module only knows the grammar the templates share,
so a new language is a new TOML file. Every repetition is bounded and every template starts on a word or a
digit, so matching cost is linear in the sentence length (no nested quantifiers over overlapping classes).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).parent / "data"
FLAGS = re.IGNORECASE

Kind = Literal["killed", "injured", "missing", "abducted"]
Qualifier = Literal["exact", "at_least", "more_than", "approx", "range", "vague", "zero"]
KINDS: tuple[Kind, ...] = ("killed", "injured", "missing", "abducted")
QUALIFIER_KEYS: tuple[Qualifier, ...] = ("at_least", "more_than", "approx", "exact")
_FORMS = ("nouns", "participles", "perfect", "active_participles", "active_forms")
_ZERO_KINDS: tuple[tuple[str, tuple[Kind, ...]], ...] = (
    ("both", ("killed", "injured")),
    ("killed", ("killed",)),
    ("injured", ("injured",)),
)
_NEVER = "(?!)"
_UPPER = r"A-Z\u00c0-\u00d6\u00d8-\u00de"


def key(text: str) -> str:
    """Lexicon lookup key: lower case, single spaces."""
    return re.sub(r"\s+", " ", text.strip().lower())


def _phrase(p: str) -> str:
    """A literal lexicon phrase as a regex: any whitespace between words, whole words at both ends."""
    p = p.strip()
    body = re.sub(r"(?:\\ )+", r"\\s+", re.escape(p))
    pre = r"(?<!\w)" if p[:1].isalnum() else ""
    post = r"(?!\w)" if p[-1:].isalnum() else ""
    return pre + body + post


def _alt(phrases: Iterable[str]) -> str:
    items = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(_phrase(p) for p in items) + ")" if items else _NEVER


def _rx(pattern: str) -> str:
    return f"(?:{pattern})" if pattern.strip() else _NEVER


def _rx_alt(patterns: Iterable[str]) -> str:
    parts = [p for p in patterns if p.strip()]
    return "(?:" + "|".join(f"(?:{p})" for p in parts) + ")" if parts else _NEVER


def _not_after(words: Iterable[str]) -> str:
    """Fixed-width lookbehinds: not right after any of these words ("l'" glued, others before a space)."""
    return "".join(rf"(?<!{re.escape(w)})" if w.endswith("'") else rf"(?<!\b{re.escape(w)}\s)" for w in words)


@dataclass(frozen=True)
class Template:
    """One sentence shape that states a toll; groups: subj*/victim (who), k* (toll word), names."""

    regex: re.Pattern[str]
    kind: Kind | None  # None: read from the toll word that matched
    fixed: tuple[int | None, Qualifier] | None = None  # definite subjects: the value is set by the template
    active: bool = False  # the toll verb comes first: the span runs from the verb to the victims
    names: bool = False  # count the named victims
    coordinated: bool = False  # count the coordinated noun phrases (Lexicon.coord_unit)
    anchored: bool = False  # starts with a quantity: tried only where one can start (speed)
    trigger: re.Pattern[str] | None = None  # tried only in sentences where this matches (speed)


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, int]
    multipliers: dict[str, int]
    articles: frozenset[str]
    approx_nouns: dict[str, int]
    approx_words: frozenset[str]
    qualifiers: dict[str, Qualifier]
    postposed: tuple[tuple[str, Qualifier], ...]
    update_before: re.Pattern[str] | None  # "est passé de 21 à 24": a revised toll, not a range
    token: re.Pattern[str]  # number words, for reading compounds
    card: re.Pattern[str]  # one cardinal number
    quantity: re.Pattern[str]  # a whole quantity phrase, named groups (parse_number)
    item: re.Pattern[str]  # quantity + victim phrase, named groups
    name_item: re.Pattern[str]  # "Krystle Campbell, 29"
    of: re.Pattern[str]
    templates: tuple[Template, ...]
    kinds: tuple[tuple[Kind, re.Pattern[str]], ...]
    zeros: tuple[tuple[re.Pattern[str], tuple[Kind, ...]], ...]
    prefilter: re.Pattern[str]  # case-sensitive, on lower-cased text: much faster than IGNORECASE
    quantity_starts: frozenset[str]  # first words of quantities
    attacker: re.Pattern[str]
    not_victim: re.Pattern[str]
    function_words: frozenset[str]
    modifiers: frozenset[str]
    breaks: frozenset[str]
    year_before: re.Pattern[str]
    head_last: bool
    additive: re.Pattern[str] | None = None  # "also", "another": a toll that adds to one told before
    additive_opening: re.Pattern[str] | None = None  # "In addition, ...": adds to what came before
    clause_word: re.Pattern[str] | None = None  # "working": ends a victim phrase after its first word
    conjunct_starts: frozenset[str] = frozenset()  # lower-case words a conjunct may start with: "his", "al"
    generic_victims: frozenset[str] = frozenset()  # "people": listed one by one after a count of them
    coord_unit: re.Pattern[str] | None = None  # one conjunct of a coordinated subject, groups q/d/n/b
    elided_join: re.Pattern[str] | None = None  # "and" before a count that repeats the toll for another place
    elided_tail: re.Pattern[str] | None = None  # what follows such a count: a place preposition
    plural_head: re.Pattern[str] | None = None  # a head noun that names several people ("sons", "police")
    verb_head: re.Pattern[str] | None = None  # a "head" that is a verb: "the rest fled" is a clause


class _Grammar:
    """The regex sources of one language, built from its TOML data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        num, syn, quals = data["numbers"], data["syntax"], data["qualifiers"]
        self.words = {key(k): int(v) for k, v in num["words"].items()}
        self.multipliers = {key(k): int(v) for k, v in num["multipliers"].items()}
        self.articles = [key(a) for a in num.get("articles", [])]
        self.approx_nouns = {key(k): int(v) for k, v in num.get("approx_nouns", {}).items()}

        seps = "".join(re.escape(s) for s in data["numerals"]["thousands_separators"])
        dec = re.escape(data["numerals"]["decimal_separator"])
        big = _alt(k for k, v in self.multipliers.items() if v >= 1_000_000)
        self.numeral = rf"(?<![\w.,/-])(?:\d{{1,3}}(?:[{seps}]\d{{3}}){{1,4}}|\d{{1,9}})(?!\d|[.,]\d)"
        bignum = rf"(?<![\w.,/-])\d{{1,3}}(?:{dec}\d{{1,3}})?\s+{big}"
        self.word = _alt([*self.words, *self.multipliers])
        art_mult = _alt(num.get("article_multipliers", []))
        joiner = _rx(num["joiner"])
        words_card = (
            rf"(?<![\w-])(?:{art_mult}\s+(?={_alt(self.multipliers)}))?"
            rf"{self.word}(?:(?:{joiner}){self.word}){{0,6}}(?![\w-])"
        )
        self.card = f"(?:{bignum}|{self.numeral}|{words_card})"
        self.token = _alt([*self.words, *self.multipliers, *self.articles])

        rng = data["ranges"]
        ranges = [
            rf"{self.numeral}\s*[-\u2013]\s*{self.numeral}",
            rf"{self.card}\s+{_alt(rng['infix'])}\s+{self.card}",
            *(rf"{_phrase(a)}\s+{self.card}\s+{_phrase(b)}\s+{self.card}" for a, b in rng["circumfix"]),
        ]
        nouns = _alt(self.approx_nouns)
        plurals = _alt(n + num.get("approx_plural_suffix", "s") for n in self.approx_nouns)
        self.units = _alt(syn.get("units", []))
        self._quantity_parts = {
            "negators": _not_after(syn.get("negators", [])),
            "qual": _alt(p for k in QUALIFIER_KEYS for p in quals.get(k, [])),
            "range": "|".join(ranges),
            "approx": rf"{_alt(num.get('approx_article', []))}\s+{nouns}",
            "approxpl": rf"{self.card}\s+{plurals}",
            "vague": _alt(quals.get("vague", [])),
            "card": self.card,
            "article": _alt(self.articles) + r"(?![\w-])",
        }

        self.of = _rx(syn["of"])
        self.enum_sep = _rx(syn["enum_separator"])
        self.adv = _alt(syn.get("adverbs", []))
        self.adv2 = rf"(?:\s+{self.adv}){{0,2}}"
        self.be_sing, self.be_pl = _rx(syn["be_singular"]), _rx(syn["be_plural"])
        self.have_sing, self.have_pl = _rx(syn["have_singular"]), _rx(syn["have_plural"])
        self.be = f"(?:{self.be_sing}|{self.be_pl})"
        self.have = f"(?:{self.have_sing}|{self.have_pl})"

        self.kind_forms: dict[Kind, dict[str, str]] = {k: data["kinds"].get(k, {}) for k in KINDS}
        forms = {f: _rx_alt(kf.get(f, "") for kf in self.kind_forms.values()) for f in _FORMS}
        self.nouns, self.part, self.perfect = forms["nouns"], forms["participles"], forms["perfect"]
        self.k_any = _rx_alt(forms.values())

        # Victim phrases: words that are not conjunctions, auxiliaries, numbers, adverbs or toll words.
        # Toll nouns that also name people ("the two hostages were killed") stay victim words.
        stop = _alt([*syn.get("conjunctions", []), *self.words, *self.multipliers, *syn.get("adverbs", [])])
        people = _alt(syn.get("victim_toll_nouns", []))
        excl = rf"(?:{stop}|(?<![\w'-])(?!{people}(?![\w'-])){self.k_any}(?![\w'-]))"
        extra = _rx(syn.get("victim_extra_word", ""))
        word_tok = rf"(?!{excl})(?:{extra}|[^\W\d_][\w'-]{{0,30}})"
        self._excl, self._extra = excl, extra
        self.victim = rf"{word_tok}(?:\s+{word_tok}){{0,7}}"
        self.victim_short = rf"{word_tok}(?:\s+{word_tok}){{0,2}}"
        self.toll_adjectives = _alt(syn.get("toll_adjectives", []))
        # Between an active verb and its count: a few lower-case words ("a tué à l'arme blanche dix-huit").
        # It never starts with a determiner: "abattant des personnes dans un monastère" has its object.
        gap_word = rf"(?!{excl})(?-i:[^\W\d_{_UPPER}])[\w'-]{{0,25}}"
        gap_first = rf"(?!{_alt(syn.get('gap_blockers', []))}){gap_word}"
        gap_words = int(syn.get("active_gap_words", 0))
        sep = r"(?:\s*,\s*|\s+)"
        self.gap = (
            rf"(?:{sep}{gap_first}(?:{sep}{gap_word}){{0,{gap_words - 1}}}?)??{sep}" if gap_words else r"\s+"
        )

        # An apposition after the victims ("12 people, including 3 children, were killed") never starts with a
        # coordinator (", and two ... were slain" is a clause of its own), nor with an auxiliary (", were killed and
        # two others" is the predicate), nor with a count (", un policier et un chauffeur" continues an enumeration;
        # "the assailant, at least 20 civilians were killed" is a new subject).
        blockers = _alt([*syn.get("coordinators", []), *syn.get("apposition_blockers", [])])
        counts = rf"\d|{self.word}|{self._quantity_parts['qual']}"
        # Its words may hold a bracketed acronym: ", including two Civil Defence Corps (NSCDC) officers,".
        appos_char = r"(?:[^,;:()]|\([^()]{1,40}\))"
        # A list after "including" may hold commas and counts: ", including two militia members, one soldier and
        # one police officer, were killed".
        lists = _alt(syn.get("apposition_lists", []))
        self.appos = (
            rf"(?:\s*,\s*{lists}\s(?:[^;:()]|\([^()]{{1,40}}\)){{1,120}}?,?"
            rf"|(?:\s*,(?!\s*(?:{blockers}|{counts})){appos_char}{{1,80}}?){{1,2}},?"
            rf"|\s*\([^()]{{1,80}}\))"
        )
        obj = syn.get("object_start", [])
        name = syn.get("object_name")
        starts = [self.quantity(False), _alt(obj), *([name] if name else [])]
        self.obj_la = rf"(?!\s+(?:{'|'.join(starts)}))" if obj else ""
        # "17 members of a kidnapped group": a participle right after a determiner qualifies the next noun.
        self.not_after_det = _not_after(syn.get("function_words", []))

        active_part = forms["active_participles"]
        self.active = (
            rf"(?<![\w']){_not_after(syn.get('active_not_after', []))}"
            rf"(?:(?:{self.have}{self.adv2}|{_alt(syn.get('coordinators', []))})\s+{active_part}"
            rf"|{forms['active_forms']})(?![\w'-])"
        )
        cap = rf"(?-i:[{_UPPER}])[\w'-]{{1,30}}"
        age = rf"(?:\s+{_alt(syn['age_units'])})?" if syn.get("age_units") else ""
        self.name_item = rf"{cap}(?:\s+{cap}){{0,3}},\s*\d{{1,3}}(?![\d\w]){age}"
        # Names: capitalised words, lower-case particles glued to them ("al-Wazni"), initials ("Bryan C.
        # Gregorio"); a one-letter first word only before another name word ("U Lu Maw"). Never a function word,
        # a day or a collective noun written with a capital ("On Monday", "Police", "Nobody").
        glued = _alt(syn.get("name_particles", []))
        name_stop = _alt(
            [
                *syn.get("function_words", []),
                *syn.get("conjunctions", []),
                *syn.get("object_start", []),
                *syn.get("collective_nouns", []),
                *syn.get("not_names", []),
                *self.words,
                *quals.get("vague", []),
            ]
        )
        name_word = rf"(?:{glued}-)?{cap}"
        first = rf"(?=(?-i:[{_UPPER}])|{glued}-)(?!{name_stop}(?![\w'-]))(?:{glued}-)?"  # cheap test first
        self.name = rf"{first}{cap}(?:\s+{name_word}){{0,5}}"
        self.name2 = rf"{first}(?-i:[{_UPPER}])[\w'-]{{0,30}}(?:\s+(?:{name_word}|(?-i:[{_UPPER}])\.)){{1,5}}"
        # A title before the name: "shot and killed labor union leader Dandy Miguel" (lower-case words, the last
        # one singular, none a function word: "killed troops near Kunduz City" is no title).
        role_stop = _alt(
            [
                *syn.get("function_words", []),
                *syn.get("conjunctions", []),
                *syn.get("object_start", []),
                *syn.get("victim_breaks", []),
                *syn.get("adverbs", []),
                *self.words,
                *quals.get("vague", []),
            ]
        )
        role_word = rf"(?!{role_stop}(?![\w'-]))(?-i:[^\W\d_{_UPPER}])[\w'-]{{1,25}}"
        titles = bool(syn.get("titles_before_names"))
        title = rf"(?:(?:{role_word}|{cap})\s+){{0,3}}{role_word}(?<![sS])\s+" if titles else ""
        # A role after a determiner: "killed the deputy head of ...", "killed the former district governor in ...".
        lower = rf"(?-i:[^\W\d_{_UPPER}])[\w'-]{{1,30}}(?<![sx])"
        breaks = _alt(syn.get("victim_breaks", []))
        self.role = rf"(?:(?:{role_word}|{cap})\s+){{0,4}}{lower}" if titles else lower
        self.role_end = rf"(?:{self.of}|(?=\s*[,.;]|\s+{breaks}(?![\w'-])))" if titles else self.of
        # One person named without an age: "Mullah Abdul Bari was killed", "Hafizullah, a judge, was shot dead",
        # "shot and killed Richard Paul Jordan in ...". A singular verb (passive) or a name of two words or more,
        # or one followed by an apposition (active), so that "killed Palestinians in Gaza" is not one person.
        self.person = self.name
        self.person_active = (
            rf"(?P<victim>(?:{title})?{self.name2})(?=\s*[,.;(]|\s+(?-i:[^\W\d_{_UPPER}])|$)"
            rf"|(?P<victim1>{cap}),\s+(?={_alt([*self.articles, *syn['definite_singular']])}\s)"
        )
        self.names = rf"{self.name_item}(?:(?:{self.enum_sep}){self.name_item}){{0,9}}"
        self._coordination(data, cap, appos_char)

    def _coordination(self, data: dict[str, Any], cap: str, appos_char: str) -> None:
        """Coordinated victims that are not all counts: "the commander and his son" (two), "Wadan, a spokesperson
        for the force, and two other colleagues" (three). A conjunct is a count with its noun, a singular noun
        phrase after a determiner or a possessive, a name (each one person), or, after the first, a bare noun
        sharing the determiner ("his sister and aunt"); an apposition after a conjunct is not counted."""
        co = data.get("coordination")
        self.coord: dict[str, str] | None = None
        if not co:
            return
        syn = data["syntax"]
        det = _alt(syn["definite_singular"])
        # An apposition is a noun phrase: no verb in it (", a 29-year-old woman ... were killed," is a clause).
        verb = rf"(?!\s{_alt(co.get('apposition_stops', []))})"
        appos = (
            rf"(?:\s*,\s+{_alt(co['apposition_starts'])}\s+(?:{verb}{appos_char}){{1,80}}?(?=\s*,)"
            rf"|\s*\([^()]{{1,60}}\))"
        )
        # Short noun phrases that end before a place or time ("his son in Hussain Khel"): a conjunct is a noun
        # phrase, not a clause ("Three explosive devices detonated targeting the hostages, and three people").
        breaks = _alt(syn.get("victim_breaks", []))
        tok = rf"(?!{self._excl}|{breaks}(?![\w'-]))(?:{self._extra}|[^\W\d_][\w'-]{{0,30}})"
        noun = rf"{tok}(?:\s+{tok}){{0,4}}"
        units = {
            "q": rf"(?:{det}\s+)?{self.quantity(False)}(?:(?:{self.of}|\s+){tok}(?:\s+{tok}){{0,2}})?",
            "d": rf"(?:{det}|{cap}'s)\s+{noun}",
            "n": self.name,
            "b": tok,
        }
        first = f"(?:{units['q']}|{units['d']}|{units['n']})(?:{appos})?"
        later = f"(?:{units['q']}|{units['d']}|{units['n']}|{units['b']})(?:{appos})?"
        active_later = f"(?:{units['q']}|{units['d']}|{units['n']})(?:{appos})?"
        # A list: "A and B", "A, B and C", "A, B, and C" (the last conjunct after a conjunction).
        comma, final = _rx(co["separator"]), _rx(co["final_separator"])
        start = rf"(?<![\w'-]){_not_after([*syn.get('function_words', []), *syn.get('victim_breaks', [])])}"
        self.coord = {
            "passive": rf"{start}(?P<subj>{first}(?:{comma}{later}){{0,4}}{final}{later})",
            "active": rf"(?P<subj>{first}(?:{comma}{active_later}){{0,4}}{final}{active_later})",
            "unit": (
                rf"(?:(?P<q>{units['q']})|(?P<d>{units['d']})|(?P<n>{units['n']})|(?P<b>{units['b']}))"
                rf"(?:{appos})?(?:{final}|{comma}|(?![\w'-]))"
            ),
            "trigger": co["trigger"],
            "plural": co["plural_head"],
            "verb": co.get("verb_head", ""),
            "end": rf"(?=\s*(?:[,.;)]|$)|\s+{_alt(syn.get('victim_breaks', []))}(?![\w'-]))",
        }

    def quantity(self, named: bool) -> str:
        """A quantity: [qualifier] range | approximate noun | vague amount | cardinal | article."""
        q = self._quantity_parts

        def g(name: str) -> str:
            return f"(?P<{name}>{q[name]})" if named else f"(?:{q[name]})"

        alts = "|".join(g(n) for n in ("range", "approx", "approxpl", "vague", "card", "article"))
        # The closing quote of a quoted figure: "«40» morts", "« une quinzaine » d'assaillants".
        return rf"{q['negators']}(?:{g('qual')}\s*)?(?:{alts})(?:\s*[»\"](?=\s))?(?!\s*{self.units})"

    def item(self, named: bool, victim_required: bool, short: bool = False) -> str:
        body = self.victim_short if short else self.victim
        victim = f"(?P<victim>{body})" if named else f"(?:{body})"
        tail = rf"(?:{self.of}|\s+){victim}"
        quantity = f"(?P<q>{self.quantity(True)})" if named else self.quantity(False)
        return quantity + (tail if victim_required else f"(?:{tail})?")

    def enum(self, first_victim_required: bool, short: bool = False) -> str:
        """Quantities with their victims, summed: "deux militaires, un policier et un chauffeur"."""
        first = self.item(False, first_victim_required, short)
        return rf"{first}(?:(?:{self.enum_sep}){self.item(False, True, short)}){{0,5}}"

    def _aux(self, n: int) -> str:
        return (
            rf"{self.be}{self.adv2}\s+(?P<k{n}>{self.part})"
            rf"|{self.have}{self.adv2}\s+(?P<k{n + 1}>{self.perfect})"
        )

    def _no_aux(self, n: int, nouns: bool) -> str:
        noun = rf"(?P<k{n}>{self.nouns})|" if nouns else ""
        guard = "" if nouns else self.not_after_det  # after a bare quantity: "une dizaine de blessés"
        return (
            rf"(?:{self.adv}\s+){{0,2}}{guard}"
            rf"(?:{noun}(?P<k{n + 1}>{self.part})|(?P<k{n + 2}>{self.perfect}))(?![\w'-]){self.obj_la}"
        )

    def forward(self) -> str:
        """Quantity first. A long subject (or one with an apposition) needs the verb with its auxiliary; a
        bare participle follows a short victim phrase ("douze civils tués"); a toll noun follows the quantity
        itself or a toll adjective ("12 morts", "two minor injuries")."""
        return (
            rf"(?:(?P<subj>{self.enum(True)})"
            rf"(?:{self.appos}\s+(?:{self._aux(1)})|(?:{self.of}|,?\s+)(?:{self._aux(3)}))"
            rf"|(?P<subj3>{self.enum(True, short=True)})\s+(?:{self._no_aux(10, nouns=False)})"
            rf"|(?P<subj2>{self.quantity(False)})(?:\s+{self.toll_adjectives}){{0,2}}(?:{self.of}|\s+)"
            rf"(?:{self._aux(5)}|{self._no_aux(20, nouns=True)}))(?![\w'-])"
        )

    def definite(self, dets: list[str], be: str, have: str, possessive: bool = False) -> str:
        """ "the base commander was injured" (one), "tous les membres de l'EI ... ont été tués" (vague); with
        `possessive`, a name's also determines: "Ibrahim's wife was killed" (one)."""
        det = _alt(dets)
        suffix = self.data["syntax"].get("possessive_suffix")
        if possessive and suffix:
            det = rf"(?:{det}|(?-i:[{_UPPER}])[\w-]{{1,30}}{re.escape(suffix)})"
        return (
            rf"(?<![\w']){det}\s*(?P<victim>{self.victim}){self.appos}?\s+"
            rf"(?:{be}{self.adv2}\s+(?P<k1>{self.part})|{have}{self.adv2}\s+(?P<k2>{self.perfect}))(?![\w'-])"
        )

    def templates(self) -> list[Template]:
        syn = self.data["syntax"]

        def rx(pattern: str) -> re.Pattern[str]:
            return re.compile(pattern, FLAGS)

        out = [
            Template(rx(self.forward()), None, anchored=True),
            Template(
                rx(rf"(?P<k>{self.active}){self.adv2}{self.gap}(?P<subj>{self.enum(False)})"),
                None,
                active=True,
            ),
            Template(
                rx(self.definite(syn["definite_singular"], self.be_sing, self.have_sing, possessive=True)),
                None,
                (1, "exact"),
            ),
            # "he was killed", "she died": one person.
            Template(
                rx(
                    rf"(?<![\w'])(?P<victim>{_alt(syn.get('singular_pronouns', []))})\s+(?:{self.be_sing}{self.adv2}"
                    rf"\s+(?P<k1>{self.part})|(?:{self.adv}\s+){{0,2}}(?P<k2>{self.perfect}))(?![\w'-])"
                ),
                None,
                (1, "exact"),
            ),
            Template(
                rx(self.definite(syn["definite_plural"], self.be_pl, self.have_pl)), None, (None, "vague")
            ),
            Template(rx(rf"(?P<k>{self.active})\s+(?P<names>{self.names})"), None, active=True, names=True),
            Template(
                rx(
                    rf"(?<![\w'])(?P<victim>{self.person}),?(?:\s*,[^,;:]{{2,80}},)?\s+(?:{self.be_sing}{self.adv2}"
                    rf"\s+(?P<k1>{self.part})|(?:{self.adv}\s+){{0,2}}(?P<k2>{self.perfect}))(?![\w'-])"
                ),
                None,
                (1, "exact"),
            ),
            Template(
                rx(rf"(?P<k>{self.active})\s+(?:{self.person_active})"), None, (1, "exact"), active=True
            ),
            # "killed the head of the department", "a tué le chef du village": one person, named by a role.
            Template(
                rx(
                    rf"(?P<k>{self.active})\s+{_alt(syn['definite_singular'])}\s*"
                    rf"(?!{_alt(syn.get('collective_nouns', []))}\s)"
                    rf"(?P<victim>{self.role}){self.role_end}"
                    rf"(?![^.;]{{0,80}}?\s{_alt(syn.get('conjunctions', []))}\s+(?:\d|{self.word}(?![\w-])))"
                ),
                None,
                (1, "exact"),
                active=True,
            ),
            Template(
                rx(rf"(?P<names>{self.names}),?\s+{self.be}{self.adv2}\s+(?P<k1>{self.part})(?![\w'-])"),
                None,
                names=True,
            ),
        ]
        if self.coord is not None:
            trigger = rx(self.coord["trigger"])
            out += [
                Template(
                    rx(
                        rf"{self.coord['passive']},?\s+{self.be_pl}{self.adv2}\s+(?P<k1>{self.part})(?![\w'-])"
                    ),
                    None,
                    coordinated=True,
                    trigger=trigger,
                ),
                Template(
                    rx(rf"(?P<k>{self.active}){self.adv2}\s+{self.coord['active']}{self.coord['end']}"),
                    None,
                    active=True,
                    coordinated=True,
                    trigger=trigger,
                ),
            ]
        for extra in self.data.get("template", []):
            pattern = extra["pattern"]
            out.append(
                Template(
                    rx(self._expand(pattern)),
                    extra["kind"],
                    names="{NAMES}" in pattern,
                    anchored=pattern.startswith(("{NUM}", "{SUBJ}")),
                    trigger=rx(extra["trigger"]) if extra.get("trigger") else None,
                )
            )
        return out

    def _expand(self, pattern: str) -> str:
        """Placeholders of extra templates: {NUM} a quantity, {SUBJ} quantities with victims, {NAMES} named
        victims with ages, {UNITS} unit words."""
        counter = iter(range(1, 100))

        def sub(m: re.Match[str]) -> str:
            if m.group(1) == "UNITS":
                return self.units
            if m.group(1) == "NAMES":
                return f"(?P<names>{self.names})"
            body = self.quantity(False) if m.group(1) == "NUM" else self.enum(False)
            return f"(?P<subj{next(counter)}>{body})"

        return re.sub(r"\{(NUM|SUBJ|NAMES|UNITS)\}", sub, pattern)

    def quantity_starts(self) -> frozenset[str]:
        """First words of number words and quantity phrases: a quantity starts there or at a digit."""
        quals = self.data["qualifiers"]
        phrases = [
            *self.words,
            *self.multipliers,
            *self.articles,
            *self.data["numbers"].get("approx_article", []),
        ]
        phrases += [p for k in (*QUALIFIER_KEYS, "vague") for p in quals.get(k, [])]
        phrases += [a for a, _ in self.data["ranges"]["circumfix"]]
        return frozenset(re.split(r"[\s-]+", p.strip().lower())[0] for p in phrases if p.strip())


def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in DATA_DIR.glob("*/numbers.toml")))


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of one language, built once per process."""
    path = DATA_DIR / lang / "numbers.toml"
    if not path.is_file():
        raise KeyError(f"no numbers lexicon for language {lang!r}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    gr = _Grammar(data)
    syn, quals, zero = data["syntax"], data["qualifiers"], data.get("zero", {})
    kinds = tuple(
        (k, re.compile(rf"(?<![\w']){_rx_alt(f.get(x, '') for x in _FORMS)}(?![\w'-])", FLAGS))
        for k, f in gr.kind_forms.items()
    )
    zeros = tuple(
        (re.compile(rf"(?<![\w']){_rx_alt(zero[name])}(?![\w'-])", FLAGS), ks)
        for name, ks in _ZERO_KINDS
        if zero.get(name)
    )
    triggers = [gr.k_any, *(p for name, _ in _ZERO_KINDS for p in zero.get(name, []))]
    triggers += [t["trigger"] for t in data.get("template", [])]
    return Lexicon(
        words=gr.words,
        multipliers=gr.multipliers,
        articles=frozenset(gr.articles),
        approx_nouns=gr.approx_nouns,
        approx_words=frozenset(key(w) for w in data["numbers"].get("approx_words", [])),
        qualifiers={key(p): q for q in QUALIFIER_KEYS for p in quals.get(q, [])},
        postposed=tuple((key(p), q) for q in QUALIFIER_KEYS for p in data.get("postposed", {}).get(q, [])),
        update_before=(
            re.compile(rf"(?:{data['ranges']['update_before']})\s*$", FLAGS)
            if data["ranges"].get("update_before")
            else None
        ),
        token=re.compile(gr.token, FLAGS),
        card=re.compile(gr.card, FLAGS),
        quantity=re.compile(gr.quantity(True), FLAGS),
        item=re.compile(gr.item(True, False), FLAGS),
        name_item=re.compile(gr.name_item, FLAGS),
        of=re.compile(gr.of, FLAGS),
        templates=tuple(gr.templates()),
        kinds=kinds,
        zeros=zeros,
        prefilter=re.compile(_rx_alt(triggers)),
        quantity_starts=gr.quantity_starts(),
        attacker=re.compile(data["nouns"]["attacker"], FLAGS),
        not_victim=re.compile(data["nouns"]["not_victim"], FLAGS),
        function_words=frozenset(key(w) for w in syn.get("function_words", [])),
        modifiers=frozenset(key(w) for w in syn.get("victim_modifiers", [])),
        breaks=frozenset(key(w) for w in syn.get("victim_breaks", [])),
        year_before=re.compile(rf"{_alt(syn.get('year_before', []))}\s*$", FLAGS),
        head_last=syn.get("head", "first") == "last",
        additive=re.compile(syn["additive"], FLAGS) if syn.get("additive") else None,
        additive_opening=re.compile(syn["additive_opening"], FLAGS) if syn.get("additive_opening") else None,
        elided_join=re.compile(syn["elided_join"], FLAGS) if syn.get("elided_join") else None,
        elided_tail=re.compile(syn["elided_tail"], FLAGS) if syn.get("elided_tail") else None,
        clause_word=re.compile(syn["victim_clause_word"]) if syn.get("victim_clause_word") else None,
        generic_victims=frozenset(key(w) for w in syn.get("generic_victims", [])),
        conjunct_starts=frozenset(
            key(w)
            for w in [*syn.get("definite_singular", []), *syn.get("name_particles", [])]
            if " " not in w
        ),
        coord_unit=re.compile(gr.coord["unit"], FLAGS) if gr.coord else None,
        plural_head=re.compile(gr.coord["plural"], FLAGS) if gr.coord else None,
        verb_head=re.compile(gr.coord["verb"], FLAGS) if gr.coord and gr.coord["verb"] else None,
    )
