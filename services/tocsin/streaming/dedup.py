"""Cross-article dedup: when two reports describe the same incident, and how their records merge.

The rule (measured in docs/streaming.md) asks for agreement on everything both reports state, and at least one
shared place anchor finer than the country:
- same country and ACLED event type (the lookup key), never two incidents of one article version (the extractor
  split them on purpose);
- the same incident date when both reports give one; else event days (incident date, or the day of the
  time basis) at most one day apart — a publication day is often the day after the event;
- admin1, location and perpetrator equal when both sides give them (case- and accent-insensitive);
- and a shared location, or a shared admin1 when a location is missing, or — both at country level — a shared
  named perpetrator.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

DAY = 86400


@dataclass(frozen=True)
class Key:
    """What the rule compares; built from an incident record and its event time."""

    country: str
    event_type: str
    admin1: str | None
    location: str | None
    perpetrator: str | None
    day: date  # the incident date, else the UTC day of the event time
    dated: bool
    article: str  # "<article id>@<version>"

    @property
    def lookup(self) -> str:
        return index_key(self.country, self.event_type, self.day)


def index_key(country: str, event_type: str, day: date) -> str:
    return f"{country}|{event_type}|{day.isoformat()}"


def fold(text: str | None) -> str | None:
    if not text:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ").split())


def key_of(record: dict[str, Any], event_time: float, article: str) -> Key:
    dated = record.get("date") is not None
    day = date.fromisoformat(record["date"]) if dated else datetime.fromtimestamp(event_time, UTC).date()
    return Key(
        country=record["country"],
        event_type=record["event_type"],
        admin1=fold(record.get("admin1")),
        location=fold(record.get("location")),
        perpetrator=fold(record.get("perpetrator")),
        day=day,
        dated=dated,
        article=article,
    )


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def same_incident(a: Key, b: Key) -> bool:
    if a.article == b.article or a.country != b.country or a.event_type != b.event_type:
        return False
    if abs((a.day - b.day).days) > (0 if a.dated and b.dated else 1):
        return False
    if not (
        _agree(a.admin1, b.admin1) and _agree(a.location, b.location) and _agree(a.perpetrator, b.perpetrator)
    ):
        return False
    if a.location is not None and a.location == b.location:
        return True
    if (a.location is None or b.location is None) and a.admin1 is not None and a.admin1 == b.admin1:
        return True
    both_country_level = a.admin1 is None and b.admin1 is None and a.location is None and b.location is None
    return both_country_level and a.perpetrator is not None and a.perpetrator == b.perpetrator


_FILL = (
    "location",
    "latitude",
    "longitude",
    "perpetrator",
    "perpetrator_text",
    "target",
    "date",
    "date_text",
)


def merge(current: dict[str, Any], report: dict[str, Any], report_newer: bool) -> dict[str, Any]:
    """The incident after one more report: its sources, the latest toll, and details the first report lacked.

    The place that decided the counts (country, admin1) and the incident_id never change, so an update never
    moves a count. `report_newer`: the report was published after the one the current toll comes from.
    """
    out = dict(current)
    sources = list(current.get("sources") or [current["article_id"]])
    for source in report.get("sources") or [report["article_id"]]:
        if source not in sources:
            sources.append(source)
    out["sources"] = sources
    for toll in ("fatalities", "injured"):
        if report.get(toll) is not None and (report_newer or current.get(toll) is None):
            out[toll] = report[toll]
    for name in _FILL:
        if (
            out.get(name) is None
            and report.get(name) is not None
            and _agree(fold(current.get("admin1")), fold(report.get("admin1")))
        ):
            out[name] = report[name]
    if out.get("weapon") == "unknown" and report.get("weapon") not in (None, "unknown"):
        out["weapon"] = report["weapon"]
    out["claimed"] = bool(current.get("claimed")) or bool(report.get("claimed"))
    out["confidence"] = max(float(current.get("confidence") or 0), float(report.get("confidence") or 0))
    out["extracted_at"] = report.get("extracted_at", current.get("extracted_at"))
    return out
