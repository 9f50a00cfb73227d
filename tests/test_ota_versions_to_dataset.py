"""scripts/ota_versions_to_dataset.py: a real git repository of versions, in OTA's commit
conventions, becomes a dataset folder that import-ota reads with the commits' dates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from monitor.import_ota import import_ota
from monitor.store import Store

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ota_versions_to_dataset.py"


def commit(repo: Path, when: str, subject: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.test", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", subject], check=True, env=env)


def test_history_becomes_a_dataset_import_ota_reads(tmp_path):
    repo = tmp_path / "versions"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    a, b, c = "# Terms\n\nWe keep your data.\n", "# Terms\n\nWe sell your data.\n", "# Terms\n\nWe rent your data.\n"
    commit(repo, "2021-01-01T10:00:00+02:00", "First record of Acme Terms of Service", {"Acme/Terms of Service.md": a})
    commit(repo, "2021-02-01T08:00:00Z", "Record new changes of Acme Terms of Service", {"Acme/Terms of Service.md": b})
    commit(repo, "2021-02-01T08:00:00Z", "Record new changes of Acme Terms of Service", {"Acme/Terms of Service.md": c})
    commit(repo, "2021-02-02T08:00:00Z", "Record new changes of Acme Terms of Service", {"Acme/Terms of Service.md": a})
    commit(repo, "2021-03-01T00:00:00Z", "Apply technical or declaration upgrade on Acme Terms of Service",
           {"Acme/Terms of Service.md": a + "\n"})
    commit(repo, "2021-01-05T00:00:00Z", "Start tracking Zeta Privacy Policy", {"Zeta/Privacy Policy.md": "Privacy.\n",
                                                                               "README.md": "not a document"})
    out = tmp_path / "dataset"
    result = subprocess.run([sys.executable, str(SCRIPT), str(repo), str(out), "--services", "1"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["versions"] == 5
    index = json.loads((out / "INDEX.json").read_text(encoding="utf-8"))
    entries = index["versions"]
    assert [e["timestamp"] for e in entries] == ["2021-01-01T08:00:00Z", "2021-02-01T08:00:00Z",
                                                 "2021-02-01T08:00:00Z", "2021-02-02T08:00:00Z", "2021-03-01T00:00:00Z"]
    assert [e["kind"] for e in entries] == ["first_record", "change", "change", "change", "technical_upgrade"]
    # a repeated content writes no file; a same-second collision gets --2
    assert entries[3]["file"] == entries[0]["file"] and entries[3]["content_repeat_of"] == entries[0]["commit_sha"]
    assert entries[2]["file"] == "Acme/Terms of Service/2021-02-01T08-00-00Z--2.md"
    assert sorted(p.name for p in (out / "Acme" / "Terms of Service").iterdir()) == [
        "2021-01-01T08-00-00Z.md", "2021-02-01T08-00-00Z--2.md", "2021-02-01T08-00-00Z.md", "2021-03-01T00-00-00Z.md"]
    assert not (out / "Zeta").exists()          # --services 1: the first service by name only
    assert subprocess.run([sys.executable, str(SCRIPT), str(repo), str(out)], capture_output=True).returncode == 2

    store = Store.open(tmp_path / "db.sqlite")
    report = import_ota(store, out)
    assert (report.recorded, report.refused, report.problems) == (5, [], [])
    doc = store.find_document("Acme", "Terms of Service")
    versions = store.versions(doc["id"], with_text=True)
    assert [(v["recorded_at"], v["kind"], v["text"]) for v in versions] == [
        ("2021-01-01T08:00:00Z", "first", a), ("2021-02-01T08:00:00Z", "change", b),
        ("2021-02-01T08:00:00Z", "change", c), ("2021-02-02T08:00:00Z", "change", a),
        ("2021-03-01T00:00:00Z", "reextraction", a + "\n")]
