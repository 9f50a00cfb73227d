"""Services and documents: the catalogue of what is watched (tables ``services``,
``documents``)."""

from __future__ import annotations

import json
from typing import Iterable

from ..clock import now_iso
from .db import StoreError, placeholders, sha256_text


class CatalogueRecords:
    """Reads and writes of services and documents (a part of `Store`)."""

    def ensure_document(self, service_id: str, service_name: str, terms_type: str, url: str,
                        declaration: dict, declaration_sha256: str | None = None) -> int:
        """Create or update a service and one of its documents; returns the document id."""
        now = now_iso()
        decl_json = json.dumps(declaration, sort_keys=True)
        decl_sha = declaration_sha256 or sha256_text(decl_json)
        with self.db.conn:
            self.db.execute(
                "INSERT INTO services (id, name, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name", [service_id, service_name, now])
            self.db.execute(
                "INSERT INTO documents (service_id, terms_type, url, declaration, declaration_sha256, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(service_id, terms_type) DO UPDATE SET "
                "url = excluded.url, declaration = excluded.declaration, "
                "declaration_sha256 = excluded.declaration_sha256",
                [service_id, terms_type, url, decl_json, decl_sha, now])
            row = self.db.execute("SELECT id FROM documents WHERE service_id = ? AND terms_type = ?",
                                  [service_id, terms_type]).fetchone()
        return row[0]

    def sync_catalogue(self, catalogue, only: Iterable[str] = ()) -> dict[tuple[str, str], int]:
        """Register every document of a loaded `Catalogue`; returns {(service, type): id}."""
        ids = {}
        for doc in catalogue.documents(only):
            service = catalogue.services[doc.service_id]
            ids[(doc.service_id, doc.terms_type)] = self.ensure_document(
                doc.service_id, service.name, doc.terms_type, doc.url, doc.to_json(), doc.sha256)
        return ids

    def document(self, document_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
        if not rows:
            raise StoreError(f"no document with id {document_id}")
        return rows[0]

    def find_document(self, service_id: str, terms_type: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM documents WHERE service_id = ? AND terms_type = ?",
                                  [service_id, terms_type]))
        return rows[0] if rows else None

    def documents(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM documents ORDER BY service_id, terms_type"))

    def services(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM services ORDER BY id"))


    def service_documents(self, service_id: str) -> list[dict]:
        """A service's documents, by terms type."""
        return list(self.db.query("SELECT * FROM documents WHERE service_id = ? ORDER BY terms_type", [service_id]))

    def document_with_service_name(self, document_id: int) -> dict | None:
        rows = list(self.db.query("SELECT d.*, s.name AS service_name FROM documents d JOIN services s "
                                  "ON s.id = d.service_id WHERE d.id = ?", [document_id]))
        return rows[0] if rows else None

    def service_name(self, service_id: str) -> str | None:
        row = self.db.execute("SELECT name FROM services WHERE id = ?", [service_id]).fetchone()
        return row[0] if row else None

    def terms_types(self) -> list[str]:
        """Every terms type a document is declared with."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT terms_type FROM documents")]

    def last_captured_at(self, service_id: str) -> str | None:
        """When a document of the service was last captured (whatever the outcome)."""
        return self.db.execute("SELECT max(last_captured_at) FROM documents WHERE service_id = ?",
                               [service_id]).fetchone()[0]

    def service_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM services")]

    # -- bulk reads for the site (one query per table, grouped by the caller) --------------

    def all_services_brief(self) -> list[dict]:
        return list(self.db.query("SELECT id, name, added_at FROM services ORDER BY id"))

    def all_documents_brief(self, service_ids: list[str] | None = None) -> list[dict]:
        """Every document in brief (of ``service_ids`` only, when given), by service."""
        where, params = "", []
        if service_ids is not None:
            where, params = f"WHERE service_id IN ({placeholders(service_ids) or 'NULL'})", list(service_ids)
        return list(self.db.query(
            "SELECT id, service_id, terms_type, url, added_at, last_captured_at, last_outcome, failures_in_a_row "
            f"FROM documents {where} ORDER BY service_id, terms_type", params))

    def site_states(self) -> dict[str, list]:
        """{service id: [rows]}: what the site shows of each service, in brief, so that an
        incremental build can tell which services changed without reading them (the site's
        `monitor.site.skip`). Read from small columns only: counts, last ids and the
        timestamps every stage sets when it writes or rewrites a row (``computed_at``), never
        the texts, hunks or JSON bodies."""
        states: dict[str, list] = {row[0]: [tuple(row)] for row in self.db.execute(
            "SELECT id, name, added_at FROM services ORDER BY id")}
        service_of = {}
        for row in self.db.execute(
                "SELECT id, service_id, terms_type, url, declaration_sha256, added_at, last_captured_at, last_outcome,"
                " failures_in_a_row, last_success_at, recovered_at, recovered_after FROM documents ORDER BY id"):
            if row[1] in states:
                service_of[row[0]] = row[1]
                states[row[1]].append(("document", *row))
        per_document = (
            ("versions", "SELECT document_id, count(*), max(id), max(recorded_at), group_concat(not_document) "
                         "FROM versions GROUP BY document_id"),
            ("errors", "SELECT document_id, count(*), max(id) FROM fetch_errors GROUP BY document_id"),
            ("changes", "SELECT c.document_id, count(*), max(c.id), group_concat(c.id || ':' || c.substantive"
                        " || c.suspect || ifnull(c.suspect_status, '') || c.computed_at || length(c.reasons)"
                        " || ':' || ifnull(a.computed_at, '') || ifnull(a.model, '')) FROM changes c"
                        " LEFT JOIN assessments a ON a.change_id = c.id GROUP BY c.document_id ORDER BY c.document_id"),
            ("findings", "SELECT v.document_id, count(*), max(f.version_id), max(f.computed_at) FROM version_findings f"
                         " JOIN versions v ON v.id = f.version_id GROUP BY v.document_id ORDER BY v.document_id"),
        )
        for kind, sql in per_document:
            for row in self.db.execute(sql):
                if row[0] in service_of:
                    states[service_of[row[0]]].append((kind, *row))
        for row in self.db.execute("SELECT service_id, count(*), max(id), group_concat(at || score || grade) "
                                   "FROM scores GROUP BY service_id ORDER BY service_id"):
            if row[0] in states:
                states[row[0]].append(("scores", *row))
        # the latest score's reasons are shown whole (one row per service); stored against a
        # keyframe (`scores.reasons_base`), they are known by both rows' bytes
        for row in self.db.execute("SELECT s.service_id, s.reasons, k.reasons FROM scores s "
                                   "LEFT JOIN scores k ON k.id = s.reasons_base WHERE s.id IN "
                                   "(SELECT max(id) FROM scores GROUP BY service_id)"):
            if row[0] in states:
                states[row[0]].append(("reasons", *row))
        return states

    def service_ids_with_change_counts(self) -> list[tuple[str, int]]:
        """(service id, how many changes its documents have) of every service, by id."""
        return [tuple(row) for row in self.db.execute(
            "SELECT s.id, (SELECT count(*) FROM changes c JOIN documents d ON d.id = c.document_id"
            "             WHERE d.service_id = s.id) FROM services s ORDER BY s.id")]
