#!/usr/bin/env python3
"""Every reading at once: the pool of all changes read in ``scripts/readings/``.

Each ``unseenNN.tsv`` was read on its own sample; a judgement change measured on one sample of
~50 changes moves by one or two, which says little. The pool is one dataset holding every
document any reading names (the last 20 versions of each, as the samples had), imported once;
then every judgement change is measured against all the readings together (~800 changes) in
about a minute.

    python scripts/readings_pool.py build FULL_DATASET OUT        # a dataset folder of the named documents
    termswatch --home HOME import-ota OUT && termswatch --home HOME export --json EXPORT
    python scripts/readings_pool.py eval EXPORT [--reassess HOME] [--out ROWS.tsv]

FULL_DATASET is the full contrib history built by ``scripts/ota_versions_to_dataset.py``; a
document some reading names in an earlier window (``unseen30``-``32``) is kept from the version
before the oldest change read. ``eval``
prints the pooled agreement (strict, lenient: mixed agrees with worse or better), the agreement of
each sample, and the confusion of readings against Termswatch's directions; ``--reassess HOME``
judges each counted change again with the code as it is now (read-only, like
``eval_readings.py --reassess``); ``--out`` writes one row per read change (sample, service,
terms type, to, reading, ours) to compare two codes with ``diff``. ``--reassess`` re-judges the
changes the home recorded; a change of the diff or capture stages (which changes exist, which are
held) needs the pool imported again with the code under test. The second readings
(``unseen13b``, ``unseen14b``) are left out: they read the same changes again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_readings  # noqa: E402

READINGS = Path(__file__).resolve().parent / "readings"
DIRECTIONS = ("worse", "better", "neutral", "mixed")


def readings(folder: Path = READINGS):
    """(sample, service, terms type, to, reading) of every first reading, in file order."""
    for path in sorted(folder.glob("unseen*.tsv")):
        if path.stem.endswith("b"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                service, terms_type, to, reading = line.split("\t")[:4]
                yield path.stem, service, terms_type, to, reading.strip().lower()


def build(full: Path, out: Path, last: int, folder: Path = READINGS) -> tuple[int, int]:
    """Write the dataset of every document the readings name, its last ``last`` versions."""
    named: dict[tuple[str, str], list[str]] = {}
    for _, service, terms_type, to, _ in readings(folder):
        named.setdefault((service, terms_type), []).append(to)
    index = json.loads((full / "INDEX.json").read_text(encoding="utf-8"))
    documents: dict[tuple[str, str], list[dict]] = {}
    for version in index["versions"]:
        key = (version["service"], version["terms_type"])
        if key in named:
            documents.setdefault(key, []).append(version)
    kept = []
    for key in sorted(documents):
        versions = sorted(documents[key], key=lambda v: v["timestamp"])
        kept.extend(versions[_window_start(versions, named[key], last):])
    out.mkdir(parents=True, exist_ok=False)
    for version in kept:
        target = out / version["file"]
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(full / version["file"], target)
    (out / "INDEX.json").write_text(json.dumps({**index, "versions": kept}, indent=1), encoding="utf-8")
    return len(documents), len(kept)


def _window_start(versions: list[dict], read: list[str], last: int) -> int:
    """The first version to keep: the last ``last`` ones, or earlier when a reading names an older
    change (``unseen30``-``32`` read earlier windows), from the version before the oldest one read."""
    stamps = [v["timestamp"].replace("-", "").replace(":", "") for v in versions]
    wanted = [to.replace("-", "").replace(":", "").rstrip("Z") for to in read]
    first_read = min((i for i, stamp in enumerate(stamps) if any(stamp.startswith(w) for w in wanted)),
                     default=len(versions))
    return max(0, min(len(versions) - last, first_read - 1))


def evaluate(export: Path, reassess_home: str | None, folder: Path = READINGS) -> list[tuple]:
    """One row per read change found in the export: (sample, service, terms type, to, reading, ours).
    A reading the export has no single change for has ``ours`` None (`report` counts them apart)."""
    changes: dict[tuple[str, str], list[dict]] = {}
    for service in json.loads(export.read_text(encoding="utf-8"))["services"]:
        for document in service["documents"]:
            changes[(service["name"], document["terms_type"])] = [
                {k: v for k, v in c.items() if k not in ("hunks", "evidence")} for c in document.get("changes") or []]
    reassess = eval_readings.reassessor(reassess_home) if reassess_home else None
    rows = []
    for sample, service, terms_type, to, reading in readings(folder):
        found = eval_readings.matching_changes(changes.get((service, terms_type), []), to)
        if len(found) != 1:
            rows.append((sample, service, terms_type, to, reading, None))
            continue
        ours = eval_readings.ours(found[0])
        if reassess and eval_readings.ours({**found[0], "direction": "worse"}) == "worse":   # it counts
            ours = reassess(service, terms_type, found[0]["to"])
        rows.append((sample, service, terms_type, found[0]["to"], reading, ours))
    return rows


def report(rows: list[tuple]) -> str:
    unmatched = [r for r in rows if r[5] is None]
    rows = [r for r in rows if r[5] is not None]
    strict = sum(r[4] == r[5] for r in rows)
    lenient = sum(r[4] == r[5] or (r[4] == "mixed" and r[5] in ("worse", "better")) for r in rows)
    n = max(len(rows), 1)
    lines = [f"pooled agreement strict {strict}/{len(rows)} ({100 * strict / n:.1f} %), "
             f"lenient {lenient}/{len(rows)} ({100 * lenient / n:.1f} %)"]
    by_sample: dict[str, list[int]] = {}
    for r in rows:
        counts = by_sample.setdefault(r[0], [0, 0])
        counts[0] += r[4] == r[5]
        counts[1] += 1
    lines.append("per sample: " + ", ".join(f"{s} {a}/{b}" for s, (a, b) in sorted(by_sample.items())))
    if unmatched:
        lines.append(f"{len(unmatched)} readings not found (no single change of that time in the export), "
                     "e.g. " + "; ".join(" / ".join(r[1:4]) for r in unmatched[:3]))
    confusion = Counter((r[4], r[5]) for r in rows)
    lines.append("| read \\ ours | worse | better | neutral |")
    lines.append("|---|---:|---:|---:|")
    for read in DIRECTIONS:
        lines.append(f"| {read} | " + " | ".join(str(confusion[(read, o)]) for o in ("worse", "better", "neutral")) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    b = verbs.add_parser("build", help="write the dataset of every document the readings name")
    b.add_argument("full", type=Path, help="the full contrib history as a dataset folder")
    b.add_argument("out", type=Path, help="the folder to write (must not exist)")
    b.add_argument("--last", type=int, default=20, help="versions kept per document (the samples kept 20)")
    e = verbs.add_parser("eval", help="pooled agreement of an export of the pool with every reading")
    e.add_argument("export", type=Path)
    e.add_argument("--reassess", metavar="HOME", help="judge the changes again with the code as it is now")
    e.add_argument("--out", type=Path, help="write one row per read change (TSV)")
    args = parser.parse_args(argv)
    if args.verb == "build":
        documents, versions = build(args.full, args.out, args.last)
        print(f"{documents} documents, {versions} versions written to {args.out}")
        return 0
    rows = evaluate(args.export, args.reassess)
    print(report(rows))
    if args.out:
        args.out.write_text("".join("\t".join(r) + "\n" for r in rows if r[5] is not None), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
