"""Opening the database, creating its schema, loading the reference tables and metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from prakerja_dash.data import reference

_HERE = Path(__file__).resolve().parent
SCHEMA_SQL = (_HERE / "schema.sql").read_text(encoding="utf-8")
MART_SQL = (_HERE / "mart.sql").read_text(encoding="utf-8")
POPULATION_SOURCE = "Dukcapil Kemendagri, Semester II Desember 2024"
TABLES = (
    "regencies",
    "training_categories",
    "trainings",
    "alumni",
    "business_outcomes",
    "alumni_stories",
)


class DatabaseMissing(FileNotFoundError):
    """The database file does not exist (yet)."""


def connect(path: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; read-only opens of a missing file raise `DatabaseMissing`."""
    if read_only and not Path(path).exists():
        raise DatabaseMissing(f"No database at {path}; run `python -m prakerja_dash build-demo`.")
    return duckdb.connect(str(path), read_only=read_only)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL)
    load_reference_tables(con)


def load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Fill `regencies` and `training_categories` from the committed CSVs."""
    for row in reference.read_csv("regencies.csv"):
        con.execute(
            "INSERT INTO regencies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row["bps_code"],
                row["kemendagri_code"],
                row["name"],
                row["short_name"],
                row["kind"],
                row["capital"],
                float(row["area_km2"]),
                int(row["population"]),
                int(row["population_year"]),
                POPULATION_SOURCE,
                row["aliases"].split("|"),
            ],
        )
    for row in reference.read_csv("training_categories.csv"):
        con.execute(
            "INSERT INTO training_categories VALUES (?, ?, ?, ?)",
            [row["category_id"], row["label_id"], row["label_en"], row["source"]],
        )


def build_mart(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build `alumni_outcomes`, the denormalised table every dashboard query reads."""
    con.execute(MART_SQL)


def write_dataset_info(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    version: int,
    seed: int | None = None,
    file_name: str | None = None,
    file_sha256: str | None = None,
) -> None:
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    con.execute("DELETE FROM dataset_info")
    con.execute(
        "INSERT INTO dataset_info VALUES (?, ?, ?, ?, ?, ?, ?)",
        [source, version, datetime.now(UTC).replace(tzinfo=None), seed, file_name, file_sha256, json.dumps(counts)],
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

    @property
    def is_demo(self) -> bool:
        return self.source == "demo"


def read_dataset_info(con: duckdb.DuckDBPyConnection) -> DatasetInfo:
    row = con.execute(
        "SELECT source::VARCHAR, version, created_at, seed, file_name, file_sha256, row_counts FROM dataset_info"
    ).fetchone()
    if row is None:
        raise ValueError("The database has no dataset_info row: it was not built completely.")
    source, version, created_at, seed, file_name, file_sha256, counts = row
    return DatasetInfo(source, version, created_at, seed, file_name, file_sha256, json.loads(counts))


def is_outdated_demo(path: Path) -> bool:
    """A demo database built by an older version of this code, which the current queries cannot read.

    Demo data can simply be rebuilt; imported data is never touched this way.
    """
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        source = con.execute("SELECT source::VARCHAR FROM dataset_info").fetchone()
        if not source or source[0] != "demo":
            return False
        read_dataset_info(con)
        con.execute(
            "SELECT count(*) FROM filtered('income_changes', NULL, 1, 71, 2020, 2024, NULL, NULL, NULL, NULL, NULL)"
        ).fetchone()
        con.execute("SELECT n_after_business FROM alumni_cube LIMIT 1").fetchall()
        con.execute("SELECT group_value('year', NULL, NULL, NULL, 2020, NULL, NULL, NULL, NULL)").fetchall()
        return False
    except duckdb.Error:
        return True
    finally:
        con.close()
