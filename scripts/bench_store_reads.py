"""Store size and read speed of a Termswatch database (run by hand; BENCHMARKS.md, "Compact store").

    python scripts/bench_store_reads.py HOME/termswatch.db [--text-mb N] [--seconds 10]

Prints one JSON object: the file's size and its ratio to ``--text-mb`` (the dataset's
text, repeats included) when given, the largest tables and indexes (``dbstat``), and read
speeds through the store's own methods, so the same script measures the code before and
after a change of storage (run it with each checkout's Python on a copy of each store):

- ``change_hunk_reads``: a random change's hunks (``Store.hunk_rows``, what the export, the
  feeds and the web app read), hunks/s;
- ``every_change_hunks_in_order``: every change's hunks, 50 changes a read, document after
  document (``Store.hunk_rows_of``, what a site build reads);
- ``version_reads``: a random version with its text (``Store.version``), characters/s;
- ``score_reads``: a random score's reasons (``Store.score_reasons``).

The database is opened without migrating it and only read.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from monitor.store import Store


def timed_reads(ids: list, read, seconds: float) -> dict:
    """Reads random ids for about ``seconds``: reads/s and items read/s."""
    rng = random.Random(16)
    reads = items = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds and ids:
        items += read(rng.choice(ids))
        reads += 1
    elapsed = time.perf_counter() - start
    return {"reads_per_s": round(reads / elapsed, 1), "items_per_s": round(items / elapsed, 1)}


def every_read(batches: list, read) -> dict:
    items = 0
    start = time.perf_counter()
    for batch in batches:
        items += read(batch)
    elapsed = time.perf_counter() - start
    return {"seconds": round(elapsed, 1), "items_per_s": round(items / elapsed, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--text-mb", type=float, help="the dataset's text in MB, for the ratio")
    parser.add_argument("--seconds", type=float, default=10.0, help="per kind of random read")
    args = parser.parse_args(argv)

    store = Store.open(args.database, migrate=False)
    query = store.query
    sizes = {row["name"]: round(row["size"] / 1e6, 2) for row in query(
        "SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name ORDER BY 2 DESC")}
    file_mb = args.database.stat().st_size / 1e6
    changes = [row["id"] for row in query("SELECT id FROM changes ORDER BY document_id, to_version_id")]
    versions = [row["id"] for row in query("SELECT id FROM versions")]
    scores = [row["id"] for row in query("SELECT id FROM scores")]

    result = {
        "database": str(args.database), "schema": store.schema_version, "file_mb": round(file_mb, 1),
        "db_over_text": round(file_mb / args.text_mb, 3) if args.text_mb else None,
        "hunks": next(query("SELECT count(*) AS n FROM hunks"))["n"],
        "change_hunk_reads": timed_reads(changes, lambda c: len(store.hunk_rows(c)), args.seconds),
        "every_change_hunks_in_order": every_read([changes[i:i + 50] for i in range(0, len(changes), 50)],
                                                  lambda batch: sum(1 for _ in store.hunk_rows_of(batch))),
        "version_reads": timed_reads(versions, lambda v: len(store.version(v)["text"]), args.seconds),
        "score_reads": timed_reads(scores, lambda s: len(store.score_reasons([s])[0]["reasons"]), args.seconds),
        "largest": dict(list(sizes.items())[:12]),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
