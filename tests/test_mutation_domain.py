"""The domain layer against hand-worked expectations: written to kill the mutants of
scripts/mutation.py that survived the rest of the suite (see docs/testing.md).

Every expected value is worked out here from a small hand-made input; nothing is computed by
calling the code under test twice. Where a published count depends on the cell key method, the
adjustment is read from the published perturbation table (`privacy.PERTURBATION_TABLE`, the
method's data) and added by hand.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from prakerja_dash.domain import metrics, privacy, programme
from prakerja_dash.domain.filters import FilterError, Filters, positions
from prakerja_dash.domain.privacy import Measure, publish
from prakerja_dash.domain.regency_names import Regency, RegencyMatcher, normalise, says_city
from prakerja_dash.domain.text import markdown_literal, neutralise

TABLE = privacy.PERTURBATION_TABLE


def key_with(adjustment: int, other_than: tuple[int, ...] = ()) -> int:
    """A cell key whose published adjustment is `adjustment` (looked up in the method's table)."""
    return next(k for k in range(256) if TABLE[k] == adjustment and k not in other_than)


PLUS2, MINUS2, ZERO, PLUS1, MINUS1 = (key_with(a) for a in (2, -2, 0, 1, -1))


def as_list(series: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in series.tolist()]


# --- Filters --------------------------------------------------------------------------------------------
def test_filter_error_joins_its_problems():
    error = FilterError(["a: x", "b: y"])
    assert str(error) == "a: x; b: y" and error.problems == ["a: x", "b: y"]
    assert isinstance(error, ValueError)


def test_constructor_names_every_bad_field_in_words():
    with pytest.raises(FilterError) as error:
        Filters(regencies=("15.71", "15"), age_bands=("99+",), education=("phd",), categories=("masak",),
                statuses=("pensiun",), waves=(10, 5), years=(2019, 2020), gender="X")
    assert error.value.problems == [
        "regency: unknown value(s) 15",
        "age: unknown value(s) 99+",
        "education: unknown value(s) phd",
        "category: unknown value(s) masak",
        "status: unknown value(s) pensiun",
        "wave: 10-5 is outside 1-71 or reversed",
        "year: 2019-2020 is outside 2020-2024 or reversed",
        "gender: unknown value X (L or P)",
    ]


def test_constructor_lists_two_unknown_values_of_one_field_with_a_comma():
    with pytest.raises(FilterError) as error:
        Filters(regencies=("15.71", "15", "9999"), categories=("masak", "jahit"))
    assert error.value.problems == [
        "regency: unknown value(s) 15, 9999",
        "category: unknown value(s) masak, jahit",
    ]


@pytest.mark.parametrize(("waves", "ok"), [((1, 71), True), ((1, 1), True), ((71, 71), True), ((0, 5), False),
                                           ((5, 72), False), ((6, 5), False)])
def test_wave_ranges_at_their_edges(waves, ok):
    if ok:
        assert Filters(waves=waves).waves == waves
    else:
        with pytest.raises(FilterError):
            Filters(waves=waves)


def test_choices_are_kept_in_vocabulary_order_without_repeats():
    f = Filters(regencies=("15.72", "15.01", "15.72"), age_bands=("56+", "18-25"), education=("sarjana", "sd"),
                categories=("wirausaha", "pemasaran"), statuses=("wirausaha", "tidak_bekerja"))
    assert f.regencies == ("15.01", "15.72")
    assert f.age_bands == ("18-25", "56+")
    assert f.education == ("sd", "sarjana")
    assert f.categories == ("pemasaran", "wirausaha")
    assert f.statuses == ("tidak_bekerja", "wirausaha")
    assert f == Filters(regencies=("15.01", "15.72"), age_bands=("18-25", "56+"), education=("sd", "sarjana"),
                        categories=("pemasaran", "wirausaha"), statuses=("tidak_bekerja", "wirausaha"))


def test_derived_selections():
    f = Filters(regencies=("15.71", "15.01"), waves=(10, 20), gender="P")
    assert f.is_active and not Filters().is_active
    assert f.without_regencies() == Filters(waves=(10, 20), gender="P")
    assert f.for_regency("15.05") == Filters(regencies=("15.05",), waves=(10, 20), gender="P")
    moved = f.with_waves([30, 40])  # a list from a widget becomes the tuple a filter holds
    assert moved.waves == (30, 40) and isinstance(moved.waves, tuple)
    assert moved.regencies == ("15.01", "15.71") and moved.gender == "P"


def test_query_string_of_every_field():
    f = Filters(regencies=("15.71",), waves=(5, 5), years=(2021, 2023), gender="L", age_bands=("26-35",),
                education=("sma", "sd"), categories=("ti",), statuses=("pekerja",))
    assert f.to_query() == {"regency": "15.71", "wave": "5", "year": "2021-2023", "gender": "L", "age": "26-35",
                            "education": "sd,sma", "category": "ti", "status": "pekerja"}
    assert list(f.to_query()) == ["regency", "wave", "year", "gender", "age", "education", "category", "status"]
    assert Filters(years=(2020, 2024), waves=(1, 70)).to_query() == {"wave": "1-70"}


def test_from_query_reads_every_field():
    params = {"regency": " 15.71 , 15.01,", "wave": " 5-9 ", "year": "2022", "gender": " l ", "age": "56 ,26-35",
              "education": "sd", "category": ["ti", "bahasa"], "status": "wirausaha", "lang": "en", "other": "x"}
    assert Filters.from_query(params) == Filters(
        regencies=("15.01", "15.71"), waves=(5, 9), years=(2022, 2022), gender="L", age_bands=("26-35", "56+"),
        education=("sd",), categories=("ti", "bahasa"), statuses=("wirausaha",))


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_blank_parameters_mean_no_restriction(blank):
    assert Filters.from_query({name: blank for name in ("regency", "wave", "year", "gender", "age")}) == Filters()


def test_from_query_problems_word_for_word():
    with pytest.raises(FilterError) as error:
        Filters.from_query({"regency": "15.71,9999,8888", "wave": "1-2-3", "year": "2019-2020", "gender": "W",
                            "education": "S3"})
    assert error.value.problems == [
        "regency: unknown value(s) 9999, 8888 (a Kemendagri code such as 15.71, a BPS code or a name)",
        "wave: '1-2-3' is not a range FIRST-LAST within 1-71 (e.g. 1-71)",
        "year: '2019-2020' is not a range FIRST-LAST within 2020-2024 (e.g. 2020-2024)",
        "gender: 'W' is not L or P",
        "education: unknown value(s) S3 (allowed: sd, smp, sma, diploma, sarjana)",
    ]


@pytest.mark.parametrize(("text", "expected"), [("7", (7, 7)), ("3-9", (3, 9)), ("9-3", None), ("0-3", None),
                                                ("70-72", None), ("x", None), ("1-x", None), ("", None),
                                                ("1-2-3", None)])
def test_wave_parameter_forms(text, expected):
    if expected is None:
        with pytest.raises(FilterError):
            Filters.from_query({"wave": text or "-"})
    else:
        assert Filters.from_query({"wave": text}).waves == expected


def test_lenient_parsing_drops_only_what_it_cannot_read():
    filters, problems = Filters.from_query_lenient({"regency": "15.71,0000", "wave": "3-9", "gender": "Z",
                                                    "year": "1999", "lang": "id"})
    assert filters == Filters(waves=(3, 9))
    assert [(p.parameter, p.value, p.kind) for p in problems] == [
        ("regency", "0000", "region"), ("year", "1999", "range"), ("gender", "Z", "choice")]
    assert Filters.from_query_lenient({"gender": "P"}) == (Filters(gender="P"), [])


def test_sql_filter_values():
    f = Filters(regencies=("15.02", "15.72"), waves=(3, 60), years=(2021, 2023), gender="P",
                age_bands=("18-25", "46-55"), education=("sarjana",), categories=("pemasaran", "keuangan"),
                statuses=("pekerja",))
    assert f.sql_params() == {"filter": {
        # Aceh's 23, Sumatera Utara's 33, Sumatera Barat's 19 and Riau's 12 kabupaten/kota come first: 87
        # positions, so 15.02 is at 88 and 15.72, Jambi's 11th, at 97.
        "regencies": [88, 97],
        "province": None, "regency_first": None, "regency_last": None,
        "wave_min": 3, "wave_max": 60, "year_min": 2021, "year_max": 2023,
        "genders": [1],  # P is the 2nd gender
        "age_bands": [0, 3],  # 18-25 (1st), 46-55 (4th)
        "education": [4],  # sarjana is the 5th level
        "categories": [0, 2],  # pemasaran (1st), keuangan (3rd)
        "statuses": [1],  # pekerja is the 2nd status
    }}
    unrestricted = Filters().sql_filter()
    assert unrestricted == {"regencies": None, "province": None, "regency_first": None, "regency_last": None,
                            "wave_min": 1, "wave_max": 71, "year_min": 2020, "year_max": 2024,
                            "genders": None, "age_bands": None, "education": None, "categories": None,
                            "statuses": None}
    assert Filters(gender="L").sql_filter()["genders"] == [0]


def test_positions_by_hand():
    assert positions((), ("a", "b")) is None
    assert positions(("a",), ("a", "b", "c")) == [0]
    assert positions(("c", "a"), ("a", "b", "c")) == [0, 2]
    assert positions(("z",), ("a", "b")) == []


# --- privacy: the cell key method and suppression --------------------------------------------------------
def test_small_counts_and_key_columns():
    assert [privacy.is_small_count(n, 10) for n in (-1, 0, 1, 9, 10, 11)] == [False, False, True, True, False, False]
    assert privacy.key_column("n_women") == "ck_women"
    assert privacy.key_column("jobs_created") == "ck_jobs_created"
    assert Measure("x", "share", "num", "den").base_column == "den"
    assert Measure("x", "count", "num").base_column == "num"


def test_adjustment_reads_the_table_modulo_256():
    keys = pd.Series([PLUS2, PLUS2 + 256, MINUS2 + 512, ZERO], index=[3, 4, 5, 6])
    adjusted = privacy.adjustment(keys)
    assert adjusted.tolist() == [2, 2, -2, 0] and adjusted.index.tolist() == [3, 4, 5, 6]


def test_perturb_never_shows_zero_for_people_nor_people_for_zero():
    counts = pd.Series([0, 1, 2, 3, 50])
    keys = pd.Series([PLUS2, MINUS2, MINUS2, MINUS2, PLUS1])
    assert privacy.perturb(counts, keys).tolist() == [0.0, 1.0, 1.0, 1.0, 51.0]


def test_published_counts_hide_small_true_or_adjusted_counts():
    frame = pd.DataFrame({"label": ["a", "b", "c", "d", "e"], "n_x": [0, 10, 9, 12, 40],
                          "ck_x": [PLUS2, MINUS2, PLUS2, ZERO, PLUS1]})
    out = publish(frame, [Measure("x", "count", "n_x")], k=10, keep=["label"])
    assert list(out.columns) == ["label", "x", "x_n", "x_suppressed"]
    # 0 stays 0; 10-2 = 8 is small; 9 (+2 = 11) is small in truth; 12+0; 40+1
    assert as_list(out["x"]) == [0.0, None, None, 12.0, 41.0]
    assert as_list(out["x_n"]) == [0.0, None, None, 12.0, 41.0]
    assert out["x_suppressed"].tolist() == [False, True, True, False, False]
    assert out["x_suppressed"].dtype == bool


def test_shares_from_perturbed_counts():
    frame = pd.DataFrame({"n_num": [5, 20, 2, 30, 0, 12], "ck_num": [ZERO, PLUS2, ZERO, PLUS2, ZERO, PLUS2],
                          "n_den": [40, 20, 40, 9, 0, 20], "ck_den": [ZERO, MINUS2, ZERO, ZERO, ZERO, PLUS1]})
    out = publish(frame, [Measure("rate", "share", "n_num", "n_den")], k=3)
    # 5/40; (20+2)/(20-2) and (30+2)/9 capped at 1; numerator 2 is small; nothing over nothing; 14/21
    assert as_list(out["rate"]) == [pytest.approx(5 / 40), 1.0, None, 1.0, None, pytest.approx(14 / 21)]
    assert out["rate_suppressed"].tolist() == [False, False, True, False, True, False]
    assert as_list(out["rate_n"]) == [40.0, 18.0, 40.0, 9.0, 0.0, 21.0]


def test_a_share_is_capped_at_one_and_a_rate_per_1000_is_not():
    frame = pd.DataFrame({"n_num": [30, 12], "n_den": [20, 20_000]})
    share = publish(frame, [Measure("s", "share", "n_num", "n_den")], k=1)
    rate = publish(frame, [Measure("r", "per_1000", "n_num", "n_den")], k=1)
    assert share["s"].tolist() == [1.0, pytest.approx(12 / 20_000)]
    assert rate["r"].tolist() == [pytest.approx(1500.0), pytest.approx(0.6)]


def test_a_share_with_a_small_true_numerator_is_withheld_even_if_adjusted_up():
    frame = pd.DataFrame({"n_num": [2, 0], "ck_num": [PLUS2, PLUS2], "n_den": [100, 100]})
    out = publish(frame, [Measure("s", "share", "n_num", "n_den")], k=3)
    assert as_list(out["s"]) == [None, 0.0]  # 2 (+2 = 4) is small in truth; 0 stays 0 and is shown
    assert out["s_suppressed"].tolist() == [True, False]


def test_medians_round_to_50000_and_need_k_people():
    frame = pd.DataFrame({"m": [1_260_000, 1_240_000, 1_280_000, -130_000, 2_000_000, 5_000_000],
                          "n": [10, 10, 10, 10, 9, 0]})
    out = publish(frame, [Measure("median", "median", "m", "n")], k=10)
    assert as_list(out["median"]) == [1_250_000, 1_250_000, 1_300_000, -150_000, None, None]
    assert out["median_suppressed"].tolist() == [False, False, False, False, True, True]
    assert as_list(out["median_n"]) == [10.0, 10.0, 10.0, 10.0, None, 0.0]


def test_sums_take_the_adjustment_of_the_people_behind_them():
    """One key per group of people: a sum gets the very adjustment of its people's count, in units
    of their mean, so that sum / count is the true mean and the pair tells no more than the count."""
    frame = pd.DataFrame({"total": [100, 60, 7, 5, 0], "n_people": [20, 6, 10, 2, 0],
                          "ck_people": [PLUS2, MINUS2, PLUS1 + 256, ZERO, ZERO]})
    out = publish(frame, [Measure("jobs", "sum", "total", "n_people")], k=3)
    # 100 + 2 x mean 5 = 110; 60 - 2 x 10 = 40; 7 + 1 x 0.7 = 7.7 -> 8; 2 people are too few; 0 people
    assert as_list(out["jobs"]) == [110.0, 40.0, 8.0, None, None]
    assert out["jobs_suppressed"].tolist() == [False, False, False, True, True]
    # the people behind the sum are published with the same adjustment: 20 + 2, 6 - 2, 10 + 1
    assert as_list(out["jobs_n"])[:3] == [22.0, 4.0, 11.0]


def test_a_published_sum_over_its_published_count_is_the_true_mean():
    keys = [key_with(a) for a in (-2, -1, 0, 1, 2)]
    frame = pd.DataFrame({"total": [36, 120, 45, 240, 13], "n_people": [12, 40, 15, 60, 13], "ck_people": keys})
    out = publish(frame, [Measure("jobs", "sum", "total", "n_people")], k=10)
    # means 3, 3, 3, 4, 1: counts 10, 39, 15, 61, 15 and sums 30, 117, 45, 244, 15
    assert as_list(out["jobs_n"]) == [10.0, 39.0, 15.0, 61.0, 15.0]
    assert as_list(out["jobs"]) == [30.0, 117.0, 45.0, 244.0, 15.0]


def test_a_sum_never_goes_below_zero_and_without_keys_is_exact():
    frame = pd.DataFrame({"total": [1], "n_people": [10], "ck_people": [key_with(-2)]})
    # 1 - 2 x 0.1 = 0.8 -> 1
    assert publish(frame, [Measure("j", "sum", "total", "n_people")], k=1)["j"].tolist() == [1.0]
    exact = pd.DataFrame({"total": [13], "n_people": [4]})
    assert publish(exact, [Measure("j", "sum", "total", "n_people")], k=1)["j"].tolist() == [13.0]
    zero_people = pd.DataFrame({"total": [0], "n_people": [0], "ck_people": [PLUS2]})
    assert publish(zero_people, [Measure("j", "sum", "total", "n_people")], k=1)["j"].isna().all()


def test_a_big_negative_adjustment_of_a_sum_is_clipped_at_zero():
    frame = pd.DataFrame({"total": [3], "n_people": [1], "ck_people": [MINUS2]})
    # mean 3, adjustment -2: 3 - 6 = -3, shown as 0
    assert publish(frame, [Measure("j", "sum", "total", "n_people")], k=1)["j"].tolist() == [0.0]
    frame = pd.DataFrame({"total": [3], "n_people": [2], "ck_people": [MINUS2]})
    # mean 1.5, adjustment -2: 3 - 3 = 0
    assert publish(frame, [Measure("j", "sum", "total", "n_people")], k=1)["j"].tolist() == [0.0]


def test_a_count_adjusted_under_k_is_withheld_though_the_true_count_is_not():
    """No number under K is ever shown: 11 - 2 = 9 and 10 - 1 = 9 are withheld, although 11 and 10
    are not small, and so is everything computed over such a group."""
    frame = pd.DataFrame({"n": [11, 10, 12, 10], "ck_n": [MINUS2, MINUS1, MINUS2, PLUS2],
                          "num": [0, 0, 0, 0], "median": [1e6] * 4, "jobs": [30] * 4})
    out = publish(frame, [Measure("alumni", "count", "n"), Measure("pct", "share", "num", "n"),
                          Measure("m", "median", "median", "n"), Measure("j", "sum", "jobs", "n")], k=10)
    # 12 - 2 = 10 and 10 + 2 = 12 are shown
    assert as_list(out["alumni"]) == [None, None, 10.0, 12.0]
    assert out["alumni_suppressed"].tolist() == [True, True, False, False]
    for key in ("pct", "m", "j"):
        assert out[f"{key}_suppressed"].tolist() == [True, True, False, False], key
        assert as_list(out[f"{key}_n"]) == [None, None, 10.0, 12.0], key


def test_a_count_adjusted_up_to_k_is_withheld_when_the_true_count_is_small():
    frame = pd.DataFrame({"n": [9, 8], "ck_n": [PLUS2, PLUS2], "median": [1e6, 1e6]})
    out = publish(frame, [Measure("alumni", "count", "n"), Measure("m", "median", "median", "n")], k=10)
    assert as_list(out["alumni"]) == [None, None] and as_list(out["m"]) == [None, None]


# --- metrics ----------------------------------------------------------------------------------------------
def outcome_counts(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_trend_sums_the_waves_of_a_year_before_publishing():
    by_wave = pd.DataFrame({"wave": [5, 6, 15], "year": [2020, 2020, 2021], "n_alumni": [30, 12, 40],
                            "n_not_working_surveyed": [10, 6, 20], "n_now_employed": [4, 2, 5],
                            "n_now_business": [1, 3, 10], "ck_alumni": [PLUS2, 256, MINUS2],
                            "ck_not_working_surveyed": [ZERO, 256, ZERO], "ck_now_employed": [ZERO, 256, ZERO],
                            "ck_now_business": [ZERO, 256, ZERO], "other": [1, 2, 3]})
    out = metrics.trend(by_wave, "year", k=5)
    assert out["year"].tolist() == [2020, 2021]
    # 2020: waves 5 and 6, 42 alumni whose cell keys add up to PLUS2 + 256 (+2); 16 surveyed, 6 employed,
    # 4 in business (a small count, withheld); the other keys add up to ZERO + 256 (no adjustment)
    assert out["alumni"].tolist() == [44, 38]
    assert out["pct_now_employed"].tolist() == [pytest.approx(6 / 16), pytest.approx(5 / 20)]
    assert as_list(out["pct_now_business"]) == [None, pytest.approx(10 / 20)]
    assert "other" not in out.columns
    by_wave_out = metrics.trend(by_wave, "wave", k=1)
    assert by_wave_out["wave"].tolist() == [5, 6, 15]
    with pytest.raises(ValueError, match=r"^period must be 'wave' or 'year', got 'month'$"):
        metrics.trend(by_wave, "month")


def test_categories_groups_and_flow_keep_their_labels():
    counts = pd.DataFrame({"category_id": ["ti"], "label_id": ["TI"], "label_en": ["IT"], "group_key": ["x"],
                           "n_alumni": [20], "n_not_working_surveyed": [10], "n_now_employed": [4],
                           "n_now_business": [2]})
    out = metrics.categories(counts, k=1)
    assert list(out.columns[:3]) == ["category_id", "label_id", "label_en"]
    assert out.loc[0, "pct_now_employed"] == pytest.approx(0.4) and out.loc[0, "pct_now_business"] == pytest.approx(0.2)
    flow = metrics.flow(pd.DataFrame({"status_before": ["a"], "status_after": ["b"], "n_alumni": [7]}), k=1)
    assert list(flow.columns) == ["status_before", "status_after", "alumni", "alumni_n", "alumni_suppressed"]
    assert flow.loc[0, "alumni"] == 7


def test_groups_publish_every_group_measure():
    frame = pd.DataFrame({"group_key": ["15.71"], "group_key_2": [""], "n_alumni": [40], "n_women": [10],
                          "n_not_working": [20], "n_not_working_surveyed": [16], "n_now_employed": [6],
                          "n_now_business": [8], "median_income_change": [740_000], "n_earning_after": [12],
                          "n_businesses_started": [5], "jobs_created": [11]})
    out = metrics.groups(frame, k=5).iloc[0]
    assert (out["group_key"], out["group_key_2"]) == ("15.71", "")
    assert out["alumni"] == 40 and out["pct_women"] == pytest.approx(0.25) and out["pct_not_working"] == 0.5
    assert out["pct_now_employed"] == pytest.approx(6 / 16) and out["pct_now_employed_n"] == 16
    assert out["pct_now_business"] == pytest.approx(0.5)
    assert out["median_income_change"] == 750_000 and out["median_income_change_n"] == 12
    assert out["businesses_started"] == 5 and out["jobs_created"] == 11 and out["jobs_created_n"] == 5


def test_regencies_lists_every_regency_in_code_order():
    table = pd.DataFrame({"regency_code": ["15.72", "15.01", "15.05"],
                          "name": ["Kota Sungai Penuh", "Kerinci", "Muaro"],
                          "population": [100_000, 250_000, 400_000], "kind": ["Kota", "Kabupaten", "Kabupaten"]})
    by_regency = pd.DataFrame({"group_key": ["15.72", "15.05"], "group_key_2": ["", ""], "n_alumni": [50, 3],
                               "n_not_working_surveyed": [20, 4], "n_now_employed": [5, 1], "n_now_business": [2, 0],
                               "n_earning_after": [30, 3], "median_income_change": [500_000, 100_000]})
    out = metrics.regencies(by_regency, table, k=5)
    assert out["regency_code"].tolist() == ["15.01", "15.05", "15.72"]
    assert out["name"].tolist() == ["Kerinci", "Muaro", "Kota Sungai Penuh"]
    assert as_list(out["alumni"]) == [0.0, None, 50.0]  # none in Kerinci is a zero, not a gap
    assert out["alumni_per_1000"].tolist()[2] == pytest.approx(50 / 100_000 * 1000)
    assert out["alumni_per_1000"].tolist()[0] == 0
    assert out["pct_now_employed"].tolist()[2] == pytest.approx(5 / 20)
    assert as_list(out["median_income_change"]) == [None, None, 500_000]
    assert "kind" not in out.columns and "population" not in out.columns


def test_ranks_put_the_highest_first_and_skip_withheld_values():
    published = pd.DataFrame({"group_key": ["a", "b", "c", "d"], "alumni": [30.0, 10.0, 30.0, np.nan],
                              "pct_now_employed": [0.1, 0.3, 0.2, 0.4], "pct_now_business": [np.nan] * 4,
                              "median_income_change": [1.0, 2.0, 3.0, 4.0], "jobs_created": [5.0, 5.0, 1.0, 0.0]})
    out = metrics.ranks(published)
    assert list(out.columns) == ["group_key", "alumni_rank", "pct_now_employed_rank", "pct_now_business_rank",
                                 "median_income_change_rank", "jobs_created_rank"]
    assert as_list(out["alumni_rank"]) == [1, 3, 1, None]
    assert as_list(out["pct_now_employed_rank"]) == [4, 2, 3, 1]
    assert as_list(out["median_income_change_rank"]) == [4, 3, 2, 1]
    assert as_list(out["jobs_created_rank"]) == [1, 1, 3, 4]
    assert out["alumni_rank"].dtype == "Int64"


def test_income_bands_and_business_sizes():
    bands = metrics.income_bands(pd.DataFrame({"band": [-1, 3], "n_before": [12, 2], "n_after": [0, 15]}), k=3)
    assert list(bands.columns) == ["band", "before", "before_n", "before_suppressed", "after", "after_n",
                                   "after_suppressed"]
    assert as_list(bands["before"]) == [12.0, None] and as_list(bands["after"]) == [0.0, 15.0]
    sizes = metrics.business_sizes(pd.DataFrame({"employees_band": ["0", "1", "3-5"], "n_businesses": [9, 5, 2],
                                                 "jobs_created": [0, 5, 8]}), k=3)
    assert list(sizes.columns[:4]) == ["employees_band", "businesses", "businesses_n", "businesses_suppressed"]
    # 3-5 (2 businesses) is withheld, and with it the smallest shown band, 1 (5): never one band alone
    assert as_list(sizes["businesses"]) == [9.0, None, None]
    assert sizes["businesses_suppressed"].tolist() == [False, True, True]
    assert as_list(sizes["jobs_created"]) == [0.0, None, None]  # 8 jobs behind 2 businesses: withheld
    assert as_list(sizes["jobs_created_n"]) == [9.0, None, None]
    two_hidden = metrics.business_sizes(pd.DataFrame({"employees_band": ["0", "1", "2"], "n_businesses": [9, 2, 1],
                                                      "jobs_created": [0, 2, 2]}), k=3)
    assert as_list(two_hidden["businesses"]) == [9.0, None, None]  # already two: nothing more withheld


def mix() -> pd.DataFrame:
    return pd.DataFrame({"scheme": ["semi_bansos", "normal", "semi_bansos", "normal", "normal"],
                         "mode": ["daring", "daring", "luring", "bauran", "daring"],
                         "platform": ["Tokopedia", "Tokopedia", "Pintaria", "Pintaria", "Kecil"],
                         "n_alumni": [30, 10, 5, 25, 2], "ck_alumni": [ZERO, 256, ZERO, 256, ZERO]})


def test_platform_mix_adds_up_schemes_and_puts_withheld_last():
    out = metrics.platform_mix(mix(), k=3)
    # each platform's keys add up to ZERO (+ 256): no adjustment; Kecil's 2 alumni are withheld
    assert out["platform"].tolist() == ["Tokopedia", "Pintaria", "Kecil"]
    assert as_list(out["alumni"]) == [40, 30, None]
    total = 72 + TABLE[(3 * ZERO + 512) % 256]  # the share's base is the published total of all alumni
    assert out["share"].tolist()[:2] == [pytest.approx(40 / total), pytest.approx(30 / total)]
    assert pd.isna(out["share"].tolist()[2])


def test_mode_mix_adds_up_platforms():
    out = metrics.mode_mix(mix(), k=1).set_index("mode")
    assert sorted(out.index) == ["bauran", "daring", "luring"]
    daring = 42 + TABLE[(2 * ZERO + 256) % 256]  # rows 1, 2 and 5
    assert out.loc["daring", "alumni"] == daring and out.loc["bauran", "alumni"] == 25 + TABLE[256 % 256]
    total = 72 + TABLE[(3 * ZERO + 512) % 256]
    assert out.loc["luring", "share"] == pytest.approx(5 / total)
    assert out.loc["daring", "share"] == pytest.approx(daring / total)


def test_schemes_publish_completion_and_payments():
    comparison = pd.DataFrame({"scheme": ["normal"], "first_wave": [48], "last_wave": [71],
                               "training_budget_rp": [3_500_000], "incentive_rp": [600_000],
                               "survey_incentive_rp": [100_000], "n_alumni": [20], "n_completed": [15],
                               "n_not_working_surveyed": [10], "n_now_employed": [3], "n_now_business": [2],
                               "total_paid_rp": [90_000_000]})
    out = metrics.schemes(comparison, k=2).iloc[0]
    assert out[["scheme", "first_wave", "last_wave", "training_budget_rp", "incentive_rp",
                "survey_incentive_rp"]].tolist() == ["normal", 48, 71, 3_500_000, 600_000, 100_000]
    assert out["pct_completed"] == pytest.approx(0.75) and out["total_paid"] == 90_000_000
    assert out["pct_now_employed"] == pytest.approx(0.3) and out["pct_now_business"] == pytest.approx(0.2)
    assert out["total_paid_n"] == 20


def test_kpis_over_hand_counts():
    counts = pd.DataFrame({"n_alumni": [50], "n_women": [20], "n_age_18_35": [30], "n_not_working": [25],
                           "n_not_working_surveyed": [20], "n_now_employed": [6], "n_now_business": [5],
                           "median_income_change": [610_000], "n_earning_after": [18], "n_businesses_started": [6],
                           "jobs_created": [14]})
    out = metrics.kpis(counts, k=5).iloc[0]
    assert (out["alumni"], out["pct_women"], out["pct_age_18_35"], out["pct_not_working"]) == (50, 0.4, 0.6, 0.5)
    assert (out["pct_now_employed"], out["pct_now_business"]) == (pytest.approx(0.3), 0.25)
    assert out["median_income_change"] == 600_000
    assert (out["businesses_started"], out["jobs_created"], out["jobs_created_n"]) == (6, 14, 6)
    at_seven = metrics.kpis(counts, k=7).iloc[0]  # 6 businesses < 7, although 14 jobs >= 7
    assert pd.isna(at_seven["jobs_created"]) and at_seven["jobs_created_suppressed"]


# --- programme facts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("wave", "year", "scheme"), [(1, 2020, "semi_bansos"), (11, 2020, "semi_bansos"),
                                                      (12, 2021, "semi_bansos"), (47, 2022, "semi_bansos"),
                                                      (48, 2023, "normal"), (62, 2023, "normal"),
                                                      (63, 2024, "normal"), (71, 2024, "normal")])
def test_years_and_schemes_of_waves(wave, year, scheme):
    assert programme.year_of_wave(wave) == year
    assert programme.scheme_of_wave(wave) == scheme
    assert programme.scheme_of_year(year) == scheme


def test_latest_registration_is_the_next_known_opening():
    assert programme.latest_registration(1) == (date(2020, 8, 8), 4)
    assert programme.latest_registration(4) == (date(2020, 9, 3), 7)
    assert programme.latest_registration(5) == (date(2020, 9, 3), 7)
    assert programme.latest_registration(47) == (date(2023, 2, 17), 48)
    assert programme.latest_registration(70) == (date(2024, 10, 15), 71)
    assert programme.latest_registration(71) == (date(2024, 12, 31), None)


# --- names of regencies ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Kabupaten Tanjung Jabung Barat", "tanjungjabungbarat"), ("Kab. Muaro Jambi", "muarojambi"),
    ("KAB Kerinci", "kerinci"), ("Kota Sungai Penuh", "sungaipenuh"), ("Kotamadya Jambi", "jambi"),
    ("City of Jambi", "jambi"), ("Jambi City", "jambi"), ("Kerinci Regency", "kerinci"),
    ("  Múaro-Jambi  ", "muarojambi"), ("Kotabaru", "kotabaru"), ("", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("Kota Jambi", True), ("  kota jambi", True), ("KOTAMADYA Jambi", True),
                                                ("City of Jambi", True), ("Jambi City", True), ("Kotabaru", False),
                                                ("Kabupaten Kota Baru", False), ("Jambi", False)])
def test_says_city(text, expected):
    assert says_city(text) is expected


def matcher() -> RegencyMatcher:
    return RegencyMatcher([
        Regency("1501", "15.01", "Kabupaten Kerinci", "Kabupaten", ("Kerinci",)),
        Regency("1507", "15.06", "Kabupaten Tanjung Jabung Barat", "Kabupaten", ("Tanjabbar",)),
        Regency("1571", "15.71", "Kota Jambi", "Kota", ("Jambi",)),
        Regency("1599", "15.99", "Kabupaten Jambi", "Kabupaten", ()),  # a made-up namesake of Kota Jambi
    ])


def test_codes_in_either_numbering():
    m = matcher()
    # Matches are Kemendagri codes; four bare digits are a BPS code (BPS 1507 is Kemendagri 15.06).
    assert m.by_code("15.06") == "15.06" and m.by_code(" 15.01 ") == "15.01"
    assert m.by_code("1507") == "15.06" and m.by_code(1571) == "15.71" and m.by_code("1571.0") == "15.71"
    assert m.by_code("15.07") is None and m.by_code("1506") is None and m.by_code("15071") is None
    assert m.by_code("1571.5") is None and m.by_code("abc") is None and m.by_code("15.0") is None


def test_names_aliases_and_kinds():
    m = matcher()
    assert m.by_name("Tanjabbar") == "15.06" and m.by_name("kabupaten tanjung jabung barat") == "15.06"
    assert m.by_name("Kerinci") == "15.01"
    assert m.by_name("Kota Jambi") == "15.71"  # the name says city
    assert m.by_name("Jambi", "Kota") == "15.71" and m.by_name("Jambi", "Kabupaten") == "15.99"
    assert m.by_name("Jambi") is None  # two regencies of that name, and nothing says which
    assert m.by_name("Jambi", "Desa") is None
    assert m.by_name("") is None and m.by_name("Kab.") is None and m.by_name("Bungo") is None
    assert m.by_name("Kerinci", "Kota") is None
    assert sorted(m.regencies) == ["15.01", "15.06", "15.71", "15.99"]


# --- text that leaves the dashboard ----------------------------------------------------------------------------
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_formula_start_is_neutralised(start):
    assert neutralise(start + "1+1") == "'" + start + "1+1"


def test_other_values_are_left_alone():
    assert neutralise("a=1") == "a=1" and neutralise("") == "" and neutralise(5) == 5 and neutralise(None) is None
    assert neutralise(-3) == -3


def test_markdown_literal_escapes_and_breaks_links():
    assert markdown_literal("a*b_c") == "a\\*b\\_c"
    assert markdown_literal("x\x07y\tz\nw") == "xy\tz\nw"
    assert markdown_literal("http://x.y") == "http\\:\u200b\\/\\/x\\.y"
    assert markdown_literal("WWW.contoh") == "WWW\u200b\\.contoh"
    assert markdown_literal("a@b") == "a\u200b@b"
    assert markdown_literal(12) == "12"
    assert markdown_literal("[t](u) <b> #h $x$ :smile: ~s~ ^ & \" ' / | ! =") == (
        "\\[t\\]\\(u\\) \\<b\\> \\#h \\$x\\$ \\:smile\\: \\~s\\~ \\^ \\& \\\" \\' \\/ \\| \\! \\=")


def test_counts_of_nobody_are_published_as_zero_in_every_breakdown():
    """A count of 0 is shown (it identifies no one); a sum or a median over nobody is not."""
    flow = metrics.flow(pd.DataFrame({"status_before": ["a", "a"], "status_after": ["b", "c"], "n_alumni": [0, 5],
                                      "ck_alumni": [PLUS2, ZERO]}), k=3)
    assert as_list(flow["alumni"]) == [0.0, 5.0] and flow["alumni_suppressed"].tolist() == [False, False]
    bands = metrics.income_bands(pd.DataFrame({"band": [1, 2], "n_before": [0, 5], "n_after": [5, 0],
                                               "ck_before": [PLUS2, ZERO], "ck_after": [ZERO, PLUS2]}), k=3)
    assert as_list(bands["before"]) == [0.0, 5.0] and as_list(bands["after"]) == [5.0, 0.0]
    sizes = metrics.business_sizes(pd.DataFrame({"employees_band": ["0", "1"], "n_businesses": [0, 6],
                                                 "ck_businesses": [PLUS2, PLUS2], "jobs_created": [0, 6]}), k=3)
    assert as_list(sizes["businesses"]) == [0.0, 8.0]
    # the jobs take the businesses' own adjustment (+2), times their mean (1 job): 8, as many as businesses
    assert as_list(sizes["jobs_created"]) == [None, 8.0]


def test_breakdowns_use_the_k_they_are_given(monkeypatch):
    monkeypatch.setenv("PRAKERJA_MIN_CELL", "10")
    bands = metrics.income_bands(pd.DataFrame({"band": [1], "n_before": [4], "n_after": [6]}), k=3)
    assert (bands.loc[0, "before"], bands.loc[0, "after"]) == (4, 6)
    out = metrics.platform_mix(pd.DataFrame({"scheme": ["normal"], "mode": ["daring"], "platform": ["P"],
                                             "n_alumni": [5], "ck_alumni": [ZERO]}), k=3)
    assert out.loc[0, "alumni"] == 5
    sizes = metrics.business_sizes(pd.DataFrame({"employees_band": ["2"], "n_businesses": [4], "jobs_created": [8]}),
                                   k=3)
    assert (sizes.loc[0, "businesses"], sizes.loc[0, "jobs_created"]) == (4, 8)


def test_a_share_whose_adjusted_numerator_is_small_is_withheld():
    frame = pd.DataFrame({"n_num": [3, 3], "ck_num": [MINUS2, ZERO], "n_den": [50, 50]})
    out = publish(frame, [Measure("s", "share", "n_num", "n_den")], k=3)
    assert as_list(out["s"]) == [None, pytest.approx(3 / 50)]  # 3 - 2 = 1 is small; 3 + 0 is not


def test_regencies_without_alumni_get_zero_counts_and_keys():
    table = pd.DataFrame({"regency_code": ["15.01", "15.72"], "name": ["Kerinci", "Sungai Penuh"],
                          "population": [250_000, 100_000]})
    by_regency = pd.DataFrame({"group_key": ["15.72"], "n_alumni": [50], "ck_alumni": [PLUS2],
                               "n_not_working_surveyed": [20], "ck_not_working_surveyed": [ZERO],
                               "n_now_employed": [5], "ck_now_employed": [ZERO], "n_now_business": [4],
                               "ck_now_business": [ZERO], "n_earning_after": [12], "ck_earning_after": [ZERO],
                               "median_income_change": [300_000]})
    out = metrics.regencies(by_regency, table, k=3).set_index("regency_code")
    assert out.loc["15.01", "alumni"] == 0 and out.loc["15.72", "alumni"] == 52
    assert out.loc["15.72", "pct_now_employed"] == pytest.approx(5 / 20)
