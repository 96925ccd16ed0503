"""Figure builders: pure functions whose traces carry exactly the published values."""

from __future__ import annotations

import math

import pandas as pd

from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts

K = 10


def trend_frame() -> pd.DataFrame:
    by_wave = pd.DataFrame({
        "wave": [1, 2, 48, 49], "year": [2020, 2020, 2023, 2023],
        "n_alumni": [500, 400, 5, 300], "n_not_working_surveyed": [300, 200, 3, 150],
        "n_now_employed": [30, 30, 1, 20], "n_now_business": [36, 0, 1, 15],
    })
    return metrics.trend(by_wave, "wave", k=K)


def test_volume_figure_values_equal_the_published_frame():
    trend = trend_frame()
    figure = charts.volume_figure(trend, "wave", "id")
    bar = figure.data[0]
    assert list(bar.x) == [1, 2, 48, 49]
    assert bar.y[0] == 500 and math.isnan(bar.y[2])  # the suppressed wave is a gap, not a bar


def test_outcome_trend_has_two_labelled_lines_with_gaps_and_the_scheme_change():
    figure = charts.outcome_trend_figure(trend_frame(), "wave", "en")
    employed, business = figure.data
    assert employed.y[0] == 0.1 and math.isnan(employed.y[2])
    assert business.y[1] == 0.0
    assert figure.layout.showlegend is False
    texts = [a.text for a in figure.layout.annotations]
    assert "Now employed" in texts and "Normal scheme<br>from 2023" in texts
    assert any(shape.x0 == 47.5 for shape in figure.layout.shapes)


def test_categories_figure_is_sorted_and_cut_to_top():
    frame = metrics.categories(pd.DataFrame({
        "category_id": list("abcdefghij"), "label_id": [f"Kategori {c}" for c in "abcdefghij"],
        "label_en": [f"Category {c}" for c in "abcdefghij"],
        "n_alumni": [100, 900, 300, 5, 50, 60, 70, 80, 90, 110],
        "n_not_working_surveyed": [50] * 10, "n_now_employed": [10] * 10, "n_now_business": [12] * 10,
    }), k=K)
    figure = charts.categories_figure(frame, "en", K, top=3)
    bar = figure.data[0]
    assert list(bar.x) == [110, 300, 900]  # largest drawn on top (last in a horizontal bar trace)
    assert list(bar.y) == ["Category j", "Category c", "Category b"]
    assert bar.text == ("110", "300", "900")
    assert "Category d" not in bar.y  # the suppressed category is never drawn


def test_figures_use_the_language_separators():
    assert charts.volume_figure(trend_frame(), "wave", "id").layout.separators == ",."
    assert charts.volume_figure(trend_frame(), "wave", "en").layout.separators == ".,"


def test_empty_frames_still_build():
    empty = metrics.trend(pd.DataFrame(columns=["wave", "year", "n_alumni", "n_not_working_surveyed",
                                                "n_now_employed", "n_now_business"]), "year", k=K)
    assert len(charts.outcome_trend_figure(empty, "year", "id").data) == 2
    assert len(charts.volume_figure(empty, "year", "id").data[0].x) == 0


def test_outcome_trend_has_one_panel_per_series_on_one_scale():
    figure = charts.outcome_trend_figure(trend_frame(), "wave", "id")
    employed, business = figure.data
    assert (employed.xaxis, employed.yaxis) == ("x", "y") and (business.xaxis, business.yaxis) == ("x2", "y2")
    assert figure.layout.yaxis.range == figure.layout.yaxis2.range  # comparable at a glance
    assert figure.layout.margin.r <= 20  # no wide right margin: the plot keeps the width on a phone
    assert employed.customdata[0] == "10,0 % (n = 300)"


def test_titles_wrap_to_a_phone_width():
    wrapped = charts.wrap("Median perubahan pendapatan bulanan per kategori pelatihan")
    assert wrapped == "Median perubahan pendapatan bulanan<br>per kategori pelatihan"
    assert charts.wrap("Yang semula tidak bekerja:<br>kini bekerja") == "Yang semula tidak bekerja:<br>kini bekerja"


def test_nice_ticks_cover_the_range_with_round_steps():
    assert charts.nice_ticks(0, 0.35) == [0.0, 0.1, 0.2, 0.3, 0.4]
    assert charts.nice_ticks(0, 1_250_000, count=3) == [0.0, 1_000_000.0, 2_000_000.0]
    assert charts.nice_ticks(0, 0) == [0.0]


def test_counts_are_never_abbreviated():
    figure = charts.volume_figure(trend_frame(), "wave", "en")
    assert figure.layout.yaxis.tickformat == ",.0f"  # 20,000, not 20k
    assert figure.data[0].customdata[0] == "500"
