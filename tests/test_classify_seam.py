"""The classifier seam: model kinds registered by subclassing, loaded by the name their JSON
gives; the linear kind's files round-trip without pickle; `termswatch clauses` keeps its
contract with every shipped model in place."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from monitor.classify import ClauseClassifier, load_classifier, load_taxonomy
from monitor.classify.model import ClauseModel, LinearClauseModel, load_model
from monitor.paths import data_dir

CONTRACT_NAMES = ["Limitation of liability", "Unilateral termination", "Unilateral change", "Content removal",
                  "Contract by using", "Choice of law", "Jurisdiction", "Arbitration"]


class KeywordModel(ClauseModel, kind="keyword-test"):
    """A second kind: probability 1 for a label when its keyword is in the text."""

    def __init__(self, keywords: dict[str, str], meta: dict):
        self.labels, self.keywords, self.meta, self.version = list(keywords), keywords, meta, "kw1"

    def probabilities(self, texts):
        return np.array([[float(self.keywords[label] in t.lower()) for label in self.labels] for t in texts])

    @classmethod
    def load(cls, folder, stem):
        meta = json.loads((folder / f"{stem}.json").read_text())
        return cls(meta["keywords"], meta)


def test_a_kind_registered_by_subclassing_is_loaded_by_the_name_in_its_json(tmp_path):
    (tmp_path / "mine.json").write_text(json.dumps({"kind": "keyword-test", "keywords": {"arbitration": "arbitrat"}}))
    model = load_model(tmp_path, "mine")
    assert isinstance(model, KeywordModel) and model.labels == ["arbitration"]
    assert ClauseModel.kinds["keyword-test"] is KeywordModel
    # ...and the classifier takes it where the shipped harm model goes.
    classifier = ClauseClassifier(model, load_taxonomy(), cache_size=0)
    assert classifier.classify(["We arbitrate everything."])[0].labels == ["arbitration"]
    assert classifier.classify(["Hello."])[0].labels == []


def test_a_kind_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):
        class Again(ClauseModel, kind="keyword-test"):
            pass


@pytest.mark.parametrize("content, message", [
    ('{"kind": "no-such-kind"}', "unknown model kind 'no-such-kind'"),
    ("not json", "not a readable model description"),
])
def test_a_bad_model_description_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "clauses.json").write_text(content)
    with pytest.raises(ValueError, match=message) as error:
        load_model(tmp_path, "clauses")
    assert "clauses.json" in str(error.value)


def test_shipped_models_name_their_kind_and_have_a_version():
    classifier = load_classifier()
    for model in (classifier.model, *classifier.topic_models):
        assert model.kind == "linear" and len(model.version) == 16
    assert classifier.topic_models, "the privacy topic model is shipped"
    assert classifier.version == "+".join(m.version for m in (classifier.model, *classifier.topic_models))


def test_the_linear_model_round_trips_without_pickle(tmp_path):
    shipped = load_classifier().topic_models[0]
    folder = tmp_path / "copy"
    shipped.save(folder, "privacy")
    with zipfile.ZipFile(folder / "privacy.npz") as archive:
        assert sorted(archive.namelist()) == ["bias.npy", "idf.npy", "vocabulary.npy", "weights.npy"]
    with np.load(folder / "privacy.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    again = load_model(folder, "privacy")
    assert isinstance(again, LinearClauseModel)
    assert again.labels == shipped.labels and again.meta["combine"] == shipped.meta["combine"]
    texts = ["We share your personal information with advertising partners.", "Welcome!", ""]
    assert np.allclose(again.probabilities(texts), shipped.probabilities(texts))
    assert again.version == shipped.version  # same bytes, same version
    description = folder / "privacy.json"
    description.write_text(description.read_text().replace('"format": 1', '"format": 1, "note": "edited"'))
    assert load_model(folder, "privacy").version != shipped.version  # a cache keyed on it is invalidated


class _RunsWhenUnpickled:
    """Unpickling this calls print(): a tampered model file must never get that far."""

    def __reduce__(self):
        return (print, ("unpickled!",))


@pytest.mark.parametrize("tamper", ["pickled-object-array", "missing-array", "not-a-zip"])
def test_a_damaged_or_tampered_model_file_is_refused_naming_it(tmp_path, capsys, tamper):
    data_folder = data_dir() / "model"
    (tmp_path / "clauses.json").write_bytes((data_folder / "clauses.json").read_bytes())
    npz = tmp_path / "clauses.npz"
    if tamper == "not-a-zip":
        npz.write_bytes(b"<html>not a model</html>")
    else:
        with np.load(data_folder / "clauses.npz", allow_pickle=False) as shipped:
            arrays = {name: shipped[name] for name in shipped.files}
        if tamper == "pickled-object-array":
            arrays["bias"] = np.array([_RunsWhenUnpickled()], dtype=object)
        else:
            del arrays["idf"]
        np.savez(npz, **arrays)
    with pytest.raises(ValueError, match="not a loadable linear model") as error:
        load_model(tmp_path, "clauses")
    assert str(tmp_path / "clauses") in str(error.value)
    assert "unpickled!" not in capsys.readouterr().out


def test_taxonomy_sources_say_which_categories_the_topic_model_serves():
    classifier = load_classifier()
    served = set(classifier.combine)
    for category in load_taxonomy():
        if category.unfair_tos:
            continue
        assert (category.source == "model+rules") == (category.id in served), category.id


def test_clauses_command_keeps_the_contract(tmp_path):
    lines = [{"text": "THE SERVICE IS PROVIDED AS IS."},
             {"text": "We may sell your order history to partners."},
             {"text": "Welcome to our service."}]
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(tmp_path), "clauses"],
                            input="".join(json.dumps(line) + "\n" for line in lines),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["text"] for a in answers] == [line["text"] for line in lines]
    assert set(answers[0]) == {"text", "labels", "scores"}
    assert answers[0]["labels"] == ["Limitation of liability"]
    assert "Selling your data" in answers[1]["labels"]
    assert answers[2]["labels"] == []
    taxonomy = load_taxonomy()
    assert set(answers[0]["scores"]) == {c.name for c in taxonomy}
    assert set(CONTRACT_NAMES) <= set(answers[0]["scores"])
    assert (data_dir() / "model" / "privacy.json").exists()


def test_the_topic_model_alone_labels_statements_not_headings_or_questions():
    from monitor.classify.clauses import judge_category

    statement = "We keep the information you give us for as long as your account stays open."
    assert judge_category(statement, [], True, "model") == ([statement], [])
    assert judge_category("We do not keep any of the information you give us after you leave.", [], True,
                          "model")[1]
    for heading in ("Data retention", "Q: How long do we keep the information that you give us?"):
        assert judge_category(heading, [], True, "model") == ([], [])
    assert judge_category(statement, [], False, "model") == ([], [])  # off topic: nothing
    assert judge_category(statement, [], True, "rules") == ([], [])   # rules alone ignore the model


class FixedTopicModel(ClauseModel, kind="fixed-topic-test"):
    """A topic model as unsure of every clause: the same probability for each label."""

    def __init__(self, probability: float, meta: dict):
        self.labels, self.probability, self.meta, self.version = list(meta["combine"]), probability, meta, "fixed1"

    def probabilities(self, texts):
        return np.full((len(texts), len(self.labels)), self.probability)


SHARING_RULE = "The service shares or discloses data with other companies (not users sharing themselves)."


@pytest.mark.parametrize("gate, ungated, caught", [
    ({"data_sharing": 0.2}, {}, True), ({}, {}, False), ({"data_sharing": 0.4}, {}, False),
    ({}, {"data_sharing": [SHARING_RULE]}, True),                          # a freed rule needs no gate
    ({}, {"data_sharing": ["Personal data transferred as an asset in a merger, sale or bankruptcy."]}, False),
])
def test_a_rule_hit_counts_from_the_category_gate_below_the_topic_threshold(gate, ungated, caught):
    """Mode "model": a rule hit counts once the topic probability reaches the category's gate
    (chosen on held-out services by train_privacy.py), or anywhere when its rule is freed from
    the gate (``ungated``, by note); the model alone only from 0.5."""
    shipped = load_classifier()
    unsure = FixedTopicModel(0.3, {"combine": {"data_sharing": "model"}, "gate": gate, "ungated": ungated})
    classifier = ClauseClassifier(shipped.model, load_taxonomy(), topic_models=(unsure,))
    sharing, vague = classifier.classify(["We share your personal information with advertising partners.",
                                          "Information about the things you do is part of what we hold."])
    assert ("data_sharing" in sharing.labels) == caught
    assert sharing.evidence.get("data_sharing", [""])[0] in sharing.text
    assert "data_sharing" not in vague.labels  # no rule hit: the model alone needs 0.5


def test_the_shipped_ungated_rules_exist():
    """The topic model names freed rules by their note: a renamed rule would silently be gated."""
    from monitor.classify.rules import RULES

    notes = {(rule.category, rule.note) for rule in RULES}
    for category, freed in load_classifier().ungated.items():
        assert all((category, note) in notes for note in freed), category
