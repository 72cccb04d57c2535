"""Who did it and who was hit, read from word order: a stand-in for syntax that the small pipelines' parser does
not give reliably across French and English news. Shared by the frame reader and the scope rules."""

from __future__ import annotations

import re

SPEAKER_AFTER = re.compile(
    r"\s*(?:,[^,]{0,60},\s*)?(?:a|ont|avait)?\s*(?:\w+\s+)?(?:déclaré|indiqué|annoncé|précisé|affirmé|rapporté|"
    r"assuré|fait savoir|décrit|said|says|told|reported|stated|announced|confirmed|added|describes?)\b",
    re.IGNORECASE,
)

ACTIVE_VERB = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient)\s+(?:\w+\s+)?(?:attaqué|visé|frappé|ciblé|tué|bombardé|pilonné|"
    r"abattu|enlevé|kidnappé|blessé|touché|détruit)\b|\b(?:attacked|struck|targeted|killed|shelled|bombed|"
    r"kidnapped|abducted|ambushed|raided|wounded|injured|hit|drove|pushed|expelled|ousted|routed|repelled|"
    r"repulsed|defeated|besieged|recaptured|retook|seized|captured|overran|wrested|regained|reclaimed)\b",
    re.IGNORECASE,
)
PASSIVE_VERB = re.compile(
    r"\b(?:was|were|been|being|a été|ont été|avait été|avaient été|été|est|sont)\s+(?:\w+\s+)?(?:attaqu\w*|visé\w*|"
    r"frapp\w*|ciblé\w*|tué\w*|bombardé\w*|abattu\w*|enlevé\w*|touché\w*|hit|attacked|struck|targeted|killed|"
    r"shelled|bombed|shot|kidnapped|abducted|ambushed|wounded|injured|pushed|driven|expelled|ousted|routed|"
    r"repelled|repulsed|defeated)\b",
    re.IGNORECASE,
)
AGENT_BEFORE = re.compile(r"\b(?:par|by)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r"[;:]|\b(?:after|before|while|when|that|which|who|après|avant|alors que|lorsque|tandis que|qui)\b", re.I
)


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding `pos` begins: after the last clause break before it, else the sentence start."""
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(text, 0, pos)]
    return breaks[-1] if breaks else 0


def is_agent(text: str, start: int, end: int, first_trigger: int) -> bool:
    """Who did it, not who was hit: after "by" ("was beaten by police officers"), or the subject before the
    first attack word of an active sentence ("the police beat a man"), unless a passive follows ("troops were
    attacked") or it is the source of the report ("police said")."""
    if AGENT_BEFORE.search(text[max(0, start - 30) : start]):
        return True
    if start >= first_trigger or SPEAKER_AFTER.match(text[end : end + 40]):
        return False
    passive = PASSIVE_VERB.search(text, end)
    return (
        passive is None
        or passive.start() - end >= 120
        or CLAUSE_BREAK.search(text, end, passive.start()) is not None
    )


def is_patient(text: str, start: int, end: int) -> bool:
    """Word order as a stand-in for syntax: the object of an active attack verb, or the subject of a passive
    one ("A base housing U.S. troops was hit"), is what was attacked, unless introduced by par/by."""
    if AGENT_BEFORE.search(text[max(0, start - 30) : start]):
        return False
    for m in ACTIVE_VERB.finditer(text, 0, start):
        if not CLAUSE_BREAK.search(text, m.end(), start) and start - m.end() < 60:
            return True
    passive = PASSIVE_VERB.search(text, end)
    return (
        passive is not None
        and passive.start() - end < 60
        and not CLAUSE_BREAK.search(text, end, passive.start())
    )
