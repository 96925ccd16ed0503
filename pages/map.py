"""Peta / Map: the 11 regencies coloured by a measure; a click filters every page."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.presentation import maps, ui

ctx = ui.context()
st.title(ui.tr("map_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))
st.caption(ui.tr("map_regions_note"))

measure_column, scale_column = st.columns([3, 2])
measure = measure_column.selectbox(
    ui.tr("map_measure"), tuple(maps.MEASURE_KINDS), key="map_measure", format_func=lambda m: ui.tr(f"map_measure_{m}"),
)
scale = scale_column.segmented_control(
    ui.tr("map_scale"), ("province", "view"), default="province", required=True, key="map_scale",
    format_func=lambda s: ui.tr(f"map_scale_{s}"),
)

regions = metrics.regencies(ui.query("outcomes_by", ctx.filters.without_regencies(), by="regency"),
                            ui.query("regencies"), ctx.k)
reference = regions if scale == "view" else metrics.regencies(
    ui.query("outcomes_by", Filters(), by="regency"), ui.query("regencies"), ctx.k)
colour_range = maps.value_range(reference[measure])
shapes, problems = ui.boundaries()

map_column, table_column = st.columns([3, 2])
with map_column:
    if shapes:
        figure = maps.choropleth_figure(regions, shapes.geojson, shapes.centre, measure, ctx.lang, ctx.k,
                                        colour_range, ctx.filters.regencies)
    else:
        st.warning(ui.tr("map_boundary_problem", problems=problems))
        figure = maps.tile_grid_figure(regions, measure, ctx.lang, ctx.k, colour_range, ctx.filters.regencies)
    ui.map_chart(figure)
    st.caption(ui.tr("map_footnote", k=ctx.k))
with table_column:
    ranked = regions.sort_values(measure, ascending=False, na_position="last")
    columns = [("name", "column_regency", "label"), (measure, f"map_measure_{measure}", maps.MEASURE_KINDS[measure])]
    if measure != "alumni":
        columns.append(("alumni_n" if measure == "alumni_per_1000" else f"{measure}_n", "column_n", "n"))
    ui.ranked_table(ranked, columns, "regencies")
