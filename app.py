"""Router and frame: page config, the shared sidebar, navigation."""

import streamlit as st

from prakerja_dash.presentation import ui
from prakerja_dash.presentation.i18n import t

st.set_page_config(page_title="Prakerja Jambi", page_icon="📊", layout="wide")

context = ui.frame()
pages = [
    st.Page("pages/overview.py", title=t("page_overview", context.lang), icon="📊", url_path="ringkasan", default=True),
]
st.navigation(pages).run()
