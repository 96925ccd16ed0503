"""The regions table (data/regions.csv) and the resolver of what people type for a region."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from prakerja_dash.data import reference
from prakerja_dash.domain.regions import (
    AmbiguousRegion,
    Region,
    RegionIndex,
    UnknownRegion,
    name_key,
    read_regions,
    region_index,
)
from tests.conftest import REPO, running_in_ci

SHARED_GEO = REPO.parent / "shared" / "geo"

# Jambi's 11, as prakerja_jambi_facts.md §1.1 tabulates them: (name, BPS code, Kemendagri code).
# BPS and Kemendagri swap Tanjung Jabung Barat/Timur and Tebo/Bungo.
JAMBI = [
    ("Kabupaten Kerinci", "1501", "15.01"),
    ("Kabupaten Merangin", "1502", "15.02"),
    ("Kabupaten Sarolangun", "1503", "15.03"),
    ("Kabupaten Batanghari", "1504", "15.04"),
    ("Kabupaten Muaro Jambi", "1505", "15.05"),
    ("Kabupaten Tanjung Jabung Timur", "1506", "15.07"),
    ("Kabupaten Tanjung Jabung Barat", "1507", "15.06"),
    ("Kabupaten Tebo", "1508", "15.09"),
    ("Kabupaten Bungo", "1509", "15.08"),
    ("Kota Jambi", "1571", "15.71"),
    ("Kota Sungai Penuh", "1572", "15.72"),
]
PAPUA = {"91", "92", "93", "94", "95", "96"}  # the 2022 split, geo README


@pytest.fixture(scope="module")
def index() -> RegionIndex:
    return region_index()


def test_every_province_and_kabupaten_kota_once():
    regions = read_regions()
    levels = Counter(r.level for r in regions)
    assert levels == {"provinsi": 38, "kabupaten_kota": 514}
    assert len({r.kemendagri_code for r in regions}) == 552
    bps = [r.bps_code for r in regions if r.bps_code]
    assert len(bps) == len(set(bps))


def test_every_kabupaten_kota_has_its_province_as_parent(index):
    provinces = {r.kemendagri_code for r in index.provinces()}
    for unit in index.kabupaten_kota():
        assert unit.province_code in provinces
        assert unit.kemendagri_code.split(".")[0] == unit.province_code
        assert unit.kind in ("Kabupaten", "Kota") and unit.name.startswith(unit.kind)


def test_counts_per_province_follow_kepmendagri_2025(index):
    counts = Counter(r.province_code for r in index.kabupaten_kota())
    assert (counts["32"], counts["35"], counts["33"], counts["31"]) == (27, 38, 35, 6)
    jambi = Counter(r.kind for r in index.kabupaten_kota("15"))
    assert jambi == {"Kabupaten": 9, "Kota": 2}  # facts §1: 9 kabupaten, 2 kota


def test_jambi_crosswalk_has_the_four_swaps(index):
    got = [(r.name, r.bps_code, r.kemendagri_code) for r in index.kabupaten_kota("15")]
    assert sorted(got, key=lambda row: row[1]) == JAMBI
    assert index.by_bps("1507").short_name == "Tanjung Jabung Barat"
    assert index["15.07"].bps_code == "1506"
    assert index.by_bps("1509").name == "Kabupaten Bungo" and index["15.09"].name == "Kabupaten Tebo"


def test_jambi_agrees_with_the_regencies_table(index):
    for regency in reference.regencies():
        assert index[regency.kemendagri_code].bps_code == regency.bps_code
        assert index[regency.kemendagri_code].name == regency.name


@pytest.mark.parametrize(("bps", "kemendagri", "name"), [
    ("1275", "12.71", "Kota Medan"),  # rows of BPS's list (data/bps_regencies_2014.csv), by hand
    ("1473", "14.72", "Kota Dumai"),
    ("3171", "31.74", "Kota Administrasi Jakarta Selatan"),
    ("3273", "32.73", "Kota Bandung"),
    ("7601", "76.05", "Kabupaten Majene"),
    ("7605", "76.01", "Kabupaten Pasangkayu"),  # BPS 2014: Mamuju Utara, renamed
    ("1206", "12.12", "Kabupaten Toba"),  # BPS 2014: Toba Samosir, renamed
])
def test_bps_codes_elsewhere(index, bps, kemendagri, name):
    assert index.by_bps(bps) is index[kemendagri]
    assert index[kemendagri].name == name


def test_bps_codes_are_known_outside_papua_only(index):
    for region in index.regions.values():
        assert (region.bps_code is None) == (region.province_code in PAPUA), region.label()
    assert all(p.bps_code == p.kemendagri_code for p in index.provinces() if p.bps_code)


def test_table_follows_its_source_file():
    """Names, codes and parents as in wilayah_boundaries (the script's input)."""
    if not SHARED_GEO.is_dir():
        reason = f"{SHARED_GEO} is missing"
        pytest.fail(reason) if running_in_ci() else pytest.skip(reason)
    index = region_index()
    for layer in ("indonesia_provinsi", "indonesia_kabkota"):
        features = json.loads((SHARED_GEO / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
        for feature in features:
            props = feature["properties"]
            region = index[props["kode"]]
            assert (region.name, region.province_code) == (props["nama"], props["kode_provinsi"])


# --- resolving what people type ---------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("15.06", "15.06"), (" 15.71 ", "15.71"),  # Kemendagri with the dot
    ("3273", "32.73"), ("1572", "15.72"),  # bare: BPS and Kemendagri agree
    ("1473", "14.72"), ("1472", "14.72"),  # Dumai: BPS 1473, Kemendagri 14.72, no other unit has either
    ("1571.0", "15.71"),  # a spreadsheet's number
    ("9401", "94.01"),  # Papua Tengah: no BPS code known, so only Kemendagri reads it
    ("15", "15"), ("32", "32"),
])
def test_codes(index, value, expected):
    assert index.resolve_code(value) == expected


@pytest.mark.parametrize(("value", "bps", "kemendagri"), [
    ("1506", "15.07", "15.06"), ("1507", "15.06", "15.07"), ("1508", "15.09", "15.08"), ("1509", "15.08", "15.09"),
    ("1101", "11.09", "11.01"),  # Simeulue by BPS, Aceh Selatan by Kemendagri
])
def test_bare_codes_the_two_numberings_read_differently(index, value, bps, kemendagri):
    assert index.resolve_code(value, bare_codes="bps") == bps
    assert index.resolve_code(value, bare_codes="kemendagri") == kemendagri
    with pytest.raises(AmbiguousRegion) as error:
        index.resolve(value)
    assert {r.kemendagri_code for r in error.value.candidates} == {bps, kemendagri}
    assert f"BPS {value}" in str(error.value) and "with its dot" in str(error.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("Kabupaten Tanjung Jabung Barat", "15.06"),
    ("KAB. TANJUNG JABUNG BARAT", "15.06"),
    ("kab  tanjung   jabung barat", "15.06"),
    ("Kab. Tanjabbar", "15.06"),
    ("Tanjung Jabung T", "15.07"),  # GADM's short form
    ("Kota Jambi", "15.71"),
    ("KOTA SUNGAIPENUH", "15.72"),
    ("Batang Hari", "15.04"),  # BPS spelling
    ("Muarojambi", "15.05"),
    ("Kota Bandung", "32.73"), ("Kabupaten Bandung", "32.04"), ("Bandung Regency", "32.04"),
    ("Kota Administrasi Jakarta Pusat", "31.71"), ("Jakarta Pusat", "31.71"),
    ("Kab. Adm. Kepulauan Seribu", "31.01"),
    ("Kepulauan Siau Tagulandang Biaro", "71.09"),  # Kemendagri writes "Kep."
    ("Mamuju Utara", "76.01"), ("Toba Samosir", "12.12"),  # former names
    ("Kota Baru", "63.02"),  # Kabupaten Kotabaru: "Kota" is part of the name here
    ("Provinsi Jambi", "15"), ("DKI Jakarta", "31"), ("Papua Barat Daya", "96"),
])
def test_names(index, value, expected):
    assert index.resolve_code(value) == expected


def test_narrowing_by_level_and_province(index):
    assert index.resolve_code("Jambi", level="kabupaten_kota") == "15.71"
    assert index.resolve_code("Jambi", level="provinsi") == "15"
    assert index.resolve_code("1506", within="15", bare_codes="bps") == "15.07"
    with pytest.raises(UnknownRegion, match="a kabupaten/kota in province 15"):
        index.resolve("Kota Bandung", level="kabupaten_kota", within="15")


@pytest.mark.parametrize(("value", "codes"), [
    ("Jambi", {"15", "15.71"}),
    ("Bandung", {"32.04", "32.73"}),
    ("bogor", {"32.01", "32.71"}),
])
def test_ambiguous_names_list_every_candidate(index, value, codes):
    with pytest.raises(AmbiguousRegion) as error:
        index.resolve(value)
    assert {r.kemendagri_code for r in error.value.candidates} == codes
    assert "Kabupaten or Kota" in str(error.value)


@pytest.mark.parametrize("value", ["Kerinchi Raya", "99.01", "15.99", "1599", "99", "", "  ", None, "Kota Kerinci"])
def test_unknown_values(index, value):
    with pytest.raises(UnknownRegion) as error:
        index.resolve(value)
    assert error.value.value == value


def test_name_key_ignores_case_spacing_punctuation_and_prefix():
    assert name_key("KAB.  Tanjung-Jabung Barat") == name_key("Kabupaten tanjung jabung barat") == "tanjungjabungbarat"
    assert name_key("Kota Administrasi Jakarta Pusat") == "jakartapusat"
    assert name_key("Kabupaten Lima Puluh Kota") == "limapuluhkota"


def test_index_refuses_a_broken_table():
    jambi = Region("15", "15", "provinsi", "Provinsi", "Jambi", "Jambi", "15")
    kerinci = Region("15.01", "1501", "kabupaten_kota", "Kabupaten", "Kabupaten Kerinci", "Kerinci", "15")
    with pytest.raises(ValueError, match="15.01 appears twice"):
        RegionIndex([jambi, kerinci, kerinci])
    with pytest.raises(ValueError, match="no province 16"):
        RegionIndex([jambi, Region("16.01", None, "kabupaten_kota", "Kabupaten", "Kabupaten X", "X", "16")])
    with pytest.raises(ValueError, match="BPS code 1501 appears twice"):
        RegionIndex([jambi, kerinci, Region("15.02", "1501", "kabupaten_kota", "Kabupaten", "Kab M", "M", "15")])
