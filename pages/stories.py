"""Cerita alumni / Stories: real stories with their source, synthetic ones marked as such."""

import streamlit as st

from prakerja_dash import views
from prakerja_dash.presentation import labels
from prakerja_dash.ui import frame, widgets

ctx = frame.current()

st.title(ctx.tr("stories_title"))
st.caption(ctx.tr("selection", description=ctx.describe()))
st.caption(ctx.tr("stories_intro"))
widgets.story_cards(ctx, labels.story_texts(ctx.view(views.cerita).tables["stories"], ctx.lang),
                    link_to_profile=True, link_query=frame.url_query(ctx))
