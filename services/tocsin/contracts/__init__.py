"""The public contracts in `schemas/`: loaded once, validated on both sides (worker and clients).

The JSON Schemas are the source of truth; this module only finds them (repository checkout or installed wheel)
and wraps validation so that every caller gets the same, readable error message.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import orjson
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SchemaName = Literal["article", "incident", "deadletter", "region-count", "receipt"]
SCHEMA_VERSION = "1"
SCHEMA_FILES: dict[SchemaName, str] = {
    "article": "article.v1.json",
    "incident": "incident.v1.json",
    "deadletter": "deadletter.v1.json",
    "region-count": "region-count.v1.json",
    "receipt": "receipt.v1.json",
}


class ContractError(ValueError):
    """A record does not satisfy its schema; the message names the field and the rule it broke."""


def schemas_dir() -> Path:
    """The folder holding the schemas: the repository's `schemas/`, or the copy packed into the wheel."""
    repo_copy = Path(__file__).resolve().parents[3] / "schemas"
    if (repo_copy / SCHEMA_FILES["article"]).is_file():
        return repo_copy
    return Path(str(resources.files("tocsin.contracts") / "schemas"))


@cache
def load_schema(name: SchemaName) -> dict[str, Any]:
    schema: dict[str, Any] = orjson.loads((schemas_dir() / SCHEMA_FILES[name]).read_bytes())
    return schema


@cache
def validator(name: SchemaName) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(name: SchemaName, record: Mapping[str, Any]) -> None:
    """Raise ContractError with the most relevant violation, or return quietly."""
    error = best_match(validator(name).iter_errors(record))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        raise ContractError(f"{name} schema v{SCHEMA_VERSION}: {where}: {error.message}")


def is_valid(name: SchemaName, record: Mapping[str, Any]) -> bool:
    return validator(name).is_valid(record)
