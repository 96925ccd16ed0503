"""The audit trail: records on disk, private file mode, rotation, concurrent writers, no NIK, reading back."""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import os
import stat
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from prakerja_dash import audit, config
from prakerja_dash.domain.filters import Filters

NIK = "1571010190000011"
MASKED = "************0011"


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "logs" / "audit.jsonl"
    monkeypatch.setenv("PRAKERJA_AUDIT_LOG", str(path))
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_path_from_the_environment_else_data_folder(log: Path, monkeypatch: pytest.MonkeyPatch):
    assert audit.audit_path() == log
    monkeypatch.delenv("PRAKERJA_AUDIT_LOG")
    assert audit.audit_path() == config.REFERENCE_DIR / "audit.jsonl"


def test_a_record_is_written_and_read_back(log: Path):
    filters = Filters(regencies=("15.71", "15.06"), waves=(20, 70), gender="P")
    returned = audit.record("export", user="sari", role="admin", filters=filters, rows=1234,
                            detail={"format": "csv", "level": "alumni"})
    assert log.parent.is_dir()
    (written,) = lines(log)
    assert written == returned
    assert written["action"] == "export"
    assert (written["user"], written["role"], written["rows"]) == ("sari", "admin", 1234)
    assert written["filters"] == filters.to_query() == {"regency": "15.06,15.71", "wave": "20-70", "gender": "P"}
    assert written["detail"] == {"format": "csv", "level": "alumni"}
    stamp = datetime.fromisoformat(written["time"])
    assert stamp.tzinfo is not None and abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)
    assert audit.read() == [written]


def test_filters_may_be_a_query_dict_or_absent(log: Path):
    audit.record("export_table", filters={"year": "2021"})
    audit.record("sign_in_failed", user="tamu")
    first, second = audit.read()
    assert first["filters"] == {"year": "2021"}
    assert second["filters"] is None and second["rows"] is None and second["detail"] == {}


def test_new_file_is_private(log: Path):
    audit.record("import", rows=3)
    assert mode(log) == 0o600


def test_an_existing_loose_file_is_made_private(log: Path):
    log.parent.mkdir()
    log.write_text("")
    os.chmod(log, 0o644)
    audit.record("restore")
    assert mode(log) == 0o600
    assert len(lines(log)) == 1


def test_rotation_shifts_files_and_keeps_five(log: Path):
    for index in range(40):
        audit.record("export", rows=index, max_bytes=400)
    rotated = [log.with_name(f"audit.jsonl.{n}") for n in range(1, 6)]
    assert all(path.exists() for path in rotated)
    assert not log.with_name("audit.jsonl.6").exists()
    for path in [log, *rotated]:
        assert path.stat().st_size <= 400
        assert mode(path) == 0o600
    # Oldest first, and nothing lost within what is kept.
    kept = [entry["rows"] for entry in audit.read()]
    assert kept == list(range(kept[0], 40))
    assert kept[0] > 0
    assert [entry["rows"] for entry in lines(log)][-1] == 39


def test_first_rotation_produces_dot_one(log: Path):
    audit.record("export", rows=1)
    size = log.stat().st_size
    audit.record("export", rows=2, max_bytes=size + 10)
    assert [entry["rows"] for entry in lines(log.with_name("audit.jsonl.1"))] == [1]
    assert [entry["rows"] for entry in lines(log)] == [2]


def _write_many(path: str, worker: int, count: int, max_bytes: int) -> None:
    for index in range(count):
        audit.record("export", user=f"worker{worker}", rows=index, detail={"pad": "x" * 50},
                     path=Path(path), max_bytes=max_bytes)


@pytest.mark.parametrize("max_bytes", [audit.MAX_BYTES, 60_000], ids=["one-file", "rotating"])
def test_concurrent_processes_never_interleave_lines(log: Path, max_bytes: int):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(log), n, 200, max_bytes)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    records = []
    for path in audit.log_files(log):
        records += lines(path)  # raises if any line were torn or interleaved
    assert len(records) == 800
    for n in range(4):
        assert sorted(r["rows"] for r in records if r["user"] == f"worker{n}") == list(range(200))
    if max_bytes < audit.MAX_BYTES:
        assert log.with_name("audit.jsonl.1").exists()


def test_concurrent_threads(log: Path):
    threads = [threading.Thread(target=_write_many, args=(str(log), n, 100, audit.MAX_BYTES)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lines(log)) == 400


@pytest.mark.parametrize("text", [
    NIK,
    "15.71 0101 9000 0011",
    "15.71-0101-9000-0011",
    "15.71.01.010190.0011",
    "NIK1571010190000011",
    "NIK: 1571010190000011",
    "NIK-15.71 - 0101 - 9000 - 0011",
])
def test_a_nik_in_any_form_keeps_only_its_last_four_digits(text: str):
    masked = audit.mask_niks(f"baris 12: {text} ditolak")
    assert "0011" in masked and "15.71" not in masked and "9000" not in masked
    assert MASKED in masked
    assert masked.startswith("baris 12: ") and masked.endswith(" ditolak")


def test_ordinary_numbers_are_left_alone():
    for text in ("wave=20-70", "regency=15.71,15.06,15.05", "2024-01-15 10:22:33", "rows 123456789012345",
                 "NIK-3f9a1c2b7d8e4f60a1b2c3d4"):
        assert audit.mask_niks(text) == text


def test_longer_digit_runs_are_masked_too():
    assert audit.mask_niks("x 15710101900000112 y") == "x *************0112 y"


def test_nik_is_scrubbed_in_nested_values_before_writing(log: Path):
    returned = audit.record(
        f"import {NIK}",
        user=f"op {NIK}",
        filters={"status": NIK},
        detail={"file": "alumni.xlsx", "rejected": [{"row": 3, "nik": "15.71 0101 9000 0011"}, (NIK, 7)],
                NIK: "as a key", "number": int(NIK), "float": float(NIK), "count": 12},
    )
    raw = log.read_text(encoding="utf-8")
    assert "15.71" not in raw and "9000" not in raw
    (written,) = lines(log)
    assert written == returned
    assert written["action"] == f"import {MASKED}"
    assert written["user"] == f"op {MASKED}"
    assert written["filters"] == {"status": MASKED}
    detail = written["detail"]
    assert detail["rejected"] == [{"row": 3, "nik": MASKED}, [MASKED, 7]]
    assert detail[MASKED] == "as a key"
    assert detail["number"] == MASKED
    assert detail["float"].startswith(MASKED)
    assert detail["count"] == 12 and detail["file"] == "alumni.xlsx"


def _write_dated(path: Path, *days: date) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        for day in days:
            stamp = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC).isoformat().replace("+00:00", "Z")
            out.write(json.dumps({"time": stamp, "user": "sari", "role": "admin", "action": "export",
                                  "filters": {}, "rows": day.day, "detail": {}}) + "\n")


def test_since_keeps_records_of_that_day_and_later_across_rotated_files(log: Path):
    _write_dated(log.with_name("audit.jsonl.2"), date(2024, 1, 1), date(2024, 1, 2))
    _write_dated(log.with_name("audit.jsonl.1"), date(2024, 1, 3), date(2024, 1, 4))
    _write_dated(log, date(2024, 1, 5))
    assert [r["rows"] for r in audit.read()] == [1, 2, 3, 4, 5]
    assert [r["rows"] for r in audit.read(since=date(2024, 1, 2))] == [2, 3, 4, 5]
    assert [r["rows"] for r in audit.read(since=date(2024, 1, 5))] == [5]
    assert audit.read(since=date(2024, 1, 6)) == []


def test_a_corrupt_line_is_skipped_and_counted(log: Path, caplog: pytest.LogCaptureFixture):
    audit.record("export", rows=1)
    with open(log, "ab") as out:
        out.write(b'{"time": "2024-01-01T00:00:00Z", "action": "exp\n')  # torn
        out.write(b"not json\n\n")
        out.write(b'{"action": "no time"}\n')
        out.write(b"\xff\xfe garbage\n")
    audit.record("import", rows=2)
    records, skipped = audit.read_counted()
    assert [r["rows"] for r in records] == [1, 2]
    assert skipped == 4
    with caplog.at_level(logging.WARNING, logger="prakerja_dash.audit"):
        assert len(audit.read()) == 2
    assert "4" in caplog.text


def test_missing_log_reads_as_empty(log: Path):
    assert audit.read() == []
    out = io.StringIO()
    assert audit.print_records(None, out) == 0
    assert out.getvalue() == ""


def test_an_unwritable_log_does_not_raise(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with caplog.at_level(logging.ERROR, logger="prakerja_dash.audit"):
        returned = audit.record("export", rows=5, detail={"nik": NIK}, path=blocker / "audit.jsonl")
    assert returned["rows"] == 5 and returned["detail"] == {"nik": MASKED}
    assert "could not write the audit log" in caplog.text
    assert caplog.records[0].exc_info is not None


def test_a_directory_in_place_of_the_log_does_not_raise(log: Path):
    log.mkdir(parents=True)
    assert audit.record("export")["action"] == "export"


def test_print_records_one_line_each(log: Path):
    _write_dated(log, date(2024, 1, 1))
    audit.record("export", user="sari", role="admin", filters=Filters(regencies=("15.71",), waves=(20, 70)),
                 rows=12345, detail={"format": "xlsx"})
    audit.record("sign_in_failed", user="evil\nuser")
    out = io.StringIO()
    assert audit.print_records(date(2024, 1, 2), out) == 2
    first, second = out.getvalue().splitlines()
    assert "sari/admin" in first and "export" in first and "rows=12,345" in first
    assert "regency=15.71&wave=20-70" in first and '{"format":"xlsx"}' in first
    assert first.startswith(f"{datetime.now(UTC):%Y-%m-%d}")
    assert "sign_in_failed" in second and "evil\\nuser/-" in second and "rows=-" in second


def test_print_records_notes_skipped_lines(log: Path):
    audit.record("export", rows=1)
    with open(log, "a", encoding="utf-8") as out:
        out.write("{broken\n")
    out = io.StringIO()
    assert audit.print_records(None, out, lang="en") == 1
    assert out.getvalue().splitlines()[-1] == "# 1 unreadable line(s) skipped"
    out = io.StringIO()
    assert audit.print_records(None, out) == 1
    assert out.getvalue().splitlines()[-1] == "# 1 baris tidak terbaca dilewati"
