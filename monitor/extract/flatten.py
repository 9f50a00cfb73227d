"""Markup nested deeper than libxml2 allows, flattened so that no text is lost.

libxml2's HTML parser stops at 256 levels of nesting ("Excessive depth in document"): every
element and every word after that point is dropped, including the text *outside* the deep
part. `flatten_deep_markup` rewrites such markup with the tags below `MAX_NESTING` levels
left out: their text stays, in order, inside the deepest element kept. It runs only on
pages libxml2 has refused (see `dom.parse_html`), so its cost (Python's own tokenizer,
~1 s for a 1 MB page) is never paid by ordinary pages.

>>> flatten_deep_markup("<div>" * 3 + "deep" + "</div>" * 3 + "<p>after</p>", max_nesting=2)
'<div><div>deep</div></div><p>after</p>'
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Below libxml2's 256 (with room for the html/body it adds) and the depth the recursive
# walks of `dom` and `markdown` follow.
MAX_NESTING = 200

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements an opening tag of the same name closes (as HTML parsers do), so that a page of
# unclosed paragraphs or list items does not count as deep.
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())


class _Flattener(HTMLParser):
    def __init__(self, max_nesting: int):
        super().__init__(convert_charrefs=True)
        self.max_nesting = max_nesting
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []   # (tag, written) for each open element

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.out.append(self.get_starttag_text())
            return
        if tag in _SELF_CLOSING_SIBLINGS and self.open and self.open[-1][0] == tag:
            self.handle_endtag(tag)
        written = len(self.open) < self.max_nesting
        if written:
            self.out.append(self.get_starttag_text())
        self.open.append((tag, written))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                written = self.open[index][1]
                del self.open[index:]
                if written:
                    self.out.append(f"</{tag}>")
                return
        # a stray end tag: libxml2 ignores it too

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def flatten_deep_markup(markup: str, *, max_nesting: int = MAX_NESTING) -> str:
    flattener = _Flattener(max_nesting)
    flattener.feed(markup)
    flattener.close()
    return "".join(flattener.out)
