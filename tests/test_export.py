"""Exports: exactly the filtered data, self-describing, safe to open, k-anonymous."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings

from prakerja_dash import views
from prakerja_dash.data import db, queries, reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.export import content, formats
from tests.strategies import filters as any_filters
from tests.test_cli import cli
from tests.test_queries import age_band, select

K = 10
QUASI_IDENTIFIERS = ["regency_code", "gender", "age_band", "year", "education", "category_id", "status_before"]
PERSONAL = {"name", "nama", "nik", "phone", "telepon", "email", "e_mail", "age", "wave", "registered_on",
            "tanggal_lahir", "display_name"}
TEXT_COLUMNS = {"year": str, "alumni_id": str, "regency_code": str}
PAYLOADS = ["=1+1", "+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", "\n=1", '=1+1";=1+1', "{=1+1}",
            '=HYPERLINK("http://x","y")']


OUTCOMES = ["completed", "scheme", "surveyed", "status_after", "started_business", "employees", "income_before_rp",
            "income_after_rp"]
EVERY_COLUMN = QUASI_IDENTIFIERS + OUTCOMES  # all but the id, in the file's order


def export_rows(con, f: Filters, file_key: str = "test") -> pd.DataFrame:
    return queries.run(con, "alumni_export", f.sql_params() | {"k": K, "file_key": file_key,
                                                              "income_step": content.INCOME_STEP,
                                                              "rows_alike": content.ROWS_ALIKE})


def normalised(frame: pd.DataFrame) -> list[tuple]:
    """Rows as tuples of text, every kind of missing as None and whole numbers without '.0'."""
    def cell(value: object) -> str | None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, (bool, np.bool_)):
            return str(bool(value))
        if isinstance(value, (int, float, np.integer, np.floating)):
            return str(int(value))
        return str(value)

    return [tuple(cell(v) for v in row) for row in frame.itertuples(index=False)]


def rounded(values: pd.Series, step: int) -> pd.Series:
    """To the nearest multiple of `step`, halves upwards (incomes are never negative)."""
    return np.floor(values.astype("float64") / step + 0.5) * step


def independent_k_anonymous(rows: pd.DataFrame) -> pd.DataFrame:
    """The download's rule re-implemented in pandas, step by step, with the documented values:
    incomes rounded to Rp 100.000; at least K alike on the quasi-identifiers; then at least 2 rows
    alike in every column (incomes to Rp 500.000, then Rp 1.000.000, then withheld one by one, then a
    partner's withheld too, then left out), and again K alike on the quasi-identifiers."""
    surveyed = rows["surveyed"].astype(bool)
    out = rows.assign(
        age_band=age_band(rows["age"]), year=rows["year"].astype(str), surveyed=surveyed,
        status_after=rows["status_after"].where(surveyed, None),
        started_business=rows["started_business"].where(surveyed, False).astype(bool),
        employees=rows["employees"].where(surveyed, 0),
        income_before_rp=rounded(rows["income_before_rp"], 100_000),
        income_after_rp=rounded(rows["income_after_rp"], 100_000),
    )[["alumni_id", *EVERY_COLUMN]].astype(object)

    def small() -> pd.Series:
        return out.groupby(QUASI_IDENTIFIERS)["alumni_id"].transform("size") < K

    steps = [
        ("age_band", lambda v: "18-35" if v in ("18-25", "26-35") else "36-64"),
        ("year", lambda v: "2020-2022" if v <= "2022" else "2023-2024"),
        ("education", lambda v: {"sd": "sd-smp", "smp": "sd-smp", "sma": "sma"}.get(v, "diploma+")),
        ("category_id", lambda v: "*"),
        ("status_before", lambda v: "*"),
        ("gender", lambda v: "*"),
        ("regency_code", lambda v: "*"),
    ]
    for column, generalise in steps:
        hit = small()
        out.loc[hit, column] = out.loc[hit, column].map(generalise)
    out = out[~small()].copy()

    def alike() -> pd.Series:
        """How many rows of `out` are alike with each in every column but the id (missing alike)."""
        return out.groupby(EVERY_COLUMN, dropna=False)["alumni_id"].transform("size")

    def alone() -> pd.Series:
        return alike() < 2

    for step in (500_000, 1_000_000):
        hit = alone()
        for column in ("income_before_rp", "income_after_rp"):
            out.loc[hit, column] = rounded(out.loc[hit, column], step)
    for columns in (["employees"], ["income_before_rp"], ["income_after_rp"], ["status_after", "started_business"],
                    ["completed", "surveyed"]):
        hit = alone()
        out.loc[hit, columns] = None
    # a row still alone gets a partner: of the rows with its quasi-identifiers and scheme that are
    # alike with 2 or more others, the first by the SHA-256 of its id has its outcomes withheld too
    sizes = alike()
    order = out["alumni_id"].map(lambda i: hashlib.sha256(i.encode()).hexdigest())
    for _, people in out.groupby([*QUASI_IDENTIFIERS, "scheme"]).groups.items():
        spare = order[people][sizes[people] > 2]
        if (sizes[people] < 2).any() and len(spare):
            out.loc[spare.idxmin(), OUTCOMES[:1] + OUTCOMES[2:]] = None  # all but the scheme
    out = out[~alone()]
    return out[~small()]  # a group of quasi-identifiers that lost rows to the last step may now be under K


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=any_filters)
@example(f=Filters())
@example(f=Filters(regencies=("15.72",), age_bands=("56+",)))
def test_alumni_export_matches_the_count_query_and_the_k_rule(con, base_frames, f):
    exported = export_rows(con, f)
    selected = queries.kpi_counts(con, f).iloc[0]["n_alumni"]
    expected = independent_k_anonymous(select(base_frames, f))
    assert len(exported) == len(expected) <= selected
    if len(exported):
        assert exported.groupby(QUASI_IDENTIFIERS).size().min() >= K
        assert min(Counter(normalised(exported[EVERY_COLUMN])).values()) >= 2  # no row unlike all others
    # ids are re-keyed, so compare the rows published, all but the id: the same, as many times
    assert Counter(normalised(exported[EVERY_COLUMN])) == Counter(normalised(expected[EVERY_COLUMN]))


def test_incomes_in_rows_are_rounded_to_rp_100000_and_coarser_only_where_needed(con):
    rows = export_rows(con, Filters())
    incomes = pd.concat([rows["income_before_rp"], rows["income_after_rp"]]).dropna().astype("int64")
    assert len(incomes) > 10_000 and (incomes % 100_000 == 0).all()
    assert (incomes % 500_000 != 0).any()  # rows not too rare keep the finer step


def test_unfiltered_export_keeps_almost_everyone(con):
    rows = export_rows(con, Filters())
    assert len(rows) >= 0.99 * 20_000
    assert not set(rows.columns) & PERSONAL


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "zip"])
def test_files_read_back_equal_the_database(con, tmp_path, fmt):
    f = Filters(regencies=("15.71", "15.05"), gender="P")
    written, meta = content.export(con, level="alumni", fmt=fmt, out=tmp_path / f"a.{fmt}", filters=f, k=K)
    expected = in_order(export_rows(con, f))
    got = in_order(read_back(written[0], fmt))
    assert meta["rows"] == len(expected) == len(got)
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns.drop("alumni_id"):
        assert plain(expected[column]) == plain(got[column]), column
    assert got["alumni_id"].str.fullmatch("[0-9a-f]{16}").all() and got["alumni_id"].is_unique


def in_order(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as text, sorted on everything but the id, which is new in every file."""
    def text(value: object) -> str:
        if pd.isna(value):
            return ""
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

    columns = list(rows.columns.drop("alumni_id"))
    as_text = rows.assign(**{c: rows[c].map(text) for c in columns})
    return as_text.sort_values(columns).reset_index(drop=True)


def plain(values: pd.Series) -> list:
    """Values with every kind of missing (None, NaN, NA) as None."""
    return [None if pd.isna(v) else v for v in values.astype(object)]


def read_back(path, fmt: str) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "xlsx":
        frame = pd.read_excel(path, sheet_name="data", dtype=TEXT_COLUMNS)
        # Excel has no missing boolean: an empty cell (a value withheld) is read back as NaN
        flags = ("completed", "surveyed", "started_business")
        return frame.assign(**{c: frame[c].map(lambda v: None if pd.isna(v) else bool(v)) for c in flags})
    if fmt == "zip":
        with zipfile.ZipFile(path) as archive:
            assert set(archive.namelist()) == {"data.csv", "metadata.json", "README.txt"}
            return _read_csv(archive.open("data.csv"))
    return _read_csv(open(path, "rb"))


def _read_csv(handle) -> pd.DataFrame:
    raw = handle.read()
    assert raw.startswith(formats.UTF8_BOM)
    import io

    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=TEXT_COLUMNS,
                       keep_default_na=False, na_values=[""])


@pytest.fixture
def hostile_db(fixture_db, tmp_path):
    """A copy of the fixture whose ids carry spreadsheet formula payloads."""
    path = tmp_path / "hostile.duckdb"
    shutil.copy(fixture_db, path)
    connection = duckdb.connect(str(path))
    ids = [r[0] for r in connection.execute("SELECT alumni_id FROM alumni_outcomes ORDER BY alumni_id LIMIT ?",
                                            [len(PAYLOADS)]).fetchall()]
    for old, payload in zip(ids, PAYLOADS, strict=True):
        connection.execute("UPDATE alumni_outcomes SET alumni_id = ? WHERE alumni_id = ?", [payload, old])
    connection.execute("CHECKPOINT")
    connection.close()
    return path


def test_formula_payloads_come_out_inert_in_every_format(hostile_db, tmp_path):
    """Alumni rows carry no text of their own any more (ids are re-keyed hex): the payloads
    planted in the ids never reach a file. Table downloads carry labels: neutralised there."""
    con = db.connect(hostile_db)
    written, _ = content.export(con, level="alumni", fmt="csv", out=tmp_path / "h.csv", filters=Filters(), k=K)
    with open(written[0], encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "'"))]
    assert not set(PAYLOADS) & set(cells)

    table = pd.DataFrame({"label": PAYLOADS, "alumni": range(len(PAYLOADS))})
    out = {fmt: formats.write(formats.frame_batches(table), fmt, tmp_path / f"t.{fmt}", {"columns": {}})[0]
           for fmt in ("csv", "xlsx", "parquet")}
    with open(out["csv"], encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
    assert "'=1+1" in cells and "'\t=1" in cells and "'=HYPERLINK(\"http://x\",\"y\")" in cells

    sheet = openpyxl.load_workbook(out["xlsx"])["data"]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "f" not in kinds and "n" in kinds  # no formulas; numbers stay numbers
    labels = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'@SUM(1)" in labels and "{=1+1}" in labels  # '{' starts no formula once stored as text

    assert {"'=1+1", "'+1", "'-1+1", "'\n=1"} <= set(pd.read_parquet(out["parquet"])["label"])


def test_numbers_stay_numeric_and_suppressed_cells_empty_in_table_exports(fixture_db, tmp_path):
    view = views.peta(reader.db_key(fixture_db), Filters(age_bands=("56+",)), K, "id")  # Sungai Penuh: 5 people
    table = view.tables["regencies"]
    assert table["alumni"].isna().any()
    written = formats.write(formats.frame_batches(table), "xlsx", tmp_path / "t.xlsx", {"columns": {}})
    sheet = openpyxl.load_workbook(written[0])["data"]
    header = [c.value for c in sheet[1]]
    alumni = [row[header.index("alumni")] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in alumni if c.value is not None} == {"n"}
    assert any(c.value is None for c in alumni)


def test_metadata_describes_the_view_and_reopens_it(con, fixture_db, tmp_path):
    f = Filters(regencies=("15.71",), waves=(20, 70), gender="P")
    written, meta = content.export(con, level="alumni", fmt="csv", out=tmp_path / "m.csv", filters=f, k=K, lang="en")
    sidecar = json.loads(written[1].read_text(encoding="utf-8"))
    assert sidecar["filters"] == "Kota Jambi; waves 20–70; Women"
    link = urlsplit(sidecar["link"])
    assert Filters.from_query({k: v[0] for k, v in parse_qs(link.query).items()}) == f
    assert sidecar["dataset_source"] == "demo" and sidecar["dataset_version"] == 1
    assert sidecar["min_cell_k"] == K and sidecar["rows"] == meta["rows"]
    assert set(sidecar["columns"]) == set(pd.read_csv(written[0], encoding="utf-8-sig", nrows=1).columns)
    assert "licence" in sidecar and "attribution" in sidecar

    parquet, _ = content.export(con, level="alumni", fmt="parquet", out=tmp_path / "m.parquet", filters=f, k=K)
    embedded = json.loads(pq.read_schema(parquet[0]).metadata[formats.METADATA_KEY])
    assert embedded["filter_parameters"] == f.to_query()
    xlsx, _ = content.export_regencies(reader.db_key(fixture_db), fmt="xlsx", out=tmp_path / "m.xlsx", filters=f, k=K)
    notes = {row[0]: row[1] for row in openpyxl.load_workbook(xlsx[0])["catatan"].iter_rows(values_only=True)}
    assert notes["link"].endswith("/peta?regency=15.71&wave=20-70&gender=P")
    assert "Kota Jambi" in notes["title"]


def test_excel_refuses_more_rows_than_a_sheet_holds(tmp_path):
    with pytest.raises(formats.ExportTooLarge, match="CSV or Parquet"):
        formats.write_xlsx(formats.frame_batches(pd.DataFrame({"a": [1]})), tmp_path / "x.xlsx", {},
                           expected_rows=formats.EXCEL_MAX_ROWS + 1)


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "zip"])
def test_cli_formats_and_levels(fixture_db, tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out), "--level", "regency", "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    assert len(read_back(out, fmt) if fmt != "xlsx" else pd.read_excel(out, sheet_name="data")) == 11


def test_the_regency_export_holds_the_chosen_regency_only_and_says_so(fixture_db, tmp_path):
    out = tmp_path / "r.csv"
    result = cli("export", "--format", "csv", "--out", str(out), "--level", "regency", "--regency", "15.71",
                 "--db", str(fixture_db))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"regency_code": str})
    assert list(table["regency_code"]) == ["15.71"] and list(table["name"]) == ["Kota Jambi"]
    sidecar = json.loads(Path(f"{out}.metadata.json").read_text(encoding="utf-8"))
    assert "Kota Jambi" in sidecar["title"] and sidecar["filter_parameters"] == {"regency": "15.71"}
    every = tmp_path / "all.csv"
    assert cli("export", "--format", "csv", "--out", str(every), "--level", "regency",
               "--db", str(fixture_db)).returncode == 0
    assert "semua kabupaten/kota" in json.loads(Path(f"{every}.metadata.json").read_text(encoding="utf-8"))["title"]


def test_cli_export_errors_are_clear(fixture_db, tmp_path):
    bad = cli("export", "--format", "csv", "--out", str(tmp_path / "none" / "x.csv"), "--db", str(fixture_db))
    assert bad.returncode == 2 and "tidak ada" in bad.stderr
    wrong = cli("export", "--format", "ods", "--out", str(tmp_path / "x.ods"), "--db", str(fixture_db))
    assert wrong.returncode == 2 and "pilihan 'ods' tidak dikenal" in wrong.stderr
