"""Presentation mode (`?mode=present`): full-screen slides for a projector; needs no internet."""

import streamlit as st

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, maps
from prakerja_dash.ui import frame, slides, store, widgets

ctx = frame.current()
slide = slides.controls(ctx)
st.title(ctx.tr(f"present_slide_{slide}"))
st.caption(ctx.tr("selection", description=ctx.describe()))

if slide == "kpis":
    kpis = metrics.kpis(ctx.query(queries.kpi_counts, ctx.filters), ctx.k)
    widgets.kpi_grid(ctx, kpis, None, rows=slides.PRESENT_KPIS)
elif slide == "map":
    regions = metrics.regencies(ctx.query(queries.outcomes_by, ctx.filters.without_regencies(), by="regency"),
                                ctx.query(queries.regencies), ctx.k)
    figure = maps.regency_figure(regions, store.boundaries()[0], "alumni", ctx.lang, ctx.k,
                                 maps.value_range(regions["alumni"]), ctx.filters.regencies)
    widgets.chart(charts.for_projector(figure, height=470))
elif slide == "categories":
    categories = metrics.categories(ctx.query(queries.alumni_by_category, ctx.filters), ctx.k)
    widgets.chart(charts.for_projector(charts.categories_figure(categories, ctx.lang, ctx.k, top=6), height=440))
elif slide == "outcomes":
    flow = metrics.flow(ctx.query(queries.status_flow, ctx.filters), ctx.k)
    figure = charts.sankey_figure(flow, labels.status_names(ctx.lang), "", ctx.lang)
    widgets.chart(charts.for_projector(figure, height=440))
elif slide == "stories":
    widgets.story_cards(ctx, ctx.query(queries.stories, ctx.filters).head(4), link_to_profile=False)
else:
    slides.qr_block(ctx)
