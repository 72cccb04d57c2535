"""What a subscriber asks for: country, admin1, event type, fatalities, language, background, headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tocsin.clients.subscribe import IncidentFilter

EXAMPLE: dict[str, Any] = orjson.loads(
    (Path(__file__).resolve().parents[2] / "schemas/examples/incident.v1.json").read_bytes()
)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (IncidentFilter(), True),
        (IncidentFilter(countries=["iq", "SY"]), True),
        (IncidentFilter(countries=["SY"]), False),
        (IncidentFilter(admin1=["salah al-din"]), True),
        (IncidentFilter(admin1=["Baghdad"]), False),
        (IncidentFilter(event_types=["Strategic developments"]), True),
        (IncidentFilter(event_types=["disrupted weapons use"]), True),  # sub-event type matches too
        (IncidentFilter(event_types=["Battles"]), False),
        (IncidentFilter(languages=["fr"]), True),
        (IncidentFilter(languages=["en"]), False),
        (IncidentFilter(min_fatalities=0), True),
        (IncidentFilter(min_fatalities=1), False),  # unknown fatalities do not pass a minimum
        (IncidentFilter(include_background=False), True),
    ],
)
def test_filter(wanted: IncidentFilter, expected: bool) -> None:
    assert wanted.matches(EXAMPLE) is expected


def test_fatalities_and_background() -> None:
    deadly = {**EXAMPLE, "fatalities": 3, "background": True}
    assert IncidentFilter(min_fatalities=3).matches(deadly)
    assert not IncidentFilter(min_fatalities=4).matches(deadly)
    assert not IncidentFilter(include_background=False).matches(deadly)


def test_headers() -> None:
    wanted = IncidentFilter(headers={"trace-id": "t1"})
    assert wanted.matches(EXAMPLE, {"trace-id": "t1", "producer": "tocsin-worker"})
    assert not wanted.matches(EXAMPLE, {"trace-id": "t2"})
    assert not wanted.matches(EXAMPLE, None)
