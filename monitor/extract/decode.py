"""What a fetched body is (HTML, PDF, plain text or something we refuse), and its text.

The charset is taken, in order, from a byte-order mark, the HTTP ``Content-Type`` charset, the
page's own ``<meta charset>`` / ``http-equiv`` / XML declaration, then strict UTF-8, then
charset-normalizer's guess. Labels follow the WHATWG Encoding standard where it differs from
Python (``iso-8859-1`` means windows-1252, ``gb2312`` means GBK...). Whatever decodes must
still look like text: random binary labelled ``text/html`` decodes "fine" as windows-1252, so
a decoded body full of control characters is refused as undecodable.

>>> content_kind(b"%PDF-1.7 ...", "application/octet-stream", "https://ex.com/t.pdf")
'pdf'
>>> decode_body("Caf\\xe9".encode("cp1252"), "text/html; charset=ISO-8859-1", "https://ex.com/", html=True)
'Café'
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import ExtractionError
from .formats import kind_of_media_type

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain"})
# Labels that say nothing about the content: sniff the bytes instead.
UNLABELLED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                              "application/unknown", "unknown/unknown", "application/x-unknown",
                              "application/download", "application/force-download"})

# Magic numbers of the binary formats a misconfigured site serves most often.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"PK\x03\x04", "application/zip"), (b"\x1f\x8b", "application/gzip"),
    (b"Rar!\x1a\x07", "application/vnd.rar"), (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"), (b"{\\rtf", "application/rtf"),
    (b"%!PS", "application/postscript"), (b"OggS", "audio/ogg"), (b"ID3", "audio/mpeg"),
    (b"wOFF", "font/woff"), (b"wOF2", "font/woff2"), (b"\x00asm", "application/wasm"),
)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

# WHATWG labels that Python spells differently or decodes more narrowly.
_WHATWG_ALIASES = {
    "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "latin1": "windows-1252",
    "latin-1": "windows-1252", "l1": "windows-1252", "ascii": "windows-1252",
    "us-ascii": "windows-1252", "iso-8859-9": "windows-1254", "latin5": "windows-1254",
    "iso-8859-11": "windows-874", "tis-620": "windows-874", "gb2312": "gbk", "gb_2312": "gbk",
    "x-gbk": "gbk", "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932",
    "x-sjis": "cp932", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs", "x-mac-roman": "mac-roman", "macintosh": "mac-roman",
}

_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<p[\s>]|<div[\s>]",
                              re.IGNORECASE)

# How far into the body the page's own charset declaration is looked for (the WHATWG prescan
# reads 1024 bytes; real pages put a few kilobytes of comments and scripts first).
META_PRESCAN_BYTES = 8192
# Share of control characters or U+FFFD above which decoded "text" is binary in disguise.
# Real text has none; random bytes decoded as windows-1252 have about 12 %.
MAX_GARBAGE_SHARE = 0.02
# charset-normalizer reads at most this much when guessing (its cost grows with the input).
GUESS_SAMPLE_BYTES = 256 * 1024

_GARBAGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


_BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _c1_fallback(error: UnicodeDecodeError):
    # windows-1252 leaves five bytes undefined; WHATWG maps them to the C1 code points.
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("termswatch-c1", _c1_fallback)


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_kind(body: bytes, content_type: str | None, url: str) -> str:
    """``"html"``, ``"pdf"`` or ``"text"``; anything else raises ``unsupported_content``."""
    declared = media_type(content_type)
    head = body[:1024]
    # Servers label PDFs every which way; the signature decides. (The PDF format allows
    # bytes before it, but an HTML page quoting "%PDF-" must stay HTML.)
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-") or declared in PDF_TYPES:
        return "pdf"
    unlabelled = declared in UNLABELLED_TYPES
    if unlabelled and b"%PDF-" in head:
        return "pdf"
    registered = kind_of_media_type(declared)  # HTML, plain text, or a format added later
    if registered:
        return registered
    if declared in XML_TYPES and _LOOKS_LIKE_HTML.search(head):
        return "html"  # XHTML served as generic XML
    if not unlabelled:
        raise ExtractionError("unsupported_content",
                              f"content type {declared!r} is not HTML, PDF or plain text at {url}")
    for magic, sniffed in _MAGIC:
        if body.startswith(magic):
            raise ExtractionError("unsupported_content",
                                  f"body is {sniffed} (labelled {declared or 'nothing'!r}) at {url}")
    if _bom(body) is None and _binary_share(body[:8192]) > MAX_GARBAGE_SHARE:
        raise ExtractionError("unsupported_content",
                              f"binary body labelled {declared or 'nothing'!r} at {url}")
    return "html" if _LOOKS_LIKE_HTML.search(_ascii_view(head)) else "text"


def decode_body(body: bytes, content_type: str | None, url: str, *, html: bool) -> str:
    """The body as text, or ``undecodable``. ``html`` enables the in-page charset lookup."""
    bom = _bom(body)
    if bom is not None:
        encoding, size = bom
        text = _decode(body[size:], encoding)
        if text is not None:
            return text
    declared = []
    header = _CHARSET_PARAM.search((content_type or "").encode("latin-1", "replace"))
    if header:
        declared.append(header.group(1).decode("ascii"))
    if html:
        head = _ascii_view(body[:META_PRESCAN_BYTES])
        for pattern in (_XML_DECLARATION, _META_CHARSET):
            found = pattern.search(head)
            if found:
                label = found.group(1).decode("ascii")
                # A page cannot declare UTF-16 for itself in ASCII-compatible bytes (WHATWG).
                declared.append("utf-8" if label.lower().startswith("utf-16") else label)
    for label in declared:
        encoding = _python_encoding(label)
        if encoding:
            text = _decode(body, encoding)
            if text is not None:
                return text
    text = _decode(body, "utf-8", tolerate_errors=False)
    if text is not None:
        return text
    guess = charset_normalizer.from_bytes(body[:GUESS_SAMPLE_BYTES]).best()
    if guess is not None and guess.encoding:
        text = _decode(body, guess.encoding)
        if text is not None:
            return text
    tried = ", ".join(dict.fromkeys([*declared, "utf-8"] + ([guess.encoding] if guess else [])))
    raise ExtractionError("undecodable",
                          f"{len(body)} bytes that no plausible encoding decodes (tried {tried}) at {url}")


def _decode(body: bytes, encoding: str, tolerate_errors: bool = True) -> str | None:
    """Decode strictly; a few bad bytes are tolerated (replaced, as browsers do) unless told
    otherwise; None when the result is not plausible text."""
    errors = "termswatch-c1" if encoding == "windows-1252" else "strict"
    try:
        text = body.decode(encoding, errors)
    except UnicodeDecodeError:
        if not tolerate_errors:
            return None
        text = body.decode(encoding, "replace")
    except LookupError:
        return None
    return text if _garbage_share(text) <= MAX_GARBAGE_SHARE else None


def _python_encoding(label: str) -> str | None:
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("cp1252", "latin-1", "iso8859-1", "ascii"):
        return "windows-1252"
    return name


def _bom(body: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding, len(bom)
    return None


def _garbage_share(text: str, sample: int = 65536) -> float:
    head = text[:sample]
    if not head or not _GARBAGE.search(head):
        return 0.0
    return len(_GARBAGE.findall(head)) / len(head)


def _binary_share(head: bytes) -> float:
    if not head:
        return 0.0
    return (len(head) - len(head.translate(None, _BINARY_BYTES))) / len(head)


def _ascii_view(head: bytes) -> bytes:
    """Drop NULs so ASCII markup is found in UTF-16 bodies too."""
    return head.replace(b"\x00", b"")
