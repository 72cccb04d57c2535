"""Rolling counts in one small value per count key: tumbling 1 h and 24 h buckets, 7-day windows hopping by a
day, and all time. Pure functions over JSON-able dicts, so the table value is its own changelog record.

A count value is {"o": offset watermark, "all": n, "h": {hour_start: n}, "d": {day_start: n}, "w": {day_start: n}}
(bucket starts are epoch seconds as strings: JSON object keys). "w" holds the daily slices of the hopping
windows: the 7-day window starting on day D is the sum of the slices D … D+6.

Late events: a bucket accepts an event while `bucket end + grace >= now` (for the hopping slices the end is
that of the last 7-day window containing the day). Later events still count in "all". Expiry: a bucket is
dropped once `end + grace + keep < now`, on the next write to its key, so a key's state is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOUR = 3600
DAY = 86400
WEEK = 7 * DAY
WINDOWS = ("1h", "24h", "7d", "all")
_SIZE = {"h": HOUR, "d": DAY, "w": DAY}
_SPAN = {"h": HOUR, "d": DAY, "w": WEEK}  # how long after its start a bucket's (last) window ends
_KEEP = {"h": DAY, "d": 8 * DAY, "w": 8 * DAY}
_OF_WINDOW = {"1h": "h", "24h": "d", "7d": "w"}


@dataclass(frozen=True)
class WindowPolicy:
    grace: float = 2 * DAY  # news reports an attack hours to days after it happens


def empty() -> dict[str, Any]:
    return {"o": -1, "all": 0, "h": {}, "d": {}, "w": {}}


def add(value: dict[str, Any] | None, ts: float, now: float, policy: WindowPolicy) -> dict[str, Any]:
    """A new value with one event at `ts` counted in every window still open at `now`; expired buckets dropped."""
    out = (
        empty()
        if value is None
        else {**value, "h": dict(value["h"]), "d": dict(value["d"]), "w": dict(value["w"])}
    )
    out["all"] = int(out["all"]) + 1
    for kind, size in _SIZE.items():
        start = int(ts - ts % size)
        if start + _SPAN[kind] + policy.grace >= now:
            out[kind][str(start)] = int(out[kind].get(str(start), 0)) + 1
        for key in [k for k in out[kind] if int(k) + _SPAN[kind] + policy.grace + _KEEP[kind] < now]:
            del out[kind][key]
    return out


def current(value: dict[str, Any] | None, now: float) -> dict[str, int]:
    """Counts for the windows containing `now`: this hour, this UTC day, the 7 days ending today, all time."""
    if value is None:
        return dict.fromkeys(WINDOWS, 0)
    hour = int(now - now % HOUR)
    day = int(now - now % DAY)
    week = sum(int(value["w"].get(str(day - i * DAY), 0)) for i in range(7))
    return {
        "1h": int(value["h"].get(str(hour), 0)),
        "24h": int(value["d"].get(str(day), 0)),
        "7d": week,
        "all": int(value["all"]),
    }


def series(value: dict[str, Any] | None, window: str, since: float) -> list[tuple[float, float, int]]:
    """(start, end, count) of the windows of one kind that end after `since` and are still kept, oldest first."""
    if value is None:
        return []
    if window == "all":
        return [(0.0, 0.0, int(value["all"]))]
    kind = _OF_WINDOW[window]
    if kind != "w":
        size = _SIZE[kind]
        return [
            (float(s), float(s + size), int(n))
            for s, n in sorted((int(k), v) for k, v in value[kind].items())
            if s + size > since
        ]
    days = sorted(int(k) for k in value["w"])
    if not days:
        return []
    out = []
    for start in range(days[0] - 6 * DAY, days[-1] + DAY, DAY):
        n = sum(int(value["w"].get(str(start + i * DAY), 0)) for i in range(7))
        if n and start + WEEK > since:
            out.append((float(start), float(start + WEEK), n))
    return out
