"""Real browser, hostile input: values from a link are shown as plain text, never as a link or
an image; an import from another process is seen by the running server without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.test_browser import (  # noqa: F401 - fixtures
    BROWSER_ARGS,
    CHROMIUM,
    MAIN_HEADING,
    _alumni_kpi,
    _start_server,
    accounts_file,
    page,
    server,
)

HOSTILE_LINKS = {
    "regency": "[klik di sini](https://evil.example/login)",
    "wave": "![x](http://host.example/pixel.gif)",
    "category": "<img src=http://host.example/tag.gif>",
}


@pytest.mark.parametrize("parameter", sorted(HOSTILE_LINKS))
def test_link_parameters_never_become_links_or_images(server, page, parameter):  # noqa: F811
    value = HOSTILE_LINKS[parameter]
    page.goto(server + "/", wait_until="domcontentloaded")
    page.goto(f"{server}/?{parameter}={value}")
    warning = page.locator('[data-testid="stAlertContentWarning"]', has_text="tidak dikenali")
    warning.wait_for(timeout=60_000)
    assert "evil.example" in warning.inner_text() or "host.example" in warning.inner_text()  # shown, as text
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="evil.example"]').count() == 0
    assert main.locator('img[src*="host.example"]').count() == 0
    assert not [url for url in page.outside_requests if "example" in url]


def test_an_import_from_another_process_is_seen_without_a_restart(fixture_db, tmp_path, accounts_file):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from tests.test_import import person, write_csv

    live = tmp_path / "live.duckdb"
    shutil.copyfile(fixture_db, live)
    url, process = _start_server(live)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            first = browser.new_page()
            first.goto(url)
            first.wait_for_selector(MAIN_HEADING, timeout=60_000)
            before = _alumni_kpi(first)
            assert before.replace(".", "").isdigit() and int(before.replace(".", "")) > 19_000

            rows = write_csv(tmp_path / "alumni.csv", [person(i) for i in range(60)])
            result = subprocess.run([sys.executable, "-m", "prakerja_dash", "import", str(rows), "--db", str(live)],
                                    cwd=REPO, capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stderr

            fresh = browser.new_page()  # a new session
            fresh.goto(url)
            fresh.wait_for_selector(MAIN_HEADING, timeout=60_000)
            fresh.locator('[data-testid="stMetric"]', has_text="Alumni").first.wait_for(timeout=60_000)
            after = int(_alumni_kpi(fresh).replace(".", ""))
            assert 58 <= after <= 62  # 60 imported alumni, adjusted by at most 2 (cell key method)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
