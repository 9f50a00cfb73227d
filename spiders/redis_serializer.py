"""The JSON serializer of the workers' shared request queue (scrapy-redis ``SCHEDULER_SERIALIZER``).

scrapy-redis stores each scheduled request as ``serializer.dumps(request.to_dict(spider))`` and
rebuilds it with ``request_from_dict(serializer.loads(data), spider)``; its default serializer
is pickle, and ``request_from_dict`` imports whatever class a ``_class`` key names. Anything
read from Redis is untrusted (any machine that can write to it wrote it), so this module
stores plain JSON and `loads` accepts only the one request shape a capture makes: a GET of an
http(s) URL, with our two callbacks, our conditional headers, the meta keys Scrapy's retry
and redirect middlewares carry, and the capture job it belongs to. Anything else raises
`MalformedRequest` (its message names the field, never the value).

A request's ``cb_kwargs`` carry its capture job (capture id, document id, the document's pages
with their validators), the page index, and the pages fetched so far (a document of several
pages is fetched one page after another, each next page a new request in the queue).
"""

from __future__ import annotations

import json
from typing import Any

CALLBACK, ERRBACK = "parse_page", "page_failed"
# Request headers an entry may carry: the validators of a conditional GET, and the Referer
# Scrapy's RefererMiddleware sets on a document's next page (as in a local crawl).
HEADERS = ("If-None-Match", "If-Modified-Since", "Referer")
# Meta keys kept through the queue (others are per process, e.g. Scrapy's download slot).
META_TYPES = {"handle_httpstatus_list": list, "retry_times": int, "redirect_times": int, "redirect_ttl": int,
              "redirect_urls": list, "redirect_reasons": list}
MAX_URL = 8192
MAX_ENTRY = 64 * 1024 * 1024      # the pages fetched so far travel in the entry (compressed bodies)


class MalformedRequest(ValueError):
    """An entry of the request queue that is not a request a capture makes."""


def dumps(request: dict) -> bytes:
    """``request.to_dict()`` as JSON (headers as text; a capture's GET has no body or cookies)."""
    if request.get("body") not in (None, b"", ""):
        raise ValueError("a capture request has no body")
    headers = {_text(name): [_text(value) for value in values] for name, values in (request.get("headers") or {}).items()}
    meta = {key: value for key, value in (request.get("meta") or {}).items() if key in META_TYPES}
    return json.dumps({"url": request["url"], "method": request.get("method", "GET"), "headers": headers,
                       "callback": request.get("callback"), "errback": request.get("errback"),
                       "priority": request.get("priority", 0), "dont_filter": bool(request.get("dont_filter")),
                       "meta": meta, "cb_kwargs": request.get("cb_kwargs") or {}},
                      separators=(",", ":")).encode("utf-8")


def loads(data: bytes | str) -> dict:
    """The ``request_from_dict`` form of a queue entry, or `MalformedRequest`."""
    if len(data) > MAX_ENTRY:
        raise MalformedRequest("entry too large")
    try:
        entry = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise MalformedRequest("not JSON")
    _check(isinstance(entry, dict), "not an object")
    _check(set(entry) <= {"url", "method", "headers", "callback", "errback", "priority", "dont_filter", "meta",
                          "cb_kwargs"}, "unexpected keys")
    _check(_is_web_url(entry.get("url")), "url")
    _check(entry.get("method") == "GET", "method")
    _check(entry.get("callback") == CALLBACK and entry.get("errback") == ERRBACK, "callback")
    _check(type(entry.get("priority", 0)) is int and type(entry.get("dont_filter", False)) is bool, "priority")
    headers = entry.get("headers", {})
    _check(isinstance(headers, dict) and set(headers) <= set(HEADERS)
           and all(isinstance(v, list) and len(v) == 1 and _short_text(v[0]) for v in headers.values())
           and (_is_web_url(headers["Referer"][0]) if "Referer" in headers else True), "headers")
    meta = entry.get("meta", {})
    _check(isinstance(meta, dict) and all(type(meta[key]) is META_TYPES.get(key) for key in meta), "meta")
    _check(all(_is_web_url(url) for url in meta.get("redirect_urls", [])), "meta.redirect_urls")
    _check(all(type(code) is int for code in meta.get("handle_httpstatus_list", [])), "meta.handle_httpstatus_list")
    _check(all(isinstance(reason, (int, str)) for reason in meta.get("redirect_reasons", [])), "meta.redirect_reasons")
    _check_capture(entry.get("cb_kwargs"))
    return {**entry, "body": b"", "cookies": {}, "encoding": "utf-8", "flags": []}


def job_of(data: bytes | str) -> dict | None:
    """The capture id and document id of an entry, when readable (to record a refused one)."""
    try:
        job = json.loads(data)["cb_kwargs"]["job"]
        if isinstance(job["capture_id"], str) and len(job["capture_id"]) <= 64 and type(job["document_id"]) is int:
            return {"capture_id": job["capture_id"], "document_id": job["document_id"]}
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        pass
    return None


def page_request(job: dict, index: int, pages: list[dict]) -> dict:
    """The ``to_dict`` form of the request for page ``index`` of ``job`` (the recorder queues
    page 0; the worker yields the next ones as Scrapy requests of the same shape)."""
    validators = job["pages"][index].get("validators") or {}
    headers = {}
    if validators.get("ETag"):
        headers["If-None-Match"] = [validators["ETag"]]
    if validators.get("Last-Modified"):
        headers["If-Modified-Since"] = [validators["Last-Modified"]]
    return {"url": job["pages"][index]["url"], "method": "GET", "headers": headers, "callback": CALLBACK,
            "errback": ERRBACK, "priority": 0, "dont_filter": False, "meta": {"handle_httpstatus_list": [304]},
            "cb_kwargs": {"job": job, "index": index, "pages": pages}}


def _check_capture(kwargs: Any) -> None:
    _check(isinstance(kwargs, dict) and set(kwargs) == {"job", "index", "pages"}, "cb_kwargs")
    job, index, pages = kwargs["job"], kwargs["index"], kwargs["pages"]
    _check(isinstance(job, dict) and set(job) <= {"capture_id", "document_id", "label", "pages"}, "job")
    _check(_short_text(job.get("capture_id")) and type(job.get("document_id")) is int
           and isinstance(job.get("label", ""), str), "job ids")
    _check(isinstance(job.get("pages"), list) and 0 < len(job["pages"]) <= 100, "job.pages")
    for page in job["pages"]:
        _check(isinstance(page, dict) and set(page) <= {"url", "validators"} and _is_web_url(page.get("url")),
               "job.pages[].url")
        validators = page.get("validators", {})
        _check(isinstance(validators, dict) and all(_short_text(v) for v in validators.values()),
               "job.pages[].validators")
    _check(type(index) is int and 0 <= index < len(job["pages"]), "index")
    _check(isinstance(pages, list) and len(pages) == index, "pages")
    for page in pages:   # the fields the recorder reads back (it checks them again, see item_from_result)
        _check(isinstance(page, dict) and set(page) == {"url", "final_url", "status", "headers", "fetched_at", "body"}
               and isinstance(page["url"], str) and isinstance(page["final_url"], str)
               and type(page["status"]) is int and isinstance(page["headers"], dict)
               and isinstance(page["fetched_at"], str) and (page["body"] is None or isinstance(page["body"], str)),
               "pages[]")


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise MalformedRequest(what)


def _is_web_url(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_URL and value.lower().startswith(("http://", "https://"))


def _short_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 1024


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
