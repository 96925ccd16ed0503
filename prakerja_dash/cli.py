"""Command line: `python -m prakerja_dash build-demo | info | export | import | …` (the benchmarks are
`python -m benchmarks.bench` and `benchmarks.spike`).

No traceback reaches the user: every error is one sentence on stderr (exit code 2, or 1 for
an import file with problems, its rows listed below it), in the language of `--lang` (id or
en, before or after the command); an unexpected error, and any library warning, is logged to
prakerja-cli.log beside the database.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import logging
import os
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import NoReturn

import duckdb

from prakerja_dash import accounts, audit, config, i18n, views
from prakerja_dash.data import boundaries as boundary_files
from prakerja_dash.data import db, demo, queries, reader, reference
from prakerja_dash.domain.filters import PARAMETER_NAMES, FilterError, Filters, parse_range
from prakerja_dash.domain.vocabulary import WAVES
from prakerja_dash.export import content, formats
from prakerja_dash.i18n import LANGUAGES, format_int
from prakerja_dash.imports import load as loading
from prakerja_dash.imports import template as template_module


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: $PRAKERJA_DB or data/prakerja.duckdb)")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (same names and values as the dashboard's URL)")
    for name in PARAMETER_NAMES:
        group.add_argument(f"--{name}", default=None, metavar="VALUE")


def filters_from_args(args: argparse.Namespace) -> Filters:
    return Filters.from_query({name: getattr(args, name) for name in PARAMETER_NAMES})


def language(argv: list[str]) -> str:
    """The language `--lang` asks for anywhere on the command line (Indonesian by default): known before
    the arguments are parsed, so that a mistake in them is said in it too."""
    for index, word in enumerate(argv):
        value = word.partition("=")[2] if word.startswith("--lang=") else (
            argv[index + 1] if word == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return i18n.DEFAULT_LANGUAGE


# argparse's own messages (Python 3.11-3.13), said again from the catalogue.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli_arg_required"),
    (re.compile(r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "cli_arg_choice"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "cli_arg_one_value"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli_arg_unrecognised"),
    (re.compile(r"argument (?P<argument>\S+): invalid \S+ value: (?P<value>.+)"), "cli_arg_invalid"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"), "cli_arg_ambiguous"),
)
# The filters' own problems (domain/filters.py writes them in English), said again from the catalogue.
_FILTER_PROBLEMS = (
    (re.compile(r"(?P<name>\w+): unknown value\(s\) (?P<values>.+) \(allowed: (?P<allowed>.+)\)"),
     "cli_filter_unknown_allowed"),
    (re.compile(r"(?P<name>\w+): unknown value\(s\) (?P<values>.+)"), "cli_filter_unknown"),
    (re.compile(r"(?P<name>\w+): (?P<start>\d+)-(?P<end>\d+) is outside (?P<low>\d+)-(?P<high>\d+) or reversed"),
     "cli_filter_outside"),
    (re.compile(r"(?P<name>\w+): (?P<text>.+) is not a range FIRST-LAST within (?P<low>\d+)-(?P<high>\d+) .*"),
     "cli_filter_range"),
    (re.compile(r"(?P<name>gender): unknown value (?P<text>\S+) \(L or P\)"), "cli_filter_gender"),
    (re.compile(r"(?P<name>gender): (?P<text>.+) is not L or P"), "cli_filter_gender"),
)


def filter_problem(problem: str, lang: str) -> str:
    """One problem of a filter value in `lang`."""
    for pattern, key in _FILTER_PROBLEMS:
        found = pattern.fullmatch(problem)
        if found:
            return i18n.t(key, lang, **found.groupdict())
    return i18n.t("cli_filter_other", lang, name=problem.partition(":")[0])


_RULE_MARK = "\x00rule:"  # an ArgumentTypeError of ours carries a sentence already in the user's language


class CatalogueParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors speak the catalogue in `lang`: one sentence under the usage line."""

    def __init__(self, *args, lang: str = i18n.DEFAULT_LANGUAGE, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        usage = self.format_usage().replace("usage: ", i18n.t("cli_usage", self.lang), 1)
        self.exit(2, usage + i18n.t("cli_error", self.lang, message=self.said(message)) + "\n")

    def said(self, message: str) -> str:
        if _RULE_MARK in message:
            argument, _, rule = message.partition(_RULE_MARK)
            return i18n.t("cli_arg_rule", self.lang, argument=argument.removeprefix("argument ").rstrip(": "),
                          rule=rule)
        for pattern, key in _ARGPARSE_MESSAGES:
            found = pattern.fullmatch(message.strip())
            if found:
                return i18n.t(key, self.lang, **found.groupdict())
        return i18n.t("cli_arg_other", self.lang)


def _rows_within(lang: str):
    def rows(text: str) -> int:
        value = int(text.replace("_", "").replace(",", "").replace(".", ""))
        if not demo.MIN_ROWS <= value <= demo.MAX_ROWS:
            raise argparse.ArgumentTypeError(_RULE_MARK + i18n.t("cli_rows_range", lang,
                                                                 low=format_int(demo.MIN_ROWS, lang),
                                                                 high=format_int(demo.MAX_ROWS, lang)))
        return value

    rows.__name__ = "rows"
    return rows


def build_parser(lang: str = i18n.DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """Every command and option; errors in `lang`. `--lang` may come before or after the command."""
    parser = CatalogueParser(prog="python -m prakerja_dash", description=__doc__, lang=lang)
    parser.add_argument("--lang", choices=LANGUAGES, default=lang, help="language of messages and metadata")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=CatalogueParser)
    _positive_rows = _rows_within(lang)

    build = commands.add_parser("build-demo", help="build the synthetic demo database")
    build.add_argument("--rows", type=_positive_rows, default=demo.DEFAULT_ROWS,
                       help=f"alumni to generate ({demo.MIN_ROWS:,}-{demo.MAX_ROWS:,}; default {demo.DEFAULT_ROWS:,})")
    build.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed (default %(default)s)")
    _add_db(build)

    info = commands.add_parser("info", help="print what the database holds, as JSON")
    _add_db(info)
    _add_filters(info)

    export = commands.add_parser("export", help="write the filtered data as CSV, Excel, Parquet or a zip")
    export.add_argument("--format", required=True, choices=formats.FORMATS, dest="fmt")
    export.add_argument("--out", required=True, type=Path, help="file to write (CSV also writes PATH.metadata.json)")
    export.add_argument("--level", choices=(*content.LEVELS, "regency"), default="alumni",
                        help="alumni rows (k-anonymous), or the Map's table of the chosen regencies "
                             "(the same as --view peta --table regencies; default %(default)s)")
    export.add_argument("--view", choices=views.PAGES, default=None,
                        help="a page's published view: with --table, one of its tables (GET /api/v1/ lists them)")
    export.add_argument("--table", default=None, help="the table of --view to write")
    export.add_argument("--profil", default=None, help="with --view profil: the regency the profile shows")
    export.add_argument("--a", default=None, metavar="FIRST-LAST",
                        help="with --view gelombang: period A of the comparison (default 1-47)")
    export.add_argument("--b", default=None, metavar="FIRST-LAST",
                        help="with --view gelombang: period B of the comparison (default 48-71)")
    _add_db(export)
    _add_filters(export)

    load = commands.add_parser("import", help="load a real alumni file (CSV, Excel, Parquet)")
    load.add_argument("file", type=Path, metavar="BERKAS" if lang == "id" else "FILE")
    _add_db(load)
    load.add_argument("--sheet", default=None, help="Excel sheet to read (default: the first)")
    load.add_argument("--keep-valid", action="store_true",
                      help="load the valid rows even if some are rejected; the rejected ones go to a file")
    load.add_argument("--replace", action="store_true", help="make this file the whole dataset")
    load.add_argument("--rejected", type=Path, default=None,
                      help="where rejected rows go with --keep-valid (default FILE.ditolak.csv)")

    template = commands.add_parser("template", help="write the import template (.xlsx)")
    template.add_argument("--out", type=Path, default=Path("templat-alumni-prakerja.xlsx"))

    restore = commands.add_parser("restore", help="make a backup the live data again")
    _add_db(restore)
    restore.add_argument("--backup", type=Path, default=None, help="backup file (default: the newest)")

    boundaries = commands.add_parser("boundaries", help="check a regency boundary file")
    boundary_commands = boundaries.add_subparsers(dest="boundaries_command", required=True)
    check = boundary_commands.add_parser("check", help="match each regency to a feature of PATH")
    check.add_argument("path", type=Path, nargs="?", default=None,
                       help="vector file (default: $PRAKERJA_BOUNDARIES or Jambi's shipped file in data/boundaries)")

    audit_log = commands.add_parser("audit", help="print the audit trail (exports, imports, restores, sign-ins)")
    audit_log.add_argument("--since", type=date.fromisoformat, default=None, help="first day to show (YYYY-MM-DD)")

    user = commands.add_parser("user", help="sign-in accounts for analysts and admins")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help="create an account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    remove = user_commands.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    user_commands.add_parser("list", help="list the accounts and their roles")

    for command in _commands(parser):
        command.lang = lang
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help="language of messages and metadata (default id)")
    return parser


def _commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command's parser below `parser`, nested ones (`user add`) included."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):
                found += [command, *_commands(command)]
    return found


LOG = logging.getLogger("prakerja_dash.cli")
LOG_FILE_NAME = "prakerja-cli.log"


def log_file(args: argparse.Namespace) -> Path:
    """Where the command line logs: beside the database when that folder exists and can be written."""
    folder = Path(getattr(args, "db", None) or config.db_path()).parent
    if folder.is_dir() and os.access(folder, os.W_OK):
        return folder / LOG_FILE_NAME
    return Path(tempfile.gettempdir()) / f"prakerja-cli-{os.getuid()}.log"


class _PrivateLog(logging.FileHandler):
    """A log file created on the first error, readable by its owner only."""

    def _open(self):
        return open(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a",
                    encoding="utf-8")


def _log_to_file(path: Path) -> None:
    """Send this package's warnings and errors (with tracebacks) to `path` instead of the terminal."""
    package = logging.getLogger("prakerja_dash")
    if any(isinstance(h, _PrivateLog) for h in package.handlers):
        return
    handler = _PrivateLog(path, delay=True)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package.addHandler(handler)
    # A library's warning (DuckDB's about Arrow copies, with a source path) is for the log, not the terminal.
    logging.captureWarnings(True)
    warnings_log = logging.getLogger("py.warnings")
    warnings_log.addHandler(handler)
    warnings_log.propagate = False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(language(argv))
    args = parser.parse_args(argv)
    lang = args.lang

    def say(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    def fail(message: str) -> None:
        parser.exit(2, say("cli_error", message=message) + "\n")

    logged_to = log_file(args)
    _log_to_file(logged_to)
    try:
        if args.command == "build-demo":
            path = args.db or config.db_path()
            seconds = demo.build_demo(path, rows=args.rows, seed=args.seed)
            print(say("cli_built", path=path, rows=format_int(args.rows, lang), seed=args.seed,
                      seconds=i18n.format_number(seconds, lang, 1)))
        elif args.command == "info":
            print(json.dumps(info(args.db or config.db_path(), filters_from_args(args)), indent=2, ensure_ascii=False))
        elif args.command == "import":
            return run_import(args)
        elif args.command == "template":
            print(say("cli_template_written", path=template_module.write_template(args.out)))
        elif args.command == "restore":
            chosen = loading.restore(args.db or config.db_path(), args.backup, user=getpass.getuser(), role="cli",
                                     lang=lang)
            print(say("cli_restored", path=chosen))
        elif args.command == "export":
            return run_export(args)
        elif args.command == "boundaries":
            return check_boundaries(args.path or boundary_files.boundaries_path(), lang)
        elif args.command == "audit":
            audit.print_records(args.since, sys.stdout, lang=lang)
        elif args.command == "user":
            return run_user(args)
    except FilterError as error:
        fail("; ".join(filter_problem(problem, lang) for problem in error.problems))
    except duckdb.Error as error:
        path = getattr(args, "db", None) or config.db_path()
        if loading.disk_full(error):
            fail(say("cli_disk_full", path=path))
        fail(loading.database_problem(path, error, lang))
    except db.DatabaseMissing:
        fail(say("cli_no_database", path=getattr(args, "db", None) or config.db_path()))
    except OSError as error:
        fail(_os_problem(error, lang))
    except loading.ImportBusy as error:
        fail(error.say(lang))
    except ValueError as error:
        fail(_one_line(error))
    except Exception as error:
        LOG.exception("command %s failed", args.command)
        fail(say("cli_unexpected", kind=type(error).__name__, log=logged_to))
    return 0


def _os_problem(error: OSError, lang: str) -> str:
    """An error of the operating system in one sentence of the catalogue: never its English text."""
    path = error.filename or "-"
    if loading.disk_full(error):
        return i18n.t("cli_disk_full", lang, path=path)
    if error.errno == errno.ENOENT:
        return i18n.t("cli_file_missing", lang, path=path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return i18n.t("cli_no_permission", lang, path=path)
    if error.errno == errno.EROFS:
        return i18n.t("cli_read_only", lang, path=path)
    if error.errno is None:  # an OSError raised with a sentence of our own (a backup that is missing)
        return _one_line(error)
    return i18n.t("cli_os_error", lang, code=errno.errorcode.get(error.errno, str(error.errno)), path=path)


def run_user(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.user_command == "add":
        password = getpass.getpass(i18n.t("cli_password", lang, name=args.name))
        if getpass.getpass(i18n.t("cli_password_again", lang)) != password:
            raise ValueError(i18n.t("cli_passwords_differ", lang))
        accounts.add(args.name, args.role, password)
        print(i18n.t("cli_account_saved", lang, name=args.name, role=args.role, path=accounts.accounts_path()))
    elif args.user_command == "remove":
        accounts.remove(args.name)
        print(i18n.t("cli_account_removed", lang, name=args.name))
    else:
        for name, role in accounts.names().items():
            print(f"{name}\t{role}")
    return 0


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def run_import(args: argparse.Namespace) -> int:
    """The result in one line (on stdout when loaded, stderr when not), the rows to blame below it."""
    lang = args.lang
    db_path = args.db or config.db_path()
    rejected = args.rejected or args.file.with_name(args.file.name + ".ditolak.csv")
    result = loading.import_file(args.file, db_path, sheet=args.sheet, keep_valid=args.keep_valid,
                                 replace=args.replace, rejected_out=rejected if args.keep_valid else None,
                                 user=getpass.getuser(), role="cli", lang=lang)
    if result.fault:  # the database, the disk or a bug, not the file: one sentence, nothing else
        print(i18n.t("cli_error", lang, message=result.message), file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(i18n.t("cli_warning", lang, message=warning), file=sys.stderr)
    listed = [problem for problem in result.problems if problem.row or problem.column]  # not the file as a whole
    details = []
    if result.rows_in or listed:
        details.append(i18n.t("cli_import_summary", lang, rows_in=format_int(result.rows_in, lang),
                              loaded=format_int(result.loaded if result.ok else 0, lang),
                              rejected=format_int(result.rejected, lang)))
    if result.ignored_columns:
        details.append(i18n.t("cli_ignored_columns", lang, columns=", ".join(result.ignored_columns)))
    if result.dropped_personal_columns:
        details.append(i18n.t("cli_personal_dropped", lang, columns=", ".join(result.dropped_personal_columns)))
    stream = sys.stdout if result.ok else sys.stderr
    print(result.message + (f" ({'; '.join(details)})" if details else ""), file=stream)
    for problem in listed[:1000]:
        line = i18n.t("cli_problem_row", lang, row=problem.row, column=problem.column, rule=problem.rule)
        print("  " + line + (i18n.t("cli_problem_value", lang, value=repr(problem.value)) if problem.value else ""),
              file=stream)
    if len(listed) > 1000:
        print("  " + i18n.t("cli_more_problems", lang, count=format_int(len(listed) - 1000, lang)), file=stream)
    if result.rejected_file:
        print(i18n.t("cli_rejected_file", lang, path=result.rejected_file), file=stream)
    return 0 if result.ok else 1


def _periods(args: argparse.Namespace) -> tuple[tuple[int, int], tuple[int, int]]:
    periods = []
    for name, text, default in (("--a", args.a, views.DEFAULT_PERIODS[0]), ("--b", args.b, views.DEFAULT_PERIODS[1])):
        period = parse_range(text.strip()) if text else default
        if period is None or not WAVES[0] <= period[0] <= period[1] <= WAVES[1]:
            raise ValueError(i18n.t("cli_bad_period", args.lang, option=name, value=text,
                                    allowed=f"{WAVES[0]}-{WAVES[1]}"))
        periods.append(period)
    return periods[0], periods[1]


def _export_table(args: argparse.Namespace, path: Path, filters: Filters) -> int:
    """A page's published table (`--view PAGE --table NAME`), or the Map's chosen regencies
    (`--level regency`), written for its owner only."""
    if args.view and not args.table:
        raise ValueError(i18n.t("cli_view_needs_table", args.lang, view="--view", table="--table"))
    if not path.exists():
        raise db.DatabaseMissing(path)
    common = {"fmt": args.fmt, "out": args.out, "filters": filters, "lang": args.lang, "user": getpass.getuser(),
              "role": "cli"}
    private = os.umask(0o077)
    try:
        written, meta = (content.export_table(reader.db_key(path), page=args.view, table=args.table,
                                              regency=args.profil, periods=_periods(args), **common) if args.view
                         else content.export_regencies(reader.db_key(path), **common))
        for file in written:
            os.chmod(file, 0o600)
    finally:
        os.umask(private)
    print(i18n.t("cli_exported", args.lang, rows=format_int(meta["rows"], args.lang),
                 filters=f"{meta['title']}; {meta['filters']}", note="", files=", ".join(map(str, written))))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Written for its owner only (0600), as everything else the dashboard writes."""
    lang = args.lang
    filters = filters_from_args(args)
    if args.out.parent and not args.out.parent.exists():
        raise ValueError(i18n.t("cli_no_folder", lang, folder=args.out.parent))
    path = args.db or config.db_path()
    if args.view or args.level == "regency":
        return _export_table(args, path, filters)
    con = db.connect(path, read_only=True)
    private = os.umask(0o077)
    try:
        written, meta = content.export(con, level=args.level, fmt=args.fmt, out=args.out, filters=filters,
                                       lang=lang, user=getpass.getuser(), role="cli")
        for path in written:
            os.chmod(path, 0o600)  # a file that was there before keeps its mode through the write
    finally:
        os.umask(private)
        con.close()
    left_out = meta.get("rows_left_out_for_privacy")
    note = i18n.t("cli_export_left_out", lang, count=left_out, k=meta["min_cell_k"]) \
        if left_out not in (None, "0") else ""
    print(i18n.t("cli_exported", lang, rows=format_int(meta["rows"], lang), filters=meta["filters"], note=note,
                 files=", ".join(map(str, written))))
    return 0


def check_boundaries(path: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> int:
    """Print the feature matched to each regency; 1 (naming every problem) when the file cannot serve."""
    try:
        loaded = boundary_files.load_boundaries(path, lang)
    except boundary_files.BoundaryError as error:
        print(i18n.t("cli_boundaries_unusable", lang, path=path), file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    for regency in reference.regencies():
        print(i18n.t("cli_boundary_match", lang, code=regency.bps_code, name=f"{regency.name:<32}",
                     feature=loaded.matched_from[regency.bps_code]))
    print(i18n.t("cli_boundaries_ok", lang, size=format_int(loaded.payload_bytes, lang)))
    return 0


def info(path: Path, filters: Filters | None = None) -> dict[str, object]:
    filters = filters or Filters()
    con = db.connect(path, read_only=True)
    try:
        dataset = db.read_dataset_info(con)
        tables = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in db.TABLES}
        by_regency = queries.alumni_by_regency(con, filters)
    finally:
        con.close()
    return {
        "source": dataset.source,
        "version": dataset.version,
        "created_at": dataset.created_at.isoformat(timespec="seconds") + "Z",
        "seed": dataset.seed,
        "file_name": dataset.file_name,
        "filters": filters.to_query(),
        "tables": tables,
        "by_regency": dict(zip(by_regency["regency_code"], map(int, by_regency["n_alumni"]), strict=True)),
    }


if __name__ == "__main__":
    sys.exit(main())
