"""Reading the values people type in Indonesian spreadsheets. Each parser returns the value or
raises `BadValue` with the rule that was broken."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from prakerja_dash.domain.regency_names import normalise
from prakerja_dash.domain.regions import AmbiguousRegion, RegionError, UnknownRegion, region_index
from prakerja_dash.imports.messages import Said, Term


class BadValue(Said):
    """A value that breaks a rule: `say(lang)` puts the rule into words; `rule` is the Indonesian text."""

    @property
    def rule(self) -> str:
        return str(self)


MAX_TEXT_CHARS = 300  # a training title or provider; longer text is refused
# Control characters (NUL, C0 and C1, DEL; tab and line breaks excepted) and the bidirectional
# overrides that make text display differently from what it holds: never stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# Characters that show nothing yet make two texts differ: the byte-order mark, zero-width spaces and
# joiners, the soft hyphen and every bidirectional mark. Removed after NFKC (which folds full-width
# digits and letters, ligatures and compatibility forms), so 'HX-\u200b0001' and 'ＨＸ-0001' are 'HX-0001'.
INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def normalised(value: str) -> str:
    """`value` as it is compared, deduplicated and stored: NFKC, invisible characters removed."""
    if value.isascii():
        return value
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", value))


def text(value: object) -> str:
    return "" if value is None else normalised(str(value)).strip()


def clean_text(value: object, what: Term) -> str:
    """Free text that is stored (a title, a provider): control characters removed, length checked."""
    cleaned = CONTROL.sub("", text(value)).strip()
    if len(cleaned) > MAX_TEXT_CHARS:
        raise BadValue("val_too_long", what=what, limit=MAX_TEXT_CHARS)
    return mask_niks(cleaned)


def _finite(value: object) -> float | int | Decimal | None:
    """A number cell (int, float, Decimal) as itself; None for anything else; refuses inf and NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int):
        return value
    if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        raise BadValue("val_not_finite")
    return value


def gender(value: object) -> str:
    key = normalise(text(value))
    if key in ("l", "lk", "laki", "lakilaki", "pria", "m", "male"):
        return "L"
    if key in ("p", "pr", "perempuan", "wanita", "f", "female"):
        return "P"
    raise BadValue("val_gender", first="L/P", second="Laki-laki/Perempuan", third="Pria/Wanita")


def yes_no(value: object) -> bool:
    key = normalise(text(value))
    if key in ("ya", "y", "yes", "1", "true", "benar"):
        return True
    if key in ("tidak", "t", "no", "n", "0", "false", "tdk", "bukan"):
        return False
    raise BadValue("val_yes_no", yes="Ya", no="Tidak")


MAX_MONTHLY_RP = 1_000_000_000  # a monthly income above this is a typing error (and would not fit the column)


def money(value: object) -> int:
    """Rupiah as people write it: 'Rp 1.500.000', '1.500.000,00', '1500000', 1500000.0."""
    try:
        number = _finite(value)
    except BadValue as error:
        raise BadValue("val_money_not_finite") from error
    if number is not None:
        if number < 0:
            raise BadValue("val_money_negative")
        if number > MAX_MONTHLY_RP:
            raise BadValue("val_money_too_high")
        return int(round(number))
    raw = re.sub(r"(?i)^\s*rp\.?\s*", "", text(value)).replace(" ", "")
    if not raw:
        raise BadValue("val_money_empty")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", raw) or re.fullmatch(r"\d+,\d{1,2}", raw):
        number = float(raw.replace(".", "").replace(",", "."))  # Indonesian: 1.500.000,00
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", raw):
        number = float(raw.replace(",", ""))  # English: 1,500,000.00
    elif re.fullmatch(r"\d+(\.\d+)?", raw):
        number = float(raw)
    else:
        raise BadValue("val_money_unreadable")
    if number > MAX_MONTHLY_RP:
        raise BadValue("val_money_too_high")
    return int(number + 0.5)  # half a rupiah up


EXCEL_EPOCH = date(1899, 12, 30)


def day(value: object) -> date:
    """A date: dd/mm/yyyy, dd-mm-yyyy, ISO yyyy-mm-dd, an Excel serial number or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = float(value)
        if not 20_000 <= serial <= 60_000:
            raise BadValue("val_excel_day_range")
        return EXCEL_EPOCH + timedelta(days=int(serial))
    raw = text(value)
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            return date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-")))
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"\d{5}(\.0+)?", raw):
            return day(float(raw))
    except ValueError as error:
        raise BadValue("val_day_missing") from error
    raise BadValue("val_day_format")


def whole_number(value: object, low: int, high: int, what: Term) -> int:
    """A whole number in low..high: 27, 27.0 (a spreadsheet number), '27', '27.0' or '27,00'.

    '2.05' is refused, never read as 205 or 25: a point or comma followed by other digits is a
    fraction or a thousands separator, and neither belongs in a count.
    """
    bounds = {"what": what, "low": str(low), "high": str(high)}  # a range, written without separators
    try:
        number = _finite(value)
    except BadValue as error:
        raise BadValue("val_whole", **bounds) from error
    if number is not None:
        if number != int(number):
            raise BadValue("val_whole_fraction", **bounds)
        whole = int(number)
    else:
        raw = text(value) if isinstance(value, str) else ""
        match = re.fullmatch(r"\+?(\d{1,12})(?:[.,]0{1,2})?", raw)
        if match is None:
            if re.fullmatch(r"\d+(?:[.,]\d+)+", raw):
                raise BadValue("val_whole_separator", **bounds)
            raise BadValue("val_whole", **bounds)
        whole = int(match[1])
    if not low <= whole <= high:
        raise BadValue("val_whole", **bounds)
    return whole


def regency(value: object, home: str | None) -> str:
    """The Kemendagri code of the kabupaten/kota a cell names (a name, a BPS code as four bare
    digits, or a Kemendagri code), within the deployment's province `home` (None: anywhere). A unit
    of another province is refused by its name and province."""
    raw = text(value)
    index = region_index()
    try:
        return index.resolve_code(raw, level="kabupaten_kota", within=home, bare_codes="bps")
    except AmbiguousRegion as error:
        raise BadValue("val_regency_ambiguous", names=" / ".join(r.name for r in error.candidates[:3])) from None
    except UnknownRegion:
        if home is None:
            raise BadValue("val_regency_national") from None
    try:
        elsewhere = index.resolve(raw, level="kabupaten_kota", bare_codes="bps")
    except RegionError:
        raise BadValue("val_regency", province=index[home].short_name) from None
    raise BadValue("val_regency_elsewhere", name=elsewhere.name, province=index[elsewhere.province_code].name,
                   home=index[home].short_name)


def _key(label: str) -> str:
    return normalise(re.sub(r"\s+dan\s+", " & ", label.lower()).replace("&", "dan"))


def category(value: object, labels: dict[str, str]) -> str:
    """Category by id or Indonesian/English label; case, spaces and '&'/'dan' forgiven."""
    wanted = _key(text(value))
    for category_id, label in labels.items():
        if wanted in (_key(category_id), _key(label)):
            return category_id
    raise BadValue("val_category")


STATUS_WORDS = {
    "tidak_bekerja": ("tidakbekerja", "menganggur", "belumbekerja", "pengangguran", "notworking"),
    "pekerja": ("pekerja", "bekerja", "karyawan", "pegawai", "buruh", "pekerjakaryawan", "employee"),
    "wirausaha": ("wirausaha", "berwirausaha", "usaha", "pengusaha", "wiraswasta", "business"),
}


def status(value: object) -> str:
    key = normalise(text(value))
    for code, words in STATUS_WORDS.items():
        if key in words or key == normalise(code):
            return code
    raise BadValue("val_status", first="Tidak bekerja", second="Pekerja/karyawan", third="Wirausaha")


EDUCATION_WORDS = {"sd": ("sd", "sdmi"), "smp": ("smp", "smpmts"),
                   "sma": ("sma", "smk", "smasmk", "ma", "smasederajat"),
                   "diploma": ("diploma", "d1", "d2", "d3", "d4"), "sarjana": ("sarjana", "s1", "s2", "s3")}


def education(value: object) -> str:
    key = normalise(text(value))
    for code, words in EDUCATION_WORDS.items():
        if key in words:
            return code
    raise BadValue("val_education", levels="SD, SMP, SMA/SMK, Diploma", last="Sarjana")


def nik(value: object) -> str:
    """A 16-digit NIK, refusing the damage Excel does to long numbers."""
    if isinstance(value, float) or re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text(value)):
        raise BadValue("val_nik_excel")
    raw = re.sub(r"[\s.-]", "", text(value))
    if not re.fullmatch(r"\d{16}", raw):
        raise BadValue("val_nik_digits")
    birth_day, month = int(raw[6:8]), int(raw[8:10])
    if not (1 <= birth_day <= 31 or 41 <= birth_day <= 71) or not 1 <= month <= 12:
        raise BadValue("val_nik_birth")
    return raw


# A NIK written anywhere in a value: 16 digits, perhaps grouped by spaces, dashes or dots, not part
# of a longer run of digits ("1571-0112-0590-0011", "NIK1571011205900031", "KTP 1571 0112 0590 0021").
_NIK_SHAPED = re.compile(r"(?<!\d)(?<!\d[\s.-])(?<!\d[\s.-]{2})(?<!\d[\s.-]{3})"
                         r"\d(?:[\s.-]{0,3}\d){15}(?![\s.-]{0,3}\d)")
_SCIENTIFIC = re.compile(r"-?\d([.,]\d+)?[eE]\+?\d+")
_LONG_DIGITS = re.compile(r"\d{16,}")  # a NIK glued to other digits, or a longer number that holds one
_NUMBER_WRITTEN = re.compile(r"[+-]?\d{14,}[.,]\d*")  # '1571011205900011.0': a NIK that went through a number


def nik_in_id(value: object) -> str | None:
    """The 16 digits of a NIK written in an id column (grouped, labelled or not), else None.

    Refuses a NIK that Excel has turned into a number: its last digit is already lost.
    """
    number = _finite(value)
    if number is not None and not isinstance(number, int):
        if abs(number) >= 10**14:
            raise BadValue("val_id_number")
        return None
    raw = text(value)
    if _SCIENTIFIC.fullmatch(raw) and len(raw) >= 8:
        raise BadValue("val_id_scientific")
    if _NUMBER_WRITTEN.fullmatch(raw):
        raise BadValue("val_id_number")
    match = _NIK_SHAPED.search(raw)
    if match is None and _LONG_DIGITS.search(raw):
        raise BadValue("val_id_long_digits")
    return re.sub(r"\D", "", match[0]) if match else None


def damaged_nik(value: object) -> bool:
    """A long number or 3.27305E+15: what Excel leaves of a NIK."""
    if isinstance(value, float | Decimal):
        return not math.isfinite(value) or abs(value) >= 10**14
    return bool(_SCIENTIFIC.fullmatch(text(value)))


def masked(value: object) -> str:
    """A NIK (or what was meant to be one) as reports show it: at most its last four digits."""
    raw = text(value)
    digits = re.sub(r"\D", "", raw)
    if isinstance(value, str) and len(digits) >= 4 and not _SCIENTIFIC.fullmatch(raw):
        return "*" * 12 + digits[-4:]
    return "(disamarkan)"


def mask_niks(value: str) -> str:
    """Text with every NIK-shaped run of 16 digits (and every longer run of digits) cut to its last four
    ('************0011')."""
    value = _NIK_SHAPED.sub(lambda m: "*" * 12 + re.sub(r"\D", "", m[0])[-4:], value)
    return _LONG_DIGITS.sub(lambda m: "*" * 12 + m[0][-4:], value)


def pseudonym(nik_digits: str, key: bytes) -> str:
    """A keyed hash of the NIK: stable for one key, useless without it (a plain hash is reversible)."""
    return "NIK-" + hmac.new(key, nik_digits.encode(), hashlib.sha256).hexdigest()[:24]


def participant_id(value: object) -> str:
    """An id that is not a NIK (see `nik_in_id`), stored as written."""
    raw = text(value)
    if not raw or len(raw) > 64:
        raise BadValue("val_id_length", column="id_peserta", limit=64)
    if CONTROL.search(raw):
        raise BadValue("val_id_control", column="id_peserta")
    return raw
