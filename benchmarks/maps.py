"""What a map costs: building the figure (median of a few runs, after the boundary file is read) and
its JSON on the wire (plain and gzipped), for the national map, a few provinces' and Jambi's
regency map, with the names placed for a phone (the page's default) and for a laptop.

    python -m benchmarks.maps [--runs 5]

Targets (issue #21): national map on the wire at most 1 MB, a province's at most 150 KB, building
well under 1.5 s.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time

import numpy as np
import pandas as pd
import plotly.io as pio

from prakerja_dash.data import boundaries
from prakerja_dash.domain.regions import region_index
from prakerja_dash.presentation import maps

LAPTOP_PLOT = (840, maps.PHONE_PLOT[1])  # the map column of a 1280 px page
MAPS = (("national", "38 provinces"), ("32", "Jawa Barat"), ("35", "Jawa Timur (38 units, the most)"),
        ("94", "Papua Tengah"), ("15", "Jambi, Kemendagri keys"))


def values(geojson: dict) -> pd.DataFrame:
    codes = [f["id"] for f in geojson["features"]]
    counts = np.random.default_rng(1).integers(5, 500_000, len(codes)).astype(float)
    return pd.DataFrame({"region_code": codes, "name": [region_index()[c].name for c in codes], "alumni": counts,
                         "hidden": counts < 10})


def measure(label: str, runs: int, build, *args, **options) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        figure = build(*args, **options)
        times.append(time.perf_counter() - start)
    wire = pio.to_json(figure, validate=False).encode()
    left_out = next((len(t.customdata) for t in figure.data if t.meta == "names left out"), 0)
    print(f"{label:<48} build {statistics.median(times) * 1000:7.0f} ms (max {max(times) * 1000:5.0f})"
          f"   JSON {len(wire) / 1000:6.0f} KB, gzipped {len(gzip.compress(wire)) / 1000:5.0f} KB"
          f"   names left out {left_out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    for code, name in MAPS:
        start = time.perf_counter()
        shapes = boundaries.national_boundaries() if code == "national" else boundaries.province_boundaries(code)
        print(f"{name}: boundary file read in {(time.perf_counter() - start) * 1000:.0f} ms")
        frame = values(shapes.geojson)
        build = maps.national_figure if code == "national" else maps.province_figure
        for where, drawn_at in (("phone", None), ("laptop", LAPTOP_PLOT)):
            measure(f"  {name}, names for a {where}", runs, build, frame, shapes, "alumni", "id", 10,
                    maps.value_range(frame["alumni"]), drawn_at=drawn_at)
    jambi = boundaries.load_boundaries()  # the regency map as the page draws it today (BPS keys)
    frame = pd.DataFrame({"regency_code": [f["id"] for f in jambi.geojson["features"]],
                          "name": [f["properties"]["name"] for f in jambi.geojson["features"]],
                          "alumni": np.linspace(500, 40_000, len(jambi.geojson["features"]))})
    for label, size in (("page, names for a phone", maps.LABEL_SIZE), ("slide, 24 px names", 24)):
        measure(f"Jambi regency map ({label})", runs, maps.regency_figure, frame, jambi, "alumni", "id", 10,
                maps.value_range(frame["alumni"]), label_size=size)


if __name__ == "__main__":
    main()
