"""One filter, the same published figures on every surface: the page (AppTest, the tables its
downloads hand over and its KPI cards), the API's JSON and CSV, and the CLI export, each against
the view computed directly; and the views' figures against counts made independently in pandas."""

from __future__ import annotations

import io
import json
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from prakerja_dash import views
from prakerja_dash.data import reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.ui import downloads, widgets
from tests.conftest import REPO, get
from tests.test_cli import cli

K = 10
EVERYONE_HERE = Filters(regencies=("15.71", "15.05"), waves=(10, 60))
# Women aged 56+ in Sungai Penuh: few enough that many cells of every view are hidden.
HIDDEN_CELLS = Filters(regencies=("15.72",), gender="P", age_bands=("56+",))
SELECTIONS = {"plain": EVERYONE_HERE, "hidden": HIDDEN_CELLS}

# Per view: its page, the table each of its downloads holds (download name -> view table), the
# column that identifies a row, and the table the CLI export writes.
SURFACES = {
    "ringkasan": ("pages/overview.py", {"trend-year": "trend_year", "categories": "categories"},
                  "categories"),
    "peta": ("pages/map.py", {"regencies": "regencies"}, "regencies"),
    "pelatihan": ("pages/training.py", {"categories": "categories"}, "categories"),
    "hasil": ("pages/outcomes.py", {"business-size": "business_sizes", "income-bands": "income_bands",
                                    "income-by-gender": "by_gender", "income-by-education": "by_education"},
              "income_bands"),
    "gelombang": ("pages/waves.py", {"trend-year": "trend_year", "trend-wave": "trend_wave"}, "trend_wave"),
    "profil": ("pages/profile.py", {"regencies": "regencies"}, "regencies"),
}
ROW_KEYS = ("measure", "regency_code", "group_key", "category_id", "year", "wave", "band", "employees_band",
            "status_before", "platform", "mode", "scheme")


def row_key(frame: pd.DataFrame) -> list[str]:
    keys = [c for c in ROW_KEYS if c in frame.columns]
    return keys[:2] if keys[:2] == ["group_key", "group_key_2"] else keys[:1]


def figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The published numbers of a table, one row per key, in key order (labels and text dropped)."""
    keys = row_key(frame)
    numbers = frame.copy()
    for key in keys:
        numbers[key] = numbers[key].astype(str)
    numbers = numbers.set_index(keys).sort_index()
    kept = {}
    for column in numbers.columns:
        values = numbers[column]
        if column.endswith("_suppressed") or column == "hidden":
            kept[column] = values.map(lambda v: str(v).lower() in ("true", "1"))
        elif pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
            kept[column] = pd.to_numeric(values, errors="coerce").astype("float64")
    return pd.DataFrame(kept, index=numbers.index)


def assert_same_figures(shown: pd.DataFrame, published: pd.DataFrame, where: str) -> None:
    a, b = figures(shown), figures(published)
    assert list(a.index) == list(b.index), where
    common = [c for c in b.columns if c in a.columns]
    assert common, where
    for column in common:
        left, right = a[column].to_numpy(), b[column].to_numpy()
        if left.dtype == bool or right.dtype == bool:
            assert (left == right).all(), (where, column)
        else:
            assert np.allclose(left.astype(float), right.astype(float), equal_nan=True, rtol=0, atol=1e-9), \
                (where, column, left, right)


def view_of(name: str, fixture_db: Path, filters: Filters) -> views.View:
    return views.for_page(name, reader.db_key(fixture_db), filters, K, "id")


def page_surfaces(page: str, filters: Filters) -> tuple[dict[str, pd.DataFrame], list[pd.DataFrame]]:
    """The tables a page's downloads hold and the KPI tables its cards show, by running the page."""
    tables: dict[str, pd.DataFrame] = {}
    cards: list[pd.DataFrame] = []
    real_grid = widgets.kpi_grid

    def record_table(ctx, frame, name):
        tables[name] = frame.copy()

    def record_cards(ctx, published, province, *args, **kwargs):
        cards.append(published.copy())
        if province is not None:
            cards.append(province.copy())
        return real_grid(ctx, published, province, *args, **kwargs)

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for key, value in filters.to_query().items():
        at.query_params[key] = value
    with mock.patch.object(downloads, "table_downloads", record_table), \
            mock.patch.object(widgets, "kpi_grid", record_cards):
        at.run()
        at.switch_page(page)
        tables.clear()
        cards.clear()
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return tables, cards


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("name", list(SURFACES))
def test_every_surface_publishes_the_views_figures(name, selection, app_env, fixture_db, api_server, tmp_path):
    filters = SELECTIONS[selection]
    view = view_of(name, fixture_db, filters)
    page, downloaded, exported = SURFACES[name]
    query = "&".join(f"{k}={v}" for k, v in filters.to_query().items())
    if selection == "hidden":  # the selection does hide cells here, as it is meant to
        assert any(t.filter(like="_suppressed").to_numpy().any() or t.get("hidden", pd.Series()).any()
                   for t in view.tables.values() if not t.empty), name

    # the page: what its table downloads hold and what its KPI cards show
    tables, cards = page_surfaces(page, filters)
    for download, table in downloaded.items():
        assert_same_figures(tables[download], view.tables[table], f"{name} page {download}")
    if "kpis" in view.tables:
        assert_same_figures(cards[0], view.tables["kpis"], f"{name} page KPI cards")
    if "kpis_province" in view.tables and name != "ringkasan":
        assert_same_figures(cards[1], view.tables["kpis_province"], f"{name} page province cards")

    # the API's JSON: every table
    status, _, body = get(f"{api_server}/api/v1/{name}.json?{query}")
    assert status == 200, body
    answer = json.loads(body)
    assert answer["view"] == name and answer["filters"] == filters.to_query() and answer["k"] == K
    assert set(answer["tables"]) == set(view.tables) - views.TEXT_TABLES
    for table, rows in answer["tables"].items():
        assert_same_figures(pd.DataFrame(rows, columns=list(view.tables[table].columns)), view.tables[table],
                            f"{name} JSON {table}")

    # the API's CSV: one table
    status, headers, body = get(f"{api_server}/api/v1/{name}.csv?table={exported}&{query}")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    csv = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig", dtype={"regency_code": str, "group_key": str})
    assert_same_figures(csv, view.tables[exported], f"{name} CSV {exported}")

    # the command line's export of the same table
    out = tmp_path / f"{name}.csv"
    filter_args = [part for key, value in filters.to_query().items() for part in (f"--{key}", value)]
    result = cli("export", "--view", name, "--table", exported, "--format", "csv", "--out", str(out),
                 "--db", str(fixture_db), *filter_args, env=None)
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out, encoding="utf-8-sig", dtype={"regency_code": str, "group_key": str})
    assert_same_figures(written, view.tables[exported], f"{name} CLI {exported}")


def test_the_overview_counts_equal_pandas_on_the_base_tables(fixture_db, base_frames, exact_counts):
    """Without the adjustments, the view's KPIs and categories are the counts pandas makes from the
    base tables (not the mart); a count under K is hidden."""
    filters = Filters(regencies=("15.71",), gender="P")
    view = views.ringkasan(reader.db_key(fixture_db), filters, K, "id")
    chosen = base_frames[(base_frames["regency_code"] == "15.71") & (base_frames["gender"] == "P")]
    kpis = view.tables["kpis"].set_index("measure")
    assert kpis.at["alumni", "value"] == len(chosen)
    assert kpis.at["pct_women", "value"] == 1.0
    per_category = chosen.groupby("category_id").size()
    shown = view.tables["categories"].set_index("category_id")["alumni"]
    for category, count in per_category.items():
        assert (pd.isna(shown[category]) if count < K else shown[category] == count), category


def test_a_view_is_computed_once_for_every_caller(fixture_db):
    key, filters = reader.db_key(fixture_db), Filters(regencies=("15.09",), gender="L")
    first = views.hasil(key, filters, K, "en")
    assert views.hasil(key, filters, K, "en") is first
    assert views.hasil(key, filters, K, "id") is not first  # another language is another view
    assert views.hasil(key, Filters(regencies=("15.09",)), K, "en") is not first


def test_the_profile_shows_the_regency_asked_for_or_the_one_selected(fixture_db):
    key = reader.db_key(fixture_db)
    assert views.profil(key, Filters(), K, "id").options == {"profil": "15.71"}
    assert views.profil(key, Filters(regencies=("15.04",)), K, "id").options == {"profil": "15.04"}
    assert views.profil(key, Filters(regencies=("15.04",)), K, "id", regency="15.08").options == {"profil": "15.08"}
    with pytest.raises(ValueError):
        views.profil(key, Filters(), K, "id", regency="9999")


def test_the_period_comparison_is_the_same_through_the_api_and_the_cli(fixture_db, api_server, tmp_path):
    view = views.gelombang(reader.db_key(fixture_db), Filters(gender="L"), K, "id", periods=((1, 20), (21, 71)))
    status, _, body = get(f"{api_server}/api/v1/gelombang.json?gender=L&a=1-20&b=21-71")
    api = pd.DataFrame(json.loads(body)["tables"]["kpis_period_a"])
    assert status == 200
    assert_same_figures(api, view.tables["kpis_period_a"], "API period A")
    out = tmp_path / "a.csv"
    result = cli("export", "--view", "gelombang", "--table", "kpis_period_a", "--a", "1-20", "--b", "21-71",
                 "--gender", "L", "--format", "csv", "--out", str(out), "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    assert_same_figures(pd.read_csv(out, encoding="utf-8-sig"), view.tables["kpis_period_a"], "CLI period A")
    wrong = cli("export", "--view", "gelombang", "--table", "kpis_period_a", "--a", "50-20", "--format", "csv",
                "--out", str(out), "--db", str(fixture_db))
    assert wrong.returncode == 2 and "--a" in wrong.stderr


# --- the outcome trend (#22): what changes over the years, against pandas on the base tables ----------------
def _outcomes_of_the_not_working(base_frames: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per year or wave, pandas alone: alumni not working at registration who answered the survey, and
    how many of them now work or run a business (the base tables, not the mart or a query)."""
    idle = base_frames[(base_frames["status_before"] == "tidak_bekerja") & base_frames["surveyed"]]
    counts = idle.groupby(period).agg(base=("alumni_id", "size"),
                                      employed=("status_after", lambda s: (s == "pekerja").sum()),
                                      business=("status_after", lambda s: (s == "wirausaha").sum()))
    return counts.assign(pct_employed=counts["employed"] / counts["base"],
                         pct_business=counts["business"] / counts["base"])


@pytest.mark.parametrize("page", ["ringkasan", "gelombang"])
@pytest.mark.parametrize("period", ["year", "wave"])
def test_the_trend_is_what_pandas_counts_of_those_not_working_at_registration(page, period, fixture_db,
                                                                              base_frames, exact_counts):
    view = views.for_page(page, reader.db_key(fixture_db), Filters(), K, "id")
    trend = view.tables[f"trend_{period}"].set_index(period)
    expected = _outcomes_of_the_not_working(base_frames, period)
    assert list(trend.index) == list(expected.index)
    for value, row in expected.iterrows():
        shown = trend.loc[value]
        if row["base"] < K:
            assert pd.isna(shown["pct_now_employed"]) and pd.isna(shown["pct_now_employed_n"]), value
            continue
        assert shown["pct_now_employed_n"] == row["base"] == shown["pct_now_business_n"], value
        for measure, count, share in (("pct_now_employed", "employed", "pct_employed"),
                                      ("pct_now_business", "business", "pct_business")):
            if 0 < row[count] < K:  # a share of fewer than K people is hidden
                assert pd.isna(shown[measure]), (value, measure)
            else:
                assert shown[measure] == pytest.approx(row[share]), (value, measure)


TREND_SPREAD = 0.05  # the default demo's years differ by more than 5 points, as PMO's surveys did


def test_on_the_default_demo_the_trend_is_not_flat(fixture_db, base_frames):
    """The chart's bars, with the published adjustments, against pandas on the rows: each series spans
    more than TREND_SPREAD over the years (the 2020 evaluation found twice 2022's share)."""
    from prakerja_dash.presentation import charts

    expected = _outcomes_of_the_not_working(base_frames, "year")
    for share in ("pct_employed", "pct_business"):
        assert expected[share].max() - expected[share].min() > TREND_SPREAD, expected[share].to_dict()
    trend = views.ringkasan(reader.db_key(fixture_db), Filters(), K, "id").tables["trend_year"]
    figure = charts.outcome_trend_figure(trend, "year", "id", K)
    for bar, share in zip((t for t in figure.data if t.type == "bar"), ("pct_employed", "pct_business"), strict=True):
        drawn = pd.Series(bar.y, index=bar.x)
        assert drawn.max() - drawn.min() > TREND_SPREAD
        # the cell key moves each count by at most 2: a share of a thousand or more by well under a point
        assert np.allclose(drawn.to_numpy(), expected.loc[list(bar.x), share].to_numpy(), atol=0.01), share
