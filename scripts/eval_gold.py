#!/usr/bin/env python
"""How Termswatch's change verdicts compare with the gold set of real changes (data/gold/).

    python scripts/eval_gold.py [--gold DIR] [--export FILE | --import PATH] [--corpus PATH]
                                [--json] [--list-errors]

Every line of ``data/gold/changes/*.jsonl`` is validated first (method and format:
``data/gold/README.md``); any problem is one line naming ``file:line`` and exit code 2.

Termswatch's verdicts come from a JSON export (``--export``, written by ``termswatch export
--json``) or from importing an OTA dataset into a temporary home (``--import``, by default the
shared corpus). Each gold change is matched to Termswatch's change that leads to the same
version (its ``to``; Termswatch may have diffed against an earlier trusted base than the gold
``from``). No change there, a cosmetic one, or one held as suspect (not confirmed) is
Termswatch saying "no substantive change", counted as direction "neutral".

Reported at change level: direction accuracy on substantive changes (gold ``net`` against
Termswatch's ``direction``); precision and recall of "worse" and "better" over every gold
change (cosmetic controls and artefacts count as "neutral", so false alarms on them lower
precision); per-category recall (the gold category is among Termswatch's categories for that
change; a second figure, for the gold's mixed changes only, also counts the categories
Termswatch moved against its verdict, ``outweighed``, since the gold lists both sides of a mixed
change); cosmetic false alarms (called substantive); artefact false alarms (called a
substantive worse/better change); counts per service and document type. It reports; it does
not judge pass or fail (exit 0).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from monitor.paths import data_dir, shared_dir  # noqa: E402

KEYS = ["service", "terms_type", "from", "to", "kind", "direction", "net", "categories",
        "decisive", "artefact", "note"]
KINDS = {"substantive", "cosmetic", "artefact"}
DIRECTIONS = {"worse", "better", "neutral", "mixed"}
NETS = {"worse", "better", "neutral"}
ARTEFACTS = {"not_document", "announcement", "truncated", "language", "other"}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FILE_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(?:--\d+)?$")
# the categories the issue sets a recall goal for; every other one is reported when it has support
KEY_CATEGORIES = ["ai_training", "data_sale", "data_sharing", "sensitive_data", "arbitration",
                  "class_action_waiver"]


class GoldError(ValueError):
    """A gold line (or the corpus or export) that cannot be used; the message names where."""


@dataclass(frozen=True)
class Gold:
    service: str
    terms_type: str
    from_: str
    to: str
    kind: str
    direction: str | None
    net: str | None
    categories: tuple[str, ...]
    decisive: tuple[str, ...]
    artefact: str | None
    note: str

    @property
    def label(self) -> str:
        """What the change does for users: its net effect, "neutral" when nothing substantive."""
        return self.net if self.kind == "substantive" else "neutral"


@dataclass(frozen=True)
class Verdict:
    """Termswatch's verdict on the change leading to one version."""
    found: bool
    substantive: bool
    direction: str
    categories: tuple[str, ...]
    outweighed: tuple[str, ...] = ()   # moved against the verdict, outweighed in it

    def describe(self) -> str:
        if not self.found:
            return "no change recorded"
        if not self.substantive:
            return "not substantive"
        return f"{self.direction} {list(self.categories)}"


NO_CHANGE = Verdict(False, False, "neutral", ())


def iso(file_timestamp: str) -> str:
    """``2021-01-04T16-07-56Z`` -> ``2021-01-04T16:07:56Z`` (a ``--2`` collision suffix dropped)."""
    day, clock = file_timestamp.split("--")[0].rstrip("Z").split("T")
    return f"{day}T{clock.replace('-', ':')}Z"


# --- the corpus: which services, terms types and versions exist ------------------------------

def corpus_versions(corpus: Path) -> dict[tuple[str, str], list[str]]:
    """(service, terms type) -> ISO timestamps of its versions, from INDEX.json or the files."""
    index = corpus / "INDEX.json"
    documents: dict[tuple[str, str], list[str]] = defaultdict(list)
    if index.is_file():
        try:
            entries = json.loads(index.read_text(encoding="utf-8"))["versions"]
            for entry in entries:
                at = entry["timestamp"].replace("+00:00", "Z")
                documents[(entry["service"], entry["terms_type"])].append(at)
        except (ValueError, KeyError, TypeError) as error:
            raise GoldError(f"{index}: not a usable index ({error})")
    else:
        for file in corpus.glob("*/*/*.md"):
            if FILE_TIMESTAMP.match(file.stem):
                documents[(file.parent.parent.name, file.parent.name)].append(iso(file.stem))
    if not documents:
        raise GoldError(f"{corpus}: no OTA versions found (INDEX.json or <service>/<type>/<timestamp>.md)")
    return {key: sorted(set(stamps)) for key, stamps in documents.items()}


def taxonomy_ids(path: Path) -> set[str]:
    try:
        return {c["id"] for c in tomllib.loads(path.read_text(encoding="utf-8"))["category"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GoldError(f"{path}: cannot read the taxonomy ({error})")


# --- reading and validating the gold set ----------------------------------------------------

def load_gold(folder: Path, versions: dict[tuple[str, str], list[str]], categories: set[str]) -> list[Gold]:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise GoldError(f"{folder}: no gold files (*.jsonl)")
    golds, seen = [], {}
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise GoldError(f"{file}: cannot read ({error})")
        for number, line in enumerate(lines, 1):
            where = f"{file}:{number}"
            if not line.strip():
                continue
            gold = parse_line(line, where, file.stem, versions, categories)
            key = (gold.service, gold.terms_type, gold.to)
            if key in seen:
                raise GoldError(f"{where}: the change to {gold.to} is already judged at {seen[key]}")
            seen[key] = where
            golds.append(gold)
    return golds


def parse_line(line: str, where: str, file_service: str, versions: dict, categories: set[str]) -> Gold:
    def fail(reason: str):
        raise GoldError(f"{where}: {reason}")

    try:
        row = json.loads(line)
    except ValueError as error:
        fail(f"not JSON ({error})")
    if not isinstance(row, dict):
        fail("not a JSON object")
    unknown = [k for k in row if k not in KEYS]
    missing = [k for k in KEYS if k not in row]
    if unknown:
        fail(f"unknown key(s) {unknown}")
    if missing:
        fail(f"missing key(s) {missing}")
    if list(row) != KEYS:
        fail(f"keys out of order (expected {', '.join(KEYS)})")
    for key in ("service", "terms_type", "from", "to", "kind", "note"):
        if not isinstance(row[key], str) or not row[key].strip():
            fail(f"{key!r} must be a non-empty string")
    texts = [row["note"], *(row["decisive"] if isinstance(row["decisive"], list) else [])]
    if any(isinstance(t, str) and CONTROL.search(t) for t in texts):
        fail("control characters in 'note' or 'decisive'")  # they would reach terminals and reports
    service, terms_type, kind = row["service"], row["terms_type"], row["kind"]
    if service != file_service:
        fail(f"service {service!r} in the file of {file_service!r}")
    if not any(s == service for s, _ in versions):
        fail(f"unknown service {service!r}")
    document = versions.get((service, terms_type))
    if document is None:
        fail(f"unknown terms type {terms_type!r} for {service}")
    for key in ("from", "to"):
        if not FILE_TIMESTAMP.match(row[key]):
            fail(f"{key!r} {row[key]!r} is not a file timestamp YYYY-MM-DDTHH-MM-SSZ")
        if iso(row[key]) not in document:
            fail(f"{key!r} {row[key]!r} is not a version of {service} {terms_type}")
    if iso(row["from"]) >= iso(row["to"]):
        fail(f"'from' {row['from']} is not before 'to' {row['to']}")
    if kind not in KINDS:
        fail(f"kind {kind!r} is not one of {sorted(KINDS)}")
    direction, net = row["direction"], row["net"]
    if not isinstance(row["categories"], list) or not all(isinstance(c, str) for c in row["categories"]):
        fail("'categories' must be a list of strings")
    if not isinstance(row["decisive"], list) or not all(isinstance(d, str) and d.strip() for d in row["decisive"]):
        fail("'decisive' must be a list of non-empty strings")
    unknown_categories = [c for c in row["categories"] if c not in categories]
    if unknown_categories:
        fail(f"unknown category id(s) {unknown_categories} (see data/taxonomy.toml)")
    if len(set(row["categories"])) != len(row["categories"]):
        fail("a category is listed twice")
    if kind == "substantive":
        if direction not in DIRECTIONS:
            fail(f"direction {direction!r} is not one of {sorted(DIRECTIONS)}")
        if net not in NETS:
            fail(f"net {net!r} is not one of {sorted(NETS)}")
        if direction != "mixed" and net != direction:
            fail(f"net {net!r} differs from direction {direction!r} (only a mixed change may)")
        if direction == "neutral" and row["categories"]:
            fail("a neutral change has no categories")
        if direction in ("worse", "better", "mixed") and not row["decisive"]:
            fail(f"a {direction} change names its decisive words")
        if row["artefact"] is not None:
            fail("'artefact' must be null unless kind is 'artefact'")
    else:
        if direction is not None or net is not None:
            fail(f"direction and net must be null for a {kind} change")
        if row["categories"]:
            fail(f"a {kind} change has no categories")
        if kind == "artefact" and row["artefact"] not in ARTEFACTS:
            fail(f"artefact {row['artefact']!r} is not one of {sorted(ARTEFACTS)}")
        if kind == "cosmetic" and row["artefact"] is not None:
            fail("'artefact' must be null unless kind is 'artefact'")
    return Gold(service, terms_type, row["from"], row["to"], kind, direction, net,
                tuple(row["categories"]), tuple(row["decisive"]), row["artefact"], row["note"])


# --- Termswatch's verdicts --------------------------------------------------------------------

def verdicts_from_export(path: Path) -> dict[tuple[str, str, str], Verdict]:
    """(service, terms type, ISO ``to``) -> Termswatch's verdict on the change leading there."""
    try:
        export = json.loads(path.read_text(encoding="utf-8"))
        verdicts = {}
        for service in export["services"]:
            for document in service["documents"]:
                for change in document["changes"]:
                    held = bool(change.get("suspect")) and change.get("suspect_status") != "confirmed"
                    substantive = bool(change["substantive"]) and not held
                    verdicts[(service["id"], document["terms_type"], change["to"])] = Verdict(
                        True, substantive, change["direction"] if substantive else "neutral",
                        tuple(change.get("categories") or ()) if substantive else (),
                        tuple(change.get("outweighed") or ()) if substantive else ())
        return verdicts
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise GoldError(f"{path}: not a usable Termswatch export ({type(error).__name__}: {error})")


def export_after_import(dataset: Path, home: Path) -> Path:
    """Import ``dataset`` into the fresh home ``home`` with this checkout's code; its export."""
    export = home / "export.json"
    for command in (["import-ota", str(dataset)], ["export", "--json", str(export)]):
        done = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *command],
                              cwd=REPO_ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise GoldError(f"termswatch {command[0]} failed ({done.returncode}): "
                            f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")
    return export


# --- the figures ------------------------------------------------------------------------------

def ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate(golds: list[Gold], verdicts: dict) -> dict:
    pairs = [(g, verdicts.get((g.service, g.terms_type, iso(g.to)), NO_CHANGE)) for g in golds]
    substantive = [(g, v) for g, v in pairs if g.kind == "substantive"]
    figures: dict = {
        "gold": dict(Counter(g.kind for g in golds)),
        "direction_accuracy": {"correct": sum(g.net == v.direction for g, v in substantive),
                               "of": len(substantive)},
    }
    figures["direction_accuracy"]["value"] = ratio(figures["direction_accuracy"]["correct"], len(substantive))
    for side in ("worse", "better"):
        predicted = [g for g, v in pairs if v.direction == side]
        actual = [v for g, v in pairs if g.label == side]
        figures[side] = {
            "precision": ratio(sum(g.label == side for g in predicted), len(predicted)),
            "recall": ratio(sum(v.direction == side for v in actual), len(actual)),
            "predicted": len(predicted), "gold": len(actual)}
    support = Counter(c for g, _ in substantive for c in g.categories)
    figures["category_recall"] = {}
    for category in KEY_CATEGORIES + sorted(set(support) - set(KEY_CATEGORIES)):
        found = sum(category in v.categories for g, v in substantive if category in g.categories)
        figures["category_recall"][category] = {"recall": ratio(found, support[category]),
                                                "found": found, "support": support[category]}
    # A mixed gold change lists what it moved either way; Termswatch's `categories` are its
    # verdict's side only, the other side is `outweighed`: counted for mixed changes alone.
    figures["category_recall_mixed_either_way"] = {}
    for category in KEY_CATEGORIES + sorted(set(support) - set(KEY_CATEGORIES)):
        either = sum(category in v.categories or g.direction == "mixed" and category in v.outweighed
                     for g, v in substantive if category in g.categories)
        figures["category_recall_mixed_either_way"][category] = {
            "recall": ratio(either, support[category]), "found": either, "support": support[category]}
    cosmetic = [v for g, v in pairs if g.kind == "cosmetic"]
    artefacts = [v for g, v in pairs if g.kind == "artefact"]
    figures["cosmetic_false_alarms"] = {"count": sum(v.substantive for v in cosmetic), "of": len(cosmetic)}
    figures["artefact_false_alarms"] = {
        "count": sum(v.substantive and v.direction in ("worse", "better") for v in artefacts),
        "of": len(artefacts)}
    figures["unmatched"] = sum(not v.found for _, v in pairs)
    per_document: dict = defaultdict(lambda: {"substantive": 0, "cosmetic": 0, "artefact": 0,
                                              "direction_correct": 0})
    for g, v in pairs:
        row = per_document[f"{g.service} / {g.terms_type}"]
        row[g.kind] += 1
        row["direction_correct"] += g.kind == "substantive" and g.net == v.direction
    figures["per_document"] = dict(sorted(per_document.items()))
    figures["errors"] = [error for g, v in pairs if (error := disagreement(g, v))]
    return figures


def disagreement(gold: Gold, verdict: Verdict) -> dict | None:
    """The disagreement on one change, or None when Termswatch agrees with the gold."""
    problems = []
    if gold.kind == "substantive":
        if gold.net != verdict.direction:
            problems.append("direction")
        missed = [c for c in gold.categories if c not in verdict.categories]
        if missed:
            problems.append(f"missed {missed}")
    elif gold.kind == "cosmetic" and verdict.substantive:
        problems.append("cosmetic called substantive")
    elif gold.kind == "artefact" and verdict.substantive and verdict.direction in ("worse", "better"):
        problems.append(f"{gold.artefact} artefact called {verdict.direction}")
    if not problems:
        return None
    expected = gold.kind if gold.kind != "substantive" else f"{gold.net} {list(gold.categories)}"
    return {"service": gold.service, "terms_type": gold.terms_type, "to": gold.to,
            "gold": expected, "termswatch": verdict.describe(), "problems": problems,
            "decisive": list(gold.decisive)}


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def table(figures: dict) -> str:
    accuracy = figures["direction_accuracy"]
    lines = ["| measure | value | counts |", "|---|---|---|",
             f"| direction accuracy (substantive) | {percent(accuracy['value'])} | "
             f"{accuracy['correct']}/{accuracy['of']} |"]
    for side in ("worse", "better"):
        f = figures[side]
        lines.append(f"| {side}: precision | {percent(f['precision'])} | {f['predicted']} called {side} |")
        lines.append(f"| {side}: recall | {percent(f['recall'])} | {f['gold']} {side} in gold |")
    for category, f in figures["category_recall"].items():
        lines.append(f"| recall `{category}` | {percent(f['recall'])} | {f['found']}/{f['support']} |")
    for category, f in figures["category_recall_mixed_either_way"].items():
        if f["found"] != figures["category_recall"][category]["found"]:
            lines.append(f"| recall `{category}`, a mixed change's outweighed side too | "
                         f"{percent(f['recall'])} | {f['found']}/{f['support']} |")
    for name in ("cosmetic_false_alarms", "artefact_false_alarms"):
        f = figures[name]
        lines.append(f"| {name.replace('_', ' ')} | {f['count']} | of {f['of']} |")
    lines.append(f"| gold changes with no Termswatch change | {figures['unmatched']} | |")
    lines += ["", "| document | substantive | cosmetic | artefact | direction right |", "|---|---|---|---|---|"]
    for document, row in figures["per_document"].items():
        lines.append(f"| {document} | {row['substantive']} | {row['cosmetic']} | {row['artefact']} | "
                     f"{row['direction_correct']}/{row['substantive']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=data_dir() / "gold" / "changes",
                        help="folder of <Service>.jsonl gold files")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--export", type=Path, help="a `termswatch export --json` file")
    source.add_argument("--import", dest="dataset", type=Path,
                        help="an OTA dataset to import into a temporary home (default: the shared corpus)")
    parser.add_argument("--corpus", type=Path, help="the OTA dataset the gold refers to "
                        "(default: --import's, else the shared corpus)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--list-errors", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    default_corpus = shared_dir() / "corpus" / "ota"
    corpus = args.corpus or args.dataset or default_corpus
    try:
        golds = load_gold(args.gold, corpus_versions(corpus), taxonomy_ids(data_dir() / "taxonomy.toml"))
        if args.export:
            verdicts = verdicts_from_export(args.export)
        else:
            with tempfile.TemporaryDirectory(prefix="eval-gold-") as home:
                verdicts = verdicts_from_export(export_after_import(args.dataset or default_corpus, Path(home)))
        figures = evaluate(golds, verdicts)
    except GoldError as error:
        print(f"eval_gold: {error}", file=sys.stderr)
        return 2
    if args.list_errors:
        for e in figures["errors"]:
            print(f"{e['service']} | {e['terms_type']} | {e['to']} | gold {e['gold']} | termswatch "
                  f"{e['termswatch']} | {'; '.join(e['problems'])} | {' / '.join(e['decisive'])}")
    elif args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
