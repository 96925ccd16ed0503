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

from prakerja_dash.data.reference import insert_regions


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


# Jambi's kabupaten/kota, BPS code -> Kemendagri code, as version 5 found them (a migration keeps its own
# copy). The four that the two systems number differently are 1506-1509.
_JAMBI_BPS_TO_KEMENDAGRI_V5 = {
    "1501": "15.01", "1502": "15.02", "1503": "15.03", "1504": "15.04", "1505": "15.05",
    "1506": "15.07", "1507": "15.06", "1508": "15.09", "1509": "15.08", "1571": "15.71", "1572": "15.72",
}
_REGIONS_V5 = """
CREATE TABLE regions (
    kemendagri_code VARCHAR PRIMARY KEY, bps_code VARCHAR,
    level VARCHAR NOT NULL CHECK (level IN ('provinsi', 'kabupaten_kota')),
    kind VARCHAR NOT NULL CHECK (kind IN ('Provinsi', 'Kabupaten', 'Kota')),
    name VARCHAR NOT NULL, short_name VARCHAR NOT NULL, province_code VARCHAR NOT NULL, aliases VARCHAR[] NOT NULL,
    capital VARCHAR, area_km2 DOUBLE, population INTEGER, population_year SMALLINT, population_source VARCHAR
)"""


def _regions(con: duckdb.DuckDBPyConnection) -> None:
    """All of Indonesia: `regions` (Kemendagri codes) replaces Jambi's `regencies` (BPS codes), and
    the alumni and stories' regency codes become Kemendagri codes."""
    con.execute(_REGIONS_V5)
    insert_regions(con)
    con.execute("CREATE TEMP TABLE crosswalk_v5 (bps VARCHAR PRIMARY KEY, kemendagri VARCHAR NOT NULL)")
    con.executemany("INSERT INTO crosswalk_v5 VALUES (?, ?)", list(_JAMBI_BPS_TO_KEMENDAGRI_V5.items()))
    con.execute("UPDATE alumni SET regency_code = c.kemendagri FROM crosswalk_v5 AS c"
                " WHERE alumni.regency_code = c.bps")
    # A table whose foreign key names `regencies` is made again: DuckDB cannot change a constraint.
    con.execute("CREATE TEMP TABLE stories_v4 AS SELECT * FROM alumni_stories")
    con.execute("DROP TABLE alumni_stories")
    con.execute("DROP TABLE regencies")
    con.execute("""
        CREATE TABLE alumni_stories (
            story_id INTEGER PRIMARY KEY, display_name VARCHAR NOT NULL,
            regency_code VARCHAR NOT NULL REFERENCES regions (kemendagri_code), wave UTINYINT NOT NULL,
            category_id VARCHAR NOT NULL REFERENCES training_categories (category_id), training VARCHAR NOT NULL,
            business VARCHAR NOT NULL, has_staff BOOLEAN NOT NULL, summary_id VARCHAR NOT NULL,
            summary_en VARCHAR NOT NULL, is_real BOOLEAN NOT NULL, source VARCHAR, business_en VARCHAR
        )""")
    con.execute("""
        INSERT INTO alumni_stories
        SELECT s.story_id, s.display_name, coalesce(c.kemendagri, s.regency_code), s.wave, s.category_id, s.training,
               s.business, s.has_staff, s.summary_id, s.summary_en, s.is_real, s.source, s.business_en
        FROM stories_v4 AS s
        LEFT JOIN crosswalk_v5 AS c ON c.bps = s.regency_code""")
    con.execute("DROP TABLE stories_v4")
    con.execute("DROP TABLE crosswalk_v5")


MIGRATIONS = (
    Migration(1, "the schema as first released", _baseline),
    Migration(2, "dataset_info.generator: which demo generator made the data", _record_generator),
    Migration(3, "alumni_stories.business_en: stories in both languages", _story_business_en),
    Migration(4, "record_key_salt: the secret behind the record keys of the cell key method", _record_key_salt),
    Migration(5, "regions: all of Indonesia by Kemendagri code; alumni and stories keep Kemendagri codes", _regions),
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
