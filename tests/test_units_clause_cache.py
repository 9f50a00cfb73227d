"""The clause cache (`ClauseCache`): each distinct clause is classified once per model, the
results persist in the store's ``clause_labels``, and a new model version makes them stale.
Real store files and the real shipped classifier; the classifier is only wrapped to count
the texts it is asked about."""

from __future__ import annotations

import shutil

import pytest

from monitor.classify import load_classifier
from monitor.paths import data_dir
from monitor.pipeline import ClauseCache, model_version
from monitor.store import Store, sha256_text

HARM = "We may sell your personal information to our advertising partners."
BENIGN = "This page explains how to contact our support team."
OTHER_HARM = "Any dispute will be resolved by binding arbitration and you waive any class action."


class CountingClassifier:
    """The real classifier, counting the texts it classifies."""

    def __init__(self):
        self.real = load_classifier()
        self.taxonomy = self.real.taxonomy
        self.asked: list[str] = []

    def classify(self, texts):
        self.asked.extend(texts)
        return self.real.classify(texts)


@pytest.fixture
def database(tmp_path):
    return tmp_path / "termswatch.db"


def cache_on(database, model: str) -> tuple[Store, ClauseCache]:
    store = Store.open(database)
    return store, ClauseCache(store, model)


def test_a_miss_classifies_each_distinct_clause_once_then_hits(database):
    store, cache = cache_on(database, "model-a")
    classifier = CountingClassifier()
    results = cache.results([HARM, BENIGN, HARM], classifier)
    assert classifier.asked == [HARM, BENIGN]                 # duplicates classified once
    assert "data_sale" in results[0]["labels"] and results[0]["severity"]["data_sale"] >= 0
    assert results[0]["evidence"]["data_sale"]
    assert results[1] == {} and results[2] == results[0]
    assert cache.results([BENIGN, HARM], classifier) == [results[1], results[0]]
    assert classifier.asked == [HARM, BENIGN]                 # all hits
    store.close()


def test_saved_results_are_hits_for_the_next_run_of_the_same_model(database):
    store, cache = cache_on(database, "model-a")
    first = cache.results([HARM, BENIGN], CountingClassifier())
    unsaved_store, unsaved = cache_on(database, "model-a")
    not_yet = CountingClassifier()
    unsaved.results([HARM], not_yet)
    assert not_yet.asked == [HARM]                            # nothing persisted before save()
    unsaved_store.close()
    cache.save()
    store.close()

    store, cache = cache_on(database, "model-a")
    classifier = CountingClassifier()
    assert cache.results([HARM, BENIGN, OTHER_HARM], classifier)[:2] == first
    assert classifier.asked == [OTHER_HARM]                   # only the clause never seen
    rows = dict(store.db.execute("SELECT sha256, model FROM clause_labels").fetchall())
    assert rows == {sha256_text(HARM): "model-a", sha256_text(BENIGN): "model-a"}
    cache.save()
    assert store.db.execute("SELECT count(*) FROM clause_labels").fetchone()[0] == 3
    store.close()


def test_another_model_version_misses_and_replaces_the_stale_results(database):
    store, cache = cache_on(database, "model-a")
    cache.results([HARM, BENIGN], CountingClassifier())
    cache.save()
    store.close()

    store, cache = cache_on(database, "model-b")
    classifier = CountingClassifier()
    cache.results([HARM, BENIGN], classifier)
    assert classifier.asked == [HARM, BENIGN]                 # model-a's results are not used
    cache.save()
    assert {m for (m,) in store.db.execute("SELECT model FROM clause_labels")} == {"model-b"}
    store.close()

    store, cache = cache_on(database, "model-a")
    classifier = CountingClassifier()
    cache.results([HARM], classifier)
    assert classifier.asked == [HARM]                         # replaced, so stale for model-a now
    store.close()


def test_the_model_version_changes_with_the_weights_or_the_taxonomy(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy, ignore=shutil.ignore_patterns("services", "__pycache__"))
    monkeypatch.setenv("TERMSWATCH_DATA", str(copy))
    original = model_version()
    assert model_version() == original                        # stable while nothing changes

    weights = copy / "model" / "clauses.json"
    weights.write_text(weights.read_text() + "\n")
    retrained = model_version()
    assert retrained != original

    taxonomy = copy / "taxonomy.toml"
    taxonomy.write_text(taxonomy.read_text() + "\n# a new comment\n")
    assert model_version() not in (original, retrained)


def test_the_model_version_covers_the_rules_code():
    """Cached labels are the classifier's, and the rules are half of it: an upgrade that edits a
    rule must not keep the labels the old rule gave."""
    from monitor.stages import classify as stage

    names = {name for name, _ in stage.classifier_sources()}
    assert {"classify/rules/privacy.py", "classify/rules/matching.py", "classify/clauses.py", "text.py"} <= names


def test_an_edited_source_of_the_classifier_changes_the_model_version(tmp_path, monkeypatch):
    from monitor.stages import classify as stage

    rule = tmp_path / "privacy.py"
    rule.write_text("PATTERN = 'sell'\n")
    monkeypatch.setattr(stage, "classifier_sources", lambda: [("classify/rules/privacy.py", rule)])
    before = stage.model_version()
    rule.write_text("PATTERN = 'sell|share'\n")
    assert stage.model_version() != before
