"""Reading an alumni file (CSV in UTF-8/UTF-16/cp1252 with , ; or tab, Excel, Parquet) into
rows of raw values numbered as the spreadsheet shows them (header = row 1).

Every reader streams: rows are handed on one at a time and nothing is loaded whole, so a small
file that unpacks to a huge one (an Excel sheet claiming a million rows, a Parquet file of
millions of identical rows, megabytes of blank lines) is refused at the limits below instead
of filling the memory. Declared sizes (zip entries, Parquet metadata) are checked before
anything is unpacked; an Excel sheet's own claim about its size (<dimension>) is ignored.
"""

from __future__ import annotations

import codecs
import csv
import math
import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.parsers import expat

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from prakerja_dash import config
from prakerja_dash.imports.messages import Said

MAX_BYTES = config.UPLOAD_LIMIT_BYTES
MAX_ROWS = 1_000_000  # data rows below the header; blank rows are skipped, and refused past as many again
MAX_COLUMNS = 60  # the template has 18; a row with a value further right is refused
MAX_CELLS = 30_000_000  # cells an Excel sheet may hold, empty ones included
MAX_CELL_CHARS = 1_000  # longer text is cut here (no stored value may be that long; the checks refuse it)
MAX_LINE_CHARS = 100_000  # one line of a CSV file
MAX_XML_BYTES = 512 * 1024 * 1024  # one part of an .xlsx once unpacked (a sheet, its shared texts)
MAX_XML_META_BYTES = 32 * 1024 * 1024  # the workbook's list of sheets, its links and its styles, unpacked
MAX_SHARED_STRINGS = 1_500_000  # distinct texts of an .xlsx (a million ids and then some)
MAX_SHARED_CHARS = 50_000_000  # their characters together
MAX_PARQUET_FOOTER = 8 * 1024 * 1024  # a Parquet file's metadata
MAX_PARQUET_UNPACKED = 64 * 1024 * 1024  # the template columns once decompressed (a million real rows: ~22 MB)
MAX_PARQUET_CATEGORIES = 16 * 1024 * 1024  # the same for columns stored as categories, per row group
MAX_PARQUET_GROUPS = 10_000  # row groups of a Parquet file
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384  # what Excel itself allows
HEADER_ROWS = 30  # the header must be among the first rows (title rows may sit above it)
PARQUET_BATCH = 4096
# Reading time is bounded twice. XML elements (every tag of every part of an .xlsx, known or not) at most
# ELEMENTS_PER_BYTE per byte of the packed file, and at least MIN_ELEMENTS: a real sheet packs about one
# element per byte, a small file that unpacks to tens of millions of tags (<x/><x/>…, empty cells) is
# stopped after a few seconds. And a deadline, for every format: READ_SECONDS plus READ_SECONDS_PER_MB
# for each whole megabyte of the file, counted in processor time of the reading thread, so that a busy
# machine (other users, other sessions of the server) never makes a good file late.
ELEMENTS_PER_BYTE = 3
MIN_ELEMENTS = 300_000
READ_SECONDS = 15
READ_SECONDS_PER_MB = 15

TEMPLATE_COLUMNS = (
    "id_peserta", "nik", "jenis_kelamin", "usia", "tanggal_lahir", "pendidikan", "kabupaten_kota", "gelombang",
    "tanggal_daftar", "kategori_pelatihan", "judul_pelatihan", "lembaga_pelatihan", "status_sebelum",
    "status_sesudah", "memulai_usaha", "jumlah_karyawan", "pendapatan_sebelum", "pendapatan_sesudah",
)
PERSONAL_COLUMNS = ("nama", "nama_lengkap", "name", "telepon", "no_hp", "nomor_hp", "hp", "phone", "email", "e_mail",
                    "alamat")


class UnreadableFile(Said):
    """The file cannot be read as an alumni list; the message says why (`say(lang)`)."""


def _mb(size: int) -> str:
    """A size as messages write it: '474 MB', or '12 KB' below a megabyte."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:,.0f} MB".replace(",", ".")




@dataclass
class Table:
    header: list[str]  # template names ('' for a column outside the template)
    original_header: list[str]
    rows: Iterator[tuple[int, list[object]]]  # (spreadsheet row number, values): streamed, once
    ignored_columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None

    def close(self) -> None:
        """Let go of the file when the rows are not read to the end."""
        close = getattr(self.rows, "close", None)
        if close:
            close()


class Budget:
    """How many XML elements and seconds reading one file may take; `UnreadableFile` past either."""

    def __init__(self, size: int):
        self.elements = max(MIN_ELEMENTS, ELEMENTS_PER_BYTE * size)
        self.seconds = READ_SECONDS + READ_SECONDS_PER_MB * (size // (1024 * 1024))
        self.deadline = time.thread_time() + self.seconds
        self.used = 0

    def element(self) -> None:
        self.used += 1
        if self.used > self.elements:
            raise UnreadableFile("imp_budget_elements", elements=self.elements, seconds=self.seconds)
        if not self.used & 0x3FFF:
            self.in_time()

    def in_time(self) -> None:
        if time.thread_time() > self.deadline:
            raise UnreadableFile("imp_budget_seconds", seconds=self.seconds)


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
    """The header of `path` and a stream of its rows; `UnreadableFile` when it cannot serve."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("imp_empty")
    if size > MAX_BYTES:
        raise UnreadableFile("imp_too_big", size=_mb(size), limit=_mb(MAX_BYTES))
    with path.open("rb") as handle:
        head = handle.read(4096)
    budget = Budget(size)
    if head.startswith(b"PK"):
        return _excel(path, sheet, budget)
    if sheet:
        raise UnreadableFile("imp_sheet_only_excel", option="--sheet")
    if head.startswith(b"PAR1"):
        return _parquet(path, size, budget)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("imp_old_excel")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("imp_binary")
    return _csv(path, budget)


# --- the header, then the rows below it ----------------------------------------------
def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _width(values: list[object]) -> int:
    """The number of cells up to the last one that holds something."""
    width = len(values)
    while width and _blank(values[width - 1]):
        width -= 1
    return width


def _too_wide(number: int) -> UnreadableFile:
    return UnreadableFile("imp_too_wide", row=number, limit=MAX_COLUMNS)


def _table(raw: Iterator[tuple[int, list[object]]], **found) -> Table:
    """The header is the first row naming at least three template columns (title rows above are
    skipped); the rows below it are streamed, blank ones left out, at most MAX_ROWS of them."""
    try:
        for number, values in raw:
            if number > HEADER_ROWS:
                break
            width = _width(values)
            if width > MAX_COLUMNS:
                raise _too_wide(number)
            names = [template_name(v) for v in values[:width]]
            if sum(1 for n in names if n in TEMPLATE_COLUMNS) < 3:
                continue
            duplicates = sorted({n for n in names if n and names.count(n) > 1})
            if duplicates:
                raise UnreadableFile("imp_duplicate_columns", columns=", ".join(duplicates))
            ignored = [str(v) for v, n in zip(values, names, strict=False) if not n and not _blank(v)]
            return Table(names, [str(v) for v in values[:width]], _body(raw, len(names)), ignored, **found)
    except BaseException:
        raw.close()
        raise
    raw.close()
    raise UnreadableFile("imp_no_header", rows=HEADER_ROWS,
                         columns="id_peserta/nik, jenis_kelamin, usia, kabupaten_kota, gelombang, …")


def _body(raw: Iterator[tuple[int, list[object]]], width: int) -> Iterator[tuple[int, list[object]]]:
    count = blank = 0
    with closing(raw):
        for number, values in raw:
            filled = _width(values)
            if filled == 0:
                blank += 1
                if blank > MAX_ROWS:
                    raise UnreadableFile("imp_blank_rows", limit=MAX_ROWS)
                continue
            if filled > MAX_COLUMNS:
                raise _too_wide(number)
            count += 1
            if count > MAX_ROWS:
                raise UnreadableFile("imp_too_many_rows", limit=MAX_ROWS)
            if len(values) < width:
                values = list(values) + [None] * (width - len(values))
            yield number, values[:max(width, filled)]


# --- CSV --------------------------------------------------------------------------------
def _csv(path: Path, budget: Budget) -> Table:
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        sample = [handle.readline(MAX_LINE_CHARS + 1) for _ in range(20)]
    delimiter = max((";", ",", "\t"), key=lambda d: sum(line.count(d) for line in sample))
    return _table(_csv_rows(path, encoding, delimiter, budget), encoding=encoding, delimiter=delimiter)


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252: the first that decodes the whole file."""
    with path.open("rb") as handle:
        bom = handle.read(2)
    for encoding in ("utf-16",) if bom in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("imp_encoding")


def _csv_rows(path: Path, encoding: str, delimiter: str, budget: Budget) -> Iterator[tuple[int, list[object]]]:
    number = 0
    with open(path, encoding=encoding, newline="") as handle:
        try:
            for number, values in enumerate(csv.reader(_lines(handle), delimiter=delimiter), start=1):
                if not number & 0x3FFF:
                    budget.in_time()
                yield number, values
        except csv.Error as error:
            if "field larger than field limit" in str(error):  # the csv module's own words, never shown
                raise UnreadableFile("imp_csv_field_too_long", row=number + 1, limit=csv.field_size_limit()) \
                    from error
            raise UnreadableFile("imp_csv_broken", row=number + 1) from error


def _lines(handle) -> Iterator[str]:
    for line_number, line in enumerate(iter(lambda: handle.readline(MAX_LINE_CHARS + 1), ""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise UnreadableFile("imp_long_line", line=line_number, limit=MAX_LINE_CHARS)
        yield line


# --- Excel (.xlsx), read straight from its XML ---------------------------------------------
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _excel(path: Path, sheet: str | None, budget: Budget) -> Table:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile("imp_zip_broken") from error
    try:
        parts = {info.filename: info for info in archive.infolist()}
        if "xl/workbook.xml" not in parts:
            raise UnreadableFile("imp_zip_not_excel")
        book = _Book(archive, parts, budget)
        target = book.sheet_part(sheet)
        rows = book.rows(target)
    except UnreadableFile:
        archive.close()
        raise
    except Exception as error:
        archive.close()
        raise UnreadableFile("imp_excel_unreadable") from error
    return _table(rows)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _refuse_dtd(*_):
    raise UnreadableFile("imp_dtd")


class _Book:
    """The parts of an .xlsx that say which sheet to read and how to read its cells."""

    def __init__(self, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], budget: Budget):
        self.archive, self.parts, self.budget = archive, parts, budget
        self.sheets: list[tuple[str, str, str]] = []  # (name, state, relationship id)
        self.date1904 = False
        self._parse("xl/workbook.xml", start=self._workbook_element)
        self.targets: dict[str, tuple[str, str]] = {}
        if "xl/_rels/workbook.xml.rels" in parts:
            self._parse("xl/_rels/workbook.xml.rels", start=self._relationship)
        self.date_styles = self._date_styles()
        self.strings = self._shared_strings()

    # reading one XML part with expat: no tree is built, entity declarations are refused, every element
    # counts against the budget
    def _parser(self, start=None, end=None, text=None) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        count = self.budget.element
        if start:
            def counted(name: str, attributes: dict[str, str]) -> None:
                count()
                start(name, attributes)

            parser.StartElementHandler = counted
        else:
            parser.StartElementHandler = lambda name, attributes: count()
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text
        return parser

    def _blocks(self, name: str, limit: int) -> Iterator[bytes]:
        info = self.parts.get(name)
        if info is None:
            raise UnreadableFile("imp_part_missing", part=name)
        if info.file_size > limit:
            raise UnreadableFile("imp_part_too_big", part=name, size=_mb(info.file_size), limit=_mb(limit))
        with self.archive.open(info) as stream:
            for block in iter(lambda: stream.read(1 << 16), b""):
                self.budget.in_time()
                yield block

    def _parse(self, name: str, limit: int = MAX_XML_META_BYTES, **handlers) -> None:
        parser = self._parser(**handlers)
        try:
            for block in self._blocks(name, limit):
                parser.Parse(block, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise UnreadableFile("imp_xml_broken", part=name, line=error.lineno, column=error.offset) from error

    def _workbook_element(self, name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "sheet":
            if len(self.sheets) >= 10_000:
                raise UnreadableFile("imp_too_many_sheets", limit=10_000)
            self.sheets.append((attributes.get("name", ""), attributes.get("state", "visible"),
                                attributes.get(f"{_DOC_RELS}}}id", "")))
        elif tag == "workbookPr":
            self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")

    def _relationship(self, name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "Relationship" and len(self.targets) < 100_000:
            target = attributes.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.targets[attributes.get("Id", "")] = (part, attributes.get("Type", ""))

    def sheet_part(self, wanted: str | None) -> str:
        names = [name for name, _, _ in self.sheets]
        if wanted is not None and wanted not in names:
            raise UnreadableFile("imp_sheet_missing", sheet=repr(wanted), names=", ".join(names))
        worksheets = [(name, state, self.targets.get(rid, ("", ""))) for name, state, rid in self.sheets]
        worksheets = [(n, s, part) for n, s, (part, kind) in worksheets if kind.endswith("/worksheet")]
        if wanted is not None:
            chosen = [part for name, _, part in worksheets if name == wanted]
            if not chosen:
                raise UnreadableFile("imp_sheet_not_data", sheet=repr(wanted))
            return chosen[0]
        visible = [part for _, state, part in worksheets if state == "visible"]
        if not (visible or worksheets):
            raise UnreadableFile("imp_no_data_sheet")
        return (visible or [worksheets[0][2]])[0]  # a hidden first sheet is not what people see

    def _date_styles(self) -> set[int]:
        """The cell styles (indexes into cellXfs) whose number format shows a date."""
        if "xl/styles.xml" not in self.parts:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = []

        def start(name: str, attributes: dict[str, str]) -> None:
            tag = _local(name)
            if tag == "numFmt":
                custom[_int(attributes.get("numFmtId"))] = attributes.get("formatCode", "")
            elif tag == "cellXfs":
                inside.append(True)
            elif tag == "xf" and inside:
                formats.append(_int(attributes.get("numFmtId")))

        def end(name: str) -> None:
            if _local(name) == "cellXfs":
                inside.clear()

        self._parse("xl/styles.xml", start=start, end=end)
        dates = set()
        for index, format_id in enumerate(formats):
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id)
            if code and is_date_format(code):
                dates.add(index)
        return dates

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.parts:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"text": False, "phonetic": 0, "length": 0, "total": 0}

        def start(tag: str, _attributes) -> None:
            tag = _local(tag)
            if tag == "t" and not state["phonetic"]:
                state["text"] = True
            elif tag == "rPh":
                state["phonetic"] += 1
            elif tag == "si":
                parts.clear()
                state["length"] = 0

        def end(tag: str) -> None:
            tag = _local(tag)
            if tag == "t":
                state["text"] = False
            elif tag == "rPh":
                state["phonetic"] -= 1
            elif tag == "si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise UnreadableFile("imp_too_many_strings", limit=MAX_SHARED_STRINGS)
                strings.append(_unescape("".join(parts)))

        def text(data: str) -> None:
            if state["text"] and state["length"] <= MAX_CELL_CHARS:
                piece = data[:MAX_CELL_CHARS + 1 - state["length"]]
                parts.append(piece)
                state["length"] += len(piece)
                state["total"] += len(piece)
                if state["total"] > MAX_SHARED_CHARS:
                    raise UnreadableFile("imp_too_many_chars", limit=MAX_SHARED_CHARS)

        self._parse(name, MAX_XML_BYTES, start=start, end=end, text=text)
        return strings

    def rows(self, part: str) -> Iterator[tuple[int, list[object]]]:
        """The rows of a sheet that hold something, as (row number, values), read as the XML streams by."""
        sheet = _Sheet(self)
        parser = self._parser(start=sheet.start, end=sheet.end, text=sheet.text)
        try:
            for block in self._blocks(part, MAX_XML_BYTES):
                parser.Parse(block, False)
                yield from sheet.ready
                sheet.ready.clear()
            parser.Parse(b"", True)
            yield from sheet.ready
        except expat.ExpatError as error:
            raise UnreadableFile("imp_sheet_broken", line=error.lineno, column=error.offset) from error
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            raise UnreadableFile("imp_excel_packing") from error
        finally:
            self.archive.close()


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as _xHHHH_ (and a literal '_x' as _x005F_x)."""
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _column(reference: str) -> int:
    """'AB12' -> 28."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
        if number > EXCEL_MAX_COLUMNS:
            break
    return number


class _Sheet:
    """Expat handlers that turn <row><c>…</c></row> into (row number, values); only cells that hold
    a value are kept, and only up to MAX_COLUMNS."""

    def __init__(self, book: _Book):
        self.strings, self.date_styles = book.strings, book.date_styles
        self.epoch = MAC_EPOCH if book.date1904 else WINDOWS_EPOCH
        self.ready: list[tuple[int, list[object]]] = []
        self.row_number = self.rows_seen = self.cells = 0
        self.values: dict[int, object] = {}
        self.column = 0
        self.kind = self.style = None
        self.collecting = False
        self.phonetic = 0
        self.parts: list[str] = []
        self.length = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise UnreadableFile("imp_too_many_cells", limit=MAX_CELLS)
            reference = attributes.get("r")
            self.column = _column(reference) if reference else self.column + 1
            if self.column < 1:
                raise UnreadableFile("imp_cell_address", reference=repr(reference[:20]))
            self.kind = attributes.get("t", "n")
            self.style = _int(attributes.get("s"))
            self.parts, self.length = [], 0
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.collecting = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            self.rows_seen += 1
            number = _int(attributes.get("r"), self.row_number + 1)
            if self.rows_seen > EXCEL_MAX_ROWS or not 1 <= number <= EXCEL_MAX_ROWS:
                raise UnreadableFile("imp_too_many_excel_rows", limit=EXCEL_MAX_ROWS)
            self.row_number, self.column, self.values = number, 0, {}

    def text(self, data: str) -> None:
        if self.collecting and self.length <= MAX_CELL_CHARS:
            piece = data[:MAX_CELL_CHARS + 1 - self.length]
            self.parts.append(piece)
            self.length += len(piece)

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = self._value()
            if not _blank(value):
                if self.column > MAX_COLUMNS:
                    raise _too_wide(self.row_number)
                self.values[self.column] = value
        elif tag == "row" and self.values:
            cells = [None] * max(self.values)
            for column, value in self.values.items():
                cells[column - 1] = value
            self.ready.append((self.row_number, cells))
            self.values = {}

    def _value(self) -> object:
        if not self.parts:
            return None
        raw = "".join(self.parts)
        kind = self.kind
        if kind == "s":
            index = _int(raw, -1)
            if not 0 <= index < len(self.strings):
                raise UnreadableFile("imp_shared_missing", number=raw[:20])
            return self.strings[index]
        if kind == "inlineStr":
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind in ("str", "e"):
            return _unescape(raw)
        if kind == "d":
            try:
                return datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        return self._number(raw.strip())

    def _number(self, raw: str) -> object:
        """As openpyxl reads a number: int unless it has a point or exponent; a date if its style shows one.

        A whole number of more than 15 digits is a float: Excel keeps 15 significant digits, so such a
        number (a NIK typed into a number cell) has already lost its last ones.
        """
        digits = raw.lstrip("+-")
        try:
            number = float(raw) if any(c in raw for c in ".eE") or not digits.isdigit() or len(digits) > 15 \
                else int(raw)
        except ValueError:
            return raw  # not a number: the checks report it with its row
        if self.style in self.date_styles and isinstance(number, int | float) and math.isfinite(number):
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


# --- Parquet ---------------------------------------------------------------------------------
def _parquet(path: Path, size: int, budget: Budget) -> Table:
    with path.open("rb") as handle:
        handle.seek(-8, 2)
        tail = handle.read(8)
    footer = int.from_bytes(tail[:4], "little")
    if tail[4:] != b"PAR1" or footer > size - 12:
        raise UnreadableFile("imp_parquet_tail")
    if footer > MAX_PARQUET_FOOTER:
        raise UnreadableFile("imp_parquet_footer", size=_mb(footer), limit=_mb(MAX_PARQUET_FOOTER))
    try:
        metadata = pq.read_metadata(path)
        schema = pq.read_schema(path)
    except Exception as error:
        raise UnreadableFile("imp_parquet_broken") from error
    rows = max(metadata.num_rows, sum(metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)))
    if rows > MAX_ROWS:
        raise UnreadableFile("imp_parquet_rows", rows=rows, limit=MAX_ROWS)
    if len(schema.names) > MAX_COLUMNS:
        raise UnreadableFile("imp_parquet_columns", columns=len(schema.names), limit=MAX_COLUMNS)
    wanted = [name for name in schema.names if template_name(name)]
    for name in wanted:
        kind = schema.field(name).type
        if pa.types.is_nested(kind) or (pa.types.is_dictionary(kind) and pa.types.is_nested(kind.value_type)):
            raise UnreadableFile("imp_parquet_nested", column=repr(name), kind=str(kind))
        if pa.types.is_fixed_size_binary(kind) and kind.byte_width > MAX_CELL_CHARS:
            raise UnreadableFile("imp_parquet_fixed", column=repr(name), kind=str(kind))
    # Columns stored as categories (a pandas Categorical) are rebuilt as categories when read, which
    # takes several times their size: few distinct values are fine, a million are not.
    categories = {name for name in wanted if pa.types.is_dictionary(schema.field(name).type)}
    unpacked = 0
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        in_categories = 0
        for index in range(row_group.num_columns):
            column = row_group.column(index)
            name = column.path_in_schema.split(".")[0]
            if name in wanted:
                unpacked += column.total_uncompressed_size
            if name in categories:
                in_categories += column.total_uncompressed_size
        if in_categories > MAX_PARQUET_CATEGORIES:
            raise UnreadableFile("imp_parquet_categories", columns=", ".join(sorted(categories)),
                                 size=_mb(in_categories), limit=_mb(MAX_PARQUET_CATEGORIES))
    if unpacked > MAX_PARQUET_UNPACKED:
        raise UnreadableFile("imp_parquet_unpacked", size=_mb(unpacked), limit=_mb(MAX_PARQUET_UNPACKED))
    if metadata.num_row_groups > MAX_PARQUET_GROUPS:
        raise UnreadableFile("imp_parquet_groups", groups=metadata.num_row_groups, limit=MAX_PARQUET_GROUPS)
    long_text = _long_dictionary_text(path, schema, wanted, metadata.num_row_groups)
    if long_text:
        raise UnreadableFile("imp_parquet_long_text", column=repr(long_text), limit=MAX_CELL_CHARS)
    header = [(1, list(schema.names))]
    return _table(_chain(header, _parquet_rows(path, schema, wanted, budget)))


def _chain(first: list, rest: Iterator) -> Iterator:
    try:
        yield from first
        yield from rest
    finally:
        rest.close()


def _parquet_rows(path: Path, schema: pa.Schema, wanted: list[str], budget: Budget
                  ) -> Iterator[tuple[int, list[object]]]:
    positions = [schema.names.index(name) for name in wanted]
    number = 1
    try:
        parquet = pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
        with parquet:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, columns=wanted, use_threads=False):
                budget.in_time()
                columns = [_python(batch.column(name)) for name in wanted]
                for k in range(batch.num_rows):
                    number += 1
                    values: list[object] = [None] * len(schema.names)
                    for position, column in zip(positions, columns, strict=True):
                        values[position] = column[k]
                    yield number, values
    except UnreadableFile:
        raise
    except (pa.ArrowException, OSError, ValueError, EOFError) as error:
        raise UnreadableFile("imp_parquet_broken_at", row=number) from error


def _long_dictionary_text(path: Path, schema: pa.Schema, wanted: list[str], groups: int) -> str | None:
    """The first template column whose dictionary holds a text longer than MAX_CELL_CHARS, if any.

    A dictionary-encoded column stores a text once and refers to it from every row: decoded, a
    long one would be copied into every row of a batch. The dictionary page comes first in each
    row group; reading one row with the dictionaries kept shows it whole.
    """
    texts = [name for name in wanted if _is_text(schema.field(name).type)]
    if not texts:
        return None
    try:
        parquet = pq.ParquetFile(path, read_dictionary=texts, buffer_size=1 << 20, pre_buffer=False)
        with parquet:
            for group in range(groups):
                batch = next(parquet.iter_batches(batch_size=1, row_groups=[group], columns=texts,
                                                  use_threads=False), None)
                for name in texts if batch is not None else ():
                    column = batch.column(name)
                    if pa.types.is_dictionary(column.type) and _longest(column.dictionary) > MAX_CELL_CHARS:
                        return name
    except (pa.ArrowException, OSError, ValueError, EOFError) as error:
        raise UnreadableFile("imp_parquet_broken") from error
    return None


def _is_text(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return any(test(kind) for test in (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary,
                                       pa.types.is_large_binary))


def _longest(array: pa.Array) -> int:
    if not len(array):
        return 0
    lengths = pc.utf8_length(array) if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) \
        else pc.binary_length(array)
    return pc.max(lengths).as_py() or 0


def _python(array: pa.Array) -> list[object]:
    """A column of a batch as Python values: text cut at MAX_CELL_CHARS (+1, so the checks still see it
    was too long), NaN as empty, dates that Python cannot hold as text (the checks refuse them)."""
    kind = array.type
    if pa.types.is_dictionary(kind):
        return _python(array.dictionary.take(array.indices))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if _longest(array) > MAX_CELL_CHARS:
            array = pc.utf8_slice_codeunits(array, 0, MAX_CELL_CHARS + 1)
        return array.to_pylist()
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
        if _longest(array) > MAX_CELL_CHARS:
            array = pc.binary_slice(array, 0, MAX_CELL_CHARS + 1)
        return [None if v is None else v.decode("utf-8", "replace") for v in array.to_pylist()]
    if pa.types.is_floating(kind):
        return [None if v is not None and math.isnan(v) else v for v in array.to_pylist()]
    try:
        return array.to_pylist()
    except (ValueError, OverflowError, pa.ArrowException):
        return pc.cast(array, pa.string()).to_pylist()
