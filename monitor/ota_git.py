"""Import an Open Terms Archive *versions repository* (a git clone, e.g. ``contrib-versions``).

OTA's engine records each version as one commit touching one ``<service>/<terms type>.md``
file, dated (author and committer date) with the fetch of the snapshot it came from, and
titled by what it is::

    "First record of X" / "Start tracking X"         the first version of a document
    "Record new changes of X" / "Update X"           a change at the source
    "Apply technical or declaration upgrade on X"    a re-extraction after a declaration or
    / "Refilter X"                                   engine change, not a change at the source

Each such commit becomes a version at its author date; technical upgrades become versions of
kind ``reextraction``, never changes. Other commits (the README, a merge) are not records,
as for OTA's engine. A document's commits are recorded in date order, the repository's order
breaking ties, as OTA's engine reads them: its history holds commits whose dates are out of step
with their position (history replayed in 2022, refilters of old snapshots).

Re-running imports only what is new: the store remembers the last imported commit of each
repository (its absolute git directory). If that commit is no longer in the history of HEAD
(a force-push), every commit is read again; what the store already holds is skipped, so the
re-import is idempotent.

The repository is untrusted: a path must be ``<service>/<terms type>.md`` with neither part
empty, ``.`` or ``..``, nor holding control characters; the file must be a regular file
(a symlink or submodule is refused) and UTF-8 text. Each refused commit is one line naming the
commit and path; the others still import. Files at the top of the repository (README.md,
LICENSE) and in hidden top-level folders (.github) are the repository's own, and ignored.
git runs with an argument list (never a shell), without replace refs, pager or signatures.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .clock import now_iso, parse_iso, to_iso
from .import_ota import ImportError_, ImportReport, already_imported
from .safetext import check_name, escape
from .store import Store, StoreError

CHANGE_PREFIXES = ("First record of", "Start tracking", "Record new changes of", "Update")
TECHNICAL_UPGRADE_PREFIXES = ("Apply technical or declaration upgrade on", "Refilter")
MAX_VERSION_BYTES = 50_000_000   # the largest real OTA versions are a few MB
GIT_TIMEOUT = 3600

# Repository configuration must not change what we read: no replaced objects, no signature
# output mixed into the log, no re-encoded subjects, no pager.
GIT = ["git", "--no-pager", "--no-replace-objects", "-c", "log.showSignature=false",
       "-c", "i18n.logOutputEncoding=UTF-8", "-c", "core.quotePath=false"]
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass(frozen=True)
class Commit:
    sha: str
    authored_at: str | None   # ISO 8601 UTC: OTA's fetch date (None: git's date was unusable)
    subject: str
    changes: list[tuple[str, str, str, bytes]]   # (mode, blob sha, status, path) per file


@dataclass(frozen=True)
class GitVersion:
    service: str
    terms_type: str
    recorded_at: str
    kind: str | None          # None: first/change, decided by the store; or "reextraction"
    blob: str
    commit: str
    position: int             # in the repository's (topological) order
    where: str                # "repo: commit 1a2b3c4d 'Svc/Terms.md'", for messages


def looks_like_git_repository(path: str | os.PathLike) -> bool:
    """A working clone (``.git`` inside) or a bare repository (``HEAD``, ``objects``, ``refs``),
    unless it holds an ``INDEX.json``: then it is a dataset folder that happens to be in git."""
    path = Path(path)
    if (path / "INDEX.json").exists():
        return False
    return (path / ".git").exists() or all((path / name).exists() for name in ("HEAD", "objects", "refs"))


class VersionsRepository:
    """A git clone of an OTA versions repository, read with ``git`` in child processes."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.label = escape(str(path))
        self.git_dir = self._git("rev-parse", "--absolute-git-dir").decode("utf-8", "replace").strip()
        top = Path(self.git_dir) if self._bare() else Path(self._git("rev-parse", "--show-toplevel").decode().strip())
        if top.resolve() != self.path.resolve():
            # e.g. a dataset folder that happens to sit inside some other git checkout
            raise ImportError_(f"{self.label}: not the top of a git repository (that is {escape(str(top))})")

    def _git(self, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
        try:
            result = subprocess.run([*GIT, "-C", str(self.path), *args], input=stdin, capture_output=True,
                                    timeout=GIT_TIMEOUT, env={**os.environ, **GIT_ENV})
        except FileNotFoundError:
            raise ImportError_(f"{self.label}: cannot read a git repository: the git command is not installed")
        except subprocess.TimeoutExpired:
            raise ImportError_(f"{self.label}: git {args[0]} took longer than {GIT_TIMEOUT} s")
        if check and result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
            raise ImportError_(f"{self.label}: not a usable git repository ({escape(reason[-1])})")
        return result.stdout

    def _bare(self) -> bool:
        return self._git("rev-parse", "--is-bare-repository").strip() == b"true"

    def head(self) -> str | None:
        """The commit HEAD names, or None for a repository without commits."""
        out = self._git("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        return out.decode() if out else None

    def contains(self, ancestor: str, head: str) -> bool:
        """Is ``ancestor`` a commit in the history of ``head``? (False if it no longer exists.)"""
        return subprocess.run([*GIT, "-C", str(self.path), "merge-base", "--is-ancestor", ancestor, head],
                              capture_output=True, timeout=GIT_TIMEOUT,
                              env={**os.environ, **GIT_ENV}).returncode == 0

    def commits(self, head: str, since: str | None = None) -> Iterator[Commit]:
        """Every non-merge commit up to ``head`` (after ``since``), oldest first, with its files."""
        revisions = f"{since}..{head}" if since else head
        out = self._git("log", "--reverse", "--topo-order", "--no-merges", "-z", "--raw", "--no-renames",
                        "--no-abbrev", "--format=%H%x00%aI%x00%s", revisions, "--")
        tokens = out.split(b"\0")
        position = 0
        # Each commit: three header fields, then per file one ":<modes> <shas> <status>" token and
        # one path token. Paths are taken by position, so no path can pass for a header.
        while position + 3 <= len(tokens) and tokens[position]:
            sha, date, subject = tokens[position:position + 3]
            position += 3
            changes = []
            while position + 1 < len(tokens) and tokens[position].lstrip(b"\n").startswith(b":"):
                _, new_mode, _, new_blob, status = tokens[position].lstrip(b"\n")[1:].decode().split(" ")
                changes.append((new_mode, new_blob, status, tokens[position + 1]))
                position += 2
            try:
                authored_at = to_iso(parse_iso(date.decode()))
            except ValueError:   # a crafted commit: the import refuses its files
                authored_at = None
            yield Commit(sha.decode(), authored_at, subject.decode("utf-8", "replace"), changes)


class BlobReader:
    """Blob contents by sha, through one ``git cat-file --batch`` process."""

    def __init__(self, repository: VersionsRepository):
        self.process = subprocess.Popen([*GIT, "-C", str(repository.path), "cat-file", "--batch"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env={**os.environ, **GIT_ENV})

    def read(self, blob: str) -> bytes | None:
        """The blob's bytes, or None when it is larger than `MAX_VERSION_BYTES` (then skipped unkept)."""
        self.process.stdin.write(blob.encode() + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise ImportError_(f"git object {blob}: not a readable blob ({escape(repr(header))})")
        size = int(header[2])
        if size > MAX_VERSION_BYTES:
            left = size + 1                          # drain it, and its newline, 1 MB at a time
            while left:
                left -= len(self.process.stdout.read(min(1 << 20, left))) or left
            return None
        data = self.process.stdout.read(size)
        self.process.stdout.read(1)
        return data

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def __enter__(self) -> "BlobReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def record_kind(subject: str) -> tuple[bool, str | None]:
    """(is it an OTA record?, the version kind to record: None for first/change, or "reextraction")."""
    if subject.startswith(TECHNICAL_UPGRADE_PREFIXES):
        return True, "reextraction"
    return subject.startswith(CHANGE_PREFIXES), None


def versions_of(commits: Iterator[Commit], label: str, report: ImportReport) -> list[GitVersion]:
    """The versions the commits record, checked; refusals and skips are added to ``report``."""
    versions = []
    for position, commit in enumerate(commits):
        is_record, kind = record_kind(commit.subject)
        for mode, blob, status, raw_path in commit.changes:
            where = f"{label}: commit {commit.sha[:12]} {escape(repr(raw_path.decode('utf-8', 'replace')))}"
            try:
                path = raw_path.decode("utf-8")
            except UnicodeDecodeError:
                report.refused.append(f"{where}: the path is not UTF-8")
                continue
            parts = path.split("/")
            if len(parts) == 1 or (len(parts) == 2 and parts[0].startswith(".") and parts[0] not in (".", "..")):
                continue  # the repository's own files: README.md, LICENSE, .github/...
            problem = _path_problem(parts, mode) or (None if commit.authored_at else "the author date is unusable")
            if problem:
                report.refused.append(f"{where}: {problem}")
                continue
            if status == "D":
                report.notes.append(f"{where}: deleted (no version to record; earlier versions are kept)")
                continue
            if not is_record:
                report.notes.append(f"{where}: not an OTA record ({escape(repr(commit.subject[:80]))}), skipped")
                continue
            versions.append(GitVersion(parts[0], parts[1][:-len(".md")], commit.authored_at, kind, blob,
                                       commit.sha, position, where))
    return versions


def _path_problem(parts: list[str], mode: str) -> str | None:
    if len(parts) != 2 or not parts[1].endswith(".md"):
        return "not a <service>/<terms type>.md file"
    service, terms_type = parts[0], parts[1][:-len(".md")]
    for name, what in ((service, "service"), (terms_type, "terms type")):
        if name in ("", ".", "..") or name.strip() != name or "\\" in name:
            return f"{what} {escape(repr(name))} is not a usable name"
        try:
            check_name(name, what)
        except ValueError as error:
            return str(error)
    if mode == "120000":
        return "a symlink, not a file"
    if mode not in ("100644", "100755", "000000"):
        return f"not a regular file (git mode {escape(mode)})"
    return None


def import_versions_repository(store: Store, path: str | os.PathLike, *,
                               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import the commits of the versions repository at ``path`` not imported before."""
    repository = VersionsRepository(path)
    report = ImportReport()
    head = repository.head()
    if head is None:
        raise ImportError_(f"{repository.label}: the repository has no commits")
    cursor = store.ota_import_cursor(repository.git_dir)
    since = cursor["last_commit"] if cursor else None
    if since and not repository.contains(since, head):
        report.notes.append(f"{repository.label}: the history was rewritten since the last import (commit "
                            f"{since[:12]} is gone): reading every commit again; versions already stored are skipped")
        since = None
    if since == head:
        report.up_to_date = True
        return report
    versions = versions_of(repository.commits(head, since), repository.label, report)
    # in time order per document (OTA's history has commits dated out of step with their place)
    versions.sort(key=lambda v: (v.service, v.terms_type, v.recorded_at, v.position))
    documents: dict[tuple[str, str], int] = {}
    with BlobReader(repository) as blobs:
        for done, version in enumerate(versions, 1):
            _import_one(store, blobs, version, documents, str(path), report)
            if progress:
                progress(done, len(versions))
    store.set_ota_import_cursor(repository.git_dir, head, now_iso())
    report.documents = len(documents)
    report.services = len({service for service, _ in documents})
    return report


def _import_one(store: Store, blobs: BlobReader, version: GitVersion, documents: dict, source: str,
                report: ImportReport) -> None:
    data = blobs.read(version.blob)
    if data is None:
        report.refused.append(f"{version.where}: larger than {MAX_VERSION_BYTES} bytes")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        report.refused.append(f"{version.where}: not UTF-8 text")
        return
    key = (version.service, version.terms_type)
    if key not in documents:  # a document already known (crawled, imported before) keeps its declaration
        existing = store.find_document(*key)
        service_name = store.service_name(version.service)
        documents[key] = existing["id"] if existing else store.ensure_document(
            version.service, service_name or version.service, version.terms_type, "",
            {"importedFrom": source})
    if already_imported(store, documents[key], version.recorded_at, text):
        report.skipped += 1
        return
    try:
        recorded = store.record_version(documents[key], text, recorded_at=version.recorded_at,
                                        kind=version.kind, source="import-ota")
    except StoreError as error:  # dated before a version already recorded (an earlier import, a crawl)
        if version.kind == "reextraction":  # OTA re-extracts old snapshots too: nothing changed at the source
            report.notes.append(f"{version.where}: a re-extraction dated {version.recorded_at}, before the "
                                "latest version stored: left out (a full import into a fresh home places it)")
        else:
            report.problems.append(f"{version.where}: {escape(str(error))}")
        return
    if recorded:
        report.recorded += 1
    else:
        report.skipped += 1
