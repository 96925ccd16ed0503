"""All of Indonesia (#21): the national demo's calibration, provinces in filters, groupings and the
tables summed per province or over all regions, both scopes of a deployment, the national map pages,
and imports from any province. Figures are checked against pandas on the base tables or against the
committed tables read here with `csv`, not through the code under test."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from prakerja_dash import views
from prakerja_dash.cli import info
from prakerja_dash.data import db, queries, reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.imports.load import import_file
from tests.conftest import NATIONAL_ROWS, REPO
from tests.test_import import person, write_csv

ROWS = NATIONAL_ROWS
K = 10

with open(REPO / "data" / "province_alumni.csv", encoding="utf-8") as _table:
    PUBLISHED = {row["province_code"]: int(row["alumni"]) for row in csv.DictReader(_table)}
with open(REPO / "data" / "regions.csv", encoding="utf-8") as _table:
    REGIONS = list(csv.DictReader(_table))
UNITS = {row["province_code"]: [] for row in REGIONS}
for _row in REGIONS:
    if _row["level"] == "kabupaten_kota":
        UNITS[_row["province_code"]].append(_row["kemendagri_code"])
NEW_PAPUA = ("93", "94", "95", "96")  # split from Papua in 2022: almost no alumni recorded there


@pytest.fixture(scope="module")
def national(national_db) -> Path:
    return national_db


@pytest.fixture(scope="module")
def people(national) -> pd.DataFrame:
    """One row per alumnus from the base tables, with the province read off the code."""
    con = duckdb.connect(str(national), read_only=True)
    try:
        frame = con.execute("""
            SELECT a.alumni_id, a.regency_code, a.gender::VARCHAR AS gender, a.status_before::VARCHAR AS before,
                   o.status_after::VARCHAR AS after
            FROM alumni AS a LEFT JOIN business_outcomes AS o USING (alumni_id)""").df()
    finally:
        con.close()
    return frame.assign(province=frame["regency_code"].str[:2])


@pytest.fixture
def national_scope(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SCOPE", "national")
    reader.QUERIES.clear()
    views.clear_cache()
    yield
    reader.QUERIES.clear()
    views.clear_cache()


# --- the national demo -------------------------------------------------------------------------
def test_every_published_province_holds_its_share_within_one_point(national, people):
    total = sum(PUBLISHED.values())
    shares = people["province"].value_counts(normalize=True)
    for province, alumni in PUBLISHED.items():
        assert abs(100 * shares.get(province, 0) - 100 * alumni / total) <= 1, province
    assert len(people) == ROWS and set(people["province"]) <= set(PUBLISHED)
    assert all(people["regency_code"].str[:2].isin(UNITS))  # every code is a Kemendagri kabupaten/kota code


def test_the_new_papua_provinces_hold_almost_nobody(people):
    assert (people["province"].isin(NEW_PAPUA)).sum() <= 2  # 177 of 18.4 million: at most a row or two here


def test_info_counts_provinces_and_kabupaten_kota(national, people):
    report = info(national)
    assert report["by_province"] == people["province"].value_counts().sort_index().to_dict()
    assert report["provinces"] == people["province"].nunique()
    assert report["kabupaten_kota"] == people["regency_code"].nunique()
    assert report["kabupaten_kota"] > 450  # nearly every unit: the units of a province share its alumni


def test_the_jambi_slice_tells_the_jambi_demos_story(people, fixture_db):
    """Jambi keeps its calibration: its alumni in the national demo find work and start businesses as
    often as in the Jambi demo (the fixture), within sampling error."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        jambi_demo = con.execute("""
            SELECT a.status_before::VARCHAR AS before, o.status_after::VARCHAR AS after
            FROM alumni AS a JOIN business_outcomes AS o USING (alumni_id)""").df()
    finally:
        con.close()
    in_jambi = people[(people["province"] == "15") & people["after"].notna()]
    for frame in (jambi_demo, in_jambi):
        assert len(frame[frame["before"] == "tidak_bekerja"]) > 800
    for status in ("pekerja", "wirausaha"):
        share = [(f.loc[f["before"] == "tidak_bekerja", "after"] == status).mean() for f in (jambi_demo, in_jambi)]
        assert abs(share[0] - share[1]) < 0.04, (status, share)
    assert set(in_jambi["regency_code"]) == set(UNITS["15"])


def assert_same_figures(summed: pd.DataFrame, per_person: pd.DataFrame) -> None:
    """Equal counts, and equal cell keys modulo 256 (what the cell key method reads of them)."""
    keys = [c for c in summed.columns if c.startswith("ck_")]
    pd.testing.assert_frame_equal(summed.drop(columns=keys), per_person.drop(columns=keys), check_dtype=False)
    assert ((summed[keys] % 256).to_numpy() == (per_person[keys] % 256).to_numpy()).all()


# --- provinces in queries: the per-province and all-region tables give the full cube's figures ---
def test_a_province_counts_what_pandas_counts(national, people):
    con = db.connect(national)
    try:
        for province in ("32", "15", "91"):
            got = queries.kpi_counts(con, Filters(province=province)).iloc[0]
            mine = people[people["province"] == province]
            assert (got["n_alumni"], got["n_women"]) == (len(mine), (mine["gender"] == "P").sum())
        by_province = queries.outcomes_by(con, Filters(gender="P"), "province").set_index("group_key")["n_alumni"]
        women = people[people["gender"] == "P"]
        assert by_province.to_dict() == women["province"].value_counts().to_dict()
    finally:
        con.close()


@pytest.mark.parametrize("grouping", ["gender", "category", "wave", "status"])
def test_the_table_summed_per_province_equals_the_full_cube(national, grouping):
    """A province read from the per-province table, and the same units chosen one by one (the full
    cube); all of Indonesia read from the table summed over all regions, and every unit chosen."""
    con = db.connect(national)
    try:
        for province in ("32", "73"):
            summed = queries.outcomes_by(con, Filters(province=province), grouping)
            unit_by_unit = queries.outcomes_by(con, Filters(regencies=tuple(UNITS[province])), grouping)
            assert_same_figures(summed, unit_by_unit)
        every_unit = tuple(code for codes in UNITS.values() for code in codes)
        assert_same_figures(queries.outcomes_by(con, Filters(), grouping),
                            queries.outcomes_by(con, Filters(regencies=every_unit), grouping))
        for question in (queries.training_mix, queries.income_distribution, queries.business_size):
            assert_same_figures(question(con, Filters(gender="L")),
                                question(con, Filters(gender="L", regencies=every_unit)))
    finally:
        con.close()


# --- the two scopes ----------------------------------------------------------------------------
def test_a_province_deployment_counts_only_its_own_alumni(national, people):
    """PRAKERJA_SCOPE defaults to Jambi: a national file served there shows Jambi's alumni only."""
    reader.QUERIES.clear()
    views.clear_cache()
    kpis = views.ringkasan(reader.db_key(national), Filters(), K, "id").tables["kpis"].set_index("measure")
    jambi = (people["province"] == "15").sum()
    assert abs(kpis.at["alumni", "value"] - jambi) <= 10  # cell key: a few alumni either way, not 98,000
    regencies = views.peta(reader.db_key(national), Filters(), K, "id").tables["regencies"]
    assert sorted(regencies["regency_code"]) == UNITS["15"]


def test_a_national_deployment_maps_provinces_then_a_provinces_units(national, people, national_scope):
    key = reader.db_key(national)
    provinces = views.peta(key, Filters(), K, "id").tables["provinces"].set_index("province_code")
    assert len(provinces) == 38
    counts = people["province"].value_counts()
    for province in ("32", "15"):
        assert abs(provinces.at[province, "alumni"] - counts[province]) <= 10  # cell key: a few either way
    for province in NEW_PAPUA:  # nobody or almost nobody: hidden or zero, never a crash
        assert pd.isna(provinces.at[province, "alumni"]) or provinces.at[province, "alumni"] == 0
    drilled = views.peta(key, Filters(province="32"), K, "id").tables["regencies"]
    assert sorted(drilled["regency_code"]) == UNITS["32"] and len(drilled) == 27
    empty = views.peta(key, Filters(province="94"), K, "id").tables["regencies"]
    assert sorted(empty["regency_code"]) == UNITS["94"]  # every unit listed, though none holds alumni
    beside = views.ringkasan(key, Filters(province="32"), K, "id").tables
    assert abs(beside["kpis_national"].set_index("measure").at["alumni", "value"] - ROWS) <= 10
    assert abs(beside["kpis"].set_index("measure").at["alumni", "value"] - counts["32"]) <= 10


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py", "pages/training.py", "pages/outcomes.py",
                                  "pages/profile.py", "pages/waves.py"])
@pytest.mark.parametrize("link", [{}, {"province": "32"}, {"province": "94"}])
def test_every_page_opens_in_a_national_deployment(national, national_scope, monkeypatch, tmp_path, page, link):
    live = tmp_path / "national.duckdb"
    shutil.copy(national, live)
    monkeypatch.setenv("PRAKERJA_DB", str(live))
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    app.query_params.update(link)
    app.run()
    if page != "pages/overview.py":
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value
    if page == "pages/overview.py":
        assert "Indonesia" in app.title[0].value
        if link:  # a province beside the nation
            assert app.metric[0].delta.startswith("Nasional, pilihan sama")


# --- imports from any province -----------------------------------------------------------------
def test_a_file_mixing_provinces_loads_nationally_and_is_refused_in_a_province(fixture_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    rows = [person(1), person(2, kabupaten_kota="Kota Bandung"), person(3, kabupaten_kota="3204"),
            person(4, kabupaten_kota="Kabupaten Jayawijaya")]
    mixed = write_csv(tmp_path / "mixed.csv", rows)
    live = tmp_path / "data" / "prakerja.duckdb"
    live.parent.mkdir()
    shutil.copy(fixture_db, live)

    refused = import_file(mixed, live, replace=True, lang="en")  # Jambi, the default scope
    assert not refused.ok
    elsewhere = {p.row: p.rule for p in refused.problems if p.column == "kabupaten_kota"}
    assert sorted(elsewhere) == [3, 4, 5]  # file rows (the header is row 1)
    assert elsewhere[3].startswith("Kota Bandung is in Jawa Barat province, not in Jambi")  # in the import's language

    monkeypatch.setenv("PRAKERJA_SCOPE", "national")
    loaded = import_file(mixed, live, replace=True, lang="en")
    assert loaded.ok, loaded.message
    con = duckdb.connect(str(live), read_only=True)
    try:
        codes = sorted(code for (code,) in con.execute("SELECT regency_code FROM alumni").fetchall())
    finally:
        con.close()
    assert codes == ["15.06", "32.04", "32.73", "95.01"]
