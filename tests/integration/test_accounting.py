"""In = out under bad input: 10,000 generated messages of every class (good articles with and without incidents,
each kind of bad input, duplicates, pathological text) through the real broker and one worker process. Every
message must end in exactly one receipt (incidents, no incident, dead letter) whose outcome and reason match its
class; every dead-letter receipt has its record on the dead-letter topic; every article with incidents is among
the sources of a published incident; and the worker is still running at the end.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from tocsin.devkafka import create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .streaming_support import names, run, synthetic_articles

TOTAL = 10_000
MAX_TEXT_CHARS = 5_000  # the worker's limit in this test, so that oversize articles stay small on the wire

# Short French and English sentences with no attack, written for this test in the style of wire briefs.
CALM = (
    "La Bourse de Paris a terminé en hausse de {n},{m} % vendredi, portée par les valeurs bancaires.",
    "Le festival de jazz de Marciac a accueilli {n}{m} 000 spectateurs cette année, un record.",
    "The central bank kept its main rate at {n}.{m}% on Thursday, citing slowing inflation.",
    "Heavy rain is expected in the north-west on Sunday, with up to {n}{m} mm in places.",
)


def _classes(rng: random.Random) -> list[tuple[str, bytes | None, bytes]]:
    """(class, key, value) for TOTAL messages; the class names the receipt expected (see EXPECTED)."""
    out: list[tuple[str, bytes | None, bytes]] = []

    def add(cls: str, n: int, make: Any) -> None:
        for i in range(n):
            key, value = make(i)
            out.append((cls, key, value))

    attacks = synthetic_articles(700)
    add("attack", len(attacks), lambda i: (attacks[i]["id"].encode(), orjson.dumps(attacks[i])))

    def calm(i: int) -> tuple[bytes, bytes]:
        text = CALM[i % len(CALM)].format(n=1 + i % 9, m=i % 10)
        return f"calm-{i}".encode(), orjson.dumps({"id": f"calm-{i}", "text": text})

    add("calm", 700, calm)
    add("not_json", 1000, lambda i: (f"nj-{i}".encode(), f'{{"id": "nj-{i}", "text": '.encode()))
    add(
        "invalid_utf8",
        800,
        lambda i: (f"iu-{i}".encode(), f'{{"id": "iu-{i}", "text": "caf'.encode() + b'\xe9"}'),
    )
    add("binary", 800, lambda i: (None, bytes([0, 1, 2, 255]) + rng.randbytes(60)))
    shapes = (
        lambda i: [i, "text"],
        lambda i: {"id": f"sv-{i}"},
        lambda i: {"id": f"sv-{i}", "text": i},
        lambda i: {"id": i, "text": "Une attaque."},
    )
    add("schema_violation", 1000, lambda i: (f"sv-{i}".encode(), orjson.dumps(shapes[i % 4](i))))
    add(
        "empty_text",
        700,
        lambda i: (f"et-{i}".encode(), orjson.dumps({"id": f"et-{i}", "text": " \n\t" * (1 + i % 5)})),
    )
    add(
        "oversize",
        300,
        lambda i: (f"os-{i}".encode(), orjson.dumps({"id": f"os-{i}", "text": "Une attaque. " * 400})),
    )
    add(
        "markup_only",
        700,
        lambda i: (
            f"mo-{i}".encode(),
            orjson.dumps({"id": f"mo-{i}", "text": f"<div class='c{i}'><br/>&nbsp;</div>"}),
        ),
    )
    add(
        "unsupported_language",
        500,
        lambda i: (
            f"ul-{i}".encode(),
            orjson.dumps(
                {
                    "id": f"ul-{i}",
                    "language": "de",
                    "text": f"Die Regierung hat heute {i} neue Schulen eröffnet.",
                }
            ),
        ),
    )
    absurd = ("2024-02-30", "1066-10-14", "2999-01-01", "0001", "2023-04-31")  # match the schema's pattern
    add(
        "bad_date",
        700,
        lambda i: (
            f"bd-{i}".encode(),
            orjson.dumps({"id": f"bd-{i}", "text": "Un drone.", "published": absurd[i % len(absurd)]}),
        ),
    )
    pathological = (
        lambda i: "a" * 4000,
        lambda i: "attaque " * 500,
        lambda i: "(" * 1500 + "attaque à Gao" + ")" * 1500,
        lambda i: "au moins 3 tués, " * 250,
    )
    add(
        "pathological",
        100,
        lambda i: (
            f"pt-{i}".encode(),
            orjson.dumps({"id": f"pt-{i}", "language": "fr", "text": pathological[i % 4](i)}),
        ),
    )
    # Copies of already-sent good articles, same key and bytes: processed once, then dead-lettered as duplicates.
    originals = [v for c, k, v in out if c in ("attack", "calm")]
    copies = rng.choices(originals, k=TOTAL - len(out))  # some more than once
    add("duplicate", len(copies), lambda i: (orjson.loads(copies[i])["id"].encode(), copies[i]))
    assert len(out) == TOTAL
    return out


# class → the (outcome, reason) its receipt must carry; None: any outcome that is not a dead letter for bad input
EXPECTED: dict[str, tuple[str, str | None] | None] = {
    "attack": ("incidents", None),
    "calm": ("no_incident", "not_relevant"),
    "not_json": ("dead_letter", "not_json"),
    "invalid_utf8": ("dead_letter", "invalid_utf8"),
    "binary": ("dead_letter", "binary"),
    "schema_violation": ("dead_letter", "schema_violation"),
    "empty_text": ("dead_letter", "empty_text"),
    "oversize": ("dead_letter", "oversize"),
    "markup_only": ("dead_letter", "markup_only"),
    "unsupported_language": ("dead_letter", "unsupported_language"),
    "bad_date": ("dead_letter", "bad_date"),
    "duplicate": ("dead_letter", "duplicate"),
    "pathological": None,
}


async def _produce(
    bootstrap: str, topic: str, messages: list[tuple[str, bytes | None, bytes]]
) -> dict[tuple[int, int], str]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, enable_idempotence=True)
    await producer.start()
    try:
        positions: dict[tuple[int, int], str] = {}
        # In order, one key after the other: a duplicate must follow its original on their partition.
        futures = [await producer.send(topic, key=key, value=value) for _, key, value in messages]
        for (cls, _, _), future in zip(messages, futures, strict=True):
            meta = await future
            positions[(meta.partition, meta.offset)] = cls
        return positions
    finally:
        await producer.stop()


async def _drain(bootstrap: str, topics: list[str], done: Any, timeout: float) -> dict[str, list[Any]]:
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    got: dict[str, list[Any]] = {t: [] for t in topics}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not done(got):
            for tp, records in (await consumer.getmany(timeout_ms=500, max_records=5000)).items():
                got[tp.topic].extend(orjson.loads(r.value) for r in records if r.value is not None)
    finally:
        await consumer.stop()
    return got


def test_ten_thousand_good_and_bad_messages_are_all_accounted_for(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    env = {**names(), "TOCSIN_MAX_TEXT_CHARS": str(MAX_TEXT_CHARS)}
    articles_topic, receipts_topic = env["TOCSIN_TOPIC_ARTICLES"], env["TOCSIN_TOPIC_RECEIPTS"]
    deadletter_topic, incidents_topic = env["TOCSIN_TOPIC_DEADLETTER"], env["TOCSIN_TOPIC_INCIDENTS"]
    run(create_topics(kafka_bootstrap, {articles_topic: 4, receipts_topic: 4, deadletter_topic: 4}))
    messages = _classes(random.Random(8))
    port, _ = free_port_pair()
    worker = WorkerProcess(kafka_bootstrap, port, tmp_path / "data", tmp_path / "worker.log", env=env).start()
    try:
        t0 = time.monotonic()
        positions = run(_produce(kafka_bootstrap, articles_topic, messages))
        assert len(positions) == TOTAL

        def accounted(got: dict[str, list[Any]]) -> bool:
            # Receipts are written first; a dead letter and the merged incident (from the counting stage) may
            # arrive a little later: wait for all three before judging.
            receipts = {(r["source_partition"], r["source_offset"]): r for r in got[receipts_topic]}
            if len(receipts) < TOTAL:
                return False
            dead = {(d["source_partition"], d["source_offset"]) for d in got[deadletter_topic]}
            if len(dead) < sum(r["outcome"] == "dead_letter" for r in receipts.values()):
                return False
            sources = {x for incident in got[incidents_topic] for x in incident["sources"]}
            return {r["article_id"] for r in receipts.values() if r["outcome"] == "incidents"} <= sources

        got = run(
            _drain(kafka_bootstrap, [receipts_topic, deadletter_topic, incidents_topic], accounted, 600)
        )
        elapsed = time.monotonic() - t0
        assert worker.proc is not None and worker.proc.poll() is None, "the worker crashed"
        metrics = worker.get_text("/metrics")
    finally:
        worker.stop()

    receipts: dict[tuple[int, int], dict[str, Any]] = {}
    for r in got[receipts_topic]:
        position = (r["source_partition"], r["source_offset"])
        if (
            position in receipts
        ):  # at-least-once: a replayed message gets its receipt again, identical in kind
            assert (receipts[position]["outcome"], receipts[position]["reason"]) == (
                r["outcome"],
                r["reason"],
            )
        receipts[position] = r
    assert set(receipts) == set(positions), f"missing {len(set(positions) - set(receipts))}"

    wrong = Counter()
    outcomes: Counter[tuple[str, str, str | None]] = Counter()
    for position, cls in positions.items():
        receipt = receipts[position]
        outcomes[(cls, receipt["outcome"], receipt["reason"])] += 1
        want = EXPECTED[cls]
        if want is None:
            ok = receipt["outcome"] != "dead_letter" or receipt["reason"] == "timeout"
        else:
            ok = (receipt["outcome"], receipt["reason"]) == want
        if not ok:
            wrong[(cls, receipt["outcome"], receipt["reason"])] += 1
    assert not wrong, wrong

    dead = {(d["source_partition"], d["source_offset"]) for d in got[deadletter_topic]}
    assert dead == {p for p, r in receipts.items() if r["outcome"] == "dead_letter"}
    sources = {s for incident in got[incidents_topic] for s in incident["sources"]}
    with_incidents = {r["article_id"] for r in receipts.values() if r["outcome"] == "incidents"}
    assert with_incidents and with_incidents <= sources
    counted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("tocsin_articles_total{")
    )
    assert counted >= TOTAL  # the /metrics counter agrees (more only if messages were replayed)
    print(
        f"\naccounting: {TOTAL} messages in {elapsed:.0f} s, {len(receipts)} accounted, 0 lost, worker alive; "
        + ", ".join(f"{c}→{o}/{r}: {n}" for (c, o, r), n in sorted(outcomes.items(), key=str))
    )
