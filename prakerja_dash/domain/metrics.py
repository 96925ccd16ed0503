"""What the Overview reports, defined once over the raw counts of the named queries."""

from __future__ import annotations

import pandas as pd

from prakerja_dash.domain.privacy import Measure, publish

KPIS = (
    Measure("alumni", "count", "n_alumni"),
    Measure("pct_women", "share", "n_women", "n_alumni"),
    Measure("pct_age_18_35", "share", "n_age_18_35", "n_alumni"),
    Measure("pct_not_working", "share", "n_not_working", "n_alumni"),
    Measure("pct_now_employed", "share", "n_now_employed", "n_not_working_surveyed"),
    Measure("pct_now_business", "share", "n_now_business", "n_not_working_surveyed"),
    Measure("median_income_change", "median", "median_income_change", "n_earning_after"),
    Measure("businesses_started", "count", "n_businesses_started"),
    Measure("jobs_created", "sum", "jobs_created", "n_businesses_started"),
)

OUTCOMES = (
    Measure("alumni", "count", "n_alumni"),
    Measure("pct_now_employed", "share", "n_now_employed", "n_not_working_surveyed"),
    Measure("pct_now_business", "share", "n_now_business", "n_not_working_surveyed"),
)

REGENCY_MEASURES = (
    Measure("alumni", "count", "n_alumni"),
    Measure("alumni_per_1000", "per_1000", "n_alumni", "population"),
    Measure("pct_now_employed", "share", "n_now_employed", "n_not_working_surveyed"),
    Measure("pct_now_business", "share", "n_now_business", "n_not_working_surveyed"),
    Measure("median_income_change", "median", "median_income_change", "n_earning_after"),
)

_OUTCOME_COUNTS = ["n_alumni", "n_not_working_surveyed", "n_now_employed", "n_now_business"]


def kpis(counts: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """One published row of the Overview KPIs."""
    return publish(counts, KPIS, k)


def trend(by_wave: pd.DataFrame, period: str, k: int | None = None) -> pd.DataFrame:
    """Published outcomes per `period` ('wave' or 'year') from the per-wave counts."""
    if period not in ("wave", "year"):
        raise ValueError(f"period must be 'wave' or 'year', got {period!r}")
    grouped = by_wave.groupby(period, as_index=False)[_OUTCOME_COUNTS].sum()
    return publish(grouped, OUTCOMES, k, keep=[period])


def categories(by_category: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published outcomes per training category, largest first."""
    return publish(by_category, OUTCOMES, k, keep=["category_id", "label_id", "label_en"])


def regencies(by_regency: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published measures per regency, all 11 rows, in BPS code order."""
    return publish(by_regency, REGENCY_MEASURES, k, keep=["regency_code", "name"])
