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
from tests.test_cli import recording_downloads


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
    at = open_app({"regency": "15.71", "gender": "P"})
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


def table_download(query: dict[str, str], page: str, name: str, fmt: str) -> tuple[str, bytes]:
    """What a table's download button hands over, made by the page's own deferred callable."""
    with recording_downloads() as managers:
        at = open_app(query, page)
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(f"download_{name}_{fmt}"))
    deferred = managers[-1]._deferred_callables[button.proto.deferred_file_id]
    return deferred["filename"], deferred["callable"]()


def test_a_table_download_reads_as_a_person_expects_and_says_what_it_holds(app_env, fixture_db):
    import io
    import zipfile

    query = {"regency": "15.71", "gender": "P"}
    file_name, data = table_download(query, "pages/training.py", "categories", "zip")
    assert file_name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("data.csv").decode("utf-8-sig")
        table = pd.read_csv(io.StringIO(text))
        meta = json.loads(archive.read("metadata.json"))
    assert "bagian kini bekerja" in table.columns and "pct_now_employed" not in table.columns
    assert meta["columns"]["bagian kini bekerja"].startswith("pct_now_employed: ")
    shares = table["bagian kini bekerja"].dropna()
    assert ((shares * 10_000).round(6) % 1 == 0).all() and shares.between(0, 1).all()  # 4 places, a fraction
    assert not [line for line in text.splitlines()[1:] if ".0," in line]  # counts as whole numbers
    assert not [line for line in text.splitlines()[1:] if any(len(part.split(".")[-1]) > 4 for part in
                                                               line.split(",") if part.startswith("0."))]
    assert meta["filter_parameters"] == query and meta["link"].endswith("/pelatihan?regency=15.71&gender=P")
    assert meta["dataset_version"] == 1 and meta["filters"] == "Kota Jambi; Perempuan"
    view = views.pelatihan(reader.db_key(fixture_db), Filters(regencies=("15.71",), gender="P"), 10, "id")
    published = view.tables["categories"].sort_values("alumni", ascending=False, na_position="last")
    assert list(table["alumni"].astype("Float64")) == list(published["alumni"].astype("Float64"))
    pd.testing.assert_series_equal(table["bagian kini bekerja"].reset_index(drop=True),
                                   published["pct_now_employed"].round(4).astype(float).reset_index(drop=True),
                                   check_names=False)
