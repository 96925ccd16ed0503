"""Admin: import real alumni data. Nothing here shows without the admin password."""

import streamlit as st

from prakerja_dash.presentation import ui

st.title(ui.tr("admin_title"))
if ui.admin_signed_in():
    ui.import_form()
