"""Reading an alumni file (CSV in UTF-8/UTF-16/cp1252 with , ; or tab, Excel, Parquet) into
rows of raw values numbered as the spreadsheet shows them (header = row 1)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq

from prakerja_dash import config

MAX_BYTES = config.UPLOAD_LIMIT_BYTES
MAX_ROWS = 2_000_000
TEMPLATE_COLUMNS = (
    "id_peserta", "nik", "jenis_kelamin", "usia", "tanggal_lahir", "pendidikan", "kabupaten_kota", "gelombang",
    "tanggal_daftar", "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum",
    "status_sesudah", "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah",
)
PERSONAL_COLUMNS = ("nama", "nama_lengkap", "name", "telepon", "no_hp", "nomor_hp", "hp", "phone", "email", "e_mail",
                    "alamat")


class UnreadableFile(ValueError):
    """The file cannot be read as an alumni list; the message says why."""


@dataclass
class Table:
    header: list[str]  # template names ('' for a column outside the template)
    original_header: list[str]
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, values)
    ignored_columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None


def header_key(name: object) -> str:
    """'Kabupaten/Kota' -> 'kabupaten_kota', 'Jenis Kelamin' -> 'jenis_kelamin'."""
    text = re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower().replace("\ufeff", ""))
    return text.strip("_")


_ALIASES = {"kab_kota": "kabupaten_kota", "kabupaten": "kabupaten_kota", "kota": "kabupaten_kota",
            "jk": "jenis_kelamin", "gender": "jenis_kelamin", "umur": "usia", "gel": "gelombang",
            "kategori": "kategori_pelatihan", "pelatihan": "judul_pelatihan", "lembaga": "lembaga_pelatihan"}


def template_name(name: object) -> str:
    key = header_key(name)
    key = _ALIASES.get(key, key)
    return key if key in TEMPLATE_COLUMNS or key in PERSONAL_COLUMNS else ""


def read_table(path: Path, sheet: str | None = None) -> Table:
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("berkas kosong")
    if size > MAX_BYTES:
        raise UnreadableFile(f"berkas {size / 1024 / 1024:.0f} MB melebihi batas {MAX_BYTES // 1024 // 1024} MB")
    head = path.open("rb").read(8)
    if head.startswith(b"PK"):
        if not zipfile.is_zipfile(path):
            raise UnreadableFile("berkas zip rusak")
        names = zipfile.ZipFile(path).namelist()
        if "xl/workbook.xml" not in names:
            raise UnreadableFile("berkas zip bukan buku kerja Excel (.xlsx)")
        raw_rows = _excel_rows(path, sheet)
        return _with_header(raw_rows)
    if sheet:
        raise UnreadableFile("--sheet hanya untuk berkas Excel")
    if head.startswith(b"PAR1"):
        table = pq.read_table(path)
        rows = [list(table.column_names)] + [list(r.values()) for r in table.to_pylist()]
        return _with_header(list(enumerate(rows, start=1)))
    if b"\x00" in path.open("rb").read(4096) and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("berkas biner, bukan CSV, Excel atau Parquet")
    return _csv(path.read_bytes())


def _excel_rows(path: Path, sheet: str | None) -> list[tuple[int, list[object]]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(f"buku kerja Excel tidak dapat dibaca ({type(error).__name__})") from error
    if sheet is not None and sheet not in workbook.sheetnames:
        raise UnreadableFile(f"lembar {sheet!r} tidak ada; lembar yang ada: {', '.join(workbook.sheetnames)}")
    visible = [w for w in workbook.worksheets if w.sheet_state == "visible"] or workbook.worksheets
    worksheet = workbook[sheet] if sheet else visible[0]  # a hidden first sheet is not what people see
    rows = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        rows.append((number, list(values)))
        if number > MAX_ROWS + 50:
            raise UnreadableFile(f"lebih dari {MAX_ROWS:,} baris")
    workbook.close()
    return rows


def _csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("pengodean teks tidak dikenali (pakai UTF-8)")
    sample = "\n".join(text.splitlines()[:20])
    delimiter = max((";", ",", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(enumerate(reader, start=1))
    except csv.Error as error:
        raise UnreadableFile(f"CSV rusak: {error}") from error
    table = _with_header(rows)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _with_header(rows: list[tuple[int, list[object]]]) -> Table:
    """The header is the first row naming at least three template columns (title rows above are skipped)."""
    for index, (_, values) in enumerate(rows[:30]):
        names = [template_name(v) for v in values]
        if sum(1 for n in names if n in TEMPLATE_COLUMNS) >= 3:
            duplicates = sorted({n for n in names if n and names.count(n) > 1})
            if duplicates:
                raise UnreadableFile("kolom ganda di baris judul: " + ", ".join(duplicates))
            ignored = [str(v) for v, n in zip(values, names, strict=True) if not n and v not in (None, "")]
            body = [(number, list(v) + [None] * (len(values) - len(v))) for number, v in rows[index + 1:]]
            return Table(names, [str(v) for v in values], body, ignored)
    raise UnreadableFile("baris judul kolom tidak ditemukan (lihat templat: id_peserta/nik, jenis_kelamin, "
                         "usia, kabupaten_kota, gelombang, …)")
