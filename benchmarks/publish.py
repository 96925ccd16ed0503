"""Time `domain.privacy.publish` over the four tables a new selection's Overview publishes (KPIs,
waves, categories, outcomes per category), for 20 selections of Kota Jambi by first wave.

    python -m benchmarks.publish --db data/prakerja.duckdb
    python -m benchmarks.publish --db data/prakerja.duckdb --against a5559fd^   # and an older privacy.py
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from prakerja_dash import config
from prakerja_dash.data import queries, reader
from prakerja_dash.domain import metrics, privacy
from prakerja_dash.domain.filters import Filters


def _privacy_at(revision: str) -> ModuleType:
    source = subprocess.run(["git", "show", f"{revision}:prakerja_dash/domain/privacy.py"], cwd=config.REPO_ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "privacy_then.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("privacy_then", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def median_ms(module: ModuleType, inputs: list) -> float:
    times = []
    for totals, waves, categories, groups in inputs:
        start = time.perf_counter()
        module.publish(totals, metrics.KPIS, 10)
        module.publish(waves, metrics.OUTCOMES, 10, keep=["wave"])
        module.publish(categories, metrics.OUTCOMES, 10, keep=["category_id"])
        module.publish(groups, metrics.GROUP_MEASURES, 10, keep=["group_key"])
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.publish", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=config.db_path())
    parser.add_argument("--against", default=None, help="a git revision whose privacy.py is timed too")
    args = parser.parse_args(argv)
    key = reader.db_key(args.db)
    inputs = []
    for first_wave in range(1, 21):
        selection = Filters(regencies=("15.71",), waves=(first_wave, 71))
        counts = reader.query(key, queries.overview, selection)
        inputs.append((queries.totals(counts), queries.per_wave(counts), queries.per_category(counts),
                       reader.query(key, queries.outcomes_by, selection, by="category")))
    print(f"publish, the 4 tables of one selection, median of 20: {median_ms(privacy, inputs):.1f} ms (this code)")
    if args.against:
        print(f"  {args.against}: {median_ms(_privacy_at(args.against), inputs):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
