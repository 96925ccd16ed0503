"""Build data/regions.csv and the shipped boundaries from the wilayah_boundaries files.

    python scripts/build_regions.py [--geo ../shared/geo]

Reads `indonesia_kabkota.geojson` and `indonesia_provinsi.geojson` (MIT, Kepmendagri 2025 codes;
see data/SOURCES.md) and writes

- data/regions.csv: 38 provinces and 514 kabupaten/kota, Kemendagri code as key, BPS code where known;
- data/boundaries/provinsi.geojson: the 38 provinces for the national map;
- data/boundaries/kabkota/<province>.geojson: one province's kabupaten/kota.

BPS codes come from data/bps_regencies_2014.csv (BPS MFD), matched by province, kind and name,
because BPS numbers about a third of the units differently from Kemendagri. Papua's six provinces
get none: that list predates the 2022 split and numbers Papua 94 and Papua Barat 91.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from prakerja_dash.domain.regions import name_key, parse_name  # noqa: E402

DATA = REPO / "data"
BOUNDARIES = DATA / "boundaries"
FIELDS = ["kemendagri_code", "bps_code", "level", "kind", "name", "short_name", "province_code", "aliases"]

# Units renamed since BPS's 2014 list, or spelt so that no normalisation brings the two together.
NAME_IN_BPS_2014 = {
    "12.12": "KABUPATEN TOBA SAMOSIR",  # renamed Toba in 2020
    "64.11": "KABUPATEN MAHAKAM HULU",  # Kemendagri: Mahakam Ulu
    "71.09": "KABUPATEN SIAU TAGULANDANG BIARO",  # Kemendagri: Kep. Siau Tagulandang Biaro
    "76.01": "KABUPATEN MAMUJU UTARA",  # renamed Pasangkayu in 2017
    "81.03": "KABUPATEN MALUKU TENGGARA BARAT",  # renamed Kepulauan Tanimbar in 2019
}
PROVINCES_WITHOUT_BPS = {"91", "92", "93", "94", "95", "96"}
PROVINCE_SHORT = {"Daerah Khusus Ibukota Jakarta": "DKI Jakarta", "Daerah Istimewa Yogyakarta": "DI Yogyakarta"}
PROVINCE_ALIASES = {"31": ("Jakarta", "DKI"), "34": ("Yogyakarta", "DIY", "Jogja")}

# Screen simplification. Tolerances are in degrees (0.001 degree is about 110 m at the equator).
KABKOTA_TOLERANCE, KABKOTA_MIN_AREA, KABKOTA_DECIMALS = 0.002, 2e-5, 4  # islets under ~0.25 km2 dropped
PROVINCE_TOLERANCE, PROVINCE_MIN_AREA, PROVINCE_DECIMALS = 0.01, 5e-4, 4  # islets under ~6 km2 dropped
GAP_WIDTH = 0.005  # slivers between neighbouring units in the source are closed up to this width


def kind_and_short(name: str) -> tuple[str, str]:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return prefix.split()[0], name[len(prefix):]
    raise ValueError(f"{name}: no Kabupaten/Kota prefix")


def bps_codes(units: list[dict]) -> dict[str, str]:
    """Kemendagri code -> BPS code, matched by province, kind and name."""
    with open(DATA / "bps_regencies_2014.csv", encoding="utf-8", newline="") as handle:
        bps = list(csv.DictReader(handle))
    by_name = {}
    for row in bps:
        key, kind = parse_name(row["name"])
        by_name[(row["province_bps_code"], kind, key)] = row["bps_code"]
    found = {}
    for unit in units:
        if unit["province_code"] in PROVINCES_WITHOUT_BPS:
            continue
        key, kind = parse_name(NAME_IN_BPS_2014.get(unit["kemendagri_code"], unit["name"]))
        code = by_name.get((unit["province_code"], kind, key))
        if code is None:
            raise SystemExit(f"no BPS code for {unit['kemendagri_code']} {unit['name']}")
        found[unit["kemendagri_code"]] = code
    if len(set(found.values())) != len(found):
        raise SystemExit("two units got the same BPS code")
    names = {row["bps_code"]: row["name"] for row in bps}
    for unit in units:
        spelt = names.get(found.get(unit["kemendagri_code"], ""))
        if spelt and name_key(spelt) != name_key(unit["name"]):
            unit["aliases"].append(spelt.split(" ", 1)[1].title())
    return found


def jambi_aliases() -> dict[str, list[str]]:
    """The spellings the project already recognises for Jambi's 11 (data/regencies.csv)."""
    with open(DATA / "regencies.csv", encoding="utf-8", newline="") as handle:
        return {row["kemendagri_code"]: (row["bps_code"], row["aliases"].split("|")) for row in csv.DictReader(handle)}


def regions_table(kabkota: gpd.GeoDataFrame, provinsi: gpd.GeoDataFrame) -> list[dict]:
    provinces = [{"kemendagri_code": row.kode, "bps_code": "" if row.kode in PROVINCES_WITHOUT_BPS else row.kode,
                  "level": "provinsi", "kind": "Provinsi", "name": row.nama,
                  "short_name": PROVINCE_SHORT.get(row.nama, row.nama), "province_code": row.kode,
                  "aliases": list(PROVINCE_ALIASES.get(row.kode, ()))}
                 for row in provinsi.itertuples()]
    units = []
    for row in kabkota.itertuples():
        kind, short = kind_and_short(row.nama)
        units.append({"kemendagri_code": row.kode, "level": "kabupaten_kota", "kind": kind, "name": row.nama,
                      "short_name": short, "province_code": row.kode_provinsi, "aliases": []})
    codes = bps_codes(units)
    jambi = jambi_aliases()
    for unit in units:
        unit["bps_code"] = codes.get(unit["kemendagri_code"], "")
        if unit["kemendagri_code"] in jambi:
            bps, aliases = jambi[unit["kemendagri_code"]]
            if bps != unit["bps_code"]:
                raise SystemExit(f"{unit['name']}: BPS {unit['bps_code']} here, {bps} in data/regencies.csv")
            unit["aliases"] += aliases
    rows = sorted(provinces + units, key=lambda r: r["kemendagri_code"])
    for row in rows:
        own = {name_key(row["name"]), name_key(row["short_name"])}
        kept = []
        for alias in row["aliases"]:
            if name_key(alias) not in own:
                own.add(name_key(alias))
                kept.append(alias)
        row["aliases"] = "|".join(kept)
    return rows


def polygonal(geometry):
    geometry = shapely.make_valid(geometry)
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return shapely.union_all([p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")])


def without_islets(geometry, min_area: float):
    parts = shapely.get_parts(geometry)
    areas = shapely.area(parts)
    kept = parts[areas >= min_area] if (areas >= min_area).any() else parts[[areas.argmax()]]
    return shapely.multipolygons(kept) if len(kept) > 1 else kept[0]


def for_screen(coverage: np.ndarray, tolerance: float, min_area: float, decimals: int) -> np.ndarray:
    """Simplify a coverage so that neighbours keep one shared edge, then round coordinates.

    Rounding moves a shared vertex the same way in both neighbours, so edges stay shared; the
    few rings it makes self-touching are repaired in place.
    """
    simplified = shapely.coverage_simplify(np.array([without_islets(g, min_area) for g in coverage]), tolerance)
    rounded = shapely.transform(simplified, lambda xy: np.round(xy, decimals))
    broken = ~shapely.is_valid(rounded)
    rounded[broken] = [polygonal(g) for g in rounded[broken]]
    return rounded


def write_geojson(path: Path, properties: list[dict], geometries: np.ndarray) -> int:
    features = [{"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(geometry))}
                for props, geometry in zip(properties, geometries, strict=True)]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text) + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo", type=Path, default=REPO.parent / "shared" / "geo")
    args = parser.parse_args(argv)
    kabkota = gpd.read_file(args.geo / "indonesia_kabkota.geojson").sort_values("kode", ignore_index=True)
    provinsi = gpd.read_file(args.geo / "indonesia_provinsi.geojson").sort_values("kode", ignore_index=True)

    rows = regions_table(kabkota, provinsi)
    with open(DATA / "regions.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"data/regions.csv: {sum(r['level'] == 'provinsi' for r in rows)} provinces, "
          f"{sum(r['level'] == 'kabupaten_kota' for r in rows)} kabupaten/kota")

    # One clean coverage of the kabupaten/kota (the source overlaps in places, e.g. Sorong/Tambrauw);
    # provinces are dissolved from it, so both layers draw the same coastlines and borders.
    coverage = shapely.coverage_clean(np.array([polygonal(g) for g in kabkota.geometry]), gap_width=GAP_WIDTH)
    province_of = kabkota["kode_provinsi"].to_numpy()
    codes = provinsi["kode"].tolist()
    provinces = np.array([shapely.coverage_union_all(coverage[province_of == code]) for code in codes])

    national = for_screen(provinces, PROVINCE_TOLERANCE, PROVINCE_MIN_AREA, PROVINCE_DECIMALS)
    size = write_geojson(BOUNDARIES / "provinsi.geojson",
                         [{"kode": c, "nama": n} for c, n in zip(codes, provinsi["nama"], strict=True)], national)
    print(f"data/boundaries/provinsi.geojson: {size:,} bytes")
    units = for_screen(coverage, KABKOTA_TOLERANCE, KABKOTA_MIN_AREA, KABKOTA_DECIMALS)
    for code in codes:
        mine = province_of == code
        props = [{"kode": k, "nama": n, "kode_provinsi": code}
                 for k, n in zip(kabkota["kode"][mine], kabkota["nama"][mine], strict=True)]
        size = write_geojson(BOUNDARIES / "kabkota" / f"{code}.geojson", props, units[mine])
        print(f"data/boundaries/kabkota/{code}.geojson: {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
