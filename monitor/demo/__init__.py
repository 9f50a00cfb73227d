"""A self-contained demo world: invented services whose terms change over simulated days.

- `DemoServer` (``server.py``): the local fixture web server, also runnable as
  ``python -m monitor.demo.server``;
- `SCENARIO` (``scenario.py``): the invented services, what changes on which day and the
  verdict the pipeline should reach, plus the hostile endpoints and what to expect of them;
- `write_declarations` (``catalogue.py``): declarations pointing at a running server.

The texts live in ``legal.py``, the page rendering (site chrome, daily noise, bulk pages) in
``pages.py``, the hostile bodies (PDF, bot wall, latin-1...) in ``hostile.py``.

>>> from monitor.demo import SCENARIO, events_for
>>> [e["expect"] for e in events_for(service="ShopVista", terms_type="Privacy Policy")]
['worse', 'better']
"""

from __future__ import annotations

from .catalogue import write_declarations
from .scenario import (DAYS, HOSTILE_ENDPOINTS, HOSTILE_SERVICE, SCENARIO, day_date, day_time,
                       document_state, events_for)

__all__ = ["DAYS", "DemoServer", "HOSTILE_ENDPOINTS", "HOSTILE_SERVICE", "SCENARIO", "day_date",
           "day_time", "document_state", "events_for", "write_declarations"]


def __getattr__(name: str):
    # Imported lazily so that ``python -m monitor.demo.server`` does not import its own
    # module twice (runpy warns when the package already imported it).
    if name == "DemoServer":
        from .server import DemoServer
        return DemoServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
