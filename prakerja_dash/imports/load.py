"""Loading a checked alumni file: a new database is built beside the live one and swapped in.

Readers see the old file or the new one, never half of one; a refused, failed or killed
import leaves the live file untouched; the previous version is kept as a backup. What an
import writes (the database, its backups, the rejected rows) only its owner can read.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import hashlib
import logging
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from prakerja_dash import audit, i18n
from prakerja_dash.data import contracts, db, demo
from prakerja_dash.domain.programme import SCHEME_BENEFITS, scheme_of_wave
from prakerja_dash.domain.text import neutralise
from prakerja_dash.imports import validate
from prakerja_dash.imports import values as parse
from prakerja_dash.imports.messages import Said, say
from prakerja_dash.imports.reading import UnreadableFile, read_table
from prakerja_dash.imports.validate import Checked, Problem, check

KEEP_BACKUPS = 5
UNKNOWN = validate.UNKNOWN  # a title, provider or platform the file does not name
FILE_MODE, FOLDER_MODE = db.FILE_MODE, db.FOLDER_MODE  # databases, backups, rejected rows; their folders
BUILD_FILE = "building.duckdb"  # the new database's name while it is built (its catalog is called 'building')
BUILD_MEMORY_LIMIT = "512MB"  # DuckDB's share while building; it spills to the scratch folder beyond this
LOG = logging.getLogger("prakerja_dash.import")


class ImportBusy(Said):
    """Another import is running on this database (`say(lang)` puts it into words)."""

    def __init__(self):
        super().__init__("imp_busy")


class DatabaseUnusable(ValueError):
    """The database file cannot be read or replaced; the message says why in one sentence."""


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
    fault: str = ""  # why nothing was loaded when the file is not to blame: 'database', 'disk' or 'internal'


# --- the key for pseudonyms of NIKs ------------------------------------------------
def id_key(db_path: Path, configured: str | None = None,
           lang: str = i18n.DEFAULT_LANGUAGE) -> tuple[bytes, str | None]:
    """The secret for keyed NIK hashes: `configured` (secrets) or `PRAKERJA_ID_KEY`, else a random key
    created once beside the database; the second value is a warning (in `lang`) when that happened."""
    given = configured or os.environ.get("PRAKERJA_ID_KEY")
    if given:
        return given.encode(), None
    path = Path(db_path).parent / ".id_key"
    if path.exists():
        return path.read_bytes(), None
    _private_folder(path.parent)
    key = secrets.token_hex(32).encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key, say("imp_key_created", lang, path=path)


# --- locking and files --------------------------------------------------------------
def _private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) readable by its owner only; an existing folder is left as it is."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, FOLDER_MODE)  # mkdir's mode passes through the umask


@contextmanager
def _exclusive(db_path: Path) -> Iterator[None]:
    lock_path = Path(db_path).parent / ".import.lock"
    _private_folder(lock_path.parent)
    descriptor = os.open(lock_path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # also when another writer created it
    with os.fdopen(descriptor, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise ImportBusy() from error
        yield


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _keep_backup(live: Path, version: int) -> Path:
    folder = backups_dir(live)
    _private_folder(folder)
    os.chmod(folder, FOLDER_MODE)
    target = folder / f"{live.stem}-v{version}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}{live.suffix}"
    try:
        os.link(live, target)  # instant; the live name is replaced below, the backup keeps the old file
    except OSError:
        try:
            shutil.copy2(live, target)
        except BaseException:
            target.unlink(missing_ok=True)  # no half backup (a full disk, say)
            raise
    os.chmod(target, FILE_MODE)
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
                display_name: str | None = None, user: str | None = None, role: str | None = None,
                lang: str = i18n.DEFAULT_LANGUAGE) -> ImportResult:
    """Check `path` and, if it passes (or `keep_valid`), make it the live data at `db_path`.
    Every import that loads data is recorded in the audit trail (who, rows, version; never a NIK).
    A new database that breaks a data contract (data/contracts.sql) is not swapped in; the message
    says which rule, in `lang`.

    Never raises for a bad file, an unusable database, a full disk or an unexpected error: the
    result says what happened in one sentence (unexpected errors are logged with their traceback).
    `ImportBusy` is raised when another import holds the database (and recorded in the audit trail too).
    A symbolic link as `db_path` is followed: the file it points at is backed up and replaced.
    """
    path = Path(path)
    db_path = real_path(db_path)
    # A file name may hold a NIK ('1571011205900099.csv'): from here on, in messages, logs, the audit
    # trail and dataset_info, only its last four digits are shown.
    name = parse.mask_niks(parse.normalised(display_name or path.name))
    try:
        check_database(db_path, lang)
        result = _import(path, db_path, name, sheet=sheet, keep_valid=keep_valid, replace=replace,
                         rejected_out=rejected_out, configured_key=configured_key, lang=lang)
    except ImportBusy:
        _audit_import(ImportResult(ok=False, fault="busy"), name, user, role)
        raise
    except DatabaseUnusable as error:
        result = ImportResult(ok=False, message=str(error), fault="database")
    except Exception as error:
        result = _failed(error, db_path, name, lang)
    # A NIK can reach a message through a sheet's name, a folder's or a value quoted in a rule: none is shown.
    result.message = parse.mask_niks(result.message)
    for problem in result.problems:
        problem.rule, problem.value = parse.mask_niks(problem.rule), parse.mask_niks(problem.value)
    _audit_import(result, name, user, role)
    return result


def real_path(db_path: Path) -> Path:
    """The file a database path names, through any symbolic links: the new version replaces that file
    (the link keeps pointing at it), and its backups, lock and scratch folder sit beside it."""
    return Path(os.path.realpath(Path(db_path).expanduser()))


def _audit_import(result: ImportResult, name: str, user: str | None, role: str | None) -> None:
    """Every import is recorded, loaded or not; one that failed for the environment says which fault."""
    detail = {"file": name, "ok": result.ok, "rows_in": result.rows_in, "rejected": result.rejected,
              "version": result.version, "mode": result.mode}
    if result.fault:
        detail["fault"] = result.fault
    audit.record("import", user=user, role=role, rows=result.loaded if result.ok else 0, detail=detail)


_READ_ONLY = (errno.EROFS,)
_NO_PERMISSION = (errno.EACCES, errno.EPERM)


def _failed(error: Exception, db_path: Path, name: str, lang: str) -> ImportResult:
    """An import stopped by the disk, the folder, a lock or a bug: one sentence naming the cause."""
    folder = db_path.parent
    if disk_full(error):
        LOG.error("import file=%s failed: disk full (%s)", name, error)
        return ImportResult(ok=False, message=say("imp_disk_full", lang, folder=folder), fault="disk")
    if isinstance(error, OSError) and error.errno in _READ_ONLY:
        LOG.error("import file=%s failed: read-only folder (%s)", name, error)
        return ImportResult(ok=False, fault="database", message=say("imp_read_only", lang, folder=folder))
    if isinstance(error, PermissionError) or (isinstance(error, OSError) and error.errno in _NO_PERMISSION):
        LOG.error("import file=%s failed: no permission (%s)", name, error)
        return ImportResult(ok=False, fault="database", message=say("imp_no_permission", lang, folder=folder))
    if isinstance(error, duckdb.Error) and _LOCKED.search(str(error)):
        LOG.error("import file=%s failed: database locked (%s)", name, error)
        return ImportResult(ok=False, fault="database", message=database_problem(db_path, error, lang))
    LOG.exception("import file=%s failed", name)
    return ImportResult(ok=False, fault="internal", message=say("imp_unexpected", lang, kind=type(error).__name__))


def _import(path: Path, db_path: Path, name: str, *, sheet: str | None, keep_valid: bool, replace: bool,
            rejected_out: Path | None, configured_key: str | None, lang: str) -> ImportResult:
    try:
        table = read_table(path, sheet)
    except UnreadableFile as error:
        return _unreadable(error.say(lang), name)
    except OSError as error:
        return _unreadable(_unreadable_file(error, lang), name)
    key, key_warning = id_key(db_path, configured_key, lang)
    try:
        checked = check(table, key, lang=lang)
    except UnreadableFile as error:  # a limit reached while the rows streamed by
        return _unreadable(error.say(lang), name)
    finally:
        table.close()
    result = _result(checked)
    if key_warning and ("nik" in table.header or checked.niks):
        result.warnings.append(key_warning)
    if checked.stopped_at is not None:
        result.ok = False
        result.message = say("imp_stopped", lang, problems=validate.MAX_PROBLEMS, row=checked.stopped_at)
        return result
    if checked.problems and not keep_valid:
        result.ok = False
        result.message = say("imp_problems", lang, problems=len(checked.problems))
        return result
    if checked.loaded == 0:
        result.ok = False
        result.message = say("imp_no_valid_rows", lang)
        return result
    if checked.problems and rejected_out is not None:
        result.rejected_file = _write_rejected(path, sheet, checked, Path(rejected_out), lang)
    with _exclusive(db_path):
        live = db_path if db_path.exists() else None
        info = _live_info(live, lang)
        sha = _sha256(path)
        if info and info.source == "import" and info.file_sha256 == sha and not replace:
            result.ok, result.unchanged, result.version = True, True, info.version
            result.message = say("imp_already_loaded", lang)
            return result
        merge = bool(info and info.source == "import" and not replace)
        result.mode = "gabung" if merge else "ganti"
        version = (info.version + 1) if info else 1
        _stale_builds(db_path)
        with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".import-") as scratch:
            building = Path(scratch) / BUILD_FILE
            try:
                _build(building, live if merge else None, checked.valid, version, name, sha)
            except contracts.ContractViolation as violation:  # the live file is left as it was
                LOG.warning("import file=%s refused: %s", name, violation)
                return _refused(result, violation, checked.valid, lang)
            os.chmod(building, FILE_MODE)
            _pause_for_tests()
            if live:
                result.backup = _keep_backup(live, info.version if info else 0)
            os.replace(building, db_path)
    result.ok, result.version = True, version
    result.message = say("imp_loaded", lang, loaded=checked.loaded, mode=say(f"imp_mode_{result.mode}", lang),
                         version=version)
    LOG.info("import file=%s rows_in=%s loaded=%s rejected=%s version=%s mode=%s", name, result.rows_in,
             result.loaded, result.rejected, version, result.mode)
    return result


def _refused(result: ImportResult, violation: contracts.ContractViolation, rows: pd.DataFrame,
             lang: str) -> ImportResult:
    """An import whose new database breaks a data contract: the rule, how many rows break it and a few
    of them, as rows of the file where they come from it; one problem per example."""
    wanted = {value for broken in violation.broken if broken.key == "alumni_id" for value in broken.examples}
    found = rows.loc[rows["alumni_id"].isin(wanted), ["alumni_id", "row"]]
    file_rows = {alumni_id: int(row) for alumni_id, row in zip(found["alumni_id"], found["row"], strict=True)}

    def example(broken: contracts.Broken, value: str) -> str:
        if broken.key != "alumni_id":
            return f"{broken.key} {value}"
        if value in file_rows:
            return i18n.t("contract_example_row", lang, row=file_rows[value])
        return i18n.t("contract_example_stored", lang, column=broken.key, value=value)

    first, *others = violation.broken
    result.ok = False
    result.message = i18n.t("contract_refused", lang, rule=i18n.t(f"contract_{first.contract}", lang),
                            count=i18n.format_int(first.failing, lang),
                            examples=", ".join(example(first, value) for value in first.examples))
    if others:
        rules = "; ".join(i18n.t(f"contract_{broken.contract}", lang) for broken in others)
        result.message += " " + i18n.t("contract_more", lang, rules=rules)
    result.problems = [Problem(file_rows.get(value, 0) if broken.key == "alumni_id" else 0, broken.key,
                               i18n.t(f"contract_{broken.contract}", lang), value)
                       for broken in violation.broken for value in broken.examples] + result.problems
    return result


def _unreadable(message: str, name: str) -> ImportResult:
    """A file refused whole: its one sentence; its one problem names the file, not a row (row 0), and
    reports leave it out of their row list."""
    return ImportResult(ok=False, message=message, problems=[Problem(0, "", message, name)])


def _unreadable_file(error: OSError, lang: str) -> str:
    if error.errno == errno.ENOENT:
        return say("imp_file_missing", lang)
    if error.errno in _NO_PERMISSION:
        return say("imp_file_no_permission", lang)
    return say("imp_file_os_error", lang, code=errno.errorcode.get(error.errno or 0, type(error).__name__))


def disk_full(error: BaseException) -> bool:
    """An error that says the disk (or the user's quota) is full, from the OS or from DuckDB."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, duckdb.Error) and bool(re.search(r"no space left|disk quota|disk is full", str(error),
                                                              re.IGNORECASE))


_LOCKED = re.compile(r"\block\b", re.IGNORECASE)  # DuckDB's "Could not set lock on file", not "block at location"


def database_problem(db_path: Path, error: BaseException, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """One sentence on why the database at `db_path` cannot be opened, in `lang`: never the library's text,
    which goes to the log."""
    if isinstance(error, contracts.ContractViolation):  # an older file upgraded by code with a new contract
        return i18n.t("contract_database", lang, path=db_path, rule=i18n.t(f"contract_{error.contract}", lang),
                      count=i18n.format_int(error.failing, lang), examples=", ".join(error.examples))
    text = str(error)
    if _LOCKED.search(text):
        pid = re.search(r"PID (\d+)", text)
        return say("db_locked", lang, path=db_path, holder=f" (PID {pid[1]})" if pid else "")
    if "not a valid duckdb" in text.lower() or "not a duckdb" in text.lower():
        return say("db_not_duckdb", lang, path=db_path)
    if "is a directory" in text.lower():
        return say("db_is_folder", lang, path=db_path)
    if isinstance(error, duckdb.CatalogException | duckdb.BinderException):
        return say("db_not_ours", lang, path=db_path, table="dataset_info")
    if isinstance(error, db.NeverFinished):
        return say("db_never_finished", lang, path=db_path, table="dataset_info")
    LOG.warning("database %s cannot be used: %s: %s", db_path, type(error).__name__, text)
    if "corrupt" in text.lower():
        return say("db_corrupt", lang, path=db_path, restore="restore")
    if isinstance(error, ValueError):
        return say("db_incomplete", lang, path=db_path)
    return say("db_unopenable", lang, path=db_path)


def check_database(db_path: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> None:
    """Refuse a database path that is a folder, not a DuckDB file, another program's database, or
    locked; `DatabaseUnusable` says which (in `lang`). Opening it also brings an older file up to date."""
    db_path = Path(db_path)
    if db_path.is_dir():
        raise DatabaseUnusable(say("db_is_folder", lang, path=db_path))
    if db_path.exists():
        _live_info(db_path, lang)


def _result(checked: Checked) -> ImportResult:
    return ImportResult(ok=not checked.problems, rows_in=checked.rows_in, loaded=checked.loaded,
                        rejected=len(set(checked.rejected_rows)), problems=checked.problems,
                        ignored_columns=checked.ignored_columns,
                        dropped_personal_columns=checked.dropped_personal_columns)


def _live_info(live: Path | None, lang: str = i18n.DEFAULT_LANGUAGE) -> db.DatasetInfo | None:
    if live is None:
        return None
    try:
        con = db.connect(live, read_only=True)
        try:
            return db.read_dataset_info(con)
        finally:
            con.close()
    except (duckdb.Error, ValueError) as error:
        if disk_full(error):
            raise
        raise DatabaseUnusable(database_problem(live, error, lang)) from error


def _stale_builds(db_path: Path) -> None:
    """Folders left by an import that was killed; nobody else writes them (we hold the lock)."""
    for folder in [*Path(db_path).parent.glob(".import-*"), *Path(db_path).parent.glob(".restore-*")]:
        if folder.is_dir() and time.time() - folder.stat().st_mtime > 60:
            shutil.rmtree(folder, ignore_errors=True)


def _pause_for_tests() -> None:
    """Tests set PRAKERJA_IMPORT_PAUSE to kill an import between the build and the swap."""
    pause = float(os.environ.get("PRAKERJA_IMPORT_PAUSE", "0") or 0)
    if pause > 0:
        print("import paused before the swap", file=sys.stderr, flush=True)  # what the test waits for
        time.sleep(pause)


def _build(target: Path, merge_from: Path | None, rows: pd.DataFrame, version: int, file_name: str,
           sha: str) -> None:
    con = duckdb.connect(str(target), config={"memory_limit": BUILD_MEMORY_LIMIT,
                                               "temp_directory": str(target.parent / "spill")})
    try:
        con.execute("SET enable_progress_bar = false")  # no bar drawn over the command line's report
        db.create_schema(con)
        if merge_from is not None:
            # ATTACH takes no bound parameters; the path is the server's own database file, quoted. The
            # alias is fixed and differs from the new file's own name ('building'), whatever the live
            # file is called (a file named live.duckdb once collided with the alias 'live').
            con.execute("ATTACH '" + str(merge_from).replace("'", "''") + "' AS previous_data (READ_ONLY)")
            con.execute("INSERT INTO trainings SELECT * FROM previous_data.trainings")
            con.execute("INSERT INTO record_key_salt SELECT * FROM previous_data.record_key_salt")
            con.execute("INSERT INTO alumni_stories SELECT * FROM previous_data.alumni_stories")
        else:
            real = [story for story in demo.STORIES if story[10]]  # published stories stay; demo ones go
            if real:
                con.executemany(demo.INSERT_STORY, real)
        new = _with_trainings(con, rows)
        # Titles and providers are in `trainings` now: handing DuckDB a categorical of a million of
        # them would make it build an enum type of a million values.
        con.register("incoming", new.drop(columns=["title", "provider"]))
        if merge_from is not None:
            # Alumni already loaded keep their rows unless this file brings them again (then it wins).
            con.execute("INSERT INTO alumni SELECT * FROM previous_data.alumni WHERE alumni_id NOT IN "
                        "(SELECT alumni_id FROM incoming)")
            con.execute("INSERT INTO business_outcomes SELECT * FROM previous_data.business_outcomes WHERE alumni_id "
                        "NOT IN (SELECT alumni_id FROM incoming)")
        con.execute("""
            INSERT INTO alumni
            SELECT alumni_id, wave, year, CAST(registered_on AS DATE), regency_code, gender, age, education,
                   status_before, training_id, true, scheme, training_budget_rp, incentive_rp, survey_incentive_rp
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
            con.execute("DETACH previous_data")
        db.build_derived(con)
        db.write_dataset_info(con, source="import", version=version, file_name=file_name, file_sha256=sha)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _with_trainings(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with a training_id: existing trainings by (title, provider, category), new ones added in the
    order they first appear (with the scheme of the wave of that first row). Column-wise throughout:
    a file of a million distinct trainings costs arrays, not a million Python tuples."""
    parts = [pd.Categorical(rows[name]) for name in ("title", "provider", "category_id")]
    key = np.zeros(len(rows), dtype=np.int64)
    for part in parts:
        key = key * (len(part.categories) + 1) + part.codes.astype(np.int64)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # distinct trainings in the order they first appear
    firsts = first[order]
    distinct = pd.DataFrame({name: np.asarray(part.categories, dtype=object)[part.codes[firsts]]
                             for name, part in zip(("title", "provider", "category_id"), parts, strict=True)})
    distinct["slot"] = np.arange(len(distinct))
    con.register("distinct_trainings", distinct)
    existing = con.execute("""
        SELECT d.slot, min(t.training_id) FROM distinct_trainings d
        JOIN trainings t ON t.title = d.title AND t.provider = d.provider AND t.category_id = d.category_id
        GROUP BY d.slot
    """).fetchnumpy()
    con.unregister("distinct_trainings")
    ids = np.full(len(distinct), -1, dtype=np.int64)
    ids[np.asarray(existing["slot"], dtype=np.int64)] = np.asarray(existing["min(t.training_id)"], dtype=np.int64)
    new = ids < 0
    if new.any():
        # fetchall: a result left open by fetchone() makes DuckDB 2 refuse the register() below
        next_id = con.execute("SELECT coalesce(max(training_id), 0) + 1 FROM trainings").fetchall()[0][0]
        ids[new] = next_id + np.arange(int(new.sum()))
        waves = rows["wave"].to_numpy()[firsts[new]]
        added = distinct[new].assign(training_id=ids[new], platform=UNKNOWN,
                                     scheme=[scheme_of_wave(int(w)) for w in waves])
        con.register("new_trainings", added)
        con.execute("INSERT INTO trainings SELECT training_id, title, category_id, provider, platform, 'daring', "
                    "NULL, NULL, scheme FROM new_trainings")  # one statement (executemany: minutes per 100,000)
        con.unregister("new_trainings")
    training_of_key = np.empty(len(first), dtype=np.int64)
    training_of_key[order] = ids
    rows["training_id"] = training_of_key[inverse.ravel()]
    schemes = {wave: scheme_of_wave(wave) for wave in range(1, 72)}
    rows["scheme"] = pd.Categorical(rows["wave"].map(schemes))
    for index, column in enumerate(("training_budget_rp", "incentive_rp", "survey_incentive_rp")):
        rows[column] = rows["wave"].map({w: SCHEME_BENEFITS[s][index] for w, s in schemes.items()}).astype(np.int64)
    rows.loc[rows["status_after"].isna(), "survey_incentive_rp"] = 0  # paid only to those surveyed
    return rows


def _write_rejected(path: Path, sheet: str | None, checked: Checked, out: Path,
                    lang: str = i18n.DEFAULT_LANGUAGE) -> Path:
    """The rejected rows with their problems, read once more from the file; personal columns (name, NIK,
    phone, e-mail) left out, NIKs elsewhere cut to their last four digits. Only the owner can read it.
    Its own two columns are named in `lang`; the file's columns keep the template's names."""
    by_row: dict[int, list[str]] = {}
    for problem in checked.problems:
        by_row.setdefault(problem.row, []).append(f"{problem.column}: {problem.rule}")
    table = read_table(path, sheet)
    try:
        personal = {"nik", *checked.dropped_personal_columns}
        keep = [i for i, name in enumerate(table.header) if name and name not in personal]
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.chmod(out, FILE_MODE)  # an existing file keeps its mode through O_CREAT
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([say("imp_rejected_row", lang), say("imp_rejected_problems", lang),
                             *[table.header[i] for i in keep]])
            for number, values in table.rows:
                if number in by_row:
                    writer.writerow([number, " | ".join(by_row[number]),
                                     *[_cell_text(table.header[i], values, i) for i in keep]])
    finally:
        table.close()
    return out


def _cell_text(name: str, values: list, index: int) -> object:
    value = values[index] if index < len(values) else None
    if value is None:
        return ""
    if name == "id_peserta" and parse.damaged_nik(value):
        return parse.masked(value)
    return neutralise(parse.mask_niks(parse.CONTROL.sub("", str(value))))


def restore(db_path: Path, backup: Path | None = None, *, user: str | None = None, role: str | None = None,
            lang: str = i18n.DEFAULT_LANGUAGE) -> Path:
    """Make a backup the live data again (the newest by default); the current data is backed up first.

    Raises `DatabaseUnusable` (a ValueError) with one sentence when the backup or the live file
    cannot be used, `ImportBusy` when an import is running.
    """
    db_path = real_path(db_path)
    candidates = sorted(backups_dir(db_path).glob(f"{db_path.stem}-v*{db_path.suffix}"),
                        key=lambda p: p.stat().st_mtime)
    chosen = Path(backup) if backup else (candidates[-1] if candidates else None)
    if chosen is None or not chosen.is_file():
        raise FileNotFoundError(say("imp_no_backup", lang, folder=backups_dir(db_path)))
    _live_info(chosen, lang)  # refuse a damaged backup before touching anything
    check_database(db_path, lang)
    with _exclusive(db_path), tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".restore-") as scratch:
        staged = Path(scratch) / db_path.name
        shutil.copy2(chosen, staged)
        os.chmod(staged, FILE_MODE)
        if db_path.exists():
            info = _live_info(db_path, lang)
            _keep_backup(db_path, info.version if info else 0)
        os.replace(staged, db_path)
    audit.record("restore", user=user, role=role, detail={"backup": chosen.name})
    return chosen
