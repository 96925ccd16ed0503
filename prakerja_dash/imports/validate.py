"""Row-by-row validation: every problem with its spreadsheet row, column, rule and value.

Rows stream in from the reader and are checked one at a time; only the valid ones are kept,
column by column, so memory grows with the valid data, not with the file. A file with more
than MAX_PROBLEMS problems is not checked further (and loads nothing).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import numpy as np
import pandas as pd

from prakerja_dash import i18n
from prakerja_dash.data import reference
from prakerja_dash.domain.programme import PROGRAMME_OPENED, YEAR_WAVES, latest_registration, year_of_wave
from prakerja_dash.domain.regions import scope_province
from prakerja_dash.imports import values as parse
from prakerja_dash.imports.messages import Term, say
from prakerja_dash.imports.reading import PERSONAL_COLUMNS, Table

REQUIRED = ("jenis_kelamin", "pendidikan", "kabupaten_kota", "gelombang", "tanggal_daftar", "kategori_pelatihan",
            "status_sebelum")
TOTAL_WORDS = ("jumlah", "total", "grand total", "jumlah total")
MAX_PROBLEMS = 100_000  # past this the file is refused without reading further
ID_COLUMNS = ("id_peserta", "nik")  # a NIK in either is hashed, never stored or shown
FIELDS = ("row", "alumni_id", "gender", "education", "regency_code", "wave", "registered_on", "age", "category_id",
          "title", "provider", "status_before", "status_after", "started_business", "employees", "income_before_rp",
          "income_after_rp")
LAST_PROGRAMME_DAY = date(max(YEAR_WAVES), 12, 31)
UNKNOWN = "(tidak disebut)"  # a title or provider left blank


@dataclass(slots=True)
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
    valid: pd.DataFrame  # one row per valid alumnus, in template terms (texts as categoricals)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dropped_personal_columns: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # totals rows (blank rows are never handed on)
    stopped_at: int | None = None  # the row where checking stopped after MAX_PROBLEMS problems
    niks: int = 0  # rows identified by a NIK (hashed with the key)

    @property
    def loaded(self) -> int:
        return len(self.valid)


class _Stop(Exception):
    """MAX_PROBLEMS reached."""


def shown(column: str, value: object) -> str:
    """A value as a report shows it: a NIK cut to its last four digits, anything else to 80 characters."""
    if column == "nik" or (column == "id_peserta" and parse.damaged_nik(value)):
        return parse.masked(value)
    text = "" if value is None else str(value)
    return parse.mask_niks(parse.CONTROL.sub("", text[:200]))[:80]


def check(table: Table, id_key: bytes | None, lang: str = i18n.DEFAULT_LANGUAGE) -> Checked:
    """Every row of `table` checked; the problems' rules in `lang`."""
    names = table.header
    present = set(names)
    file_problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in present]
    if "id_peserta" not in present and "nik" not in present:
        missing.insert(0, say("chk_either", lang, first="id_peserta", second="nik"))
    if "usia" not in present and "tanggal_lahir" not in present:
        missing.append(say("chk_either", lang, first="usia", second="tanggal_lahir"))
    checked = Checked(rows_in=0, valid=pd.DataFrame(), ignored_columns=table.ignored_columns,
                      dropped_personal_columns=[c for c in names if c in PERSONAL_COLUMNS])
    if missing:
        file_problems.append(Problem(1, ", ".join(missing), say("chk_missing_columns", lang), ""))
        checked.problems = file_problems
        table.close()
        return checked

    state = _State(checked, id_key, lang)
    try:
        for number, raw in table.rows:
            state.row(number, raw, names)
        state.after_all_rows()
    except _Stop:
        table.close()
    checked.niks = state.nik_rows
    if not state.any_rows:
        checked.problems = [Problem(2, "", say("chk_no_rows", lang), "")]
        return checked
    if checked.stopped_at is None:  # a file checked to its end; otherwise nothing loads
        checked.valid = state.frame()
    return checked


_MISSING = object()


class _Codes:
    """A text column with few distinct values, kept as one small number per row (None: -1)."""

    def __init__(self):
        self.codes = array("i")
        self.index: dict[object, int] = {}
        self.values: list[object] = []

    def append(self, value: object) -> None:
        if value is None:
            self.codes.append(-1)
            return
        code = self.index.get(value)
        if code is None:
            code = self.index[value] = len(self.values)
            self.values.append(value)
        self.codes.append(code)

    def column(self, keep: np.ndarray | None) -> pd.Categorical:
        codes = np.frombuffer(self.codes, dtype=np.int32) if len(self.codes) else np.empty(0, np.int32)
        if keep is not None:
            codes = codes[keep]
        return pd.Categorical.from_codes(codes, categories=pd.Index(self.values, dtype=object))


class _Numbers:
    """A whole-number column kept as machine integers (None: `missing`)."""

    def __init__(self, typecode: str, missing: int = -1):
        self.numbers, self.missing = array(typecode), missing

    def append(self, value: int | None) -> None:
        self.numbers.append(self.missing if value is None else value)

    def column(self, keep: np.ndarray | None) -> np.ndarray:
        numbers = np.frombuffer(self.numbers, dtype=self.numbers.typecode) if len(self.numbers) \
            else np.empty(0, dtype=self.numbers.typecode)
        return numbers[keep] if keep is not None else numbers.copy()


CODED = ("gender", "education", "regency_code", "category_id", "title", "provider", "status_before", "status_after")
_EPOCH = date(1970, 1, 1).toordinal()


class _State:
    """What checking keeps while rows stream by: the valid rows column by column (compactly: codes
    for texts that repeat, machine integers for numbers and dates), problems, NIK facts."""

    def __init__(self, checked: Checked, id_key: bytes | None, lang: str = i18n.DEFAULT_LANGUAGE):
        self.checked, self.id_key, self.lang = checked, id_key, lang
        self.home = scope_province()  # a province deployment takes only its own kabupaten/kota
        categories = reference.read_csv("training_categories.csv")
        self.labels = {row["category_id"]: row["label_id"] for row in categories}
        self.english = {row["category_id"]: row["label_en"] for row in categories}
        self.ids: list[str] = []
        self.coded = {name: _Codes() for name in CODED}
        self.numbers = {"row": _Numbers("q"), "wave": _Numbers("b"), "age": _Numbers("b"),
                        "employees": _Numbers("i", 0), "started_business": _Numbers("b", 0),
                        "income_before_rp": _Numbers("q"), "income_after_rp": _Numbers("q"),
                        "registered_on": _Numbers("i"), "last_four": _Numbers("h")}
        self.nik_rows = 0
        self.zeroed_rows, self.zeroed_last_four = array("q"), array("h")  # NIKs ending in 0
        self.rejected: set[int] = set()
        self.any_rows = False
        self.caches: dict[str, dict] = {}  # per column: text as written -> parsed value or BadValue

    # -- one row -------------------------------------------------------------------------
    def row(self, number: int, raw: list[object], names: list[str]) -> None:
        self.any_rows = True
        checked = self.checked
        cells = dict(zip(names, raw, strict=False))
        if _blank(cells.get("jenis_kelamin")):
            first_text = next((str(v).strip().lower() for v in raw if not _blank(v)), "")
            if first_text in TOTAL_WORDS:
                checked.skipped_rows.append(number)  # a totals row is not a person
                return
        checked.rows_in += 1
        problems: list[Problem] = []
        take = partial(self._take, cells, problems, number)

        alumni_id = digits = None
        if not _blank(cells.get("id_peserta")):
            digits = take("id_peserta", parse.nik_in_id, cached=False)
            if digits is None and not problems:
                alumni_id = take("id_peserta", parse.participant_id, cached=False)
        else:
            digits = take("nik", parse.nik, cached=False)
        if digits:
            alumni_id = parse.pseudonym(digits, self.id_key) if self.id_key else None
            self.nik_rows += 1
            if digits.endswith("0"):
                self.zeroed_rows.append(number)
                self.zeroed_last_four.append(int(digits[-4:]))
        gender = take("jenis_kelamin", parse.gender)
        education = take("pendidikan", parse.education)
        regency = take("kabupaten_kota", parse.regency, self.home)
        wave = take("gelombang", parse.whole_number, 1, 71, Term("field_wave"))
        registered = take("tanggal_daftar", parse.day)
        age = None
        if not _blank(cells.get("usia")):
            age = take("usia", parse.whole_number, 18, 64, Term("field_age"))
        else:
            born = take("tanggal_lahir", parse.day)
            if born and registered:
                years = _age(born, registered)
                if 18 <= years <= 64:
                    age = years
                else:
                    problems.append(Problem(number, "tanggal_lahir", say("chk_age_at_registration", self.lang),
                                            shown("tanggal_lahir", cells.get("tanggal_lahir"))))
        category = take("kategori_pelatihan", self._category)
        title = take("judul_pelatihan", parse.clean_text, Term("field_title"), required=False)
        provider = take("lembaga_pelatihan", parse.clean_text, Term("field_provider"), required=False)
        status_before = take("status_sebelum", parse.status)
        status_after = take("status_sesudah", parse.status, required=False)
        started = take("memulai_usaha", parse.yes_no, required=False)
        employees = take("jumlah_karyawan", parse.whole_number, 0, 10_000, Term("field_employees"), required=False)
        income_before = take("pendapatan_sebelum", parse.money, required=False)
        income_after = take("pendapatan_sesudah", parse.money, required=False)
        if registered:
            rule = _registration_rule(registered, wave, self.lang)
            if rule:
                problems.append(Problem(number, "tanggal_daftar", rule, f"{registered:%d/%m/%Y}"))
        if status_after is not None and (income_before is None or income_after is None):
            problems.append(Problem(number, "pendapatan_sebelum/pendapatan_sesudah",
                                    say("chk_incomes_required", self.lang, column="status_sesudah"), ""))
        if problems:
            self.reject(number, problems)
            return
        self.ids.append(alumni_id)
        coded = self.coded
        coded["gender"].append(gender)
        coded["education"].append(education)
        coded["regency_code"].append(regency)
        coded["category_id"].append(category)
        coded["title"].append(title or UNKNOWN)
        coded["provider"].append(provider or UNKNOWN)
        coded["status_before"].append(status_before)
        coded["status_after"].append(status_after)
        numbers = self.numbers
        numbers["row"].append(number)
        numbers["wave"].append(wave)
        numbers["age"].append(age)
        numbers["employees"].append(employees)
        numbers["started_business"].append(1 if started else 0)
        numbers["income_before_rp"].append(income_before)
        numbers["income_after_rp"].append(income_after)
        numbers["registered_on"].append(registered.toordinal() - _EPOCH)
        numbers["last_four"].append(int(digits[-4:]) if digits else -1)

    def reject(self, number: int, problems: list[Problem]) -> None:
        checked = self.checked
        room = MAX_PROBLEMS - len(checked.problems)
        checked.problems += problems[:room]
        if number not in self.rejected:
            self.rejected.add(number)
            checked.rejected_rows.append(number)
        if len(problems) > room or len(checked.problems) >= MAX_PROBLEMS:
            checked.stopped_at = number
            raise _Stop

    def _take(self, cells: dict, problems: list[Problem], number: int, column: str, parser, *args,
              required: bool = True, cached: bool = True):
        """The parsed value of `column`, or None with the problem recorded. A text seen before in the
        same column is not parsed again."""
        value = cells.get(column)
        if value is None or (value.__class__ is str and not value.strip()):
            if required:
                problems.append(Problem(number, column, say("chk_required", self.lang), ""))
            return None
        cache = None
        if cached and value.__class__ is str:
            cache = self.caches.setdefault(column, {})
            outcome = cache.get(value, _MISSING)
            if outcome is not _MISSING:
                if outcome.__class__ is parse.BadValue:
                    problems.append(Problem(number, column, outcome.say(self.lang), shown(column, value)))
                    return None
                return outcome
        try:
            outcome = parser(value, *args)
        except parse.BadValue as error:
            outcome = error
        except (ValueError, TypeError, OverflowError, ArithmeticError):
            outcome = parse.BadValue("val_unreadable")
        if cache is not None and len(cache) < 50_000:
            cache[value] = outcome
        if outcome.__class__ is parse.BadValue:
            problems.append(Problem(number, column, outcome.say(self.lang), shown(column, value)))
            return None
        return outcome

    def _category(self, value: object) -> str:
        try:
            return parse.category(value, self.labels)
        except parse.BadValue:
            return parse.category(value, self.english)

    # -- across rows -------------------------------------------------------------------------
    def after_all_rows(self) -> None:
        ids = pd.Series(self.ids, dtype=object)
        repeated = np.flatnonzero(ids.duplicated(keep=False).to_numpy())
        rows = self.numbers["row"].numbers
        last_four = self.numbers["last_four"].numbers
        for position in repeated:
            number = rows[position]
            who = f"{'*' * 12}{last_four[position]:04d}" if last_four[position] >= 0 else shown("", ids[position])
            self.reject(number, [Problem(number, "id_peserta/nik", say("chk_duplicate", self.lang), who)])
        # Excel keeps 15 digits and zeroes the 16th: when most NIKs end in 0, the column was damaged.
        if self.nik_rows >= 5 and len(self.zeroed_rows) > 0.5 * self.nik_rows:
            for number, four in zip(self.zeroed_rows, self.zeroed_last_four, strict=True):
                self.reject(number, [Problem(number, "nik", say("chk_nik_zeroed", self.lang),
                                             f"{'*' * 12}{four:04d}")])

    def frame(self) -> pd.DataFrame:
        """The valid rows, rejected ones (repeated ids, zeroed NIKs) left out; texts as categoricals."""
        rows = self.numbers["row"].column(None)
        keep = ~np.isin(rows, np.fromiter(self.rejected, dtype=np.int64)) if self.rejected else None
        if keep is not None and keep.all():
            keep = None
        if not len(rows) or (keep is not None and not keep.any()):
            return pd.DataFrame()
        ids = np.asarray(self.ids, dtype=object)
        self.ids = []
        data: dict[str, object] = {"row": rows if keep is None else rows[keep],
                                   "alumni_id": ids if keep is None else ids[keep]}
        for name in CODED:
            data[name] = self.coded[name].column(keep)
        for name in ("wave", "age", "employees", "started_business"):
            data[name] = self.numbers[name].column(keep)
        data["started_business"] = data["started_business"].astype(bool)
        for name in ("income_before_rp", "income_after_rp"):
            numbers = self.numbers[name].column(keep)
            data[name] = pd.arrays.IntegerArray(numbers, numbers < 0)
        days = self.numbers["registered_on"].column(keep)
        data["registered_on"] = days.astype("datetime64[D]")
        valid = pd.DataFrame(data)
        valid["year"] = valid["wave"].map({wave: year_of_wave(wave) for wave in range(1, 72)}).astype("int16")
        return valid


_LATEST = {wave: latest_registration(wave) for wave in range(1, 72)}


def _registration_rule(registered: date, wave: int | None, lang: str) -> str | None:
    """Why a registration date cannot be right for its wave, if it cannot (programme.WAVE_OPENED), in `lang`."""
    opened = f"{PROGRAMME_OPENED:%d/%m/%Y}"
    if registered < PROGRAMME_OPENED:
        return say("chk_registered_early", lang, opened=opened)
    if wave is None:
        if registered > LAST_PROGRAMME_DAY:
            return say("chk_registered_after_last", lang, last=f"{LAST_PROGRAMME_DAY:%d/%m/%Y}")
        return None
    latest, following = _LATEST[wave]
    if registered > latest:
        reason = (say("chk_reason_next_wave", lang, following=following, wave=wave) if following
                  else say("chk_reason_last_wave", lang, wave=wave))
        return say("chk_registered_late", lang, wave=wave, opened=opened, latest=f"{latest:%d/%m/%Y}", reason=reason)
    return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")
