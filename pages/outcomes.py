"""Hasil / Outcomes: work status before and after, businesses and jobs, income."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels, ui

ctx = ui.context()
st.title(ui.tr("outcomes_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))

flow = metrics.flow(ui.query("status_flow", ctx.filters), ctx.k)
ui.chart(charts.sankey_figure(flow, labels.status_names(ctx.lang), ui.tr("flow_title"), ctx.lang))
ui.table(labels.flow_rows(flow, ctx.lang), labels.FLOW_TABLE, "status-flow")

ui.kpi_grid(metrics.kpis(ui.query("kpi_counts", ctx.filters), ctx.k), None, rows=labels.BUSINESS_KPIS)
sizes = metrics.business_sizes(ui.query("business_size", ctx.filters), ctx.k)
size_names = [ui.tr("employees_band", band=band) for band in sizes["employees_band"]]
ui.chart(charts.bars_figure(size_names, sizes["businesses"], "count", ui.tr("business_title"), ctx.lang, ctx.k,
                            horizontal=False, sort=False))
ui.table(sizes, labels.BUSINESS_TABLE, "business-size")

bands = metrics.income_bands(ui.query("income_distribution", ctx.filters), ctx.k)
band_names = labels.income_band_labels(bands["band"], ctx.lang)
ui.chart(charts.income_histogram_figure(bands, band_names, (ui.tr("income_before"), ui.tr("income_after")),
                                        ui.tr("income_title"), ctx.lang))
ui.table(bands.assign(label=band_names), labels.INCOME_TABLE, "income-bands")

for column, grouping in zip(st.columns(3), ("gender", "age_band", "education"), strict=True):
    with column:
        groups = labels.with_labels(metrics.groups(ui.query("outcomes_by", ctx.filters, by=grouping), ctx.k),
                                    grouping, ctx.lang)
        title = ui.tr("income_by_title", group=ui.tr(f"group_{grouping}"))
        ui.chart(charts.bars_figure(list(groups["label"]), groups["median_income_change"], "median", title,
                                    ctx.lang, ctx.k, horizontal=False, sort=False, colour=charts.PALETTE["secondary"]))
        ui.table(groups, labels.INCOME_GROUP_TABLE, f"income-by-{grouping}")
