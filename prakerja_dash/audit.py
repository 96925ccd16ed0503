"""Append-only audit trail: who exported, imported or restored what, one JSON line per event.

The log is `PRAKERJA_AUDIT_LOG`, else `data/audit.jsonl`; it is rotated to `audit.jsonl.1` … `.5` at
`MAX_BYTES`. Records never hold a NIK: every 16-digit run is masked to its last 4 digits before writing.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from prakerja_dash import config, i18n
from prakerja_dash.domain.filters import Filters

MAX_BYTES = 5 * 1024 * 1024
KEEP = 5
FILE_MODE = 0o600

logger = logging.getLogger("prakerja_dash.audit")

# 16 digits, optionally grouped by spaces, dots or dashes ("1571 0101 9000 0011", "15.71.01.010190.0011"),
# not part of a longer digit run; a "NIK" prefix needs nothing special since only a digit may not precede.
_NIK = re.compile(r"(?<!\d)\d(?:[\s.\-]{0,3}\d){15}(?!\d)")
_LONG_DIGITS = re.compile(r"\d{17,}")  # a NIK glued to other digits still loses all but its tail
_OPEN_ATTEMPTS = 20


def audit_path() -> Path:
    """The audit log: `PRAKERJA_AUDIT_LOG`, else `data/audit.jsonl`."""
    return Path(os.environ.get("PRAKERJA_AUDIT_LOG") or config.REFERENCE_DIR / "audit.jsonl").expanduser()


def mask_niks(text: str) -> str:
    """`text` with every NIK-like run of digits replaced by stars and its last 4 digits."""
    text = _NIK.sub(_mask, text)
    return _LONG_DIGITS.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "*" * (len(digits) - 4) + digits[-4:]


def scrub(value: Any) -> Any:
    """A JSON-ready copy of `value` with `mask_niks` applied to every string (keys too), at any depth."""
    if isinstance(value, str):
        return mask_niks(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        # A NIK read from a spreadsheet may arrive as a number; it is then written as masked text.
        masked = mask_niks(repr(value))
        return value if masked == repr(value) else masked
    if isinstance(value, Mapping):
        return {scrub(str(key)): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return mask_niks(str(value))


def record(
    action: str,
    *,
    user: str | None = None,
    role: str | None = None,
    filters: Filters | dict | None = None,
    rows: int | None = None,
    detail: dict | None = None,
    path: Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> dict:
    """Append one event to the audit log and return it as written.

    Never raises: a log that cannot be written is reported through the `prakerja_dash.audit` logger,
    so that an export or import does not fail because of its audit trail.
    """
    entry: dict = {}
    target = path
    try:
        query = filters.to_query() if isinstance(filters, Filters) else filters
        entry = scrub({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "user": user,
            "role": role,
            "action": action,
            "filters": query,
            "rows": rows,
            "detail": detail or {},
        })
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        target = path or audit_path()
        _append(target, line.encode("utf-8"), max_bytes)
    except Exception:
        logger.exception("could not write the audit log %s (action %r)", target, action)
    return entry


def _append(path: Path, data: bytes, max_bytes: int) -> None:
    """Write `data` at the end of `path` in one write under an exclusive lock, rotating first if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(_OPEN_ATTEMPTS):
        fd = os.open(path, os.O_APPEND | os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            status = os.fstat(fd)
            # Another writer may have rotated the file between our open and our lock: ours is then audit.jsonl.1.
            if not _is_current(status, path):
                continue
            if status.st_mode & 0o077:
                os.fchmod(fd, FILE_MODE)
            if status.st_size and status.st_size + len(data) > max_bytes:
                _rotate(path)
                continue
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            return
        finally:
            os.close(fd)  # also releases the lock
    raise OSError(f"audit log {path} kept changing under the lock")


def _is_current(status: os.stat_result, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (status.st_dev, status.st_ino)


def _rotate(path: Path) -> None:
    """audit.jsonl -> .1 -> .2 … up to .KEEP; the oldest falls off. Called under the lock."""
    for index in range(KEEP - 1, 0, -1):
        older = _rotated(path, index)
        if older.exists():
            os.replace(older, _rotated(path, index + 1))
    os.replace(path, _rotated(path, 1))
    for index in range(1, KEEP + 1):
        rotated = _rotated(path, index)
        if rotated.exists():
            os.chmod(rotated, FILE_MODE)


def _rotated(path: Path, index: int) -> Path:
    return path.with_name(f"{path.name}.{index}")


def log_files(path: Path | None = None) -> list[Path]:
    """The rotated files oldest first, then the current one (only those that exist)."""
    path = path or audit_path()
    pattern = re.compile(re.escape(path.name) + r"\.(\d+)")
    rotated = []
    if path.parent.is_dir():
        for candidate in path.parent.iterdir():
            found = pattern.fullmatch(candidate.name)
            if found and candidate.is_file():
                rotated.append((int(found.group(1)), candidate))
    files = [candidate for _, candidate in sorted(rotated, reverse=True)]
    return files + [path] if path.is_file() else files


def read_counted(since: date | None = None, path: Path | None = None) -> tuple[list[dict], int]:
    """The records at or after `since` (a UTC day, or a datetime), oldest file first, and how many lines
    were skipped as unreadable."""
    start = _start(since)
    records: list[dict] = []
    skipped = 0
    for file in log_files(path):
        with open(file, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    stamp = _parse_time(entry["time"])
                except (ValueError, TypeError, KeyError):
                    skipped += 1
                    continue
                if start is None or stamp >= start:
                    records.append(entry)
    return records, skipped


def read(since: date | None = None, path: Path | None = None) -> list[dict]:
    """The records at or after `since` (a UTC day), oldest first; unreadable lines are skipped with a warning."""
    records, skipped = read_counted(since, path)
    if skipped:
        logger.warning("skipped %d unreadable line(s) in the audit log", skipped)
    return records


def _start(since: date | None) -> datetime | None:
    if since is None:
        return None
    if isinstance(since, datetime):
        return since if since.tzinfo else since.replace(tzinfo=UTC)
    return datetime.combine(since, time.min, tzinfo=UTC)


def _parse_time(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("time is not text")
    stamp = datetime.fromisoformat(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def format_record(entry: dict) -> str:
    """One line: time (UTC), user/role, action, rows, filters as a query string, and the detail."""
    stamp = _parse_time(entry["time"]).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    who = f"{entry.get('user') or '-'}/{entry.get('role') or '-'}"
    rows = entry.get("rows")
    filters = entry.get("filters")
    if isinstance(filters, dict):
        shown_filters = "&".join(f"{key}={value}" for key, value in filters.items()) or "(all)"
    else:
        shown_filters = "-"
    parts = [f"{stamp}Z", who, str(entry.get("action") or "-"),
             f"rows={rows:,}" if isinstance(rows, int) else "rows=-", shown_filters]
    if entry.get("detail"):
        parts.append(json.dumps(entry["detail"], ensure_ascii=False, separators=(",", ":")))
    # Escape control characters so that a crafted user name cannot forge a second line.
    return "  ".join("".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in part)
                     for part in parts)


def print_records(since: date | None, out: TextIO, path: Path | None = None,
                  lang: str = i18n.DEFAULT_LANGUAGE) -> int:
    """Print one line per record at or after `since`, and a note in `lang` of lines that could not be read;
    return how many were printed."""
    records, skipped = read_counted(since, path)
    for entry in records:
        print(format_record(entry), file=out)
    if skipped:
        print(i18n.t("cli_audit_skipped", lang, count=i18n.format_int(skipped, lang)), file=out)
    return len(records)
