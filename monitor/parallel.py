"""Analysis of a big import on every core: worker processes diff and classify whole
documents, which are independent of each other; the parent alone writes to SQLite, in one
transaction per document (or per task of changes), with the ids the serial stages give.

Results are those of the serial stages, record for record, because the workers run the
very same code (`stages.diff.record_changes`, `assess_change`, `_findings`):

- **diff**: a worker copies one document's rows (its versions with their compressed texts,
  its changes so far) into a scratch database file of its own, runs ``record_changes``
  there, and returns the changes it recorded and the suspect changes it settled; the parent
  copies their hunks from that file with SQL (never pickled, never encoded twice). The
  largest documents start first; the parent writes each document's results as they come
  (one document at a time), each new change under the id the serial run gives it. An
  import of a dataset folder starts each document's diff as soon as its versions are
  committed (`EarlyDiffs`), while it records the next ones.
- **classify**: a worker reads the database (WAL: readers never wait for the writer) and
  returns each change's assessment, or each document's findings and the clause labels it
  computed.

Used only where it pays (``workers > 1`` and enough work, e.g. ``import-ota``); the
daemon's small catch-ups stay serial.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import queue
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from typing import Callable, Iterable, Iterator

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


def _pool(workers: int, initializer=None, initargs=()) -> ProcessPoolExecutor:
    # fork is not safe with an open SQLite connection in the parent; spawn starts clean. An
    # executor, not multiprocessing.Pool: a Pool whose worker is killed (the kernel's OOM
    # killer, kill -9) starts another and never answers the lost task, so the stage waited
    # forever; an executor fails every task out (`WorkerLost`)
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)


class WorkerLost(RuntimeError):
    """A worker process died in the middle of a stage (killed from outside, or by the system
    when memory ran out). What the parent wrote before stands, each document or task in its own
    transaction: running the command again goes on from there."""

    def __init__(self, stage: str):
        super().__init__(f"a {stage} worker process died (killed, or out of memory?); what was written before "
                         "stands: run the command again to go on, with --workers 1 to use less memory")


def _submit(pool: ProcessPoolExecutor, function: Callable, task, deliver: Callable, stage: str) -> None:
    """``function(task)`` on ``pool``; ``deliver`` gets its result, or a `_Failed`, in the pool's
    thread as soon as it is known."""
    try:
        future = pool.submit(function, task)
    except BrokenProcessPool:   # a worker died while no task of ours was out
        raise WorkerLost(stage) from None
    future.add_done_callback(lambda done: deliver(_outcome(done, stage)))


def _next_result(finished: queue.Queue, pool: ProcessPoolExecutor | None, stage: str):
    """The next result ``finished`` holds. A future that a worker's death left without an
    answer (a submit racing the pool's breakdown, in 3.11) must not make this wait forever:
    while none comes, a broken pool ends the wait with `WorkerLost`."""
    while True:
        try:
            return finished.get(timeout=2)
        except queue.Empty:
            if pool is not None and getattr(pool, "_broken", False):
                raise WorkerLost(stage) from None


def _outcome(future: Future, stage: str):
    if future.cancelled():
        return _Failed(WorkerLost(stage))   # only when the stage is being stopped: nobody reads it
    error = future.exception()
    if error is None:
        return future.result()
    return _Failed(WorkerLost(stage) if isinstance(error, BrokenProcessPool) else error)


def _stop(pool: ProcessPoolExecutor, *, at_once: bool) -> None:
    """Shut ``pool`` down; ``at_once``: without waiting for its tasks (an error ended the
    stage, or the parent stopped reading), its workers terminated."""
    if not at_once:
        pool.shutdown(wait=True)
        return
    processes = getattr(pool, "_processes", None) or {}   # the pool's own dict (3.14: pool.terminate_workers)
    pool.shutdown(wait=False, cancel_futures=True)        # nothing spawns after this
    processes = list(processes.values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join()


# -- diff -------------------------------------------------------------------------------------

# Set by the last `diff_in_parallel` (for tests and benchmarks): the documents in the order
# they went to the workers, and the most documents whose results were computed (or being
# computed) but not written yet: what the parent may hold.
last_diff_schedule: dict = {}


def diff_in_parallel(store: Store, pending: list[dict], *, recompute: bool, workers: int,
                     progress: Progress | None = None, early: "EarlyDiffs | None" = None) -> tuple[int, int]:
    """``record_changes`` over the ``pending`` versions (`Store.versions_to_diff`) on ``workers``
    processes. Returns (changes recorded, of which substantive).

    The largest documents go first, so that a long history is not diffed alone at the end
    while the other cores idle; results are written as they come, whatever their order, and
    at most ``workers + 1`` documents are out at a time, so the parent never holds more than
    a few documents' changes. Each new change is written with the id the serial run gives it
    (`reserved_change_ids`): ids do not depend on the order documents finish in.

    ``early``: the diffs an import started while it was recording (`EarlyDiffs`); the
    documents it has not sent yet go to its workers, and every result is written here."""
    new_ids = reserved_change_ids(store, pending, recompute)
    versions: dict[int, list[dict]] = {}
    for row in pending:
        versions.setdefault(row["document_id"], []).append(row)
    # the cost of diffing a document grows with its pending versions and their length
    chars = {document: sum(v["chars"] or 0 for v in rows) for document, rows in versions.items()}
    schedule = {"dispatched": [], "most_held": 0}
    if early is not None:
        results, scratch, schedule = early.results(chars), None, early.schedule
    else:
        path = database_path(store)
        scratch = _new_scratch(path)
        largest_first = sorted(versions, key=lambda d: -chars[d])
        results = _as_completed(workers, _diff_document, [(path, d, recompute, scratch) for d in largest_first],
                                schedule, stage="diff")
    substantive = done = 0
    try:
        for result in results:
            store.attach_worker(result["file"])
            try:
                with store.transaction():  # one transaction per document
                    for worker_change_id, change in result["changes"]:
                        store.copy_change_row(change, worker_change_id, replace=recompute,
                                              change_id=new_ids.get(change["to_version_id"]))
                        substantive += change["substantive"]
                    store.write_suspect_statuses(result["settled"])
            finally:
                store.detach_worker()
            os.remove(result["file"])
            mark_reverted(store, result["reverted"])   # earlier changes found to be blips
            done += len(result["changes"])
            if progress:
                progress("diff", done, len(pending))
    finally:
        results.close()   # on an error, the pool stops before its scratch folder goes
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        if early is not None:
            early.close()   # its workers would hold their memory through the stages that follow
    schedule["dispatched"] = [task[1] for task in schedule["dispatched"]]
    last_diff_schedule.clear()
    last_diff_schedule.update(schedule)
    return len(pending), substantive


def _new_scratch(path: str) -> str:
    """A scratch folder beside the store for the diff workers' files, holding an empty store
    made once, which each worker copies: creating one (its migrations, each committed and
    synced) takes a fraction of a second of waiting, per document."""
    remove_abandoned_scratch(os.path.dirname(path))
    scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=os.path.dirname(path))
    Store.open(os.path.join(scratch, EMPTY_STORE)).close()
    return scratch


class EarlyDiffs:
    """Diffs that start while an import is still recording (``import-ota``).

    The import records one document after the other and commits each before the next; a
    document whose versions are committed goes to a diff worker at once, so the workers use
    the cores the import's single writer leaves idle instead of waiting for the whole import.
    Of the documents committed and not sent yet, the largest goes first. While the import
    records, one document fewer than ``workers`` is out at a time: the writer keeps a core of
    its own (sharing it, the recording ran three times slower and the import lost more than
    the early diffs won); once it has ended, ``workers + 1``, as in `diff_in_parallel`. A
    worker reads only committed rows (WAL), and its result waits on disk
    (the scratch file) until `diff_in_parallel` writes it: the ids a change takes follow the
    pending versions of every document, known only once the import has ended.

    Nothing starts before ``MIN_PARALLEL_RECORDS`` versions are recorded (a small import is
    diffed serially, as before). ``close`` stops the workers and removes the scratch folder,
    whatever happened.
    """

    def __init__(self, store: Store, workers: int):
        import threading

        self.path, self.workers = database_path(store), workers
        self.pool = self.scratch = None
        self.waiting: dict[int, int] = {}     # document id -> its characters recorded, not sent yet
        self.schedule = {"dispatched": [], "most_held": 0}   # the tasks sent, as `_as_completed` records them
        self._sent: set[int] = set()
        self.recorded = self.out = 0
        self.limit = max(1, workers - 1)      # documents out at a time (see above)
        self.finished: queue.Queue = queue.Queue()
        # re-entrant: a future already done when `_submit` adds its callback runs `_finished`
        # at once, in this thread, inside `_send` (the state is updated before each submit)
        self.lock = threading.RLock()

    @property
    def started(self) -> bool:
        return self.pool is not None

    @property
    def sent(self) -> list[int]:
        """The documents sent, in the order they went."""
        return [task[1] for task in self.schedule["dispatched"]]

    @property
    def most_out(self) -> int:
        return self.schedule["most_held"]

    def document_recorded(self, document_id: int, versions: int, chars: int) -> None:
        """The import committed ``versions`` new versions (``chars`` characters) of a document
        and will record no more of it."""
        if not versions or self.path is None:
            return
        with self.lock:
            if document_id in self._sent:   # the import's order is by document: never happens
                raise RuntimeError(f"document {document_id} recorded again after its diff started")
            self.waiting[document_id] = self.waiting.get(document_id, 0) + chars
            self.recorded += versions
            if self.pool is None and self.recorded >= MIN_PARALLEL_RECORDS:
                self._start()
            if self.pool is not None:
                self._send()

    def _start(self) -> None:
        self.scratch = _new_scratch(self.path)
        self.pool = _pool(self.workers)

    def _send(self) -> None:   # with the lock held
        while self.out < self.limit and self.waiting:
            document = max(self.waiting, key=lambda d: (self.waiting[d], -d))
            del self.waiting[document]
            task = (self.path, document, False, self.scratch)
            self._sent.add(document)
            self.schedule["dispatched"].append(task)
            self.out += 1
            self.schedule["most_held"] = max(self.schedule["most_held"], self.out)
            _submit(self.pool, _diff_document, task, self._finished, "diff")

    def _finished(self, result) -> None:   # in the pool's result thread
        self.finished.put(result)
        with self.lock:
            self.out -= 1
            if isinstance(result, _Failed):   # the reader raises it; nothing more goes out (nor is
                return                        # submitted from the pool's thread while it fails the rest)
            try:
                self._send()
            except RuntimeError:   # the pool broke (WorkerLost) or was shut down: the reader hears of it
                pass

    def results(self, documents: dict[int, int]) -> Iterator[dict]:
        """Every sent document's result as it finishes, after sending those of ``documents``
        ({document id: characters pending}) not sent yet."""
        with self.lock:
            self.limit = self.workers + 1
            for document, chars in documents.items():
                if document not in self._sent:
                    self.waiting[document] = chars
            if self.pool is None:
                self._start()
            self._send()
        return self._collected()

    def _collected(self) -> Iterator[dict]:
        taken = 0
        while True:
            with self.lock:
                if taken == len(self._sent) and not self.waiting:
                    return
            result = _next_result(self.finished, self.pool, "diff")
            taken += 1
            if isinstance(result, _Failed):
                raise result.error
            yield result

    def close(self) -> None:
        if self.pool is not None:
            _stop(self.pool, at_once=True)
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
        self.pool = self.scratch = None


EMPTY_STORE = "empty.db"   # in the diff's scratch folder
SCRATCH_PREFIX = "termswatch-diff-"   # then the pid of the import that made it


def remove_abandoned_scratch(folder: str) -> list[str]:
    """Remove the diff scratch folders that an import killed mid-diff left in ``folder`` (its
    process is gone); a folder of an import still running is left alone. Returns the removed."""
    removed = []
    for name in sorted(os.listdir(folder)):
        owner = name[len(SCRATCH_PREFIX):].split("-", 1)[0] if name.startswith(SCRATCH_PREFIX) else ""
        if not owner.isdigit() or _process_alive(int(owner)):
            continue
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
        removed.append(name)
    if removed:
        log.info("removed %d diff scratch folder(s) left by an import that was stopped: %s",
                 len(removed), ", ".join(removed))
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:    # another user's process: alive
        return True
    return True


def reserved_change_ids(store: Store, pending: list[dict], recompute: bool) -> dict[int, int]:
    """{version id: change id} for the pending versions without a change yet: the ids the
    serial stage gives them, one after the other in the order of ``pending``, each new change
    taking the next rowid. (With ``recompute``, a version's existing change keeps its id.)"""
    existing = store.versions_with_changes() if recompute else set()
    next_id = store.next_change_id()
    reserved = {}
    for row in pending:
        if row["id"] not in existing:
            reserved[row["id"]] = next_id
            next_id += 1
    return reserved


def _as_completed(workers: int, function: Callable, tasks: list, schedule: dict, initializer=None,
                  initargs=(), *, stage: str) -> Iterator:
    """``function`` over ``tasks`` (started in that order) on a pool of ``workers``; results
    in the order they finish. At most ``workers + 1`` tasks are out at a time (running,
    queued, or finished and not yet taken): the results the parent holds stay bounded
    whatever the workers' pace. ``schedule`` records the tasks as they are sent ("dispatched")
    and the most out at once ("most_held"). A worker that dies ends it with `WorkerLost`
    (``stage`` names it there)."""
    finished: queue.Queue = queue.Queue()
    waiting = iter(tasks)
    out = 0
    pool = _pool(workers, initializer, initargs)

    def send() -> bool:
        nonlocal out
        task = next(waiting, None)
        if task is None:
            return False
        schedule.setdefault("dispatched", []).append(task)
        _submit(pool, function, task, finished.put, stage)
        out += 1
        schedule["most_held"] = max(schedule.get("most_held", 0), out)
        return True

    ended = False
    try:
        while out < workers + 1 and send():
            pass
        while out:
            result = _next_result(finished, pool, stage)
            out -= 1
            if isinstance(result, _Failed):
                raise result.error
            send()   # the next task starts before this result is written
            yield result
        ended = True
    finally:
        _stop(pool, at_once=not ended)


class _Failed:
    """A task's exception, carried from the pool's result thread to the caller."""

    def __init__(self, error: BaseException):
        self.error = error


def _diff_document(task: tuple[str, int, bool, str]) -> dict:
    """In a worker: diff one document's pending versions in a private copy, a database file
    of its own in ``scratch`` that the parent copies the new changes and hunks from (a long
    history's hunks never go through memory, pickled, at once). Returns that file, the
    changes to copy (the copy's change id and `CHANGE_COLUMNS`), the suspect changes it
    settled and the earlier changes found to be blips."""
    from .stages.diff import record_changes

    path, document_id, recompute, scratch = task
    file = os.path.join(scratch, f"document-{document_id}.db")
    shutil.copyfile(os.path.join(scratch, EMPTY_STORE), file)
    copy = Store.open(file, migrate=False)
    copy.copy_document_history(path, document_id)
    before = copy.suspect_status_by_version()
    substantive_before = copy.substantive_by_version()
    copy.detach_copy_source()
    record_changes(copy, recompute=recompute)
    changes, settled, reverted = [], [], []
    for row in copy.change_records():
        if recompute or row["to_version_id"] not in before:
            changes.append((row["id"], {c: row[c] for c in CHANGE_COLUMNS}))
        else:
            if before[row["to_version_id"]] != row["suspect_status"]:
                settled.append((row["suspect_status"], row["to_version_id"]))
            if substantive_before[row["to_version_id"]] and not row["substantive"]:
                reverted.append(row["to_version_id"])
    copy.close()
    _release_memory()
    return {"file": file, "changes": changes, "settled": settled, "reverted": reverted}


def _release_memory() -> None:
    """Between two documents in a diff worker: forget the diff's memos (the next document's
    clauses are its own) and hand the heap freed back to the system. Without this a worker
    kept what its largest documents made it grow to, and more, to the end of the import."""
    from .diff.memo import forget_all

    forget_all()    # freed as they go (no cycles): no gc.collect, which costs a tenth of a second
    _trim_heap()


try:    # glibc's; elsewhere (musl, macOS) the heap is left as it is
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _libc.malloc_trim
except (OSError, AttributeError):
    _libc = None


# -- classify ---------------------------------------------------------------------------------

_worker: dict = {}


def _open_reader(path: str) -> None:
    from .classify import load_classifier

    _worker["store"] = Store.open(path, migrate=False)
    _worker["classifier"] = load_classifier()


# The most changes in one classify task: consecutive changes of one document, assessed by one
# worker with its memos warm; the parent holds at most `workers + 1` tasks' assessments.
CHANGES_PER_TASK = 100

# Set by the last `assess_in_parallel` (for tests and benchmarks): the tasks as they went to the
# workers (document id, change ids) and the most tasks out at once (running, queued, or done
# and not yet written): what the parent may hold.
last_assess_schedule: dict = {}


def assess_in_parallel(store: Store, changes: list[dict], model: str, *, workers: int,
                       progress: Progress | None = None, versions: Iterable[dict] = ()) -> tuple[int, int]:
    """``assess_changes`` over ``changes`` (with their ``document_id``) on ``workers`` processes;
    the parent writes each task's assessments in one transaction as they come.

    Changes go out in tasks of consecutive changes of one document (`document_runs`), the
    documents that cost the most first (`costliest_documents_first`), at most
    ``workers + 1`` tasks at a time (`_as_completed`): the parent holds a few tasks' results
    whatever the workers' pace (``pool.imap`` over every change queued every result the writer
    had not reached yet), and hands the memory they took back once they are written. A worker
    forgets its memos when its next task is another document's (`_forget_memos`). Assessments
    are keyed by change id: the order they are written in changes nothing.

    ``versions`` (rows of `Store.versions_without_findings`): a document's versions among them
    go with its last task, whose worker finds their terms in force (`record_findings`'s
    `document_findings`) once the changes are assessed, its classifier's results by clause
    still warm from them (on the pool of readings, two fifths of what the findings classified
    in a stage of their own: every clause a change added, once for the change and once for the
    version); a document without changes to assess has a task of its versions alone. Returns
    (changes assessed, versions analysed)."""
    from .stages.classify import write_assessment

    assessed = analysed = 0
    schedule: dict = {"dispatched": [], "most_held": 0}
    runs = costliest_documents_first(document_runs(changes, CHANGES_PER_TASK), store.substantive_change_chars())
    tasks = with_findings_on_last_runs(runs, versions, model)
    with closing(_as_completed(workers, _assess_run, tasks, schedule, _open_reader,
                               (database_path(store),), stage="classify")) as results:
        for assessments, found, labels in results:
            with store.transaction():
                for change_id, assessment in assessments:
                    write_assessment(store, change_id, assessment, model)
                if found:
                    store.write_version_findings(found, model)
                    store.write_clause_results(model, labels)
            assessed += len(assessments)
            analysed += len(found)
            _trim_heap()   # the results came through the pool's thread, whose heap glibc keeps
            if progress:
                progress("classify", assessed, len(changes))
    last_assess_schedule.clear()
    last_assess_schedule.update(dispatched=[(task[0], [c["id"] for c in task[1]]) for task in schedule["dispatched"]],
                                findings=[(task[0], [row["id"] for row in task[2]]) for task in schedule["dispatched"]
                                          if task[2]],
                                most_held=schedule["most_held"])
    return assessed, analysed


def with_findings_on_last_runs(runs: list[tuple[int, list[dict]]], versions: Iterable[dict],
                               model: str) -> list[tuple[int, list[dict], list[dict], str]]:
    """Classify tasks (document id, its changes, its versions to find the terms of, model):
    ``runs`` in their order, each document's ``versions`` (all of them, in their order: a
    version whose text repeats an earlier one's inherits its findings, so one task must see
    them all) with its last run, none with the others; then a task for each document of
    ``versions`` that has no run."""
    from itertools import groupby

    by_document = {document: list(rows) for document, rows in groupby(versions, key=lambda r: r["document_id"])}
    last = {document: place for place, (document, _) in enumerate(runs)}
    tasks = [(document, run, by_document.get(document, []) if last[document] == place else [], model)
             for place, (document, run) in enumerate(runs)]
    # ... and a document with no change to assess gets a task of its versions alone (after the
    # others: the costliest documents are those with changes), so that the parent never loads
    # the classifier for what is left
    return tasks + [(document, [], rows, model) for document, rows in by_document.items() if document not in last]


def document_runs(changes: list[dict], most: int) -> list[tuple[int, list[dict]]]:
    """``changes`` cut, in their order, into runs of at most ``most`` consecutive changes of one
    document: (document id, its changes)."""
    runs: list[tuple[int, list[dict]]] = []
    for change in changes:
        if not runs or runs[-1][0] != change["document_id"] or len(runs[-1][1]) >= most:
            runs.append((change["document_id"], []))
        runs[-1][1].append(change)
    return runs


def costliest_documents_first(runs: list[tuple[int, list[dict]]], chars: dict[int, int]) -> list[tuple[int, list[dict]]]:
    """``runs`` (`document_runs`) with the documents whose changes cost the most to assess
    first (their substantive changes' new texts, in characters), each document's runs
    together and in their order (a worker's memos stay warm from one to the next; ties keep
    the changes' order). In the changes' order, a long history met last was assessed alone
    while the other cores idled."""
    cost: dict[int, int] = {}
    for document, run in runs:
        cost[document] = cost.get(document, 0) + sum(chars.get(change["id"], 0) for change in run)
    order = {document: place for place, document in enumerate(sorted(cost, key=lambda d: -cost[d]))}
    return sorted(runs, key=lambda run: order[run[0]])


def _assess_run(task: tuple[int, list[dict], list[dict], str]) -> tuple[list[tuple[int, dict]], list[tuple], dict]:
    """(each change's assessment, the versions' findings rows, the clause results they computed)."""
    from .stages.classify import ClauseCache, assessment_of, document_findings

    document, changes, versions, model = task
    _start_document(document)
    store, classifier = _worker["store"], _worker["classifier"]
    assessments = [(change["id"], assessment_of(store, change, classifier)) for change in changes]
    if not versions:
        return assessments, [], {}
    cache = ClauseCache(store, model)
    return assessments, document_findings(store, versions, cache, classifier, model), cache.new


def _start_document(document: int) -> None:
    """In a classify worker, before a task of ``document``: when the last task was another
    document's, forget what the memos kept for that one (see `_forget_memos`)."""
    if _worker.get("document") not in (None, document):
        _forget_memos()
    _worker["document"] = document


def _forget_memos() -> None:
    """Between two documents in a classify worker: empty the memos the classifier and the
    assessment keep by text (two documents share few clauses; a document's versions, most),
    then hand the freed heap back to the system. Without this a worker kept what every
    document it had read left in them, to the end of the stage (630-715 MB each on the full
    contrib history)."""
    from .classify.memos import forget_all

    forget_all(_worker.get("classifier"))
    _trim_heap()


def _trim_heap() -> None:
    if _libc is not None:
        _libc.malloc_trim(0)    # glibc keeps freed memory in its heap until told


def findings_in_parallel(store: Store, by_document: Iterable[tuple[int, list[dict]]], total: int, model: str, *,
                         workers: int, progress: Progress | None = None) -> int:
    """``record_findings`` document by document on ``workers`` processes; the parent writes.
    Findings belong to versions, whatever the order they are written in: the documents with
    the most versions start first, and results are written as they come (`_as_completed`)."""
    done = 0
    largest_first = sorted((rows for _, rows in by_document), key=len, reverse=True)
    with closing(_as_completed(workers, _document_findings, [(model, rows) for rows in largest_first], {},
                               _open_reader, (database_path(store),), stage="findings")) as results:
        for rows, labels in results:
            with store.transaction():
                store.write_version_findings(rows, model)
                store.write_clause_results(model, labels)
            _trim_heap()
            done += len(rows)
            if progress:
                progress("findings", done, total)
    return done


def _document_findings(task: tuple[str, list[dict]]) -> tuple[list[tuple], dict]:
    from .stages.classify import ClauseCache, document_findings

    model, rows = task
    _start_document(rows[0]["document_id"])
    cache = ClauseCache(_worker["store"], model)
    found = document_findings(_worker["store"], rows, cache, _worker["classifier"], model)
    return found, cache.new


# -- score ------------------------------------------------------------------------------------

# Set by the last `scores_in_parallel` (for tests and benchmarks): the services in the order
# they went to the workers, and the most results held at once, computed and waiting for their
# turn to be written.
last_score_schedule: dict = {}


def _open_scorer(path: str) -> None:
    from .classify import load_taxonomy
    from .score import load_params

    _worker["store"] = Store.open(path, migrate=False)
    _worker["params"], _worker["taxonomy"] = load_params(), load_taxonomy()


def scores_in_parallel(store: Store, service_ids: list[str], *, workers: int) -> Iterator[tuple[str, object]]:
    """(service id, its score history as stored: `encoded_scores`) of each of ``service_ids``,
    computed on ``workers`` processes, yielded in the order of ``service_ids`` (the caller
    writes them in that order: score ids are those of a serial run).

    The services with the most versions start first: scored in the services' order, a long
    history met last ran alone while the other cores idled. A result that comes before its
    turn waits, encoded (compressed against its keyframes, as the store keeps it: its scores'
    rows in the database, no more)."""
    sizes = store.versions_per_service(service_ids)
    largest_first = sorted(service_ids, key=lambda service_id: -sizes[service_id])
    schedule: dict = {"dispatched": [], "most_held": 0}
    waiting: dict[str, object] = {}
    most_waiting = 0
    last_score_schedule.clear()
    with closing(_as_completed(workers, _score_service, largest_first, schedule, _open_scorer,
                               (database_path(store),), stage="score")) as results:
        for service_id in service_ids:
            while service_id not in waiting:
                done_id, encoded = next(results)
                waiting[done_id] = encoded
                most_waiting = max(most_waiting, len(waiting))
            # kept up to date here: the caller closes this generator after its last service
            last_score_schedule.update(dispatched=list(schedule["dispatched"]), most_held=most_waiting)
            yield service_id, waiting.pop(service_id)


def _score_service(service_id: str) -> tuple[str, object]:
    from .stages.score import score_history
    from .store.scores import encoded_scores

    rows = score_history(_worker["store"], service_id, _worker["params"], _worker["taxonomy"])
    encoded = encoded_scores(rows)
    del rows
    _trim_heap()
    return service_id, encoded
