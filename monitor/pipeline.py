"""After capture: bring every later stage up to date with the records of the one before.

    versions --record_changes--> changes + hunks
             --settle_suspects-> suspect changes confirmed or refuted
             --assess_changes--> assessments          } classify_new_records (on workers, a
             --record_findings-> version_findings     } document's findings ride with its changes)
                                 (harmful terms in force per version)
             --record_scores---> scores

Each stage is a catch-up: it finds the records of the previous stage it has not processed
yet, processes them and writes its own, one committed transaction per record. Running it
twice does nothing the second time, and a crash between records loses nothing: the next run
picks up where this one stopped. ``--recompute`` deletes a stage's records (and those
derived from them) and runs it again over the whole history.

The stages themselves are `monitor.stages` (one module each); their entry points are
re-exported here, where callers have always found them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .history import settle_suspects
from .stages.classify import (ClauseCache, assess_changes, assessment_of, classify_new_records,  # noqa: F401
                              document_findings, is_protection, model_version, record_findings,
                              write_assessment)
from .stages.diff import Progress, RecentVersions, record_changes  # noqa: F401
from .stages.score import record_scores, score_history  # noqa: F401
from .store import Store


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


def process_new_records(store: Store, progress: Progress | None = None, workers: int = 1,
                        early_diffs=None) -> PipelineReport:
    """Run every stage after capture over what is new (diff and classification on
    ``workers`` processes when there is enough of it: `monitor.parallel`; ``early_diffs``: the
    diffs an import started while recording, `monitor.parallel.EarlyDiffs`)."""
    report = PipelineReport()
    report.changes, report.substantive = record_changes(store, progress=progress, workers=workers,
                                                        early=early_diffs)
    report.suspects_settled = settle_suspects(store)
    report.assessed, report.findings = classify_new_records(store, progress=progress, workers=workers)
    report.services_scored = record_scores(store, progress=progress, workers=workers)
    return report




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
