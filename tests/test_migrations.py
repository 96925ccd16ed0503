"""Schema versions: an older file is brought up to date on open, its data kept, derived tables
and macros rebuilt from code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from prakerja_dash.data import db, migrations, queries
from prakerja_dash.domain.filters import Filters
from tests.conftest import REPO

V1_SCHEMA = (Path(__file__).parent / "fixtures" / "schema_v1.sql").read_text(encoding="utf-8")
# Three alumni imported by version 1, by BPS code: two in Kota Jambi (BPS 1571, Kemendagri 15.71), one in
# Tanjung Jabung Barat (BPS 1507, Kemendagri 15.06); two answered the survey.
ALUMNI = [
    ("A-1", 50, 2023, "2023-03-01", "1571", "P", 24, "sma", "tidak_bekerja", 1, True, "normal", 3500000, 600000,
     100000),
    ("A-2", 50, 2023, "2023-03-02", "1571", "L", 40, "sarjana", "tidak_bekerja", 1, True, "normal", 3500000, 600000,
     100000),
    ("A-3", 10, 2020, "2020-10-01", "1507", "P", 30, "smp", "pekerja", 1, False, "semi_bansos", 1000000, 2400000,
     150000),
]
OUTCOMES = [
    ("A-1", "2023-09-01", "wirausaha", True, "makanan", 2, 0, 1500000),
    ("A-2", "2023-09-01", "pekerja", False, None, 0, 0, 3000000),
]


def version_1_database(path: Path) -> None:
    """A file as version 1 built it: no schema_version, dataset_info without `generator`, a
    stored `filtered` macro of the old signature, and no derived tables of today's code."""
    con = duckdb.connect(str(path))
    con.execute(V1_SCHEMA)
    # version 1's reference tables: Jambi's regencies by BPS code
    con.execute("INSERT INTO regencies SELECT bps_code, kemendagri_code, name, short_name, kind, capital, area_km2,"
                " population, population_year, 'Dukcapil', string_split(aliases, '|')"
                f" FROM read_csv('{REPO / 'data' / 'regencies.csv'}', all_varchar = true)")
    con.execute("INSERT INTO training_categories SELECT category_id, label_id, label_en, source"
                f" FROM read_csv('{REPO / 'data' / 'training_categories.csv'}', all_varchar = true)")
    con.execute("INSERT INTO trainings VALUES (1, 'Kue dan roti', 'makanan', 'LPK', 'Tokopedia', 'daring', 10, "
                "3500000, 'normal')")
    con.executemany("INSERT INTO alumni VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ALUMNI)
    con.executemany("INSERT INTO business_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", OUTCOMES)
    con.execute("INSERT INTO dataset_info VALUES ('import', 4, TIMESTAMP '2025-01-01', NULL, 'alumni.xlsx', 'abc', ?)",
                [json.dumps({"alumni": 3})])
    con.execute("CREATE MACRO filtered(p_table, a, b) AS TABLE SELECT * FROM query_table(p_table)")
    con.close()


def test_a_version_1_import_opens_after_an_upgrade_with_its_data_intact(tmp_path):
    path = tmp_path / "live.duckdb"
    version_1_database(path)
    with duckdb.connect(str(path)) as writing:  # a story in Bungo: BPS 1509, Kemendagri 15.08
        writing.execute("INSERT INTO alumni_stories VALUES (1, 'Ani', '1509', 50, 'makanan', 'Kue', 'Roti', false,"
                        " 'ringkas', 'summary', true, 'sumber')")
    con = db.connect(path)  # read-only open: upgrades first
    try:
        assert migrations.current_version(con) == migrations.LATEST
        assert con.execute("SELECT alumni_id FROM alumni ORDER BY alumni_id").fetchall() == [("A-1",), ("A-2",),
                                                                                             ("A-3",)]
        info = db.read_dataset_info(con)
        assert (info.source, info.version, info.file_name, info.generator) == ("import", 4, "alumni.xlsx", None)
        counts = queries.kpi_counts(con, Filters()).iloc[0]
        # 3 alumni, 2 women; not working at registration, both surveyed; A-1 runs a
        # business with 2 employees, A-2 is employed. Income changes +1.5 M and +3 M: median 2.25 M.
        assert (counts["n_alumni"], counts["n_women"], counts["n_not_working_surveyed"]) == (3, 2, 2)
        assert (counts["n_now_employed"], counts["n_now_business"], counts["jobs_created"]) == (1, 1, 2)
        assert counts["median_income_change"] == 2_250_000
        assert len(queries.kpi_counts(con, Filters(waves=(1, 20)))) == 1  # today's filtered(), not the stored one
        # Version 5 keeps kabupaten/kota by Kemendagri code: the BPS codes of Jambi's four differently
        # numbered units are translated, not copied.
        assert con.execute("SELECT alumni_id, regency_code FROM alumni ORDER BY alumni_id").fetchall() == [
            ("A-1", "15.71"), ("A-2", "15.71"), ("A-3", "15.06")]
        assert queries.kpi_counts(con, Filters(regencies=("15.06",))).iloc[0]["n_alumni"] == 1
        assert con.execute("SELECT story_id, regency_code, display_name FROM alumni_stories").fetchall() == [
            (1, "15.08", "Ani")]
        assert con.execute("SELECT count(*) FROM regions WHERE level = 'kabupaten_kota'").fetchone()[0] == 514
    finally:
        con.close()
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_an_up_to_date_file_is_left_alone(tmp_path):
    path = tmp_path / "live.duckdb"
    version_1_database(path)
    assert db.upgrade(path) is True
    modified = path.stat().st_mtime_ns
    assert db.upgrade(path) is False
    assert path.stat().st_mtime_ns == modified


def test_changed_derived_code_rebuilds_the_derived_tables(tmp_path, monkeypatch):
    path = tmp_path / "live.duckdb"
    version_1_database(path)
    db.upgrade(path)
    monkeypatch.setattr(db, "derived_fingerprint", lambda: "newer-code")
    assert db.upgrade(path) is True
    con = db.connect(path)
    try:
        assert con.execute("SELECT fingerprint FROM derived_info").fetchone()[0] == "newer-code"
    finally:
        con.close()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "live.duckdb"
    version_1_database(path)
    before = path.read_bytes()

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        raise duckdb.Error("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migrations.Migration(99, "x", broken)))
    monkeypatch.setattr(migrations, "LATEST", 99)
    with pytest.raises(duckdb.Error):
        db.connect(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".upgrade-*"))


def test_a_new_file_is_created_at_the_latest_version(fixture_db):
    con = db.connect(fixture_db)
    try:
        versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
        assert versions == [m.version for m in migrations.MIGRATIONS]
        assert db.is_current(con)
    finally:
        con.close()


def test_migrations_are_numbered_in_order():
    assert [m.version for m in migrations.MIGRATIONS] == list(range(1, migrations.LATEST + 1))


def test_database_files_and_their_folder_are_private(tmp_path):
    from prakerja_dash.data.demo import build_demo

    folder = tmp_path / "data"
    build_demo(folder / "prakerja.duckdb", rows=1_000, seed=3)
    assert os.stat(folder / "prakerja.duckdb").st_mode & 0o777 == 0o600
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_shared_folder_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    os.chmod(shared, 0o1777)
    db.private_folder(shared)
    assert os.stat(shared).st_mode & 0o7777 == 0o1777
