"""Steps 2-4 of the diff (:mod:`.engine`): pairing the clauses that identical text left over,
first those equal up to cosmetic noise (and runs cut into sentences differently), then moves
(same canonical form across gaps), then edits by word similarity (within a gap, or moved and
edited across gaps), and last the few clauses of a short gap by their words or letters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import chain

from .align import longest_increasing, match_sequences

# Word similarity (Dice over distinct words) needed to pair two clauses: an edit within a gap,
# or a move and edit across gaps (stricter, since nothing else says they belong together).
EDIT_SIMILARITY = 0.5
MOVE_SIMILARITY = 0.75
# Characters-based similarity for the last few clauses of a gap (short headings, "Licence" /
# "License", that share no whole word).
# A list marker inside a sentence, "(b)" or "(iv)": the key drops it where it opens a clause
# but keeps it mid-sentence, so "... breach. (b) we must ..." cut in two and "... breach; (b)
# we must ..." in one would not join to the same words.
_INLINE_MARKER = re.compile(r"\(\s*(?:[a-z]|[ivx]{1,4}|\d{1,2})\s*\)", re.IGNORECASE)
_SHORT_GAP = 4
# A clause that is only a page number ("2", "Page 3 of 12"): the furniture of a captured PDF.
# It never anchors an alignment, so that a sentence cut by a page break and the same sentence
# cut elsewhere by the next capture's page break can still be seen as the same words.
PAGE_NUMBER = re.compile(r"\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*", re.IGNORECASE)
_SHORT_GAP_WORDS = 0.3
_CHAR_SIMILARITY = 0.6
_CHAR_SIMILARITY_MAX_CHARS = 160
# A word found in more leftover clauses than this does not propose pairs (bounds the cost of
# pairing a total rewrite: "the", "your" would pair everything with everything).
_MAX_WORD_POSTINGS = 24
_MIN_CONTAINED_WORDS = 5
_CANDIDATES_PER_CLAUSE = 4
_PROPOSING_WORDS = 12


class ClausePairing:
    """The pairing passes of `engine._Differ`, which holds the state they work on: the
    clauses (``old``, ``new``), the pairs so far (``old_paired``, ``new_paired``,
    ``pair_kind``, ``regrouped``), ``pair()`` and the memoised ``forms()``, ``key()``, ``words()``."""

    def _gaps(self) -> list[tuple[list[int], list[int]]]:
        """Runs of unpaired clauses between two pairs, on each side."""
        gaps = []
        self.gap_ends = []      # the pair right after each gap, (len(old), len(new)) at the end
        prev_i = prev_j = -1
        for i, j in sorted(self.old_paired.items()) + [(len(self.old), len(self.new))]:
            if i > prev_i + 1 or j > prev_j + 1:
                gaps.append((list(range(prev_i + 1, i)), list(range(prev_j + 1, j))))
                self.gap_ends.append((i, j))
            prev_i, prev_j = i, j
        return gaps

    def _regroup_across_page_breaks(self, gaps, edge_runs) -> None:
        """Two gaps with only a page number between them (`PAGE_NUMBER`), whose facing runs
        did not regroup alone: a page break of a captured PDF cut the sentence, tried whole."""
        for k in range(len(gaps) - 1):
            i, j = self.gap_ends[k]
            (_, (old_tail, new_tail, tail_done)), ((old_head, new_head, head_done), _) = edge_runs[k], edge_runs[k + 1]
            next_old, next_new = gaps[k + 1]
            if (tail_done or head_done or not PAGE_NUMBER.fullmatch(self.old[i].text)
                    or (next_old and next_old[0] != i + 1) or (next_new and next_new[0] != j + 1)
                    or (old_head and old_head[0] != i + 1) or (new_head and new_head[0] != j + 1)):
                continue
            self._regroup(old_tail + [i] + old_head, new_tail + [j] + new_head)

    def _align_cosmetic(self, old_ids: list[int], new_ids: list[int]):
        if not old_ids or not new_ids:
            return ((old_ids, new_ids, False), (old_ids, new_ids, False))
        # Clauses with nothing but markup ("* * *", "[](#)") have an empty key: never paired.
        old_keys = [self._cosmetic_key(self.old[i].text, ("empty", i)) for i in old_ids]
        new_keys = [self._cosmetic_key(self.new[j].text, ("empty", -1 - j)) for j in new_ids]
        matched = match_sequences(old_keys, new_keys)
        for a, b in matched:
            i, j = old_ids[a], new_ids[b]
            self.pair(i, j, "equal" if self.old[i].text == self.new[j].text else "cosmetic")
        # What is left between those pairs may be the same words cut into sentences
        # differently ("A, and B." -> "A. And B."): one regrouped hunk, not removals and
        # additions. Runs either side of a page number are tried together when neither
        # regroups alone: a page break of a captured PDF cut the sentence (`PAGE_NUMBER`).
        bounds = [(-1, -1)] + matched + [(len(old_ids), len(new_ids))]
        runs = [(old_ids[a0 + 1:a1], new_ids[b0 + 1:b1]) for (a0, b0), (a1, b1) in zip(bounds, bounds[1:])]
        regrouped = [self._regroup(old_run, new_run) for old_run, new_run in runs]
        for k, (a, b) in enumerate(matched):
            if (not regrouped[k] and not regrouped[k + 1] and PAGE_NUMBER.fullmatch(self.old[old_ids[a]].text)
                    and (runs[k][0] or runs[k + 1][0]) and (runs[k][1] or runs[k + 1][1])):
                regrouped[k + 1] = self._regroup(runs[k][0] + [old_ids[a]] + runs[k + 1][0],
                                                 runs[k][1] + [new_ids[b]] + runs[k + 1][1])
        # The gap's first and last runs, for `_regroup_across_page_breaks`.
        return ((*runs[0], regrouped[0]), (*runs[-1], regrouped[-1]))

    def _regroup(self, old_run: list[int], new_run: list[int]) -> bool:
        if old_run and new_run and len(old_run) + len(new_run) > 2:
            if self._same_words_cut_differently(old_run, new_run):
                for i in old_run:
                    self.pair(i, new_run[0], "regrouped")
                for j in new_run:
                    self.new_paired[j] = old_run[0]
                self.regrouped[old_run[0]] = (old_run, new_run)
                return True
        return False

    def _cosmetic_key(self, text: str, empty):
        """A clause's key for cosmetic alignment; a clause with nothing but markup ("* * *",
        "[](#)") has an empty key and is never paired (``empty``), a page number only with
        the same number."""
        return self.key(text) or (("page", text.strip()) if PAGE_NUMBER.fullmatch(text) else empty)

    def _same_words_cut_differently(self, old_run: list[int], new_run: list[int]) -> bool:
        # A page number inside the runs is furniture, not words (`PAGE_NUMBER`).
        old_run = [i for i in old_run if not PAGE_NUMBER.fullmatch(self.old[i].text)]
        new_run = [j for j in new_run if not PAGE_NUMBER.fullmatch(self.new[j].text)]
        joined = "".join(self.key(self.old[i].text) for i in old_run)
        if not joined:
            return False
        if joined == "".join(self.key(self.new[j].text) for j in new_run):
            return True
        unmarked = "".join(self.key(_INLINE_MARKER.sub(" ", self.old[i].text)) for i in old_run)
        return bool(unmarked) and unmarked == "".join(self.key(_INLINE_MARKER.sub(" ", self.new[j].text)) for j in new_run)

    def _leftovers(self, gap_of_old, gap_of_new) -> tuple[list[int], list[int]]:
        return ([i for i in gap_of_old if i not in self.old_paired],
                [j for j in gap_of_new if j not in self.new_paired])

    def _pair_moves(self, gap_of_old, gap_of_new) -> None:
        """Leftover clauses with the same canonical form on both sides: moved."""
        old_left, new_left = self._leftovers(gap_of_old, gap_of_new)
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in reversed(old_left):
            key = self.key(self.old[i].text)
            if key:
                by_key[key].append(i)
        for j in new_left:
            candidates = by_key.get(self.key(self.new[j].text))
            if candidates:
                self.pair(candidates.pop(), j, "move")

    def _similarity(self, i: int, j: int) -> float:
        """Dice coefficient of the distinct words of old clause ``i`` and new clause ``j``,
        raised to the edit bar when one clause has all the other's words ("..." -> "...,
        for example if ...": an edit, however much longer it got)."""
        return _word_similarity(self.words(self.old[i].text), self.words(self.new[j].text))

    def _pair_one_to_one(self, gaps) -> None:
        """The most common edit: one clause left on each side of a gap, similar enough. (The
        general pass below would pair them too, at the cost of indexing their words.)"""
        for old_ids, new_ids in gaps:
            old_left = [i for i in old_ids if i not in self.old_paired]
            new_left = [j for j in new_ids if j not in self.new_paired]
            if len(old_left) == len(new_left) == 1:
                if self._similarity(old_left[0], new_left[0]) >= EDIT_SIMILARITY:
                    self.pair(old_left[0], new_left[0], "edit")

    def _pair_similar(self, gap_of_old, gap_of_new) -> None:
        """Leftover clauses sharing most of their words: edited (or moved and edited)."""
        old_left, new_left = self._leftovers(gap_of_old, gap_of_new)
        if not old_left or not new_left:
            return
        old_words = {i: self.words(self.old[i].text) for i in old_left}
        postings: dict[str, list[int]] = defaultdict(list)
        for i, ws in old_words.items():
            for w in ws:
                postings[w].append(i)
        # Only words in few clauses propose partners; filtered once here, so that the loop
        # below runs its lookups, filtering and counting in C (map, filter, Counter).
        proposing = {w: p for w, p in postings.items() if len(p) <= _MAX_WORD_POSTINGS}
        candidates = []
        for j in new_left:
            new_ws = self.words(self.new[j].text)
            if not new_ws:
                continue
            # Candidates come from the clause's rarest words: a partner shares some of them.
            # Ties are broken by the words themselves, then by position, never by a set's
            # iteration order (which changes with the process's hash seed).
            found = sorted(filter(None, map(proposing.get, sorted(new_ws))), key=len)[:_PROPOSING_WORDS]
            shared = Counter(chain.from_iterable(found))
            best = sorted(shared, key=lambda i: (-shared[i], i))[:_CANDIDATES_PER_CLAUSE]
            for i in best:
                same_gap = gap_of_old[i] == gap_of_new[j]
                similarity = _word_similarity(old_words[i], new_ws)
                if similarity >= (EDIT_SIMILARITY if same_gap else MOVE_SIMILARITY):
                    # Prefer partners in the same gap, then the most similar, then the nearest.
                    candidates.append((-similarity - (0.25 if same_gap else 0.0),
                                       abs(gap_of_old[i] - gap_of_new[j]), i, j))
        candidates.sort()
        for _, _, i, j in candidates:
            if i not in self.old_paired and j not in self.new_paired:
                self.pair(i, j, "edit")

    def _pair_short_gaps(self, gaps) -> None:
        """A gap left with as few clauses on each side is most likely a clause rewritten in
        place: pair them in order when they share a fair part of their words or letters
        (short headings, "Licence" / "License", share no whole word)."""
        for old_ids, new_ids in gaps:
            old_left = [i for i in old_ids if i not in self.old_paired]
            new_left = [j for j in new_ids if j not in self.new_paired]
            if not old_left or len(old_left) != len(new_left) or len(old_left) > _SHORT_GAP:
                continue
            for i, j in zip(old_left, new_left):
                a = self.forms(self.old[i].text)[-2]
                b = self.forms(self.new[j].text)[-2]
                if not a or not b:
                    continue
                a_words, b_words = self.words(self.old[i].text), self.words(self.new[j].text)
                shared = 2 * len(a_words & b_words) / (len(a_words) + len(b_words) or 1)
                if shared >= _SHORT_GAP_WORDS or _similar_characters(a, b):
                    self.pair(i, j, "edit")

    def _tell_moves_from_edits(self, gap_of_old, gap_of_new) -> None:
        """A pair within one gap that crosses other pairs of that gap is a move, not an edit."""
        in_gap = defaultdict(list)
        for i, j in self.old_paired.items():
            if self.pair_kind[i] in ("edit", "cosmetic") and gap_of_old.get(i) == gap_of_new.get(j):
                in_gap[gap_of_old[i]].append((i, j))
            elif self.pair_kind[i] == "edit":
                self.pair_kind[i] = "move"          # paired across gaps
        for pairs in in_gap.values():
            if len(pairs) > 1:
                keep = longest_increasing(pairs)
                for i, j in pairs:
                    if (i, j) not in keep:
                        self.pair_kind[i] = "move"


def _word_similarity(old_ws: frozenset[str], new_ws: frozenset[str]) -> float:
    """See `_Differ._similarity`."""
    if not old_ws or not new_ws:
        return 0.0
    shared = len(old_ws & new_ws)
    similarity = 2 * shared / (len(old_ws) + len(new_ws))
    if shared == min(len(old_ws), len(new_ws)) >= _MIN_CONTAINED_WORDS:
        similarity = max(similarity, EDIT_SIMILARITY)
    return similarity


def _similar_characters(a: str, b: str) -> bool:
    """Whether two short texts share most of their character pairs (Dice coefficient of
    their bigram sets: linear time, unlike an edit distance)."""
    if max(len(a), len(b)) > _CHAR_SIMILARITY_MAX_CHARS:
        return False
    a_pairs = {a[k:k + 2] for k in range(len(a) - 1)}
    b_pairs = {b[k:k + 2] for k in range(len(b) - 1)}
    if not a_pairs or not b_pairs:
        return False
    return 2 * len(a_pairs & b_pairs) / (len(a_pairs) + len(b_pairs)) >= _CHAR_SIMILARITY

