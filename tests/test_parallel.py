"""Analysis on worker processes records exactly what the serial stages record: the same
changes (with the same ids), hunks, settled suspects, assessments, findings and scores."""

from __future__ import annotations

import json
import shutil

import pytest

from monitor import parallel
from monitor.import_ota import import_ota
from monitor.pipeline import process_new_records
from monitor.store import Store

pytestmark = pytest.mark.slow

SERVICES = ("Microsoft", "Telegram")   # suspects confirmed, refuted, not the document
TABLES = {
    "changes": "SELECT id, document_id, from_version_id, to_version_id, substantive, suspect, suspect_status, "
               "reasons, stats FROM changes ORDER BY id",
    "hunks": "SELECT h.change_id, h.position, h.kind, s.section, h.old, h.old_at, h.old_chars, h.new, h.new_at, "
             "h.new_chars, h.ops, h.substantive, h.reason, h.old_index, h.new_index "
             "FROM hunks h JOIN hunk_sections s ON s.id = h.section_id ORDER BY h.change_id, h.position",
    "assessments": "SELECT change_id, direction, severity, categories, evidence, confidence, hunk_assessments, "
                   "notice_days, effective_date, consent_by_use, announced, model FROM assessments ORDER BY change_id",
    "findings": "SELECT version_id, findings, inherited_from, model FROM version_findings ORDER BY version_id",
    "clause_labels": "SELECT sha256, model, result FROM clause_labels ORDER BY sha256",
    # ids and keyframes (``reasons_base``) too: scores are written in the serial order
    "scores": "SELECT id, service_id, at, version_id, score, grade, reasons, reasons_base FROM scores ORDER BY id",
}


@pytest.fixture(scope="module")
def dataset(ota_corpus, tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel") / "dataset"
    root.mkdir()
    for service in SERVICES:
        shutil.copytree(ota_corpus / service, root / service)
    index = json.loads((ota_corpus / "INDEX.json").read_text())
    index["versions"] = [v for v in index["versions"] if v["service"] in SERVICES]
    (root / "INDEX.json").write_text(json.dumps(index))
    return root


@pytest.fixture(scope="module")
def serial(dataset, tmp_path_factory) -> dict:
    """What the serial stages record from ``dataset``: the reference of every test here."""
    return analysed(dataset, tmp_path_factory.mktemp("serial") / "serial.db", workers=1)


def analysed(dataset, path, workers: int) -> dict:
    store = Store.open(path)
    import_ota(store, dataset)
    report = process_new_records(store, workers=workers)
    tables = tables_of(store)
    store.close()
    return {"report": report.summary(), **tables}


def tables_of(store: Store) -> dict:
    """Every row of `TABLES`, by table."""
    return {name: [tuple(row) for row in store.db.execute(sql)] for name, sql in TABLES.items()}


def test_parallel_analysis_equals_serial(dataset, serial, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_RECORDS", 1)   # a small slice, on workers all the same
    monkeypatch.setattr(parallel, "CHANGES_PER_TASK", 16)      # many classify tasks
    on_workers = analysed(dataset, tmp_path / "parallel.db", workers=2)
    # the longest history (Telegram's terms, 176 versions) is the last document in the serial
    # order: it went to a worker first, the others were written while it ran, and every
    # change still has the id the serial run gave it
    store = Store.open(tmp_path / "parallel.db")
    longest = store.db.execute("SELECT document_id FROM versions GROUP BY document_id ORDER BY sum(chars) DESC"
                               ).fetchone()[0]
    documents = [row[0] for row in store.db.execute("SELECT DISTINCT document_id FROM versions ORDER BY document_id")]
    store.close()
    schedule = parallel.last_diff_schedule
    assert schedule["dispatched"][0] == longest != documents[0]
    assert sorted(schedule["dispatched"]) == documents
    assert schedule["most_held"] <= 3    # the parent holds at most workers + 1 documents' results
    # classify: tasks of at most 16 consecutive changes of one document, every change once, the
    # document whose substantive changes lead to the most text first, each document's tasks
    # together and in order, and the parent holds at most workers + 1 tasks' assessments
    assess = parallel.last_assess_schedule
    assert len(assess["dispatched"]) > 10 and max(len(ids) for _, ids in assess["dispatched"]) <= 16
    sent = [i for _, ids in assess["dispatched"] for i in ids]
    assert sorted(sent) == [row[0] for row in serial["changes"]]
    document_order = list(dict.fromkeys(document for document, _ in assess["dispatched"]))
    assert len(document_order) == len({document for document, _ in assess["dispatched"]})   # together
    for document in document_order:
        ids = [i for d, run in assess["dispatched"] if d == document for i in run]
        assert ids == sorted(ids)
    store = Store.open(tmp_path / "parallel.db")
    cost = dict(store.db.execute("SELECT c.document_id, sum(v.chars) FROM changes c JOIN versions v "
                                 "ON v.id = c.to_version_id WHERE c.substantive GROUP BY c.document_id").fetchall())
    store.close()
    costs = [cost.get(document, 0) for document in document_order]
    assert costs == sorted(costs, reverse=True) and document_order != sorted(document_order)
    assert assess["most_held"] <= 3
    # findings: each document's versions went with its last classify task, all of them in one
    # task (a version repeating an earlier text inherits its findings), with no other task
    last_task = {document: ids for document, ids in assess["dispatched"]}
    with_findings = dict(assess["findings"])
    assert len(with_findings) == len(assess["findings"]) == len(document_order)
    store = Store.open(tmp_path / "parallel.db")
    versions = {document: [row[0] for row in store.db.execute(
        "SELECT id FROM versions WHERE document_id = ? ORDER BY recorded_at, id", [document])]
        for document in document_order}
    store.close()
    # every version was read in the classify tasks (a document without a change to assess in a
    # task of its own): nothing left for the parent, which never loads the classifier
    store = Store.open(tmp_path / "parallel.db")
    assert sum(len(ids) for ids in with_findings.values()) == store.db.execute("SELECT count(*) FROM versions").fetchone()[0]
    store.close()
    for document, version_ids in with_findings.items():
        assert version_ids == versions[document]
        task = next(i for i, (d, ids) in enumerate(assess["dispatched"]) if d == document and ids == last_task[d])
        assert [d for d, _ in assess["dispatched"][task + 1:]].count(document) == 0
    # score: the service with the most versions went to a worker first, and was written in
    # its turn (the scores table, ids included, is the serial run's: compared below)
    store = Store.open(tmp_path / "parallel.db")
    by_size = [row[0] for row in store.db.execute(
        "SELECT d.service_id FROM versions v JOIN documents d ON d.id = v.document_id "
        "GROUP BY d.service_id ORDER BY count(*) DESC, d.service_id")]
    store.close()
    assert by_size != sorted(by_size)
    assert parallel.last_score_schedule["dispatched"] == by_size
    assert len(serial["changes"]) > 100
    assert {row[6] for row in serial["changes"]} >= {"confirmed", "refuted", "not_document"}
    assert len(serial["findings"]) > 50 and serial["scores"]
    for name in ("report", *TABLES):
        assert on_workers[name] == serial[name], name


def test_import_ota_on_workers_diffs_while_it_records(dataset, serial, tmp_path, monkeypatch):
    """`import-ota` with two workers into a home that holds one service's analysed history: the
    other service's documents go to `EarlyDiffs` as they are committed, their changes take the
    ids that follow, and the store ends as the serial stages leave it."""
    import click
    from click.testing import CliRunner

    from monitor.cli.base import Context
    from monitor.cli.capture import COMMANDS
    from monitor.paths import Home

    monkeypatch.setattr(parallel, "MIN_PARALLEL_RECORDS", 1)
    home = Home(tmp_path / "home")
    first = tmp_path / "first"
    first.mkdir()
    shutil.copytree(dataset / SERVICES[0], first / SERVICES[0])
    index = json.loads((dataset / "INDEX.json").read_text())
    (first / "INDEX.json").write_text(json.dumps(
        {**index, "versions": [v for v in index["versions"] if v["service"] == SERVICES[0]]}))
    store = Store.open(home.database)
    import_ota(store, first)
    process_new_records(store, workers=1)
    assert store.db.execute("SELECT count(*) FROM changes").fetchone()[0] > 10
    store.close()

    reported = []
    real = parallel.EarlyDiffs.document_recorded

    def spy(self, document, versions, chars):
        real(self, document, versions, chars)
        reported.append((document, versions, list(self.sent), self.most_out))
    monkeypatch.setattr(parallel.EarlyDiffs, "document_recorded", spy)
    group = click.Group("termswatch", commands={c.name: c for c in COMMANDS})
    result = CliRunner().invoke(group, ["import-ota", str(dataset), "--workers", "2"], obj=Context(home, 0, True))
    assert result.exit_code == 0, result.output
    store = Store.open(home.database)
    tables = tables_of(store)
    documents = [row[0] for row in store.db.execute("SELECT id FROM documents ORDER BY id")]
    store.close()
    # every document reported once, in the import's order, the first service's with nothing
    # new; the first with new versions sent the moment it was committed, and while the import
    # recorded, one document out at a time (the writer keeps a core)
    assert [document for document, *_ in reported] == documents
    new = [(document, sent) for document, versions, sent, _ in reported if versions]
    assert len(new) == 2 and new[0][1] == [new[0][0]] and max(most for *_, most in reported) == 1
    # only those two were diffed; the scratch folder is gone
    assert sorted(parallel.last_diff_schedule["dispatched"]) == [document for document, _ in new]
    assert not list(home.root.glob(f"{parallel.SCRATCH_PREFIX}*"))
    for name in ("changes", "hunks", "assessments", "findings", "clause_labels"):
        assert tables[name] == serial[name], name


def test_parallel_recompute_keeps_change_ids(dataset, tmp_path, monkeypatch):
    from monitor.pipeline import record_changes

    monkeypatch.setattr(parallel, "MIN_PARALLEL_RECORDS", 1)
    store = Store.open(tmp_path / "db.sqlite")
    import_ota(store, dataset)
    record_changes(store)
    before = [tuple(row) for row in store.db.execute(TABLES["changes"])]
    hunks_before = [tuple(row) for row in store.db.execute(TABLES["hunks"])]
    assert record_changes(store, recompute=True, workers=2)[0] == len(before)
    assert [tuple(row) for row in store.db.execute(TABLES["changes"])] == before
    assert [tuple(row) for row in store.db.execute(TABLES["hunks"])] == hunks_before


def test_scratch_folders_of_an_import_killed_mid_diff_are_removed_and_a_running_one_s_kept(tmp_path):
    """An import killed with kill -9 mid-diff leaves its scratch databases beside the store; the
    next parallel import removes them, but never the folder of an import still running."""
    import subprocess
    import sys

    from monitor.parallel import SCRATCH_PREFIX, remove_abandoned_scratch

    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.kill()
    killed.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for pid in (killed.pid, running.pid):
            folder = tmp_path / f"{SCRATCH_PREFIX}{pid}-abc123"
            folder.mkdir()
            (folder / "document-7.db").write_bytes(b"scratch")
        (tmp_path / "termswatch.db").write_bytes(b"")
        (tmp_path / f"{SCRATCH_PREFIX}notes").mkdir()      # not ours: no pid
        assert remove_abandoned_scratch(str(tmp_path)) == [f"{SCRATCH_PREFIX}{killed.pid}-abc123"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [f"{SCRATCH_PREFIX}{running.pid}-abc123", f"{SCRATCH_PREFIX}notes", "termswatch.db"])
    finally:
        running.kill()
        running.wait()


@pytest.mark.timeout(60)
def test_a_worker_killed_ends_the_stage_with_an_error_instead_of_waiting_for_it():
    """A worker killed mid-task (the OOM killer, kill -9) fails the stage at once with
    `WorkerLost`; an ordinary error in a task still comes out as itself. (A
    multiprocessing.Pool replaced the dead worker and waited for its task forever.)"""
    import signal

    with pytest.raises(parallel.WorkerLost, match="a diff worker process died"):
        list(parallel._as_completed(2, signal.raise_signal, [signal.SIGKILL, signal.SIGKILL], {}, stage="diff"))
    with pytest.raises(ValueError):
        list(parallel._as_completed(2, int, ["12", "not a number"], {}, stage="score"))
    assert sorted(parallel._as_completed(2, int, ["1", "2", "3"], {}, stage="score")) == [1, 2, 3]


def test_early_diffs_take_a_result_that_comes_back_at_once_without_waiting_on_themselves(tmp_path):
    """A future already done when its callback is added runs the callback at once, in the
    thread that submitted it, inside `EarlyDiffs._send` (which holds the lock): a worker that
    died, or a task that finished, before `submit` returned. The import must go on (a plain
    Lock waited on itself there forever)."""
    import threading
    from concurrent.futures import Future

    class DonePool:   # a pool whose tasks are over before submit returns
        def submit(self, function, task):
            future = Future()
            future.set_result({"file": "", "changes": [], "settled": [], "reverted": []})
            return future

    store = Store.open(tmp_path / "t.db")
    early = parallel.EarlyDiffs(store, workers=2)
    early.pool = DonePool()
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(early.document_recorded(1, 250, 1000)), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive() and outcome == [None]
    assert early.sent == [1] and early.out == 0 and early.finished.qsize() == 1
    early.pool = None
    store.close()


@pytest.mark.timeout(240)
def test_import_ota_whose_worker_is_killed_stops_with_one_line_and_a_second_run_ends_the_work(dataset, serial, tmp_path):
    """`import-ota --workers 2`; the first worker process it starts is killed with kill -9. The
    import stops within seconds, exit 1, one line saying what happened and what to do (no
    traceback, no hang); run again, it records and analyses the rest: the store ends as the
    serial stages leave it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    home = tmp_path / "home"
    command = [sys.executable, "-m", "monitor", "--home", str(home), "import-ota", str(dataset), "--workers", "2"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and child.poll() is None and time.monotonic() < deadline:
        try:
            workers = [p.pid for p in psutil.Process(child.pid).children() if "spawn_main" in " ".join(p.cmdline())]
        except psutil.Error:   # a process gone meanwhile
            workers = []
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
        time.sleep(0.02)
    assert killed, "no worker process started"
    killed_at = time.monotonic()
    out, err = child.communicate(timeout=60)
    assert time.monotonic() - killed_at < 30
    assert child.returncode == 1, err
    lines = [line for line in err.splitlines() if line.startswith("termswatch: ")]
    assert lines == ["termswatch: a diff worker process died (killed, or out of memory?); what was written before "
                     "stands: run the command again to go on, with --workers 1 to use less memory"], err
    assert "Traceback" not in err
    assert not list(home.glob(f"{parallel.SCRATCH_PREFIX}*"))   # the scratch folder went too

    again = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    store = Store.open(home / "termswatch.db")
    tables = tables_of(store)
    store.close()
    for name in ("changes", "hunks", "assessments", "findings", "clause_labels", "scores"):
        assert tables[name] == serial[name], name
