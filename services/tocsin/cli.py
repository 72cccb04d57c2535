"""`tocsin` command line: extract (no Kafka), worker, produce, subscribe, counts."""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import orjson

from .config import Settings
from .contracts import ContractError


@click.group()
@click.version_option(package_name="tocsin")
def main() -> None:
    """Tocsin: attack incidents from news articles, in real time."""


@main.command()
@click.option(
    "--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True
)
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--batch-size", default=32, show_default=True, help="Articles whose sentences go through spaCy together."
)
def extract(input_path: Path, output_path: Path, batch_size: int) -> None:
    """JSONL articles in, one line {"id", "incidents"} per article out, in input order. No Kafka."""
    from .extraction.language import UnsupportedLanguage
    from .extraction.model import Article
    from .extraction.pipeline import Extractor
    from .records import Rejection, decode_article, incident_record

    extractor = Extractor(batch_size=batch_size)
    lines = [line for line in input_path.read_bytes().splitlines() if line.strip()]
    parsed: list[tuple[str | None, Article | None, str | None]] = []
    for line in lines:
        try:
            article = decode_article(line)
            parsed.append((article.id, article, None))
        except Rejection as exc:
            parsed.append((exc.article_id or _loose_id(line), None, str(exc)))

    def good() -> Iterator[Article]:
        for _, maybe, _ in parsed:
            if maybe is not None:
                yield maybe

    started = time.perf_counter()
    results = _safe_results(extractor, good())
    errors = 0
    with output_path.open("wb") as out:
        for article_id, parsed_article, error in parsed:
            row: dict[str, Any] = {"id": article_id, "incidents": []}
            if parsed_article is None:
                row["error"] = error
                errors += 1
            else:
                result = next(results)
                if isinstance(result, BaseException):
                    reason = (
                        "unsupported_language"
                        if isinstance(result, UnsupportedLanguage)
                        else "processing_error"
                    )
                    row["error"] = f"{reason}: {result}"
                    errors += 1
                else:
                    row["incidents"] = [incident_record(parsed_article, inc) for inc in result.incidents]
                    if result.reason:
                        row["reason"] = result.reason
            out.write(orjson.dumps(row) + b"\n")
    elapsed = time.perf_counter() - started
    click.echo(
        f"extracted {len(parsed)} articles ({errors} rejected) in {elapsed:.1f}s "
        f"({len(parsed) / max(elapsed, 1e-9):.1f} articles/s) -> {output_path}",
        err=True,
    )


def _safe_results(extractor: Any, articles: Iterator[Any]) -> Iterator[Any]:
    """Per-article results; an article that fails (e.g. unsupported language) yields its exception instead."""
    pending = list(articles)
    for article in pending:
        try:
            yield extractor.extract(article)
        except Exception as exc:  # reported per article; the run goes on
            yield exc


def _loose_id(line: bytes) -> str | None:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return str(value["id"]) if isinstance(value, dict) and "id" in value else None


@main.command()
@click.option("--bootstrap", default=None, help="Kafka bootstrap servers (default: TOCSIN_KAFKA_BOOTSTRAP).")
@click.option("--web-port", type=int, default=None, help="HTTP port of the views (default: TOCSIN_WEB_PORT).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None, help="Worker state directory.")
@click.option("--loglevel", default="info", show_default=True)
def worker(bootstrap: str | None, web_port: int | None, data_dir: Path | None, loglevel: str) -> None:
    """Run the stream worker: articles.raw → incidents.v1, dead letters, counts, HTTP views."""
    from faust.worker import Worker

    from .extraction.pipeline import Extractor
    from .streaming.app import create_app
    from .streaming.warmup import warm_up

    settings = Settings()
    changes: dict[str, Any] = {}
    if bootstrap:
        changes["bootstrap"] = bootstrap
    if web_port:
        changes["web_port"] = web_port
    if data_dir:
        changes["data_dir"] = data_dir
    settings = replace(settings, **changes)
    extractor = Extractor()
    warm_up(extractor)
    app = create_app(settings, extractor)
    Worker(app, loglevel=loglevel).execute_from_commandline()


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--bootstrap", default=None)
@click.option("--topic", default=None)
def produce(files: tuple[Path, ...], bootstrap: str | None, topic: str | None) -> None:
    """Send articles (JSONL files, .txt files) to articles.raw, validated first."""
    from .clients.produce import produce as produce_articles
    from .clients.produce import read_articles

    settings = Settings()
    paths = [p for f in files for p in (sorted(f.iterdir()) if f.is_dir() else [f])]
    try:
        articles = list(read_articles(paths))
        summary = asyncio.run(
            produce_articles(bootstrap or settings.bootstrap, topic or settings.topics.articles, articles)
        )
    except (ContractError, ValueError) as exc:
        raise click.ClickException(f"rejected: {exc}") from None
    click.echo(f"sent {summary.sent} articles ({summary.bytes} bytes)", err=True)


@main.command()
@click.option("--bootstrap", default=None)
@click.option("--topic", default=None)
@click.option("--from-beginning/--latest", default=True, show_default=True)
@click.option("--group", default=None, help="Consumer group (offsets committed); none by default.")
@click.option("--max", "limit", type=int, default=None, help="Stop after this many incidents.")
@click.option(
    "--idle-timeout", type=float, default=None, help="Stop after this many seconds without a message."
)
def subscribe(
    bootstrap: str | None,
    topic: str | None,
    from_beginning: bool,
    group: str | None,
    limit: int | None,
    idle_timeout: float | None,
) -> None:
    """Print incidents from incidents.v1 as JSON lines (validated against the contract)."""
    from .clients.subscribe import subscribe as subscribe_incidents

    settings = Settings()

    async def run() -> None:
        async for record in subscribe_incidents(
            bootstrap or settings.bootstrap,
            topic or settings.topics.incidents,
            from_beginning=from_beginning,
            group_id=group,
            limit=limit,
            idle_timeout=idle_timeout,
        ):
            sys.stdout.buffer.write(orjson.dumps(record) + b"\n")
            sys.stdout.flush()

    asyncio.run(run())


@main.command()
@click.option(
    "--url", default=None, help="Worker base URL (default: http://TOCSIN_WEB_HOST:TOCSIN_WEB_PORT)."
)
@click.option("--country", default=None)
def counts(url: str | None, country: str | None) -> None:
    """Print the rolling counts of attacks per region from a running worker."""
    settings = Settings()
    base = url or f"http://{settings.web_host}:{settings.web_port}"
    query = f"?country={country}" if country else ""
    with urllib.request.urlopen(f"{base}/counts{query}", timeout=10) as response:
        data = orjson.loads(response.read())
    click.echo(f"{'region':40} {'1h':>5} {'24h':>5} {'all':>6}")
    for row in data["counts"]:
        click.echo(f"{row['region']:40} {row['1h']:>5} {row['24h']:>5} {row['all']:>6}")


if __name__ == "__main__":
    main()
