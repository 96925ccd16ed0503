"""The coded values the data model and the filters share (see data/schema.sql)."""

REGENCY_CODES = ("1501", "1502", "1503", "1504", "1505", "1506", "1507", "1508", "1509", "1571", "1572")
WAVES = (1, 71)
YEARS = (2020, 2024)
GENDERS = ("L", "P")
AGE_BANDS = ("18-25", "26-35", "36-45", "46-55", "56+")
EDUCATION = ("sd", "smp", "sma", "diploma", "sarjana")
CATEGORIES = ("pemasaran", "ti", "keuangan", "bahasa", "gaya_hidup", "manajemen",
              "perkantoran", "sosial", "makanan", "pertanian", "desain", "wirausaha")
WORK_STATUSES = ("tidak_bekerja", "pekerja", "wirausaha")
