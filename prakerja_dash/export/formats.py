"""Writing a table in CSV, Excel, Parquet or a zip, with its metadata, in bounded memory.

Tables arrive as Arrow record batches, so a million rows stream from DuckDB to the file
without being held at once. Text has already been made inert (`safe_text`) by the query;
the writers keep numbers numeric and never turn text into formulas or links.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import xlsxwriter

from prakerja_dash.domain.text import neutralise

FORMATS = ("csv", "xlsx", "parquet", "zip")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header
UTF8_BOM = b"\xef\xbb\xbf"
METADATA_KEY = b"prakerja_dash"


class ExportTooLarge(ValueError):
    """More rows than the format can hold."""


def frame_batches(frame: pd.DataFrame) -> pa.RecordBatchReader:
    """A (small, published) DataFrame as record batches, its text neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if _is_text(safe[column].dtype):
            safe[column] = safe[column].map(neutralise)
    table = pa.Table.from_pandas(safe, preserve_index=False)
    return pa.RecordBatchReader.from_batches(table.schema, table.to_batches())


def _is_text(dtype: object) -> bool:
    """Object columns and pandas' string dtypes (`string`, and `str`, the default for text in pandas 3)."""
    return pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype)


def write_csv(batches: pa.RecordBatchReader, path: Path) -> int:
    """UTF-8 with a BOM (so Excel reads Indonesian text right), ISO dates, quoted where needed."""
    rows = 0
    with open(path, "wb") as handle:
        handle.write(UTF8_BOM)
        with pacsv.CSVWriter(handle, batches.schema, write_options=pacsv.WriteOptions(quoting_style="needed")) as out:
            for batch in batches:
                out.write_batch(batch)
                rows += batch.num_rows
    return rows


def write_parquet(batches: pa.RecordBatchReader, path: Path, metadata: dict) -> int:
    schema = batches.schema.with_metadata({METADATA_KEY: json.dumps(metadata, ensure_ascii=False).encode()})
    rows = 0
    with pq.ParquetWriter(path, schema) as out:
        for batch in batches:
            out.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            rows += batch.num_rows
    return rows


def write_xlsx(batches: pa.RecordBatchReader, path: Path, metadata: dict, expected_rows: int | None = None) -> int:
    """A data sheet and a notes sheet (filters, link, dataset, K, column dictionary)."""
    if expected_rows is not None and expected_rows > EXCEL_MAX_ROWS:
        raise ExportTooLarge(f"{expected_rows:,} rows do not fit in an Excel sheet ({EXCEL_MAX_ROWS:,} at most); "
                             "choose CSV or Parquet, or narrow the filters")
    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
    })
    try:
        data = workbook.add_worksheet("data")
        bold = workbook.add_format({"bold": True})
        names = batches.schema.names
        data.write_row(0, 0, names, bold)
        row = 0
        for batch in batches:
            for record in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                row += 1
                if row > EXCEL_MAX_ROWS:
                    raise ExportTooLarge(f"more than {EXCEL_MAX_ROWS:,} rows do not fit in an Excel sheet")
                for col, value in enumerate(record):
                    _write_cell(data, row, col, value)
        _write_notes(workbook.add_worksheet("catatan"), metadata, bold)
    finally:
        workbook.close()
    return row


def _write_cell(sheet, row: int, col: int, value: object) -> None:
    if value is None or (isinstance(value, float) and value != value):
        return  # an empty cell: suppressed or missing
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(neutralise(value)))


def _write_notes(sheet, metadata: dict, bold) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 100)
    row = 0
    for key, value in metadata.items():
        if key == "columns":
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        sheet.write_string(row, 0, key, bold)
        sheet.write_string(row, 1, str(neutralise(text)))
        row += 1
    row += 1
    sheet.write_string(row, 0, "column", bold)
    sheet.write_string(row, 1, "meaning", bold)
    for name, meaning in metadata.get("columns", {}).items():
        row += 1
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, str(neutralise(meaning)))


def readme_text(metadata: dict) -> str:
    lines = [str(metadata.get("title", "prakerja-dash export")), ""]
    for key, value in metadata.items():
        if key not in ("title", "columns"):
            lines.append(f"{key}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}")
    lines += ["", "columns:"]
    lines += [f"  {name}: {meaning}" for name, meaning in metadata.get("columns", {}).items()]
    return "\n".join(lines) + "\n"


def write(batches: pa.RecordBatchReader, fmt: str, path: Path, metadata: dict,
          expected_rows: int | None = None) -> list[Path]:
    """Write `batches` at `path` in `fmt`; returns the files written (CSV adds a metadata sidecar)."""
    path = Path(path)
    if fmt == "csv":
        rows = write_csv(batches, path)
        sidecar = path.with_name(path.name + ".metadata.json")
        sidecar.write_text(json.dumps(metadata | {"rows": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
        return [path, sidecar]
    if fmt == "xlsx":
        write_xlsx(batches, path, metadata, expected_rows)
        return [path]
    if fmt == "parquet":
        write_parquet(batches, path, metadata)
        return [path]
    if fmt == "zip":
        scratch = path.with_name(path.name + ".data.csv")
        try:
            rows = write_csv(batches, scratch)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(scratch, "data.csv")
                archive.writestr("metadata.json", json.dumps(metadata | {"rows": rows}, ensure_ascii=False, indent=2))
                archive.writestr("README.txt", readme_text(metadata | {"rows": rows}))
        finally:
            scratch.unlink(missing_ok=True)
        return [path]
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_bytes(batches: pa.RecordBatchReader, fmt: str, metadata: dict, scratch_dir: Path) -> bytes:
    """The file a download button hands over (CSV as a zip with its metadata would be `zip`)."""
    path = Path(scratch_dir) / f"export.{fmt}"
    written = write(batches, fmt, path, metadata)
    data = written[0].read_bytes()
    for file in written:
        file.unlink(missing_ok=True)
    return data


def media_type(fmt: str) -> str:
    return {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "parquet": "application/vnd.apache.parquet", "zip": "application/zip"}[fmt]

