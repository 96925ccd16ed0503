"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT / "data"
DEFAULT_DB_PATH = REFERENCE_DIR / "prakerja.duckdb"
DEFAULT_MIN_CELL = 10
DEFAULT_SCOPE = "15"  # Jambi
NATIONAL = "national"


def db_path() -> Path:
    """The live database: `PRAKERJA_DB`, else `data/prakerja.duckdb`."""
    return Path(os.environ.get("PRAKERJA_DB") or DEFAULT_DB_PATH)


def scope() -> str:
    """The deployment's home: `PRAKERJA_SCOPE`, a province's Kemendagri code (default 15, Jambi) or
    `national` (domain/regions.py scope_province checks the code)."""
    return (os.environ.get("PRAKERJA_SCOPE") or DEFAULT_SCOPE).strip().lower()


def min_cell() -> int:
    """K of the suppression rule: `PRAKERJA_MIN_CELL`, default 10, never below 1."""
    raw = os.environ.get("PRAKERJA_MIN_CELL", "").strip()
    if not raw:
        return DEFAULT_MIN_CELL
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"PRAKERJA_MIN_CELL must be a whole number, got {raw!r}") from exc
    if value < 1:
        raise ValueError(f"PRAKERJA_MIN_CELL must be at least 1, got {value}")
    return value


UPLOAD_LIMIT_MB = 20  # also .streamlit/config.toml server.maxUploadSize (a test keeps them equal)
UPLOAD_LIMIT_BYTES = UPLOAD_LIMIT_MB * 1024 * 1024
