"""Profil kabupaten / Regency profile: one regency beside the province and the others."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
code = widgets.profile_regency(ctx)
view = ctx.view(views.profil, regency=code)
name = ctx.regency_names[code]
st.title(ctx.tr("profile_title", name=name))
st.info(labels.profile_note(code, ctx.filters.regencies, ctx.regency_names, ctx.lang), icon=":material/location_on:")
st.caption(ctx.tr("selection", description=ctx.describe()))
st.caption(ctx.tr("profile_vs_province"))

widgets.kpi_grid(ctx, view.tables["kpis"], view.tables["kpis_province"])
st.caption(ctx.tr("kpi_base_note"))

regions = view.tables["regencies"]
st.subheader(ctx.tr("profile_rank_title"))
ranks = labels.rank_rows(regions, view.tables["ranks"], code, ctx.lang, ctx.k)
widgets.ranked_table(ctx, ranks, labels.RANK_TABLE, "ranks")
with st.expander(ctx.tr("profile_others")):
    widgets.ranked_table(ctx, regions, labels.GROUP_TABLE, "regencies")

widgets.chart(charts.categories_figure(view.tables["categories"], ctx.lang, ctx.k,
                                       title=ctx.tr("profile_categories", name=name)))

st.subheader(ctx.tr("profile_stories", name=name))
widgets.story_cards(ctx, labels.story_texts(view.tables["stories"], ctx.lang), link_to_profile=False)
