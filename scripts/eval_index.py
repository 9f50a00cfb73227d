#!/usr/bin/env python
"""Does the trust index discriminate? Grade distribution, and agreement with PrivacySpy.

    termswatch --home H import-ota ../shared/corpus/ota && termswatch --home H export --json H/export.json
    python scripts/eval_index.py --export H/export.json --privacyspy PATH_TO_PRIVACYSPY_GIT

PrivacySpy's rubric (12 questions with points and answer options) is read from the reference
data (``labels/privacyspy/rubric.json``); its answers per product are read from a clone of
the ``Politiwatch/privacyspy`` repository (``products/<slug>.toml``; a bare git directory or a
working tree), which is not part of this repository. PrivacySpy's score is
``10 * sum(points * option%) / sum(points)`` over the questions a product answers.

Prints a table of every service (Termswatch's score and grade, rated or why not, PrivacySpy's
score) and the Spearman rank correlation over the services both rate. The index judges
conduct over time as well as today's privacy policy, so agreement is a sanity check, not a
target (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from monitor.paths import shared_dir

# Termswatch service id -> PrivacySpy product slug, where the two differ.
SLUGS = {"Amazon.com": "amazon"}


def product_answers(repo: Path, slug: str) -> dict | None:
    """The product's TOML from a working tree or a bare git directory, or None."""
    path = repo / "products" / f"{slug}.toml"
    if path.is_file():
        return tomllib.loads(path.read_text(encoding="utf-8"))
    shown = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:products/{slug}.toml"],
                           capture_output=True, text=True)
    return tomllib.loads(shown.stdout) if shown.returncode == 0 else None


def privacyspy_score(product: dict, rubric: dict) -> float | None:
    answers = product.get("rubric", {})
    total = earned = 0.0
    for question in rubric["questions"]:
        answer = answers.get(question["slug"], {}).get("value")
        option = next((o for o in question["options"] if o["id"] == answer), None)
        if option is None:
            continue
        total += question["points"]
        earned += question["points"] * option["percent"] / 100
    return round(10 * earned / total, 1) if total else None


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), 1-based."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", required=True, help="a `termswatch export --json` file")
    parser.add_argument("--privacyspy", required=True, help="a clone (or bare git dir) of Politiwatch/privacyspy")
    args = parser.parse_args(argv)
    try:
        services = json.loads(Path(args.export).read_text(encoding="utf-8"))["services"]
        rubric = json.loads((shared_dir() / "labels" / "privacyspy" / "rubric.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as error:
        print(f"eval_index: cannot read the inputs: {error}", file=sys.stderr)
        return 2
    rows = []
    for service in sorted(services, key=lambda s: s["id"]):
        product = product_answers(Path(args.privacyspy), SLUGS.get(service["id"], service["id"].lower()))
        if product and product.get("parent") and not product.get("rubric"):   # a child inherits its parent's
            product = product_answers(Path(args.privacyspy), product["parent"])
        rows.append((service, privacyspy_score(product, rubric) if product else None))
    print("| service | Termswatch | grade | rated | PrivacySpy (0-10) |")
    print("|---|---|---|---|---|")
    for service, spy in rows:
        rated = "yes" if service.get("rated", True) else f"no: {service.get('unrated_reason')}"
        print(f"| {service['name']} | {service['score'] if service['score'] is not None else '–'} | "
              f"{service['grade'] or '–'} | {rated} | {spy if spy is not None else '–'} |")
    grades = Counter(s["grade"] or "not rated" for s, _ in rows)
    print("\ngrades: " + ", ".join(f"{g} {grades[g]}" for g in ("A", "B", "C", "D", "E", "not rated") if grades[g]))
    both = [(s["score"], spy) for s, spy in rows if s["score"] is not None and spy is not None]
    if len(both) >= 3:
        rho = spearman([a for a, _ in both], [b for _, b in both])
        print(f"Spearman rank correlation with PrivacySpy over {len(both)} services: {rho:+.2f}")
    else:
        print("too few services rated by both to correlate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
