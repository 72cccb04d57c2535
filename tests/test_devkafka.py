"""Broker discovery helpers that need no broker: address parsing, reachability and the readiness timeout."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tocsin.devkafka import _hosts, free_port_pair, is_reachable, wait_ready


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
