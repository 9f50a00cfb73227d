"""Link targets: resolve them as Open Terms Archive's engine does, refuse the dangerous ones,
strip tracking parameters.

As in the engine, a relative target becomes absolute, an anchor within the page (``#terms``)
and a target with an unknown scheme or that cannot be parsed are kept as written. Unlike the
engine, ``javascript:``, ``vbscript:`` and ``data:`` targets are never kept (the link is plain
text), and tracking parameters are stripped from link and image targets and from URLs
written out in the text (never touching the words or punctuation around them), so a change
of campaign tag or click id never looks like a change of terms (the contract).

>>> params = TrackingParams.build(["ref"])
>>> strip_tracking("https://ex.com/a?utm_source=x&id=3&ref=home&fbclid=Z#s", params)
'https://ex.com/a?id=3#s'
>>> resolve_link(" /terms?gclid=1 ", "https://ex.com/privacy", "https://ex.com/privacy", params)
'https://ex.com/terms'
>>> resolve_link("javascript:alert(1)", "https://ex.com/", "https://ex.com/", params) is None
True
>>> resolve_link("#anchor", "https://ex.com/", "https://ex.com/", params)
'#anchor'
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
    "__cft__*", "__tn__",  # Meta's per-click tokens (__cft__[0]=...), new on every fetch
)

# Schemes resolved against the page's URL (and stripped of tracking parameters).
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})
# Schemes never kept: a link to them is rendered as plain text (scripts, and data: URIs that
# can hold megabytes). Other unknown schemes are kept as written, as the engine keeps them.
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore tabs and newlines anywhere in a URL and C0 controls/spaces at its ends;
# "java\nscript:" is a classic way to sneak past a naive scheme check.
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(map(chr, range(0x21)))
# Characters that would end "[text](url)" early or break the line ("[" and "]" do not, and
# the engine keeps them).
_URL_ESCAPES = {ord(" "): "%20", ord("("): "%28", ord(")"): "%29", ord("<"): "%3C",
                ord(">"): "%3E"}


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


# A URL written out in the text. Punctuation that ends a sentence is not part of it.
_BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.IGNORECASE)


def strip_tracking_in_bare_urls(text: str, params: TrackingParams) -> str:
    """Strip tracking parameters from the URLs written out in a text ("see
    https://ex.com/p?utm_source=mail."), keeping the punctuation that follows them. Link
    targets are stripped where links are written; this catches what the page printed.

    >>> strip_tracking_in_bare_urls("See https://ex.com/p?utm_source=mail. Or https://ex.com/q?a=1&gclid=2, too.",
    ...                             TrackingParams.build())
    'See https://ex.com/p. Or https://ex.com/q?a=1, too.'
    """
    if "?" not in text:
        return text
    lowered = text.lower()
    if not any(name + "=" in lowered for name in params.names) and not any(
            prefix in lowered for prefix in params.prefixes):
        return text  # the common case, found without running the URL pattern
    return _BARE_URL.sub(lambda m: strip_tracking(m.group(0), params), text)


def clean_href(href: str) -> str:
    return _URL_NOISE.sub("", href).strip(_URL_EDGES)


def resolve_link(href: str | None, base_url: str, page_url: str,
                 params: TrackingParams) -> str | None:
    """A link's target as the engine writes it, or None when the link should be rendered as
    plain text (no or empty ``href``, or an unsafe scheme). A relative target is made
    absolute and stripped of tracking parameters; an anchor (``#x``), an unknown scheme or a
    target that cannot be parsed is kept as written."""
    if href is None:
        return None
    href = clean_href(href)
    if not href:
        return None
    if href.startswith("#"):
        return href.translate(_URL_ESCAPES)
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() in UNSAFE_SCHEMES:
        return None
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return href.translate(_URL_ESCAPES)
    try:
        url = urljoin(base_url, href)
    except ValueError:  # e.g. an invalid IPv6 host: the engine leaves it as it is
        return href.translate(_URL_ESCAPES)
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() in UNSAFE_SCHEMES:
        return None
    return strip_tracking(url, params).translate(_URL_ESCAPES)


def image_source(src: str | None, params: TrackingParams) -> str | None:
    """An image's ``src`` as the engine writes it (as the page gives it, not resolved), minus
    tracking parameters; None for no source or an unsafe (``data:``) one."""
    if src is None:
        return None
    src = clean_href(src)
    scheme = _SCHEME.match(src)
    if not src or (scheme and scheme.group(1).lower() in UNSAFE_SCHEMES):
        return None
    return strip_tracking(src, params).translate(_URL_ESCAPES)


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
