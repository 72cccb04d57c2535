"""The extraction pool: same results as inline, survives a dead child, fails an article that kills it twice,
and leaves no orphan when the worker is killed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tocsin.extraction.language import UnsupportedLanguage
from tocsin.extraction.model import Article
from tocsin.extraction.pipeline import ExtractionResult, Extractor
from tocsin.streaming.extract_pool import ExtractionFailed, ExtractionPool


class _EchoCore(Extractor):
    """A stand-in core (no models): reports which process served it; text "die" kills that process."""

    def __init__(self) -> None:  # no gazetteer, no spaCy: the pool is under test, not the core
        self.budget_s = None

    def extract(self, article: Article) -> ExtractionResult:
        if article.text == "die":
            os._exit(3)
        return ExtractionResult(article.id, "en", [], f"pid:{os.getpid()}")


def _article(text: str, n: int = 0) -> Article:
    return Article(id=f"a{n}", text=text, language="en")


def test_inline_pool_runs_on_the_calling_process() -> None:
    pool = ExtractionPool(_EchoCore(), processes=0).start()
    result = asyncio.run(pool.extract(_article("x")))
    assert result.reason == f"pid:{os.getpid()}"
    assert pool.child_pids() == []


def test_forked_children_serve_articles_in_parallel_processes() -> None:
    pool = ExtractionPool(_EchoCore(), processes=2).start()
    try:
        children = pool.child_pids()
        assert len(children) == 2 and os.getpid() not in children

        async def many() -> list[ExtractionResult]:
            return await asyncio.gather(*(pool.extract(_article("x", n)) for n in range(40)))

        results = asyncio.run(many())
        assert [r.article_id for r in results] == [f"a{n}" for n in range(40)]
        assert {r.reason for r in results} <= {f"pid:{pid}" for pid in children}
    finally:
        pool.close()


def test_a_killed_child_is_replaced_and_the_article_retried() -> None:
    pool = ExtractionPool(_EchoCore(), processes=2).start()
    try:
        before = pool.child_pids()
        os.kill(before[0], signal.SIGKILL)
        time.sleep(0.5)
        result = asyncio.run(pool.extract(_article("x")))
        assert result.reason is not None and result.reason.startswith("pid:")
        assert pool.restarts == 1
        assert not set(pool.child_pids()) & set(before)
        # The broken pool terminates and joins its surviving child; one that ignored SIGTERM hung this process's
        # exit (concurrent.futures joins every pool's manager thread at exit).
        assert _all_gone(before, within_s=10), f"children of the broken pool still alive: {before}"
    finally:
        pool.close()


def _all_gone(pids: list[int], within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_an_article_that_kills_its_process_twice_fails() -> None:
    pool = ExtractionPool(_EchoCore(), processes=1).start()
    try:
        with pytest.raises(ExtractionFailed, match="died twice"):
            asyncio.run(pool.extract(_article("die")))
        assert pool.restarts == 2
        assert asyncio.run(pool.extract(_article("x"))).reason is not None  # the pool still works after
    finally:
        pool.close()


def test_the_real_core_gives_the_same_incidents_in_a_child() -> None:
    # Seed article (shared/seeds/000_ab7640e8a7088d5b.txt), its first sentence, abridged.
    text = (
        "Un drone américain MQ-9 Reaper a été abattu près de la base aérienne de Balad, en Irak, "
        "a revendiqué la Résistance islamique en Irak."
    )
    core = Extractor()
    article = Article(id="seed", text=text, language="fr")
    inline = core.extract(article)
    pool = ExtractionPool(core, processes=1).start()
    try:
        forked = asyncio.run(pool.extract(article))
    finally:
        pool.close()
    assert inline.incidents, "the sentence reports an attack"
    assert forked == inline


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_children_die_with_a_killed_parent() -> None:
    script = textwrap.dedent(
        """
        import sys, time
        sys.path.insert(0, {here!r})
        from test_extract_pool import _EchoCore
        from tocsin.streaming.extract_pool import ExtractionPool
        pool = ExtractionPool(_EchoCore(), processes=2).start()
        print(" ".join(map(str, pool.child_pids())), flush=True)
        time.sleep(60)
        """
    ).format(here=os.path.dirname(__file__))
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2
        parent.kill()
        parent.wait(10)
        assert _all_gone(children, within_s=10), f"orphaned extraction processes: {children}"
    finally:
        if parent.poll() is None:
            parent.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


class _RaisingCore(_EchoCore):
    """Raises what the real core raises on bad input, and an exception that cannot be pickled back."""

    def extract(self, article: Article) -> ExtractionResult:
        if article.text == "unsupported":
            raise UnsupportedLanguage("sw", detected=True)
        if article.text == "unpicklable":
            raise _Unpicklable("needs two arguments", 2)
        return super().extract(article)


class _Unpicklable(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def test_exceptions_of_the_core_come_back_without_breaking_the_pool() -> None:
    pool = ExtractionPool(_RaisingCore(), processes=1).start()
    try:
        with pytest.raises(UnsupportedLanguage, match="'sw' \\(detected\\)") as caught:
            asyncio.run(pool.extract(_article("unsupported")))
        assert caught.value.language == "sw"
        with pytest.raises(RuntimeError, match="_Unpicklable: needs two arguments"):
            asyncio.run(pool.extract(_article("unpicklable")))
        assert pool.restarts == 0
    finally:
        pool.close()
