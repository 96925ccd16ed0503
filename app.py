"""Router and frame: page config, navigation, the shared sidebar."""

import streamlit as st

from prakerja_dash.presentation import ui
from prakerja_dash.presentation.i18n import t

st.set_page_config(page_title="Prakerja Jambi", page_icon="📊", layout="wide")

lang = ui.language()
# Navigation is declared before any widget: widgets created earlier lose their state on
# the session's second run (Streamlit 1.67 treats the first page resolution as a page switch).
page = st.navigation([
    st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="ringkasan",
            default=True),
    st.Page("pages/map.py", title=t("page_map", lang), icon=":material/map:", url_path="peta"),
    st.Page("pages/training.py", title=t("page_training", lang), icon=":material/school:", url_path="pelatihan"),
    st.Page("pages/outcomes.py", title=t("page_outcomes", lang), icon=":material/work:", url_path="hasil"),
    st.Page("pages/waves.py", title=t("page_waves", lang), icon=":material/timeline:", url_path="gelombang"),
    st.Page("pages/profile.py", title=t("page_profile", lang), icon=":material/location_city:", url_path="profil"),
    st.Page("pages/stories.py", title=t("page_stories", lang), icon=":material/auto_stories:", url_path="cerita"),
])
ui.frame(page.url_path)
page.run()
