"""The database behind the pages: one connection per file version, cached queries, the demo build.

A file's version is its (path, modification time, size): after an import, restore or upgrade
swaps the file, the next run of any session sees a new key, gets a new connection to the new
file and new query results. The connection to the replaced file is closed shortly after, so its
space is returned.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from prakerja_dash import i18n
from prakerja_dash.data import boundaries as boundary_files
from prakerja_dash.data import db, demo, queries
from prakerja_dash.domain.filters import Filters

DbKey = tuple[str, int, int]  # path, mtime_ns, size: a swapped file is a new key
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
    """A named query function of `data.queries` on this file version, cached across sessions."""
    return _query(function.__name__, filters, key, tuple(sorted(extra.items())))


@st.cache_data(max_entries=4, show_spinner=False)
def dataset_info(key: DbKey) -> db.DatasetInfo:
    return read(key, db.read_dataset_info)


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
def _boundaries(path: str, modified: int) -> boundary_files.Boundaries | list[str]:
    try:
        return boundary_files.load_boundaries(Path(path))
    except boundary_files.BoundaryError as error:
        return error.problems


def boundaries() -> tuple[boundary_files.Boundaries | None, str]:
    """The regency boundaries, read and simplified once per file version, or the problems found."""
    path = boundary_files.boundaries_path()
    modified = path.stat().st_mtime_ns if path.exists() else 0
    loaded = _boundaries(str(path), modified)
    if isinstance(loaded, list):
        return None, f"{path.name}: " + "; ".join(loaded)
    return loaded, ""
