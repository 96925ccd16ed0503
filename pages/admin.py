"""Admin: import real alumni data. Nothing here shows without the admin password."""

import streamlit as st

from prakerja_dash.ui import admin, frame

ctx = frame.current()

st.title(ctx.tr("admin_title"))
if admin.signed_in(ctx):
    admin.import_form(ctx)
