"""The JSON export: the data in the shape ``../shared/CONTRACT.md`` fixes.

>>> from monitor.store import Store
>>> store = Store.open(":memory:")
>>> doc = store.ensure_document("Ex", "Example", "Privacy Policy", "https://ex.test/p", {})
>>> _ = store.record_version(doc, "Hello.", recorded_at="2024-01-01T00:00:00Z")
>>> version = export_data(store)["services"][0]["documents"][0]["versions"][0]
>>> version["recorded_at"], version["kind"], version["chars"]
('2024-01-01T00:00:00Z', 'first', 6)

Later stages add fields; these never change or go away.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .store import Store

EXPORT_FORMAT = 1


def export_data(store: Store) -> dict:
    services = []
    documents_by_service: dict[str, list[dict]] = {}
    for document in store.documents():
        documents_by_service.setdefault(document["service_id"], []).append(_document(store, document))
    for service in store.services():
        services.append({
            "id": service["id"],
            "name": service["name"],
            "documents": documents_by_service.get(service["id"], []),
        })
    return {"format": EXPORT_FORMAT, "services": services}


def _document(store: Store, document: dict) -> dict:
    return {
        "terms_type": document["terms_type"],
        "url": document["url"],
        "versions": [{"recorded_at": v["recorded_at"], "kind": v["kind"], "sha256": v["sha256"],
                      "chars": v["chars"]} for v in store.versions(document["id"])],
        "errors": [{"at": e["at"], "reason": e["reason"], "kind": e["kind"]}
                   for e in store.fetch_errors(document["id"])],
    }


def write_json(store: Store, path: str | os.PathLike) -> Path:
    """Write the export atomically: readers never see a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".tmp")
    with open(scratch, "w", encoding="utf-8") as out:
        json.dump(export_data(store), out, ensure_ascii=False, indent=1)
    os.replace(scratch, path)
    return path
