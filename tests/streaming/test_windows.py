"""Tumbling 1 h / 24 h, hopping 7 d by 1 d, all time; grace for late events; expiry of old buckets."""

from __future__ import annotations

from tocsin.streaming import windows
from tocsin.streaming.timebasis import event_time

HOUR, DAY = 3600, 86400
NOW = 1_800_000_000.0 - 1_800_000_000.0 % DAY + 10.5 * HOUR  # 10:30 UTC on some day
POLICY = windows.WindowPolicy(grace=2 * DAY)


def test_an_event_now_counts_in_every_window() -> None:
    value = windows.add(None, NOW - 60, NOW, POLICY)
    assert windows.current(value, NOW) == {"1h": 1, "24h": 1, "7d": 1, "all": 1}


def test_hopping_week_sums_the_last_seven_days() -> None:
    value = None
    for days_ago in (0, 3, 6, 7):
        value = windows.add(value, NOW - days_ago * DAY, NOW, POLICY)
    assert windows.current(value, NOW) == {"1h": 1, "24h": 1, "7d": 3, "all": 4}
    weeks = windows.series(value, "7d", since=NOW - DAY)
    assert all(end - start == 7 * DAY for start, end, _ in weeks)
    assert max(n for _, _, n in weeks) == 3  # no 7-day window holds both today and 7 days ago


def test_late_events_beyond_the_grace_count_only_in_all_time() -> None:
    value = windows.add(None, NOW - 3 * DAY, NOW, POLICY)  # its hour and day closed more than 2 days ago
    assert value["h"] == {} and value["d"] == {}
    assert sum(value["w"].values()) == 1  # the 7-day windows containing that day are still open
    late = windows.add(None, NOW - 20 * DAY, NOW, POLICY)
    assert late["w"] == {} and late["all"] == 1


def test_old_buckets_expire_on_the_next_write() -> None:
    value = windows.add(None, NOW, NOW, POLICY)
    later = NOW + 30 * DAY
    value = windows.add(value, later, later, POLICY)
    assert len(value["h"]) == 1 and len(value["d"]) == 1 and len(value["w"]) == 1
    assert value["all"] == 2


def test_series_since_filters_old_windows() -> None:
    value = windows.add(windows.add(None, NOW - 5 * HOUR, NOW, POLICY), NOW, NOW, POLICY)
    assert [n for _, _, n in windows.series(value, "1h", since=NOW - 2 * HOUR)] == [1]
    assert [n for _, _, n in windows.series(value, "1h", since=0)] == [1, 1]
    assert windows.series(value, "all", since=0) == [(0.0, 0.0, 2)]


def test_time_basis_prefers_the_incident_date_then_publication_then_ingest() -> None:
    from datetime import date

    from tocsin.extraction.dates import parse_published
    from tocsin.extraction.model import Article, Evidence, Incident

    def incident(day: date | None) -> Incident:
        return Incident("Battles", "Armed clash", "ML", None, None, None, None, None, day, None, None, None,
                        None, None, False, None, "unknown", "unknown", False, Evidence("x", 0, 1), "fr", 0.5)  # fmt: skip

    stamped = Article("a", "x", published=parse_published("2027-01-15T07:30:00Z"))
    assert event_time(stamped, incident(date(2027, 1, 14)), 0.0) == (1_800_000_000.0 - 1_800_000_000.0 % DAY - DAY + 12 * HOUR, "incident_date")  # fmt: skip
    same_day = event_time(stamped, incident(date(2027, 1, 15)), 0.0)
    assert same_day[1] == "incident_date" and same_day[0] % DAY == 7.5 * HOUR
    assert event_time(stamped, incident(None), 0.0)[1] == "published"
    assert event_time(Article("b", "x"), incident(None), 123.0) == (123.0, "ingest")
