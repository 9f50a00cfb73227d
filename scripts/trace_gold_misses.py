#!/usr/bin/env python
"""Which rule or model decides each category the clause classifier missed on the gold set.

    python scripts/eval_gold.py --export FILE --json > gold.json
    python scripts/trace_gold_misses.py gold.json [--corpus PATH]

For every gold change with a missed category, each decisive phrase ("removed: ..." read in
the old version) is traced to its clause in the corpus version, and the clause is
classified: the missed category's rule hits (rule note, polarity), the privacy topic
model's probability and the category's combine mode and gate, and what the classifier
concluded (harm / protection / nothing). A phrase whose clause states the category at
clause level was lost at change level (``assess.py``); one it does not is a clause miss,
and the line says whether no rule matched, or a rule matched but the topic gate shut it.
Reports only; it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.classify.clauses import load_classifier  # noqa: E402
from monitor.classify.reading import plain_clauses  # noqa: E402
from monitor.classify.rules import find_rule_hits  # noqa: E402
from monitor.paths import shared_dir  # noqa: E402


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def find_clause(corpus: Path, service: str, terms_type: str, to: str, phrase: str) -> tuple[str, str] | None:
    """The clause holding ``phrase`` in version ``to`` (or, for a removal, the version before)."""
    removed = phrase.startswith("removed: ")
    phrase = _words(phrase.removeprefix("removed: "))
    versions = sorted(p.stem for p in (corpus / service / terms_type).glob("*.md"))
    if to not in versions:
        return None
    at = versions.index(to)
    for index in ([at - 1, at] if removed else [at, at - 1]):
        if index < 0:
            continue
        text = (corpus / service / terms_type / f"{versions[index]}.md").read_text(encoding="utf-8")
        for clause in plain_clauses(text):
            if phrase and phrase in _words(clause):
                return versions[index], clause
    return None


def trace(gold_json: dict, corpus: Path) -> list[str]:
    classifier = load_classifier()
    topic = {label: model for model in classifier.topic_models for label in model.labels}
    lines = []
    for error in gold_json["errors"]:
        missed = re.findall(r"missed \[([^\]]*)\]", "; ".join(error["problems"]))
        categories = [c.strip(" '") for c in missed[0].split(",")] if missed else []
        for category in categories:
            for phrase in error["decisive"]:
                found = find_clause(corpus, error["service"], error["terms_type"], error["to"], phrase)
                where = f"{error['service']} | {error['terms_type']} | {error['to']} | {category}"
                if found is None:
                    lines.append(f"{where} | phrase not found as one clause | {phrase[:90]}")
                    continue
                _, clause = found
                result = classifier.classify([clause])[0]
                hits = [h for h in find_rule_hits(clause) if h.category == category]
                p = float(topic[category].probabilities([clause])[0][topic[category].labels.index(category)]) \
                    if category in topic else None
                mode = classifier.combine.get(category, "rules")
                verdict = ("harm" if category in result.labels else "") + \
                          (" protection" if category in result.protections else "")
                if verdict:
                    decided = f"clause {verdict.strip()}: lost at change level"
                elif hits:
                    decided = f"rule hit shut by the gate (p={p:.2f} < {classifier.gates.get(category, 0.5):.2f})"
                elif p is not None:
                    decided = f"no rule; topic p={p:.2f}"
                else:
                    decided = "no rule"
                rules = "; ".join(f"{h.polarity}: {h.rule[:50]}" for h in hits) or "-"
                lines.append(f"{where} | {mode} | {decided} | rules: {rules} | {phrase[:90]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_json", type=Path, help="the output of eval_gold.py --json")
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ota")
    args = parser.parse_args()
    try:
        gold_json = json.loads(args.gold_json.read_text(encoding="utf-8"))
        gold_json["errors"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{args.gold_json}: not an eval_gold.py --json report ({error})", file=sys.stderr)
        raise SystemExit(2) from None
    print("\n".join(trace(gold_json, args.corpus)))


if __name__ == "__main__":
    main()
