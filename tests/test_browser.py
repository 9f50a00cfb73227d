"""The site in real headless Chromium (Debian's ``chromium``): it renders, on a wide and a
narrow screen, and captured text carrying script payloads executes nothing, from ``file://``
and over HTTP, in the pages and in the feeds' entry content."""

from __future__ import annotations

import shutil
import struct
import threading
from pathlib import Path

import lxml.etree
import pytest

from monitor.site import build_site, make_server, urls
from monitor.store import Store

from synthetic_store import populate  # tests/synthetic_store.py

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
EVIL = "Evil <script>window.__pwned=1</script>"
SERVICES = [EVIL, "Amazon.com", "Plain"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    with Store.open(root / "db") as store:
        populate(store, service_ids=SERVICES, versions=6, hostile=True)
        worse = {service: store.db.execute(
            "SELECT c.id FROM changes c JOIN documents d ON d.id = c.document_id JOIN assessments a "
            "ON a.change_id = c.id WHERE d.service_id = ? AND a.direction = 'worse' ORDER BY c.id DESC",
            [service]).fetchone()[0] for service in SERVICES}
        build_site(store, root / "site")
    server = make_server(root / "site", "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root / "site", f"http://127.0.0.1:{server.server_address[1]}/", worse
    server.shutdown()
    server.server_close()


def _open(browser, url: str, width: int = 1280):
    """A page at ``url`` recording dialogs and console messages."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.dialogs, page.messages = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: page.messages.append(message.text))
    page.goto(url, wait_until="load")
    return page


def _assert_inert(page, where: str) -> None:
    page.wait_for_timeout(50)   # let any (wrongly) scheduled handler fire
    assert page.evaluate("typeof window.__pwned") == "undefined", where
    assert page.dialogs == [], where
    assert page.evaluate("document.scripts.length") == 0, where
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0, where
    assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0, where
    # Not even blocked by the Content-Security-Policy: nothing tried to run at all.
    assert not [m for m in page.messages if "Content Security Policy" in m], (where, page.messages)


def test_nothing_executes_from_file_or_http(browser, site):
    out, base, worse = site
    paths = ["index.html", "by-change.html", urls.service_page(EVIL), urls.change_page(EVIL, worse[EVIL]),
             "method.html"]
    for path in paths:
        assert (out / path).is_file()
        for url in ((out / path).as_uri(), base + path):
            page = _open(browser, url)
            _assert_inert(page, url)
            # The stylesheet loads under the pages' own policy, from disk and over HTTP.
            header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
            assert header == "rgb(36, 41, 47)", url
            page.close()


def test_payloads_show_as_text(browser, site):
    out, _, worse = site
    page = _open(browser, (out / urls.change_page(EVIL, worse[EVIL])).as_uri())
    assert EVIL in page.inner_text("h1")
    assert "<script>window.__pwned=1</script>" in page.inner_text("main")
    page.close()


def test_feed_entry_content_executes_nothing(browser, site):
    out, _, _ = site
    feed = lxml.etree.parse(str(out / urls.service_feed(EVIL)))
    contents = [c.text for c in feed.iter("{http://www.w3.org/2005/Atom}content")]
    assert contents
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for html in contents:
        # As a feed reader without a sanitizer would: straight into a page, no CSP.
        page.set_content(f"<!doctype html><html><body>{html}</body></html>")
        page.wait_for_timeout(20)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.scripts.length") == 0
    assert dialogs == []
    page.close()


def test_links_work_from_disk(browser, site):
    out, _, _ = site
    page = _open(browser, (out / "index.html").as_uri())
    page.click("table.services tbody tr >> nth=0 >> th a")
    page.wait_for_load_state()
    assert "/services/" in page.url and page.locator("h1").count() == 1
    page.click("nav.breadcrumbs a")
    page.wait_for_load_state()
    assert page.url.endswith("/index.html")
    page.close()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_index_and_change_page(browser, site, tmp_path, width):
    out, _, worse = site
    for name, path in (("index", "index.html"), ("change", urls.change_page("Amazon.com", worse["Amazon.com"]))):
        page = _open(browser, (out / path).as_uri(), width)
        shot = tmp_path / f"{name}-{width}.png"      # tests/test_browser.py leaves them there to look at
        page.screenshot(path=str(shot), full_page=True)
        shot_width, shot_height = _png_size(shot)
        assert shot_width == width and shot_height > 400
        # Nothing is wider than the screen: a narrow phone scrolls down, never sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.close()


def test_alert_mail_html_executes_nothing(browser, site, tmp_path):
    """The HTML part of an alert about a change whose text carries the payloads, opened as a
    mail client without a sanitizer would: inert."""
    from monitor.alerts.compose import alert_mail, digest_mail
    from monitor.site.data import load_taxonomy
    from monitor.views import change_view

    out, _, worse = site
    with Store.open(out.parent / "db") as store:
        change = change_view(store, worse[EVIL])
    subscription = {"id": 1, "address": "reader@example.test", "services": None, "min_severity": 0,
                    "unsubscribe_token": "tok", "mode": "immediate"}
    taxonomy = load_taxonomy()
    mails = [alert_mail(subscription, change, taxonomy, site_url="https://terms.example.org/"),
             digest_mail(subscription, "2026-01-01", [change], taxonomy)]
    assert "<script>window.__pwned=1</script>" not in mails[0]["html"]
    page = _open(browser, "about:blank")
    for mail in mails:
        path = tmp_path / "mail.html"
        path.write_text(mail["html"])
        page.goto(path.as_uri(), wait_until="load")
        _assert_inert(page, "mail")
        assert "window.__pwned=1" in page.inner_text("body")  # shown as text, run never
    page.close()
