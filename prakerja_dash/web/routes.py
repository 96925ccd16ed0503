"""The routes `serve.py` mounts beside the dashboard, on the same port: the open API of the published
views (`/api/v1/…`, the datasette way) and the phone page of the QR code (`/m`).

Every answer is rendered once per dataset version and request, for every visitor, and kept gzipped
in memory with its ETag; a visitor who has it gets 304. The event loop that also serves the
dashboard only ever looks answers up: it never waits on DuckDB, pandas or a lock. What is not
rendered yet is rendered on at most BUILDS_AT_ONCE worker threads, once however many visitors ask
for it at the same moment; past MAX_PENDING different answers waiting, a visitor is asked to come
back in a few seconds (503 with Retry-After) instead of queueing without end."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from collections.abc import Callable

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from prakerja_dash import config, i18n
from prakerja_dash.data import queries, reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.web import api_docs, phone, published

LOG = logging.getLogger("prakerja_dash.web")
API = "/api/v1"
API_MAX_AGE = 60  # seconds a client may reuse an answer before asking again (then mostly a 304)
PHONE_MAX_AGE = 30
BUILDS_AT_ONCE = 2  # the machine's cores: more would only share them
MAX_PENDING = 64  # different answers waiting to be rendered before visitors are asked to come back
RETRY_AFTER_SECONDS = "3"


class Busy(Exception):
    """Too many different answers are waiting to be rendered."""


_in_flight: dict[str, asyncio.Future] = {}
_limiter: list[anyio.CapacityLimiter] = []  # made on the event loop, on first use


async def _rendered(tag: str, render: Callable[[], bytes]) -> bytes:
    """The gzipped answer of `tag`: from memory when it is there (on the event loop, no waiting),
    else rendered once on a worker thread for every visitor asking for it meanwhile."""
    hit = published.ANSWERS.peek(tag)
    if hit is not None:
        return hit
    waiting = _in_flight.get(tag)
    if waiting is not None:
        return await asyncio.shield(waiting)
    if len(_in_flight) >= MAX_PENDING:
        raise Busy
    if not _limiter:
        _limiter.append(anyio.CapacityLimiter(BUILDS_AT_ONCE))
    future = asyncio.get_running_loop().create_future()
    _in_flight[tag] = future
    try:
        body = await anyio.to_thread.run_sync(published.answer, tag, render, limiter=_limiter[0])
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved: a visitor may have left before it failed
        raise
    else:
        future.set_result(body)
        return body
    finally:
        _in_flight.pop(tag, None)


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, quality = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            return quality.strip().replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _send(request: Request, tag: str, packed: bytes, media_type: str, max_age: int,
          extra: dict[str, str] | None = None) -> Response:
    gzipped = _accepts_gzip(request)
    tag = tag[:-1] + '-gz"' if gzipped else tag  # each representation its own strong ETag
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "Vary": "Accept-Encoding",
               **(extra or {})}
    asked = {value.strip().removeprefix("W/") for value in request.headers.get("if-none-match", "").split(",")}
    if tag in asked or "*" in asked:
        return Response(status_code=304, headers=headers)
    if gzipped:
        return Response(packed, media_type=media_type, headers=headers | {"Content-Encoding": "gzip"})
    return Response(gzip.decompress(packed), media_type=media_type, headers=headers)


def _error(status: int, error: str, message: str, problems: list[str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "message": message, "problems": problems or []}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def _params(request: Request) -> dict[str, str]:
    # a repeated parameter keeps its last value, as the dashboard's links do
    return {name: value[:2000] for name, value in request.query_params.items()}


async def _live_key() -> reader.DbKey:
    """The live database's version: a stat on the event loop; only the very first start (no file
    yet: the demo is built) waits for a worker."""
    key = published.current_key()
    if key is None:
        key = await anyio.to_thread.run_sync(published.live_key)
    return key


def _unavailable(request: Request, lang: str, error: BaseException) -> Response:
    if isinstance(error, Busy):
        response = _error(503, "busy", i18n.t("api_busy", lang))
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    LOG.error("%s failed", request.url.path, exc_info=error)  # a broken or locked database: never a traceback
    return _error(503, "unavailable", i18n.t("api_unavailable", lang))


async def _described(request: Request, describe: Callable[[str, dict], dict], kind: str) -> Response:
    lang = published.language(_params(request))
    try:
        key, k = await _live_key(), config.min_cell()
        tag = published.etag(key, published.Request(kind, Filters(), i18n.DEFAULT_LANGUAGE), k, kind)

        def render() -> bytes:
            computed = {name: published.build(key, published.Request(name, Filters(),
                                                                      i18n.DEFAULT_LANGUAGE), k)
                        for name in published.PUBLISHED_VIEWS}
            return json.dumps(describe(API, computed), ensure_ascii=False).encode("utf-8")

        packed = await _rendered(tag, render)
    except Exception as error:  # noqa: BLE001 - said as a 503, logged
        return _unavailable(request, lang, error)
    return _send(request, tag, packed, "application/json", API_MAX_AGE)


async def api_index(request: Request) -> Response:
    return await _described(request, api_docs.index, "index")


async def api_openapi(request: Request) -> Response:
    return await _described(request, api_docs.openapi, "openapi")


async def api_view(request: Request) -> Response:
    name, fmt = request.path_params["view"], request.path_params["format"]
    params = _params(request)
    lang = published.language(params)
    if fmt not in ("json", "csv") or name not in published.PUBLISHED_VIEWS:
        return _error(404, "unknown_view", i18n.t("api_unknown_view", lang, view=f"{name}.{fmt}"[:60],
                                                   views=", ".join(published.PUBLISHED_VIEWS)))
    try:
        asked = published.parse(name, params)
        table = params.get("table", "")
        if fmt == "csv" and not table:
            raise published.BadRequest(i18n.t("api_table_missing", lang), [])
    except published.BadRequest as problem:
        return _error(400, "bad_request", problem.message, problem.problems)
    try:
        key, k = await _live_key(), config.min_cell()
        tag = published.etag(key, asked, k, "json" if fmt == "json" else f"csv:{table}")

        def render() -> bytes:
            view = published.build(key, asked, k)
            return published.view_json(view) if fmt == "json" else published.table_csv(view, table)

        packed = await _rendered(tag, render)
    except published.BadRequest as problem:  # a table the view does not have
        return _error(400, "bad_request", problem.message, problem.problems)
    except Exception as error:  # noqa: BLE001 - said as a 503, logged
        return _unavailable(request, lang, error)
    if fmt == "json":
        return _send(request, tag, packed, "application/json", API_MAX_AGE)
    disposition = {"Content-Disposition": f'attachment; filename="prakerja-{name}-{table}.csv"'}
    return _send(request, tag, packed, "text/csv; charset=utf-8", API_MAX_AGE, disposition)


def _phone_page(key: reader.DbKey, asked: published.Request, k: int, notice: str) -> bytes:
    overview = published.build(key, asked, k)
    regions = published.build(key, published.Request("peta", asked.filters, asked.lang), k)
    info = reader.dataset_info(key)
    regencies = reader.query(key, queries.regencies)
    categories = reader.query(key, queries.training_categories)
    description = i18n.describe(
        asked.filters, asked.lang, dict(zip(regencies["regency_code"], regencies["name"], strict=True)),
        dict(zip(categories["category_id"], categories["label_id" if asked.lang == "id" else "label_en"],
                 strict=True)))
    source = i18n.t("dataset_demo" if info.is_demo else "dataset_import", asked.lang)
    label = source + " · " + i18n.t("dataset_badge", asked.lang, version=info.version,
                                    date=info.created_at.date().isoformat())
    return phone.render(overview, regions, description=description, is_demo=info.is_demo, dataset_label=label,
                        notice=notice)


async def phone_page(request: Request) -> Response:
    params = _params(request)
    lang = published.language(params)
    try:
        # a link with a filter the page cannot read still opens: on the province's figures, naming the
        # parameters it ignored (not their values: a page per bad value would only fill the cache)
        asked = published.parse("ringkasan", params)
        notice = ""
    except published.BadRequest as problem:
        asked = published.Request("ringkasan", Filters(), lang)
        notice = i18n.t("filter_link_problem", lang, problems=", ".join(problem.parameters))
    try:
        key, k = await _live_key(), config.min_cell()
        tag = published.etag(key, asked, k, "phone:" + notice)
        packed = await _rendered(tag, lambda: _phone_page(key, asked, k, notice))
    except Exception as error:  # noqa: BLE001 - said on a small page, logged
        busy = isinstance(error, Busy)
        if not busy:
            LOG.error("phone page failed", exc_info=error)
        # the browser asks again by itself after a few seconds, as Retry-After says
        body = (f"<!doctype html><meta charset=utf-8><meta http-equiv=refresh content={RETRY_AFTER_SECONDS}>"
                f"<p>{i18n.t('api_busy' if busy else 'api_unavailable', lang)}</p>")
        return Response(body, status_code=503, media_type="text/html; charset=utf-8",
                        headers={"Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store"})
    return _send(request, tag, packed, "text/html; charset=utf-8", PHONE_MAX_AGE)


ROUTES: list[BaseRoute] = [
    Route(phone.PATH, phone_page, methods=["GET", "HEAD"]),
    Route(f"{API}/", api_index, methods=["GET", "HEAD"]),
    Route(f"{API}/openapi.json", api_openapi, methods=["GET", "HEAD"]),
    Route(API + "/{view:str}.{format:str}", api_view, methods=["GET", "HEAD"]),
]
