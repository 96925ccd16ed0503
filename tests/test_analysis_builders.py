"""Builders and label helpers of the analysis pages, on small frames."""

from __future__ import annotations

import pandas as pd

from prakerja_dash.domain import metrics
from prakerja_dash.domain.privacy import Measure, publish
from prakerja_dash.presentation import charts, labels

K = 10


def test_bars_are_sorted_labelled_and_leave_out_suppressed():
    figure = charts.bars_figure(["a", "b", "c"], pd.Series([0.2, None, 0.5]), "share", "t", "id", K)
    bar = figure.data[0]
    assert list(bar.y) == ["a", "c"] and list(bar.x) == [0.2, 0.5]
    assert bar.text == ("20,0 %", "50,0 %")
    unsorted = charts.bars_figure(["0", "1", "2"], pd.Series([30, 10, 20]), "count", "t", "en", K,
                                  horizontal=False, sort=False)
    assert list(unsorted.data[0].x) == ["0", "1", "2"]


def test_paired_bars_keep_both_series_and_drop_empty_rows():
    figure = charts.paired_bars_figure(["x", "y", "z"], pd.Series([0.1, 0.3, None]), pd.Series([0.2, 0.1, None]),
                                       ("A", "B"), "t", "en", K)
    second, first = figure.data
    assert list(first.y) == ["x", "y"] and list(first.x) == [0.1, 0.3]
    assert list(second.x) == [0.2, 0.1] and first.name == "A"


def test_heatmap_leaves_suppressed_cells_blank():
    frame = pd.DataFrame({"group_key": ["c1", "c1", "c2"], "group_key_2": ["r1", "r2", "r1"],
                          "n": [100, 5, 100], "e": [30, 1, 40]})
    published = publish(frame, [Measure("rate", "share", "e", "n")], K, keep=["group_key", "group_key_2"])
    figure = charts.heatmap_figure(published, {"c1": "Cat 1", "c2": "Cat 2"}, {"r1": "R1", "r2": "R2"}, "rate",
                                   "t", "en", K)
    heat = figure.data[0]  # turned to fit a phone: the regencies (second grouping) run down
    assert list(heat.x) == ["Cat 1", "Cat 2"] and list(heat.y) == ["R1", "R2"]
    assert heat.z[0][0] == 0.3 and pd.isna(heat.z[1][0]) and heat.text[1][0] == ""


def test_sankey_links_are_the_published_counts():
    flow = metrics.flow(pd.DataFrame({
        "status_before": ["tidak_bekerja", "tidak_bekerja", "pekerja"],
        "status_after": ["pekerja", "wirausaha", "pekerja"], "n_alumni": [120, 4, 300]}), K)
    figure = charts.sankey_figure(flow, labels.status_names("id"), "t", "id")
    link = figure.data[0].link
    assert list(link.value) == [120, 300]  # the link of 4 is suppressed, not drawn
    assert list(link.source) == [0, 1] and list(link.target) == [4, 4]
    # Each node says its count and its share of the alumni drawn (420 = 120 + 300).
    assert list(figure.data[0].node.label[:3]) == ["Tidak bekerja<br>120 (28,6 %)",
                                                   "Pekerja/karyawan<br>300 (71,4 %)", "Wirausaha<br>0 (0,0 %)"]
    assert list(figure.data[0].node.label[3:]) == ["Tidak bekerja<br>0 (0,0 %)", "Pekerja/karyawan<br>420 (100,0 %)",
                                                   "Wirausaha<br>0 (0,0 %)"]


def test_income_band_labels():
    assert labels.income_band_labels(pd.Series([-1, 0, 3, 20]), "id") == [
        "Tanpa pendapatan", "Rp 0–0,5 jt", "Rp 1,5–2 jt", "≥ Rp 10 jt"]
    assert labels.income_band_labels(pd.Series([1]), "en") == ["Rp 0.5–1 M"]


def test_employee_bands_read_as_words():
    assert [labels.employee_band_label(b, "en") for b in ("0", "1", "2", "3-5", "6+")] == [
        "No employees", "1 employee", "2 employees", "3–5 employees", "6+ employees"]
    assert labels.employee_band_label("1", "id") == "1 karyawan"


def test_scheme_rows_fit_in_three_columns():
    published = pd.DataFrame({
        "scheme": ["semi_bansos", "normal"], "first_wave": [1, 48], "last_wave": [47, 71],
        "training_budget_rp": [1_000_000, 3_500_000], "incentive_rp": [2_400_000, 600_000],
        "survey_incentive_rp": [150_000, 100_000], "alumni": [900.0, 100.0], "pct_completed": [0.97, None],
        "pct_now_employed": [0.12, 0.13], "pct_now_business": [0.11, 0.12], "total_paid": [3.2e9, 4.1e8]})
    rows = labels.scheme_rows(published, "id", K).set_index("label")
    assert list(labels.scheme_rows_table("id")[1:]) == [("semi_bansos_text", "scheme_semi_bansos", "label"),
                                                        ("normal_text", "scheme_normal", "label")]
    assert rows.loc["Gelombang", "semi_bansos_text"] == "1–47"
    assert rows.loc["Saldo pelatihan", "normal_text"] == "Rp 3,5 jt"
    assert rows.loc["Selesai pelatihan (%)", "normal_text"] == "< 10"
    assert rows.loc["Kini bekerja*", "semi_bansos_text"] == "12,0 %"
    assert rows.loc["Total manfaat dibayar", "semi_bansos"] == 3.2e9


def test_profile_note_says_which_regency_it_shows():
    names = {"15.71": "Kota Jambi", "15.01": "Kabupaten Kerinci"}
    assert "Kota Jambi" in labels.profile_note("15.71", (), names, "en")
    assert labels.profile_note("15.71", ("15.71",), names, "en").endswith("sidebar filter.")
    differs = labels.profile_note("15.71", ("15.01",), names, "en")
    assert "not the sidebar's regency selection (Kabupaten Kerinci)" in differs


def test_story_display_fields_follow_the_language():
    stories = pd.DataFrame({"business": ["Gerai donat"], "business_en": ["Donut shop"]})
    assert labels.story_texts(stories, "en")["business"].tolist() == ["Donut shop"]
    assert labels.story_texts(stories, "id")["business"].tolist() == ["Gerai donat"]


def test_ordinal_groups_keep_their_order():
    frame = pd.DataFrame({"group_key": ["sma", "sarjana", "sd"]})
    assert list(labels.with_labels(frame, "education", "id")["label"]) == ["SD", "SMA/SMK", "Sarjana"]
    assert list(labels.with_labels(pd.DataFrame({"group_key": ["P", "L"]}), "gender", "en")["label"]) == [
        "Men", "Women"]


def test_rank_rows_read_as_rank_of_total():
    regions = pd.DataFrame({"group_key": ["a", "b", "c"], "alumni": [300.0, 100.0, None],
                            "pct_now_employed": [0.1, 0.2, None], "pct_now_business": [0.1, 0.1, None],
                            "median_income_change": [5e5, 6e5, None], "jobs_created": [10.0, 30.0, None]})
    rows = labels.rank_rows(regions, metrics.ranks(regions), "b", "en", K).set_index("label")
    assert rows.loc["Alumni", "rank"] == "2 of 2"
    assert rows.loc["Now employed*", "rank"] == "1 of 2"
    assert rows.loc["Jobs created", "value"] == "30"
