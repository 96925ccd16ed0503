"""Peta / Map: the 11 regencies coloured by a measure; a click filters every page."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import maps
from prakerja_dash.ui import frame, store, widgets

ctx = frame.current()
view = ctx.view(views.peta)
st.title(ctx.tr("map_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))
st.caption(ctx.tr("map_regions_note"))

measure_column, scale_column = st.columns([3, 2])
measure = measure_column.selectbox(
    ctx.tr("map_measure"), tuple(maps.MEASURE_KINDS), key="map_measure",
    format_func=lambda m: ctx.tr(f"map_measure_{m}"),
)
scale = scale_column.segmented_control(
    ctx.tr("map_scale"), ("province", "view"), default="view", required=True, key="map_scale",
    format_func=lambda s: ctx.tr(f"map_scale_{s}"),
)

regions = view.tables["regencies"]
reference = regions if scale == "view" else view.tables["regencies_all_alumni"]
colour_range = maps.value_range(reference[measure])
shapes, problem = store.boundaries()

map_column, table_column = st.columns([7, 3])  # the map is the page's hero
with map_column:
    if not shapes:
        st.warning(ctx.tr(problem))
    widgets.map_chart(maps.regency_figure(regions, shapes, measure, ctx.lang, ctx.k, colour_range,
                                          ctx.filters.regencies))
    st.caption(maps.footnote(measure, ctx.lang, ctx.k))
with table_column:
    ranked = regions.sort_values(measure, ascending=False, na_position="last")
    columns = [("name", "column_regency", "label"), (measure, f"map_measure_{measure}", maps.MEASURE_KINDS[measure])]
    if measure != "alumni":
        columns.append(("alumni_n" if measure == "alumni_per_1000" else f"{measure}_n", "column_n", "n"))
    widgets.ranked_table(ctx, ranked, columns, "regencies")
