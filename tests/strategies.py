"""Hypothesis strategies for filter values."""

from __future__ import annotations

from hypothesis import strategies as st

from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.vocabulary import (
    AGE_BANDS,
    CATEGORIES,
    EDUCATION,
    GENDERS,
    REGENCY_CODES,
    WAVES,
    WORK_STATUSES,
    YEARS,
)


def _subset(values):
    return st.lists(st.sampled_from(values), max_size=3, unique=True).map(tuple)


def _span(bounds):
    return st.tuples(st.integers(*bounds), st.integers(*bounds)).map(lambda pair: tuple(sorted(pair)))


filters = st.builds(
    Filters,
    regencies=_subset(REGENCY_CODES),
    waves=st.one_of(st.just(WAVES), _span(WAVES)),
    years=st.one_of(st.just(YEARS), _span(YEARS)),
    gender=st.one_of(st.none(), st.sampled_from(GENDERS)),
    age_bands=_subset(AGE_BANDS),
    education=_subset(EDUCATION),
    categories=_subset(CATEGORIES),
    statuses=_subset(WORK_STATUSES),
)
