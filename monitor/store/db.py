"""Opening the database, its migrations and transactions, and the helpers every kind of
record shares (hashing, compressed text). The per-kind modules beside this one read and
write the tables; this one owns the connection."""

from __future__ import annotations

import logging
import sqlite3
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from ..clock import now_iso
from ..hashing import sha256_bytes, sha256_text  # noqa: F401  (also this module's API)
from .migrations import MIGRATIONS, Migration

log = logging.getLogger(__name__)



def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), TEXT_COMPRESSION_LEVEL)


def decompress_text(compression: str, content: bytes) -> str:
    if compression != "zlib":
        raise StoreError(f"unknown text compression {compression!r}")
    return zlib.decompress(content).decode("utf-8")


def packed_json(text: str):
    """A JSON document as stored in a column that may hold it compressed (migration 12): zlib
    bytes when that is smaller by enough to matter, else the text itself."""
    return compress_text(text) if len(text) >= PACK_JSON_FROM else text


def unpacked_json(value):
    """The JSON text of a `packed_json` value (text as it is; NULL stays None)."""
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


# Below this many characters, zlib's header and checksum cost more than they save.
PACK_JSON_FROM = 64

# zlib 6: 0.32 of the text on OTA versions; 9 is as small (0.2 % less) and slower, 1 is 16 %
# bigger (BENCHMARKS.md, "Scale")
TEXT_COMPRESSION_LEVEL = 6


def placeholders(values: list) -> str:
    """``?,?,?`` for an ``IN (...)`` of these values."""
    return ",".join("?" * len(values))


def of_documents(document_ids, column: str = "document_id") -> str:
    """An SQL condition ``column IN (...)`` on these document ids, or "" for every document.
    The ids are ints written inline: a batch of a streamed build may hold more than the 999
    parameters some SQLite builds allow."""
    if document_ids is None:
        return ""
    return f"{column} IN ({','.join(str(int(i)) for i in document_ids) or 'NULL'})"


class StoreError(RuntimeError):
    pass


class Database:
    """The connection, its schema version and its transactions (the base of `Store`)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, migrate: bool = True) -> "Database":
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

    def __enter__(self) -> "Database":
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
        applied, frees_space = [], False
        known = max((m.version for m in migrations), default=0)
        if self.schema_version > known:
            raise StoreError(f"database schema v{self.schema_version} is newer than this "
                             f"Termswatch (knows up to v{known}); upgrade Termswatch")
        for migration in sorted(migrations, key=lambda m: m.version):
            if migration.version <= self.schema_version:
                continue
            log.info("migrating database to v%d (%s)", migration.version, migration.name)
            if migration.rebuilds_tables:
                conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: hence here
            try:
                conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}")   # leaves the transaction open
                if migration.python:
                    migration.python(conn)
                conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", [migration.version, migration.name, now_iso()])
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
            frees_space = frees_space or migration.frees_space
        if frees_space:
            self._reclaim_space()
        return applied

    def _reclaim_space(self) -> None:
        """VACUUM after migrations that rewrote rows smaller: the file shrinks to what is used.
        Another process holding the database only postpones it (the data is migrated already)."""
        log.info("reclaiming the space the migrations freed (VACUUM)")
        try:
            self.db.conn.execute("VACUUM")
        except sqlite3.OperationalError as error:
            log.warning("VACUUM after the migrations not done (%s); run `sqlite3 FILE VACUUM` to shrink the file", error)

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

    def transaction(self):
        """Writes committed together at the end of a ``with`` block, rolled back on an error
        (the connection's own transaction, as ``with db.conn:``)."""
        return self.db.conn

    @contextmanager
    def batch(self):
        """Many writes in one transaction (e.g. an import's versions): one commit, not one each."""
        with self.immediate() as conn:
            yield conn

    def database_file(self) -> str | None:
        """The database's file, or None for an in-memory store (which other processes cannot open)."""
        path = next((row[2] for row in self.db.execute("PRAGMA database_list") if row[1] == "main"), "")
        return path or None

    # -- generic helpers ---------------------------------------------------------------------

    def query(self, sql: str, params: Iterable[Any] | dict = ()) -> Iterator[dict]:
        return self.db.query(sql, params)

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

