"""Benchmark: the Overview's query set after a filter change, DuckDB against a pandas baseline.

The database is built in a child process and the pandas baseline runs in another, so the
peak RSS reported for DuckDB is that of a process doing only what the dashboard does. The
baseline reads the base tables (alumni, trainings, business_outcomes) and joins them in
pandas, sharing nothing with the derived tables (data/mart.sql): their agreement checks
the mart and the queries, not the mart against itself.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from prakerja_dash.data import db, demo, queries
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.privacy import MEDIAN_STEP

# What officials click through: one regency, a period and a gender, a course type and a
# status, an age band and schooling, two regencies over recent years.
FILTER_CHANGES = (
    Filters(regencies=("15.71",)),
    Filters(waves=(20, 70), gender="P"),
    Filters(categories=("makanan",), statuses=("tidak_bekerja",)),
    Filters(age_bands=("18-25",), education=("sma",)),
    Filters(regencies=("15.01", "15.72"), years=(2022, 2024)),
    Filters(province="15", years=(2023, 2024)),  # a province (all of Indonesia's drill-down)
)
AGE_BAND_EDGES = ((25, "18-25"), (35, "26-35"), (45, "36-45"), (55, "46-55"), (200, "56+"))  # inclusive upper ages


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # ru_maxrss is in KiB on Linux


def _build(path: str, rows: int, national: bool) -> float:
    return demo.build_demo(Path(path), rows=rows, national=national)


def time_duckdb(path: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds of the Overview's one query (its KPIs, trend and categories) per filter change."""
    con = db.connect(path, read_only=True)
    queries.overview(con, Filters())  # warm the buffer pool once, as a running dashboard has
    timings: dict[str, list[float]] = {"overview set": []}
    for run in range(repeat):
        started = time.perf_counter()
        queries.overview(con, FILTER_CHANGES[run % len(FILTER_CHANGES)])
        timings["overview set"].append(time.perf_counter() - started)
    con.close()
    return timings


def _mask(frame: pd.DataFrame, f: Filters) -> np.ndarray:
    mask = frame["wave"].between(*f.waves).to_numpy() & frame["year"].between(*f.years).to_numpy()
    for column, selected in (("regency_code", f.regencies), ("age_band", f.age_bands),
                             ("education", f.education), ("category_id", f.categories),
                             ("status_before", f.statuses), ("gender", (f.gender,) if f.gender else ())):
        if selected:
            mask &= frame[column].isin(selected).to_numpy()
    if f.province:
        mask &= frame["regency_code"].str.startswith(f.province + ".").to_numpy()
    return mask


def pandas_overview(frame: pd.DataFrame, f: Filters) -> dict[str, object]:
    """The same numbers as the Overview query, computed with pandas in memory."""
    rows = frame[_mask(frame, f)]
    idle = (rows["status_before"] == "tidak_bekerja").to_numpy()
    surveyed = rows["surveyed"].to_numpy()
    employed = (rows["status_after"] == "pekerja").to_numpy()
    business = (rows["status_after"] == "wirausaha").to_numpy()
    earning = surveyed & (rows["income_after_rp"].to_numpy() > 0)
    started = rows["started_business"].to_numpy()
    # the published median's definition: changes rounded to the nearest step, halves upwards
    changes = np.floor(rows["income_change_rp"].to_numpy()[earning] / MEDIAN_STEP + 0.5) * MEDIAN_STEP
    kpis = {
        "n_alumni": len(rows),
        "n_women": int((rows["gender"] == "P").sum()),
        "n_age_18_35": int((rows["age"] <= 35).sum()),
        "n_not_working": int(idle.sum()),
        "n_not_working_surveyed": int((idle & surveyed).sum()),
        "n_now_employed": int((idle & employed).sum()),
        "n_now_business": int((idle & business).sum()),
        "n_earning_after": int(earning.sum()),
        "median_income_change": float(np.median(changes)) if len(changes) else None,
        "n_businesses_started": int(started.sum()),
        "jobs_created": int(rows["employees"].to_numpy()[started].sum()),
    }
    counts = pd.DataFrame({
        "wave": rows["wave"].to_numpy(), "category_id": rows["category_id"].to_numpy(), "n_alumni": 1,
        "n_not_working_surveyed": idle & surveyed, "n_now_employed": idle & employed, "n_now_business": idle & business,
    })
    measures = ["n_alumni", "n_not_working_surveyed", "n_now_employed", "n_now_business"]
    by_wave = counts.groupby("wave", observed=True)[measures].sum()
    by_category = counts.groupby("category_id", observed=True)[measures].sum().sort_values("n_alumni", ascending=False)
    return {"kpis": kpis, "by_wave": by_wave, "by_category": by_category}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """ENUM columns arrive as categoricals; compare them as text."""
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame


def base_frame(con) -> pd.DataFrame:
    """One row per alumnus from the base tables alone, joined and derived in pandas."""
    alumni = _plain(con.execute(
        "SELECT alumni_id, regency_code, wave, year, gender, age, education, status_before, training_id FROM alumni"
    ).df())
    trainings = con.execute("SELECT training_id, category_id FROM trainings").df()
    survey = _plain(con.execute(
        "SELECT alumni_id, status_after, started_business, employees, income_before_rp, income_after_rp"
        " FROM business_outcomes"
    ).df())
    frame = alumni.merge(trainings, on="training_id", how="inner")
    frame = frame.merge(survey, on="alumni_id", how="left", indicator=True)
    frame["surveyed"] = (frame.pop("_merge") == "both").to_numpy()
    frame = frame.drop(columns=["alumni_id", "training_id"])
    frame["started_business"] = frame["started_business"].astype("boolean").fillna(False).astype(bool)
    frame["employees"] = frame["employees"].fillna(0).astype("int64")
    frame["income_change_rp"] = frame["income_after_rp"] - frame["income_before_rp"]
    ages = frame["age"].to_numpy()
    frame["age_band"] = np.select([ages <= upper for upper, _ in AGE_BAND_EDGES[:-1]],
                                  [band for _, band in AGE_BAND_EDGES[:-1]], default=AGE_BAND_EDGES[-1][1])
    return frame


def _time_pandas(path: str, repeat: int) -> tuple[dict[str, list[float]], float, list[dict[str, object]]]:
    con = db.connect(Path(path), read_only=True)
    con.execute("SET enable_progress_bar = false")
    frame = base_frame(con)
    con.close()
    pandas_overview(frame, Filters())
    timings: dict[str, list[float]] = {"overview set": []}
    for run in range(repeat):
        filters = FILTER_CHANGES[run % len(FILTER_CHANGES)]
        started = time.perf_counter()
        pandas_overview(frame, filters)
        timings["overview set"].append(time.perf_counter() - started)
    checks = [pandas_overview(frame, f) for f in FILTER_CHANGES]
    return timings, _peak_rss_gb(), checks


def _same_counts(duck: pd.DataFrame, panda: pd.DataFrame) -> bool:
    duck, panda = duck[panda.columns].astype("int64"), panda.astype("int64")
    duck.index, panda.index = duck.index.astype(str), panda.index.astype(str)
    return duck.sort_index().equals(panda.sort_index())


def _agrees(counts: pd.DataFrame, panda: dict[str, object]) -> bool:
    """Whether the Overview query's counts (`queries.overview`) are pandas' from the base tables."""
    kpis = queries.totals(counts).iloc[0]
    return (all(kpis[key] == value or (pd.isna(kpis[key]) and value is None) for key, value in panda["kpis"].items())
            and _same_counts(queries.per_wave(counts).set_index("wave"), panda["by_wave"])
            and _same_counts(queries.per_category(counts).set_index("category_id"), panda["by_category"]))


def _holds(target: Path, rows: int) -> bool:
    """Whether `target` is already a benchmark file of `rows` alumni (upgraded if its code is older):
    building 20 million rows takes minutes, timing them seconds."""
    if not target.is_file():
        return False
    db.upgrade(target)
    con = db.connect(target, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM alumni").fetchall()[0][0] == rows
    finally:
        con.close()


def main(rows: int, repeat: int = 15, path: Path | None = None, national: bool = False) -> dict[str, object]:
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(path or Path(scratch) / "bench.duckdb")
        if _holds(target, rows):
            print(f"rows: {rows:,}  (the existing {target}, brought up to date with this code)")
        else:
            with context.Pool(1) as pool:
                build_seconds = pool.apply(_build, (str(target), rows, national))
            print(f"rows: {rows:,}{' national' if national else ''}  (demo built in {build_seconds:.1f} s, "
                  "in a separate process)")

        duck = time_duckdb(target, repeat)
        duck_rss = _peak_rss_gb()
        with context.Pool(1) as pool:
            panda, panda_rss, panda_checks = pool.apply(_time_pandas, (str(target), repeat))

        con = db.connect(target, read_only=True)
        agree = all(_agrees(queries.overview(con, f), panda_check)
                    for f, panda_check in zip(FILTER_CHANGES, panda_checks, strict=True))
        con.close()

    print(f"{repeat} filter changes, medians:")
    print(f"{'query':<22}{'duckdb ms':>12}")
    duck_set = 1000 * statistics.median(duck["overview set"])
    panda_set = 1000 * statistics.median(panda["overview set"])
    print(f"{'overview set':<22}{duck_set:>12.1f}   pandas in memory {panda_set:.1f} ms"
          f"   ratio {panda_set / duck_set:.1f}x")
    print(f"peak RSS: dashboard (DuckDB) process {duck_rss:.2f} GB; pandas baseline process {panda_rss:.2f} GB")
    print(f"pandas on the base tables and DuckDB agree on the KPIs, waves and categories of all "
          f"{len(FILTER_CHANGES)} filter changes: "
          f"{'yes' if agree else 'NO'}")
    return {"duckdb_set_ms": duck_set, "pandas_set_ms": panda_set, "duckdb_rss_gb": duck_rss, "agree": agree}


def cli(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.bench [--rows N] [--national] [--repeat R] [--db PATH]`."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=demo.DEFAULT_ROWS,
                        help=f"alumni in the benchmark database ({demo.MIN_ROWS:,}-{demo.MAX_ROWS:,})")
    parser.add_argument("--national", action="store_true", help="build a national demo (all 38 provinces)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query (default %(default)s)")
    parser.add_argument("--db", type=Path, default=None,
                        help="benchmark database: built there, or timed as it is when it already holds --rows "
                             "alumni (default: a temporary file)")
    args = parser.parse_args(argv)
    if not demo.MIN_ROWS <= args.rows <= demo.MAX_ROWS:
        parser.exit(2, f"error: --rows must be between {demo.MIN_ROWS:,} and {demo.MAX_ROWS:,}\n")
    main(rows=args.rows, repeat=args.repeat, path=args.db, national=args.national)
    return 0


if __name__ == "__main__":
    sys.exit(cli())
