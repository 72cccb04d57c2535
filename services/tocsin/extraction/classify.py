"""ACLED event type, sub-event type and outcome of an incident, by the coding rules (ANNOTATION.md, "Types").

Pure decision logic over what the frames found; every branch mirrors one sentence of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

AERIAL = frozenset({"drone", "missile", "rocket", "airstrike"})
SUB_EVENT_EVENT = {
    "Armed clash": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Government regains territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Disrupted weapons use": "Strategic developments",
}
REMOTE_BY_WEAPON = {
    "drone": "Air/drone strike",
    "airstrike": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack",
    "rocket": "Shelling/artillery/missile attack",
    "artillery": "Shelling/artillery/missile attack",
    "ied": "Remote explosive/landmine/IED",
    "explosive": "Remote explosive/landmine/IED",
    "suicide": "Suicide bomb",
    "grenade": "Grenade",
}
# Weapons fired from the ground at the other side.
GROUND_FIRE = frozenset({"artillery", "rocket"})
# Weapons the contract names differently from the sub-event they decide.
CONTRACT_WEAPON = {"grenade": "explosive"}


@dataclass(frozen=True)
class Evidence:
    """What classification needs to know about an incident, gathered from its frames."""

    kinds: frozenset[str]
    weapon: str
    perpetrator_kind: str | None  # "state", "armed_group", ... or None
    target_groups: frozenset[str]
    security_target: bool
    intercepted: bool
    debris_damage: bool
    failed: bool
    killed: int | None
    hit_cue: bool
    claimed: bool
    civilian_victims: bool = False  # the dead or wounded are civilians ("12 civils", "villagers", "a woman")
    small_arms: bool = False  # gunfire is told ("opened fire", "machine guns", "firearms")
    security_agent: bool = False  # soldiers or police did it ("police beat a man to death")
    armed_victim: bool = False  # fighters, militants or members of a force were hit ("killed a QSD fighter")
    reciprocal: bool = False  # both sides fired ("exchanged artillery fire", "fired back")
    disruption: bool = False  # weapons found, seized or defused are all a sentence tells ("seized 50 rifles")
    takeover_side: str | None = None  # the subject of the takeover verb: "state" or "non_state"


@dataclass(frozen=True)
class Coding:
    event_type: str
    sub_event_type: str
    outcome: str
    weapon: str


def _coding(sub_event: str, outcome: str, weapon: str) -> Coding:
    return Coding(SUB_EVENT_EVENT[sub_event], sub_event, outcome, CONTRACT_WEAPON.get(weapon, weapon))


def classify(ev: Evidence) -> Coding:
    killed = ev.killed or 0
    outcome = "hit" if (killed > 0 or ev.hit_cue) else "unknown"
    shot_at_aircraft = (
        "shootdown" in ev.kinds
        and ("aircraft" in ev.target_groups or ev.weapon == "drone")
        and ev.perpetrator_kind in {"armed_group", "militia"}
    )
    if shot_at_aircraft:
        # An armed group shooting down a drone: Disrupted weapons use, the shooter as actor, outcome hit.
        shooter_weapon = "firearm" if ev.weapon in {"firearm"} else "unknown"
        return _coding("Disrupted weapons use", "hit", shooter_weapon)
    interception = bool({"interception", "shootdown"} & ev.kinds) and ev.intercepted and ev.weapon in AERIAL
    if interception:
        if killed > 0:
            return _coding(REMOTE_BY_WEAPON[ev.weapon], "hit", ev.weapon)
        if ev.debris_damage:
            return _coding(REMOTE_BY_WEAPON[ev.weapon], "intercepted", ev.weapon)
        return _coding("Disrupted weapons use", "intercepted", ev.weapon)
    if ev.failed and ev.weapon in AERIAL and killed == 0:
        return _coding(REMOTE_BY_WEAPON[ev.weapon], "failed", ev.weapon)
    if "chemical" in ev.kinds and "takeover" not in ev.kinds:
        # A town taken that "was the scene of a chemical attack" is a takeover; the lead decides (see below).
        return _coding("Chemical weapon", outcome, "unknown")
    if (
        "defused" in ev.kinds
        and killed == 0
        and (
            (ev.disruption and ev.kinds <= {"defused", "claim"})
            or (not ({"strike", "shelling", "clash"} & ev.kinds) and ev.weapon not in AERIAL | GROUND_FIRE)
        )
    ):
        # Weapons found, seized or defused before use, whatever they are ("seized rockets and mortars"); not when
        # aircraft or guns destroyed them ("jets destroyed weapon depots" is an air strike).
        return _coding("Disrupted weapons use", "failed", ev.weapon)
    if "sexual" in ev.kinds and killed == 0:
        return _coding("Sexual violence", "hit", ev.weapon)
    if "takeover" in ev.kinds:
        # The doer takes the territory: the subject of the takeover verb when it names a side ("Iraqi paramilitary
        # troops recaptured", "Houthi rebel fighters seized"), else the state (named, or its forces as the subject)
        # unless a non-state group is the named doer ("al Shabaab recaptured the town hours after it was seized by
        # Jubbaland troops").
        if ev.takeover_side is not None:
            side = (
                "Government regains territory"
                if ev.takeover_side == "state"
                else "Non-state actor overtakes territory"
            )
            return _coding(side, "hit", ev.weapon)
        if ev.perpetrator_kind == "state" or (
            ev.security_agent and ev.perpetrator_kind not in {"armed_group", "militia", "gang"}
        ):
            return _coding("Government regains territory", "hit", ev.weapon)
        return _coding("Non-state actor overtakes territory", "hit", ev.weapon)
    if (
        (ev.reciprocal and ev.weapon in GROUND_FIRE | {"firearm", "grenade", "knife", "unknown"})
        or (ev.weapon in GROUND_FIRE and "clash" in ev.kinds)
        or (ev.weapon in {"airstrike", "missile"} and "clash" in ev.kinds)
    ):
        # Two sides fighting, with shells, rockets or aircraft alongside ("clashed ... amid regime shelling",
        # "exchanged artillery fire"): ACLED codes the fight, one event.
        return _coding("Armed clash", outcome, ev.weapon)
    ground_assault = bool({"attack", "clash"} & ev.kinds) and (
        ev.security_target or "security_forces" in ev.target_groups
    )
    if ground_assault and ev.small_arms and ev.weapon in {"artillery", "rocket", "grenade", "explosive"}:
        # Armed actors shooting at each other, with shells or grenades alongside: ACLED codes the fight.
        return _coding("Armed clash", outcome, "firearm")
    if ev.weapon == "suicide":
        if ground_assault and "storm" in ev.kinds:
            return _coding("Armed clash", "hit", ev.weapon)
        return _coding(
            "Suicide bomb", outcome if outcome == "hit" or not ev.claimed else "unknown", ev.weapon
        )
    if ev.weapon in REMOTE_BY_WEAPON:
        return _coding(REMOTE_BY_WEAPON[ev.weapon], outcome, ev.weapon)
    if "abduction" in ev.kinds and killed == 0:
        return _coding("Abduction/forced disappearance", "hit", ev.weapon)
    if ev.civilian_victims and not ev.armed_victim and "clash" not in ev.kinds:
        # The dead or wounded are civilians and no fighter or soldier among them: one-sided violence, even when
        # soldiers or police are named ("soldiers stormed a house, killing one civilian").
        return _coding("Attack", "hit" if killed > 0 or ev.hit_cue else outcome, ev.weapon)
    if "clash" in ev.kinds or ground_assault or "armed_group" in ev.target_groups:
        return _coding("Armed clash", outcome, ev.weapon)
    if ev.armed_victim and not ev.civilian_victims:
        # Both sides armed: "unknown gunmen shot and killed a QSD fighter", "troops killed eight militants".
        return _coding("Armed clash", outcome, ev.weapon)
    civilians = "civilians" in ev.target_groups or ev.civilian_victims
    if not civilians and ev.perpetrator_kind not in (None, "state") and not ev.security_agent:
        # ACLED reserves Violence against civilians for civilian victims; organised armed groups fighting an
        # unidentified side are a clash. Soldiers or police using force on people no one says were armed
        # ("police beat a young man to death") are one-sided violence: an Attack.
        return _coding("Armed clash", outcome, ev.weapon)
    return _coding(
        "Attack", "hit" if killed > 0 or ev.hit_cue or "killing" in ev.kinds else outcome, ev.weapon
    )
