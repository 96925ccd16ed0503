"""Kartu Prakerja alumni outcomes dashboard for Jambi province."""

__version__ = "0.1.0"
