"""The command line's account and audit commands, and the audit records other commands leave."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, env=os.environ | env,
                          input=stdin, capture_output=True, text=True, timeout=300)


def test_user_commands_and_the_audit_trail_of_an_export(fixture_db, tmp_path):
    env = {"PRAKERJA_ACCOUNTS": str(tmp_path / "accounts.json"), "PRAKERJA_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    added = run("user", "add", "rina", "--role", "analyst", env=env, stdin="kopi-kerinci-2024\nkopi-kerinci-2024\n")
    assert added.returncode == 0, added.stderr
    assert run("user", "list", env=env).stdout.split() == ["rina", "analyst"]
    mismatch = run("user", "add", "budi", "--role", "admin", env=env, stdin="kopi-kerinci-2024\nkopi-lain-2024x\n")
    assert mismatch.returncode == 2 and "kesalahan: kedua kata sandi berbeda" in mismatch.stderr
    assert run("user", "remove", "nobody", env=env).returncode == 2
    assert run("user", "remove", "rina", env=env).returncode == 0
    assert run("user", "list", env=env).stdout == ""

    out = tmp_path / "x.csv"
    exported = run("export", "--format", "csv", "--out", str(out), "--db", str(fixture_db), "--regency", "15.71",
                   env=env)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(r["action"], r["role"], r["filters"]) for r in records] == [("export", "cli", {"regency": "15.71"})]
    assert records[0]["rows"] > 1000 and os.stat(tmp_path / "audit.jsonl").st_mode & 0o777 == 0o600
    printed = run("audit", env=env)
    assert printed.returncode == 0 and "export" in printed.stdout and "regency=15.71" in printed.stdout
    assert run("audit", "--since", "2999-01-01", env=env).stdout == ""


def test_ctrl_c_at_the_password_prompt_is_one_sentence_and_changes_nothing(tmp_path):
    import signal
    import time

    accounts = tmp_path / "accounts.json"
    process = subprocess.Popen([sys.executable, "-m", "prakerja_dash", "user", "add", "rina", "--role", "analyst"],
                               cwd=REPO, env=os.environ | {"PRAKERJA_ACCOUNTS": str(accounts)},
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    seen = ""
    while "kata sandi" not in seen.lower() and time.monotonic() < deadline:  # wait for the prompt itself
        seen += process.stderr.read(1)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    said = seen + rest
    assert process.returncode == 130
    assert "dibatalkan; tidak ada yang diubah" in said and "Traceback" not in said
    assert not accounts.exists()
