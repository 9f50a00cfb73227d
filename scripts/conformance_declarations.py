"""How closely Termswatch reads declarations as Open Terms Archive's engine does (run by hand).

    .venv/bin/python scripts/conformance_declarations.py PATH_TO_ENGINE PATH_TO_CONTRIB

PATH_TO_ENGINE is a clone (or a bare/mirror git directory) of OpenTermsArchive/engine: its
validator's fixtures (``scripts/declarations/validate/fixtures/{valid,invalid}[-history]``)
must pass or fail `termswatch validate` as they do the engine's schema. PATH_TO_CONTRIB is a
clone (or git directory) of a declarations repository such as contrib-declarations: every
declaration must load; terminated services (``"terms": {}``) must keep their history; and the
declaration in force at each ``validUntil`` instant (and one second either side) must be the
one the engine picks (``Service.#getTermsAtDate``: the first history entry, by date, whose
``validUntil`` is at or after the instant, else the current one). Files are read from the
repositories' HEAD when they are git directories; nothing is copied into this repository.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.catalogue import validate_folder  # noqa: E402
from monitor.clock import parse_iso  # noqa: E402
from monitor.declarations import load_catalogue  # noqa: E402
from monitor.extract import FILTERS  # noqa: E402

FIXTURES = "scripts/declarations/validate/fixtures"


def checkout(repo: Path, under: str, into: Path) -> Path:
    """``under`` of ``repo`` as plain files in ``into`` (git directories are read at HEAD)."""
    if (repo / under).is_dir():
        return repo / under
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", "HEAD", under], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / under


def engine_fixtures(engine: Path, scratch: Path) -> tuple[int, int, list[str]]:
    root = checkout(engine, FIXTURES, scratch / "engine")
    passed, total, failures = 0, 0, []
    for group in ("valid", "invalid", "valid-history", "invalid-history"):
        for fixture in sorted((root / group).glob("*.json")):
            folder = scratch / "cases" / group / fixture.stem
            folder.mkdir(parents=True)
            if group.endswith("history"):
                (folder / "Case.json").write_text('{"name": "Case", "terms": {}}')
                (folder / "Case.history.json").write_bytes(fixture.read_bytes())
            else:
                (folder / "Case.json").write_bytes(fixture.read_bytes())
            errors = validate_folder(folder).errors
            ok = bool(errors) == group.startswith("invalid")
            total += 1
            passed += ok
            if not ok:
                failures.append(f"{group}/{fixture.name}: " + ("; ".join(map(str, errors)) or "accepted"))
    return passed, total, failures


def engine_choice(history: list, current, when):
    """The engine's rule, written from Service.#getTermsAtDate, as the reference."""
    ordered = sorted(history, key=lambda d: parse_iso(d.valid_until))
    return next((d for d in ordered if when <= parse_iso(d.valid_until)), current)


def contrib(repo: Path, scratch: Path) -> dict:
    folder = checkout(repo, "declarations", scratch / "contrib")
    catalogue = load_catalogue(folder)
    strict = validate_folder(folder)
    lookups = agree = 0
    for service in catalogue.services.values():
        for terms_type, history in service.history.items():
            current = service.documents.get(terms_type)
            for old in history:
                instant = parse_iso(old.valid_until)
                for when in (instant - timedelta(seconds=1), instant, instant + timedelta(seconds=1)):
                    lookups += 1
                    agree += service.declaration_at(terms_type, when) is engine_choice(history, current, when)
    terminated = [s for s in catalogue.services.values() if s.terminated]
    used: dict[str, int] = {}
    for service in catalogue.services.values():
        docs = [*service.documents.values(), *(d for h in service.history.values() for d in h)]
        for page in (p for d in docs for p in d.pages):
            for item in page.filters:
                used[item.name] = used.get(item.name, 0) + 1
    known = {name: n for name, n in used.items() if name in FILTERS}
    return {
        "declarations": len(list(folder.glob("*.json"))) - len(list(folder.glob("*.history.json"))),
        "loaded": len(catalogue.services), "load_errors": [str(e) for e in catalogue.errors],
        "strict_problems": [str(e) for e in strict.errors],
        "terminated_with_history": sorted(s.id for s in terminated if s.history),
        "date_lookups": lookups, "date_lookups_as_engine": agree,
        "named_filters": len(used), "named_filters_run": len(known),
        "filter_uses": sum(used.values()), "filter_uses_run": sum(known.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", type=Path)
    parser.add_argument("contrib", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        passed, total, failures = engine_fixtures(args.engine, Path(scratch))
        print(f"engine validate fixtures: {passed} of {total} judged as the engine's schema does")
        for failure in failures:
            print(f"  differs: {failure}")
        report = contrib(args.contrib, Path(scratch))
    print(f"contrib declarations: {report['loaded']} of {report['declarations']} load "
          f"({len(report['load_errors'])} errors), {len(report['strict_problems'])} problems under validate")
    for line in report["load_errors"][:10] + report["strict_problems"][:10]:
        print(f"  {line}")
    print(f"terminated services kept with their history: {len(report['terminated_with_history'])} "
          f"({', '.join(report['terminated_with_history'])})")
    print(f"date look-ups as the engine: {report['date_lookups_as_engine']} of {report['date_lookups']}")
    print(f"named filters run: {report['named_filters_run']} of {report['named_filters']} "
          f"({report['filter_uses_run']} of {report['filter_uses']} uses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
