"""Captured Markdown as the words a person reads: for quotes on the site, in feeds and mails.

Versions are stored as Markdown (headings, lists, emphasis, links), and a clause quoted as
is shows ``*   ``, ``#``, ``**`` and ``[words](https://...)`` to readers. `markdown_to_text`
keeps the words: a link becomes its words, emphasis its text, a list item its number (if
any) and text, a heading its title. Raw HTML stays text (it is never interpreted), so the
result still has to be escaped wherever it goes.

>>> markdown_to_text("## 3. Your data\\n\\n*   We **may** [sell it](https://x.example/a) to *partners*.")
'3. Your data\\nWe may sell it to partners.'
>>> markdown_to_text("1. First\\n2. Second <b>bold</b>")
'1. First\\n2. Second <b>bold</b>'
>>> markdown_to_text("We use `cookies` and ![a logo](logo.png) images\\\\* here.")
'We use cookies and a logo images* here.'
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

# Inline tokens whose content is words the reader sees (an image shows its description).
_WORDS = {"text", "code_inline", "html_inline", "image"}
_BREAKS = {"softbreak", "hardbreak"}
# Evidence items a reader sees up front for one change (site, feeds, mails); the rest fold.
EVIDENCE_UP_FRONT = 5


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: HTML in captured text is kept as literal text, never parsed as markup.
    return MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same parser, stopping after the block rules: its inline tokens keep their source
    (``content``) and have no children yet."""
    return MarkdownIt("commonmark", {"html": False}).disable(["inline", "text_join"])


def _inline_words(children) -> str:
    return "".join(child.content if child.type in _WORDS else " " if child.type in _BREAKS else ""
                   for child in children or [])


# By the paragraph's (or heading's, list item's) source: the versions of a document repeat
# most paragraphs, and inline parsing is most of markdown-it's work on a whole version.
@lru_cache(maxsize=1 << 14)
def _paragraph_words(content: str) -> str:
    """The words of one inline token's source, parsed as `_parser` parses it inside a
    document without reference definitions (the only context inline parsing reads)."""
    return _inline_words(_parser().parseInline(content)[0].children)


def forget_parsed_paragraphs() -> None:
    """Drop the paragraphs kept by `_paragraph_words` (a site build does between batches of
    services, so that its memory does not grow with the history), and the sections kept by
    `markdown_blocks_by_section`."""
    _paragraph_words.cache_clear()
    _section_blocks.cache_clear()


def _tokens_and_words(source: str) -> list[tuple]:
    """The block tokens of ``source``, each inline token with its words (None for others)."""
    env: dict = {}
    tokens = _block_parser().parse(source, env)
    if env.get("references"):   # "[x]: https://..." defined: links read it, parse as one
        return [(token, _inline_words(token.children) if token.type == "inline" else None)
                for token in _parser().parse(source)]
    return [(token, _paragraph_words(token.content) if token.type == "inline" else None) for token in tokens]


def markdown_to_text(source: str | None) -> str:
    """The words of ``source`` without Markdown syntax, one line per block (paragraph,
    heading, list item)."""
    return "\n".join(words for words, _ in markdown_blocks(source))


def markdown_blocks(source: str | None) -> list[tuple[str, str | None]]:
    """The lines of :func:`markdown_to_text`, each with the lead-in of the list it is an item
    of: the block just before the list, when it ends with a colon ("You may not:"), else the
    lead-in of the list around that one, else ``None``. An item is read after its lead-in."""
    if not source:
        return []
    return _blocks_and_open_number(source)[0]


def _blocks_and_open_number(source: str) -> tuple[list[tuple[str, str | None]], str]:
    """`markdown_blocks`, and the number of an ordered item left without words at the end
    (which the next block would be read with)."""
    blocks: list[tuple[str, str | None]] = []
    number = ""          # the number of the ordered-list item being read, if any
    lead_ins: list[str | None] = []   # one per open list, innermost last
    for token, inline_words in _tokens_and_words(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            before = blocks[-1][0] if blocks else ""
            lead_ins.append(before if before.endswith(":") else lead_ins[-1] if lead_ins else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lead_ins.pop()
        elif token.type == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "inline":
            words = inline_words
            if words.strip():
                blocks.append((number + words.strip(), lead_ins[-1] if lead_ins else None))
            number = ""
        elif token.type in ("code_block", "fence") and token.content.strip():
            blocks.append((token.content.strip(), lead_ins[-1] if lead_ins else None))
    return blocks, number


# Where a section starts: a heading (``#`` at the start of a line, with words), or a line
# that opens with a letter after an empty line and is underlined (a setext heading). Either
# closes every list, quote and paragraph before it, and is a block with words, the one the
# next list's lead-in is read from: what follows is parsed as it is in the whole text.
# Where a link goes (a Markdown "](target)" or a bare URL), never words of the text (a target
# holds no space, "(" or "]": the match stops at the next "](", linear on hostile text); and an
# e-mail address, matched from a word's start only (each start tried once: linear on hostile text).
LINK_TARGET = re.compile(r"\]\([^()\s\]]*\)|https?://\S+")
EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# Matched as the line end before it (a section start after the text's first character always
# follows one), so that the search runs only from line end to line end at C speed, not through
# every character (it was a fifth of the split of a whole version): the section starts just after
# each match (the lines of `^(?=#{1,6}[ \t]+\w)|(?<=\n\n)(?=...)`, re.MULTILINE, past the first).
_SECTION_START = re.compile(r"\n(?:(?=#{1,6}[ \t]+\w)|(?<=\n\n)(?=[^\W\d_]|\*\*[^\W\d_]))")
# What a part of a text cannot be parsed without the rest of it: a fence (code may hold a
# heading line), a reference definition (links elsewhere read it), line ends markdown-it
# reads as breaks but the split does not.
_READ_WHOLE = re.compile(r"```|~~~|\]:|\r|\0")


def markdown_blocks_by_section(source: str | None) -> list[tuple[str, str | None]]:
    """`markdown_blocks` of a whole version, each section (from one heading to the next)
    parsed alone and kept by its text: a document's versions repeat most sections, and the
    block parse of whole versions was the largest Markdown cost of the classify stage. A
    text a section cannot be read apart in (`_READ_WHOLE`, an empty numbered item just
    before a heading) is parsed whole."""
    if not source:
        return []
    if _READ_WHOLE.search(source):
        return markdown_blocks(source)
    bounds = [0, *(m.end() for m in _SECTION_START.finditer(source)), len(source)]
    if len(bounds) == 2:
        return markdown_blocks(source)
    blocks: list[tuple[str, str | None]] = []
    for start, end in zip(bounds, bounds[1:]):
        section_blocks, open_number = _section_blocks(source[start:end])
        if open_number and end < len(source):
            return markdown_blocks(source)
        blocks.extend(section_blocks)
    return blocks


@lru_cache(maxsize=1 << 12)
def _section_blocks(section: str) -> tuple[tuple[tuple[str, str | None], ...], str]:
    blocks, open_number = _blocks_and_open_number(section)
    return tuple(blocks), open_number


def markdown_to_line(source: str | None) -> str:
    """`markdown_to_text` on a single line (blocks joined by spaces): for short quotes."""
    return " ".join(markdown_to_text(source).split())


def quote_parts(item) -> tuple[str, list[str]]:
    """An evidence item in whatever shape the classifier gave it: a string, or a dict with
    ``text`` and optional ``highlight`` (``[start, end]`` spans in the text, or the decisive
    words themselves). Returns (the text, the words to mark in it).

    >>> quote_parts({"text": "We may sell your data.", "highlight": [[7, 11], "your data", [99, "x"]]})
    ('We may sell your data.', ['sell', 'your data'])
    >>> quote_parts("sell"), quote_parts({"text": "All of it."}), quote_parts(42)
    (('sell', ['sell']), ('All of it.', ['All of it.']), ('', []))
    """
    if isinstance(item, str):
        return item, [item]
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return "", []
    text, marks = item["text"], []
    for span in item.get("highlight") or []:
        if isinstance(span, str):
            marks.append(span)
        elif isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(n, int) for n in span):
            marks.append(text[max(0, span[0]):max(0, span[1])])
    return text, [m for m in marks if m.strip()] or [text]


def merge_spans(spans) -> list[list[int]]:
    """``(start, end)`` spans sorted, with overlapping or touching ones merged.

    >>> merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)])
    [[0, 4], [5, 12]]
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
