"""CSV in ACLED's column order, JSON lines with or without headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson

from tocsin.clients.output import ACLED_COLUMNS, IncidentWriter, acled_row, country_name

EXAMPLE = orjson.loads(
    (Path(__file__).resolve().parents[2] / "schemas/examples/incident.v1.json").read_bytes()
)


def test_columns_follow_acled_order() -> None:
    assert ACLED_COLUMNS == (
        "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country", "admin1",
        "location", "latitude", "longitude", "fatalities", "notes", "source",
    )  # fmt: skip


def test_row_maps_incident_fields() -> None:
    row = dict(zip(ACLED_COLUMNS, acled_row(EXAMPLE), strict=True))
    assert row["event_id_cnty"] == EXAMPLE["incident_id"]
    assert row["event_date"] == ""  # unknown date: empty, not invented
    assert row["actor1"] == "Islamic Resistance in Iraq"
    assert row["country"] == "Iraq"
    assert row["latitude"] == "33.94"
    assert row["fatalities"] == ""  # unknown is not 0
    assert row["notes"] == EXAMPLE["evidence"]["text"]
    assert row["source"] == "afp-2024-01-19-balad-drone"


def test_country_names() -> None:
    assert country_name("SY") == "Syria"
    assert country_name("ZZ") == "ZZ"
    assert country_name(None) == ""


def test_csv_writer_quotes_and_counts() -> None:
    out = io.StringIO()
    writer = IncidentWriter(out, "csv")
    writer.write({**EXAMPLE, "location": 'Balad, "the base"'})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(ACLED_COLUMNS)
    assert rows[1][7] == 'Balad, "the base"'
    assert writer.count == 1


def test_jsonl_with_headers() -> None:
    out = io.StringIO()
    IncidentWriter(out, "jsonl", headers=True).write(EXAMPLE, {"trace-id": "t1"})
    line = orjson.loads(out.getvalue())
    assert line["headers"] == {"trace-id": "t1"} and line["incident"]["incident_id"] == EXAMPLE["incident_id"]
