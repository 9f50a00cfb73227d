#!/usr/bin/env python
"""CPU of the rule reading of one long clause with no full stop (review 14: every match looked
for its sentence's start from the clause's start, quadratic), with this checkout's code and,
with ``--base``, another checkout's, each in its own process, alternately.

    .venv/bin/python scripts/bench_long_sentence.py --base /work/scale/base_493374e [--fragments 1600] [--runs 3]

Printed: per code, the median CPU seconds of ``_rule_hits`` on the clause over the runs, the
number of hits (must be equal), and the ratio base/this.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

# Harms, denials, a prohibition on the user, concessions and conditions, joined by commas:
# every match asks where its sentence begins.
FRAGMENTS = ("we do not sell your personal information to advertisers",
             "and we may share your data with our partners",
             "while we do not share your contacts",
             "we may disclose your location to third parties",
             "you may not use the service to collect other users' data",
             "unless you opt out we may use your content to train our models",
             "we will never rent your email address",
             "if you do not sign in, we may track your browsing across websites")

_ONE_RUN = """
import json, sys, time
from monitor.classify.rules.matching import RULES, _rule_hits
text = sys.stdin.read()
_rule_hits("we may sell your data", RULES, True)  # patterns compiled, caches warm
started = time.process_time()
hits = _rule_hits(text, RULES, True)
print(json.dumps({"cpu": time.process_time() - started, "hits": [[h.category, h.polarity, h.start, h.end] for h in hits]}))
"""


def run(code: Path, text: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run([sys.executable, "-c", _ONE_RUN], input=text, env=env, capture_output=True,
                         text=True, check=True, cwd="/")
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="a folder holding the other code's monitor package")
    parser.add_argument("--fragments", type=int, default=1600)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = ", ".join(FRAGMENTS[i % len(FRAGMENTS)] for i in range(args.fragments)) + " and"
    codes = {"this": CHECKOUT, **({"base": args.base} if args.base else {})}
    results: dict[str, list[dict]] = {name: [] for name in codes}
    for _ in range(args.runs):
        for name, code in codes.items():
            results[name].append(run(code, text))
    median = {name: statistics.median(r["cpu"] for r in runs) for name, runs in results.items()}
    print(f"one clause, {args.fragments} fragments, {len(text):,} characters, no full stop; median of {args.runs} runs")
    for name, runs in results.items():
        print(f"  {name:5} CPU {median[name]:8.2f} s   hits {len(runs[0]['hits'])}")
    if args.base:
        same = results["base"][0]["hits"] == results["this"][0]["hits"]
        print(f"  ratio base/this {median['base'] / median['this']:.1f}   hits identical: {same}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
