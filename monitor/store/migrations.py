"""The schema: every migration, in one registered list (applied by `Database.migrate`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    # Rebuilding a table (SQLite cannot change a column's constraints in place) drops it
    # while other tables still point at its rows: such a migration runs with foreign key
    # enforcement off and is checked with foreign_key_check before it commits.
    rebuilds_tables: bool = False
    # A step SQL cannot express (decoding texts, finding clauses in them), run after ``sql``
    # in the same transaction, on the connection.
    python: Callable[[sqlite3.Connection], None] | None = None
    # Whether the migration frees much of the file (rows rewritten smaller): VACUUM after it.
    frees_space: bool = False


def hunks_by_reference(conn: sqlite3.Connection) -> None:
    """Migration 11's step: every hunk copied into the new table (same id), each clause that
    is a verbatim piece of its version's text stored as its span (`monitor.store.hunks`)."""
    from .db import StoreError, decompress_text   # (db imports this module)
    from .hunks import ClauseTexts, encoded_hunks

    def read_text(version_id: int) -> str:
        row = conn.execute("SELECT compression, content FROM version_texts WHERE version_id = ?",
                           [version_id]).fetchone()
        if row is None:
            raise StoreError(f"no text for version {version_id}")
        return decompress_text(*row)

    texts = ClauseTexts(read_text)
    section_ids = dict(conn.execute("SELECT section, id FROM hunk_sections"))
    # a document's changes in history order: each text is read once, as new then as old
    changes = conn.execute("SELECT c.id, c.from_version_id, c.to_version_id FROM changes c "
                           "WHERE EXISTS (SELECT 1 FROM hunks h WHERE h.change_id = c.id) "
                           "ORDER BY c.document_id, c.to_version_id").fetchall()
    for change_id, old_id, new_id in changes:
        rows = conn.execute("SELECT id, position, kind, section, old, new, ops, substantive, reason, old_index, "
                            "new_index FROM hunks WHERE change_id = ? ORDER BY position", [change_id]).fetchall()
        conn.executemany(
            "INSERT INTO hunks_v11 (id, change_id, position, kind, section_id, old, old_at, old_chars, new, new_at, "
            "new_chars, ops, substantive, reason, old_index, new_index) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(row[0], *encoded) for row, encoded in
             zip(rows, encoded_hunks(texts, change_id, old_id, new_id, section_ids, [row[1:] for row in rows]))])
    if conn.execute("SELECT (SELECT count(*) FROM hunks) - (SELECT count(*) FROM hunks_v11)").fetchone()[0]:
        raise StoreError("migration 11 (hunks by reference) would lose hunks; nothing was changed")
    conn.execute("DROP TABLE hunks")
    conn.execute("ALTER TABLE hunks_v11 RENAME TO hunks")
    conn.execute("CREATE INDEX hunks_by_change ON hunks (change_id, position)")


def version_texts_against_keyframes(conn: sqlite3.Connection) -> None:
    """Migration 13's step (`monitor.store.texts`)."""
    from .texts import recompress_version_texts   # (texts imports db, which imports this module)
    recompress_version_texts(conn)


def packed_hunk_ops(conn: sqlite3.Connection) -> None:
    """Migration 14's step (`monitor.store.hunks.packed_ops`)."""
    from .hunks import pack_stored_ops
    pack_stored_ops(conn)


def score_reasons_against_keyframes(conn: sqlite3.Connection) -> None:
    """Migration 17's step (`monitor.store.scores`)."""
    from .scores import scores_against_keyframes
    scores_against_keyframes(conn)


# Never edit a migration that has shipped: add a new one. Each runs in one transaction.
MIGRATIONS: list[Migration] = [
    Migration(1, "capture", """
        CREATE TABLE services (
            id TEXT PRIMARY KEY,              -- the declaration's file name, e.g. "Amazon.com"
            name TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL REFERENCES services(id),
            terms_type TEXT NOT NULL,         -- e.g. "Privacy Policy"
            url TEXT NOT NULL,                -- the (first) page fetched
            declaration TEXT NOT NULL,        -- JSON of the declaration in force
            declaration_sha256 TEXT NOT NULL,
            added_at TEXT NOT NULL,
            last_captured_at TEXT,            -- last attempt, whatever its outcome
            last_outcome TEXT,                -- first | change | unchanged | error
            failures_in_a_row INTEGER NOT NULL DEFAULT 0,
            UNIQUE (service_id, terms_type)
        );
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,          -- of the raw bytes
            size INTEGER NOT NULL,
            compression TEXT NOT NULL,        -- "zlib"
            content BLOB NOT NULL
        );
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            page INTEGER NOT NULL DEFAULT 0,  -- position in a "combine" declaration
            url TEXT NOT NULL,
            final_url TEXT,
            status INTEGER,
            content_type TEXT,
            headers TEXT,                     -- JSON object
            content_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX snapshots_by_document ON snapshots (document_id, page, id);
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            recorded_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('first', 'change', 'reextraction')),
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,             -- of text
            chars INTEGER NOT NULL,
            snapshot_id INTEGER REFERENCES snapshots(id),
            snapshot_ids TEXT,                -- JSON list, one per page
            declaration_sha256 TEXT,
            source TEXT NOT NULL DEFAULT 'crawl'
        );
        CREATE INDEX versions_by_document ON versions (document_id, recorded_at, id);
        CREATE TABLE fetch_errors (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,               -- http_status, timeout, selector_no_match, ...
            reason TEXT NOT NULL,             -- one line for people
            url TEXT,
            status INTEGER
        );
        CREATE INDEX fetch_errors_by_document ON fetch_errors (document_id, at);
    """),
    Migration(2, "analysis", """
        -- what changed between two consecutive versions of a document (monitor.diff)
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            from_version_id INTEGER NOT NULL REFERENCES versions(id),
            to_version_id INTEGER NOT NULL UNIQUE REFERENCES versions(id),
            substantive INTEGER NOT NULL,     -- 1: words that matter changed; 0: cosmetic only
            suspect INTEGER NOT NULL,         -- 1: looks like an error page or a mass deletion
            suspect_status TEXT,              -- pending | confirmed | refuted (suspect changes only)
            reasons TEXT NOT NULL,            -- JSON list of reason codes
            stats TEXT NOT NULL,              -- JSON
            computed_at TEXT NOT NULL
        );
        CREATE INDEX changes_by_document ON changes (document_id, to_version_id);
        CREATE TABLE hunks (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,               -- added | removed | modified | moved
            section TEXT NOT NULL,            -- heading path
            old TEXT NOT NULL,
            new TEXT NOT NULL,
            ops TEXT NOT NULL,                -- JSON word-level [[op, text], ...]
            substantive INTEGER NOT NULL,
            reason TEXT NOT NULL,
            old_index INTEGER,
            new_index INTEGER
        );
        CREATE INDEX hunks_by_change ON hunks (change_id, position);
        -- what a change does to users (monitor.classify)
        CREATE TABLE assessments (
            change_id INTEGER PRIMARY KEY REFERENCES changes(id) ON DELETE CASCADE,
            direction TEXT NOT NULL,          -- worse | better | neutral
            severity INTEGER NOT NULL,        -- 0-3
            categories TEXT NOT NULL,         -- JSON list of taxonomy ids
            evidence TEXT NOT NULL,           -- JSON list of {category, side, text, hunk}
            confidence REAL NOT NULL,
            hunk_assessments TEXT NOT NULL,   -- JSON list, one per hunk
            notice_days INTEGER,
            effective_date TEXT,
            consent_by_use INTEGER NOT NULL,
            announced INTEGER NOT NULL,
            model TEXT NOT NULL,
            computed_at TEXT NOT NULL
        );
        -- the harmful terms in force in each version (monitor.classify over its clauses)
        CREATE TABLE version_findings (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
            findings TEXT NOT NULL,           -- JSON list of {category, severity, clause, section, text, evidence}
            inherited_from INTEGER REFERENCES versions(id),  -- set when a cosmetic change kept them
            model TEXT NOT NULL,
            computed_at TEXT NOT NULL
        );
        -- classifier results per distinct clause text, so history re-uses them
        CREATE TABLE clause_labels (
            sha256 TEXT PRIMARY KEY,          -- of the clause text
            model TEXT NOT NULL,
            result TEXT NOT NULL              -- JSON {labels, scores, severity, evidence}
        );
        -- the trust index after every version (monitor.score)
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL REFERENCES services(id),
            at TEXT NOT NULL,
            version_id INTEGER REFERENCES versions(id),
            score INTEGER NOT NULL,
            grade TEXT NOT NULL,
            reasons TEXT NOT NULL,            -- JSON list of score items
            UNIQUE (service_id, at, version_id)
        );
        CREATE INDEX scores_by_service ON scores (service_id, at);
    """),
    Migration(3, "alerts", """
        -- who wants mail about which changes (monitor.alerts.subscriptions)
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            address TEXT NOT NULL UNIQUE,     -- normalised: lower case, IDNA domain
            services TEXT,                    -- JSON list of service ids; NULL: every service
            min_severity INTEGER NOT NULL DEFAULT 0 CHECK (min_severity BETWEEN 0 AND 3),
            mode TEXT NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'daily')),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed')),
            confirm_token TEXT NOT NULL UNIQUE,
            unsubscribe_token TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            confirmed_at TEXT,                -- alerts cover changes recorded from then on
            unsubscribed_at TEXT
        );
        -- every mail to send, written before it is sent (monitor.alerts.outbox)
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,  -- e.g. alert:<subscription>:<version>; enqueuing twice is a no-op
            kind TEXT NOT NULL,               -- confirm | alert | digest | operator
            subscription_id INTEGER REFERENCES subscriptions(id),
            recipient TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,  -- fixed at enqueue, so a resend carries the same one
            subject TEXT NOT NULL,
            body_text TEXT NOT NULL,
            body_html TEXT NOT NULL,
            unsubscribe_token TEXT,           -- for List-Unsubscribe (NULL: operator mail)
            unsubscribe_url TEXT,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            claimed_by TEXT,                  -- the sending process ("pid:start time") while 'sending'
            claimed_at TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
        -- which mail told a subscriber about a change; a change is known by the version it
        -- leads to, which survives a recomputed diff
        CREATE TABLE alerted_versions (
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            outbox_id INTEGER NOT NULL REFERENCES outbox(id),
            PRIMARY KEY (subscription_id, version_id)
        );
        -- a document that keeps failing to capture, and its recovery (operator mail, feed entry)
        CREATE TABLE operator_events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            event TEXT NOT NULL CHECK (event IN ('broken', 'recovered')),
            event_key TEXT NOT NULL UNIQUE,   -- broken:<first fetch error of the streak> | recovered:<event id>
            reason TEXT NOT NULL,
            failures INTEGER NOT NULL,        -- consecutive failed captures at the time
            at TEXT NOT NULL
        );
        CREATE INDEX operator_events_by_document ON operator_events (document_id, id);
    """),
    Migration(4, "scoring state", """
        -- what the service's scores were computed from; rescored only when it differs
        ALTER TABLE services ADD COLUMN scored_from TEXT;
    """),
    Migration(5, "last success", """
        -- when a capture last succeeded (changed or not): a document is stale when this is old
        ALTER TABLE documents ADD COLUMN last_success_at TEXT;
        UPDATE documents SET last_success_at = CASE WHEN last_outcome IN ('first', 'change', 'unchanged')
            THEN last_captured_at ELSE (SELECT max(recorded_at) FROM versions v WHERE v.document_id = documents.id) END;
    """),
    Migration(6, "versions repository imports", """
        -- the last commit imported from each OTA versions repository (monitor.ota_git)
        CREATE TABLE ota_git_imports (
            repository TEXT PRIMARY KEY,      -- its absolute git directory
            last_commit TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
    """),
    Migration(7, "recovery", """
        -- the last time a document was captured again after failing, and after how many failures
        ALTER TABLE documents ADD COLUMN recovered_at TEXT;
        ALTER TABLE documents ADD COLUMN recovered_after INTEGER;
    """),
    Migration(8, "alert channels", """
        -- subscriptions on any notification channel (monitor.alerts.channels), with the
        -- filters of `termswatch subscribe`; existing rows are email subscriptions
        CREATE TABLE subscriptions_v8 (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL DEFAULT 'email',  -- a kind of monitor.alerts.channels: email | apprise
            address TEXT NOT NULL UNIQUE,     -- where alerts go: a normalised email address, or an Apprise URL
            services TEXT,                    -- JSON list of service ids; NULL: every service
            document_types TEXT,              -- JSON list of terms types; NULL: every document
            categories TEXT,                  -- JSON list of harm category ids (any of them); NULL: any
            min_severity INTEGER NOT NULL DEFAULT 0 CHECK (min_severity BETWEEN 0 AND 3),
            direction TEXT NOT NULL DEFAULT 'any' CHECK (direction IN ('worse', 'better', 'any')),
            mode TEXT NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'daily', 'weekly')),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed')),
            confirm_token TEXT NOT NULL UNIQUE,
            unsubscribe_token TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            confirmed_at TEXT,                -- alerts cover changes recorded from then on
            unsubscribed_at TEXT
        );
        INSERT INTO subscriptions_v8 (id, address, services, min_severity, mode, status, confirm_token,
            unsubscribe_token, created_at, updated_at, confirmed_at, unsubscribed_at)
            SELECT id, address, services, min_severity, mode, status, confirm_token, unsubscribe_token,
                   created_at, updated_at, confirmed_at, unsubscribed_at FROM subscriptions;
        DROP TABLE subscriptions;
        ALTER TABLE subscriptions_v8 RENAME TO subscriptions;
        -- the channel that delivers each outbox row; recipient is that channel's target
        ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
    """, rebuilds_tables=True),
    Migration(9, "compressed version texts", """
        -- A version's text, compressed, apart from its row: reading a history's dates and
        -- digests no longer walks every text's overflow pages, and the texts take ~4x less.
        -- Read them with Store.version() / Store.versions(with_text=True).
        CREATE TABLE version_texts (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
            compression TEXT NOT NULL,        -- "zlib"
            content BLOB NOT NULL
        );
        INSERT INTO version_texts (version_id, compression, content)
            SELECT id, 'zlib', termswatch_zlib(text) FROM versions;
        ALTER TABLE versions DROP COLUMN text;
    """),
    Migration(10, "findings inherited by reference", """
        -- a version whose text repeats an earlier one points at that version's findings
        -- (inherited_from) instead of holding a copy: read them with findings_sql()
        UPDATE version_findings SET findings = '' WHERE inherited_from IS NOT NULL;
    """),
    Migration(11, "hunks by reference", """
        -- A hunk's clauses are mostly verbatim pieces of its change's two version texts: a
        -- row keeps their span in that text instead of a copy, and each section path once
        -- (monitor.store.hunks). Read hunks with Store.hunk_rows() and its siblings, or
        -- `termswatch export`: old/new are NULL where the clause is a span.
        CREATE TABLE hunk_sections (
            id INTEGER PRIMARY KEY,
            section TEXT NOT NULL UNIQUE      -- heading path
        );
        INSERT INTO hunk_sections (section) SELECT DISTINCT section FROM hunks ORDER BY section;
        CREATE TABLE hunks_v11 (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,               -- added | removed | modified | moved
            section_id INTEGER NOT NULL REFERENCES hunk_sections(id),
            old TEXT,                         -- the old clause; NULL: it is old_chars characters
            old_at INTEGER,                   --   of the change's old version text from old_at (0-based)
            old_chars INTEGER,
            new TEXT,                         -- the new clause; NULL: new_chars characters of the
            new_at INTEGER,                   --   new version text from new_at
            new_chars INTEGER,
            ops TEXT NOT NULL,                -- JSON word-level [[op, text], ...]
            substantive INTEGER NOT NULL,
            reason TEXT NOT NULL,
            old_index INTEGER,
            new_index INTEGER
        );
    """, python=hunks_by_reference, frees_space=True),
    Migration(12, "compressed JSON: findings, score reasons, hunk assessments", """
        -- Three JSON columns that are large and read whole: a version's findings (whole
        -- clauses quoted), a score's reasons (its items, repeated from one score of a service
        -- to the next) and an assessment's judgement of each hunk. Each holds zlib bytes (a
        -- BLOB) when 64 characters or more, the JSON text otherwise; Store methods give back
        -- the text (monitor.store.db.unpacked_json).
        UPDATE version_findings SET findings = termswatch_zlib(findings) WHERE length(findings) >= 64;
        UPDATE scores SET reasons = termswatch_zlib(reasons) WHERE length(reasons) >= 64;
        UPDATE assessments SET hunk_assessments = termswatch_zlib(hunk_assessments)
            WHERE length(hunk_assessments) >= 64;
    """, frees_space=True),
    Migration(13, "version texts against keyframes", """
        -- A document's versions repeat each other: most texts are stored as zstd with an
        -- earlier text of the same document, its keyframe, as a raw-content dictionary
        -- (base_version_id; NULL for a keyframe, stored alone), so a read takes at most two
        -- decompressions. compression is "zstd" for every row after this migration. Read texts
        -- with Store.version() / Store.version_text(), or `termswatch export --ota`
        -- (monitor.store.texts; docs/export.md).
        ALTER TABLE version_texts ADD COLUMN base_version_id INTEGER REFERENCES versions(id);
        CREATE INDEX version_texts_by_base ON version_texts (base_version_id) WHERE base_version_id IS NOT NULL;
    """, python=version_texts_against_keyframes, frees_space=True),
    Migration(14, "word-level ops by length", """
        -- A hunk's word-level ops repeat its clauses word for word: ops is now, where they read
        -- back exactly, ASCII bytes (a BLOB) of each op's kind and length, e.g. "=15-16+18=3"
        -- (equal, removed and added words: the removed and equal ones are the old clause's
        -- next characters, the added ones the new clause's). Short or irregular ops stay JSON
        -- text. Read hunks with Store.hunk_rows() and its siblings (monitor.store.hunks), or
        -- `termswatch export --json`.
        SELECT 1;
    """, python=packed_hunk_ops, frees_space=True),
    Migration(15, "compressed JSON: assessment evidence", """
        -- An assessment's evidence quotes whole clauses: packed like migration 12's columns
        -- (zlib bytes, a BLOB, when 64 characters or more); Store methods give back the text.
        UPDATE assessments SET evidence = termswatch_zlib(evidence) WHERE length(evidence) >= 64;
    """, frees_space=True),
    Migration(16, "clause labels without a rowid", """
        -- clause_labels is looked up by its primary key only: stored in that key's own b-tree
        -- (WITHOUT ROWID) it needs no second index holding every SHA-256 again.
        CREATE TABLE clause_labels_v16 (
            sha256 TEXT PRIMARY KEY,          -- of the clause text
            model TEXT NOT NULL,
            result TEXT NOT NULL              -- JSON {labels, scores, severity, evidence}
        ) WITHOUT ROWID;
        INSERT INTO clause_labels_v16 (sha256, model, result) SELECT sha256, model, result FROM clause_labels;
        DROP TABLE clause_labels;
        ALTER TABLE clause_labels_v16 RENAME TO clause_labels;
    """, frees_space=True),
    Migration(17, "score reasons against keyframes", """
        -- A score's reasons repeat the last score's of its service: most are stored as zstd
        -- with an earlier score's reasons JSON as the dictionary (reasons_base: that score's
        -- id; NULL: stored as before, JSON text or zlib bytes). Read them with
        -- Store.score_row_at() / score_reasons() (monitor.store.scores).
        -- (no REFERENCES: deleting a service's scores would look up each row's dependants)
        ALTER TABLE scores ADD COLUMN reasons_base INTEGER;
    """, python=score_reasons_against_keyframes, frees_space=True),
    Migration(18, "first captures judged", """
        -- A document's first capture has no change leading to it, so nothing judged whether
        -- it is the document at all (a help forum, a menu of products where the policy should
        -- be). The diff stage judges each first version once (monitor.history.judge_first_versions):
        -- NULL not judged yet, '' the document, else why not (monitor.diff.not_document). A
        -- first version that is not the document is never the terms in force.
        ALTER TABLE versions ADD COLUMN not_document TEXT;
    """),
]
