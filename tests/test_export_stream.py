"""The JSON export is written a change at a time: the file holds exactly the data of
`export_data`, and its writer's memory does not grow with the history."""

from __future__ import annotations

import json
import tracemalloc

from monitor.export import export_data, write_json
from monitor.language import detect_language
from monitor.store import Store
from synthetic_store import populate


def test_streamed_export_equals_the_export_data(tmp_path):
    store = Store.open(tmp_path / "db.sqlite")
    populate(store, services=3, versions=12, hostile=True)
    path = write_json(store, tmp_path / "export.json")
    streamed = json.loads(path.read_text(encoding="utf-8"))
    assert streamed == export_data(store)
    documents = [d for s in streamed["services"] for d in s["documents"]]
    assert sum(len(d["changes"]) for d in documents) == 3 * 2 * 11
    assert all(c["hunks"] for d in documents for c in d["changes"])


def _load_the_language_model() -> None:
    """Load py3langid's model (~67 MB, read by the rating) before tracing: loaded within the
    first traced export, it would dwarf what the comparison is about."""
    detect_language("We collect the data you give us when you sign up. " * 5)


def test_streamed_export_memory_does_not_grow_with_the_history(tmp_path):
    _load_the_language_model()
    def peak(services: int) -> tuple[int, int]:
        store = Store.open(tmp_path / f"db{services}.sqlite")
        populate(store, services=services, versions=30)
        # one untraced export first: what a process loads or compiles once, on first use
        # (whichever test ran before in this worker decides whether that already happened),
        # is not memory that grows with the history
        write_json(store, tmp_path / f"warm{services}.json")
        tracemalloc.start()
        path = write_json(store, tmp_path / f"export{services}.json")
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
        return peak_bytes, path.stat().st_size

    small_peak, small_size = peak(2)
    big_peak, big_size = peak(16)
    assert big_size > 6 * small_size
    # 8x the data, well under 2x the memory (a whole-dict export grows with the data)
    assert big_peak < 2 * small_peak, (small_peak, big_peak)


def test_one_long_document_costs_the_memory_of_one_change(tmp_path):
    """A single document with a long history of big rewrites (each change's per-hunk
    assessments run to thousands of entries) is exported a change at a time: its changes are
    not all read before the first is written."""
    from monitor.store.db import packed_json

    _load_the_language_model()

    def peak(versions: int) -> tuple[int, int]:
        store = Store.open(tmp_path / f"long{versions}.sqlite")
        populate(store, services=1, versions=versions, documents=("Privacy Policy",))
        per_hunk = [{"direction": "worse", "categories": ["data_sale"], "hunk": n} for n in range(3000)]
        store.db.execute("UPDATE assessments SET hunk_assessments = ?", [packed_json(json.dumps(per_hunk))])
        store.db.conn.commit()
        tracemalloc.start()
        path = write_json(store, tmp_path / f"long{versions}.json")
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
        return peak_bytes, path.stat().st_size

    short_peak, short_size = peak(16)
    long_peak, long_size = peak(128)
    assert long_size > 6 * short_size
    # 8x the changes of one document, well under 2x the memory
    assert long_peak < 2 * short_peak, (short_peak, long_peak)
