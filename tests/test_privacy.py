"""Nothing computed over fewer than K alumni is published as a number."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.privacy import Measure, publish


def test_counts_under_k_are_suppressed_zero_is_not():
    frame = pd.DataFrame({"n": [0, 1, 9, 10, 250]})
    out = publish(frame, [Measure("alumni", "count", "n")], k=10)
    assert out["alumni"].isna().tolist() == [False, True, True, False, False]
    assert out["alumni_suppressed"].tolist() == [False, True, True, False, False]
    assert out["alumni_n"].isna().tolist() == [False, True, True, False, False]


def test_shares_need_k_in_the_base_and_no_small_numerator():
    frame = pd.DataFrame({"num": [5, 3, 0, 40], "den": [9, 500, 500, 400]})
    out = publish(frame, [Measure("rate", "share", "num", "den")], k=10)
    assert out["rate_suppressed"].tolist() == [True, True, False, False]
    assert out.loc[2, "rate"] == 0 and out.loc[3, "rate"] == pytest.approx(0.1)
    assert "num" not in out.columns and "den" not in out.columns


def test_median_needs_k_behind_it():
    frame = pd.DataFrame({"median": [1e6, 2e6], "n": [9, 10]})
    out = publish(frame, [Measure("m", "median", "median", "n")], k=10)
    assert math.isnan(out.loc[0, "m"]) and out.loc[1, "m"] == 2e6


def test_the_default_threshold_is_10(monkeypatch):
    monkeypatch.delenv("PRAKERJA_MIN_CELL", raising=False)
    out = publish(pd.DataFrame({"n": [9, 10]}), [Measure("alumni", "count", "n")])
    assert out["alumni"].isna().tolist() == [True, False]  # K = 10, as docs/privacy.md says


def test_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PRAKERJA_MIN_CELL", "5")
    out = publish(pd.DataFrame({"n": [6]}), [Measure("alumni", "count", "n")])
    assert out.loc[0, "alumni"] == 6
    monkeypatch.setenv("PRAKERJA_MIN_CELL", "lima")
    with pytest.raises(ValueError, match="PRAKERJA_MIN_CELL"):
        publish(pd.DataFrame({"n": [6]}), [Measure("alumni", "count", "n")])


def small_filter(con) -> Filters:
    """A real filter on the fixture database that selects between 1 and 9 alumni."""
    rows = con.execute(
        "SELECT regency_code, wave, count(*) AS n FROM alumni_outcomes"
        " WHERE age_band = '56+' GROUP BY ALL HAVING n BETWEEN 2 AND 9 ORDER BY n, regency_code, wave LIMIT 1"
    ).fetchone()
    return Filters(regencies=(rows[0],), waves=(rows[1], rows[1]), age_bands=("56+",))


def test_a_filter_selecting_a_handful_publishes_no_number(con):
    f = small_filter(con)
    counts = queries.kpi_counts(con, f)
    assert 1 <= counts.loc[0, "n_alumni"] <= 9
    published = metrics.kpis(counts, k=10)
    for measure in metrics.KPIS:
        value = published.loc[0, measure.key]
        assert pd.isna(value) or value == 0, measure.key
        assert pd.isna(published.loc[0, f"{measure.key}_n"]) or published.loc[0, f"{measure.key}_n"] == 0


def test_trend_and_categories_suppress_small_cells(con):
    f = small_filter(con)
    for frame in (metrics.trend(queries.trend_by_wave(con, f), "year", k=10),
                  metrics.categories(queries.alumni_by_category(con, f), k=10)):
        numbers = frame.drop(columns=[c for c in frame.columns if c.endswith("_suppressed")]).select_dtypes("number")
        counts = numbers[[c for c in numbers.columns if c == "alumni" or c.endswith("_n")]]
        assert not ((counts > 0) & (counts < 10)).any().any()


def test_trend_by_year_sums_waves_before_suppressing(con, exact_counts):
    by_wave = queries.trend_by_wave(con, Filters())
    by_year = metrics.trend(by_wave, "year", k=10)
    assert by_year["alumni"].sum() == by_wave["n_alumni"].sum()
    with pytest.raises(ValueError):
        metrics.trend(by_wave, "month")
