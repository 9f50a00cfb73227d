"""Atom feeds: valid, stable, filtered as named, and with every captured text escaped."""

from __future__ import annotations

import feedparser
import lxml.etree
import lxml.html
import pytest

from monitor import views
from monitor.feeds import FEED_ENTRIES, feed_xml, write_feeds
from monitor.site import build_site, urls
from monitor.store import Store

from synthetic_store import add_version, populate  # tests/synthetic_store.py

ATOM = "{http://www.w3.org/2005/Atom}"
SERVICES = ["Amazon.com", "Disney+", "Évil <script>window.__pwned=1</script>"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    store = Store.open(root / "db")
    populate(store, service_ids=SERVICES, versions=8, hostile=True)
    build_site(store, root / "site")
    yield store, root / "site"
    store.close()


def _feeds(out):
    return sorted((out / "feeds").rglob("*.xml"))


def _entry_change_ids(path) -> list[int]:
    parsed = feedparser.parse(path.read_bytes())
    return [int(e.id.rsplit("/", 1)[1]) for e in parsed.entries]


def test_the_feeds_exist_where_documented(site):
    store, out = site
    expected = {"feeds/all.xml", "feeds/severity-1.xml", "feeds/severity-2.xml", "feeds/severity-3.xml",
                "feeds/operator.xml"}
    for service in store.services():
        expected.add(urls.service_feed(service["id"]))
        for doc in store.query("SELECT terms_type FROM documents WHERE service_id = ?", [service["id"]]):
            expected.add(urls.document_feed(service["id"], urls.document_slugs([doc["terms_type"]])[doc["terms_type"]]))
    assert {str(p.relative_to(out)) for p in _feeds(out)} == expected


def test_every_feed_is_valid_atom_with_the_required_elements(site):
    _, out = site
    for path in _feeds(out):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.id.startswith("tag:termswatch,2026:feed/") and parsed.feed.title and parsed.feed.updated
        assert any(link.rel == "self" for link in parsed.feed.links)
        # RFC 4287: every entry has exactly one id, title and updated; an author comes from
        # the feed; content is typed.
        root = lxml.etree.fromstring(path.read_bytes())
        assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}author/{ATOM}name") is not None
        for entry in root.iter(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{required}")) == 1
            assert entry.find(f"{ATOM}content").get("type") == "html"
            links = entry.findall(f"{ATOM}link")       # rel defaults to "alternate"
            assert [link.get("rel", "alternate") for link in links] == ["alternate"]
        for entry in parsed.entries:
            assert entry.id.startswith("tag:termswatch,2026:change/") and entry.updated and entry.link


def test_entries_are_the_reportable_changes_newest_first(site):
    store, out = site
    reportable = views.change_rows(store, reportable_only=True)
    assert _entry_change_ids(out / "feeds/all.xml") == [c["id"] for c in reportable][:FEED_ENTRIES]
    by_id = {c["id"]: c for c in views.change_rows(store)}
    for n in (1, 2, 3):
        ids = _entry_change_ids(out / f"feeds/severity-{n}.xml")
        assert ids == [c["id"] for c in reportable if c["severity"] >= n][:FEED_ENTRIES]
        assert all(by_id[i]["severity"] >= n for i in ids)
    document = store.find_document("Disney+", "Privacy Policy")
    ids = _entry_change_ids(out / urls.document_feed("Disney+", "privacy-policy"))
    assert ids and ids == [c["id"] for c in reportable if c["document_id"] == document["id"]]
    ids = _entry_change_ids(out / urls.service_feed("Disney+"))
    assert ids == [c["id"] for c in reportable if c["service_id"] == "Disney+"]


def test_entry_times_and_links(site):
    store, out = site
    by_id = {c["id"]: c for c in views.change_rows(store)}
    path = out / urls.service_feed("Amazon.com")
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.feed.updated == parsed.entries[0].updated      # the newest entry's time
    for entry in parsed.entries:
        change = by_id[int(entry.id.rsplit("/", 1)[1])]
        assert entry.updated.replace("+00:00", "Z") == change["to"]
        # Relative to the feed's own folder, the link reaches the change's page.
        assert (path.parent / entry.link).resolve() == (out / urls.change_page("Amazon.com", change["id"])).resolve()
        assert (path.parent / entry.link).resolve().is_file()


def test_ids_are_stable_and_unchanged_feeds_are_not_rewritten(site, tmp_path):
    store, out = site
    before = {p: p.read_bytes() for p in _feeds(out)}
    build_site(store, tmp_path / "again", incremental=False)
    for path, content in before.items():
        assert (tmp_path / "again" / path.relative_to(out)).read_bytes() == content


def test_content_is_escaped_html_that_runs_nothing(site):
    _, out = site
    payloads = 0
    for path in _feeds(out):
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw      # markup in content is escaped once more
        root = lxml.etree.fromstring(path.read_bytes())
        for content in root.iter(f"{ATOM}content"):
            html = lxml.html.fragment_fromstring(content.text, create_parent="div")
            assert not html.xpath("//script|//img|//svg|//iframe")
            for element in html.iter():
                for name, value in element.attrib.items():
                    assert not name.startswith("on")
                    assert not (name == "href" and value.lower().startswith("javascript:"))
            payloads += "window.__pwned=1" in html.text_content()
    assert payloads > 0     # the hostile text is there, as text


def test_feed_xml_is_the_written_feed(site):
    store, out = site
    assert feed_xml(store).encode() == (out / "feeds/all.xml").read_bytes()
    assert feed_xml(store, min_severity=2).encode() == (out / "feeds/severity-2.xml").read_bytes()
    assert feed_xml(store, service_id="Disney+", terms_type="Privacy Policy").encode() == \
        (out / urls.document_feed("Disney+", "privacy-policy")).read_bytes()
    with pytest.raises(KeyError):
        feed_xml(store, service_id="Disney+", terms_type="Cookie Policy")


def test_base_url_makes_links_absolute(site):
    store, _ = site
    parsed = feedparser.parse(feed_xml(store, base_url="https://example.org/tw/"))
    assert parsed.entries[0].link.startswith("https://example.org/tw/services/")
    assert any(l.rel == "self" and l.href == "https://example.org/tw/feeds/all.xml" for l in parsed.feed.links)


def test_write_feeds_alone_is_incremental(tmp_path):
    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["A", "B"], versions=5)
    paths = write_feeds(store, tmp_path / "site")
    assert paths and all(p.is_file() for p in paths)
    assert not (tmp_path / "site" / "index.html").exists()
    stamps = {p: p.stat().st_mtime_ns for p in paths}
    add_version(store, "B")   # the sixth version brings a worse change
    write_feeds(store, tmp_path / "site")
    rewritten = {p.relative_to(tmp_path / "site").as_posix() for p in paths if p.stat().st_mtime_ns != stamps[p]}
    assert urls.service_feed("B") in rewritten and urls.service_feed("A") not in rewritten


def test_feed_entries_are_made_with_their_change_pages_not_read_again(tmp_path, monkeypatch):
    # a full build reads a change's evidence and hunks for its page and makes its feed entry
    # then; only the global feeds, written last, may read their entries again
    import monitor.feeds
    from monitor.site.pages import HunkCache

    monkeypatch.setattr(monitor.feeds, "FEED_ENTRIES", 3)
    monkeypatch.setattr(HunkCache, "CHANGES_AT_ONCE", 1)   # each change's data read alone
    store = Store.open(tmp_path / "db.sqlite")
    populate(store, services=3, versions=8)
    read: list[int] = []
    details = Store.change_details
    monkeypatch.setattr(Store, "change_details", lambda self, ids, *rest: read.extend(ids) or details(self, ids, *rest))
    build_site(store, tmp_path / "site")
    global_entries = {int(entry.id.rsplit("/", 1)[1]) for name in ("all", "severity-1", "severity-2", "severity-3")
                      for entry in feedparser.parse(str(tmp_path / "site" / "feeds" / f"{name}.xml")).entries}
    in_feeds = {int(entry.id.rsplit("/", 1)[1]) for path in (tmp_path / "site" / "feeds" / "services").rglob("*.xml")
                for entry in feedparser.parse(str(path)).entries}
    assert in_feeds - global_entries
    assert {i for i in read if read.count(i) > 1} <= global_entries
    store.close()
