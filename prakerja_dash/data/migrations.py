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


# The stories' `business` in English as of version 3 (a migration keeps its own copy: later code may change).
_BUSINESS_EN_V3 = {
    "Gerai donat": "Donut shop", "Sewa papan ucapan": "Greeting-board rental",
    "Kebun dan sangrai kopi": "Coffee garden and roastery", "Jasa rias pengantin": "Bridal make-up service",
    "Staf TI di toko bangunan": "IT staff at a hardware store", "Katering rumahan": "Home catering",
    "Staf administrasi": "Office clerk", "Pemandu wisata Kerinci": "Kerinci tour guide",
}


def _story_business_en(con: duckdb.DuckDBPyConnection) -> None:
    """Stories carry what the alumnus does now in English too; known stories get their text, any
    other keeps the Indonesian one until it is written."""
    con.execute("ALTER TABLE alumni_stories ADD COLUMN IF NOT EXISTS business_en VARCHAR")
    con.executemany("UPDATE alumni_stories SET business_en = ? WHERE business = ? AND business_en IS NULL",
                    [(english, indonesian) for indonesian, english in _BUSINESS_EN_V3.items()])
    con.execute("UPDATE alumni_stories SET business_en = business WHERE business_en IS NULL")


def _record_key_salt(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS record_key_salt (salt VARCHAR NOT NULL)")


MIGRATIONS = (
    Migration(1, "the schema as first released", _baseline),
    Migration(2, "dataset_info.generator: which demo generator made the data", _record_generator),
    Migration(3, "alumni_stories.business_en: stories in both languages", _story_business_en),
    Migration(4, "record_key_salt: the secret behind the record keys of the cell key method", _record_key_salt),
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
