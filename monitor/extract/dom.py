"""A parsed page, and the declaration's ``select`` / ``remove`` applied to it.

The page is parsed once with lxml (libxml2's HTML parser, the same one BeautifulSoup's "lxml"
builder drives). CSS selectors mean what they mean in BeautifulSoup's ``select``, i.e.
soupsieve: `css` evaluates soupsieve's parse of the common selectors directly on lxml, and
anything else goes to soupsieve itself, on a BeautifulSoup *mirror* of the lxml tree built
on first need (`_Mirror`), since building one costs more than the rest of extraction.

Range selectors follow Open Terms Archive, which uses DOM Ranges: the range starts before or
after the first element matching ``startBefore``/``startAfter`` and ends before or after the
first element matching ``endBefore``/``endAfter``. Selecting a range copies its content
(partially covered ancestors are copied as shells, like ``Range.cloneContents``); removing it
deletes that content (like ``Range.deleteContents``). Positions are "slots" in document
order: each element has an opening slot, a slot for its leading text, a closing slot and a
slot for its tail text.

>>> page = PageTree("<body><h1>T</h1><p id=a>One</p><p>Two</p><p id=z>End</p></body>", "https://ex.com/")
>>> [p.text for p in page.select_css("p:not(#z)")]
['One', 'Two']
>>> [child.text for child in page.select([RangeSelector(start_after="#a", end_before="#z")])[0]]
['Two']
"""

from __future__ import annotations

import copy
import json
from typing import Iterable, NoReturn
from urllib.parse import urljoin

import lxml.html
import soupsieve
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from lxml import etree

from ..declarations import RangeSelector
from .css import compile_fast
from .errors import ExtractionError
from .flatten import flatten_deep_markup
from .urls import clean_href

# libxml2 caps nesting at 256 levels (deeper markup is flattened: see `flatten`); every recursive walk here also stops at this depth
# (about two stack frames a level at most), so no input can exhaust Python's stack whatever
# the parser version.
MAX_DEPTH = 300
# A BeautifulSoup copy of a page costs about 1.3 KB an element: past this many elements, a
# selector that needs one is refused rather than let a hostile page take gigabytes. Real
# terms pages have a few thousand elements, and declared selectors rarely need the copy.
MAX_MIRROR_ELEMENTS = 100_000

# C0 control characters other than whitespace, deleted from the markup before parsing (NUL
# would end libxml2's input). In UTF-8 they are single bytes that never occur inside a
# multi-byte sequence, so deleting bytes is safe, and fast.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


def parse_html(text: str) -> etree._Element | None:
    """The document's root element, or None when there is no markup at all."""
    data = text.encode("utf-8", "replace").translate(None, _CONTROL_BYTES)
    if not data.strip():
        return None
    root, too_deep = _parse(data)
    if too_deep:
        # libxml2 stopped at its nesting limit and dropped everything after that point, the
        # text outside the deep part included: parse again with the deepest tags left out.
        root, _ = _parse(flatten_deep_markup(data.decode("utf-8")).encode("utf-8"))
    return root


def _parse(data: bytes) -> tuple[etree._Element | None, bool]:
    """The root element, and whether libxml2 gave up at its nesting limit."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    return root, any("Excessive depth" in entry.message for entry in parser.error_log)


class PageTree:
    """One page: its lxml tree, its URLs, and the operations declarations need."""

    def __init__(self, html: str, url: str):
        self.url = url
        self.root = parse_html(html)
        if self.root is None:  # no markup at all: an empty document, so nothing matches
            self.root = lxml.html.document_fromstring("<html><body></body></html>")
        self.base_url = _base_url(self.root, url)
        # Query parameters filters ask to strip from links (``removeQueryParams``).
        self.extra_tracking_params: list[str] = []
        self._mirror: _Mirror | None = None
        self._slots: _Slots | None = None

    @property
    def body(self) -> etree._Element:
        body = self.root.find("body")
        return body if body is not None else self.root

    # -- CSS -----------------------------------------------------------------------------

    def select_css(self, selector: str) -> list[etree._Element]:
        """Every element matching a CSS selector, in document order (soupsieve semantics)."""
        fast = compile_fast(selector)
        if fast is not None:
            return fast.select(self.root)
        return self.select_css_with_soupsieve(selector)

    def select_css_with_soupsieve(self, selector: str) -> list[etree._Element]:
        """The same, always through soupsieve on a BeautifulSoup mirror of the page."""
        if self._mirror is None:
            elements = int(self.root.xpath("count(//*)"))
            if elements > MAX_MIRROR_ELEMENTS:
                raise ExtractionError(
                    "too_large", f"page of {elements:,} elements is over the cap of "
                                 f"{MAX_MIRROR_ELEMENTS:,} for selector {selector!r}, which only "
                                 f"soupsieve evaluates, at {self.url}")
            self._mirror = _Mirror(self.root)
        return self._mirror.select(selector)

    def select_first(self, selector: str) -> etree._Element | None:
        matches = self.select_css(selector)
        return matches[0] if matches else None

    def changed(self) -> None:
        """Call after editing the tree other than through `drop`: forget derived indexes."""
        self._mirror = None
        self._slots = None

    def drop(self, element: etree._Element) -> None:
        """Remove an element and its content, keeping the text that follows it."""
        if element.getparent() is None:
            return
        if self._mirror is not None:
            self._mirror.forget(element)
        element.drop_tree()  # lxml.html: keeps the tail text in place

    # -- remove / select -----------------------------------------------------------------

    def remove(self, selectors: Iterable) -> None:
        """Apply a declaration's ``remove``: ranges first, then CSS (as Open Terms Archive
        does), every match computed on the page as it was before any removal."""
        selectors = tuple(selectors)
        ranges = [self._range_slots(s) for s in selectors if isinstance(s, RangeSelector)]
        elements = [e for s in selectors if not isinstance(s, RangeSelector)
                    for e in self.select_css(s)]
        if ranges:
            slots = self._positions()
            for start, end in ranges:
                if start < end:
                    _delete_range(self.root, start, end, slots)
            self._mirror = None  # text nodes changed: rebuild the mirror if queried again
        for element in elements:
            self.drop(element)

    def select(self, selectors: Iterable) -> list[etree._Element]:
        """Apply a declaration's ``select``: the matched elements and range contents, in
        document order, each once, none nested in another. A range's content comes as a
        copy wrapped in a ``<div>``. Raises ``selector_no_match`` when nothing matches (or a
        range's start or end is missing, which Open Terms Archive treats as an error)."""
        selectors = tuple(selectors)
        if len(selectors) == 1 and not isinstance(selectors[0], RangeSelector):
            return _outermost(self.select_css(selectors[0])) or self._no_match(selectors)
        slots = self._positions()
        spans = []  # (first slot, last slot, element)
        for selector in selectors:
            if isinstance(selector, RangeSelector):
                start, end = self._range_slots(selector)
                if start < end:
                    spans.append((start, end - 1, _clone_range(self.root, start, end, slots)))
            else:
                spans.extend((slots.opening[e], slots.closing[e], e) for e in self.select_css(selector))
        spans.sort(key=lambda span: (span[0], -span[1]))
        chosen, covered_until = [], -1
        for first, last, element in spans:
            if first > covered_until:  # not inside an element (or range) already chosen
                chosen.append(element)
                covered_until = last
        return chosen or self._no_match(selectors)

    def _no_match(self, selectors) -> NoReturn:
        raise ExtractionError("selector_no_match",
                              f"select {describe_selectors(selectors)} matches nothing at {self.url}")

    def _range_slots(self, selector: RangeSelector) -> tuple[int, int]:
        slots = self._positions()
        bounds = []
        for role, css, before in (("start", selector.start_before or selector.start_after,
                                   selector.start_before is not None),
                                  ("end", selector.end_before or selector.end_after,
                                   selector.end_before is not None)):
            element = self.select_first(css)
            if element is None:
                raise ExtractionError(
                    "selector_no_match",
                    f"range {describe_selectors([selector])}: {role} selector {css!r} matches "
                    f"nothing at {self.url}")
            bounds.append(slots.opening[element] if before else slots.closing[element] + 1)
        start, end = bounds
        return start, max(start, end)  # an end before the start makes an empty range (DOM)

    def _positions(self) -> "_Slots":
        if self._slots is None:
            self._slots = _Slots(self.root)
        return self._slots


def describe_selectors(selectors) -> str:
    """Selectors as the declaration spells them, for error messages."""
    parts = [json.dumps(s.to_json(), sort_keys=True) if isinstance(s, RangeSelector) else repr(s)
             for s in selectors]
    return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"


def visible_page_text(root: etree._Element) -> str:
    """Title and body text as a client without JavaScript shows it (``noscript`` included),
    for bot-wall detection."""
    return " ".join(root.xpath(
        "//title//text() | //body//text()[not(ancestor::script or ancestor::style or ancestor::template)]"))


def visible_text(elements: Iterable[etree._Element]) -> str:
    """The same for selected elements."""
    return " ".join(text for element in elements for text in element.xpath(
        "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::template)]"))


def outer_html(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def _outermost(elements: list) -> list:
    """Elements (in document order) minus those nested in an earlier one."""
    kept: set = set()
    out = []
    for element in elements:
        if not any(ancestor in kept for ancestor in element.iterancestors()):
            kept.add(element)
            out.append(element)
    return out


def _base_url(root: etree._Element, url: str) -> str:
    for href in root.xpath("//base/@href")[:1]:
        try:
            base = urljoin(url, clean_href(href))
        except ValueError:
            break
        if base.startswith(("http://", "https://")):
            return base
    return url


class _Slots:
    """Document-order positions of every element: 4 slots each (open, text, close, tail)."""

    def __init__(self, root: etree._Element):
        self.opening: dict[etree._Element, int] = {}
        self.closing: dict[etree._Element, int] = {}
        counter = 0
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                self.opening[element] = counter
            else:
                self.closing[element] = counter
            counter += 2

    def text_slot(self, element) -> int:
        return self.opening[element] + 1

    def tail_slot(self, element) -> int:
        return self.closing[element] + 1


def _clone_range(root, start: int, end: int, slots: _Slots) -> etree._Element:
    """Copy of the content between two slots, like DOM ``Range.cloneContents``: taken below
    the deepest element whose content holds the whole range, partially covered elements
    copied as shells."""
    container = root
    while True:
        inner = next((child for child in container
                      if slots.opening[child] < start and end <= slots.closing[child]), None)
        if inner is None:
            break
        container = inner
    fragment = _clip(container, start, end, slots, 0)
    fragment.tag = "div"  # the container itself is not part of the range, only its content
    fragment.attrib.clear()
    fragment.tail = None
    return fragment


def _clip(element, start: int, end: int, slots: _Slots, depth: int) -> etree._Element:
    shell = element.makeelement(element.tag, dict(element.attrib))
    if start <= slots.text_slot(element) < end:
        shell.text = element.text
    if depth >= MAX_DEPTH:
        return shell
    for child in element:
        first, last = slots.opening[child], slots.closing[child]
        piece = None
        if start <= first and last < end:
            piece = _deepcopy_without_tail(child)
        elif last >= start and first < end:
            piece = _clip(child, start, end, slots, depth + 1)
        if piece is not None:
            shell.append(piece)
        if child.tail and start <= slots.tail_slot(child) < end:
            if len(shell):
                shell[-1].tail = (shell[-1].tail or "") + child.tail
            else:
                shell.text = (shell.text or "") + child.tail
    return shell


def _deepcopy_without_tail(element):
    duplicate = copy.deepcopy(element)
    duplicate.tail = None
    return duplicate


def _delete_range(element, start: int, end: int, slots: _Slots, depth: int = 0) -> None:
    """Delete the content between two slots, like DOM ``Range.deleteContents``."""
    if start <= slots.text_slot(element) < end:
        element.text = None
    if depth >= MAX_DEPTH:
        return
    for child in list(element):
        first, last = slots.opening[child], slots.closing[child]
        tail_inside = start <= slots.tail_slot(child) < end
        if tail_inside:
            child.tail = None
        if start <= first and last < end:
            child.drop_tree()
        elif last >= start and first < end:
            _delete_range(child, start, end, slots, depth + 1)


class _Mirror:
    """A BeautifulSoup copy of an lxml tree, made only so soupsieve can match selectors.

    Tags and strings are linked directly (parent, siblings, document order), which is what
    BeautifulSoup's own tree builder does; building through ``handle_starttag`` & co. would be
    twice as slow. Matches map back to the lxml elements they mirror.
    """

    def __init__(self, root: etree._Element):
        self.soup = BeautifulSoup("", "lxml")
        self._builder = self.soup.builder
        self._element_of: dict[int, etree._Element] = {}
        self._tag_of: dict[etree._Element, Tag] = {}
        self._last = self.soup  # the last node in document order, for next_element links
        self._copy(root, self.soup, 0)
        self._last.next_element = None

    def select(self, selector: str) -> list[etree._Element]:
        return [self._element_of[id(tag)] for tag in soupsieve.compile(selector).select(self.soup)]

    def forget(self, element: etree._Element) -> None:
        """Keep the mirror in step when the lxml element is removed."""
        tag = self._tag_of.get(element)
        if tag is not None and tag.parent is not None:
            tag.extract()

    def _copy(self, element, parent, depth: int) -> None:
        tag = Tag(None, self._builder, element.tag, attrs=dict(element.attrib))
        self._link(tag, parent)
        self._element_of[id(tag)] = element
        self._tag_of[element] = tag
        if element.text:
            self._link(NavigableString(element.text), tag)
        if depth >= MAX_DEPTH:
            return
        for child in element:
            if isinstance(child.tag, str):
                self._copy(child, tag, depth + 1)
            if child.tail:
                self._link(NavigableString(child.tail), tag)

    def _link(self, node, parent) -> None:
        node.parent = parent
        node.previous_element = self._last
        self._last.next_element = node
        siblings = parent.contents
        node.previous_sibling = siblings[-1] if siblings else None
        if siblings:
            siblings[-1].next_sibling = node
        node.next_sibling = None
        siblings.append(node)
        self._last = node
