"""Casualty tolls in a sentence: how many were killed, injured, missing or abducted (rules of ANNOTATION.md).

Regular expressions rather than a parser, because every sentence of every article passes through here. The
templates (built by numbers_lexicon from data/<lang>/numbers.toml) share one grammar:

- forward: quantity [victims, enumerations summed] [apposition] [auxiliary] toll word ("au moins douze
  civils ont été tués", "12 morts", "Près de 25 000 Palestiniens, ..., sont tombés en martyre");
- active: toll verb [a few lower-case words] quantity [victims] ("a tué à l'arme blanche dix-huit civils");
- definite subject: "the base commander was injured" is one; "tous les membres de l'EI ... ont été tués" is
  vague;
- named victims with ages ("killing A B, 8, C D, 29, and E F, 23"): the number of names, never the ages;
- coordinated victims that are not all counts ("the commander and his son were killed", "shot and killed a
  doctor and his driver"): one per singular noun phrase or name, counts added, appositions not counted;
- one person named by a title, a role or a pronoun ("killed mayor X Y", "killed the deputy head of", "he died");
- zero phrases ("aucune victime", "no casualties") and per-language extras ("claimed N lives").

Rules applied here: "au moins N" -> N (at_least), a range -> its lowest value, "une trentaine" -> 30 (approx),
vague amounts -> None, ages and units are no counts, attacker losses are flagged, a toll told as further
victims ("also", "another", "In addition, ...") is flagged `additional` for the caller to add. Deciding whether
a toll is an aggregate or belongs to an incident is the caller's job.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from tocsin.extraction.numbers_lexicon import (
    KINDS,
    Kind,
    Lexicon,
    Qualifier,
    Template,
    key,
    lexicon,
    supported_languages,
)

__all__ = ["KINDS", "Kind", "Qualifier", "Toll", "find_tolls", "parse_number", "supported_languages"]

# One character in, one out: offsets into the folded text are offsets into the caller's sentence.
_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "}
)
_TOKEN = re.compile(r"\d+|[^\W\d_][\w']*")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class Toll:
    """One casualty count read from a sentence; offsets and text refer to the sentence given."""

    kind: Kind
    value: int | None  # None for vague amounts
    qualifier: Qualifier
    start: int
    end: int
    text: str  # the phrase: "au moins douze civils ont été tués"
    victim: str | None  # the victim noun(s) as written: "civils", "soldiers"
    attacker_side: bool  # the dead/wounded are the attackers (excluded from fatalities by the rules)
    additional: bool = False  # told as more victims than those counted before ("A civilian was also killed")


@dataclass(frozen=True)
class _Item:
    """One quantity of a subject or object, with its victim noun."""

    value: int | None
    qualifier: Qualifier
    victim: str | None
    start: int
    end: int  # end in the sentence, trailing function words trimmed
    attacker: bool
    named: bool = False  # a person's name ("Umar"), one person


# --- values -------------------------------------------------------------------------------------------------


def _numeral_value(lex: Lexicon, text: str) -> int | None:
    """Digits: spaces and 3-digit groups are thousands ("19.453", "1 200", "1,200"), else decimals."""
    text = text.strip()
    mult = 1
    parts = text.rsplit(None, 1)
    if len(parts) == 2 and key(parts[1]) in lex.multipliers:  # "1,5 million"
        text, mult = parts[0], lex.multipliers[key(parts[1])]
    groups = re.split(r"[.,]", re.sub(r"\s+", "", text))
    try:
        if len(groups) == 1 or (mult == 1 and all(len(g) == 3 for g in groups[1:])):
            return int("".join(groups)) * mult
        if len(groups) == 2:
            return round(float(f"{groups[0]}.{groups[1]}") * mult)
    except ValueError:
        return None
    return None


def _words_value(lex: Lexicon, text: str) -> int | None:
    """Number words read additively, multipliers multiplying what precedes: "deux cent quatre-vingt-dix"."""
    total = current = 0
    seen = False
    for m in lex.token.finditer(text):
        tok = key(m.group())
        if tok in lex.multipliers:
            factor = lex.multipliers[tok]
            if factor >= 1000:
                total, current = total + (current or 1) * factor, 0
            else:
                current = (current or 1) * factor
        elif tok in lex.words:
            current += lex.words[tok]
        elif tok in lex.articles:
            current += 1
        else:
            continue
        seen = True
    return total + current if seen else None


def _card_value(lex: Lexicon, text: str) -> int | None:
    return _numeral_value(lex, text) if text.strip()[:1].isdigit() else _words_value(lex, text)


def _quantity_value(lex: Lexicon, m: re.Match[str]) -> tuple[int | None, Qualifier, bool]:
    """Value and qualifier of a quantity match, and whether it is a bare singular word ("un", "a", "one")."""
    value: int | None
    qualifier: Qualifier = "exact"
    singular = False
    if m.group("vague") is not None:
        return None, "vague", False
    if (rng := m.group("range")) is not None:
        values = [v for c in lex.card.finditer(rng) if (v := _card_value(lex, c.group())) is not None]
        value, qualifier = (min(values), "range") if values else (None, "vague")
        before = m.start("range") if m.group("qual") is None else m.start()
        if values and lex.update_before and lex.update_before.search(m.string, max(0, before - 40), before):
            value, qualifier = values[-1], "exact"  # "le bilan est passé de 21 à 24": the later toll
    elif (approx := m.group("approx")) is not None:
        value, qualifier = lex.approx_nouns.get(key(approx.split()[-1])), "approx"
    elif (approx_pl := m.group("approxpl")) is not None:  # "deux centaines"
        head = lex.card.match(approx_pl)
        noun = key(approx_pl.split()[-1])
        base = next((v for k, v in lex.approx_nouns.items() if noun.startswith(k)), None)
        count = _card_value(lex, head.group()) if head else None
        value, qualifier = (count * base if count is not None and base else None), "approx"
    elif (card := m.group("card")) is not None:
        value = _card_value(lex, card)
        if {key(t.group()) for t in lex.token.finditer(card)} & lex.approx_words:
            qualifier = "approx"  # "a dozen"
        singular = value == 1 and not card.strip()[:1].isdigit()
    else:
        value, singular = 1, True
    qual = m.group("qual")
    if qual is not None and value is not None:
        q = lex.qualifiers.get(key(qual), "exact")
        qualifier = q if q != "exact" else qualifier
        singular = False
    return value, qualifier, singular


# --- victims ------------------------------------------------------------------------------------------------


def _victim_head(lex: Lexicon, victim: str) -> str | None:
    """The noun of a victim phrase: the first content word (French "soldats israéliens"), or the last word of
    the first run of content words (English "base commander", "members of IS")."""
    words = victim.split()
    if lex.head_last:
        run: list[str] = []
        for w in words:
            if key(w) in lex.function_words:
                if run:
                    break
                continue  # "three of its crew members"
            run.append(w)
        words = run[::-1]
    return next((w for w in words if key(w) not in lex.modifiers), None)


def _postposed(lex: Lexicon, words: list[re.Match[str]]) -> Qualifier | None:
    """Remove a qualifier written after the noun ("cinq personnes au moins") and return it."""
    keys = [key(w.group()) for w in words]
    for phrase, qualifier in lex.postposed:
        n = len(phrase.split())
        for i in range(len(keys) - n + 1):
            if " ".join(keys[i : i + n]) == phrase:
                del words[i : i + n]
                return qualifier
    return None


def _looks_like_year(lex: Lexicon, m: re.Match[str], head: str | None) -> bool:
    """A plain four-digit year before a name or no noun ("the 2021 Index died"), or after a word that
    introduces years ("the 1989 crackdown", "en 2015"), is no count."""
    card = m.group("card")
    if not (card and _YEAR.fullmatch(card)):
        return False
    before = m.start("card")
    return (
        head is None
        or head[:1].isupper()
        or bool(lex.year_before.search(m.string, max(0, before - 12), before))
    )


def _items(lex: Lexicon, s: str, start: int, end: int) -> list[_Item]:
    """The counts of a subject or object span: one per enumerated quantity, victim nouns trimmed. A noun phrase
    that goes on as a clause ("three devices detonated targeting the hostages, and three people") ends the
    enumeration: the counts before it belong to another clause."""
    out: list[_Item] = []
    clause_at = -1
    for index, m in enumerate(lex.item.finditer(s, start, end)):
        value, qualifier, singular = _quantity_value(lex, m)
        victim: str | None = None
        item_end = m.end("q")
        if m.group("victim") is not None:
            vstart = m.start("victim")
            words = list(re.finditer(r"\S+", s[vstart : m.end("victim")]))
            post = _postposed(lex, words)
            if post is not None and value is not None:
                qualifier = post
            clause = next(
                (
                    i
                    for i, w in enumerate(words)
                    if i and lex.clause_word and lex.clause_word.fullmatch(key(w.group()))
                ),
                len(words),
            )
            cut = next((i for i, w in enumerate(words) if key(w.group()) in lex.breaks), len(words))
            if clause < cut:
                cut, clause_at = clause, len(out)
            del words[cut:]  # "nine people Friday in a camp", "a civilian working on his farm"
            while words and key(words[-1].group()) in lex.function_words:
                words.pop()
            if words and not all(key(w.group()) in lex.function_words for w in words):
                victim = " ".join(w.group() for w in words)
                item_end = vstart + words[-1].end()
        if victim is None and (m.group("article") is not None or (singular and lex.of.match(s, m.end("q")))):
            continue  # "a" with no noun, "one of the wounded": references, not counts
        if victim is None and index:
            continue  # "more than 170, many of them critically": a subset, not a further group
        head = _victim_head(lex, victim) if victim else None
        if head is not None and lex.not_victim.search(key(head).strip(".,;")):
            continue  # "trois drones ont été abattus"
        if _looks_like_year(lex, m, head):
            continue
        attacker = bool(victim and lex.attacker.search(victim))
        out.append(_Item(value, qualifier, head, m.start(), item_end, attacker))
    if 0 <= clause_at < len(out) - 1:
        out = out[clause_at + 1 :]
    return out


def _conjuncts(lex: Lexicon, s: str, start: int, end: int) -> list[_Item]:
    """The conjuncts of a coordinated subject, each a count ("two other colleagues") or one person ("his son",
    "Umar"); a plural noun phrase ("his sons", "the police") is an unknown number."""
    if lex.coord_unit is None or lex.plural_head is None:
        return []
    out: list[_Item] = []
    pos = start
    while pos < end:
        u = lex.coord_unit.match(s, pos)  # not bounded by `end`: an apposition's closing comma lies beyond it
        if u is None or u.end() == pos:
            return []
        if u.group("q") is not None:
            items = _items(lex, s, *u.span("q"))
            if not items:
                return []
            out += items
        else:
            group = next(g for g in ("d", "n", "b") if u.group(g) is not None)
            text = u.group(group)
            head = text.split()[-1] if group == "n" else _victim_head(lex, text)
            if head is None or lex.not_victim.search(key(head)):
                return []
            if group != "n" and lex.verb_head is not None and lex.verb_head.fullmatch(key(head)):
                return []  # "killed a suspect and the rest fled": a clause, not a conjunct
            plural = group != "n" and bool(lex.plural_head.search(key(head)))
            a, b = u.span(group)
            attacker = bool(lex.attacker.search(text))
            value: int | None = None if plural else 1
            out.append(_Item(value, "vague" if plural else "exact", head, a, b, attacker, group == "n"))
        pos = u.end()
    return out


def _appositive(lex: Lexicon, items: list[_Item]) -> list[_Item]:
    """ "Two civilians, a school director and a retired official, were killed": one-person conjuncts after a count,
    as many as it counts, name the counted people rather than add to them when the count's noun is generic
    ("people", "civilians") or the conjuncts are all names. "Two soldiers, a policeman and a civilian were
    killed" stays four (a closing comma decides nothing: "deux militaires, un policier et un chauffeur d'une
    société minière, ont été tués" is four)."""
    first, rest = items[0], items[1:]
    if len(rest) < 2 or first.value != len(rest) or any(i.value != 1 or i.attacker for i in rest):
        return items
    generic = first.victim is not None and key(first.victim) in lex.generic_victims
    return items[:1] if generic or all(i.named for i in rest) else items


def _victim_after(lex: Lexicon, s: str, end: int, items: list[_Item]) -> list[_Item]:
    """ "18 corps de terroristes": the victims named after the toll noun."""
    of = lex.of.match(s, end)
    words = re.match(r"[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2}", s[of.end() :]) if of else None
    if words is None:
        return items
    head = _victim_head(lex, words.group())
    attacker = bool(lex.attacker.search(words.group()))
    return [_Item(i.value, i.qualifier, head, i.start, i.end, attacker) for i in items]


def _combine(items: Sequence[_Item]) -> tuple[int | None, Qualifier, str | None]:
    """An enumeration ("deux militaires, un policier et un chauffeur") counts the sum of its items."""
    if len(items) == 1:
        return items[0].value, items[0].qualifier, items[0].victim
    known = [i.value for i in items if i.value is not None]
    victims = ", ".join(i.victim for i in items if i.victim) or None
    if not known:
        return None, "vague", victims
    if len(known) < len(items):
        return sum(known), "at_least", victims
    quals = {i.qualifier for i in items}
    qualifier: Qualifier = next(
        (q for q in ("at_least", "more_than", "approx", "range") if q in quals), "exact"
    )
    return sum(known), qualifier, victims


# --- reading ------------------------------------------------------------------------------------------------


def _kind_of(lex: Lexicon, text: str) -> Kind | None:
    """The kind of a toll word; the longest reading wins ("mortellement blessé" is killed)."""
    best: tuple[int, Kind] | None = None
    for kind, rx in lex.kinds:
        for m in rx.finditer(text):
            if best is None or len(m.group()) > best[0]:
                best = (len(m.group()), kind)
    return best[1] if best else None


def _span(m: re.Match[str], prefix: str) -> tuple[int, int] | None:
    for name, value in m.groupdict().items():
        if value is not None and name.startswith(prefix):
            return m.span(name)
    return None


def _from_template(lex: Lexicon, t: Template, m: re.Match[str], sentence: str) -> list[Toll]:
    s = m.string
    kspan = _span(m, "k")
    kind = t.kind if t.kind is not None else (_kind_of(lex, s[kspan[0] : kspan[1]]) if kspan else None)
    if kind is None:
        return []
    start, end = m.span()
    if t.names:
        count = len(lex.name_item.findall(m.group("names")))
        return [Toll(kind, count, "exact", start, end, sentence[start:end], None, False)]
    if t.fixed is not None:
        victim = m.group("victim")
        head = _victim_head(lex, victim) if victim else None
        if head is not None and lex.not_victim.search(key(head)):
            return []
        value, qualifier = t.fixed
        attacker = bool(victim and lex.attacker.search(victim))
        return [Toll(kind, value, qualifier, start, end, sentence[start:end], head, attacker)]
    sspan = _span(m, "subj")
    if sspan is None:
        return []
    items = _conjuncts(lex, s, *sspan) if t.coordinated else _items(lex, s, *sspan)
    if not items:
        return []
    items = _appositive(lex, items)
    if t.active:
        end = max(i.end for i in items)
    elif t.kind is None:
        start = min(i.start for i in items)
        if all(i.victim is None for i in items):
            items = _victim_after(lex, s, end, items)
    out: list[Toll] = []
    for side in (False, True):  # "15 soldats, deux civils et 15 assaillants": the attackers apart
        group = [i for i in items if i.attacker is side]
        if group:
            value, qualifier, victim = _combine(group)
            out.append(Toll(kind, value, qualifier, start, end, sentence[start:end], victim, side))
    return out


def _zeros(lex: Lexicon, s: str, sentence: str) -> Iterator[list[Toll]]:
    for rx, kinds in lex.zeros:
        for m in rx.finditer(s):
            a, b = m.span()
            yield [Toll(k, 0, "zero", a, b, sentence[a:b], None, False) for k in kinds]


def _resolve(groups: Iterable[list[Toll]]) -> list[Toll]:
    """Of overlapping readings of the same kind keep the widest (an enumeration over one of its items)."""
    ordered = sorted((g for g in groups if g), key=lambda g: (g[0].start - g[0].end, g[0].start))
    kept: list[Toll] = []
    for group in ordered:
        kept += [
            t
            for t in group
            if not any(k.kind == t.kind and k.start < t.end and t.start < k.end for k in kept)
        ]
    return sorted(kept, key=lambda t: (t.start, t.end, KINDS.index(t.kind), t.attacker_side))


def _searches(rx: re.Pattern[str], s: str) -> Iterator[re.Match[str]]:
    """Matches starting at every position where one begins, overlapping ones included."""
    pos = 0
    while (m := rx.search(s, pos)) is not None:
        yield m
        pos = m.start() + 1


def find_tolls(sentence: str, lang: str) -> list[Toll]:
    """Casualty tolls in one sentence (memoised: the gate, candidate selection and frames ask for the same sentence)."""
    return list(_find_tolls_cached(sentence, lang))


@functools.lru_cache(maxsize=8192)
def _find_tolls_cached(sentence: str, lang: str) -> tuple[Toll, ...]:
    return tuple(_find_tolls(sentence, lang))


def _find_tolls(sentence: str, lang: str) -> list[Toll]:
    """All casualty tolls stated in one sentence (killed, injured, missing, abducted), in text order."""
    lex = lexicon(lang)
    s = sentence.translate(_FOLD)
    if not lex.prefilter.search(s.lower()):
        return []
    starts: list[int] | None = None
    conjunct_starts: list[int] | None = None
    groups: list[list[Toll]] = []
    for t in lex.templates:
        if t.trigger is not None and not t.trigger.search(s):
            continue
        matches: Iterable[re.Match[str] | None]
        if t.anchored:
            if starts is None:
                starts = [
                    m.start()
                    for m in _TOKEN.finditer(s)
                    if m.group()[0].isdigit() or m.group().lower() in lex.quantity_starts
                ]
            matches = (t.regex.match(s, p) for p in starts)
        elif t.coordinated and not t.active:  # a subject starts at a count, a determiner or a name (speed)
            if conjunct_starts is None:
                conjunct_starts = [
                    m.start()
                    for m in _TOKEN.finditer(s)
                    if m.group()[0].isdigit()
                    or m.group()[0].isupper()
                    or m.group().lower() in lex.quantity_starts
                    or m.group().lower() in lex.conjunct_starts
                ]
            matches = (t.regex.match(s, p) for p in conjunct_starts)
        else:
            matches = _searches(t.regex, s)
        done = 0
        for m in matches:
            if m is None or m.start() < done:
                continue
            tolls = _from_template(lex, t, m, sentence)
            groups.append(tolls)
            if tolls:  # a match that yields nothing ("a ship, causing two injuries") may hide one inside it
                done = m.end()
    groups.extend(_zeros(lex, s, sentence))
    tolls = _resolve(groups)
    tolls = sorted([*tolls, *_elided(lex, s, sentence, tolls)], key=lambda t: t.start)
    opening = bool(lex.additive_opening and lex.additive_opening.match(s))
    return [replace(t, additional=True) if opening or _adds(lex, s, t) else t for t in tolls]


def _elided(lex: Lexicon, s: str, sentence: str, tolls: list[Toll]) -> list[Toll]:
    """Counts that repeat a toll's verb for another place: "12 people were killed in the Nuseirat camp and eight at
    a home in Deir al-Balah" is also eight killed there. Only a count followed by nothing but a place preposition."""
    if lex.elided_join is None or lex.elided_tail is None:
        return []
    found: list[Toll] = []
    taken = [(t.start, t.end) for t in tolls]
    for toll in tolls:
        if toll.value is None or toll.kind not in ("killed", "injured"):
            continue
        stop = min((i for i in (s.find(".", toll.end), s.find(";", toll.end)) if i >= 0), default=len(s))
        for join in lex.elided_join.finditer(s, toll.end, stop):
            q = lex.quantity.match(s, join.end())
            if q is None or not q.group().strip() or not lex.elided_tail.match(s, q.end()):
                continue
            if any(a <= q.start() < b for a, b in taken) or _YEAR.fullmatch(q.group().strip()):
                continue
            value, qualifier, _ = _quantity_value(lex, q)
            if value is None:
                continue
            text = sentence[q.start() : q.end()]
            found.append(
                replace(toll, value=value, qualifier=qualifier, start=q.start(), end=q.end(), text=text)
            )
            taken.append((q.start(), q.end()))
    return found


def _adds(lex: Lexicon, s: str, t: Toll) -> bool:
    return lex.additive is not None and lex.additive.search(s, t.start, t.end) is not None


def parse_number(text: str, lang: str) -> int | None:
    """The count a quantity phrase states: "dix-huit" 18, "1 200" 1200, "une trentaine" 30, "dozens" None."""
    lex = lexicon(lang)
    m = lex.quantity.fullmatch(text.strip().translate(_FOLD))
    return _quantity_value(lex, m)[0] if m else None
