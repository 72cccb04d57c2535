"""Shared by the streaming integration tests: unique names, a synthetic article stream, a committed-read
subscriber, and the reference result of an uninterrupted run (the same state code over plain dicts).

The synthetic articles are built from four short French sentence templates written for these tests (modelled
on wire-style reports such as "Une attaque a tué 3 soldats hier à Mopti, au Mali.") and towns that the
gazetteer knows. Each incident (town, day, type) is reported by one or two "outlets" with different wording
and toll; incidents of one town and type are 3 days apart, so the dedup rule (±1 day) must merge exactly the
reports of one incident.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from tocsin.extraction.pipeline import Extractor
from tocsin.records import decode_article, incident_record
from tocsin.streaming import windows
from tocsin.streaming.process import WorkerProcess
from tocsin.streaming.state import RegionState, Report
from tocsin.streaming.timebasis import event_time, published_ts

BATTLE = ("Une attaque a tué {n} soldats hier à {town}, {pays}.",
          "Selon une source locale, {n} soldats ont été tués hier lors d'une attaque contre leur position à {town}, {pays}.")  # fmt: skip
CIVILIANS = ("Des hommes armés ont tué {n} civils hier dans le village de {town}, {pays}.",
             "Le bilan de l'attaque menée hier contre des civils à {town}, {pays}, s'élève à {n} morts.")  # fmt: skip
TOWNS = (("Mopti", "au Mali"), ("Gao", "au Mali"), ("Ségou", "au Mali"), ("Djibo", "au Burkina Faso"),
         ("Dori", "au Burkina Faso"), ("Kaya", "au Burkina Faso"), ("Maiduguri", "au Nigeria"),
         ("Kirkouk", "en Irak"), ("Mossoul", "en Irak"), ("Kandahar", "en Afghanistan"),
         ("Beni", "en République démocratique du Congo"), ("Bunia", "en République démocratique du Congo"),
         ("Mogadiscio", "en Somalie"))  # fmt: skip
GRACE_FOR_TESTS = (
    "400000000"  # ~12 years: every synthetic event is inside every window, so counts do not drift
)


def names() -> dict[str, str]:
    suffix = uuid.uuid4().hex[:8]
    return {
        "TOCSIN_APP_ID": f"tocsin-test-{suffix}",
        "TOCSIN_TOPIC_ARTICLES": f"articles.raw.{suffix}",
        "TOCSIN_TOPIC_INCIDENTS": f"incidents.v1.{suffix}",
        "TOCSIN_TOPIC_DEADLETTER": f"articles.deadletter.{suffix}",
        "TOCSIN_TOPIC_COUNTS": f"region-counts.v1.{suffix}",
        "TOCSIN_TOPIC_REGION_EVENTS": f"tocsin-region-events.{suffix}",
        "TOCSIN_TOPIC_RECEIPTS": f"articles.receipts.v1.{suffix}",
        "TOCSIN_WINDOW_GRACE_S": GRACE_FOR_TESTS,
    }


def synthetic_articles(count: int, seed_day: date | None = None) -> list[dict[str, Any]]:
    """`count` articles; about one incident in four has a second report from another outlet."""
    today = seed_day or datetime.now(UTC).date()
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < count:
        town, pays = TOWNS[i % len(TOWNS)]
        kind = (i // len(TOWNS)) % 2
        day = today - timedelta(days=3 * (i // (2 * len(TOWNS))) + 1)
        templates = (BATTLE, CIVILIANS)[kind]
        reports = 2 if i % 4 == 0 else 1
        for r in range(min(reports, count - len(out))):
            published = datetime(day.year, day.month, day.day, 8 + 3 * r, tzinfo=UTC) + timedelta(days=1)
            out.append(
                {
                    "id": f"syn-{i:05d}-{r}",
                    "language": "fr",
                    "published": published.isoformat().replace("+00:00", "Z"),
                    "source": f"outlet-{r}",
                    "text": templates[r].format(n=2 + (i + r) % 7, town=town, pays=pays),
                }
            )
        i += 1
    return out


async def produce(bootstrap: str, topic: str, articles: list[dict[str, Any]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20)
    await producer.start()
    try:
        for article in articles:
            await producer.send(
                topic,
                key=article["id"].encode(),
                value=orjson.dumps(article),
                headers=[("trace-id", f"trace-{article['id']}".encode())],
            )
        await producer.flush()
    finally:
        await producer.stop()


async def read_committed(
    bootstrap: str, topic: str, done: Any, timeout: float
) -> tuple[dict[str, dict[str, Any]], Counter[str], list[Any]]:
    """Latest record per key (the topic is an upsert stream), messages per key, and the headers seen;
    stops when done(latest) is true or at the timeout."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", isolation_level="read_committed"
    )
    await consumer.start()
    latest: dict[str, dict[str, Any]] = {}
    seen: Counter[str] = Counter()
    headers: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not done(latest):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for r in records:
                    key = (r.key or b"").decode()
                    latest[key] = orjson.loads(r.value or b"{}")
                    seen[key] += 1
                    if len(headers) < 5:
                        headers.append(r.headers)
    finally:
        await consumer.stop()
    return latest, seen, headers


def reference(articles: list[dict[str, Any]], now: float) -> tuple[list[frozenset[str]], dict[str, int]]:
    """What an uninterrupted run must produce: the source sets of the incidents, and count key → all-time
    count plus "<key>@<window>" → current window count."""
    extractor = Extractor()
    state = RegionState({}, {}, {}, {}, windows.WindowPolicy(grace=float(GRACE_FOR_TESTS)))
    offset = 0
    for raw in articles:
        data = orjson.dumps(raw)
        article = decode_article(data)
        for incident in extractor.extract(article).incidents:
            if incident.background or incident.country is None:
                continue
            ts, basis = event_time(article, incident, now)
            record = incident_record(article, incident)
            state.apply(Report(record, ts, basis, published_ts(article), "v", "t"), offset, now)
            offset += 1
    sources = [frozenset(e["record"]["sources"]) for e in state.incidents.values()]
    counts: dict[str, int] = {}
    for key, value in state.counts.items():
        for window, n in windows.current(value, now).items():
            counts[f"{key}@{window}"] = n
    return sources, counts


def served_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """GET /counts rows (one event type) → the reference's key shape."""
    out: dict[str, int] = {}
    for row in rows:
        etype = row["event_type"] or "*"
        for window in windows.WINDOWS:
            out[f"{row['level']}:{row['region']}|{etype}@{window}"] = int(row[window])
    return out


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def processed(worker: WorkerProcess, topic: str) -> int:
    """Messages of `topic` the worker has read (its /metrics counter)."""
    m = re.search(
        rf'tocsin_messages_in_total\{{topic="{re.escape(topic)}"\}} ([0-9.e+]+)', worker.get_text("/metrics")
    )
    return int(float(m.group(1))) if m else 0


def all_counts(worker: WorkerProcess) -> dict[str, int]:
    """GET /counts for all types and the two synthetic event types, in the reference's key shape."""
    rows: list[dict[str, Any]] = []
    for etype in ("", "Battles", "Violence against civilians"):
        got = worker.get_json("/counts" + ("?" + urlencode({"event_type": etype}) if etype else ""))["counts"]
        assert isinstance(got, list)
        rows.extend(got)
    return served_counts(rows)
