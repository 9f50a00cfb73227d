"""scripts/compare_exports.py and scripts/check_unchanged.py on a real import of one service."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def apple(ota_corpus: Path, tmp_path_factory) -> tuple[Path, Path]:
    """(a one-service OTA dataset, its export made by the current code)."""
    root = tmp_path_factory.mktemp("apple")
    dataset = root / "ota"
    shutil.copytree(ota_corpus / "Apple", dataset / "Apple")
    home, export = root / "home", root / "export.json"
    for step in (["import-ota", str(dataset)], ["export", "--json", str(export)]):
        subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *step],
                       check=True, capture_output=True)
    return dataset, export


def compare(a: Path, b: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / "compare_exports.py"), str(a), str(b)],
                          capture_output=True, text=True)


def test_identical_exports_exit_0(apple):
    _, export = apple
    result = compare(export, export)
    assert result.returncode == 0, result.stdout
    assert "ignored fields: nothing" in result.stdout
    assert result.stdout.rstrip().endswith("identical")


def test_every_kind_of_difference_is_reported(apple, tmp_path):
    _, export = apple
    data = json.loads(export.read_text())
    service = data["services"][0]
    change = next(c for c in service["documents"][0]["changes"] if c["evidence"])
    change["direction"] = "better" if change["direction"] != "better" else "worse"
    change["categories"] = change["categories"] + ["invented"]
    change["evidence"][0]["text"] = "not what was quoted"
    change["imposed"]["notice_days"] = 999
    change["confidence"] = 1 if change["confidence"] != 1 else 0   # an int where a float was
    removed = service["documents"][0]["versions"].pop()
    service["reasons"][0]["points"] += 0.5
    service["history"][0]["grade"] = "Z"
    service["score"] = (service["score"] or 0) + 1
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))

    result = compare(export, changed)
    assert result.returncode == 1
    out = result.stdout
    assert out.rstrip().endswith("DIFFERENT")
    for heading in ("services:", "history:", "reasons:", "versions:", "changes:", "evidence:"):
        assert f"\n{heading}\n" in out
    for field in ("direction: 1 differ", "categories: 1 differ", "text: 1 differ",
                  "imposed.notice_days: 1 differ", "confidence: 1 differ", "points: 1 differ",
                  "grade: 1 differ", "score: 1 differ"):
        assert field in out, field
    assert f"only in A: 1, e.g. Apple / Privacy Policy / {removed['recorded_at']}" in out
    assert "-> 999" in out


def test_not_an_export_is_one_line_and_exit_2(apple, tmp_path):
    _, export = apple
    for content in ("{not json", '{"services": "nope"}', '{"services": ["a string"]}'):
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        result = compare(export, bad)
        assert result.returncode == 2, content
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_check_unchanged_reimports_and_compares(apple, tmp_path):
    dataset, export = apple
    script = [sys.executable, str(SCRIPTS / "check_unchanged.py"), "--corpus", str(dataset)]
    same = subprocess.run(script + ["--reference", str(export)], capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.rstrip().endswith("identical")

    data = json.loads(export.read_text())
    data["services"][0]["documents"][0]["versions"][0]["sha256"] = "0" * 64
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    different = subprocess.run(script + ["--reference", str(other)], capture_output=True, text=True)
    assert different.returncode == 1
    assert "sha256: 1 differ" in different.stdout
