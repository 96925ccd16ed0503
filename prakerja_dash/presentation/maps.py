"""Pure map builders: the regency choropleth and its tile-grid stand-in.

`go.Choroplethmap` with the `white-bg` style draws from the GeoJSON we pass and needs no
tiles, fonts or base map from the internet (Plotly's `go.Choropleth` would fetch world
topojson from a CDN). No text is drawn on the map itself for the same reason: Plotly's
white-bg style takes map text glyphs from fonts.openmaptiles.org (checked in plotly.js
3.8 as bundled by Streamlit 1.67), which a gathering without internet cannot reach. The
names are in the sorted table beside the map (below it on a phone) and in the hover.

The view (centre and zoom) is computed here from the boundaries so that all 11 regencies fit
a map MIN_MAP_WIDTH px wide, a phone's: plotly.js 3.8 does not fit a view to choroplethmap
traces (its fitbounds only reads lat/lon traces), and the server does not know the width.
Colours run light to dark blue with no grey in the scale; grey is kept for hidden values and
has its own legend entry.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from prakerja_dash.data.boundaries import Boundaries
from prakerja_dash.i18n import format_int, format_measure, plotly_separators, t
from prakerja_dash.presentation.charts import FONT_FAMILY, FONT_SIZE, SEQUENTIAL_SCALE, value_ticks

COLOUR_SCALE = SEQUENTIAL_SCALE  # light to dark blue: no grey anywhere in the scale
SUPPRESSED_COLOUR = "#bdbdbd"  # neutral grey, only ever for hidden (< K) values
SELECTED_OUTLINE = "#D55E00"
# Rough geography of Jambi for the tile grid: (row from the north, column from the west).
TILE_POSITIONS = {
    "1508": (0, 2), "1507": (0, 4), "1506": (0, 5),
    "1572": (1, 0), "1509": (1, 1), "1504": (1, 3), "1505": (1, 4), "1571": (1, 5),
    "1501": (2, 0), "1502": (2, 1), "1503": (2, 2),
}
TILE_ROWS, TILE_COLUMNS = 3, 6
TILE_LABELS = {"1501": "Kerinci", "1502": "Merangin", "1503": "Sarolangun", "1504": "Batanghari",
               "1505": "Muaro Jambi", "1506": "Tanjab Timur", "1507": "Tanjab Barat", "1508": "Tebo",
               "1509": "Bungo", "1571": "Kota Jambi", "1572": "Sungai Penuh"}
MAP_HEIGHT, MAP_BOTTOM = 430, 90  # px: the figure, and the colour bar and legend below the map
MIN_MAP_WIDTH = 320  # px: a 390 px phone less Streamlit's padding and a margin
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


def _colour_bar(measure: str, lang: str, colour_range: tuple[float, float]) -> dict:
    kind = MEASURE_KINDS[measure]
    return {"title": {"text": t(f"map_measure_{measure}", lang), "side": "top"}, "orientation": "h",
            "thickness": 16, "len": 0.9, "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top",
            **value_ticks(kind, list(colour_range), lang)}


def _mercator_y(lat: float) -> float:
    """Web-Mercator y of a latitude, 0 at the top of the world and 1 at the bottom."""
    sin = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)


def _coordinates(geometry: dict) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []

    def visit(value: list) -> None:
        if value and isinstance(value[0], int | float):
            points.append((float(value[0]), float(value[1])))
        else:
            for item in value:
                visit(item)

    visit(geometry["coordinates"])
    return points


def fit_view(geojson: dict, width: float = MIN_MAP_WIDTH, height: float = MAP_HEIGHT - MAP_BOTTOM,
             padding: float = 12) -> tuple[dict[str, float], float]:
    """Centre and zoom that show every feature of `geojson` whole in a map of `width` × `height` px."""
    points = [p for feature in geojson["features"] for p in _coordinates(feature["geometry"])]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    top, bottom = _mercator_y(north), _mercator_y(south)
    tile = 512  # MapLibre's world is 512 × 2^zoom px
    zoom = min(math.log2((width - 2 * padding) / (tile * (east - west) / 360)),
               math.log2((height - 2 * padding) / (tile * (bottom - top))))
    middle = (top + bottom) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * middle))))
    return {"lon": (west + east) / 2, "lat": lat}, math.floor(zoom * 100) / 100  # rounded down: never cut


def choropleth_figure(frame: pd.DataFrame, geojson: dict, centre: tuple[float, float], measure: str, lang: str,
                      k: int, colour_range: tuple[float, float], selected: tuple[str, ...] = ()) -> go.Figure:
    """The 11 regencies coloured by `measure`; suppressed ones grey, marked "< K" and named in the legend.

    `centre` is the boundary file's centre; the view is fitted to the regencies' outlines instead
    (`fit_view`), so that Kerinci and Sungai Penuh stay on a phone's screen.
    """
    del centre  # kept in the signature for callers
    view_centre, zoom = fit_view(geojson)
    shown = frame[frame[measure].notna()]
    hidden = frame[frame[measure].isna()]
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>n = %{customdata[2]}<extra></extra>"
    fig = go.Figure()
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, featureidkey="id", locations=shown["regency_code"], z=shown[measure],
        zmin=colour_range[0], zmax=colour_range[1], colorscale=COLOUR_SCALE,
        marker={"line": {"color": "white", "width": 1.5}, "opacity": 0.95},
        customdata=_hover(shown, measure, lang, k), hovertemplate=hover,
        colorbar=_colour_bar(measure, lang, colour_range), name="", showscale=not shown.empty, showlegend=False,
    ))
    if not hidden.empty:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="id", locations=hidden["regency_code"], z=[0] * len(hidden),
            colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], showscale=False,
            marker={"line": {"color": "white", "width": 1.5}},
            customdata=_hover(hidden, measure, lang, k), hovertemplate=hover,
            name=t("map_hidden_legend", lang, k=k), showlegend=True,
        ))
    if selected:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="id", locations=list(selected), z=[0] * len(selected),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"color": SELECTED_OUTLINE, "width": 4}}, hoverinfo="skip", name="", showlegend=False,
        ))
    fig.update_layout(
        map={"style": "white-bg", "center": view_centre, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": MAP_BOTTOM}, height=MAP_HEIGHT,
        font={"size": FONT_SIZE, "family": FONT_FAMILY}, separators=plotly_separators(lang),
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": FONT_SIZE - 2}},
        uirevision="jambi-map",  # keep the user's pan and zoom across reruns
        clickmode="event+select",
    )
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
        colorbar=_colour_bar(measure, lang, colour_range) | {"y": -0.05},
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
    """BPS codes of the regencies a click or lasso selected on either map."""
    codes = {p.get("location") or (p.get("customdata") or [None] * 4)[3] for p in points}
    return tuple(sorted(c for c in codes if isinstance(c, str) and c in TILE_POSITIONS))



def regency_figure(frame: pd.DataFrame, boundaries: Boundaries | None, measure: str, lang: str, k: int,
                   colour_range: tuple[float, float], selected: tuple[str, ...] = ()) -> go.Figure:
    """The choropleth over the boundary file, or the tile grid when there is no usable file."""
    if boundaries is None:
        return tile_grid_figure(frame, measure, lang, k, colour_range, selected)
    return choropleth_figure(frame, boundaries.geojson, boundaries.centre, measure, lang, k, colour_range, selected)
