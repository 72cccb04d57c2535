"""The worker's wait for Kafka: backoff doubling up to a cap, a log line per attempt, and an optional limit."""

from __future__ import annotations

import logging

import pytest

from tocsin.streaming.startup import wait_for_broker


def test_waits_with_doubling_capped_backoff_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter([False] * 6 + [True])
    slept: list[float] = []
    with caplog.at_level(logging.WARNING, logger="tocsin.startup"):
        attempts = wait_for_broker(
            "127.0.0.1:1", probe=lambda _: next(answers), sleep=slept.append, max_delay=8
        )
    assert attempts == 7
    assert slept == [1, 2, 4, 8, 8, 8]
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "Kafka not reachable at 127.0.0.1:1 (attempt 1); retrying in 1 s"
    assert "is up after" in lines[-1] and "7 attempts" in lines[-1]


def test_gives_up_after_the_limit() -> None:
    with pytest.raises(TimeoutError, match="not reachable"):
        wait_for_broker("127.0.0.1:1", give_up_after=0.5, probe=lambda _: False, sleep=lambda _: None)


def test_no_wait_and_no_noise_when_kafka_is_up(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="tocsin.startup"):
        assert wait_for_broker("127.0.0.1:1", probe=lambda _: True, sleep=lambda _: None) == 1
    assert not caplog.records
