#!/usr/bin/env python
"""Import benchmark for a versions repository: the import step of ``import-ota`` over a git clone.

    .venv/bin/python scripts/bench_import_git.py REPOSITORY [--home DIR] [--commits N]

REPOSITORY is a local clone (working or bare) of an OTA versions repository, e.g. a mirror of
contrib-versions (nothing is fetched). With ``--commits N`` only its first N commits are read
(a bare repository borrowing the clone's objects, its branch at the Nth commit). The import
runs in this process through the Python API, without the analysis that ``termswatch
import-ota`` runs next (diff, classify, scores), then runs again to time an up-to-date re-run.
Printed: wall time, versions recorded, documents, database size and peak RSS.

Prerequisite: Termswatch installed in the interpreter (``pip install -e .``).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from monitor.ota_git import import_versions_repository
from monitor.store import Store


def first_commits(repository: Path, count: int, scratch: Path) -> Path:
    commits = subprocess.run(["git", "-C", str(repository), "rev-list", "--reverse", "--topo-order", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.split()
    git_dir = subprocess.run(["git", "-C", str(repository), "rev-parse", "--absolute-git-dir"],
                             capture_output=True, text=True, check=True).stdout.strip()
    part = scratch / "slice.git"
    subprocess.run(["git", "init", "-q", "--bare", str(part)], check=True)
    (part / "objects" / "info" / "alternates").write_text(f"{git_dir}/objects\n")
    subprocess.run(["git", "-C", str(part), "update-ref", "HEAD", commits[min(count, len(commits)) - 1]], check=True)
    return part


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", type=Path)
    parser.add_argument("--home", type=Path, help="state directory (default: a temporary one, removed after)")
    parser.add_argument("--commits", type=int, help="read only the first N commits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        repository = first_commits(args.repository, args.commits, Path(scratch)) if args.commits else args.repository
        database = (args.home or Path(scratch) / "home") / "termswatch.db"
        with Store.open(database) as store:
            started = time.perf_counter()
            report = import_versions_repository(store, repository)
            wall = time.perf_counter() - started
            started = time.perf_counter()
            rerun = import_versions_repository(store, repository)
            rerun_wall = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in database.parent.glob("termswatch.db*")) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import of {args.repository}{f' (first {args.commits} commits)' if args.commits else ''}: "
          f"{report.summary()}")
    print(f"  {wall:.1f} s, {report.recorded / wall:.0f} versions/s; database {size_mb:.0f} MB; "
          f"peak RSS {peak_mb:.0f} MB (git's own processes not included)")
    print(f"  re-run: {rerun.summary()} in {rerun_wall:.2f} s")
    print(f"  refused {len(report.refused)}, problems {len(report.problems)}, notes {len(report.notes)}")
    for line in (report.refused + report.problems + report.notes)[:10]:
        print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
