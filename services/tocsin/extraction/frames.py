"""One candidate sentence → one event frame: the trigger and the arguments found around it.

A frame is what a coder notes on reading one sentence: what happened (trigger kinds, weapon), where (place), who
(perpetrator, claim), to whom (target), when (date phrase), and how many (tolls). Frames are merged into incidents
later (merge.py), because one event is usually told over several sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .actors import ActorMention, TargetMention, find_actors, find_targets
from .classify import AERIAL, GROUND_FIRE
from .dates import DateMention
from .lexicon import Lexicon
from .numbers import Toll, find_tolls
from .places import Gazetteer, Place, PlaceMention
from .roles import AGENT_BEFORE, PASSIVE_VERB, SPEAKER_AFTER, clause_start, is_agent, is_patient
from .scope import (
    ARMED_GROUPS,
    arrest_reading,
    detained_by_group,
    looting_only,
    mob_violence,
    state_offensive,
    takeover_side,
)
from .segment import Sentence

WEAPON_PRIORITY = (
    "suicide",
    "ied",
    "drone",
    "airstrike",
    "missile",
    "rocket",
    "artillery",
    "grenade",
    "explosive",
    "firearm",
    "knife",
)
# Head nouns after which a nationality adjective names the attacker ("frappe israélienne", "Israeli airstrike").
_ATTACK_HEADS = re.compile(
    r"\b(?:frappes?|raids?|bombardements?|tirs?|missiles?|roquettes?|obus|drones?|avions?|chars?|forces|armée|"
    r"troupes|soldats|militaires|aviation|marine|attaques?|offensive|strikes?|airstrikes?|air strikes?|shelling|"
    r"bombing|forces|army|military|troops|soldiers|jets?|warplanes?|tanks?|navy|raids?|fire|attacks?)\b",
    re.IGNORECASE,
)
_TARGET_PREP = re.compile(
    r"\b(?:contre|sur|visant|visé|visée|ciblant|against|on|at|targeting|targeted|toward|towards)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# Head nouns that make a nationality adjective describe the target ("un drone américain" shot down).
_TARGET_HEADS = frozenset(
    {"appareil", "avion", "navire", "cargo", "aircraft", "ship", "vessel", "base", "ambassade", "embassy"}
)
# Traps that only veto a sentence reporting no casualties and no shooting ("arrested after killing two").
_SOFT_TRAPS = frozenset({"arrest", "diplomacy", "troops"})
_LAUNCH = re.compile(r"\b(?:fired|launched|lancé|lancés|lancées|tiré|tirés|tirées)\b", re.IGNORECASE)
_LAUNCH_TARGET = re.compile(
    r"\b(?:into|at|on|toward|towards|struck|hit|landed|sur|contre|vers|en direction d[eu']|visant|touchant)\b[^.]{0,80}"
    r"\b(?:in|à|au|en|on|sur)\s+[A-Z]",
)
# "since", "depuis" of time (a running total); not the "depuis" of a place ("tiré depuis un sous-marin", "depuis
# le Liban"). Case matters: a capital after it is a name.
_SINCE = re.compile(
    r"\b(?i:since)\b|\b(?i:depuis)\b(?!\s+(?:(?:un|une|le|la|les|l'|des|du)\s*)?(?:[A-ZÉÎ]|(?i:sous-marins?|navires?|"
    r"bateaux?|avions?|hélicoptères?|drones?|territoire|sol|côtes?|mer|zones?|bande|régions?|villes?|positions?|"
    r"rives?|frontières?)\b))"
)
_CUMULATIVE_TOLL = 1000
_HEDGE = re.compile(
    r"\b(?:suggère|suggèrent|laisse penser|pourrait|pourraient|aurait pu|suggests?|suggesting|may have|might have|possibly|"
    r"probablement|probably|apparently)\b",
    re.IGNORECASE,
)
_INCLUDING = re.compile(
    r"\b(?:dont|parmi lesquels|parmi eux|y compris|including|among them)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)
_SPOKESMAN_BEFORE = re.compile(
    r"\b(?:spokes(?:man|woman|person) (?:for|of)|porte-parole d[eu']|according to|selon|statement (?:by|from)|"
    r"communiqué d[eu'])\s*(?:the\s+|la\s+|le\s+|l')?$",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


_REPORTED_ON = re.compile(
    r"(?:\b(?:a|ont|avait)\s+(?:\w+\s+){0,2}(?:déclaré|indiqué|fait savoir|annoncé|rapporté|précisé|affirmé|"
    r"confirmé|assuré|ajouté)|\b(?:said|reported|told|announced|stated|confirmed|added)(?:\s+on)?|"
    r"\bont\s+rapporté|\bréunion|\bconférence de presse|\bnews conference)\s*$",
    re.IGNORECASE,
)


def _reporting_day(text: str, start: int) -> bool:
    """'a déclaré vendredi', 'said on Monday': the day of the report, not of the event."""
    return _REPORTED_ON.search(text[max(0, start - 60) : start]) is not None


_NEXT_WORD = re.compile(r"\s+([\w'/.-]+)")
_NAME_OR_CODE = re.compile(r"^(?:[A-Z0-9][\w'/.-]*|de|du|des|d'\w+|of|the|al-\w+)$")


def _target_phrase(text: str, target: TargetMention, gazetteer: Gazetteer, lang: str) -> str:
    """The target as written: its head noun and what names it ("drone américain MQ-9 Reaper", "M/V Tavvishi")."""
    end = target.end
    for _ in range(5):
        m = _NEXT_WORD.match(text, end)
        if m is None:
            break
        word = m.group(1).rstrip(".,;:")
        if not word or not (_NAME_OR_CODE.match(word) or gazetteer.demonym(word, lang)):
            break
        end = m.start(1) + len(word)
    phrase = text[target.start : end].rstrip()
    return re.sub(r"\s+(?:de|du|des|of|the)$", "", phrase)


def _armed_victim(lex: Lexicon, text: str, tolls: Sequence[Toll]) -> bool:
    """Members of an armed force or group among the dead, wounded or attacked: counted in a toll ("10 Taliban
    militants were killed"), or the object of the attack ("shot and killed a QSD fighter")."""
    counted = [p for p in (lex.cues.get("armed_person"), lex.cues.get("security_target")) if p is not None]
    if any(p.search(t.text) for p in counted for t in tolls if t.kind in ("killed", "injured", "abducted")):
        return True
    pattern = lex.cues.get("armed_person")
    return pattern is not None and any(is_patient(text, m.start(), m.end()) for m in pattern.finditer(text))


def _security_target(lex: Lexicon, text: str, first_trigger: int) -> bool:
    """Soldiers or police attacked: named after the attack verb, or anywhere in a passive sentence; not the
    attacker's own description ("Israeli military forces opened fire on…") and not merely counted among the dead
    ("30 morts, dont deux policiers")."""
    pattern = lex.cues.get("security_target")
    if pattern is None:
        return False
    passive = PASSIVE_VERB.search(text) is not None
    return any(
        (passive or m.start() >= first_trigger)
        and not _INCLUDING.search(text[max(0, m.start() - 40) : m.start()])
        and not AGENT_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        and not _LOCATIVE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        and not _SOURCE_AFTER.match(text, m.end())
        for m in pattern.finditer(text)
    )


# "détruire les Shahed", "les Kalibr": a name the gazetteer lacks after a plural article is a product, not a place
# (the places that take one, "les Comores", are in the gazetteer).
_PLURAL_ARTICLE_BEFORE = re.compile(r"\bles\s+$", re.IGNORECASE)


# "health and police officials said", "a military source": who reports the attack, not who it hit.
_SOURCE_AFTER = re.compile(
    r"\s*(?:officials?|sources?|spokes(?:man|woman|person)|statement|said|says|told|reported|responsables?|"
    r"porte-parole|source|a déclaré|ont déclaré|selon)\b",
    re.IGNORECASE,
)


# "at a police station", "in Al Birayn checkpoint": where it happened, not what was attacked ("fired at a
# checkpoint" is aimed at it).
_LOCATIVE_BEFORE = re.compile(
    r"(?:(?<!fire )(?<!fired )(?<!firing )(?<!shots )(?<!shot )\bat|\bin|\binside|\bnear|\boutside|\bdans)\s+"
    r"(?:the\s+|a\s+|an\s+|la\s+|le\s+|l'|un\s+|une\s+)?(?:[\w'-]+\s+){0,3}$",
    re.IGNORECASE,
)


_VESSEL_BEFORE = re.compile(
    r"\b(?:navires?|cargos?|pétroliers?|bateaux?|porte-conteneurs|vraquier|MSC|M/V|MV|M/T|ships?|vessels?|tankers?|"
    r"carriers?|frigates?|destroyers?|USS|HMS|INS)\s+(?:(?:américain|britannique|grec|libérien|the|le|la)\s+)?$",
    re.IGNORECASE,
)
_ADJECTIVAL_AFTER = re.compile(
    r"\.?-(?:backed|led|based|made|funded|owned|flagged|allied|aligned|born)\b|\s+flagged\b", re.I
)
_DATELINE_AFTER = re.compile(r"\s*(?:,\s*)?(?:\(|-|—|–|/)|(?:/[A-ZÀ-Ý' -]+)+\s*\(")
_FOREIGN_CITY_MIN = 500_000


def _inside_name(
    start: int, end: int, mention: PlaceMention, names: Sequence[tuple[int, int, str]], text: str = ""
) -> bool:
    """The small pipelines' NER often calls a province an ORG or a district a PERSON, so it vetoes only a place
    name strictly inside a longer name ("Radio France Internationale"), or a town-only reading that NER calls a
    person ("Halima Alhaji Adam"); never a name that is also a province or a country, nor a large town that a
    preposition or a kind word introduces ("les habitants de Khan Younès": NER reads "Khan" as a first name)."""
    if mention.candidates and mention.candidates[0].kind in {"base", "camp"}:
        # A base or camp read through its kind word ("al-Assad Air Base"): NER calls facilities ORG.
        return False
    provincial = any(c.kind in {"admin1", "country", "admin2"} for c in mention.candidates) or (
        mention.cue is not None
        and bool(mention.candidates)
        and mention.candidates[0].kind == "city"
        and mention.candidates[0].population >= _LARGE_TOWN
    )
    for s, e, label in names:
        joined = "," in text[s:e]  # "Novovorontsovka, Kherson" read as one name is a list, not a name
        inside = s <= start and end <= e and (e - s) > (end - start) + 1 and not joined
        if inside and (label == "ORG" or not provincial):
            return True
        if label in {"PER", "PERSON"} and not provincial and (s <= start < e or s < end <= e):
            return True
    return False


_NAMED_VESSEL = re.compile(r"\b(?:M/V|MV|M/T|MT|USS|HMS)\s+[A-Z]")
_LARGE_TOWN = 100_000
_VICTIM_AIRCRAFT_KINDS = frozenset({"crash", "shootdown", "interception"})
_AIRCRAFT_HEADS = frozenset(
    {"drone", "drones", "avion", "avions", "hélicoptère", "aircraft", "plane", "jet", "helicopter"}
)
_PASSIVE_AGENT = re.compile(r"\b(?:par|by)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PRIOR = re.compile(r"\b(?:déjà|already|previously|la veille|the day before|earlier)\b", re.IGNORECASE)
_PLUPERFECT = re.compile(r"\b(?:avai(?:t|ent)|had)\b", re.IGNORECASE)
_GENERIC_PLURAL = re.compile(
    r"\b(?:des|les|aux|ses|leurs|of|the|these|their)\s+(?:\w+\s+)?(?:attaques|frappes|bombardements|raids|"
    r"attentats|tirs|attacks|strikes|airstrikes|bombings|raids|shelling)\b",
    re.IGNORECASE,
)
_FINITE_EVENT = re.compile(
    r"\b(?:a|ont|avait|avaient|has|have|had|was|were)\s+(?:été\s+|been\s+)?(?:\w+\s+){0,2}"
    r"(?:attaqu\w*|frapp\w*|tué\w*|visé\w*|bombard\w*|tiré|abattu\w*|enlev\w*|attacked|struck|killed|hit|"
    r"targeted|shelled|bombed|fired|kidnapped|abducted|shot)\b",
    re.IGNORECASE,
)


def finite_event(text: str) -> bool:
    return _FINITE_EVENT.search(text) is not None


_DIRECTION_BEFORE = re.compile(
    r"\b(?:(?:au|à l'|dans le)\s*)?(?:nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)\s+(?:de|d'|du|des)\s*"
    r"(?:la\s+(?:capitale|ville|région)\s+(?:\w+\s+)?|l')?$|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
    r"\s+of\s+(?:the\s+(?:capital|city|town)\s*,?\s*)?$|\b\d+\s*(?:km|kilomètres|kilometres|kilometers|miles)\s+"
    r"(?:\w+\s+){0,2}(?:de|d'|du|of|from)\s*(?:la\s+ville\s+de\s+)?$",
    re.IGNORECASE,
)

PLACE_RANK = {
    "base": 6,
    "camp": 6,
    "landmark": 6,
    "city": 5,
    "admin2": 4,
    "sea": 3,
    "admin1": 2,
    "country": 1,
}


@dataclass
class Frame:
    sentence: Sentence
    kinds: set[str]
    weapon: str
    places: list[Place]
    place_starts: list[int]
    unresolved_places: list[str]
    near: bool
    actors: list[ActorMention]
    perpetrator: ActorMention | None
    perpetrator_state: str | None  # canonical name when read from a nationality adjective
    generic_perpetrator: bool
    targets: list[TargetMention]
    target_text: str | None
    tolls: list[Toll]
    zero_casualties: bool
    dates: list[DateMention]
    claimed: bool
    no_claim: bool
    disputed: bool
    intercepted: bool
    debris_damage: bool
    failed: bool
    background: bool
    update: bool
    security_target: bool
    specific: bool
    weak: bool = False
    index: int = 0
    extra_sentences: list[Sentence] = field(default_factory=list)
    security_agent: bool = False  # soldiers or police did it ("police beat a man", "was shot by soldiers")
    armed_victim: bool = False  # fighters, militants or members of a force were hit ("killed a QSD fighter")
    reciprocal: bool = False  # both sides fired ("exchanged artillery fire", "fired back")
    off_duty: bool = False  # the soldier or police officer hit was off duty or retired: a civilian for ACLED
    disruption: bool = False  # only weapons found, seized or defused are told (seized_spans)
    takeover_side: str | None = None  # who gained ground, "state" or "non_state" (scope.takeover_side)

    @property
    def date(self) -> date | None:
        return next((d.date for d in self.dates if d.date), None)

    @property
    def day_key(self) -> str | None:
        """The day as resolved, else the weekday word ("mardi", "Tuesday"): two different days are two events."""
        for d in self.dates:
            if d.date:
                return d.date.isoformat()
            if d.kind == "weekday" and not d.is_anchor:
                m = _WEEKDAY.search(d.text)
                if m:
                    return m.group(0).lower()
        return None

    @property
    def place(self) -> Place | None:
        return self.places[0] if self.places else None


def _triggers(lex: Lexicon, text: str) -> tuple[set[str], set[str], bool, list[re.Match[str]]]:
    kinds: set[str] = set()
    weapons: set[str] = set()
    strong = False
    matches: list[re.Match[str]] = []
    for trigger in lex.triggers:
        m = trigger.pattern.search(text)
        if m is None:
            continue
        kinds.add(trigger.kind)
        matches.append(m)
        strong = strong or trigger.strong
        if trigger.weapon:
            weapons.add(trigger.weapon)
    return kinds, weapons, strong, matches


_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|été|étaient|était)\b", re.IGNORECASE)


def seized_spans(lex: Lexicon, text: str) -> list[tuple[int, int]]:
    """Stretches naming weapons as what was found, seized or defused ("police seized 50 rifles, a grenade
    launcher and ammunition", "two IEDs were found and defused"): the weapons named there were not used. A span
    runs over the whole list of objects, to the language's `object_end` cue; a passive one starts at its clause."""
    spans: list[tuple[int, int]] = []
    end_cue = lex.cues.get("object_end")
    for trigger in lex.triggers:
        if trigger.kind != "defused":
            continue
        for m in trigger.pattern.finditer(text):
            start, end = m.start(), m.end()
            if _PASSIVE_AUX.search(m.group(0)):
                start = clause_start(text, start)
            stop = end_cue.search(text, end) if end_cue else None
            spans.append((start, stop.start() if stop else len(text)))
    return spans


def _disruption_only(lex: Lexicon, text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the sentence tells nothing but weapons taken out of use: the kinds and weapons named inside the
    seized stretches (an "IED" found, "rockets" seized) are no act of their own. Aircraft or guns named outside
    them ("jets destroyed weapon depots") make it a strike."""
    if not spans:
        return False
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    remainder = "".join(rest)
    kinds, weapons, _, _ = _triggers(lex, remainder)
    weapon = weapon_of(lex, remainder, weapons)
    return kinds <= {"defused"} and weapon not in AERIAL | GROUND_FIRE


def weapon_of(lex: Lexicon, text: str, hinted: set[str]) -> str:
    found = set(hinted)
    for name, pattern in lex.weapons:
        if pattern.search(text):
            found.add(name)
    return next((w for w in WEAPON_PRIORITY if w in found), "unknown")


_SIDE_CLAUSE = re.compile(
    r"[,;:]|\b(?:as|after|while|when|that|which|who|amid|despite|alors que|tandis que|qui|après|malgré)\b",
    re.IGNORECASE,
)


def main_clause_cue(lex: Lexicon, name: str, text: str) -> re.Match[str] | None:
    """The cue where it bears on the sentence's act: before or beside its first attack word, not in a later side
    clause ("recaptured another village on Sunday as they continue to clear holdouts", "capturing a village,
    widening an offensive that had previously involved air strikes"), which tells context, not the act."""
    pattern = lex.cues.get(name)
    if pattern is None:
        return None
    first = pattern.search(text)
    if first is None:
        return None  # most sentences: no cue, no need to find the act
    act = lex.candidate.search(text)
    for m in pattern.finditer(text, first.start()):
        if act is None or m.start() <= act.start() or not _SIDE_CLAUSE.search(text, act.end(), m.start()):
            return m
    return None


def hard_trap(trap: str | None) -> bool:
    """A trap that vetoes its sentence whatever else it tells (a soft one yields to casualties or gunfire)."""
    return trap is not None and trap not in _SOFT_TRAPS


def trap_of(lex: Lexicon, text: str) -> str | None:
    for name, pattern in lex.traps.items():
        if pattern.search(text):
            return name
    return None


def _in_slot(text: str, start: int, slot: re.Pattern[str]) -> bool:
    return slot.search(text[max(0, start - 40) : start]) is not None


def _origin_spans(lex: Lexicon, text: str) -> list[tuple[int, int]]:
    """Stretches of the sentence that name where a weapon or person came from or went to, not the event place."""
    pattern = lex.cues.get("origin")
    if pattern is None:
        return []
    spans = []
    for m in pattern.finditer(text):
        end = m.end()
        stop = re.search(r"[.;:!?]| et | and |, (?:a|ont|said|selon)\b", text[end:])
        spans.append((m.start(), end + (stop.start() if stop else min(80, len(text) - end))))
    return spans


def build_frame(
    lex: Lexicon,
    sentence: Sentence,
    place_mentions: list[PlaceMention],
    ner_places: list[tuple[int, int, str]],
    dates: list[DateMention],
    gazetteer: Gazetteer,
    context_countries: list[str],
    ner_blocked: Sequence[tuple[int, int, str]] = (),
) -> Frame | None:
    """Read one sentence; None when it holds no specific attack (no trigger, a trap, or a generic statement)."""
    text = sentence.text
    kinds, hinted_weapons, strong, trigger_matches = _triggers(lex, text)
    first_trigger = min((m.start() for m in trigger_matches), default=0)
    if not kinds:
        if detained_by_group(lex, text):
            kinds, strong = {"abduction"}, True  # "the SDF detained three men": see arrest_reading
        elif lex.cue("claim", text) is None:
            return None
        else:
            kinds = {
                "claim"
            }  # "The Taliban claimed responsibility for the incident.": adds the claimant only
    trap = trap_of(lex, text)
    if hard_trap(trap):
        return None  # before the costlier readings: most trapped sentences end here
    reference = lex.cue("reference", text)
    if reference is not None and all(
        reference.start() <= m.start() < reference.end() for m in trigger_matches
    ):
        return None  # "Wednesday's attack came the same day that…": the article's attack named again, nothing new
    seized = seized_spans(lex, text) if "defused" in kinds else []
    disruption = _disruption_only(lex, text, seized)
    if disruption:
        # "seized 50 rifles and a grenade launcher", "234 pistols were captured": no shelling, no takeover.
        kinds = {"defused"}
    actors = find_actors(text, lex.lang)
    found_targets = find_targets(text, lex.lang)
    tolls = find_tolls(text, lex.lang)
    weapon = weapon_of(lex, text, hinted_weapons)
    if any(t.attacker_side for t in tolls):
        if state_offensive(lex, text, actors, found_targets, first_trigger, aerial=weapon == "airstrike"):
            # "PMF forces killed 7 militants", "militants were killed in an operation by the gendarmerie": the
            # militants are the attacked side here, and their dead are the event's fatalities.
            tolls = [replace(t, attacker_side=False) for t in tolls]
        else:
            tolls = [t for t in tolls if not t.attacker_side]
    if _HEDGE.search(text):
        weapon = "unknown"  # "ce qui suggère l'utilisation de véhicules kamikazes": a guess is not a weapon
    if trap == "arrest":
        trap, by_group = arrest_reading(lex, text, actors)
        if by_group:
            kinds.add("abduction")  # ACLED: people "detained" by a non-state armed group are abducted
            strong = True
    violent = bool(tolls) and lex.cue("violent_death", text) is not None
    weak = not strong and not violent and weapon in ("unknown", "explosive")
    if trap is not None and not (trap in _SOFT_TRAPS and (tolls or weapon == "firearm")):
        return None
    if mob_violence(lex, text, weapon, actors, found_targets, tolls, first_trigger) or looting_only(
        lex, text, kinds, weapon, tolls, found_targets, first_trigger
    ):
        return None
    sentence_dates = [d for d in dates if sentence.start <= d.start < sentence.end]
    if any(d.is_anchor for d in sentence_dates) or main_clause_cue(lex, "generic", text):
        return None
    if tolls and (
        _SINCE.search(text)
        or (max(t.value or 0 for t in tolls) >= _CUMULATIVE_TOLL and not any(d.date for d in sentence_dates))
    ):
        return None  # a running total ("19.453 tués depuis l'offensive", "plus de 4 000 personnes"), not one event

    origin = _origin_spans(lex, text)
    actor_spans = [(a.start, a.end) for a in actors]

    def usable(start: int, end: int) -> bool:
        if any(s <= start < e for s, e in origin):
            return False
        if any(s <= start < e or s < end <= e for s, e in actor_spans):
            return False
        if _VESSEL_BEFORE.search(text[max(0, start - 30) : start]):
            return False  # a ship's name ("le MSC Alanya", "M/V Tavvishi")
        after = text[end : end + 40]
        if _ADJECTIVAL_AFTER.match(after) or SPEAKER_AFTER.match(after):
            return False  # "U.S.-backed", "Nasser hospital said": not where it happened
        return not (text[start:end].isupper() and len(text[start:end]) > 3 and _DATELINE_AFTER.match(after))

    # A country named in the sentence ("… in Riyadh, Kirkuk, Iraq") decides between same-named places.
    named_here = [
        c.country
        for m in place_mentions
        for c in m.candidates[:1]
        if c.kind == "country" and c.country and usable(m.start, m.end)
    ]
    scope = list(dict.fromkeys([*named_here, *context_countries]))
    resolved = gazetteer.resolve(place_mentions, scope) if place_mentions else []
    launch = _LAUNCH.search(text)
    places: list[tuple[int, Place]] = []
    references: list[Place] = []
    for mention, place in zip(place_mentions, resolved, strict=False):
        if place is None or not usable(mention.start, mention.end):
            continue
        if named_here and place.country and place.country not in named_here and place.kind != "sea":
            place = next((c for c in mention.candidates if c.country in named_here), None)
            if place is None:
                continue  # "Riyadh, Kirkuk, Iraq" is not the Saudi capital
        if launch and mention.end <= launch.start() and _LAUNCH_TARGET.search(text, launch.end()):
            continue  # "Assailants in Gaza fired a rocket … into Sderot": where it was fired from
        if _inside_name(mention.start, mention.end, mention, ner_blocked, text):
            continue  # part of a person's or an organisation's name ("Halima Alhaji Adam", "Radio France Internationale")
        if (
            _DIRECTION_BEFORE.search(text[max(0, mention.start - 45) : mention.start])
            and place.kind not in {"country", "admin1"}  # "north of Raqqa province" is still in the province
        ):
            references.append(place)  # "au nord de Bagdad": a bearing from a reference point, not the place
            continue
        if (
            context_countries
            and place.kind == "city"
            and place.country not in context_countries
            and place.population < _FOREIGN_CITY_MIN
        ):
            continue  # a small town of a country the article never names: almost always a false reading
        places.append((mention.start, place))
    covered = [(m.start, m.end) for m in place_mentions]
    unresolved = [
        name
        for start, end, name in ner_places
        if usable(start, end)
        and not any(s <= start < e for s, e in covered)
        and not _PLURAL_ARTICLE_BEFORE.search(text[max(0, start - 5) : start])
    ]
    places.sort(key=lambda p: (-PLACE_RANK.get(p[1].kind, 0), p[0]))

    perpetrator: ActorMention | None = None
    perpetrator_state: str | None = None
    generic = False
    has_claim = lex.cue("claim", text) is not None
    for actor in actors:
        before = text[: actor.start]
        if actor.form == "generic":
            generic = True
            continue
        if (
            SPEAKER_AFTER.match(text[actor.end :])
            or _SPOKESMAN_BEFORE.search(text[max(0, actor.start - 40) : actor.start])
        ) and not has_claim:
            continue  # "CENTCOM said", "the spokesman for the coalition": the source of the report, not the attacker
        if actor.form == "adjective":
            if (
                actor.head is None
                or _in_slot(text, actor.start, _TARGET_PREP)
                or actor.head.lower() in _TARGET_HEADS
            ):
                continue
            if kinds & _VICTIM_AIRCRAFT_KINDS and actor.head.lower() in _AIRCRAFT_HEADS:
                continue  # "un drone américain s'est écrasé / abattu": the aircraft is what was hit
            if perpetrator is None and actor.actor.canonical:
                perpetrator = actor
                perpetrator_state = actor.actor.canonical
            continue
        if _TARGET_PREP.search(before[-40:]) and not _PASSIVE_AGENT.search(before[-25:]):
            continue
        if is_patient(text, actor.start, actor.end):
            continue
        if perpetrator is None or perpetrator.form == "adjective":
            perpetrator = actor
            perpetrator_state = None

    claim = (
        lex.cue("claim", text) is not None and perpetrator is not None and perpetrator.actor.kind != "state"
    )
    targets = [
        t
        for t in found_targets
        if (perpetrator is None or not (t.start < perpetrator.end and perpetrator.start < t.end))
        and not _INCLUDING.search(text[max(0, t.start - 40) : t.start])
        and not _SOURCE_AFTER.match(text, t.end)
        and not (
            t.group in ARMED_GROUPS
            and (
                is_agent(text, t.start, t.end, first_trigger)
                or _LOCATIVE_BEFORE.search(text[max(0, t.start - 40) : t.start])
            )
        )
    ]
    off_duty = lex.cue("off_duty", text) is not None
    if off_duty:
        targets = [t for t in targets if t.group != "security_forces"]
    background = bool(main_clause_cue(lex, "background", text))
    if background and _PLUPERFECT.search(text) and not _PRIOR.search(text):
        # The pluperfect alone is often sequence of tenses ("n'a pas précisé si l'attaque avait fait des victimes",
        # "AP reported that 12 people had been killed"): anteriority needs a marker or a past year.
        background = bool(
            re.search(r"\b(?:last year|l'an dernier|l'année dernière|in (?:19|20)\d\d)\b", text, re.I)
        )
    has_date = any(d.kind != "vague" and not d.is_anchor for d in sentence_dates)
    singular = bool(
        re.search(
            r"\b(?:une?|l'|la|le|the|an?|this|cette|ce)\s+(?:\w+\s+)?(?:attaque|frappe|attentat|explosion|"
            r"attack|strike|airstrike|blast|bombing|raid|assault|embuscade|ambush|incursion)\b",
            text,
            re.I,
        )
    )
    finite = bool(re.search(r"\b(?:a|ont|été|was|were|has|have|had)\b", text, re.I))
    # A finished act told in the simple past ("The army killed ... in Hama province", "clashed with ... in North
    # Kivu", "two suicide bombers blew themselves up, killing one") is one event even when only its province or
    # country, or no place, is named; the present and the perfect tell habits and tallies.
    past = lex.cue("past_event", text) is not None
    plural_only = bool(_GENERIC_PLURAL.search(text)) and not singular and not finite_event(text) and not past
    specific = (
        has_date
        or (
            (not plural_only)
            and (
                bool(places and PLACE_RANK.get(places[0][1].kind, 0) >= 4)
                or bool(unresolved)
                or singular
                or (finite and bool(tolls) and bool(places))
                or (
                    past
                    and (
                        bool(places)
                        or bool(tolls)
                        or (perpetrator is not None and perpetrator.form == "name")
                        or _NAMED_VESSEL.search(text) is not None  # "One ASBM struck M/V Tavvishi"
                    )
                )
                # A seizure is one event when what was seized is counted, as a toll counts an attack's dead ("police
                # seized nine pistols and 1,100 rounds", "two explosive devices were found in a canal").
                or (disruption and (bool(places) or any(lex.cue("counted", text[a:b]) for a, b in seized)))
                # Air defences report each night's interceptions by region ("détruire les Shahed au-dessus des régions
                # de Khmelnytsky et Donetsk"): ACLED codes them per region.
                or ("interception" in kinds and any(p.kind == "admin1" for _, p in places))
            )
        )
    )
    zero = any(t.qualifier == "zero" for t in tolls)
    return Frame(
        sentence=sentence,
        kinds=kinds,
        weapon=weapon,
        places=[p for _, p in places],
        place_starts=[start for start, _ in places],
        unresolved_places=unresolved,
        near=lex.cue("near", text) is not None,
        actors=actors,
        perpetrator=perpetrator,
        perpetrator_state=perpetrator_state,
        generic_perpetrator=generic and perpetrator is None,
        targets=targets,
        target_text=_target_phrase(text, targets[0], gazetteer, lex.lang) if targets else None,
        tolls=tolls,
        zero_casualties=zero,
        dates=[d for d in sentence_dates if not _reporting_day(text, d.start - sentence.start)],
        claimed=claim,
        no_claim=lex.cue("no_claim", text) is not None,
        disputed=lex.cue("disputed", text) is not None,
        # "destroyed two missiles and a launcher in Houthi-controlled areas": a strike on the ground, no interception.
        intercepted=lex.cue("intercepted", text) is not None and lex.cue("ground_strike", text) is None,
        debris_damage=lex.cue("debris", text) is not None and lex.cue("damage", text) is not None,
        failed=lex.cue("failed", text) is not None,
        background=background,
        update=lex.cue("update", text) is not None,
        security_target=_security_target(lex, text, first_trigger) and not off_duty,
        security_agent=any(
            t.group == "security_forces" and is_agent(text, t.start, t.end, first_trigger)
            for t in found_targets
        ),
        armed_victim=_armed_victim(lex, text, find_tolls(text, lex.lang)) and not off_duty,
        off_duty=off_duty,
        reciprocal=lex.cue("reciprocal", text) is not None,
        specific=specific and not weak,
        weak=weak,
        disruption=disruption,
        takeover_side=takeover_side(lex, text, actors) if "takeover" in kinds else None,
    )
