"""Downloads from the page: the table behind a chart, and the filtered alumni rows. Files are
made only when a button is clicked."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from prakerja_dash import audit, i18n
from prakerja_dash.data import queries, reader
from prakerja_dash.export import content as export_content
from prakerja_dash.export import formats as export_formats
from prakerja_dash.ui.context import PageContext

TABLE_FORMATS = ("zip", "xlsx", "csv", "parquet")  # the zip first: the CSV with what it holds beside it


def _file_stem(name: str) -> str:
    return f"prakerja-jambi-{name}-{date.today().isoformat()}"


def _buttons(make: Callable[[str], bytes], choices: Sequence[str], name: str, disabled: Sequence[str] = ()) -> None:
    for fmt in choices:
        # The file is made only when the button is clicked, on its own thread; no rerun follows.
        st.download_button(fmt.upper(), data=lambda fmt=fmt: make(fmt), file_name=f"{_file_stem(name)}.{fmt}",
                           mime=export_formats.media_type(fmt), on_click="ignore", key=f"download_{name}_{fmt}",
                           disabled=fmt in disabled, width="stretch")


def table_downloads(ctx: PageContext, frame: pd.DataFrame, name: str) -> None:
    """The published table behind a chart, exactly as shown (suppression applied), with headers in
    the page's language; the zip, offered first, holds the CSV with what it is (filters, link,
    dataset version, columns) beside it."""

    def make(fmt: str) -> bytes:
        readable, columns = export_content.readable_table(frame, ctx.lang)
        meta = export_content.metadata(
            title=ctx.tr("export_table_title", name=name), level=name, filters=ctx.filters, dataset=ctx.info,
            columns=[], k=ctx.k, lang=ctx.lang, page_path=ctx.page_path, rows=len(frame)) | {"columns": columns}
        with tempfile.TemporaryDirectory() as scratch:
            written = export_formats.to_bytes(export_formats.frame_batches(readable), fmt, meta, Path(scratch))
        audit.record("export_table", user=ctx.user, role=ctx.role, filters=ctx.filters, rows=len(frame),
                     detail={"table": name, "format": fmt, "page": ctx.page_path})
        return written

    with st.popover(ctx.tr("download_table"), icon=":material/download:"):
        _buttons(make, TABLE_FORMATS, name)


def alumni_downloads(ctx: PageContext) -> None:
    """The filtered alumni rows, in the sidebar, for signed-in analysts and admins only."""
    if not ctx.may_download_rows:
        st.sidebar.caption(ctx.tr("download_alumni_signed_out"))
        return
    n_alumni = int(queries.totals(ctx.query(queries.overview, ctx.filters))["n_alumni"].iloc[0])
    too_large = ("xlsx",) if n_alumni > export_formats.EXCEL_MAX_ROWS else ()

    def make(fmt: str) -> bytes:
        with tempfile.TemporaryDirectory() as scratch:
            written, _ = reader.read(ctx.db_key, lambda cursor: export_content.export(
                cursor, level="alumni", fmt=fmt, out=Path(scratch) / f"x.{fmt}", filters=ctx.filters, lang=ctx.lang,
                k=ctx.k, user=ctx.user, role=ctx.role))
            return written[0].read_bytes()

    with st.sidebar.popover(i18n.t("download_alumni", ctx.lang), icon=":material/download:", width="stretch"):
        st.caption(ctx.tr("download_alumni_help", k=ctx.k))
        if too_large:
            st.caption(ctx.tr("download_too_large", rows=i18n.format_int(n_alumni, ctx.lang)))
        _buttons(make, ("csv", "zip", "xlsx", "parquet"), "alumni", disabled=too_large)
