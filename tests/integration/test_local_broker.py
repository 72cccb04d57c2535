"""A second LocalBroker (own ports, own state dir) runs beside the session's broker, restarts on its existing
data, and stops cleanly: tests may start their own broker while a dev broker is up."""

from __future__ import annotations

import shutil
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from tocsin.devkafka import REPO_ROOT, LocalBroker, free_port_pair, is_reachable, wait_ready


async def _cluster_id(bootstrap: str) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return str((await admin.describe_cluster())["cluster_id"])
    finally:
        await admin.close()


async def test_second_broker_coexists_and_restarts(kafka_bootstrap: str) -> None:
    port, controller_port = free_port_pair()
    data_dir: Path = REPO_ROOT / ".cache" / f"kafka-test-{port}"
    broker = LocalBroker(port, controller_port, data_dir)
    try:
        second = broker.start()
        assert second != kafka_bootstrap
        first_id, second_id = await _cluster_id(kafka_bootstrap), await _cluster_id(second)
        assert first_id != second_id
        assert (data_dir / "cluster.id").read_text().strip() == second_id

        broker.stop()
        assert not is_reachable(second)
        assert is_reachable(kafka_bootstrap)

        broker.start()  # restart on the existing data: same cluster
        await wait_ready(second, 10)
        assert await _cluster_id(second) == second_id
    finally:
        broker.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    assert not (data_dir / "kafka.pid").exists()
