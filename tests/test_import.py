"""Importing real alumni files: formats, Indonesian values, every problem reported, atomic and safe."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from prakerja_dash.data import db
from prakerja_dash.imports import values as parse
from prakerja_dash.imports.load import import_file, restore
from prakerja_dash.imports.reading import UnreadableFile, read_table
from prakerja_dash.imports.template import EXAMPLES, write_template
from tests.conftest import REPO

HEADER = ["id_peserta", "jenis_kelamin", "usia", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar",
          "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum", "status_sesudah",
          "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah"]


def person(i: int, **changes) -> dict:
    row = {"id_peserta": f"PRK-{i:05d}", "jenis_kelamin": "P" if i % 2 else "L", "usia": 20 + i % 30,
           "pendidikan": "SMA/SMK", "kabupaten_kota": ["Kota Jambi", "Tanjab Barat", "15.01", "15.08"][i % 4],
           "gelombang": 23 + i % 49, "tanggal_daftar": "15/06/2022", "kategori_pelatihan": "Penjualan dan Pemasaran",
           "judul_pelatihan": "Pemasaran Digital", "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja",
           "status_sesudah": "Wirausaha", "memulai_usaha": "Ya", "jumlah_karyawan": 1,
           "pendapatan_sebelum": "Rp 0", "pendapatan_sesudah": "Rp 1.500.000"}
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict], delimiter: str = ",", encoding: str = "utf-8",
              header: list[str] | None = None) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        names = header or list(dict.fromkeys(key for row in rows for key in row)) or HEADER
        writer = csv.DictWriter(handle, fieldnames=names, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(fixture_db, tmp_path, monkeypatch) -> Path:
    """A live demo database in its own folder (backups and the id key go beside it)."""
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    path = tmp_path / "data" / "prakerja.duckdb"
    path.parent.mkdir()
    shutil.copy(fixture_db, path)
    return path


def alumni(path: Path) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT * FROM alumni ORDER BY alumni_id").df()
    finally:
        con.close()


# --- values ---------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [("L", "L"), ("laki-laki", "L"), ("Pria", "L"), ("P", "P"),
                                               ("Perempuan", "P"), ("WANITA", "P")])
def test_gender_words(raw, expected):
    assert parse.gender(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("Rp 1.500.000", 1_500_000), ("1.500.000,00", 1_500_000),
                                               ("1500000", 1_500_000), (1500000.0, 1_500_000), ("Rp0", 0),
                                               ("2.500,50", 2_501), ("1,250,000", 1_250_000)])
def test_money(raw, expected):
    assert parse.money(raw) == expected


@pytest.mark.parametrize("raw", ["tidak ada", "-500000", "1e15", "Rp 1.5.0"])
def test_bad_money(raw):
    with pytest.raises(parse.BadValue):
        parse.money(raw)


@pytest.mark.parametrize(("raw", "expected"), [("31/12/2023", date(2023, 12, 31)), ("2023-12-31", date(2023, 12, 31)),
                                               (45291, date(2023, 12, 31)), ("45291", date(2023, 12, 31)),
                                               ("1-2-2022", date(2022, 2, 1))])
def test_dates(raw, expected):
    assert parse.day(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2023", "12/31/2023", "kemarin", 5])
def test_bad_dates(raw):
    with pytest.raises(parse.BadValue):
        parse.day(raw)


def test_regencies_by_name_alias_and_both_codes():
    # Kept by Kemendagri code; four bare digits are BPS's: BPS 1506 is Tanjung Jabung Timur, Kemendagri 15.07.
    assert parse.regency("Tanjabbar", "15") == "15.06"
    assert parse.regency("15.06", "15") == "15.06"  # Kemendagri numbering
    assert parse.regency("1506", "15") == "15.07"  # BPS numbering
    assert parse.regency("KOTA SUNGAIPENUH", "15") == "15.72"
    with pytest.raises(parse.BadValue):
        parse.regency("9999", "15")


@pytest.mark.parametrize("lang, words", [("id", "Kota Bandung ada di Provinsi Jawa Barat, bukan di Jambi"),
                                         ("en", "Kota Bandung is in Jawa Barat province, not in Jambi")])
def test_a_province_deployment_refuses_another_provinces_units_by_name(lang, words):
    for written in ("Kota Bandung", "3273", "32.73"):
        with pytest.raises(parse.BadValue) as refused:
            parse.regency(written, "15")
        assert refused.value.say(lang).startswith(words)


def test_a_national_deployment_takes_every_province_and_asks_when_a_name_fits_two():
    assert parse.regency("Kota Bandung", None) == "32.73" and parse.regency("3204", None) == "32.04"
    assert parse.regency("Kabupaten Jayawijaya", None) == "95.01"  # Papua Pegunungan: no BPS code
    with pytest.raises(parse.BadValue) as refused:
        parse.regency("Bandung", None)
    assert refused.value.say("en") == ("this name fits more than one regency or city (Kabupaten Bandung / "
                                       "Kota Bandung); write its Kemendagri code")


def test_categories_forgive_case_spacing_and_dan():
    labels = {"pemasaran": "Penjualan & Pemasaran", "makanan": "Makanan & Minuman"}
    assert parse.category("penjualan  dan pemasaran", labels) == "pemasaran"
    assert parse.category("MAKANAN & MINUMAN", labels) == "makanan"
    with pytest.raises(parse.BadValue):
        parse.category("Memasak", labels)


def test_nik_damage_and_pseudonyms():
    with pytest.raises(parse.BadValue, match="Excel"):
        parse.nik("3.27305E+15")
    with pytest.raises(parse.BadValue, match="Excel"):
        parse.nik(3273050101900001.0)
    with pytest.raises(parse.BadValue, match="16 angka"):
        parse.nik("327305010190001")
    with pytest.raises(parse.BadValue, match="tanggal lahir"):
        parse.nik("3273053201900001")
    digits = parse.nik("3273 0501 0190 0001")
    first, again, other = (parse.pseudonym(digits, k) for k in (b"a", b"a", b"b"))
    assert first == again != other and digits not in first


# --- reading ---------------------------------------------------------------------
def test_headers_are_forgiven_and_extra_columns_reported(tmp_path):
    rows = [{"ID Peserta": "A1", "Jenis Kelamin": "P", "Usia": 30, "Pendidikan": "SMA", "Kabupaten/Kota": "Bungo",
             "Gelombang": 3, "Tanggal Daftar": "01/05/2020", "Kategori Pelatihan": "Bahasa",
             "Status Sebelum": "Tidak bekerja", "Catatan": "x", "Nama": "Budi", "No HP": "0812"}]
    table = read_table(write_csv(tmp_path / "h.csv", rows))
    assert table.header[:9] == ["id_peserta", "jenis_kelamin", "usia", "pendidikan", "kabupaten_kota", "gelombang",
                                "tanggal_daftar", "kategori_pelatihan", "status_sebelum"]
    assert table.ignored_columns == ["Catatan"]


@pytest.mark.parametrize(("name", "encoding", "delimiter"), [("bom.csv", "utf-8-sig", ","), ("cp.csv", "cp1252", ";"),
                                                            ("u16.txt", "utf-16", "\t")])
def test_csv_encodings_and_delimiters(tmp_path, live, name, encoding, delimiter):
    rows = [person(i, lembaga_pelatihan="Lembaga Café Niño") for i in range(12)]
    result = import_file(write_csv(tmp_path / name, rows, delimiter, encoding), live)
    assert result.ok, result.problems
    con = duckdb.connect(str(live), read_only=True)
    providers = {p for (p,) in con.execute("SELECT DISTINCT provider FROM trainings").fetchall()}
    assert providers == {"Lembaga Café Niño"}
    assert con.execute("SELECT count(*) FROM alumni").fetchone()[0] == 12


def test_excel_with_title_rows_and_named_sheet(tmp_path, live):
    workbook = openpyxl.Workbook()
    workbook.active.title = "ringkasan"
    sheet = workbook.create_sheet("alumni")
    sheet.append(["DAFTAR ALUMNI KARTU PRAKERJA"])
    sheet.append(["Dinas Tenaga Kerja Provinsi Jambi"])
    sheet.append(HEADER)
    for i in range(5):
        row = person(i, tanggal_daftar=date(2022, 6, 15), pendapatan_sesudah=1750000)
        sheet.append([row[c] for c in HEADER])
    sheet.append(["JUMLAH"])
    path = tmp_path / "judul.xlsx"
    workbook.save(path)
    result = import_file(path, live, sheet="alumni")
    assert result.ok, result.problems
    assert result.rows_in == 5 and result.loaded == 5
    assert set(alumni(live)["registered_on"].astype(str)) == {"2022-06-15"}
    missing = import_file(path, live, sheet="tidak-ada")
    assert not missing.ok and "lembar 'tidak-ada' tidak ada" in missing.message


def test_parquet(tmp_path, live):
    path = tmp_path / "a.parquet"
    pd.DataFrame([person(i) for i in range(3)]).astype(str).to_parquet(path)
    assert import_file(path, live).loaded == 3


def test_template_round_trips(tmp_path, live):
    result = import_file(write_template(tmp_path / "templat.xlsx"), live)
    assert result.ok and result.loaded == len(EXAMPLES)
    rows = alumni(live).set_index("alumni_id")
    assert rows.loc["PRK-0001", "regency_code"] == "15.71" and rows.loc["PRK-0002", "regency_code"] == "15.06"
    assert rows.loc["PRK-0001", "gender"] == "P" and rows.loc["PRK-0002", "wave"] == 67
    con = duckdb.connect(str(live), read_only=True)
    incomes = dict(con.execute("SELECT alumni_id, income_after_rp FROM business_outcomes").fetchall())
    assert incomes == {"PRK-0001": 2_500_000, "PRK-0002": 3_000_000}


# --- bad input: every problem, nothing loaded, live data unchanged ---------------------------
BAD_ROWS = [
    ({"jenis_kelamin": "X"}, "jenis_kelamin", "jenis kelamin harus"),
    ({"usia": 12}, "usia", "usia harus bilangan bulat 18-64"),
    ({"kabupaten_kota": "9999"}, "kabupaten_kota", "tidak dikenal"),
    ({"gelombang": 80}, "gelombang", "1-71"),
    ({"tanggal_daftar": "31/02/2023"}, "tanggal_daftar", "tidak ada di kalender"),
    ({"kategori_pelatihan": "Memasak"}, "kategori_pelatihan", "tidak dikenal"),
    ({"pendapatan_sesudah": "tidak ada"}, "pendapatan_sesudah", "bukan jumlah uang"),
    ({"pendapatan_sebelum": "1e15"}, "pendapatan_sebelum", "bukan jumlah uang"),
    ({"memulai_usaha": "mungkin"}, "memulai_usaha", "Ya atau Tidak"),
    ({"status_sebelum": ""}, "status_sebelum", "wajib diisi"),
]


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_loaded(tmp_path, live):
    before = sha(live)
    rows = [person(i, **change) for i, (change, _, _) in enumerate(BAD_ROWS)] + [person(99)]
    result = import_file(write_csv(tmp_path / "bad.csv", rows), live)
    assert not result.ok and result.rows_in == len(rows) and result.rejected == len(BAD_ROWS)
    reported = {(p.row, p.column) for p in result.problems}
    for index, (_, column, rule) in enumerate(BAD_ROWS):
        assert (index + 2, column) in reported  # spreadsheet numbering: header is row 1
        assert any(p.row == index + 2 and rule in p.rule for p in result.problems), rule
    assert sha(live) == before


def test_nik_files(tmp_path, live):
    rows = [person(i, id_peserta="", nik=f"32730501019{i:04d}1") for i in range(6)]
    result = import_file(write_csv(tmp_path / "nik.csv", rows), live)
    assert result.ok, result.problems
    ids = list(alumni(live)["alumni_id"])
    assert all(i.startswith("NIK-") for i in ids) and not any("3273" in i for i in ids)
    zeroed = [person(i, id_peserta="", nik=f"327305010190{i:03d}0") for i in range(6)]
    before = sha(live)
    damaged = import_file(write_csv(tmp_path / "zeroed.csv", zeroed), live)
    assert not damaged.ok and all("dinolkan oleh Excel" in p.rule for p in damaged.problems)
    scientific = import_file(write_csv(tmp_path / "sci.csv", [person(1, id_peserta="", nik="3.27305E+15")]), live)
    assert not scientific.ok and "3.27305E+15" in scientific.problems[0].rule
    assert sha(live) == before


def test_duplicates_are_listed(tmp_path, live):
    result = import_file(write_csv(tmp_path / "dup.csv", [person(1), person(1), person(2)]), live)
    assert not result.ok
    assert sorted(p.row for p in result.problems if "lebih dari sekali" in p.rule) == [2, 3]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "berkas kosong"),
    ("header.csv", ",".join(HEADER).encode(), "tidak ada baris data"),
    ("fake.xlsx", b"id_peserta,jenis_kelamin\nA,P\n", "baris judul kolom tidak ditemukan"),
    ("binary.csv", bytes(range(256)) * 10, "biner"),
    ("nocols.csv", b"a,b,c\n1,2,3\n", "baris judul kolom tidak ditemukan"),
])
def test_unusable_files_get_a_clear_message(tmp_path, live, name, content, message):
    before = sha(live)
    path = tmp_path / name
    path.write_bytes(content)
    result = import_file(path, live)
    assert not result.ok and message in (result.message + " ".join(p.rule for p in result.problems))
    assert sha(live) == before


def test_a_csv_that_is_a_zip_is_refused(tmp_path, live):
    path = tmp_path / "zip.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "x")
    result = import_file(path, live)
    assert not result.ok and "bukan buku kerja Excel" in result.message


def test_missing_required_columns(tmp_path, live):
    result = import_file(write_csv(tmp_path / "m.csv", [{"id_peserta": "A", "jenis_kelamin": "P", "usia": 20}]), live)
    assert not result.ok and result.problems[0].rule == "kolom wajib tidak ada"
    assert "kabupaten_kota" in result.problems[0].column


def test_formula_and_html_text_is_stored_as_text(tmp_path, live):
    rows = [person(1, judul_pelatihan="=HYPERLINK(\"http://x\",\"y\")"),
            person(2, judul_pelatihan="<script>alert(1)</script>"), person(3, lembaga_pelatihan="@SUM(1)")]
    assert import_file(write_csv(tmp_path / "f.csv", rows), live).ok
    con = duckdb.connect(str(live), read_only=True)
    titles = {t for (t,) in con.execute("SELECT title FROM trainings").fetchall()}
    assert titles == {"=HYPERLINK(\"http://x\",\"y\")", "<script>alert(1)</script>", "Pemasaran Digital"}


def test_personal_columns_are_never_stored(tmp_path, live):
    rows = [person(i, nama="Budi Santoso", telepon="+62 812 3456 7890", email="budi@example.id") for i in range(3)]
    result = import_file(write_csv(tmp_path / "p.csv", rows), live)
    assert result.ok and set(result.dropped_personal_columns) == {"nama", "telepon", "email"}
    con = duckdb.connect(str(live), read_only=True)
    dump = " ".join(str(v) for table in ("alumni", "business_outcomes", "trainings", "alumni_outcomes")
                    for row in con.execute(f"SELECT * FROM {table}").fetchall() for v in row)
    assert "Budi" not in dump and "3456" not in dump and "example.id" not in dump


def test_keep_valid_loads_the_rest_and_writes_the_rejected(tmp_path, live):
    rows = [person(1), person(2, jenis_kelamin="?", nama="Siti"), person(3)]
    rejected = tmp_path / "ditolak.csv"
    result = import_file(write_csv(tmp_path / "k.csv", rows), live, keep_valid=True, rejected_out=rejected)
    assert result.ok and result.loaded == 2 and result.rejected == 1
    assert result.rows_in == result.loaded + result.rejected
    text = rejected.read_text(encoding="utf-8-sig")
    assert "jenis_kelamin: jenis kelamin harus" in text and "Siti" not in text
    assert list(alumni(live)["alumni_id"]) == ["PRK-00001", "PRK-00003"]


# --- what an import does to the data ------------------------------------------------
def test_first_import_replaces_demo_then_merges_by_id(tmp_path, live):
    first = import_file(write_csv(tmp_path / "a.csv", [person(i) for i in range(5)]), live)
    assert first.ok and first.mode == "ganti"
    con = db.connect(live)
    info = db.read_dataset_info(con)
    assert info.source == "import" and info.file_name == "a.csv" and info.version == 2
    assert con.execute("SELECT count(*) FROM alumni_stories WHERE NOT is_real").fetchone()[0] == 0
    con.close()
    update = [person(3, usia=45), person(7), person(8)]
    second = import_file(write_csv(tmp_path / "b.csv", update), live)
    assert second.ok and second.mode == "gabung" and second.version == 3
    rows = alumni(live).set_index("alumni_id")
    assert len(rows) == 7 and rows.loc["PRK-00003", "age"] == 45
    before = sha(live)
    again = import_file(tmp_path / "b.csv", live)
    assert again.ok and again.unchanged and sha(live) == before
    replaced = import_file(write_csv(tmp_path / "c.csv", [person(50)]), live, replace=True)
    assert replaced.ok and list(alumni(live)["alumni_id"]) == ["PRK-00050"]


def test_restore_brings_the_previous_version_back(tmp_path, live):
    demo_rows = len(alumni(live))
    assert import_file(write_csv(tmp_path / "a.csv", [person(1)]), live).ok
    assert len(alumni(live)) == 1
    restore(live)
    assert len(alumni(live)) == demo_rows


def test_killed_import_leaves_the_old_data_intact(tmp_path, live):
    before = sha(live)
    path = write_csv(tmp_path / "big.csv", [person(i) for i in range(2000)])
    env = os.environ | {"PRAKERJA_IMPORT_PAUSE": "30", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "prakerja_dash", "import", str(path), "--db", str(live)],
                               cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the import says when it has built the new file and waits before the swap: kill it there
    assert process.stderr.readline().strip() == "import paused before the swap"
    assert list(live.parent.glob(".import-*/*.duckdb"))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert sha(live) == before
    con = db.connect(live)
    assert db.read_dataset_info(con).source == "demo"
    con.close()
    assert import_file(path, live).ok  # the next import is not blocked by the killed one


def test_readers_during_a_swap_see_the_old_or_the_new_data(tmp_path, live):
    old = len(alumni(live))
    path = write_csv(tmp_path / "n.csv", [person(i) for i in range(3000)])
    seen, errors, stop = set(), [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                # As the dashboard reads (db.connect): a plain duckdb.connect hands back the instance this
                # process already holds for the path, so busy readers kept seeing the replaced file.
                con = db.connect(live)
                seen.add(con.execute("SELECT count(*) FROM alumni").fetchone()[0])
                con.close()
            except duckdb.Error as error:  # a reader may race the rename; it must never see a mix
                errors.append(str(error))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        result = import_file(path, live)
        deadline = time.monotonic() + 60
        while 3000 not in seen and not errors and time.monotonic() < deadline:  # until a reader sees the new file
            stop.wait(0.05)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert result.ok
    assert seen <= {old, 3000} and 3000 in seen
    assert not errors, errors[:3]


def test_cli_import_exit_codes_and_report(tmp_path, live):
    good = subprocess.run([sys.executable, "-m", "prakerja_dash", "import",
                           str(write_csv(tmp_path / "g.csv", [person(1), person(2)])), "--db", str(live)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and "baris masuk 2 = dimuat 2 + ditolak 0" in good.stdout
    bad = subprocess.run([sys.executable, "-m", "prakerja_dash", "import",
                          str(write_csv(tmp_path / "b.csv", [person(3, usia=7)])), "--db", str(live)],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "baris 2, kolom usia: usia harus bilangan bulat 18-64" in bad.stderr


def test_reading_limits():
    with pytest.raises(UnreadableFile):
        read_table(Path(io.__file__))  # a Python file: no header row


# --- the admin page and the dashboard after an import -----------------------------------
def _admin(monkeypatch, live, tmp_path):
    from tests.test_app import open_app

    monkeypatch.setenv("PRAKERJA_DB", str(live))
    monkeypatch.setenv("PRAKERJA_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.delenv("PRAKERJA_ADMIN_PASSWORD", raising=False)
    monkeypatch.chdir(REPO)
    return open_app({}, "pages/admin.py")


def test_admin_page_is_closed_to_the_public(monkeypatch, live, tmp_path):
    at = _admin(monkeypatch, live, tmp_path)
    assert not at.exception
    assert "user add" in at.info[0].value
    assert len(at.get("file_uploader")) == 0


def test_the_old_admin_password_signs_in_as_the_admin_account(monkeypatch, live, tmp_path):
    at = _admin(monkeypatch, live, tmp_path)
    monkeypatch.setenv("PRAKERJA_ADMIN_PASSWORD", "rahasia-jambi-lama")
    at.sidebar.text_input(key="auth_name").input("admin")
    at.sidebar.text_input(key="auth_password").input("salah")
    next(b for b in at.sidebar.button if b.label.startswith("Masuk")).click().run()
    assert len(at.get("file_uploader")) == 0 and any("salah" in e.value for e in at.error)
    at.sidebar.text_input(key="auth_password").input("rahasia-jambi-lama")
    next(b for b in at.sidebar.button if b.label.startswith("Masuk")).click().run()
    assert len(at.get("file_uploader")) == 1
    assert not at.exception


def test_after_an_import_the_dashboard_shows_the_real_data(monkeypatch, live, tmp_path):
    from prakerja_dash.i18n import t
    from tests.test_app import open_app

    assert import_file(write_csv(tmp_path / "alumni-jambi.csv", [person(i) for i in range(40)]), live).ok
    monkeypatch.setenv("PRAKERJA_DB", str(live))
    monkeypatch.chdir(REPO)
    at = open_app()
    assert not at.exception
    assert not any(w.value == t("demo_notice", "id") for w in at.warning)
    shown = int({m.label: m.value for m in at.metric}[t("kpi_alumni", "id")])
    assert abs(shown - 40) <= 2  # 40, as the cell key method publishes it (docs/privacy.md: at most ±2)
    badge = " ".join(m.value for m in at.sidebar.markdown)
    assert "Data impor" in badge
    sidebar_text = [*at.sidebar.caption, *at.sidebar.text]  # the badge's details (st.text since the UI split)
    assert any("alumni-jambi.csv" in c.value and "versi 2" in c.value for c in sidebar_text)


def test_quoted_fields_with_delimiters_and_newlines(tmp_path, live):
    rows = [person(1, judul_pelatihan="Kopi; teh,\nsusu"), person(2, lembaga_pelatihan='LPK "Maju"; Jaya')]
    result = import_file(write_csv(tmp_path / "q.csv", rows, delimiter=";"), live)
    assert result.ok, result.problems
    con = duckdb.connect(str(live), read_only=True)
    assert {t for (t,) in con.execute("SELECT title FROM trainings").fetchall()} == {"Kopi; teh,\nsusu",
                                                                                   "Pemasaran Digital"}


def test_duplicate_header_names_are_refused(tmp_path, live):
    path = tmp_path / "dup-header.csv"
    path.write_text(",".join([*HEADER, "usia"]) + "\n" + ",".join(["x"] * (len(HEADER) + 1)) + "\n")
    result = import_file(path, live)
    assert not result.ok and "kolom ganda di baris judul: usia" in result.message


def test_a_hidden_first_sheet_is_skipped(tmp_path, live):
    workbook = openpyxl.Workbook()
    workbook.active.title = "lama"
    workbook.active.append(["tidak", "dipakai"])
    workbook.active.sheet_state = "hidden"
    sheet = workbook.create_sheet("alumni")
    sheet.append(HEADER)
    sheet.append([person(1)[c] for c in HEADER])
    workbook.save(tmp_path / "hidden.xlsx")
    assert import_file(tmp_path / "hidden.xlsx", live).loaded == 1


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, live, monkeypatch):
    from prakerja_dash.imports import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 1_000)
    result = import_file(write_csv(tmp_path / "big.csv", [person(i) for i in range(50)]), live)
    assert not result.ok and "melebihi batas" in result.message
