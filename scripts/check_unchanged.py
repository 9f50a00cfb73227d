#!/usr/bin/env python
"""Proof that a refactoring changed nothing: import the shared corpus with the current code,
export it, and compare the export with a reference made before the change.

    .venv/bin/python scripts/check_unchanged.py --reference /work/ref/export-e7101a7.json

Make the reference first, with the code as it was (same commands as below):

    termswatch --home /tmp/ref-home import-ota ../shared/corpus/ota
    termswatch --home /tmp/ref-home export --json REFERENCE.json

The import runs ``python -m monitor`` with this interpreter, in a temporary state directory
removed afterwards, so it needs the package installed in it (``pip install -e .`` in the
checkout's ``.venv``). The comparison is ``compare_exports.py`` beside this script (its
table is printed). Takes about as long as the import (~1.5 minutes).

Exit status: 0 identical, 1 different, 2 the import or export failed, or a bad reference.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from monitor.paths import shared_dir

COMPARE = Path(__file__).resolve().parent / "compare_exports.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="the export made before the change")
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ota",
                        help="the OTA dataset to import (default: the shared corpus)")
    parser.add_argument("--keep", type=Path, help="also save the new export to this file")
    args = parser.parse_args()
    if not args.reference.is_file():
        print(f"error: no reference export at {args.reference}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="termswatch-check-") as scratch:
        home, export = Path(scratch) / "home", Path(scratch) / "export.json"
        for step in (["import-ota", str(args.corpus)], ["export", "--json", str(export)]):
            termswatch = [sys.executable, "-m", "monitor", "--home", str(home), *step]
            print("$ termswatch " + " ".join(step), file=sys.stderr)
            if subprocess.run(termswatch, stdout=subprocess.DEVNULL).returncode != 0:
                print(f"error: 'termswatch {step[0]}' failed (see above)", file=sys.stderr)
                return 2
        if args.keep:
            args.keep.write_bytes(export.read_bytes())
        return subprocess.run([sys.executable, str(COMPARE), str(args.reference), str(export)]).returncode


if __name__ == "__main__":
    sys.exit(main())
