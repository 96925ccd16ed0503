"""One language at a time: every page (and every slide), opened in Indonesian or English, shows no
word that only the other language uses, and writes numbers the way its language does.

The word lists come from the catalogue: a word of an Indonesian text that no English text uses is
Indonesian-only, and the other way round. Names (regencies, people, platforms, sources) are the
same in both languages and are taken out first.
"""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from prakerja_dash import i18n
from tests.test_app import PAGES, open_app

WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# Written the same in both languages on purpose: the language switch itself.
BOTH = ("Bahasa / Language", "Bahasa Indonesia", "English")
# Units of the number formats (i18n): jt and rb are Indonesian only.
UNITS = {"id": {"jt", "rb"}, "en": set()}
# A decimal mark of the other language right before a percent sign or a rupiah unit.
WRONG_NUMBER = {"id": re.compile(r"\d\.\d+ (%|jt|rb)"), "en": re.compile(r"\d,\d+ (%|M|K|B)\b")}


def _words(text: str) -> set[str]:
    text = re.sub(r"\{\w+\}", " ", text)  # placeholders
    return {w.lower() for w in WORD.findall(text) if len(w) > 1}


def only_in(lang: str) -> set[str]:
    """Words that the catalogue uses in `lang` and never in the other language."""
    other = "en" if lang == "id" else "id"
    mine = set().union(*(_words(entry[lang]) for entry in i18n.CATALOGUE.values()))
    theirs = set().union(*(_words(entry[other]) for entry in i18n.CATALOGUE.values()))
    return (mine - theirs) | UNITS[lang]


# Fields of Streamlit's element messages that hold text a person reads (not ids, keys, kinds, colours).
TEXT_FIELDS = {"body", "label", "help", "options", "placeholder", "value", "text", "delta", "content", "caption"}
# Fields of a Plotly figure that hold text a person reads.
FIGURE_FIELDS = {"text", "name", "ticktext", "hovertemplate", "customdata", "x", "y", "label"}


def _all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # numbers Plotly packed as {"dtype", "bdata"} (base64) hold no words
        return [] if "bdata" in value else [s for item in value.values() for s in _all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _all_strings(item)]
    return []


def _strings(value, fields: set[str] = TEXT_FIELDS) -> list[str]:
    """The strings under `fields` anywhere in a (nested) message; a Plotly figure's texts from its spec."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "spec" and isinstance(item, str):
                found += _strings(json.loads(item), FIGURE_FIELDS)
            elif key in fields:
                found += _all_strings(item)
            elif key != "geojson":
                found += _strings(item, fields)
    elif isinstance(value, list):
        for item in value:
            found += _strings(item, fields)
    return found


def shown_text(at) -> str:
    """The text of every element of the app's last run: labels, values, options, help, chart texts,
    table cells."""
    texts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            texts.extend(_strings(MessageToDict(proto)))
        if type(node).__name__ == "Dataframe":
            frame = node.value
            texts.extend(str(c) for c in frame.columns)
            texts.extend(str(v) for v in frame.astype(str).to_numpy().ravel())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    text = "\n".join(texts)
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)  # styles and scripts: not shown
    text = re.sub(r"<[^>]+>", " ", text)  # HTML in chart texts
    text = re.sub(r"%\{[^}]*\}", " ", text)  # Plotly placeholders
    text = re.sub(r":material/\w+:", " ", text)  # icons
    text = re.sub(r":\w+-badge\[|:\w+\[", "[", text)  # markdown colour directives (:orange-badge[...])
    text = re.sub(r"https?://\S+|\b[\w.-]+\.(com|id|py)\b", " ", text)  # links, sources, page files
    for phrase in BOTH:
        text = text.replace(phrase, " ")
    return text


@pytest.fixture(scope="module")
def names(fixture_db) -> set[str]:
    """Proper names the data writes in both languages."""
    import duckdb

    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        found = [n for (n,) in con.execute("SELECT name FROM regions").fetchall()]
        found += [n for (n,) in con.execute("SELECT display_name FROM alumni_stories").fetchall()]
        found += [n for (n,) in con.execute("SELECT DISTINCT platform FROM trainings").fetchall()]
        found += [n for (n,) in con.execute("SELECT DISTINCT provider FROM trainings").fetchall()]
    finally:
        con.close()
    found += ["Tribun Jambi", "Pematang Sulur", "UIN Jambi", "Tanjung Jabung Barat", "Kartu Prakerja", "Jambi"]
    return set().union(*(_words(n) for n in found))


@pytest.fixture(scope="module")
def data_words(fixture_db, names) -> dict[str, set[str]]:
    """Words only one language's data texts use (stories, category labels), names taken out."""
    import duckdb

    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        columns = {"id": ("business", "summary_id"), "en": ("business_en", "summary_en")}
        texts = {lang: [v for column in cols for (v,) in con.execute(f"SELECT {column} FROM alumni_stories").fetchall()]
                 for lang, cols in columns.items()}
        for lang in ("id", "en"):
            texts[lang] += [v for (v,) in con.execute(f"SELECT label_{lang} FROM training_categories").fetchall()]
    finally:
        con.close()
    words = {lang: set().union(*(_words(v) for v in values if v)) for lang, values in texts.items()}
    return {"id": words["id"] - words["en"] - names, "en": words["en"] - words["id"] - names}


def _foreign(at, lang: str, names: set[str], data_words: dict[str, set[str]]) -> tuple[set[str], list[str]]:
    other = "en" if lang == "id" else "id"
    text = shown_text(at)
    foreign = (_words(text) - names) & (only_in(other) | data_words[other])
    return foreign, WRONG_NUMBER[lang].findall(text)


def test_the_word_lists_are_not_empty():
    assert {"gelombang", "kabupaten", "jt"} <= only_in("id")
    assert {"waves", "regency", "now"} <= only_in("en")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_speaks_one_language(app_env, names, data_words, page, lang):
    at = open_app({"lang": lang, "regency": "15.71"}, page)
    assert not at.exception, [e.value for e in at.exception]
    foreign, numbers = _foreign(at, lang, names, data_words)
    assert foreign == set(), f"{page} in {lang} shows words of the other language: {sorted(foreign)}"
    assert numbers == [], f"{page} in {lang} writes numbers the other language's way"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_slides_speak_one_language(app_env, names, data_words, lang):
    from prakerja_dash.ui.slides import SLIDES

    at = open_app({"lang": lang, "mode": "present", "every": "0"})
    seen = set()
    for _ in range(3 * len(SLIDES)):
        assert not at.exception, [e.value for e in at.exception]
        title = at.title[0].value
        if title not in seen:
            seen.add(title)
            foreign, numbers = _foreign(at, lang, names, data_words)
            assert foreign == set(), f"slide {title!r} in {lang}: {sorted(foreign)}"
            assert numbers == []
        if len(seen) == len(SLIDES):
            break
        at.button(key="present_next").click().run()
    assert len(seen) == len(SLIDES)
