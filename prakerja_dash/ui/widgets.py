"""Page elements the pages share: KPI cards, charts, tables with downloads, the map, stories."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from prakerja_dash import i18n, views
from prakerja_dash.domain.regions import scope_province
from prakerja_dash.domain.text import markdown_literal
from prakerja_dash.presentation import interaction, maps, tables
from prakerja_dash.ui import downloads, store
from prakerja_dash.ui.context import PageContext

KPI_ROWS = (
    ("alumni", "pct_women", "pct_age_18_35"),
    ("pct_not_working", "pct_now_employed", "pct_now_business"),
    ("median_income_change", "businesses_started", "jobs_created"),
)
PROFILE_PAGE = "pages/profile.py"
PROFILE_PARAMETER = "profil"


def kpi_grid(ctx: PageContext, published: pd.DataFrame, province: pd.DataFrame | None,
             rows: Sequence[Sequence[str]] = KPI_ROWS, reference_label: str = "province_value") -> None:
    """KPIs (all nine by default) from a view's `kpis` table (one row per measure), each with the
    province's value beside it when one is given (or the nation's: `reference_label`)."""
    st.html(_KPIS_TWO_PER_ROW_ON_PHONES)
    measures = published.set_index("measure")
    reference = province.set_index("measure") if province is not None else None
    with st.container(key="kpi_grid"):
        for row in rows:
            _kpi_row(ctx, measures, reference, row, reference_label)


# Below 640 px Streamlit stacks columns one per line (nine cards: over 1,000 px before the first
# chart); there the cards of all rows flow into one grid of two columns.
_KPIS_TWO_PER_ROW_ON_PHONES = """<style>@media (max-width: 640px) {
  .st-key-kpi_grid { display: grid !important; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; }
  .st-key-kpi_grid > *, .st-key-kpi_grid [data-testid="stHorizontalBlock"] { display: contents !important; }
  .st-key-kpi_grid [data-testid="stColumn"] { width: auto !important; min-width: 0 !important; }
  .st-key-kpi_grid [data-testid="stMetric"] { padding: 0.4rem 0.6rem; }
  .st-key-kpi_grid [data-testid="stMetricLabel"] *, .st-key-kpi_grid [data-testid="stMetricDelta"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
  .st-key-kpi_grid [data-testid="stMetricValue"] { font-size: 1.6rem; }
}</style>"""


def _kpi_row(ctx: PageContext, measures: pd.DataFrame, reference: pd.DataFrame | None, row: Sequence[str],
             reference_label: str) -> None:
    """One row of cards."""
    for column, key in zip(st.columns(len(row)), row, strict=False):
        kind, value, n = measures.at[key, "kind"], measures.at[key, "value"], measures.at[key, "n"]
        signed = key == "median_income_change"
        text = i18n.format_measure(kind, _number(value), ctx.lang, ctx.k, signed=signed)
        help_text = ctx.tr(f"kpi_{key}_help")
        if pd.isna(value):
            help_text += " " + ctx.tr("suppressed_help", k=ctx.k)
        else:
            help_text += " " + ctx.tr("n_behind", n=i18n.format_int(n, ctx.lang))
        delta = None
        if reference is not None:
            province_text = i18n.format_measure(kind, _number(reference.at[key, "value"]), ctx.lang, ctx.k,
                                                signed=signed)
            delta = ctx.tr(reference_label, value=province_text)
        column.metric(ctx.tr(f"kpi_{key}"), text, delta=delta, delta_color="off", delta_arrow="off",
                      help=help_text, border=True)


def _number(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


def chart(drawn: go.Figure | Callable[..., go.Figure], *args: object, key: str | None = None,
          **kwargs: object) -> None:
    """A Plotly chart: a figure, or a pure builder and its arguments, `chart(charts.volume_figure,
    trend, period, lang)`, which is built once for every visitor (see `figure`)."""
    if not isinstance(drawn, go.Figure):
        drawn = figure(drawn, *args, **kwargs)
    _touch_without_toolbar()
    st.plotly_chart(drawn, width="stretch", theme=None, key=key, config={"displaylogo": False})


# On a touch screen a tap is a hover, and Plotly's toolbar would then sit over the chart's title:
# it is shown only where a mouse can hover (a style without content takes no room on the page).
_NO_TOOLBAR_ON_TOUCH = ("<style>@media (hover: none), (pointer: coarse) "
                        "{ .js-plotly-plot .modebar-container { display: none !important; } }</style>")


def _touch_without_toolbar() -> None:
    st.html(_NO_TOOLBAR_ON_TOUCH)


def figure(builder: Callable[..., go.Figure], *args: object, **kwargs: object) -> go.Figure:
    """`builder(*args, **kwargs)`, a pure module-level figure builder, built and validated once
    across sessions for equal arguments (DataFrames compared by content). A crowd opening the same
    link gets the same chart without building it again; the result is only for `chart`."""
    return _Built(_figure_spec(f"{builder.__module__}.{builder.__qualname__}", builder, args,
                               tuple(sorted(kwargs.items()))))


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=store.FAST_HASH)
def _figure_spec(name: str, _builder: Callable[..., go.Figure], args: tuple,
                 kwargs: tuple[tuple[str, object], ...]) -> dict:
    """The built figure as a dict. The builder's qualified `name` keys the cache; `_builder` itself
    (a leading underscore: Streamlit does not hash it) is what is called."""
    return _builder(*args, **dict(kwargs)).to_dict()


class _Built(go.Figure):
    """A figure built and validated once (cached as a dict): Streamlit reads it through `to_dict`,
    which hands the dict over as it is instead of validating it again (tens of ms per chart)."""

    def __init__(self, spec: dict) -> None:  # not go.Figure.__init__: a new figure copies its template
        self._spec = spec  # (~2 ms), which handing a finished dict over does not need

    def to_dict(self) -> dict:
        return self._spec

    def __repr__(self) -> str:
        return f"_Built({self._spec!r})"


def ranked_table(ctx: PageContext, frame: pd.DataFrame, columns: Sequence[tuple[str, str, str]], name: str) -> None:
    """A table shown in full, beside its chart, with its download."""
    st.dataframe(tables.display_table(frame, columns, ctx.lang, ctx.k), hide_index=True, width="stretch",
                 height=35 * (len(frame) + 1) + 3)
    downloads.table_downloads(ctx, frame, name)


def table(ctx: PageContext, frame: pd.DataFrame, columns: Sequence[tuple[str, str, str]], name: str) -> None:
    """The accessible twin of a chart, in an expander, with its download."""
    with st.expander(ctx.tr("show_table")):
        st.dataframe(tables.display_table(frame, columns, ctx.lang, ctx.k), hide_index=True, width="stretch")
        downloads.table_downloads(ctx, frame, name)


# --- the map ------------------------------------------------------------------
def _map_key() -> str:
    return f"regency_map_{st.session_state.get('_map_clicks', 0)}"


def _take_map_selection() -> None:
    """A click toggles the clicked regency in the global regency filter; the chart then gets a
    fresh key, so a click on the same regency is a new selection."""
    clicked = maps.selected_codes(st.session_state[_map_key()]["selection"]["points"])
    st.session_state["f_regency"] = interaction.toggle_regencies(st.session_state.get("f_regency", []), clicked)
    st.session_state["_map_clicks"] = st.session_state.get("_map_clicks", 0) + 1


def map_chart(figure: go.Figure) -> None:
    """The regency map; a click on a regency toggles it in the regency filter of every page."""
    _touch_without_toolbar()
    st.plotly_chart(figure, width="stretch", theme=None, key=_map_key(), on_select=_take_map_selection,
                    selection_mode=("points",), config={"displaylogo": False, "scrollZoom": False})


def _province_map_key() -> str:
    return f"province_map_{st.session_state.get('_map_clicks', 0)}"


def _take_province_selection(codes: tuple[str, ...]) -> None:
    """A click on a province drills down to it on every page (a click on the chosen one goes back
    to all of Indonesia); the kabupaten/kota chosen in another province are let go."""
    clicked = maps.selected_codes(st.session_state[_province_map_key()]["selection"]["points"], codes)
    if clicked:
        st.session_state["f_province"] = None if st.session_state.get("f_province") == clicked[0] else clicked[0]
        st.session_state["f_regency"] = []
    st.session_state["_map_clicks"] = st.session_state.get("_map_clicks", 0) + 1


def province_map_chart(figure: go.Figure, codes: tuple[str, ...]) -> None:
    """The national map; a click on a province chooses it in the province filter of every page."""
    _touch_without_toolbar()
    st.plotly_chart(figure, width="stretch", theme=None, key=_province_map_key(),
                    on_select=lambda: _take_province_selection(codes), selection_mode=("points",),
                    config={"displaylogo": False, "scrollZoom": False})


def back_to_national(ctx: PageContext) -> None:
    """In a national deployment with a province chosen: the way back to all of Indonesia."""
    if ctx.filters.province and scope_province() is None:
        st.button(ctx.tr("map_back_national"), on_click=lambda: st.session_state.update(f_province=None, f_regency=[]))


# --- regency profile and stories ------------------------------------------------
def profile_regency(ctx: PageContext) -> str:
    """The regency the profile shows: picked here, or the one regency selected elsewhere (the map)."""
    state = st.session_state
    shown, state["_profile_follows"] = interaction.profile_regency(
        state.get("profile_regency"), state.get("_profile_follows"), state.pop("_profile_pinned", False),
        ctx.filters.regencies, views.profile_regency(ctx.filters))
    state["profile_regency"] = shown
    return st.selectbox(ctx.tr("profile_pick"), list(ctx.regency_names), format_func=ctx.regency_names.get,
                        key="profile_regency")


def story_cards(ctx: PageContext, stories: pd.DataFrame, link_to_profile: bool,
                link_query: dict[str, str] | None = None) -> None:
    """Story cards; text only (never HTML), real ones with their source, demo ones marked synthetic."""
    if stories.empty:
        st.info(ctx.tr("stories_none"))
        return
    for start in range(0, len(stories), 2):
        for column, (_, story) in zip(st.columns(2), stories.iloc[start:start + 2].iterrows(), strict=False):
            with column.container(border=True):
                st.subheader(markdown_literal(story["display_name"]), anchor=False)
                category = story["category_label_id" if ctx.lang == "id" else "category_label_en"]
                st.caption(ctx.tr("story_meta", wave=story["wave"], category=category, regency=story["regency_name"]))
                if story["is_real"]:
                    st.badge(ctx.tr("story_real", source=story["source"]), color="green")
                else:
                    st.badge(ctx.tr("story_synthetic"), color="orange")
                st.text(story["summary_id" if ctx.lang == "id" else "summary_en"])
                business = story["business_en"] if ctx.lang == "en" and pd.notna(story.get("business_en")) \
                    else story["business"]
                st.text(ctx.tr("story_business", business=business))
                if link_to_profile:
                    # A page link, not st.switch_page: the browser then carries the sidebar's state along.
                    st.page_link(PROFILE_PAGE, label=ctx.tr("story_profile", regency=story["regency_name"]),
                                 query_params=(link_query or {}) | {PROFILE_PARAMETER: story["regency_code"]})
