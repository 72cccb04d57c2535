"""SASL/PLAIN on a real broker: a second LocalBroker of this module's own (client listener SASL_PLAINTEXT, test
users only) refuses a wrong password and clear-text clients; with the right credentials in TOCSIN_KAFKA_*, the
seed article goes in through `tocsin produce`, a worker process (which creates its topics through the same
settings) extracts it, and `tocsin subscribe` receives the incident. The session broker stays PLAINTEXT. The same
worker runs with TOCSIN_HTTP_TOKEN, to see the token check in a real worker process (the details are unit-tested
in tests/streaming/test_views_auth.py).

Article: the seed article shipped in samples/articles.jsonl (shared/seeds/000_ab7640e8a7088d5b.txt).
"""

from __future__ import annotations

import asyncio
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.conn import create_conn
from aiokafka.errors import KafkaConnectionError, SaslAuthenticationFailed

from tocsin.clients.security import security_kwargs
from tocsin.devkafka import LocalBroker, create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from ._clients_helpers import REPO, cli
from .streaming_support import names

USERS = {"tocsin": "tocsin-test-secret", "reader": "reader-test-secret"}  # test broker only
HTTP_TOKEN = "http-test-token"
SEED = REPO / "samples" / "articles.jsonl"


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    port, controller_port = free_port_pair()
    broker = LocalBroker(port, controller_port, tmp_path_factory.mktemp("sasl-broker"), sasl_users=USERS)
    try:
        broker.start()
        yield broker
    finally:
        broker.stop()


async def _authenticate(broker: LocalBroker, env: dict[str, str]) -> None:
    """One connection with the SASL handshake, closed again: raises what the broker answered."""
    conn = await create_conn("127.0.0.1", broker.port, request_timeout_ms=5000, **security_kwargs(env))
    conn.close()


async def _producer_start(broker: LocalBroker, security: dict[str, object]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, request_timeout_ms=5000, **security)
    try:
        await producer.start()
    finally:
        await producer.stop()


def test_wrong_password_and_clear_text_are_refused(sasl_broker: LocalBroker) -> None:
    config = sasl_broker.data_dir / "server.properties"
    assert "user_reader=" in config.read_text()
    assert config.stat().st_mode & 0o077 == 0  # the rendered config holds the passwords: owner only
    asyncio.run(_authenticate(sasl_broker, sasl_broker.client_env("reader")))  # the right one gets in

    wrong = sasl_broker.client_env("reader", password="not-the-password")
    with pytest.raises(SaslAuthenticationFailed):
        asyncio.run(_authenticate(sasl_broker, wrong))
    with pytest.raises(SaslAuthenticationFailed):
        asyncio.run(_authenticate(sasl_broker, sasl_broker.client_env("tocsin", password=USERS["reader"])))
    # The clients only say they could not bootstrap (the cause is logged): nothing was sent.
    with pytest.raises(KafkaConnectionError):
        asyncio.run(_producer_start(sasl_broker, security_kwargs(wrong)))
    with pytest.raises(KafkaConnectionError):
        asyncio.run(_producer_start(sasl_broker, {"security_protocol": "PLAINTEXT"}))


async def _topics(broker: LocalBroker, env: dict[str, str]) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap, **security_kwargs(env))
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def test_seed_article_through_a_sasl_broker(sasl_broker: LocalBroker, tmp_path: Path) -> None:
    env = {**names(), **sasl_broker.client_env("tocsin"), "TOCSIN_HTTP_TOKEN": HTTP_TOKEN}
    topics = {env["TOCSIN_TOPIC_ARTICLES"]: 4, env["TOCSIN_TOPIC_INCIDENTS"]: 4}
    # As the worker does at start: the admin client takes its credentials from the TOCSIN_KAFKA_* settings.
    asyncio.run(create_topics(sasl_broker.bootstrap, topics, security=security_kwargs(env)))
    assert set(topics) <= asyncio.run(_topics(sasl_broker, sasl_broker.client_env("reader")))

    seed = tmp_path / "seed.jsonl"
    seed.write_bytes(SEED.read_bytes().splitlines()[0] + b"\n")
    article_id = orjson.loads(seed.read_bytes())["id"]
    port, _ = free_port_pair()
    worker = WorkerProcess(sasl_broker.bootstrap, port, tmp_path / "data", tmp_path / "worker.log", env=env)
    try:
        worker.start(timeout=90)
        produced = cli("produce", str(seed), env=env, timeout=60)
        assert produced.returncode == 0, produced.stderr.decode()
        assert "sent 1 articles" in produced.stderr.decode()

        reader = {**env, **sasl_broker.client_env("reader")}
        args = ("--no-background", "--max", "1", "--idle-timeout", "45")
        subscribed = cli("subscribe", *args, env=reader, timeout=90)
        assert subscribed.returncode == 0, subscribed.stderr.decode()
        lines = subscribed.stdout.decode().splitlines()
        assert lines, f"no incident over SASL; worker log: {worker.log_path.read_text()[-3000:]}"
        incident = orjson.loads(lines[0])
        assert incident["article_id"] == article_id
        assert (incident["country"], incident["admin1"]) == ("IQ", "Salah al-Din")
        assert incident["perpetrator"] == "Islamic Resistance in Iraq"

        # The worker's own topics (changelogs, receipts, ...) were created over SASL too.
        created = asyncio.run(_topics(sasl_broker, env))
        assert env["TOCSIN_TOPIC_RECEIPTS"] in created and env["TOCSIN_TOPIC_REGION_EVENTS"] in created

        with pytest.raises(urllib.error.HTTPError) as refused:
            worker.get_json("/counts")
        assert refused.value.code == 401
        counts = worker.get_json("/counts", headers={"Authorization": f"Bearer {HTTP_TOKEN}"})
        assert isinstance(counts["counts"], list)
        assert "tocsin_messages_in_total" in worker.get_text(
            "/metrics", headers={"Authorization": f"Bearer {HTTP_TOKEN}"}
        )
        shown = cli("counts", "--url", worker.url, "--country", "IQ", env=env, timeout=30)  # sends the token
        assert shown.returncode == 0, shown.stderr.decode()
        assert "IQ/Salah al-Din" in shown.stdout.decode()
        tokenless = cli("counts", "--url", worker.url, env={**env, "TOCSIN_HTTP_TOKEN": ""}, timeout=30)
        assert tokenless.returncode != 0 and "401" in tokenless.stderr.decode()
    finally:
        worker.stop()
