"""Unit of coding: frames that tell the same event are merged; different place, day or actor split them (ACLED).

An article usually repeats its main event (headline, lead, quotes, claim); each repetition is a frame. A frame joins
the latest compatible group; a frame with no place, actor or date of its own continues the group before it.
"""

from __future__ import annotations

import math
import re

from .frames import PLACE_RANK, Frame
from .places import Place

_SEPARATE = re.compile(
    r"^\W*(?:par ailleurs|séparément|separately|in (?:a |another )?separate|meanwhile|ailleurs|dans un autre|in another|"
    r"elsewhere|also on)\b",
    re.IGNORECASE,
)


_ANOTHER = re.compile(
    r"\b(?:une? autre|une nouvelle|un nouveau|another|a second|a separate)\s+(?:\w+\s+)?(?:frappe|attaque|drone|"
    r"attentat|explosion|embuscade|strike|attack|drone|blast|bombing|raid|ambush|frappe nocturne)\b",
    re.IGNORECASE,
)
NEAR_KM = 10.0
_ANAPHORA = re.compile(
    r"\b(?:the|this|that) (?:incident|attack|strike|airstrike|blast|explosion|bombing|assault) (?:occurred|happened|took place|was)\b|"
    r"\b(?:l'|cette |cet )(?:incident|attaque|attentat|explosion|assaut|action) (?:a eu lieu|s'est produit|s'est déroulé)",
    re.IGNORECASE,
)


def distance_km(a: Place, b: Place) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def same_place(a: Place, b: Place, near: bool = True) -> bool:
    """One place: the same name, one inside the other, or (`near`) two towns or sites a few km apart."""
    if a.country and b.country and a.country != b.country:
        return False
    if a.name == b.name:
        return True
    km = distance_km(a, b)
    if (
        near
        and km is not None
        and km <= NEAR_KM
        and PLACE_RANK.get(a.kind, 0) >= 4
        and PLACE_RANK.get(b.kind, 0) >= 4
    ):
        return True  # a neighbourhood and its town, a camp and the town beside it: one location
    coarse, fine = (a, b) if PLACE_RANK.get(a.kind, 0) <= PLACE_RANK.get(b.kind, 0) else (b, a)
    if coarse.kind == "country":
        return True
    if coarse.kind == "admin1":
        return fine.admin1 is None or fine.admin1 == coarse.name or fine.admin1 == coarse.admin1
    if coarse.kind == "sea":
        return fine.kind == "sea" or fine.country == coarse.country
    return False


def _perpetrator(frame: Frame) -> str | None:
    if frame.perpetrator_state:
        return frame.perpetrator_state
    if frame.perpetrator is not None:
        return frame.perpetrator.actor.canonical
    return None


class Group:
    def __init__(self, frame: Frame) -> None:
        self.frames = [frame]

    @property
    def background(self) -> bool:
        return all(f.background for f in self.frames)

    def places(self) -> list[Place]:
        return [p for f in self.frames for p in f.places]

    def best_place(self) -> Place | None:
        places = self.places()
        return max(places, key=lambda p: PLACE_RANK.get(p.kind, 0)) if places else None

    def perpetrators(self) -> list[str]:
        return [p for f in self.frames if (p := _perpetrator(f))]

    def dates(self) -> list[object]:
        return [f.date for f in self.frames if f.date]

    def accepts(self, frame: Frame) -> bool:
        if frame.background != self.background:
            return False  # an earlier attack told as context is never part of today's event
        if any(f.sentence.start == frame.sentence.start and f.places != frame.places for f in self.frames):
            return False  # one sentence split by place ("12 killed in Nuseirat and eight in Deir al-Balah")
        mine_days = {f.day_key for f in self.frames if f.day_key}
        if frame.day_key and mine_days and frame.day_key not in mine_days:
            return False
        best = self.best_place()
        if frame.place is not None and best is not None and not same_place(frame.place, best):
            return False
        perp = None if frame.weak else _perpetrator(frame)
        mine = self.perpetrators()
        if perp and mine and perp not in mine:
            return False
        return not (frame.date and self.dates() and frame.date not in self.dates())


def group_frames(frames: list[Frame]) -> list[Group]:
    groups: list[Group] = []
    pending: list[Frame] = []
    for frame in frames:
        if frame.weak:
            # A sentence with only weak cues ("s'est écrasé près de …") adds detail to an event, never starts one.
            target = next((g for g in reversed(groups) if g.accepts(frame)), None)
            if target is not None:
                target.frames.append(frame)
            else:
                pending.append(frame)
            continue
        standalone = bool(frame.places or frame.unresolved_places or _perpetrator(frame) or frame.date)
        if groups and (_SEPARATE.search(frame.sentence.text) or _ANOTHER.search(frame.sentence.text)):
            groups.append(Group(frame))
            continue
        continues = not standalone or (_ANAPHORA.search(frame.sentence.text) and not frame.day_key)
        if groups and continues and groups[-1].background == frame.background:
            # No place, actor or day of its own, or "the incident occurred when…": the same event goes on.
            groups[-1].frames.append(frame)
            continue
        target = next((g for g in reversed(groups) if g.accepts(frame)), None)
        if target is None:
            target = Group(frame)
            groups.append(target)
        else:
            target.frames.append(frame)
        # Weak sentences read before the first event (a headline-like crash report) join the first event.
        for waiting in [w for w in pending if target.accepts(w)]:
            target.frames.append(waiting)
            pending.remove(waiting)
    return groups
