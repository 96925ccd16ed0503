"""What the Overview reports, defined once over the raw counts of the named queries."""

from __future__ import annotations

import pandas as pd

from prakerja_dash.domain.privacy import Measure, key_column, publish

# Each published measure, defined once: the value, its kind, and the alumni it is computed over.
ALUMNI = Measure("alumni", "count", "n_alumni")
WOMEN = Measure("pct_women", "share", "n_women", "n_alumni")
AGE_18_35 = Measure("pct_age_18_35", "share", "n_age_18_35", "n_alumni")
NOT_WORKING = Measure("pct_not_working", "share", "n_not_working", "n_alumni")
NOW_EMPLOYED = Measure("pct_now_employed", "share", "n_now_employed", "n_not_working_surveyed")
NOW_BUSINESS = Measure("pct_now_business", "share", "n_now_business", "n_not_working_surveyed")
MEDIAN_INCOME_CHANGE = Measure("median_income_change", "median", "median_income_change", "n_earning_after")
BUSINESSES_STARTED = Measure("businesses_started", "count", "n_businesses_started")
JOBS_CREATED = Measure("jobs_created", "sum", "jobs_created", "n_businesses_started")
ALUMNI_PER_1000 = Measure("alumni_per_1000", "per_1000", "n_alumni", "population")
SHARE_OF_ALUMNI = Measure("share", "share", "n_alumni", "n_total")

KPIS = (ALUMNI, WOMEN, AGE_18_35, NOT_WORKING, NOW_EMPLOYED, NOW_BUSINESS, MEDIAN_INCOME_CHANGE,
        BUSINESSES_STARTED, JOBS_CREATED)
OUTCOMES = (ALUMNI, NOW_EMPLOYED, NOW_BUSINESS)
REGENCY_MEASURES = (ALUMNI, ALUMNI_PER_1000, NOW_EMPLOYED, NOW_BUSINESS, MEDIAN_INCOME_CHANGE)

_OUTCOME_COUNTS = ["n_alumni", "n_not_working_surveyed", "n_now_employed", "n_now_business"]
_OUTCOME_KEYS = [key_column(c) for c in _OUTCOME_COUNTS]  # cell keys add up like the counts


def kpis(counts: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """One published row of the Overview KPIs."""
    return publish(counts, KPIS, k)


def trend(by_wave: pd.DataFrame, period: str, k: int | None = None) -> pd.DataFrame:
    """Published outcomes per `period` ('wave' or 'year') from the per-wave counts."""
    if period not in ("wave", "year"):
        raise ValueError(f"period must be 'wave' or 'year', got {period!r}")
    summed = [c for c in _OUTCOME_COUNTS + _OUTCOME_KEYS if c in by_wave.columns]
    grouped = by_wave.groupby(period, as_index=False)[summed].sum()
    return publish(grouped, OUTCOMES, k, keep=[period])


def categories(by_category: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published outcomes per training category, largest first."""
    return publish(by_category, OUTCOMES, k, keep=["category_id", "label_id", "label_en"])


def regencies(by_regency: pd.DataFrame, regency_table: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published measures per regency from `outcomes_by(..., "regency")`, all 11 rows (none matching
    is zero), in BPS code order; `regency_table` gives names and populations."""
    counts = [c for c in by_regency.columns if c.startswith(("n_", "ck_")) or c == "jobs_created"]
    merged = regency_table[["regency_code", "name", "population"]].merge(
        by_regency.rename(columns={"group_key": "regency_code"}), on="regency_code", how="left")
    merged[counts] = merged[counts].fillna(0)
    return publish(merged.sort_values("regency_code"), REGENCY_MEASURES, k, keep=["regency_code", "name"])


GROUP_MEASURES = (ALUMNI, WOMEN, NOT_WORKING, NOW_EMPLOYED, NOW_BUSINESS, MEDIAN_INCOME_CHANGE, BUSINESSES_STARTED,
                  JOBS_CREATED)
RANKED = ("alumni", "pct_now_employed", "pct_now_business", "median_income_change", "jobs_created")


def groups(by_group: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published outcomes per group of `queries.outcomes_by`."""
    return publish(by_group, GROUP_MEASURES, k, keep=["group_key", "group_key_2"])


def ranks(published: pd.DataFrame) -> pd.DataFrame:
    """Rank of each group on each ranked measure (1 = highest); suppressed values get no rank."""
    out = published[["group_key"]].copy()
    for key in RANKED:
        out[f"{key}_rank"] = published[key].rank(ascending=False, method="min").astype("Int64")
    return out


def flow(by_status: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published status-before -> status-after counts."""
    return publish(by_status, (Measure("alumni", "count", "n_alumni"),), k, keep=["status_before", "status_after"])


def income_bands(bands: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    measures = (Measure("before", "count", "n_before"), Measure("after", "count", "n_after"))
    return publish(bands, measures, k, keep=["band"])


def business_sizes(sizes: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Published businesses and jobs per size band. When one band alone is hidden, the smallest
    shown band is hidden with it (complementary suppression): the businesses KPI, a cell of its
    own, minus the other bands would otherwise come close to the hidden one."""
    measures = (Measure("businesses", "count", "n_businesses"),
                Measure("jobs_created", "sum", "jobs_created", "n_businesses"))
    published = publish(sizes, measures, k, keep=["employees_band"])
    hidden = published["businesses_suppressed"]
    shown = published.loc[~hidden & published["businesses"].gt(0), "businesses"]
    if hidden.sum() == 1 and len(shown):
        partner = shown.idxmin()
        for measure in ("businesses", "jobs_created"):
            published.loc[partner, [measure, f"{measure}_n"]] = float("nan")
            published.loc[partner, f"{measure}_suppressed"] = True
    return published


def platform_mix(mix: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Share of alumni per platform (all schemes), largest first."""
    per_platform = mix.groupby("platform", as_index=False)[["n_alumni", "ck_alumni"]].sum()
    per_platform["n_total"], per_platform["ck_total"] = per_platform["n_alumni"].sum(), per_platform["ck_alumni"].sum()
    published = publish(per_platform, (SHARE_OF_ALUMNI, ALUMNI), k, keep=["platform"])
    return published.sort_values("alumni", ascending=False, na_position="last")


def mode_mix(mix: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    per_mode = mix.groupby("mode", as_index=False)[["n_alumni", "ck_alumni"]].sum()
    per_mode["n_total"], per_mode["ck_total"] = per_mode["n_alumni"].sum(), per_mode["ck_alumni"].sum()
    return publish(per_mode, (SHARE_OF_ALUMNI, ALUMNI), k, keep=["mode"])


SCHEME_MEASURES = (ALUMNI, Measure("pct_completed", "share", "n_completed", "n_alumni"), NOW_EMPLOYED, NOW_BUSINESS,
                   Measure("total_paid", "sum", "total_paid_rp", "n_alumni"))


def schemes(comparison: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """The schemes side by side; benefit amounts are programme rules, not personal data."""
    keep = ["scheme", "first_wave", "last_wave", "training_budget_rp", "incentive_rp", "survey_incentive_rp"]
    return publish(comparison, SCHEME_MEASURES, k, keep=keep)


def kpi_rows(published: pd.DataFrame) -> pd.DataFrame:
    """The one published row of `kpis` as one row per measure: `measure`, its `kind`, `value` (NA
    when hidden), `n` (the alumni behind it, NA when that count is itself small) and `hidden`."""
    row = published.iloc[0]
    return pd.DataFrame({
        "measure": [m.key for m in KPIS],
        "kind": [m.kind for m in KPIS],
        "value": pd.array([row[m.key] for m in KPIS], dtype="Float64"),
        "n": pd.array([row[f"{m.key}_n"] for m in KPIS], dtype="Float64"),
        "hidden": [bool(row[f"{m.key}_suppressed"]) for m in KPIS],
    })
