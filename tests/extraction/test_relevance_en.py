"""English attacks told by their weapon, victim or aftermath, and the scope rules of extraction/scope.py (riots,
looting, detentions by armed groups, the dead of a state offensive), read through the whole core. Sentences written
for these tests in the style of wire copy and coder summaries (invented events, no evaluation text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import pytest

from tocsin.extraction.model import Article, Incident
from tocsin.extraction.numbers import find_tolls
from tocsin.extraction.pipeline import Extractor


@cache
def _extractor() -> Extractor:
    return Extractor()


def _incidents(text: str) -> list[Incident]:
    return _extractor().extract(Article(id="t", text=text, language="en")).incidents


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "On 3 March 2022, gunmen assassinated a local councillor in Kirkuk city.",
            None,  # any type: the point is that an assassination is an attack
        ),
        (
            "On 4 May 2021, police officers beat and injured a journalist in Conakry.",
            "Attack",
        ),
        (
            "On 9 June 2021, a detainee died under torture in a prison in Hama city.",
            "Attack",
        ),
        (
            "On 2 April 2022, unknown militants detonated a roadside explosive device targeting an army vehicle "
            "near Tuz Khurmatu.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 6 January 2022, a bomb explosion occurred at a police checkpoint in Myitkyina. There were no "
            "casualties.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 8 May 2021, rebel forces fired 14.5mm and 12.7mm machine guns at residential areas of Hays.",
            None,
        ),
        (
            "On 30 June 2022, Russian forces launched an offensive near Verkhnokamianka, clashing with Ukrainian "
            "forces.",
            "Armed clash",
        ),
        ("On 15 June 2022, militants lobbed a grenade at policemen in Bijbehara town.", "Grenade"),
        (
            "On 28 April 2021, a bomb planted by the Taliban injured two soldiers in Musa Khel district, Khost.",
            None,
        ),
        ("On 8 May 2020, several explosions took place in Tabqa city. No one was hurt.", None),
        (
            "On 6 May 2020, three Katyusha rockets fell near Baghdad airport.",
            "Shelling/artillery/missile attack",
        ),
        ("On 4 February 2022, militants beheaded a truck driver in Maysan province.", "Attack"),
        ("On 8 May 2020, regime forces captured two rebels on the eastern Idleb front.", "Armed clash"),
        ("On 28 April 2020, security forces arrested and beat an opposition leader in Warder.", "Attack"),
        ("On 30 May 2022, a bomb explosion occurred inside the township court compound in Wakema.", None),
    ],
)
def test_attacks_told_without_the_usual_attack_words_are_found(text: str, sub_event: str | None) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    if sub_event is not None:
        assert incidents[0].sub_event_type == sub_event


def test_a_detention_by_a_non_state_armed_group_is_an_abduction() -> None:
    incidents = _incidents(
        "On 16 February 2022, the SDF detained three men in Raqqa city for unknown reasons."
    )
    assert [i.sub_event_type for i in incidents] == ["Abduction/forced disappearance"]
    assert incidents[0].perpetrator == "Syrian Democratic Forces (SDF)"


@pytest.mark.parametrize(
    "text",
    [
        "On 16 February 2022, police detained three men in Raqqa city for unknown reasons.",
        "On 16 February 2022, Iraqi police arrested two members of the SDF in Mosul.",
    ],
)
def test_arrests_by_the_state_or_of_group_members_stay_arrests(text: str) -> None:
    assert _incidents(text) == []


def test_violence_told_before_a_detention_is_an_attack() -> None:
    text = "On 30 April 2020, soldiers beat three men and then detained them in Jerusalem."
    assert [i.sub_event_type for i in _incidents(text)] == ["Attack"]


def test_militants_killed_in_a_state_offensive_are_its_fatalities() -> None:
    text = "On 5 May 2020, soldiers killed seven militants in an operation near Tikrit."
    (incident,) = _incidents(text)
    assert incident.fatalities == 7
    assert incident.sub_event_type == "Armed clash"


def test_attackers_killed_while_the_state_repels_them_are_not_counted() -> None:
    text = "On 5 May 2020, soldiers repelled an attack on their post near Tikrit, killing seven militants."
    incidents = _incidents(text)
    assert incidents and incidents[0].fatalities in (None, 0)


@pytest.mark.parametrize(
    ("sentence", "injured"),
    [
        ("Two civilians were shot and injured.", 2),
        ("Gunmen shot and injured two people in Kano.", 2),
        ("The gendarmes beat and injured a woman at the checkpoint.", 1),
    ],
)
def test_an_act_then_a_wound_is_an_injury_toll(sentence: str, injured: int) -> None:
    assert [(t.kind, t.value) for t in find_tolls(sentence, "en")] == [("injured", injured)]


@pytest.mark.parametrize(
    "text",
    [
        # Mob justice and unorganised violence (ACLED: Riots / Mob violence).
        "On 24 April 2022, villagers beat and killed a man in Balaka on suspicion of stealing goats.",
        "On 9 June 2022, residents beat up a suspected thief in Cuiaba.",
        "On 13 May 2022, a clash ensued between two groups of party cadres at a polling centre in Aurahi.",
        "On 3 May 2020, clashes broke out in Hebron between vendors and police officers enforcing a lockdown.",
        "On 22 May 2022, a group of settlers physically assaulted two farmers in Qusra village.",
        # Looting and property destruction with no one hurt.
        "On 29 April 2022, militants seized livestock in the village of Tin-Akoff.",
        "On 1 May 2020, a group carried out an arson attack targeting a chemical plant in Tuzla. The attack caused "
        "material damage.",
        # Ordnance of a long-past war; a missile test; troops arriving while fighting goes on elsewhere.
        "On 5 May 2020, a civilian was injured by a landmine laid during the Iran-Iraq War in Mehran county.",
        "On 4 May 2022, North Korea test-fired a ballistic missile from Sunan towards the sea.",
        "On 2 May 2020, rebel reinforcements arrived on the Nihm frontline as battles continue in the area.",
    ],
)
def test_riots_looting_and_war_remnants_are_not_attacks(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == []


@pytest.mark.parametrize(
    "text",
    [
        # The same shapes with organised violence: a named group, a firearm, a village attacked, people hurt.
        "On 24 April 2022, gunmen shot dead a man in Balaka on suspicion of stealing goats.",
        "On 13 May 2022, clashes took place between members of the Hamza Division and the Sultan Murad Division "
        "in al-Hasakeh.",
        "On 6 May 2020, militiamen attacked the village of Bamba and seized livestock.",
        "On 2 April 2022, militants set fire to a school in Kouyape, wounding two guards.",
    ],
)
def test_organised_violence_in_the_same_shapes_stays_an_attack(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background], text


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # Weapons taken out of use (ACLED Disrupted weapons use).
        (
            "Two explosive devices were found in a canal near Chester on 3 May 2021 and defused.",
            "Disrupted weapons use",
        ),
        (
            "On 1 May 2020, police seized eight hundred military munitions in a deserted house near Thala.",
            None,
        ),
        # Territory: the state takes it back, an armed group takes it.
        (
            "On 30 April 2020, government forces recaptured the village of Haniteh in Raqqa province.",
            "Government regains territory",
        ),
        (
            "On 3 March 2015, Islamic State militants seized control of two oil fields near Sirte.",
            "Non-state actor overtakes territory",
        ),
        # Poison gas.
        ("On 17 January 2018, a poisonous gas attack hit Douma, injuring 20 civilians.", "Chemical weapon"),
        # An act in the simple past with only its province named is one event.
        ("The Congolese army clashed with APCLS rebels in North Kivu.", "Armed clash"),
    ],
)
def test_acled_categories_beyond_attacks(text: str, sub_event: str | None) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    if sub_event is not None:
        assert incidents[0].sub_event_type == sub_event


@pytest.mark.parametrize(
    "text",
    [
        "The army has been fighting rebels in North Kivu for years.",
        "Government forces carry out operations against rebels in North Kivu.",
    ],
)
def test_habits_and_the_perfect_with_only_a_province_are_not_one_event(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == []


def test_weapons_destroyed_on_the_ground_are_a_strike_not_an_interception() -> None:
    text = (
        "On 12 January 2024, US forces destroyed two cruise missiles and a missile launcher in Houthi-controlled "
        "areas of Yemen."
    )
    (incident,) = _incidents(text)
    assert incident.sub_event_type != "Disrupted weapons use"
    assert incident.outcome != "intercepted"


def test_a_base_briefly_captured_in_an_assault_is_a_clash_not_a_takeover() -> None:
    text = "On 9 June 2019, al Shabaab militants killed 12 soldiers and briefly captured a military base near Afgoye."
    (incident,) = _incidents(text)
    assert incident.sub_event_type == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "On 9 April 2018, four workers were injured when gas containers exploded in a garage in Milan.",
        "On 12 August 2015, a chemical plant exploded in Tianjin, killing six workers.",
        "On 3 March 2019, 19 people were killed when their bus plunged off a bridge near Kemerovo.",
        # The article opens on a demonstration: the violence told without a place or day of its own is the riot's.
        "On 20 July 2024, student demonstrators clashed with police forces in Dhaka. Police fired gunshots and "
        "tear gas. A laborer was hit by a stray bullet and killed.",
    ],
)
def test_industrial_accidents_and_riots_are_not_attacks(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == []


def test_an_act_in_the_simple_past_with_a_toll_needs_no_place() -> None:
    text = "Two female suicide bombers blew themselves up at the gate of a camp, killing one person."
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Suicide bomb"]
    assert incidents[0].country is None  # emitted, not counted per region


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "On 3 May 2021, Turkish jets destroyed weapon depots used by PKK militants near Zakho.",
            "Air/drone strike",
        ),
        ("On 3 May 2021, air defences destroyed two drones over Erbil.", "Disrupted weapons use"),
        (
            "On 7 March 2021, militants attacked a checkpoint in Puntland, killing at least five people.",
            "Armed clash",
        ),
        (
            "On 9 June 2015, four female kamikazes went off near a bus station in Maiduguri, killing two people.",
            "Suicide bomb",
        ),
        (
            "On 2 May 2017, army units drove ISIL militants out of key areas in Homs province.",
            "Government regains territory",
        ),
    ],
)
def test_who_did_what_to_what_decides_the_type(text: str, sub_event: str) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    assert incidents[0].sub_event_type == sub_event


def test_a_group_retaking_a_town_from_troops_is_a_non_state_takeover() -> None:
    text = (
        "On 4 March 2019, al Shabaab militants recaptured the coastal town of Badhadhe, hours after it was seized "
        "by Jubbaland troops."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents[0].sub_event_type == "Non-state actor overtakes territory"


def test_a_relative_clause_does_not_make_the_subject_a_victim() -> None:
    text = (
        "On 2 February 2016, government forces regained control of parts of the town of Souran that were "
        "captured by rebels the previous day."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents[0].sub_event_type == "Government regains territory"


def test_sentences_a_trap_vetoes_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy reads only sentences that can yield a frame; the vetoed ones cost nothing (and change nothing)."""
    from tocsin.extraction import pipeline as core

    parsed: list[str] = []
    real = core.spacy_pipeline

    class Spy:
        def __init__(self, lang: str) -> None:
            self.nlp = real(lang)

        def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
            texts = list(texts)
            parsed.extend(texts)
            return self.nlp.pipe(texts, batch_size=batch_size)

    monkeypatch.setattr(core, "spacy_pipeline", Spy)
    text = (
        "On 3 May 2021, gunmen attacked a police post in Kidal, killing two officers. "
        "The trial of the men accused of a 2015 attack on a hotel opened in Bamako."
    )
    incidents = Extractor().extract(Article(id="t", text=text, language="en")).incidents
    assert [i.fatalities for i in incidents if not i.background] == [2]
    assert parsed and not any("trial" in t for t in parsed)


def test_a_town_taken_that_once_saw_a_chemical_attack_is_a_takeover() -> None:
    text = (
        "On 5 February 2020, Syrian government forces captured five villages near Saraqib, a town that was the "
        "scene of a deadly chemical attack."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents[0].sub_event_type == "Government regains territory"


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May 2021, police seized 50 Kalashnikov rifles, a grenade launcher and ammunition in Debre Berhan town.",
        "On 2 June 2020, 234 pistols and 17,000 bullets were captured in the capital Addis Ababa.",
        "On 8 July 2019, the army destroyed caches of weapons and improvised explosive devices in Ghazni.",
        "On 3 March 2021, rocket shells were found by fishermen on a beach near Kisumu.",
        "On 9 April 2020, customs officers intercepted 12 locally made shotguns at Aflao in the Volta region.",
    ],
)
def test_weapons_seized_or_found_are_disrupted_whatever_they_are(text: str) -> None:
    """The weapons named as what was seized or found were not used: no shelling, no bombing, no takeover."""
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Disrupted weapons use"], text


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 2021, Turkish jets destroyed weapon depots near Zakho.",
        "On 3 May 2021, a bomb exploded in a market in Kirkuk after police found explosives nearby, killing two.",
    ],
)
def test_a_seizure_beside_a_strike_or_a_blast_is_not_a_disruption(text: str) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    assert incidents[0].sub_event_type != "Disrupted weapons use"


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # The subject of the takeover verb took the ground, whoever else the sentence names.
        (
            "On 16 January 2020, government forces recaptured eight villages from Hayat Tahrir al-Sham in "
            "southern Aleppo.",
            "Government regains territory",
        ),
        (
            "On 3 June 2018, the army regained territory in the town of Palma, seized by Islamic State militants "
            "two months ago.",
            "Government regains territory",
        ),
        (
            "According to an army spokesperson, militants gained control of the base in Ghormach district of "
            "Faryab province on 4 May 2016.",
            "Non-state actor overtakes territory",
        ),
        # A passive makes the subject the side that lost ground.
        (
            "On 2 May 2017, Nusra Front terrorists were pushed back from their strongholds near Khan Touman in "
            "Aleppo province.",
            "Government regains territory",
        ),
    ],
)
def test_the_subject_of_the_takeover_verb_decides_who_gained_ground(text: str, sub_event: str) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents, text
    assert incidents[0].sub_event_type == sub_event
    assert incidents[0].perpetrator != "Hayat Tahrir al-Sham (HTS)"  # the side it was taken from


@pytest.mark.parametrize(
    "text",
    [
        # A generic or background word in a later side clause tells context, not the act.
        "Iraqi troops recaptured the village of Badush on Sunday as they continue to clear Islamic State holdouts.",
        "Syrian troops captured the village of Kafr Nabudah on Wednesday, widening an offensive that had "
        "previously involved mainly air strikes.",
        "Syrian government forces seized control of the Aleppo-Damascus highway on Tuesday for the first time "
        "since 2012.",
    ],
)
def test_context_after_the_act_does_not_make_it_generic_or_background(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background], text


@pytest.mark.parametrize(
    "text",
    [
        "Militants have attacked villages in Borno for years, as the army continues to fight them.",
        "Since 2015, militants have regularly attacked villages in Borno.",
        "The army continues to shell rebel positions in Idlib province.",
    ],
)
def test_a_generic_word_before_or_beside_the_act_still_makes_it_generic(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == [], text


def test_the_dead_of_an_air_raid_on_militants_are_its_toll() -> None:
    text = "The aerial bombardments on militant positions in Idlib province left 12 militants dead on 4 May 2019."
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Air/drone strike"]
    assert incidents[0].fatalities == 12


@pytest.mark.parametrize(
    "text",
    [
        # People intercepted are arrested; a plot is not an attack; an identification zone is no air defence.
        "On 4 May 2021, Ethiopia intercepted 15 suspected members of a terrorist group for allegedly planning "
        "attacks on an embassy in Addis Ababa.",
        "On 3 March 2020, five Chinese military planes entered the Korean Air Defence Identification Zone, "
        "prompting South Korea's fighter jets to scramble.",
        # An article that opens on an industrial accident tells its toll as the accident's.
        "Late on 12 August 2015, explosions tore through an industrial area of Tianjin where toxic chemicals were "
        "stored. The blasts killed at least 50 people and injured more than 700.",
        "On 9 May 2019, coalition troops withdrew from the Abu Ghraib base, west of Baghdad.",
    ],
)
def test_interceptions_of_people_plots_and_accidents_are_not_attacks(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == [], text


def test_a_rocket_launching_site_seized_is_no_weapon_seizure() -> None:
    text = "On 4 May 2016, Islamic State militants seized a deserted rocket-launching site near Palmyra."
    incidents = [i for i in _incidents(text) if not i.background]
    assert all(i.sub_event_type != "Disrupted weapons use" for i in incidents)


def test_the_officials_who_report_an_attack_are_not_its_target() -> None:
    text = (
        "Gunmen attacked a packed mosque in North Sinai province on 24 November 2017 and set off a bomb, wounding "
        "at least 75 people, health and police officials said."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert incidents and incidents[0].event_type != "Battles"


def test_gunmen_attacking_a_campus_attack_civilians() -> None:
    text = (
        "On 2 April 2015, al-Shabab gunmen attacked a college campus in the town of Garissa, shooting in "
        "dormitories and killing at least two people."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Attack"]


def test_a_counted_seizure_is_one_event_even_without_a_place() -> None:
    text = "Officers seized nine pistols, 31 loaded magazines and about 1,100 rounds of ammunition."
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Disrupted weapons use"]
    assert incidents[0].country is None  # emitted, not counted per region


@pytest.mark.parametrize(
    "text",
    [
        "Police seize weapons and ammunition from criminal gangs.",
        "Security forces have seized more than 5,000 weapons since January.",
    ],
)
def test_an_uncounted_or_running_seizure_is_no_event(text: str) -> None:
    assert [i for i in _incidents(text) if not i.background] == [], text


def test_what_has_since_happened_is_context_not_the_news() -> None:
    text = (
        "Shells killed nine people in a camp near Goma on Friday 3 May 2024. Fighting intensified around Sake in "
        "early February and the rebels have since seized new towns in Masisi district."
    )
    incidents = _incidents(text)
    assert [i.fatalities for i in incidents if not i.background] == [9]
    assert [i.sub_event_type for i in incidents if i.background] == ["Non-state actor overtakes territory"]


def test_a_strike_on_a_named_ship_told_in_the_past_is_one_event() -> None:
    text = "One anti-ship ballistic missile struck M/V Tavvishi, a Liberian-flagged container ship."
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Shelling/artillery/missile attack"]


def test_a_base_named_with_its_kind_word_is_a_place_whatever_ner_says() -> None:
    # spaCy's English model reads "al-Assad Air Base" as an ORG (written for this test, in wire style).
    text = "The al-Assad Air Base in western Iraq was hit by 14 rockets on Wednesday 3 March 2021."
    incidents = [i for i in _incidents(text) if not i.background]
    assert [(i.location, i.admin1) for i in incidents] == [("Ain al-Asad Air Base", "Anbar")]


def test_the_attack_named_again_to_date_something_else_is_no_new_event() -> None:
    text = (
        "Rockets hit the Ain al-Asad air base in Anbar on Wednesday 3 March 2021. Wednesday's attack came the same "
        "day that U.S.-backed Syrian forces announced a new operation."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.country for i in incidents] == ["IQ"]


def test_tolls_told_place_by_place_are_events_of_the_articles_weapon() -> None:
    text = (
        "Israeli airstrikes in the early hours of Wednesday 10 July 2024 killed at least 20 Palestinians in central "
        "Gaza. Associated Press reported that 12 people had been killed in the Nuseirat refugee camp and eight at "
        "a home in Deir al-Balah."
    )
    incidents = [i for i in _incidents(text) if not i.background]
    by_place = {i.location: i for i in incidents}
    assert by_place["Dayr al Balah"].fatalities == 8
    assert by_place["Dayr al Balah"].sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "text",
    [
        "Houthi rebel fighters seized the capital of Saada province early on Sunday 22 March 2015.",
        "On 3 March 2015, Islamic militants seized two oil fields near Sirte.",
    ],
)
def test_a_capital_or_oil_fields_seized_by_a_group_is_a_takeover(text: str) -> None:
    incidents = [i for i in _incidents(text) if not i.background]
    assert [i.sub_event_type for i in incidents] == ["Non-state actor overtakes territory"], text


def test_goods_seized_at_a_place_are_no_takeover() -> None:
    text = "On 3 March 2021, customs officers seized drugs at the airport in Lagos."
    assert all(i.sub_event_type != "Non-state actor overtakes territory" for i in _incidents(text))
