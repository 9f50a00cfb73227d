#!/usr/bin/env python
"""Compare two JSON exports (``termswatch export --json``) field by field.

    python scripts/compare_exports.py A.json B.json [--examples 3]

Every record of the export is matched by what identifies it, never by position alone where
an identity exists: services by id; documents by (service, terms type); versions by
recorded_at; errors by time; changes by (from, to); a change's hunks and evidence, and a
service's history and reasons, by their position (their order is part of the result). Every
field of every record is compared exactly (floats included). Printed: one line per kind
(records on each side, records only on one side, fields that differ), then, for each kind
that differs, each differing field with a few examples.

Nothing is ignored: the export holds no volatile fields (no time of export, no host). If a
field ever has to be skipped, it goes in ``IGNORED_FIELDS`` below and is printed.

Exit status: 0 the exports are identical, 1 they differ, 2 a file is unreadable or is not
an export. Needs only the standard library (no install required).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

KINDS = ("export", "services", "history", "reasons", "documents", "versions", "errors",
         "changes", "hunks", "evidence")

# (kind, field) pairs deliberately not compared; printed on every run. Empty on purpose.
IGNORED_FIELDS: set[tuple[str, str]] = set()

# Fields holding nested records, which are compared as records of their own kind.
NESTED = {"export": {"services"}, "services": {"history", "reasons", "documents"},
          "documents": {"versions", "errors", "changes"}, "changes": {"hunks", "evidence"}}

Key = tuple
Records = dict[str, dict[Key, dict]]


class NotAnExport(Exception):
    pass


def load_export(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotAnExport(f"cannot read export {path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise NotAnExport(f"not a Termswatch export: {path} (no 'services' list)")
    return data


def _fields(kind: str, record: dict) -> dict:
    """The record's own fields, nested records left out and nested dicts flattened."""
    out = {}
    for name, value in record.items():
        if name in NESTED.get(kind, ()) or (kind, name) in IGNORED_FIELDS:
            continue
        if isinstance(value, dict) and name == "imposed":
            for sub, sub_value in value.items():
                out[f"{name}.{sub}"] = sub_value
        else:
            out[name] = value
    return out


def _keyed(items: list[dict], identity) -> list[tuple[Key, dict]]:
    """Pairs (key, item); a repeated identity gets an occurrence number so nothing collapses."""
    seen: Counter = Counter()
    out = []
    for item in items:
        ident = identity(item)
        seen[ident] += 1
        out.append((ident + (seen[ident],) if seen[ident] > 1 else ident, item))
    return out


def flatten(export: dict) -> Records:
    """Every record of the export by kind, keyed by its identity."""
    records: Records = {kind: {} for kind in KINDS}
    records["export"][()] = _fields("export", export)
    for sid, service in _keyed(export["services"], lambda s: (s.get("id"),)):
        records["services"][sid] = _fields("services", service)
        for i, point in enumerate(service.get("history") or []):
            records["history"][sid + (i,)] = _fields("history", point)
        for i, reason in enumerate(service.get("reasons") or []):
            records["reasons"][sid + (i,)] = _fields("reasons", reason)
        for did, document in _keyed(service.get("documents") or [], lambda d: (d.get("terms_type"),)):
            did = sid + did
            records["documents"][did] = _fields("documents", document)
            for vid, version in _keyed(document.get("versions") or [], lambda v: (v.get("recorded_at"),)):
                records["versions"][did + vid] = _fields("versions", version)
            for eid, error in _keyed(document.get("errors") or [], lambda e: (e.get("at"),)):
                records["errors"][did + eid] = _fields("errors", error)
            for cid, change in _keyed(document.get("changes") or [], lambda c: (c.get("from"), c.get("to"))):
                cid = did + cid
                records["changes"][cid] = _fields("changes", change)
                for i, hunk in enumerate(change.get("hunks") or []):
                    records["hunks"][cid + (i,)] = _fields("hunks", hunk)
                for i, evidence in enumerate(change.get("evidence") or []):
                    records["evidence"][cid + (i,)] = _fields("evidence", evidence)
    return records


class KindReport:
    def __init__(self, kind: str):
        self.kind = kind
        self.count_a = self.count_b = 0
        self.only_a: list[Key] = []
        self.only_b: list[Key] = []
        self.fields: dict[str, list[tuple[Key, object, object]]] = defaultdict(list)

    @property
    def identical(self) -> bool:
        return not (self.only_a or self.only_b or self.fields)


def compare(a: Records, b: Records) -> list[KindReport]:
    reports = []
    for kind in KINDS:
        report = KindReport(kind)
        left, right = a[kind], b[kind]
        report.count_a, report.count_b = len(left), len(right)
        report.only_a = [key for key in left if key not in right]
        report.only_b = [key for key in right if key not in left]
        for key in left.keys() & right.keys():
            for field in sorted(left[key].keys() | right[key].keys()):
                missing = object()
                old, new = left[key].get(field, missing), right[key].get(field, missing)
                if not _same(old, new):
                    report.fields[field].append((key, _shown(old, missing), _shown(new, missing)))
        reports.append(report)
    return reports


def _same(old, new) -> bool:
    """Equal as JSON values: in Python True == 1 == 1.0, in an export they differ."""
    if type(old) is not type(new):
        return False
    if isinstance(old, (list, dict)):
        return json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)
    return old == new


def _shown(value, missing) -> str:
    text = "(absent)" if value is missing else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."


def _key(key: Key) -> str:
    return " / ".join(str(part) for part in key) or "(top level)"


def print_report(reports: list[KindReport], examples: int, out=sys.stdout) -> None:
    ignored = ", ".join(f"{kind}.{field}" for kind, field in sorted(IGNORED_FIELDS)) or "nothing"
    print(f"ignored fields: {ignored}", file=out)
    print(f"{'kind':<10} {'in A':>7} {'in B':>7} {'only A':>7} {'only B':>7} {'differ':>7}", file=out)
    for r in reports:
        differing = sum(len(v) for v in r.fields.values())
        print(f"{r.kind:<10} {r.count_a:>7} {r.count_b:>7} {len(r.only_a):>7} {len(r.only_b):>7} "
              f"{differing:>7}", file=out)
    for r in reports:
        if r.identical:
            continue
        print(f"\n{r.kind}:", file=out)
        for side, keys in (("only in A", r.only_a), ("only in B", r.only_b)):
            if keys:
                print(f"  {side}: {len(keys)}, e.g. " + "; ".join(_key(k) for k in keys[:examples]), file=out)
        for field, diffs in sorted(r.fields.items()):
            print(f"  {field}: {len(diffs)} differ", file=out)
            for key, old, new in sorted(diffs, key=lambda d: str(d[0]))[:examples]:
                print(f"    {_key(key)}: {old} -> {new}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, metavar="A.json")
    parser.add_argument("b", type=Path, metavar="B.json")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per differing field")
    args = parser.parse_args(argv)
    try:
        a, b = load_export(args.a), load_export(args.b)
    except NotAnExport as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        flat_a, flat_b = flatten(a), flatten(b)
    except (AttributeError, TypeError) as error:   # a record that is not an object
        print(f"error: malformed export record: {error}", file=sys.stderr)
        return 2
    reports = compare(flat_a, flat_b)
    print_report(reports, args.examples)
    identical = all(r.identical for r in reports)
    print("\nidentical" if identical else "\nDIFFERENT")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
