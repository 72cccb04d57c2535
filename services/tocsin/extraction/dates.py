"""Publication dates and date mentions, resolved by the Dates rules of shared/eval/ANNOTATION.md.

A weekday or "hier" only means a calendar day against a day-precision publication date, and a day of month
without a year only against a published year; everything else is still reported (undated) because the pipeline
uses vague and anchored mentions to tell background and aggregates from news. Words and phrase shapes live in
data/<lang>/dates.toml; this module compiles them once into one regex per language and knows only how to
resolve each rule kind, so a new language is a new TOML file.

Judgement calls (ANNOTATION.md leaves them open):
- "cette nuit", "la nuit dernière", "last night", "overnight" date the night that ends on the publication
  day, i.e. the publication day itself (ACLED codes a night to its later day); "hier soir"/"last evening"
  are day - 1.
- "un jour après (que) X", "a day after X", "au lendemain de X" date X, the earlier event they introduce:
  anchor - 1. Adverbial "le lendemain"/"a day later" are anchor + 1, "la veille"/"a day earlier" anchor - 1.
- Time of day alone ("tôt le matin", "in the afternoon") is reported as kind "relative" and never dated.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from tocsin.extraction.model import Published

DATA_DIR = Path(__file__).parent / "data"
MentionKind = Literal["absolute", "weekday", "relative", "vague"]
_FLAGS = re.IGNORECASE | re.UNICODE

# One character in, one out, so that match offsets are offsets into the caller's text.
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2011": "-",
        "\u2010": "-",
        "\u2013": "-",
    }
)


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a text: offsets into that text, the phrase, and the day it fixes (if any)."""

    start: int
    end: int
    text: str
    date: date | None
    kind: MentionKind
    is_anchor: bool


# ----------------------------------------------------------------------------------------------------
# Publication date
# ----------------------------------------------------------------------------------------------------

_PUBLISHED = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<tz>[Zz]|[+-]\d{2}:?\d{2})?)?)?)?"
)
# " date 2024-01 Un drone…": the dateline some feeds put before the text.
_DATELINE = re.compile(r"\A[ \t]*date[ \t]+(\d{4}(?:-\d{1,2}){0,2})(?=\s|\Z)", re.IGNORECASE)
# "2024-06-10T05:14+0000" alone on a line.
_TIMESTAMP_LINE = re.compile(
    r"^[ \t]*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)[ \t]*$",
    re.MULTILINE,
)
_TIMESTAMP_SEARCH_CHARS = 1000


def parse_published(value: str | None) -> Published:
    """Parse an RFC 3339 datetime, ISO date, "YYYY-MM" or "YYYY"; raise ValueError on anything else.

    The day is the calendar day as written (the newsroom's local day, which "hier" refers to), not UTC.
    """
    if value is None:
        return Published()
    if not isinstance(value, str):
        raise ValueError(f"published date must be a string, got {type(value).__name__}")
    raw = value.strip()
    if not raw:
        return Published()
    m = _PUBLISHED.fullmatch(raw)
    if m is None:
        raise ValueError(
            f"unrecognised published date {raw!r} (expected RFC 3339, YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    year = int(m["y"])
    latest = date.today().year + 1
    if not 1900 <= year <= latest:
        raise ValueError(f"published date {raw!r}: year {year} outside 1900..{latest}")
    month = int(m["m"]) if m["m"] else 1
    if not 1 <= month <= 12:
        raise ValueError(f"published date {raw!r}: month {month} outside 1..12")
    day = int(m["d"]) if m["d"] else 1
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(f"published date {raw!r}: day {day} outside 1..{last_day}")
    if m["H"] is not None:
        hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
        if hour > 23 or minute > 59 or second > 60:
            raise ValueError(f"published date {raw!r}: invalid time of day")
        tz = m["tz"] or ""
        if tz[1:] and (int(tz[1:3]) > 23 or int(tz[-2:]) > 59):
            raise ValueError(f"published date {raw!r}: invalid UTC offset")
    precision: Literal["day", "month", "year"] = "day" if m["d"] else "month" if m["m"] else "year"
    return Published(day=date(year, month, day), precision=precision, raw=raw)


def published_from_text(text: str) -> Published | None:
    """The date a text carries itself: a leading " date 2024-01" line, else a timestamp line near the top."""
    candidates = []
    dateline = _DATELINE.match(text)
    if dateline:
        candidates.append(dateline.group(1))
    candidates.extend(m.group(1) for m in _TIMESTAMP_LINE.finditer(text, 0, _TIMESTAMP_SEARCH_CHARS))
    for candidate in candidates:
        try:
            return parse_published(candidate)
        except ValueError:
            continue
    return None


def _metadata_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _TIMESTAMP_LINE.finditer(text)]
    dateline = _DATELINE.match(text)
    if dateline:
        spans.append((dateline.start(), dateline.end()))
    return spans


# ----------------------------------------------------------------------------------------------------
# Resolution
# ----------------------------------------------------------------------------------------------------


def resolve_weekday(weekday: int, published: Published, strictly_before: bool = False) -> date | None:
    """Most recent `weekday` (0 = Monday) on or before a day-precision publication day, else None."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0..6 (Monday..Sunday), got {weekday}")
    if published.precision != "day" or published.day is None:
        return None
    delta = (published.day.weekday() - weekday) % 7
    if strictly_before and delta == 0:
        delta = 7
    return _shift(published.day, -delta)


def _next_weekday(weekday: int, published: Published) -> date | None:
    if published.precision != "day" or published.day is None:
        return None
    return _shift(published.day, (weekday - published.day.weekday()) % 7 or 7)


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _infer_year(month: int, day: int, published: Published) -> date | None:
    """Day and month without a year: the latest such date on or before the published period's end + 1 day."""
    if published.day is None or published.precision is None:
        return None
    pub = published.day
    if published.precision == "day":
        upper = pub
    elif published.precision == "month":
        upper = pub.replace(day=calendar.monthrange(pub.year, pub.month)[1])
    else:
        upper = pub.replace(month=12, day=31)
    upper = _shift(upper, 1) or upper
    for year in (upper.year, upper.year - 1):
        candidate = _make_date(year, month, day)
        if candidate is not None and candidate <= upper:
            return candidate
    return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------------------
# Grammar: TOML rules compiled into one regex per language
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    kind: str  # absolute | weekday | relative | vague | iso | numeric
    base: str | None = None  # relative rules: published | anchor | none
    offset: int = 0
    per_num: int = 0


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern[str]
    rules: dict[str, _Rule]
    weekdays: dict[str, int]
    months: dict[str, int]
    numbers: dict[str, int]
    numeric_orders: tuple[str, ...]
    anchor_before: re.Pattern[str] | None


_BUILTIN = {
    # ISO dates, with an optional time ("2024-02-12", "2024-06-10T05:14+0000").
    "iso": r"(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?",
    # 15/04/2013, 15.04.2013: the order comes from the language (numeric_orders).
    "numeric": r"(?P<numeric_a>\d{1,2})(?P<numeric_sep>[/.])(?P<numeric_b>\d{1,2})(?P=numeric_sep)"
    r"(?P<numeric_y>\d{4})",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_NAME_CHARS = re.compile(r"[^\W\d_]+(?:\\\.\??)?")
_ANCHOR_WINDOW = 40


def _name_key(name: str) -> str:
    return name.lower().replace("\\.", "").replace("?", "").rstrip(".")


def _alternation(names: list[str], capitalised: bool) -> str:
    for name in names:
        if not _NAME_CHARS.fullmatch(name):
            raise ValueError(f"date name {name!r}: letters and an optional trailing \\. only")
    ordered = sorted(names, key=len, reverse=True)
    if capitalised:
        variants = [v for n in ordered for v in (n[:1].upper() + n[1:], n.upper())]
        return "(?-i:" + "|".join(variants) + r")(?!\w)"
    return "(?:" + "|".join(ordered) + r")(?!\w)"


def _expand(pattern: str, group: str, parts: dict[str, str], snippets: dict[str, str], depth: int = 0) -> str:
    if depth > 5:
        raise ValueError(f"snippets nested too deep in {pattern!r}")

    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in parts:
            return parts[name].replace("<G>", group)
        if name in snippets:
            return "(?:" + _expand(snippets[name], group, parts, snippets, depth + 1) + ")"
        raise ValueError(f"unknown placeholder {{{name}}} in date pattern {pattern!r}")

    return _PLACEHOLDER.sub(replace, pattern)


@cache
def _grammar(lang: str) -> _Grammar:
    path = DATA_DIR / lang / "dates.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    names = data.get("names", {})
    rules: dict[str, _Rule] = {}
    sources: list[str] = []
    for kind, source in _BUILTIN.items():
        if kind == "numeric" and not names.get("numeric_orders"):
            continue
        rules[kind] = _Rule(kind)
        sources.append(rf"(?P<{kind}>(?<![\w/.-]){source}(?![\w/-]|\.\d))")

    weekdays: dict[str, int] = {}
    months: dict[str, int] = {}
    numbers: dict[str, int] = {k.lower(): int(v) for k, v in names.get("numbers", {}).items()}
    if data:
        capitalised = bool(names.get("capitalised", False))
        for index, alts in enumerate(names["weekdays"]):
            weekdays.update((_name_key(a), index) for a in alts)
        for index, alts in enumerate(names["months"], start=1):
            months.update((_name_key(a), index) for a in alts)
        wd = _alternation([a for alts in names["weekdays"] for a in alts], capitalised)
        mo = _alternation([a for alts in names["months"] for a in alts], capitalised)
        day = r"3[01]|[12][0-9]|0?[1-9]"
        suffix = names.get("day_suffix", "")
        num = "|".join([r"\d{1,2}", *sorted(map(re.escape, numbers), key=len, reverse=True)])
        parts = {
            "weekday": f"(?P<<G>_wd>{wd})",
            "weekday_from": f"(?:{wd})",
            "month": f"(?P<<G>_m>{mo})",
            "month_from": f"(?:{mo})",
            "day": f"(?P<<G>_d>{day})(?!\\d){suffix}",
            "day_from": f"(?:{day})(?!\\d){suffix}",
            "year": r"(?P<<G>_y>(?:19|20)\d\d)(?!\d)",
            "year_from": r"(?:19|20)\d\d(?!\d)",
            "num": f"(?P<<G>_n>{num})(?!\\w)",
            "last": "(?P<<G>_last>" + "|".join(names.get("last", ["(?!)"])) + r")(?!\w)",
            "next": "(?P<<G>_next>" + "|".join(names.get("next", ["(?!)"])) + r")(?!\w)",
        }
        snippets = data.get("snippets", {})
        for index, rule in enumerate(data.get("rule", [])):
            _check_rule(path, rule)
            group = f"r{index}"
            body = _expand(rule["pattern"], group, parts, snippets).replace(" ", r"\s+")
            rules[group] = _Rule(
                kind=rule["kind"],
                base=rule.get("base"),
                offset=int(rule.get("offset", 0)),
                per_num=int(rule.get("per_num", 0)),
            )
            sources.append(rf"(?P<{group}>(?:{body})(?!\w))")
    anchor = names.get("anchor_before")
    return _Grammar(
        # One leading word-boundary test: the alternatives are only tried where a word starts.
        regex=re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(sources) + ")", _FLAGS),
        rules=rules,
        weekdays=weekdays,
        months=months,
        numbers=numbers,
        numeric_orders=tuple(names.get("numeric_orders", ())),
        anchor_before=re.compile(rf"(?<!\w)(?:{anchor})\s*\Z", _FLAGS) if anchor else None,
    )


_NEEDS = {"absolute": ("{day}", "{month}"), "weekday": ("{weekday}",), "relative": (), "vague": ()}


def _check_rule(path: Path, rule: dict[str, Any]) -> None:
    """Fail at load time, with the file named, on a rule the resolver could not use."""
    kind = rule.get("kind")
    if kind not in _NEEDS:
        raise ValueError(f"{path}: rule kind {kind!r} not in {sorted(_NEEDS)}")
    missing = [p for p in _NEEDS[kind] if p not in rule.get("pattern", "")]
    if missing:
        raise ValueError(f"{path}: {kind} rule {rule.get('pattern')!r} lacks {missing}")
    if kind == "relative" and rule.get("base") not in ("published", "anchor", "none"):
        raise ValueError(f"{path}: relative rule {rule['pattern']!r} needs base = published|anchor|none")
    if rule.get("per_num") and "{num}" not in rule["pattern"]:
        raise ValueError(f"{path}: rule {rule['pattern']!r} has per_num but no {{num}}")


@cache
def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in DATA_DIR.glob("*/dates.toml")))


def _language(lang: str | None) -> str:
    code = (lang or "").lower().replace("_", "-").split("-")[0]
    return code if code in supported_languages() else ""


# ----------------------------------------------------------------------------------------------------
# Mentions
# ----------------------------------------------------------------------------------------------------


def find_dates(text: str, lang: str, published: Published, anchor: date | None = None) -> list[DateMention]:
    """Every date phrase of `text`, resolved where text and publication date fix the day.

    `anchor` is the narrative's reference day for "la veille"/"the next day"; it defaults to the publication
    day when that is known to the day. An unsupported language gets only ISO dates.
    """
    grammar = _grammar(_language(lang))
    folded = text.translate(_FOLD)
    if anchor is None and published.precision == "day":
        anchor = published.day
    skip = _metadata_spans(folded)
    mentions: list[DateMention] = []
    for m in grammar.regex.finditer(folded):
        group = m.lastgroup
        if group is None:
            continue
        start, end = m.span()
        if any(s <= start and end <= e for s, e in skip):
            continue
        rule = grammar.rules[group]
        # "since early morning" stays within the day: only a dated point can anchor a running total.
        is_anchor = rule.base != "none" and bool(
            grammar.anchor_before
            and grammar.anchor_before.search(folded, max(0, start - _ANCHOR_WINDOW), start)
        )
        mentions.append(
            DateMention(
                start=start,
                end=end,
                text=text[start:end],
                date=_resolve(grammar, rule, group, m, published, anchor),
                kind=_public_kind(rule.kind),
                is_anchor=is_anchor,
            )
        )
    return mentions


def _public_kind(kind: str) -> MentionKind:
    if kind in ("iso", "numeric", "absolute"):
        return "absolute"
    if kind == "weekday":
        return "weekday"
    if kind == "relative":
        return "relative"
    return "vague"


def _resolve(
    grammar: _Grammar, rule: _Rule, group: str, m: re.Match[str], published: Published, anchor: date | None
) -> date | None:
    if rule.kind == "iso":
        return _make_date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    if rule.kind == "numeric":
        return _numeric(grammar, int(m["numeric_a"]), int(m["numeric_b"]), int(m["numeric_y"]))
    if rule.kind == "absolute":
        month = grammar.months.get(_name_key(m[f"{group}_m"]))
        if month is None:
            return None
        day = int(m[f"{group}_d"])
        year = m.groupdict().get(f"{group}_y")
        return _make_date(int(year), month, day) if year else _infer_year(month, day, published)
    if rule.kind == "weekday":
        weekday = grammar.weekdays.get(_name_key(m[f"{group}_wd"]))
        if weekday is None:
            return None
        if m.groupdict().get(f"{group}_next"):
            return _next_weekday(weekday, published)
        return resolve_weekday(weekday, published, strictly_before=bool(m.groupdict().get(f"{group}_last")))
    if rule.kind == "relative":
        base = published.day if rule.base == "published" and published.precision == "day" else None
        if rule.base == "anchor":
            base = anchor
        if base is None:
            return None
        count = 0
        if rule.per_num:
            token = m[f"{group}_n"].lower()
            count = int(token) if token.isdigit() else grammar.numbers.get(token, 0)
        return _shift(base, rule.offset + rule.per_num * count)
    return None


def _numeric(grammar: _Grammar, a: int, b: int, year: int) -> date | None:
    readings = set()
    for order in grammar.numeric_orders:
        day, month = (a, b) if order == "dmy" else (b, a)
        candidate = _make_date(year, month, day)
        if candidate is not None:
            readings.add(candidate)
    return readings.pop() if len(readings) == 1 else None
