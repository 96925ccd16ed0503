"""`python -m prakerja_dash -h` speaks the user's language (issue 23, item 7): the help of every command,
argparse's own words (usage, options, -h) included, in Indonesian by default and in English with --lang en."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from prakerja_dash import cli
from tests.conftest import REPO
from tests.test_cli_language import ENGLISH, INDONESIAN

# What argparse itself writes in a help text (Python 3.11-3.13), in English whatever the program's language.
ARGPARSE_WORDS = ("usage:", "options:", "optional arguments", "positional arguments", "show this help message",
                  "and exit", "default:")
COMMANDS = (("build-demo",), ("info",), ("export",), ("import",), ("template",), ("restore",), ("boundaries",),
            ("boundaries", "check"), ("audit",), ("user",), ("user", "add"), ("user", "remove"), ("user", "list"))


def words(help_text: str) -> set[str]:
    """The lower-case words of a help text a person reads: not option names, choices in braces, command
    names listed under their parent, paths, environment variables or file names; not the usage lines (syntax)."""
    text = help_text.split("\n\n", 1)[-1]
    text = re.sub(r"\{[^}]*\}|--?[\w-]+|\S*[/.$]\S*|^    [\w-]+ ", " ", text, flags=re.MULTILINE)
    return {word.lower() for word in re.findall(r"[A-Za-z]+", text)}


def help_of(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as leaving:
        cli.main([*args, "-h"])
    assert leaving.value.code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def subprocess_help(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prakerja_dash", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=os.environ)


def test_the_help_is_indonesian_by_default_and_english_with_lang_en():
    for command in ((), ("import",)):
        indonesian = subprocess_help(*command, "-h")
        assert indonesian.returncode == 0 and indonesian.stderr == ""
        assert indonesian.stdout.startswith("pemakaian: python -m prakerja_dash")
        assert "  -h, --help " in indonesian.stdout and "tampilkan bantuan ini lalu keluar" in indonesian.stdout
        assert "\nopsi:\n" in indonesian.stdout
        assert not [word for word in ARGPARSE_WORDS if word in indonesian.stdout.lower()], indonesian.stdout
        assert words(indonesian.stdout) & ENGLISH == set(), indonesian.stdout
        english = subprocess_help(*command, "-h", "--lang", "en")
        assert english.returncode == 0 and english.stderr == ""
        assert english.stdout.startswith("usage: python -m prakerja_dash")
        assert "show this help message and exit" in english.stdout and "\noptions:\n" in english.stdout
        assert words(english.stdout) & INDONESIAN == set(), english.stdout
    imported = subprocess_help("import", "-h").stdout
    assert "BERKAS" in imported and "berkas alumni yang dimuat" in imported
    assert "BERKAS.ditolak.csv" in imported
    assert "FILE.rejected.csv" in subprocess_help("--lang=en", "import", "-h").stdout


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_command_helps_in_one_language(capsys, lang):
    other = ENGLISH if lang == "id" else INDONESIAN
    for command in ((), *COMMANDS):
        said = help_of(capsys, *command, "--lang", lang)
        assert said.startswith("pemakaian: " if lang == "id" else "usage: "), command
        if lang == "id":
            assert not [word for word in ARGPARSE_WORDS if word in said.lower()], (command, said)
        assert words(said) & other == set(), (command, said)


def test_the_language_may_follow_the_command_or_precede_it(capsys):
    assert help_of(capsys, "--lang", "en", "user", "add").startswith("usage: ")
    assert help_of(capsys, "user", "add", "--lang=en").startswith("usage: ")
    assert help_of(capsys, "user", "add").startswith("pemakaian: ")


def test_numbers_in_the_help_are_written_as_the_language_writes_them(capsys):
    def flowing(text: str) -> str:  # argparse wraps lines where it likes
        return " ".join(text.split())

    assert "1.000 sampai 20.000.000; bawaan 360.690" in flowing(help_of(capsys, "build-demo"))
    assert "1,000 to 20,000,000; default 360,690" in flowing(help_of(capsys, "build-demo", "--lang", "en"))
