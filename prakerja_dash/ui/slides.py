"""Presentation mode (`?mode=present`): the slides' frame, controls with keyboard shortcuts,
autoplay, the QR code, and the way back to the dashboard."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from prakerja_dash.domain.filters import Filters
from prakerja_dash.export import content as export_content
from prakerja_dash.presentation import interaction, qr
from prakerja_dash.ui import frame
from prakerja_dash.ui.context import PageContext
from prakerja_dash.ui.settings import secret

SLIDES = ("kpis", "map", "categories", "outcomes", "stories", "scan")
PRESENT_KPIS = (("alumni", "pct_women", "pct_not_working"), ("pct_now_employed", "pct_now_business", "jobs_created"))
PROJECTOR_CSS = (Path(__file__).with_name("slides.css")).read_text(encoding="utf-8")


def presenting() -> bool:
    """Whether this session shows the slides (`?mode=present`), decided on its first run."""
    if "_presenting" not in st.session_state:
        st.session_state["_presenting"] = st.query_params.get("mode") == "present"
    return st.session_state["_presenting"]


def present_frame(page_path: str) -> PageContext:
    """The slides' frame: filters from the link, no sidebar or toolbar, projector type, autoplay."""
    state = st.session_state
    if "_slide" not in state:
        state["_present_filters"], state["_link_problems"] = Filters.from_query_lenient(st.query_params.to_dict())
        state["_every"] = interaction.seconds_per_slide(st.query_params.get("every"))
        state["_slide"], state["_paused"], state["_show_qr"] = 0, state["_every"] == 0, False
        state["_changed_at"] = time.monotonic()
    ctx = frame.load(page_path, frame.language(), state["_present_filters"])
    st.html(f"<style>{PROJECTOR_CSS}</style>")
    frame.remember(ctx)
    _autoplay()
    return ctx


@st.fragment(run_every=1)
def _autoplay() -> None:
    state = st.session_state
    if interaction.slide_due(state["_changed_at"], time.monotonic(), state["_every"], state["_paused"]):
        _move(+1)
        st.rerun()


def _move(step: int) -> None:
    state = st.session_state
    state["_slide"] = interaction.step_slide(state["_slide"], step, len(SLIDES))
    state["_changed_at"] = time.monotonic()


def _toggle(flag: str) -> None:
    st.session_state[flag] = not st.session_state[flag]
    st.session_state["_changed_at"] = time.monotonic()


def _leave() -> None:
    st.session_state["_presenting"] = False
    for key in ("_slide", "_present_filters"):
        st.session_state.pop(key, None)
    query = st.query_params.to_dict()
    query.pop("mode", None)
    query.pop("every", None)
    st.query_params.from_dict(query)


def controls(ctx: PageContext) -> str:
    """Controls with keyboard shortcuts; returns the slide to show."""
    state = st.session_state
    paused = state["_paused"]
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(":material/arrow_back:", help=ctx.tr("present_previous"), shortcut="Left", on_click=_move,
                  args=(-1,), key="present_previous")
        st.button(":material/play_arrow:" if paused else ":material/pause:",
                  help=ctx.tr("present_play" if paused else "present_pause"), shortcut="Space", on_click=_toggle,
                  args=("_paused",), key="present_pause")
        st.button(":material/arrow_forward:", help=ctx.tr("present_next"), shortcut="Right", on_click=_move,
                  args=(1,), key="present_next")
        st.button(":material/qr_code_2:", help=ctx.tr("present_qr"), shortcut="Q", on_click=_toggle,
                  args=("_show_qr",), key="present_qr")
        st.button(":material/close:", help=ctx.tr("present_exit"), shortcut="Esc", on_click=_leave,
                  key="present_exit")
        st.caption(ctx.tr("present_position", number=state["_slide"] + 1, total=len(SLIDES)) + " · "
                   + ctx.tr("present_keys"))
    frame.notices(ctx)
    if state["_show_qr"]:
        qr_block(ctx)
    return SLIDES[state["_slide"]]


def public_link(ctx: PageContext) -> str:
    """The dashboard's public link for this view (secrets `public_url`, else `PRAKERJA_PUBLIC_URL`)."""
    return export_content.view_link(ctx.filters, "ringkasan", ctx.lang, base=secret("public_url"))


def qr_block(ctx: PageContext) -> None:
    link = public_link(ctx)
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.image(qr.qr_png(link), width=320)
    right.markdown(f"### {ctx.tr('present_scan_hint')}")
    right.code(link, language=None)
