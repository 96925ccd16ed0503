"""Import messages that are said in the user's language: a catalogue key and its values, put into
words only when shown (`say(lang)`); `str()` is the Indonesian text, as logs and older callers read it."""

from __future__ import annotations

from typing import NamedTuple

from prakerja_dash import i18n


class Term(NamedTuple):
    """A word of the catalogue inside a message ('judul pelatihan' / 'the training title')."""

    key: str


def say(key: str, lang: str, **values: object) -> str:
    """The catalogue text for `key` in `lang`: whole numbers written as that language writes them
    (1.000.000 / 1,000,000), terms translated."""
    shown = {}
    for name, value in values.items():
        if isinstance(value, Term):
            value = i18n.t(value.key, lang)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = i18n.format_int(value, lang)
        shown[name] = value
    return i18n.t(key, lang, **shown)


class Said(ValueError):
    """An error whose message is a catalogue key and its values."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(self.say(i18n.DEFAULT_LANGUAGE))

    def say(self, lang: str) -> str:
        return say(self.key, lang, **self.values)
