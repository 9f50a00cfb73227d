"""What keeps the public subscribe form from being abused: a same-origin check (no other
site can make a visitor's browser post it) and a rate limit (nobody can make Termswatch
mail-bomb an address, or fill the database).

Why no CSRF token: the form is on static pages, which cannot carry one per visitor. Browsers
say where a form post comes from: ``Sec-Fetch-Site`` (every current browser) and ``Origin``.
A post is taken when ``Sec-Fetch-Site`` is ``same-origin``, or when ``Origin`` is the app's
own or the static site's (``[alerts] site_url``, when the site is hosted elsewhere). Service
pages built for the app set a referrer policy under which browsers send that ``Origin``
(under ``no-referrer`` they send ``Origin: null``). A post with neither (curl, a script) is refused:
the form is for browsers; scripts have ``termswatch subscribe``. The worst a forged post
could do anyway is queue one confirmation mail: nothing is sent until its owner clicks.
"""

from __future__ import annotations

import threading
import time
from collections import deque


def same_origin(headers, own_origins: set[str]) -> bool:
    """Does this POST come from a page of the app itself (or of the site it serves)?"""
    if headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = (headers.get("Origin") or "").lower()
    return bool(origin) and origin != "null" and origin in own_origins


class RateLimit:
    """At most ``per_client`` events per client and ``overall`` events in all, in any window
    of ``window`` seconds. In memory (a restart forgets it), one lock, bounded size: the
    number of clients remembered is capped, the oldest dropped first."""

    def __init__(self, per_client: int = 5, overall: int = 200, window: float = 3600.0, max_clients: int = 10_000):
        self.per_client, self.overall, self.window, self.max_clients = per_client, overall, window, max_clients
        self._clients: dict[str, deque] = {}
        self._all: deque = deque()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Count one event for ``client`` if it is within both limits; False if not."""
        now = time.monotonic() if now is None else now
        horizon = now - self.window
        with self._lock:
            while self._all and self._all[0] <= horizon:
                self._all.popleft()
            events = self._clients.get(client)
            if events is None:
                if len(self._clients) >= self.max_clients:
                    self._clients.pop(next(iter(self._clients)))
                events = self._clients[client] = deque()
            while events and events[0] <= horizon:
                events.popleft()
            if len(events) >= self.per_client or len(self._all) >= self.overall:
                return False
            events.append(now)
            self._all.append(now)
            return True
