"""Text that leaves the dashboard in a file: never run as a spreadsheet formula."""

from __future__ import annotations

# OWASP CSV injection: a cell starting with one of these is evaluated by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text cell spreadsheet programs will not evaluate (a leading `'`); other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
