"""Benchmark: how long each dashboard page takes to render on the server with a filter it has not
seen, and the process's peak memory, for a database and a deployment scope.

Each page is opened in a fresh AppTest session: the Overview with a new filter (its run is the
Overview's first render), then the page itself (its run is that page's first render after
arriving; the Overview's queries are warm, the page's own are not). Every page gets a filter no
earlier page had, so no page reads another's cached answers. Server time only: the browser's
drawing is not included.

    python -m benchmarks.pages --db /tmp/national.duckdb --scope national
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from prakerja_dash.data import reader

REPO = Path(__file__).resolve().parent.parent
PAGES = ("pages/map.py", "pages/training.py", "pages/outcomes.py", "pages/waves.py", "pages/profile.py",
         "pages/stories.py")
LINKS = ({}, {"gender": "P"}, {"province": "15", "category": "makanan"})
DRILL_DOWN = {"national": {"province": "32"}}  # a national map's click; elsewhere Kota Jambi's


def _timed_run(app: AppTest) -> float:
    started = time.perf_counter()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return time.perf_counter() - started


def main(db: Path, scope: str) -> dict[str, list[float]]:
    os.environ["PRAKERJA_DB"] = str(db)
    os.environ["PRAKERJA_SCOPE"] = scope
    reader.ensure_database(db)  # built or brought up to date before any timing
    seconds: dict[str, list[float]] = {"pages/overview.py": []} | {page: [] for page in PAGES}
    first_wave = 1
    links = (*LINKS, DRILL_DOWN.get(scope, {"regency": "15.71"}))
    for link in links:
        for page in seconds:
            first_wave += 1  # a filter no earlier page has seen
            app = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
            app.query_params.update(link | {"wave": f"{first_wave}-71"})
            overview = _timed_run(app)
            if page == "pages/overview.py":
                seconds[page].append(overview)
                continue
            app.switch_page(page)
            seconds[page].append(_timed_run(app))
    print(f"{db} ({scope}), first render of each page with a new filter, seconds over {len(links)} links "
          f"({', '.join(str(link) for link in links)}):")
    for page, runs in seconds.items():
        print(f"  {page:<22} median {statistics.median(runs):.2f}  max {max(runs):.2f}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2:.2f} GB")
    return seconds


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="the database to serve (a demo is built if missing)")
    parser.add_argument("--scope", default="15", help="PRAKERJA_SCOPE: a province's code (default 15) or national")
    args = parser.parse_args(argv)
    main(args.db, args.scope)
    return 0


if __name__ == "__main__":
    sys.exit(cli())
