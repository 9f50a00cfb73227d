"""lxml elements -> the Markdown-like text stored as a version.

The format is small on purpose, so that only changes of wording change it:

* headings as the engine writes them: ``Title`` over ``=====`` (h1) or ``-----`` (h2),
  ``###`` .. ``######`` below; paragraphs separated by exactly one blank line;
* ``- `` bullets and ``1. `` numbered items (numbers as the HTML gives them, ``start``,
  ``value`` and ``reversed`` honoured), nested lists indented two spaces per level;
* ``<br>`` is a line break; links are ``[text](target "title")`` and images
  ``![alt](src "title")``, their targets written as Open Terms Archive's engine writes them
  (see `urls`): anchors within the page and unknown schemes kept, relative links made
  absolute, image sources as the page gives them; ``[`` and ``]`` in a link's text escaped;
* a table is one line per row, cells joined by `` | `` (a table used for page layout, with
  one cell per row or headings inside, is rendered as ordinary blocks instead);
* inline emphasis is dropped, so markup-only edits never show; a button's text is text;
* a line of text that would read as structure (``- x``, ``# x``, ``1. x``) is escaped.

>>> render_html('<h2>Terms</h2><p>Read <b>this</b>:<br>now</p><ol start="3"><li>One<ul><li>Sub</li></ul></li></ol>')
'Terms\\n-----\\n\\nRead this:\\nnow\\n\\n3. One\\n  - Sub'
"""

from __future__ import annotations

import re

from .dom import MAX_DEPTH, PageTree
from .text import clean_chars, collapse, escape_line_start
from .urls import TrackingParams, image_source, resolve_link, same_target, strip_tracking

# Inside a paragraph being built, a hard line break (<br>). Page text never contains NUL:
# `clean_chars` deletes it.
BR = "\x00"

HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
    "html", "legend", "main", "nav", "p", "section", "summary", "search", "caption",
    "tbody", "thead", "tfoot", "tr", "td", "th", "hr",
})
# Never text: scripts, styles, embedded documents and media, form controls, metadata.
ALWAYS_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "param", "svg", "canvas", "video", "audio", "source", "track",
    "map", "area", "input", "select", "textarea", "datalist", "head", "title", "meta",
    "link", "base",
})
SECTIONING_TAGS = frozenset({"article", "main", "section", "aside", "nav"})
# Page chrome, dropped when the declaration does not say what to select.
CHROME_TAGS = frozenset({"nav", "aside"})
LANDMARK_TAGS = frozenset({"header", "footer"})  # chrome unless inside sectioning content
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo"})
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
# Cookie-consent banners by their usual ids and classes (the consent-management platforms
# plus generic names), but not a cookie *policy* section such as id="cookies".
COOKIE_BANNER = re.compile(
    r"cookie[-_ ]?(?:banner|consent|notice|bar|popup|pop-up|law|message|alert|modal|overlay|"
    r"wall|disclaimer|warning|info|prompt|dialog|box|container|wrapper)|cookieconsent|"
    r"cookiebot|cybotcookiebot|onetrust|optanon|truste-consent|trustarc|qc-cmp|didomi|"
    r"usercentrics|osano|iubenda|cookiehub|cookieyes|cky-consent|termly|sp_message_container|"
    r"gdpr[-_ ]?(?:banner|consent|notice|popup)|consent[-_ ]?(?:banner|manager|popup|modal|bar)|"
    r"\bcc-(?:window|banner)\b|\bcmp-(?:container|banner)\b",
    re.IGNORECASE)

BANNER_TAGS = frozenset({"div", "section", "aside", "dialog", "form", "footer", "header", "p"})

_LIST_MARKER = re.compile(r"^\s*(?:-|\d+\.)\s")
_INTEGER = re.compile(r"^\s*[-+]?\d{1,9}\s*$")


class LinkContext:
    """What the renderer needs to turn an ``href`` into a link target."""

    def __init__(self, page_url: str, base_url: str | None = None,
                 params: TrackingParams | None = None):
        self.page_url = page_url
        self.base_url = base_url or page_url
        self.params = params or TrackingParams.build()
        self._targets: dict[str | None, str | None] = {}  # pages repeat the same links a lot

    def target(self, href: str | None) -> str | None:
        if href not in self._targets:
            self._targets[href] = resolve_link(href, self.base_url, self.page_url, self.params)
        return self._targets[href]


def render(elements, links: LinkContext, *, drop_chrome: bool) -> str:
    """The text of some elements (each a root, exempt from the hidden-element rules, so a
    declaration that selects a ``display:none`` container gets its content), one blank line
    between blocks. ``drop_chrome`` also drops navigation, banners, footers, cookie banners."""
    renderer = _Renderer(links, drop_chrome)
    for element in elements:
        renderer.render_root(element)
    return renderer.text()


def render_html(html: str, url: str = "https://example.com/") -> str:
    """Render a whole HTML string, no chrome removal (handy in examples and tests)."""
    page = PageTree(html, url)
    return render([page.body], LinkContext(url, page.base_url), drop_chrome=False)


class _Renderer:
    """Walks elements, collecting blocks: ``(kind, lines)`` with kind ``text``, ``heading``,
    ``list`` or ``table``. Inline text accumulates in ``_run`` until a block boundary."""

    def __init__(self, links: LinkContext, drop_chrome: bool):
        self._links = links
        self._drop_chrome = drop_chrome
        self._blocks: list[tuple[str, list[str]]] = []
        self._run: list[str] = []
        self._sectioning = 0  # how many sectioning elements we are inside
        self._preformatted = 0  # how many <pre> we are inside
        self._orphan_markers: dict = {}
        self._in_link = False  # a link's text escapes "[" and "]"

    # -- entry points ----------------------------------------------------------------------

    def render_root(self, element) -> None:
        self._flush()
        self._element(element, 0, is_root=True)
        self._flush()

    def text(self) -> str:
        out = []
        for kind, lines in self._blocks:
            if kind == "text":
                lines = [escape_line_start(line) for line in lines]
            out.append("\n".join(lines))
        return "\n\n".join(out)

    # -- walking -----------------------------------------------------------------------------

    def _element(self, element, depth: int, is_root: bool = False) -> None:
        tag = element.tag
        if not isinstance(tag, str) or depth > MAX_DEPTH:
            return
        if not is_root and self._is_dropped(element, tag):
            return
        level = HEADING_LEVELS.get(tag)
        if level:
            self._flush()
            text = self._inline_text(element, depth)
            if text:
                self._blocks.append(("heading", _heading_lines(level, text)))
        elif tag == "br":
            self._run.append(BR)
        elif tag == "a":
            self._link(element, depth)
        elif tag == "img":
            self._image(element)
        elif tag in LIST_TAGS:
            self._flush()
            lines = self._list_lines(element, depth)
            if lines:
                self._blocks.append(("list", lines))
        elif tag == "li":  # an item outside any list element
            self._flush()
            lines = self._item_lines(element, self._orphan_marker(element), depth)
            if lines:
                self._blocks.append(("list", lines))
        elif tag == "table":
            self._flush()
            self._table(element, depth)
        elif tag == "pre":
            self._flush()
            self._preformatted += 1
            self._children(element, depth)
            self._preformatted -= 1
            self._flush()
        elif tag in BLOCK_TAGS:
            self._flush()
            sectioning = tag in SECTIONING_TAGS
            self._sectioning += sectioning
            self._children(element, depth)
            self._sectioning -= sectioning
            self._flush()
        else:  # inline: emphasis, spans, abbreviations... only their text counts
            self._children(element, depth)

    def _children(self, element, depth: int) -> None:
        if element.text:
            self._add_text(element.text)
        for child in element:
            self._element(child, depth + 1)
            if child.tail:
                self._add_text(child.tail)

    def _add_text(self, text: str) -> None:
        text = clean_chars(text)
        if self._in_link:
            text = text.replace("[", "\\[").replace("]", "\\]")
        if self._preformatted:
            text = text.replace("\n", BR)
        self._run.append(text)

    def _is_dropped(self, element, tag: str) -> bool:
        if tag in ALWAYS_DROPPED_TAGS:
            return True
        get = element.get
        hidden = get("hidden")
        if hidden is not None and hidden.strip().lower() != "until-found":
            return True  # hidden="until-found" is collapsed content the page lets you find
        aria_hidden = get("aria-hidden")
        if aria_hidden is not None and aria_hidden.strip().lower() == "true":
            return True
        style = get("style")
        if style and _HIDDEN_STYLE.search(style):
            return True
        if tag == "dialog" and get("open") is None:
            return True  # a closed dialog is not displayed
        return self._drop_chrome and self._is_chrome(element, tag)

    def _is_chrome(self, element, tag: str) -> bool:
        if tag in CHROME_TAGS or (tag in LANDMARK_TAGS and not self._sectioning):
            return True
        get = element.get
        role = (get("role") or "").strip().lower()
        if role in CHROME_ROLES:
            return True
        if tag in BANNER_TAGS:
            names = " ".join(filter(None, (get("id"), get("class"))))
            if names and COOKIE_BANNER.search(names):
                return True
        label = get("aria-label")
        return bool(label and role in ("dialog", "alertdialog", "region")
                    and "cookie" in label.lower())

    # -- blocks ------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Close the current run of inline text into a text block."""
        if not self._run:
            return
        lines = [collapse(part) for part in "".join(self._run).split(BR)]
        self._run.clear()
        kept: list[str] = []
        for line in lines:  # at most one empty line in a row (from <br><br>), none at the ends
            if line or (kept and kept[-1]):
                kept.append(line)
        while kept and not kept[-1]:
            kept.pop()
        if kept:
            self._blocks.append(("text", kept))

    def _sub_blocks(self, element, depth: int, *, with_element: bool = False,
                    in_link: bool = False) -> list:
        """The blocks of an element's content (or of the element itself), rendered on their
        own. Every element is rendered once: callers reuse these blocks rather than render
        again, or nested links and tables would cost time exponential in their depth."""
        sub = _Renderer(self._links, self._drop_chrome)
        sub._sectioning = self._sectioning
        sub._preformatted = self._preformatted
        sub._in_link = self._in_link or in_link
        # One more level of depth for the two extra stack frames a sub-rendering costs: the
        # depth cap then bounds the Python stack too.
        if with_element:
            sub._element(element, depth + 1)
        else:
            sub._children(element, depth + 1)
        sub._flush()
        return sub._blocks

    def _inline_text(self, element, depth: int) -> str:
        """An element's content as one line (for headings, link texts, table cells)."""
        return _one_line(self._sub_blocks(element, depth))

    def _link(self, element, depth: int) -> None:
        target = self._links.target(element.get("href"))
        if target is None:
            self._children(element, depth)  # plain text: anchors, javascript:, no href...
            return
        blocks = self._sub_blocks(element, depth, in_link=True)
        if len(blocks) != 1 or blocks[0][0] != "text":
            # A "link" wrapping headings or lists (or a whole page, when an <a> was never
            # closed): keep the structure, drop the link.
            self._flush()
            self._blocks.extend(blocks)
            return
        text = " ".join(line for line in blocks[0][1] if line)
        if not text:
            return
        raw = element.text_content()
        lead = " " if raw[:1].isspace() else ""
        trail = " " if raw[-1:].isspace() else ""
        shown = strip_tracking(text, self._links.params)
        if same_target(shown, target):
            self._run.append(lead + shown + trail)
        else:
            self._run.append(f"{lead}[{text}]({target}{_title(element)}){trail}")

    def _image(self, element) -> None:
        src = image_source(element.get("src"), self._links.params)
        if src:
            # brackets escaped so that an alt text cannot close the image and forge a link
            alt = collapse(clean_chars(element.get("alt") or "")).replace("[", "\\[").replace("]", "\\]")
            self._run.append(f"![{alt}]({src}{_title(element)})")

    def _list_lines(self, element, depth: int) -> list[str]:
        ordered = element.tag == "ol"
        items = [child for child in element if child.tag == "li"]
        reverse = ordered and element.get("reversed") is not None
        start = element.get("start")
        number = int(start) if start and _INTEGER.match(start) else (len(items) if reverse else 1)
        step = -1 if reverse else 1
        lines: list[str] = []
        for child in element:
            if not isinstance(child.tag, str) or self._is_dropped(child, child.tag):
                continue
            if child.tag == "li":
                value = child.get("value")
                if ordered and value and _INTEGER.match(value):
                    number = int(value)
                lines.extend(self._item_lines(child, f"{number}. " if ordered else "- ", depth + 1))
                number += step
            else:  # stray content inside the list (wrappers, text in a <div>...)
                for _, block_lines in self._sub_blocks(child, depth + 1, with_element=True):
                    lines.extend(line for line in block_lines if line)
        return lines

    def _item_lines(self, item, marker: str, depth: int) -> list[str]:
        """A list item: marker on its first line, the rest (nested lists included) indented."""
        lines: list[str] = []
        has_text = False
        for kind, block_lines in self._sub_blocks(item, depth):
            for line in block_lines:
                if not line:
                    continue
                if kind == "list":
                    lines.append("  " + line)
                elif not has_text:
                    lines.append(marker + line)
                    has_text = True
                else:
                    lines.append("  " + (escape_line_start(line) if kind == "text" else line))
        return lines

    def _orphan_marker(self, item) -> str:
        """The marker of an item outside any list element (e.g. wrapped in a <div> inside an
        <ol>): numbered by its place among its sibling items when the nearest list is an
        <ol>, a bullet otherwise."""
        parent = item.getparent()
        if parent is None:
            return "- "
        markers = self._orphan_markers.get(parent)
        if markers is None:
            nearest_list = next((a.tag for a in item.iterancestors() if a.tag in LIST_TAGS), None)
            siblings = [child for child in parent if child.tag == "li"]
            markers = self._orphan_markers[parent] = {
                li: f"{n}. " if nearest_list == "ol" else "- " for n, li in enumerate(siblings, 1)}
        return markers[item]

    def _table(self, table, depth: int) -> None:
        """A data table: one line per row, cells joined by " | ". A table that lays the page
        out (one cell per row, or headings or tables in its cells): its cells' blocks."""
        parts = []  # in document order: ("blocks", blocks) or ("row", [blocks of each cell])
        for child in table:
            if not isinstance(child.tag, str) or self._is_dropped(child, child.tag):
                continue
            if child.tag in ("thead", "tbody", "tfoot"):
                rows = [row for row in child if isinstance(row.tag, str)]
            else:
                rows = [child]
            for row in rows:
                if self._is_dropped(row, row.tag):
                    continue
                if row.tag == "tr":
                    parts.append(("row", [self._sub_blocks(cell, depth + 2, with_element=cell.tag not in ("td", "th"))
                                          for cell in row if isinstance(cell.tag, str)
                                          and not self._is_dropped(cell, cell.tag)]))
                else:  # caption, or stray content
                    parts.append(("blocks", self._sub_blocks(row, depth + 1, with_element=row.tag != "caption")))
        cells = [cell for kind, content in parts if kind == "row" for cell in content]
        layout = (all(sum(1 for cell in content if _one_line(cell)) <= 1
                      for kind, content in parts if kind == "row")
                  or any(kind in ("heading", "table") for cell in cells for kind, _ in cell))
        if layout:
            for kind, content in parts:
                for blocks in (content if kind == "row" else [content]):
                    self._blocks.extend(blocks)
            return
        lines = []
        for kind, content in parts:
            if kind == "row":
                line = " | ".join(text for text in map(_one_line, content) if text)
            else:
                line = _one_line(content)
            if line:
                lines.append(escape_line_start(line))
        if lines:
            self._blocks.append(("table", lines))


def _heading_lines(level: int, text: str) -> list[str]:
    """A heading as the engine writes it: underlined for levels 1 (``===``) and 2 (``---``),
    as long as the text in UTF-16 units (JavaScript's length); ``###`` and deeper otherwise."""
    if level > 2:
        return ["#" * level + " " + text]
    return [text, ("=" if level == 1 else "-") * (len(text.encode("utf-16-le")) // 2)]


def _title(element) -> str:
    """A link's or image's ``title`` as Markdown writes it after the target: ` "title"`."""
    title = collapse(clean_chars(element.get("title") or ""))
    return f' "{title.replace(chr(34), chr(92) + chr(34))}"' if title else ""


def _one_line(blocks) -> str:
    """Blocks as one line: list items become "a; b", headings lose their marks."""
    parts = []
    for kind, lines in blocks:
        if kind == "list":
            parts.append("; ".join(_LIST_MARKER.sub("", line) for line in lines if line))
        elif kind == "heading":
            parts.append(lines[0].lstrip("#").strip())
        else:
            parts.extend(lines)
    return " ".join(part for part in parts if part)
