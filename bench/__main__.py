"""`make bench`: core, end-to-end and scaling benchmarks; JSON results under bench/results/.

    python -m bench [--quick] [--only core,e2e,scale] [--eval-dir DIR] [--bootstrap HOST:PORT] [--out DIR]

The broker is the one given, $TOCSIN_KAFKA_BOOTSTRAP, one already on 127.0.0.1:9092, or a throwaway one started
here (tocsin.devkafka.ensure_broker). Only loopback brokers are accepted: the benchmark floods its target.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from . import core, e2e, scale
from .common import DEFAULT_EVAL_DIR, RESULTS, Json, load, log

BENCHMARKS = ("core", "e2e", "scale")


def _loopback(bootstrap: str) -> bool:
    for part in bootstrap.split(","):
        host = part.strip().removeprefix("kafka://").rpartition(":")[0].strip("[]")
        try:
            if not ipaddress.ip_address(host).is_loopback:
                return False
        except ValueError:
            if host != "localhost":
                return False
    return True


@contextlib.contextmanager
def broker(bootstrap: str | None, needed: bool) -> Iterator[str | None]:
    if not needed:
        yield None
        return
    from tocsin.devkafka import ensure_broker

    with ensure_broker(bootstrap) as chosen:
        if not _loopback(chosen):
            raise SystemExit(f"bench: refusing to load a non-loopback broker ({chosen})")
        yield chosen


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (a smoke run, figures not meaningful)"
    )
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated: core,e2e,scale")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="the shared evaluation data")
    parser.add_argument("--bootstrap", default=None, help="a loopback Kafka broker (default: see above)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON results go")
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile")
    args = parser.parse_args(argv)
    args.only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = sorted(set(args.only) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    started = time.monotonic()
    log(f"load {load()}; running {', '.join(args.only)}{' (quick)' if args.quick else ''}")
    corpus = core.default_corpus(args.eval_dir, args.quick)
    if corpus.source == "builtin":
        log(f"{args.eval_dir} not found: using the tiny built-in corpus (figures not comparable)")
    results: dict[str, Json] = {}
    if "core" in args.only:
        results["core"] = core.run(corpus, args.out, profile=not args.no_profile)
    with broker(args.bootstrap, "e2e" in args.only or "scale" in args.only) as bootstrap:
        if "e2e" in args.only and bootstrap is not None:
            results["e2e"] = e2e.run(bootstrap, corpus, args.quick, args.out)
        if "scale" in args.only:
            results["scale"] = scale.run(bootstrap, corpus, args.quick, args.out)
    for name, result in results.items():
        print(f"{name}: targets {result.get('targets', {})}")
    log(f"done in {time.monotonic() - started:.0f}s; load {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
