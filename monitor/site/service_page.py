"""A service's page: a summary a person takes in at a glance, then the details.

The summary (``summary`` in the template's context) holds the grade or why there is none,
what the grade rests on, the few harms that weigh most with a one-line explanation each,
the protections found (good points, as ToS;DR shows them) and the latest substantive change
with what it did. The details follow: why this score, every harmful term with its clauses,
what the score rests on, the score over time, the timeline and the documents.

Quotes are shown as text (`monitor.text.markdown_to_text`): no Markdown syntax reaches the
reader.
"""

from __future__ import annotations

from ..rating import language_name
from .web_links import app_links
from ..text import quote_parts
from . import urls
from .data import SiteData
from .markup import highlight, score_chart
from .output import Page, fingerprint
from .quotes import markdown_to_line, markdown_to_text
from .render import render
from .words import assessment_sentence, category_name, protection_words

TOP_HARMS = 3          # harms in the summary
TOP_PROTECTIONS = 5    # good points in the summary
QUOTE_CHARS = 160      # of the clause quoted under a good point
CLAUSES_PER_HARM = 12  # clauses shown for one harm in the details


def _quotes(evidence) -> list[str]:
    """Evidence in whatever shape the classifier gave it: a string, strings, or dicts with
    ``text`` (and optional ``highlight``: the decisive words, or ``[start, end]`` spans)."""
    items = [evidence] if isinstance(evidence, str) else evidence or []
    return [markdown_to_line(mark) for item in items for mark in quote_parts(item)[1]]


def _harms(data: SiteData, service_id: str) -> list[dict]:
    """Harmful terms in force, one entry per harm with the clauses showing it, the harms
    that weigh most (severity, then the taxonomy's weight) first."""
    harms: dict[str, dict] = {}
    for index, finding in enumerate(data.terms_in_force.get(service_id, [])):
        category, clause = finding.get("category") or "", finding.get("clause")
        entry = data.taxonomy.get(category) or {}
        harm = harms.setdefault(category, {
            "anchor": f"harm-{len(harms) + 1}", "name": category_name(category, data.taxonomy),
            "severity": finding.get("severity") or 0, "weight": entry.get("weight") or 0,
            "explanation": entry.get("explanation", ""), "clauses": [], "documents": [], "more": 0})
        harm["clauses"].append((f"term-{finding['version_id']}-{clause if clause is not None else f'f{index}'}",
                                finding))
        if finding["terms_type"] not in harm["documents"]:
            harm["documents"].append(finding["terms_type"])
    for harm in harms.values():
        # A long document can repeat a harm in hundreds of clauses: a few show it well enough.
        # They stay in Markdown here (the page's fingerprint covers them as they are) and are
        # turned into text by `_shown_clause` only when the page renders: that is most of
        # the page's time, and most builds render few service pages.
        harm["more"] = max(0, len(harm["clauses"]) - CLAUSES_PER_HARM)
        harm["clauses"] = [{"anchor": anchor, "terms_type": finding["terms_type"],
                            "section": finding.get("section") or "", "text": finding.get("text") or "",
                            "evidence": finding.get("evidence")}
                           for anchor, finding in harm["clauses"][:CLAUSES_PER_HARM]]
    return sorted(harms.values(), key=lambda h: (-h["severity"], -h["weight"]))


def _shown_clause(clause: dict) -> dict:
    """A clause of `_harms` as the page shows it: text, its decisive words marked."""
    text, quotes = markdown_to_text(clause["text"]), _quotes(clause["evidence"])
    return {"anchor": clause["anchor"], "terms_type": clause["terms_type"],
            "section": markdown_to_line(clause["section"]), "text": text, "quotes": quotes,
            "html": highlight(text, quotes)}


def _protections(data: SiteData, service_id: str) -> list[dict]:
    """Good points: one per protected category, with the words that show it."""
    points: dict[str, dict] = {}
    for finding in data.protections_in_force.get(service_id, []):
        category = finding.get("category") or ""
        point = points.setdefault(category, {
            "label": protection_words(category, data.taxonomy), "terms_type": finding["terms_type"],
            "quote": "", "marks": [], "clauses": 0})
        point["clauses"] += 1
        if not point["quote"]:
            marks = _quotes(finding.get("evidence"))
            point["quote"], point["marks"] = _around(markdown_to_line(finding.get("text") or ""), marks), marks
    return list(points.values())


def _around(clause: str, marks: list[str], width: int = QUOTE_CHARS) -> str:
    """``clause``, or the part of it around the first of ``marks`` when it is long."""
    if len(clause) <= width:
        return clause
    found = next((i for i in (clause.find(m) for m in marks if m) if i >= 0), 0)
    start = max(0, found - width // 3)
    if start:                              # begin and end on whole words
        start = clause.find(" ", start, found) + 1 or start
    end = start + width
    if end < len(clause):
        end = clause.rfind(" ", start, end) if clause.rfind(" ", start, end) > start else end
    return ("…" if start else "") + clause[start:end].strip() + ("…" if end < len(clause) else "")


def _latest_change(data: SiteData, service_id: str, root: str) -> dict | None:
    reportable = [c for c in data.changes_by_service.get(service_id, []) if c["reportable"]]
    if not reportable:
        return None
    change = reportable[-1]
    return {**change["summary"], "sentence": assessment_sentence(change, data.taxonomy),
            "href": root + change["page"]}


def _cosmetic_groups(changes: list[dict]) -> list[dict]:
    """The documents whose cosmetic changes share a page: its path, how many, since when."""
    groups: dict[str, dict] = {}
    for change in changes:
        if change["group_page"]:
            group = groups.setdefault(change["group_page"], {"page": change["group_page"], "count": 0,
                                                             "terms_type": change["terms_type"], "last": change["to"]})
            group["count"] += 1
    return list(groups.values())


def service_page(data: SiteData, service: dict, version: str, grades: dict, app_url: str | None = None) -> Page:
    path = urls.service_page(service["id"])
    root = urls.root_prefix(path)
    history = data.scores.get(service["id"], [])
    latest = history[-1] if history else None
    changes_by_id = {c["id"]: c for c in data.changes_by_service.get(service["id"], [])}
    terms = _harms(data, service["id"])
    anchors = {c["anchor"] for harm in terms for c in harm["clauses"]}
    reasons = []
    for item in data.latest_reasons.get(service["id"], []):
        link, href, quote = item.get("link") or {}, None, None
        if link.get("change_id") in changes_by_id:
            href = root + changes_by_id[link["change_id"]]["page"]
        elif link.get("version_id") is not None:
            anchor = f"term-{link['version_id']}-{link.get('clause')}"
            href, quote = (f"#{anchor}", None) if anchor in anchors else (None, markdown_to_line(link.get("quote")))
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
    protections = _protections(data, service["id"])
    context = {
        "service": service, "score": latest, "history": history, "grades": grades,
        "rated": rating is None or rating.rated, "unrated_reason": rating.reason if rating else None,
        "basis": basis,
        "trend_value": history[-1]["score"] - history[-2]["score"] if len(history) >= 2 else 0,
        "summary": {"harms": terms[:TOP_HARMS], "more_harms": max(0, len(terms) - TOP_HARMS),
                    "protections": protections[:TOP_PROTECTIONS],
                    "more_protections": max(0, len(protections) - TOP_PROTECTIONS),
                    "latest_change": _latest_change(data, service["id"], root)},
        "reasons": reasons, "terms": terms, "protections": protections, "documents": documents, "feeds": feeds,
        "timeline": [c for c in newest_first if c["substantive"] or c["suspect"]],
        # cosmetic changes, each linked, unless its document has many: then its group page
        "cosmetic": [c for c in newest_first if not (c["substantive"] or c["suspect"] or c["group_page"])],
        "cosmetic_groups": _cosmetic_groups(newest_first),
        **app_links(app_url, root),
    }

    def build() -> str:
        chart = score_chart(history, grades, title=f"Score of {service['name']} over time")
        shown_terms = [{**harm, "clauses": [_shown_clause(c) for c in harm["clauses"]]} for harm in terms]
        shown_protections = [{**point, "html": highlight(point["quote"], point["marks"])} for point in protections]
        summary = {**context["summary"], "protections": shown_protections[:TOP_PROTECTIONS]}
        return render("service.html.j2", path, **{**context, "terms": shown_terms, "chart": chart,
                                                   "summary": summary, "protections": shown_protections})
    return Page(path, fingerprint(version, context), build)
