"""Data contracts (data/contracts.sql): every build checks the base tables and refuses a database
that breaks one; an import that would break one leaves the live file exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from prakerja_dash import i18n
from prakerja_dash.data import contracts, db, demo
from prakerja_dash.domain.programme import SCHEME_BENEFITS
from prakerja_dash.imports import load
from tests.test_import import person, write_csv

NORMAL_BUDGET = SCHEME_BENEFITS["normal"][0]
FIRST = "DEMO-00000001"
FIRST_SURVEYED = "(SELECT min(alumni_id) FROM business_outcomes)"
FIRST_STARTED = "(SELECT min(alumni_id) FROM business_outcomes WHERE started_business)"
FIRST_UNSURVEYED = ("(SELECT min(alumni_id) FROM alumni"
                    " WHERE alumni_id NOT IN (SELECT alumni_id FROM business_outcomes))")
WITHOUT_FOREIGN_KEY = [  # a trainings table as a file made another way may hold it: no REFERENCES
    "CREATE TABLE trainings_copy AS SELECT * FROM trainings",
    "DROP TABLE trainings",
    "ALTER TABLE trainings_copy RENAME TO trainings",
]

# contract -> SQL that breaks exactly that contract in the fixture database
BREAKS = {
    "alumni_id_unique": [f"INSERT INTO alumni SELECT * FROM alumni WHERE alumni_id = '{FIRST}'"],
    "outcome_id_unique": [f"INSERT INTO business_outcomes SELECT * FROM business_outcomes WHERE alumni_id = "
                          f"{FIRST_SURVEYED}"],
    "outcome_matches_alumnus": [f"UPDATE business_outcomes SET alumni_id = 'DEMO-99999999' WHERE alumni_id = "
                                f"{FIRST_SURVEYED}"],
    "alumni_regency_known": [f"UPDATE alumni SET regency_code = '1599' WHERE alumni_id = '{FIRST}'"],
    "alumni_training_known": [f"UPDATE alumni SET training_id = 9999 WHERE alumni_id = '{FIRST}'"],
    "training_category_known": [*WITHOUT_FOREIGN_KEY,
                                "UPDATE trainings SET category_id = 'memasak' WHERE training_id = 1"],
    "story_references_known": ["UPDATE alumni_stories SET wave = 80 WHERE story_id = 3"],
    "categories_match_vocabulary": ["INSERT INTO training_categories VALUES ('memasak', 'Memasak', 'Cooking', 'uji')"],
    "business_sector_known": [f"UPDATE business_outcomes SET business_sector = 'memasak' WHERE alumni_id = "
                              f"{FIRST_STARTED}"],
    "business_sector_iff_started": [f"UPDATE business_outcomes SET business_sector = NULL WHERE alumni_id = "
                                    f"{FIRST_STARTED}"],
    "wave_in_its_year": ["UPDATE alumni SET year = 2021 WHERE alumni_id = (SELECT min(alumni_id) FROM alumni "
                         "WHERE wave = 5)"],
    # the benefits follow the new scheme, so only the scheme is at odds with the wave
    "scheme_of_wave": [f"UPDATE alumni SET scheme = 'normal', training_budget_rp = {NORMAL_BUDGET}, incentive_rp = 0, "
                       "survey_incentive_rp = 0 WHERE alumni_id = (SELECT min(alumni_id) FROM alumni WHERE wave = 5)"],
    "benefits_of_scheme": [f"UPDATE alumni SET incentive_rp = 1234 WHERE alumni_id = '{FIRST}'"],
}
# Other ways to break a contract, each breaking it alone.
ALSO_BREAKS = [
    ("outcome_matches_alumnus", [f"UPDATE business_outcomes SET surveyed_on = DATE '2020-04-01' WHERE alumni_id = "
                                 f"{FIRST_SURVEYED}"]),
    ("story_references_known", ["UPDATE alumni_stories SET wave = 0 WHERE story_id = 1"]),
    ("benefits_of_scheme", [f"UPDATE alumni SET training_budget_rp = {NORMAL_BUDGET} WHERE alumni_id = "
                            "(SELECT min(alumni_id) FROM alumni WHERE scheme = 'semi_bansos')"]),
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def copy_of_fixture(fixture_db, tmp_path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, path)
    return path


def corrupt(path: Path, statements: list[str]) -> None:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def broken_contracts(path: Path) -> dict[str, contracts.Broken]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {broken.contract: broken for broken in contracts.violations(con)}
    finally:
        con.close()


# --- each contract, broken alone -------------------------------------------------------------
def test_every_contract_has_a_test_and_a_rule_in_both_languages():
    assert set(BREAKS) == set(contracts.names())
    for name in contracts.names():
        assert f"contract_{name}" in i18n.CATALOGUE, name
        assert contracts.contracts()[contracts.names().index(name)].rule, name


@pytest.mark.parametrize(("contract", "statements"), [*BREAKS.items(), *ALSO_BREAKS],
                         ids=[*BREAKS, *(f"{name}-also" for name, _ in ALSO_BREAKS)])
def test_a_database_breaking_one_contract_is_refused_by_that_contract(copy_of_fixture, contract, statements):
    corrupt(copy_of_fixture, statements)
    broken = broken_contracts(copy_of_fixture)
    assert list(broken) == [contract]
    assert broken[contract].failing == 1
    assert len(broken[contract].examples) == 1
    con = duckdb.connect(str(copy_of_fixture))
    try:
        with pytest.raises(contracts.ContractViolation) as raised:
            db.build_derived(con)
    finally:
        con.close()
    assert (raised.value.contract, raised.value.failing) == (contract, 1)
    assert raised.value.examples == broken[contract].examples
    assert contract in str(raised.value)


def test_the_examples_are_the_first_keys_and_the_count_is_all_of_them(copy_of_fixture):
    corrupt(copy_of_fixture, ["UPDATE alumni SET incentive_rp = 1 WHERE alumni_id <= 'DEMO-00000020'"])
    broken = broken_contracts(copy_of_fixture)["benefits_of_scheme"]
    assert broken.failing == 20
    assert broken.key == "alumni_id"
    assert broken.examples == tuple(f"DEMO-{i:08d}" for i in range(1, 6))


def test_a_violation_lists_every_contract_broken(copy_of_fixture):
    corrupt(copy_of_fixture, [*BREAKS["alumni_regency_known"], *BREAKS["categories_match_vocabulary"]])
    con = duckdb.connect(str(copy_of_fixture), read_only=True)
    try:
        with pytest.raises(contracts.ContractViolation) as raised:
            contracts.check(con)
    finally:
        con.close()
    assert [broken.contract for broken in raised.value.broken] == ["alumni_regency_known",
                                                                   "categories_match_vocabulary"]


# --- the demo data and every kind of build ----------------------------------------------------
def test_the_demo_database_keeps_every_contract(con):
    assert contracts.violations(con) == []


def test_a_demo_generator_that_breaks_a_contract_fails_its_build(tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    demo.build_demo(path, rows=1_000, seed=1)
    before = sha(path)
    bad_story = (*demo.STORIES[2][:3], 99, *demo.STORIES[2][4:])  # wave 99: there is no such wave
    monkeypatch.setattr(demo, "STORIES", [*demo.STORIES[:2], bad_story])
    with pytest.raises(contracts.ContractViolation) as raised:
        demo.build_demo(path, rows=1_000, seed=1)
    assert raised.value.contract == "story_references_known"
    assert sha(path) == before  # the file there is not replaced
    assert [p.name for p in tmp_path.iterdir()] == ["demo.duckdb"]  # no half-built file left


def test_an_upgrade_of_a_file_that_breaks_a_contract_fails_and_keeps_the_file(copy_of_fixture):
    corrupt(copy_of_fixture, [*BREAKS["alumni_training_known"], "UPDATE derived_info SET fingerprint = 'older code'"])
    before = sha(copy_of_fixture)
    with pytest.raises(contracts.ContractViolation) as raised:
        db.upgrade(copy_of_fixture)
    assert raised.value.contract == "alumni_training_known"
    assert sha(copy_of_fixture) == before
    assert [p.name for p in copy_of_fixture.parent.iterdir() if p.name.startswith(".upgrade-")] == []


# --- imports -----------------------------------------------------------------------------------
# validate.py refuses, row by row, every file row that would break a contract (repeated ids, unknown
# regencies or categories, registration dates outside the wave, ...), so a contract can break on import
# only through data already stored (a merge copies it into the new file) or a bug in the loader.
@pytest.fixture
def imported(tmp_path, monkeypatch) -> Path:
    """A live database of imported data (10 alumni), in its own folder."""
    monkeypatch.setenv("PRAKERJA_ID_KEY", "kunci-uji")
    monkeypatch.setenv("PRAKERJA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    live = tmp_path / "data" / "prakerja.duckdb"
    live.parent.mkdir()
    first = load.import_file(write_csv(tmp_path / "first.csv", [person(i) for i in range(1, 11)]), live)
    assert first.ok, first.message
    return live


def folder_state(live: Path) -> tuple[str, list[str]]:
    return sha(live), sorted(p.name for p in live.parent.rglob("*"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_import_that_would_keep_stored_data_breaking_a_contract_changes_nothing(imported, tmp_path, lang):
    corrupt(imported, ["UPDATE alumni SET regency_code = '1599' WHERE alumni_id = 'PRK-00003'"])
    before = folder_state(imported)
    second = write_csv(tmp_path / "second.csv", [person(i) for i in range(11, 16)])
    result = load.import_file(second, imported, lang=lang)
    assert not result.ok and not result.fault
    assert folder_state(imported) == before  # the live file byte for byte, no backup, no scratch left
    rule = i18n.t("contract_alumni_regency_known", lang)
    stored = i18n.t("contract_example_stored", lang, column="alumni_id", value="PRK-00003")
    assert result.message == i18n.t("contract_refused", lang, rule=rule, count="1", examples=stored)
    assert [(p.row, p.column, p.rule, p.value) for p in result.problems] == [(0, "alumni_id", rule, "PRK-00003")]
    if lang == "id":
        assert result.message.startswith("Impor dibatalkan: data melanggar aturan")
        assert result.message.endswith("Data yang tersimpan tidak berubah.")
    else:
        assert result.message.startswith("Import cancelled: the data breaks the rule")


def test_a_loader_bug_that_breaks_a_contract_names_the_rows_of_the_file(imported, tmp_path, monkeypatch):
    """A loader that wrote the wrong training balance (simulated) is caught before the swap."""
    before = folder_state(imported)
    monkeypatch.setattr(load, "SCHEME_BENEFITS", {scheme: (1, *amounts[1:]) for scheme, amounts in
                                                  SCHEME_BENEFITS.items()})
    rows = [person(i) for i in range(11, 18)]
    result = load.import_file(write_csv(tmp_path / "second.csv", rows), imported, replace=True)
    assert not result.ok
    assert folder_state(imported) == before
    # the file's rows are 2-8 (row 1 is the header); five examples, the first five ids
    assert result.message == i18n.t("contract_refused", "id", rule=i18n.t("contract_benefits_of_scheme", "id"),
                                    count="7", examples="baris 2, baris 3, baris 4, baris 5, baris 6")
    assert [p.row for p in result.problems] == [2, 3, 4, 5, 6]


def test_an_import_over_an_older_file_that_breaks_a_contract_says_so(imported, tmp_path):
    """The live file is upgraded on open; when that fails on a contract the import names it."""
    corrupt(imported, ["UPDATE alumni SET year = 2020 WHERE alumni_id = 'PRK-00004'",
                       "UPDATE derived_info SET fingerprint = 'older code'"])
    before = folder_state(imported)
    result = load.import_file(write_csv(tmp_path / "second.csv", [person(20)]), imported)
    assert not result.ok and result.fault == "database"
    assert "melanggar aturan \"tahun sesuai gelombangnya\" pada 1 baris (mis. PRK-00004)" in result.message
    assert folder_state(imported) == before
