"""The trust index of each service over time (table ``scores``, and ``services.scored_from``).

A score's ``reasons`` JSON is stored zlib-compressed when long (`db.packed_json`), and, since
migration 17, mostly as zstd against an earlier score of the same service (``reasons_base``):
one score's items repeat the last one's, so like version texts (`monitor.store.texts`) a
service's scores lean on a keyframe, stored alone, and a read takes at most two
decompressions."""

from __future__ import annotations

import json
import zlib

import zstandard

from .db import StoreError, packed_json, unpacked_json
from .db import placeholders as _marks
from .texts import DELTA_AT_MOST, KEYFRAME_EVERY, decode_against, encode_text


def reasons_of(reasons, base_reasons=None, score_id: int | None = None) -> str:
    """The reasons JSON of a stored score (and of its keyframe's, when it leans on one).
    Damaged bytes (of the score or of its keyframe) are a `StoreError` naming the score."""
    try:
        if base_reasons is None:
            return unpacked_json(reasons)
        return decode_against(reasons, unpacked_json(base_reasons))
    except (zstandard.ZstdError, zlib.error, UnicodeDecodeError) as error:
        raise StoreError(f"the stored reasons of score {score_id} are damaged ({error})") from None


def stored_reasons(reasons: str, keyframe: tuple | None) -> tuple:
    """(stored reasons, reasons_base) of a service's next score, given its latest keyframe
    (id, reasons JSON, scores leaning on it): against it while that pays, by the rule of
    version texts (`monitor.store.texts`); alone (`packed_json`) otherwise."""
    alone = packed_json(reasons)
    if keyframe is None or keyframe[2] >= KEYFRAME_EVERY:
        return alone, None
    against = encode_text(reasons, keyframe[1])
    return (alone, None) if len(against) > DELTA_AT_MOST * len(alone) else (against, keyframe[0])


def next_keyframe(keyframe: tuple | None, score_id: int, reasons: str, base: int | None) -> tuple:
    """The latest keyframe once score ``score_id`` is stored (as `stored_reasons` said)."""
    return (score_id, reasons, 0) if base is None else (keyframe[0], keyframe[1], keyframe[2] + 1)


class EncodedScores:
    """A service's score rows as they are stored, keyframes named by their place in ``rows``
    (their ids are given at the insert): (at, version id, score, grade, stored reasons,
    place of the keyframe or None)."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows


def encoded_scores(rows: list[dict]) -> EncodedScores:
    """Score rows (in time order: each may lean on one before it) as `replace_scores` stores
    them: the encoding is the costly part, and needs no id, so a worker process can do it."""
    encoded, keyframe = [], None
    for place, r in enumerate(rows):
        reasons = json.dumps(r["reasons"])
        stored, base = stored_reasons(reasons, keyframe)
        encoded.append((r["at"], r["version_id"], r["score"], r["grade"], stored, base))
        keyframe = next_keyframe(keyframe, place, reasons, base)
    return EncodedScores(encoded)


def scores_against_keyframes(conn) -> None:
    """Migration 17's step: every service's scores rewritten in place (same ids) as
    `ScoreRecords.replace_scores` writes them."""
    for (service_id,) in conn.execute("SELECT DISTINCT service_id FROM scores").fetchall():
        keyframe = None
        for score_id, reasons in conn.execute("SELECT id, reasons FROM scores WHERE service_id = ? ORDER BY at, id",
                                              [service_id]).fetchall():
            text = unpacked_json(reasons)
            stored, base = stored_reasons(text, keyframe)
            conn.execute("UPDATE scores SET reasons = ?, reasons_base = ? WHERE id = ?", [stored, base, score_id])
            keyframe = next_keyframe(keyframe, score_id, text, base)


class ScoreRecords:
    """Reads and writes of scores (a part of `Store`)."""

    def score_row_at(self, service_id: str, at: str | None = None) -> dict | None:
        """The service's score row as it stood at ``at`` (default: the latest)."""
        rows = list(self.db.query(
            "SELECT s.id, s.service_id, s.at, s.version_id, s.score, s.grade, s.reasons, k.reasons AS base "
            "FROM scores s LEFT JOIN scores k ON k.id = s.reasons_base "
            "WHERE s.service_id = ? AND s.at <= ? ORDER BY s.at DESC, s.id DESC LIMIT 1", [service_id, at or "9999"]))
        if not rows:
            return None
        base = rows[0].pop("base")
        return {**rows[0], "reasons": reasons_of(rows[0]["reasons"], base, rows[0]["id"])}

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
        return [{"service_id": service_id, "reasons": reasons_of(reasons, base, score_id)}
                for score_id, service_id, reasons, base in
                self.db.execute("SELECT s.id, s.service_id, s.reasons, k.reasons FROM scores s LEFT JOIN scores k ON "
                                f"k.id = s.reasons_base WHERE s.id IN ({_marks(score_ids)})", score_ids)]

    def versions_per_service(self, service_ids: list[str]) -> dict[str, int]:
        """{service id: its versions} of these services: what scoring each costs, roughly."""
        counts = {service_id: 0 for service_id in service_ids}
        for start in range(0, len(service_ids), 500):
            chunk = service_ids[start:start + 500]
            counts.update(self.db.execute(
                f"SELECT d.service_id, count(*) FROM versions v JOIN documents d ON d.id = v.document_id "
                f"WHERE d.service_id IN ({_marks(chunk)}) GROUP BY d.service_id", chunk).fetchall())
        return counts

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
               max(d.last_captured_at),
               sum(coalesce(v.not_document, '') != '')
        FROM documents d LEFT JOIN versions v ON v.document_id = d.id WHERE d.service_id = ?""",
                              [service_id]).fetchone()
        return list(row)

    def replace_scores(self, service_id: str, rows: list[dict] | "EncodedScores", scored_from: str) -> None:
        """The service's whole score history, and what it was computed from, in one transaction.
        ``rows`` may come already encoded (`encoded_scores`, as score workers hand them over)."""
        encoded = rows if isinstance(rows, EncodedScores) else encoded_scores(rows)
        with self.db.conn:
            self.db.execute("DELETE FROM scores WHERE service_id = ?", [service_id])
            ids: list[int] = []
            for at, version_id, score, grade, stored, base in encoded.rows:
                ids.append(self.db.execute(
                    "INSERT INTO scores (service_id, at, version_id, score, grade, reasons, reasons_base) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [service_id, at, version_id, score, grade, stored, None if base is None else ids[base]]).lastrowid)
            self.db.execute("UPDATE services SET scored_from = ? WHERE id = ?", [scored_from, service_id])

    def delete_scores(self) -> None:
        """Forget every score (they are recomputed from the records)."""
        with self.db.conn:
            self.write_no_scores()

    def write_no_scores(self) -> None:
        """`delete_scores` inside the caller's transaction."""
        self.db.execute("DELETE FROM scores")
        self.db.execute("UPDATE services SET scored_from = NULL")
