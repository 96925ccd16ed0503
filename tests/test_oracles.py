"""Independent oracles: every published measure on a hand-made database of 20 alumni, against
numbers worked out by hand from the base tables below (the arithmetic is in the comments).

Nothing here reads the mart (data/mart.sql) or shares its SQL: the expected values are
literals. The queries and `metrics` must reproduce them. K is 1 where small cells must be
visible and set explicitly where suppression is the point.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.data import db, queries
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from tests.conftest import JAMBI_CODES

# --- the hand-made database -------------------------------------------------------------
# training_id, title, category, provider, platform, mode, hours, price, scheme
TRAININGS = [
    (1, "Jualan Online di Marketplace", "pemasaran", "LP Satu", "Tokopedia", "daring", 10, 500_000, "semi_bansos"),
    (2, "Membuat Kue Basah", "makanan", "LP Dua", "Pintaria", "luring", 20, 900_000, "semi_bansos"),
    (3, "Dasar Pemrograman Web", "ti", "LP Tiga", "Skill Academy", "daring", 30, 3_500_000, "normal"),
    (4, "Meracik Kopi", "makanan", "LP Dua", "Pintaria", "bauran", 15, 3_000_000, "normal"),
]
# Waves and their years, by hand: 1-11 ran in 2020, 12-22 in 2021, 23-47 in 2022, 48-62 in 2023, 63-71 in 2024.
YEAR = {5: 2020, 15: 2021, 30: 2022, 50: 2023, 65: 2024}
# Benefits (training balance, incentive, survey incentive): semi-bansos up to wave 47, normal from 48.
BENEFITS = {"semi_bansos": (1_000_000, 2_400_000, 150_000), "normal": (3_500_000, 600_000, 100_000)}

TB, PK, WU = "tidak_bekerja", "pekerja", "wirausaha"
# id, wave, regency, gender, age, education, status before, training, completed
ALUMNI = [
    ("A01", 5, "15.71", "P", 22, "sma", TB, 1, True),
    ("A02", 5, "15.71", "L", 30, "sarjana", TB, 2, True),
    ("A03", 5, "15.05", "P", 40, "smp", PK, 1, True),
    ("A04", 15, "15.05", "P", 19, "sma", TB, 2, True),
    ("A05", 15, "15.01", "L", 50, "sd", WU, 2, False),
    ("A06", 15, "15.71", "P", 35, "diploma", TB, 1, True),
    ("A07", 30, "15.71", "L", 26, "sma", PK, 1, True),
    ("A08", 30, "15.01", "P", 60, "sd", TB, 2, True),
    ("A09", 30, "15.05", "L", 36, "sma", TB, 2, True),
    ("A10", 30, "15.71", "P", 18, "sma", TB, 1, True),
    ("A11", 50, "15.71", "P", 24, "sarjana", TB, 3, True),
    ("A12", 50, "15.71", "L", 29, "sarjana", PK, 3, True),
    ("A13", 50, "15.05", "P", 45, "sma", TB, 4, True),
    ("A14", 50, "15.01", "L", 33, "smp", TB, 4, False),
    ("A15", 65, "15.01", "P", 21, "sma", TB, 3, True),
    ("A16", 65, "15.71", "L", 55, "diploma", WU, 4, True),
    ("A17", 65, "15.05", "P", 27, "sma", TB, 4, True),
    ("A18", 65, "15.71", "P", 64, "sd", PK, 3, True),
    ("A19", 15, "15.05", "L", 41, "sma", PK, 1, True),
    ("A20", 65, "15.72", "L", 38, "sarjana", TB, 3, True),
]
# Survey answers: id -> status after, started a business, employees, income before, income after.
# A04, A08, A14 (not working at registration) and A18 (employee) did not answer.
SURVEY = {
    "A01": (PK, False, 0, 0, 2_000_000),
    "A02": (WU, True, 3, 0, 3_000_000),
    "A03": (PK, False, 0, 1_500_000, 1_800_000),
    "A05": (WU, True, 0, 1_000_000, 1_200_000),
    "A06": (TB, False, 0, 0, 0),
    "A07": (WU, True, 6, 2_500_000, 4_000_000),
    "A09": (WU, False, 0, 0, 500_000),  # works for himself but started no business of his own
    "A10": (PK, False, 0, 0, 1_000_000),
    "A11": (PK, False, 0, 0, 12_000_000),
    "A12": (PK, False, 0, 3_000_000, 3_000_000),
    "A13": (WU, True, 2, 0, 1_500_000),
    "A15": (TB, False, 0, 0, 0),
    "A16": (WU, True, 1, 2_000_000, 2_600_000),
    "A17": (PK, False, 0, 0, 2_000_000),
    "A19": (WU, True, 4, 1_200_000, 2_200_000),
    "A20": (PK, False, 0, 0, 3_500_000),
}

# Aggregation and suppression against hand-worked numbers; the cell key adjustments are tested
# in tests/test_disclosure.py.
pytestmark = pytest.mark.usefixtures("exact_counts")


def build_hand_made_database(path) -> None:
    scheme_of_training = {t[0]: t[8] for t in TRAININGS}
    con = duckdb.connect(str(path))
    try:
        db.create_schema(con)
        con.executemany("INSERT INTO trainings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", TRAININGS)
        for alumni_id, wave, regency, gender, age, education, status, training, completed in ALUMNI:
            scheme = scheme_of_training[training]
            budget, incentive, survey_incentive = BENEFITS[scheme]
            # registered on 1 May: within every wave's registration window (wave 50's closed on 10 May 2023)
            con.execute(
                "INSERT INTO alumni VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [alumni_id, wave, YEAR[wave], date(YEAR[wave], 5, 1), regency, gender, age, education, status,
                 training, completed, scheme, budget, incentive if completed else 0,
                 survey_incentive if alumni_id in SURVEY else 0],
            )
            if alumni_id in SURVEY:
                after, started, employees, before_rp, after_rp = SURVEY[alumni_id]
                sector = TRAININGS[training - 1][2] if started else None
                con.execute("INSERT INTO business_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [alumni_id, date(YEAR[wave], 5, 1) + timedelta(days=120), after, started, sector,
                             employees, before_rp, after_rp])
        db.build_derived(con)
        db.write_dataset_info(con, source="import", version=1, file_name="oracle.csv", file_sha256="0" * 64)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def test_the_hand_made_database_holds_what_the_oracles_assume(hc):
    """The premises of every expectation below, counted from the base tables."""
    assert hc.execute("SELECT count(*) FROM alumni").fetchone()[0] == 20
    assert hc.execute("SELECT count(*) FROM business_outcomes").fetchone()[0] == 16
    assert hc.execute("SELECT count(*) FROM trainings").fetchone()[0] == 4


# --- the Overview KPIs ----------------------------------------------------------------------
def test_kpis_of_all_alumni(hc):
    counts = queries.kpi_counts(hc, Filters())
    raw = counts.iloc[0]
    assert raw["n_alumni"] == 20
    # women: A01 A03 A04 A06 A08 A10 A11 A13 A15 A17 A18 = 11
    assert raw["n_women"] == 11
    # aged 18-35: A01(22) A02(30) A04(19) A06(35) A07(26) A10(18) A11(24) A12(29) A14(33) A15(21) A17(27) = 11
    assert raw["n_age_18_35"] == 11
    # not working at registration: A01 A02 A04 A06 A08 A09 A10 A11 A13 A14 A15 A17 A20 = 13
    assert raw["n_not_working"] == 13
    # ... of whom surveyed: 13 - A04 - A08 - A14 = 10
    assert raw["n_not_working_surveyed"] == 10
    # ... now employees: A01 A10 A11 A17 A20 = 5; now running a business: A02 A09 A13 = 3
    assert (raw["n_now_employed"], raw["n_now_business"]) == (5, 3)
    # surveyed and now earning: 16 surveyed - A06 - A15 (no income) = 14
    assert raw["n_earning_after"] == 14
    # started a business: A02(3 employees) A05(0) A07(6) A13(2) A16(1) A19(4): 6 businesses, 16 jobs
    assert (raw["n_businesses_started"], raw["jobs_created"]) == (6, 16)

    published = metrics.kpis(counts, k=1).iloc[0]
    assert published["alumni"] == 20
    assert published["pct_women"] == pytest.approx(11 / 20)
    assert published["pct_age_18_35"] == pytest.approx(11 / 20)
    assert published["pct_not_working"] == pytest.approx(13 / 20)
    # over the 10 surveyed who were not working, not over all 13 who were not working
    assert published["pct_now_employed"] == pytest.approx(5 / 10)
    assert published["pct_now_business"] == pytest.approx(3 / 10)
    assert published["pct_now_employed_n"] == 10
    # income changes of the 14 who earn, sorted (thousand Rp): 0 200 300 500 600 1000 1000 | 1500 1500 2000
    # 2000 3000 3500 12000 -> median (1,000,000 + 1,500,000) / 2
    assert published["median_income_change"] == 1_250_000
    assert published["median_income_change_n"] == 14
    assert published["businesses_started"] == 6
    assert published["jobs_created"] == 16
    assert published["jobs_created_n"] == 6  # the businesses behind the jobs, not the jobs


def test_kpis_of_a_filtered_selection(hc):
    f = Filters(regencies=("15.71", "15.05"), gender="P")
    published = metrics.kpis(queries.kpi_counts(hc, f), k=1).iloc[0]
    # women of Kota Jambi (A01 A06 A10 A11 A18) and Muaro Jambi (A03 A04 A13 A17): 9
    assert published["alumni"] == 9
    assert published["pct_women"] == 1
    # aged 18-35: A01 A06 A10 A11 A04 A17 = 6
    assert published["pct_age_18_35"] == pytest.approx(6 / 9)
    # not working: A01 A06 A10 A11 A04 A13 A17 = 7; surveyed: all but A04 = 6
    assert published["pct_not_working"] == pytest.approx(7 / 9)
    assert published["pct_now_employed"] == pytest.approx(4 / 6)  # A01 A10 A11 A17
    assert published["pct_now_business"] == pytest.approx(1 / 6)  # A13
    # earning: A01 2000, A03 300, A10 1000, A11 12000, A13 1500, A17 2000 (thousand Rp change)
    # sorted 300 1000 1500 | 2000 2000 12000 -> (1,500,000 + 2,000,000) / 2
    assert published["median_income_change"] == 1_750_000
    assert (published["businesses_started"], published["jobs_created"]) == (1, 2)  # A13 with 2 employees


def test_kpis_with_age_band_wave_and_status_filters(hc):
    # 26-35 includes 35 (A06) and excludes 36 (A09): A02(30) A06(35) A07(26) A12(29) A14(33) A17(27)
    assert queries.kpi_counts(hc, Filters(age_bands=("26-35",))).iloc[0]["n_alumni"] == 6
    # waves 15-50 (A04-A14, A19) who were employees at registration: A07 A12 A19
    f = Filters(waves=(15, 50), statuses=("pekerja",))
    raw = queries.kpi_counts(hc, f).iloc[0]
    assert (raw["n_alumni"], raw["n_not_working"], raw["n_businesses_started"], raw["jobs_created"]) == (3, 0, 2, 10)
    # category makanan (trainings 2 and 4): A02 A04 A05 A08 A09 A13 A14 A16 A17 = 9
    assert queries.kpi_counts(hc, Filters(categories=("makanan",))).iloc[0]["n_alumni"] == 9
    # years 2023-2024: A11-A18, A20 = 9; nobody in Batang Hari (15.04)
    assert queries.kpi_counts(hc, Filters(years=(2023, 2024))).iloc[0]["n_alumni"] == 9
    nobody = metrics.kpis(queries.kpi_counts(hc, Filters(regencies=("15.04",))), k=1).iloc[0]
    assert nobody["alumni"] == 0 and pd.isna(nobody["pct_women"]) and pd.isna(nobody["median_income_change"])


def test_jobs_created_is_suppressed_on_the_businesses_behind_it(hc):
    counts = queries.kpi_counts(hc, Filters())  # 6 businesses, 16 jobs
    at_six = metrics.kpis(counts, k=6).iloc[0]
    assert at_six["jobs_created"] == 16 and at_six["jobs_created_n"] == 6 and not at_six["jobs_created_suppressed"]
    at_seven = metrics.kpis(counts, k=7).iloc[0]  # 6 businesses < 7, although 16 jobs >= 7
    assert pd.isna(at_seven["jobs_created"]) and at_seven["jobs_created_suppressed"]
    assert pd.isna(at_seven["businesses_started"])
    # Muaro Jambi's employees at registration: A03 (no business) and A19 (4 employees): 1 business,
    # 4 jobs. With K = 2 or 4 the 4 jobs are not small, but the one business behind them is.
    f = Filters(regencies=("15.05",), statuses=("pekerja",))
    for k in (2, 4):
        published = metrics.kpis(queries.kpi_counts(hc, f), k=k).iloc[0]
        assert pd.isna(published["jobs_created"]) and pd.isna(published["businesses_started"]), k


# --- groupings --------------------------------------------------------------------------------
def test_outcomes_by_regency(hc):
    got = queries.outcomes_by(hc, Filters(), "regency").set_index("group_key")
    assert sorted(got.index) == ["15.01", "15.05", "15.71", "15.72"]
    columns = ["n_alumni", "n_women", "n_not_working", "n_not_working_surveyed", "n_now_employed", "n_now_business",
               "n_earning_after", "median_income_change", "n_businesses_started", "jobs_created"]
    expected = {
        # A01 A02 A06 A07 A10 A11 A12 A16 A18; earning A01 A02 A07 A10 A11 A12 A16, changes (thousand Rp)
        # 0 600 1000 [1500] 2000 3000 12000; businesses A02(3) A07(6) A16(1)
        "15.71": [9, 5, 5, 5, 3, 1, 7, 1_500_000, 3, 10],
        # A03 A04 A09 A13 A17 A19; not working A04 A09 A13 A17, surveyed all but A04; changes 300 500 [1000]
        # 1500 2000; businesses A13(2) A19(4)
        "15.05": [6, 4, 4, 3, 1, 2, 5, 1_000_000, 2, 6],
        # A05 A08 A14 A15; not working A08 A14 A15, surveyed only A15; earning A05 (+200); business A05(0)
        "15.01": [4, 2, 3, 1, 0, 0, 1, 200_000, 1, 0],
        "15.72": [1, 0, 1, 1, 1, 0, 1, 3_500_000, 0, 0],  # A20
    }
    for code, values in expected.items():
        assert got.loc[code, columns].tolist() == values, code

    published = metrics.groups(queries.outcomes_by(hc, Filters(), "regency"), k=1).set_index("group_key")
    assert published.loc["15.05", "pct_now_employed"] == pytest.approx(1 / 3)  # A17 of A09 A13 A17, not of 4
    assert published.loc["15.05", "pct_now_business"] == pytest.approx(2 / 3)
    assert published.loc["15.71", "pct_now_employed"] == pytest.approx(3 / 5)
    assert published.loc["15.01", "pct_now_employed"] == 0 and published.loc["15.01", "pct_now_employed_n"] == 1
    assert published.loc["15.71", "jobs_created"] == 10 and published.loc["15.71", "jobs_created_n"] == 3


def test_regency_measures_for_the_map_and_profile(hc):
    with open(REFERENCE_DIR / "regencies.csv", encoding="utf-8") as handle:
        population = {row["kemendagri_code"]: int(row["population"]) for row in csv.DictReader(handle)}
    regions = metrics.regencies(queries.outcomes_by(hc, Filters(), "regency"), queries.regencies(hc), k=1)
    regions = regions.set_index("regency_code")
    assert list(regions.index) == list(JAMBI_CODES)  # all 11, none matching is zero
    assert regions["alumni"].to_dict() == {code: {"15.71": 9, "15.05": 6, "15.01": 4, "15.72": 1}.get(code, 0)
                                           for code in JAMBI_CODES}
    assert regions.loc["15.71", "alumni_per_1000"] == pytest.approx(9 / population["15.71"] * 1000)
    assert regions.loc["15.05", "pct_now_employed"] == pytest.approx(1 / 3)
    assert regions.loc["15.05", "pct_now_business"] == pytest.approx(2 / 3)
    assert regions.loc["15.71", "median_income_change"] == 1_500_000
    assert pd.isna(regions.loc["15.04", "pct_now_employed"])  # no one: no share


def test_outcomes_by_gender_and_by_regency_then_gender(hc):
    published = metrics.groups(queries.outcomes_by(hc, Filters(), "gender"), k=1).set_index("group_key")
    # women: 11; not working 9 (A01 A04 A06 A08 A10 A11 A13 A15 A17), surveyed 7 (not A04 A08);
    # employed A01 A10 A11 A17; business A13; changes 300 1000 1500 | 2000 2000 12000 -> 1,750,000
    assert published.loc["P", "alumni"] == 11
    assert published.loc["P", "pct_not_working"] == pytest.approx(9 / 11)
    assert published.loc["P", "pct_now_employed"] == pytest.approx(4 / 7)
    assert published.loc["P", "pct_now_business"] == pytest.approx(1 / 7)
    assert published.loc["P", "median_income_change"] == 1_750_000
    assert (published.loc["P", "businesses_started"], published.loc["P", "jobs_created"]) == (1, 2)
    # men: 9; not working A02 A09 A14 A20, surveyed A02 A09 A20; employed A20; business A02 A09;
    # changes 0 200 500 600 | 1000 1500 3000 3500 -> (600,000 + 1,000,000) / 2; businesses A02 A05 A07 A16 A19
    assert published.loc["L", "alumni"] == 9
    assert published.loc["L", "pct_now_employed"] == pytest.approx(1 / 3)
    assert published.loc["L", "pct_now_business"] == pytest.approx(2 / 3)
    assert published.loc["L", "median_income_change"] == 800_000
    assert (published.loc["L", "businesses_started"], published.loc["L", "jobs_created"]) == (5, 14)

    two = queries.outcomes_by(hc, Filters(), "regency", "gender").set_index(["group_key", "group_key_2"])
    assert two["n_alumni"].to_dict() == {("15.01", "L"): 2, ("15.01", "P"): 2, ("15.05", "L"): 2, ("15.05", "P"): 4,
                                         ("15.71", "L"): 4, ("15.71", "P"): 5, ("15.72", "L"): 1}


def test_outcomes_by_category_year_and_status(hc):
    by_category = metrics.groups(queries.outcomes_by(hc, Filters(), "category"), k=1).set_index("group_key")
    # makanan: A02 A04 A05 A08 A09 A13 A14 A16 A17; not working & surveyed A02 A09 A13 A17;
    # employed A17, business A02 A09 A13
    assert by_category.loc["makanan", "alumni"] == 9
    assert by_category.loc["makanan", "pct_now_employed"] == pytest.approx(1 / 4)
    assert by_category.loc["makanan", "pct_now_business"] == pytest.approx(3 / 4)
    by_year = queries.outcomes_by(hc, Filters(), "year").set_index("group_key")["n_alumni"].to_dict()
    assert by_year == {"2020": 3, "2021": 4, "2022": 4, "2023": 4, "2024": 5}
    by_status = queries.outcomes_by(hc, Filters(), "status").set_index("group_key")
    assert by_status["n_alumni"].to_dict() == {"tidak_bekerja": 13, "pekerja": 5, "wirausaha": 2}
    # employees at registration: A03 A07 A12 A18 A19; businesses A07(6) A19(4)
    assert by_status.loc["pekerja", "jobs_created"] == 10


# --- the analysis pages ---------------------------------------------------------------------
def test_status_flow_counts_surveyed_alumni(hc):
    flow = queries.status_flow(hc, Filters()).set_index(["status_before", "status_after"])["n_alumni"]
    assert flow.astype(int).to_dict() == {
        # the 10 surveyed who were not working: A06 A15 still not; A01 A10 A11 A17 A20 employees;
        # A02 A09 A13 running a business
        (TB, TB): 2, (TB, PK): 5, (TB, WU): 3,
        # employees A03 A07 A12 A19 (A18 not surveyed): A03 A12 still employees, A07 A19 now in business
        (PK, TB): 0, (PK, PK): 2, (PK, WU): 2,
        (WU, TB): 0, (WU, PK): 0, (WU, WU): 2,  # A05 A16
    }
    published = metrics.flow(queries.status_flow(hc, Filters()), k=3).set_index(["status_before", "status_after"])
    assert published.loc[(TB, PK), "alumni"] == 5 and pd.isna(published.loc[(TB, TB), "alumni"])


def test_business_size_bands(hc):
    sizes = queries.business_size(hc, Filters()).set_index("employees_band")
    # A05: 0; A16: 1; A13: 2; A02 (3) and A19 (4): 3-5; A07 (6): 6+
    assert sizes["n_businesses"].to_dict() == {"0": 1, "1": 1, "2": 1, "3-5": 2, "6+": 1}
    assert sizes["jobs_created"].to_dict() == {"0": 0, "1": 1, "2": 2, "3-5": 7, "6+": 6}
    published = metrics.business_sizes(queries.business_size(hc, Filters()), k=2).set_index("employees_band")
    assert published.loc["3-5", "jobs_created"] == 7 and published.loc["3-5", "jobs_created_n"] == 2
    # one business with 6 employees: suppressed on the one business, although 6 jobs >= K
    assert pd.isna(published.loc["6+", "jobs_created"]) and published.loc["6+", "jobs_created_suppressed"]


def test_income_distribution_bands(hc):
    bands = queries.income_distribution(hc, Filters()).set_index("band")
    # band = income // 500,000 (at most 20), -1 for no income; the 16 surveyed.
    # before: no income A01 A02 A06 A09 A10 A11 A13 A15 A17 A20; 1.0M A05 and 1.2M A19 -> 2;
    # 1.5M A03 -> 3; 2.0M A16 -> 4; 2.5M A07 -> 5; 3.0M A12 -> 6
    # after: none A06 A15; 0.5M A09 -> 1; 1.0M A10, 1.2M A05 -> 2; 1.5M A13, 1.8M A03 -> 3;
    # 2.0M A01 A17, 2.2M A19 -> 4; 2.6M A16 -> 5; 3.0M A02 A12 -> 6; 3.5M A20 -> 7; 4.0M A07 -> 8;
    # 12M A11 -> 24, capped at 20
    expected = {-1: (10, 2), 1: (0, 1), 2: (2, 2), 3: (1, 2), 4: (1, 3), 5: (1, 1), 6: (1, 2), 7: (0, 1),
                8: (0, 1), 20: (0, 1)}
    got = {int(band): (int(row["n_before"]), int(row["n_after"])) for band, row in bands.iterrows()}
    assert got == expected
    published = metrics.income_bands(queries.income_distribution(hc, Filters()), k=2).set_index("band")
    assert published.loc[-1, "before"] == 10 and pd.isna(published.loc[3, "before"])


def test_scheme_comparison_counts_only_surveyed_alumni(hc):
    got = queries.scheme_comparison(hc, Filters()).set_index("scheme")
    # semi-bansos (waves 5-30): A01-A10, A19 = 11; completed all but A05; not working A01 A02 A04 A06 A08
    # A09 A10 of whom surveyed 5 (not A04 A08); employed A01 A10; business A02 A09
    semi = got.loc["semi_bansos"]
    assert (semi["first_wave"], semi["last_wave"], semi["n_alumni"], semi["n_completed"]) == (5, 30, 11, 10)
    assert (semi["n_not_working_surveyed"], semi["n_now_employed"], semi["n_now_business"]) == (5, 2, 2)
    # paid: 11 x 1,000,000 + 10 completed x 2,400,000 + 9 surveyed x 150,000
    assert semi["total_paid_rp"] == 11_000_000 + 24_000_000 + 1_350_000
    # normal (waves 50-65): A11-A18, A20 = 9; completed all but A14; not working A11 A13 A14 A15 A17 A20,
    # surveyed 5 (not A14); employed A11 A17 A20; business A13
    normal = got.loc["normal"]
    assert (normal["first_wave"], normal["last_wave"], normal["n_alumni"], normal["n_completed"]) == (50, 65, 9, 8)
    assert (normal["n_not_working_surveyed"], normal["n_now_employed"], normal["n_now_business"]) == (5, 3, 1)
    # paid: 9 x 3,500,000 + 8 x 600,000 + 7 surveyed (not A14 A18) x 100,000
    assert normal["total_paid_rp"] == 31_500_000 + 4_800_000 + 700_000

    published = metrics.schemes(queries.scheme_comparison(hc, Filters()), k=1).set_index("scheme")
    assert published.loc["semi_bansos", "pct_now_employed"] == pytest.approx(2 / 5)
    assert published.loc["normal", "pct_now_employed"] == pytest.approx(3 / 5)
    assert published.loc["normal", "pct_now_business"] == pytest.approx(1 / 5)
    assert published.loc["semi_bansos", "pct_completed"] == pytest.approx(10 / 11)
    assert tuple(published.loc["normal", ["training_budget_rp", "incentive_rp", "survey_incentive_rp"]]) == (
        3_500_000, 600_000, 100_000)


def test_trend_by_wave_and_by_year(hc):
    got = queries.trend_by_wave(hc, Filters()).set_index("wave")
    columns = ["year", "n_alumni", "n_not_working_surveyed", "n_now_employed", "n_now_business"]
    assert {wave: row.tolist() for wave, row in got[columns].iterrows()} == {
        5: [2020, 3, 2, 1, 1],   # A01 A02 A03: not working & surveyed A01 A02; A01 employed, A02 business
        15: [2021, 4, 1, 0, 0],  # A04 A05 A06 A19: A06 (A04 not surveyed), still not working
        30: [2022, 4, 2, 1, 1],  # A07-A10: A09 A10 (A08 not surveyed); A10 employed, A09 business
        50: [2023, 4, 2, 1, 1],  # A11-A14: A11 A13 (A14 not surveyed); A11 employed, A13 business
        65: [2024, 5, 3, 2, 0],  # A15-A18 A20: A15 A17 A20; A17 A20 employed
    }
    by_year = metrics.trend(queries.trend_by_wave(hc, Filters()), "year", k=1).set_index("year")
    assert by_year["pct_now_employed"].tolist() == pytest.approx([1 / 2, 0, 1 / 2, 1 / 2, 2 / 3])
    assert by_year["pct_now_business"].tolist() == pytest.approx([1 / 2, 0, 1 / 2, 1 / 2, 0])


def test_alumni_by_category(hc):
    got = queries.alumni_by_category(hc, Filters())
    # makanan: trainings 2 and 4 (A02 A04 A05 A08 A09 + A13 A14 A16 A17); pemasaran: training 1
    # (A01 A03 A06 A07 A10 A19); ti: training 3 (A11 A12 A15 A18 A20); largest first
    assert got["category_id"].tolist() == ["makanan", "pemasaran", "ti"]
    assert got["n_alumni"].tolist() == [9, 6, 5]
    assert got["n_not_working_surveyed"].tolist() == [4, 3, 3]  # A02 A09 A13 A17 | A01 A06 A10 | A11 A15 A20
    assert got["n_now_employed"].tolist() == [1, 2, 2]  # A17 | A01 A10 | A11 A20
    assert got["n_now_business"].tolist() == [3, 0, 0]  # A02 A09 A13
    published = metrics.categories(got, k=1).set_index("category_id")
    assert published.loc["makanan", "pct_now_business"] == pytest.approx(3 / 4)
    assert published.loc["pemasaran", "pct_now_employed"] == pytest.approx(2 / 3)


def test_alumni_by_regency(hc):
    got = queries.alumni_by_regency(hc, Filters(gender="P"))
    assert got["regency_code"].tolist() == list(JAMBI_CODES)
    # women: Kota Jambi A01 A06 A10 A11 A18; Muaro Jambi A03 A04 A13 A17; Kerinci A08 A15
    assert dict(zip(got["regency_code"], got["n_alumni"], strict=True)) == {
        code: {"15.71": 5, "15.05": 4, "15.01": 2}.get(code, 0) for code in JAMBI_CODES}
