"""Presentation mode (`?mode=present`): full-screen slides for a projector; needs no internet.

Each slide's content is made before its heading is drawn, so heading and content appear together."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import labels
from prakerja_dash.ui import frame, slides, store, widgets

ctx = frame.current()
slide = slides.controls(ctx)
note = ""

if slide == "kpis":
    kpis = ctx.view(views.ringkasan).tables["kpis"]
elif slide == "map":
    regions = ctx.view(views.peta).tables["regencies"]
    figure = widgets.figure(slides.map_figure, regions, ctx.lang, ctx.k, ctx.filters.regencies,
                            slides.CHART_HEIGHT, store.boundaries_version())
elif slide == "categories":
    categories = ctx.view(views.ringkasan).tables["categories"]
    figure = widgets.figure(slides.projected, "categories_figure", slides.CHART_HEIGHT, categories, ctx.lang,
                            ctx.k, top=6)
elif slide == "outcomes":
    flow = ctx.view(views.hasil).tables["status_flow"]
    figure = widgets.figure(slides.projected, "sankey_figure", slides.CHART_HEIGHT, flow,
                            labels.status_names(ctx.lang), "", ctx.lang)
elif slide == "stories":
    stories, note = slides.story_page(ctx, ctx.view(views.cerita).tables["stories"])

slides.heading(ctx, slide, note)
if slide == "kpis":
    widgets.kpi_grid(ctx, kpis, None, rows=slides.PRESENT_KPIS)
elif slide == "stories":
    widgets.story_cards(ctx, stories, link_to_profile=False)
elif slide == "scan":
    slides.qr_block(ctx)
else:
    with st.container(key="slide_chart"):
        widgets.chart(figure)
    if slide == "map":
        slides.show_heading_with_map()
