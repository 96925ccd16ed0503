"""Ringkasan / Overview: the KPIs officials report, the trend, the top training categories."""

import streamlit as st

from prakerja_dash.data import queries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, store, widgets

ctx = frame.current()
st.title(ctx.tr("app_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

kpis = store.derived(metrics.kpis, ctx.query(queries.kpi_counts, ctx.filters), ctx.k)
province = (store.derived(metrics.kpis, ctx.query(queries.kpi_counts, Filters()), ctx.k) if ctx.filters.is_active
            else None)
widgets.kpi_grid(ctx, kpis, province)
st.caption(ctx.tr("kpi_base_note"))

st.subheader(ctx.tr("trend_title"))
period = st.segmented_control(
    ctx.tr("trend_by"), ("year", "wave"), default="year", required=True, key="overview_period",
    format_func=lambda p: ctx.tr(f"period_{p}"),
)
trend = store.derived(metrics.trend, ctx.query(queries.trend_by_wave, ctx.filters), period, ctx.k)
volume_column, outcome_column = st.columns(2)
with volume_column:
    widgets.chart(charts.volume_figure, trend, period, ctx.lang)
with outcome_column:
    widgets.chart(charts.outcome_trend_figure, trend, period, ctx.lang)
widgets.table(ctx, trend, labels.trend_table(period), f"trend-{period}")

categories = store.derived(metrics.categories, ctx.query(queries.alumni_by_category, ctx.filters), ctx.k)
widgets.chart(charts.categories_figure, categories, ctx.lang, ctx.k)
widgets.table(ctx, categories, [
    ("label_id" if ctx.lang == "id" else "label_en", "column_category", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("pct_now_employed_n", "column_n_base", "n"),
], "categories")
