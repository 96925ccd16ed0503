"""What a page is given: its language, filters, K, database version and names, and the typed
way to run a named query on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from prakerja_dash import i18n, views
from prakerja_dash.data import db, reader
from prakerja_dash.domain.filters import Filters


@dataclass(frozen=True)
class PageContext:
    page_path: str
    lang: str
    filters: Filters
    k: int
    db_key: reader.DbKey
    info: db.DatasetInfo
    regency_names: dict[str, str]
    category_labels: dict[str, str]
    user: str | None = None
    role: str = "public"  # accounts.PUBLIC, or a signed-in role: analyst, admin

    @property
    def may_download_rows(self) -> bool:
        return self.role in ("analyst", "admin")

    def query(self, function: Callable[..., pd.DataFrame], filters: Filters | None = None,
              **extra: str) -> pd.DataFrame:
        """`function` (a query of `data.queries`) on this page's database, cached."""
        return reader.query(self.db_key, function, filters, **extra)

    def view(self, function: Callable[..., views.View], filters: Filters | None = None,
             **options: object) -> views.View:
        """`function` (a view of `views`) for this page's database, filters, K and language."""
        return function(self.db_key, filters or self.filters, self.k, self.lang, **options)

    def tr(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def describe(self, filters: Filters | None = None) -> str:
        """The selection in words."""
        return i18n.describe(filters or self.filters, self.lang, self.regency_names, self.category_labels)
