"""Opening the database, creating its schema, loading the reference tables and metadata,
bringing an older file up to date (migrations, derived tables and macros rebuilt from code)."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from prakerja_dash.audit import mask_niks
from prakerja_dash.data import contracts, migrations, reference
from prakerja_dash.domain.privacy import MEDIAN_STEP
from prakerja_dash.domain.programme import SCHEME_BENEFITS, YEAR_WAVES, scheme_of_wave
from prakerja_dash.domain.regions import kabupaten_kota_codes

_HERE = Path(__file__).resolve().parent
SCHEMA_SQL = (_HERE / "schema.sql").read_text(encoding="utf-8")
MART_SQL = (_HERE / "mart.sql").read_text(encoding="utf-8")
MACROS_SQL = (_HERE / "macros.sql").read_text(encoding="utf-8")
ALIAS = "prakerja"  # the name a read-only file is attached under
FILE_MODE, FOLDER_MODE = 0o600, 0o700
TABLES = (
    "regions",
    "training_categories",
    "trainings",
    "alumni",
    "business_outcomes",
    "alumni_stories",
)


class DatabaseMissing(FileNotFoundError):
    """The database file does not exist (yet)."""


class NeverFinished(ValueError):
    """The file has no dataset_info row: whatever built it stopped before the end."""


def connect(path: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; read-only opens of a missing file raise `DatabaseMissing`.

    A read-only open first brings an older file up to date (`upgrade`), then attaches the file
    to a new in-memory instance: DuckDB hands back the instance it already holds for a path,
    which after an import or restore would still be the replaced file. Use `cursor` for a
    connection per thread.
    """
    path = Path(path)
    if not read_only:
        return duckdb.connect(str(path))
    if not path.exists():
        raise DatabaseMissing(f"No database at {path}; run `python -m prakerja_dash build-demo`.")
    upgrade(path)
    return _attached(path)


def _attached(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)")
    con.execute(f"USE {ALIAS}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new connection to the same instance, for one thread, reading the attached file."""
    new = con.cursor()
    new.execute(f"USE {ALIAS}")
    return new


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """A new file at the latest schema version, with its reference tables."""
    con.execute(SCHEMA_SQL)
    migrations.record_all(con)
    load_reference_tables(con)


def load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Fill `regions` and `training_categories` from the committed CSVs."""
    reference.insert_regions(con)
    for row in reference.read_csv("training_categories.csv"):
        con.execute(
            "INSERT INTO training_categories VALUES (?, ?, ?, ?)",
            [row["category_id"], row["label_id"], row["label_en"], row["source"]],
        )


def derived_fingerprint() -> str:
    """Changes whenever the code that defines the derived tables, macros, scheme facts or data
    contracts does: a file built by other code is checked and rebuilt when it is opened."""
    facts = json.dumps([SCHEME_BENEFITS, YEAR_WAVES, MEDIAN_STEP, kabupaten_kota_codes()], sort_keys=True)
    rules = contracts.CONTRACTS_SQL.read_text(encoding="utf-8")
    return hashlib.sha256("\n".join((MART_SQL, MACROS_SQL, facts, rules)).encode()).hexdigest()[:16]


def _scheme_rows() -> list[tuple]:
    rows = []
    for scheme, (budget, incentive, survey) in SCHEME_BENEFITS.items():
        waves = [(year, span) for year, span in YEAR_WAVES.items() if scheme_of_wave(span[0]) == scheme]
        rows.append((scheme, waves[0][1][0], waves[-1][1][1], waves[0][0], waves[-1][0], budget, incentive, survey))
    return rows


def build_derived(con: duckdb.DuckDBPyConnection, salt: str | None = None) -> None:
    """(Re)build the derived tables and macros from code: `alumni_outcomes` (every dashboard
    query reads it or its summaries), `alumni_cube`, `income_change_steps`, `schemes`.

    The record keys come from the file's salt, made once (`salt`, else a random one) and
    kept, so the same person keeps the same key across rebuilds.

    The base tables are checked against the data contracts first (contracts.sql): a database
    that breaks one raises `contracts.ContractViolation` and gets no derived tables."""
    contracts.check(con)
    if not con.execute("SELECT count(*) FROM record_key_salt").fetchone()[0]:
        con.execute("INSERT INTO record_key_salt VALUES (?)", [salt or secrets.token_hex(16)])
    con.execute("SET VARIABLE median_step_rp = ?", [MEDIAN_STEP])
    _create_regency_type(con)
    con.execute(MART_SQL)
    con.executemany("INSERT INTO schemes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _scheme_rows())
    con.execute(MACROS_SQL)
    con.execute("CREATE OR REPLACE TABLE derived_info (fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)")
    con.execute("INSERT INTO derived_info VALUES (?, ?)",
                [derived_fingerprint(), datetime.now(UTC).replace(tzinfo=None)])




DERIVED_TABLES = ("alumni_cube_provinces", "income_change_steps_provinces", "alumni_cube_all_regions",
                  "income_change_steps_all_regions", "training_cells_all_regions", "income_band_cells_all_regions",
                  "business_cells_all_regions", "alumni_outcomes", "alumni_cube", "income_change_steps")


def _create_regency_type(con: duckdb.DuckDBPyConnection) -> None:
    """regency_t: every kabupaten/kota's Kemendagri code in code order, the order the filters'
    positions count in (domain/regions.py kabupaten_kota_codes). The derived tables that use the
    type go first: they are rebuilt next."""
    for table in DERIVED_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("DROP TYPE IF EXISTS regency_t")
    codes = ", ".join(f"'{code}'" for code in kabupaten_kota_codes())  # codes of the committed table, not input
    con.execute(f"CREATE TYPE regency_t AS ENUM ({codes})")


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a file is at the latest schema version with derived tables from this code."""
    if migrations.current_version(con) < migrations.LATEST:
        return False
    try:
        row = con.execute("SELECT fingerprint FROM derived_info").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == derived_fingerprint()


def private_folder(folder: Path) -> None:
    """The database's folder, readable by its owner only (0700); a shared folder such as /tmp
    (sticky bit) or another user's is left as it is."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    status = folder.stat()
    if not status.st_mode & stat.S_ISVTX and status.st_uid == os.getuid():
        os.chmod(folder, FOLDER_MODE)


@contextmanager
def write_lock(db_path: Path) -> Iterator[None]:
    """The one writer of a database's folder at a time (imports, restores, upgrades)."""
    folder = Path(db_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".import.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade(path: Path) -> bool:
    """Bring a file built by an older version up to date, keeping its data: apply the missing
    migrations and rebuild the derived tables on a copy, then swap the copy in with one rename
    (readers see the old file or the new one). Returns whether anything changed."""
    path = Path(os.path.realpath(path))  # a symbolic link keeps pointing at the upgraded file
    if _probe_current(path):
        return False
    with write_lock(path):
        if _probe_current(path):
            return False
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".upgrade-") as scratch:
            copy = Path(scratch) / path.name
            shutil.copyfile(path, copy)
            os.chmod(copy, FILE_MODE)
            con = duckdb.connect(str(copy))
            try:
                migrations.migrate(con)
                build_derived(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(copy, path)
    return True


def dataset_source(path: Path) -> str | None:
    """'demo' or 'import' as the file says, read without upgrading it; None if it cannot say."""
    try:
        con = _attached(Path(path))
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT source::VARCHAR FROM dataset_info").fetchone()
        return row[0] if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def _probe_current(path: Path) -> bool:
    con = _attached(path)
    try:
        return is_current(con)
    finally:
        con.close()


def write_dataset_info(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    version: int,
    seed: int | None = None,
    file_name: str | None = None,
    file_sha256: str | None = None,
    generator: str | None = None,
) -> None:
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    con.execute("DELETE FROM dataset_info")
    con.execute(
        "INSERT INTO dataset_info (source, version, created_at, seed, file_name, file_sha256, row_counts, generator)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [source, version, datetime.now(UTC).replace(tzinfo=None), seed, file_name, file_sha256, json.dumps(counts),
         generator],
    )


@dataclass(frozen=True)
class DatasetInfo:
    source: str
    version: int
    created_at: datetime
    seed: int | None
    file_name: str | None
    file_sha256: str | None
    row_counts: dict[str, int]
    generator: str | None = None

    @property
    def is_demo(self) -> bool:
        return self.source == "demo"


def read_dataset_info(con: duckdb.DuckDBPyConnection) -> DatasetInfo:
    row = con.execute(
        "SELECT source::VARCHAR, version, created_at, seed, file_name, file_sha256, row_counts, generator"
        " FROM dataset_info"
    ).fetchone()
    if row is None:
        raise NeverFinished("The database has no dataset_info row: it was not built completely.")
    source, version, created_at, seed, file_name, file_sha256, counts, generator = row
    if file_name:  # a file named by a NIK, loaded before imports masked it: only its last four digits
        file_name = mask_niks(file_name)
    return DatasetInfo(source, version, created_at, seed, file_name, file_sha256, json.loads(counts), generator)
