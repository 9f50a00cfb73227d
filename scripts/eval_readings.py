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
"""
import json, sys
from collections import Counter

def ours(ch):
    if not ch.get("substantive"):
        return "neutral"
    if ch.get("suspect") and ch.get("suspect_status") != "confirmed":
        return "neutral"
    return ch.get("direction") or "neutral"

def main():
    rpath, epath = sys.argv[1], sys.argv[2]
    listing = "--list" in sys.argv
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
        cands = [c for c in (d or {}).get("changes", []) if c["to"].startswith(to)]
        if len(cands) > 1:
            # Two captures can share a timestamp: the reading is of the one that changed the text.
            cands = [c for c in cands if c.get("substantive")] or cands
        if len(cands) != 1:
            missing.append((svc, tt, to, len(cands)))
            continue
        o = ours(cands[0])
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

main()
