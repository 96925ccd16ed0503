"""The analysis pages' named queries equal independent pandas computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from tests.strategies import filters as any_filters
from tests.test_queries import age_band, median_in_steps, select

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GROUP_COLUMNS = {"regency": "regency_code", "category": "category_id", "year": "year", "gender": "gender",
                 "education": "education", "status": "status_before", "wave": "wave"}


def with_bands(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(age_band=age_band(frame["age"]))


@SETTINGS
@given(f=any_filters)
@example(f=Filters(gender="P"))
@pytest.mark.parametrize("by", ["regency", "category", "age_band", "education", "status", "year"])
def test_outcomes_by_one_dimension(con, base_frames, f, by):
    rows = with_bands(select(base_frames, f))
    column = GROUP_COLUMNS.get(by, by)
    got = queries.outcomes_by(con, f, by).set_index("group_key")
    assert sorted(got.index) == sorted(str(v) for v in rows[column].unique())
    for key, group in rows.groupby(column):
        idle = group["status_before"] == "tidak_bekerja"
        earning = group["surveyed"] & (group["income_after_rp"] > 0)
        started = group["started_business"].eq(True)
        row = got.loc[str(key)]
        assert row["n_alumni"] == len(group)
        assert row["n_now_business"] == (idle & (group["status_after"] == "wirausaha")).sum()
        assert row["jobs_created"] == group.loc[started, "employees"].sum()
        changes = (group["income_after_rp"] - group["income_before_rp"])[earning]
        median = row["median_income_change"]
        assert (pd.isna(median) and changes.empty) or median == median_in_steps(changes)


def test_outcomes_by_two_dimensions(con, base_frames):
    got = queries.outcomes_by(con, Filters(), "category", "regency")
    expected = base_frames.groupby(["category_id", "regency_code"]).size()
    assert len(got) == len(expected)
    got_counts = got.set_index(["group_key", "group_key_2"])["n_alumni"].sort_index()
    assert got_counts.tolist() == expected.sort_index().tolist()


def test_outcomes_by_refuses_unknown_groupings(con):
    with pytest.raises(ValueError):
        queries.outcomes_by(con, Filters(), "alumni_id; DROP TABLE alumni")


@SETTINGS
@given(f=any_filters)
def test_status_flow(con, base_frames, f):
    rows = select(base_frames, f)
    expected = rows[rows["surveyed"]].groupby(["status_before", "status_after"]).size()
    got = queries.status_flow(con, f)
    got = got[got["n_alumni"] > 0].set_index(["status_before", "status_after"])["n_alumni"]
    assert got.sort_index().astype(int).to_dict() == expected.sort_index().to_dict()


@SETTINGS
@given(f=any_filters)
def test_income_distribution(con, base_frames, f):
    rows = select(base_frames, f)
    rows = rows[rows["surveyed"]]

    def bands(values: pd.Series) -> pd.Series:
        return pd.Series(np.where(values == 0, -1, np.minimum(values // 500_000, 20)))

    got = queries.income_distribution(con, f).set_index("band")
    assert got["n_before"].sum() == got["n_after"].sum() == len(rows)
    for band, n in bands(rows["income_before_rp"]).value_counts().items():
        assert got.loc[band, "n_before"] == n
    for band, n in bands(rows["income_after_rp"]).value_counts().items():
        assert got.loc[band, "n_after"] == n


def test_business_size_and_training_mix_and_schemes(con, base_frames):
    f = Filters(regencies=("15.71",))
    rows = select(base_frames, f)
    started = rows[rows["started_business"].eq(True)]
    sizes = queries.business_size(con, f).set_index("employees_band")
    assert sizes["n_businesses"].sum() == len(started)
    assert sizes["jobs_created"].sum() == started["employees"].sum()
    assert sizes.loc["0", "n_businesses"] == (started["employees"] == 0).sum()

    mix = queries.training_mix(con, f)
    trainings = con.execute("SELECT training_id, platform FROM trainings").df()
    expected = rows.merge(trainings, on="training_id")["platform"].value_counts()
    assert mix.groupby("platform")["n_alumni"].sum().sort_index().to_dict() == expected.sort_index().to_dict()
    assert set(mix["mode"]) == {"daring"}

    schemes = queries.scheme_comparison(con, f).set_index("scheme")
    normal = rows[rows["wave"] >= 48]
    assert schemes.loc["normal", "n_alumni"] == len(normal)
    assert (schemes.loc["normal", "first_wave"], schemes.loc["semi_bansos", "last_wave"]) == (48, 47)
    assert schemes.loc["normal", "training_budget_rp"] == 3_500_000
    paid = normal[["training_budget_rp", "incentive_rp", "survey_incentive_rp"]].to_numpy().sum()
    assert schemes.loc["normal", "total_paid_rp"] == paid


def test_stories_follow_regency_category_and_wave_filters(con):
    assert set(queries.stories(con, Filters())["display_name"]) >= {"Hujaipah", "Yeni"}
    assert list(queries.stories(con, Filters(regencies=("15.71",)))["display_name"]) == ["Hujaipah"]
    assert list(queries.stories(con, Filters(categories=("pemasaran",)))["display_name"]) == ["Yeni"]
    assert queries.stories(con, Filters(waves=(60, 71), regencies=("15.71",))).empty
    first = queries.stories(con, Filters()).iloc[0]
    assert bool(first["is_real"]) and first["source"] == "senjari.com, 19 Sep 2024"


def test_ranks_skip_suppressed_regencies(con):
    regions = metrics.groups(queries.outcomes_by(con, Filters(), "regency"), k=10)
    ranks = metrics.ranks(regions).set_index("group_key")
    assert ranks["alumni_rank"].min() == 1 and ranks["alumni_rank"].max() == 11
    biggest = regions.set_index("group_key")["alumni"].idxmax()
    assert ranks.loc[biggest, "alumni_rank"] == 1
    small = metrics.groups(queries.outcomes_by(con, Filters(waves=(22, 22), age_bands=("56+",)), "regency"), k=10)
    assert metrics.ranks(small)["alumni_rank"].isna().sum() == small["alumni"].isna().sum()
