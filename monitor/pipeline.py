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

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .clock import now_iso
from .history import (ANNOUNCEMENT, ANNOUNCEMENT_ENDED, DUPLICATED_TEXT, NOT_DOCUMENT, SUSPECT_CODES,
                      SUSPECT_NOT_DOCUMENT, SUSPECT_OTHER_LANGUAGE, flapping_return, mark_reverted,
                      only_banners_removed, other_language, reverted_versions, settle_suspects, text_in_effect,
                      trusted_base, trusted_flags, usual_chars)
from . import parallel
from .store import Store, findings_sql, sha256_text

log = logging.getLogger("termswatch.pipeline")

Progress = Callable[[str, int, int], None]   # (stage, done, total)


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


def process_new_records(store: Store, progress: Progress | None = None, workers: int = 1) -> PipelineReport:
    """Run every stage after capture over what is new (diff and classification on
    ``workers`` processes when there is enough of it: `monitor.parallel`)."""
    report = PipelineReport()
    report.changes, report.substantive = record_changes(store, progress=progress, workers=workers)
    report.suspects_settled = settle_suspects(store)
    report.assessed = assess_changes(store, progress=progress, workers=workers)
    report.findings = record_findings(store, progress=progress, workers=workers)
    report.services_scored = record_scores(store, progress=progress)
    return report


# -- diff -------------------------------------------------------------------------------------

def record_changes(store: Store, *, recompute: bool = False, progress: Progress | None = None,
                   workers: int = 1) -> tuple[int, int]:
    """Diff every version against the one before it, where not done yet (or everywhere, with
    ``recompute``: the changes keep their ids, so links and feed entries stay valid).

    Returns (changes recorded, of which substantive).
    """
    from .diff import compare
    from .diff.announcement import split_doubled
    from .diff.not_document import not_document_reason
    from .score import load_params

    history_params = load_params().get("history", {})
    flap_window = float(history_params.get("flap_window_days", 7)) * 86400
    pending = list(store.query(f"""
        SELECT v.id, v.document_id FROM versions v
        WHERE {"1" if recompute else "NOT EXISTS (SELECT 1 FROM changes c WHERE c.to_version_id = v.id)"}
          AND EXISTS (SELECT 1 FROM versions p WHERE p.document_id = v.document_id
                      AND (p.recorded_at < v.recorded_at OR (p.recorded_at = v.recorded_at AND p.id < v.id)))
        ORDER BY v.document_id, v.recorded_at, v.id"""))
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        documents = list(dict.fromkeys(row["document_id"] for row in pending))
        return parallel.diff_in_parallel(store, documents, len(pending), recompute=recompute, workers=workers,
                                         progress=progress)
    substantive = 0
    document, history, position_of, may_settle = None, [], {}, False
    recorded_now: set[int] = set()     # the versions whose change this run recorded
    recent = RecentVersions(store)
    for done, row in enumerate(pending, 1):
        if row["document_id"] != document:
            # a document's history is read once per run, not once per version (that was
            # quadratic in the length of the history); no stage adds versions meanwhile
            document, recent = row["document_id"], RecentVersions(store)
            history = store.versions(document)
            position_of = {v["id"]: i for i, v in enumerate(history)}
            may_settle = True
        position = position_of[row["id"]]
        if may_settle:  # a suspect change pending since the version before may settle now
            settle_suspects(store, document_id=row["document_id"])
            may_settle = False
        trusted = trusted_flags(store, history)
        base = trusted_base(history, trusted, position)
        old, new = recent.get(history[base]["id"]), recent.get(row["id"])
        earlier = flapping_return(history, base, position, flap_window)
        # a page that held two versions at once is compared by what was beside the old copy
        before_text = text_in_effect(store, old)
        doubled = split_doubled(before_text, new["text"])
        after_text = doubled.beside if doubled and not doubled.duplicate else new["text"]
        change = compare(before_text, after_text, earlier_sha256s=earlier)
        data = change.to_json()
        reasons = list(data["reasons"])
        is_substantive, suspect, status = change.substantive, change.suspect, None
        if doubled and doubled.duplicate:
            # the page repeated its text: nothing for users
            is_substantive, suspect = False, False
            reasons = sorted((set(reasons) - SUSPECT_CODES) | {DUPLICATED_TEXT})
        elif doubled:
            # the coming version published beside the one in force: recorded once, as announced
            reasons = sorted(set(reasons) | {ANNOUNCEMENT})
        elif before_text != old["text"] and only_banners_removed(data["hunks"]):
            # the announced version took effect; all that went is the banner announcing it
            is_substantive = False
            reasons = sorted(set(reasons) | {ANNOUNCEMENT_ENDED})
        if base < position - 1 and old["sha256"] == new["sha256"]:
            # back to the text from before a suspect capture: that capture was a blip
            reasons = sorted(set(reasons) | {"flapping"})
        if new["kind"] == "reextraction":
            # the extraction changed, not the document: never a change users should hear of
            is_substantive = False
            reasons = sorted(set(reasons) | {"reextraction"})
        usual = usual_chars(history[:position], trusted[:position])
        not_document = not_document_reason(new["text"], usual)
        if not_document:
            # not the declared document at all: a capture problem, whatever repeats it
            suspect, status = True, NOT_DOCUMENT
            reasons = sorted(set(reasons) | {SUSPECT_NOT_DOCUMENT, f"{SUSPECT_NOT_DOCUMENT}:{not_document}"})
        elif other_language(old["text"], new["text"]):
            # the same document served in another language is not a change of its terms
            suspect, status = True, NOT_DOCUMENT
            reasons = sorted(set(reasons) | {SUSPECT_OTHER_LANGUAGE})
        _store_change(store, row["document_id"], old["id"], new["id"], is_substantive, suspect,
                      reasons, data.get("stats", {}), data["hunks"], replace=recompute, status=status)
        may_settle = may_settle or bool(suspect and status is None)
        substantive += is_substantive
        if earlier and "flapping" in reasons:
            # counted as recorded in this run: a change recorded earlier was counted then
            substantive -= len(set(mark_reverted(store, reverted_versions(history, position, flap_window)))
                               & recorded_now)
        recorded_now.add(row["id"])
        if progress:
            progress("diff", done, len(pending))
    if pending:
        log.info("diff: %d new changes, %d substantive", len(pending), substantive)
    return len(pending), substantive


class RecentVersions:
    """The last few versions read, with their texts: diffing a history reads each version
    twice in a row (as the new one, then as the old one of the next change)."""

    def __init__(self, store: Store, size: int = 4):
        self.store, self.size, self.rows = store, size, {}

    def get(self, version_id: int) -> dict:
        row = self.rows.pop(version_id, None) or self.store.version(version_id)
        self.rows[version_id] = row
        while len(self.rows) > self.size:
            del self.rows[next(iter(self.rows))]
        return row


def _store_change(store: Store, document_id: int, from_id: int, to_id: int, substantive: bool, suspect: bool,
                  reasons: list[str], stats: dict, hunks: list[dict], replace: bool = False,
                  status: str | None = None) -> int | None:
    """Record one change and its hunks. A change is known by the version it leads to: with
    ``replace`` an existing one is updated in place (same id), else it is left alone."""
    values = [document_id, from_id, to_id, int(substantive), int(suspect),
              (status or "pending") if suspect else None,
              json.dumps(reasons), json.dumps(stats), now_iso()]
    with store.db.conn:
        cursor = store.db.execute(
            "INSERT INTO changes (document_id, from_version_id, to_version_id, substantive, suspect, "
            "suspect_status, reasons, stats, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (to_version_id) DO " + (
                "UPDATE SET from_version_id = excluded.from_version_id, substantive = excluded.substantive, "
                "suspect = excluded.suspect, suspect_status = excluded.suspect_status, reasons = excluded.reasons, "
                "stats = excluded.stats, computed_at = excluded.computed_at" if replace else "NOTHING"), values)
        if not cursor.rowcount:  # already recorded (by another process meanwhile)
            return None
        change_id = store.db.execute("SELECT id FROM changes WHERE to_version_id = ?", [to_id]).fetchone()[0]
        store.db.execute("DELETE FROM hunks WHERE change_id = ?", [change_id])
        store.db.conn.executemany(
            "INSERT INTO hunks (change_id, position, kind, section, old, new, ops, substantive, reason, "
            "old_index, new_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(change_id, i, h["kind"], h.get("section") or "", h.get("old") or "", h.get("new") or "",
              json.dumps(h.get("ops") or []), int(bool(h.get("substantive"))), h.get("reason") or "",
              h.get("old_index"), h.get("new_index")) for i, h in enumerate(hunks)])
    return change_id


# -- classify ---------------------------------------------------------------------------------

def model_version() -> str:
    """Names the classifier in force (its weights, the taxonomy and all of its code): cached
    labels and assessments made by another version are stale."""
    from . import classify
    from .paths import data_dir

    digest = hashlib.sha256()
    sources = sorted(Path(classify.__file__).parent.glob("*.py"))
    for path in sorted((data_dir() / "model").glob("*")) + [data_dir() / "taxonomy.toml"] + sources:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def assess_changes(store: Store, *, progress: Progress | None = None, workers: int = 1) -> int:
    """Say what every change not yet assessed does to users."""
    from .classify import load_classifier

    pending = list(store.query("""
        SELECT c.id, c.substantive, c.from_version_id, c.to_version_id FROM changes c
        WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.change_id = c.id) ORDER BY c.id"""))
    if not pending:
        return 0
    model = model_version()
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        parallel.assess_in_parallel(store, pending, model, workers=workers, progress=progress)
    else:
        classifier = load_classifier()
        for done, change in enumerate(pending, 1):
            with store.db.conn:
                write_assessment(store, change["id"], assessment_of(store, change, classifier), model)
            if progress:
                progress("classify", done, len(pending))
    log.info("classify: %d changes assessed", len(pending))
    return len(pending)


def assessment_of(store: Store, change: dict, classifier) -> dict:
    """What one change does to users (``change``: its id, versions and ``substantive``)."""
    from .classify import assess_change
    from .views import hunks

    if not change["substantive"]:  # cosmetic: nothing for users, whatever the words
        return {"direction": "neutral", "severity": 0, "categories": [], "evidence": [],
                "confidence": 1.0, "hunks": [], "imposed": {}}
    old_text = store.version(change["from_version_id"])["text"]
    new_text = store.version(change["to_version_id"])["text"]
    return assess_change(hunks(store, change["id"]), old_text=old_text, new_text=new_text,
                         classifier=classifier).to_json()


def write_assessment(store: Store, change_id: int, assessment: dict, model: str) -> None:
    """Record an assessment, inside the caller's transaction."""
    imposed = assessment.get("imposed") or {}
    store.db.execute(
        "INSERT OR IGNORE INTO assessments (change_id, direction, severity, categories, evidence, confidence, "
        "hunk_assessments, notice_days, effective_date, consent_by_use, announced, model, computed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [change_id, assessment["direction"], assessment["severity"], json.dumps(assessment["categories"]),
         json.dumps(assessment["evidence"]), assessment["confidence"], json.dumps(assessment["hunks"]),
         imposed.get("notice_days"), imposed.get("effective_date"), int(bool(imposed.get("consent_by_use"))),
         int(bool(imposed.get("announced"))), model, now_iso()])


def record_findings(store: Store, *, progress: Progress | None = None, workers: int = 1) -> int:
    """Find the harmful terms in force in every version not analysed yet.

    Findings belong to a text, never to a position in history: a version whose text repeats
    an earlier version of the document reuses that version's findings (``inherited_from``);
    any other version is read from its own text (cheap: clauses are cached by text). So a
    page that flaps back to a harmful text has the harmful findings again, and a cosmetic
    change cannot carry a predecessor's findings onto words they are not in.
    """
    from itertools import groupby

    from .classify import load_classifier

    pending = list(store.query("""
        SELECT v.id, v.document_id, v.sha256 FROM versions v
        WHERE NOT EXISTS (SELECT 1 FROM version_findings f WHERE f.version_id = v.id)
        ORDER BY v.document_id, v.recorded_at, v.id"""))
    if not pending:
        return 0
    model = model_version()
    by_document = [(document, list(rows)) for document, rows in groupby(pending, key=lambda r: r["document_id"])]
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        return parallel.findings_in_parallel(store, by_document, len(pending), model, workers=workers,
                                             progress=progress)
    classifier = load_classifier()
    cache = ClauseCache(store, model)
    done = 0
    for _, rows in by_document:
        found = document_findings(store, rows, cache, classifier, model)
        with store.db.conn:
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO version_findings (version_id, findings, inherited_from, model, computed_at) "
                "VALUES (?, ?, ?, ?, ?)", [(*row, model, now_iso()) for row in found])
        done += len(found)
        if progress:
            progress("findings", done, len(pending))
    cache.save()
    return len(pending)


def document_findings(store: Store, rows: list[dict], cache: "ClauseCache", classifier, model: str) -> list[tuple]:
    """(version id, findings JSON, inherited from) for ``rows``, versions of one document in
    time order."""
    by_text = {sha: (version_id, findings) for sha, version_id, findings in store.db.execute(
        "SELECT v.sha256, v.id, f.findings FROM versions v JOIN version_findings f ON f.version_id = v.id "
        "WHERE v.document_id = ? AND f.model = ? AND f.inherited_from IS NULL", [rows[0]["document_id"], model])}
    found = []
    for row in rows:
        inherited = None
        if row["sha256"] in by_text:
            inherited, findings_json = by_text[row["sha256"]]
        else:
            findings_json = json.dumps(_findings(store.version(row["id"])["text"], cache, classifier))
            by_text[row["sha256"]] = (row["id"], findings_json)
        # an inherited row points at its findings rather than copying them (migration 7)
        found.append((row["id"], "" if inherited else findings_json, inherited))
    return found


class ClauseCache:
    """Classifier results per distinct clause text, kept in ``clause_labels``: across a
    document's history most clauses never change, so each is classified once. Rows are read
    as needed, never all at once (the table grows with the history)."""

    def __init__(self, store: Store, model: str):
        self.store, self.model = store, model
        self.known: dict[str, dict] = {}
        self.new: dict[str, dict] = {}

    def results(self, clauses: list[str], classifier) -> list[dict]:
        from .classify.assess import term_severity

        shas = [sha256_text(c) for c in clauses]
        self._read([sha for sha in dict.fromkeys(shas) if sha not in self.known])
        missing = {sha: text for sha, text in zip(shas, clauses) if sha not in self.known}
        if missing:
            for sha, result in zip(missing, classifier.classify(list(missing.values()))):
                summary = {"labels": result.labels,
                           "severity": {c: term_severity(result, classifier.taxonomy.get(c)) for c in result.labels},
                           "evidence": result.evidence} if result.labels else {}
                if result.protections:
                    summary["protections"] = result.protections
                self.known[sha] = self.new[sha] = summary
        return [self.known[sha] for sha in shas]

    def _read(self, shas: list[str]) -> None:
        for start in range(0, len(shas), 500):
            chunk = shas[start:start + 500]
            self.known.update((sha, json.loads(result)) for sha, result in self.store.db.execute(
                f"SELECT sha256, result FROM clause_labels WHERE model = ? AND sha256 IN ({','.join('?' * len(chunk))})",
                [self.model, *chunk]))

    def save(self) -> None:
        if not self.new:
            return
        with self.store.db.conn:
            self.store.db.conn.executemany(
                "INSERT OR REPLACE INTO clause_labels (sha256, model, result) VALUES (?, ?, ?)",
                [(sha, self.model, json.dumps(result)) for sha, result in self.new.items()])
        self.new = {}


def _findings(text: str, cache: ClauseCache, classifier) -> list[dict]:
    """The harmful clauses of a version, numbered and sectioned as the diff numbers them (so
    a finding and a hunk that touch the same clause say so alike); then the clauses that
    protect users ("we do not sell your personal information"), marked
    ``"polarity": "protection"``: the site shows them as good points, the score ignores them."""
    from .diff.segment import segment

    clauses = [c for c in segment(text) if c.kind != "rule"]
    findings, protections = [], []
    for index, (clause, result) in enumerate(zip(clauses, cache.results([c.text for c in clauses], classifier))):
        for category in result.get("labels", []):
            findings.append({"category": category, "severity": result["severity"][category], "clause": index,
                             "section": clause.section, "text": clause.text,
                             "evidence": result["evidence"].get(category, [])})
        for category, words in (result.get("protections") or {}).items():
            protections.append({"category": category, "polarity": "protection", "severity": 0, "clause": index,
                                "section": clause.section, "text": clause.text, "evidence": words})
    return findings + protections


def is_protection(finding: dict) -> bool:
    """A finding that protects users (a good point), not a harm."""
    return finding.get("polarity") == "protection"


# -- score ------------------------------------------------------------------------------------

def record_scores(store: Store, *, progress: Progress | None = None) -> int:
    """Recompute the score history of every service whose inputs changed."""
    from .classify import load_taxonomy
    from .score import load_params

    params, taxonomy = load_params(), load_taxonomy()
    services = store.services()
    scored = 0
    for done, service in enumerate(services, 1):
        fingerprint = _score_inputs(store, service["id"], params)
        if fingerprint != service.get("scored_from"):
            rows = score_history(store, service["id"], params, taxonomy)
            with store.db.conn:
                store.db.execute("DELETE FROM scores WHERE service_id = ?", [service["id"]])
                store.db.conn.executemany(
                    "INSERT INTO scores (service_id, at, version_id, score, grade, reasons) VALUES (?, ?, ?, ?, ?, ?)",
                    [(service["id"], r["at"], r["version_id"], r["score"], r["grade"], json.dumps(r["reasons"]))
                     for r in rows])
                store.db.execute("UPDATE services SET scored_from = ? WHERE id = ?", [fingerprint, service["id"]])
            scored += 1
        if progress:
            progress("score", done, len(services))
    return scored


def _score_inputs(store: Store, service_id: str, params: dict) -> str:
    row = store.db.execute("""
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
    return hashlib.sha256(json.dumps([list(row), params], sort_keys=True).encode()).hexdigest()


def score_history(store: Store, service_id: str, params: dict, taxonomy) -> list[dict]:
    """The score after every version of the service's documents, then at its last capture.

    At each moment, a document's terms in force are those of its latest *trusted* version:
    one not reached by a suspect change that was refuted or awaits confirmation.
    """
    from .score import ChangeEvent, TermFinding, compute_score

    weights = {c.id: c.weight for c in taxonomy}
    names = {c.id: c.name for c in taxonomy}
    versions = list(store.query(f"""
        SELECT v.id, v.document_id, v.recorded_at, d.terms_type, {findings_sql("f")} AS findings,
               c.suspect, c.suspect_status
        FROM versions v JOIN documents d ON d.id = v.document_id
        LEFT JOIN version_findings f ON f.version_id = v.id
        LEFT JOIN changes c ON c.to_version_id = v.id
        WHERE d.service_id = ? ORDER BY v.recorded_at, v.id""", [service_id]))
    changes = [ChangeEvent(r["id"], r["at"], r["terms_type"], r["direction"], r["severity"],
                           tuple(json.loads(r["categories"])), r["notice_days"], bool(r["consent_by_use"]))
               for r in store.query("""
        SELECT c.id, vt.recorded_at AS at, d.terms_type, a.direction, a.severity, a.categories,
               a.notice_days, a.consent_by_use
        FROM changes c JOIN assessments a ON a.change_id = c.id JOIN documents d ON d.id = c.document_id
        JOIN versions vt ON vt.id = c.to_version_id
        WHERE d.service_id = ? AND c.substantive = 1 AND (c.suspect = 0 OR c.suspect_status = 'confirmed')
        ORDER BY vt.recorded_at, c.id""", [service_id])]
    in_force: dict[int, list[TermFinding]] = {}
    rows = []
    for version in versions:
        trusted = not version["suspect"] or version["suspect_status"] == "confirmed"
        if trusted:
            in_force[version["document_id"]] = [
                TermFinding(f["category"], f["severity"], version["terms_type"], f["text"], version["id"], f["clause"])
                for f in json.loads(version["findings"] or "[]") if not is_protection(f)]
        terms = [finding for findings in in_force.values() for finding in findings]
        result = compute_score(terms, changes, at=version["recorded_at"], params=params, weights=weights, names=names)
        rows.append({**result.to_json(), "version_id": version["id"]})
    last_capture = store.db.execute("SELECT max(last_captured_at) FROM documents WHERE service_id = ?",
                                    [service_id]).fetchone()[0]
    if rows and last_capture and last_capture > rows[-1]["at"]:
        terms = [finding for findings in in_force.values() for finding in findings]
        result = compute_score(terms, changes, at=last_capture, params=params, weights=weights, names=names)
        rows.append({**result.to_json(), "version_id": None})
    return rows


def recompute_changes(store: Store, progress: Progress | None = None, workers: int = 1) -> PipelineReport:
    """``diff --recompute``: diff the whole history again (changes keep their ids), then redo
    everything derived from changes: assessments, findings and scores."""
    delete_assessments(store)
    report = PipelineReport()
    report.changes, report.substantive = record_changes(store, recompute=True, progress=progress, workers=workers)
    report.suspects_settled = settle_suspects(store)
    rest = process_new_records(store, progress=progress, workers=workers)
    report.assessed, report.findings, report.services_scored = rest.assessed, rest.findings, rest.services_scored
    return report


def delete_assessments(store: Store) -> None:
    """Forget assessments, findings and the clause cache, for ``classify --recompute``."""
    with store.db.conn:
        store.db.execute("DELETE FROM assessments")
        store.db.execute("DELETE FROM version_findings")
        store.db.execute("DELETE FROM clause_labels")
        store.db.execute("DELETE FROM scores")
        store.db.execute("UPDATE services SET scored_from = NULL")


def delete_scores(store: Store) -> None:
    """Forget every score, for ``score --recompute``."""
    with store.db.conn:
        store.db.execute("DELETE FROM scores")
        store.db.execute("UPDATE services SET scored_from = NULL")
