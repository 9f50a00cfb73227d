"""Synthetic stores for the site's tests and benchmark (a test fixture, so not in the package;
``scripts/bench_site.py`` loads it from here): invented services with a history of
versions, changes, hunks, assessments, findings and scores, written straight into the
schema of `monitor.store` (migrations 1, 2 and 6), in bulk.

The rows look like what the pipeline writes (word-level hunk ops, evidence quoting a hunk,
score items linking to changes and clauses) but their meaning is invented; they exist to
exercise the site, not the analysis. ``hostile=True`` puts script and link payloads into every
captured text field, to prove the site and the feeds escape them.

>>> from monitor.store import Store
>>> store = Store.open(":memory:")
>>> populate(store, services=2, versions=4)
{'services': 2, 'documents': 4, 'versions': 16, 'changes': 12}
>>> add_version(store, "Service 0001")["change_id"] > 0
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from monitor.clock import parse_iso, to_iso
from monitor.store import HUNK_COLUMNS, Store, compress_text, sha256_text

CATEGORIES = ["ai_training", "arbitration", "data_sale", "unilateral_change", "content_license", "tracking"]
HARMS = {
    "ai_training": "We may use your content and messages to train our artificial intelligence models.",
    "arbitration": "Any dispute will be resolved by binding arbitration and you waive your right to a class action.",
    "data_sale": "We may sell your personal information to our advertising partners.",
    "unilateral_change": "We may change these terms at any time without notice.",
    "content_license": "You grant us an irrevocable, worldwide, royalty-free licence to everything you post.",
    "tracking": "We track your precise location even when the app is closed.",
}
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">click</a>',
    "javascript:window.__pwned=1",
    '"><svg onload="window.__pwned=1">',
    "</textarea></title><script>window.__pwned=1</script>",
    "]]></content><script>window.__pwned=1</script>",
]
DOCUMENTS = ("Terms of Service", "Privacy Policy")
CLAUSES = 12
START = "2024-01-01T06:00:00Z"


def _hostile(text: str, n: int, hostile: bool) -> str:
    return f"{text} {HOSTILE[n % len(HOSTILE)]}" if hostile else text


def _clauses(service: str, terms_type: str, k: int, hostile: bool) -> list[tuple[str, str]]:
    """(section, text) of version ``k`` of a document: clause ``k % CLAUSES`` was rewritten at
    every version, and harms accumulate with the versions."""
    out = []
    for c in range(CLAUSES):
        rewrites = (k - c + CLAUSES - 1) // CLAUSES if k >= c else 0
        text = (f"Clause {c + 1} of the {terms_type} of {service}: we process the data you give us "
                f"for purpose number {c + 1}, and keep it for {30 + 10 * rewrites} days.")
        if rewrites and c % 3 == 0:
            text += f" {HARMS[CATEGORIES[c % len(CATEGORIES)]]}"
        out.append((_hostile(f"{c // 4 + 1}. Section {c // 4 + 1}", c, hostile), _hostile(text, c, hostile)))
    return out


def _updated(k: int, start: str) -> str:
    return f"Last updated: {(parse_iso(start) + timedelta(days=7 * k)).date().isoformat()}"


def _text(clauses: list[tuple[str, str]], k: int, start: str) -> str:
    return _updated(k, start) + "\n\n" + "\n\n".join(f"## {s}\n\n{t}" for s, t in clauses)


def _ops(old: str, new: str) -> list:
    """Word-level ops turning ``old`` into ``new``: common prefix and suffix kept."""
    a, b = old.split(" "), new.split(" ")
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    ops = [[0, " ".join(a[:prefix]) + " "]] if prefix else []
    if a[prefix:len(a) - suffix]:
        ops.append([-1, " ".join(a[prefix:len(a) - suffix]) + " "])
    if b[prefix:len(b) - suffix]:
        ops.append([1, " ".join(b[prefix:len(b) - suffix]) + " "])
    if suffix:
        ops.append([0, " ".join(a[len(a) - suffix:])])
    return ops


def _grade(score: int) -> str:
    return next((g for g, floor in (("A", 80), ("B", 65), ("C", 50), ("D", 35)) if score >= floor), "E")


@dataclass
class _Rows:
    """Rows to insert, and the next free id of each table."""

    next_id: dict
    tables: dict = field(default_factory=lambda: {t: [] for t in (
        "services", "documents", "versions", "changes", "hunks", "assessments", "version_findings",
        "scores", "fetch_errors")})

    def take(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def add(self, table: str, row: dict) -> None:
        self.tables[table].append(row)


def _next_ids(store: Store) -> dict:
    return {t: store.db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
            for t in ("documents", "versions", "changes", "hunks", "scores", "fetch_errors")}


def _version_rows(rows: _Rows, doc: dict, k: int, previous: dict | None, start: str, hostile: bool) -> dict:
    """Version ``k`` of ``doc`` and, from the second on, its change with hunks and assessment,
    its findings and the service's score after it. Returns what the next version needs."""
    clauses = _clauses(doc["service_name"], doc["terms_type"], k, hostile)
    text = _text(clauses, k, start)
    at = to_iso(parse_iso(start) + timedelta(days=7 * k, hours=doc["n"] % 24))
    version = {"id": rows.take("versions"), "document_id": doc["id"], "recorded_at": at,
               "kind": "change" if previous else "first", "text": text, "sha256": sha256_text(text),
               "chars": len(text), "snapshot_id": None, "snapshot_ids": "[]", "declaration_sha256": None,
               "source": "synthetic"}
    rows.add("versions", version)
    findings = [{"category": CATEGORIES[c % len(CATEGORIES)], "severity": 1 + (c + k) % 3, "clause": c,
                 "section": section, "text": clause,
                 "evidence": [HARMS[CATEGORIES[c % len(CATEGORIES)]].split(" and ")[0].rstrip(".")]}
                for c, (section, clause) in enumerate(clauses) if HARMS[CATEGORIES[c % len(CATEGORIES)]] in clause]
    rows.add("version_findings", {"version_id": version["id"], "findings": json.dumps(findings),
                                  "inherited_from": None, "model": "synthetic", "computed_at": at})
    change_id = None
    if previous:
        change_id = rows.take("changes")
        c = (k - 1) % CLAUSES
        old, (section, new) = previous["clauses"][c][1], clauses[c]
        # Version k's change: cosmetic every fifth, suspect every eleventh, else worse,
        # neutral, better in turn (so the 6th, 21st... versions bring a worse change).
        cosmetic, suspect = k % 5 == 4, k % 11 == 10
        old_date, new_date = _updated(k - 1, start), _updated(k, start)
        hunks = [{"kind": "modified", "section": "", "old": old_date, "new": new_date, "ops": _ops(old_date, new_date),
                  "substantive": 0, "reason": "date", "old_index": 0, "new_index": 0}]
        if not cosmetic:
            hunks.append({"kind": "modified", "section": section, "old": old, "new": new, "ops": _ops(old, new),
                          "substantive": 1, "reason": "wording", "old_index": c + 1, "new_index": c + 1})
        for position, hunk in enumerate(hunks):
            rows.add("hunks", {"id": rows.take("hunks"), "change_id": change_id, "position": position,
                               **hunk, "ops": json.dumps(hunk["ops"])})
        reasons = ["date"] if cosmetic else sorted({"date", "wording"} | ({"suspect_mass_deletion"} if suspect else set()))
        rows.add("changes", {"id": change_id, "document_id": doc["id"], "from_version_id": previous["id"],
                             "to_version_id": version["id"], "substantive": 0 if cosmetic else 1,
                             "suspect": 1 if suspect and not cosmetic else 0,
                             "suspect_status": ("pending" if k % 2 else "confirmed") if suspect and not cosmetic else None,
                             "reasons": json.dumps(reasons), "stats": json.dumps({"hunks": len(hunks)}),
                             "computed_at": at})
        if not cosmetic:
            direction = ("better", "neutral", "worse")[k % 3]
            category = CATEGORIES[c % len(CATEGORIES)]
            harm = HARMS[category]
            side = "new" if direction == "worse" else "old"
            quote = (harm if harm in (new if side == "new" else old) else new.split(":")[0]).rstrip(".")
            rows.add("assessments", {
                "change_id": change_id, "direction": direction, "severity": 1 + k % 3 if direction != "neutral" else 0,
                "categories": json.dumps([category] if direction != "neutral" else []),
                "evidence": json.dumps([{"category": category, "side": side, "text": quote, "hunk": 1}]
                                       if direction != "neutral" else []),
                "confidence": 0.8, "hunk_assessments": json.dumps([{}, {"direction": direction}]),
                "notice_days": None if k % 2 else 30,
                "effective_date": None if k % 2 else to_iso(parse_iso(at) + timedelta(days=30)),
                "consent_by_use": k % 2, "announced": 1 - k % 2, "model": "synthetic", "computed_at": at})
    score = max(5, 95 - 3 * k - doc["n"] % 20)
    items = [{"points": -round(2.5 * (1 + f["severity"]), 2), "kind": "term", "category": f["category"],
              "text": _hostile(f"{f['category'].replace('_', ' ')} in the {doc['terms_type']}", f["clause"], hostile),
              "link": {"version_id": version["id"], "clause": f["clause"], "document": doc["terms_type"],
                       "quote": f["text"][:300]}} for f in findings[:3]]
    if change_id:
        items.append({"points": -1.5, "kind": "change", "category": None, "text": f"{doc['terms_type']} changed on {at[:10]}",
                      "link": {"change_id": change_id}})
    rows.add("scores", {"id": rows.take("scores"), "service_id": doc["service_id"], "at": at,
                        "version_id": version["id"], "score": score, "grade": _grade(score), "reasons": json.dumps(items)})
    return {"id": version["id"], "recorded_at": at, "clauses": clauses, "change_id": change_id}


def _insert(store: Store, rows: _Rows) -> None:
    # version texts live compressed in their own table (migration 6)
    rows.tables["version_texts"] = [{"version_id": v["id"], "compression": "zlib", "content": compress_text(v.pop("text"))}
                                    for v in rows.tables.get("versions", [])]
    # hunks go through the store, which stores their clauses as spans of the version texts
    hunks_by_change: dict[int, list[tuple]] = {}
    for h in rows.tables.pop("hunks", []):
        hunks_by_change.setdefault(h["change_id"], []).append(tuple(h[c] for c in HUNK_COLUMNS))
    with store.db.conn:
        for table, table_rows in rows.tables.items():
            if not table_rows:
                continue
            columns = list(table_rows[0])
            store.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [[row[c] for c in columns] for row in table_rows])
        for change_id, hunks in hunks_by_change.items():
            store.write_hunks(change_id, hunks)


def populate(store: Store, *, services: int = 3, versions: int = 6, documents: tuple[str, ...] = DOCUMENTS,
             hostile: bool = False, start: str = START, service_ids: list[str] | None = None) -> dict:
    """Add ``services`` invented services, each with ``documents`` of ``versions`` versions."""
    ids = service_ids or [f"Service {n:04d}" for n in range(1, services + 1)]
    rows = _Rows(_next_ids(store))
    for n, service_id in enumerate(ids):
        name = _hostile(f"{service_id} Inc.", n, hostile)
        rows.add("services", {"id": service_id, "name": name, "added_at": start})
        for terms_type in documents:
            doc = {"id": rows.take("documents"), "service_id": service_id, "service_name": name,
                   "terms_type": terms_type, "n": n}
            url = f"https://{n}.example.com/{terms_type.lower().replace(' ', '-')}"
            rows.add("documents", {"id": doc["id"], "service_id": service_id, "terms_type": terms_type,
                                   "url": HOSTILE[3] if hostile and n % 2 == 0 else url,
                                   "declaration": "{}", "declaration_sha256": sha256_text("{}"), "added_at": start,
                                   "last_captured_at": None, "last_outcome": None, "failures_in_a_row": 0})
            previous = None
            for k in range(versions):
                previous = _version_rows(rows, doc, k, previous, start, hostile)
            rows.tables["documents"][-1].update(last_captured_at=previous["recorded_at"], last_outcome="change")
            if hostile or n % 7 == 3:
                rows.add("fetch_errors", {"id": rows.take("fetch_errors"), "document_id": doc["id"],
                                          "at": previous["recorded_at"], "kind": "http_status",
                                          "reason": _hostile("HTTP 503 from the server", n, hostile),
                                          "url": url, "status": 503})
    _insert(store, rows)
    return {"services": len(ids), "documents": len(ids) * len(documents),
            "versions": len(ids) * len(documents) * versions,
            "changes": len(ids) * len(documents) * max(0, versions - 1)}


def add_version(store: Store, service_id: str, terms_type: str | None = None, *, hostile: bool = False) -> dict:
    """Record the next synthetic version of one of the service's documents, with its change,
    assessment, findings and score, as the pipeline would after a capture."""
    document = next(d for d in store.query("SELECT * FROM documents WHERE service_id = ? ORDER BY terms_type",
                                           [service_id]) if terms_type in (None, d["terms_type"]))
    service = next(store.query("SELECT * FROM services WHERE id = ?", [service_id]))
    history = store.versions(document["id"])
    n = [s["id"] for s in store.services()].index(service_id)
    doc = {"id": document["id"], "service_id": service_id, "service_name": service["name"],
           "terms_type": document["terms_type"], "n": n}
    k = len(history)
    start = to_iso(parse_iso(history[0]["recorded_at"]) - timedelta(hours=n % 24)) if history else START
    previous = {"id": history[-1]["id"], "clauses": _clauses(service["name"], document["terms_type"], k - 1, hostile)} \
        if history else None
    rows = _Rows(_next_ids(store))
    version = _version_rows(rows, doc, k, previous, start, hostile)
    _insert(store, rows)
    with store.db.conn:
        store.db.execute("UPDATE documents SET last_captured_at = ?, last_outcome = 'change' WHERE id = ?",
                         [version["recorded_at"], document["id"]])
    return {"version_id": version["id"], "change_id": version["change_id"]}
