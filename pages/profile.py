"""Profil kabupaten / Regency profile: one regency beside the province and the others."""

import streamlit as st

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
code = widgets.profile_regency(ctx)
name = ctx.regency_names[code]
st.title(ctx.tr("profile_title", name=name))
st.info(labels.profile_note(code, ctx.filters.regencies, ctx.regency_names, ctx.lang), icon=":material/location_on:")
st.caption(ctx.tr("selection", description=ctx.describe()))
st.caption(ctx.tr("profile_vs_province"))

regency_filters = ctx.filters.for_regency(code)
province = metrics.kpis(ctx.query(queries.kpi_counts, ctx.filters.without_regencies()), ctx.k)
widgets.kpi_grid(ctx, metrics.kpis(ctx.query(queries.kpi_counts, regency_filters), ctx.k), province)
st.caption(ctx.tr("kpi_base_note"))

regions = labels.with_labels(
    metrics.groups(ctx.query(queries.outcomes_by, ctx.filters.without_regencies(), by="regency"), ctx.k),
    "regency", ctx.lang, ctx.regency_names)
st.subheader(ctx.tr("profile_rank_title"))
ranks = labels.rank_rows(regions, metrics.ranks(regions), code, ctx.lang, ctx.k)
widgets.ranked_table(ctx, ranks, labels.RANK_TABLE, "ranks")
with st.expander(ctx.tr("profile_others")):
    widgets.ranked_table(ctx, regions, labels.GROUP_TABLE, "regencies")

categories = metrics.categories(ctx.query(queries.alumni_by_category, regency_filters), ctx.k)
widgets.chart(charts.categories_figure(categories, ctx.lang, ctx.k, title=ctx.tr("profile_categories", name=name)))

st.subheader(ctx.tr("profile_stories", name=name))
widgets.story_cards(ctx, labels.story_texts(ctx.query(queries.stories, regency_filters), ctx.lang),
                    link_to_profile=False)
