"""Figures an official can read at a glance: colour scales without grey (grey means "hidden"), one
number format per language everywhere a figure writes a number, titles that fit a phone."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.colors import sample_colorscale

from prakerja_dash import i18n
from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, maps
from tests.conftest import JAMBI_CODES

K = 10
MIN_CHROMA = 0.15  # (max - min) of the RGB channels, 0..1: below this a colour reads as grey


def chroma(colour: str) -> float:
    r, g, b = (float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
    return max(r, g, b) - min(r, g, b)


def scale_samples(scale) -> list[str]:
    return sample_colorscale(scale, list(np.linspace(0, 1, 51)), colortype="rgb")


def test_the_grey_check_catches_cividis():
    assert min(chroma(c) for c in scale_samples("Cividis")) < MIN_CHROMA  # its middle is grey


def test_the_sequential_scale_has_no_grey_and_differs_from_hidden():
    hidden = np.array(sample_colorscale([[0, maps.SUPPRESSED_COLOUR], [1, maps.SUPPRESSED_COLOUR]], [0.5],
                                        colortype="rgb")[0].strip("rgb()").split(","), dtype=float)
    assert chroma(f"rgb({','.join(str(v) for v in hidden)})") < 0.02  # the hidden colour is a true grey
    for colour in scale_samples(charts.SEQUENTIAL_SCALE):
        assert chroma(colour) >= MIN_CHROMA, colour
        assert np.abs(np.array(colour.strip("rgb()").split(","), dtype=float) - hidden).max() > 30, colour
    lightness = [sum(float(v) for v in c.strip("rgb()").split(",")) for c in scale_samples(charts.SEQUENTIAL_SCALE)]
    assert lightness == sorted(lightness, reverse=True)  # light to dark: readable in greyscale too


# --- figures of every builder, on small frames --------------------------------------------------
def _trend(period: str = "wave") -> pd.DataFrame:
    by_wave = pd.DataFrame({"wave": [1, 2, 48, 49], "year": [2020, 2020, 2023, 2023],
                            "n_alumni": [12_500, 40_000, 5, 30_000], "n_not_working_surveyed": [3_000, 2_000, 3, 1_500],
                            "n_now_employed": [390, 300, 1, 200], "n_now_business": [360, 250, 1, 150]})
    return metrics.trend(by_wave, period, k=K)


def _groups() -> pd.DataFrame:
    return pd.DataFrame({"label": ["SD", "SMA/SMK", "Sarjana"], "median_income_change": [310_000, 450_000, 1_250_000],
                         "share": [0.123, 0.456, 0.05], "count": [1_234, 56_789, 12]})


def _regions() -> pd.DataFrame:
    n = len(JAMBI_CODES)
    frame = pd.DataFrame({"group_key": list(JAMBI_CODES), "n_alumni": [12_000 + 1_000 * i for i in range(n)],
                          "n_not_working_surveyed": [4_000] * n, "n_now_employed": [400 + 30 * i for i in range(n)],
                          "n_now_business": [300] * n, "n_earning_after": [2_000] * n,
                          "median_income_change": [300_000.0 + 50_000 * i for i in range(n)]})
    table = pd.DataFrame({"regency_code": list(JAMBI_CODES), "name": [f"R{c}" for c in JAMBI_CODES],
                          "population": [250_000] * n})
    return metrics.regencies(frame, table, K)


def _square(code: str, i: int) -> dict:
    x, y = 101 + 0.3 * i, -2 + 0.1 * i
    return {"type": "Feature", "id": code, "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 0.3, y], [x + 0.3, y + 0.3], [x, y]]]}}


GEOJSON = {"type": "FeatureCollection", "features": [_square(c, i) for i, c in enumerate(JAMBI_CODES)]}


def figures(lang: str) -> dict[str, go.Figure]:
    g = _groups()
    heat = pd.DataFrame({"group_key": ["c1", "c1", "c2"], "group_key_2": ["15.01", "15.02", "15.01"],
                         "pct_now_employed": [0.123, 0.2, 0.05]})
    regions = _regions()
    flow = metrics.flow(pd.DataFrame({"status_before": ["tidak_bekerja", "pekerja"], "status_after": ["pekerja"] * 2,
                                      "n_alumni": [12_000, 30_000]}), K)
    bands = pd.DataFrame({"band": [-1, 0, 1, 20], "before": [1_200.0, 3_400, 2_000, 12],
                          "after": [900.0, 3_000, 2_500, 40]})
    figures = {
        "volume_wave": charts.volume_figure(_trend(), "wave", lang),
        "volume_year": charts.volume_figure(_trend("year"), "year", lang),
        "outcome_trend": charts.outcome_trend_figure(_trend(), "wave", lang, K),
        "outcome_trend_year": charts.outcome_trend_figure(_trend("year"), "year", lang, K),
        "bars_median": charts.bars_figure(list(g["label"]), g["median_income_change"], "median",
                                          i18n.t("training_income", lang), lang, K),
        "bars_share": charts.bars_figure(list(g["label"]), g["share"], "share", i18n.t("platform_title", lang),
                                         lang, K),
        "bars_count": charts.bars_figure(list(g["label"]), g["count"], "count", "t", lang, K, horizontal=False),
        "paired": charts.paired_bars_figure(list(g["label"]), g["share"], g["share"] / 2, ("A", "B"),
                                            i18n.t("training_outcomes", lang), lang, K),
        "heatmap": charts.heatmap_figure(
            heat, {"c1": "Cat 1", "c2": "Cat 2"}, maps.TILE_LABELS, "pct_now_employed",
            i18n.t("heatmap_title", lang, measure=i18n.t("column_employed", lang)), lang, K),
        "sankey": charts.sankey_figure(flow, labels.status_names(lang), i18n.t("flow_title", lang), lang),
        "histogram": charts.income_histogram_figure(bands, labels.income_band_labels(bands["band"], lang),
                                                    ("a", "b"), i18n.t("income_title", lang), lang),
    }
    for measure in maps.MEASURE_KINDS:
        colour_range = maps.value_range(regions[measure])
        figures[f"map_{measure}"] = maps.choropleth_figure(regions, GEOJSON, (102.8, -1.7), measure, lang, K,
                                                           colour_range)
        figures[f"tiles_{measure}"] = maps.tile_grid_figure(regions, measure, lang, K, colour_range)
    return figures


def _texts(figure: go.Figure) -> list[str]:
    """Every text a figure writes: trace texts and hover data, tick labels, colour bars, annotations."""
    out: list[str] = []

    def add(value) -> None:
        if value is None:
            return
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list | tuple | np.ndarray):
            for item in value:
                add(item)

    for trace in figure.data:
        for attribute in ("text", "customdata", "hovertemplate", "texttemplate"):
            add(getattr(trace, attribute, None))
        bar = getattr(trace, "colorbar", None)
        if bar is not None:
            add(bar.ticktext)
        marker = getattr(trace, "marker", None)
        if marker is not None and getattr(marker, "colorbar", None) is not None:
            add(marker.colorbar.ticktext)
    layout = figure.layout
    for axis in [a for a in layout if a.startswith(("xaxis", "yaxis"))]:
        add(layout[axis].ticktext)
    add([a.text for a in layout.annotations])
    return out


FORBIDDEN = {
    # Indonesian writes 12,3 % and Rp 1,2 jt: an English decimal point or unit is wrong there.
    "id": [r"\d\.\d+ %", r"\d\.\d+ (jt|rb)\b", r"Rp [\d.,]+ ?[KB]\b", r"\d%", r"Rp\d"],
    "en": [r"\d,\d+ %", r"\b(jt|rb)\b", r"Rp [\d.,]+ ?(jt|rb)", r"\d%", r"Rp\d"],
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_figures_write_numbers_one_way(lang):
    for name, figure in figures(lang).items():
        assert figure.layout.separators == i18n.plotly_separators(lang), name
        for axis in [a for a in figure.layout if a.startswith(("xaxis", "yaxis"))]:
            # Plotly's own formats only where they agree with i18n: grouped integers or one decimal.
            assert figure.layout[axis].tickformat in (None, ",.0f", ",.1f"), (name, axis)
        for trace in figure.data:
            bar = getattr(trace, "colorbar", None)
            if bar is not None and bar.tickformat:
                assert bar.tickformat in (",.0f", ",.1f"), name
        text = "\n".join(_texts(figure))
        assert not re.search(r"%\{[^}]*:[^}]*\}", text), f"{name}: a d3 number format in a hover"
        for pattern in FORBIDDEN[lang]:
            assert not re.search(pattern, text), f"{name} ({lang}): {pattern} in {text[:300]!r}"


def test_share_and_money_ticks_read_like_the_values():
    figure = charts.bars_figure(["a", "b"], pd.Series([0.1, 0.35]), "share", "t", "id", K)
    assert list(figure.layout.xaxis.ticktext)[:3] == ["0 %", "10 %", "20 %"]
    money = charts.bars_figure(["a", "b"], pd.Series([310_000, 1_250_000]), "median", "t", "en", K)
    assert list(money.layout.xaxis.ticktext)[:2] == ["Rp 0", "Rp 1 M"]
    assert list(money.layout.xaxis.ticktext) == [i18n.format_rupiah(v, "en") for v in money.layout.xaxis.tickvals]
    colours = maps.choropleth_figure(_regions(), GEOJSON, (0, 0), "median_income_change", "id", K, (300_000, 800_000))
    assert set(_colour_bar(colours).ticktext) <= {"Rp 0", "Rp 500 rb", "Rp 1 jt"}
    counts = maps.choropleth_figure(_regions(), GEOJSON, (0, 0), "alumni", "id", K, (12_000, 22_000))
    assert _colour_bar(counts).tickformat == ",.0f"  # 20.000, never 20k


def _colour_bar(figure: go.Figure):
    return next(trace.marker.colorbar for trace in figure.data if trace.meta == "scale")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_titles_fit_a_phone(lang):
    for name, figure in figures(lang).items():
        title = figure.layout.title.text or ""
        assert all(len(line) <= charts.TITLE_CHARS for line in title.split("<br>")), (name, title)


def test_hidden_regencies_are_grey_with_a_legend_entry_and_the_map_holds_all_of_them():
    regions = _regions()
    regions.loc[regions["regency_code"] == "15.72", "alumni"] = None
    figure = maps.choropleth_figure(regions, GEOJSON, (0, 0), "alumni", "en", K, (0, 30_000))
    hidden = next(trace for trace in figure.data if trace.meta == "fill 15.72")
    assert hidden.showlegend and hidden.name == "Grey: < 10 alumni (hidden)"
    assert hidden.fillcolor == maps.SUPPRESSED_COLOUR
    assert next(t for t in figure.data if t.meta == "scale").marker.colorscale == tuple(
        tuple(step) for step in charts.SEQUENTIAL_SCALE)
    # Fixed axes that hold every square (101° to 104.3° east) and keep its true shape.
    assert figure.layout.xaxis.range[0] <= 101 and figure.layout.xaxis.range[1] >= 101 + 0.3 * 10 + 0.3
    assert figure.layout.xaxis.fixedrange and figure.layout.yaxis.scaleanchor == "x"


def test_the_footnote_explains_the_star_only_for_starred_measures():
    assert maps.footnote("pct_now_employed", "en", K).startswith("*) ")
    assert "*)" not in maps.footnote("alumni", "en", K) and "*)" not in maps.footnote("median_income_change", "id", K)
    assert "Grey: fewer than 10 alumni" in maps.footnote("alumni", "en", K)


def _colours(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | np.ndarray):
        return [c for item in value for c in _colours(item)]
    return []


def _is_grey(colour: str) -> bool:
    """A colour that reads as grey: no hue, neither (near) white nor transparent."""
    if colour in ("white", "black") or colour.startswith("rgba(0,0,0,0)") or colour.endswith(",0)"):
        return False
    if colour.startswith("#"):
        colour = "rgb(" + ",".join(str(int(colour[i:i + 2], 16)) for i in (1, 3, 5)) + ")"
    if not colour.startswith("rgb"):
        return False
    channels = [float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
    return max(channels) - min(channels) < MIN_CHROMA and min(channels) < 0.9


def _shown_colours(trace) -> list[str]:
    """Every colour a trace gives to shown values (hidden ones are the only grey allowed)."""
    if trace.type == "sankey":
        return _colours(trace.node.color) + _colours(trace.link.color)
    if trace.type == "heatmap":
        steps = [c for _, c in trace.colorscale or ()]
        if set(steps) <= {maps.SUPPRESSED_COLOUR, "rgba(0,0,0,0)"}:  # hidden tiles, or the invisible text layer
            return []
        return scale_samples([list(step) for step in trace.colorscale])
    fill = getattr(trace, "fillcolor", None)
    if fill == maps.SUPPRESSED_COLOUR or trace.meta == "hidden":  # a hidden regency, hidden values of a trend
        return []
    colours = _colours(fill) + _colours(trace.marker.color if trace.marker else None)
    if trace.marker is not None and trace.marker.colorscale:
        colours += scale_samples([list(step) for step in trace.marker.colorscale])
    if getattr(trace, "line", None) is not None:
        colours += _colours(trace.line.color)
    return colours


@pytest.mark.parametrize("lang", ["id"])
def test_grey_marks_only_hidden_values_in_every_figure(lang):
    hidden = _regions()
    hidden.loc[hidden["regency_code"] == "15.72", ["alumni", "pct_now_employed"]] = None
    built = figures(lang) | {
        "map_hidden": maps.choropleth_figure(hidden, GEOJSON, (0, 0), "alumni", lang, K, (0, 30_000), ("15.01",)),
        "tiles_hidden": maps.tile_grid_figure(hidden, "alumni", lang, K, (0, 30_000), ("15.01",)),
    }
    for name, figure in built.items():
        for trace in figure.data:
            grey = [c for c in _shown_colours(trace) if _is_grey(c)]
            assert not grey, (name, trace.type, trace.name, grey)
    # The check finds grey where it is: the hidden regency's fill.
    assert any(_is_grey(t.fillcolor) for t in built["map_hidden"].data if t.type == "scatter" and t.fillcolor)


def test_the_histogram_has_few_readable_bins_the_top_one_open():
    bands = pd.DataFrame({"band": list(range(-1, 21)), "before": [10.0] * 22, "after": [None] + [4.0] * 21})
    coarse, names = labels.coarse_income_bands(bands, "id")
    assert len(coarse) == len(names) <= 6
    assert names[0] == i18n.t("income_none", "id") and names[-1].startswith("≥ Rp 5")
    assert coarse["before"].sum() == 220  # nothing lost: every band is in one bin
    assert pd.isna(coarse["after"].iloc[0])  # a bin of hidden bands stays hidden
