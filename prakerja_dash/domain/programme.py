"""Facts of the Kartu Prakerja programme that code relies on, each written once.

Sources: ../shared/reference/prakerja_jambi_facts.md §2.1 (waves by year, opening dates)
and §2.3 (benefits per scheme); see data/SOURCES.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PROGRAMME_OPENED = date(2020, 4, 11)  # wave 1 opened (facts §2.1)
YEAR_WAVES = {2020: (1, 11), 2021: (12, 22), 2022: (23, 47), 2023: (48, 62), 2024: (63, 71)}
FIRST_NORMAL_WAVE = 48  # the normal scheme starts with wave 48 (Feb 2023)
FIRST_NORMAL_YEAR = 2023
# Benefits per scheme in rupiah: training balance, post-training incentive, survey incentive
# (facts §2.3: semi-bansos 2020-2022, normal scheme 2023-2024).
SCHEME_BENEFITS = {"semi_bansos": (1_000_000, 2_400_000, 150_000), "normal": (3_500_000, 600_000, 100_000)}
# Known opening dates (facts §2.1); other waves lie between them.
WAVE_OPENED = {
    1: date(2020, 4, 11), 4: date(2020, 8, 8), 7: date(2020, 9, 3), 11: date(2020, 11, 10),
    12: date(2021, 2, 22), 14: date(2021, 3, 12), 20: date(2021, 9, 9), 22: date(2021, 10, 25),
    23: date(2022, 2, 17), 32: date(2022, 6, 15), 43: date(2022, 8, 28), 47: date(2022, 11, 20),
    48: date(2023, 2, 17), 52: date(2023, 5, 10), 61: date(2023, 9, 22), 62: date(2023, 10, 11),
    63: date(2024, 2, 23), 65: date(2024, 3, 22), 71: date(2024, 10, 15),
}



@dataclass(frozen=True)
class SurveyOutcome:
    """A published share of alumni not working at registration who later worked (`employed`) or ran a
    business (`business`), from PMO's self-reported surveys: of one programme year, or cumulative
    (`year` None); `area` is 'national' or 'jambi'."""

    year: int | None
    employed: float
    business: float
    area: str
    source: str


# ../shared/reference/prakerja_national_facts.md "Outcomes" and prakerja_jambi_facts.md §3.2, §5. A source is
# written as publications and ISO dates, the same in both languages.
SURVEY_OUTCOMES = (
    SurveyOutcome(2020, 0.18, 0.17, "national", "Tempo, 2021-02-26"),  # PMO's evaluation of 2020
    # 27 % now working (antaranews), of whom 14 points as entrepreneurs (liputan6 / bisnis)
    SurveyOutcome(2021, 0.13, 0.14, "national", "antaranews; liputan6 / bisnis, 2021-11-08"),
    SurveyOutcome(2023, 0.13, 0.11, "national", "katadata; suara.com, 2023-08-10"),  # the normal scheme
    SurveyOutcome(None, 0.13, 0.13, "national", "kaltenglima.com, 2024-10"),  # cumulative, 18.98 M alumni
    SurveyOutcome(None, 0.12, 0.12, "jambi", "pseko.id; aksara24.id, 2024-09"),  # cumulative, Jambi
)


def year_of_wave(wave: int) -> int:
    """The calendar year a wave ran in."""
    return next(year for year, (first, last) in YEAR_WAVES.items() if first <= wave <= last)


def scheme_of_wave(wave: int) -> str:
    return "normal" if wave >= FIRST_NORMAL_WAVE else "semi_bansos"


def scheme_of_year(year: int) -> str:
    return "normal" if year >= FIRST_NORMAL_YEAR else "semi_bansos"


def latest_registration(wave: int) -> tuple[date, int | None]:
    """The last day someone can have registered for `wave`, and the wave that sets it.

    A wave takes registrations until it closes, and it closes before the next wave opens; so
    the opening of the next wave whose date is known bounds it. After the last known opening
    (wave 71, the programme's last), the end of that wave's year does.
    """
    later = [known for known in WAVE_OPENED if known > wave]
    if later:
        following = min(later)
        return WAVE_OPENED[following], following
    return date(year_of_wave(wave), 12, 31), None
