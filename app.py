"""Router and frame: page config, navigation, the shared sidebar, or the presentation's slides."""

import streamlit as st
from streamlit import config as streamlit_config

from prakerja_dash.i18n import t
from prakerja_dash.ui import crowd, frame, slides

# Many visitors at once (the QR code on the projector, docs/deploy.md): a file watcher walks every
# loaded module after each run of each session, and a full garbage collection follows every run;
# together they were more than half the server's CPU in a spike. Off, unless a deployer set them.
for option, value in (("server.fileWatcherType", "none"), ("runner.postScriptGC", False)):
    if not streamlit_config.is_manually_set(option):
        streamlit_config.set_option(option, value, "app.py")

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

DEFAULT_PATH = "ringkasan"  # the Overview: served at / and, for links and the QR code, at /ringkasan
ADMIN_PATH = "impor"  # not in the menu: administrators open /impor and sign in there
ROOT_KEY = "beranda"  # the default page's internal name (its address is /): /ringkasan is its twin

lang = frame.language()
presenting = slides.presenting()


def _page(script: str, title: str, icon: str, path: str, **options) -> st.Page:
    # While presenting, every address shows the slides, so a link to any page can start them.
    return st.Page("pages/present.py" if presenting else script, title=t(title, lang), icon=icon, url_path=path,
                   **options)


# Navigation is declared before any widget: widgets created earlier lose their state on
# the session's second run (Streamlit 1.67 treats the first page resolution as a page switch).
# The default page's own address is /, so /ringkasan is declared as a hidden twin: links and the
# QR code that name the Overview open it without a "Page not found".
pages = [_page(script, title, icon, ROOT_KEY if path == DEFAULT_PATH else path, default=path == DEFAULT_PATH,
               visibility="hidden" if path == ADMIN_PATH else "visible")
         for script, title, icon, path in PAGES]
pages += [_page(script, title, icon, path, visibility="hidden") for script, title, icon, path in PAGES
          if path == DEFAULT_PATH]
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
with crowd.run_slot():  # a crowd's page runs take turns (crowd.RUNS_AT_ONCE at a time)
    (slides.present_frame if presenting else frame.frame)(page.url_path)
    page.run()
