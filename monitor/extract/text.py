"""Character-level normalisation shared by every content type.

Two passes, both cheap:

* `clean_chars` runs on each text node as it is read: it deletes invisible characters (zero
  width, soft hyphens, BOMs, bidi controls, C0/C1 controls) and turns every kind of space into
  a plain one. It does *not* collapse runs: the renderer does that when it closes a line.
* `finish` runs once on the whole output: Unicode NFC, trailing spaces, blank-line runs.

Words, punctuation and typography (curly quotes, dashes, ellipses) are kept as they are: the
diff stage classifies those edits as cosmetic, so they must stay visible here.

>>> clean_chars("a\\u00a0b\\u200bc\\u00adk")
'a bck'
>>> finish("\\n\\n# Title  \\n\\n\\n\\nText \\n")
'# Title\\n\\nText'
>>> finish("Cafe\\u0301")
'Café'
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters: zero-width spaces/joiners, direction marks and embeddings, word
# joiners, invisible operators, BOM, soft hyphen, Mongolian vowel separator; and the
# noncharacters, which no text contains on purpose.
_INVISIBLE = ("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
              "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff"
              + "".join(map(chr, range(0xFDD0, 0xFDF0))))
# Every character str.isspace() knows except " " and "\n" (a test checks the list is
# complete): tab, VT, FF, CR, information separators, NEL, NBSP, ogham space, the typographic
# spaces, line/paragraph separators, narrow NBSP, math space, ideographic space.
_SPACES = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
           + "\u2028\u2029\u202f\u205f\u3000")
# C0 and C1 control characters that are not spaces. NUL is among them, which is what lets the
# renderer use it as its own line-break marker.
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]
                    if chr(c) not in _SPACES and chr(c) != "\n")

_CLEAN_TABLE = {**{ord(c): None for c in _INVISIBLE + _CONTROLS},
                **{ord(c): " " for c in _SPACES}}
# In plain text, the characters that end a line (CR, VT, FF, NEL, LS, PS) start a new one.
_PLAIN_TABLE = {**_CLEAN_TABLE, **{ord(c): "\n" for c in "\r\x0b\x0c\x85\u2028\u2029"}}

_NEEDS_CLEANING = re.compile("[" + re.escape(_INVISIBLE + _CONTROLS + _SPACES) + "]")


def clean_chars(text: str) -> str:
    """Delete invisible characters and make every space a plain space (runs are kept)."""
    # str.translate with a dict costs ~100 ns a character; most text needs nothing.
    return text.translate(_CLEAN_TABLE) if _NEEDS_CLEANING.search(text) else text


def normalise_plain_text(text: str) -> str:
    """Normalise a plain-text document (text/plain bodies, PDF text): line structure is kept,
    spaces inside lines are collapsed, blank-line runs become one blank line.

    >>> normalise_plain_text("  Terms\\r\\n\\r\\n\\r\\n1.\\tWe   may\\u00a0change them.  ")
    'Terms\\n\\n1. We may change them.'
    """
    lines = text.replace("\r\n", "\n").translate(_PLAIN_TABLE).split("\n")
    return finish("\n".join(" ".join(line.split()) for line in lines))


def collapse(text: str) -> str:
    """One line of text: whitespace runs become one space, no leading or trailing space."""
    return " ".join(text.split())


def finish(text: str) -> str:
    """Last pass over a whole document: NFC, no trailing spaces, no blank-line runs, no
    leading or trailing blank lines, no trailing newline."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if " \n" in text:
        text = "\n".join(line.rstrip(" ") for line in text.split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n").rstrip(" ")


# A line of paragraph text that would read as Markdown structure at the start of a line:
# headings, bullets, quotes, numbered items.
_STRUCTURE_AT_LINE_START = re.compile(r"^(?:(#{1,6}|[-*+>])|(\d{1,9})([.)]))(?=\s|$)")


def escape_line_start(line: str) -> str:
    """Backslash-escape a line of plain text that would otherwise read as a heading, a list
    item or a quote.

    >>> escape_line_start("- not a bullet"), escape_line_start("2. not an item")
    ('\\\\- not a bullet', '2\\\\. not an item')
    >>> escape_line_start("-5 °C is cold")
    '-5 °C is cold'
    """
    match = _STRUCTURE_AT_LINE_START.match(line)
    if not match:
        return line
    if match.group(1):
        return "\\" + line
    digits = match.group(2)
    return digits + "\\" + line[len(digits):]
