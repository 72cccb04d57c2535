"""`make soak` (not in CI): one worker fed at a fixed rate for a long run; memory and latency sampled on a clock.

    python -m bench.soak [--minutes 20] [--rate 10] [--sample-s 60] [--warmup-minutes 3]
                         [--out bench/results/soak.json] [--eval-dir DIR] [--bootstrap HOST:PORT]

The deployment is the e2e benchmark's (bench/e2e.py): a real loopback broker (the given one, $TOCSIN_KAFKA_BOOTSTRAP,
one on 127.0.0.1:9092, or a throwaway one), unique topics, one `tocsin worker` process, warmed up by one sentinel
attack per partition. The corpus is the benchmarks' mixed FR/EN one, replayed in passes: every message gets a fresh
id (else the worker dead-letters it as a duplicate) and each pass moves the publication date one more week back
(else, from the second pass on, every incident would merge into the first pass's one, which a live feed never does;
a whole week keeps weekday names resolving to the same weekday). Incidents dated in the text itself still merge
across passes, so both ways the worker's state grows are exercised: new incidents and longer `sources` lists.

Every sample (default each minute): RSS of the worker's process tree (psutil), its CPU, produce→incident latency
p50/p99 of the incidents first seen in the interval (only articles that yield an incident can be seen there; the
receipts topic, when the worker writes it, gives produce→receipt latency for every article), articles sent and
processed (`tocsin_messages_in_total` from /metrics), consumer lag, dead letters. Memory growth after warm-up is
(last sample's RSS - RSS of the first sample at or after the warm-up) / the latter; it must stay under 5 %.

Ctrl-C or SIGTERM stops the producer, the worker and any broker started here; the samples taken so far are written
to <out stem>.partial.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import psutil
from prometheus_client.parser import text_string_to_metric_families

from tocsin.devkafka import ensure_broker, free_port_pair
from tocsin.streaming.process import WorkerProcess

from .__main__ import _loopback
from .common import (
    DEFAULT_EVAL_DIR,
    REPO,
    RESULTS,
    Json,
    envelope,
    latency_summary,
    load,
    log,
    tree_memory_mb,
    write_result,
)
from .corpus import Corpus, Record, load_corpus
from .e2e import DRAIN_OK_SECONDS, PARTITIONS, Deployment, Probe

DEFAULT_RATE = (
    10.0  # articles/s: a third of the worker's measured flat-out rate on 2 cores (docs/benchmarks.md)
)
GROWTH_LIMIT = 0.05
PASS_SHIFT_DAYS = 7


# ---- arguments


def _positive(kind: type[float] | type[int]) -> Any:
    def check(text: str) -> float | int:
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
        return value

    return check


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=_positive(float), default=20.0, help="length of the fixed-rate run")
    parser.add_argument("--rate", type=_positive(float), default=DEFAULT_RATE, help="articles per second")
    parser.add_argument("--sample-s", type=_positive(float), default=60.0, help="seconds between samples")
    parser.add_argument(
        "--warmup-minutes", type=float, default=3.0, help="memory growth is measured from this point on"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "soak.json", help="the JSON result file")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="the shared evaluation data")
    parser.add_argument("--bootstrap", default=None, help="a loopback Kafka broker (default: see above)")
    args = parser.parse_args(argv)
    if not 0 <= args.warmup_minutes < args.minutes:
        parser.error("--warmup-minutes must be >= 0 and less than --minutes")
    if args.sample_s > args.minutes * 60:
        parser.error("--sample-s must not exceed the run (--minutes * 60)")
    if args.out.suffix != ".json":
        parser.error("--out must name a .json file")
    return args


def sample_times(total_s: float, every_s: float) -> list[float]:
    """Seconds after the start at which to sample: every `every_s`, and always at the very end."""
    n = math.ceil(total_s / every_s - 1e-9)
    return [round(min(k * every_s, total_s), 3) for k in range(1, n + 1)]


# ---- the stream of articles


def shifted_published(published: str | None, passes: int) -> str | None:
    """The publication day moved `passes` weeks back (unparsable or missing values are left as they are)."""
    if not published:
        return published
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return published
    return (day - timedelta(days=PASS_SHIFT_DAYS * passes)).isoformat()


def soak_record(records: Sequence[Record], i: int, run: str) -> Record:
    """The i-th message of the run: the corpus in passes, a fresh id, the date shifted by pass."""
    record = records[i % len(records)]
    return {
        **record,
        "id": f"soak-{run}-{i:06d}",
        "published": shifted_published(record.get("published"), i // len(records)),
    }


# ---- what one sample reads


def parse_metrics(text: str, articles_topic: str) -> Json:
    """The worker's /metrics (Prometheus text) reduced to what the soak reports."""
    out: Json = {
        "messages_in": 0.0,
        "deadletters": {},
        "articles": {},
        "incidents": {},
        "lag": None,
        "lag_articles": None,
        "tracked": None,
    }
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels, value = s.labels, float(s.value)
            if s.name == "tocsin_messages_in_total" and labels.get("topic") == articles_topic:
                out["messages_in"] += value
            elif s.name == "tocsin_deadletters_total":
                out["deadletters"][labels.get("reason", "")] = value
            elif s.name == "tocsin_articles_total":
                key = f"{labels.get('outcome', '')}:{labels.get('reason', '')}"
                out["articles"][key] = value
            elif s.name == "tocsin_incidents_total":
                out["incidents"][labels.get("kind", "")] = value
            elif s.name == "tocsin_consumer_lag":
                out["lag"] = (out["lag"] or 0.0) + value
                if labels.get("topic") == articles_topic:
                    out["lag_articles"] = (out["lag_articles"] or 0.0) + value
            elif s.name == "tocsin_incidents_tracked":
                out["tracked"] = value
    return out


def tree_pss_mb(pids: Iterable[int]) -> float | None:
    """Proportional memory of these process trees in MiB (shared pages split among their sharers)."""
    total, alive = 0.0, False
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            total += tree_memory_mb(pid)[1]
            alive = True
    return round(total, 1) if alive else None


def tree_rss_mb(pids: Iterable[int]) -> float | None:
    """Resident memory of these processes and all their descendants, in MiB (None if none is alive)."""
    total, alive = 0, False
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            total += proc.memory_info().rss
            alive = True
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
        except psutil.Error:
            continue
    return round(total / 2**20, 1) if alive else None


# ---- per-interval aggregation and the verdict (pure)


def interval_latencies(
    sent: Mapping[str, float], received: Mapping[str, float], start: float, end: float
) -> list[float]:
    """Latencies of the articles first seen on the output in [start, end) (monotonic clock)."""
    return [t - sent[a] for a, t in received.items() if start <= t < end and a in sent]


def _delta(now: Mapping[str, float], before: Mapping[str, float]) -> float:
    return sum(now.values()) - sum(before.values())


def sample_row(prev: Json, cur: Json, latencies: list[float], receipt_latencies: list[float]) -> Json:
    """One line of the series, from two consecutive snapshots (see Soak.snapshot) and the interval's latencies."""
    span = max(1e-9, cur["t"] - prev["t"])
    before, now = prev["metrics"], cur["metrics"]
    processed = now["messages_in"] - before["messages_in"] if now and before else None
    processed_total = now["messages_in"] - cur["metrics_base"] if now else None
    cpu = None
    if cur["cpu_s"] is not None and prev["cpu_s"] is not None:
        cpu = round((cur["cpu_s"] - prev["cpu_s"]) / span, 3)
    return {
        "t_s": round(cur["t"], 1),
        "sent": cur["sent"] - prev["sent"],
        "sent_total": cur["sent"],
        "input_rate": round((cur["sent"] - prev["sent"]) / span, 2),
        "processed": None if processed is None else int(processed),
        "processed_total": None if processed_total is None else int(processed_total),
        "backlog": None if processed_total is None else int(cur["sent"] - processed_total),
        "consumer_lag": now.get("lag_articles") if now else None,
        "consumer_lag_all": now.get("lag") if now else None,
        "latency": latency_summary(latencies),
        "receipt_latency": latency_summary(receipt_latencies),
        "dead_letters": int(_delta(now["deadletters"], before["deadletters"])) if now and before else None,
        "dead_letters_by_reason": dict(now["deadletters"]) if now else None,
        "incidents_by_kind": dict(now["incidents"]) if now else None,
        "incidents_tracked": now.get("tracked") if now else None,
        "rss_mb": cur["rss_mb"],
        "pss_mb": cur.get("pss_mb"),  # the tree's cost: forked extraction processes share model pages
        "cpu_cores": cpu,
        "load_1m": cur["load_1m"],
    }


def memory_growth(samples: Sequence[Json], warmup_s: float, limit: float = GROWTH_LIMIT) -> Json:
    """(last RSS - RSS at the end of the warm-up) / RSS at the end of the warm-up, against `limit`.

    The warm-up point is the first sample taken at or after `warmup_s`; without a later sample there is no
    growth to speak of (passed None)."""
    measured = [s for s in samples if s.get("rss_mb") is not None]
    after = [s for s in measured if s["t_s"] >= warmup_s]
    if len(after) < 2:
        return {"baseline_t_s": None, "baseline_mb": None, "last_mb": None, "growth": None, "passed": None}
    base, last = after[0], after[-1]
    growth = (last["rss_mb"] - base["rss_mb"]) / base["rss_mb"]
    return {
        "baseline_t_s": base["t_s"],
        "baseline_mb": base["rss_mb"],
        "last_mb": last["rss_mb"],
        "growth": round(growth, 4),
        "limit": limit,
        "passed": growth < limit,
        "slope_mb_per_hour": rss_slope_mb_per_hour(after),
    }


def rss_slope_mb_per_hour(samples: Sequence[Json]) -> float | None:
    """Least-squares slope of RSS over time: less sensitive than two end points to one large article."""
    points = [(float(s["t_s"]), float(s["rss_mb"])) for s in samples if s.get("rss_mb") is not None]
    if len(points) < 2:
        return None
    mt = sum(t for t, _ in points) / len(points)
    mr = sum(r for _, r in points) / len(points)
    var = sum((t - mt) ** 2 for t, _ in points)
    if var == 0:
        return None
    cov = sum((t - mt) * (r - mr) for t, r in points)
    return round(cov / var * 3600, 2)


def summarize(samples: Sequence[Json], warmup_s: float, rate: float) -> Json:
    """Whole-run figures from the series (latency after the warm-up is taken from the run's raw lists)."""
    rows = [s for s in samples if s["t_s"] > 0]
    last = rows[-1] if rows else {}
    rss = [s["rss_mb"] for s in samples if s.get("rss_mb") is not None]
    return {
        "target_rate": rate,
        "articles_sent": last.get("sent_total", 0),
        "articles_processed": last.get("processed_total"),
        "final_backlog": last.get("backlog"),
        "dead_letters": sum(s["dead_letters"] or 0 for s in rows),
        "dead_letters_by_reason": last.get("dead_letters_by_reason"),
        "rss_mb_first": rss[0] if rss else None,
        "rss_mb_max_sampled": max(rss) if rss else None,
        "memory_growth_after_warmup": memory_growth(samples, warmup_s),
    }


def table(samples: Sequence[Json]) -> str:
    """The series as a fixed-width text table (printed at the end of a run)."""

    def cell(value: Any) -> str:
        return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    head = ("t_s", "sent", "proc", "backlog", "lag", "p50_ms", "p99_ms", "n", "rss_mb", "cpu", "dead", "load")
    lines = [" ".join(f"{h:>8}" for h in head)]
    for s in samples:
        values = (
            s["t_s"], s.get("sent"), s.get("processed"), s.get("backlog"), s.get("consumer_lag"),
            s["latency"]["p50_ms"], s["latency"]["p99_ms"], s["latency"]["n"], s["rss_mb"],
            s.get("cpu_cores"), s.get("dead_letters"), s["load_1m"],
        )  # fmt: skip
        lines.append(" ".join(f"{cell(v):>8}" for v in values))
    return "\n".join(lines)


# ---- the run


def receipt_article_id(msg: Any) -> list[str]:
    value: Any = orjson.loads(msg.value) if msg.value else {}
    article_id = value.get("article_id") if isinstance(value, dict) else None
    return [article_id] if isinstance(article_id, str) else []


class SoakDeployment(Deployment):
    """The e2e deployment, with the worker's receipts on a topic of the run and a worker tracked from its launch."""

    def __init__(self, bootstrap: str, work_dir: Path) -> None:
        super().__init__(bootstrap, "worker", work_dir)
        self.topics["TOCSIN_TOPIC_RECEIPTS"] = f"bench.receipts.{self.suffix}"
        self.receipts = Probe(bootstrap, self.topics["TOCSIN_TOPIC_RECEIPTS"], receipt_article_id)

    async def add_worker(self) -> None:
        """As Deployment.add_worker, but listed before it is launched, so that a cancelled start still stops it."""
        port, _ = free_port_pair()
        env = {
            **self.topics,
            "TOCSIN_APP_ID": self.app_id,
            "TOCSIN_PARTITIONS": str(PARTITIONS),
            "TOCSIN_WEB_HOST": "127.0.0.1",
        }
        n = len(self.workers)
        data, log_path = self.work_dir / f"data-{n}", self.work_dir / f"worker-{n}.log"
        worker = WorkerProcess(self.bootstrap, port, data, log_path, env=env)
        self.workers.append(worker)
        await asyncio.to_thread(worker.start, 180.0)

    async def start(self) -> SoakDeployment:
        await super().start()
        await self.receipts.start()
        return self

    async def stop(self) -> Json:
        with contextlib.suppress(Exception):
            await self.receipts.stop()
        try:
            return await super().stop()
        except RuntimeError:  # the RSS poller never started (start failed early): stop the rest by hand
            for worker in self.workers:
                worker.stop()
            await self._delete_topics()
            return {"peak_rss_mb_per_process": [], "errors_in_logs": self.log_errors()}

    @property
    def worker(self) -> WorkerProcess:
        return self.workers[0]

    def alive(self) -> bool:
        proc = self.worker.proc
        return proc is not None and proc.poll() is None


class Soak:
    def __init__(self, dep: SoakDeployment, records: list[Record], args: argparse.Namespace) -> None:
        self.dep = dep
        self.records = records
        self.args = args
        self.sent: dict[str, float] = {}
        self.samples: list[Json] = []
        self.t0 = 0.0
        self.metrics_base = 0.0
        self.last_send = 0.0

    async def metrics(self) -> Json | None:
        try:
            text = await asyncio.to_thread(self.dep.worker.get_text, "/metrics")
        except OSError:
            return None
        return parse_metrics(text, self.dep.source)

    async def snapshot(self, now: float) -> Json:
        pids = self.dep.pids()
        return {
            "t": now - self.t0,
            "abs": now,
            "sent": len(self.sent),
            "metrics": await self.metrics(),
            "metrics_base": self.metrics_base,
            "rss_mb": tree_rss_mb(pids),
            "pss_mb": tree_pss_mb(pids),
            "cpu_s": self.dep.cpu_seconds() if pids else None,
            "load_1m": load()["1m"],
        }

    async def produce(self, stop_at: float) -> None:
        """Send at the fixed rate on an absolute schedule (a late send is followed by catching up, not drift)."""
        i = 0
        while (due := self.t0 + i / self.args.rate) < stop_at:
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            record = soak_record(self.records, i, self.dep.suffix)
            self.sent[record["id"]] = time.monotonic()
            await self.dep.producer.send(
                self.dep.source, value=orjson.dumps(record), key=record["id"].encode()
            )
            i += 1
        self.last_send = time.monotonic()

    async def run(self) -> Json:
        base = await self.metrics()
        self.metrics_base = base["messages_in"] if base else 0.0
        self.t0 = time.monotonic()
        total_s = self.args.minutes * 60
        producer = asyncio.create_task(self.produce(self.t0 + total_s))
        prev = await self.snapshot(self.t0)
        self.samples.append({**sample_row(prev, prev, [], []), "sent": 0, "processed": 0, "dead_letters": 0})
        try:
            for at in sample_times(total_s, self.args.sample_s):
                await asyncio.sleep(max(0.0, self.t0 + at - time.monotonic()))
                if producer.done():
                    producer.result()  # a producer error ends the run here
                cur = await self.snapshot(time.monotonic())
                lat = interval_latencies(self.sent, self.dep.probe.received, prev["abs"], cur["abs"])
                rec = interval_latencies(self.sent, self.dep.receipts.received, prev["abs"], cur["abs"])
                row = sample_row(prev, cur, lat, rec)
                self.samples.append(row)
                log(
                    f"soak t={row['t_s']:.0f}s sent {row['sent_total']} processed {row['processed_total']} "
                    f"lag {row['consumer_lag']} p99 {row['latency']['p99_ms']} ms rss {row['rss_mb']} MB "
                    f"load {row['load_1m']}"
                )
                prev = cur
                if not self.dep.alive():
                    raise RuntimeError(f"the worker exited; see {self.dep.work_dir}")
            await producer
        finally:
            producer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await producer
        return await self.drain()

    async def drain(self) -> Json:
        """After the last article, one sentinel per partition: the backlog is gone once all are out."""
        drained = await self.dep.sentinels(timeout=120.0)
        seen = [self.dep.probe.received.get(s) for s in self.dep._last_sentinels]
        end = max((t for t in seen if t is not None), default=time.monotonic())
        drain_s = round(end - self.last_send, 3)
        return {
            "drained": drained,
            "drain_seconds": drain_s,
            "kept_up": drained and drain_s <= DRAIN_OK_SECONDS,
        }

    def latency_after(self, received: Mapping[str, float], from_s: float) -> Json:
        start = self.t0 + from_s
        return latency_summary(
            [t - self.sent[a] for a, t in received.items() if a in self.sent and t >= start]
        )


async def _soak(bootstrap: str, corpus: Corpus, args: argparse.Namespace) -> Json:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    params = {
        "minutes": args.minutes,
        "rate": args.rate,
        "sample_s": args.sample_s,
        "warmup_minutes": args.warmup_minutes,
        "bootstrap": bootstrap,
        "partitions": PARTITIONS,
        "pass_shift_days": PASS_SHIFT_DAYS,
    }
    result = envelope("soak", params)
    result["machine"]["git_dirty"] = _git_dirty()
    result["corpus"] = corpus.describe()
    dep = SoakDeployment(bootstrap, REPO / ".cache" / "bench")
    soak = Soak(dep, corpus.records, args)
    completed = False
    try:
        log(f"soak: starting the worker (logs under {dep.work_dir}) ...")
        await dep.start()
        log(f"soak: {args.rate:g} articles/s for {args.minutes:g} min, a sample every {args.sample_s:g} s")
        result["end"] = await soak.run()
        completed = True
    finally:
        _ignore_signals()  # from here on, cleanup must finish: a second Ctrl-C would leave a worker behind
        loop.remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        warmup_s = args.warmup_minutes * 60
        result["completed"] = completed
        result["samples"] = soak.samples
        result["summary"] = summarize(soak.samples, warmup_s, args.rate)
        if soak.t0:
            result["summary"]["latency_after_warmup"] = soak.latency_after(dep.probe.received, warmup_s)
            result["summary"]["receipt_latency_after_warmup"] = soak.latency_after(
                dep.receipts.received, warmup_s
            )
        result["worker"] = await dep.stop()
        growth = result["summary"]["memory_growth_after_warmup"]
        end = result.get("end", {})
        result["targets"] = {
            "memory growth after warm-up < 5 %": growth["passed"],
            f"kept up at {args.rate:g}/s (drained within {DRAIN_OK_SECONDS:g} s)": end.get("kept_up"),
        }
        if not completed and soak.samples:
            path = write_result(f"{args.out.stem}.partial", result, args.out.parent)
            log(f"soak: interrupted; the samples so far are in {path}")
    return result


def _git_dirty() -> bool | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except OSError:
        return None
    return bool(out.stdout.strip()) if out.returncode == 0 else None


def _ignore_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _reap_children() -> list[int]:
    """Safety net: stop any process this one started that is still alive (e.g. a worker launched while the run
    was being cancelled). Only our own descendants, by pid."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=20)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    return [c.pid for c in children]


def print_report(result: Json) -> None:
    print(table(result["samples"]))
    summary, growth = result["summary"], result["summary"]["memory_growth_after_warmup"]
    end = result.get("end", {})
    print(
        f"sent {summary['articles_sent']} processed {summary['articles_processed']} "
        f"dead letters {summary['dead_letters']}; drained {end.get('drained')} in {end.get('drain_seconds')} s"
    )
    latency = summary.get("latency_after_warmup", {})
    print(f"produce→incident after warm-up: p50 {latency.get('p50_ms')} ms, p99 {latency.get('p99_ms')} ms")
    print(
        f"RSS after warm-up {growth['baseline_mb']} MB → {growth['last_mb']} MB: growth {growth['growth']} "
        f"(limit {GROWTH_LIMIT}), {'PASS' if growth['passed'] else 'FAIL' if growth['passed'] is False else 'n/a'}"
    )
    print(f"load {result['load_before']} → {result.get('load_after')} on {result['machine']['cpus']} CPUs")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    signal.signal(
        signal.SIGTERM, _raise_interrupt
    )  # outside the event loop: unwind through the finally blocks
    corpus = load_corpus(args.eval_dir)
    if corpus.source == "builtin":
        log(f"{args.eval_dir} not found: using the tiny built-in corpus (figures not comparable)")
    log(f"load {load()}; corpus {corpus.describe()['articles']} articles")
    result: Json | None = None
    status = 0
    try:
        with ensure_broker(args.bootstrap) as bootstrap:
            try:
                if not _loopback(bootstrap):
                    raise SystemExit(f"soak: refusing to load a non-loopback broker ({bootstrap})")
                result = asyncio.run(_soak(bootstrap, corpus, args))
            finally:
                _ignore_signals()  # the broker stop that follows must not be cut short
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except KeyboardInterrupt:  # Ctrl-C (asyncio turns a cancelled run into this), or SIGTERM outside the loop
        log("soak: interrupted")
        status = 130
    except asyncio.CancelledError:  # SIGTERM while the loop ran (it cancels the run)
        log("soak: terminated")
        status = 143
    finally:
        leftover = _reap_children()
        if leftover:
            log(f"soak: stopped leftover child processes {leftover}")
    if result is None:
        return status or 1
    path = write_result(args.out.stem, result, args.out.parent)
    print_report(result)
    log(f"soak: wrote {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
