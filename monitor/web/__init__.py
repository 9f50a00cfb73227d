"""``termswatch serve``: the static site plus a small web app beside it.

What it adds to the site:

- ``POST /subscribe`` — the form on each service page (email, this service or all, minimum
  severity, one mail per change or a daily digest). The subscription is created pending by
  `monitor.alerts.subscribe`, and the confirmation mail it queues is sent at once.
- ``GET /confirm/<token>`` shows a button; ``POST`` confirms. A GET never changes anything:
  mail scanners and link prefetchers open links in mails, and must not confirm a
  subscription nobody asked for (nor unsubscribe anyone).
- ``GET /unsubscribe/<token>`` shows a button; ``POST`` unsubscribes. The POST is also RFC
  8058's one-click target: alerts carry ``List-Unsubscribe: <BASE/unsubscribe/TOKEN>`` and
  ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, and a mail client POSTs there.
- ``GET /versions/<document>`` lists a document's versions; ``/versions/<document>/<date>``
  shows one in full, as escaped text; ``GET /diff/<document>?from=DATE&to=DATE`` the diff
  between any two, made by `monitor.diff.compare` and its renderer. A date is a version's
  ``recorded_at`` or a day (``2024-03-01``), meaning the version in force at its end.
- every other path is a file of the built site (never outside its folder, never a dotfile).

Why Flask and waitress: Flask is the best-known small WSGI framework (routing, Jinja2
templates we already use, ``safe_join`` for files, a test client), and waitress is a
production WSGI server in pure Python with no C extension and no dependency, that runs the
same on every platform and bounds its threads and request sizes. Nothing here needs async.

Modules: ``app.py`` (the Flask app: files, subscriptions, headers), ``documents.py``
(versions and diffs), ``guard.py`` (same-origin check and rate limit), ``urls.py`` (the
base URL and links); the command is in `monitor.cli.serve`.
"""

from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name):  # Flask is imported only by what serves (config.py imports .urls)
    if name in __all__:
        from . import app
        return getattr(app, name)
    raise AttributeError(name)
