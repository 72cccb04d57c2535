"""The extraction core end to end: article in, incidents out (plus, when there are none, the reason why).

normalise ▸ language ▸ boilerplate/sport ▸ sentences ▸ relevance gate ▸ spaCy NER on candidate sentences ▸ frames
▸ unit of coding ▸ typing ▸ incidents. No Kafka, no I/O: the worker and `tocsin extract` both call `Extractor`.
"""

from __future__ import annotations

import itertools
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .actors import actor_by_canonical, find_targets
from .classify import Evidence as ClassEvidence
from .classify import classify
from .dates import DateMention, find_dates, published_from_text
from .frames import PLACE_RANK, Frame, build_frame, hard_trap, main_clause_cue, trap_of
from .language import resolve_language
from .lexicon import Lexicon, lexicon
from .merge import _SEPARATE, Group, group_frames
from .model import Article, Evidence, GeoPrecision, Incident, Published
from .nlp import pipeline as spacy_pipeline
from .normalize import normalize_text
from .numbers import find_tolls
from .places import ALLEGIANCE_CUE, HIERARCHY_CUE, Gazetteer, Place, PlaceMention, default_gazetteer
from .scope import detained_by_group
from .segment import Sentence, split_sentences

NER_PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})
NER_NAME_LABELS = frozenset({"PER", "PERSON", "ORG"})
SPORT_MIN_TERMS = 4


# spaCy's tokenizer is quadratic on long runs of one punctuation mark ("))))..." took 10 s for 10,000 chars):
# beyond 8 in a row the rest of the run becomes spaces before parsing; the length, hence every offset, is kept.
_PUNCT_RUN = re.compile(r"([^\w\s])\1{8,}")


def _calm_punctuation(text: str) -> str:
    return _PUNCT_RUN.sub(lambda m: m.group(0)[:8] + " " * (len(m.group(0)) - 8), text)


class _Overtime(Exception):
    """The article has used up its time budget (checked between sentences, so the overrun is one step)."""


@dataclass
class ExtractionResult:
    article_id: str
    language: str
    incidents: list[Incident]
    # Why there is no incident to count: not_relevant, sport, cyber, no_specific_event, no_place, only_background
    # (only the last comes with incidents: earlier attacks told as context, published with background=true), or
    # timeout (over the Extractor's per-article budget: a failure, which the worker dead-letters).
    reason: str | None


@dataclass
class _Prepared:
    article: Article
    text: str
    lang: str
    lex: Lexicon
    published: Published
    sentences: list[Sentence]
    candidates: list[Sentence]
    reason: str | None
    masked: str = ""
    deadline: float = float("inf")  # time.monotonic() by which the article must be done

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Overtime


class Extractor:
    """Holds the loaded resources (lexicons, gazetteer, spaCy pipelines) and extracts article after article."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, batch_size: int = 32, budget_s: float | None = None
    ) -> None:
        """`budget_s`: per-article time limit; an article over it yields no incident and the reason "timeout"
        (a guard against pathological input — the worker dead-letters it — not a quality trade-off)."""
        self.gazetteer = gazetteer or default_gazetteer()
        self.batch_size = batch_size
        self.budget_s = budget_s

    # -- public API -------------------------------------------------------------------------------------------
    def extract(self, article: Article) -> ExtractionResult:
        return next(iter(self.extract_many([article])))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ExtractionResult]:
        """Articles in order; candidate sentences of a batch go through spaCy together (nlp.pipe)."""
        batch: list[_Prepared] = []
        for article in articles:
            batch.append(self._prepare(article))
            if len(batch) >= self.batch_size:
                yield from self._finish(batch)
                batch = []
        if batch:
            yield from self._finish(batch)

    # -- steps ------------------------------------------------------------------------------------------------
    def _prepare(self, article: Article) -> _Prepared:
        started = time.monotonic()
        text = normalize_text(article.text)
        lang = resolve_language(article.language, text)
        lex = lexicon(lang)
        published = article.published
        if published.day is None:
            published = published_from_text(text) or published
        masked = _mask_dateline(_mask_boilerplate(lex, text))
        sentences = [s for s in split_sentences(masked) if s.text.strip()]
        sentences = [Sentence(s.start, s.end, text[s.start : s.end]) for s in _strip_dateline(sentences)]
        topic = _off_topic(lex, masked)
        if topic is not None:
            return _Prepared(article, text, lang, lex, published, sentences, [], topic)
        # Detentions have no trigger word of their own: only those by a named armed group are candidates.
        candidates = [s for s in sentences if lex.candidate.search(s.text) or detained_by_group(lex, s.text)]
        strong = any(_relevant(lex, s.text) for s in candidates)
        reason = None if strong else "not_relevant"
        if strong:
            # "L'équipage est sain et sauf", "no injuries": tolls told without a trigger word still belong to the event.
            chosen = {s.start for s in candidates}
            candidates = [
                s
                for s in sentences
                if s.start in chosen or lex.cue("claim", s.text) or find_tolls(s.text, lang)
            ]
        prepared = _Prepared(
            article, text, lang, lex, published, sentences, candidates if strong else [], reason
        )
        prepared.masked = masked
        if self.budget_s is not None:
            prepared.deadline = started + self.budget_s
        return prepared

    def _finish(self, batch: list[_Prepared]) -> Iterator[ExtractionResult]:
        ner: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        blocked: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        by_lang: dict[str, list[tuple[int, Sentence]]] = {}
        for i, prep in enumerate(batch):
            for s in prep.candidates:
                if _may_frame(prep.lex, s.text):
                    by_lang.setdefault(prep.lang, []).append((i, s))
        for lang, items in by_lang.items():
            nlp = spacy_pipeline(lang)
            docs = nlp.pipe((_calm_punctuation(s.text) for _, s in items), batch_size=64)
            for (i, s), doc in zip(items, docs, strict=True):
                ner[(i, s.start)] = [
                    (e.start_char, e.end_char, e.text)
                    for e in doc.ents
                    if e.label_ in NER_PLACE_LABELS and e.text[:1].isupper()
                ]
                blocked[(i, s.start)] = [
                    (e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in NER_NAME_LABELS
                ]
        for i, prep in enumerate(batch):
            if prep.reason is not None:
                yield ExtractionResult(prep.article.id, prep.lang, [], prep.reason)
                continue
            try:
                prep.check_time()
                incidents, reason = self._incidents(
                    prep,
                    {s: v for (j, s), v in ner.items() if j == i},
                    {s: v for (j, s), v in blocked.items() if j == i},
                )
            except _Overtime:
                incidents, reason = [], "timeout"
            yield ExtractionResult(prep.article.id, prep.lang, incidents, reason)

    def _incidents(
        self,
        prep: _Prepared,
        ner: dict[int, list[tuple[int, int, str]]],
        blocked: dict[int, list[tuple[int, int, str]]],
    ) -> tuple[list[Incident], str | None]:
        gaz = self.gazetteer
        dates = _dates_in(prep)
        mentions = gaz.find_mentions(prep.masked, prep.lang)
        context = _context_countries(gaz, mentions, prep.masked, prep.lang)
        frames: list[Frame] = []
        seen: set[str] = set()
        for index, sentence in enumerate(prep.candidates):
            prep.check_time()
            fingerprint = " ".join(sentence.text.split()).lower()
            if fingerprint in seen:
                continue  # pages often repeat a paragraph; an event told twice is still one event
            seen.add(fingerprint)
            inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
            local = [
                PlaceMention(m.start - sentence.start, m.end - sentence.start, m.text, m.candidates, m.cue)
                for m in inside
            ]
            frame = build_frame(
                prep.lex,
                sentence,
                local,
                ner.get(sentence.start, []),
                dates,
                gaz,
                context,
                blocked.get(sentence.start, []),
            )
            if frame is not None:
                frame.index = index
                frames.extend(split_by_place(frame))
        frames = _outside_lead_event(prep, frames)
        if not frames:
            return [], "no_specific_event"
        incidents: list[Incident] = []
        _carry_background(frames)
        groups = group_frames(frames)
        # An article about one attacker's night of strikes names it once; its other events share it (only when the
        # news events name exactly one attacker, never against "unidentified gunmen" or a disputed attribution).
        named = {p for g in groups if not g.background for p in g.perpetrators()}
        fallback = next(iter(named)) if len(named) == 1 else None
        # Likewise a toll told without its act ("12 were killed in Nuseirat and eight in Deir al-Balah") was dealt
        # by the one weapon the article's other news events name.
        weapons = {_weapon(g.frames) for g in groups if not g.background and not _toll_only(g.frames)}
        fallback_weapon = next(iter(weapons)) if len(weapons) == 1 else None
        for group in groups:
            incident = self._code(prep, group, context, fallback, fallback_weapon)
            if incident is not None:
                incidents.append(incident)
        incidents = _mark_old_as_background(_dedupe(incidents), prep, dates)
        incidents = _article_admin1(incidents, mentions)
        if not incidents:
            return [], "no_place"
        if all(i.background for i in incidents):
            return incidents, "only_background"  # published (as context), but no news event to count
        return incidents, None

    def _code(
        self,
        prep: _Prepared,
        group: Group,
        context: list[str],
        fallback_perpetrator: str | None = None,
        fallback_weapon: str | None = None,
    ) -> Incident | None:
        frames = group.frames
        if not any(f.specific for f in frames):
            return None
        place = group.best_place()
        admin1_hint = _admin1_hint(frames, place)
        if (
            place is not None
            and admin1_hint is not None
            and admin1_hint.kind == "admin1"
            and place.kind in {"city", "admin2"}
            and place.admin1 not in (None, admin1_hint.name)
        ):
            place = admin1_hint  # the text names the province; a town reading elsewhere is the wrong town
        location: str | None = None
        if place is not None and PLACE_RANK.get(place.kind, 0) >= 3:
            location = _plain(place)
        unresolved = next((n for f in frames for n in f.unresolved_places), None)
        if (place is None or PLACE_RANK.get(place.kind, 0) <= 2) and unresolved:
            location = unresolved
        country = place.country if place else (admin1_hint.country if admin1_hint else None)
        dominant = getattr(context, "dominant", None)
        if country is None and dominant and (unresolved or any(f.specific for f in frames)):
            country = dominant
        if country is None and not _placeless_but_clear(frames):
            return None
        admin1 = place.admin1 if place and place.kind != "admin1" else (place.name if place else None)
        if admin1 is None and admin1_hint is not None and admin1_hint.country == country:
            admin1 = admin1_hint.name if admin1_hint.kind == "admin1" else admin1_hint.admin1
        near = any(f.near for f in frames)
        precision = _geo_precision(place, location, admin1, near)
        lat, lon = (place.latitude, place.longitude) if place else (None, None)

        perp_frame = next((f for f in frames if f.claimed and f.perpetrator), None) or next(
            (f for f in frames if f.perpetrator_state or f.perpetrator), None
        )
        perpetrator: str | None = None
        perpetrator_text: str | None = None
        perpetrator_kind: str | None = None
        if perp_frame is not None:
            perpetrator = perp_frame.perpetrator_state or (
                perp_frame.perpetrator.actor.canonical if perp_frame.perpetrator else None
            )
            perpetrator_text = perp_frame.perpetrator.text if perp_frame.perpetrator else None
            perpetrator_kind = (
                "state"
                if perp_frame.perpetrator_state
                else (perp_frame.perpetrator.actor.kind if perp_frame.perpetrator else None)
            )
        claimed = any(f.claimed for f in frames) and not any(f.no_claim for f in frames)
        generic = any(f.generic_perpetrator for f in frames)
        if perpetrator is None and fallback_perpetrator and not generic and not group.background:
            perpetrator = fallback_perpetrator
            known = actor_by_canonical(fallback_perpetrator)
            perpetrator_kind = known.kind if known else "state"
        if any(f.disputed for f in frames) and not claimed:
            perpetrator, perpetrator_kind = None, None

        killed, injured = _tolls(frames)
        lead = next((f for f in frames if f.specific), frames[0])
        # The lead sentence decides whether the event is a takeover; a later "rebels have since seized towns"
        # is context, not the type of this event.
        kinds = frozenset(k for f in frames if not f.weak for k in f.kinds if k != "takeover" or f is lead)
        if any(
            re.search(r"\bstorm|\bprise d'assaut|\bont pris d'assaut", f.sentence.text, re.I) for f in frames
        ):
            kinds = kinds | {"storm"}
        weapon = _weapon(frames)
        if weapon == "unknown" and fallback_weapon and not group.background and _toll_only(frames):
            weapon = fallback_weapon
        security_target = any(f.security_target for f in frames)
        coding = classify(
            ClassEvidence(
                kinds=kinds,
                weapon=weapon,
                perpetrator_kind=perpetrator_kind,
                target_groups=frozenset(t.group for f in frames for t in f.targets),
                security_target=security_target,
                intercepted=any(f.intercepted for f in frames),
                debris_damage=any(f.debris_damage for f in frames),
                failed=any(f.failed for f in frames),
                killed=killed,
                hit_cue=any(
                    bool(
                        re.search(
                            r"\b(?:touch|struck|hit|détrui|destroyed|incendi|burn|damag|endommag|"
                            r"pillé|looted|enlev|abduct|kidnap)",
                            f.sentence.text,
                            re.I,
                        )
                    )
                    for f in frames
                ),
                claimed=claimed,
                civilian_victims=any(f.off_duty for f in frames)
                or any(
                    _civilian(prep.lex, t.victim, generic_counts=not security_target)
                    for f in frames
                    for t in f.tolls
                ),
                small_arms=any(_small_arms(prep.lex, f.sentence.text) for f in frames),
                security_agent=any(f.security_agent for f in frames),
                armed_victim=any(f.armed_victim for f in frames),
                reciprocal=any(f.reciprocal for f in frames),
                disruption=any(f.disruption for f in frames),
                takeover_side=lead.takeover_side if "takeover" in lead.kinds else None,
            )
        )
        event_dates = [d for f in frames for d in f.dates if not d.is_anchor]
        date_mention = next((d for d in event_dates if d.date), None) or next(iter(event_dates), None)
        target_text = next((f.target_text for f in frames if f.target_text), None)
        confidence = _confidence(
            place, perpetrator, killed, date_mention is not None, len(frames), group.background
        )
        return Incident(
            event_type=coding.event_type,
            sub_event_type=coding.sub_event_type,
            country=country,
            admin1=admin1,
            location=location,
            latitude=lat if location and place and location == _plain(place) else None,
            longitude=lon if location and place and location == _plain(place) else None,
            geo_precision=precision,
            date=date_mention.date if date_mention else None,
            date_text=date_mention.text if date_mention else None,
            fatalities=killed,
            injured=injured,
            perpetrator=perpetrator,
            perpetrator_text=perpetrator_text,
            claimed=claimed,
            target=target_text,
            weapon=coding.weapon,  # type: ignore[arg-type]
            outcome=coding.outcome,  # type: ignore[arg-type]
            background=group.background,
            evidence=Evidence(lead.sentence.text, lead.sentence.start, lead.sentence.end),
            language=prep.lang,
            confidence=confidence,
        )


# -- helpers ------------------------------------------------------------------------------------------------------
_PEOPLE = re.compile(
    r"\b(?:personnes?|gens|habitants?|villageois|civils?|femmes?|enfants?|hommes|fidèles|élèves|déplacés|passants|"
    r"people|persons?|residents?|villagers?|civilians?|women|woman|children|child|men|man|worshippers|students|"
    r"farmers?|paysans?|agriculteurs?|worker|workers|ouvriers?|journalists?|journalistes?|Palestiniens|Palestinians)\b",
    re.IGNORECASE,
)


def _small_arms(lex: Lexicon, text: str) -> bool:
    pattern = dict(lex.weapons).get("firearm")
    return bool(pattern and pattern.search(text))


_GENERIC_PEOPLE = re.compile(r"(?:^|\s)(?:people|persons?|others|personnes|gens)$", re.IGNORECASE)


def _civilian(lex: Lexicon, victim: str | None, generic_counts: bool = True) -> bool:
    """Victims named as civilians. "People" killed in an attack on a checkpoint or a base (`generic_counts`
    False) says nothing of who they were: ACLED codes an assault on a post as a clash."""
    if not victim:
        return False
    if not generic_counts and _GENERIC_PEOPLE.search(victim.strip()):
        return False
    return bool(_PEOPLE.search(victim)) or any(t.group == "civilians" for t in find_targets(victim, lex.lang))


CYBER_MIN_TERMS = 3


def _off_topic(lex: Lexicon, text: str) -> str | None:
    """Whole articles whose "attacks" are metaphors: sport (dense match vocabulary) or computer attacks."""
    sport_terms = len(lex.sport.findall(text))
    if sport_terms >= SPORT_MIN_TERMS and sport_terms / max(1.0, len(text) / 400) >= 1.0:
        return "sport"
    cyber = lex.traps.get("cyber")
    if cyber is not None:
        terms = len(cyber.findall(text))
        # A headline about computer attacks decides the topic even when a killing is mentioned in passing.
        headline = text.lstrip().split("\n", 1)[0]
        if terms >= CYBER_MIN_TERMS and (
            not lex.cue("violent_death", text) or (terms >= 2 * CYBER_MIN_TERMS and cyber.search(headline))
        ):
            return "cyber"
    return None


def _may_frame(lex: Lexicon, sentence: str) -> bool:
    """Whether build_frame can make a frame of this candidate sentence, by its cheap vetoes: spaCy need not read the
    others (a trap, a generic statement, a toll with no act or claim told: 21 % of the bench corpus's candidate
    sentences, which are still read for their dates)."""
    if hard_trap(trap_of(lex, sentence)) or main_clause_cue(lex, "generic", sentence):
        return False
    return bool(
        lex.candidate.search(sentence) or lex.cue("claim", sentence) or detained_by_group(lex, sentence)
    )


def _relevant(lex: Lexicon, sentence: str) -> bool:
    """The gate: a strong attack trigger, or a weak one ("targeted", "killed") with a weapon word or a toll."""
    if lex.any_trigger.search(sentence):
        return True
    if any(p.search(sentence) for _, p in lex.weapons if _ != "explosive"):
        return True
    if bool(lex.cue("violent_death", sentence)) and bool(find_tolls(sentence, lex.lang)):
        return True
    return detained_by_group(lex, sentence)


def _mask_boilerplate(lex: Lexicon, text: str) -> str:
    """Blank out related-link lines and credits, from the cue to the end of its line (same length: offsets hold)."""
    spans = []
    for pattern in lex.boilerplate:
        for m in pattern.finditer(text):
            end = text.find("\n", m.start())
            spans.append((m.start(), len(text) if end < 0 else end))
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_DATELINE = re.compile(r"^\s*date\s+\d{4}(?:-\d{2}){0,2}\s+")


def _mask_dateline(text: str) -> str:
    m = _DATELINE.match(text)
    return " " * m.end() + text[m.end() :] if m else text


def _strip_dateline(sentences: list[Sentence]) -> list[Sentence]:
    if sentences:
        m = _DATELINE.match(sentences[0].text)
        if m:
            first = sentences[0]
            sentences = [Sentence(first.start + m.end(), first.end, first.text[m.end() :]), *sentences[1:]]
    return sentences


_WORD = re.compile(r"[^\W\d_][\w'-]{2,}")


class Context(list[str]):
    """Countries the article is about, most mentioned first; `dominant` when one clearly leads (≥ 60 %)."""

    dominant: str | None = None


def _context_countries(gaz: Gazetteer, mentions: list[PlaceMention], text: str, lang: str) -> Context:
    """Countries the article is about: named countries and admin1 units, large cities, and demonyms
    ("l'armée malienne"). Small towns do not vote: they are what this context is used to check. A large city
    votes only when it is what its name reads as in this article ("Busra" near Dar'a is no vote for Basra)."""
    counts: Counter[str] = Counter()
    readings = gaz.resolve(mentions)
    for m, reading in zip(mentions, readings, strict=True):
        if m.cue == ALLEGIANCE_CUE:
            # "Ethiopia forces", "pro-Turkey factions": no place, but a country the article is about.
            code = gaz.country_code(m.text)
            if code:
                counts[code] += 1
            continue
        if m.cue == HIERARCHY_CUE and reading is not None and reading.country:
            counts[reading.country] += 1  # "Miango (Bassa, Plateau)": the text placed it itself
            continue
        voters = {
            c.country
            for c in m.candidates[:3]
            if c.country and c.kind in {"country", "admin1", "base", "sea", "camp"}
        }
        if reading is not None and reading.country and reading.population >= 500_000:
            voters.add(reading.country)
        for country in voters:
            counts[country] += 1
    words = Counter(w for w in _WORD.findall(text) if w[0].islower() or lang == "en")
    for word, n in words.items():
        code = gaz.demonym(word, lang)
        if code:
            counts[code] += n
    context = Context(c for c, _ in counts.most_common())
    total = sum(counts.values())
    if context and counts[context[0]] >= DOMINANT_SHARE * total:
        context.dominant = context[0]
    return context


DOMINANT_SHARE = 0.6


def split_by_place(frame: Frame) -> list[Frame]:
    """One sentence, several distinct places ("12 killed in Nuseirat and eight in Deir al-Balah", drones
    downed over three regions): one frame per place, each keeping the tolls told next to it."""
    from .merge import same_place

    kept = _without_qualifiers(list(zip(frame.places, frame.place_starts, strict=False)), frame.sentence.text)
    if len(kept) < len(frame.places) and len(frame.places) == len(frame.place_starts):
        frame = replace(frame, places=[p for p, _ in kept], place_starts=[st for _, st in kept])
    specific = [
        (p, st)
        for p, st in zip(frame.places, frame.place_starts, strict=False)
        if PLACE_RANK.get(p.kind, 0) >= 4
    ]
    if len(specific) < 2 and "interception" in frame.kinds:
        specific = [
            (p, st) for p, st in zip(frame.places, frame.place_starts, strict=False) if p.kind == "admin1"
        ]
    # Places that each keep a toll of their own are distinct however near ("Nuseirat ... and eight in Deir al-Balah").
    near = len(frame.tolls) < 2
    distinct: list[tuple[Place, int]] = []
    for place, start in specific:
        if all(not same_place(place, other, near) for other, _ in distinct):
            distinct.append((place, start))
    if len(distinct) < 2:
        return [frame]
    out = []
    for k, (place, start) in enumerate(distinct):
        end = distinct[k + 1][1] if k + 1 < len(distinct) else len(frame.sentence.text)
        begin = distinct[k - 1][1] if k > 0 else 0
        tolls = [t for t in frame.tolls if begin <= t.start < end] if len(frame.tolls) > 1 else frame.tolls
        out.append(replace(frame, places=[place], place_starts=[start], tolls=tolls))
    return out


def _without_qualifiers(places: list[tuple[Place, int]], sentence: str) -> list[tuple[Place, int]]:
    """ "Shindand, Herat, Afghanistan", "Daquq city, Kirkuk": a name right after a place, after a comma, that is the
    name of that place's province qualifies it (Herat and Kirkuk are also cities) — not a second place, nor the
    place of the event. So do the district and province in brackets after a village ("Miango (Bassa, Plateau)")."""
    in_order = sorted(places, key=lambda ps: ps[1])
    qualifiers = set()
    for (before, at), (place, start) in itertools.pairwise(in_order):
        gap = sentence[at:start]
        if (
            gap.endswith(", ")
            and gap.count(",") == 1
            and before.country == place.country
            and before.admin1 is not None
            and _fold_name(place.name) == _fold_name(before.admin1)
            and place.kind != "admin1"  # the province itself stays: it names the event's admin1
        ):
            qualifiers.add(start)
    head: tuple[Place, int] | None = None
    for place, start in in_order:
        if head is not None:
            gap = sentence[head[1] : start]
            if (
                gap.count("(") == 1
                and ")" not in gap
                and place.country == head[0].country
                and place.kind in {"admin1", "admin2", "city"}
                and place.admin1 in (None, head[0].admin1)
            ):
                if place.kind != "admin1":  # the province stays: it names the event's admin1
                    qualifiers.add(start)
                continue
        head = (place, start)
    return [(place, start) for place, start in places if start not in qualifiers]


def _fold_name(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().replace("-", " ")


def _article_admin1(incidents: list[Incident], mentions: list[PlaceMention]) -> list[Incident]:
    """A village unknown to the gazetteer still lies in the one province the article names for that country
    (a province named like its capital, "Idleb", "Kirkuk", counts as named)."""
    by_country: dict[str, set[str]] = {}
    for m in mentions:
        top = m.candidates[0] if m.candidates else None
        if top is None or top.country is None:
            continue
        if top.kind == "admin1":
            by_country.setdefault(top.country, set()).add(top.name)
        elif top.kind == "admin2" and top.admin1:
            by_country.setdefault(top.country, set()).add(top.admin1)
        elif top.admin1 and any(
            c.kind == "admin1" and c.country == top.country and c.name == top.admin1 for c in m.candidates
        ):
            by_country.setdefault(top.country, set()).add(top.admin1)  # "in Idleb": the town or its province
    out = []
    for inc in incidents:
        units = by_country.get(inc.country or "", set())
        if inc.admin1 is None and inc.country and len(units) == 1:
            (unit,) = units
            inc = replace(inc, admin1=unit, geo_precision=inc.geo_precision if inc.location else "admin1")
        out.append(inc)
    return out


_OLD_DAYS = 30


def _mark_old_as_background(
    incidents: list[Incident], prep: _Prepared, dates: list[DateMention]
) -> list[Incident]:
    """An attack dated well before the article's news (its publication, else its latest date) is context;
    so is every attack in an article whose lead is a commemoration."""
    reference = prep.published.day if prep.published.precision in ("day", "month") else None
    known = [d.date for d in dates if d.date and not d.is_anchor]
    if reference is None and known:
        reference = max(known)
    lead = " ".join(s.text for s in prep.sentences[:2])
    commemoration = prep.lex.traps.get("commemoration")
    remembered = bool(commemoration and commemoration.search(lead))
    out = []
    for inc in incidents:
        old = inc.date is not None and reference is not None and (reference - inc.date).days > _OLD_DAYS
        out.append(replace(inc, background=True) if (old or remembered) and not inc.background else inc)
    return out


def _outside_lead_event(prep: _Prepared, frames: list[Frame]) -> list[Frame]:
    """An article that opens on a protest or a riot tells its violence as the riot's ("Police fired gunshots",
    "a laborer was hit by a stray bullet"): ACLED codes it all as one demonstration, no attack. One that opens on an
    accident with a blast ("explosions tore through an industrial area where chemicals were stored") tells its
    toll as the accident's ("The blasts killed at least 50 people"). Only a sentence with a place or a day of its
    own reports a separate event."""
    if not prep.sentences:
        return frames
    lead = prep.sentences[0].text
    riot, disaster = prep.lex.traps.get("riot"), prep.lex.traps.get("disaster")
    opens_on_riot = riot is not None and riot.search(lead) is not None
    opens_on_accident = (
        disaster is not None and disaster.search(lead) is not None and bool(prep.lex.candidate.search(lead))
    )
    if not (opens_on_riot or opens_on_accident):
        return frames
    return [f for f in frames if f.dates or f.places or f.unresolved_places]


def _carry_background(frames: list[Frame]) -> None:
    """Discourse continuity: the sentence right after a background one, with no day of its own, goes on telling
    that earlier event ("…a day after two similar rocket attacks. Three rockets were launched at al-Assad…")."""
    for before, frame in itertools.pairwise(frames):
        own_place = bool(frame.places or frame.unresolved_places)
        separate = bool(_SEPARATE.search(frame.sentence.text))
        if (
            before.background
            and frame.index == before.index + 1
            and not (frame.dates or own_place or separate)
        ):
            frame.background = True


def _plain(place: Place) -> str:
    """Town names as ACLED writes them: GeoNames' transliteration marks folded away ("Rafaḩ" -> "Rafah")."""
    if place.kind != "city":
        return place.name
    decomposed = unicodedata.normalize("NFKD", place.name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ʼ", "'").replace("ʻ", "'")


def _dates_in(prep: _Prepared) -> list[DateMention]:
    """Date phrases of the candidate sentences only (offsets in the article): the rest of the text is never read."""
    found: list[DateMention] = []
    for s in prep.candidates:
        for d in find_dates(prep.masked[s.start : s.end], prep.lang, prep.published):
            found.append(replace(d, start=d.start + s.start, end=d.end + s.start))
    return found


def _placeless_but_clear(frames: list[Frame]) -> bool:
    """A specific attack told without any place we can resolve (a village the gazetteer lacks, a wire snippet)
    is still news for subscribers: it is emitted with country null, and not counted per region."""
    return any(
        f.specific and not f.weak and not f.background and (f.tolls or f.perpetrator or f.weapon != "unknown")
        for f in frames
    )


def _admin1_hint(frames: list[Frame], place: Place | None) -> Place | None:
    """The province the event's sentences name: a first-level unit if one is named, else a district's. The
    place's own province comes first ("Samburu militia attacked Leparua (Isiolo, Isiolo)")."""
    if place is not None and place.admin1:
        for f in frames:
            for p in f.places:
                if p.kind == "admin1" and p.country == place.country and p.name == place.admin1:
                    return p
    for kind in ("admin1", "admin2"):
        for f in frames:
            for p in f.places:
                if p.kind == kind and (place is None or place.country in (None, p.country)):
                    return p
    return None


def _geo_precision(place: Place | None, location: str | None, admin1: str | None, near: bool) -> GeoPrecision:
    if (
        location
        and place
        and location == _plain(place)
        and place.kind in {"base", "camp", "landmark", "city"}
    ):
        return "near" if near else "exact"
    if location:
        return "near"
    if admin1:
        return "admin1"
    return "country"


def _tolls(frames: list[Frame]) -> tuple[int | None, int | None]:
    """First stated toll of each kind (the lead), replaced by a later explicit update, increased by a later
    sentence's further victims ("A civilian was also killed in the attack"); zero when none reported."""
    values: dict[str, int | None] = {"killed": None, "injured": None}
    told_in: dict[str, set[int]] = {"killed": set(), "injured": set()}
    for f in frames:
        for t in f.tolls:
            if t.kind not in values or t.value is None or t.attacker_side:
                continue
            if t.qualifier == "zero":
                if values[t.kind] is None:
                    values[t.kind] = 0
                continue
            current = values[t.kind]
            if current in (None, 0) or f.update:
                values[t.kind] = t.value
            elif t.additional and f.sentence.start not in told_in[t.kind]:
                values[t.kind] = (current or 0) + t.value
            told_in[t.kind].add(f.sentence.start)
    return values["killed"], values["injured"]


def _toll_only(frames: list[Frame]) -> bool:
    """The frames tell a toll and no act of their own: no trigger beyond the killing, no weapon."""
    return all(f.kinds <= {"killing"} and f.weapon == "unknown" for f in frames)


def _weapon(frames: list[Frame]) -> str:
    from .frames import WEAPON_PRIORITY

    found = {f.weapon for f in frames}
    return next((w for w in WEAPON_PRIORITY if w in found), "unknown")


def _confidence(
    place: Place | None, perp: str | None, killed: int | None, dated: bool, n: int, bg: bool
) -> float:
    score = 0.45
    score += 0.15 if place is not None and PLACE_RANK.get(place.kind, 0) >= 4 else 0.05 if place else 0.0
    score += 0.1 if perp else 0.0
    score += 0.1 if killed is not None else 0.0
    score += 0.05 if dated else 0.0
    score += min(0.1, 0.03 * (n - 1))
    score -= 0.1 if bg else 0.0
    return round(max(0.05, min(0.95, score)), 2)


def _dedupe(incidents: list[Incident]) -> list[Incident]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for inc in incidents:
        key = (
            inc.country,
            inc.admin1,
            inc.location,
            inc.sub_event_type,
            inc.perpetrator,
            inc.date,
            inc.background,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(inc)
    return out
