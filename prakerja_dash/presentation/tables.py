"""Published frames as display tables: translated headers, localised numbers, "< K" for suppressed."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from prakerja_dash.i18n import format_int, format_measure, t


def display_table(frame: pd.DataFrame, columns: Sequence[tuple[str, str, str]], lang: str, k: int) -> pd.DataFrame:
    """`columns` lists (column, catalogue key of its header, kind); kind is a measure kind,
    'n' for the count behind a measure, or 'label'."""
    shown = {}
    for column, header_key, kind in columns:
        values = frame[column]
        if kind == "label":
            shown[t(header_key, lang)] = values.astype(str).tolist()
        elif kind == "n":
            shown[t(header_key, lang)] = [
                format_int(v, lang) if pd.notna(v) else t("suppressed", lang, k=k) for v in values
            ]
        else:
            shown[t(header_key, lang)] = [format_measure(kind, v, lang, k) for v in values]
    return pd.DataFrame(shown)
