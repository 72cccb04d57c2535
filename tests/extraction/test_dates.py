"""Date handling: publication dates, date mentions and their resolution (shared/eval/ANNOTATION.md, Dates).

Every sentence is a short quotation from a real news page, with its origin in a comment; "published" is the
page's date where the page or URL gives it, otherwise a date chosen for the test and marked "assumed".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.extraction import dates as dates_module
from tocsin.extraction.dates import (
    DateMention,
    find_dates,
    parse_published,
    published_from_text,
    resolve_weekday,
    supported_languages,
)
from tocsin.extraction.model import Published

SEED = "seed article shared/seeds/000_ab7640e8a7088d5b.txt"


class M(NamedTuple):
    text: str
    date: date | None
    kind: str
    is_anchor: bool = False


def D(value: str) -> date:
    return date.fromisoformat(value)


def mentions(text: str, lang: str, published: str | None, anchor: date | None = None) -> list[M]:
    found = find_dates(text, lang, parse_published(published), anchor)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [M(m.text, m.date, m.kind, m.is_anchor) for m in found]


# ----------------------------------------------------------------------------------------------------
# parse_published / published_from_text
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day", "precision"),
    [
        ("2024-06-10T05:14:00+00:00", D("2024-06-10"), "day"),
        ("2024-06-10T05:14+0000", D("2024-06-10"), "day"),
        ("2024-06-10T23:59:59.123Z", D("2024-06-10"), "day"),
        ("2024-06-10 05:14:00", D("2024-06-10"), "day"),
        # The calendar day as written, not converted to UTC: "hier" is the newsroom's yesterday.
        ("2024-06-10T01:00:00+05:00", D("2024-06-10"), "day"),
        ("2024-02-29", D("2024-02-29"), "day"),
        ("2024-01", D("2024-01-01"), "month"),
        ("2024", D("2024-01-01"), "year"),
        ("  2020-02-20 ", D("2020-02-20"), "day"),
    ],
)
def test_parse_published_accepts_rfc3339_and_coarser_forms(value: str, day: date, precision: str) -> None:
    published = parse_published(value)
    assert (published.day, published.precision, published.raw) == (day, precision, value.strip())


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_published_empty_is_unknown(value: str | None) -> None:
    assert parse_published(value) == Published()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-13", "month 13"),
        ("2023-02-29", "day 29"),
        ("1850-05-01", "year 1850"),
        (f"{date.today().year + 2}-01-01", "outside 1900"),
        ("2024-06-10T25:00Z", "time of day"),
        ("2024-06-10T05:14+2500", "UTC offset"),
        ("10/06/2024", "unrecognised"),
        ("yesterday", "unrecognised"),
    ],
)
def test_parse_published_rejects_invalid_or_absurd_values(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_published(value)


def test_parse_published_rejects_non_strings() -> None:
    with pytest.raises(ValueError, match="string"):
        parse_published(20240610)  # type: ignore[arg-type]


def test_published_from_text_reads_the_leading_dateline() -> None:
    # SEED (first line, with its typographic apostrophe)
    seed = (
        " date 2024-01 Un drone militaire américain s\u2019est écrasé au nord de la capitale irakienne Bagdad"
    )
    assert published_from_text(seed) == Published(D("2024-01-01"), "month", "2024-01")
    # https://localnews8.com/news/ap-national/2024/02/27/rocket-fire-reported-off-yemen-in-red-sea-in-a-new-suspected-attack-by-houthi-rebels/
    text = " date 2024-02-27 Rocket fire reported off Yemen in Red Sea in a new suspected attack by Houthi"
    assert published_from_text(text) == Published(D("2024-02-27"), "day", "2024-02-27")


def test_published_from_text_reads_a_timestamp_line_near_the_top() -> None:
    # Layout of a Reuters/CENTCOM item: headline, a paragraph, then the timestamp alone on its line.
    text = "Houthis damage two cargo ships\nThe ships stayed afloat.\n2024-06-10T05:14+0000\nMore text."
    assert published_from_text(text) == Published(D("2024-06-10"), "day", "2024-06-10T05:14+0000")


@pytest.mark.parametrize(
    "text",
    [
        # https://dawn.com/news/amp/697868 — a date in running text is not a dateline.
        "Published 24 Feb, 2012 08:51am\n\nSuicide attack on Peshawar police station kills four",
        # An absurd dateline is ignored rather than raised: it comes from the text, not the metadata.
        " date 2024-13 Un drone militaire américain s'est écrasé",
        "",
    ],
)
def test_published_from_text_ignores_anything_else(text: str) -> None:
    assert published_from_text(text) is None


def test_dateline_and_timestamp_lines_are_not_mentions() -> None:
    # https://pledgetimes.com/centcom-announces-the-destruction-of-9-missiles-and-two-drones-belonging-to-the-houthis-in-yemen/
    text = " date 2024-03-15 Washington (Union)\n\nYesterday, the US Central Command (Centcom) announced"
    published = published_from_text(text)
    assert published is not None
    found = find_dates(text, "en", published)
    assert [(m.text, m.date) for m in found] == [("Yesterday", D("2024-03-14"))]
    assert find_dates("Title\n2024-06-10T05:14+0000\nBody", "en", Published()) == []


# ----------------------------------------------------------------------------------------------------
# Mentions and their resolution
# ----------------------------------------------------------------------------------------------------

CASES: list[tuple[str, str, str | None, date | None, str, list[M]]] = [
    # ---- weekdays resolve only against a day-precision publication date ----
    (
        "seed-month-precision",  # SEED, published 2024-01 (month precision): no weekday is dated.
        "fr",
        "2024-01",
        None,
        "Un drone américain « s'est écrasé près de la base aérienne de Balad, en Irak », tard jeudi soir, a "
        "déclaré "
        "à l'AFP ce responsable",
        [M("tard jeudi soir", None, "weekday")],
    ),
    (
        "seed-day-precision",  # SEED, with a day-precision publication assumed on a Friday (2024-01-26).
        "fr",
        "2024-01-26",
        None,
        "Un drone américain « s'est écrasé près de la base aérienne de Balad, en Irak », tard jeudi soir, a "
        "déclaré "
        "à l'AFP ce responsable",
        [M("tard jeudi soir", D("2024-01-25"), "weekday")],
    ),
    (
        "weekday-on-publication-day",  # https://www.france24.com/en/20091026-taliban-militants-storm-checkpoint-tribal-region-killing-four-soldiers
        "en",
        "2009-10-26",
        None,
        "Some 20 armed Taliban militants stormed a military checkpoint on Monday in Pakistan's Bajaur "
        "district near "
        "the Afghan border, killing four soldiers.",
        [M("on Monday", D("2009-10-26"), "weekday")],
    ),
    (
        "dernier-strictly-before",  # published assumed on a Saturday (2022-11-05).
        # https://frycoms.net/?p=4060
        "fr",
        "2022-11-05",
        None,
        "Un Double attentat à la voiture piégée samedi dernier à Mogadiscio la capitale somalienne, a fait "
        "environ "
        "100 morts y compris des enfants.",
        [M("samedi dernier", D("2022-10-29"), "weekday")],
    ),
    (
        "dernier-and-ce-day-month",  # (published the Tuesday it names)
        # https://linfo.re/france/societe/mort-de-deux-soldats-francais-au-mali-l-attaque-revendiquee-par-une-branche-d-al-qaida-au-sahel
        "fr",
        "2021-01-05",
        None,
        "L'organisation terroriste islamiste, affiliée à Al-Qaïda, a revendiqué ce mardi 5 janvier "
        "l'attaque qui a "
        "tué, samedi dernier au Mali, deux soldats français la force antidjihadiste Barkhane.",
        [
            M("ce mardi 5 janvier", D("2021-01-05"), "absolute"),
            M("samedi dernier", D("2021-01-02"), "weekday"),
        ],
    ),
    (
        "weekday-with-part-of-day",  # http://french.peopledaily.com.cn/Afrique/n3/2017/0224/c96852-9182070.html
        "fr",
        "2017-02-24",
        None,
        "Au moins onze soldats nigériens ont été tués et huit véhicules militaires volés mercredi soir dans "
        "l'attaque de leur position à Tiloua. Jeudi en fin de matinée, aucun communiqué des autorités de "
        "Niamey ne "
        "mentionnait cette attaque.",
        [
            M("mercredi soir", D("2017-02-22"), "weekday"),
            M("Jeudi en fin de matinée", D("2017-02-23"), "weekday"),
        ],
    ),
    (
        "weekday-prefixes-fr",  # https://www.boursorama.com/actualite-economique/actualites/attaque-d-un-camp-militaire-au-mali-au-moins-19-morts-et-5-blesses-af5d62c8b025346ffc0e0fba860dde0c
        "fr",
        "2020-01-26",
        None,
        "Dix-neuf militaires maliens ont été tués et cinq blessés tôt ce dimanche matin.",
        [M("tôt ce dimanche matin", D("2020-01-26"), "weekday")],
    ),
    (
        "weekday-prefix-dans-la-matinee-de",  # https://lapauseinfo.fr/kaboul-un-lycee-centre-culturel-francais-cible-par-un-attentat-suicide/
        "fr",
        None,
        None,
        "Un autre attentat suicide a également eu lieu dans un quartier excentré de Kaboul, dans la matinée "
        "de jeudi.",
        [M("dans la matinée de jeudi", None, "weekday")],
    ),
    (
        "weekday-capitalised-a-l-aube",  # https://france-alerte.com/2023/05/30/en-direct-drones-sur-moscou-la-russie-accuse-lukraine-dattaque-terroriste
        "fr",
        "2023-05-30",
        None,
        "Mardi à l'aube, Moscou a été le théâtre d'une rare attaque de drone",
        [M("Mardi à l'aube", D("2023-05-30"), "weekday")],
    ),
    (
        "weekday-prefixes-en",  # https://www.dawn.com/news/amp/697868
        "en",
        "2012-02-24",
        None,
        "Taliban suicide bombers armed with assault rifles and grenades attacked a large police station in "
        "Peshawar "
        "early Friday, killing four officers",
        [M("early Friday", D("2012-02-24"), "weekday")],
    ),
    (
        "weekday-early-hours-en",  # https://newsmax.com/newsfront/troops-middle-east-iraq/2023/10/31/id/1140402
        "en",
        "2023-10-31",
        None,
        "The attack on Ain al-Asad came in the early hours of Tuesday and did not cause casualties or "
        "damage, "
        "according to Reuters sources.",
        [M("in the early hours of Tuesday", D("2023-10-31"), "weekday")],
    ),
    (
        "weekday-afternoon-en",  # (officials said Saturday 2007-11-10)
        # https://www.cnas.org/publications/blog/ambush-in-afghanistan
        "en",
        "2007-11-10",
        None,
        "The troops were returning from a meeting with village elders Friday afternoon in Nuristan province "
        "when "
        "militants attacked them",
        [M("Friday afternoon", D("2007-11-09"), "weekday")],
    ),
    # ---- overnight: the later day ----
    (
        "overnight-fr",  # https://cyberlego.com/web/2023/10/03/niger-29-soldats-tues-dans-lattaque-terroriste-la-plus-meurtriere-depuis-le-coup-detat
        "fr",
        "2023-10-03",
        None,
        "Les militaires au pouvoir au Niger ont annoncé, dans la nuit de lundi à mardi, que « plus d'une "
        "centaine de "
        "terroristes » avaient attaqué des forces de sécurité près de la frontière malienne. C'est le bilan "
        "le plus "
        "meurtrier depuis le coup d'État du 26 juillet.",
        [
            M("dans la nuit de lundi à mardi", D("2023-10-03"), "weekday"),
            M("26 juillet", D("2023-07-26"), "absolute"),
        ],
    ),
    (
        "overnight-and-cette-nuit-agree",  # https://www.medyaturk.info/france/2020/12/23/trois-gendarmes-intervenant-pour-des-violences-conjugales-tues-par-un-forcene/
        "fr",
        "2020-12-23",
        None,
        "Trois gendarmes ont été abattus dans la nuit de mardi à mercredi. C'est un terrible drame qui "
        "s'est joué "
        "cette nuit dans le centre de la France.",
        [
            M("dans la nuit de mardi à mercredi", D("2020-12-23"), "weekday"),
            M("cette nuit", D("2020-12-23"), "relative"),
        ],
    ),
    (
        "overnight-days-with-years",  # https://1001infos.net/?p=614341
        "fr",
        None,
        None,
        "Dans la nuit du 31 décembre 2016 au 1er janvier 2017, au moins 39 personnes, dont 27 étrangers, "
        "ont perdu la "
        "vie",
        [M("Dans la nuit du 31 décembre 2016 au 1er janvier 2017", D("2017-01-01"), "absolute")],
    ),
    (
        "overnight-days-with-weekdays",  # https://5re.fr/?p=281747 — published assumed 2024-01-01.
        "fr",
        "2024-01-01",
        None,
        "Cinq autres personnes ont également été blessées dans la nuit du dimanche 31 décembre au lundi 1er "
        "janvier.",
        [M("dans la nuit du dimanche 31 décembre au lundi 1er janvier", D("2024-01-01"), "absolute")],
    ),
    (
        "overnight-weekdays-fr-again",  # (dimanche 26 novembre 2023)
        # https://web.lifelines.name/read/5322c522-1441-5dde-a8a3-b33e814b0109
        "fr",
        "2023-11-26",
        None,
        "Dans la nuit de vendredi à samedi, Kiev a dit avoir abattu 71 drones d'attaque Shahed.",
        [M("Dans la nuit de vendredi à samedi", D("2023-11-25"), "weekday")],
    ),
    # ---- relative to the publication day ----
    (
        "hier-and-hier-soir",  # http://www.air-journal.fr/2017-03-25-bangladesh-attentat-rate-a-laeroport-international-de-dacca-5179098.html
        "fr",
        "2017-03-25",
        None,
        "Un homme à pied s'est fait explosé hier lorsqu'il a été arrêté par un barrage de police. l'Etat "
        "islamique a "
        "revendiqué cet attentat -raté- dans un communiqué émis hier soir. Vendredi 17 mars, un autre "
        "kamikaze "
        "s'était fait exploser sur une base des forces de sécurité",
        [
            M("hier", D("2017-03-24"), "relative"),
            M("hier soir", D("2017-03-24"), "relative"),
            M("Vendredi 17 mars", D("2017-03-17"), "absolute"),
        ],
    ),
    (
        "hier-needs-day-precision",  # (2016-05)
        # https://ainsi-va-le-monde.blogspot.com/2016/05/les-gendarmes-en-deuil.html
        "fr",
        "2016-05",
        None,
        "Hier c'était un membre de l'antenne du GIGN d'Orange (Vaucluse) qui était tué lors d'une "
        "intervention",
        [M("Hier", None, "relative")],
    ),
    (
        "la-nuit-derniere",  # https://www.gbh-formation.fr/nouvelle-caledonie-un-gendarme-tue-lors-des-affrontements-15-5-24/
        "fr",
        "2024-05-15",
        None,
        "Un gendarme de 22 ans est décédé la nuit dernière, d'un projectile dans la tête.",
        [M("la nuit dernière", D("2024-05-15"), "relative")],
    ),
    (
        "ce-matin-needs-day-precision",  # (date 2023-06)
        # https://www.tf1.fr/tf1/jt-20h/videos/russie-ukraine-attaque-de-drones-contre-moscou-69437358.html
        "fr",
        "2023-06",
        None,
        "En banlieue de Moscou, tôt ce matin, plusieurs petits avions apparaissent dans le ciel, à basse "
        "altitude.",
        [M("tôt ce matin", None, "relative")],
    ),
    (
        "yesterday-en",  # http://www.taipeitimes.com/News/world/archives/2004/07/04/2003177629
        "en",
        "2004-07-04",
        None,
        "In the first attack, a timed explosive set off a massive blast yesterday morning on the main "
        "thoroughfare "
        "in Srinagar. The two attacks were believed to be reprisals for a Tuesday crackdown.",
        [M("yesterday morning", D("2004-07-03"), "relative"), M("Tuesday", D("2004-06-29"), "weekday")],
    ),
    (
        "today-and-this-morning",  # https://webarchive.library.unt.edu/eot2008/20090114211309/http:/www.defenselink.mil/news/newsarticle.aspx?id=42366
        "en",
        "2002-12-23",
        None,
        "WASHINGTON, Dec. 23, 2002 – Military officials in Bagram, Afghanistan, this morning reported U.S. "
        "forces "
        "killed one enemy and injured another in the firefight that killed an American soldier Dec. 21.",
        [
            M("Dec. 23, 2002", D("2002-12-23"), "absolute"),
            M("this morning", D("2002-12-23"), "relative"),
            M("Dec. 21", D("2002-12-21"), "absolute"),
        ],
    ),
    (
        "last-night",  # published assumed 2024-11-05.
        # https://en.mehrnews.com/news/226133/Russia-shoots-down-56-Ukrainian-drones-in-different-regions
        "en",
        "2024-11-05",
        None,
        "Last night, the air defense systems on duty destroyed 56 Ukrainian unmanned aerial vehicles "
        "(UAVs), the "
        "ministry said.",
        [M("Last night", D("2024-11-05"), "relative")],
    ),
    (
        "days-ago",  # http://www.voanews.com/a/a-13-a-2003-03-30-30-us/393209.html
        "en",
        "2003-03-30",
        None,
        "Two days ago a water engineer working for the International Committee of the Red Cross was "
        "murdered in "
        "southern Oruzgun province.",
        [M("Two days ago", D("2003-03-28"), "relative")],
    ),
    (
        "today-and-a-day-after",  # http://thetension.blogspot.com/2008/06/forces-in-afghanistan-thwart-ambushes.html
        "en",
        "2008-06-13",
        None,
        "Today's engagement comes a day after an unknown number of enemy fighters attacked a combined "
        "reconnaissance "
        "patrol in Tarin Kowt district.",
        [M("Today", D("2008-06-13"), "relative"), M("a day after", D("2008-06-12"), "relative")],
    ),
    # ---- relative to the narrative's day (anchor) ----
    (
        "hier-then-la-veille-with-anchor",  # published assumed 2015-11-26; the claim ("hier") is the anchor.
        # https://djazairess.com/fr/lexpression/230339
        "fr",
        "2015-11-26",
        D("2015-11-25"),
        "Le groupe Etat islamique (EI) a revendiqué, dans un communiqué diffusé hier sur des comptes "
        "terroristes, "
        "l'attentat qui a frappé la veille un bus de la sécurité présidentielle en plein coeur de Tunis",
        [M("hier", D("2015-11-25"), "relative"), M("la veille", D("2015-11-24"), "relative")],
    ),
    (
        "la-veille-defaults-to-publication-day",  # (Sunday 2019-08-18)
        # https://www.h24info.ma/monde/letat-islamique-revendique-lattentat-de-kaboul/
        "fr",
        "2019-08-18",
        None,
        "Le groupe Etat islamique a revendiqué dimanche l'attentat kamikaze ayant fait au moins 63 morts et "
        "182 "
        "blessés la veille au soir lors d'un mariage à Kaboul",
        [M("dimanche", D("2019-08-18"), "weekday"), M("la veille au soir", D("2019-08-17"), "relative")],
    ),
    (
        "la-veille-de-is-not-a-day",  # http://www.boursorama.com/actualites/algerie-9-soldats-tues-dans-l-embuscade-revendiquee-par-aqmi-9df6aa033a51cc97737288480b253e74
        "fr",
        None,
        None,
        "Selon le quotidien El Watan, trois soldats ont d'abord été tués jeudi, à la veille de la fête de "
        "la fin du "
        "ramadan. Cette attaque a eu lieu vendredi à 19 heures.",
        [M("jeudi", None, "weekday"), M("vendredi à 19 heures", None, "weekday")],
    ),
    (
        "au-lendemain-de-dates-the-earlier-event",  # published assumed 2022-01-05.
        # https://linfo.re/monde/asie/irak-deux-drones-pieges-abattus-une-base-de-la-coalition-visee
        "fr",
        "2022-01-05",
        D("2022-01-04"),
        "Cette attaque survient au lendemain du deuxième anniversaire de la mort du général iranien Qassem "
        "Soleimani.",
        [M("au lendemain", D("2022-01-03"), "relative")],
    ),
    (
        "n-jours-plus-tot",  # (anchor: samedi 2 janvier 2021)
        # https://linfo.re/france/societe/mort-de-deux-soldats-francais-au-mali-l-attaque-revendiquee-par-une-branche-d-al-qaida-au-sahel
        "fr",
        "2021-01-05",
        D("2021-01-02"),
        "Trois autres soldats français ont trouvé la mort, cinq jours plus tôt, dans la zone frontalière "
        "avec le Niger",
        [M("cinq jours plus tôt", D("2020-12-28"), "relative")],
    ),
    (
        "a-day-after-direction",  # (2008-05-14)
        # http://www.reuters.com/article/us-india-blasts-idUSSP1811320080514
        "en",
        "2008-05-14",
        None,
        "Authorities imposed a dawn-to-dusk curfew in parts of India's historic western city of Jaipur on "
        "Wednesday, "
        "a day after eight bombs ripped through bustling streets, killing 61 people and injuring 216.",
        [M("on Wednesday", D("2008-05-14"), "weekday"), M("a day after", D("2008-05-13"), "relative")],
    ),
    (
        "a-day-after-with-explicit-anchor",  # http://www.reuters.com/news/picture/flashback-boston-marathon-bombing-idUSRTR4S1LU
        "en",
        None,
        D("2013-04-16"),
        "Blood and debris are seen on the sidewalk along Boylston Street a day after two explosions at the "
        "Boston "
        "Marathon in Boston, Massachusetts April 16, 2013.",
        [M("a day after", D("2013-04-15"), "relative"), M("April 16, 2013", D("2013-04-16"), "absolute")],
    ),
    (
        "n-days-earlier-and-december-in-january",  # https://www.washingtonpost.com/world/middle_east/4-iraqi-troops-killed-in-attack-in-fallujah/2012/01/21/gIQAGwJRGQ_story.html
        "en",
        "2012-01-21",
        None,
        "The attack in the center of the city followed an assault six days earlier in nearby Ramadi. The "
        "major "
        "attacks began in Baghdad on Dec. 22 in various Shiite and Sunni neighborhoods.",
        [M("six days earlier", D("2012-01-15"), "relative"), M("on Dec. 22", D("2011-12-22"), "absolute")],
    ),
    (
        "earlier-in-the-day",  # (Friday, July 30, 2010)
        # http://www.washingtonpost.com/wp-dyn/content/article/2010/07/29/AR2010072905782.html
        "en",
        "2010-07-30",
        D("2010-07-29"),
        "Earlier in the day, a suicide bomber driving a minivan slammed into the entrance of an Iraqi army "
        "base in "
        "northern Iraq.",
        [M("Earlier in the day", D("2010-07-29"), "relative")],
    ),
    (
        "later-that-day",  # https://www.timesofisrael.com/liveblog_entry/us-strikes-2-houthi-mobile-anti-ship-cruise-missiles-ready-to-fire-at-ships-in-red-sea/
        "en",
        None,
        D("2024-02-03"),
        "Later that day, at 11:30 p.m. (Sanaa time), CENTCOM forces conducted a second strike",
        [M("Later that day", D("2024-02-03"), "relative")],
    ),
    (
        "anchor-unknown",  # https://www.cbsnews.com/news/suicide-blasts-across-afghanistan
        "en",
        None,
        None,
        "The bombings came a day after another suicide attack in Kandahar injured four British government "
        "officials.",
        [M("a day after", None, "relative")],
    ),
    # ---- day and month without a year ----
    (
        "day-month-no-published",  # https://laquestion.info/mali-au-moins-3-soldats-tues-dans-lattaque-du-camp-militaire-de-bambara-maoude
        "fr",
        None,
        None,
        "Au moins trois soldats maliens ont été tués ce dimanche 23 février lors de l'attaque d'un camp de "
        "l'armée",
        [M("ce dimanche 23 février", None, "absolute")],
    ),
    (
        "day-month-with-published",  # same sentence, published assumed 2020-02-23.
        "fr",
        "2020-02-23",
        None,
        "Au moins trois soldats maliens ont été tués ce dimanche 23 février lors de l'attaque d'un camp de "
        "l'armée",
        [M("ce dimanche 23 février", D("2020-02-23"), "absolute")],
    ),
    (
        "weekday-part-day-month",  # published assumed 2022-04-24.
        # http://abidjantv.net/afrique-3/triple-attaque-terroriste-au-mali/
        "fr",
        "2022-04-24",
        None,
        "Le Mali et cette triple attaque terroriste qui a visé des camps militaires du centre du pays ce "
        "dimanche "
        "matin 24 avril.",
        [M("ce dimanche matin 24 avril", D("2022-04-24"), "absolute")],
    ),
    (
        "month-precision-year-inference",  # (date 2018-06)
        # https://francais.rt.com/international/52057-mali-qg-force-g5-sahel-attentat-suicide
        "fr",
        "2018-06",
        None,
        "Le quartier général de la force du G5-Sahel à Sévaré, au Mali, a été ensanglanté le 29 juin par un "
        "attentat. "
        "Ce 30 juin, le président français Emmanuel Macron et son homologue camerounais Paul Biya ont "
        "condamné "
        "l'attaque.",
        [M("le 29 juin", D("2018-06-29"), "absolute"), M("Ce 30 juin", D("2018-06-30"), "absolute")],
    ),
    (
        "dernier-in-previous-year",  # (2017-01)
        # http://www.decryptnewsonline.com/2017/01/le-drone-arme-nouveau-mode-d-action-de-daech.html
        "fr",
        "2017-01",
        None,
        "Le 2 octobre dernier, dans la région de Mossoul en Irak, un drone apparemment victime d'une panne "
        "avait "
        "atterri",
        [M("Le 2 octobre dernier", D("2016-10-02"), "absolute")],
    ),
    (
        "early-hours-of-a-date",  # (date 2021-11-30)
        # https://punchng.com/two-benue-mourners-killers-shot-dead-during-gun-duel-with-police/
        "en",
        "2021-11-30",
        None,
        "Recall that some gunmen had in the early hours of November 13 invaded the sleepy community during "
        "a wake",
        [M("in the early hours of November 13", D("2021-11-13"), "absolute")],
    ),
    (
        "weekday-comma-month-day",  # https://adomonline.com/?p=2051896 — published assumed 2021-11-30.
        "en",
        "2021-11-30",
        None,
        "Police spokesperson, DSP Catherine Anene, said a team of police detectives on Sunday, November 28, "
        "stormed "
        "the hideout of the criminals.",
        [M("on Sunday, November 28", D("2021-11-28"), "absolute")],
    ),
    (
        "abbreviated-month-and-time",  # https://www.anews.com.tr/middle-east/2024/01/17/us-launches-new-strikes-against-houthis-in-yemen
        "en",
        "2024-01-17",
        None,
        "On Jan. 16 at approximately 1:45 p.m. (Sanaa time), Iranian-backed Houthi militants launched an "
        "anti-ship "
        "ballistic missile",
        [M("On Jan. 16 at approximately 1:45 p.m.", D("2024-01-16"), "absolute")],
    ),
    # ---- full dates: resolved regardless of the publication date ----
    (
        "full-date-fr-with-time",  # http://www.babelio.com/auteur/Laurent-de-Sutter/435335/citations/1781986
        "fr",
        None,
        None,
        "Paris, vendredi 13 novembre 2015, 21 h 20. Le match de football amical avait commencé",
        [M("vendredi 13 novembre 2015, 21 h 20", D("2015-11-13"), "absolute")],
    ),
    (
        "full-date-en-marathon",  # https://www.globaltimes.cn/page/202304/1289266.shtml
        "en",
        "2023-04-15",
        None,
        "On April 15, 2013, two bombs went off near the finish line of the Boston Marathon, killing three "
        "people",
        [M("On April 15, 2013", D("2013-04-15"), "absolute")],
    ),
    (
        "sept-abbreviation",  # https://tds-images.thedailystar.net/2005/10/03/d510031309107.htm
        "en",
        "2005-10-03",
        None,
        "Many al-Qaeda militants were believed to have slipped into Pakistan after US-led forces ousted the "
        "Taliban "
        "government in Afghanistan in the wake of the Sept. 11, 2001, attacks on the United States.",
        [M("Sept. 11, 2001", D("2001-09-11"), "absolute")],
    ),
    (
        "weekday-headed-dates",
        # https://thecomingcrisis.blogspot.com/2012/09/suicide-bomber-kills-25-at-afghan.html
        # https://rochellestovall.blogspot.com/2013/08/suicide-attack-kills-afghan-official-at.html
        "en",
        None,
        None,
        "Wednesday, September 5, 2012\n\nThursday 29 August 2013",
        [
            M("Wednesday, September 5, 2012", D("2012-09-05"), "absolute"),
            M("Thursday 29 August 2013", D("2013-08-29"), "absolute"),
        ],
    ),
    (
        "iso-and-numeric-fr",  # Constructed format check (no source): ISO date and French day/month/year.
        "fr",
        None,
        None,
        "le 2024-02-12 et le 15/04/2013",
        [M("2024-02-12", D("2024-02-12"), "absolute"), M("15/04/2013", D("2013-04-15"), "absolute")],
    ),
    (
        # Constructed format check (no source): 4/15/2013 has one reading, 4/5/2013 two.
        "numeric-en-only-when-unambiguous",
        "en",
        None,
        None,
        "on 4/15/2013 and 4/5/2013",
        [M("4/15/2013", D("2013-04-15"), "absolute"), M("4/5/2013", None, "absolute")],
    ),
    # ---- vague periods ----
    (
        "vague-fr",  # https://www.boursier.com/actualites/reuters/l-ukraine-dit-avoir-abattu-8-drones-russes-au-cours-d-une-attaque-nocturne-348073.html
        "fr",
        "2023-11-26",
        None,
        "L'Ukraine a prévenu ces dernières semaines que la Russie prendrait pour cible cet hiver des "
        "infrastructures "
        "essentielles, comme elle l'a fait l'année dernière.",
        [M("ces dernières semaines", None, "vague"), M("l'année dernière", None, "vague")],
    ),
    (
        "vague-fin-year",  # https://1001infos.net/?p=614341
        "fr",
        None,
        None,
        "Fin 2024, Shamsud-Din Jabbar, un ancien militaire américain de 42 ans, a lancé son pick-up sur une "
        "foule",
        [M("Fin 2024", None, "vague")],
    ),
    (
        "vague-month-year-fr",
        # https://fr.allafrica.com/stories/202303210365.html
        # https://www.journal-aviation.com/actualites/38622-la-france-s-attaque-a-la-lutte-contre-les-drones-pieges
        "fr",
        None,
        None,
        "Olivier Dubois, enlevé au Mali en avril 2021, a été libéré au Niger. Kurdistan irakien, octobre "
        "2016.",
        [M("en avril 2021", None, "vague"), M("octobre 2016", None, "vague")],
    ),
    (
        "vague-en-mars-dernier-not-anchor",  # https://djazairess.com/fr/lexpression/220327
        "fr",
        None,
        None,
        "appellation que se donne Boko Haram depuis qu'il a fait allégeance en mars dernier au groupe "
        "autoproclamé",
        [M("en mars dernier", None, "vague")],
    ),
    (
        "vague-semaine-derniere-il-y-a",
        # https://lemamouth.blogspot.com/2016/10/un-drone-piege-utilise-erbil.html
        # https://journaldupays.com/2019/mali-au-moins-53-morts-dans-lattaque-dun-camp-militaire-par-des-hommes-armes
        "fr",
        None,
        None,
        "un drone piégé est responsable des blessures infligées la semaine dernière à des militaires "
        "français. Il y a "
        "un mois, une quarantaine de soldats maliens ont été tués",
        [M("la semaine dernière", None, "vague"), M("Il y a un mois", None, "vague")],
    ),
    (
        "vague-en",  # https://global.chinadaily.com.cn/english/doc/2006-02/14/content_519987.htm
        "en",
        "2006-02-14",
        None,
        "A bomb killed four U.S. troops when it hit their armored vehicle Monday. Violence spiked across "
        "southern and "
        "eastern Afghanistan last year.",
        [M("Monday", D("2006-02-13"), "weekday"), M("last year", None, "vague")],
    ),
    (
        "vague-past-hours",  # https://thedailyintake.online/?p=16085
        "en",
        None,
        None,
        "In the past 24 hours, U.S. Central Command (CENTCOM) forces have successfully destroyed three "
        "Iranian-backed "
        "Houthi missile launchers",
        [M("In the past 24 hours", None, "vague")],
    ),
    (
        "vague-month-year-en",  # https://www.france24.com/en/20091026-taliban-militants-storm-checkpoint-tribal-region-killing-four-soldiers
        "en",
        "2009-10-26",
        None,
        "The military in August 2008 launched a major operation against militants in Bajaur. In February, "
        "they "
        "claimed the area had been cleared",
        [M("in August 2008", None, "vague"), M("In February", None, "vague")],
    ),
    (
        "vague-dernier-and-fin-month",
        # http://www.opex360.com/tag/terrorisme/
        "fr",
        None,
        None,
        "Dans un entretien donné en novembre dernier au quotidien Le Figaro, Laurent Nuñez, le patron de la "
        "Direction générale de la sécurité intérieure (DGSI) estimait. Fin avril, un lieutenant du "
        "Jägerbatallion 291 fut arrêté en Bavière.",
        [M("en novembre dernier", None, "vague"), M("Fin avril", None, "vague")],
    ),
    (
        # Constructed format check (no source): the "last year" family in French.
        "vague-l-an-dernier",
        "fr",
        None,
        None,
        "l'an dernier, l'année dernière, l'an passé",
        [
            M("l'an dernier", None, "vague"),
            M("l'année dernière", None, "vague"),
            M("l'an passé", None, "vague"),
        ],
    ),
    # ---- anchors ("depuis", "since", "from") ----
    (
        "anchors-seed",  # SEED
        "fr",
        "2024-01",
        None,
        "Les Etats-Unis et leurs alliés ont subi plus de 140 attaques en Irak et en Syrie depuis la "
        "mi-octobre. La "
        "Résistance irakienne a intensifié ses attaques depuis le 7 octobre dernier.",
        [
            M("la mi-octobre", None, "vague", True),
            M("le 7 octobre dernier", D("2023-10-07"), "absolute", True),
        ],
    ),
    (
        "anchor-depuis-le-debut-de",  # https://www.h24info.ma/monde/letat-islamique-revendique-lattentat-de-kaboul/
        "fr",
        "2019-08-18",
        None,
        "C'est un des attentats les plus meurtriers depuis le début de l'année en Afghanistan.",
        [M("le début de l'année", None, "vague", True)],
    ),
    (
        "anchors-en",  # https://newsmax.com/newsfront/troops-middle-east-iraq/2023/10/31/id/1140402
        "en",
        "2023-10-31",
        None,
        "U.S. and coalition troops have been attacked at least 23 times by rockets and drones in Iraq and "
        "Syria from "
        "Oct. 17-30. There has been an increase in attacks on U.S. forces since the conflict in Israel "
        "broke out on "
        "Oct. 7",
        [M("Oct. 17", D("2023-10-17"), "absolute", True), M("on Oct. 7", D("2023-10-07"), "absolute")],
    ),
    (
        "anchor-since-the",  # published assumed 2023-10-22.
        # https://www.jpost.com/middle-east/article-769600
        "en",
        "2023-10-22",
        None,
        "On Sunday reports said that rockets targeted Ain al-Asad base, at least the sixth attack since the "
        "October 7 "
        "Hamas attack on Israel.",
        [M("On Sunday", D("2023-10-22"), "weekday"), M("October 7", D("2023-10-07"), "absolute", True)],
    ),
    (
        "anchor-since-vague",
        # https://tds-images.thedailystar.net/2005/10/03/d510031309107.htm
        # https://global.chinadaily.com.cn/english/doc/2006-02/14/content_519987.htm
        "en",
        "2005-10-03",
        None,
        "Pakistan has been trying to clear militants from its lawless tribal areas on the border since "
        "early last "
        "year. The blast was the biggest loss of life for the U.S. military since late September.",
        [M("early last year", None, "vague", True), M("late September", None, "vague", True)],
    ),
    (
        "anchor-since-weekday",  # https://radionigeriaibadan.gov.ng/2023/05/11/top-palestinian-commander-dies-in-israeli-rocket-strike/
        "en",
        "2023-05-11",
        None,
        "Twenty-five people have been killed and 76 injured in Gaza since Tuesday morning when Israel began "
        "its "
        "operation against PIJ",
        [M("Tuesday morning", D("2023-05-09"), "weekday", True)],
    ),
    (
        "anchor-since-mid-month",
        # https://digital-stage.thehill.com/policy/defense/4283764-us-forces-attacked-23-times-in-iraq-and-syria-since-mid-october/amp
        "en",
        None,
        None,
        "U.S. and coalition forces in the Middle East have come under attack 23 times since mid-October, a "
        "senior defense official said Monday.",
        [M("mid-October", None, "vague", True), M("Monday", None, "weekday")],
    ),
    (
        "anchor-since-month-day",
        # https://gttac.com/2023/11/11/354/
        "en",
        "2023-11-11",
        None,
        "Since October 17\u201410 days into the Israel\u2013Hamas war\u2014more than 55 attacks have "
        "occurred",
        [M("October 17", D("2023-10-17"), "absolute", True)],
    ),
    # ---- clock times fold into a date phrase but never make one ----
    (
        "time-folded-en",  # https://www.washingtonpost.com/world/middle_east/4-iraqi-troops-killed-in-attack-in-fallujah/2012/01/21/gIQAGwJRGQ_story.html
        "en",
        "2012-01-21",
        None,
        "On Saturday, about 7 p.m. local time, insurgents drove up to the Fallujah checkpoint",
        [M("On Saturday, about 7 p.m. local time", D("2012-01-21"), "weekday")],
    ),
    (
        "time-alone-en",  # https://digital-release.thehill.com/policy/defense/4399851-houthis-launch-biggest-attack-yet-in-red-sea/amp
        "en",
        "2024-01-10",
        None,
        "U.S. Central Command (CENTCOM) said the Houthis launched the attack from Yemen at 9:15 p.m. local "
        "time in the "
        "southern Red Sea",
        [],
    ),
    (
        "time-alone-fr",  # https://diasporas-news.com/?p=7451
        "fr",
        "2012-11-03",
        None,
        "« Ils seront reçus à 17h00 (locales, 16h00 GMT) par le chef de l'Etat (Mahamadou Issoufou) à sa "
        "résidence »",
        [],
    ),
    # ---- typographic variants ----
    (
        "typographic-apostrophe-and-nbsp",  # https://burkina24.com/2012/11/03/niger-les-cinq-travailleurs-humanitaires-retenus-en-otages-depuis-le-14-octobre-liberes
        "fr",
        "2012-11-03",
        None,
        "Les cinq Nigériens «\u00a0ont été libérés aujourd\u2019hui (samedi) et se trouvent actuellement au "
        "Niger\u00a0»",
        [M("aujourd\u2019hui", D("2012-11-03"), "relative"), M("samedi", D("2012-11-03"), "weekday")],
    ),
]


@pytest.mark.parametrize(
    ("lang", "published", "anchor", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_find_dates(
    lang: str, published: str | None, anchor: date | None, text: str, expected: list[M]
) -> None:
    assert mentions(text, lang, published, anchor) == expected


def test_english_month_names_must_be_capitalised() -> None:
    # Constructed format check (no source): "may" and "march" as verbs are not months.
    text = "Officials said they may 2 times march 5 miles"
    assert find_dates(text, "en", parse_published("2008-05-14")) == []


# ----------------------------------------------------------------------------------------------------
# resolve_weekday
# ----------------------------------------------------------------------------------------------------


def test_resolve_weekday() -> None:
    friday = parse_published("2024-01-26")
    assert resolve_weekday(4, friday) == D("2024-01-26")
    assert resolve_weekday(4, friday, strictly_before=True) == D("2024-01-19")
    assert resolve_weekday(3, friday) == D("2024-01-25")
    assert resolve_weekday(6, friday) == D("2024-01-21")
    assert resolve_weekday(3, parse_published("2024-01")) is None
    assert resolve_weekday(3, Published()) is None
    with pytest.raises(ValueError, match="weekday"):
        resolve_weekday(7, friday)


def test_next_weekday_is_after_the_publication_day() -> None:
    # Constructed format check (no source): "prochain"/"next" look forward, a bare weekday looks back.
    found = find_dates("jeudi prochain ; jeudi", "fr", parse_published("2012-06-10"))
    assert [(m.text, m.date) for m in found] == [
        ("jeudi prochain", D("2012-06-14")),
        ("jeudi", D("2012-06-07")),
    ]


# ----------------------------------------------------------------------------------------------------
# Data files and robustness
# ----------------------------------------------------------------------------------------------------


def test_every_language_file_compiles() -> None:
    assert {"fr", "en"} <= set(supported_languages())
    for lang in supported_languages():
        grammar = dates_module._grammar(lang)
        assert len(grammar.weekdays) >= 7 and len(set(grammar.months.values())) == 12


def test_unknown_language_still_gets_iso_dates() -> None:
    found = find_dates("Der Angriff am 2024-02-12 um Mitternacht", "de", Published())
    assert [(m.text, m.date) for m in found] == [("2024-02-12", D("2024-02-12"))]
    assert [m.text for m in find_dates("le 7 octobre", "fr-FR", Published())] == ["le 7 octobre"]


def test_a_bad_rule_fails_at_load_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path
    (root / "xx").mkdir()
    (root / "xx" / "dates.toml").write_text(
        '[names]\nweekdays = [["a"],["b"],["c"],["d"],["e"],["f"],["g"]]\nmonths = [["m"]]\n'
        '[[rule]]\nkind = "absolute"\npattern = "{month}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(dates_module, "DATA_DIR", root)
    dates_module._grammar.cache_clear()
    try:
        with pytest.raises(ValueError, match="lacks"):
            dates_module._grammar("xx")
    finally:
        dates_module._grammar.cache_clear()


_DATE_WORDS = [
    "dans la nuit de",
    "mercredi",
    "à",
    "jeudi",
    "hier",
    "soir",
    "la veille",
    "le",
    "1er",
    "8",
    "janvier",
    "2024",
    "depuis",
    "mi-octobre",
    "dernier",
    "il y a",
    "deux",
    "jours",
    "since",
    "last",
    "Tuesday",
    "Jan.",
    "18,",
    "overnight",
    "Sunday",
    "to",
    "Monday",
    "a day after",
    "in the past 24 hours",
    "2024-02-12T05:14+0000",
    "15/04/2013",
    "\u00a0",
    "\u2019",
    "\n",
    "  ",
    "-",
    "Sept.",
    "early",
    "date",
    "T",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.one_of(st.sampled_from(_DATE_WORDS), st.text(max_size=6)), max_size=30),
    lang=st.sampled_from(["fr", "en", "xx", ""]),
    day=st.one_of(st.none(), st.dates()),
    precision=st.sampled_from(["day", "month", "year"]),
    anchor=st.one_of(st.none(), st.dates()),
)
def test_find_dates_never_raises_and_offsets_slice_the_text(
    words: list[str], lang: str, day: date | None, precision: str, anchor: date | None
) -> None:
    text = " ".join(words)
    published = Published(day, precision, None) if day else Published()  # type: ignore[arg-type]
    found = find_dates(text, lang, published, anchor)
    last_end = 0
    for m in found:
        assert isinstance(m, DateMention)
        assert 0 <= m.start < m.end <= len(text) and m.start >= last_end
        assert text[m.start : m.end] == m.text
        last_end = m.end


def test_a_time_of_day_after_since_is_no_anchor() -> None:
    # "since early morning" stays within the day of the event; "since October 7" anchors a running total.
    (morning,) = mentions("Forces had been shelling the hills since early morning.", "en", "2024-02-17")
    assert morning.is_anchor is False
    (october,) = mentions("Forces have been shelling the hills since October 7.", "en", "2024-02-17")
    assert october.is_anchor is True
