"""Extraction off the event loop, in a few forked processes that share the loaded models.

Why: the core is CPU-bound Python. Run inline, one long article (100,000 characters: 0.7 s) holds up every
article behind it, and the worker uses one core of two. Threads do not help (the core holds the GIL: two threads ran
the bench corpus in 5.5 s, one in 5.1 s); two processes ran it in 2.6 s.

Why fork: the children start from the parent's memory after the spaCy pipelines are loaded and warmed up, so they
are ready at once and the model weights stay shared copy-on-write (parent + 2 children: 695 MB PSS together, against
495 MB for the parent alone). The pool is started before Faust runs, while the process has one thread.

A child that dies (killed, out of memory) breaks the whole pool: the pool is replaced once per breakage and the
article tried again; if it breaks the pool again, ExtractionFailed is raised (the worker dead-letters the article).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import pickle
import signal
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..extraction.model import Article
from ..extraction.pipeline import ExtractionResult, Extractor

log = logging.getLogger(__name__)

_CORE: Extractor | None = None  # set in the parent just before the fork; the children inherit it
_PR_SET_PDEATHSIG = 1


class ExtractionFailed(Exception):
    """The process extracting an article died twice in a row on it."""


def _die_with_parent() -> None:
    """Ask Linux to kill this child when the parent dies (SIGKILL leaves no chance to stop the pool)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the pool's own shutdown at exit still stops the children
        return


def _child_init(parent: int) -> None:
    # A process group of its own: Ctrl-C at a terminal or a SIGTERM to the worker's group reaches the parent only,
    # which drains its agents and then stops the pool. SIGTERM keeps its default action on purpose: a broken pool
    # terminates its surviving children with it (one may wait forever on a queue lock its killed sibling held) and
    # then joins them, so a child that ignored SIGTERM would hang the worker, and its exit, forever.
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _extract_in_child(article: Article) -> ExtractionResult:
    if _CORE is None:  # pragma: no cover - only reachable if a child was not forked from a started pool
        raise RuntimeError("extraction pool child has no extractor")
    try:
        return _CORE.extract(article)
    except Exception as exc:
        # An exception travels back pickled; one that cannot be rebuilt there would break the whole pool.
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
        raise


def _ping() -> int:
    return os.getpid()


class ExtractionPool:
    """`await pool.extract(article)`; `processes=0` extracts inline, on the event loop (tests, tiny machines)."""

    def __init__(self, extractor: Extractor, processes: int) -> None:
        self.extractor = extractor
        self.processes = max(0, processes)
        self._executor: ProcessPoolExecutor | None = None
        self.restarts = 0

    @property
    def inline(self) -> bool:
        return self.processes == 0

    def start(self) -> ExtractionPool:
        """Fork the children now (all of them: the fork start method spawns the whole pool on first use)."""
        if self.inline or self._executor is not None:
            return self
        global _CORE
        _CORE = self.extractor
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_child_init,
            initargs=(os.getpid(),),
        )
        pids = {self._executor.submit(_ping).result(timeout=60) for _ in range(self.processes)}
        log.info(
            "extraction pool: %d processes forked (%s)", self.processes, ", ".join(map(str, sorted(pids)))
        )
        return self

    def child_pids(self) -> list[int]:
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}  # no public accessor
        return sorted(int(pid) for pid in processes)

    async def extract(self, article: Article) -> ExtractionResult:
        if self.inline:
            return self.extractor.extract(article)
        for attempt in (1, 2):
            executor = self._running()
            try:
                return await asyncio.get_running_loop().run_in_executor(executor, _extract_in_child, article)
            except BrokenProcessPool as exc:
                self._replace(executor, exc)
                if attempt == 2:
                    raise ExtractionFailed(
                        f"the extraction process died twice on this article ({exc})"
                    ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _running(self) -> Executor:
        if self._executor is None:
            self.start()
        assert self._executor is not None
        return self._executor

    def _replace(self, broken: Executor, exc: BaseException) -> None:
        """Replace a broken pool once, whichever of the articles in flight notices first."""
        if self._executor is not broken:
            return
        self.restarts += 1
        log.error("extraction pool broken (%s); starting a new one (restart %d)", exc, self.restarts)
        broken.shutdown(wait=False, cancel_futures=True)
        self._executor = None
        self.start()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
