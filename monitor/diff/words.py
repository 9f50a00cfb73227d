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
_TOKEN = re.compile(r"\s*(?:[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|[^\w\s])|\s+")
_FIRST_CODE = 0xE000   # the private alphabet starts in the private use area, past ASCII text
# Token count past which a clause pair is diffed by whole tokens with no semantic clean-up
# (Myers is O(n·d); the segmenter's clause cap keeps n far below this in practice).
_MAX_TOKENS = 2_000

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0   # bounded input: see the module docstring


def word_ops(old: str, new: str) -> list[tuple[int, str]]:
    """Word-level ``(op, text)`` operations turning ``old`` into ``new``.

    ``op`` is -1 (delete), 0 (keep) or 1 (insert); the texts of ops 0 and -1 join into
    ``old``, those of ops 0 and 1 into ``new``.
    """
    if old == new:
        return [(0, old)] if old else []
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    if len(old_tokens) + len(new_tokens) > _MAX_TOKENS:
        return [op for op in ((-1, old), (1, new)) if op[1]]
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
    _dmp.diff_cleanupSemantic(diffs)
    ops: list[tuple[int, str]] = []
    for op, encoded in diffs:
        text = "".join(map(token_of.__getitem__, encoded))
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        elif text:
            ops.append((op, text))
    return ops


def _code(n: int) -> str:
    code = _FIRST_CODE + n
    if code >= 0xF900:             # past the private use area: continue above the BMP
        code = 0xF0000 + (code - 0xF900)
    return chr(code)
