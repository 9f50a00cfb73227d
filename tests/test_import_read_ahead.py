"""A big dataset's index entries are checked, and its files read, on other processes while the
store's one writer records: what is recorded, skipped, refused or reported as a problem, and
in what order, is what the serial import gives."""

from __future__ import annotations

import json
import os

import pytest

from monitor import import_ota as importer
from monitor.import_ota import import_ota
from monitor.store import Store

pytestmark = pytest.mark.slow


def dataset_with_every_kind_of_entry(root):
    """Three documents of a few versions each, an entry leaving the folder, a file that is not
    UTF-8, a FIFO, an index entry missing its file name, and a version repeating an earlier text."""
    entries = []

    def version(service, terms_type, day, text=None, file=None):
        name = f"2021-01-{day:02d}T00-00-00Z.md"
        relative = file or f"{service}/{terms_type}/{name}"
        if text is not None:
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode())
        entries.append({"service": service, "terms_type": terms_type, "seq": len(entries),
                        "timestamp": f"2021-01-{day:02d}T00:00:00Z", "file": relative})

    for service in ("Alpha", "Beta", "Gamma"):
        for day in range(1, 8):
            version(service, "Terms of Service", day, f"# {service}\n\nWe keep your data for {day} days.\n")
    version("Alpha", "Terms of Service", 9, file="Alpha/Terms of Service/2021-01-03T00-00-00Z.md")  # A→B→A
    version("Beta", "Privacy Policy", 1, "# Beta privacy\n\nWe sell nothing.\n")
    version("Beta", "Privacy Policy", 2, b"\xff\xfe not UTF-8 \xc3\x28")
    fifo = root / "Gamma" / "Privacy Policy" / "2021-01-01T00-00-00Z.md"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    version("Gamma", "Privacy Policy", 1, file="Gamma/Privacy Policy/2021-01-01T00-00-00Z.md")
    version("Evil", "Terms of Service", 1, file="../" * 8 + "etc/passwd")
    entries.append({"service": "Beta", "terms_type": "Terms of Service", "seq": len(entries),
                    "timestamp": "2021-02-01T00:00:00Z"})   # no file
    (root / "INDEX.json").write_text(json.dumps({"versions": entries}))
    return root


def imported(dataset, path, workers):
    store = Store.open(path)
    first = import_ota(store, dataset, workers=workers)
    again = import_ota(store, dataset, workers=workers)   # every version already there: skipped
    versions = [tuple(row) for row in store.db.execute(
        "SELECT v.id, d.service_id, d.terms_type, v.recorded_at, v.kind, v.sha256 FROM versions v "
        "JOIN documents d ON d.id = v.document_id ORDER BY v.id")]
    texts = [store.version_text(row[0]) for row in versions]
    store.close()
    return [(r.recorded, r.skipped, r.documents, r.services, r.refused, r.problems) for r in (first, again)], \
        versions, texts


def test_reading_ahead_on_other_processes_imports_what_the_serial_import_does(tmp_path, monkeypatch):
    dataset = dataset_with_every_kind_of_entry(tmp_path / "dataset")
    serial = imported(dataset, tmp_path / "serial.db", workers=1)
    monkeypatch.setattr(importer, "PARALLEL_READS_FROM", 1)
    monkeypatch.setattr(importer, "_ENTRIES_PER_TASK", 4)   # the index checked in several tasks
    monkeypatch.setattr(importer, "_TEXTS_PER_TASK", 3)     # files read in several tasks,
    monkeypatch.setattr(importer, "_TASKS_AHEAD", 2)        # the reader held back by the writer
    pools: list[int] = []
    real_pool = importer._reading_pool
    monkeypatch.setattr(importer, "_reading_pool", lambda processes: pools.append(processes) or real_pool(processes))
    on_workers = imported(dataset, tmp_path / "parallel.db", workers=2)
    assert pools == [2, 1, 2, 1]   # per import: the index checked on two processes, files read on one
    reports, versions, texts = serial
    # recorded, then skipped; refused: a path leaving the folder, an entry without a file, a
    # FIFO; a problem: the text that is not UTF-8 (each time)
    assert reports[0][:2] == (23, 0) and reports[1][:2] == (0, 23)
    assert len(reports[0][4]) == 3 and len(reports[0][5]) == 1 and reports[1][4:] == reports[0][4:]
    assert on_workers == serial
