"""Boundary files: read any vector format, match the 11 regencies, name every problem; the
boundaries shipped in data/boundaries (all of Indonesia, small enough for the wire)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from prakerja_dash.data import boundaries
from prakerja_dash.data.boundaries import DEFAULT_BOUNDARIES, BoundaryError, boundaries_path, load_boundaries
from prakerja_dash.domain.regions import region_index
from tests.conftest import JAMBI_CODES, REPO
from tests.test_cli import cli

SHIPPED = REPO / "data" / "boundaries"
GADM = REPO.parent / "shared" / "geo" / "jambi_regencies_gadm.geojson"

# (BPS code, Kemendagri code, GADM-style short name, kind, another spelling people use)
JAMBI = [
    ("1501", "15.01", "Kerinci", "Kabupaten", "KAB. KERINCI"),
    ("1502", "15.02", "Merangin", "Kabupaten", "Kabupaten Merangin"),
    ("1503", "15.03", "Sarolangun", "Kabupaten", "Sarolangun"),
    ("1504", "15.04", "Batang Hari", "Kabupaten", "Batanghari"),
    ("1505", "15.05", "Muaro Jambi", "Kabupaten", "Muarojambi"),
    ("1506", "15.07", "Tanjung Jabung T", "Kabupaten", "Tanjab Timur"),
    ("1507", "15.06", "Tanjung Jabung B", "Kabupaten", "Kab. Tanjabbar"),
    ("1508", "15.09", "Tebo", "Kabupaten", "Tebo"),
    ("1509", "15.08", "Bungo", "Kabupaten", "BUNGO"),
    ("1571", "15.71", "Jambi", "Kota", "Kota Jambi"),
    ("1572", "15.72", "Sungai Penuh", "Kota", "Kota Sungaipenuh"),
]


def squares(rows=JAMBI) -> list:
    """One small square per regency, spread over Jambi's extent."""
    return [box(101.3 + 0.6 * (i % 6), -2.5 + 0.7 * (i // 6), 101.6 + 0.6 * (i % 6), -2.2 + 0.7 * (i // 6))
            for i in range(len(rows))]


def write(tmp_path, frame: gpd.GeoDataFrame, name="b.geojson", driver=None):
    path = tmp_path / name
    frame.to_file(path, driver=driver) if driver else frame.to_file(path)
    return path


def gadm_like(rows=JAMBI) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "NAME_1": ["Jambi"] * len(rows), "NAME_2": [r[2] for r in rows],
        "TYPE_2": [r[3] for r in rows], "CC_2": [r[0] for r in rows],
    }, geometry=squares(rows), crs=4326)


def test_matches_by_bps_code_even_when_names_are_odd(tmp_path):
    frame = gadm_like()
    frame["NAME_2"] = [f"Unit {i}" for i in range(11)]
    loaded = load_boundaries(write(tmp_path, frame))
    assert sorted(f["id"] for f in loaded.geojson["features"]) == list(JAMBI_CODES)
    assert loaded.matched_from["15.06"].startswith("#7 (1507")


def test_dotted_codes_are_read_as_kemendagri(tmp_path):
    frame = gpd.GeoDataFrame({"kode": [r[1] for r in JAMBI]}, geometry=squares(), crs=4326)
    loaded = load_boundaries(write(tmp_path, frame))
    # Kemendagri 15.06 is Tanjung Jabung Barat, which BPS numbers 1507: the map keeps the Kemendagri code.
    assert loaded.matched_from["15.06"] == "#7 (15.06)"
    assert loaded.matched_from["15.08"] == "#9 (15.08)"


def test_matches_by_name_with_kind(tmp_path):
    frame = gadm_like().drop(columns="CC_2")
    loaded = load_boundaries(write(tmp_path, frame))
    assert loaded.matched_from["15.71"] == "#10 (Jambi)"
    assert loaded.matched_from["15.07"] == "#6 (Tanjung Jabung T)"


def test_matches_by_alias_in_a_geopackage(tmp_path):
    frame = gpd.GeoDataFrame({"nama": [r[4] for r in JAMBI]}, geometry=squares(), crs=4326)
    loaded = load_boundaries(write(tmp_path, frame, "b.gpkg", driver="GPKG"))
    assert loaded.matched_from["15.06"] == "#7 (Kab. Tanjabbar)"
    assert loaded.matched_from["15.72"] == "#11 (Kota Sungaipenuh)"


def test_projected_shapefile_is_reprojected_to_wgs84(tmp_path):
    frame = gadm_like().to_crs(32748)  # UTM 48S, metres
    loaded = load_boundaries(write(tmp_path, frame, "b.shp"))
    xs = [x for f in loaded.geojson["features"] for ring in f["geometry"]["coordinates"] for x, _ in ring]
    assert min(xs) > 101 and max(xs) < 105


def test_missing_regency_is_named_in_either_language(tmp_path):
    path = write(tmp_path, gadm_like(JAMBI[:-1]))
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="en")
    assert error.value.problems == ["no feature for Kota Sungai Penuh"]
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="id")
    assert error.value.problems == ["tidak ada fitur untuk Kota Sungai Penuh"]


def test_feature_outside_jambi_is_named(tmp_path):
    frame = gadm_like()
    extra = gpd.GeoDataFrame({"NAME_1": ["Jawa Barat"], "NAME_2": ["Bandung"], "TYPE_2": ["Kota"], "CC_2": ["3273"]},
                             geometry=[box(107.5, -7.0, 107.7, -6.8)], crs=4326)
    path = write(tmp_path, gpd.pd.concat([frame, extra], ignore_index=True))
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="en")
    assert error.value.problems == ["feature #12 (3273 / Bandung) is in Jawa Barat, outside Jambi"]
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="id")
    assert error.value.problems == ["fitur #12 (3273 / Bandung) ada di Jawa Barat, di luar Jambi"]


def test_feature_outside_jambi_without_province_column(tmp_path):
    frame = gadm_like().drop(columns="NAME_1")
    bandung = box(107.5, -7, 107.7, -6.8)
    frame.loc[len(frame)] = {"NAME_2": "Bandung", "TYPE_2": "Kota", "CC_2": None, "geometry": bandung}
    with pytest.raises(BoundaryError) as error:
        load_boundaries(write(tmp_path, frame), lang="en")
    assert error.value.problems == ["feature #12 (Bandung) lies outside Jambi"]


def test_duplicate_regency_names_both_features(tmp_path):
    rows = [*JAMBI[:10], JAMBI[0]]  # Kerinci twice, Sungai Penuh missing
    with pytest.raises(BoundaryError) as error:
        load_boundaries(write(tmp_path, gadm_like(rows)), lang="en")
    assert error.value.problems == [
        "Kabupaten Kerinci appears twice: features #1 (1501 / Kerinci) and #11 (1501 / Kerinci)",
        "no feature for Kota Sungai Penuh",
    ]


def test_unknown_name_is_named(tmp_path):
    frame = gadm_like().drop(columns="CC_2")
    frame.loc[0, "NAME_2"] = "Kerinchi Raya"
    path = write(tmp_path, frame)
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="en")
    assert "feature #1 (Kerinchi Raya) matches no Jambi regency" in error.value.problems
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="id")
    assert "fitur #1 (Kerinchi Raya) tidak cocok dengan kabupaten/kota mana pun di Jambi" in error.value.problems


@pytest.mark.parametrize("content", [b"id,name\n1501,Kerinci\n", b"\x00\x01 not geo", b""])
def test_non_vector_files_get_a_clear_message(tmp_path, content):
    path = tmp_path / "not-a-map.geojson"
    path.write_bytes(content)
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="en")
    assert error.value.problems[0].startswith(("not a vector file", "the file holds no features"))
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="id")
    assert error.value.problems[0].startswith(("bukan berkas vektor", "berkas ini tidak memuat fitur"))


def test_missing_file(tmp_path):
    with pytest.raises(BoundaryError, match="no file at"):
        load_boundaries(tmp_path / "nowhere.gpkg", lang="en")
    with pytest.raises(BoundaryError, match="tidak ada berkas di"):
        load_boundaries(tmp_path / "nowhere.gpkg", lang="id")


def test_a_file_without_code_or_name_columns_says_which_columns_it_has(tmp_path):
    path = write(tmp_path, gpd.GeoDataFrame({"luas": range(11)}, geometry=squares(), crs=4326))
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="en")
    assert error.value.problems == ["no regency code or name column found (columns: luas)"]
    with pytest.raises(BoundaryError) as error:
        load_boundaries(path, lang="id")
    assert error.value.problems == ["tidak ada kolom kode atau nama kabupaten/kota (kolom: luas)"]


def test_cli_check_exit_codes(tmp_path):
    good = cli("boundaries", "check", str(write(tmp_path, gadm_like())), "--lang", "en")
    assert good.returncode == 0 and "all 11 regencies matched" in good.stdout
    assert "15.06  Kabupaten Tanjung Jabung Barat" in good.stdout
    nine = str(write(tmp_path, gadm_like(JAMBI[:9]), "nine.geojson"))
    bad = cli("boundaries", "check", nine, "--lang", "en")
    assert bad.returncode == 1
    assert "no feature for Kota Jambi, Kota Sungai Penuh" in bad.stderr
    bad = cli("boundaries", "check", nine)  # Indonesian by default, every line of it
    assert bad.returncode == 1
    assert "tidak ada fitur untuk Kota Jambi, Kota Sungai Penuh" in bad.stderr and "feature" not in bad.stderr


def test_the_shared_gadm_file_still_matches():
    """A deployment's own file by path: GADM's short names and BPS codes (not redistributable, so
    it is only beside the checkout, never in it)."""
    if not GADM.is_file():
        pytest.skip(f"{GADM} is missing")
    loaded = load_boundaries(GADM)
    assert sorted(f["id"] for f in loaded.geojson["features"]) == list(JAMBI_CODES)
    assert loaded.matched_from["15.06"].endswith("(1507 / Tanjung Jabung B)")
    assert loaded.payload_bytes < GADM.stat().st_size


def test_the_default_is_the_shipped_jambi_file_inside_the_checkout(monkeypatch):
    monkeypatch.delenv("PRAKERJA_BOUNDARIES", raising=False)
    assert boundaries_path() == DEFAULT_BOUNDARIES == SHIPPED / "kabkota" / "15.geojson"
    assert "shared" not in DEFAULT_BOUNDARIES.relative_to(REPO).parts
    loaded = load_boundaries()
    assert sorted(f["id"] for f in loaded.geojson["features"]) == list(JAMBI_CODES)
    # Kemendagri 15.06 in the file is Tanjung Jabung Barat (BPS 1507).
    assert loaded.matched_from["15.06"] == "#6 (15.06 / Kabupaten Tanjung Jabung Barat)"
    assert loaded.matched_from["15.08"] == "#8 (15.08 / Kabupaten Bungo)"


@pytest.mark.parametrize(("source", "code_column"), [(DEFAULT_BOUNDARIES, "kode"), (GADM, "CC_2")])
def test_both_files_match_by_name_alone(tmp_path, source, code_column):
    if not source.is_file():
        pytest.skip(f"{source} is missing")
    frame = gpd.read_file(source).drop(columns=code_column)
    loaded = load_boundaries(write(tmp_path, frame))
    assert sorted(f["id"] for f in loaded.geojson["features"]) == list(JAMBI_CODES)
    names = {code: label.split("(")[1].rstrip(")") for code, label in loaded.matched_from.items()}
    assert names["15.06"] in ("Kabupaten Tanjung Jabung Barat", "Tanjung Jabung B")
    assert names["15.09"] in ("Kabupaten Tebo", "Tebo") and names["15.71"] in ("Kota Jambi", "Jambi")


def test_the_environment_still_brings_its_own_file(monkeypatch, tmp_path):
    own = write(tmp_path, gadm_like())
    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(own))
    assert boundaries_path() == own
    assert load_boundaries().matched_from["15.71"] == "#10 (1571 / Jambi)"


def test_a_fresh_clone_draws_jambi_without_shared(tmp_path):
    """The package and data/ copied alone, no ../shared beside them and no PRAKERJA_BOUNDARIES:
    the map's boundary check finds all 11 in the shipped file."""
    clone = tmp_path / "clone"
    shutil.copytree(REPO / "prakerja_dash", clone / "prakerja_dash", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", clone / "data", ignore=shutil.ignore_patterns("*.duckdb*", "backups", ".*"))
    assert not (tmp_path / "shared").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("PRAKERJA_BOUNDARIES", "PYTHONPATH")}
    result = subprocess.run([sys.executable, "-m", "prakerja_dash", "boundaries", "check", "--lang", "en"], cwd=clone,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "all 11 regencies matched" in result.stdout
    assert "15.07  Kabupaten Tanjung Jabung Timur   <- feature #7 (15.07 / Kabupaten Tanjung Jabung Timur)" \
        in result.stdout


# --- the shipped files ---------------------------------------------------------------------------

def wire_bytes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw))


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_national_file_has_the_38_provinces_and_fits_a_megabyte():
    raw, zipped = wire_bytes(SHIPPED / "provinsi.geojson")
    print(f"provinsi.geojson: {raw:,} bytes, {zipped:,} gzipped")
    assert raw <= 1_000_000 and zipped <= 1_000_000
    codes = [f["properties"]["kode"] for f in features(SHIPPED / "provinsi.geojson")]
    assert sorted(codes) == sorted(r.kemendagri_code for r in region_index().provinces())
    assert len(codes) == 38


def test_one_file_per_province_with_its_kabupaten_kota_each_under_150_kb():
    index = region_index()
    files = sorted((SHIPPED / "kabkota").glob("*.geojson"))
    assert [f.stem for f in files] == sorted(r.kemendagri_code for r in index.provinces())
    total = 0
    for path in files:
        raw, zipped = wire_bytes(path)
        assert raw <= 150_000, f"{path.name}: {raw:,} bytes"
        codes = sorted(f["properties"]["kode"] for f in features(path))
        assert codes == sorted(r.kemendagri_code for r in index.kabupaten_kota(path.stem))
        total += len(codes)
    assert total == 514
    assert len(features(SHIPPED / "kabkota" / "32.geojson")) == 27  # Jawa Barat


@pytest.mark.parametrize("name", ["provinsi.geojson", "kabkota/15.geojson", "kabkota/32.geojson",
                                  "kabkota/96.geojson"])
def test_shipped_shapes_are_valid_and_neighbours_share_their_borders(name):
    frame = gpd.read_file(SHIPPED / name)
    assert frame.geometry.is_valid.all() and set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    shapes = frame.geometry.to_numpy()
    tree = shapely.STRtree(shapes)
    pairs = [(a, b) for a, b in zip(*tree.query(shapes, predicate="intersects"), strict=True) if a < b]
    assert pairs, "no two units touch"
    for a, b in pairs:
        overlap = shapely.intersection(shapes[a], shapes[b]).area
        assert overlap < 1e-6, (frame.kode[a], frame.kode[b], overlap)
    # Neighbours share a border line (no sliver between them): Kota Jambi lies inside Muaro Jambi.
    if name == "kabkota/15.geojson":
        by_code = dict(zip(frame.kode, shapes, strict=True))
        shared = shapely.intersection(by_code["15.71"].boundary, by_code["15.05"].boundary)
        assert shared.length > 0.9 * by_code["15.71"].boundary.length


# --- the shipped files, loaded for the national map and one province's -------------------------

@pytest.fixture
def fresh_cache():
    boundaries._read_shipped.cache_clear()
    yield
    boundaries._read_shipped.cache_clear()


def test_the_national_map_has_the_38_provinces_keyed_by_kemendagri_code(fresh_cache):
    loaded = boundaries.national_boundaries()
    in_file = {f["properties"]["kode"]: f["properties"]["nama"] for f in features(SHIPPED / "provinsi.geojson")}
    assert len(in_file) == 38
    assert {f["id"]: f["properties"]["name"] for f in loaded.geojson["features"]} == in_file
    assert loaded.geojson["features"][0]["geometry"] == features(SHIPPED / "provinsi.geojson")[0]["geometry"]
    west, east = 95.0, 141.1  # Sabang to the Papua New Guinea border
    assert west < loaded.centre[0] < east and -11 < loaded.centre[1] < 6


@pytest.mark.parametrize(("province", "count"), [("15", 11), ("32", 27), ("91", None), ("94", None)])
def test_one_provinces_kabupaten_kota_by_its_kemendagri_code(fresh_cache, province, count):
    loaded = boundaries.province_boundaries(province)
    in_file = sorted(f["properties"]["kode"] for f in features(SHIPPED / "kabkota" / f"{province}.geojson"))
    assert sorted(f["id"] for f in loaded.geojson["features"]) == in_file
    assert all(code.startswith(province + ".") for code in in_file)
    if count:
        assert len(in_file) == count
    assert loaded.source == SHIPPED / "kabkota" / f"{province}.geojson"


def test_a_provinces_file_is_read_only_when_asked_for_and_once(fresh_cache, monkeypatch):
    opened = []

    def spy(path, *args, **kwargs):
        opened.append(Path(path).relative_to(SHIPPED).as_posix())
        return open(path, *args, **kwargs)

    monkeypatch.setattr(boundaries, "open", spy, raising=False)
    boundaries.national_boundaries()
    assert opened == ["provinsi.geojson"]
    boundaries.province_boundaries("32")
    boundaries.province_boundaries("32")
    boundaries.national_boundaries()
    assert opened == ["provinsi.geojson", "kabkota/32.geojson"]


def test_an_unknown_province_code_is_said_in_either_language(fresh_cache):
    for code in ("99", "15.71", "Jambi"):
        with pytest.raises(BoundaryError) as error:
            boundaries.province_boundaries(code, lang="en")
        assert error.value.problems == [f"{code} is not a Kemendagri province code (e.g. 32 for Jawa Barat)"]
    with pytest.raises(BoundaryError) as error:
        boundaries.province_boundaries("99", lang="id")
    assert error.value.problems == ["99 bukan kode provinsi Kemendagri (mis. 32 untuk Jawa Barat)"]


def test_a_damaged_shipped_file_names_its_problems_in_either_language(fresh_cache, monkeypatch, tmp_path):
    (tmp_path / "kabkota").mkdir()
    monkeypatch.setattr(boundaries, "SHIPPED_BOUNDARIES", tmp_path)
    collection = json.loads((SHIPPED / "kabkota" / "32.geojson").read_text(encoding="utf-8"))
    bogor = collection["features"].pop(0)  # 32.01, Kabupaten Bogor
    assert bogor["properties"]["kode"] == "32.01"
    stray = json.loads(json.dumps(collection["features"][0]))
    stray["properties"] |= {"kode": "33.01", "nama": "Kabupaten Cilacap"}
    collection["features"].append(stray)
    (tmp_path / "kabkota" / "32.geojson").write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(BoundaryError) as error:
        boundaries.province_boundaries("32", lang="en")
    assert error.value.problems == ["feature #27 (33.01 / Kabupaten Cilacap) matches no Jawa Barat regency",
                                    "no feature for Kabupaten Bogor"]
    with pytest.raises(BoundaryError) as error:
        boundaries.province_boundaries("32", lang="id")
    assert error.value.problems == [
        "fitur #27 (33.01 / Kabupaten Cilacap) tidak cocok dengan kabupaten/kota mana pun di Jawa Barat",
        "tidak ada fitur untuk Kabupaten Bogor"]
    (tmp_path / "kabkota" / "32.geojson").write_text("{not json", encoding="utf-8")
    os.utime(tmp_path / "kabkota" / "32.geojson", ns=(1, 1))  # another version of the file
    with pytest.raises(BoundaryError) as error:
        boundaries.province_boundaries("32", lang="id")
    assert error.value.problems == ["bukan berkas vektor yang dapat dibaca GeoPandas (JSONDecodeError)"]
    with pytest.raises(BoundaryError) as error:
        boundaries.province_boundaries("33", lang="en")
    assert error.value.problems == [f"no file at {tmp_path / 'kabkota' / '33.geojson'}"]
