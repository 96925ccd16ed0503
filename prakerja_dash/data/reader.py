"""Reading the live database, for every surface alike (pages, API, phone page, exports): one
connection per file version, a bounded cache of query results shared by all callers, and the demo
build on first start. No Streamlit here.

A file's version is its (path, modification time, size): after an import, restore or upgrade
swaps the file, the next caller sees a new key, gets a new connection to the new file and new
query results. The connection to the replaced file is closed when its last read ends, so its space
is returned and no read is cut short.
"""

from __future__ import annotations

import fcntl
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from prakerja_dash.data import db, demo
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.regions import scope_province

DbKey = tuple[str, int, int]  # path, mtime_ns, size: a swapped file is a new key
T = TypeVar("T")
QUERY_CACHE_ENTRIES = 2048

_lock = threading.Lock()
_open: dict[str, tuple[DbKey, duckdb.DuckDBPyConnection]] = {}
_users: dict[int, int] = {}  # id(connection) -> reads under way on it
_retired: dict[int, duckdb.DuckDBPyConnection] = {}  # replaced, closed once its last read ends


def db_key(path: Path) -> DbKey:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def _acquire(key: DbKey) -> duckdb.DuckDBPyConnection:
    """The connection to the file now at the key's path, counted as in use until `_release`. A caller
    holding the key of a file since replaced reads the new file; it never reopens the old one."""
    path = Path(key[0])
    with _lock:
        now = db_key(path) if path.exists() else key
        current = _open.get(key[0])
        if not current or current[0] != now:
            _open[key[0]] = (now, db.connect(path, read_only=True))
            if current:
                _retire(current[1])
        con = _open[key[0]][1]
        _users[id(con)] = _users.get(id(con), 0) + 1
        return con


def _release(con: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        _users[id(con)] -= 1
        if not _users[id(con)]:
            del _users[id(con)]
            if id(con) in _retired:
                _retired.pop(id(con)).close()


def _retire(con: duckdb.DuckDBPyConnection) -> None:
    """Close a replaced connection now, or once its last read ends (called with `_lock` held)."""
    if _users.get(id(con), 0):
        _retired[id(con)] = con
    else:
        con.close()


def read(key: DbKey, use: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`use` on a cursor of its own (connections are not thread-safe); the connection stays open
    until `use` ends, even when an import replaces the file meanwhile."""
    con = _acquire(key)
    try:
        cursor = db.cursor(con)
        try:
            return use(cursor)
        finally:
            cursor.close()
    finally:
        _release(con)


class _Pending:
    """A value being computed: who else asks waits for it, and gets its error too."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None


class Memo:
    """A bounded least-recently-used cache shared by threads. Callers that ask for the same key at
    once wait for one computation instead of each running it: a crowd opening one link costs one
    query, not three hundred. A failed computation fails every caller that waited for it, and the
    next caller tries again."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._pending: dict[Hashable, _Pending] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times a value was computed (tests and benchmarks read it)

    def peek(self, key: Hashable) -> object | None:
        """The value if it is here already, without waiting or computing (None otherwise)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = _Pending()
        if not owner:
            pending.done.wait()
            if pending.error is not None:
                raise pending.error
            return pending.value  # type: ignore[return-value]
        try:
            value = compute()
        except BaseException as error:
            pending.error = error
            with self._lock:
                self._pending.pop(key, None)
            pending.done.set()
            raise
        with self._lock:
            self.computed += 1
            self._values[key] = value
            while len(self._values) > self.entries:
                self._values.popitem(last=False)
            self._pending.pop(key, None)
        pending.value = value
        pending.done.set()
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.computed = 0


QUERIES = Memo(QUERY_CACHE_ENTRIES)


def query(key: DbKey, function: Callable[..., pd.DataFrame], filters: Filters | None = None,
          **extra: str) -> pd.DataFrame:
    """`function`, a query of `data.queries`, on this file version, cached for every caller, within
    the deployment's province (`in_scope`). Callers get the cached frame itself: treat it as read-only."""
    arguments = tuple(sorted(extra.items()))
    scoped = in_scope(filters) if filters is not None else None
    return QUERIES.get((function, scoped, key, arguments), lambda: read(
        key, lambda cursor: function(cursor, scoped, **extra) if scoped is not None else function(cursor)))


def in_scope(filters: Filters) -> Filters:
    """The filters within the deployment's home province (`PRAKERJA_SCOPE`): a province deployment
    counts only its own alumni, whatever the file or the link holds; a national one, the province
    the link chooses (or all)."""
    home = scope_province()
    return filters if home is None or filters.province == home else replace(filters, province=home)


def shown_province(filters: Filters) -> str | None:
    """The province whose kabupaten/kota a page shows: the home province, else the one chosen;
    None for all of Indonesia."""
    return in_scope(filters).province


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
    return info.is_demo and info.generator not in (demo.GENERATOR, demo.NATIONAL_GENERATOR)
