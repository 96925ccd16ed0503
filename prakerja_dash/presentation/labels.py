"""Translated label columns and table layouts shared by the analysis pages (pure, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from prakerja_dash.domain.vocabulary import AGE_BANDS, EDUCATION, GENDERS
from prakerja_dash.i18n import format_measure, format_number, format_rupiah_range, t
from prakerja_dash.presentation.maps import TILE_LABELS, map_name

# (column, catalogue key of its header, display kind) for presentation.tables.display_table
GROUP_TABLE = [
    ("label", "column_group", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("pct_now_employed_n", "column_n_base", "n"),
    ("median_income_change", "column_median", "median"),
    ("businesses_started", "column_businesses", "count"),
    ("jobs_created", "column_jobs", "count"),
]
# What a table of groups can be sorted by, with the catalogue key of its name.
SORTABLE_MEASURES = {"alumni": "kpi_alumni", "pct_now_employed": "kpi_pct_now_employed",
                     "pct_now_business": "kpi_pct_now_business", "median_income_change": "kpi_median_income_change",
                     "jobs_created": "kpi_jobs_created"}
SCHEME_TABLE = [
    ("label", "column_scheme", "label"),
    ("waves", "column_waves", "label"),
    ("alumni", "column_alumni", "count"),
    ("pct_completed", "column_completed", "share"),
    ("pct_now_employed", "column_employed", "share"),
    ("pct_now_business", "column_business", "share"),
    ("training_budget_rp", "column_training_budget", "rupiah"),
    ("incentive_rp", "column_incentive", "rupiah"),
    ("survey_incentive_rp", "column_survey_incentive", "rupiah"),
    ("total_paid", "column_total_paid", "rupiah"),
]


def group_label(grouping: str, key: str, lang: str, names: dict[str, str] | None = None) -> str:
    """How a value of a grouping reads: a regency or category name, 'Perempuan', 'SMA/SMK', …"""
    if names and key in names:
        return names[key]
    prefix = {"gender": "gender_", "education": "education_", "status": "status_"}.get(grouping)
    return t(f"{prefix}{key}", lang) if prefix else str(key)


_ORDERED = {"age_band": AGE_BANDS, "education": EDUCATION, "gender": GENDERS}


def with_labels(frame: pd.DataFrame, grouping: str, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The frame with a `label` column; ordinal groupings (age, schooling) in their natural order."""
    labelled = frame.assign(label=[group_label(grouping, key, lang, names) for key in frame["group_key"]])
    if grouping in _ORDERED:
        order = {value: position for position, value in enumerate(_ORDERED[grouping])}
        labelled = labelled.sort_values("group_key", key=lambda keys: keys.map(order))
    return labelled


def modes(mode_mix: pd.DataFrame, lang: str, k: int) -> str:
    return ", ".join(f"{t('mode_' + m, lang)} {format_measure('share', v, lang, k)}"
                     for m, v in zip(mode_mix["mode"], mode_mix["share"], strict=True))


def schemes(published: pd.DataFrame, lang: str) -> pd.DataFrame:
    return published.assign(
        label=[t(f"scheme_{s}", lang) for s in published["scheme"]],
        waves=[f"{a}–{b}" for a, b in zip(published["first_wave"], published["last_wave"], strict=True)],
    )


def scheme_rows(published: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    """The schemes side by side with one row per measure: three columns fit any screen (a column per
    measure, as before, needed 1,070 px). Raw values stay beside their text for the download."""
    by_scheme = schemes(published, lang).set_index("scheme")
    rows = []
    for column, header_key, kind in SCHEME_TABLE[1:]:
        # Short names keep the table within a phone's width; the page's note gives the bases of the shares.
        row = {"label": t(_SHORT_LABELS.get(column, header_key), lang)}
        for scheme in ("semi_bansos", "normal"):
            value = by_scheme[column].get(scheme) if scheme in by_scheme.index else None
            row[scheme] = value if kind != "label" else None
            row[f"{scheme}_text"] = (str(value) if kind == "label" else format_measure(kind, value, lang, k)) \
                if value is not None else t("suppressed", lang, k=k)
        rows.append(row)
    return pd.DataFrame(rows)


_SHORT_LABELS = {"pct_now_employed": "kpi_pct_now_employed", "pct_now_business": "kpi_pct_now_business",
                 "pct_completed": "kpi_pct_completed"}


def scheme_rows_table(lang: str) -> list[tuple[str, str, str]]:
    return [("label", "column_measure", "label"), ("semi_bansos_text", "scheme_semi_bansos", "label"),
            ("normal_text", "scheme_normal", "label")]


def income_band_labels(bands: pd.Series, lang: str) -> list[str]:
    """-1: no income; band b: Rp b×0.5 up to (b+1)×0.5 million; 20: Rp10 million and more. Every band
    in millions, written as every other amount: Rp 0,5–1 jt / Rp 0.5–1 M."""
    out = []
    for band in bands:
        if band < 0:
            out.append(t("income_none", lang))
        elif band >= 20:
            out.append(format_rupiah_range(10_000_000, None, lang))
        else:
            out.append(format_rupiah_range(band * 500_000, (band + 1) * 500_000, lang, size=1e6))
    return out


# Bins of the income histogram, in half-million bands of `queries.income_distribution`: (first band,
# last band) each; a phone shows six bars where 22 were slivers, the top bin open (from Rp 5 jt).
INCOME_BINS = ((-1, -1), (0, 1), (2, 3), (4, 5), (6, 9), (10, 20))


def coarse_income_bands(bands: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The income bands (`band`, `before`, `after`) summed into INCOME_BINS, with each bin's name.
    A bin adds the counts that are shown; it is hidden only when all of its bands are."""
    rows, names = [], []
    for first, last in INCOME_BINS:
        inside = bands[bands["band"].between(first, last)]
        rows.append({"band": first, "before": inside["before"].sum(min_count=1),
                     "after": inside["after"].sum(min_count=1)})
        if first < 0:
            names.append(t("income_none", lang))
        elif last >= 20:
            names.append(format_rupiah_range(first * 500_000, None, lang))
        else:
            names.append(format_rupiah_range(first * 500_000, (last + 1) * 500_000, lang, size=1e6))
    return pd.DataFrame(rows), names


def employee_band_label(band: str, lang: str) -> str:
    """'0' -> No employees, '1' -> 1 employee, '3-5' -> 3–5 employees."""
    if band == "0":
        return t("employees_band_none", lang)
    if band == "1":
        return t("employees_band_one", lang)
    return t("employees_band", lang, band=band.replace("-", "–"))


def profile_note(code: str, selected: tuple[str, ...], names: dict[str, str], lang: str) -> str:
    """Which regency the profile shows, said plainly, and how it relates to the sidebar's selection."""
    name = names.get(code, code)
    if not selected:
        return t("profile_note_default", lang, name=name)
    if selected == (code,):
        return t("profile_note_follows", lang, name=name)
    return t("profile_note_differs", lang, name=name, selected=", ".join(names.get(c, c) for c in selected))


def story_texts(stories: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Stories with their display fields (what the alumnus does now) in `lang`; the summary already
    has a column per language."""
    if lang == "id" or "business_en" not in stories.columns:
        return stories
    return stories.assign(business=stories["business_en"].fillna(stories["business"]))


FLOW_TABLE = [("before", "column_status_before", "label"), ("after", "column_status_after", "label"),
              ("alumni", "column_alumni", "count")]
BUSINESS_KPIS = (("businesses_started", "jobs_created", "pct_now_business"),)
BUSINESS_TABLE = [("employees_band", "column_employees", "label"), ("businesses", "column_businesses", "count"),
                  ("jobs_created", "column_jobs", "count")]
INCOME_TABLE = [("label", "column_income_band", "label"), ("before", "income_before", "count"),
                ("after", "income_after", "count")]
INCOME_GROUP_TABLE = [("label", "column_group", "label"), ("median_income_change", "column_median", "median"),
                      ("median_income_change_n", "column_n_alumni", "n")]
RANK_TABLE = [("label", "column_measure", "label"), ("value", "column_value", "label"),
              ("rank", "column_rank", "label")]
# Short labels (a table a phone can show); the page's note under the cards gives the bases of the * shares.
_RANKED_LABELS = {"alumni": ("kpi_alumni", "count"), "pct_now_employed": ("kpi_pct_now_employed", "share"),
                  "pct_now_business": ("kpi_pct_now_business", "share"),
                  "median_income_change": ("kpi_median_income_change", "median"),
                  "jobs_created": ("kpi_jobs_created", "count")}
# Shares beside each other in a table or chart, each with its base in its label.
_COMPARED = (("pct_women", "long_pct_women"), ("pct_age_18_35", "long_pct_age_18_35"),
             ("pct_not_working", "long_pct_not_working"), ("pct_now_employed", "column_employed"),
             ("pct_now_business", "column_business"))


def status_names(lang: str) -> dict[str, str]:
    return {s: t(f"status_{s}", lang) for s in ("tidak_bekerja", "pekerja", "wirausaha")}


def flow_rows(flow: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = status_names(lang)
    return flow.assign(before=[names[s] for s in flow["status_before"]],
                       after=[names[s] for s in flow["status_after"]])


def trend_table(period: str) -> list[tuple[str, str, str]]:
    return [(period, f"column_{period}", "label"), ("alumni", "column_alumni", "count"),
            ("pct_now_employed", "column_employed", "share"), ("pct_now_business", "column_business", "share"),
            ("pct_now_employed_n", "column_n_base", "n")]


def period_comparison(kpis_a: pd.DataFrame, kpis_b: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    """The shares of two periods side by side (from two views' `kpis` tables, one row per measure):
    one row per measure, with the difference B − A in percentage points and the alumni behind each."""
    a_rows, b_rows = kpis_a.set_index("measure"), kpis_b.set_index("measure")

    def number(value: object) -> float | None:
        return None if pd.isna(value) else float(value)

    def bases(key: str) -> str:
        return " / ".join(format_measure("count", number(rows.at[key, "n"]), lang, k) for rows in (a_rows, b_rows))

    rows = []
    for key, label_key in _COMPARED:
        a, b = number(a_rows.at[key, "value"]), number(b_rows.at[key, "value"])
        difference = "–"
        if a is not None and b is not None:
            points = 100 * (b - a)
            difference = t("points", lang, value=("+" if points > 0 else "") + format_number(points, lang, 1))
        rows.append({"label": t(label_key, lang), "short": t(f"kpi_{key}", lang), "a": a, "b": b,
                     "a_text": format_measure("share", a, lang, k), "b_text": format_measure("share", b, lang, k),
                     "difference_text": difference, "bases": bases(key)})
    alumni = {"label": t("kpi_alumni", lang), "short": t("kpi_alumni", lang), "a": None, "b": None,
              "a_text": format_measure("count", number(a_rows.at["alumni", "value"]), lang, k),
              "b_text": format_measure("count", number(b_rows.at["alumni", "value"]), lang, k),
              "difference_text": "", "bases": ""}
    return pd.DataFrame([alumni, *rows])


COMPARISON_TABLE = [("short", "column_measure", "label"), ("a_text", "column_period_a_short", "label"),
                    ("b_text", "column_period_b_short", "label"), ("difference_text", "column_difference", "label"),
                    ("bases", "column_bases", "label")]


def rank_rows(regions: pd.DataFrame, ranks: pd.DataFrame, code: str, lang: str, k: int) -> pd.DataFrame:
    """One row per ranked measure for regency `code`: its value and its rank among the province's (a
    regency without alumni under the filters has no row: no value, no rank)."""
    region = regions.set_index("group_key").reindex([code]).iloc[0]
    rank = ranks.set_index("group_key").reindex([code]).iloc[0]
    rows = []
    for key, (label_key, kind) in _RANKED_LABELS.items():
        ranked = int(regions[key].notna().sum())
        position = rank[f"{key}_rank"]
        rows.append({
            "label": t(label_key, lang),
            "value": format_measure(kind, region[key], lang, k, signed=kind == "median"),
            "rank": t("rank_of", lang, rank=int(position), total=ranked) if pd.notna(position) else "–",
        })
    return pd.DataFrame(rows)


def scrolling_css(key: str, min_width: int) -> str:
    """A style for the container made with `st.container(key=key)`: its chart keeps `min_width` px
    and the container scrolls sideways on a narrower screen (a phone) instead of squeezing it."""
    return (f"<style>.st-key-{key} {{overflow-x: auto;}} "
            f".st-key-{key} > div {{min-width: {min_width}px;}}</style>")


def short_regency_names(names: dict[str, str]) -> dict[str, str]:
    """Names short enough for a chart's axis: Jambi's usual short forms, else the name without its
    Kabupaten/Kota prefix (Kota kept where a kabupaten has the same name)."""
    return {code: TILE_LABELS.get(code) or map_name(name).replace("<br>", " ") for code, name in names.items()}
