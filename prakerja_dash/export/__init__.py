"""Analyst exports: exactly the filtered data behind a view, self-describing and safe to open."""
