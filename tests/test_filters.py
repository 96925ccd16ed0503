"""The filter value object round-trips through URLs and the command line, and says what it selects."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import example, given

from prakerja_dash.cli import build_parser, filters_from_args
from prakerja_dash.domain.filters import PARAMETER_NAMES, FilterError, Filters
from prakerja_dash.domain.vocabulary import AGE_BANDS, CATEGORIES, EDUCATION, GENDERS, WORK_STATUSES
from prakerja_dash.i18n import describe
from tests.conftest import REPO
from tests.strategies import any_filter_values as any_filters


@given(f=any_filters)
def test_round_trip_through_a_real_url(f):
    url = "http://host/ringkasan?" + urlencode(f.to_query() | {"lang": "en"})
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert Filters.from_query(params) == f


@given(f=any_filters)
def test_round_trip_through_the_command_line(f):
    argv = ["info"]
    for name, value in f.to_query().items():
        argv += [f"--{name}", value]
    assert filters_from_args(build_parser().parse_args(argv)) == f


# Every kabupaten/kota in Kemendagri code order, read from the committed table here (not through the code).
with open(REPO / "data" / "regions.csv", encoding="utf-8") as _table:
    ALL_UNITS = tuple(sorted(row["kemendagri_code"] for row in csv.DictReader(_table)
                             if row["level"] == "kabupaten_kota"))
CHOICES = {"regencies": ALL_UNITS, "genders": GENDERS, "age_bands": AGE_BANDS,
           "education": EDUCATION, "categories": CATEGORIES, "statuses": WORK_STATUSES}


def filter_values(f: Filters) -> dict[str, object]:
    """The values the `filtered` macro receives: the bound parameters, or the one STRUCT bound as `$filter`."""
    params = f.sql_params()
    return params["filter"] if set(params) == {"filter"} else params


@given(f=any_filters)
@example(f=Filters(regencies=("15.01", "15.72"), waves=(12, 22), years=(2021, 2021), gender="L", age_bands=("56+",),
                   education=("sd", "sarjana"), categories=("pemasaran", "wirausaha"), statuses=("wirausaha",)))
def test_sql_parameters_carry_every_restriction(f):
    params = filter_values(f)
    assert set(params) == {"wave_min", "wave_max", "year_min", "year_max", "province", "regency_first",
                           "regency_last", *CHOICES}
    assert params["province"] is params["regency_first"] is params["regency_last"] is None
    assert (params["wave_min"], params["wave_max"]) == f.waves
    assert (params["year_min"], params["year_max"]) == f.years
    selections = {"regencies": f.regencies, "genders": (f.gender,) if f.gender else (),
                  "age_bands": f.age_bands, "education": f.education, "categories": f.categories,
                  "statuses": f.statuses}
    for name, vocabulary in CHOICES.items():
        selected = selections[name]
        if not selected:
            assert params[name] is None, name
            continue
        assert all(0 <= i < len(vocabulary) for i in params[name]), name  # no position outside the vocabulary
        assert {vocabulary[i] for i in params[name]} == set(selected), name


def test_no_filter_means_an_empty_query_string():
    assert Filters().to_query() == {}
    assert not Filters().is_active
    assert Filters.from_query({}) == Filters()


def test_query_string_format():
    f = Filters(regencies=("15.71", "15.06"), waves=(20, 70), gender="P", age_bands=("56+", "18-25"),
                years=(2022, 2022))
    assert f.to_query() == {"regency": "15.06,15.71", "wave": "20-70", "year": "2022", "gender": "P",
                            "age": "18-25,56+"}


def test_plus_decoded_as_space_is_forgiven():
    assert Filters.from_query({"age": "56 "}).age_bands == ("56+",)
    assert Filters.from_query({"age": "56 ,18-25"}).age_bands == ("18-25", "56+")


def test_lowercase_gender_and_repeated_parameters_are_accepted():
    parsed = Filters.from_query({"gender": "p", "regency": ["15.71", "15.01"]})
    assert parsed == Filters(gender="P", regencies=("15.01", "15.71"))


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"regency": "9999"}, "regency: unknown value(s) 9999"),
        ({"wave": "70-20"}, "wave: '70-20' is not a range"),
        ({"wave": "0-80"}, "wave: '0-80' is not a range"),
        ({"year": "dua"}, "year: 'dua' is not a range"),
        ({"gender": "X"}, "gender: 'X' is not L or P"),
        ({"category": "memasak"}, "category: unknown value(s) memasak"),
        ({"status": "pensiun"}, "status: unknown value(s) pensiun"),
    ],
)
def test_bad_values_are_named(params, problem):
    with pytest.raises(FilterError) as error:
        Filters.from_query(params)
    assert problem in str(error.value)


def test_every_problem_is_reported_not_just_the_first():
    with pytest.raises(FilterError) as error:
        Filters.from_query({"regency": "15.71,0000", "gender": "Z", "wave": "x"})
    assert [p.split(":")[0] for p in error.value.problems] == ["regency", "wave", "gender"]


def test_lenient_parsing_keeps_the_good_and_reports_the_bad():
    filters, problems = Filters.from_query_lenient({"regency": "15.71", "gender": "Z", "lang": "en"})
    assert filters == Filters(regencies=("15.71",))
    from prakerja_dash.i18n import filter_problem

    assert [filter_problem(p, "en") for p in problems] == ["gender: Z is not known (choose from: L, P)"]
    assert [filter_problem(p, "id") for p in problems] == ["gender: Z tidak dikenal (pilihan: L, P)"]


def test_constructor_refuses_invalid_values():
    with pytest.raises(FilterError):
        Filters(regencies=("15",))
    with pytest.raises(FilterError):
        Filters(waves=(30, 10))


def test_parameter_names_are_shared_with_the_cli():
    options = {a.dest for a in build_parser()._subparsers._group_actions[0].choices["info"]._actions}
    assert set(PARAMETER_NAMES) <= options


def test_description_in_both_languages():
    names = {"15.71": "Kota Jambi", "15.06": "Kabupaten Tanjung Jabung Barat"}
    labels = {"makanan": "Makanan & Minuman"}
    f = Filters(regencies=("15.71",), waves=(20, 70), gender="P", categories=("makanan",), statuses=("tidak_bekerja",))
    assert describe(f, "id", names, labels) == (
        "Kota Jambi; gelombang 20–70; Perempuan; pelatihan Makanan & Minuman; saat mendaftar tidak bekerja"
    )
    assert describe(f, "en", names, labels).startswith("Kota Jambi; waves 20–70; Women")
    assert describe(Filters(), "id", names, labels) == "semua alumni"


@pytest.mark.parametrize("province, units", [("15", 11), ("32", 27), ("94", 8)])
def test_a_province_is_the_run_of_positions_of_its_kabupaten_kota(province, units):
    params = Filters(province=province).sql_filter()
    inside = [i for i, code in enumerate(ALL_UNITS) if code.startswith(province + ".")]
    assert len(inside) == units
    assert (params["regency_first"], params["regency_last"]) == (inside[0], inside[-1])
    assert params["province"] == province and params["regencies"] is None


def test_links_name_kabupaten_kota_by_kemendagri_code_bps_code_or_name(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SCOPE", "national")  # any province may be asked for
    kemendagri = Filters.from_query({"regency": "15.71,15.06"})
    assert kemendagri.regencies == ("15.06", "15.71") == Filters(regencies=("15.71", "15.06")).regencies
    # Links made before the national data wrote BPS codes: BPS 1507 is Tanjung Jabung Barat, Kemendagri 15.06.
    assert Filters.from_query({"regency": "1571,1507"}) == kemendagri
    assert Filters.from_query({"regency": "Kota Jambi, Tanjung Jabung Barat"}) == kemendagri
    assert Filters.from_query({"province": "Jawa Barat"}).province == "32"
    assert kemendagri.to_query() == {"regency": "15.06,15.71"}
    assert Filters(province="32").to_query() == {"province": "32"}


@pytest.mark.parametrize("lang, words", [("id", "bukan kode Kemendagri"), ("en", "is not a known Kemendagri code")])
def test_an_unknown_region_is_named_in_the_readers_language(lang, words):
    from prakerja_dash.i18n import filter_problem

    with pytest.raises(FilterError) as raised:
        Filters.from_query({"regency": "15.71,9999", "province": "15,32"})
    said = [filter_problem(issue, lang) for issue in raised.value.issues]
    assert said[0].startswith("province: 15,32") and said[1].startswith("regency: 9999")
    assert all(words in sentence for sentence in said[1:])


@pytest.mark.parametrize("lang, words", [("id", "32.73 di luar Provinsi Jambi"), ("en", "32.73 is outside Jambi")])
def test_a_province_deployment_refuses_links_to_another_province(lang, words, monkeypatch):
    from prakerja_dash.i18n import filter_problem

    with pytest.raises(FilterError) as raised:  # Jambi, the default home
        Filters.from_query({"regency": "3273"})
    assert words in filter_problem(raised.value.issues[0], lang)
    with pytest.raises(FilterError):
        Filters.from_query({"province": "Jawa Barat"})
    assert Filters.from_query({"province": "15"}).province == "15"
    monkeypatch.setenv("PRAKERJA_SCOPE", "national")
    assert Filters.from_query({"regency": "3273"}).regencies == ("32.73",)
    assert Filters.from_query({"province": "Jawa Barat"}).province == "32"
