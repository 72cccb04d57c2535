"""schemas/asyncapi.yaml: the AsyncAPI 3.0 shape, every topic of config.Topics described with key, value schema,
headers, partitioning, cleanup policy and producers/consumers; every reference resolves.

No maintained AsyncAPI 3.0 validator runs offline from PyPI, so the structure is checked with jsonschema against the
subset of the 3.0 specification this document uses (https://www.asyncapi.com/docs/reference/specification/v3.0.0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tocsin.config import Topics
from tocsin.contracts import SCHEMA_FILES, headers

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
REF = {"type": "object", "required": ["$ref"], "properties": {"$ref": {"type": "string"}}}
KAFKA_CHANNEL_BINDING = {
    "type": "object",
    "required": ["topic", "partitions", "topicConfiguration", "bindingVersion"],
    "properties": {
        "topic": {"type": "string"},
        "partitions": {"type": "integer", "minimum": 1},
        "replicas": {"type": "integer", "minimum": 1},
        "topicConfiguration": {
            "type": "object",
            "required": ["cleanup.policy"],
            "properties": {
                "cleanup.policy": {"type": "array", "items": {"enum": ["delete", "compact"]}, "minItems": 1},
                "retention.ms": {"type": "integer", "minimum": -1},
            },
        },
        "bindingVersion": {"const": "0.5.0"},
    },
}
ASYNCAPI_3_SUBSET = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["asyncapi", "info", "channels", "operations", "components"],
    "properties": {
        "asyncapi": {"const": "3.0.0"},
        "info": {"type": "object", "required": ["title", "version"]},
        "defaultContentType": {"type": "string"},
        "servers": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["host", "protocol"],
                "properties": {
                    "protocol": {"enum": ["kafka", "kafka-secure"]},
                    "security": {"type": "array"},
                },
            },
        },
        "channels": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["address", "messages", "bindings", "x-produced-by", "x-consumed-by"],
                "properties": {
                    "address": {"type": "string"},
                    "messages": {"type": "object", "minProperties": 1, "additionalProperties": REF},
                    "bindings": {
                        "type": "object",
                        "required": ["kafka"],
                        "properties": {"kafka": KAFKA_CHANNEL_BINDING},
                    },
                    "x-produced-by": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "x-consumed-by": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                },
            },
        },
        "operations": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["action", "channel"],
                "properties": {
                    "action": {"enum": ["send", "receive"]},
                    "channel": REF,
                    "messages": {"type": "array", "items": REF},
                },
            },
        },
        "components": {
            "type": "object",
            "properties": {
                "messages": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["name", "contentType", "payload", "bindings"],
                        "properties": {
                            "bindings": {
                                "type": "object",
                                "required": ["kafka"],
                                "properties": {
                                    "kafka": {"type": "object", "required": ["key", "bindingVersion"]}
                                },
                            }
                        },
                    },
                },
                "securitySchemes": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": {
                                "enum": [
                                    "userPassword",
                                    "X509",
                                    "plain",
                                    "scramSha256",
                                    "scramSha512",
                                    "gssapi",
                                ]
                            }
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SCHEMAS / "asyncapi.yaml").read_text(encoding="utf-8"))
    return loaded


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_shape_of_asyncapi_3(doc: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(ASYNCAPI_3_SUBSET)
    errors = sorted(Draft202012Validator(ASYNCAPI_3_SUBSET).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_every_topic_is_a_channel(doc: dict[str, Any]) -> None:
    topics = Topics()
    defaults = {topics.articles, topics.incidents, topics.deadletter, topics.counts, topics.region_events}
    addresses = {c["address"] for c in doc["channels"].values()}
    assert defaults <= addresses, defaults - addresses
    for channel in doc["channels"].values():
        assert channel["bindings"]["kafka"]["topic"] == channel["address"]


def test_every_reference_resolves(doc: dict[str, Any]) -> None:
    external = set()
    for ref in _refs(doc):
        if ref.startswith("#/"):
            _resolve(doc, ref)
        else:
            assert (SCHEMAS / ref).is_file(), ref
            external.add(Path(ref).name)
    assert external == set(SCHEMA_FILES.values())  # every public schema is a documented message payload


def test_operations_use_messages_of_their_channel(doc: dict[str, Any]) -> None:
    covered: dict[str, set[str]] = {}
    for name, op in doc["operations"].items():
        channel_ref = op["channel"]["$ref"]
        channel = _resolve(doc, channel_ref)
        for message in op.get("messages", []):
            assert message["$ref"].startswith(channel_ref + "/messages/"), name
            _resolve(doc, message["$ref"])
        covered.setdefault(channel_ref, set()).add(op["action"])
        assert channel is not None
    for key in doc["channels"]:
        assert covered.get(f"#/channels/{key}") == {"send", "receive"}, (
            f"{key}: needs a sender and a receiver"
        )


def test_public_messages_declare_the_contract_headers(doc: dict[str, Any]) -> None:
    names = {headers.CONTENT_TYPE, headers.SCHEMA, headers.SCHEMA_VERSION, headers.TRACE_ID, headers.PRODUCER}
    header_schema = doc["components"]["schemas"]["headers"]
    assert set(header_schema["properties"]) == names
    assert header_schema["properties"][headers.CONTENT_TYPE]["const"] == headers.JSON
    for name, message in doc["components"]["messages"].items():
        if name != "regionEvent":  # internal Faust record
            assert message["headers"] == {"$ref": "#/components/schemas/headers"}, name
            assert message["payload"]["schemaFormat"].startswith("application/schema+json"), name
