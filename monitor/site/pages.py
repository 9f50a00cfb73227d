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
import logging
from functools import lru_cache
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import __version__
from ..paths import REPO_ROOT, data_dir
from ..rating import language_name
from . import urls
from .data import SiteData, load_hunks
from .markup import evidence_html, format_date, format_time, highlight, inline_diff, score_chart, side_by_side_diff
from .output import Page, fingerprint
from .web_links import app_links
from .words import (COSMETIC_REASONS, SEVERITY_WORDS, assessment_sentence, category_name, imposed_rows,
                    reason_words, verdict)

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
METHOD_SOURCE = REPO_ROOT / "docs" / "scoring.md"
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
OUTCOME_WORDS = {"first": "first capture", "change": "a new version", "unchanged": "no change",
                 "error": "the capture failed"}


# -- templates -------------------------------------------------------------------------------

@jinja2.pass_context
def _url(context, path: str) -> str:
    return context["root"] + path


def _points(value: float) -> str:
    if not value:
        return "0"
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{abs(value):g}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=format_date, datetime=format_time, points=_points)
    env.globals.update(url=_url, verdict=verdict, severity_word=lambda s: SEVERITY_WORDS.get(s, str(s)),
                       outcome_words=lambda o: OUTCOME_WORDS.get(o, o or "unknown"))
    return env


def render(template: str, page_path: str, **context) -> str:
    return environment().get_template(template).render(root=urls.root_prefix(page_path), **context)


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

class HunkCache:
    """Hunks of the changes about to be rendered; `output.publish` calls `prepare` with each
    batch of pages so their hunks come in one query."""

    def __init__(self, store):
        self.store = store
        self.hunks: dict[int, list[dict]] = {}

    def prepare(self, pages: list[Page]) -> None:
        wanted = {change_id for page in pages for change_id in page.changes}
        self.hunks = load_hunks(self.store, wanted) if wanted else {}

    def get(self, change_id: int) -> list[dict]:
        if change_id not in self.hunks:
            self.hunks.update(load_hunks(self.store, [change_id]))
        return self.hunks.get(change_id, [])


# -- the pages -------------------------------------------------------------------------------

def site_pages(data: SiteData, hunks: HunkCache, version: str, *, feeds: list[dict],
               method_source: Path | None = None, app_url: str | None = None) -> list[Page]:
    """Every HTML page and the stylesheet. ``feeds`` are the global feeds (path, title) the
    index links to. Each change of ``data`` gets its ``page``, ``category_names`` and
    ``summary`` (what lists of changes show)."""
    for change in data.changes:
        change["page"] = urls.change_page(change["service_id"], change["id"])
        change["category_names"] = [category_name(c, data.taxonomy) for c in change["categories"]]
        change["summary"] = _change_summary(change)
    pages = [_stylesheet()]
    rows = _index_rows(data)
    for path, key, caption in INDEX_SORTS:
        pages.append(_index_page(path, key, caption, rows, feeds, version))
    pages.append(_method_page(data, version, method_source or METHOD_SOURCE, feeds))
    grades = _grades()
    for service in data.services:
        pages.append(_service_page(data, service, version, grades, app_url))
    for document_changes in data.changes_by_document.values():
        for index, change in enumerate(document_changes):
            previous = document_changes[index - 1] if index else None
            following = document_changes[index + 1] if index + 1 < len(document_changes) else None
            pages.append(_change_page(data, change, previous, following, hunks, version, app_url))
    return pages


def _stylesheet() -> Page:
    css = (PACKAGE_DIR / "static" / "site.css").read_bytes()
    return Page(urls.STYLESHEET, hashlib.sha1(css).hexdigest(), lambda: css)


def _change_summary(change: dict) -> dict:
    """The few fields lists of changes show (index, timeline, pager)."""
    keys = ("id", "to", "terms_type", "substantive", "suspect", "suspect_status", "assessed", "direction",
            "severity", "page", "category_names")
    return {k: change[k] for k in keys}


def _index_rows(data: SiteData) -> list[dict]:
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
    return Page(path, fingerprint(version, path, context),
                lambda: render("index.html.j2", path, **context))


def _method_page(data: SiteData, version: str, source: Path, feeds: list[dict]) -> Page:
    path = urls.METHOD
    text = source.read_text(encoding="utf-8") if source.is_file() else None
    if text is None:
        log.warning("the method page's source %s is missing", source)
    parameters_file = data_dir() / "scoring.toml"
    parameters = parameters_file.read_text(encoding="utf-8") if parameters_file.is_file() else ""
    taxonomy = sorted(({"id": k, **v} for k, v in data.taxonomy.items()),
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


def _quotes(evidence) -> list[str]:
    """Evidence in whatever shape the classifier gave it: a string, strings, or dicts with text."""
    if isinstance(evidence, str):
        return [evidence]
    out = []
    for item in evidence or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(item["text"])
    return out


def _service_page(data: SiteData, service: dict, version: str, grades: dict, app_url: str | None = None) -> Page:
    path = urls.service_page(service["id"])
    root = urls.root_prefix(path)
    history = data.scores.get(service["id"], [])
    latest = history[-1] if history else None
    changes_by_id = {c["id"]: c for c in data.changes_by_service.get(service["id"], [])}
    # Harmful terms in force, one entry per harm (worst first) with the clauses showing it.
    harms: dict[str, dict] = {}
    for index, finding in enumerate(data.terms_in_force.get(service["id"], [])):
        category, clause = finding.get("category") or "", finding.get("clause")
        harm = harms.setdefault(category, {
            "name": category_name(category, data.taxonomy), "severity": finding.get("severity") or 0,
            "explanation": (data.taxonomy.get(category) or {}).get("explanation", ""), "clauses": []})
        harm["clauses"].append({
            "anchor": f"term-{finding['version_id']}-{clause if clause is not None else f'f{index}'}",
            "terms_type": finding["terms_type"], "section": finding.get("section") or "",
            "text": finding.get("text") or "", "quotes": _quotes(finding.get("evidence"))})
    terms = list(harms.values())
    anchors = {c["anchor"] for harm in terms for c in harm["clauses"]}
    reasons = []
    for item in data.latest_reasons.get(service["id"], []):
        link, href, quote = item.get("link") or {}, None, None
        if link.get("change_id") in changes_by_id:
            href = root + changes_by_id[link["change_id"]]["page"]
        elif link.get("version_id") is not None:
            anchor = f"term-{link['version_id']}-{link.get('clause')}"
            href, quote = (f"#{anchor}", None) if anchor in anchors else (None, link.get("quote"))
        reasons.append({"points": item.get("points") or 0, "text": item.get("text") or "", "href": href,
                        "quote": quote})
    documents = []
    for doc in data.documents.get(service["id"], []):
        errors = data.errors.get(doc["id"], [])
        documents.append({**doc, "href": urls.safe_href(doc["url"]),
                          "feed": urls.document_feed(service["id"], doc["slug"]),
                          "versions": data.versions.get(doc["id"], []), "errors": errors,
                          "error_total": errors[0]["total"] if errors else 0})
    rating = data.ratings.get(service["id"])
    if rating is not None and not rating.rated:
        latest = None
    by_id = {d["id"]: d for d in documents}
    basis = [{**b.to_json(), "version_page_at": b.version_at,
              "language_name": language_name(b.language) if b.language else None,
              "slug": by_id.get(b.document_id, {}).get("slug")} for b in (rating.documents if rating else [])]
    newest_first = [c["summary"] for c in reversed(list(changes_by_id.values()))]
    feeds = [{"path": urls.service_feed(service["id"]), "title": f"Changes of {service['name']}"}]
    feeds += [{"path": d["feed"], "title": f"Changes of the {d['terms_type']} of {service['name']}"}
              for d in documents]
    context = {
        "service": service, "score": latest, "history": history, "grades": grades,
        "rated": rating is None or rating.rated, "unrated_reason": rating.reason if rating else None,
        "basis": basis,
        "trend_value": history[-1]["score"] - history[-2]["score"] if len(history) >= 2 else 0,
        "reasons": reasons, "terms": terms, "documents": documents, "feeds": feeds,
        "timeline": [c for c in newest_first if c["substantive"] or c["suspect"]],
        "cosmetic": [c for c in newest_first if not (c["substantive"] or c["suspect"])],
        **app_links(app_url, root),
    }

    def build() -> str:
        chart = score_chart(history, grades, title=f"Score of {service['name']} over time")
        shown_terms = [{**harm, "clauses": [{**c, "html": highlight(c["text"], c["quotes"])} for c in harm["clauses"]]}
                       for harm in terms]
        return render("service.html.j2", path, **{**context, "terms": shown_terms, "chart": chart})
    return Page(path, fingerprint(version, context), build)


def _change_page(data: SiteData, change: dict, previous: dict | None, following: dict | None,
                 hunks: HunkCache, version: str, app_url: str | None = None) -> Page:
    path = change["page"]
    service = {"id": change["service_id"]}
    documents = data.documents.get(change["service_id"], [])
    document = next((d for d in documents if d["id"] == change["document_id"]), {"slug": ""})
    neighbours = {"previous": previous and previous["summary"], "next": following and following["summary"],
                  "document_slug": document["slug"]}
    # The neighbours' summaries derive from their rows, which their digests cover.
    digest = fingerprint(version, change["digest"], previous and previous["digest"],
                         following and following["digest"], document["slug"], app_url)

    def build() -> str:
        change_hunks = hunks.get(change["id"])
        by_position = {h["position"]: h for h in change_hunks}
        evidence = []
        for item in change["evidence"]:
            index = item.get("hunk")
            hunk = by_position.get(index) if isinstance(index, int) else None
            if hunk is None and isinstance(index, int) and 0 <= index < len(change_hunks):
                hunk = change_hunks[index]
            quote = item.get("text") or ""
            clause = (hunk["new"] if item.get("side") == "new" else hunk["old"]) if hunk else ""
            evidence.append({"category": category_name(item.get("category") or "", data.taxonomy),
                             "side": item.get("side"), "anchor": f"hunk-{hunk['position']}" if hunk else None,
                             "html": evidence_html(clause, quote)})
        # A substantive change shows its substantive passages; its cosmetic edits (a date,
        # renumbering...) are folded away below them. A cosmetic change shows everything.
        shown = [h for h in change_hunks if h["substantive"]] if change["substantive"] else change_hunks
        shown = shown or change_hunks
        folded = [h for h in change_hunks if h not in shown]
        codes = change["reasons"] if not change["substantive"] else \
            sorted({h["reason"] for h in change_hunks if not h["substantive"]})
        cosmetic_reasons = [reason_words(code) for code in codes if code in COSMETIC_REASONS]
        context = {
            "change": change, **neighbours, "service_page": urls.service_page(service["id"]),
            "sentence": assessment_sentence(change, data.taxonomy),
            "categories": [{"name": category_name(c, data.taxonomy),
                            "explanation": (data.taxonomy.get(c) or {}).get("explanation", "")}
                           for c in change["categories"]],
            "evidence": evidence, "imposed": imposed_rows(change), "cosmetic_reasons": cosmetic_reasons,
            "hunks": inline_diff(change, shown),
            "cosmetic_hunks": inline_diff(change, folded),
            "side_by_side": side_by_side_diff(change, shown, f"Before ({format_date(change['from'])})",
                                              f"After ({format_date(change['to'])})"),
            "live_href": urls.safe_href(change["url"]), **app_links(app_url, urls.root_prefix(path)),
            "feeds": [{"path": urls.document_feed(change["service_id"], document["slug"]),
                       "title": f"Changes of the {change['terms_type']} of {change['service_name']}"},
                      {"path": urls.service_feed(change["service_id"]),
                       "title": f"Changes of {change['service_name']}"}],
        }
        return render("change.html.j2", path, **context)
    return Page(path, digest, build, changes=(change["id"],))
