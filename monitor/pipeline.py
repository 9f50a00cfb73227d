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

from .history import (ANNOUNCEMENT, ANNOUNCEMENT_ENDED, DUPLICATED_TEXT, NOT_DOCUMENT, SUSPECT_CODES,
                      SUSPECT_NOT_DOCUMENT, SUSPECT_OTHER_LANGUAGE, flapping_return, mark_reverted,
                      only_banners_removed, other_language, returns_near, reverted_versions, settle_suspects,
                      text_before_doubling, text_in_effect, trusted_base, trusted_flags, usual_chars)
from .clock import parse_iso
from . import parallel
from .store import Store, counts, sha256_text

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
    from .diff.announcement import announces_coming_version, split_doubled
    from .diff.not_document import not_document_reason
    from .score import load_params

    history_params = load_params().get("history", {})
    flap_window = float(history_params.get("flap_window_days", 7)) * 86400
    preview_window = float(history_params.get("preview_window_days", 45)) * 86400
    pending = store.versions_to_diff(recompute)
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
        blip = None     # a short-lived edition between two copies of the one in force (A -> B -> A')
        if base == position - 1 >= 1 and trusted[base - 1] and old["sha256"] != new["sha256"]:
            earlier_row = history[base - 1]
            lasted = (parse_iso(new["recorded_at"]) - parse_iso(old["recorded_at"])).total_seconds()
            earlier_text = recent.get(earlier_row["id"])["text"]
            # a preview of the coming version may stand as long as a notice period
            window = preview_window if announces_coming_version(earlier_text, old["text"]) else flap_window
            if earlier_row["sha256"] != new["sha256"] and lasted < window \
                    and returns_near((earlier_text, old["text"], new["text"]), lasted, window):
                blip, base, old = old["id"], base - 1, recent.get(earlier_row["id"])
        earlier = flapping_return(history, base, position, flap_window)
        # a page that held two versions at once is compared by what was beside the old copy
        before_text = text_in_effect(store, old)
        # a page still holding both versions is split against the text in force before them
        doubled = split_doubled(text_before_doubling(store, old) or before_text, new["text"])
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
        if blip is not None:
            # the edition served in between was never in force: the change to it is a blip
            substantive -= len(set(mark_reverted(store, [blip])) & recorded_now)
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
    return store.record_change(document_id, from_id, to_id, substantive, suspect, reasons, stats, hunks,
                               replace=replace, status=status)


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

    pending = store.unassessed_changes()
    if not pending:
        return 0
    model = model_version()
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        parallel.assess_in_parallel(store, pending, model, workers=workers, progress=progress)
    else:
        classifier = load_classifier()
        for done, change in enumerate(pending, 1):
            with store.transaction():
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
    store.write_assessment(change_id, assessment, model)


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

    pending = store.versions_without_findings()
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
        store.record_version_findings(found, model)
        done += len(found)
        if progress:
            progress("findings", done, len(pending))
    cache.save()
    return len(pending)


def document_findings(store: Store, rows: list[dict], cache: "ClauseCache", classifier, model: str) -> list[tuple]:
    """(version id, findings JSON, inherited from) for ``rows``, versions of one document in
    time order."""
    by_text = store.own_findings_by_text(rows[0]["document_id"], model)
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
        self.known.update(self.store.cached_clause_results(self.model, shas))

    def save(self) -> None:
        if not self.new:
            return
        self.store.save_clause_results(self.model, self.new)
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
            store.replace_scores(service["id"], rows, fingerprint)
            scored += 1
        if progress:
            progress("score", done, len(services))
    return scored


def _score_inputs(store: Store, service_id: str, params: dict) -> str:
    row = store.score_inputs(service_id)
    return hashlib.sha256(json.dumps([row, params], sort_keys=True).encode()).hexdigest()


def score_history(store: Store, service_id: str, params: dict, taxonomy) -> list[dict]:
    """The score after every version of the service's documents, then at its last capture.

    At each moment, a document's terms in force are those of its latest *trusted* version:
    one not reached by a suspect change that was refuted or awaits confirmation.
    """
    from .score import ChangeEvent, TermFinding, compute_score

    weights = {c.id: c.weight for c in taxonomy}
    names = {c.id: c.name for c in taxonomy}
    versions = store.service_versions_with_findings(service_id)
    changes = [ChangeEvent(r["id"], r["at"], r["terms_type"], r["direction"], r["severity"],
                           tuple(json.loads(r["categories"])), r["notice_days"], bool(r["consent_by_use"]))
               for r in store.reportable_assessed_changes(service_id)]
    in_force: dict[int, list[TermFinding]] = {}
    rows = []
    for version in versions:
        trusted = counts(version["suspect"], version["suspect_status"])
        if trusted:
            in_force[version["document_id"]] = [
                TermFinding(f["category"], f["severity"], version["terms_type"], f["text"], version["id"], f["clause"])
                for f in json.loads(version["findings"] or "[]") if not is_protection(f)]
        terms = [finding for findings in in_force.values() for finding in findings]
        result = compute_score(terms, changes, at=version["recorded_at"], params=params, weights=weights, names=names)
        rows.append({**result.to_json(), "version_id": version["id"]})
    last_capture = store.last_captured_at(service_id)
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
    store.delete_assessments()


def delete_scores(store: Store) -> None:
    """Forget every score, for ``score --recompute``."""
    store.delete_scores()
