"""`compare`: the change record between two versions of a document.

The diff is hierarchical, each pass working only on what the one before left over:

0. Line level: the common head and tail of the two texts (cut at blank lines) are segmented
   once and shared (`_segment_pair`), and so are the blocks both middles contain.
1. Clauses whose source text is identical are aligned (patience alignment, `align`). Most of
   a document is matched here, at the cost of hashing its clauses.
2. In each gap between aligned clauses, clauses equal up to cosmetic noise (same
   `normalise.canonical` form) are aligned the same way: a cosmetic edit. Runs between them
   with the same words cut into sentences differently become one regrouped cosmetic hunk.
3. Clauses left over anywhere with the same canonical form are paired across gaps: a move.
4. Clauses left over are paired by word similarity: within a gap, an edited clause; across
   gaps, a clause moved and edited (a stricter bar).
5. What is still left is removed or added.
6. Paired clauses get a word-level diff (`words.word_ops`, diff-match-patch), bounded by the
   clause length, and every hunk a verdict (`normalise.cosmetic_reason`).

Steps 2-4 are the pairing passes of `pairing.ClausePairing`; this module runs them and builds
the hunks.

>>> change = compare("# Privacy\\n\\nWe collect your name. We keep it.",
...                  "# Privacy\\n\\nWe keep it. We collect your name and email.")
>>> [(h.kind, h.reason, h.substantive) for h in change.hunks]
[('moved', 'wording', True)]
>>> change.hunks[0].ops
[(0, 'We collect your name'), (1, ' and email'), (0, '.')]
"""

from __future__ import annotations

from collections import defaultdict
from operator import attrgetter, itemgetter
from typing import Collection

from ..hashing import sha256_text
from . import capture_marks, consent_dialog, editorial, normalise, restated
from .align import match_sequences
from .clause_words import _TERM_WORDS as TERM_WORDS
from .model import (ADDED, CONTACT, DATE, FLAPPING, MARKUP, MODIFIED, MOVED, NAVIGATION, NOTICE, PUNCTUATION,
                    REMOVED, RENAME, REORDER, REPEATED, WORDING, Change, Hunk)
# Steps 2-4 (pairing what identical text left over) live in pairing.py; the similarity bars
# stay importable from here.
from .pairing import EDIT_SIMILARITY, MOVE_SIMILARITY, ClausePairing  # noqa: F401
from .memo import CLAUSE_CHARS_KEPT, by_text, keep_within_bounds, register
from .recent import RecentPairs
from .segment import HEADING, Clause, segment_part_kept
from .suspect import suspect_codes
from .words import word_ops


# What a clause reads as, kept by its text across comparisons: a document's versions repeat
# most clauses, and an error page or a rewrite that comes and goes brings the same added and
# removed clauses back change after change. Keyed by text only (never by position), so a
# cached answer is the answer for that text. Bounded by the characters of the texts (memo.py).
_stage_forms = normalise.cached_stage_forms
# Why an edited clause changed no term, by the pair of texts: an edit a page makes and
# unmakes, or makes in a clause it repeats, comes back (one edit in six on 25 services).
_edit_reason = by_text(CLAUSE_CHARS_KEPT // 2)(editorial.edit_reason)


@by_text(CLAUSE_CHARS_KEPT)
def _clause_words(text: str) -> tuple[str, ...]:
    """The words of a clause's normalised text, in order."""
    return tuple(normalise.words(_stage_forms(text)[-2]))


@by_text(CLAUSE_CHARS_KEPT)
def _distinct_words(text: str) -> frozenset[str]:
    return frozenset(_clause_words(text))

# A removed sentence is still said by a longer one that opens with at least this many of its words.
_MIN_REPEATED_WORDS = 6
# A lead-in ("If you live in the EEA, here is some further information:") this short, at most.
_MAX_LEAD_IN_WORDS = 20


def compare(old: str, new: str, *, earlier_sha256s: Collection[str] = ()) -> Change:
    """What changed from ``old`` to ``new``, clause by clause, and whether it matters.

    ``earlier_sha256s``: SHA-256 (hex, of the UTF-8 text) of the document's versions before
    ``old``; if ``new`` is one of them the change is flapping (A -> B -> A): cosmetic, with
    reason ``flapping``, its hunks still computed.
    """
    keep_within_bounds()
    old_clauses, new_clauses, hunks = _clauses_and_hunks(old, new)
    capture_marks.mark_unfolded_sections(hunks, old, new)
    stats = _stats(old, new, old_clauses, new_clauses, hunks)
    flapping = bool(earlier_sha256s) and old != new and sha256_text(new) in set(earlier_sha256s)
    suspects = suspect_codes(old, new, similarity=stats["similarity"], known_before=flapping)
    reasons = {h.reason for h in hunks}
    if flapping:
        reasons.add(FLAPPING)
    reasons.update(suspects)
    if old != new and not hunks:
        reasons.add(normalise.WHITESPACE)   # only blank lines or trailing spaces differ
    return Change(hunks=hunks,
                  substantive=any(h.substantive for h in hunks) and not flapping,
                  suspect=bool(suspects), reasons=sorted(reasons), stats=stats)


# The clauses and hunks of the last pairs of texts compared (a flapping page brings the same
# pair back): a few whole documents' worth, ~10 MB at most.
_RECENT_PAIRS_CHARS = 4_000_000
_recent_pairs = register(RecentPairs(_RECENT_PAIRS_CHARS))


def _clauses_and_hunks(old: str, new: str) -> tuple[list[Clause], list[Clause], list[Hunk]]:
    """Both versions' clauses (shared: read them, never change them) and the hunks (the
    caller's own) of ``old`` -> ``new``, from the recent pairs when this pair came before."""
    found = _recent_pairs.get(old, new)
    if found is None:
        old_clauses, new_clauses, shared_head, shared_tail = _segment_pair(old, new)
        hunks = _Differ(old_clauses, new_clauses, shared_head, shared_tail).hunks()
        found = (old_clauses, new_clauses, tuple(hunks))
        _recent_pairs.put(old, new, found)
    old_clauses, new_clauses, hunks = found
    # (a Hunk built field by field: dataclasses.replace costs ten times as much)
    return old_clauses, new_clauses, [Hunk(h.kind, h.section, h.old, h.new, list(h.ops), h.substantive, h.reason,
                                           h.old_index, h.new_index) for h in hunks]


def _segment_pair(old: str, new: str) -> tuple[list[Clause], list[Clause], int, int]:
    """Both versions' clauses, and how many clauses open and close both identically.

    The line-level pass: the longest common head and tail of the two texts, cut at blank
    lines, are segmented once and shared; only the middle is segmented for each version.
    """
    head = _common_prefix_length(old, new)
    blank = old.rfind("\n\n", 0, head)
    cut = blank + 2 if blank >= 0 else 0
    tail = _common_suffix_length(old, new, max_length=min(len(old), len(new)) - cut)
    blank = old.find("\n\n", len(old) - tail) if tail else -1
    old_end = blank + 2 if blank >= 0 else len(old)
    new_end = old_end + len(new) - len(old)
    # (each paragraph's clauses kept across comparisons: most come back in the next pair)
    head_clauses, headings = segment_part_kept(old[:cut])
    old_middle, old_headings = segment_part_kept(old[cut:old_end], headings)
    new_middle, new_headings = segment_part_kept(new[cut:new_end], headings)
    if old_headings == new_headings:
        old_tail = new_tail = segment_part_kept(old[old_end:], old_headings)[0]
    else:   # the section path of the tail changed: it is the same text, in other sections
        old_tail = segment_part_kept(old[old_end:], old_headings)[0]
        new_tail = segment_part_kept(new[new_end:], new_headings)[0]
    shared_tail = len(old_tail) if old_tail is new_tail else 0
    return (head_clauses + old_middle + old_tail, head_clauses + new_middle + new_tail,
            len(head_clauses), shared_tail)


def _common_prefix_length(a: str, b: str) -> int:
    """Binary search on slices: C-speed comparisons, O(n log n) bytes at worst."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix_length(a: str, b: str, max_length: int) -> int:
    low, high = 0, max(0, max_length)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


class _Differ(ClausePairing):
    """One comparison's working state: the clauses, their pairings so far, memoised keys."""

    def __init__(self, old: list[Clause], new: list[Clause], shared_head: int = 0,
                 shared_tail: int = 0):
        self.old, self.new = old, new
        self.shared_head, self.shared_tail = shared_head, shared_tail
        self._ops: dict[tuple[str, str], list[tuple[int, str]]] = {}   # see word_ops below
        self.old_paired: dict[int, int] = {}   # old index -> new index
        self.new_paired: dict[int, int] = {}
        self.pair_kind: dict[int, str] = {}    # old index -> "equal" | "cosmetic" | "edit" | "move"
        #                                        | "regrouped"
        self.regrouped: dict[int, tuple[list[int], list[int]]] = {}   # first old index -> runs

    # -- keys ------------------------------------------------------------------------------
    def forms(self, text: str) -> tuple[str, ...]:
        return _stage_forms(text)

    def key(self, text: str) -> str:
        """The canonical form: equal keys, cosmetic differences only."""
        return self.forms(text)[-1]

    def words(self, text: str) -> frozenset[str]:
        return _distinct_words(text)

    def word_ops(self, old: str, new: str) -> list[tuple[int, str]]:
        """`words.word_ops`, once per pair of texts: an edit to a clause a document repeats
        ("Learn more", a footer link) comes back in one hunk per copy (one in eight)."""
        found = self._ops.get((old, new))
        if found is None:
            found = self._ops[old, new] = word_ops(old, new)
        return list(found)      # each hunk its own list

    def pair(self, i: int, j: int, kind: str) -> None:
        self.old_paired[i] = j
        self.new_paired[j] = i
        self.pair_kind[i] = kind

    # -- passes ----------------------------------------------------------------------------
    def hunks(self) -> list[Hunk]:
        head, tail = self.shared_head, self.shared_tail
        # The clauses both texts have identical, paired as `pair` would one by one (a long
        # document has thousands: filled at C speed, in the same order).
        old_tail = range(len(self.old) - 1, len(self.old) - tail - 1, -1)
        new_tail = range(len(self.new) - 1, len(self.new) - tail - 1, -1)
        old_middle = [c.text for c in self.old[head:len(self.old) - tail]]
        new_middle = [c.text for c in self.new[head:len(self.new) - tail]]
        matched = match_sequences(old_middle, new_middle)
        old_equal = [*range(head), *old_tail, *[head + i for i, _ in matched]]
        new_equal = [*range(head), *new_tail, *[head + j for _, j in matched]]
        self.old_paired.update(zip(old_equal, new_equal))
        self.new_paired.update(zip(new_equal, old_equal))
        self.pair_kind.update(dict.fromkeys(old_equal, "equal"))
        gaps = self._gaps()
        edge_runs = [self._align_cosmetic(old_ids, new_ids) for old_ids, new_ids in gaps]
        self._regroup_across_page_breaks(gaps, edge_runs)
        gap_of_old = {i: g for g, (old_ids, _) in enumerate(gaps) for i in old_ids}
        gap_of_new = {j: g for g, (_, new_ids) in enumerate(gaps) for j in new_ids}
        self._pair_moves(gap_of_old, gap_of_new)
        self._pair_one_to_one(gaps)
        self._pair_similar(gap_of_old, gap_of_new)
        self._pair_short_gaps(gaps)
        self._tell_moves_from_edits(gap_of_old, gap_of_new)
        return self._build_hunks()

    def _regrouped_hunk(self, old_run: list[int], new_run: list[int]) -> Hunk:
        """One hunk for clauses whose words are the same but cut into sentences differently."""
        old_text = " ".join(self.old[i].text for i in old_run)
        new_text = " ".join(self.new[j].text for j in new_run)
        # The texts differ cosmetically clause by clause; if the joined texts do not say how
        # (a number that led a clause now inside one), the sentence boundary moved.
        reason = normalise.cosmetic_reason(old_text, new_text) or PUNCTUATION
        return Hunk(MODIFIED, self.new[new_run[0]].section, old_text, new_text,
                    self.word_ops(old_text, new_text), False, reason, old_run[0], new_run[0])

    # -- hunks -----------------------------------------------------------------------------
    def _build_hunks(self) -> list[Hunk]:
        placed: list[tuple[tuple, Hunk]] = []
        old_paired, pair_kind = self.old_paired, self.pair_kind
        # Only the clauses not paired as equal make hunks: the loops below visit those alone
        # (the order they are visited in is no matter: the hunks are sorted by place below).
        removed = sorted(set(range(len(self.old))).difference(old_paired))
        # Where a removed clause sits in the new text: after the last unmoved pair before it
        # (the new index of the last old clause before it paired other than as a move).
        last_unmoved: dict[int, int] = {}

        def insertion_point(i: int) -> int:
            walked = []
            while i >= 0 and i not in last_unmoved:
                j = old_paired.get(i)
                if j is not None and pair_kind[i] != "move":
                    last_unmoved[i] = j
                    break
                walked.append(i)
                i -= 1
            point = last_unmoved.get(i, -1)
            for k in walked:
                last_unmoved[k] = point
            return point

        for i in removed:
            old_clause = self.old[i]
            reason = _reason_alone_by_text(old_clause.text, old_clause.kind == HEADING)
            hunk = Hunk(REMOVED, old_clause.section, old_clause.text, "", [],
                        reason is None, reason or REMOVED, i, None)
            placed.append(((insertion_point(i) + 0.5, 1, i), hunk))
        for i in [i for i, kind in pair_kind.items() if kind != "equal"]:
            j, kind = old_paired[i], pair_kind[i]
            old_clause = self.old[i]
            if kind == "regrouped":
                if i in self.regrouped:
                    placed.append(((j, 2, i), self._regrouped_hunk(*self.regrouped[i])))
                continue
            new_clause = self.new[j]
            old_forms, new_forms = self.forms(old_clause.text), self.forms(new_clause.text)
            if old_forms[-1] != new_forms[-1]:
                # The words differ; unless both only date the document ("Last modified: May
                # 2020" -> "Last updated: February 2022").
                both_dating = normalise.is_dating_line(old_forms) and normalise.is_dating_line(new_forms)
                if both_dating:
                    reason = DATE
                elif old_clause.kind == new_clause.kind == HEADING:
                    reason = MARKUP       # a heading reworded: its section's clauses are judged
                else:
                    reason = _edit_reason(old_clause.text, new_clause.text)
            elif kind == "move":
                reason = REORDER              # moved, and otherwise differs only cosmetically
            else:
                reason = normalise.cosmetic_reason(old_clause.text, new_clause.text,
                                                   old_forms, new_forms)
            hunk = Hunk(MOVED if kind == "move" else MODIFIED, new_clause.section,
                        old_clause.text, new_clause.text,
                        self.word_ops(old_clause.text, new_clause.text),
                        reason is None, reason or WORDING, i, j)
            placed.append(((j, 2, i), hunk))
        for j in set(range(len(self.new))).difference(self.new_paired):
            new_clause = self.new[j]
            reason = _reason_alone_by_text(new_clause.text, new_clause.kind == HEADING)
            hunk = Hunk(ADDED, new_clause.section, "", new_clause.text, [],
                        reason is None, reason or ADDED, None, j)
            placed.append(((j, 2, -1), hunk))
        placed.sort(key=itemgetter(0))    # (the places are distinct: a total order)
        hunks = [hunk for _, hunk in placed]
        editorial.mark_renames(hunks)
        editorial.mark_update_notices(hunks)
        capture_marks.mark_site_chrome(hunks, self.old_paired, self.new_paired)
        capture_marks.mark_translations(hunks, self.old, self.new)
        capture_marks.mark_cut_lists(hunks, self.old, self.new, self.old_paired)
        consent_dialog.mark_consent_dialogs(hunks, self.old, self.new)
        self._mark_repeated(hunks)
        self._mark_quoted_references(hunks)
        return hunks

    def _mark_quoted_references(self, hunks: list[Hunk]) -> None:
        """A quotation inserted into a clause (or taken out of it) of words the document says
        elsewhere ('Example "device identifiers"For example, ...') labels the document's own
        wording: ``navigation``."""
        texts: dict[bool, str] = {}
        for hunk in hunks:
            if not (hunk.substantive and hunk.kind in (MODIFIED, MOVED)):
                continue
            quotes = restated.quoted_words(hunk.old, hunk.new)
            if not quotes:
                continue
            inserted = len(hunk.new) > len(hunk.old)
            if inserted not in texts:
                clauses = self.new if inserted else self.old
                texts[inserted] = " ".join(c.text for c in clauses).lower()
            if all(restated.said_besides_quotes(quote, texts[inserted]) for quote in quotes):
                hunk.substantive, hunk.reason = False, NAVIGATION

    def _mark_repeated(self, hunks: list[Hunk]) -> None:
        """A copy of a sentence removed while the new text still says it word for word changes
        no term: ``repeated``. Not a list item (what it means depends on the list it stood
        in), and not a copy added (a sentence said again in another section may say it of
        something else). The new text still says it when it has the same sentence, the same
        sentence without a short lead-in ("In the EEA, here is more on retention: We keep
        ..."), or a sentence both texts keep that opens with all its words."""
        if not any(h.substantive and h.kind == REMOVED for h in hunks):
            return
        new_keys = {self.key(c.text) for c in self.new}
        kept: dict[tuple[str, ...], list[tuple[str, ...]]] = {}   # unchanged clauses by opening words
        for hunk in hunks:
            if hunk.substantive and hunk.kind == REMOVED and not editorial.is_list_item(hunk.old) \
                    and self._still_said(hunk.old, new_keys, kept):
                hunk.substantive, hunk.reason = False, REPEATED

    def _kept_openings(self, kept: dict) -> dict:
        """The clauses both texts have unchanged, by their first words (filled once)."""
        if not kept:
            kept[()] = []
            for j, clause in enumerate(self.new):
                i = self.new_paired.get(j)
                if i is not None and self.pair_kind[i] == "equal":
                    words = _clause_words(clause.text)
                    kept.setdefault(tuple(words[:_MIN_REPEATED_WORDS]), []).append(words)
        return kept

    def _still_said(self, text: str, new_keys: set[str], kept: dict) -> bool:
        if self.key(text) in new_keys:
            return True
        lead_in, colon, rest = text.partition(": ")
        if colon and len(lead_in.split()) <= _MAX_LEAD_IN_WORDS and self.key(rest) \
                and self.key(rest) in new_keys:
            return True
        # the opening of a kept sentence, when it states nothing more than the kept one ("We do
        # not sell your data." is broader than "We do not sell your data to advertisers.")
        words = _clause_words(text)
        if len(words) < _MIN_REPEATED_WORDS or TERM_WORDS & set(words):
            return False
        openings = self._kept_openings(kept).get(tuple(words[:_MIN_REPEATED_WORDS]), ())
        return any(longer[:len(words)] == words for longer in openings)


@by_text(CLAUSE_CHARS_KEPT)
def _reason_alone_by_text(text: str, heading: bool) -> str | None:
    """Why an added or removed clause is cosmetic, or None (it is substantive).

    A clause without words (a rule, a bare link target) is noise; so are a heading and
    a table-of-contents line on their own: whatever they announce comes with clauses of
    its own, judged by themselves.
    """
    if not _stage_forms(text)[-1]:
        return normalise.cosmetic_reason(text, "", _stage_forms(text), None)
    if heading or normalise.is_contents_entry(text):
        return MARKUP
    if normalise.is_dating_line(_stage_forms(text)):
        return DATE
    if editorial.is_address_line(text):
        return CONTACT                # a postal address line: where to write, not a term
    if restated.is_ownership_notice(text):
        return NOTICE                 # "One or more patents apply to the services"
    if restated.is_rename_notice(text):
        return RENAME                 # "X has changed its name to Y"
    if editorial.is_change_log_entry(text):
        return NAVIGATION             # "Expanded [5.6. ...](#5-6) with ...": the log of its own edits
    return editorial.navigation_reason(text)


_CLAUSE_TEXT = attrgetter("text")


def _stats(old: str, new: str, old_clauses, new_clauses, hunks: list[Hunk]) -> dict:
    removed = added = 0
    for h in hunks:
        if h.kind == REMOVED:
            removed += len(h.old)
        elif h.kind == ADDED:
            added += len(h.new)
        else:
            for op, text in h.ops:
                if op < 0:
                    removed += len(text)
                elif op > 0:
                    added += len(text)
    # (map at C speed: a long version has thousands of clauses, summed for every comparison)
    old_chars = sum(map(len, map(_CLAUSE_TEXT, old_clauses)))
    new_chars = sum(map(len, map(_CLAUSE_TEXT, new_clauses)))
    total = old_chars + new_chars
    counts = defaultdict(int)
    for h in hunks:
        counts[h.kind] += 1
    return {
        "clauses_old": len(old_clauses), "clauses_new": len(new_clauses),
        "chars_old": len(old), "chars_new": len(new),
        "chars_removed": removed, "chars_added": added,
        "similarity": round(1 - (removed + added) / total, 4) if total else 1.0,
        "hunks": dict(counts),
        "substantive_hunks": sum(h.substantive for h in hunks),
    }
