"""Change pages: one per change, and one per document for its cosmetic changes when it has
many (a flapping page can bring dozens; each would be a page nobody reads).

A change page says what the change means, then shows only the changed passages, each cut
down to the changed words and a little context (`excerpts`), so its size does not grow with
the document's.
"""

from __future__ import annotations

from ..text import EVIDENCE_UP_FRONT, quote_parts
from . import urls
from .data import SiteData
from .excerpts import OPEN_PASSAGES, excerpt, select as select_hunks
from .markup import evidence_html, format_date, highlight, inline_diff, side_by_side_diff
from .output import Page, fingerprint
from .quotes import markdown_to_line, markdown_to_text
from .render import render
from .web_links import app_links
from .words import COSMETIC_REASONS, assessment_sentence, category_name, imposed_rows, reason_words

COSMETIC_PAGES_MAX = 10      # beyond this many cosmetic changes, a document's share one page
GROUPED_PASSAGES = 1         # passages shown per change on that page
GROUPED_CONTEXT = 6          # words of context around it
GROUPED_CHARS = 200          # of an added or deleted run in it


def is_grouped_cosmetic(change: dict) -> bool:
    """A cosmetic change that is not a suspect capture: what a document's group page lists."""
    return not change["substantive"] and not change["suspect"]


def assign_pages(data: SiteData) -> dict[int, list[dict]]:
    """Set each change's ``page``: its own, or an anchor on its document's cosmetic group
    page. Returns the grouped changes by document id."""
    slugs = {d["id"]: d["slug"] for docs in data.documents.values() for d in docs}
    grouped = {}
    for document_id, changes in data.changes_by_document.items():
        cosmetic = [c for c in changes if is_grouped_cosmetic(c)]
        many = len(cosmetic) > COSMETIC_PAGES_MAX
        for change in changes:
            change["page"] = urls.change_page(change["service_id"], change["id"])
            change["group_page"] = None
        if many:
            group = urls.cosmetic_changes_page(cosmetic[0]["service_id"], slugs.get(document_id, str(document_id)))
            for change in cosmetic:
                change["page"], change["group_page"] = f"{group}#change-{change['id']}", group
            grouped[document_id] = cosmetic
    return grouped


def _evidence(data: SiteData, change: dict, change_hunks: list[dict], shown: set[int]) -> list[dict]:
    """``change_hunks`` holds at least the hunks the evidence points to (a hunk's position
    is its index in the change)."""
    by_position = {h["position"]: h for h in change_hunks}
    evidence = []
    for item in change["evidence"]:
        index = item.get("hunk") if isinstance(item, dict) else None
        hunk = by_position.get(index) if isinstance(index, int) else None
        side = item.get("side") if isinstance(item, dict) else None
        text, marks = quote_parts(item)
        # An item that is the whole clause (with spans) shows itself; an older quote, its hunk.
        spans = isinstance(item, dict) and item.get("highlight")
        clause = text if spans or not hunk else (hunk["new"] if side == "new" else hunk["old"])
        marks = [markdown_to_line(m) for m in marks]
        evidence.append({"category": category_name((item.get("category") if isinstance(item, dict) else "") or "",
                                                   data.taxonomy),
                         "side": side,
                         "anchor": f"hunk-{hunk['position']}" if hunk and hunk["position"] in shown else None,
                         "html": evidence_html(markdown_to_text(clause), marks[0]) if len(marks) == 1
                         else highlight(markdown_to_text(clause), marks)})
    return evidence


def change_page(data: SiteData, change: dict, previous: dict | None, following: dict | None,
                hunks, version: str, app_url: str | None = None, feed_entries=None) -> Page:
    """``feed_entries`` (a `monitor.feeds.EntryContent`): make the change's feed entry too,
    while its data is loaded (`EntryContent.make_ahead`)."""
    path = change["page"]
    documents = data.documents.get(change["service_id"], [])
    document = next((d for d in documents if d["id"] == change["document_id"]), {"slug": ""})
    neighbours = {"previous": previous and previous["summary"], "next": following and following["summary"],
                  "document_slug": document["slug"]}
    # The neighbours' summaries derive from their rows, which their digests cover.
    digest = fingerprint(version, change["digest"], previous and previous["digest"],
                         following and following["digest"], document["slug"],
                         previous and previous["page"], following and following["page"], app_url)

    def build() -> str:
        page_hunks = hunks.shown(change["id"])
        whole = hunks.whole(change)
        selection = select_hunks(change, page_hunks.hunks, (page_hunks.substantive, page_hunks.other))
        shown = {h["position"] for h in selection.shown + selection.folded}
        codes = change["reasons"] if not change["substantive"] else page_hunks.cosmetic_reasons
        context = {
            "change": change, **neighbours, "service_page": urls.service_page(change["service_id"]),
            "sentence": assessment_sentence(change, data.taxonomy),
            "categories": [{"name": category_name(c, data.taxonomy),
                            "explanation": (data.taxonomy.get(c) or {}).get("explanation", "")}
                           for c in change["categories"]],
            "evidence": _evidence(data, whole, page_hunks.hunks, shown), "evidence_up_front": EVIDENCE_UP_FRONT, "imposed": imposed_rows(change),
            "cosmetic_reasons": [reason_words(code) for code in codes if code in COSMETIC_REASONS],
            "hunks": inline_diff(change, selection.shown), "hunks_more": selection.shown_more,
            "open_count": OPEN_PASSAGES,
            "cosmetic_hunks": inline_diff(change, selection.folded), "cosmetic_more": selection.folded_more,
            # Side by side only for what matters: the substantive passages of a substantive change.
            "side_by_side": side_by_side_diff(change, selection.shown, f"Before ({format_date(change['from'])})",
                                              f"After ({format_date(change['to'])})")
            if change["substantive"] else None,
            "live_href": urls.safe_href(change["url"]), **app_links(app_url, urls.root_prefix(path)),
            "feeds": _feeds(change, document),
        }
        if feed_entries is not None:
            feed_entries.make_ahead(change)
        return render("change.html.j2", path, **context)
    return Page(path, digest, build, changes=(change["id"],))


def _feeds(change: dict, document: dict) -> list[dict]:
    return [{"path": urls.document_feed(change["service_id"], document["slug"]),
             "title": f"Changes of the {change['terms_type']} of {change['service_name']}"},
            {"path": urls.service_feed(change["service_id"]), "title": f"Changes of {change['service_name']}"}]


def cosmetic_group_page(data: SiteData, changes: list[dict], hunks, version: str) -> Page:
    """One page for a document's many cosmetic changes, newest first: for each, its dates,
    why it is cosmetic and its first few passages (its hunks are read a few at a time)."""
    first = changes[0]
    path = first["page"].split("#")[0]
    document = next((d for d in data.documents.get(first["service_id"], []) if d["id"] == first["document_id"]),
                    {"slug": ""})
    digest = fingerprint(version, path, [c["digest"] for c in changes], document["slug"])

    def build() -> str:
        heads = hunks.heads([c["id"] for c in changes], GROUPED_PASSAGES)
        entries = []
        for change in reversed(changes):
            change_heads, total = heads.get(change["id"], ([], 0))
            shown = [excerpt(h, context=GROUPED_CONTEXT, run_chars=GROUPED_CHARS, clause_chars=GROUPED_CHARS)
                     for h in change_heads]
            entries.append({"change": change, "sentence": assessment_sentence(change, data.taxonomy),
                            "hunks": inline_diff(change, shown, anchor_prefix=f"change-{change['id']}-hunk-"), "more": max(0, total - len(shown))})
        return render("cosmetic.html.j2", path, first=first, entries=entries,
                      service_page=urls.service_page(first["service_id"]), document_slug=document["slug"],
                      feeds=_feeds(first, document))
    return Page(path, digest, build)
