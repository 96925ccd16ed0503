"""Synthetic alumni data calibrated to public Kartu Prakerja and Jambi figures.

Every figure below comes from `shared/reference/prakerja_jambi_facts.md`, with its
source named; the per-regency and per-category *effects* are our own assumptions,
there to give maps and rankings a plausible signal. Same seed and row count give
identical tables: rows are drawn in fixed-size chunks, each from its own
generator seeded with (seed, chunk number).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from prakerja_dash.data import db, reference
from prakerja_dash.domain.programme import FIRST_NORMAL_WAVE, SCHEME_BENEFITS, WAVE_OPENED, YEAR_WAVES
from prakerja_dash.domain.regions import region_index
from prakerja_dash.domain.vocabulary import (
    CATEGORIES,
    EDUCATION,
    WORK_STATUSES,
)

DEFAULT_ROWS = 360_690  # Jambi alumni, Sep 2024 (jambiindependent, PMO)
DEFAULT_SEED = 2024
GENERATOR = "demo-5"  # raise when the generated data changes: older demo files are then rebuilt
NATIONAL_GENERATOR = "national-" + GENERATOR  # a national demo file says so (dataset_info.generator)
MIN_ROWS, MAX_ROWS = 1_000, 20_000_000
CHUNK_ROWS = 500_000

# --- programme calendar ----------------------------------------------------
# National recipients per year (facts §2.1: catatanfakta, tribunnews, idntimes, katadata, topcareer).
NATIONAL_RECIPIENTS = {2020: 5_509_055, 2021: 5_931_574, 2022: 4_984_790, 2023: 1_140_000, 2024: 1_419_298}
# Small waves: 22 was a recovery wave of ~46k places; 48 had a quota of 10,000 (facts §2.1).
WAVE_SIZE_FACTOR = {22: 0.1, 48: 0.15}

# --- people --------------------------------------------------------------
SHARE_WOMEN = 0.52  # Jambi, Sep 2024 (jambiindependent)
AGE_BANDS = ((18, 25), (26, 35), (36, 45), (46, 55), (56, 64))
AGE_BAND_P = np.array([0.40, 0.37, 0.14, 0.07, 0.02])  # 77% aged 18-35 (kompas 2020/11/24)
EDUCATION_P = np.array([0.04, 0.09, 0.63, 0.08, 0.16])  # 63% SMA/SMK, 87% SMA+ (okezone 2022; kompas 2020)
SHARE_NOT_WORKING = 0.61  # at registration, cumulative Oct 2024 (kaltenglima; tirto)
SHARE_ENTREPRENEURS_AMONG_WORKING = 0.49  # liputan6 / bisnis 2021/11/08
# Of the previously unemployed, now employed / running a business, by programme year: PMO's national
# survey figures (domain/programme.SURVEY_OUTCOMES) times 12/13, Jambi's cumulative share (12 % + 12 %,
# Sep 2024: pseko.id; aksara24.id) against the nation's (13 % + 13 %, Oct 2024: kaltenglima.com), so
# that over all years, weighted by NATIONAL_RECIPIENTS, the demo keeps Jambi's 12 % and 12 %.
OUTCOME_BY_YEAR = {
    2020: (0.166, 0.157),  # PMO evaluation 2020: 18 % into wage work, 17 % into business (Tempo, 26 Feb 2021)
    2021: (0.120, 0.129),  # 2021: 27 % now working (antaranews), 14 % entrepreneurs (liputan6/bisnis, 8 Nov 2021)
    2022: (0.069, 0.078),  # no published figure: what keeps the cumulative at 12 % and 12 % (derived)
    2023: (0.120, 0.102),  # normal scheme 2023: 13 % employees, 11 % entrepreneurs (katadata; suara, 10 Aug 2023)
    2024: (0.120, 0.102),  # no figure of its own: the normal scheme's 2023 figure (assumption)
}
COMPLETION = 0.971  # 360,690 / 371,322 (facts §3.4, derived)
SURVEY_RESPONSE_COMPLETED, SURVEY_RESPONSE_DROPPED = 0.86, 0.30  # assumption

# Jambi's kabupaten/kota by Kemendagri code, in the order of the effects below (BPS code order:
# 1501-1509, 1571, 1572, where BPS 1506-1509 are Kemendagri 15.07, 15.06, 15.09 and 15.08).
JAMBI_REGENCIES = ("15.01", "15.02", "15.03", "15.04", "15.05", "15.07", "15.06", "15.09", "15.08", "15.71", "15.72")

# Regency effects (assumptions): share not working at registration follows the 2021 open
# unemployment rate (Tribun Jambi, Sep 2022; Sungai Penuh unknown, set near the mean);
# employment and business chances are invented but plausible (city jobs, highland farms).
TPT_2021 = np.array([2.32, 4.83, 5.52, 4.26, 5.59, 1.56, 2.53, 2.83, 5.86, 10.66, 4.50])
REGENCY_EMPLOYED = np.array([0.85, 0.95, 0.90, 0.95, 1.10, 0.75, 0.90, 0.85, 1.00, 1.35, 1.15])
REGENCY_BUSINESS = np.array([1.25, 1.00, 0.85, 0.90, 1.05, 0.80, 1.10, 0.95, 1.15, 1.00, 1.20])

# Category uptake (Penjualan & Pemasaran first, antaranews 1655726; office and IT popular,
# okezone 2021) and outcome effects (assumptions: food, farming and business courses lead to
# businesses, IT/office/language courses to jobs).
CATEGORY_P = np.array([0.27, 0.10, 0.06, 0.09, 0.08, 0.07, 0.10, 0.04, 0.08, 0.04, 0.04, 0.03])
CATEGORY_EMPLOYED = np.array([0.9, 1.45, 1.1, 1.25, 0.8, 1.0, 1.35, 1.0, 0.55, 0.55, 1.2, 0.5])
CATEGORY_BUSINESS = np.array([1.25, 0.55, 0.9, 0.45, 1.3, 1.0, 0.5, 0.7, 1.9, 1.6, 1.0, 1.8])
AGE_EMPLOYED = np.array([1.15, 1.05, 0.80, 0.60, 0.35])
# Pay of a new job or business (assumptions): IT and office skills pay more as jobs, food and
# lifestyle more as businesses; the provincial capital pays more.
CATEGORY_WAGE = np.array([1.0, 1.3, 1.1, 1.1, 0.9, 1.1, 1.05, 0.95, 0.9, 0.85, 1.1, 0.95])
CATEGORY_PROFIT = np.array([1.0, 0.9, 1.0, 0.8, 1.15, 1.0, 0.8, 0.9, 1.3, 1.1, 0.95, 1.2])
REGENCY_PAY = np.array([0.95, 0.95, 0.95, 0.95, 1.05, 0.95, 1.0, 0.95, 1.0, 1.2, 1.0])

# --- incomes (data/SOURCES.md, "Demo incomes") ------------------------------------------
# Mean monthly wage of employees, BPS Sakernas Feb 2023, national (okezone 2023/05/05): all 2.94 jt;
# SD 1.90, SMP 2.24, SMA 2.79 / SMK 2.93 (SMA/SMK here: their mean), Diploma 3.73, university 4.46;
# men 3.23, women 2.42. Jambi's mean wage, Aug 2022: 2.52 jt (BPS via swaranesia.com). Neither is in
# shared/reference; the education and sex gaps are national ones applied to Jambi (an assumption).
NATIONAL_MEAN_WAGE = 2_940_000
WAGE_BY_EDUCATION = np.array([1_900_000, 2_240_000, 2_860_000, 3_730_000, 4_460_000])  # EDUCATION order
WAGE_MEN, WAGE_WOMEN = 3_230_000, 2_420_000
JAMBI_MEAN_WAGE = 2_520_000
UMP_JAMBI_2024 = 3_037_121  # Pergub / Tribunnews 2023/11/22: the provincial minimum wage for 2024
EDUCATION_PAY = WAGE_BY_EDUCATION / NATIONAL_MEAN_WAGE
_SEX_MEAN = (1 - SHARE_WOMEN) * WAGE_MEN + SHARE_WOMEN * WAGE_WOMEN
SEX_PAY = np.array([WAGE_MEN, WAGE_WOMEN]) / _SEX_MEAN  # [men, women], mean 1 over the alumni
# Age profile (assumption shaped by Sakernas Aug 2023: lowest at 15-19, Rp1.83 jt; highest at 50-54,
# Rp3.91 jt, gatra.com 2023/11/06); AGE_BANDS order.
AGE_PAY = np.array([0.80, 1.00, 1.10, 1.15, 1.05])
WAGE_SIGMA, PROFIT_SIGMA = 0.5, 0.75  # spread of log incomes (assumption; profits vary more than wages)
INCOME_ROUNDING = 10_000  # survey answers rounded to Rp10,000 (assumption)
# Income growth of alumni who keep their work, by category, relative to the mean (assumption). It
# gives net income gains of about +5 % (farming) to +16 % (IT) by category around J-PAL's +10 %
# (kontan 2021/12/01; facts §3.2), below Presisi's +17-21 % (facts §3.2).
CATEGORY_GROWTH = np.array([1.0, 1.35, 1.1, 1.2, 0.8, 1.1, 1.15, 0.9, 1.0, 0.6, 1.2, 0.85])
BASE_GROWTH = 0.19  # calibrated: mean gain of alumni who earned before ≈ +10 % (J-PAL)

TRAINING_TITLES = {
    "pemasaran": ("Pemasaran Digital lewat Media Sosial", "Jualan Online di Marketplace",
                  "Copywriting untuk Jualan", "Foto Produk dengan Ponsel"),
    "ti": ("Dasar Pemrograman Web", "Analisis Data dengan Spreadsheet",
           "Teknisi Jaringan Komputer", "Membuat Aplikasi Seluler Sederhana"),
    "keuangan": ("Pembukuan Sederhana untuk UMKM", "Perencanaan Keuangan Keluarga",
                 "Pajak untuk Usaha Kecil", "Akuntansi Dasar"),
    "bahasa": ("Bahasa Inggris untuk Layanan Pelanggan", "Persiapan IELTS",
               "Bahasa Jepang Dasar", "Bahasa Korea untuk Pekerja"),
    "gaya_hidup": ("Tata Rias Wajah", "Barista Kopi", "Menjahit Busana", "Perawatan Rambut"),
    "manajemen": ("Manajemen Proyek Dasar", "Memimpin Tim Kecil",
                  "Manajemen Gudang dan Logistik", "Dasar Manajemen SDM"),
    "perkantoran": ("Microsoft Office untuk Administrasi", "Administrasi Perkantoran",
                    "Kearsipan Digital", "Sekretaris Profesional"),
    "sosial": ("Layanan Pelanggan Prima", "Komunikasi Efektif di Tempat Kerja",
               "Berbicara di Depan Umum", "Negosiasi"),
    "makanan": ("Membuat Roti dan Donat", "Usaha Katering Rumahan",
                "Kue Kering untuk Dijual", "Makanan Beku Siap Saji"),
    "pertanian": ("Budidaya Ikan Lele", "Hidroponik Sayuran", "Budidaya Kopi", "Budidaya Jamur Tiram"),
    "desain": ("Desain Grafis dengan Canva", "Ilustrasi Digital", "Animasi 2D Dasar", "Desain Kemasan Produk"),
    "wirausaha": ("Memulai Usaha dari Rumah", "Rencana Bisnis untuk Pemula",
                  "Usaha Jasa Sewa", "Kewirausahaan Sosial"),
}
# Platforms by period (facts §2.5); providers are invented.
PLATFORMS = {
    "semi_bansos": ("Tokopedia", "Bukalapak", "Pintaria", "Sekolah.mu", "MauBelajarApa",
                    "Pijar Mahir", "Sisnaker", "Karier.mu", "PINTAR"),
    "normal": ("Tokopedia", "Bukalapak", "Pijar Mahir", "Karier.mu", "PINTAR", "SIAPkerja"),
}
PROVIDERS = ("LPK Cakap Mandiri (demo)", "LPK Terampil Nusantara (demo)", "Akademi Kerja Sumatra (demo)",
             "Kursus Maju Bersama (demo)", "LP Digital Batanghari (demo)")


def wave_table() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Waves 1-71: year, probability of a registration, opening date (days since epoch)."""
    waves = np.arange(1, 72)
    years = np.empty(71, dtype=np.int16)
    weights = np.empty(71)
    total = sum(NATIONAL_RECIPIENTS.values())
    for year, (first, last) in YEAR_WAVES.items():
        members = np.arange(first, last + 1)
        factors = np.array([WAVE_SIZE_FACTOR.get(int(w), 1.0) for w in members])
        years[members - 1] = year
        weights[members - 1] = NATIONAL_RECIPIENTS[year] / total * factors / factors.sum()
    known = np.array(sorted(WAVE_OPENED))
    known_days = np.array([np.datetime64(WAVE_OPENED[w], "D").astype(np.int64) for w in known])
    opened = np.interp(waves, known, known_days).astype(np.int64)
    return waves, years, weights / weights.sum(), opened


def _weighted_mean_one(effects: np.ndarray, p: np.ndarray) -> np.ndarray:
    return effects / float(np.dot(effects, p))


def regency_shares(populations: np.ndarray) -> np.ndarray:
    return populations / populations.sum()


def _not_working_share_by_regency(regency_p: np.ndarray) -> np.ndarray:
    relative = 0.85 + 0.3 * (TPT_2021 - TPT_2021.min()) / (TPT_2021.max() - TPT_2021.min())
    return SHARE_NOT_WORKING * _weighted_mean_one(relative, regency_p)


def trainings_table() -> pa.Table:
    rows = {k: [] for k in ("training_id", "title", "category_id", "provider", "platform",
                            "mode", "hours", "price_rp", "scheme")}
    training_id = 1
    for scheme in ("semi_bansos", "normal"):
        for c, category in enumerate(CATEGORIES):
            for t, title in enumerate(TRAINING_TITLES[category]):
                platforms = PLATFORMS[scheme]
                rows["training_id"].append(training_id)
                rows["title"].append(title)
                rows["category_id"].append(category)
                rows["provider"].append(PROVIDERS[(c + t) % len(PROVIDERS)])
                rows["platform"].append(platforms[(c * 4 + t) % len(platforms)])
                rows["mode"].append("daring")  # Jambi had no offline training (Tribun Jambi 2024/09/19)
                if scheme == "semi_bansos":
                    rows["hours"].append(4 + (c + 3 * t) % 9)
                    rows["price_rp"].append(250_000 + 150_000 * ((c + t) % 6))
                else:  # normal scheme: at least 15 hours, budget Rp3.5 million
                    rows["hours"].append(15 + 5 * ((c + t) % 5))
                    rows["price_rp"].append(1_500_000 + 500_000 * ((c + 2 * t) % 5))
                rows["scheme"].append(scheme)
                training_id += 1
    return pa.table(rows)


def _first_training_id(scheme_index: np.ndarray, category_index: np.ndarray) -> np.ndarray:
    per_category = 4
    return 1 + scheme_index * len(CATEGORIES) * per_category + category_index * per_category


def _round_to(values: np.ndarray, step: int) -> np.ndarray:
    return (np.round(values / step) * step).astype(np.int64)


def generate_chunk(rng: np.random.Generator, first_row: int, n: int, regency_p: np.ndarray) -> tuple[pa.Table, pa.Table]:
    """`n` alumni starting at row number `first_row`, and their survey answers."""
    waves, wave_years, wave_p, wave_opened = wave_table()
    wave_index = rng.choice(71, size=n, p=wave_p)
    wave = waves[wave_index]
    scheme_index = (wave >= FIRST_NORMAL_WAVE).astype(np.int64)
    registered = wave_opened[wave_index] + rng.integers(0, 5, size=n)

    regency = rng.choice(len(regency_p), size=n, p=regency_p)
    women = rng.random(n) < SHARE_WOMEN
    band = rng.choice(len(AGE_BANDS), size=n, p=AGE_BAND_P)
    lows = np.array([lo for lo, _ in AGE_BANDS])
    highs = np.array([hi for _, hi in AGE_BANDS])
    age = lows[band] + (rng.random(n) * (highs[band] - lows[band] + 1)).astype(np.int64)
    education_p = np.tile(EDUCATION_P, (n, 1))
    is_city = np.isin(regency, (9, 10))
    education = _choice_rows(rng, education_p, shift_to_last=np.where(is_city, 0.08, 0.0))

    not_working_p = _not_working_share_by_regency(regency_p)[regency]
    draw = rng.random(n)
    status_before = np.where(
        draw < not_working_p, 0,
        np.where(rng.random(n) < SHARE_ENTREPRENEURS_AMONG_WORKING, 2, 1),
    )
    category = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_P)
    training_id = _first_training_id(scheme_index, category) + rng.integers(0, 4, size=n)
    completed = rng.random(n) < COMPLETION

    benefit = np.array([SCHEME_BENEFITS["semi_bansos"], SCHEME_BENEFITS["normal"]])[scheme_index]
    incentive = np.where(completed, benefit[:, 1], 0)
    surveyed = rng.random(n) < np.where(completed, SURVEY_RESPONSE_COMPLETED, SURVEY_RESPONSE_DROPPED)
    survey_incentive = np.where(surveyed, benefit[:, 2], 0)

    status_after = _status_after(rng, status_before, regency, category, band, regency_p, wave_years[wave_index])
    started = (status_after == 2) & (status_before != 2)
    food = category == CATEGORIES.index("makanan")
    has_staff = started & (rng.random(n) < np.where(food, 0.45, 0.3))
    employees = np.where(has_staff, 1 + rng.poisson(np.where(food, 1.2, 0.7), size=n), 0)

    people = {"education": education, "women": women, "band": band, "regency": regency, "category": category}
    income_before, income_after = _incomes(rng, status_before, status_after, people)
    surveyed_on = registered + 90 + rng.integers(0, 270, size=n)
    sector = np.array(CATEGORIES, dtype=object)[category]

    ids = np.arange(first_row + 1, first_row + n + 1)
    alumni = pa.table({
        "row_number": ids,
        "wave": wave.astype(np.uint8),
        "year": wave_years[wave_index],
        "registered_days": registered,
        "regency_index": regency.astype(np.int8),
        "women": women,
        "age": age.astype(np.uint8),
        "education_index": education.astype(np.int8),
        "status_before_index": status_before.astype(np.int8),
        "training_id": training_id.astype(np.int32),
        "completed": completed,
        "scheme_index": scheme_index.astype(np.int8),
        "training_budget_rp": benefit[:, 0].astype(np.int32),
        "incentive_rp": incentive.astype(np.int32),
        "survey_incentive_rp": survey_incentive.astype(np.int32),
    })
    answered = np.flatnonzero(surveyed)
    outcomes = pa.table({
        "row_number": ids[answered],
        "surveyed_days": surveyed_on[answered],
        "status_after_index": status_after[answered].astype(np.int8),
        "started_business": started[answered],
        "business_sector": pa.array(np.where(started, sector, None)[answered], type=pa.string()),
        "employees": employees[answered].astype(np.uint16),
        "income_before_rp": income_before[answered].astype(np.int32),
        "income_after_rp": income_after[answered].astype(np.int32),
    })
    return alumni, outcomes


def _choice_rows(rng: np.random.Generator, p: np.ndarray, shift_to_last: np.ndarray) -> np.ndarray:
    """Per-row categorical draw; `shift_to_last` moves probability from the middle to the last class."""
    p = p.copy()
    p[:, 2] -= shift_to_last
    p[:, -1] += shift_to_last
    cumulative = np.cumsum(p, axis=1)
    return (rng.random(len(p))[:, None] > cumulative).sum(axis=1).clip(0, p.shape[1] - 1)


def _status_after(rng, status_before, regency, category, band, regency_p, year) -> np.ndarray:
    not_working_p = _not_working_share_by_regency(regency_p)
    unemployed_regency_p = regency_p * not_working_p / np.dot(regency_p, not_working_p)
    years = np.array(sorted(OUTCOME_BY_YEAR))
    in_year = np.searchsorted(years, year)
    employed_in_year, business_in_year = np.array([OUTCOME_BY_YEAR[y] for y in years]).T
    employed = (employed_in_year[in_year]
                * _weighted_mean_one(REGENCY_EMPLOYED, unemployed_regency_p)[regency]
                * _weighted_mean_one(CATEGORY_EMPLOYED, CATEGORY_P)[category]
                * _weighted_mean_one(AGE_EMPLOYED, AGE_BAND_P)[band])
    business = (business_in_year[in_year]
                * _weighted_mean_one(REGENCY_BUSINESS, unemployed_regency_p)[regency]
                * _weighted_mean_one(CATEGORY_BUSINESS, CATEGORY_P)[category])
    draw = rng.random(len(status_before))
    from_unemployed = np.where(draw < employed, 1, np.where(draw < employed + business, 2, 0))
    # People who were working mostly keep their status (assumption).
    from_employee = np.where(draw < 0.85, 1, np.where(draw < 0.93, 2, 0))
    from_business = np.where(draw < 0.88, 2, np.where(draw < 0.94, 1, 0))
    return np.select([status_before == 0, status_before == 1], [from_unemployed, from_employee], from_business)


def _lognormal(rng: np.random.Generator, mean: np.ndarray, sigma: float) -> np.ndarray:
    """Continuous incomes with the given means (a lognormal's median is its mean × e^(-σ²/2))."""
    return rng.lognormal(np.log(mean) - sigma**2 / 2, sigma)


def _incomes(rng, status_before, status_after, people) -> tuple[np.ndarray, np.ndarray]:
    """Monthly incomes in rupiah, drawn from continuous distributions and rounded as survey answers are.

    `people` holds per-row indices: education, women, age band, regency, category.
    """
    n = len(status_before)
    education, women, band, regency, category = (people[k] for k in
                                                 ("education", "women", "band", "regency", "category"))
    level = (JAMBI_MEAN_WAGE * EDUCATION_PAY[education] * SEX_PAY[women.astype(int)] * AGE_PAY[band]
             * REGENCY_PAY[regency])
    wage = _lognormal(rng, level, WAGE_SIGMA)
    # Own-account work earns less than a wage on average and varies more (assumption).
    profit = _lognormal(rng, 0.8 * level * CATEGORY_PROFIT[category], PROFIT_SIGMA)
    odd_jobs = np.where(rng.random(n) < 0.2, rng.uniform(200_000, 900_000, size=n), 0.0)
    before = np.select([status_before == 1, status_before == 2], [wage, profit], odd_jobs)
    # Same status: growth that depends on the training category; new job or business: a fresh draw.
    growth = before * (1 + rng.normal(BASE_GROWTH * CATEGORY_GROWTH[category], 0.10, size=n))
    new_wage = _lognormal(rng, 0.9 * level * CATEGORY_WAGE[category], WAGE_SIGMA)  # an entry wage
    new_profit = _lognormal(rng, 0.7 * level * CATEGORY_PROFIT[category], PROFIT_SIGMA)
    same = status_after == status_before
    after = np.select(
        [same & (status_after > 0), status_after == 1, status_after == 2],
        [growth, new_wage, new_profit],
        np.where(rng.random(n) < 0.2, rng.uniform(200_000, 900_000, size=n), 0.0),
    )
    return _round_to(before, INCOME_ROUNDING), _round_to(np.maximum(after, 0), INCOME_ROUNDING)


INSERT_ALUMNI = """
INSERT INTO alumni
SELECT
    'DEMO-' || lpad(row_number::VARCHAR, 8, '0'),
    wave, year,
    DATE '1970-01-01' + CAST(registered_days AS INTEGER),
    ($regencies)[regency_index + 1],
    CASE WHEN women THEN 'P' ELSE 'L' END,
    age,
    ($education)[education_index + 1],
    ($statuses)[status_before_index + 1],
    training_id, completed,
    CASE WHEN scheme_index = 1 THEN 'normal' ELSE 'semi_bansos' END,
    training_budget_rp, incentive_rp, survey_incentive_rp
FROM chunk_alumni
"""
INSERT_OUTCOMES = """
INSERT INTO business_outcomes
SELECT
    'DEMO-' || lpad(row_number::VARCHAR, 8, '0'),
    DATE '1970-01-01' + CAST(surveyed_days AS INTEGER),
    ($statuses)[status_after_index + 1],
    started_business, business_sector, employees, income_before_rp, income_after_rp
FROM chunk_outcomes
"""

INSERT_STORY = "INSERT INTO alumni_stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # one mark per field
STORIES = [  # ..., is_real, source, business in English (schema order)
    # Real stories (senjari.com, 19 Sep 2024; aksara24.id), summarised in our own words.
    (1, "Hujaipah", "15.71", 27, "makanan", "Kursus membuat kue dan roti", "Gerai donat", True,
     "Alumna gelombang 27 yang belajar membuat kue, lalu membuka usaha donat dengan gerai dan karyawan di Pematang Sulur.",
     "Wave 27 alumna who took a baking course and opened a donut business with an outlet and staff in Pematang Sulur.",
     True, "senjari.com, 19 Sep 2024", "Donut shop"),
    (2, "Yeni", "15.06", 67, "pemasaran", "Pemasaran lewat media sosial", "Sewa papan ucapan", False,
     "Mahasiswi UIN Jambi dan kapten alumni Tanjung Jabung Barat; setelah kursus pemasaran media sosial ia menyewakan papan ucapan.",
     "UIN Jambi student and alumni captain for Tanjung Jabung Barat; after a social-media marketing course she rents out greeting boards.",
     True, "senjari.com, 19 Sep 2024", "Greeting-board rental"),
    # Synthetic stories for the demo.
    (3, "Rahmat (demo)", "15.01", 35, "pertanian", "Budidaya Kopi", "Kebun dan sangrai kopi", True,
     "Contoh sintetis: petani muda yang mulai menjual kopi sangrai dengan merek sendiri.",
     "Synthetic example: a young farmer now selling roasted coffee under his own brand.", False, None, "Coffee garden and roastery"),
    (4, "Siti (demo)", "15.08", 52, "gaya_hidup", "Tata Rias Wajah", "Jasa rias pengantin", False,
     "Contoh sintetis: membuka jasa rias pengantin dan pesanan lewat media sosial.",
     "Synthetic example: opened a bridal make-up service taking bookings on social media.", False, None, "Bridal make-up service"),
    (5, "Andi (demo)", "15.05", 18, "ti", "Dasar Pemrograman Web", "Staf TI di toko bangunan", False,
     "Contoh sintetis: dari menganggur menjadi staf TI yang mengurus toko daring sebuah toko bangunan.",
     "Synthetic example: from unemployed to IT staff running a hardware store's web shop.", False, None, "IT staff at a hardware store"),
    (6, "Dewi (demo)", "15.07", 44, "makanan", "Usaha Katering Rumahan", "Katering rumahan", True,
     "Contoh sintetis: katering rumahan yang kini mempekerjakan dua tetangga.",
     "Synthetic example: a home catering business now employing two neighbours.", False, None, "Home catering"),
    (7, "Fajar (demo)", "15.02", 64, "perkantoran", "Microsoft Office untuk Administrasi", "Staf administrasi", False,
     "Contoh sintetis: diterima sebagai staf administrasi koperasi setelah pelatihan perkantoran.",
     "Synthetic example: hired as a cooperative's office clerk after an office-skills course.", False, None, "Office clerk"),
    (8, "Nurul (demo)", "15.72", 40, "bahasa", "Bahasa Inggris untuk Layanan Pelanggan", "Pemandu wisata Kerinci", False,
     "Contoh sintetis: memandu wisatawan ke Gunung Kerinci dengan bahasa Inggris.",
     "Synthetic example: guides visitors to Mount Kerinci in English.", False, None, "Kerinci tour guide"),
]


@dataclass(frozen=True)
class Province:
    """One province's share of a demo: its kabupaten/kota (Kemendagri codes), the alumni to draw,
    and how they spread. Rows are drawn by Jambi's generator, whose 11 kabupaten/kota are the
    archetypes of every unit's effects: `archetype_p` weighs them, and the rows of archetype i
    go to the units `units_of_archetype[i]` (positions in `codes`), evenly."""

    code: str
    codes: tuple[str, ...]
    rows: int
    archetype_p: np.ndarray
    units_of_archetype: tuple[tuple[int, ...], ...]


JAMBI_CITY_ARCHETYPES = (9, 10)  # Kota Jambi and Sungai Penuh in JAMBI_REGENCIES


def jambi(rows: int, populations: np.ndarray) -> Province:
    """Jambi as the Jambi demo draws it: its own 11 units, by population."""
    return Province("15", JAMBI_REGENCIES, rows, regency_shares(populations), tuple((i,) for i in range(11)))


def province_like_jambi(code: str, units: list[tuple[str, str]], rows: int) -> Province:
    """A province without figures of its own per unit (assumption): every unit weighs the same and
    borrows the effects of one of Jambi's, a kota those of Jambi's two kota, a kabupaten those of
    Jambi's nine kabupaten, in turn. `units` holds (Kemendagri code, kind) in code order."""
    towns = [i for i, (_, kind) in enumerate(units) if kind == "Kota"]
    rural = [i for i, (_, kind) in enumerate(units) if kind != "Kota"]
    members: list[list[int]] = [[] for _ in range(11)]
    for turn, unit in enumerate(rural):
        members[turn % 9].append(unit)
    for turn, unit in enumerate(towns):
        members[JAMBI_CITY_ARCHETYPES[turn % 2]].append(unit)
    weights = np.array([len(m) for m in members], dtype=float)
    return Province(code, tuple(c for c, _ in units), rows, weights / weights.sum(), tuple(map(tuple, members)))


def national_provinces(rows: int, populations: np.ndarray) -> list[Province]:
    """Every province's alumni in proportion to data/province_alumni.csv (its sources are in the
    file), rounded so that they add up to `rows`; Jambi keeps its own units and calibration."""
    counts = {row["province_code"]: int(row["alumni"]) for row in reference.read_csv("province_alumni.csv")}
    index = region_index()
    total = sum(counts.values())
    exact = {code: rows * n / total for code, n in counts.items()}
    drawn = {code: int(value) for code, value in exact.items()}
    for code in sorted(exact, key=lambda c: exact[c] - drawn[c], reverse=True)[: rows - sum(drawn.values())]:
        drawn[code] += 1  # largest remainders
    provinces = []
    for code in sorted(drawn):
        if code == "15":
            provinces.append(jambi(drawn[code], populations))
        else:
            units = [(r.kemendagri_code, r.kind) for r in sorted(index.kabupaten_kota(code), key=lambda r: r.kemendagri_code)]
            provinces.append(province_like_jambi(code, units, drawn[code]))
    return provinces


def _spread_to_units(rng: np.random.Generator, archetype: np.ndarray, province: Province) -> np.ndarray:
    """Each row's unit (position in `province.codes`): one of its archetype's units, evenly."""
    unit = np.zeros(len(archetype), dtype=np.int16)
    for kind, members in enumerate(province.units_of_archetype):
        rows = np.flatnonzero(archetype == kind)
        if len(rows):
            unit[rows] = np.array(members)[rng.integers(0, len(members), size=len(rows))]
    return unit


def build_demo(
    path: Path,
    *,
    rows: int = DEFAULT_ROWS,
    seed: int = DEFAULT_SEED,
    national: bool = False,
    progress: Callable[[float, str], None] | None = None,
) -> float:
    """Build a complete demo database at `path` (replacing any file there); returns seconds taken:
    Jambi's alumni, or with `national` all of Indonesia's, Jambi's drawn as in the Jambi demo.

    The database is built beside `path` and moved into place only when complete.
    """
    if not MIN_ROWS <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be between {MIN_ROWS:,} and {MAX_ROWS:,}, got {rows:,}")
    if seed < 0:
        raise ValueError(f"seed must be zero or positive, got {seed}")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    path = Path(path)
    db.private_folder(path.parent)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".build-") as scratch:
        building = Path(scratch) / path.name
        con = duckdb.connect(str(building))
        try:
            db.create_schema(con)
            con.register("demo_trainings", trainings_table())
            con.execute("INSERT INTO trainings SELECT * FROM demo_trainings")
            con.unregister("demo_trainings")
            known = dict(con.execute("SELECT kemendagri_code, population FROM regions").fetchall())
            populations = np.array([known[code] for code in JAMBI_REGENCIES], dtype=float)
            provinces = national_provinces(rows, populations) if national else [jambi(rows, populations)]
            written = 0
            for province in provinces:
                params = {"regencies": list(province.codes), "education": list(EDUCATION),
                          "statuses": list(WORK_STATUSES)}
                for number, first in enumerate(range(0, province.rows, CHUNK_ROWS)):
                    # Jambi's chunks are seeded as in the Jambi demo; other provinces by their code too.
                    rng = np.random.default_rng([seed, number] if province.code == "15" else
                                                [seed, int(province.code), number])
                    size = min(CHUNK_ROWS, province.rows - first)
                    chunk_alumni, chunk_outcomes = generate_chunk(rng, written, size, province.archetype_p)
                    archetype = chunk_alumni.column("regency_index").to_numpy()
                    chunk_alumni = chunk_alumni.set_column(
                        chunk_alumni.schema.get_field_index("regency_index"), "regency_index",
                        pa.array(_spread_to_units(rng, archetype, province)))
                    con.register("chunk_alumni", chunk_alumni)
                    con.register("chunk_outcomes", chunk_outcomes)
                    con.execute(INSERT_ALUMNI, {k: params[k] for k in ("regencies", "education", "statuses")})
                    con.execute(INSERT_OUTCOMES, {"statuses": params["statuses"]})
                    con.unregister("chunk_alumni")
                    con.unregister("chunk_outcomes")
                    written += size
                    report(0.85 * written / rows, f"{written:,} / {rows:,}")
            con.executemany(INSERT_STORY, STORIES)
            report(0.9, "alumni_outcomes")
            db.build_derived(con, salt=f"demo-{seed}")
            db.write_dataset_info(con, source="demo", version=1, seed=seed,
                                  generator=NATIONAL_GENERATOR if national else GENERATOR)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.chmod(building, db.FILE_MODE)
        os.replace(building, path)  # readers see the old file or the new one, never half of one
    report(1.0, "done")
    return time.perf_counter() - started
