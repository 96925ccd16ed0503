"""The light page the presentation's QR code opens: the headline figures, two small charts and the
regencies, as plain HTML and inline SVG. No script, no font, no image, nothing from outside: a few
kilobytes that a room full of phones on hotel Wi-Fi can load at once."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd

from prakerja_dash import i18n, views
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.regions import scope_province

PATH = "/m"
PHONE_KPIS = ("alumni", "pct_women", "pct_now_employed", "pct_now_business", "median_income_change",
              "businesses_started")
TOP_CATEGORIES = 6
COLOUR = "#0b5cad"  # the dashboard's primary blue; grey is kept for hidden figures only

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1a1a1a;background:#fff}main{max-width:640px;margin:0 auto;padding:16px}
h1{font-size:1.35rem;margin:0 0 4px}h2{font-size:1.1rem;margin:24px 0 8px}
.sel{color:#444;margin:0 0 12px}.demo{background:#fff4e0;border-left:4px solid #e69500;padding:8px 12px;margin:12px 0}
.kpis{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:12px 0}
.kpi{border:1px solid #d0d7de;border-radius:8px;padding:10px}.kpi b{display:block;font-size:1.45rem}
.kpi span{font-size:.9rem;color:#444}.kpi small{display:block;color:#555;font-size:.8rem}
.bar{display:grid;grid-template-columns:9.5em 1fr 4.2em;gap:6px;align-items:center;margin:4px 0;font-size:.9rem}
.bar i{display:block;height:14px;background:#0b5cad;border-radius:3px}.bar em{font-style:normal;text-align:right}
table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{padding:6px 4px;border-bottom:1px solid #e5e5e5;
text-align:right}th:first-child,td:first-child{text-align:left}tr.sel td{font-weight:700;background:#eef5fc}
.go{display:block;text-align:center;background:#0b5cad;color:#fff;text-decoration:none;padding:14px;
border-radius:8px;font-weight:700;margin:24px 0 12px}footer{color:#555;font-size:.8rem;margin-top:16px}
svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def dashboard_link(filters: Filters, lang: str) -> str:
    """The full dashboard's Overview with the same filters, relative to the phone page."""
    query = i18n.link_query(filters, lang)
    return "ringkasan" + (f"?{urlencode(query)}" if query else "")


def phone_link(base: str, filters: Filters, lang: str) -> str:
    """The phone page's address under a public base URL, for the QR code."""
    query = i18n.link_query(filters, lang)
    return base.rstrip("/") + PATH + (f"?{urlencode(query)}" if query else "")


def _kpi_cards(kpis: pd.DataFrame, lang: str, k: int) -> str:
    rows = kpis.set_index("measure")
    cards = []
    for measure in PHONE_KPIS:
        value = rows.at[measure, "value"]
        n = rows.at[measure, "n"]
        text = i18n.format_measure(rows.at[measure, "kind"], None if pd.isna(value) else float(value), lang, k,
                                   signed=measure == "median_income_change")
        behind = "" if pd.isna(n) or measure == "alumni" else \
            f"<small>{_e(i18n.t('phone_n', lang, n=i18n.format_int(float(n), lang)))}</small>"
        cards.append(f'<div class="kpi"><span>{_e(i18n.t(f"kpi_{measure}", lang))}</span>'
                     f"<b>{_e(text)}</b>{behind}</div>")
    return '<div class="kpis">' + "".join(cards) + "</div>"


def _year_chart(trend: pd.DataFrame, lang: str, k: int) -> str:
    """Alumni per year as an SVG column chart; a hidden year shows "< K" and no column."""
    width, height, top, bottom = 340, 170, 22, 24
    shown = trend["alumni"].dropna()
    peak = float(shown.max()) if len(shown) and shown.max() > 0 else 1.0
    step = width / max(len(trend), 1)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{_e(i18n.t("phone_years_title", lang))}">']
    for index, row in enumerate(trend.itertuples(index=False)):
        x = index * step + step * 0.15
        bar_width = step * 0.7
        centre = x + bar_width / 2
        value = row.alumni
        label = i18n.format_measure("count", None if pd.isna(value) else float(value), lang, k)
        if pd.isna(value):
            y = height - bottom - 2
        else:
            bar = (height - top - bottom) * float(value) / peak
            y = height - bottom - bar
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" '
                         f'fill="{COLOUR}" rx="2"/>')
        parts.append(f'<text x="{centre:.1f}" y="{max(y - 5, 12):.1f}" text-anchor="middle">{_e(label)}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{height - 6}" text-anchor="middle">{_e(row.year)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _category_bars(categories: pd.DataFrame, lang: str, k: int) -> str:
    """The largest training categories by alumni, as bars of plain HTML."""
    label = "label_id" if lang == "id" else "label_en"
    top = categories.sort_values("alumni", ascending=False, na_position="last").head(TOP_CATEGORIES)
    peak = float(top["alumni"].max()) if top["alumni"].notna().any() else 1.0
    rows = []
    for row in top.itertuples(index=False):
        value = row.alumni
        width = 0 if pd.isna(value) or peak <= 0 else 100 * float(value) / peak
        text = i18n.format_measure("count", None if pd.isna(value) else float(value), lang, k)
        rows.append(f'<div class="bar"><span>{_e(getattr(row, label))}</span>'
                    f'<span><i style="width:{width:.0f}%"></i></span><em>{_e(text)}</em></div>')
    return "".join(rows)


def _regency_table(regencies: pd.DataFrame, selected: tuple[str, ...], lang: str, k: int,
                   heading: str = "column_regency") -> str:
    ranked = regencies.sort_values("alumni", ascending=False, na_position="last")
    head = (f"<tr><th>{_e(i18n.t(heading, lang))}</th><th>{_e(i18n.t('kpi_alumni', lang))}</th>"
            f"<th>{_e(i18n.t('phone_employed_short', lang))}</th></tr>")
    body = []
    for row in ranked.itertuples(index=False):
        alumni = i18n.format_measure("count", None if pd.isna(row.alumni) else float(row.alumni), lang, k)
        employed = i18n.format_measure(
            "share", None if pd.isna(row.pct_now_employed) else float(row.pct_now_employed), lang, k)
        marked = ' class="sel"' if row.regency_code in selected else ""
        body.append(f"<tr{marked}><td>{_e(row.name)}</td><td>{_e(alumni)}</td><td>{_e(employed)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _places(regions: views.View, filters: Filters, lang: str, k: int) -> str:
    """The shown province's kabupaten/kota, or in a national deployment with no province chosen, the
    provinces (a phone cannot page through 514 rows)."""
    if filters.province or scope_province():
        return (f"<h2>{_e(i18n.t('phone_regencies_title', lang))}</h2>"
                + _regency_table(regions.tables["regencies"], filters.regencies, lang, k))
    provinces = regions.tables["provinces"].rename(columns={"province_code": "regency_code"})
    return (f"<h2>{_e(i18n.t('phone_provinces_title', lang))}</h2>"
            + _regency_table(provinces, (), lang, k, heading="column_province"))


def render(overview: views.View, regions: views.View, *, description: str, is_demo: bool,
           dataset_label: str, notice: str = "") -> bytes:
    """The phone page of one selection, from the Overview and Map views of the same filters."""
    lang, k = overview.lang, overview.k
    tr = lambda key, **values: _e(i18n.t(key, lang, **values))  # noqa: E731
    demo = f'<p class="demo">{tr("demo_notice")}</p>' if is_demo else ""
    if notice:
        demo += f'<p class="demo">{_e(notice)}</p>'
    page = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{tr("app_title")}</title><style>{_STYLE}</style></head>
<body><main>
<h1>{tr("app_title")}</h1>
<p class="sel">{tr("selection", description=description)}</p>
{demo}
{_kpi_cards(overview.tables["kpis"], lang, k)}
<h2>{tr("phone_years_title")}</h2>
{_year_chart(overview.tables["trend_year"], lang, k)}
<h2>{tr("phone_categories_title")}</h2>
{_category_bars(overview.tables["categories"], lang, k)}
{_places(regions, overview.filters, lang, k)}
<a class="go" href="{_e(dashboard_link(overview.filters, lang))}">{tr("phone_open_dashboard")}</a>
<footer><p>{tr("privacy_footnote", k=k)}</p><p>{tr("phone_base_note")}</p><p>{_e(dataset_label)}</p></footer>
</main></body></html>
"""
    return page.encode("utf-8")
