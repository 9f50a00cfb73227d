"""The declarations' data model: what a loaded declaration is (`monitor.declarations` loads
and checks them, and re-exports everything here)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .clock import parse_iso
from .safetext import escape


class DeclarationError(ValueError):
    """A declaration is wrong: which file, which field, and why."""

    def __init__(self, source: str, field: str, reason: str):
        self.source, self.field, self.reason = source, field, reason
        where = f"{source}: {field}" if field else source
        super().__init__(escape(f"{where}: {reason}"))  # one line, whatever the file name holds


class DeclarationErrors(DeclarationError):
    """Several problems in one file; ``errors`` lists them, the message is the first."""

    def __init__(self, errors: list[DeclarationError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.source, first.field, first.reason
                         + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))


@dataclass(frozen=True)
class RangeSelector:
    """A slice of the page between two elements (OTA's range selector)."""

    start_before: str | None = None
    start_after: str | None = None
    end_before: str | None = None
    end_after: str | None = None

    def to_json(self) -> dict:
        keys = {"startBefore": self.start_before, "startAfter": self.start_after,
                "endBefore": self.end_before, "endAfter": self.end_after}
        return {k: v for k, v in keys.items() if v is not None}


Selector = "str | RangeSelector"


@dataclass(frozen=True)
class Filter:
    """A named extraction filter, with its arguments when the declaration gives some."""

    name: str
    args: Any = None

    def to_json(self) -> Any:
        return self.name if self.args is None else {self.name: self.args}


@dataclass(frozen=True)
class PageDeclaration:
    """One page to fetch and how to cut the legal text out of it."""

    fetch: str
    select: tuple = ()
    remove: tuple = ()
    filters: tuple[Filter, ...] = ()
    execute_client_scripts: bool = False

    def to_json(self) -> dict:
        out: dict[str, Any] = {"fetch": self.fetch}
        if self.select:
            out["select"] = [_selector_json(s) for s in self.select]
        if self.remove:
            out["remove"] = [_selector_json(s) for s in self.remove]
        if self.filters:
            out["filter"] = [f.to_json() for f in self.filters]
        if self.execute_client_scripts:
            out["executeClientScripts"] = True
        return out


@dataclass(frozen=True)
class DocumentDeclaration:
    """One tracked document (a terms type of a service): one page, or several combined."""

    service_id: str
    terms_type: str
    pages: tuple[PageDeclaration, ...]
    valid_until: str | None = None

    @property
    def url(self) -> str:
        return self.pages[0].fetch

    def to_json(self) -> dict:
        if len(self.pages) == 1:
            return self.pages[0].to_json()
        return {"combine": [p.to_json() for p in self.pages]}

    @property
    def sha256(self) -> str:
        """A fingerprint of what extraction depends on; a new one means re-extract."""
        canonical = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class ServiceDeclaration:
    id: str
    name: str
    documents: dict[str, DocumentDeclaration]
    history: dict[str, list[DocumentDeclaration]] = field(default_factory=dict)
    path: Path | None = None
    warnings: list[DeclarationError] = field(default_factory=list)

    @property
    def terminated(self) -> bool:
        """No current document, only history (OTA's ``"terms": {}``)."""
        return not self.documents

    def declaration_at(self, terms_type: str, when: datetime) -> DocumentDeclaration | None:
        """The declaration in force at ``when``: the earliest history entry whose
        ``validUntil`` is at or after it (inclusive, as the engine reads it), else the current
        one (None for a terms type that was dropped or a service that was terminated)."""
        for old in sorted(self.history.get(terms_type, []), key=lambda d: _parse_time(d.valid_until)):
            if when <= _parse_time(old.valid_until):
                return old
        return self.documents.get(terms_type)


@dataclass
class Catalogue:
    """Every valid service of a declarations folder, plus the errors of the invalid ones."""

    services: dict[str, ServiceDeclaration]
    errors: list[DeclarationError]
    root: Path | None = None
    warnings: list[DeclarationError] = field(default_factory=list)

    def documents(self, only: Iterable[str] = ()) -> list[DocumentDeclaration]:
        wanted = set(only)
        return [doc for sid, svc in sorted(self.services.items())
                if not wanted or sid in wanted
                for _, doc in sorted(svc.documents.items())]


def _selector_json(selector) -> Any:
    return selector.to_json() if isinstance(selector, RangeSelector) else selector


def _parse_time(text: str) -> datetime:
    return parse_iso(text)
