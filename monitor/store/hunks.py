"""A change's hunks, stored by reference into the version texts they come from (table
``hunks``, and ``hunk_sections``; store migration 11).

A hunk's ``old`` clause is usually a verbatim piece of its change's old version text, its
``new`` clause a piece of the new one: rewrites and error pages make hundreds of thousands
of hunks whose clauses, stored as copies, were the biggest part of the database. A row keeps
in place of such a clause its span in that text, ``old_at``/``old_chars`` (Python string
indexes, i.e. characters, which SQLite's ``substr`` counts too) with ``old`` NULL; a clause
that is not a piece of the text verbatim, or too short for a span to be smaller, stays in
``old`` as text. Section paths repeat across hunks: ``hunk_sections`` holds each once.

The encoding and decoding happen here, in Python, in the methods below; every reader of
hunks goes through them and gets the rows the former table gave (``section``, ``old``,
``new`` as text). Other tools read the clauses with ``termswatch export`` (docs/architecture.md).

>>> texts = ClauseTexts(lambda version_id: "# Terms\\n\\nWe sell data.\\n\\nWe keep it.")
>>> texts.span(7, "We keep it.")
(24, 11)
>>> texts.span(7, "We sell data. We keep it.") is None   # not verbatim in the text: kept inline
True
>>> texts.clause(7, 24, 11)
'We keep it.'
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from operator import itemgetter
from typing import Callable, Iterable, Iterator

from .db import StoreError, of_documents
from .texts import read_text
from .db import placeholders as _marks

# A hunk as copied between stores (`monitor.parallel`): every column but the id and change.
HUNK_COLUMNS = ("position", "kind", "section", "old", "new", "ops", "substantive", "reason", "old_index", "new_index")

# A span costs ~4 bytes in SQLite's record format: a shorter clause is kept as text.
MIN_REFERENCED_CHARS = 8

# Decompressed texts kept while reading or writing a run of hunks: a change's hunks all point
# into its two texts, and consecutive changes of a document share one.
TEXTS_KEPT = 8

# Word-level ops as short as this stay JSON text: packing saves nothing worth a parse.
MIN_PACKED_OPS = 24
_PACKED_OP = re.compile(r"([=+-])(\d+)")
_OP_SIGNS = {0: "=", -1: "-", 1: "+"}

# A hunk row as readers get it (the former table's columns), from the stored one.
_STORED = """h.id, h.change_id, h.position, h.kind, s.section, h.old, h.new, h.ops, h.substantive, h.reason,
    h.old_index, h.new_index, h.old_at, h.old_chars, h.new_at, h.new_chars"""
_JOINS = "FROM hunks h JOIN hunk_sections s ON s.id = h.section_id"
# the columns of a hunk row besides its change and section (`copy_hunks`)
_COPIED = "position, kind, old, old_at, old_chars, new, new_at, new_chars, ops, substantive, reason, old_index, new_index"
_COPIED_FROM = ", ".join(f"h.{column.strip()}" for column in _COPIED.split(","))
_SPAN_KEYS = ("old_at", "old_chars", "new_at", "new_chars")


class ClauseTexts:
    """Version texts read once for a run of hunks (the last `TEXTS_KEPT`), by version id,
    and where the last clause was found in each (hunks come in text order: the next is
    usually after it). Made per call: a version written in a transaction that rolled back
    may come back under the same id with another text (the store's longer-lived cache,
    `HunkRecords._text_of`, is keyed by the text's SHA-256 for that reason)."""

    def __init__(self, read_text: Callable[[int], str]):
        self.read_text = read_text
        self.texts: OrderedDict[int, list] = OrderedDict()   # version id -> [text, search hint]

    def entry(self, version_id: int) -> list:
        """[text, search hint] of a version."""
        entry = self.texts.get(version_id)
        if entry is None:
            entry = self.texts[version_id] = [self.read_text(version_id), 0]
            while len(self.texts) > TEXTS_KEPT:
                self.texts.popitem(last=False)
        else:
            self.texts.move_to_end(version_id)
        return entry

    def span(self, version_id: int | None, clause) -> tuple[int, int] | None:
        """(at, chars) of ``clause`` in the version's text, or None when it is kept inline."""
        if version_id is None or not isinstance(clause, str) or len(clause) < MIN_REFERENCED_CHARS:
            return None
        try:
            entry = self.entry(version_id)
        except StoreError:   # a version without its text: nothing to point into
            return None
        return _find_from_hint(entry, clause)

    def spans_in(self, version_id: int | None) -> Callable[[object], tuple[int, int] | None]:
        """`span` for one version, its text and search hint looked up once (a change's hunks
        are all in its two versions: a rewrite has thousands). The same answers as `span`:
        the entry (text and hint) is the one `span` would use, read on first need."""
        if version_id is None:
            return lambda clause: None
        found: list = []     # [the version's entry], or [None] when it has no text

        def span(clause) -> tuple[int, int] | None:
            if not isinstance(clause, str) or len(clause) < MIN_REFERENCED_CHARS:
                return None
            if not found:
                try:
                    found.append(self.entry(version_id))
                except StoreError:   # a version without its text: nothing to point into
                    found.append(None)
            entry = found[0]
            if entry is None:
                return None
            return _find_from_hint(entry, clause)
        return span

    def clause(self, version_id: int, at: int, chars: int) -> str:
        entry = self.texts.get(version_id)
        return (entry or self.entry(version_id))[0][at:at + chars]


class HunkRecords:
    """Reads and writes of hunks (a part of `Store`)."""

    def _text_of(self, version_id: int) -> str:
        """A version's text, from the last `TEXTS_KEPT` decompressed by this store: reading a
        document's changes in order reads each text once (a change's new text is the next
        one's old). Keyed by the text's SHA-256, which a rolled-back id cannot fool."""
        row = self.db.execute("SELECT sha256 FROM versions WHERE id = ?", [version_id]).fetchone()
        if row is None:
            raise StoreError(f"no text for version {version_id}")
        return self._kept_text(version_id, row[0])

    def _kept_text(self, version_id: int, sha256: str | None) -> str:
        """The text of a version whose SHA-256 is ``sha256``, decompressed once for the last
        `TEXTS_KEPT` texts: `version` reads through here too, so the diff stage, which reads
        each version and then writes hunks pointing into it, decompresses it once."""
        if sha256 is None:
            return read_text(self.db.conn, version_id)
        cache = self.__dict__.setdefault("_texts_by_sha256", OrderedDict())
        text = cache.get(sha256)
        if text is None:
            text = cache[sha256] = read_text(self.db.conn, version_id)
            while len(cache) > TEXTS_KEPT:
                cache.pop(next(iter(cache)), None)
        return text

    # -- writing -----------------------------------------------------------------------------

    def write_hunks(self, change_id: int, hunks: list[tuple]) -> None:
        """Replace a change's hunks (tuples in `HUNK_COLUMNS` order), inside the caller's
        transaction: each clause found verbatim in its version's text is stored as its span."""
        self.db.execute("DELETE FROM hunks WHERE change_id = ?", [change_id])
        if not hunks:
            return
        old_id, new_id = self.db.execute("SELECT from_version_id, to_version_id FROM changes WHERE id = ?",
                                         [change_id]).fetchone()
        sections = sorted({hunk[2] for hunk in hunks})
        self.db.conn.executemany("INSERT OR IGNORE INTO hunk_sections (section) VALUES (?)", [(s,) for s in sections])
        section_ids = {}
        for start in range(0, len(sections), 900):
            chunk = sections[start:start + 900]
            section_ids.update(self.db.execute(
                f"SELECT section, id FROM hunk_sections WHERE section IN ({_marks(chunk)})", chunk))
        self.db.conn.executemany(
            "INSERT INTO hunks (change_id, position, kind, section_id, old, old_at, old_chars, new, new_at, new_chars, "
            "ops, substantive, reason, old_index, new_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            encoded_hunks(ClauseTexts(self._text_of), change_id, old_id, new_id, section_ids, hunks, pack_ops=True))

    def copy_hunks(self, change_id: int, source_change_id: int) -> None:
        """Replace a change's hunks by those of change ``source_change_id`` of the database
        attached as ``worker``, inside the caller's transaction. The rows are copied as stored:
        their spans point into the same versions (same ids, same texts), and their sections
        are matched by text."""
        self.db.execute("DELETE FROM hunks WHERE change_id = ?", [change_id])
        self.db.execute(
            "INSERT OR IGNORE INTO hunk_sections (section) SELECT DISTINCT s.section FROM worker.hunks h "
            "JOIN worker.hunk_sections s ON s.id = h.section_id WHERE h.change_id = ? ORDER BY s.section",
            [source_change_id])
        self.db.execute(
            f"INSERT INTO hunks (change_id, section_id, {_COPIED}) SELECT ?, m.id, {_COPIED_FROM} "
            "FROM worker.hunks h JOIN worker.hunk_sections s ON s.id = h.section_id "
            "JOIN main.hunk_sections m ON m.section = s.section WHERE h.change_id = ? ORDER BY h.position",
            [change_id, source_change_id])

    # -- reading -----------------------------------------------------------------------------

    def _decoded(self, sql: str, params: list, parsed_ops: bool = False) -> Iterator[dict]:
        """The rows of a query over `_STORED` as readers get them: clauses in place of spans;
        with ``parsed_ops``, ops as the list their JSON reads as (packed ops are never made
        JSON only to be parsed again). (Plain tuples made into dicts here: twice as fast as
        sqlite-utils' rows.)"""
        cursor = self.db.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        at = {name: i for i, name in enumerate(columns)}
        kept = [name for name in columns if name not in _SPAN_KEYS]
        kept_values = itemgetter(*[at[name] for name in kept])
        change, old, old_at, old_chars = (at[k] for k in ("change_id", "old", "old_at", "old_chars"))
        new, new_at, new_chars = (at[k] for k in ("new", "new_at", "new_chars"))
        texts = ClauseTexts(self._text_of)
        change_id = versions = None
        for raw in cursor:
            row = dict(zip(kept, kept_values(raw)))
            if raw[old] is None or raw[new] is None:
                if raw[change] != change_id:   # rows come change by change
                    change_id = raw[change]
                    versions = self.db.execute("SELECT from_version_id, to_version_id FROM changes WHERE id = ?",
                                               [change_id]).fetchone()
                if raw[old] is None:
                    row["old"] = texts.entry(versions[0])[0][raw[old_at]:raw[old_at] + raw[old_chars]]
                if raw[new] is None:
                    row["new"] = texts.entry(versions[1])[0][raw[new_at]:raw[new_at] + raw[new_chars]]
            if isinstance(row["ops"], bytes):
                ops = unpacked_op_list(row["ops"], row["old"], row["new"])
                row["ops"] = ops if parsed_ops else json.dumps(ops)
            elif parsed_ops:
                row["ops"] = json.loads(row["ops"]) if row["ops"] else []
            yield row

    def hunk_tuples(self, change_id: int) -> list[tuple]:
        """A change's hunks as `HUNK_COLUMNS` tuples, in order."""
        return [tuple(h[c] for c in HUNK_COLUMNS) for h in self.hunk_rows(change_id)]

    def hunk_rows(self, change_id: int) -> list[dict]:
        """A change's hunks as stored, in order."""
        return list(self._decoded(
            f"SELECT {_STORED} {_JOINS} WHERE h.change_id = ? ORDER BY h.position", [change_id]))

    def hunk_digests(self, document_ids: list[int] | None = None) -> dict[int, tuple]:
        """{change id: (count, max id, total size)} of every change's hunks (of the changes of
        ``document_ids`` only, when given): changes when they do."""
        where = of_documents(document_ids)
        of_changes = f"WHERE h.change_id IN (SELECT id FROM changes WHERE {where})" if where else ""
        return {row[0]: row[1:] for row in self.db.execute(
            "SELECT h.change_id, count(*), max(h.id), sum(length(h.ops) + ifnull(length(h.old), h.old_chars) "
            "+ ifnull(length(h.new), h.new_chars) + length(s.section)) "
            f"FROM hunks h JOIN hunk_sections s ON s.id = h.section_id {of_changes} GROUP BY h.change_id")}

    def hunk_kind_counts(self, change_ids: list[int]) -> Iterator[dict]:
        """(change_id, substantive, reason, n) of these changes' hunks (at most 999 ids)."""
        return self.db.query(f"SELECT change_id, substantive, reason, count(*) AS n FROM hunks "
                             f"WHERE change_id IN ({_marks(change_ids)}) GROUP BY change_id, substantive, reason",
                             change_ids)

    # The heads below rank a change's hunks on the few columns ranking needs, and read whole
    # rows (clauses, ops, sections) only for those kept: a change of a flapping page has
    # thousands of hunks, and joining each before ranking cost the site build 40 % more SQL.

    def hunk_heads_by_kind(self, change_ids: list[int], per_kind: int, per_other: int | None = None, *,
                           parsed_ops: bool = False) -> Iterator[dict]:
        """The first ``per_kind`` substantive and ``per_other`` (default: ``per_kind``) other
        hunks of these changes (at most 997 ids); of a change without substantive hunks, its
        first ``per_kind`` (all other). ``parsed_ops``: see `_decoded`."""
        per_other = per_kind if per_other is None else per_other
        return self._decoded(
            f"SELECT {_STORED}, r.rank FROM (SELECT id, substantive, "
            "ROW_NUMBER() OVER (PARTITION BY change_id, substantive ORDER BY position) AS rank, "
            "MAX(substantive) OVER (PARTITION BY change_id) AS any_substantive "
            f"FROM hunks WHERE change_id IN ({_marks(change_ids)})) r "
            "JOIN hunks h ON h.id = r.id JOIN hunk_sections s ON s.id = h.section_id "
            "WHERE r.rank <= CASE WHEN r.substantive OR NOT r.any_substantive THEN ? ELSE ? END "
            "ORDER BY h.change_id, h.position", [*change_ids, int(per_kind), int(per_other)], parsed_ops)

    def hunks_at(self, change_id: int, positions: list[int], *, parsed_ops: bool = False) -> list[dict]:
        """A change's hunks at these positions (at most 998). ``parsed_ops``: see `_decoded`."""
        return list(self._decoded(
            f"SELECT {_STORED} {_JOINS} WHERE h.change_id = ? AND h.position IN ({_marks(positions)}) ORDER BY h.position",
            [change_id, *positions], parsed_ops))

    def hunk_rows_of(self, change_ids: list[int]) -> Iterator[dict]:
        """The hunks of these changes (at most 999), by change, in order."""
        return self._decoded(
            f"SELECT {_STORED} {_JOINS} WHERE h.change_id IN ({_marks(change_ids)}) ORDER BY h.change_id, h.position",
            change_ids)

    def hunk_heads(self, change_ids: list[int], per_change: int, *, parsed_ops: bool = False) -> Iterator[dict]:
        """The first ``per_change`` hunks of these changes (at most 998), each with its change's
        ``total``. ``parsed_ops``: see `_decoded`."""
        return self._decoded(
            f"SELECT {_STORED}, r.rank, r.total FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY change_id "
            f"ORDER BY position) AS rank, COUNT(*) OVER (PARTITION BY change_id) AS total FROM hunks "
            f"WHERE change_id IN ({_marks(change_ids)})) r JOIN hunks h ON h.id = r.id "
            f"JOIN hunk_sections s ON s.id = h.section_id WHERE r.rank <= ? ORDER BY h.change_id, h.position",
            [*change_ids, int(per_change)], parsed_ops)


def encoded_hunks(texts: ClauseTexts, change_id: int, old_id: int | None, new_id: int | None,
                  section_ids: dict[str, int], hunks: Iterable[tuple], pack_ops: bool = False) -> Iterator[tuple]:
    """Rows for ``INSERT INTO hunks`` (change_id, position, kind, section_id, old, old_at,
    old_chars, new, new_at, new_chars, ops, substantive, reason, old_index, new_index) of
    hunks given as `HUNK_COLUMNS` tuples, their ops packed (`packed_ops`) when ``pack_ops``.
    Shared by `write_hunks` and migration 11 (which left ops as they were: migration 14 packs them)."""
    old_span_of, new_span_of = texts.spans_in(old_id), texts.spans_in(new_id)
    no_span = (None, None)
    for position, kind, section, old, new, ops, *rest in hunks:
        old_span, new_span = old_span_of(old), new_span_of(new)
        yield (change_id, position, kind, section_ids[section],
               None if old_span else old, *(old_span or no_span),
               None if new_span else new, *(new_span or no_span), packed_ops(ops, old, new) if pack_ops else ops, *rest)


def packed_ops(ops, old, new):
    """A hunk's word-level ops (JSON text) as stored: their words are pieces of its old and
    new clauses, in order (equal and removed words the old clause's, added ones the new's), so
    the column keeps only each op's kind and length, as ASCII bytes (``=15-16+18=3``) that
    `unpacked_ops` reads back against the clauses. Ops that do not read back exactly as given
    (another JSON spelling, words not from the clauses) are stored as given."""
    if not isinstance(ops, str) or len(ops) < MIN_PACKED_OPS or not isinstance(old, str) or not isinstance(new, str):
        return ops
    try:
        parsed = json.loads(ops)
        packed = "".join(f"{_OP_SIGNS[op]}{len(words)}" for op, words in parsed
                         if type(op) is int and isinstance(words, str)).encode("ascii")
    except (ValueError, TypeError, KeyError):
        return ops
    return packed if unpacked_ops(packed, old, new) == ops else ops


def unpacked_ops(packed: bytes, old: str, new: str) -> str:
    """The JSON text of ops stored by `packed_ops`, from the hunk's clauses."""
    return json.dumps(unpacked_op_list(packed, old, new))


def unpacked_op_list(packed: bytes, old: str, new: str) -> list[list]:
    """The ops stored by `packed_ops` as the list their JSON text reads as."""
    at_old = at_new = 0
    ops = []
    for sign, length in _PACKED_OP.findall(packed.decode("ascii")):
        length = int(length)
        if sign == "+":
            ops.append([1, new[at_new:at_new + length]])
            at_new += length
        else:
            ops.append([0 if sign == "=" else -1, old[at_old:at_old + length]])
            at_old += length
            at_new += length if sign == "=" else 0
    return ops


def pack_stored_ops(conn) -> None:
    """Migration 14's step: every hunk's ops stored as JSON text packed where `packed_ops` can."""
    from .texts import read_text

    texts = ClauseTexts(lambda version_id: read_text(conn, version_id))
    changes = conn.execute(
        "SELECT c.id, c.from_version_id, c.to_version_id FROM changes c WHERE EXISTS (SELECT 1 FROM hunks h "
        "WHERE h.change_id = c.id AND typeof(h.ops) = 'text' AND length(h.ops) >= ?) "
        "ORDER BY c.document_id, c.to_version_id", [MIN_PACKED_OPS]).fetchall()
    for change_id, old_id, new_id in changes:
        packed = []
        for hunk_id, old, old_at, old_chars, new, new_at, new_chars, ops in conn.execute(
                "SELECT id, old, old_at, old_chars, new, new_at, new_chars, ops FROM hunks WHERE change_id = ? "
                "AND typeof(ops) = 'text' AND length(ops) >= ?", [change_id, MIN_PACKED_OPS]).fetchall():
            old = texts.clause(old_id, old_at, old_chars) if old is None else old
            new = texts.clause(new_id, new_at, new_chars) if new is None else new
            stored = packed_ops(ops, old, new)
            if isinstance(stored, bytes):
                packed.append((stored, hunk_id))
        conn.executemany("UPDATE hunks SET ops = ? WHERE id = ?", packed)


def hunk_tuple(hunk: dict, position: int) -> tuple:
    """A hunk as the diff gives it (a dict) as a `HUNK_COLUMNS` tuple."""
    ops = hunk.get("ops")
    # (an added or removed clause has no word ops: most hunks of a rewrite or an error page)
    return (position, hunk["kind"], hunk.get("section") or "", hunk.get("old") or "", hunk.get("new") or "",
            json.dumps(ops) if ops else "[]", int(bool(hunk.get("substantive"))), hunk.get("reason") or "",
            hunk.get("old_index"), hunk.get("new_index"))


def hunk_row(hunk, position: int) -> tuple:
    """``hunk_tuple(hunk.to_json(), position)`` of a `monitor.diff.Hunk`, without the dict in
    between (a rewrite's change has thousands of hunks). ``json.dumps`` writes the ``(op,
    text)`` tuples of ``ops`` as the ``[op, text]`` lists `Hunk.to_json` makes of them."""
    ops = hunk.ops
    return (position, hunk.kind, hunk.section or "", hunk.old or "", hunk.new or "",
            json.dumps(ops) if ops else "[]", int(bool(hunk.substantive)), hunk.reason or "",
            hunk.old_index, hunk.new_index)


def stored_hunk_row(hunk, position: int) -> tuple:
    """`hunk_row` with its ops as `write_hunks` stores them (``packed_ops`` of its JSON), packed
    from the hunk's own ``(op, text)`` pairs: the JSON is not parsed back and written again to
    check that the packed ops read back as given (``write_hunks`` keeps ops that are not str
    as they are). Ops of another shape go the long way."""
    row = hunk_row(hunk, position)
    ops, old, new = row[5], row[3], row[4]
    if len(ops) < MIN_PACKED_OPS or not isinstance(old, str) or not isinstance(new, str):
        return row     # (stored as it is)
    try:
        packed = _packed_from_pairs(hunk.ops, old, new)
    except (ValueError, TypeError):
        packed = None
    return (*row[:5], packed if packed is not None else packed_ops(ops, old, new), *row[6:])


def _packed_from_pairs(pairs, old: str, new: str) -> bytes | None:
    """The ops `packed_ops` stores for these ``(op, text)`` pairs, None when it would store
    their JSON (an op it cannot pack, or words that `unpacked_op_list` would not read back
    from the clauses as they are)."""
    signs, at_old, at_new = [], 0, 0
    for op, words in pairs:
        if type(op) is not int or type(words) is not str or op not in _OP_SIGNS:
            return None
        # what `unpacked_op_list` reads back: kept and removed words from the old clause,
        # added ones from the new clause (kept words move both places)
        if not (new.startswith(words, at_new) if op == 1 else old.startswith(words, at_old)):
            return None
        length = len(words)
        if op != 1:
            at_old += length
        if op != -1:
            at_new += length
        signs.append(f"{_OP_SIGNS[op]}{length}")
    return "".join(signs).encode("ascii")


def _find_from_hint(entry: list, clause: str) -> tuple[int, int] | None:
    """Where ``clause`` is in a version's text, searched from the entry's hint (clauses come in
    text order) and then before it; the hint moves past what was found."""
    text, hint = entry
    at = text.find(clause, hint)
    if at < 0:
        at = text.find(clause, 0, hint + len(clause))
    if at < 0:
        return None
    entry[1] = at + len(clause)
    return at, len(clause)
