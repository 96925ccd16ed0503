"""Presentation mode: slides, controls, autoplay, QR code, and the way back."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from prakerja_dash.i18n import t
from prakerja_dash.presentation import qr
from prakerja_dash.ui import slides
from prakerja_dash.ui.slides import SLIDES, STORIES_PER_PAGE
from tests.test_app import open_app

TITLES_ID = [t(f"present_slide_{s}", "id") for s in SLIDES]


def next_slide(at) -> None:
    """→ until the heading changes (the stories slide first pages through its stories)."""
    title = at.title[0].value
    for _ in range(10):
        at.button(key="present_next").click().run()
        assert not at.exception
        if at.title[0].value != title:
            return
    raise AssertionError(f"stuck on {title}")


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_qr_code_decodes_to_the_text_it_was_made_from():
    link = "https://prakerja-jambi.example/ringkasan?regency=15.71&lang=en"
    assert decode(qr.qr_png(link)) == [link]


@pytest.fixture
def lan(monkeypatch):
    """This machine's address on the local network, as the QR code's default link would find it."""
    monkeypatch.delenv("PRAKERJA_PUBLIC_URL", raising=False)
    monkeypatch.setattr(slides, "lan_address", lambda: "192.168.1.23")
    return "192.168.1.23"


@pytest.fixture
def qr_images(monkeypatch):
    """The PNGs of the QR codes the app draws, by the text they were made from."""
    made: dict[str, bytes] = {}

    def record(text: str, scale: int = 10) -> bytes:
        made[text] = png = qr_png(text, scale)
        return png

    qr_png = qr.qr_png
    monkeypatch.setattr(qr, "qr_png", record)
    return made


def test_slides_render_and_advance_with_the_controls(app_env, lan):
    at = open_app({"mode": "present", "every": "0", "regency": "15.71"})
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
    assert at.code[0].value == "http://192.168.1.23:8501/m?regency=15.71"  # the phone page


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


def test_qr_on_demand_shows_the_public_link(app_env, monkeypatch, qr_images):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://prakerja-jambi.example/dasbor/")
    at = open_app({"mode": "present", "every": "0", "gender": "P"})
    at.button(key="present_qr").click().run()
    link = "https://prakerja-jambi.example/dasbor/m?gender=P"  # the phone page
    assert at.code[0].value == link
    assert decode(qr_images[link]) == [link]
    assert not at.warning or all(w.value != t("present_scan_local", "id") for w in at.warning)


def test_the_public_link_in_secrets_comes_first(app_env, monkeypatch, qr_images):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://from-the-environment.example")
    monkeypatch.setattr(slides, "secret", lambda name: "https://dasbor.example/" if name == "public_url" else None)
    at = open_app({"mode": "present", "every": "0"})
    at.button(key="present_qr").click().run()
    assert at.code[0].value == "https://dasbor.example/m"
    assert decode(qr_images["https://dasbor.example/m"]) == ["https://dasbor.example/m"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_without_a_public_url_the_qr_code_carries_this_machines_lan_address(app_env, lan, qr_images, lang):
    at = open_app({"mode": "present", "every": "0", "regency": "15.71", "lang": lang})
    at.button(key="present_qr").click().run()
    link = f"http://{lan}:8501/m?regency=15.71" + ("&lang=en" if lang == "en" else "")
    assert at.code[0].value == link
    assert decode(qr_images[link]) == [link]
    assert t("present_scan_local", lang) not in [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_machine_without_a_network_address_gets_a_warning_phones_cannot_open_it(app_env, monkeypatch, qr_images,
                                                                                   lang):
    monkeypatch.delenv("PRAKERJA_PUBLIC_URL", raising=False)
    monkeypatch.setattr(slides, "lan_address", lambda: None)
    at = open_app({"mode": "present", "every": "0", "lang": lang})
    for _ in range(SLIDES.index("scan")):
        next_slide(at)
    assert at.title[0].value == t("present_slide_scan", lang)
    link = "http://localhost:8501/m" + ("?lang=en" if lang == "en" else "")
    assert at.code[0].value == link
    assert decode(qr_images[link]) == [link]
    assert t("present_scan_local", lang) in [w.value for w in at.warning]


def test_a_configured_loopback_link_is_warned_about_too(app_env, monkeypatch):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "http://127.0.0.1:8501")
    at = open_app({"mode": "present", "every": "0"})
    at.button(key="present_qr").click().run()
    assert t("present_scan_local", "id") in [w.value for w in at.warning]


def test_lan_address_is_not_a_loopback_address():
    address = slides.lan_address()
    assert address is None or not address.startswith("127.")
    assert slides.link_is_local("http://localhost:8501/x") and slides.link_is_local("http://127.0.0.1/")
    assert slides.link_is_local("http://[::1]:8501/") and not slides.link_is_local("http://192.168.1.23:8501/")


def test_the_stories_slide_pages_through_every_story(app_env):
    at = open_app({"mode": "present", "every": "0"})
    for _ in range(SLIDES.index("stories")):
        next_slide(at)
    total = at.session_state["_story_pages"]
    assert total > 1  # the fixture has more stories than fit on one page
    names = []
    for page in range(total):
        assert at.title[0].value == TITLES_ID[SLIDES.index("stories")], page
        shown = [s.value for s in at.subheader]
        assert 1 <= len(shown) <= STORIES_PER_PAGE
        names += shown
        at.button(key="present_next").click().run()
    assert at.title[0].value == TITLES_ID[SLIDES.index("scan")]  # after the last page, the next slide
    assert len(names) == len(set(names)) > STORIES_PER_PAGE  # every story once
    at.button(key="present_previous").click().run()
    assert at.title[0].value == TITLES_ID[SLIDES.index("stories")]


def test_leaving_returns_to_the_dashboard_with_the_same_filters(app_env):
    at = open_app({"mode": "present", "every": "0", "regency": "15.71", "lang": "en"})
    at.button(key="present_exit").click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_regency").value == ["15.71"]
    assert len(at.metric) == 9  # the Overview again
    assert "mode" not in at.query_params


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_slide_in_both_languages(app_env, lang):
    at = open_app({"mode": "present", "every": "0", "lang": lang})
    for slide in SLIDES:
        assert at.title[0].value == t(f"present_slide_{slide}", lang)
        assert not at.exception
        next_slide(at)
    assert at.title[0].value == t("present_slide_kpis", lang)


def test_the_kpi_slide_explains_its_stars_and_shows_no_help():
    at = open_app({"mode": "present", "every": "0"})
    assert at.title[0].value == TITLES_ID[0]
    starred = [m.label for m in at.metric if m.label.endswith("*")]
    assert starred  # "Kini bekerja*", "Kini berwirausaha*"
    assert any(c.value.startswith("*) ") for c in at.caption)  # the slide says what * means


def _small_slide_frames():
    import pandas as pd

    from prakerja_dash.domain import metrics
    from tests.conftest import JAMBI_CODES

    categories = pd.DataFrame({"label_id": ["Pemasaran", "Bahasa"], "label_en": ["Marketing", "Language"],
                               "alumni": [1_200.0, 800.0], "pct_now_employed": [0.2, 0.1],
                               "pct_now_business": [0.1, 0.05]})
    flow = metrics.flow(pd.DataFrame({"status_before": ["tidak_bekerja", "pekerja"], "status_after": ["wirausaha"] * 2,
                                      "n_alumni": [300, 500]}), 10)
    n = len(JAMBI_CODES)
    regions = metrics.regencies(
        pd.DataFrame({"group_key": list(JAMBI_CODES), "n_alumni": [100 + 10 * i for i in range(n)],
                      "n_not_working_surveyed": [50] * n, "n_now_employed": [10] * n, "n_now_business": [5] * n,
                      "n_earning_after": [20] * n, "median_income_change": [1e5] * n}),
        pd.DataFrame({"regency_code": list(JAMBI_CODES), "name": list(JAMBI_CODES), "population": [1e5] * n}), 10)
    return categories, flow, regions


def test_slide_charts_write_nothing_smaller_than_twenty_pixels():
    """Chart text on a slide is read from the back of a ballroom: every font a figure sets is at
    least 20 px (Plotly draws text without a size of its own in the layout's font)."""
    categories, flow, regions = _small_slide_frames()
    built = {"categories": slides.categories_figure(categories, "id", 10),
             "outcomes": slides.outcomes_figure(flow, "id"),
             "map": slides.map_figure(regions, "id", 10, ("15.71",), "15", ("none", 0))}
    for name, figure in built.items():
        sizes = [figure.layout.font.size]
        for axis in [a for a in figure.layout if a.startswith(("xaxis", "yaxis"))]:
            sizes += [figure.layout[axis].tickfont.size, figure.layout[axis].title.font.size]
        sizes += [a.font.size for a in figure.layout.annotations]
        for trace in figure.data:
            sizes.append(getattr(getattr(trace, "textfont", None), "size", None))
        assert min(s for s in sizes if s is not None) >= 20, (name, sizes)
        assert not figure.layout.height  # the slide gives it its height (slides.chart)


def test_the_map_slide_falls_back_to_tiles_with_their_names_large(app_env, monkeypatch, tmp_path):
    import json

    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(tmp_path / "missing.geojson"))
    at = open_app({"mode": "present", "every": "0"})
    next_slide(at)
    assert at.title[0].value == t("present_slide_map", "id")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    tiles = [trace for trace in figure["data"] if trace["type"] == "heatmap" and trace.get("texttemplate")]
    assert tiles and all(trace["textfont"]["size"] >= 20 for trace in tiles)
