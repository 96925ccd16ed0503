"""Schema versions: ordered migrations applied on open, to demo and imported databases alike.

A file records the migrations applied to it in `schema_version`; a file without that table was
built before versions existed and is at version 1. New files are created at the latest version
by schema.sql. A migration changes base tables only and keeps their data; the derived tables
and macros are then rebuilt from code (db.build_derived).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _baseline(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 is the schema as first released; there is nothing to change."""


def _record_generator(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE dataset_info ADD COLUMN IF NOT EXISTS generator VARCHAR")


MIGRATIONS = (
    Migration(1, "the schema as first released", _baseline),
    Migration(2, "dataset_info.generator: which demo generator made the data", _record_generator),
)
LATEST = MIGRATIONS[-1].version

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL
)"""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The file's schema version (1 for a file from before versions were recorded)."""
    has_table = con.execute(
        "SELECT count(*) FROM duckdb_tables()"
        " WHERE table_name = 'schema_version' AND database_name = current_database()"
    ).fetchone()[0]
    if not has_table:
        return 1
    return con.execute("SELECT coalesce(max(version), 1) FROM schema_version").fetchone()[0]


def record(con: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                [migration.version, migration.description, datetime.now(UTC).replace(tzinfo=None)])


def record_all(con: duckdb.DuckDBPyConnection) -> None:
    """A new file, created by schema.sql, is at the latest version."""
    for migration in MIGRATIONS:
        record(con, migration)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations the file lacks, in order, in one transaction; returns their versions."""
    start = current_version(con)
    pending = [m for m in MIGRATIONS if m.version > start]
    if not pending and start >= LATEST:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_VERSION_TABLE)
        if not con.execute("SELECT count(*) FROM schema_version").fetchone()[0]:
            for migration in MIGRATIONS:
                if migration.version <= start:
                    record(con, migration)
        for migration in pending:
            migration.apply(con)
            record(con, migration)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return [m.version for m in pending]
