"""Presentation mode (`?mode=present`): full-screen slides for a projector; needs no internet.

Each slide's content is made before its heading is drawn, so heading and content appear together."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.domain.regions import scope_province
from prakerja_dash.ui import frame, slides, store, widgets

ctx = frame.current()
slide = slides.controls(ctx)
note = ""

if slide == "kpis":
    kpis = ctx.view(views.ringkasan).tables["kpis"]
elif slide == "map":
    shown = ctx.filters.province or scope_province()
    regions = ctx.view(views.peta).tables["regencies" if shown else "provinces"]
    figure = widgets.figure(slides.map_figure, regions, ctx.lang, ctx.k, ctx.filters.regencies, shown,
                            store.boundaries_version())
elif slide == "categories":
    categories = ctx.view(views.ringkasan).tables["categories"]
    figure = widgets.figure(slides.categories_figure, categories, ctx.lang, ctx.k)
elif slide == "outcomes":
    flow = ctx.view(views.hasil).tables["status_flow"]
    figure = widgets.figure(slides.outcomes_figure, flow, ctx.lang)
elif slide == "stories":
    stories, note = slides.story_page(ctx, ctx.view(views.cerita).tables["stories"])

slides.heading(ctx, slide, note)
with st.container(key=f"slide_{slide}"):
    if slide == "kpis":
        widgets.kpi_grid(ctx, kpis, None, rows=slides.PRESENT_KPIS)
    elif slide == "stories":
        widgets.story_cards(ctx, stories, link_to_profile=False)
    elif slide == "scan":
        slides.qr_block(ctx)
    else:
        slides.chart(figure)
    footnote = slides.footnote(ctx, slide)
    if footnote:
        st.caption(footnote)
