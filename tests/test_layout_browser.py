"""Every page on a phone (390 × 844) and a laptop (1280 × 720), in both languages: nothing wider than
the screen, every chart title inside its chart, tick labels that do not overlap, the map showing
all 11 regencies whole, nothing fetched from outside. Full-page screenshots go to artifacts/layout/
(git-ignored) for a person to look at."""

from __future__ import annotations

import pytest

from prakerja_dash.data.boundaries import boundaries_path
from tests.test_browser import (
    ARTIFACTS,
    BROWSER_ARGS,
    CHROMIUM,
    MAIN_HEADING,
    PLOTS_DRAWN,
    RUN_FINISHED,
    _start_server,
    offline_page,
)

PAGES = ("ringkasan", "peta", "pelatihan", "hasil", "gelombang", "profil", "cerita")
SIZES = {"phone": (390, 844), "laptop": (1280, 720)}
SHOTS = ARTIFACTS / "layout"

# Per chart: how far its title, its drawing and its tick labels reach past the chart's own box, and
# the tick labels of one axis that overlap each other (unturned labels only).
CHART_PROBLEMS = """() => {
    const problems = [];
    const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
        && b.top < a.bottom - 1;
    document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
        const box = plot.getBoundingClientRect();
        const title = plot.querySelector('.gtitle');
        if (title && title.getBoundingClientRect().right > box.right + 1) {
            problems.push(`chart ${index}: title "${title.textContent}" cut at the right edge`);
        }
        const svg = plot.querySelector('svg.main-svg');
        if (svg && svg.getBoundingClientRect().width > box.width + 1) {
            problems.push(`chart ${index}: drawing wider than its box`);
        }
        for (const axis of plot.querySelectorAll('.xaxislayer-above, .yaxislayer-above')) {
            const labels = [...axis.querySelectorAll('.xtick text, .ytick text')]
                .filter(t => t.textContent.trim() && !(t.getAttribute('transform') || '').includes('rotate'))
                .map(t => [t.textContent, t.getBoundingClientRect()]);
            for (let i = 0; i < labels.length; i++) {
                for (let j = i + 1; j < labels.length; j++) {
                    if (overlap(labels[i][1], labels[j][1])) {
                        problems.push(`chart ${index}: tick labels "${labels[i][0]}" and "${labels[j][0]}" overlap`);
                    }
                }
            }
        }
    });
    return problems;
}"""
# The map (SVG shapes, presentation/maps.py) draws every regency whole inside its chart.
MAP_FITS = """() => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p._fullData && p._fullData.some(t => String(t.meta).startsWith('fill ')));
    if (!plot) return "no map";
    const box = plot.getBoundingClientRect();
    const fills = [...plot.querySelectorAll('.scatterlayer .trace path.js-fill')];
    if (fills.length < 11) return `${fills.length} shapes drawn`;
    const cut = fills.map(f => f.getBoundingClientRect())
        .filter(r => r.left < box.left - 1 || r.right > box.right + 1
            || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    return cut.length ? `cut: ${cut.length} shapes reach past the chart` : "fits";
}"""
# The KPI cards per row (by their top edge).
KPI_ROWS = """() => {
    const rows = {};
    document.querySelectorAll('.st-key-kpi_grid [data-testid="stMetric"]').forEach(m => {
        const top = Math.round(m.getBoundingClientRect().top);
        rows[top] = (rows[top] || 0) + 1;
    });
    return Object.keys(rows).sort((a, b) => a - b).map(top => rows[top]);
}"""
# Streamlit draws a grey placeholder until a widget's code has loaded.
WIDGETS_LOADED = "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"
# Streamlit scrolls its main section, not the document: the height that shows all of it.
CONTENT_HEIGHT = """() => {
    const main = document.querySelector('[data-testid="stMain"]') || document.documentElement;
    return Math.max(main.scrollHeight, document.documentElement.scrollHeight);
}"""


@pytest.fixture(scope="module")
def layout_server(fixture_db):
    url, process = _start_server(fixture_db)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(layout_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


def _open(browser, server: str, size: tuple[int, int], url: str):
    page = offline_page(browser, server, size)
    context, outside = page.context, page.outside_requests
    page.goto(url)
    page.wait_for_selector(MAIN_HEADING, timeout=60_000)
    page.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
    return context, page, outside


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_the_screen(layout_server, browser, path, size, lang):
    width, height = SIZES[size]
    query = "?regency=15.71" + ("&lang=en" if lang == "en" else "")
    context, page, outside = _open(browser, layout_server, (width, height), f"{layout_server}/{path}{query}")
    try:
        if path != "cerita":
            page.wait_for_function(PLOTS_DRAWN, timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
        if path == "peta" and boundaries_path().is_file():  # without it the page shows tiles (test_app)
            page.wait_for_function(f"() => ({MAP_FITS})() === 'fits'", timeout=30_000)
        if path in ("ringkasan", "profil") and size == "phone":  # two KPI cards a row, not nine stacked
            # every card drawn first: a loaded machine can paint the last ones after the run has finished
            page.wait_for_function(f"() => ({KPI_ROWS})().reduce((sum, n) => sum + n, 0) === 9", timeout=30_000)
            rows = page.evaluate(KPI_ROWS)
            assert sum(rows) == 9 and max(rows) == 2 and len(rows) == 5, rows
        problems = page.evaluate(CHART_PROBLEMS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        # The whole page in one picture: a window as tall as the content (the layout stays the same width).
        page.set_viewport_size({"width": width, "height": min(page.evaluate(CONTENT_HEIGHT) + 40, 12_000)})
        page.wait_for_selector(RUN_FINISHED, state="attached", timeout=60_000)
        if path != "cerita":
            page.wait_for_function(PLOTS_DRAWN, timeout=60_000)
        page.wait_for_function(WIDGETS_LOADED, timeout=30_000)
        page.screenshot(path=str(SHOTS / f"{path}-{lang}-{width}.png"))
        assert problems == []
        assert outside == []
    finally:
        context.close()
