"""Peta / Map: the kabupaten/kota of the shown province coloured by a measure, a click filters every
page; a national deployment starts from the 38 provinces, and a click on one drills down to it."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.data import boundaries
from prakerja_dash.domain.regions import scope_province
from prakerja_dash.presentation import maps
from prakerja_dash.ui import frame, store, widgets

ctx = frame.current()
view = ctx.view(views.peta)
shown = ctx.filters.province or scope_province()
st.title(ctx.tr("map_title" if shown else "map_title_provinces"))
st.caption(ctx.tr("selection", description=ctx.describe()))
st.caption(ctx.tr("map_regions_note" if shown else "map_provinces_note"))
widgets.back_to_national(ctx)

measure_column, scale_column = st.columns([3, 2])
measure = measure_column.selectbox(
    ctx.tr("map_measure"), tuple(maps.MEASURE_KINDS), key="map_measure",
    format_func=lambda m: ctx.tr(f"map_measure_{m}"),
)
scale = scale_column.segmented_control(
    ctx.tr("map_scale"), ("province", "view"), default="view", required=True, key="map_scale",
    format_func=lambda s: ctx.tr(f"map_scale_{s}"),
) if shown else "view"

map_column, table_column = st.columns([7, 3])  # the map is the page's hero
if shown is None:  # all of Indonesia: the provinces
    regions = view.tables["provinces"]
    colour_range = maps.value_range(regions[measure])
    with map_column:
        figure = maps.national_figure(regions.rename(columns={"province_code": "region_code"}),
                                      boundaries.national_boundaries(ctx.lang), measure, ctx.lang, ctx.k, colour_range)
        widgets.province_map_chart(figure, tuple(regions["province_code"]))
        st.caption(maps.footnote(measure, ctx.lang, ctx.k))
    table_name, name_heading = "provinces", "column_province"
else:
    regions = view.tables["regencies"]
    reference = regions if scale == "view" else view.tables["regencies_all_alumni"]
    colour_range = maps.value_range(reference[measure])
    with map_column:
        if shown == "15":  # Jambi: the deployment's own boundary file (PRAKERJA_BOUNDARIES), else the shipped one
            shapes, problem = store.boundaries()
            if not shapes:
                st.warning(ctx.tr(problem))
            figure = maps.regency_figure(regions, shapes, measure, ctx.lang, ctx.k, colour_range, ctx.filters.regencies)
        else:
            figure = maps.province_figure(regions, boundaries.province_boundaries(shown, ctx.lang), measure, ctx.lang,
                                          ctx.k, colour_range, ctx.filters.regencies, code_column="regency_code")
        widgets.map_chart(figure)
        st.caption(maps.footnote(measure, ctx.lang, ctx.k))
    table_name, name_heading = "regencies", "column_regency"
with table_column:
    ranked = regions.sort_values(measure, ascending=False, na_position="last")
    columns = [("name", name_heading, "label"), (measure, f"map_measure_{measure}", maps.MEASURE_KINDS[measure])]
    if measure != "alumni":
        columns.append(("alumni_n" if measure == "alumni_per_1000" else f"{measure}_n", "column_n", "n"))
    widgets.ranked_table(ctx, ranked, columns, table_name)
