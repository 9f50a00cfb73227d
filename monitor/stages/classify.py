"""The classify stage: changes -> assessments (`assess_changes`), and versions -> the terms in
force in each (`record_findings`), through the clause cache (`ClauseCache`, keyed by clause
text and model version, `model_version`)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Callable

from .. import parallel
from ..store import Store, sha256_text

Progress = Callable[[str, int, int], None]   # (stage, done, total)

log = logging.getLogger("termswatch.pipeline")


def model_version() -> str:
    """Names the classifier in force (its weights, the taxonomy and all of its code): cached
    labels and assessments made by another version are stale."""
    from ..paths import data_dir

    digest = hashlib.sha256()
    for path in sorted((data_dir() / "model").glob("*")) + [data_dir() / "taxonomy.toml"]:
        digest.update(path.name.encode() + path.read_bytes())
    for name, path in classifier_sources():
        digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def classifier_sources() -> list[tuple[str, Path]]:
    """The classifier's code, by name: every module of ``monitor.classify``, its rules included
    (a rule edited changes what a clause reads as, as a retrained model does), and the modules
    it reads text with (Markdown blocks, sentences, dates)."""
    monitor = Path(__file__).resolve().parent.parent
    paths = sorted((monitor / "classify").rglob("*.py")) + [monitor / "text.py", monitor / "diff" / "segment.py",
                                                            monitor / "dates.py"]
    return [(path.relative_to(monitor).as_posix(), path) for path in paths]


def classify_new_records(store: Store, *, progress: Progress | None = None, workers: int = 1) -> tuple[int, int]:
    """`assess_changes`, then `record_findings`: (changes assessed, versions analysed). On
    workers, every version is analysed in the classify tasks (see `parallel.assess_in_parallel`):
    `record_findings` then finds nothing left; serially, or with too few changes for workers, it
    analyses them all."""
    versions = store.versions_without_findings()
    assessed = assess_changes(store, progress=progress, workers=workers, versions=versions)
    record_findings(store, progress=progress, workers=workers)
    return assessed, len(versions)


def assess_changes(store: Store, *, progress: Progress | None = None, workers: int = 1,
                   versions: list[dict] | None = None) -> int:
    """Say what every change not yet assessed does to users. On workers, with ``versions``
    (`Store.versions_without_findings`), also find the terms in force in those versions of the
    documents it reads (`parallel.assess_in_parallel`)."""
    from ..classify import load_classifier

    pending = store.unassessed_changes()
    if not pending:
        return 0
    model = model_version()
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        _, analysed = parallel.assess_in_parallel(store, pending, model, workers=workers, progress=progress,
                                                  versions=versions or ())
        if analysed:
            log.info("classify: %d versions analysed for findings with their documents' changes", analysed)
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
    from ..classify import assess_change
    from ..history import text_judged_against, text_judged_as_new
    from ..views import hunks

    if not change["substantive"]:  # cosmetic: nothing for users, whatever the words
        return {"direction": "neutral", "severity": 0, "categories": [], "evidence": [],
                "confidence": 1.0, "hunks": [], "imposed": {}}
    old_text = text_judged_against(store, store.version(change["from_version_id"]))
    new_text = text_judged_as_new(store, store.version(change["to_version_id"]))
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

    from ..classify import load_classifier

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
        from ..classify.assess import term_severity

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
    from ..diff.segment import segment

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
