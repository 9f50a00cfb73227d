"""The site's pages: what each one shows (its context), its fingerprint, how it renders.

`site_pages` turns the loaded `SiteData` into `Page` objects for `output.publish`. The
context of every page except change pages is plain data computed up front, and the page's
fingerprint is a digest of it; change pages also show their hunks, which are loaded only
for the pages actually rendered, and are fingerprinted by the change's row plus a digest of
its hunks.

Templates are in ``templates/`` (Jinja2, autoescaped: captured text is always escaped);
`markup` builds the few HTML fragments made in Python.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Iterator

from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import __version__
from ..paths import data_dir, scoring_method
from . import urls
from .change_pages import assign_pages, change_page, cosmetic_group_page
from .data import PageHunks, SiteData, load_change_details, load_hunk_heads, load_page_hunks
from .excerpts import MAX_COSMETIC, MAX_SUBSTANTIVE
from .output import Page, fingerprint
from .render import PACKAGE_DIR, render
from .service_page import service_page
from .words import category_name

log = logging.getLogger(__name__)

DEFAULT_GRADES = {"A": 80, "B": 65, "C": 50, "D": 35}

# The pre-sorted variants of the index (sorting needs no script): file, sort key, caption.
INDEX_SORTS = [
    ("index.html", "score", "by score, lowest first"),
    ("by-name.html", "name", "by name"),
    ("by-trend.html", "trend", "by trend, biggest drop first"),
    ("by-change.html", "change", "by last substantive change, newest first"),
]
# The index's columns, and the variant each heading links to.
INDEX_COLUMNS = [("Service", "by-name.html"), ("Grade", None), ("Score", "index.html"),
                 ("Trend", "by-trend.html"), ("Last substantive change", "by-change.html")]


def site_version(taxonomy: dict) -> str:
    """A digest of everything besides the data that shapes the pages: this package's code,
    templates and CSS, the diff renderer and the taxonomy. Any edit rebuilds every page."""
    digest = hashlib.sha1(__version__.encode())
    sources = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css"))
    sources += [PACKAGE_DIR.parent / "feeds.py", PACKAGE_DIR.parent / "diff" / "render.py",
                PACKAGE_DIR.parent / "views.py"]
    for source in sources:
        if source.is_file():
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    digest.update(fingerprint(taxonomy).encode())
    return digest.hexdigest()


# -- hunks, loaded a batch at a time ---------------------------------------------------------

PAGE_DETAILS = ("evidence",)   # the `data.DETAIL_FIELDS` pages and feeds show


class HunkCache:
    """What the pages about to be rendered show beyond the change rows: each change's
    details (evidence...) and the hunks its page shows. `output.publish` calls `prepare`
    with each batch of pages; their data is then read `CHANGES_AT_ONCE` changes at a time,
    in the order the pages render (a change's shown hunks can hold whole clauses of a
    document, so a whole batch's at once can weigh hundreds of megabytes)."""

    CHANGES_AT_ONCE = 50

    def __init__(self, store):
        self.store = store
        self.details: dict[int, dict] = {}
        self.pages: dict[int, PageHunks] = {}
        self.queue: list[int] = []               # the changes of the batch's pages, in their order
        self.place: dict[int, list[int]] = {}    # where each is in the queue
        self.cursor = 0

    def prepare(self, pages: list[Page]) -> None:
        self.queue = [change_id for page in pages for change_id in page.changes]
        self.place = {}
        for index, change_id in enumerate(self.queue):
            self.place.setdefault(change_id, []).append(index)
        self.cursor = 0
        self.details, self.pages = {}, {}

    def _load_for(self, change_id: int) -> None:
        """Read ``change_id``'s data and that of the changes queued after it (dropping
        what was read before). A change can be queued by several pages (its own, feeds):
        the first place at or after the pages being rendered is the one meant."""
        places = self.place.get(change_id)
        if places:
            start = next((i for i in places if i >= self.cursor), places[0])
            self.cursor = start
            wanted = set(self.queue[start:start + self.CHANGES_AT_ONCE]) | {change_id}
        else:
            wanted = {change_id}
        self.details, self.pages = {}, {}
        self._load(wanted)

    def _load(self, change_ids: set[int]) -> None:
        # Pages and feeds show a change's evidence, never its per-hunk assessments: those are
        # the bigger JSON of the two, and parsing them was a tenth of a full build.
        details = load_change_details(self.store, change_ids, PAGE_DETAILS)
        positions = {change_id: {item["hunk"] for item in d["evidence"]
                                 if isinstance(item, dict) and isinstance(item.get("hunk"), int)}
                     for change_id, d in details.items()}
        self.details.update(details)
        self.details.update({i: {"evidence": []} for i in change_ids if i not in details})
        self.pages.update(load_page_hunks(self.store, change_ids, MAX_SUBSTANTIVE, positions, per_other=MAX_COSMETIC))
        self.pages.update({i: PageHunks() for i in change_ids if i not in self.pages})

    def whole(self, change: dict) -> dict:
        """The change row with its `PAGE_DETAILS`."""
        if change["id"] not in self.details:
            self._load_for(change["id"])
        return {**change, **self.details[change["id"]]}

    def shown(self, change_id: int) -> PageHunks:
        if change_id not in self.pages:
            self._load_for(change_id)
        return self.pages[change_id]

    def heads(self, change_ids: list[int], per_change: int) -> dict[int, tuple[list[dict], int]]:
        """The first ``per_change`` hunks of each change and its number of hunks."""
        return load_hunk_heads(self.store, change_ids, per_change)


# -- the pages -------------------------------------------------------------------------------

def prepare_changes(data: SiteData) -> dict[int, list[dict]]:
    """Give each change of ``data`` its ``page``, ``category_names`` and ``summary`` (what
    lists of changes show); return the cosmetic changes grouped on one page, by document."""
    grouped = assign_pages(data)
    for change in data.changes:
        change["category_names"] = [category_name(c, data.taxonomy) for c in change["categories"]]
        change["summary"] = _change_summary(change)
    return grouped


def site_pages(data: SiteData, grouped: dict[int, list[dict]], hunks: HunkCache, version: str, *,
               app_url: str | None = None, feed_entries=None) -> Iterator[Page]:
    """The pages of the services in ``data``, one at a time: each service's page, its
    changes' pages and its documents' cosmetic group pages. ``grouped`` comes from
    `prepare_changes`. ``feed_entries`` (a `monitor.feeds.EntryContent`): the changes that
    their documents' feeds carry have their entries made as their pages render."""
    from ..feeds import FEED_ENTRIES  # here: monitor.feeds imports this package

    grouped_ids = {c["id"] for changes in grouped.values() for c in changes}
    in_feeds = set()
    if feed_entries is not None:   # a service's feeds carry none but these (the newest of each document)
        for document_changes in data.changes_by_document.values():
            in_feeds.update([c["id"] for c in document_changes if c["reportable"]][-FEED_ENTRIES:])
    grades = _grades()
    for service in data.services:
        yield service_page(data, service, version, grades, app_url)
    for document_id, document_changes in data.changes_by_document.items():
        if document_id in grouped:
            yield cosmetic_group_page(data, grouped[document_id], hunks, version)
        for index, change in enumerate(document_changes):
            if change["id"] in grouped_ids:
                continue
            previous = document_changes[index - 1] if index else None
            following = document_changes[index + 1] if index + 1 < len(document_changes) else None
            yield change_page(data, change, previous, following, hunks, version, app_url,
                              feed_entries if change["id"] in in_feeds else None)


def index_pages(rows: list[dict], feeds: list[dict], version: str) -> list[Page]:
    """The index, in each of its orders; ``rows`` from `index_rows` of every service."""
    return [_index_page(path, key, caption, rows, feeds, version) for path, key, caption in INDEX_SORTS]


def stylesheet() -> Page:
    css = (PACKAGE_DIR / "static" / "site.css").read_bytes()
    return Page(urls.STYLESHEET, hashlib.sha1(css).hexdigest(), lambda: css)


def _change_summary(change: dict) -> dict:
    """The few fields lists of changes show (index, timeline, pager)."""
    keys = ("id", "to", "terms_type", "substantive", "suspect", "suspect_status", "assessed", "direction",
            "severity", "page", "group_page", "category_names")
    return {k: change[k] for k in keys}


def index_rows(data: SiteData) -> list[dict]:
    """The index's row of each service in ``data``."""
    rows = []
    for service in data.services:
        history = data.scores.get(service["id"], [])
        latest = history[-1] if history else None
        reportable = [c for c in data.changes_by_service.get(service["id"], []) if c["reportable"]]
        rating = data.ratings.get(service["id"])
        rated = rating is None or rating.rated
        if not rated:
            latest = None
        rows.append({"id": service["id"], "name": service["name"], "page": urls.service_page(service["id"]),
                     "rated": rated, "unrated_reason": None if rated else rating.reason,
                     "score": latest["score"] if latest else None, "grade": latest["grade"] if latest else None,
                     "trend": history[-1]["score"] - history[-2]["score"] if len(history) >= 2 else 0,
                     "last": reportable[-1]["summary"] if reportable else None})
    return rows


def _sorted_rows(rows: list[dict], key: str) -> list[dict]:
    name = lambda r: (r["name"].casefold(), r["id"])  # noqa: E731
    if key == "score":
        return sorted(rows, key=lambda r: (r["score"] is None, r["score"] or 0, name(r)))
    if key == "trend":
        return sorted(rows, key=lambda r: (r["trend"], name(r)))
    if key == "change":
        dated = sorted((r for r in rows if r["last"]), key=lambda r: (r["last"]["to"], r["last"]["id"]), reverse=True)
        return dated + sorted((r for r in rows if not r["last"]), key=name)
    return sorted(rows, key=name)


def _index_page(path: str, key: str, caption: str, rows: list[dict], feeds: list[dict], version: str) -> Page:
    columns = [{"label": label, "page": page,
                "sort": ("descending" if key == "change" else "ascending") if page == path else None}
               for label, page in INDEX_COLUMNS]
    ordered = _sorted_rows([r for r in rows if r["rated"]], key)
    unrated = _sorted_rows([r for r in rows if not r["rated"]], "name")
    context = {"rows": ordered, "unrated": unrated, "columns": columns, "sort_caption": caption, "feeds": feeds}
    # as canonical JSON: rows of services not read this build come from the manifest (`skip`),
    # with their keys in another order
    return Page(path, fingerprint(version, path, json.dumps(context, sort_keys=True)),
                lambda: render("index.html.j2", path, **context))


def method_page(taxonomy: dict, version: str, source: Path | None, feeds: list[dict]) -> Page:
    source = source or scoring_method()
    path = urls.METHOD
    text = source.read_text(encoding="utf-8") if source.is_file() else None
    if text is None:
        log.warning("the method page's source %s is missing", source)
    parameters_file = data_dir() / "scoring.toml"
    parameters = parameters_file.read_text(encoding="utf-8") if parameters_file.is_file() else ""
    taxonomy = sorted(({"id": k, **v} for k, v in taxonomy.items()),
                      key=lambda c: (-(c.get("weight") or 0), c["name"]))

    def build() -> str:
        # html=False: raw HTML in the Markdown is shown as text; markdown-it also refuses
        # javascript:/vbscript:/file: link targets.
        html = Markup(MarkdownIt("commonmark", {"html": False}).enable("table").render(text)) if text else None
        return render("method.html.j2", path, method_html=html, method_source=str(source.name),
                      taxonomy=taxonomy, parameters=parameters, feeds=feeds)
    return Page(path, fingerprint(version, text, parameters, taxonomy, feeds), build)


def _grades() -> dict:
    try:
        from ..score import load_params
        return load_params()["grades"]
    except Exception:  # noqa: BLE001 - the chart can fall back to the documented bands
        return DEFAULT_GRADES


