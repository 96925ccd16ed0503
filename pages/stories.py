"""Cerita alumni / Stories: real stories with their source, synthetic ones marked as such."""

import streamlit as st

from prakerja_dash.presentation import ui

st.title(ui.tr("stories_title"))
st.caption(ui.tr("selection", description=ui.describe_selection()))
st.caption(ui.tr("stories_intro"))
ui.story_cards(ui.query("stories", ui.context().filters), link_to_profile=True)
