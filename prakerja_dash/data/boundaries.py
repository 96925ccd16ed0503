"""Map shapes: the shipped boundaries of Indonesia, and any vector file matched to Jambi's 11 regencies.

The project ships simplified boundaries (wilayah_boundaries, MIT, see data/SOURCES.md):
data/boundaries/provinsi.geojson (the 38 provinces) and data/boundaries/kabkota/<province>.geojson
(each province's kabupaten/kota), keyed by Kemendagri code. `national_boundaries` and
`province_boundaries` read them as they are (already simplified), once per file version, and a
province's file only when that province is asked for.

The regency map of Jambi (`load_boundaries`) draws kabkota/15.geojson by default, so a fresh clone
has a map; a deployment may bring its own file by path (`PRAKERJA_BOUNDARIES`, e.g. BPS or
geoBoundaries). That file is reprojected to WGS84 and simplified once, so the browser gets a small
GeoJSON whose feature ids are BPS codes (each feature's `kode` property is its Kemendagri code).

Every problem is said in the reader's language (`lang`), from the catalogue.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.data import reference
from prakerja_dash.domain.regency_names import RegencyMatcher, normalise
from prakerja_dash.domain.regions import region_index
from prakerja_dash.i18n import DEFAULT_LANGUAGE, t

SHIPPED_BOUNDARIES = REFERENCE_DIR / "boundaries"
DEFAULT_BOUNDARIES = SHIPPED_BOUNDARIES / "kabkota" / "15.geojson"
NATIONAL_BOUNDARIES = SHIPPED_BOUNDARIES / "provinsi.geojson"
JAMBI = "15"  # Kemendagri code of the province whose regencies `load_boundaries` matches
# Jambi province with a margin; a feature whose centre lies outside is not a Jambi regency.
JAMBI_EXTENT = box(100.8, -3.1, 104.8, -0.4)
SIMPLIFY_DEGREES = 0.002  # about 200 m: invisible at province zoom, a tenth of the payload
COORDINATE_DECIMALS = 4

CODE_COLUMNS = ("bps_code", "kode_bps", "cc_2", "kode_kab", "kdbbps", "kdpkab", "kode", "code", "adm2_pcode")
NAME_COLUMNS = ("name_2", "shapename", "wadmkk", "nama_kab", "kabupaten_kota", "kabupaten", "nama", "name",
                "adm2_en", "namobj")
KIND_COLUMNS = ("type_2", "engtype_2", "jenis", "kind", "tipe")
PROVINCE_COLUMNS = ("name_1", "provinsi", "wadmpr", "province", "adm1_en")


def boundaries_path() -> Path:
    """`PRAKERJA_BOUNDARIES`, else Jambi's kabupaten/kota as shipped in data/boundaries."""
    return Path(os.environ.get("PRAKERJA_BOUNDARIES") or DEFAULT_BOUNDARIES)


class BoundaryError(ValueError):
    """A boundary file that cannot serve the map; `problems` names each reason in the reader's language."""

    def __init__(self, path: Path, problems: list[str]):
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class Boundaries:
    """Units as GeoJSON (feature `id`: the BPS code for `load_boundaries`, the Kemendagri code for the
    shipped national and province files), with what each was matched from."""

    geojson: dict
    matched_from: dict[str, str]  # feature id -> label of the feature in the file
    centre: tuple[float, float]  # lon, lat of the province
    source: Path

    @property
    def payload_bytes(self) -> int:
        return len(json.dumps(self.geojson, separators=(",", ":")))


def _column(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in frame.columns if c != "geometry"}
    return next((lower[c] for c in candidates if c in lower), None)


def _kind(value: object) -> str | None:
    text = str(value).lower()
    if text in ("kota", "city"):
        return "Kota"
    if text in ("kabupaten", "regency", "kab", "kab."):
        return "Kabupaten"
    return None


def read_vector(path: Path, lang: str = DEFAULT_LANGUAGE) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.is_file():
        raise BoundaryError(path, [t("boundary_no_file", lang, path=path)])
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several kinds for unreadable files
        raise BoundaryError(path, [t("boundary_unreadable", lang, error=type(error).__name__)]) from error
    if frame.empty or "geometry" not in frame or frame.geometry.isna().all():
        raise BoundaryError(path, [t("boundary_no_features", lang)])
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryError(path, [t("boundary_no_crs", lang)])
        frame = frame.set_crs(4326)
    return frame.to_crs(4326)


def match_features(frame: gpd.GeoDataFrame, matcher: RegencyMatcher, path: Path,
                   lang: str = DEFAULT_LANGUAGE) -> dict[str, int]:
    """BPS code -> row position of the feature drawn for it; raises `BoundaryError` listing every problem."""
    code_column = _column(frame, CODE_COLUMNS)
    name_column = _column(frame, NAME_COLUMNS)
    kind_column = _column(frame, KIND_COLUMNS)
    province_column = _column(frame, PROVINCE_COLUMNS)
    if code_column is None and name_column is None:
        columns = ", ".join(c for c in frame.columns if c != "geometry") or t("boundary_no_columns_none", lang)
        raise BoundaryError(path, [t("boundary_no_columns", lang, columns=columns)])

    province = region_index()[JAMBI].name
    problems: list[str] = []
    matched: dict[str, int] = {}
    centres = frame.geometry.representative_point()
    for position, row in enumerate(frame.itertuples(index=False)):
        values = row._asdict()
        label = _label(values, code_column, name_column, position)
        if province_column and normalise(values[province_column]) not in ("", "jambi"):
            problems.append(t("boundary_in_other_province", lang, feature=label, other=values[province_column],
                              province=province))
            continue
        if not JAMBI_EXTENT.contains(centres.iloc[position]):
            problems.append(t("boundary_outside", lang, feature=label, province=province))
            continue
        code = matcher.by_code(values[code_column]) if code_column else None
        if code is None and name_column:
            kind = _kind(values[kind_column]) if kind_column else None
            code = matcher.by_name(values[name_column], kind)
        if code is None:
            problems.append(t("boundary_unmatched", lang, feature=label, province=province))
        elif code in matched:
            first = _label(frame.iloc[matched[code]].to_dict(), code_column, name_column, matched[code])
            problems.append(t("boundary_twice", lang, name=matcher.regencies[code].name, first=first, second=label))
        else:
            matched[code] = position
    missing = [matcher.regencies[c].name for c in matcher.regencies if c not in matched]
    if missing:
        problems.append(t("boundary_missing", lang, names=", ".join(missing)))
    if problems:
        raise BoundaryError(path, problems)
    return matched


def _label(values: dict, code_column: str | None, name_column: str | None, position: int) -> str:
    parts = [str(values[c]) for c in (code_column, name_column) if c and not pd.isna(values.get(c))]
    return f"#{position + 1} ({' / '.join(parts)})" if parts else f"#{position + 1}"


def load_boundaries(path: Path | None = None, lang: str = DEFAULT_LANGUAGE) -> Boundaries:
    """Jambi's 11 regencies (feature `id`: BPS code; property `kode`: Kemendagri code) from `path`, else
    `PRAKERJA_BOUNDARIES`, else the shipped file: read, checked, reprojected and simplified; raises
    `BoundaryError` saying in `lang` why the file cannot serve."""
    path = Path(path or boundaries_path())
    frame = read_vector(path, lang)
    matcher = reference.regency_matcher()
    matched = match_features(frame, matcher, path, lang)
    code_column, name_column = _column(frame, CODE_COLUMNS), _column(frame, NAME_COLUMNS)
    positions = sorted(matched.values())
    shapes = dict(zip(positions, _simplified(frame.geometry.iloc[positions]), strict=True))
    features = []
    for code, position in sorted(matched.items()):
        geometry = json.loads(shapely.to_geojson(shapes[position]))
        regency = matcher.regencies[code]
        features.append({"type": "Feature", "id": code,
                         "properties": {"name": regency.name, "kode": regency.kemendagri_code}, "geometry": geometry})
    labels = {code: _label(frame.iloc[p].to_dict(), code_column, name_column, p) for code, p in matched.items()}
    minx, miny, maxx, maxy = frame.total_bounds
    return Boundaries({"type": "FeatureCollection", "features": features}, labels,
                      (float(minx + maxx) / 2, float(miny + maxy) / 2), path)


def _simplified(shapes: gpd.GeoSeries) -> np.ndarray:
    """Polygons that tile the province are simplified as one coverage, so neighbours keep one
    shared border and no gap opens between them; other shapes are simplified one by one."""
    geometries = shapes.make_valid().to_numpy()
    try:
        simplified = shapely.coverage_simplify(geometries, SIMPLIFY_DEGREES)
    except (TypeError, shapely.errors.GEOSException):  # lines or collections among the shapes
        simplified = shapely.simplify(geometries, SIMPLIFY_DEGREES, preserve_topology=True)
    return shapely.set_precision(simplified, 10**-COORDINATE_DECIMALS)


# --- the shipped boundaries of Indonesia, keyed by Kemendagri code --------------------------------------------

def province_file(province_code: str) -> Path:
    """The shipped file of one province's kabupaten/kota: data/boundaries/kabkota/<code>.geojson."""
    return SHIPPED_BOUNDARIES / "kabkota" / f"{province_code}.geojson"


def national_boundaries(lang: str = DEFAULT_LANGUAGE) -> Boundaries:
    """The 38 provinces as shipped (feature `id`: Kemendagri code, '32'); read once per file version."""
    expected = {r.kemendagri_code: r.name for r in region_index().provinces()}
    return _shipped_boundaries(NATIONAL_BOUNDARIES, expected, lambda label: t(
        "boundary_unmatched_province", lang, feature=label), lang)


def province_boundaries(province_code: str, lang: str = DEFAULT_LANGUAGE) -> Boundaries:
    """One province's kabupaten/kota as shipped (feature `id`: Kemendagri code, '32.73'), by the
    province's Kemendagri code ('32': Jawa Barat's 27); its file is read only now, then kept per
    file version. Raises `BoundaryError` in `lang` for a code that is no province."""
    index = region_index()
    code = str(province_code).strip()
    if code not in index.regions or index[code].level != "provinsi":
        raise BoundaryError(Path(code), [t("boundary_unknown_province", lang, code=code)])
    expected = {r.kemendagri_code: r.name for r in index.kabupaten_kota(code)}
    province = index[code].name
    return _shipped_boundaries(province_file(code), expected, lambda label: t(
        "boundary_unmatched", lang, feature=label, province=province), lang)


def _shipped_boundaries(path: Path, expected: dict[str, str], unmatched, lang: str) -> Boundaries:
    """The shipped file at `path` whose features' `kode` must be exactly the keys of `expected`
    (code -> name); every other finding is named, through `unmatched` for a feature of no expected unit."""
    if not path.is_file():
        raise BoundaryError(path, [t("boundary_no_file", lang, path=path)])
    try:
        geojson, labels, centre = _read_shipped(str(path), path.stat().st_mtime_ns)
    except (ValueError, KeyError, TypeError) as error:  # not JSON, or not a FeatureCollection of ours
        raise BoundaryError(path, [t("boundary_unreadable", lang, error=type(error).__name__)]) from error
    problems = [unmatched(label) for code, label in labels.items() if code not in expected]
    missing = [name for code, name in expected.items() if code not in labels]
    if missing:
        problems.append(t("boundary_missing", lang, names=", ".join(missing)))
    if problems:
        raise BoundaryError(path, problems)
    return Boundaries(geojson, labels, centre, path)


@lru_cache(maxsize=48)  # the national file and every province's: a few MB at most
def _read_shipped(path: str, modified: int) -> tuple[dict, dict[str, str], tuple[float, float]]:
    """A shipped file as it is (already simplified), each feature's `id` set to its `kode`. `modified`
    keys the cache on the file's version."""
    del modified
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    features, labels = [], {}
    for position, feature in enumerate(collection["features"]):
        properties = feature["properties"]
        code = str(properties["kode"])
        labels[code] = f"#{position + 1} ({code} / {properties.get('nama', '')})"
        features.append({"type": "Feature", "id": code, "geometry": feature["geometry"],
                         "properties": {"kode": code, "name": properties.get("nama", code)}})
    if not features:
        raise ValueError("no features")
    minx, miny, maxx, maxy = shapely.total_bounds([shapely.from_geojson(json.dumps(f["geometry"])) for f in features])
    return {"type": "FeatureCollection", "features": features}, labels, (float(minx + maxx) / 2, float(miny + maxy) / 2)
