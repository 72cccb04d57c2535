"""The broker's own limit: consume articles and re-produce them unchanged (same key, same partition), nothing else.

Run as its own process, like a worker: `python -m bench.passthrough --bootstrap B --source S --dest D --group G`.
Stops on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def pass_through(bootstrap: str, source: str, dest: str, group: str, stop: asyncio.Event) -> int:
    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=100,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, max_request_size=4 * 2**20)
    await consumer.start()
    await producer.start()
    count = 0
    try:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=100)
            for tp, messages in batch.items():
                for msg in messages:
                    await producer.send(dest, value=msg.value, key=msg.key, partition=tp.partition)
                    count += 1
    finally:
        await producer.stop()
        await consumer.stop()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.passthrough", description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--dest", required=True)
    parser.add_argument("--group", required=True)
    args = parser.parse_args(argv)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await pass_through(args.bootstrap, args.source, args.dest, args.group, stop)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
