"""Every way a page can yield no text has its own error kind, and a reason naming what and
where; hostile pages finish in bounded time and memory."""

from __future__ import annotations

import io
import pickle
import random

import pypdf
import pytest

from monitor.declarations import PageDeclaration, RangeSelector
from monitor.extract import ExtractionError, Page, extract_page
from monitor.extract.errors import KINDS

URL = "https://example.com/legal/terms"

from test_extract_pdf import make_pdf  # noqa: E402  (tests/ is on sys.path under pytest)


def failure(body: bytes, content_type: str | None = "text/html", **options) -> ExtractionError:
    max_bytes = options.pop("max_bytes", None)
    declaration = PageDeclaration(fetch=URL, **options)
    kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
    with pytest.raises(ExtractionError) as caught:
        extract_page(Page(body, URL, content_type), declaration, **kwargs)
    error = caught.value
    assert error.kind in KINDS
    assert "\n" not in error.reason
    return error


def test_selector_no_match_names_the_selector_and_the_url():
    error = failure(b"<main><p>Terms</p></main>", select=("#legal-content",))
    assert error.kind == "selector_no_match"
    assert "#legal-content" in error.reason and URL in error.reason


def test_range_with_a_missing_end_is_a_selector_no_match():
    error = failure(b"<h1 id=a>A</h1><p>x</p>", select=(RangeSelector(start_before="#a", end_before="#gone"),))
    assert error.kind == "selector_no_match"
    assert "#gone" in error.reason and URL in error.reason


def test_empty_content_names_the_selector():
    error = failure(b"<main>  <div> </div> <img alt=nothing> <video src=a.mp4></video> </main><p>elsewhere</p>", select=("main",))
    assert error.kind == "empty_content"
    assert "main" in error.reason and URL in error.reason


@pytest.mark.parametrize("body", [b"", b"   \n\t "])
def test_empty_body(body):
    assert failure(body).kind == "empty_content"


def test_unsupported_content_names_the_type():
    error = failure(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    assert error.kind == "unsupported_content" and "image/png" in error.reason and URL in error.reason


def test_unlabelled_binary_is_sniffed():
    error = failure(b"PK\x03\x04" + bytes(range(256)), None)
    assert error.kind == "unsupported_content" and "application/zip" in error.reason
    error = failure(random.Random(1).randbytes(4096), "application/octet-stream")
    assert error.kind == "unsupported_content" and "octet-stream" in error.reason


def test_random_binary_labelled_html_is_undecodable():
    noise = random.Random(2).randbytes(20_000)
    error = failure(noise, "text/html")
    assert error.kind == "undecodable" and URL in error.reason and "20000 bytes" in error.reason


def test_bot_wall_instead_of_selector_no_match():
    challenge = (b"<html><head><title>Just a moment...</title></head><body><div id='challenge-stage'>"
                 b"<h1>Checking if the site connection is secure</h1><p>Enable JavaScript and cookies to continue</p>"
                 b"<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'></script></div></body></html>")
    error = failure(challenge, select=("main",))
    assert error.kind == "bot_wall" and URL in error.reason and "Just a moment" in error.reason


@pytest.mark.parametrize("page", [
    b"<html><body><noscript>You need to enable JavaScript to run this app.</noscript><div id=root></div></body></html>",
    b"<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>You don't have permission. Reference #18.2f</body></html>",
    b"<html><body><form><p>Please log in to continue.</p><input name=u><input type=password></form></body></html>",
    b"<html><body><div class='g-recaptcha' data-sitekey='x'></div><p>One more step</p></body></html>",
])
def test_bot_walls_without_select(page):
    assert failure(page).kind == "bot_wall"


# The declared element is there, but the site put its wall inside it; the rest of the page
# (navigation, a long footer) would hide it from a whole-page check.
LONG_FOOTER = b"<footer>" + b"<p>Company information, offices, press, careers and investors.</p>" * 60 + b"</footer>"


@pytest.mark.parametrize("inside", [
    b"<h1>One more step</h1><p>Please verify you are a human to continue.</p>",
    b"<p>Loading the terms</p><div class='h-captcha' data-sitekey='x'></div>",
    b"<noscript>Enable JavaScript to read our terms.</noscript>",
])
def test_a_bot_wall_inside_a_short_selected_element(inside):
    body = b"<html><body><nav>Home</nav><main>" + inside + b"</main>" + LONG_FOOTER + b"</body></html>"
    error = failure(body, select=("main",))
    assert error.kind == "bot_wall" and URL in error.reason


def test_a_login_form_inside_the_selected_element_is_left_to_suspect_detection():
    # README: bot walls are errors; a login wall is a capture held as suspect
    body = (b"<html><body><main><h1>Sign in to continue</h1><p>You need to be signed in to view this page.</p>"
            b"<form><input type=password></form></main>" + LONG_FOOTER + b"</body></html>")
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, select=("main",)))
    assert text.startswith("Sign in to continue\n===================")


def test_a_short_genuine_selected_text_stays_a_version():
    body = b"<html><body><main><h1>Community rules</h1><p>Be kind. No spam.</p></main>" + LONG_FOOTER + b"</body></html>"
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, select=("main",)))
    assert text == "Community rules\n===============\n\nBe kind. No spam."


def test_a_long_policy_mentioning_captchas_is_not_a_bot_wall():
    html = "<main>" + "<p>We use reCAPTCHA to check you are not a robot; enable JavaScript.</p>" * 80 + "</main>"
    text = extract_page(Page(html.encode(), URL, "text/html"), PageDeclaration(fetch=URL))
    assert text.startswith("We use reCAPTCHA")


def test_too_large_is_checked_before_parsing():
    error = failure(b"<p>" + b"x" * 2_000 + b"</p>", max_bytes=1_000)
    assert error.kind == "too_large" and "2,007" in error.reason and "1,000" in error.reason
    assert failure(b"\x00" * 11 * 1024 * 1024, "image/png").kind == "too_large"  # default cap: 10 MB


def test_unreadable_pdf():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([["Secret terms"]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    error = failure(encrypted.getvalue(), "application/pdf")
    assert error.kind == "unreadable_pdf" and "encrypted" in error.reason and URL in error.reason
    assert failure(b"%PDF-1.7\n1 0 obj broken", "application/pdf").kind == "unreadable_pdf"


def test_errors_survive_pickling():
    error = ExtractionError("bot_wall", "captcha at https://x.test/")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.kind, copy.reason, str(copy)) == (error.kind, error.reason, str(error))
    with pytest.raises(ValueError):
        ExtractionError("no_such_kind", "x")


# -- hostile pages: they must finish (no timing assertions: see scripts/bench_extract.py) ----

def test_nine_megabyte_page():
    filler = b"<script>var a = '" + b"x" * 8_500_000 + b"';</script>"
    body = (b"<html><head>" + filler + b"</head><body><nav>" + b"<a href='/n'>n</a>" * 20_000
            + b"</nav><main><h1>Terms</h1>" + b"<p>Clause with <a href='/x?utm_source=a'>link</a>.</p>" * 5_000
            + b"</main></body></html>")
    assert 9_000_000 < len(body) < 10_000_000
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, select=("main",)))
    assert text.startswith("Terms\n=====\n\nClause with [link](https://example.com/x).")
    assert text.count("\n\n") == 5_000


def test_deeply_nested_markup():
    body = b"<html><body><p>Top</p>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"<p>End</p></body></html>"
    for options in ({}, {"select": ("div div div",)}, {"select": ("body",), "remove": ("div > div",)}):
        try:
            extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, **options))
        except ExtractionError as error:
            assert error.kind in ("empty_content", "selector_no_match")


@pytest.mark.parametrize("levels", [300, 5_000])
@pytest.mark.parametrize("options", [{}, {"select": ("main",)}, {"select": ("main",), "remove": (".ad",)}])
def test_markup_deeper_than_libxml2_allows_keeps_all_its_text(levels, options):
    # libxml2 stops at 256 levels and drops everything after: text after and inside the deep
    # part included (and all of it when the page opens with it).
    body = (b"<html><body><main>" + b"<div>" * levels + b"<b>Deep</b> clause." + b"</div>" * levels
            + b"<p class=ad>Buy now</p><p>Last clause.</p></main></body></html>")
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, **options))
    expected = ["Deep clause.", "Last clause."] if options.get("remove") else ["Deep clause.", "Buy now", "Last clause."]
    assert text.split("\n\n") == expected


def test_one_huge_text_node():
    body = b"<p>" + b"lorem ipsum " * 450_000 + b"</p>"
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL))
    assert text.startswith("lorem ipsum lorem") and len(text) == len(b"lorem ipsum ") * 450_000 - 1


def test_malformed_markup_soup():
    rng = random.Random(3)
    pieces = [b"<p>", b"</p>", b"<div", b">", b"<ul><li>", b"</ul>", b"<table><tr><td>", b"</td>",
              b"<a href='javascript:x'>", b"</a>", b"&amp", b"&#", b"<!--", b"-->", b"<![CDATA[", b"]]>",
              b"text ", b"<script>", b"</script>", b"<", b"\"", b"'", b"<b><i>", b"</b>", b"\x00", b"\xff"]
    for _ in range(20):
        body = b"".join(rng.choice(pieces) for _ in range(2_000))
        try:
            text = extract_page(Page(body, URL, "text/html; charset=utf-8"), PageDeclaration(fetch=URL))
        except ExtractionError as error:
            assert error.kind in ("empty_content", "bot_wall", "undecodable")
        else:
            assert "javascript" not in text and "\x00" not in text


@pytest.mark.parametrize("opening", [b"<table><tr><td>x", b"<a href='/x'>", b"<a href='/x'><div>y",
                                     b"<ul><li>z", b"<h2>", b"<ol><div><li>", b"<pre>", b"<dl><dd>"])
def test_nesting_costs_linear_time(opening):
    # Each element is rendered once: nested links or tables re-rendered at every level would
    # take time exponential in the depth (libxml2 allows 256 levels), and never finish.
    body = b"<main>" + opening * 250 + b"end</main>"
    try:
        extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, select=("main",)))
    except ExtractionError as error:
        assert error.kind == "empty_content"


def test_soupsieve_only_selectors_are_refused_on_huge_pages():
    # :has() needs a BeautifulSoup copy of the page (~1.3 KB an element): capped.
    body = b"<main><p>Terms.</p>" + b"<i>x</i>" * 120_000 + b"</main>"
    error = failure(body, select=("main:has(p)",))
    assert error.kind == "too_large" and "main:has(p)" in error.reason and "120,00" in error.reason
    # The selectors declarations use take the lxml path, whatever the size.
    text = extract_page(Page(body, URL, "text/html"), PageDeclaration(fetch=URL, select=("main > p",)))
    assert text == "Terms."
