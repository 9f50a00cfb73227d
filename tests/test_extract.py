"""Extraction: real-looking pages in, stable Markdown-like text out, byte for byte.

Golden files live in ``tests/golden/extract``: ``<case>.html`` (the page as fetched),
``<case>.json`` (its page declaration, Open Terms Archive format, ``fetch`` doubling as the
page URL) and ``<case>.md`` (the expected text). ``TERMSWATCH_REGEN_GOLDEN=1`` rewrites the
``.md`` files instead of comparing; review the diff before committing it.
"""

from __future__ import annotations

import doctest
import importlib
import json
import logging
import os
import random
import re
from pathlib import Path

import lxml.html
import pytest

from monitor.declarations import Filter, PageDeclaration, load_catalogue, parse_service
from monitor.extract import (DEFAULT_MAX_BYTES, TRACKING_PARAMS, ExtractionError, Page,
                             extract_document, extract_page)
from monitor.extract.dom import PageTree
from monitor.extract.filters import FILTERS, apply_filters

GOLDEN = Path(__file__).parent / "golden" / "extract"
CASES = sorted(path.stem for path in GOLDEN.glob("*.html"))


def declaration_of(case: str) -> PageDeclaration:
    body = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    service = parse_service({"name": case, "terms": {"Terms of Service": body}}, service_id=case)
    return service.documents["Terms of Service"].pages[0]


def extract_case(case: str, body: bytes | None = None) -> str:
    declaration = declaration_of(case)
    page = Page(body if body is not None else (GOLDEN / f"{case}.html").read_bytes(),
                declaration.fetch, "text/html")
    return extract_page(page, declaration)


def decl(**fields) -> PageDeclaration:
    return PageDeclaration(fetch="https://example.com/terms", **fields)


def extract_html(html: str | bytes, content_type: str | None = "text/html", **fields) -> str:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return extract_page(Page(body, "https://example.com/terms", content_type), decl(**fields))


# -- golden files ------------------------------------------------------------------------------

def test_there_are_golden_cases():
    assert len(CASES) >= 9


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    text = extract_case(case)
    expected = GOLDEN / f"{case}.md"
    if os.environ.get("TERMSWATCH_REGEN_GOLDEN") == "1":
        expected.write_bytes(text.encode("utf-8"))
        return
    assert text == expected.read_bytes().decode("utf-8")


# -- the contract with the capture pipeline --------------------------------------------------

def test_public_api():
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    for name in ("utm_*", "fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "_gl"):
        assert name in TRACKING_PARAMS
    page = Page(b"<p>x</p>", "https://example.com/")
    assert page.content_type is None
    with pytest.raises(AttributeError):
        page.url = "https://elsewhere.test/"  # frozen


def test_document_joins_its_pages_with_the_engines_separator():
    service = parse_service({"name": "T", "terms": {"Terms of Service": {"combine": [
        {"fetch": "https://t.test/tos", "select": "main"},
        {"fetch": "https://t.test/faq", "select": "#faq"}]}}}, service_id="T")
    document = service.documents["Terms of Service"]
    pages = [Page(b"<main><h1>Terms</h1><p>Be nice.</p></main>", "https://t.test/tos"),
             Page(b"<div id=faq><p>Q: Why?</p></div><p>not this</p>", "https://t.test/faq")]
    assert extract_document(pages, document) == "Terms\n=====\n\nBe nice.\n\n- - -\n\nQ: Why?"
    with pytest.raises(ValueError):
        extract_document(pages[:1], document)


def test_output_is_normalised():
    text = extract_case("structure")
    assert text == text.strip() and "\n\n\n" not in text and not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not re.search("[\u00a0\u2009\u3000\u200b\u00ad\ufeff\x00-\x08]", text)
    assert "Café" in text and "Cafe\u0301" not in text  # NFC


# -- determinism -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_same_input_same_bytes(case):
    assert extract_case(case) == extract_case(case)


def _reshuffled(html: bytes, seed: int) -> bytes:
    """The same page with attributes in another order, other quoting and indentation."""
    root = lxml.html.document_fromstring(html)
    rng = random.Random(seed)
    for element in root.iter():
        if isinstance(element.tag, str) and len(element.attrib) > 1:
            items = list(element.attrib.items())
            rng.shuffle(items)
            element.attrib.clear()
            for key, value in items:
                element.set(key, value)
    return lxml.html.tostring(root, pretty_print=True, encoding="utf-8", doctype="<!DOCTYPE html>")


@pytest.mark.parametrize("case", ["privacy_policy", "whole_page_no_select", "select_list"])
def test_markup_shuffling_does_not_change_the_text(case):
    original = (GOLDEN / f"{case}.html").read_bytes()
    shuffled = _reshuffled(original, seed=7)
    assert shuffled != original
    assert extract_case(case, shuffled) == extract_case(case)


def test_whitespace_between_blocks_does_not_matter():
    compact = "<main><h2>A</h2><ul><li>one</li><li>two</li></ul><p>End.</p></main>"
    airy = "<main>\n  <h2>\n    A\n  </h2>\n\n  <ul>\n    <li>one</li>\n\t<li>two</li>\n  </ul>\n  <p>\n End.</p>\n</main>\n"
    assert extract_html(compact, select=("main",)) == extract_html(airy, select=("main",)) == \
        "A\n-\n\n- one\n- two\n\nEnd."


def test_inline_markup_changes_do_not_change_the_text():
    plain = extract_html("<p>We may share your data.</p>")
    styled = extract_html('<p>We <strong class="x">may</strong> <span style="color:red">share</span> '
                          '<em>your</em> <font face="Arial">data</font>.</p>')
    assert plain == styled == "We may share your data."


# -- links and tracking ---------------------------------------------------------------------

def test_tracking_parameters_never_reach_the_text():
    text = extract_case("privacy_policy")
    for name in ("utm_", "fbclid", "gclid", "_ga=", "_gl="):
        assert name not in text
    assert "[services](https://www.examplr.com/services?lang=en)" in text
    assert "[Terms of Service](https://www.examplr.com/terms?section=2#liability)" in text


def test_caller_and_declaration_tracking_parameters_are_stripped():
    html = ('<p><a href="/a?ref=x&keep=1&session_token=9">A</a> '
            '<a href="/b?h=AT0&locale2=fr&id=2">B</a></p>')
    declaration = decl(filters=(Filter("removeQueryParams", ("h", "locale2")),))
    page = Page(html.encode(), "https://example.com/terms", "text/html")
    text = extract_page(page, declaration, tracking_params=["ref", "session_*"])
    assert text == "[A](https://example.com/a?keep=1) [B](https://example.com/b?id=2)"


def test_dangerous_links_become_plain_text():
    text = extract_case("hostile_markup")
    assert "javascript" not in text.lower() and "data:" not in text and "vbscript" not in text
    assert "onerror" not in text and "alert(1)" not in text and "steal" not in text
    assert "Click here is plain text" in text
    # The one "<script" left is text the page shows (it was escaped in the HTML).
    assert text.count("<script") == 1 and "Encoded markup <script>alert(5)</script> stays text" in text


def test_links_resolve_against_base_href():
    html = '<head><base href="https://cdn.example.org/docs/"></head><p><a href="terms.html">T</a></p>'
    assert extract_html(html) == "[T](https://cdn.example.org/docs/terms.html)"


def test_anchor_and_self_links_are_kept_as_the_engine_keeps_them():
    html = ('<p><a href="#s1">Section 1</a>, <a href="https://example.com/terms#s2">Section 2</a>, '
            '<a href="https://example.com/other#s3">Other</a>, <a href="">Empty</a></p>')
    assert extract_html(html) == ("[Section 1](#s1), [Section 2](https://example.com/terms#s2), "
                                  "[Other](https://example.com/other#s3), Empty")


# -- encodings -------------------------------------------------------------------------------

def test_header_charset_decodes_windows_1252():
    body = "<p>L’été — «\u00a0déjà\u00a0» €</p>".encode("cp1252")
    assert extract_html(body, "text/html; charset=ISO-8859-1") == "L’été — « déjà » €"


def test_undeclared_windows_1252_is_guessed():
    body = ("<html><body><p>Les données personnelles collectées sont conservées trois ans. "
            "Vous disposez d’un droit d’accès, de rectification et d’effacement. "
            "Conformément au règlement général, vous pouvez déposer une réclamation.</p>"
            "</body></html>").encode("cp1252")
    assert "données" in extract_html(body, None)
    assert "d’accès" in extract_html(body, None)


def test_the_header_charset_wins_over_the_page():
    body = '<meta charset="iso-8859-1"><p>Zoë</p>'.encode("utf-8")
    assert extract_html(body, "text/html; charset=utf-8") == "Zoë"
    assert extract_html(body, "text/html") == "ZoÃ«"  # the page's own (wrong) declaration


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8"])
def test_byte_order_marks(codec):
    body = "\ufeff<p>Ünïcödé 利用規約</p>".encode(codec)
    assert extract_html(body, "text/html; charset=iso-8859-1") == "Ünïcödé 利用規約"


def test_plain_text_is_normalised():
    body = "Terms\r\n\r\n\r\n  1.\tWe   may\u00a0change\u200b them.  \r\nEnd\u00ad.".encode("utf-8")
    assert extract_html(body, "text/plain; charset=utf-8") == "Terms\n\n1. We may change them.\nEnd."


# -- what counts as text -----------------------------------------------------------------------

def test_chrome_is_dropped_only_without_select():
    html = ("<header>Site header</header><nav>Menu</nav><main><article><header><h1>Title</h1></header>"
            "<p>Body.</p><footer>Article footnote.</footer></article></main><aside>Ad</aside>"
            "<div class='cookie-banner'>Cookies!</div><footer>© Site</footer>")
    assert extract_html(html) == "Title\n=====\n\nBody.\n\nArticle footnote."
    assert extract_html(html, select=("body",)) == (
        "Site header\n\nMenu\n\nTitle\n=====\n\nBody.\n\nArticle footnote.\n\nAd\n\nCookies!\n\n© Site")


def test_hidden_content_is_dropped_but_a_selected_hidden_container_is_not():
    html = ('<div id="app" style="display:none"><p>Terms.</p><p hidden>Draft.</p>'
            '<p aria-hidden="true">Decoration.</p><p style="visibility: hidden">Ghost.</p></div>')
    assert extract_html(html, select=("#app",)) == "Terms."


def test_lists_keep_html_numbering_and_nesting():
    html = ('<ol start="5"><li>five<ol type="a"><li>inner</li></ol></li><li value="9">nine</li>'
            '<li>ten</li></ol><ol reversed><li>b</li><li>a</li></ol>')
    assert extract_html(html) == "5. five\n  1. inner\n9. nine\n10. ten\n\n2. b\n1. a"


# -- declarations and filters ------------------------------------------------------------------

def _all_page_declarations(ota_corpus: Path):
    catalogue = load_catalogue(ota_corpus / "declarations")
    assert not catalogue.errors
    for service in catalogue.services.values():
        documents = list(service.documents.values())
        documents += [old for olds in service.history.values() for old in olds]
        for document in documents:
            yield from document.pages


def test_every_real_declaration_filter_is_accepted(ota_corpus, caplog):
    page_html = (GOLDEN / "meta_filters.html").read_text(encoding="utf-8")
    names = set()
    for page in _all_page_declarations(ota_corpus):
        tree = PageTree(page_html, page.fetch)
        apply_filters(tree, page.filters)  # must not raise
        names.update(f.name for f in page.filters)
    assert {"cleanUrls", "removeQueryParams", "removeEmptyAnchorsLinks"} <= names & set(FILTERS)


def test_every_real_declaration_runs_on_a_page(ota_corpus):
    body = (GOLDEN / "privacy_policy.html").read_bytes()
    for page in _all_page_declarations(ota_corpus):
        try:
            extract_page(Page(body, page.fetch, "text/html"), page)
        except ExtractionError as error:  # these selectors are for other pages
            assert error.kind in ("selector_no_match", "empty_content")


def test_an_unknown_filter_is_logged_once_and_skipped(caplog):
    declaration = decl(filters=(Filter("someServiceSpecificFilterForTests"),))
    with caplog.at_level(logging.WARNING, logger="monitor.extract.filters"):
        for _ in range(3):
            assert extract_page(Page(b"<p>Text</p>", "https://example.com/terms"), declaration) == "Text"
    warnings = [r for r in caplog.records if "someServiceSpecificFilterForTests" in r.getMessage()]
    assert len(warnings) == 1


def test_extraction_never_runs_scripts_it_reads_the_dom_it_is_given():
    """Rendering is the capture's job (a browser, for executeClientScripts pages: see
    tests/test_capture_scripts.py); extraction reads the HTML as it is, scripts dropped."""
    declaration = decl(select=("main",), execute_client_scripts=True)
    page = Page(b"<main><p>Static text.</p><script>document.write('Dynamic')</script></main>",
                "https://example.com/scripts-test")
    assert extract_page(page, declaration) == "Static text."


def test_filters_do_what_their_docstrings_say():
    """The Microsoft filters by the names of contrib-declarations' Skype.filters.js, and
    Facebook's cleanUrls: DOM operations with the engine's semantics."""
    html = ('<main><div id="navigationHeader">Jump to</div><p>Visible'
            '<span class="displayNone"> hidden copy</span>.</p><span class="FileName">14a_Bing</span>'
            '<p><a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fex.org%2Fdoc&amp;h=AT0x">doc</a> '
            '<a href="#">top</a></p></main>')
    filters = tuple(Filter(name) for name in ("removeInvisibleText", "removeNavigationHeaders",
                                              "removeModuleIDs", "cleanUrls"))
    assert extract_html(html, select=("main",)) == (
        "Jump to\n\nVisible hidden copy.\n\n14a_Bing\n\n"
        "[doc](https://l.facebook.com/l.php?u=https%3A%2F%2Fex.org%2Fdoc&h=AT0x) [top](#)")
    assert extract_html(html, select=("main",), filters=filters) == "Visible.\n\n[doc](https://ex.org/doc) top"


# -- module examples ---------------------------------------------------------------------------

@pytest.mark.parametrize("module", ["monitor.extract", "monitor.extract.css", "monitor.extract.decode",
                                    "monitor.extract.dom", "monitor.extract.errors",
                                    "monitor.extract.markdown", "monitor.extract.text",
                                    "monitor.extract.urls", "monitor.extract.botwall",
                                    "monitor.extract.flatten", "monitor.extract.budget"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
