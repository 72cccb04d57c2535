"""Broker discovery helpers that need no broker: address parsing, reachability, the readiness timeout, and the
security settings of the admin clients and of a SASL LocalBroker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tocsin.clients.security import SecurityConfigError, security_kwargs
from tocsin.devkafka import (
    KAFKA_SH,
    LocalBroker,
    _hosts,
    create_topics,
    free_port_pair,
    is_reachable,
    wait_ready,
)


def test_hosts_parses_lists_and_kafka_urls() -> None:
    assert _hosts("127.0.0.1:9092") == [("127.0.0.1", 9092)]
    assert _hosts("kafka://a:1, b:2") == [("a", 1), ("b", 2)]
    with pytest.raises(ValueError):
        _hosts(" , ")


def test_is_reachable_tracks_a_listening_socket() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        address = f"127.0.0.1:{server.getsockname()[1]}"
        assert is_reachable(address)
    assert not is_reachable(address, timeout=0.2)


def test_free_port_pair_gives_two_distinct_ports() -> None:
    a, b = free_port_pair()
    assert a != b and a > 0 and b > 0


async def test_wait_ready_times_out_without_broker() -> None:
    port, _ = free_port_pair()
    with pytest.raises(TimeoutError, match=f"127.0.0.1:{port}"):
        await wait_ready(f"127.0.0.1:{port}", timeout=1.0)


def test_cli_wait_fails_fast_without_broker() -> None:
    port, _ = free_port_pair()
    cmd = [
        sys.executable,
        "-m",
        "tocsin.devkafka",
        "wait",
        "--bootstrap",
        f"127.0.0.1:{port}",
        "--timeout",
        "1",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "not ready" in result.stderr


async def test_wait_ready_rejects_bad_security_settings_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A misconfiguration is not "broker not ready yet": no retrying until the timeout.
    monkeypatch.setenv("TOCSIN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.delenv("TOCSIN_KAFKA_SASL_USERNAME", raising=False)
    port, _ = free_port_pair()
    with pytest.raises(SecurityConfigError, match="SASL_USERNAME"):
        await wait_ready(f"127.0.0.1:{port}", timeout=30.0)
    with pytest.raises(SecurityConfigError):
        await create_topics(f"127.0.0.1:{port}", {"t": 1}, timeout=30.0)
    # Explicit settings win over the environment.
    with pytest.raises(TimeoutError):
        await wait_ready(f"127.0.0.1:{port}", timeout=0.5, security={"security_protocol": "PLAINTEXT"})


def test_local_broker_sasl_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA_SASL_USERS", "leaked:from-the-shell")
    plain = LocalBroker(19092, 19093)
    assert "TOCSIN_KAFKA_SASL_USERS" not in plain._env()  # PLAINTEXT unless asked, whatever the shell says
    assert security_kwargs(plain.client_env()) == {"security_protocol": "PLAINTEXT"}

    broker = LocalBroker(19092, 19093, sasl_users={"tocsin": "s3cret", "reader": "r-2"})
    assert broker._env()["TOCSIN_KAFKA_SASL_USERS"] == "tocsin:s3cret,reader:r-2"
    assert security_kwargs(broker.client_env()) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "PLAIN",
        "sasl_plain_username": "tocsin",
        "sasl_plain_password": "s3cret",
    }
    reader = broker.client_env("reader", password="wrong")
    assert (reader["TOCSIN_KAFKA_SASL_USERNAME"], reader["TOCSIN_KAFKA_SASL_PASSWORD"]) == ("reader", "wrong")
    assert reader["TOCSIN_KAFKA_BOOTSTRAP"] == "127.0.0.1:19092"
    for bad in ({}, {"a b": "x"}, {"a": "p:w"}, {"a": ""}, {"a": 'x" user_admin="y'}):
        with pytest.raises(ValueError):
            LocalBroker(19092, 19093, sasl_users=bad)


@pytest.mark.parametrize("users", ["no-colon", "a:b,c d:e", "a:b:c", " , ", 'a:"x"'])
def test_kafka_sh_rejects_malformed_sasl_users(tmp_path: Path, users: str) -> None:
    # Checked before anything is fetched, rendered or started.
    env = {**os.environ, "TOCSIN_KAFKA_SASL_USERS": users, "TOCSIN_KAFKA_DIR": str(tmp_path / "k")}
    result = subprocess.run(
        ["bash", str(KAFKA_SH), "up"], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert "TOCSIN_KAFKA_SASL_USERS" in result.stderr
    assert not (tmp_path / "k").exists()
