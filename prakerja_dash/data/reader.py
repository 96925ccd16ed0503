"""Reading the live database, for every surface alike (pages, API, phone page, exports): one
connection per file version, a bounded cache of query results shared by all callers, and the demo
build on first start. No Streamlit here.

A file's version is its (path, modification time, size): after an import, restore or upgrade
swaps the file, the next caller sees a new key, gets a new connection to the new file and new
query results. The connection to the replaced file is closed shortly after, so its space is
returned.
"""

from __future__ import annotations

import fcntl
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from prakerja_dash.data import db, demo
from prakerja_dash.domain.filters import Filters

DbKey = tuple[str, int, int]  # path, mtime_ns, size: a swapped file is a new key
T = TypeVar("T")
RETIRE_AFTER_SECONDS = 30.0  # queries that started on a replaced file finish first
QUERY_CACHE_ENTRIES = 2048

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


def read(key: DbKey, use: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`use` on a cursor of its own (connections are not thread-safe)."""
    cursor = db.cursor(connection(key))
    try:
        return use(cursor)
    finally:
        cursor.close()


class Memo:
    """A bounded least-recently-used cache shared by threads. Callers that ask for the same key at
    once wait for one computation instead of each running it: a crowd opening one link costs one
    query, not three hundred."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times a value was computed (tests and benchmarks read it)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[return-value]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self.computed += 1
                self._values[key] = value
                while len(self._values) > self.entries:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.computed = 0


QUERIES = Memo(QUERY_CACHE_ENTRIES)


def query(key: DbKey, function: Callable[..., pd.DataFrame], filters: Filters | None = None,
          **extra: str) -> pd.DataFrame:
    """`function`, a query of `data.queries`, on this file version, cached for every caller.
    Callers get the cached frame itself: treat it as read-only."""
    arguments = tuple(sorted(extra.items()))
    return QUERIES.get((function, filters, key, arguments), lambda: read(
        key, lambda cursor: function(cursor, filters, **extra) if filters is not None else function(cursor)))


_INFO = Memo(8)


def dataset_info(key: DbKey) -> db.DatasetInfo:
    return _INFO.get(key, lambda: read(key, db.read_dataset_info))


def ensure_database(path: Path, announce: Callable[[], Callable[[float, str], None]] | None = None) -> DbKey:
    """The live file's key, after building the demo database on first run (or rebuilding demo data
    an older generator made), once even when several processes or threads start together.
    Imported data is never rebuilt; `db.connect` brings an older file's schema up to date.
    `announce`, called only when a build starts, returns the progress callback."""
    if path.exists() and not _outdated_demo(db_key(path)):
        return db_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists() and not _outdated_demo(db_key(path)):
            return db_key(path)
        demo.build_demo(path, progress=announce() if announce else None)
    return db_key(path)


def _outdated_demo(key: DbKey) -> bool:
    """Demo data from an older generator, or a demo file too old to upgrade: rebuild it."""
    try:
        info = dataset_info(key)
    except Exception:
        return db.dataset_source(Path(key[0])) == "demo"
    return info.is_demo and info.generator != demo.GENERATOR
