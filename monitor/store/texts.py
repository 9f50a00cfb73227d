"""How a version's text is stored (table ``version_texts``; store migrations 9 and 13).

A document's versions repeat each other almost whole, so most are stored as zstd against an
earlier text of the same document used as a raw-content dictionary: its *keyframe*, a
version stored alone. A read therefore needs at most two decompressions (the keyframe, then
the version), whatever the length of the history. A new version starts a keyframe of its
own when its document has none, when `KEYFRAME_EVERY` versions already lean on the last one,
or when the text has drifted so far from it that the dictionary no longer pays
(`DELTA_AT_MOST` of the size alone). Measured on 50 services (BENCHMARKS.md, "This round:
version texts against keyframes, ops by length"): 0.083 of the text, against 0.311 for zlib of
each version alone and 0.222 for zlib with the keyframe as ``zdict`` (zlib's window sees
only its last 32 KB).

Rows: ``compression`` is "zstd" (or "zlib", as migration 9 wrote them, until migration 13
rewrites them), ``base_version_id`` NULL for a text stored alone, else its keyframe's id.

>>> key = encode_text("We sell data. We keep it for ten years.", None)
>>> row = encode_text("We sell data. We keep it for five years.", "We sell data. We keep it for ten years.")
>>> decode_text("zstd", row, "zstd", key)
'We sell data. We keep it for five years.'
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections import OrderedDict

import zstandard

from .db import StoreError

# zstd 3 with a keyframe: 0.083 of the text; 6: 0.079 at 2.7x the CPU (BENCHMARKS.md).
ZSTD_LEVEL = 3
KEYFRAME_EVERY = 32
DELTA_AT_MOST = 0.3
# The store migration that brought keyframes (``base_version_id``).
KEYFRAMES_FROM_SCHEMA = 13

# Compressors and decompressors are not safe to share between threads (the web app reads
# from several): each thread makes its own, and keeps those made from its last keyframes,
# for a run of versions against one.
_DICTIONARIES_KEPT = 4
_per_thread = threading.local()


def _codecs() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor, OrderedDict]:
    codecs = getattr(_per_thread, "codecs", None)
    if codecs is None:
        codecs = _per_thread.codecs = (zstandard.ZstdCompressor(level=ZSTD_LEVEL), zstandard.ZstdDecompressor(),
                                       OrderedDict())
    return codecs


def _with_dictionary(keyframe: bytes, compressing: bool):
    """A compressor (or decompressor) with ``keyframe`` as its dictionary, made once for a run
    of versions against it (a compressor prepares tables a decompressor does not need)."""
    kept = _codecs()[2]
    entry = kept.get(keyframe)
    if entry is None:
        entry = kept[keyframe] = [zstandard.ZstdCompressionDict(keyframe, dict_type=zstandard.DICT_TYPE_RAWCONTENT),
                                  None, None]
        while len(kept) > _DICTIONARIES_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(keyframe)
    if compressing:
        entry[1] = entry[1] or zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=entry[0])
        return entry[1]
    entry[2] = entry[2] or zstandard.ZstdDecompressor(dict_data=entry[0])
    return entry[2]


def encode_text(text: str, keyframe: str | None) -> bytes:
    """zstd bytes of ``text``, alone or against ``keyframe``'s text."""
    data = text.encode("utf-8")
    if keyframe is None:
        return _codecs()[0].compress(data)
    return _with_dictionary(keyframe.encode("utf-8"), True).compress(data)


def decode_against(content: bytes, keyframe: str) -> str:
    """The text of zstd bytes stored against ``keyframe``'s text."""
    return _with_dictionary(keyframe.encode("utf-8"), False).decompress(content).decode("utf-8")


def decode_text(compression: str, content: bytes, keyframe_compression: str | None = None,
                keyframe_content: bytes | None = None) -> str:
    """The text of a stored row (and of its keyframe's row when it has one)."""
    if keyframe_content is None:
        return _decode_alone(compression, content)
    if compression != "zstd":
        raise StoreError(f"unknown text compression {compression!r} against a keyframe")
    keyframe = _keyframe_bytes(keyframe_compression, keyframe_content)
    return _with_dictionary(keyframe, False).decompress(content).decode("utf-8")


def _keyframe_bytes(compression: str | None, content: bytes) -> bytes:
    """A keyframe's text as UTF-8, from its stored row: the last few are kept (by their
    stored bytes, which only that text has), as a run of reads of a document's versions
    leans on one keyframe (32 versions do) and decompressed it again for each."""
    kept = getattr(_per_thread, "keyframes", None)
    if kept is None:
        kept = _per_thread.keyframes = OrderedDict()
    text = kept.get(content)
    if text is None:
        text = kept[content] = _decode_alone(compression, content).encode("utf-8")
        while len(kept) > _DICTIONARIES_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(content)
    return text


def _decode_alone(compression: str | None, content: bytes) -> str:
    if compression == "zstd":
        return _codecs()[1].decompress(content).decode("utf-8")
    if compression == "zlib":
        return zlib.decompress(content).decode("utf-8")
    raise StoreError(f"unknown text compression {compression!r}")


def read_text(conn: sqlite3.Connection, version_id: int) -> str:
    """A version's text, from its row and its keyframe's. (``SELECT *``: a store opened
    without migrating, before migration 13, has no ``base_version_id`` and reads the same.)"""
    cursor = conn.execute("SELECT * FROM version_texts WHERE version_id = ?", [version_id])
    row = cursor.fetchone()
    if row is None:
        raise StoreError(f"no text for version {version_id}")
    row = dict(zip((column[0] for column in cursor.description), row))
    keyframe = (None, None)
    if row.get("base_version_id") is not None:
        keyframe = conn.execute("SELECT compression, content FROM version_texts WHERE version_id = ?",
                                [row["base_version_id"]]).fetchone()
        if keyframe is None:
            raise StoreError(f"no text for version {row['base_version_id']}, the keyframe of version {version_id}")
    try:
        return decode_text(row["compression"], row["content"], *keyframe)
    except (zstandard.ZstdError, zlib.error, UnicodeDecodeError) as error:
        raise StoreError(f"the stored text of version {version_id} is damaged ({error})")


def latest_keyframe(conn: sqlite3.Connection, document_id: int) -> tuple[int, str, int] | None:
    """(version id, text, versions stored against it) of the document's latest keyframe."""
    row = conn.execute("SELECT t.version_id, t.compression, t.content FROM versions v "
                       "JOIN version_texts t ON t.version_id = v.id AND t.base_version_id IS NULL "
                       "WHERE v.document_id = ? ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1",
                       [document_id]).fetchone()
    if row is None:
        return None
    leaning = conn.execute("SELECT count(*) FROM version_texts WHERE base_version_id = ?", [row[0]]).fetchone()[0]
    return row[0], _decode_alone(row[1], row[2]), leaning


def stored_text(text: str, keyframe: tuple[int, str, int] | None) -> tuple[bytes, int | None]:
    """(content, base_version_id) to store ``text`` as, given its document's latest keyframe
    (`latest_keyframe`): against it when that pays, alone otherwise (a new keyframe)."""
    alone = encode_text(text, None)
    if keyframe is None or keyframe[2] >= KEYFRAME_EVERY:
        return alone, None
    against = encode_text(text, keyframe[1])
    if len(against) > DELTA_AT_MOST * len(alone):
        return alone, None
    return against, keyframe[0]


def recompress_document(conn: sqlite3.Connection, document_id: int) -> None:
    """Migration 13's step for one document: every text rewritten as `stored_text` would
    write it, in history order, each checked to read back identical before it replaces the
    row."""
    keyframe = None
    for (version_id,) in conn.execute("SELECT id FROM versions WHERE document_id = ? ORDER BY recorded_at, id",
                                      [document_id]).fetchall():
        row = conn.execute("SELECT compression, content FROM version_texts WHERE version_id = ? "
                           "AND base_version_id IS NULL", [version_id]).fetchone()
        if row is None:   # a version without its text (there should be none): nothing to rewrite
            continue
        try:
            text = _decode_alone(*row)
        except (zlib.error, zstandard.ZstdError, UnicodeDecodeError) as error:
            raise StoreError(f"the stored text of version {version_id} is damaged ({error}); nothing was changed")
        content, base = stored_text(text, keyframe)
        back = _decode_alone("zstd", content) if base is None else decode_against(content, keyframe[1])
        if back != text:
            raise StoreError(f"version {version_id}'s text would not read back identical; nothing was changed")
        conn.execute("UPDATE version_texts SET compression = 'zstd', content = ?, base_version_id = ? "
                     "WHERE version_id = ?", [content, base, version_id])
        keyframe = (version_id, text, 0) if base is None else (keyframe[0], keyframe[1], keyframe[2] + 1)


def recompress_version_texts(conn: sqlite3.Connection) -> None:
    """Migration 13's step: every document's texts against keyframes."""
    for (document_id,) in conn.execute("SELECT DISTINCT document_id FROM versions").fetchall():
        recompress_document(conn, document_id)
