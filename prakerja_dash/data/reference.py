"""The committed reference tables (data/*.csv), read once."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import duckdb

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.domain.regency_names import Regency, RegencyMatcher
from prakerja_dash.domain.regions import read_regions


def read_csv(name: str, reference_dir: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    with open(reference_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


POPULATION_SOURCE = "Dukcapil Kemendagri, Semester II Desember 2024"


def region_rows() -> list[tuple]:
    """The rows of the `regions` table (data/schema.sql): every region of data/regions.csv, with
    capital, area and population where data/regencies.csv gives them (Jambi's 11)."""
    details = {row["kemendagri_code"]: row for row in read_csv("regencies.csv")}
    rows = []
    for region in read_regions():
        extra = details.get(region.kemendagri_code)
        rows.append((
            region.kemendagri_code, region.bps_code, region.level, region.kind, region.name, region.short_name,
            region.province_code, list(region.aliases),
            extra["capital"] if extra else None,
            float(extra["area_km2"]) if extra else None,
            int(extra["population"]) if extra else None,
            int(extra["population_year"]) if extra else None,
            POPULATION_SOURCE if extra else None,
        ))
    return rows


def insert_regions(con: duckdb.DuckDBPyConnection) -> None:
    con.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", region_rows())


@cache
def regencies() -> tuple[Regency, ...]:
    return tuple(
        Regency(row["bps_code"], row["kemendagri_code"], row["name"], row["kind"], tuple(row["aliases"].split("|")))
        for row in read_csv("regencies.csv")
    )


@cache
def regency_matcher() -> RegencyMatcher:
    return RegencyMatcher(regencies())
