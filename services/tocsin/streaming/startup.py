"""Waiting for Kafka before the worker starts: a worker started before its broker (a reboot, a compose file
without health checks) retries with backoff and says so, instead of crashing or hanging silently."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger("tocsin.startup")


def broker_ready(bootstrap: str) -> bool:
    """One metadata round-trip (with the TOCSIN_KAFKA_* security settings the worker will use)."""
    from ..devkafka import _run_sync, wait_ready

    try:
        _run_sync(wait_ready(bootstrap, timeout=5.0))
    except Exception:  # any failure means "not yet"
        return False
    return True


def wait_for_broker(
    bootstrap: str,
    give_up_after: float = 0.0,
    first_delay: float = 1.0,
    max_delay: float = 30.0,
    probe: Callable[[str], bool] = broker_ready,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Return the number of attempts once Kafka answers; TimeoutError after `give_up_after` s (0: never)."""
    started = time.monotonic()
    delay, attempt = first_delay, 0
    while True:
        attempt += 1
        if probe(bootstrap):
            if attempt > 1:
                log.warning(
                    "Kafka at %s is up after %.0f s and %d attempts; starting the worker",
                    bootstrap, time.monotonic() - started, attempt,
                )  # fmt: skip
            return attempt
        waited = time.monotonic() - started
        if give_up_after and waited + delay > give_up_after:
            raise TimeoutError(
                f"Kafka at {bootstrap} not reachable after {waited:.0f} s ({attempt} attempts)"
            )
        log.warning("Kafka not reachable at %s (attempt %d); retrying in %.0f s", bootstrap, attempt, delay)
        sleep(delay)
        delay = min(max_delay, delay * 2)
