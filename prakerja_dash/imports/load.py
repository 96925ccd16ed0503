"""Loading a checked alumni file: a new database is built beside the live one and swapped in.

Readers see the old file or the new one, never half of one; a refused, failed or killed
import leaves the live file untouched; the previous version is kept as a backup.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from prakerja_dash.data import db, demo
from prakerja_dash.domain.programme import SCHEME_BENEFITS, scheme_of_wave
from prakerja_dash.domain.text import neutralise
from prakerja_dash.imports.reading import UnreadableFile, read_table
from prakerja_dash.imports.validate import Checked, Problem, check

KEEP_BACKUPS = 5
UNKNOWN = "(tidak disebut)"
LOG = logging.getLogger("prakerja_dash.import")


class ImportBusy(RuntimeError):
    """Another import is running on this database."""


@dataclass
class ImportResult:
    ok: bool
    rows_in: int = 0
    loaded: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dropped_personal_columns: list[str] = field(default_factory=list)
    unchanged: bool = False
    version: int | None = None
    mode: str = ""
    backup: Path | None = None
    rejected_file: Path | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""


# --- the key for pseudonyms of NIKs ------------------------------------------------
def id_key(db_path: Path, configured: str | None = None) -> tuple[bytes, str | None]:
    """The secret for keyed NIK hashes: `configured` (secrets) or `PRAKERJA_ID_KEY`, else a random key
    created once beside the database; the second value is a warning when that happened."""
    given = configured or os.environ.get("PRAKERJA_ID_KEY")
    if given:
        return given.encode(), None
    path = Path(db_path).parent / ".id_key"
    if path.exists():
        return path.read_bytes(), None
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key, (f"PRAKERJA_ID_KEY tidak diatur: kunci acak dibuat di {path}. Simpan salinannya; tanpa kunci yang "
                 "sama, NIK yang sama akan mendapat ID lain pada impor berikutnya.")


# --- locking and files --------------------------------------------------------------
@contextmanager
def _exclusive(db_path: Path) -> Iterator[None]:
    lock_path = Path(db_path).parent / ".import.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise ImportBusy("impor lain sedang berjalan; coba lagi setelah selesai") from error
        yield


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _keep_backup(live: Path, version: int) -> Path:
    folder = backups_dir(live)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{live.stem}-v{version}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}{live.suffix}"
    try:
        os.link(live, target)  # instant; the live name is replaced below, the backup keeps the old file
    except OSError:
        shutil.copy2(live, target)
    for old in sorted(folder.glob(f"{live.stem}-v*{live.suffix}"), key=lambda p: p.stat().st_mtime)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the import -----------------------------------------------------------------------
def import_file(path: Path, db_path: Path, *, sheet: str | None = None, keep_valid: bool = False,
                replace: bool = False, rejected_out: Path | None = None, configured_key: str | None = None,
                display_name: str | None = None) -> ImportResult:
    """Check `path` and, if it passes (or `keep_valid`), make it the live data at `db_path`."""
    path, db_path = Path(path), Path(db_path)
    name = display_name or path.name
    try:
        table = read_table(path, sheet)
    except (UnreadableFile, OSError) as error:
        return ImportResult(ok=False, message=str(error), problems=[Problem(0, "", str(error), name)])
    key, key_warning = id_key(db_path, configured_key)
    checked = check(table, key)
    result = _result(checked)
    if key_warning and "nik" in table.header:
        result.warnings.append(key_warning)
    if checked.problems and not keep_valid:
        result.ok = False
        result.message = f"{len(checked.problems)} masalah ditemukan; tidak ada yang dimuat"
        return result
    if checked.loaded == 0:
        result.ok = False
        result.message = "tidak ada baris yang sah untuk dimuat"
        return result
    if checked.problems and rejected_out is not None:
        result.rejected_file = _write_rejected(table, checked, rejected_out)
    with _exclusive(db_path):
        live = db_path if db_path.exists() else None
        info = _live_info(live)
        sha = _sha256(path)
        if info and info.source == "import" and info.file_sha256 == sha and not replace:
            result.ok, result.unchanged, result.version = True, True, info.version
            result.message = "berkas ini sudah dimuat; tidak ada yang berubah"
            return result
        merge = bool(info and info.source == "import" and not replace)
        result.mode = "gabung" if merge else "ganti"
        version = (info.version + 1) if info else 1
        _stale_builds(db_path)
        with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".import-") as scratch:
            building = Path(scratch) / db_path.name
            _build(building, live if merge else None, checked.valid, version, name, sha)
            _pause_for_tests()
            if live:
                result.backup = _keep_backup(live, info.version if info else 0)
            os.replace(building, db_path)
    result.ok, result.version = True, version
    result.message = f"{checked.loaded:,} alumni dimuat ({result.mode}); versi data {version}".replace(",", ".")
    LOG.info("import file=%s rows_in=%s loaded=%s rejected=%s version=%s mode=%s", name, result.rows_in,
             result.loaded, result.rejected, version, result.mode)
    return result


def _result(checked: Checked) -> ImportResult:
    return ImportResult(ok=not checked.problems, rows_in=checked.rows_in, loaded=checked.loaded,
                        rejected=len(set(checked.rejected_rows)), problems=checked.problems,
                        ignored_columns=checked.ignored_columns,
                        dropped_personal_columns=checked.dropped_personal_columns)


def _live_info(live: Path | None) -> db.DatasetInfo | None:
    if live is None:
        return None
    con = db.connect(live, read_only=True)
    try:
        return db.read_dataset_info(con)
    finally:
        con.close()


def _stale_builds(db_path: Path) -> None:
    """Folders left by an import that was killed; nobody else writes them (we hold the lock)."""
    for folder in Path(db_path).parent.glob(".import-*"):
        if folder.is_dir() and time.time() - folder.stat().st_mtime > 60:
            shutil.rmtree(folder, ignore_errors=True)


def _pause_for_tests() -> None:
    """Tests set PRAKERJA_IMPORT_PAUSE to kill an import between the build and the swap."""
    pause = float(os.environ.get("PRAKERJA_IMPORT_PAUSE", "0") or 0)
    if pause > 0:
        time.sleep(pause)


def _build(target: Path, merge_from: Path | None, rows: pd.DataFrame, version: int, file_name: str,
           sha: str) -> None:
    con = duckdb.connect(str(target))
    try:
        db.create_schema(con)
        if merge_from is not None:
            # ATTACH takes no bound parameters; the path is the server's own database file, quoted.
            con.execute("ATTACH '" + str(merge_from).replace("'", "''") + "' AS live (READ_ONLY)")
            con.execute("INSERT INTO trainings SELECT * FROM live.trainings")
            con.execute("INSERT INTO alumni_stories SELECT * FROM live.alumni_stories")
        else:
            real = [story for story in demo.STORIES if story[10]]  # published stories stay; demo ones go
            con.executemany("INSERT INTO alumni_stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", real)
        new = _with_trainings(con, rows)
        con.register("incoming", new)
        if merge_from is not None:
            # Alumni already loaded keep their rows unless this file brings them again (then it wins).
            con.execute("INSERT INTO alumni SELECT * FROM live.alumni WHERE alumni_id NOT IN "
                        "(SELECT alumni_id FROM incoming)")
            con.execute("INSERT INTO business_outcomes SELECT * FROM live.business_outcomes WHERE alumni_id NOT IN "
                        "(SELECT alumni_id FROM incoming)")
        con.execute("""
            INSERT INTO alumni
            SELECT alumni_id, wave, year, registered_on, regency_code, gender, age, education, status_before,
                   training_id, true, scheme, training_budget_rp, incentive_rp, survey_incentive_rp
            FROM incoming
        """)
        con.execute("""
            INSERT INTO business_outcomes
            SELECT alumni_id, NULL, status_after, started_business,
                   CASE WHEN started_business THEN category_id END, employees, income_before_rp, income_after_rp
            FROM incoming WHERE status_after IS NOT NULL
        """)
        con.unregister("incoming")
        if merge_from is not None:
            con.execute("DETACH live")
        db.build_mart(con)
        db.write_dataset_info(con, source="import", version=version, file_name=file_name, file_sha256=sha)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _with_trainings(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with a training_id: existing trainings by (title, provider, category), new ones added."""
    known = {(t, p, c): i for i, t, p, c in con.execute(
        "SELECT training_id, title, provider, category_id FROM trainings").fetchall()}
    next_id = max(known.values(), default=0) + 1
    ids = []
    for title, provider, category, wave in zip(rows["title"], rows["provider"], rows["category_id"], rows["wave"],
                                               strict=True):
        key = (title, provider, category)
        if key not in known:
            scheme = scheme_of_wave(wave)
            con.execute("INSERT INTO trainings VALUES (?, ?, ?, ?, ?, 'daring', NULL, NULL, ?)",
                        [next_id, title, category, provider, UNKNOWN, scheme])
            known[key] = next_id
            next_id += 1
        ids.append(known[key])
    out = rows.copy()
    out["training_id"] = ids
    out["scheme"] = [scheme_of_wave(w) for w in out["wave"]]
    benefits = out["scheme"].map(SCHEME_BENEFITS)
    out["training_budget_rp"] = [b[0] for b in benefits]
    out["incentive_rp"] = [b[1] for b in benefits]
    out["survey_incentive_rp"] = [b[2] if s is not None else 0 for b, s in zip(benefits, out["status_after"],
                                                                               strict=True)]
    out["registered_on"] = pd.to_datetime(out["registered_on"]).dt.date
    for column in ("income_before_rp", "income_after_rp"):
        out[column] = out[column].astype("Int64")
    return out


def _write_rejected(table, checked: Checked, out: Path) -> Path:
    """The rejected rows with their problems; personal columns (name, NIK, phone, e-mail) left out."""
    by_row: dict[int, list[str]] = {}
    for problem in checked.problems:
        by_row.setdefault(problem.row, []).append(f"{problem.column}: {problem.rule}")
    personal = {"nik", *checked.dropped_personal_columns}
    keep = [i for i, name in enumerate(table.header) if name and name not in personal]
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["baris", "masalah", *[table.header[i] for i in keep]])
        for number, values in table.rows:
            if number in by_row:
                writer.writerow([number, " | ".join(by_row[number]),
                                 *[_cell_text(values, i) for i in keep]])
    return out


def _cell_text(values: list, index: int) -> object:
    value = values[index] if index < len(values) else None
    return neutralise("" if value is None else str(value))


def restore(db_path: Path, backup: Path | None = None) -> Path:
    """Make a backup the live data again (the newest by default); the current data is backed up first."""
    db_path = Path(db_path)
    candidates = sorted(backups_dir(db_path).glob(f"{db_path.stem}-v*{db_path.suffix}"),
                        key=lambda p: p.stat().st_mtime)
    chosen = Path(backup) if backup else (candidates[-1] if candidates else None)
    if chosen is None or not chosen.exists():
        raise FileNotFoundError(f"tidak ada cadangan di {backups_dir(db_path)}")
    _live_info(chosen)  # refuse a damaged backup before touching anything
    with _exclusive(db_path), tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".restore-") as scratch:
        staged = Path(scratch) / db_path.name
        shutil.copy2(chosen, staged)
        if db_path.exists():
            info = _live_info(db_path)
            _keep_backup(db_path, info.version if info else 0)
        os.replace(staged, db_path)
    return chosen
