#!/usr/bin/env python3
"""Benchmark extraction on realistic terms pages, against plain BeautifulSoup in the same run.

Pages are generated: the text of real versions from the reference corpus (Open Terms
Archive Markdown, turned back into HTML: headings, paragraphs, nested lists, a data table,
links carrying tracking parameters) wrapped in the usual page furniture (head with scripts and
styles, header and navigation, cookie banner, footer, trailing scripts), 30-80 KB each. Without
the corpus, the text is generated instead.

Each case extracts every page once per run; the table gives the median over runs of the time
per page, pages per second, and the ratio to the baseline, ``BeautifulSoup(html, "lxml")
.get_text()`` on the same pages (which parses, but selects, cleans and structures nothing).

    .venv/bin/python scripts/bench_extract.py [--pages 40] [--runs 7]

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
import time

from bs4 import BeautifulSoup

from monitor.declarations import PageDeclaration, RangeSelector
from monitor.extract import Page, extract_page
from monitor.paths import shared_dir

URL = "https://www.example.com/legal/privacy"


def corpus_texts(limit: int) -> list[str]:
    """Real version texts, spread over services and years."""
    root = shared_dir() / "corpus" / "ota"
    files = sorted(p for p in root.glob("*/*/*.md") if 20_000 < p.stat().st_size < 150_000)
    if not files:
        return []
    step = max(1, len(files) // limit)
    return [p.read_text(encoding="utf-8") for p in files[::step][:limit]]


def generated_text(rng: random.Random) -> str:
    words = ("we collect use share personal information data services account content "
             "third parties may process retain delete request law cookies partners").split()
    parts = []
    for section in range(12):
        parts.append(f"## Section {section + 1}\n")
        for _ in range(4):
            parts.append(" ".join(rng.choice(words) for _ in range(60)).capitalize() + ".\n")
        parts.append("\n".join(f"*   {' '.join(rng.choice(words) for _ in range(12))}" for _ in range(5)) + "\n")
    return "\n".join(parts)


_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def markdown_to_html(markdown: str, rng: random.Random, max_chars: int) -> str:
    """Just enough Markdown to rebuild a plausible page body."""
    def inline(text: str) -> str:
        text = html.escape(text, quote=False)
        def link(match):
            target = match.group(2)
            if rng.random() < 0.5:
                target += ("&" if "?" in target else "?") + "utm_source=newsletter&utm_medium=email"
            return f'<a class="c-link" href="{html.escape(target)}">{match.group(1)}</a>'
        return _LINK.sub(link, text)

    out, size, in_list = [], 0, None
    lines = markdown.splitlines()
    i = 0
    while i < len(lines) and size < max_chars:
        line = lines[i].rstrip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        item = re.match(r"^(\s*)(\*|-|\d+\.)\s+(.*)", line)
        if in_list and not item:
            out.append(f"</{in_list}>")
            in_list = None
        if following and set(following) <= {"="}:
            out.append(f'<h1 class="title">{inline(line)}</h1>')
            i += 1
        elif following and set(following) <= {"-"} and len(following) > 2:
            out.append(f'<h2 class="section-heading" id="s{i}">{inline(line)}</h2>')
            i += 1
        elif line.startswith("#"):
            level = min(6, len(line) - len(line.lstrip("#")))
            out.append(f"<h{level}>{inline(line.lstrip('#').strip())}</h{level}>")
        elif item:
            kind = "ol" if item.group(2)[0].isdigit() else "ul"
            if in_list is None:
                out.append(f'<{kind} class="list">')
                in_list = kind
            out.append(f'<li><span class="li-text">{inline(item.group(3))}</span></li>')
        elif line.strip():
            out.append(f'<div class="para-wrap"><p class="c-para">{inline(line.strip())}</p></div>')
        size += len(line)
        i += 1
    if in_list:
        out.append(f"</{in_list}>")
    table = "".join(f"<tr><td><p>Category {n}</p></td><td>Purpose {n}</td><td>{n * 3} months</td></tr>"
                    for n in range(8))
    out.insert(len(out) // 2, f'<table class="data"><tr><th>Data</th><th>Purpose</th><th>Kept</th></tr>{table}</table>')
    return "\n".join(out)


def page_html(body: str, rng: random.Random) -> str:
    script = "window.dataLayer=window.dataLayer||[];" + "".join(
        f"function f{n}(a,b){{return a*{n}+b;}}" for n in range(rng.randint(300, 600)))
    style = "".join(f".c{n}{{margin:{n}px;color:#{n:03x}}}" for n in range(rng.randint(150, 300)))
    nav = "".join(f'<li><a href="/section/{n}?ref=nav">Section {n}</a></li>' for n in range(30))
    footer = "".join(f'<li><a href="/footer/{n}">Footer link {n}</a></li>' for n in range(40))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Privacy Policy</title>
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/main.css">
<script>{script}</script><style>{style}</style></head>
<body class="page legal"><header class="site-header"><a href="/" class="logo"><img src="/logo.svg" alt="Example"></a>
<nav aria-label="Main"><ul>{nav}</ul></nav><form role="search"><input name="q"><button>Search</button></form></header>
<div id="cookie-banner" class="cookie-consent">We use cookies. <a href="/cookies">Learn more</a><button>Accept</button></div>
<main id="content"><div class="container"><article class="legal-document">
{body}
</article></div></main>
<footer class="site-footer"><ul>{footer}</ul><p>© 2024 Example Inc. Page generated at 2024-05-01T12:00:00Z</p></footer>
<script src="/app.js"></script><script>{script[:3000]}</script></body></html>"""


def build_pages(count: int) -> list[bytes]:
    rng = random.Random(20240501)
    texts = corpus_texts(count)
    source = "corpus" if texts else "generated"
    pages = []
    for n in range(count):
        markdown = texts[n % len(texts)] if texts else generated_text(rng)
        body = markdown_to_html(markdown, rng, max_chars=rng.randint(12_000, 42_000))
        pages.append(page_html(body, rng).encode("utf-8"))
    sizes = sorted(len(p) for p in pages)
    print(f"{count} pages from {source} text, {sizes[0] // 1024}-{sizes[-1] // 1024} KB "
          f"(median {statistics.median(sizes) / 1024:.0f} KB)")
    return pages


CASES = {
    "select": PageDeclaration(fetch=URL, select=("article.legal-document",)),
    "select + remove": PageDeclaration(fetch=URL, select=("main",), remove=(".data", "h2:first-of-type")),
    "range select": PageDeclaration(fetch=URL, select=(RangeSelector(start_before="article.legal-document", end_before="footer.site-footer"),)),
    "no select (chrome removal)": PageDeclaration(fetch=URL),
    # :has() is outside the fast path: soupsieve runs on a BeautifulSoup mirror of the page.
    "select via soupsieve (:has)": PageDeclaration(fetch=URL, select=("article:has(p)",)),
}


def time_per_page(function, pages: list[bytes], runs: int) -> list[float]:
    """Seconds per page, one figure per run."""
    figures = []
    for _ in range(runs):
        started = time.perf_counter()
        for body in pages:
            function(body)
        figures.append((time.perf_counter() - started) / len(pages))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pages = build_pages(args.pages)

    def baseline(body: bytes) -> None:
        BeautifulSoup(body, "lxml").get_text()

    rows = [("baseline: BeautifulSoup(html, 'lxml').get_text()", time_per_page(baseline, pages, args.runs))]
    for name, declaration in CASES.items():
        def run(body: bytes, declaration=declaration) -> None:
            extract_page(Page(body, URL, "text/html; charset=utf-8"), declaration)
        run(pages[0])  # warm-up: imports, selector compilation
        rows.append((f"extract_page, {name}", time_per_page(run, pages, args.runs)))

    base = statistics.median(rows[0][1])
    width = max(len(name) for name, _ in rows)
    print(f"\n{'case':<{width}}  {'median ms/page':>14}  {'pages/s':>8}  {'vs baseline':>11}")
    for name, figures in rows:
        median = statistics.median(figures)
        print(f"{name:<{width}}  {median * 1000:>14.2f}  {1 / median:>8.0f}  {median / base:>10.2f}x")
    print(f"\n{args.runs} runs over {len(pages)} pages, median run; Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
