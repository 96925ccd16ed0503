"""Each named query equals an independent pandas computation over the base tables."""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import FilterError, Filters
from prakerja_dash.domain.vocabulary import (
    AGE_BANDS,
    CATEGORIES,
    EDUCATION,
    GENDERS,
    WORK_STATUSES,
)
from tests.conftest import JAMBI_CODES, REPO
from tests.strategies import EDGE_FILTERS, K_MINUS_ONE, NOBODY, K
from tests.strategies import EXACTLY_K as K_ALUMNI
from tests.strategies import filters as any_filters

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def age_band(ages: pd.Series) -> pd.Series:
    return pd.cut(ages, [0, 25, 35, 45, 55, 200], labels=["18-25", "26-35", "36-45", "46-55", "56+"]).astype(str)


def select(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    mask = frame["wave"].between(*f.waves) & frame["year"].between(*f.years)
    if f.regencies:
        mask &= frame["regency_code"].isin(f.regencies)
    if f.gender:
        mask &= frame["gender"] == f.gender
    if f.age_bands:
        mask &= age_band(frame["age"]).isin(f.age_bands)
    if f.education:
        mask &= frame["education"].isin(f.education)
    if f.categories:
        mask &= frame["category_id"].isin(f.categories)
    if f.statuses:
        mask &= frame["status_before"].isin(f.statuses)
    return frame[mask]


def median_in_steps(changes: pd.Series) -> float:
    """The published median's definition: every change rounded to the nearest Rp 50.000
    (halves upwards), then the ordinary median; NaN when there is none."""
    return float((np.floor(changes.astype("float64") / 50_000 + 0.5) * 50_000).median())


def expected_counts(rows: pd.DataFrame) -> dict[str, float]:
    idle = rows["status_before"] == "tidak_bekerja"
    earning = rows["surveyed"] & (rows["income_after_rp"] > 0)
    change = (rows["income_after_rp"] - rows["income_before_rp"])[earning]
    return {
        "n_alumni": len(rows),
        "n_women": int((rows["gender"] == "P").sum()),
        "n_age_18_35": int(rows["age"].between(18, 35).sum()),
        "n_not_working": int(idle.sum()),
        "n_not_working_surveyed": int((idle & rows["surveyed"]).sum()),
        "n_now_employed": int((idle & (rows["status_after"] == "pekerja")).sum()),
        "n_now_business": int((idle & (rows["status_after"] == "wirausaha")).sum()),
        "n_earning_after": int(earning.sum()),
        "median_income_change": median_in_steps(change),
        "n_businesses_started": int(rows["started_business"].eq(True).sum()),
        "jobs_created": int(rows.loc[rows["started_business"].eq(True), "employees"].sum()),
    }


@SETTINGS
@given(f=any_filters)
@example(f=Filters())
@example(f=Filters(regencies=("15.71", "15.05"), gender="P", waves=(10, 60)))
@example(f=Filters(categories=("makanan",), statuses=("tidak_bekerja",), age_bands=("18-25", "56+")))
@example(f=NOBODY)
@example(f=K_MINUS_ONE)
@example(f=K_ALUMNI)
def test_kpi_counts_equal_pandas(con, base_frames, f):
    row = queries.kpi_counts(con, f).iloc[0].to_dict()
    got = {key: value for key, value in row.items() if not key.startswith("ck_")}  # cell keys: test_disclosure
    expected = expected_counts(select(base_frames, f))
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if np.isnan(value):
            assert pd.isna(got[key]), key
        else:
            assert got[key] == value, key


def test_edge_filters_select_what_they_promise(con, base_frames):
    """tests/strategies.py's edge cases on the fixture database: nobody, K-1 and K alumni."""
    for f, n in EDGE_FILTERS.items():
        assert len(select(base_frames, f)) == n, f
        assert queries.kpi_counts(con, f).iloc[0]["n_alumni"] == n, f
    assert pd.isna(metrics.kpis(queries.kpi_counts(con, K_MINUS_ONE), K).iloc[0]["alumni"])
    assert metrics.kpis(queries.kpi_counts(con, K_ALUMNI), K).iloc[0]["alumni"] == K
    assert metrics.kpis(queries.kpi_counts(con, NOBODY), K).iloc[0]["alumni"] == 0


def test_kpi_counts_unfiltered_cover_every_alumnus(con, base_frames):
    got = queries.kpi_counts(con, Filters()).iloc[0]
    assert got["n_alumni"] == len(base_frames) == 20_000


def assert_counts_per_group(got: pd.DataFrame, rows: pd.DataFrame, column: str) -> None:
    """Every count of every group equals expected_counts over that group's rows (no median: the
    Overview publishes it for the total only)."""
    groups = {key: expected_counts(group) for key, group in rows.groupby(column, observed=True)}
    assert sorted(got.index) == sorted(groups)
    for key, expected in groups.items():
        for measure, value in expected.items():
            if measure != "median_income_change":
                assert got.loc[key, measure] == value, (key, measure)


@SETTINGS
@given(f=any_filters)
def test_trend_by_wave_equals_pandas(con, base_frames, f):
    got = queries.trend_by_wave(con, f).set_index("wave")
    rows = select(base_frames, f)
    assert_counts_per_group(got, rows, "wave")
    assert got.index.is_monotonic_increasing
    assert (got["year"] == rows.groupby("wave")["year"].first()).all()


@SETTINGS
@given(f=any_filters)
def test_alumni_by_category_equals_pandas(con, base_frames, f):
    got = queries.alumni_by_category(con, f).set_index("category_id")
    assert_counts_per_group(got, select(base_frames, f), "category_id")
    assert got["n_alumni"].is_monotonic_decreasing


def test_the_overview_is_one_total_then_the_waves_then_the_categories(con, base_frames):
    f = Filters(regencies=("15.71",), waves=(10, 30))
    counts = queries.overview(con, f)
    rows = select(base_frames, f)
    levels = counts["level"].tolist()
    assert levels == ["total"] + ["wave"] * rows["wave"].nunique() + ["category"] * rows["category_id"].nunique()
    assert queries.totals(counts).iloc[0]["n_alumni"] == len(rows)
    assert counts.loc[counts["level"] != "total", "median_income_change"].isna().all()
    nobody = queries.overview(con, NOBODY)
    assert nobody["level"].tolist() == ["total"] and queries.totals(nobody).iloc[0]["n_alumni"] == 0
    assert queries.per_wave(nobody).empty and queries.per_category(nobody).empty


@SETTINGS
@given(f=any_filters)
def test_alumni_by_regency_lists_all_eleven(con, base_frames, f):
    got = queries.alumni_by_regency(con, f)
    expected = select(base_frames, f)["regency_code"].value_counts()
    assert len(got) == 11
    for code, n in zip(got["regency_code"], got["n_alumni"], strict=False):
        assert n == expected.get(code, 0)


def test_every_named_query_binds_values_and_ends_in_final():
    for name in queries.query_names():
        text = queries.sql(name)
        assert "{" not in text and "%s" not in text, f"{name}.sql looks formatted, not bound"
        assert re.search(r"final AS \(", text) and re.search(r"SELECT \* FROM final", text), name


def test_filter_parameters_match_the_macro():
    for name in ("overview", "alumni_by_regency", "outcomes_by", "status_flow"):
        text = queries.sql(name)
        for parameter in Filters().sql_params():
            assert f"${parameter}" in text, (name, parameter)


def test_enum_order_is_the_order_of_the_filters_positions(con):
    """The filters count positions in vocabulary order; the schema's ENUMs must agree. regency_t holds
    every kabupaten/kota of the committed regions table, in code order."""
    with open(REPO / "data" / "regions.csv", encoding="utf-8") as table:
        units = tuple(sorted(row["kemendagri_code"] for row in csv.DictReader(table)
                             if row["level"] == "kabupaten_kota"))
    assert len(units) == 514
    for type_name, vocabulary in [
        ("regency_t", units), ("category_t", CATEGORIES), ("gender_t", GENDERS),
        ("age_band_t", AGE_BANDS), ("education_t", EDUCATION), ("work_status_t", WORK_STATUSES),
    ]:
        assert tuple(con.execute(f"SELECT enum_range(NULL::{type_name})").fetchone()[0]) == vocabulary


def test_reference_csvs_match_the_vocabulary(con):
    # Jambi's 11 carry the details of data/regencies.csv (capital, area, population); no other unit has them yet.
    codes = con.execute("SELECT kemendagri_code FROM regions WHERE population IS NOT NULL ORDER BY 1").fetchall()
    assert tuple(code for (code,) in codes) == JAMBI_CODES
    categories = {c for (c,) in con.execute("SELECT category_id FROM training_categories").fetchall()}
    assert categories == set(CATEGORIES)


def test_median_from_the_histogram_handles_even_and_odd_counts(con):
    """Compare with DuckDB's own median() over the base tables (changes rounded to the nearest
    Rp 50.000, halves upwards), for selections of every size parity."""
    direct_sql = """
        SELECT median(floor((o.income_after_rp - o.income_before_rp) / 50000.0 + 0.5) * 50000), count(*)
        FROM alumni AS a JOIN business_outcomes AS o USING (alumni_id)
        WHERE o.income_after_rp > 0 AND a.wave BETWEEN ? AND ? AND (? IS NULL OR a.regency_code = ?)
            AND (? IS NULL OR a.gender::VARCHAR = ?)
    """
    parities = set()
    for f, regency, gender in [(Filters(), None, None), (Filters(regencies=("15.72",), waves=(30, 30)), "15.72", None),
                               (Filters(gender="L", waves=(5, 9)), None, "L"),
                               (Filters(regencies=("15.01",), waves=(40, 44)), "15.01", None),
                               # single waves: sizes of both parities whatever the demo draws
                               *[(Filters(waves=(w, w)), None, None) for w in range(1, 9)]]:
        median, n = con.execute(direct_sql, [*f.waves, regency, regency, gender, gender]).fetchone()
        parities.add(n % 2)
        got = queries.kpi_counts(con, f).iloc[0]
        assert got["n_earning_after"] == n
        assert got["median_income_change"] == median or (pd.isna(got["median_income_change"]) and median is None)
    assert parities == {0, 1}


class RecordingConnection:
    """A DuckDB connection that records the SQL text and the values bound to it."""

    def __init__(self, con):
        self.con, self.calls = con, []

    def execute(self, text, parameters=None):
        self.calls.append((text, parameters))
        return self.con.execute(text, parameters)

    def __getattr__(self, name):
        return getattr(self.con, name)


def bound_values(value) -> list:
    """Every scalar in the bound parameters (a filter may be bound as one STRUCT)."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in bound_values(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in bound_values(item)]
    return [value]


FILTERED_QUERIES = ("overview", "alumni_by_regency", "status_flow",
                    "income_distribution", "business_size", "training_mix", "scheme_comparison", "stories")


def test_hostile_text_never_reaches_sql(con):
    hostile = "15.71'); DROP TABLE alumni; --"
    with pytest.raises(FilterError):
        Filters.from_query({"regency": hostile})
    lenient, problems = Filters.from_query_lenient({"regency": hostile, "gender": "P"})
    assert lenient == Filters(gender="P") and problems[0].parameter == "regency"
    with pytest.raises(ValueError):
        queries.outcomes_by(con, Filters(), hostile)
    # Every restriction at once: the text sent is the named query's file, word for word, and the
    # values bound to it are numbers (ranges, bit masks), NULL, or a grouping name from the list.
    recording = RecordingConnection(con)
    f = Filters(regencies=("15.71", "15.05"), waves=(10, 60), years=(2021, 2023), gender="P", age_bands=("18-25",),
                education=("sma", "sarjana"), categories=("makanan", "ti"), statuses=("tidak_bekerja",))
    for name in FILTERED_QUERIES:
        getattr(queries, name)(recording, f)
    queries.outcomes_by(recording, f, "regency", "gender")
    assert len(recording.calls) == len(FILTERED_QUERIES) + 1
    files = {queries.sql(name) for name in queries.query_names()}
    allowed_text = set(queries.GROUPINGS) | {""}
    for text, parameters in recording.calls:
        assert text in files
        values = bound_values(parameters)
        assert values
        for value in values:
            assert value is None or (isinstance(value, int) and not isinstance(value, bool)) or value in allowed_text, (
                value)
    assert con.execute("SELECT count(*) FROM alumni").fetchone()[0] == 20_000
