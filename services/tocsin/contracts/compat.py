"""Schema compatibility: does a change to a schema break the other side of the topic?

A version (v1) is a promise. `schemas/released/` keeps each schema as it was released; a change to `schemas/` is
compared with that copy in the direction that matters for the topic:

- **forward** for what Tocsin writes (incidents, dead letters, region counts): every message valid under the new
  schema must still be valid under the released one, or existing subscribers (who validate with it) break.
  Removing a required field, widening a type, adding an enum value or a property to a closed object all fail.
- **backward** for what Tocsin reads (articles): everything valid under the released schema must stay valid, or
  existing producers break. Adding a required field, narrowing a type, removing an enum value, tightening
  `additionalProperties`, a length, a bound or a pattern all fail.

The check is "is A a subset of B" over the JSON Schema vocabulary the contracts use (type, enum/const, required,
properties, additionalProperties, items, oneOf/anyOf, string and number bounds, pattern, format). It errs towards
reporting: a changed pattern or format is reported since regexes cannot be compared. Two pragmatic choices: a new
optional property on an open object (additionalProperties true) is allowed, and oneOf is read as anyOf.
A breaking change needs a new version (incident.v2.json on a new topic), not an edit.

Run `python -m tocsin.contracts.compat` (exit 1 on a breaking change); tests/contracts/test_compat.py runs it too.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson
from jsonschema import Draft202012Validator

from . import SCHEMA_FILES, SchemaName, load_schema, schemas_dir

Direction = Literal["backward", "forward", "full"]

# Who would break: the readers of a topic Tocsin writes (forward), the writers of a topic Tocsin reads (backward).
DIRECTIONS: dict[SchemaName, Direction] = {
    "article": "backward",
    "incident": "forward",
    "deadletter": "forward",
    "region-count": "forward",
    "receipt": "forward",
}

_JSON_TYPES = ("null", "boolean", "object", "array", "number", "integer", "string")


@dataclass(frozen=True)
class Break:
    """One reason a message valid on one side can fail on the other; `path` is a JSON pointer into the schema."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


def released_dir() -> Path:
    return schemas_dir() / "released"


def load_released(name: SchemaName) -> dict[str, Any] | None:
    path = released_dir() / SCHEMA_FILES[name]
    if not path.is_file():
        return None
    schema: dict[str, Any] = orjson.loads(path.read_bytes())
    return schema


def breaking_changes(old: Any, new: Any, direction: Direction) -> list[Break]:
    """What breaks when `old` (released) becomes `new`, for the given direction; empty when compatible."""
    out: list[Break] = []
    if direction in ("backward", "full"):
        out += _subset(old, new, "", ("released", "new"))
    if direction in ("forward", "full"):
        out += _subset(new, old, "", ("new", "released"))
    return out


def check(name: SchemaName, new: dict[str, Any] | None = None) -> list[Break]:
    """Compare the current (or the given) schema with its released copy; no released copy means nothing to keep."""
    old = load_released(name)
    if old is None:
        return []
    return breaking_changes(old, new if new is not None else load_schema(name), DIRECTIONS[name])


# --- A ⊆ B ------------------------------------------------------------------------------------------------------


def _types(schema: dict[str, Any]) -> set[str] | None:
    """JSON types the schema admits, or None when unconstrained by `type`."""
    declared = schema.get("type")
    if declared is None:
        return None
    return {declared} if isinstance(declared, str) else set(declared)


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _values(schema: dict[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    enum = schema.get("enum")
    return list(enum) if isinstance(enum, list) else None


def _branches(schema: dict[str, Any]) -> list[Any] | None:
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list):
            rest = {k: v for k, v in schema.items() if k != key}
            return [{**rest, **b} if isinstance(b, dict) else b for b in schema[key]]
    return None


def _accepts(schema: Any, value: Any) -> bool:
    if isinstance(schema, bool):
        return schema
    return bool(Draft202012Validator(schema).is_valid(value))


def _subset(a: Any, b: Any, path: str, names: tuple[str, str]) -> list[Break]:
    """Reasons some value valid under `a` may be invalid under `b` (names label a and b in messages)."""
    na, nb = names
    if b is True or b == {} or a is False:
        return []
    if b is False:
        return [Break(path, f"{nb} accepts nothing here, {na} does")]
    if a is True:
        a = {}
    assert isinstance(a, dict) and isinstance(b, dict)

    values = _values(a)
    if values is not None:  # a finite set of values: check each one exactly
        return [Break(path, f"{na} allows {v!r}, {nb} does not") for v in values if not _accepts(b, v)]

    a_branches = _branches(a)
    if a_branches is not None:
        return [brk for branch in a_branches for brk in _subset(branch, b, path, names)]
    b_branches = _branches(b)
    if b_branches is not None:
        out: list[Break] = []
        for t in sorted(_types(a) or set(_JSON_TYPES)):
            a_t = {**a, "type": t}
            if not any(not _subset(a_t, branch, path, names) for branch in b_branches):
                out.append(Break(path, f"{na} allows {t} values that no alternative of {nb} accepts"))
        return out

    if _values(b) is not None:
        return [Break(path, f"{nb} restricts the values to {_values(b)!r}, {na} does not")]

    out = []
    ta, tb = _types(a), _types(b)
    if tb is not None:
        if ta is None:
            out.append(Break(path, f"{nb} requires type {sorted(tb)}, {na} accepts any type"))
        else:
            for t in sorted(ta):
                if t not in tb and not (t == "integer" and "number" in tb):
                    out.append(Break(path, f"{na} allows type {t}, {nb} does not"))
    live = ta if ta is not None else set(_JSON_TYPES)
    if "string" in live:
        out += _bounds(a, b, path, names, "minLength", "maxLength")
        for key in ("pattern", "format"):
            if key in b and a.get(key) != b[key]:
                out.append(Break(f"{path}/{key}", f"{nb} has {key} {b[key]!r}, {na} has {a.get(key)!r}"))
    if live & {"number", "integer"}:
        out += _bounds(a, b, path, names, "minimum", "maximum")
        out += _bounds(a, b, path, names, "exclusiveMinimum", "exclusiveMaximum")
        if "multipleOf" in b and a.get("multipleOf") != b["multipleOf"]:
            out.append(Break(f"{path}/multipleOf", f"{nb} requires multipleOf {b['multipleOf']}"))
    if "array" in live:
        out += _bounds(a, b, path, names, "minItems", "maxItems")
        if "items" in b:
            out += _subset(a.get("items", True), b["items"], f"{path}/items", names)
    if "object" in live:
        out += _objects(a, b, path, names)
    return out


def _bounds(
    a: dict[str, Any], b: dict[str, Any], path: str, names: tuple[str, str], low: str, high: str
) -> list[Break]:
    na, nb = names
    out = []
    if low in b and b[low] > a.get(low, -math.inf):
        out.append(Break(f"{path}/{low}", f"{nb} has {low} {b[low]}, {na} has {a.get(low, 'none')}"))
    if high in b and b[high] < a.get(high, math.inf):
        out.append(Break(f"{path}/{high}", f"{nb} has {high} {b[high]}, {na} has {a.get(high, 'none')}"))
    return out


def _objects(a: dict[str, Any], b: dict[str, Any], path: str, names: tuple[str, str]) -> list[Break]:
    na, nb = names
    out = []
    for field in sorted(set(b.get("required", [])) - set(a.get("required", []))):
        out.append(Break(f"{path}/required", f"{nb} requires {field!r}, {na} does not"))
    a_props: dict[str, Any] = a.get("properties", {})
    b_props: dict[str, Any] = b.get("properties", {})
    a_extra = a.get("additionalProperties", True)
    b_extra = b.get("additionalProperties", True)
    for field in sorted(set(a_props) | set(b_props)):
        where = f"{path}/properties/{field}"
        if field in a_props and field in b_props:
            out += _subset(a_props[field], b_props[field], where, names)
        elif field in a_props:
            if b_extra is False:
                out.append(Break(where, f"{na} allows {field!r}, {nb} forbids unknown properties"))
            else:
                out += _subset(a_props[field], b_extra, where, names)
        elif a_extra is not True:  # pragmatic: a new optional property on an open object is allowed
            out += _subset(a_extra, b_props[field], where, names)
    if a_extra is not False and b_extra is False:
        out.append(
            Break(f"{path}/additionalProperties", f"{na} allows unknown properties, {nb} forbids them")
        )
    elif a_extra is not False and b_extra is not True:
        out += _subset(a_extra, b_extra, f"{path}/additionalProperties", names)
    return out


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tocsin.contracts.compat",
        description="Fail when a schema in schemas/ breaks the released copy in schemas/released/.",
    )
    parser.add_argument("--old", type=Path, help="released schema file (with --new: compare two files)")
    parser.add_argument("--new", type=Path, help="changed schema file")
    parser.add_argument("--direction", choices=["backward", "forward", "full"], default="full")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if (args.old is None) != (args.new is None):
        parser.error("--old and --new go together")
    if args.old is not None:
        found = breaking_changes(
            orjson.loads(args.old.read_bytes()), orjson.loads(args.new.read_bytes()), args.direction
        )
        report = {f"{args.new}": found}
    else:
        report = {f"{name} ({DIRECTIONS[name]})": check(name) for name in SCHEMA_FILES}
    failed = False
    for label, breaks in report.items():
        for brk in breaks:
            print(f"BREAKING {label}: {brk}", file=sys.stderr)
            failed = True
        if not breaks:
            print(f"ok {label}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
