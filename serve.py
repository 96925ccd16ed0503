"""The one server: the dashboard (app.py) and, on the same port, the routes of `prakerja_dash.web`.

`streamlit run serve.py` finds the `App` below and serves both."""

import streamlit as st

from prakerja_dash.web.routes import ROUTES

app = st.App("app.py", routes=ROUTES)
