#!/usr/bin/env python
"""Evaluate the diff engine's materiality verdicts on the Open Terms Archive corpus.

Walks every recorded version of every document in ``corpus/ota/INDEX.json`` in order and
compares each one with the version before it (``earlier_sha256s`` = the versions before that,
so A -> B -> A reverts are seen as flapping). Prints, as Markdown:

* how many consecutive pairs there are, and the share judged cosmetic-only and suspect;
* for the pairs the archive itself marked ``technical_upgrade`` (a re-extraction, not a change
  at the source) or ``content_repeat_of`` (a repeat of earlier content), the share called
  cosmetic or flapping, and for the repeats what the hunks alone say, without the hash check;
* the 30 pairs checked by hand (``HAND_CHECKED`` below): the tool's verdict and reasons next to
  the verdict a person gave after reading the diff, and whether they agree.

    .venv/bin/python scripts/eval_diff.py
    .venv/bin/python scripts/eval_diff.py --show "Google/Privacy Policy/2022-12-15T18-34-41Z.md"

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from monitor.diff import Change, compare, render_unified, sha256_text
from monitor.paths import shared_dir

# Pairs read by hand (the full unified diff of each, every hunk): (old file, new file), the
# verdict a reader gives ("substantive", "cosmetic", "flapping" or "suspect") and why. Chosen
# at random (seeded) across the archive's kinds and the tool's verdicts, not for agreement.
HAND_CHECKED: list[tuple[str, str, str, str]] = [
    ('Google/Terms of Service/2022-01-05T12-34-41Z.md',
     'Google/Terms of Service/2022-03-24T08-28-23Z.md',
     'substantive', 'a re-extraction for the archive, but four phone numbers for withdrawal requests changed'),
    ('Apple/Privacy Policy/2022-06-01T06-32-23Z.md',
     'Apple/Privacy Policy/2022-09-20T15-20-30Z.md',
     'cosmetic', 're-extraction: `*   item` became `* item`, nothing else'),
    ('Spotify/Privacy Policy/2025-08-27T18-18-05Z.md',
     'Spotify/Privacy Policy/2025-09-23T07-41-32Z.md',
     'cosmetic', 're-extraction: bullet spacing only'),
    ('Netflix/Terms of Service/2020-12-31T22-31-55Z.md',
     'Netflix/Terms of Service/2021-11-03T04-38-20Z.md',
     'cosmetic', 're-extraction now includes the page title heading'),
    ('Pinterest/Privacy Policy/2022-12-18T00-39-15Z.md',
     'Pinterest/Privacy Policy/2022-09-20T12-35-46Z.md',
     'flapping', 'back to the September 2022 text (summary of changes, California notice)'),
    ('WhatsApp/Privacy Policy/2022-02-07T18-40-34Z.md',
     'WhatsApp/Privacy Policy/2022-09-20T15-23-39Z.md',
     'cosmetic', 're-extraction: bullet spacing in the table of contents'),
    ('Instagram/Terms of Service/2022-03-25T00-34-42Z.md',
     'Instagram/Terms of Service/2022-03-24T14-18-22Z.md',
     'flapping', 'help-centre page and terms page alternate'),
    ('Netflix/Privacy Policy/2021-03-29T19-11-53Z.md',
     'Netflix/Privacy Policy/2020-12-31T22-31-56Z.md',
     'flapping', 'one link target goes back'),
    ('Snapchat/Privacy Policy/2023-07-13T00-43-44Z.md',
     'Snapchat/Privacy Policy/2023-03-09T09-49-08Z.md',
     'flapping', "the 'we've updated our policy' notice comes and goes"),
    ('LinkedIn/Privacy Policy/2021-10-20T08-03-01Z.md',
     'LinkedIn/Privacy Policy/2021-10-07T17-30-12Z.md',
     'flapping', 'apostrophes and quotes dropped, then back'),
    ('Spotify/Privacy Policy/2021-09-01T16-44-47Z.md',
     'Spotify/Privacy Policy/2021-09-02T11-46-47Z.md',
     'cosmetic', 'table header rows re-rendered (`| --- |`), no cell text changed'),
    ('Pinterest/Privacy Policy/2024-06-19T06-11-04Z.md',
     'Pinterest/Privacy Policy/2024-07-12T06-11-41Z.md',
     'cosmetic', 'an e-mail address became a mailto link'),
    ('Snapchat/Terms of Service/2023-08-09T18-44-29Z.md',
     'Snapchat/Terms of Service/2023-08-14T07-28-02Z.md',
     'cosmetic', 'a support article id in two links'),
    ('Instagram/Privacy Policy/2020-08-21T14-30-22Z.md',
     'Instagram/Privacy Policy/2020-08-24T14-30-13Z.md',
     'cosmetic', "only 'Date of Last Revision'"),
    ('Facebook/Terms of Service/2022-02-05T06-32-59Z.md',
     'Facebook/Terms of Service/2022-02-05T12-32-58Z.md',
     'cosmetic', '`h=AT...` tracking token in two outbound links'),
    ('Facebook/Privacy Policy/2022-01-05T00-33-54Z.md',
     'Facebook/Privacy Policy/2022-01-05T18-33-55Z.md',
     'cosmetic', 'research.fb.com link moved to research.facebook.com'),
    ('Instagram/Terms of Service/2022-06-22T18-35-46Z.md',
     'Instagram/Terms of Service/2022-06-23T00-35-55Z.md',
     'cosmetic', '`e=AT...` tracking token in eleven links'),
    ('Google/Privacy Policy/2021-07-03T07-34-59Z.md',
     'Google/Privacy Policy/2021-10-20T18-44-25Z.md',
     'cosmetic', '`ref=privacy-policy` added to Ad Settings links'),
    ('Facebook/Privacy Policy/2023-04-20T12-33-14Z.md',
     'Facebook/Privacy Policy/2023-04-21T12-33-21Z.md',
     'cosmetic', 'ad preferences link goes through an interstitial or not'),
    ('Snapchat/Privacy Policy/2023-07-14T00-41-36Z.md',
     'Snapchat/Privacy Policy/2023-08-09T18-44-33Z.md',
     'cosmetic', 'an anchor added to one link'),
    ('Facebook/Terms of Service/2021-10-29T18-34-17Z.md',
     'Facebook/Terms of Service/2022-02-03T11-44-26Z.md',
     'substantive', 'Facebook Ireland renamed Meta Platforms Ireland; EECC notice removed'),
    ('Netflix/Terms of Service/2024-09-01T06-10-53Z.md',
     'Netflix/Terms of Service/2025-04-17T18-11-07Z.md',
     'substantive', 'ads in every plan, offer eligibility, price-change clause'),
    ('YouTube/Privacy Policy/2017-04-18T04-55-52Z.md',
     'YouTube/Privacy Policy/2017-10-03T05-51-28Z.md',
     'substantive', 'Google Inc. became Google LLC; YouTube Kids and Family Link added to scope'),
    ('WhatsApp/Privacy Policy/2020-10-23T17-31-03Z.md',
     'WhatsApp/Privacy Policy/2020-10-28T08-31-14Z.md',
     'substantive', 'the policy text replaces the legal landing page captured before (that pair was flagged suspect)'),
    ('Microsoft/Terms of Service/2025-01-16T18-10-26Z.md',
     'Microsoft/Terms of Service/2025-05-19T18-10-17Z.md',
     'substantive', "'Microsoft 365 Copilot app' added to the covered services"),
    ('Google/Privacy Policy/2025-07-08T18-07-44Z.md',
     'Google/Privacy Policy/2025-07-23T18-07-00Z.md',
     'cosmetic', "a pop-up's `_close_` label leaked into the text"),
    ('YouTube/Privacy Policy/2025-09-23T07-43-17Z.md',
     'YouTube/Privacy Policy/2025-11-03T18-28-57Z.md',
     'cosmetic', 'same `_close_` label'),
    ('Amazon.com/Terms of Service/2021-07-20T16-05-38Z.md',
     'Amazon.com/Terms of Service/2022-06-17T18-31-30Z.md',
     'substantive', 'links to manage payment options and app permissions removed (minor)'),
    ('Apple/Privacy Policy/2020-12-14T18-30-25Z.md',
     'Apple/Privacy Policy/2021-02-15T09-00-03Z.md',
     'cosmetic', "'imbedded' spelled 'embedded', a TRUSTe seal image added"),
    ('Snapchat/Privacy Policy/2021-08-28T00-35-56Z.md',
     'Snapchat/Privacy Policy/2021-09-14T22-43-55Z.md',
     'cosmetic', "en-GB to en-US copy-editing ('adverts' -> 'ads', 'that' -> 'because'); same meaning"),
]


def load_pairs(corpus: Path):
    """Consecutive recorded versions per document, with the hashes of the versions before."""
    index = json.loads((corpus / "INDEX.json").read_text(encoding="utf-8"))
    by_document = collections.defaultdict(list)
    for version in index["versions"]:
        by_document[(version["service"], version["terms_type"])].append(version)
    texts: dict[str, str] = {}

    def text(name: str) -> str:
        if name not in texts:
            texts[name] = (corpus / name).read_text(encoding="utf-8")
        return texts[name]

    for versions in by_document.values():
        versions.sort(key=lambda v: v["seq"])
        hashes = [sha256_text(text(v["file"])) for v in versions]
        for n in range(1, len(versions)):
            old, new = versions[n - 1], versions[n]
            if hashes[n - 1] == hashes[n]:
                continue      # not a change of text (the index lists every commit)
            yield old, new, text(old["file"]), text(new["file"]), set(hashes[:n - 1])


def verdict(change: Change) -> str:
    if change.suspect:
        return "suspect"
    if "flapping" in change.reasons:
        return "flapping"
    return "substantive" if change.substantive else "cosmetic"


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ota")
    parser.add_argument("--show", metavar="NEW_FILE", help="print the diff ending at this version")
    args = parser.parse_args()

    results = []
    for old, new, old_text, new_text, earlier in load_pairs(args.corpus):
        if args.show and new["file"] != args.show:
            continue
        change = compare(old_text, new_text, earlier_sha256s=earlier)
        results.append((old, new, change))
        if args.show:
            print(f"{old['file']} -> {new['file']}: {verdict(change)} {change.reasons}")
            print(render_unified(change, old_label=old["file"], new_label=new["file"]))
            return

    total = len(results)
    cosmetic = sum(not c.substantive for *_, c in results)
    suspect = sum(c.suspect for *_, c in results)
    upgrades = [(o, n, c) for o, n, c in results if n["kind"] == "technical_upgrade"]
    repeats = [(o, n, c) for o, n, c in results if n.get("content_repeat_of")]
    changes = [(o, n, c) for o, n, c in results
               if n["kind"] == "change" and not n.get("content_repeat_of")]

    print("| pairs | count | judged cosmetic (incl. flapping) | flapping | suspect |")
    print("|---|---:|---:|---:|---:|")
    for name, rows in (("all consecutive pairs", results),
                       ("archive kind `technical_upgrade`", upgrades),
                       ("archive `content_repeat_of` (A->B->A)", repeats),
                       ("other `change` pairs", changes)):
        print(f"| {name} | {len(rows)} | {share(sum(not c.substantive for *_, c in rows), len(rows))} | "
              f"{share(sum('flapping' in c.reasons for *_, c in rows), len(rows))} | "
              f"{share(sum(c.suspect for *_, c in rows), len(rows))} |")
    hunks_only = sum(not any(h.substantive for h in c.hunks) for *_, c in repeats)
    print(f"\nOverall: {total} pairs, {share(cosmetic, total)} cosmetic-only, {share(suspect, total)} suspect.")
    print(f"Repeats judged on their hunks alone (no hash check): {share(hunks_only, len(repeats))} cosmetic.")
    upgrade_ok = sum(not c.substantive for *_, c in upgrades)
    print(f"Technical upgrades called cosmetic or flapping: {share(upgrade_ok, len(upgrades))}.")

    reasons = collections.Counter(r for *_, c in results for r in c.reasons)
    print("\nPairs per reason code: " + ", ".join(f"`{r}` {n}" for r, n in reasons.most_common()))

    if not HAND_CHECKED:
        return
    by_files: dict[tuple[str, str], Change] = {}
    kinds: dict[tuple[str, str], str] = {}
    for o, n, c in results:      # a pair of files may recur in a flapping history: the first counts
        by_files.setdefault((o["file"], n["file"]), c)
        kinds.setdefault((o["file"], n["file"]),
                         n["kind"] + (" (repeat)" if n.get("content_repeat_of") else ""))
    print("\n| # | old -> new | kind in archive | tool verdict | tool reasons | hand verdict | agree | note |")
    print("|---:|---|---|---|---|---|---|---|")
    agree = 0
    for k, (old_file, new_file, hand, note) in enumerate(HAND_CHECKED, 1):
        change = by_files[(old_file, new_file)]
        tool = verdict(change)
        agree += tool == hand
        print(f"| {k} | {old_file} -> {Path(new_file).name} | {kinds[(old_file, new_file)]} | {tool} | "
              f"{', '.join(change.reasons)} | {hand} | {'yes' if tool == hand else '**no**'} | "
              f"{note.replace('|', chr(92) + '|')} |")
    print(f"\nAgreement with the hand verdicts: {agree}/{len(HAND_CHECKED)}.")


if __name__ == "__main__":
    main()
