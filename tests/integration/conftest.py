"""Integration tests run against a real Kafka broker: $TOCSIN_KAFKA_BOOTSTRAP, a broker already on
127.0.0.1:9092 (e.g. `make kafka-up`), or one this session starts with infra/kafka/kafka.sh and then stops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin.devkafka import ensure_broker

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's `pytestmark` does not reach test modules, so mark everything under this directory here
    # (the hook sees the whole session's items, hence the path check).
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    with ensure_broker() as bootstrap:
        yield bootstrap
