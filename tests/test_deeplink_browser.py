"""A link's first visit after a server start, watched in a real browser from its first moment: no
"Page not found" notice and no raw file names (`map`, `admin`, ...) in the menu, ever."""

from __future__ import annotations

import pytest

from prakerja_dash.i18n import t
from tests.conftest import REPO
from tests.test_browser import BROWSER_ARGS, CHROMIUM, MAIN_HEADING, RUN_FINISHED, launch_server

# The file names in pages/: what Streamlit's old directory navigation would list, as names and as addresses.
RAW_NAMES = sorted(p.stem for p in (REPO / "pages").glob("*.py"))

# Installed before the document exists: every 100 ms, and on every change of the page between
# the samples, what the menu lists (text and address of each link) and every dialog's text.
WATCH = """(() => {
  window.__samples = [];
  const start = performance.now();
  const sample = () => {
    if (!document.body) return;
    const label = a => {  // the link's text without its icon (a Material icon is a word: "map")
      const copy = a.cloneNode(true);
      copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach(icon => icon.remove());
      return copy.textContent.trim();
    };
    const links = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
      .map(a => ({text: label(a), path: new URL(a.href).pathname.replace(/^\\//, "")}));
    const dialogs = [...document.querySelectorAll('[role="dialog"]')].map(d => d.innerText.trim());
    const notFound = document.body.innerText.includes("Page not found");
    window.__samples.push({ms: Math.round(performance.now() - start), links, dialogs, notFound});
  };
  setInterval(sample, 100);
  new MutationObserver(sample).observe(document, {subtree: true, childList: true, characterData: true});
})();"""


@pytest.mark.parametrize(("link", "lang", "path", "page", "title"), [
    ("peta?lang=en", "en", "peta", "page_map", "map_title"),
    ("gelombang", "id", "gelombang", "page_waves", "waves_title"),
    ("ringkasan?regency=15.71", "id", "", "page_overview", "app_title"),  # the QR code's link; the menu's Overview is /
])
def test_first_deep_link_after_a_start_shows_no_stray_notice_or_file_names(fixture_db, link, lang, path, page, title):
    from playwright.sync_api import sync_playwright

    url, process = launch_server(fixture_db)  # never visited before this test
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.add_init_script(WATCH)
            tab.goto(f"{url}/{link}")
            tab.wait_for_function(
                "([heading, title]) => [...document.querySelectorAll(heading)]"
                ".some(h => h.innerText.trim() === title)",
                arg=[MAIN_HEADING, t(title, lang)], timeout=90_000)
            tab.wait_for_selector(RUN_FINISHED, timeout=60_000)
            samples = tab.evaluate("window.__samples")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)

    assert len(samples) >= 5, samples  # watched from the start, at least half a second
    stray = [s for s in samples if s["notFound"] or any(d for d in s["dialogs"])]
    assert not stray, f"a notice was shown from {stray[0]['ms']} to {stray[-1]['ms']} ms: {stray[0]}"
    raw = [s for s in samples
           if any(link["text"] in RAW_NAMES or link["path"] in RAW_NAMES for link in s["links"])]
    assert not raw, f"the menu listed file names from {raw[0]['ms']} to {raw[-1]['ms']} ms: {raw[0]}"
    # The watch did see the real menu: our own page, under its own address and title.
    menu = samples[-1]["links"]
    assert {"path": path, "text": t(page, lang)} in menu, menu
