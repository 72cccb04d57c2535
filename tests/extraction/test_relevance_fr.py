"""French false alarms: non-violent senses of attack words, retrospectives, reports, similes — and the real attacks
that must still get through. Sentences written for these tests in the style of French news (no evaluation text)."""

from __future__ import annotations

from functools import cache

import pytest

from tocsin.extraction.frames import trap_of, weapon_of
from tocsin.extraction.lexicon import lexicon, with_senses
from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import Extractor, _off_topic


@cache
def _extractor() -> Extractor:
    return Extractor()


def _trigger(sentence: str) -> str | None:
    m = lexicon("fr").candidate.search(sentence)
    return m.group(0) if m else None


@pytest.mark.parametrize(
    "sentence",
    [
        "Le nouveau ministre s'est attaqué à la corruption dans les douanes.",
        "Le président s'est attaqué aux intérêts commerciaux de la famille de son rival.",
        "Le virus s'attaque aux cellules du foie.",
        "Elle a répondu aux attaques personnelles de son adversaire.",
        "Si vous ne payez pas, la police frappe rapidement à votre porte.",
        "La douleur, c'est quelqu'un qui frappe vos genoux avec un marteau.",
        "Le pays qui frappe des pièces d'or pour lutter contre l'inflation.",
        "Les chirurgiens lui ont enlevé une tumeur au rein.",
        "Les services secrets ont intercepté les communications de l'ambassade.",
        "L'entreprise a violé la vie privée de ses clients.",
        "Le gouvernement accuse son voisin d'avoir violé son espace aérien.",
        "Les femmes se relaient pour le pilonnage du mil.",
        "L'économiste Sarah Lynch a présenté son rapport sur la dette.",
    ],
)
def test_non_violent_senses_are_not_triggers(sentence: str) -> None:
    assert _trigger(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "hit"),
    [
        ("Des hommes armés ont attaqué un poste de police à Kidal.", "attaqué"),
        ("Les jihadistes se sont attaqués à une base militaire près de Ménaka.", "attaqués"),
        ("Une attaque contre les intérêts américains à Niamey a été déjouée.", "attaque"),
        ("Une attaque au marché de Gao a fait six morts.", "attaque"),
        ("Une frappe de drone a touché un véhicule près de Tyr.", "frappe"),
        ("Des jihadistes ont enlevé trois enseignants lundi.", "enlevé"),
        ("Les forces ukrainiennes ont intercepté deux missiles au-dessus de Kiev.", "intercepté"),
        ("L'armée a pilonné les positions rebelles au nord de Goma.", "pilonné"),
        ("Une femme a été violée par des hommes armés.", "violée"),
        ("Le voleur présumé a été lynché par la foule.", "lynché"),
    ],
)
def test_real_attack_words_still_trigger(sentence: str, hit: str) -> None:
    assert _trigger(sentence) == hit


@pytest.mark.parametrize(
    ("sentence", "trap"),
    [
        ("Le rapport de 60 pages fait état d'exécutions sommaires et de viols.", "aggregate"),
        ("La région connaît une forte augmentation des attaques jihadistes.", "aggregate"),
        ("Les victimes de l'attentat réclament une indemnisation à l'État.", "trial"),
        ("Il a attaqué son ancien employeur en justice.", "trial"),
        ("Les familles ont obtenu un jugement contre le groupe qui a perpétré l'attentat.", "trial"),
        ("Le marchand d'armes livrait des avions et des missiles aux rebelles.", "arms_trade"),
        ("C'est comme si une bombe avait explosé dans ma tête.", "figurative"),
        ("En 1956, l'armée coloniale a attaqué le village.", "commemoration"),
        ("Entre 1750 et 1775, des milliers de captifs ont été enlevés sur la côte.", "commemoration"),
        ("L'histoire du commando qui a attaqué l'aéroport.", "commemoration"),
        ("Des affrontements entre la police et des supporters ont éclaté après la finale.", "riot"),
        ("Des habitants en colère ont incendié le commissariat.", "riot"),
        ("Le plan d'attaque prévoyait un assaut à l'aube.", "threat"),
        ("La prétendue attaque contre la plateforme n'a jamais été prouvée.", "threat"),
    ],
)
def test_sentences_about_something_else_are_traps(sentence: str, trap: str) -> None:
    assert trap_of(lexicon("fr"), sentence) == trap


@pytest.mark.parametrize(
    "sentence",
    [
        "Des hommes armés ont incendié le marché de Djibo samedi, tuant cinq civils.",
        "L'attaque la plus meurtrière depuis les années 1990 a fait 30 morts samedi à Solhan.",
        "Les assaillants ont attaqué le village puis les habitants ont fui vers Kaya.",
        "Des jeunes soldats ont été tués dans une embuscade près de Diapaga.",
    ],
)
def test_real_attacks_are_not_traps(sentence: str) -> None:
    assert trap_of(lexicon("fr"), sentence) is None


@pytest.mark.parametrize(
    ("sentence", "weapon"),
    [
        ("Elle a obtenu le droit de mourir en vertu de la loi sur le suicide assisté.", "unknown"),
        ("La compagnie exploite des mines d'or dans le nord du pays.", "unknown"),
        ("Un kamikaze a visé une mosquée à Maiduguri.", "suicide"),
        ("Une attaque suicide a visé une caserne à Mogadiscio.", "suicide"),
        ("Leur véhicule a sauté sur une mine près de Boni.", "ied"),
    ],
)
def test_weapon_words_need_their_violent_sense(sentence: str, weapon: str) -> None:
    assert weapon_of(lexicon("fr"), sentence, set()) == weapon


def test_a_sense_reference_is_substituted_and_an_unknown_one_is_an_error() -> None:
    assert with_senses(r"\bfrappe\b(?!{knock})", {"knock": "x"}) == r"\bfrappe\b(?!(?:x))"
    assert with_senses(r"\w{0,6}", {}) == r"\w{0,6}"  # quantifiers are not references
    with pytest.raises(KeyError):
        with_senses(r"\bfrappe\b(?!{nope})", {})


def test_a_headline_about_cyber_attacks_makes_the_article_cyber_despite_a_killing() -> None:
    text = (
        "Les cyberattaques les plus redoutées par l'Occident\n\n"
        "Des pirates informatiques ont mené des cyberattaques contre des hôpitaux. "
        "Le logiciel de rançon a chiffré les serveurs informatiques. "
        "Les experts en cybersécurité craignent une cyberattaque contre le réseau électrique. "
        "Un espion avait été tué à Moscou il y a vingt ans."
    )
    assert _off_topic(lexicon("fr"), text) == "cyber"


def test_a_news_killing_keeps_a_cyber_article_in_scope() -> None:
    text = (
        "Attaque à Kidal\n\n"
        "Des hommes armés ont tué quatre soldats à Kidal. Les pirates informatiques et les cyberattaques "
        "contre les serveurs informatiques de l'armée inquiètent aussi les experts."
    )
    assert _off_topic(lexicon("fr"), text) is None


def _news(text: str) -> list[tuple[str | None, str]]:
    result = _extractor().extract(Article(id="t", text=text, language="fr"))
    return [(i.country, i.sub_event_type) for i in result.incidents if not i.background]


def test_a_retrospective_lead_makes_its_attacks_context() -> None:
    text = (
        "L'histoire du commando qui a libéré les otages d'Entebbe\n\n"
        "Des pirates de l'air avaient détourné un avion vers l'Ouganda. "
        "Des commandos ont attaqué l'aéroport d'Entebbe et tué les sept ravisseurs."
    )
    assert _news(text) == []


def test_a_real_attack_on_a_mining_convoy_is_still_news() -> None:
    text = (
        "Burkina : des hommes armés attaquent un convoi minier\n\n"
        "Des hommes armés ont attaqué mercredi un convoi d'une société minière près de Fada N'Gourma, dans l'est "
        "du Burkina Faso, tuant au moins 37 personnes, selon le gouverneur de la région."
    )
    assert [country for country, _ in _news(text)] == ["BF"]


def test_interceptions_told_by_region_are_one_event_per_region() -> None:
    text = (
        "L'armée de l'air ukrainienne a affirmé avoir réussi à détruire les Shahed au-dessus des régions de "
        "Khmelnytsky (ouest), Dnipropetrovsk (centre-est) et Donetsk (est) dans la nuit de mardi à mercredi."
    )
    incidents = _extractor().extract(Article(id="t", text=text, language="fr")).incidents
    assert sorted(i.admin1 or "" for i in incidents) == ["Dnipropetrovsk", "Donetsk", "Khmelnytskyi"]
    assert {i.sub_event_type for i in incidents} == {"Disrupted weapons use"}
    assert all(i.location != "Shahed" for i in incidents)  # a drone's name after "les" is no place


def test_a_large_town_after_a_preposition_is_a_place_even_if_ner_reads_a_person() -> None:
    # spaCy's French model reads "Khan" as a first name; "de Khan Younès" is still the town.
    text = (
        "Mardi 12 décembre, les habitants de Khan Younès, une ville du sud de la bande de Gaza, ont fait état de "
        "violents échanges de tirs entre des combattants du Hamas et des soldats israéliens."
    )
    incidents = _extractor().extract(Article(id="t", text=text, language="fr")).incidents
    assert [i.location for i in incidents if not i.background] == ["Khan Yunis"]


def test_depuis_of_a_place_is_no_running_total() -> None:
    # "depuis un sous-marin" says where the missiles came from; "depuis le début de la guerre" would be a tally.
    text = (
        "Les Russes ont tiré des missiles Kalibr depuis un sous-marin en mer Noire sur Odessa jeudi, faisant un "
        "mort, a indiqué le gouverneur."
    )
    incidents = _extractor().extract(Article(id="t", text=text, language="fr")).incidents
    assert [i.fatalities for i in incidents if not i.background] == [1]
    tally = "Les frappes russes ont fait 1 500 morts à Odessa depuis le début de la guerre, a indiqué le gouverneur."
    assert [
        i
        for i in _extractor().extract(Article(id="t", text=tally, language="fr")).incidents
        if not i.background
    ] == []


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # Weapons seized are not weapons used, whatever they are: a lance-roquettes seized is no shelling.
        (
            "Le 3 mai 2021, la police a saisi 50 fusils d'assaut, un lance-roquettes et des munitions à Gao.",
            "Disrupted weapons use",
        ),
        (
            "Le 5 juin 2021, deux engins explosifs ont été découverts et désamorcés près de Kidal.",
            "Disrupted weapons use",
        ),
        # The side pushed back lost ground: the state regained it.
        (
            "Le 6 juin 2021, les terroristes ont été repoussés de leurs positions près de Djibo par l'armée "
            "burkinabè.",
            "Government regains territory",
        ),
    ],
)
def test_seizures_and_ground_regained_in_french(text: str, sub_event: str) -> None:
    incidents = [
        i
        for i in _extractor().extract(Article(id="t", text=text, language="fr")).incidents
        if not i.background
    ]
    assert [i.sub_event_type for i in incidents] == [sub_event], text


def test_a_mine_of_stone_is_no_weapon() -> None:
    text = "Le lapis-lazuli ne pouvait être trouvé que dans une petite mine de l'actuel Afghanistan."
    assert _extractor().extract(Article(id="t", text=text, language="fr")).incidents == []


@pytest.mark.parametrize(
    "text",
    [
        "Le 9 juin 2021, un détenu est mort sous la torture dans une prison de Hama.",
        "Le 2 avril 2021, les corps de trois hommes criblés de balles ont été retrouvés près de Tillabéri.",
        "Le 5 mai 2021, une explosion s'est produite sur un marché de Kaboul, faisant deux morts.",
    ],
)
def test_french_attacks_told_by_their_aftermath_are_found(text: str) -> None:
    incidents = [
        i
        for i in _extractor().extract(Article(id="t", text=text, language="fr")).incidents
        if not i.background
    ]
    assert incidents, text


def test_a_gas_explosion_is_an_accident() -> None:
    text = (
        "Le 5 mai 2021, une explosion de gaz s'est produite dans un restaurant de Kaboul, faisant deux morts."
    )
    assert _extractor().extract(Article(id="t", text=text, language="fr")).incidents == []
