"""Hasil / Outcomes: work status before and after, businesses and jobs, income."""

import streamlit as st

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
st.title(ctx.tr("outcomes_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

flow = metrics.flow(ctx.query(queries.status_flow, ctx.filters), ctx.k)
widgets.chart(charts.sankey_figure(flow, labels.status_names(ctx.lang), ctx.tr("flow_title"), ctx.lang))
widgets.table(ctx, labels.flow_rows(flow, ctx.lang), labels.FLOW_TABLE, "status-flow")

widgets.kpi_grid(ctx, metrics.kpis(ctx.query(queries.kpi_counts, ctx.filters), ctx.k), None, rows=labels.BUSINESS_KPIS)
st.caption(ctx.tr("kpi_base_note"))
sizes = metrics.business_sizes(ctx.query(queries.business_size, ctx.filters), ctx.k)
size_names = [labels.employee_band_label(band, ctx.lang) for band in sizes["employees_band"]]
widgets.chart(charts.bars_figure(size_names, sizes["businesses"], "count", ctx.tr("business_title"), ctx.lang, ctx.k,
                                 sort=False))
widgets.table(ctx, sizes, labels.BUSINESS_TABLE, "business-size")

bands = metrics.income_bands(ctx.query(queries.income_distribution, ctx.filters), ctx.k)
band_names = labels.income_band_labels(bands["band"], ctx.lang)
widgets.chart(charts.income_histogram_figure(bands, band_names, (ctx.tr("income_before"), ctx.tr("income_after")),
                                             ctx.tr("income_title"), ctx.lang))
widgets.table(ctx, bands.assign(label=band_names), labels.INCOME_TABLE, "income-bands")

for grouping in ("gender", "age_band", "education"):  # one under another: side by side they were squeezed
    groups = labels.with_labels(metrics.groups(ctx.query(queries.outcomes_by, ctx.filters, by=grouping), ctx.k),
                                grouping, ctx.lang)
    title = ctx.tr("income_by_title", group=ctx.tr(f"group_{grouping}"))
    widgets.chart(charts.bars_figure(list(groups["label"]), groups["median_income_change"], "median", title,
                                     ctx.lang, ctx.k, sort=False, colour=charts.PALETTE["secondary"]))
    widgets.table(ctx, groups, labels.INCOME_GROUP_TABLE, f"income-by-{grouping}")
