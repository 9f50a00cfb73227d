"""What the spider yields: one item per document per capture, fetched or failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.declarations import DocumentDeclaration


@dataclass(frozen=True)
class CaptureTarget:
    """A document to capture, prepared by `monitor.capture` from the store and catalogue."""

    document_id: int
    declaration: DocumentDeclaration
    # per page: {"ETag": ..., "Last-Modified": ...} of its latest snapshot, for conditional requests
    validators: tuple[dict, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.declaration.service_id} / {self.declaration.terms_type}"


@dataclass
class FetchedPage:
    url: str                 # as declared
    final_url: str           # after redirects
    status: int
    headers: dict
    body: bytes | None       # None when the server answered 304 Not Modified
    fetched_at: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        return self.headers.get("Content-Type")


@dataclass
class DocumentFetched:
    target: CaptureTarget
    pages: list[FetchedPage]
    fetched_at: str
    # filled in by the pipelines, step by step
    snapshots: list[dict] = field(default_factory=list)
    text: str | None = None
    outcome: str | None = None      # first | change | unchanged | error
    version_id: int | None = None
    error: dict | None = None       # {"kind", "reason"} when extraction failed


@dataclass
class DocumentFailed:
    target: CaptureTarget
    kind: str                # a stable code: http_status, timeout, connection_refused, ...
    reason: str              # one line for people
    url: str
    at: str
    status: int | None = None
    outcome: str | None = None
