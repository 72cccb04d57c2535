"""What ACLED counts as political violence, and what it codes otherwise: riots and mob violence, looting and
property destruction, arrests (but detentions by armed groups are abductions), and whose dead a toll counts.

Each rule reads one sentence with what the frame reader already found (actors, target groups, weapon, tolls);
the words that vary by language are cues of data/<lang>/events.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .actors import ActorMention, TargetMention, find_actors
from .lexicon import Lexicon
from .numbers import Toll
from .roles import AGENT_BEFORE, CLAUSE_BREAK, clause_start, is_agent, is_patient

ARMED_GROUPS = frozenset({"security_forces", "armed_group"})

_NON_STATE = frozenset({"armed_group", "militia"})


# Militias fighting militants are mostly pro-government (PMF, CJTF).
_STATE_SIDE = frozenset({"state", "militia"})


def state_offensive(
    lex: Lexicon,
    text: str,
    actors: Sequence[ActorMention],
    targets: Sequence[TargetMention],
    first_trigger: int,
    aerial: bool = False,
) -> bool:
    """State forces are the side that attacked: the doer of the sentence's act (security forces named as its
    subject or after "by", or a state actor in that slot, or warplanes, which only states fly here), and nothing
    says they were answering an attack (the "defence" cue: "repelled", "riposté"; then the dead militants were the
    attackers)."""
    if lex.cue("defence", text):
        return False
    if aerial:
        return True
    if any(t.group == "security_forces" and is_agent(text, t.start, t.end, first_trigger) for t in targets):
        return True
    return any(
        a.actor.kind in _STATE_SIDE and a.form != "generic" and is_agent(text, a.start, a.end, first_trigger)
        for a in actors
    )


# Weapons of organised violence: with one of these, the doers are no mere mob.
_ORGANISED_WEAPONS = frozenset(
    {
        "firearm",
        "explosive",
        "ied",
        "grenade",
        "drone",
        "airstrike",
        "missile",
        "rocket",
        "artillery",
        "suicide",
    }
)


def mob_violence(
    lex: Lexicon,
    text: str,
    weapon: str,
    actors: Sequence[ActorMention],
    targets: Sequence[TargetMention],
    tolls: Sequence[Toll],
    first_trigger: int,
) -> bool:
    """ACLED's riots, not political violence: people not organised for violence (a mob, residents, party members,
    rival families) doing it with sticks, stones or blades; a crowd punishing a suspected thief; people without
    arms clashing with each other or with the police ("physical clashes", "clashes between vendors and police"). A named group,
    state forces or police as the doers make it an attack whatever the weapon."""
    if weapon in _ORGANISED_WEAPONS or lex.cue("armed", text) or lex.cue("reciprocal", text):
        return False
    crowd = lex.cues.get("crowd")
    # Named actors that are crowds all the same ("Israeli settlers") do not make the violence organised.
    named = [a for a in actors if a.form == "name" and not (crowd and crowd.search(a.text))]
    if any(a.actor.kind in _NON_STATE for a in named):
        return False  # "clashes between members of HTS and a rebel group": armed groups fighting
    if any(is_agent(text, a.start, a.end, first_trigger) for a in named) or any(
        t.group == "security_forces" and is_agent(text, t.start, t.end, first_trigger) for t in targets
    ):
        return False
    if lex.cue("mob_justice", text) or lex.cue("unarmed_clash", text):
        return True
    if any(t.kind == "killed" and t.value for t in tolls):
        return False  # "cadres murdered a rival": a killing by a few is an attack; a lynching says "suspected thief"
    return crowd is not None and any(
        is_agent(text, m.start(), m.end(), first_trigger) for m in crowd.finditer(text)
    )


# Acts that are more than taking or burning property.
_BEYOND_PROPERTY = frozenset(
    {"abduction", "sexual", "shelling", "strike", "bombing", "clash", "takeover", "chemical"}
)
_REMOTE_WEAPONS = _ORGANISED_WEAPONS - {"firearm"}


def looting_only(
    lex: Lexicon,
    text: str,
    kinds: set[str],
    weapon: str,
    tolls: Sequence[Toll],
    targets: Sequence[TargetMention],
    first_trigger: int,
) -> bool:
    """Goods taken or property burnt and no one hurt ("militants seized livestock", "an arson attack caused
    material damage"): ACLED's looting/property destruction, a strategic development, not an attack. A village
    attacked, or a post or a group's base raided, is more than that."""
    if lex.cue("looting", text) is None:
        return False
    # "attacked the village" (not "an arson attack", "the attack caused damage"): the looting came with an assault.
    if kinds & _BEYOND_PROPERTY or weapon in _REMOTE_WEAPONS or lex.cue("assault_verb", text):
        return False
    if any(t.group in ARMED_GROUPS and not is_agent(text, t.start, t.end, first_trigger) for t in targets):
        return False
    return not any(t.value for t in tolls)


def detained_by_group(lex: Lexicon, text: str, actors: Sequence[ActorMention] | None = None) -> bool:
    """A named non-state armed group detains people: the subject before "detained", or the agent after "by"
    ("QSD detained three people", "were arrested by the Taliban")."""
    pattern = lex.traps.get("arrest")
    m = pattern.search(text) if pattern is not None else None
    if m is None:
        return False
    for actor in actors if actors is not None else find_actors(text, lex.lang):
        if actor.actor.kind not in _NON_STATE or actor.form != "name":
            continue
        if actor.end <= m.start():
            if not CLAUSE_BREAK.search(text, actor.end, m.start()) and not is_patient(
                text, actor.start, actor.end
            ):
                return True
        elif AGENT_BEFORE.search(text[max(0, actor.start - 30) : actor.start]):
            return True
    return False


def arrest_reading(lex: Lexicon, text: str, actors: Sequence[ActorMention]) -> tuple[str | None, bool]:
    """(trap, detained by a group). An arrest vetoes the sentence, unless an armed group made it (an abduction)
    or a strong act of violence is told before it ("beat three Palestinians and then detained them"), or people
    were beaten, tortured or shot in it ("arrested and beat an opposition leader")."""
    if detained_by_group(lex, text, actors):
        return None, True
    m = lex.traps["arrest"].search(text)
    strong_first = m is not None and lex.any_trigger.search(text, 0, m.start()) is not None
    return (None if strong_first or lex.cue("abuse", text) else "arrest"), False


_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|été|sont|est)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SLOT_BEFORE = re.compile(
    r"\b(?:with|from|against|of|by|on|to|at|into|in|avec|contre|de|du|des|par|sur|à|au|aux)\s+(?:[^\s,]+\s+){0,2}$",
    re.IGNORECASE,
)


def takeover_side(lex: Lexicon, text: str, actors: Sequence[ActorMention]) -> str | None:
    """Which side took the territory, "state" or "non_state", from the subject of the takeover verb: the side word
    or named actor nearest before it in its clause ("Iraqi paramilitary troops recaptured", "Houthi rebel fighters
    seized"), not one in a prepositional slot ("clashing with insurgents and capturing"). A passive makes the
    subject the loser ("Nusra terrorists were pushed back from"). ACLED types the event by who gained ground."""
    verb = min(
        (m for t in lex.triggers if t.kind == "takeover" for m in [t.pattern.search(text)] if m is not None),
        key=lambda m: m.start(),
        default=None,
    )
    state_words, other_words = lex.cues.get("state_side"), lex.cues.get("non_state_side")
    if verb is None or state_words is None or other_words is None:
        return None
    clause = clause_start(text, verb.start())
    sides: list[tuple[int, str]] = [
        (m.start(), "state") for m in state_words.finditer(text, clause, verb.start())
    ]
    sides += [(m.start(), "non_state") for m in other_words.finditer(text, clause, verb.start())]
    sides += [
        (a.start, "state" if a.actor.kind == "state" else "non_state")
        for a in actors
        if a.form == "name" and clause <= a.start < verb.start()
    ]
    sides = [(at, side) for at, side in sides if not _SLOT_BEFORE.search(text[max(clause, at - 30) : at])]
    if not sides:
        return None
    side = max(sides)[1]
    passive = _PASSIVE_BEFORE.search(text[: verb.start()]) or re.match(
        r"(?:was|were|been|(?:ont|a) été)\b", verb.group(0), re.IGNORECASE
    )
    if passive:
        return "non_state" if side == "state" else "state"
    return side
