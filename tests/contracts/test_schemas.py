"""The public contracts: every schema is valid 2020-12, the examples validate, and violations say where."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tocsin.contracts import SCHEMA_FILES, ContractError, load_schema, validate, validator

EXAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "examples"


@pytest.mark.parametrize("name", list(SCHEMA_FILES))
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = load_schema(name)  # type: ignore[arg-type]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator(name)  # type: ignore[arg-type]  # check_schema raises on an invalid schema


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_validate(path: Path) -> None:
    name = path.name.split(".")[0]
    validate(name, orjson.loads(path.read_bytes()))  # type: ignore[arg-type]


def test_examples_cover_every_schema() -> None:
    assert {p.name.split(".")[0] for p in EXAMPLES.glob("*.json")} == set(SCHEMA_FILES)


@pytest.mark.parametrize(
    ("record", "where"),
    [
        ({"id": "a"}, "text"),
        ({"id": 3, "text": "x"}, "id"),
        ({"id": "a", "text": "x", "published": "2024-13"}, "published"),
        ({"id": "a", "text": "x", "published": "last friday"}, "published"),
        ({"id": "a", "text": "x", "language": "French"}, "language"),
    ],
)
def test_article_violations_name_the_field(record: dict[str, object], where: str) -> None:
    with pytest.raises(ContractError, match=where):
        validate("article", record)


@pytest.mark.parametrize(
    "published", [None, "2024", "2024-01", "2024-01-19", "2024-01-19T08:30:00Z", "2024-01-19T08:30:00+01:00"]
)
def test_article_published_precisions(published: str | None) -> None:
    validate("article", {"id": "a", "text": "x", "published": published})


def test_incident_rejects_unknown_sub_event_type() -> None:
    record = orjson.loads((EXAMPLES / "incident.v1.json").read_bytes())
    record["sub_event_type"] = "Drone attack"
    with pytest.raises(ContractError, match="sub_event_type"):
        validate("incident", record)


def test_every_schema_has_several_examples() -> None:
    names = [p.name.split(".")[0] for p in EXAMPLES.glob("*.json")]
    for name in SCHEMA_FILES:
        assert names.count(name) >= 2, name


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_name_their_schema_version(path: Path) -> None:
    name, version = path.name.split(".")[:2]
    assert SCHEMA_FILES[name].startswith(f"{name}.{version}.")  # type: ignore[index]
