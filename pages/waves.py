"""Gelombang / Waves: alumni and outcomes by wave and year, and two periods compared."""

import streamlit as st

from prakerja_dash import i18n, views
from prakerja_dash.domain.vocabulary import WAVES
from prakerja_dash.presentation import charts, labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()
st.title(ctx.tr("waves_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))

trends = st.container()  # drawn above the comparison, once its periods are known
st.subheader(ctx.tr("compare_title"))
st.caption(ctx.tr("compare_note"))
first_column, second_column = st.columns(2)
a_default, b_default = views.DEFAULT_PERIODS
period_a = first_column.slider(ctx.tr("period_a"), WAVES[0], WAVES[1], a_default, key="compare_a")
period_b = second_column.slider(ctx.tr("period_b"), WAVES[0], WAVES[1], b_default, key="compare_b")
view = ctx.view(views.gelombang, periods=(period_a, period_b))
comparison = labels.period_comparison(view.tables["kpis_period_a"], view.tables["kpis_period_b"], ctx.lang, ctx.k)
names = (ctx.tr("column_period_a", range=i18n.span(period_a)), ctx.tr("column_period_b", range=i18n.span(period_b)))
widgets.chart(charts.paired_bars_figure(list(comparison["label"]), comparison["a"], comparison["b"], names,
                                        ctx.tr("compare_chart_title"), ctx.lang, ctx.k))
widgets.ranked_table(ctx, comparison, labels.COMPARISON_TABLE, "periods")
st.caption(ctx.tr("kpi_base_note"))

for period in ("year", "wave"):
    trend = view.tables[f"trend_{period}"]
    volume_column, outcome_column = trends.columns(2)
    with volume_column:
        widgets.chart(charts.volume_figure(trend, period, ctx.lang), key=f"volume_{period}")
    with outcome_column:
        widgets.chart(charts.outcome_trend_figure(trend, period, ctx.lang, ctx.k), key=f"outcome_{period}")
        st.caption(ctx.tr(f"trend_note_{period}"))
    with trends:
        widgets.table(ctx, trend, labels.trend_table(period), f"trend-{period}")

