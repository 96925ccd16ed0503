"""Ringkasan / Overview: the KPIs officials report, the trend, the top training categories."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.presentation import charts, ui

ctx = ui.context()
st.title(ui.tr("app_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))

kpis = metrics.kpis(ui.query("kpi_counts", ctx.filters), ctx.k)
province = metrics.kpis(ui.query("kpi_counts", Filters()), ctx.k) if ctx.filters.is_active else None
ui.kpi_grid(kpis, province)

st.subheader(ui.tr("trend_title"))
period = st.segmented_control(
    ui.tr("trend_by"), ("year", "wave"), default="year", required=True, key="overview_period",
    format_func=lambda p: ui.tr(f"period_{p}"),
)
trend = metrics.trend(ui.query("trend_by_wave", ctx.filters), period, ctx.k)
volume_column, outcome_column = st.columns(2)
with volume_column:
    ui.chart(charts.volume_figure(trend, period, ctx.lang))
with outcome_column:
    ui.chart(charts.outcome_trend_figure(trend, period, ctx.lang))
ui.table(trend, [
    (period, f"column_{period}", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("pct_now_employed_n", "column_n_base", "n"),
], f"trend-{period}")

categories = metrics.categories(ui.query("alumni_by_category", ctx.filters), ctx.k)
ui.chart(charts.categories_figure(categories, ctx.lang, ctx.k))
ui.table(categories, [
    ("label_id" if ctx.lang == "id" else "label_en", "column_category", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("pct_now_employed_n", "column_n_base", "n"),
], "categories")
