"""`build_site`: the whole static site (pages, stylesheet, feeds) from the store, incrementally
and streamed: the store is read a batch of services at a time, and pages are rendered and
written as they come (`output.publish`), so memory follows the largest batch, not the history.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..store import Store
from . import quotes
from .data import load_site_data, load_taxonomy, service_ids_in_batches
from .output import BuildReport, Page, publish, read_manifest_and_state
from .pages import HunkCache, index_pages, index_rows, method_page, prepare_changes, site_pages, site_version, \
    stylesheet
from .skip import PreviousBuild, new_state, state_keys

log = logging.getLogger(__name__)

CHANGES_PER_BATCH = 2000   # services are read from the store in batches of about this many changes


def build_site(store: Store, out_dir: str | os.PathLike, *, incremental: bool = True,
               base_url: str | None = None, method_source: str | os.PathLike | None = None,
               app_url: str | None = None) -> BuildReport:
    """Build the site into ``out_dir``; with ``incremental`` (the default) only the pages and
    feeds whose data changed since the last build are rendered and written.

    ``base_url`` (e.g. ``https://example.org/terms/``) makes the feeds' links absolute; the
    pages' links are always relative. ``method_source`` replaces ``docs/scoring.md``.
    ``app_url`` builds the site for `termswatch serve` (`monitor.web`): service pages get its
    subscribe form and links to versions and diffs there; ``"./"`` when the app serves this
    very folder. Without it, they link to the feeds and show the ``subscribe`` command.
    """
    started = time.perf_counter()
    hunks = HunkCache(store)
    out = Path(out_dir).resolve()
    previous = PreviousBuild(out, *read_manifest_and_state(out)) if incremental else None
    state: dict = {}
    pages = all_pages(store, hunks, base_url=base_url, app_url=app_url,
                      method_source=Path(method_source) if method_source else None, previous=previous, state=state)
    report = publish(out_dir, pages, incremental=incremental, prepare=hunks.prepare,
                     state=lambda: state["made"]() if "made" in state else {})
    report.seconds = time.perf_counter() - started
    log.debug("site: %s -> %s", report, Path(out_dir) / "index.html")
    return report


def all_pages(store: Store, hunks: HunkCache, *, base_url: str | None = None, app_url: str | None = None,
              method_source: Path | None = None, previous: PreviousBuild | None = None,
              state: dict | None = None) -> Iterator[Page]:
    """Every page of the site: each batch of services' pages and feeds, then what spans all
    services (the index, the global feeds), from what the batches left behind. With
    ``previous``, services unchanged since that build are not read (`skip`); ``state`` is
    filled with what the next build needs."""
    from ..feeds import (EPOCH, EntryContent, LatestReportable, feed_page, global_feed_specs, global_feeds,
                         operator_feed_page, service_feed_specs)  # here: monitor.feeds imports this package

    taxonomy = load_taxonomy()
    version = site_version(taxonomy)
    known = previous.bodies if previous is not None and previous.version == version else None
    content = EntryContent(taxonomy, hunks, known)
    keys = state_keys(store, version, (base_url, app_url))
    skipped = {sid for sid, key in keys.items() if previous is not None and previous.unchanged(sid, key)}
    rows: dict[str, dict] = {}
    latest = LatestReportable()

    def read_services(keep) -> Iterator[Page]:
        for service_ids in service_ids_in_batches(store, CHANGES_PER_BATCH, keep=keep):
            quotes.forget()
            with _collector_paused():
                data = load_site_data(store, service_ids)
            grouped = prepare_changes(data)
            yield from site_pages(data, grouped, hunks, version, app_url=app_url, feed_entries=content)
            for spec in service_feed_specs(data):
                yield feed_page(spec, content, version, base_url)
            rows.update((row["id"], row) for row in index_rows(data))
            latest.add(data.changes)

    yield stylesheet()
    yield from read_services(lambda sid: sid not in skipped)
    if skipped:
        merged = LatestReportable()
        merged.all, merged.severe = list(latest.all), {n: list(v) for n, v in latest.severe.items()}
        merged.add(previous.feed_entries(skipped))
        if previous.needs_every_service({s.path: s.changes for s in global_feed_specs(merged, EPOCH)}):
            yield from read_services(lambda sid: sid in skipped)
        else:
            latest = merged
            for sid in sorted(skipped):
                rows[sid] = previous.services[sid]["row"]
                for path in previous.owned_pages(sid):
                    yield Page(path, previous.pages[path], None)
    added = [s["added_at"] for s in store.all_services_brief()]
    first_added = min(added) if added else EPOCH
    yield from index_pages(list(rows.values()), global_feeds(), version)
    yield method_page(taxonomy, version, method_source, global_feeds())
    feed_specs = global_feed_specs(latest, first_added)
    for spec in feed_specs:
        yield feed_page(spec, content, version, base_url)
    yield operator_feed_page(store, version, base_url)
    if state is not None:   # (called once the pages are written: see `skip.new_state`)
        state["made"] = lambda: new_state(version, keys, rows, {spec.path: spec.changes for spec in feed_specs},
                                          content)


@contextmanager
def _collector_paused():
    """Loading a batch makes tens of thousands of plain dicts and lists, none in a reference
    cycle; the cyclic garbage collector would scan them again and again while they are made
    (more than doubling the time of an incremental build)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
