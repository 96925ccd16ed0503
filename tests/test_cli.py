"""The command line: build-demo, info, export and the bench, through a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import duckdb
import pyarrow.parquet as pq
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from benchmarks import bench
from prakerja_dash import accounts
from prakerja_dash.data import queries
from tests.conftest import REPO

PASSWORD = "kopi-kerinci-2024"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env=env)


def bench_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks.bench", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


@contextmanager
def recording_downloads() -> Iterator[list[MediaFileManager]]:
    """The media file managers of the apps run inside, whose deferred callables are what a download
    button hands over when it is clicked."""
    managers: list[MediaFileManager] = []

    class RecordingManager(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    with mock.patch.object(app_test_module, "MediaFileManager", RecordingManager):
        yield managers


def page_downloads(query: dict[str, str]) -> dict[str, bytes]:
    """The files the Overview's sidebar buttons "download alumni rows" hand over, by format, to a
    signed-in analyst: the app runs under AppTest, and each button's deferred callable (what
    Streamlit runs when it is clicked) is called, so the bytes are made by the page's own code."""
    accounts.add("analis", "analyst", PASSWORD)
    with recording_downloads() as managers:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.query_params.update(query)
        at.run()
        at.sidebar.text_input(key="auth_name").input("analis")
        at.sidebar.text_input(key="auth_password").input(PASSWORD)
        next(b for b in at.sidebar.button if b.label.startswith("Masuk")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    files = {}
    for button in at.get("download_button"):
        for fmt in ("csv", "parquet"):
            if button.proto.id.endswith(f"download_alumni_{fmt}"):
                deferred = managers[-1]._deferred_callables[button.proto.deferred_file_id]
                assert deferred["filename"].startswith("prakerja-jambi-alumni-") and deferred["filename"].endswith(fmt)
                files[fmt] = deferred["callable"]()
    return files


def test_cli_export_writes_what_the_page_button_hands_over(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("PRAKERJA_ACCOUNTS", str(tmp_path / "config" / "accounts.json"))
    query = {"regency": "15.71,15.06", "wave": "20-70", "gender": "P"}
    page = page_downloads(query)
    assert set(page) == {"csv", "parquet"}
    filters = [arg for name, value in query.items() for arg in (f"--{name}", value)]
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"cli.{fmt}"
        result = cli("export", "--format", fmt, "--out", str(out), "--db", str(app_env), *filters)
        assert result.returncode == 0, result.stderr
        # the same rows and columns; ids are re-keyed in every file, so two files never share them
        cli_rows = _rows(out.read_bytes(), fmt)
        page_rows = _rows(page[fmt], fmt)
        assert len(cli_rows) > 100  # a real selection, not an empty file
        assert cli_rows.drop(columns="alumni_id").equals(page_rows.drop(columns="alumni_id"))
        assert set(cli_rows["alumni_id"]).isdisjoint(page_rows["alumni_id"])
    assert (tmp_path / "cli.csv.metadata.json").exists()


def _rows(data: bytes, fmt: str):
    import pandas as pd

    frame = (pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False) if fmt == "csv"
             else pq.read_table(io.BytesIO(data)).to_pandas())
    return frame.sort_values(list(frame.columns.drop("alumni_id"))).reset_index(drop=True)


def test_info_reports_tables_and_alumni_per_regency(fixture_db):
    result = cli("info", "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == "demo" and report["version"] == 1
    con = duckdb.connect(str(fixture_db), read_only=True)
    for table, n in report["tables"].items():
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
    expected = dict(con.execute("SELECT regency_code, count(*) FROM alumni GROUP BY 1").fetchall())
    con.close()
    assert report["tables"]["regions"] == 38 + 514 and report["tables"]["alumni"] == 20_000
    assert list(report["by_regency"]) == sorted(expected)
    assert report["by_regency"] == expected


def test_info_with_filters_uses_the_url_names(fixture_db):
    report = json.loads(cli("info", "--db", str(fixture_db), "--regency", "15.71", "--gender", "P").stdout)
    assert report["filters"] == {"regency": "15.71", "gender": "P"}
    assert [code for code, n in report["by_regency"].items() if n] == ["15.71"]


def test_bad_filter_values_exit_non_zero_naming_each(fixture_db):
    result = cli("info", "--db", str(fixture_db), "--regency", "9999", "--wave", "70-20")
    assert result.returncode == 2
    assert ("regency: 9999 bukan kode Kemendagri, kode BPS atau nama wilayah yang dikenal (misalnya 15.71)"
            in result.stderr)
    assert "wave: 70-20 bukan rentang AWAL-AKHIR dalam 1-71" in result.stderr
    english = cli("info", "--db", str(fixture_db), "--regency", "9999", "--wave", "70-20", "--lang", "en")
    assert "regency: 9999 is not a known Kemendagri code, BPS code or region name (e.g. 15.71)" in english.stderr
    assert "wave: 70-20 is not a range FIRST-LAST within 1-71" in english.stderr


def test_missing_database_is_a_clear_error(tmp_path):
    result = cli("info", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2 and "build-demo" in result.stderr


def test_build_demo_writes_the_requested_rows(tmp_path):
    path = tmp_path / "cli.duckdb"
    result = cli("build-demo", "--rows", "1500", "--seed", "5", "--db", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(cli("info", "--db", str(path)).stdout)
    assert report["tables"]["alumni"] == 1500 and report["seed"] == 5
    assert sum(report["by_regency"].values()) == 1500


def test_build_demo_refuses_sizes_out_of_range(tmp_path):
    result = cli("build-demo", "--rows", "10", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2 and "harus antara 1.000 dan 20.000.000" in result.stderr
    english = cli("build-demo", "--rows", "10", "--db", str(tmp_path / "x.duckdb"), "--lang", "en")
    assert english.returncode == 2 and "must be between 1,000 and 20,000,000" in english.stderr


def test_bench_prints_figures_and_checks_itself_against_pandas():
    result = bench_cli("--rows", "2000", "--repeat", "5")
    assert result.returncode == 0, result.stderr
    assert "overview set" in result.stdout and "ratio" in result.stdout and "peak RSS" in result.stdout
    assert ("pandas on the base tables and DuckDB agree on the KPIs, waves and categories of all 6 filter changes: yes"
            in result.stdout)


def test_the_bench_agreement_check_notices_one_wrong_count(con):
    """The check reads pandas' numbers from the base tables; one count off in any part fails it."""
    frame = bench.base_frame(con)
    f = bench.FILTER_CHANGES[1]
    counts = queries.overview(con, f)
    assert bench._agrees(counts, bench.pandas_overview(frame, f))
    for level, column in (("total", "n_women"), ("wave", "n_now_employed"), ("category", "n_alumni"),
                          ("total", "median_income_change")):
        wrong = counts.copy()
        row = wrong.index[wrong["level"] == level][-1]
        wrong.loc[row, column] += 50_000 if column.startswith("median") else 1
        assert not bench._agrees(wrong, bench.pandas_overview(frame, f)), (level, column)


def test_bench_times_an_existing_file_of_that_size_without_building_it_again(tmp_path):
    target = tmp_path / "bench.duckdb"
    first = bench_cli("--rows", "2000", "--repeat", "3", "--db", str(target))
    assert first.returncode == 0, first.stderr
    assert "demo built" in first.stdout
    built = target.stat().st_mtime_ns
    again = bench_cli("--rows", "2000", "--repeat", "3", "--db", str(target))
    assert again.returncode == 0, again.stderr
    assert "existing" in again.stdout and "demo built" not in again.stdout and target.stat().st_mtime_ns == built
    assert "agree on the KPIs, waves and categories of all 6 filter changes: yes" in again.stdout
    other_size = bench_cli("--rows", "3000", "--repeat", "3", "--db", str(target))
    assert "demo built" in other_size.stdout
