"""Real browser: what a person sees. Playwright drives Debian's Chromium; nothing leaves the machine."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, running_in_ci

try:
    from playwright.sync_api import expect
except ImportError:  # reported by _require_browser
    expect = None

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "artifacts"
MAIN_HEADING = '[data-testid="stMainBlockContainer"] h1'
# Streamlit marks its root with the state of the script run; "notRunning" once a run has finished.
RUN_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Every Plotly chart on the page has drawn: a trace in its SVG (heatmaps draw `.hm`, Sankey
# diagrams `.sankey`), or, for a map, features on its canvas.
PLOTS_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length > 0 && plots.every(p => p.querySelector('.trace, .hm, .sankey')
        || (p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot
            && p._fullLayout.map._subplot.map.queryRenderedFeatures().length > 0));
}"""
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _require_browser():
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason:
        if running_in_ci():
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(fixture_db, **extra_env: str):
    """A Streamlit server on a free loopback port, visited once, stopped afterwards."""
    url, process = launch_server(fixture_db, **extra_env)
    _first_visit(url)
    return url, process


def launch_server(fixture_db, **extra_env: str):
    """`streamlit run serve.py` (the README's command) on a free loopback port, not yet visited."""
    _require_browser()
    port = _free_port()
    env = os.environ | {"PRAKERJA_DB": str(fixture_db)} | extra_env
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server; a full pipe would block it
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            pass
        try:  # between attempts, wait for the other way this ends: the server exiting
            process.wait(timeout=0.3)
        except subprocess.TimeoutExpired:
            if time.monotonic() < deadline:
                continue
            process.kill()
            process.wait()
        log.seek(0)
        pytest.fail("streamlit did not start: " + log.read().decode(errors="replace")[-2000:])
    return url, process


ANALYST, ANALYST_PASSWORD = "analis-uji", "kopi-kerinci-2024"


@pytest.fixture(scope="module")
def accounts_file(tmp_path_factory) -> Path:
    """An analyst account for the servers (alumni rows are downloaded by signed-in analysts only)."""
    from prakerja_dash import accounts

    path = tmp_path_factory.mktemp("accounts") / "accounts.json"
    accounts.add(ANALYST, "analyst", ANALYST_PASSWORD, path=path)
    return path


@pytest.fixture(scope="module")
def server(fixture_db, accounts_file):
    url, process = _start_server(fixture_db, PRAKERJA_ACCOUNTS=str(accounts_file))
    yield url
    process.terminate()
    process.wait(timeout=20)


def _first_visit(url: str) -> None:
    """Streamlit 1.67 answers the very first session after a start that asks for a page other
    than the default with a "Page not found" notice; open the default page once first."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        for path in ("", "peta"):
            tab = browser.new_page()
            tab.goto(f"{url}/{path}")
            tab.wait_for_selector(MAIN_HEADING, timeout=60_000)
            tab.close()
        browser.close()


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield offline_page(browser, server, (1280, 900))
        browser.close()


def offline_page(browser, server: str, size: tuple[int, int]):
    """A tab that may reach only `server`; every other request is refused and listed in
    `tab.outside_requests`."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    outside: list[str] = []

    def only_our_server(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_our_server)
    tab = context.new_page()
    tab.outside_requests = outside
    return tab


def _choose_regency(page, name: str, code: str) -> None:
    """Pick a regency in the sidebar. On a loaded CI machine a click can land while the page is
    redrawing, so the pick is checked in the URL and tried again (at most 3 times)."""
    for _ in range(3):
        if f"regency={code}" in page.url:
            return
        try:
            page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
            page.keyboard.type(name)  # typing filters the list, so the option is rendered wherever it sits
            page.get_by_role("option", name=name).click(timeout=10_000)
            page.keyboard.press("Escape")
            page.wait_for_url(re.compile(rf"regency={code}"), timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; look at the URL and try again
            page.keyboard.press("Escape")
    pytest.fail(f"could not select {name} in the sidebar")


def _alumni_value(page):
    """The value of the KPI labelled Alumni (found by its label, not by its position on the page)."""
    return page.locator('[data-testid="stMetric"]', has_text="Alumni").first.locator('[data-testid="stMetricValue"]')


def _alumni_kpi(page) -> str:
    return _alumni_value(page).inner_text()


def _published_alumni(fixture_db) -> str:
    """The province's alumni as the Overview publishes it: 20,000 adjusted by the cell key method."""
    from prakerja_dash.data import db, queries
    from prakerja_dash.domain import metrics
    from prakerja_dash.domain.filters import Filters
    from prakerja_dash.i18n import format_int

    con = db.connect(fixture_db)
    try:
        value = metrics.kpis(queries.kpi_counts(con, Filters()), 10)["alumni"].iloc[0]
    finally:
        con.close()
    assert abs(value - 20_000) <= 2
    return format_int(value, "id")


def test_changing_a_filter_changes_the_kpis_and_the_url(server, page, fixture_db):
    province = _published_alumni(fixture_db)
    page.goto(server)
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    expect(page.get_by_text("Data demo (sintetis)").first).to_be_visible(timeout=20_000)
    expect(_alumni_value(page)).to_have_text(province, timeout=20_000)
    before = _alumni_kpi(page)

    _choose_regency(page, "Kota Jambi", "15.71")
    expect(_alumni_value(page)).not_to_have_text(before, timeout=30_000)
    after = _alumni_kpi(page)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", after) and after != before
    page.wait_for_url(re.compile(r"regency=15.71"), timeout=10_000)
    expect(page.get_by_text(f"Provinsi, pilihan sama: {province}").first).to_be_visible(timeout=20_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview-filtered.png"), full_page=True)
    assert page.outside_requests == []


def test_a_copied_link_reopens_the_view_in_english(server, page):
    page.goto(server + "/?regency=15.71&gender=P&lang=en")
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    expect(page.get_by_text("Selection: Kota Jambi; Women")).to_be_visible(timeout=20_000)
    expect(_alumni_value(page)).to_have_text(re.compile(r"^\d{1,3}(,\d{3})*$"), timeout=20_000)
    assert page.outside_requests == []


# The map is SVG (presentation/maps.py): each regency a filled trace whose meta is "fill <code>".
RENDERED_REGENCIES = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const drawn = plot.querySelectorAll('.scatterlayer .trace').length;
    return plot._fullData.filter(t => String(t.meta).startsWith('fill ') && drawn > 0)
        .map(t => t.meta.slice(5)).sort();
}"""
MAP_SETTLED = """(selected) => {
    const plot = document.querySelector('.js-plotly-plot');
    if (!plot || !plot._fullData || !plot.querySelector('.scatterlayer .trace')) return false;
    const fills = plot._fullData.filter(t => String(t.meta).startsWith('fill ')).length;
    const outlined = selected == null  // null or undefined: no selection to wait for
        || plot._fullData.some(t => t.meta === 'selected ' + selected);
    return fills === 11 && outlined;
}"""
SCREEN_POINT = """([lon, lat]) => {
    const plot = document.querySelector('.js-plotly-plot');
    const box = plot.getBoundingClientRect(), layout = plot._fullLayout;
    return [box.left + layout.xaxis._offset + layout.xaxis.l2p(lon),
            box.top + layout.yaxis._offset + layout.yaxis.l2p(lat)];
}"""


def _wait_for_run(page, timeout: int = 30_000) -> None:
    """The script run that drew the page has finished."""
    page.wait_for_selector(RUN_FINISHED, state="attached", timeout=timeout)


def _wait_for_map(page, selected: str | None = None, timeout: int = 30_000) -> None:
    """The map stands still with all 11 regencies drawn (and `selected` outlined, when given)."""
    page.wait_for_function(MAP_SETTLED, arg=selected, timeout=timeout)


def _click_regency(page, code: str, clicked) -> None:
    """Click a regency on the settled map until the URL shows the click took effect (`clicked(url)`).
    On a loaded machine the chart can still be resizing when the point is computed; the URL is
    checked before every attempt, so a click is never repeated once it has registered."""
    for _ in range(3):
        if clicked(page.url):
            return
        _wait_for_run(page)
        _wait_for_map(page)
        x, y = page.evaluate(SCREEN_POINT, _inside(code))
        page.mouse.click(x, y)
        try:
            page.wait_for_url(clicked, timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; look at the URL and try again
            continue
    pytest.fail(f"clicking {code} on the map had no effect")


def _inside(code: str) -> list[float]:
    from shapely.geometry import shape

    from prakerja_dash.data.boundaries import load_boundaries

    feature = next(f for f in load_boundaries().geojson["features"] if f["id"] == code)
    point = shape(feature["geometry"]).representative_point()
    return [point.x, point.y]


@pytest.mark.boundaries  # checked before the server starts (tests/conftest.py)
def test_map_draws_eleven_regencies_offline_and_a_click_filters_every_page(server, page, fixture_db):
    import duckdb

    page.goto(server + "/peta")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    _wait_for_run(page)
    _wait_for_map(page)
    assert page.evaluate(RENDERED_REGENCIES) == sorted(
        ["15.01", "15.02", "15.03", "15.04", "15.05", "15.07", "15.06", "15.09", "15.08", "15.71", "15.72"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    _click_regency(page, "15.02", lambda url: "regency=15.02" in url)
    page.get_by_role("link", name="Ringkasan").click()
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    con = duckdb.connect(str(fixture_db), read_only=True)
    merangin = con.execute("SELECT count(*) FROM alumni WHERE regency_code = '15.02'").fetchone()[0]
    con.close()
    expect(_alumni_value(page)).to_have_text(f"{merangin:,}".replace(",", "."), timeout=30_000)
    expect(page.get_by_text("Kabupaten Merangin").first).to_be_visible(timeout=20_000)
    assert page.outside_requests == []


PAGE_PATHS = ("ringkasan", "peta", "pelatihan", "hasil", "gelombang", "profil", "cerita")


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_renders_in_a_projector_sized_window(server, page, path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server}/{path}?regency=15.71")
    page.wait_for_selector(MAIN_HEADING, timeout=30_000)
    page.wait_for_load_state("networkidle")
    _wait_for_run(page)
    if path != "cerita":
        page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_text("Data demo (sintetis)").first).to_be_visible(timeout=20_000)
    if path not in ("cerita",):
        assert page.locator(".js-plotly-plot").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-{path}-1280x720.png"))
    assert page.outside_requests == []


def _sign_in_as_analyst(page) -> None:
    """The sidebar's sign-in form, filled in and sent; done when the sidebar names the analyst."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stExpander"] summary', has_text="Masuk (analis/admin)").click()
    sidebar.get_by_label("Nama akun").fill(ANALYST)
    sidebar.get_by_label("Kata sandi").fill(ANALYST_PASSWORD)
    sidebar.locator('[data-testid="stFormSubmitButton"] button').click()
    expect(sidebar.get_by_text(f"Masuk sebagai {ANALYST}")).to_be_visible(timeout=30_000)


def test_downloading_the_alumni_rows_gives_the_filtered_file(server, page, fixture_db):
    import io

    import duckdb
    import pandas as pd

    page.goto(server + "/?regency=15.71&gender=P")
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    _sign_in_as_analyst(page)
    page.get_by_text("Unduh data alumni (baris)").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    download = download_info.value
    name = download.suggested_filename
    assert name.startswith("prakerja-jambi-alumni-") and name.endswith(".csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"regency_code": str})
    con = duckdb.connect(str(fixture_db), read_only=True)
    selected = con.execute("SELECT count(*) FROM alumni WHERE regency_code = '15.71' AND gender = 'P'").fetchone()[0]
    con.close()
    assert set(rows["regency_code"]) <= {"15.71", "*"} and set(rows["gender"]) <= {"P", "*"}
    assert 0.98 * selected <= len(rows) <= selected
    assert page.outside_requests == []


PUBLIC_URL = "https://prakerja-jambi.example/dasbor"


@pytest.fixture(scope="module")
def presenting_server(fixture_db):
    """A second server whose public address is configured, for the presentation's QR code."""
    url, process = _start_server(fixture_db, PRAKERJA_PUBLIC_URL=PUBLIC_URL)
    yield url
    process.terminate()
    process.wait(timeout=20)


def _wait_for_heading(page, title: str, timeout: int = 30_000) -> None:
    page.wait_for_function("([selector, title]) => document.querySelector(selector)"
                           " && document.querySelector(selector).innerText === title",
                           arg=[MAIN_HEADING, title], timeout=timeout)


def _press_until_heading_changes(page, key: str, current: str) -> None:
    """A key pressed while a loaded machine is still redrawing can be dropped by the browser; press
    again if the slide has not moved within 15 s (at most twice)."""
    for _ in range(2):
        page.keyboard.press(key)
        try:
            page.wait_for_function("([selector, title]) => document.querySelector(selector)"
                                   " && document.querySelector(selector).innerText !== title",
                                   arg=[MAIN_HEADING, current], timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; press again
            continue


SMALLEST_KPI_FONT = """() => Math.min(...[...document.querySelectorAll('[data-testid="stMetric"] *')]
    .filter(e => e.childElementCount === 0 && e.textContent.trim())
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_presentation_offline_on_a_projector(presenting_server, page, size):
    import io

    import zxingcpp
    from PIL import Image

    from prakerja_dash.i18n import t
    from prakerja_dash.ui.slides import SLIDES

    def only_local(route):
        if route.request.url.startswith(presenting_server):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.context.unroute("**/*")
    page.context.route("**/*", only_local)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(presenting_server + "/peta?mode=present&every=0&regency=15.71")
    page.wait_for_selector(MAIN_HEADING, timeout=30_000)
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or not page.locator(
        '[data-testid="stSidebar"]').is_visible()
    for number, slide in enumerate(SLIDES):
        _wait_for_heading(page, t(f"present_slide_{slide}", "id"))
        _wait_for_run(page)
        if slide == "kpis":
            page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
        if slide in ("map", "categories", "outcomes"):
            page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
        if slide == "scan":
            page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
                                   ".some(img => img.complete && img.naturalWidth > 0)", timeout=30_000)
        if slide == "kpis":  # type scales with the screen: never below 24 px at 1080 px high
            assert page.evaluate(SMALLEST_KPI_FONT) >= 24 * size[1] / 1080
        if slide in ("map", "categories", "outcomes"):
            assert page.locator(".js-plotly-plot").count() == 1
        if slide == "scan":
            qr_image = page.locator('[data-testid="stImage"] img').first
            decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_image.screenshot())))]
            assert decoded == [PUBLIC_URL + "/m?regency=15.71"]  # the phone page
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"slide-{number + 1}-{slide}-{size[0]}x{size[1]}.png"))
        _press_until_heading_changes(page, "ArrowRight", t(f"present_slide_{slide}", "id"))
    assert page.outside_requests == []


def test_pages_fit_a_phone(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("ringkasan", "peta", "cerita"):
        page.goto(f"{server}/{path}?regency=15.71")
        page.wait_for_selector(MAIN_HEADING, timeout=30_000)
        _wait_for_run(page)
        if path != "cerita":
            page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1, path
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-stories-390.png"))


@pytest.mark.boundaries
def test_clicking_the_selected_regency_again_clears_the_filter(server, page):
    page.goto(server + "/peta")
    _click_regency(page, "15.09", lambda url: "regency=15.09" in url)
    _wait_for_run(page)
    _wait_for_map(page, selected="15.09")  # redrawn with the selection before it is clicked again
    _click_regency(page, "15.09", lambda url: "regency=" not in url)
    assert page.outside_requests == []
