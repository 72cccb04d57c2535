"""End to end on the real broker: articles produced at fixed rates and flat out, latency to the incident received.

A deployment is a set of unique topics plus either `tocsin worker` process(es) (WorkerProcess) or the raw
aiokafka pass-through (bench/passthrough.py: consume, re-produce, no processing), which shows the broker's own
limit on the same machine in the same run. The benchmark process produces and listens on the output topic.

- Latency: from just before `producer.send` to the first record about that article on the output topic. For the
  worker only articles that yield an incident can be seen (most of the corpus has none); those are also the
  slowest ones, since they go through spaCy. For the pass-through every article is seen.
- End of a phase: after the last article, one sentinel article (an attack on a day of its own, so it yields a new
  incident) is sent to every partition; partitions are processed in order, so once every sentinel is seen the
  backlog is drained. Incidents merged across articles (the worker's dedup) count for every article in `sources`.
- Throughput: articles / (last sentinel seen - first send). Flat out, that is the maximum sustainable rate.
- Traffic goes only to the given bootstrap (127.0.0.1); every phase is bounded in size and in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from tocsin.devkafka import create_topics, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .common import (
    REPO,
    RESULTS,
    Json,
    RssPoller,
    envelope,
    latency_summary,
    load,
    log,
    tree_cpu_seconds,
    write_result,
)
from .corpus import Corpus, Record

PARTITIONS = 4
_SENTINEL_DAY0 = date(2001, 1, 1)


def sentinel_text(serial: int) -> str:
    """An attack on a day of its own, so that cross-article dedup never merges two sentinels."""
    day = _SENTINEL_DAY0 + timedelta(days=serial)
    return f"A suicide bomber killed five soldiers at a checkpoint in Kabul, Afghanistan, on {day.day} {day:%B %Y}."


RATES = (5.0, 20.0, 50.0)
_EXCEPTION = re.compile(r"^\w+(?:\.\w+)*(?:Error|Exception|Mismatch)\b|\[ERROR\]")
DRAIN_OK_SECONDS = 2.0


class Probe:
    """Listens on an output topic and keeps the monotonic time each article id was first seen there."""

    def __init__(self, bootstrap: str, topic: str, id_of: Callable[[Any], list[str]]) -> None:
        self.consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_wait_ms=50
        )
        self.id_of = id_of
        self.received: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_seen = time.monotonic()

    async def start(self) -> Probe:
        await self.consumer.start()
        self._task = asyncio.create_task(self._loop())
        return self

    async def _loop(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=100)
            now = time.monotonic()
            for messages in batch.values():
                for msg in messages:
                    for article_id in self.id_of(msg):
                        self.received.setdefault(article_id, now)
            if batch:
                self.last_seen = now
                self._changed.set()

    async def wait_for(self, ids: list[str], timeout: float, stall: float = 45.0) -> bool:
        """True once every id was seen; False at the timeout, or when nothing at all arrives for `stall` s."""
        start = time.monotonic()
        deadline = start + timeout
        while not all(i in self.received for i in ids):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or time.monotonic() - max(start, self.last_seen) > stall:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 1.0))
        return True

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.consumer.stop()


def incident_article_ids(msg: Any) -> list[str]:
    """The articles an incident record stands for: its first article and, once reports are merged across
    articles (dedup), every source."""
    value: Any = orjson.loads(msg.value) if msg.value else {}
    if not isinstance(value, dict):
        return []
    ids = [value.get("article_id"), *(value.get("sources") or [])]
    return [i for i in ids if isinstance(i, str)]


def key_article_id(msg: Any) -> list[str]:
    return [msg.key.decode("utf-8")] if msg.key else []


class Deployment:
    """Unique topics, the process(es) under test, a producer and a probe on the output topic."""

    def __init__(
        self, bootstrap: str, kind: str, work_dir: Path, worker_env: dict[str, str] | None = None
    ) -> None:
        self.bootstrap = bootstrap
        self.kind = kind  # "worker" or "passthrough"
        self.worker_env = worker_env or {}
        self.suffix = uuid.uuid4().hex[:8]
        self.work_dir = work_dir / f"{kind}-{self.suffix}"
        self.app_id = f"tocsin-bench-{self.suffix}"
        self.topics = {
            "TOCSIN_TOPIC_ARTICLES": f"bench.articles.{self.suffix}",
            "TOCSIN_TOPIC_INCIDENTS": f"bench.incidents.{self.suffix}",
            "TOCSIN_TOPIC_DEADLETTER": f"bench.deadletter.{self.suffix}",
            "TOCSIN_TOPIC_RECEIPTS": f"bench.receipts.{self.suffix}",
            "TOCSIN_TOPIC_COUNTS": f"bench.counts.{self.suffix}",
            "TOCSIN_TOPIC_REGION_EVENTS": f"bench.region-events.{self.suffix}",
        }
        self.source = self.topics["TOCSIN_TOPIC_ARTICLES"]
        self.output = self.topics["TOCSIN_TOPIC_INCIDENTS"]
        self.workers: list[WorkerProcess] = []
        self.passthrough: subprocess.Popen[bytes] | None = None
        self.producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, max_request_size=4 * 2**20)
        id_of = incident_article_ids if kind == "worker" else key_article_id
        self.probe = Probe(bootstrap, self.output, id_of)
        self.rss = RssPoller(self.pids)
        self._sentinel_round = 0
        self._last_sentinels: list[str] = []

    def pids(self) -> list[int]:
        pids = [w.proc.pid for w in self.workers if w.proc is not None and w.proc.poll() is None]
        if self.passthrough is not None and self.passthrough.poll() is None:
            pids.append(self.passthrough.pid)
        return pids

    async def start(self) -> Deployment:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self.kind == "worker":
            # As the worker's own ensure_topics does: outputs keyed for upserts are compacted.
            outputs = ("TOCSIN_TOPIC_INCIDENTS", "TOCSIN_TOPIC_COUNTS")
            compacted = {self.topics[k]: PARTITIONS for k in outputs}
            plain = {t: PARTITIONS for k, t in self.topics.items() if k not in outputs}
            await create_topics(self.bootstrap, compacted, {"cleanup.policy": "compact"})
            await create_topics(self.bootstrap, plain)
            await self.add_worker()
        else:
            await create_topics(self.bootstrap, {self.source: PARTITIONS, self.output: PARTITIONS})
            cmd = [
                sys.executable, "-m", "bench.passthrough", "--bootstrap", self.bootstrap,
                "--source", self.source, "--dest", self.output, "--group", self.app_id,
            ]  # fmt: skip
            log_file = (self.work_dir / "passthrough.log").open("ab")
            self.passthrough = subprocess.Popen(
                cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.rss.__enter__()
        await self.producer.start()
        await self.probe.start()
        if not await self.sentinels(timeout=180.0):
            raise TimeoutError(f"{self.kind} did not answer the warm-up sentinels; logs in {self.work_dir}")
        return self

    async def add_worker(self) -> None:
        n = len(self.workers)
        port, _ = free_port_pair()
        env = {
            **self.topics,
            "TOCSIN_APP_ID": self.app_id,
            "TOCSIN_PARTITIONS": str(PARTITIONS),
            "TOCSIN_WEB_HOST": "127.0.0.1",
            **self.worker_env,
        }
        worker = WorkerProcess(
            self.bootstrap, port, self.work_dir / f"data-{n}", self.work_dir / f"worker-{n}.log", env=env
        )
        await asyncio.to_thread(worker.start, 180.0)
        self.workers.append(worker)

    async def sentinels(self, timeout: float) -> bool:
        """One attack article per partition; True once the output shows all of them (backlog drained)."""
        self._sentinel_round += 1
        ids = []
        for partition in range(PARTITIONS):
            article_id = f"sentinel-{self._sentinel_round}-{partition}"
            text = sentinel_text(self._sentinel_round * PARTITIONS + partition)
            record = {"id": article_id, "text": text, "language": "en", "published": None}
            await self.producer.send(
                self.source, value=orjson.dumps(record), key=article_id.encode(), partition=partition
            )
            ids.append(article_id)
        await self.producer.flush()
        self._last_sentinels = ids
        return await self.probe.wait_for(ids, timeout)

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            with contextlib.suppress(psutil.Error):
                total += tree_cpu_seconds(pid)
        return total

    async def phase(self, records: list[Record], n: int, rate: float | None, tag: str) -> Json:
        """Send n articles (cycling through records) at `rate` per second (None: flat out); wait for the drain."""
        sent: dict[str, float] = {}
        cpu0 = self.cpu_seconds()
        t0 = time.monotonic()
        for i in range(n):
            if rate is not None:
                delay = t0 + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            article_id = f"{tag}-{self.suffix}-{i:05d}"
            value = orjson.dumps({**records[i % len(records)], "id": article_id})
            sent[article_id] = time.monotonic()
            await self.producer.send(self.source, value=value, key=article_id.encode())
        last_send = time.monotonic()
        drained = await self.sentinels(timeout=60.0 + n / 2.0)
        end = max(self.probe.received.get(s, time.monotonic()) for s in self._last_sentinels)
        cpu = self.cpu_seconds() - cpu0
        await asyncio.sleep(0.5)  # output of other partitions still in flight
        latencies = [self.probe.received[a] - t for a, t in sent.items() if a in self.probe.received]
        drain = end - last_send
        return {
            "target_rate": rate,
            "articles": n,
            "input_rate": round(n / max(1e-9, last_send - t0), 2),
            "drained": drained,
            "drain_seconds": round(drain, 3),
            "kept_up": drained and drain <= DRAIN_OK_SECONDS,
            "throughput": round(n / max(1e-9, end - t0), 2) if drained else None,
            "observed_articles": len(latencies),
            "latency": latency_summary(latencies),
            "cpu_ms_per_article": round(1000 * cpu / n, 2),
            "load_1m": load()["1m"],
        }

    async def stop(self) -> Json:
        with contextlib.suppress(Exception):
            await self.probe.stop()
        with contextlib.suppress(Exception):
            await self.producer.stop()
        self.rss.__exit__()
        for worker in self.workers:
            worker.stop()
        if self.passthrough is not None and self.passthrough.poll() is None:
            os.killpg(self.passthrough.pid, signal.SIGTERM)
            try:
                self.passthrough.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.passthrough.pid, signal.SIGKILL)
        await self._delete_topics()
        return {
            "peak_rss_mb_per_process": sorted(self.rss.peak_mb.values(), reverse=True),
            "peak_pss_mb_per_process": sorted(self.rss.peak_pss_mb.values(), reverse=True),
            "errors_in_logs": self.log_errors(),
        }

    def log_errors(self, limit: int = 5) -> list[str]:
        """The last exception lines of the processes' logs (a crashed agent leaves the process running)."""
        lines: list[str] = []
        for path in sorted(self.work_dir.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()
            lines += [f"{path.name}: {line.strip()[:300]}" for line in text if _EXCEPTION.search(line)]
        return lines[-limit:]

    async def _delete_topics(self) -> None:
        """Best effort: this run's topics (and the app's internal ones) off the broker."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        with contextlib.suppress(Exception):
            await admin.start()
            names = [t for t in await admin.list_topics() if self.suffix in t]
            if names:
                await admin.delete_topics(names)
        with contextlib.suppress(Exception):
            await admin.close()


def sizes(quick: bool) -> Json:
    return {
        "rate_seconds": 4.0 if quick else 20.0,
        "flat_articles": 60 if quick else 600,
        "flat_articles_passthrough": 300 if quick else 3000,
    }


async def run_rates(dep: Deployment, records: list[Record], quick: bool, flat_n: int) -> Json:
    size = sizes(quick)
    phases: Json = {}
    plan: list[tuple[str, int, float | None]] = [
        (f"{rate:g}/s", max(1, int(rate * size["rate_seconds"])), rate) for rate in RATES
    ]
    plan.append(("flat_out", flat_n, None))
    for name, n, rate in plan:
        log(f"e2e {dep.kind}: {name} x {n} ...")
        phases[name] = await dep.phase(records, n, rate, name.replace("/", "ps"))
        if not phases[name]["drained"]:
            log(f"e2e {dep.kind}: {name} did not drain; later phases skipped (see {dep.work_dir})")
            break
    return phases


async def _run(bootstrap: str, corpus: Corpus, quick: bool, work_dir: Path) -> Json:
    size = sizes(quick)
    result = envelope("e2e", {"quick": quick, "bootstrap": bootstrap, "partitions": PARTITIONS, **size})
    result["corpus"] = corpus.describe()
    runs: list[tuple[str, str, int, dict[str, str]]] = [
        ("worker", "worker", size["flat_articles"], {}),
        ("passthrough", "passthrough", size["flat_articles_passthrough"], {}),
    ]
    if not quick:  # the same worker extracting on its event loop, as before the extraction processes
        runs.append(("worker_inline", "worker", size["flat_articles"], {"TOCSIN_EXTRACT_PROCESSES": "0"}))
    for name, kind, flat_n, env in runs:
        log(f"e2e: starting {name} ...")
        dep = Deployment(bootstrap, kind, work_dir, env)
        try:
            await dep.start()
            phases = await run_rates(dep, corpus.records, quick, flat_n)
        finally:
            processes = await dep.stop()
        result[name] = {"phases": phases, **processes, **({"env": env} if env else {})}
    worker, raw = result["worker"]["phases"], result["passthrough"]["phases"]
    if "flat_out" not in worker or "flat_out" not in raw:
        result["summary"] = {"error": "a phase did not drain; see errors_in_logs"}
        result["targets"] = {}
        return result
    max_rate = worker["flat_out"]["throughput"]
    p99_20 = worker["20/s"]["latency"]["p99_ms"]
    rss = max(result["worker"]["peak_rss_mb_per_process"] or [0.0])
    pss = max(result["worker"].get("peak_pss_mb_per_process") or [0.0])
    result["summary"] = {
        "max_sustainable_rate": max_rate,
        "broker_passthrough_rate": raw["flat_out"]["throughput"],
        "worker_vs_passthrough_rate": (
            round(max_rate / raw["flat_out"]["throughput"], 4)
            if max_rate and raw["flat_out"]["throughput"]
            else None
        ),
        "p99_ms_at_20_per_s": p99_20,
        "passthrough_p99_ms_at_20_per_s": raw["20/s"]["latency"]["p99_ms"],
        "kept_up_at_50_per_s": worker["50/s"]["kept_up"],
        "inline_max_sustainable_rate": _phase(result, "worker_inline", "flat_out", "throughput"),
        "inline_p99_ms_at_20_per_s": _phase(result, "worker_inline", "20/s", "latency", "p99_ms"),
        "worker_peak_rss_mb": rss,  # the worker and its extraction processes, shared pages counted per process
        "worker_peak_pss_mb": pss,  # the same tree, shared pages split: what it costs the machine
    }
    result["targets"] = {
        "p99 <= 500 ms at 20/s": p99_20 is not None and p99_20 <= 500,
        ">= 50 articles/s sustained": bool(max_rate and max_rate >= 50),
        "worker memory (PSS of its process tree) <= 800 MB": pss <= 800,
    }
    return result


def _phase(result: Json, run: str, phase: str, *keys: str) -> Any:
    """A figure of one phase of one run, or None when that run was not made (quick mode)."""
    value: Any = result.get(run, {}).get("phases", {}).get(phase)
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def run(bootstrap: str, corpus: Corpus, quick: bool, out_dir: Path = RESULTS, name: str = "e2e") -> Json:
    work_dir = REPO / ".cache" / "bench"
    result = asyncio.run(_run(bootstrap, corpus, quick, work_dir))
    result["benchmark"] = name
    path = write_result(name, result, out_dir)
    log(f"e2e: wrote {path}")
    return result
