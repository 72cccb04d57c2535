"""`tocsin produce` on the real broker: files, folders (.txt, .html, JSONL), standard input; validation with
file:line reasons; headers and keys as the contract says; rate limit, progress bar, summary, exit codes."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import orjson
import pytest

from tocsin.contracts import validate

from ._clients_helpers import cli, new_topic, read_all

# Sentences from the seed article shared/seeds/000_ab7640e8a7088d5b.txt
SEED_1 = "Un drone américain « s’est écrasé près de la base aérienne de Balad, en Irak », tard jeudi soir."
SEED_2 = "La Résistance islamique en Irak a déclaré vendredi avoir tiré la veille sur un drone américain MQ-9 Reaper."


@pytest.fixture
def topic(kafka_bootstrap: str) -> str:
    return new_topic(kafka_bootstrap, "articles.raw.test")


def _folder(root: Path) -> Path:
    folder = root / "articles"
    (folder / "fr").mkdir(parents=True)
    (folder / "balad.txt").write_text(f" date 2024-01 {SEED_1}\n\n{SEED_2}\n", encoding="utf-8")
    (folder / "fr" / "page.html").write_text(
        f'<html lang="fr"><head><title>Irak</title><meta property="article:published_time" content="2024-01">'
        f"</head><body><nav>Menu</nav><article><p>{SEED_1}</p><p>{SEED_2}</p></article></body></html>",
        encoding="utf-8",
    )
    lines = [{"id": "j1", "text": SEED_1}, {"id": "j2", "text": SEED_2, "language": "fr"}]
    (folder / "batch.jsonl").write_bytes(b"\n".join(orjson.dumps(x) for x in lines) + b"\n")
    (folder / "README.md").write_text("not an article", encoding="utf-8")
    return folder


def test_folder_of_txt_html_and_jsonl(kafka_bootstrap: str, topic: str, tmp_path: Path) -> None:
    run = cli("produce", str(_folder(tmp_path)), "--bootstrap", kafka_bootstrap, "--topic", topic)
    err = run.stderr.decode()
    assert run.returncode == 0, err
    assert "sent 4 articles, rejected 0" in err and " bytes in " in err
    assert "ignored" in err and "README.md" in err

    messages = read_all(kafka_bootstrap, topic)
    by_key = {m.key.decode(): m for m in messages if m.key is not None}
    assert set(by_key) == {"balad", "fr/page", "j1", "j2"}
    traces = set()
    for key, message in by_key.items():
        article = orjson.loads(message.value or b"")
        validate("article", article)
        assert article["id"] == key
        headers = {k: v.decode() for k, v in message.headers}
        assert headers["content-type"] == "application/json"
        assert headers["schema"] == "article.v1" and headers["schema-version"] == "1"
        assert headers["producer"] == "tocsin-produce"
        assert uuid.UUID(headers["trace-id"])
        traces.add(headers["trace-id"])
    assert len(traces) == 4  # one trace per article
    html = orjson.loads(by_key["fr/page"].value or b"")
    assert html["language"] == "fr" and html["published"] == "2024-01" and html["title"] == "Irak"
    assert SEED_2 in html["text"] and "Menu" not in html["text"]
    assert orjson.loads(by_key["balad"].value or b"")["published"] == "2024-01"


def _mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "ok-1", "text": "Un drone a été abattu."}\n'
        '{"id": "no-text", "title": "headline only"}\n'
        "{not json\n"
        '{"id": "bad-date", "text": "x", "published": "2024-13"}\n'
        '{"id": "ok-1", "text": "same id again"}\n',
        encoding="utf-8",
    )
    return path


def test_invalid_articles_are_reported_and_nothing_is_sent(
    kafka_bootstrap: str, topic: str, tmp_path: Path
) -> None:
    path = _mixed(tmp_path)
    run = cli("produce", str(path), "--bootstrap", kafka_bootstrap, "--topic", topic)
    err = run.stderr.decode()
    assert run.returncode == 1, err
    assert f"REJECTED {path}:2: article schema v1: (record): 'text' is a required property" in err
    assert f"REJECTED {path}:3: not JSON" in err
    assert f"REJECTED {path}:4: article schema v1: published" in err
    assert f"REJECTED {path}:5: duplicate id 'ok-1' (first at {path}:1)" in err
    assert "sent 0 articles: 4 rejected" in err
    assert read_all(kafka_bootstrap, topic) == []


def test_send_valid_sends_the_rest_and_still_fails(kafka_bootstrap: str, topic: str, tmp_path: Path) -> None:
    run = cli(
        "produce", str(_mixed(tmp_path)), "--send-valid", "--bootstrap", kafka_bootstrap, "--topic", topic
    )
    assert run.returncode == 1
    assert "sent 1 articles, rejected 4" in run.stderr.decode()
    assert [m.key for m in read_all(kafka_bootstrap, topic)] == [b"ok-1"]


def test_check_only(kafka_bootstrap: str, topic: str, tmp_path: Path) -> None:
    run = cli("produce", str(_mixed(tmp_path)), "--check", "--bootstrap", kafka_bootstrap, "--topic", topic)
    assert run.returncode == 1
    assert "checked 5 articles: 1 valid, 4 rejected" in run.stderr.decode()
    assert read_all(kafka_bootstrap, topic) == []


def test_stdin_jsonl_with_one_trace_id(kafka_bootstrap: str, topic: str) -> None:
    lines = b'{"id": "s1", "text": "a"}\n{"id": "s2", "text": "b"}\n'
    run = cli(
        "produce", "-", "--trace-id", "batch-7", "--bootstrap", kafka_bootstrap, "--topic", topic, input=lines
    )
    assert run.returncode == 0, run.stderr.decode()
    messages = read_all(kafka_bootstrap, topic)
    assert sorted(m.key for m in messages) == [b"s1", b"s2"]
    assert {dict(m.headers)["trace-id"] for m in messages} == {b"batch-7"}


def test_stdin_html_page(kafka_bootstrap: str, topic: str) -> None:
    page = f"<html><body><p>{SEED_1}</p></body></html>".encode()
    args = ["--stdin-format", "html", "--id", "page-1", "--bootstrap", kafka_bootstrap, "--topic", topic]
    run = cli("produce", "-", *args, input=page)
    assert run.returncode == 0, run.stderr.decode()
    (message,) = read_all(kafka_bootstrap, topic)
    assert message.key == b"page-1"
    assert orjson.loads(message.value or b"")["text"] == SEED_1


def test_rate_limit_and_progress_bar(kafka_bootstrap: str, topic: str, tmp_path: Path) -> None:
    path = tmp_path / "ten.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"id": f"r{i}", "text": "x"}) + b"\n" for i in range(10)))
    started = time.monotonic()
    run = cli(
        "produce", str(path), "--rate", "20", "--progress", "--bootstrap", kafka_bootstrap, "--topic", topic
    )
    elapsed = time.monotonic() - started
    err = run.stderr.decode()
    assert run.returncode == 0, err
    assert "10/10" in err  # the progress bar counts articles
    assert "sent 10 articles" in err
    assert elapsed >= 0.45  # 10 articles at 20/s take at least 9/20 s
    assert len(read_all(kafka_bootstrap, topic)) == 10


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["/nonexistent.jsonl"], {}, "does not exist"),
        ([], {}, "Missing argument"),
        (["-", "--rate", "0"], {}, "--rate"),
        (["-"], {"TOCSIN_KAFKA_SECURITY_PROTOCOL": "TLS"}, "TOCSIN_KAFKA_SECURITY_PROTOCOL"),
    ],
)
def test_usage_errors_exit_2(args: list[str], env: dict[str, str], message: str) -> None:
    run = cli("produce", *args, env=env, input=b"")
    assert run.returncode == 2, run.stderr.decode()
    assert message in run.stderr.decode()


def test_unreachable_broker_fails_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    run = cli("produce", str(path), "--bootstrap", "127.0.0.1:1", timeout=60)
    assert run.returncode == 1
    assert "Kafka:" in run.stderr.decode()
