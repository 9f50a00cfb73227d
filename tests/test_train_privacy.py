"""scripts/train_privacy.py makes the privacy topic model reproducibly: the negatives a training
set aside (those its category's rules fired on) are recorded with the model, so the model can be
retrained from the same data after the rules have changed, and checked to be the same model.

The training runs on a small labels folder written here (ToS;DR-style quotes of ten services, a
few fair sentences), laid out as ``../shared/labels`` is; the shipped model's record is checked
against the real data."""

import json
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "train_privacy.py"
sys.path.insert(0, str(ROOT / "scripts"))

import train_privacy  # noqa: E402

# A sentence per category, varied by a few words: enough for every fold to hold positives of each.
STATEMENTS = {
    "class_action_waiver": "You waive any right to bring or join a class action against the company",
    "content_license": "You grant us a worldwide royalty free licence to use the content you post",
    "data_collection": "We collect your name email address and device identifiers when you register",
    "sensitive_data": "We process health information and biometric data such as your fingerprints",
    "data_sharing": "We share your personal information with third party partners and affiliates",
    "data_sale": "We sell your personal information to data brokers and other companies",
    "advertising": "We show you targeted advertising based on your interests and activity",
    "tracking": "We use cookies pixels and web beacons to track your browsing across websites",
    "data_retention": "We keep your personal data for as long as we need it even after you leave",
    "user_rights": "You can request access to correction of and deletion of your personal data",
    "government_access": "We disclose your data to law enforcement and government agencies on request",
}
FAIR = ["The service is provided by a company registered in {}",
        "Please read these terms carefully before you start to use the {} service",
        "These terms were last updated in {} and replace every earlier version",
        "If any provision of these terms is held invalid the rest stays in force in {}"]
PLACES = ["Ireland", "Delaware", "Ontario", "Bavaria", "Lyon", "Oslo", "Kyoto", "Perth"]


def write_labels(folder: Path) -> None:
    case_map = tomllib.loads((ROOT / "data" / "tosdr_case_map.toml").read_text(encoding="utf-8"))
    rng = random.Random(7)
    points = []
    for s in range(10):
        for category, statement in STATEMENTS.items():
            case = case_map[category].get("harm", []) or case_map[category]["protection"]
            for k in range(3):
                words = statement.split()
                words.insert(rng.randrange(len(words)), rng.choice(PLACES).lower())
                points.append({"service": f"service{s}", "case_title": case[0], "quote": " ".join(words) + "."})
        points.append({"service": f"service{s}", "case_title": "There is a date of the last update",
                       "quote": FAIR[s % 4].format(PLACES[s % 8]) + "."})
    (folder / "tosdr_points").mkdir(parents=True)
    (folder / "tosdr_points" / "points.jsonl").write_text("".join(json.dumps(p) + "\n" for p in points))
    fair = [{"text": FAIR[i % 4].format(PLACES[i % 8]).lower(), "labels": [], "doc": f"doc{i % 6}"} for i in range(48)]
    for name, file in (("unfair_tos", "train.jsonl"), ("claudette_2024_en", "all.jsonl")):
        (folder / name).mkdir()
        (folder / name / file).write_text("".join(json.dumps(r) + "\n" for r in fair))


def run(shared: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TERMSWATCH_SHARED": str(shared)}
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    shared = tmp_path_factory.mktemp("shared")
    write_labels(shared / "labels")
    out = shared / "model"
    result = run(shared, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return shared, out


def test_a_trained_model_records_what_it_set_aside_and_is_reproduced_from_it(trained, tmp_path):
    shared, model = trained
    meta = json.loads((model / "privacy.json").read_text())
    set_aside = meta["training_data"]["negatives_set_aside"]
    assert set(set_aside) == set(train_privacy.CATEGORIES) and len(meta["training_data"]["rows_sha256"]) == 64
    # The data protection sentence under "user_rights" fires the rules of other categories too:
    # those rows are taught as no negative of them.
    assert any(set_aside.values())

    result = run(shared, "--reproduce", str(model / "privacy.json"), "--out", str(tmp_path / "again"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reproduced:" in result.stdout
    assert (tmp_path / "again" / "privacy.npz").read_bytes() == (model / "privacy.npz").read_bytes()


def test_the_recorded_set_aside_is_what_the_retraining_uses(trained, tmp_path):
    """Rules that change after training change nothing in a reproduction; the record does."""
    shared, model = trained
    altered = tmp_path / "altered"
    altered.mkdir()
    meta = json.loads((model / "privacy.json").read_text())
    assert meta["labels"]  # the model won somewhere, so its weights are written
    _, _, truth, _ = train_privacy.load_data(shared / "labels", train_privacy.load_case_map(
        ROOT / "data" / "tosdr_case_map.toml"))
    kept = meta["labels"][0]
    meta["training_data"]["negatives_set_aside"][kept] = [i for i, t in enumerate(truth)
                                                         if not any(c == kept for c, _ in t)][::2]
    (altered / "privacy.json").write_text(json.dumps(meta))
    (altered / "privacy.npz").write_bytes((model / "privacy.npz").read_bytes())

    result = run(shared, "--reproduce", str(altered / "privacy.json"), "--out", str(tmp_path / "again"))
    assert result.returncode == 1
    assert "NOT reproduced: weights differ" in result.stdout


def test_a_model_is_not_reproduced_from_other_data(trained, tmp_path):
    shared, model = trained
    other = tmp_path / "shared"
    write_labels(other / "labels")
    points = other / "labels" / "tosdr_points" / "points.jsonl"
    points.write_text(points.read_text().replace("data brokers", "data traders", 1))

    result = run(other, "--reproduce", str(model / "privacy.json"), "--out", str(tmp_path / "again"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot be reproduced" in result.stderr
    assert str(model / "privacy.json") in result.stderr
    assert not (tmp_path / "again").exists()

    # the same quotes mapped to other cases are other data too
    remapped = tmp_path / "remapped"
    write_labels(remapped / "labels")
    points = remapped / "labels" / "tosdr_points" / "points.jsonl"
    case_map = tomllib.loads((ROOT / "data" / "tosdr_case_map.toml").read_text(encoding="utf-8"))
    mapped = (case_map["data_sale"].get("harm") or case_map["data_sale"]["protection"])[0]
    points.write_text(points.read_text().replace(json.dumps(mapped), json.dumps("There is a date of the last update"), 1))
    assert run(remapped, "--reproduce", str(model / "privacy.json"), "--out", str(tmp_path / "again")).returncode == 2


def test_reproduce_never_writes_over_the_shipped_model(tmp_path):
    result = run(ROOT.parent / "shared", "--reproduce", str(tmp_path / "privacy.json"))
    assert result.returncode == 2 and "--reproduce needs --out" in result.stderr


def test_the_shipped_model_records_the_data_it_was_trained_on(shared):
    """The shipped model can be retrained from ``../shared`` (the full run:
    ``train_privacy.py --reproduce data/model/privacy.json --out /tmp/privacy``, 70 s)."""
    from monitor.paths import data_dir

    shipped_path = data_dir() / "model" / "privacy.json"
    texts, groups, truth, is_quote = train_privacy.load_data(shared / "labels", train_privacy.load_case_map(
        data_dir() / "tosdr_case_map.toml"))
    set_aside = train_privacy.recorded_set_aside(json.loads(shipped_path.read_text()), shipped_path, texts, groups,
                                                 truth)
    y = np.array([[any(c == category for c, _ in t) for category in train_privacy.CATEGORIES] for t in truth])
    assert set_aside.any() and not (set_aside & (y == 1)).any()  # only negatives are set aside
