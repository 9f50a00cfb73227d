#!/usr/bin/env python
"""Benchmark the diff engine on every real consecutive pair of the Open Terms Archive corpus.

For each pair of consecutive distinct versions of a document (``<service>/<type>/*.md`` in
time order), times in the same process:

* ``monitor.diff.compare`` (median per pair of ``--runs`` passes over all pairs),
* diff-match-patch in plain character mode, ``diff_main`` + ``diff_cleanupSemantic`` with its
  default 1 s ``Diff_Timeout`` (one run, on every ``--dmp-every``-th pair: it is slow),
* diff-match-patch in line mode (``diff_linesToChars``, one run, every pair),
* ``difflib``: ``SequenceMatcher`` opcodes plus ``unified_diff`` on lines (one run, every pair),

then the peak memory of ``compare`` (tracemalloc, a separate pass) and the bad inputs of
issue 3 (empty, 10 MB, 50,000 repetitions, mixed scripts, no punctuation). Prints Markdown
tables for BENCHMARKS.md.

    .venv/bin/python scripts/bench_diff.py            # the full run (a few minutes)
    .venv/bin/python scripts/bench_diff.py --quick    # every 10th pair, for a smoke test

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from diff_match_patch import diff_match_patch

from monitor.diff import compare
from monitor.paths import shared_dir

DMP_TIMEOUT = 1.0


def corpus_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for document in sorted(p for p in corpus.glob("*/*") if p.is_dir()):
        files = sorted(document.glob("*.md"))
        pairs.extend(zip(files, files[1:]))
    return pairs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, *args) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def dmp_chars(old: str, new: str) -> bool:
    """Character-mode diff-match-patch; returns whether it hit its timeout."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DMP_TIMEOUT
    deadline = time.time() + DMP_TIMEOUT
    diffs = dmp.diff_main(old, new, checklines=False)
    timed_out = time.time() >= deadline
    dmp.diff_cleanupSemantic(diffs)
    return timed_out


def dmp_lines(old: str, new: str) -> None:
    dmp = diff_match_patch()
    old_chars, new_chars, lines = dmp.diff_linesToChars(old, new)
    diffs = dmp.diff_main(old_chars, new_chars, checklines=False)
    dmp.diff_charsToLines(diffs, lines)


def difflib_lines(old: str, new: str) -> None:
    a, b = old.splitlines(), new.splitlines()
    difflib.SequenceMatcher(None, a, b).get_opcodes()
    list(difflib.unified_diff(a, b, lineterm=""))


def summary(name: str, times: list[float], note: str = "") -> dict:
    return {"name": name, "pairs": len(times), "p50": statistics.median(times),
            "p95": percentile(times, 0.95), "max": max(times), "note": note}


def bad_inputs() -> dict[str, tuple[str, str]]:
    rng = random.Random(7)
    vocabulary = ["data", "service", "account", "partners", "content", "location", "payment"]
    paragraphs, size, n = [], 0, 0
    while size < 10_000_000:
        n += 1
        block = " ".join(f"Clause {n}.{k}: we may use your {rng.choice(vocabulary)} for purpose "
                         f"{rng.randrange(10**6)}." for k in range(4))
        paragraphs.append(block)
        size += len(block) + 2
    big = "\n\n".join(paragraphs)
    middle = len(paragraphs) // 2
    big_edited = "\n\n".join(paragraphs[:middle] + ["We now sell everything."] + paragraphs[middle + 1:])
    sentence = "We may share your information with our partners."
    repeated = " ".join([sentence] * 50_000)
    repeated_edited = " ".join([sentence] * 25_000 + ["We may sell it."] + [sentence] * 25_000)
    mixed = ("# سياسة الخصوصية\n\nنحن نجمع بياناتك الشخصية. لا نبيع بياناتك أبدا.\n\n"
             "## 隐私政策\n\n我们收集您的个人数据。我们不会出售您的数据。\n\n"
             "## מדיניות\n\nאנחנו אוספים מידע. English clause with a [link](https://example.com).\n") * 200
    words = [rng.choice(["we", "share", "your", "data", "with", "partners", "and", "keep"])
             for _ in range(300_000)]
    flat = " ".join(words)
    characters = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    hanzi = "".join(rng.choice(characters) for _ in range(1_000_000))
    return {
        "empty -> empty": ("", ""),
        "empty -> 10 MB": ("", big),
        "10 MB, one paragraph replaced": (big, big_edited),
        "10 MB -> empty": (big, ""),
        "50,000 repetitions, one inserted": (repeated, repeated_edited),
        "50,000 repetitions -> 50,000 others": (repeated, " ".join(["Totally other words."] * 50_000)),
        "mixed scripts, RTL + CJK, 200x, edits": (mixed, mixed.replace("لا نبيع", "قد نبيع").replace("不会", "可能")),
        "no punctuation, 1.6 MB on one line": (flat, " ".join(words[:150_000] + ["never"] + words[150_000:])),
        "Chinese, no punctuation nor space, 1M chars": (hanzi, hanzi[:500_000] + "插入" + hanzi[500_000:]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="passes of compare over all pairs (median)")
    parser.add_argument("--dmp-every", type=int, default=4,
                        help="character-mode diff-match-patch on every Nth pair only")
    parser.add_argument("--quick", action="store_true", help="every 10th pair, no bad inputs")
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ota")
    args = parser.parse_args()

    pairs = corpus_pairs(args.corpus)
    if args.quick:
        pairs = pairs[::10]
    texts = {}
    for pair in pairs:
        for path in pair:
            if path not in texts:
                texts[path] = path.read_text(encoding="utf-8")
    print(f"{len(pairs)} consecutive pairs from {args.corpus}", file=sys.stderr)

    # Passes over all pairs rather than runs of one pair in a row: the machine's speed drifts
    # (it is shared), and a slow spell then touches one run of many pairs, not all runs of a few.
    wall = [[] for _ in pairs]
    cpu = [[] for _ in pairs]
    for _ in range(args.runs):
        for k, (old_path, new_path) in enumerate(pairs):
            old, new = texts[old_path], texts[new_path]
            gc.collect()
            cpu_start, start = time.process_time(), time.perf_counter()
            compare(old, new)
            wall[k].append((time.perf_counter() - start) * 1000)
            cpu[k].append((time.process_time() - cpu_start) * 1000)
    ours = [statistics.median(runs) for runs in wall]
    ours_cpu = [statistics.median(runs) for runs in cpu]
    slowest_pair = pairs[max(range(len(pairs)), key=ours.__getitem__)]
    slowest = (max(ours), f"{slowest_pair[0].parent.parent.name}/{slowest_pair[0].parent.name} "
                          f"{slowest_pair[0].stem} -> {slowest_pair[1].stem}")
    print("compare done", file=sys.stderr)

    line_times = [timed(dmp_lines, texts[a], texts[b])[0] for a, b in pairs]
    difflib_times = [timed(difflib_lines, texts[a], texts[b])[0] for a, b in pairs]
    print("line baselines done", file=sys.stderr)
    dmp_pairs = pairs[::args.dmp_every]
    char_times, timeouts = [], 0
    for a, b in dmp_pairs:
        elapsed, timed_out = timed(dmp_chars, texts[a], texts[b])
        char_times.append(elapsed)
        timeouts += bool(timed_out)
    subset = [ours[i] for i in range(0, len(pairs), args.dmp_every)]
    print("character baseline done", file=sys.stderr)

    rows = [summary("`monitor.diff.compare` (wall)", ours, f"median of {args.runs} passes per pair; "
                    f"no timeout exists (bounded by construction); slowest: {slowest[1]}"),
            summary("`monitor.diff.compare` (CPU time)", ours_cpu, "process time, same runs"),
            summary("`compare` on the character-mode subset", subset, f"every {args.dmp_every}th pair"),
            summary("diff-match-patch, character mode + semantic clean-up", char_times,
                    f"every {args.dmp_every}th pair; Diff_Timeout {DMP_TIMEOUT:g} s hit on "
                    f"{timeouts}/{len(dmp_pairs)} pairs ({100 * timeouts / len(dmp_pairs):.0f}%)"),
            summary("diff-match-patch, line mode", line_times, "all pairs, one run"),
            summary("difflib SequenceMatcher + unified_diff, lines", difflib_times, "all pairs, one run")]
    print("\n| method | pairs | p50 ms | p95 ms | max ms | notes |\n|---|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['name']} | {r['pairs']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | {r['note']} |")
    char_p50 = statistics.median(char_times)
    print(f"\nRatios, same pairs, same run: compare p50 is {char_p50 / statistics.median(subset):.0f}x "
          f"faster than character-mode diff-match-patch (p95 {percentile(char_times, .95) / percentile(subset, .95):.0f}x); "
          f"difflib on lines p50 / compare p50 = {statistics.median(difflib_times) / statistics.median(ours):.2f}.")

    # Peak memory: tracemalloc slows Python down, so it gets a pass of its own.
    peaks = []
    for old_path, new_path in pairs:
        gc.collect()
        tracemalloc.start()
        compare(texts[old_path], texts[new_path])
        peaks.append((tracemalloc.get_traced_memory()[1] / 2**20,
                      (len(texts[old_path]) + len(texts[new_path])) / 2**20))
        tracemalloc.stop()
    worst = max(peaks)
    print(f"\nPeak memory of one `compare` (tracemalloc): median {statistics.median(p for p, _ in peaks):.1f} MiB, "
          f"max {worst[0]:.1f} MiB (on a pair of {worst[1]:.2f} MiB of text); "
          f"max peak / input size {max(p / s for p, s in peaks if s):.0f}x.")

    if args.quick:
        return
    print("\n| bad input | ms | peak MiB (tracemalloc) | hunks | suspect |\n|---|---:|---:|---:|---|")
    for name, (old, new) in bad_inputs().items():
        elapsed, change = timed(compare, old, new)
        gc.collect()
        tracemalloc.start()
        compare(old, new)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"| {name} | {elapsed:.0f} | {peak:.0f} | {len(change.hunks)} | {change.suspect} |")
    print(f"\nMax RSS of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
