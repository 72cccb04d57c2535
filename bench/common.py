"""What every benchmark shares: machine facts, percentiles, peak-RSS polling, fresh child processes, result files.

Each measurement that reports a peak RSS runs in a fresh spawned process, so that one pipeline's memory (or the
warm caches of an earlier step) never leaks into another's figure.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import orjson
import psutil

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"

Json = dict[str, Any]
_P = ParamSpec("_P")
_T = TypeVar("_T")


def load() -> dict[str, float]:
    """The 1/5/15-minute load averages: the machine is shared, so every figure says how busy it was."""
    one, five, fifteen = os.getloadavg()
    return {"1m": round(one, 2), "5m": round(five, 2), "15m": round(fifteen, 2)}


def machine() -> Json:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_mb": round(psutil.virtual_memory().total / 2**20),
        "git_commit": _git_commit(),
    }


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def percentile(values: Iterable[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> Json:
    """p50 / p99 / max in milliseconds."""

    def ms(v: float | None) -> float | None:
        return None if v is None else round(v * 1000, 2)

    return {
        "n": len(seconds),
        "p50_ms": ms(percentile(seconds, 50)),
        "p99_ms": ms(percentile(seconds, 99)),
        "max_ms": ms(max(seconds) if seconds else None),
    }


def self_peak_rss_mb() -> float:
    """This process's peak resident set size so far (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process and all its descendants, in MiB.

    A worker forks its extraction processes after loading the models, so they share most pages copy-on-write:
    summed RSS counts those pages once per process; summed PSS (each shared page split among its sharers) is what
    the tree costs the machine."""
    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    rss = pss = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            info = proc.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return round(rss / 2**20, 1), round(pss / 2**20, 1)


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants (the extraction processes)."""
    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    total = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


class RssPoller:
    """Polls the memory of some process trees in a thread; keeps the peak RSS and PSS of each tree."""

    def __init__(self, pids: Callable[[], list[int]], interval: float = 0.2) -> None:
        self._pids = pids
        self._interval = interval
        self.peak_mb: dict[int, float] = {}
        self.peak_pss_mb: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-poller", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self._pids():
                try:
                    rss, pss = tree_memory_mb(pid)
                except psutil.Error:
                    continue
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), rss)
                self.peak_pss_mb[pid] = max(self.peak_pss_mb.get(pid, 0.0), pss)
            self._stop.wait(self._interval)

    def __enter__(self) -> RssPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():  # never started when the deployment failed early
            self._thread.join()


def in_child(fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Run `fn` in a fresh spawned interpreter and return its result (so its peak RSS is its own)."""
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def envelope(name: str, args: Json) -> Json:
    """The part of every result file that says when, where and how busy the machine was."""
    return {
        "benchmark": name,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "machine": machine(),
        "load_before": load(),
        "args": args,
    }


def write_result(name: str, result: Json, out_dir: Path = RESULTS) -> Path:
    """bench/results/<name>.json (the latest run; the file is the evidence quoted in docs/benchmarks.md)."""
    result["load_after"] = load()
    result["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    path.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    return path


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
