"""Imports a second red team broke (issue 23): Unicode look-alike ids, NIKs hidden in text, numbers and
file names, symlinked and read-only databases, and failures that left no audit record."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from prakerja_dash.cli import info
from prakerja_dash.data import db
from prakerja_dash.imports import load
from tests.conftest import REPO, running_in_ci

NIK = "1571011205900011"  # a NIK-shaped number: Kota Jambi, born 12/05/1990


def person(i: int, **changes) -> dict:
    row = {"id_peserta": f"HX-{i:06d}", "jenis_kelamin": "P" if i % 2 else "L", "usia": 20 + i % 30,
           "pendidikan": "SMA/SMK", "kabupaten_kota": "Kota Jambi", "gelombang": 40, "tanggal_daftar": "15/06/2022",
           "kategori_pelatihan": "Penjualan dan Pemasaran", "judul_pelatihan": "Pemasaran Digital",
           "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja", "status_sesudah": "Wirausaha",
           "memulai_usaha": "Ya", "jumlah_karyawan": 1, "pendapatan_sebelum": "Rp 0",
           "pendapatan_sesudah": "Rp 1.500.000"}
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def audit_entries(tmp_path: Path) -> list[dict]:
    log = tmp_path / "audit.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def text_values(path: Path) -> list[str]:
    """Every value of every text column of every table and view of the database."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND "
                              "schema_name = 'main' AND (data_type LIKE 'VARCHAR%' OR data_type LIKE 'ENUM%' "
                              "OR data_type LIKE 'STRUCT%' OR data_type LIKE 'MAP%')").fetchall()
        assert len(columns) > 10  # the tables and views were found
        return [str(value) for table, column in columns
                for (value,) in con.execute(f'SELECT DISTINCT "{column}"::VARCHAR FROM "{table}"').fetchall()
                if value is not None]
    finally:
        con.close()


PSEUDONYM = re.compile(r"NIK-[0-9a-f]{24}")  # a keyed hash: hex digits, which may happen to run 16 long


def sixteen_digit_runs(path: Path) -> list[str]:
    """Runs of 16 or more digits (spaces, dots, dashes allowed between them) in any stored text, outside the
    keyed hashes and the record-key salt (random hex)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        salts = {salt for (salt,) in con.execute("SELECT salt FROM record_key_salt").fetchall()}
    finally:
        con.close()
    found = []
    for value in text_values(path):
        if value in salts:
            continue
        value = PSEUDONYM.sub("", value)
        found += re.findall(r"\d(?:[\s.\-]{0,3}\d){15,}", value)
    return found


# --- 3. ids and text, Unicode-safe --------------------------------------------------------------------
@pytest.mark.parametrize("twin", ["\ufeffHX-000001", "HX-\u200b000001", "HX-000001\u200b", "HX-\u202e000001",
                                  "ＨＸ-000001", "HX\u2060-000001", "HX-000001\u00ad"])
def test_an_id_that_differs_only_by_invisible_or_compatibility_characters_is_a_duplicate(folder, tmp_path, twin):
    rows = [person(1), person(2, id_peserta=twin)]
    result = load.import_file(write_csv(tmp_path / "a.csv", rows), folder / "prakerja.duckdb")
    assert not result.ok
    assert [(p.row, p.rule) for p in result.problems] == [(2, "peserta yang sama muncul lebih dari sekali"),
                                                          (3, "peserta yang sama muncul lebih dari sekali")]


def test_ids_and_titles_are_stored_without_invisible_characters(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1, id_peserta="HX-\u200bBIDI-1", judul_pelatihan="Pema\ufeffsaran Digital"),
            person(2, judul_pelatihan="Pemasaran Digital", lembaga_pelatihan="LPK\u200b Uji")]
    result = load.import_file(write_csv(tmp_path / "a.csv", rows), db_path)
    assert result.ok, result.message
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT alumni_id FROM alumni ORDER BY 1").fetchall() == [("HX-000002",), ("HX-BIDI-1",)]
        assert con.execute("SELECT DISTINCT title, provider FROM trainings t JOIN alumni a USING (training_id)"
                           ).fetchall() == [("Pemasaran Digital", "LPK Uji")]
    finally:
        con.close()


# --- 4. NIKs nowhere ----------------------------------------------------------------------------------
def test_a_nik_inside_a_title_or_provider_is_stored_with_its_last_four_digits_only(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1, judul_pelatihan=f"Kursus {NIK}", lembaga_pelatihan="LPK 15.71-0112-0590-0022"),
            person(2, judul_pelatihan="Kursus 15710112059000331234")]
    assert load.import_file(write_csv(tmp_path / "a.csv", rows), db_path).ok
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        stored = con.execute("SELECT title, provider FROM trainings JOIN alumni USING (training_id) ORDER BY 1"
                             ).fetchall()
    finally:
        con.close()
    assert stored == [("Kursus ************0011", "LPK ************0022"), ("Kursus ************1234", "LPK Uji")]
    assert sixteen_digit_runs(db_path) == []


@pytest.mark.parametrize("written", [f"{NIK}.0", f"{NIK},0", "1.57101E+15", "1,57101E+15", f"{NIK}7",
                                     f"ID{NIK}99"])
def test_an_id_that_is_a_nik_written_as_a_number_or_glued_to_digits_is_refused(folder, tmp_path, written):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1, id_peserta=written), person(2)]
    result = load.import_file(write_csv(tmp_path / "a.csv", rows), db_path, keep_valid=True)
    assert result.ok and result.loaded == 1 and [p.row for p in result.problems] == [2]
    assert result.problems[0].column == "id_peserta" and NIK not in result.problems[0].value
    assert sixteen_digit_runs(db_path) == []
    assert NIK[:12] not in " ".join(text_values(db_path))


def test_a_file_named_by_a_nik_shows_only_its_last_four_digits(folder, tmp_path, monkeypatch):
    db_path = folder / "prakerja.duckdb"
    named = write_csv(tmp_path / "1571011205900099.csv", [person(1)])
    result = load.import_file(named, db_path)
    assert result.ok
    assert sixteen_digit_runs(db_path) == []
    con = db.connect(db_path, read_only=True)
    try:
        assert db.read_dataset_info(con).file_name == "************0099.csv"
    finally:
        con.close()
    assert info(db_path)["file_name"] == "************0099.csv"
    assert "1571011205900099" not in (tmp_path / "audit.jsonl").read_text()
    refused = load.import_file(write_csv(tmp_path / "1571011205900088.csv", [person(1, usia="9")]), db_path)
    assert "157101120590" not in refused.message + repr(refused.problems)


def test_an_older_database_holding_a_nik_file_name_shows_only_its_last_four_digits(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    assert load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path).ok
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE dataset_info SET file_name = '1571011205900099.csv'")  # as imports stored it before
    con.close()
    con = db.connect(db_path, read_only=True)
    try:
        assert db.read_dataset_info(con).file_name == "************0099.csv"
    finally:
        con.close()


def test_no_stored_text_holds_a_nik_after_a_file_of_every_disguise(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    rows = [person(1, id_peserta=NIK), person(2, id_peserta=f"NIK {NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}"),
            person(3, judul_pelatihan=f"NIK{NIK}"), person(4, lembaga_pelatihan=f"\ufeff{NIK}"),
            person(5, id_peserta=f"{NIK}.0"), person(6, judul_pelatihan="１５７１０１１２０５９０００１１"),
            person(7, id_peserta=f"HX-{NIK[:8]}\u200b{NIK[8:]}")]
    result = load.import_file(write_csv(tmp_path / f"peserta {NIK}.csv", rows), db_path, keep_valid=True)
    assert result.ok
    assert sixteen_digit_runs(db_path) == []
    stored = " ".join(text_values(db_path))
    assert NIK[:12] not in stored and NIK not in (tmp_path / "audit.jsonl").read_text()


def test_a_sheet_named_by_a_nik_is_not_shown_in_the_refusal(folder, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = f"peserta {NIK}"
    workbook.active.append(list(person(1)))
    workbook.active.append(list(person(1).values()))
    workbook.save(tmp_path / "a.xlsx")
    result = load.import_file(tmp_path / "a.xlsx", folder / "prakerja.duckdb", sheet="Data")
    assert not result.ok and "************0011" in result.message and NIK not in result.message + repr(result.problems)


# --- 6. symlinks, permissions, locks; every failure audited ------------------------------------------------
def test_a_symlinked_db_is_followed_backed_up_and_the_link_kept(folder, tmp_path):
    real = folder / "real" / "prakerja.duckdb"
    real.parent.mkdir()
    assert load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), real).ok
    links = tmp_path / "links"
    links.mkdir()
    link = links / "live.duckdb"
    link.symlink_to(os.path.relpath(real, links))  # relative, as people make them
    result = load.import_file(write_csv(tmp_path / "b.csv", [person(2)]), link)
    assert (result.ok, result.mode, result.version) == (True, "gabung", 2), result.message
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert result.backup is not None and result.backup.parent == real.parent / "backups"
    con = duckdb.connect(str(link), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM alumni").fetchone()[0] == 2
    finally:
        con.close()
    assert load.restore(link) == result.backup and link.is_symlink()
    con = db.connect(link, read_only=True)  # an upgrade through the link also keeps it
    con.close()
    assert link.is_symlink()


def test_a_read_only_folder_is_said_and_audited(folder, tmp_path, monkeypatch):
    # Tests run as root, for whom chmod stops no write: the OS call that swaps the new file in is made to
    # fail as a read-only file system does (EROFS).
    db_path = folder / "prakerja.duckdb"
    assert load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path).ok
    before = db_path.read_bytes()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(load.os, "replace", read_only)
    result = load.import_file(write_csv(tmp_path / "b.csv", [person(2)]), db_path)
    assert (result.ok, result.fault) == (False, "database")
    assert result.message == (f"folder {folder} hanya dapat dibaca (sistem berkas hanya-baca); data lama tidak "
                              "berubah")
    assert db_path.read_bytes() == before
    assert audit_entries(tmp_path)[-1]["detail"] | {} == {"file": "b.csv", "ok": False, "rows_in": 0, "rejected": 0,
                                                          "version": None, "mode": "", "fault": "database"}


def test_a_read_only_bind_mount_is_said(folder, tmp_path):
    """The real thing: the data folder bind-mounted read-only over itself (root may write anywhere else).
    Skipped where the machine allows no mount; under CI=true that is a failure."""
    db_path = folder / "prakerja.duckdb"
    assert load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path).ok
    before = db_path.read_bytes()
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True) \
        if os.geteuid() == 0 and shutil.which("mount") else None
    if mounted is None or mounted.returncode != 0:
        reason = "no bind mount on this machine: " + (mounted.stderr[:100] if mounted else "not root")
        if running_in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
        result = load.import_file(write_csv(tmp_path / "b.csv", [person(2)]), db_path)
    finally:
        subprocess.run(["umount", str(folder)], check=True)
    assert (result.ok, result.fault) == (False, "database")
    assert result.message == (f"folder {folder} hanya dapat dibaca (sistem berkas hanya-baca); data lama tidak "
                              "berubah")
    assert db_path.read_bytes() == before
    assert audit_entries(tmp_path)[-1]["detail"]["fault"] == "database"


@pytest.mark.parametrize(("error", "fault", "words"), [
    (OSError(errno.ENOSPC, "No space left on device"), "disk", "disk penuh"),
    (PermissionError(errno.EACCES, "Permission denied"), "database", "tidak ada izin menulis"),
    (OSError(errno.EROFS, "Read-only file system"), "database", "hanya dapat dibaca"),
    (duckdb.IOException('Could not set lock on file "x.duckdb": Conflicting lock is held in python (PID 4242)'),
     "database", "dikunci oleh proses lain (PID 4242)"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "internal", "kesalahan tak terduga"),
])
def test_every_failure_of_the_environment_is_one_sentence_and_audited(folder, tmp_path, monkeypatch, error, fault,
                                                                        words):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(load, "_build", failing)
    result = load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), folder / "prakerja.duckdb", user="budi")
    assert (result.ok, result.fault) == (False, fault) and words in result.message
    assert "\n" not in result.message
    entry = audit_entries(tmp_path)[-1]
    assert (entry["action"], entry["user"], entry["rows"], entry["detail"]["ok"], entry["detail"]["fault"]) == (
        "import", "budi", 0, False, fault)


def test_an_import_refused_because_another_is_running_is_audited(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    import fcntl

    with open(folder / ".import.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(load.ImportBusy):
            load.import_file(write_csv(tmp_path / "a.csv", [person(1)]), db_path, user="sari", role="admin")
    entry = audit_entries(tmp_path)[-1]
    assert (entry["action"], entry["user"], entry["rows"], entry["detail"]) == (
        "import", "sari", 0, {"file": "a.csv", "ok": False, "rows_in": 0, "rejected": 0, "version": None, "mode": "",
                              "fault": "busy"})


def test_every_refused_or_failed_import_leaves_an_audit_record(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    (folder / "folder.duckdb").mkdir()
    attempts = [(empty, db_path), (write_csv(tmp_path / "b.csv", [person(1, usia="9")]), db_path),
                (write_csv(tmp_path / "c.csv", [person(1)]), folder / "folder.duckdb")]
    for source, target in attempts:
        assert not load.import_file(source, target).ok
    assert [e["detail"]["file"] for e in audit_entries(tmp_path)] == ["kosong.csv", "b.csv", "c.csv"]
    assert all(e["detail"]["ok"] is False for e in audit_entries(tmp_path))


def test_the_command_line_follows_a_symlinked_db(folder, tmp_path):
    real = folder / "prakerja.duckdb"
    link = tmp_path / "tautan.duckdb"
    link.symlink_to(real)
    env = os.environ | {"PRAKERJA_ID_KEY": "kunci-uji", "PRAKERJA_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    for name, who in (("a.csv", 1), ("b.csv", 2)):
        done = subprocess.run([sys.executable, "-m", "prakerja_dash", "import",
                               str(write_csv(tmp_path / name, [person(who)])), "--db", str(link)],
                              cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stderr
    assert link.is_symlink() and len(list((folder / "backups").iterdir())) == 1
