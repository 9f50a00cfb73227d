"""After capture: bring every later stage up to date with the records of the one before.

    versions --record_changes--> changes + hunks
             --settle_suspects-> suspect changes confirmed or refuted
             --assess_changes--> assessments
             --record_findings-> version_findings (harmful terms in force per version)
             --record_scores---> scores

Each stage is a catch-up: it finds the records of the previous stage it has not processed
yet, processes them and writes its own, one committed transaction per record. Running it
twice does nothing the second time, and a crash between records loses nothing: the next run
picks up where this one stopped. ``--recompute`` deletes a stage's records (and those
derived from them) and runs it again over the whole history.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Callable

from .clock import now_iso, parse_iso
from .store import Store

log = logging.getLogger("termswatch.pipeline")

Progress = Callable[[str, int, int], None]   # (stage, done, total)

# A suspect version that stayed in place this long before the next version was recorded was
# seen by later captures (archives re-capture at least daily), which confirms it.
SUSPECT_CONFIRMED_AFTER_SECONDS = 24 * 3600


@dataclass
class PipelineReport:
    changes: int = 0
    substantive: int = 0
    suspects_settled: int = 0
    assessed: int = 0
    findings: int = 0
    services_scored: int = 0
    extra: dict = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{self.changes} changes ({self.substantive} substantive), {self.assessed} assessed, "
                f"{self.findings} versions analysed, {self.services_scored} services scored")


def process_new_records(store: Store, progress: Progress | None = None) -> PipelineReport:
    """Run every stage after capture over what is new."""
    report = PipelineReport()
    report.changes, report.substantive = record_changes(store, progress=progress)
    report.suspects_settled = settle_suspects(store)
    return report


# -- diff -------------------------------------------------------------------------------------

def record_changes(store: Store, *, progress: Progress | None = None) -> tuple[int, int]:
    """Diff every version against the one before it, where not done yet.

    Returns (changes recorded, of which substantive).
    """
    from .diff import compare

    pending = list(store.query("""
        SELECT v.id, v.document_id FROM versions v
        WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.to_version_id = v.id)
          AND EXISTS (SELECT 1 FROM versions p WHERE p.document_id = v.document_id
                      AND (p.recorded_at < v.recorded_at OR (p.recorded_at = v.recorded_at AND p.id < v.id)))
        ORDER BY v.document_id, v.recorded_at, v.id"""))
    substantive = 0
    for done, row in enumerate(pending, 1):
        history = store.versions(row["document_id"])
        position = next(i for i, v in enumerate(history) if v["id"] == row["id"])
        old, new = store.version(history[position - 1]["id"]), store.version(row["id"])
        earlier = {v["sha256"] for v in history[:position - 1]}
        change = compare(old["text"], new["text"], earlier_sha256s=earlier)
        data = change.to_json()
        reasons = list(data["reasons"])
        is_substantive = change.substantive
        if new["kind"] == "reextraction":
            # the extraction changed, not the document: never a change users should hear of
            is_substantive = False
            reasons = sorted(set(reasons) | {"reextraction"})
        _store_change(store, row["document_id"], old["id"], new["id"], is_substantive, change.suspect,
                      reasons, data.get("stats", {}), data["hunks"])
        substantive += is_substantive
        if progress:
            progress("diff", done, len(pending))
    if pending:
        log.info("diff: %d new changes, %d substantive", len(pending), substantive)
    return len(pending), substantive


def _store_change(store: Store, document_id: int, from_id: int, to_id: int, substantive: bool, suspect: bool,
                  reasons: list[str], stats: dict, hunks: list[dict]) -> int:
    with store.db.conn:
        cursor = store.db.execute(
            "INSERT INTO changes (document_id, from_version_id, to_version_id, substantive, suspect, "
            "suspect_status, reasons, stats, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, from_id, to_id, int(substantive), int(suspect), "pending" if suspect else None,
             json.dumps(reasons), json.dumps(stats), now_iso()])
        change_id = cursor.lastrowid
        store.db.conn.executemany(
            "INSERT INTO hunks (change_id, position, kind, section, old, new, ops, substantive, reason, "
            "old_index, new_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(change_id, i, h["kind"], h.get("section") or "", h.get("old") or "", h.get("new") or "",
              json.dumps(h.get("ops") or []), int(bool(h.get("substantive"))), h.get("reason") or "",
              h.get("old_index"), h.get("new_index")) for i, h in enumerate(hunks)])
    return change_id


def settle_suspects(store: Store) -> int:
    """Confirm or refute suspect changes once later captures tell.

    Confirmed: a later capture found the same text again (the document's last outcome is
    "unchanged" after the suspect version), or the suspect version stood for a day before the
    next one. Refuted: the next version went back to the text before the suspect one.
    """
    settled = 0
    pending = list(store.query("""
        SELECT c.id, c.document_id, c.from_version_id, c.to_version_id, vt.recorded_at, vf.sha256 AS before_sha,
               d.last_captured_at, d.last_outcome
        FROM changes c JOIN versions vt ON vt.id = c.to_version_id JOIN versions vf ON vf.id = c.from_version_id
        JOIN documents d ON d.id = c.document_id
        WHERE c.suspect = 1 AND c.suspect_status = 'pending'"""))
    for change in pending:
        following = list(store.query(
            "SELECT id, recorded_at, sha256 FROM versions WHERE document_id = ? AND "
            "(recorded_at > ? OR (recorded_at = ? AND id > ?)) ORDER BY recorded_at, id LIMIT 1",
            [change["document_id"], change["recorded_at"], change["recorded_at"], change["to_version_id"]]))
        status = None
        if following:
            after = following[0]
            if after["sha256"] == change["before_sha"]:
                status = "refuted"
            elif (parse_iso(after["recorded_at"]) - parse_iso(change["recorded_at"])).total_seconds() \
                    >= SUSPECT_CONFIRMED_AFTER_SECONDS:
                status = "confirmed"
        elif change["last_outcome"] == "unchanged" and (change["last_captured_at"] or "") > change["recorded_at"]:
            status = "confirmed"
        if status:
            with store.db.conn:
                store.db.execute("UPDATE changes SET suspect_status = ? WHERE id = ?", [status, change["id"]])
            log.info("suspect change %d %s", change["id"], status)
            settled += 1
    return settled


def delete_changes(store: Store) -> None:
    """Forget every change (and what derives from it), for ``diff --recompute``."""
    with store.db.conn:
        store.db.execute("DELETE FROM assessments")
        store.db.execute("DELETE FROM hunks")
        store.db.execute("DELETE FROM changes")
        store.db.execute("DELETE FROM version_findings")
        store.db.execute("DELETE FROM scores")
