"""Named queries: one question per `sql/*.sql` file, user values always bound as parameters."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from functools import cache, wraps
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


def _named(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """A query function runs the `sql/*.sql` file of its own name with the filter bound; an
    unknown name fails when this module is imported."""
    sql(function.__name__)
    signature = inspect.signature(function)

    @wraps(function)
    def run_filtered(con: duckdb.DuckDBPyConnection, filters: Filters, *args: object, **extra: object) -> pd.DataFrame:
        function(con, filters, *args, **extra)  # checks the arguments it takes
        arguments = signature.bind(con, filters, *args, **extra)
        arguments.apply_defaults()
        extra = {name: value for name, value in arguments.arguments.items() if name not in ("con", "filters")}
        return run(con, function.__name__, filters.sql_params() | extra)

    return run_filtered


@_named
def overview(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The Overview's counts in one scan: a `level` column marks the total row, the wave rows and
    the category rows; `totals`, `per_wave` and `per_category` split them."""


_LEVEL_KEYS = {"total": (), "wave": ("wave", "year"), "category": ("category_id", "label_id", "label_en")}


def _level(counts: pd.DataFrame, level: str) -> pd.DataFrame:
    rows = counts[counts["level"] == level]
    unused = [key for other, keys in _LEVEL_KEYS.items() if other != level for key in keys]
    if level != "total":
        unused.append("median_income_change")
    rows = rows.drop(columns=["level", *unused]).reset_index(drop=True)
    return rows.astype(dict.fromkeys(_LEVEL_KEYS["wave"], "int32")) if level == "wave" else rows


def totals(counts: pd.DataFrame) -> pd.DataFrame:
    """The one row of raw counts (and the median income change) behind the KPIs, from `overview`."""
    return _level(counts, "total")


def per_wave(counts: pd.DataFrame) -> pd.DataFrame:
    """Alumni and outcome counts per wave (with its year), in wave order, from `overview`."""
    return _level(counts, "wave")


def per_category(counts: pd.DataFrame) -> pd.DataFrame:
    """Alumni and outcome counts per training category, most alumni first, from `overview`."""
    return _level(counts, "category")


def kpi_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row of raw counts behind the KPIs (the total of `overview`)."""
    return totals(overview(con, filters))


def trend_by_wave(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni and outcome counts per wave (the wave rows of `overview`)."""
    return per_wave(overview(con, filters))


def alumni_by_category(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni and outcome counts per training category (the category rows of `overview`)."""
    return per_category(overview(con, filters))


@_named
def alumni_by_regency(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni per regency, all 11 listed."""


def regencies(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return run(con, "regencies")


def training_categories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return run(con, "training_categories")


GROUPINGS = ("province", "regency", "category", "wave", "year", "gender", "age_band", "education", "status", "scheme")


@_named
def outcomes_by(con: duckdb.DuckDBPyConnection, filters: Filters, by: str, then_by: str = "") -> pd.DataFrame:
    """Alumni, outcome counts and median income change per value of `by` (and `then_by`)."""
    if by not in GROUPINGS or then_by not in ("", "province", "regency", "category", "year", "gender"):
        raise ValueError(f"cannot group by {by!r} then {then_by!r}")


@_named
def status_flow(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Surveyed alumni by status at registration and at the survey."""


@_named
def income_distribution(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Surveyed alumni per Rp500,000 band of income, before and after."""


@_named
def business_size(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Businesses started, by number of employees."""


@_named
def training_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni by scheme, training mode and platform."""


@_named
def scheme_comparison(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The semi-bansos and normal schemes side by side."""


@_named
def stories(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Alumni stories in the selected regencies, categories and waves."""
