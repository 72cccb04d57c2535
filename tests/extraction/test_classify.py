"""ACLED typing follows the coding rules (shared/eval/ANNOTATION.md, "Types"), branch by branch."""

from __future__ import annotations

import functools

import pytest

from tocsin.extraction.classify import Evidence, classify
from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import Extractor

SHELLING = "Shelling/artillery/missile attack"


def ev(**kw: object) -> Evidence:
    base: dict[str, object] = dict(
        kinds=frozenset({"attack"}),
        weapon="unknown",
        perpetrator_kind=None,
        target_groups=frozenset(),
        security_target=False,
        intercepted=False,
        debris_damage=False,
        failed=False,
        killed=None,
        hit_cue=False,
        claimed=False,
    )
    base.update(kw)
    return Evidence(**base)  # type: ignore[arg-type]


def test_armed_group_shooting_down_a_drone_is_disrupted_weapons_use_hit() -> None:
    c = classify(
        ev(
            kinds=frozenset({"shootdown", "attack"}),
            weapon="drone",
            perpetrator_kind="armed_group",
            target_groups=frozenset({"aircraft"}),
            intercepted=True,
            claimed=True,
        )
    )
    assert (c.event_type, c.sub_event_type, c.outcome) == (
        "Strategic developments",
        "Disrupted weapons use",
        "hit",
    )


def test_all_intercepted_without_damage() -> None:
    c = classify(
        ev(kinds=frozenset({"interception"}), weapon="drone", perpetrator_kind="state", intercepted=True)
    )
    assert (c.sub_event_type, c.outcome) == ("Disrupted weapons use", "intercepted")


def test_intercepted_but_debris_damage_is_remote_violence() -> None:
    c = classify(ev(kinds=frozenset({"interception"}), weapon="drone", intercepted=True, debris_damage=True))
    assert (c.event_type, c.sub_event_type, c.outcome) == (
        "Explosions/Remote violence",
        "Air/drone strike",
        "intercepted",
    )


def test_weapons_decide_remote_violence_sub_types() -> None:
    assert classify(ev(weapon="missile")).sub_event_type == "Shelling/artillery/missile attack"
    assert classify(ev(weapon="airstrike")).sub_event_type == "Air/drone strike"
    assert classify(ev(weapon="ied")).sub_event_type == "Remote explosive/landmine/IED"
    assert classify(ev(weapon="suicide")).sub_event_type == "Suicide bomb"


def test_ground_attacks_split_by_target() -> None:
    assert classify(ev(weapon="firearm", security_target=True)).sub_event_type == "Armed clash"
    civ = classify(ev(weapon="firearm", target_groups=frozenset({"civilians"}), killed=12))
    assert (civ.event_type, civ.sub_event_type) == ("Violence against civilians", "Attack")


def test_abduction_as_main_act() -> None:
    assert classify(ev(kinds=frozenset({"abduction"}))).sub_event_type == "Abduction/forced disappearance"
    assert (
        classify(
            ev(kinds=frozenset({"abduction", "attack"}), killed=5, target_groups=frozenset({"civilians"}))
        ).sub_event_type
        == "Attack"
    )


def test_two_sides_firing_is_a_clash_even_with_artillery() -> None:
    # "exchanged artillery fire", "clashed ... amid shelling": ACLED codes the fight.
    assert classify(ev(weapon="artillery", reciprocal=True)).sub_event_type == "Armed clash"
    assert (
        classify(ev(kinds=frozenset({"clash", "shelling"}), weapon="artillery")).sub_event_type
        == "Armed clash"
    )
    assert (
        classify(ev(kinds=frozenset({"clash", "strike"}), weapon="airstrike")).sub_event_type == "Armed clash"
    )
    # One side shelling: shelling; an air strike answered by no one named: an air strike.
    assert classify(ev(kinds=frozenset({"shelling"}), weapon="artillery")).sub_event_type == (
        "Shelling/artillery/missile attack"
    )
    assert classify(ev(weapon="airstrike", reciprocal=True)).sub_event_type == "Air/drone strike"


def test_armed_victims_make_a_clash_civilian_victims_an_attack() -> None:
    assert classify(
        ev(kinds=frozenset({"killing", "attack"}), armed_victim=True, killed=1)
    ).sub_event_type == ("Armed clash")
    # Soldiers named as the attackers, civilians among the dead, no fighter: one-sided violence.
    attack = classify(ev(security_target=True, civilian_victims=True, killed=1, perpetrator_kind="state"))
    assert (attack.event_type, attack.sub_event_type) == ("Violence against civilians", "Attack")
    # A fight in which civilians also died stays a clash.
    assert (
        classify(ev(kinds=frozenset({"clash"}), civilian_victims=True, killed=3)).sub_event_type
        == "Armed clash"
    )


def test_force_used_by_soldiers_or_police_on_unnamed_people_is_an_attack() -> None:
    assert classify(ev(perpetrator_kind="state")).sub_event_type == "Attack"
    assert classify(ev(security_agent=True, perpetrator_kind="armed_group")).sub_event_type == "Attack"
    # An armed group fighting an unidentified side is still a clash.
    assert classify(ev(perpetrator_kind="armed_group")).sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # Wire-style sentences written for this test (invented events): the frame's roles decide the type.
        ("On 3 May 2021, police officers beat a young man to death in Abidjan.", "Attack"),
        ("On 3 May 2021, a shopkeeper was beaten to death by police officers in Chittagong.", "Attack"),
        ("On 3 May 2021, unknown gunmen shot and killed a QSD fighter in Raqqa city.", "Armed clash"),
        (
            "On 3 May 2021, Taliban militants attacked a checkpoint in Kunduz, killing two soldiers.",
            "Armed clash",
        ),
        (
            "On 3 May 2021, gunmen shot and killed an off-duty police officer at his house in Kandahar.",
            "Attack",
        ),
        (
            "On 3 May 2021, Houthi forces and government forces exchanged artillery fire on the frontline in Marib.",
            "Armed clash",
        ),
        ("On 3 May 2021, Houthi forces shelled a village in Marib, killing two civilians.", SHELLING),
        ("On 3 May 2021, militants fired rocket-propelled grenades at an army post in Kunduz.", SHELLING),
        ("On 3 May 2021, soldiers fired grenade launchers at the rebel positions near Donetsk.", SHELLING),
    ],
)
def test_roles_in_the_sentence_decide_the_type(text: str, sub_event: str) -> None:
    result = _extractor().extract(Article(id="t", text=text, language="en"))
    assert [i.sub_event_type for i in result.incidents if not i.background][:1] == [sub_event]


@functools.cache
def _extractor() -> Extractor:
    return Extractor()
