"""What the UI keeps in Streamlit's caches across sessions: the digest that keys DataFrame
arguments, and the boundary files of the map, read and simplified once per file version.
(The database, its queries and the published views live below the UI: `data/reader.py`,
`views.py`.)"""

from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path

import pandas as pd
import streamlit as st

from prakerja_dash.data import boundaries as boundary_files

LOG = logging.getLogger("prakerja_dash.map")


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A DataFrame argument's cache key: the digest of its pickle. For the small frames the pages
    pass around it is ~50x faster than Streamlit's default (2-3 ms a frame, most of a cached
    page's cost); equal frames give equal keys, so the worst case is a miss, never a wrong hit.
    The copy lays the columns out in pandas' one canonical way first: a frame cut from a larger
    one (queries.totals and the like) pickles differently from its equal copy."""
    return hashlib.blake2b(pickle.dumps(frame.copy(), protocol=5), digest_size=20).digest()


FAST_HASH = {pd.DataFrame: frame_digest}


@st.cache_data(max_entries=4, show_spinner=False)
def _boundaries(path: str, modified: int) -> boundary_files.Boundaries | None:
    try:
        return boundary_files.load_boundaries(Path(path))
    except boundary_files.BoundaryError as error:
        # the checker's findings name server paths and are in English: the log gets them, the page
        # says what it means in the reader's language (`python -m prakerja_dash boundaries check`)
        LOG.warning("boundary file %s cannot be used: %s", path, "; ".join(error.problems))
        return None


def boundaries_version() -> tuple[str, int]:
    """The boundary file's path and modification time (0 when it is missing)."""
    path = boundary_files.boundaries_path()
    return str(path), path.stat().st_mtime_ns if path.exists() else 0


def boundaries() -> tuple[boundary_files.Boundaries | None, str]:
    """The regency boundaries, read and simplified once per file version; without them, None and
    the catalogue key of why ('map_boundary_missing' or 'map_boundary_unusable')."""
    path, modified = boundaries_version()
    if not modified:
        return None, "map_boundary_missing"
    loaded = _boundaries(path, modified)
    return (loaded, "") if loaded else (None, "map_boundary_unusable")
