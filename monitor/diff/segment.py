"""Split a version's text into clauses (sentences, list items, table rows) under their headings.

Two Markdown dialects come in: our extraction's (ATX ``#`` headings, ``- `` items) and Open
Terms Archive's (setext ``===`` / ``---`` headings, ``*   `` items, ``**bold**``, tables).
Parsing is line based: blocks are separated by blank lines, headings, list items, table rows
and rules; blocks are then cut into sentences. Each clause keeps its exact source text (block
markers included), so a change of bullet or heading style shows up as a (cosmetic) edit.

>>> [(c.section, c.text) for c in segment("# Terms\\n\\nWe may. You must.\\n\\n- Item one")]
[('', '# Terms'), ('Terms', 'We may.'), ('Terms', 'You must.'), ('Terms', '- Item one')]
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from .memo import CLAUSE_CHARS_KEPT, by_text

# A clause longer than this is cut at word boundaries (documents without punctuation), which
# bounds the cost of word-level diffs inside a clause pair.
MAX_CLAUSE_CHARS = 1500
_CUT_ONE_IN = 24       # word pairs: pieces of ~24 words on average
# In a long run without spaces (Chinese or Japanese without punctuation), cuts fall after
# characters chosen by a hash of their code point, about one in 200: content, not position.
_CUT_CHARACTER = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x80, 0x10000)
    if not 0xD800 <= c < 0xE000 and (c * 2654435761) % 2**32 < 2**32 // 200) + "]")
_WORD_AND_SPACE = re.compile(r"(\S+)\s*")

HEADING, ITEM, PARAGRAPH, ROW, RULE = "heading", "item", "paragraph", "row", "rule"


@dataclass(slots=True)
class Clause:
    text: str       # exact source text, stripped of surrounding whitespace
    section: str    # heading path, e.g. "3. Your content > Licence"
    kind: str       # heading | item | paragraph | row | rule


_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM = re.compile(r"[ \t]*(?:[*+\-•]|\d{1,4}[.)])[ \t]+\S")
_BOLD_LINE = re.compile(r"\s*(\*\*|__)(?=\S)(.{1,120}?)(?<=\S)\1\s*$")

# Where a sentence may end: terminal punctuation plus closing quotes, brackets or emphasis,
# then whitespace; CJK and other scripts' full stops need no whitespace after them. Latin
# marks do ("1.5", "example.com"): a run ending in one with text right after it is no
# boundary, rejected here rather than in Python (half of all runs: URLs, "e.g.,"). The run
# is atomic so that the regex cannot retry a shorter one ("。.x" must not end at "。").
_BOUNDARY = re.compile(r"[.!?…。！？؟۔।](?>[.!?…。！？؟۔।]*[)\]\"'”’»*_」』）]*)(?:(?<![.!?…])|(?!\S))"
                       r"(?P<space>\s*)")   # (a leading mark outside the atomic group: fast scan)
# Terminal punctuation with more text after it: a block without any is one sentence.
_BOUNDARY_INSIDE = re.compile(r"[.!?…。！？؟۔।][)\]\"'”’»*_」』）]*\s*\S")
# Both dialects write a paragraph on one line; a line break inside one is a real break (an
# address, a table row without a leading pipe, a "  " or "\" hard break, a <br> in a cell).
_BR = re.compile(r"<[bB][rR]\s*/?>\s*(?:<[bB][rR]\s*/?>\s*)*")   # (?:...)+, led by "<": scanned fast
_WORD_BEFORE_REVERSED = re.compile(r"[\w.]+")
_INITIALS = re.compile(r"(?:\w\.)+\w")
# Abbreviations after which a full stop does not end a sentence (lower case, no final dot;
# initials such as "u.s.a" are caught by _INITIALS). The one list: `monitor.classify.segment`
# cuts its sentences here too.
_ABBREVIATIONS = frozenset("""
    e.g eg i.e ie etc inc ltd llc co corp no nos vs v mr mrs ms dr st jr sr fig art sec
    cf approx dept est u.s u.k p pp para ch vol al ca resp incl min max tel ext
    jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_MARKUP_ONLY = re.compile(r"[\s*_#>|\-+\d.)(\[\\]*")


Headings = tuple[tuple[int, str], ...]   # the open heading path: (level, title) pairs


def segment(text: str) -> list[Clause]:
    """The clauses of a document, in order (see the module docstring)."""
    return segment_part(text)[0]


def segment_part(text: str, headings: Headings = (),
                 sentences: dict[str, list[str]] | None = None) -> tuple[list[Clause], Headings]:
    """The clauses of a piece of a document that starts at a line after a blank line (or at
    the start) under the open ``headings``, and the headings open at its end. Cutting a
    document at blank lines and segmenting the pieces in turn gives the same clauses as
    segmenting it whole, which lets `compare` segment the text two versions share only once.
    ``sentences``: a memo of `split_sentences` by block, shared by the calls for two versions
    of a document (most of their blocks are the same).
    """
    split = kept_sentences if sentences is None else _memoised(sentences)
    clauses: list[Clause] = []
    open_headings = list(headings)
    section = " > ".join(title for _, title in open_headings)
    paragraph: list[str] = []              # lines of the block being read
    paragraph_kind = PARAGRAPH

    def flush() -> None:
        nonlocal paragraph, paragraph_kind
        if paragraph:
            block = paragraph[0] if len(paragraph) == 1 else "\n".join(paragraph)
            bold = None
            if len(paragraph) == 1 and paragraph_kind == PARAGRAPH and block.lstrip()[:2] in ("**", "__"):
                bold = _BOLD_LINE.match(block)
            if bold and not bold.group(2).rstrip().endswith((".", ":", ";", ",")):
                # A paragraph that is all bold and short reads as a sub-heading.
                open_heading(7, block, bold.group(2))
            else:
                kind = paragraph_kind
                for sentence in split(block):
                    clauses.append(Clause(sentence, section, kind))
        paragraph = []
        paragraph_kind = PARAGRAPH

    def open_heading(level: int, source: str, title: str) -> None:
        nonlocal section
        clauses.append(Clause(source.strip(), section, HEADING))
        while open_headings and open_headings[-1][0] >= level:
            open_headings.pop()
        title = heading_title(title)
        if title:
            open_headings.append((level, title))
        section = " > ".join(title for _, title in open_headings)

    for line in text.splitlines():
        if not line or line.isspace():
            flush()
            continue
        first = line.lstrip()[:1]
        if first in "=-" and paragraph and paragraph_kind == PARAGRAPH:
            underline = _SETEXT_UNDERLINE.match(line)
            if underline:
                source = "\n".join(paragraph + [line])
                title = " ".join(part.strip() for part in paragraph)
                paragraph = []
                open_heading(1 if underline.group(1)[0] == "=" else 2, source, title)
                continue
        if first == "#" and (atx := _ATX.match(line)):
            flush()
            open_heading(len(atx.group(1)), line, line[atx.end():].rstrip().rstrip("#"))
        elif first in "*-_" and _RULE.match(line):
            flush()
            clauses.append(Clause(line.strip(), section, RULE))
        elif first == "|":
            flush()
            clauses.extend(Clause(sentence, section, ROW) for sentence in split(line))
        elif (first in "*+-•" or first.isdigit()) and _ITEM.match(line):
            flush()
            paragraph, paragraph_kind = [line], ITEM
        else:
            paragraph.append(line)
    flush()
    return clauses, tuple(open_headings)


# The diff segments both versions of every pair it compares, and a version repeats most
# paragraphs of the one before it, under the same headings: each paragraph's clauses are kept
# by its text and the headings open above it (what they depend on), emptied with the diff's
# other memos. Used by the diff only (other readers segment a text once).
_PARAGRAPH_BREAK = "\n\n"


@by_text(CLAUSE_CHARS_KEPT // 2)
def _kept_piece(piece: str, headings: Headings) -> tuple[tuple[Clause, ...], Headings]:
    clauses, open_headings = segment_part(piece, headings)
    return tuple(clauses), open_headings


def segment_part_kept(text: str, headings: Headings = ()) -> tuple[list[Clause], Headings]:
    """`segment_part`, paragraph by paragraph: cut at blank lines (as `segment_part` allows),
    each paragraph's clauses read from `_kept_piece`. The clauses are shared: never change them."""
    clauses: list[Clause] = []
    for piece in text.split(_PARAGRAPH_BREAK):
        found, headings = _kept_piece(piece, headings)
        clauses.extend(found)
    return clauses, headings


def _memoised(memo: dict[str, list[str]]):
    def split(block: str) -> list[str]:
        found = memo.get(block)
        if found is None:
            found = memo[block] = kept_sentences(block)
        return found
    return split


_TITLE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\\(?=[^\w\s])|[*_`#]+")


def heading_title(source: str) -> str:
    """A heading's readable title, for section paths: markup and link targets dropped."""
    return " ".join(_TITLE_MARKUP.sub(lambda m: m.group(1) or "", source).split())[:200]


def kept_sentences(block: str) -> list[str]:
    """`split_sentences`, kept by the block's text: a document's versions repeat most of their
    blocks. The list is shared: read it, never change it."""
    return _kept_sentences(block)


def split_sentences(block: str) -> list[str]:
    """Cut a block of text into sentences, each stripped; line breaks also cut.

    >>> split_sentences("We may, e.g. in Spain, share it. See Sec. 2 of it! 1. Not a cut")
    ['We may, e.g. in Spain, share it.', 'See Sec. 2 of it!', '1. Not a cut']
    """
    has_break = "\n" in block or "<br" in block or "<BR" in block
    if len(block) <= MAX_CLAUSE_CHARS and not has_break and not _BOUNDARY_INSIDE.search(block):
        return [block.strip()]
    pieces: list[str] = []
    parts = [line.rstrip(" \t\\") for line in block.split("\n")] if "\n" in block else [block]
    if "<" in block:
        parts = [piece for part in parts for piece in _BR.split(part)]
    for part in parts:
        start = 0
        text_end = len(part.rstrip())
        for m in _BOUNDARY.finditer(part):
            end = m.start("space")
            if end >= text_end:
                break
            after = m.end()
            following = part[after]
            if following.islower() or (following == "(" and part[end - 1] == "]"):
                continue      # no capital after it; or "[text]" and "(target)" of one link
            if not _ends_sentence(part, start, end):
                continue
            pieces.append(part[start:end])
            start = m.end()
        pieces.append(part[start:])
    sentences = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if len(piece) > MAX_CLAUSE_CHARS:
            sentences.extend(chunk_long_text(piece))
        else:
            sentences.append(piece)
    return sentences


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the terminal punctuation just before ``end`` closes the sentence from ``start``
    (the caller has checked what follows it)."""
    # Only the end of the sentence so far matters; the window bounds the cost on long blocks.
    candidate = text[max(start, end - 400):end]
    if "[" in candidate and candidate.count("[") > candidate.count("]"):
        return False          # inside a link's text: "[1. About this policy](#about)"
    target = candidate.rfind("](")
    if target >= 0 and ")" not in candidate[target + 2:]:
        return False          # inside a link's target or title: '[About](#about "1. About")'
    if text[end - 1] in "。！？」』）؟۔।":
        return True
    if _MARKUP_ONLY.fullmatch(candidate):
        return False          # an enumerator such as "1." or "**2.**", not a sentence
    closed = candidate.rstrip(")]\"'”’»*_")
    if not closed.endswith(".") or closed.endswith(".."):
        return True
    # The word before the full stop: the run of [\w.] ending the text, read backwards (a
    # search for "[\w.]+$" would try, and fail, at each of the 40 positions before it).
    word = _WORD_BEFORE_REVERSED.match(closed[-2:-41:-1])      # closed[-40:-1], reversed
    token = word.group(0)[::-1].lower() if word else ""
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    return not _INITIALS.fullmatch(token)     # U.S., e.g.


def chunk_long_text(text: str) -> list[str]:
    """Cut an over-long clause into pieces of at most ``MAX_CLAUSE_CHARS``.

    Cuts fall after word pairs chosen by their content (a hash), not by position, so an
    edit in a long unpunctuated text changes only the piece it falls in: the cuts after it
    are the same, and so are the pieces, which align as unchanged.

    >>> words = " ".join(f"w{n % 97} x{n % 89}" for n in range(2000))
    >>> pieces = chunk_long_text(words)
    >>> " ".join(pieces) == words and max(map(len, pieces)) <= MAX_CLAUSE_CHARS
    True
    >>> edited = chunk_long_text(words.replace("w5 x5 ", "w5 NEW x5 ", 1))
    >>> len(set(edited) - set(pieces)) <= 2
    True
    """
    pieces = []
    start = 0
    previous_word = ""
    for m in _WORD_AND_SPACE.finditer(text):
        word = m.group(1)
        end = m.end(1)
        while end - start > MAX_CLAUSE_CHARS:      # no chosen cut in reach: cut at a space
            cut = text.rfind(" ", start + 1, start + MAX_CLAUSE_CHARS)
            if cut <= start:                       # a run without spaces (CJK, a long URL)
                chosen = _CUT_CHARACTER.search(text, start + 1, start + MAX_CLAUSE_CHARS)
                cut = chosen.end() if chosen else start + MAX_CLAUSE_CHARS
            pieces.append(text[start:cut])
            start = cut
        if zlib.crc32(f"{previous_word} {word}".encode("utf-8", "surrogatepass")) % _CUT_ONE_IN == 0:
            pieces.append(text[start:end])
            start = end
        previous_word = word
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


_kept_sentences = by_text(CLAUSE_CHARS_KEPT)(split_sentences)
