"""Pure figure builders: published DataFrames in, Plotly figures out. No Streamlit here.

Designed for a projector too: large type, few colours (Okabe-Ito, safe for colour-blind
viewers), sorted bars and direct labels instead of legends where possible.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from prakerja_dash.presentation.i18n import format_int, format_measure, t

PALETTE = {"primary": "#0072B2", "accent": "#E69F00", "secondary": "#009E73", "muted": "#999999"}
FONT_SIZE = 16
FONT_FAMILY = "Source Sans, Source Sans Pro, sans-serif"  # served by Streamlit itself: no font CDN
NORMAL_SCHEME_FIRST_YEAR, NORMAL_SCHEME_FIRST_WAVE = 2023, 48


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
    boundary = NORMAL_SCHEME_FIRST_YEAR if period == "year" else NORMAL_SCHEME_FIRST_WAVE
    if len(trend) and trend[period].min() < boundary <= trend[period].max():
        fig.add_vline(x=boundary - 0.5, line={"color": PALETTE["muted"], "dash": "dot"})
        fig.add_annotation(x=boundary - 0.5, y=0.02, yref="paper", text=t("scheme_change", lang),
                           showarrow=False, xanchor="left", xshift=4, font={"color": "#555555", "size": FONT_SIZE - 2})
    _base_layout(fig, t("outcome_title", lang))
    fig.update_layout(separators=_separators(lang), showlegend=False, margin={"r": 200})
    fig.update_yaxes(title=t("axis_share", lang), tickformat=".0%", rangemode="tozero", gridcolor="#e5e5e5")
    fig.update_xaxes(title=t(f"period_{period}", lang), dtick=1 if period == "year" else None)
    return fig


def categories_figure(categories: pd.DataFrame, lang: str, k: int, top: int = 8) -> go.Figure:
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
    _base_layout(fig, t("categories_title", lang), height=60 + 45 * max(len(shown), 1))
    fig.update_layout(separators=_separators(lang), showlegend=False)
    fig.update_xaxes(title=t("axis_alumni", lang), gridcolor="#e5e5e5")
    fig.update_yaxes(title=None, automargin=True)
    return fig
