"""The compact store: version texts are kept compressed apart from their rows, and a
database made before that is migrated without losing a character."""

from __future__ import annotations

import json
import sqlite3

import pytest

from monitor.store import MIGRATIONS, Store, StoreError, sha256_text

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
    assert resolved == rows[0][1] and json.loads(store.findings_of(rows[2][0]))   # the original findings, not empty
    assert terms_in_force(store, "Ex")                             # the current (inheriting) version's harms
    history = score_history(store, "Ex", load_params(), load_taxonomy())
    def harms(row):
        return sorted(item["category"] for item in row["reasons"] if item["kind"] == "term")

    assert harms(history[2]) == harms(history[0]) and harms(history[0])    # the same harms back in force
    assert not harms(history[1])


def test_findings_score_reasons_and_hunk_assessments_are_compressed_and_read_back_as_written(tmp_path):
    """Migration 12: long findings, score reasons and hunk assessments of a store made before are kept
    zlib-compressed; every reader gets the JSON text it was given, before and after."""
    path = tmp_path / "v11.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 11])
    doc = old.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    first = old.record_version(doc, "We keep nothing.", recorded_at="2024-01-01T00:00:00Z")
    second = old.record_version(doc, "We sell everything.", recorded_at="2024-01-02T00:00:00Z")
    change = old.record_change(doc, first["id"], second["id"], True, False, ["wording"], {}, [])
    long_items = json.dumps([{"points": -4.2, "kind": "term", "text": f"Sharing with third parties {n} 🙂",
                              "link": {"version_id": second["id"], "quote": "We sell everything."}} for n in range(20)])
    per_hunk = json.dumps([{"direction": "worse", "categories": ["data_sale"], "note": "é" * 80}])
    with old.db.conn:
        old.db.execute("INSERT INTO scores (service_id, at, version_id, score, grade, reasons) VALUES "
                       "('Ex', '2024-01-01T00:00:00Z', ?, 90, 'A', '[]'), ('Ex', '2024-01-02T00:00:00Z', ?, 70, 'C', ?)",
                       [first["id"], second["id"], long_items])
        old.db.execute("INSERT INTO assessments (change_id, direction, severity, categories, evidence, confidence, "
                       "hunk_assessments, consent_by_use, announced, model, computed_at) VALUES "
                       "(?, 'worse', 2, '[]', '[]', 0.9, ?, 0, 0, 'test', '2024-01-03T00:00:00Z')", [change, per_hunk])
        findings = json.dumps([{"category": "data_sale", "severity": 2, "clause": 0, "section": "",
                                "text": "We sell everything, " * 10, "evidence": "We sell"}])
        old.db.conn.executemany("INSERT INTO version_findings (version_id, findings, inherited_from, model, computed_at) "
                                "VALUES (?, ?, ?, 'test', '2024-01-03T00:00:00Z')",
                                [(first["id"], "[]", None), (second["id"], findings, None)])
    old.close()

    store = Store.open(path)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    assert store.findings_of(first["id"]) == "[]" and store.findings_of(second["id"]) == findings
    assert [r["findings"] for r in store.findings_of_versions([first["id"], second["id"]])] == ["[]", findings]
    assert [r["findings"] for r in store.service_versions_with_findings("Ex")] == ["[]", findings]
    assert store.own_findings_by_text(doc, "test")[second["sha256"]] == (second["id"], findings)
    assert store.score_row_at("Ex", "2024-01-01T12:00:00Z")["reasons"] == "[]"
    assert store.score_row_at("Ex")["reasons"] == long_items
    assert [r["reasons"] for r in store.score_reasons([1, 2])] == ["[]", long_items]
    assert store.change_details([change])[0]["hunk_assessments"] == per_hunk
    assert store.change_rows(change_ids=[change])[0]["hunk_assessments"] == per_hunk
    columns, rows = store.all_change_tuples()
    assert dict(zip(columns, next(iter(rows))))["hunk_assessments"] == per_hunk
    stored = store.db.execute("SELECT typeof(reasons), length(reasons) FROM scores ORDER BY id").fetchall()
    assert stored[0] == ("text", 2) and stored[1][0] == "blob" and stored[1][1] < len(long_items.encode()) / 3
    # written after the migration: the same
    store.replace_scores("Ex", [{"at": "2024-01-03T00:00:00Z", "version_id": second["id"], "score": 60, "grade": "C",
                                 "reasons": json.loads(long_items)}], scored_from="x")
    assert store.score_row_at("Ex")["reasons"] == long_items
    assert store.db.execute("SELECT typeof(reasons) FROM scores").fetchone()[0] == "blob"
    store.close()


def _history(seed: int, count: int) -> list[str]:
    """A document's texts over time: a paragraph edited at a time, one complete rewrite
    midway, one text that comes back (A -> B -> A), an empty capture, and non-ASCII."""
    import random

    rng = random.Random(seed)
    words = ("we may share your personal data with partners advertisers affiliates for thirty days "
             "arbitration class action waiver terminate account notice données personnelles 利用規約 🙂").split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(120)]
    texts = []
    for n in range(count):
        if n == count // 2:   # a rewrite: nothing in common with the keyframe
            paragraphs = [" ".join(rng.choice(words) for _ in range(50)) + f" §{i}" for i in range(100)]
        for _ in range(1):
            paragraphs[rng.randrange(len(paragraphs))] = " ".join(rng.choice(words) for _ in range(60))
        texts.append("# Terms\r\n\n" + "\n\n".join(f"## {i}\n\n{p}" for i, p in enumerate(paragraphs)))
    texts[5] = texts[3]
    texts[7] = ""
    return texts


def test_version_texts_migrate_to_keyframes_and_read_back_identical(tmp_path):
    """Migration 13: the zlib texts of a store written by the schema before (v12) are rewritten
    against keyframes; every version reads back byte-identical, through every reader, each
    in at most two decompressions (a keyframe is stored alone), in far less space."""
    path = tmp_path / "v12.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 12])
    histories = {}
    for seed, count in ((1, 80), (2, 9)):
        doc = old.ensure_document(f"Ex{seed}", "Example", "Terms of Service", f"https://ex.test/{seed}", {})
        histories[doc] = _history(seed, count)
        for day, text in enumerate(histories[doc]):
            old.record_version(doc, text, recorded_at=f"2024-01-01T00:{day // 60:02d}:{day % 60:02d}Z")
    assert {row[0] for row in old.db.execute("SELECT compression FROM version_texts")} == {"zlib"}
    zlib_bytes = old.db.execute("SELECT sum(length(content)) FROM version_texts").fetchone()[0]
    old.close()

    store = Store.open(path)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    for doc, texts in histories.items():
        recorded = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
        versions = store.versions(doc, with_text=True)
        assert [v["text"] for v in versions] == recorded
        assert all(sha256_text(v["text"]) == v["sha256"] for v in versions)
        assert [store.version(v["id"])["text"] for v in versions] == recorded
        assert [store.version_text(v["id"]) for v in versions] == recorded
    rows = store.db.execute("SELECT t.compression, t.base_version_id, k.base_version_id, v.document_id, "
                            "kv.document_id FROM version_texts t JOIN versions v ON v.id = t.version_id "
                            "LEFT JOIN version_texts k ON k.version_id = t.base_version_id "
                            "LEFT JOIN versions kv ON kv.id = t.base_version_id").fetchall()
    assert {row[0] for row in rows} == {"zstd"}
    against = [row for row in rows if row[1] is not None]
    assert len(against) > len(rows) / 2                            # most texts lean on a keyframe
    assert all(row[2] is None and row[3] == row[4] for row in against)   # of their own document, stored alone
    # the first of each document, the rewrites, every 32 versions, the empty text and the one after it
    assert len(rows) - len(against) <= 12
    assert store.db.execute("SELECT sum(length(content)) FROM version_texts").fetchone()[0] < zlib_bytes / 3
    assert store.integrity_check() == "ok" and not store.db.execute("PRAGMA foreign_key_check").fetchall()
    store.close()


def test_new_versions_are_stored_against_a_keyframe(tmp_path):
    """Versions recorded after the migration: against the document's latest keyframe while that
    pays, a new keyframe when the text has drifted or 32 versions lean on it; read back as written."""
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    texts = _history(3, 70)
    ids = []
    for day, text in enumerate(texts):
        recorded = store.record_version(doc, text, recorded_at=f"2024-01-01T00:{day // 60:02d}:{day % 60:02d}Z")
        ids.append(recorded["id"] if recorded else ids[-1])
    assert [store.version(i)["text"] for i in ids] == texts
    bases = [row[0] for row in store.db.execute("SELECT base_version_id FROM version_texts ORDER BY version_id")]
    keyframes = [i for i, base in zip(sorted(set(ids)), bases) if base is None]
    assert keyframes[0] == ids[0] and ids[35] in keyframes          # the first, and the rewrite at 35
    assert set(bases) - {None} <= set(keyframes)
    assert max(bases.count(k) for k in keyframes) <= 32
    store.close()


def test_assessment_evidence_is_compressed_and_clause_labels_keep_one_btree(tmp_path):
    """Migrations 15 and 16, on a store written by the schema before (v14): long evidence is
    kept zlib-compressed and every reader gets the JSON text it was given; the clause label
    cache keeps every result, in one b-tree (no second index of its SHA-256s)."""
    path = tmp_path / "v14.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 14])
    doc = old.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    first = old.record_version(doc, "We keep nothing.", recorded_at="2024-01-01T00:00:00Z")
    second = old.record_version(doc, "We sell everything.", recorded_at="2024-01-02T00:00:00Z")
    change = old.record_change(doc, first["id"], second["id"], True, False, ["wording"], {}, [])
    evidence = json.dumps([{"category": "data_sale", "categories": ["data_sale"], "side": "new",
                            "text": "We sell everything to data brokers 🙂 " * 4, "highlight": [[0, 7]], "hunk": 0}])
    labels = {f"{n:064x}": {"labels": ["data_sale"], "scores": [0.9], "severity": 2, "evidence": "é"} for n in range(50)}
    with old.db.conn:
        old.db.execute("INSERT INTO assessments (change_id, direction, severity, categories, evidence, confidence, "
                       "hunk_assessments, consent_by_use, announced, model, computed_at) VALUES "
                       "(?, 'worse', 2, '[\"data_sale\"]', ?, 0.9, '[]', 0, 0, 'test', '2024-01-03T00:00:00Z')",
                       [change, evidence])
        old.write_clause_results("m1", labels)
    old.close()

    store = Store.open(path)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    assert store.db.execute("SELECT typeof(evidence) FROM assessments").fetchone()[0] == "blob"
    assert store.change_details([change])[0]["evidence"] == evidence
    assert store.change_rows(change_ids=[change])[0]["evidence"] == evidence
    columns, rows = store.all_change_tuples()
    assert dict(zip(columns, next(iter(rows))))["evidence"] == evidence
    assert sorted(store.cached_clause_results("m1", list(labels))) == sorted(labels.items())
    assert not store.db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'clause_labels' "
                                "AND type = 'index'").fetchall()
    # written after the migration: the same
    store.db.execute("DELETE FROM assessments")
    store.write_assessment(change, {"direction": "worse", "severity": 2, "categories": ["data_sale"],
                                    "evidence": json.loads(evidence), "confidence": 0.9, "hunks": []}, "test")
    store.db.conn.commit()
    assert store.change_details([change])[0]["evidence"] == evidence
    assert store.db.execute("SELECT typeof(evidence) FROM assessments").fetchone()[0] == "blob"
    store.close()


def test_a_damaged_text_is_a_clear_store_error(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    doc = store.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    texts = _history(5, 9)[:3]
    ids = [store.record_version(doc, text, recorded_at=f"2024-01-0{i + 1}T00:00:00Z")["id"] for i, text in enumerate(texts)]
    with store.db.conn:
        store.db.execute("UPDATE version_texts SET content = x'28b52ffd00' WHERE version_id = ?", [ids[0]])
    for version_id in ids:   # the keyframe, and the versions stored against it
        with pytest.raises(StoreError, match=f"version {version_id} is damaged"):
            store.version_text(version_id)
    store.close()


def test_a_damaged_text_stops_the_migration_and_changes_nothing(tmp_path):
    path = tmp_path / "v12.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 12])
    doc = old.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    texts = _history(6, 9)[:4]
    ids = [old.record_version(doc, text, recorded_at=f"2024-01-0{i + 1}T00:00:00Z")["id"] for i, text in enumerate(texts)]
    with old.db.conn:
        old.db.execute("UPDATE version_texts SET content = x'789c0bcecfcdcc' WHERE version_id = ?", [ids[2]])
    old.close()
    with pytest.raises(StoreError, match=f"version {ids[2]} is damaged"):
        Store.open(path)
    again = Store.open(path, migrate=False)
    assert again.schema_version == 12
    assert [again.version_text(i) for i in (ids[0], ids[1], ids[3])] == [texts[0], texts[1], texts[3]]
    assert {row[0] for row in again.db.execute("SELECT compression FROM version_texts")} == {"zlib"}
    again.close()


def test_score_reasons_migrate_to_keyframes_and_read_back_as_written(tmp_path):
    """Migration 17, on a store written by the schema before (v16): a service's score reasons,
    which repeat one another, are stored against keyframes (same ids); every reader gets the
    JSON text it was given, before and after, and so do scores written afterwards."""
    from monitor.store import compress_text

    path = tmp_path / "v16.sqlite"
    old = Store.open(path, migrate=False)
    old.migrate([m for m in MIGRATIONS if m.version <= 16])
    doc = old.ensure_document("Ex", "Example", "Terms of Service", "https://ex.test/t", {})
    old.ensure_document("Other", "Other", "Terms of Service", "https://other.test/t", {})
    version = old.record_version(doc, "We keep nothing.", recorded_at="2024-01-01T00:00:00Z")

    def reasons(n: int) -> str:   # items that come and go, and one that moves, from one score to the next
        return json.dumps([{"points": -round(0.1 * (n if i == 0 else i), 1), "kind": "term", "category": "data_sale",
                            "text": f"Selling your data in the Privacy Policy, item {i} 🙂", "link": {}}
                           for i in range(40 + n % 7)])

    written = {("Ex", n): reasons(n) for n in range(70)} | {("Other", 0): "[]", ("Other", 1): reasons(3)}
    with old.db.conn:
        for (service, n), text in written.items():
            old.db.execute("INSERT INTO scores (service_id, at, version_id, score, grade, reasons) VALUES "
                           "(?, ?, ?, 50, 'C', ?)", [service, f"2024-02-01T00:{n // 60:02d}:{n % 60:02d}Z",
                                                     version["id"], compress_text(text) if len(text) >= 64 else text])
    ids = {key: score_id for key, score_id in zip(written, [row[0] for row in old.db.execute(
        "SELECT id FROM scores ORDER BY id")])}
    size_before = old.db.execute("SELECT sum(length(reasons)) FROM scores").fetchone()[0]
    old.close()

    store = Store.open(path)
    assert store.schema_version == max(m.version for m in MIGRATIONS)
    assert [r["reasons"] for r in store.score_reasons(list(ids.values()))] == list(written.values())
    for (service, n), text in written.items():
        assert store.score_row_at(service, f"2024-02-01T00:{n // 60:02d}:{n % 60:02d}Z")["reasons"] == text
    assert store.score_row_at("Ex") == {"id": ids[("Ex", 69)], "service_id": "Ex", "at": "2024-02-01T00:01:09Z",
                                        "version_id": version["id"], "score": 50, "grade": "C",
                                        "reasons": written[("Ex", 69)]}
    leaning = store.db.execute("SELECT count(*) FROM scores WHERE reasons_base IS NOT NULL").fetchone()[0]
    assert leaning > 35
    assert store.db.execute("SELECT count(*) FROM scores s JOIN scores k ON k.id = s.reasons_base "
                            "WHERE k.reasons_base IS NOT NULL OR k.service_id != s.service_id").fetchone()[0] == 0
    assert store.db.execute("SELECT sum(length(reasons)) FROM scores").fetchone()[0] < size_before * 0.6
    # written after the migration: the same
    store.replace_scores("Ex", [{"at": f"2024-03-0{n + 1}T00:00:00Z", "version_id": version["id"], "score": 40,
                                 "grade": "D", "reasons": json.loads(reasons(n))} for n in range(5)], scored_from="x")
    assert [store.score_row_at("Ex", f"2024-03-0{n + 1}T00:00:00Z")["reasons"] for n in range(5)] == [
        reasons(n) for n in range(5)]
    assert store.db.execute("SELECT count(*) FROM scores WHERE service_id = 'Ex' AND reasons_base IS NOT NULL"
                            ).fetchone()[0] == 4
    assert store.score_row_at("Other")["reasons"] == written[("Other", 1)]
    store.close()


def test_a_damaged_score_delta_is_a_one_line_error_of_the_command(tmp_path):
    """A score's reasons stored against its keyframe (migration 17) whose bytes are damaged in
    the SQLite file: `termswatch score` says which score in one line and exits 2, as for a
    damaged text, instead of a zstd traceback."""
    import subprocess
    import sys

    from monitor.paths import Home
    from monitor.pipeline import process_new_records

    home = Home(tmp_path / "home").ensure()
    terms = ["We collect your data to run the service.", "We may sell your personal information to advertisers.",
             "Any dispute will be resolved by binding arbitration and you waive class actions.",
             "We may terminate your account at any time without notice.",
             "We may share your data with third parties for any purpose."]
    with Store.open(home.database) as store:
        doc = store.ensure_document("Acme", "Acme", "Terms of Service", "https://acme.test/terms", {})
        for i in range(1, len(terms) + 1):
            store.record_version(doc, "\n\n".join(terms[:i]), recorded_at=f"2021-0{i}-01T10:00:00Z")
        process_new_records(store)
        leaning = store.db.execute("SELECT id, at FROM scores WHERE reasons_base IS NOT NULL "
                                   "ORDER BY at DESC LIMIT 1").fetchone()
    assert leaning is not None, "no score stored against a keyframe: the test needs one"
    ok = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home.root), "score", "Acme", "--at", leaning[1]],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    connection = sqlite3.connect(home.database)
    with connection:
        connection.execute("UPDATE scores SET reasons = x'28b52ffd00' WHERE id = ?", [leaning[0]])
    connection.close()
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home.root), "score", "Acme", "--at",
                             leaning[1]], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"score {leaning[0]} are damaged" in result.stderr
    with Store.open(home.database) as store:
        with pytest.raises(StoreError, match=f"score {leaning[0]} are damaged"):
            store.score_reasons([leaning[0]])


def test_reads_against_several_keyframes_interleaved_give_each_its_own_text(tmp_path):
    # the decompressed keyframes are kept between reads: a read must still get its own
    # keyframe's text, whichever was read last, and a damaged keyframe is never kept
    from monitor.store.texts import decode_text, encode_text

    keyframes = [f"Document {n}. " + f"We may share data with partner {n}. " * 200 for n in range(7)]
    stored = [(encode_text(key, None), [encode_text(key + f" Version {v}.", key) for v in range(3)])
              for key in keyframes]
    for v in range(3):
        for n in (0, 6, 1, 5, 2, 4, 3, 0):
            key, versions = stored[n]
            assert decode_text("zstd", versions[v], "zstd", key) == keyframes[n] + f" Version {v}."
    with pytest.raises(Exception):
        decode_text("zstd", stored[0][1][0], "zstd", stored[0][0][:-8])
    assert decode_text("zstd", stored[0][1][0], "zstd", stored[0][0]) == keyframes[0] + " Version 0."
