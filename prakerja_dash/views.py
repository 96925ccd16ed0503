"""Published views: what each page of the dashboard publishes, as named tables, outside Streamlit.

One function per page takes the database version, the `Filters`, K and the language and returns a
`View`: tables of published figures only (cell-key adjusted, hidden under K, each with the alumni
behind it). The pages, the slides, the table downloads, the CLI exports, the phone page and the
open API all draw from these functions, so one filter gives the same numbers on every surface.
A view is computed once per (database version, filters, K, language, options) for every caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from prakerja_dash.data import queries, reader
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.regions import RegionError, region_index, scope_province
from prakerja_dash.domain.vocabulary import WAVES

VIEW_CACHE_ENTRIES = 1024
TEXT_TABLES = frozenset({"stories"})  # people's names and words, not figures: shown, never exported
DEFAULT_PERIODS = ((1, 47), (48, 71))  # the two schemes: semi-bansos (waves 1-47) and normal (48-71)
DEFAULT_PROFILE_REGENCY = "15.71"  # Kota Jambi
STORY_COLUMNS = ["display_name", "is_real", "source", "wave", "regency_code", "regency_name", "category_id",
                 "category_label_id", "category_label_en", "summary_id", "summary_en", "business", "business_en"]


@dataclass(frozen=True)
class View:
    """One page's published tables for one selection. The frames are shared: treat them as read-only."""

    name: str  # the page's URL slug: ringkasan, peta, …
    filters: Filters
    k: int
    lang: str
    dataset_version: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)  # the page's own choices (profile regency, periods)

    @property
    def figures(self) -> dict[str, pd.DataFrame]:
        """The tables of figures: what leaves the dashboard as a file or an API answer (stories stay
        on the pages)."""
        return {name: table for name, table in self.tables.items() if name not in TEXT_TABLES}


_VIEWS = reader.Memo(VIEW_CACHE_ENTRIES)


def _cached(name: str, key: reader.DbKey, filters: Filters, k: int, lang: str, options: dict[str, str],
            build: Callable[[], dict[str, pd.DataFrame]]) -> View:
    def make() -> View:
        version = reader.dataset_info(key).version
        return View(name, filters, k, lang, version, build(), options)

    return _VIEWS.get((name, key, filters, k, lang, tuple(sorted(options.items()))), make)


def _kpis(key: reader.DbKey, filters: Filters, k: int) -> pd.DataFrame:
    return metrics.kpi_rows(metrics.kpis(queries.totals(reader.query(key, queries.overview, filters)), k))


def _category_names(key: reader.DbKey, lang: str) -> dict[str, str]:
    categories = reader.query(key, queries.training_categories)
    return dict(zip(categories["category_id"], categories["label_id" if lang == "id" else "label_en"], strict=True))


def regency_names() -> dict[str, str]:
    """Every kabupaten/kota's name by Kemendagri code."""
    return {r.kemendagri_code: r.name for r in region_index().kabupaten_kota()}


def regency_table(key: reader.DbKey, filters: Filters) -> pd.DataFrame:
    """The kabupaten/kota a map of `filters` shows: the shown province's (every one, even in a province
    without alumni, such as the new Papua provinces), else those of every province the data holds."""
    regencies = reader.query(key, queries.regencies)
    province = reader.shown_province(filters)
    if province is None:
        return regencies
    held = regencies[regencies["province_code"] == province]
    if len(held):
        return held
    units = region_index().kabupaten_kota(province)
    return pd.DataFrame({"regency_code": [r.kemendagri_code for r in units], "name": [r.name for r in units],
                         "province_code": province, "population": float("nan")})


def _provinces(key: reader.DbKey, filters: Filters, k: int) -> pd.DataFrame:
    """Every province's published measures under `filters`."""
    return metrics.regencies(reader.query(key, queries.outcomes_by, filters, by="province"), _province_table(),
                             k).rename(columns={"regency_code": "province_code"})


def _province_table() -> pd.DataFrame:
    """The 38 provinces as `metrics.regencies` reads a table of places (no population yet)."""
    provinces = region_index().provinces()
    return pd.DataFrame({"regency_code": [r.kemendagri_code for r in provinces], "name": [r.name for r in provinces],
                         "population": [float("nan")] * len(provinces)})


def _named_groups(published: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Published groups with a `label` after their code, and without the unused second key."""
    labelled = published.drop(columns="group_key_2").assign(label=[names[c] for c in published["group_key"]])
    return labelled[["group_key", "label", *[c for c in labelled.columns if c not in ("group_key", "label")]]]


def ringkasan(key: reader.DbKey, filters: Filters, k: int, lang: str) -> View:
    """Overview: the KPIs (beside the province's with the same other filters when regencies are
    chosen), alumni and outcomes per year and per wave, and per training category."""
    def build() -> dict[str, pd.DataFrame]:
        counts = reader.query(key, queries.overview, filters)  # the KPIs, waves and categories in one scan
        by_wave = queries.per_wave(counts)
        tables = {"kpis": _kpis(key, filters, k)}
        if filters.regencies:
            tables["kpis_province"] = _kpis(key, filters.without_regencies(), k)
        elif filters.province and scope_province() is None:  # a province beside the nation
            tables["kpis_national"] = _kpis(key, replace(filters, province=None), k)
        tables["trend_year"] = metrics.trend(by_wave, "year", k)
        tables["trend_wave"] = metrics.trend(by_wave, "wave", k)
        tables["categories"] = metrics.categories(queries.per_category(counts), k)
        return tables

    return _cached("ringkasan", key, filters, k, lang, {}, build)


def peta(key: reader.DbKey, filters: Filters, k: int, lang: str) -> View:
    """Map: the shown province's kabupaten/kota with their published measures under the other filters
    (a map shows all of them; `selected` marks the ones the filter chooses), and the same over all
    alumni for the fixed scale. With no province shown (a national deployment's start) the same per
    province: `provinces` and `provinces_all_alumni`."""
    def build() -> dict[str, pd.DataFrame]:
        if reader.shown_province(filters) is None:
            provinces = _provinces(key, replace(filters, regencies=()), k)
            provinces.insert(2, "selected", provinces["province_code"] == filters.province)
            return {"provinces": provinces, "provinces_all_alumni": _provinces(key, Filters(), k)}
        places = regency_table(key, filters)
        regencies = metrics.regencies(
            reader.query(key, queries.outcomes_by, filters.without_regencies(), by="regency"), places, k)
        regencies.insert(2, "selected", regencies["regency_code"].isin(filters.regencies))
        return {
            "regencies": regencies,
            "regencies_all_alumni": metrics.regencies(
                reader.query(key, queries.outcomes_by, Filters(province=filters.province), by="regency"),
                places, k),
        }

    return _cached("peta", key, filters, k, lang, {}, build)


def pelatihan(key: reader.DbKey, filters: Filters, k: int, lang: str) -> View:
    """Training: outcomes per category, per category and kabupaten/kota of the shown province (per
    category and province with none shown: `category_province`), platforms, modes and schemes."""
    def build() -> dict[str, pd.DataFrame]:
        names = _category_names(key, lang)
        mix = reader.query(key, queries.training_mix, filters)
        level = "regency" if reader.shown_province(filters) else "province"
        return {
            "categories": _named_groups(metrics.groups(
                reader.query(key, queries.outcomes_by, filters, by="category"), k), names),
            f"category_{level}": metrics.groups(
                reader.query(key, queries.outcomes_by, filters, by="category", then_by=level), k),
            "platforms": metrics.platform_mix(mix, k),
            "modes": metrics.mode_mix(mix, k),
            "schemes": metrics.schemes(reader.query(key, queries.scheme_comparison, filters), k),
        }

    return _cached("pelatihan", key, filters, k, lang, {}, build)


OUTCOME_GROUPINGS = ("gender", "age_band", "education")


def hasil(key: reader.DbKey, filters: Filters, k: int, lang: str) -> View:
    """Outcomes: status before and after, the business KPIs, business sizes, income bands, and
    outcomes per gender, age band and schooling."""
    def build() -> dict[str, pd.DataFrame]:
        tables = {
            "kpis": _kpis(key, filters, k),
            "status_flow": metrics.flow(reader.query(key, queries.status_flow, filters), k),
            "business_sizes": metrics.business_sizes(reader.query(key, queries.business_size, filters), k),
            "income_bands": metrics.income_bands(reader.query(key, queries.income_distribution, filters), k),
        }
        for grouping in OUTCOME_GROUPINGS:
            tables[f"by_{grouping}"] = metrics.groups(
                reader.query(key, queries.outcomes_by, filters, by=grouping), k).drop(columns="group_key_2")
        return tables

    return _cached("hasil", key, filters, k, lang, {}, build)


def gelombang(key: reader.DbKey, filters: Filters, k: int, lang: str,
              periods: tuple[tuple[int, int], tuple[int, int]] = DEFAULT_PERIODS) -> View:
    """Waves: alumni and outcomes per year and per wave, and the KPIs of two periods of waves
    (by default the two schemes) under the same other filters."""
    (a, b) = periods
    for start, end in periods:
        if not WAVES[0] <= start <= end <= WAVES[1]:
            raise ValueError(f"period {start}-{end} is outside waves {WAVES[0]}-{WAVES[1]} or reversed")

    def build() -> dict[str, pd.DataFrame]:
        by_wave = queries.per_wave(reader.query(key, queries.overview, filters))
        return {
            "trend_year": metrics.trend(by_wave, "year", k),
            "trend_wave": metrics.trend(by_wave, "wave", k),
            "kpis_period_a": _kpis(key, filters.with_waves(a), k),
            "kpis_period_b": _kpis(key, filters.with_waves(b), k),
        }

    options = {"a": f"{a[0]}-{a[1]}", "b": f"{b[0]}-{b[1]}"}
    return _cached("gelombang", key, filters, k, lang, options, build)


def profile_regency(filters: Filters, requested: str | None = None) -> str:
    """The kabupaten/kota a profile shows (Kemendagri code): the one asked for (by either code or
    name), else the one selected, else Kota Jambi."""
    if requested:
        try:
            return region_index().resolve_code(requested, level="kabupaten_kota", bare_codes="bps")
        except RegionError as error:
            raise ValueError(f"unknown regency {requested!r}") from error
    if len(filters.regencies) == 1:
        return filters.regencies[0]
    province = reader.shown_province(filters)
    if province in (None, DEFAULT_PROFILE_REGENCY.split(".")[0]):
        return DEFAULT_PROFILE_REGENCY
    return min(r.kemendagri_code for r in region_index().kabupaten_kota(province))  # the province's first unit


def profil(key: reader.DbKey, filters: Filters, k: int, lang: str, regency: str | None = None) -> View:
    """Regency profile: one regency's KPIs beside the province's (same other filters), every regency's
    outcomes and this one's ranks among them, its training categories and its stories."""
    code = profile_regency(filters, regency)

    def build() -> dict[str, pd.DataFrame]:
        in_regency = filters.for_regency(code)
        province = replace(filters.without_regencies(), province=code.split(".")[0])  # its own province
        regencies = _named_groups(metrics.groups(
            reader.query(key, queries.outcomes_by, province, by="regency"), k), regency_names())
        return {
            "kpis": _kpis(key, in_regency, k),
            "kpis_province": _kpis(key, province, k),
            "regencies": regencies,
            "ranks": metrics.ranks(regencies),
            "categories": metrics.categories(queries.per_category(reader.query(key, queries.overview, in_regency)), k),
            "stories": _stories(key, in_regency),
        }

    return _cached("profil", key, filters, k, lang, {"profil": code}, build)


def _stories(key: reader.DbKey, filters: Filters) -> pd.DataFrame:
    stories = reader.query(key, queries.stories, filters)
    return stories[[c for c in STORY_COLUMNS if c in stories.columns]]


def cerita(key: reader.DbKey, filters: Filters, k: int, lang: str) -> View:
    """Stories: real alumni stories with their source, synthetic ones marked as such."""
    return _cached("cerita", key, filters, k, lang, {}, lambda: {"stories": _stories(key, filters)})


PAGES = ("ringkasan", "peta", "pelatihan", "hasil", "gelombang", "profil", "cerita")


def for_page(page: str, key: reader.DbKey, filters: Filters, k: int, lang: str,
             regency: str | None = None, periods: tuple[tuple[int, int], tuple[int, int]] = DEFAULT_PERIODS) -> View:
    """The view of the page with URL slug `page` (what the API and the CLI ask for by name)."""
    if page == "ringkasan":
        return ringkasan(key, filters, k, lang)
    if page == "peta":
        return peta(key, filters, k, lang)
    if page == "pelatihan":
        return pelatihan(key, filters, k, lang)
    if page == "hasil":
        return hasil(key, filters, k, lang)
    if page == "gelombang":
        return gelombang(key, filters, k, lang, periods)
    if page == "profil":
        return profil(key, filters, k, lang, regency)
    if page == "cerita":
        return cerita(key, filters, k, lang)
    raise KeyError(page)


def clear_cache() -> None:
    _VIEWS.clear()
