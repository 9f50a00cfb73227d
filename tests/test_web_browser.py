"""The whole subscription flow in real headless Chromium (Debian's ``chromium``), against a
real ``termswatch serve`` process and a real SMTP server (aiosmtpd) on 127.0.0.1: fill the
form on a service page, read the confirmation mail, open its link and press Confirm, receive
an alert with RFC 8058 headers, unsubscribe with one click, receive nothing more.

The app's public address is ``https://termswatch.test/``, as behind a TLS-terminating
reverse proxy in production (one-click unsubscribe needs https). The browser reaches it
through a route that plays that proxy: each request goes, method, headers and body as they
are, to the ``serve`` process over plain HTTP on loopback, and its answer comes back as is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from monitor.alerts import confirm, find_subscription, subscribe
from monitor.clock import to_iso, utcnow
from monitor.site import urls
from synthetic_store import add_version, populate
from monitor.store import Store

from mailserver import MailServer, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PUBLIC = "https://termswatch.test/"
READER, CONTROL = "reader@example.test", "control@example.test"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def mail():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def app(tmp_path, mail):
    """A home with one service (five versions, the last yesterday), its config, and
    ``termswatch serve`` running on it. Yields (home, local base URL)."""
    home = tmp_path / "home"
    start = to_iso(utcnow() - timedelta(days=29))
    with Store.open(home / "termswatch.db") as store:
        populate(store, service_ids=["Chirper"], versions=5, start=start)
    (home / "termswatch.toml").write_text(
        f'[web]\nbase_url = "{PUBLIC}"\n\n[smtp]\nhost = "127.0.0.1"\nport = {mail.port}\n'
        f'sender = "Termswatch <alerts@termswatch.test>"\n')
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "monitor", "--home", str(home), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TERMSWATCH_HOME": str(home)})
    local = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(local, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"termswatch serve did not start: {process.stdout.read()}")
            time.sleep(0.2)
        yield home, local
    finally:
        process.terminate()
        process.wait(timeout=20)


def _proxy(local: str):
    """A Playwright route handler forwarding https://termswatch.test/... to ``local``."""
    def forward(route, request):
        answer = requests.request(request.method, local + request.url[len(PUBLIC):],
                                  headers={k: v for k, v in request.all_headers().items() if not k.startswith(":")},
                                  data=request.post_data_buffer, allow_redirects=False, timeout=30)
        route.fulfill(status=answer.status_code, body=answer.content,
                      headers={k: v for k, v in answer.headers.items()
                               if k.lower() not in ("content-length", "transfer-encoding", "connection")})
    return forward


def _wait_for(inbox, address: str, count: int, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while len(inbox.to(address)) < count:
        assert time.monotonic() < deadline, f"{address} got {len(inbox.to(address))} mail(s), expected {count}"
        time.sleep(0.1)
    return inbox.to(address)


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _alerts_send(home: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "alerts", "send"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _status(home: Path, address: str) -> str:
    with Store.open(home / "termswatch.db") as store:
        return find_subscription(store, address=address)["status"]


def test_subscribe_confirm_alert_and_one_click_unsubscribe(browser, app, mail, tmp_path):
    home, local = app
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.route(re.compile(r"^https://termswatch\.test/"), _proxy(local))
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    # 1. The service page has the form; fill it in.
    page.goto(PUBLIC + urls.service_page("Chirper"), wait_until="load")
    page.fill("#subscribe-email", READER)
    page.select_option("#subscribe-severity", "1")
    page.locator("section.follow").screenshot(path=str(tmp_path / "1-form.png"))   # left in tmp_path to look at
    page.click("form.subscribe button[type=submit]")
    page.wait_for_load_state()
    assert page.url == PUBLIC + "subscribe" and "Check your mailbox" in page.inner_text("h1")
    assert _status(home, READER) == "pending"
    page.screenshot(path=str(tmp_path / "2-check-mailbox.png"))

    # 2. The confirmation mail comes at once, and says click, never reply.
    [confirmation] = _wait_for(mail.inbox, READER, 1)
    text = _text(confirmation)
    assert "click this link" in text and "reply" not in text.lower()
    [link] = re.findall(r"https://termswatch\.test/confirm/[A-Za-z0-9_-]+", text)

    # 3. Opening the link shows a button (a scanner opening it confirms nothing); press it.
    page.goto(link, wait_until="load")
    assert _status(home, READER) == "pending"
    page.screenshot(path=str(tmp_path / "3-confirm.png"))
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "You are subscribed" in page.inner_text("h1")
    assert _status(home, READER) == "active"
    page.screenshot(path=str(tmp_path / "4-subscribed.png"))

    # Someone else subscribed from the command line: the control, who stays subscribed.
    with Store.open(home / "termswatch.db") as store:
        confirm(store, subscribe(store, CONTROL)["confirm_token"])
        # 4. A change happens: a worse version of the terms, analysed as the pipeline would.
        add_version(store, "Chirper", "Terms of Service")
    _alerts_send(home)
    [_, alert] = _wait_for(mail.inbox, READER, 2)
    assert "Chirper" in alert["Subject"]
    token = find_subscription(Store.open(home / "termswatch.db"), address=READER)["unsubscribe_token"]
    target = f"{PUBLIC}unsubscribe/{token}"
    assert f"<{target}>" in alert["List-Unsubscribe"]
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    alert_text = _text(alert)
    assert f"click this link: {target}" in alert_text and "reply" not in alert_text.lower()
    assert len(_wait_for(mail.inbox, CONTROL, 2)) == 2   # its confirmation (queued) and the alert

    # 5. One click, as a mail client does it (RFC 8058): a bare POST, no cookie, no page.
    one_click = requests.post(local + target[len(PUBLIC):], data="List-Unsubscribe=One-Click",
                              headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert one_click.status_code == 200
    assert _status(home, READER) == "unsubscribed"
    page.goto(target, wait_until="load")
    assert "You are unsubscribed" in page.inner_text("h1")

    # 6. The next change reaches the control, and not the reader.
    with Store.open(home / "termswatch.db") as store:
        add_version(store, "Chirper", "Terms of Service")
    _alerts_send(home)
    assert len(_wait_for(mail.inbox, CONTROL, 3)) == 3
    assert len(mail.inbox.to(READER)) == 2
    assert not [m for m in messages if "Content Security Policy" in m], messages
    context.close()
