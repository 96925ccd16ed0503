"""Event day: a crowd opening the QR link at once (the spike benchmark, the shared caches behind
it), a deep link that opens cleanly on the first visit after a server start, a QR code a phone
can open, and slides that fit a projector at 1280 × 720 and 1920 × 1080."""

from __future__ import annotations

import io
import re

import pytest

from benchmarks import spike
from prakerja_dash import views
from prakerja_dash.data import queries, reader
from prakerja_dash.domain import metrics
from prakerja_dash.domain.filters import Filters
from prakerja_dash.i18n import t
from prakerja_dash.presentation import charts
from prakerja_dash.ui import slides, store, widgets
from tests.test_browser import ARTIFACTS, BROWSER_ARGS, CHROMIUM, MAIN_HEADING, PLOTS_DRAWN, RUN_FINISHED

PAGE_PATHS = ("", "ringkasan", "peta", "pelatihan", "hasil", "gelombang", "profil", "cerita", "impor")


# --- the same numbers, made once --------------------------------------------------------------
def test_shared_results_are_the_results(con):
    trend = metrics.trend(queries.trend_by_wave(con, Filters()), "year", 10)
    built = widgets.figure(charts.volume_figure, trend, "year", "en")
    assert built.to_dict() == charts.volume_figure(trend, "year", "en").to_dict()
    other = widgets.figure(charts.volume_figure, trend.iloc[:-1], "year", "en")  # other data, other chart
    assert other.to_dict() != built.to_dict()


def test_a_frames_cache_key_follows_its_content(con):
    frame = queries.alumni_by_category(con, Filters())
    assert store.frame_digest(frame) == store.frame_digest(frame.copy())
    changed = frame.copy()
    changed.loc[0, changed.columns[-1]] = -1
    assert store.frame_digest(changed) != store.frame_digest(frame)
    assert store.frame_digest(frame.iloc[:-1]) != store.frame_digest(frame)


def test_the_overview_view_reads_its_counts_in_one_cached_run(fixture_db, monkeypatch):
    runs = []

    def counted(con, filters):
        runs.append(filters)
        return queries.run(con, "overview", filters.sql_params())

    monkeypatch.setattr(queries, "overview", counted)
    reader.QUERIES.clear()
    views.clear_cache()
    key, f = reader.db_key(fixture_db), Filters(regencies=("15.71",))
    view = views.ringkasan(key, f, 10, "id")  # KPIs, trend and categories of the selection, and the province's KPIs
    # queries count within the deployment's province, Jambi by default
    in_jambi = Filters(regencies=("15.71",), province="15")
    assert runs == [in_jambi, in_jambi.without_regencies()]
    assert len(view.tables["kpis"]) == 9 and view.tables["trend_wave"]["wave"].is_monotonic_increasing
    views.ringkasan(key, f, 10, "en")  # another language: a view of its own, the same counts
    views.profil(key, f, 10, "id")  # the profile's KPIs, its province and categories: cached already
    assert runs == [in_jambi, in_jambi.without_regencies()]
    reader.QUERIES.clear()
    views.clear_cache()


# --- the spike benchmark ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spike_server(fixture_db):
    with spike.OwnServer(fixture_db) as server:
        yield server.url


def test_the_spike_benchmark_reports_no_failures(spike_server, capsys):
    code = spike.main(["--users", "3", "--url", spike_server, "--timeout", "120"])
    out = capsys.readouterr().out
    assert "visitors 3: finished 3, failures 0" in out, out
    assert code == 0


def test_the_spike_counts_a_missing_page_as_a_failure(spike_server):
    result = spike.run_spike(spike_server, 1, "no-such-page", timeout=60)
    assert [v.problem for v in result.visits] == ["page not found: /no-such-page ran /"]


@pytest.mark.parametrize("url", ["http://192.0.2.10:8501", "ftp://127.0.0.1/", "http://10.1.2.3"])
def test_the_spike_only_measures_this_machine(url, capsys):
    with pytest.raises(SystemExit) as stopped:
        spike.main(["--users", "1", "--url", url])
    assert stopped.value.code == 2
    with pytest.raises(ValueError):
        spike.run_spike(url, 1)


def test_the_spike_bounds_its_visitors():
    with pytest.raises(SystemExit):
        spike.main(["--users", str(spike.MAX_USERS + 1), "--url", "http://127.0.0.1:1"])


# --- in a browser -------------------------------------------------------------------------------
def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)


@pytest.fixture
def playwright_sync():
    from tests.test_browser import _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


# Records every "Page not found" notice the browser shows: when it appeared and when it went.
NOTICE_WATCH = """(() => {
    window.__notices = [];
    const seen = new Map();
    const look = () => {
        const now = performance.now();
        const shown = [...document.querySelectorAll('[role="dialog"]')]
            .filter(d => d.textContent.includes('Page not found'));
        for (const d of shown) if (!seen.has(d)) seen.set(d, {from: now, to: null});
        for (const [d, times] of seen) if (!shown.includes(d) && times.to === null) times.to = now;
        window.__notices = [...seen.values()];
    };
    new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true});
})();"""


def test_deep_links_open_cleanly_from_the_first_visit_after_a_start(fixture_db, playwright_sync):
    """The very first visitor after a start opens a deep link (the QR code's /ringkasan, /peta with
    filters): the page asked for, and no "Page not found" left on the screen; then every address."""
    from playwright.sync_api import expect

    with spike.OwnServer(fixture_db) as server:  # never visited before this test
        browser = _browser(playwright_sync)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(NOTICE_WATCH)
        titles = {"": "app_title", "ringkasan": "app_title", "peta": "map_title"}
        visits = ["peta?regency=15.71&gender=P"] + [p + q for p in PAGE_PATHS for q in ("", "?regency=15.71&lang=en")]
        for number, address in enumerate(visits):
            tab = context.new_page()
            tab.goto(f"{server.url}/{address}")
            tab.wait_for_selector(MAIN_HEADING, timeout=60_000)
            tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
            path, _, query = address.partition("?")
            lang = "en" if "lang=en" in query else "id"
            if path in titles:
                expect(tab.locator(MAIN_HEADING).first).to_have_text(t(titles[path], lang), timeout=30_000)
            expect(tab.get_by_text("Page not found")).to_have_count(0, timeout=10_000)
            notices = tab.evaluate("() => window.__notices")
            if number == 0:  # the first run after the start: a stray notice may flash, and is closed
                assert all(n["to"] is not None and n["to"] - n["from"] < 2000 for n in notices), notices
            else:
                assert notices == [], address
            assert tab.url.split("?")[0].rstrip("/") == f"{server.url}/{path}".rstrip("/"), tab.url
            tab.close()
        browser.close()


@pytest.fixture(scope="module")
def projector_server(fixture_db):
    """No public address configured; the server listens on 127.0.0.1 only."""
    with spike.OwnServer(fixture_db, {"PRAKERJA_PUBLIC_URL": ""}) as server:
        yield server


SCROLLS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {main: [main.scrollHeight, main.clientHeight],
            document: [document.documentElement.scrollHeight, window.innerHeight],
            width: [document.documentElement.scrollWidth, window.innerWidth]};
}"""
# What the audience sees of a slide: the smallest font of visible text, in HTML and in the charts'
# SVG (the hidden controls left out), where the slide's content ends, and the "*" and "*)" shown.
SLIDE_SEEN = r"""() => {
    const shown = e => {
        for (let n = e; n && n !== document.documentElement; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
        }
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    };
    const texts = [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.st-key-present_controls') && !e.closest('.hoverlayer'))
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && shown(e));
    const smallest = list => list.reduce((least, e) => {
        const size = parseFloat(getComputedStyle(e).fontSize);
        return size < least[0] ? [size, e.textContent.trim().slice(0, 60)] : least;
    }, [Infinity, '']);
    const body = document.querySelector('[class*="st-key-slide_"]');
    const parts = body ? [...body.querySelectorAll('.js-plotly-plot, [data-testid="stMetric"], [data-testid="stImage"],'
        + ' [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stColumn"]')].filter(shown) : [];
    const words = texts.map(e => e.textContent).join(' ');
    return {html: smallest(texts.filter(e => !e.closest('svg'))), svg: smallest(texts.filter(e => e.closest('svg'))),
            bottom: Math.max(0, ...parts.map(e => e.getBoundingClientRect().bottom)),
            stars: words.replace(/\*\)/g, '').includes('*'), explained: words.includes('*)'),
            help: [...document.querySelectorAll('[data-testid="stTooltipIcon"]')]
                .filter(i => !i.closest('.st-key-present_controls') && shown(i)).length};
}"""
CONTROLS_OPACITY = """() => getComputedStyle(document.querySelector('.st-key-present_controls')).opacity"""
BUTTON_TOPS = """() => [...document.querySelectorAll('.st-key-present_controls button')]
    .map(b => b.getBoundingClientRect()).filter(r => r.height > 0).map(r => Math.round(r.top))"""
KPI_BOX = """() => JSON.stringify(document.querySelector('.st-key-kpi_grid').getBoundingClientRect())"""
SLIDE_STATE = """() => [document.querySelector('[data-testid="stMainBlockContainer"] h1')?.textContent,
    [...document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"]')]
        .map(c => c.innerText).join(' | ')]"""


# What a key press that reached the app shows first: a script run under way, or a new position
# in the controls ("3 / 6"), or a new slide. Only a press that shows none of these is pressed again.
KEY_RECEIVED = """([before, position]) => document.querySelector('[data-testid="stApp"]')
        ?.getAttribute('data-test-script-state') === 'running'
    || document.querySelector('.st-key-present_controls [data-testid="stCaptionContainer"]')?.innerText !== position
    || JSON.stringify((""" + SLIDE_STATE + """)()) !== before"""
POSITION = """() => document.querySelector('.st-key-present_controls [data-testid="stCaptionContainer"]')?.innerText"""


def _next(tab, before) -> None:
    """→ until the slide (its heading or its caption: the stories' pages) changes. A key pressed
    while a loaded machine redraws can be dropped, so a press the app shows no sign of having
    received is pressed again (3 times at most); a received one is never pressed twice, however
    slowly its slide is drawn."""
    position = tab.evaluate(POSITION)
    assert re.search(r"\d+ (dari|of) \d+", position or ""), position  # the controls' "Salindia 3 dari 6 · …"
    for _ in range(3):
        tab.keyboard.press("ArrowRight")
        try:
            tab.wait_for_function(KEY_RECEIVED, arg=[before, position], timeout=15_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: press again
            continue
    else:
        pytest.fail(f"the app did not receive → on {before}")
    tab.wait_for_function("(before) => JSON.stringify((" + SLIDE_STATE + ")()) !== before", arg=before,
                          timeout=120_000)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_slide_fits_the_projector(projector_server, playwright_sync, con, size):
    import json

    import zxingcpp
    from PIL import Image

    stories_pages = -(-len(queries.stories(con, Filters())) // slides.STORIES_PER_PAGE)
    assert stories_pages > 1  # the fixture has more stories than one page holds
    browser = _browser(playwright_sync)
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
    tab.goto(projector_server.url + "/?mode=present&every=0")  # every story: the stories slide has pages
    seen, sizes = [], []
    for _ in range(20):  # 6 slides, the stories' pages among them
        tab.wait_for_selector(MAIN_HEADING, timeout=60_000)
        tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
        title, caption = tab.evaluate(SLIDE_STATE)
        slide = next((s for s in slides.SLIDES if t(f"present_slide_{s}", "id") == title), None)
        assert slide, (title, caption)
        if seen and slide == slides.SLIDES[0]:
            break
        if slide in ("map", "categories", "outcomes"):
            tab.wait_for_function(PLOTS_DRAWN, timeout=60_000)
            assert tab.locator(".js-plotly-plot").count() == 1
        if slide == "kpis":
            tab.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
            if not seen:
                _controls_and_qr_overlay(tab, size)
        if slide == "scan":
            tab.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
                                  ".some(img => img.complete && img.naturalWidth > 0)", timeout=30_000)
            image = tab.locator('[data-testid="stImage"] img').first.screenshot()
            link = f"http://127.0.0.1:{projector_server.port}/m"  # the phone page, on the server's own port
            assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))] == [link]
            tab.get_by_text(link).first.wait_for(timeout=30_000)  # the link under the code, once it is drawn
            assert tab.get_by_text(t("present_scan_local", "id")).is_visible()  # 127.0.0.1: phones cannot
        scrolls = tab.evaluate(SCROLLS)
        for name, (content, screen) in scrolls.items():
            assert content <= screen + 1, f"{slide} ({caption}) at {size}: {name} {content} > {screen}"
        seen_now = tab.evaluate(SLIDE_SEEN)
        where = f"{slide} ({caption}) at {size}"
        # Type scales with the screen: 24 px at 1080 px high, 16 px at 720 px; charts' at least 20 px.
        assert seen_now["html"][0] >= size[1] * 24 / 1080 - 0.1, (where, seen_now["html"])
        assert seen_now["svg"][0] >= 20, (where, seen_now["svg"])
        assert seen_now["bottom"] >= 0.8 * size[1], (where, seen_now["bottom"])  # the content fills the slide
        assert seen_now["help"] == 0, where  # no help icons on a slide
        assert seen_now["explained"] or not seen_now["stars"], where  # every * explained on its slide
        sizes.append((slide, seen_now["html"][0], seen_now["svg"][0], round(seen_now["bottom"] / size[1], 2)))
        tab.wait_for_function(CONTROLS_OPACITY + " === '0'", timeout=30_000)  # as the audience sees it
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"event-slide-{len(seen) + 1}-{slide}-{size[0]}x{size[1]}.png"))
        seen.append(slide)
        _next(tab, json.dumps([title, caption], separators=(",", ":"), ensure_ascii=False))
    assert [s for i, s in enumerate(seen) if s not in seen[:i]] == list(slides.SLIDES)
    assert seen.count("stories") == stories_pages  # every story, a page at a time
    print(f"slides at {size}: (slide, smallest HTML px, smallest chart px, content bottom / screen)", sizes)
    browser.close()


def _controls_and_qr_overlay(tab, size) -> None:
    """The controls are out of sight until the mouse moves, then in one row, then gone again; the
    QR code (Q) lies over the slide without moving it."""
    tab.wait_for_function(CONTROLS_OPACITY + " === '0'", timeout=30_000)
    tab.mouse.move(size[0] / 2, size[1] / 2)
    tab.mouse.move(size[0] / 2 + 40, size[1] / 2 + 40)
    tab.wait_for_function(CONTROLS_OPACITY + " === '1'", timeout=10_000)
    tops = tab.evaluate(BUTTON_TOPS)
    assert len(tops) == 5 and max(tops) - min(tops) <= 2, tops  # one row, never stacked
    tab.wait_for_function(CONTROLS_OPACITY + " === '0'", timeout=30_000)
    before = tab.evaluate(KPI_BOX)
    for _ in range(2):
        tab.keyboard.press("q")
        try:
            tab.wait_for_selector(".st-key-qr_overlay img", timeout=20_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the key was dropped, press again
            continue
    overlay = tab.locator(".st-key-qr_overlay").bounding_box()
    assert overlay["height"] >= 0.8 * size[1] and overlay["width"] >= 0.8 * size[0], overlay
    assert tab.evaluate(KPI_BOX) == before  # the overlay covers the slide; nothing moved
    for attempt in range(3):  # a key pressed while a loaded machine redraws can be dropped: press again
        tab.keyboard.press("q")
        try:
            tab.wait_for_selector(".st-key-qr_overlay", state="detached", timeout=20_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            if attempt == 2:
                raise
    tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
    assert tab.evaluate(KPI_BOX) == before
