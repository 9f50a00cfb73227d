"""The one SQLite database that holds Termswatch's state (via sqlite-utils).

Records flow one way, each table filled from the one before::

    services -> documents -> snapshots (+ blobs) -> versions -> changes ...

Snapshots keep the raw bytes of every distinct fetch (compressed, content-addressed in
``blobs``), apart from versions (the extracted, normalised text), so extraction can be
re-run over old snapshots at any time.

>>> store = Store.open(":memory:")
>>> doc = store.ensure_document("Example", "Example Inc.", "Privacy Policy", "https://ex.com/p", {})
>>> store.record_version(doc, "We collect nothing.", recorded_at="2024-01-01T00:00:00Z")["kind"]
'first'
>>> store.record_version(doc, "We collect nothing.", recorded_at="2024-01-02T00:00:00Z") is None
True

Every write is one transaction; the database runs in WAL mode, so a crash mid-write leaves the
last committed state intact.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from .clock import now_iso
from .hashing import sha256_bytes, sha256_text  # noqa: F401  (also this module's API)

log = logging.getLogger(__name__)


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), TEXT_COMPRESSION_LEVEL)


def decompress_text(compression: str, content: bytes) -> str:
    if compression != "zlib":
        raise StoreError(f"unknown text compression {compression!r}")
    return zlib.decompress(content).decode("utf-8")


# zlib 6: 0.32 of the text on OTA versions; 9 is as small (0.2 % less) and slower, 1 is 16 %
# bigger (BENCHMARKS.md, "Scale")
TEXT_COMPRESSION_LEVEL = 6
VERSION_COLUMNS = "id, document_id, recorded_at, kind, sha256, chars, snapshot_id, snapshot_ids, declaration_sha256, source"


# -- schema ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    # Rebuilding a table (SQLite cannot change a column's constraints in place) drops it
    # while other tables still point at its rows: such a migration runs with foreign key
    # enforcement off and is checked with foreign_key_check before it commits.
    rebuilds_tables: bool = False


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
]


def findings_sql(alias: str = "f") -> str:
    """SQL for the findings JSON of the ``version_findings`` row aliased ``alias``: its own,
    or, when inherited (stored as ''), those of the version it inherits them from."""
    return (f"ifnull(nullif({alias}.findings, ''), (SELECT o.findings FROM version_findings o "
            f"WHERE o.version_id = {alias}.inherited_from))")


class StoreError(RuntimeError):
    pass


class Store:
    """Typed reads and writes over the database; the CLI mirrors these methods."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, migrate: bool = True) -> "Store":
        """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the database {path}: {getattr(error, 'strerror', None) or error}")
        try:
            db = sqlite_utils.Database(conn)
            # used by the migration that compresses version texts
            conn.create_function("termswatch_zlib", 1, compress_text, deterministic=True)
            conn.execute("PRAGMA busy_timeout = 60000")
            if str(path) != ":memory:":
                db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            # NORMAL is durable across process crashes in WAL mode (only power loss can undo
            # the last commits), which is the failure the daemon must survive.
            conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(db)
            if not db["migrations"].exists() and db.table_names():
                raise StoreError(f"not a Termswatch database: {path} (it holds other tables)")
        except sqlite3.DatabaseError as error:  # random bytes: "file is not a database"
            conn.close()
            if isinstance(error, sqlite3.OperationalError):
                raise StoreError(f"cannot open the database {path}: {error}")
            raise StoreError(f"not a Termswatch database: {path}")
        except StoreError:
            conn.close()
            raise
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        if not self.db["migrations"].exists():
            return 0
        row = self.db.execute("SELECT max(version) FROM migrations").fetchone()
        return row[0] or 0

    def migrate(self, migrations: Iterable[Migration] | None = None) -> list[int]:
        """Apply pending migrations, each in its own transaction. Returns the versions applied."""
        migrations = list(MIGRATIONS if migrations is None else migrations)
        conn = self.db.conn
        conn.execute("CREATE TABLE IF NOT EXISTS migrations "
                     "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        conn.commit()
        applied = []
        known = max((m.version for m in migrations), default=0)
        if self.schema_version > known:
            raise StoreError(f"database schema v{self.schema_version} is newer than this "
                             f"Termswatch (knows up to v{known}); upgrade Termswatch")
        for migration in sorted(migrations, key=lambda m: m.version):
            if migration.version <= self.schema_version:
                continue
            log.info("migrating database to v%d (%s)", migration.version, migration.name)
            script = (f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                      f"INSERT INTO migrations VALUES ({migration.version}, "
                      f"'{migration.name}', '{now_iso()}');\n")
            if migration.rebuilds_tables:
                conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: hence here
            try:
                conn.executescript(script)
                if migration.rebuilds_tables and conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise StoreError(f"migration v{migration.version} ({migration.name}) would break "
                                     "references between tables; nothing was changed")
                conn.commit()
            except (sqlite3.Error, StoreError):
                if conn.in_transaction:
                    conn.rollback()
                raise
            finally:
                if migration.rebuilds_tables:
                    conn.execute("PRAGMA foreign_keys = ON")
            applied.append(migration.version)
        return applied

    @contextmanager
    def immediate(self):
        """A write transaction that holds the write lock from its first statement.

        For read-then-write steps ("is this text new? then insert it"): another process
        (a crawler, the CLI) cannot slip the same write in between the read and the write.
        Inside a transaction already open (a batch of an import, `batch`), it is part of it.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    @contextmanager
    def batch(self):
        """Many writes in one transaction (e.g. an import's versions): one commit, not one each."""
        with self.immediate() as conn:
            yield conn

    # -- services and documents --------------------------------------------------------------

    def ensure_document(self, service_id: str, service_name: str, terms_type: str, url: str,
                        declaration: dict, declaration_sha256: str | None = None) -> int:
        """Create or update a service and one of its documents; returns the document id."""
        now = now_iso()
        decl_json = json.dumps(declaration, sort_keys=True)
        decl_sha = declaration_sha256 or sha256_text(decl_json)
        with self.db.conn:
            self.db.execute(
                "INSERT INTO services (id, name, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name", [service_id, service_name, now])
            self.db.execute(
                "INSERT INTO documents (service_id, terms_type, url, declaration, declaration_sha256, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(service_id, terms_type) DO UPDATE SET "
                "url = excluded.url, declaration = excluded.declaration, "
                "declaration_sha256 = excluded.declaration_sha256",
                [service_id, terms_type, url, decl_json, decl_sha, now])
            row = self.db.execute("SELECT id FROM documents WHERE service_id = ? AND terms_type = ?",
                                  [service_id, terms_type]).fetchone()
        return row[0]

    def sync_catalogue(self, catalogue, only: Iterable[str] = ()) -> dict[tuple[str, str], int]:
        """Register every document of a loaded `Catalogue`; returns {(service, type): id}."""
        ids = {}
        for doc in catalogue.documents(only):
            service = catalogue.services[doc.service_id]
            ids[(doc.service_id, doc.terms_type)] = self.ensure_document(
                doc.service_id, service.name, doc.terms_type, doc.url, doc.to_json(), doc.sha256)
        return ids

    def document(self, document_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
        if not rows:
            raise StoreError(f"no document with id {document_id}")
        return rows[0]

    def find_document(self, service_id: str, terms_type: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM documents WHERE service_id = ? AND terms_type = ?",
                                  [service_id, terms_type]))
        return rows[0] if rows else None

    def documents(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM documents ORDER BY service_id, terms_type"))

    def services(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM services ORDER BY id"))

    # -- snapshots ---------------------------------------------------------------------------

    def record_snapshot(self, document_id: int, *, url: str, body: bytes, fetched_at: str | None = None,
                        final_url: str | None = None, status: int | None = 200,
                        content_type: str | None = None, headers: dict | None = None,
                        page: int = 0) -> dict:
        """Keep the raw bytes of a fetch. Returns the snapshot row.

        The bytes go to ``blobs`` once per distinct content. A fetch whose bytes equal the
        document page's latest snapshot adds no row: that snapshot is returned, with
        ``"new": False``.
        """
        digest = sha256_bytes(body)
        compressed = zlib.compress(body, 6)  # outside the write lock
        with self.immediate():
            latest = self.latest_snapshot(document_id, page)
            if latest and latest["content_sha256"] == digest:
                return {**latest, "new": False}
            self.db.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, compression, content) VALUES (?, ?, 'zlib', ?)",
                [digest, len(body), compressed])
            cursor = self.db.execute(
                "INSERT INTO snapshots (document_id, page, url, final_url, status, content_type, headers, "
                "content_sha256, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [document_id, page, url, final_url or url, status, content_type,
                 json.dumps(headers or {}, sort_keys=True), digest, fetched_at or now_iso()])
            snapshot_id = cursor.lastrowid
        return {**self.snapshot(snapshot_id), "new": True}

    def snapshot(self, snapshot_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM snapshots WHERE id = ?", [snapshot_id]))
        if not rows:
            raise StoreError(f"no snapshot with id {snapshot_id}")
        return rows[0]

    def latest_snapshot(self, document_id: int, page: int = 0) -> dict | None:
        rows = list(self.db.query(
            "SELECT * FROM snapshots WHERE document_id = ? AND page = ? ORDER BY id DESC LIMIT 1",
            [document_id, page]))
        return rows[0] if rows else None

    def snapshot_body(self, snapshot_or_sha: dict | str) -> bytes:
        digest = snapshot_or_sha["content_sha256"] if isinstance(snapshot_or_sha, dict) else snapshot_or_sha
        row = self.db.execute("SELECT compression, content FROM blobs WHERE sha256 = ?", [digest]).fetchone()
        if row is None:
            raise StoreError(f"no blob {digest}")
        compression, content = row
        return zlib.decompress(content) if compression == "zlib" else bytes(content)

    # -- versions ----------------------------------------------------------------------------

    def record_version(self, document_id: int, text: str, *, recorded_at: str | None = None,
                       kind: str | None = None, snapshot_ids: list[int] | None = None,
                       declaration_sha256: str | None = None, source: str = "crawl") -> dict | None:
        """Record ``text`` as the document's new version, unless it is the current one.

        ``kind`` is ``first`` or ``change`` by default (decided here, from the history), or
        ``reextraction`` when the caller re-ran extraction over an old snapshot. Returns the
        new version row, or None when the text did not change.
        """
        digest = sha256_text(text)
        compressed = compress_text(text)  # outside the write lock
        with self.immediate():
            current = self.current_version(document_id, with_text=False)
            if current and current["sha256"] == digest:
                return None
            if kind is None:
                kind = "change" if current else "first"
            if kind not in ("first", "change", "reextraction"):
                raise StoreError(f"unknown version kind {kind!r}")
            at = recorded_at or now_iso()
            if current and at < current["recorded_at"]:
                raise StoreError(f"version at {at} would precede the current one ({current['recorded_at']})")
            cursor = self.db.execute(
                "INSERT INTO versions (document_id, recorded_at, kind, sha256, chars, snapshot_id, "
                "snapshot_ids, declaration_sha256, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [document_id, at, kind, digest, len(text),
                 (snapshot_ids or [None])[0], json.dumps(snapshot_ids or []), declaration_sha256, source])
            version_id = cursor.lastrowid
            self.db.execute("INSERT INTO version_texts (version_id, compression, content) VALUES (?, 'zlib', ?)",
                            [version_id, compressed])
            if kind != "reextraction":
                self._mark_outcome(document_id, at, kind)
        return self.version(version_id)

    def current_version(self, document_id: int, with_text: bool = True) -> dict | None:
        rows = list(self.db.query(
            f"SELECT {VERSION_COLUMNS} FROM versions WHERE document_id = ? ORDER BY recorded_at DESC, id DESC LIMIT 1",
            [document_id]))
        if rows and with_text:
            rows[0]["text"] = self.version_text(rows[0]["id"])
        return rows[0] if rows else None

    def version(self, version_id: int) -> dict:
        """One version with its text (decompressed)."""
        rows = list(self.db.query(f"SELECT {VERSION_COLUMNS} FROM versions WHERE id = ?", [version_id]))
        if not rows:
            raise StoreError(f"no version with id {version_id}")
        return {**rows[0], "text": self.version_text(version_id)}

    def version_text(self, version_id: int) -> str:
        row = self.db.execute("SELECT compression, content FROM version_texts WHERE version_id = ?",
                              [version_id]).fetchone()
        if row is None:
            raise StoreError(f"no text for version {version_id}")
        return decompress_text(*row)

    def versions(self, document_id: int, with_text: bool = False) -> list[dict]:
        columns = VERSION_COLUMNS if with_text else "id, document_id, recorded_at, kind, sha256, chars, snapshot_id, source"
        rows = list(self.db.query(
            f"SELECT {columns} FROM versions WHERE document_id = ? ORDER BY recorded_at, id", [document_id]))
        for row in rows if with_text else ():
            row["text"] = self.version_text(row["id"])
        return rows

    # -- capture outcomes --------------------------------------------------------------------

    def record_unchanged(self, document_id: int, at: str | None = None) -> None:
        """A capture succeeded and found the current version again."""
        with self.db.conn:
            self._mark_outcome(document_id, at or now_iso(), "unchanged")

    def record_fetch_error(self, document_id: int, kind: str, reason: str, *, at: str | None = None,
                           url: str | None = None, status: int | None = None) -> dict:
        """A capture failed. The document's versions are not touched."""
        at = at or now_iso()
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT INTO fetch_errors (document_id, at, kind, reason, url, status) VALUES (?, ?, ?, ?, ?, ?)",
                [document_id, at, kind, reason, url, status])
            self.db.execute(
                "UPDATE documents SET last_captured_at = ?, last_outcome = 'error', "
                "failures_in_a_row = failures_in_a_row + 1 WHERE id = ?", [at, document_id])
        return list(self.db.query("SELECT * FROM fetch_errors WHERE id = ?", [cursor.lastrowid]))[0]

    def fetch_errors(self, document_id: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM fetch_errors WHERE document_id = ? ORDER BY at, id",
                                  [document_id]))

    def _mark_outcome(self, document_id: int, at: str, outcome: str) -> None:
        """A successful capture (changed or not): the schedule moves on, the failure streak
        ends, and ending one is remembered as a recovery (for status and the operators)."""
        self.db.execute(
            "UPDATE documents SET last_captured_at = ?, last_outcome = ?, failures_in_a_row = 0, "
            "last_success_at = max(ifnull(last_success_at, ''), ?), "
            "recovered_at = CASE WHEN failures_in_a_row > 0 THEN ? ELSE recovered_at END, "
            "recovered_after = CASE WHEN failures_in_a_row > 0 THEN failures_in_a_row ELSE recovered_after END "
            "WHERE id = ?", [at, outcome, at, at, document_id])

    # -- imports from versions repositories -------------------------------------------------

    def ota_import_cursor(self, repository: str) -> dict | None:
        """Where the last import of a versions repository stopped (``last_commit``), if any."""
        rows = list(self.db.query("SELECT * FROM ota_git_imports WHERE repository = ?", [repository]))
        return rows[0] if rows else None

    def set_ota_import_cursor(self, repository: str, last_commit: str, at: str) -> None:
        with self.db.conn:
            self.db.execute("INSERT INTO ota_git_imports (repository, last_commit, imported_at) VALUES (?, ?, ?) "
                            "ON CONFLICT(repository) DO UPDATE SET last_commit = excluded.last_commit, "
                            "imported_at = excluded.imported_at", [repository, last_commit, at])

    # -- generic helpers ---------------------------------------------------------------------

    def query(self, sql: str, params: Iterable[Any] | dict = ()) -> Iterator[dict]:
        return self.db.query(sql, params)

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def open_store(home) -> Store:
    """Open the store of a `Home` (creating the state directory if needed)."""
    try:
        home.ensure()
    except OSError as error:
        raise StoreError(f"cannot create the state directory {home.root}: {error.strerror or error}")
    return Store.open(home.database)
