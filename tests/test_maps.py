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
from prakerja_dash.presentation import charts, maps
from tests.conftest import JAMBI_CODES, REPO
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
    assert list(got.index) == list(JAMBI_CODES)
    assert list(published_regions(con, Filters(regencies=("15.71",)))["regency_code"]) == list(JAMBI_CODES)
    for code, group in rows.groupby("regency_code"):
        idle = group["status_before"] == "tidak_bekerja"
        earning = group["surveyed"] & (group["income_after_rp"] > 0)
        assert got.loc[code, "n_alumni"] == len(group)
        assert got.loc[code, "n_now_employed"] == (idle & (group["status_after"] == "pekerja")).sum()
        changes = (group["income_after_rp"] - group["income_before_rp"])[earning]
        assert got.loc[code, "median_income_change"] == median_in_steps(changes)


def traces(figure, kind: str) -> dict[str, object]:
    """The figure's traces of one kind ("fill", "hit", "selected") by regency code."""
    return {trace.meta.split()[1]: trace for trace in figure.data
            if isinstance(trace.meta, str) and trace.meta.startswith(kind + " ")}


def rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(round(float(v)) for v in colour[colour.index("(") + 1:-1].split(",")[:3])


def darkness(colour: str) -> int:
    return -sum(rgb(colour))


@pytest.mark.parametrize("measure", list(maps.MEASURE_KINDS))
def test_map_colours_every_regency_by_its_published_value_over_the_values_shown(con, geo, measure):
    regions = published_regions(con, Filters(gender="P", waves=(1, 40)))
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, measure, "id", K,
                                    maps.value_range(regions[measure]))
    fills = traces(figure, "fill")
    assert sorted(fills) == list(JAMBI_CODES)
    published = regions.set_index("regency_code")[measure]
    shown = published.dropna()
    assert shown.nunique() > 2, "the fixture should show several values"
    # The default scale spans the values shown: the lowest gets the scale's lightest colour and the
    # highest its darkest; a larger value is never lighter (a filtered map is not one flat colour).
    assert rgb(fills[shown.idxmin()].fillcolor) == rgb(charts.SEQUENTIAL_SCALE[0][1])
    assert rgb(fills[shown.idxmax()].fillcolor) == rgb(charts.SEQUENTIAL_SCALE[-1][1])
    by_value = sorted(shown.index, key=lambda code: shown[code])
    darkest = [darkness(fills[code].fillcolor) for code in by_value]
    assert darkest == sorted(darkest)
    for code in published.index[published.isna()]:
        assert fills[code].fillcolor == maps.SUPPRESSED_COLOUR
    scale = next(trace for trace in figure.data if trace.meta == "scale")
    assert (scale.marker.cmin, scale.marker.cmax) == (shown.min(), shown.max())
    assert "sesuai tampilan" in scale.marker.colorbar.title.text  # the legend says which scale is used


def test_the_province_scale_is_an_option_and_the_legend_says_so(con, geo):
    regions = published_regions(con, Filters(gender="P"))
    province = maps.value_range(published_regions(con)["alumni"])
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "en", K, province)
    scale = next(trace for trace in figure.data if trace.meta == "scale")
    assert (scale.marker.cmin, scale.marker.cmax) == province
    assert "fixed (province)" in scale.marker.colorbar.title.text


def test_every_regency_is_named_on_the_map_and_its_markers_click_to_its_code(con):
    from shapely.geometry import Point, shape

    geo = load_boundaries()  # the shipped shapes: all 11 names fit, even placed for a phone
    regions = published_regions(con)
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "id", K, (0, 1))
    names = next(trace for trace in figure.data if trace.meta == "names")
    written = [text.replace("<br>", " ") for text in list(names.text) + [a.text for a in figure.layout.annotations]]
    for official in queries.regencies(con)["name"]:  # "Kabupaten Tanjung Jabung Barat", "Kota Jambi"
        assert sum(official.endswith(name) for name in written) == 1, (official, written)
    outlines = {f["id"]: shape(f["geometry"]) for f in geo.geojson["features"]}
    for code, hit in traces(figure, "hit").items():
        assert set(hit.customdata) == {code}
        assert maps.selected_codes([{"customdata": hit.customdata[0]}]) == (code,)
        assert all(outlines[code].buffer(0.01).contains(Point(x, y)) for x, y in zip(hit.x, hit.y, strict=True))


def test_alumni_per_1000_is_alumni_over_population(con, exact_counts):
    raw = queries.outcomes_by(con, Filters(), "regency").set_index("group_key")
    population = queries.regencies(con).set_index("regency_code")["population"]
    regions = published_regions(con).set_index("regency_code")
    assert list(regions["alumni_per_1000"]) == pytest.approx(list(raw["n_alumni"] / population * 1000))


def test_suppressed_regencies_are_grey_and_say_so(geo):
    frame = pd.DataFrame({"group_key": list(JAMBI_CODES), "n_alumni": [500] * 10 + [4],
                          "n_not_working_surveyed": [100] * 11, "n_now_employed": [20] * 11,
                          "n_now_business": [15] * 11, "n_earning_after": [50] * 11,
                          "median_income_change": [400_000.0] * 11})
    table = pd.DataFrame({"regency_code": list(JAMBI_CODES), "name": [f"R{c}" for c in JAMBI_CODES],
                          "population": [100_000] * 11})
    regions = metrics.regencies(frame, table, K)
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "en", K, (0, 600))
    fills = traces(figure, "fill")
    assert fills["15.72"].fillcolor == maps.SUPPRESSED_COLOUR and fills["15.72"].showlegend
    assert fills["15.72"].name == "Grey: < 10 alumni (hidden)"
    assert all(fills[c].fillcolor != maps.SUPPRESSED_COLOUR for c in JAMBI_CODES if c != "15.72")
    assert "< 10<br>n = < 10" in traces(figure, "hit")["15.72"].hovertemplate


def test_the_selected_regency_keeps_its_fill_under_its_outline(con, geo):
    regions = published_regions(con)
    figure = maps.choropleth_figure(regions, geo.geojson, geo.centre, "alumni", "id", K,
                                    maps.value_range(regions["alumni"]), ("15.71",))
    outline = traces(figure, "selected")
    assert list(outline) == ["15.71"] and outline["15.71"].line.color == maps.SELECTED_OUTLINE
    assert outline["15.71"].fill in (None, "none")  # an outline only: the fill below shows through
    assert traces(figure, "fill")["15.71"].fillcolor not in (None, maps.SUPPRESSED_COLOUR)
    assert figure.layout.uirevision and figure.layout.yaxis.scaleanchor == "x"  # equal axes: true shapes


def test_tile_grid_has_one_tile_per_regency(con):
    regions = published_regions(con)
    figure = maps.tile_grid_figure(regions, "pct_now_employed", "id", K, (0, 0.3), ("15.01",))
    coloured, clickable = figure.data[1], figure.data[-1]
    assert len(clickable.x) == 11 and len({(x, y) for x, y in zip(clickable.x, clickable.y, strict=True)}) == 11
    assert sorted(row[3] for row in clickable.customdata) == list(JAMBI_CODES)
    published = regions.set_index("regency_code")["pct_now_employed"]
    for code, (row, column) in maps.TILE_POSITIONS.items():
        assert coloured.z[row][column] == pytest.approx(published[code])
    assert len(figure.layout.shapes) == 1 and figure.layout.shapes[0].line.color == maps.SELECTED_OUTLINE


def test_colour_range_ignores_suppressed_values():
    assert maps.value_range(pd.Series([0.1, None, 0.3])) == (0.1, 0.3)
    assert maps.value_range(pd.Series([None, None])) == (0.0, 1.0)
    assert maps.value_range(pd.Series([5.0, 5.0])) == (4.5, 5.5)


def test_selected_codes_from_either_map():
    assert maps.selected_codes([{"location": "15.71"}, {"location": "15.01"}]) == ("15.01", "15.71")
    assert maps.selected_codes([{"customdata": ["Kota Jambi", "1", "1", "15.71"]}]) == ("15.71",)
    assert maps.selected_codes([]) == ()
    assert maps.selected_codes([{"location": "9999"}]) == ()


def test_map_page_draws_the_eleven_regencies_with_their_names(app_env, boundary_file, monkeypatch, con):
    """The map page with the real boundary file: the 11 regencies' shapes, each named, coloured by
    the published alumni counts, not the tile-grid stand-in (which test_app's map test also accepts)."""
    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(boundary_file))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["regency"] = "15.71"
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(figures) == 1
    traces_by_meta = {trace.get("meta"): trace for trace in figures[0]["data"]}
    assert all(trace["type"] == "scatter" for trace in figures[0]["data"])  # SVG: nothing fetched
    assert {f"fill {code}" for code in JAMBI_CODES} <= set(traces_by_meta)
    assert len(traces_by_meta["names"]["text"]) + len(figures[0]["layout"]["annotations"]) == 11
    published = published_regions(con).set_index("regency_code")["alumni"]  # the page's default measure
    assert traces_by_meta[f"fill {published.idxmax()}"]["fillcolor"] != traces_by_meta[
        f"fill {published.idxmin()}"]["fillcolor"]
    assert "selected 15.71" in traces_by_meta  # the selected regency is outlined


def plotly_array(value) -> np.ndarray:
    """A Plotly JSON array: a list, or {"dtype", "bdata"} (base64 of the raw values)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value)
