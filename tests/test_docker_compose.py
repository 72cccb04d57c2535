"""docker-compose.yml stays consistent with the Docker-free setup: same Kafka version as infra/kafka/pom.xml,
a worker that waits for the broker and gets its bootstrap address, and the Makefile's uv version in the image.
With the compose plugin installed, `docker compose config -q` validates the file too."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def _pom_kafka_version() -> str:
    root = ET.parse(ROOT / "infra" / "kafka" / "pom.xml").getroot()
    version = root.findtext("m:properties/m:kafka.version", namespaces=POM_NS)
    assert version, "infra/kafka/pom.xml must define <kafka.version>"
    return version


def _compose_plugin_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _compose_plugin_available(), reason="docker compose plugin not installed")
def test_docker_compose_config_is_valid() -> None:
    # `config` only parses and interpolates; it needs no running Docker engine.
    result = subprocess.run(
        ["docker", "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_kafka_image_matches_pom_version() -> None:
    kafka = _compose()["services"]["kafka"]
    assert kafka["image"] == f"apache/kafka:{_pom_kafka_version()}"
    assert _pom_kafka_version() == "3.9.1"


def test_kafka_is_single_node_kraft_with_transactions() -> None:
    env = _compose()["services"]["kafka"]["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert str(env["KAFKA_CONTROLLER_QUORUM_VOTERS"]).startswith(f"{env['KAFKA_NODE_ID']}@kafka:")
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
    ):
        assert int(env[key]) == 1, key
    # A KRaft cluster id is 16 bytes in URL-safe base64 without padding (22 chars).
    cluster_id = env["CLUSTER_ID"]
    assert len(cluster_id) == 22 and not cluster_id.startswith("-")
    assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16
    assert "healthcheck" in _compose()["services"]["kafka"]


def test_worker_waits_for_kafka_and_uses_its_internal_listener() -> None:
    services = _compose()["services"]
    worker = services["worker"]
    depends = worker["depends_on"]
    assert "kafka" in depends
    if isinstance(depends, dict):
        assert depends["kafka"]["condition"] == "service_healthy"
    bootstrap = worker["environment"]["TOCSIN_KAFKA_BOOTSTRAP"]
    advertised = services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert any(entry.split("://", 1)[1] == bootstrap for entry in advertised.split(","))
    assert any(str(port).split(":")[-2:] == ["6066", "6066"] for port in worker["ports"])
    # The settings default to 127.0.0.1, which a published container port cannot reach.
    assert worker["environment"]["TOCSIN_WEB_HOST"] == "0.0.0.0"


def test_dockerfile_pins_the_makefile_uv_version() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    make_uv = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.M)
    assert make_uv is not None
    assert f"uv=={make_uv.group(1)}" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    assert re.search(r"^EXPOSE 6066\b", dockerfile, re.M)
