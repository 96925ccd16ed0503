"""The database behind the pages: one connection per file version, cached queries, the demo build.

A file's version is its (path, modification time, size): after an import, restore or upgrade
swaps the file, the next run of any session sees a new key, gets a new connection to the new
file and new query results. The connection to the replaced file is closed shortly after, so its
space is returned.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from prakerja_dash import i18n
from prakerja_dash.data import boundaries as boundary_files
from prakerja_dash.data import db, demo, queries
from prakerja_dash.domain.filters import Filters

LOG = logging.getLogger("prakerja_dash.map")

DbKey = tuple[str, int, int]  # path, mtime_ns, size: a swapped file is a new key
T = TypeVar("T")
RETIRE_AFTER_SECONDS = 30.0  # queries that started on a replaced file finish first

_lock = threading.Lock()
_open: dict[str, tuple[DbKey, duckdb.DuckDBPyConnection]] = {}


def db_key(path: Path) -> DbKey:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def connection(key: DbKey) -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to this version of the file (use `db.cursor` per call)."""
    with _lock:
        current = _open.get(key[0])
        if current and current[0] == key:
            return current[1]
        con = db.connect(Path(key[0]), read_only=True)
        _open[key[0]] = (key, con)
    if current:
        timer = threading.Timer(RETIRE_AFTER_SECONDS, current[1].close)
        timer.daemon = True
        timer.start()
    return con


def read(key: DbKey, use: Callable[[duckdb.DuckDBPyConnection], object]) -> object:
    """Run `use` on a cursor of its own (connections are not thread-safe)."""
    cursor = db.cursor(connection(key))
    try:
        return use(cursor)
    finally:
        cursor.close()


@st.cache_data(max_entries=1024, show_spinner=False)
def _query(name: str, filters: Filters | None, key: DbKey, extra: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    function = getattr(queries, name)
    return read(key, lambda cursor: function(cursor, filters, **dict(extra)) if filters is not None
                else function(cursor))


def query(key: DbKey, function: Callable[..., pd.DataFrame], filters: Filters | None = None,
          **extra: str) -> pd.DataFrame:
    """A named query function of `data.queries` on this file version, cached across sessions; a
    part of a named query (queries.kpi_counts, …) is cut from the cached whole."""
    whole = getattr(function, "whole", None)
    frame = _query((whole or function).__name__, filters, key, tuple(sorted(extra.items())))
    return function.part(frame) if whole else frame


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A DataFrame argument's cache key: the digest of its pickle. For the small frames the pages
    pass around it is ~50x faster than Streamlit's default (2-3 ms a frame, most of a cached
    page's cost); equal frames give equal keys, so the worst case is a miss, never a wrong hit.
    The copy lays the columns out in pandas' one canonical way first: a frame cut from a larger
    one (queries.totals and the like) pickles differently from its equal copy."""
    return hashlib.blake2b(pickle.dumps(frame.copy(), protocol=5), digest_size=20).digest()


FAST_HASH = {pd.DataFrame: frame_digest}


@st.cache_data(max_entries=2048, show_spinner=False, hash_funcs=FAST_HASH)
def _derived(module: str, name: str, args: tuple, kwargs: tuple[tuple[str, object], ...]) -> object:
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def derived(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`function(*args, **kwargs)` for a pure module-level function (published measures, tables),
    computed once across sessions for equal arguments (DataFrames are compared by content); each
    caller gets its own copy. A crowd opening the same link then pays for it once, not per visitor."""
    return _derived(function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))


@st.cache_data(max_entries=4, show_spinner=False)
def dataset_info(key: DbKey) -> db.DatasetInfo:
    return read(key, db.read_dataset_info)


# --- many visitors at once ---------------------------------------------------------------
# Page runs are pure Python for the most part, so they share one core (the GIL). Run all at once
# and they finish together, each slowed by the others and by their contention (locks, switches);
# a few at a time finish one after another, sooner on average and with less overhead.
RUNS_AT_ONCE = int(os.environ.get("PRAKERJA_RUNS_AT_ONCE", "4"))
RUN_WAIT_SECONDS = 120.0  # never keep a visitor out longer than this, whatever runs
_run_slots = threading.BoundedSemaphore(max(1, RUNS_AT_ONCE))


@contextmanager
def run_slot() -> Iterator[None]:
    """One of RUNS_AT_ONCE slots for a page run (0: no limit); waiting for one costs no CPU."""
    acquired = RUNS_AT_ONCE > 0 and _run_slots.acquire(timeout=RUN_WAIT_SECONDS)
    try:
        yield
    finally:
        if acquired:
            _run_slots.release()


def ensure_database(path: Path, lang: str) -> DbKey:
    """The live file's key, after building the demo database on first run (or rebuilding demo
    data an older generator made), once even when several sessions start together. Imported
    data is never rebuilt; `db.connect` brings an older file's schema up to date."""
    if path.exists() and not _outdated_demo(db_key(path)):
        return db_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists() and not _outdated_demo(db_key(path)):
            return db_key(path)
        st.info(i18n.t("building_demo", lang, rows=i18n.format_int(demo.DEFAULT_ROWS, lang)))
        bar = st.progress(0.0)

        def report(fraction: float, step: str) -> None:
            bar.progress(fraction, text=i18n.t("building_progress", lang, step=step))

        demo.build_demo(path, progress=report)
        bar.empty()
    return db_key(path)


def _outdated_demo(key: DbKey) -> bool:
    """Demo data from an older generator, or a demo file too old to upgrade: rebuild it."""
    try:
        info = dataset_info(key)
    except Exception:
        return db.dataset_source(Path(key[0])) == "demo"
    return info.is_demo and info.generator != demo.GENERATOR


@st.cache_data(max_entries=4, show_spinner=False)
def _boundaries(path: str, modified: int) -> boundary_files.Boundaries | None:
    try:
        return boundary_files.load_boundaries(Path(path))
    except boundary_files.BoundaryError as error:
        # the checker's findings name server paths and are in English: the log gets them, the page
        # says what it means in the reader's language (`python -m prakerja_dash boundaries check`)
        LOG.warning("boundary file %s cannot be used: %s", path, "; ".join(error.problems))
        return None


def boundaries_version() -> tuple[str, int]:
    """The boundary file's path and modification time (0 when it is missing)."""
    path = boundary_files.boundaries_path()
    return str(path), path.stat().st_mtime_ns if path.exists() else 0


def boundaries() -> tuple[boundary_files.Boundaries | None, str]:
    """The regency boundaries, read and simplified once per file version; without them, None and
    the catalogue key of why ('map_boundary_missing' or 'map_boundary_unusable')."""
    path, modified = boundaries_version()
    if not modified:
        return None, "map_boundary_missing"
    loaded = _boundaries(path, modified)
    return (loaded, "") if loaded else (None, "map_boundary_unusable")
