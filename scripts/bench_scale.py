#!/usr/bin/env python
"""How Termswatch scales with history: import, store, export and site over growing slices of
an OTA dataset folder (e.g. the whole contrib history built by ota_versions_to_dataset.py).

    .venv/bin/python scripts/bench_scale.py /work/scale/full --series 25,50,100,200,385 [--runs 1]

For each N of the series, the first N services (name order) are hard-linked into a slice
folder beside the dataset (with their part of INDEX.json), then, in a fresh state
directory, each command runs as a child process under ``/usr/bin/time -v``:

    termswatch import-ota SLICE       (import + the whole analysis)
    termswatch import-ota SLICE       (again: a no-op)
    termswatch export --json FILE
    termswatch site build

It prints one markdown row per slice: versions, text (MB of version texts), import seconds
(median of --runs), versions/s, import peak RSS (its largest process, and its whole process
tree: parent and workers together), re-import seconds, database MB and its
ratio to the text, random version reads per second, export seconds / peak RSS / MB, site
seconds / peak RSS / files / MB. Slow: run it late, on a quiet machine, and say when not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_slice(dataset: Path, services: int, out: Path) -> tuple[int, int]:
    """Hard-link the first ``services`` services of ``dataset`` into ``out`` (kept between runs)."""
    index = json.loads((dataset / "INDEX.json").read_text(encoding="utf-8"))
    names = sorted({v["service"] for v in index["versions"]})[:services]
    keep = set(names)
    entries = [v for v in index["versions"] if v["service"] in keep]
    if not (out / "INDEX.json").is_file():
        shutil.rmtree(out, ignore_errors=True)
        for name in names:
            for file in (dataset / name).rglob("*.md"):
                target = out / file.relative_to(dataset)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(file, target)
        (out / "INDEX.json").write_text(json.dumps({**index, "versions": entries}), encoding="utf-8")
    text_bytes = sum((out / v["file"]).stat().st_size for v in entries)
    return len(entries), text_bytes


def timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB of its largest process, peak RSS MB of its whole process
    tree) of a child process. ``/usr/bin/time -v`` gives the largest process (workers
    included); the tree (parent and workers together) is sampled from /proc twice a second."""
    started = time.monotonic()
    child = subprocess.Popen(["/usr/bin/time", "-v", *command], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    tree_peak = 0.0
    while True:
        tree_peak = max(tree_peak, tree_rss_mb(child.pid))
        try:
            _, stderr = child.communicate(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            continue
    wall = time.monotonic() - started
    if child.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {stderr[-800:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1)) / 1024
    return wall, peak, tree_peak


def tree_rss_mb(root: int) -> float:
    """Resident memory (MB) of process ``root`` and all its descendants, now (0 off Linux)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as statm:
                rss[int(entry)] = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue     # gone meanwhile
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return sum(rss.get(pid, 0) for pid in tree) / 1e6


def version_reads_per_second(database: Path, reads: int = 2000) -> float:
    from monitor.store import Store

    store = Store.open(database)
    ids = [row[0] for row in store.db.execute("SELECT id FROM versions")]
    sample = random.Random(0).choices(ids, k=reads)
    started = time.monotonic()
    for version_id in sample:
        store.version(version_id)["text"]
    rate = reads / (time.monotonic() - started)
    store.close()
    return rate


def folder_size(path: Path) -> tuple[int, float]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def bench(dataset: Path, services: int, runs: int, work: Path) -> dict:
    termswatch = [sys.executable, "-m", "monitor"]
    slice_dir = work / f"slice-{services}"
    versions, text_bytes = make_slice(dataset, services, slice_dir)
    imports = []
    for run in range(runs):
        home = work / f"home-{services}"
        shutil.rmtree(home, ignore_errors=True)
        imports.append(timed([*termswatch, "--home", str(home), "import-ota", str(slice_dir)]))
    reimport, _, _ = timed([*termswatch, "--home", str(home), "import-ota", str(slice_dir)])
    database = home / "termswatch.db"
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_mb = database.stat().st_size / 1e6
    export_file = work / f"export-{services}.json"
    export_s, export_rss, _ = timed([*termswatch, "--home", str(home), "export", "--json", str(export_file)])
    site_s, site_rss, _ = timed([*termswatch, "--home", str(home), "site", "build"])
    site_files, site_mb = folder_size(home / "site")
    import_s = statistics.median(wall for wall, _, _ in imports)
    return {"services": services, "versions": versions, "text_mb": text_bytes / 1e6, "import_s": import_s,
            "versions_per_s": versions / import_s, "import_rss_mb": max(rss for _, rss, _ in imports),
            "import_tree_mb": max(tree for _, _, tree in imports),
            "reimport_s": reimport, "db_mb": db_mb, "db_ratio": db_mb / (text_bytes / 1e6),
            "reads_per_s": version_reads_per_second(database), "export_s": export_s,
            "export_rss_mb": export_rss, "export_mb": export_file.stat().st_size / 1e6,
            "site_s": site_s, "site_rss_mb": site_rss, "site_files": site_files, "site_mb": site_mb}


COLUMNS = [("services", "{}"), ("versions", "{}"), ("text_mb", "{:.0f}"), ("import_s", "{:.0f}"),
           ("versions_per_s", "{:.1f}"), ("import_rss_mb", "{:.0f}"), ("import_tree_mb", "{:.0f}"),
           ("reimport_s", "{:.1f}"), ("db_mb", "{:.0f}"),
           ("db_ratio", "{:.2f}"), ("reads_per_s", "{:.0f}"), ("export_s", "{:.0f}"), ("export_rss_mb", "{:.0f}"),
           ("export_mb", "{:.0f}"), ("site_s", "{:.0f}"), ("site_rss_mb", "{:.0f}"), ("site_files", "{}"),
           ("site_mb", "{:.0f}")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="an OTA dataset folder with INDEX.json")
    parser.add_argument("--series", default="25,50,100,200,385", help="numbers of services, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="imports per slice (the median is shown)")
    parser.add_argument("--work", type=Path, help="where slices and state go (default: beside the dataset)")
    args = parser.parse_args()
    if not (args.dataset / "INDEX.json").is_file():
        print(f"{args.dataset}: no INDEX.json (build one with scripts/ota_versions_to_dataset.py)", file=sys.stderr)
        return 2
    work = args.work or args.dataset.parent / f"{args.dataset.name}-bench"
    work.mkdir(parents=True, exist_ok=True)
    print("| " + " | ".join(name for name, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for services in (int(n) for n in args.series.split(",")):
        row = bench(args.dataset, services, args.runs, work)
        print("| " + " | ".join(fmt.format(row[name]) for name, fmt in COLUMNS) + " |", flush=True)
        (work / f"result-{services}.json").write_text(json.dumps(row, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
