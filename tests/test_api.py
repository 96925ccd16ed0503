"""The open API and the phone page over real HTTP, served by `serve.py` on the dashboard's own port:
the index and its OpenAPI description, every view, CSV, clear 400 and 404 answers, ETags and 304,
compression, only published aggregates; the phone page's weight, its figures, nothing from outside."""

from __future__ import annotations

import gzip
import io
import json
import re

import pandas as pd
import pytest

from prakerja_dash import i18n, views
from prakerja_dash.data import reader
from prakerja_dash.domain.filters import Filters
from prakerja_dash.web import published
from tests.conftest import get

K = 10
API = "/api/v1"
COUNT_COLUMNS = ("n", "alumni", "businesses", "businesses_started", "before", "after")
# Keys that would name a person or an alumnus's record, or a raw count or cell key.
PERSONAL = re.compile(r"^(alumni_id|id_peserta|nik|name_person|display_name|summary_.*|business(_en)?|n_.*|ck_.*)$")


def answer_json(api_server: str, path: str) -> dict:
    status, headers, body = get(api_server + path)
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def test_the_index_lists_every_view_and_its_tables(api_server, fixture_db):
    index = answer_json(api_server, f"{API}/")
    assert list(index["views"]) == list(published.PUBLISHED_VIEWS)
    for name, described in index["views"].items():
        view = views.for_page(name, reader.db_key(fixture_db), Filters(), K, "id")
        assert described["tables"] == {t: list(f.columns) for t, f in view.tables.items() if t not in views.TEXT_TABLES}
        assert described["json"] == f"{API}/{name}.json"
    assert set(index["parameters"]) >= {"regency", "wave", "year", "gender", "age", "education", "category",
                                        "status", "lang"}


def test_the_openapi_description_names_every_path_the_api_answers(api_server):
    spec = answer_json(api_server, f"{API}/openapi.json")
    assert spec["openapi"].startswith("3.")
    for name in published.PUBLISHED_VIEWS:
        assert f"{API}/{name}.json" in spec["paths"] and f"{API}/{name}.csv" in spec["paths"]
        csv_tables = next(p for p in spec["paths"][f"{API}/{name}.csv"]["get"]["parameters"] if p["name"] == "table")
        assert answer_json(api_server, f"{API}/{name}.json")["tables"].keys() == set(csv_tables["schema"]["enum"])


@pytest.mark.parametrize("name", list(published.PUBLISHED_VIEWS))
def test_every_view_answers_with_its_envelope_and_only_published_aggregates(api_server, name):
    body = answer_json(api_server, f"{API}/{name}.json?age=56%2B&regency=15.72&gender=P")
    assert set(body) >= {"view", "filters", "dataset_version", "k", "method", "tables"}
    assert body["view"] == name and body["k"] == K and "cell key" in body["method"]
    assert body["filters"] == {"regency": "15.72", "gender": "P", "age": "56+"}
    for table, rows in body["tables"].items():
        for row in rows:
            assert not [key for key in row if PERSONAL.match(key)], (table, row)
            counts = [key for key in row if key.endswith("_n") or key in COUNT_COLUMNS]
            if row.get("kind") == "count":  # a count among the KPIs
                counts.append("value")
            for key in counts:
                # a count is hidden (null) or zero or at least K: never a small count
                assert row[key] is None or row[key] == 0 or row[key] >= K, (table, key, row[key])


def test_the_overview_kpis_are_one_row_per_measure(api_server, fixture_db):
    body = answer_json(api_server, f"{API}/ringkasan.json?regency=15.71")
    kpis = {row["measure"]: row for row in body["tables"]["kpis"]}
    assert list(kpis)[:3] == ["alumni", "pct_women", "pct_age_18_35"] and len(kpis) == 9
    assert {"measure", "value", "n", "hidden"} <= set(kpis["alumni"])
    view = views.ringkasan(reader.db_key(fixture_db), Filters(regencies=("15.71",)), K, "id")
    assert kpis["alumni"]["value"] == view.tables["kpis"].set_index("measure").at["alumni", "value"]
    hidden = answer_json(api_server, f"{API}/ringkasan.json?regency=15.72&age=56%2B&wave=71")
    rows = hidden["tables"]["kpis"]
    assert any(row["hidden"] for row in rows)
    assert all((row["value"] is None) == row["hidden"] for row in rows)


def test_csv_is_one_table_with_nothing_a_spreadsheet_would_run(api_server):
    status, headers, body = get(f"{API}/pelatihan.csv?table=categories".join((api_server, "")))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "attachment" in headers["content-disposition"]
    table = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    assert len(table) == 12 and "label" in table.columns
    assert not any(str(cell).startswith(("=", "+", "-", "@")) for cell in table["label"])


@pytest.mark.parametrize("path, lang, status, error", [
    ("/nope.json", "id", 404, "unknown_view"),
    ("/ringkasan.xml", "en", 404, "unknown_view"),
    ("/cerita.json", "en", 404, "unknown_view"),  # stories are people's words: not in the API
    ("/ringkasan.json?regency=9999", "en", 400, "bad_request"),
    ("/ringkasan.json?wave=70-20", "id", 400, "bad_request"),
    ("/ringkasan.json?lang=fr", "id", 400, "bad_request"),
    ("/gelombang.json?a=1-99", "en", 400, "bad_request"),
    ("/profil.json?profil=1", "id", 400, "bad_request"),
    ("/hasil.csv", "id", 400, "bad_request"),
    ("/hasil.csv?table=nope", "en", 400, "bad_request"),
])
def test_bad_requests_get_a_clear_answer_in_their_language(api_server, path, lang, status, error):
    joiner = "&" if "?" in path else "?"
    code, headers, body = get(f"{api_server}{API}{path}{joiner}lang={lang}" if "lang=" not in path
                              else f"{api_server}{API}{path}")
    assert code == status
    answer = json.loads(body)
    assert answer["error"] == error and answer["message"]
    assert headers["cache-control"] == "no-store"
    if status == 400 and lang == "id":
        assert answer["message"] == i18n.t("api_bad_request", "id") or "tabel" in answer["message"].lower()


def test_etags_follow_the_data_and_the_request_and_a_match_gets_304(api_server):
    url = f"{api_server}{API}/hasil.json?regency=15.01"
    status, headers, _ = get(url)
    assert status == 200 and headers["etag"] and "max-age" in headers["cache-control"]
    again = get(url, {"If-None-Match": headers["etag"]})
    assert again[0] == 304 and again[2] == b""
    assert get(url, {"If-None-Match": "W/" + headers["etag"]})[0] == 304  # a weak match is a match
    assert get(url, {"If-None-Match": "*"})[0] == 304
    zipped = get(url, {"Accept-Encoding": "gzip"})[1]["etag"]
    assert zipped != headers["etag"]  # another representation, another strong ETag
    assert get(f"{api_server}{API}/hasil.json?regency=15.02")[1]["etag"] != headers["etag"]
    assert get(url + "&lang=en")[1]["etag"] != headers["etag"]
    assert get(f"{api_server}{API}/hasil.csv?table=income_bands&regency=15.01")[1]["etag"] != headers["etag"]


def test_an_etag_changes_with_k_and_with_another_spelling_of_nothing():
    key = ("/x.duckdb", 1, 2)
    asked = published.parse("gelombang", {"a": "1-47"})
    assert published.etag(key, asked, 10, "json") != published.etag(key, asked, 11, "json")
    assert published.etag(("/x.duckdb", 2, 2), asked, 10, "json") != published.etag(key, asked, 10, "json")
    for spelling in ("01-47", "001-047", " 1-47 "):  # one period, one cache entry
        assert published.etag(key, published.parse("gelombang", {"a": spelling}), 10, "json") == \
            published.etag(key, asked, 10, "json")


def test_an_import_that_replaces_the_file_changes_every_answer(fixture_db, tmp_path):
    """The server sees a new file at its next request: new figures, new ETags, and a read that began
    on the old file is not cut short."""
    import os

    from benchmarks import spike
    from prakerja_dash.data import demo

    live, replacement = tmp_path / "live.duckdb", tmp_path / "new.duckdb"
    live.write_bytes(fixture_db.read_bytes())
    demo.build_demo(replacement, rows=1_000, seed=3)
    with spike.OwnServer(live, {"PRAKERJA_MIN_CELL": str(K)}) as server:
        url = f"{server.url}{API}/ringkasan.json"
        status, headers, body = get(url)
        before = {row["measure"]: row["value"] for row in json.loads(body)["tables"]["kpis"]}
        os.replace(replacement, live)
        status, after_headers, body = get(url)
        after = {row["measure"]: row["value"] for row in json.loads(body)["tables"]["kpis"]}
        assert status == 200 and abs(before["alumni"] - 20_000) <= 2 and abs(after["alumni"] - 1_000) <= 2
        assert after_headers["etag"] != headers["etag"]
        assert get(url, {"If-None-Match": headers["etag"]})[0] == 200  # the old ETag no longer matches


def test_answers_are_compressed_for_clients_that_accept_it(api_server):
    status, headers, body = get(f"{api_server}{API}/gelombang.json", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    plain = get(f"{api_server}{API}/gelombang.json")[2]
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 3


# --- the phone page ---------------------------------------------------------------------------
def test_the_phone_page_is_light_self_contained_and_readable(api_server):
    status, headers, body = get(f"{api_server}/m?regency=15.71", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert len(body) <= 300 * 1024  # everything a phone downloads: the page loads nothing else
    page = gzip.decompress(body).decode("utf-8")
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b|@import|url\(", page, re.I)
    references = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert references == ["ringkasan?regency=15.71"]  # the one link: the full dashboard, same filters
    assert not re.search(r"https?://", page)
    assert '<meta name="viewport" content="width=device-width,initial-scale=1">' in page
    assert i18n.t("demo_notice", "id") in page and i18n.t("privacy_footnote", "id", k=K) in page


def test_the_phone_page_shows_the_views_figures(api_server, fixture_db):
    filters = Filters(regencies=("15.71",), gender="P")
    view = views.ringkasan(reader.db_key(fixture_db), filters, K, "en")
    page = get(f"{api_server}/m?regency=15.71&gender=P&lang=en")[2].decode("utf-8")
    kpis = view.tables["kpis"].set_index("measure")
    for measure in ("alumni", "pct_now_employed", "pct_now_business", "median_income_change"):
        value = kpis.at[measure, "value"]
        shown = i18n.format_measure(kpis.at[measure, "kind"], None if pd.isna(value) else float(value), "en", K,
                                    signed=measure == "median_income_change")
        assert f"<b>{shown}</b>" in page, measure
    for year, alumni in zip(view.tables["trend_year"]["year"], view.tables["trend_year"]["alumni"], strict=True):
        assert f">{year}</text>" in page and f">{i18n.format_measure('count', alumni, 'en', K)}</text>" in page
    assert 'href="ringkasan?regency=15.71&amp;gender=P&amp;lang=en"' in page


def test_the_phone_page_says_which_filter_it_could_not_read_and_shows_the_province(api_server):
    status, _, body = get(f"{api_server}/m?regency=9999&lang=en")
    page = body.decode("utf-8")
    assert status == 200 and "were not recognised and were ignored: regency" in page
    other = get(f"{api_server}/m?regency=8888&lang=en")  # another bad value: the same page, not a new one
    assert other[2] == body and other[1]["etag"] == get(f"{api_server}/m?regency=9999&lang=en")[1]["etag"]
    assert 'href="ringkasan?lang=en"' in page


def test_the_phone_page_is_cached_with_an_etag(api_server):
    status, headers, _ = get(f"{api_server}/m?wave=1-47")
    assert status == 200 and headers["etag"]
    assert get(f"{api_server}/m?wave=1-47", {"If-None-Match": headers["etag"]})[0] == 304


def test_a_crowd_on_one_link_costs_one_build(fixture_db, monkeypatch):
    """Three hundred callers asking for the same answer at once wait for one build of it."""
    import threading

    builds = []
    gate = threading.Event()

    def slow_build() -> bytes:
        builds.append(1)
        gate.wait(5)
        return b"x"

    tag = '"crowd-test"'
    published.ANSWERS.clear()
    threads = [threading.Thread(target=published.answer, args=(tag, slow_build)) for _ in range(300)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    published.ANSWERS.clear()


def test_a_bad_filter_is_explained_in_the_requests_language(api_server):
    status, _, body = get(f"{api_server}{API}/ringkasan.json?regency=9999&wave=70-20")
    answer = json.loads(body)
    assert status == 400 and answer["message"] == "Permintaan tidak dapat dijawab."
    assert answer["problems"] == ["regency: 9999 bukan kode Kemendagri, kode BPS atau nama wilayah yang dikenal "
                                  "(misalnya 15.71)", "wave: 70-20 bukan rentang AWAL-AKHIR dalam 1-71"]
    english = json.loads(get(f"{api_server}{API}/ringkasan.json?gender=X&lang=en")[2])
    assert english["problems"] == ["gender: X is not known (choose from: L, P)"]


def test_the_spike_client_sends_a_crowd_to_the_phone_page_and_the_api(api_server):
    from benchmarks import spike

    crowd = spike.run_http_spike(api_server, 12, "phone", distinct=True, timeout=120)
    assert crowd.failures == [] and len(crowd.times) == 12
    assert len(set(spike.distinct_queries(1000))) == 1000  # every visitor of the largest crowd: its own filter
    api = spike.run_http_spike(api_server, 5, "api", query="regency=15.71", timeout=120)
    assert api.failures == [] and all(visit.bytes > 1000 for visit in api.visits)
    missing = spike.run_http_spike(api_server, 1, "api", query="regency=9999", timeout=60)
    assert [visit.problem for visit in missing.visits] == ["answered 'HTTP/1.1 400 Bad Request'"]


def test_a_failed_build_fails_its_waiters_and_the_next_caller_tries_again():
    import threading

    memo = reader.Memo(4)
    started, release = threading.Event(), threading.Event()
    errors = []

    def failing():
        started.set()
        release.wait(5)
        raise RuntimeError("database locked")

    def ask():
        try:
            memo.get("key", failing)
        except RuntimeError as error:
            errors.append(error)

    owner = threading.Thread(target=ask)
    owner.start()
    started.wait(5)
    waiters = [threading.Thread(target=ask) for _ in range(5)]
    for thread in waiters:
        thread.start()
    release.set()
    for thread in [owner, *waiters]:
        thread.join(10)
    assert len(errors) == 6 and memo.computed == 0  # one attempt, failed for all six
    assert memo.get("key", lambda: "fine") == "fine" and memo.computed == 1


def test_a_cached_answer_is_served_while_another_is_being_built(monkeypatch):
    """The event loop only looks answers up: a slow build does not hold back what is ready, and past
    MAX_PENDING different answers waiting, a visitor is told to come back."""
    import asyncio
    import threading
    import time

    from prakerja_dash.web import routes

    published.ANSWERS.clear()
    published.answer('"ready"', lambda: b"ready")
    release = threading.Event()
    monkeypatch.setattr(routes, "MAX_PENDING", 2)

    async def scenario() -> None:
        slow = [asyncio.create_task(routes._rendered(f'"slow-{n}"', lambda: release.wait(10) and b"slow"))
                for n in range(2)]
        await asyncio.sleep(0.2)
        began = time.monotonic()
        assert gzip.decompress(await routes._rendered('"ready"', lambda: b"never")) == b"ready"
        assert time.monotonic() - began < 0.1
        with pytest.raises(routes.Busy):
            await routes._rendered('"third"', lambda: b"third")
        same = asyncio.create_task(routes._rendered('"slow-0"', lambda: b"other"))  # joins the build under way
        release.set()
        assert [gzip.decompress(body) for body in await asyncio.gather(*slow, same)] == [b"slow"] * 3

    asyncio.run(scenario())
    published.ANSWERS.clear()
