#!/usr/bin/env python
"""Held-out per-category precision and recall of the shipped privacy combination with the
current rules, without retraining: the out-of-fold margins come from a cache written by
``train_privacy.py --margins-cache FILE``.

    python scripts/eval_privacy_rules.py --margins FILE [--rules-from CHECKOUT]

For each category the shipped ``data/model/privacy.json`` says how the topic model meets the
rules (combine mode, gate offset, rules freed from the gate); this script applies exactly that,
on the same held-out folds as training (each fold's threshold from the other folds), to the
ToS;DR quotes, with the rules of this checkout, or of another one (``--rules-from``, a
directory holding ``monitor/classify/rules/`` or ``rules.py``, e.g. an exported older commit), so that a
change of rules is measured with everything else fixed. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from monitor.paths import data_dir, shared_dir  # noqa: E402
from train_privacy import CATEGORIES, best_threshold, decisions, load_case_map, load_data, score  # noqa: E402


def rules_module(checkout: Path | None):
    if checkout is None:
        from monitor.classify import rules
        return rules
    # Older checkouts have one rules.py; newer ones the package rules/ (its modules import
    # each other relatively, so it is loaded as a package).
    package = checkout / "monitor" / "classify" / "rules"
    if package.is_dir():
        spec = importlib.util.spec_from_file_location("other_rules", package / "__init__.py",
                                                      submodule_search_locations=[str(package)])
    else:
        spec = importlib.util.spec_from_file_location("other_rules", checkout / "monitor" / "classify" / "rules.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--margins", type=Path, required=True, help="a margins cache of train_privacy.py")
    parser.add_argument("--rules-from", type=Path, help="a checkout whose rules to measure instead")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    from sklearn.model_selection import GroupKFold

    texts, groups, truth, is_quote = load_data(shared_dir() / "labels", load_case_map(data_dir() / "tosdr_case_map.toml"))
    margins = np.load(args.margins, allow_pickle=False)
    if margins.shape != (len(texts), len(CATEGORIES)):
        raise SystemExit(f"{args.margins}: margins of shape {margins.shape}, expected {(len(texts), len(CATEGORIES))}")
    y = np.array([[any(c == category for c, _ in t) for category in CATEGORIES] for t in truth], dtype=np.int8)
    thresholds = np.zeros(y.shape)
    for _, held in GroupKFold(n_splits=args.folds).split(texts, groups=groups):
        others = np.setdiff1d(np.arange(len(texts)), held)
        for j in range(len(CATEGORIES)):
            thresholds[held, j] = best_threshold(margins[others, j], y[others, j])
    shipped = json.loads((data_dir() / "model" / "privacy.json").read_text(encoding="utf-8"))
    held_out = shipped["held_out_by_service"]
    find = rules_module(args.rules_from).find_rule_hits
    quotes = np.flatnonzero(is_quote)
    q_texts, q_truth = [texts[i] for i in quotes], [truth[i] for i in quotes]
    q_hits = [find(t) for t in q_texts]
    print("| category | mode (gate offset) | P | R | F1 |\n|---|---|---|---|---|")
    for j, category in enumerate(CATEGORIES):
        mode = held_out[category]["kept"]
        offset = held_out[category]["gate_offset"] if mode == "model" else 0.0
        ungated = frozenset(shipped.get("ungated", {}).get(category, []))
        on_topic = margins[quotes, j] >= thresholds[quotes, j]
        gate_open = margins[quotes, j] >= thresholds[quotes, j] - offset
        figures = score(decisions(q_texts, q_hits, on_topic, category, mode, gate_open, ungated), q_truth, category)
        print(f"| {category} | {mode} ({offset:.2f}) | {figures['precision']} | {figures['recall']} | {figures['f1']} |")


if __name__ == "__main__":
    main()
