"""One catalogue for every UI string; numbers formatted the way each language writes them."""

from __future__ import annotations

import re

import pytest

from prakerja_dash import i18n


def test_every_entry_has_both_languages_and_the_same_placeholders():
    for key, entry in i18n.CATALOGUE.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in entry.items()}
        assert placeholders["id"] == placeholders["en"], key


def test_demo_notice_names_itself_in_each_language():
    assert i18n.t("demo_notice", "id").startswith("Data demo (sintetis)")
    assert i18n.t("demo_notice", "en").startswith("Demo data (synthetic)")


@pytest.mark.parametrize(
    ("function", "args", "indonesian", "english"),
    [
        (i18n.format_int, (1_234_567,), "1.234.567", "1,234,567"),
        (i18n.format_int, (0,), "0", "0"),
        (i18n.format_pct, (0.1234,), "12,3 %", "12.3 %"),
        (i18n.format_pct, (1,), "100,0 %", "100.0 %"),
        (i18n.format_rupiah, (1_200_000,), "Rp 1,2 jt", "Rp 1.2 M"),
        (i18n.format_rupiah, (550_000,), "Rp 550 rb", "Rp 550 K"),
        (i18n.format_rupiah, (999_960,), "Rp 1 jt", "Rp 1 M"),  # the unit is chosen after rounding
        (i18n.format_rupiah, (12_500_000,), "Rp 12,5 jt", "Rp 12.5 M"),
        (i18n.format_rupiah, (2_500_000_000,), "Rp 2,5 M", "Rp 2.5 B"),
        (i18n.format_rupiah, (-200_000,), "-Rp 200 rb", "-Rp 200 K"),
        (i18n.format_rupiah, (750,), "Rp 750", "Rp 750"),
        (i18n.format_rupiah_range, (500_000, 1_000_000), "Rp 0,5–1 jt", "Rp 0.5–1 M"),
        (i18n.format_rupiah_range, (10_000_000, None), "≥ Rp 10 jt", "≥ Rp 10 M"),
    ],
)
def test_number_formats(function, args, indonesian, english):
    assert function(*args, "id") == indonesian
    assert function(*args, "en") == english


def test_plotly_writes_digits_with_the_same_separators():
    assert i18n.plotly_separators("id") == ",." and i18n.plotly_separators("en") == ".,"


def test_signed_rupiah_and_suppressed_values():
    assert i18n.format_rupiah(550_000, "id", signed=True) == "+Rp 550 rb"
    assert i18n.format_rupiah(0, "id", signed=True) == "Rp 0"
    assert i18n.format_measure("share", float("nan"), "id", 10) == "< 10"
    assert i18n.format_measure("count", None, "en", 5) == "< 5"
    assert i18n.format_measure("count", 12_000, "id", 10) == "12.000"


def test_unknown_language_falls_back_to_indonesian():
    assert i18n.t("page_overview", "fr") == "Ringkasan"
