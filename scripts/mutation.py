#!/usr/bin/env python3
"""Mutation testing, run by hand outside CI: how many deliberate bugs do the tests catch?

    python3 scripts/mutation.py                  # everything: Python, SQL and the named mutants
    python3 scripts/mutation.py --python         # mutmut over domain/, imports/validate.py and load.py
    python3 scripts/mutation.py --sql            # our own SQL mutator over data/sql/*.sql
    python3 scripts/mutation.py --named          # the named mutants of issues #15 and #23, each must be killed
    python3 scripts/mutation.py --module domain/filters.py --module outcomes_by
    python3 scripts/mutation.py --sql --list     # print the SQL mutants without running anything
    python3 scripts/mutation.py --python --module imports --sample 300   # an estimate from 300 random mutants

Nothing is ever changed under the repository: the tracked and untracked (not ignored) files are
copied to a temporary folder first, and every mutant is applied and tested there. mutmut 3 works
in a `mutants/` folder inside that copy; the SQL and named mutants get one copy per worker.

Python mutants come from mutmut 3.8.1 (requirements-dev.txt), configured here (MUTMUT_CONFIG,
written into the copy's pyproject.toml) rather than in the repository's pyproject.toml, so that a
`mutmut run` can never start inside the working tree. mutmut only mutates code inside functions;
module-level definitions (the `Measure`s of domain/metrics.py, say) and decorated functions
(`load._exclusive`) are reached by the named mutants below.

Python mutation tools do not mutate SQL, so `sql_mutants` makes the SQL mutants: comparison swaps,
AND<->OR, one conjunct of a WHERE/ON/FILTER/HAVING clause dropped, sum<->count, min<->max,
least<->greatest, numeric literals +-1, IS [NOT] NULL, DISTINCT removed, coalesce removed, LEFT
JOIN -> JOIN, UNION ALL -> UNION, DESC -> ASC, true<->false, and a denominator changed to a
different base. A mutant that DuckDB refuses on the hand-made oracle database is "invalid": it is
counted and shown but left out of the score (a test would fail on it for the wrong reason).

Each mutant runs `pytest -x -q` over the fast, non-browser tests of its module (TESTS) with a
timeout; the score is killed / (generated - invalid). The script is not collected by pytest
(pytest.ini collects tests/ only) and is not part of .ci/run. See docs/testing.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import difflib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON_MODULES = ("prakerja_dash/domain/*.py", "prakerja_dash/imports/validate.py", "prakerja_dash/imports/load.py")
SQL_GLOB = "prakerja_dash/data/sql/*.sql"

# The slow differencing tests of test_disclosure.py (a minute or two each) test the cell key
# adjustments over thousands of filters, not what a mutant here changes; they are left out.
SLOW = [f"--deselect=tests/test_disclosure.py::{name}" for name in (
    "test_a_range_minus_a_shorter_range_rarely_gives_the_last_wave",
    "test_the_complement_of_a_share_rarely_gives_the_hidden_group",
    "test_all_but_one_value_rarely_gives_the_hidden_count",
    "test_a_total_minus_the_published_regencies_rarely_gives_the_hidden_one",
    "test_the_same_people_get_the_same_published_figure_by_any_path",
    "test_the_kpi_minus_the_business_size_bands_rarely_gives_the_hidden_band",
    "test_a_count_and_its_sum_tell_no_more_than_the_count_alone",
)]

# Which tests run against a mutant of each group: fast, non-browser, fastest killers first.
TESTS = {
    "domain": ["tests/test_mutation_domain.py", "tests/test_filters.py", "tests/test_privacy.py",
               "tests/test_oracles.py", "tests/test_queries.py", "tests/test_interaction.py",
               "tests/test_disclosure.py", *SLOW],
    "imports": ["tests/test_mutation_imports.py", "tests/test_mutants.py", "tests/test_import.py",
                "tests/test_import_hostile.py", "tests/test_migrations.py"],
    "sql": ["tests/test_mutation_sql.py", "tests/test_oracles.py", "tests/test_queries.py", "tests/test_privacy.py",
            "tests/test_analysis_queries.py"],
}
SQL_EXTRA_TESTS = {  # more tests for the queries whose results only these look at
    "alumni_export": ["tests/test_disclosure.py", *SLOW, "tests/test_export.py"],
    "stories": ["tests/test_story_languages.py"],
    "regencies": ["tests/test_maps.py"],
}

MUTMUT_CONFIG = """
[tool.mutmut]
source_paths = ["prakerja_dash"]
only_mutate = {only_mutate}
also_copy = {also_copy}
pytest_add_cli_args_test_selection = {tests}
pytest_add_cli_args = ["-p", "no:cacheprovider"]
timeout_multiplier = 10.0
timeout_constant = 5.0
use_git_change_detection = false
"""

# mutmut's exit codes (mutmut/stats.py status_by_exit_code)
MUTMUT_STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
                 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", None: "not checked",
                 37: "killed"}


@dataclasses.dataclass
class Mutant:
    module: str  # e.g. prakerja_dash/data/sql/outcomes_by.sql
    name: str
    description: str
    file: str = ""  # the file the mutant changes, relative to the repository
    text: str = ""  # its whole mutated text
    tests: list[str] = dataclasses.field(default_factory=list)
    status: str = "not checked"  # killed, survived, timeout, invalid, no tests, error
    diff: str = ""
    seconds: float = 0.0
    note: str = ""


# --- copies of the working tree ---------------------------------------------------------------
def tracked_files(source: Path) -> list[str]:
    """The working tree's files git would commit: tracked ones that exist and untracked ones not ignored."""
    done = subprocess.run(["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          capture_output=True)
    if done.returncode != 0 or not (source / ".git").exists():  # a plain folder (a `git archive` of a commit, say)
        skip = {".git", "__pycache__", "mutants", ".pytest_cache", ".hypothesis", ".ruff_cache", ".benchmarks"}
        return sorted(str(path.relative_to(source)) for path in source.rglob("*")
                      if path.is_file() and not skip & set(path.relative_to(source).parts)
                      and path.suffix not in (".duckdb", ".wal", ".pyc"))
    return sorted({name for name in done.stdout.decode().split("\0") if name and (source / name).is_file()})


def copy_tree(source: Path, target: Path, files: list[str]) -> Path:
    for name in files:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, destination)
    return target


def existing(tree: Path, tests: list[str]) -> list[str]:
    """The test files of `tests` that the tree has (and every option): a selection may name a file not yet written."""
    return [test for test in tests if test.startswith("-") or (tree / test.split("::")[0]).exists()]


def test_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRAKERJA_", "MUTANT_UNDER_TEST", "PYTEST_"))}
    env["CI"] = "false"  # a test that needs ../shared skips instead of failing in a copy under /tmp
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_pytest(tree: Path, tests: list[str], timeout: float, basetemp: Path) -> tuple[str, float, str]:
    """Run `pytest -x -q` in `tree`; killed (a test failed), survived (all passed), timeout or error."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", "-rN",
               f"--basetemp={basetemp}", *tests]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=tree, env=test_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True, text=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "timeout", time.monotonic() - started, ""
    finally:
        shutil.rmtree(basetemp, ignore_errors=True)
    seconds = time.monotonic() - started
    status = {0: "survived", 1: "killed"}.get(process.returncode, "error")
    return status, seconds, output[-3000:]


# --- SQL mutants ----------------------------------------------------------------------------------
def code_mask(text: str) -> list[bool]:
    """True for each character of SQL code, False inside comments and string literals."""
    mask = [True] * len(text)
    i = 0
    while i < len(text):
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            mask[i:end] = [False] * (end - i)
            i = end
        elif text[i] == "'":
            end = i + 1
            while end < len(text):
                if text[end] == "'" and text[end + 1:end + 2] == "'":
                    end += 2
                elif text[end] == "'":
                    break
                else:
                    end += 1
            mask[i:end + 1] = [False] * (end + 1 - i)
            i = end + 1
        else:
            i += 1
    return mask


def _matches(pattern: str, text: str, mask: list[bool], flags: int = re.IGNORECASE):
    return [m for m in re.finditer(pattern, text, flags) if mask[m.start()]]


COMPARISONS = {"=": ["<>"], "<>": ["="], "!=": ["="], "<": ["<=", ">"], "<=": ["<", ">"], ">": [">=", "<"],
               ">=": [">", "<"]}
SWAPS = [(r"\bsum\(", "count("), (r"\bcount\((?!\*)", "sum("), (r"\bmin\(", "max("), (r"\bmax\(", "min("),
         (r"\bavg\(", "sum("), (r"\bleast\(", "greatest("), (r"\bgreatest\(", "least("),
         (r"\bIS NOT NULL\b", "IS NULL"), (r"\bIS NULL\b", "IS NOT NULL"), (r"\bDISTINCT\s+", ""),
         (r"\bLEFT JOIN\b", "JOIN"), (r"\bUNION ALL\b", "UNION"), (r"\bDESC\b", "ASC"),
         (r"\btrue\b", "false"), (r"\bfalse\b", "true"), (r"\bAND\b", "OR"), (r"\bOR\b", "AND")]
# A share's or a median's base swapped for another count: the bug of "now employed over everyone
# who was not working" instead of "over those of them who answered the survey".
DENOMINATORS = {"not_working_surveyed": "not_working", "businesses_started": "alumni", "earning_after": "alumni",
                "businesses": "alumni"}
# Two outputs crossed: a count or an amount read from its sibling column.
SIBLINGS = {"now_employed": "now_business", "now_business": "now_employed", "income_before_rp": "income_after_rp",
            "income_after_rp": "income_before_rp", "after_employee": "after_business",
            "after_business": "after_employee"}
CLAUSE_END = re.compile(r"\b(GROUP\s+BY|ORDER\s+BY|HAVING|WINDOW|LIMIT|QUALIFY|UNION|JOIN|LEFT|WHERE|SELECT|FROM)\b"
                        r"|[;()]|,", re.IGNORECASE)


def _clause_conjuncts(text: str, mask: list[bool], start: int) -> tuple[list[tuple[int, int]], int]:
    """The top-level conjuncts (start, end) of the condition starting at `start`, and where it ends."""
    depth, i, pieces, piece_start, between = 0, start, [], start, False
    while i < len(text):
        if not mask[i]:
            i += 1
            continue
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if char in ";,":
                break
            starts_word = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
            word = re.match(r"[A-Za-z_]+", text[i:]) if starts_word else None
            if word:
                upper = word.group(0).upper()
                if upper == "BETWEEN":
                    between = True
                elif upper == "AND" and between:
                    between = False
                elif upper == "AND":
                    pieces.append((piece_start, i))
                    piece_start = i + 3
                elif CLAUSE_END.fullmatch(upper) or upper in ("GROUP", "ORDER"):
                    break
                i += len(word.group(0))
                continue
        i += 1
    pieces.append((piece_start, i))
    return [(a, b) for a, b in pieces], i


def sql_mutants(relative: str, text: str) -> list[tuple[str, str, str]]:
    """(name, description, mutated text) for each mutant of one SQL file, without duplicates."""
    mask = code_mask(text)
    found: list[tuple[int, str, str]] = []  # (offset, description, mutated text)

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def replace(start: int, end: int, new: str, what: str) -> None:
        found.append((start, f"line {line_of(start)}: {what}", text[:start] + new + text[end:]))

    for m in _matches(r"(?<![<>=!|])(<>|!=|<=|>=|=|<|>)(?![<>=|])", text, mask):
        for other in COMPARISONS[m.group(1)]:
            replace(m.start(), m.end(), other, f"`{m.group(1)}` -> `{other}`")
    for pattern, new in SWAPS:
        for m in _matches(pattern, text, mask):
            replace(m.start(), m.end(), new, f"`{m.group(0).strip()}` -> `{new.strip() or '(removed)'}`")
    for m in _matches(r"(?<![\w.$'\[])(\d+)(?![\w.])", text, mask):
        value = int(m.group(1))
        for other in (value + 1, value - 1):
            replace(m.start(), m.end(), str(other), f"`{value}` -> `{other}`")
    # one conjunct of a condition dropped (the whole condition made `true` when it has one)
    for m in _matches(r"\b(WHERE|ON|HAVING)\b", text, mask, re.IGNORECASE):
        pieces, _ = _clause_conjuncts(text, mask, m.end())
        if len(pieces) == 1:
            a, b = pieces[0]
            condition = text[a:b].strip()
            if condition.lower() != "true":
                replace(a, b, " true ", f"{m.group(1)} `{_short(condition)}` -> `true`")
            continue
        for index, (a, b) in enumerate(pieces):
            if index == 0:
                cut_start, cut_end = a, pieces[1][0]  # the conjunct and the AND after it
            else:
                cut_start, cut_end = pieces[index - 1][1], b  # the AND before it and the conjunct
            replace(cut_start, cut_end, " " if index == 0 else "",
                    f"{m.group(1)}: conjunct `{_short(text[a:b].strip())}` dropped")
    # coalesce(x, d) -> x
    for m in _matches(r"\bcoalesce\(", text, mask):
        args, end = _arguments(text, m.end())
        if len(args) == 2:
            replace(m.start(), end, args[0].strip(), f"`coalesce({_short(args[0].strip())}, …)` -> its first argument")
    # a different denominator: a base count column swapped for another count, keeping its name
    for base, other in DENOMINATORS.items():
        for prefix in ("n_", "ck_"):
            pattern = rf"(?<![\w.])((?:\w+\.)?){prefix}{base}\b(?!\s+AS\b)"
            for m in _matches(pattern, text, mask, 0):
                preceding = text[:m.start()].rstrip()
                if preceding.upper().endswith(" AS"):
                    continue
                replace(m.start(), m.end(), f"{m.group(1)}{prefix}{other} AS {prefix}{base}",
                        f"denominator `{prefix}{base}` -> `{prefix}{other}`")
    for column, other in SIBLINGS.items():
        for m in _matches(rf"(?<![\w.'])((?:\w+\.)?)((?:n_|ck_)?){column}\b", text, mask, 0):
            if text[:m.start()].rstrip().upper().endswith(" AS"):
                continue
            after = text[m.end():].lstrip(" ")
            alias = f" AS {m.group(2)}{column}" if after[:1] in (",", "\n") else ""
            replace(m.start(), m.end(), f"{m.group(1)}{m.group(2)}{other}{alias}",
                    f"`{m.group(2)}{column}` read from `{m.group(2)}{other}`")
    # the grouping a query asks for changed ('category' -> 'regency', and any grouping -> none)
    for m in re.finditer(r"\b(grouped_counts|grouped_medians)\((\$\w+), '(\w*)', '(\w*)'\)", text):
        first, second = m.group(3), m.group(4)
        for new_first, new_second in ((first, "year" if second != "year" else "gender"),
                                      ("regency" if first != "regency" else "category", second)):
            replace(m.start(), m.end(), f"{m.group(1)}({m.group(2)}, '{new_first}', '{new_second}')",
                    f"grouping ('{first}', '{second}') -> ('{new_first}', '{new_second}')")
    for alias in re.findall(r"grouped_counts\([^)]*\)\s+AS\s+(\w+)", text, re.IGNORECASE):
        for m in _matches(rf"(?<![\w.]){alias}\.\*", text, mask, 0):
            for base, other in DENOMINATORS.items():
                if base == "businesses":
                    continue
                new = (f"{alias}.* REPLACE ({alias}.n_{other} AS n_{base}, {alias}.ck_{other} AS ck_{base})")
                replace(m.start(), m.end(), new, f"denominator `n_{base}` -> `n_{other}` in `{alias}.*`")
    seen, mutants = {text}, []
    for _offset, description, mutated in sorted(found, key=lambda item: item[0]):
        if mutated in seen:
            continue
        seen.add(mutated)
        mutants.append((f"{Path(relative).stem}#{len(mutants) + 1}", description, mutated))
    return mutants


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _arguments(text: str, start: int) -> tuple[list[str], int]:
    """The top-level arguments of a call whose '(' ends at `start`, and the offset after its ')'."""
    depth, args, piece = 0, [], start
    mask = code_mask(text)
    for i in range(start, len(text)):
        if not mask[i]:
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                args.append(text[piece:i])
                return args, i + 1
            depth -= 1
        elif text[i] == "," and depth == 0:
            args.append(text[piece:i])
            piece = i + 1
    return args, len(text)


PRECHECK = textwrap.dedent("""
    import json, re, sys, tempfile
    from pathlib import Path
    import duckdb
    from prakerja_dash.domain.filters import Filters
    from tests.test_oracles import build_hand_made_database
    path = Path(tempfile.mkdtemp()) / "hand.duckdb"
    build_hand_made_database(path)
    con = duckdb.connect(str(path), read_only=True)
    values = {"filter": Filters().sql_params()["filter"], "by": "regency", "then_by": "", "k": 2,
              "file_key": "precheck", "income_step": 50000}
    errors = []
    for text in json.load(sys.stdin):
        wanted = set(re.findall(r"\\$(\\w+)", text))
        try:
            con.execute(text, {k: values[k] for k in wanted}).fetchall()
            errors.append(None)
        except KeyError as error:
            errors.append(None)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:160]}")
    print(json.dumps(errors))
""")


def precheck(tree: Path, texts: list[str]) -> list[str | None]:
    """The DuckDB error of each mutated query on the hand-made database, or None when it runs."""
    done = subprocess.run([sys.executable, "-c", PRECHECK], cwd=tree, env=test_env(), input=json.dumps(texts),
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"the SQL pre-check failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sql_file_tests(relative: str) -> list[str]:
    return [*TESTS["sql"], *SQL_EXTRA_TESTS.get(Path(relative).stem, [])]


# --- the named mutants of issues #15 and #23 -----------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Named:
    name: str
    description: str
    file: str
    pattern: str
    replacement: str
    tests: tuple[str, ...]


NAMED = (
    Named("1-outcomes-denominator-sql", "outcomes_by.sql: now employed / running a business over everyone who was "
          "not working, not over those of them who were surveyed", "prakerja_dash/data/sql/outcomes_by.sql",
          r"\bc\.\*", "c.* REPLACE (c.n_not_working AS n_not_working_surveyed, c.ck_not_working AS "
          "ck_not_working_surveyed)", ("tests/test_mutation_sql.py", "tests/test_oracles.py")),
    Named("1-outcomes-denominator-measure", "metrics.py: NOW_EMPLOYED and NOW_BUSINESS over n_not_working",
          "prakerja_dash/domain/metrics.py", r'"n_now_(employed|business)", "n_not_working_surveyed"',
          r'"n_now_\1", "n_not_working"', ("tests/test_mutation_sql.py", "tests/test_oracles.py")),
    Named("2-scheme-surveyed-dropped", "scheme_comparison.sql: the denominator without `AND surveyed` (everyone "
          "who was not working)", "prakerja_dash/data/sql/scheme_comparison.sql",
          r"\bc\.n_not_working_surveyed\b", "c.n_not_working AS n_not_working_surveyed",
          ("tests/test_mutation_sql.py", "tests/test_oracles.py")),
    Named("2-surveyed-dropped-in-the-mart", "mart.sql: `AND surveyed` dropped where the surveyed not working are "
          "counted (the definition scheme_comparison.sql sums)", "prakerja_dash/data/mart.sql",
          r"(status_before\s*=\s*'tidak_bekerja')\s+AND\s+surveyed(\s+AS\s+in_not_working_surveyed)", r"\1\2",
          ("tests/test_mutation_sql.py", "tests/test_oracles.py")),
    Named("3-sum-suppressed-on-itself", "metrics.py: jobs created suppressed on its own value (its base is "
          "itself), not on the businesses behind it", "prakerja_dash/domain/metrics.py",
          r'Measure\("jobs_created", "sum", "jobs_created", "n_businesses_started"\)',
          'Measure("jobs_created", "sum", "jobs_created")', ("tests/test_mutation_domain.py", "tests/test_oracles.py")),
    Named("3-sum-suppressed-on-itself-privacy", "privacy.py: a sum suppressed when its own value is small, not when "
          "the people behind it are", "prakerja_dash/domain/privacy.py",
          r"(else:  # a sum over the people counted in `base`\n\s+suppressed = )small_base",
          r'\1frame[measure.column].astype("float64").map(lambda n: is_small_count(n, k))',
          ("tests/test_mutation_domain.py", "tests/test_oracles.py")),
    # issue #23: disclosure rules that tests compared with their own constants, or did not reach
    Named("6-hidden-on-the-true-count-only", "privacy.py: a count hidden only when the true count is under K, "
          "so that 10 - 1 = 9 is shown", "prakerja_dash/domain/privacy.py",
          r"small_count = base\.map\(lambda n: is_small_count\(n, k\)\) \| ", "small_count = ",
          ("tests/test_mutation_domain.py", "tests/test_privacy.py")),
    Named("6-hidden-on-the-true-base-only", "privacy.py: a share, median or sum hidden only when the true count "
          "behind it is under K", "prakerja_dash/domain/privacy.py",
          r"small_base = \(base < k\) \| \(true_base < k\)", "small_base = true_base < k",
          ("tests/test_mutation_domain.py", "tests/test_privacy.py")),
    Named("7-medians-to-the-rupiah", "privacy.py: MEDIAN_STEP = 1 (medians published to the rupiah)",
          "prakerja_dash/domain/privacy.py", r"MEDIAN_STEP = 50_000", "MEDIAN_STEP = 1",
          ("tests/test_mutation_domain.py", "tests/test_disclosure.py", *SLOW)),
    Named("7-row-incomes-to-the-rupiah", "content.py: INCOME_STEP = 1 (row-export incomes unrounded)",
          "prakerja_dash/export/content.py", r"INCOME_STEP = 100_000", "INCOME_STEP = 1",
          ("tests/test_export.py", "tests/test_disclosure.py", *SLOW)),
    Named("7-sum-on-a-second-key", "privacy.py: a sum adjusted by another cell key than its people's count (the "
          "key moved along the table, as before issue #23)", "prakerja_dash/domain/privacy.py",
          r"adjustment\(frame\[keys\]\) \* mean", "adjustment(frame[keys] + 101) * mean",
          ("tests/test_mutation_domain.py", "tests/test_oracles.py")),
    Named("7-rows-alike-1", "content.py: ROWS_ALIKE = 1 (a row unlike every other is published, and links)",
          "prakerja_dash/export/content.py", r"ROWS_ALIKE = 2", "ROWS_ALIKE = 1",
          ("tests/test_export.py", "tests/test_disclosure.py", *SLOW)),
    Named("4-excel-rows-from-0", "reading.py: Excel rows numbered from 0", "prakerja_dash/imports/reading.py",
          r"self\.ready\.append\(\(self\.row_number, cells\)\)", "self.ready.append((self.row_number - 1, cells))",
          ("tests/test_mutation_imports.py", "tests/test_mutants.py")),
    Named("4-csv-rows-from-0", "reading.py: CSV rows numbered from 0", "prakerja_dash/imports/reading.py",
          r"(enumerate\(csv\.reader\(.*?\), )start=1\)", r"\1start=0)",
          ("tests/test_mutation_imports.py", "tests/test_mutants.py", "tests/test_import.py")),
    Named("5-import-lock-removed", "load.py: the import lock removed (flock never taken)",
          "prakerja_dash/imports/load.py", r"fcntl\.flock\(lock, fcntl\.LOCK_EX \| fcntl\.LOCK_NB\)", "pass",
          ("tests/test_mutation_imports.py", "tests/test_mutants.py")),
)


def named_mutants(tree: Path) -> list[Mutant]:
    mutants = []
    for named in NAMED:
        text = (tree / named.file).read_text(encoding="utf-8")
        mutated, count = re.subn(named.pattern, named.replacement, text)
        mutant = Mutant(module="named", name=named.name, description=named.description, file=named.file,
                        text=mutated, tests=list(named.tests))
        if count == 0:
            mutant.status, mutant.note = "not applied", f"pattern {named.pattern!r} not found in {named.file}"
        mutant.diff = unified_diff(named.file, text, mutated)
        mutants.append(mutant)
    return mutants


def unified_diff(name: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{name}", f"b/{name}",
                                        n=1))


# --- running text mutants (SQL and named) in worker copies ---------------------------------------------
def run_text_mutants(mutants: list[Mutant], source: Path, files: list[str], work: Path, jobs: int,
                     timeout: float | None, log) -> None:
    runnable = [m for m in mutants if m.status == "not checked"]
    if not runnable:
        return
    workers = []
    for index in range(max(1, min(jobs, len(runnable)))):
        workers.append(copy_tree(source, work / f"worker{index}", files))
    # the unmutated tests must pass first, all of them in one run; its time sets the timeout
    for mutant in runnable:
        mutant.tests = existing(workers[0], mutant.tests)
    union = list(dict.fromkeys(test for m in runnable for test in m.tests))
    status, seconds, output = run_pytest(workers[0], union, 3600, work / "basetemp-clean")
    if status != "survived":
        raise SystemExit(f"the unmutated tests fail ({status}), so no mutant can be judged:\n"
                         f"  pytest {' '.join(union)}\n{output}")
    budget = timeout or max(60.0, 2 * seconds + 30)
    log(f"  clean run of {len(union)} test files and options: {seconds:.1f}s; timeout per mutant {budget:.0f}s")
    free = list(range(len(workers)))
    pending = list(runnable)
    started = time.monotonic()

    def one(worker: int, mutant: Mutant) -> tuple[int, Mutant]:
        tree = workers[worker]
        original = (tree / mutant.file).read_text(encoding="utf-8")
        (tree / mutant.file).write_text(mutant.text, encoding="utf-8")
        try:
            status, seconds, output = run_pytest(tree, mutant.tests, budget,
                                                 work / f"basetemp{worker}")
        finally:
            (tree / mutant.file).write_text(original, encoding="utf-8")
        mutant.status, mutant.seconds = status, seconds
        if status == "error":
            mutant.note = output[-500:]
        return worker, mutant

    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(workers)) as pool:
        running = set()
        while pending or running:
            while pending and free:
                running.add(pool.submit(one, free.pop(), pending.pop(0)))
            finished, running = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                worker, mutant = future.result()
                free.append(worker)
                done += 1
                log(f"  [{done}/{len(runnable)} {time.monotonic() - started:6.0f}s] {mutant.status:8} "
                    f"{mutant.seconds:5.1f}s {mutant.name}: {mutant.description}")


# --- Python mutants (mutmut) ------------------------------------------------------------------------
def python_group_of(module: str) -> str:
    return "imports" if module.startswith("prakerja_dash/imports/") else "domain"


def run_mutmut(source: Path, files: list[str], work: Path, modules: list[str], jobs: int, log,
               sample: int | None = None, seed: int = 15) -> list[Mutant]:
    """mutmut over `modules` (glob patterns), one run per test group, each in a copy of its own.

    With `sample`, only that many mutants of each group, drawn uniformly at random with `seed`,
    are tested: a first mutmut run makes every mutant and the coverage stats and stops (it is asked
    for a mutant that does not exist), then a second one tests the drawn names.
    """
    mutants: list[Mutant] = []
    groups: dict[str, list[str]] = {}
    for pattern in modules:
        groups.setdefault(python_group_of(pattern), []).append(pattern)
    mutmut = Path(sys.executable).parent / "mutmut"
    command = [str(mutmut)] if mutmut.exists() else [sys.executable, "-c", "from mutmut.__main__ import cli; cli()"]
    for group, patterns in groups.items():
        tree = copy_tree(source, work / f"mutmut-{group}", files)
        top = sorted({Path(name).parts[0] for name in files} - {"prakerja_dash", "tests"})
        config = MUTMUT_CONFIG.format(only_mutate=json.dumps(patterns), also_copy=json.dumps(top),
                                      tests=json.dumps(existing(tree, TESTS[group])))
        with open(tree / "pyproject.toml", "a", encoding="utf-8") as handle:
            handle.write(config)
        log(f"mutmut ({group}): {', '.join(patterns)}")
        started = time.monotonic()
        drawn: set[str] | None = None
        if sample:
            with open(work / f"mutmut-{group}-generate.log", "w", encoding="utf-8") as out:
                subprocess.run([*command, "run", "--max-children", str(jobs), "no-such-mutant"], cwd=tree,
                               env=test_env(), stdout=out, stderr=subprocess.STDOUT)
            every = sorted(key for meta in (tree / "mutants").rglob("*.py.meta")
                           for key in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
            if not every:
                tail = (work / f"mutmut-{group}-generate.log").read_text(encoding="utf-8", errors="replace")[-4000:]
                raise SystemExit(f"mutmut made no mutants in {tree}:\n{tail}")
            drawn = set(random.Random(seed).sample(every, min(sample, len(every))))
            log(f"  {len(every)} mutants made in {time.monotonic() - started:.0f}s; testing a random sample of "
                f"{len(drawn)} (seed {seed})")
        with open(work / f"mutmut-{group}.log", "w", encoding="utf-8") as out:
            done = subprocess.run([*command, "run", "--max-children", str(jobs), *sorted(drawn or ())], cwd=tree,
                                  env=test_env(), stdout=out, stderr=subprocess.STDOUT)
        log(f"  mutmut ({group}) finished in {time.monotonic() - started:.0f}s with exit code {done.returncode}; "
            f"log: {work / f'mutmut-{group}.log'}")
        if done.returncode != 0:
            tail = (work / f"mutmut-{group}.log").read_text(encoding="utf-8", errors="replace")[-4000:]
            raise SystemExit(f"mutmut failed in {tree}:\n{tail}")
        for meta in sorted((tree / "mutants").rglob("*.py.meta")):
            module = str(meta.relative_to(tree / "mutants"))[: -len(".meta")]
            data = json.loads(meta.read_text(encoding="utf-8"))
            for key, code in data["exit_code_by_key"].items():
                if drawn is not None and key not in drawn:
                    continue
                status = MUTMUT_STATUS.get(code, "suspicious")
                mutant = Mutant(module=module, name=key, description="", status=status)
                mutant.seconds = data.get("durations_by_key", {}).get(key, 0.0) or 0.0
                if status != "killed":
                    shown = subprocess.run([*command, "show", key], cwd=tree, env=test_env(), capture_output=True,
                                           text=True)
                    mutant.diff = "\n".join(shown.stdout.splitlines()[1:])
                mutants.append(mutant)
    return mutants


# --- the report ----------------------------------------------------------------------------------------
def summarise(mutants: list[Mutant]) -> list[dict[str, object]]:
    rows = []
    modules = sorted({m.module for m in mutants}, key=lambda name: (name == "named", name))
    for module in [*modules, "TOTAL"]:
        chosen = [m for m in mutants if module in (m.module, "TOTAL") and (module != "TOTAL" or m.module != "named")]
        counts = {status: sum(1 for m in chosen if m.status == status)
                  for status in ("killed", "survived", "timeout", "invalid", "no tests", "error", "not applied")}
        scored = len(chosen) - counts["invalid"] - counts["not applied"]
        rows.append({"module": module, "generated": len(chosen), **counts,
                     "score": (counts["killed"] / scored) if scored else None})
    return rows


def wilson_interval(killed: int, tested: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion measured on a random sample."""
    if not tested:
        return 0.0, 1.0
    share = killed / tested
    centre = (share + z * z / (2 * tested)) / (1 + z * z / tested)
    half = z * ((share * (1 - share) / tested + z * z / (4 * tested * tested)) ** 0.5) / (1 + z * z / tested)
    return max(0.0, centre - half), min(1.0, centre + half)


def print_table(rows: list[dict[str, object]], out) -> None:
    header = f"{'module':48} {'generated':>9} {'invalid':>7} {'killed':>6} {'survived':>8} {'timeout':>7} {'score':>7}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for row in rows:
        survived = row["survived"] + row["no tests"] + row["error"]
        score = "—" if row["score"] is None else f"{100 * row['score']:.1f}%"
        print(f"{row['module']:48} {row['generated']:9} {row['invalid']:7} {row['killed']:6} {survived:8} "
              f"{row['timeout']:7} {score:>7}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="store_true", help="mutate the Python modules with mutmut")
    parser.add_argument("--sql", action="store_true", help="mutate data/sql/*.sql with our SQL mutator")
    parser.add_argument("--named", action="store_true", help="run the named mutants of issue #15")
    parser.add_argument("--module", action="append", default=[],
                        help="only this module: a path or part of one (domain, domain/filters.py, imports/load.py, "
                             "outcomes_by, data/mart.sql); repeatable. An .sql path outside data/sql is mutated too")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2: this machine's cores)")
    parser.add_argument("--timeout", type=float, help="seconds per SQL or named mutant (default: 3x the clean run)")
    parser.add_argument("--source", type=Path, default=REPO, help="the working tree to copy (default: this repo)")
    parser.add_argument("--list", action="store_true", help="list the SQL and named mutants, run nothing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies (their path is printed)")
    parser.add_argument("--sample", type=int, help="test only this many mutmut mutants of each test group, drawn "
                        "at random; the score is then an estimate (its 95%% interval is printed)")
    parser.add_argument("--seed", type=int, default=15, help="the random seed of --sample (default 15)")
    parser.add_argument("--json", type=Path, help="also write every mutant and the table to this file")
    args = parser.parse_args(argv)
    if not (args.python or args.sql or args.named):
        args.python = args.sql = args.named = True

    source = args.source.resolve()
    files = tracked_files(source)
    python_files = [f for f in files if any(Path(f).match(p) for p in PYTHON_MODULES)]
    sql_files = [f for f in files if Path(f).match(SQL_GLOB)]
    if args.module:
        def wanted(name: str) -> bool:
            return any(part.strip("/") in name for part in args.module)
        python_files = [f for f in python_files if wanted(f)]
        sql_files = [f for f in files if f.endswith(".sql") and f.startswith("prakerja_dash/data/") and wanted(f)
                     and (Path(f).match(SQL_GLOB) or any(part.endswith(".sql") for part in args.module))]
        if not (python_files or sql_files or args.named):
            parser.error(f"no module matches {args.module}")

    work = Path(tempfile.mkdtemp(prefix="prakerja-mutation-"))
    started = time.monotonic()

    def log(message: str) -> None:
        print(message, flush=True)

    commit = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    log(f"mutation testing of {source} at {commit}{' (with uncommitted changes)' if dirty else ''}; copies in {work}")
    mutants: list[Mutant] = []
    try:
        base = copy_tree(source, work / "base", files)
        if args.sql and sql_files:
            sql_mutants_all: list[Mutant] = []
            for relative in sql_files:
                text = (base / relative).read_text(encoding="utf-8")
                for name, description, mutated in sql_mutants(relative, text):
                    sql_mutants_all.append(Mutant(module=relative, name=name, description=description, file=relative,
                                                  text=mutated, tests=sql_file_tests(relative),
                                                  diff=unified_diff(relative, text, mutated)))
            log(f"{len(sql_mutants_all)} SQL mutants of {len(sql_files)} files")
            if not args.list:
                for relative in sql_files:
                    group = [m for m in sql_mutants_all if m.file == relative and Path(relative).match(SQL_GLOB)]
                    if group:
                        for mutant, error in zip(group, precheck(base, [m.text for m in group]), strict=True):
                            if error:
                                mutant.status, mutant.note = "invalid", error
                log(f"  {sum(m.status == 'invalid' for m in sql_mutants_all)} refused by DuckDB (invalid)")
            mutants += sql_mutants_all
        if args.named:
            mutants += named_mutants(base)
        if args.list:
            for m in mutants:
                print(f"{m.name:32} {m.module}: {m.description}")
            return 0
        if args.python and python_files:
            patterns = [p for p in PYTHON_MODULES if any(Path(f).match(p) for f in python_files)] \
                if not args.module else python_files
            mutants += run_mutmut(source, files, work, patterns, args.jobs, log, args.sample, args.seed)
        text_mutants = [m for m in mutants if m.text]
        if text_mutants:
            log(f"testing {sum(m.status == 'not checked' for m in text_mutants)} SQL and named mutants")
            run_text_mutants(text_mutants, source, files, work, args.jobs, args.timeout, log)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started

    rows = summarise(mutants)
    out = sys.stdout
    print("\nsurvivors:", file=out)
    for m in mutants:
        if m.status not in ("killed", "invalid"):
            print(f"\n## {m.status}: {m.module} {m.name} {m.description}\n{m.diff.rstrip()}", file=out)
            if m.note:
                print(f"   note: {m.note}", file=out)
    print(f"\nmutation score, {datetime.date.today()} at {commit}{' + uncommitted changes' if dirty else ''} "
          f"({elapsed / 60:.1f} min, {args.jobs} jobs):\n", file=out)
    print_table(rows, out)
    if args.sample:
        print(f"\nA random sample of {args.sample} mutmut mutants per test group (seed {args.seed}); 95 % intervals of "
              "the score over all of a module's mutants:", file=out)
        for row in rows:
            scored = row["generated"] - row["invalid"] - row["not applied"]
            if scored:
                low, high = wilson_interval(row["killed"], scored)
                print(f"  {row['module']:48} {100 * low:5.1f}% – {100 * high:5.1f}%", file=out)
    if args.json:
        args.json.write_text(json.dumps({"commit": commit, "dirty": bool(dirty), "date": str(datetime.date.today()),
                                         "seconds": elapsed, "table": rows,
                                         "mutants": [dataclasses.asdict(m) | {"text": ""} for m in mutants]},
                                        indent=1), encoding="utf-8")
    named_alive = [m for m in mutants if m.module == "named" and m.status != "killed"]
    if named_alive:
        print(f"\n{len(named_alive)} named mutant(s) not killed: {', '.join(m.name for m in named_alive)}", file=out)
    return 1 if named_alive else 0


if __name__ == "__main__":
    sys.exit(main())
