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
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .declarations import DeclarationError, load_service
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
    path: Path
    kind: str | None = None  # None: first/change decided by the store; or "reextraction"


@dataclass
class ImportReport:
    recorded: int = 0
    skipped: int = 0
    documents: int = 0
    services: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.recorded} versions imported, {self.skipped} already present, "
                f"{self.documents} documents of {self.services} services"
                + (f", {len(self.problems)} problems" if self.problems else ""))


def parse_timestamp(stem: str) -> str | None:
    """``2023-04-01T06-45-10Z`` (file name form) -> ``2023-04-01T06:45:10Z``."""
    match = TIMESTAMP.match(stem)
    if not match:
        return None
    day, hh, mm, ss = match.groups()
    return f"{day}T{hh}:{mm}:{ss}Z"


def scan_dataset(root: Path) -> list[OtaVersion]:
    """Every version of the dataset, in time order per document."""
    if not root.is_dir():
        raise ImportError_(f"{root}: not a folder")
    index_path = root / "INDEX.json"
    if index_path.is_file():
        return list(_versions_from_index(root, index_path))
    versions = []
    for service_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "declarations"):
        for type_dir in sorted(p for p in service_dir.iterdir() if p.is_dir()):
            for file in sorted(type_dir.glob("*.md")):
                at = parse_timestamp(file.stem)
                if at is None:
                    log.warning("%s: not named by a timestamp, skipped", file)
                    continue
                versions.append(OtaVersion(service_dir.name, type_dir.name, at, file))
    if not versions:
        raise ImportError_(f"{root}: no <service>/<terms type>/<timestamp>.md files found")
    return versions


def _versions_from_index(root: Path, index_path: Path) -> Iterator[OtaVersion]:
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
        entries = index["versions"]
    except (ValueError, KeyError, TypeError) as error:
        raise ImportError_(f"{index_path}: not a usable index ({error})")
    # time order, as the versions were fetched; the archive's commit order (seq) breaks ties
    for entry in sorted(entries, key=lambda e: (e["service"], e["terms_type"], e["timestamp"], e["seq"])):
        path = root / entry["file"]
        at = entry["timestamp"].replace("+00:00", "Z")
        kind = "reextraction" if entry.get("kind") == "technical_upgrade" else None
        yield OtaVersion(entry["service"], entry["terms_type"], at, path, kind)


def import_ota(store: Store, root: str | Path, *,
               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import every version under ``root``; returns what was recorded and skipped."""
    root = Path(root)
    versions = scan_dataset(root)
    report = ImportReport()
    names, urls = _declared_names_and_urls(root, report)
    documents: dict[tuple[str, str], int] = {}
    for done, version in enumerate(versions, 1):
        key = (version.service, version.terms_type)
        if key not in documents:
            documents[key] = store.ensure_document(
                version.service, names.get(version.service, version.service), version.terms_type,
                urls.get(key, ""), {"importedFrom": str(root)})
        try:
            text = version.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            report.problems.append(f"{version.path}: cannot read ({error})")
            continue
        if _already_imported(store, documents[key], version.recorded_at, text):
            report.skipped += 1
        else:
            try:
                recorded = store.record_version(documents[key], text, recorded_at=version.recorded_at,
                                                kind=version.kind, source="import-ota")
            except StoreError as error:  # e.g. older than versions a crawl recorded since
                report.problems.append(f"{version.path}: {error}")
                continue
            if recorded:
                report.recorded += 1
            else:
                report.skipped += 1
        if progress:
            progress(done, len(versions))
    report.documents = len(documents)
    report.services = len({s for s, _ in documents})
    return report


def _already_imported(store: Store, document_id: int, recorded_at: str, text: str) -> bool:
    """Is this text what the store already holds as the version in force at ``recorded_at``?"""
    digest = sha256_text(text)
    if store.db.execute("SELECT 1 FROM versions WHERE document_id = ? AND recorded_at = ? AND sha256 = ?",
                        [document_id, recorded_at, digest]).fetchone():
        return True
    in_force = store.db.execute(
        "SELECT sha256 FROM versions WHERE document_id = ? AND recorded_at <= ? "
        "ORDER BY recorded_at DESC, id DESC LIMIT 1", [document_id, recorded_at]).fetchone()
    return bool(in_force and in_force[0] == digest)


def _declared_names_and_urls(root: Path, report: ImportReport) -> tuple[dict, dict]:
    names, urls = {}, {}
    folder = root / "declarations"
    if not folder.is_dir():
        return names, urls
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".history.json"):
            continue
        try:
            service = load_service(path)
        except DeclarationError as error:
            report.problems.append(str(error))
            continue
        names[service.id] = service.name
        for terms_type, doc in service.documents.items():
            urls[(service.id, terms_type)] = doc.url
    return names, urls
