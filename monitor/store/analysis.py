"""What the analysis made of the versions: changes (their hunks: `hunks.py`), assessments,
the terms in force in each version (findings) and the clause cache (tables ``changes``,
``assessments``, ``version_findings``, ``clause_labels``).

The rules about which records count are written here once:

- a suspect change (an error page, a mass deletion, a page that is not the document) counts
  only once a later capture confirmed it (`counts`, `counts_sql`);
- a change is *reportable* (alerts, feeds, the score) when it is substantive and counts
  (`REPORTABLE`);
- a version is *trusted* (it may stand as the terms in force) when no change leads to it or
  the change that does counts, and it is not a first capture judged not the document
  (``versions.not_document``); the *trusted current version* is the latest trusted one.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..clock import now_iso
from .db import of_documents, packed_json, unpacked_json
from .db import placeholders as _marks
from .hunks import HUNK_COLUMNS, hunk_tuple  # noqa: F401  (HUNK_COLUMNS: also this module's API)


def counts(suspect, suspect_status) -> bool:
    """Does a change count (for reports, scores, the terms in force)? Not when it is a suspect
    awaiting confirmation, refuted, or not the document."""
    return not suspect or suspect_status == "confirmed"


def counts_sql(alias: str = "c") -> str:
    """`counts` as an SQL condition on the ``changes`` row aliased ``alias``."""
    return f"({alias}.suspect = 0 OR {alias}.suspect_status = 'confirmed')"


def stands(suspect, suspect_status, not_document=None) -> bool:
    """May a version stand as the terms in force? When no change leads to it or the one that
    does counts (`counts`), and it is not a first capture judged not the document
    (``versions.not_document``)."""
    return counts(suspect, suspect_status) and not not_document


def stands_sql(change: str = "c", version: str = "v") -> str:
    """`stands` as an SQL condition on the ``changes`` row aliased ``change`` (LEFT JOINed:
    NULL when no change leads to the version) and the ``versions`` row aliased ``version``."""
    return f"({change}.id IS NULL OR {counts_sql(change)}) AND coalesce({version}.not_document, '') = ''"


REPORTABLE = f"c.substantive = 1 AND {counts_sql('c')}"

# A change as people are shown it (`monitor.views.shape_change`): its row, its document and
# service, its two versions' times, its assessment.
_CHANGE_COLUMNS = """c.id, c.document_id, d.service_id, s.name AS service_name, d.terms_type, d.url,
    vf.recorded_at AS "from", vt.recorded_at AS "to", c.from_version_id, c.to_version_id,
    vt.kind AS to_kind, c.substantive, c.suspect, c.suspect_status, c.reasons, c.stats,
    a.direction, a.severity, a.categories, a.evidence, a.confidence, a.notice_days,
    a.effective_date, a.consent_by_use, a.announced, a.hunk_assessments"""
_CHANGE_JOINS = """FROM changes c
    JOIN documents d ON d.id = c.document_id
    JOIN services s ON s.id = d.service_id
    JOIN versions vf ON vf.id = c.from_version_id
    JOIN versions vt ON vt.id = c.to_version_id
    LEFT JOIN assessments a ON a.change_id = c.id"""

# A change as copied between stores (`monitor.parallel`): every column but the id.
CHANGE_COLUMNS = ("document_id", "from_version_id", "to_version_id", "substantive", "suspect", "suspect_status",
                  "reasons", "stats", "computed_at")


def findings_sql(alias: str = "f") -> str:
    """SQL for the findings JSON of the ``version_findings`` row aliased ``alias``: its own,
    or, when inherited (stored as ''), those of the version it inherits them from; packed
    (`db.packed_json`): the methods that read it give back the text."""
    return (f"ifnull(nullif({alias}.findings, ''), (SELECT o.findings FROM version_findings o "
            f"WHERE o.version_id = {alias}.inherited_from))")


class AnalysisRecords:
    """Reads and writes of changes, assessments, findings and cached clause results (a part of `Store`)."""

    # -- changes -----------------------------------------------------------------------------

    def record_change(self, document_id: int, from_id: int, to_id: int, substantive: bool, suspect: bool,
                      reasons: list[str], stats: dict, hunks: list[dict], replace: bool = False,
                      status: str | None = None, hunk_rows: list[tuple] | None = None) -> int | None:
        """Record one change and its hunks. A change is known by the version it leads to: with
        ``replace`` an existing one is updated in place (same id), else it is left alone.
        ``hunk_rows``: the hunks as `HUNK_COLUMNS` tuples already (`hunk_row`), in place of ``hunks``."""
        values = [document_id, from_id, to_id, int(substantive), int(suspect),
                  (status or "pending") if suspect else None,
                  json.dumps(reasons), json.dumps(stats), now_iso()]
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT INTO changes (document_id, from_version_id, to_version_id, substantive, suspect, "
                "suspect_status, reasons, stats, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (to_version_id) DO " + (
                    "UPDATE SET from_version_id = excluded.from_version_id, substantive = excluded.substantive, "
                    "suspect = excluded.suspect, suspect_status = excluded.suspect_status, reasons = excluded.reasons, "
                    "stats = excluded.stats, computed_at = excluded.computed_at" if replace else "NOTHING"), values)
            if not cursor.rowcount:  # already recorded (by another process meanwhile)
                return None
            change_id = self.db.execute("SELECT id FROM changes WHERE to_version_id = ?", [to_id]).fetchone()[0]
            if hunk_rows is None:
                hunk_rows = [hunk_tuple(h, i) for i, h in enumerate(hunks)]
            self.write_hunks(change_id, hunk_rows)
        return change_id

    def write_change_row(self, change: dict, hunks: list[tuple], replace: bool, change_id: int | None = None) -> bool:
        """`record_change` for a change already computed elsewhere (its `CHANGE_COLUMNS`, its
        hunks as `HUNK_COLUMNS` tuples), inside the caller's transaction; a new change gets
        ``change_id`` when given (`next_change_id`'s otherwise). False when it was recorded
        already (and not ``replace``)."""
        stored = self._upsert_change(change, replace, change_id)
        if stored is not None:
            self.write_hunks(stored, hunks)
        return stored is not None

    def copy_change_row(self, change: dict, source_change_id: int, replace: bool, change_id: int | None = None) -> bool:
        """`write_change_row` for a change recorded in the database attached as ``worker``
        (`attach_worker`): its hunks are copied there from, as stored (the same versions, so
        the same spans), not read back into Python and encoded again."""
        stored = self._upsert_change(change, replace, change_id)
        if stored is not None:
            self.copy_hunks(stored, source_change_id)
        return stored is not None

    def _upsert_change(self, change: dict, replace: bool, change_id: int | None) -> int | None:
        columns = (*CHANGE_COLUMNS, "id") if change_id is not None else CHANGE_COLUMNS
        values = [change[c] for c in CHANGE_COLUMNS] + ([change_id] if change_id is not None else [])
        cursor = self.db.execute(
            f"INSERT INTO changes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            "ON CONFLICT (to_version_id) DO " + (
                "UPDATE SET from_version_id = excluded.from_version_id, substantive = excluded.substantive, "
                "suspect = excluded.suspect, suspect_status = excluded.suspect_status, reasons = excluded.reasons, "
                "stats = excluded.stats, computed_at = excluded.computed_at" if replace else "NOTHING"),
            values)
        if not cursor.rowcount:
            return None
        return self.db.execute("SELECT id FROM changes WHERE to_version_id = ?", [change["to_version_id"]]).fetchone()[0]

    def attach_worker(self, path: str) -> None:
        """Attach a worker's database (`copy_change_row` reads it), outside any transaction."""
        self.db.conn.execute("ATTACH DATABASE ? AS worker", [path])

    def detach_worker(self) -> None:
        self.db.conn.execute("DETACH DATABASE worker")

    def next_change_id(self) -> int:
        """The id the next change recorded gets (SQLite's next rowid: the largest plus one)."""
        return self.db.execute("SELECT ifnull(max(id), 0) + 1 FROM changes").fetchone()[0]

    def versions_with_changes(self) -> set[int]:
        """The versions a change leads to."""
        return {row[0] for row in self.db.execute("SELECT to_version_id FROM changes")}

    def write_suspect_statuses(self, settled: list[tuple[str, int]]) -> None:
        """(status, to_version_id) pairs, inside the caller's transaction."""
        self.db.conn.executemany("UPDATE changes SET suspect_status = ? WHERE to_version_id = ?", settled)

    def change_records(self) -> list[dict]:
        """Every change as stored (id and `CHANGE_COLUMNS`), in id order."""
        return list(self.db.query(f"SELECT id, {', '.join(CHANGE_COLUMNS)} FROM changes ORDER BY id"))

    def suspect_status_by_version(self) -> dict[int, str | None]:
        """{to_version_id: suspect_status} of every change."""
        return dict(self.db.execute("SELECT to_version_id, suspect_status FROM changes"))

    def substantive_by_version(self) -> dict[int, int]:
        """{to_version_id: substantive (0 or 1)} of every change."""
        return dict(self.db.execute("SELECT to_version_id, substantive FROM changes"))

    def any_substantive_change_to(self, version_ids: list[int]) -> bool:
        """Whether a change leading to one of ``version_ids`` is substantive."""
        return any(self.db.execute("SELECT 1 FROM changes WHERE substantive AND to_version_id = ?", [v]).fetchone()
                   for v in version_ids)

    def mark_changes_not_substantive(self, version_ids: list[int], reason: str) -> list[int]:
        """The substantive changes that led to ``version_ids`` become not substantive, with
        ``reason`` added to their reasons, and lose their assessments (the classify stage judges
        them again). Returns the versions whose change was substantive until now."""
        marked = []
        with self.db.conn:
            for version_id in version_ids:
                row = self.db.execute("SELECT id, reasons FROM changes WHERE to_version_id = ? AND substantive = 1",
                                      [version_id]).fetchone()
                if row is None:
                    continue
                reasons = sorted(set(json.loads(row[1])) | {reason})
                self.db.execute("UPDATE changes SET substantive = 0, reasons = ? WHERE id = ?",
                                [json.dumps(reasons), row[0]])
                self.db.execute("DELETE FROM assessments WHERE change_id = ?", [row[0]])
                marked.append(version_id)
        return marked

    def copy_document_history(self, path: str, document_id: int) -> None:
        """Copy a document's row, versions (with their texts) and changes from the database
        file at ``path`` into this (empty, private) store; its other tables stay empty."""
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = OFF")   # the copy leaves out snapshots and other documents
        conn.execute("PRAGMA synchronous = OFF")    # a private scratch copy: nothing to keep across a crash
        conn.execute("ATTACH DATABASE ? AS source", [path])
        with conn:
            conn.execute("INSERT INTO documents SELECT * FROM source.documents WHERE id = ?", [document_id])
            for table, where in (("versions", "document_id = ?"),
                                 ("version_texts", "version_id IN (SELECT id FROM source.versions WHERE document_id = ?)"),
                                 ("changes", "document_id = ?")):
                conn.execute(f"INSERT INTO {table} SELECT * FROM source.{table} WHERE {where}", [document_id])

    def detach_copy_source(self) -> None:
        self.db.conn.execute("DETACH DATABASE source")

    def change_leading_to(self, version_id: int) -> dict | None:
        """The change whose new version is ``version_id`` (its from_version_id and reasons)."""
        rows = list(self.db.query("SELECT from_version_id, reasons FROM changes WHERE to_version_id = ?",
                                  [version_id]))
        return rows[0] if rows else None

    def suspicion_by_version(self, document_id: int) -> dict[int, tuple[int, str | None]]:
        """{version id: (suspect, suspect_status)} of the changes leading to a document's versions."""
        return {to_id: (suspect, settled) for to_id, suspect, settled in self.db.execute(
            "SELECT to_version_id, suspect, suspect_status FROM changes WHERE document_id = ?", [document_id])}

    def versions_reached_with(self, document_id: int, reason: str) -> set[int]:
        """The versions of a document whose change carries ``reason``."""
        return {to_id for (to_id,) in self.db.execute(
            "SELECT to_version_id FROM changes WHERE document_id = ? AND EXISTS "
            "(SELECT 1 FROM json_each(changes.reasons) WHERE json_each.value = ?)", [document_id, reason])}

    def pending_suspects(self, document_id: int | None = None) -> list[dict]:
        """Suspect changes awaiting confirmation (of one document, or all), with what settling them needs."""
        return list(self.db.query("""
        SELECT c.id, c.document_id, c.from_version_id, c.to_version_id, c.reasons, vt.recorded_at,
               vf.sha256 AS before_sha, d.last_captured_at, d.last_outcome
        FROM changes c JOIN versions vt ON vt.id = c.to_version_id JOIN versions vf ON vf.id = c.from_version_id
        JOIN documents d ON d.id = c.document_id
        WHERE c.suspect = 1 AND c.suspect_status = 'pending' AND (? IS NULL OR c.document_id = ?)""",
                                  [document_id, document_id]))

    def set_suspect_status(self, change_id: int, status: str) -> None:
        with self.db.conn:
            self.db.execute("UPDATE changes SET suspect_status = ? WHERE id = ?", [status, change_id])

    def first_versions_unjudged(self) -> list[tuple[int, str]]:
        """(id, terms type) of the first versions of documents not yet judged as the document
        or not (`monitor.history.judge_first_versions`). Only a document's first version is
        recorded with kind "first": the others are not looked at."""
        return [(version_id, terms_type) for version_id, terms_type in self.db.execute("""
        SELECT v.id, d.terms_type FROM versions v JOIN documents d ON d.id = v.document_id
        WHERE v.kind = 'first' AND v.not_document IS NULL AND NOT EXISTS (
            SELECT 1 FROM versions p WHERE p.document_id = v.document_id
            AND (p.recorded_at < v.recorded_at OR (p.recorded_at = v.recorded_at AND p.id < v.id)))
        ORDER BY v.id""")]

    def forget_first_version_judgements(self) -> None:
        """Judge every first version again at the next diff (`record_changes` with recompute)."""
        with self.db.conn:
            self.db.execute("UPDATE versions SET not_document = NULL WHERE kind = 'first'")

    def set_not_document(self, version_id: int, reason: str) -> None:
        """Record a first version's judgement: '' the document, else why it is not."""
        with self.db.conn:
            self.db.execute("UPDATE versions SET not_document = ? WHERE id = ?", [reason, version_id])

    def first_capture_problem(self, document_id: int) -> str | None:
        """Why the document's first version is not the document (None when it is, or is not judged)."""
        row = self.db.execute("SELECT not_document FROM versions WHERE document_id = ? "
                              "ORDER BY recorded_at, id LIMIT 1", [document_id]).fetchone()
        return (row[0] or None) if row else None

    def trusted_current_version(self, document_id: int) -> dict | None:
        """The latest version that may stand as the document's terms in force."""
        rows = list(self.db.query(f"""
        SELECT v.id, v.recorded_at, v.sha256, v.chars FROM versions v
        LEFT JOIN changes c ON c.to_version_id = v.id
        WHERE v.document_id = ? AND {stands_sql('c', 'v')}
        ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1""", [document_id]))
        return rows[0] if rows else None

    def latest_change_status(self, document_id: int) -> tuple[str, str | None] | None:
        """(reasons JSON, suspect_status) of the change to the document's latest version."""
        row = self.db.execute("""
        SELECT c.reasons, c.suspect_status FROM changes c JOIN versions v ON v.id = c.to_version_id
        WHERE c.document_id = ? ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1""", [document_id]).fetchone()
        return tuple(row) if row else None

    def last_substantive_change_at(self, document_id: int) -> str | None:
        row = self.db.execute(
            "SELECT vt.recorded_at FROM changes c JOIN versions vt ON vt.id = c.to_version_id "
            "WHERE c.document_id = ? AND c.substantive = 1 ORDER BY vt.recorded_at DESC LIMIT 1",
            [document_id]).fetchone()
        return row[0] if row else None

    def change_rows(self, *, change_ids=None, service_id: str | None = None, document_id: int | None = None,
                    min_severity: int | None = None, reportable_only: bool = False, since: str | None = None,
                    limit: int | None = None, newest_first: bool = True) -> list[dict]:
        """Changes with their document, service, versions' times and assessment (no hunks),
        as stored (`monitor.views.change_rows` shapes them)."""
        where, params = [], []
        if change_ids is not None:
            ids = list(change_ids)
            if not ids:
                return []
            where.append(f"c.id IN ({','.join('?' * len(ids))})")
            params += ids
        if service_id is not None:
            where.append("d.service_id = ?")
            params.append(service_id)
        if document_id is not None:
            where.append("c.document_id = ?")
            params.append(document_id)
        if min_severity is not None:
            where.append("a.severity >= ?")
            params.append(min_severity)
        if reportable_only:
            where.append(REPORTABLE)
        if since is not None:
            where.append("vt.recorded_at >= ?")
            params.append(since)
        sql = f"""
        SELECT {_CHANGE_COLUMNS} {_CHANGE_JOINS}
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY vt.recorded_at {"DESC" if newest_first else "ASC"}, c.id {"DESC" if newest_first else "ASC"}
        {f"LIMIT {int(limit)}" if limit else ""}"""
        return [{**row, "evidence": unpacked_json(row["evidence"]), "hunk_assessments": unpacked_json(row["hunk_assessments"])}
                for row in self.db.query(sql, params)]

    def change_ids_in_order(self, document_id: int) -> list[int]:
        """The ids of a document's changes, oldest first, in the order (and with the joins) of
        `change_rows(document_id=..., newest_first=False)`: a reader that takes the changes one
        at a time (the export) holds one change, not a long history of them."""
        return [row[0] for row in self.db.execute(
            f"SELECT c.id {_CHANGE_JOINS} WHERE c.document_id = ? ORDER BY vt.recorded_at ASC, c.id ASC",
            [document_id])]

    # `change_rows`'s query for every change, plus what fingerprints need: when the change
    # and its assessment were computed.
    _ALL_CHANGES_SQL = (f"SELECT {_CHANGE_COLUMNS}, c.computed_at, a.computed_at AS assessed_at, a.model "
                        f"{_CHANGE_JOINS} {{where}} ORDER BY vt.recorded_at, c.id")

    def all_change_tuples(self, document_ids: list[int] | None = None) -> tuple[list[str], Iterator[tuple]]:
        """(column names, raw rows) of every change (of ``document_ids`` only, when given) with
        its assessment, oldest first: raw, so a caller can fingerprint exactly what the store
        holds."""
        where = of_documents(document_ids, "c.document_id")
        cursor = self.db.execute(self._ALL_CHANGES_SQL.format(where="WHERE " + where if where else ""))
        columns = [d[0] for d in cursor.description]
        packed = [columns.index("evidence"), columns.index("hunk_assessments")]
        return columns, (tuple(unpacked_json(value) if i in packed else value for i, value in enumerate(raw))
                         for raw in cursor)

    def change_details(self, change_ids: list[int], fields=("evidence", "hunk_assessments")) -> list[dict]:
        """(change_id, and ``fields``: evidence, hunk_assessments) of these changes' assessments
        (at most 999 ids). A reader that needs one of the two does not pay for the other."""
        if not set(fields) <= {"evidence", "hunk_assessments"}:
            raise ValueError(f"not a detail of a change: {fields!r}")
        return [{**row, **{name: unpacked_json(row[name]) for name in fields}} for row in self.db.query(
            f"SELECT change_id, {', '.join(fields)} FROM assessments WHERE change_id IN ({_marks(change_ids)})",
            change_ids)]

    # -- assessments -------------------------------------------------------------------------

    def unassessed_changes(self) -> list[dict]:
        return list(self.db.query("""
        SELECT c.id, c.document_id, c.substantive, c.from_version_id, c.to_version_id FROM changes c
        WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.change_id = c.id) ORDER BY c.id"""))

    def substantive_change_chars(self) -> dict[int, int]:
        """{change id: length of the text it leads to} of the substantive changes: what
        assessing each costs, roughly (a cosmetic change costs nothing)."""
        return dict(self.db.execute("SELECT c.id, v.chars FROM changes c JOIN versions v ON v.id = c.to_version_id "
                                    "WHERE c.substantive").fetchall())

    def write_assessment(self, change_id: int, assessment: dict, model: str) -> None:
        """Record an assessment, inside the caller's transaction."""
        imposed = assessment.get("imposed") or {}
        self.db.execute(
            "INSERT OR IGNORE INTO assessments (change_id, direction, severity, categories, evidence, confidence, "
            "hunk_assessments, notice_days, effective_date, consent_by_use, announced, model, computed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [change_id, assessment["direction"], assessment["severity"], json.dumps(assessment["categories"]),
             packed_json(json.dumps(assessment["evidence"])), assessment["confidence"], packed_json(json.dumps(assessment["hunks"])),
             imposed.get("notice_days"), imposed.get("effective_date"), int(bool(imposed.get("consent_by_use"))),
             int(bool(imposed.get("announced"))), model, now_iso()])

    def reportable_assessed_changes(self, service_id: str) -> list[dict]:
        """The service's reportable changes with their assessments, in time order (for its score)."""
        return list(self.db.query(f"""
        SELECT c.id, vt.recorded_at AS at, d.terms_type, a.direction, a.severity, a.categories,
               a.notice_days, a.consent_by_use
        FROM changes c JOIN assessments a ON a.change_id = c.id JOIN documents d ON d.id = c.document_id
        JOIN versions vt ON vt.id = c.to_version_id
        WHERE d.service_id = ? AND {REPORTABLE}
        ORDER BY vt.recorded_at, c.id""", [service_id]))

    def delete_assessments(self) -> None:
        """Forget assessments, findings, the clause cache and the scores made from them."""
        with self.db.conn:
            self.db.execute("DELETE FROM assessments")
            self.db.execute("DELETE FROM version_findings")
            self.db.execute("DELETE FROM clause_labels")
            self.write_no_scores()   # the scores' part, in this transaction

    # -- findings and the clause cache ---------------------------------------------------------

    def record_version_findings(self, found: list[tuple], model: str) -> None:
        """Record (version id, findings JSON, inherited from) rows, in one transaction."""
        with self.db.conn:
            self.write_version_findings(found, model)

    def write_version_findings(self, found: list[tuple], model: str) -> None:
        """`record_version_findings` inside the caller's transaction."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO version_findings (version_id, findings, inherited_from, model, computed_at) "
            "VALUES (?, ?, ?, ?, ?)", [(version_id, packed_json(findings), inherited_from, model, now_iso())
                                       for version_id, findings, inherited_from in found])

    def own_findings_by_text(self, document_id: int, model: str) -> dict[str, tuple[int, str]]:
        """{text sha256: (version id, findings JSON)} of a document's versions that hold their
        own findings (not inherited) made by ``model``."""
        return {sha: (version_id, unpacked_json(findings)) for sha, version_id, findings in self.db.execute(
            "SELECT v.sha256, v.id, f.findings FROM versions v JOIN version_findings f ON f.version_id = v.id "
            "WHERE v.document_id = ? AND f.model = ? AND f.inherited_from IS NULL", [document_id, model])}

    def findings_of(self, version_id: int) -> str | None:
        """The findings JSON of a version (its own or inherited), None when not analysed."""
        row = self.db.execute(f"SELECT {findings_sql('f')} FROM version_findings f WHERE f.version_id = ?",
                              [version_id]).fetchone()
        return unpacked_json(row[0]) if row else None

    def findings_of_versions(self, version_ids: list[int]) -> Iterator[dict]:
        """(version_id, findings JSON) of these versions (at most 999) that were analysed."""
        return ({"version_id": version_id, "findings": unpacked_json(findings)} for version_id, findings in self.db.execute(
            f"SELECT f.version_id, {findings_sql('f')} AS findings FROM version_findings f "
            f"WHERE f.version_id IN ({_marks(version_ids)})", version_ids))

    def service_versions_with_findings(self, service_id: str) -> list[dict]:
        """Every version of the service's documents in time order, with its findings JSON and
        the suspicion of the change leading to it."""
        return [{**row, "findings": unpacked_json(row["findings"])} for row in self.db.query(f"""
        SELECT v.id, v.document_id, v.recorded_at, d.terms_type, {findings_sql("f")} AS findings,
               c.suspect, c.suspect_status, v.not_document
        FROM versions v JOIN documents d ON d.id = v.document_id
        LEFT JOIN version_findings f ON f.version_id = v.id
        LEFT JOIN changes c ON c.to_version_id = v.id
        WHERE d.service_id = ? ORDER BY v.recorded_at, v.id""", [service_id])]

    def cached_clause_results(self, model: str, shas: list[str]) -> list[tuple[str, dict]]:
        """(clause sha256, result) of the clauses among ``shas`` classified by ``model`` before."""
        found = []
        for start in range(0, len(shas), 500):
            chunk = shas[start:start + 500]
            found += [(sha, json.loads(result)) for sha, result in self.db.execute(
                f"SELECT sha256, result FROM clause_labels WHERE model = ? AND sha256 IN ({','.join('?' * len(chunk))})",
                [model, *chunk])]
        return found

    def save_clause_results(self, model: str, results: dict[str, dict]) -> None:
        with self.db.conn:
            self.write_clause_results(model, results)

    def write_clause_results(self, model: str, results: dict[str, dict]) -> None:
        """`save_clause_results` inside the caller's transaction."""
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO clause_labels (sha256, model, result) VALUES (?, ?, ?)",
            [(sha, model, json.dumps(result)) for sha, result in results.items()])
