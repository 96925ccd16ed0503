"""Imports speak the user's language (issue 23, item 7): the admin page passes its language to
`import_file`, the command line its `--lang`; every message and row rule comes from the catalogue."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from prakerja_dash import i18n
from prakerja_dash.imports import load
from tests.test_cli_language import ENGLISH, INDONESIAN, PERSON, leftovers, write_csv

ISSUE_23_PREFIXES = ("imp_", "val_", "chk_", "db_", "cli_", "field_", "account_")


@pytest.mark.parametrize("key", [key for key in i18n.CATALOGUE if key.startswith(ISSUE_23_PREFIXES)])
def test_each_import_and_command_line_text_is_in_its_own_language(key):
    entry = i18n.CATALOGUE[key]
    assert set(entry) == {"id", "en"}
    assert set(re.findall(r"\{(\w+)\}", entry["id"])) == set(re.findall(r"\{(\w+)\}", entry["en"])), key
    indonesian, english = (re.sub(r"\{\w+\}", " ", entry[lang]) for lang in ("id", "en"))  # not the placeholders
    assert leftovers(indonesian, ENGLISH, Path("/nowhere")) == [], key
    assert leftovers(english, INDONESIAN, Path("/nowhere")) == [], key


def words(text: str) -> set[str]:
    """As tests/test_language.py reads the catalogue: lower-case words, placeholders left out."""
    return {word.lower() for word in re.findall(r"[A-Za-zÀ-ÿ]+", re.sub(r"\{\w+\}", " ", text)) if len(word) > 1}


def only_in(catalogue: dict[str, dict[str, str]], lang: str) -> set[str]:
    other = "en" if lang == "id" else "id"
    return (set().union(*(words(entry[lang]) for entry in catalogue.values()))
            - set().union(*(words(entry[other]) for entry in catalogue.values())))


def test_the_new_texts_take_no_word_from_the_pages_language_check():
    """tests/test_language.py flags on a page any word only the other language's catalogue uses: a template
    column name or an accepted value ('Tidak bekerja') written into an English text would stop 'tidak'
    from being flagged. Such words come in as placeholders' values instead."""
    before = {key: entry for key, entry in i18n.CATALOGUE.items() if not key.startswith(ISSUE_23_PREFIXES)}
    for lang in ("id", "en"):
        assert only_in(before, lang) - only_in(i18n.CATALOGUE, lang) == set(), lang


BAD_VALUES = {  # one broken value per rule a row can break
    "jenis_kelamin": "X", "usia": "2.05", "pendidikan": "SMU", "kabupaten_kota": "Bandung", "gelombang": "99",
    "tanggal_daftar": "31/02/2022", "kategori_pelatihan": "Sulap", "status_sebelum": "Pensiun",
    "status_sesudah": "Pensiun", "memulai_usaha": "Mungkin", "jumlah_karyawan": "-1",
    "pendapatan_sebelum": "banyak", "pendapatan_sesudah": "Rp 2.000.000.000", "judul_pelatihan": "x" * 400,
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_row_problems_are_said_in_the_language_asked_for(folder, tmp_path, lang):
    rows = [PERSON | {column: value} | {"id_peserta": f"HX-{i}"}
            for i, (column, value) in enumerate(BAD_VALUES.items())]
    rows += [PERSON | {"id_peserta": "1571011205900011.0"}, PERSON | {"id_peserta": "HX-1"},
             PERSON | {"tanggal_daftar": "01/01/2019", "id_peserta": "HX-early"},
             PERSON | {"tanggal_daftar": "01/01/2024", "id_peserta": "HX-late"},
             PERSON | {"usia": "", "id_peserta": "HX-empty"}]
    result = load.import_file(write_csv(tmp_path / "salah.csv", rows), folder / "prakerja.duckdb", lang=lang)
    assert not result.ok and len({p.row for p in result.problems}) == len(rows) - 1  # all but one original
    other = ENGLISH if lang == "id" else INDONESIAN
    for text in [result.message, *(p.rule for p in result.problems)]:
        assert leftovers(text, other, tmp_path) == [], text
    rules = {p.column: p.rule for p in result.problems}
    if lang == "en":
        assert rules["usia"] == "the age must be a whole number 18-64, without a fraction or a thousands separator"
        assert result.message == f"problems found: {len(result.problems)}; nothing was loaded"
    else:
        assert rules["usia"] == "usia harus bilangan bulat 18-64, tanpa pecahan atau pemisah ribuan"


def _files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, data in {"kosong.csv": b"", "biner.dat": b"\x00\x01\x02binary",
                       "lama.xls": b"\xd0\xcf\x11\xe0" + b"0" * 64, "bukan.xlsx": b"PK\x03\x04" + b"0" * 64,
                       "rusak.parquet": b"PAR1" + b"\x00" * 64 + (40).to_bytes(4, "little") + b"PAR1"}.items():
        made[name] = tmp_path / name
        made[name].write_bytes(data)
    made["no-header.csv"] = tmp_path / "no-header.csv"
    made["no-header.csv"].write_text("a,b\n1,2\n")
    return made


@pytest.mark.parametrize("lang", ["id", "en"])
def test_files_refused_whole_are_said_in_the_language_asked_for(folder, tmp_path, lang):
    other = ENGLISH if lang == "id" else INDONESIAN
    for name, path in _files(tmp_path).items():
        result = load.import_file(path, folder / "prakerja.duckdb", lang=lang)
        assert not result.ok and result.message and "\n" not in result.message, name
        assert leftovers(result.message, other, tmp_path) == [], (name, result.message)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.EROFS, "Read-only file system"), RuntimeError("a bug")])
def test_failures_of_the_environment_are_said_in_the_language_asked_for(folder, tmp_path, monkeypatch, lang, error):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(load, "_build", failing)
    result = load.import_file(write_csv(tmp_path / "a.csv", [PERSON]), folder / "prakerja.duckdb", lang=lang)
    assert result.fault and leftovers(result.message, ENGLISH if lang == "id" else INDONESIAN, tmp_path) == []


def test_a_loaded_file_is_said_in_english(folder, tmp_path):
    db_path = folder / "prakerja.duckdb"
    first = load.import_file(write_csv(tmp_path / "a.csv", [PERSON]), db_path, lang="en")
    again = load.import_file(write_csv(tmp_path / "a.csv", [PERSON]), db_path, lang="en")
    assert (first.message, again.message) == ("1 alumni loaded (replaced); data version 1",
                                              "this file is already loaded; nothing changed")
