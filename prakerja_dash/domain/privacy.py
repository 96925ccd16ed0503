"""Disclosure control: every published count is perturbed by the cell key method, and nothing
computed over fewer than K alumni is published as a number.

The cell key method (Fraser & Wooton 2005; ABS TableBuilder, the ONS and Eurostat use it):
- every alumnus has a fixed random record key from 0 to 255 (data/mart.sql);
- a cell's key is the sum of the record keys of the people in it, modulo 256;
- a fixed perturbation table maps the cell key to a small adjustment from -2 to +2.
The same set of people therefore always gets the same published count, whatever filters,
page or export reached it, and a difference of two published counts no longer gives a hidden
one. Applied on the server, before any value reaches a page, chart, table or file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from prakerja_dash import config

MeasureKind = Literal["count", "share", "per_1000", "median", "sum"]
KEY_RANGE = 256
# How often each adjustment is drawn (out of 256): mean 0, variance 1.6, never more than 2,
# so a published count of 100 or more is within 2 % of the truth.
ADJUSTMENT_WEIGHTS = {-2: 38, -1: 51, 0: 78, 1: 51, 2: 38}
# The table in a fixed shuffled order: cells whose keys are close (one person apart) get
# unrelated adjustments.
PERTURBATION_TABLE = np.array(
    random.Random(20240919).sample([a for a, w in ADJUSTMENT_WEIGHTS.items() for _ in range(w)], KEY_RANGE))
MEDIAN_STEP = 50_000  # medians of rupiah amounts are rounded to Rp 50 rb
METHOD = ("cell key method: counts adjusted by -2 to +2 from a fixed table keyed on the people in each cell; "
          "counts, shares, medians and sums over fewer than K alumni withheld; medians rounded to Rp 50.000")


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


def key_column(count_column: str) -> str:
    """The column holding the cell key of a count column: n_women -> ck_women."""
    return "ck_" + count_column.removeprefix("n_")


def adjustment(cell_keys: pd.Series) -> pd.Series:
    return pd.Series(PERTURBATION_TABLE[cell_keys.to_numpy(dtype="int64") % KEY_RANGE], index=cell_keys.index)


def perturb(counts: pd.Series, cell_keys: pd.Series) -> pd.Series:
    """Published counts: the true count plus its cell's adjustment, never below 1 for a
    non-empty cell; an empty cell stays 0."""
    counts = counts.astype("float64")
    adjusted = (counts + adjustment(cell_keys)).clip(lower=1)
    return adjusted.where(counts > 0, 0.0)


def _published_count(frame: pd.DataFrame, column: str) -> pd.Series:
    """A count column as published: perturbed when the query gave its cell key."""
    counts = frame[column].astype("float64")
    keys = key_column(column)
    return perturb(counts, frame[keys]) if keys in frame.columns else counts


def publish(frame: pd.DataFrame, measures: Sequence[Measure], k: int | None = None,
            keep: Sequence[str] = ()) -> pd.DataFrame:
    """The publishable form of a query result.

    For each measure: `<key>` (the value, or NA when suppressed), `<key>_n` (the alumni
    behind it, or NA when that count is itself small) and `<key>_suppressed`. Counts are
    perturbed first; a share is computed from perturbed counts and suppressed when its base
    is under K, and also when its numerator is a small count. A median is rounded to
    MEDIAN_STEP; a sum gets the adjustment of the people behind it, scaled by their mean.
    Raw count and cell-key columns are not passed on; `keep` names label columns to carry over.
    (Computed on plain arrays: every page, API answer and phone page of a new selection runs it
    for each of its tables.)
    """
    k = config.min_cell() if k is None else k
    published: dict[str, np.ndarray] = {}

    def true_count(column: str) -> np.ndarray:
        return frame[column].to_numpy(dtype="float64", na_value=np.nan)

    def published_count(column: str) -> np.ndarray:
        if column not in published:
            counts, keys = true_count(column), key_column(column)
            if keys in frame.columns:
                adjusted = np.maximum(counts + PERTURBATION_TABLE[frame[keys].to_numpy(dtype="int64") % KEY_RANGE], 1)
                counts = np.where(counts > 0, adjusted, 0.0)
            published[column] = counts
        return published[column]

    def small(n: np.ndarray) -> np.ndarray:
        return (n > 0) & (n < k)  # a count from 1 to K-1 (is_small_count); zero identifies no one

    columns: dict[str, object] = {name: frame[name] for name in keep}
    for measure in measures:
        true_base, base = true_count(measure.base_column), published_count(measure.base_column)
        # hidden when either the true or the adjusted count is small: nothing is computed over
        # fewer than K people, and no count under K is ever shown
        small_count = small(base) | small(true_base)
        small_base = (base < k) | (true_base < k)
        if measure.kind == "count":
            suppressed, value = small_count, base
        elif measure.kind in ("share", "per_1000"):
            numerator = published_count(measure.column)
            suppressed = small_base | small(numerator) | small(true_count(measure.column))
            with np.errstate(divide="ignore", invalid="ignore"):
                value = numerator / np.where(base > 0, base, np.nan)
            value = value * 1000 if measure.kind == "per_1000" else np.minimum(value, 1.0)
        elif measure.kind == "median":
            suppressed = small_base
            value = np.round(true_count(measure.column) / MEDIAN_STEP) * MEDIAN_STEP
        else:  # a sum over the people counted in `base`
            suppressed = small_base
            value = _perturbed_sum(frame, measure).to_numpy(dtype="float64", na_value=np.nan)
        columns[measure.key] = np.where(suppressed, np.nan, value)
        columns[f"{measure.key}_n"] = np.where(small_count, np.nan, base)
        columns[f"{measure.key}_suppressed"] = suppressed.astype(bool)
    return pd.DataFrame(columns, index=frame.index)


def _perturbed_sum(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    total = frame[measure.column].astype("float64")
    people = frame[measure.base_column].astype("float64")
    keys = key_column(measure.base_column)
    if keys not in frame.columns:
        return total
    # the adjustment of the people's own count, in units of their mean: the published sum and
    # count keep the true mean, so together they tell no more than the count alone
    mean = total / people.where(people > 0)
    return (total + (adjustment(frame[keys]) * mean).fillna(0)).round().clip(lower=0)
