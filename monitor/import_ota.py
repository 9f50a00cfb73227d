"""Import an Open Terms Archive dataset folder as versions with their real dates.

The layout is that of an OTA dataset release::

    <service>/<terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md      one file per distinct version
    declarations/<service>.json                           optional: the service's name and URLs
    INDEX.json                                            optional: every recorded version

Each file becomes a version recorded at its file's timestamp. When ``INDEX.json`` is there
(as in ``../shared/corpus/ota``), it adds what the files alone cannot say: versions that
repeat earlier content (A→B→A flapping, no file of their own) and the archive's
re-extractions (``technical_upgrade``), imported as ``reextraction``.

Importing is idempotent: a version already in the store (same document, time and text) is
skipped, so re-running an import records nothing.

A dataset is untrusted: every path it names or holds (index entries, files, symlinked
folders) must stay inside it (`monitor.safepath`), and its names may not hold control
characters. Each entry is judged alone: a refused one records nothing and is listed in
``ImportReport.refused``; the rest import (docs/untrusted-data.md).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .clock import parse_iso, to_iso
from .declarations import DeclarationError, declaration_files, load_service
from .safepath import UnsafePath, read_bytes_inside, resolve_inside
from .safetext import check_name, escape
from .store import Store, StoreError, sha256_text

log = logging.getLogger("termswatch.import")

TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:--\d+)?$")


class ImportError_(ValueError):
    """The folder is not an OTA dataset (message names the path and the problem)."""


@dataclass(frozen=True)
class OtaVersion:
    service: str
    terms_type: str
    recorded_at: str        # ISO 8601 UTC
    file: str               # relative to the dataset folder, as the index or the scan found it
    entry: str              # where it was found, for errors ("ds/INDEX.json versions[3] (seq 3)")
    kind: str | None = None  # None: first/change decided by the store; or "reextraction"


@dataclass
class ImportReport:
    recorded: int = 0
    skipped: int = 0
    documents: int = 0
    services: int = 0
    problems: list[str] = field(default_factory=list)   # could not be recorded (e.g. unreadable)
    refused: list[str] = field(default_factory=list)    # hostile or malformed entries: nothing recorded
    notes: list[str] = field(default_factory=list)      # left out, but not a problem (e.g. a deleted file)
    up_to_date: bool = False                            # a versions repository with no new commit

    def summary(self) -> str:
        if self.up_to_date:
            return "already up to date: no new commit since the last import"
        return (f"{self.recorded} versions imported, {self.skipped} already present, "
                f"{self.documents} documents of {self.services} services"
                + (f", {len(self.refused)} entries refused" if self.refused else "")
                + (f", {len(self.problems)} problems" if self.problems else ""))


def parse_timestamp(stem: str) -> str | None:
    """``2023-04-01T06-45-10Z`` (file name form) -> ``2023-04-01T06:45:10Z``."""
    match = TIMESTAMP.match(stem)
    if not match:
        return None
    day, hh, mm, ss = match.groups()
    return f"{day}T{hh}:{mm}:{ss}Z"


def scan_dataset(root: Path, refused: list[str] | None = None) -> list[OtaVersion]:
    """Every version of the dataset: each document's versions together, in time order.

    Entries that are refused (a path leaving the folder, a name with control characters, a
    malformed index entry) are left out, with one line each appended to ``refused``.
    """
    refused = [] if refused is None else refused
    if not root.is_dir():
        raise ImportError_(f"{escape(str(root))}: not a folder")
    index_path = root / "INDEX.json"
    if index_path.is_file() or index_path.is_symlink():
        versions = list(_versions_from_index(root, index_path, refused))
    else:
        versions = list(_versions_from_folders(root, refused))
    if not versions and not refused:
        raise ImportError_(f"{escape(str(root))}: no <service>/<terms type>/<timestamp>.md files found")
    return versions


def _versions_from_folders(root: Path, refused: list[str]) -> Iterator[OtaVersion]:
    for service_dir in sorted(root.iterdir()):
        if service_dir.name.startswith(".") or service_dir.name == "declarations" or not service_dir.is_dir():
            continue
        if not _usable_folder(root, service_dir.name, refused):
            continue
        for type_dir in sorted(p for p in service_dir.iterdir() if p.is_dir()):
            relative = f"{service_dir.name}/{type_dir.name}"
            if not _usable_folder(root, relative, refused):
                continue
            for file in sorted(type_dir.glob("*.md")):
                at = parse_timestamp(file.stem)
                if at is None:
                    log.warning("%s: not named by a timestamp, skipped", file)
                    continue
                try:
                    resolve_inside(root, f"{relative}/{file.name}", entry=str(root))
                except UnsafePath as error:
                    refused.append(str(error))
                    continue
                yield OtaVersion(service_dir.name, type_dir.name, at, f"{relative}/{file.name}", str(root))


def _usable_folder(root: Path, relative: str, refused: list[str]) -> bool:
    """A service or terms-type folder: a name without control characters, really inside ``root``."""
    try:
        check_name(relative.rsplit("/", 1)[-1], "folder name")
        resolve_inside(root, relative, entry=str(root), kind="folder")
    except UnsafePath as error:
        refused.append(str(error))
        return False
    except ValueError as error:
        refused.append(f"{escape(str(root))}: {error}")
        return False
    return True


def _versions_from_index(root: Path, index_path: Path, refused: list[str]) -> Iterator[OtaVersion]:
    where = escape(str(index_path))
    try:
        index = json.loads(read_bytes_inside(root, "INDEX.json", entry=str(root)).decode("utf-8"))
        entries = index["versions"] if isinstance(index, dict) else None
        if not isinstance(entries, list):
            raise TypeError('"versions" is not a list')
    except UnsafePath as error:
        raise ImportError_(str(error))
    except (ValueError, KeyError, TypeError) as error:
        raise ImportError_(f"{where}: not a usable index ({escape(str(error))})")
    checked = []
    for position, entry in enumerate(entries):
        seq = entry.get("seq") if isinstance(entry, dict) else None
        label = f"{where} versions[{position}]" + (f" (seq {escape(repr(seq))})" if seq is not None else "")
        try:
            checked.append((position, seq if isinstance(seq, int) else 0, _index_entry(root, entry, label)))
        except UnsafePath as error:
            refused.append(str(error))
        except ValueError as error:
            refused.append(f"{label}: {error}")
    # time order, as the versions were fetched; the archive's commit order (seq) breaks ties
    checked.sort(key=lambda item: (item[2].service, item[2].terms_type, item[2].recorded_at, item[1], item[0]))
    for _, _, version in checked:
        yield version


def _index_entry(root: Path, entry: object, label: str) -> OtaVersion:
    """One ``versions`` entry of INDEX.json, checked: a ValueError says what is wrong with it,
    an `UnsafePath` that its file is refused."""
    if not isinstance(entry, dict):
        raise ValueError("expected an object")
    seq = entry.get("seq", 0)
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ValueError("seq: expected a whole number")
    fields = {}
    for name in ("service", "terms_type", "timestamp", "file"):
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name}: required non-empty string is missing")
        fields[name] = value
    check_name(fields["service"], "service")
    check_name(fields["terms_type"], "terms type")
    try:
        at = to_iso(parse_iso(fields["timestamp"]))
    except ValueError:
        raise ValueError(f"timestamp: not an ISO 8601 time: {escape(repr(fields['timestamp']))}")
    resolve_inside(root, fields["file"], entry=label)
    kind = "reextraction" if entry.get("kind") == "technical_upgrade" else None
    return OtaVersion(fields["service"], fields["terms_type"], at, fields["file"], label, kind)


def import_ota(store: Store, root: str | Path, *,
               progress: Callable[[int, int], None] | None = None,
               document_recorded: Callable[[int, int, int], None] | None = None) -> ImportReport:
    """Import every version under ``root``; returns what was recorded, skipped and refused.

    A refused entry records nothing (not even its document); the others still import.
    ``document_recorded(document id, versions recorded, their characters)`` is called once per
    document, when its versions are committed (`monitor.parallel.EarlyDiffs` starts its diff).
    """
    root = Path(root)
    report = ImportReport()
    versions = scan_dataset(root, report.refused)
    names, urls = _declared_names_and_urls(root, report)
    documents: dict[tuple[str, str], int] = {}
    current, recorded, chars = None, 0, 0     # the document being recorded, what it got so far

    def committed() -> None:
        if current in documents and document_recorded:
            batches.close()
            document_recorded(documents[current], recorded, chars)

    with _Batches(store) as batches:
        for done, version in enumerate(versions, 1):
            key = (version.service, version.terms_type)
            if key != current:   # scan_dataset gives each document's versions together
                committed()
                current, recorded, chars = key, 0, 0
            length = _import_one(store, root, version, documents, names, urls, report, batches)
            if length is not None:
                recorded, chars = recorded + 1, chars + length
            if progress:
                progress(done, len(versions))
        committed()
    report.documents = len(documents)
    report.services = len({s for s, _ in documents})
    return report


class _Batches:
    """Versions are recorded in transactions of a few hundred (a commit per version was a
    seventh of a big import's time); a new document is registered between two batches."""

    SIZE = 250

    def __init__(self, store: Store):
        self.store, self.open, self.count = store, None, 0

    def __enter__(self) -> "_Batches":
        return self

    def recorded(self) -> None:
        if self.open is None:
            self.open = self.store.batch()
            self.open.__enter__()
        self.count += 1
        if self.count % self.SIZE == 0:
            self.close()

    def close(self, *exc) -> None:
        if self.open is not None:
            self.open.__exit__(*(exc or (None, None, None)))
            self.open = None

    def __exit__(self, *exc) -> None:
        self.close(*exc)


def _import_one(store: Store, root: Path, version: OtaVersion, documents: dict, names: dict, urls: dict,
                report: ImportReport, batches: _Batches) -> int | None:
    """Record one version; returns its length in characters when it was recorded, else None."""
    key = (version.service, version.terms_type)
    try:  # checked again at the read: the file may have been swapped since the scan
        text = read_bytes_inside(root, version.file, entry=version.entry).decode("utf-8")
    except UnsafePath as error:
        report.refused.append(str(error))
        return None
    except UnicodeDecodeError:
        report.problems.append(f"{escape(version.entry)}: {escape(repr(version.file))}: not UTF-8 text")
        return None
    if key not in documents:
        batches.close()
        documents[key] = store.ensure_document(
            version.service, names.get(version.service, version.service), version.terms_type,
            urls.get(key, ""), {"importedFrom": str(root)})
    if already_imported(store, documents[key], version.recorded_at, text):
        report.skipped += 1
        return None
    batches.recorded()
    try:
        recorded = store.record_version(documents[key], text, recorded_at=version.recorded_at,
                                        kind=version.kind, source="import-ota")
    except StoreError as error:  # e.g. older than versions a crawl recorded since
        report.problems.append(f"{escape(version.entry)}: {escape(repr(version.file))}: {error}")
        return None
    if recorded:
        report.recorded += 1
        return len(text)
    report.skipped += 1
    return None


def already_imported(store: Store, document_id: int, recorded_at: str, text: str) -> bool:
    """Is this text what the store already holds as the version in force at ``recorded_at``?"""
    digest = sha256_text(text)
    if store.has_version(document_id, recorded_at, digest):
        return True
    in_force = store.version_in_force_at(document_id, recorded_at, columns="sha256")
    return bool(in_force and in_force["sha256"] == digest)


def _declared_names_and_urls(root: Path, report: ImportReport) -> tuple[dict, dict]:
    """Names and URLs from the dataset's ``declarations/`` folder (which must be inside it)."""
    names, urls = {}, {}
    if not (root / "declarations").is_dir():
        return names, urls
    try:
        folder = resolve_inside(root, "declarations", entry=str(root), kind="folder")
    except UnsafePath as error:
        report.refused.append(str(error))
        return names, urls
    paths, errors = declaration_files(folder)
    report.refused.extend(str(error) for error in errors)
    for path in paths:
        if path.name.endswith(".history.json"):  # superseded declarations: no name or URL to take
            continue
        try:
            service = load_service(path)
        except DeclarationError as error:  # its versions still import, named by their folder
            report.refused.append(str(error))
            continue
        names[service.id] = service.name
        for terms_type, doc in service.documents.items():
            urls[(service.id, terms_type)] = doc.url
    return names, urls
