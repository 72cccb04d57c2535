"""HTTP views: GET /counts, /incidents/{incident_id}, /healthz, /metrics.

Each worker owns some partitions; a view answers from its own partitions and, unless asked with `local=1`,
gathers the other workers' answers (their URLs come from Faust's group assignment), so any worker can be asked.

Read-only: only GET and HEAD are routed (Faust registers the methods a view defines; aiohttp answers 405 to the
others). With TOCSIN_HTTP_TOKEN set, every view but /healthz (left open for liveness probes) wants
`Authorization: Bearer <token>`, and the workers pass it on when they ask each other (docs/security.md).
"""

from __future__ import annotations

import asyncio
import hmac
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import aiohttp
from faust.web import Request, Response, View

from ..contracts import SCHEMA_VERSION
from . import windows
from .metrics import CONTENT_TYPE
from .regions import sub_region

if TYPE_CHECKING:
    from .app import Streams

_LEVELS = ("subregion", "country", "admin1")
_UNAUTHORIZED = {"error": "unauthorized", "detail": "send the API token as 'Authorization: Bearer <token>'"}


def authorized(header: str | None, token: str) -> bool:
    """True if an Authorization header value carries this bearer token (constant-time comparison)."""
    scheme, _, given = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def _since(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return float(value)
    except ValueError:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def count_rows(streams: Streams, query: dict[str, str], now: float) -> list[dict[str, Any]]:
    """Rows of this worker's partitions matching the filters (see docs/streaming.md for the row shapes)."""
    country = (query.get("country") or "").upper() or None
    admin1 = query.get("admin1") or None
    event_type = query.get("event_type") or "*"
    region_filter = query.get("region") or None
    level_filter = query.get("level") or None
    window = query.get("window") or None
    since = _since(query.get("since"))
    owned = streams.owned_partitions()
    rows: list[dict[str, Any]] = []
    for key in list(streams.count_table.keys()):
        region_part, _, etype = key.partition("|")
        level, _, region = region_part.partition(":")
        if etype != event_type or (level_filter and level != level_filter):
            continue
        if level == "subregion":
            if country or admin1:
                continue
            ctry, adm, name = None, None, region
            code = next((c for c, n in _codes().items() if n == region), "000")
            if not streams.owned_code(code, owned):
                continue
        else:
            ctry, _, adm_part = region.partition("/")
            adm, name = adm_part or None, sub_region(ctry).name
            if (country and ctry != country) or (admin1 and adm != admin1):
                continue
            if not streams.owns_country(ctry, owned):
                continue
        if region_filter and region_filter not in (region, name):
            continue
        value = streams.count_table.get(key)
        row: dict[str, Any] = {
            "region": region,
            "level": level,
            "sub_region": name,
            "country": ctry,
            "admin1": adm,
            "event_type": None if etype == "*" else etype,
        }
        if window:
            row["window"] = window
            row["windows"] = [
                {"start": _iso(s) if s else None, "end": _iso(e) if e else None, "count": n}
                for s, e, n in windows.series(value, window, since)
            ]
        else:
            row.update(windows.current(value, now))
        rows.append(row)
    return rows


def _codes() -> dict[str, str]:
    from .regions import sub_region_names

    return sub_region_names()


async def _gather(streams: Streams, request: Request, path: str) -> list[dict[str, Any]]:
    """Ask the other workers of the group (local=1) and return their JSON answers."""
    me = str(streams.app.conf.canonical_url).rstrip("/")
    try:
        hosts = {str(url).rstrip("/") for url in streams.app.router.tables_metadata()}
    except Exception:  # before the first assignment there is nobody to ask
        return []
    query = {**request.query, "local": "1"}
    out: list[dict[str, Any]] = []
    timeout = aiohttp.ClientTimeout(total=5)
    token = streams.settings.http_token
    headers = {"Authorization": f"Bearer {token}"} if token else None
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:

        async def one(host: str) -> None:
            try:
                async with session.get(f"{host}{path}", params=query) as response:
                    if response.status == 200:
                        out.append(await response.json())
            except (aiohttp.ClientError, TimeoutError):
                pass

        await asyncio.gather(*(one(h) for h in sorted(hosts - {me})))
    return out


def register_views(streams: Streams) -> None:
    app = streams.app
    token = streams.settings.http_token

    class ApiView(View):
        """Checks the bearer token (if one is configured) before any handler runs."""

        public: ClassVar[bool] = False

        async def dispatch(self, request: Any) -> Any:
            if token and not self.public and not authorized(request.headers.get("Authorization"), token):
                return self.json(
                    _UNAUTHORIZED, status=401, headers={"WWW-Authenticate": 'Bearer realm="tocsin"'}
                )
            return await super().dispatch(request)

    @app.page("/counts")
    class CountsView(ApiView):
        async def get(self, request: Request) -> Response:
            query = dict(request.query)
            rows = count_rows(streams, query, time.time())
            if query.get("local") != "1":
                for answer in await _gather(streams, request, "/counts"):
                    rows.extend(answer.get("counts", []))
            rows.sort(key=lambda r: (_LEVELS.index(r["level"]), r["region"], r["event_type"] or ""))
            return self.json({"schema_version": SCHEMA_VERSION, "counts": rows})

    @app.page("/incidents/{incident_id}")
    class IncidentView(ApiView):
        async def get(self, request: Request, incident_id: str) -> Response:
            entry = streams.incident_table.get(incident_id)
            if entry is None:
                alias = streams.alias_table.get(incident_id)
                if alias is not None:
                    entry = streams.incident_table.get(alias["c"])
            if entry is not None:
                return self.json(entry["record"])
            if request.query.get("local") != "1":
                for answer in await _gather(streams, request, f"/incidents/{incident_id}"):
                    return self.json(answer)
            return self.json({"error": "not found", "incident_id": incident_id}, status=404)

    @app.page("/healthz")
    class HealthView(ApiView):
        public = True

        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok", "partitions": sorted(streams.owned_partitions())})

    @app.page("/metrics")
    class MetricsView(ApiView):
        async def get(self, request: Request) -> Response:
            return self.bytes(streams.metrics.render(), content_type=CONTENT_TYPE)
