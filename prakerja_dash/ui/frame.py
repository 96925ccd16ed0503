"""The frame around every page: database, language, filters from the URL and the sidebar, the
URL kept in step with them, and the notices every page shows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from prakerja_dash import config, i18n, views
from prakerja_dash.data import demo, queries, reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.regions import region_index, scope_province
from prakerja_dash.domain.text import markdown_literal
from prakerja_dash.domain.vocabulary import AGE_BANDS, CATEGORIES, EDUCATION, GENDERS, WAVES, WORK_STATUSES, YEARS
from prakerja_dash.presentation import interaction
from prakerja_dash.ui import auth, downloads
from prakerja_dash.ui.context import PageContext

LOG = logging.getLogger("prakerja_dash.ui")
_CONTEXT = "_page_context"
PROFILE_PARAMETER = "profil"


def language() -> str:
    """The session's language: from the link on the first run, then from the switch."""
    if "lang" not in st.session_state:
        requested = st.query_params.get("lang", i18n.DEFAULT_LANGUAGE)
        st.session_state["lang"] = requested if requested in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    return st.session_state["lang"]


def load(page_path: str, lang: str, filters: Filters) -> PageContext:
    """The page's context: the database (built or brought up to date first), its names."""
    try:
        key = open_database(lang)
        info = reader.dataset_info(key)
        regency_names = _names(views.regency_table(key, filters))
        categories = reader.query(key, queries.training_categories)
    except Exception as error:  # a broken or locked file must not show a traceback
        LOG.exception("cannot open the database %s", config.db_path())
        st.error(i18n.t("database_error", lang, error=type(error).__name__))
        st.stop()
    label_column = "label_id" if lang == "id" else "label_en"
    category_labels = dict(zip(categories["category_id"], categories[label_column], strict=True))
    return PageContext(page_path, lang, filters, config.min_cell(), key, info, regency_names, category_labels)


def open_database(lang: str) -> reader.DbKey:
    """The live file's key; on the very first start the demo database is built first, with a
    progress bar that goes away once the data is ready."""
    notice = st.empty()

    def announce() -> Callable[[float, str], None]:
        with notice.container():
            st.info(i18n.t("building_demo", lang, rows=i18n.format_int(demo.DEFAULT_ROWS, lang)))
            bar = st.progress(0.0)
        return lambda fraction, step: bar.progress(fraction, text=i18n.t("building_progress", lang, step=step))

    key = reader.ensure_database(config.db_path(), announce)
    notice.empty()
    return key


def _names(regencies: pd.DataFrame) -> dict[str, str]:
    return dict(zip(regencies["regency_code"], regencies["name"], strict=True))


def _filters_from_url() -> None:
    """On a session's first run, set the filter widgets from the link it was opened with."""
    if "_filters_loaded" in st.session_state:
        return
    st.session_state["_filters_loaded"] = True
    filters, problems = Filters.from_query_lenient(st.query_params.to_dict())
    st.session_state["_link_problems"] = problems
    st.session_state.update(interaction.widget_values(filters))


def _pin_profile_from_url(regency_names: dict[str, str]) -> None:
    """`?profil=1571` (a story's link) opens the regency profile on that regency."""
    code = st.query_params.get(PROFILE_PARAMETER)
    if code in regency_names:
        st.session_state["profile_regency"] = code
        st.session_state["_profile_pinned"] = True


def _reset_filters() -> None:
    st.session_state.update(interaction.widget_values(Filters()))


def _sidebar(lang: str, regency_names: dict[str, str], category_labels: dict[str, str]) -> Filters:
    sidebar = st.sidebar
    sidebar.segmented_control(
        i18n.t("language", lang), i18n.LANGUAGES, key="lang", required=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
    )
    sidebar.header(i18n.t("filters", lang))
    every = i18n.t("filter_all", lang)
    if scope_province() is None:  # a national deployment chooses a province first
        provinces = {r.kemendagri_code: r.name for r in region_index().provinces()}
        sidebar.selectbox(i18n.t("filter_province", lang), [None, *provinces], key="f_province",
                          format_func=lambda code: provinces.get(code, every), placeholder=every)
    shown = st.session_state.get("f_province") or scope_province()
    choices = [code for code in regency_names if shown is None or code.startswith(shown + ".")]
    sidebar.multiselect(i18n.t("filter_regency", lang), choices, key="f_regency",
                        format_func=regency_names.get, placeholder=every)
    sidebar.slider(i18n.t("filter_waves", lang), WAVES[0], WAVES[1], key="f_waves")
    sidebar.slider(i18n.t("filter_years", lang), YEARS[0], YEARS[1], key="f_years")
    sidebar.segmented_control(i18n.t("filter_gender", lang), GENDERS, key="f_gender",
                              format_func=lambda g: i18n.t(f"gender_{g}", lang))
    sidebar.pills(i18n.t("filter_age", lang), AGE_BANDS, selection_mode="multi", key="f_age")
    sidebar.multiselect(i18n.t("filter_education", lang), EDUCATION, key="f_education",
                        format_func=lambda e: i18n.t(f"education_{e}", lang), placeholder=every)
    sidebar.multiselect(i18n.t("filter_category", lang), CATEGORIES, key="f_category",
                        format_func=category_labels.get, placeholder=every)
    sidebar.multiselect(i18n.t("filter_status", lang), WORK_STATUSES, key="f_status",
                        format_func=lambda s: i18n.t(f"status_{s}", lang), placeholder=every)
    sidebar.button(i18n.t("filter_reset", lang), on_click=_reset_filters)
    return interaction.filters_from_widgets(st.session_state)


def _dataset_badge(ctx: PageContext) -> None:
    info = ctx.info
    details = ctx.tr("dataset_badge", version=info.version, date=info.created_at.strftime("%d-%m-%Y"))
    if info.file_name:
        details += " · " + ctx.tr("dataset_file", file=info.file_name)
    st.sidebar.badge(ctx.tr("dataset_demo" if info.is_demo else "dataset_import"),
                     color="orange" if info.is_demo else "green")
    st.sidebar.text(details)  # a file name is shown as it is, never as markdown


def url_query(ctx: PageContext) -> dict[str, str]:
    """The link parameters of this view: filters and language."""
    return i18n.link_query(ctx.filters, ctx.lang)


def frame(page_path: str) -> PageContext:
    """Everything around a page: database, language, sidebar filters, downloads, URL, notices."""
    ctx = load(page_path, language(), Filters())
    _filters_from_url()
    _pin_profile_from_url(ctx.regency_names)
    user, role = auth.current()
    filters = _sidebar(ctx.lang, views.regency_names(), ctx.category_labels)
    ctx = replace(ctx, filters=filters, regency_names=_names(views.regency_table(ctx.db_key, filters)), user=user,
                  role=role)
    _dataset_badge(ctx)
    url = url_query(ctx)
    if st.query_params.to_dict() != url:
        st.query_params.from_dict(url)
    st.sidebar.link_button(ctx.tr("present_start"), "./" + page_path + "?" + urlencode(url | {"mode": "present"}),
                           icon=":material/slideshow:", width="stretch")
    notices(ctx)
    if st.session_state.get("_link_problems"):
        problems = "; ".join(markdown_literal(i18n.filter_problem(p, ctx.lang))
                             for p in st.session_state["_link_problems"])
        st.warning(ctx.tr("filter_link_problem", problems=problems))
    remember(ctx)
    downloads.alumni_downloads(ctx)
    auth.sign_in_box(ctx.lang)
    return ctx


def notices(ctx: PageContext) -> None:
    if ctx.info.is_demo:
        st.warning(ctx.tr("demo_notice"), icon="⚠️")
    st.caption(ctx.tr("privacy_footnote", k=ctx.k))


def remember(ctx: PageContext) -> None:
    st.session_state[_CONTEXT] = ctx


def current() -> PageContext:
    """The context `frame()` (or the slides' frame) made for this run: a page's one way in."""
    return st.session_state[_CONTEXT]
