"""`termswatch add`, `preview` and `catalogue update`, against a real HTTP server on 127.0.0.1
and real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from monitor.demo.hostile import build_pdf
from monitor.paths import Home
from monitor.store import Store

pytestmark = pytest.mark.slow

NAV = "<nav class='top'><a href='/'>Home</a> <a href='/pricing'>Pricing</a> <a href='/blog'>Blog</a></nav>"
FOOTER = ("<footer><p>© 2026 Acme Widgets Ltd. All rights reserved.</p>"
          "<a href='/privacy'>Privacy</a> <a href='/careers'>Careers</a></footer>")
LEGAL = """<div class="wrapper"><div class="legal-body">
<h1>Acme Terms of Service</h1>
<div class="cookie-banner">We use cookies to improve the site. <a href="/ok">Accept</a></div>
<p>By creating an account or using the Acme service you agree to be bound by these terms.</p>
<p>We may suspend or terminate your account at any time if you breach these terms or the law.</p>
<h2>Your content</h2>
<p>You keep all rights in the content you upload, and you grant us a licence to host it.</p>
<p>Any dispute arising out of these terms shall be settled by binding arbitration in Delaware.</p>
</div><aside class="promo"><p>Try Acme Pro today.</p></aside></div>"""

PAGES = {
    "/terms": f"<html><body>{NAV}{LEGAL}{FOOTER}</body></html>",
    "/part-a": "<html><body><main><p>Part A: you agree to these terms of use and to our rules.</p></main></body></html>",
    "/part-b": "<html><body><main><p>Part B: we may process your personal data as the law allows.</p></main></body></html>",
    "/robots.txt": "",
}


PDF = build_pdf(["Acme Terms of Service (PDF edition)",
                 "By using the Acme service you agree to be bound by these terms and conditions."])


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = PDF if self.path.startswith("/terms.pdf") else PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(200)
        kind = "application/pdf" if isinstance(body, bytes) else "text/html; charset=utf-8"
        self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def termswatch(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=180, env={**os.environ, **(env or {})})


def test_add_proposes_the_legal_body_and_preview_prints_what_a_crawl_captures(site, tmp_path):
    home = tmp_path / "home"
    done = termswatch(home, "add", "Acme", f"{site}/terms")
    assert done.returncode == 0, done.stderr
    written = home / "declarations" / "Acme.json"
    assert done.stdout.splitlines()[0] == str(written)
    declaration = json.loads(written.read_text())
    tos = declaration["terms"]["Terms of Service"]
    assert tos["select"] == "div.legal-body"
    assert set(tos["remove"]) == {"div.cookie-banner"}
    assert "text starts: Acme Terms of Service =====" in done.stdout
    assert termswatch(home, "validate").returncode == 0

    shown = termswatch(home, "preview", "Acme")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.rstrip("\n")
    assert "binding arbitration" in text
    for chrome in ("Pricing", "All rights reserved", "We use cookies", "Try Acme Pro"):
        assert chrome not in text
    assert f"text length: {len(text)} characters" in done.stdout

    crawled = termswatch(home, "crawl", "Acme")      # reads <home>/declarations by default
    assert crawled.returncode == 0, crawled.stderr
    with Store.open(Home(home).database) as store:
        document = store.find_document("Acme", "Terms of Service")
        assert store.current_version(document["id"])["text"] == text


def test_add_refuses_to_overwrite_unless_forced_and_adds_other_terms_types(site, tmp_path):
    home = tmp_path / "home"
    assert termswatch(home, "add", "Acme", f"{site}/terms").returncode == 0
    again = termswatch(home, "add", "Acme", f"{site}/terms")
    assert again.returncode == 2
    assert again.stderr.strip().endswith("already declares 'Terms of Service'; --force replaces it")
    other = termswatch(home, "add", "Acme", f"{site}/part-b", "--type", "Privacy Policy")
    assert other.returncode == 0, other.stderr
    terms = json.loads((home / "declarations" / "Acme.json").read_text())["terms"]
    assert sorted(terms) == ["Privacy Policy", "Terms of Service"]
    assert termswatch(home, "add", "Acme", f"{site}/terms", "--force").returncode == 0


def test_add_declares_a_pdf_by_its_url_alone(site, tmp_path):
    home = tmp_path / "home"
    done = termswatch(home, "add", "AcmePdf", f"{site}/terms.pdf")
    assert done.returncode == 0, done.stderr
    terms = json.loads((home / "declarations" / "AcmePdf.json").read_text())["terms"]
    assert terms == {"Terms of Service": {"fetch": f"{site}/terms.pdf"}}
    assert "agree to be bound" in termswatch(home, "preview", "AcmePdf").stdout
    # OTA can declare a PDF without select only at a URL ending in .pdf
    query = termswatch(home, "add", "AcmePdf2", f"{site}/terms.pdf/download")
    assert query.returncode == 2 and "OTA declares PDFs only at URLs ending in .pdf" in query.stderr


def test_add_refuses_a_terms_type_outside_the_vocabulary_and_writes_nothing(site, tmp_path):
    home = tmp_path / "home"
    done = termswatch(home, "add", "Acme", f"{site}/terms", "--type", "Cookie Manifesto")
    assert done.returncode == 2 and "not a terms type of OTA's vocabulary" in done.stderr
    assert not (home / "declarations").exists()


def test_add_keeps_the_network_boundary(site, tmp_path):
    home = tmp_path / "home"
    done = termswatch(home, "add", "Acme", f"{site}/terms", env={"TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "0"})
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"termswatch: cannot fetch {site}/terms: ") and "not a public one" in last
    assert not (home / "declarations" / "Acme.json").exists()


def test_preview_of_a_combined_document(site, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "Duo.json").write_text(json.dumps({"name": "Duo", "terms": {"Terms of Service": {
        "combine": [{"fetch": f"{site}/part-a"}, {"fetch": f"{site}/part-b"}], "select": "main"}}}))
    done = termswatch(tmp_path / "home", "preview", "Duo", "Terms of Service", "--declarations", str(folder))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Part A: you agree to these terms of use and to our rules.\n\n- - -\n\n"
                           "Part B: we may process your personal data as the law allows.\n")
    assert not (tmp_path / "home" / "termswatch.db").exists()   # a preview records nothing


def test_preview_of_an_unknown_service_or_terms_type(site, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "Duo.json").write_text(json.dumps({"name": "Duo", "terms": {"Terms of Service": {
        "fetch": f"{site}/part-a", "select": "main"}}}))
    missing = termswatch(tmp_path / "home", "preview", "Nope", "--declarations", str(folder))
    assert missing.returncode == 2 and "no service 'Nope'" in missing.stderr
    wrong = termswatch(tmp_path / "home", "preview", "Duo", "Imprint", "--declarations", str(folder))
    assert wrong.returncode == 2 and "declares no 'Imprint'" in wrong.stderr


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}).stdout.strip()


def test_catalogue_update_from_a_git_clone_records_the_commit_and_licence(tmp_path):
    repo = tmp_path / "collection"
    declarations = repo / "declarations"
    declarations.mkdir(parents=True)
    (repo / "LICENSE").write_text("Our test licence, EUPL-1.2 style.\n")
    (declarations / "Alpha.json").write_text(json.dumps({"name": "Alpha", "terms": {
        "Privacy Policy": {"fetch": "https://alpha.test/privacy", "select": "main"}}}))
    (declarations / "Closed.json").write_text(json.dumps({"name": "Closed", "terms": {}}))
    (declarations / "Closed.history.json").write_text(json.dumps({"Terms of Service": [
        {"fetch": "https://closed.test/tos.pdf", "validUntil": "2023-10-18T15:06:00Z"}]}))
    (declarations / "Broken.json").write_text('{"name": "Broken", "terms": ')
    (declarations / "Alpha.filters.js").write_text("export function custom() {}\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "declarations")
    commit = git(repo, "rev-parse", "HEAD")

    home = tmp_path / "home"
    done = termswatch(home, "catalogue", "update", "--from", str(repo))
    assert done.returncode == 2                        # Broken.json was left out
    assert [line for line in done.stderr.splitlines() if line.startswith("left out: ")] == [
        f"left out: {declarations / 'Broken.json'}: line 1 column 29: invalid JSON: Expecting value"]
    assert f"at commit {commit}" in done.stdout and "2 services (1 terminated" in done.stdout
    installed = home / "catalogue"
    assert sorted(p.name for p in (installed / "declarations").iterdir()) == [
        "Alpha.json", "Closed.history.json", "Closed.json"]
    source = json.loads((installed / "SOURCE.json").read_text())
    assert source["commit"] == commit and source["source"] == str(repo)
    assert (installed / "LICENSE").read_text() == (repo / "LICENSE").read_text()
    # what crawl and run now read by default
    from monitor.paths import declaration_folders
    assert declaration_folders(Home(home)) == [installed / "declarations"]
    assert termswatch(home, "validate", str(installed / "declarations")).returncode == 0

    (declarations / "Beta.json").write_text(json.dumps({"name": "Beta", "terms": {
        "Imprint": {"fetch": "https://beta.test/imprint", "select": "main"}}}))
    (declarations / "Broken.json").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Beta")
    again = termswatch(home, "catalogue", "update", "--from", str(repo))
    assert again.returncode == 0, again.stderr
    assert json.loads((installed / "SOURCE.json").read_text())["commit"] == git(repo, "rev-parse", "HEAD")
    assert (installed / "declarations" / "Beta.json").exists()


def test_the_proposal_keeps_the_title_and_removes_the_widgets_inside():
    from monitor.propose import propose

    html = """<html><body><header><a href="/">Logo</a></header><main class="layout">
    <aside class="legal-sidebar"><ul><li><a href="/t">Terms</a></li><li><a href="/p">Privacy</a></li></ul></aside>
    <article id="policy" class="doc">
      <h1>Privacy Policy</h1><p class="updated">Last updated: 6 January 2026</p>
      <div class="share-tools"><a href="/print">Print</a> <a href="/pdf">Download PDF</a></div>
      <nav class="toc"><ol><li><a href="#a">What we collect</a></li><li><a href="#b">Sharing</a></li></ol></nav>
      <div class="body">
        <section id="a"><h2>What we collect</h2>
          <p>We collect the personal data you give us when you create an account, and usage data.</p></section>
        <section id="b"><h2>Sharing</h2>
          <p>We never sell your personal information to third parties, and we share it only as the law requires.</p>
          <p>Our payment provider receives the card number you type in order to charge your card each month.</p></section>
      </div>
    </article></main><footer><p>Made with care in Lyon since the year two thousand and twelve, by a small team.</p></footer></body></html>"""
    proposal = propose(html, "https://ex.test/privacy")
    assert proposal.select == "#policy"
    assert proposal.remove == ["div.share-tools", "nav"]


def test_the_catalogue_folder_can_be_set(tmp_path, monkeypatch):
    from monitor.catalogue import update_catalogue
    from monitor.paths import declaration_folders

    source = tmp_path / "mine"
    source.mkdir()
    (source / "Alpha.json").write_text(json.dumps({"name": "Alpha", "terms": {
        "Imprint": {"fetch": "https://alpha.test/imprint", "select": "main"}}}))
    monkeypatch.setenv("TERMSWATCH_CATALOGUE", str(tmp_path / "shared-catalogue"))
    report = update_catalogue(Home(tmp_path / "home"), source)
    assert report.commit is None and report.services == 1      # not a git work tree
    assert declaration_folders(Home(tmp_path / "home")) == [tmp_path / "shared-catalogue" / "declarations"]
    assert not (tmp_path / "home" / "catalogue").exists()
