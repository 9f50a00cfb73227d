"""Declaration filters: named clean-ups applied to the page before ``remove`` and ``select``.

Open Terms Archive declarations name filters (``"filter": ["cleanUrls", {"removeQueryParams":
["h"]}]``) whose JavaScript lives beside each declaration in contrib-declarations
(``declarations/<Service>.filters.js``). Each one here reproduces, as a DOM operation on the
lxml tree, what the function of that name does there, registered by name::

    @page_filter("removeEmptyAnchorsLinks")
    def remove_empty_anchor_links(page: PageTree, args) -> None:
        ...

so a new filter is one definition. A name with no implementation (`SKIPPED` lists the known
ones and why) is logged once and skipped: the page is still extracted, just without that
clean-up. docs/declarations.md lists every name and what it does. The filters of page
furniture and text are in `page_filters`.

Filters edit the lxml tree in place (`PageTree.root`); one that needs CSS uses
`PageTree.select_css` and removes elements with `PageTree.drop`.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import lxml.html

from ..declaration_model import Filter
from .dom import PageTree

log = logging.getLogger(__name__)

FilterFunction = Callable[[PageTree, Any], None]
# Names used in contrib-declarations that are deliberately not reproduced, with the reason.
SKIPPED = {
    "downloadImages": "it fetches every image over the network to inline it as a data: URI; "
                      "extraction never goes online",
    "moveAppPrivacyPolicyIntoGlobalPrivacyPolicy": "it moves a range of one LibraryThing page "
                                                   "to another place; select the parts instead",
}
FILTERS: dict[str, FilterFunction] = {}
_warned: set[str] = set()


def page_filter(name: str) -> Callable[[FilterFunction], FilterFunction]:
    """Register a filter under the name declarations use."""
    def register(function: FilterFunction) -> FilterFunction:
        if name in FILTERS:
            raise ValueError(f"filter {name!r} is registered twice")
        FILTERS[name] = function
        return function
    return register


def apply_filters(page: PageTree, filters: Iterable[Filter]) -> None:
    """Run a declaration's filters in order; unknown names are logged (once) and skipped."""
    for declared in filters:
        function = FILTERS.get(declared.name)
        if function is None:
            if declared.name not in _warned:
                _warned.add(declared.name)
                why = SKIPPED.get(declared.name, "no Python version of this service-specific "
                                                 "Open Terms Archive filter")
                log.warning("filter %r skipped (%s); extracting without it", declared.name, why)
            continue
        function(page, declared.args)
        page.changed()


def clean_email_protected_links(page: PageTree) -> None:
    """What the engine does to every page after its filters: a Cloudflare email-protection
    link (``href`` containing ``/email-protection``) loses the fragment that encodes the
    address, and its content becomes "[email protected]", so a new encoding on every fetch
    changes nothing."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if href and "/email-protection" in href:
            link.set("href", href.split("#")[0])
            for child in list(link):
                link.remove(child)
            link.text = "[email\u00a0protected]"
    page.changed()


def _drop_all(page: PageTree, elements) -> None:
    for element in list(elements):
        page.drop(element)


def _names(args: Any) -> list[str]:
    """Filter arguments that should be a list of names (a lone string is accepted)."""
    if isinstance(args, str):
        return [args]
    if isinstance(args, (list, tuple)):
        return [a for a in args if isinstance(a, str)]
    return []


def _replace_with_text(element, text: str) -> None:
    """Put ``text`` where ``element`` was (its tail kept after it), as DOM replaceWith(text)."""
    parent = element.getparent()
    if parent is None:
        return
    text += element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def _inner_html(element) -> str:
    return (element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element)


def _set_inner_html(element, html: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = None
    fragments = lxml.html.fragments_fromstring(html) if html.strip() else []
    for fragment in fragments:
        if isinstance(fragment, str):
            if len(element):
                element[-1].tail = (element[-1].tail or "") + fragment
            else:
                element.text = (element.text or "") + fragment
        else:
            element.append(fragment)


# -- links -----------------------------------------------------------------------------------

@page_filter("removeQueryParams")
def remove_query_params(page: PageTree, args: Any) -> None:
    """Strip the named query parameters from every link and image target (the engine's
    built-in filter), in addition to the usual tracking parameters."""
    page.extra_tracking_params.extend(_names(args))


_FACEBOOK_REDIRECT = re.compile(r"^https?://l\.facebook\.com/l\.php\?")


@page_filter("cleanUrls")
def clean_urls(page: PageTree, args: Any) -> None:
    """Facebook: links to ``#`` lose their target; ``l.facebook.com/l.php?u=<target>&h=<token>``
    redirects become their decoded ``<target>`` (a new token on every fetch)."""
    remove_empty_anchor_links(page, args)
    for link in page.root.iter("a"):
        href = link.get("href")
        if href and _FACEBOOK_REDIRECT.match(href.strip()):
            target = re.sub(r"&h=\S*", "", href.strip())
            target = re.sub(r"(\S*)\?u=(\S*)", r"\2", target)
            link.set("href", unquote(target))


@page_filter("removeTrackingIDs")
def remove_tracking_ids(page: PageTree, args: Any) -> None:
    """Instagram (until 2025): a link whose ``href``, read as a query string, has an ``h`` or
    ``e`` parameter gets them set to "removed" and the href rewritten as that query string
    (the odd result included: that is what the engine stored)."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if not href:
            continue
        params = parse_qsl(href[1:] if href.startswith("?") else href, keep_blank_values=True)
        names = {name for name, _ in params}
        if names & {"h", "e"}:
            params = [(name, "removed" if name in ("h", "e") else value) for name, value in params]
            link.set("href", urlencode(params))


@page_filter("removeEmptyAnchorsLinks")
def remove_empty_anchor_links(page: PageTree, args: Any) -> None:
    """Links to ``#`` lose their target (their text stays, as plain text)."""
    for link in page.root.iter():
        if isinstance(link.tag, str) and link.get("href") == "#":
            del link.attrib["href"]


@page_filter("removeEmptyLinks")
def remove_empty_links(page: PageTree, args: Any) -> None:
    """Twitter: remove links whose whole content is one space (or one bold space)."""
    _drop_all(page, [a for a in page.root.iter("a") if _inner_html(a) in (" ", "<b> </b>")])


@page_filter("removeEmptySVGLinks")
def remove_empty_svg_links(page: PageTree, args: Any) -> None:
    """Bitwarden: remove links whose only child element is an ``<svg>`` icon."""
    _drop_all(page, [a for a in page.root.iter("a")
                     if len(a) == 1 and isinstance(a[0].tag, str) and a[0].tag.lower() == "svg"])


@page_filter("removeAmpDeviceId")
def remove_amp_device_id(page: PageTree, args: Any) -> None:
    """Zoom: drop an ``amp_device_id`` parameter that opens a link's query."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if href and "amp_device_id" in href:
            link.set("href", re.sub(r"\?amp_device_id=[^&]*&?", "", href, count=1))


@page_filter("removeLabelAndSidFromUrls")
def remove_label_and_sid_from_urls(page: PageTree, args: Any) -> None:
    """Booking.com: links lose their ``label`` and ``sid`` parameters (session tokens);
    ``&amp;`` and ``;`` separators become ``&`` first, as there."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if not href:
            continue
        href = href.replace("&amp;", "&").replace(";", "&").replace("\n", "")
        if href.startswith("/"):
            href = "https://www.booking.com" + href
        try:
            query = urlsplit(href).query
        except ValueError:
            continue  # not a URL: left alone, as there
        if not query:
            continue
        values = {}
        for pair in query.split("&"):
            name, _, value = pair.partition("=")
            values.setdefault(name, value)
        for name in ("label", "sid"):
            if name in values:
                href = href.replace(f"?{name}={values[name]}", "?").replace(f"&{name}={values[name]}", "")
        link.set("href", href)


# -- email protection --------------------------------------------------------------------------

@page_filter("removeCloudflareEmailProtection")
def remove_cloudflare_email_protection(page: PageTree, args: Any) -> None:
    """GitLab: Cloudflare's obfuscated addresses (``.__cf_email__``), and the address itself
    when the page shows it, become "(email protected, possibly <address>)"."""
    email = args if isinstance(args, str) else ""
    replacement = f"(email protected, possibly {email.lower()})"
    for element in page.select_css(".__cf_email__"):
        _replace_with_text(element, replacement)
    if email:
        for element in page.root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.text and email in element.text:
                element.text = element.text.replace(email, replacement)
            if element.tail and email in element.tail:
                element.tail = element.tail.replace(email, replacement)


@page_filter("replaceEmailProtection")
def replace_email_protection(page: PageTree, args: Any) -> None:
    """happn (history): a protected-address link's encoded fragment becomes "removed" and its
    content "email protected" (the engine's own cleaning then applies, as to every page)."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if href and "/email-protection#" in href:
            link.set("href", re.sub(r"(email-protection#)(.*)", r"\1removed", href, flags=re.I | re.S))
            for child in list(link):
                link.remove(child)
            link.text = "email protected"


@page_filter("unifyEmailProtectedAddresses")
def unify_email_protected_addresses(page: PageTree, args: Any) -> None:
    """Shockwave.com: a protected-address link becomes the text "[email protected]", and the
    letters of "shockwave.com" the page sometimes prints right after it go."""
    for link in list(page.root.iter("a")):
        if (link.get("href") == "/cdn-cgi/l/email-protection" and len(link.attrib) > 1
                and len(link) == 0 and link.text == "[email\u00a0protected]"):
            link.tail = re.sub(r"^[shockwave.com]*", "", link.tail or "")
            _replace_with_text(link, "[email\u00a0protected]")


# The filters that edit page furniture and text live beside this module; importing it
# registers them.
from . import page_filters  # noqa: E402,F401  (registration only)
