"""Writing declarations: ``add`` (a service in one command) and ``preview`` (what a capture
would extract now, like urlwatch's ``--test-filter``).

Both fetch through a real crawl (`monitor.capture.crawl`) into a scratch state directory that
is thrown away afterwards: the same Scrapy settings, robots.txt, network boundary (loopback and
private addresses refused unless ``TERMSWATCH_ALLOW_PRIVATE_NETWORKS=1``) and extraction as
``crawl``, so a preview prints exactly what a capture records, and nothing in the user's state
directory changes.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .capture import CaptureError, crawl, document_key
from .declarations import (PDF_URL, DeclarationError, Rules, ServiceDeclaration, load_catalogues,
                           load_service, parse_service)
from .extract import ExtractionError, Page, extract_document
from .extract.decode import content_kind, decode_body
from .propose import NoLegalText, propose
from .safetext import escape
from .store import Store
from .terms_types import load_vocabulary

# one page, fetched once: no politeness pause to wait for, one retry
SCRATCH_SETTINGS = {"DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1}


class AuthoringError(ValueError):
    """``add`` or ``preview`` cannot do what was asked; the message is one line."""

    def __init__(self, message: str):
        super().__init__(escape(message))


@dataclass
class Captured:
    """What a capture of one document gives now: its text, or why there is none."""

    terms_type: str
    text: str | None = None
    error: str | None = None
    pages: tuple[Page, ...] = ()


def capture_now(declaration: dict, service_id: str, terms_types: list[str] | None = None,
                settings: dict | None = None) -> list[Captured]:
    """Capture the documents of one service declaration (a JSON object) in a scratch home."""
    with tempfile.TemporaryDirectory(prefix="termswatch-preview-") as scratch, _quiet():
        folder = Path(scratch) / "declarations"
        folder.mkdir()
        (folder / f"{service_id}.json").write_text(json.dumps(declaration), encoding="utf-8")
        database = Path(scratch) / "scratch.db"
        Store.open(database).close()
        wanted = terms_types or sorted(declaration["terms"])
        try:
            crawl(database, [folder], [service_id], {**SCRATCH_SETTINGS, **(settings or {})},
                  documents=[document_key(service_id, t) for t in wanted])
        except CaptureError as error:  # a crawler that could not run at all
            raise AuthoringError(str(error))
        results = []
        with Store.open(database) as store:
            for terms_type in wanted:
                results.append(_captured(store, service_id, terms_type))
        return results


@contextmanager
def _quiet():
    """The scratch store's migrations and the crawl's progress are not the user's business
    (they still show with -vv)."""
    root = logging.getLogger()
    previous = root.level
    if root.getEffectiveLevel() > logging.DEBUG:
        root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(previous)


def _captured(store: Store, service_id: str, terms_type: str) -> Captured:
    document = store.find_document(service_id, terms_type)
    if document is None:
        return Captured(terms_type, error="not captured")
    pages = []
    while (snapshot := store.latest_snapshot(document["id"], len(pages))) is not None:
        pages.append(Page(store.snapshot_body(snapshot), snapshot.get("final_url") or snapshot["url"],
                          snapshot.get("content_type")))
    version = store.current_version(document["id"])
    if version is not None:
        return Captured(terms_type, text=version["text"], pages=tuple(pages))
    errors = store.fetch_errors(document["id"])
    return Captured(terms_type, error=errors[-1]["reason"] if errors else "nothing captured",
                    pages=tuple(pages))


# -- preview ---------------------------------------------------------------------------------

def find_service(folders: list[Path], name: str) -> ServiceDeclaration:
    catalogue = load_catalogues(folders)
    by_lower = {sid.lower(): sid for sid in catalogue.services}
    sid = name if name in catalogue.services else by_lower.get(name.lower())
    if sid is None:
        invalid = [e for e in catalogue.errors if Path(e.source).stem.lower() == name.lower()]
        if invalid:
            raise invalid[0]
        raise AuthoringError(f"no service {name!r} in {', '.join(map(str, folders))}")
    return catalogue.services[sid]


def preview(folders: list[Path], name: str, terms_type: str | None = None,
            settings: dict | None = None) -> list[Captured]:
    """What a capture of service ``name`` (one terms type, or all) would extract now."""
    service = find_service(folders, name)
    if service.terminated:
        raise AuthoringError(f"{service.id} is terminated (no current terms, only history)")
    if terms_type is not None and terms_type not in service.documents:
        raise AuthoringError(f"{service.id} declares no {terms_type!r} (it declares: "
                             f"{', '.join(sorted(service.documents))})")
    declaration = {"name": service.name,
                   "terms": {t: doc.to_json() for t, doc in service.documents.items()}}
    return capture_now(declaration, service.id, [terms_type] if terms_type else None, settings)


# -- add -------------------------------------------------------------------------------------

@dataclass
class Added:
    path: Path
    select: str | None
    remove: list[str]
    text: str


def add_service(folder: Path, name: str, url: str, terms_type: str, *, force: bool = False,
                settings: dict | None = None) -> Added:
    """Fetch ``url``, propose how to cut its legal text out, and write ``<folder>/<name>.json``
    (adding ``terms_type`` to it when the file already declares other terms types)."""
    vocabulary = load_vocabulary(folder)
    if terms_type not in vocabulary:
        raise AuthoringError(f"--type {terms_type!r} is not a terms type of OTA's vocabulary "
                             f"({vocabulary.source})")
    probe = {"name": name, "terms": {terms_type: {"fetch": url, "select": "body"}}}
    rules = Rules(strict=True, vocabulary=vocabulary)
    parse_service(probe, service_id=name, source=f"{name} {url}", rules=rules)  # name, URL
    path = folder / f"{name}.json"
    existing = _existing(path, terms_type, force)

    captured = capture_now(probe, name, [terms_type], settings)[0]
    if not captured.pages:
        raise AuthoringError(f"cannot fetch {url}: {captured.error}")
    page = captured.pages[0]
    try:
        kind = content_kind(page.body, page.content_type, page.url)
    except ExtractionError as error:
        raise AuthoringError(f"{url}: {error.reason}")
    if kind == "pdf":
        if not PDF_URL.match(url):
            raise AuthoringError(f"{url} is a PDF, but OTA declares PDFs only at URLs ending in .pdf")
        document, proposal_select, remove = {"fetch": url}, None, []
    elif kind == "html":
        try:
            proposal = propose(decode_body(page.body, page.content_type, page.url, html=True), page.url)
        except NoLegalText as error:
            raise AuthoringError(f"{url}: {error}; write the declaration by hand")
        proposal_select, remove = proposal.select, proposal.remove
        document = {"fetch": url, "select": proposal_select, **({"remove": remove} if remove else {})}
    else:
        raise AuthoringError(f"{url} is {kind}, not an HTML page or a PDF")

    declaration = {"name": existing.get("name", name),
                   "terms": {**existing.get("terms", {}), terms_type: document}}
    if "importedFrom" in existing:
        declaration["importedFrom"] = existing["importedFrom"]
    service = parse_service(declaration, service_id=name, source=str(path),
                            rules=Rules(strict=True, vocabulary=vocabulary))
    try:
        text = extract_document([page], service.documents[terms_type])
    except ExtractionError as error:
        raise AuthoringError(f"the proposed declaration extracts nothing from {url}: {error.reason}")
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(json.dumps(declaration, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return Added(path, proposal_select, remove, text)


def _existing(path: Path, terms_type: str, force: bool) -> dict:
    """The declaration already in ``path`` (so another terms type can join it), or {}."""
    if not path.exists():
        return {}
    if path.is_symlink() or not path.is_file():
        raise AuthoringError(f"{path}: exists and is not a regular file; not overwritten")
    try:
        service = load_service(path)
    except DeclarationError as error:
        if force:
            return {}
        raise AuthoringError(f"{error} (an invalid declaration is in the way; --force replaces it)")
    if terms_type in service.documents and not force:
        raise AuthoringError(f"{path} already declares {terms_type!r}; --force replaces it")
    return json.loads(path.read_text(encoding="utf-8-sig"))
