"""Extraction: one fetched page (raw, untrusted bytes) -> the normalised text of a version.

Same input, byte-identical output. The steps, each in its own module:

1. `decode`: refuse bodies over the byte cap, tell HTML from PDF from plain text from
   things we refuse, find the charset and decode;
2. `dom`: parse the HTML with lxml; `filters` run the declaration's named filters, then
   clean Cloudflare email-protection links as the engine does; then the declaration's
   ``remove`` and ``select`` (CSS with soupsieve semantics, fast for common selectors via
   `css`, or Open Terms Archive ranges);
3. `markdown`: the selected elements (or the body minus navigation, banners, footers and
   cookie banners) become Markdown-like text; hidden and non-text elements never count;
4. `text`: Unicode and whitespace normalisation; `urls`: link targets as the engine writes
   them, minus tracking parameters (in link and image targets only, never in the text).

Formats are chosen by media type (`formats`: one `DocumentFormat` subclass per kind; HTML, PDF
and plain text are defined below, a new kind is one more subclass). `pdf` reads PDFs with pypdf; `botwall` recognises captcha and login pages; `flatten` rescues
markup nested deeper than libxml2 parses. Every failure is an `ExtractionError` whose
``kind`` is one of `errors.KINDS`. `budget` runs extraction in worker processes with a time
limit and a cap on the text's length (what the crawler and ``reextract`` use).

>>> from monitor.declarations import PageDeclaration
>>> page = Page(b"<nav>Menu</nav><main><h1>Terms</h1><p>Be <b>nice</b>.</p></main>", "https://ex.com/t")
>>> extract_page(page, PageDeclaration(fetch="https://ex.com/t", select=("main",)))
'Terms\\n=====\\n\\nBe nice.'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..declarations import DocumentDeclaration, PageDeclaration
from .botwall import MAX_BOT_WALL_CHARS, bot_wall_evidence
from .decode import HTML_TYPES, PDF_TYPES, TEXT_TYPES, content_kind, decode_body
from .dom import PageTree, describe_selectors, outer_html, visible_page_text, visible_text
from .errors import KINDS, ExtractionError
from .filters import FILTERS, apply_filters, clean_email_protected_links, page_filter
from .formats import DocumentFormat, format_for
from .pdf import pdf_text
from .markdown import LinkContext, render
from .text import finish, normalise_plain_text
from .urls import TRACKING_PARAMS, TrackingParams, strip_tracking_in_bare_urls

__all__ = ["Page", "ExtractionError", "extract_page", "extract_document", "DEFAULT_MAX_BYTES",
           "TRACKING_PARAMS", "KINDS", "FILTERS", "page_filter", "SOURCE_DOCUMENTS_SEPARATOR"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Between the texts of a combined document's pages: the engine's separator (a Markdown rule).
SOURCE_DOCUMENTS_SEPARATOR = "\n\n- - -\n\n"

@dataclass(frozen=True)
class Page:
    """One fetched page."""

    body: bytes                      # raw bytes as fetched
    url: str                         # final URL (after redirects), to resolve relative links
    content_type: str | None = None  # the HTTP Content-Type header, if any


def extract_page(page: Page, declaration: PageDeclaration, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 tracking_params: Iterable[str] = (), max_chars: int | None = None) -> str:
    """The normalised text of one page, or an `ExtractionError`.

    ``max_bytes`` caps the body size (checked before anything else); ``tracking_params`` are
    query parameter names to strip from links on top of `TRACKING_PARAMS` (a trailing ``*``
    makes a prefix); ``max_chars`` caps the text's length (``too_large``). The time budget
    is `budget.ExtractionWorkers`'s.
    """
    body = page.body
    if len(body) > max_bytes:
        raise ExtractionError("too_large", f"body of {len(body):,} bytes is over the cap of "
                                           f"{max_bytes:,} bytes at {page.url}")
    if not body.strip():
        raise ExtractionError("empty_content", f"empty body ({len(body)} bytes) at {page.url}")
    kind = content_kind(body, page.content_type, page.url)
    extra_params = list(tracking_params)
    text = format_for(kind).text(page, declaration, extra_params, max_chars)
    # the contract: tracking parameters never reach a version's text, bare URLs included
    text = finish(strip_tracking_in_bare_urls(text, TrackingParams.build(extra_params)))
    if not text:
        raise ExtractionError("empty_content", f"no text in the {kind} body at {page.url}")
    _check_length(text, max_chars, page.url)
    return text


def _check_length(text: str, max_chars: int | None, url: str) -> None:
    if max_chars is not None and len(text) > max_chars:
        raise ExtractionError("too_large", f"text of {len(text):,} characters is over the cap of "
                                           f"{max_chars:,} at {url}")


def extract_document(pages: Sequence[Page], declaration: DocumentDeclaration, **options) -> str:
    """The text of a document: one `Page` per ``declaration.pages`` entry, in the same order,
    their texts joined by `SOURCE_DOCUMENTS_SEPARATOR` as the engine joins them. Options are
    those of `extract_page`."""
    if len(pages) != len(declaration.pages):
        raise ValueError(f"{declaration.service_id} {declaration.terms_type}: got {len(pages)} "
                         f"page(s) for {len(declaration.pages)} declared")
    text = SOURCE_DOCUMENTS_SEPARATOR.join(extract_page(page, page_declaration, **options)
                       for page, page_declaration in zip(pages, declaration.pages))
    _check_length(text, options.get("max_chars"), declaration.url)
    return text


class HtmlFormat(DocumentFormat):
    kind, media_types = "html", HTML_TYPES

    def text(self, page, declaration, extra_params, max_chars):
        return _extract_html(page, declaration, extra_params)


class PdfFormat(DocumentFormat):
    kind, media_types = "pdf", PDF_TYPES

    def text(self, page, declaration, extra_params, max_chars):
        return pdf_text(page.body, page.url, max_chars)


class PlainTextFormat(DocumentFormat):
    kind, media_types = "text", TEXT_TYPES

    def text(self, page, declaration, extra_params, max_chars):
        return normalise_plain_text(decode_body(page.body, page.content_type, page.url, html=False))


def _extract_html(page: Page, declaration: PageDeclaration, extra_params: list[str]) -> str:
    """``extra_params`` gains the parameters the declaration's filters ask to strip."""
    markup = decode_body(page.body, page.content_type, page.url, html=True)
    tree = PageTree(markup, page.url)
    apply_filters(tree, declaration.filters)
    clean_email_protected_links(tree)
    extra_params.extend(tree.extra_tracking_params)
    links = LinkContext(page.url, tree.base_url, TrackingParams.build(extra_params))

    def bot_wall(visible: str, html: str, denials: bool = True) -> ExtractionError | None:
        evidence = bot_wall_evidence(visible, html, denials=denials)
        return evidence and ExtractionError("bot_wall", f"bot wall at {page.url}: the page {evidence}")

    def page_is_bot_wall() -> ExtractionError | None:
        return bot_wall(visible_page_text(tree.root), markup)

    try:
        if declaration.remove:
            tree.remove(declaration.remove)
        if declaration.select:
            selected = tree.select(declaration.select)
            text = render(selected, links, drop_chrome=False)
        else:
            text = render([tree.body], links, drop_chrome=True)
    except ExtractionError as error:
        if error.kind == "selector_no_match":
            raise page_is_bot_wall() or error
        raise
    text = finish(text)
    wall = None
    if declaration.select and len(text) <= MAX_BOT_WALL_CHARS:
        # a short selection is checked on its own: a challenge may sit inside the declared
        # element (a captcha in <main>), whatever the rest of the page holds. A login form
        # there becomes a version that suspect detection holds back.
        wall = bot_wall(visible_text(selected), "".join(map(outer_html, selected)), denials=False)
    if not wall and (not text or (not declaration.select and len(text) <= MAX_BOT_WALL_CHARS)):
        wall = page_is_bot_wall()
    if wall:
        raise wall
    if not text:
        what = f"select {describe_selectors(declaration.select)}" if declaration.select else "the page body"
        raise ExtractionError("empty_content", f"{what} has no text at {page.url}")
    return text
