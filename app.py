"""Router and frame: page config, navigation, the shared sidebar, or the presentation's slides."""

import streamlit as st

from prakerja_dash.i18n import t
from prakerja_dash.ui import frame, slides

st.set_page_config(page_title="Prakerja Jambi", page_icon="📊", layout="wide")

PAGES = (  # script, catalogue key of its title, icon, url path
    ("pages/overview.py", "page_overview", ":material/dashboard:", "ringkasan"),
    ("pages/map.py", "page_map", ":material/map:", "peta"),
    ("pages/training.py", "page_training", ":material/school:", "pelatihan"),
    ("pages/outcomes.py", "page_outcomes", ":material/work:", "hasil"),
    ("pages/waves.py", "page_waves", ":material/timeline:", "gelombang"),
    ("pages/profile.py", "page_profile", ":material/location_city:", "profil"),
    ("pages/stories.py", "page_stories", ":material/auto_stories:", "cerita"),
    ("pages/admin.py", "page_admin", ":material/upload_file:", "impor"),
)

ADMIN_PATH = "impor"  # not in the menu: administrators open /impor and sign in there

lang = frame.language()
presenting = slides.presenting()
# Navigation is declared before any widget: widgets created earlier lose their state on
# the session's second run (Streamlit 1.67 treats the first page resolution as a page switch).
# While presenting, every address shows the slides, so a link to any page can start them.
page = st.navigation(
    [st.Page("pages/present.py" if presenting else script, title=t(title, lang), icon=icon, url_path=path,
             default=path == "ringkasan", visibility="hidden" if path == ADMIN_PATH else "visible")
     for script, title, icon, path in PAGES],
    position="hidden" if presenting else "sidebar",
)
(slides.present_frame if presenting else frame.frame)(page.url_path)
page.run()
