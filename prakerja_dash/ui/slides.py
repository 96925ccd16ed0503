"""Presentation mode (`?mode=present`): the slides' frame, controls with keyboard shortcuts,
autoplay, the QR code and the link it carries, and the way back to the dashboard."""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from prakerja_dash.data import boundaries
from prakerja_dash.domain.filters import Filters
from prakerja_dash.presentation import charts, interaction, labels, maps, qr
from prakerja_dash.ui import frame, store
from prakerja_dash.ui.context import PageContext
from prakerja_dash.ui.settings import secret
from prakerja_dash.web import phone

SLIDES = ("kpis", "map", "categories", "outcomes", "stories", "scan")
PRESENT_KPIS = (("alumni", "pct_women", "pct_not_working"), ("pct_now_employed", "pct_now_business", "jobs_created"))
PROJECTOR_CSS = (Path(__file__).with_name("slides.css")).read_text(encoding="utf-8")
MAP_LABEL_SIZE = 24  # px: the regencies' names on the map slide
STORIES_PER_PAGE = 2  # one row of cards fits 1280 × 720; → and autoplay page through the rest
# Addresses that are not this machine's: connect() on a UDP socket only picks the outgoing
# interface (no packet is sent), so the address the local network knows us by can be read.
_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")


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
        state["_story_page"], state["_story_pages"] = 0, 1
        state["_changed_at"] = time.monotonic()
    ctx = frame.load(page_path, frame.language(), state["_present_filters"])
    st.html(f"<style>{PROJECTOR_CSS}</style>{_CONTROLS_ON_DEMAND}", unsafe_allow_javascript=True)
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
    """The next or previous slide; on the stories slide, first the next or previous page of stories."""
    state = st.session_state
    state["_changed_at"] = time.monotonic()
    if SLIDES[state["_slide"]] == "stories":
        page = state.get("_story_page", 0) + step
        if 0 <= page < state.get("_story_pages", 1):
            state["_story_page"] = page
            return
    state["_slide"] = interaction.step_slide(state["_slide"], step, len(SLIDES))
    state["_story_page"] = 0


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
    with st.container(horizontal=True, vertical_alignment="center", key="present_controls"):
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
        with st.container(key="qr_overlay"):  # slides.css lays it over the slide: nothing moves
            qr_block(ctx)
    return SLIDES[state["_slide"]]


def heading(ctx: PageContext, slide: str, note: str = "") -> None:
    """The slide's title and the selection in words. Call it once the slide's content is made, so
    that heading and content appear together."""
    with st.container(key=f"heading_{slide}"):
        st.title(ctx.tr(f"present_slide_{slide}"), anchor=False)
        st.caption(ctx.tr("selection", description=ctx.describe()) + (f" · {note}" if note else ""))


# The controls are hidden from the audience (slides.css); a mouse movement or a key shows them
# for a few seconds. The keys work either way (Streamlit's shortcuts listen on the document).
_CONTROLS_ON_DEMAND = """<script>(() => {
  if (window.__slideControls) return;
  window.__slideControls = true;
  let timer = null;
  const show = () => {
    document.body.classList.add('slide-controls-shown');
    clearTimeout(timer);
    timer = setTimeout(() => document.body.classList.remove('slide-controls-shown'), 2500);
  };
  document.addEventListener('mousemove', show, {passive: true});
  document.addEventListener('keydown', show);
})();</script>"""


def chart(figure: go.Figure) -> None:
    """A slide's chart, as high as the slide leaves it (slides.css), without Plotly's toolbar."""
    with st.container(key="slide_chart"):
        st.plotly_chart(figure, width="stretch", height="stretch", theme=None, key="slide_plot",
                        config={"displayModeBar": False, "responsive": True})


def footnote(ctx: PageContext, slide: str) -> str:
    """What the "*" of the slide's labels means (the KPI slide's shares), or "" when it has none."""
    starred = slide == "kpis" and any(ctx.tr(f"kpi_{key}").endswith("*") for row in PRESENT_KPIS for key in row)
    return ctx.tr("map_footnote_base") if starred else ""


# --- the figures of the slides (built once per selection, see widgets.figure) ------------------
def map_figure(regions: pd.DataFrame, lang: str, k: int, selected: tuple[str, ...], shown: str | None,
               shapes_version: tuple[str, int]) -> go.Figure:
    """The map slide's map with the names large, its colour bar beside it, fitted to the values shown:
    the shown province's kabupaten/kota (Jambi's over the deployment's boundary file, the tile grid
    without one), or with no province shown the 38 provinces (`regions` keyed by `province_code`).
    `shapes_version` (store.boundaries_version) makes a new boundary file a new figure."""
    del shapes_version
    colour_range = maps.value_range(regions["alumni"])
    if shown is None:
        drawn = maps.national_figure(regions.rename(columns={"province_code": "region_code"}),
                                     boundaries.national_boundaries(lang), "alumni", lang, k, colour_range,
                                     label_size=MAP_LABEL_SIZE)
    elif shown == "15":
        drawn = maps.regency_figure(regions, store.boundaries()[0], "alumni", lang, k, colour_range, selected,
                                    label_size=MAP_LABEL_SIZE)
    else:
        drawn = maps.province_figure(regions, boundaries.province_boundaries(shown, lang), "alumni", lang, k,
                                     colour_range, selected, label_size=MAP_LABEL_SIZE, code_column="regency_code")
    figure = charts.for_projector(drawn)
    figure.update_traces(selector={"type": "heatmap"}, textfont_size=MAP_LABEL_SIZE)
    # A projector is wide: the colour bar goes beside the map (the tiles' on a heatmap, the shapes'
    # on an invisible marker).
    beside = {"orientation": "v", "x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle", "len": 0.9,
              "title": {"side": "top"}}
    figure.update_traces(selector={"type": "heatmap", "showscale": True}, colorbar=beside)
    figure.update_traces(selector=lambda trace: trace.type == "scatter" and trace.marker.showscale,
                         marker_colorbar=beside)
    return figure.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10})


def categories_figure(categories: pd.DataFrame, lang: str, k: int) -> go.Figure:
    """The six most taken trainings, for the projector."""
    return charts.for_projector(charts.categories_figure(categories, lang, k, top=6))


def outcomes_figure(flow: pd.DataFrame, lang: str) -> go.Figure:
    """Status at registration to status today, for the projector."""
    return charts.for_projector(charts.sankey_figure(flow, labels.status_names(lang), "", lang))


def story_page(ctx: PageContext, stories: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The stories on the current page of the stories slide, and which they are ("Stories 3–4 of 8")."""
    state = st.session_state
    pages = max(1, -(-len(stories) // STORIES_PER_PAGE))
    state["_story_pages"] = pages
    state["_story_page"] = page = min(state.get("_story_page", 0), pages - 1)
    first = page * STORIES_PER_PAGE
    shown = stories.iloc[first:first + STORIES_PER_PAGE]
    note = ctx.tr("present_stories_page", first=first + 1, last=first + len(shown), total=len(stories)) \
        if pages > 1 else ""
    return shown, note


# --- the QR code ---------------------------------------------------------------------------
def lan_address() -> str | None:
    """This machine's address on the local network (IPv4), or None when it has none."""
    for probe in _PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                address = udp.getsockname()[0]
        except OSError:
            continue
        if address and not ipaddress.ip_address(address).is_loopback and not ipaddress.ip_address(
                address).is_unspecified:
            return address
    return None


def public_base() -> str:
    """Where phones reach the dashboard: secrets `public_url`, else `PRAKERJA_PUBLIC_URL`, else this
    machine's address on the local network and the port the server listens on."""
    configured = secret("public_url") or os.environ.get("PRAKERJA_PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    port = st.get_option("server.port")
    bound = st.get_option("server.address")
    if bound and _is_local(bound):  # the server only listens on this machine
        return f"http://{bound}:{port}"
    return f"http://{lan_address() or 'localhost'}:{port}"


def public_link(ctx: PageContext) -> str:
    """The phone page of this view, as the QR code carries it: a few kilobytes a room of phones can
    load at once, with a link into the full dashboard (prakerja_dash/web/phone.py)."""
    return phone.phone_link(public_base(), ctx.filters, ctx.lang)


def _is_local(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def link_is_local(link: str) -> bool:
    """Whether only this machine can open `link` (a loopback address such as localhost)."""
    return _is_local(urlsplit(link).hostname or "")


def qr_block(ctx: PageContext) -> None:
    link = public_link(ctx)
    left, right = st.columns([1, 1], vertical_alignment="center")
    left.image(qr.qr_png(link), width=320)
    right.markdown(f"### {ctx.tr('present_scan_hint')}")
    right.code(link, language=None)
    if link_is_local(link):
        right.warning(ctx.tr("present_scan_local"), icon=":material/phonelink_off:")
