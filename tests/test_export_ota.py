"""`termswatch export --ota DIR`: the store's versions as an OTA dataset folder that `import-ota`
reads back into the same versions (times, texts, kinds).

Real stores (SQLite files), the real command in a child process, real files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.import_ota import import_ota
from monitor.store import Store

from test_import_ota_git import EXPECTED, history, versions_repository

pytestmark = pytest.mark.slow

SLICE = ("WhatsApp",)


def termswatch(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "-q", *args],
                          capture_output=True, text=True, timeout=300)


def corpus_slice(corpus: Path, folder: Path) -> Path:
    """The shared corpus's WhatsApp documents as a dataset of their own (files, declaration, index)."""
    index = json.loads((corpus / "INDEX.json").read_text(encoding="utf-8"))
    index["versions"] = [v for v in index["versions"] if v["service"] in SLICE]
    for version in index["versions"]:
        target = folder / version["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / version["file"], target)
    (folder / "declarations").mkdir()
    for service in SLICE:   # the declaration and its history, as in the corpus
        for name in (f"{service}.json", f"{service}.history.json"):
            shutil.copyfile(corpus / "declarations" / name, folder / "declarations" / name)
    (folder / "INDEX.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def documents(home: Path) -> dict[str, tuple[str, str]]:
    with Store.open(home / "termswatch.db") as store:
        names = {s["id"]: s["name"] for s in store.services()}
        return {f"{d['service_id']}/{d['terms_type']}": (names[d["service_id"]], d["url"]) for d in store.documents()}


def test_the_corpus_round_trips_through_an_ota_export(ota_corpus, tmp_path):
    first, second, out = tmp_path / "first", tmp_path / "second", tmp_path / "ota"
    with Store.open(first / "termswatch.db") as store:
        report = import_ota(store, corpus_slice(ota_corpus, tmp_path / "slice"))
    assert report.recorded > 20 and not report.refused

    result = termswatch(first, "export", "--ota", str(out))
    assert result.returncode == 0, result.stderr
    with Store.open(second / "termswatch.db") as store:
        again = import_ota(store, out)
    assert (again.refused, again.problems, again.recorded) == ([], [], report.recorded)

    original = history(first)
    assert history(second) == original
    kinds = {kind for versions in original.values() for _, kind, _ in versions}
    assert kinds == {"first", "change", "reextraction"}
    assert documents(second) == documents(first)
    assert all(url.startswith("https://www.whatsapp.com/") for _, url in documents(second).values())

    index = json.loads((out / "INDEX.json").read_text(encoding="utf-8"))
    technical = [v for v in index["versions"] if v["kind"] == "technical_upgrade"]
    assert len(technical) == sum(k == "reextraction" for vs in original.values() for _, k, _ in vs)
    for entry in index["versions"]:   # one file per version, named by its time
        assert (out / entry["file"]).is_file()
        assert Path(entry["file"]).name.startswith(entry["timestamp"].replace(":", "-")[:-1])


def test_a_versions_repository_exports_to_a_dataset_with_the_same_versions(tmp_path):
    repo = versions_repository(tmp_path / "versions")
    first, second, out = tmp_path / "first", tmp_path / "second", tmp_path / "ota"
    assert termswatch(first, "import-ota", str(repo)).returncode == 0
    assert termswatch(first, "export", "--ota", str(out)).returncode == 0
    # two versions of Acme's terms share a second (a change and its technical upgrade)
    assert sorted(p.name for p in (out / "Acme" / "Terms of Service").iterdir()) == [
        "2021-01-01T10-00-00Z.md", "2021-03-01T08-30-00Z--2.md", "2021-03-01T08-30-00Z.md",
        "2021-05-01T12-00-00Z.md"]
    with Store.open(second / "termswatch.db") as store:
        assert import_ota(store, out).recorded == 6
    assert history(second) == EXPECTED


def test_names_that_are_not_folder_names_are_refused_and_nothing_is_written_outside(tmp_path):
    home = tmp_path / "home"
    with Store.open(home / "termswatch.db") as store:
        for service in ("Good", "../../escaped", "Evil\nLine"):
            doc = store.ensure_document(service, service, "Privacy Policy", "", {})
            store.record_version(doc, f"Text of {service}.", recorded_at="2024-01-01T00:00:00Z")
    out = tmp_path / "deep" / "er" / "ota"
    result = termswatch(home, "export", "--ota", str(out))
    assert result.returncode == 2
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 2 and "'../../escaped'" in refused[0] + refused[1], result.stderr
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "deep" / "escaped").exists()
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.md")] == ["Good/Privacy Policy/2024-01-01T00-00-00Z.md"]


def test_an_existing_folder_is_replaced_only_when_it_is_an_earlier_export(tmp_path):
    repo = versions_repository(tmp_path / "versions")
    home, out = tmp_path / "home", tmp_path / "ota"
    assert termswatch(home, "import-ota", str(repo)).returncode == 0

    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    result = termswatch(home, "export", "--ota", str(foreign))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = termswatch(home, "export", "--ota", str(link))
    assert result.returncode == 2 and "is a symlink" in result.stderr and not (tmp_path / "elsewhere").exists()

    assert termswatch(home, "export", "--ota", str(out)).returncode == 0
    (out / "Acme" / "Stale Policy").mkdir()
    (out / "Acme" / "Stale Policy" / "2020-01-01T00-00-00Z.md").write_text("left from before")
    assert termswatch(home, "export", "--ota", str(out)).returncode == 0   # replaced whole
    assert not (out / "Acme" / "Stale Policy").exists()
    assert len(json.loads((out / "INDEX.json").read_text())["versions"]) == 6
