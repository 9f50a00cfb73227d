"""A classify worker forgets what its memos kept for one document before it reads another (a
worker that went through a full contrib history once held 630-715 MB of them), and every
cache of the classify stage is either such a memo or a loader's."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil

import pytest

import monitor.classify
from monitor import parallel
from monitor.classify.memos import LOADERS, MEMOS
from monitor.import_ota import import_ota
from monitor.pipeline import record_changes
from monitor.store import Store


def _caches_of_the_classify_package() -> dict[str, object]:
    found = {}
    for module_info in pkgutil.walk_packages(monitor.classify.__path__, "monitor.classify."):
        module = importlib.import_module(module_info.name)
        for attribute, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                found[f"{module.__name__}.{attribute}"] = value
    return found


def test_every_cache_of_the_classify_stage_is_a_memo_a_worker_forgets_or_a_loader():
    caches = _caches_of_the_classify_package()
    assert len(caches) >= len(MEMOS) + len(LOADERS)
    unlisted = [name for name, cache in caches.items()
                if name not in LOADERS and not any(cache is memo for memo in MEMOS)]
    assert not unlisted, f"a memo a classify worker would keep for the whole stage: {unlisted}"


def _memo_entries(classifier) -> int:
    from monitor.text import _paragraph_words

    return sum(memo.cache_info().currsize for memo in MEMOS) + len(classifier._cache) + \
        _paragraph_words.cache_info().currsize


@pytest.fixture(scope="module")
def two_documents(ota_corpus, tmp_path_factory):
    """Discord's two documents imported and diffed into a real store."""
    root = tmp_path_factory.mktemp("classmem") / "dataset"
    root.mkdir()
    shutil.copytree(ota_corpus / "Discord", root / "Discord")
    index = json.loads((ota_corpus / "INDEX.json").read_text())
    index["versions"] = [v for v in index["versions"] if v["service"] == "Discord"]
    (root / "INDEX.json").write_text(json.dumps(index))
    path = root.parent / "store.db"
    store = Store.open(path)
    import_ota(store, root)
    record_changes(store)
    changes = store.unassessed_changes()
    store.close()
    return str(path), changes


def test_a_classify_worker_forgets_one_document_s_memos_before_the_next(two_documents):
    path, changes = two_documents
    runs = parallel.document_runs(changes, most=1000)
    assert len(runs) == 2 and runs[0][0] != runs[1][0]     # one run per document
    (first, first_changes), (second, second_changes) = runs
    cosmetic = [c for c in second_changes if not c["substantive"]]   # reads no text at all
    assert cosmetic and any(c["substantive"] for c in first_changes)
    parallel._open_reader(path)     # as a worker starts
    classifier = parallel._worker["classifier"]
    try:
        assessed, found, labels = parallel._assess_run((first, first_changes, [], "m"))
        assert found == [] and labels == {}      # no versions sent with the task: no findings
        assert [change_id for change_id, _ in assessed] == [c["id"] for c in first_changes]
        filled = _memo_entries(classifier)
        assert filled > 100           # the first document's clauses, blocks and results are kept
        parallel._assess_run((first, first_changes[:1], [], "m"))   # the same document again: kept
        assert _memo_entries(classifier) >= filled
        parallel._assess_run((second, cosmetic[:1], [], "m"))        # another document's: forgotten first
        assert _memo_entries(classifier) == 0
    finally:
        parallel._worker["store"].close()
        parallel._worker.clear()


def test_document_runs_cut_changes_into_runs_of_one_document_in_their_order():
    changes = [{"id": i, "document_id": d} for i, d in enumerate([4, 4, 4, 4, 4, 9, 4, 4], 1)]
    runs = parallel.document_runs(changes, most=2)
    assert [(d, [c["id"] for c in run]) for d, run in runs] == \
        [(4, [1, 2]), (4, [3, 4]), (4, [5]), (9, [6]), (4, [7, 8])]


def test_a_documents_versions_go_with_its_last_task_and_a_document_without_changes_gets_its_own():
    runs = [(4, [{"id": 1}]), (4, [{"id": 2}]), (9, [{"id": 3}])]
    versions = [{"id": v, "document_id": d} for v, d in [(10, 4), (11, 4), (12, 9), (13, 12), (14, 12)]]
    tasks = parallel.with_findings_on_last_runs(runs, versions, "m")
    assert [(d, [c["id"] for c in run], [v["id"] for v in rows], model) for d, run, rows, model in tasks] == [
        (4, [1], [], "m"), (4, [2], [10, 11], "m"), (9, [3], [12], "m"), (12, [], [13, 14], "m")]


def test_a_task_of_versions_alone_reads_their_findings_as_the_findings_stage_does(two_documents):
    from monitor.classify import load_classifier
    from monitor.stages.classify import ClauseCache, document_findings, model_version

    path, changes = two_documents
    store = Store.open(path)
    try:
        document = changes[0]["document_id"]
        rows = [row for row in store.versions_without_findings() if row["document_id"] == document]
        expected = document_findings(store, rows, ClauseCache(store, model_version()), load_classifier(), model_version())
    finally:
        store.close()
    parallel._open_reader(path)
    try:
        assessed, found, labels = parallel._assess_run((document, [], rows, model_version()))
        assert assessed == [] and found == expected and labels
        assert len(found) == len(rows) > 1
    finally:
        parallel._worker["store"].close()
        parallel._worker.clear()
