#!/usr/bin/env python
"""The timeline of one ``import-ota``: per stage, its wall seconds, the CPU seconds of the main
process and of the worker processes, and how many cores the import kept busy (or idle).

    .venv/bin/python scripts/bench_import_timeline.py /work/scale/s25 --workers 2 --home /tmp/x/home [--code DIR]
    .venv/bin/python scripts/bench_import_timeline.py --attach PID --samples FILE   # an import already running

The import's process tree is sampled every ``--every`` seconds from ``/proc``: each process's
CPU time (``stat``) and its time waiting for a core (``schedstat``). On a machine shared with
others, CPU / wall says how busy the import *was* (others took cores from it); (CPU + time
waiting for a core) / wall says how many cores it *wanted*: what it would keep busy on a quiet
machine. "Idle core-seconds" are ``cores x wall - wanted``: time a core had nothing of the
import's to run (a worker waiting for a task, the parent waiting for a result, a stage running
on one process).

Stages are read from the progress lines (``importing versions: import``, ``analysing: diff``,
``classify``, ``findings``, ``score``) and from the worker processes: a stage with workers
starts when its pool's workers appear (its first progress line comes only once its first task
is done), one without at its first progress line; "after import" runs from the import's last
line to the next stage (the diff's plan: pending versions, reserved ids). A stage ends where
the next one starts (so the diff's row holds ``settle_suspects``, run on its own before the
classify pool starts). "tail" is the last stretch of a stage with workers in which the import
wanted one core or less: the last documents running alone while the other cores idle.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
STAGE_LINE = re.compile(r"^(?:importing versions|analysing): (\w+) (\d+)/(\d+)")


def process_tree(root: int) -> list[int]:
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as file:
                    todo += [int(child) for child in file.read().split()]
        except OSError:
            pass
    return tree


def sample(root: int) -> list[list]:
    """[pid, parent pid, CPU s, on-core s, waiting-for-a-core s] of every process of the tree."""
    rows = []
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as file:
                stat = file.read()
            fields = stat[stat.rindex(")") + 2:].split()
            with open(f"/proc/{pid}/schedstat") as file:
                on_core, waiting, _ = file.read().split()
        except (OSError, ValueError):
            continue
        rows.append([pid, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK,
                     int(on_core) / 1e9, int(waiting) / 1e9])
    return rows


def sample_until_gone(root: int, every: float, samples: list, out=None) -> None:
    while os.path.exists(f"/proc/{root}"):
        record = [time.time(), sample(root)]
        samples.append(record)
        if out:
            out.write(json.dumps(record) + "\n")
            out.flush()
        time.sleep(every)


def run_import(args) -> tuple[list, list, float]:
    """Run the import, sampling its tree; (samples, [(time, stage)] of first progress lines, end)."""
    env = {**os.environ, "PYTHONPATH": str(args.code)}
    env.setdefault("TERMSWATCH_SHARED", "/work/shared")
    args.home.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "monitor", "--home", str(args.home), "import-ota", str(args.dataset),
               "--workers", str(args.workers)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               cwd=str(args.home.parent), text=True)
    samples: list = []
    sampler = threading.Thread(target=sample_until_gone, args=(process.pid, args.every, samples), daemon=True)
    sampler.start()
    stages: list[tuple[float, str]] = [(time.time(), "start")]
    for line in process.stderr:
        match = STAGE_LINE.match(line)
        if match and match.group(1) != stages[-1][1]:
            stages.append((time.time(), match.group(1)))
        if match and match.group(1) == "import" and match.group(2) == match.group(3):
            stages.append((time.time(), "after import"))
    process.wait()
    end = time.time()
    sampler.join()
    if process.returncode:
        sys.exit(f"import failed ({process.returncode})")
    return samples, stages, end


def intervals(samples: list, root: int) -> list[dict]:
    """Per interval between two samples: its time, and the parent's and the workers' CPU and
    wanted seconds (a process is counted from the sample it first appears in)."""
    out = []
    for (t0, rows0), (t1, rows1) in zip(samples, samples[1:]):
        before = {row[0]: row for row in rows0}
        part = {"t0": t0, "t1": t1, "main_cpu": 0.0, "main_want": 0.0, "work_cpu": 0.0, "work_want": 0.0,
                "busiest": 0.0}
        for pid, _, cpu, on_core, waiting in rows1:
            if pid not in before:
                continue
            _, _, cpu0, on0, wait0 = before[pid]
            who = "main" if pid == root else "work"
            part[f"{who}_cpu"] += cpu - cpu0
            part[f"{who}_want"] += (on_core - on0) + (waiting - wait0)
            part["busiest"] = max(part["busiest"], on_core - on0)
        out.append(part)
    return out


def stage_starts(samples: list, stages: list[tuple[float, str]], root: int) -> list[tuple[float, str]]:
    """Each stage's start: when its pool's workers appeared, if it has any (its first progress
    line comes only once its first task is done), else its first progress line."""
    born: dict[int, float] = {}
    for at, rows in samples:
        for row in rows:
            if row[0] != root and row[1] == root:
                born.setdefault(row[0], at)
    starts = [(stages[0][0], "import")]
    for index, (at, name) in enumerate(stages):
        if name in ("start", "import"):
            continue
        previous = stages[index - 1][0]
        appeared = [t for t in born.values() if previous <= t <= at]
        starts.append((min(appeared) if appeared and name != "after import" else at, name))
    return starts


def stage_table(parts: list[dict], stages: list[tuple[float, str]], end: float, cores: int) -> list[dict]:
    bounds = stages
    rows = []
    for index, (start, name) in enumerate(bounds):
        stop = bounds[index + 1][0] if index + 1 < len(bounds) else end
        inside = [p for p in parts if start <= (p["t0"] + p["t1"]) / 2 < stop]
        wall = stop - start
        row = {"stage": name, "wall": wall}
        for key in ("main_cpu", "main_want", "work_cpu", "work_want"):
            row[key] = sum(p[key] for p in inside)
        want = row["main_want"] + row["work_want"]
        row["cores_busy"] = (row["main_cpu"] + row["work_cpu"]) / wall if wall else 0.0
        row["cores_wanted"] = want / wall if wall else 0.0
        row["idle_core_s"] = max(0.0, cores * wall - want)
        # on a quiet machine, the work of an interval takes at least its CPU over the cores,
        # and at least what its busiest process did in it (one process runs on one core)
        row["quiet"] = sum(max((p["main_cpu"] + p["work_cpu"]) / cores, p["busiest"]) for p in inside)
        # the stage's last stretch in which the import wanted one core or less
        tail = 0.0
        for part in reversed(inside):
            if part["main_want"] + part["work_want"] > 1.1 * (part["t1"] - part["t0"]):
                break
            tail += part["t1"] - part["t0"]
        row["tail_s"] = tail if row["work_cpu"] > 1.0 else 0.0
        rows.append(row)
    return rows


def print_table(rows: list[dict], cores: int) -> None:
    print("| stage | wall s | parent CPU s | workers CPU s | cores busy | cores wanted | idle core-s "
          f"(of {cores}) | tail s (<= 1 core) | quiet s (projected) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = {"wall": 0.0, "main_cpu": 0.0, "work_cpu": 0.0, "main_want": 0.0, "work_want": 0.0, "idle": 0.0,
             "quiet": 0.0}
    for row in rows:
        print(f"| {row['stage']} | {row['wall']:.0f} | {row['main_cpu']:.0f} | {row['work_cpu']:.0f} | "
              f"{row['cores_busy']:.2f} | {row['cores_wanted']:.2f} | {row['idle_core_s']:.0f} | {row['tail_s']:.0f} | {row['quiet']:.0f} |")
        total["wall"] += row["wall"]
        total["main_cpu"] += row["main_cpu"]
        total["work_cpu"] += row["work_cpu"]
        total["main_want"] += row["main_want"]
        total["work_want"] += row["work_want"]
        total["idle"] += row["idle_core_s"]
        total["quiet"] += row["quiet"]
    wall = total["wall"] or 1.0
    print(f"| **all** | {total['wall']:.0f} | {total['main_cpu']:.0f} | {total['work_cpu']:.0f} | "
          f"{(total['main_cpu'] + total['work_cpu']) / wall:.2f} | "
          f"{(total['main_want'] + total['work_want']) / wall:.2f} | {total['idle']:.0f} | | {total['quiet']:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, nargs="?")
    parser.add_argument("--home", type=Path, help="a fresh state directory for the import")
    parser.add_argument("--code", type=Path, default=CHECKOUT, help="the checkout whose code runs (PYTHONPATH)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cores", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--every", type=float, default=1.0, help="seconds between two samples")
    parser.add_argument("--attach", type=int, help="sample this running import's tree instead (no stages)")
    parser.add_argument("--samples", type=Path, help="write (with --attach) or read the samples here, one JSON a line")
    parser.add_argument("--json", type=Path, help="also write the samples and stage times here")
    parser.add_argument("--replay", type=Path, help="print the table of a run written by --json")
    args = parser.parse_args()
    if args.replay:
        run = json.loads(args.replay.read_text())
        rows = stage_table(intervals(run["samples"], run["root"]),
                           stage_starts(run["samples"], run["stages"], run["root"]), run["end"], args.cores)
        print_table(rows, args.cores)
        return 0
    if args.attach:
        with args.samples.open("a") as out:
            sample_until_gone(args.attach, args.every, [], out)
        return 0
    if args.dataset is None or args.home is None:
        parser.error("a dataset and --home are needed (or --attach)")
    started = time.time()
    samples, stages, end = run_import(args)
    root = samples[0][1][0][0] if samples and samples[0][1] else 0
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"samples": samples, "stages": stages, "end": end, "root": root}))
    rows = stage_table(intervals(samples, root), stage_starts(samples, stages, root), end, args.cores)
    print(f"import of {args.dataset} with {args.code} (--workers {args.workers}): {end - started:.0f} s wall, "
          f"load {os.getloadavg()[0]:.1f} at the end")
    print_table(rows, args.cores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
