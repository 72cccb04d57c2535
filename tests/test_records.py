"""Decoding input bytes into articles, and the dead-letter reason for each kind of bad input."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from tocsin.contracts import validate
from tocsin.records import Rejection, deadletter_record, decode_article


def test_valid_article_keeps_publication_precision() -> None:
    article = decode_article(orjson.dumps({"id": "a1", "text": "Un drone.", "published": "2024-01"}))
    assert article.id == "a1"
    assert article.published.precision == "month"
    assert article.published.day == date(2024, 1, 1)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "not_json"),
        (b"\xff\xfe binary", "invalid_utf8"),
        (b"[1, 2]", "schema_violation"),
        (orjson.dumps({"id": "x"}), "schema_violation"),
        (orjson.dumps({"id": "x", "text": "   \n "}), "empty_text"),
        (orjson.dumps({"id": "x", "text": "a" * 300_001}), "oversize"),
    ],
)
def test_bad_input_reasons(raw: bytes, reason: str) -> None:
    with pytest.raises(Rejection) as caught:
        decode_article(raw)
    assert caught.value.reason == reason
    assert caught.value.detail


def test_deadletter_record_is_valid_and_keeps_payload() -> None:
    rejection = Rejection("not_json", "value is not JSON")
    record = deadletter_record(
        rejection, topic="articles.raw", partition=2, offset=41, key=b"k", value=b"{oops"
    )
    validate("deadletter", record)
    assert record["payload"] == "{oops"
    binary = deadletter_record(rejection, topic="t", partition=0, offset=0, key=None, value=b"\xff\x00")
    validate("deadletter", binary)
    assert binary["payload_encoding"] == "base64"
