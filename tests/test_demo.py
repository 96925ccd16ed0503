"""The demo generator: deterministic, within its bounds, calibrated to the published figures."""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from prakerja_dash.data import db
from prakerja_dash.data.demo import NATIONAL_RECIPIENTS, build_demo
from prakerja_dash.domain.programme import SCHEME_BENEFITS as BENEFITS
from prakerja_dash.domain.programme import YEAR_WAVES

DATA_TABLES = ("regencies", "training_categories", "trainings", "alumni", "business_outcomes", "alumni_stories")


def _tables(path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in DATA_TABLES}
    finally:
        con.close()


def test_same_seed_and_rows_give_identical_tables(tmp_path):
    build_demo(tmp_path / "a.duckdb", rows=3_000, seed=11)
    build_demo(tmp_path / "b.duckdb", rows=3_000, seed=11)
    build_demo(tmp_path / "c.duckdb", rows=3_000, seed=12)
    first, second, other = (_tables(tmp_path / f"{n}.duckdb") for n in "abc")
    for table in DATA_TABLES:
        pd.testing.assert_frame_equal(first[table], second[table])
    assert not first["alumni"].equals(other["alumni"])


@pytest.mark.parametrize("rows", [999, 20_000_001])
def test_row_count_outside_bounds_is_refused(tmp_path, rows):
    with pytest.raises(ValueError, match="rows must be between"):
        build_demo(tmp_path / "x.duckdb", rows=rows)
    assert not (tmp_path / "x.duckdb").exists()


def test_rebuild_replaces_existing_file_completely(tmp_path):
    path = tmp_path / "p.duckdb"
    build_demo(path, rows=2_000, seed=1)
    build_demo(path, rows=1_000, seed=1)
    con = db.connect(path)
    assert con.execute("SELECT count(*) FROM alumni").fetchone()[0] == 1_000
    info = db.read_dataset_info(con)
    assert info.source == "demo" and info.seed == 1
    assert json.loads(con.execute("SELECT row_counts FROM dataset_info").fetchone()[0])["alumni"] == 1_000


@pytest.fixture(scope="module")
def calibration(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("calibration") / "c.duckdb"
    build_demo(path, rows=100_000, seed=3)
    con = duckdb.connect(str(path), read_only=True)
    frame = con.execute(
        "SELECT a.*, o.status_after::VARCHAR AS after, o.income_before_rp, o.income_after_rp,"
        " o.alumni_id IS NOT NULL AS surveyed, t.mode::VARCHAR AS mode"
        " FROM alumni a JOIN trainings t USING (training_id) LEFT JOIN business_outcomes o USING (alumni_id)"
    ).df()
    con.close()
    return frame


def _share(mask) -> float:
    return 100 * float(np.mean(mask))


def test_calibration_people(calibration):
    assert abs(_share(calibration["gender"] == "P") - 52) <= 3
    assert abs(_share(calibration["age"].between(18, 35)) - 77) <= 3
    assert abs(_share(calibration["status_before"] == "tidak_bekerja") - 61) <= 3
    assert abs(_share(calibration["completed"]) - 97.1) <= 3


def test_calibration_outcomes_of_the_previously_not_working(calibration):
    was_idle = calibration[(calibration["status_before"] == "tidak_bekerja") & calibration["surveyed"]]
    assert abs(_share(was_idle["after"] == "pekerja") - 12) <= 3
    assert abs(_share(was_idle["after"] == "wirausaha") - 12) <= 3


def test_calibration_income_gain_about_ten_percent(calibration):
    earned = calibration[calibration["surveyed"] & (calibration["income_before_rp"] > 0)]
    gain = earned["income_after_rp"].sum() / earned["income_before_rp"].sum() - 1
    assert abs(100 * gain - 10) <= 3


def test_calibration_years_follow_national_volumes_and_waves(calibration):
    total = sum(NATIONAL_RECIPIENTS.values())
    for year, (first, last) in YEAR_WAVES.items():
        in_year = calibration["year"] == year
        assert calibration.loc[in_year, "wave"].between(first, last).all()
        assert abs(_share(in_year) - 100 * NATIONAL_RECIPIENTS[year] / total) <= 1
    assert calibration["registered_on"].min() >= pd.Timestamp("2020-04-11")


def test_calibration_regencies_follow_population(calibration, con):
    population = dict(con.execute("SELECT bps_code, population FROM regencies").fetchall())
    total = sum(population.values())
    shares = calibration["regency_code"].value_counts(normalize=True)
    for code, people in population.items():
        assert abs(100 * shares[code] - 100 * people / total) <= 1


def test_schemes_benefits_and_mode(calibration):
    normal = calibration["wave"] >= 48
    assert (calibration.loc[normal, "scheme"] == "normal").all()
    assert (calibration.loc[~normal, "scheme"] == "semi_bansos").all()
    assert (calibration.loc[normal, "training_budget_rp"] == BENEFITS["normal"][0]).all()
    paid = calibration["completed"] & ~normal
    assert (calibration.loc[paid, "incentive_rp"] == BENEFITS["semi_bansos"][1]).all()
    assert (calibration["mode"] == "daring").all()


def test_regencies_differ_enough_to_rank(calibration):
    idle = calibration[(calibration["status_before"] == "tidak_bekerja") & calibration["surveyed"]]
    employed = idle.groupby("regency_code")["after"].apply(lambda s: (s == "pekerja").mean())
    assert employed.max() - employed.min() > 0.04


def test_reference_codes_mind_the_bps_kemendagri_trap(con):
    codes = dict(con.execute("SELECT bps_code, kemendagri_code FROM regencies").fetchall())
    assert len(codes) == 11
    assert codes["1506"] == "15.07" and codes["1507"] == "15.06"
    assert codes["1508"] == "15.09" and codes["1509"] == "15.08"
    names = dict(con.execute("SELECT bps_code, name FROM regencies").fetchall())
    assert names["1507"] == "Kabupaten Tanjung Jabung Barat" and names["1509"] == "Kabupaten Bungo"


def test_real_stories_are_flagged_with_their_source(con):
    real = con.execute(
        "SELECT display_name, wave, regency_code, category_id, source FROM alumni_stories WHERE is_real ORDER BY wave"
    ).fetchall()
    assert real == [
        ("Hujaipah", 27, "1571", "makanan", "senjari.com, 19 Sep 2024"),
        ("Yeni", 67, "1507", "pemasaran", "senjari.com, 19 Sep 2024"),
    ]
    synthetic = con.execute("SELECT count(*) FROM alumni_stories WHERE NOT is_real AND source IS NULL").fetchone()[0]
    assert synthetic >= 1


def test_no_personal_columns(con):
    columns = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name IN ('alumni', 'business_outcomes', 'alumni_outcomes')"
    ).fetchall()}
    assert "alumni_id" in columns
    assert not columns & {"name", "nik", "phone", "email", "nama", "telepon", "display_name"}
