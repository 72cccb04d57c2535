"""Find or start a real Kafka broker for `make run` and the integration tests.

The broker itself is `infra/kafka/kafka.sh` (Apache Kafka from pinned Maven jars, no Docker); this module only
decides which broker to use, waits until it answers a metadata request (an open port is not enough: the broker
accepts connections before it can serve metadata), and creates topics idempotently.

Its admin clients connect like the other clients: with the TOCSIN_KAFKA_SECURITY_PROTOCOL / _SASL_* / _SSL_*
settings of the environment (clients/security.py) unless given `security` kwargs, so a worker pointed at a secured
cluster can create its topics. LocalBroker(sasl_users=...) runs a SASL/PLAIN broker for tests (docs/security.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code

from .clients.security import security_kwargs

REPO_ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = REPO_ROOT / "infra" / "kafka" / "kafka.sh"
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"
BOOTSTRAP_ENV = "TOCSIN_KAFKA_BOOTSTRAP"

_T = TypeVar("_T")
_SASL_TOKEN = re.compile(r"[A-Za-z0-9._-]+")  # what kafka.sh accepts in TOCSIN_KAFKA_SASL_USERS


def _security(security: Mapping[str, Any] | None) -> dict[str, Any]:
    """The given aiokafka security kwargs, or those of the environment (SecurityConfigError if inconsistent)."""
    return security_kwargs() if security is None else dict(security)


def _hosts(bootstrap: str) -> list[tuple[str, int]]:
    """Parse "host:port[,host:port...]" (an optional kafka:// prefix is accepted, as faust uses it)."""
    out = []
    for part in bootstrap.split(","):
        part = part.strip().removeprefix("kafka://")
        if not part:
            continue
        host, _, port = part.rpartition(":")
        out.append((host.strip("[]") or "127.0.0.1", int(port)))
    if not out:
        raise ValueError(f"empty bootstrap string: {bootstrap!r}")
    return out


def is_reachable(bootstrap: str, timeout: float = 1.0) -> bool:
    """True if any bootstrap address accepts a TCP connection (cheap probe; see wait_ready for readiness)."""
    for host, port in _hosts(bootstrap):
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return True
        except OSError:
            continue
    return False


async def _metadata_once(
    bootstrap: str, request_timeout_ms: int, security: Mapping[str, Any] | None = None
) -> None:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=request_timeout_ms, **_security(security)
    )
    try:
        await admin.start()
        cluster = await admin.describe_cluster()
        if not cluster.get("brokers"):
            raise ConnectionError("metadata lists no brokers yet")
    finally:
        await admin.close()


async def wait_ready(
    bootstrap: str, timeout: float = 60.0, security: Mapping[str, Any] | None = None
) -> None:
    """Retry a metadata request until the broker serves it; TimeoutError (with the last error) on timeout.

    `security`: aiokafka kwargs (default: from TOCSIN_KAFKA_*; a bad combination raises at once, not retried).
    """
    kwargs = _security(security)
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"Kafka at {bootstrap} not ready after {timeout:.0f}s: {last!r}")
        try:
            await asyncio.wait_for(_metadata_once(bootstrap, 5000, kwargs), timeout=min(remaining, 10.0))
            return
        except Exception as exc:  # any failure means "not yet": retry until the deadline
            last = exc
        await asyncio.sleep(min(0.25, max(0.0, deadline - time.monotonic())))


async def create_topics(
    bootstrap: str,
    topics: Mapping[str, int],
    config: Mapping[str, str] | None = None,
    replication_factor: int = 1,
    timeout: float = 30.0,
    security: Mapping[str, Any] | None = None,
) -> None:
    """Create topics {name: partitions} with the same topic config; existing topics are left as they are.

    Returns once metadata shows every partition of every topic with a leader, so producing right after works.
    `security`: aiokafka kwargs (default: from TOCSIN_KAFKA_*, as the worker's own clients).
    """
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000), **_security(security)
    )
    try:
        await admin.start()
        new = [
            NewTopic(name, partitions, replication_factor, topic_configs=dict(config or {}))
            for name, partitions in topics.items()
        ]
        response = await admin.create_topics(new, timeout_ms=int(timeout * 1000))
        for topic, code, *rest in response.topic_errors:
            if code and for_code(code) is not TopicAlreadyExistsError:
                message = rest[0] if rest else ""
                raise for_code(code)(f"could not create topic {topic}: {message}")
        deadline = time.monotonic() + timeout
        while not await _all_led(admin, topics):
            if time.monotonic() > deadline:
                raise TimeoutError(f"topics {sorted(topics)} have no leaders after {timeout:.0f}s")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def _all_led(admin: AIOKafkaAdminClient, topics: Mapping[str, int]) -> bool:
    described = await admin.describe_topics(list(topics))
    led = {
        t["topic"]: sum(1 for p in t["partitions"] if p["leader"] >= 0)
        for t in described
        if t["error_code"] == 0
    }
    return all(led.get(name, 0) >= n for name, n in topics.items())


def _run_sync(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine from sync code, in a thread so an already-running event loop is not disturbed."""
    result: list[_T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=target, name="devkafka-wait")
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def free_port_pair() -> tuple[int, int]:
    """Two currently free TCP ports on 127.0.0.1 (client, controller). Racy by nature; fine for tests."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(2):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports[0], ports[1]


class LocalBroker:
    """A broker run by infra/kafka/kafka.sh with its own ports and state dir (so several can coexist).

    sasl_users={"name": "password", ...} (dev/test only) makes its client listener SASL_PLAINTEXT with mechanism
    PLAIN; the first user is also the broker's own identity. None: PLAINTEXT, whatever the environment says.
    """

    def __init__(
        self,
        port: int = 9092,
        controller_port: int = 9093,
        data_dir: Path | None = None,
        start_timeout: float = 120.0,
        sasl_users: Mapping[str, str] | None = None,
    ) -> None:
        self.port = port
        self.controller_port = controller_port
        self.data_dir = data_dir if data_dir is not None else REPO_ROOT / ".cache" / "kafka"
        self.start_timeout = start_timeout
        if sasl_users is not None:
            if not sasl_users:
                raise ValueError("sasl_users: give at least one user, or None for PLAINTEXT")
            bad = [
                n
                for n, p in sasl_users.items()
                if not (_SASL_TOKEN.fullmatch(n) and _SASL_TOKEN.fullmatch(p))
            ]
            if bad:
                raise ValueError(f"sasl_users {bad}: names and passwords are letters, digits, '.', '_', '-'")
        self.sasl_users = dict(sasl_users) if sasl_users is not None else None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client_env(self, username: str | None = None, password: str | None = None) -> dict[str, str]:
        """TOCSIN_KAFKA_* variables that connect a client or worker to this broker (security_kwargs reads them):
        as `username` (default: the first SASL user) with its password unless another one is given."""
        env = {"TOCSIN_KAFKA_BOOTSTRAP": self.bootstrap}
        if self.sasl_users is None:
            return {**env, "TOCSIN_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}
        name = username if username is not None else next(iter(self.sasl_users))
        secret = password if password is not None else self.sasl_users[name]
        return {
            **env,
            "TOCSIN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "TOCSIN_KAFKA_SASL_MECHANISM": "PLAIN",
            "TOCSIN_KAFKA_SASL_USERNAME": name,
            "TOCSIN_KAFKA_SASL_PASSWORD": secret,
        }

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            TOCSIN_KAFKA_PORT=str(self.port),
            TOCSIN_KAFKA_CONTROLLER_PORT=str(self.controller_port),
            TOCSIN_KAFKA_DIR=str(self.data_dir),
            TOCSIN_KAFKA_START_TIMEOUT=str(int(self.start_timeout)),
        )
        env.pop("TOCSIN_KAFKA_SASL_USERS", None)
        if self.sasl_users is not None:
            env["TOCSIN_KAFKA_SASL_USERS"] = ",".join(f"{n}:{p}" for n, p in self.sasl_users.items())
        return env

    def _run(self, action: str) -> None:
        # kafka.sh progress goes to our stderr so stdout stays clean for callers that print results.
        try:
            out: int | None = sys.stderr.fileno()
        except (AttributeError, OSError, ValueError):
            out = None
        subprocess.run(["bash", str(KAFKA_SH), action], env=self._env(), check=True, stdout=out)

    def start(self) -> str:
        """Start (or find already running) and wait until ready; returns the bootstrap string."""
        self._run("up")
        return self.bootstrap

    def stop(self) -> None:
        self._run("down")

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def ensure_broker(bootstrap: str | None = None, ready_timeout: float = 60.0) -> Iterator[str]:
    """Yield a bootstrap string for a ready broker: the given one, $TOCSIN_KAFKA_BOOTSTRAP, a broker already
    listening on 127.0.0.1:9092, or else a throwaway LocalBroker on free ports; stopped, deleted on exit."""
    chosen = bootstrap or os.environ.get(BOOTSTRAP_ENV) or None
    if chosen is None and is_reachable(DEFAULT_BOOTSTRAP):
        chosen = DEFAULT_BOOTSTRAP
    if chosen is not None:
        _run_sync(wait_ready(chosen, ready_timeout))
        yield chosen
        return
    port, controller_port = free_port_pair()
    data_dir = REPO_ROOT / ".cache" / f"kafka-test-{port}"
    broker = LocalBroker(port, controller_port, data_dir)
    try:
        yield broker.start()
    finally:
        broker.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.devkafka", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    wait = sub.add_parser("wait", help="wait until the broker answers a metadata request")
    wait.add_argument("--bootstrap", default=os.environ.get(BOOTSTRAP_ENV, DEFAULT_BOOTSTRAP))
    wait.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    # aiokafka logs every refused connection while the broker boots; the final TimeoutError says enough.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        asyncio.run(wait_ready(args.bootstrap, args.timeout))
    except TimeoutError as exc:
        print(f"devkafka: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
