#!/usr/bin/env python3
"""The attack rates of docs/privacy.md on any database, by hand outside CI (tests/test_disclosure.py
runs the same routes on the 20,000-row test database and asserts them):

    python -m prakerja_dash build-demo --rows 200000 --seed 7 --db /tmp/demo200k.duckdb
    python3 scripts/disclosure_rates.py /tmp/demo200k.duckdb

- count and sum: the business counts and their jobs, per size band and in total, over a few
  hundred filters; the best guess of the count from the count alone and from both;
- two downloads: rows joined one to one on every shared column but the id;
- medians: waves 1..w against 1..w+1 of a regency and category, one earning person apart,
  guessing that person's change rounded to Rp 50.000.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prakerja_dash.data import queries  # noqa: E402
from prakerja_dash.domain import metrics  # noqa: E402
from prakerja_dash.domain.filters import Filters  # noqa: E402
from prakerja_dash.export import content  # noqa: E402
from tests.test_disclosure import (  # noqa: E402
    SUM_BOUNDS,
    business_cases,
    candidate_counts,
    one_to_one_links,
    sum_fits,
)

K = 10
PAIRS = {"same view twice": (Filters(), Filters()),
         "Kota Jambi and its women": (Filters(regencies=("15.71",)), Filters(regencies=("15.71",), gender="P")),
         "waves 1-47 and years 2021-2023": (Filters(waves=(1, 47)), Filters(years=(2021, 2023)))}


def count_and_sum(con: duckdb.DuckDBPyConnection) -> None:
    alone, together, single, belief_alone, belief_together = [], [], [], [], []
    for f in business_cases():
        raw, counts = queries.business_size(con, f), queries.kpi_counts(con, f)
        bands, kpis = metrics.business_sizes(raw, K), metrics.kpis(counts, K)
        cells = list(zip([SUM_BOUNDS[b] for b in raw["employees_band"]], bands["businesses"], bands["jobs_created"],
                         raw["n_businesses"], strict=True))
        cells.append(((0, None), kpis["businesses_started"].iloc[0], kpis["jobs_created"].iloc[0],
                      counts["n_businesses_started"].iloc[0]))
        for bounds, count, jobs, truth in cells:
            if pd.isna(count) or pd.isna(jobs):
                continue
            weights = candidate_counts(count)
            left = {n: w for n, w in weights.items() if sum_fits(jobs, n, int(count) - n, bounds)}
            alone.append(max(weights, key=lambda n: (weights[n], -abs(n - count))) == truth)
            together.append(max(left, key=lambda n: (left[n], -abs(n - count))) == truth)
            single.append(len(left) == 1)
            belief_alone.append(weights[truth] / sum(weights.values()))
            belief_together.append(left[truth] / sum(left.values()))
    print(f"count and sum, {len(alone)} cells: best guess right {100 * np.mean(alone):.1f} % from the count, "
          f"{100 * np.mean(together):.1f} % with the sum; one count left in {sum(single)} cells; belief in the "
          f"truth {np.mean(belief_alone):.3f} -> {np.mean(belief_together):.3f}")


def downloads(con: duckdb.DuckDBPyConnection) -> None:
    for name, (first, second) in PAIRS.items():
        a, b = (content.alumni_rows(con, f, K, key).read_all().to_pandas().astype(str)
                for f, key in ((first, "a"), (second, "b")))
        links = one_to_one_links(a, b)
        print(f"two downloads, {name}: {links} of {min(len(a), len(b))} rows join one to one "
              f"({100 * links / min(len(a), len(b)):.2f} %); rows {len(a)} of "
              f"{int(queries.kpi_counts(con, first).iloc[0]['n_alumni'])}")


def medians(con: duckdb.DuckDBPyConnection) -> None:
    people = con.execute("SELECT regency_code::VARCHAR AS r, category_id::VARCHAR AS c, wave, income_change_rp "
                         "FROM alumni_outcomes WHERE surveyed AND income_after_rp > 0").df()
    people["step"] = np.floor(people["income_change_rp"] / 50_000 + 0.5) * 50_000
    published = {}
    for last in range(1, 72):
        raw = queries.outcomes_by(con, Filters(waves=(1, last)), "regency", "category")
        medians = metrics.groups(raw, K)["median_income_change"]
        for r, c, n, m in zip(raw["group_key"], raw["group_key_2"], raw["n_earning_after"], medians, strict=True):
            published[(r, c, last)] = (int(n), m)
    hits = near = tried = 0
    for (r, c, last), (n1, m1) in published.items():
        n2, m2 = published.get((r, c, last + 1), (None, None))
        if n2 is None or n2 - n1 != 1 or pd.isna(m1) or pd.isna(m2):
            continue
        added = people[(people.r == r) & (people.c == c) & (people.wave == last + 1)]
        if len(added) != 1:
            continue
        truth, guess = added["step"].iloc[0], 2 * m2 - m1 if n1 % 2 else m2
        tried, hits, near = tried + 1, hits + (guess == truth), near + (abs(guess - truth) <= 50_000)
    blind = people["step"].value_counts(normalize=True).iloc[0]
    print(f"medians, {tried} pairs one earning person apart: that person's change exact {hits} times "
          f"({100 * hits / max(tried, 1):.1f} %), within Rp 50.000 {near} ({100 * near / max(tried, 1):.1f} %); "
          f"the most common change guessed blindly: {100 * blind:.1f} %")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    con = duckdb.connect(argv[0], read_only=True)
    count_and_sum(con)
    downloads(con)
    medians(con)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
