"""Data contracts: what every database promises about its base tables, checked on every build.

The rules are named queries in `contracts.sql`, one per contract. `check` runs them all on a
connection to a database being built (the demo build, an import, an upgrade: db.build_derived
calls it before the derived tables are made) and raises `ContractViolation` when any returns a
row: the contract, how many rows break it and a few of their keys.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from prakerja_dash.domain.programme import SCHEME_BENEFITS, YEAR_WAVES, scheme_of_wave, year_of_wave

CONTRACTS_SQL = Path(__file__).resolve().parent / "contracts.sql"
_HEADER = re.compile(r"^-- contract: (\w+)[ \t]*$", re.MULTILINE)
_PARAMETER = re.compile(r"\$(\w+)")


@dataclass(frozen=True)
class Contract:
    name: str
    rule: str  # the comment under its name, in words
    sql: str

    @property
    def parameter_names(self) -> frozenset[str]:
        return frozenset(_PARAMETER.findall(self.sql))


@dataclass(frozen=True)
class Broken:
    """One contract a database breaks: how many rows, and the keys of the first few."""

    contract: str
    rule: str
    failing: int
    key: str  # the column the examples come from, e.g. 'alumni_id'
    examples: tuple[str, ...]

    def __str__(self) -> str:
        return (f"{self.contract}: {self.failing:,} row(s) break it ({self.rule}); "
                f"e.g. {self.key} {', '.join(self.examples)}")


class ContractViolation(ValueError):
    """The database breaks one or more data contracts; `broken` lists each, the first is `contract`."""

    def __init__(self, broken: list[Broken]):
        self.broken = tuple(broken)
        first = self.broken[0]
        self.contract, self.failing, self.key, self.examples = first.contract, first.failing, first.key, first.examples
        super().__init__("the database breaks its data contracts: " + "; ".join(map(str, self.broken)))


@cache
def contracts() -> tuple[Contract, ...]:
    """Every contract in `contracts.sql`, in file order."""
    text = CONTRACTS_SQL.read_text(encoding="utf-8")
    found = []
    headers = list(_HEADER.finditer(text))
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        body = text[header.end():following.start() if following else len(text)].strip()
        lines = body.splitlines()
        comment = [line[2:].strip() for line in itertools.takewhile(lambda line: line.startswith("--"), lines)]
        found.append(Contract(header.group(1), " ".join(comment), body.rstrip(";")))
    names = [c.name for c in found]
    if len(set(names)) != len(names):
        raise ValueError(f"contract names repeat in {CONTRACTS_SQL.name}: {names}")
    return tuple(found)


def names() -> list[str]:
    return [contract.name for contract in contracts()]


def parameters() -> dict[str, object]:
    """The programme facts the contracts check against (domain/programme.py), as bound values."""
    first = min(span[0] for span in YEAR_WAVES.values())
    last = max(span[1] for span in YEAR_WAVES.values())
    calendar = [{"wave": wave, "year": year_of_wave(wave), "scheme": scheme_of_wave(wave)}
                for wave in range(first, last + 1)]
    benefits = [{"scheme": scheme, "training_budget_rp": budget, "incentive_rp": incentive,
                 "survey_incentive_rp": survey} for scheme, (budget, incentive, survey) in SCHEME_BENEFITS.items()]
    return {"calendar": calendar, "benefits": benefits}


def run(con: duckdb.DuckDBPyConnection, contract: Contract, params: dict[str, object] | None = None) -> Broken | None:
    """One contract on `con`: None when kept, else what breaks it."""
    given = parameters() if params is None else params
    cursor = con.execute(contract.sql, {name: given[name] for name in contract.parameter_names})
    key = cursor.description[0][0]
    rows = cursor.fetchall()
    if not rows:
        return None
    return Broken(contract.name, contract.rule, int(rows[0][-1]), key, tuple(str(row[0]) for row in rows))


def violations(con: duckdb.DuckDBPyConnection) -> list[Broken]:
    """Every contract `con`'s database breaks (an empty list: it keeps them all)."""
    params = parameters()
    return [broken for contract in contracts() if (broken := run(con, contract, params)) is not None]


def check(con: duckdb.DuckDBPyConnection) -> float:
    """Raise `ContractViolation` unless `con`'s database keeps every contract; returns seconds taken."""
    started = time.perf_counter()
    broken = violations(con)
    if broken:
        raise ContractViolation(broken)
    return time.perf_counter() - started
