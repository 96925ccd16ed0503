"""Named queries: one question per `sql/*.sql` file, user values always bound as parameters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from prakerja_dash.domain.filters import Filters

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str) -> str:
    """The text of the named query `sql/<name>.sql`."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"No named query {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(path.stem for path in SQL_DIR.glob("*.sql"))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    return con.execute(sql(name), params or {}).df()


def _filtered(con: duckdb.DuckDBPyConnection, name: str, filters: Filters) -> pd.DataFrame:
    return run(con, name, filters.sql_params())


def kpi_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row of raw counts behind the Overview KPIs."""
    return _filtered(con, "kpi_counts", filters)


def trend_by_wave(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni and outcome counts per wave."""
    return _filtered(con, "trend_by_wave", filters)


def alumni_by_category(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni and outcome counts per training category."""
    return _filtered(con, "alumni_by_category", filters)


def alumni_by_regency(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni per regency, all 11 listed."""
    return _filtered(con, "alumni_by_regency", filters)


def regencies(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return run(con, "regencies")


def training_categories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return run(con, "training_categories")


def outcomes_by_regency(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni, outcome counts and median income change per regency, all 11 listed."""
    return _filtered(con, "outcomes_by_regency", filters)
