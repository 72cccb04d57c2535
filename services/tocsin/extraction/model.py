"""Value types shared by the steps of the extraction core.

Kept free of spaCy and Kafka so that every step, the worker and the evaluation can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year"]
Outcome = Literal["hit", "intercepted", "failed", "unknown"]
Weapon = Literal[
    "drone",
    "airstrike",
    "missile",
    "rocket",
    "artillery",
    "ied",
    "explosive",
    "suicide",
    "firearm",
    "knife",
    "unknown",
]
GeoPrecision = Literal["exact", "near", "admin1", "country"]


@dataclass(frozen=True)
class Published:
    """An article's publication time, with the precision it was given at (it decides what relative dates mean)."""

    day: date | None = None
    precision: Precision | None = None
    raw: str | None = None

    @property
    def year(self) -> int | None:
        return self.day.year if self.day else None


@dataclass(frozen=True)
class Article:
    """What the core needs of an article: text plus the metadata that changes how the text is read."""

    id: str
    text: str
    language: str | None = None
    published: Published = field(default_factory=Published)
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence an incident was read from, with character offsets into the (normalised) article text."""

    text: str
    start: int
    end: int


@dataclass
class Incident:
    """One coded event, by the rules of shared/eval/ANNOTATION.md (ACLED practice).

    Field names match the public contract `schemas/incident.v1.json`, less the stream-level fields
    (incident_id, article_id, schema_version, extracted_at) that the caller adds.
    """

    event_type: str
    sub_event_type: str
    country: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: GeoPrecision | None
    date: date | None
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
    confidence: float
