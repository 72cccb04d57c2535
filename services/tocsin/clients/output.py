"""Writing incidents for people and spreadsheets: JSON lines, or CSV in ACLED's column order.

The CSV keeps ACLED's names and order for the columns Tocsin codes, so that a sheet or script made for an ACLED
export reads it unchanged: `country` is the English short name (pycountry), `actor1` the canonical perpetrator,
`notes` the evidence sentence, `source` the ids of the articles that reported it. Unknown values are empty cells
(an unknown fatality count is not 0).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache
from typing import IO, Any, Literal

import orjson
import pycountry

OutputFormat = Literal["jsonl", "csv"]
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "notes",
    "source",
)


@cache
def country_name(code: str | None) -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def acled_row(incident: Mapping[str, Any]) -> list[str]:
    sources = incident.get("sources") or [incident["article_id"]]
    return [
        incident["incident_id"],
        _cell(incident.get("date")),
        incident["event_type"],
        incident["sub_event_type"],
        _cell(incident.get("perpetrator")),
        country_name(incident.get("country")),
        _cell(incident.get("admin1")),
        _cell(incident.get("location")),
        _cell(incident.get("latitude")),
        _cell(incident.get("longitude")),
        _cell(incident.get("fatalities")),
        incident["evidence"]["text"],
        "; ".join(sources),
    ]


class IncidentWriter:
    """Writes one incident at a time and flushes, so `tail -f` and pipes see each as it arrives."""

    def __init__(self, stream: IO[str], fmt: OutputFormat = "jsonl", headers: bool = False) -> None:
        self.stream = stream
        self.fmt = fmt
        self.with_headers = headers
        self.count = 0
        self._csv = csv.writer(stream, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(ACLED_COLUMNS)
            stream.flush()

    def write(self, incident: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> None:
        if self._csv is not None:
            self._csv.writerow(acled_row(incident))
        elif self.with_headers:
            self.stream.write(orjson.dumps({"incident": incident, "headers": headers or {}}).decode() + "\n")
        else:
            self.stream.write(orjson.dumps(incident).decode() + "\n")
        self.stream.flush()
        self.count += 1
