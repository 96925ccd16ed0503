"""Named queries: one question per `sql/*.sql` file, user values always bound as parameters."""

from __future__ import annotations

import re
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


@cache
def parameter_names(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$(\w+)", sql(name)))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    """Run a named query with the parameters it names (DuckDB refuses unused ones)."""
    wanted = parameter_names(name)
    given = params or {}
    missing = wanted - given.keys()
    if missing:
        raise KeyError(f"{name}.sql needs parameters {sorted(missing)}")
    return con.execute(sql(name), {key: given[key] for key in wanted}).df()


def _filtered(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **extra: object) -> pd.DataFrame:
    return run(con, name, filters.sql_params() | extra)


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


GROUPINGS = ("regency", "category", "wave", "year", "gender", "age_band", "education", "status")


def outcomes_by(con: duckdb.DuckDBPyConnection, filters: Filters, by: str, then_by: str = "") -> pd.DataFrame:
    """Alumni, outcome counts and median income change per value of `by` (and `then_by`)."""
    if by not in GROUPINGS or then_by not in ("", "regency", "category", "year", "gender"):
        raise ValueError(f"cannot group by {by!r} then {then_by!r}")
    return _filtered(con, "outcomes_by", filters, by=by, then_by=then_by)


def status_flow(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Surveyed alumni by status at registration and at the survey."""
    return _filtered(con, "status_flow", filters)


def income_distribution(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Surveyed alumni per Rp500,000 band of income, before and after."""
    return _filtered(con, "income_distribution", filters)


def business_size(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Businesses started, by number of employees."""
    return _filtered(con, "business_size", filters)


def training_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni by scheme, training mode and platform."""
    return _filtered(con, "training_mix", filters)


def scheme_comparison(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The semi-bansos and normal schemes side by side."""
    return _filtered(con, "scheme_comparison", filters)


def stories(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni stories in the selected regencies, categories and waves."""
    return _filtered(con, "stories", filters)
