"""Disclosure control: nothing computed over fewer than K alumni is published as a number.

Applied on the server, before any value reaches a page, chart, table or file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from prakerja_dash import config

MeasureKind = Literal["count", "share", "per_1000", "median", "sum"]


@dataclass(frozen=True)
class Measure:
    """A published number: `column` of the query result, over the alumni counted in `base`.

    For a share (or a rate per 1,000), `column` is the numerator count and `base` the
    denominator; for a count, the count is its own base.
    """

    key: str
    kind: MeasureKind
    column: str
    base: str | None = None

    @property
    def base_column(self) -> str:
        return self.base or self.column


def is_small_count(n: float, k: int) -> bool:
    """A count from 1 to K-1. Zero is published: it identifies no one."""
    return 0 < n < k


def publish(frame: pd.DataFrame, measures: Sequence[Measure], k: int | None = None,
            keep: Sequence[str] = ()) -> pd.DataFrame:
    """The publishable form of a query result.

    For each measure: `<key>` (the value, or NA when suppressed), `<key>_n` (the alumni
    behind it, or NA when that count is itself small) and `<key>_suppressed`. A share is
    suppressed when its base is under K, and also when its numerator is a small count,
    which base × share would otherwise reveal. Raw count columns are not passed on;
    `keep` names label columns to carry over.
    """
    k = config.min_cell() if k is None else k
    out = frame[list(keep)].copy()
    for measure in measures:
        base = frame[measure.base_column].astype("float64")
        small_base = base < k
        if measure.kind == "count":
            suppressed = base.map(lambda n: is_small_count(n, k))
            value = base
        elif measure.kind in ("share", "per_1000"):
            numerator = frame[measure.column].astype("float64")
            suppressed = small_base | numerator.map(lambda n: is_small_count(n, k))
            value = numerator / base.where(base > 0) * (1000 if measure.kind == "per_1000" else 1)
        else:
            suppressed = small_base
            value = frame[measure.column].astype("float64")
        out[measure.key] = value.mask(suppressed)
        out[f"{measure.key}_n"] = base.mask(base.map(lambda n: is_small_count(n, k)))
        out[f"{measure.key}_suppressed"] = suppressed.astype(bool)
    return out
