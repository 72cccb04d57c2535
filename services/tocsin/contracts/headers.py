"""Kafka message headers carried on every Tocsin topic (names are part of the public contract, see asyncapi.yaml)."""

from __future__ import annotations

CONTENT_TYPE = "content-type"  # always "application/json"
SCHEMA = "schema"  # e.g. "incident.v1"
SCHEMA_VERSION = "schema-version"  # e.g. "1"
TRACE_ID = "trace-id"  # set by the producer of an article (or the worker if absent); copied to its incidents
PRODUCER = "producer"  # component that wrote the message: "tocsin-produce", "tocsin-worker", …

JSON = "application/json"
