"""One sentence, one language (issue 23, item 7): every command and refusal of the command line, in
Indonesian and in English, checked for words of the other language; refusals are one sentence with
their rows below it; export files are 0600 and no library warning reaches the terminal."""

from __future__ import annotations

import csv
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from prakerja_dash import cli
from prakerja_dash.data import db
from prakerja_dash.imports import load
from tests.conftest import REPO

# Words that only one of the two languages uses, common in messages.
ENGLISH = {"the", "is", "are", "not", "file", "files", "error", "must", "row", "rows", "column", "columns", "wrote",
           "built", "restored", "invalid", "argument", "arguments", "required", "missing", "usage", "and", "or",
           "of", "to", "cannot", "database", "loaded", "rejected", "warning", "with", "found", "no", "unknown",
           "between", "choose", "from", "value", "problems", "backup", "written", "template", "empty",
           "people", "left", "out", "alumni loaded", "there", "make", "one", "unrecognised", "unrecognized"}
INDONESIAN = {"tidak", "berkas", "baris", "kolom", "harus", "dan", "atau", "yang", "dimuat", "ditolak", "kesalahan",
              "pemakaian", "argumen", "lebih", "dari", "untuk", "ada", "di", "sebagai", "dengan", "basis", "templat",
              "ditulis", "dipulihkan", "cadangan", "masalah", "wajib", "pilihan", "nilai", "sah", "penuh", "izin",
              "kosong", "dibuat", "buat", "dulu", "semua", "orang", "disertakan", "agar", "setiap", "berisi",
              "antara", "dikenal", "belum", "diberikan", "masuk", "peringatan"}
PERSON = {"id_peserta": "HX-000001", "jenis_kelamin": "P", "usia": "25", "pendidikan": "SMA/SMK",
          "kabupaten_kota": "Kota Jambi", "gelombang": "40", "tanggal_daftar": "15/06/2022",
          "kategori_pelatihan": "Penjualan dan Pemasaran", "judul_pelatihan": "Pemasaran Digital",
          "lembaga_pelatihan": "LPK Uji", "status_sebelum": "Tidak bekerja", "status_sesudah": "Wirausaha",
          "memulai_usaha": "Ya", "jumlah_karyawan": "1", "pendapatan_sebelum": "Rp 0",
          "pendapatan_sesudah": "Rp 1.500.000"}


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def damaged(path: Path) -> Path:
    """A DuckDB file whose first data block is overwritten: DuckDB's checksum refuses it."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(1000)")
    con.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return path


def leftovers(text: str, words: set[str], folder: Path) -> list[str]:
    """Words of `words` in `text` outside paths, quoted values, identifiers and usage lines."""
    kept = []
    for line in text.splitlines():
        if line.startswith(("usage: ", "pemakaian: ")) or line.startswith(" " * 20):
            continue  # the usage line is syntax: option names and metavariables
        kept.append(line)
    text = "\n".join(kept).replace(str(folder), "<folder>")
    text = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`|\S*[_/.]\S*|--\S+", " ", text)
    return sorted({word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in words})


@pytest.fixture
def place(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    monkeypatch.setenv("PRAKERJA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRAKERJA_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as leaving:
        code = leaving.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def commands(place: Path, lang: str) -> list[tuple[str, tuple[str, ...], int]]:
    """(name, arguments, exit code) of every command, run once, and of every kind of refusal."""
    folder = place / lang
    folder.mkdir()
    demo, live = folder / "demo.duckdb", folder / "live.duckdb"
    good = write_csv(folder / "baik.csv", [PERSON])
    second = write_csv(folder / "kedua.csv", [PERSON | {"id_peserta": "HX-000002"}])
    bad = write_csv(folder / "salah.csv", [PERSON | {"usia": "9", "pendidikan": "SMU"}, PERSON])
    empty = folder / "kosong.csv"
    empty.write_bytes(b"")
    (folder / "folder.duckdb").mkdir()
    return [
        ("build-demo", ("build-demo", "--rows", "1000", "--db", str(demo)), 0),
        ("rows out of range", ("build-demo", "--rows", "10", "--db", str(demo)), 2),
        ("negative seed", ("build-demo", "--seed", "-5", "--db", str(demo)), 2),
        ("info", ("info", "--db", str(demo)), 0),
        ("no database", ("info", "--db", str(folder / "none.duckdb")), 2),
        ("bad filters", ("info", "--db", str(demo), "--regency", "9999", "--wave", "70-20", "--gender", "X",
                         "--category", "sulap"), 2),
        ("export", ("export", "--format", "csv", "--level", "regency", "--out", str(folder / "x.csv"), "--db",
                    str(demo)), 0),
        ("export into no folder", ("export", "--format", "csv", "--out", str(folder / "nope" / "x.csv"), "--db",
                                   str(demo)), 2),
        ("unknown format", ("export", "--format", "csvx", "--out", str(folder / "x.csv")), 2),
        ("unknown table", ("export", "--format", "csv", "--view", "hasil", "--table", "bogus", "--out",
                           str(folder / "x.csv"), "--db", str(demo)), 2),
        ("unknown profile", ("export", "--format", "csv", "--view", "profil", "--table", "kpis", "--profil", "9999",
                             "--out", str(folder / "x.csv"), "--db", str(demo)), 2),
        ("damaged database", ("info", "--db", str(damaged(folder / "rusak.duckdb"))), 2),
        ("import", ("import", str(good), "--db", str(live)), 0),
        ("import again", ("import", str(good), "--db", str(live)), 0),
        ("import merged", ("import", str(second), "--db", str(live)), 0),
        ("import with bad rows", ("import", str(bad), "--db", str(live)), 1),
        ("import keeping the valid rows", ("import", str(bad), "--db", str(live), "--keep-valid"), 0),
        ("import of an empty file", ("import", str(empty), "--db", str(live)), 1),
        ("import of no file", ("import", str(folder / "none.csv"), "--db", str(live)), 1),
        ("import into a folder", ("import", str(good), "--db", str(folder / "folder.duckdb")), 2),
        ("--sheet for a CSV", ("import", str(good), "--db", str(live), "--sheet", "Data"), 1),
        ("import without a file", ("import",), 2),
        ("template", ("template", "--out", str(folder / "templat.xlsx")), 0),
        ("restore", ("restore", "--db", str(live)), 0),
        ("restore without backups", ("restore", "--db", str(demo)), 2),
        ("audit", ("audit",), 0),
        ("audit since no date", ("audit", "--since", "kemarin"), 2),
        ("user list", ("user", "list"), 0),
        ("no command", (), 2),
        ("unknown command", ("bogus",), 2),
        ("unknown option", ("info", "--bogus", "1"), 2),
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_command_and_refusal_speaks_one_language(place, capsys, lang):
    other = ENGLISH if lang == "id" else INDONESIAN
    said = []
    for name, args, expected in commands(place, lang):
        code, out, err = run(capsys, *args, "--lang", lang)
        assert code == expected, (name, out, err)
        found = leftovers(out + err if name not in ("info", "audit") else err, other, place)
        assert found == [], (name, found, out + err)
        if code == 2:  # one sentence (after argparse's usage line)
            sentences = [line for line in err.splitlines() if not line.startswith(("usage: ", "pemakaian: ", " "))]
            assert len(sentences) == 1 and sentences[0].startswith(("kesalahan: ", "error: ")), (name, err)
        if code == 1:  # one sentence, then the rows to blame, indented
            first, *rest = err.splitlines()
            assert not first.startswith(" ") and all(line.startswith("  ") for line in rest), (name, err)
            assert "baris 0" not in err and "row 0" not in err, (name, err)
        said.append(name)
    assert len(said) == 31  # every command and refusal above was walked


def test_a_refused_file_is_one_line_and_its_rows_below_it(place, capsys):
    bad = write_csv(place / "salah.csv", [PERSON | {"usia": "9"}, PERSON | {"id_peserta": "HX-2"}])
    code, out, err = run(capsys, "import", str(bad), "--db", str(place / "live.duckdb"), "--lang", "en")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "problems found: 1; nothing was loaded (rows in 2 = loaded 0 + rejected 1)",
        "  row 2, column usia: the age must be a whole number 18-64 (value: '9')"]
    code, out, err = run(capsys, "import", str(bad), "--db", str(place / "live.duckdb"))
    assert err.splitlines() == [
        "1 masalah ditemukan; tidak ada yang dimuat (baris masuk 2 = dimuat 0 + ditolak 1)",
        "  baris 2, kolom usia: usia harus bilangan bulat 18-64 (nilai: '9')"]
    empty = place / "kosong.csv"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "import", str(empty), "--db", str(place / "live.duckdb"), "--lang", "en")
    assert (code, err) == (1, "the file is empty\n")


def test_library_text_never_reaches_a_refusal(place, capsys):
    long_field = place / "panjang.csv"
    long_field.write_text(",".join(PERSON) + "\n\"" + ("x" * 50_000 + "\n") * 3)  # a quote never closed
    code, _, err = run(capsys, "import", str(long_field), "--db", str(place / "live.duckdb"), "--lang", "en")
    assert code == 1 and "field larger than field limit" not in err
    assert err == "broken CSV at row 2: a field is longer than 131,072 characters (an unclosed quote, perhaps)\n"
    broken = place / "rusak.parquet"
    broken.write_bytes(b"PAR1" + b"\x00" * 64 + (40).to_bytes(4, "little") + b"PAR1")
    for lang, sentence in (("id", "berkas Parquet rusak (metadatanya tidak dapat dibaca)\n"),
                           ("en", "a damaged Parquet file (its metadata cannot be read)\n")):
        code, _, err = run(capsys, "import", str(broken), "--db", str(place / "live.duckdb"), "--lang", lang)
        assert (code, err) == (1, sentence)


def test_argparse_errors_are_said_from_the_catalogue():
    parser = cli.build_parser("id")
    assert parser.said("the following arguments are required: --format, --out") == (
        "argumen wajib belum diberikan: --format, --out")
    assert parser.said("ambiguous option: --re could match --regency, --replace") == (
        "opsi --re ambigu: bisa berarti --regency, --replace")
    assert parser.said("argument --rows: expected one argument") == "argumen --rows: perlu satu nilai"
    assert parser.said("something argparse will say one day") == "argumen tidak sah; lihat --help"
    assert cli.build_parser("en").said("unrecognized arguments: --x") == "unrecognised arguments: --x"


@pytest.mark.parametrize(("lang", "said"), [
    ("id", "kesalahan: wave: 70-20 bukan rentang AWAL-AKHIR dalam 1-71; year: 1999-2000 bukan rentang AWAL-AKHIR "
           "dalam 2020-2024; gender: X tidak dikenal (pilihan: L, P); age: 99-100 tidak dikenal (pilihan: 18-25, "
           "26-35, 36-45, 46-55, 56+)"),
    ("en", "error: wave: 70-20 is not a range FIRST-LAST within 1-71; year: 1999-2000 is not a range FIRST-LAST "
           "within 2020-2024; gender: X is not known (choose from: L, P); age: 99-100 is not known (choose from: "
           "18-25, 26-35, 36-45, 46-55, 56+)"),
])
def test_every_filter_problem_is_said_from_the_catalogue(place, capsys, lang, said):
    """The filters' problems as data (FilterError.issues), said by the catalogue: the same sentences as a link's
    (i18n.filter_problem), with the waves, years, genders and age bands the programme has."""
    code, out, err = run(capsys, "info", "--db", str(place / "none.duckdb"), "--wave", "70-20", "--year",
                         "1999-2000", "--gender", "X", "--age", "99-100", "--lang", lang)
    assert (code, out, err) == (2, "", said + "\n")


def test_the_language_is_known_before_the_arguments_are_parsed():
    assert cli.language(["import", "x.csv", "--lang", "en"]) == "en"
    assert cli.language(["--lang=en", "info"]) == "en"
    assert cli.language(["--lang", "fr", "info"]) == "id"
    assert cli.language(["info"]) == "id"


def test_an_alumni_export_is_private_and_prints_no_warning(fixture_db, tmp_path):
    out = tmp_path / "alumni.csv"
    out.write_text("old")
    os.chmod(out, 0o644)  # a file that was there keeps no wider mode
    done = subprocess.run([sys.executable, "-m", "prakerja_dash", "export", "--format", "csv", "--out", str(out),
                           "--db", str(fixture_db), "--lang", "en"], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=os.environ | {"PRAKERJA_AUDIT_LOG": str(tmp_path / "audit.jsonl")})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("wrote ")
    for written in (out, tmp_path / "alumni.csv.metadata.json"):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written


def test_busy_is_said_in_the_page_language():
    assert load.ImportBusy().say("en") == "another import is running; try again when it has finished"
    assert str(load.ImportBusy()) == "impor lain sedang berjalan; coba lagi setelah selesai"


@pytest.mark.parametrize(("lang", "suffix", "header", "problem"), [
    ("id", ".ditolak.csv", ["baris", "masalah"], "usia: usia harus bilangan bulat 18-64"),
    ("en", ".rejected.csv", ["row", "problems"], "usia: the age must be a whole number 18-64"),
])
def test_the_rejected_rows_file_is_named_and_headed_in_the_import_language(place, capsys, lang, suffix, header,
                                                                            problem):
    bad = write_csv(place / "salah.csv", [PERSON | {"usia": "9"}, PERSON | {"id_peserta": "HX-2"}])
    code, out, err = run(capsys, "import", str(bad), "--db", str(place / "live.duckdb"), "--keep-valid",
                         "--lang", lang)
    assert code == 0, err
    rejected = place / ("salah.csv" + suffix)
    assert str(rejected) in out and sorted(path.name for path in place.glob("salah.csv.*")) == [rejected.name]
    with open(rejected, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == [*header, *PERSON]  # the file's own columns keep the template's names
    assert [row[0] for row in written[1:]] == ["2"] and written[1][1].startswith(problem)
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600


DAMAGED = {"id": "kesalahan: basis data {path} rusak (DuckDB menemukan blok yang tidak utuh); pulihkan sebuah "
                 "cadangan (restore)\n",
           "en": "error: the database {path} is damaged (DuckDB found a broken block); bring a backup back "
                 "(restore)\n"}
UNOPENABLE = {"id": "kesalahan: basis data {path} tidak dapat dibuka oleh DuckDB; rinciannya dicatat di log\n",
              "en": "error: DuckDB cannot open the database {path}; the details are in the log\n"}
INCOMPLETE = {"id": "kesalahan: {path} tidak lengkap atau rusak (keterangan datanya tidak terbaca); rinciannya "
                    "dicatat di log\n",
              "en": "error: {path} is incomplete or damaged (its dataset record cannot be read); the details are in "
                    "the log\n"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_damaged_database_is_said_in_a_sentence_of_the_catalogue(place, capsys, lang):
    """Not DuckDB's "Corrupt database file: computed checksum ... in block ..." (nor "locked", for the 'lock' in
    'block'), for a command that reads the database and for an import into it."""
    broken = damaged(place / "rusak.duckdb").resolve()
    good = write_csv(place / "baik.csv", [PERSON])
    for args in (("info", "--db", str(broken)), ("import", str(good), "--db", str(broken))):
        code, out, err = run(capsys, *args, "--lang", lang)
        assert (code, out, err) == (2, "", DAMAGED[lang].format(path=broken)), args


def test_the_library_text_of_a_damaged_database_goes_to_the_log_only(tmp_path):
    broken = damaged(tmp_path / "rusak.duckdb")
    done = subprocess.run([sys.executable, "-m", "prakerja_dash", "info", "--db", str(broken), "--lang", "en"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, DAMAGED["en"].format(path=broken.resolve()))
    assert "checksum" in (tmp_path / cli.LOG_FILE_NAME).read_text()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rare_database_errors_are_said_without_their_library_text(place, capsys, monkeypatch, lang):
    live = place / "live.duckdb"
    good = write_csv(place / "baik.csv", [PERSON])
    assert run(capsys, "import", str(good), "--db", str(live))[0] == 0

    def rare_fault(*args, **kwargs):
        raise duckdb.IOException("IO Error: a rare fault of the storage layer\nwith a second line")

    with monkeypatch.context() as patched:
        patched.setattr(db, "connect", rare_fault)
        code, out, err = run(capsys, "info", "--db", str(live), "--lang", lang)
    assert (code, out, err) == (2, "", UNOPENABLE[lang].format(path=live))

    def unreadable_record(con):
        raise ValueError("Expecting value: line 1 column 1 (char 0)")

    monkeypatch.setattr(db, "read_dataset_info", unreadable_record)
    code, out, err = run(capsys, "import", str(good), "--db", str(live), "--lang", lang)
    assert (code, out, err) == (2, "", INCOMPLETE[lang].format(path=live.resolve()))
    code, out, err = run(capsys, "info", "--db", str(live), "--lang", lang)  # a library's ValueError: unexpected
    assert code == 2 and "Expecting" not in err and err.startswith(("kesalahan: kesalahan tak terduga (ValueError)",
                                                                    "error: an unexpected error (ValueError)"))


@pytest.mark.parametrize(("lang", "table", "profile", "seed"), [
    ("id", "kesalahan: tampilan hasil tidak memiliki tabel bogus; pilih salah satu: ",
     "kesalahan: --profil 9999: kabupaten/kota ini tidak dikenal", "kesalahan: argumen --seed: harus bilangan bulat 0 "
                                                                   "atau lebih"),
    ("en", "error: the view hasil has no table bogus; choose one of: ",
     "error: --profil 9999: this regency is not known", "error: argument --seed: must be a whole number, 0 or more"),
])
def test_export_and_build_refusals_that_other_modules_word_in_english(place, capsys, fixture_db, lang, table, profile,
                                                                      seed):
    out = str(place / "x.csv")
    code, _, err = run(capsys, "export", "--format", "csv", "--view", "hasil", "--table", "bogus", "--out", out,
                       "--db", str(fixture_db), "--lang", lang)
    assert code == 2 and err.startswith(table) and "income_bands" in err
    code, _, err = run(capsys, "export", "--format", "csv", "--view", "profil", "--table", "kpis", "--profil", "9999",
                       "--out", out, "--db", str(fixture_db), "--lang", lang)
    assert (code, err) == (2, profile + "\n")
    code, _, err = run(capsys, "build-demo", "--seed", "-5", "--db", str(place / "demo.duckdb"), "--lang", lang)
    assert code == 2 and err.splitlines()[-1] == seed and not (place / "demo.duckdb").exists()
