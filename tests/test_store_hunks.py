"""Hunks stored by reference: a clause that is a verbatim piece of its version's text is kept
as its span (store migration 11), and every reader gets back exactly the rows the former
table gave; a store made before is migrated without losing a hunk."""

from __future__ import annotations

import json
import sqlite3

import pytest

from monitor.diff import compare
from monitor.store import MIGRATIONS, Store, StoreError
from monitor.store.hunks import packed_ops, unpacked_op_list, unpacked_ops

V10_HUNK_SQL = ("INSERT INTO hunks (change_id, position, kind, section, old, new, ops, substantive, reason, "
                "old_index, new_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _corpus_texts(ota_corpus, count: int = 4) -> list[str]:
    folder = ota_corpus / "Discord" / "Privacy Policy"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))[:count]]


def _v10_store(path, texts: list[str]) -> tuple[Store, list[int]]:
    """A store with the schema of the code before hunks by reference (v10), holding real
    diffs of real versions, written the way that code wrote them."""
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 10])
    doc = old.ensure_document("Discord", "Discord", "Privacy Policy", "https://discord.test/privacy", {})
    versions = [old.record_version(doc, text, recorded_at=f"2024-01-{i + 1:02d}T00:00:00Z")["id"]
                for i, text in enumerate(texts)]
    change_ids = []
    with old.db.conn:
        for (from_id, old_text), (to_id, new_text) in zip(zip(versions, texts), list(zip(versions, texts))[1:]):
            diff = compare(old_text, new_text)
            change_id = old.db.execute(
                "INSERT INTO changes (document_id, from_version_id, to_version_id, substantive, suspect, reasons, "
                "stats, computed_at) VALUES (?, ?, ?, 1, 0, '[]', '{}', '2024-02-01T00:00:00Z')",
                [doc, from_id, to_id]).lastrowid
            old.db.conn.executemany(V10_HUNK_SQL, [
                (change_id, i, h["kind"], h["section"] or "", h["old"] or "", h["new"] or "", json.dumps(h["ops"]),
                 int(h["substantive"]), h["reason"] or "", h["old_index"], h["new_index"])
                for i, h in enumerate(hunk.to_json() for hunk in diff.hunks)])
            change_ids.append(change_id)
        # a hand-written hunk whose clauses are in neither text, and one with empty clauses
        old.db.execute(V10_HUNK_SQL, [change_ids[0], 10_000, "modified", "Ünïcode § 🙂", "not in the old text",
                                      "nor in the new one", "[]", 1, "wording", None, None])
        old.db.execute(V10_HUNK_SQL, [change_ids[0], 10_001, "added", "", "", "", "[]", 0, "", 3, 4])
    return old, change_ids


def test_migration_keeps_every_hunk_and_reads_them_back_identical(tmp_path, ota_corpus):
    path = tmp_path / "v10.sqlite"
    old, change_ids = _v10_store(path, _corpus_texts(ota_corpus))
    before = {c: list(old.db.query("SELECT * FROM hunks WHERE change_id = ? ORDER BY position", [c]))
              for c in change_ids}
    digests_before = dict(old.db.execute(
        "SELECT change_id, count(*) || ':' || max(id) || ':' || sum(length(ops) + length(old) + length(new) "
        "+ length(section)) FROM hunks GROUP BY change_id"))
    assert sum(map(len, before.values())) > 20
    old.close()

    store = Store.open(path, migrate=False)
    store.migrate([m for m in MIGRATIONS if m.version <= 13])
    assert store.integrity_check() == "ok"
    for change_id in change_ids:
        assert store.hunk_rows(change_id) == before[change_id]   # same ids, columns, values, order
    assert list(store.hunk_rows_of(change_ids)) == [h for c in change_ids for h in before[c]]
    assert {c: f"{n}:{top}:{size}" for c, (n, top, size) in store.hunk_digests().items()} == digests_before
    # migration 14 packs the word-level ops: the same rows; the digests' sizes shrink once
    store.migrate()
    assert store.integrity_check() == "ok"
    assert list(store.hunk_rows_of(change_ids)) == [h for c in change_ids for h in before[c]]
    assert {c: f"{n}:{top}" for c, (n, top, _) in store.hunk_digests().items()} == {
        c: digest.rsplit(":", 1)[0] for c, digest in digests_before.items()}
    assert store.db.execute("SELECT count(*) FROM hunks WHERE typeof(ops) = 'blob'").fetchone()[0] > 0
    # the clauses really are references now, not copies
    referenced = store.db.execute("SELECT count(*) FROM hunks WHERE old IS NULL OR new IS NULL").fetchone()[0]
    assert referenced > 0.8 * sum(map(len, before.values()))
    store.close()


def test_a_migration_that_would_lose_a_hunk_changes_nothing(tmp_path, ota_corpus):
    path = tmp_path / "v10.sqlite"
    old, change_ids = _v10_store(path, _corpus_texts(ota_corpus, 2))
    count = old.db.execute("SELECT count(*) FROM hunks").fetchone()[0]
    # a hunk whose change is gone (written with foreign keys off): the copy joins changes
    old.db.conn.execute("PRAGMA foreign_keys = OFF")
    old.db.execute(V10_HUNK_SQL, [999, 0, "added", "", "", "Orphan clause text.", "[]", 1, "", None, None])
    old.db.conn.commit()
    old.close()
    with pytest.raises(StoreError, match="lose hunks"):
        Store.open(path)
    with sqlite3.connect(path) as conn:   # still the v10 store, every hunk in place
        assert conn.execute("SELECT max(version) FROM migrations").fetchone()[0] == 10
        assert conn.execute("SELECT count(*) FROM hunks").fetchone()[0] == count + 1


HAND_WRITTEN = [
    {"kind": "removed", "section": "Données", "old": "Nous vendons vos données à nos partenaires."},
    {"kind": "added", "section": "Données", "new": "Nous gardons vos données 🙂 pour toujours."},
    {"kind": "modified", "section": "", "old": "Short.", "new": "Tiny."},                  # too short to point to
    {"kind": "modified", "section": "A > B", "old": "Clause one. Clause two.",           # joined: not verbatim
     "new": "Clause one and two, merged."},
    {"kind": "moved", "section": "A > B", "old": "Repeated clause here.", "new": "Repeated clause here.",
     "ops": [[0, "Repeated clause here."]], "substantive": True, "reason": "moved", "old_index": 2, "new_index": 5},
    {"kind": "added", "section": "Fin", "new": "Last line without newline"},
]
OLD_TEXT = "# Terms\n\nNous vendons vos données à nos partenaires.\n\nShort.\n\nRepeated clause here.\n\nClause one.\n\nClause two."
NEW_TEXT = ("# Terms\n\nRepeated clause here.\n\nNous gardons vos données 🙂 pour toujours.\n\nTiny.\n\n"
            "Clause one and two, merged.\n\nRepeated clause here.\n\nLast line without newline")


def _as_read(hunks: list[dict]) -> list[tuple]:
    return [(i, h["kind"], h.get("section") or "", h.get("old") or "", h.get("new") or "", json.dumps(h.get("ops") or []),
             int(bool(h.get("substantive"))), h.get("reason") or "", h.get("old_index"), h.get("new_index"))
            for i, h in enumerate(hunks)]


def test_hand_written_hunks_read_back_as_written(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    old = store.record_version(doc, OLD_TEXT, recorded_at="2024-01-01T00:00:00Z")
    new = store.record_version(doc, NEW_TEXT, recorded_at="2024-01-02T00:00:00Z")
    change_id = store.record_change(doc, old["id"], new["id"], True, False, ["wording"], {}, HAND_WRITTEN)
    assert store.hunk_tuples(change_id) == _as_read(HAND_WRITTEN)
    rows = store.hunk_rows(change_id)
    assert list(rows[0]) == ["id", "change_id", "position", "kind", "section", "old", "new", "ops", "substantive",
                             "reason", "old_index", "new_index"]
    # every way of reading a change's hunks gives the same rows
    assert list(store.hunk_rows_of([change_id])) == rows
    assert store.hunks_at(change_id, [1, 4]) == [rows[1], rows[4]]
    heads = list(store.hunk_heads([change_id], 3))
    assert [{k: h[k] for k in rows[0]} for h in heads] == rows[:3] and {h["total"] for h in heads} == {6}
    by_kind = list(store.hunk_heads_by_kind([change_id], 1))
    assert [{k: h[k] for k in rows[0]} for h in by_kind] == [rows[0], rows[4]]
    # verbatim clauses of 8 characters or more are spans; the others are kept as written
    stored = store.db.execute("SELECT old IS NULL, new IS NULL FROM hunks WHERE change_id = ? ORDER BY position",
                              [change_id]).fetchall()
    assert stored == [(1, 0), (0, 1), (0, 0), (0, 1), (1, 1), (0, 1)]
    # the spans are characters, as SQLite's substr counts them
    new_text = store.version_text(store.db.execute("SELECT to_version_id FROM changes WHERE id = ?",
                                                   [change_id]).fetchone()[0])
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        assert conn.execute("SELECT substr(?, new_at + 1, new_chars) FROM hunks WHERE position = 1",
                            [new_text]).fetchone()[0] == HAND_WRITTEN[1]["new"]
    store.close()


def test_heads_by_kind_can_keep_fewer_other_hunks_except_of_a_change_without_substantive_ones(tmp_path):
    # what a change page reads (`monitor.site.data.load_page_hunks`): its first substantive
    # passages and a few cosmetic edits, or, when it has no substantive hunk, its first edits
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    old = store.record_version(doc, OLD_TEXT, recorded_at="2024-01-01T00:00:00Z")
    new = store.record_version(doc, NEW_TEXT, recorded_at="2024-01-02T00:00:00Z")
    mixed = store.record_change(doc, old["id"], new["id"], True, False, ["wording"], {}, HAND_WRITTEN)
    edits = [{**h, "substantive": False} for h in HAND_WRITTEN]
    cosmetic = store.record_change(doc, old["id"], new["id"], False, False, ["moved"], {}, edits)
    rows = {change_id: store.hunk_rows(change_id) for change_id in (mixed, cosmetic)}
    heads = list(store.hunk_heads_by_kind([mixed, cosmetic], 1, 2))
    assert [{k: h[k] for k in rows[mixed][0]} for h in heads] == (
        [rows[mixed][0], rows[mixed][1], rows[mixed][4]] + rows[cosmetic][:1])
    heads = list(store.hunk_heads_by_kind([cosmetic], 3, 1))
    assert [{k: h[k] for k in rows[cosmetic][0]} for h in heads] == rows[cosmetic][:3]
    # ops read as lists (packed ones never made JSON text) are what their JSON text reads as
    parsed = [*store.hunk_heads_by_kind([mixed, cosmetic], 9, parsed_ops=True),
              *store.hunks_at(mixed, [0, 4], parsed_ops=True), *store.hunk_heads([mixed], 9, parsed_ops=True)]
    assert [h["ops"] for h in parsed] == [json.loads(h["ops"]) for h in [*rows[mixed], *rows[cosmetic],
                                                                        rows[mixed][0], rows[mixed][4], *rows[mixed]]]
    store.close()


def test_packed_ops_read_as_lists_are_their_json_parsed():
    old, new = "We may sell your data to partners. ", "We will sell your data to all partners. "
    ops = [[0, "We "], [-1, "may "], [1, "will "], [0, "sell your data to "], [1, "all "], [0, "partners. "]]
    packed = packed_ops(json.dumps(ops), old, new)
    assert isinstance(packed, bytes)
    assert unpacked_op_list(packed, old, new) == ops and unpacked_ops(packed, old, new) == json.dumps(ops)


def test_a_rollback_leaves_no_stale_reference(tmp_path):
    """A version and its change written in a transaction that rolls back: the version id comes
    back with another text, and its change's hunks read from that text, not the one rolled back."""
    path = tmp_path / "db.sqlite"
    store = Store.open(path)
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    first = store.record_version(doc, OLD_TEXT, recorded_at="2024-01-01T00:00:00Z")
    rolled_back = "# Terms\n\nWe sell everything we know about you, always.\n\nShort."
    with pytest.raises(RuntimeError):
        with store.batch():
            version = store.record_version(doc, rolled_back, recorded_at="2024-01-02T00:00:00Z")
            store.write_change_row({"document_id": doc, "from_version_id": first["id"], "to_version_id": version["id"],
                                    "substantive": 1, "suspect": 0, "suspect_status": None, "reasons": "[]",
                                    "stats": "{}", "computed_at": "2024-01-02T00:00:00Z"},
                                   [(0, "added", "", "", "We sell everything we know about you, always.", "[]",
                                     1, "", None, None)], replace=False)
            assert store.hunk_rows(store.change_records()[0]["id"])[0]["new"].startswith("We sell everything")
            raise RuntimeError("the batch fails")
    again = store.record_version(doc, NEW_TEXT, recorded_at="2024-01-02T00:00:00Z")
    assert again["id"] == version["id"]       # the same id, another text
    change_id = store.record_change(doc, first["id"], again["id"], True, False, [], {}, HAND_WRITTEN)
    assert store.hunk_tuples(change_id) == _as_read(HAND_WRITTEN)
    store.close()
    with Store.open(path) as other:   # a second connection reads the same
        assert other.hunk_tuples(change_id) == _as_read(HAND_WRITTEN)
        assert other.db.execute("SELECT count(*) FROM hunks").fetchone()[0] == len(HAND_WRITTEN)


def test_module_examples_hold():
    import doctest

    import monitor.store.hunks

    assert doctest.testmod(monitor.store.hunks).failed == 0


def test_word_ops_are_stored_by_length_and_read_back_as_written(tmp_path, ota_corpus):
    """Real diffs of real versions, written by the store: ops whose words are their clauses'
    are kept as kinds and lengths (a BLOB), ops that are not (hand-written, words from
    elsewhere, another JSON spelling) as the JSON text given; every reader gets the JSON back."""
    texts = _corpus_texts(ota_corpus, 3)
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Discord", "Discord", "Privacy Policy", "https://discord.test/privacy", {})
    versions = [store.record_version(doc, text, recorded_at=f"2024-01-0{i + 1}T00:00:00Z") for i, text in enumerate(texts)]
    odd = [{"kind": "modified", "section": "Odd", "old": "We keep your data for a year.",
            "new": "We keep your data for ten years.",
            "ops": [[0, "We keep your data for "], [-1, "a year"], [1, "twelve months"], [0, "."]]},   # not the new clause
           {"kind": "modified", "section": "Odd", "old": "We keep your data for a year.",
            "new": "We keep your data for ten years.", "ops": [[0, "We keep your data for "], [2, "a year"]]}]
    written = {}
    for before, after in zip(versions, versions[1:]):
        hunks = [hunk.to_json() for hunk in compare(before["text"], after["text"]).hunks] + odd
        written[store.record_change(doc, before["id"], after["id"], True, False, ["wording"], {}, hunks)] = hunks
    for change_id, hunks in written.items():
        assert store.hunk_tuples(change_id) == _as_read(hunks)
        assert [h["ops"] for h in store.hunk_rows_of([change_id])] == [json.dumps(h.get("ops") or []) for h in hunks]
    stored = store.db.execute("SELECT typeof(ops), sum(length(ops)), count(*) FROM hunks WHERE ops != '[]' "
                              "GROUP BY 1").fetchall()
    by_type = {kind: (size, n) for kind, size, n in stored}
    assert by_type["blob"][1] > 2 and by_type["text"][1] == 2 * len(written)   # only the odd ones stay text
    as_json = sum(len(json.dumps(h["ops"])) for hunks in written.values() for h in hunks[:-2] if h["ops"])
    assert by_type["blob"][0] < as_json / 4
    store.close()
