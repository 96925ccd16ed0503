"""The admin page's parts: the password gate, the import form and its report, restore."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from prakerja_dash import config, i18n
from prakerja_dash.domain.text import markdown_literal
from prakerja_dash.export import formats as export_formats
from prakerja_dash.imports import load as imports
from prakerja_dash.imports import template as import_template
from prakerja_dash.ui.context import PageContext
from prakerja_dash.ui.settings import secret


def signed_in(ctx: PageContext) -> bool:
    """Whether this session may import and restore: signed in with an admin account."""
    if ctx.role == "admin":
        return True
    st.info(ctx.tr("admin_needs_role"))  # the sign-in form is in the sidebar
    return False


def import_form(ctx: PageContext) -> None:
    """Upload, check and load a file; show every problem; offer the template and a restore."""

    def template() -> bytes:  # made when clicked, not on every rerun
        with tempfile.TemporaryDirectory() as scratch:
            return import_template.write_template(Path(scratch) / "templat.xlsx").read_bytes()

    st.download_button(ctx.tr("admin_template"), template, file_name="templat-alumni-prakerja.xlsx",
                       mime=export_formats.media_type("xlsx"), on_click="ignore", icon=":material/download:")
    with st.form("import"):
        upload = st.file_uploader(ctx.tr("admin_upload", mb=config.UPLOAD_LIMIT_MB),
                                  type=["csv", "xlsx", "parquet", "txt"])
        sheet = st.text_input(ctx.tr("admin_sheet"))
        keep_valid = st.checkbox(ctx.tr("admin_keep_valid"))
        replace = st.checkbox(ctx.tr("admin_replace"))
        submitted = st.form_submit_button(ctx.tr("admin_run"), type="primary")
    if submitted and upload is not None:
        if upload.size > config.UPLOAD_LIMIT_BYTES:
            st.error(ctx.tr("admin_too_large", mb=config.UPLOAD_LIMIT_MB))
            return
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / Path(upload.name).name.replace("/", "_")
            source.write_bytes(upload.getvalue())
            rejected = Path(scratch) / "ditolak.csv"
            try:
                result = imports.import_file(source, config.db_path(), sheet=sheet or None, keep_valid=keep_valid,
                                             replace=replace, rejected_out=rejected if keep_valid else None,
                                             configured_key=secret("id_key"), display_name=upload.name,
                                             user=ctx.user, role=ctx.role, lang=ctx.lang)
            except imports.ImportBusy as error:  # audited by import_file; said in the page's language
                st.error(markdown_literal(error.say(ctx.lang)))
                return
            rejected_bytes = rejected.read_bytes() if result.rejected_file else None
        _show_result(ctx, result, rejected_bytes)
    if imports.backups_dir(config.db_path()).exists():
        st.button(ctx.tr("admin_restore"), on_click=_restore, args=(ctx,), icon=":material/history:")


def _restore(ctx: PageContext) -> None:
    try:
        chosen = imports.restore(config.db_path(), user=ctx.user, role=ctx.role, lang=ctx.lang)
    except imports.ImportBusy as error:
        st.toast(markdown_literal(error.say(ctx.lang)), icon=":material/error:")
        return
    except (OSError, ValueError) as error:  # a damaged or missing backup: its sentence is in ctx.lang
        st.toast(markdown_literal(error), icon=":material/error:")
        return
    st.toast(ctx.tr("admin_restored", file=markdown_literal(chosen.name)))


def _show_result(ctx: PageContext, result: imports.ImportResult, rejected: bytes | None) -> None:
    (st.success if result.ok else st.error)(markdown_literal(result.message))
    for warning in result.warnings:
        st.warning(markdown_literal(warning))
    st.write(ctx.tr("admin_summary", rows_in=i18n.format_int(result.rows_in, ctx.lang),
                    loaded=i18n.format_int(result.loaded if result.ok else 0, ctx.lang),
                    rejected=i18n.format_int(result.rejected, ctx.lang)))
    if result.ignored_columns:
        st.caption(ctx.tr("admin_ignored", columns=", ".join(map(markdown_literal, result.ignored_columns))))
    if result.dropped_personal_columns:
        st.caption(ctx.tr("admin_personal", columns=", ".join(map(markdown_literal, result.dropped_personal_columns))))
    listed = [p for p in result.problems if p.row or p.column]  # a file refused whole has its sentence above
    if listed:
        st.dataframe(pd.DataFrame([
            {ctx.tr("column_row"): p.row, ctx.tr("column_column"): p.column, ctx.tr("column_rule"): p.rule,
             ctx.tr("column_value_raw"): p.value} for p in listed]), hide_index=True, width="stretch")
    if rejected:
        st.download_button(ctx.tr("admin_rejected_download"), rejected, file_name="baris-ditolak.csv",
                           mime="text/csv", on_click="ignore")
