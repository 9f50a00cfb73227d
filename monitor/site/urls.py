"""Where every page and feed of the site lives, as paths relative to the site's root.

Links between pages are always relative (``../../index.html``), so the site works from
``file://`` and under any path prefix on any static host. Service ids can hold dots, spaces,
``+`` or any Unicode; `service_slug` turns one into a folder name that is safe in every file
system and in a URL without escaping:

>>> service_slug("Amazon.com"), service_slug("Disney+"), service_slug("Ünïcode Inc")
('Amazon.com', 'Disney-3d955f', 'Unicode-Inc-cbd995')
>>> change_page("Amazon.com", 42)
'services/Amazon.com/changes/42.html'
>>> safe_href("javascript:alert(1)") is None, safe_href("https://example.com/terms")
(True, 'https://example.com/terms')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows refuses for a file or folder, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
SLUG_MAX = 60


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=None)
def service_slug(service_id: str) -> str:
    """A folder name for a service, derived from its id alone (so it never moves).

    Letters, digits, ``.``, ``_`` and ``-`` are kept as they are; anything else is folded to
    ASCII or replaced by ``-``. When that loses information, a short hash of the id is
    appended, so two ids never share a slug (``Disney+`` and ``Disney-`` stay apart).
    """
    folded = unicodedata.normalize("NFKD", service_id).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("-", folded).strip(".-")[:SLUG_MAX].strip(".-")
    if not slug or slug != service_id or slug.split(".")[0].lower() in _RESERVED:
        # The hash goes before the first dot: Windows reserves "CON.anything" too.
        first, dot, rest = (slug or "service").partition(".")
        slug = f"{first}-{_short_hash(service_id)}{dot}{rest}"
    return slug


def document_slugs(terms_types: list[str]) -> dict[str, str]:
    """File names for one service's documents: ``Privacy Policy`` -> ``privacy-policy``.

    Terms types are a small vocabulary, so readable lower-case names are enough; a hash is
    appended only when two of the service's types would share a name.
    """
    readable = {}
    for terms_type in terms_types:
        folded = unicodedata.normalize("NFKD", terms_type).encode("ascii", "ignore").decode("ascii")
        readable[terms_type] = _UNSAFE.sub("-", folded.lower()).strip(".-")[:SLUG_MAX].strip(".-")
    taken: dict[str, int] = {}
    for slug in readable.values():
        taken[slug] = taken.get(slug, 0) + 1
    return {t: (s if s and taken[s] == 1 and s not in _RESERVED else f"{s or 'document'}-{_short_hash(t)}")
            for t, s in readable.items()}


# -- page paths, relative to the site's root -------------------------------------------------

INDEX = "index.html"
METHOD = "method.html"
STYLESHEET = "static/site.css"
MANIFEST = ".termswatch-site.json"


def service_page(service_id: str) -> str:
    return f"services/{service_slug(service_id)}/index.html"


def change_page(service_id: str, change_id: int) -> str:
    return f"services/{service_slug(service_id)}/changes/{int(change_id)}.html"


def cosmetic_changes_page(service_id: str, document_slug: str) -> str:
    """The one page listing a document's cosmetic changes when it has many (`pages`)."""
    return f"services/{service_slug(service_id)}/changes/cosmetic-{document_slug}.html"


def all_feed() -> str:
    return "feeds/all.xml"


def operator_feed() -> str:
    return "feeds/operator.xml"


def severity_feed(min_severity: int) -> str:
    return f"feeds/severity-{int(min_severity)}.xml"


def service_feed(service_id: str) -> str:
    return f"feeds/services/{service_slug(service_id)}.xml"


def document_feed(service_id: str, document_slug: str) -> str:
    return f"feeds/services/{service_slug(service_id)}/{document_slug}.xml"


def root_prefix(page_path: str) -> str:
    """``../`` once per folder between ``page_path`` and the site's root."""
    return "../" * page_path.count("/")


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None: captured data never puts a
    ``javascript:``, ``data:`` or relative target into a link."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\x00\r\n\t<>\"'` "):
        return None
    return url
