"""Shared fixtures: one small deterministic demo database for the whole run."""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from prakerja_dash.data.boundaries import boundaries_path
from prakerja_dash.data.demo import build_demo
from prakerja_dash.domain.regions import region_index

FIXTURE_ROWS = 20_000
FIXTURE_SEED = 7
REPO = Path(__file__).resolve().parent.parent
# Jambi's 11 kabupaten/kota by Kemendagri code, in code order (the order of regency_t and of tables
# by regency), read from the committed regions table.
JAMBI_CODES = tuple(sorted(r.kemendagri_code for r in region_index().kabupaten_kota("15")))


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "fixture.duckdb"
    build_demo(path, rows=FIXTURE_ROWS, seed=FIXTURE_SEED)
    return path


NATIONAL_ROWS, NATIONAL_SEED = 100_000, 5


@pytest.fixture(scope="session")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national demo: all 38 provinces in proportion to their published alumni (#21)."""
    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    build_demo(path, rows=NATIONAL_ROWS, seed=NATIONAL_SEED, national=True)
    return path


@pytest.fixture
def con(fixture_db: Path):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def base_frames(fixture_db: Path) -> pd.DataFrame:
    """The base tables joined in pandas, independently of the SQL mart and queries."""
    connection = duckdb.connect(str(fixture_db), read_only=True)
    try:
        alumni = connection.execute("SELECT * FROM alumni").df()
        trainings = connection.execute("SELECT training_id, category_id FROM trainings").df()
        outcomes = connection.execute("SELECT * FROM business_outcomes").df()
    finally:
        connection.close()
    for frame in (alumni, outcomes):
        for column in frame.columns:
            if isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = frame[column].astype(str)
    joined = alumni.merge(trainings, on="training_id", how="inner")
    joined = joined.merge(outcomes, on="alumni_id", how="left", indicator=True)
    joined["surveyed"] = joined.pop("_merge") == "both"
    return joined


@pytest.fixture
def app_env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRAKERJA_DB", str(fixture_db))
    monkeypatch.delenv("PRAKERJA_MIN_CELL", raising=False)
    monkeypatch.chdir(REPO)
    return fixture_db


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_boundaries() -> Path:
    """The regency boundary file (`PRAKERJA_BOUNDARIES`, else ../shared/geo/...): third-party data,
    never committed. A fresh clone without it skips what needs it; CI (CI=true) must have it."""
    path = boundaries_path()
    if not path.is_file():
        reason = f"boundary file {path} is missing (set PRAKERJA_BOUNDARIES to a Jambi regency file)"
        if running_in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture
def boundary_file() -> Path:
    """For tests that need the real boundary file; see `require_boundaries`."""
    return require_boundaries()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under mutmut (scripts/mutation.py), remove this run's temporary folder. Its forked test runs
    end without pytest's clean-up of old folders, and the import tests write about 250 MB each:
    a 300-mutant run filled a 250 GB disk."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        shutil.rmtree(session.config._tmp_path_factory.getbasetemp(), ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "boundaries: needs the regency boundary file (skipped without it, "
                                       "failed under CI=true)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("boundaries"):
        require_boundaries()


@pytest.fixture
def exact_counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Publishing without the cell key adjustments, for tests of aggregation and suppression
    against an independent count (the adjustments have tests of their own: test_disclosure.py)."""
    import numpy as np
    import streamlit as st

    from prakerja_dash import views
    from prakerja_dash.domain import privacy

    # published views and figures are cached across sessions (views.py, Streamlit's caches):
    # computed with the adjustments by an earlier test, they must not be served to this one, or after it
    st.cache_data.clear()
    views.clear_cache()
    monkeypatch.setattr(privacy, "PERTURBATION_TABLE", np.zeros(privacy.KEY_RANGE, dtype="int64"))
    yield
    st.cache_data.clear()
    views.clear_cache()


@pytest.fixture(scope="session")
def api_server(fixture_db: Path) -> Iterator[str]:
    """`streamlit run serve.py` on the fixture database (K = 10): the dashboard, the API and the
    phone page on one port, shared by the tests that speak HTTP to it."""
    from benchmarks import spike

    with spike.OwnServer(fixture_db, {"PRAKERJA_MIN_CELL": "10", "PRAKERJA_PUBLIC_URL": ""}) as server:
        yield server.url


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET: the status, the headers (lower-case names) and the body as sent (not decompressed)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """An empty data folder for an import, with its own id key and audit trail."""
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    monkeypatch.setenv("PRAKERJA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20-alumni database of tests/test_oracles.py, whose every number is worked out by hand."""
    from tests.test_oracles import build_hand_made_database

    path = tmp_path_factory.mktemp("oracle") / "hand.duckdb"
    build_hand_made_database(path)
    return path


@pytest.fixture
def hc(hand_db: Path):
    con = duckdb.connect(str(hand_db), read_only=True)
    yield con
    con.close()
