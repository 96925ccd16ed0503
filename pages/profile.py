"""Profil kabupaten / Regency profile: one regency beside the province and the others."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, ui

ctx = ui.context()
code = ui.profile_regency()
name = ctx.regency_names[code]
st.title(ui.tr("profile_title", name=name))
st.caption(ui.tr("selection", description=ui.describe_selection()))
st.caption(ui.tr("profile_vs_province"))

regency_filters = ctx.filters.for_regency(code)
province = metrics.kpis(ui.query("kpi_counts", ctx.filters.without_regencies()), ctx.k)
ui.kpi_grid(metrics.kpis(ui.query("kpi_counts", regency_filters), ctx.k), province)

regions = labels.with_labels(
    metrics.groups(ui.query("outcomes_by", ctx.filters.without_regencies(), by="regency"), ctx.k),
    "regency", ctx.lang, ctx.regency_names)
st.subheader(ui.tr("profile_rank_title"))
ui.ranked_table(labels.rank_rows(regions, metrics.ranks(regions), code, ctx.lang, ctx.k), labels.RANK_TABLE,
                "ranks")
with st.expander(ui.tr("profile_others")):
    ui.ranked_table(regions, labels.GROUP_TABLE, "regencies")

categories = metrics.categories(ui.query("alumni_by_category", regency_filters), ctx.k)
ui.chart(charts.categories_figure(categories, ctx.lang, ctx.k, title=ui.tr("profile_categories", name=name)))

st.subheader(ui.tr("profile_stories", name=name))
ui.story_cards(ui.query("stories", regency_filters), link_to_profile=False)
