"""Row-by-row validation: every problem with its spreadsheet row, column, rule and value."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pandas as pd

from prakerja_dash.data import reference
from prakerja_dash.domain.programme import year_of_wave
from prakerja_dash.imports import values as parse
from prakerja_dash.imports.reading import PERSONAL_COLUMNS, Table

REQUIRED = ("jenis_kelamin", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar", "kategori_pelatihan",
            "status_sebelum")
TOTAL_WORDS = ("jumlah", "total", "grand total", "jumlah total")


@dataclass
class Problem:
    row: int
    column: str
    rule: str
    value: str

    def as_dict(self) -> dict[str, object]:
        return {"baris": self.row, "kolom": self.column, "aturan": self.rule, "nilai": self.value}


@dataclass
class Checked:
    rows_in: int
    valid: pd.DataFrame  # one row per valid alumnus, in template terms
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dropped_personal_columns: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # blank lines and totals rows

    @property
    def loaded(self) -> int:
        return len(self.valid)


def check(table: Table, id_key: bytes | None) -> Checked:
    names = table.header
    present = set(names)
    file_problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in present]
    if "id_peserta" not in present and "nik" not in present:
        missing.insert(0, "id_peserta atau nik")
    if "usia" not in present and "tanggal_lahir" not in present:
        missing.append("usia atau tanggal_lahir")
    if missing:
        file_problems.append(Problem(1, ", ".join(missing), "kolom wajib tidak ada", ""))
    checked = Checked(rows_in=0, valid=pd.DataFrame(), ignored_columns=table.ignored_columns,
                      dropped_personal_columns=[c for c in names if c in PERSONAL_COLUMNS])
    if not table.rows or all(_blank(v) for _, v in table.rows):
        file_problems.append(Problem(2, "", "tidak ada baris data di bawah judul kolom", ""))
    if file_problems:
        checked.problems = file_problems
        return checked

    matcher = reference.regency_matcher()
    labels = {}
    for row in reference.read_csv("training_categories.csv"):
        labels[row["category_id"]] = row["label_id"]
    english = {row["category_id"]: row["label_en"] for row in reference.read_csv("training_categories.csv")}
    records, niks = [], {}
    for number, raw in table.rows:
        if _blank(raw):
            checked.skipped_rows.append(number)
            continue
        cells = {name: value for name, value in zip(names, raw, strict=False) if name}
        first_text = next((str(v).strip().lower() for v in raw if not _blank([v])), "")
        if first_text in TOTAL_WORDS and _blank([cells.get("jenis_kelamin")]):
            checked.skipped_rows.append(number)  # a totals row is not a person
            continue
        checked.rows_in += 1
        problems: list[Problem] = []
        take = partial(_take, cells, problems, number)

        record = {"row": number}
        if not _blank([cells.get("id_peserta")]):
            record["alumni_id"] = take("id_peserta", parse.participant_id)
        else:
            digits = take("nik", parse.nik)
            record["alumni_id"] = parse.pseudonym(digits, id_key) if digits and id_key else None
            if digits:
                niks[number] = digits
        record["gender"] = take("jenis_kelamin", parse.gender)
        record["education"] = take("pendidikan", parse.education)
        record["regency_code"] = take("kabupaten_kota", parse.regency, matcher)
        record["wave"] = take("gelombang", parse.whole_number, 1, 71, "gelombang")
        record["registered_on"] = take("tanggal_daftar", parse.day)
        if "usia" in cells and not _blank([cells.get("usia")]):
            record["age"] = take("usia", parse.whole_number, 18, 64, "usia")
        else:
            born = take("tanggal_lahir", parse.day)
            if born and record["registered_on"]:
                years = _age(born, record["registered_on"])
                if 18 <= years <= 64:
                    record["age"] = years
                else:
                    problems.append(Problem(number, "tanggal_lahir", "usia saat mendaftar harus 18-64",
                                            str(cells.get("tanggal_lahir"))))
        record["category_id"] = _category(take, labels, english)
        record["title"] = parse.text(cells.get("judul_pelatihan")) or "(tidak disebut)"
        record["provider"] = parse.text(cells.get("lembaga_pelatihan")) or "(tidak disebut)"
        record["status_before"] = take("status_sebelum", parse.status)
        record["status_after"] = take("status_sesudah", parse.status, required=False)
        record["started_business"] = take("memulai_usaha", parse.yes_no, required=False)
        record["employees"] = take("jumlah_karyawan", parse.whole_number, 0, 10_000, "jumlah karyawan",
                                   required=False)
        record["income_before_rp"] = take("pendapatan_sebelum", parse.money, required=False)
        record["income_after_rp"] = take("pendapatan_sesudah", parse.money, required=False)
        if record["wave"] and record["registered_on"] and not date(2020, 3, 1) <= record["registered_on"] <= date(
                2025, 12, 31):
            problems.append(Problem(number, "tanggal_daftar", "tanggal daftar di luar masa program (2020-2025)",
                                    str(record["registered_on"])))
        if record["status_after"] is not None and (record["income_before_rp"] is None
                                                   or record["income_after_rp"] is None):
            problems.append(Problem(number, "pendapatan_sebelum/pendapatan_sesudah",
                                    "wajib diisi bila status_sesudah diisi", ""))
        if problems:
            checked.problems += problems
            checked.rejected_rows.append(number)
        else:
            records.append(record)

    _duplicate_ids(records, checked)
    _excel_zeroed_niks(niks, records, checked)
    valid = pd.DataFrame(records)
    if not valid.empty:
        valid["year"] = valid["wave"].map(year_of_wave)
        valid["employees"] = valid["employees"].fillna(0).astype(int)
        valid["started_business"] = valid["started_business"].fillna(False).astype(bool)
    checked.valid = valid
    return checked


def _take(cells: dict, problems: list[Problem], number: int, column: str, parser, *args, required: bool = True):
    """The parsed value of `column`, or None with the problem recorded."""
    value = cells.get(column)
    if _blank([value]):
        if required:
            problems.append(Problem(number, column, "wajib diisi", ""))
        return None
    try:
        return parser(value, *args)
    except parse.BadValue as error:
        problems.append(Problem(number, column, error.rule, str(value)[:80]))
        return None


def _category(take, labels: dict[str, str], english: dict[str, str]) -> str | None:
    def either(value: object) -> str:
        try:
            return parse.category(value, labels)
        except parse.BadValue:
            return parse.category(value, english)

    return take("kategori_pelatihan", either)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _blank(values: list[object]) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _duplicate_ids(records: list[dict], checked: Checked) -> None:
    counts = Counter(r["alumni_id"] for r in records)
    for record in [r for r in records if counts[r["alumni_id"]] > 1]:
        shown = "(disamarkan)" if record["alumni_id"].startswith("NIK-") else record["alumni_id"]
        checked.problems.append(Problem(record["row"], "id_peserta/nik", "peserta yang sama muncul lebih dari sekali",
                                        shown))
        checked.rejected_rows.append(record["row"])
    records[:] = [r for r in records if counts[r["alumni_id"]] == 1]


def _excel_zeroed_niks(niks: dict[int, str], records: list[dict], checked: Checked) -> None:
    """Excel keeps 15 digits and zeroes the 16th: when most NIKs end in 0, the column was damaged."""
    zeroed = [row for row, digits in niks.items() if digits.endswith("0")]
    if len(niks) >= 5 and len(zeroed) > 0.5 * len(niks):
        for row in zeroed:
            checked.problems.append(Problem(row, "nik", "NIK berakhiran 0 di sebagian besar baris: digit terakhir "
                                                        "dinolkan oleh Excel; simpan NIK sebagai teks", "(disamarkan)"))
            checked.rejected_rows.append(row)
        records[:] = [r for r in records if r["row"] not in set(zeroed)]
