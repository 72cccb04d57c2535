"""Gazetteer: place names in French and English news -> countries, ACLED-style admin1 units, coordinates.

Everything comes from package data (data/places/, see its README.md) loaded once per process; lookups are
dictionary work, so scanning an article costs about a millisecond. Names are matched after a token-level
normalisation (case, accents, apostrophes, Arabic article spellings, leading articles); the same function
builds the index keys and the keys tried on text, so the two cannot drift apart.
"""

from __future__ import annotations

import gettext
import gzip
import math
import re
import sys
import tomllib
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "places"

KINDS = ("country", "admin1", "admin2", "city", "base", "sea", "landmark", "camp")
# The cue of a mention whose reading a location hierarchy of the text fixed ("Miango (Bassa, Plateau)").
HIERARCHY_CUE = "hierarchy"
# The cue of a country named as an allegiance ("Ethiopia forces", "pro-Turkey"): such a mention has no
# candidates (it is no place), but tells what the article is about.
ALLEGIANCE_CUE = "allegiance"


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical English name ("Balad Air Base", "Rafah", "Iraq", "Salah al-Din")
    kind: str  # one of KINDS
    country: str | None  # ISO 3166-1 alpha-2 (None for open seas not assigned to a country)
    admin1: str | None  # English admin1 (ACLED style); None if unknown/ambiguous or for countries
    latitude: float | None
    longitude: float | None
    population: int = 0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str  # text[start:end] of the text given to find_mentions
    candidates: tuple[Place, ...]  # best first
    # The kind word or preposition around the name: "region", "base", "near", "in", "south", ...
    cue: str | None


# ----------------------------------------------------------------------------------------------------
# Normalisation shared by index keys and text n-grams.

_TOKEN_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = frozenset("'’ʼ‘`´")
_ELISIONS = frozenset({"l", "d", "qu", "s", "n", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu"})
# Arabic definite article as transliterated before a hyphen ("ad-Din", "ash-Sham", "el-Balah") -> "al".
_AR_PARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "ed",
        "ash",
        "esh",
        "as",
        "es",
        "ar",
        "er",
        "az",
        "ez",
        "at",
        "et",
        "an",
        "en",
        "ath",
        "adh",
    ]
)
_LEADING_ARTICLES = frozenset({"the", "le", "la", "les", "l", "al"})
_JOINABLE_SEPARATORS = frozenset({" ", "  ", "-", " - ", ".", ". ", "'", "’", "ʼ", "‘", "`", "´", "\u00a0"})
_MAX_TOKENS = 7


@lru_cache(maxsize=50_000)
def _fold(token: str) -> str:
    lowered = token.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(_FOLD_EXTRA.get(c, c) for c in decomposed if not unicodedata.combining(c))


# Letters NFKD leaves alone; the modifier apostrophes "ʼ" and "ʻ" count as letters for the tokenizer.
_FOLD_EXTRA = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ʼ": "", "ʻ": ""}


_ANY_CASE_ELISIONS = frozenset({"l", "d", "qu", "jusqu", "lorsqu", "puisqu"})


def _is_elision(folded: str, raw: str) -> bool:
    """French elided article or pronoun ("l'", "d'", "L'"), but not "N'" of "N'Djamena"."""
    return folded in _ANY_CASE_ELISIONS or (folded in _ELISIONS and raw[0].islower())


def _key_from_tokens(raws: Sequence[str], seps: Sequence[str]) -> str:
    """Key of a token sequence; seps[i] separates raws[i] and raws[i + 1]."""
    pieces: list[str] = []
    glue_next = False
    for i, raw in enumerate(raws):
        folded = _fold(raw)
        sep = seps[i] if i < len(seps) else ""
        if folded == "el" or (folded in _AR_PARTICLES and sep == "-"):
            folded = "al"
        if glue_next and pieces:
            pieces[-1] += folded
        else:
            pieces.append(folded)
        glue_next = bool(sep) and sep[0] in _APOSTROPHES and not _is_elision(folded, raw)
    if len(pieces) > 1 and pieces[0] in _LEADING_ARTICLES:
        pieces = pieces[1:]
    return " ".join(pieces)


@lru_cache(maxsize=1 << 16)  # the same words (demonyms, place names) come back in every article
def normalize(name: str) -> str:
    """The index key of a name: "Salah ad-Din" and "salah al din" give the same key; "l'Irak" gives "irak"."""
    tokens = list(_TOKEN_RE.finditer(name))
    if not tokens:
        return ""
    raws = [t.group() for t in tokens]
    seps = [name[a.end() : b.start()] for a, b in pairwise(tokens)]
    # A possessive "'s" is not part of a name.
    if len(raws) > 1 and _fold(raws[-1]) == "s" and seps[-1] and seps[-1][0] in _APOSTROPHES:
        raws, seps = raws[:-1], seps[:-1]
    return _key_from_tokens(raws, seps)


def _ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# ----------------------------------------------------------------------------------------------------
# Cues: the words around a name that say what kind of place it is.

_ADMIN1_CUES = frozenset({"region", "province", "state", "governorate", "oblast"})
_ADMIN2_CUES = frozenset({"district", "territory", "department", "county"})
_KIND_CUES = _ADMIN1_CUES | _ADMIN2_CUES | {"city", "base", "camp"}

_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "center"}
)
_SIMPLE_SEPARATORS = frozenset({" ", "  ", "'", "’", "-", "\u00a0"})
_AERIAL_BASE = re.compile(r"a[eé]rien|air\s*base|airbase|airfield|air\s+field|aérodrome|air\s+force", re.I)


@dataclass(frozen=True)
class _Cues:
    before: dict[tuple[str, ...], str]
    after: dict[tuple[str, ...], str]
    distance: frozenset[str]
    before_max: int
    after_max: int


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_fold(t) for t in _TOKEN_RE.findall(text))


@cache
def _cues(lang: str) -> _Cues:
    """Cue phrases of one language (data/places/cues.toml) as tuples of folded tokens."""
    with (_DATA / "cues.toml").open("rb") as f:
        spec = tomllib.load(f)[lang]
    before: dict[tuple[str, ...], str] = {}
    connectors = [_phrase(c) for c in spec.get("connectors", [])]
    for cue, heads in spec.get("before_heads", {}).items():
        for head in heads:
            for connector in connectors:
                before.setdefault(_phrase(head) + connector, cue)
    for cue, words in spec.get("before_plain", {}).items():
        for words_ in words:
            before.setdefault(_phrase(words_), cue)
    after = {_phrase(words_): cue for cue, words in spec.get("after", {}).items() for words_ in words}
    distance = frozenset(_fold(w) for w in spec.get("distance_words", []))
    return _Cues(before, after, distance, max(map(len, before), default=0), max(map(len, after), default=0))


_SENTENCE_OPENERS = frozenset('.!?:;«»"“”„()[]—–-•|\n')


def _capitalised_for_another_reason(text: str, start: int) -> bool:
    """True when the word at `start` would be capitalised anyway: at a sentence start or heading, or inside
    a run of capitalised words ("National Police", "Most Wanted")."""
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    if k < 0 or text[k] in _SENTENCE_OPENERS:
        return True
    if k == start - 1:
        return False  # glued to the previous character
    prev_end = k + 1
    while k >= 0 and (text[k].isalpha() or text[k] in "'’"):
        k -= 1
    previous = text[k + 1 : prev_end]
    return bool(previous) and previous[0].isupper() and previous.lower() not in _LOWERCASE_IN_NAMES


def _inner_link(word: str, sep_after: str) -> bool:
    """ "al" in "Jabal al Zawiya", "ash-" in "Jabal ash-Shaykh", "de" in "Lomas de San Miguel"."""
    return word in _name_words().inner_links or (word in _AR_PARTICLES and sep_after == "-")


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_OPENERS


_LOWERCASE_IN_NAMES = frozenset({"al", "el", "de", "du", "des", "la", "le", "of", "the"})


def _cue_before(cues: _Cues, seps: list[str], folded: list[str], i: int) -> str | None:
    """The longest cue phrase ending right before token i, joined by spaces, hyphens or apostrophes only."""
    if i == 0 or seps[i - 1] not in _SIMPLE_SEPARATORS:
        return None
    reach = 1
    while reach < cues.before_max and i - reach > 0 and seps[i - reach - 1] in _SIMPLE_SEPARATORS:
        reach += 1
    for k in range(reach, 0, -1):
        cue = cues.before.get(tuple(folded[i - k : i]))
        if cue is not None:
            if cue in _DIRECTIONS and i - k > 0 and folded[i - k - 1] in cues.distance:
                return "near"  # "à 20 km au nord de", "30 km north of"
            return cue
    return None


def _cue_after(cues: _Cues, seps: list[str], folded: list[str], j: int) -> tuple[str, int] | None:
    """The longest cue phrase starting right after token j, with the index of its last token."""
    n = len(folded)
    reach = 0
    while reach < cues.after_max and j + reach + 1 < n and seps[j + reach] in _SIMPLE_SEPARATORS:
        reach += 1
    for k in range(reach, 0, -1):
        cue = cues.after.get(tuple(folded[j + 1 : j + 1 + k]))
        if cue is not None:
            return cue, j + k
    return None


# ----------------------------------------------------------------------------------------------------
# Data loading.


def _rows(path: Path) -> Iterator[list[str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def _split(cell: str) -> list[str]:
    return [] if cell in ("", "-") else [part.strip() for part in cell.split("|") if part.strip()]


_KIND_SUFFIX = re.compile(
    r"\s+(?:governorate|region|province|state|oblast|oblast'|department|county|krai|kray|republic|division|"
    r"district|municipality|rayon|special\s+city|metropolitan\s+city|kraj|parish)$",
    re.I,
)
_KIND_PREFIX = re.compile(
    r"^(?:muhafazat|province\s+of|region\s+of|state\s+of|republic\s+of|autonomous\s+republic\s+of)\s+", re.I
)


def _strip_kind(name: str) -> str:
    cleaned = re.sub(r"[’ʼ‘`´]", "'", name.strip())
    stripped = _KIND_PREFIX.sub("", _KIND_SUFFIX.sub("", cleaned))
    return stripped or cleaned


# The kind words that GTD, UCDP and ACLED users attach to admin1 names, in both languages.
_ADMIN1_WORDS = re.compile(
    r"^(?:the\s+)?(?:province|region|state|governorate|oblast|wilaya|district|department|prefecture|county)\s+"
    r"of\s+|^(?:la\s+|le\s+|l['’])?(?:province|région|état|etat|gouvernorat|oblast|wilaya|district|"
    r"département|préfecture)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])"
    r"|\s+(?:province|region|state|governorate|oblast|district|department|prefecture|county|wilaya|"
    r"city|municipality|parish)$",
    re.I,
)

# Prior score by kind: countries and named units beat towns of the same name unless a cue or context says so.
_PRIOR = {
    "country": 10.0,
    "admin1": 5.0,
    "sea": 7.0,
    "base": 7.0,
    "camp": 6.5,
    "landmark": 6.5,
    "admin2": 3.5,
}
_CUE_BONUS: dict[str, dict[str, float]] = {
    "region": {"admin1": 6.0, "admin2": 3.0},
    "province": {"admin1": 6.0, "admin2": 5.0},
    "state": {"admin1": 6.0},
    "governorate": {"admin1": 6.0},
    "oblast": {"admin1": 6.0},
    "district": {"admin2": 6.0, "admin1": 3.0},
    "territory": {"admin2": 6.0, "admin1": 2.0},
    "department": {"admin2": 5.0, "admin1": 5.0},
    "county": {"admin2": 5.0, "admin1": 3.0},
    "city": {"city": 3.0, "camp": 1.0},
    "base": {"base": 6.0},
    "camp": {"camp": 6.0},
    "off": {"sea": 2.0, "city": 1.0},
}


_ALT_PENALTY = (
    0.5  # a town named by one of its GeoNames alternate names ranks below one named by its own name
)


def _city_prior(population: int) -> float:
    return math.log10(population + 10)


def _prior_of(place: Place) -> float:
    """The prior find_mentions ranks by, from the place alone (curated towns keep at least a mid prior)."""
    if place.kind == "city":
        return max(_city_prior(place.population), 4.0 if place.population == 0 else 0.0)
    return _PRIOR.get(place.kind, 3.0)


# Resolution weights: a country the sentence's names pin down, a country only a small town points to, a
# country of the article's wider context (or a province a name of the sentence lies in).
_ANCHOR = 4.0
_WEAK_ANCHOR = 2.0
_CONTEXT = 2.0
_FOREIGN_TOWN_MAX = 1_000_000  # a bigger city is named for itself, whatever else the sentence names


_KIND_CODES = {kind: i for i, kind in enumerate(KINDS)}
_HEAD_TOWN_MAX = 100_000  # a bigger town's name before a capitalised word is that town ("Kabul Bank")
_AREA_CODES = frozenset(_KIND_CODES[k] for k in ("country", "admin1"))
# "pro-Turkey factions", "anti-Houthi forces", "pro-russes": a country named as an allegiance, not a place.
_AFFILIATION = re.compile(r"\b(?:pro|anti)-?\s*$", re.I)
# "forces of Turkey", "forces of India and Pakistan": the noun before "of" decides (see _affiliation).
_OF_COUNTRY = re.compile(
    r"\b(\w+)\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w'’.-]*\s+){1,4}(?:and|&)\s+(?:the\s+)?|[A-Z][\w'’.-]*,\s+)?$"
)


# "au-dessus des régions de Khmelnytsky (ouest), Dnipropetrovsk (centre-est) et Donetsk (est)": a plural kind word
# names the kind of every place of the list it opens, not only the first.
_PLURAL_HEAD = re.compile(
    r"\b(?:régions|provinces|états|gouvernorats|oblasts|wilayas|regions|states|governorates)\s+(?:de|du|des|d'|of)\s*$",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(r"^\s*(?:\([^()]{0,25}\)\s*)?(?:,|,?\s*(?:et|and|ou|or))\s*$", re.IGNORECASE)


def _inherit_list_cues(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    plural_cue: str | None = None  # the kind word of the list being read, while it goes on
    for mention in mentions:
        before = out[-1] if out else None
        joined = before is not None and _LIST_JOIN.match(text[before.end : mention.start]) is not None
        if mention.cue in _ADMIN1_CUES and _PLURAL_HEAD.search(
            text[max(0, mention.start - 40) : mention.start]
        ):
            plural_cue = mention.cue
        elif plural_cue is not None and joined and mention.cue not in _KIND_CUES:
            ranked = sorted(mention.candidates, key=lambda p: p.kind != "admin1")
            mention = PlaceMention(mention.start, mention.end, mention.text, tuple(ranked), plural_cue)
        elif not joined or mention.cue in _KIND_CUES:
            plural_cue = None
        out.append(mention)
    return out


class Gazetteer:
    """Name -> places index over countries, admin1/admin2 units, towns and curated conflict places.

    Entries are stored column-wise (about 100,000 towns) and turned into Place objects only when returned.
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self._dir = data_dir or _DATA
        # Entry columns.
        self._names: list[str] = []
        self._kinds = bytearray()
        self._cc: list[str | None] = []
        self._adm: list[str | None] = []
        self._lat = array("d")
        self._lon = array("d")
        self._pop = array("q")
        self._prior = array("d")
        self._curated = bytearray()
        self._memo: dict[int, Place] = {}
        # Index: key -> entry id, or tuple of ids best first (alternate-name ids are negated while building).
        self._index: dict[str, int | tuple[int, ...]] = {}
        self._building: dict[str, int | list[int]] = {}
        self._first: dict[str, int] = {}  # first piece of multi-word keys -> their largest number of pieces
        self._lower_first: set[str] = (
            set()
        )  # first pieces of curated names written in lower case ("mer Rouge")
        self._country_ids: dict[str, int] = {}
        self._country_keys: dict[str, str] = {}
        self._admin1: dict[str, dict[str, str]] = {}  # country -> key -> canonical
        self._admin1_ids: dict[tuple[str, str], int] = {}  # (country, canonical) -> entry id
        self._admin1_by_code: dict[tuple[str, str], tuple[str, str]] = {}  # (cc, gn code) -> (cc, canonical)
        self._blocking: set[int] = set()  # world regions: they only stop shorter names matching inside them
        self._base_stems: dict[str, list[int]] = {}
        self._camp_stems: dict[str, list[int]] = {}
        self._demonyms: dict[str, dict[str, str]] = {"fr": {}, "en": {}}
        self._stop: dict[str, set[str]] = {"fr": set(), "en": set(), "any": set()}  # never without a kind cue
        self._weak_stop: dict[str, set[str]] = {
            "fr": set(),
            "en": set(),
        }  # not at a sentence start (see below)
        self._load()

    # -- building ------------------------------------------------------------------------------------------

    def _new_entry(self, place: Place, prior: float, curated: bool = False) -> int:
        idx = len(self._names)
        self._names.append(place.name)
        self._kinds.append(_KIND_CODES[place.kind])
        self._cc.append(place.country)
        self._adm.append(place.admin1)
        self._lat.append(math.nan if place.latitude is None else place.latitude)
        self._lon.append(math.nan if place.longitude is None else place.longitude)
        self._pop.append(place.population)
        self._prior.append(prior)
        self._curated.append(1 if curated else 0)
        return idx

    def _add(self, place: Place, prior: float, names: Iterable[str], curated: bool = False) -> int:
        idx = self._new_entry(place, prior, curated)
        self._index_names(idx, names, lower_starts=curated)
        return idx

    def _index_names(self, idx: int, names: Iterable[str], lower_starts: bool = False) -> None:
        names = list(names)
        self._index_keys(idx, (normalize(name) for name in names))
        if lower_starts:
            self._note_lower_starts(names)

    def _note_lower_starts(self, names: Iterable[str]) -> None:
        """Hand-written names that start in lower case ("mer Rouge", "bande de Gaza") may start a match."""
        for name in names:
            first_token = _TOKEN_RE.search(name)
            if first_token and first_token.group()[0].islower() and " " in name.strip():
                self._lower_first.add(normalize(name).split(" ", 1)[0])

    def _index_keys(self, idx: int, keys: Iterable[str], alternate: bool = False) -> None:
        code = -idx - 1 if alternate else idx
        index = self._building
        first = self._first
        for key in keys:
            if not key:
                continue
            found = index.get(key)
            if found is None:
                index[key] = code
            elif isinstance(found, int):
                if found not in (idx, -idx - 1):
                    index[key] = [found, code]
            elif idx not in found and (-idx - 1) not in found:
                found.append(code)
            if " " in key:
                n_pieces = key.count(" ") + 1
                head = key.split(" ", 1)[0]
                if first.get(head, 0) < n_pieces:
                    first[head] = n_pieces

    def _load(self) -> None:
        self._load_countries()
        self._load_admin1()
        self._load_admin2()
        self._load_cities()
        self._load_curated()
        self._load_stoplists()
        prior = self._prior

        def rank(code: int) -> float:
            return -prior[code] if code >= 0 else -prior[-code - 1] + _ALT_PENALTY

        index: dict[str, int | tuple[int, ...]] = {}
        for key, ids in self._building.items():
            if isinstance(ids, int):
                index[key] = ids if ids >= 0 else -ids - 1
            else:
                ids.sort(key=rank)
                index[key] = tuple(i if i >= 0 else -i - 1 for i in ids)
        self._building = {}
        self._index = index

    def _load_countries(self) -> None:
        import pycountry  # type: ignore[import-untyped]

        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
        info = {row[0]: row for row in _rows(self._dir / "geonames_countries.tsv")}
        extra = {row[0]: row for row in _rows(self._dir / "countries.tsv")}
        codes = {c.alpha_2 for c in pycountry.countries} | set(extra)
        for cc in sorted(codes):
            iso = pycountry.countries.get(alpha_2=cc)
            names_en: list[str] = []
            names_fr: list[str] = []
            if iso is not None:
                for attr in ("name", "common_name", "official_name"):
                    value = getattr(iso, attr, None)
                    if value:
                        names_en.append(value)
                        names_fr.append(french.gettext(value))
            row = extra.get(cc)
            display = None
            if row is not None:
                row = row + ["-"] * (6 - len(row))
                display = None if row[1] == "-" else row[1]
                names_en += _split(row[2])
                names_fr += _split(row[3])
                self._add_demonyms(cc, _split(row[4]), _split(row[5]))
            geo = info.get(cc)
            if geo is not None:
                names_en.append(geo[1])
            names = [n for n in names_en + names_fr if "," not in n]  # "Iran, Islamic Republic of" is no name
            if display is None:
                if iso is not None and getattr(iso, "common_name", None):
                    display = iso.common_name
                else:
                    display = next((n for n in names_en if "," not in n), names_en[0] if names_en else cc)
            population = int(geo[2]) if geo and geo[2] else 0
            lat = float(geo[4]) if geo and geo[4] else None
            lon = float(geo[5]) if geo and geo[5] else None
            place = Place(display, "country", cc, None, lat, lon, population)
            # Among countries sharing a name ("Congo"), the more populous comes first.
            idx = self._add(place, _PRIOR["country"] + population / 1e10, [*names, display])
            self._country_ids[cc] = idx
            for name in [*names, display, cc]:
                self._country_keys.setdefault(normalize(name), cc)
        for cc, idx in self._country_ids.items():
            self._country_keys[normalize(self._names[idx])] = cc

    def _add_demonyms(self, cc: str, french: list[str], english: list[str]) -> None:
        for form in french:
            for inflected in _french_forms(form):
                self._demonyms["fr"].setdefault(normalize(inflected), cc)
        for form in english:
            for inflected in _english_forms(form):
                self._demonyms["en"].setdefault(normalize(inflected), cc)

    def _load_admin1(self) -> None:
        crosswalk: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for row in _rows(self._dir / "admin1_acled.tsv"):
            row = row + [""] * (4 - len(row))
            crosswalk[(row[0], row[1])] = (row[2], _split(row[3]))
        for cc, code, name, ascii_name, lat, lon in _rows(self._dir / "geonames_admin1.tsv"):
            canonical, aliases = crosswalk.pop((cc, code), (_strip_kind(ascii_name), []))
            target_cc = cc
            if ":" in canonical:
                target_cc, canonical = canonical.split(":", 1)
            names = [canonical, name, ascii_name, _strip_kind(name), _strip_kind(ascii_name), *aliases]
            self._add_admin1(target_cc, canonical, names, float(lat), float(lon))
            self._admin1_by_code[(cc, code)] = (target_cc, canonical)
        for (cc, code), (canonical, aliases) in crosswalk.items():  # units GeoNames lacks
            target_cc = cc
            if ":" in canonical:
                target_cc, canonical = canonical.split(":", 1)
            self._add_admin1(target_cc, canonical, [canonical, *aliases], None, None)
            # Towns still carry the unit's code (Tartar, AZ.57): they get the unit.
            self._admin1_by_code[(cc, code)] = (target_cc, canonical)

    def _add_admin1(
        self, cc: str, canonical: str, names: list[str], lat: float | None, lon: float | None
    ) -> None:
        existing = self._admin1_ids.get((cc, canonical))
        if existing is None:
            place = Place(canonical, "admin1", cc, canonical, lat, lon)
            existing = self._add(place, _PRIOR["admin1"], names)
            self._admin1_ids[(cc, canonical)] = existing
        else:
            self._index_names(existing, names)
        self._note_lower_starts(names)
        table = self._admin1.setdefault(cc, {})
        for name in names:
            table.setdefault(normalize(name), canonical)

    def _load_admin2(self) -> None:
        for cc, code, name, raw, lat, lon in _rows(self._dir / "geonames_admin2.tsv"):
            target = self._admin1_by_code.get((cc, code))
            if target is None:
                continue
            place = Place(name, "admin2", target[0], target[1], float(lat), float(lon))
            self._add(place, _PRIOR["admin2"], [name, raw])
        for row in _rows(self._dir / "admin2_hints.tsv"):
            row = row + [""] * (6 - len(row))
            cc, admin1, name = row[0], row[1], row[2]
            canonical = self.admin1_canonical(cc, admin1) or admin1
            place = Place(name, "admin2", cc, canonical, _float(row[4]), _float(row[5]))
            self._add(place, _PRIOR["admin2"], [name, *_split(row[3])])

    def _load_cities(self) -> None:
        """Towns; their index keys were computed by tools/build_places_data.py with normalize()."""
        by_code = self._admin1_by_code
        for _gid, name, cc, code, lat, lon, pop, keys, alt_keys in _rows(self._dir / "cities.tsv.gz"):
            target = by_code.get((cc, code))
            country, admin1 = target if target else (sys.intern(cc), None)
            population = int(pop)
            place = Place(name, "city", country, admin1, float(lat), float(lon), population)
            idx = self._new_entry(place, _city_prior(population))
            self._index_keys(idx, keys.split("|"))
            if alt_keys:
                self._index_keys(idx, alt_keys.split("|"), alternate=True)

    def _load_curated(self) -> None:
        with (self._dir / "places.toml").open("rb") as f:
            data = tomllib.load(f)
        templates: dict[str, list[str]] = data.get("templates", {})
        for item in data.get("place", []):
            kind = item["kind"]
            cc = item.get("country") or None
            admin1 = item.get("admin1") or None
            if cc and admin1:
                admin1 = self.admin1_canonical(cc, admin1) or admin1
            place = Place(
                item["name"],
                kind,
                cc,
                admin1,
                item.get("lat"),
                item.get("lon"),
                int(item.get("population", 0)),
            )
            stems: list[str] = item.get("stems", [])
            names = [item["name"], *item.get("aliases", [])]
            for stem in stems:
                for template in templates.get(kind, []):
                    names.append(template.replace("{}", stem))
            prior = _PRIOR[kind] if kind != "city" else max(_city_prior(place.population), 4.0)
            idx = self._add(place, prior, names, curated=True)
            if item.get("block"):
                self._blocking.add(idx)
            stem_table = self._base_stems if kind == "base" else self._camp_stems if kind == "camp" else None
            if stem_table is not None:
                for stem in stems:
                    stem_table.setdefault(normalize(stem), []).append(idx)
        for item in data.get("alias", []):
            self._add_town_aliases(item["of"], item["country"], item["names"], float(item.get("boost", 0.0)))

    def _add_town_aliases(self, of: str, country: str, names: list[str], boost: float) -> None:
        found = self._building.get(normalize(of), ())
        ids = [i if i >= 0 else -i - 1 for i in ((found,) if isinstance(found, int) else found)]
        towns = [i for i in ids if self._kinds[i] == _KIND_CODES["city"] and self._cc[i] == country]
        if not towns:
            raise ValueError(f"places.toml: no GeoNames town {of!r} in {country}")
        idx = max(towns, key=lambda i: self._pop[i])
        self._prior[idx] += boost
        self._index_names(idx, names)

    def _load_stoplists(self) -> None:
        for row in _rows(self._dir / "stoplist.tsv"):
            self._stop.setdefault(row[0], set()).add(normalize(row[1]))
        generated = self._dir / "stoplist_generated.tsv"
        if generated.exists():
            for row in _rows(generated):
                self._weak_stop.setdefault(row[0], set()).add(row[1])

    # -- entry access --------------------------------------------------------------------------------------

    def _place(self, idx: int) -> Place:
        place = self._memo.get(idx)
        if place is None:
            lat, lon = self._lat[idx], self._lon[idx]
            place = Place(
                self._names[idx],
                KINDS[self._kinds[idx]],
                self._cc[idx],
                self._adm[idx],
                None if math.isnan(lat) else lat,
                None if math.isnan(lon) else lon,
                self._pop[idx],
            )
            self._memo[idx] = place
        return place

    def _ids(self, key: str) -> tuple[int, ...]:
        found = self._index.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    # -- public lookups ------------------------------------------------------------------------------------

    def lookup(self, name: str, lang: str = "en") -> list[Place]:
        """Places whose name or alias equals `name` after normalisation, best first (the index holds French
        and English names together; lang is accepted for symmetry with find_mentions)."""
        return [self._place(i) for i in self._ids(normalize(name))]

    def country(self, code_or_name: str, lang: str | None = None) -> Place | None:
        code: str | None = code_or_name.upper() if len(code_or_name) == 2 and code_or_name.isalpha() else None
        if code is None or code not in self._country_ids:
            code = self.country_code(code_or_name)
        return self._place(self._country_ids[code]) if code in self._country_ids else None

    def country_code(self, name: str) -> str | None:
        """Any country name or alias (English, French, GTD/ACLED spellings) -> ISO alpha-2."""
        key = normalize(name)
        if key in self._country_keys:
            return self._country_keys[key]
        return self._country_keys.get(normalize(name.replace("&", "and")))

    def demonym(self, word: str, lang: str) -> str | None:
        """ "irakienne" -> "IQ", "Israelis" -> "IL" (the other language's table is tried second)."""
        key = normalize(word)
        table = self._demonyms.get(lang)
        found = table.get(key) if table is not None else None
        if found is None:
            other = "en" if lang == "fr" else "fr"
            found = self._demonyms[other].get(key)
        return found

    def admin1_canonical(self, country: str, name: str) -> str | None:
        """Any alias of a first-level unit ("Saladin", "Nord-Kivu", "Kharkiv Oblast") -> canonical name."""
        table = self._admin1.get(country.upper())
        if not table or not name:
            return None
        key = normalize(name)
        if key in table:
            return table[key]
        stripped = normalize(_ADMIN1_WORDS.sub("", name.strip()))
        if stripped in table:
            return table[stripped]
        # A unit moved to another country by the crosswalk (IL "Judea and Samaria" -> PS "West Bank"), or a
        # second-level unit given where a first-level one was expected (GTD's Philippine provinces).
        upper = country.upper()
        for kind in ("admin1", "admin2"):
            for idx in (*self._ids(key), *self._ids(stripped)):
                if KINDS[self._kinds[idx]] != kind:
                    continue
                if (kind == "admin1" and self._cc[idx] != upper) or (
                    kind == "admin2" and self._cc[idx] == upper
                ):
                    return self._adm[idx]
        return None

    def admin1_place(self, country: str, name: str) -> Place | None:
        canonical = self.admin1_canonical(country, name)
        idx = self._admin1_ids.get((country.upper(), canonical)) if canonical else None
        return self._place(idx) if idx is not None else None

    # -- text scanning -------------------------------------------------------------------------------------

    def find_mentions(self, text: str, lang: str) -> list[PlaceMention]:
        """Known place names in `text`, longest match first and without overlaps, each with its candidates
        ranked by kind, population and the cue words around it; location hierarchies the text spells out
        ("Dar ash Sharaf (Al Mashannah, Ibb)", "Orikhove, Luhansk") narrow the candidates to one unit."""
        lang = lang if lang in ("fr", "en") else "en"
        mentions = self._scan(text, lang)
        mentions = _read_hierarchies(self, text, mentions) if "(" in text or ", " in text else mentions
        return _inherit_list_cues(text, mentions)

    def _scan(self, text: str, lang: str) -> list[PlaceMention]:
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
        n = len(tokens)
        seps = [text[tokens[i][1] : tokens[i + 1][0]] for i in range(n - 1)]
        folded = [_fold(t[2]) for t in tokens]
        stop = self._stop.get(lang, set()) | self._stop["any"]
        first_pieces = self._first
        index = self._index
        mentions: list[PlaceMention] = []
        i = 0
        lower_first = self._lower_first
        while i < n:
            raw = tokens[i][2]
            head = folded[i]
            if not raw[0].isupper() and head not in lower_first:
                i += 1
                continue
            # "Ma'rib", "N'Djamena" are one piece of the key.
            glued = i + 1 < n and seps[i][:1] in _APOSTROPHES and not _is_elision(head, raw)
            if not glued and head not in first_pieces and head not in index and head not in _LEADING_ARTICLES:
                i += 1
                continue
            if not (raw[0].isupper() or head in self._lower_first) or (
                head == "s" and i > 0 and seps[i - 1][:1] in _APOSTROPHES
            ):
                i += 1
                continue
            if i > 0 and seps[i - 1] == "-" and tokens[i - 1][2][0].isupper():
                i += 1  # no name starts inside a capitalised compound ("Apetina-Sana")
                continue
            lower_start = raw[
                0
            ].islower()  # "mer Rouge", "bande de Gaza": only multi-word names start lower case
            best: tuple[int, str] | None = None
            if glued or head in _LEADING_ARTICLES:
                limit = min(n, i + _MAX_TOKENS)
            else:  # room for glued apostrophes and inner articles beyond the key's piece count
                limit = min(n, i + first_pieces.get(head, 1) + (2 if head in first_pieces else 0))
            j = i
            while j < limit:
                if j > i:
                    sep = seps[j - 1]
                    if sep not in _JOINABLE_SEPARATORS or (sep[0] == "." and len(tokens[j - 1][2]) > 1):
                        break
                key = _key_from_tokens([t[2] for t in tokens[i : j + 1]], seps[i:j])
                if key in index and (lower_start is False or " " in key):
                    best = (j, key)
                j += 1
            if best is None:
                i += 1
                continue
            j, key = best
            if head in _LEADING_ARTICLES and j > i and tokens[i + 1][2][:1].islower() and " " not in key:
                i += 1  # "Le drone" is not a place: after an article the name itself must be capitalised
                continue
            if all(k in self._blocking for k in self._ids(key)):
                i = (
                    j + 1
                )  # "West Africa", "Amérique latine": no place, but no "Africa" or "America" inside either
                continue
            mention = self._make_mention(text, tokens, seps, folded, i, j, key, lang, stop)
            if mention is None:
                i += 1
                continue
            mentions.append(mention)
            i = j + 1
            while i < n and tokens[i][0] < mention.end:  # skip a cue word absorbed into the span
                i += 1
        return mentions

    def _make_mention(
        self,
        text: str,
        tokens: list[tuple[int, int, str]],
        seps: list[str],
        folded: list[str],
        i: int,
        j: int,
        key: str,
        lang: str,
        stop: set[str],
    ) -> PlaceMention | None:
        start, end = tokens[i][0], tokens[j][1]
        ids = self._ids(key)
        cues = _cues(lang)
        cue = _cue_before(cues, seps, folded, i)
        span_end = end
        if cue is None or cue not in _KIND_CUES:
            after = _cue_after(cues, seps, folded, j)
            if after is not None:
                cue, last = after
                if cue in ("base", "camp"):
                    span_end = tokens[last][1]
        curated = any(self._curated[i] for i in ids)
        if cue not in _KIND_CUES and not curated:
            if any(self._kinds[k] == _KIND_CODES["country"] for k in ids):
                if self._affiliation(text, tokens, seps, i, j):
                    return PlaceMention(start, end, text[start:end], (), ALLEGIANCE_CUE)
            elif self._fragment(text, tokens, seps, i, j, key, ids, lang):
                return None
        if " " not in key and cue not in _KIND_CUES and not curated:
            if key in stop:
                return None
            if key in self._weak_stop.get(lang, ()) and _capitalised_for_another_reason(text, start):
                return None
        city = _KIND_CODES["city"]
        if cue is None and all(self._kinds[i] == city and self._pop[i] < 5000 for i in ids):
            return None  # a small town named without any cue is more often a word or a person's name
        bonus = _CUE_BONUS.get(cue or "", {})
        ranked = sorted(ids, key=lambda i: -(self._prior[i] + bonus.get(KINDS[self._kinds[i]], 0.0)))
        candidates = [self._place(i) for i in ranked]
        if cue in ("base", "camp"):
            candidates = self._with_installation(cue, key, candidates, text[start:span_end])
        return PlaceMention(start, span_end, text[start:span_end], tuple(candidates), cue)

    def _fragment(
        self,
        text: str,
        tokens: list[tuple[int, int, str]],
        seps: list[str],
        i: int,
        j: int,
        key: str,
        ids: tuple[int, ...],
        lang: str,
    ) -> bool:
        """A known name inside a longer name the gazetteer lacks is not that place: "Jabal al-Zawiya" (a
        mountain in Idlib, not Zawiya in Libya), "Shay Valley", "Boko Haram", "As Sawh", "pro-Turkey",
        "an NGO"."""
        raw = tokens[i][2]
        if (
            i == j
            and raw.isupper()
            and len(raw) <= 3
            and all(self._kinds[k] == _KIND_CODES["city"] for k in ids)
        ):
            return True  # "NGO", "IS", "PMF": acronyms, not the towns Ngo or Is
        if i == j and key in _AR_PARTICLES and j + 1 < len(tokens) and seps[j] in (" ", "-"):
            return tokens[j + 1][2][:1].isupper()  # "As Sawh": an Arabic article opening an unknown name
        if (
            j + 2 < len(tokens)
            and seps[j] in (" ", "-")
            and _inner_link(tokens[j + 1][2], seps[j + 1])
            and seps[j + 1] in (" ", "-")
            and tokens[j + 2][2][:1].isupper()
        ):
            return True  # "Ain al Arab": the head of a longer name
        return self._tail_of_name(text, tokens, seps, i, lang) or self._head_of_name(
            tokens, seps, j, key, ids, lang
        )

    def _affiliation(
        self, text: str, tokens: list[tuple[int, int, str]], seps: list[str], i: int, j: int
    ) -> bool:
        """ "pro-Turkey", "Turkey backed factions", "Ethiopia forces", "Military Forces of Turkey": the
        country is whose side someone is on, not where anything happened."""
        words = _name_words()
        if i > 0 and _AFFILIATION.search(text, max(0, tokens[i][0] - 6), tokens[i][0]):
            return True
        if (
            j + 1 < len(tokens)
            and seps[j] in (" ", "-")
            and tokens[j + 1][2].lower() in words.affiliation_after
        ):
            return True
        match = _OF_COUNTRY.search(text, max(0, tokens[i][0] - 80), tokens[i][0])
        return match is not None and match.group(1).lower() in words.affiliation_before

    def _head_of_name(
        self,
        tokens: list[tuple[int, int, str]],
        seps: list[str],
        j: int,
        key: str,
        ids: tuple[int, ...],
        lang: str,
    ) -> bool:
        """ "Tell Abiad", "Nyaung Lay Pin", "Ain Issa": a small town's name, or a town's alternate name,
        followed by another capitalised word is the first word of a longer name the gazetteer lacks (not
        "Marib Dam", "Kabul Police")."""
        if j + 1 >= len(tokens) or seps[j] != " ":
            return False
        for k in ids:
            if self._kinds[k] in _AREA_CODES:
                return False
            if self._pop[k] >= _HEAD_TOWN_MAX and normalize(self._names[k]) == key:
                return False
        word = tokens[j + 1][2]
        folded = _fold(word)
        words = _name_words()
        if not word[:1].isupper() or word.isupper() or folded in words.feature_words:
            return False
        if folded in words.not_name_parts:  # given names are name parts here: "Ain Issa"
            return False
        if self.demonym(word, lang) is not None or any(
            self._kinds[x] in _AREA_CODES for x in self._ids(normalize(word))
        ):
            return False  # "Kabul Afghan", "Homs Syria": two words, two names
        before = [t[2] for t in tokens[max(0, j - 5) : j] if not t[2][:1].isdigit()]
        return any(t[:1].islower() for t in before)  # not a headline in title case

    def _tail_of_name(
        self, text: str, tokens: list[tuple[int, int, str]], seps: list[str], i: int, lang: str
    ) -> bool:
        k = i - 1
        if k < 0 or seps[k] not in (" ", "-", "\u00a0"):
            return False
        if _inner_link(tokens[k][2], seps[k]) and k > 0 and seps[k - 1] in (" ", "-", "\u00a0"):
            k -= 1  # "Jabal al-Zawiya", "Lomas de San Miguel"
        word = tokens[k][2]
        if not word[:1].isupper() or word[:1].isdigit() or tokens[k][2].isupper():
            return False
        folded = _fold(word)
        if folded in _AR_PARTICLES:
            return False  # "Ar Rutba": the article of this very name
        if (
            folded in _name_words().not_name_parts
            or folded in self._stop["any"]
            or folded in self._stop.get(lang, ())
        ):
            return False
        if self.demonym(word, lang) is not None or _sentence_initial(text, tokens[k][0]):
            return False
        if any(self._kinds[x] in _AREA_CODES for x in self._ids(normalize(word))):
            return False  # "Iraq Kirkuk", "Idlib Hama": two names side by side
        before = [t[2] for t in tokens[max(0, k - 5) : k] if not t[2][:1].isdigit()]
        return any(t[:1].islower() for t in before)  # not a headline in title case

    def _with_installation(self, cue: str, key: str, candidates: list[Place], surface: str) -> list[Place]:
        """ "base aérienne de Balad" -> the curated base if its stem is known, else a base at the town."""
        table = self._base_stems if cue == "base" else self._camp_stems
        known = [self._place(i) for i in table.get(key, ())]
        if known:
            return known + [c for c in candidates if c not in known]
        if candidates and candidates[0].kind == cue:
            return candidates
        anchor = next((c for c in candidates if c.kind in ("city", "admin2", "landmark")), None)
        if anchor is None:
            return candidates
        suffix = " camp"
        if cue == "base":
            suffix = " Air Base" if _AERIAL_BASE.search(surface) else " base"
        return [replace(anchor, name=anchor.name + suffix, kind=cue, population=0), *candidates]

    # -- resolution ----------------------------------------------------------------------------------------

    def resolve(
        self, mentions: Sequence[PlaceMention], context_countries: Collection[str] = ()
    ) -> list[Place | None]:
        """Pick one place per mention using the other mentions as context (countries and admin1 named in the
        article), kind and population. None when nothing is known or two foreign towns tie.

        A reading in a country the mentions themselves pin down beats any reading elsewhere, however
        populous ("Colonia" near "Ciudad de Mexico" is no Cologne); the article's wider context countries
        count for less, since they also hold the attackers' countries ("Turkish forces shelled ...")."""
        context = {c.upper() for c in context_countries}
        anchors: dict[str, float] = {}
        anchor_admin1: set[tuple[str | None, str | None]] = set()
        for mention in mentions:
            if not mention.candidates:
                continue
            top = mention.candidates[0]
            # Only names that are unambiguous about their country anchor the article ("Ouest" is not); a
            # province reading that no other country shares does too ("Dar'a", despite a Senegalese Dara).
            # A small town that only one country has in the gazetteer anchors less: the world's villages
            # are not all in it ("Nejapa" is a Mexican town, and a Salvadoran one the gazetteer lacks).
            provinces = {c.country for c in mention.candidates if c.kind in ("country", "admin1")}
            single = len({c.country for c in mention.candidates}) == 1
            if top.kind == "country" or provinces == {top.country}:
                weight = _ANCHOR  # also a town named like its own province, no other's ("Hama", "Idlib")
            elif single:
                weight = _ANCHOR if top.kind != "city" or top.population >= 100_000 else _WEAK_ANCHOR
            else:
                continue
            if top.country:
                anchors[top.country] = max(weight, anchors.get(top.country, 0.0))
            if top.kind != "country" and top.admin1:
                anchor_admin1.add((top.country, top.admin1))
        strong = any(weight >= _ANCHOR for weight in anchors.values())
        resolved: list[Place | None] = []
        for mention in mentions:
            if not mention.candidates:
                resolved.append(None)
                continue
            if mention.cue == HIERARCHY_CUE:
                resolved.append(mention.candidates[0])  # the text itself said which unit it lies in
                continue
            key = normalize(mention.text)
            bonus = _CUE_BONUS.get(mention.cue or "", {})
            scored: list[tuple[float, Place]] = []
            for place in mention.candidates:
                score = _prior_of(place) + bonus.get(place.kind, 0.0)
                if place.kind == "city" and normalize(place.name) != key:
                    score -= _ALT_PENALTY
                score += anchors.get(place.country or "", 0.0)
                if place.country in context:
                    score += _CONTEXT
                if (place.country, place.admin1) in anchor_admin1:
                    score += _CONTEXT
                scored.append((score, place))
            scored.sort(key=lambda sp: -sp[0])
            best_score, best = scored[0]
            if (
                strong
                and best.country not in anchors
                and best.kind in ("city", "admin2")
                and best.population < _FOREIGN_TOWN_MAX
                and len({c.country for c in mention.candidates}) > 1
            ):
                # "Saida village in Ar Raqqa governorate": the text names the province of another country,
                # and this name is not only a foreign town's; it is a village the gazetteer lacks.
                resolved.append(None)
                continue
            ambiguous = (
                len(scored) > 1
                and best.kind == "city"
                and best.country not in anchors
                and best.country not in context
                and scored[1][1].country != best.country
                and scored[1][0] > best_score - 0.5
                and best.population < 100_000
            )
            resolved.append(None if ambiguous else best)
        return resolved

    # -- hierarchy support ---------------------------------------------------------------------------------

    def units_named(self, name: str) -> list[Place]:
        """Countries, first- and second-level units called `name` ("Ibb", "Bassa LGA", "J&K"), best first."""
        key = normalize(_strip_unit_words(name))
        found = [self._place(i) for i in self._ids(key) if KINDS[self._kinds[i]] in ("admin1", "admin2")]
        cc = self._country_keys.get(key)
        if cc is not None and cc in self._country_ids and key != cc.lower():  # "(KP)" is no country code
            found.insert(0, self._place(self._country_ids[cc]))
        return found

    def places_in(self, name: str, country: str, admin1: str | None) -> list[Place]:
        """Places called `name` inside one unit (admin1 None: anywhere in the country), best first."""
        key = normalize(name)
        return [
            p
            for p in (self._place(i) for i in self._ids(key))
            if p.country == country and (admin1 is None or p.admin1 == admin1)
        ]

    # -- introspection (tests, build script, measurements) -------------------------------------------------

    def entries(self) -> Iterator[tuple[str, list[Place]]]:
        """Every index key with its places (build script, tests)."""
        for key in self._index:
            yield key, [self._place(i) for i in self._ids(key)]

    def is_stopword(self, key: str, lang: str) -> bool:
        return key in self._stop.get(lang, set()) or key in self._stop["any"]

    def __len__(self) -> int:
        return len(self._names)


# ----------------------------------------------------------------------------------------------------
# Location hierarchies spelt out in the text. Conflict notes and wires write the units a village lies in:
# "Dar ash Sharaf (Al Mashannah, Ibb)", "Koweit-Bulunge village (Fizi, Sud-Kivu)", "Orikhove, Luhansk". The
# last name of the parenthesis is a province (or district, or country); the names before it lie inside it,
# and so does the name right before the parenthesis, even when the gazetteer does not know that village.

_PARENTHESIS = re.compile(r"\(([^()\n]{2,160})\)")


@dataclass(frozen=True)
class _NameWords:
    admin2: frozenset[str]
    units: frozenset[str]  # admin2, settlement and region words
    links: frozenset[str]
    inner_links: frozenset[str]
    not_name_parts: frozenset[str]
    affiliation_after: frozenset[str]
    affiliation_before: frozenset[str]
    feature_words: frozenset[str]


@cache
def _name_words() -> _NameWords:
    """data/places/name_words.toml: unit words, name links and words that never start a name."""
    with (_DATA / "name_words.toml").open("rb") as f:
        spec = tomllib.load(f)
    admin2 = frozenset(spec["admin2"])
    return _NameWords(
        admin2,
        admin2 | frozenset(spec["settlement"]) | frozenset(spec["region"]),
        frozenset(spec["links"]),
        frozenset(spec["inner_links"]),
        frozenset(spec["not_name_parts"]),
        frozenset(spec["affiliation_after"]),
        frozenset(spec["affiliation_before"]),
        frozenset(spec["feature_words"]),
    )


_NAME_GLUE = frozenset({" ", "-", " - ", "'", "’", "ʼ", "\u00a0"})
_MAX_NAME_TOKENS = 6


def _strip_unit_words(name: str) -> str:
    """ "Bassa LGA" -> "Bassa", "the Sagaing region" -> "Sagaing" (a bare unit word is kept)."""
    words = name.split()
    while len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].lower().strip(".") in _name_words().units:
        words = words[:-1]
    return " ".join(words)


def _name_like(tokens: Sequence[str]) -> bool:
    """Capitalised words, with the lower-case links names have; not a phrase ("coded as", "as reported")."""
    if not tokens or len(tokens) > _MAX_NAME_TOKENS or not tokens[0][:1].isupper():
        return False
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _name_words().links for t in tokens)


def _name_before(text: str, end: int) -> tuple[int, int, str] | None:
    """The name written right before `end` ("Kan Thit village (" -> "Kan Thit"), as (start, end, the unit
    word written after it: "village", "district", or "")."""
    window_start = max(0, end - 120)
    tokens = list(_TOKEN_RE.finditer(text, window_start, end))
    if not tokens or text[tokens[-1].end() : end].strip(" \u00a0"):
        return None
    k = len(tokens) - 1
    unit = ""
    while k >= 0 and tokens[k].group().lower() in _name_words().units and len(tokens[k].group()) > 1:
        if tokens[k].group()[0].isupper() and tokens[k].group().lower() not in ("lga",):
            break  # "Plateau State" is a name
        unit = unit or tokens[k].group().lower()
        k -= 1
        if unit and (k < 0 or text[tokens[k].end() : tokens[k + 1].start()] not in _NAME_GLUE):
            return None
    last = k
    while k >= 0:
        word = tokens[k].group()
        if not (word[:1].isupper() or word[:1].isdigit() or word.lower() in _name_words().links):
            break
        if k < last and text[tokens[k].end() : tokens[k + 1].start()] not in _NAME_GLUE:
            break
        k -= 1
    first = k + 1
    while (
        first <= last
        and tokens[first].group().lower() in _name_words().links
        and not tokens[first].group()[0].isupper()
    ):
        first += 1
    if first > last or last - first + 1 > _MAX_NAME_TOKENS or tokens[first].group()[:1].isdigit():
        return None
    return tokens[first].start(), tokens[last].end(), unit


def _items(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """Comma-separated names of a parenthesis, as (start, end, name without unit words); None if any part
    is not a name."""
    out: list[tuple[int, int, str]] = []
    pos = start
    for part in text[start:end].split(","):
        lead = len(part) - len(part.lstrip())
        raw = part.strip()
        a = pos + lead
        pos += len(part) + 1
        name = _strip_unit_words(raw)
        if not _name_like(_TOKEN_RE.findall(name)):
            return None
        offset = raw.find(name)
        out.append((a + max(offset, 0), a + max(offset, 0) + len(name), name))
    return out if 1 <= len(out) <= 4 else None


def _well_known(mention: PlaceMention) -> bool:
    """A name a writer would not use for a homonym: a country, a province, a town named like its province
    ("Taizz"), a city of a million."""
    top = mention.candidates[0]
    return (
        top.kind in ("country", "admin1")
        or top.population >= _WELL_KNOWN_TOWN
        or any(c.kind == "admin1" and c.country == top.country for c in mention.candidates)
    )


_WELL_KNOWN_TOWN = 1_000_000


def _within(place: Place, country: str, admin1: str | None) -> bool:
    return place.country == country and (admin1 is None or place.admin1 == admin1)


def _read_hierarchies(gaz: Gazetteer, text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The mentions with every hierarchy the text spells out applied (brackets first, then commas)."""
    out = list(mentions)
    for paren in _PARENTHESIS.finditer(text):
        items = _items(text, paren.start(1), paren.end(1))
        if items is None:
            continue
        head = _name_before(text, paren.start())
        # Countries the rest of the text vouches for: named, or the only country a name can be in.
        start = head[0] if head is not None else paren.start()
        support = {
            m.candidates[0].country
            for m in out
            if m.candidates
            and not start <= m.start < paren.end()
            and (m.candidates[0].kind == "country" or len({c.country for c in m.candidates}) == 1)
        }
        reading = _hierarchy_reading(gaz, text, items, head, out, support)
        if reading is not None:
            out = _apply_hierarchy(gaz, text, out, items, head, reading)
        elif len(items) == 1 and head is not None and not items[0][2].isupper():
            elsewhere = gaz.lookup(items[0][2])  # a place's name, only not one of the head's country
            if elsewhere:
                out = _district_of_head(text, out, items[0], head, support, {p.country for p in elsewhere})
    return _read_comma_qualifiers(text, out)


def _district_of_head(
    text: str,
    mentions: list[PlaceMention],
    item: tuple[int, int, str],
    head: tuple[int, int, str],
    support: set[str | None],
    elsewhere: set[str | None],
) -> list[PlaceMention]:
    """ "Taizz - Usayfarah (Al Qahirah)": a lone name in brackets that no unit of the head's country bears
    is a district of the head the gazetteer lacks (Al Qahirah of Taizz, not Cairo)."""
    town = next((m for m in mentions if m.start == head[0] and m.candidates), None)
    if town is None:
        return mentions
    top = town.candidates[0]
    if top.kind == "country" or top.country in elsewhere:
        return mentions
    if top.country not in support and not _well_known(town):
        return mentions
    district = Place(
        item[2], "admin2", top.country, top.admin1 if top.kind != "admin1" else top.name, None, None
    )
    kept = [m for m in mentions if not (item[0] < m.end and m.start < item[1])]
    kept.append(PlaceMention(item[0], item[1], text[item[0] : item[1]], (district,), HIERARCHY_CUE))
    return sorted(kept, key=lambda m: m.start)


def _hierarchy_reading(
    gaz: Gazetteer,
    text: str,
    items: list[tuple[int, int, str]],
    head: tuple[int, int, str] | None,
    mentions: list[PlaceMention],
    support: set[str | None],
) -> Place | None:
    """The unit the last name of a parenthesis stands for, checked against the names before it. A lone name
    ("(Tyr)", "(Al Qahirah)") must agree with the place before it or with the rest of the text."""
    units = gaz.units_named(items[-1][2])
    if not units:
        return None
    head_mention = next(
        (m for m in mentions if head is not None and m.start == head[0] and m.candidates), None
    )
    head_places = list(head_mention.candidates) if head_mention is not None else []
    head_known = head_mention is not None and _well_known(head_mention)
    scored: list[tuple[float, int, Place]] = []
    for rank, unit in enumerate(units):
        admin1 = unit.admin1 if unit.kind != "country" else None
        cc = unit.country or ""
        score = {"admin1": 1.0, "admin2": 0.5, "country": 0.8}[unit.kind]
        if any(gaz.places_in(name, cc, admin1) for _, _, name in items[:-1]):
            score += 3.0
        elif any(gaz.places_in(name, cc, None) for _, _, name in items[:-1]):
            score += 1.0
        if any(_within(p, cc, admin1) for p in head_places):
            score += 2.0
        if cc in support:
            score += 1.5
        lone = (
            len({u.country for u in units}) == 1
            and support <= {cc}
            and not (head_known and not any(p.country == cc for p in head_places))
        )
        if len(items) == 1 and score < 2.0 and not lone:
            continue  # "(Al Qahirah)" after a Yemeni town is a district of Taizz, not Cairo
        scored.append((score, rank, unit))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    best = scored[0]
    rival = next(
        (s for s in scored[1:] if (s[2].country, s[2].admin1) != (best[2].country, best[2].admin1)), None
    )
    if rival is not None and rival[0] >= best[0] and rival[2].country != best[2].country:
        return None  # "(Tripoli)": Libya or Lebanon, and nothing else in the note says which
    unit = best[2]
    if unit.kind == "country":
        # "(Ninewa, Iraq)": the province is the name before the country.
        for _, _, name in reversed(items[:-1]):
            inner = [u for u in gaz.units_named(name) if u.kind == "admin1" and u.country == unit.country]
            if inner:
                return inner[0]
    return unit


def _apply_hierarchy(
    gaz: Gazetteer,
    text: str,
    mentions: list[PlaceMention],
    items: list[tuple[int, int, str]],
    head: tuple[int, int, str] | None,
    unit: Place,
) -> list[PlaceMention]:
    """Narrow every name of the hierarchy to its reading inside `unit`; a name the gazetteer lacks there
    becomes a place of its own (no coordinates) in that unit, with the unit as its fallback reading."""
    cc = unit.country or ""
    admin1 = unit.admin1 if unit.kind != "country" else None
    spans: list[tuple[int, int, tuple[Place, ...]]] = []
    last = items[-1]
    spans.append((last[0], last[1], (unit,)))
    fallback = unit
    for a, b, name in items[:-1]:
        inside = gaz.places_in(name, cc, admin1)
        inside.sort(key=lambda p: {"admin2": 0, "admin1": 1}.get(p.kind, 2))
        middle = tuple(inside) or (Place(name, "admin2", cc, admin1, None, None),)
        spans.append((a, b, middle))
        if fallback is unit and middle[0].kind == "admin2":
            fallback = middle[0]
    if head is not None:
        a, b, unit_word = head
        name = text[a:b]
        exact = [m for m in mentions if m.start == a]  # "Taizz - Usayfarah": the town of a neighbourhood
        pool = [c for m in exact for c in m.candidates if _within(c, cc, admin1)]
        pool = pool or gaz.places_in(name, cc, admin1)
        kind = "admin2" if unit_word in _name_words().admin2 else "city"
        if pool:
            spans.append((a, max([b, *(m.end for m in exact)]), tuple(pool)))
        elif not any(c.kind == "country" for m in exact for c in m.candidates[:1]):
            spans.append((a, b, (Place(name, kind, cc, admin1, None, None), fallback)))
    kept = [m for m in mentions if not any(a < m.end and m.start < b for a, b, _ in spans)]
    for a, b, candidates in spans:
        kept.append(PlaceMention(a, b, text[a:b], candidates, HIERARCHY_CUE))
    kept.sort(key=lambda m: m.start)
    return kept


_QUALIFIED_TOWN_MAX = (
    100_000  # "Kharkiv, Sumy and Chernihiv" is a list of cities, not a town and its province
)


def _read_comma_qualifiers(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "Orikhove, Luhansk", "Makovyshche village, Kyiv": a province name right after a place and a comma
    qualifies it, so it is the province (not the town of that name) and the place lies inside it."""
    out = list(mentions)
    dropped: set[int] = set()
    added: list[PlaceMention] = []
    by_end = {m.end: k for k, m in enumerate(out)}
    for k, m in enumerate(out):
        if m.start < 2 or text[m.start - 2 : m.start] != ", " or not m.candidates:
            continue
        units = [c for c in m.candidates if c.kind == "admin1"]
        if not units or m.candidates[0].kind == "country":
            continue
        head = _name_before(text, m.start - 2)
        if head is None:
            continue
        j = by_end.get(head[1])
        if j is None or out[j].start > head[0]:
            if head[2] or len(units) == 1:
                out[k] = replace(m, candidates=(units[0],))
                village = _village(text, head, units[0])
                # "Shay Valley, Kirkuk", "Nahiyat ar Riyad district, Kirkuk": a known word inside the name
                # of a village of that province is not a place of its own.
                parts = [x for x, other in enumerate(out) if head[0] <= other.start < head[1] and x != k]
                if parts:
                    out[parts[0]] = village
                    dropped.update(parts[1:])
                elif head[2]:
                    added.append(village)  # "Chaki Wardak district, Wardak": the unit word says it is a place
            continue
        before = out[j]
        if not before.candidates or before.candidates[0].kind in ("country", "admin1"):
            continue
        for unit in units:
            inside = tuple(c for c in before.candidates if _within(c, unit.country or "", unit.admin1))
            if inside:
                out[j] = replace(before, candidates=inside)
                out[k] = replace(m, candidates=(unit,))
                break
        else:
            top = before.candidates[0]
            if len(units) == 1 and top.kind == "city" and top.population < _QUALIFIED_TOWN_MAX:
                # Another village of that name, in the province the text names, that the gazetteer lacks.
                unit = units[0]
                other_village = Place(top.name, "city", unit.country, unit.admin1, None, None)
                out[j] = replace(before, candidates=(other_village, unit), cue=HIERARCHY_CUE)
                out[k] = replace(m, candidates=(unit,))
    kept = [m for x, m in enumerate(out) if x not in dropped]
    return sorted(kept + added, key=lambda m: m.start) if added else kept


def _village(text: str, head: tuple[int, int, str], unit: Place) -> PlaceMention:
    """A place the gazetteer lacks, inside the unit the text names; the unit is its fallback reading."""
    name = text[head[0] : head[1]]
    kind = "admin2" if head[2] in _name_words().admin2 else "city"
    place = Place(name, kind, unit.country, unit.admin1, None, None)
    return PlaceMention(head[0], head[1], name, (place, unit), HIERARCHY_CUE)


# ----------------------------------------------------------------------------------------------------
# Demonym inflection (data: countries.tsv gives the masculine singular; these rules give the other forms).


def _french_forms(form: str) -> list[str]:
    if "/" in form:
        return form.split("/")
    if form.endswith(("ien", "éen", "yen")):
        return [form, form + "ne", form + "s", form + "nes"]
    if form.endswith("e"):
        return [form, form + "s"]
    if form.endswith(("s", "x", "z")):
        return [form, form + "e", form + "es"]
    if form.endswith(("è", "é")):
        return [form, form + "e", form + "s", form + "es"]
    return [form, form + "e", form + "s", form + "es"]


def _english_forms(form: str) -> list[str]:
    if form.endswith(("ese", "ss", "sh", "ch", "s")) or form in ("US", "New Zealand", "Thai"):
        extra = ["Thais"] if form == "Thai" else []
        return [form, *extra]
    return [form, form + "s"]


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use, about a second)."""
    return Gazetteer()
