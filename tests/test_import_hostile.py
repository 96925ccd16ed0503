"""Hostile imports: memory bombs, values that used to crash, NIKs in disguise, bad databases.

Every file is built inside its test. The bombs run the real command line in a child process
under a 3 GB address-space cap; the child's own peak RSS (os.wait4) must stay under 1 GB.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import logging
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from prakerja_dash import config
from prakerja_dash.data import db
from prakerja_dash.imports import load, reading, validate
from prakerja_dash.imports import values as parse
from prakerja_dash.imports.load import import_file, restore
from tests.conftest import REPO

KEY = "kunci-uji"
AS_CAP = 3 * 1024**3  # the child's address space
PEAK_LIMIT_MB = 1024  # what an import may use at most, whatever the file
HEADER = ["id_peserta", "jenis_kelamin", "usia", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar",
          "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum", "status_sesudah",
          "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah"]


def person(i: int, **changes) -> dict:
    row = {"id_peserta": f"PRK-{i:05d}", "jenis_kelamin": "P" if i % 2 else "L", "usia": 20 + i % 30,
           "pendidikan": "SMA/SMK", "kabupaten_kota": "Kota Jambi", "gelombang": 40, "tanggal_daftar": "15/06/2022",
           "kategori_pelatihan": "Penjualan dan Pemasaran", "judul_pelatihan": "Pemasaran Digital",
           "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja", "status_sesudah": "Wirausaha",
           "memulai_usaha": "Ya", "jumlah_karyawan": 1, "pendapatan_sebelum": "Rp 0",
           "pendapatan_sesudah": "Rp 1.500.000"}
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict]) -> Path:
    names = list(dict.fromkeys(key for row in rows for key in row))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    workbook = openpyxl.Workbook()
    names = list(dict.fromkeys(key for row in rows for key in row))
    workbook.active.append(names)
    for row in rows:
        workbook.active.append([row.get(name) for name in names])
    workbook.save(path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused_within_memory(tmp_path: Path, live: Path, path: Path, message: str) -> str:
    """Import `path` under the memory cap: refused with `message`, within PEAK_LIMIT_MB, and the live
    database byte for byte as it was. Returns what the command printed."""
    before = sha(live)
    code, stderr, peak = capped(tmp_path, "import", str(path), "--db", str(live))
    assert code == 1 and message in stderr, stderr
    assert peak < PEAK_LIMIT_MB
    assert sha(live) == before
    return stderr


def table_rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def everything_stored(path: Path) -> str:
    """Every value of every table of the database, as one text."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return " ".join(str(value) for table in tables for row in con.execute(f"SELECT * FROM {table}").fetchall()
                        for value in row)
    finally:
        con.close()


@pytest.fixture
def live(fixture_db, tmp_path, monkeypatch) -> Path:
    """A live demo database in its own folder (backups and the id key go beside it)."""
    monkeypatch.setenv("PRAKERJA_ID_KEY", KEY)
    path = tmp_path / "data" / "prakerja.duckdb"
    path.parent.mkdir()
    shutil.copy(fixture_db, path)
    return path


def cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    environment = os.environ | {"PRAKERJA_ID_KEY": KEY} | (env or {})
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env=environment)


def capped(tmp_path: Path, *args: str) -> tuple[int, str, float]:
    """Run the command line under an address-space cap; (exit code, stderr, peak RSS of the child in MB)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (AS_CAP, AS_CAP))

    out, err = tmp_path / "child.out", tmp_path / "child.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        child = subprocess.Popen([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, stdout=stdout,
                                 stderr=stderr, preexec_fn=cap, env=os.environ | {"PRAKERJA_ID_KEY": KEY})
        watchdog = threading.Timer(300, child.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            watchdog.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, err.read_text(), usage.ru_maxrss / 1024


def assert_one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr


# --- memory bombs -------------------------------------------------------------------------------
def _claimed_sheet(path: Path, extra_cell: str) -> Path:
    """A tiny workbook whose sheet claims A1:XFD1048576 and has one more cell at its far corner."""
    plain = path.with_suffix(".plain.xlsx")
    write_xlsx(plain, [person(1)])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                data = data.replace(b"</sheetData>", b'<row r="1048576">' + extra_cell.encode() + b"</row></sheetData>")
            target.writestr(item, data)
    return path


def test_an_xlsx_claiming_the_whole_sheet_reads_only_its_real_cells(tmp_path, live):
    # openpyxl's read-only mode padded every row to 16,384 columns down to row 1,048,576: 18.8 GB.
    path = _claimed_sheet(tmp_path / "claims.xlsx", '<c r="XFD1048576" s="0"/>')  # formatted, empty
    assert path.stat().st_size < 10_000
    code, stderr, peak = capped(tmp_path, "import", str(path), "--db", str(live))
    assert code == 0, stderr
    assert peak < PEAK_LIMIT_MB
    assert table_rows(live, "SELECT alumni_id FROM alumni") == [("PRK-00001",)]


def test_an_xlsx_with_a_value_at_the_far_corner_is_refused_at_the_column_limit(tmp_path, live):
    path = _claimed_sheet(tmp_path / "corner.xlsx", '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>')
    stderr = refused_within_memory(tmp_path, live, path,
                                   f"di luar kolom ke-{reading.MAX_COLUMNS}; batas impor 60 kolom")
    assert "baris 1.048.576" in stderr and "Traceback" not in stderr


def test_a_parquet_file_of_three_million_rows_is_refused_from_its_metadata(tmp_path, live):
    n = 3_000_000
    row = person(1)
    table = pa.table({name: pa.repeat(pa.scalar(str(row[name])), n) for name in HEADER})
    path = tmp_path / "rows.parquet"
    pq.write_table(table, path, compression="zstd", row_group_size=1_000_000)
    del table
    assert path.stat().st_size < 1_000_000
    refused_within_memory(tmp_path, live, path, "berkas Parquet memuat 3.000.000 baris; batas impor 1.000.000 baris")


def test_twenty_megabytes_of_blank_lines_are_refused(tmp_path, live):
    path = tmp_path / "kosong.csv"
    header = (",".join(HEADER) + "\n").encode()
    path.write_bytes(header + b"\n" * (config.UPLOAD_LIMIT_BYTES - len(header)))
    refused_within_memory(tmp_path, live, path, "lebih dari 1.000.000 baris kosong di bawah judul kolom")


def test_a_very_wide_csv_is_refused(tmp_path, live):
    path = tmp_path / "lebar.csv"
    with open(path, "w") as handle:
        handle.write(",".join(HEADER) + "\n")
        line = ",".join(str(v) for v in person(1).values()) + "," + ",".join(["12"] * 200_000) + "\n"
        while handle.tell() < config.UPLOAD_LIMIT_BYTES - len(line):
            handle.write(line)
    refused_within_memory(tmp_path, live, path, "lebih dari 100.000 karakter")


def test_a_header_wider_than_the_column_limit_is_refused(tmp_path, live):
    path = tmp_path / "kolom.csv"
    path.write_text(",".join(HEADER + [f"catatan_{i}" for i in range(70)]) + "\n" + "x,P\n")
    result = import_file(path, live)
    assert not result.ok and "di luar kolom ke-60; batas impor 60 kolom" in result.message


def test_row_limits_hold_for_csv_excel_and_parquet(tmp_path, live, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 20)
    rows = [person(i) for i in range(21)]
    files = [write_csv(tmp_path / "a.csv", rows), write_xlsx(tmp_path / "a.xlsx", rows), tmp_path / "a.parquet"]
    pd.DataFrame(rows).astype(str).to_parquet(files[2])
    for path in files:
        result = import_file(path, live)
        assert not result.ok and "20 baris" in result.message and "batas impor" in result.message, path.name
    assert import_file(write_csv(tmp_path / "b.csv", rows[:20]), live).loaded == 20


def test_an_xlsx_with_too_many_cells_is_refused(tmp_path, live, monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 100)
    result = import_file(write_xlsx(tmp_path / "sel.xlsx", [person(i) for i in range(10)]), live)
    assert not result.ok and "lebih dari 100 sel" in result.message


def test_a_file_with_too_many_problems_stops_being_checked(tmp_path, live, monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 10)
    rows = [person(i, jenis_kelamin="?") for i in range(30)]
    result = import_file(write_csv(tmp_path / "salah.csv", rows), live, keep_valid=True,
                         rejected_out=tmp_path / "ditolak.csv")
    assert not result.ok and len(result.problems) == 10 and result.loaded == 0
    assert "sedikitnya 10 masalah" in result.message and "baris 11" in result.message


def test_a_long_text_stored_once_and_used_by_every_row_is_refused_before_decoding(tmp_path, live):
    # Dictionary encoding keeps one copy of a text; decoding a batch would copy it into every row.
    path = tmp_path / "panjang.parquet"
    rows = 100_000
    columns = {name: pa.repeat(pa.scalar(str(person(1)[name])), rows) for name in HEADER}
    columns["judul_pelatihan"] = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), ["x" * 50_000])
    # Without the stored Arrow schema a reader sees plain text, not categories: the hard case.
    pq.write_table(pa.table(columns), path, compression="zstd", store_schema=False)
    assert path.stat().st_size < 1_000_000  # 5 GB of text once decoded
    result = import_file(path, live)
    assert not result.ok and "kolom 'judul_pelatihan' memuat teks lebih dari 1.000 karakter" in result.message


def test_declared_sizes_are_checked_before_unpacking(tmp_path, live, monkeypatch):
    rows = [person(i) for i in range(50)]
    parquet = tmp_path / "a.parquet"
    pd.DataFrame(rows).astype(str).to_parquet(parquet)
    monkeypatch.setattr(reading, "MAX_PARQUET_UNPACKED", 1_000)
    result = import_file(parquet, live)
    assert not result.ok and "setelah dibuka; batas impor" in result.message
    workbook = write_xlsx(tmp_path / "a.xlsx", rows)
    monkeypatch.setattr(reading, "MAX_XML_BYTES", 1_000)
    result = import_file(workbook, live)
    assert not result.ok and "setelah dibuka; batas impor" in result.message
    monkeypatch.setattr(reading, "MAX_XML_BYTES", 512 * 1024 * 1024)
    monkeypatch.setattr(reading, "MAX_SHARED_STRINGS", 10)
    shared = tmp_path / "shared.xlsx"  # xlsxwriter keeps texts in the shared table, as Excel does
    pd.DataFrame(rows).to_excel(shared, index=False, engine="xlsxwriter")
    result = import_file(shared, live)
    assert not result.ok and "lebih dari 10 teks berbeda" in result.message


def test_an_xlsx_with_an_entity_declaration_is_refused(tmp_path, live):
    plain = write_xlsx(tmp_path / "plain.xlsx", [person(1)])
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)
            target.writestr(item, data)
    result = import_file(path, live)
    assert not result.ok and "DTD" in result.message


# --- values that used to crash -----------------------------------------------------------------------
@pytest.mark.parametrize(("change", "column", "rule"), [
    ({"usia": "inf"}, "usia", "usia harus bilangan bulat 18-64"),
    ({"gelombang": "1e999"}, "gelombang", "gelombang harus bilangan bulat 1-71"),
    ({"usia": "2.05"}, "usia", "tanpa pecahan"),  # was read as 25
    ({"gelombang": "6.01"}, "gelombang", "tanpa pecahan"),  # was read as 61
    ({"jumlah_karyawan": "1.5"}, "jumlah_karyawan", "tanpa pecahan"),
    ({"pendapatan_sesudah": "3000000000"}, "pendapatan_sesudah", "di atas Rp 1 miliar"),
    ({"judul_pelatihan": "x" * 400}, "judul_pelatihan", "lebih dari 300 karakter"),
    ({"id_peserta": "PRK\x01-9"}, "id_peserta", "karakter kontrol"),
])
def test_bad_values_become_row_level_problems(tmp_path, live, change, column, rule):
    before = sha(live)
    result = import_file(write_csv(tmp_path / "v.csv", [person(1), person(2, **change)]), live)
    assert not result.ok and result.rejected == 1
    assert {p.row for p in result.problems} == {3} and result.problems[0].column == column
    assert rule in result.problems[0].rule
    assert sha(live) == before


def test_spreadsheet_numbers_out_of_range_are_row_problems(tmp_path, live):
    rows = [person(1, pendapatan_sesudah=3_000_000_000, usia=30.5), person(2, gelombang=6.01), person(3)]
    for path in (write_xlsx(tmp_path / "n.xlsx", rows), tmp_path / "n.parquet"):
        if path.suffix == ".parquet":
            frame = pd.DataFrame(rows)
            frame["pendapatan_sesudah"] = pd.array([3_000_000_000, 1_500_000, 1_500_000], dtype="int64")
            frame["usia"] = [30.5, 22.0, 23.0]
            frame["gelombang"] = [40.0, float("inf"), 40.0]
            frame.to_parquet(path)
        result = import_file(path, live)
        problems = {(p.row, p.column): p.rule for p in result.problems}
        assert "di atas Rp 1 miliar" in problems[(2, "pendapatan_sesudah")], path.name
        assert "tanpa pecahan" in problems[(2, "usia")], path.name
        assert "gelombang harus bilangan bulat 1-71" in problems[(3, "gelombang")], path.name
        assert not result.ok and result.rejected == 2
        # over the 32-bit column, were it let through: the rest loads with --keep-valid
        kept = import_file(path, live, keep_valid=True, replace=True)
        assert kept.ok and table_rows(live, "SELECT alumni_id FROM alumni") == [("PRK-00003",)]


@pytest.mark.parametrize("damage", ["truncated", "footer", "pages"])
def test_a_corrupt_parquet_file_is_refused_in_one_sentence(tmp_path, live, damage):
    before = sha(live)
    path = tmp_path / "rusak.parquet"
    pd.DataFrame([person(i) for i in range(2000)]).astype(str).to_parquet(path, compression=None)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "footer":
        data[-200:-8] = b"\xff" * 192
    else:
        data[200:4000] = b"\xab" * 3800
    path.write_bytes(bytes(data))
    result = import_file(path, live)
    assert not result.ok and "Parquet rusak" in result.message and not result.fault
    assert sha(live) == before


def test_control_characters_never_reach_the_database(tmp_path, live):
    path = tmp_path / "nul.parquet"
    pd.DataFrame([person(1, judul_pelatihan="Kopi\x00 Susu\x07", lembaga_pelatihan="LPK \u202eJaya\u202c"),
                  person(2)]).astype(str).to_parquet(path)
    assert import_file(path, live).ok
    assert sorted(table_rows(live, "SELECT title, provider FROM trainings")) == [
        ("Kopi Susu", "LPK Jaya"), ("Pemasaran Digital", "LPK Uji")]
    late = tmp_path / "nul.csv"  # a NUL beyond the first 4 KB, where the binary check does not look
    rows = [person(i, judul_pelatihan=f"Judul {i}") for i in range(100)] + [person(100, judul_pelatihan="A\x00B")]
    write_csv(late, rows)
    assert late.stat().st_size > 4096
    assert import_file(late, live, replace=True).ok
    assert "\x00" not in everything_stored(live)
    assert ("AB",) in table_rows(live, "SELECT title FROM trainings")


# --- NIKs in disguise --------------------------------------------------------------------------------
NIKS = {"15.71-0112-0590-0011": "1571011205900011", "15.71 0112 0590 0021": "1571011205900021",
        "NIK1571011205900031": "1571011205900031", "15.71.0112.0590.0041": "1571011205900041",
        "1571011205900051": "1571011205900051"}


def test_a_nik_in_the_id_column_is_hashed_and_never_stored(tmp_path, live):
    rows = [person(i, id_peserta=written) for i, written in enumerate(NIKS)]
    result = import_file(write_csv(tmp_path / "nik-id.csv", rows), live)
    assert result.ok, result.problems
    expected = {parse.pseudonym(digits, KEY.encode()) for digits in NIKS.values()}
    assert {i for (i,) in table_rows(live, "SELECT alumni_id FROM alumni")} == expected
    stored = everything_stored(live)
    for written, digits in NIKS.items():
        assert written not in stored and digits not in stored and digits[4:12] not in stored


def test_the_same_nik_by_id_or_nik_column_is_the_same_person(tmp_path, live):
    rows = [person(1, id_peserta="", nik="1571011205900031"), person(2, id_peserta="NIK 15.71-0112-0590-0031"),
            person(3)]
    result = import_file(write_csv(tmp_path / "dua.csv", rows), live)
    assert not result.ok
    repeated = [(p.row, p.value) for p in result.problems if "lebih dari sekali" in p.rule]
    assert repeated == [(2, "************0031"), (3, "************0031")]


def test_reports_and_the_rejected_file_show_at_most_the_last_four_digits(tmp_path, live):
    rows = [person(1, id_peserta="15.71-0112-0590-0011", jenis_kelamin="?"),
            person(2, id_peserta="", nik="3273053201900001"),  # impossible birth date in the NIK
            person(3, usia="1571011205900021"),  # a NIK in the wrong column
            person(4, id_peserta="1.57101E+15"),  # what Excel leaves of a NIK
            person(5)]
    rejected = tmp_path / "ditolak.csv"
    result = import_file(write_csv(tmp_path / "lapor.csv", rows), live, keep_valid=True, rejected_out=rejected)
    assert result.ok and result.loaded == 1 and result.rejected == 4
    values = {p.row: p.value for p in result.problems}
    assert values[3] == "************0001" and values[4] == "************0021" and values[5] == "(disamarkan)"
    report = " ".join(f"{p.rule} {p.value}" for p in result.problems)
    text = rejected.read_text(encoding="utf-8-sig")
    for shown in (report, text):
        assert not re.search(r"\d(?:[ .-]?\d){7}", shown), shown  # no run of 8 digits or more
        assert "0112" not in shown and "1.57101E" not in shown
    assert "************0011" in text and "************0021" in text
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600


def test_an_excel_number_in_the_id_column_is_refused_as_a_damaged_nik(tmp_path, live):
    result = import_file(write_xlsx(tmp_path / "angka.xlsx", [person(1, id_peserta=3273050101900001.0)]), live)
    assert not result.ok and "dirusak Excel" in result.problems[0].rule
    assert result.problems[0].value == "(disamarkan)"


# --- waves and registration dates -------------------------------------------------------------------
@pytest.mark.parametrize(("wave", "registered", "words"), [
    (1, "10/01/2025", ["gelombang 1", "11/04/2020", "08/08/2020", "gelombang 4 dibuka"]),
    (5, "06/02/2020", ["sebelum Kartu Prakerja dibuka pada 11/04/2020"]),
    (71, "02/01/2025", ["31/12/2024", "gelombang terakhir"]),
    (30, "01/07/2022", ["15/06/2022", "gelombang 32 dibuka"]),
])
def test_registration_dates_are_checked_against_the_wave_calendar(tmp_path, live, wave, registered, words):
    result = import_file(write_csv(tmp_path / "w.csv", [person(1, gelombang=wave, tanggal_daftar=registered)]),
                         live)
    assert not result.ok and result.problems[0].column == "tanggal_daftar"
    for word in words:
        assert word in result.problems[0].rule
    assert "2020-2025" not in result.problems[0].rule


def test_dates_that_fit_their_wave_load(tmp_path, live):
    rows = [person(1, gelombang=1, tanggal_daftar="11/04/2020"),
            person(2, gelombang=12, tanggal_daftar=date(2021, 2, 25)),
            person(3, gelombang=71, tanggal_daftar="2024-10-20"),
            person(4, gelombang=47, tanggal_daftar="2023-02-17")]
    result = import_file(write_xlsx(tmp_path / "ok.xlsx", rows), live)
    assert result.ok, result.problems
    assert sorted(table_rows(live, "SELECT wave, registered_on FROM alumni")) == [
        (1, date(2020, 4, 11)), (12, date(2021, 2, 25)), (47, date(2023, 2, 17)), (71, date(2024, 10, 20))]


# --- the database: unusable, locked, full, oddly named ---------------------------------------------
def _good_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "baik.csv", [person(i) for i in range(3)])


def test_a_db_that_is_not_duckdb_or_is_a_folder_is_one_sentence(tmp_path):
    not_db = tmp_path / "bukan.duckdb"
    not_db.write_text("ini bukan basis data\n" * 100)
    before = sha(not_db)
    result = cli("import", str(_good_csv(tmp_path)), "--db", str(not_db))
    assert result.returncode == 2 and "bukan berkas basis data DuckDB" in result.stderr
    assert_one_sentence(result.stderr)
    assert sha(not_db) == before
    folder = tmp_path / "folder.duckdb"
    folder.mkdir()
    result = cli("import", str(_good_csv(tmp_path)), "--db", str(folder))
    assert result.returncode == 2 and "adalah folder" in result.stderr
    assert_one_sentence(result.stderr)
    assert list(folder.iterdir()) == []


def test_a_db_locked_by_another_process_is_one_sentence(tmp_path, live):
    before = sha(live)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(live)],  # holds until stdin closes
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = cli("import", str(_good_csv(tmp_path)), "--db", str(live))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2 and "dikunci oleh proses lain" in result.stderr and f"PID {holder.pid}" in \
        result.stderr
    assert_one_sentence(result.stderr)
    assert sha(live) == before


def test_a_full_disk_during_the_build_leaves_the_live_file(tmp_path, live, monkeypatch):
    before = sha(live)

    def full(con):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db, "build_derived", full)
    result = import_file(_good_csv(tmp_path), live)
    assert not result.ok and result.fault == "disk" and result.message.startswith("disk penuh")
    assert sha(live) == before and not list(live.parent.glob(".import-*"))
    assert not (live.parent / "backups").exists()

    def full_duckdb(con):
        raise duckdb.IOException('Could not write file "x.duckdb": No space left on device')

    monkeypatch.setattr(db, "build_derived", full_duckdb)
    assert import_file(_good_csv(tmp_path), live).fault == "disk"
    assert sha(live) == before


def test_the_command_line_says_a_full_disk_in_one_sentence(tmp_path, live):
    before = sha(live)
    code = ("import errno, sys; from prakerja_dash import cli; from prakerja_dash.data import db\n"
            "def full(con): raise OSError(errno.ENOSPC, 'No space left on device')\n"
            "db.build_derived = full\nsys.exit(cli.main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "import", str(_good_csv(tmp_path)), "--db", str(live)],
                            cwd=REPO, capture_output=True, text=True, timeout=300,
                            env=os.environ | {"PRAKERJA_ID_KEY": KEY})
    assert result.returncode == 2 and "disk penuh" in result.stderr
    assert_one_sentence(result.stderr)
    assert sha(live) == before


def test_an_unexpected_error_is_logged_with_its_traceback_and_told_in_one_sentence(tmp_path, live):
    code = ("import sys; from prakerja_dash import cli; from prakerja_dash.imports import load\n"
            "def broken(*args, **kwargs): raise KeyError('a bug')\n"
            "load.check = broken\nsys.exit(cli.main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "import", str(_good_csv(tmp_path)), "--db", str(live)],
                            cwd=REPO, capture_output=True, text=True, timeout=300,
                            env=os.environ | {"PRAKERJA_ID_KEY": KEY})
    assert result.returncode == 2 and "kesalahan tak terduga (KeyError)" in result.stderr
    assert_one_sentence(result.stderr)
    log = (live.parent / "prakerja-cli.log").read_text()
    assert "Traceback" in log and "KeyError: 'a bug'" in log
    assert stat.S_IMODE((live.parent / "prakerja-cli.log").stat().st_mode) == 0o600


def test_unexpected_errors_in_import_file_are_logged_not_raised(tmp_path, live, monkeypatch, caplog):
    monkeypatch.setattr(load, "check", lambda table, key, lang: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="prakerja_dash.import"):
        result = import_file(_good_csv(tmp_path), live)
    assert not result.ok and result.fault == "internal" and "ZeroDivisionError" in result.message
    assert any(record.exc_info and record.exc_info[0] is ZeroDivisionError for record in caplog.records)


def test_a_database_called_live_duckdb_merges(tmp_path, fixture_db, monkeypatch):
    # The merge attached the live file as 'live', the name DuckDB gave the new file: every merge crashed.
    monkeypatch.setenv("PRAKERJA_ID_KEY", KEY)
    path = tmp_path / "data" / "live.duckdb"
    path.parent.mkdir()
    shutil.copy(fixture_db, path)
    first = import_file(write_csv(tmp_path / "a.csv", [person(i) for i in range(3)]), path)
    second = import_file(write_csv(tmp_path / "b.csv", [person(i) for i in range(2, 6)]), path)
    assert first.ok and second.ok and second.mode == "gabung", second.message
    assert [i for (i,) in table_rows(path, "SELECT alumni_id FROM alumni ORDER BY 1")] == [
        f"PRK-{i:05d}" for i in range(6)]


# --- file modes -------------------------------------------------------------------------------------
def test_what_an_import_writes_only_its_owner_can_read(tmp_path, fixture_db, monkeypatch):
    monkeypatch.setenv("PRAKERJA_ID_KEY", KEY)
    folder = tmp_path / "baru" / "data"
    path = folder / "prakerja.duckdb"
    first = import_file(write_csv(tmp_path / "a.csv", [person(1)]), path)
    assert first.ok, first.message
    rejected = tmp_path / "ditolak.csv"
    second = import_file(write_csv(tmp_path / "b.csv", [person(2), person(3, jenis_kelamin="?")]), path,
                         keep_valid=True, rejected_out=rejected)
    assert second.ok and second.backup is not None

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(folder) == mode(folder.parent) == 0o700
    assert mode(path) == 0o600 and mode(rejected) == 0o600
    assert mode(load.backups_dir(path)) == 0o700
    assert [mode(p) for p in load.backups_dir(path).iterdir()] == [0o600]
    os.chmod(path, 0o644)
    restore(path)
    assert mode(path) == 0o600 and all(mode(p) == 0o600 for p in load.backups_dir(path).iterdir())
    assert table_rows(path, "SELECT alumni_id FROM alumni") == [("PRK-00001",)]
