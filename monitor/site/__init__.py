"""The static site: an index of services, a page per service and per change, the method
page, and the Atom feeds (`monitor.feeds`), built from the store into one folder.

The site is plain HTML and CSS with relative links: it works from ``file://`` and from any
static host, and runs no script. Rebuilds are incremental (see `output`).

- `build_site(store, out_dir)` -> `BuildReport` (``build.py``)
- `serve_site(out_dir)`: a local HTTP server for it (``serve.py``)
- ``termswatch site build|serve``: `monitor.cli.publish`

Where things are: ``data.py`` reads the store in bulk, ``pages.py`` decides the pages and
their fingerprints (the service page in ``service_page.py``, change pages and the grouped
cosmetic-change pages in ``change_pages.py``, what a change page shows of its hunks in
``excerpts.py``), ``templates/``, ``render.py`` and ``markup.py`` render them (``quotes.py``
remembers quoted clauses as text), ``output.py`` writes them, ``urls.py`` names them.
"""

from .build import build_site
from .output import BuildReport
from .serve import make_server, serve_site

__all__ = ["BuildReport", "build_site", "make_server", "serve_site"]
