"""What captures found: snapshots (and their blobs), versions (and their texts), capture
outcomes and fetch errors, and where imports of versions repositories stopped (tables
``blobs``, ``snapshots``, ``versions``, ``version_texts``, ``fetch_errors``, ``distributed_captures``,
``ota_git_imports``, and the capture-state columns of ``documents``)."""

from __future__ import annotations

import json
import zlib

from ..clock import now_iso
from .db import StoreError, compress_text, sha256_bytes, sha256_text
from .db import of_documents
from .texts import KEYFRAMES_FROM_SCHEMA, latest_keyframe, read_text, stored_text

VERSION_COLUMNS = "id, document_id, recorded_at, kind, sha256, chars, snapshot_id, snapshot_ids, declaration_sha256, source"


class CaptureRecords:
    """Reads and writes of snapshots, versions and capture outcomes (a part of `Store`)."""

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
        # outside the write lock: any keyframe of the document will do, versions are never deleted
        compression, compressed, keyframe_id = self._stored_text(document_id, text)
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
            self.db.execute(*self._text_insert(version_id, compression, compressed, keyframe_id))
            if kind != "reextraction":
                self._mark_outcome(document_id, at, kind)
        return self.version(version_id)

    def _stored_text(self, document_id: int, text: str) -> tuple[str, bytes, int | None]:
        """(compression, content, keyframe id) of a new version's text row. A store whose schema
        predates keyframes (opened without migrating, as a test that builds an old database
        does) gets the rows that schema held: zlib, alone."""
        if self.schema_version < KEYFRAMES_FROM_SCHEMA:
            return "zlib", compress_text(text), None
        return ("zstd", *stored_text(text, latest_keyframe(self.db.conn, document_id)))

    @staticmethod
    def _text_insert(version_id: int, compression: str, content: bytes, keyframe_id: int | None) -> tuple:
        if compression == "zlib":
            return ("INSERT INTO version_texts (version_id, compression, content) VALUES (?, 'zlib', ?)",
                    [version_id, content])
        return ("INSERT INTO version_texts (version_id, compression, content, base_version_id) VALUES (?, ?, ?, ?)",
                [version_id, compression, content, keyframe_id])

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
        return {**rows[0], "text": self._kept_text(version_id, rows[0]["sha256"])}

    def version_text(self, version_id: int) -> str:
        """A version's text (decompressed, against its keyframe when it has one: `monitor.store.texts`)."""
        return read_text(self.db.conn, version_id)

    def versions(self, document_id: int, with_text: bool = False) -> list[dict]:
        # (not_document: a first version's judgement, `monitor.history.judge_first_versions`)
        columns = f"{VERSION_COLUMNS}, not_document" if with_text else \
            "id, document_id, recorded_at, kind, sha256, chars, snapshot_id, source, not_document"
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

    # -- reads for the stages ----------------------------------------------------------------

    def version_in_force_at(self, document_id: int, at: str,
                            columns: str = "id, recorded_at, kind, chars, sha256") -> dict | None:
        """The document's version in force at ``at``: the latest recorded then (the same order
        as `current_version`; an exact ``recorded_at`` finds that version)."""
        rows = list(self.db.query(
            f"SELECT {columns} FROM versions WHERE document_id = ? AND recorded_at <= ? "
            "ORDER BY recorded_at DESC, id DESC LIMIT 1", [document_id, at]))
        return rows[0] if rows else None

    def has_version(self, document_id: int, recorded_at: str, sha256: str) -> bool:
        """Is there a version of this text recorded at exactly this time?"""
        return self.db.execute("SELECT 1 FROM versions WHERE document_id = ? AND recorded_at = ? AND sha256 = ?",
                               [document_id, recorded_at, sha256]).fetchone() is not None

    def same_text(self, version_id: int, other_version_id: int) -> bool:
        row = self.db.execute("SELECT a.sha256 = b.sha256 FROM versions a, versions b WHERE a.id = ? AND b.id = ?",
                              [version_id, other_version_id]).fetchone()
        return bool(row and row[0])

    def next_version(self, document_id: int, recorded_at: str, version_id: int) -> dict | None:
        """The version recorded right after ``version_id`` (recorded at ``recorded_at``)."""
        rows = list(self.db.query(
            "SELECT id, recorded_at, sha256 FROM versions WHERE document_id = ? AND "
            "(recorded_at > ? OR (recorded_at = ? AND id > ?)) ORDER BY recorded_at, id LIMIT 1",
            [document_id, recorded_at, recorded_at, version_id]))
        return rows[0] if rows else None

    def latest_fetch_error_reason(self, document_id: int) -> str | None:
        row = self.db.execute("SELECT reason FROM fetch_errors WHERE document_id = ? ORDER BY at DESC, id DESC "
                              "LIMIT 1", [document_id]).fetchone()
        return row[0] if row else None

    def latest_fetch_errors(self, document_id: int, count: int) -> list[dict]:
        """(id, reason) of the document's last ``count`` fetch errors, newest first."""
        return list(self.db.query("SELECT id, reason FROM fetch_errors WHERE document_id = ? "
                                  "ORDER BY at DESC, id DESC LIMIT ?", [document_id, count]))

    def all_versions_brief(self, document_ids: list[int] | None = None) -> list[dict]:
        """(id, document_id, recorded_at, kind, chars, not_document) of every version (of
        ``document_ids`` only, when given), by document, in time order."""
        where = of_documents(document_ids)
        return list(self.db.query(
            f"SELECT id, document_id, recorded_at, kind, chars, not_document FROM versions "
            f"{'WHERE ' + where if where else ''} "
            "ORDER BY document_id, recorded_at, id"))

    def recent_fetch_errors(self, per_document: int, document_ids: list[int] | None = None) -> list[dict]:
        """The last ``per_document`` fetch errors of every document (of ``document_ids`` only,
        when given; newest first) and each document's ``total``."""
        where = of_documents(document_ids)
        return list(self.db.query(
            "SELECT id, document_id, at, kind, reason, url, status, total FROM ("
            "  SELECT *, ROW_NUMBER() OVER (PARTITION BY document_id ORDER BY at DESC, id DESC) AS rank,"
            f"         COUNT(*) OVER (PARTITION BY document_id) AS total FROM fetch_errors {'WHERE ' + where if where else ''})"
            f" WHERE rank <= {int(per_document)} ORDER BY document_id, at DESC, id DESC"))

    def has_fetch_error(self, document_id: int, at: str, kind: str) -> bool:
        return self.db.execute("SELECT 1 FROM fetch_errors WHERE document_id = ? AND at = ? AND kind = ?",
                               [document_id, at, kind]).fetchone() is not None

    # -- results of distributed capture (monitor.distributed) --------------------------------

    # Made on first use by the recorder of a distributed crawl, not by a migration (as
    # monitor.distributed did before the store owned it).
    _DISTRIBUTED_CAPTURES_SCHEMA = """
CREATE TABLE IF NOT EXISTS distributed_captures (
    capture_id TEXT PRIMARY KEY,    -- the job's id: a replayed result with it is dropped
    document_id INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    recorded_at TEXT NOT NULL
)
"""

    def ensure_distributed_captures(self) -> None:
        with self.db.conn:
            self.db.execute(self._DISTRIBUTED_CAPTURES_SCHEMA)

    def distributed_capture_recorded(self, capture_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM distributed_captures WHERE capture_id = ?",
                               [capture_id]).fetchone() is not None

    def note_distributed_capture(self, capture_id: str, document_id: int, outcome: str, at: str) -> None:
        with self.db.conn:
            self.db.execute("INSERT OR IGNORE INTO distributed_captures VALUES (?, ?, ?, ?)",
                            [capture_id, document_id, outcome, at])

    def versions_to_diff(self, recompute: bool = False) -> list[dict]:
        """(id, document_id, chars) of every version with one before it and, unless ``recompute``,
        no change leading to it yet; by document, in time order."""
        return list(self.db.query(f"""
        SELECT v.id, v.document_id, v.chars FROM versions v
        WHERE {"1" if recompute else "NOT EXISTS (SELECT 1 FROM changes c WHERE c.to_version_id = v.id)"}
          AND EXISTS (SELECT 1 FROM versions p WHERE p.document_id = v.document_id
                      AND (p.recorded_at < v.recorded_at OR (p.recorded_at = v.recorded_at AND p.id < v.id)))
        ORDER BY v.document_id, v.recorded_at, v.id"""))

    def versions_without_findings(self) -> list[dict]:
        """(id, document_id, sha256) of every version not analysed for findings; by document, in time order."""
        return list(self.db.query("""
        SELECT v.id, v.document_id, v.sha256 FROM versions v
        WHERE NOT EXISTS (SELECT 1 FROM version_findings f WHERE f.version_id = v.id)
        ORDER BY v.document_id, v.recorded_at, v.id"""))
