"""The compact store: version texts are kept compressed apart from their rows, and a
database made before that is migrated without losing a character."""

from __future__ import annotations

import json
import sqlite3

from monitor.store import MIGRATIONS, Store, sha256_text

TEXTS = ["", "Plain.", "Accents é à ü, emoji 🙂, CJK 利用規約\n\n## Section\n\n" + "We may share data. " * 3000,
         "Line\r\nwith \x00 a NUL and trailing spaces   "]


def test_compressed_version_round_trip(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    ids = [store.record_version(doc, text, recorded_at=f"2024-01-0{i + 1}T00:00:00Z")["id"]
           for i, text in enumerate(TEXTS)]
    assert [store.version(i)["text"] for i in ids] == TEXTS
    assert [v["text"] for v in store.versions(doc, with_text=True)] == TEXTS
    assert store.current_version(doc)["text"] == TEXTS[-1]
    # the long text is stored compressed, not as it is
    stored = store.db.execute("SELECT length(content) FROM version_texts WHERE version_id = ?", [ids[2]]).fetchone()[0]
    assert stored < len(TEXTS[2].encode()) / 10
    assert "text" not in {c.name for c in store.db["versions"].columns}
    store.close()


def test_migration_of_an_existing_database_keeps_every_text(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 5])   # the schema before compression
    doc = old.ensure_document("Ex", "Example", "Privacy Policy", "https://ex.test/p", {})
    for i, text in enumerate(TEXTS):
        old.db.execute("INSERT INTO versions (document_id, recorded_at, kind, text, sha256, chars) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [doc, f"2024-02-0{i + 1}T00:00:00Z", "change" if i else "first",
                                                     text, sha256_text(text), len(text)])
    old.db.conn.commit()
    old.close()

    store = Store.open(path)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    versions = store.versions(doc, with_text=True)
    assert [v["text"] for v in versions] == TEXTS
    assert all(sha256_text(v["text"]) == v["sha256"] for v in versions)
    assert store.integrity_check() == "ok"
    # a new version after the migration is recorded and read back like the others
    store.record_version(doc, "After the migration.", recorded_at="2024-03-01T00:00:00Z")
    assert store.current_version(doc)["text"] == "After the migration."
    store.close()
    # the file is still a plain SQLite database other tools can read
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM version_texts").fetchone()[0] == len(TEXTS) + 1


def test_inherited_findings_are_a_reference_not_a_copy(tmp_path):
    """A version whose text repeats an earlier one (A -> B -> A) points at A's findings; the
    score and the terms in force read them through it."""
    from monitor.classify import load_taxonomy
    from monitor.pipeline import process_new_records, score_history
    from monitor.score import load_params
    from monitor.store import findings_sql
    from monitor.views import terms_in_force

    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    harmful = ("# Terms\n\nWe may sell your personal information to third parties and data brokers.\n\n"
               "Any dispute will be resolved by binding arbitration and you waive any class action.\n")
    for day, text in (("01", harmful), ("15", "# Terms\n\nWe never sell your data.\n"), ("29", harmful)):
        store.record_version(doc, text, recorded_at=f"2024-01-{day}T00:00:00Z")
    process_new_records(store)
    rows = store.db.execute("SELECT version_id, findings, inherited_from FROM version_findings ORDER BY version_id").fetchall()
    assert rows[2][2] == rows[0][0] and rows[2][1] == ""           # a reference, no copy
    resolved = store.db.execute(f"SELECT {findings_sql()} FROM version_findings f WHERE f.version_id = ?",
                                [rows[2][0]]).fetchone()[0]
    assert resolved == rows[0][1] and json.loads(resolved)          # the original findings, not empty
    assert terms_in_force(store, "Ex")                             # the current (inheriting) version's harms
    history = score_history(store, "Ex", load_params(), load_taxonomy())
    def harms(row):
        return sorted(item["category"] for item in row["reasons"] if item["kind"] == "term")

    assert harms(history[2]) == harms(history[0]) and harms(history[0])    # the same harms back in force
    assert not harms(history[1])
