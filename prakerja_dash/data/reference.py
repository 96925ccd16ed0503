"""The committed reference tables (data/*.csv), read once."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from prakerja_dash.config import REFERENCE_DIR
from prakerja_dash.domain.regency_names import Regency, RegencyMatcher


def read_csv(name: str, reference_dir: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    with open(reference_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def regencies() -> tuple[Regency, ...]:
    return tuple(
        Regency(row["bps_code"], row["kemendagri_code"], row["name"], row["kind"], tuple(row["aliases"].split("|")))
        for row in read_csv("regencies.csv")
    )


@cache
def regency_matcher() -> RegencyMatcher:
    return RegencyMatcher(regencies())
