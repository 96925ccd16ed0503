"""The routes `serve.py` mounts beside the dashboard."""

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
