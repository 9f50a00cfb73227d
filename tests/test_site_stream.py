"""`site build` streams: it reads the store a batch of services at a time and renders and
writes a batch of pages at a time, so its memory does not grow with the history, and the
site it writes does not depend on the batches."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from monitor.site import build as site_build
from monitor.site import build_site, output
from monitor import feeds
from monitor.diff.memo import forget_all
from monitor.store import Store
from monitor.text import forget_parsed_paragraphs
from synthetic_store import populate

pytestmark = pytest.mark.slow


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".termswatch-site.json"}


def test_the_site_is_the_same_whatever_the_batches(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "db.sqlite")
    populate(store, services=4, versions=14, hostile=True)
    build_site(store, tmp_path / "whole")
    monkeypatch.setattr(site_build, "CHANGES_PER_BATCH", 1)      # a service at a time
    monkeypatch.setattr(output, "BATCH", 7)                     # pages of several services per batch
    build_site(store, tmp_path / "streamed")
    whole, streamed = _files(tmp_path / "whole"), _files(tmp_path / "streamed")
    assert len(whole) > 100
    assert streamed == whole


def test_site_build_memory_does_not_grow_with_the_history(tmp_path, monkeypatch):
    # Small batches, so that the small history already spans several of them.
    monkeypatch.setattr(site_build, "CHANGES_PER_BATCH", 150)
    monkeypatch.setattr(output, "BATCH", 50)
    # The feeds' entries are made with the change pages and kept until the feeds are written:
    # at most FEED_ENTRIES per document, so the small history already reaches that bound too.
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)

    def peak(services: int, name: str = "") -> tuple[int, int]:
        store = Store.open(tmp_path / f"db{services}{name}.sqlite")
        populate(store, services=services, versions=30,
                 service_ids=[f"{name or 'Service'} {n:04d}" for n in range(1, services + 1)])
        # memos bounded process-wide (the diff's, parsed paragraphs) start empty for each build:
        # what earlier tests in this process left in them is not the build's memory
        forget_all()
        forget_parsed_paragraphs()
        tracemalloc.start()
        report = build_site(store, tmp_path / f"site{services}{name}")
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
        return peak_bytes, report.written

    # Modules, templates and caches loaded once, before anything is measured; the memos bounded
    # by their number of entries (the language of each document's opening, its paragraphs'
    # n-grams: `monitor.language`) filled to their bounds, as a long history fills them: filling
    # them in the measured builds grew the big one's peak with the number of documents up to
    # those bounds (1.84x alone, 2.02x after other tests), which is no growth with the history.
    # The warm-up's services have other names, so other texts: a memo without a bound still
    # grows in the measured builds (1.73x alone: what is left grows with the pages, the
    # manifest's address and digest of each).
    peak(64, "Warm")
    small_peak, small_pages = peak(4)
    big_peak, big_pages = peak(32)
    assert big_pages > 7 * small_pages
    # 8x the history, well under 2x the memory (a build that loads every change grows with it)
    assert big_peak < 2 * small_peak, (small_peak, big_peak)


def test_batches_of_services_without_changes_stay_under_the_sql_parameter_cap():
    """Services with no change cost nothing by the change count, yet each id is a bound SQL
    parameter: a catalogue of never-captured services must still come in bounded batches."""
    from monitor.site.data import service_ids_in_batches

    store = Store.open(":memory:")
    for number in range(1203):
        store.ensure_document(f"S{number:04d}", f"Service {number}", "Terms of Service",
                              f"https://s{number}.example/terms", {"fetch": f"https://s{number}.example/terms"})
    batches = list(service_ids_in_batches(store, changes_per_batch=2000, services_per_batch=500))
    assert [len(batch) for batch in batches] == [500, 500, 203]
    assert sorted(i for batch in batches for i in batch) == sorted(s["id"] for s in store.all_services_brief())
