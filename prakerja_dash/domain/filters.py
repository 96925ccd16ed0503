"""The filter value object: one selection of alumni, as URL, SQL parameters and words.

The same parameter names serve the URL query string and the command line
(`?regency=15.71,15.06&wave=20-70&gender=P` is `--regency 15.71,15.06 --wave 20-70 --gender P`).

Kabupaten/kota are kept by Kemendagri code (`15.71`). A link may also name one by its BPS code
(`1571`, as every link made before the national data did: four bare digits are read as BPS) or by
its name; `province=15` chooses a province's kabupaten/kota.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from prakerja_dash.domain.regions import (
    RegionError,
    kabupaten_kota_codes,
    province_positions,
    region_index,
    scope_province,
)
from prakerja_dash.domain.vocabulary import (
    AGE_BANDS,
    CATEGORIES,
    EDUCATION,
    GENDERS,
    WAVES,
    WORK_STATUSES,
    YEARS,
)


@dataclass(frozen=True)
class FilterProblem:
    """One parameter of a link that cannot be read, for a message in the reader's language."""

    parameter: str
    value: str
    kind: str  # "choice" (not one of `allowed`), "range" (not FIRST-LAST within `allowed`) or "region"
    allowed: str


class FilterError(ValueError):
    """A filter parameter that cannot be understood; `problems` lists each one (in English, for logs
    and the command line), `issues` the same as data (i18n.filter_problem says them in a language)."""

    def __init__(self, problems: list[str], issues: list[FilterProblem] | None = None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.issues = issues or []


# URL/CLI parameter name -> (field name, allowed values, or the full range for a range).
_CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "age": ("age_bands", AGE_BANDS),
    "education": ("education", EDUCATION),
    "category": ("categories", CATEGORIES),
    "status": ("statuses", WORK_STATUSES),
}
_RANGES: dict[str, tuple[str, tuple[int, int]]] = {
    "wave": ("waves", WAVES),
    "year": ("years", YEARS),
}
PARAMETER_NAMES = ("province", "regency", "wave", "year", "gender", "age", "education", "category", "status")
_REGION_EXAMPLE = {"province": "15", "regency": "15.71"}


@dataclass(frozen=True)
class Filters:
    """Which alumni to count. Empty tuples and full ranges mean "no restriction"."""

    regencies: tuple[str, ...] = ()  # Kemendagri codes of kabupaten/kota
    waves: tuple[int, int] = WAVES
    years: tuple[int, int] = YEARS
    gender: str | None = None
    age_bands: tuple[str, ...] = ()
    education: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = field(default=())
    province: str | None = None  # Kemendagri code of a province: its kabupaten/kota only

    def __post_init__(self) -> None:
        problems = []
        units = kabupaten_kota_codes()
        unknown_units = [code for code in self.regencies if code not in units]
        if unknown_units:
            problems.append(f"regency: unknown value(s) {', '.join(map(str, unknown_units))}")
        object.__setattr__(self, "regencies", tuple(sorted(set(self.regencies) - set(unknown_units))))
        if self.province is not None and self.province not in {r.kemendagri_code for r in region_index().provinces()}:
            problems.append(f"province: unknown Kemendagri code {self.province}")
        for name, (attr, allowed) in _CHOICES.items():
            unknown = [v for v in getattr(self, attr) if v not in allowed]
            if unknown:
                problems.append(f"{name}: unknown value(s) {', '.join(map(str, unknown))}")
            # Canonical order and no duplicates, so equal selections compare equal.
            object.__setattr__(self, attr, tuple(v for v in allowed if v in getattr(self, attr)))
        for name, (attr, (lo, hi)) in _RANGES.items():
            start, end = getattr(self, attr)
            if not (lo <= start <= end <= hi):
                problems.append(f"{name}: {start}-{end} is outside {lo}-{hi} or reversed")
        if self.gender is not None and self.gender not in GENDERS:
            problems.append(f"gender: unknown value {self.gender} (L or P)")
        if problems:
            raise FilterError(problems)

    @property
    def is_active(self) -> bool:
        return self != Filters()

    def without_regencies(self) -> Filters:
        """The same selection over every kabupaten/kota (of the province, if one is chosen): what a
        map of them shows."""
        return replace(self, regencies=())

    def for_regency(self, code: str) -> Filters:
        """The same selection in one regency."""
        return replace(self, regencies=(code,))

    def with_waves(self, waves: tuple[int, int]) -> Filters:
        """The same selection over other waves (a period compared with another)."""
        return replace(self, waves=tuple(waves))

    # --- URL and command line -------------------------------------------------
    def to_query(self) -> dict[str, str]:
        """Query-string parameters; unrestricted filters are left out."""
        query: dict[str, str] = {}
        for name in PARAMETER_NAMES:
            if name == "province":
                if self.province:
                    query["province"] = self.province
            elif name == "regency":
                if self.regencies:
                    query["regency"] = ",".join(self.regencies)
            elif name in _CHOICES:
                values = getattr(self, _CHOICES[name][0])
                if values:
                    query[name] = ",".join(values)
            elif name in _RANGES:
                attr, full = _RANGES[name]
                start, end = getattr(self, attr)
                if (start, end) != full:
                    query[name] = str(start) if start == end else f"{start}-{end}"
            elif self.gender:
                query["gender"] = self.gender
        return query

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str] | None]) -> Filters:
        """Parse query-string or command-line values; raise `FilterError` naming every bad one.

        Parameters that are not filters (such as `lang`) are ignored.
        """
        values: dict[str, object] = {}
        problems: list[str] = []
        issues: list[FilterProblem] = []
        for name in PARAMETER_NAMES:
            raw = params.get(name)
            if isinstance(raw, list):
                raw = ",".join(raw)
            if raw is None or not str(raw).strip():
                continue
            text = str(raw).replace(" ", "+") if name == "age" else str(raw)  # '+' arrives as a space
            text = text.strip()
            if name in _REGION_EXAMPLE:
                codes, unreadable = _region_codes(text, name)
                if unreadable:
                    problems.append(f"{name}: unknown value(s) {', '.join(unreadable)} (a Kemendagri code such as "
                                    f"{_REGION_EXAMPLE[name]}, a BPS code or a name)")
                    issues.append(FilterProblem(name, ", ".join(unreadable), "region", _REGION_EXAMPLE[name]))
                if name == "regency":
                    values["regencies"] = codes
                elif len(codes) > 1:
                    problems.append(f"province: choose one province, not {len(codes)}")
                    issues.append(FilterProblem(name, text, "region", _REGION_EXAMPLE[name]))
                elif codes:
                    values["province"] = codes[0]
            elif name in _CHOICES:
                attr, allowed = _CHOICES[name]
                items = [item.strip() for item in text.split(",") if item.strip()]
                unknown = [item for item in items if item not in allowed]
                if unknown:
                    problems.append(f"{name}: unknown value(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})")
                    issues.append(FilterProblem(name, ", ".join(unknown), "choice", ", ".join(allowed)))
                values[attr] = tuple(item for item in items if item in allowed)
            elif name in _RANGES:
                attr, (lo, hi) = _RANGES[name]
                parsed = parse_range(text)
                if parsed is None or not (lo <= parsed[0] <= parsed[1] <= hi):
                    problems.append(f"{name}: {text!r} is not a range FIRST-LAST within {lo}-{hi} (e.g. {lo}-{hi})")
                    issues.append(FilterProblem(name, text, "range", f"{lo}-{hi}"))
                else:
                    values[attr] = parsed
            else:
                gender = text.upper()
                if gender not in GENDERS:
                    problems.append(f"gender: {text!r} is not L or P")
                    issues.append(FilterProblem(name, text, "choice", ", ".join(GENDERS)))
                else:
                    values["gender"] = gender
        _outside_home(values, problems, issues)
        if problems:
            raise FilterError(problems, issues)
        return cls(**values)

    @classmethod
    def from_query_lenient(cls, params: Mapping[str, str | list[str] | None]) -> tuple[Filters, list[FilterProblem]]:
        """Like `from_query`, but drops what it cannot read and returns the problems as data
        (`i18n.filter_problem` says each in the reader's language)."""
        try:
            return cls.from_query(params), []
        except FilterError as error:
            kept = {name: params[name] for name in PARAMETER_NAMES if name in params}
            for issue in error.issues:
                kept.pop(issue.parameter, None)
            return cls.from_query(kept), error.issues

    # --- SQL --------------------------------------------------------------------
    def sql_params(self) -> dict[str, object]:
        """Bind parameters of the named queries: the filter as one STRUCT, `$filter`."""
        return {"filter": self.sql_filter()}

    def sql_filter(self) -> dict[str, object]:
        """The `filtered` macro's filter (data/macros.sql): ranges, and for each choice the chosen
        values' positions in their ENUM's order (None: no restriction). A list of positions has no
        ceiling on how many values a vocabulary holds, unlike the bit masks it replaced."""
        first, last = province_positions(self.province) if self.province else (None, None)
        return {
            "regencies": positions(self.regencies, kabupaten_kota_codes()),
            "province": self.province,
            "regency_first": first,
            "regency_last": last,
            "wave_min": self.waves[0],
            "wave_max": self.waves[1],
            "year_min": self.years[0],
            "year_max": self.years[1],
            "genders": positions((self.gender,) if self.gender else (), GENDERS),
            "age_bands": positions(self.age_bands, AGE_BANDS),
            "education": positions(self.education, EDUCATION),
            "categories": positions(self.categories, CATEGORIES),
            "statuses": positions(self.statuses, WORK_STATUSES),
        }


def positions(selected: tuple[str, ...], vocabulary: tuple[str, ...]) -> list[int] | None:
    """The 0-based positions of the selected values in `vocabulary` (its ENUM's order); None when
    nothing is selected (no restriction)."""
    if not selected:
        return None
    return [index for index, value in enumerate(vocabulary) if value in selected]


def _outside_home(values: dict[str, object], problems: list[str], issues: list[FilterProblem]) -> None:
    """A province deployment (PRAKERJA_SCOPE) shows its own province only: a link that asks for
    another province or its kabupaten/kota is told so instead of showing empty figures."""
    home = scope_province()
    if home is None:
        return
    asked = {"province": [values["province"]] if values.get("province") else [],
             "regency": list(values.get("regencies", ()))}
    for name, codes in asked.items():
        outside = [code for code in codes if code.split(".")[0] != home]
        if outside:
            problems.append(f"{name}: {', '.join(outside)} is outside province {home}, the only one shown here")
            issues.append(FilterProblem(name, ", ".join(outside), "elsewhere", region_index()[home].short_name))


def _region_codes(text: str, name: str) -> tuple[tuple[str, ...], list[str]]:
    """The Kemendagri codes a comma-separated list of region codes or names stands for, and the
    items that name none (or more than one): four bare digits are a BPS code, as links made for
    Jambi wrote them."""
    level = "kabupaten_kota" if name == "regency" else "provinsi"
    codes, unreadable = [], []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            codes.append(region_index().resolve_code(item, level=level, bare_codes="bps"))
        except RegionError:
            unreadable.append(item)
    return tuple(dict.fromkeys(codes)), unreadable


def parse_range(text: str) -> tuple[int, int] | None:
    parts = text.split("-")
    try:
        if len(parts) == 1:
            value = int(parts[0])
            return value, value
        if len(parts) == 2:
            return int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return None
