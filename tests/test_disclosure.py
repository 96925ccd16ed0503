"""Disclosure control that survives differencing and linkage: the six routes by which exact
small counts came back, run on the fixture database through the functions the pages and
exports use, with how often each still recovers a hidden count exactly.

The attacker sees only published figures (domain/metrics on data/queries) and downloads; the
test knows the truth (the raw counts of the same queries) to score the attack.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics, privacy
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.vocabulary import CATEGORIES, EDUCATION, REGENCY_CODES
from prakerja_dash.export import content

K = 10
WELL_UNDER_HALF = 0.35  # a single difference of two adjusted counts is exact about 1 time in 5


def published_alumni(con, f: Filters) -> float:
    return metrics.kpis(queries.kpi_counts(con, f), K)["alumni"].iloc[0]


def true_alumni(con, f: Filters) -> int:
    return int(queries.kpi_counts(con, f)["n_alumni"].iloc[0])


def rate(hits: list[bool]) -> float:
    assert len(hits) >= 20, f"too few attempts to score the route: {len(hits)}"
    print(f"exact recoveries: {sum(hits)} of {len(hits)}")
    return sum(hits) / len(hits)


# --- route 1: all-but-one value -------------------------------------------------------
WINDOWS = [(first, first + 9) for first in range(1, 62, 10)]
NARROW_WINDOWS = [(first, first + 4) for first in range(1, 67, 5)]
SPLITS = {"education": EDUCATION, "age_bands": ("18-25", "26-35", "36-45", "46-55", "56+"),
          "statuses": ("tidak_bekerja", "pekerja", "wirausaha")}


def test_all_but_one_value_rarely_gives_the_hidden_count(con):
    hits = []
    for regency, window, (field, values) in itertools.product(REGENCY_CODES, WINDOWS, SPLITS.items()):
        base = Filters(regencies=(regency,), waves=window)
        whole = published_alumni(con, base)
        for value in values:
            truth = true_alumni(con, replace(base, **{field: (value,)}))
            if not 0 < truth < K:
                continue
            rest = published_alumni(con, replace(base, **{field: tuple(v for v in values if v != value)}))
            if pd.notna(whole) and pd.notna(rest):
                hits.append(whole - rest == truth)
    assert rate(hits) < WELL_UNDER_HALF


# --- route 2: a range minus one less -------------------------------------------------
def test_a_range_minus_a_shorter_range_rarely_gives_the_last_wave(con):
    hits = []
    for regency, category in itertools.product(REGENCY_CODES, CATEGORIES):
        for last in range(8, 72, 9):
            one = Filters(regencies=(regency,), categories=(category,), waves=(last, last))
            truth = true_alumni(con, one)
            if not 0 < truth < K:
                continue
            long = published_alumni(con, Filters(regencies=(regency,), categories=(category,), waves=(1, last)))
            short = published_alumni(con, Filters(regencies=(regency,), categories=(category,), waves=(1, last - 1)))
            if pd.notna(long) and pd.notna(short):
                hits.append(long - short == truth)
    assert rate(hits) < WELL_UNDER_HALF


# --- route 3: the complement of a share ----------------------------------------------
def test_the_complement_of_a_share_rarely_gives_the_hidden_group(con):
    hits = []
    for regency, category, wave in itertools.product(REGENCY_CODES, CATEGORIES, range(5, 71, 6)):
        f = Filters(regencies=(regency,), categories=(category,), waves=(wave - 4, wave))
        counts = queries.kpi_counts(con, f)
        men = int(counts["n_alumni"].iloc[0] - counts["n_women"].iloc[0])
        if not 0 < men < K:
            continue
        published = metrics.kpis(counts, K)
        if pd.isna(published["pct_women"].iloc[0]):
            continue
        guess = round(published["alumni"].iloc[0] * (1 - published["pct_women"].iloc[0]))
        hits.append(guess == men)
    assert rate(hits) < WELL_UNDER_HALF


# --- route 4: a total minus the rows of its table --------------------------------------
def test_a_total_minus_the_published_regencies_rarely_gives_the_hidden_one(con):
    hits = []
    for category, window in itertools.product(CATEGORIES, WINDOWS + NARROW_WINDOWS):
        f = Filters(categories=(category,), waves=window)
        raw = queries.outcomes_by(con, f, by="regency")
        regions = metrics.regencies(raw, queries.regencies(con), K)
        hidden = regions["alumni"].isna()
        if hidden.sum() != 1:
            continue
        truth = int(raw.set_index("group_key")["n_alumni"].get(regions.loc[hidden, "regency_code"].iloc[0], 0))
        if 0 < truth < K:
            hits.append(published_alumni(con, f) - regions["alumni"].sum() == truth)
    assert rate(hits) < WELL_UNDER_HALF


def test_the_kpi_minus_the_business_size_bands_rarely_gives_the_hidden_band(con):
    """Businesses: the KPI total is its own cell, not the sum of the size bands."""
    hits = []
    cases = [replace(Filters(regencies=(regency,)), **{field: (value,)})
             for regency, (field, values) in itertools.product(REGENCY_CODES, SPLITS.items()) for value in values]
    cases += [Filters(regencies=(regency,), categories=(category,))
              for regency, category in itertools.product(REGENCY_CODES, CATEGORIES)]
    cases += [Filters(categories=(category,), waves=window)
              for category, window in itertools.product(CATEGORIES, WINDOWS)]
    cases += [Filters(regencies=(regency,), waves=window)
              for regency, window in itertools.product(REGENCY_CODES, WINDOWS)]
    cases += [Filters(gender=gender, waves=window) for gender, window in itertools.product(("L", "P"), NARROW_WINDOWS)]
    for f in cases:
        raw = queries.business_size(con, f)
        bands = metrics.business_sizes(raw, K)
        hidden = bands["businesses"].isna()
        if hidden.sum() != 1:
            continue
        truth = int(raw.loc[hidden.to_numpy(), "n_businesses"].iloc[0])
        kpi = metrics.kpis(queries.kpi_counts(con, f), K)["businesses_started"].iloc[0]
        if 0 < truth < K and pd.notna(kpi):
            hits.append(kpi - bands["businesses"].sum() == truth)
    assert rate(hits) < WELL_UNDER_HALF


# --- route 5: export metadata -----------------------------------------------------------
def test_export_metadata_gives_no_exact_count_of_withheld_rows(con, tmp_path):
    from tests.test_privacy import small_filter

    f = small_filter(con)
    _, meta = content.export(con, level="alumni", fmt="csv", out=tmp_path / "x.csv", filters=f, k=K)
    assert meta["rows_left_out_for_privacy"] in ("0", "1-99")
    assert content.coarse_count(3) == content.coarse_count(99) == "1-99"
    assert content.coarse_count(2345) == "2,000+"
    assert "cell key" in meta["disclosure_control"]


# --- route 6: row exports as microdata --------------------------------------------------
def _download(con, tmp_path, f: Filters, name: str) -> pd.DataFrame:
    written, _ = content.export(con, level="alumni", fmt="csv", out=tmp_path / f"{name}.csv", filters=f, k=K)
    return pd.read_csv(io.BytesIO(written[0].read_bytes()), encoding="utf-8-sig", dtype=str)


def test_two_downloads_cannot_be_joined(con, tmp_path):
    first = _download(con, tmp_path, Filters(regencies=("1571",)), "a")
    second = _download(con, tmp_path, Filters(regencies=("1571",), gender="P"), "b")
    again = _download(con, tmp_path, Filters(regencies=("1571",)), "c")
    assert len(first) > 1000 and len(second) > 500
    assert set(first["alumni_id"]).isdisjoint(second["alumni_id"])
    assert set(first["alumni_id"]).isdisjoint(again["alumni_id"])  # even the same view twice
    assert first["alumni_id"].is_unique


@pytest.mark.parametrize("f", [Filters(), Filters(regencies=("1572",), education=("sarjana",)),
                               Filters(waves=(30, 30)), Filters(categories=("makanan",), gender="L")])
def test_every_quasi_identifier_combination_has_k_rows(con, tmp_path, f):
    rows = _download(con, tmp_path, f, "k")
    groups = rows.groupby(list(content.QUASI_IDENTIFIERS), dropna=False).size()
    assert groups.min() >= K
    incomes = rows["income_after_rp"].dropna().astype(float)
    assert len(incomes) and (incomes % content.INCOME_STEP == 0).all()


# --- consistency: the same people, the same figure ---------------------------------------
filters_in_one_regency = st.builds(
    lambda regency, waves, gender, categories: (regency, Filters(waves=waves, gender=gender, categories=categories)),
    st.sampled_from(REGENCY_CODES),
    st.tuples(st.integers(1, 71), st.integers(1, 71)).map(lambda w: tuple(sorted(w))),
    st.sampled_from([None, "L", "P"]),
    st.lists(st.sampled_from(CATEGORIES), max_size=3, unique=True).map(tuple),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=filters_in_one_regency)
def test_the_same_people_get_the_same_published_figure_by_any_path(con, case):
    regency, f = case
    alone = metrics.kpis(queries.kpi_counts(con, f.for_regency(regency)), K)
    on_the_map = metrics.regencies(queries.outcomes_by(con, f, by="regency"), queries.regencies(con), K)
    row = on_the_map.set_index("regency_code").loc[regency]
    assert alone["alumni"].iloc[0] == row["alumni"] or (pd.isna(alone["alumni"].iloc[0]) and pd.isna(row["alumni"]))
    by_wave = metrics.trend(queries.trend_by_wave(con, f.for_regency(regency)), "wave", K)
    years = metrics.trend(queries.trend_by_wave(con, f.for_regency(regency)), "year", K)
    for year, (first, last) in {2021: (12, 22)}.items():
        same = metrics.kpis(queries.kpi_counts(con, f.for_regency(regency).with_waves((12, 22))), K)
        if f.waves == (1, 71) or (f.waves[0] <= first and f.waves[1] >= last):
            published = years.set_index("year")["alumni"].get(year)
            assert published == same["alumni"].iloc[0] or pd.isna(published) and pd.isna(same["alumni"].iloc[0])
    assert len(by_wave) >= 0


# --- utility --------------------------------------------------------------------------
def test_counts_of_100_or_more_stay_within_2_percent(con):
    raw = queries.outcomes_by(con, Filters(), by="category", then_by="regency")
    published = metrics.groups(raw, K)
    large = raw["n_alumni"] >= 100
    assert large.sum() > 50
    error = (published.loc[large, "alumni"] - raw.loc[large, "n_alumni"]).abs() / raw.loc[large, "n_alumni"]
    assert error.max() <= 0.02
    assert (published["alumni"] != raw["n_alumni"]).mean() > 0.5  # adjusted, not passed through


def test_province_shares_stay_within_half_a_point(con):
    counts = queries.kpi_counts(con, Filters())
    published = metrics.kpis(counts, K).iloc[0]
    exact = {"pct_women": counts["n_women"] / counts["n_alumni"],
             "pct_now_employed": counts["n_now_employed"] / counts["n_not_working_surveyed"],
             "pct_now_business": counts["n_now_business"] / counts["n_not_working_surveyed"]}
    for key, value in exact.items():
        assert abs(published[key] - value.iloc[0]) <= 0.005, key


def test_medians_are_published_rounded_and_only_over_k():
    frame = pd.DataFrame({"m": [512_345.0, 1_234_567.0], "n": [9, 10], "ck_n": [0, 0]})
    out = privacy.publish(frame, [privacy.Measure("m", "median", "m", "n")], k=10)
    assert pd.isna(out.loc[0, "m"])
    assert out.loc[1, "m"] % privacy.MEDIAN_STEP == 0 and abs(out.loc[1, "m"] - 1_234_567) <= privacy.MEDIAN_STEP / 2


def test_the_adjustment_table_is_unbiased_and_small():
    table = privacy.PERTURBATION_TABLE
    assert len(table) == privacy.KEY_RANGE and table.mean() == 0 and np.abs(table).max() == 2
    # neighbouring keys (one person apart) do not share adjustments more than chance would
    same_neighbour = np.mean(table[:-1] == table[1:])
    assert same_neighbour < 0.35


def test_an_independent_adjustment_matches_the_published_count(con):
    """The published count is the true count plus the table entry of the cell's key, where the
    key is the sum of the people's record keys (read per person, summed here)."""
    keys = con.execute("SELECT regency_code::VARCHAR AS regency, record_key FROM alumni_outcomes").df()
    for regency, group in keys.groupby("regency"):
        expected = len(group) + privacy.PERTURBATION_TABLE[int(group["record_key"].sum()) % 256]
        assert published_alumni(con, Filters(regencies=(regency,))) == expected
