"""The coded values the data model and the filters share (see data/schema.sql)."""

WAVES = (1, 71)
YEARS = (2020, 2024)
GENDERS = ("L", "P")
AGE_BANDS = ("18-25", "26-35", "36-45", "46-55", "56+")
EDUCATION = ("sd", "smp", "sma", "diploma", "sarjana")
CATEGORIES = ("pemasaran", "ti", "keuangan", "bahasa", "gaya_hidup", "manajemen",
              "perkantoran", "sosial", "makanan", "pertanian", "desain", "wirausaha")
WORK_STATUSES = ("tidak_bekerja", "pekerja", "wirausaha")
