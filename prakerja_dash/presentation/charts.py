"""Pure figure builders: published DataFrames in, Plotly figures out. No Streamlit here.

Designed for a projector too: large type, few colours (Okabe-Ito, safe for colour-blind
viewers), sorted bars and direct labels instead of legends where possible.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from prakerja_dash.domain.programme import FIRST_NORMAL_WAVE, FIRST_NORMAL_YEAR
from prakerja_dash.i18n import format_int, format_measure, t

PALETTE = {"primary": "#0072B2", "accent": "#E69F00", "secondary": "#009E73", "muted": "#999999"}
FONT_SIZE = 16
FONT_FAMILY = "Source Sans, Source Sans Pro, sans-serif"  # served by Streamlit itself: no font CDN
LINK_COLOURS = {"tidak_bekerja": "rgba(153,153,153,0.35)", "pekerja": "rgba(0,114,178,0.35)",
                "wirausaha": "rgba(230,159,0,0.4)"}


def _base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 4}, "x": 0, "xanchor": "left"},
        font={"size": FONT_SIZE, "family": FONT_FAMILY, "color": "#262730"},
        height=height,
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _separators(lang: str) -> str:
    return ",." if lang == "id" else ".,"


def volume_figure(trend: pd.DataFrame, period: str, lang: str) -> go.Figure:
    """Bars of alumni per year or wave; suppressed periods are left empty."""
    labels = [format_int(v, lang) if pd.notna(v) else "" for v in trend["alumni"]]
    fig = go.Figure(
        go.Bar(
            x=trend[period],
            y=trend["alumni"],
            marker_color=PALETTE["primary"],
            text=labels if period == "year" else None,
            textposition="outside",
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    _base_layout(fig, t("volume_title", lang, period=t(f"period_{period}", lang).lower()))
    fig.update_layout(separators=_separators(lang), showlegend=False)
    fig.update_yaxes(title=t("axis_alumni", lang), gridcolor="#e5e5e5", rangemode="tozero")
    fig.update_xaxes(title=t(f"period_{period}", lang), type="category" if period == "year" else "linear")
    return fig


def outcome_trend_figure(trend: pd.DataFrame, period: str, lang: str) -> go.Figure:
    """Lines of the share now employed and now running a business, labelled at their ends.

    Suppressed points are gaps, never zeros.
    """
    fig = go.Figure()
    series = (("pct_now_employed", "series_employed", PALETTE["primary"]),
              ("pct_now_business", "series_business", PALETTE["accent"]))
    for column, label_key, colour in series:
        fig.add_trace(
            go.Scatter(
                x=trend[period],
                y=trend[column],
                name=t(label_key, lang),
                mode="lines+markers",
                line={"color": colour, "width": 3},
                customdata=trend[f"{column}_n"],
                hovertemplate="%{x}: %{y:.1%} (n = %{customdata:,.0f})<extra>" + t(label_key, lang) + "</extra>",
                connectgaps=False,
            )
        )
        last = trend[[period, column]].dropna().tail(1)
        if not last.empty:
            fig.add_annotation(
                x=last[period].iloc[0], y=last[column].iloc[0], text=t(label_key, lang),
                showarrow=False, xanchor="left", xshift=8, font={"color": colour, "size": FONT_SIZE},
            )
    boundary = FIRST_NORMAL_YEAR if period == "year" else FIRST_NORMAL_WAVE
    if len(trend) and trend[period].min() < boundary <= trend[period].max():
        fig.add_vline(x=boundary - 0.5, line={"color": PALETTE["muted"], "dash": "dot"})
        fig.add_annotation(x=boundary - 0.5, y=0.02, yref="paper", text=t("scheme_change", lang),
                           showarrow=False, xanchor="left", xshift=4, font={"color": "#555555", "size": FONT_SIZE - 2})
    _base_layout(fig, t("outcome_title", lang))
    fig.update_layout(separators=_separators(lang), showlegend=False, margin={"r": 200})
    fig.update_yaxes(title=t("axis_share", lang), tickformat=".0%", rangemode="tozero", gridcolor="#e5e5e5")
    fig.update_xaxes(title=t(f"period_{period}", lang), dtick=1 if period == "year" else None)
    return fig


def categories_figure(categories: pd.DataFrame, lang: str, k: int, top: int = 8, title: str | None = None) -> go.Figure:
    """Horizontal bars of alumni per category, largest on top, labelled directly."""
    label_column = "label_id" if lang == "id" else "label_en"
    shown = categories.dropna(subset=["alumni"]).nlargest(top, "alumni").iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=shown["alumni"],
            y=shown[label_column],
            orientation="h",
            marker_color=PALETTE["primary"],
            text=[format_int(v, lang) for v in shown["alumni"]],
            textposition="auto",
            customdata=list(zip(
                [format_measure("share", v, lang, k) for v in shown["pct_now_employed"]],
                [format_measure("share", v, lang, k) for v in shown["pct_now_business"]], strict=False,
            )),
            hovertemplate=(
                "%{y}: %{x:,.0f}<br>" + t("series_employed", lang) + ": %{customdata[0]}<br>"
                + t("series_business", lang) + ": %{customdata[1]}<extra></extra>"
            ),
        )
    )
    _base_layout(fig, title or t("categories_title", lang), height=60 + 45 * max(len(shown), 1))
    fig.update_layout(separators=_separators(lang), showlegend=False)
    fig.update_xaxes(title=t("axis_alumni", lang), gridcolor="#e5e5e5")
    fig.update_yaxes(title=None, automargin=True)
    return fig


def bars_figure(labels: list[str], values: pd.Series, kind: str, title: str, lang: str, k: int,
                horizontal: bool = True, colour: str = PALETTE["primary"], sort: bool = True) -> go.Figure:
    """Bars (sorted unless the labels have an order of their own) with their values written on
    them; suppressed bars are left out."""
    frame = pd.DataFrame({"label": labels, "value": list(values)}).dropna(subset=["value"])
    if sort:
        frame = frame.sort_values("value", ascending=horizontal)  # horizontal: largest drawn on top
    text = [format_measure(kind, v, lang, k, signed=kind == "median") for v in frame["value"]]
    axis_format = ".0%" if kind == "share" else None
    bar = go.Bar(
        x=frame["value"] if horizontal else frame["label"], y=frame["label"] if horizontal else frame["value"],
        orientation="h" if horizontal else "v", marker_color=colour, text=text,
        textposition="auto" if horizontal else "outside", textangle=0, cliponaxis=False,
        hovertemplate="%{customdata}<extra></extra>", customdata=[f"{lbl}: {txt}" for lbl, txt in
                                                                  zip(frame["label"], text, strict=True)],
    )
    fig = go.Figure(bar)
    _base_layout(fig, title, height=90 + 42 * max(len(frame), 1) if horizontal else 380)
    fig.update_layout(separators=_separators(lang), showlegend=False)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    value_axis(tickformat=axis_format, gridcolor="#e5e5e5", rangemode="tozero")
    return fig


def paired_bars_figure(labels: list[str], first: pd.Series, second: pd.Series, names: tuple[str, str],
                       title: str, lang: str, k: int) -> go.Figure:
    """Two shares per label (e.g. now employed / now running a business), sorted by the first."""
    frame = pd.DataFrame({"label": labels, "a": list(first), "b": list(second)}, dtype=object)
    frame[["a", "b"]] = frame[["a", "b"]].astype(float)
    frame = frame.dropna(subset=["a", "b"], how="all").sort_values("a", ascending=True, na_position="first")
    fig = go.Figure()
    for column, name, colour in (("b", names[1], PALETTE["accent"]), ("a", names[0], PALETTE["primary"])):
        fig.add_trace(go.Bar(
            y=frame["label"], x=frame[column], name=name, orientation="h", marker_color=colour,
            text=[format_measure("share", v, lang, k) for v in frame[column]], textposition="auto",
            hovertemplate="%{y}: %{text}<extra>" + name + "</extra>",
        ))
    _base_layout(fig, title, height=110 + 52 * max(len(frame), 1))
    fig.update_layout(barmode="group", separators=_separators(lang),
                      legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0, "traceorder": "reversed"})
    fig.update_xaxes(tickformat=".0%", gridcolor="#e5e5e5", rangemode="tozero")
    return fig


def heatmap_figure(frame: pd.DataFrame, rows: dict[str, str], columns: dict[str, str], measure: str,
                   title: str, lang: str, k: int) -> go.Figure:
    """A share per (row, column) pair, e.g. category × regency; suppressed cells stay blank."""
    grid = frame.pivot_table(index="group_key", columns="group_key_2", values=measure, aggfunc="first", dropna=False)
    grid = grid.reindex(index=[r for r in rows if r in grid.index], columns=[c for c in columns if c in grid.columns])
    text = [[format_measure("share", v, lang, k) if pd.notna(v) else "" for v in row] for row in grid.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=[columns[c] for c in grid.columns], y=[rows[r] for r in grid.index],
        colorscale="Cividis", text=text, texttemplate="%{text}", textfont={"size": FONT_SIZE - 4},
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
        colorbar={"tickformat": ".0%", "thickness": 14},
    ))
    _base_layout(fig, title, height=140 + 38 * max(len(grid.index), 1))
    fig.update_layout(separators=_separators(lang), plot_bgcolor="#f0f0f0")
    fig.update_xaxes(tickangle=-35, side="bottom")
    fig.update_yaxes(autorange="reversed")
    return fig


def sankey_figure(flow: pd.DataFrame, labels: dict[str, str], title: str, lang: str) -> go.Figure:
    """Status at registration (left) to status at the survey (right); suppressed links are not drawn."""
    statuses = list(labels)
    shown = flow.dropna(subset=["alumni"])
    shown = shown[shown["alumni"] > 0]
    colours = {"tidak_bekerja": PALETTE["muted"], "pekerja": PALETTE["primary"], "wirausaha": PALETTE["accent"]}
    fig = go.Figure(go.Sankey(
        node={"label": [labels[s] for s in statuses] * 2, "color": [colours[s] for s in statuses] * 2,
              "pad": 24, "thickness": 22},
        link={"source": [statuses.index(s) for s in shown["status_before"]],
              "target": [len(statuses) + statuses.index(s) for s in shown["status_after"]],
              "value": shown["alumni"].tolist(),
              "color": [LINK_COLOURS[s] for s in shown["status_after"]],
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f}<extra></extra>"},
        valueformat=",.0f",
    ))
    _base_layout(fig, title, height=420)
    fig.update_layout(separators=_separators(lang))
    return fig


def income_histogram_figure(bands: pd.DataFrame, band_labels: list[str], names: tuple[str, str], title: str,
                            lang: str) -> go.Figure:
    """Surveyed alumni per income band, before and after the training."""
    fig = go.Figure()
    for column, name, colour in (("before", names[0], PALETTE["muted"]), ("after", names[1], PALETTE["primary"])):
        fig.add_trace(go.Bar(x=band_labels, y=bands[column], name=name, marker_color=colour,
                             hovertemplate="%{x}: %{y:,.0f}<extra>" + name + "</extra>"))
    _base_layout(fig, title, height=400)
    fig.update_layout(barmode="group", separators=_separators(lang),
                      legend={"orientation": "h", "y": -0.25, "yanchor": "top", "x": 0})
    fig.update_yaxes(gridcolor="#e5e5e5")
    fig.update_xaxes(tickangle=-45)
    return fig


def for_projector(fig: go.Figure, height: int = 520) -> go.Figure:
    """The same figure with type readable from the back of a room; the slide's heading is its title."""
    fig.update_layout(font={"size": 24}, height=height, title_text="", margin_t=20, hoverlabel={"font_size": 22})
    fig.update_xaxes(tickfont_size=22, title_font_size=24)
    fig.update_yaxes(tickfont_size=22, title_font_size=24)
    return fig
