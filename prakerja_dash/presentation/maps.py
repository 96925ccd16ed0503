"""Pure map builders: the regency choropleth and its tile-grid stand-in.

`go.Choroplethmap` with the `white-bg` style draws from the GeoJSON we pass and needs no
tiles, fonts or base map from the internet (Plotly's `go.Choropleth` would fetch world
topojson from a CDN). No text is drawn on the map itself for the same reason: map labels
need glyphs from a server. The sorted table beside the map carries the names.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from prakerja_dash.data.boundaries import Boundaries
from prakerja_dash.i18n import format_int, format_measure, t
from prakerja_dash.presentation.charts import FONT_FAMILY, FONT_SIZE

COLOUR_SCALE = "Cividis"  # sequential, readable by colour-blind viewers and in greyscale
SUPPRESSED_COLOUR = "#d9d9d9"
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


def choropleth_figure(frame: pd.DataFrame, geojson: dict, centre: tuple[float, float], measure: str, lang: str,
                      k: int, colour_range: tuple[float, float], selected: tuple[str, ...] = ()) -> go.Figure:
    """The 11 regencies coloured by `measure`; suppressed ones grey and marked "< K"."""
    shown = frame[frame[measure].notna()]
    hidden = frame[frame[measure].isna()]
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>n = %{customdata[2]}<extra></extra>"
    fig = go.Figure()
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, featureidkey="id", locations=shown["regency_code"], z=shown[measure],
        zmin=colour_range[0], zmax=colour_range[1], colorscale=COLOUR_SCALE,
        marker={"line": {"color": "white", "width": 1.5}, "opacity": 0.9},
        customdata=_hover(shown, measure, lang, k), hovertemplate=hover,
        colorbar={"title": {"text": t(f"map_measure_{measure}", lang), "side": "top"},
                  "tickformat": _tick_format(measure), "orientation": "h", "thickness": 16, "len": 0.9,
                  "y": -0.02, "yanchor": "top"},
        name="", showscale=not shown.empty,
    ))
    if not hidden.empty:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="id", locations=hidden["regency_code"], z=[0] * len(hidden),
            colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], showscale=False,
            marker={"line": {"color": "white", "width": 1.5}},
            customdata=_hover(hidden, measure, lang, k), hovertemplate=hover, name="",
        ))
    if selected:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey="id", locations=list(selected), z=[0] * len(selected),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"color": SELECTED_OUTLINE, "width": 4}}, hoverinfo="skip", name="",
        ))
    fig.update_layout(
        map={"style": "white-bg", "center": {"lon": centre[0], "lat": centre[1]}, "zoom": 6.5},
        margin={"l": 0, "r": 0, "t": 0, "b": 80}, height=500,
        font={"size": FONT_SIZE, "family": FONT_FAMILY}, separators=",." if lang == "id" else ".,",
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
        colorbar={"title": {"text": t(f"map_measure_{measure}", lang), "side": "top"},
                  "tickformat": _tick_format(measure), "orientation": "h", "y": -0.05, "yanchor": "top",
                  "thickness": 16, "len": 0.9},
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
        separators=",." if lang == "id" else ".,",
    )
    fig.update_xaxes(visible=False, range=[-0.5, TILE_COLUMNS - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[TILE_ROWS - 0.5, -0.5], fixedrange=True)
    return fig


def _tick_format(measure: str) -> str:
    return ".0%" if MEASURE_KINDS[measure] == "share" else ",.0f"


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
