"""The regions table (data/regions.csv): 38 provinces and 514 kabupaten/kota, read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.data.reference import read_csv
from prakerja_dash.domain.regions import Region, RegionIndex


def read_regions(reference_dir: Path = REFERENCE_DIR) -> tuple[Region, ...]:
    return tuple(
        Region(row["kemendagri_code"], row["bps_code"] or None, row["level"], row["kind"], row["name"],
               row["short_name"], row["province_code"], tuple(a for a in row["aliases"].split("|") if a))
        for row in read_csv("regions.csv", reference_dir)
    )


@cache
def region_index() -> RegionIndex:
    return RegionIndex(read_regions())
