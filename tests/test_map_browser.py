"""The maps in a real browser with every outside request refused: each regency's name is SVG text
on the map itself, on the dashboard's page (a laptop and a phone) and on the slide, at a readable
size, no two names touching and a name written inside a unit lying wholly inside it; the national
map and any province's drawn alone (plotly.js from the installed plotly package) keep the same rules."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
import shapely

from benchmarks import spike
from prakerja_dash.data import boundaries, queries
from prakerja_dash.domain.regions import region_index
from prakerja_dash.i18n import t
from prakerja_dash.presentation import maps
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


# Every name written on the map: its words, whether it is written inside its unit ("inside", a text
# point) or beside it ("beside", an annotation with a line), the unit's code, its font size, its box
# in px and in the map's degrees (west, south, east, north), and whether it lies inside the chart.
NAME_BOXES = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
    const svg = plot.querySelector('.main-svg').getBoundingClientRect();
    const chart = plot.getBoundingClientRect();
    const joined = text => text.split('<br>').join(' ');
    const codes = {inside: {}, beside: {}};
    const names = plot._fullData.find(trace => trace.meta === 'names');
    (names?.text || []).forEach((text, i) => { codes.inside[joined(text)] = names.customdata[i]; });
    (plot._fullLayout.annotations || []).forEach(a => { codes.beside[joined(a.text)] = a.name; });
    const read = (element, kind) => {
        const spans = [...element.querySelectorAll('tspan.line')];
        const words = (spans.length ? spans.map(s => s.textContent) : [element.textContent]).join(' ').trim();
        const r = element.getBoundingClientRect();
        return {words, kind, code: codes[kind][words] ?? null, size: parseFloat(getComputedStyle(element).fontSize),
                px: [r.left, r.top, r.right, r.bottom],
                degrees: [xa.p2l(r.left - svg.left - xa._offset), ya.p2l(r.bottom - svg.top - ya._offset),
                          xa.p2l(r.right - svg.left - xa._offset), ya.p2l(r.top - svg.top - ya._offset)],
                in_chart: r.width > 0 && r.left >= chart.left - 1 && r.right <= chart.right + 1
                    && r.top >= chart.top - 1 && r.bottom <= chart.bottom + 1};
    };
    return [...[...plot.querySelectorAll('.textpoint text')].map(e => read(e, 'inside')),
            ...[...plot.querySelectorAll('.annotation-text')].map(e => read(e, 'beside'))].filter(n => n.words);
}"""


def assert_names_legible(names: list[dict], geojson: dict, where: str, smallest: float) -> None:
    """No two names' boxes overlap, every name lies inside the chart at `smallest` px or more, and a
    name written inside its unit lies inside that unit's shape (within a pixel)."""
    assert names, where
    for a, b in itertools.combinations(names, 2):
        apart = a["px"][2] <= b["px"][0] or b["px"][2] <= a["px"][0] or a["px"][3] <= b["px"][1] \
            or b["px"][3] <= a["px"][1]
        assert apart, f"{a['words']!r} and {b['words']!r} overlap ({where}): {a['px']} {b['px']}"
    shapes = {str(f["id"]): shapely.geometry.shape(f["geometry"]) for f in geojson["features"]}
    for name in names:
        assert name["in_chart"], f"{name['words']} lies outside the chart ({where})"
        assert name["size"] >= smallest, f"{name['words']} is {name['size']} px ({where})"
        assert name["code"] in shapes, (name, where)
        if name["kind"] == "inside":
            west, south, east, north = name["degrees"]
            pixel = (east - west) / (name["px"][2] - name["px"][0])
            box = shapely.box(west, south, east, north)
            assert shapes[name["code"]].buffer(pixel).contains(box), \
                f"{name['words']} crosses the edge of its unit ({where}): {box.difference(shapes[name['code']]).area}"


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
    assert min(size for _, _, size in written) >= maps.LABEL_SIZE == 13  # 13 px on a phone too
    assert_names_legible(tab.evaluate(NAME_BOXES), boundaries.load_boundaries().geojson, f"page {size[0]} px",
                         maps.LABEL_SIZE)
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
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_every_regency_is_named_on_the_map_slide_offline(map_server, browser, con, size):
    tab = _offline_tab(browser, map_server, size)
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
    plot_area = tab.evaluate("() => { const l = document.querySelector('.js-plotly-plot')._fullLayout;"
                             " return [l.xaxis._length, l.yaxis._length]; }")
    print(f"map slide at {size[0]}x{size[1]}: plot area {plot_area[0]:.0f} x {plot_area[1]:.0f} px")
    # Tanjung Jabung Barat and Timur apart, Muaro Jambi inside its own edge (issue #22)
    assert_names_legible(tab.evaluate(NAME_BOXES), boundaries.load_boundaries().geojson,
                         f"slide {size[0]}x{size[1]}", 20)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"map-slide-{size[0]}x{size[1]}.png"))
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


# --- the national map and any province's, drawn alone -----------------------------------------------

def _values(geojson: dict, hidden: tuple[str, ...] = ()) -> pd.DataFrame:
    """Made-up alumni counts for every unit, the ones in `hidden` hidden."""
    codes = [f["id"] for f in geojson["features"]]
    counts = np.random.default_rng(21).integers(50, 90_000, len(codes)).astype(float)
    return pd.DataFrame({"region_code": codes, "name": [region_index()[c].name for c in codes], "alumni": counts,
                         "hidden": [c in hidden for c in codes]})


@pytest.mark.parametrize("width", [350, 840], ids=["phone", "laptop"])
@pytest.mark.parametrize("province", ["national", "32", "15", "94", "35"])
def test_every_name_stays_legible_on_the_national_and_province_maps(browser_alone, tmp_path, province, width):
    """Drawn at a phone's and a laptop's width: every name readable, none touching another, those
    inside a unit inside it; the names left out are only those the legend counts."""
    shapes = boundaries.national_boundaries() if province == "national" else boundaries.province_boundaries(province)
    frame = _values(shapes.geojson)
    build = maps.national_figure if province == "national" else maps.province_figure
    drawn_at = None if width < 500 else (width, maps.PHONE_PLOT[1])
    figure = build(frame, shapes, "alumni", "id", 10, maps.value_range(frame["alumni"]), drawn_at=drawn_at)
    page = tmp_path / "map.html"
    page.write_text(pio.to_html(figure, include_plotlyjs=True, full_html=True, default_width="100%",
                                config={"responsive": True, "displayModeBar": False}), encoding="utf-8")
    tab = browser_alone.new_page(viewport={"width": width, "height": 600})
    outside = []
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
              else (outside.append(route.request.url), route.abort()))
    tab.goto(page.as_uri())
    tab.wait_for_function("() => !!document.querySelector('.js-plotly-plot')?._fullLayout", timeout=60_000)
    names = tab.evaluate(NAME_BOXES)
    assert_names_legible(names, shapes.geojson, f"{province} at {width} px", maps.LABEL_SIZE)
    left_out = next((trace.customdata for trace in figure.data if trace.meta == "names left out"), ())
    assert sorted([n["code"] for n in names] + list(left_out)) == sorted(frame["region_code"])
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"map-{province}-{width}.png"))
    print(f"{province} at {width} px: {len(names)} names written, {len(left_out)} left out")
    assert outside == []


@pytest.fixture(scope="module")
def browser_alone():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()
