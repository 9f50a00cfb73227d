"""Selectors mean what they mean in BeautifulSoup (soupsieve); ranges what they mean in Open
Terms Archive (DOM Ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from monitor.declarations import PageDeclaration, RangeSelector, load_catalogue
from monitor.extract import ExtractionError, Page, extract_page
from monitor.extract.css import compile_fast
from monitor.extract.decode import decode_body
from monitor.extract.dom import PageTree
from monitor.paths import data_dir

GOLDEN = Path(__file__).parent / "golden" / "extract"

TRICKY_SELECTORS = [
    "*", "div", "DIV", "p", "main p", "body > *", "div > p", "h2 + p", "h2 ~ ul", "h2 ~ p + ul",
    "#content", "#main.content", ".legal-document", ".a.b", ".section-rich.wf-section",
    "[role=main]", "[role='navigation']", '[class="cookie-notice-container"]', "[class~=menu-item]",
    "[lang|=en]", "[href]", "a[href^='/']", "a[href^=https]", "a[href$='.pdf']", "a[href*=utm]",
    "[data-version]", "input[type=SEARCH]", "[HREF^=mailto]", "td[headers~=x]",
    "li:first-child", "li:last-child", "li:only-child", "p:first-of-type", "p:last-of-type",
    "h3:nth-of-type(2)", "li:nth-child(2)", "li:nth-child(2n+1)", "li:nth-child(odd)",
    "li:nth-child(-n+2)", "li:nth-last-child(1)", "tr:nth-child(even) > td", "div:nth-child(3)",
    "div:not(.x)", "p:not(:first-child)", "li:not(:nth-child(2)):not(:last-child)",
    ":is(h1, h2, h3)", ":where(ul, ol) > li", "h1, h2", "h2, h1", "p, li, p",
    "article header h1", "main > div > div p", "[role='main'] > div > div > div em",
    "hr+div", "div._-pj:nth-child(3)", "body div:first-child > p",
]
# Constructs outside the fast path: these must still work (through soupsieve).
SOUPSIEVE_ONLY = ["div:has(> p)", "p:-soup-contains('cookies')", ":root > body", "p:empty",
                  "li:nth-child(2 of .menu-item)", "a:link", "html|p", "p:lang(en)"]


def declaration_selectors(folder: Path | None = None) -> list[str]:
    """Every CSS selector (range ends included) of a declarations folder, by default the
    shipped catalogue, history files included."""
    found = set()
    catalogue = load_catalogue(folder or data_dir() / "services")
    for service in catalogue.services.values():
        documents = [*service.documents.values(), *(d for old in service.history.values() for d in old)]
        for document in documents:
            for page in document.pages:
                for selector in (*page.select, *page.remove):
                    if isinstance(selector, RangeSelector):
                        found.update(filter(None, (selector.start_before, selector.start_after,
                                                   selector.end_before, selector.end_after)))
                    else:
                        found.add(selector)
    return sorted(found)


def pages() -> dict[str, str]:
    out = {}
    for path in sorted(GOLDEN.glob("*.html")):
        out[path.stem] = decode_body(path.read_bytes(), "text/html", path.name, html=True)
    return out


PAGES = pages()


def _path(element) -> tuple:
    """Where an lxml element or a BeautifulSoup tag sits: child indices from the root."""
    steps = []
    if isinstance(element, etree._Element):
        while element.getparent() is not None:
            parent = element.getparent()
            steps.append([c for c in parent if isinstance(c.tag, str)].index(element))
            element = parent
    else:
        while element.parent is not None and element.parent.name != "[document]":
            parent = element.parent
            tags = [c for c in parent.children if c.name is not None]
            steps.append(next(i for i, tag in enumerate(tags) if tag is element))  # tags compare by value
            element = parent
    return tuple(reversed(steps))


@pytest.fixture(scope="module")
def real_selectors(ota_corpus) -> list[str]:
    return sorted(set(declaration_selectors()) | set(declaration_selectors(ota_corpus / "declarations")))


@pytest.mark.parametrize("name", PAGES)
def test_fast_path_and_soupsieve_agree(name, real_selectors):
    tree = PageTree(PAGES[name], "https://example.com/")
    for selector in TRICKY_SELECTORS + real_selectors:
        fast = compile_fast(selector)
        if fast is None:
            continue
        assert fast.select(tree.root) == tree.select_css_with_soupsieve(selector), selector


def test_the_fast_path_covers_the_declared_selectors(real_selectors):
    assert len(real_selectors) > 50
    assert all(compile_fast(selector) is not None for selector in real_selectors)
    assert sum(compile_fast(s) is not None for s in TRICKY_SELECTORS) == len(TRICKY_SELECTORS)
    assert all(compile_fast(selector) is None for selector in SOUPSIEVE_ONLY)


@pytest.mark.parametrize("name", PAGES)
def test_matches_are_those_of_beautifulsoup_itself(name):
    """The lxml tree (and its mirror) has the shape of BeautifulSoup(html, "lxml"): the same
    selectors pick the same places."""
    tree = PageTree(PAGES[name], "https://example.com/")
    soup = BeautifulSoup(PAGES[name], "lxml")
    for selector in TRICKY_SELECTORS + SOUPSIEVE_ONLY:
        ours = [_path(e) for e in tree.select_css(selector)]
        theirs = [_path(t) for t in soup.select(selector)]
        assert ours == theirs, selector


def test_template_contents_are_not_matched():
    tree = PageTree("<main><template><p>t</p></template><p>real</p></main>", "https://x.test/")
    assert [p.text for p in tree.select_css("p")] == ["real"]
    assert [p.text for p in tree.select_css_with_soupsieve("p")] == ["real"]


# -- select lists ----------------------------------------------------------------------------

def extract(html: str, **fields) -> str:
    return extract_page(Page(html.encode(), "https://x.test/terms", "text/html"),
                        PageDeclaration(fetch="https://x.test/terms", **fields))


def test_select_list_is_a_union_in_document_order_without_repeats():
    html = "<div id=a><p>A</p><div id=b><p>B</p></div></div><p id=c>C</p>"
    assert extract(html, select=("#c", "#b", "#a", "p")) == "A\n\nB\n\nC"


# -- ranges ----------------------------------------------------------------------------------

FAQ = ("<div id=faq><h3 id=q1>Q1</h3><p>A1</p><h3 id=q2>Q2</h3><p>A2</p>"
       "<h3 id=q3>Q3</h3><p>A3</p></div>")


@pytest.mark.parametrize("bounds, expected", [
    ({"start_before": "#q2", "end_before": "#q3"}, "### Q2\n\nA2"),
    ({"start_after": "#q2", "end_before": "#q3"}, "A2"),
    ({"start_before": "#q2", "end_after": "#q3"}, "### Q2\n\nA2\n\n### Q3"),
    ({"start_after": "#q1", "end_after": "#q3 + p"}, "A1\n\n### Q2\n\nA2\n\n### Q3\n\nA3"),
])
def test_range_bounds(bounds, expected):
    assert extract(FAQ, select=(RangeSelector(**bounds),)) == expected


def test_a_range_across_levels_keeps_the_shells_of_partly_covered_elements():
    html = ("<ol><li>one</li><li><span id=start>two</span> and more</li><li>three</li></ol>"
            "<p>after</p><p id=end>not this</p>")
    # The first item is outside the range; the second is cut after its start; the list shell
    # keeps the items numbered as lists (DOM Range.cloneContents).
    assert extract(html, select=(RangeSelector(start_after="#start", end_before="#end"),)) == (
        "1. and more\n2. three\n\nafter")


def test_a_range_ending_before_it_starts_selects_nothing():
    with pytest.raises(ExtractionError) as caught:
        extract(FAQ, select=(RangeSelector(start_before="#q3", end_before="#q1"),))
    assert caught.value.kind == "selector_no_match"


def test_remove_range_then_select():
    declaration = {"select": ("#faq",),
                   "remove": (RangeSelector(start_after="#q1", end_before="#q3"), "#q3 + p")}
    assert extract(FAQ, **declaration) == "### Q1\n\n### Q3"


def test_remove_range_across_levels():
    html = "<main><div><p>keep</p><p id=s>cut</p><p>cut</p></div><p>cut</p><p id=e>keep end</p></main>"
    assert extract(html, select=("main",), remove=(RangeSelector(start_before="#s", end_before="#e"),)) == (
        "keep\n\nkeep end")


def test_remove_applies_before_select():
    html = "<main><div class=ad>Ad</div><div>First real block</div><div>Second</div></main>"
    assert extract(html, select=("main > div:first-child",), remove=(".ad",)) == "First real block"
