"""Capture, end to end: real Scrapy crawls of the demo server over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from monitor.capture import LOOPBACK_SETTINGS, CaptureError, crawl
from monitor.demo import SCENARIO, DemoServer, events_for, write_declarations
from monitor.store import Store

pytestmark = pytest.mark.slow

HOSTILE_KINDS = {  # what each hostile endpoint of the demo must be recorded as
    "HTTP 404": "http_status", "HTTP 500": "http_status", "Timeout": "timeout",
    "Redirect loop": "redirect_loop", "Connection refused": "connection_refused",
    "Empty body": "empty_content", "Selector matches nothing": "selector_no_match",
    "Oversized body": "too_large", "Undecodable bytes": "undecodable",
    "Bot wall (403)": "bot_wall", "Bot wall (200)": "bot_wall",
}


def document(store: Store, service: str, terms_type: str) -> dict:
    found = store.find_document(service, terms_type)
    assert found, f"{service} / {terms_type} not registered"
    return found


@pytest.fixture(scope="module")
def server():
    with DemoServer() as running:
        yield running


@pytest.fixture(scope="module")
def first_crawl(server, tmp_path_factory):
    """Day 0, every invented service plus the hostile one, crawled once."""
    root = tmp_path_factory.mktemp("capture")
    declarations = root / "declarations"
    write_declarations(server.base_url, declarations, hostile=True)
    database = root / "termswatch.db"
    server.set_day(0)
    report = crawl(database, declarations, settings=LOOPBACK_SETTINGS)
    return {"root": root, "declarations": declarations, "database": database, "report": report}


def test_the_first_crawl_records_one_version_per_document(first_crawl):
    store = Store.open(first_crawl["database"])
    for service in SCENARIO["services"]:
        for terms_type in ("Terms of Service", "Privacy Policy"):
            doc = document(store, service["name"] if isinstance(service, dict) else service, terms_type)
            versions = store.versions(doc["id"])
            assert [v["kind"] for v in versions] == ["first"]
            text = store.current_version(doc["id"])["text"]
            # the legal text, without the page's chrome or scripts
            assert len(text) > 5000
            assert "cookie" not in text.lower().split("\n")[0]
            assert "function(" not in text and "alert(1)" not in text  # scripts and payloads dropped
            snapshot = store.latest_snapshot(doc["id"])
            raw = store.snapshot_body(snapshot)
            assert b"<html" in raw.lower() and snapshot["status"] == 200
            assert json.loads(snapshot["headers"]).get("ETag")


def test_captured_text_keeps_literal_markup_as_characters(first_crawl):
    """Text that *shows* markup (escaped in the page) is kept; later stages must escape it."""
    store = Store.open(first_crawl["database"])
    text = store.current_version(document(store, "Reelhouse", "Terms of Service")["id"])["text"]
    assert '<script>alert("x")</script>' in text
    assert "javascript:" not in text


def test_every_hostile_page_is_a_recorded_error_and_never_a_version(first_crawl):
    store = Store.open(first_crawl["database"])
    report = first_crawl["report"]
    for case in SCENARIO["hostile"]:
        doc = document(store, "Glitchbox", case["terms_type"])
        errors, versions = store.fetch_errors(doc["id"]), store.versions(doc["id"])
        if case["expect"] == "ok":
            assert len(versions) == 1 and not errors, case["terms_type"]
            continue
        assert versions == [], case["terms_type"]
        assert [e["kind"] for e in errors] == [HOSTILE_KINDS[case["terms_type"]]], case["terms_type"]
        assert errors[0]["reason"] and "\n" not in errors[0]["reason"]
        assert doc["last_outcome"] == "error" and doc["failures_in_a_row"] == 1
    failed = {d["terms_type"] for d in report.errors}
    assert failed == set(HOSTILE_KINDS)


def test_pdf_and_latin1_documents_are_read(first_crawl):
    store = Store.open(first_crawl["database"])
    pdf = store.current_version(document(store, "Glitchbox", "PDF document")["id"])["text"]
    latin1 = store.current_version(document(store, "Glitchbox", "Latin-1 without charset")["id"])["text"]
    assert len(pdf.split()) > 20
    assert "é" in latin1 or "ü" in latin1 or "ç" in latin1


def test_a_recrawl_on_the_same_day_records_nothing(server, first_crawl, tmp_path):
    database = tmp_path / "copy.db"
    shutil.copy(first_crawl["database"], database)
    store = Store.open(database)
    before = store.db.execute("SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM snapshots)").fetchone()
    store.close()
    not_modified_before = server.counts["not_modified"]
    services = [s["name"] if isinstance(s, dict) else s for s in SCENARIO["services"]]
    report = crawl(database, first_crawl["declarations"], services=services, settings=LOOPBACK_SETTINGS)
    assert report.counts == {"unchanged": 10}
    store = Store.open(database)
    after = store.db.execute("SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM snapshots)").fetchone()
    assert after == before
    assert server.counts["not_modified"] - not_modified_before >= 10  # conditional requests answered 304


def test_a_new_day_records_versions_exactly_where_the_text_changed(server, first_crawl, tmp_path):
    database = tmp_path / "copy.db"
    shutil.copy(first_crawl["database"], database)
    services = [s["name"] if isinstance(s, dict) else s for s in SCENARIO["services"]]
    server.set_day(1)
    try:
        report = crawl(database, first_crawl["declarations"], services=services, settings=LOOPBACK_SETTINGS)
    finally:
        server.set_day(0)
    changed = {(d["service"], d["terms_type"]) for d in report.documents if d["outcome"] == "change"}
    expected = {(e["service"], e["terms_type"]) for e in events_for(day=1) if e["text_changes"]}
    assert changed == expected
    # markup-only and daily noise (tokens, timestamps, tracking ids) never make a version
    assert ("Reelhouse", "Terms of Service") not in changed


def test_a_failed_capture_keeps_the_last_good_version(server, first_crawl, tmp_path):
    database = tmp_path / "copy.db"
    shutil.copy(first_crawl["database"], database)
    declarations = tmp_path / "declarations"
    shutil.copytree(first_crawl["declarations"], declarations)
    path = declarations / "Chirper.json"
    data = json.loads(path.read_text())
    data["terms"]["Privacy Policy"]["select"] = "#this-selector-matches-nothing"   # a broken selector
    data["terms"]["Terms of Service"]["fetch"] = server.base_url + "/hostile/not-found"  # a page gone
    path.write_text(json.dumps(data))
    store = Store.open(database)
    before = {t: store.current_version(document(store, "Chirper", t)["id"]) for t in ("Privacy Policy", "Terms of Service")}
    store.close()
    report = crawl(database, declarations, services=["Chirper"], settings=LOOPBACK_SETTINGS)
    assert report.counts == {"error": 2}
    store = Store.open(database)
    for terms_type, kind in (("Privacy Policy", "selector_no_match"), ("Terms of Service", "http_status")):
        doc = document(store, "Chirper", terms_type)
        assert store.current_version(doc["id"]) == before[terms_type]
        assert len(store.versions(doc["id"])) == 1
        assert store.fetch_errors(doc["id"])[-1]["kind"] == kind
    assert store.integrity_check() == "ok"


def test_robots_txt_is_obeyed(server, tmp_path):
    declarations = tmp_path / "declarations"
    write_declarations(server.base_url, declarations, services=["Stridely"])
    database = tmp_path / "termswatch.db"
    Store.open(database).close()
    server.disallow = ["/stridely/"]
    try:
        report = crawl(database, declarations, settings=LOOPBACK_SETTINGS)
    finally:
        server.disallow = []
    assert {d["kind"] for d in report.errors} == {"robots_forbidden"}
    store = Store.open(database)
    assert store.db.execute("SELECT count(*) FROM versions").fetchone()[0] == 0


def test_an_unknown_service_is_refused_before_crawling(first_crawl):
    with pytest.raises(CaptureError, match="unknown service 'Nope'"):
        crawl(first_crawl["database"], first_crawl["declarations"], services=["Nope"])


def test_reextraction_after_a_declaration_change_is_never_a_change(server, first_crawl, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(first_crawl["database"], home / "termswatch.db")
    declarations = tmp_path / "declarations"
    shutil.copytree(first_crawl["declarations"], declarations)
    path = declarations / "Chirper.json"
    data = json.loads(path.read_text())
    data["terms"]["Privacy Policy"]["remove"] = ["h2"]  # drop the section headings
    path.write_text(json.dumps(data))
    command = [sys.executable, "-m", "monitor", "--home", str(home)]
    result = subprocess.run(command + ["reextract", "--declarations", str(declarations), "Chirper"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "1 re-extracted" in result.stdout
    store = Store.open(home / "termswatch.db")
    doc = document(store, "Chirper", "Privacy Policy")
    assert [v["kind"] for v in store.versions(doc["id"])] == ["first", "reextraction"]
    store.close()
    # and the next crawl of the same bytes finds nothing new
    report = crawl(home / "termswatch.db", declarations, services=["Chirper"], settings=LOOPBACK_SETTINGS)
    assert report.counts == {"unchanged": 2}
