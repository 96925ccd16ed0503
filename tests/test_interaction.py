"""The dashboard's interaction rules, as plain functions."""

from __future__ import annotations

from hypothesis import given

from prakerja_dash.domain.filters import Filters
from prakerja_dash.presentation import interaction
from tests.strategies import filters as any_filters


@given(f=any_filters)
def test_widgets_and_filters_round_trip(f):
    assert interaction.filters_from_widgets(interaction.widget_values(f)) == f


def test_every_filter_field_has_one_widget():
    assert set(interaction.FILTER_WIDGETS) == set(Filters.__dataclass_fields__)
    assert len(set(interaction.FILTER_WIDGETS.values())) == len(interaction.FILTER_WIDGETS)


def test_widgets_hold_lists_and_ranges():
    values = interaction.widget_values(Filters(regencies=("15.71",), waves=(3, 9), gender="P"))
    assert values["f_regency"] == ["15.71"] and values["f_waves"] == (3, 9) and values["f_gender"] == "P"


def test_a_map_click_toggles_a_regency():
    assert interaction.toggle_regencies([], ["15.71"]) == ["15.71"]
    assert interaction.toggle_regencies(["15.71"], ["15.71"]) == []
    assert interaction.toggle_regencies(["15.72", "15.01"], ["15.05"]) == ["15.01", "15.05", "15.72"]


def test_seconds_per_slide_are_bounded():
    assert interaction.seconds_per_slide(None) == 15
    assert interaction.seconds_per_slide("lama") == 15
    assert interaction.seconds_per_slide("1") == 3
    assert interaction.seconds_per_slide("0") == 0
    assert interaction.seconds_per_slide("-5") == 0
    assert interaction.seconds_per_slide("100000") == 600
    assert interaction.seconds_per_slide("20") == 20


def test_a_slide_advances_only_when_due_and_playing():
    assert interaction.slide_due(changed_at=0.0, now=15.0, every=15, paused=False)
    assert not interaction.slide_due(changed_at=0.0, now=14.9, every=15, paused=False)
    assert not interaction.slide_due(changed_at=0.0, now=100.0, every=15, paused=True)
    assert not interaction.slide_due(changed_at=0.0, now=100.0, every=0, paused=False)


def test_slides_go_round():
    assert interaction.step_slide(5, 1, 6) == 0
    assert interaction.step_slide(0, -1, 6) == 5
    assert interaction.step_slide(2, 1, 6) == 3


def test_the_profile_follows_a_single_regency_selection_once():
    shown, followed = interaction.profile_regency(None, None, False, (), "15.71")
    assert (shown, followed) == ("15.71", None)
    shown, followed = interaction.profile_regency(shown, followed, False, ("15.05",), "15.71")
    assert (shown, followed) == ("15.05", ("15.05",))
    # picked on the page afterwards: kept while the sidebar selection does not change
    shown, followed = interaction.profile_regency("15.02", followed, False, ("15.05",), "15.71")
    assert shown == "15.02"
    # several regencies selected: the profile keeps its own
    assert interaction.profile_regency("15.02", followed, False, ("15.05", "15.71"), "15.71")[0] == "15.02"


def test_a_pinned_regency_wins_over_the_selection_it_came_with():
    shown, followed = interaction.profile_regency("15.08", None, True, ("15.71",), "15.71")
    assert (shown, followed) == ("15.08", ("15.71",))
