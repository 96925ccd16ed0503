"""Pelatihan / Training: which categories lead to work or a business, platforms, the scheme change."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.domain.regions import region_index
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
view = ctx.view(views.pelatihan)
st.title(ctx.tr("training_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

sort_by = st.selectbox(ctx.tr("sort_by"), labels.SORTABLE_MEASURES, key="training_sort_by",
                       format_func=lambda measure: ctx.tr(labels.SORTABLE_MEASURES[measure]))
by_category = view.tables["categories"].sort_values(sort_by, ascending=False, na_position="last")
names = list(by_category["label"])
# One under another: twelve category names beside bars need the page's width.
widgets.chart(charts.bars_figure(names, by_category["alumni"], "count", ctx.tr("training_volume"), ctx.lang, ctx.k,
                                 sort=False))
widgets.chart(charts.paired_bars_figure(
    names, by_category["pct_now_employed"], by_category["pct_now_business"],
    (ctx.tr("series_employed"), ctx.tr("series_business")), ctx.tr("training_outcomes"), ctx.lang, ctx.k, sort=False))
widgets.chart(charts.bars_figure(names, by_category["median_income_change"], "median", ctx.tr("training_income"),
                                 ctx.lang, ctx.k, colour=charts.PALETTE["secondary"], sort=False))
widgets.table(ctx, by_category, labels.GROUP_TABLE, "categories")

heat_measure = st.segmented_control(
    ctx.tr("heatmap_measure"), ("pct_now_employed", "pct_now_business"), default="pct_now_employed", required=True,
    key="training_heat_measure", format_func=lambda m: ctx.tr(f"series_{m.removeprefix('pct_now_')}"),
)
if "category_province" in view.tables:  # all of Indonesia: the provinces
    pairs = view.tables["category_province"]
    places = {r.kemendagri_code: r.short_name for r in region_index().provinces()}
else:
    pairs, places = view.tables["category_regency"], labels.short_regency_names(ctx.regency_names)
title = ctx.tr("heatmap_title", measure=ctx.tr(f"column_{heat_measure.removeprefix('pct_now_')}"))
st.html(labels.scrolling_css("wide_heatmap", charts.HEATMAP_MIN_WIDTH))
with st.container(key="wide_heatmap"):  # on a phone the heat map scrolls sideways instead of squeezing
    widgets.chart(charts.heatmap_figure(pairs, ctx.category_labels, places, heat_measure, title, ctx.lang, ctx.k))

platforms = view.tables["platforms"]
widgets.chart(charts.bars_figure(list(platforms["platform"]), platforms["share"], "share", ctx.tr("platform_title"),
                                 ctx.lang, ctx.k))
st.caption(ctx.tr("mode_note", modes=labels.modes(view.tables["modes"], ctx.lang, ctx.k)))

st.subheader(ctx.tr("scheme_title"))
schemes = view.tables["schemes"]
widgets.ranked_table(ctx, labels.scheme_rows(schemes, ctx.lang, ctx.k), labels.scheme_rows_table(ctx.lang), "schemes")
st.caption(ctx.tr("scheme_base_note"))
