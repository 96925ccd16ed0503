"""Many visitors at once: page runs take turns.

Page runs are pure Python for the most part, so they share one core (the GIL). Run all at once
and they finish together, each slowed by the others and by their contention (locks, switches);
a few at a time finish one after another, sooner on average and with less overhead."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RUNS_AT_ONCE = int(os.environ.get("PRAKERJA_RUNS_AT_ONCE", "4"))
RUN_WAIT_SECONDS = 120.0  # never keep a visitor out longer than this, whatever runs
_run_slots = threading.BoundedSemaphore(max(1, RUNS_AT_ONCE))


@contextmanager
def run_slot() -> Iterator[None]:
    """One of RUNS_AT_ONCE slots for a page run (0: no limit); waiting for one costs no CPU."""
    acquired = RUNS_AT_ONCE > 0 and _run_slots.acquire(timeout=RUN_WAIT_SECONDS)
    try:
        yield
    finally:
        if acquired:
            _run_slots.release()
