"""Presentation mode (`?mode=present`): full-screen slides for a projector; needs no internet."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, maps, ui

ctx = ui.context()
slide = ui.present_controls()
st.title(ui.tr(f"present_slide_{slide}"))
st.caption(ui.tr("selection", description=ui.describe_selection()))

if slide == "kpis":
    ui.kpi_grid(metrics.kpis(ui.query("kpi_counts", ctx.filters), ctx.k), None, rows=ui.PRESENT_KPIS)
elif slide == "map":
    regions = metrics.regencies(ui.query("outcomes_by", ctx.filters.without_regencies(), by="regency"),
                            ui.query("regencies"), ctx.k)
    shapes, _ = ui.boundaries()
    colour_range = maps.value_range(regions["alumni"])
    figure = (maps.choropleth_figure(regions, shapes.geojson, shapes.centre, "alumni", ctx.lang, ctx.k, colour_range,
                                     ctx.filters.regencies) if shapes
              else maps.tile_grid_figure(regions, "alumni", ctx.lang, ctx.k, colour_range, ctx.filters.regencies))
    ui.chart(charts.for_projector(figure, height=470))
elif slide == "categories":
    categories = metrics.categories(ui.query("alumni_by_category", ctx.filters), ctx.k)
    ui.chart(charts.for_projector(charts.categories_figure(categories, ctx.lang, ctx.k, top=6), height=440))
elif slide == "outcomes":
    flow = metrics.flow(ui.query("status_flow", ctx.filters), ctx.k)
    ui.chart(charts.for_projector(charts.sankey_figure(flow, labels.status_names(ctx.lang), "", ctx.lang), height=440))
elif slide == "stories":
    ui.story_cards(ui.query("stories", ctx.filters).head(4), link_to_profile=False)
else:
    ui.qr_block()
