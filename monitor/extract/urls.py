"""Link targets: resolve them, refuse the dangerous ones, strip tracking parameters.

A link target that reaches the version text is absolute, uses a safe scheme, and carries no
tracking parameter, so a change of campaign tag or click id never looks like a change of terms.

>>> params = TrackingParams.build(["ref"])
>>> strip_tracking("https://ex.com/a?utm_source=x&id=3&ref=home&fbclid=Z#s", params)
'https://ex.com/a?id=3#s'
>>> resolve_link(" /terms?gclid=1 ", "https://ex.com/privacy", "https://ex.com/privacy", params)
'https://ex.com/terms'
>>> resolve_link("javascript:alert(1)", "https://ex.com/", "https://ex.com/", params) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import unquote_plus, urljoin

# Query parameters that only identify a campaign, a click or a visitor. Names ending in "*"
# are prefixes. Callers and declarations (`removeQueryParams`) add their own.
TRACKING_PARAMS: tuple[str, ...] = (
    "utm_*",            # Google Analytics campaign tags (utm_source, utm_medium, ...)
    "fbclid",           # Facebook click id
    "gclid", "dclid", "gbraid", "wbraid", "gclsrc",  # Google Ads click ids
    "msclkid",          # Microsoft Ads click id
    "mc_cid", "mc_eid",  # Mailchimp campaign and subscriber ids
    "_ga", "_gl",       # Google Analytics cross-domain linker
    "_hsenc", "_hsmi",  # HubSpot
    "mkt_tok",          # Marketo
    "igshid",           # Instagram share id
    "yclid",            # Yandex click id
    "twclid",           # Twitter/X click id
)

# Schemes a link may keep; anything else (javascript:, data:, vbscript:, file:, blob:...) is
# rendered as plain text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore tabs and newlines anywhere in a URL and C0 controls/spaces at its ends;
# "java\nscript:" is a classic way to sneak past a naive scheme check.
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(map(chr, range(0x21)))
# Characters that would make "[text](url)" ambiguous or break the line.
_URL_ESCAPES = {ord(" "): "%20", ord("("): "%28", ord(")"): "%29", ord("<"): "%3C",
                ord(">"): "%3E", ord("["): "%5B", ord("]"): "%5D"}


@dataclass(frozen=True)
class TrackingParams:
    """Which query parameter names to strip: exact names and prefixes, case-insensitive."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def build(cls, extra: Iterable[str] = ()) -> "TrackingParams":
        names, prefixes = set(), set()
        for name in (*TRACKING_PARAMS, *extra):
            name = name.strip().lower()
            if name.endswith("*") and len(name) > 1:
                prefixes.add(name[:-1])
            elif name:
                names.add(name)
        return cls(frozenset(names), tuple(sorted(prefixes)))

    def matches(self, name: str) -> bool:
        name = unquote_plus(name).lower()
        return name in self.names or name.startswith(self.prefixes)


def strip_tracking(url: str, params: TrackingParams) -> str:
    """Remove tracking parameters from a URL's query, keeping everything else byte for byte
    (other parameters, their order and encoding, the fragment)."""
    before_fragment, hash_sign, fragment = url.partition("#")
    location, question_mark, query = before_fragment.partition("?")
    if not query:
        return url
    pairs = query.split("&")
    kept = [pair for pair in pairs if not params.matches(pair.partition("=")[0])]
    if len(kept) == len(pairs):
        return url
    query = "&".join(pair for pair in kept if pair)
    return location + ("?" + query if query else "") + hash_sign + fragment


def clean_href(href: str) -> str:
    return _URL_NOISE.sub("", href).strip(_URL_EDGES)


def resolve_link(href: str | None, base_url: str, page_url: str,
                 params: TrackingParams) -> str | None:
    """The absolute, safe, tracking-free target of a link, or None when the link should be
    rendered as plain text: no target, an anchor within the page, an unsafe scheme, or a
    target that cannot be parsed."""
    if href is None:
        return None
    href = clean_href(href)
    if not href or href.startswith("#"):
        return None
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    try:
        url = urljoin(base_url, href)
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    scheme = _SCHEME.match(url)
    if not scheme or scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    target, _, fragment = url.partition("#")
    if fragment and target == page_url.partition("#")[0]:
        return None  # an anchor within this very page, spelled as a full URL
    return strip_tracking(url, params).translate(_URL_ESCAPES)


_SCHEME_OR_WWW = re.compile(r"^(?:(?:https?|ftp):/*|mailto:|tel:)?(?:www\.)?", re.IGNORECASE)


def same_target(text: str, url: str) -> bool:
    """Whether a link's text just spells its target (``example.com`` for
    ``https://www.example.com/``), in which case the text alone says it all.

    >>> same_target("www.example.com", "https://example.com/"), same_target("here", "https://a.b/")
    (True, False)
    """
    def key(value: str) -> str:
        value = _SCHEME_OR_WWW.sub("", value.strip().lower(), count=1)
        return value.rstrip("/")
    return key(text) == key(url)


# Bare URLs in text: the last resort, so a tracking parameter never reaches the version text
# even when a page prints the URL instead of linking it.
_BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]+", re.IGNORECASE)


def strip_tracking_in_text(text: str, params: TrackingParams) -> str:
    """Strip tracking parameters from every URL in a text (link targets and bare URLs)."""
    if "?" not in text:
        return text
    lowered = text.lower()
    if not any(name + "=" in lowered for name in params.names) and not any(
            prefix in lowered for prefix in params.prefixes):
        return text  # the common case, found without running the URL pattern
    return _BARE_URL.sub(lambda m: strip_tracking(m.group(0), params), text)
