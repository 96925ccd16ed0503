"""Reading the values people type in Indonesian spreadsheets. Each parser returns the value or
raises `BadValue` with the rule that was broken."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, timedelta

from prakerja_dash.domain.regency_names import RegencyMatcher, normalise


class BadValue(ValueError):
    """A value that breaks `rule`."""

    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def gender(value: object) -> str:
    key = normalise(text(value))
    if key in ("l", "lk", "laki", "lakilaki", "pria", "m", "male"):
        return "L"
    if key in ("p", "pr", "perempuan", "wanita", "f", "female"):
        return "P"
    raise BadValue("jenis kelamin harus L/P, Laki-laki/Perempuan atau Pria/Wanita")


def yes_no(value: object) -> bool:
    key = normalise(text(value))
    if key in ("ya", "y", "yes", "1", "true", "benar"):
        return True
    if key in ("tidak", "t", "no", "n", "0", "false", "tdk", "bukan"):
        return False
    raise BadValue("harus Ya atau Tidak")


def money(value: object) -> int:
    """Rupiah as people write it: 'Rp 1.500.000', '1.500.000,00', '1500000', 1500000.0."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value < 0:
            raise BadValue("jumlah uang tidak boleh negatif atau kosong")
        return int(round(value))
    raw = re.sub(r"(?i)^\s*rp\.?\s*", "", text(value)).replace(" ", "")
    if not raw:
        raise BadValue("jumlah uang kosong")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", raw) or re.fullmatch(r"\d+,\d{1,2}", raw):
        number = float(raw.replace(".", "").replace(",", "."))  # Indonesian: 1.500.000,00
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", raw):
        number = float(raw.replace(",", ""))  # English: 1,500,000.00
    elif re.fullmatch(r"\d+(\.\d+)?", raw):
        number = float(raw)
    else:
        raise BadValue("bukan jumlah uang (contoh: Rp 1.500.000)")
    if number > 1_000_000_000:
        raise BadValue("pendapatan bulanan di atas Rp 1 miliar tidak masuk akal")
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
            raise BadValue("nomor tanggal Excel di luar 1954-2064")
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
        raise BadValue("tanggal tidak ada di kalender") from error
    raise BadValue("tanggal harus dd/mm/yyyy atau yyyy-mm-dd")


def whole_number(value: object, low: int, high: int, what: str) -> int:
    raw = text(value).replace(".0", "") if isinstance(value, str) else value
    try:
        number = int(float(raw)) if raw not in (None, "") else None
    except (TypeError, ValueError) as error:
        raise BadValue(f"{what} harus bilangan bulat") from error
    if number is None or not low <= number <= high or float(raw) != number:
        raise BadValue(f"{what} harus bilangan bulat {low}-{high}")
    return number


def regency(value: object, matcher: RegencyMatcher) -> str:
    raw = text(value)
    code = matcher.by_code(raw) or matcher.by_name(raw)
    if code is None:
        raise BadValue("kabupaten/kota di Jambi tidak dikenal (nama, kode BPS 1501 atau kode Kemendagri 15.01)")
    return code


def _key(label: str) -> str:
    return normalise(re.sub(r"\s+dan\s+", " & ", label.lower()).replace("&", "dan"))


def category(value: object, labels: dict[str, str]) -> str:
    """Category by id or Indonesian/English label; case, spaces and '&'/'dan' forgiven."""
    wanted = _key(text(value))
    for category_id, label in labels.items():
        if wanted in (_key(category_id), _key(label)):
            return category_id
    raise BadValue("kategori pelatihan tidak dikenal")


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
    raise BadValue("status kerja harus Tidak bekerja, Pekerja/karyawan atau Wirausaha")


EDUCATION_WORDS = {"sd": ("sd", "sdmi"), "smp": ("smp", "smpmts"),
                   "sma": ("sma", "smk", "smasmk", "ma", "smasederajat"),
                   "diploma": ("diploma", "d1", "d2", "d3", "d4"), "sarjana": ("sarjana", "s1", "s2", "s3")}


def education(value: object) -> str:
    key = normalise(text(value))
    for code, words in EDUCATION_WORDS.items():
        if key in words:
            return code
    raise BadValue("pendidikan harus SD, SMP, SMA/SMK, Diploma atau Sarjana")


def nik(value: object) -> str:
    """A 16-digit NIK, refusing the damage Excel does to long numbers."""
    if isinstance(value, float) or re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text(value)):
        raise BadValue("NIK rusak oleh Excel (ditulis sebagai angka 3.27305E+15); simpan kolom NIK sebagai teks")
    raw = re.sub(r"[\s.-]", "", text(value))
    if not re.fullmatch(r"\d{16}", raw):
        raise BadValue("NIK harus 16 angka")
    birth_day, month = int(raw[6:8]), int(raw[8:10])
    if not (1 <= birth_day <= 31 or 41 <= birth_day <= 71) or not 1 <= month <= 12:
        raise BadValue("NIK memuat tanggal lahir yang tidak mungkin")
    return raw


def pseudonym(nik_digits: str, key: bytes) -> str:
    """A keyed hash of the NIK: stable for one key, useless without it (a plain hash is reversible)."""
    return "NIK-" + hmac.new(key, nik_digits.encode(), hashlib.sha256).hexdigest()[:24]


def participant_id(value: object) -> str:
    raw = text(value)
    if not raw or len(raw) > 64:
        raise BadValue("id_peserta kosong atau lebih dari 64 karakter")
    if re.fullmatch(r"\d{16}", raw):
        raise BadValue("id_peserta tampak seperti NIK; gunakan kolom nik agar disamarkan")
    return raw
