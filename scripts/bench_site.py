#!/usr/bin/env python
"""Benchmark of the static site build (issue 6).

Builds a synthetic store of 1,000 services x 20 versions (one document each: 19,000
changes with hunks and assessments, findings and scores, inserted in bulk), then times

- a full build into an empty folder (every page and feed rendered and written),
- an incremental rebuild after one new change (only the pages whose data changed),

each the median of several runs, with the pages written, and two baselines measured in the
same process:

- "render only": rendering every page of the full build without writing any file;
- "write only": writing the same bytes again, atomically, without rendering;
- "no-op rebuild": an incremental rebuild when nothing changed (the fixed cost of reading
  the store and comparing fingerprints), the floor of any incremental rebuild.

Targets: full build <= 60 s, incremental rebuild <= 2 s. Wall-clock seconds are reported
with the process's CPU seconds beside them (the machine may be shared).

    .venv/bin/python scripts/bench_site.py [--services 1000] [--versions 20] [--runs 3]

With ``--home HOME`` (a home with an imported history, e.g. of ``/work/scale/s100``; it is
changed: work on a copy you keep), it measures real data instead: one new version of a
document recorded and analysed by the real pipeline (its latest text plus one sentence),
then an incremental build, ``--runs`` times over different services, and a no-op rebuild;
a table of the medians, and the site's size by kind of page:

    .venv/bin/python scripts/bench_site.py --home H [--site H/site] [--runs 5]

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from monitor.site import build_site
from monitor.site.build import all_pages
from monitor.site.pages import HunkCache
from monitor.store import Store


def _load_synthetic_store():
    """tests/synthetic_store.py: a test fixture, so not in the package; this benchmark runs
    from a checkout and loads it from there."""
    path = Path(__file__).resolve().parent.parent / "tests" / "synthetic_store.py"
    spec = importlib.util.spec_from_file_location("synthetic_store", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # the importlib recipe: its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


synthetic_store = _load_synthetic_store()
add_version, populate = synthetic_store.add_version, synthetic_store.populate


def timed(action):
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def render_only(store: Store) -> int:
    """Every page rendered (Jinja2, feedgen) with its data loaded, nothing written."""
    hunks = HunkCache(store)
    count = 0
    for batch in _batches(all_pages(store, hunks), 500):
        hunks.prepare(batch)
        for page in batch:
            page.render()
        count += len(batch)
    return count


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def atomic_write(path: Path, content: bytes) -> None:
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_bytes(content)
    scratch.replace(path)


def write_only(site: Path, target: Path) -> int:
    """The built site's bytes written again, file by file, atomically: the I/O floor."""
    files = [(p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    made = set()
    for relative, content in files:
        path = target / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        atomic_write(path, content)
    return len(files)


def row(name: str, runs: list[tuple], pages: str) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"| {name} | {wall:.2f} | {cpu:.2f} | {pages} |"


def add_real_version(store: Store, service_id: str, run: int) -> str:
    """Record a new text for one of the service's documents (its latest text plus a
    sentence) a day after its latest version, and run every analysis stage over it."""
    from datetime import timedelta

    from monitor.clock import parse_iso, to_iso
    from monitor.pipeline import process_new_records

    document = next(d for d in store.service_documents(service_id) if store.versions(d["id"]))
    latest = store.versions(document["id"])[-1]
    text = store.version(latest["id"])["text"]
    text += f"\n\nWe may share your personal data with advertising partners (benchmark revision {run})."
    store.record_version(document["id"], text, recorded_at=to_iso(parse_iso(latest["recorded_at"]) + timedelta(days=1)))
    process_new_records(store)
    return f"{service_id} / {document['terms_type']}"


def site_size(site: Path) -> list[tuple[str, int, float]]:
    """(kind of page, files, MB) of a built site."""
    kinds: dict[str, list] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        name = str(path.relative_to(site))
        if "/changes/cosmetic-" in name:
            kind = "cosmetic group pages"
        elif "/changes/" in name:
            kind = "change pages"
        elif name.startswith("services/"):
            kind = "service pages"
        elif name.startswith("feeds/"):
            kind = "feeds"
        else:
            kind = "index, method, stylesheet, manifest"
        entry = kinds.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += path.stat().st_size
    return [(kind, n, size / 1e6) for kind, (n, size) in sorted(kinds.items())]


def bench_home(home: Path, site: Path, runs: int) -> None:
    store = Store.open(home / "termswatch.db")
    if not (site / ".termswatch-site.json").is_file():
        report, wall, cpu = timed(lambda: build_site(store, site))
        print(f"  first build: {report} ({wall:.1f} s wall)")
    report, wall, cpu = timed(lambda: build_site(store, site))   # the code may have changed since
    print(f"  catch-up build: {report}")
    services = [s["id"] for s in store.services() if any(store.versions(d["id"]) for d in store.service_documents(s["id"]))]
    noop_runs, incremental_runs, written = [], [], []
    for run in range(runs):
        report, wall, cpu = timed(lambda: build_site(store, site))
        noop_runs.append((wall, cpu))
        what = add_real_version(store, services[run * 7 % len(services)], run)
        report, wall, cpu = timed(lambda: build_site(store, site))
        incremental_runs.append((wall, cpu))
        written.append(report.written)
        print(f"  after a new version of {what}: {report}")
    store.close()
    print()
    print(f"{home}: median of {runs} runs")
    print()
    print("| measurement | wall s | CPU s | pages (files) written |")
    print("|---|---|---|---|")
    print(row("incremental build after one new version (recorded and analysed first, not timed)",
              incremental_runs, "/".join(map(str, written))))
    print(row("no-op rebuild (nothing changed)", noop_runs, "0"))
    print()
    print("| pages | files | MB |")
    print("|---|---:|---:|")
    for kind, files, mb in site_size(site):
        print(f"| {kind} | {files:,} | {mb:.1f} |")
    incremental = statistics.median(r[0] for r in incremental_runs)
    print(f"\ntarget: incremental {incremental:.2f} s <= 2 s: {'met' if incremental <= 2 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the store and the sites (default: a temporary one)")
    parser.add_argument("--home", type=Path, help="measure a real home's store instead (it gets new versions)")
    parser.add_argument("--site", type=Path, help="with --home: the site folder (default: HOME/site)")
    args = parser.parse_args()
    if args.home:
        bench_home(args.home, args.site or args.home / "site", args.runs)
        return

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-site-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.db"
    for stale in work.glob("bench.db*"):
        stale.unlink()
    store = Store.open(db)
    counts, seconds, _ = timed(lambda: populate(store, services=args.services, versions=args.versions,
                                                documents=("Privacy Policy",)))
    print(f"store: {counts} inserted in {seconds:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    site = work / "site"

    full_runs, written = [], None
    for _ in range(args.runs):
        shutil.rmtree(site, ignore_errors=True)
        report, wall, cpu = timed(lambda: build_site(store, site))
        full_runs.append((wall, cpu))
        written = report.written
        print(f"  full build: {report}")

    render_runs = []
    for _ in range(args.runs):
        rendered, wall, cpu = timed(lambda: render_only(store))
        render_runs.append((wall, cpu))
    copy_runs = []
    for _ in range(args.runs):
        shutil.rmtree(work / "copy", ignore_errors=True)
        copied, wall, cpu = timed(lambda: write_only(site, work / "copy"))
        copy_runs.append((wall, cpu))

    noop_runs, incremental_runs, incremental_written = [], [], []
    services = [s["id"] for s in store.services()]
    for run in range(args.runs):
        report, wall, cpu = timed(lambda: build_site(store, site))
        if report.written:   # only if docs/scoring.md or the like was edited meanwhile
            print(f"  no-op rebuild wrote {report.written_paths}")
        noop_runs.append((wall, cpu))
        add_version(store, services[run * 7 % len(services)])
        report, wall, cpu = timed(lambda: build_site(store, site))
        incremental_runs.append((wall, cpu))
        incremental_written.append(report.written)
        print(f"  incremental rebuild after one new change: {report}")
    store.close()

    full = statistics.median(r[0] for r in full_runs)
    incremental = statistics.median(r[0] for r in incremental_runs)
    floor = statistics.median(r[0] for r in render_runs) + statistics.median(r[0] for r in copy_runs)
    print()
    print(f"{args.services} services x {args.versions} versions; median of {args.runs} runs")
    print()
    print("| measurement | wall s | CPU s | pages (files) written |")
    print("|---|---|---|---|")
    print(row("full build", full_runs, f"{written}"))
    print(row("baseline: render only, no writes", render_runs, f"0 ({rendered} rendered)"))
    print(row("baseline: write the same bytes, no rendering", copy_runs, f"{copied} files"))
    print(row("incremental rebuild after one new change", incremental_runs,
              "/".join(str(n) for n in incremental_written)))
    print(row("baseline: no-op rebuild (nothing changed)", noop_runs, "0"))
    print()
    print(f"full build / (render only + write only) = {full / floor:.2f}")
    print(f"incremental / no-op rebuild = {incremental / statistics.median(r[0] for r in noop_runs):.2f}")
    print(f"targets: full {full:.1f} s <= 60 s: {'met' if full <= 60 else 'MISSED'}; "
          f"incremental {incremental:.2f} s <= 2 s: {'met' if incremental <= 2 else 'MISSED'}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
