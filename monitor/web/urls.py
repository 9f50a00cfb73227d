"""The web app's public addresses: the configured base URL, and the links built on it that
mails and the static site carry.

>>> check_base_url("https://terms.example.org/watch")
'https://terms.example.org/watch/'
>>> confirm_link("https://terms.example.org/", "abc_-1")
'https://terms.example.org/confirm/abc_-1'
>>> check_base_url("http://terms.example.org/")
Traceback (most recent call last):
...
monitor.web.urls.BaseUrlError: expected an https URL (http only on this machine: localhost, 127.0.0.1, [::1]), got 'http://terms.example.org/'
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from ..network import is_loopback_host


class BaseUrlError(ValueError):
    pass


def check_base_url(url: str) -> str:
    """``url`` as the app's base: absolute, https (or http on loopback, where nothing crosses
    a network), no query or fragment, ending in ``/``. Tokens travel in these links, so
    plain http to another machine is refused."""
    bad = BaseUrlError(f"expected an https URL (http only on this machine: localhost, 127.0.0.1, [::1]), "
                       f"got {url!r}")
    if not isinstance(url, str) or any(c.isspace() or c in "<>\"'`\\" for c in url):
        raise bad
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a malformed port
    except ValueError:
        raise bad from None
    del port
    if parts.query or parts.fragment or parts.username or parts.password or not parts.hostname:
        raise bad
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise bad
    if parts.scheme not in ("http", "https"):
        raise bad
    return url if url.endswith("/") else url + "/"


def confirm_link(base_url: str, token: str) -> str:
    return f"{base_url}confirm/{quote(token, safe='')}"


def unsubscribe_link(base_url: str, token: str) -> str:
    return f"{base_url}unsubscribe/{quote(token, safe='')}"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL, as a browser's Origin header spells it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()


# -- paths of the app's pages, relative to its root (the static site links to them) ------------

def version_path(document_id: int, recorded_at: str) -> str:
    return f"versions/{int(document_id)}/{quote(recorded_at, safe='')}"


def versions_path(document_id: int) -> str:
    return f"versions/{int(document_id)}"


def diff_path(document_id: int) -> str:
    return f"diff/{int(document_id)}"
