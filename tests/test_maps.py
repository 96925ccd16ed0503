"""Map builders: 11 regencies whose values are exactly the published query results."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from prakerja_dash.data import queries
from prakerja_dash.data.boundaries import load_boundaries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.vocabulary import REGENCY_CODES
from prakerja_dash.presentation import maps
from tests.conftest import REPO
from tests.test_boundaries import gadm_like, write
from tests.test_queries import median_in_steps

K = 10


@pytest.fixture
def geo(tmp_path):
    return load_boundaries(write(tmp_path, gadm_like()))


def published_regions(con, f: Filters | None = None):
    return metrics.regencies(queries.outcomes_by(con, f or Filters(), "regency"), queries.regencies(con), K)


def test_regency_rows_are_all_eleven_and_equal_pandas(con, base_frames):
    f = Filters(gender="P", waves=(10, 60))
    got = queries.outcomes_by(con, f, "regency").set_index("group_key")
    rows = base_frames[(base_frames["gender"] == "P") & base_frames["wave"].between(10, 60)]
    assert list(got.index) == list(REGENCY_CODES)
    assert list(published_regions(con, Filters(regencies=("1571",)))["regency_code"]) == list(REGENCY_CODES)
    for code, group in rows.groupby("regency_code"):
        idle = group["status_before"] == "tidak_bekerja"
        earning = group["surveyed"] & (group["income_after_rp"] > 0)
        assert got.loc[code, "n_alumni"] == len(group)
        assert got.loc[code, "n_now_employed"] == (idle & (group["status_after"] == "pekerja")).sum()
        changes = (group["income_after_rp"] - group["income_before_rp"])[earning]
        assert got.loc[code, "median_income_change"] == median_in_steps(changes)


@pytest.mark.parametrize("measure", list(maps.MEASURE_KINDS))
def test_choropleth_draws_every_regency_with_the_published_values(con, geo, measure):
    regions = published_regions(con)
    colour_range = maps.value_range(regions[measure])
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, measure, "id", K, colour_range)
    coloured = figure.data[0]
    assert sorted(coloured.locations) == list(REGENCY_CODES)
    published = regions.set_index("regency_code")[measure]
    assert list(coloured.z) == pytest.approx([published[c] for c in coloured.locations])
    assert figure.layout.map.style == "white-bg"  # no tiles, nothing fetched


def test_alumni_per_1000_is_alumni_over_population(con, exact_counts):
    raw = queries.outcomes_by(con, Filters(), "regency").set_index("group_key")
    population = queries.regencies(con).set_index("regency_code")["population"]
    regions = published_regions(con).set_index("regency_code")
    assert list(regions["alumni_per_1000"]) == pytest.approx(list(raw["n_alumni"] / population * 1000))


def test_suppressed_regencies_are_grey_and_say_so(geo):
    frame = pd.DataFrame({"group_key": list(REGENCY_CODES), "n_alumni": [500] * 10 + [4],
                          "n_not_working_surveyed": [100] * 11, "n_now_employed": [20] * 11,
                          "n_now_business": [15] * 11, "n_earning_after": [50] * 11,
                          "median_income_change": [400_000.0] * 11})
    table = pd.DataFrame({"regency_code": list(REGENCY_CODES), "name": [f"R{c}" for c in REGENCY_CODES],
                          "population": [100_000] * 11})
    regions = metrics.regencies(frame, table, K)
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "en", K, (0, 600))
    shown, hidden = figure.data[0], figure.data[1]
    assert "1572" not in shown.locations and list(hidden.locations) == ["1572"]
    assert hidden.colorscale[0][1] == maps.SUPPRESSED_COLOUR
    assert hidden.customdata[0][1] == "< 10" and hidden.customdata[0][2] == "< 10"


def test_selected_regencies_get_an_outline(con, geo):
    regions = published_regions(con)
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "id", K, (0, 1), ("1571",))
    assert list(figure.data[-1].locations) == ["1571"]
    assert figure.data[-1].marker.line.color == maps.SELECTED_OUTLINE
    assert figure.layout.uirevision  # the view does not jump on reruns


def test_tile_grid_has_one_tile_per_regency(con):
    regions = published_regions(con)
    figure = maps.tile_grid_figure(regions, "pct_now_employed", "id", K, (0, 0.3), ("1501",))
    coloured, clickable = figure.data[1], figure.data[-1]
    assert len(clickable.x) == 11 and len({(x, y) for x, y in zip(clickable.x, clickable.y, strict=True)}) == 11
    assert sorted(row[3] for row in clickable.customdata) == list(REGENCY_CODES)
    published = regions.set_index("regency_code")["pct_now_employed"]
    for code, (row, column) in maps.TILE_POSITIONS.items():
        assert coloured.z[row][column] == pytest.approx(published[code])
    assert len(figure.layout.shapes) == 1 and figure.layout.shapes[0].line.color == maps.SELECTED_OUTLINE


def test_colour_range_ignores_suppressed_values():
    assert maps.value_range(pd.Series([0.1, None, 0.3])) == (0.1, 0.3)
    assert maps.value_range(pd.Series([None, None])) == (0.0, 1.0)
    assert maps.value_range(pd.Series([5.0, 5.0])) == (4.5, 5.5)


def test_selected_codes_from_either_map():
    assert maps.selected_codes([{"location": "1571"}, {"location": "1501"}]) == ("1501", "1571")
    assert maps.selected_codes([{"customdata": ["Kota Jambi", "1", "1", "1571"]}]) == ("1571",)
    assert maps.selected_codes([]) == ()
    assert maps.selected_codes([{"location": "9999"}]) == ()


def test_map_page_draws_a_choropleth_of_the_eleven_regencies(app_env, boundary_file, monkeypatch, con):
    """The map page with the real boundary file: a Choroplethmap of the 11 regencies with the published
    alumni counts, not the tile-grid stand-in (which test_app's map test also accepts)."""
    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(boundary_file))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["regency"] = "1571"
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(figures) == 1
    traces = figures[0]["data"]
    assert all(trace["type"] == "choroplethmap" for trace in traces), [trace["type"] for trace in traces]
    coloured = traces[0]
    assert sorted(coloured["locations"]) == list(REGENCY_CODES)
    assert {feature["id"] for feature in coloured["geojson"]["features"]} == set(REGENCY_CODES)
    published = published_regions(con).set_index("regency_code")["alumni"]  # the page's default measure
    assert list(plotly_array(coloured["z"])) == pytest.approx([published[c] for c in coloured["locations"]])
    assert list(traces[-1]["locations"]) == ["1571"]  # the selected regency is outlined


def plotly_array(value) -> np.ndarray:
    """A Plotly JSON array: a list, or {"dtype", "bdata"} (base64 of the raw values)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value)
