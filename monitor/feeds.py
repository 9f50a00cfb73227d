"""Atom feeds of substantive changes: global, per severity, per service and per document.

They live under the site (``feeds/all.xml``, ``feeds/severity-2.xml``,
``feeds/services/<service>.xml``, ``feeds/services/<service>/<document>.xml``) and are
written with it, incrementally, by `monitor.site.build_site`; `write_feeds` writes them
alone, `feed_xml` returns one feed as a string.

A feed carries *reportable* changes only (substantive, and not a suspect capture awaiting
confirmation), newest first, at most `FEED_ENTRIES`. Entry ids are stable across rebuilds
(``tag:termswatch,2026:change/<id>``); an entry's ``updated`` is when the change was recorded.
Entry content is HTML (``type="html"``, so escaped once more inside the XML) made only of
escaped text and Termswatch's own tags.

Links are relative to the feed's own address unless a ``base_url`` is given (readers resolve
relative links against the feed's URL; a base makes them absolute, which some readers need).
"""

from __future__ import annotations

import logging
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from . import __version__
from .clock import parse_iso
from .site import urls
from .site.data import SiteData, load_site_data
from .site.markup import highlight, inline_diff
from .site.output import Page, fingerprint, publish
from .site.words import assessment_sentence, category_name, imposed_rows
from .store import Store
from .site.quotes import markdown_to_line
from .text import EVIDENCE_UP_FRONT as SHOWN_UP_FRONT, quote_parts

log = logging.getLogger(__name__)

FEED_ENTRIES = 50          # newest entries per feed
SEVERITIES = (1, 2, 3)     # a feed of changes at or above each
DIFF_PASSAGES = 5          # changed passages shown in an entry (the page has them all)
TAG = "tag:termswatch,2026:"
EPOCH = "1970-01-01T00:00:00Z"
# Characters XML 1.0 cannot carry at all (captured text is not guaranteed free of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class FeedSpec:
    path: str                  # under the site's root
    feed_id: str
    title: str
    subtitle: str
    page: str                  # the HTML page the feed mirrors
    changes: list[dict]        # newest first
    fallback_updated: str      # the feed's <updated> when it has no entry yet


def global_feeds() -> list[dict]:
    """The site-wide feeds, as the index links them."""
    return ([{"path": urls.all_feed(), "title": "All substantive changes"}]
            + [{"path": urls.severity_feed(n), "title": f"Changes of severity {n} or more"} for n in SEVERITIES])


def feed_specs(data: SiteData) -> list[FeedSpec]:
    """Every feed of ``data`` (loaded for every service)."""
    reportable = [c for c in reversed(data.changes) if c["reportable"]]
    first_added = min((s["added_at"] for s in data.services), default=EPOCH)
    latest = LatestReportable()
    latest.add(reportable)
    return global_feed_specs(latest, first_added) + service_feed_specs(data)


def _newest(changes: list[dict]) -> list[dict]:
    return sorted(changes, key=lambda c: (c["to"], c["id"]), reverse=True)[:FEED_ENTRIES]


class LatestReportable:
    """The entries of the global feeds, gathered a batch of services at a time: the newest
    `FEED_ENTRIES` reportable changes, and as many of each severity or more."""

    def __init__(self):
        self.all: list[dict] = []
        self.severe: dict[int, list[dict]] = {n: [] for n in SEVERITIES}

    def add(self, changes: list[dict]) -> None:
        reportable = [c for c in changes if c["reportable"]]
        self.all = _newest(self.all + reportable)
        for n in SEVERITIES:
            self.severe[n] = _newest(self.severe[n] + [c for c in reportable
                                                       if c["assessed"] and (c["severity"] or 0) >= n])


def global_feed_specs(latest: LatestReportable, first_added: str) -> list[FeedSpec]:
    specs = [FeedSpec(urls.all_feed(), f"{TAG}feed/all", "Termswatch: all substantive changes",
                      "Substantive changes to the terms and privacy policies Termswatch watches.",
                      urls.INDEX, latest.all, first_added)]
    for n in SEVERITIES:
        specs.append(FeedSpec(urls.severity_feed(n), f"{TAG}feed/severity-{n}",
                              f"Termswatch: changes of severity {n} or more",
                              f"Substantive changes assessed at severity {n} or more (of 3).",
                              urls.INDEX, latest.severe[n], first_added))
    return specs


def service_feed_specs(data: SiteData) -> list[FeedSpec]:
    """The feeds of each service in ``data`` and of each of its documents."""
    specs = []
    for service in data.services:
        sid = service["id"]
        changes = [c for c in reversed(data.changes_by_service.get(sid, [])) if c["reportable"]]
        specs.append(FeedSpec(urls.service_feed(sid), f"{TAG}feed/service/{quote(sid, safe='')}",
                              f"Termswatch: {service['name']}",
                              f"Substantive changes to the documents of {service['name']}.",
                              urls.service_page(sid), changes[:FEED_ENTRIES], service["added_at"]))
        for doc in data.documents.get(sid, []):
            changes = [c for c in reversed(data.changes_by_document.get(doc["id"], [])) if c["reportable"]]
            specs.append(FeedSpec(
                urls.document_feed(sid, doc["slug"]),
                f"{TAG}feed/service/{quote(sid, safe='')}/{quote(doc['terms_type'], safe='')}",
                f"Termswatch: {service['name']}, {doc['terms_type']}",
                f"Substantive changes to the {doc['terms_type']} of {service['name']}.",
                urls.service_page(sid) + f"#doc-{doc['slug']}", changes[:FEED_ENTRIES], doc["added_at"]))
    return specs


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


class EntryContent:
    """Each change's entry HTML, made once however many feeds carry it (a change is in the
    global, severity, service and document feeds, rendered close together: the last
    `BODIES_KEPT` bodies are kept, so memory does not grow with the history).

    A full build renders a change's page, and later its feeds: `make_ahead` makes the entry
    while the change page's data is loaded (`monitor.site.pages.HunkCache`), so the feeds do
    not read the change's evidence and hunks again. An entry made ahead is dropped when its
    first feed takes it (the others find it among the last bodies), and at most `AHEAD_KEPT`
    wait (a batch of services is about 2,000 changes; one dropped is made again if needed)."""

    BODIES_KEPT = 4 * FEED_ENTRIES
    AHEAD_KEPT = 4000

    def __init__(self, taxonomy: dict, hunks, known: dict[int, tuple[str, str]] | None = None):
        """``known``: {change id: (its digest, its body)} rendered by an earlier build of the
        same code, used while the change's digest is the same (`monitor.site.skip`)."""
        self.taxonomy, self.hunks, self.bodies = taxonomy, hunks, OrderedDict()
        self.known = known or {}
        self.ahead: OrderedDict[int, str] = OrderedDict()

    def body(self, change: dict) -> str:
        """The entry's HTML without its link."""
        known = self.known.get(change["id"])
        if known is not None and known[0] == change.get("digest"):
            return known[1]
        ahead = self.ahead.pop(change["id"], None)
        if ahead is not None:
            return ahead
        return self._body(self.hunks.whole(change))

    def make_ahead(self, change: dict) -> None:
        """Make the entry of ``change`` now, for its feeds to come (see the class)."""
        known = self.known.get(change["id"])
        if change["id"] in self.ahead or change["id"] in self.bodies or (
                known is not None and known[0] == change.get("digest")):
            return
        self.ahead[change["id"]] = self._body(self.hunks.whole(change))
        while len(self.ahead) > self.AHEAD_KEPT:
            self.ahead.popitem(last=False)

    def html(self, change: dict, link: str) -> str:
        if change["id"] in self.bodies:
            self.bodies.move_to_end(change["id"])
        else:
            self.bodies[change["id"]] = self.body(change)
            if len(self.bodies) > self.BODIES_KEPT:
                self.bodies.popitem(last=False)
        return self.bodies[change["id"]] + str(Markup('<p><a href="%s">The change on Termswatch</a></p>') % link)

    def _body(self, change: dict) -> str:
        taxonomy = self.taxonomy
        parts = [Markup("<p>%s</p>") % assessment_sentence(change, taxonomy)]
        imposed = imposed_rows(change)
        if imposed:
            parts.append(Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s: %s</li>") % (question, answer) for question, answer in imposed))
        evidence = [e for e in change["evidence"] if isinstance(e, dict) and quote_parts(e)[0].strip()]
        if evidence:
            parts.append(Markup("<p>Evidence:</p><ul>%s</ul>") % Markup("").join(
                Markup("<li>%s: %s</li>") % (category_name(e.get("category") or "", taxonomy), _quote_html(e))
                for e in evidence[:SHOWN_UP_FRONT]))
            if len(evidence) > SHOWN_UP_FRONT:
                parts.append(Markup("<p>… and %d more pieces of evidence.</p>") % (len(evidence) - SHOWN_UP_FRONT))
        shown = self.hunks.shown(change["id"])
        passages = inline_diff(change, shown.hunks, include_cosmetic=False)
        parts += [p["html"] for p in passages[:DIFF_PASSAGES]]
        if shown.substantive > DIFF_PASSAGES:
            parts.append(Markup("<p>… and %d more changed passages.</p>") % (shown.substantive - DIFF_PASSAGES))
        return _xml(str(Markup("").join(parts)))


def _quote_html(item: dict) -> Markup:
    """An evidence item as text (Markdown gone), its decisive words marked."""
    text, marks = quote_parts(item)
    return highlight(markdown_to_line(text), [markdown_to_line(m) for m in marks])


def _href(base_url: str | None, feed_path: str, target: str) -> str:
    if base_url:
        return base_url.rstrip("/") + "/" + target
    return urls.root_prefix(feed_path) + target


def entry_title(change: dict) -> str:
    if change["direction"] == "worse" or change["direction"] == "better":
        what = f"{change['direction']} for users (severity {change['severity']})"
    elif change["assessed"]:
        what = "reworded, neither better nor worse"
    else:
        what = "changed, not assessed yet"
    return f"{change['service_name']}, {change['terms_type']}: {what}"


def render_feed(spec: FeedSpec, content: EntryContent, base_url: str | None = None) -> bytes:
    feed = FeedGenerator()
    feed.id(spec.feed_id)
    feed.title(_xml(spec.title))
    feed.subtitle(_xml(spec.subtitle))
    feed.author({"name": "Termswatch"})
    feed.generator("Termswatch", version=__version__)
    feed.link(href=_href(base_url, spec.path, spec.page), rel="alternate", type="text/html")
    feed.link(href=_href(base_url, spec.path, spec.path) if base_url else spec.path.rsplit("/", 1)[-1],
              rel="self", type="application/atom+xml")
    feed.updated(parse_iso(spec.changes[0]["to"] if spec.changes else spec.fallback_updated))
    for change in spec.changes:
        link = _href(base_url, spec.path, urls.change_page(change["service_id"], change["id"]))
        entry = feed.add_entry(order="append")
        entry.id(f"{TAG}change/{change['id']}")
        entry.title(_xml(entry_title(change)))
        entry.updated(parse_iso(change["to"]))
        entry.link(href=link, rel="alternate", type="text/html")
        for category in change["categories"]:
            entry.category(term=_xml(category), label=_xml(category_name(category, content.taxonomy)))
        entry.content(content.html(change, link), type="html")
    return feed.atom_str(pretty=True)


def feed_pages(data: SiteData, hunks, version: str, base_url: str | None = None) -> Iterator[Page]:
    content = EntryContent(data.taxonomy, hunks)
    for spec in feed_specs(data):
        yield feed_page(spec, content, version, base_url)


def feed_page(spec: FeedSpec, content: EntryContent, version: str, base_url: str | None = None) -> Page:
    digest = fingerprint(version, base_url, spec.path, spec.feed_id, spec.title, spec.subtitle, spec.page,
                         spec.fallback_updated, [c["digest"] for c in spec.changes])
    return Page(spec.path, digest, lambda: render_feed(spec, content, base_url),
                changes=tuple(c["id"] for c in spec.changes))


def operator_feed_page(store: Store, version: str, base_url: str | None = None) -> Page:
    """``feeds/operator.xml``: documents whose captures keep failing, and their recovery
    (the daemon's operator alerts, for those who watch a feed rather than a mailbox)."""
    from .alerts import operator_events

    events = operator_events(store)[:FEED_ENTRIES]
    digest = fingerprint(version, base_url, urls.operator_feed(), [(e["id"], e["at"]) for e in events])
    return Page(urls.operator_feed(), digest, lambda: render_operator_feed(events, base_url))


def render_operator_feed(events: list[dict], base_url: str | None = None) -> bytes:
    path = urls.operator_feed()
    feed = FeedGenerator()
    feed.id(f"{TAG}feed/operator")
    feed.title("Termswatch: documents that could not be captured")
    feed.subtitle("A document whose captures failed several times in a row, and its recovery")
    feed.author({"name": "Termswatch"})
    feed.generator("Termswatch", version=__version__)
    feed.link(href=_href(base_url, path, "index.html"), rel="alternate", type="text/html")
    feed.link(href=_href(base_url, path, path) if base_url else path.rsplit("/", 1)[-1],
              rel="self", type="application/atom+xml")
    feed.updated(parse_iso(events[0]["at"] if events else EPOCH))
    for event in events:
        what = "cannot be captured any more" if event["event"] == "broken" else "is captured again"
        entry = feed.add_entry(order="append")
        entry.id(f"{TAG}operator/{event['id']}")
        entry.title(_xml(f"{event['service_id']}, {event['terms_type']}: {what}"))
        entry.updated(parse_iso(event["at"]))
        entry.link(href=_href(base_url, path, urls.service_page(event["service_id"])), rel="alternate",
                   type="text/html")
        if event["event"] == "broken":
            detail = Markup("{} failed captures in a row. Last error: {}").format(event["failures"], _xml(event["reason"]))
        else:
            detail = Markup("Recovery: {}.").format(_xml(event["reason"]))
        body = Markup("<p>{}</p><p>{}</p><p>Document: {}</p>").format(what.capitalize(), detail, _xml(event["url"]))
        entry.content(str(body), type="html")
    return feed.atom_str(pretty=True)


def write_feeds(store: Store, out_dir: str | os.PathLike, *, incremental: bool = True,
                base_url: str | None = None) -> list[Path]:
    """Write (only the changed) feeds under ``out_dir``; returns the paths of all feeds."""
    from .site.pages import HunkCache, site_version

    data = load_site_data(store)
    hunks = HunkCache(store)
    version = site_version(data.taxonomy)
    pages = [*feed_pages(data, hunks, version, base_url), operator_feed_page(store, version, base_url)]
    report = publish(out_dir, pages, incremental=incremental, scope="feeds/", prepare=hunks.prepare)
    log.debug("feeds: %s", report)
    return [Path(out_dir) / page.path for page in pages]


def feed_xml(store: Store, *, service_id: str | None = None, terms_type: str | None = None,
             min_severity: int | None = None, base_url: str | None = None) -> str:
    """One feed as a string: the global one by default, a service's or one of its documents',
    or the feed of changes at or above ``min_severity`` (1-3)."""
    from .site.pages import HunkCache

    data = load_site_data(store)
    if service_id is None:
        path = urls.severity_feed(min_severity) if min_severity else urls.all_feed()
    elif terms_type is None:
        path = urls.service_feed(service_id)
    else:
        slug = next((d["slug"] for d in data.documents.get(service_id, []) if d["terms_type"] == terms_type), None)
        if slug is None:
            raise KeyError(f"no document {terms_type!r} of service {service_id!r}")
        path = urls.document_feed(service_id, slug)
    spec = next((s for s in feed_specs(data) if s.path == path), None)
    if spec is None:
        raise KeyError(f"no feed {path}")
    return render_feed(spec, EntryContent(data.taxonomy, HunkCache(store)), base_url).decode("utf-8")
