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

The database is one package, ``monitor.store``, and the only code that reads or writes its
tables: ``db`` (opening, migrations run, transactions), ``migrations`` (the schema, every
migration in one list), and one module per kind of record, each the only one that touches
its tables: ``catalogue`` (services, documents), ``captures`` (snapshots, versions, capture
state; ``texts`` says how a version's text is stored, against a keyframe), ``analysis``
(changes, assessments, findings, clause cache), ``hunks`` (a change's hunks, stored by
reference into the version texts), ``scores`` and ``notifications`` (subscriptions, outbox,
operator events). `Store` is all of them over one connection.
"""

from __future__ import annotations

from .analysis import CHANGE_COLUMNS, REPORTABLE, AnalysisRecords, counts, counts_sql, findings_sql, stands
from .hunks import HUNK_COLUMNS, HunkRecords
from .captures import VERSION_COLUMNS, CaptureRecords
from .catalogue import CatalogueRecords
from .db import (TEXT_COMPRESSION_LEVEL, Database, StoreError, compress_text, decompress_text,
                 sha256_bytes, sha256_text)
from .migrations import MIGRATIONS, Migration
from .notifications import NotificationRecords
from .scores import ScoreRecords

__all__ = ["Store", "CHANGE_COLUMNS", "HUNK_COLUMNS", "counts", "counts_sql", "stands", "REPORTABLE", "StoreError", "Migration", "MIGRATIONS", "open_store", "findings_sql", "sha256_text",
           "sha256_bytes", "compress_text", "decompress_text", "TEXT_COMPRESSION_LEVEL", "VERSION_COLUMNS"]


class Store(Database, CatalogueRecords, CaptureRecords, AnalysisRecords, HunkRecords, ScoreRecords,
            NotificationRecords):
    """Typed reads and writes over the database, one part per kind of record."""


def open_store(home) -> Store:
    """Open the store of a `Home` (creating the state directory if needed)."""
    try:
        home.ensure()
    except OSError as error:
        raise StoreError(f"cannot create the state directory {home.root}: {error.strerror or error}")
    return Store.open(home.database)
