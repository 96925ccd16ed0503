"""The regency map in a real browser with every outside request refused: each regency's name is
SVG text on the map itself, on the dashboard's page (a laptop and a phone) and on the slide."""

from __future__ import annotations

import json

import pytest

from benchmarks import spike
from prakerja_dash.data import queries
from prakerja_dash.i18n import t
from tests.test_browser import ARTIFACTS, BROWSER_ARGS, CHROMIUM, MAIN_HEADING, RUN_FINISHED, _require_browser
from tests.test_event_day import SLIDE_STATE, _next

# The names written inside the map's SVG (a name on two lines is two tspans: joined by a space),
# each with whether its box lies inside the map's own box.
MAP_NAMES = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const box = plot.getBoundingClientRect();
    return [...plot.querySelectorAll('svg text')].map(text => {
        const spans = [...text.querySelectorAll('tspan.line')];
        const words = (spans.length ? spans.map(s => s.textContent) : [text.textContent]).join(' ').trim();
        const r = text.getBoundingClientRect();
        const inside = r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1
            && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        return [words, inside, parseFloat(getComputedStyle(text).fontSize)];
    }).filter(([words]) => words);
}"""
# The map has drawn its 11 regencies' shapes.
MAP_DRAWN = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return !!plot && !!plot._fullData && plot._fullData.filter(t => String(t.meta).startsWith('fill ')).length === 11
        && plot.querySelectorAll('.scatterlayer .trace').length >= 11 && !!plot.querySelector('.textpoint text');
}"""


@pytest.fixture(scope="module")
def map_server(fixture_db):
    _require_browser()
    with spike.OwnServer(fixture_db, {"PRAKERJA_PUBLIC_URL": ""}) as server:
        yield server


@pytest.fixture
def browser(map_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


def _offline_tab(browser, server, size: tuple[int, int], phone: bool = False):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=phone, is_mobile=phone)
    tab = context.new_page()
    tab.outside_requests = []

    def only_our_server(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            tab.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_our_server)
    return tab


def _assert_every_regency_named(tab, names: list[str], where: str) -> list:
    written = tab.evaluate(MAP_NAMES)
    for official in names:  # "Kabupaten Tanjung Jabung Barat" is named "Tanjung Jabung Barat" on the map
        matches = [w for w in written if official.endswith(w[0]) and len(w[0]) >= 4]
        assert matches, f"{official} is not written on the map ({where}): {written}"
        assert all(inside for _, inside, _ in matches), f"{official} is written outside the map ({where})"
    return written


@pytest.mark.boundaries
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_every_regency_is_named_on_the_map_page_offline(map_server, browser, con, size):
    phone = size[0] < 500
    tab = _offline_tab(browser, map_server, size, phone)
    tab.goto(map_server.url + "/peta")
    tab.wait_for_selector(MAIN_HEADING, timeout=60_000)
    tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
    tab.wait_for_function(MAP_DRAWN, timeout=60_000)
    names = list(queries.regencies(con)["name"])
    written = _assert_every_regency_named(tab, names, f"page {size[0]} px")
    assert min(size for _, _, size in written) >= 11
    plot = tab.locator(".js-plotly-plot").first
    width = plot.evaluate("p => p.getBoundingClientRect().width")
    if phone:  # full width on a phone (the desktop's columns are the page's layout)
        assert width >= size[0] - 60, width
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= size[0] + 1
    if phone:  # no Plotly toolbar over the title on a touch screen
        plot.tap(position={"x": width / 2, "y": 40})
        assert tab.evaluate("() => [...document.querySelectorAll('.modebar-container')]"
                            ".every(m => getComputedStyle(m).display === 'none')")
    plot.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"map-page-{size[0]}.png"))
    assert tab.outside_requests == []


@pytest.mark.boundaries
def test_every_regency_is_named_on_the_map_slide_offline(map_server, browser, con):
    tab = _offline_tab(browser, map_server, (1920, 1080))
    tab.goto(map_server.url + "/?mode=present&every=0")
    tab.wait_for_selector(MAIN_HEADING, timeout=60_000)
    tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
    tab.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    _next(tab, json.dumps(tab.evaluate(SLIDE_STATE), separators=(",", ":"), ensure_ascii=False))
    tab.wait_for_function("(title) => document.querySelector('h1')?.textContent === title",
                          arg=t("present_slide_map", "id"), timeout=60_000)
    tab.wait_for_function(MAP_DRAWN, timeout=60_000)
    written = _assert_every_regency_named(tab, list(queries.regencies(con)["name"]), "slide")
    assert min(size for _, _, size in written) >= 20  # read from the back of the room
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map-slide-1920x1080.png"))
    assert tab.outside_requests == []


# The heat map's row names (the regencies) and how far right any of its drawing reaches.
HEATMAP_FIT = """() => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.querySelector('.hm'));
    return {names: [...plot.querySelectorAll('.ytick text')].map(t => t.textContent).filter(Boolean),
            right: Math.max(...[...plot.querySelectorAll('svg *')].map(e => e.getBoundingClientRect().right))};
}"""


def test_the_heat_map_shows_all_eleven_regencies_on_a_phone(map_server, browser):
    tab = _offline_tab(browser, map_server, (390, 844), phone=True)
    tab.goto(map_server.url + "/pelatihan")
    tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
    tab.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.querySelector('.hm'))",
                          timeout=60_000)
    fit = tab.evaluate(HEATMAP_FIT)
    assert len(fit["names"]) == 11 and fit["right"] <= 390, fit
    tab.locator(".js-plotly-plot", has=tab.locator(".hm")).first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "heatmap-390.png"))
    assert tab.outside_requests == []
