"""What the API and the phone page share: which views are published, how a request names one, and
a cache of rendered answers with their ETags. No Starlette here, so it can be tested directly."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from prakerja_dash import config, i18n, views
from prakerja_dash.data import reader
from prakerja_dash.domain import privacy
from prakerja_dash.domain.filters import PARAMETER_NAMES, FilterError, Filters, parse_range
from prakerja_dash.domain.text import neutralise
from prakerja_dash.domain.vocabulary import WAVES

# The page's URL slug -> its catalogue title. Stories hold people's names and words, not figures:
# the API leaves them out (View.figures; the pages show them).
PUBLISHED_VIEWS = {
    "ringkasan": "page_overview",
    "peta": "page_map",
    "pelatihan": "page_training",
    "hasil": "page_outcomes",
    "gelombang": "page_waves",
    "profil": "page_profile",
}
OPTION_PARAMETERS = {"profil": ("profil",), "gelombang": ("a", "b")}
ANSWER_CACHE_ENTRIES = 2048


class BadRequest(ValueError):
    """A request the API cannot answer: `problems` say why, in the request's language."""

    def __init__(self, message: str, problems: list[str], parameters: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.problems = problems
        self.parameters = parameters  # the request's parameters that could not be read


@dataclass(frozen=True)
class Request:
    """One view asked for: which, over which alumni, in which language, with the page's options."""

    view: str
    filters: Filters
    lang: str
    options: tuple[tuple[str, str], ...] = ()


def language(params: Mapping[str, str]) -> str:
    requested = params.get("lang") or i18n.DEFAULT_LANGUAGE
    return requested if requested in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def parse(view: str, params: Mapping[str, str]) -> Request:
    """The request of `view` with these query parameters (the dashboard's own filter names); raises
    `BadRequest` naming every problem, or `KeyError` for a view that is not published."""
    if view not in PUBLISHED_VIEWS:
        raise KeyError(view)
    lang = language(params)
    problems: list[str] = []
    unreadable: list[str] = []
    if params.get("lang") and params["lang"] not in i18n.LANGUAGES:
        problems.append(i18n.t("api_bad_language", lang, value=params["lang"][:40],
                               allowed=", ".join(i18n.LANGUAGES)))
        unreadable.append("lang")
    try:
        filters = Filters.from_query({name: params[name] for name in PARAMETER_NAMES if name in params})
    except FilterError as error:
        problems += [i18n.filter_problem(issue, lang) for issue in error.issues] or error.problems
        unreadable += [issue.parameter for issue in error.issues]
        filters = Filters()
    options = []
    for name in OPTION_PARAMETERS.get(view, ()):
        value = params.get(name, "").strip()
        if not value:
            continue
        if name == "profil":
            try:
                views.profile_regency(filters, value)
            except ValueError:
                problems.append(i18n.t("api_bad_regency", lang, value=value[:40]))
                unreadable.append(name)
        elif not _within_waves(parse_range(value)):
            problems.append(i18n.t("api_bad_period", lang, name=name, value=value[:40]))
            unreadable.append(name)
        else:
            start, end = parse_range(value)
            value = f"{start}-{end}"  # one spelling per period: one cache entry
        options.append((name, value))
    if problems:
        raise BadRequest(i18n.t("api_bad_request", lang), problems, tuple(sorted(set(unreadable))))
    return Request(view, filters, lang, tuple(options))


def _within_waves(period: tuple[int, int] | None) -> bool:
    return period is not None and WAVES[0] <= period[0] <= period[1] <= WAVES[1]


def build(key: reader.DbKey, request: Request, k: int) -> views.View:
    """The published view a request asks for."""
    options = dict(request.options)
    periods = tuple(parse_range(options.get(name, "")) or default
                    for name, default in zip(("a", "b"), views.DEFAULT_PERIODS, strict=True))
    return views.for_page(request.view, key, request.filters, k, request.lang, regency=options.get("profil"),
                          periods=periods)


def published_tables(view: views.View) -> dict[str, pd.DataFrame]:
    """The view's tables of figures, counts as whole numbers (a hidden one is null)."""
    return {name: _whole_counts(table) for name, table in view.figures.items()}


def _whole_counts(table: pd.DataFrame) -> pd.DataFrame:
    whole = table.copy()
    for column in whole.columns:
        values = whole[column]
        if pd.api.types.is_float_dtype(values) and ((values.dropna() % 1) == 0).all():
            whole[column] = values.round().astype("Int64")
    return whole


def records(table: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as JSON-ready objects: hidden and missing values become null."""
    return json.loads(table.to_json(orient="records", force_ascii=False))


def view_json(view: views.View) -> bytes:
    body = {
        "view": view.name,
        "filters": view.filters.to_query(),
        "options": view.options,
        "lang": view.lang,
        "dataset_version": view.dataset_version,
        "k": view.k,
        "method": privacy.METHOD,
        "tables": {name: records(table) for name, table in published_tables(view).items()},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def table_csv(view: views.View, table: str) -> bytes:
    """One published table as CSV (UTF-8 with BOM, so that Excel reads it); text a spreadsheet would
    run as a formula gets a leading apostrophe."""
    tables = published_tables(view)
    if table not in tables:
        raise BadRequest(i18n.t("api_bad_table", view.lang, value=table[:40], allowed=", ".join(tables)),
                         [", ".join(tables)])
    frame = tables[table].copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return ("\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def _code_version() -> str:
    """A digest of the package's code and SQL: an upgraded server renders anew, never answers 304
    for a body it would now write differently."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".sql", ".css"):
            digest.update(path.read_bytes())
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parent.parent
CODE_VERSION = _code_version()


def etag(key: reader.DbKey, request: Request, k: int, kind: str) -> str:
    """Changes with the database file, the code, the request, K and what is rendered (json,
    csv:<table>, phone)."""
    identity = repr((key, CODE_VERSION, request.view, request.filters.to_query(), request.lang, request.options, k,
                     kind))
    return '"' + hashlib.blake2b(identity.encode("utf-8"), digest_size=12).hexdigest() + '"'


ANSWERS = reader.Memo(ANSWER_CACHE_ENTRIES)


def answer(tag: str, render: Callable[[], bytes]) -> bytes:
    """A rendered answer, gzipped, made once per ETag for every caller. Only the compressed body is
    kept (a few KB each), so the cache's memory stays small whatever is asked."""
    return ANSWERS.get(tag, lambda: gzip.compress(render(), compresslevel=6, mtime=0))


def live_key() -> reader.DbKey:
    """The live database's version, after building the demo on the very first start (slow: call it
    off the event loop)."""
    return reader.ensure_database(config.db_path())


def current_key() -> reader.DbKey | None:
    """The live database's version as the file system says now (a stat, cheap enough for the event
    loop); None before the very first build."""
    path = config.db_path()
    try:
        return reader.db_key(path)
    except FileNotFoundError:
        return None
