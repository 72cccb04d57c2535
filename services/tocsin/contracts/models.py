"""Typed views of the JSON Schemas in `schemas/`, for Python subscribers and producers.

The schemas stay the source of truth: these TypedDicts describe the same dicts the wire carries (no conversion,
no copy), so `async for incident in subscribe(...)` gives type-checked field access for free. A test
(tests/contracts/test_models.py) fails when a field, its optionality, its JSON types or an enum drifts from the
schema.
"""

# No `from __future__ import annotations` here: TypedDict must see Required/NotRequired as objects.
from typing import Literal, NotRequired, Required, TypedDict

# The core's value sets are the contract's (a test checks both against schemas/incident.v1.json).
from ..extraction.model import GeoPrecision, Outcome, Weapon

EventType = Literal[
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"
]
SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
    "Chemical weapon",
    "Attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Disrupted weapons use",
]
DeadLetterReason = Literal[
    "not_json",
    "invalid_utf8",
    "binary",
    "schema_violation",
    "empty_text",
    "markup_only",
    "oversize",
    "unsupported_language",
    "bad_date",
    "duplicate",
    "timeout",
    "processing_error",
]
PayloadEncoding = Literal["utf-8", "base64"]
ReceiptOutcome = Literal["incidents", "no_incident", "dead_letter"]
NoIncidentReason = Literal[
    "not_relevant", "sport", "cyber", "no_specific_event", "no_place", "only_background"
]
Window = Literal["1h", "24h", "all"]


class Article(TypedDict, total=False):
    """schemas/article.v1.json (extra fields are allowed by the schema and passed through)."""

    id: Required[str]
    text: Required[str]
    title: str | None
    url: str | None
    source: str | None
    language: str | None
    published: str | None


class Evidence(TypedDict):
    text: str
    start: int
    end: int


class Incident(TypedDict):
    """schemas/incident.v1.json."""

    incident_id: str
    article_id: str
    schema_version: Literal["1"]
    event_type: EventType
    sub_event_type: SubEventType
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: GeoPrecision | None
    date: str | None
    date_text: str | None
    fatalities: int | None
    injured: int | None
    perpetrator: str | None
    perpetrator_text: str | None
    claimed: bool
    target: str | None
    weapon: Weapon
    outcome: Outcome
    background: bool
    evidence: Evidence
    language: str
    published: str | None
    extracted_at: str
    confidence: float
    sources: NotRequired[list[str]]


class DeadLetter(TypedDict):
    """schemas/deadletter.v1.json."""

    schema_version: Literal["1"]
    reason: DeadLetterReason
    detail: str
    article_id: NotRequired[str | None]
    source_topic: str
    source_partition: int
    source_offset: int
    key: NotRequired[str | None]
    payload: str
    payload_encoding: NotRequired[PayloadEncoding]
    payload_truncated: NotRequired[bool]
    failed_at: str


class RegionCount(TypedDict):
    """schemas/region-count.v1.json."""

    schema_version: Literal["1"]
    region: str
    country: str
    admin1: str | None
    window: Window
    window_start: str | None
    window_end: str | None
    count: int
    updated_at: str


class Receipt(TypedDict):
    """schemas/receipt.v1.json."""

    schema_version: Literal["1"]
    source_topic: str
    source_partition: int
    source_offset: int
    article_id: NotRequired[str | None]
    outcome: ReceiptOutcome
    reason: NoIncidentReason | DeadLetterReason | None
    incident_ids: list[str]
    language: NotRequired[str | None]
    processed_at: str


MODELS: dict[str, type] = {
    "article": Article,
    "incident": Incident,
    "deadletter": DeadLetter,
    "region-count": RegionCount,
    "receipt": Receipt,
}
