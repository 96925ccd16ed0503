"""Text that leaves the dashboard in a file: never run as a spreadsheet formula."""

from __future__ import annotations

import re

# OWASP CSV injection: a cell starting with one of these is evaluated by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text cell spreadsheet programs will not evaluate (a leading `'`); other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_AUTOLINK = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*:/|www\.|@)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=^&\"'/])")


def markdown_literal(value: object) -> str:
    """Text that Streamlit's markdown shows exactly as written: every punctuation mark that
    could start a link, image, emphasis, HTML, colour, icon, emoji or formula is escaped, and
    control characters are dropped. For values from a link, a file name or an imported file."""
    text = "".join(ch for ch in str(value) if ch in "\t\n" or ch.isprintable())
    # Escapes do not stop GFM's bare-address links (http://…, www.…, a@b.c): a zero-width space
    # inside each such pattern does, and reads the same.
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
