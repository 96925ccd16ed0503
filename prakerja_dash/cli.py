"""Command line: `python -m prakerja_dash build-demo | info | export | import | …` (the benchmarks are
`python -m benchmarks.bench` and `benchmarks.spike`).

No traceback reaches the user: every error is one sentence on stderr (exit code 2, or 1 for
an import file with problems, its rows listed below it), in the language of `--lang` (id or
en, before or after the command), as is the help (`-h`, argparse's own words included); an
unexpected error, any library's text and any library warning are logged to prakerja-cli.log
beside the database.
"""

from __future__ import annotations

import argparse
import errno
import functools
import getpass
import json
import logging
import os
import re
import sys
import tempfile
import warnings
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


def _add_db(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar=i18n.t("cli_metavar_file", lang),
                        help=i18n.t("cli_help_db", lang))


def _add_filters(parser: argparse.ArgumentParser, lang: str) -> None:
    group = parser.add_argument_group(i18n.t("cli_help_filters", lang))
    for name in PARAMETER_NAMES:
        group.add_argument(f"--{name}", default=None, metavar=i18n.t("cli_metavar_value", lang))


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


class Refusal(ValueError):
    """A refusal of the command line's own, already one sentence in the user's language."""


_RULE_MARK = "\x00rule:"  # an ArgumentTypeError of ours carries a sentence already in the user's language


class _CatalogueFormatter(argparse.HelpFormatter):
    """argparse's help layout with its one word of its own, the usage prefix, from the catalogue."""

    def __init__(self, prog: str, *, lang: str):
        super().__init__(prog)
        self.lang = lang

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, i18n.t("cli_usage", self.lang) if prefix is None else prefix)


class CatalogueParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the catalogue in `lang`: its help (section titles, `-h`, usage) and its
    errors, one sentence under the usage line. Its commands' parsers speak the same language."""

    def __init__(self, *args, lang: str = i18n.DEFAULT_LANGUAGE, **kwargs):
        kwargs["formatter_class"] = functools.partial(_CatalogueFormatter, lang=lang)
        super().__init__(*args, add_help=False, **kwargs)
        self.lang = lang
        self._positionals.title = i18n.t("cli_help_positionals", lang)
        self._optionals.title = i18n.t("cli_help_options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=i18n.t("cli_help_help", lang))

    def add_subparsers(self, **kwargs: object) -> argparse._SubParsersAction:
        kwargs.setdefault("parser_class", functools.partial(CatalogueParser, lang=self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, self.format_usage() + i18n.t("cli_error", self.lang, message=self.said(message)) + "\n")

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


def _seed_rule(lang: str):
    def seed(text: str) -> int:
        value = int(text)
        if value < 0:  # demo.build_demo refuses it in English
            raise argparse.ArgumentTypeError(_RULE_MARK + i18n.t("cli_seed_rule", lang))
        return value

    seed.__name__ = "seed"
    return seed


def build_parser(lang: str = i18n.DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """Every command and option, their help and errors in `lang`. `--lang` may come before or after the command."""
    def say(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    file, period = say("cli_metavar_file"), say("cli_metavar_range")
    parser = CatalogueParser(prog="python -m prakerja_dash", description=say("cli_help_description"), lang=lang)
    parser.add_argument("--lang", choices=LANGUAGES, default=lang, help=say("cli_help_lang"))
    commands = parser.add_subparsers(dest="command", required=True)
    _positive_rows = _rows_within(lang)

    build = commands.add_parser("build-demo", help=say("cli_help_build"))
    build.add_argument("--rows", type=_positive_rows, default=demo.DEFAULT_ROWS, metavar=say("cli_metavar_count"),
                       help=say("cli_help_rows", low=format_int(demo.MIN_ROWS, lang),
                                high=format_int(demo.MAX_ROWS, lang), default=format_int(demo.DEFAULT_ROWS, lang)))
    build.add_argument("--seed", type=_seed_rule(lang), default=demo.DEFAULT_SEED, metavar=say("cli_metavar_number"),
                       help=say("cli_help_seed", default=demo.DEFAULT_SEED))
    build.add_argument("--national", action="store_true", help=say("cli_help_national"))
    _add_db(build, lang)

    info = commands.add_parser("info", help=say("cli_help_info"))
    _add_db(info, lang)
    _add_filters(info, lang)

    export = commands.add_parser("export", help=say("cli_help_export"))
    export.add_argument("--format", required=True, choices=formats.FORMATS, dest="fmt", help=say("cli_help_format"))
    export.add_argument("--out", required=True, type=Path, metavar=file, help=say("cli_help_out", metavar=file))
    export.add_argument("--level", choices=(*content.LEVELS, "regency"), default="alumni",
                        help=say("cli_help_level", alumni="alumni", regency="regency",
                                 same="--view peta --table regencies"))
    export.add_argument("--view", choices=views.PAGES, default=None,
                        help=say("cli_help_view", table="--table", index="GET /api/v1/"))
    export.add_argument("--table", default=None, metavar=say("cli_metavar_table"),
                        help=say("cli_help_table", view="--view"))
    export.add_argument("--profil", default=None, metavar=say("cli_metavar_code"),
                        help=say("cli_help_profil", view="--view profil"))
    export.add_argument("--a", default=None, metavar=period, help=say(
        "cli_help_period", view="--view gelombang", period="A", default="-".join(map(str, views.DEFAULT_PERIODS[0]))))
    export.add_argument("--b", default=None, metavar=period, help=say(
        "cli_help_period", view="--view gelombang", period="B", default="-".join(map(str, views.DEFAULT_PERIODS[1]))))
    _add_db(export, lang)
    _add_filters(export, lang)

    load = commands.add_parser("import", help=say("cli_help_import"))
    load.add_argument("file", type=Path, metavar=file, help=say("cli_help_import_file"))
    _add_db(load, lang)
    load.add_argument("--sheet", default=None, metavar=say("cli_metavar_sheet"), help=say("cli_help_sheet"))
    load.add_argument("--keep-valid", action="store_true", help=say("cli_help_keep_valid"))
    load.add_argument("--replace", action="store_true", help=say("cli_help_replace"))
    load.add_argument("--rejected", type=Path, default=None, metavar=file,
                      help=say("cli_help_rejected", keep_valid="--keep-valid",
                               default=file + say("cli_rejected_suffix")))

    template = commands.add_parser("template", help=say("cli_help_template"))
    template.add_argument("--out", type=Path, default=Path("templat-alumni-prakerja.xlsx"), metavar=file,
                          help=say("cli_help_template_out", default="templat-alumni-prakerja.xlsx"))

    restore = commands.add_parser("restore", help=say("cli_help_restore"))
    _add_db(restore, lang)
    restore.add_argument("--backup", type=Path, default=None, metavar=file, help=say("cli_help_backup"))

    boundaries = commands.add_parser("boundaries", help=say("cli_help_boundaries"))
    boundary_commands = boundaries.add_subparsers(dest="boundaries_command", required=True)
    check = boundary_commands.add_parser("check", help=say("cli_help_check", metavar=file))
    check.add_argument("path", type=Path, nargs="?", default=None, metavar=file, help=say("cli_help_boundary_file"))

    audit_log = commands.add_parser("audit", help=say("cli_help_audit"))
    audit_log.add_argument("--since", type=date.fromisoformat, default=None, metavar=say("cli_metavar_date"),
                           help=say("cli_help_since"))

    user = commands.add_parser("user", help=say("cli_help_user"))
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help=say("cli_help_user_add"))
    add.add_argument("name", metavar=say("cli_metavar_name"), help=say("cli_help_user_name"))
    add.add_argument("--role", required=True, choices=accounts.ROLES, help=say("cli_help_role"))
    remove = user_commands.add_parser("remove", help=say("cli_help_user_remove"))
    remove.add_argument("name", metavar=say("cli_metavar_name"), help=say("cli_help_user_name"))
    user_commands.add_parser("list", help=say("cli_help_user_list"))

    for command in _commands(parser):
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=say("cli_help_lang"))
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
            seconds = demo.build_demo(path, rows=args.rows, seed=args.seed, national=args.national)
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
        fail("; ".join(i18n.filter_problem(issue, lang) for issue in error.issues) or say("cli_filter_unreadable"))
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
    except accounts.AccountError as error:
        fail(error.say(lang))
    except (Refusal, loading.DatabaseUnusable) as error:
        fail(_one_line(error))
    except db.NeverFinished as error:
        fail(loading.database_problem(getattr(args, "db", None) or config.db_path(), error, lang))
    except KeyboardInterrupt:  # Ctrl-C, at a password prompt or during a long import: a sentence, no traceback
        print(say("cli_interrupted"), file=sys.stderr)
        return 130
    except Exception as error:  # another library's or module's words (English): for the log, not the user
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


def ask_password(prompt: str, lang: str, *, notice: bool = True) -> str:
    """A password typed at the terminal with echo off (getpass). Without a terminal (a pipe, a script) it is
    read from standard input, after a `notice` of ours on stderr: getpass would print an English warning. The
    password itself is never written anywhere; input that ends first is said in one sentence."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)  # stops getpass before its English fallback
        try:
            return getpass.getpass(prompt)
        except getpass.GetPassWarning:
            pass
    if notice:
        print(i18n.t("cli_password_from_input", lang), file=sys.stderr)
    print(prompt, file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise Refusal(i18n.t("cli_no_password", lang))
    return line.removesuffix("\n")


def run_user(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.user_command == "add":
        accounts.check(args.name, args.role)
        password = ask_password(i18n.t("cli_password", lang, name=args.name), lang)
        if ask_password(i18n.t("cli_password_again", lang), lang, notice=False) != password:
            raise Refusal(i18n.t("cli_passwords_differ", lang))
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
    rejected = args.rejected or args.file.with_name(args.file.name + i18n.t("cli_rejected_suffix", lang))
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
            raise Refusal(i18n.t("cli_bad_period", args.lang, option=name, value=text,
                                    allowed=f"{WAVES[0]}-{WAVES[1]}"))
        periods.append(period)
    return periods[0], periods[1]


def _export_table(args: argparse.Namespace, path: Path, filters: Filters) -> int:
    """A page's published table (`--view PAGE --table NAME`), or the Map's chosen regencies
    (`--level regency`), written for its owner only."""
    if args.view and not args.table:
        raise Refusal(i18n.t("cli_view_needs_table", args.lang, view="--view", table="--table"))
    if not path.exists():
        raise db.DatabaseMissing(path)
    if args.view:
        _check_view_table(args, path, filters)
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


def _check_view_table(args: argparse.Namespace, path: Path, filters: Filters) -> None:
    """Refuse, in the user's language, a regency the profile cannot show or a table the view has not
    (the view is computed once: the export that follows finds it in the views' cache)."""
    if args.profil:
        try:
            views.profile_regency(filters, args.profil)
        except ValueError:
            raise Refusal(i18n.t("cli_unknown_profile", args.lang, option="--profil", value=args.profil)) from None
    view = views.for_page(args.view, reader.db_key(path), filters, config.min_cell(), args.lang,
                          regency=args.profil, periods=_periods(args))
    if args.table not in view.figures:
        raise Refusal(i18n.t("cli_unknown_table", args.lang, view=args.view, table=args.table,
                             tables=", ".join(view.figures)))


def run_export(args: argparse.Namespace) -> int:
    """Written for its owner only (0600), as everything else the dashboard writes."""
    lang = args.lang
    filters = filters_from_args(args)
    if args.out.parent and not args.out.parent.exists():
        raise Refusal(i18n.t("cli_no_folder", lang, folder=args.out.parent))
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
        print(i18n.t("cli_boundary_match", lang, code=regency.kemendagri_code, name=f"{regency.name:<32}",
                     feature=loaded.matched_from[regency.kemendagri_code]))
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
    by_province = by_regency.groupby(by_regency["regency_code"].str[:2])["n_alumni"].sum()
    return {
        "source": dataset.source,
        "version": dataset.version,
        "created_at": dataset.created_at.isoformat(timespec="seconds") + "Z",
        "seed": dataset.seed,
        "file_name": dataset.file_name,
        "filters": filters.to_query(),
        "tables": tables,
        "provinces": int(by_province.gt(0).sum()),
        "kabupaten_kota": int(by_regency["n_alumni"].gt(0).sum()),
        "by_province": {code: int(n) for code, n in by_province.items()},
        "by_regency": dict(zip(by_regency["regency_code"], map(int, by_regency["n_alumni"]), strict=True)),
    }


if __name__ == "__main__":
    sys.exit(main())
