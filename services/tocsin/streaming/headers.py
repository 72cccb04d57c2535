"""Message headers on everything the worker writes (names: tocsin.contracts.headers), and the trace id."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ..contracts import SCHEMA_VERSION
from ..contracts import headers as h

PRODUCER = "tocsin-worker"


def trace_id_of(headers: Any) -> str:
    """The article's trace-id header, else a new one (so that its incidents can still be followed)."""
    items: Iterable[tuple[str, Any]]
    if isinstance(headers, Mapping):
        items = headers.items()
    elif headers:
        items = headers
    else:
        items = ()
    for name, value in items:
        if name.lower() == h.TRACE_ID and value:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return uuid.uuid4().hex


def out_headers(schema: str, trace_id: str) -> list[tuple[str, bytes]]:
    """schema: e.g. "incident.v1"."""
    return [
        (h.CONTENT_TYPE, h.JSON.encode()),
        (h.SCHEMA, schema.encode()),
        (h.SCHEMA_VERSION, SCHEMA_VERSION.encode()),
        (h.TRACE_ID, trace_id.encode()),
        (h.PRODUCER, PRODUCER.encode()),
    ]
