"""Sign-in accounts: slow salted hashes in a private file, lockout, one throttle for all sessions,
and what each role may do in the dashboard."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from prakerja_dash import accounts
from tests.conftest import REPO
from tests.test_app import open_app

PASSWORD = "kopi-kerinci-2024"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "config" / "accounts.json"
    monkeypatch.setenv("PRAKERJA_ACCOUNTS", str(path))
    return path


def test_passwords_are_stored_as_argon2_hashes_in_a_private_file(accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    text = accounts_file.read_text()
    assert PASSWORD not in text
    assert json.loads(text)["users"]["rina"]["hash"].startswith("$argon2id$")
    assert os.stat(accounts_file).st_mode & 0o777 == 0o600
    assert not accounts_file.is_relative_to(REPO)
    assert accounts.names() == {"rina": "analyst"}
    accounts.remove("rina")
    assert accounts.names() == {}


def test_bad_names_roles_and_short_passwords_are_refused(accounts_file):
    for name, role, password in (("rina smith", "analyst", PASSWORD), ("rina", "root", PASSWORD),
                                 ("rina", "analyst", "pendek")):
        with pytest.raises(accounts.AccountError):
            accounts.add(name, role, password)
    with pytest.raises(accounts.AccountError):
        accounts.remove("nobody")


def test_sign_in_gives_the_role(accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    clock = Clock()
    assert accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep).role == "analyst"
    wrong = accounts.sign_in("rina", "salah", clock=clock, sleep=clock.sleep)
    assert (wrong.outcome, wrong.role, wrong.user) == ("wrong", "public", None)
    assert accounts.sign_in("nobody", PASSWORD, clock=clock, sleep=clock.sleep).outcome == "wrong"


def test_a_locked_account_refuses_even_the_right_password_until_the_lock_expires(accounts_file):
    accounts.add("rina", "admin", PASSWORD)
    clock = Clock()
    outcomes = [accounts.sign_in("rina", f"tebakan-{i}", clock=clock, sleep=clock.sleep).outcome
                for i in range(accounts.MAX_FAILURES)]
    assert outcomes == ["wrong"] * (accounts.MAX_FAILURES - 1) + ["locked"]
    assert accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep).outcome == "locked"
    clock.now += accounts.LOCK_SECONDS
    assert accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep).outcome == "ok"


def test_every_attempt_waits_its_turn_and_failures_slow_everyone(accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    clock = Clock()
    accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep)
    accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep)
    assert clock.slept == pytest.approx(accounts.MIN_SECONDS_BETWEEN_ATTEMPTS)
    for i in range(3):
        accounts.sign_in("someone", f"x{i}", clock=clock, sleep=clock.sleep)
    before = clock.slept
    accounts.sign_in("rina", PASSWORD, clock=clock, sleep=clock.sleep)
    assert clock.slept - before == pytest.approx(accounts.MIN_SECONDS_BETWEEN_ATTEMPTS
                                                 + 3 * accounts.SLOWDOWN_PER_RECENT_FAILURE)


def test_parallel_tabs_buy_no_more_guesses(accounts_file):
    """Eight sign-ins at once from eight threads take as long as eight in a row."""
    accounts.add("rina", "analyst", PASSWORD)
    stamps: list[float] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        accounts.sign_in("rina", f"x{i}")
        with lock:
            stamps.append(time.monotonic())

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(4)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # attempts are served one after the other, each at least MIN_SECONDS_BETWEEN_ATTEMPTS apart
    assert max(stamps) - start >= 3 * accounts.MIN_SECONDS_BETWEEN_ATTEMPTS


def test_the_old_admin_password_becomes_an_admin_account(accounts_file):
    accounts.adopt_legacy_admin(PASSWORD)
    assert accounts.names() == {"admin": "admin"}
    accounts.adopt_legacy_admin("another-password-x")  # once: the account is not replaced
    clock = Clock()
    assert accounts.sign_in("admin", PASSWORD, clock=clock, sleep=clock.sleep).role == "admin"


# --- what the roles see ---------------------------------------------------------
def _sign_in(at, name: str, password: str):
    at.sidebar.text_input(key="auth_name").input(name)
    at.sidebar.text_input(key="auth_password").input(password)
    next(b for b in at.sidebar.button if b.label.startswith("Masuk")).click().run()
    return at


def _row_download(at) -> list:
    return [b for b in at.get("download_button") if b.proto.id and "alumni" in str(b.proto.file_name)]


def test_an_anonymous_session_has_no_row_download(app_env, accounts_file):
    at = open_app()
    assert not at.exception
    assert [b for b in at.get("download_button") if "alumni" in repr(b.proto)] == []
    assert any("analis" in c.value for c in at.sidebar.caption)


def test_an_analyst_session_has_the_row_download(app_env, accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    at = _sign_in(open_app(), "rina", PASSWORD)
    assert not at.exception
    assert [b for b in at.get("download_button") if "alumni" in repr(b.proto)] != []
    assert any("rina" in c.value for c in at.sidebar.caption)


def test_a_locked_account_cannot_sign_in_on_the_page(app_env, accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    clock = Clock()
    for i in range(accounts.MAX_FAILURES):
        accounts.sign_in("rina", f"x{i}", clock=clock, sleep=clock.sleep)
    at = _sign_in(open_app(), "rina", PASSWORD)
    assert any("dikunci" in e.value for e in at.error)
    assert [b for b in at.get("download_button") if "alumni" in repr(b.proto)] == []


def test_the_admin_page_needs_an_admin(app_env, accounts_file):
    accounts.add("rina", "analyst", PASSWORD)
    accounts.add("budi", "admin", PASSWORD)
    at = open_app({}, "pages/admin.py")
    assert len(at.get("file_uploader")) == 0
    at = _sign_in(at, "rina", PASSWORD)
    assert len(at.get("file_uploader")) == 0
    at = _sign_in(open_app({}, "pages/admin.py"), "budi", PASSWORD)
    assert len(at.get("file_uploader")) == 1
