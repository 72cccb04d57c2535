"""Small Markdown formatting helpers shared by the scorers and the report writer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def num(value: Any, digits: int = 3) -> str:
    """A number for a table cell ("n/a" for None)."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def cell(value: Any, width: int = 120) -> str:
    """Any value as one table cell: no newlines or pipes, cut to `width` characters."""
    text = num(value) if value is None or isinstance(value, int | float) else str(value)
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines
