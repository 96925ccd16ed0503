"""Local sign-in accounts: names, roles and slow salted password hashes (Argon2id) in a file
outside the repository, with account lockout and one throttle shared by every sign-in.

Roles: `analyst` may download alumni rows; `admin` may also import and restore. Everyone
else is `public` and sees aggregates only.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from prakerja_dash import i18n

ROLES = ("analyst", "admin")
PUBLIC = "public"
MAX_FAILURES = 5  # failed sign-ins in a row before the account is locked
LOCK_SECONDS = 15 * 60
MIN_SECONDS_BETWEEN_ATTEMPTS = 1.0  # across all sessions and tabs: more tabs buy no more guesses
SLOWDOWN_PER_RECENT_FAILURE = 0.5  # and each failure in the last LOCK_SECONDS slows every attempt more
MAX_DELAY_SECONDS = 10.0
MIN_PASSWORD_LENGTH = 12
LEGACY_ADMIN = "admin"  # the name the old single admin password becomes
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_HASHER = PasswordHasher()  # Argon2id with the library's current recommended cost


class AccountError(ValueError):
    """A bad account name, role or password, an unknown account or an unreadable accounts file: a catalogue
    key and its values, said in the user's language by `say` (`str()` is the Indonesian text, for logs)."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(self.say(i18n.DEFAULT_LANGUAGE))

    def say(self, lang: str) -> str:
        return i18n.t(self.key, lang, **self.values)


@dataclass(frozen=True)
class SignIn:
    user: str | None
    role: str
    outcome: str  # "ok", "wrong", "locked"
    locked_until: float | None = None


def accounts_path() -> Path:
    """`PRAKERJA_ACCOUNTS`, else `$XDG_CONFIG_HOME/prakerja-dash/accounts.json` (outside the repo)."""
    configured = os.environ.get("PRAKERJA_ACCOUNTS")
    if configured:
        return Path(configured).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "prakerja-dash" / "accounts.json"


@contextmanager
def _locked(path: Path) -> Iterator[dict]:
    """The accounts file, read and written back under an exclusive lock (several processes)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError as error:  # bad JSON or bad UTF-8; never overwritten: it may hold accounts
            raise AccountError("account_file_unreadable", path=path) from error
        if not isinstance(data, dict):
            raise AccountError("account_file_unreadable", path=path)
        data.setdefault("users", {})
        data.setdefault("recent_failures", [])
        data.setdefault("last_attempt", 0.0)
        before = json.dumps(data, sort_keys=True)
        yield data
        if json.dumps(data, sort_keys=True) != before:
            scratch = path.with_name(path.name + ".new")
            descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.replace(scratch, path)


def check(name: str, role: str) -> None:
    """Refuse a name or role `add` would refuse, before anyone is asked for a password."""
    if not _NAME.match(name):
        raise AccountError("account_bad_name")
    if role not in ROLES:
        raise AccountError("account_bad_role", roles=", ".join(ROLES))


def add(name: str, role: str, password: str, path: Path | None = None) -> None:
    """Create or replace an account."""
    check(name, role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("account_short_password", length=MIN_PASSWORD_LENGTH)
    with _locked(path or accounts_path()) as data:
        data["users"][name] = {"role": role, "hash": _HASHER.hash(password), "failures": 0, "locked_until": 0.0}


def remove(name: str, path: Path | None = None) -> None:
    with _locked(path or accounts_path()) as data:
        if data["users"].pop(name, None) is None:
            raise AccountError("account_unknown", name=name)


def names(path: Path | None = None) -> dict[str, str]:
    """Account name -> role."""
    with _locked(path or accounts_path()) as data:
        return {name: user["role"] for name, user in sorted(data["users"].items())}


def adopt_legacy_admin(password: str | None, path: Path | None = None) -> None:
    """The old admin password (PRAKERJA_ADMIN_PASSWORD) becomes the `admin` account, once."""
    if not password:
        return
    with _locked(path or accounts_path()) as data:
        if LEGACY_ADMIN not in data["users"]:
            data["users"][LEGACY_ADMIN] = {"role": "admin", "hash": _HASHER.hash(password), "failures": 0,
                                           "locked_until": 0.0}


def sign_in(name: str, password: str, path: Path | None = None, *, clock: Callable[[], float] = time.time,
            sleep: Callable[[float], None] = time.sleep) -> SignIn:
    """Check a name and password. Every attempt, from any session, waits its turn behind the one
    before it; failures lock the account for LOCK_SECONDS after MAX_FAILURES in a row and slow
    every later attempt. An unknown name costs the same time as a known one."""
    path = path or accounts_path()
    with _locked(path) as data:
        now = clock()
        data["recent_failures"] = [t for t in data["recent_failures"] if now - t < LOCK_SECONDS]
        delay = min(MAX_DELAY_SECONDS,
                    MIN_SECONDS_BETWEEN_ATTEMPTS + SLOWDOWN_PER_RECENT_FAILURE * len(data["recent_failures"]))
        wait = data["last_attempt"] + delay - now
        if wait > 0:
            sleep(wait)  # under the lock: attempts from all sessions queue here
            now = clock()
        data["last_attempt"] = now
        user = data["users"].get(name)
        if user and user["locked_until"] > now:
            return SignIn(None, PUBLIC, "locked", user["locked_until"])
        stored = user["hash"] if user else _dummy_hash()
        try:
            _HASHER.verify(stored, password)
            matched = user is not None
        except (VerificationError, InvalidHashError):
            matched = False
        if not matched:
            data["recent_failures"].append(now)
            if user:
                user["failures"] += 1
                if user["failures"] >= MAX_FAILURES:
                    user["locked_until"] = now + LOCK_SECONDS
                    user["failures"] = 0
                    return SignIn(None, PUBLIC, "locked", user["locked_until"])
            return SignIn(None, PUBLIC, "wrong")
        user["failures"] = 0
        if _HASHER.check_needs_rehash(user["hash"]):
            user["hash"] = _HASHER.hash(password)
        return SignIn(name, user["role"], "ok")



@cache
def _dummy_hash() -> str:
    return _HASHER.hash("an account that does not exist")
