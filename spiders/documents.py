"""The documents spider: fetches every page of every target document and yields one item each.

It touches no storage: `monitor.capture` hands it `CaptureTarget`s (with the validators of
their latest snapshots, for conditional requests) and the pipelines record what it yields.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, AsyncIterator

import scrapy
from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError,
                               DownloadConnectionRefusedError, DownloadTimeoutError,
                               IgnoreRequest, ResponseDataLossError)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from monitor.clock import now_iso

from monitor.network import ALLOW_PRIVATE_ENV

from .boundary import BlockedAddress, UnsupportedRedirect
from .items import CaptureTarget, DocumentFailed, DocumentFetched, FetchedPage


class DocumentsSpider(scrapy.Spider):
    name = "documents"

    def __init__(self, targets: list[CaptureTarget] = (), **kwargs: Any):
        super().__init__(**kwargs)
        self.targets = list(targets)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for target in self.targets:
            yield self.page_request(target, 0, [])

    def page_request(self, target: CaptureTarget, index: int, pages: list[FetchedPage]) -> scrapy.Request:
        page = target.declaration.pages[index]
        headers = {}
        meta: dict[str, Any] = {"handle_httpstatus_list": [304]}
        if page.execute_client_scripts and self.settings.getbool("TERMSWATCH_RENDER"):
            # Rendered in the browser; a browser's 304 would leave no DOM to take, so no validators.
            meta.update(render_meta(page, self.settings.getfloat("TERMSWATCH_BROWSER_WAIT")))
        else:
            validators = target.validators[index] if index < len(target.validators) else {}
            if validators.get("ETag"):
                headers["If-None-Match"] = validators["ETag"]
            if validators.get("Last-Modified"):
                headers["If-Modified-Since"] = validators["Last-Modified"]
        return scrapy.Request(
            page.fetch, headers=headers, callback=self.parse_page, errback=self.page_failed,
            # the same URL can serve several documents (a FAQ split by range selectors)
            dont_filter=True,
            meta=meta,
            cb_kwargs={"target": target, "index": index, "pages": pages},
        )

    def parse_page(self, response: scrapy.http.Response, target: CaptureTarget, index: int,
                   pages: list[FetchedPage]):
        if response.status == 304 and "If-None-Match" not in response.request.headers \
                and "If-Modified-Since" not in response.request.headers:
            yield self.failure_item(target, "http_status", f"unexpected 304 Not Modified from {response.url}",
                                    response.url, 304)
            return
        fetched = FetchedPage(
            url=target.declaration.pages[index].fetch, final_url=response.url, status=response.status,
            headers=_headers(response), body=None if response.status == 304 else response.body,
            fetched_at=now_iso())
        pages = pages + [fetched]
        if index + 1 < len(target.declaration.pages):
            yield self.page_request(target, index + 1, pages)
        else:
            yield DocumentFetched(target=target, pages=pages, fetched_at=pages[0].fetched_at)

    def page_failed(self, failure: Failure):
        request = failure.request
        target = request.cb_kwargs["target"]
        kind, reason, status = describe_failure(failure, request.url)
        yield self.failure_item(target, kind, reason, request.url, status)

    @staticmethod
    def failure_item(target: CaptureTarget, kind: str, reason: str, url: str,
                     status: int | None = None) -> DocumentFailed:
        return DocumentFailed(target=target, kind=kind, reason=reason, url=url, at=now_iso(), status=status)


def render_meta(page, wait_seconds: float) -> dict:
    """Request meta that has scrapy-playwright render ``page`` and hand over its DOM once the
    declared selector is there (the scripts that fill the page have run)."""
    from scrapy_playwright.page import PageMethod

    methods = []
    ready = _ready_selector(page)
    if ready:
        methods.append(PageMethod("wait_for_selector", ready, state="attached", timeout=wait_seconds * 1000))
    return {"playwright": True, "playwright_page_methods": methods,
            "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": wait_seconds * 1000}}


def _ready_selector(page) -> str | None:
    """The CSS selector whose presence says the page is rendered: the declared `select`
    (a range's start), or None when nothing is selected (the whole page is the text)."""
    from monitor.declarations import RangeSelector

    parts = []
    for selector in page.select:
        if isinstance(selector, RangeSelector):
            selector = selector.start_before or selector.start_after
        if selector:
            parts.append(selector)
    return ", ".join(parts) or None


def describe_failure(failure: Failure, url: str) -> tuple[str, str, int | None]:
    """Turn a download failure into (kind, one-line reason, HTTP status)."""
    error = failure.value
    if isinstance(error, HttpError):
        status = error.response.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        if status in (401, 403, 429, 503) and _is_bot_wall(error.response):
            return "bot_wall", f"HTTP {status}: a bot wall or challenge page answered {url}", status
        return "http_status", f"HTTP {status} {phrase} at {url}".replace("  ", " "), status
    if isinstance(error, BlockedAddress):
        return ("blocked_address", f"refused to fetch {url}: {error} "
                f"(private networks are allowed only with {ALLOW_PRIVATE_ENV}=1)", None)
    if isinstance(error, UnsupportedRedirect):
        return "unsupported_redirect", f"refused to follow a redirect: {error}", None
    if isinstance(error, IgnoreRequest):
        message = str(error)
        if "redirect" in message:
            return "redirect_loop", f"too many redirects (a redirect loop?) from {url}", None
        if "robots.txt" in message:
            return "robots_forbidden", f"robots.txt forbids fetching {url}", None
        return "ignored", f"request ignored ({message}) for {url}", None
    if isinstance(error, (DownloadTimeoutError, twisted_errors.TimeoutError, twisted_errors.TCPTimedOutError)):
        return "timeout", f"no complete answer in time from {url}", None
    if isinstance(error, (DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError)):
        return "connection_refused", f"connection refused by {url}", None
    if isinstance(error, (CannotResolveHostError, twisted_errors.DNSLookupError)):
        return "dns", f"cannot resolve the host of {url}", None
    if isinstance(error, DownloadCancelledError):
        return "too_large", f"body of {url} exceeds the download size cap", None
    if isinstance(error, ResponseDataLossError):
        return "data_loss", f"the connection dropped before the whole body of {url} arrived", None
    first_line = (str(error) or type(error).__name__).splitlines()[0][:200]
    if type(error).__module__.startswith("playwright"):
        if type(error).__name__ == "TimeoutError" and "wait_for_selector" in str(error):
            return ("selector_no_match",
                    f"the rendered page at {url} never showed its selected content in time", None)
        if type(error).__name__ == "TimeoutError":
            return "timeout", f"the browser could not load {url} in time", None
        return "browser", f"the browser failed on {url}: {first_line}", None
    return "network", f"{type(error).__name__}: {first_line} ({url})", None


def _is_bot_wall(response: scrapy.http.Response) -> bool:
    """Does an error page read as a captcha / challenge / access-denied wall?"""
    from monitor.declarations import PageDeclaration
    from monitor.extract import ExtractionError, Page, extract_page

    from monitor.extract.decode import content_kind

    page = Page(body=response.body[:1_000_000], url=response.url,
                content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None)
    try:
        # Walls are web pages; a PDF error body is never read here, outside the extraction
        # budget (it could expand to millions of characters).
        if content_kind(page.body, page.content_type, page.url) == "pdf":
            return False
        extract_page(page, PageDeclaration(fetch=response.url))
    except ExtractionError as error:
        return error.kind == "bot_wall"
    return False


def _headers(response: scrapy.http.Response) -> dict:
    keep = ("Content-Type", "ETag", "Last-Modified", "Content-Length", "Date", "Content-Language")
    out = {}
    for name in keep:
        value = response.headers.get(name)
        if value is not None:
            out[name] = value.decode("latin-1")
    return out
