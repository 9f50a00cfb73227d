"""`termswatch import-ota PATH` where PATH is a git clone of an OTA versions repository.

The repositories are real git repositories built by the tests (our own texts, OTA-style commit
subjects and author dates), imported by the real command into a real SQLite store; one test
also reads a slice of the real contrib-versions mirror when this machine has it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.clock import parse_iso, to_iso
from monitor import ota_git
from monitor.ota_git import import_versions_repository
from monitor.store import Store

pytestmark = pytest.mark.slow

MIRROR = Path("/work/.mirror/OpenTermsArchive+contrib-versions/repo")

TERMS_A = "# Acme Terms\n\nYou may use Acme for any lawful purpose.\n"
TERMS_B = "# Acme Terms\n\nYou may use Acme for any lawful purpose.\n\nDisputes go to binding arbitration.\n"
TERMS_B_REFILTERED = "# Acme Terms\n\nYou may use Acme for any lawful purpose.\n\nDisputes go to binding arbitration.\n\n"
PRIVACY_1 = "# Acme Privacy\n\nWe keep your email address to send you receipts.\n"
PRIVACY_1_REFILTERED = "# Acme Privacy\n\nWe keep your **email address** to send you receipts.\n"
PRIVACY_2 = "# Acme Privacy\n\nWe keep your email address and may sell it to partners.\n"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "OTA Bot", "GIT_AUTHOR_EMAIL": "bot@example.test",
           "GIT_COMMITTER_NAME": "OTA Bot", "GIT_COMMITTER_EMAIL": "bot@example.test"}
    if date:  # as OTA's engine does: author and committer date are the snapshot's fetch date
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def commit(repo: Path, path: str, content: str | bytes, subject: str, date: str) -> str:
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    git(repo, "add", "--", path)
    git(repo, "commit", "-q", "--no-verify", "-m", subject, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def versions_repository(root: Path) -> Path:
    """An OTA-style versions repository: two documents, a technical upgrade and a refilter, and a
    change back to earlier content."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, "README.md", "# Versions of the Acme collection\n", "Add Readme", "2020-12-31T09:00:00Z")
    commit(root, "Acme/Terms of Service.md", TERMS_A, "First record of Acme Terms of Service", "2021-01-01T10:00:00Z")
    commit(root, "Acme/Privacy Policy.md", PRIVACY_1, "Start tracking Acme Privacy Policy", "2021-01-01T10:00:05Z")
    commit(root, "Acme/Terms of Service.md", TERMS_B, "Record new changes of Acme Terms of Service",
           "2021-03-01T08:30:00Z")
    commit(root, "Acme/Terms of Service.md", TERMS_B_REFILTERED,
           "Apply technical or declaration upgrade on Acme Terms of Service", "2021-03-01T08:30:00Z")
    commit(root, "Acme/Terms of Service.md", TERMS_A, "Update Acme Terms of Service", "2021-05-01T12:00:00Z")
    commit(root, "Acme/Privacy Policy.md", PRIVACY_1_REFILTERED, "Refilter Acme Privacy Policy",
           "2021-06-01T00:00:00Z")
    return root


def termswatch(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "-q", *args],
                          capture_output=True, text=True, timeout=300)


def history(home: Path) -> dict[str, list[tuple[str, str, str]]]:
    """{"service/terms type": [(recorded_at, kind, text), ...]} from the home's store."""
    with Store.open(home / "termswatch.db") as store:
        return {f"{doc['service_id']}/{doc['terms_type']}":
                [(v["recorded_at"], v["kind"], v["text"]) for v in store.versions(doc["id"], with_text=True)]
                for doc in store.documents()}


EXPECTED = {
    "Acme/Terms of Service": [("2021-01-01T10:00:00Z", "first", TERMS_A),
                              ("2021-03-01T08:30:00Z", "change", TERMS_B),
                              ("2021-03-01T08:30:00Z", "reextraction", TERMS_B_REFILTERED),
                              ("2021-05-01T12:00:00Z", "change", TERMS_A)],
    "Acme/Privacy Policy": [("2021-01-01T10:00:05Z", "first", PRIVACY_1),
                            ("2021-06-01T00:00:00Z", "reextraction", PRIVACY_1_REFILTERED)],
}


def test_each_commit_is_a_version_at_its_date_and_reruns_import_only_new_commits(tmp_path):
    repo = versions_repository(tmp_path / "versions")
    home = tmp_path / "home"

    first = termswatch(home, "import-ota", str(repo))
    assert first.returncode == 0, first.stderr
    assert "6 versions imported" in first.stdout
    assert history(home) == EXPECTED
    with Store.open(home / "termswatch.db") as store:   # the re-extractions are never changes
        reextracted = store.db.execute(
            "SELECT c.substantive, c.reasons FROM changes c JOIN versions v ON v.id = c.to_version_id "
            "WHERE v.kind = 'reextraction'").fetchall()
    assert len(reextracted) == 2 and all(s == 0 and "reextraction" in r for s, r in reextracted)

    again = termswatch(home, "import-ota", str(repo))
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stdout
    assert history(home) == EXPECTED

    commit(repo, "Acme/Privacy Policy.md", PRIVACY_2, "Record new changes of Acme Privacy Policy",
           "2021-07-01T06:00:00Z")
    third = termswatch(home, "import-ota", str(repo))
    assert third.returncode == 0, third.stderr
    assert "1 versions imported" in third.stdout
    assert history(home)["Acme/Privacy Policy"][-1] == ("2021-07-01T06:00:00Z", "change", PRIVACY_2)
    assert sum(len(v) for v in history(home).values()) == 7


def test_a_bare_clone_imports_the_same_versions(tmp_path):
    repo = versions_repository(tmp_path / "versions")
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(tmp_path / "bare.git")], check=True)
    result = termswatch(tmp_path / "home", "import-ota", str(tmp_path / "bare.git"))
    assert result.returncode == 0, result.stderr
    assert history(tmp_path / "home") == EXPECTED


def test_commits_dated_out_of_order_are_recorded_in_date_order(tmp_path, store):
    repo = tmp_path / "versions"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Acme/Terms of Service.md", TERMS_A, "First record of Acme Terms of Service", "2022-01-01T00:00:00Z")
    commit(repo, "Acme/Terms of Service.md", TERMS_B, "Update Acme Terms of Service", "2022-01-20T00:00:00Z")
    # recorded later, dated earlier (as in contrib-versions' history of January 2022)
    commit(repo, "Acme/Terms of Service.md", PRIVACY_2, "Update Acme Terms of Service", "2022-01-10T00:00:00Z")
    report = import_versions_repository(store, repo)
    assert (report.recorded, report.problems, report.refused) == (3, [], [])
    document = store.find_document("Acme", "Terms of Service")
    assert [(v["recorded_at"], v["kind"]) for v in store.versions(document["id"])] == [
        ("2022-01-01T00:00:00Z", "first"), ("2022-01-10T00:00:00Z", "change"), ("2022-01-20T00:00:00Z", "change")]


def test_a_rewritten_history_is_imported_again_idempotently(tmp_path, store):
    repo = versions_repository(tmp_path / "versions")
    assert import_versions_repository(store, repo).recorded == 6
    git(repo, "reset", "-q", "--hard", "HEAD~1")          # drop the refilter, as a force-push would
    commit(repo, "Acme/Privacy Policy.md", PRIVACY_2, "Record new changes of Acme Privacy Policy",
           "2021-07-01T06:00:00Z")
    report = import_versions_repository(store, repo)
    assert any("history was rewritten" in note for note in report.notes)
    assert (report.recorded, report.skipped, report.problems) == (1, 5, [])
    assert import_versions_repository(store, repo).up_to_date


def test_a_later_commit_dated_before_what_is_stored(tmp_path, store):
    """OTA re-extracts old snapshots too ("Refilter X" dated months back): in a later import that
    is a note, not a failure; a change dated in the past is a problem naming its commit."""
    repo = versions_repository(tmp_path / "versions")
    import_versions_repository(store, repo)
    commit(repo, "Acme/Terms of Service.md", TERMS_B + "\n", "Refilter Acme Terms of Service", "2021-02-01T00:00:00Z")
    changed = commit(repo, "Acme/Terms of Service.md", PRIVACY_2, "Update Acme Terms of Service",
                     "2021-02-02T00:00:00Z")
    report = import_versions_repository(store, repo)
    assert report.recorded == 0
    assert len(report.notes) == 1 and "a re-extraction dated 2021-02-01T00:00:00Z" in report.notes[0]
    assert len(report.problems) == 1 and f"commit {changed[:12]}" in report.problems[0]
    assert history(store_home(store)) == EXPECTED


def store_home(store: Store) -> Path:
    return Path(store.db.execute("PRAGMA database_list").fetchone()[2]).parent


# -- hostile repositories --------------------------------------------------------------------

def test_hostile_paths_and_contents_are_refused_one_line_each_and_the_rest_imports(tmp_path):
    repo = versions_repository(tmp_path / "versions")
    secret = tmp_path / "secret.txt"
    secret.write_text("password = hunter2-5f0c9e7a")
    (repo / "Evil").mkdir()
    os.symlink(secret, repo / "Evil" / "Terms of Service.md")
    git(repo, "add", "--", "Evil/Terms of Service.md")
    git(repo, "commit", "-q", "-m", "First record of Evil Terms of Service", date="2021-08-01T00:00:00Z")
    commit(repo, "Evil/Privacy Policy.md", b"caf\xe9 \xff\xfe", "First record of Evil Privacy Policy",
           "2021-08-02T00:00:00Z")
    commit(repo, "Evil/notes.txt", "not a version", "Update Evil notes", "2021-08-03T00:00:00Z")
    commit(repo, "Evil/deep/Terms.md", "too deep", "Update Evil deep", "2021-08-04T00:00:00Z")
    commit(repo, "Evil\nForged: yes/Terms of Service.md", "forged", "First record of Evil", "2021-08-05T00:00:00Z")
    bad_name = os.fsdecode(b"Evil/Caf\xe9 Policy.md")
    commit(repo, bad_name, "latin-1 name", "First record of Evil Caf", "2021-08-06T00:00:00Z")
    dotdot_commit = _commit_with_dotdot_path(repo, "Record new changes of Evil", "2021-08-07T00:00:00Z")

    result = termswatch(tmp_path / "home", "import-ota", str(repo))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 7, result.stderr
    assert all(str(repo) in line and "commit " in line for line in refused)
    for fragment in ("'Evil/Terms of Service.md': a symlink", "'Evil/Privacy Policy.md': not UTF-8 text",
                     "'Evil/notes.txt': not a <service>/<terms type>.md file",
                     "'Evil/deep/Terms.md': not a <service>/<terms type>.md file",
                     "holds a control or bidi character (U+000A)", "the path is not UTF-8",
                     f"commit {dotdot_commit[:12]} '../Terms of Service.md': service '..' is not a usable name"):
        assert any(fragment in line for line in refused), (fragment, result.stderr)
    assert history(tmp_path / "home") == EXPECTED                  # the good commits all imported
    stored = (tmp_path / "home" / "termswatch.db").read_bytes()
    assert b"hunter2" not in stored and b"Forged" not in stored


def test_a_version_larger_than_the_limit_is_refused_and_the_next_ones_still_read(tmp_path, store, monkeypatch):
    repo = versions_repository(tmp_path / "versions")
    commit(repo, "Acme/Terms of Service.md", "x" * 3_000_000, "Update Acme Terms of Service", "2021-07-01T00:00:00Z")
    commit(repo, "Acme/Terms of Service.md", TERMS_B, "Update Acme Terms of Service", "2021-08-01T00:00:00Z")
    monkeypatch.setattr(ota_git, "MAX_VERSION_BYTES", 1_000_000)
    report = import_versions_repository(store, repo)
    assert len(report.refused) == 1 and "larger than 1000000 bytes" in report.refused[0]
    document = store.find_document("Acme", "Terms of Service")
    assert [v["recorded_at"] for v in store.versions(document["id"])][-1] == "2021-08-01T00:00:00Z"
    assert report.recorded == 7


def _commit_with_dotdot_path(repo: Path, subject: str, date: str) -> str:
    """A commit whose tree holds a ``..`` entry (git refuses to create one from a work tree)."""
    file = repo / "payload.tmp"
    file.write_text("escaped\n")
    blob = git(repo, "hash-object", "-w", str(file)).strip()
    file.unlink()
    inner = _literal_tree(repo, [("100644", "Terms of Service.md", blob)])
    head_tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-z", head_tree], check=True,
                             capture_output=True).stdout.split(b"\0")
    entries = [(info.split()[0].decode().lstrip("0"), os.fsdecode(name), info.split()[2].decode())
               for info, _, name in (entry.partition(b"\t") for entry in listing if entry)]
    top = _literal_tree(repo, entries + [("40000", "..", inner)])
    sha = git(repo, "commit-tree", top, "-p", "HEAD", "-m", subject, date=date).strip()
    git(repo, "update-ref", "refs/heads/main", sha)
    return sha


def _literal_tree(repo: Path, entries: list[tuple[str, str, str]]) -> str:
    data = b"".join(f"{mode} ".encode() + os.fsencode(name) + b"\0" + bytes.fromhex(sha)
                    for mode, name, sha in sorted(entries, key=lambda e: os.fsencode(e[1]) + (b"/" if e[0] == "40000" else b"")))
    return subprocess.run(["git", "-C", str(repo), "hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
                          input=data, check=True, capture_output=True).stdout.decode().strip()


def test_a_folder_that_is_not_a_usable_git_repository_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").write_text("gitdir: /nowhere/at/all\n")
    result = termswatch(tmp_path / "home", "import-ota", str(broken))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "not a usable git repository" in lines[0], result.stderr


def test_a_dataset_folder_kept_in_git_is_still_read_as_a_dataset(tmp_path):
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    git(dataset, "init", "-q", "-b", "main")
    commit(dataset, "Acme/Terms of Service/2021-01-01T10-00-00Z.md", TERMS_A, "Add a release", "2022-01-01T00:00:00Z")
    commit(dataset, "INDEX.json", '{"versions": [{"service": "Acme", "terms_type": "Terms of Service", '
           '"timestamp": "2021-01-01T10:00:00Z", "file": "Acme/Terms of Service/2021-01-01T10-00-00Z.md"}]}',
           "Add the index", "2022-01-01T00:00:00Z")
    result = termswatch(tmp_path / "home", "import-ota", str(dataset))
    assert result.returncode == 0, result.stderr
    assert history(tmp_path / "home") == {"Acme/Terms of Service": [("2021-01-01T10:00:00Z", "first", TERMS_A)]}


# -- the real repository -----------------------------------------------------------------------

@pytest.mark.skipif(not MIRROR.is_dir(), reason="the contrib-versions mirror is not on this machine")
def test_the_first_300_commits_of_contrib_versions(tmp_path, store):
    """A bare repository borrowing the mirror's objects, its branch at the 300th commit."""
    commits = subprocess.run(["git", "-C", str(MIRROR), "rev-list", "--reverse", "--topo-order", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.split()
    slice_ = tmp_path / "slice.git"
    subprocess.run(["git", "init", "-q", "--bare", str(slice_)], check=True)
    (slice_ / "objects" / "info" / "alternates").write_text(f"{MIRROR / 'objects'}\n")
    subprocess.run(["git", "-C", str(slice_), "update-ref", "HEAD", commits[299]], check=True)

    report = import_versions_repository(store, slice_)
    assert (report.refused, report.problems) == ([], [])

    log = subprocess.run(["git", "-C", str(slice_), "log", "--no-merges", "--format=@%aI|%s", "--name-only"],
                         capture_output=True, text=True, check=True).stdout
    expected: dict[tuple[str, str], list[str]] = {}
    for line in filter(None, log.splitlines()):
        if line.startswith("@"):
            header = line[1:]
        elif "/" in line:                                 # not README.md, LICENSE
            service, terms_file = line.split("/")
            expected.setdefault((service, terms_file[:-3]), []).append(header)
    assert report.recorded + report.skipped == sum(len(v) for v in expected.values()) == 299
    for (service, terms_type), headers in expected.items():
        document = store.find_document(service, terms_type)
        versions = store.versions(document["id"])
        assert sorted(v["recorded_at"] for v in versions) == sorted(to_iso(parse_iso(h.split("|")[0])) for h in headers)
        refilters = sum(h.split("|", 1)[1].startswith(("Refilter", "Apply technical")) for h in headers)
        assert sum(v["kind"] == "reextraction" for v in versions) == refilters
