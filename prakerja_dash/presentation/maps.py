"""Pure map builders: a map of any set of units (Jambi's regencies, a province's kabupaten/kota,
the 38 provinces) and the tile-grid stand-in of Jambi's.

The units are drawn as plain Plotly shapes (`go.Scatter` with `fill="toself"`) on equal axes:
everything, the names on the map included, is SVG that plotly.js draws by itself. The map
styles of `go.Choroplethmap` take their text glyphs from a font server and `go.Choropleth`
fetches its base map from a CDN, neither of which a gathering without internet can reach.

A click on a filled area gives Plotly no point, so each unit carries a grid of invisible
markers (its code as their customdata) that take the hover and the click.
Colours run light to dark blue with no grey in the scale; grey is kept for hidden values and
has its own legend entry.

The builders are key-agnostic: `code_column` names the frame's code column and `feature_code`
the boundary's (the feature `id`, or one of its properties), so BPS-keyed and Kemendagri-keyed
data draw alike as long as the two agree.

Names are placed for the narrowest drawing of the map (a phone's for the page, a 1280 x 720
projector's for the slide's larger type): inside their unit where the whole name fits, else beside it
with a line to it where there is room, else left out of the map (kept in the hover) with a legend
entry saying how many. A drawing as large or larger keeps them apart, since names keep their size
in pixels while the map grows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale
from shapely.geometry import box as rectangle
from shapely.ops import polylabel

from prakerja_dash.data.boundaries import Boundaries
from prakerja_dash.i18n import format_int, format_measure, plotly_separators, t
from prakerja_dash.presentation.charts import FONT_FAMILY, FONT_SIZE, SEQUENTIAL_SCALE, value_ticks

COLOUR_SCALE = SEQUENTIAL_SCALE  # light to dark blue: no grey anywhere in the scale
SUPPRESSED_COLOUR = "#bdbdbd"  # neutral grey, only ever for hidden (< K) values
SELECTED_OUTLINE = "#D55E00"
NAME_COLOUR, NAME_COLOUR_ON_DARK = "#111111", "white"
# Rough geography of Jambi for the tile grid: (row from the north, column from the west).
TILE_POSITIONS = {
    "15.09": (0, 2), "15.06": (0, 4), "15.07": (0, 5),
    "15.72": (1, 0), "15.08": (1, 1), "15.04": (1, 3), "15.05": (1, 4), "15.71": (1, 5),
    "15.01": (2, 0), "15.02": (2, 1), "15.03": (2, 2),
}
TILE_ROWS, TILE_COLUMNS = 3, 6
TILE_LABELS = {"15.01": "Kerinci", "15.02": "Merangin", "15.03": "Sarolangun", "15.04": "Batanghari",
               "15.05": "Muaro Jambi", "15.07": "Tanjab Timur", "15.06": "Tanjab Barat", "15.09": "Tebo",
               "15.08": "Bungo", "15.71": "Kota Jambi", "15.72": "Sungai Penuh"}
MAP_HEIGHT, MAP_BOTTOM = 500, 110  # px: the figure, and the colour bar and legend below the map
LABEL_SIZE = 13  # px: the names on the dashboard's map, on a phone too
# The plot area (width, height in px) of the narrowest drawing the names are placed for: the page's
# map on a 390 px phone, and the map slide at 1280 x 720 (its larger type, MAP_LABEL_SIZE of ui/slides;
# measured there: 909 x 512).
PHONE_PLOT = (350, MAP_HEIGHT - MAP_BOTTOM)
SLIDE_PLOT = (900, 500)
# A name's box, in em of its type: letters average 0.5 em in Source Sans and up to 0.6 in a wide
# fallback font (short names of round letters, "Bungo", measured in Chromium); a line takes 1.12 em and
# two 2.42; the room kept free around a name so that two never touch.
LETTER_WIDTH, LINE_HEIGHT, NAME_MARGIN = 0.6, 1.2, 0.3
NAME_WRAP = 12  # letters: a longer name is written on two lines
FRAME_MARGIN = 0.04  # of the map's span on each side: room for names beside the coast
RETRY_LEFT_OUT = 3  # names left out that get a second try, going first (Sungai Penuh on a phone)
HIT_MARKERS_ACROSS = 60  # invisible click markers across the map's larger span (0.07 degrees for Jambi)
# The short forms Indonesians write for provinces (Jabar, Kaltim, NTT), tried where the name does not
# fit; the six Papua provinces of 2022 have no settled ones.
SHORT_NAMES = {
    "Sumatera Utara": ("Sumut",), "Sumatera Barat": ("Sumbar",), "Sumatera Selatan": ("Sumsel",),
    "Kepulauan Bangka Belitung": ("Babel",), "Kepulauan Riau": ("Kepri",),
    "Daerah Khusus Ibukota Jakarta": ("Jakarta",), "DKI Jakarta": ("Jakarta",),
    "Daerah Istimewa Yogyakarta": ("DIY",), "DI Yogyakarta": ("DIY",),
    "Jawa Barat": ("Jabar",), "Jawa Tengah": ("Jateng",), "Jawa Timur": ("Jatim",),
    "Nusa Tenggara Barat": ("NTB",), "Nusa Tenggara Timur": ("NTT",),
    "Kalimantan Barat": ("Kalbar",), "Kalimantan Tengah": ("Kalteng",), "Kalimantan Selatan": ("Kalsel",),
    "Kalimantan Timur": ("Kaltim",), "Kalimantan Utara": ("Kaltara",),
    "Sulawesi Utara": ("Sulut",), "Sulawesi Tengah": ("Sulteng",), "Sulawesi Selatan": ("Sulsel",),
    "Sulawesi Tenggara": ("Sultra",), "Sulawesi Barat": ("Sulbar",), "Maluku Utara": ("Malut",),
}
MEASURE_KINDS = {"alumni": "count", "alumni_per_1000": "per_1000", "pct_now_employed": "share",
                 "pct_now_business": "share", "median_income_change": "median"}
FixedScale = Literal["province", "national"]
_NAME_PREFIXES = ((r"^Provinsi\s+", ""), (r"^Kabupaten(\s+Administrasi)?\s+", ""), (r"^Kab\.\s*", ""),
                  (r"^Kota\s+Administrasi\s+", "Kota "), (r"^Daerah\s+Khusus\s+Ibu\s?kota\s+", "DKI "),
                  (r"^Daerah\s+Istimewa\s+", "DI "))


def value_range(values: pd.Series) -> tuple[float, float]:
    """The colour range of a published measure (suppressed values ignored)."""
    shown = values.dropna()
    if shown.empty:
        return 0.0, 1.0
    low, high = float(shown.min()), float(shown.max())
    return (low, high) if high > low else (low - 0.5, high + 0.5)


def map_name(official: str) -> str:
    """The name written on the map: without Provinsi/Kabupaten (a Kota keeps its word, so Kota Jambi
    is not read as the province), and on two lines when long: 'Tanjung<br>Jabung Barat'."""
    name = official.strip()
    for pattern, replacement in _NAME_PREFIXES:
        name = re.sub(pattern, replacement, name, flags=re.IGNORECASE)
    words = name.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    splits = [lines for lines in splits if min(map(len, lines)) > 3]  # no line of "DI" or "DKI" alone
    if len(name) <= NAME_WRAP or not splits:
        return name
    first, second = min(splits, key=lambda lines: (max(map(len, lines)), len(lines[1])))
    return f"{first}<br>{second}"


def _hover(frame: pd.DataFrame, measure: str, lang: str, k: int, code_column: str = "regency_code",
           hidden: pd.Series | None = None) -> list[list[str]]:
    """[name, value, n, code] per row; "< K" for a hidden value or count; n is "" when the frame has
    no count for the measure (`<measure>_n`)."""
    kind = MEASURE_KINDS[measure]
    n_column = "alumni_n" if measure == "alumni_per_1000" else f"{measure}_n"
    rows = []
    for position, (_, row) in enumerate(frame.iterrows()):
        concealed = hidden is not None and bool(hidden.iloc[position])
        value = None if concealed else row[measure]
        n = row[n_column] if n_column in frame.columns and not concealed else None
        if n_column not in frame.columns:
            count = ""
        else:
            count = format_int(n, lang) if n is not None and pd.notna(n) else t("suppressed", lang, k=k)
        rows.append([
            row["name"],
            format_measure(kind, value, lang, k, signed=measure == "median_income_change"),
            count,
            row[code_column],
        ])
    return rows


def _colour_bar(frame: pd.DataFrame, measure: str, lang: str, colour_range: tuple[float, float],
                fixed_scale: FixedScale = "province", shown: pd.Series | None = None) -> dict:
    """A horizontal colour bar under the map, its title naming the measure and the scale in use:
    fitted to the values shown when it spans exactly them, else fixed (the province's or the nation's)."""
    kind = MEASURE_KINDS[measure]
    fitted = tuple(colour_range) == value_range(frame[measure] if shown is None else shown)
    scale = t("map_scale_legend_view" if fitted else f"map_scale_legend_{fixed_scale}", lang)
    title = f"{t(f'map_measure_{measure}', lang)}<br>{scale}"
    return {"title": {"text": title, "side": "top"}, "orientation": "h",
            "thickness": 16, "len": 0.9, "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top",
            **value_ticks(kind, list(colour_range), lang)}


def _outer_rings(geometry: dict) -> list[list[tuple[float, float]]]:
    """The outer ring of every polygon of a (Multi)Polygon; holes are covered by the unit drawn
    inside them (Kota Jambi inside Muaro Jambi), as the units are drawn largest first."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons]


def _joined(rings: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """x and y of `rings` as one line, a gap (NaN) between rings (Plotly fills each ring by itself).
    As float32 (about a metre at 141° east): Plotly sends a numpy array as packed binary, half the
    size of the numbers as text, and checks it at once."""
    points = [point for ring in rings for point in [*ring, (math.nan, math.nan)]]
    xy = np.asarray(points, dtype=np.float32)
    return xy[:, 0], xy[:, 1]


def _parts(shape) -> list:
    return list(getattr(shape, "geoms", [shape]))


def _hit_points(shape, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Invisible markers that carry a unit's hover and click (Plotly reports no point for a click on a
    filled area): the point farthest inside its largest part first, then a `step`° grid inside it, and
    a point in each island too small for the grid."""
    largest = max(_parts(shape), key=lambda part: part.area)
    centre = polylabel(largest, tolerance=step / 10)
    west, south, east, north = shape.bounds
    xs, ys = np.meshgrid(np.arange(west + step / 2, east, step), np.arange(south + step / 2, north, step))
    inside = shapely.contains_xy(shape, xs.ravel(), ys.ravel())
    points = [(centre.x, centre.y)] + list(zip(xs.ravel()[inside], ys.ravel()[inside], strict=True))
    for part in _parts(shape):
        if part.area > step * step / 8 and not shapely.contains_xy(part, xs.ravel(), ys.ravel()).any():
            point = part.representative_point()
            points.append((point.x, point.y))
    xy = np.asarray(points, dtype=np.float32)
    return xy[:, 0], xy[:, 1]


def _fill(value: float, colour_range: tuple[float, float]) -> tuple[str, float]:
    """The scale's colour for `value` and where it lies on the scale (0 to 1)."""
    low, high = colour_range
    position = min(max((value - low) / (high - low), 0.0), 1.0) if high > low else 0.5
    return sample_colorscale(COLOUR_SCALE, [position])[0], position


# --- where the names go -------------------------------------------------------------------------

@dataclass(frozen=True)
class NamePlace:
    """A unit's name on the map: its text's centre (x, y), and `points_to`, the point inside the unit
    its line leads to when the name is written beside the unit (None when it is written inside)."""

    code: str
    text: str
    x: float
    y: float
    points_to: tuple[float, float] | None = None


def name_box(text: str, x: float, y: float, em: float) -> shapely.Polygon:
    """The box a name written at (x, y) takes, in degrees, for type `em` degrees high."""
    lines = text.split("<br>")
    half_width = max(map(len, lines)) * LETTER_WIDTH * em / 2
    half_height = len(lines) * LINE_HEIGHT * em / 2
    return rectangle(x - half_width, y - half_height, x + half_width, y + half_height)


def map_frame(shapes: Sequence) -> tuple[float, float, float, float]:
    """The map's extent (west, south, east, north): the units' with FRAME_MARGIN of room around them."""
    west, south, east, north = shapely.total_bounds(np.asarray(shapes, dtype=object))
    margin = FRAME_MARGIN * max(east - west, north - south)
    return west - margin, south - margin, east + margin, north + margin


def em_degrees(frame: tuple[float, float, float, float], label_size: int, drawn_at: tuple[int, int]) -> float:
    """How many degrees a name's type is high when the map (equal axes) fills a plot of `drawn_at` px."""
    west, south, east, north = frame
    pixels_per_degree = min(drawn_at[0] / (east - west), drawn_at[1] / (north - south))
    return label_size / pixels_per_degree


def place_names(units: Sequence[tuple[str, str | tuple[str, ...], object]], em: float,
                frame: tuple[float, float, float, float]) -> tuple[list[NamePlace], list[str]]:
    """Where each unit's name goes, for type `em` degrees high: (the names placed, codes of units
    whose name is left out). `units` are (code, name or names, shape), larger first, and take their
    turn in that order, so that the names left out, if any, are those of the smallest units. A unit
    with several names (its name, then a short form: "Jawa Barat", "Jabar") is written by the first
    that fits inside it, else beside it by the first that finds room.

    A name goes inside its unit where the whole name fits clear of the names placed (the point
    farthest inside first, then points nearer the edge); else beside the unit, as near as there is
    room (a few em at most), over the sea where it can, with a line to it that crosses no other name
    or line; else it is left out. No name covers another unit's middle (where its own name goes).
    """
    units = [(code, (texts,) if isinstance(texts, str) else tuple(texts), shape) for code, texts, shape in units]
    spots = {}
    for code, texts, shape in units:
        middle = polylabel(max(_parts(shape), key=lambda p: p.area), em / 10)
        spots[code] = {text: _inside_spots(text, shape, middle, em) for text in texts}
    placed = _placed_in_turn(units, spots, em, frame)
    left_out = [code for code, _, _ in units if code not in placed]
    if 0 < len(left_out) <= RETRY_LEFT_OUT:  # a few names left out: another try, those going first
        again = _placed_in_turn(sorted(units, key=lambda unit: unit[0] not in left_out), spots, em, frame)
        placed = again if len(again) > len(placed) else placed
    return [placed[code] for code, _, _ in units if code in placed], [c for c, _, _ in units if c not in placed]


def _placed_in_turn(units: Sequence, spots: dict, em: float, frame: tuple[float, float, float, float]) -> dict:
    names = _Names(em, frame, units)
    for code, texts, _ in units:
        if any(spots[code][text] and names.inside(code, text, spots[code][text]) for text in texts):
            continue
        for text in texts:
            if names.beside(code, text):
                break
    return {place.code: place for place in names.placed}


def _inside_spots(text: str, shape, anchor, em: float, most: int = 150) -> list[tuple[float, float]]:
    """Centres (nearest the unit's middle first) where the whole name lies inside the unit."""
    west, south, east, north = shape.bounds
    probe = name_box(text, 0, 0, em)
    if probe.bounds[2] * 2 > east - west or probe.bounds[3] * 2 > north - south:
        return []
    step = em * 0.75
    xs, ys = np.meshgrid(np.arange(west, east, step), np.arange(south, north, step))
    xs, ys = np.concatenate([[anchor.x], xs.ravel()]), np.concatenate([[anchor.y], ys.ravel()])
    keep = shapely.contains_xy(shape, xs, ys)
    xs, ys = xs[keep], ys[keep]
    order = np.argsort((xs - anchor.x) ** 2 + (ys - anchor.y) ** 2)[:most]
    xs, ys = xs[order], ys[order]
    boxes = shapely.box(xs + probe.bounds[0], ys + probe.bounds[1], xs + probe.bounds[2], ys + probe.bounds[3])
    fits = shapely.contains(shape, boxes)
    return list(zip(xs[fits].tolist(), ys[fits].tolist(), strict=True))


# Directions to try a name beside its unit: right, left, below, above, then the diagonals and between.
_ANGLES = np.radians([0, 180, 270, 90, 315, 225, 45, 135, 337.5, 202.5, 292.5, 247.5, 22.5, 157.5, 67.5, 112.5])
_DX, _DY = np.round(np.cos(_ANGLES), 12), np.round(np.sin(_ANGLES), 12)
_BESIDE_DISTANCES = (0.4, 1.2, 2.2, 3.5)  # em between the unit's middle and the name's box


class _Names:
    """The names placed so far: their boxes grown by the room kept around them (west, south, east,
    north rows of an array, so that a candidate is checked against all at once) and their lines."""

    def __init__(self, em: float, frame: tuple[float, float, float, float], units: Sequence):
        self.em, self.gap, self.frame = em, NAME_MARGIN * em, frame
        self.anchors = {code: polylabel(max(_parts(shape), key=lambda p: p.area), tolerance=em / 10)
                        for code, _, shape in units}
        self.middles = np.array([(p.x, p.y) for p in self.anchors.values()]).reshape(-1, 2)
        self.land = _Land([shapely.simplify(shape, em / 4) for _, _, shape in units])
        self.placed: list[NamePlace] = []
        self.boxes = np.empty((0, 4))
        self.lines = np.empty(0, dtype=object)

    def _half(self, text: str) -> tuple[float, float]:
        box = name_box(text, 0, 0, self.em).bounds
        return box[2], box[3]

    def _clear(self, xs: np.ndarray, ys: np.ndarray, half: tuple[float, float], code: str) -> np.ndarray:
        """Which boxes centred at (xs, ys), grown by the gap, overlap no name placed and cover no other
        unit's middle."""
        west, east = xs - half[0] - self.gap, xs + half[0] + self.gap
        south, north = ys - half[1] - self.gap, ys + half[1] + self.gap
        boxes = self.boxes
        overlaps = ((west[:, None] < boxes[:, 2]) & (east[:, None] > boxes[:, 0])
                    & (south[:, None] < boxes[:, 3]) & (north[:, None] > boxes[:, 1])).any(axis=1)
        own = next(i for i, c in enumerate(self.anchors) if c == code)
        middles = np.delete(self.middles, own, axis=0)
        covers = ((west[:, None] < middles[:, 0]) & (east[:, None] > middles[:, 0])
                  & (south[:, None] < middles[:, 1]) & (north[:, None] > middles[:, 1])).any(axis=1)
        clear = ~overlaps & ~covers
        if len(self.lines) and clear.any():
            grown = shapely.box(west[clear], south[clear], east[clear], north[clear])
            clear[clear] = ~shapely.intersects(grown[:, None], self.lines[None, :]).any(axis=1)
        return clear

    def _take(self, place: NamePlace, half: tuple[float, float], line=None) -> None:
        self.placed.append(place)
        self.boxes = np.vstack([self.boxes, [place.x - half[0] - self.gap, place.y - half[1] - self.gap,
                                             place.x + half[0] + self.gap, place.y + half[1] + self.gap]])
        if line is not None:
            self.lines = np.append(self.lines, np.array([line], dtype=object))

    def inside(self, code: str, text: str, spots: list[tuple[float, float]]) -> bool:
        half = self._half(text)
        xs, ys = np.array(spots).T
        clear = np.flatnonzero(self._clear(xs, ys, half, code))
        if not len(clear):
            return False
        self._take(NamePlace(code, text, float(xs[clear[0]]), float(ys[clear[0]])), half)
        return True

    def beside(self, code: str, text: str) -> bool:
        """Write the name beside its unit with a line to its middle; False when there is no room."""
        anchor = self.anchors[code]
        half = self._half(text)
        west, south, east, north = self.frame
        for distance in _BESIDE_DISTANCES:
            # the box's nearest edge `distance` em from the middle, along each direction
            reach = np.minimum(np.divide(half[0], np.abs(_DX), out=np.full(len(_DX), np.inf), where=_DX != 0),
                               np.divide(half[1], np.abs(_DY), out=np.full(len(_DY), np.inf), where=_DY != 0))
            xs = anchor.x + _DX * (reach + distance * self.em)
            ys = anchor.y + _DY * (reach + distance * self.em)
            inside_frame = (xs - half[0] >= west) & (xs + half[0] <= east) & (ys - half[1] >= south) \
                & (ys + half[1] <= north)
            clear = inside_frame & self._clear(xs, ys, half, code)
            # the line from the middle to the box's edge crosses no name and no other line
            lines = np.array([shapely.LineString([(anchor.x, anchor.y), (x - dx * r, y - dy * r)])
                              for x, y, dx, dy, r in zip(xs, ys, _DX, _DY, reach, strict=True)], dtype=object)
            if clear.any() and len(self.boxes):
                boxes = shapely.box(*self.boxes.T)
                clear[clear] = ~shapely.intersects(lines[clear][:, None], boxes[None, :]).any(axis=1)
            if clear.any() and len(self.lines):
                clear[clear] = ~shapely.intersects(lines[clear][:, None], self.lines[None, :]).any(axis=1)
            if clear.any():
                best = min(np.flatnonzero(clear), key=lambda i: self.land.share_of(
                    name_box(text, xs[i], ys[i], self.em)))
                self._take(NamePlace(code, text, float(xs[best]), float(ys[best]), points_to=(anchor.x, anchor.y)),
                           half, lines[best])
                return True
        return False


class _Land:
    """How much of a box lies over the units (which do not overlap one another)."""

    def __init__(self, shapes: list):
        self.shapes = np.asarray(shapes, dtype=object)
        self.tree = shapely.STRtree(self.shapes)

    def share_of(self, box) -> float:
        near = self.tree.query(box, predicate="intersects")
        return float(shapely.area(shapely.intersection(self.shapes[near], box)).sum()) / box.area if len(near) else 0.0


# --- the map ------------------------------------------------------------------------------------

def _feature_code(feature: dict, feature_code: str) -> str:
    return str(feature["id"] if feature_code == "id" else feature["properties"][feature_code])


def choropleth_figure(frame: pd.DataFrame, geojson: dict, centre: tuple[float, float], measure: str, lang: str,
                      k: int, colour_range: tuple[float, float], selected: Collection[str] = (),
                      label_size: int = LABEL_SIZE, *, code_column: str = "regency_code", feature_code: str = "id",
                      drawn_at: tuple[int, int] | None = None, fixed_scale: FixedScale = "province") -> go.Figure:
    """The units of `geojson` drawn as plain filled shapes on equal axes, each named on the map where
    its name fits (see `place_names`); coloured by `measure`, hidden ones grey, marked "< K" and named in
    the legend. A unit is hidden when its value is missing, when the frame's `hidden` column (if any)
    says so, or when the frame has no row for it.

    `frame[code_column]` is matched to each feature's `feature_code` ("id" or a property, e.g. "kode").
    `drawn_at` is the plot size (px) of the narrowest drawing the names must stay apart in: by default a
    phone's for the page's type, a 1280 x 720 slide's for larger type. `fixed_scale` names a range
    that is not fitted to the values ("province" or "national") in the colour bar.

    Each trace's `meta` says what it is: "fill <code>", "hit <code>" (the click markers), "selected
    <code>", "names" (the names written inside, codes as customdata), "names left out" (a legend
    entry, its codes as customdata), "scale" (the colour bar); a name beside its unit is an annotation
    whose `name` is the unit's code. Everything is SVG drawn by Plotly itself: no tiles, fonts or topojson from the
    internet. `centre` is kept for callers.
    """
    del centre
    by_code = {_feature_code(f, feature_code): f for f in geojson["features"]}
    codes = frame[code_column].astype(str)
    if not set(codes) & set(by_code):
        raise ValueError(f"no value of {code_column!r} matches a feature's {feature_code!r}: "
                         f"{sorted(codes)[:3]} against {sorted(by_code)[:3]}")
    shapes = {code: shapely.make_valid(shapely.from_geojson(json.dumps(f["geometry"]))) for code, f in by_code.items()}
    shapely.prepare(list(shapes.values()))
    order = sorted(by_code, key=lambda code: -shapes[code].area)
    hidden_column = frame["hidden"].fillna(False).astype(bool) if "hidden" in frame.columns \
        else pd.Series(False, index=frame.index)
    hidden_rows = hidden_column | frame[measure].isna()
    values = dict(zip(codes, frame[measure].where(~hidden_rows), strict=True))
    hover_by_code = {row[3]: row for row in _hover(frame.assign(**{code_column: codes}), measure, lang, k,
                                                   code_column, hidden_rows)}
    names = dict(zip(codes, frame["name"], strict=True))

    extent = map_frame([shapes[c] for c in order])
    drawn_at = drawn_at or (PHONE_PLOT if label_size <= LABEL_SIZE else SLIDE_PLOT)
    em = em_degrees(extent, label_size, drawn_at)
    official = {c: str(names.get(c) or by_code[c]["properties"].get("name", c)) for c in order}
    places, left_out = place_names([(c, (map_name(official[c]), *SHORT_NAMES.get(official[c], ())), shapes[c])
                                    for c in order], em, extent)
    step = max(extent[2] - extent[0], extent[3] - extent[1]) / HIT_MARKERS_ACROSS

    fig = go.Figure()
    positions: dict[str, float] = {}
    hidden_in_legend = False
    for code in order:
        value = values.get(code)
        hidden = value is None or pd.isna(value)
        colour, positions[code] = (SUPPRESSED_COLOUR, 0.0) if hidden else _fill(float(value), colour_range)
        xs, ys = _joined(_outer_rings(by_code[code]["geometry"]))
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, line={"color": "white", "width": 1.5},
            hoverinfo="skip", name=t("map_hidden_legend", lang, k=k) if hidden else "", meta=f"fill {code}",
            showlegend=bool(hidden and not hidden_in_legend), legendgroup="hidden" if hidden else None))
        hidden_in_legend |= bool(hidden)
        hit_x, hit_y = _hit_points(shapes[code], step)
        name, shown, n, _ = hover_by_code.get(code, [names.get(code, code), t("suppressed", lang, k=k),
                                                     t("suppressed", lang, k=k), code])
        fig.add_trace(go.Scatter(
            x=hit_x, y=hit_y, mode="markers", marker={"size": 12, "opacity": 0},
            customdata=[code] * len(hit_x), showlegend=False, name="", meta=f"hit {code}",
            hovertemplate=f"<b>{name}</b><br>{shown}" + (f"<br>n = {n}" if n else "") + "<extra></extra>"))
    for code in selected:
        if code in by_code:
            xs, ys = _joined(_outer_rings(by_code[code]["geometry"]))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": SELECTED_OUTLINE, "width": 4},
                                     hoverinfo="skip", showlegend=False, name="", meta=f"selected {code}"))
    inside = [place for place in places if place.points_to is None]
    fig.add_trace(go.Scatter(
        x=[p.x for p in inside], y=[p.y for p in inside], mode="text", text=[p.text for p in inside],
        customdata=[p.code for p in inside], hoverinfo="skip", showlegend=False, name="", meta="names",
        textfont={"size": label_size, "family": FONT_FAMILY,
                  "color": [NAME_COLOUR_ON_DARK if positions[p.code] > 0.6 else NAME_COLOUR for p in inside]}))
    fig.update_layout(annotations=[  # at once: one by one, Plotly checks the whole list again each time
        {"x": place.points_to[0], "y": place.points_to[1], "ax": place.x, "ay": place.y, "axref": "x", "ayref": "y",
         "text": place.text, "name": place.code, "showarrow": True, "arrowhead": 0, "arrowwidth": 1.5,
         "arrowcolor": NAME_COLOUR, "bgcolor": "rgba(255,255,255,0.7)",
         "font": {"size": label_size, "color": NAME_COLOUR, "family": FONT_FAMILY}}
        for place in places if place.points_to is not None])
    if left_out:  # a legend entry: these names are only in the hover
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker={"color": "rgba(0,0,0,0)"},
                                 hoverinfo="skip", name=t("map_names_left_out", lang, count=len(left_out)),
                                 meta="names left out", customdata=left_out, showlegend=True))
    shown_values = pd.Series([v for v in values.values() if v is not None and pd.notna(v)], dtype=float)
    if not shown_values.empty:  # the colour bar: an invisible marker that only carries the scale
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False, name="", meta="scale",
            marker={"color": [colour_range[0]], "cmin": colour_range[0], "cmax": colour_range[1],
                    "colorscale": COLOUR_SCALE, "showscale": True,
                    "colorbar": _colour_bar(frame, measure, lang, colour_range, fixed_scale, shown_values)}))
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": MAP_BOTTOM}, height=MAP_HEIGHT, plot_bgcolor="white",
        paper_bgcolor="white", font={"size": FONT_SIZE, "family": FONT_FAMILY}, separators=plotly_separators(lang),
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": FONT_SIZE - 2}},
        clickmode="event+select", dragmode=False, hovermode="closest", uirevision=f"map {order[0]} {len(order)}",
    )
    west, south, east, north = extent
    fig.update_xaxes(visible=False, fixedrange=True, range=[west, east])
    # Equal axes: a degree of longitude is as long as one of latitude this close to the equator.
    fig.update_yaxes(visible=False, fixedrange=True, range=[south, north], scaleanchor="x", scaleratio=1)
    return fig


def national_figure(frame: pd.DataFrame, provinces: Boundaries, measure: str, lang: str, k: int,
                    colour_range: tuple[float, float], selected: Collection[str] = (),
                    label_size: int = LABEL_SIZE, drawn_at: tuple[int, int] | None = None) -> go.Figure:
    """The 38 provinces (`data.boundaries.national_boundaries()`), coloured by `frame[measure]`, its rows
    keyed by `region_code` (Kemendagri province code), with `name` and an optional `hidden` flag. A
    click gives the province's code, as the regency map's does (`selected_codes(points, codes)`)."""
    return choropleth_figure(frame, provinces.geojson, provinces.centre, measure, lang, k, colour_range, selected,
                             label_size, code_column="region_code", drawn_at=drawn_at, fixed_scale="national")


def province_figure(frame: pd.DataFrame, units: Boundaries, measure: str, lang: str, k: int,
                    colour_range: tuple[float, float], selected: Collection[str] = (),
                    label_size: int = LABEL_SIZE, drawn_at: tuple[int, int] | None = None,
                    code_column: str = "region_code") -> go.Figure:
    """One province's kabupaten/kota (`data.boundaries.province_boundaries(code)`), any province,
    coloured by `frame[measure]`, its rows keyed by Kemendagri code in `code_column`."""
    return choropleth_figure(frame, units.geojson, units.centre, measure, lang, k, colour_range, selected,
                             label_size, code_column=code_column, drawn_at=drawn_at)


def tile_grid_figure(frame: pd.DataFrame, measure: str, lang: str, k: int, colour_range: tuple[float, float],
                     selected: Collection[str] = (), code_column: str = "regency_code") -> go.Figure:
    """One equal tile per Jambi regency, placed roughly by geography, for when no boundary file is
    usable. `frame[code_column]` holds Kemendagri codes; a click gives the frame's own code.

    A heatmap draws the tiles (so they scale with the page) and an almost transparent marker
    on each tile carries the hover and the click.
    """
    rows = frame.assign(_tile=frame[code_column].astype(str)).set_index("_tile").loc[list(TILE_POSITIONS)].reset_index()
    kind = MEASURE_KINDS[measure]
    grid = [[None] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    grey = [[None] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    text = [[""] * TILE_COLUMNS for _ in range(TILE_ROWS)]
    for code, value in zip(rows["_tile"], rows[measure], strict=True):
        row, column = TILE_POSITIONS[code]
        label = TILE_LABELS[code].replace(" ", "<br>", 1)
        text[row][column] = f"{label}<br><b>{format_measure(kind, value, lang, k)}</b>"
        if pd.isna(value):
            grey[row][column] = 1
        else:
            grid[row][column] = value
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=grey, colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], showscale=False,
                             xgap=6, ygap=6, hoverinfo="skip"))
    fig.add_trace(go.Heatmap(
        z=grid, zmin=colour_range[0], zmax=colour_range[1], colorscale=COLOUR_SCALE, text=text,
        texttemplate="%{text}", textfont={"size": FONT_SIZE - 3}, xgap=6, ygap=6, hoverinfo="skip",
        colorbar=_colour_bar(frame, measure, lang, colour_range) | {"y": -0.05},
    ))
    grey_text = [[text[r][c] if grey[r][c] else "" for c in range(TILE_COLUMNS)] for r in range(TILE_ROWS)]
    transparent = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    fig.add_trace(go.Heatmap(z=grey, text=grey_text, texttemplate="%{text}", colorscale=transparent, showscale=False,
                             hoverinfo="skip", textfont={"size": FONT_SIZE - 3}))
    fig.add_trace(go.Scatter(
        x=[TILE_POSITIONS[c][1] for c in rows["_tile"]], y=[TILE_POSITIONS[c][0] for c in rows["_tile"]],
        mode="markers", marker={"symbol": "square", "size": 60, "opacity": 0.01, "color": "black"},
        customdata=_hover(rows, measure, lang, k, code_column),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>n = %{customdata[2]}<extra></extra>",
    ))
    for code in (c for c in selected if c in TILE_POSITIONS):
        row, column = TILE_POSITIONS[code]
        fig.add_shape(type="rect", x0=column - 0.5, x1=column + 0.5, y0=row - 0.5, y1=row + 0.5,
                      line={"color": SELECTED_OUTLINE, "width": 5})
    fig.update_layout(
        height=440, margin={"l": 10, "r": 10, "t": 10, "b": 80}, plot_bgcolor="white", showlegend=False,
        font={"size": FONT_SIZE, "family": FONT_FAMILY}, clickmode="event+select", uirevision="jambi-tiles",
        separators=plotly_separators(lang),
    )
    fig.update_xaxes(visible=False, range=[-0.5, TILE_COLUMNS - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[TILE_ROWS - 0.5, -0.5], fixedrange=True)
    return fig


def footnote(measure: str, lang: str, k: int) -> str:
    """The map's footnote: the base of a starred measure (only for those), grey, and the click."""
    parts = [t("map_footnote_base", lang)] if t(f"map_measure_{measure}", lang).endswith("*") else []
    parts += [t("map_footnote_hidden", lang, k=k), t("map_footnote_click", lang)]
    return " ".join(parts)


def selected_codes(points: list[dict], codes: Collection[str] = tuple(TILE_POSITIONS)) -> tuple[str, ...]:
    """Codes of the units a click or lasso selected on any map (the shapes' markers carry the code as
    their customdata, the tiles' as its fourth item), among `codes`: Jambi's BPS codes by default, or
    the codes the map was drawn with (the 38 provinces', a province's kabupaten/kota)."""
    def code(point: dict) -> object:
        data = point.get("customdata")
        return point.get("location") or (data if isinstance(data, str) else (data or [None] * 4)[3])

    known = set(codes)
    return tuple(sorted(c for c in {code(p) for p in points} if isinstance(c, str) and c in known))


def regency_figure(frame: pd.DataFrame, boundaries: Boundaries | None, measure: str, lang: str, k: int,
                   colour_range: tuple[float, float], selected: Collection[str] = (),
                   label_size: int = LABEL_SIZE, *, code_column: str = "regency_code", feature_code: str = "id",
                   drawn_at: tuple[int, int] | None = None) -> go.Figure:
    """Jambi's regencies over the boundary file, or the tile grid when there is no usable file.
    `load_boundaries` keys features by BPS code (`feature_code="id"`) and by Kemendagri code
    (`feature_code="kode"`): pass the one `frame[code_column]` holds."""
    if boundaries is None:
        return tile_grid_figure(frame, measure, lang, k, colour_range, selected, code_column)
    return choropleth_figure(frame, boundaries.geojson, boundaries.centre, measure, lang, k, colour_range, selected,
                             label_size, code_column=code_column, feature_code=feature_code, drawn_at=drawn_at)
