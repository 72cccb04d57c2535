"""The Python client API on the real broker: `await produce(...)`, `ArticleProducer`, `async for incident in
subscribe(...)` and `deliveries(...)` with headers, filters and start times."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from tocsin.clients.produce import ArticleProducer, produce
from tocsin.clients.subscribe import IncidentFilter, deliveries, subscribe
from tocsin.contracts import ContractError
from tocsin.contracts.models import Incident

from ._clients_helpers import example_incident, new_topic, read_all, send_raw


def test_produce_returns_a_summary_with_trace_ids(kafka_bootstrap: str) -> None:
    topic = new_topic(kafka_bootstrap, "articles.raw.api")
    articles = [{"id": "a1", "text": "x"}, {"id": "a2", "text": "y"}]
    summary = asyncio.run(produce(kafka_bootstrap, topic, articles, trace_id=lambda a: f"t-{a['id']}"))
    assert (summary.sent, summary.rejected) == (2, 0)
    assert summary.bytes == sum(len(orjson.dumps(a)) for a in articles)
    assert summary.trace_ids == {"a1": "t-a1", "a2": "t-a2"}
    headers = {m.key: dict(m.headers)["trace-id"] for m in read_all(kafka_bootstrap, topic)}
    assert headers == {b"a1": b"t-a1", b"a2": b"t-a2"}


def test_produce_validates_everything_before_sending(kafka_bootstrap: str) -> None:
    topic = new_topic(kafka_bootstrap, "articles.raw.api")
    with pytest.raises(ContractError, match=r"article #2 \(id 'b'\)"):
        asyncio.run(produce(kafka_bootstrap, topic, [{"id": "a", "text": "x"}, {"id": "b"}]))
    assert read_all(kafka_bootstrap, topic) == []


def test_article_producer_context_manager(kafka_bootstrap: str) -> None:
    topic = new_topic(kafka_bootstrap, "articles.raw.api")

    async def run() -> tuple[str, int]:
        async with ArticleProducer(
            kafka_bootstrap, topic, security={"security_protocol": "PLAINTEXT"}
        ) as client:
            trace = await client.send({"id": "p1", "text": "x"})
            with pytest.raises(ContractError):
                await client.send({"id": "p2", "text": ""})
        return trace, client.summary.sent

    trace, sent = asyncio.run(run())
    assert sent == 1
    (message,) = read_all(kafka_bootstrap, topic)
    assert dict(message.headers)["trace-id"] == trace.encode()


@pytest.fixture(scope="module")
def incidents(kafka_bootstrap: str) -> str:
    topic = new_topic(kafka_bootstrap, "incidents.v1.api")
    old = int((datetime.now(UTC) - timedelta(days=10)).timestamp() * 1000)
    records = [
        (example_incident(), old),
        (example_incident("incident.v1.dated.json"), None),
    ]
    send_raw(
        kafka_bootstrap,
        topic,
        [
            (
                r["incident_id"].encode(),
                orjson.dumps(r),
                [("trace-id", b"t-" + r["incident_id"].encode())],
                ts,
            )
            for r, ts in records
        ],
    )
    return topic


def test_async_for_incident_in_subscribe(kafka_bootstrap: str, incidents: str) -> None:
    async def run() -> list[Incident]:
        return [incident async for incident in subscribe(kafka_bootstrap, incidents, until_end=True)]

    got = asyncio.run(run())
    assert sorted(i["incident_id"] for i in got) == ["inc_0b1c2d3e4f5a6b7c8d9e", "inc_3f9a1c2b7d4e5f60a1b2"]
    assert all(i["schema_version"] == "1" for i in got)


def test_subscribe_limit_and_filter(kafka_bootstrap: str, incidents: str) -> None:
    async def run() -> list[Incident]:
        wanted = IncidentFilter(min_fatalities=1)
        return [
            i async for i in subscribe(kafka_bootstrap, incidents, filter=wanted, idle_timeout=5, limit=1)
        ]

    (only,) = asyncio.run(run())
    assert only["fatalities"] == 2


def test_deliveries_carry_headers_key_and_time(kafka_bootstrap: str, incidents: str) -> None:
    since = datetime.now(UTC) - timedelta(days=1)

    async def run() -> list[object]:
        return [d async for d in deliveries(kafka_bootstrap, incidents, start=since, until_end=True)]

    (delivery,) = asyncio.run(run())  # the older incident is before `since`
    assert delivery.key == delivery.incident["incident_id"] == "inc_0b1c2d3e4f5a6b7c8d9e"  # type: ignore[attr-defined]
    assert delivery.trace_id == "t-inc_0b1c2d3e4f5a6b7c8d9e"  # type: ignore[attr-defined]
    assert delivery.timestamp >= since  # type: ignore[attr-defined]
