"""Presentation mode: slides, controls, autoplay, QR code, and the way back."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from prakerja_dash.i18n import t
from prakerja_dash.presentation import qr
from prakerja_dash.ui.slides import SLIDES
from tests.test_app import open_app

TITLES_ID = [t(f"present_slide_{s}", "id") for s in SLIDES]


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_qr_code_decodes_to_the_text_it_was_made_from():
    link = "https://prakerja-jambi.example/ringkasan?regency=1571&lang=en"
    assert decode(qr.qr_png(link)) == [link]


def test_slides_render_and_advance_with_the_controls(app_env):
    at = open_app({"mode": "present", "every": "0", "regency": "1571"})
    assert not at.exception
    assert at.title[0].value == TITLES_ID[0]
    assert len(at.metric) == 6
    assert len(at.sidebar.multiselect) == 0  # no sidebar, no filter widgets
    seen = [at.title[0].value]
    for _ in range(len(SLIDES)):
        at.button(key="present_next").click().run()
        assert not at.exception
        seen.append(at.title[0].value)
    assert seen == [*TITLES_ID, TITLES_ID[0]]  # every slide, then round again
    at.button(key="present_previous").click().run()
    assert at.title[0].value == TITLES_ID[-1]  # the last slide: scan to explore
    assert len(at.get("image")) == 1
    assert at.code[0].value == "http://localhost:8501/ringkasan?regency=1571"


def test_pause_and_autoplay(app_env):
    at = open_app({"mode": "present", "every": "5"})
    assert at.session_state["_every"] == 5 and not at.session_state["_paused"]
    at.session_state["_changed_at"] = -1e9  # the slide has been up for long enough
    at.run()
    assert at.title[0].value == TITLES_ID[1]
    at.button(key="present_pause").click().run()
    assert at.session_state["_paused"]
    at.session_state["_changed_at"] = -1e9
    at.run()
    assert at.title[0].value == TITLES_ID[1]  # paused: no advance


def test_bad_autoplay_values_are_bounded(app_env):
    assert open_app({"mode": "present", "every": "1"}).session_state["_every"] == 3
    assert open_app({"mode": "present", "every": "lama"}).session_state["_every"] == 15
    assert open_app({"mode": "present", "every": "0"}).session_state["_paused"]


def test_qr_on_demand_shows_the_public_link(app_env, monkeypatch):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://prakerja-jambi.example/dasbor/")
    at = open_app({"mode": "present", "every": "0", "gender": "P"})
    at.button(key="present_qr").click().run()
    assert at.code[0].value == "https://prakerja-jambi.example/dasbor/ringkasan?gender=P"


def test_leaving_returns_to_the_dashboard_with_the_same_filters(app_env):
    at = open_app({"mode": "present", "every": "0", "regency": "1571", "lang": "en"})
    at.button(key="present_exit").click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_regency").value == ["1571"]
    assert len(at.metric) == 9  # the Overview again
    assert "mode" not in at.query_params


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_slide_in_both_languages(app_env, lang):
    at = open_app({"mode": "present", "every": "0", "lang": lang})
    for slide in SLIDES:
        assert at.title[0].value == t(f"present_slide_{slide}", lang)
        assert not at.exception
        at.button(key="present_next").click().run()
