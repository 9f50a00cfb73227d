"""Control characters in names, and text from data on its way to a log line.

Service names and terms types end up in file names, log lines, mail subjects and page titles.
A CR or LF in one forges a log line or a mail header; NUL truncates strings in C code; a bidi
override (U+202E) makes ``Evil‮moc.elgoog`` read as something else. So names holding C0/C1
control characters or bidi overrides/isolates are refused where they enter (`check_name`),
and whatever is logged has such characters escaped (`escape`, and `EscapedLogRecord` for
every log line).

>>> escape("Terms\\r\\n12:00:00 ERROR forged")
'Terms\\\\r\\\\n12:00:00 ERROR forged'
>>> check_name("Privacy\\u202ePolicy", "terms type")
Traceback (most recent call last):
...
ValueError: terms type 'Privacy\\u202ePolicy' holds a control or bidi character (U+202E)
"""

from __future__ import annotations

import logging
import re

# C0 and C1 controls (DEL included), the line/paragraph separators, and the bidi embeddings,
# overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` with every forbidden character written as an escape (``\\n``, ``\\x1b``,
    ``\\u202e``) and backslashes left alone: one line, showing what was there."""
    return FORBIDDEN.sub(lambda m: _SHORT.get(m.group()) or _code(m.group()), text)


def _code(char: str) -> str:
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def forbidden_character(text: str) -> str | None:
    """``"U+000A"`` for the first forbidden character of ``text``, or None."""
    match = FORBIDDEN.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def check_name(text: str, what: str) -> str:
    """``text`` unchanged, or a ValueError naming ``what`` (e.g. "service name") and the character."""
    found = forbidden_character(text)
    if found:
        raise ValueError(f"{what} {escape(repr(text))} holds a control or bidi character ({found})")
    return text


class EscapedLogRecord(logging.LogRecord):
    """A log record whose message never holds a raw control character, so a name or URL
    from data cannot start a forged line (tracebacks, added by the formatter, are untouched).
    Installed for every logger by `install_log_escaping`."""

    def getMessage(self) -> str:
        return escape(super().getMessage())


def install_log_escaping() -> None:
    logging.setLogRecordFactory(EscapedLogRecord)
