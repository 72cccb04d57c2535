"""`tocsin subscribe` on the real broker: start positions, filters, JSONL and ACLED CSV to a file or stdout, follow
mode, consumer groups, header filters, and the errors a subscriber can meet."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from tocsin.clients.output import ACLED_COLUMNS

from ._clients_helpers import cli, example_incident, new_topic, send_raw

JAN = int(datetime(2024, 1, 19, tzinfo=UTC).timestamp() * 1000)
JUN = int(datetime(2024, 6, 1, tzinfo=UTC).timestamp() * 1000)


def _incidents() -> list[tuple[dict[str, Any], int]]:
    base = example_incident()  # IQ / Salah al-Din, Strategic developments, fr, fatalities unknown
    dated = example_incident("incident.v1.dated.json")  # IQ / Baghdad, Air/drone strike, en, 2 killed
    return [
        (base, JAN),
        ({**dated, "incident_id": "inc_00000000000000000002"}, JAN),
        ({**base, "incident_id": "inc_00000000000000000003", "background": True}, JUN),
        ({**dated, "incident_id": "inc_00000000000000000004", "country": "SY", "admin1": "Idlib"}, JUN),
    ]


@pytest.fixture(scope="module")
def topic(kafka_bootstrap: str) -> str:
    name = new_topic(kafka_bootstrap, "incidents.v1.test")
    send_raw(
        kafka_bootstrap,
        name,
        (
            (
                record["incident_id"].encode(),
                orjson.dumps(record),
                [("trace-id", f"trace-{record['incident_id'][-1]}".encode()), ("schema", b"incident.v1")],
                ts,
            )
            for record, ts in _incidents()
        ),
    )
    return name


def _ids(stdout: bytes) -> set[str]:
    return {orjson.loads(line)["incident_id"] for line in stdout.splitlines()}


def _sub(bootstrap: str, topic: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return cli("subscribe", "--bootstrap", bootstrap, "--topic", topic, *args)


def test_reads_to_the_end_and_stops(kafka_bootstrap: str, topic: str) -> None:
    run = _sub(kafka_bootstrap, topic)
    assert run.returncode == 0, run.stderr.decode()
    assert _ids(run.stdout) == {r["incident_id"] for r, _ in _incidents()}
    assert "4 incidents from" in run.stderr.decode()


def test_csv_in_acled_column_order_to_a_file(kafka_bootstrap: str, topic: str, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    run = _sub(kafka_bootstrap, topic, "--format", "csv", "--output", str(out), "--no-background")
    assert run.returncode == 0, run.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    by_id = {r["event_id_cnty"]: r for r in rows}
    assert set(by_id) == {"inc_3f9a1c2b7d4e5f60a1b2", "inc_00000000000000000002", "inc_00000000000000000004"}
    iq = by_id["inc_00000000000000000002"]
    assert (iq["event_date"], iq["country"], iq["admin1"], iq["fatalities"]) == (
        "2024-01-18",
        "Iraq",
        "Baghdad",
        "2",
    )
    assert by_id["inc_00000000000000000004"]["country"] == "Syria"


def test_csv_to_stdout(kafka_bootstrap: str, topic: str) -> None:
    run = _sub(kafka_bootstrap, topic, "--format", "csv", "--country", "SY")
    assert run.returncode == 0
    lines = run.stdout.decode().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,event_type,sub_event_type,actor1,country,")
    assert len(lines) == 2 and "inc_00000000000000000004" in lines[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--country", "iq"],
            {"inc_3f9a1c2b7d4e5f60a1b2", "inc_00000000000000000002", "inc_00000000000000000003"},
        ),
        (["--country", "IQ", "--min-fatalities", "1"], {"inc_00000000000000000002"}),
        (
            ["--admin1", "Idlib", "--admin1", "Baghdad"],
            {"inc_00000000000000000002", "inc_00000000000000000004"},
        ),
        (["--event-type", "Strategic developments", "--no-background"], {"inc_3f9a1c2b7d4e5f60a1b2"}),
        (
            ["--event-type", "air/drone strike", "--language", "en"],
            {"inc_00000000000000000002", "inc_00000000000000000004"},
        ),
        (["--language", "fr", "--no-background"], {"inc_3f9a1c2b7d4e5f60a1b2"}),
        (["--header", "trace-id=trace-3"], {"inc_00000000000000000003"}),
        (["--from", "2024-03-01T00:00:00Z"], {"inc_00000000000000000003", "inc_00000000000000000004"}),
    ],
)
def test_filters_and_start_time(
    kafka_bootstrap: str, topic: str, args: list[str], expected: set[str]
) -> None:
    run = _sub(kafka_bootstrap, topic, *args)
    assert run.returncode == 0, run.stderr.decode()
    assert _ids(run.stdout) == expected


def test_jsonl_with_headers(kafka_bootstrap: str, topic: str) -> None:
    run = _sub(kafka_bootstrap, topic, "--with-headers", "--country", "SY")
    (line,) = run.stdout.splitlines()
    record = orjson.loads(line)
    assert record["headers"] == {"trace-id": "trace-4", "schema": "incident.v1"}
    assert record["incident"]["country"] == "SY"


def test_consumer_group_resumes_where_it_stopped(kafka_bootstrap: str, topic: str) -> None:
    group = f"test-group-{time.monotonic_ns()}"
    first = _sub(kafka_bootstrap, topic, "--group", group, "--max", "2")
    assert first.returncode == 0, first.stderr.decode()
    second = _sub(kafka_bootstrap, topic, "--group", group)
    assert second.returncode == 0, second.stderr.decode()
    seen_first, seen_second = _ids(first.stdout), _ids(second.stdout)
    assert len(seen_first) == 2 and len(seen_second) == 2
    assert seen_first | seen_second == {r["incident_id"] for r, _ in _incidents()}


def test_follow_waits_for_new_incidents(kafka_bootstrap: str) -> None:
    name = new_topic(kafka_bootstrap, "incidents.v1.follow")
    args = ["subscribe", "--bootstrap", kafka_bootstrap, "--topic", name, "--from", "latest", "--max", "1"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tocsin.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        time.sleep(4)  # the subscriber takes its position at the end of the empty topic
        assert proc.poll() is None, "a follower must not stop at the end of the topic"
        record = example_incident()
        send_raw(kafka_bootstrap, name, [(b"k", orjson.dumps(record), [], None)])
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err.decode()
    assert _ids(out) == {record["incident_id"]}


def test_idle_timeout_stops_a_follower(kafka_bootstrap: str, topic: str) -> None:
    started = time.monotonic()
    run = _sub(kafka_bootstrap, topic, "--idle-timeout", "1.5")
    assert run.returncode == 0
    assert len(_ids(run.stdout)) == 4
    assert time.monotonic() - started >= 1.5


def test_contract_violation_is_reported(kafka_bootstrap: str) -> None:
    name = new_topic(kafka_bootstrap, "incidents.v1.bad", partitions=1)
    send_raw(kafka_bootstrap, name, [(b"k", orjson.dumps({"incident_id": "nope"}), [], None)])
    run = _sub(kafka_bootstrap, name)
    assert run.returncode == 1
    assert f"contract violation: {name}[0]@0: incident schema v1" in run.stderr.decode()


def test_missing_topic_and_bad_start(kafka_bootstrap: str) -> None:
    missing = _sub(kafka_bootstrap, "no-such-topic-here")
    assert missing.returncode == 1 and "does not exist" in missing.stderr.decode()
    bad = _sub(kafka_bootstrap, "x", "--from", "yesterday")
    assert bad.returncode == 2 and "--from" in bad.stderr.decode()


def test_counts_without_a_worker_fails_cleanly() -> None:
    run = cli("counts", "--url", "http://127.0.0.1:1")
    assert run.returncode == 1
    assert "no worker answering" in run.stderr.decode()
