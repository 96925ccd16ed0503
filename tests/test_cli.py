"""The command line: build-demo and info, through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb

from tests.conftest import REPO


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env=env)


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
    assert report["tables"]["regencies"] == 11 and report["tables"]["alumni"] == 20_000
    assert list(report["by_regency"]) == sorted(expected)
    assert report["by_regency"] == expected


def test_info_with_filters_uses_the_url_names(fixture_db):
    report = json.loads(cli("info", "--db", str(fixture_db), "--regency", "1571", "--gender", "P").stdout)
    assert report["filters"] == {"regency": "1571", "gender": "P"}
    assert [code for code, n in report["by_regency"].items() if n] == ["1571"]


def test_bad_filter_values_exit_non_zero_naming_each(fixture_db):
    result = cli("info", "--db", str(fixture_db), "--regency", "9999", "--wave", "70-20")
    assert result.returncode == 2
    assert "regency: unknown value(s) 9999" in result.stderr and "wave: '70-20'" in result.stderr


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
    assert result.returncode == 2 and "between 1,000 and 20,000,000" in result.stderr


def test_bench_prints_figures_and_checks_itself_against_pandas():
    result = cli("bench", "--rows", "2000", "--repeat", "5")
    assert result.returncode == 0, result.stderr
    assert "overview set" in result.stdout and "ratio" in result.stdout and "peak RSS" in result.stdout
    assert "agree on the first filter's KPIs: yes" in result.stdout
