"""Pelatihan / Training: which categories lead to work or a business, platforms, the scheme change."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, maps, ui

ctx = ui.context()
st.title(ui.tr("training_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))

by_category = labels.with_labels(metrics.groups(ui.query("outcomes_by", ctx.filters, by="category"), ctx.k),
                                 "category", ctx.lang, ctx.category_labels)
names = list(by_category["label"])
volume_column, outcome_column = st.columns(2)
with volume_column:
    ui.chart(charts.bars_figure(names, by_category["alumni"], "count", ui.tr("training_volume"), ctx.lang, ctx.k))
with outcome_column:
    ui.chart(charts.paired_bars_figure(
        names, by_category["pct_now_employed"], by_category["pct_now_business"],
        (ui.tr("series_employed"), ui.tr("series_business")), ui.tr("training_outcomes"), ctx.lang, ctx.k))
ui.chart(charts.bars_figure(names, by_category["median_income_change"], "median", ui.tr("training_income"),
                            ctx.lang, ctx.k, colour=charts.PALETTE["secondary"]))
ui.table(by_category, labels.GROUP_TABLE, "categories")

heat_measure = st.segmented_control(
    ui.tr("heatmap_measure"), ("pct_now_employed", "pct_now_business"), default="pct_now_employed", required=True,
    key="training_heat_measure", format_func=lambda m: ui.tr(f"column_{m.removeprefix('pct_now_')}"),
)
pairs = metrics.groups(ui.query("outcomes_by", ctx.filters, by="category", then_by="regency"), ctx.k)
title = ui.tr("heatmap_title", measure=ui.tr(f"column_{heat_measure.removeprefix('pct_now_')}"))
ui.chart(charts.heatmap_figure(pairs, ctx.category_labels, maps.TILE_LABELS, heat_measure, title, ctx.lang, ctx.k))

mix = ui.query("training_mix", ctx.filters)
platforms = metrics.platform_mix(mix, ctx.k)
ui.chart(charts.bars_figure(list(platforms["platform"]), platforms["share"], "share", ui.tr("platform_title"),
                            ctx.lang, ctx.k))
st.caption(ui.tr("mode_note", modes=labels.modes(metrics.mode_mix(mix, ctx.k), ctx.lang, ctx.k)))

st.subheader(ui.tr("scheme_title"))
ui.ranked_table(labels.schemes(metrics.schemes(ui.query("scheme_comparison", ctx.filters), ctx.k), ctx.lang),
                labels.SCHEME_TABLE, "schemes")
