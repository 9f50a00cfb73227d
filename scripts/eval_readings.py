#!/usr/bin/env python3
"""Agreement of an export's change directions with a lawyer's readings of fresh services.

    python scripts/eval_readings.py scripts/readings/unseen10.tsv EXPORT.json [--list]

The readings in ``scripts/readings/`` (see its README) were written before looking at
Termswatch's verdicts, on services outside the gold set; EXPORT is ``termswatch export --json``
of a home that imported the same sample (the last 20 versions of each listed document of the
full contrib history, ``scripts/ota_versions_to_dataset.py``).

READINGS.tsv: tab-separated, one change per line, '#' comments:
    service  terms_type  to  reading  note
`to` is the new version's recorded_at as the export gives it (a prefix is enough, e.g. the
date, when it is unique within the document). reading: worse | better | neutral | mixed.
Ours: the change's direction when it is substantive and counts (not a suspect, or a confirmed
one: the product's own rule, `monitor.store.analysis.counts`, as `eval_gold.py` applies it), else
neutral. A refuted capture or one that is not the document never reaches a user.
Strict: equal. Lenient: 'mixed' agrees with worse or better.

    .venv/bin/python scripts/eval_readings.py READINGS EXPORT --reassess HOME

re-assesses the changes the readings name with the code as it is now, from HOME's versions (HOME is
the home EXPORT was made from; it is read, never written): a judgement change is measured on the
readings in a minute, where `classify --recompute` of a whole sample takes many (which changes
count is still the export's).
"""
import argparse
import json
from collections import Counter

def ours(ch):
    if not ch.get("substantive"):
        return "neutral"
    if ch.get("suspect") and ch.get("suspect_status") != "confirmed":
        return "neutral"
    return ch.get("direction") or "neutral"

def matching_changes(changes, to):
    """The changes of a document a reading dated ``to`` (a prefix of the new version's time) is
    of: one, unless the reading is ambiguous or absent. Two captures can share a timestamp: the
    reading is of the one that changed the text."""
    found = [c for c in changes if c["to"].startswith(to)]
    if len(found) > 1:
        found = [c for c in found if c.get("substantive")] or found
    return found


def reassessor(home):
    """The direction the current code gives a change of ``home``'s store, by service name,
    terms type and the new version's time."""
    import sqlite3
    import sqlite_utils
    from monitor.classify import load_classifier
    from monitor.stages.classify import assessment_of
    from monitor.store import Store

    # read-only: a ready home shared by several people must not be written, even by accident
    connection = sqlite3.connect(f"file:{home}/termswatch.db?mode=ro", uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    store, classifier = Store(sqlite_utils.Database(connection)), load_classifier()

    def direction(service, terms_type, to):
        row = connection.execute(
            "SELECT c.* FROM changes c JOIN documents d ON d.id = c.document_id JOIN services s ON s.id = d.service_id "
            "JOIN versions v ON v.id = c.to_version_id WHERE s.name = ? AND d.terms_type = ? AND v.recorded_at = ? "
            "AND c.substantive = 1", (service, terms_type, to)).fetchone()
        return assessment_of(store, dict(row), classifier)["direction"] if row else "neutral"
    return direction


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Prints the agreement, then (--list) each disagreement.")
    parser.add_argument("readings", help="READINGS.tsv: service, terms_type, to, reading, note")
    parser.add_argument("export", help="termswatch export --json of the home that imported the sample")
    parser.add_argument("--list", action="store_true", help="list every change where reading and ours disagree")
    parser.add_argument("--reassess", metavar="HOME",
                        help="re-assess the read changes with the code as it is now, from HOME's store (read only)")
    args = parser.parse_args()
    rpath, epath, listing = args.readings, args.export, args.list
    reassess = reassessor(args.reassess) if args.reassess else None
    exp = json.load(open(epath))
    docs = {}
    for s in exp["services"]:
        for d in s["documents"]:
            docs[(s["name"], d["terms_type"])] = d
    n = strict = lenient = opposite = 0
    missing = []
    rows = []
    for line in open(rpath, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        svc, tt, to, reading = parts[:4]
        reading = reading.strip().lower()
        d = docs.get((svc, tt))
        cands = matching_changes((d or {}).get("changes", []), to)
        if len(cands) != 1:
            missing.append((svc, tt, to, len(cands)))
            continue
        o = ours(cands[0])
        if reassess and ours({**cands[0], "direction": "worse"}) == "worse":   # the change counts
            o = reassess(svc, tt, cands[0]["to"])
        n += 1
        ok = o == reading
        ok_l = ok or (reading == "mixed" and o in ("worse", "better"))
        strict += ok; lenient += ok_l
        opp = {o, reading} == {"worse", "better"}
        opposite += opp
        rows.append((ok, svc, tt, to, reading, o, ",".join(cands[0].get("categories", []))))
    print(f"agreement strict {strict}/{n} ({100*strict/max(n,1):.1f} %), lenient {lenient}/{n}, opposite {opposite}")
    called = Counter(r[5] for r in rows)
    wp = sum(1 for r in rows if r[5] == "worse" and r[4] == "worse")
    print(f"called worse {called['worse']} (reading worse {wp}), better {called['better']}, neutral {called['neutral']}")
    if missing:
        print("unmatched readings:", missing)
    if listing:
        for r in rows:
            if not r[0]:
                print("  DISAGREE", *r[1:], sep="\t")


if __name__ == "__main__":
    main()
