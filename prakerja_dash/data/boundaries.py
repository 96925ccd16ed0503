"""Regency boundaries from any vector file GeoPandas reads, matched to the 11 regencies.

By default the map draws the boundaries shipped in data/boundaries/kabkota/15.geojson
(wilayah_boundaries, MIT, see data/SOURCES.md), so a fresh clone has a map. A deployment may
bring its own file by path (`PRAKERJA_BOUNDARIES`, e.g. BPS or geoBoundaries). Either is
reprojected to WGS84 and simplified once, so the browser gets a small GeoJSON whose feature
ids are BPS codes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.data import reference
from prakerja_dash.domain.regency_names import RegencyMatcher, normalise

SHIPPED_BOUNDARIES = REFERENCE_DIR / "boundaries"
DEFAULT_BOUNDARIES = SHIPPED_BOUNDARIES / "kabkota" / "15.geojson"
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
    """A boundary file that cannot serve the map; `problems` names each reason."""

    def __init__(self, path: Path, problems: list[str]):
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class Boundaries:
    """The 11 regencies as GeoJSON (feature `id` = BPS code), with what each was matched from."""

    geojson: dict
    matched_from: dict[str, str]  # BPS code -> label of the feature in the file
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


def read_vector(path: Path) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.is_file():
        raise BoundaryError(path, [f"no file at {path}"])
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several kinds for unreadable files
        raise BoundaryError(path, [f"not a vector file GeoPandas can read ({type(error).__name__})"]) from error
    if frame.empty or "geometry" not in frame or frame.geometry.isna().all():
        raise BoundaryError(path, ["the file holds no features with geometry"])
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryError(path, ["the file has no coordinate reference system and is not in degrees"])
        frame = frame.set_crs(4326)
    return frame.to_crs(4326)


def match_features(frame: gpd.GeoDataFrame, matcher: RegencyMatcher, path: Path) -> dict[str, int]:
    """BPS code -> row position of the feature drawn for it; raises `BoundaryError` listing every problem."""
    code_column = _column(frame, CODE_COLUMNS)
    name_column = _column(frame, NAME_COLUMNS)
    kind_column = _column(frame, KIND_COLUMNS)
    province_column = _column(frame, PROVINCE_COLUMNS)
    if code_column is None and name_column is None:
        columns = ", ".join(c for c in frame.columns if c != "geometry") or "none"
        raise BoundaryError(path, [f"no regency code or name column found (columns: {columns})"])

    problems: list[str] = []
    matched: dict[str, int] = {}
    centres = frame.geometry.representative_point()
    for position, row in enumerate(frame.itertuples(index=False)):
        values = row._asdict()
        label = _label(values, code_column, name_column, position)
        if province_column and normalise(values[province_column]) not in ("", "jambi"):
            problems.append(f"feature {label} is in {values[province_column]}, outside Jambi")
            continue
        if not JAMBI_EXTENT.contains(centres.iloc[position]):
            problems.append(f"feature {label} lies outside Jambi")
            continue
        code = matcher.by_code(values[code_column]) if code_column else None
        if code is None and name_column:
            kind = _kind(values[kind_column]) if kind_column else None
            code = matcher.by_name(values[name_column], kind)
        if code is None:
            problems.append(f"feature {label} matches no Jambi regency")
        elif code in matched:
            first = _label(frame.iloc[matched[code]].to_dict(), code_column, name_column, matched[code])
            problems.append(f"{matcher.regencies[code].name} appears twice: features {first} and {label}")
        else:
            matched[code] = position
    missing = [matcher.regencies[c].name for c in matcher.regencies if c not in matched]
    if missing:
        problems.append("no feature for " + ", ".join(missing))
    if problems:
        raise BoundaryError(path, problems)
    return matched


def _label(values: dict, code_column: str | None, name_column: str | None, position: int) -> str:
    parts = [str(values[c]) for c in (code_column, name_column) if c and not pd.isna(values.get(c))]
    return f"#{position + 1} ({' / '.join(parts)})" if parts else f"#{position + 1}"


def load_boundaries(path: Path | None = None) -> Boundaries:
    """Read, check, reproject and simplify a boundary file; raise `BoundaryError` if it cannot serve."""
    path = Path(path or boundaries_path())
    frame = read_vector(path)
    matcher = reference.regency_matcher()
    matched = match_features(frame, matcher, path)
    code_column, name_column = _column(frame, CODE_COLUMNS), _column(frame, NAME_COLUMNS)
    positions = sorted(matched.values())
    shapes = dict(zip(positions, _simplified(frame.geometry.iloc[positions]), strict=True))
    features = []
    for code, position in sorted(matched.items()):
        geometry = json.loads(shapely.to_geojson(shapes[position]))
        features.append({"type": "Feature", "id": code, "properties": {"name": matcher.regencies[code].name},
                         "geometry": geometry})
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
