"""The one server: the dashboard (app.py) and, on the same port, the routes of `prakerja_dash.web`.

`streamlit run serve.py` finds the `App` below and serves both."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from prakerja_dash.web.routes import ROUTES

# app.py declares its pages with st.navigation, which sets this flag, but only once app.py runs.
# Until then Streamlit 1.67 guesses from the pages/ folder beside app.py that this is an old-style
# directory app, and runs the first session after a start through that directory's navigation: a
# "Page not found" for every address of ours and the file names in the menu. Said here, before any
# session exists, the guess is never made (tests/test_deeplink_browser.py).
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=ROUTES)
