"""Whether a service can be graded, and on what: the one place that decides it.

A grade is a claim about a service's terms. It is only made when the terms it rests on are
known: the service's main documents (its terms of service and privacy policy, where it
declares them) each have a current, *trusted* version (not a capture held as suspect, not a
link menu or an error page) in a language the classifier reads. Failure must never read as
virtue: a service whose documents cannot be captured is *unrated*, with the reason, not
graded on the little that is left.

Each document also says whether it is *stale*: never captured successfully, or not since
``stale_after_days`` (``data/scoring.toml``, ``[rating]``).

>>> from monitor.store import Store
>>> store = Store.open(":memory:")
>>> doc = store.ensure_document("Ex", "Example", "Privacy Policy", "https://ex.test/p", {})
>>> rating = rate_service(store, "Ex", now="2024-01-10T00:00:00Z")
>>> rating.rated, rating.reason
(False, 'its Privacy Policy has never been captured')
>>> _ = store.record_version(doc, "We collect the data you give us when you sign up. " * 20,
...                          recorded_at="2024-01-01T00:00:00Z")
>>> rating = rate_service(store, "Ex", now="2024-01-10T00:00:00Z")
>>> rating.rated, rating.documents[0].stale
(True, False)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

from .clock import now_iso, parse_iso
from .language import document_language
from .store import Store

LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch", "th": "Thai", "ja": "Japanese", "zh": "Chinese",
                  "ko": "Korean", "ru": "Russian", "pl": "Polish", "sv": "Swedish", "tr": "Turkish"}


@dataclass
class DocumentBasis:
    """What one document contributes to its service's grade."""

    document_id: int
    terms_type: str
    main: bool                       # one of the documents the grade must rest on
    version_id: int | None           # the current trusted version, if any
    version_at: str | None           # when that version was recorded
    last_success_at: str | None      # the last capture that worked, changed or not
    stale: bool
    language: str | None             # of the trusted version's text
    readable: bool                   # in a language the classifier reads
    problem: str | None = None       # a capture problem to show, in one line

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Rating:
    rated: bool
    reason: str | None               # why not rated, one line (None when rated)
    documents: list[DocumentBasis] = field(default_factory=list)

    @property
    def basis(self) -> list[DocumentBasis]:
        """The documents the grade rests on."""
        return [d for d in self.documents if d.version_id is not None and d.readable]


def rating_params(params: dict | None = None) -> dict:
    from .score import load_params

    rating = dict((params or load_params()).get("rating", {}))
    rating.setdefault("main_terms_types", ["Terms of Service", "Privacy Policy"])
    rating.setdefault("classifier_languages", ["en"])
    rating.setdefault("stale_after_days", 14)
    rating.setdefault("min_documents_with_text_share", 0.5)
    return rating


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "", code or "an unknown language")


def trusted_current_version(store: Store, document_id: int) -> dict | None:
    """The latest version that may stand as the document's terms in force."""
    return store.trusted_current_version(document_id)


def capture_problem(store: Store, document: dict) -> str | None:
    """The capture problem a reader (and an operator) should know of, if the latest capture
    had one: failures, a page that is not the document, another language, a broken capture
    awaiting confirmation."""
    if document.get("last_outcome") == "error":
        reason = store.latest_fetch_error_reason(document["id"])
        streak = document.get("failures_in_a_row") or 1
        return f"the last {streak} capture(s) failed" + (f": {reason}" if reason else "")
    row = store.latest_change_status(document["id"])
    if row is None and store.first_capture_problem(document["id"]):
        return "the first capture is not the document (a menu, a forum or an error page): kept out of the grade"
    if row and "suspect_other_language" in row[0] and row[1] in ("not_document", "pending"):
        return "the latest capture is in another language than the document's history"
    if row and row[1] == "not_document":
        return "the latest capture is not the document (a menu, an error or consent page): kept out of the grade"
    if row and row[1] == "pending":
        return "the latest capture looks broken and awaits confirmation"
    return None


def document_basis(store: Store, document: dict, *, main: bool, now: str, params: dict) -> DocumentBasis:
    current = trusted_current_version(store, document["id"])
    language = None
    if current is not None:
        language = document_language(store.version(current["id"])["text"])
    last_success = document.get("last_success_at")
    stale_after = timedelta(days=float(params["stale_after_days"]))
    stale = not last_success or parse_iso(now) - parse_iso(last_success) > stale_after
    return DocumentBasis(
        document_id=document["id"], terms_type=document["terms_type"], main=main,
        version_id=current["id"] if current else None, version_at=current["recorded_at"] if current else None,
        last_success_at=last_success, stale=stale, language=language,
        readable=language is None or language in params["classifier_languages"],
        problem=capture_problem(store, document))


def rate_service(store: Store, service_id: str, *, now: str | None = None, params: dict | None = None) -> Rating:
    """Decide whether ``service_id`` is graded now, and on which documents."""
    params = rating_params(params)
    now = now or now_iso()
    documents = store.service_documents(service_id)
    if not documents:
        return Rating(False, "no documents are declared")
    declared = {d["terms_type"] for d in documents}
    main_types = [t for t in params["main_terms_types"] if t in declared] or sorted(declared)
    bases = [document_basis(store, d, main=d["terms_type"] in main_types, now=now, params=params)
             for d in documents]
    for basis in bases:
        if basis.main and basis.version_id is None:
            verb = "has never been captured" if not basis.last_success_at else "has no trustworthy capture"
            return Rating(False, f"its {basis.terms_type} {verb}", bases)
    for basis in bases:
        if basis.main and not basis.readable:
            return Rating(False, f"its {basis.terms_type} is in {language_name(basis.language)}; "
                                 f"the classifier reads {', '.join(map(language_name, params['classifier_languages']))} "
                                 f"only", bases)
    with_text = sum(1 for b in bases if b.version_id is not None)
    if with_text < float(params["min_documents_with_text_share"]) * len(bases):
        return Rating(False, f"most of its documents could not be captured ({len(bases) - with_text} of "
                             f"{len(bases)})", bases)
    return Rating(True, None, bases)
