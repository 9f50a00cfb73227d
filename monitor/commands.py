"""The CLI's commands, one small function each over the Python API."""

from __future__ import annotations

from .cli import cli  # noqa: F401  (commands register themselves on import)
