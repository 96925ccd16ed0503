"""Recognising a regency from the way people and files write it, or from either code system."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_PREFIXES = re.compile(r"^(kabupaten|kab|kota|kotamadya|city of)\b\.?\s*")
_SUFFIXES = re.compile(r"\s+(regency|city)$")


def normalise(text: str) -> str:
    """Lower case, accents, punctuation, spaces and the Kabupaten/Kab./Kota prefix removed."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower().strip()
    text = _SUFFIXES.sub("", _PREFIXES.sub("", text))
    return re.sub(r"[^a-z0-9]", "", text)


def says_city(text: str) -> bool:
    return bool(re.match(r"^\s*(kota|kotamadya|city)\b", str(text).lower())) or str(text).lower().endswith(" city")


@dataclass(frozen=True)
class Regency:
    bps_code: str
    kemendagri_code: str
    name: str
    kind: str  # 'Kabupaten' or 'Kota'
    aliases: tuple[str, ...]


class RegencyMatcher:
    """Finds the Kemendagri code of a regency from a code or a name.

    BPS and Kemendagri number Tanjung Jabung Barat/Timur and Tebo/Bungo differently:
    a bare four-digit code is read as BPS, a dotted one (15.06) as Kemendagri.
    """

    def __init__(self, regencies: Iterable[Regency]):
        self.regencies = {r.kemendagri_code: r for r in regencies}
        self._by_bps = {r.bps_code: r.kemendagri_code for r in self.regencies.values()}
        self._by_name: dict[tuple[str, str], str] = {}
        for regency in self.regencies.values():
            for alias in (regency.name, *regency.aliases):
                self._by_name[(normalise(alias), regency.kind)] = regency.kemendagri_code

    def by_code(self, code: object) -> str | None:
        text = str(code).strip()
        if re.fullmatch(r"\d{2}\.\d{2}", text):
            return text if text in self.regencies else None
        if re.fullmatch(r"\d{4}(\.0)?", text):
            return self._by_bps.get(text[:4])
        return None

    def by_name(self, name: object, kind: str | None = None) -> str | None:
        """The regency called `name`; `kind` ('Kabupaten'/'Kota') settles names both could carry."""
        key = normalise(str(name))
        if not key:
            return None
        if kind is None and says_city(str(name)):
            kind = "Kota"
        kinds = [kind] if kind in ("Kabupaten", "Kota") else ["Kabupaten", "Kota"]
        found = {self._by_name[(key, k)] for k in kinds if (key, k) in self._by_name}
        return found.pop() if len(found) == 1 else None
