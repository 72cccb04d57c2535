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
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),  # the first bytes of a PNG file
        (bytes(range(1, 9)) * 20 + b'{"id": "x", "text": "y"}', "binary"),  # control bytes, no NUL
        (b'{"id": "x", "text": "Caf\xe9"}', "invalid_utf8"),  # Latin-1, not UTF-8
        (
            orjson.dumps({"id": "x", "text": "<html><body><div>&nbsp;</div><!-- ad --></body></html>"}),
            "markup_only",
        ),
        (orjson.dumps({"id": "x", "text": "Un drone.", "published": "2024-02-30"}), "bad_date"),
        (orjson.dumps({"id": "x", "text": "Un drone.", "published": "0999-01-01"}), "bad_date"),
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


def test_text_with_markup_and_words_is_an_article() -> None:
    article = decode_article(orjson.dumps({"id": "h", "text": "<p>Un drone a été abattu près de Balad.</p>"}))
    assert "Balad" in article.text


def test_a_few_control_characters_in_real_text_are_not_binary() -> None:
    text = "Un drone a été abattu.\x0c " * 20 + "x" * 3000  # form feeds from a PDF export, under 1 %
    assert decode_article(orjson.dumps({"id": "c", "text": text})).id == "c"


def test_unclosed_comments_are_not_markup_and_closed_ones_are() -> None:
    # 40,000 "<!--" with no end (a lazy .*? per opening would be quadratic): text, if junk, not markup
    assert decode_article(orjson.dumps({"id": "m", "text": "<!--" * 40_000 + "<br>"})).id == "m"
    with pytest.raises(Rejection) as caught:
        decode_article(orjson.dumps({"id": "n", "text": "<!-- a -->" * 10_000 + "<br/>"}))
    assert caught.value.reason == "markup_only"
