"""Analysis of a big import on every core: worker processes diff and classify whole
documents, which are independent of each other; the parent alone writes to SQLite, in one
transaction per document (or per batch of changes), in the order the serial stages would.

Results are those of the serial stages, record for record, because the workers run the
very same code (`stages.diff.record_changes`, `assess_change`, `_findings`):

- **diff**: a worker copies one document's rows (its versions with their compressed texts,
  its changes so far) into an in-memory store, runs ``record_changes`` there, and returns
  the changes it recorded (with their hunks) and the suspect changes it settled. The
  parent writes them document by document in the order of the serial run, so changes get
  the same ids.
- **classify**: a worker reads the database (WAL: readers never wait for the writer) and
  returns each change's assessment, or each document's findings and the clause labels it
  computed.

Used only where it pays (``workers > 1`` and enough work, e.g. ``import-ota``); the
daemon's small catch-ups stay serial.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from typing import Callable, Iterable

from .history import mark_reverted
from .store import CHANGE_COLUMNS, HUNK_COLUMNS, Store  # noqa: F401 (the columns: named here before)

log = logging.getLogger("termswatch.parallel")

Progress = Callable[[str, int, int], None]

# below this many records a stage runs serially: starting workers costs more than it saves
MIN_PARALLEL_RECORDS = 200


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def database_path(store: Store) -> str | None:
    """The store's file, or None for an in-memory store (which workers cannot open)."""
    return store.database_file()


def _pool(workers: int, initializer=None, initargs=()):
    # fork is not safe with an open SQLite connection in the parent; spawn starts clean
    return multiprocessing.get_context("spawn").Pool(workers, initializer=initializer, initargs=initargs)


# -- diff -------------------------------------------------------------------------------------



def diff_in_parallel(store: Store, document_ids: list[int], pending: int, *, recompute: bool, workers: int,
                     progress: Progress | None = None) -> tuple[int, int]:
    """``record_changes`` over ``document_ids`` (in that order) on ``workers`` processes.
    Returns (changes recorded, of which substantive)."""
    path = database_path(store)
    substantive = done = 0
    with _pool(workers) as pool:
        for result in pool.imap(_diff_document, [(path, d, recompute) for d in document_ids]):
            with store.transaction():  # one transaction per document
                for change, hunks in result["changes"]:
                    _write_change(store, change, hunks, replace=recompute)
                    substantive += change["substantive"]
                store.write_suspect_statuses(result["settled"])
            mark_reverted(store, result["reverted"])   # earlier changes found to be blips
            done += len(result["changes"])
            if progress:
                progress("diff", done, pending)
    return pending, substantive


def _write_change(store: Store, change: dict, hunks: list[tuple], replace: bool) -> bool:
    """`stages.diff._store_change` for a change a worker computed, inside the caller's transaction."""
    return store.write_change_row(change, hunks, replace)


def _diff_document(task: tuple[str, int, bool]) -> dict:
    """In a worker: diff one document's pending versions in a private in-memory copy."""
    from .stages.diff import record_changes

    path, document_id, recompute = task
    memory = Store.open(":memory:")
    memory.copy_document_history(path, document_id)
    before = memory.suspect_status_by_version()
    substantive_before = memory.substantive_by_version()
    memory.detach_copy_source()
    record_changes(memory, recompute=recompute)
    changes, settled, reverted = [], [], []
    rows = memory.change_records()
    for row in rows:
        if recompute or row["to_version_id"] not in before:
            hunks = memory.hunk_tuples(row["id"])
            changes.append(({c: row[c] for c in CHANGE_COLUMNS}, hunks))
        else:
            if before[row["to_version_id"]] != row["suspect_status"]:
                settled.append((row["suspect_status"], row["to_version_id"]))
            if substantive_before[row["to_version_id"]] and not row["substantive"]:
                reverted.append(row["to_version_id"])
    memory.close()
    return {"changes": changes, "settled": settled, "reverted": reverted}


# -- classify ---------------------------------------------------------------------------------

_worker: dict = {}


def _open_reader(path: str) -> None:
    from .classify import load_classifier

    _worker["store"] = Store.open(path, migrate=False)
    _worker["classifier"] = load_classifier()


def assess_in_parallel(store: Store, changes: list[dict], model: str, *, workers: int,
                       progress: Progress | None = None, batch: int = 200) -> int:
    """``assess_changes`` over ``changes`` on ``workers`` processes; the parent writes."""
    from .stages.classify import write_assessment

    done = 0
    with _pool(workers, _open_reader, (database_path(store),)) as pool:
        results = pool.imap(_assess, changes, chunksize=8)
        while done < len(changes):
            chunk = [next(results) for _ in range(min(batch, len(changes) - done))]
            with store.transaction():
                for change_id, assessment in chunk:
                    write_assessment(store, change_id, assessment, model)
            done += len(chunk)
            if progress:
                progress("classify", done, len(changes))
    return done


def _assess(change: dict) -> tuple[int, dict]:
    from .stages.classify import assessment_of

    return change["id"], assessment_of(_worker["store"], change, _worker["classifier"])


def findings_in_parallel(store: Store, by_document: Iterable[tuple[int, list[dict]]], total: int, model: str, *,
                         workers: int, progress: Progress | None = None) -> int:
    """``record_findings`` document by document on ``workers`` processes; the parent writes."""
    done = 0
    with _pool(workers, _open_reader, (database_path(store),)) as pool:
        for rows, labels in pool.imap(_document_findings, [(model, rows) for _, rows in by_document]):
            with store.transaction():
                store.write_version_findings(rows, model)
                store.write_clause_results(model, labels)
            done += len(rows)
            if progress:
                progress("findings", done, total)
    return done


def _document_findings(task: tuple[str, list[dict]]) -> tuple[list[tuple], dict]:
    from .stages.classify import ClauseCache, document_findings

    model, rows = task
    cache = ClauseCache(_worker["store"], model)
    found = document_findings(_worker["store"], rows, cache, _worker["classifier"], model)
    return found, cache.new
