"""The Faust application: topics, agents, count tables and web views — the thin streaming layer.

articles.raw ─► process_articles ─► incidents.v1 (keyed by incident_id)
                     │  └─► articles.deadletter (bad input + reason)
                     └─► tocsin-region-events (re-keyed by country) ─► count_regions ─► tables ─► /counts, region-counts.v1

Knows nothing of French or English: it calls the extraction core through `Extractor` and the record helpers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import faust
import orjson
from faust.web import Request, Response, View

from ..config import Settings
from ..contracts import SCHEMA_VERSION, validate
from ..extraction.language import UnsupportedLanguage
from ..extraction.model import Article, Incident
from ..extraction.pipeline import Extractor
from ..records import Rejection, deadletter_record, decode_article, incident_record

log = logging.getLogger(__name__)

WINDOWS: dict[str, int] = {"1h": 3600, "24h": 86400}


class RegionEvent(faust.Record, serializer="json"):
    """One counted incident, keyed by country so that a country and its admin1 units live in one partition."""

    incident_id: str
    country: str
    admin1: str | None
    event_type: str
    event_time: float  # epoch seconds: incident date, else day-precision publication, else ingest time
    time_basis: str


def event_time(article: Article, incident: Incident, ingest: float) -> tuple[float, str]:
    """Which clock a count uses: the incident's day, else the article's day of publication, else ingest time."""
    if incident.date is not None:
        return _noon(incident.date), "incident_date"
    if article.published.day is not None and article.published.precision == "day":
        return _noon(article.published.day), "published"
    return ingest, "ingest"


def _noon(day: date) -> float:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()


def regions_of(country: str, admin1: str | None) -> list[str]:
    return [country] + ([f"{country}/{admin1}"] if admin1 else [])


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def create_app(settings: Settings, extractor: Extractor | None = None) -> faust.App:
    app = faust.App(
        settings.app_id,
        broker=settings.broker_url,
        store=settings.store,
        datadir=str(settings.data_dir),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_enabled=True,
        processing_guarantee=settings.processing_guarantee,
        key_serializer="raw",
        value_serializer="raw",
        table_cleanup_interval=60.0,
    )
    core = extractor or Extractor()
    topics = settings.topics
    articles = app.topic(topics.articles, partitions=settings.partitions, internal=True)
    incidents = app.topic(topics.incidents, partitions=settings.partitions, internal=True)
    deadletter = app.topic(topics.deadletter, partitions=settings.partitions, internal=True)
    counts_topic = app.topic(topics.counts, partitions=settings.partitions, internal=True)
    region_events = app.topic(
        topics.region_events,
        key_type=str,
        value_type=RegionEvent,
        key_serializer="raw",
        value_serializer="json",
        partitions=settings.partitions,
        internal=True,
    )

    all_time = app.Table("region-counts-all", default=int, partitions=settings.partitions)
    windowed = {
        name: app.Table(f"region-counts-{name}", default=int, partitions=settings.partitions)
        .tumbling(size, expires=timedelta(seconds=size * 48))
        .relative_to_field(RegionEvent.event_time)  # type: ignore[arg-type]
        for name, size in WINDOWS.items()
    }
    app.tocsin_tables = {"all": all_time, **windowed}  # type: ignore[attr-defined]

    async def dead_letter(rejection: Rejection, event: Any) -> None:
        msg = event.message
        record = deadletter_record(
            rejection,
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            key=msg.key,
            value=msg.value,
        )
        log.warning("dead-letter %s offset %s: %s", msg.topic, msg.offset, rejection)
        await deadletter.send(key=msg.key, value=orjson.dumps(record))

    @app.agent(articles)
    async def process_articles(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            ingest = time.time()
            try:
                article = decode_article(raw, settings.max_text_chars)
                result = core.extract(article)
            except Rejection as rejection:
                await dead_letter(rejection, event)
                continue
            except UnsupportedLanguage as exc:
                await dead_letter(Rejection("unsupported_language", str(exc)), event)
                continue
            except Exception as exc:  # a bug must not stop the stream, nor lose the message
                log.exception("processing failed")
                await dead_letter(Rejection("processing_error", f"{type(exc).__name__}: {exc}"), event)
                continue
            for incident in result.incidents:
                record = incident_record(article, incident)
                validate("incident", record)
                await incidents.send(key=record["incident_id"].encode(), value=orjson.dumps(record))
                if incident.background or incident.country is None:
                    continue
                ts, basis = event_time(article, incident, ingest)
                await region_events.send(
                    key=incident.country,
                    value=RegionEvent(
                        incident_id=record["incident_id"],
                        country=incident.country,
                        admin1=incident.admin1,
                        event_type=incident.event_type,
                        event_time=ts,
                        time_basis=basis,
                    ),
                )
            yield None

    @app.agent(region_events)
    async def count_regions(stream: faust.StreamT[RegionEvent]) -> AsyncIterator[None]:
        async for ev in stream:
            now = _iso(time.time())
            for region in regions_of(ev.country, ev.admin1):
                all_time[region] += 1
                changes: list[tuple[str, str | None, str | None, Any]] = [
                    ("all", None, None, all_time[region])
                ]
                for name, size in WINDOWS.items():
                    table = windowed[name]
                    table[region] += 1
                    start = ev.event_time - ev.event_time % size
                    changes.append((name, _iso(start), _iso(start + size), table[region].value()))
                for window, start_iso, end_iso, count in changes:
                    record = {
                        "schema_version": SCHEMA_VERSION,
                        "region": region,
                        "country": ev.country,
                        "admin1": ev.admin1 if "/" in region else None,
                        "window": window,
                        "window_start": start_iso,
                        "window_end": end_iso,
                        "count": int(count),
                        "updated_at": now,
                    }
                    key = f"{region}|{window}|{start_iso or 'all'}"
                    await counts_topic.send(key=key.encode(), value=orjson.dumps(record))
            yield None

    @app.page("/counts")
    class CountsView(View):
        async def get(self, request: Request) -> Response:
            country = request.query.get("country")
            admin1 = request.query.get("admin1")
            rows = []
            for region in sorted(all_time.keys()):
                ctry, _, adm = region.partition("/")
                if country and ctry != country.upper():
                    continue
                if admin1 and adm != admin1:
                    continue
                row: dict[str, Any] = {"region": region, "country": ctry, "admin1": adm or None}
                row["all"] = all_time[region]
                for name in WINDOWS:
                    row[name] = windowed[name][region].now()
                rows.append(row)
            return self.json({"schema_version": SCHEMA_VERSION, "counts": rows})

    @app.page("/healthz")
    class HealthView(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok"})

    return app
