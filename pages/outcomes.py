"""Hasil / Outcomes: work status before and after, businesses and jobs, income."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
view = ctx.view(views.hasil)
st.title(ctx.tr("outcomes_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

compare_by = st.segmented_control(
    ctx.tr("compare_by"), views.OUTCOME_GROUPINGS, default="gender", required=True, key="outcomes_compare_by",
    format_func=lambda grouping: ctx.tr(f"group_{grouping}").capitalize(),
)
compared = labels.with_labels(view.tables[f"by_{compare_by}"], compare_by, ctx.lang)
group = ctx.tr(f"group_{compare_by}")
widgets.chart(charts.paired_bars_figure(
    list(compared["label"]), compared["pct_now_employed"], compared["pct_now_business"],
    (ctx.tr("series_employed"), ctx.tr("series_business")), ctx.tr("compare_by_title", group=group), ctx.lang, ctx.k,
    sort=False), key="compare_by_chart")
widgets.ranked_table(ctx, compared, labels.GROUP_TABLE, f"compare-by-{compare_by}")
st.caption(ctx.tr("kpi_base_note"))

flow = view.tables["status_flow"]
widgets.chart(charts.sankey_figure(flow, labels.status_names(ctx.lang), ctx.tr("flow_title"), ctx.lang))
widgets.table(ctx, labels.flow_rows(flow, ctx.lang), labels.FLOW_TABLE, "status-flow")

widgets.kpi_grid(ctx, view.tables["kpis"], None, rows=labels.BUSINESS_KPIS)
st.caption(ctx.tr("kpi_base_note"))
sizes = view.tables["business_sizes"]
size_names = [labels.employee_band_label(band, ctx.lang) for band in sizes["employees_band"]]
widgets.chart(charts.bars_figure(size_names, sizes["businesses"], "count", ctx.tr("business_title"), ctx.lang, ctx.k,
                                 sort=False))
widgets.table(ctx, sizes, labels.BUSINESS_TABLE, "business-size")

bands = view.tables["income_bands"]
band_names = labels.income_band_labels(bands["band"], ctx.lang)
coarse, coarse_names = labels.coarse_income_bands(bands, ctx.lang)  # fewer, top-coded bins: readable on a phone
widgets.chart(charts.income_histogram_figure(coarse, coarse_names, (ctx.tr("income_before"), ctx.tr("income_after")),
                                             ctx.tr("income_title"), ctx.lang))
widgets.table(ctx, bands.assign(label=band_names), labels.INCOME_TABLE, "income-bands")

for grouping in views.OUTCOME_GROUPINGS:  # one under another: side by side they were squeezed
    groups = labels.with_labels(view.tables[f"by_{grouping}"], grouping, ctx.lang)
    title = ctx.tr("income_by_title", group=ctx.tr(f"group_{grouping}"))
    widgets.chart(charts.bars_figure(list(groups["label"]), groups["median_income_change"], "median", title,
                                     ctx.lang, ctx.k, sort=False, colour=charts.PALETTE["secondary"]))
    widgets.table(ctx, groups, labels.INCOME_GROUP_TABLE, f"income-by-{grouping}")
