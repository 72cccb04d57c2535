"""Prometheus metrics of one worker, in its own registry (several apps may live in one test process)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain"  # Prometheus text format 0.0.4 (aiohttp adds the charset)


class _Lag(Collector):
    """Consumer lag per assigned partition, read from the consumer at scrape time."""

    def __init__(self, read: Callable[[], Iterable[tuple[str, int, int]]]) -> None:
        self._read = read

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "tocsin_consumer_lag", "Messages not yet processed, per partition", labels=["topic", "partition"]
        )
        for topic, partition, lag in self._read():
            family.add_metric([topic, str(partition)], lag)
        yield family


class Metrics:
    def __init__(self, lag: Callable[[], Iterable[tuple[str, int, int]]] | None = None) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages_in = Counter("tocsin_messages_in", "Messages read", ["topic"], registry=r)
        self.messages_out = Counter("tocsin_messages_out", "Messages written", ["topic"], registry=r)
        self.deadletters = Counter(
            "tocsin_deadletters", "Inputs sent to the dead-letter topic", ["reason"], registry=r
        )
        self.articles = Counter(
            "tocsin_articles",
            "Input messages finished with, by outcome (incidents, no_incident, dead_letter) and reason",
            ["outcome", "reason"],
            registry=r,
        )
        self.incidents = Counter(
            "tocsin_incidents",
            "Incident reports by dedup outcome (new, merged, repeat, replay)",
            ["kind"],
            registry=r,
        )
        self.latency = Histogram(
            "tocsin_article_latency_seconds",
            "From the article's Kafka timestamp to its incidents being sent",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
            registry=r,
        )
        self.extract_seconds = Histogram(
            "tocsin_extract_seconds",
            "Extraction time per article",
            buckets=(0.005, 0.02, 0.05, 0.1, 0.5, 2),
            registry=r,
        )
        self.tracked = Gauge(
            "tocsin_incidents_tracked", "Canonical incidents held in this worker's tables", registry=r
        )
        if lag is not None:
            r.register(_Lag(lag))

    def render(self) -> bytes:
        return generate_latest(self.registry)
