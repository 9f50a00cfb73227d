#!/usr/bin/env python
"""`import-ota` of a dataset with this checkout's code against another checkout's (A/B), in the
same session, with the same results proven: a table of wall and CPU seconds and their ratios.

    .venv/bin/python scripts/bench_import_ab.py /work/scale/s25 --base /tmp/speed/base [--runs 3] [--workers 2]

``--base``: a folder holding the other code's ``monitor`` package (e.g. ``git worktree add
/tmp/base a68e322``, or ``git archive a68e322 | tar -x -C /tmp/base``); it runs with this
interpreter (``PYTHONPATH=BASE``), so the two differ only by their code. Each run imports the
dataset into fresh state directories with both codes *at the same time* (one process tree
each): on a machine shared with others, both see the same load, so their ratio holds even when
the seconds do not. CPU seconds are the process tree's (user + system, worker processes
included), which the load does not inflate as it does wall time. Then each code exports its
last import (``export --json``) and the two exports are compared with ``compare_exports.py``
(they must be identical: a speed-up that changes a result is a bug).

Printed: per code, the median of the runs (wall s, CPU s, versions per wall second, peak RSS
of the largest process), the ratios base/this, the load average before and after, and the
export comparison. Exit status: 0 when the exports are identical, 1 when they differ, 2 when a
run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from monitor.paths import shared_dir

CHECKOUT = Path(__file__).resolve().parent.parent
COMPARE = Path(__file__).resolve().parent / "compare_exports.py"


def start(code: Path, home: Path, args: list[str], log: Path) -> subprocess.Popen:
    # the base finds the reference data where this checkout does; cwd is the scratch folder,
    # since ``python -m`` puts the working directory first on the path
    env = {**os.environ, "PYTHONPATH": str(code), "TERMSWATCH_SHARED": str(shared_dir())}
    return subprocess.Popen([sys.executable, "-m", "monitor", "--home", str(home), *args], env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=str(home.parent))


def finish(process: subprocess.Popen, started: float) -> dict:
    """Wait for the process; its wall seconds, CPU seconds and peak RSS (its tree's)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "ok": process.returncode == 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="an OTA dataset folder (scripts/ota_versions_to_dataset.py)")
    parser.add_argument("--base", type=Path, required=True, help="the other code's checkout")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep state directories and logs here (default: a temporary folder)")
    args = parser.parse_args()
    if not (args.base / "monitor" / "__init__.py").is_file():
        print(f"error: no monitor package in {args.base}", file=sys.stderr)
        return 2
    versions = len(json.loads((args.dataset / "INDEX.json").read_text())["versions"])
    codes = {"base": args.base.resolve(), "this": CHECKOUT}
    results: dict[str, list[dict]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        load_before = os.getloadavg()[0]
        for run in range(args.runs):
            started, running = time.perf_counter(), {}
            for name, code in codes.items():
                home = work / f"{name}-{run}" / "home"
                home.mkdir(parents=True, exist_ok=True)
                running[name] = start(code, home, ["import-ota", str(args.dataset), "--workers", str(args.workers)],
                                      work / f"{name}-{run}" / "import.log")
            # each waited for in its own thread, so that each wall time ends when its import does
            finished: dict[str, dict] = {}
            waiters = [threading.Thread(target=lambda n, p: finished.__setitem__(n, finish(p, started)),
                                        args=(name, process)) for name, process in running.items()]
            for waiter in waiters:
                waiter.start()
            for waiter in waiters:
                waiter.join()
            for name in running:
                results[name].append(finished[name])
                if not results[name][-1]["ok"]:
                    print(f"error: the {name} import failed (see {work / f'{name}-{run}' / 'import.log'})",
                          file=sys.stderr)
                    return 2
            print(f"run {run + 1}: " + ", ".join(f"{n} {r[-1]['wall']:.0f} s wall / {r[-1]['cpu']:.0f} s CPU"
                                                 for n, r in results.items()), file=sys.stderr)
        load_after = os.getloadavg()[0]
        exports = {}
        for name, code in codes.items():
            exports[name] = work / f"{name}-{args.runs - 1}" / "export.json"
            process = start(code, exports[name].parent / "home", ["export", "--json", str(exports[name])],
                            work / f"{name}-export.log")
            if process.wait() != 0:
                print(f"error: the {name} export failed", file=sys.stderr)
                return 2
        comparison = subprocess.run([sys.executable, str(COMPARE), str(exports["base"]), str(exports["this"])],
                                    capture_output=True, text=True)

    median = {name: {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss_mb")}
              for name, runs in results.items()}
    print(f"\n{args.dataset} ({versions:,} versions), --workers {args.workers}, {args.runs} run(s) each, "
          f"both codes at once; load average {load_before:.1f} before, {load_after:.1f} after\n")
    print("| code | wall s | CPU s | versions / wall s | versions / CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, m in median.items():
        label = f"base ({codes['base']})" if name == "base" else "this checkout"
        print(f"| {label} | {m['wall']:.0f} | {m['cpu']:.0f} | {versions / m['wall']:.1f} | "
              f"{versions / m['cpu']:.1f} | {m['rss_mb']:.0f} |")
    print(f"| **ratio base / this** | **{median['base']['wall'] / median['this']['wall']:.2f}** | "
          f"**{median['base']['cpu'] / median['this']['cpu']:.2f}** | | | |")
    identical = comparison.returncode == 0
    print(f"\nexports {'identical' if identical else 'DIFFER'} (compare_exports.py exit {comparison.returncode})")
    if not identical:
        print(comparison.stdout[-3000:])
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
