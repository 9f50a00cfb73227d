"""Declarations (Open Terms Archive format) that point at a running demo server.

>>> import tempfile
>>> from monitor.declarations import load_catalogue
>>> folder = tempfile.mkdtemp()
>>> paths = write_declarations("http://127.0.0.1:8000", folder, bulk=3, hostile=True)
>>> catalogue = load_catalogue(folder)
>>> catalogue.errors, len(catalogue.services)
([], 8)
>>> catalogue.services["Chirper"].documents["Terms of Service"].url
'http://127.0.0.1:8000/chirper/legal/terms'
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Iterable

from .legal import PROFILES
from .pages import bulk_path, bulk_profile, doc_path
from .scenario import DOCUMENT_TYPES, HOSTILE_ENDPOINTS, HOSTILE_SERVICE, PRIVACY, TERMS

# Page furniture inside the article that is not legal text.
FURNITURE = [".legal-toc", ".share-tools", ".feedback-widget"]

# How each invented service's legal text is cut out of its pages: deliberately varied, as on
# real sites (one element, a list of elements, a declared tracking parameter).
SELECTORS = {
    "Chirper": {"select": "main article.legal", "remove": FURNITURE,
                "filter": [{"removeQueryParams": ["chirp_ref"]}]},
    "ShopVista": {"select": ["h1.doc-title", "p.updated", "div.doc-body"]},
    "PixelVault": {"select": "#legal-content", "remove": FURNITURE},
    "Stridely": {"select": "article.legal", "remove": FURNITURE},
    "Reelhouse": {"select": "main article", "remove": FURNITURE},
}
BULK_SELECTORS = {"select": "article.legal", "remove": FURNITURE}


def write_declarations(base_url: str, folder: str | os.PathLike, *,
                       services: Iterable[str] | None = None, bulk: int = 0,
                       hostile: bool = False) -> list[Path]:
    """Write one ``<Service ID>.json`` per service into ``folder``; return the paths.

    ``services`` limits the invented services written (default: all of them); ``bulk`` adds
    the first ``bulk`` synthetic documents, two per service (``bulk-00000`` holds documents
    0 and 1); ``hostile`` adds Glitchbox, whose documents each hit one hostile endpoint.
    Use the same ``bulk`` as the server's.
    """
    base_url = base_url.rstrip("/")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(PROFILES) if services is None else set(services)
    unknown = wanted - set(PROFILES)
    if unknown:
        raise ValueError(f"unknown demo service(s): {sorted(unknown)}; known: {sorted(PROFILES)}")
    declarations: dict[str, dict] = {}
    for service_id, profile in PROFILES.items():
        if service_id in wanted:
            declarations[service_id] = {"name": profile.name, "terms": {
                terms_type: {"fetch": base_url + doc_path(profile, terms_type), **SELECTORS[service_id]}
                for terms_type in DOCUMENT_TYPES}}
    for first in range(0, bulk, 2):
        terms = {TERMS: {"fetch": base_url + bulk_path(first), **BULK_SELECTORS}}
        if first + 1 < bulk:
            terms[PRIVACY] = {"fetch": base_url + bulk_path(first + 1), **BULK_SELECTORS}
        declarations[f"bulk-{first // 2:05d}"] = {
            "name": f"{bulk_profile(first).name} #{first // 2}", "terms": terms}
    if hostile:
        declarations[HOSTILE_SERVICE] = {"name": "Glitchbox (hostile endpoints)",
                                         "terms": _hostile_terms(base_url)}
    paths = []
    for service_id, declaration in declarations.items():
        path = folder / f"{service_id}.json"
        path.write_text(json.dumps(declaration, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _hostile_terms(base_url: str) -> dict:
    terms = {}
    for endpoint in HOSTILE_ENDPOINTS:
        url = base_url + endpoint["path"] if endpoint["path"] else f"http://127.0.0.1:{closed_port()}/terms"
        document = {"fetch": url}
        if not url.endswith(".pdf"):
            document.update(select="main article.legal", remove=FURNITURE)
        terms[endpoint["terms_type"]] = document
    return terms


def closed_port() -> int:
    """A loopback port where nothing listens (it was free a moment ago; connecting is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
