"""The choices pages offer to answer a question: two different periods by default with their
difference, a compare-by control on Hasil, any sort order on Pelatihan, and province chips that
compare like with like."""

from __future__ import annotations

import json

import pandas as pd

from prakerja_dash import views
from prakerja_dash.data import reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.i18n import t
from prakerja_dash.presentation import charts
from tests.test_app import open_app


def _chart_labels(at, index: int) -> list[str]:
    figure = json.loads(at.get("plotly_chart")[index].proto.spec)
    return [label.replace("<br>", " ") for label in figure["data"][0]["y"]]


def test_the_waves_page_compares_the_two_schemes_by_default_with_their_difference(app_env, fixture_db):
    at = open_app(page="pages/waves.py")
    assert not at.exception
    first, second = at.slider(key="compare_a").value, at.slider(key="compare_b").value
    assert first == (1, 47) and second == (48, 71)  # the semi-bansos and the normal scheme: they differ
    table = at.dataframe[-1].value
    assert list(table.columns) == [t(k, "id") for k in ("column_measure", "column_period_a_short",
                                                         "column_period_b_short", "column_difference",
                                                         "column_bases")]
    key = reader.db_key(fixture_db)
    a = views.ringkasan(key, Filters(waves=(1, 47)), 10, "id").tables["kpis"].set_index("measure")
    b = views.ringkasan(key, Filters(waves=(48, 71)), 10, "id").tables["kpis"].set_index("measure")
    employed = table[table[t("column_measure", "id")] == t("kpi_pct_now_employed", "id")].iloc[0]
    points = 100 * (b.at["pct_now_employed", "value"] - a.at["pct_now_employed", "value"])
    assert employed[t("column_difference", "id")] == t(
        "points", "id", value=("+" if points > 0 else "") + f"{points:.1f}".replace(".", ","))
    n_a, n_b = int(a.at["pct_now_employed", "n"]), int(b.at["pct_now_employed", "n"])
    assert employed[t("column_bases", "id")] == f"{n_a:,} / {n_b:,}".replace(",", ".")


def test_hasil_compares_women_and_men_side_by_side(app_env, fixture_db):
    at = open_app(page="pages/outcomes.py")
    assert not at.exception
    assert at.segmented_control(key="outcomes_compare_by").value == "gender"
    assert sorted(_chart_labels(at, 0)) == sorted([t("gender_P", "id"), t("gender_L", "id")])
    shown = at.dataframe[0].value
    assert sorted(shown[t("column_group", "id")]) == sorted([t("gender_L", "id"), t("gender_P", "id")])
    at.segmented_control(key="outcomes_compare_by").set_value("education").run()
    assert len(at.dataframe[0].value) == 5


def test_pelatihan_sorts_by_the_measure_chosen(app_env, fixture_db):
    at = open_app(page="pages/training.py")
    at.selectbox(key="training_sort_by").set_value("pct_now_business").run()
    assert not at.exception
    categories = views.pelatihan(reader.db_key(fixture_db), Filters(), 10, "id").tables["categories"]
    expected = list(categories.sort_values("pct_now_business", ascending=False, na_position="last")["label"])
    drawn = _chart_labels(at, 0)
    assert drawn == [label.replace("<br>", " ") for label in charts._wrapped_labels(pd.Series(expected))]


def test_province_chips_compare_like_with_like_and_say_so(app_env, fixture_db, exact_counts):
    at = open_app({"regency": "1571", "gender": "P"})
    shown = {m.label: m.delta for m in at.metric}
    same_selection = views.ringkasan(reader.db_key(fixture_db), Filters(gender="P"), 10, "id").tables["kpis"]
    women = same_selection.set_index("measure").at["alumni", "value"]
    assert shown[t("kpi_alumni", "id")] == t("province_value", "id", value=f"{int(women):,}".replace(",", "."))
    assert shown[t("kpi_pct_women", "id")] == t("province_value", "id", value="100,0 %")  # women against women


def test_paired_bars_keep_an_order_of_their_own_top_to_bottom():
    figure = charts.paired_bars_figure(["SD", "SMP", "SMA"], pd.Series([0.3, 0.1, 0.2]), pd.Series([0.1, 0.2, 0.3]),
                                       ("a", "b"), "", "id", 10, sort=False)
    assert list(figure.data[0].y)[::-1] == ["SD", "SMP", "SMA"]  # drawn bottom-up: SD on top
    ranked = charts.paired_bars_figure(["SD", "SMP", "SMA"], pd.Series([0.3, 0.1, 0.2]),
                                       pd.Series([0.1, 0.2, 0.3]), ("a", "b"), "", "id", 10)
    assert list(ranked.data[0].y)[::-1] == ["SD", "SMA", "SMP"]  # largest first share on top
