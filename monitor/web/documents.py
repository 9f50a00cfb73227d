"""Versions in full and diffs between any two versions, chosen by date.

A date in a link is either a version's exact ``recorded_at`` (``2024-03-01T06:00:00Z``) or
a day (``2024-03-01``) or moment, meaning the version in force then: the last one recorded at
or before it (the end of the day, for a day). Texts are shown as escaped text; diffs come
from `monitor.diff.compare` and its HTML renderer, which escapes every character of them.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timezone
import threading
from collections import OrderedDict

from flask import Blueprint, abort, render_template, request
from markupsafe import Markup

from ..clock import parse_iso, to_iso
from ..diff import compare, render_side_by_side_html
from ..store import Store
from .urls import diff_path, version_path, versions_path

documents = Blueprint("documents", __name__)

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def parse_when(text: str, what: str) -> str:
    """A date from a link as an ISO time in UTC (a day means its last second), or 400."""
    text = (text or "").strip()
    try:
        if DAY.match(text):
            day = datetime.strptime(text, "%Y-%m-%d").date()
            return to_iso(datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc))
        if MOMENT.match(text):
            return to_iso(parse_iso(text))
    except ValueError:
        pass
    abort(400, f"{what}: expected a date such as 2024-03-01 or 2024-03-01T06:00:00Z, got {text[:40]!r}")


def _document(store: Store, document_id: int) -> dict:
    document = store.document_with_service_name(document_id)
    if document is None:
        abort(404, f"No document has the number {document_id}.")
    return document


def _version_at(store: Store, document: dict, when: str, what: str) -> dict:
    """The version in force at ``when`` (an exact ``recorded_at`` finds that version)."""
    moment = parse_when(when, what)
    version = store.version_in_force_at(document["id"], moment)
    if version is None:
        abort(404, f"{what}: {document['service_name']} — {document['terms_type']} had no version yet on {moment}.")
    return version


def _text(store: Store, version_id: int) -> str:
    return store.version_text(version_id)


_DIFFS: OrderedDict = OrderedDict()
_DIFFS_LOCK = threading.Lock()
DIFFS_KEPT = 64


def _diff(store: Store, old: dict, new: dict) -> dict:
    """The rendered diff between two versions. Versions never change once recorded, so it
    is kept (the last few, by database and version ids) for the next visitor."""
    key = (str(_settings_database()), old["id"], new["id"])
    with _DIFFS_LOCK:
        if key in _DIFFS:
            _DIFFS.move_to_end(key)
            return _DIFFS[key]
    change = compare(_text(store, old["id"]), _text(store, new["id"]))
    rendered = {"side_by_side": Markup(render_side_by_side_html(change, old_label=f"Before ({old['recorded_at']})",
                                                                new_label=f"After ({new['recorded_at']})")),
                "substantive": change.substantive, "hunks": len(change.hunks)}
    with _DIFFS_LOCK:
        _DIFFS[key] = rendered
        while len(_DIFFS) > DIFFS_KEPT:
            _DIFFS.popitem(last=False)
    return rendered


def _settings_database():
    from .app import _settings
    return _settings().database


@documents.get("/versions/<int:document_id>")
def version_list(document_id: int):
    from .app import _store
    store = _store()
    document = _document(store, document_id)
    versions = store.versions(document_id)
    return render_template("versions.html.j2", document=document, versions=versions,
                           version_path=version_path, diff_path=diff_path(document_id))


@documents.get("/versions/<int:document_id>/<when>")
def version_page(document_id: int, when: str):
    from .app import _store
    store = _store()
    document = _document(store, document_id)
    version = _version_at(store, document, when, "date")
    versions = store.versions(document_id)
    position = next(i for i, v in enumerate(versions) if v["id"] == version["id"])
    previous = versions[position - 1] if position else None
    following = versions[position + 1] if position + 1 < len(versions) else None
    return render_template("version.html.j2", document=document, version=version, text=_text(store, version["id"]),
                           previous=previous, following=following, version_path=version_path,
                           versions_path=versions_path(document_id), diff_path=diff_path(document_id))


@documents.get("/diff/<int:document_id>")
def diff_page(document_id: int):
    from .app import _store
    store = _store()
    document = _document(store, document_id)
    if not request.args.get("from") or not request.args.get("to"):
        abort(400, "Give two dates: /diff/<document>?from=DATE&to=DATE")
    old = _version_at(store, document, request.args["from"], "from")
    new = _version_at(store, document, request.args["to"], "to")
    return render_template("diff.html.j2", document=document, old=old, new=new, same=old["id"] == new["id"],
                           diff=_diff(store, old, new), versions=store.versions(document_id),
                           version_path=version_path, versions_path=versions_path(document_id),
                           diff_path=diff_path(document_id))
