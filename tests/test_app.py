"""AppTest over every page in both languages, and the frame's behaviour: URL, filters, notices."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from prakerja_dash.domain.filters import Filters
from prakerja_dash.i18n import t
from tests.conftest import REPO
from tests.test_privacy import small_filter

# Navigation pages; pages/present.py is the presentation mode (tests/test_presentation.py).
PAGES = sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py") if p.name != "present.py")
TIMEOUT = 60


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_pages_exist():
    assert "pages/overview.py" in PAGES


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(app_env, page, lang):
    at = open_app({"lang": lang}, page)
    assert not at.exception, [e.value for e in at.exception]
    assert any(w.value == t("demo_notice", lang) for w in at.warning)
    assert at.sidebar.multiselect(key="f_regency").label == t("filter_regency", lang)


def test_overview_shows_every_kpi_and_charts(app_env, exact_counts):
    at = open_app()
    shown = metrics(at)
    assert shown[t("kpi_alumni", "id")] == "20.000"
    assert len(shown) == 9
    assert not any(m.delta for m in at.metric)  # no province comparison without a filter
    assert len(at.get("plotly_chart")) == 3


def test_changing_a_filter_changes_kpis_and_the_url(app_env, exact_counts):
    at = open_app()
    before = metrics(at)[t("kpi_alumni", "id")]
    at.sidebar.multiselect(key="f_regency").set_value(["15.71"]).run()
    after = metrics(at)[t("kpi_alumni", "id")]
    assert after != before
    assert at.query_params["regency"] == ["15.71"] or at.query_params["regency"] == "15.71"
    assert all(m.delta.startswith("Provinsi, pilihan sama: ") for m in at.metric)
    assert at.metric[0].delta == "Provinsi, pilihan sama: 20.000"


def test_a_link_reopens_the_same_view(app_env, con, exact_counts):
    f = Filters(regencies=("15.71", "15.05"), gender="P", waves=(20, 70))
    at = open_app(f.to_query())
    assert at.sidebar.multiselect(key="f_regency").value == ["15.05", "15.71"]
    assert at.sidebar.slider(key="f_waves").value == (20, 70)
    expected = con.execute(
        "SELECT count(*) FROM alumni_outcomes WHERE regency_code IN ('15.71','15.05') AND gender = 'P'"
        " AND wave BETWEEN 20 AND 70"
    ).fetchone()[0]
    assert metrics(at)[t("kpi_alumni", "id")] == f"{expected:,}".replace(",", ".")


def test_bad_link_values_are_reported_and_the_rest_applied(app_env):
    at = open_app({"regency": "9999", "gender": "P"})
    assert not at.exception
    # shown as plain text in the page's language: the markdown source escapes every mark
    # (domain/text.markdown_literal)
    assert any("regency: 9999 bukan kode Kemendagri" in w.value.replace("\\", "") for w in at.warning)
    assert at.sidebar.segmented_control(key="f_gender").value == "P"


def test_a_tiny_selection_shows_no_number(app_env, con):
    at = open_app(small_filter(con).to_query())
    for label, value in metrics(at).items():
        assert value in ("< 10", "0", "+Rp 0", "Rp 0"), (label, value)


def test_english_formats_numbers_the_english_way(app_env, exact_counts):
    at = open_app({"lang": "en"})
    assert metrics(at)[t("kpi_alumni", "en")] == "20,000"


def test_first_run_builds_the_demo_database(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "prakerja.duckdb"
    monkeypatch.setenv("PRAKERJA_DB", str(path))
    monkeypatch.chdir(REPO)
    at = open_app()
    assert not at.exception
    assert Path(path).exists()
    assert metrics(at)[t("kpi_alumni", "id")] == "360.690"
    building = t("building_demo", "id", rows="360.690")
    assert not [info for info in at.info if info.value == building]  # the notice went once the data was ready


def test_unreadable_database_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("PRAKERJA_DB", str(path))
    monkeypatch.chdir(REPO)
    at = open_app()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("Basis data tidak dapat dibuka (")


def test_map_page_draws_the_choropleth_and_a_sorted_table(app_env):
    at = open_app({"regency": "15.71"}, "pages/map.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 11
    counts = [int(v.replace(".", "")) for v in table.iloc[:, 1]]
    assert counts == sorted(counts, reverse=True)
    assert at.sidebar.multiselect(key="f_regency").value == ["15.71"]  # the map keeps the global filter


def test_map_page_falls_back_to_tiles_without_a_boundary_file(app_env, monkeypatch, tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text("not geojson")
    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(bad))
    at = open_app({"lang": "en"}, "pages/map.py")
    assert not at.exception
    assert any("cannot be used" in w.value and "one tile per regency" in w.value for w in at.warning)
    # neither the path nor the file's name (it may hold words of any language) nor the checker's English
    assert not any(str(tmp_path) in w.value or "geojson" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 11


def test_map_page_says_in_its_language_that_the_boundary_file_is_missing_without_its_path(app_env, monkeypatch,
                                                                                          tmp_path):
    monkeypatch.setenv("PRAKERJA_BOUNDARIES", str(tmp_path / "geo" / "jambi_regencies.geojson"))
    at = open_app({}, "pages/map.py")
    assert not at.exception
    assert ("Berkas batas wilayah belum tersedia, jadi peta ditampilkan sebagai kotak per kabupaten/kota."
            in [w.value for w in at.warning])
    assert not any(str(tmp_path) in w.value or "geojson" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 11


def test_analysis_pages_show_their_charts(app_env):
    expected = {"pages/training.py": 5, "pages/outcomes.py": 7, "pages/waves.py": 5, "pages/profile.py": 1}
    for page, charts in expected.items():
        at = open_app({"lang": "en"}, page)
        assert not at.exception, page
        assert len(at.get("plotly_chart")) == charts, page


def test_profile_follows_a_single_regency_and_ranks_it(app_env, con):
    at = open_app({"regency": "15.06"}, "pages/profile.py")
    assert at.selectbox(key="profile_regency").value == "15.06"
    assert at.title[0].value == "Profil Kabupaten Tanjung Jabung Barat"
    n = con.execute("SELECT count(*) FROM alumni WHERE regency_code = '15.06'").fetchone()[0]
    assert metrics(at)[t("kpi_alumni", "id")] == f"{n:,}".replace(",", ".")
    ranks = at.dataframe[0].value
    assert ranks.iloc[0, 2].endswith("dari 11")


def test_a_story_links_to_its_regency_profile(app_env):
    at = open_app({}, "pages/stories.py")
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert badges.count(":green-badge[Kisah nyata · sumber: senjari.com, 19 Sep 2024]") == 2
    assert ":orange-badge[Contoh sintetis (data demo)]" in badges
    links = [link.proto for link in at.get("page_link")]
    jambi = next(link for link in links if link.label == "Profil Kota Jambi")
    assert jambi.page == "profil" and "profil=15.71" in jambi.query_string
    at = open_app({"profil": "15.71", "regency": "15.06"}, "pages/profile.py")
    assert not at.exception
    assert at.title[0].value == "Profil Kota Jambi"
    assert at.sidebar.multiselect(key="f_regency").value == ["15.06"]  # the filters stay as they were


def test_waves_compares_two_periods_with_the_kpi_query(app_env, con, exact_counts):
    at = open_app({"lang": "en", "gender": "P"}, "pages/waves.py")
    table = at.dataframe[-1].value
    first = con.execute("SELECT count(*) FROM alumni WHERE gender = 'P' AND wave <= 47").fetchone()[0]
    second = con.execute("SELECT count(*) FROM alumni WHERE gender = 'P' AND wave >= 48").fetchone()[0]
    assert table.iloc[0].tolist() == ["Alumni", f"{first:,}", f"{second:,}", "", ""]


def test_a_demo_database_from_an_older_version_is_rebuilt(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dataset_info AS SELECT 'demo' AS source, 1 AS version")  # an older layout
    con.close()
    monkeypatch.setenv("PRAKERJA_DB", str(path))
    monkeypatch.chdir(REPO)
    at = open_app()
    assert not at.exception and not at.error
    assert metrics(at)[t("kpi_alumni", "id")] == "360.690"


def test_imported_data_is_never_rebuilt_as_demo(tmp_path, monkeypatch):
    path = tmp_path / "imported.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dataset_info AS SELECT 'import' AS source, 3 AS version")
    con.close()
    monkeypatch.setenv("PRAKERJA_DB", str(path))
    monkeypatch.chdir(REPO)
    at = open_app()
    assert len(at.error) == 1  # a clear message; the file is left as it was
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT source FROM dataset_info").fetchone()[0] == "import"
    con.close()


@pytest.mark.parametrize(("lang", "said"), [
    ("id", "gender: X tidak dikenal (pilihan: L, P); regency: 32.73 di luar Provinsi Jambi"),
    ("en", "gender: X is not known (choose from: L, P); regency: 32.73 is outside Jambi"),
])
def test_a_links_unreadable_filters_are_named_in_the_pages_language(app_env, lang, said):
    at = open_app({"gender": "X", "regency": "3273", "wave": "5-9", "lang": lang})
    warnings = " ".join(w.value for w in at.warning)
    assert said in warnings.replace("\\", "")  # markdown escapes
    assert at.query_params["wave"] == "5-9" and "regency" not in at.query_params  # the rest still applies
