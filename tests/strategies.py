"""Hypothesis strategies for filter values.

`filters` draws, most of the time, a selection a person would make and that selects enough
alumni of the fixture database (tests/conftest.py: 20,000 rows, seed 7) for the compared
numbers to mean something: waves consistent with years (domain/programme.py YEAR_WAVES),
broad regency subsets, at most two further restrictions, each with common values. The rest
of the time it draws one of the EDGE_FILTERS: a selection of nobody, and selections of
exactly K-1 and exactly K alumni on the fixture database (tests/test_queries.py checks
those counts, so a change to the demo data that moves them is reported there).
`any_filter_values` draws any valid filter, for tests of the filter object itself.
"""

from __future__ import annotations

from hypothesis import strategies as st

from prakerja_dash.config import DEFAULT_MIN_CELL
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.programme import YEAR_WAVES
from prakerja_dash.domain.regions import region_index
from prakerja_dash.domain.vocabulary import (
    AGE_BANDS,
    CATEGORIES,
    EDUCATION,
    GENDERS,
    WAVES,
    WORK_STATUSES,
    YEARS,
)

K = DEFAULT_MIN_CELL
JAMBI_CODES = tuple(sorted(r.kemendagri_code for r in region_index().kabupaten_kota("15")))

# Edge cases on the fixture database, each with the number of alumni it selects there.
NOBODY = Filters(waves=YEAR_WAVES[2020], years=(2023, 2024))  # waves of 2020 in 2023-2024: no one
K_MINUS_ONE = Filters(regencies=("15.72",), categories=("gaya_hidup",), statuses=("pekerja",))
EXACTLY_K = Filters(regencies=("15.72",), categories=("makanan",), statuses=("pekerja",))
EDGE_FILTERS = {NOBODY: 0, K_MINUS_ONE: K - 1, EXACTLY_K: K}


@st.composite
def _period(draw) -> tuple[tuple[int, int], tuple[int, int]]:
    """(waves, years): all of them, or the waves of a span of years (all or a sub-span of them),
    with the years given too or left open. Never waves outside the years."""
    if draw(st.booleans()):
        return WAVES, YEARS
    first, last = sorted(draw(st.lists(st.sampled_from(sorted(YEAR_WAVES)), min_size=2, max_size=2)))
    low, high = YEAR_WAVES[first][0], YEAR_WAVES[last][1]
    if draw(st.booleans()):
        start = draw(st.integers(low, high))
        end = draw(st.integers(start, high))
        waves = (start, end)
    else:
        waves = (low, high)
    years = draw(st.sampled_from([YEARS, (first, last)]))
    return waves, years


def _broad(values: tuple[str, ...], min_size: int) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=len(values) - 1, unique=True).map(tuple)


# Restrictions beyond place and period: each drawn with enough values to stay populated.
_RESTRICTIONS = {
    "age_bands": _broad(AGE_BANDS, 2),
    "education": _broad(EDUCATION, 2),
    "categories": _broad(CATEGORIES, 3),
    "statuses": _broad(WORK_STATUSES, 1),
}


@st.composite
def _populated(draw) -> Filters:
    waves, years = draw(_period())
    regencies = draw(st.one_of(st.just(()), _broad(JAMBI_CODES, 3), st.sampled_from(JAMBI_CODES).map(
        lambda code: (code,))))
    chosen = draw(st.lists(st.sampled_from(sorted(_RESTRICTIONS)), max_size=2, unique=True))
    more = {name: draw(_RESTRICTIONS[name]) for name in chosen}
    gender = draw(st.one_of(st.none(), st.sampled_from(GENDERS)))
    return Filters(regencies=regencies, waves=waves, years=years, gender=gender, **more)


populated_filters = _populated()
edge_filters = st.sampled_from(list(EDGE_FILTERS))
# For the numbers: nine draws in ten are populated selections, one in ten an edge case.
filters = st.sampled_from([populated_filters] * 9 + [edge_filters]).flatmap(lambda strategy: strategy)


def _subset(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=len(values), unique=True).map(tuple)


def _span(bounds: tuple[int, int]) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(*bounds), st.integers(*bounds)).map(lambda pair: tuple(sorted(pair)))


# For the filter object itself (URL, command line, SQL parameters): any valid value of every
# field, whether or not it selects anyone.
any_filter_values = st.builds(
    Filters,
    regencies=_subset(JAMBI_CODES),
    waves=st.one_of(st.just(WAVES), _span(WAVES)),
    years=st.one_of(st.just(YEARS), _span(YEARS)),
    gender=st.one_of(st.none(), st.sampled_from(GENDERS)),
    age_bands=_subset(AGE_BANDS),
    education=_subset(EDUCATION),
    categories=_subset(CATEGORIES),
    statuses=_subset(WORK_STATUSES),
)
