"""Where articles come from: JSONL/JSON files, .txt and .html files, folders of them, or standard input.

Every candidate article carries its origin ("file:line") so that a rejection can be reported where it can be fixed;
a line that cannot even be read (not JSON, not UTF-8) is a candidate with an error, never dropped.
HTML becomes plain text with inscriptis (layout-aware: paragraphs and list items stay on their own lines);
script, style, navigation, headers, footers and asides are removed first, and when the page has an <article> (or
<main>) element only that is kept — enough for news pages without a boilerplate-removal model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal

import lxml.html
import orjson
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig

from ..extraction.dates import published_from_text

Format = Literal["jsonl", "json", "txt", "html"]
FORMATS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}
STDIN = "-"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
)


@dataclass(frozen=True)
class Candidate:
    """One article as read, or why it could not be read; `origin` is "path:line" or "path"."""

    origin: str
    article: dict[str, Any] | None = None
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class Expanded:
    files: list[tuple[Path, str]]  # (path, id prefix for text files)
    ignored: list[Path]


def expand(paths: Iterable[Path | str]) -> Expanded:
    """Files as given (any name: .txt/.html/.json by suffix, else JSONL) and folders walked recursively in name
    order, keeping the known suffixes; other files in folders are listed as ignored (the caller reports them)."""
    out = Expanded([], [])
    for item in paths:
        path = Path(item)
        if str(item) == STDIN or not path.is_dir():
            out.files.append((path, ""))
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = child.relative_to(path)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if child.suffix.lower() in FORMATS:
                prefix = "/".join(rel.parts[:-1])
                out.files.append((child, prefix + "/" if prefix else ""))
            else:
                out.ignored.append(child)
    return out


def read_candidates(
    paths: Iterable[Path | str],
    *,
    stdin: IO[bytes] | None = None,
    stdin_format: Format = "jsonl",
    stdin_id: str | None = None,
) -> Iterator[Candidate]:
    """Candidates from files and folders (see `expand`); "-" reads standard input in `stdin_format`."""
    for path, prefix in expand(paths).files:
        if str(path) == STDIN:
            if stdin is None:
                raise ValueError("'-' given but no standard input")
            yield from _read(stdin.read(), "<stdin>", stdin_format, stdin_id)
            continue
        fmt = FORMATS.get(path.suffix.lower(), "jsonl")
        default_id = prefix + path.stem
        yield from _read(path.read_bytes(), str(path), fmt, default_id)


def _read(data: bytes, origin: str, fmt: Format, default_id: str | None) -> Iterator[Candidate]:
    if fmt == "jsonl":
        yield from _jsonl(data, origin)
    elif fmt == "json":
        yield from _json(data, origin)
    else:
        article_id = default_id or "stdin-" + hashlib.sha256(data).hexdigest()[:16]
        yield _html(data, origin, article_id) if fmt == "html" else _text(data, origin, article_id)


def _record(value: Any, origin: str) -> Candidate:
    if not isinstance(value, dict):
        return Candidate(origin, error=f"an article is a JSON object, got {type(value).__name__}")
    return Candidate(origin, article=value)


def _jsonl(data: bytes, origin: str) -> Iterator[Candidate]:
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            yield _record(orjson.loads(line), where)
        except orjson.JSONDecodeError as exc:
            yield Candidate(where, error=f"not JSON: {exc}")


def _json(data: bytes, origin: str) -> Iterator[Candidate]:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        yield Candidate(origin, error=f"not JSON: {exc}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield _record(item, f"{origin}[{index}]")
    else:
        yield _record(value, origin)


def _decode(data: bytes, origin: str, encoding: str = "utf-8") -> str | Candidate:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return Candidate(origin, error=f"cannot decode as {encoding}: {exc}")


def _text(data: bytes, origin: str, article_id: str) -> Candidate:
    text = _decode(data, origin)
    if isinstance(text, Candidate):
        return text
    published = published_from_text(text)
    return Candidate(
        origin, article={"id": article_id, "text": text, "published": published.raw if published else None}
    )


def html_to_article(html: str, article_id: str) -> tuple[dict[str, Any], list[str]]:
    """An article from an HTML page: text, and title, url, language and publication time from the page's
    metadata (<title>/og:title, canonical link/og:url, <html lang>, article:published_time/<time datetime>)."""
    warnings: list[str] = []
    tree = lxml.html.document_fromstring(_XML_DECL.sub("", html) or "<html></html>")

    def first(*xpaths: str) -> str | None:
        for xpath in xpaths:
            for found in tree.xpath(xpath):
                value = str(found).strip()
                if value:
                    return value
        return None

    title = first("//meta[@property='og:title']/@content", "//title/text()", "//h1//text()")
    url = first("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    lang = first("/html/@lang", "//meta[@http-equiv='content-language']/@content")
    raw_published = first(
        "//meta[@property='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//*[@itemprop='datePublished']/@datetime",
        "//meta[@name='date']/@content",
        "//time/@datetime",
    )
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROP)):
        element.drop_tree()
    body = next(iter(tree.xpath("//article") or tree.xpath("//main") or [tree]))
    text = Inscriptis(body, ParserConfig()).get_text().strip()
    article: dict[str, Any] = {"id": article_id, "text": text}
    if title:
        article["title"] = title
    if url:
        article["url"] = url
    if lang:
        code = lang.split("-")[0].split("_")[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", code):
            article["language"] = code
        else:
            warnings.append(f"ignored unreadable language {lang!r}")
    if raw_published:
        published = _iso_published(raw_published)
        if published is None:
            warnings.append(f"ignored unreadable publication time {raw_published!r}")
        else:
            article["published"] = published
    return article, warnings


def _iso_published(raw: str) -> str | None:
    """RFC 3339 as the schema wants it ('2024-01-19T10:02:11+01:00'), or a bare date kept at its precision."""
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", raw):
        return raw
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.date().isoformat()  # a local time without offset is only reliable to the day
    return when.isoformat()


def _html(data: bytes, origin: str, article_id: str) -> Candidate:
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    html = _decode(data, origin, encoding)
    if isinstance(html, Candidate):
        return html
    article, warnings = html_to_article(html, article_id)
    return Candidate(origin, article=article, warnings=tuple(warnings))
