"""Account refusals in the user's language (issue 23, item 7): `user add|remove|list` with --lang, the sign-in
page in its language; a password asked without a terminal says so in that language, never in getpass's English,
and is never shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from prakerja_dash import accounts
from tests.conftest import REPO
from tests.test_app import open_app

PASSWORD = "kopi-kerinci-2024"
REFUSALS = {  # (what is wrong, the Indonesian sentence, the English one)
    "bad name": ("nama akun harus 1 sampai 64 huruf, angka atau . _ @ -",
                 "an account name must be 1 to 64 letters, digits or . _ @ -"),
    "short password": ("kata sandi harus sedikitnya 12 karakter",
                       "the password must be at least 12 characters long"),
    "bad role": ("peran harus salah satu dari analyst, admin", "the role must be one of analyst, admin"),
    "unknown account": ("akun nobody tidak ada", "there is no account nobody"),
}


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "config" / "accounts.json"
    monkeypatch.setenv("PRAKERJA_ACCOUNTS", str(path))
    return path


def cli(*args: str, accounts_path, stdin: str = "") -> subprocess.CompletedProcess:
    """The command in a session of its own: no controlling terminal, so a password is read from stdin."""
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, input=stdin, text=True,
                          capture_output=True, timeout=120, start_new_session=True,
                          env=os.environ | {"PRAKERJA_ACCOUNTS": str(accounts_path),
                                            "PRAKERJA_AUDIT_LOG": str(accounts_path.parent / "audit.jsonl")})


def test_each_account_refusal_carries_its_reason_as_data_and_says_it_in_either_language(accounts_file):
    tries = {"bad name": lambda: accounts.add("rina smith", "analyst", PASSWORD),
             "short password": lambda: accounts.add("rina", "analyst", "pendek"),
             "bad role": lambda: accounts.add("rina", "root", PASSWORD),
             "unknown account": lambda: accounts.remove("nobody")}
    for what, attempt in tries.items():
        with pytest.raises(accounts.AccountError) as refused:
            attempt()
        indonesian, english = REFUSALS[what]
        assert (refused.value.say("id"), refused.value.say("en")) == (indonesian, english), what
        assert str(refused.value) == indonesian  # what a log reads
    assert accounts.names() == {}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_command_line_says_account_refusals_in_its_language(tmp_path, lang):
    path = tmp_path / "config" / "accounts.json"
    which = 0 if lang == "id" else 1
    prefix = "kesalahan: " if lang == "id" else "error: "
    twice = f"{PASSWORD}\n{PASSWORD}\n"
    for what, args, stdin in (("bad name", ("user", "add", "rina smith", "--role", "analyst"), twice),
                              ("short password", ("user", "add", "rina", "--role", "analyst"), "pendek\npendek\n"),
                              ("unknown account", ("user", "remove", "nobody"), "")):
        done = cli(*args, "--lang", lang, accounts_path=path, stdin=stdin)
        assert done.returncode == 2, (what, done.stderr)
        assert done.stderr.splitlines()[-1] == prefix + REFUSALS[what][which], (what, done.stderr)
        assert "Traceback" not in done.stderr and PASSWORD not in done.stderr + done.stdout
        if what == "bad name":  # refused before a password is asked
            assert done.stderr == prefix + REFUSALS[what][which] + "\n"


@pytest.mark.parametrize(("lang", "said"), [
    ("id", "kesalahan: berkas akun {path} tidak dapat dibaca sebagai JSON; perbaiki atau pindahkan berkas itu\n"),
    ("en", "error: the accounts file {path} cannot be read as JSON; repair or move that file\n"),
])
def test_an_unreadable_accounts_file_is_said_and_kept(tmp_path, lang, said):
    path = tmp_path / "accounts.json"
    path.write_text('{"users": {"rina": ')  # cut short by a full disk, say
    for args in (("user", "list"), ("user", "remove", "rina")):
        done = cli(*args, "--lang", lang, accounts_path=path)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", said.format(path=path)), args
    assert path.read_text() == '{"users": {"rina": '  # nothing stored is lost


@pytest.mark.parametrize(("lang", "lines"), [
    ("id", ["tidak ada terminal: kata sandi dibaca dari masukan standar dan tidak ditampilkan",
            "kata sandi untuk rina: ", "ulangi kata sandi: "]),
    ("en", ["no terminal: the password is read from standard input and not shown",
            "password for rina: ", "the password again: "]),
])
def test_a_password_without_a_terminal_is_asked_in_the_language_and_never_shown(tmp_path, lang, lines):
    path = tmp_path / "config" / "accounts.json"
    done = cli("user", "add", "rina", "--role", "analyst", "--lang", lang, accounts_path=path,
               stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == lines  # getpass's English warning is not among them
    assert PASSWORD not in done.stdout + done.stderr
    saved = {"id": f"akun rina (analyst) disimpan di {path}\n", "en": f"account rina (analyst) saved in {path}\n"}
    assert done.stdout == saved[lang]
    assert PASSWORD not in path.read_text()
    ended = cli("user", "add", "budi", "--role", "admin", "--lang", lang, accounts_path=path, stdin=f"{PASSWORD}\n")
    assert ended.returncode == 2
    no_password = {"id": "kesalahan: kata sandi tidak diberikan (masukan berakhir sebelumnya)",
                   "en": "error: no password was given (the input ended first)"}
    assert ended.stderr.splitlines()[-1] == no_password[lang]
    assert "Traceback" not in ended.stderr and "Warning" not in ended.stderr


@pytest.mark.parametrize(("lang", "button", "said"), [
    ("id", "Masuk", "berkas akun {path} tidak dapat dibaca sebagai JSON; perbaiki atau pindahkan berkas itu"),
    ("en", "Sign in", "the accounts file {path} cannot be read as JSON; repair or move that file"),
])
def test_the_sign_in_page_says_an_unreadable_accounts_file_in_its_language(app_env, accounts_file, lang, button,
                                                                             said):
    accounts_file.parent.mkdir(parents=True)
    accounts_file.write_text("{not json")
    at = open_app({"lang": lang})
    at.sidebar.text_input(key="auth_name").input("rina")
    at.sidebar.text_input(key="auth_password").input(PASSWORD)
    next(b for b in at.sidebar.button if b.label.startswith(button)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [said.format(path=accounts_file)]
    assert accounts_file.read_text() == "{not json"
