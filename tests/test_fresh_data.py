"""After an import or restore swaps the database file, the next run of any session shows the new
data, without a restart (DuckDB keeps one instance per path inside a process)."""

from __future__ import annotations

import os
import shutil

from prakerja_dash.data.demo import build_demo
from prakerja_dash.i18n import t
from tests.conftest import REPO
from tests.test_app import metrics, open_app


def test_a_swapped_file_is_seen_by_new_and_running_sessions(tmp_path, monkeypatch, fixture_db, exact_counts):
    live = tmp_path / "prakerja.duckdb"
    shutil.copyfile(fixture_db, live)
    monkeypatch.setenv("PRAKERJA_DB", str(live))
    monkeypatch.chdir(REPO)
    running = open_app()
    assert metrics(running)[t("kpi_alumni", "id")] == "20.000"

    smaller = tmp_path / "new.duckdb"
    build_demo(smaller, rows=3_000, seed=1)
    os.replace(smaller, live)  # as an import or restore does

    assert metrics(open_app())[t("kpi_alumni", "id")] == "3.000"  # a new session
    running.run()
    assert metrics(running)[t("kpi_alumni", "id")] == "3.000"  # an open one, at its next rerun
