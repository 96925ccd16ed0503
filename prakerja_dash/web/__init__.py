"""Surfaces served beside the dashboard on its own port, without Streamlit sessions: the open
JSON/CSV API of the published views and the light phone page of the QR code."""
