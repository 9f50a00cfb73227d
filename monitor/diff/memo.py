"""Answers kept by the text they were computed from, bounded by the characters of those texts.

The diff reads the same clauses again and again (a document's versions repeat most of them),
so what a clause reads as is kept by its text. ``functools.lru_cache`` bounds such a memo by
its number of entries only: 16,384 clauses of 40 characters or 16,384 of 1,500 (and their
forms, words and word sets, several times the text each) are the same to it, and a diff
worker that went through a full contrib history, document after document, ended up holding
~700 MB. `by_text` keeps the ``lru_cache`` (its lookups cost nothing in Python) and also
counts the characters of the texts it computed answers for: past ``max_chars`` since it was
last emptied, `keep_within_bounds` (called before each comparison) empties it. What it holds
is then at most ``max_chars`` characters of texts (plus one comparison's) and their answers,
every answer kept here being derived from its text.

The answers are those of the function (a pure function of its arguments): a memo only
saves recomputing them, so its bound changes speed and memory, never output.

>>> @by_text(max_chars=10)
... def shout(text):
...     return text.upper()
>>> shout("abcd"), shout("efgh"), shout("abcd")
('ABCD', 'EFGH', 'ABCD')
>>> shout.cache_info().hits, shout.chars_kept()
(1, 8)
>>> shout("ijkl"), shout.chars_kept()           # 12 characters computed: over the bound
('IJKL', 12)
>>> keep_within_bounds(); shout.chars_kept(), shout.cache_info().currsize
(0, 0)
"""

from __future__ import annotations

from functools import lru_cache, update_wrapper
from typing import Callable

# What each of the diff's clause memos may keep: the texts of some 20,000 clauses of the usual
# length (~190 characters), but only ~2,700 of the longest (1,500, `segment.MAX_CLAUSE_CHARS`).
CLAUSE_CHARS_KEPT = 4_000_000

_memos: list = []    # every memo made by `by_text`
_others: list = []   # other memos of the diff (anything with ``cache_clear``), see `register`


def by_text(max_chars: int, maxsize: int = 1 << 14) -> Callable[[Callable], Callable]:
    """Decorator: ``lru_cache(maxsize)`` of the function, emptied by `keep_within_bounds` once
    the ``str`` arguments it computed answers for since it was last emptied add up to more than
    ``max_chars``. Has ``cache_info``, ``cache_clear``, ``chars_kept`` and ``max_chars``."""
    def decorate(function: Callable) -> Callable:
        computed = [0]      # characters of the texts computed since the memo was last emptied

        def counted(*key):  # runs on a miss only
            computed[0] += sum(len(part) for part in key if isinstance(part, str))
            return function(*key)

        cached = lru_cache(maxsize=maxsize)(counted)
        clear_lru = cached.cache_clear

        def cache_clear() -> None:
            clear_lru()
            computed[0] = 0

        update_wrapper(cached, function)
        cached.cache_clear = cache_clear
        cached.chars_kept = lambda: computed[0]     # at least the characters of the texts held
        cached.max_chars = max_chars
        _memos.append(cached)
        return cached
    return decorate


def keep_within_bounds() -> None:
    """Empty every memo whose texts exceed its bound (between comparisons, never during one)."""
    for memo in _memos:
        if memo.chars_kept() > memo.max_chars:
            memo.cache_clear()


def register(memo):
    """Have `forget_all` empty ``memo`` too (anything with ``cache_clear``); returns it."""
    _others.append(memo)
    return memo


def forget_all() -> None:
    """Empty every memo of the diff: a worker does between documents, whose clauses are not
    each other's (a document's versions share theirs; two documents' hardly)."""
    for memo in _memos + _others:
        memo.cache_clear()
