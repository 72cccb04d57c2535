"""`tocsin` command line: extract (no Kafka), worker, produce, subscribe, counts."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
import urllib.error
import urllib.parse
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

    from .clients.security import faust_credentials
    from .extraction.pipeline import Extractor
    from .streaming.app import create_app
    from .streaming.extract_pool import ExtractionPool
    from .streaming.startup import wait_for_broker
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
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s")
    extractor = Extractor(budget_s=settings.max_extract_s)
    warm_up(extractor)
    # Forked now, while this process has one thread and the models are warm (streaming/extract_pool.py).
    pool = ExtractionPool(extractor, settings.extract_processes).start()
    try:
        wait_for_broker(settings.bootstrap, give_up_after=settings.broker_wait_s)
        app = create_app(settings, extractor, pool=pool)
        credentials = faust_credentials()  # TOCSIN_KAFKA_SECURITY_PROTOCOL / _SASL_* / _SSL_*, as the clients
        if credentials is not None:
            app.conf.broker_credentials = credentials
        Worker(app, loglevel=loglevel).execute_from_commandline()
    finally:
        pool.close()


def _security() -> dict[str, Any]:
    """Kafka security settings from TOCSIN_KAFKA_* (a bad combination is a usage error: exit 2)."""
    from .clients.security import SecurityConfigError, security_kwargs

    try:
        return security_kwargs()
    except SecurityConfigError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path)
)
@click.option("--bootstrap", default=None, help="Kafka bootstrap servers (default: TOCSIN_KAFKA_BOOTSTRAP).")
@click.option("--topic", default=None, help="Default: TOCSIN_TOPIC_ARTICLES (articles.raw).")
@click.option(
    "--stdin-format",
    type=click.Choice(["jsonl", "json", "txt", "html"]),
    default="jsonl",
    show_default=True,
    help="What '-' (standard input) holds: JSON lines, or one JSON, text or HTML article.",
)
@click.option(
    "--id", "stdin_id", default=None, help="Article id for a text or HTML article on standard input."
)
@click.option(
    "--send-valid",
    is_flag=True,
    help="Send the valid articles even if some are invalid (still reported; exit status 1).",
)
@click.option("--check", is_flag=True, help="Validate and report only; send nothing.")
@click.option(
    "--rate", type=click.FloatRange(min=0, min_open=True), default=None, help="At most N articles/s."
)
@click.option(
    "--trace-id", default=None, help="Trace id for every article of this run (default: one uuid4 each)."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: if a terminal)."
)
def produce(
    inputs: tuple[Path, ...],
    bootstrap: str | None,
    topic: str | None,
    stdin_format: str,
    stdin_id: str | None,
    send_valid: bool,
    check: bool,
    rate: float | None,
    trace_id: str | None,
    progress: bool | None,
) -> None:
    """Send articles to articles.raw: JSONL or JSON files, .txt and .html files, folders of them, or '-'.

    Every article is validated against schemas/article.v1.json first, and every problem is reported as
    FILE:LINE with the reason. If any article is invalid nothing is sent (exit 1), unless --send-valid.
    Exit status: 0 all sent, 1 some article invalid or Kafka failed, 2 usage error.
    """
    from tqdm import tqdm

    from .clients.produce import produce as produce_articles
    from .clients.sources import expand, read_candidates
    from .contracts import validate

    settings = Settings()
    security = _security()
    expanded = expand(inputs)
    for ignored in expanded.ignored:
        click.echo(f"ignored {ignored}: not .jsonl, .ndjson, .json, .txt, .html or .htm", err=True)
    valid: list[dict[str, Any]] = []
    rejected = 0
    seen: dict[str, str] = {}

    def reject(origin: str, reason: str) -> None:
        nonlocal rejected
        rejected += 1
        click.echo(f"REJECTED {origin}: {reason}", err=True)

    stdin_fmt: Any = stdin_format
    try:
        candidates = list(
            read_candidates(inputs, stdin=sys.stdin.buffer, stdin_format=stdin_fmt, stdin_id=stdin_id)
        )
    except OSError as exc:
        raise click.ClickException(str(exc)) from None
    for candidate in candidates:
        for warning in candidate.warnings:
            click.echo(f"warning {candidate.origin}: {warning}", err=True)
        article = candidate.article
        if article is None:
            reject(candidate.origin, candidate.error or "unreadable")
            continue
        try:
            validate("article", article)
        except ContractError as exc:
            reject(candidate.origin, str(exc))
            continue
        if article["id"] in seen:
            reject(candidate.origin, f"duplicate id {article['id']!r} (first at {seen[article['id']]})")
            continue
        seen[article["id"]] = candidate.origin
        valid.append(article)
    if check:
        click.echo(
            f"checked {len(valid) + rejected} articles: {len(valid)} valid, {rejected} rejected", err=True
        )
        sys.exit(1 if rejected else 0)
    if rejected and not send_valid:
        click.echo(f"sent 0 articles: {rejected} rejected (fix them, or use --send-valid)", err=True)
        sys.exit(1)

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(valid), unit="article", file=sys.stderr, disable=not show, dynamic_ncols=True)
    sent_bytes = 0

    def on_sent(size: int) -> None:
        nonlocal sent_bytes
        sent_bytes += size
        bar.update(1)
        if bar.n % 50 == 0 or bar.n == bar.total:
            bar.set_postfix(rejected=rejected, bytes=sent_bytes, refresh=False)

    try:
        summary = asyncio.run(
            produce_articles(
                bootstrap or settings.bootstrap,
                topic or settings.topics.articles,
                valid,
                validate_first=False,
                trace_id=trace_id,
                rate=rate,
                security=security,
                on_sent=on_sent,
            )
        )
    except Exception as exc:  # Kafka errors: reported, exit 1
        bar.close()
        raise click.ClickException(f"Kafka: {type(exc).__name__}: {exc}") from None
    bar.close()
    click.echo(
        f"sent {summary.sent} articles, rejected {rejected}, {summary.bytes} bytes in {summary.seconds:.2f}s "
        f"({summary.rate:.0f} articles/s) to {topic or settings.topics.articles}",
        err=True,
    )
    sys.exit(1 if rejected else 0)


def _start(value: str | None) -> Any:
    if value is None or value in ("earliest", "latest"):
        return value
    from datetime import UTC, datetime

    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            "earliest, latest or an ISO 8601 time (2024-01-19T10:00:00Z)", param_hint="--from"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _header_pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, wanted = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r}: expected NAME=VALUE", param_hint="--header")
        pairs[name] = wanted
    return pairs


@main.command()
@click.option("--bootstrap", default=None, help="Kafka bootstrap servers (default: TOCSIN_KAFKA_BOOTSTRAP).")
@click.option("--topic", default=None, help="Default: TOCSIN_TOPIC_INCIDENTS (incidents.v1).")
@click.option("--from", "start", default=None, help="earliest (default), latest, or an ISO 8601 time.")
@click.option("--from-beginning/--latest", default=None, hidden=True, help="Older spelling of --from.")
@click.option(
    "--group", default=None, help="Consumer group: offsets committed, partitions shared with its members."
)
@click.option(
    "--follow", "-f", is_flag=True, help="Keep waiting for new incidents (default: stop at the end)."
)
@click.option(
    "--max", "limit", type=click.IntRange(min=1), default=None, help="Stop after this many incidents."
)
@click.option(
    "--idle-timeout",
    type=float,
    default=None,
    help="Follow, but stop after this many seconds without a message.",
)
@click.option("--country", multiple=True, help="ISO 3166-1 alpha-2 code; repeat for several.")
@click.option("--admin1", multiple=True, help="First-level unit (English name); repeat for several.")
@click.option("--event-type", multiple=True, help="ACLED event type or sub-event type; repeat for several.")
@click.option("--min-fatalities", type=click.IntRange(min=0), default=None)
@click.option("--language", multiple=True, help="Article language (ISO 639-1); repeat for several.")
@click.option(
    "--background/--no-background", default=True, show_default=True, help="Earlier attacks cited as context."
)
@click.option(
    "--header",
    "header_filters",
    multiple=True,
    help="Only messages with header NAME=VALUE (e.g. trace-id=…).",
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--with-headers", is_flag=True, help='JSONL: write {"incident": …, "headers": …} objects.')
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None
)
def subscribe(
    bootstrap: str | None,
    topic: str | None,
    start: str | None,
    from_beginning: bool | None,
    group: str | None,
    follow: bool,
    limit: int | None,
    idle_timeout: float | None,
    country: tuple[str, ...],
    admin1: tuple[str, ...],
    event_type: tuple[str, ...],
    min_fatalities: int | None,
    language: tuple[str, ...],
    background: bool,
    header_filters: tuple[str, ...],
    fmt: str,
    with_headers: bool,
    output: Path | None,
) -> None:
    """Incidents from incidents.v1 as JSON lines or ACLED-ordered CSV, each validated against the contract.

    Stops at the end of the topic unless --follow, --idle-timeout or --from latest. Exit status: 0 ok, 1 a record
    breaks the contract or Kafka failed (reported), 2 usage error.
    """
    from .clients.output import IncidentWriter
    from .clients.subscribe import IncidentFilter, TopicNotFound, deliveries

    settings = Settings()
    security = _security()
    begin: Any = _start(start) or ("latest" if from_beginning is False else "earliest")
    wanted = IncidentFilter(
        countries=country,
        admin1=admin1,
        event_types=event_type,
        languages=language,
        min_fatalities=min_fatalities,
        include_background=background,
        headers=_header_pairs(header_filters),
    )
    until_end = not follow and idle_timeout is None and begin != "latest"
    name = topic or settings.topics.incidents

    async def run(writer: IncidentWriter) -> None:
        async for delivery in deliveries(
            bootstrap or settings.bootstrap,
            name,
            start=begin,
            group_id=group,
            idle_timeout=idle_timeout,
            limit=limit,
            until_end=until_end,
            filter=wanted,
            security=security,
        ):
            writer.write(delivery.incident, delivery.headers)

    stream = (
        sys.stdout if output is None or str(output) == "-" else output.open("w", encoding="utf-8", newline="")
    )
    writer = IncidentWriter(stream, "csv" if fmt == "csv" else "jsonl", headers=with_headers)
    try:
        asyncio.run(run(writer))
    except KeyboardInterrupt:
        pass
    except ContractError as exc:
        raise click.ClickException(f"contract violation: {exc}") from None
    except TopicNotFound as exc:
        raise click.ClickException(f"{exc}; is the worker running?") from None
    except Exception as exc:  # Kafka errors
        raise click.ClickException(f"Kafka: {type(exc).__name__}: {exc}") from None
    finally:
        if stream is not sys.stdout:
            stream.close()
    click.echo(f"{writer.count} incidents from {name}", err=True)


@main.command()
@click.option(
    "--url", default=None, help="Worker base URL (default: http://TOCSIN_WEB_HOST:TOCSIN_WEB_PORT)."
)
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code.")
@click.option("--admin1", default=None, help="First-level unit, English name (with --country).")
@click.option("--json", "as_json", is_flag=True, help="Print the worker's JSON answer as it is.")
def counts(url: str | None, country: str | None, admin1: str | None, as_json: bool) -> None:
    """Print the rolling counts of attacks per region (1h, 24h, all time) from a running worker."""
    settings = Settings()
    base = url or f"http://{settings.web_host}:{settings.web_port}"
    params = {k: v for k, v in (("country", country), ("admin1", admin1)) if v}
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    headers = {"Authorization": f"Bearer {settings.http_token}"} if settings.http_token else {}
    request = urllib.request.Request(f"{base}/counts{query}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        hint = " (set TOCSIN_HTTP_TOKEN to the workers' token)" if exc.code == 401 else ""
        raise click.ClickException(f"worker at {base} answered {exc.code} {exc.reason}{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise click.ClickException(f"no worker answering at {base}: {exc}") from None
    if as_json:
        click.echo(body.decode())
        return
    data = orjson.loads(body)
    click.echo(f"{'region':40} {'1h':>5} {'24h':>5} {'all':>6}")
    for row in data["counts"]:
        click.echo(f"{row['region']:40} {row['1h']:>5} {row['24h']:>5} {row['all']:>6}")


if __name__ == "__main__":
    main()
