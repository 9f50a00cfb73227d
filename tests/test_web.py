"""`termswatch serve` over real HTTP (waitress on 127.0.0.1, a real SQLite store): versions
in full and diffs by date with hostile text escaped, the site's files and nothing beside
them, tokens that name nothing, the subscribe form's same-origin check and rate limit, and
the static site built with and without the app. The whole subscribe flow in a browser is in
test_web_browser.py."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
from pathlib import Path

import lxml.html
import pytest
import requests
import waitress

from monitor.site import build_site, urls
from synthetic_store import HOSTILE, populate
from monitor.store import Store
from monitor.web.app import WebSettings, create_app
from monitor.web.guard import RateLimit

EVIL = "Evil <script>window.__pwned=1</script>"
SECRET = "secret beside the site, never served"


def start_server(settings: WebSettings):
    """The app on waitress, on a free port of 127.0.0.1, in a thread (``server.close()`` stops it)."""
    server = waitress.create_server(create_app(settings), host="127.0.0.1", port=0, threads=2)

    def run():
        try:
            server.run()
        except (OSError, ValueError):   # the socket closed under the loop: stopped
            pass
    threading.Thread(target=run, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    with Store.open(root / "db") as store:
        populate(store, service_ids=[EVIL, "Plain"], versions=5, hostile=True)
        build_site(store, root / "site", app_url="./")
    (root / "secret.txt").write_text(SECRET)
    (root / "site" / ".hidden").write_text(SECRET)
    settings = WebSettings(database=root / "db", site_dir=root / "site", base_url="http://127.0.0.1:9/",
                           rate_limit=RateLimit(per_client=20, overall=100))
    server = start_server(settings)
    yield root, f"http://127.0.0.1:{server.effective_port}", settings
    server.close()


def _versions(root: Path, service: str = EVIL, terms_type: str = "Terms of Service") -> tuple[int, list[dict]]:
    with Store.open(root / "db") as store:
        document = store.find_document(service, terms_type)
        return document["id"], store.versions(document["id"], with_text=True)


def _raw_get(base: str, path: str) -> tuple[int, bytes]:
    """A GET with the path sent exactly as written (requests and browsers tidy ``..`` away)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


# -- versions and diffs ------------------------------------------------------------------------

def test_a_version_in_full_is_its_stored_text_escaped(served):
    root, base, _ = served
    document_id, versions = _versions(root)
    version = versions[2]
    response = requests.get(f"{base}/versions/{document_id}/{version['recorded_at']}", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.text and "onerror=" not in response.text.replace("onerror=&#34;", "")
    page = lxml.html.fromstring(response.text)
    assert page.xpath("//script") == [] and page.xpath("//*[@onerror or @onload]") == []
    # The whole text, character for character, as text (the payloads included).
    assert page.xpath("string(//pre[@class='version-text'])") == version["text"]
    assert any(payload in version["text"] for payload in HOSTILE)
    assert EVIL in page.xpath("string(//h1)")


def test_a_day_means_the_version_in_force_at_its_end(served):
    root, base, _ = served
    document_id, versions = _versions(root)
    day = versions[3]["recorded_at"][:10]
    page = lxml.html.fromstring(requests.get(f"{base}/versions/{document_id}/{day}", timeout=10).text)
    assert page.xpath("string(//pre[@class='version-text'])") == versions[3]["text"]
    before_first = requests.get(f"{base}/versions/{document_id}/2000-01-01", timeout=10)
    assert before_first.status_code == 404 and "no version yet" in before_first.text


def test_diff_between_any_two_versions_by_date(served):
    root, base, _ = served
    document_id, versions = _versions(root)
    old, new = versions[0], versions[4]
    response = requests.get(f"{base}/diff/{document_id}",
                            params={"from": old["recorded_at"][:10], "to": new["recorded_at"]}, timeout=10)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.text)
    assert page.xpath("//table[contains(@class, 'tw-side-by-side')]")
    assert page.xpath("//del") and page.xpath("//ins")
    assert page.xpath("//script") == [] and page.xpath("//*[@onerror or @onload or @onclick]") == []
    assert not [a for a in page.xpath("//a/@href") if a.lower().startswith("javascript:")]
    # The words the later versions rewrote are in it, as text.
    inserted = " ".join(page.xpath("//ins/text()"))
    assert inserted and all(word in new["text"] for word in inserted.split()[:5])
    linked = page.xpath("//p/a/text()")
    assert old["recorded_at"] in linked and new["recorded_at"] in linked


@pytest.mark.parametrize("query, status", [
    ({"from": "yesterday", "to": "2024-02-01"}, 400),
    ({"from": "2024-13-45", "to": "2024-02-01"}, 400),
    ({"from": "2024-01-01"}, 400),
    ({"from": "1999-01-01", "to": "2024-02-01"}, 404),
])
def test_diff_refuses_bad_dates(served, query, status):
    root, base, _ = served
    document_id, _ = _versions(root)
    response = requests.get(f"{base}/diff/{document_id}", params=query, timeout=10)
    assert response.status_code == status
    assert "<script>" not in response.text


def test_unknown_document_is_404(served):
    _, base, _ = served
    assert requests.get(f"{base}/versions/99999/2024-01-01", timeout=10).status_code == 404
    assert requests.get(f"{base}/diff/99999?from=2024-01-01&to=2024-02-01", timeout=10).status_code == 404
    assert requests.get(f"{base}/versions/x/2024-01-01", timeout=10).status_code == 404


# -- the site's files, and nothing else ----------------------------------------------------------

def test_site_files_are_served_with_their_types(served):
    _, base, _ = served
    index = requests.get(f"{base}/", timeout=10)
    assert index.status_code == 200 and "text/html" in index.headers["Content-Type"]
    assert requests.get(f"{base}/static/site.css", timeout=10).headers["Content-Type"].startswith("text/css")
    feed = requests.get(f"{base}/feeds/all.xml", timeout=10)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("application/atom+xml")
    page = requests.get(f"{base}/{urls.service_page('Plain')}", timeout=10)
    assert page.status_code == 200 and 'action="../../subscribe"' in page.text


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/static/../../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
    "/static/..%2f..%2fsecret.txt", "/..%5csecret.txt", "//etc/passwd", "/.hidden", "/.termswatch-site.json",
    "/services/", "/%00", "/static/site.css%00.html",
])
def test_no_path_leaves_the_site(served, path):
    _, base, _ = served
    status, body = _raw_get(base, path)
    assert status in (400, 404), (path, status)
    assert SECRET.encode() not in body and b"root:" not in body


# -- tokens and the form -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/confirm/nope", "/confirm/" + "A" * 22, "/unsubscribe/" + "B" * 22,
                                  "/unsubscribe/%27%20OR%201=1--", "/unsubscribe?token=" + "C" * 22])
def test_bad_tokens_are_404_and_change_nothing(served, path):
    root, base, _ = served
    for method in ("GET", "POST"):
        response = requests.request(method, base + path, data={"List-Unsubscribe": "One-Click"}, timeout=10)
        assert response.status_code == 404, (method, path)


def _subscribe(base: str, address: str, **headers):
    return requests.post(f"{base}/subscribe", data={"email": address, "service": "Plain", "scope": "service",
                                                   "min_severity": "1", "mode": "immediate"},
                         headers=headers, timeout=10)


def _subscription(root: Path, address: str) -> dict | None:
    from monitor.alerts import find_subscription
    with Store.open(root / "db") as store:
        return find_subscription(store, address=address)


def test_subscribe_form_only_from_the_apps_own_pages(served):
    root, base, _ = served
    assert _subscribe(base, "nohead@example.test").status_code == 403
    assert _subscribe(base, "cross@example.test", **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert _subscribe(base, "evil@example.test", Origin="https://evil.example").status_code == 403
    assert _subscribe(base, "null@example.test", Origin="null").status_code == 403
    for address in ("nohead@example.test", "cross@example.test", "evil@example.test", "null@example.test"):
        assert _subscription(root, address) is None
    response = _subscribe(base, "Reader@Example.test", Origin=base)
    assert response.status_code == 200 and "Check your mailbox" in response.text
    row = _subscription(root, "reader@example.test")
    assert row["status"] == "pending" and row["services"] == ["Plain"] and row["min_severity"] == 1
    # The confirmation page's GET confirms nothing (scanners open links); its button does.
    page = requests.get(f"{base}/confirm/{row['confirm_token']}", timeout=10)
    assert page.status_code == 200 and "<form method=\"post\">" in page.text
    assert _subscription(root, "reader@example.test")["status"] == "pending"
    assert requests.post(f"{base}/confirm/{row['confirm_token']}", timeout=10).status_code == 200
    assert _subscription(root, "reader@example.test")["status"] == "active"
    # A stranger typing the address again changes nothing, and is told the same thing.
    again = requests.post(f"{base}/subscribe", data={"email": "reader@example.test", "scope": "all",
                                                      "min_severity": "0", "mode": "daily"},
                          headers={"Sec-Fetch-Site": "same-origin"}, timeout=10)
    assert again.status_code == 200 and "Check your mailbox" in again.text
    after = _subscription(root, "reader@example.test")
    assert (after["services"], after["min_severity"], after["mode"]) == (["Plain"], 1, "immediate")
    # One-click unsubscribe: a bare POST, as a mail client sends it.
    one_click = requests.post(f"{base}/unsubscribe/{row['unsubscribe_token']}",
                              data="List-Unsubscribe=One-Click",
                              headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert one_click.status_code == 200
    assert _subscription(root, "reader@example.test")["status"] == "unsubscribed"


def test_subscribe_form_errors_are_one_escaped_line(served):
    root, base, _ = served
    response = requests.post(f"{base}/subscribe", data={"email": "<script>x</script>@", "service": "Plain"},
                             headers={"Sec-Fetch-Site": "same-origin", "X-Client": "errors"}, timeout=10)
    assert response.status_code == 400 and "<script>x" not in response.text and "&lt;script&gt;" in response.text
    for target in ("json://127.0.0.1:9/hook", "mailto:a@example.test", "a@example.test\r\nBcc: b@example.test"):
        response = requests.post(f"{base}/subscribe", data={"email": target, "service": "Plain"},
                                 headers={"Sec-Fetch-Site": "same-origin"}, timeout=10)
        assert response.status_code == 400, target
        assert "not an email address" in response.text
    with Store.open(root / "db") as store:
        assert not list(store.query("SELECT id FROM subscriptions WHERE address LIKE '%://%' OR address LIKE '%Bcc%'"))
    response = requests.post(f"{base}/subscribe", data={"email": "a@example.test", "service": "Plain",
                                                        "min_severity": "9"},
                             headers={"Sec-Fetch-Site": "same-origin"}, timeout=10)
    assert response.status_code == 400
    big = requests.post(f"{base}/subscribe", data={"email": "a" * 100_000}, headers={"Sec-Fetch-Site": "same-origin"},
                        timeout=10)
    assert big.status_code == 413


def test_subscribe_form_is_rate_limited(tmp_path):
    with Store.open(tmp_path / "db") as store:
        populate(store, service_ids=["Plain"], versions=2)
    (tmp_path / "site").mkdir()
    settings = WebSettings(database=tmp_path / "db", site_dir=tmp_path / "site", base_url="http://127.0.0.1:9/",
                           rate_limit=RateLimit(per_client=2, overall=100))
    server = start_server(settings)
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        codes = [_subscribe(base, f"r{n}@example.test", **{"Sec-Fetch-Site": "same-origin"}).status_code
                 for n in range(4)]
    finally:
        server.close()
    assert codes == [200, 200, 429, 429]
    assert _subscription(tmp_path, "r2@example.test") is None


# -- the static site, with and without the app ----------------------------------------------------

def test_static_site_without_the_app_links_feeds_and_the_command(tmp_path):
    with Store.open(tmp_path / "db") as store:
        populate(store, service_ids=["Plain"], versions=3)
        build_site(store, tmp_path / "plain")
        build_site(store, tmp_path / "remote", app_url="https://terms.example.org/")
    plain = (tmp_path / "plain" / urls.service_page("Plain")).read_text()
    assert "<form" not in plain and "termswatch subscribe you@example.org --service Plain" in plain
    assert 'href="../../feeds/services/Plain.xml"' in plain and "form-action 'none'" in plain
    remote = (tmp_path / "remote" / urls.service_page("Plain")).read_text()
    assert 'action="https://terms.example.org/subscribe"' in remote
    assert "form-action 'self' https://terms.example.org\"" in remote
    assert 'href="https://terms.example.org/versions/' in remote


def _termswatch(*args, home: Path, config: str | None = None):
    if config is not None:
        (home / "termswatch.toml").write_text(config)
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args, config, blamed", [
    (["serve", "--host", "0.0.0.0", "--no-build"], None, "--host 0.0.0.0"),
    (["serve", "--base-url", "http://terms.example.org/"], None, "--base-url"),
    (["serve"], '[web]\nbase_url = "javascript:alert(1)"\n', "web.base_url"),
    (["site", "build", "--app-url", "ftp://x/"], None, "--app-url"),
])
def test_bad_public_urls_are_one_line_exit_2(tmp_path, args, config, blamed):
    result = _termswatch(*args, home=tmp_path, config=config)
    assert result.returncode == 2, result.stderr
    assert blamed in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_site_build_with_web_configured_is_built_for_the_app(tmp_path):
    with Store.open(tmp_path / "termswatch.db") as store:
        populate(store, service_ids=["Plain"], versions=2)
    result = _termswatch("site", "build", home=tmp_path, config='[web]\nbase_url = "https://terms.example.org/"\n')
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / urls.service_page("Plain")).read_text()
    assert 'action="../../subscribe"' in page and '<meta name="referrer" content="same-origin">' in page


@pytest.mark.parametrize("web_url", ["", "https://terms.example.org/"])
def test_mails_say_click_never_reply(tmp_path, web_url):
    """The confirmation mail and the alerts' footer, with and without `termswatch serve`."""
    from monitor.alerts import MailSettings, subscribe
    from monitor.alerts.compose import alert_mail
    from monitor.site.data import load_taxonomy
    from monitor.views import change_view

    settings = MailSettings(web_url=web_url)
    with Store.open(tmp_path / "db") as store:
        populate(store, service_ids=["Plain"], versions=3)
        row = subscribe(store, "reader@example.test", settings=settings)
        [mail] = store.query("SELECT subject, body_text, body_html FROM outbox WHERE kind = 'confirm'")
        change = change_view(store, next(store.query("SELECT max(id) AS id FROM changes"))["id"])
    alert = alert_mail(row, change, load_taxonomy(), unsubscribe_url=settings.unsubscribe_link(row["unsubscribe_token"]))
    for text in (mail["body_text"], mail["body_html"], alert["text"], alert["html"]):
        assert "reply" not in text.lower()
    if web_url:
        assert "click this link" in mail["body_text"] and f"{web_url}confirm/{row['confirm_token']}\n" in mail["body_text"]
        assert f'href="{web_url}confirm/{row["confirm_token"]}"' in mail["body_html"]
        assert f"click this link: {web_url}unsubscribe/{row['unsubscribe_token']}" in alert["text"]
    else:
        assert f"termswatch confirm {row['confirm_token']}" in mail["body_text"]


def test_change_pages_link_both_versions_and_their_diff(served):
    root, base, _ = served
    document_id, versions = _versions(root, "Plain")
    with Store.open(root / "db") as store:
        change = next(store.query("SELECT id FROM changes WHERE to_version_id = ?", [versions[2]["id"]]))
    page_path = urls.change_page("Plain", change["id"])
    page = lxml.html.fromstring(requests.get(f"{base}/{page_path}", timeout=10).text)
    links = {a.text_content(): a.get("href") for a in page.xpath("//a")}
    before = requests.get(f"{base}/{page_path.rsplit('/', 1)[0]}/{links['the version before']}", timeout=10)
    after = requests.get(f"{base}/{page_path.rsplit('/', 1)[0]}/{links['the version after']}", timeout=10)
    texts = [lxml.html.fromstring(r.text).xpath("string(//pre)") for r in (before, after)]
    assert texts == [versions[1]["text"], versions[2]["text"]]
    diff = requests.get(f"{base}/{page_path.rsplit('/', 1)[0]}/{links['compare them']}", timeout=10)
    assert diff.status_code == 200 and "tw-side-by-side" in diff.text
