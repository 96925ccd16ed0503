"""Indonesia's provinces and kabupaten/kota, keyed by Kemendagri code, and what people type for them.

Kemendagri codes (`15.71`, NIK prefixes, Dukcapil) are the key. BPS numbers many units
differently (Jambi: BPS 1506 is Tanjung Jabung Timur, Kemendagri 15.06 is Tanjung Jabung Barat),
so a bare four-digit code can name two different units; `resolve` says so instead of guessing
unless the caller states which numbering its input uses.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from prakerja_dash import config
from prakerja_dash.config import REFERENCE_DIR

Level = Literal["provinsi", "kabupaten_kota"]
BareCodes = Literal["bps", "kemendagri", "either"]

_PREFIX = re.compile(
    r"^(?P<prefix>provinsi|prov|kabupaten administrasi|kab adm|kabupaten|kab|kota administrasi|kota adm"
    r"|kotamadya|kota|city of)\b\.?\s*"
)
_SUFFIX = re.compile(r"\s+(regency|city|province)$")
_KIND_OF_PREFIX = {"provinsi": "Provinsi", "prov": "Provinsi", "kotamadya": "Kota", "city of": "Kota"}


def _plain(text: object) -> str:
    """Lower case ASCII with dots as spaces and single spaces: 'Kab.  Tanjab-Barat' -> 'kab tanjab-barat'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace(".", " ").split())


def _squash(text: str) -> str:
    text = re.sub(r"\bkep\b", "kepulauan", text)
    return re.sub(r"[^a-z0-9]", "", text)


def parse_name(text: object) -> tuple[str, str | None]:
    """(key, kind its prefix or suffix states): 'KAB. Tebo' -> ('tebo', 'Kabupaten')."""
    plain = _plain(text)
    kind = None
    suffix = _SUFFIX.search(plain)
    if suffix:
        kind = {"regency": "Kabupaten", "city": "Kota", "province": "Provinsi"}[suffix.group(1)]
        plain = plain[: suffix.start()]
    prefix = _PREFIX.match(plain)
    if prefix:
        word = prefix.group("prefix")
        kind = _KIND_OF_PREFIX.get(word) or ("Kota" if word.startswith("kota") else "Kabupaten")
        plain = plain[prefix.end():]
    return _squash(plain), kind


def name_key(text: object) -> str:
    """The form names are compared in: case, accents, spacing, punctuation and the Kabupaten/Kab./Kota prefix gone."""
    return parse_name(text)[0]


@dataclass(frozen=True)
class Region:
    kemendagri_code: str  # '15' (province) or '15.71'
    bps_code: str | None  # '15' or '1571'; None where no source gives it
    level: Level
    kind: str  # 'Provinsi', 'Kabupaten' or 'Kota'
    name: str  # official, with prefix: 'Kabupaten Tanjung Jabung Barat'
    short_name: str  # 'Tanjung Jabung Barat'
    province_code: str  # Kemendagri code of the province ('15'); a province's own code
    aliases: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{self.name} ({self.kemendagri_code})"


class RegionError(ValueError):
    """A value that names no region, or more than one; `value` is what was given."""

    def __init__(self, message: str, value: object):
        super().__init__(message)
        self.value = value


class UnknownRegion(RegionError):
    pass


class AmbiguousRegion(RegionError):
    def __init__(self, message: str, value: object, candidates: tuple[Region, ...]):
        super().__init__(message, value)
        self.candidates = candidates


_DOTTED = re.compile(r"(\d{2})\.(\d{2})")
_BARE = re.compile(r"(\d{2})(\d{2})?(?:\.0+)?")  # '15', '1571', and '1571.0' as spreadsheets store numbers


class RegionIndex:
    """Every region by Kemendagri code, with lookups by BPS code and by name."""

    def __init__(self, regions: Iterable[Region]):
        self.regions: dict[str, Region] = {}
        for region in regions:
            if region.kemendagri_code in self.regions:
                raise ValueError(f"Kemendagri code {region.kemendagri_code} appears twice")
            self.regions[region.kemendagri_code] = region
        self._by_bps: dict[str, Region] = {}
        for region in self.regions.values():
            if region.province_code not in self.regions or self.regions[region.province_code].level != "provinsi":
                raise ValueError(f"{region.label()}: no province {region.province_code}")
            if region.bps_code:
                if region.bps_code in self._by_bps:
                    raise ValueError(f"BPS code {region.bps_code} appears twice")
                self._by_bps[region.bps_code] = region
        self._by_name: dict[str, list[Region]] = {}
        for region in self.regions.values():
            keys = {name_key(text) for text in (region.name, region.short_name, *region.aliases)}
            for key in keys - {""}:
                self._by_name.setdefault(key, []).append(region)

    def __getitem__(self, kemendagri_code: str) -> Region:
        return self.regions[kemendagri_code]

    def __len__(self) -> int:
        return len(self.regions)

    def provinces(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions.values() if r.level == "provinsi")

    def kabupaten_kota(self, province_code: str | None = None) -> tuple[Region, ...]:
        return tuple(r for r in self.regions.values() if r.level == "kabupaten_kota"
                     and province_code in (None, r.province_code))

    def by_bps(self, bps_code: str) -> Region | None:
        return self._by_bps.get(bps_code)

    def resolve(self, value: object, *, level: Level | None = None, within: str | None = None,
                bare_codes: BareCodes = "either") -> Region:
        """The region `value` names: a Kemendagri code (`15.71`, or `1571` bare), a BPS code or a name.

        `level` and `within` (a province's Kemendagri code) narrow the search. `bare_codes` says how to
        read four bare digits: as BPS, as Kemendagri without its dot, or as either, which is ambiguous
        where the two numberings name different units. Raises `UnknownRegion` or `AmbiguousRegion`.
        """
        text = str(value).strip()
        if not text or text.lower() in ("nan", "none"):
            raise UnknownRegion("no region given", value)
        candidates = self._by_code(text, bare_codes)
        if candidates is None:
            candidates = self._named(text)
        candidates = [r for r in candidates if level in (None, r.level) and within in (None, r.province_code)]
        unique = tuple(dict.fromkeys(candidates))
        if not unique:
            raise UnknownRegion(f"{text!r} is not {_scope_words(level, within)}", value)
        if len(unique) > 1:
            options = " or ".join(_reading(text, r) for r in unique)
            hint = "the code with its dot (15.06)" if _BARE.fullmatch(text) else "Kabupaten or Kota, or the code"
            raise AmbiguousRegion(f"{text!r} could be {options}; write {hint}", value, unique)
        return unique[0]

    def resolve_code(self, value: object, **narrowing) -> str:
        """The Kemendagri key of `resolve(value, ...)`."""
        return self.resolve(value, **narrowing).kemendagri_code

    def _by_code(self, text: str, bare_codes: BareCodes) -> list[Region] | None:
        """Regions the code `text` may mean; None when `text` is not written as a code."""
        dotted = _DOTTED.fullmatch(text)
        if dotted:
            return [self.regions[text]] if text in self.regions else []
        bare = _BARE.fullmatch(text)
        if not bare:
            return None
        province, unit = bare.groups()
        if unit is None:
            return [self.regions[province]] if province in self.regions else []
        found = []
        if bare_codes in ("bps", "either") and province + unit in self._by_bps:
            found.append(self._by_bps[province + unit])
        if bare_codes in ("kemendagri", "either") and f"{province}.{unit}" in self.regions:
            found.append(self.regions[f"{province}.{unit}"])
        return found

    def _named(self, text: str) -> list[Region]:
        key, kind = parse_name(text)
        found = [r for r in self._by_name.get(key, []) if kind in (None, r.kind)]
        if not found and kind is not None:
            # 'Kota Baru' may be Kabupaten Kotabaru: the prefix was part of the name.
            found = self._by_name.get(_squash(_plain(text)), [])
        return found


def _scope_words(level: Level | None, within: str | None) -> str:
    what = {"provinsi": "a province", "kabupaten_kota": "a kabupaten/kota"}.get(level or "", "a known region")
    return f"{what} in province {within}" if within else what


def _reading(text: str, region: Region) -> str:
    """'Kabupaten Tebo (BPS 1508)' where `text` is a BPS code, else its label."""
    bare = _BARE.fullmatch(text)
    if bare and bare.group(2) and region.bps_code == "".join(bare.groups()):
        return f"{region.name} (BPS {region.bps_code}, Kemendagri {region.kemendagri_code})"
    return region.label()


def read_regions(reference_dir: Path = REFERENCE_DIR) -> tuple[Region, ...]:
    """The committed regions table, data/regions.csv (built by scripts/build_regions.py)."""
    with open(Path(reference_dir) / "regions.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            Region(row["kemendagri_code"], row["bps_code"] or None, row["level"], row["kind"], row["name"],
                   row["short_name"], row["province_code"], tuple(a for a in row["aliases"].split("|") if a))
            for row in csv.DictReader(handle)
        )


@cache
def region_index() -> RegionIndex:
    """Every province and kabupaten/kota of Indonesia, read once."""
    return RegionIndex(read_regions())


@cache
def kabupaten_kota_codes() -> tuple[str, ...]:
    """The Kemendagri codes of all kabupaten/kota in code order: the order of the ENUM regency_t
    (data/db.py), so a province's units are one run of positions."""
    return tuple(sorted(r.kemendagri_code for r in region_index().kabupaten_kota()))


@cache
def province_positions(province_code: str) -> tuple[int, int]:
    """The first and last position in `kabupaten_kota_codes()` of a province's units."""
    codes = kabupaten_kota_codes()
    inside = [i for i, code in enumerate(codes) if code.split(".")[0] == province_code]
    if not inside:
        raise KeyError(f"no kabupaten/kota in province {province_code!r}")
    return inside[0], inside[-1]


def scope_province() -> str | None:
    """The home province of this deployment (`PRAKERJA_SCOPE`), None for a national one."""
    scope = config.scope()
    if scope == config.NATIONAL:
        return None
    provinces = {r.kemendagri_code for r in region_index().provinces()}
    if scope not in provinces:
        raise ValueError(f"PRAKERJA_SCOPE must be a province's Kemendagri code ({', '.join(sorted(provinces))}) "
                         f"or {config.NATIONAL}, got {scope!r}")
    return scope
