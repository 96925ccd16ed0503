"""Tests written against named mutants of the import: each fails when its mutant is applied.

(d) Excel row numbers in problem reports counted from 0 instead of as the spreadsheet numbers
    them (imports/reading.py, imports/validate.py);
(e) the import lock removed (imports/load.py `_exclusive`): two concurrent imports both run;
and the pandas 3 trap of export/formats.py: text columns of pandas' string dtype (the default
for text in pandas 3) must be neutralised like object columns.

The mutants of the measures (a)-(c) are caught by tests/test_oracles.py.
"""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from prakerja_dash.export import formats
from prakerja_dash.imports import load
from prakerja_dash.imports.reading import read_table

HEADER = ["id_peserta", "jenis_kelamin", "usia", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar",
          "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum", "status_sesudah",
          "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah"]


def person(i: int, **changes) -> list:
    row = {"id_peserta": f"MUT-{i:05d}", "jenis_kelamin": "P" if i % 2 else "L", "usia": 20 + i % 30,
           "pendidikan": "SMA/SMK", "kabupaten_kota": "Kota Jambi", "gelombang": 30,
           "tanggal_daftar": date(2022, 6, 15), "kategori_pelatihan": "Penjualan dan Pemasaran",
           "judul_pelatihan": "Pemasaran Digital", "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja",
           "status_sesudah": "Pekerja", "memulai_usaha": "Tidak", "jumlah_karyawan": 0,
           "pendapatan_sebelum": 0, "pendapatan_sesudah": 1_500_000}
    row.update(changes)
    return [row[name] for name in HEADER]


@pytest.fixture
def live(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "prakerja.duckdb"


# --- (d) row numbers as the spreadsheet shows them ---------------------------------------------
def excel_with_title_rows(path: Path) -> dict[str, int]:
    """Two title rows, the header on row 3, people from row 4; two bad ages. Returns the row number
    Excel shows for each bad person (read back from openpyxl's own cell coordinates)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "alumni"
    sheet.append(["DAFTAR ALUMNI KARTU PRAKERJA"])
    sheet.append(["Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi"])
    sheet.append(HEADER)
    for i in range(6):
        sheet.append(person(i, usia=12) if i in (2, 5) else person(i))
    workbook.save(path)
    shown = {}
    for row in openpyxl.load_workbook(path)["alumni"].iter_rows(min_row=4):
        if row[HEADER.index("usia")].value == 12:
            shown[row[0].value] = row[0].row
    return shown


def test_excel_problems_carry_the_row_numbers_excel_shows(tmp_path, live):
    path = tmp_path / "alumni.xlsx"
    shown = excel_with_title_rows(path)
    assert shown == {"MUT-00002": 6, "MUT-00005": 9}  # header on row 3: people on rows 4-9
    table = read_table(path)
    assert [number for number, _ in table.rows] == [4, 5, 6, 7, 8, 9]
    result = load.import_file(path, live)
    assert not result.ok
    assert sorted((p.row, p.column) for p in result.problems) == [(6, "usia"), (9, "usia")]
    assert not live.exists()  # nothing loaded


def test_rejected_rows_file_names_the_excel_rows(tmp_path, live):
    path = tmp_path / "alumni.xlsx"
    excel_with_title_rows(path)
    rejected = tmp_path / "ditolak.csv"
    result = load.import_file(path, live, keep_valid=True, rejected_out=rejected)
    assert result.ok and result.loaded == 4 and result.rejected == 2
    with open(rejected, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(row["baris"], row["id_peserta"]) for row in rows] == [("6", "MUT-00002"), ("9", "MUT-00005")]


# --- (e) one import at a time ------------------------------------------------------------------
def write_people(path: Path, numbers: range) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in numbers:
            writer.writerow(person(i, tanggal_daftar="15/06/2022"))
    return path


def test_a_second_import_while_one_runs_is_refused(tmp_path, live, monkeypatch):
    """The first import is held between its build and its swap (where PRAKERJA_IMPORT_PAUSE lets
    tests stop it); a second import started meanwhile must be refused, not run alongside."""
    first = write_people(tmp_path / "a.csv", range(5))
    second = write_people(tmp_path / "b.csv", range(5, 12))
    holding, release = threading.Event(), threading.Event()
    paused: list[str] = []

    def hold_the_first() -> None:
        paused.append(threading.current_thread().name)
        if len(paused) == 1:
            holding.set()
            release.wait(120)

    monkeypatch.setattr(load, "_pause_for_tests", hold_the_first)
    results: dict[str, load.ImportResult] = {}
    runner = threading.Thread(target=lambda: results.update(first=load.import_file(first, live)), name="first")
    runner.start()
    try:
        assert holding.wait(120), "the first import never reached its swap"
        with pytest.raises(load.ImportBusy):
            load.import_file(second, live)
    finally:
        release.set()
        runner.join(120)
    assert results["first"].ok and results["first"].version == 1
    assert paused == ["first"]  # the second import never got as far as a build
    after = load.import_file(second, live)  # the lock is released once the first is done
    assert after.ok and after.version == 2


# --- pandas 3: text is no longer `object` --------------------------------------------------------
def test_string_dtype_columns_are_neutralised_in_csv(tmp_path):
    frame = pd.DataFrame({
        "string": pd.Series(["=1+1", "Kota Jambi"], dtype=pd.StringDtype()),
        "arrow": pd.Series(["=1+1", "@SUM(1)"], dtype="string[pyarrow]"),
        "n": [1, 2],
    })
    with pd.option_context("future.infer_string", True):  # what pandas 3 does by default
        frame["str"] = pd.Series(["=1+1", "-1"], dtype="str")
        assert isinstance(frame["str"].dtype, pd.StringDtype)
        written = formats.write(formats.frame_batches(frame), "csv", tmp_path / "t.csv", {})
    raw = written[0].read_bytes()
    assert raw.count(b"'=1+1") == 3, raw
    assert b"'@SUM(1)" in raw and b"'-1" in raw
    assert b'"=1+1"' not in raw and b",=1+1" not in raw
