#!/usr/bin/env python
"""List the capture artefacts of an OTA dataset the judgement rules catch, version by version.

    python scripts/scan_artefacts.py [DATASET]      (default: the shared corpus, ../shared/corpus/ota)

For each document, in the order of its INDEX.json, each version is checked the way the diff
stage checks it (`monitor.history` / `monitor.pipeline`): is it the document at all
(`monitor.diff.not_document`, against the typical length of the versions before it), is it in
another language than the one before it (`monitor.language`), and does it hold two versions
at once — an announcement of the coming version, or the same text twice
(`monitor.diff.announcement`). Prints one Markdown table row per finding. Needs the package
installed (`pip install -e .`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from monitor.diff.announcement import split_doubled
from monitor.diff.not_document import not_document_reason
from monitor.language import detect_language
from monitor.paths import shared_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", default=str(shared_dir() / "corpus" / "ota"))
    root = Path(parser.parse_args(argv).dataset)
    try:
        index = json.loads((root / "INDEX.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"scan_artefacts: cannot read {root / 'INDEX.json'}: {error}", file=sys.stderr)
        return 2
    documents: dict[tuple[str, str], list[dict]] = {}
    for version in index["versions"]:
        documents.setdefault((version["service"], version["terms_type"]), []).append(version)
    print("| service | document | version | finding |")
    print("|---|---|---|---|")
    found = 0
    for (service, terms_type), versions in sorted(documents.items()):
        lengths, previous = [], None
        for version in sorted(versions, key=lambda v: v["seq"]):
            text = (root / version["file"]).read_text(encoding="utf-8")
            usual = sorted(lengths)[len(lengths) // 2] if lengths else None
            finding = None
            reason = not_document_reason(text, usual, previous)
            if reason:
                finding = f"not the document ({reason}, {len(text):,} chars against a usual {usual or 0:,})"
            elif previous is not None:
                before, now = detect_language(previous), detect_language(text)
                doubled = split_doubled(previous, text)
                if before and now and before != now:
                    finding = f"in another language ({now}, the history is {before})"
                elif doubled:
                    finding = "the same text twice" if doubled.duplicate else "an announcement of the coming version"
            if finding:
                found += 1
                print(f"| {service} | {terms_type} | {version['timestamp']} | {finding} |")
            if not finding:   # like the pipeline: the next version is compared with the last trusted one
                lengths.append(len(text))
                previous = text
    print(f"\n{found} findings over {len(documents)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
