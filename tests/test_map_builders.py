"""The national map and any province's kabupaten/kota map, built from the shipped boundaries: every
unit drawn and named (or counted in the legend as left out), coloured by its value over the values
shown, grey only for hidden, clickable to its Kemendagri code; the Jambi builder key-agnostic."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
import shapely

from prakerja_dash.data import boundaries
from prakerja_dash.presentation import charts, interaction, maps
from tests.conftest import REPO

K = 10
SHIPPED = REPO / "data" / "boundaries"
REGIONS = list(csv.DictReader((REPO / "data" / "regions.csv").open(encoding="utf-8")))
# The short forms people write for provinces, as the press and the provinces use them.
SHORT_FORMS = {"Jawa Barat": "Jabar", "Jawa Tengah": "Jateng", "Jawa Timur": "Jatim", "Kalimantan Barat": "Kalbar",
               "Kalimantan Tengah": "Kalteng", "Kalimantan Selatan": "Kalsel", "Kalimantan Timur": "Kaltim",
               "Kalimantan Utara": "Kaltara", "Sulawesi Utara": "Sulut", "Sulawesi Tengah": "Sulteng",
               "Sulawesi Selatan": "Sulsel", "Sulawesi Tenggara": "Sultra", "Sulawesi Barat": "Sulbar",
               "Sumatera Utara": "Sumut", "Sumatera Barat": "Sumbar", "Sumatera Selatan": "Sumsel",
               "Nusa Tenggara Barat": "NTB", "Nusa Tenggara Timur": "NTT", "Kepulauan Riau": "Kepri",
               "Kepulauan Bangka Belitung": "Babel", "Maluku Utara": "Malut", "Daerah Istimewa Yogyakarta": "DIY",
               "Daerah Khusus Ibukota Jakarta": "Jakarta"}
ABBREVIATED = {"Daerah Istimewa Yogyakarta": "DI Yogyakarta", "Daerah Khusus Ibukota Jakarta": "DKI Jakarta"}
PROVINCES = sorted(row["kemendagri_code"] for row in REGIONS if row["level"] == "provinsi")


def in_file(name: str) -> dict[str, dict]:
    """The shipped file's features by their `kode`, read with json alone."""
    features = json.loads((SHIPPED / name).read_text(encoding="utf-8"))["features"]
    return {f["properties"]["kode"]: f for f in features}


def made_up(codes: list[str], hidden: tuple[str, ...] = (), seed: int = 5) -> pd.DataFrame:
    names = {row["kemendagri_code"]: row["name"] for row in REGIONS}
    counts = np.random.default_rng(seed).integers(20, 500_000, len(codes)).astype(float)
    return pd.DataFrame({"region_code": codes, "name": [names[c] for c in codes], "alumni": counts,
                         "alumni_n": counts, "hidden": [c in hidden for c in codes]})


def traces(figure, kind: str) -> dict[str, object]:
    return {trace.meta.split()[1]: trace for trace in figure.data
            if isinstance(trace.meta, str) and trace.meta.startswith(kind + " ")}


def rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(round(float(v)) for v in colour[colour.index("(") + 1:-1].split(",")[:3])


def is_grey(colour: str) -> bool:
    red, green, blue = rgb(colour)
    return max(red, green, blue) - min(red, green, blue) < 24


def written_codes(figure) -> tuple[list[str], list[str]]:
    """(codes whose name is written on the map, inside or beside; codes the legend says are left out)."""
    names = next(trace for trace in figure.data if trace.meta == "names")
    beside = [a.name for a in figure.layout.annotations]
    left_out = next((list(trace.customdata) for trace in figure.data if trace.meta == "names left out"), [])
    return list(names.customdata or []) + beside, left_out


@pytest.fixture(scope="module")
def national():
    return boundaries.national_boundaries()


@pytest.mark.parametrize("drawn_at", [None, (840, 390)], ids=["phone", "laptop"])
def test_the_national_map_draws_the_38_provinces_each_named_or_counted(national, drawn_at):
    provinces = in_file("provinsi.geojson")
    frame = made_up(sorted(provinces))
    figure = maps.national_figure(frame, national, "alumni", "id", K, maps.value_range(frame["alumni"]),
                                  drawn_at=drawn_at)
    assert sorted(traces(figure, "fill")) == sorted(provinces) and len(provinces) == 38
    written, left_out = written_codes(figure)
    assert sorted(written + left_out) == sorted(provinces)  # each once: written, or counted as left out
    if left_out:
        legend = next(trace for trace in figure.data if trace.meta == "names left out")
        assert legend.showlegend and legend.name == f"{len(left_out)} nama tak muat: tunjuk wilayahnya"
    names = next(trace for trace in figure.data if trace.meta == "names")
    texts = list(zip(names.customdata, names.text, strict=True)) + [(a.name, a.text) for a in figure.layout.annotations]
    for code, text in texts:  # the name (without "Provinsi", on two lines when long) or its short form
        official = provinces[code]["properties"]["nama"]
        words = text.replace("<br>", " ")
        assert official.endswith(words) or words in (SHORT_FORMS.get(official), ABBREVIATED.get(official)), words
    if drawn_at:  # a laptop's width names most of them
        assert len(written) >= 30, left_out


def test_a_click_on_a_province_gives_its_code(national):
    provinces = in_file("provinsi.geojson")
    frame = made_up(sorted(provinces))
    figure = maps.national_figure(frame, national, "alumni", "en", K, (0, 1))
    for code, hit in traces(figure, "hit").items():
        assert set(hit.customdata) == {code}
        assert maps.selected_codes([{"customdata": hit.customdata[0]}], provinces) == (code,)
        outline = shapely.geometry.shape(provinces[code]["geometry"]).buffer(0.05)
        assert all(outline.contains(shapely.Point(x, y)) for x, y in zip(hit.x, hit.y, strict=True)), code
    assert maps.selected_codes([{"customdata": "1571"}], provinces) == ()  # not a province


def test_national_colours_span_the_values_shown_and_grey_is_only_for_hidden(national):
    provinces = sorted(in_file("provinsi.geojson"))
    frame = made_up(provinces, hidden=("95", "93"))
    frame.loc[frame["region_code"] == "94", "alumni"] = np.nan  # hidden by a missing value too
    shown = frame[~frame["hidden"] & frame["alumni"].notna()].set_index("region_code")["alumni"]
    figure = maps.national_figure(frame, national, "alumni", "id", K, maps.value_range(shown))
    fills = traces(figure, "fill")
    for code in ("93", "94", "95"):
        assert fills[code].fillcolor == maps.SUPPRESSED_COLOUR and is_grey(fills[code].fillcolor)
        hover = traces(figure, "hit")[code].hovertemplate
        assert "< 10<br>n = < 10" in hover  # the hidden value is not in the hover either
    assert sum(bool(trace.showlegend) for trace in fills.values()) == 1  # one legend entry for grey
    assert not any(is_grey(fills[code].fillcolor) for code in shown.index)
    assert rgb(fills[shown.idxmin()].fillcolor) == rgb(charts.SEQUENTIAL_SCALE[0][1])
    assert rgb(fills[shown.idxmax()].fillcolor) == rgb(charts.SEQUENTIAL_SCALE[-1][1])
    darkness = [-sum(rgb(fills[code].fillcolor)) for code in shown.sort_values().index]
    assert darkness == sorted(darkness)
    scale = next(trace for trace in figure.data if trace.meta == "scale")
    assert (scale.marker.cmin, scale.marker.cmax) == (shown.min(), shown.max())
    assert "sesuai tampilan" in scale.marker.colorbar.title.text


def test_a_fixed_national_scale_is_named_in_the_legend(national):
    frame = made_up(sorted(in_file("provinsi.geojson")))
    for lang, words in (("id", "skala: tetap (nasional)"), ("en", "scale: fixed (national)")):
        figure = maps.national_figure(frame, national, "alumni", lang, K, (0.0, 2_000_000.0))
        scale = next(trace for trace in figure.data if trace.meta == "scale")
        assert words in scale.marker.colorbar.title.text


def test_the_selected_province_keeps_its_fill_under_its_outline(national):
    frame = made_up(sorted(in_file("provinsi.geojson")))
    plain = maps.national_figure(frame, national, "alumni", "id", K, maps.value_range(frame["alumni"]))
    chosen = maps.national_figure(frame, national, "alumni", "id", K, maps.value_range(frame["alumni"]), ("32",))
    outline = traces(chosen, "selected")
    assert list(outline) == ["32"] and outline["32"].line.color == maps.SELECTED_OUTLINE
    assert outline["32"].fill in (None, "none")
    assert traces(chosen, "fill")["32"].fillcolor == traces(plain, "fill")["32"].fillcolor
    assert chosen.layout.yaxis.scaleanchor == "x"  # equal axes: true shapes


@pytest.mark.parametrize("province", PROVINCES)
def test_any_provinces_map_draws_its_kabupaten_kota_by_kemendagri_code(province):
    units = in_file(f"kabkota/{province}.geojson")
    expected = sorted(row["kemendagri_code"] for row in REGIONS if row["province_code"] == province
                      and row["level"] == "kabupaten_kota")
    assert sorted(units) == expected
    frame = made_up(expected, hidden=expected[-1:])
    figure = maps.province_figure(frame, boundaries.province_boundaries(province), "alumni", "id", K,
                                  maps.value_range(frame["alumni"][~frame["hidden"]]))
    assert sorted(traces(figure, "fill")) == expected
    assert traces(figure, "fill")[expected[-1]].fillcolor == maps.SUPPRESSED_COLOUR
    written, left_out = written_codes(figure)
    assert sorted(written + left_out) == expected
    assert {code for trace in traces(figure, "hit").values() for code in trace.customdata} == set(expected)
    if province in ("15", "32"):
        assert len(expected) == {"15": 11, "32": 27}[province]


def test_the_jambi_builder_is_key_agnostic():
    """The same Jambi map from BPS-keyed data on feature ids and from Kemendagri-keyed data on the
    features' `kode`: every regency gets the same colour (BPS 1506 is Kemendagri 15.07)."""
    shapes = boundaries.load_boundaries()
    jambi = [row for row in REGIONS if row["province_code"] == "15" and row["level"] == "kabupaten_kota"]
    counts = np.arange(len(jambi)) * 1000.0 + 50
    by_kemendagri = pd.DataFrame({"regency_code": [r["kemendagri_code"] for r in jambi],
                                  "name": [r["name"] for r in jambi], "alumni": counts, "alumni_n": counts})
    colour_range = maps.value_range(by_kemendagri["alumni"])
    by_id = traces(maps.regency_figure(by_kemendagri, shapes, "alumni", "id", K, colour_range), "fill")
    by_kode = traces(maps.regency_figure(by_kemendagri, shapes, "alumni", "id", K, colour_range,
                                         feature_code="kode"), "fill")
    assert {code: trace.fillcolor for code, trace in by_id.items()} == \
        {code: trace.fillcolor for code, trace in by_kode.items()}
    assert sorted(by_id) == sorted(r["kemendagri_code"] for r in jambi)
    by_bps = by_kemendagri.assign(regency_code=[r["bps_code"] for r in jambi])
    with pytest.raises(ValueError, match="matches a feature"):  # keys that cannot meet are refused
        maps.regency_figure(by_bps, shapes, "alumni", "id", K, colour_range)


@pytest.mark.parametrize(("official", "written"), [
    ("Kabupaten Tanjung Jabung Barat", "Tanjung<br>Jabung Barat"),
    ("Kota Jambi", "Kota Jambi"),
    ("Kota Sungai Penuh", "Kota Sungai<br>Penuh"),  # the narrower of the two ways
    ("Kabupaten Kerinci", "Kerinci"),
    ("Daerah Khusus Ibukota Jakarta", "DKI Jakarta"),
    ("Daerah Istimewa Yogyakarta", "DI Yogyakarta"),
    ("Kota Administrasi Jakarta Pusat", "Kota Jakarta<br>Pusat"),
    ("Kabupaten Administrasi Kepulauan Seribu", "Kepulauan<br>Seribu"),
    ("Kepulauan Bangka Belitung", "Kepulauan<br>Bangka Belitung"),
])
def test_names_on_the_map(official, written):
    assert maps.map_name(official) == written


def test_the_tile_grid_takes_kemendagri_codes():
    """Without a boundary file, the tiles are filled by Kemendagri code, and a click or the selection
    speaks the frame's own codes."""
    jambi = [row for row in REGIONS if row["province_code"] == "15" and row["level"] == "kabupaten_kota"]
    counts = np.arange(len(jambi)) * 100.0 + 20
    frame = pd.DataFrame({"regency_code": [r["kemendagri_code"] for r in jambi], "name": [r["name"] for r in jambi],
                          "alumni": counts, "alumni_n": counts})
    figure = maps.regency_figure(frame, None, "alumni", "en", K, (0, 1200), ("15.06",))
    clicked = sorted(row[3] for row in figure.data[-1].customdata)
    assert clicked == sorted(r["kemendagri_code"] for r in jambi)
    first = list(figure.data[-1].customdata[0])
    assert maps.selected_codes([{"customdata": first}], clicked) == (first[3],) and "." in first[3]
    assert len(figure.layout.shapes) >= 1  # Tanjung Jabung Barat (15.06) outlined


def test_without_a_count_column_the_hover_claims_no_count(national):
    frame = made_up(sorted(in_file("provinsi.geojson"))).drop(columns="alumni_n")
    figure = maps.national_figure(frame, national, "alumni", "id", K, maps.value_range(frame["alumni"]))
    for code, hit in traces(figure, "hit").items():
        assert "n =" not in hit.hovertemplate, code
        assert frame.set_index("region_code").at[code, "name"] in hit.hovertemplate


def test_a_click_on_a_province_toggles_it_in_the_selection(national):
    """The national map's click, as the regency map's: the clicked code from the markers, toggled in
    the selection, kept in Kemendagri order."""
    provinces = sorted(in_file("provinsi.geojson"))
    figure = maps.national_figure(made_up(provinces), national, "alumni", "id", K, (0, 1))
    clicked = maps.selected_codes([{"customdata": traces(figure, "hit")["32"].customdata[0]}], provinces)
    assert clicked == ("32",)
    assert interaction.toggle_codes(["35", "11"], clicked, provinces) == ["11", "32", "35"]
    assert interaction.toggle_codes(["32"], clicked, provinces) == []
