"""The typed models (tocsin.contracts.models) stay in step with the JSON Schemas: same fields, same optionality,
same JSON types, same enum values. A schema change that is not mirrored in the models fails here."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest

from tocsin.contracts import SCHEMA_FILES, load_schema
from tocsin.contracts.models import MODELS

_JSON_OF = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _json_side(annotation: Any) -> tuple[set[str], set[Any] | None]:
    """(JSON types, enum values or None) of a Python annotation."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        kinds: set[str] = set()
        values: set[Any] | None = set()
        for arg in get_args(annotation):
            k, v = _json_side(arg)
            kinds |= k
            if arg is type(None):
                values = None if values is None else values | {None}
            elif v is None:
                values = None
            elif values is not None:
                values |= v
        return kinds, values
    if origin is Literal:
        literal_values = set(get_args(annotation))
        return {_JSON_OF[type(v)] for v in literal_values}, literal_values
    if origin is list:
        return {"array"}, None
    if isinstance(annotation, type) and typing.is_typeddict(annotation):
        return {"object"}, None
    return {_JSON_OF[annotation]}, None


def _schema_side(prop: dict[str, Any]) -> tuple[set[str], set[Any] | None]:
    if "const" in prop:
        return {_JSON_OF[type(prop["const"])]}, {prop["const"]}
    if "enum" in prop:
        return {_JSON_OF[type(v)] for v in prop["enum"]}, set(prop["enum"])
    if "oneOf" in prop:
        kinds = set()
        for branch in prop["oneOf"]:
            kinds |= _schema_side(branch)[0]
        return kinds, None
    declared = prop["type"]
    return ({declared} if isinstance(declared, str) else set(declared)), None


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_model_fields_match_schema(name: str) -> None:
    schema = load_schema(name)  # type: ignore[arg-type]
    model = MODELS[name]
    assert set(model.__annotations__) == set(schema["properties"]), name
    assert model.__required_keys__ == set(schema["required"]), name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_model_types_and_enums_match_schema(name: str) -> None:
    schema = load_schema(name)  # type: ignore[arg-type]
    hints = get_type_hints(MODELS[name])
    for field, prop in schema["properties"].items():
        py_kinds, py_values = _json_side(hints[field])
        json_kinds, json_values = _schema_side(prop)
        if "number" in json_kinds:
            json_kinds = json_kinds | {"integer"}  # an int is a valid JSON number
            py_kinds = py_kinds | {"integer"}
        assert py_kinds == json_kinds, f"{name}.{field}: model {py_kinds} vs schema {json_kinds}"
        if json_values is not None:
            assert py_values == json_values, f"{name}.{field}: model {py_values} vs schema {json_values}"


def test_nested_evidence_matches() -> None:
    from tocsin.contracts.models import Evidence

    evidence = load_schema("incident")["properties"]["evidence"]
    assert set(Evidence.__annotations__) == set(evidence["properties"]) == Evidence.__required_keys__
