"""Termswatch's own captures as an Open Terms Archive dataset folder (``export --ota DIR``).

The layout is the one `monitor.import_ota` reads, so what Termswatch records can flow back
into OTA's ecosystem (and into another Termswatch)::

    <service>/<terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md    one file per version, re-extractions
                                                          included (``--2`` on a same-second clash)
    declarations/<service>.json                         the service's name and declarations, where known
    INDEX.json                                          every version: service, terms_type, seq,
                                                          timestamp, file, kind (first_record |
                                                          change | technical_upgrade), sha256, chars

The folder is written beside DIR and swapped in once complete, so a reader never sees half an
export; DIR may be absent, empty, or an earlier Termswatch export (which is replaced), never
another folder's content. Service and terms-type names come from data, so a name that cannot
be a single folder name (``..``, ``a/b``, control characters) is refused: that document is left
out, with one line naming it, and the rest is exported.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .clock import now_iso
from .declarations import DeclarationError, parse_service
from .safetext import check_name, escape
from .store import Store

GENERATOR = "termswatch"
OTA_KINDS = {"first": "first_record", "change": "change", "reextraction": "technical_upgrade"}
RESERVED_NAMES = {"declarations", "INDEX.json"}


class OtaExportError(ValueError):
    """DIR cannot receive the export (message names it and why)."""


@dataclass
class OtaExportReport:
    path: Path
    versions: int = 0
    documents: int = 0
    declarations: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"wrote {self.versions} versions of {self.documents} documents and {self.declarations} "
                f"declarations to {escape(str(self.path))}"
                + (f", {len(self.refused)} documents refused" if self.refused else ""))


def folder_name_problem(name: str) -> str | None:
    """Why ``name`` (from data) cannot be one folder of the export, or None."""
    if not name or name.strip() != name or name in (".", "..") or name.startswith("."):
        return "is not a usable folder name"
    if "/" in name or "\\" in name:
        return "holds a path separator"
    if name in RESERVED_NAMES:
        return "is a name the dataset layout reserves"
    try:
        check_name(name, "name")
    except ValueError as error:
        return str(error)
    return None


def version_file_name(recorded_at: str, taken: set[str]) -> str:
    """``2023-04-01T06:45:10Z`` -> ``2023-04-01T06-45-10Z.md`` (``--2``, ``--3``… if taken)."""
    stem = recorded_at.replace(":", "-")
    name, count = f"{stem}.md", 1
    while name in taken:
        count += 1
        name = f"{stem}--{count}.md"
    taken.add(name)
    return name


def export_ota(store: Store, out: str | os.PathLike) -> OtaExportReport:
    out = Path(out)
    _check_destination(out)
    scratch = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    report = OtaExportReport(out)
    try:
        scratch.mkdir(parents=True)
        index = _write_versions(store, scratch, report)
        report.declarations = _write_declarations(store, scratch, index["documents"])
        (scratch / "INDEX.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        _swap_in(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return report


def _check_destination(out: Path) -> None:
    if out.is_symlink():  # the swap would replace the link, not the folder it names
        raise OtaExportError(f"{escape(str(out))}: is a symlink; give the folder it points to")
    if out.exists() and not out.is_dir():
        raise OtaExportError(f"{escape(str(out))}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not _is_our_export(out):
        raise OtaExportError(f"{escape(str(out))}: not empty and not an earlier Termswatch OTA export; "
                             "choose an empty or new folder")


def _is_our_export(folder: Path) -> bool:
    try:
        return json.loads((folder / "INDEX.json").read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def _write_versions(store: Store, root: Path, report: OtaExportReport) -> dict:
    documents, entries = [], []
    for document in store.documents():
        service, terms_type = document["service_id"], document["terms_type"]
        problem = next((f"{what} {escape(repr(name))} {why}" for name, what in
                        ((service, "service"), (terms_type, "terms type"))
                        if (why := folder_name_problem(name))), None)
        if problem:
            report.refused.append(f"{escape(repr(service))} / {escape(repr(terms_type))}: {problem}; not exported")
            continue
        folder = root / service / terms_type
        folder.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for seq, version in enumerate(store.versions(document["id"], with_text=True)):
            name = version_file_name(version["recorded_at"], taken)
            (folder / name).write_text(version["text"], encoding="utf-8", newline="")
            entries.append({"service": service, "terms_type": terms_type, "seq": seq,
                            "timestamp": version["recorded_at"], "file": f"{service}/{terms_type}/{name}",
                            "kind": OTA_KINDS[version["kind"]], "sha256": version["sha256"],
                            "chars": version["chars"]})
            report.versions += 1
        documents.append({"service": service, "terms_type": terms_type, "url": document["url"],
                          "versions": len(taken)})
        report.documents += 1
    return {"description": "Versions recorded by Termswatch, in the layout of an Open Terms Archive dataset.",
            "generator": GENERATOR, "generated_at": now_iso(), "documents": documents, "versions": entries}


def _write_declarations(store: Store, root: Path, documents: list[dict]) -> int:
    """An OTA declaration per service whose documents have a URL: the stored declaration when it
    is one (a crawl's), else just the URL (an import's). Checked as ``import-ota`` will read it."""
    exported = {(d["service"], d["terms_type"]) for d in documents}
    names = {service["id"]: service["name"] for service in store.services()}
    terms_by_service: dict[str, dict] = {}
    for document in store.documents():
        key = (document["service_id"], document["terms_type"])
        if key not in exported or not document["url"]:
            continue
        declared = json.loads(document["declaration"] or "{}")
        body = declared if isinstance(declared, dict) and ("fetch" in declared or "combine" in declared) \
            else {"fetch": document["url"]}
        terms_by_service.setdefault(key[0], {})[key[1]] = body
    (root / "declarations").mkdir()
    written = 0
    for service, terms in sorted(terms_by_service.items()):
        declaration = {"name": names.get(service) or service, "terms": terms}
        try:
            parse_service(declaration, service)
        except DeclarationError:
            continue  # e.g. a URL that is not http(s): the versions are exported all the same
        (root / "declarations" / f"{service}.json").write_text(
            json.dumps(declaration, ensure_ascii=False, indent=2), encoding="utf-8")
        written += 1
    return written


def _swap_in(scratch: Path, out: Path) -> None:
    """Replace ``out`` (absent, empty or an earlier export) with the finished ``scratch``."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    try:
        scratch.rename(out)
    except BaseException:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
