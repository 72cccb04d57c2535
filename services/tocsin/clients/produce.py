"""Produce articles to articles.raw: validated against the contract before sending, keyed by article id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer

from ..contracts import validate
from ..extraction.dates import published_from_text


@dataclass
class ProduceSummary:
    sent: int = 0
    rejected: int = 0
    bytes: int = 0


def read_articles(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """JSONL files (one article per line) and .txt files (one article each; a leading ' date …' line is used)."""
    for path in paths:
        if path.suffix == ".txt":
            text = path.read_text(encoding="utf-8")
            published = published_from_text(text)
            yield {"id": path.stem, "text": text, "published": published.raw if published else None}
            continue
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield orjson.loads(line)
                    except orjson.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{number}: not JSON: {exc}") from None


async def produce(
    bootstrap: str, topic: str, articles: Iterable[dict[str, Any]], *, validate_first: bool = True
) -> ProduceSummary:
    """Send every article (key = id) with an idempotent producer; raise on the first invalid article."""
    summary = ProduceSummary()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for article in articles:
            if validate_first:
                validate("article", article)
            value = orjson.dumps(article)
            await producer.send_and_wait(topic, value=value, key=str(article["id"]).encode())
            summary.sent += 1
            summary.bytes += len(value)
    finally:
        await producer.stop()
    return summary
