"""The trust index of each service over time (table ``scores``, and ``services.scored_from``).
A score's ``reasons`` JSON is stored zlib-compressed when long (`db.packed_json`)."""

from __future__ import annotations

import json

from .db import packed_json, unpacked_json
from .db import placeholders as _marks


class ScoreRecords:
    """Reads and writes of scores (a part of `Store`)."""

    def score_row_at(self, service_id: str, at: str | None = None) -> dict | None:
        """The service's score row as it stood at ``at`` (default: the latest)."""
        rows = list(self.db.query(
            "SELECT * FROM scores WHERE service_id = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1",
            [service_id, at or "9999"]))
        return {**rows[0], "reasons": unpacked_json(rows[0]["reasons"])} if rows else None

    def score_rows(self, service_id: str) -> list[dict]:
        """(at, score, grade) of every score of the service, in time order."""
        return list(self.db.query("SELECT at, score, grade FROM scores WHERE service_id = ? ORDER BY at, id",
                                  [service_id]))

    def first_score_at(self, service_id: str) -> str | None:
        return self.db.execute("SELECT min(at) FROM scores WHERE service_id = ?", [service_id]).fetchone()[0]

    def all_scores_brief(self, service_ids: list[str] | None = None) -> list[dict]:
        """Every score (of ``service_ids`` only, when given) without its reasons, by service,
        in time order."""
        where, params = "", []
        if service_ids is not None:
            where, params = f"WHERE service_id IN ({_marks(service_ids) or 'NULL'})", list(service_ids)
        return list(self.db.query(
            f"SELECT id, service_id, at, version_id, score, grade FROM scores {where} ORDER BY service_id, at, id",
            params))

    def score_reasons(self, score_ids: list[int]) -> list[dict]:
        """(service_id, reasons JSON) of these scores (at most 999 ids)."""
        return [{"service_id": service_id, "reasons": unpacked_json(reasons)} for service_id, reasons in
                self.db.execute(f"SELECT service_id, reasons FROM scores WHERE id IN ({_marks(score_ids)})", score_ids)]

    def score_inputs(self, service_id: str) -> list:
        """What the service's scores are computed from, in brief (counts, last ids and times):
        when it differs from ``services.scored_from``'s source, the scores are stale."""
        row = self.db.execute("""
        SELECT count(v.id), max(v.id),
               (SELECT count(*) || ':' || ifnull(max(a.computed_at), '') FROM assessments a
                  JOIN changes c ON c.id = a.change_id JOIN documents d2 ON d2.id = c.document_id
                  WHERE d2.service_id = d.service_id),
               (SELECT group_concat(c.id || c.suspect_status) FROM changes c JOIN documents d3 ON d3.id = c.document_id
                  WHERE d3.service_id = d.service_id AND c.suspect = 1),
               (SELECT count(*) FROM version_findings f JOIN versions v4 ON v4.id = f.version_id
                  JOIN documents d4 ON d4.id = v4.document_id WHERE d4.service_id = d.service_id),
               max(d.last_captured_at)
        FROM documents d LEFT JOIN versions v ON v.document_id = d.id WHERE d.service_id = ?""",
                              [service_id]).fetchone()
        return list(row)

    def replace_scores(self, service_id: str, rows: list[dict], scored_from: str) -> None:
        """The service's whole score history, and what it was computed from, in one transaction."""
        with self.db.conn:
            self.db.execute("DELETE FROM scores WHERE service_id = ?", [service_id])
            self.db.conn.executemany(
                "INSERT INTO scores (service_id, at, version_id, score, grade, reasons) VALUES (?, ?, ?, ?, ?, ?)",
                [(service_id, r["at"], r["version_id"], r["score"], r["grade"], packed_json(json.dumps(r["reasons"])))
                 for r in rows])
            self.db.execute("UPDATE services SET scored_from = ? WHERE id = ?", [scored_from, service_id])

    def delete_scores(self) -> None:
        """Forget every score (they are recomputed from the records)."""
        with self.db.conn:
            self.write_no_scores()

    def write_no_scores(self) -> None:
        """`delete_scores` inside the caller's transaction."""
        self.db.execute("DELETE FROM scores")
        self.db.execute("UPDATE services SET scored_from = NULL")
