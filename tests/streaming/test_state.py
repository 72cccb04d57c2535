"""Dedup, merge and idempotent counting over plain dicts (the worker runs the same code over Faust tables)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tocsin.streaming import windows
from tocsin.streaming.dedup import fold
from tocsin.streaming.regions import sub_region
from tocsin.streaming.state import RegionState, Report, count_keys

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
DAY = 86400


def _record(article: str, n: int, *, town: str | None = "Mopti", admin1: str | None = "Mopti",
            date: str | None = "2027-01-14", etype: str = "Battles", start: int = 0) -> dict[str, Any]:  # fmt: skip
    return {
        "incident_id": f"inc_{article}_{start}",
        "article_id": article,
        "country": "ML",
        "admin1": admin1,
        "location": town,
        "event_type": etype,
        "sub_event_type": "Armed clash",
        "date": date,
        "fatalities": n,
        "injured": None,
        "perpetrator": None,
        "claimed": False,
        "weapon": "unknown",
        "confidence": 0.8,
        "sources": [article],
    }


def _report(record: dict[str, Any], published: float = NOW - DAY / 2) -> Report:
    return Report(record, NOW - DAY, "incident_date", published, "v1", "trace")


def _state() -> RegionState:
    return RegionState({}, {}, {}, {}, windows.WindowPolicy())


def test_two_outlets_make_one_incident_with_both_sources_and_the_latest_toll() -> None:
    s = _state()
    first = s.apply(_report(_record("a", 3)), 0, NOW)
    second = s.apply(_report(_record("b", 7), published=NOW - 3600), 1, NOW)
    assert (first.kind, second.kind) == ("new", "merged")
    assert second.incident["incident_id"] == "inc_a_0"
    assert second.incident["sources"] == ["a", "b"]
    assert second.incident["fatalities"] == 7
    assert s.counts["country:ML|*"]["all"] == 1
    assert not second.count_changes


def test_an_older_report_arriving_late_does_not_overwrite_the_toll() -> None:
    s = _state()
    s.apply(_report(_record("new", 9), published=NOW - 3600), 0, NOW)
    out = s.apply(_report(_record("old", 4), published=NOW - DAY), 1, NOW)
    assert out.incident["fatalities"] == 9 and out.incident["sources"] == ["new", "old"]


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        ({"date": "2027-01-13"}, False),  # both dated: the dates must agree (ACLED codes one event a day)
        ({"date": None}, True),  # one undated report: its event day comes from publication, ±1 day
        ({"date": "2027-01-11"}, False),
        ({"location": "Gao", "admin1": "Gao"}, False),
        ({"location": None}, True),  # same admin1, one report without a town
        ({"etype": "Violence against civilians"}, False),
        ({"location": None, "admin1": None}, False),  # country-level only, no shared anchor
    ],
)
def test_matching_rule(other: dict[str, Any], merged: bool) -> None:
    s = _state()
    s.apply(_report(_record("a", 3)), 0, NOW)
    kwargs: dict[str, Any] = {"town": other.get("location", "Mopti"), "admin1": other.get("admin1", "Mopti")}
    kwargs |= {k: v for k, v in other.items() if k in ("date", "etype")}
    out = s.apply(_report(_record("b", 3, **kwargs)), 1, NOW)
    assert (out.kind == "merged") is merged
    assert s.counts["country:ML|*"]["all"] == (1 if merged else 2)


def test_two_incidents_of_one_article_are_never_merged() -> None:
    s = _state()
    s.apply(_report(_record("a", 3, start=0)), 0, NOW)
    out = s.apply(_report(_record("a", 5, start=90)), 1, NOW)
    assert out.kind == "new" and len(s.incidents) == 2


def test_replaying_a_report_changes_nothing() -> None:
    s = _state()
    s.apply(_report(_record("a", 3)), 0, NOW)
    s.apply(_report(_record("b", 4)), 1, NOW)
    before = copy.deepcopy((s.incidents, s.aliases, s.index, s.counts))
    again = s.apply(_report(_record("b", 4)), 1, NOW)
    assert again.kind == "replay"
    assert (s.incidents, s.aliases, s.index, s.counts) == before


@pytest.mark.parametrize("lost", ["incidents", "aliases", "index", "counts"])
def test_replay_after_a_partial_write_converges(lost: str) -> None:
    """A crash may persist some tables' changelog writes and not others; replaying repairs any subset."""
    whole = _state()
    whole.apply(_report(_record("a", 3)), 0, NOW)
    partial = _state()
    partial.apply(_report(_record("a", 3)), 0, NOW)
    getattr(partial, lost).clear()
    partial.apply(_report(_record("a", 3)), 0, NOW)
    assert (partial.incidents, partial.aliases, partial.counts) == (
        whole.incidents,
        whole.aliases,
        whole.counts,
    )
    assert partial.counts["admin1:ML/Mopti|Battles"]["all"] == 1


def test_count_keys_cover_sub_region_country_and_admin1_by_event_type() -> None:
    keys = count_keys(_record("a", 1))
    assert "subregion:Western Africa|*" in keys and "subregion:Western Africa|Battles" in keys
    assert "country:ML|Battles" in keys and "admin1:ML/Mopti|*" in keys and len(keys) == 6
    assert len(count_keys(_record("a", 1, admin1=None))) == 4


def test_m49_sub_regions() -> None:
    assert sub_region("IQ").name == "Western Asia"
    assert sub_region("ML").name == "Western Africa"
    assert sub_region("CD").name == "Middle Africa"
    assert sub_region("FR").code == "155"
    assert sub_region("AQ").code == "000"


def test_fold() -> None:
    assert fold("Ségou") == fold("SEGOU") == "segou"
    assert fold("Salah al-Din") == "salah al din"


def test_incidents_untouched_for_the_retention_are_forgotten_with_their_aliases_and_index() -> None:
    s = RegionState({}, {}, {}, {}, windows.WindowPolicy(), retention_s=DAY)
    s.apply(_report(_record("a", 3)), 0, NOW, partition=2)
    s.apply(_report(_record("b", 5), published=NOW - 3600), 1, NOW, partition=2)  # merged into a's incident
    s.apply(_report(_record("c", 1, town="Gao", admin1="Gao")), 2, NOW + DAY, partition=2)  # touched later
    assert len(s.incidents) == 2 and len(s.aliases) == 3
    assert s.expire(partition=1, now=NOW + 1.5 * DAY) == 0  # another partition's keys are not ours to delete
    assert s.expire(partition=2, now=NOW + 1.5 * DAY) == 1
    assert list(s.incidents) == ["inc_c_0"]
    assert set(s.aliases) == {"inc_c_0"}
    assert all(slot["ids"] == ["inc_c_0"] for slot in s.index.values())
    assert s.counts["country:ML|*"]["all"] == 2  # counts stay: only the dedup memory goes


def test_a_report_after_the_retention_starts_a_new_incident() -> None:
    s = RegionState({}, {}, {}, {}, windows.WindowPolicy(), retention_s=DAY)
    s.apply(_report(_record("a", 3)), 0, NOW)
    s.expire(0, NOW + 2 * DAY)
    late = s.apply(_report(_record("b", 3)), 1, NOW + 2 * DAY)
    assert late.kind == "new"
