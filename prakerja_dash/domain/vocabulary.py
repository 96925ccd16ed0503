"""The coded values the data model and the filters share (see data/schema.sql)."""

REGENCY_CODES = ("1501", "1502", "1503", "1504", "1505", "1506", "1507", "1508", "1509", "1571", "1572")
WAVES = (1, 71)
YEARS = (2020, 2024)
YEAR_WAVES = {2020: (1, 11), 2021: (12, 22), 2022: (23, 47), 2023: (48, 62), 2024: (63, 71)}
GENDERS = ("L", "P")
AGE_BANDS = ("18-25", "26-35", "36-45", "46-55", "56+")
EDUCATION = ("sd", "smp", "sma", "diploma", "sarjana")
CATEGORIES = ("pemasaran", "ti", "keuangan", "bahasa", "gaya_hidup", "manajemen",
              "perkantoran", "sosial", "makanan", "pertanian", "desain", "wirausaha")
WORK_STATUSES = ("tidak_bekerja", "pekerja", "wirausaha")
# Benefits per scheme in rupiah: training balance, post-training incentive, survey incentive
# (facts §2.3: semi-bansos 2020-2022, normal scheme 2023-2024).
SCHEME_BENEFITS = {"semi_bansos": (1_000_000, 2_400_000, 150_000), "normal": (3_500_000, 600_000, 100_000)}
FIRST_NORMAL_WAVE = 48
