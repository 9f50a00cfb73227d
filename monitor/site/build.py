"""`build_site`: the whole static site (pages, stylesheet, feeds) from the store, incrementally."""

from __future__ import annotations

import gc
import itertools
import logging
import os
import time
from pathlib import Path

from ..store import Store
from .data import load_site_data
from .output import BuildReport, publish
from .pages import HunkCache, prepare_changes, site_pages, site_version

log = logging.getLogger(__name__)


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
    from ..feeds import feed_pages, global_feeds, operator_feed_page  # here: monitor.feeds imports this package

    started = time.perf_counter()
    # Loading makes a few hundred thousand plain dicts and lists, none in a reference cycle;
    # the cyclic garbage collector would scan them again and again (more than doubling the
    # time of an incremental build). So it is paused while they are made, then they are
    # frozen out of its sight while pages render (which does make short-lived garbage).
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = load_site_data(store)
        version = site_version(data.taxonomy)
        hunks = HunkCache(store)
        grouped = prepare_changes(data)
        pages = itertools.chain(
            site_pages(data, grouped, hunks, version, feeds=global_feeds(),
                       method_source=Path(method_source) if method_source else None, app_url=app_url),
            feed_pages(data, hunks, version, base_url), [operator_feed_page(store, version, base_url)])
        gc.freeze()
        if collecting:
            gc.enable()
        report = publish(out_dir, pages, incremental=incremental, prepare=hunks.prepare)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()
    report.seconds = time.perf_counter() - started
    log.debug("site: %s -> %s", report, Path(out_dir) / "index.html")
    return report
