"""Pure map builders: the regency map and its tile-grid stand-in.

The regencies are drawn as plain Plotly shapes (`go.Scatter` with `fill="toself"`) on equal axes:
everything, the names on the map included, is SVG that plotly.js draws by itself. The map
styles of `go.Choroplethmap` take their text glyphs from a font server and `go.Choropleth`
fetches its base map from a CDN, neither of which a gathering without internet can reach.

A click on a filled area gives Plotly no point, so each regency carries a grid of invisible
markers (its code as their customdata) that take the hover and the click.
Colours run light to dark blue with no grey in the scale; grey is kept for hidden values and
has its own legend entry.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from shapely.geometry import Point
from shapely.geometry import shape as geometry_shape
from shapely.ops import polylabel
from shapely.prepared import prep

from prakerja_dash.data.boundaries import Boundaries
from prakerja_dash.i18n import format_int, format_measure, plotly_separators, t
from prakerja_dash.presentation.charts import FONT_FAMILY, FONT_SIZE, SEQUENTIAL_SCALE, value_ticks

COLOUR_SCALE = SEQUENTIAL_SCALE  # light to dark blue: no grey anywhere in the scale
SUPPRESSED_COLOUR = "#bdbdbd"  # neutral grey, only ever for hidden (< K) values
SELECTED_OUTLINE = "#D55E00"
# Rough geography of Jambi for the tile grid: (row from the north, column from the west).
TILE_POSITIONS = {
    "15.09": (0, 2), "15.06": (0, 4), "15.07": (0, 5),
    "15.72": (1, 0), "15.08": (1, 1), "15.04": (1, 3), "15.05": (1, 4), "15.71": (1, 5),
    "15.01": (2, 0), "15.02": (2, 1), "15.03": (2, 2),
}
TILE_ROWS, TILE_COLUMNS = 3, 6
TILE_LABELS = {"15.01": "Kerinci", "15.02": "Merangin", "15.03": "Sarolangun", "15.04": "Batanghari",
               "15.05": "Muaro Jambi", "15.07": "Tanjab Timur", "15.06": "Tanjab Barat", "15.09": "Tebo",
               "15.08": "Bungo", "15.71": "Kota Jambi", "15.72": "Sungai Penuh"}
# The names written on the map: short enough to sit inside their regency at a phone's width.
MAP_LABELS = {"15.01": "Kerinci", "15.02": "Merangin", "15.03": "Sarolangun", "15.04": "Batanghari",
              "15.05": "Muaro Jambi", "15.07": "Tanjung<br>Jabung Timur", "15.06": "Tanjung<br>Jabung Barat",
              "15.09": "Tebo", "15.08": "Bungo", "15.71": "Kota<br>Jambi", "15.72": "Sungai<br>Penuh"}
# Kota Jambi and Sungai Penuh are too small to hold their names: each is written beside its
# city (lon, lat of the name) with a line to it.
NAMES_BESIDE = {"15.71": (103.62, -1.98), "15.72": (101.2, -2.6)}
# Where a name sits when the middle of its regency would put it on a neighbour's name.
NAME_AT = {"15.05": (104.02, -1.66)}
MAP_HEIGHT, MAP_BOTTOM = 500, 110  # px: the figure, and the colour bar and legend below the map
LABEL_SIZE = 13  # px: the names on the dashboard's map
HIT_STEP = 0.07  # degrees (about 8 km) between a regency's invisible click markers
MEASURE_KINDS = {"alumni": "count", "alumni_per_1000": "per_1000", "pct_now_employed": "share",
                 "pct_now_business": "share", "median_income_change": "median"}


def value_range(values: pd.Series) -> tuple[float, float]:
    """The colour range of a published measure (suppressed values ignored)."""
    shown = values.dropna()
    if shown.empty:
        return 0.0, 1.0
    low, high = float(shown.min()), float(shown.max())
    return (low, high) if high > low else (low - 0.5, high + 0.5)


def _hover(frame: pd.DataFrame, measure: str, lang: str, k: int) -> list[list[str]]:
    kind = MEASURE_KINDS[measure]
    n_column = "alumni_n" if measure == "alumni_per_1000" else f"{measure}_n"
    rows = []
    for _, row in frame.iterrows():
        n = row[n_column]
        rows.append([
            row["name"],
            format_measure(kind, row[measure], lang, k, signed=measure == "median_income_change"),
            format_int(n, lang) if pd.notna(n) else t("suppressed", lang, k=k),
            row["regency_code"],
        ])
    return rows


def _colour_bar(frame: pd.DataFrame, measure: str, lang: str, colour_range: tuple[float, float]) -> dict:
    """A horizontal colour bar under the map, its title naming the measure and the scale in use:
    fitted to the values shown when it spans exactly them, else fixed (the province's)."""
    kind = MEASURE_KINDS[measure]
    fitted = tuple(colour_range) == value_range(frame[measure])
    scale = t("map_scale_legend_view" if fitted else "map_scale_legend_province", lang)
    title = f"{t(f'map_measure_{measure}', lang)}<br>{scale}"
    return {"title": {"text": title, "side": "top"}, "orientation": "h",
            "thickness": 16, "len": 0.9, "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top",
            **value_ticks(kind, list(colour_range), lang)}


def _outer_rings(geometry: dict) -> list[list[tuple[float, float]]]:
    """The outer ring of every polygon of a (Multi)Polygon; holes are covered by the regency drawn
    inside them (Kota Jambi inside Muaro Jambi), as the regencies are drawn largest first."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons]


def _joined(rings: list[list[tuple[float, float]]]) -> tuple[list[float | None], list[float | None]]:
    """x and y of `rings` as one line, a None between rings (Plotly fills each ring by itself)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        xs += [x for x, _ in ring] + [None]
        ys += [y for _, y in ring] + [None]
    return xs, ys


def _hit_points(code: str, geometry: dict, step: float = HIT_STEP) -> tuple[list[float], list[float]]:
    """Points on a `step`° grid inside the regency, and the point its name goes to: invisible
    markers that carry the hover and the click (Plotly reports no point for a click on a filled
    area). The first point is the name's: NAME_AT when that lies inside this file's outline, else
    the point farthest inside the largest part."""
    shape = geometry_shape(geometry)
    inside = prep(shape)
    named = Point(NAME_AT[code]) if code in NAME_AT else None
    if named is None or not inside.contains(named):
        named = polylabel(max(getattr(shape, "geoms", [shape]), key=lambda part: part.area), tolerance=0.005)
    west, south, east, north = shape.bounds
    xs, ys = [named.x], [named.y]
    for i in range(math.ceil((east - west) / step)):
        for j in range(math.ceil((north - south) / step)):
            x, y = west + (i + 0.5) * step, south + (j + 0.5) * step
            if inside.contains(Point(x, y)):
                xs.append(round(x, 4))
                ys.append(round(y, 4))
    return xs, ys


def _fill(value: float, colour_range: tuple[float, float]) -> tuple[str, float]:
    """The scale's colour for `value` and where it lies on the scale (0 to 1)."""
    low, high = colour_range
    position = min(max((value - low) / (high - low), 0.0), 1.0) if high > low else 0.5
    return sample_colorscale(COLOUR_SCALE, [position])[0], position


def choropleth_figure(frame: pd.DataFrame, geojson: dict, centre: tuple[float, float], measure: str, lang: str,
                      k: int, colour_range: tuple[float, float], selected: tuple[str, ...] = (),
                      label_size: int = LABEL_SIZE) -> go.Figure:
    """The 11 regencies drawn as plain filled shapes on equal axes, each named on the map; coloured
    by `measure`, suppressed ones grey, marked "< K" and named in the legend. Each trace's `meta`
    says what it is: "fill <code>", "hit <code>" (the click markers), "selected <code>", "names",
    "scale" (the colour bar).

    Everything is SVG drawn by Plotly itself: no tiles, fonts or topojson from the internet, so the
    names stay on the map at a gathering without a connection. `centre` is kept for callers.
    """
    del centre
    rows = frame.set_index("regency_code")
    features = sorted(geojson["features"], key=lambda f: -geometry_shape(f["geometry"]).area)
    hover = _hover(frame, measure, lang, k)
    hover_by_code = {row[3]: row for row in hover}
    fig = go.Figure()
    labels_x, labels_y, label_text, label_colour = [], [], [], []
    hidden_in_legend = False
    for feature in features:
        code = feature["id"]
        value = rows.at[code, measure]
        hidden = pd.isna(value)
        colour, position = (SUPPRESSED_COLOUR, 0.0) if hidden else _fill(float(value), colour_range)
        xs, ys = _joined(_outer_rings(feature["geometry"]))
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, line={"color": "white", "width": 1.5},
            hoverinfo="skip", name=t("map_hidden_legend", lang, k=k) if hidden else "", meta=f"fill {code}",
            showlegend=bool(hidden and not hidden_in_legend), legendgroup="hidden" if hidden else None))
        hidden_in_legend |= bool(hidden)
        hit_x, hit_y = _hit_points(code, feature["geometry"])
        name, shown, n, _ = hover_by_code[code]
        fig.add_trace(go.Scatter(
            x=hit_x, y=hit_y, mode="markers", marker={"size": 12, "opacity": 0},
            customdata=[code] * len(hit_x), showlegend=False, name="", meta=f"hit {code}",
            hovertemplate=f"<b>{name}</b><br>{shown}<br>n = {n}<extra></extra>"))
        if code in NAMES_BESIDE:
            fig.add_annotation(x=hit_x[0], y=hit_y[0], ax=NAMES_BESIDE[code][0], ay=NAMES_BESIDE[code][1],
                               axref="x", ayref="y", text=MAP_LABELS[code], showarrow=True, arrowhead=0,
                               arrowwidth=1.5, arrowcolor="#111111", bgcolor="rgba(255,255,255,0.85)",
                               font={"size": label_size, "color": "#111111", "family": FONT_FAMILY})
        else:
            labels_x.append(hit_x[0])
            labels_y.append(hit_y[0])
            label_text.append(MAP_LABELS[code])
            label_colour.append("white" if position > 0.6 else "#111111")
    for code in selected:
        feature = next((f for f in features if f["id"] == code), None)
        if feature is not None:
            xs, ys = _joined(_outer_rings(feature["geometry"]))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": SELECTED_OUTLINE, "width": 4},
                                     hoverinfo="skip", showlegend=False, name="", meta=f"selected {code}"))
    fig.add_trace(go.Scatter(
        x=labels_x, y=labels_y, mode="text", text=label_text, hoverinfo="skip", showlegend=False, name="", meta="names",
        textfont={"size": label_size, "color": label_colour, "family": FONT_FAMILY}))
    shown_values = frame[measure].dropna()
    if not shown_values.empty:  # the colour bar: an invisible marker that only carries the scale
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False, name="", meta="scale",
            marker={"color": [colour_range[0]], "cmin": colour_range[0], "cmax": colour_range[1],
                    "colorscale": COLOUR_SCALE, "showscale": True,
                    "colorbar": _colour_bar(frame, measure, lang, colour_range)}))
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": MAP_BOTTOM}, height=MAP_HEIGHT, plot_bgcolor="white",
        paper_bgcolor="white", font={"size": FONT_SIZE, "family": FONT_FAMILY}, separators=plotly_separators(lang),
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": FONT_SIZE - 2}},
        clickmode="event+select", dragmode=False, hovermode="closest", uirevision="jambi-map",
    )
    points = [p for f in features for ring in _outer_rings(f["geometry"]) for p in ring]
    west = min([x for x, _ in points] + [x for x, _ in NAMES_BESIDE.values()]) - 0.1
    south = min([y for _, y in points] + [y for _, y in NAMES_BESIDE.values()]) - 0.08
    fig.update_xaxes(visible=False, fixedrange=True, range=[west, max(x for x, _ in points) + 0.05])
    fig.update_yaxes(range=[south, max(y for _, y in points) + 0.05])
    # Equal axes: a degree of longitude is as long as one of latitude this close to the equator.
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1)
    return fig


def tile_grid_figure(frame: pd.DataFrame, measure: str, lang: str, k: int, colour_range: tuple[float, float],
                     selected: tuple[str, ...] = ()) -> go.Figure:
    """One equal tile per regency, placed roughly by geography, for when no boundary file is usable.

    A heatmap draws the tiles (so they scale with the page) and an almost transparent marker
    on each tile carries the hover and the click.
    """
    rows = frame.set_index("regency_code").loc[list(TILE_POSITIONS)].reset_index()
    kind = MEASURE_KINDS[measure]
    grid = [[None] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    grey = [[None] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    text = [[""] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    for code, value in zip(rows["regency_code"], rows[measure], strict=True):
        row, column = TILE_POSITIONS[code]
        label = TILE_LABELS[code].replace(" ", "<br>", 1)
        text[row][column] = f"{label}<br><b>{format_measure(kind, value, lang, k)}</b>"
        if pd.isna(value):
            grey[row][column] = 1
        else:
            grid[row][column] = value
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=grey, colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], showscale=False,
                             xgap=6, ygap=6, hoverinfo="skip"))
    fig.add_trace(go.Heatmap(
        z=grid, zmin=colour_range[0], zmax=colour_range[1], colorscale=COLOUR_SCALE, text=text,
        texttemplate="%{text}", textfont={"size": FONT_SIZE - 3}, xgap=6, ygap=6, hoverinfo="skip",
        colorbar=_colour_bar(frame, measure, lang, colour_range) | {"y": -0.05},
    ))
    grey_text = [[text[r][c] if grey[r][c] else "" for c in range(TILE_COLUMNS)] for r in range(TILE_ROWS)]
    transparent = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    fig.add_trace(go.Heatmap(z=grey, text=grey_text, texttemplate="%{text}", colorscale=transparent, showscale=False,
                             hoverinfo="skip", textfont={"size": FONT_SIZE - 3}))
    fig.add_trace(go.Scatter(
        x=[TILE_POSITIONS[c][1] for c in rows["regency_code"]], y=[TILE_POSITIONS[c][0] for c in rows["regency_code"]],
        mode="markers", marker={"symbol": "square", "size": 60, "opacity": 0.01, "color": "black"},
        customdata=_hover(rows, measure, lang, k),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>n = %{customdata[2]}<extra></extra>",
    ))
    for code in selected:
        row, column = TILE_POSITIONS[code]
        fig.add_shape(type="rect", x0=column - 0.5, x1=column + 0.5, y0=row - 0.5, y1=row + 0.5,
                      line={"color": SELECTED_OUTLINE, "width": 5})
    fig.update_layout(
        height=440, margin={"l": 10, "r": 10, "t": 10, "b": 80}, plot_bgcolor="white", showlegend=False,
        font={"size": FONT_SIZE, "family": FONT_FAMILY}, clickmode="event+select", uirevision="jambi-tiles",
        separators=plotly_separators(lang),
    )
    fig.update_xaxes(visible=False, range=[-0.5, TILE_COLUMNS - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[TILE_ROWS - 0.5, -0.5], fixedrange=True)
    return fig


def footnote(measure: str, lang: str, k: int) -> str:
    """The map's footnote: the base of a starred measure (only for those), grey, and the click."""
    parts = [t("map_footnote_base", lang)] if t(f"map_measure_{measure}", lang).endswith("*") else []
    parts += [t("map_footnote_hidden", lang, k=k), t("map_footnote_click", lang)]
    return " ".join(parts)


def selected_codes(points: list[dict]) -> tuple[str, ...]:
    """BPS codes of the regencies a click or lasso selected on either map (the shapes' markers carry
    the code as their customdata, the tiles' as its fourth item)."""
    def code(point: dict) -> object:
        data = point.get("customdata")
        return point.get("location") or (data if isinstance(data, str) else (data or [None] * 4)[3])

    codes = {code(p) for p in points}
    return tuple(sorted(c for c in codes if isinstance(c, str) and c in TILE_POSITIONS))



def regency_figure(frame: pd.DataFrame, boundaries: Boundaries | None, measure: str, lang: str, k: int,
                   colour_range: tuple[float, float], selected: tuple[str, ...] = (),
                   label_size: int = LABEL_SIZE) -> go.Figure:
    """The choropleth over the boundary file, or the tile grid when there is no usable file."""
    if boundaries is None:
        return tile_grid_figure(frame, measure, lang, k, colour_range, selected)
    return choropleth_figure(frame, boundaries.geojson, boundaries.centre, measure, lang, k, colour_range, selected,
                             label_size)
