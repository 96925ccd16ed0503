"""Ringkasan / Overview: the KPIs officials report, the trend, the top training categories."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
view = ctx.view(views.ringkasan)
st.title(ctx.tr("app_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

if "kpis_national" in view.tables:  # a province of a national deployment, beside the nation
    widgets.kpi_grid(ctx, view.tables["kpis"], view.tables["kpis_national"], reference_label="national_value")
else:
    widgets.kpi_grid(ctx, view.tables["kpis"], view.tables.get("kpis_province"))
st.caption(ctx.tr("kpi_base_note"))

st.subheader(ctx.tr("trend_title"))
period = st.segmented_control(
    ctx.tr("trend_by"), ("year", "wave"), default="year", required=True, key="overview_period",
    format_func=lambda p: ctx.tr(f"period_{p}"),
)
trend = view.tables[f"trend_{period}"]
volume_column, outcome_column = st.columns(2)
with volume_column:
    widgets.chart(charts.volume_figure, trend, period, ctx.lang)
with outcome_column:
    widgets.chart(charts.outcome_trend_figure, trend, period, ctx.lang, ctx.k)
    st.caption(ctx.tr(f"trend_note_{period}"))
widgets.table(ctx, trend, labels.trend_table(period), f"trend-{period}")

categories = view.tables["categories"]
widgets.chart(charts.categories_figure, categories, ctx.lang, ctx.k)
widgets.table(ctx, categories, [
    ("label_id" if ctx.lang == "id" else "label_en", "column_category", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("pct_now_employed_n", "column_n_base", "n"),
], "categories")
