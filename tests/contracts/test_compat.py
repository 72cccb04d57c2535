"""The compatibility check: today's schemas keep the released promise, and each kind of breaking change is caught
in the direction that matters (subscribers of what Tocsin writes, producers of what it reads)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tocsin.contracts import SCHEMA_FILES, load_schema
from tocsin.contracts.compat import DIRECTIONS, breaking_changes, check, load_released, main

Schema = dict[str, Any]


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_current_schemas_keep_the_released_promise(name: str) -> None:
    assert load_released(name) is not None, f"schemas/released/{SCHEMA_FILES[name]} missing"  # type: ignore[arg-type,index]
    assert check(name) == []  # type: ignore[arg-type]


def test_command_line_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "ok incident (forward)" in capsys.readouterr().err


def _edit(name: str, change: Callable[[Schema], object]) -> Schema:
    schema = copy.deepcopy(load_schema(name))  # type: ignore[arg-type]
    change(schema)
    return schema


def _props(s: Schema) -> Schema:
    props: Schema = s["properties"]
    return props


BREAKS_SUBSCRIBERS: list[tuple[str, Callable[[Schema], object], str]] = [
    ("required field removed", lambda s: s["required"].remove("fatalities"), "/required"),
    ("field removed", lambda s: (s["required"].remove("target"), _props(s).pop("target")), "target"),
    ("enum value added", lambda s: _props(s)["weapon"]["enum"].append("laser"), "weapon"),
    ("type widened", lambda s: _props(s)["claimed"].update(type=["boolean", "null"]), "claimed"),
    ("bound relaxed", lambda s: _props(s)["confidence"].update(maximum=100), "confidence"),
    ("new property on closed object", lambda s: _props(s).update(extra={"type": "string"}), "extra"),
    ("nested object opened", lambda s: _props(s)["evidence"].update(additionalProperties=True), "evidence"),
    ("pattern changed", lambda s: _props(s)["country"].update(pattern="^[A-Z]{3}$"), "pattern"),
    ("const changed", lambda s: _props(s)["schema_version"].update(const="2"), "schema_version"),
]


@pytest.mark.parametrize(
    ("label", "change", "where"), BREAKS_SUBSCRIBERS, ids=[b[0] for b in BREAKS_SUBSCRIBERS]
)
def test_incident_changes_that_break_subscribers(
    label: str, change: Callable[[Schema], object], where: str
) -> None:
    breaks = check("incident", _edit("incident", change))
    assert breaks, label
    assert any(where in str(b) for b in breaks), breaks


SAFE_FOR_SUBSCRIBERS: list[tuple[str, Callable[[Schema], object]]] = [
    ("enum value removed", lambda s: _props(s)["weapon"]["enum"].remove("knife")),
    ("type narrowed", lambda s: _props(s)["fatalities"].update(type="integer")),
    ("optional field made required", lambda s: s["required"].append("sources")),
    ("description edited", lambda s: s.update(description="Reworded.")),
]


@pytest.mark.parametrize(("label", "change"), SAFE_FOR_SUBSCRIBERS, ids=[s[0] for s in SAFE_FOR_SUBSCRIBERS])
def test_incident_changes_subscribers_survive(label: str, change: Callable[[Schema], object]) -> None:
    assert check("incident", _edit("incident", change)) == [], label


BREAKS_PRODUCERS: list[tuple[str, Callable[[Schema], object], str]] = [
    ("field made required", lambda s: s["required"].append("title"), "title"),
    ("type narrowed", lambda s: _props(s)["url"].update(type="string"), "url"),
    (
        "additionalProperties tightened",
        lambda s: s.update(additionalProperties=False),
        "additionalProperties",
    ),
    ("length tightened", lambda s: _props(s)["id"].update(maxLength=64), "maxLength"),
    ("precision dropped", lambda s: _props(s)["published"]["oneOf"].pop(2), "published"),
    ("enum added where free text was", lambda s: _props(s)["source"].update(enum=["afp", None]), "source"),
]


@pytest.mark.parametrize(("label", "change", "where"), BREAKS_PRODUCERS, ids=[b[0] for b in BREAKS_PRODUCERS])
def test_article_changes_that_break_producers(
    label: str, change: Callable[[Schema], object], where: str
) -> None:
    breaks = check("article", _edit("article", change))
    assert breaks, label
    assert any(where in str(b) for b in breaks), breaks


def test_article_changes_producers_survive() -> None:
    def widen(s: Schema) -> None:
        _props(s)["id"].update(maxLength=1024)
        _props(s)["feed"] = {"type": "string"}  # new optional field on an open object
        s["required"].remove("text")

    assert check("article", _edit("article", widen)) == []


def test_directions_cover_every_schema() -> None:
    assert set(DIRECTIONS) == set(SCHEMA_FILES)
    assert DIRECTIONS["article"] == "backward" and DIRECTIONS["incident"] == "forward"


def test_enum_removal_breaks_in_full_mode() -> None:
    old = {"enum": ["a", "b"]}
    assert breaking_changes(old, {"enum": ["a"]}, "forward") == []
    assert len(breaking_changes(old, {"enum": ["a"]}, "full")) == 1


def test_command_line_compares_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_bytes(
        orjson.dumps({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}})
    )
    new.write_bytes(orjson.dumps({"type": "object", "properties": {"a": {"type": "string"}}}))
    assert main(["--old", str(old), "--new", str(new), "--direction", "forward"]) == 1
    assert "BREAKING" in capsys.readouterr().err
    assert main(["--old", str(old), "--new", str(new), "--direction", "backward"]) == 0
