"""Scaling: 1 vs 2 worker processes on the real broker (flat out), and core throughput against article length
and against the share of relevant articles (articles the gate sends to spaCy).

Length: the corpus's articles at least L characters long, cut to L (at a space), for several L.
Relevance: a first pass marks each article relevant or not; sets of the same size then mix the two at fixed shares.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from .common import REPO, RESULTS, Json, envelope, in_child, log, write_result
from .core import relevance, throughput_sets
from .corpus import Corpus, Record
from .e2e import Deployment

LENGTHS = (1000, 3000, 10000)
SHARES = (0.0, 0.25, 0.5, 1.0)


def _cut(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    space = text.rfind(" ", 0, length)
    return text[: space if space > length // 2 else length]


def length_sets(records: list[Record], n: int) -> dict[str, list[Record]]:
    sets: dict[str, list[Record]] = {}
    for length in LENGTHS:
        long_enough = [r for r in records if len(r["text"]) >= length][:n]
        if long_enough:
            sets[f"length<={length}"] = [{**r, "text": _cut(r["text"], length)} for r in long_enough]
    return sets


def share_sets(records: list[Record], flags: list[bool], n: int) -> dict[str, list[Record]]:
    relevant = [r for r, f in zip(records, flags, strict=True) if f]
    other = [r for r, f in zip(records, flags, strict=True) if not f]
    sets: dict[str, list[Record]] = {}
    for share in SHARES:
        k = round(share * n)
        if (k and not relevant) or (n - k and not other):
            continue
        picked = [relevant[i % len(relevant)] for i in range(k)] + [
            other[i % len(other)] for i in range(n - k)
        ]
        sets[f"relevant={share:.0%}"] = picked
    return sets


def core_scaling(corpus: Corpus, quick: bool) -> Json:
    n = 12 if quick else 60
    flags = in_child(relevance, corpus.records)
    sets = {
        **length_sets(corpus.records, n),
        **share_sets(corpus.records, flags, n),
    }
    log(f"scale: core over {len(sets)} sets of up to {n} articles ...")
    return {
        "relevant_share_of_corpus": round(sum(flags) / max(1, len(flags)), 3),
        "sets": in_child(throughput_sets, sets),
    }


async def worker_scaling(bootstrap: str, corpus: Corpus, quick: bool, work_dir: Path) -> Json:
    n = 60 if quick else 500
    dep = Deployment(bootstrap, "worker", work_dir)
    out: Json = {"articles_per_run": n}
    try:
        log("scale: 1 worker ...")
        await dep.start()
        out["1_worker"] = await dep.phase(corpus.records, n, None, "w1")
        log("scale: adding a second worker ...")
        await dep.add_worker()
        await asyncio.sleep(5.0)  # let the group rebalance before measuring
        if not await dep.sentinels(timeout=180.0):
            raise TimeoutError("no output after the second worker joined")
        out["2_workers"] = await dep.phase(corpus.records, n, None, "w2")
    finally:
        out.update(await dep.stop())
    one, two = out["1_worker"]["throughput"], out.get("2_workers", {}).get("throughput")
    out["speedup"] = round(two / one, 2) if one and two else None
    return out


def run(
    bootstrap: str | None, corpus: Corpus, quick: bool, out_dir: Path = RESULTS, name: str = "scale"
) -> Json:
    result = envelope(name, {"quick": quick, "lengths": LENGTHS, "shares": SHARES})
    result["corpus"] = corpus.describe()
    result["core"] = core_scaling(corpus, quick)
    if bootstrap is not None:
        result["workers"] = asyncio.run(worker_scaling(bootstrap, corpus, quick, REPO / ".cache" / "bench"))
    path = write_result(name, result, out_dir)
    log(f"scale: wrote {path}")
    return result
