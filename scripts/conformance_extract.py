#!/usr/bin/env python3
"""How close our extraction comes to Open Terms Archive's engine, on the engine's own cases.

Reads the engine's extraction tests (``src/archivist/extract/index.test.js``) from a local
checkout or bare git directory of OpenTermsArchive/engine, runs each case (its HTML, URL,
``select``, ``remove`` and filters) through `monitor.extract.extract_page`, and compares our
text with the engine's expected text. Per group of the test file (Filter, Select, Remove,
errors) it reports:

* same words: the same words in the same order (``\\w+`` runs, case kept; Markdown marks
  such as ``=====`` or ``*`` are not words);
* byte-identical: exactly the engine's text;
* for the error cases, whether we refuse the page as the engine does.

Cases asserting only ``include`` / ``not.include`` are checked on those assertions.

    .venv/bin/python scripts/conformance_extract.py /work/.mirror/OpenTermsArchive+engine/repo

Run by hand, never in the tests; nothing of the engine is copied into this repository. To
measure older code, put its checkout first: ``PYTHONPATH=/path/to/old/checkout``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from monitor.declarations import Filter, PageDeclaration, RangeSelector
from monitor.extract import ExtractionError, Page, extract_page
from monitor.extract.filters import FILTERS

TEST_FILE = "src/archivist/extract/index.test.js"
WORD = re.compile(r"\w+")


def read_engine_file(checkout: Path, path: str) -> str:
    """A file of the checkout: from its work tree, else from HEAD of its git directory."""
    if (checkout / path).is_file():
        return (checkout / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "-C", str(checkout), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal ('...', "..." or `...` without ${})."""
    body = literal[1:-1]
    return re.sub(r"\\(u\{?[0-9a-fA-F]{4}\}?|.)", lambda m: {
        "n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1) if not m.group(1).startswith("u")
                                              else chr(int(m.group(1).strip("u{}"), 16))), body, flags=re.S)


_STRING = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`\\]|\\.)*`"


def constants(source: str) -> dict[str, str]:
    return {m.group(1): js_string(m.group(2)) for m in
            re.finditer(r"const (\w+) = (" + _STRING + r");", source, re.S)}


def js_object(text: str, names: dict[str, str]):
    """A JavaScript object literal of the test file as Python: strings, arrays, objects,
    and identifiers (the file's constants, or filter functions as ``$name``)."""
    out, pos = [], 0
    token = re.compile(r"\s+|(" + _STRING + r")|([A-Za-z_$][\w$.]*)\s*(:)?|([{}\[\],:])", re.S)
    while pos < len(text):
        m = token.match(text, pos)
        if not m:
            raise ValueError(f"cannot read {text[pos:pos + 40]!r}")
        pos = m.end()
        if m.group(1):
            out.append(json.dumps(js_string(m.group(1))))
        elif m.group(2) and m.group(3):
            out.append(json.dumps(m.group(2)) + ":")
        elif m.group(2):
            name = m.group(2)
            out.append(json.dumps(names[name] if name in names else "$" + name.split(".")[-1]))
        elif m.group(4):
            out.append(m.group(4))
    joined = re.sub(r",\s*([}\]])", r"\1", "".join(out))
    return json.loads(joined)


def cases(source: str):
    """(group, title, document, assertion kind, expected) for each extraction case."""
    names = constants(source)
    names["virtualLocation"] = names.get("virtualLocation", "https://example.com/main")
    group = ""
    for block in re.split(r"\n(?=\s*(?:describe|it)\()", source):
        described = re.match(r"\s*describe\('([^']*)'", block)
        if described and described.group(1) in ("Filter", "Select", "Remove"):
            group = described.group(1)
        titled = re.match(r"\s*it\('([^']*)'", block)
        call = re.search(r"extract\(new SourceDocument\((\{.*?\})\)\)", block, re.S)
        if not titled or not call or "from PDF" in block:
            continue
        document = js_object(call.group(1), names)
        rejected = re.search(r"rejectedWith\(\w+, /(.*?)/\)", block)
        if rejected:
            yield "errors", titled.group(1), document, "error", rejected.group(1)
            continue
        for kind, value in re.findall(r"expect\(result\)\.to\.(equal|include|not\.include)\((" + _STRING + r"|\w+)\)", block):
            expected = names[value] if value in names else js_string(value)
            yield group, titled.group(1), document, kind, expected


def selectors(value) -> tuple:
    items = value if isinstance(value, list) else [value] if value else []
    return tuple(RangeSelector(item.get("startBefore"), item.get("startAfter"), item.get("endBefore"),
                               item.get("endAfter")) if isinstance(item, dict) else item for item in items)


def _remove_links(page, args) -> None:
    """The test file's own filters removeLinks and removeLinksAsync: every link goes."""
    for link in list(page.root.iter("a")):
        page.drop(link)


def run(document: dict) -> str | ExtractionError:
    for name in document.get("filters", []):
        FILTERS.setdefault(name, _remove_links)
    declaration = PageDeclaration(
        fetch=document["location"], select=selectors(document.get("contentSelectors")),
        remove=selectors(document.get("insignificantContentSelectors")),
        filters=tuple(Filter(name) for name in document.get("filters", [])))
    try:
        return extract_page(Page(document["content"].encode("utf-8"), document["location"], "text/html"),
                            declaration)
    except ExtractionError as error:
        return error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", type=Path, help="checkout or git directory of OpenTermsArchive/engine")
    parser.add_argument("--show", action="store_true", help="print every case that differs")
    args = parser.parse_args()
    source = read_engine_file(args.engine, TEST_FILE)
    totals = defaultdict(lambda: [0, 0, 0])  # cases, same words, byte-identical
    for group, title, document, kind, expected in cases(source):
        ours = run(document)
        counts = totals[group]
        counts[0] += 1
        if kind == "error":
            same = identical = isinstance(ours, ExtractionError)
        elif isinstance(ours, ExtractionError):
            same = identical = False
        elif kind == "equal":
            same = WORD.findall(ours) == WORD.findall(expected)
            identical = ours == expected
        else:  # include / not.include: only the assertion counts
            found = expected in ours or " ".join(expected.split()) in " ".join(ours.split())
            same = identical = found if kind == "include" else not found
        counts[1] += same
        counts[2] += identical
        if args.show and not identical:
            print(f"--- {group}: {title} ({kind})\nexpected: {expected!r}\nours:     {ours!r}\n")
    print("| group | cases | same words in order | byte-identical |")
    print("| --- | ---: | ---: | ---: |")
    for group, (n, same, identical) in totals.items():
        print(f"| {group} | {n} | {same} | {identical} |")
    n, same, identical = (sum(c[i] for c in totals.values()) for i in range(3))
    print(f"| **all** | {n} | {same} | {identical} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
