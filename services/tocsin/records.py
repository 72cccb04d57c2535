"""Between the wire and the core: input records → Article (or a dead-letter reason), Incident → output record.

Used by both `tocsin extract` and the worker, so that batch and stream give byte-for-byte the same incidents.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from .contracts import SCHEMA_VERSION, ContractError, validate
from .extraction.dates import parse_published
from .extraction.model import Article, Incident

DEFAULT_MAX_TEXT_CHARS = 200_000

# Bytes no text encoding produces (C0 controls other than tab/newline/CR, and DEL): a value with NUL or with
# more than 1 % of these is binary junk (an image, a compressed or serialized blob), not a broken article.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_BINARY_SHARE = 0.01
# A tag, a doctype or an entity (comments go first, by a linear scan): what "markup only" text leaves is blank.
_MARKUP = re.compile(r"<[!?/]?[A-Za-z][^<>]{0,2000}>|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{1,32});")
_HAS_TAG = re.compile(r"<[!?/]?[A-Za-z]")


def _is_binary(raw: bytes) -> bool:
    if not raw:
        return False
    if b"\x00" in raw:
        return True
    junk = len(raw) - len(raw.translate(None, _CONTROL))
    return junk > _BINARY_SHARE * len(raw)


def _without_comments(text: str) -> str:
    parts, i = [], 0
    while (j := text.find("<!--", i)) >= 0:
        parts.append(text[i:j])
        k = text.find("-->", j + 4)
        if k < 0:
            return " ".join(parts) + " " + text[j:]  # unclosed: not a comment
        i = k + 3
    parts.append(text[i:])
    return " ".join(parts)


def is_markup_only(text: str) -> bool:
    """True when the text is HTML/XML tags, comments and entities with no words between them."""
    if not (_HAS_TAG.search(text) or "<!--" in text):
        return False
    return not _MARKUP.sub(" ", _without_comments(text)).strip()


@dataclass(frozen=True)
class Rejection(Exception):
    """Why an input cannot be processed; `reason` is one of the dead-letter schema's reasons."""

    reason: str
    detail: str
    article_id: str | None = None

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


def decode_article(raw: bytes, max_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Article:
    """Bytes from Kafka (or a JSONL line) → a valid Article, or Rejection with the dead-letter reason."""
    if _is_binary(raw):
        raise Rejection(
            "binary", f"value of {len(raw)} bytes holds control bytes: binary data, not an article"
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejection("invalid_utf8", f"value is not valid UTF-8 at byte {exc.start}") from None
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Rejection("not_json", f"value is not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise Rejection("schema_violation", f"article must be a JSON object, got {type(record).__name__}")
    return article_from_record(record, max_chars)


def article_from_record(record: Mapping[str, Any], max_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Article:
    article_id = record.get("id") if isinstance(record.get("id"), str) else None
    try:
        validate("article", record)
    except ContractError as exc:
        raise Rejection("schema_violation", str(exc), article_id) from None
    text: str = record["text"]
    if not text.strip():
        raise Rejection("empty_text", "text is empty or whitespace only", article_id)
    if len(text) > max_chars:
        raise Rejection("oversize", f"text has {len(text)} characters; the limit is {max_chars}", article_id)
    if is_markup_only(text):
        raise Rejection("markup_only", "text is HTML/XML markup with no words outside the tags", article_id)
    try:
        published = parse_published(record.get("published"))
    except ValueError as exc:
        raise Rejection("bad_date", str(exc), article_id) from None
    return Article(
        id=record["id"],
        text=text,
        language=record.get("language"),
        published=published,
        title=record.get("title"),
        url=record.get("url"),
        source=record.get("source"),
    )


def incident_id(article_id: str, incident: Incident) -> str:
    """Stable across re-runs: the article and the event's place, day, type, actor and role in the article."""
    key = "|".join(
        str(part)
        for part in (
            article_id,
            incident.country,
            incident.admin1,
            incident.location,
            incident.date,
            incident.sub_event_type,
            incident.perpetrator,
            incident.background,
            incident.evidence.start,
        )
    )
    return "inc_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def incident_record(
    article: Article, incident: Incident, extracted_at: datetime | None = None
) -> dict[str, Any]:
    when = (extracted_at or datetime.now(UTC)).isoformat().replace("+00:00", "Z")
    return {
        "incident_id": incident_id(article.id, incident),
        "article_id": article.id,
        "schema_version": SCHEMA_VERSION,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "country": incident.country,
        "admin1": incident.admin1,
        "location": incident.location,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
        "geo_precision": incident.geo_precision,
        "date": incident.date.isoformat() if incident.date else None,
        "date_text": incident.date_text,
        "fatalities": incident.fatalities,
        "injured": incident.injured,
        "perpetrator": incident.perpetrator,
        "perpetrator_text": incident.perpetrator_text,
        "claimed": incident.claimed,
        "target": incident.target,
        "weapon": incident.weapon,
        "outcome": incident.outcome,
        "background": incident.background,
        "evidence": {
            "text": incident.evidence.text,
            "start": incident.evidence.start,
            "end": incident.evidence.end,
        },
        "language": incident.language,
        "published": article.published.raw,
        "extracted_at": when,
        "confidence": incident.confidence,
        "sources": [article.id],
    }


def deadletter_record(
    rejection: Rejection, *, topic: str, partition: int, offset: int, key: bytes | None, value: bytes | None
) -> dict[str, Any]:
    payload = value or b""
    truncated = len(payload) > 65536
    payload = payload[:65536]
    try:
        text, encoding = payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        import base64

        text, encoding = base64.b64encode(payload).decode("ascii"), "base64"
    return {
        "schema_version": SCHEMA_VERSION,
        "reason": rejection.reason,
        "detail": rejection.detail,
        "article_id": rejection.article_id,
        "source_topic": topic,
        "source_partition": partition,
        "source_offset": offset,
        "key": key.decode("utf-8", errors="replace") if key is not None else None,
        "payload": text,
        "payload_encoding": encoding,
        "payload_truncated": truncated,
        "failed_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }
