"""Checking and loading an alumni file (imports/validate.py, imports/load.py) against hand-worked
expectations: written to kill the mutants of scripts/mutation.py that survived the rest of the
suite (see docs/testing.md). Rows are handed to `validate.check` as the reader hands them (row
numbers as the spreadsheet shows them), so most tests need no file at all.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import logging
import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from prakerja_dash.data import contracts
from prakerja_dash.imports import load, validate
from prakerja_dash.imports.reading import Table
from prakerja_dash.imports.validate import Problem, check

HEADER = ["id_peserta", "jenis_kelamin", "usia", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar",
          "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum", "status_sesudah",
          "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah"]


def person(i: int, **changes) -> dict:
    row = {"id_peserta": f"UJI-{i:03d}", "jenis_kelamin": "P", "usia": "30", "pendidikan": "SMA",
           "kabupaten_kota": "Kota Jambi", "gelombang": "30", "tanggal_daftar": "15/06/2022",
           "kategori_pelatihan": "Penjualan dan Pemasaran", "judul_pelatihan": "Pemasaran Digital",
           "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja", "status_sesudah": "Pekerja",
           "memulai_usaha": "Tidak", "jumlah_karyawan": "0", "pendapatan_sebelum": "0",
           "pendapatan_sesudah": "1500000"}
    row.update(changes)
    return row


def table(rows: list[dict], header: list[str] | None = None, first: int = 2) -> Table:
    names = header or HEADER
    return Table(header=list(names), original_header=list(names),
                 rows=iter([(first + i, [row.get(n) for n in names]) for i, row in enumerate(rows)]),
                 ignored_columns=["Catatan"])


def checked(rows: list[dict], **kwargs) -> validate.Checked:
    return check(table(rows, **kwargs), b"kunci")


def problems(result: validate.Checked) -> list[tuple]:
    return [(p.row, p.column, p.rule, p.value) for p in result.problems]


# --- validate ---------------------------------------------------------------------------------------------
def test_a_valid_file_becomes_one_row_per_alumnus():
    rows = [person(1), person(2, jenis_kelamin="L", usia="45", pendidikan="S1", kabupaten_kota="15.06",
                                gelombang="50", tanggal_daftar="01/03/2023", kategori_pelatihan="Makanan & Minuman",
                                judul_pelatihan="", lembaga_pelatihan=None, status_sebelum="Wirausaha",
                                status_sesudah="Wirausaha", memulai_usaha="Ya", jumlah_karyawan="3",
                                pendapatan_sebelum="Rp 1.000.000", pendapatan_sesudah="2.500.000"),
            person(3, status_sesudah="", memulai_usaha="", jumlah_karyawan="", pendapatan_sebelum="",
                   pendapatan_sesudah="")]
    result = checked(rows)
    assert result.problems == [] and result.rows_in == 3 and result.loaded == 3
    assert result.ignored_columns == ["Catatan"] and result.dropped_personal_columns == []
    valid = result.valid
    assert list(valid.columns) == ["row", "alumni_id", "gender", "education", "regency_code", "category_id", "title",
                                   "provider", "status_before", "status_after", "wave", "age", "employees",
                                   "started_business", "income_before_rp", "income_after_rp", "registered_on", "year"]
    assert valid["row"].tolist() == [2, 3, 4]
    assert valid["alumni_id"].tolist() == ["UJI-001", "UJI-002", "UJI-003"]
    assert valid["gender"].tolist() == ["P", "L", "P"]
    assert valid["education"].tolist() == ["sma", "sarjana", "sma"]
    assert valid["regency_code"].tolist() == ["15.71", "15.06", "15.71"]  # 15.06 is Kemendagri's Tanjab Barat
    assert valid["category_id"].tolist() == ["pemasaran", "makanan", "pemasaran"]
    assert valid["title"].tolist() == ["Pemasaran Digital", "(tidak disebut)", "Pemasaran Digital"]
    assert valid["provider"].tolist() == ["LPK Uji", "(tidak disebut)", "LPK Uji"]
    assert valid["status_before"].tolist() == ["tidak_bekerja", "wirausaha", "tidak_bekerja"]
    assert [None if pd.isna(v) else v for v in valid["status_after"]] == ["pekerja", "wirausaha", None]
    assert valid["wave"].tolist() == [30, 50, 30] and valid["year"].tolist() == [2022, 2023, 2022]
    assert valid["age"].tolist() == [30, 45, 30]
    assert valid["employees"].tolist() == [0, 3, 0]
    assert valid["started_business"].tolist() == [False, True, False] and valid["started_business"].dtype == bool
    assert [None if pd.isna(v) else v for v in valid["income_before_rp"]] == [0, 1_000_000, None]
    assert [None if pd.isna(v) else v for v in valid["income_after_rp"]] == [1_500_000, 2_500_000, None]
    assert valid["registered_on"].astype(str).tolist() == ["2022-06-15", "2023-03-01", "2022-06-15"]


def test_missing_columns_are_named_on_row_1():
    result = checked([person(1)], header=["jenis_kelamin", "pendidikan", "gelombang"])
    assert problems(result) == [(1, "id_peserta atau nik, kabupaten_kota, tanggal_daftar, kategori_pelatihan, "
                                    "status_sebelum, usia atau tanggal_lahir", "kolom wajib tidak ada", "")]
    assert result.loaded == 0 and result.rows_in == 0


def test_a_header_without_rows():
    assert problems(checked([])) == [(2, "", "tidak ada baris data di bawah judul kolom", "")]


def test_totals_rows_are_skipped_and_blank_gender_is_a_problem():
    rows = [person(1), {"id_peserta": "  Jumlah "}, {"id_peserta": "TOTAL", "usia": "3"}, person(2, jenis_kelamin=" ")]
    result = checked(rows)
    assert result.skipped_rows == [3, 4] and result.rows_in == 2
    assert problems(result) == [(5, "jenis_kelamin", "wajib diisi", "")]
    assert result.rejected_rows == [5] and result.valid["row"].tolist() == [2]


def test_problems_of_one_row_in_column_order_and_cached_values():
    rows = [person(1, jenis_kelamin="X", usia="12", gelombang="99", kategori_pelatihan="Memasak",
                   status_sebelum="Pensiun"),
            person(2, jenis_kelamin="X"), person(3, jenis_kelamin="X")]
    result = checked(rows)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "jenis_kelamin"), (2, "gelombang"), (2, "usia"), (2, "kategori_pelatihan"), (2, "status_sebelum"),
        (3, "jenis_kelamin"), (4, "jenis_kelamin")]
    rules = {p.rule for p in result.problems if p.column == "jenis_kelamin"}
    assert rules == {"jenis kelamin harus L/P, Laki-laki/Perempuan atau Pria/Wanita"}  # the cached value too
    assert [p.value for p in result.problems if p.column == "jenis_kelamin"] == ["X", "X", "X"]
    assert result.rejected_rows == [2, 3, 4]
    assert result.problems[2].rule == "usia harus bilangan bulat 18-64" and result.valid.empty


def test_a_parser_that_breaks_is_a_problem_not_a_crash(monkeypatch):
    def broken(value, matcher):
        raise TypeError("boom")

    monkeypatch.setattr(validate.parse, "regency", broken)
    result = checked([person(1)])
    assert problems(result) == [(2, "kabupaten_kota", "nilai tidak dapat dibaca", "Kota Jambi")]


def test_age_from_a_birth_date():
    header = [c if c != "usia" else "tanggal_lahir" for c in HEADER]
    rows = [person(1, tanggal_lahir="16/06/2004"),  # one day short of 18 on 15/06/2022
            person(2, tanggal_lahir="15/06/2004"),  # 18 that day
            person(3, tanggal_lahir="15/06/1958"),  # 64
            person(4, tanggal_lahir="14/06/1957")]  # 65
    result = checked(rows, header=header)
    assert [(p.row, p.column, p.rule, p.value) for p in result.problems] == [
        (2, "tanggal_lahir", "usia saat mendaftar harus 18-64", "16/06/2004"),
        (5, "tanggal_lahir", "usia saat mendaftar harus 18-64", "14/06/1957")]
    ok = checked(rows[1:3], header=header)
    assert ok.valid["age"].tolist() == [18, 64]


def test_an_answer_needs_both_incomes():
    result = checked([person(1, pendapatan_sebelum=""), person(2, pendapatan_sesudah=None),
                      person(3, status_sesudah="", pendapatan_sebelum="", pendapatan_sesudah="")])
    assert problems(result) == [(2, "pendapatan_sebelum/pendapatan_sesudah", "wajib diisi bila status_sesudah diisi",
                                 ""), (3, "pendapatan_sebelum/pendapatan_sesudah",
                                       "wajib diisi bila status_sesudah diisi", "")]


@pytest.mark.parametrize(("wave", "registered", "rule"), [
    ("30", "10/04/2020", "tanggal daftar sebelum Kartu Prakerja dibuka pada 11/04/2020; tidak ada yang terdaftar "
                         "sebelumnya"),
    ("1", "09/08/2020", "tanggal daftar terlalu lambat untuk gelombang 1: peserta gelombang 1 terdaftar antara "
                        "11/04/2020 (program dibuka) dan 08/08/2020 (gelombang 4 dibuka hari itu, setelah gelombang 1 "
                        "ditutup)"),
    ("71", "01/01/2025", "tanggal daftar terlalu lambat untuk gelombang 71: peserta gelombang 71 terdaftar antara "
                         "11/04/2020 (program dibuka) dan 31/12/2024 (akhir tahun gelombang 71, gelombang terakhir)"),
    ("x", "01/01/2025", "tanggal daftar setelah gelombang terakhir (71) berakhir (31/12/2024)"),
])
def test_registration_dates_word_for_word(wave, registered, rule):
    result = checked([person(1, gelombang=wave, tanggal_daftar=registered)])
    assert (2, "tanggal_daftar", rule, registered) in problems(result)


@pytest.mark.parametrize(("wave", "registered"), [("1", "11/04/2020"), ("1", "08/08/2020"), ("71", "31/12/2024"),
                                                  ("x", "31/12/2024")])
def test_registration_dates_at_the_edges_pass(wave, registered):
    result = checked([person(1, gelombang=wave, tanggal_daftar=registered)])
    assert not [p for p in result.problems if p.column == "tanggal_daftar"]


def test_repeated_people_are_rejected_everywhere_they_appear():
    result = checked([person(1), person(2), person(1), person(3)])
    assert problems(result) == [(2, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "UJI-001"),
                                (4, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "UJI-001")]
    assert result.rejected_rows == [2, 4]
    assert result.valid["row"].tolist() == [3, 5]  # what a caller keeping the valid rows loads


def test_repeated_niks_show_only_their_last_four_digits():
    header = ["nik" if c == "id_peserta" else c for c in HEADER]
    rows = [person(1, nik="3273050101900001"), person(2, nik="3273050101900001"), person(3, nik="3273050101900002")]
    result = checked(rows, header=header)
    assert problems(result) == [(2, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "************0001"),
                                (3, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "************0001")]
    assert result.niks == 3


def test_zeroed_niks_need_five_rows_and_a_majority():
    header = ["nik" if c == "id_peserta" else c for c in HEADER]
    zeroed = [f"32730501019{i:04d}0" for i in range(1, 7)]
    three_of_six = [person(i, nik=zeroed[i] if i < 3 else f"32730501019{i:04d}1") for i in range(6)]
    assert checked(three_of_six, header=header).problems == []  # half is not most
    four = [person(i, nik=zeroed[i]) for i in range(4)]
    assert checked(four, header=header).problems == []  # fewer than five NIKs: too few to judge
    result = checked([person(i, nik=zeroed[i]) for i in range(5)] + [person(9, nik="3273050101900091")],
                     header=header)
    rule = "NIK berakhiran 0 di sebagian besar baris: digit terakhir dinolkan oleh Excel; simpan NIK sebagai teks"
    assert problems(result) == [(2 + i, "nik", rule, "*" * 12 + zeroed[i][-4:]) for i in range(5)]
    assert result.rejected_rows == [2, 3, 4, 5, 6]


def test_a_nik_makes_a_keyed_pseudonym():
    header = ["nik" if c == "id_peserta" else c for c in HEADER]
    first = check(table([person(1, nik="3273050101900001")], header=header), b"kunci").valid["alumni_id"][0]
    again = check(table([person(1, nik="3273050101900001")], header=header), b"kunci").valid["alumni_id"][0]
    other = check(table([person(1, nik="3273050101900001")], header=header), b"lain").valid["alumni_id"][0]
    assert first == again != other and first.startswith("NIK-") and "3273" not in first


def test_checking_stops_at_max_problems(monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 3)
    rows = [person(1, jenis_kelamin="X", usia="1"), person(2), person(3, jenis_kelamin="X", usia="1"),
            person(4, jenis_kelamin="X")]
    result = checked(rows)
    assert [(p.row, p.column) for p in result.problems] == [(2, "jenis_kelamin"), (2, "usia"), (4, "jenis_kelamin")]
    assert result.stopped_at == 4 and result.rejected_rows == [2, 4] and result.valid.empty
    exactly = checked(rows[:3])  # 4 problems in 3 rows: stops on the row that reaches the limit
    assert exactly.stopped_at == 4
    two = checked(rows[:2])
    assert two.stopped_at is None and len(two.problems) == 2


def test_valid_rows_are_kept_when_the_rest_is_rejected_by_a_later_check():
    result = checked([person(1), person(2), person(1)])
    assert result.rejected_rows == [2, 4]
    state = validate._State(validate.Checked(rows_in=0, valid=pd.DataFrame()), b"k")
    for number, row in ((2, person(1)), (3, person(2)), (4, person(1)), (5, person(3))):
        state.row(number, [row.get(n) for n in HEADER], HEADER)
    state.after_all_rows()
    frame = state.frame()
    assert frame["row"].tolist() == [3, 5] and frame["alumni_id"].tolist() == ["UJI-002", "UJI-003"]
    assert frame["regency_code"].tolist() == ["15.71", "15.71"] and frame["wave"].tolist() == [30, 30]


def test_nothing_valid_makes_an_empty_frame():
    state = validate._State(validate.Checked(rows_in=0, valid=pd.DataFrame()), b"k")
    assert state.frame().empty
    for number in (2, 3):
        state.row(number, [person(1).get(n) for n in HEADER], HEADER)
    state.after_all_rows()
    assert state.frame().empty


def test_shown_values():
    assert validate.shown("nik", "3273050101900001") == "************0001"
    assert validate.shown("usia", None) == ""
    assert validate.shown("usia", "a\x00b") == "ab"
    assert validate.shown("judul_pelatihan", "x" * 300) == "x" * 80
    assert validate.shown("judul_pelatihan", "id 3273050101900001") == "id ************0001"
    assert Problem(7, "usia", "aturan", "12").as_dict() == {"baris": 7, "kolom": "usia", "aturan": "aturan",
                                                          "nilai": "12"}


def test_english_category_labels_are_understood():
    result = checked([person(1, kategori_pelatihan="Food & Beverage")])
    assert result.problems == [] or result.valid["category_id"].tolist() == ["makanan"]


# --- load -------------------------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def rows_of(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_id_key_comes_from_settings_the_environment_or_a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("PRAKERJA_ID_KEY", raising=False)
    db_path = tmp_path / "new" / "sub" / "prakerja.duckdb"
    assert load.id_key(db_path, "rahasia") == (b"rahasia", None)
    monkeypatch.setenv("PRAKERJA_ID_KEY", "dari-env")
    assert load.id_key(db_path) == (b"dari-env", None)
    assert load.id_key(db_path, "rahasia") == (b"rahasia", None)
    monkeypatch.delenv("PRAKERJA_ID_KEY")
    key, warning = load.id_key(db_path)
    path = db_path.parent / ".id_key"
    assert path.read_bytes() == key and len(key) == 64 and int(key, 16) >= 0
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(db_path.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(db_path.parent.parent.stat().st_mode & 0o777) == "0o700"
    assert warning == (f"PRAKERJA_ID_KEY tidak diatur: kunci acak dibuat di {path}. Simpan salinannya; tanpa kunci "
                       "yang sama, NIK yang sama akan mendapat ID lain pada impor berikutnya.")
    assert load.id_key(db_path) == (key, None)  # made once, then read


def test_disk_full_and_database_problems_in_words(tmp_path):
    assert load.disk_full(OSError(errno.ENOSPC, "full")) and load.disk_full(OSError(errno.EDQUOT, "quota"))
    assert not load.disk_full(OSError(errno.EACCES, "no")) and not load.disk_full(ValueError("No space left"))
    assert load.disk_full(duckdb.IOException("IO Error: No space left on device"))
    assert load.disk_full(duckdb.IOException("Disk Quota exceeded")) and load.disk_full(duckdb.Error("disk is full"))
    assert not load.disk_full(duckdb.IOException("could not open"))
    p = tmp_path / "x.duckdb"
    locked = duckdb.IOException("Could not set lock on file: Conflicting lock ... PID 4242")
    assert load.database_problem(p, locked) == (
        f"basis data {p} sedang dipakai dan dikunci oleh proses lain (PID 4242); tutup proses itu lalu coba lagi")
    assert load.database_problem(p, duckdb.IOException("Could not set lock")) == (
        f"basis data {p} sedang dipakai dan dikunci oleh proses lain; tutup proses itu lalu coba lagi")
    assert load.database_problem(p, duckdb.IOException("The file is not a valid DuckDB database file!")) == (
        f"{p} bukan berkas basis data DuckDB; pilih berkas lain dengan --db")
    assert load.database_problem(p, OSError("Is a directory")) == f"{p} adalah folder, bukan berkas basis data"
    assert load.database_problem(p, duckdb.CatalogException("Table dataset_info does not exist")) == (
        f"{p} adalah basis data DuckDB, tetapi bukan basis data dasbor ini (tidak ada dataset_info)")
    # a library's own words go to the log, never into the sentence (issue 23, item 7)
    assert load.database_problem(p, ValueError("no row")) == (
        f"{p} tidak lengkap atau rusak (keterangan datanya tidak terbaca); rinciannya dicatat di log")
    for rare in (RuntimeError("first line\nsecond"), RuntimeError("")):
        assert load.database_problem(p, rare) == (
            f"basis data {p} tidak dapat dibuka oleh DuckDB; rinciannya dicatat di log")
    corrupt = duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at "
                           "location 4096")  # 'block' holds 'lock': not a locked file
    assert load.database_problem(p, corrupt) == (
        f"basis data {p} rusak (DuckDB menemukan blok yang tidak utuh); pulihkan sebuah cadangan (restore)")


def test_stale_build_folders_are_removed_after_a_minute(folder):
    db_path = folder / "prakerja.duckdb"
    old, new, restore_old = folder / ".import-old", folder / ".import-new", folder / ".restore-old"
    for path in (old, new, restore_old):
        path.mkdir()
    stale = time.time() - 120
    os.utime(old, (stale, stale))
    os.utime(restore_old, (stale, stale))
    (folder / ".import-file").write_text("x")
    os.utime(folder / ".import-file", (stale, stale))
    load._stale_builds(db_path)
    assert not old.exists() and not restore_old.exists() and new.exists() and (folder / ".import-file").exists()


def test_the_pause_for_tests(monkeypatch, capsys):
    monkeypatch.setenv("PRAKERJA_IMPORT_PAUSE", "0.2")
    started = time.monotonic()
    load._pause_for_tests()
    assert time.monotonic() - started >= 0.2
    assert capsys.readouterr().err == "import paused before the swap\n"
    monkeypatch.setenv("PRAKERJA_IMPORT_PAUSE", "")
    load._pause_for_tests()
    assert capsys.readouterr().err == ""


def test_first_import_loads_every_column(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1), person(2, gelombang="50", tanggal_daftar="01/03/2023", status_sesudah="Wirausaha",
                              memulai_usaha="Ya", jumlah_karyawan="4", kategori_pelatihan="Makanan & Minuman",
                              pendapatan_sebelum="500000", pendapatan_sesudah="900000"),
            person(3, status_sesudah="", pendapatan_sebelum="", pendapatan_sesudah="", memulai_usaha="",
                   jumlah_karyawan="")]
    source = write_csv(tmp_path / "alumni.csv", rows)
    result = load.import_file(source, db_path)
    assert (result.ok, result.rows_in, result.loaded, result.rejected, result.version, result.mode) == (
        True, 3, 3, 0, 1, "ganti")
    assert result.message == "3 alumni dimuat (ganti); versi data 1" and result.backup is None
    assert rows_of(db_path, "SELECT alumni_id, wave, year, registered_on, regency_code, gender::VARCHAR, age, "
                            "education::VARCHAR, status_before::VARCHAR, completed, scheme::VARCHAR, "
                            "training_budget_rp, incentive_rp, survey_incentive_rp FROM alumni ORDER BY 1") == [
        ("UJI-001", 30, 2022, date(2022, 6, 15), "15.71", "P", 30, "sma", "tidak_bekerja", True, "semi_bansos",
         1_000_000, 2_400_000, 150_000),
        ("UJI-002", 50, 2023, date(2023, 3, 1), "15.71", "P", 30, "sma", "tidak_bekerja", True, "normal",
         3_500_000, 600_000, 100_000),
        ("UJI-003", 30, 2022, date(2022, 6, 15), "15.71", "P", 30, "sma", "tidak_bekerja", True, "semi_bansos",
         1_000_000, 2_400_000, 0)]  # not surveyed: no survey incentive
    assert rows_of(db_path, "SELECT alumni_id, surveyed_on, status_after::VARCHAR, started_business, business_sector, "
                            "employees, income_before_rp, income_after_rp FROM business_outcomes ORDER BY 1") == [
        ("UJI-001", None, "pekerja", False, None, 0, 0, 1_500_000),
        ("UJI-002", None, "wirausaha", True, "makanan", 4, 500_000, 900_000)]
    assert rows_of(db_path, "SELECT training_id, title, category_id, provider, platform, mode::VARCHAR, hours, "
                            "price_rp, scheme::VARCHAR FROM trainings ORDER BY 1") == [
        (1, "Pemasaran Digital", "pemasaran", "LPK Uji", "(tidak disebut)", "daring", None, None, "semi_bansos"),
        (2, "Pemasaran Digital", "makanan", "LPK Uji", "(tidak disebut)", "daring", None, None, "normal")]
    assert rows_of(db_path, "SELECT training_id FROM alumni ORDER BY alumni_id") == [(1,), (2,), (1,)]
    info = rows_of(db_path, "SELECT source::VARCHAR, version, file_name, file_sha256 FROM dataset_info")
    assert info == [("import", 1, "alumni.csv", hashlib.sha256(source.read_bytes()).hexdigest())]
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"
    assert (folder / "audit.jsonl").exists() is False  # the audit log is where the environment says
    assert (tmp_path / "audit.jsonl").read_text().count('"import"') == 1


def test_a_second_file_merges_and_the_same_file_changes_nothing(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    first = write_csv(tmp_path / "a.csv", [person(1), person(2)])
    assert load.import_file(first, db_path).version == 1
    again = load.import_file(first, db_path)
    assert (again.ok, again.unchanged, again.version, again.message) == (
        True, True, 1, "berkas ini sudah dimuat; tidak ada yang berubah")
    second = write_csv(tmp_path / "b.csv", [person(2, usia="41", judul_pelatihan="Baru"), person(3)])
    merged = load.import_file(second, db_path)
    assert (merged.ok, merged.mode, merged.version, merged.message) == (
        True, "gabung", 2, "2 alumni dimuat (gabung); versi data 2")
    assert merged.backup is not None and merged.backup.parent == folder / "backups"
    assert merged.backup.name.startswith("prakerja-v1-") and merged.backup.suffix == ".duckdb"
    assert rows_of(db_path, "SELECT alumni_id, age, training_id FROM alumni ORDER BY 1") == [
        ("UJI-001", 30, 1), ("UJI-002", 41, 2), ("UJI-003", 30, 1)]  # the file's row wins; a new training is 2
    assert rows_of(db_path, "SELECT count(*) FROM business_outcomes") == [(3,)]
    replaced = load.import_file(second, db_path, replace=True)
    assert (replaced.mode, replaced.version) == ("ganti", 3)
    assert rows_of(db_path, "SELECT alumni_id FROM alumni ORDER BY 1") == [("UJI-002",), ("UJI-003",)]


def test_refused_files_say_why(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    bad = load.import_file(write_csv(tmp_path / "bad.csv", [person(1, usia="12"), person(2)]), db_path)
    assert (bad.ok, bad.message, bad.rejected, bad.loaded) == (False, "1 masalah ditemukan; tidak ada yang dimuat", 1,
                                                               1)
    assert not db_path.exists()
    none = load.import_file(write_csv(tmp_path / "none.csv", [person(1, usia="12")]), db_path, keep_valid=True)
    assert (none.ok, none.message) == (False, "tidak ada baris yang sah untuk dimuat")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = load.import_file(empty, db_path)
    assert (result.ok, result.message) == (False, "berkas kosong")
    assert [(p.row, p.column, p.rule, p.value) for p in result.problems] == [(0, "", "berkas kosong", "empty.csv")]
    assert not db_path.exists()


def test_keep_valid_writes_the_rejected_rows_for_the_owner(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1), person(2, usia="12", judul_pelatihan="=1+1", lembaga_pelatihan="NIK 3273050101900001"),
            person(3)]
    out = tmp_path / "ditolak.csv"
    result = load.import_file(write_csv(tmp_path / "a.csv", rows), db_path, keep_valid=True, rejected_out=out)
    assert (result.ok, result.loaded, result.rejected, result.rejected_file) == (True, 2, 1, out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == ["baris", "masalah", *HEADER]
    assert written[1][:3] == ["3", "usia: usia harus bilangan bulat 18-64", "UJI-002"]
    assert written[1][HEADER.index("judul_pelatihan") + 2] == "'=1+1"
    assert written[1][HEADER.index("lembaga_pelatihan") + 2] == "NIK ************0001"
    assert len(written) == 2


def test_cell_text():
    assert load._cell_text("x", ["a"], 3) == "" and load._cell_text("x", [None], 0) == ""
    assert load._cell_text("id_peserta", ["3.27305E+15"], 0) != "3.27305E+15"
    assert load._cell_text("judul", ["@SUM(1)"], 0) == "'@SUM(1)"
    assert load._cell_text("judul", ["a\x07b"], 0) == "ab"


def test_backups_keep_the_newest_five(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    made = []
    for version in range(7):
        db_path.unlink(missing_ok=True)
        db_path.write_bytes(b"v%d" % version)  # a new file each time: a backup is a hard link to the old one
        made.append(load._keep_backup(db_path, version))
        os.utime(made[-1], (1_000 + version, 1_000 + version))
    kept = sorted(p.name for p in (folder / "backups").iterdir())
    assert kept == sorted(p.name for p in made[2:])
    assert all(p.name.startswith(f"prakerja-v{i + 2}-") for i, p in enumerate(made[2:]))
    assert oct((folder / "backups").stat().st_mode & 0o777) == "0o700"
    assert oct(made[-1].stat().st_mode & 0o777) == "0o600"


def test_restore_takes_the_newest_backup_back(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    with pytest.raises(FileNotFoundError, match=r"^tidak ada cadangan di .*backups$"):
        load.restore(db_path)
    load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path)
    load.import_file(write_csv(tmp_path / "b.csv", [person(2)]), db_path)
    load.import_file(write_csv(tmp_path / "c.csv", [person(3)]), db_path)
    chosen = load.restore(db_path)
    assert chosen.name.startswith("prakerja-v2-")
    assert rows_of(db_path, "SELECT version FROM dataset_info") == [(2,)]
    assert rows_of(db_path, "SELECT alumni_id FROM alumni ORDER BY 1") == [("UJI-001",), ("UJI-002",)]
    backups = sorted((folder / "backups").iterdir(), key=lambda p: p.stat().st_mtime)
    assert backups[-1].name.startswith("prakerja-v3-")  # the data replaced by the restore is kept


# --- survivors of the imports run (docs/testing.md) ------------------------------------------------------
def test_a_database_that_breaks_a_contract_in_words(tmp_path):
    p = tmp_path / "lama.duckdb"
    broken = contracts.Broken("wave_in_its_year", "the year matches the wave", 1234, "alumni_id", ("A-1", "B-2"))
    assert load.database_problem(p, contracts.ContractViolation([broken])) == (
        f'basis data {p} melanggar aturan "tahun sesuai gelombangnya" pada 1.234 baris (mis. A-1, B-2); basis data '
        "itu tidak dipakai")


def test_other_database_problems_by_their_words(tmp_path):
    p = tmp_path / "x.duckdb"
    assert load.database_problem(p, duckdb.IOException("The file is Not a DuckDB file")) == (
        f"{p} bukan berkas basis data DuckDB; pilih berkas lain dengan --db")
    long = "e" * 250  # the library's text is for the log only, however long
    assert load.database_problem(p, RuntimeError(long + "\nsecond")) == (
        f"basis data {p} tidak dapat dibuka oleh DuckDB; rinciannya dicatat di log")


def test_an_import_refused_by_a_contract_names_the_rule_and_the_rows():
    first = contracts.Broken("alumni_id_unique", "one row each", 1234, "alumni_id", ("A", "Z", "B"))
    second = contracts.Broken("wave_in_its_year", "year of wave", 2, "wave", ("7",))
    third = contracts.Broken("scheme_of_wave", "scheme of wave", 1, "alumni_id", ("C", "B"))
    rows = pd.DataFrame({"alumni_id": ["X", "A", "B", "C"], "row": [2, 5, 9, 11]})
    earlier = Problem(3, "usia", "aturan", "12")
    result = load._refused(load.ImportResult(ok=True, problems=[earlier]),
                           contracts.ContractViolation([first, second, third]), rows, "id")
    rule1 = "setiap alumni hanya satu baris (id_peserta/NIK tidak berulang)"
    rule2 = "tahun sesuai gelombangnya"
    rule3 = "skema (semi-bansos/normal) sesuai gelombangnya"
    assert result.ok is False
    assert result.message == (
        f'Impor dibatalkan: data melanggar aturan "{rule1}" pada 1.234 baris (mis. baris 5, alumni_id Z (sudah '
        f"tersimpan), baris 9). Data yang tersimpan tidak berubah. Aturan lain yang juga dilanggar: {rule2}; "
        f"{rule3}.")
    assert result.problems == [Problem(5, "alumni_id", rule1, "A"), Problem(0, "alumni_id", rule1, "Z"),
                               Problem(9, "alumni_id", rule1, "B"), Problem(0, "wave", rule2, "7"),
                               Problem(11, "alumni_id", rule3, "C"), Problem(9, "alumni_id", rule3, "B"), earlier]


def test_a_refusal_in_english_with_examples_that_are_not_alumni():
    only = contracts.Broken("wave_in_its_year", "year of wave", 1200, "wave", ("7", "8"))
    rows = pd.DataFrame({"alumni_id": ["7"], "row": [4]})  # an alumni_id that looks like the example: not used
    result = load._refused(load.ImportResult(ok=True), contracts.ContractViolation([only]), rows, "en")
    assert result.message == ('Import cancelled: the data breaks the rule "the year matches the wave" in 1,200 rows '
                              "(e.g. wave 7, wave 8). The stored data is unchanged.")
    assert result.problems == [Problem(0, "wave", "the year matches the wave", "7"),
                               Problem(0, "wave", "the year matches the wave", "8")]


def test_the_rejected_rows_come_from_the_sheet_that_was_imported(folder, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "catatan"
    workbook.active.append(["keterangan", "isi"])
    for i in range(4):
        workbook.active.append([f"catatan {i}", "x"])
    sheet = workbook.create_sheet("alumni")
    sheet.append(HEADER)
    for row in (person(1), person(2, usia="12", jenis_kelamin="X"), person(3)):
        sheet.append([row[c] for c in HEADER])
    path = tmp_path / "dua-lembar.xlsx"
    workbook.save(path)
    out = tmp_path / "ditolak.csv"
    result = load.import_file(path, folder / "prakerja.duckdb", sheet="alumni", keep_valid=True, rejected_out=out)
    assert (result.ok, result.loaded, result.rejected) == (True, 2, 1)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == ["baris", "masalah", *HEADER]
    assert written[1][:3] == ["3", "jenis_kelamin: jenis kelamin harus L/P, Laki-laki/Perempuan atau Pria/Wanita | "
                                   "usia: usia harus bilangan bulat 18-64", "UJI-002"] and len(written) == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbfbaris;masalah;")  # a BOM, so Excel reads it as UTF-8


def test_a_short_row_gives_blank_cells():
    assert load._cell_text("x", ["a"], 1) == "" and load._cell_text("x", ["a", "b"], 1) == "b"


def test_the_rejected_rows_leave_the_nik_column_out(folder, tmp_path):
    header = ["nik" if c == "id_peserta" else c for c in HEADER]
    rows = [{("nik" if k == "id_peserta" else k): v for k, v in person(i, usia=age).items()}
            for i, age in ((1, "30"), (2, "12"))]
    rows[0]["nik"], rows[1]["nik"] = "3273050101900001", "3273050101900002"
    out = tmp_path / "ditolak.csv"
    result = load.import_file(write_csv(tmp_path / "nik.csv", rows), folder / "prakerja.duckdb", keep_valid=True,
                              rejected_out=out)
    assert (result.ok, result.loaded, result.rejected) == (True, 1, 1)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == ["baris", "masalah", *header[1:]]
    assert written[1][:3] == ["3", "usia: usia harus bilangan bulat 18-64", "P"] and len(written) == 2
    assert "3273050101900002" not in out.read_text(encoding="utf-8-sig")


def test_shown_masks_the_nik_column_and_only_damaged_participant_ids():
    assert validate.shown("nik", "327305010190001") == "************0001"  # 15 digits: no NIK shape, still masked
    assert validate.shown("id_peserta", "UJI-001") == "UJI-001"
    assert validate.shown("id_peserta", "3.27305E+15") == "(disamarkan)"
    assert validate.shown("usia", "3.27305E+15") == "3.27305E+15"  # only an id column holds a NIK Excel damaged
    assert validate.shown("usia", "\x00" * 190 + "x" * 20) == "x" * 10  # the first 200 characters, then cleaned


def _three_versions(folder: Path, tmp_path: Path) -> Path:
    db_path = folder / "prakerja.duckdb"
    for i, name in enumerate(("a", "b", "c"), start=1):
        load.import_file(write_csv(tmp_path / f"{name}.csv", [person(i)]), db_path)
    return db_path  # live: version 3 (UJI-001..003); backups: v1 (UJI-001) and v2 (UJI-001, UJI-002)


def test_restore_takes_the_newest_backup_by_time_not_by_name(folder, tmp_path):
    db_path = _three_versions(folder, tmp_path)
    v1 = next((folder / "backups").glob("prakerja-v1-*"))
    v2 = next((folder / "backups").glob("prakerja-v2-*"))
    os.utime(v2, (1_000, 1_000))
    os.utime(v1, (2_000, 2_000))  # v1 was made (or copied back) last
    assert load.restore(db_path) == v1
    assert rows_of(db_path, "SELECT alumni_id FROM alumni") == [("UJI-001",)]


def test_restore_of_a_chosen_backup_is_audited(folder, tmp_path, monkeypatch):
    db_path = _three_versions(folder, tmp_path)
    v1 = next((folder / "backups").glob("prakerja-v1-*"))
    staged = []
    copy2 = load.shutil.copy2

    def recording_copy(source, target, *args, **kwargs):
        staged.append(Path(target))
        return copy2(source, target, *args, **kwargs)

    monkeypatch.setattr(load.shutil, "copy2", recording_copy)
    assert load.restore(db_path, v1, user="budi", role="admin") == v1
    assert rows_of(db_path, "SELECT alumni_id, version FROM alumni, dataset_info") == [("UJI-001", 1)]
    # staged beside the live file (one file system: an atomic rename), where _stale_builds finds a leftover
    assert len(staged) == 1 and staged[0].parent.parent == folder and staged[0].parent.name.startswith(".restore-")
    assert staged[0].name == "prakerja.duckdb"
    entry = json.loads((tmp_path / "audit.jsonl").read_text().splitlines()[-1])
    assert (entry["action"], entry["user"], entry["role"], entry["detail"]) == (
        "restore", "budi", "admin", {"backup": v1.name})


def test_a_damaged_backup_is_refused_before_the_live_file_is_touched(folder, tmp_path):
    db_path = _three_versions(folder, tmp_path)
    damaged = folder / "backups" / "prakerja-v9-rusak.duckdb"
    damaged.write_bytes(b"bukan basis data" * 100)
    before = db_path.read_bytes()
    with pytest.raises(load.DatabaseUnusable, match="bukan berkas basis data DuckDB|tidak dapat dibuka"):
        load.restore(db_path, damaged)
    assert db_path.read_bytes() == before and len(list((folder / "backups").iterdir())) == 3


def test_backup_names_carry_the_utc_time_whatever_the_server_zone(folder, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    try:
        live = folder / "prakerja.duckdb"
        live.write_bytes(b"v1")
        made = load._keep_backup(live, 1)
    finally:
        monkeypatch.undo()
        time.tzset()
    stamp = datetime.strptime(made.name.removeprefix("prakerja-v1-").removesuffix(".duckdb"), "%Y%m%dT%H%M%S%f")
    assert abs(stamp.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)


def test_backups_are_copied_where_hard_links_are_refused(folder, monkeypatch):
    def no_link(source, target):
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(load.os, "link", no_link)
    live = folder / "prakerja.duckdb"
    live.write_bytes(b"versi satu")
    made = load._keep_backup(live, 1)
    assert made.read_bytes() == b"versi satu" and oct(made.stat().st_mode & 0o777) == "0o600"
    live.write_bytes(b"versi dua")  # a copy, not the same file
    assert made.read_bytes() == b"versi satu"


def test_a_copy_that_fails_leaves_no_half_backup_and_says_why(folder, monkeypatch):
    def no_link(source, target):
        raise OSError(errno.EXDEV, "cross-device link")

    def full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")  # before the target was even created

    monkeypatch.setattr(load.os, "link", no_link)
    monkeypatch.setattr(load.shutil, "copy2", full)
    live = folder / "prakerja.duckdb"
    live.write_bytes(b"v1")
    with pytest.raises(OSError) as error:
        load._keep_backup(live, 1)
    assert error.value.errno == errno.ENOSPC
    assert list((folder / "backups").iterdir()) == []


def test_the_oldest_backups_go_by_time_past_version_9(folder):
    live = folder / "prakerja.duckdb"
    made = []
    for version in range(8, 14):  # by name, v10 would sort before v8
        live.unlink(missing_ok=True)
        live.write_bytes(b"v%d" % version)
        made.append(load._keep_backup(live, version))
        os.utime(made[-1], (1_000 + version, 1_000 + version))
    assert sorted(p.name for p in (folder / "backups").iterdir()) == sorted(p.name for p in made[1:])


def test_columns_with_no_rows_are_empty():
    codes = validate._Codes().column(None)
    assert isinstance(codes, pd.Categorical) and len(codes) == 0 and list(codes.categories) == []
    numbers = validate._Numbers("q").column(None)
    assert numbers.dtype == "int64" and len(numbers) == 0


# --- survivors of the sampled imports run (300 mutants of validate.py and load.py) -----------------------
def test_a_blank_row_handed_to_check_is_a_row_of_missing_values_not_a_crash():
    # the reader leaves blank rows out; check() must not depend on that to find a first non-blank cell
    result = checked([person(1), {}])
    assert result.rows_in == 2 and result.rejected_rows == [3] and result.valid["row"].tolist() == [2]
    assert {p.row for p in result.problems} == {3} and {p.rule for p in result.problems} == {"wajib diisi"}


def test_a_nik_in_a_long_participant_id_is_hashed_not_refused_for_its_length():
    written = "NIK 3273050101900001 - dicatat petugas pendaftaran di kantor kecamatan Telanaipura"  # 82 characters
    result = checked([person(1, id_peserta=written)])
    assert result.problems == [] and result.niks == 1
    # HMAC-SHA256 of "3273050101900001" with the key b"kunci", first 24 hex digits
    assert result.valid["alumni_id"].tolist() == ["NIK-2ea56ffa6404604f1df68d87"]


def test_a_title_or_provider_too_long_is_named_in_the_rule():
    result = checked([person(1, judul_pelatihan="j" * 301, lembaga_pelatihan="l" * 301)])
    assert problems(result) == [(2, "judul_pelatihan", "judul pelatihan lebih dari 300 karakter", "j" * 80),
                                (2, "lembaga_pelatihan", "lembaga pelatihan lebih dari 300 karakter", "l" * 80)]


def test_the_number_of_employees_is_named_in_its_rule():
    result = checked([person(1, jumlah_karyawan="lima"), person(2, jumlah_karyawan="10001"),
                      person(3, jumlah_karyawan="2,5")])
    assert problems(result) == [
        (2, "jumlah_karyawan", "jumlah karyawan harus bilangan bulat 0-10000", "lima"),
        (3, "jumlah_karyawan", "jumlah karyawan harus bilangan bulat 0-10000", "10001"),
        (4, "jumlah_karyawan", "jumlah karyawan harus bilangan bulat 0-10000, tanpa pecahan atau pemisah ribuan",
         "2,5")]


def test_a_repeated_nik_ending_in_0000_is_shown_by_its_last_four_digits():
    header = ["nik" if c == "id_peserta" else c for c in HEADER]
    rows = [person(1, nik="3273050101900000"), person(2, nik="3273050101900000"), person(3, nik="3273050101900001")]
    result = checked(rows, header=header)  # three NIKs: too few for the zeroed-digit rule
    assert problems(result) == [(2, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "************0000"),
                                (3, "id_peserta/nik", "peserta yang sama muncul lebih dari sekali", "************0000")]


def test_a_refusal_in_english_names_the_other_broken_rules_in_english():
    first = contracts.Broken("wave_in_its_year", "year of wave", 3, "wave", ("7",))
    second = contracts.Broken("scheme_of_wave", "scheme of wave", 1, "alumni_id", ("C",))
    rows = pd.DataFrame({"alumni_id": ["C"], "row": [6]})
    result = load._refused(load.ImportResult(ok=True), contracts.ContractViolation([first, second]), rows, "en")
    scheme = "the scheme (semi-social-assistance/normal) matches the wave"
    assert result.message == ('Import cancelled: the data breaks the rule "the year matches the wave" in 3 rows '
                              f"(e.g. wave 7). The stored data is unchanged. Other rules also broken: {scheme}.")
    assert result.problems == [Problem(0, "wave", "the year matches the wave", "7"),
                               Problem(6, "alumni_id", scheme, "C")]


def audit_entries(tmp_path: Path) -> list[dict]:
    return [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]


def import_log(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "prakerja_dash.import"]


def test_imports_are_audited_with_their_user_and_a_refused_one_with_no_rows(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    good = load.import_file(write_csv(tmp_path / "a.csv", [person(1), person(2)]), db_path, user="budi",
                            role="operator")
    bad = load.import_file(write_csv(tmp_path / "b.csv", [person(3, usia="12"), person(4)]), db_path, user="sari",
                           role="admin")
    assert (good.ok, good.loaded) == (True, 2) and (bad.ok, bad.loaded) == (False, 1)  # 1 valid row, not loaded
    assert [(e["action"], e["user"], e["role"], e["rows"], e["detail"]) for e in audit_entries(tmp_path)] == [
        ("import", "budi", "operator", 2,
         {"file": "a.csv", "ok": True, "rows_in": 2, "rejected": 0, "version": 1, "mode": "ganti"}),
        ("import", "sari", "admin", 0,
         {"file": "b.csv", "ok": False, "rows_in": 2, "rejected": 1, "version": None, "mode": ""})]


def test_a_database_that_cannot_be_used_is_said_in_one_sentence(folder, tmp_path):
    source = write_csv(tmp_path / "a.csv", [person(1)])
    as_folder = folder / "folder.duckdb"
    as_folder.mkdir()
    result = load.import_file(source, as_folder)
    assert (result.ok, result.fault, result.message) == (False, "database",
                                                         f"{as_folder} adalah folder, bukan berkas basis data")
    other = folder / "lain.duckdb"
    other.write_bytes(b"bukan basis data" * 100)
    result = load.import_file(source, other)
    assert (result.ok, result.fault, result.message) == (
        False, "database", f"{other} bukan berkas basis data DuckDB; pilih berkas lain dengan --db")
    assert other.read_bytes() == b"bukan basis data" * 100


def failing_build(error: BaseException):
    def build(*args, **kwargs):
        raise error

    return build


def test_a_full_disk_is_logged_and_said(folder, tmp_path, monkeypatch, caplog):
    db_path = folder / "prakerja.duckdb"
    monkeypatch.setattr(load, "_build", failing_build(OSError(errno.ENOSPC, "No space left on device")))
    with caplog.at_level(logging.INFO, logger="prakerja_dash.import"):
        result = load.import_file(write_csv(tmp_path / "alumni.csv", [person(1)]), db_path)
    assert (result.ok, result.fault, result.message) == (
        False, "disk", f"disk penuh: impor dibatalkan dan data lama tidak berubah; kosongkan ruang di {folder} lalu "
                       "coba lagi")
    assert import_log(caplog) == [("ERROR", "import file=alumni.csv failed: disk full ([Errno 28] No space left on "
                                            "device)")]
    assert not db_path.exists()


def test_a_folder_without_write_permission_is_said(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "_build", failing_build(PermissionError(errno.EACCES, "Permission denied")))
    result = load.import_file(write_csv(tmp_path / "alumni.csv", [person(1)]), folder / "prakerja.duckdb")
    assert (result.ok, result.fault, result.message) == (
        False, "database", f"tidak ada izin menulis di {folder}; data lama tidak berubah")


def test_an_unexpected_error_is_logged_with_the_file_name_and_said(folder, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(load, "_build", failing_build(RuntimeError("rusak")))
    with caplog.at_level(logging.INFO, logger="prakerja_dash.import"):
        result = load.import_file(write_csv(tmp_path / "tmp123.csv", [person(1)]), folder / "prakerja.duckdb",
                                  display_name="alumni 2024.csv")
    assert (result.ok, result.fault, result.message) == (
        False, "internal", "impor gagal karena kesalahan tak terduga (RuntimeError); data lama tidak berubah dan "
                           "rinciannya dicatat di log")
    assert import_log(caplog) == [("ERROR", "import file=alumni 2024.csv failed")]
    assert caplog.records[-1].exc_info[0] is RuntimeError  # the traceback goes to the log


def test_a_loaded_import_is_logged_with_its_numbers(folder, tmp_path, caplog):
    rows = [person(1), person(2, usia="12"), person(3)]
    with caplog.at_level(logging.INFO, logger="prakerja_dash.import"):
        result = load.import_file(write_csv(tmp_path / "alumni.csv", rows), folder / "prakerja.duckdb",
                                  keep_valid=True)
    assert (result.ok, result.rows_in, result.loaded, result.rejected) == (True, 3, 2, 1)
    assert import_log(caplog) == [("INFO", "import file=alumni.csv rows_in=3 loaded=2 rejected=1 version=1 "
                                           "mode=ganti")]


def test_the_configured_id_key_wins_over_the_environment(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    row = {("nik" if k == "id_peserta" else k): v for k, v in person(1).items()} | {"nik": "3273050101900001"}
    result = load.import_file(write_csv(tmp_path / "nik.csv", [row]), db_path, configured_key="rahasia")
    assert (result.ok, result.warnings) == (True, [])
    # HMAC-SHA256 of the NIK with b"rahasia" (with PRAKERJA_ID_KEY's "kunci-uji": NIK-be4ce69d11047040384bbbbc)
    assert rows_of(db_path, "SELECT alumni_id FROM alumni") == [("NIK-5aca61ae7a103e229223f20b",)]


def test_an_import_stopped_at_max_problems_is_refused(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 2)
    db_path = folder / "prakerja.duckdb"
    rows = [person(1, usia="12"), person(2, usia="12"), person(3)]
    result = load.import_file(write_csv(tmp_path / "a.csv", rows), db_path, keep_valid=True)
    assert result.ok is False and result.loaded == 0
    assert result.message == "sedikitnya 2 masalah: pemeriksaan berhenti di baris 3 dan tidak ada yang dimuat"
    assert audit_entries(tmp_path)[-1]["detail"]["ok"] is False and not db_path.exists()


def test_a_second_file_merges_into_a_folder_whose_name_has_an_apostrophe(folder, tmp_path):
    db_path = folder / "kantor d'jambi" / "prakerja.duckdb"
    assert load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path).ok
    merged = load.import_file(write_csv(tmp_path / "b.csv", [person(2)]), db_path)
    assert (merged.ok, merged.mode, merged.version) == (True, "gabung", 2)
    assert rows_of(db_path, "SELECT alumni_id FROM alumni ORDER BY 1") == [("UJI-001",), ("UJI-002",)]
