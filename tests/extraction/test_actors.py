"""Actor and target-group mentions, canonical actor names.

Sentences are short quotes from public news pages (URL beside each) or from the seed article
shared/seeds/000_ab7640e8a7088d5b.txt; dataset spellings are group names as ACLED/GTD write them (no rows).
"""

from __future__ import annotations

import time
import tomllib

import pytest

from tocsin.extraction.actors import (
    DATA_DIR,
    Actor,
    ActorMention,
    canonical_actor,
    find_actors,
    find_targets,
    state_actor,
)
from tocsin.extraction.normalize import normalize_text


def _named(text: str, lang: str) -> set[tuple[str | None, str]]:
    return {(m.actor.canonical, m.form) for m in find_actors(text, lang)}


def _groups(text: str, lang: str) -> dict[str, str]:
    return {t.text: t.group for t in find_targets(text, lang)}


# --- find_actors on real sentences -----------------------------------------------------------------

NAMED = [
    # seed article shared/seeds/000_ab7640e8a7088d5b.txt
    (
        "fr",
        "la Résistance islamique en Irak a revendiqué avoir tiré sur un appareil américain",
        {("Islamic Resistance in Iraq", "name"), ("United States military", "adjective")},
    ),
    # https://www.lexpressiondz.com/internationale/les-houthis-revendiquent-une-attaque-contre-un-petrolier-britannique-378885
    (
        "fr",
        "Les forces navales des forces armées yéménites ont mené une opération visant le pétrolier "
        "britannique Pollux en mer Rouge avec un grand nombre de missiles navals",
        {("Houthis (Ansar Allah)", "name"), ("British Armed Forces", "adjective")},
    ),
    # https://www.radio-judaica.radio-website.com/news/amp/les-rebelles-houthis-du-yemen-ont-revendique-jeudi-une-attaque-contre-un-cargo-en-mer-rouge-1766
    (
        "fr",
        "Les rebelles houthis du Yémen ont revendiqué jeudi une attaque contre un cargo en mer Rouge.",
        {("Houthis (Ansar Allah)", "name")},
    ),
    # https://icibeyrouth.com/articles/1331803/frappes-israeliennes-pres-de-saida-un-mort
    ("fr", "L’armée israélienne a revendiqué l’attaque", {("Israel Defense Forces", "name")}),
    # https://newworldtv.com/mali-le-jnim-affilie-a-al-qaida-revendique-lattaque-de-bamako
    (
        "fr",
        "Le Groupe de soutien à l’islam et aux musulmans (GSIM ou JNIM), alliance jihadiste affiliée à "
        "Al-Qaïda, a revendiqué mardi une attaque perpétrée dans la capitale malienne contre l’aéroport et "
        "un camp militaire",
        {("JNIM", "name"), ("al-Qaeda", "name"), ("Malian Armed Forces (FAMa)", "adjective")},
    ),
    # https://www.exclusif.net/Mali-le-Jnim-revendique-l-attaque-d-une-localite-limitrophe-de-Bamako_a56567.html
    (
        "fr",
        "Selon plusieurs sources locales, le camp militaire aurait été entièrement pris par le groupe État "
        "islamique au Sahel, groupe jihadiste rival du Jnim et qui domine la zone.",
        {("Islamic State Sahel Province (ISSP)", "name"), ("JNIM", "name"), (None, "generic")},
    ),
    # https://norafrik.com/?p=27004
    (
        "fr",
        "Au moins sept personnes ont été tuées et neuf blessées à Mogadiscio dans un attentat-suicide "
        "revendiqué par Al-Shabab contre un camp militaire",
        {("al-Shabaab", "name")},
    ),
    # https://europe1.fr/international/somalie-attentat-des-shebab-contre-le-ministere-de-la-securite-3703973
    ("fr", "Les shebab revendiquent l'attaque.", {("al-Shabaab", "name")}),
    # http://uk.reuters.com/article/uk-saudi-security-islamic-state-idUKKBN0OE1DM20150529
    (
        "en",
        "Islamic State militants claimed responsibility for an attack on Friday on a Shi'ite mosque in Saudi "
        "Arabia's Dammam in which four people were killed.",
        {("Islamic State", "name")},
    ),
    # http://www.chinadaily.com.cn/a/202403/25/WS6600e537a31082fc043be79b.html
    (
        "en",
        "US officials say they believe an organization known as ISIS-K, or the Islamic State Khorasan "
        "Province, carried out the strike.",
        {("Islamic State Khorasan Province (ISKP)", "name"), ("United States military", "adjective")},
    ),
    # https://www.kxan36news.com/isis-claims-responsibility-for-deadly-blasts-outside-kabul-airport
    (
        "en",
        "Islamic State (IS, formerly ISIS) has claimed responsibility for the attack at Hamid Karzai "
        "International Airport",
        {("Islamic State", "name")},
    ),
    # http://www.upi.com/Top_News/US/2015/05/05/Islamic-State-claims-responsibility-for-Texas-attack-via-ISIS-radio-channel/2331430819681/
    (
        "en",
        "IS claimed responsibility for the attack via a broadcast on its official radio channel and warned "
        "of more attacks to come.",
        {("Islamic State", "name")},
    ),
    # https://iuvmpress.co/rsf-attack-kills-22-people-in-el-fasher
    (
        "en",
        "22 people have been killed in an attack allegedly carried out by the Rapid Support Forces (RSF) in "
        "the city of el-Fasher, Darfur state, western Sudan.",
        {("Rapid Support Forces (RSF)", "name")},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NAMED)
def test_named_actors_in_real_sentences(lang: str, text: str, expected: set[tuple[str | None, str]]) -> None:
    assert _named(normalize_text(text), lang) == expected


def test_offsets_point_into_the_text_given() -> None:
    # https://www.lexpressiondz.com/internationale/les-houthis-revendiquent-une-attaque-contre-un-petrolier-britannique-378885
    text = (
        "a indiqué leur porte-parole militaire, Yahya Saree. L’agence britannique de sécurité maritime UKMTO"
    )
    for mention in find_actors(text, "fr"):
        assert text[mention.start : mention.end] == mention.text
    assert [m.text for m in find_actors(text, "fr") if m.form == "name"] == ["Yahya Saree"]


def test_acronym_in_sudan_context_only() -> None:
    # https://iuvmpress.co/rsf-attack-kills-22-people-in-el-fasher (headline)
    assert ("Rapid Support Forces (RSF)", "name") in _named("RSF attack kills 22 people in el-Fasher", "en")
    # Reporters sans frontières, not the RSF: https://ifex.org/fr/members/reporters-sans-frontieres-rsf/page/39
    assert _named("Cameroun : RSF dénonce des procédures bâillons contre un journaliste", "fr") == set()


# --- nationality adjectives and country names ------------------------------------------------------


def test_adjective_reports_country_and_attack_head() -> None:
    # https://lesoleil.sn/international/monde/liban-une-frappe-israelienne-fait-deux-morts
    text = (
        "Deux personnes ont été tuées et cinq autres blessées samedi 15 février dans une frappe de drone "
        "israélien dans le sud du Liban, selon un bilan officiel."
    )
    (mention,) = find_actors(text, "fr")
    assert (mention.text, mention.form, mention.head) == ("israélien", "adjective", "drone")
    assert mention.actor == Actor("Israel Defense Forces", "state", "IL")


def test_adjective_of_manufacture_is_no_attacker_and_country_subject_is() -> None:
    # https://ubn.news/fr/des-drones-russes-ont-ete-utilises-pour-attaquer-le-territoire-ukrainien-pendant-la-nuit-en-raison-dune-penurie-de-missiles/?amp=1
    text = (
        "La Russie a lancé 14 drones kamikazes de fabrication iranienne depuis le sud-est lors d’une attaque "
        "nocturne contre l’Ukraine après une pause de trois semaines, selon l’armée de l’air ukrainienne."
    )
    mentions = find_actors(normalize_text(text), "fr")
    assert [(m.text, m.form, m.actor.canonical, m.head) for m in mentions] == [
        ("Russie", "adjective", "Russian Armed Forces", "lancé"),
        ("armée de l'air ukrainienne", "name", "Ukrainian Armed Forces", None),
    ]


def test_coordinated_countries_as_subjects() -> None:
    # https://marine-oceans.com/actualites/les-houthis-revendiquent-une-attaque-contre-un-navire-americain-au-large-du-yemen
    text = (
        "Les Etats-Unis et le Royaume-Uni ont mené ces derniers jours une série de frappes contre les "
        "positions des Houthis"
    )
    assert _named(text, "fr") == {
        ("United States military", "adjective"),
        ("British Armed Forces", "adjective"),
        ("Houthis (Ansar Allah)", "name"),
    }


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # seed article shared/seeds/000_ab7640e8a7088d5b.txt: the US are the target here, and a place.
        ("fr", "Les Etats-Unis et leurs alliés ont subi plus de 140 attaques en Irak et en Syrie"),
        # https://www.lorientlejour.com/article/1481695/liban-un-mort-dans-une-frappe-israelienne-responsables.html
        ("fr", "malgré un cessez-le-feu entre Israël et le Hezbollah, ont indiqué les autorités locales."),
    ],
)
def test_country_names_outside_agentive_slots_are_places(lang: str, text: str) -> None:
    assert not [m for m in find_actors(text, lang) if m.form == "adjective"]


# --- generic perpetrators --------------------------------------------------------------------------


def test_generic_perpetrators_have_no_canonical() -> None:
    # https://thedefensepost.com/2020/09/18/bandits-kill-seven-nigeria
    text = "A gang of around 100 gunmen dressed in army camouflage stormed a police station in the town"
    mentions = find_actors(text, "en")
    assert [(m.text, m.form, m.actor.kind) for m in mentions] == [
        ("gang", "generic", "gang"),
        ("gunmen", "generic", "unidentified"),
    ]
    assert all(m.actor.canonical is None for m in mentions)


def test_government_forces_are_state_without_country() -> None:
    # https://www.citizen.co.za/news/news-world/news-africa/bandits-kill-35-villagers-in-northwest-nigeria-says-police/
    text = "Buhari ordered “the security agencies to do everything possible to prevent the recurrence"
    assert _named(text, "en") == set()
    # https://djiboutitodaynews.com/2024/06/15/sudans-army-repels-major-assault-on-el-fasher-kills-rsf-commander-somali-national-news-agency
    text = "Many Sudanese have joined the armed forces to fight back against the rampaging RSF."
    kinds = {(m.text, m.actor.kind, m.actor.country) for m in find_actors(text, "en") if m.form == "generic"}
    assert kinds == {("armed forces", "state", None)}


# --- false hits ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # http://www.dallasnews.com/news/crime/2015/05/05/islamic-state-claims-responsibility-for-garland-attack
        ("en", "“This is still under investigation,” White House spokesman Josh Earnest said."),
        # https://www.lorientlejour.com/article/1481695/liban-un-mort-dans-une-frappe-israelienne-responsables.html
        ("fr", "une personne a été tuée dans une frappe israélienne sur un véhicule à Deir Kifa"),
        # http://www.upi.com/Top_News/US/2015/05/05/Islamic-State-claims-responsibility-for-Texas-attack-via-ISIS-radio-channel/2331430819681/
        ("en", "Experts said this could be the first time"),
    ],
)
def test_no_islamic_state_inside_words_or_lower_case(lang: str, text: str) -> None:
    assert "Islamic State" not in {m.actor.canonical for m in find_actors(text, lang)}


def test_acronym_case_rule() -> None:
    # http://www.upi.com/Top_News/US/2015/05/05/Islamic-State-claims-responsibility-for-Texas-attack-via-ISIS-radio-channel/2331430819681/
    text = "The organization is also known as Daesh, ISIS or ISIL."
    assert [m.text for m in find_actors(text, "en")] == ["Daesh", "ISIS", "ISIL"]


# --- targets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # seed article shared/seeds/000_ab7640e8a7088d5b.txt
        (
            "fr",
            "la Résistance islamique en Irak a revendiqué avoir tiré sur un appareil américain",
            {"appareil": "aircraft"},
        ),
        # https://newworldtv.com/mali-le-jnim-affilie-a-al-qaida-revendique-lattaque-de-bamako
        (
            "fr",
            "une attaque perpétrée dans la capitale malienne contre l’aéroport et un camp militaire",
            {"aéroport": "infrastructure", "camp militaire": "security_forces"},
        ),
        # https://www.radio-judaica.radio-website.com/news/amp/les-rebelles-houthis-du-yemen-ont-revendique-jeudi-une-attaque-contre-un-cargo-en-mer-rouge-1766
        ("fr", "une attaque contre un cargo en mer Rouge", {"cargo": "vessel"}),
        # drone as the weapon: https://lesoleil.sn/international/monde/liban-une-frappe-israelienne-fait-deux-morts
        ("fr", "Deux personnes ont été tuées dans une frappe de drone israélien", {"personnes": "civilians"}),
        # https://thedefensepost.com/2022/10/04/gunmen-attack-northern-nigeria/amp
        (
            "en",
            "Twelve people died when gunmen opened fire on villagers",
            {"people": "civilians", "villagers": "civilians"},
        ),
        # https://thedefensepost.com/2020/09/18/bandits-kill-seven-nigeria
        (
            "en",
            "gunmen dressed in army camouflage stormed a police station",
            {"police station": "security_forces"},
        ),
        # http://uk.reuters.com/article/uk-saudi-security-islamic-state-idUKKBN0OE1DM20150529
        ("en", "an attack on Friday on a Shi'ite mosque", {"mosque": "civilians"}),
        # https://marine-oceans.com/actualites/les-houthis-revendiquent-une-attaque-contre-un-navire-americain-au-large-du-yemen
        (
            "fr",
            "une série de frappes contre les positions des Houthis",
            {"positions des Houthis": "armed_group"},
        ),
    ],
)
def test_target_groups(lang: str, text: str, expected: dict[str, str]) -> None:
    assert _groups(text, lang) == expected


def test_adjective_use_of_militaire_is_no_target() -> None:
    # seed article shared/seeds/000_ab7640e8a7088d5b.txt
    assert _groups(
        "Un drone militaire américain s’est écrasé au nord de la capitale irakienne Bagdad", "fr"
    ) == {"drone": "aircraft"}


# --- canonical names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Houthi extremists (Ansar Allah)", "Houthis (Ansar Allah)"),
        ("Military Forces of Yemen (2016-) Supreme Political Council", "Houthis (Ansar Allah)"),
        ("Ansarallah", "Houthis (Ansar Allah)"),
        ("rebelles houthis", "Houthis (Ansar Allah)"),
        ("forces armées yéménites", "Houthis (Ansar Allah)"),
        ("Islamic State of Iraq and the Levant (ISIL)", "Islamic State"),
        ("Islamic State (Iraq)", "Islamic State"),
        ("Daech", "Islamic State"),
        ("Khorasan Chapter of the Islamic State", "Islamic State Khorasan Province (ISKP)"),
        (
            "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad",
            "Islamic State West Africa Province (ISWAP)",
        ),
        ("Al-Shabaab", "al-Shabaab"),
        ("Harakat al-Chabab al-Moudjahidin", "al-Shabaab"),
        ("shebab", "al-Shabaab"),
        ("Military Forces of Israel (2022-)", "Israel Defense Forces"),
        ("Tsahal", "Israel Defense Forces"),
        ("Military Forces of Turkey (2016-) Gendarmerie", "Turkish Armed Forces"),
        ("Military Forces of Iraq (2020-) Popular Mobilization Forces", "Popular Mobilization Forces (PMF)"),
        ("Military Forces of Afghanistan (2021-)", "Taliban"),
        ("Military Forces of Afghanistan (2014-)", "Afghan National Security Forces"),
        ("Military Forces of Libya (2014-) Haftar Faction", "Libyan National Army (LNA)"),
        ("Military Forces of Benin (2016-)", "Military Forces of Benin"),
        ("PKK: Kurdistan Workers Party", "Kurdistan Workers' Party (PKK)"),
        ("QSD: Syrian Democratic Forces", "Syrian Democratic Forces (SDF)"),
        ("Jamaat Nusrat al-Islam wal Muslimin (JNIM)", "JNIM"),
        ("Groupe de soutien à l'islam et aux musulmans", "JNIM"),
        ("Allied Democratic Forces (ADF)", "Allied Democratic Forces (ADF)"),
        ("Forces démocratiques alliées", "Allied Democratic Forces (ADF)"),
        ("Mouvement du 23 mars", "M23"),
        ("Hamas (Islamic Resistance Movement)", "Hamas"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Cooperative for the Development of the Congo (CODECO) militia", "CODECO"),
        ("Operation Restoring Hope", "Saudi-led coalition"),
    ],
)
def test_canonical_actor_on_dataset_spellings(name: str, canonical: str) -> None:
    assert canonical_actor(name) == canonical


@pytest.mark.parametrize(
    "name",
    [
        "Unknown",
        "Unidentified Armed Group (Syria)",
        "Civilians (Yemen)",
        "gunmen",
        "Opposition Rebels (Syria)",
    ],
)
def test_canonical_actor_none_for_unidentified(name: str) -> None:
    assert canonical_actor(name) is None


def test_every_canonical_and_alias_resolves_to_itself() -> None:
    raw = tomllib.loads((DATA_DIR / "actors.toml").read_text(encoding="utf-8"))
    canonicals = [entry["canonical"] for entry in raw["actor"]]
    assert len(canonicals) == len(set(canonicals))
    for entry in raw["actor"]:
        assert entry["kind"] in {"state", "armed_group", "militia", "gang"}
        assert canonical_actor(entry["canonical"]) == entry["canonical"]
        for alias in entry.get("datasets", []):
            assert canonical_actor(alias) == entry["canonical"], alias


def test_state_actor() -> None:
    assert state_actor("IL") == Actor("Israel Defense Forces", "state", "IL")
    assert state_actor("cd") == Actor("Armed Forces of the DRC (FARDC)", "state", "CD")
    assert state_actor("BJ") == Actor("Military Forces of Benin", "state", "BJ")
    assert state_actor("XX") is None


# --- speed -----------------------------------------------------------------------------------------


def test_scan_is_fast() -> None:
    # https://www.lexpressiondz.com/internationale/les-houthis-revendiquent-une-attaque-contre-un-petrolier-britannique-378885
    sentence = "Les Houthis ont revendiqué hier une attaque contre un «pétrolier britannique» en mer Rouge. "
    text = sentence * 1000  # ~90 kB, about 20 long articles
    find_actors("warm-up", "fr")
    find_targets("warm-up", "fr")
    started = time.perf_counter()
    mentions: list[ActorMention] = find_actors(text, "fr")
    targets = find_targets(text, "fr")
    elapsed = time.perf_counter() - started
    assert len([m for m in mentions if m.form == "name"]) == 1000
    assert len(targets) == 1000
    assert elapsed < 1.0
