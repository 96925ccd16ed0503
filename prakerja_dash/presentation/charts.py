"""Pure figure builders: published DataFrames in, Plotly figures out. No Streamlit here.

Designed for a phone, a laptop and a projector alike: titles wrapped to fit a phone's width,
no side-by-side squeeze (legends above the plot, never a wide right margin), few colours
(Okabe-Ito, safe for colour-blind viewers), a sequential scale without grey (grey means
"hidden"), sorted bars and direct labels. Every number a figure writes (bar text, hover,
tick labels, colour bars) uses the one format of its language from `i18n`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from prakerja_dash.domain.programme import (
    FIRST_NORMAL_WAVE,
    FIRST_NORMAL_YEAR,
    SURVEY_OUTCOMES,
    YEAR_WAVES,
    SurveyOutcome,
)
from prakerja_dash.i18n import (
    format_int,
    format_measure,
    format_number,
    format_pct,
    format_rupiah,
    plotly_separators,
    t,
)

PALETTE = {"primary": "#0072B2", "accent": "#E69F00", "secondary": "#009E73", "contrast": "#CC79A7",
           "ink": "#262730"}
# Grey means "hidden" (suppressed) and nothing else: every shown series has a hue.
STATUS_COLOURS = {"tidak_bekerja": PALETTE["contrast"], "pekerja": PALETTE["primary"], "wirausaha": PALETTE["accent"]}
FONT_SIZE = 16
TITLE_SIZE = 18
FONT_FAMILY = "Source Sans, Source Sans Pro, sans-serif"  # served by Streamlit itself: no font CDN
LINK_COLOURS = {"tidak_bekerja": "rgba(204,121,167,0.35)", "pekerja": "rgba(0,114,178,0.35)",
                "wirausaha": "rgba(230,159,0,0.4)"}
# Sequential, light to dark blue (ColorBrewer Blues without its near-white end): every step has a
# clear hue, so no value reads as the grey that marks hidden values; readable in greyscale and by
# colour-blind viewers (one hue, lightness only).
SEQUENTIAL_SCALE = [[0.0, "#c6dbef"], [0.2, "#9ecae1"], [0.4, "#6baed6"], [0.6, "#4292c6"],
                    [0.8, "#2171b5"], [1.0, "#08306b"]]
# A phone shows about 40 characters of an 18 px title in 358 px; wrapped there, a title is never cut.
TITLE_CHARS = 38
LABEL_CHARS = 22  # category labels on an axis wrap onto a second line beyond this
GRID = "#e5e5e5"


def wrap(text: str, width: int = TITLE_CHARS) -> str:
    """`text` with <br> between words so that no line is longer than `width` (existing <br> kept)."""
    lines = []
    for part in text.split("<br>"):
        lines.extend(textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "<br>".join(lines)


def _base_layout(fig: go.Figure, title: str, height: int = 380, lang: str | None = None) -> go.Figure:
    wrapped = wrap(title) if title else ""
    lines = wrapped.count("<br>") + 1 if wrapped else 0
    fig.update_layout(
        title={"text": wrapped, "font": {"size": TITLE_SIZE}, "x": 0, "xanchor": "left", "xref": "container",
               "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12, "l": 8}},
        font={"size": FONT_SIZE, "family": FONT_FAMILY, "color": "#262730"},
        height=height + 24 * max(lines - 1, 0),
        margin={"l": 10, "r": 20, "t": 24 + 26 * lines, "b": 20},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font_size": FONT_SIZE - 2},
    )
    if lang:
        fig.update_layout(separators=plotly_separators(lang))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _legend_on_top(fig: go.Figure) -> None:
    """A horizontal legend just above the plot, below the title: it takes no width from the plot on a
    phone (its two entries may stack there, so it gets room for two rows)."""
    fig.update_layout(
        margin_t=fig.layout.margin.t + 50, height=fig.layout.height + 50,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "font": {"size": FONT_SIZE - 2}, "traceorder": "normal"},
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (0 included when the range spans it), about `count` of them."""
    low, high = min(low, 0.0), max(high, 0.0)
    if not math.isfinite(low) or not math.isfinite(high) or high - low <= 0:
        return [0.0]
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def value_ticks(kind: str, values: Sequence[float], lang: str, k: int = 0) -> dict:
    """Axis or colour-bar tick settings that write `kind` values the way the rest of the page does.

    Counts use Plotly's own grouping (",.0f" with the language's separators: 1.234 / 1,234);
    shares and rupiah get explicit tick text from `i18n` (12 % / Rp 550 rb / Rp 1,2 jt).
    """
    shown = [float(v) for v in values if v is not None and pd.notna(v)]
    if kind in ("count", "sum"):
        return {"tickformat": ",.0f"}
    if kind == "per_1000":
        return {"tickformat": ",.1f"}
    if not shown:
        return {}
    # Rupiah labels are long ("Rp 250 rb"): three ticks fit a phone's narrow axis without turning.
    ticks = nice_ticks(min(shown), max(shown), count=5 if kind == "share" else 3)
    if kind == "share":
        decimals = 0 if all(abs(v * 100 - round(v * 100)) < 1e-9 for v in ticks) else 1
        return {"tickmode": "array", "tickvals": ticks, "ticktext": [format_pct(v, lang, decimals) for v in ticks]}
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [format_rupiah(v, lang) for v in ticks]}


def _wrapped_labels(labels: Sequence[str]) -> list[str]:
    return [wrap(str(label), LABEL_CHARS) for label in labels]


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
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    _base_layout(fig, t("volume_title", lang, period=t(f"period_{period}", lang).lower()), lang=lang)
    fig.update_layout(showlegend=False)
    fig.update_yaxes(title=t("axis_alumni", lang), gridcolor=GRID, rangemode="tozero", tickformat=",.0f")
    if period == "year":
        fig.update_xaxes(title=t("period_year", lang), type="category", tickangle=0)
    else:
        fig.update_xaxes(title=t("period_wave", lang), type="linear", dtick=10, tickangle=0)
    return fig


# PMO's published survey figures drawn beside the trend: every per-year one, and the cumulative one of
# the dashboard's area (the national cumulative, one point higher, would crowd it).
TREND_REFERENCES = tuple(s for s in SURVEY_OUTCOMES if s.year is not None or s.area == "jambi")
TREND_SERIES = (("pct_now_employed", "series_employed", "employed", PALETTE["primary"]),
                ("pct_now_business", "series_business", "business", PALETTE["accent"]))
HIDDEN_INK = "#767676"  # grey, the colour of hidden values only (4.5:1 on white)
REFERENCE_INK = "black"  # published figures: neither a series' hue nor the grey of hidden values
BAR_WIDTH = 0.38  # of a year: the two bars of a year side by side, a gap between years
LOW_BAR = 0.03  # a share under this leaves no room for its text inside the bar
LEGEND_ROW = 24  # px per legend entry: a narrow plot puts each on its own row
BASE_TICK_SIZE = 13  # px: the base under each year, smaller than the year, so that five fit a phone


def outcome_trend_figure(trend: pd.DataFrame, period: str, lang: str, k: int,
                         published: Sequence[SurveyOutcome] = TREND_REFERENCES) -> go.Figure:
    """Of the alumni not working at registration (and surveyed), the share now employed and the share
    now running a business per year or per wave, beside PMO's `published` survey figures (their
    sources in the hover). Hidden values (under K) are written "< K" in grey at the foot of their
    place, never drawn as zero; the 2023 scheme change is marked."""
    if period == "year":
        return _outcome_years(trend, lang, k, published)
    if period == "wave":
        return _outcome_waves(trend, lang, k, published)
    raise ValueError(f"period must be 'year' or 'wave', got {period!r}")


def _point_hover(place: str, series: str, value: float, n: float, lang: str, k: int) -> str:
    if pd.isna(value):
        key = "trend_nobody_hover" if n == 0 else "trend_hidden_hover"
        return t(key, lang, period=place, series=series, k=k)
    return t("trend_point_hover", lang, period=place, series=series, value=format_pct(value, lang),
             n=format_measure("count", None if pd.isna(n) else float(n), lang, k))


def _hidden(values: pd.Series, bases: pd.Series) -> list[int]:
    """Positions of hidden values: no value, though someone is behind it (a base of 0 is nobody, not hidden)."""
    return [i for i, (v, n) in enumerate(zip(values, bases, strict=True)) if pd.isna(v) and n != 0]


def _hidden_trace(x: list[float], hover: list[str], lang: str, k: int, written: bool, legend: bool) -> go.Scatter:
    """Hidden values at the foot of their place, in grey: "< K" written (years) or a grey tick (waves)."""
    return go.Scatter(
        x=x, y=[0.0] * len(x), mode="markers+text" if written else "markers", name=t("trend_hidden", lang, k=k),
        text=[t("suppressed", lang, k=k)] * len(x), textposition="top center",
        textfont={"color": HIDDEN_INK, "size": FONT_SIZE - 2},
        marker={"color": HIDDEN_INK, "symbol": "line-ns-open", "size": 10, "line": {"width": 2, "color": HIDDEN_INK}},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", cliponaxis=False,
        showlegend=legend, legendgroup="hidden", meta="hidden",
    )


def _cumulative_lines(fig: go.Figure, published: Sequence[SurveyOutcome], lang: str, span: tuple[float, float],
                      panels: bool) -> None:
    """A dotted line across the plot per cumulative figure (in each series' panel, or one line per
    distinct value), named in the legend, its source in the hover anywhere along it."""
    xs = [span[0] + (span[1] - span[0]) * i / 40 for i in range(41)]
    for reference in (r for r in published if r.year is None):
        area = t(f"trend_area_{reference.area}", lang)
        values = " + ".join(format_pct(v, lang, 0) for v in (reference.employed, reference.business))
        hover = t("trend_cumulative_hover", lang, area=area, values=values, source=reference.source)
        both = (reference.employed, reference.business)
        for index, level in enumerate(both if panels else sorted(set(both))):
            line = go.Scatter(
                x=xs, y=[level] * len(xs), mode="lines", name=t("trend_cumulative", lang, area=area, values=values),
                line={"color": REFERENCE_INK, "dash": "dot", "width": 1.5}, hovertemplate=hover + "<extra></extra>",
                legendgroup=f"cumulative {reference.area}", showlegend=index == 0,
            )
            fig.add_trace(line, **({"row": index + 1, "col": 1} if panels else {}))


def _share_axis(fig: go.Figure, shown: list[float], lang: str) -> None:
    """One share scale from 0 over every value and published figure drawn, with room above the highest."""
    highest = max(shown, default=0.1)
    ticks = value_ticks("share", [0.0, highest], lang)
    fig.update_yaxes(range=[0, max(ticks.get("tickvals", [0.1])[-1], highest * 1.15)], gridcolor=GRID, **ticks)


def _outcome_years(trend: pd.DataFrame, lang: str, k: int, published: Sequence[SurveyOutcome]) -> go.Figure:
    """Two bars a year (now employed, now running a business), each year's base under its name and
    the year's published figures as black dashes over its bars."""
    years = [int(y) for y in trend["year"]]
    span = (min(years, default=0) - 0.5, max(years, default=0) + 0.5)
    fig = go.Figure()
    hidden_x: list[float] = []
    hidden_hover: list[str] = []
    marks: list[tuple[float, float, str, SurveyOutcome]] = []
    shown: list[float] = []
    for index, (column, label_key, attribute, colour) in enumerate(TREND_SERIES):
        name = t(label_key, lang)
        shift = (index - 0.5) * (BAR_WIDTH + 0.04)
        values = trend[column].astype(float)
        hover = [_point_hover(str(y), name, v, n, lang, k)
                 for y, v, n in zip(years, values, trend[f"{column}_n"], strict=True)]
        fig.add_trace(go.Bar(
            x=years, y=values, name=name, marker_color=colour, width=BAR_WIDTH, offset=shift - BAR_WIDTH / 2,
            # whole percents (the axis says %: "17 %" is wider than a phone's bar), inside the bar's top
            # (just above it sits the published figure's dash), over a bar too short to hold them
            text=[format_number(v * 100, lang, 0) if pd.notna(v) else "" for v in values], insidetextanchor="end",
            textposition=["inside" if pd.notna(v) and v >= LOW_BAR else "outside" for v in values],
            textangle=0, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        ))
        hidden = _hidden(values, trend[f"{column}_n"])
        hidden_x += [years[i] + shift for i in hidden]
        hidden_hover += [hover[i] for i in hidden]
        marks += [(r.year + shift, getattr(r, attribute), name, r) for r in published if r.year in years]
        shown += list(values.dropna())
    fig.add_trace(go.Scatter(
        x=[m[0] for m in marks], y=[m[1] for m in marks], mode="markers", name=t("trend_published", lang),
        marker={"symbol": "line-ew-open", "size": 26, "color": REFERENCE_INK,
                "line": {"width": 3, "color": REFERENCE_INK}},
        customdata=[t("trend_published_hover", lang, year=r.year, series=series, value=format_pct(v, lang, 0),
                      source=r.source) for _, v, series, r in marks],
        hovertemplate="%{customdata}<extra></extra>", showlegend=bool(marks),
    ))
    fig.add_trace(_hidden_trace(hidden_x, hidden_hover, lang, k, written=True, legend=bool(hidden_x)))
    _cumulative_lines(fig, published, lang, span, panels=False)
    shown += [m[1] for m in marks] + [v for r in published if r.year is None for v in (r.employed, r.business)]
    _share_axis(fig, shown, lang)
    bases = [t("trend_base_tick", lang, n=format_int(n, lang)) if pd.notna(n)
             else t("trend_base_hidden_tick", lang, k=k) for n in trend["pct_now_employed_n"]]
    fig.update_xaxes(tickmode="array", tickvals=years, tickangle=0, range=list(span),
                     ticktext=[f"{y}<br><span style='font-size:{BASE_TICK_SIZE}px'>{base}</span>"
                               for y, base in zip(years, bases, strict=True)])
    if years and min(years) < FIRST_NORMAL_YEAR <= max(years):
        _scheme_change(fig, FIRST_NORMAL_YEAR, years, lang, rows=(1,))
    _base_layout(fig, t("trend_outcome_title", lang, period=t("period_year", lang).lower()), height=440, lang=lang)
    fig.update_layout(barmode="overlay", uniformtext={"minsize": FONT_SIZE - 3, "mode": "show"})
    # The legend above the plot with room for one row per entry (a half-width or phone plot stacks them).
    room = LEGEND_ROW * sum(1 for trace in fig.data if trace.showlegend is not False)
    fig.update_layout(margin_t=fig.layout.margin.t + room, height=fig.layout.height + room,
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                              "font": {"size": FONT_SIZE - 2}, "traceorder": "normal"})
    return fig


def _scheme_change(fig: go.Figure, boundary: int, positions: Sequence[int], lang: str, rows: Sequence[int]) -> None:
    """A dotted line before the first period of the normal scheme, its name on the wider side."""
    panels = len(rows) > 1
    for row in rows:
        fig.add_vline(x=boundary - 0.5, line={"color": PALETTE["ink"], "dash": "dot"},
                      row=row if panels else None, col=1 if panels else None)
    # Written on the wider side of the line, in short lines: a phone's plot is about 300 px wide.
    right = max(positions) - boundary > boundary - min(positions)
    last = str(rows[-1]) if rows[-1] > 1 else ""
    fig.add_annotation(x=boundary - 0.5, y=1, yref=f"y{last} domain", xref=f"x{last}",
                       text=wrap(t("scheme_change", lang), 14), showarrow=False, xanchor="left" if right else "right",
                       yanchor="top", xshift=4 if right else -4, align="left" if right else "right",
                       font={"color": "#555555", "size": FONT_SIZE - 3})


def _outcome_waves(trend: pd.DataFrame, lang: str, k: int, published: Sequence[SurveyOutcome]) -> go.Figure:
    """One panel per series (71 waves: two lines would tangle in one), on the same scale; a year's
    published figure is a dashed step across that year's waves."""
    waves = [int(w) for w in trend["wave"]]
    span = (min(waves, default=0) - 0.5, max(waves, default=0) + 0.5)
    yearly = [r for r in published if r.year is not None]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=[t(key, lang) for _, key, _, _ in TREND_SERIES])
    shown: list[float] = []
    hidden_named = False
    for row, (column, label_key, attribute, colour) in enumerate(TREND_SERIES, start=1):
        name = t(label_key, lang)
        values = trend[column].astype(float)
        hover = [_point_hover(f"{t('period_wave', lang)} {w}", name, v, n, lang, k)
                 for w, v, n in zip(waves, values, trend[f"{column}_n"], strict=True)]
        fig.add_trace(go.Scatter(
            x=waves, y=values, name=name, mode="lines+markers",  # a wave between two hidden ones is still seen
            line={"color": colour, "width": 2}, marker={"size": 4}, customdata=hover,
            hovertemplate="%{customdata}<extra></extra>", connectgaps=False, showlegend=False,
        ), row=row, col=1)
        hidden = _hidden(values, trend[f"{column}_n"])
        fig.add_trace(_hidden_trace([waves[i] for i in hidden], [hover[i] for i in hidden], lang, k, written=False,
                                    legend=bool(hidden) and not hidden_named), row=row, col=1)
        hidden_named = hidden_named or bool(hidden)
        for reference in yearly:
            first, last = YEAR_WAVES[reference.year]
            if not waves or last < min(waves) or first > max(waves):
                continue
            value = getattr(reference, attribute)
            text = t("trend_published_hover", lang, year=reference.year, series=name,
                     value=format_pct(value, lang, 0), source=reference.source)
            fig.add_trace(go.Scatter(
                x=[first - 0.5, last + 0.5], y=[value, value], mode="lines", name=t("trend_published", lang),
                line={"color": REFERENCE_INK, "dash": "dash", "width": 2}, customdata=[text, text],
                hovertemplate="%{customdata}<extra></extra>", legendgroup="published",
                showlegend=row == 1 and reference is yearly[0],
            ), row=row, col=1)
            shown.append(value)
        shown += list(values.dropna())
    _cumulative_lines(fig, published, lang, span, panels=True)
    shown += [v for r in published if r.year is None for v in (r.employed, r.business)]
    _share_axis(fig, shown, lang)
    if waves and min(waves) < FIRST_NORMAL_WAVE <= max(waves):
        _scheme_change(fig, FIRST_NORMAL_WAVE, waves, lang, rows=(1, 2))
    _base_layout(fig, t("trend_outcome_title", lang, period=t("period_wave", lang).lower()), height=480, lang=lang)
    for annotation in fig.layout.annotations[:2]:  # the panel titles: left-aligned
        annotation.update(x=0, xanchor="left", font={"size": FONT_SIZE, "color": "#262730"})
    fig.update_xaxes(range=list(span), dtick=10, tickangle=0)
    # The legend under the plot (above it, the first panel's title would sit under the legend); the
    # axis needs no title, the figure's says "per wave".
    fig.update_layout(height=fig.layout.height + 60, margin_b=fig.layout.margin.b + 60,
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.08, "yanchor": "top",
                              "font": {"size": FONT_SIZE - 2}})
    return fig


def categories_figure(categories: pd.DataFrame, lang: str, k: int, top: int = 8, title: str | None = None) -> go.Figure:
    """Horizontal bars of alumni per category, largest on top, labelled directly."""
    label_column = "label_id" if lang == "id" else "label_en"
    shown = categories.dropna(subset=["alumni"]).nlargest(top, "alumni").iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=shown["alumni"],
            y=_wrapped_labels(shown[label_column]),
            orientation="h",
            marker_color=PALETTE["primary"],
            text=[format_int(v, lang) for v in shown["alumni"]],
            textposition="auto",
            customdata=list(zip(
                [format_int(v, lang) for v in shown["alumni"]],
                [format_measure("share", v, lang, k) for v in shown["pct_now_employed"]],
                [format_measure("share", v, lang, k) for v in shown["pct_now_business"]], strict=True,
            )),
            hovertemplate=(
                "%{y}: %{customdata[0]}<br>" + t("column_employed", lang) + ": %{customdata[1]}<br>"
                + t("column_business", lang) + ": %{customdata[2]}<extra></extra>"
            ),
        )
    )
    _base_layout(fig, title or t("categories_title", lang), height=60 + 45 * max(len(shown), 1), lang=lang)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(title=t("axis_alumni", lang), gridcolor=GRID, tickformat=",.0f")
    fig.update_yaxes(title=None, automargin=True)
    return fig


def bars_figure(labels: list[str], values: pd.Series, kind: str, title: str, lang: str, k: int,
                horizontal: bool = True, colour: str = PALETTE["primary"], sort: bool = True) -> go.Figure:
    """Bars (sorted unless the labels have an order of their own, which then reads top to bottom)
    with their values written on them; suppressed bars are left out."""
    frame = pd.DataFrame({"label": labels, "value": list(values)}).dropna(subset=["value"])
    if sort:
        frame = frame.sort_values("value", ascending=horizontal)  # horizontal: largest drawn on top
    text = [format_measure(kind, v, lang, k, signed=kind == "median") for v in frame["value"]]
    shown_labels = _wrapped_labels(frame["label"]) if horizontal else list(frame["label"])
    bar = go.Bar(
        x=frame["value"] if horizontal else shown_labels, y=shown_labels if horizontal else frame["value"],
        orientation="h" if horizontal else "v", marker_color=colour, text=text,
        textposition="auto" if horizontal else "outside", textangle=0, cliponaxis=False,
        hovertemplate="%{customdata}<extra></extra>", customdata=[f"{lbl}: {txt}" for lbl, txt in
                                                                  zip(frame["label"], text, strict=True)],
    )
    fig = go.Figure(bar)
    _base_layout(fig, title, height=90 + 42 * max(len(frame), 1) if horizontal else 380, lang=lang)
    fig.update_layout(showlegend=False)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    value_axis(gridcolor=GRID, rangemode="tozero", tickangle=0, **value_ticks(kind, frame["value"], lang, k))
    if horizontal and not sort:
        fig.update_yaxes(autorange="reversed")  # an order of their own (age, schooling) reads downwards
    if not horizontal:
        fig.update_xaxes(tickangle=0)
    return fig


def paired_bars_figure(labels: list[str], first: pd.Series, second: pd.Series, names: tuple[str, str],
                       title: str, lang: str, k: int, sort: bool = True) -> go.Figure:
    """Two shares per label (e.g. now employed / now running a business), sorted by the first unless
    the labels come in an order of their own, which then reads top to bottom."""
    frame = pd.DataFrame({"label": labels, "a": list(first), "b": list(second)}, dtype=object)
    frame[["a", "b"]] = frame[["a", "b"]].astype(float)
    frame = frame.dropna(subset=["a", "b"], how="all")
    frame = frame.sort_values("a", ascending=True, na_position="first") if sort else frame.iloc[::-1]
    fig = go.Figure()
    for column, name, colour in (("b", names[1], PALETTE["accent"]), ("a", names[0], PALETTE["primary"])):
        fig.add_trace(go.Bar(
            y=_wrapped_labels(frame["label"]), x=frame[column], name=name, orientation="h", marker_color=colour,
            text=[format_measure("share", v, lang, k) for v in frame[column]], textposition="auto",
            hovertemplate="%{y}: %{text}<extra>" + name + "</extra>",
        ))
    _base_layout(fig, title, height=150 + 52 * max(len(frame), 1), lang=lang)
    fig.update_layout(barmode="group")
    _legend_on_top(fig)
    fig.update_layout(legend_traceorder="reversed")
    shares = pd.concat([frame["a"], frame["b"]]).dropna()
    fig.update_xaxes(gridcolor=GRID, rangemode="tozero", tickangle=0, **value_ticks("share", shares, lang, k))
    return fig


HEATMAP_LABELS = 140  # px above the cells for names turned upright (up to about 24 characters)


def heatmap_figure(frame: pd.DataFrame, rows: dict[str, str], columns: dict[str, str], measure: str,
                   title: str, lang: str, k: int) -> go.Figure:
    """A share per pair of groups, e.g. category (`rows`, keyed by `group_key`) × regency (`columns`,
    keyed by `group_key_2`); suppressed cells stay blank.

    Turned to fit a phone: the `columns` grouping (the 11 regencies, short names written level)
    runs down, the `rows` grouping runs across with its names turned upright at the top; cells
    carry whole percents without the sign (the colour bar below says %), so each column needs
    about 24 px and all eleven regencies fit a 390 px screen.
    """
    grid = frame.pivot_table(index="group_key_2", columns="group_key", values=measure, aggfunc="first", dropna=False)
    grid = grid.reindex(index=[c for c in columns if c in grid.index], columns=[r for r in rows if r in grid.columns])
    values = grid.to_numpy()
    text = [[format_number(v * 100, lang, 0) if pd.notna(v) else "" for v in row] for row in values]
    hover = [[format_measure("share", v, lang, k) for v in row] for row in values]
    fig = go.Figure(go.Heatmap(
        z=values, x=[rows[r] for r in grid.columns], y=[columns[c] for c in grid.index],
        colorscale=SEQUENTIAL_SCALE, text=text, texttemplate="%{text}", textfont={"size": FONT_SIZE - 4},
        customdata=hover, hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>", xgap=2, ygap=2,
        colorbar={"thickness": 12, "orientation": "h", "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top",
                  "len": 1, **value_ticks("share", pd.Series(values.ravel()), lang, k)},
    ))
    _base_layout(fig, title, height=HEATMAP_LABELS + 110 + 30 * max(len(grid.index), 1), lang=lang)
    # Grey cells: hidden (< K). The turned names get their own room under the title.
    fig.update_layout(plot_bgcolor="#f0f0f0", margin_b=70, margin_t=fig.layout.margin.t + HEATMAP_LABELS)
    fig.update_xaxes(tickangle=-90, side="top", tickmode="linear", dtick=1, tickfont_size=FONT_SIZE - 4,
                     automargin=False)
    fig.update_yaxes(autorange="reversed", tickmode="linear", dtick=1, tickfont_size=FONT_SIZE - 3)
    return fig


HEATMAP_MIN_WIDTH = 340  # px: the turned heat map fits a phone; below this it scrolls sideways


def sankey_figure(flow: pd.DataFrame, labels: dict[str, str], title: str, lang: str) -> go.Figure:
    """Status at registration (left) to status at the survey (right), each node with its count and
    its share of the alumni drawn; suppressed links are not drawn (nor counted)."""
    statuses = list(labels)
    shown = flow.dropna(subset=["alumni"])
    shown = shown[shown["alumni"] > 0]
    total = float(shown["alumni"].sum())

    def named(status: str, count: float) -> str:
        share = format_pct(count / total, lang) if total else "–"
        return f"{labels[status]}<br>{format_int(count, lang)} ({share})"

    before = shown.groupby("status_before")["alumni"].sum()
    after = shown.groupby("status_after")["alumni"].sum()
    fig = go.Figure(go.Sankey(
        node={"label": [named(s, before.get(s, 0)) for s in statuses] + [named(s, after.get(s, 0)) for s in statuses],
              "color": [STATUS_COLOURS[s] for s in statuses] * 2, "pad": 24, "thickness": 22,
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [statuses.index(s) for s in shown["status_before"]],
              "target": [len(statuses) + statuses.index(s) for s in shown["status_after"]],
              "value": shown["alumni"].tolist(),
              "color": [LINK_COLOURS[s] for s in shown["status_after"]],
              "customdata": [f"{labels[a]} → {labels[b]}" for a, b in zip(shown["status_before"],
                                                                          shown["status_after"], strict=True)],
              "hovertemplate": "%{customdata}: %{value:,.0f}<extra></extra>"},
        valueformat=",.0f",
    ))
    _base_layout(fig, title, height=420, lang=lang)
    return fig


def income_histogram_figure(bands: pd.DataFrame, band_labels: list[str], names: tuple[str, str], title: str,
                            lang: str) -> go.Figure:
    """Surveyed alumni per income band, before and after the training: bands read downwards, so
    that each band's name is written in full on a phone too."""
    fig = go.Figure()
    for column, name, colour in (("before", names[0], PALETTE["accent"]), ("after", names[1], PALETTE["primary"])):
        counts = [format_int(v, lang) if pd.notna(v) else "" for v in bands[column]]
        fig.add_trace(go.Bar(y=band_labels, x=bands[column], name=name, marker_color=colour, orientation="h",
                             customdata=counts, hovertemplate="%{y}: %{customdata}<extra>" + name + "</extra>"))
    _base_layout(fig, title, height=120 + 30 * max(len(band_labels), 1), lang=lang)
    fig.update_layout(barmode="group", bargap=0.15)
    _legend_on_top(fig)
    fig.update_xaxes(gridcolor=GRID, tickformat=",.0f", title=t("axis_alumni", lang), tickangle=0)
    fig.update_yaxes(autorange="reversed", tickmode="linear", dtick=1)
    return fig


PROJECTOR_FONT_SIZE = 24  # px: no text of a slide's chart is smaller (22 px ticks read as small)


def for_projector(fig: go.Figure) -> go.Figure:
    """The same figure with type readable from the back of a room; the slide's heading is its
    title, and the slide gives it its height (slides.chart)."""
    size = PROJECTOR_FONT_SIZE
    fig.update_layout(font={"size": size}, title_text="", margin_t=20, hoverlabel={"font_size": size},
                      legend_font_size=size, autosize=True, height=None)
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_traces(selector={"type": "bar"}, textfont_size=size)
    return fig
