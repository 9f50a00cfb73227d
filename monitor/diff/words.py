"""Word-level diff inside one pair of clauses, with diff-match-patch.

Each word, punctuation mark or CJK character (with the spaces before it) becomes one character
of a private alphabet, diff-match-patch diffs the two encoded strings, and the result is
decoded back. Diffing tokens rather than characters gives whole-word operations and keeps the
problem small. The inputs are single clauses, whose length `segment` bounds, so the diff runs
without a timeout (``Diff_Timeout = 0``): it is always the minimal one.

>>> word_ops("We may share your data.", "We will share your personal data.")
[(0, 'We'), (-1, ' may'), (1, ' will'), (0, ' share your'), (1, ' personal'), (0, ' data.')]
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

# A token is a word, a punctuation mark or a CJK character, with the spaces before it: one
# token per word keeps the sequences short, and a word keeps matching whatever follows it.
# A URL is one token: a tracking parameter changes one token, not twenty.
_TOKEN = re.compile(r"\s*(?:(?:https?://|www\.)[^\s()\[\]<>]+"
                    r"|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|[^\w\s])|\s+")
_FIRST_CODE = 0xE000   # the private alphabet starts in the private use area, past ASCII text
# Token count past which a clause pair is diffed by whole tokens with no semantic clean-up
# (Myers is O(n·d); the segmenter's clause cap keeps n far below this in practice).
_MAX_TOKENS = 2_000
_MIN_SHARED_TOKENS = 0.2

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0   # bounded input: see the module docstring
_dmp.Diff_EditCost = 2


def word_ops(old: str, new: str) -> list[tuple[int, str]]:
    """Word-level ``(op, text)`` operations turning ``old`` into ``new``.

    ``op`` is -1 (delete), 0 (keep) or 1 (insert); the texts of ops 0 and -1 join into
    ``old``, those of ops 0 and 1 into ``new``.
    """
    if old == new:
        return [(0, old)] if old else []
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    # Common head and tail first (cheap); the diff only sees the middles.
    shortest = min(len(old_tokens), len(new_tokens))
    head = 0
    while head < shortest and old_tokens[head] == new_tokens[head]:
        head += 1
    tail = 0
    while (tail < shortest - head
           and old_tokens[len(old_tokens) - 1 - tail] == new_tokens[len(new_tokens) - 1 - tail]):
        tail += 1
    old_middle = old_tokens[head:len(old_tokens) - tail]
    new_middle = new_tokens[head:len(new_tokens) - tail]
    ops = [(0, "".join(old_tokens[:head]))]
    if _replace_whole(old_middle, new_middle):
        ops += [(-1, "".join(old_middle)), (1, "".join(new_middle))]
    else:
        ops += _diff_tokens(old_middle, new_middle)
    ops.append((0, "".join(old_tokens[len(old_tokens) - tail:])))
    merged: list[tuple[int, str]] = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def _replace_whole(old_middle: list[str], new_middle: list[str]) -> bool:
    """Whether the changed middles are best shown as one replacement, without a diff: when
    one side is empty, when they share no token (a link target, a word, a date: most edits),
    when they share too few tokens for a diff to find anything worth showing (a clause turned
    to upper case, where Myers' algorithm is at its slowest), or when they are too long."""
    if not old_middle or not new_middle or len(old_middle) + len(new_middle) > _MAX_TOKENS:
        return True
    old_set, new_set = set(old_middle), set(new_middle)
    return len(old_set & new_set) < _MIN_SHARED_TOKENS * min(len(old_set), len(new_set))


def _diff_tokens(old_tokens: list[str], new_tokens: list[str]) -> list[tuple[int, str]]:
    alphabet: dict[str, str] = {}       # token -> its character
    for token in old_tokens:
        if token not in alphabet:
            alphabet[token] = _code(len(alphabet))
    for token in new_tokens:
        if token not in alphabet:
            alphabet[token] = _code(len(alphabet))
    token_of = {code: token for token, code in alphabet.items()}
    diffs = _dmp.diff_main("".join(map(alphabet.__getitem__, old_tokens)),
                           "".join(map(alphabet.__getitem__, new_tokens)), False)
    # Word tokens need no semantic clean-up (made for character diffs, it would swallow kept
    # words into long replacements); the efficiency clean-up folds a lone kept token or two
    # between edits into them.
    _dmp.diff_cleanupEfficiency(diffs)
    return [(op, "".join(map(token_of.__getitem__, encoded))) for op, encoded in diffs]


def _code(n: int) -> str:
    code = _FIRST_CODE + n
    if code >= 0xF900:             # past the private use area: continue above the BMP
        code = 0xF0000 + (code - 0xF900)
    return chr(code)
