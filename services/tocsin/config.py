"""Settings from the environment (TOCSIN_*), in one place; every command-line option defaults to these."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TOCSIN_{name}", default)


@dataclass(frozen=True)
class Topics:
    articles: str = field(default_factory=lambda: _env("TOPIC_ARTICLES", "articles.raw"))
    incidents: str = field(default_factory=lambda: _env("TOPIC_INCIDENTS", "incidents.v1"))
    deadletter: str = field(default_factory=lambda: _env("TOPIC_DEADLETTER", "articles.deadletter"))
    counts: str = field(default_factory=lambda: _env("TOPIC_COUNTS", "region-counts.v1"))
    region_events: str = field(default_factory=lambda: _env("TOPIC_REGION_EVENTS", "tocsin-region-events"))
    receipts: str = field(default_factory=lambda: _env("TOPIC_RECEIPTS", "articles.receipts.v1"))


@dataclass(frozen=True)
class Settings:
    bootstrap: str = field(default_factory=lambda: _env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    app_id: str = field(default_factory=lambda: _env("APP_ID", "tocsin"))
    partitions: int = field(default_factory=lambda: int(_env("PARTITIONS", "4")))
    replication: int = field(default_factory=lambda: int(_env("REPLICATION", "1")))
    web_host: str = field(default_factory=lambda: _env("WEB_HOST", "127.0.0.1"))
    web_port: int = field(default_factory=lambda: int(_env("WEB_PORT", "6066")))
    data_dir: Path = field(default_factory=lambda: Path(_env("DATA_DIR", ".cache/worker")))
    store: str = field(default_factory=lambda: _env("STORE", "memory://"))
    max_text_chars: int = field(default_factory=lambda: int(_env("MAX_TEXT_CHARS", "200000")))
    processing_guarantee: str = field(default_factory=lambda: _env("PROCESSING_GUARANTEE", "at_least_once"))
    topics: Topics = field(default_factory=Topics)
    # Late events still count in a window until this long after it closes (docs/streaming.md).
    window_grace_s: float = field(default_factory=lambda: float(_env("WINDOW_GRACE_S", "172800")))
    # How often offsets are committed (and outputs flushed): the bound on reprocessing after a crash.
    commit_interval_s: float = field(default_factory=lambda: float(_env("COMMIT_INTERVAL_S", "1.0")))
    standby_replicas: int = field(default_factory=lambda: int(_env("STANDBY_REPLICAS", "1")))
    # How long an incident untouched by any report stays in the dedup tables (then forgotten: memory is bounded).
    state_retention_s: float = field(default_factory=lambda: float(_env("STATE_RETENTION_S", "777600")))
    # Processes that run the extraction core, forked after the models load (0: on the event loop; see
    # streaming/extract_pool.py). Two use both cores of a small machine and keep long articles off the path.
    extract_processes: int = field(default_factory=lambda: int(_env("EXTRACT_PROCESSES", "2")))
    # Per-article budget for the extraction core; an article over it is dead-lettered (reason "timeout").
    max_extract_s: float = field(default_factory=lambda: float(_env("MAX_EXTRACT_S", "5")))
    # A repeat of an article id with the same content within this horizon is a duplicate (dead-lettered).
    duplicate_horizon_s: float = field(default_factory=lambda: float(_env("DUPLICATE_HORIZON_S", "604800")))
    # How long a starting worker waits for Kafka, retrying with backoff (0: as long as it takes).
    broker_wait_s: float = field(default_factory=lambda: float(_env("BROKER_WAIT_S", "0")))
    # Optional bearer token for the HTTP API (empty: no authentication); /healthz stays open for probes.
    http_token: str = field(default_factory=lambda: _env("HTTP_TOKEN", ""))

    @property
    def broker_url(self) -> str:
        return ",".join(f"kafka://{host}" for host in self.bootstrap.split(","))
