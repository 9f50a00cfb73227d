"""Installed as the package ``monitor.docs``, with ``scoring.md`` only (see ``pyproject.toml``):
the site's method page renders that file, so it ships with the package while staying here,
its one source, among the other docs. Holds no code."""
