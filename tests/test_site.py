"""The static site built from a synthetic store: links, contents, escaping, incremental builds."""

from __future__ import annotations

import doctest
import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner

from monitor import text, views
from monitor.paths import Home
from monitor.cli import publish as site_cli
from monitor.site import build_site, excerpts, make_server, markup, staging, urls, words
from monitor.site.data import load_taxonomy
from monitor.store import Store

import synthetic_store as synthetic  # tests/synthetic_store.py (tests/ is on sys.path under pytest)
from synthetic_store import add_version, populate

SERVICE_IDS = ["Amazon.com", "Disney+", "Ünïcode Café", "Service 0004"]


def _html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def _parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store of four services (two documents each, six versions each) and its site."""
    root = tmp_path_factory.mktemp("site")
    store = Store.open(root / "termswatch.db")
    populate(store, service_ids=SERVICE_IDS, versions=6)
    report = build_site(store, root / "site")
    yield store, root / "site", report
    store.close()


def test_index_links_every_service_page(built):
    store, out, report = built
    assert report.written > 0 and report.unchanged == 0
    index = _parse(out / "index.html")
    links = {a.get("href") for a in index.iter("a")}
    for service_id in SERVICE_IDS:
        page = urls.service_page(service_id)
        assert page in links
        name = store.db.execute("SELECT name FROM services WHERE id = ?", [service_id]).fetchone()[0]
        assert _parse(out / page).findtext(".//h1") == name


def test_every_relative_link_and_anchor_resolves(built):
    _, out, _ = built
    ids_cache: dict[Path, set] = {}
    checked = 0
    for page in _html_pages(out):
        for element in _parse(page).iter("a", "link"):
            href = element.get("href")
            if not href or urlsplit(href).scheme in ("http", "https"):
                continue
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), f"{page}: {href}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(out)} links to missing {href}"
            assert out.resolve() in target.parents
            if parts.fragment:
                if target not in ids_cache:
                    ids_cache[target] = {e.get("id") for e in _parse(target).iter() if e.get("id")}
                assert parts.fragment in ids_cache[target], f"{page.relative_to(out)}: no #{parts.fragment}"
            checked += 1
    assert checked > 100


def test_pages_are_accessible_html_without_script(built):
    _, out, _ = built
    for page in _html_pages(out):
        tree = _parse(page)
        assert tree.get("lang") == "en"
        assert not tree.xpath("//script"), page
        policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy and "default-src 'none'" in policy[0]
        assert len(tree.xpath("//h1")) == 1, page
        assert tree.xpath("//main[@id='main']")
        assert tree.xpath("//link[@rel='alternate'][@type='application/atom+xml']")
        # Images carry a text alternative: the chart is an <svg role=img> with <title>/<desc>.
        assert all(img.get("alt") for img in tree.xpath("//img"))


def _rows(out: Path, name: str) -> list[dict]:
    table = _parse(out / name).xpath("//table[contains(@class, 'services')]")[0]
    rows = []
    for tr in table.xpath("./tbody/tr"):
        cells = {td.get("data-label"): td.text_content().strip() for td in tr.xpath("./th|./td")}
        rows.append(cells)
    return rows


def test_index_is_sortable_without_script(built):
    store, out, _ = built
    scores = [int(r["Score"]) for r in _rows(out, "index.html")]
    assert scores == sorted(scores) and len(scores) == len(SERVICE_IDS)
    names = [r["Service"] for r in _rows(out, "by-name.html")]
    assert names == sorted(names, key=str.casefold)
    dates = [r["Last substantive change"][:10] for r in _rows(out, "by-change.html")]
    assert dates == sorted(dates, reverse=True)
    trend_page = _parse(out / "by-trend.html")
    assert trend_page.xpath("//th[@aria-sort='ascending']//text()")[0] == "Trend"
    # Every variant links to every other one from its column headings.
    for name in ("index.html", "by-name.html", "by-trend.html", "by-change.html"):
        assert set(_parse(out / name).xpath("//thead//a/@href")) == {
            "index.html", "by-name.html", "by-trend.html", "by-change.html"}


def test_index_row_shows_grade_score_trend_and_last_change(built):
    store, out, _ = built
    expected = {row["name"]: row for row in views.service_rows(store)}
    for row in _rows(out, "by-name.html"):
        truth = expected[row["Service"]]
        assert row["Grade"] == f"Grade {truth['grade']}"
        assert int(row["Score"]) == truth["score"]
        last = truth["last_substantive_change"]
        assert row["Last substantive change"].startswith(f"{last['to'][:10]} · {last['terms_type']}")
        trend = truth["trend"]
        assert (f"+{trend}" if trend > 0 else f"\u2212{-trend}" if trend < 0 else "unchanged") in row["Trend"]


def test_service_page(built):
    store, out, _ = built
    service_id = "Amazon.com"
    view = views.service_view(store, service_id)
    page = _parse(out / urls.service_page(service_id))
    text = page.text_content()
    assert f"{view['score']['score']}" in page.xpath("//*[@class='score-big']/text()")
    chart = page.xpath("//svg[@role='img']")[0]
    assert chart.xpath("./title/text()")[0] == f"Score of {view['name']} over time"
    assert "lowest" in chart.xpath("./desc/text()")[0]
    assert len(page.xpath("//details//table/tbody/tr")) == len(view["history"])
    # The score's explanation: every item, with points, change items linking to their page.
    reasons = page.xpath("//ul[@class='reasons']/li")
    assert len(reasons) == len(view["score"]["reasons"])
    change_links = [h for h in page.xpath("//ul[@class='reasons']//a/@href") if "/changes/" in h or
                    h.startswith("changes/")]
    assert change_links
    # Harmful terms in force, each with the taxonomy's name and explanation and its clause.
    in_force = views.terms_in_force(store, service_id)
    harms = page.xpath("//ul[@class='terms']/li")
    assert [h.findtext("h3").strip() for h in harms] == list(dict.fromkeys(
        words.category_name(f["category"], load_taxonomy()) for f in in_force))
    assert len(page.xpath("//ul[@class='terms']//div[@class='clause-block']")) == len(in_force)
    assert "Training AI on your data" in text
    assert harms[0].xpath(".//blockquote//mark")
    # The timeline lists substantive and suspect changes; cosmetic ones are folded away.
    main = page.xpath("//section[h2[@id='timeline-heading']]/ol[@class='timeline']/li")
    folded = page.xpath("//section[h2[@id='timeline-heading']]/details/ol/li")
    assert len(main) == sum(1 for c in view["changes"] if c["substantive"] or c["suspect"])
    assert len(folded) == sum(1 for c in view["changes"] if not (c["substantive"] or c["suspect"]))
    assert folded and all("Cosmetic" in li.text_content() for li in folded)
    # Documents: address, last capture, errors.
    assert page.xpath("//section[@id='doc-privacy-policy']//a[starts-with(@href, 'https://')]")
    assert "HTTP 503" in text or not any(d["errors"] for d in view["documents"])


def test_change_page_says_what_it_means(built):
    store, out, _ = built
    worse = next(c for c in views.change_rows(store, service_id="Amazon.com")
                 if c["direction"] == "worse" and c["categories"] and c["imposed"]["notice_days"] is None)
    page = _parse(out / urls.change_page("Amazon.com", worse["id"]))
    sentence = page.xpath("//p[@class='sentence']/text()")[0]
    assert sentence.startswith(f"This change makes the {worse['terms_type']} worse for users: it adds ")
    assert sentence.endswith(f"(severity {worse['severity']}).")
    assert page.xpath("//ul[@class='evidence']//blockquote/mark/text()") == [worse["evidence"][0]["text"]]
    facts = dict(zip(page.xpath("//section[h2[@id='imposed-heading']]//dt/text()"),
                     page.xpath("//section[h2[@id='imposed-heading']]//dd/text()")))
    assert facts["Notice given"] == "none stated"
    assert facts["Accepted by continuing to use the service"].startswith("yes")
    assert page.xpath("//section[@class='hunk']//del") and page.xpath("//section[@class='hunk']//ins")
    # Its cosmetic edit (the "last updated" date) is folded away below the substantive one.
    assert len(page.xpath("//section[h2[@id='diff-heading']]/section[@class='hunk']")) == 1
    assert len(page.xpath("//details[@class='cosmetic-hunks']/section[@class='hunk']")) == 1
    assert page.xpath("//table[contains(@class, 'tw-side-by-side')]//td[@class='tw-new']//ins")
    assert page.xpath("//a[@rel='prev']")
    # The evidence links to its passage in the diff.
    anchor = page.xpath("//ul[@class='evidence']//a/@href")[0]
    assert page.xpath(f"//*[@id='{anchor[1:]}']")


def test_cosmetic_change_page_gives_reasons(built):
    store, out, _ = built
    cosmetic = next(c for c in views.change_rows(store) if not c["substantive"])
    page = _parse(out / urls.change_page(cosmetic["service_id"], cosmetic["id"]))
    assert "is cosmetic" in page.xpath("//p[@class='sentence']/text()")[0]
    assert words.COSMETIC_REASONS["date"] in page.text_content()


def test_method_page_renders_the_scoring_document(built):
    _, out, _ = built
    source = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
    first_heading = next(line[2:].strip() for line in source.read_text().splitlines() if line.startswith("# "))
    page = _parse(out / "method.html")
    assert page.xpath("//article//h1/text()") == [first_heading]
    assert len(page.xpath("//article//h2")) >= 2
    assert page.xpath("//pre[@class='parameters']") and "[grades]" in page.xpath("//pre/text()")[0]


def test_method_page_escapes_raw_html_in_markdown(tmp_path):
    store = Store.open(tmp_path / "db")
    source = tmp_path / "method.md"
    source.write_text("# Method\n\n<script>window.__pwned=1</script>\n\n[x](javascript:alert(1))\n")
    build_site(store, tmp_path / "site", method_source=source)
    page = (tmp_path / "site" / "method.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_incremental_rebuild_writes_only_what_changed(tmp_path):
    store = Store.open(tmp_path / "db")
    populate(store, service_ids=SERVICE_IDS, versions=5)
    out = tmp_path / "site"
    first = build_site(store, out)
    again = build_site(store, out)
    assert (again.written, again.removed, again.unchanged) == (0, 0, first.written)

    new = add_version(store, "Disney+", "Privacy Policy")   # a worse change of severity 3
    document_id = store.find_document("Disney+", "Privacy Policy")["id"]
    changes = views.change_rows(store, document_id=document_id)
    assert changes[0]["id"] == new["change_id"]
    assert (changes[0]["direction"], changes[0]["severity"], changes[0]["reportable"]) == ("worse", 3, True)
    report = build_site(store, out)
    expected = {urls.change_page("Disney+", new["change_id"]),
                urls.change_page("Disney+", changes[1]["id"]),     # its "next change" link
                urls.service_page("Disney+"),
                "index.html", "by-name.html", "by-trend.html", "by-change.html",
                "feeds/all.xml", "feeds/severity-1.xml", "feeds/severity-2.xml", "feeds/severity-3.xml",
                urls.service_feed("Disney+"), urls.document_feed("Disney+", "privacy-policy")}
    assert set(report.written_paths) == expected
    assert report.removed == 0 and report.unchanged == first.written + 1 - len(expected)
    total = report.written + report.unchanged

    # A page lost from the disk is written again.
    (out / urls.service_page("Amazon.com")).unlink()
    assert build_site(store, out).written_paths == [urls.service_page("Amazon.com")]
    # A full build renders everything.
    full = build_site(store, out, incremental=False)
    assert (full.written, full.unchanged) == (total, 0)
    # No temporary file is left behind by the atomic writes.
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_pages_of_a_vanished_service_are_removed(tmp_path):
    out = tmp_path / "site"
    with Store.open(tmp_path / "a.db") as store:
        populate(store, service_ids=["Keep", "Gone.example"], versions=3)
        build_site(store, out)
    assert (out / "services" / "Gone.example").is_dir()
    (out / "notes.txt").write_text("not ours")
    with Store.open(tmp_path / "b.db") as store:
        populate(store, service_ids=["Keep"], versions=3)
        report = build_site(store, out)
    assert report.removed > 0
    assert not (out / "services" / "Gone.example").exists()
    assert not (out / "feeds" / "services" / "Gone.example").exists()
    assert (out / "notes.txt").exists()      # files the site did not write are never touched
    manifest = json.loads((out / urls.MANIFEST).read_text())
    assert not [p for p in manifest["pages"] if "Gone.example" in p]


def test_a_tampered_manifest_cannot_delete_outside_the_site(tmp_path):
    out = tmp_path / "site"
    store = Store.open(tmp_path / "db")
    populate(store, services=1, versions=2)
    build_site(store, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads((out / urls.MANIFEST).read_text())
    manifest["pages"].update({"../victim.txt": "x", str(victim): "x", "services/../../victim.txt": "x"})
    (out / urls.MANIFEST).write_text(json.dumps(manifest))
    build_site(store, out)
    assert victim.read_text() == "keep me"


# -- escaping ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    store = Store.open(root / "db")
    populate(store, service_ids=["Evil <script>window.__pwned=1</script>", "javascript:alert(1)", "Plain"],
             versions=5, hostile=True)
    build_site(store, root / "site")
    yield store, root / "site"
    store.close()


def test_captured_text_is_escaped_everywhere(hostile):
    store, out = hostile
    pages = _html_pages(out)
    assert len(pages) > 20
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        tree = lxml.html.fromstring(raw)
        assert not tree.xpath("//script"), page
        assert not tree.xpath("//svg//*[local-name()='script']")
        for element in tree.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{page}: {name}={value}"
                if name in ("href", "src", "action", "formaction"):
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), page
        assert "window.__pwned=1</script>" not in raw
    service_page = _parse(out / urls.service_page("Plain"))
    assert "<script>window.__pwned=1</script>" in service_page.text_content()  # shown as text
    # A document whose address is not http(s) is shown, not linked.
    evil = _parse(out / urls.service_page("Evil <script>window.__pwned=1</script>"))
    assert evil.xpath("//span[@class='url']/text()") == [synthetic.HOSTILE[3]] * 2


def test_highlight_escapes_before_marking():
    html = str(markup.highlight('a <b onclick="x">bold</b> claim', ['<b onclick="x">bold']))
    assert html == 'a <mark>&lt;b onclick=&#34;x&#34;&gt;bold</mark>&lt;/b&gt; claim'
    assert str(markup.evidence_html("clause", "<i>missing</i>")) == "<mark>&lt;i&gt;missing&lt;/i&gt;</mark>"
    assert str(markup.highlight("We  MAY sell", ["we may sell"])) == "<mark>We  MAY sell</mark>"


# -- names and colours -------------------------------------------------------------------------

def test_slugs_are_safe_stable_and_distinct():
    ids = ["Amazon.com", "amazon.com", "Disney+", "Disney-", "Ünïcode", "Unicode", "..", ".", "", "con",
           "a/b", "a\\b", "x" * 200, "Café", "Café", "日本語サービス", "CON.txt"]
    slugs = [urls.service_slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    for slug in slugs:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", slug), slug
        assert not slug.endswith(".") and slug.split(".")[0].lower() not in ("con", "nul", "prn", "aux")
    assert urls.service_slug("Amazon.com") == "Amazon.com"                 # readable when it can be
    assert urls.service_slug("Disney+") == urls.service_slug("Disney+")    # stable
    docs = urls.document_slugs(["Terms of Service", "Privacy Policy", "privacy policy"])
    assert docs["Terms of Service"] == "terms-of-service" and len(set(docs.values())) == 3


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_meet_wcag_aa_contrast():
    css = (Path(urls.__file__).parent / "static" / "site.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+[A-E]?):\s*(#[0-9a-f]{6})", css))
    for grade in "ABCDE":   # white text on each grade badge
        assert _contrast(colours[f"grade-{grade}"], "#ffffff") >= 4.5, grade
    for name in ("worse", "better", "neutral", "link", "muted", "text"):
        assert _contrast(colours[name], "#ffffff") >= 4.5, name
    assert _contrast(colours["del-text"], colours["del-bg"]) >= 4.5
    assert _contrast(colours["ins-text"], colours["ins-bg"]) >= 4.5
    assert _contrast(colours["text"], colours["mark-bg"]) >= 4.5


# -- the command and the docs ------------------------------------------------------------------

def test_site_build_command(tmp_path):
    from monitor.cli import Context

    home = Home(tmp_path / "home").ensure()
    with Store.open(home.database) as store:
        populate(store, services=2, versions=3)
    runner = CliRunner()
    result = runner.invoke(site_cli.site, ["build"], obj=Context(home, 0, True))
    assert result.exit_code == 0, result.output
    assert (home.site / "index.html").is_file() and (home.site / "feeds" / "all.xml").is_file()
    assert "written" in result.output and (home.site / "index.html").as_uri() in result.output
    out = tmp_path / "elsewhere"
    result = runner.invoke(site_cli.site, ["build", "--out", str(out), "--full"], obj=Context(home, 0, True))
    assert result.exit_code == 0 and (out / "index.html").is_file()
    result = runner.invoke(site_cli.site, ["build"], obj=Context(home, 0, True))
    assert "0 written" in result.output


def test_local_server_serves_the_site_with_a_strict_policy(built):
    _, out, _ = built
    server = make_server(out, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(base) as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert "script-src" not in response.headers["Content-Security-Policy"]
            assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert response.read() == (out / "index.html").read_bytes()
        with urllib.request.urlopen(base + "feeds/all.xml") as response:
            assert response.headers["Content-Type"].startswith("application/atom+xml")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(base + "feeds/")             # no folder listings
        assert error.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("module", [urls, words, markup, synthetic, excerpts, text, staging])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


# -- pages people read -------------------------------------------------------------------------

POLICY = "\n\n".join([
    "# Privacy Policy",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "We do not sell your personal information.",
    "You can delete your account at any time from the settings page, and we then erase your data.",
    "*   **We may share** your information with [our advertising partners](https://partners.example/list) "
    "to show you personalised ads.",
    "Any dispute will be resolved by **binding arbitration** and you waive your right to a class action.",
] + [f"Section {i}. You may contact our support team about any question regarding clause {i} of this policy."
     for i in range(1, 6)])
WORSE_POLICY = POLICY.replace(
    "Section 1. You may", "We may use your content and messages to train our artificial intelligence models.\n\nSection 1. You may")


@pytest.fixture(scope="module")
def read_site(tmp_path_factory):
    """A service run through the real pipeline: a policy with harms and protections, then a
    worse change (AI training)."""
    from monitor.pipeline import process_new_records

    root = tmp_path_factory.mktemp("read")
    store = Store.open(root / "db")
    doc = store.ensure_document("Example", "Example", "Privacy Policy", "https://example.test/privacy", {})
    store.record_version(doc, POLICY, recorded_at="2025-01-01T00:00:00Z")
    store.record_version(doc, WORSE_POLICY, recorded_at="2025-02-01T00:00:00Z")
    process_new_records(store)
    build_site(store, root / "site")
    yield store, root / "site"
    store.close()


def test_service_page_opens_with_a_summary(read_site):
    store, out = read_site
    raw = (out / urls.service_page("Example")).read_text(encoding="utf-8")
    page = lxml.html.fromstring(raw)
    summary = page.xpath("//section[@class='summary']")[0]
    # grade, the harms that weigh most, the protections, the latest substantive change: in
    # that order, all before the details
    order = [raw.index(marker) for marker in (
        'class="score-big"', 'id="top-harms-heading"', 'id="protections-heading"', 'id="latest-change-heading"',
        'id="reasons-heading"', 'id="terms-heading"', 'id="basis-heading"', 'id="timeline-heading"')]
    assert order == sorted(order)
    taxonomy = load_taxonomy()
    harms = summary.xpath(".//ul[@class='top-harms']/li")
    assert 1 <= len(harms) <= 3
    for harm in harms:
        name = harm.findtext(".//strong")
        explanation = next(c["explanation"] for c in taxonomy.values() if c["name"] == name)
        assert explanation and explanation in harm.text_content()
        # each links to its clauses in the details
        assert page.xpath(f"//*[@id='{harm.xpath('.//a/@href')[0][1:]}']//blockquote")
    points = [li.text_content() for li in summary.xpath(".//ul[@class='protections']/li")]
    assert any("Does not sell your personal data" in p and "do not sell your personal information" in p
               for p in points), points
    assert any(p.startswith(words.PROTECTION_WORDS["user_rights"]) for p in points), points
    latest = summary.xpath(".//section[@class='glance-change']")[0]
    assert "This change makes the Privacy Policy worse for users" in latest.text_content()
    assert "training AI on your data" in latest.text_content()
    assert "What the score rests on" in summary.text_content()
    # a protection is a good point, never a harm: not among the harmful terms nor the score
    assert not [t for t in views.terms_in_force(store, "Example") if t.get("polarity") == "protection"]
    assert all("Does not sell" not in h.text_content() for h in page.xpath("//ul[@class='terms']/li"))


def test_protections_are_recorded_but_never_scored(read_site):
    from monitor.classify import load_taxonomy as classifier_taxonomy
    from monitor.pipeline import score_history
    from monitor.score import load_params

    store, _ = read_site
    version_id = store.db.execute("SELECT max(version_id) FROM version_findings").fetchone()[0]
    findings = json.loads(store.findings_of(version_id))
    assert {f["category"] for f in findings if f.get("polarity") == "protection"} >= {"data_sale", "user_rights"}
    before = score_history(store, "Example", load_params(), classifier_taxonomy())
    harms_only = json.dumps([f for f in findings if f.get("polarity") != "protection"])
    with store.db.conn:
        store.db.execute("UPDATE version_findings SET findings = ? WHERE version_id = ?", [harms_only, version_id])
    try:
        assert score_history(store, "Example", load_params(), classifier_taxonomy()) == before
    finally:
        with store.db.conn:
            store.db.execute("UPDATE version_findings SET findings = ? WHERE version_id = ?",
                             [json.dumps(findings), version_id])


def test_quotes_are_text_not_markdown(read_site):
    _, out = read_site
    pages = [_parse(p) for p in _html_pages(out / "services")]
    quotes = [q.text_content() for page in pages for q in page.xpath("//blockquote | //q")]
    assert any("We may share your information with our advertising partners" in q for q in quotes), quotes
    for quote in quotes:
        assert "**" not in quote and "](" not in quote and not re.search(r"^\s*(\*|#)\s", quote, re.M), quote


def _large_document(paragraphs: int = 8000) -> str:
    return "\n\n".join(f"Paragraph {i}. We don't keep the data you give us for purpose {i} longer than the law "
                       f"allows, and we don't use it for anything else." for i in range(paragraphs))


def test_cosmetic_change_pages_of_a_large_document_stay_small(tmp_path):
    from monitor.pipeline import record_changes

    store = Store.open(tmp_path / "db")
    doc = store.ensure_document("Big", "Big", "Terms of Service", "https://big.test/terms", {})
    old = _large_document()
    assert len(old) > 1_000_000
    curly = old.replace("don't", "don\u2019t")                       # typography in every paragraph
    one_word = curly.replace("purpose 4000 longer", "purpose 4000 longer")   # one word's spacing
    for day, text in enumerate((old, curly, one_word), 1):
        store.record_version(doc, text, recorded_at=f"2025-03-0{day}T00:00:00Z")
    record_changes(store)
    changes = views.change_rows(store, document_id=doc)
    assert len(changes) == 2 and not any(c["substantive"] for c in changes)
    hunk_counts = [len(store.hunk_rows(c["id"])) for c in changes]
    assert sorted(hunk_counts) == [1, 8000]
    build_site(store, tmp_path / "site")
    for change in changes:
        page = tmp_path / "site" / urls.change_page("Big", change["id"])
        assert page.stat().st_size < 100_000, (change["id"], page.stat().st_size)
        assert "is cosmetic" in _parse(page).xpath("//p[@class='sentence']/text()")[0]
    store.close()


def test_a_change_of_thousands_of_passages_renders_quickly(tmp_path):
    import time

    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["Many"], versions=2, documents=("Terms of Service",))
    change_id = store.db.execute("SELECT id FROM changes").fetchone()[0]
    with store.db.conn:
        store.write_hunks(change_id,
            [(n, "modified", "S", f"We keep it {n} days.", f"We keep it {n + 1} days.",
              json.dumps([[0, "We keep it "], [-1, f"{n} "], [1, f"{n + 1} "], [0, "days."]]),
              n % 2, "wording" if n % 2 else "numbering", n, n) for n in range(20_000)])
    started = time.perf_counter()
    build_site(store, tmp_path / "site")
    seconds = time.perf_counter() - started
    page = tmp_path / "site" / urls.change_page("Many", change_id)
    assert seconds < 8, seconds               # a list scan per hunk took minutes here
    assert page.stat().st_size < 300_000
    text = _parse(page).text_content()
    assert "10000 passages changed, besides 10000 cosmetic edits" in " ".join(text.split())
    assert "more changed passages, not shown here" in text
    store.close()


def test_many_cosmetic_changes_of_a_document_share_one_page(tmp_path):
    from monitor.site.change_pages import COSMETIC_PAGES_MAX

    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["Flappy"], versions=60, documents=("Terms of Service",))
    out = tmp_path / "site"
    build_site(store, out)
    changes = views.change_rows(store, service_id="Flappy")
    cosmetic = [c for c in changes if not c["substantive"] and not c["suspect"]]
    assert len(cosmetic) > COSMETIC_PAGES_MAX
    group = out / urls.cosmetic_changes_page("Flappy", "terms-of-service")
    entries = _parse(group).xpath("//ol[@class='cosmetic-list']/li/@id")
    assert sorted(entries) == sorted(f"change-{c['id']}" for c in cosmetic)
    for change in changes:
        own = out / urls.change_page("Flappy", change["id"])
        assert own.exists() == (change not in cosmetic)
    # the service page links to the group page; the pagers of the other changes to their entries
    service_path = out / urls.service_page("Flappy")
    links = _parse(service_path).xpath("//ul[@class='cosmetic-groups']//a/@href")
    assert [(service_path.parent / href).resolve() for href in links] == [group.resolve()]
    assert not _parse(service_path).xpath("//section[h2[@id='timeline-heading']]/details")
    pager_targets = set()
    for change in changes:
        if change in cosmetic:
            continue
        page_path = out / urls.change_page("Flappy", change["id"])
        for href in _parse(page_path).xpath("//nav[@class='pager']/a/@href"):
            if "#" in href:
                assert (page_path.parent / href.split("#")[0]).resolve() == group.resolve()
                pager_targets.add(href.split("#")[1])
    assert pager_targets and pager_targets <= set(entries)
    assert group.stat().st_size < 100_000
    store.close()


def test_evidence_as_whole_clauses_marks_the_decisive_words(tmp_path):
    """Evidence may come as strings or as whole clauses with the decisive words as spans."""
    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["Shapes"], versions=6, documents=("Privacy Policy",))
    change = next(c for c in views.change_rows(store, service_id="Shapes") if c["direction"] == "worse")
    clause = store.hunk_rows(change["id"])[1]["new"]
    start = clause.index("we process the data")
    evidence = [{"category": "data_sale", "side": "new", "hunk": 1, "text": clause,
                 "highlight": [[start, start + len("we process the data")]]}]
    version_id = store.db.execute("SELECT max(version_id) FROM version_findings").fetchone()[0]
    findings = [{**f, "evidence": [{"text": f["text"], "highlight": ["purpose number"]}]}
                for f in json.loads(store.findings_of(version_id))]
    with store.db.conn:
        store.db.execute("UPDATE assessments SET evidence = ? WHERE change_id = ?", [json.dumps(evidence), change["id"]])
        store.db.execute("UPDATE version_findings SET findings = ? WHERE version_id = ?",
                         [json.dumps(findings), version_id])
    build_site(store, tmp_path / "site")
    page = _parse(tmp_path / "site" / urls.change_page("Shapes", change["id"]))
    assert page.xpath("//ul[@class='evidence']//blockquote/mark/text()") == ["we process the data"]
    service = _parse(tmp_path / "site" / urls.service_page("Shapes"))
    assert set(service.xpath("//ul[@class='terms']//blockquote/mark/text()")) == {"purpose number"}
    store.close()


def test_a_harm_repeated_in_hundreds_of_clauses_keeps_the_service_page_short(tmp_path):
    from monitor.site.service_page import CLAUSES_PER_HARM

    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["Long"], versions=2, documents=("Terms of Service",))
    version_id = store.db.execute("SELECT max(version_id) FROM version_findings").fetchone()[0]
    findings = [{"category": "arbitration", "severity": 2, "clause": n, "section": f"Part {n}",
                 "text": f"Clause {n}: any dispute goes to binding arbitration. " + "Filler words here. " * 30,
                 "evidence": ["binding arbitration"]} for n in range(500)]
    with store.db.conn:
        store.db.execute("UPDATE version_findings SET findings = ? WHERE version_id = ?",
                         [json.dumps(findings), version_id])
    build_site(store, tmp_path / "site")
    path = tmp_path / "site" / urls.service_page("Long")
    page = _parse(path)
    assert len(page.xpath("//ul[@class='terms']//div[@class='clause-block']")) == CLAUSES_PER_HARM
    assert f"And {500 - CLAUSES_PER_HARM} more clauses with this harm" in page.text_content()
    assert path.stat().st_size < 60_000
    store.close()
