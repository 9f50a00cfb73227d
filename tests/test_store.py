"""The store: round trips, versions only on real change, migrations, crash consistency."""

from __future__ import annotations

import sqlite3

import pytest

from monitor.store import MIGRATIONS, Migration, Store, StoreError


def make_document(store: Store) -> int:
    return store.ensure_document("Example", "Example Inc.", "Privacy Policy",
                                 "https://example.test/privacy", {"fetch": "https://example.test/privacy"})


def test_snapshots_keep_raw_bytes_and_share_identical_content(store):
    doc = make_document(store)
    body = "<html><body><main>Caf\u00e9 \u2014 terms</main></body></html>".encode("utf-8") * 200
    first = store.record_snapshot(doc, url="https://example.test/privacy", body=body, status=200,
                                  headers={"ETag": '"v1"'}, content_type="text/html; charset=utf-8")
    assert first["new"] is True
    assert store.snapshot_body(first) == body
    again = store.record_snapshot(doc, url="https://example.test/privacy", body=body)
    assert again["new"] is False and again["id"] == first["id"]
    (size, stored), = store.db.execute("SELECT size, length(content) FROM blobs").fetchall()
    assert size == len(body) and stored < len(body) / 10  # compressed


def test_a_version_is_recorded_only_when_the_text_changes(store):
    doc = make_document(store)
    v1 = store.record_version(doc, "We collect your email.", recorded_at="2024-01-01T00:00:00Z")
    assert v1["kind"] == "first" and v1["chars"] == len("We collect your email.")
    assert store.record_version(doc, "We collect your email.", recorded_at="2024-01-02T00:00:00Z") is None
    v2 = store.record_version(doc, "We collect and sell your email.", recorded_at="2024-01-03T00:00:00Z")
    assert v2["kind"] == "change"
    assert [v["id"] for v in store.versions(doc)] == [v1["id"], v2["id"]]
    assert store.current_version(doc)["text"] == "We collect and sell your email."


def test_a_fetch_error_leaves_the_current_version_alone(store):
    doc = make_document(store)
    store.record_version(doc, "Original terms.", recorded_at="2024-01-01T00:00:00Z")
    store.record_fetch_error(doc, "http_status", "HTTP 503 Service Unavailable", status=503)
    store.record_fetch_error(doc, "timeout", "no answer within 30 s")
    assert store.current_version(doc)["text"] == "Original terms."
    assert store.document(doc)["failures_in_a_row"] == 2
    assert [e["kind"] for e in store.fetch_errors(doc)] == ["http_status", "timeout"]


def test_versions_cannot_go_back_in_time(store):
    doc = make_document(store)
    store.record_version(doc, "v2", recorded_at="2024-02-01T00:00:00Z")
    with pytest.raises(StoreError, match="precede"):
        store.record_version(doc, "v1", recorded_at="2024-01-01T00:00:00Z")


def test_migrations_are_recorded_and_idempotent(home):
    store = Store.open(home.database)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    assert store.migrate() == []
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_failing_migration_leaves_the_schema_as_it_was(home):
    store = Store.open(home.database)
    before = store.schema_version
    broken = MIGRATIONS + [Migration(before + 1, "broken", "CREATE TABLE half (x); SELECT nonsense FROM nowhere;")]
    with pytest.raises(sqlite3.Error):
        store.migrate(broken)
    assert store.schema_version == before
    assert not store.db["half"].exists()


def test_a_newer_database_is_refused(home):
    store = Store.open(home.database)
    store.db.execute("INSERT INTO migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')")
    store.db.conn.commit()
    store.close()
    with pytest.raises(StoreError, match="newer than this Termswatch"):
        Store.open(home.database)
