"""Duplicate article ids: the second copy of an article (same id, same bytes) is dead-lettered, not re-processed.

Runs in the articles agent over a table keyed by article id (articles are keyed by id, so one partition, and one
worker, sees every copy). An entry remembers which message (partition, offset) was the original, so a message
re-read after a crash (at-least-once) is recognised as itself and processed again, never as its own duplicate.
The same id with other content is a revision and is processed. Entries expire after the horizon, swept per
partition while that partition's messages are processed (the deletions then land in the right changelog
partition), so the table does not grow without bound.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

Table = MutableMapping[str, Any]


def earlier_copy(
    seen: Table, article_id: str, digest: str, partition: int, offset: int, now: float, horizon: float
) -> dict[str, Any] | None:
    """The entry of an earlier message this one repeats, or None (and then this message is recorded)."""
    entry = seen.get(article_id)
    if entry is not None:
        same_message = entry["p"] == partition and entry["o"] == offset
        if same_message:
            return None  # a replay: process it again (idempotent downstream)
        if entry["h"] == digest and now - float(entry["ts"]) <= horizon:
            return dict(entry)
    seen[article_id] = {"h": digest, "p": partition, "o": offset, "ts": now}
    return None


def expired(seen: Table, partition: int, now: float, horizon: float) -> list[str]:
    """Keys of `partition` whose entries are older than the horizon."""
    return [
        key
        for key, entry in list(seen.items())
        if entry["p"] == partition and now - float(entry["ts"]) > horizon
    ]
