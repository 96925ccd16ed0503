"""Settings kept in `.streamlit/secrets.toml` (beside those read from the environment, config.py)."""

from __future__ import annotations

import streamlit as st


def secret(name: str) -> str | None:
    """A value from .streamlit/secrets.toml, if there is such a file."""
    if not st.secrets.load_if_toml_exists():
        return None
    return st.secrets.get(name)
