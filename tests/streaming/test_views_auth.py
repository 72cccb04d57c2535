"""The HTTP API's token check and read-only routing, on the worker's real aiohttp application (Faust registers
the views when the app is built; serving them needs no Kafka): no token configured → open; a token → 401 without
it, /healthz still open; writes → 405; and the token passed on when a worker gathers its peers' answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from tocsin.config import Settings
from tocsin.extraction.pipeline import Extractor
from tocsin.streaming.app import Streams
from tocsin.streaming.views import authorized

TOKEN = "s3cret-token-for-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PROTECTED = ("/counts", "/counts?country=IQ&window=1h", "/metrics", "/incidents/no-such-incident")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _streams(extractor: Extractor, tmp_path: Path, token: str) -> Streams:
    settings = replace(Settings(), http_token=token, data_dir=tmp_path / "worker", web_port=6066)
    return Streams(settings, extractor)


def _web_app(streams: Streams) -> web.Application:
    """The aiohttp application of Faust's aiohttp web driver (typed as the driver-neutral Web)."""
    return cast(web.Application, streams.app.web.web_app)  # type: ignore[attr-defined]


@asynccontextmanager
async def _client(streams: Streams) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with TestClient(TestServer(_web_app(streams))) as client:
        yield client


def test_authorized_wants_the_bearer_scheme_and_the_exact_token() -> None:
    assert authorized(f"Bearer {TOKEN}", TOKEN)
    assert authorized(f"  bearer   {TOKEN} ", TOKEN)  # the scheme is case-insensitive (RFC 7235)
    assert not authorized(None, TOKEN)
    assert not authorized("", TOKEN)
    assert not authorized(TOKEN, TOKEN)
    assert not authorized(f"Basic {TOKEN}", TOKEN)
    assert not authorized(f"Bearer {TOKEN}x", TOKEN)
    assert not authorized(f"Bearer {TOKEN[:-1]}", TOKEN)
    assert not authorized("Bearer", TOKEN)
    assert not authorized("Bearer é", TOKEN)  # non-ASCII input is compared, not an error


async def test_without_a_token_everything_readable_is_open(extractor: Extractor, tmp_path: Path) -> None:
    async with _client(_streams(extractor, tmp_path, "")) as client:
        for path in ("/healthz", "/counts", "/metrics"):
            response = await client.get(path)
            assert response.status == 200, path
        response = await client.get("/incidents/no-such-incident")
        assert response.status == 404
        assert (await response.json())["error"] == "not found"


async def test_with_a_token_only_the_bearer_gets_in(extractor: Extractor, tmp_path: Path) -> None:
    async with _client(_streams(extractor, tmp_path, TOKEN)) as client:
        for path in PROTECTED:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
                response = await client.get(path, headers=headers)
                assert response.status == 401, (path, headers)
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
                assert (await response.json())["error"] == "unauthorized"
            head = await client.head(path)
            assert head.status == 401, path

        for path in ("/counts", "/metrics"):
            assert (await client.get(path, headers=BEARER)).status == 200, path
            assert (await client.head(path, headers=BEARER)).status == 200, path
        assert "tocsin_messages_in_total" in await (await client.get("/metrics", headers=BEARER)).text()
        missing = await client.get("/incidents/no-such-incident", headers=BEARER)
        assert missing.status == 404  # past the check, into the view

        health = await client.get("/healthz")  # liveness probes carry no token
        assert health.status == 200
        assert (await health.json())["status"] == "ok"


@pytest.mark.parametrize("token", ["", TOKEN])
async def test_the_api_is_read_only(extractor: Extractor, tmp_path: Path, token: str) -> None:
    async with _client(_streams(extractor, tmp_path, token)) as client:
        for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            for path in ("/counts", "/incidents/x", "/healthz", "/metrics"):
                response = await client.request(method, path, headers=BEARER, data=b"{}")
                assert response.status == 405, (method, path)
                assert set(response.headers["Allow"].split(",")) == {"GET", "HEAD"}


async def test_gathering_from_peers_passes_the_token_on(
    extractor: Extractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str | None, int]] = []

    @web.middleware
    async def record(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await handler(request)
        seen.append((request.headers.get("Authorization"), response.status))
        return response

    me, peer = _streams(extractor, tmp_path / "a", TOKEN), _streams(extractor, tmp_path / "b", TOKEN)
    _web_app(peer).middlewares.append(record)
    async with TestServer(_web_app(peer)) as peer_server, _client(me) as client:
        peer_url = str(peer_server.make_url("")).rstrip("/")
        # Faust's group assignment would list the peer's URL here; there is no group without Kafka.
        monkeypatch.setattr(
            me.app.router, "tables_metadata", lambda: {peer_url: {}, "http://127.0.0.1:6066": {}}
        )
        response = await client.get("/counts", headers=BEARER)
        assert response.status == 200
        response = await client.get("/incidents/abc", headers=BEARER)
        assert response.status == 404

    assert seen == [(f"Bearer {TOKEN}", 200), (f"Bearer {TOKEN}", 404)]
