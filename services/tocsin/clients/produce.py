"""Produce articles to articles.raw as the contract says: validated, keyed by article id, with headers.

`ArticleProducer` is the long-lived client (`async with ArticleProducer(bootstrap, topic) as p: await p.send(a)`);
`produce()` sends a batch through it. The producer is idempotent (acks=all, no duplicates on retry) and every
message carries content-type, schema, schema-version, trace-id (a fresh uuid4 unless given) and producer headers,
so a trace id can be followed from an article to its incidents.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer

from ..contracts import SCHEMA_VERSION, ContractError, validate
from ..contracts import headers as h
from .security import security_kwargs
from .sources import read_candidates

PRODUCER_NAME = "tocsin-produce"
ARTICLE_SCHEMA = f"article.v{SCHEMA_VERSION}"
TraceId = str | Callable[[Mapping[str, Any]], str] | None


@dataclass
class ProduceSummary:
    sent: int = 0
    rejected: int = 0
    bytes: int = 0
    seconds: float = 0.0
    trace_ids: dict[str, str] = field(default_factory=dict)  # article id -> trace id of its (last) message

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


def article_headers(trace_id: str, producer: str = PRODUCER_NAME) -> list[tuple[str, bytes]]:
    return [
        (h.CONTENT_TYPE, h.JSON.encode()),
        (h.SCHEMA, ARTICLE_SCHEMA.encode()),
        (h.SCHEMA_VERSION, SCHEMA_VERSION.encode()),
        (h.TRACE_ID, trace_id.encode()),
        (h.PRODUCER, producer.encode()),
    ]


class ArticleProducer:
    """An idempotent producer of articles; `send` returns once the message is queued, `flush` waits for acks."""

    def __init__(
        self,
        bootstrap: str,
        topic: str,
        *,
        validate_first: bool = True,
        rate: float | None = None,
        security: Mapping[str, Any] | None = None,
        producer_name: str = PRODUCER_NAME,
        max_pending: int = 1000,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        self.topic = topic
        self.validate_first = validate_first
        self.rate = rate
        self.producer_name = producer_name
        self.max_pending = max_pending
        self.summary = ProduceSummary()
        self.on_sent: Callable[[int], None] | None = (
            None  # called with the value size of each acknowledged message
        )
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            **(security_kwargs() if security is None else dict(security)),
        )
        self._pending: list[asyncio.Future[Any]] = []
        self._started = 0.0
        self._queued = 0

    async def start(self) -> None:
        await self._producer.start()
        self._started = time.monotonic()

    async def stop(self) -> None:
        try:
            await self.flush()
        finally:
            await self._producer.stop()
            self.summary.seconds = time.monotonic() - self._started

    async def __aenter__(self) -> ArticleProducer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def send(self, article: Mapping[str, Any], trace_id: str | None = None) -> str:
        """Queue one article (key = its id); returns its trace id. ContractError if invalid (nothing sent)."""
        if self.validate_first:
            validate("article", article)
        if self.rate is not None:
            delay = self._started + self._queued / self.rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        trace = trace_id or str(uuid.uuid4())
        value = orjson.dumps(article)
        future = await self._producer.send(
            self.topic,
            value=value,
            key=str(article["id"]).encode(),
            headers=article_headers(trace, self.producer_name),
        )
        self._queued += 1
        self.summary.trace_ids[str(article["id"])] = trace
        size = len(value)
        future.add_done_callback(lambda f: self._acked(f, size))
        self._pending.append(future)
        if len(self._pending) >= self.max_pending:
            await self.flush()
        return trace

    def _acked(self, future: asyncio.Future[Any], size: int) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        self.summary.sent += 1
        self.summary.bytes += size
        if self.on_sent is not None:
            self.on_sent(size)

    async def flush(self) -> None:
        """Wait until every queued message is acknowledged; the first delivery error is raised."""
        pending, self._pending = self._pending, []
        if pending:
            await asyncio.gather(*pending)


async def produce(
    bootstrap: str,
    topic: str,
    articles: Iterable[Mapping[str, Any]],
    *,
    validate_first: bool = True,
    trace_id: TraceId = None,
    rate: float | None = None,
    security: Mapping[str, Any] | None = None,
    on_sent: Callable[[int], None] | None = None,
) -> ProduceSummary:
    """Send every article (key = id). With validate_first, all are validated before the first is sent, and the
    first invalid one raises ContractError naming its position and id: nothing is sent then.

    trace_id: one id for the whole batch, a function of the article, or None for a fresh uuid4 per article.
    """
    batch = list(articles)
    if validate_first:
        for index, article in enumerate(batch):
            try:
                validate("article", article)
            except ContractError as exc:
                raise ContractError(f"article #{index + 1} (id {article.get('id')!r}): {exc}") from None
    client = ArticleProducer(bootstrap, topic, validate_first=False, rate=rate, security=security)
    client.on_sent = on_sent
    async with client:
        for article in batch:
            trace = trace_id(article) if callable(trace_id) else trace_id
            await client.send(article, trace)
    return client.summary


def read_articles(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Articles from JSONL/JSON/.txt/.html files and folders; ValueError at the first one that cannot be read."""
    for candidate in read_candidates(paths):
        if candidate.article is None:
            raise ValueError(f"{candidate.origin}: {candidate.error}")
        yield candidate.article
