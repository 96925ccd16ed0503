"""Rules of the dashboard's interactions, as plain functions (no Streamlit): which widget holds
which filter, what a map click does, when a slide advances, which regency the profile shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prakerja_dash.domain.filters import Filters

# Filters attribute -> key of the sidebar widget that holds it: the one list of filter fields.
FILTER_WIDGETS = {
    "province": "f_province", "regencies": "f_regency", "waves": "f_waves", "years": "f_years", "gender": "f_gender",
    "age_bands": "f_age", "education": "f_education", "categories": "f_category", "statuses": "f_status",
}
_RANGES = ("waves", "years")  # sliders hold a (low, high) tuple; multi-choice widgets hold a list


def widget_values(filters: Filters) -> dict[str, object]:
    """The widget state that shows `filters`."""
    values = {}
    for attr, key in FILTER_WIDGETS.items():
        value = getattr(filters, attr)
        values[key] = list(value) if isinstance(value, tuple) and attr not in _RANGES else value
    return values


def filters_from_widgets(state: Mapping[str, object]) -> Filters:
    """The filters the widgets show."""
    values = {}
    for attr, key in FILTER_WIDGETS.items():
        value = state[key]
        values[attr] = tuple(value) if isinstance(value, list | tuple) else value
    return Filters(**values)


def toggle_codes(current: Sequence[str], clicked: Sequence[str], order: Sequence[str]) -> list[str]:
    """A map click toggles the clicked units (regencies, provinces) in a selection (a second click
    clears one), in the order of `order`, the codes the map was drawn with."""
    return [code for code in order if code in set(current) ^ set(clicked)]


def toggle_regencies(current: list[str], clicked: list[str]) -> list[str]:
    """A map click toggles the clicked regencies in the regency filter (a second click clears
    one), in code order."""
    return sorted(set(current) ^ set(clicked))


DEFAULT_SECONDS_PER_SLIDE = 15
MIN_SECONDS_PER_SLIDE, MAX_SECONDS_PER_SLIDE = 3, 600


def seconds_per_slide(raw: str | None) -> int:
    """`?every=N`: seconds per slide, bounded; 0 (or less) starts paused; unreadable: the default."""
    try:
        seconds = int(raw) if raw is not None else DEFAULT_SECONDS_PER_SLIDE
    except ValueError:
        seconds = DEFAULT_SECONDS_PER_SLIDE
    return 0 if seconds <= 0 else min(max(seconds, MIN_SECONDS_PER_SLIDE), MAX_SECONDS_PER_SLIDE)


def slide_due(changed_at: float, now: float, every: int, paused: bool) -> bool:
    """Whether autoplay moves on: not paused, autoplay on, and the slide has been up long enough."""
    return not paused and every > 0 and now - changed_at >= every


def step_slide(index: int, step: int, total: int) -> int:
    """The slide after moving `step` slides, round and round."""
    return (index + step) % total


def profile_regency(shown: str | None, followed: tuple[str, ...] | None, pinned: bool,
                    selected: tuple[str, ...], default: str) -> tuple[str, tuple[str, ...] | None]:
    """Which regency the profile shows, and which sidebar selection it has followed.

    The profile follows a sidebar (or map) selection of exactly one regency when that selection
    changes; a link that pins a regency (a story's `?profil=`) wins over the selection it was
    opened with; otherwise the regency picked on the page stays.
    """
    if pinned:
        followed = selected
    if len(selected) == 1 and followed != selected:
        return selected[0], selected
    return shown or default, followed
