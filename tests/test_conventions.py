"""Conventions the code base keeps: layers, where Streamlit and SQL may appear, no UI text in pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "prakerja_dash"
STREAMLIT_ALLOWED = {REPO / "app.py", REPO / "serve.py", *(PACKAGE / "ui").glob("*.py"),
                     *(REPO / "pages").glob("*.py")}
PYTHON_FILES = [p for p in [REPO / "app.py", REPO / "serve.py", *REPO.glob("pages/*.py"), *PACKAGE.rglob("*.py")]]


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_layer_imports_streamlit():
    offenders = [
        str(p.relative_to(REPO)) for p in PYTHON_FILES
        if p not in STREAMLIT_ALLOWED and any(n.split(".")[0] == "streamlit" for n in imports(p))
    ]
    assert offenders == []


def documented_layers() -> list[set[str]]:
    """The layers as docs/architecture.md's rank table names them, lowest first: each row's
    `modules` column lists the top-level modules and packages of `prakerja_dash` in that layer."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| [^|]+ \| ([^|]+) \|", text, re.M)
    ranked = sorted((int(rank), set(re.findall(r"`([\w]+)`", modules))) for rank, modules in rows)
    return [names for _, names in ranked if names]


LAYERS = documented_layers()
RANK = {layer: rank for rank, names in enumerate(LAYERS) for layer in names}


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _package_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("prakerja_dash"):
            found |= {f"{node.module}.{a.name}" for a in node.names} if node.module == "prakerja_dash" \
                else {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("prakerja_dash")}
    return found


def test_every_module_belongs_to_a_documented_layer():
    modules = {_layer(".".join(p.relative_to(REPO).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" or p.parent != PACKAGE}
    assert len(LAYERS) >= 8
    assert modules - {"prakerja_dash"} == set(RANK), sorted((modules - {"prakerja_dash"}) ^ set(RANK))


def test_layers_point_downwards():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        own = _layer(".".join(path.relative_to(REPO).with_suffix("").parts))
        if own not in RANK:
            continue
        for module in _package_imports(path):
            other = _layer(module)
            if other != own and RANK[other] >= RANK[own]:
                upward.append(f"{path.relative_to(REPO)} imports {module}")
    assert upward == []


def test_the_layer_check_sees_an_upward_import(tmp_path):
    views_importing_ui = tmp_path / "views.py"
    views_importing_ui.write_text("from prakerja_dash.ui import widgets\nimport prakerja_dash.web.phone\n",
                                  encoding="utf-8")
    assert {_layer(m) for m in _package_imports(views_importing_ui)} == {"ui", "web"}
    assert RANK["ui"] > RANK["views"] and RANK["web"] > RANK["views"] and RANK["domain"] < RANK["data"]


def test_pages_hold_no_sql_figures_or_ui_text():
    for path in (REPO / "pages").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        assert not re.search(r"\b(SELECT|FROM|WHERE)\b", source), f"SQL in {path.name}"
        assert not any(n.split(".")[0] in ("plotly", "duckdb", "pandas") for n in imports(path)), path.name
        docstring = ast.get_docstring(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value != docstring:
                # Catalogue keys and identifiers only: no spaces, no sentence.
                assert " " not in node.value, f"UI text {node.value!r} in {path.name}"


def test_sql_lives_in_named_files_not_in_python_strings():
    pattern = re.compile(r"\bSELECT\b.+\bFROM\b", re.S)
    # Loading statements, table counts, and the count around the named alumni_export query.
    allowed = {PACKAGE / "data" / "db.py", PACKAGE / "data" / "migrations.py", PACKAGE / "data" / "demo.py",
                PACKAGE / "cli.py",
               PACKAGE / "export" / "content.py", PACKAGE / "imports" / "load.py"}
    for path in PACKAGE.rglob("*.py"):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not pattern.search(node.value), f"SQL text in {path.relative_to(REPO)}"


def test_no_formatted_sql_anywhere():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if re.search(r"\b(WHERE|VALUES|INSERT)\b", literal):
                    raise AssertionError(f"f-string SQL with values in {path.relative_to(REPO)}: {literal!r}")


def test_public_functions_have_type_hints():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert node.returns is not None, f"{path.relative_to(REPO)}:{node.lineno} {node.name}"


def test_streamlit_config_keeps_usage_statistics_and_tracebacks_private():
    config = (REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"gatherUsageStats\s*=\s*false", config)
    assert re.search(r'showErrorDetails\s*=\s*"none"', config)
    assert re.search(r"enableXsrfProtection\s*=\s*true", config)


def test_boundary_data_is_never_committed():
    big_geo = [p for p in REPO.rglob("*.*json") if ".git" not in p.parts and "GID_2" in p.read_text(errors="ignore")]
    assert big_geo == []


def test_secrets_keys_backups_and_databases_are_git_ignored():
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    for entry in ("data/*.duckdb", "data/.id_key", "data/backups/", ".streamlit/secrets.toml"):
        assert entry in ignored, entry


def _package_of(module: str) -> str | None:
    """`prakerja_dash.ui.store` -> `ui`; a top-level module is its own package."""
    parts = module.split(".")
    return parts[1] if parts[0] == "prakerja_dash" and len(parts) > 1 else None


def test_packages_import_each_other_without_cycles():
    edges: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).with_suffix("")
        source = relative.parts[0]
        for name in imports(path):
            target = _package_of(name)
            if target and target != source:
                edges.setdefault(source, set()).add(target)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "prakerja_dash":
                edges.setdefault(source, set()).update(a.name for a in node.names if a.name != source)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges.get(start, ()))

    cycles = sorted(p for p in edges if reaches(p, p, {p}))
    assert cycles == [], {p: sorted(edges[p]) for p in cycles}


def test_lower_layers_never_import_the_ui_or_presentation():
    for folder in ("data", "domain", "export", "imports"):
        for path in (PACKAGE / folder).rglob("*.py"):
            upward = ("prakerja_dash.ui", "prakerja_dash.presentation")
            assert not any(n.startswith(upward) for n in imports(path)), path


def test_pages_run_queries_by_function_never_by_name():
    for path in (REPO / "pages").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "query":
                first = node.args[0]
                assert isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) \
                    and first.value.id == "queries", f"{path.name}:{node.lineno}"


def test_every_named_query_file_has_a_caller():
    from prakerja_dash.data import queries

    callers = {name for name in dir(queries) if callable(getattr(queries, name))} | {"alumni_export"}
    assert set(queries.query_names()) <= callers


def test_pages_get_their_context_once():
    for path in (REPO / "pages").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert source.count("frame.current()") == 1 and "session_state" not in source, path.name


def test_the_upload_limit_is_stated_once():
    from prakerja_dash import config

    toml = (REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf"maxUploadSize\s*=\s*{config.UPLOAD_LIMIT_MB}\b", toml)
    assert not re.search(r"\b(20|50) \* 1024 \* 1024\b", "".join(p.read_text() for p in PACKAGE.rglob("*.py")))


def test_the_readme_states_the_import_limits_the_code_enforces():
    from prakerja_dash import config
    from prakerja_dash.imports import reading

    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    stated = [f"{config.UPLOAD_LIMIT_MB} MB uploaded", f"{reading.MAX_ROWS:,} data rows",
              f"{reading.MAX_COLUMNS} columns",
              f"{reading.MAX_CELL_CHARS:,} characters per cell", f"{reading.MAX_LINE_CHARS:,} per CSV line",
              f"{reading.MAX_CELLS:,} cells", f"unpack to {reading.MAX_XML_BYTES // 1024**2} MB",
              f"unpack to {reading.MAX_PARQUET_UNPACKED // 1024**2} MB"]
    assert [text for text in stated if text not in readme] == []
