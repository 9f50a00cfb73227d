"""Order-preserving alignment of two sequences of clause keys, in bounded time.

Patience diff (as in Bazaar and Git): keys that occur exactly once on each side anchor the
alignment; the longest increasing run of such anchors is kept, and the gaps between anchors
are aligned the same way, recursively, after trimming their common ends. A gap with no unique
common key is aligned by `difflib` only when small; a large one stays unmatched (its clauses
then get paired by similarity, or reported as moved, by the engine). So the cost is
O(n log n) per level whatever the input, with no timeout to hit, where a minimal edit script
(Myers, as diff-match-patch computes) is O(n·d) and needs a timeout on long documents.

>>> match_sequences(list("abcdef"), list("abXdfe"))
[(0, 0), (1, 1), (3, 3), (5, 4)]
"""

from __future__ import annotations

from bisect import bisect_left
from difflib import SequenceMatcher
from typing import Hashable, Sequence

# A gap without unique anchors is aligned exhaustively only up to this many cell comparisons.
_SMALL_GAP_CELLS = 4_000


def match_sequences(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``a[i] == b[j]``, increasing in both ``i`` and ``j``."""
    pairs: list[tuple[int, int]] = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo += 1
            blo += 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        if set(a[alo:ahi]).isdisjoint(b[blo:bhi]):
            continue      # nothing in common (most gaps: edited clauses): nothing to align
        anchors = (_unique_anchors(a, alo, ahi, b, blo, bhi)
                   or _repeated_anchors(a, alo, ahi, b, blo, bhi))
        if anchors:
            prev_a, prev_b = alo, blo
            for i, j in anchors:
                pairs.append((i, j))
                if i > prev_a and j > prev_b:
                    work.append((prev_a, i, prev_b, j))
                prev_a, prev_b = i + 1, j + 1
            if ahi > prev_a and bhi > prev_b:
                work.append((prev_a, ahi, prev_b, bhi))
        elif (ahi - alo) * (bhi - blo) <= _SMALL_GAP_CELLS:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                pairs.extend((alo + i + k, blo + j + k) for k in range(size))
    pairs.sort()
    return pairs


def _unique_anchors(a, alo, ahi, b, blo, bhi) -> list[tuple[int, int]]:
    """The longest increasing run of keys found exactly once in a[alo:ahi] and in b[blo:bhi]."""
    count_a: dict = {}
    for i in range(alo, ahi):
        key = a[i]
        count_a[key] = -1 if key in count_a else i      # -1: seen more than once
    position_b: dict = {}
    for j in range(blo, bhi):
        key = b[j]
        if count_a.get(key, -1) >= 0:
            position_b[key] = -1 if key in position_b else j
    common = sorted((count_a[key], j) for key, j in position_b.items() if j >= 0)
    return _longest_increasing(common)


def _repeated_anchors(a, alo, ahi, b, blo, bhi) -> list[tuple[int, int]]:
    """When no key is unique: keys found as many times on each side, their k-th occurrences
    paired, and the longest increasing run of those pairs (a document made of a block
    repeated many times, edited in each copy)."""
    positions_a: dict = {}
    for i in range(alo, ahi):
        positions_a.setdefault(a[i], []).append(i)
    positions_b: dict = {}
    for j in range(blo, bhi):
        if b[j] in positions_a:
            positions_b.setdefault(b[j], []).append(j)
    pairs = []
    for key, js in positions_b.items():
        if len(js) == len(positions_a[key]):
            pairs.extend(zip(positions_a[key], js))
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by first item) increasing in the second."""
    if not pairs:
        return []
    tails: list[int] = []          # tails[k]: smallest second item ending a run of length k+1
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(n)
        else:
            tails[k] = j
            tail_index[k] = n
        previous[n] = tail_index[k - 1] if k else -1
    run = []
    n = tail_index[-1]
    while n >= 0:
        run.append(pairs[n])
        n = previous[n]
    run.reverse()
    return run


def longest_increasing(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs that stay in order (for telling modified clauses from moved ones)."""
    return set(_longest_increasing(sorted(pairs)))
