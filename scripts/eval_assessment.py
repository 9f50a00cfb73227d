#!/usr/bin/env python
"""Change-level check of the assessment: does ``assess_change`` call worse, better and
cosmetic changes right? Prints Markdown for BENCHMARKS.md.

    .venv/bin/python scripts/eval_assessment.py [--cases 200] [--seed 0]

Synthetic changes on real text: each case takes an excerpt (about 30 paragraphs) of the
latest version of a real document from ``shared/corpus/ota`` and builds a pair of versions:

- **worse**: an unfair UNFAIR-ToS *validation* clause (never seen in training) inserted
  between two paragraphs;
- **better**: the same clause removed (the pair reversed);
- **cosmetic**: formatting-only edits (whitespace, quote style, bullet style, emphasis,
  a tracking parameter on a link, a new "Last updated" date);
- **fair added**: a fair validation clause (no category) inserted: a substantive change
  that should be *neutral*, to count false alarms.

Validation clauses are lower-cased and tokenised; they are lightly detokenised ("we , the"
-> "we, the", first letter capitalised) so they read like real text. Each pair goes through
the real diff engine (``monitor.diff.compare``) and then ``assess_change``; "neutral" is
the right answer for cosmetic and fair-added cases. Also printed: the median time of one
``assess_change``, and the verdicts on two known real events of the corpus.

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from monitor.classify import assess_change, load_classifier
from monitor.diff import compare
from monitor.paths import shared_dir

EXCERPT_PARAGRAPHS = 30
# (service, terms type, the version that brought the change, what happened). The old side
# is the version just before it.
REAL_EVENTS = [
    ("WhatsApp", "Privacy Policy", "2020-11-20T00-33-44Z",
     "WhatsApp's new policy (announced January 2021): sharing with Facebook companies"),
    ("Google", "Privacy Policy", "2023-06-29T18-34-22Z",
     "Google's policy effective 1 July 2023: public information used to train AI models"),
    ("Facebook", "Privacy Policy", "2021-12-14T00-34-07Z", "Facebook drops face recognition (late 2021)"),
    ("Telegram", "Privacy Policy", "2024-09-23T15-26-23Z",
     "Telegram, September 2024: data to authorities for any criminal suspect, not only terror suspects"),
]


def detokenise(sentence: str) -> str:
    text = sentence.replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r" ([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"\u201c ", "\u201c", text).replace(" \u201d", "\u201d")
    return text[:1].upper() + text[1:]


def latest_versions(corpus: Path) -> list[Path]:
    documents = sorted(p for p in corpus.glob("*/*") if p.is_dir() and p.parent.name != "declarations")
    return [sorted(d.glob("*.md"))[-1] for d in documents if any(d.glob("*.md"))]


def excerpt(text: str, rng: random.Random) -> list[str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    start = rng.randrange(max(1, len(paragraphs) - EXCERPT_PARAGRAPHS))
    return paragraphs[start:start + EXCERPT_PARAGRAPHS]


def cosmetic_edit(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Two or three formatting-only edits."""
    edited = list(paragraphs)
    edits = [
        lambda p: p.replace(" ", "  ", 3),
        lambda p: p.replace('"', "\u201c", 1).replace("'", "\u2019"),
        lambda p: re.sub(r"^(\s*)\* ", r"\1- ", p, flags=re.M) if "* " in p else re.sub(r"^(\s*)- ", r"\1* ", p, flags=re.M),
        lambda p: f"**{p}**" if not p.startswith("**") else p.strip("*"),
        lambda p: re.sub(r"\]\((https?://[^)?#\s]+)\)", r"](\1?utm_source=newsletter&utm_medium=email)", p, count=1),
        lambda p: p + " ",
    ]
    for edit in rng.sample(edits, rng.choice([2, 3])):
        i = rng.randrange(len(edited))
        edited[i] = edit(edited[i])
    edited.insert(0, f"Last updated: {rng.choice(['January', 'March', 'July'])} {rng.randint(1, 28)}, 2025")
    return edited


def build_cases(n: int, seed: int):
    rng = random.Random(seed)
    shared = shared_dir()
    validation = [json.loads(line) for line in (shared / "labels" / "unfair_tos" / "validation.jsonl").open()]
    unfair = [r for r in validation if r["labels"]]
    fair = [r for r in validation if not r["labels"] and len(r["text"].split()) >= 8]
    documents = [p.read_text(encoding="utf-8") for p in latest_versions(shared / "corpus" / "ota")]
    cases = []
    for clause in rng.sample(unfair, min(n, len(unfair))):
        base = excerpt(rng.choice(documents), rng)
        at = rng.randrange(1, len(base))
        with_clause = base[:at] + [detokenise(clause["text"])] + base[at:]
        cases.append(("worse", "\n\n".join(base), "\n\n".join(with_clause)))
        cases.append(("better", "\n\n".join(with_clause), "\n\n".join(base)))
    for _ in range(n):
        base = excerpt(rng.choice(documents), rng)
        cases.append(("cosmetic", "\n\n".join(base), "\n\n".join(cosmetic_edit(base, rng))))
    for clause in rng.sample(fair, n):
        base = excerpt(rng.choice(documents), rng)
        at = rng.randrange(1, len(base))
        cases.append(("fair added", "\n\n".join(base), "\n\n".join(base[:at] + [detokenise(clause["text"])] + base[at:])))
    return cases


def expected_direction(kind: str) -> str:
    return {"worse": "worse", "better": "better"}.get(kind, "neutral")


def real_events(corpus: Path) -> list[str]:
    lines = []
    for service, terms_type, stem, title in REAL_EVENTS:
        versions = sorted((corpus / service / terms_type).glob("*.md"))
        new = corpus / service / terms_type / f"{stem}.md"
        if new not in versions or versions.index(new) == 0:
            continue
        old = versions[versions.index(new) - 1]
        old_text, new_text = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
        change = compare(old_text, new_text)
        a = assess_change(change.hunks, old_text=old_text, new_text=new_text)
        firsts = {}
        for e in a.evidence:  # the decisive words of the first clause of each category
            marked = " … ".join(e["text"][start:end] for start, end in e.get("highlight") or [[0, len(e["text"])]])
            firsts.setdefault(e["category"], f"{e['category']}: \u201c{marked[:60]}\u201d")
        words = "; ".join(list(firsts.values())[:5])
        lines.append(f"| {title} ({old.stem[:10]} -> {new.stem[:10]}) | {a.direction} | {a.severity} | "
                     f"{', '.join(a.categories[:6])} | {words} | {json.dumps(a.imposed)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200, help="clauses per kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    load_classifier()

    cases = build_cases(args.cases, args.seed)
    confusion: Counter = Counter()
    diff_substantive: Counter = Counter()
    timings = []
    for kind, old, new in cases:
        change = compare(old, new)
        started = time.perf_counter()
        assessment = assess_change(change.hunks, old_text=old, new_text=new)
        timings.append(time.perf_counter() - started)
        confusion[(kind, assessment.direction)] += 1
        diff_substantive[(kind, change.substantive)] += 1

    kinds = ["worse", "better", "cosmetic", "fair added"]
    print(f"## Change-level check ({len(cases)} synthetic changes on real OTA excerpts, seed {args.seed})\n")
    print("| true \\ predicted | worse | better | neutral | diff said substantive |\n|---|---|---|---|---|")
    for kind in kinds:
        total = sum(confusion[(kind, d)] for d in ("worse", "better", "neutral"))
        print(f"| {kind} ({total}) | " + " | ".join(str(confusion[(kind, d)]) for d in ("worse", "better", "neutral"))
              + f" | {diff_substantive[(kind, True)]} |")

    print("\n| verdict | precision | recall |\n|---|---|---|")
    for label, true_kinds, predicted in (("worse", ["worse"], "worse"), ("better", ["better"], "better"),
                                         ("cosmetic (neutral)", ["cosmetic"], "neutral"),
                                         ("neutral (cosmetic + fair added)", ["cosmetic", "fair added"], "neutral")):
        hits = sum(confusion[(k, predicted)] for k in true_kinds)
        predicted_total = sum(confusion[(k, predicted)] for k in kinds)
        if label.startswith("cosmetic"):
            # Precision of "cosmetic": among neutral verdicts on changes that were
            # cosmetic or harmful, how many were cosmetic (fair additions left aside).
            predicted_total = sum(confusion[(k, predicted)] for k in ("worse", "better", "cosmetic"))
        truth_total = sum(confusion[(k, d)] for k in true_kinds for d in ("worse", "better", "neutral"))
        precision = hits / predicted_total if predicted_total else float("nan")
        print(f"| {label} | {100 * precision:.1f}% | {100 * hits / truth_total:.1f}% |")

    print(f"\n`assess_change` time per change: median {1000 * statistics.median(timings):.1f} ms, "
          f"p95 {1000 * sorted(timings)[int(0.95 * len(timings))]:.1f} ms (excerpts of {EXCERPT_PARAGRAPHS} paragraphs).")

    events = real_events(shared_dir() / "corpus" / "ota")
    if events:
        print("\n## Known real events\n")
        print("| event | direction | severity | categories | evidence (first per category) | imposed |\n|---|---|---|---|---|---|")
        print("\n".join(events))


if __name__ == "__main__":
    main()
