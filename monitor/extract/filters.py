"""Declaration filters: named clean-ups applied to the page before ``remove`` and ``select``.

Open Terms Archive declarations name filters (``"filter": ["cleanUrls", {"removeQueryParams":
["h"]}]``) whose JavaScript lives beside each declaration. The generic ones are implemented
here, one function each, registered by name::

    @page_filter("removeEmptyAnchorsLinks")
    def remove_empty_anchor_links(page: PageTree, args) -> None:
        ...

so a new filter is one definition. A name with no implementation (a service-specific filter
whose source Open Terms Archive does not publish here) is logged once and skipped: the
page is still extracted, just without that clean-up.

Filters edit the lxml tree in place (`PageTree.root`); one that needs CSS uses
`PageTree.select_css` and removes elements with `PageTree.drop`.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, urlsplit

from ..declarations import Filter
from .dom import PageTree

log = logging.getLogger(__name__)

FilterFunction = Callable[[PageTree, Any], None]
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
                log.warning("filter %r is not implemented (service-specific in Open Terms "
                            "Archive); extracting without it", declared.name)
            continue
        function(page, declared.args)
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


# -- links -----------------------------------------------------------------------------------

@page_filter("removeQueryParams")
def remove_query_params(page: PageTree, args: Any) -> None:
    """Strip the named query parameters from every link target (Open Terms Archive's
    built-in filter), in addition to the usual tracking parameters."""
    page.extra_tracking_params.extend(_names(args))


# Parameters Meta and others add to every link to trace the click or the session.
_SESSION_TRACKING_PARAMS = ("__cft__*", "__tn__", "__xts__*", "__eep__", "hc_ref", "hc_location",
                            "ref_src", "refsrc", "_rdr", "acontext", "jsessionid",
                            "phpsessid", "sessionid", "session_id")


@page_filter("removeTrackingIDs")
def remove_tracking_ids(page: PageTree, args: Any) -> None:
    """Strip click and session identifiers that pages add to every link (Meta's
    ``__cft__[0]``, ``__tn__``, ``hc_ref``, session ids...)."""
    page.extra_tracking_params.extend(_SESSION_TRACKING_PARAMS)


# Outbound-link redirectors: (host suffix, path) -> the query parameter holding the target.
_REDIRECTORS = {
    ("facebook.com", "/l.php"): "u", ("instagram.com", "/"): "u", ("messenger.com", "/l.php"): "u",
    ("google.com", "/url"): "q", ("linkedin.com", "/redir/redirect"): "url",
    ("youtube.com", "/redirect"): "q",
}


@page_filter("cleanUrls")
def clean_urls(page: PageTree, args: Any) -> None:
    """Unwrap outbound-link redirectors (``https://l.facebook.com/l.php?u=<target>&h=<token>``
    becomes ``<target>``) and strip session and click identifiers, so a new token on every
    fetch does not change the text."""
    for link in page.root.iter("a"):
        href = link.get("href")
        if href and "?" in href:
            target = _unwrapped(href)
            if target:
                link.set("href", target)
    remove_tracking_ids(page, None)


def _unwrapped(href: str) -> str | None:
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for (suffix, path), param in _REDIRECTORS.items():
        if (host == suffix or host.endswith("." + suffix)) and parts.path == path:
            values = parse_qs(parts.query).get(param)
            if values and values[0].startswith(("http://", "https://")):
                return values[0]
    return None


@page_filter("removeEmptyAnchorsLinks")
def remove_empty_anchor_links(page: PageTree, args: Any) -> None:
    """Remove links without any text (icon links, empty anchors left by editors)."""
    _drop_all(page, [a for a in page.root.iter("a") if not a.text_content().strip()])


# -- page furniture ---------------------------------------------------------------------------

@page_filter("removeNavigationHeaders")
def remove_navigation_headers(page: PageTree, args: Any) -> None:
    """Remove navigation even inside the selected content: ``nav``, ``[role=navigation]``,
    breadcrumbs and tables of contents."""
    _drop_all(page, page.root.xpath(
        "//nav | //*[@role='navigation'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' breadcrumb ')]"
        " | //*[contains(concat(' ', normalize-space(@class), ' '), ' breadcrumbs ')]"
        " | //*[contains(concat(' ', normalize-space(@class), ' '), ' toc ')]"
        " | //*[@id='toc' or @id='table-of-contents']"))


_RETURN_TO_TOP_TEXT = re.compile(r"^\W*(?:back|return|go|scroll|jump)\s+to\s+(?:the\s+)?top\W*$", re.I)
_RETURN_TO_TOP_CLASS = re.compile(r"(?:back|return|scroll)[-_]?to[-_]?top", re.I)


@page_filter("removeReturnToTopButtons")
def remove_return_to_top_buttons(page: PageTree, args: Any) -> None:
    """Remove "Back to top" links and buttons."""
    doomed = []
    for element in page.root.iter("a", "div", "span", "p", "li"):
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        href = (element.get("href") or "").strip().lower()
        if (_RETURN_TO_TOP_CLASS.search(names)
                or (element.tag == "a" and href in ("#top", "#top-of-page", "#page-top"))
                or (element.tag == "a" and _RETURN_TO_TOP_TEXT.match(element.text_content()))):
            doomed.append(element)
    _drop_all(page, doomed)


_HELP_LABEL = re.compile(r"\b(?:help|more info(?:rmation)?|tooltip)\b", re.I)


@page_filter("removeHelpButtons")
def remove_help_buttons(page: PageTree, args: Any) -> None:
    """Remove help and tooltip toggles: elements acting as buttons or tooltips
    (``role=button|tooltip``) and short elements labelled "help" or "more info"."""
    doomed = []
    for element in page.root.iter():
        if not isinstance(element.tag, str):
            continue
        role = (element.get("role") or "").lower()
        label = " ".join(filter(None, (element.get("aria-label"), element.get("title"))))
        if role in ("button", "tooltip") or (
                label and _HELP_LABEL.search(label) and len(element.text_content().split()) <= 3):
            doomed.append(element)
    _drop_all(page, doomed)


_VISUALLY_HIDDEN_CLASSES = frozenset({
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
    "screenreader-only", "a11y-hidden", "offscreen", "hidden", "d-none", "hide", "invisible",
    "is-hidden", "u-hidden", "hidden-text",
})
_INVISIBLE_STYLE = re.compile(r"(?:^|;)\s*(?:opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)|font-size\s*:\s*0"
                              r"(?:px|em|rem|%)?\s*(?:;|$)|visibility\s*:\s*hidden|display\s*:\s*none)",
                              re.I)


@page_filter("removeInvisibleText")
def remove_invisible_text(page: PageTree, args: Any) -> None:
    """Remove text a sighted reader never sees: screen-reader-only and "hidden" utility
    classes, and inline styles that hide (``display:none``, ``visibility:hidden``,
    ``opacity:0``, ``font-size:0``)."""
    doomed = []
    for element in page.root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = element.get("class")
        style = element.get("style")
        if ((classes and not _VISUALLY_HIDDEN_CLASSES.isdisjoint(classes.lower().split()))
                or (style and _INVISIBLE_STYLE.search(style))):
            doomed.append(element)
    _drop_all(page, doomed)


_INFO_IMAGE = re.compile(r"\binfo", re.I)


@page_filter("replaceInfoImageWithEmoji")
def replace_info_image_with_emoji(page: PageTree, args: Any) -> None:
    """Replace "info" icon images (by src, alt or class) with the ℹ️ emoji, which survives
    extraction where images do not."""
    for image in list(page.root.iter("img")):
        described = " ".join(filter(None, (image.get("src"), image.get("alt"), image.get("class"))))
        if image.getparent() is not None and _INFO_IMAGE.search(described):
            marker = image.makeelement("span", {})
            marker.text = "ℹ️"
            marker.tail = image.tail
            image.getparent().replace(image, marker)


# -- filters that extraction makes unnecessary -------------------------------------------------

@page_filter("removeModuleIDs")
def remove_module_ids(page: PageTree, args: Any) -> None:
    """Nothing to do: generated element ids (module ids) never reach the text, and links to
    anchors within the page are rendered as plain text."""


@page_filter("removeImgFromCookiesPolicy")
def remove_images(page: PageTree, args: Any) -> None:
    """Nothing to do: images never reach the text."""


@page_filter("numberListCorrectly")
def number_list_correctly(page: PageTree, args: Any) -> None:
    """Nothing to do: numbered items are always numbered from the HTML (``start``,
    ``value``, ``reversed``), never by position in the output."""
