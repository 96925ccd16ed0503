"""Figure builders: pure functions whose traces carry exactly the published values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

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


def _traces(figure, name: str) -> list:
    return [trace for trace in figure.data if trace.name == name]


def test_outcome_trend_per_wave_has_a_panel_per_series_with_gaps_and_the_scheme_change():
    figure = charts.outcome_trend_figure(trend_frame(), "wave", "en", K)
    (employed,), (business,) = _traces(figure, "Now employed"), _traces(figure, "Now running a business")
    assert employed.y[0] == 0.1 and math.isnan(employed.y[2])
    assert business.y[1] == 0.0
    assert not employed.showlegend and not business.showlegend  # the panels' titles name them
    texts = [a.text for a in figure.layout.annotations]
    assert "Now employed" in texts and "Normal scheme<br>from 2023" in texts
    assert any(shape.x0 == 47.5 for shape in figure.layout.shapes)


def test_hidden_waves_are_grey_ticks_at_the_foot_of_their_panel_not_zeros():
    figure = charts.outcome_trend_figure(trend_frame(), "wave", "en", K)
    hidden = [trace for trace in figure.data if trace.meta == "hidden"]
    assert [list(trace.x) for trace in hidden] == [[48], [48]] and all(list(t.y) == [0.0] for t in hidden)
    assert {trace.marker.color for trace in hidden} == {charts.HIDDEN_INK}
    assert [trace.showlegend for trace in hidden] == [True, False]  # named once
    assert hidden[0].customdata[0] == "Wave 48 · Now employed: hidden (fewer than 10 alumni)"


def year_frame() -> pd.DataFrame:
    by_wave = pd.DataFrame({
        "wave": [1, 12, 23, 48, 63], "year": [2020, 2021, 2022, 2023, 2024],
        "n_alumni": [900, 800, 700, 600, 30], "n_not_working_surveyed": [400, 300, 200, 100, 8],
        "n_now_employed": [72, 39, 14, 13, 1], "n_now_business": [68, 42, 16, 11, 2],
    })
    return metrics.trend(by_wave, "year", k=K)


def test_outcome_trend_per_year_has_two_bars_a_year_with_their_bases():
    figure = charts.outcome_trend_figure(year_frame(), "year", "id", K)
    employed, business = (trace for trace in figure.data if trace.type == "bar")
    assert list(employed.y[:4]) == [0.18, 0.13, 0.07, 0.13] and list(business.y[:4]) == [0.17, 0.14, 0.08, 0.11]
    assert math.isnan(employed.y[4]) and math.isnan(business.y[4])  # 8 alumni behind 2024: hidden
    assert list(employed.text) == ["18", "13", "7", "13", ""]  # whole percents: the axis says %
    assert employed.marker.color == charts.PALETTE["primary"] and business.marker.color == charts.PALETTE["accent"]
    assert employed.x[0] + employed.offset + employed.width <= business.x[0] + business.offset  # side by side
    ticks = list(figure.layout.xaxis.ticktext)
    assert ticks[0].startswith("2020<br>") and ticks[0].endswith("n = 400</span>")
    assert ticks[4].endswith("n < 10</span>")
    assert employed.customdata[0] == ("2020 · Kini bekerja: 18,0 %<br>dari 400 alumni yang tidak bekerja saat "
                                      "mendaftar dan disurvei")
    assert any(a.text == "Skema normal<br>sejak 2023" for a in figure.layout.annotations)


def test_a_hidden_year_is_written_in_grey_where_its_bars_would_stand():
    figure = charts.outcome_trend_figure(year_frame(), "year", "en", K)
    (hidden,) = [trace for trace in figure.data if trace.meta == "hidden"]
    employed, business = (trace for trace in figure.data if trace.type == "bar")
    centres = [2024 + bar.offset + bar.width / 2 for bar in (employed, business)]
    assert list(hidden.x) == pytest.approx(centres) and list(hidden.y) == [0, 0]
    assert list(hidden.text) == ["< 10", "< 10"] and hidden.textfont.color == charts.HIDDEN_INK
    assert hidden.showlegend and hidden.name == "< 10: hidden"
    assert "hidden (fewer than 10 alumni)" in hidden.customdata[0]


def test_a_year_with_nobody_behind_it_is_not_marked_hidden():
    by_wave = pd.DataFrame({"wave": [1, 12], "year": [2020, 2021], "n_alumni": [500, 0],
                            "n_not_working_surveyed": [300, 0], "n_now_employed": [0, 0], "n_now_business": [30, 0]})
    figure = charts.outcome_trend_figure(metrics.trend(by_wave, "year", k=K), "year", "en", K)
    (hidden,) = [trace for trace in figure.data if trace.meta == "hidden"]
    assert list(hidden.x) == [] and not hidden.showlegend
    employed = figure.data[0]
    assert employed.y[0] == 0 and employed.text[0] == "0" and employed.textposition[0] == "outside"
    assert employed.customdata[1] == "2021 · Now employed: no alumni"
    assert list(figure.layout.xaxis.ticktext)[1].endswith("n = 0</span>")


def test_published_survey_figures_stand_over_their_years_bars_with_their_sources():
    figure = charts.outcome_trend_figure(year_frame(), "year", "en", K)
    (marks,) = _traces(figure, "PMO survey, national")
    employed, business = (trace for trace in figure.data if trace.type == "bar")
    centre = {name: 2020 + bar.offset + bar.width / 2 for name, bar in (("e", employed), ("b", business))}
    drawn = {(round(x, 6), y): text for x, y, text in zip(marks.x, marks.y, marks.customdata, strict=True)}
    # PMO evaluation 2020: 18 % into wage work, 17 % into business (Tempo, 26 Feb 2021)
    assert "Tempo, 2021-02-26" in drawn[(round(centre["e"], 6), 0.18)]
    assert "Now employed: 18 %" in drawn[(round(centre["e"], 6), 0.18)]
    assert "Now running a business: 17 %" in drawn[(round(centre["b"], 6), 0.17)]
    assert sorted({round(x) for x in marks.x}) == [2020, 2021, 2023]  # no figure was published for 2022, 2024
    (cumulative,) = [trace for trace in figure.data if trace.name and "cumulative" in trace.name]
    assert set(cumulative.y) == {0.12} and "pseko.id" in cumulative.hovertemplate  # Jambi, Sep 2024
    assert charts.outcome_trend_figure(year_frame(), "year", "en", K, published=()).data[2].x == ()


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
    assert [t.name for t in charts.outcome_trend_figure(empty, "year", "id", K).data if t.type == "bar"] == [
        "Kini bekerja", "Kini berwirausaha"]
    no_waves = metrics.trend(pd.DataFrame(columns=["wave", "year", "n_alumni", "n_not_working_surveyed",
                                                   "n_now_employed", "n_now_business"]), "wave", k=K)
    assert len(charts.outcome_trend_figure(no_waves, "wave", "id", K).data) >= 2
    assert len(charts.volume_figure(empty, "year", "id").data[0].x) == 0


def test_outcome_trend_has_one_panel_per_series_on_one_scale():
    figure = charts.outcome_trend_figure(trend_frame(), "wave", "id", K)
    (employed,), (business,) = _traces(figure, "Kini bekerja"), _traces(figure, "Kini berwirausaha")
    assert (employed.xaxis, employed.yaxis) == ("x", "y") and (business.xaxis, business.yaxis) == ("x2", "y2")
    assert figure.layout.yaxis.range == figure.layout.yaxis2.range  # comparable at a glance
    assert figure.layout.margin.r <= 20  # no wide right margin: the plot keeps the width on a phone
    assert employed.customdata[0].startswith("Gelombang 1 · Kini bekerja: 10,0 %<br>dari 300 alumni")


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
