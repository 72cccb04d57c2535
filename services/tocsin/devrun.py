"""`make run`: local Kafka + one worker + the sample articles; prints incidents and counts; Ctrl-C stops it all."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

import orjson
from aiokafka import AIOKafkaConsumer

from .clients.produce import produce, read_articles
from .clients.subscribe import subscribe
from .config import Settings
from .contracts.models import Incident
from .devkafka import REPO_ROOT, LocalBroker, create_topics, is_reachable
from .streaming.process import WorkerProcess

SAMPLES = REPO_ROOT / "samples" / "articles.jsonl"


def _line(record: Incident) -> str:
    where = " / ".join(str(x) for x in (record["country"], record["admin1"], record["location"]) if x)
    perp = record["perpetrator"] or "unidentified"
    claimed = " (claimed)" if record["claimed"] else ""
    bg = " [background]" if record["background"] else ""
    return (
        f"INCIDENT {record['incident_id']} {record['sub_event_type']}{bg} — {where} — {perp}{claimed} — "
        f"killed={record['fatalities']} injured={record['injured']} date={record['date']} "
        f"(article {record['article_id']})"
    )


async def _follow(settings: Settings, worker: WorkerProcess) -> None:
    async def counts_when_changed(seconds: float) -> None:
        last = ""
        while True:
            await asyncio.sleep(seconds)
            try:
                data = worker.get_json("/counts")
            except OSError:
                continue
            rows = data.get("counts", [])
            assert isinstance(rows, list)
            table = ", ".join(
                f"{r['region']}: 1h={r['1h']} 24h={r['24h']} all={r['all']}"
                for r in rows
                if isinstance(r, dict)  # type: ignore[index]
            )
            if table != last:
                print(f"COUNTS {table}", flush=True)
                last = table

    async def dead_letters() -> None:
        consumer = AIOKafkaConsumer(settings.topics.deadletter, bootstrap_servers=settings.bootstrap)
        await consumer.start()
        try:
            async for message in consumer:
                letter = orjson.loads(message.value or b"{}")
                print(
                    f"DEAD-LETTER key={letter.get('key')} reason={letter.get('reason')}: {letter.get('detail')}",
                    flush=True,
                )
        finally:
            await consumer.stop()

    tasks = [asyncio.create_task(counts_when_changed(2.0)), asyncio.create_task(dead_letters())]
    try:
        async for record in subscribe(settings.bootstrap, settings.topics.incidents, from_beginning=False):
            print(_line(record), flush=True)
    finally:
        for task in tasks:
            task.cancel()


def main() -> int:
    settings = Settings()
    broker: LocalBroker | None = None
    if not is_reachable(settings.bootstrap):
        print(
            f"starting the local Kafka broker on {settings.bootstrap} (state in .cache/kafka) …", flush=True
        )
        broker = LocalBroker()
        broker.start()
    topics = settings.topics
    asyncio.run(
        create_topics(
            settings.bootstrap,
            {
                t: settings.partitions
                for t in (topics.articles, topics.incidents, topics.deadletter, topics.counts)
            },
        )
    )
    worker = WorkerProcess(
        settings.bootstrap, settings.web_port, settings.data_dir, REPO_ROOT / ".cache" / "worker.log"
    )
    print(f"starting the worker (log: {worker.log_path}) …", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        worker.start()
        print(f"worker up: {worker.url}/counts — feeding {SAMPLES.relative_to(REPO_ROOT)}", flush=True)

        async def feed_and_follow() -> None:
            follower = asyncio.create_task(_follow(settings, worker))
            await asyncio.sleep(2.0)  # let the subscriber take its position at the end of the topic
            summary = await produce(
                settings.bootstrap, topics.articles, list(read_articles([SAMPLES])), validate_first=False
            )
            print(
                f"produced {summary.sent} sample articles; waiting for incidents (Ctrl-C to stop)", flush=True
            )
            await follower

        asyncio.run(feed_and_follow())
    except KeyboardInterrupt:
        print("\nstopping …", flush=True)
    finally:
        with contextlib.suppress(Exception):
            worker.stop()
        if broker is not None:
            broker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
