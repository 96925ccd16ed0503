"""The named queries (data/sql/*.sql) against hand-worked expectations, for what the oracles of
tests/test_oracles.py leave open: the cell keys of every count, the step-by-step generalisation of
the alumni download, and results only a grouping, an order or an empty group shows. Written to
kill the SQL mutants of scripts/mutation.py (see docs/testing.md).

Who counts in what is written here from the data dictionary (data/schema.sql, docs/privacy.md),
person by person over the hand-made database of tests/test_oracles.py; the only value read from
the mart is each person's record key, the random input of the cell key method.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from prakerja_dash.data import db, queries
from prakerja_dash.domain.filters import Filters
from tests.test_oracles import ALUMNI, BENEFITS, PK, SURVEY, TB, TRAININGS, WU, YEAR

pytestmark = pytest.mark.usefixtures("exact_counts")

PEOPLE = {row[0]: {"wave": row[1], "regency": row[2], "gender": row[3], "age": row[4], "education": row[5],
                   "status": row[6], "training": row[7], "completed": row[8]} for row in ALUMNI}
CATEGORY = {t[0]: t[2] for t in TRAININGS}
PLATFORM = {t[0]: (t[4], t[5]) for t in TRAININGS}
YEAR_OF_WAVE = {5: 2020, 15: 2021, 30: 2022, 50: 2023, 65: 2024}


def after(who: str) -> str | None:
    return SURVEY[who][0] if who in SURVEY else None


# Who counts in each measure, from the data dictionary.
MEMBERS = {
    "alumni": lambda who: True,
    "completed": lambda who: PEOPLE[who]["completed"],
    "women": lambda who: PEOPLE[who]["gender"] == "P",
    "age_18_35": lambda who: PEOPLE[who]["age"] <= 35,
    "not_working": lambda who: PEOPLE[who]["status"] == TB,
    "not_working_surveyed": lambda who: PEOPLE[who]["status"] == TB and who in SURVEY,
    "now_employed": lambda who: PEOPLE[who]["status"] == TB and after(who) == PK,
    "now_business": lambda who: PEOPLE[who]["status"] == TB and after(who) == WU,
    "earning_after": lambda who: who in SURVEY and SURVEY[who][4] > 0,
    "businesses_started": lambda who: who in SURVEY and SURVEY[who][1],
    "after_not_working": lambda who: after(who) == TB,
    "after_employee": lambda who: after(who) == PK,
    "after_business": lambda who: after(who) == WU,
}


@pytest.fixture
def record_key(hc) -> dict[str, int]:
    """Each person's record key: the one random input of the cell key method."""
    return dict(hc.execute("SELECT alumni_id, record_key FROM alumni_outcomes").fetchall())


def key_sum(record_key: dict[str, int], people) -> int:
    return sum(record_key[who] for who in people)


def members(measure: str, people) -> list[str]:
    return [who for who in people if MEMBERS[measure](who)]


def check_keys(row: pd.Series, people: list[str], record_key: dict[str, int]) -> None:
    """Every count of `row` and its cell key, against the people it is over."""
    for column in row.index:
        if column.startswith("ck_") and column.removeprefix("ck_") in MEMBERS:
            measure = column.removeprefix("ck_")
            assert row[f"n_{measure}"] == len(members(measure, people)), measure
            assert row[column] == key_sum(record_key, members(measure, people)), column


# --- cell keys ------------------------------------------------------------------------------------------
def test_kpi_counts_carry_the_cell_key_of_every_count(hc, record_key):
    for f, people in ((Filters(), list(PEOPLE)), (Filters(regencies=("15.05",)), ["A03", "A04", "A09", "A13", "A17",
                                                                                  "A19"])):
        row = queries.kpi_counts(hc, f).iloc[0]
        check_keys(row, people, record_key)


def test_nobody_selected_gives_zero_counts_and_keys(hc):
    row = queries.kpi_counts(hc, Filters(regencies=("15.04",))).iloc[0]
    counts = row[[c for c in row.index if c.startswith(("n_", "ck_")) or c == "jobs_created"]]
    assert counts.tolist() == [0] * len(counts) and pd.isna(row["median_income_change"])


def test_grouped_queries_carry_the_cell_key_of_every_count(hc, record_key):
    by_category = queries.alumni_by_category(hc, Filters()).set_index("category_id")
    for category in ("makanan", "pemasaran", "ti"):
        people = [who for who, p in PEOPLE.items() if CATEGORY[p["training"]] == category]
        check_keys(by_category.loc[category], people, record_key)
    by_wave = queries.trend_by_wave(hc, Filters()).set_index("wave")
    for wave in YEAR_OF_WAVE:
        check_keys(by_wave.loc[wave], [who for who, p in PEOPLE.items() if p["wave"] == wave], record_key)
    schemes = queries.scheme_comparison(hc, Filters()).set_index("scheme")
    for scheme, waves in (("semi_bansos", (5, 15, 30)), ("normal", (50, 65))):
        check_keys(schemes.loc[scheme], [who for who, p in PEOPLE.items() if p["wave"] in waves], record_key)
    groups = queries.outcomes_by(hc, Filters(), "education").set_index("group_key")
    for education in ("sd", "smp", "sma", "diploma", "sarjana"):
        check_keys(groups.loc[education], [who for who, p in PEOPLE.items() if p["education"] == education],
                   record_key)


def test_alumni_by_regency_keys_and_zeroes(hc, record_key):
    got = queries.alumni_by_regency(hc, Filters(gender="L")).set_index("regency_code")
    for code in got.index:
        people = [who for who, p in PEOPLE.items() if p["regency"] == code and p["gender"] == "L"]
        assert (got.loc[code, "n_alumni"], got.loc[code, "ck_alumni"]) == (len(people), key_sum(record_key, people))
    assert got.loc["15.04", "ck_alumni"] == 0 and got.loc["15.04", "n_alumni"] == 0


def test_status_flow_keys(hc, record_key):
    flow = queries.status_flow(hc, Filters()).set_index(["status_before", "status_after"])
    for before in (TB, PK, WU):
        for status_after in (TB, PK, WU):
            people = [who for who, p in PEOPLE.items() if p["status"] == before and after(who) == status_after]
            assert flow.loc[(before, status_after), "n_alumni"] == len(people), (before, status_after)
            assert flow.loc[(before, status_after), "ck_alumni"] == key_sum(record_key, people), (before, status_after)


def test_business_size_keys(hc, record_key):
    sizes = queries.business_size(hc, Filters()).set_index("employees_band")
    bands = {"0": ["A05"], "1": ["A16"], "2": ["A13"], "3-5": ["A02", "A19"], "6+": ["A07"]}  # see test_oracles
    assert list(sizes.index) == ["0", "1", "2", "3-5", "6+"]
    for band, people in bands.items():
        assert sizes.loc[band, "ck_businesses"] == key_sum(record_key, people), band
    # a one-person filter: the band's key is that person's record key
    one = queries.business_size(hc, Filters(regencies=("15.01",), statuses=("wirausaha",)))
    assert one[["employees_band", "n_businesses", "ck_businesses", "jobs_created"]].values.tolist() == [
        ["0", 1, record_key["A05"], 0]]


def band(rupiah: int) -> int:
    return -1 if rupiah == 0 else min(rupiah // 500_000, 20)


def test_income_distribution_keys(hc, record_key):
    got = queries.income_distribution(hc, Filters()).set_index("band")
    before, after_ = defaultdict(list), defaultdict(list)
    for who, answer in SURVEY.items():
        before[band(answer[3])].append(who)
        after_[band(answer[4])].append(who)
    for b in got.index:
        assert got.loc[b, "ck_before"] == key_sum(record_key, before[b]), b
        assert got.loc[b, "ck_after"] == key_sum(record_key, after_[b]), b
    assert got.loc[20, "ck_before"] == 0  # nobody earned 10 million before: a zero, not a gap


def test_income_distribution_equals_pandas_on_the_fixture(con, base_frames):
    """On 20,000 alumni, where many share a band and a record key: every person counted once per moment."""
    surveyed = base_frames[base_frames["surveyed"]]
    expected = {}
    for moment, column in (("n_before", "income_before_rp"), ("n_after", "income_after_rp")):
        bands = surveyed[column].map(lambda rp: -1 if rp == 0 else min(int(rp) // 500_000, 20))
        expected[moment] = bands.value_counts().to_dict()
    got = queries.income_distribution(con, Filters()).set_index("band")
    for moment in ("n_before", "n_after"):
        assert {int(b): int(n) for b, n in got[moment].items() if n} == expected[moment], moment
    assert int(got["n_before"].sum()) == len(surveyed) == int(got["n_after"].sum())


def test_training_mix_by_hand(hc, record_key):
    got = queries.training_mix(hc, Filters())
    # training 3 (Skill Academy, daring, normal): A11 A12 A15 A18 A20; training 4 (Pintaria, bauran, normal):
    # A13 A14 A16 A17; training 1 (Tokopedia, daring, semi): A01 A03 A06 A07 A10 A19; training 2 (Pintaria,
    # luring, semi): A02 A04 A05 A08 A09. Ordered by scheme, then the most alumni first.
    rows = [("normal", "daring", "Skill Academy", ["A11", "A12", "A15", "A18", "A20"]),
            ("normal", "bauran", "Pintaria", ["A13", "A14", "A16", "A17"]),
            ("semi_bansos", "daring", "Tokopedia", ["A01", "A03", "A06", "A07", "A10", "A19"]),
            ("semi_bansos", "luring", "Pintaria", ["A02", "A04", "A05", "A08", "A09"])]
    assert got.values.tolist() == [[s, m, p, len(people), key_sum(record_key, people)] for s, m, p, people in rows]


def test_scheme_comparison_of_one_scheme_under_a_filter(hc):
    got = queries.scheme_comparison(hc, Filters(waves=(50, 71), gender="P"))
    # women of waves 50-65: A11 A13 A15 A17 A18 (normal scheme); not working A11 A13 A15 A17, all surveyed;
    # employed A11 A17; business A13; waves 50-65
    assert got[["scheme", "first_wave", "last_wave", "n_alumni", "n_not_working_surveyed", "n_now_employed",
                "n_now_business"]].values.tolist() == [["normal", 50, 65, 5, 4, 2, 1]]


# --- groups that only an empty or a second grouping shows ---------------------------------------------------
def test_outcomes_by_keeps_a_group_where_nobody_earns(hc):
    got = queries.outcomes_by(hc, Filters(regencies=("15.01",)), "gender").set_index("group_key")
    # Kerinci: men A05 (earns 1.2M, +200,000) and A14 (not surveyed); women A08 (not surveyed), A15 (no income)
    assert list(got.index) == ["L", "P"]
    assert got.loc["L", "median_income_change"] == 200_000 and pd.isna(got.loc["P", "median_income_change"])
    assert got["n_alumni"].tolist() == [2, 2] and got["n_earning_after"].tolist() == [1, 0]


def test_outcomes_by_two_groupings_has_a_median_per_pair(hc):
    got = queries.outcomes_by(hc, Filters(regencies=("15.05",)), "gender", "year")
    # Muaro Jambi: A03 (P, 2020, +300,000) A04 (P, 2021, not surveyed) A09 (L, 2022, +500,000)
    # A13 (P, 2023, +1,500,000) A17 (P, 2024, +2,000,000) A19 (L, 2021, +1,000,000)
    medians = {(g, y): m for g, y, m in got[["group_key", "group_key_2", "median_income_change"]].values.tolist()}
    assert set(medians) == {("L", "2021"), ("L", "2022"), ("P", "2020"), ("P", "2021"), ("P", "2023"),
                            ("P", "2024")}
    assert medians[("L", "2021")] == 1_000_000 and medians[("P", "2020")] == 300_000
    assert pd.isna(medians[("P", "2021")])
    assert list(zip(got["group_key"], got["group_key_2"], strict=True)) == sorted(medians)


# --- the alumni download: generalised step by step, never fewer than k alike -------------------------------------
def export(con, f: Filters, k: int, income_step: int = 500_000, rows_alike: int = 1) -> pd.DataFrame:
    """The download with `rows_alike` 1 by default: the quasi-identifier steps alone (the outcome steps,
    for rows unlike every other, are tested in tests/test_export.py and tests/test_linkage.py)."""
    return queries.run(con, "alumni_export", f.sql_params() | {"k": k, "file_key": "uji", "income_step": income_step,
                                                                "rows_alike": rows_alike})


QUASI = ["regency_code", "gender", "age_band", "year", "education", "category_id", "status_before"]


def age_band(age: int) -> str:
    for top, label in ((25, "18-25"), (35, "26-35"), (45, "36-45"), (55, "46-55")):
        if age <= top:
            return label
    return "56+"


def test_with_k_1_the_download_is_every_row_as_it_is(hc):
    got = export(hc, Filters(), 1)
    expected = sorted((p["regency"], p["gender"], age_band(p["age"]), str(YEAR_OF_WAVE[p["wave"]]), p["education"],
                       CATEGORY[p["training"]], p["status"]) for p in PEOPLE.values())
    assert sorted(map(tuple, got[QUASI].values.tolist())) == expected
    assert got["alumni_id"].str.fullmatch(r"[0-9a-f]{16}").all() and got["alumni_id"].is_unique
    assert list(got["alumni_id"]) == sorted(got["alumni_id"])
    assert not set(got["alumni_id"]) & set(PEOPLE)


def test_nothing_is_published_when_the_selection_is_under_k(hc):
    assert export(hc, Filters(), 21).empty  # 20 alumni: no combination can hold 21


def test_the_download_generalises_one_step_at_a_time(hc):
    got = export(hc, Filters(regencies=("15.01",)), 2).sort_values("completed")
    # Kerinci: A05 (L, 50, 2021, sd, makanan, business), A08 (P, 60, 2022, sd, makanan, not working),
    # A14 (L, 33, 2023, smp, makanan, not working), A15 (P, 21, 2024, sma, ti, not working). Each is alone,
    # so step by step: ages 36-64 / 18-35; years the scheme's (2020-2022 / 2023-2024); education sd-smp /
    # sma; category *; status *; gender *. Then A05 and A08 are alike (15.01, *, 36-64, 2020-2022, sd-smp)
    # and keep their regency; A14 and A15 stay alone even without it and are left out.
    assert got[QUASI].values.tolist() == [["15.01", "*", "36-64", "2020-2022", "sd-smp", "*", "*"]] * 2
    # A05 did not complete, answered the survey: business, no employees, 1.0M -> 1.2M (rounded to 0.5M steps)
    assert got[["completed", "scheme", "surveyed", "status_after", "started_business", "employees",
                "income_before_rp", "income_after_rp"]].astype(object).where(got.notna(), None).values.tolist() == [
        [False, "semi_bansos", True, WU, True, 0, 1_000_000, 1_000_000],
        [True, "semi_bansos", False, None, False, 0, None, None]]


def test_each_step_stops_as_soon_as_k_are_alike(hc):
    # Kota Jambi's women: A01 (22, 2020, sma, pemasaran, TB), A06 (35, 2021, diploma, pemasaran, TB),
    # A10 (18, 2022, sma, pemasaran, TB), A11 (24, 2023, sarjana, ti, TB), A18 (64, 2024, sd, ti, PK).
    # k = 2, all alone: ages 18-35 / 36-64 (A18); years 2020-2022 (A01 A06 A10) / 2023-2024 (A11 A18).
    # Now A01 and A10 are alike and keep the rest (sma, pemasaran, TB, P, 15.71); the other three go on
    # alone to the end and are left out.
    got = export(hc, Filters(regencies=("15.71",), gender="P"), 2)
    assert got[QUASI].values.tolist() == [["15.71", "P", "18-35", "2020-2022", "sma", "pemasaran", TB]] * 2


def test_incomes_are_rounded_to_the_step(hc):
    got = export(hc, Filters(regencies=("15.71",)), 1, income_step=1_000_000)
    # Kota Jambi (9 alumni, A18 not surveyed), incomes after: A01 2.0M, A02 3.0M, A06 0, A07 4.0M, A10 1.0M,
    # A11 12M, A12 3.0M, A16 2.6M -> 3M; before: A07 2.5M -> 3M (half away from zero), A12 3.0M, A16 2.0M,
    # the other five 0
    assert len(got) == 9
    incomes = sorted(int(v) for v in got["income_after_rp"].dropna())
    assert incomes == [0, 1_000_000, 2_000_000, 3_000_000, 3_000_000, 3_000_000, 4_000_000, 12_000_000]
    before = sorted(int(v) for v in got["income_before_rp"].dropna())
    assert before == [0, 0, 0, 0, 0, 2_000_000, 3_000_000, 3_000_000]


# --- stories: the selection's regencies, categories and waves -------------------------------------------------------
@pytest.mark.parametrize("f", [Filters(), Filters(regencies=("15.71", "15.05")), Filters(categories=("makanan",)),
                               Filters(waves=(20, 40)), Filters(regencies=("15.01",), categories=("pertanian",))])
def test_stories_are_those_of_the_selection(con, f):
    stories = con.execute("SELECT story_id, regency_code, category_id, wave, is_real FROM alumni_stories").df()
    chosen = stories[stories["wave"].between(*f.waves)
                     & (stories["regency_code"].isin(f.regencies) if f.regencies else True)
                     & (stories["category_id"].isin(f.categories) if f.categories else True)]
    got = queries.stories(con, f)
    assert sorted(got["story_id"]) == sorted(chosen["story_id"])
    assert got["is_real"].tolist() == sorted(got["is_real"], reverse=True)  # real stories first
    for real in (True, False):
        waves = got.loc[got["is_real"] == real, "wave"].tolist()
        assert waves == sorted(waves)


# --- edges the hand-made database does not reach --------------------------------------------------------------
# Two more alumni, both surveyed business owners in Kota Jambi, wave 30: B01 employs 5 (the top of the
# 3-5 band) and earned Rp999,999 before (band 1, one rupiah under band 2) and Rp9,999,999 after (band 19);
# B02 employs 7 (6+) and earned Rp1,499,999 (band 2) before and exactly Rp10 million (band 20) after.
# B03 earned Rp7 million before (band 14, where nobody is after) and nothing after.
EDGE_ALUMNI = [("B01", 30, "15.71", "L", 40, "sma", WU, 2, True), ("B02", 30, "15.71", "P", 31, "smp", TB, 1, True),
               ("B03", 50, "15.05", "L", 50, "sarjana", PK, 3, True)]
EDGE_SURVEY = {"B01": (WU, True, 5, 999_999, 9_999_999), "B02": (WU, True, 7, 1_499_999, 10_000_000),
               "B03": (TB, False, 0, 7_000_000, 0)}


@pytest.fixture(scope="module")
def edge_db(tmp_path_factory):
    """The hand-made database of tests/test_oracles.py plus EDGE_ALUMNI, built the same way."""
    path = tmp_path_factory.mktemp("mutation_sql_edges") / "edges.duckdb"
    scheme_of_training = {t[0]: t[8] for t in TRAININGS}
    survey = SURVEY | EDGE_SURVEY
    con = duckdb.connect(str(path))
    try:
        db.create_schema(con)
        con.executemany("INSERT INTO trainings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", TRAININGS)
        for alumni_id, wave, regency, gender, age, education, status, training, completed in ALUMNI + EDGE_ALUMNI:
            budget, incentive, survey_incentive = BENEFITS[scheme_of_training[training]]
            con.execute("INSERT INTO alumni VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [alumni_id, wave, YEAR[wave], date(YEAR[wave], 5, 1), regency, gender, age, education,
                         status, training, completed, scheme_of_training[training], budget,
                         incentive if completed else 0, survey_incentive if alumni_id in survey else 0])
            if alumni_id in survey:
                status_after, started, employees, before_rp, after_rp = survey[alumni_id]
                con.execute("INSERT INTO business_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [alumni_id, date(YEAR[wave], 5, 1) + timedelta(days=120), status_after, started,
                             TRAININGS[training - 1][2] if started else None, employees, before_rp, after_rp])
        db.build_derived(con)
        db.write_dataset_info(con, source="import", version=1, file_name="edges.csv", file_sha256="0" * 64)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def ec(edge_db):
    con = duckdb.connect(str(edge_db), read_only=True)
    yield con
    con.close()


def test_five_employees_is_the_top_of_the_3_to_5_band(ec):
    got = queries.business_size(ec, Filters())
    # started a business: A05 (0), A16 (1), A13 (2), A02 (3), A19 (4), B01 (5); A07 (6), B02 (7)
    assert got[["employees_band", "n_businesses", "jobs_created"]].values.tolist() == [
        ["0", 1, 0], ["1", 1, 1], ["2", 1, 2], ["3-5", 3, 12], ["6+", 2, 13]]


def test_income_bands_at_one_rupiah_under_a_step_and_at_10_million(ec):
    got = queries.income_distribution(ec, Filters()).set_index("band")
    b03_key = ec.execute("SELECT record_key FROM alumni_outcomes WHERE alumni_id = 'B03'").fetchone()[0]
    # band 14: B03 before, nobody after: the after key is 0, not missing
    assert got.loc[14, ["n_before", "n_after", "ck_before", "ck_after"]].tolist() == [1, 0, b03_key, 0]
    # before, by hand: no income (-1): A01 A02 A06 A09 A10 A11 A13 A15 A17 A20 = 10; B01's 999,999 -> band 1
    # (band 2 with a step of 499,999); 1.0M A05, 1.2M A19 and B02's 1,499,999 -> 2 (B02 3 with 499,999);
    # 1.5M A03 -> 3; 2.0M A16 -> 4; 2.5M A07 -> 5; 3.0M A12 -> 6; 7.0M B03 -> 14.
    assert {b: n for b, n in got["n_before"].items() if n} == {-1: 10, 1: 1, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1,
                                                               14: 1}
    # after: 0 A06 A15 B03 -> -1; 0.5M A09 -> 1; 1.0M A10 -> 2; 1.2M A05 -> 2; 1.5M A13 1.8M A03 -> 3;
    # 2.0M A01 A17 2.2M A19 -> 4; 2.6M A16 -> 5; 3.0M A02 A12 -> 6; 3.5M A20 -> 7; 4.0M A07 -> 8;
    # 9,999,999 B01 -> 19; 10M B02 and 12M A11 -> 20.
    assert {b: n for b, n in got["n_after"].items() if n} == {-1: 3, 1: 1, 2: 2, 3: 2, 4: 3, 5: 1, 6: 2, 7: 1,
                                                              8: 1, 19: 1, 20: 2}
