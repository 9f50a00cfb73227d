"""The network boundary: captures reach only public addresses unless the operator opts in.

Real crawls (the `crawl()` API and the CLI, in their child process) against real HTTP servers
on loopback. Every server counts the requests it gets, so "refused" means never contacted, not
fetched-then-dropped. The suite opts in to private networks (conftest.py); these tests unset
that, and make one loopback address stand for "public" with TERMSWATCH_ALLOWED_NETWORKS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.capture import LOOPBACK_SETTINGS, CaptureError, crawl
from monitor.network import AddressPolicy, address_kind, is_public_address
from monitor.store import Store

pytestmark = pytest.mark.slow

SECRET = "INTERNAL-ADMIN-TOKEN-7f3a"
PAGE = f"<html><body><main><h1>Admin</h1><p>{SECRET} and enough words to be a page.</p></main></body></html>"
# fast loopback crawling, but none of LOOPBACK_SETTINGS' own opt-in for the loopback range
FAST = {k: v for k, v in LOOPBACK_SETTINGS.items() if k != "TERMSWATCH_ALLOWED_NETWORKS"}


class CountingServer:
    """An HTTP server on ``host`` that serves ``routes`` (path -> (status, headers, body))
    and remembers every path it was asked for (robots.txt included)."""

    def __init__(self, host: str, routes: dict):
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                status, headers, body = routes.get(self.path, (404, {}, "not here"))
                data = body.encode()
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self.port = self.httpd.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def pages_served(self) -> list[str]:
        return [path for path in self.requests if path != "/robots.txt"]


@pytest.fixture
def no_opt_in(monkeypatch):
    monkeypatch.delenv("TERMSWATCH_ALLOW_PRIVATE_NETWORKS", raising=False)


def declare(folder, url: str):
    folder.mkdir(exist_ok=True)
    (folder / "Intranet.json").write_text(json.dumps(
        {"name": "Intranet", "terms": {"Terms of Service": {"fetch": url, "select": "main"}}}))
    return folder


def outcome(database):
    """(fetch errors, versions, latest snapshot) of the one declared document."""
    store = Store.open(database)
    try:
        doc = store.find_document("Intranet", "Terms of Service")
        return store.fetch_errors(doc["id"]), store.versions(doc["id"], with_text=True), \
            store.latest_snapshot(doc["id"])
    finally:
        store.close()


def assert_refused(database, kind: str = "blocked_address"):
    errors, versions, snapshot = outcome(database)
    assert [e["kind"] for e in errors] == [kind]
    assert versions == [] and snapshot is None
    return errors[0]["reason"]


# -- which addresses are public ---------------------------------------------------------------

@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.254", "private"),
    ("192.168.0.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"), ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("100.127.255.254", "shared (carrier-grade NAT)"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("239.1.2.3", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("fc00::1", "unique-local"), ("fd12:3456::1", "unique-local"), ("fec0::1", "site-local"),
    ("192.0.2.1", "private"),                       # documentation range
    ("2002:7f00:1::1", "loopback"),                 # 6to4 wrapping 127.0.0.1
    ("64:ff9b::a9fe:a9fe", "link-local"),           # NAT64 wrapping 169.254.169.254
])
def test_non_public_addresses_are_named_and_refused(address, kind):
    assert address_kind(address) == kind
    assert not is_public_address(address)
    assert not AddressPolicy().permits(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1",
                                     "172.32.0.1", "2606:4700::6810:84e5", "::ffff:93.184.216.34",
                                     "64:ff9b::808:808"])
def test_public_addresses_stay_allowed(address):
    assert is_public_address(address) and address_kind(address) is None
    assert AddressPolicy().permits(address)


def test_the_opt_ins_widen_the_policy_and_nothing_else():
    assert AddressPolicy.from_settings({}, environ={"TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "1"}).permits("10.0.0.1")
    assert AddressPolicy.from_settings({"TERMSWATCH_ALLOW_PRIVATE_NETWORKS": True}, environ={}).permits("::1")
    only = AddressPolicy.from_settings({"TERMSWATCH_ALLOWED_NETWORKS": ["127.0.0.1/32"]}, environ={})
    assert only.permits("127.0.0.1") and only.permits("::ffff:127.0.0.1")
    assert not only.permits("127.0.0.2") and not only.permits("169.254.169.254")
    assert not AddressPolicy.from_settings({}, environ={"TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "0"}).permits("::1")


# -- real crawls ------------------------------------------------------------------------------

# w3lib 2.6 (under Scrapy's Request) writes a numeric IPv4 host the WHATWG way ("0x7f.1" and
# "2130706433" become "127.0.0.1") before the request reaches the boundary; earlier versions
# left it as declared, and the boundary resolved it. Either way it is refused, naming loopback.
_AS_LOOPBACK = "127.0.0.1 is a loopback address"


@pytest.mark.parametrize("host, says", [
    ("127.0.0.1", (_AS_LOOPBACK,)),
    ("[::ffff:127.0.0.1]", ("::ffff:7f00:1 is a loopback address",)),      # IPv4-mapped IPv6
    ("2130706433", ("2130706433 resolves to 127.0.0.1, a loopback", _AS_LOOPBACK)),   # 127.0.0.1 as one number
    ("0x7f.1", ("0x7f.1 resolves to 127.0.0.1, a loopback", _AS_LOOPBACK)),
])
def test_a_declared_loopback_address_is_refused_and_never_contacted(tmp_path, no_opt_in, host, says):
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare(tmp_path / "declarations", f"http://{host}:{internal.port}/secret")
        report = crawl(tmp_path / "t.db", declarations, settings=FAST)
    assert internal.requests == []
    assert report.counts == {"error": 1} and report.errors[0]["kind"] == "blocked_address"
    reason = assert_refused(tmp_path / "t.db")
    assert any(words in reason for words in says) and SECRET not in reason


def test_a_name_resolving_to_loopback_is_refused_after_dns(tmp_path, no_opt_in):
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare(tmp_path / "declarations", f"http://localhost:{internal.port}/secret")
        crawl(tmp_path / "t.db", declarations, settings=FAST)
    assert internal.requests == []
    assert "localhost resolves to 127.0.0.1, a loopback address" in assert_refused(tmp_path / "t.db")


@pytest.mark.parametrize("public_host, internal_host, target_host", [
    ("127.0.0.1", "127.0.0.2", "127.0.0.2"),        # an IP literal in the Location
    ("127.0.0.2", "127.0.0.1", "localhost"),        # a name that resolves to a refused address
])
def test_a_redirect_hop_to_a_refused_address_is_refused(tmp_path, no_opt_in, public_host, internal_host,
                                                        target_host):
    """The first server stands for a public site (allowed by TERMSWATCH_ALLOWED_NETWORKS); it
    redirects to an internal one, which must never be contacted."""
    with CountingServer(internal_host, {"/secret": (200, {}, PAGE)}) as internal:
        location = f"http://{target_host}:{internal.port}/secret"
        with CountingServer(public_host, {"/terms": (302, {"Location": location}, "")}) as public:
            declarations = declare(tmp_path / "declarations", public.base_url + "/terms")
            crawl(tmp_path / "t.db", declarations,
                  settings={**FAST, "TERMSWATCH_ALLOWED_NETWORKS": [f"{public_host}/32"]})
    assert public.pages_served == ["/terms"]
    assert internal.requests == []
    reason = assert_refused(tmp_path / "t.db")
    assert location in reason and "loopback address" in reason


@pytest.mark.parametrize("location, scheme", [("file:///etc/passwd", "file"),
                                              ("ftp://127.0.0.1/terms", "ftp"),
                                              ("javascript:alert(document.cookie)", "javascript")])
def test_a_redirect_to_another_scheme_has_its_own_reason(tmp_path, no_opt_in, location, scheme):
    with CountingServer("127.0.0.1", {"/terms": (302, {"Location": location}, "")}) as public:
        declarations = declare(tmp_path / "declarations", public.base_url + "/terms")
        crawl(tmp_path / "t.db", declarations, settings={**FAST, "TERMSWATCH_ALLOWED_NETWORKS": ["127.0.0.1"]})
    reason = assert_refused(tmp_path / "t.db", kind="unsupported_redirect")
    assert f"a {scheme}: URL" in reason and "302" not in reason and "cookie" not in reason


def test_the_environment_opt_in_lets_the_crawl_through(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMSWATCH_ALLOW_PRIVATE_NETWORKS", "1")
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare(tmp_path / "declarations", f"http://localhost:{internal.port}/secret")
        report = crawl(tmp_path / "t.db", declarations, settings=FAST)
    assert report.counts == {"first": 1}
    errors, versions, _ = outcome(tmp_path / "t.db")
    assert errors == [] and SECRET in versions[0]["text"]


def termswatch(*args, home, env_extra=None):
    import os
    env = {k: v for k, v in os.environ.items() if k != "TERMSWATCH_ALLOW_PRIVATE_NETWORKS"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_config_opt_in_lets_the_crawl_through_and_status_shows_refusals(tmp_path, no_opt_in):
    home = tmp_path / "home"
    settings = [f"--set={k}={json.dumps(v)}" for k, v in FAST.items()]
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare(tmp_path / "declarations", internal.base_url + "/secret")
        refused = termswatch("crawl", "--declarations", str(declarations), *settings, home=home)
        assert refused.returncode == 3 and "blocked_address" not in refused.stderr  # the reason, for people
        assert "is a loopback address" in refused.stderr and internal.requests == []
        status = termswatch("status", "--json", home=home)
        assert json.loads(status.stdout)[0]["last_error"]["kind"] == "blocked_address"

        (home / "termswatch.toml").write_text("[crawl]\nallow_private_networks = true\n")
        allowed = termswatch("crawl", "--declarations", str(declarations), *settings, home=home)
    assert allowed.returncode == 0, allowed.stderr
    assert internal.pages_served == ["/secret"]
    errors, versions, _ = outcome(home / "termswatch.db")
    assert SECRET in versions[-1]["text"]


def test_the_daemon_honours_the_config_opt_in(tmp_path, no_opt_in):
    from monitor.config import parse_config
    from monitor.daemon import Daemon
    from monitor.paths import Home

    home = Home(tmp_path / "home").ensure()
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare(tmp_path / "declarations", internal.base_url + "/secret")
        strict = Daemon(home, parse_config({"declarations": str(declarations), "site": {"build": False},
                                            "crawl": {"settings": FAST}}))
        assert strict.run_cycle(only_due=False).crawl.counts == {"error": 1}
        assert internal.requests == []
        opted_in = Daemon(home, parse_config({"declarations": str(declarations), "site": {"build": False},
                                              "crawl": {"settings": FAST, "allow_private_networks": True}}))
        assert opted_in.run_cycle(only_due=False).crawl.counts == {"first": 1}
    assert internal.pages_served == ["/secret"]


def test_an_unreadable_opt_in_is_a_one_line_error(tmp_path, no_opt_in):
    home = tmp_path / "home"
    declarations = declare(tmp_path / "declarations", "http://127.0.0.1:9/secret")
    bad_env = termswatch("crawl", "--declarations", str(declarations), home=home,
                         env_extra={"TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "maybe"})
    assert bad_env.returncode == 2
    assert bad_env.stderr.strip().splitlines()[-1] == \
        "termswatch: TERMSWATCH_ALLOW_PRIVATE_NETWORKS: expected 1 or 0, got 'maybe'"
    assert "Traceback" not in bad_env.stderr
    home.mkdir(exist_ok=True)
    (home / "termswatch.toml").write_text('[crawl]\nallow_private_networks = "yes"\n')
    bad_config = termswatch("crawl", "--declarations", str(declarations), home=home)
    assert bad_config.returncode == 2 and "crawl.allow_private_networks" in bad_config.stderr
    with pytest.raises(CaptureError, match="TERMSWATCH_ALLOWED_NETWORKS"):
        crawl(tmp_path / "t.db", declarations, settings={"TERMSWATCH_ALLOWED_NETWORKS": ["10.0.0.0/33"]})


# -- pages rendered in the browser (executeClientScripts) -------------------------------------

@pytest.fixture(scope="module")
def chromium():
    import shutil
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def declare_rendered(folder, url: str):
    folder.mkdir(exist_ok=True)
    (folder / "Intranet.json").write_text(json.dumps({"name": "Intranet", "terms": {"Terms of Service": {
        "fetch": url, "select": "main", "executeClientScripts": True}}}))
    return folder


@pytest.mark.browser
def test_the_browser_is_never_sent_to_a_refused_address(tmp_path, no_opt_in, chromium):
    with CountingServer("127.0.0.1", {"/secret": (200, {}, PAGE)}) as internal:
        declarations = declare_rendered(tmp_path / "declarations", f"http://localhost:{internal.port}/secret")
        crawl(tmp_path / "t.db", declarations, settings={**FAST, "TERMSWATCH_BROWSER": chromium})
    assert internal.requests == []
    assert "localhost resolves to 127.0.0.1" in assert_refused(tmp_path / "t.db")


@pytest.mark.browser
def test_a_browser_redirect_to_a_refused_address_is_refused(tmp_path, no_opt_in, chromium):
    """Chromium follows redirects itself, out of reach of Playwright's routing: its proxy
    refuses the hop before connecting."""
    with CountingServer("127.0.0.2", {"/secret": (200, {}, PAGE)}) as internal:
        location = f"http://127.0.0.2:{internal.port}/secret"
        with CountingServer("127.0.0.1", {"/terms": (302, {"Location": location}, "")}) as public:
            declarations = declare_rendered(tmp_path / "declarations", public.base_url + "/terms")
            crawl(tmp_path / "t.db", declarations, settings={
                **FAST, "TERMSWATCH_BROWSER": chromium, "TERMSWATCH_ALLOWED_NETWORKS": ["127.0.0.1/32"]})
    assert public.pages_served == ["/terms"]
    assert internal.requests == []
    assert "127.0.0.2 is a loopback address" in assert_refused(tmp_path / "t.db")


@pytest.mark.browser
def test_a_rendered_page_cannot_make_the_browser_fetch_a_refused_address(tmp_path, no_opt_in, chromium):
    with CountingServer("127.0.0.2", {"/data": (200, {"Access-Control-Allow-Origin": "*"}, SECRET)}) as internal:
        script = (f"<div id=app></div><script>"
                  f"fetch('http://127.0.0.2:{internal.port}/data').then(r => r.text()).then(t => "
                  f"document.body.append(t)).catch(() => null);"
                  f"fetch('/clauses').then(r => r.text()).then(t => "
                  f"document.getElementById('app').outerHTML = '<main>' + t + '</main>')</script>")
        routes = {"/terms": (200, {}, f"<html><body>{script}</body></html>"),
                  "/clauses": (200, {}, "<h1>Terms</h1><p>Plain public terms of service, fetched by the page.</p>")}
        with CountingServer("127.0.0.1", routes) as public:
            declarations = declare_rendered(tmp_path / "declarations", public.base_url + "/terms")
            report = crawl(tmp_path / "t.db", declarations, settings={
                **FAST, "TERMSWATCH_BROWSER": chromium, "TERMSWATCH_ALLOWED_NETWORKS": ["127.0.0.1/32"]})
    assert report.counts == {"first": 1}
    assert internal.requests == []
    errors, versions, _ = outcome(tmp_path / "t.db")
    assert "Plain public terms of service, fetched by the page." in versions[0]["text"]
    assert SECRET not in versions[0]["text"] and public.pages_served == ["/terms", "/clauses"]


def test_the_address_actually_connected_to_is_checked_on_every_response():
    """Whatever DNS said before, a response from a refused address (a rebinding name) is dropped."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from spiders.boundary import BlockedAddress, NetworkBoundaryMiddleware

    import asyncio
    import ipaddress

    middleware = NetworkBoundaryMiddleware(AddressPolicy())
    request = Request("http://terms.example/tos")
    rebound = HtmlResponse(request.url, body=PAGE.encode(), request=request,
                           ip_address=ipaddress.ip_address("169.254.169.254"))
    with pytest.raises(BlockedAddress, match="terms.example resolves to 169.254.169.254, a link-local"):
        asyncio.run(middleware.process_response(request, rebound))
    public = HtmlResponse(request.url, body=PAGE.encode(), request=request,
                          ip_address=ipaddress.ip_address("93.184.216.34"))
    assert asyncio.run(middleware.process_response(request, public)) is public
