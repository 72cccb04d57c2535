"""Which clock a count uses for an incident (documented in docs/streaming.md).

1. the incident's date when the text gives one — at the article's publication time if that is the same day,
   else at noon UTC (a day-precision date has no hour; noon keeps it inside the same UTC day);
2. else the article's publication time (an RFC 3339 timestamp), or noon UTC of its day (day precision);
3. else the time the worker read the article (ingest).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ..extraction.model import Article, Incident


def published_ts(article: Article) -> float | None:
    raw = article.published.raw
    if raw and "T" in raw.upper():
        try:
            stamp = datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            return None
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.timestamp()
    if article.published.day is not None and article.published.precision == "day":
        return noon(article.published.day)
    return None


def event_time(article: Article, incident: Incident, ingest: float) -> tuple[float, str]:
    published = published_ts(article)
    if incident.date is not None:
        if published is not None and datetime.fromtimestamp(published, UTC).date() == incident.date:
            return published, "incident_date"
        return noon(incident.date), "incident_date"
    if published is not None:
        return published, "published"
    return ingest, "ingest"


def noon(day: date) -> float:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
