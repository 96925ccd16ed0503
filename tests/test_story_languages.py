"""Stories in both languages: migration 3 gives a file of the version-2 layout an English `business`
for every story, and new files have it from the start."""

from __future__ import annotations

from pathlib import Path

import duckdb

from prakerja_dash.data import db, migrations
from prakerja_dash.data.demo import STORIES
from tests.test_migrations import version_1_database


def version_2_database(path: Path) -> None:
    """A version-1 file upgraded to version 2 only (as the previous release left it), with stories."""
    version_1_database(path)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL)")
        for migration in migrations.MIGRATIONS[:2]:
            if migration.version > 1:
                migration.apply(con)
            migrations.record(con, migration)
        # Two stories as the previous release stored them (12 columns, no English business, BPS codes),
        # one of them not known to the migration.
        con.executemany("INSERT INTO alumni_stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(*STORIES[0][:2], "1571", *STORIES[0][3:12]),
                         (99, "Ani", "1571", 30, "makanan", "Kue", "Warung kopi", False, "Contoh.", "Example.", False,
                          None)])
        con.execute("COMMIT")
    finally:
        con.close()


def test_migration_3_adds_the_english_business_and_keeps_the_stories(tmp_path):
    path = tmp_path / "v2.duckdb"
    version_2_database(path)
    con = db.connect(path)  # read-only open upgrades first
    try:
        assert migrations.current_version(con) == migrations.LATEST >= 3
        rows = con.execute("SELECT story_id, business, business_en FROM alumni_stories ORDER BY story_id").fetchall()
        assert rows == [(1, "Gerai donat", "Donut shop"), (99, "Warung kopi", "Warung kopi")]  # unknown: kept as is
    finally:
        con.close()


def test_new_files_hold_the_english_business_of_every_story(con):
    rows = con.execute("SELECT story_id, business, business_en FROM alumni_stories ORDER BY story_id").fetchall()
    assert len(rows) == len(STORIES)
    assert all(english and english != business for _, business, english in rows)
    columns = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns"
                                         " WHERE table_name = 'alumni_stories' ORDER BY ordinal_position").fetchall()]
    assert columns[-1] == "business_en"  # last, where migration 3 puts it: a copied table lines up
