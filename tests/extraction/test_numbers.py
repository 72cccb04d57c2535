"""Casualty tolls: number phrases and toll sentences, on real news sentences (origin noted per case)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.extraction.numbers import Toll, find_tolls, parse_number, supported_languages

SEED = "seed article shared/seeds/000_ab7640e8a7088d5b.txt"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("12", "fr", 12),
        ("douze", "fr", 12),
        ("dix-huit", "fr", 18),
        ("vingt-et-un", "fr", 21),
        ("vingt et un", "fr", 21),
        ("soixante-dix", "fr", 70),
        ("soixante-dix-sept", "fr", 77),
        ("quatre-vingt-dix", "fr", 90),
        ("quatre-vingt-dix-neuf", "fr", 99),
        ("cent", "fr", 100),
        ("deux cents", "fr", 200),
        ("mille", "fr", 1000),
        ("deux mille trois cent cinquante", "fr", 2350),
        ("1.200", "fr", 1200),
        ("1 200", "fr", 1200),
        ("19.453", "fr", 19453),
        ("2.500", "fr", 2500),
        ("25\u202f000", "fr", 25000),
        ("1,5 million", "fr", 1_500_000),
        ("une trentaine", "fr", 30),
        ("une dizaine", "fr", 10),
        ("une centaine", "fr", 100),
        ("deux centaines", "fr", 200),
        ("plus d'une centaine", "fr", 100),
        ("au moins douze", "fr", 12),
        ("30 à 32", "fr", 30),
        ("entre 30 et 32", "fr", 30),
        ("un", "fr", 1),
        ("une", "fr", 1),
        ("plusieurs", "fr", None),
        ("de nombreux", "fr", None),
        ("des dizaines", "fr", None),
        ("plusieurs dizaines", "fr", None),
        ("1,200", "en", 1200),
        ("twenty-one", "en", 21),
        ("a hundred", "en", 100),
        ("one hundred and five", "en", 105),
        ("a dozen", "en", 12),
        ("two dozen", "en", 24),
        ("more than a dozen", "en", 12),
        ("around thirty", "en", 30),
        ("about 30", "en", 30),
        ("nearly 3,000", "en", 3000),
        ("between 30 and 32", "en", 30),
        ("a", "en", 1),
        ("an", "en", 1),
        ("one", "en", 1),
        ("dozens", "en", None),
        ("several", "en", None),
        ("hundreds", "en", None),
        ("banana", "en", None),
        ("", "fr", None),
    ],
)
def test_parse_number(text: str, lang: str, value: int | None) -> None:
    assert parse_number(text, lang) == value


Expected = set[tuple[str, int | None, str, bool]]


def _summary(tolls: list[Toll]) -> Expected:
    return {(t.kind, t.value, t.qualifier, t.attacker_side) for t in tolls}


KIL, INJ, MIS, ABD = "killed", "injured", "missing", "abducted"

CASES: list[tuple[str, str, str, Expected]] = [
    # --- French ---------------------------------------------------------------------------------------------
    (
        SEED,
        "fr",
        "Près de 25 000 Palestiniens, pour la plupart des femmes, des enfants et des adolescents sont "
        "tombés en "
        "martyre, suite aux bombardements israéliens contre la bande de Gaza.",
        {(KIL, 25000, "approx", False)},
    ),
    (
        SEED,
        "fr",
        "Les Etats-Unis et leurs alliés ont subi plus de 140 attaques en Irak et en Syrie — dont de "
        "nombreuses "
        "revendiquées par la « Résistance islamique en Irak » — depuis la mi-octobre, selon un décompte du "
        "Pentagone.",
        set(),
    ),
    (SEED, "fr", "Washington compte environ 2.500 soldats en Irak et près de 900 en Syrie.", set()),
    (
        "http://www.slateafrique.com/568823/egypte-au-moins-15-soldats-tues-dans-des-attaques-du-groupe-ei",
        "fr",
        "Au moins 15 soldats, deux civils et 15 assaillants jihadistes ont été tués jeudi dans cinq attaques "
        "simultanées dans le nord du Sinaï égyptien",
        {(KIL, 17, "at_least", False), (KIL, 15, "exact", True)},
    ),
    (
        "http://www.slateafrique.com/568823/egypte-au-moins-15-soldats-tues-dans-des-attaques-du-groupe-ei",
        "fr",
        "Un précédent bilan faisait état de sept soldats et sept assaillants tués.",
        {(KIL, 7, "exact", False), (KIL, 7, "exact", True)},
    ),
    (
        "https://n3k6.wordpress.com/tag/attaque/",
        "fr",
        "Deux chrétiens ont été tués et trois autres blessés dimanche devant une église de Quetta, dans le "
        "sud du "
        "Pakistan, par des tirs à partir de motos.",
        {(KIL, 2, "exact", False), (INJ, 3, "exact", False)},
    ),
    (
        "https://n3k6.wordpress.com/tag/attaque/",
        "fr",
        "En décembre, deux kamikazes se sont fait exploser dans une église de Quetta, tuant neuf personnes "
        "et en "
        "blessant une dizaine.",
        {(KIL, 9, "exact", False), (INJ, 10, "approx", False)},
    ),
    (
        "https://n3k6.wordpress.com/tag/attaque/",
        "fr",
        "L’assaut a fait au moins un mort et une dizaine de blessés parmi les Casques bleus",
        {(KIL, 1, "at_least", False), (INJ, 10, "approx", False)},
    ),
    (
        "https://n3k6.wordpress.com/tag/attaque/",
        "fr",
        "Sept soldats français ont été blessés dans l’attaque qui a visé samedi les camps de la Minusma et "
        "de la "
        "force française Barkhane à Tombouctou, dans le nord du Mali, au cours de laquelle « une quinzaine » "
        "d’assaillants ont été tués, a annoncé dimanche à l’AFP l’état-major français.",
        {(INJ, 7, "exact", False), (KIL, 15, "approx", True)},
    ),
    (
        "https://www.lexpression.dz/internationale/dix-soldats-tues-une-cinquantaine-blesses-362226",
        "fr",
        "Au moins dix soldats ont été tués et une cinquantaine blessés lundi lors d'une «attaque "
        "terroriste» à "
        "Djibo, ville sous blocus des groupes terroristes depuis trois mois, dans le nord du Burkina Faso.",
        {(KIL, 10, "at_least", False), (INJ, 50, "approx", False)},
    ),
    (
        "https://www.lexpression.dz/internationale/dix-soldats-tues-une-cinquantaine-blesses-362226",
        "fr",
        "«Côté ennemi, au moins 18 corps de terroristes ont été dénombrés au cours des opérations de "
        "ratissage qui "
        "sont toujours en cours», selon l'état-major.",
        {(KIL, 18, "at_least", True)},
    ),
    (
        "https://www.lexpression.dz/internationale/dix-soldats-tues-une-cinquantaine-blesses-362226",
        "fr",
        "«Le bilan provisoire établi fait état de 10 militaires tombés au cours des combats et une "
        "cinquantaine de "
        "blessés qui ont été pris en charge», ajoute-t-il.",
        {(KIL, 10, "exact", False), (INJ, 50, "approx", False)},
    ),
    (
        "https://fr.allafrica.com/stories/201901210313.html",
        "fr",
        "Une attaque terroriste contre un camp de la mission de l'ONU, dans le nord du pays, a fait au "
        "moins huit "
        "morts.",
        {(KIL, 8, "at_least", False)},
    ),
    (
        "https://fr.allafrica.com/stories/201901210313.html",
        "fr",
        "Les bilans précédents faisaient état de quatre à six morts.",
        {(KIL, 4, "range", False)},
    ),
    (
        "https://omondo.info/index.php/cs/day/attaques-terroristes-les-jihadistes-tuent-80-personnes-au-burkina-et-en-syrie",
        "fr",
        "Au moins six soldats et 34 supplétifs civils de l’armée du Burkina Faso ont été tués samedi lors "
        "d’une "
        "attaque de jihadistes présumés dans le nord du pays.",
        {(KIL, 40, "at_least", False)},
    ),
    (
        "https://www.alwihdainfo.com/Nigeria-Attaque-meurtriere-sur-l-axe-Pulka-Kerawa-pertes-signalees-au-sein-de-l-armee-et-du-comite-de-vigilance_a144632.html",
        "fr",
        "Selon les premières informations, l'attaque a causé la destruction de plusieurs véhicules du "
        "convoi et a "
        "entraîné la mort d'au moins un milicien du CJTF.",
        {(KIL, 1, "at_least", False)},
    ),
    (
        "https://news.abidjan.net/articles/606202/burkina-onze-militaires-tues-dans-une-attaque-jihadiste-dans-le-nord",
        "fr",
        "Ouagadougou- Onze militaires burkinabè ont été tués vendredi dans une attaque jihadiste contre un "
        "détachement de l’armée basé à Nassoumbou dans le nord du pays, à une trentaine de kilomètres de la "
        "frontière malienne",
        {(KIL, 11, "exact", False)},
    ),
    (
        "https://www.rtl.be/actu/monde/international/deux-ans-de-guerre-en-ukraine-au-moins-un-mort-et-trois-blesses-dans-le-crash/2024-02-24/article/641414",
        "fr",
        "Une personne est morte et au moins trois autres ont été grièvement blessées vendredi soir à Odessa "
        "dans le "
        "sud de l'Ukraine après qu'un drone russe s'est écrasé contre un immeuble d'habitation",
        {(KIL, 1, "exact", False), (INJ, 3, "at_least", False)},
    ),
    (
        "https://www.pressafrik.com/Ukraine-un-mort-et-quatre-blesses-dans-une-frappe-russe-sur-la-region-de-Kiev_a282948.html",
        "fr",
        "«Une personne a été tuée et quatre blessées lors d'une attaque aérienne ennemie sur la région de "
        "Kiev», a "
        "indiqué Mikola Kalachnik, gouverneur par intérim de la région.",
        {(KIL, 1, "exact", False), (INJ, 4, "exact", False)},
    ),
    (
        "https://www.pressafrik.com/Ukraine-un-mort-et-quatre-blesses-dans-une-frappe-russe-sur-la-region-de-Kiev_a282948.html",
        "fr",
        "Parmi eux, 60 drones d'attaque ont été abattus, et 26 leurres neutralisés.",
        set(),
    ),
    (
        "https://www.boursier.com/actualites/reuters/la-russie-a-abattu-un-drone-au-dessus-de-belgorod-au-moins-3-morts-selon-le-gouverneur-de-la-region-342862.html",
        "fr",
        "Viatcheslav Gladkov a indiqué dans un message diffusé sur Telegram qu'une maison avait été "
        "détruite et que "
        "trois cadavres avaient été retrouvés dans les décombres.",
        {(KIL, 3, "exact", False)},
    ),
    (
        "https://www.laprimeurhaiti.com/2025/08/20",
        "fr",
        "Sur la base des unités SWAT, un drone kamikaze, transporté par des habitants dans un geste de "
        "bonne foi, a "
        "explosé, provoquant la mort de deux policiers et blessant grièvement deux autres.",
        {(KIL, 2, "exact", False), (INJ, 2, "exact", False)},
    ),
    (
        "https://francais.rt.com/international/105076-russie-plusieurs-blesses-dans-region",
        "fr",
        "Trois personnes, dont de jeunes adolescents, ont été légèrement blessées, tandis que des équipes "
        "des "
        "ministères de la Défense et des Situations d'urgence se sont rendues sur le site de l'accident.",
        {(INJ, 3, "exact", False)},
    ),
    (
        "https://africaradio.com/actualite-42724-rdc-cinq-personnes-au-moins-tuees-a-la-machette-dans-l-est",
        "fr",
        "Cinq personnes au moins ont été tuées à la machette mercredi en territoire de Beni, région de "
        "l'est de la "
        "République démocratique du Congo",
        {(KIL, 5, "at_least", False)},
    ),
    (
        "https://fr.allafrica.com/stories/202405080133.html",
        "fr",
        "Plus tôt en janvier, une milice ethnique a tué au moins 13 civils, dont 2 enfants, a enlevé 24 "
        "autres "
        "personnes et s'est livrée au pillage de biens et de bétail dans le centre du Mali.",
        {(KIL, 13, "at_least", False), (ABD, 24, "exact", False)},
    ),
    (
        "https://www.rtl.be/info/monde/international/rdc-plus-d-une-dizaine-de-civils-tues-dans-un-nouveau-massacre-a-beni-1379462.aspx",
        "fr",
        "A notre arrivée, c'était déjà trop tard parce que l'ennemi ADF avait tué à la machette plus d'une "
        "dizaine "
        "de nos concitoyens",
        {(KIL, 10, "more_than", False)},
    ),
    (
        "https://www.rtl.be/info/monde/international/rdc-plus-d-une-dizaine-de-civils-tues-dans-un-nouveau-massacre-a-beni-1379462.aspx",
        "fr",
        '"Cet après-midi, le bilan de l\'attaque de Beu Manyama est passé de 21 à 24 civils tués", a '
        "déclaré à "
        "l'AFP Philippe Bonane",
        {(KIL, 24, "exact", False)},
    ),
    (
        "https://www.dhnet.be/dernieres-depeches/belga/rdc-au-moins-huit-morts-dans-un-nouveau-massacre-a-beni-5e3db2e99978e245b3555917",
        "fr",
        "Au moins huit civils ont été tués vendredi à l'arme blanche dans un nouveau massacre à Beni, dans "
        "l'est de "
        "la République démocratique du Congo, et une vingtaine d'autres sont portés disparus",
        {(KIL, 8, "at_least", False), (MIS, 20, "approx", False)},
    ),
    (
        "https://www.hommesdafrique.com/rdc-12-morts-dans-deux-attaques-de-presumes-milices-ougandais-a-beni-responsables/",
        "fr",
        "Ils ont tué neuf civils et quatre sont blessés.",
        {(KIL, 9, "exact", False), (INJ, 4, "exact", False)},
    ),
    (
        "https://www.pressafrik.com/tags/de+Silgadji",
        "fr",
        "Entre 10 et 50 personnes tuées, selon les sources.",
        {(KIL, 10, "range", False)},
    ),
    (
        "https://www.pressafrik.com/tags/de+Silgadji",
        "fr",
        "Tous les hommes ont été abattus et les femmes libérées.",
        {(KIL, None, "vague", False)},
    ),
    (
        "https://www.boursier.com/actualites/reuters/syrie-une-attaque-de-drones-sur-une-ecole-militaire-fait-plusieurs-victimes-342183.html",
        "fr",
        "Une attaque de drones menée sur une école militaire située dans la province de Homs, en Syrie, "
        "lors d'une "
        "cérémonie de remise de diplômes a tué jeudi plusieurs civils ainsi que du personnel militaire et "
        "fait des "
        "dizaines de blessés, selon le ministère syrien de la Défense.",
        {(KIL, None, "vague", False), (INJ, None, "vague", False)},
    ),
    (
        "https://www.arabnews.fr/node/505328",
        "fr",
        "Une attaque de drones iraniens contre une base navale d'Abou Dhabi accueillant des forces "
        "françaises a "
        "provoqué un incendie sans faire de victime",
        {(KIL, 0, "zero", False), (INJ, 0, "zero", False)},
    ),
    (
        "https://www.arabnews.fr/node/505328",
        "fr",
        "Les dégâts ne sont que matériels et limités. Aucun blessé n'est à déplorer",
        {(INJ, 0, "zero", False)},
    ),
    (
        "https://www.rtbf.be/article/direct-guerre-en-ukraine-kiev-salue-une-super-nouvelle-apres-le-feu-vert-de-washington-pour-l-envoi-de-f-16-des-pays-bas-et-du-danemark-11241943",
        "fr",
        "La défense aérienne russe a détruit à Moscou un drone ukrainien qui n’a fait ni dégât ni victime, "
        "ont "
        "indiqué les autorités russes tôt vendredi",
        {(KIL, 0, "zero", False), (INJ, 0, "zero", False)},
    ),
    (
        "http://www.levif.be/actualite/international/les-111-membres-d-equipage-de-l-athena-sont-sains-et-saufs/article-normal-149121.html",
        "fr",
        "Les 111 membres d’équipage d’un navire-usine en difficultés au sud-ouest de l’Angleterre étaient "
        "sains et "
        "saufs mercredi en fin de matinée.",
        {(KIL, 0, "zero", False), (INJ, 0, "zero", False)},
    ),
    # --- English --------------------------------------------------------------------------------------------
    (
        "https://latamtech.biz/suspected-attack-by-yemens-houthi-rebels-strikes-a-ship-in-the-red-sea-though-crew-reportedly-safe/",
        "en",
        "Earlier in March, a Houthi missile struck a commercial ship in the Gulf of Aden, killing three of "
        "its crew "
        "members and forcing survivors to abandon the vessel.",
        {(KIL, 3, "exact", False)},
    ),
    (
        "https://www.brecorder.com/news/40293784/merchant-vessel-struck-by-missile-west-of-yemens-al-hudaydah",
        "en",
        "Late on Thursday, the US military said that Houthis fired two anti-ship ballistic missiles from "
        "Yemen "
        "toward the Gulf of Aden and two missiles toward the Red Sea, but there were no injuries or damage "
        "reported to US or coalition ships.",
        {(INJ, 0, "zero", False)},
    ),
    (
        "https://sea-news.az/2024/02/23/houthi-missile-hits-ship-in-gulf-of-aden/",
        "en",
        "The attack Thursday in the Gulf of Aden saw the Houthis fire two anti-ship ballistic missiles from "
        "southern Yemen into the Gulf, hitting the UK-owned cargo ship MV Islander, “causing one minor "
        "injury and "
        "damage,” the US military’s Central Command said in a statement.",
        {(INJ, 1, "exact", False)},
    ),
    (
        "https://www.khaleejtimes.com/ta/world/gulf/missile-attack-targets-commercial-vessel-off-yemens-coast",
        "en",
        "A missile attack targeted a commercial vessel transiting southwest of Yemen's port city of Hodeidah "
        "without causing any damage or casualties, maritime security firms said on Thursday.",
        {(KIL, 0, "zero", False), (INJ, 0, "zero", False)},
    ),
    (
        "http://161.35.110.226/archives/la-xpm-2009-jan-05-fg-pakistan5-story.html",
        "en",
        "A suicide bomber attacked police here Sunday as they rushed to treat civilians injured by a smaller "
        "explosion, killing seven people and wounding at least 25, said police official Sanaullah Khan.",
        {(KIL, 7, "exact", False), (INJ, 25, "at_least", False)},
    ),
    (
        "https://today.thefinancialexpress.com.bd/editorial/pakistan-suicide-attack-kills-17",
        "en",
        "PESHAWAR, Dec 8, 2010 (AFP): At least 17 people were killed in a suicide attack on a market in the "
        "northwestern Pakistan of Kohat Wednesday, a senior police official said.",
        {(KIL, 17, "at_least", False)},
    ),
    (
        "https://today.thefinancialexpress.com.bd/editorial/pakistan-suicide-attack-kills-17",
        "en",
        'The death toll has risen to 17," he said, adding that 25 others were wounded, seven of them '
        "seriously.",
        {(KIL, 17, "exact", False), (INJ, 25, "exact", False)},
    ),
    (
        "http://www.ocregister.com/2013/04/17/boston-remembers-bombing-victims/",
        "en",
        "Workers find bags containing runners' personal effects as they return them to their owner near the "
        "finish "
        "line of the Boston Marathon, after explosions killed three and injured more than 140 in Boston, "
        "Tuesday, "
        "April 16, 2013.",
        {(KIL, 3, "exact", False), (INJ, 140, "more_than", False)},
    ),
    (
        "http://www.wcti12.com/news/families-share-memories-of-three-killed-in-boston-blasts/15141987",
        "en",
        "Police: 3 killed, more than 170 injured",
        {(KIL, 3, "exact", False), (INJ, 170, "more_than", False)},
    ),
    (
        "https://1lurer.am/en/2016/05/11/An-explosion-in-downtown-Diyarbakir/31188",
        "en",
        "Three people killed, 46 other wounded.",
        {(KIL, 3, "exact", False), (INJ, 46, "exact", False)},
    ),
    (
        "https://www.twincities.com/2013/04/16/a-look-at-the-deadly-boston-marathon-bombing/",
        "en",
        "An 8-year-old boy, a 29-year-old woman and a 23-year-old graduate student from China were killed, "
        "and more "
        "than 170 people were wounded.",
        {(KIL, 3, "exact", False), (INJ, 170, "more_than", False)},
    ),
    (
        "https://www.twincities.com/2013/04/16/a-look-at-the-deadly-boston-marathon-bombing/",
        "en",
        "Two explosions near the finish line of the Boston Marathon on Monday killed three people and "
        "wounded "
        "scores.",
        {(KIL, 3, "exact", False), (INJ, None, "vague", False)},
    ),
    (
        "http://www.xebersaati.com/news/159260-3-people-dead-in-houston-shooting-incident-police/",
        "en",
        "Houston police confirmed Friday evening that three people, including the gunman, were killed in a "
        "shooting incident in southwest Houston, the U.S. state of Texas, Xinhua reported.",
        {(KIL, 3, "exact", False)},
    ),
    (
        "https://www.royalsblue.com/four-dead-including-suspect-after-shooting-and-arson-at-houston-home/",
        "en",
        "Three people have died and two have been injured in the early hours of Sunday morning in Houston "
        "after a "
        "man set fire to a building and subsequently shot at fleeing people.",
        {(KIL, 3, "exact", False), (INJ, 2, "exact", False)},
    ),
    (
        "https://news.yahoo.com/3-killed-man-set-fire-231746759.html",
        "en",
        "The suspect was shot and killed by law enforcement.",
        {(KIL, 1, "exact", True)},
    ),
    (
        "https://beam.land/third-shooting-in-us-in-four-days-kills-3/",
        "en",
        "A man killed three people before killing himself at a grocery store in Washington state.",
        {(KIL, 3, "exact", False)},
    ),
]


@pytest.mark.parametrize(("origin", "lang", "sentence", "expected"), CASES, ids=[c[2][:50] for c in CASES])
def test_find_tolls_on_news_sentences(origin: str, lang: str, sentence: str, expected: Expected) -> None:
    assert origin  # every case names where its sentence comes from
    tolls = find_tolls(sentence, lang)
    assert _summary(tolls) == expected
    for t in tolls:
        assert sentence[t.start : t.end] == t.text


def test_phrase_offsets_and_victims() -> None:
    # https://news.abidjan.net/articles/606202/burkina-onze-militaires-tues-dans-une-attaque-jihadiste-dans-le-nord
    sentence = "Ouagadougou- Onze militaires burkinabè ont été tués vendredi dans une attaque jihadiste"
    (toll,) = find_tolls(sentence, "fr")
    assert toll.text == "Onze militaires burkinabè ont été tués"
    assert toll.victim == "militaires"
    # http://161.35.110.226/archives/la-xpm-2009-jan-05-fg-pakistan5-story.html
    killed, injured = find_tolls(
        "..., killing seven people and wounding at least 25, said police official", "en"
    )
    assert (killed.text, killed.victim) == ("killing seven people", "people")
    assert (injured.text, injured.victim) == ("wounding at least 25", None)


def test_attackers_killing_soldiers_are_not_attacker_losses() -> None:
    # https://omondo.info/index.php/cs/day/attaques-terroristes-les-jihadistes-tuent-80-personnes-au-burkina-et-en-syrie
    (toll,) = find_tolls(
        "Attaques terroristes: Les jihadistes tuent 80 personnes au Burkina et en Syrie", "fr"
    )
    assert (toll.kind, toll.value, toll.victim, toll.attacker_side) == ("killed", 80, "personnes", False)


def test_ages_are_not_counts() -> None:
    # https://www.metrowestdailynews.com/story/news/2013/04/16/bomb-details-victims-names-emerge/41113289007/
    s1 = (
        "Krystle Campbell, 29, a Medford native and Medford High School graduate living in Arlington, was "
        "killed "
        "in the twin blasts."
    )
    # https://starcasm.net/boston-marathon-victims/
    s2 = (
        "8-year-old Martin Richard (pictured above) and 29-year-old Krystle Campbell, and 23-year-old Boston "
        "University statistics grad student Lu Lingzi were killed in the twin blasts."
    )
    for sentence in (s1, s2):
        assert not {8, 23, 29} & {t.value for t in find_tolls(sentence, "en")}


def test_named_victims_with_ages_count_names() -> None:
    # https://ktar.com/story/5550208/police-say-some-70-bullets-fired-in-north-philadelphia-shooting-that-left-2-dead-5-wounded/
    sentence = "Killed in the gunfire were Roger Marquez, 31, and Leon Pierre, 38, both of Philadelphia."
    (toll,) = find_tolls(sentence, "en")
    assert (toll.kind, toll.value, toll.qualifier) == ("killed", 2, "exact")


def test_ages_in_compounds_are_not_counts() -> None:
    # https://www.oleantimesherald.com/news/on-mass-shooting-anniversary-2-fatally-shot-in-rochester/article_975a305a-13cc-5117-bbd7-2a6c7eac354f.html
    sentence = (
        "A year ago, two 19-year-olds were killed and 14 other people were wounded in a shooting involving "
        "multiple guns at a backyard house party where more than 100 teens and young adults were present."
    )
    assert _summary(find_tolls(sentence, "en")) == {(KIL, 2, "exact", False), (INJ, 14, "exact", False)}


def test_sentences_without_tolls() -> None:
    # seed article shared/seeds/000_ab7640e8a7088d5b.txt
    assert (
        find_tolls("Un drone militaire américain s'est écrasé au nord de la capitale irakienne Bagdad.", "fr")
        == []
    )
    # https://www.pressafrik.com/Ukraine-un-mort-et-quatre-blesses-dans-une-frappe-russe-sur-la-region-de-Kiev_a282948.html
    assert (
        find_tolls(
            "Selon l'armée de l'air ukrainienne, 93 drones au total ont été tirés par la Russie.", "fr"
        )
        == []
    )


def test_languages_come_from_data_files() -> None:
    assert {"fr", "en"} <= set(supported_languages())
    with pytest.raises(KeyError):
        find_tolls("12 morts", "xx")


# --- robustness -------------------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "au moins",
        "plus de",
        "une trentaine",
        "de",
        "d'",
        "12",
        "1 200",
        "19.453",
        "dix-huit",
        "morts",
        "tués",
        "blessés",
        "ont été",
        "a tué",
        "soldats",
        "et",
        ",",
        "«",
        "»",
        "killed",
        "at least",
        "people",
        "were",
        "injured",
        "a",
        "the",
        "no casualties",
        "aucune victime",
        "Martin Richard",
        "8",
        "-year-old",
        "(",
        ")",
        "between",
        "and",
        "dozens",
        "of",
        "killing",
        "à",
        "entre",
        "l'un",
        "des",
        "un",
        "une",
        "autre",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=40).map(" ".join)),
    st.sampled_from(["fr", "en"]),
)
def test_find_tolls_never_raises_and_offsets_slice(text: str, lang: str) -> None:
    for t in find_tolls(text, lang):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.value is None or t.value >= 0
        assert (t.value is None) == (t.qualifier == "vague")


@pytest.mark.parametrize(
    "text",
    [
        "1" * 50_000,
        "1" * 50_000 + " morts",
        "au moins " * 10_000,
        "au moins " * 10_000 + "12 morts",
        "12 " + "soldats " * 10_000 + "tués",
        ", " * 20_000 + "tués",
        "killing " + "John Smith, 45, " * 3_000,
        "the soldiers " * 5_000 + "were killed",
        "vingt-et-un " * 5_000 + "morts",
    ],
    ids=["digits", "digits-toll", "au-moins", "au-moins-toll", "victims", "commas", "names", "the", "words"],
)
def test_bounded_time_on_pathological_input(text: str) -> None:
    for lang in ("fr", "en"):
        find_tolls("12 morts", lang)  # compile the lexicon outside the timing
        started = time.perf_counter()
        find_tolls(text, lang)
        assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize(
    ("sentence", "lang", "victim"),
    [
        # Wire-style sentences written for these tests (invented names): one named person killed counts one.
        ("Mullah Karim Nouri was killed in the attack.", "en", "Nouri"),
        ("Nouri, the head of the district council, was killed in the blast.", "en", "Nouri"),
        ("Gunmen shot and killed Samuel Okoro in Maiduguri on Sunday.", "en", "Okoro"),
        ("Gunmen shot and killed Okoro, a local chief, near his home.", "en", None),
        (
            "An assailant shot and killed Daniel Kerr, a former official, in his car.",
            "en",
            "Kerr",
        ),  # not the assailant
        ("Jean Martin a été tué par balle devant son domicile.", "fr", "Jean"),
        ("Karim Nouri, a senior police (CID) officer, was killed in the blast.", "en", "Nouri"),
        (
            "Gunmen shot and killed Haji Karim Abdul Nouri Hassan, a tribal elder, in the market.",
            "en",
            "Hassan",
        ),
        ("Gunmen opened fire and killed the head of the district council in the town.", "en", "head"),
        ("Des hommes armés ont tué le chef du village de Tessit.", "fr", "chef"),
        ("Des hommes armés ont tué Amadou Diallo, un conseiller municipal, à Gao.", "fr", "Amadou"),
    ],
)
def test_one_named_person_killed_counts_one(sentence: str, lang: str, victim: str | None) -> None:
    killed = [t for t in find_tolls(sentence, lang) if t.kind == "killed" and not t.attacker_side]
    assert [(t.value, t.qualifier) for t in killed] == [(1, "exact")]
    if victim is not None:
        assert killed[0].victim == victim


@pytest.mark.parametrize(
    "sentence",
    [
        "Israeli strikes killed Palestinians in Gaza on Tuesday.",  # a people, not a person
        "Kabul was hit by rockets on Monday.",  # a place, and no toll verb
        "Soldiers were killed in Gao.",  # plural: no count
        "Gunmen killed the people of the village.",  # a collective noun is not one victim
    ],
)
def test_capitalised_words_that_are_not_one_person_do_not_count_one(sentence: str) -> None:
    assert [t.value for t in find_tolls(sentence, "en") if t.kind == "killed"] in ([], [None])


def test_a_day_after_a_bare_participle_is_not_an_object() -> None:
    # Headline style, written for this test: "killed Tuesday" is still a passive toll, "killed Daniel" is active.
    assert [(t.value, t.victim) for t in find_tolls("12 people killed Tuesday in Kabul.", "en")] == [
        (12, "people")
    ]


# --- sentences written for these tests (wire style, invented names) -----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        # An apposition ends before the predicate: ", were killed and two officers" is not part of it.
        (
            "At least three police officers, including a commander, were killed and two officers were injured.",
            "en",
            {(KIL, 3, "at_least", False), (INJ, 2, "exact", False)},
        ),
        (
            "Trois soldats, dont un officier, ont été tués et deux autres ont été blessés dans l'attaque.",
            "fr",
            {(KIL, 3, "exact", False), (INJ, 2, "exact", False)},
        ),
        # ...and a count after its comma starts a new subject.
        (
            "In addition to the attacker, at least 20 civilians were killed in the blast.",
            "en",
            {(KIL, 20, "at_least", False)},
        ),
        # An "including" list may run over commas.
        (
            "Four soldiers, including two officers, a driver and a cook, were killed in the ambush.",
            "en",
            {(KIL, 4, "exact", False)},
        ),
        # Coordinated singular noun phrases and names count one each.
        ("The commander and his son were killed in the attack.", "en", {(KIL, 2, "exact", False)}),
        ("Nazari and his driver were killed in the assault.", "en", {(KIL, 2, "exact", False)}),
        (
            "Hussaini, the chair of the association, and Umar, his deputy, were both killed.",
            "en",
            {(KIL, 2, "exact", False)},
        ),
        ("The judge, his wife, and his two sons were killed.", "en", {(KIL, 4, "exact", False)}),
        ("Gunmen shot and killed a doctor and his driver.", "en", {(KIL, 2, "exact", False)}),
        ("The strike killed the commander of the unit and two guards.", "en", {(KIL, 3, "exact", False)}),
        ("In Kabul, a soldier and a civilian were killed.", "en", {(KIL, 2, "exact", False)}),
        (
            "The police chief and four assailants were killed.",
            "en",
            {(KIL, 1, "exact", False), (KIL, 4, "exact", True)},
        ),
        ("Police killed a suspect and the rest fled.", "en", {(KIL, 1, "exact", True)}),
        # "both" is two.
        ("Both brothers were killed in the attack.", "en", {(KIL, 2, "exact", False)}),
        ("Fighters from both sides were killed.", "en", set()),
        # One-person conjuncts after a count of generic people, as many as it counts, name them.
        ("Two civilians, a teacher and a farmer, were killed.", "en", {(KIL, 2, "exact", False)}),
        ("Two soldiers, a policeman and a civilian were killed.", "en", {(KIL, 4, "exact", False)}),
        (
            "Three villagers, Ali Musa, Sani Bello and Musa Audu were killed.",
            "en",
            {(KIL, 3, "exact", False)},
        ),
        # Toll nouns that name people, bracketed acronyms, a series of acts ending in death.
        ("The two hostages were shot and killed.", "en", {(KIL, 2, "exact", False)}),
        ("One National Directorate of Security (NDS) officer was killed.", "en", {(KIL, 1, "exact", False)}),
        ("The hostage was abducted, shot and killed.", "en", {(KIL, 1, "exact", False)}),
        (
            "Musa Audu was wounded in the attack and later died of his injuries.",
            "en",
            {(KIL, 1, "exact", False)},
        ),
        ("Sani Bello succumbed to his injuries on Friday.", "en", {(KIL, 1, "exact", False)}),
        # A participle ends the victim phrase: the clause after it holds no further count.
        ("Gunmen killed a farmer working in his field.", "en", {(KIL, 1, "exact", False)}),
        # A pronoun or a possessive name determines one person.
        ("He was killed on Monday.", "en", {(KIL, 1, "exact", False)}),
        ("Ibrahim's wife was killed in the attack.", "en", {(KIL, 1, "exact", False)}),
        ("Il a été tué par balle.", "fr", {(KIL, 1, "exact", False)}),
    ],
)
def test_coordinated_and_appositive_victims(sentence: str, lang: str, expected: Expected) -> None:
    assert _summary(find_tolls(sentence, lang)) == expected


@pytest.mark.parametrize(
    ("sentence", "victim"),
    [
        ("Gunmen shot and killed village chief Ahmed Ali Musa in the market.", "Musa"),
        ("Assailants shot and killed U Aye Tun, a ward administrator, in Yangon.", "Tun"),
        ("Gunmen shot and killed Ihab al-Wazni outside his home.", "al-Wazni"),
        ("Gunmen shot and killed the former district governor in the city.", "governor"),
        ("Gunmen shot and killed the deputy head of the council on Sunday.", "head"),
    ],
)
def test_titles_initials_and_roles_name_one_person(sentence: str, victim: str) -> None:
    killed = [t for t in find_tolls(sentence, "en") if t.kind == "killed"]
    assert [(t.value, t.victim) for t in killed] == [(1, victim)]


@pytest.mark.parametrize(
    "sentence", ["Gunmen killed troops near Kunduz City.", "Nobody died.", "On Monday died the king."]
)
def test_words_that_are_no_title_or_name(sentence: str) -> None:
    assert [t.value for t in find_tolls(sentence, "en") if t.kind == "killed"] in ([], [None])


@pytest.mark.parametrize(
    ("sentence", "lang", "additional"),
    [
        ("A civilian was also killed in the attack.", "en", True),
        ("An additional police officer was killed.", "en", True),
        ("In addition, one civilian was killed.", "en", True),
        ("In addition to the attacker, two civilians were killed.", "en", False),
        ("Two civilians were killed.", "en", False),
        ("Un civil a également été tué.", "fr", True),
    ],
)
def test_tolls_that_add_to_an_earlier_one(sentence: str, lang: str, additional: bool) -> None:
    killed = [t for t in find_tolls(sentence, lang) if t.kind == "killed" and not t.attacker_side]
    assert [t.additional for t in killed] == [additional]


@pytest.mark.parametrize(
    ("sentence", "lang", "values"),
    [
        # Written for this test, in the style of AP's and AFP's Gaza reports.
        (
            "12 people had been killed in the Nuseirat refugee camp and eight at a home in Deir al-Balah.",
            "en",
            [12, 8],
        ),
        ("Au moins 12 personnes ont été tuées à Nuseirat et huit à Deir al-Balah.", "fr", [12, 8]),
        # A count with more than a place after it is its own toll, or none.
        ("Five people were killed and 20 injured in Kabul.", "en", [5, 20]),
        ("Five people were killed in Kabul and 2015 in review.", "en", [5]),
    ],
)
def test_a_count_with_only_a_place_after_and_repeats_the_toll(
    sentence: str, lang: str, values: list[int]
) -> None:
    assert [t.value for t in find_tolls(sentence, lang)] == values
