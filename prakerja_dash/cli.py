"""Command line: `python -m prakerja_dash build-demo | info | export | import | …` (the benchmarks are
`python -m benchmarks.bench` and `benchmarks.spike`).

No traceback reaches the user: every error is one sentence on stderr (exit code 2, or 1 for
an import file with problems); an unexpected error is logged with its traceback to
prakerja-cli.log beside the database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import tempfile
from datetime import date
from functools import partial
from pathlib import Path

import duckdb

from prakerja_dash import accounts, audit, config, views
from prakerja_dash.data import boundaries as boundary_files
from prakerja_dash.data import db, demo, queries, reader, reference
from prakerja_dash.domain.filters import PARAMETER_NAMES, FilterError, Filters, parse_range
from prakerja_dash.domain.vocabulary import WAVES
from prakerja_dash.export import content, formats
from prakerja_dash.i18n import format_int
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


def _positive_rows(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if not demo.MIN_ROWS <= value <= demo.MAX_ROWS:
        raise argparse.ArgumentTypeError(f"must be between {demo.MIN_ROWS:,} and {demo.MAX_ROWS:,}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prakerja_dash", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

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
    export.add_argument("--lang", choices=("id", "en"), default="id", help="language of the metadata")
    _add_db(export)
    _add_filters(export)

    load = commands.add_parser("import", help="load a real alumni file (CSV, Excel, Parquet)")
    load.add_argument("file", type=Path)
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

    return parser


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logged_to = log_file(args)
    _log_to_file(logged_to)
    try:
        if args.command == "build-demo":
            path = args.db or config.db_path()
            seconds = demo.build_demo(path, rows=args.rows, seed=args.seed)
            print(f"Built demo database {path}: {args.rows:,} alumni, seed {args.seed}, {seconds:.1f} s")
        elif args.command == "info":
            print(json.dumps(info(args.db or config.db_path(), filters_from_args(args)), indent=2, ensure_ascii=False))
        elif args.command == "import":
            return run_import(args)
        elif args.command == "template":
            print(f"wrote {template_module.write_template(args.out)}")
        elif args.command == "restore":
            chosen = loading.restore(args.db or config.db_path(), args.backup, user=getpass.getuser(), role="cli")
            print(f"restored {chosen}")
        elif args.command == "export":
            return run_export(args)
        elif args.command == "boundaries":
            return check_boundaries(args.path or boundary_files.boundaries_path())
        elif args.command == "audit":
            audit.print_records(args.since, sys.stdout)
        elif args.command == "user":
            return run_user(args)
    except FilterError as error:
        parser.exit(2, "error: " + "\n       ".join(error.problems) + "\n")
    except duckdb.Error as error:
        path = getattr(args, "db", None) or config.db_path()
        if loading.disk_full(error):
            parser.exit(2, f"error: disk penuh saat menulis {path}; kosongkan ruang lalu coba lagi\n")
        parser.exit(2, f"error: {loading.database_problem(path, error)}\n")
    except OSError as error:
        if loading.disk_full(error):
            parser.exit(2, f"error: disk penuh ({error.filename or 'berkas'}); kosongkan ruang lalu coba lagi\n")
        parser.exit(2, f"error: {error}\n")
    except (db.DatabaseMissing, ValueError, loading.ImportBusy) as error:
        parser.exit(2, f"error: {_one_line(error)}\n")
    except Exception as error:
        LOG.exception("command %s failed", args.command)
        parser.exit(2, f"error: kesalahan tak terduga ({type(error).__name__}); rinciannya dicatat di {logged_to}\n")
    return 0


def run_user(args: argparse.Namespace) -> int:
    if args.user_command == "add":
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise ValueError("the two passwords differ")
        accounts.add(args.name, args.role, password)
        print(f"account {args.name} ({args.role}) saved in {accounts.accounts_path()}")
    elif args.user_command == "remove":
        accounts.remove(args.name)
        print(f"account {args.name} removed")
    else:
        for name, role in accounts.names().items():
            print(f"{name}\t{role}")
    return 0


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def run_import(args: argparse.Namespace) -> int:
    db_path = args.db or config.db_path()
    rejected = args.rejected or args.file.with_name(args.file.name + ".ditolak.csv")
    result = loading.import_file(args.file, db_path, sheet=args.sheet, keep_valid=args.keep_valid,
                                 replace=args.replace, rejected_out=rejected if args.keep_valid else None,
                                 user=getpass.getuser(), role="cli")
    if result.fault:  # the database, the disk or a bug, not the file: one sentence, nothing else
        print(f"error: {result.message}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"peringatan: {warning}", file=sys.stderr)
    number = partial(format_int, lang="id")
    summary = (f"baris masuk {number(result.rows_in)} = dimuat {number(result.loaded if result.ok else 0)} "
               f"+ ditolak {number(result.rejected)}")
    if result.ignored_columns:
        summary += "; kolom diabaikan: " + ", ".join(result.ignored_columns)
    if result.dropped_personal_columns:
        summary += "; data pribadi tidak disimpan: " + ", ".join(result.dropped_personal_columns)
    stream = sys.stdout if result.ok else sys.stderr
    print(f"{result.message}\n{summary}", file=stream)
    for problem in result.problems[:1000]:
        print(f"  baris {problem.row}, kolom {problem.column}: {problem.rule}"
              + (f" (nilai: {problem.value!r})" if problem.value else ""), file=stream)
    if len(result.problems) > 1000:
        print(f"  … dan {number(len(result.problems) - 1000)} masalah lain", file=stream)
    if result.rejected_file:
        print(f"baris yang ditolak: {result.rejected_file}", file=stream)
    return 0 if result.ok else 1


def _periods(args: argparse.Namespace) -> tuple[tuple[int, int], tuple[int, int]]:
    periods = []
    for name, text, default in (("--a", args.a, views.DEFAULT_PERIODS[0]), ("--b", args.b, views.DEFAULT_PERIODS[1])):
        period = parse_range(text.strip()) if text else default
        if period is None or not WAVES[0] <= period[0] <= period[1] <= WAVES[1]:
            raise ValueError(f"{name} {text!r} is not a range of waves FIRST-LAST within {WAVES[0]}-{WAVES[1]}")
        periods.append(period)
    return periods[0], periods[1]


def run_export(args: argparse.Namespace) -> int:
    filters = filters_from_args(args)
    if args.out.parent and not args.out.parent.exists():
        raise ValueError(f"folder {args.out.parent} does not exist")
    path = args.db or config.db_path()
    if args.view or args.level == "regency":
        if args.view and not args.table:
            raise ValueError("--view needs --table (GET /api/v1/ lists the tables of each view)")
        if not path.exists():
            raise db.DatabaseMissing(path)
        common = {"fmt": args.fmt, "out": args.out, "filters": filters, "lang": args.lang, "user": getpass.getuser(),
                  "role": "cli"}
        written, meta = (content.export_table(reader.db_key(path), page=args.view, table=args.table,
                                              regency=args.profil, periods=_periods(args), **common) if args.view
                         else content.export_regencies(reader.db_key(path), **common))
        print(f"wrote {meta['rows']:,} rows ({meta['title']}; {meta['filters']}): " + ", ".join(map(str, written)))
        return 0
    con = db.connect(path, read_only=True)
    try:
        written, meta = content.export(con, level=args.level, fmt=args.fmt, out=args.out, filters=filters,
                                       lang=args.lang, user=getpass.getuser(), role="cli")
    finally:
        con.close()
    left_out = meta.get("rows_left_out_for_privacy")
    note = f"; {left_out} left out to keep every combination at {meta['min_cell_k']}+" \
        if left_out not in (None, "0") else ""
    print(f"wrote {meta['rows']:,} rows ({meta['filters']}){note}: " + ", ".join(map(str, written)))
    return 0


def check_boundaries(path: Path) -> int:
    """Print the feature matched to each regency; 1 (naming every problem) when the file cannot serve."""
    try:
        loaded = boundary_files.load_boundaries(path)
    except boundary_files.BoundaryError as error:
        print(f"{path}: cannot be used for the map", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    for regency in reference.regencies():
        print(f"{regency.bps_code}  {regency.name:<32} <- feature {loaded.matched_from[regency.bps_code]}")
    print(f"all 11 regencies matched; {loaded.payload_bytes:,} bytes of GeoJSON after simplification")
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
