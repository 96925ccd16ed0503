"""The Streamlit layer: everything that imports streamlit, one job per module.

store: the database and caches; frame: the frame around a page (language, URL, sidebar);
context: what a page gets; widgets: shared page elements; downloads: exports from the page;
slides: presentation mode; admin: sign-in and imports.
"""
