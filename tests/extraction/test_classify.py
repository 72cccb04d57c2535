"""ACLED typing follows the coding rules (shared/eval/ANNOTATION.md, "Types"), branch by branch."""

from __future__ import annotations

from tocsin.extraction.classify import Evidence, classify


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
