"""The routes `serve.py` mounts beside the dashboard, on the same port: the open API of the published
views (`/api/v1/…`, the datasette way) and the phone page of the QR code (`/m`).

Every answer is rendered once per dataset version and request, for every visitor, and kept
compressed in memory with its ETag; a visitor who has it gets 304. The work (DuckDB, pandas) runs
on Starlette's thread pool, never on the event loop that also serves the dashboard."""

from __future__ import annotations

import gzip
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from prakerja_dash import config, i18n
from prakerja_dash.data import queries, reader
from prakerja_dash.web import api_docs, phone, published

LOG = logging.getLogger("prakerja_dash.web")
API = "/api/v1"
API_MAX_AGE = 60  # seconds a client may reuse an answer before asking again (then mostly a 304)
PHONE_MAX_AGE = 30


def _compressed(body: bytes) -> tuple[bytes, bytes]:
    return body, gzip.compress(body, compresslevel=6, mtime=0)


def _send(request: Request, tag: str, bodies: tuple[bytes, bytes], media_type: str, max_age: int,
          extra: dict[str, str] | None = None) -> Response:
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "Vary": "Accept-Encoding",
               **(extra or {})}
    if tag in {value.strip() for value in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    raw, packed = bodies
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type=media_type, headers=headers | {"Content-Encoding": "gzip"})
    return Response(raw, media_type=media_type, headers=headers)


def _error(status: int, error: str, message: str, problems: list[str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "message": message, "problems": problems or []}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def _params(request: Request) -> dict[str, str]:
    # a repeated parameter keeps its last value, as the dashboard's links do
    return {name: value[:2000] for name, value in request.query_params.items()}


def _default_views() -> dict[str, published.views.View]:
    key, k = published.live_key(), config.min_cell()
    return {name: published.build(key, published.Request(name, published.Filters(), i18n.DEFAULT_LANGUAGE), k)
            for name in published.PUBLISHED_VIEWS}


async def _described(request: Request, describe) -> Response:
    try:
        body = await run_in_threadpool(lambda: describe(API, _default_views()))
    except Exception:
        LOG.exception("API %s failed", request.url.path)
        return _error(503, "unavailable", i18n.t("api_unavailable", published.language(_params(request))))
    return JSONResponse(body, headers={"Cache-Control": f"public, max-age={API_MAX_AGE}"})


async def api_index(request: Request) -> Response:
    return await _described(request, api_docs.index)


async def api_openapi(request: Request) -> Response:
    return await _described(request, api_docs.openapi)


async def api_view(request: Request) -> Response:
    name, fmt = request.path_params["view"], request.path_params["format"]
    params = _params(request)
    lang = published.language(params)
    if fmt not in ("json", "csv") or name not in published.PUBLISHED_VIEWS:
        return _error(404, "unknown_view", i18n.t("api_unknown_view", lang, view=f"{name}.{fmt}"[:60],
                                                   views=", ".join(published.PUBLISHED_VIEWS)))
    try:
        asked = published.parse(name, params)
        if fmt == "csv" and not params.get("table"):
            raise published.BadRequest(i18n.t("api_table_missing", lang), [])
        key, k = published.live_key(), config.min_cell()
        kind = "json" if fmt == "json" else f"csv:{params['table']}"
        tag = published.etag(key, asked, k, kind)

        def render() -> tuple[bytes, bytes]:
            view = published.build(key, asked, k)
            body = published.view_json(view) if fmt == "json" else published.table_csv(view, params["table"])
            return _compressed(body)

        bodies = await run_in_threadpool(published.answer, tag, render)
    except published.BadRequest as problem:
        return _error(400, "bad_request", problem.message, problem.problems)
    except Exception:  # a broken or locked database: say so, never a traceback
        LOG.exception("API %s failed", request.url.path)
        return _error(503, "unavailable", i18n.t("api_unavailable", lang))
    if fmt == "json":
        return _send(request, tag, bodies, "application/json", API_MAX_AGE)
    disposition = {"Content-Disposition": f'attachment; filename="prakerja-{name}-{params["table"]}.csv"'}
    return _send(request, tag, bodies, "text/csv; charset=utf-8", API_MAX_AGE, disposition)


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
        # a link with a filter the page cannot read still opens: on the province's figures, saying so
        asked = published.parse("ringkasan", params)
        notice = ""
    except published.BadRequest as problem:
        asked = published.Request("ringkasan", published.Filters(), lang)
        notice = i18n.t("filter_link_problem", lang, problems="; ".join(problem.problems))
    try:
        key, k = published.live_key(), config.min_cell()
        tag = published.etag(key, asked, k, "phone:" + notice)
        bodies = await run_in_threadpool(published.answer, tag,
                                         lambda: _compressed(_phone_page(key, asked, k, notice)))
    except Exception:
        LOG.exception("phone page failed")
        body = f"<!doctype html><meta charset=utf-8><p>{i18n.t('api_unavailable', lang)}</p>"
        return Response(body, status_code=503, media_type="text/html; charset=utf-8",
                        headers={"Retry-After": "5", "Cache-Control": "no-store"})
    return _send(request, tag, bodies, "text/html; charset=utf-8", PHONE_MAX_AGE)


ROUTES: list[BaseRoute] = [
    Route(phone.PATH, phone_page, methods=["GET", "HEAD"]),
    Route(f"{API}/", api_index, methods=["GET", "HEAD"]),
    Route(f"{API}/openapi.json", api_openapi, methods=["GET", "HEAD"]),
    Route(API + "/{view:str}.{format:str}", api_view, methods=["GET", "HEAD"]),
]
