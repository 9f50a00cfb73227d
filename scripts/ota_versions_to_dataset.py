#!/usr/bin/env python
"""Build an OTA dataset folder from the git history of an OTA versions repository.

    python scripts/ota_versions_to_dataset.py GITDIR OUT [--services N]

GITDIR is a clone (bare or not) of e.g. ``OpenTermsArchive/contrib-versions``, where every
commit records one document ``<service>/<terms type>.md``. OUT (created; must not exist or
be empty) receives the layout ``termswatch import-ota`` reads, with the conventions of
``../shared/corpus/ota/INDEX.json``:

    OUT/<service>/<terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md   one file per distinct content
    OUT/INDEX.json                                         every commit as a version entry

A version's timestamp is its commit's author date in UTC (``--2`` is added on a same-second
collision); a version whose content repeats an earlier one of its document writes no file
(``file`` names the earlier one, ``content_repeat_of`` its commit). ``--services N`` keeps
the first N services in name order, so slices grow by inclusion (25 of them are in the 50).

One pass: ``git log --raw`` lists every commit and the blob it wrote, then a single
``git cat-file --batch`` streams the blobs to write, one at a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

KINDS = (("Start tracking", "first_record"), ("First record of", "first_record"),
         ("Refilter", "technical_upgrade"), ("Apply technical or declaration upgrade on", "technical_upgrade"),
         ("Update", "change"), ("Record new changes of", "change"))


def commit_kind(subject: str) -> str:
    return next((kind for prefix, kind in KINDS if subject.startswith(prefix)), "change")


def read_log(gitdir: Path):
    """(commit, author date ISO, subject, [(path, blob)]) per commit, oldest first."""
    process = subprocess.Popen(
        ["git", "-C", str(gitdir), "log", "--reverse", "--topo-order", "--raw", "--no-renames", "--no-abbrev",
         "--format=%x00%H%x09%aI%x09%s", "HEAD"], stdout=subprocess.PIPE)
    commit = None
    for raw in process.stdout:
        line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
        if line.startswith("\0"):
            if commit:
                yield commit
            sha, date, subject = (line[1:].split("\t", 2) + ["", ""])[:3]
            commit = (sha, date, subject, [])
        elif line.startswith(":") and commit:
            meta, path = line.split("\t", 1)
            fields = meta.split()
            if fields[4] != "D" and path.endswith(".md") and path.count("/") == 1:
                commit[3].append((path, fields[3]))
    if commit:
        yield commit
    if process.wait():
        sys.exit(f"git log failed in {gitdir}")


def utc_stamp(date: str) -> tuple[str, str]:
    """(ISO ``2023-04-01T06:45:10Z``, file-name form ``2023-04-01T06-45-10Z``)."""
    at = datetime.fromisoformat(date).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return at, at.replace(":", "-")


def build(gitdir: Path, out: Path, services: int | None) -> dict:
    started = time.monotonic()
    entries, to_write = [], {}          # blob -> file to write (first occurrence per document)
    seen: dict[tuple[str, str], dict] = {}   # (document path, blob) -> its first entry
    stems: dict[str, set] = {}
    seq: dict[str, int] = {}
    commits = list(read_log(gitdir))
    keep = None
    if services:
        keep = set(sorted({path.split("/", 1)[0] for _, _, _, files in commits for path, _ in files})[:services])
    for sha, date, subject, files in commits:
        for path, blob in files:
            service, terms_type = path[:-3].split("/", 1)
            if keep is not None and service not in keep:
                continue
            at, stem = utc_stamp(date)
            entry = {"service": service, "terms_type": terms_type, "seq": seq.get(path, 0), "timestamp": at,
                     "commit_sha": sha, "path_in_repo": path, "git_blob": blob, "kind": commit_kind(subject),
                     "commit_subject": subject}
            seq[path] = seq.get(path, 0) + 1
            earlier = seen.get((path, blob))
            if earlier:
                entry["file"], entry["content_repeat_of"] = earlier["file"], earlier["commit_sha"]
            else:
                used = stems.setdefault(path, set())
                name, n = stem, 1
                while name in used:
                    n += 1
                    name = f"{stem}--{n}"
                used.add(name)
                entry["file"] = f"{service}/{terms_type}/{name}.md"
                seen[(path, blob)] = entry
                to_write.setdefault(blob, []).append(entry["file"])
            entries.append(entry)
    out.mkdir(parents=True, exist_ok=True)
    written = size = 0
    cat = subprocess.Popen(["git", "-C", str(gitdir), "cat-file", "--batch"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)
    # blobs are asked for in a background writer thread so the pipes never fill both ways
    import threading

    def ask():
        for blob in to_write:
            cat.stdin.write(blob.encode() + b"\n")
        cat.stdin.close()
    threading.Thread(target=ask, daemon=True).start()
    for blob, files in to_write.items():
        header = cat.stdout.readline().split()
        if len(header) != 3 or header[0].decode() != blob:
            sys.exit(f"git cat-file: unexpected answer {header!r} for {blob}")
        content = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        for file in files:
            target = out / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written += 1
            size += len(content)
    cat.wait()
    index = {"description": f"Version histories built from the git history of {gitdir} by "
                            "scripts/ota_versions_to_dataset.py",
             "conventions": {"file_layout": "<service>/<terms type>/<timestamp>.md; timestamp = commit author date "
                                            "in UTC as YYYY-MM-DDTHH-MM-SSZ; --2 on same-second collisions",
                             "versions": "every commit touching a document, oldest first; a repeated content "
                                         "points at the earlier file (content_repeat_of)"},
             "versions": entries}
    (out / "INDEX.json").write_text(json.dumps(index, indent=0, ensure_ascii=False), encoding="utf-8")
    return {"services": len({e["service"] for e in entries}), "documents": len(seq), "versions": len(entries),
            "files": written, "bytes": size, "seconds": round(time.monotonic() - started, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gitdir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--services", type=int, help="keep only the first N services (name order)")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: exists and is not empty", file=sys.stderr)
        return 2
    print(json.dumps(build(args.gitdir, args.out, args.services)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
