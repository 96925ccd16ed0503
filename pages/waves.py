"""Gelombang / Waves: alumni and outcomes by wave and year, and two periods compared."""

import streamlit as st

from prakerja_dash.domain import metrics
from prakerja_dash.domain.vocabulary import WAVES
from prakerja_dash.presentation import charts, labels, ui

ctx = ui.context()
st.title(ui.tr("waves_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))

by_wave = ui.query("trend_by_wave", ctx.filters)
for period in ("year", "wave"):
    trend = metrics.trend(by_wave, period, ctx.k)
    volume_column, outcome_column = st.columns(2)
    with volume_column:
        ui.chart(charts.volume_figure(trend, period, ctx.lang), key=f"volume_{period}")
    with outcome_column:
        ui.chart(charts.outcome_trend_figure(trend, period, ctx.lang), key=f"outcome_{period}")
    ui.table(trend, labels.trend_table(period), f"trend-{period}")

st.subheader(ui.tr("compare_title"))
st.caption(ui.tr("compare_note"))
first_column, second_column = st.columns(2)
period_a = first_column.slider(ui.tr("period_a"), WAVES[0], WAVES[1], (1, 47), key="compare_a")
period_b = second_column.slider(ui.tr("period_b"), WAVES[0], WAVES[1], (48, 71), key="compare_b")
kpis_a = metrics.kpis(ui.query("kpi_counts", ctx.filters.with_waves(period_a)), ctx.k)
kpis_b = metrics.kpis(ui.query("kpi_counts", ctx.filters.with_waves(period_b)), ctx.k)
comparison = labels.period_comparison(kpis_a, kpis_b, ctx.lang, ctx.k)
names = (ui.tr("column_period_a", range=labels.span(period_a)), ui.tr("column_period_b", range=labels.span(period_b)))
ui.chart(charts.paired_bars_figure(list(comparison["label"]), comparison["a"], comparison["b"], names,
                                   ui.tr("compare_chart_title"), ctx.lang, ctx.k))
ui.ranked_table(comparison, labels.COMPARISON_TABLE, "periods")
