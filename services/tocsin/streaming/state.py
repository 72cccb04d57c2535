"""What one re-keyed incident report does to the partition's tables: dedup, merge, count — idempotently.

Runs inside the region agent, over table-like mappings (plain dicts in unit tests). Under at-least-once a
report can be processed again after a crash, with some of its table writes already in the changelogs and
others not (the tables are separate topics: there is no atomic write). Every table value therefore carries
the offset of the last report that changed it ("o"), and a step whose value already holds this report's offset
is skipped; a report is counted only by the offset that created its incident. Replaying any prefix of the
writes thus converges to the state of a single run. Outputs are always re-sent: they are upserts keyed by
incident id and by count key.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from . import dedup, windows
from .regions import sub_region

Table = MutableMapping[str, Any]


@dataclass(frozen=True)
class Report:
    """An incident of one article, as sent on the repartition topic (JSON)."""

    record: dict[str, Any]
    event_time: float
    time_basis: str
    published: float | None  # publication time of the article, to decide which toll is the latest
    article_version: str
    trace_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "event_time": self.event_time,
            "time_basis": self.time_basis,
            "published": self.published,
            "article_version": self.article_version,
            "trace_id": self.trace_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            record=data["record"],
            event_time=float(data["event_time"]),
            time_basis=data["time_basis"],
            published=data.get("published"),
            article_version=data["article_version"],
            trace_id=data["trace_id"],
        )


@dataclass
class Outcome:
    kind: str  # "new", "merged" (another article), "repeat" (an article incident seen before), "replay"
    incident: dict[str, Any]
    count_changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # count key → new value


def count_keys(record: dict[str, Any]) -> list[str]:
    """'<level>:<region>|<event type or *>' for the sub-region, the country and country/admin1."""
    country = record["country"]
    regions = [f"subregion:{sub_region(country).name}", f"country:{country}"]
    if record.get("admin1"):
        regions.append(f"admin1:{country}/{record['admin1']}")
    return [f"{region}|{etype}" for region in regions for etype in ("*", record["event_type"])]


@dataclass
class RegionState:
    incidents: Table  # canonical incident_id → {"record", "o", "created_o", "key", "toll_ts", "event_time"}
    aliases: Table  # per-article incident_id → {"c": canonical id, "o"}
    index: Table  # "<country>|<event type>|<day>" → {"ids": [canonical ids], "o"}
    counts: Table  # count key → windows value
    policy: windows.WindowPolicy = field(default_factory=windows.WindowPolicy)
    # An incident no report has touched for this long is forgotten (with its aliases and index entries), so the
    # tables stop growing; a report arriving later starts a new incident. Counts are kept (windows expire alone).
    retention_s: float = 9 * 86400.0

    def apply(self, report: Report, offset: int, now: float, partition: int = 0) -> Outcome:
        record = report.record
        own_id: str = record["incident_id"]
        key = dedup.key_of(record, report.event_time, f"{record['article_id']}@{report.article_version}")
        alias = self.aliases.get(own_id)
        canonical = alias["c"] if alias else (self._match(key) or own_id)
        entry = self.incidents.get(canonical)
        kind = "repeat" if alias else ("merged" if canonical != own_id else "new")
        if entry is None:
            entry = {
                "record": {**record, "incident_id": canonical},
                "o": offset,
                "created_o": offset,
                "key": _key_json(key),
                "toll_ts": report.published,
                "event_time": report.event_time,
                "p": partition,  # the changelog partition of every key written here (for the sweep)
                "s": now,  # last touched (retention)
            }
            self.incidents[canonical] = entry
        elif int(entry["o"]) < offset:
            newer = (
                report.published is None or entry["toll_ts"] is None or report.published >= entry["toll_ts"]
            )
            merged = dedup.merge(entry["record"], record, report_newer=newer)
            entry = {**entry, "record": merged, "o": offset, "p": partition, "s": now}
            if newer and report.published is not None:
                entry["toll_ts"] = report.published
            self.incidents[canonical] = entry
        else:
            kind = "replay"
        if alias is None:
            self.aliases[own_id] = {"c": canonical, "o": offset, "p": partition}
        outcome = Outcome(kind, entry["record"])
        if int(entry["created_o"]) == offset:  # this report created the incident: index it and count it once
            slot = self.index.get(key.lookup) or {"ids": [], "o": -1}
            if canonical not in slot["ids"]:
                self.index[key.lookup] = {"ids": [*slot["ids"], canonical], "o": offset, "p": partition}
            for ck in count_keys(entry["record"]):
                value = self.counts.get(ck)
                if value is None or int(value["o"]) < offset:
                    value = {**windows.add(value, report.event_time, now, self.policy), "o": offset}
                    self.counts[ck] = value
                outcome.count_changes[ck] = value
        return outcome

    def expire(self, partition: int, now: float) -> int:
        """Forget the incidents of `partition` untouched for `retention_s`, then the aliases and index entries
        that point to them; returns how many incidents went. Only keys written for this partition are touched,
        so the deletions land in its changelog partition (the caller is processing one of its events)."""
        cutoff = now - self.retention_s
        gone = {
            cid
            for cid, e in list(self.incidents.items())
            if e.get("p") == partition and float(e.get("s", now)) < cutoff
        }
        if not gone:
            return 0
        for cid in gone:
            del self.incidents[cid]
        for aid, a in list(self.aliases.items()):
            if a.get("p") == partition and a["c"] in gone:
                del self.aliases[aid]
        for lookup, slot in list(self.index.items()):
            if slot.get("p") != partition or not gone.intersection(slot["ids"]):
                continue
            kept = [cid for cid in slot["ids"] if cid not in gone]
            if kept:
                self.index[lookup] = {**slot, "ids": kept}
            else:
                del self.index[lookup]
        return len(gone)

    def _match(self, key: dedup.Key) -> str | None:
        for delta in (0, -1, 1):
            day = key.day.fromordinal(key.day.toordinal() + delta)
            slot = self.index.get(dedup.index_key(key.country, key.event_type, day))
            for cid in slot["ids"] if slot else ():
                entry = self.incidents.get(cid)
                if entry is not None and dedup.same_incident(_key_from_json(entry["key"]), key):
                    return str(cid)
        return None


def _key_json(key: dedup.Key) -> dict[str, Any]:
    return {
        "country": key.country,
        "event_type": key.event_type,
        "admin1": key.admin1,
        "location": key.location,
        "perpetrator": key.perpetrator,
        "day": key.day.isoformat(),
        "dated": key.dated,
        "article": key.article,
    }


def _key_from_json(data: dict[str, Any]) -> dedup.Key:
    from datetime import date

    return dedup.Key(**{**data, "day": date.fromisoformat(data["day"])})
