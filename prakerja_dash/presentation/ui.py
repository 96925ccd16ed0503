"""The one Streamlit module of the package: the frame around every page and shared widgets."""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from prakerja_dash import config
from prakerja_dash.data import boundaries as boundary_files
from prakerja_dash.data import db, demo, queries
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.metrics import KPIS
from prakerja_dash.domain.vocabulary import (
    AGE_BANDS,
    CATEGORIES,
    EDUCATION,
    GENDERS,
    REGENCY_CODES,
    WAVES,
    WORK_STATUSES,
    YEARS,
)
from prakerja_dash.export import content as export_content
from prakerja_dash.export import formats as export_formats
from prakerja_dash.imports import load as imports
from prakerja_dash.imports import template as import_template
from prakerja_dash.presentation import i18n, maps, qr, tables

DbKey = tuple[str, int, int]  # path, mtime_ns, size: a swapped file is a new key
_CONTEXT = "_page_context"
_FILTER_KEYS = {
    "regencies": "f_regency", "waves": "f_waves", "years": "f_years", "gender": "f_gender",
    "age_bands": "f_age", "education": "f_education", "categories": "f_category", "statuses": "f_status",
}
KPI_ROWS = (
    ("alumni", "pct_women", "pct_age_18_35"),
    ("pct_not_working", "pct_now_employed", "pct_now_business"),
    ("median_income_change", "businesses_started", "jobs_created"),
)


@dataclass(frozen=True)
class PageContext:
    page_path: str
    lang: str
    filters: Filters
    k: int
    db_key: DbKey
    info: db.DatasetInfo
    regency_names: dict[str, str]
    category_labels: dict[str, str]


# --- data access -------------------------------------------------------------
def _db_key(path: Path) -> DbKey:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(db_key: DbKey):
    return db.connect(Path(db_key[0]), read_only=True)


@st.cache_data(max_entries=1024, show_spinner=False)
def _query(name: str, filters: Filters | None, db_key: DbKey, **extra: str) -> pd.DataFrame:
    cursor = _connection(db_key).cursor()  # a cursor per call: connections are not thread-safe
    try:
        function = getattr(queries, name)
        return function(cursor, filters, **extra) if filters is not None else function(cursor)
    finally:
        cursor.close()


@st.cache_data(max_entries=4, show_spinner=False)
def _dataset_info(db_key: DbKey) -> db.DatasetInfo:
    cursor = _connection(db_key).cursor()
    try:
        return db.read_dataset_info(cursor)
    finally:
        cursor.close()


def query(name: str, filters: Filters | None = None, **extra: str) -> pd.DataFrame:
    """Run the named query function of `data.queries` for this page's database, cached."""
    return _query(name, filters, context().db_key, **extra)


@st.cache_data(max_entries=4, show_spinner=False)
def _outdated_demo(path: str, modified: int) -> bool:
    return db.is_outdated_demo(Path(path))


def _ensure_database(path: Path, lang: str) -> None:
    """Build the demo database on first run (or when an older version built it), once even when
    several sessions start together."""
    if path.exists() and not _outdated_demo(str(path), path.stat().st_mtime_ns):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists() and not db.is_outdated_demo(path):
            return
        st.info(i18n.t("building_demo", lang, rows=i18n.format_int(demo.DEFAULT_ROWS, lang)))
        bar = st.progress(0.0)

        def report(fraction: float, step: str) -> None:
            bar.progress(fraction, text=i18n.t("building_progress", lang, step=step))

        demo.build_demo(path, progress=report)
        bar.empty()


# --- the frame ---------------------------------------------------------------
def language() -> str:
    """The session's language: from the link on the first run, then from the switch."""
    if "lang" not in st.session_state:
        requested = st.query_params.get("lang", i18n.DEFAULT_LANGUAGE)
        st.session_state["lang"] = requested if requested in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    return st.session_state["lang"]


def _load_filters_from_url(lang: str) -> None:
    """On a session's first run, set the filter widgets from the link it was opened with."""
    if "_filters_loaded" in st.session_state:
        return
    st.session_state["_filters_loaded"] = True
    filters, problems = Filters.from_query_lenient(st.query_params.to_dict())
    st.session_state["_link_problems"] = problems
    for attr, key in _FILTER_KEYS.items():
        value = getattr(filters, attr)
        st.session_state[key] = list(value) if isinstance(value, tuple) and attr not in ("waves", "years") else value


def _take_profile_from_url(regency_names: dict[str, str]) -> None:
    """`?profil=1571` (a story's link) opens the regency profile on that regency."""
    code = st.query_params.get(PROFILE_PARAMETER)
    if code in regency_names:
        st.session_state["profile_regency"] = code
        st.session_state["_profile_pinned"] = True


def _current_query() -> dict[str, str]:
    return dict(st.session_state.get("_query", {}))


def _reset_filters() -> None:
    for attr, key in _FILTER_KEYS.items():
        st.session_state[key] = getattr(Filters(), attr) if attr in ("waves", "years", "gender") else []


def _sidebar(lang: str, regency_names: dict[str, str], category_labels: dict[str, str]) -> Filters:
    sidebar = st.sidebar
    sidebar.segmented_control(
        i18n.t("language", lang), i18n.LANGUAGES, key="lang", required=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
    )
    sidebar.header(i18n.t("filters", lang))
    sidebar.multiselect(i18n.t("filter_regency", lang), list(regency_names), key="f_regency",
                        format_func=regency_names.get, placeholder=i18n.t("filter_all", lang))
    sidebar.slider(i18n.t("filter_waves", lang), WAVES[0], WAVES[1], key="f_waves")
    sidebar.slider(i18n.t("filter_years", lang), YEARS[0], YEARS[1], key="f_years")
    sidebar.segmented_control(i18n.t("filter_gender", lang), GENDERS, key="f_gender",
                              format_func=lambda g: i18n.t(f"gender_{g}", lang))
    sidebar.pills(i18n.t("filter_age", lang), AGE_BANDS, selection_mode="multi", key="f_age")
    sidebar.multiselect(i18n.t("filter_education", lang), EDUCATION, key="f_education",
                        format_func=lambda e: i18n.t(f"education_{e}", lang), placeholder=i18n.t("filter_all", lang))
    sidebar.multiselect(i18n.t("filter_category", lang), CATEGORIES, key="f_category",
                        format_func=category_labels.get, placeholder=i18n.t("filter_all", lang))
    sidebar.multiselect(i18n.t("filter_status", lang), WORK_STATUSES, key="f_status",
                        format_func=lambda s: i18n.t(f"status_{s}", lang), placeholder=i18n.t("filter_all", lang))
    sidebar.button(i18n.t("filter_reset", lang), on_click=_reset_filters)
    state = st.session_state
    return Filters(
        regencies=tuple(state["f_regency"]), waves=tuple(state["f_waves"]), years=tuple(state["f_years"]),
        gender=state["f_gender"], age_bands=tuple(state["f_age"]), education=tuple(state["f_education"]),
        categories=tuple(state["f_category"]), statuses=tuple(state["f_status"]),
    )


def _dataset_badge(info: db.DatasetInfo, lang: str) -> None:
    label = i18n.t("dataset_demo" if info.is_demo else "dataset_import", lang)
    details = i18n.t("dataset_badge", lang, version=info.version, date=info.created_at.strftime("%d-%m-%Y"))
    if info.file_name:
        details += " · " + i18n.t("dataset_file", lang, file=info.file_name)
    st.sidebar.badge(label, color="orange" if info.is_demo else "green")
    st.sidebar.caption(details)


def _load(lang: str) -> tuple[DbKey, db.DatasetInfo, dict[str, str], dict[str, str]]:
    path = config.db_path()
    try:
        _ensure_database(path, lang)
        db_key = _db_key(path)
        info = _dataset_info(db_key)
        regencies = _query("regencies", None, db_key)
        categories = _query("training_categories", None, db_key)
    except Exception as error:  # a broken or locked file must not show a traceback
        st.error(i18n.t("database_error", lang, error=type(error).__name__))
        st.stop()
    regency_names = dict(zip(regencies["regency_code"], regencies["name"], strict=True))
    label_column = "label_id" if lang == "id" else "label_en"
    category_labels = dict(zip(categories["category_id"], categories[label_column], strict=True))
    return db_key, info, regency_names, category_labels


def frame(page_path: str) -> PageContext:
    """Everything around a page: database, language, sidebar filters, downloads, URL, demo notice."""
    lang = language()
    db_key, info, regency_names, category_labels = _load(lang)
    _load_filters_from_url(lang)
    _take_profile_from_url(regency_names)
    filters = _sidebar(lang, regency_names, category_labels)
    lang = st.session_state["lang"]
    _dataset_badge(info, lang)
    st.session_state["_query"] = url = filters.to_query() | ({"lang": lang} if lang != i18n.DEFAULT_LANGUAGE else {})
    if st.query_params.to_dict() != url:
        st.query_params.from_dict(url)
    _start_presentation_link(url, page_path, lang)

    if info.is_demo:
        st.warning(i18n.t("demo_notice", lang), icon="⚠️")
    if st.session_state.get("_link_problems"):
        st.warning(i18n.t("filter_link_problem", lang, problems="; ".join(st.session_state["_link_problems"])))

    context_ = PageContext(page_path, lang, filters, config.min_cell(), db_key, info, regency_names, category_labels)
    st.session_state[_CONTEXT] = context_
    _alumni_downloads(context_)
    return context_


def context() -> PageContext:
    """The context `frame()` set up for this run."""
    return st.session_state[_CONTEXT]


def tr(key: str, **values: object) -> str:
    return i18n.t(key, context().lang, **values)


def describe_selection() -> str:
    ctx = context()
    return i18n.describe(ctx.filters, ctx.lang, ctx.regency_names, ctx.category_labels)


# --- shared page elements -----------------------------------------------------
def kpi_grid(published: pd.DataFrame, province: pd.DataFrame | None,
             rows: Sequence[Sequence[str]] = KPI_ROWS) -> None:
    """KPIs (all nine by default), each with the province value beside it when one is given."""
    ctx = context()
    kinds = {m.key: m.kind for m in KPIS}
    for row in rows:
        for column, key in zip(st.columns(len(row)), row, strict=False):
            value = published[key].iloc[0]
            signed = key == "median_income_change"
            text = i18n.format_measure(kinds[key], value, ctx.lang, ctx.k, signed=signed)
            help_text = tr(f"kpi_{key}_help")
            if pd.isna(value):
                help_text += " " + tr("suppressed_help", k=ctx.k)
            else:
                help_text += " " + tr("n_behind", n=i18n.format_int(published[f"{key}_n"].iloc[0], ctx.lang))
            delta = None
            if province is not None:
                province_text = i18n.format_measure(kinds[key], province[key].iloc[0], ctx.lang, ctx.k, signed=signed)
                delta = tr("province_value", value=province_text)
            column.metric(tr(f"kpi_{key}"), text, delta=delta, delta_color="off", delta_arrow="off",
                          help=help_text, border=True)


def chart(figure: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(figure, width="stretch", theme=None, key=key, config={"displaylogo": False})


def ranked_table(frame: pd.DataFrame, columns: Sequence[tuple[str, str, str]], name: str) -> None:
    """A table shown in full, beside its chart, with its download."""
    ctx = context()
    st.dataframe(tables.display_table(frame, columns, ctx.lang, ctx.k), hide_index=True, width="stretch",
                 height=35 * (len(frame) + 1) + 3)
    table_downloads(frame, name)


def table(frame: pd.DataFrame, columns: Sequence[tuple[str, str, str]], name: str) -> None:
    """The accessible twin of a chart, in an expander, with its download."""
    ctx = context()
    with st.expander(tr("show_table")):
        st.dataframe(tables.display_table(frame, columns, ctx.lang, ctx.k), hide_index=True, width="stretch")
        table_downloads(frame, name)


# --- downloads ------------------------------------------------------------------
def _file_stem(name: str) -> str:
    return f"prakerja-jambi-{name}-{date.today().isoformat()}"


def _download_buttons(make: Callable[[str], bytes], choices: Sequence[str], name: str,
                      disabled: Sequence[str] = ()) -> None:
    for fmt in choices:
        # The file is made only when the button is clicked, on its own thread; no rerun follows.
        st.download_button(fmt.upper(), data=lambda fmt=fmt: make(fmt), file_name=f"{_file_stem(name)}.{fmt}",
                           mime=export_formats.media_type(fmt), on_click="ignore", key=f"download_{name}_{fmt}",
                           disabled=fmt in disabled, width="stretch")


def table_downloads(frame: pd.DataFrame, name: str) -> None:
    """The published table behind a chart, exactly as shown (suppression applied)."""
    ctx = context()
    meta_args = {"title": tr("export_table_title", name=name), "level": name, "filters": ctx.filters,
                 "dataset": ctx.info, "columns": list(frame.columns), "k": ctx.k, "lang": ctx.lang,
                 "page_path": ctx.page_path, "rows": len(frame)}

    def make(fmt: str) -> bytes:
        with tempfile.TemporaryDirectory() as scratch:
            meta = export_content.metadata(**meta_args)
            return export_formats.to_bytes(export_formats.frame_batches(frame), fmt, meta, Path(scratch))

    with st.popover(tr("download_table"), icon=":material/download:"):
        _download_buttons(make, export_formats.FORMATS, name)


def _alumni_downloads(ctx: PageContext) -> None:
    n_alumni = int(_query("kpi_counts", ctx.filters, ctx.db_key)["n_alumni"].iloc[0])
    too_large = ("xlsx",) if n_alumni > export_formats.EXCEL_MAX_ROWS else ()

    def make(fmt: str) -> bytes:
        with tempfile.TemporaryDirectory() as scratch:
            cursor = _connection(ctx.db_key).cursor()
            try:
                written, _ = export_content.export(cursor, level="alumni", fmt=fmt, out=Path(scratch) / f"x.{fmt}",
                                                   filters=ctx.filters, lang=ctx.lang, k=ctx.k)
            finally:
                cursor.close()
            return written[0].read_bytes()

    with st.sidebar.popover(i18n.t("download_alumni", ctx.lang), icon=":material/download:", width="stretch"):
        st.caption(i18n.t("download_alumni_help", ctx.lang, k=ctx.k))
        if too_large:
            st.caption(i18n.t("download_too_large", ctx.lang, rows=i18n.format_int(n_alumni, ctx.lang)))
        _download_buttons(make, ("csv", "zip", "xlsx", "parquet"), "alumni", disabled=too_large)


# --- the map ------------------------------------------------------------------
@st.cache_data(max_entries=4, show_spinner=False)
def _boundaries(path: str, modified: int) -> boundary_files.Boundaries | list[str]:
    try:
        return boundary_files.load_boundaries(Path(path))
    except boundary_files.BoundaryError as error:
        return error.problems


def boundaries() -> tuple[boundary_files.Boundaries | None, str]:
    """The regency boundaries, read and simplified once per file version, or the problems found."""
    path = boundary_files.boundaries_path()
    modified = path.stat().st_mtime_ns if path.exists() else 0
    loaded = _boundaries(str(path), modified)
    if isinstance(loaded, list):
        return None, f"{path.name}: " + "; ".join(loaded)
    return loaded, ""


def _map_key() -> str:
    return f"regency_map_{st.session_state.get('_map_clicks', 0)}"


def _take_map_selection() -> None:
    """A click toggles the clicked regency in the global regency filter (a second click clears it).

    The chart gets a fresh key afterwards, so a click on the same regency is a new selection.
    """
    clicked = set(maps.selected_codes(st.session_state[_map_key()]["selection"]["points"]))
    current = set(st.session_state.get("f_regency", []))
    st.session_state["f_regency"] = [code for code in REGENCY_CODES if code in current ^ clicked]
    st.session_state["_map_clicks"] = st.session_state.get("_map_clicks", 0) + 1


def map_chart(figure: go.Figure) -> None:
    st.plotly_chart(figure, width="stretch", theme=None, key=_map_key(), on_select=_take_map_selection,
                    selection_mode=("points",), config={"displaylogo": False, "scrollZoom": False})


# --- regency profile and stories ------------------------------------------------
PROFILE_PAGE = "pages/profile.py"
PROFILE_PARAMETER = "profil"


def profile_regency() -> str:
    """The regency the profile shows: picked here, or the one regency selected elsewhere (the map)."""
    ctx = context()
    if st.session_state.pop("_profile_pinned", False):
        st.session_state["_profile_follows"] = ctx.filters.regencies
    if len(ctx.filters.regencies) == 1 and st.session_state.get("_profile_follows") != ctx.filters.regencies:
        st.session_state["profile_regency"] = ctx.filters.regencies[0]
        st.session_state["_profile_follows"] = ctx.filters.regencies
    st.session_state.setdefault("profile_regency", "1571")
    return st.selectbox(tr("profile_pick"), list(ctx.regency_names), format_func=ctx.regency_names.get,
                        key="profile_regency")


def story_cards(stories: pd.DataFrame, link_to_profile: bool) -> None:
    """Story cards; text only (never HTML), real ones with their source, demo ones marked synthetic."""
    ctx = context()
    if stories.empty:
        st.info(tr("stories_none"))
        return
    for start in range(0, len(stories), 2):
        for column, (_, story) in zip(st.columns(2), stories.iloc[start:start + 2].iterrows(), strict=False):
            with column.container(border=True):
                st.subheader(story["display_name"], anchor=False)
                category = story["category_label_id" if ctx.lang == "id" else "category_label_en"]
                st.caption(tr("story_meta", wave=story["wave"], category=category, regency=story["regency_name"]))
                if story["is_real"]:
                    st.badge(tr("story_real", source=story["source"]), color="green")
                else:
                    st.badge(tr("story_synthetic"), color="orange")
                st.text(story["summary_id" if ctx.lang == "id" else "summary_en"])
                st.text(tr("story_business", business=story["business"]))
                if link_to_profile:
                    # A page link, not st.switch_page: the browser then carries the sidebar's state along.
                    st.page_link(PROFILE_PAGE, label=tr("story_profile", regency=story["regency_name"]),
                                 query_params=_current_query() | {PROFILE_PARAMETER: story["regency_code"]})


# --- presentation mode ----------------------------------------------------------
SLIDES = ("kpis", "map", "categories", "outcomes", "stories", "scan")
PRESENT_KPIS = (("alumni", "pct_women", "pct_not_working"), ("pct_now_employed", "pct_now_business", "jobs_created"))
DEFAULT_SECONDS_PER_SLIDE = 15
PROJECTOR_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 1rem 2.5rem; max-width: 100%; }
.stApp { background: #ffffff; color: #111111; }
[data-testid="stMetric"] { padding: 0.6rem 1rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 4rem !important; line-height: 1.1; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
    font-size: 1.9rem !important; white-space: normal !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 1.8rem !important; }
h1 { font-size: 3rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stText"] { font-size: 1.5rem; }
</style>"""


def presenting() -> bool:
    """Whether this session shows the slides (`?mode=present`), decided on its first run."""
    if "_presenting" not in st.session_state:
        st.session_state["_presenting"] = st.query_params.get("mode") == "present"
    return st.session_state["_presenting"]


def _start_presentation_link(url: dict[str, str], page_path: str, lang: str) -> None:
    st.sidebar.link_button(i18n.t("present_start", lang), "./" + page_path + "?" + urlencode(url | {"mode": "present"}),
                           icon=":material/slideshow:", width="stretch")


def _seconds_per_slide() -> int:
    try:
        seconds = int(st.query_params.get("every", DEFAULT_SECONDS_PER_SLIDE))
    except ValueError:
        seconds = DEFAULT_SECONDS_PER_SLIDE
    return 0 if seconds <= 0 else min(max(seconds, 3), 600)


def present_frame(page_path: str) -> PageContext:
    """The slides' frame: filters from the link, no sidebar or toolbar, projector type, autoplay."""
    lang = language()
    db_key, info, regency_names, category_labels = _load(lang)
    state = st.session_state
    if "_slide" not in state:
        state["_present_filters"], state["_link_problems"] = Filters.from_query_lenient(st.query_params.to_dict())
        state["_every"] = _seconds_per_slide()
        state["_slide"], state["_paused"], state["_show_qr"] = 0, state["_every"] == 0, False
        state["_changed_at"] = time.monotonic()
    st.html(PROJECTOR_CSS)
    context_ = PageContext(page_path, lang, state["_present_filters"], config.min_cell(), db_key, info,
                           regency_names, category_labels)
    state[_CONTEXT] = context_
    _autoplay()
    return context_


@st.fragment(run_every=1)
def _autoplay() -> None:
    state = st.session_state
    if state["_paused"] or not state["_every"]:
        return
    if time.monotonic() - state["_changed_at"] >= state["_every"]:
        _move(+1)
        st.rerun()


def _move(step: int) -> None:
    state = st.session_state
    state["_slide"] = (state["_slide"] + step) % len(SLIDES)
    state["_changed_at"] = time.monotonic()


def _toggle(flag: str) -> None:
    st.session_state[flag] = not st.session_state[flag]
    st.session_state["_changed_at"] = time.monotonic()


def _leave_presentation() -> None:
    st.session_state["_presenting"] = False
    for key in ("_slide", "_present_filters"):
        st.session_state.pop(key, None)
    query = st.query_params.to_dict()
    query.pop("mode", None)
    query.pop("every", None)
    st.query_params.from_dict(query)


def present_controls() -> str:
    """Controls with keyboard shortcuts; returns the slide to show."""
    ctx = context()
    state = st.session_state
    paused = state["_paused"]
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(":material/arrow_back:", help=tr("present_previous"), shortcut="Left", on_click=_move, args=(-1,),
                  key="present_previous")
        st.button(":material/play_arrow:" if paused else ":material/pause:",
                  help=tr("present_play" if paused else "present_pause"), shortcut="Space", on_click=_toggle,
                  args=("_paused",), key="present_pause")
        st.button(":material/arrow_forward:", help=tr("present_next"), shortcut="Right", on_click=_move, args=(1,),
                  key="present_next")
        st.button(":material/qr_code_2:", help=tr("present_qr"), shortcut="Q", on_click=_toggle, args=("_show_qr",),
                  key="present_qr")
        st.button(":material/close:", help=tr("present_exit"), shortcut="Esc", on_click=_leave_presentation,
                  key="present_exit")
        st.caption(tr("present_position", number=state["_slide"] + 1, total=len(SLIDES)) + " · " + tr("present_keys"))
    if ctx.info.is_demo:
        st.warning(i18n.t("demo_notice", ctx.lang), icon="⚠️")
    if state["_show_qr"]:
        qr_block()
    return SLIDES[state["_slide"]]


def public_link() -> str:
    """The dashboard's public link for this view (secrets `public_url`, else `PRAKERJA_PUBLIC_URL`)."""
    ctx = context()
    return export_content.view_link(ctx.filters, "ringkasan", ctx.lang, base=_secret("public_url"))


def qr_block() -> None:
    link = public_link()
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.image(qr.qr_png(link), width=320)
    right.markdown(f"### {tr('present_scan_hint')}")
    right.code(link, language=None)


# --- admin: imports ---------------------------------------------------------------
def _secret(name: str) -> str | None:
    """A value from .streamlit/secrets.toml, if there is such a file."""
    if not st.secrets.load_if_toml_exists():
        return None
    return st.secrets.get(name)


def admin_signed_in() -> bool:
    """The password gate of the admin page (PRAKERJA_ADMIN_PASSWORD or secrets admin_password)."""
    password = _secret("admin_password") or os.environ.get("PRAKERJA_ADMIN_PASSWORD")
    if not password:
        st.info(tr("admin_disabled"))
        return False
    if st.session_state.get("_admin") == hashlib.sha256(password.encode()).hexdigest():
        st.button(tr("admin_logout"), on_click=lambda: st.session_state.pop("_admin", None))
        return True
    with st.form("admin_login"):
        given = st.text_input(tr("admin_password"), type="password")
        if st.form_submit_button(tr("admin_login")):
            if hmac.compare_digest(given.encode(), password.encode()):
                st.session_state["_admin"] = hashlib.sha256(password.encode()).hexdigest()
                st.rerun()
            time.sleep(1)  # slows guessing
            st.error(tr("admin_wrong"))
    return False


def import_form() -> None:
    """Upload, check and load a file; show every problem; offer the template and a restore."""
    ctx = context()

    def template() -> bytes:  # made when clicked, not on every rerun
        with tempfile.TemporaryDirectory() as scratch:
            return import_template.write_template(Path(scratch) / "templat.xlsx").read_bytes()

    st.download_button(tr("admin_template"), template, file_name="templat-alumni-prakerja.xlsx",
                       mime=export_formats.media_type("xlsx"), on_click="ignore", icon=":material/download:")
    with st.form("import"):
        upload = st.file_uploader(tr("admin_upload", mb=config.UPLOAD_LIMIT_MB), type=["csv", "xlsx", "parquet", "txt"])
        sheet = st.text_input(tr("admin_sheet"))
        keep_valid = st.checkbox(tr("admin_keep_valid"))
        replace = st.checkbox(tr("admin_replace"))
        submitted = st.form_submit_button(tr("admin_run"), type="primary")
    if submitted and upload is not None:
        if upload.size > config.UPLOAD_LIMIT_BYTES:
            st.error(tr("admin_too_large", mb=config.UPLOAD_LIMIT_MB))
            return
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / Path(upload.name).name.replace("/", "_")
            source.write_bytes(upload.getvalue())
            rejected = Path(scratch) / "ditolak.csv"
            try:
                result = imports.import_file(source, config.db_path(), sheet=sheet or None, keep_valid=keep_valid,
                                             replace=replace, rejected_out=rejected if keep_valid else None,
                                             configured_key=_secret("id_key"), display_name=upload.name)
            except imports.ImportBusy as error:
                st.error(str(error))
                return
            rejected_bytes = rejected.read_bytes() if result.rejected_file else None
        _show_import_result(result, rejected_bytes, ctx.lang)
    if imports.backups_dir(config.db_path()).exists():
        st.button(tr("admin_restore"), on_click=_restore, icon=":material/history:")


def _restore() -> None:
    chosen = imports.restore(config.db_path())
    st.toast(tr("admin_restored", file=chosen.name))


def _show_import_result(result: imports.ImportResult, rejected: bytes | None, lang: str) -> None:
    (st.success if result.ok else st.error)(result.message)
    for warning in result.warnings:
        st.warning(warning)
    st.write(tr("admin_summary", rows_in=i18n.format_int(result.rows_in, lang),
                loaded=i18n.format_int(result.loaded if result.ok else 0, lang),
                rejected=i18n.format_int(result.rejected, lang)))
    if result.ignored_columns:
        st.caption(tr("admin_ignored", columns=", ".join(result.ignored_columns)))
    if result.dropped_personal_columns:
        st.caption(tr("admin_personal", columns=", ".join(result.dropped_personal_columns)))
    if result.problems:
        st.dataframe(pd.DataFrame([
            {tr("column_row"): p.row, tr("column_column"): p.column, tr("column_rule"): p.rule,
             tr("column_value_raw"): p.value} for p in result.problems]), hide_index=True, width="stretch")
    if rejected:
        st.download_button(tr("admin_rejected_download"), rejected, file_name="baris-ditolak.csv", mime="text/csv",
                           on_click="ignore")
