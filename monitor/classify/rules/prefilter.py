"""The words a rule's pattern cannot match without: a necessary condition read from the
regex itself, so that a clause lacking them skips the search.

A rule's trigger words open it on most clauses that mention its topic ("you", "agree",
"right"), yet nearly all of those searches fail: on the shared corpus's clauses, 2 % of
the searches the triggers open find a match. :func:`needed_words` reads a compiled
pattern's parse tree and returns a few sets of ASCII strings ("any of these") that every
match must contain, one of each set; :func:`can_match` tests them on the lower-cased
clause, a few substring tests instead of a regex search.

Only a *necessary* condition is derived, never a sufficient one: a clause that passes is
still searched with the pattern itself, so results cannot change, only searches that
could not match are skipped. Characters whose case-insensitive match reaches an ASCII
letter in ways ``str.lower`` does not repeat (dotted and dotless i, long s, the Kelvin
sign) make a clause skip the test and run every search (:data:`_FOLD_UNSAFE`).
"""

from __future__ import annotations

import re
from itertools import product

try:  # Python 3.11 renamed the parser module; both expose the same tree
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# A set of strings one of which a match contains (every string non-empty, lower case).
Needed = frozenset[str]

# The only code points above ASCII that a case-insensitive pattern matches to an ASCII letter,
# or whose ``str.lower`` gives one (every code point checked by the tests).
_FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")
# Bounds that keep the reading of one pattern small: a character class of more characters,
# or more spellings of one piece, is read as "anything".
_MAX_CLASS = 6
_MAX_SPELLINGS = 64
# At most this many conditions per pattern: the most selective ones (longest shortest string).
_MAX_CONDITIONS = 3


def can_match(needed: tuple[Needed, ...], lowered: str) -> bool:
    """Whether ``lowered`` (a clause's ``str.lower()``, fold-safe: :func:`fold_safe`) has one
    string of every set of ``needed``."""
    for strings in needed:
        for s in strings:
            if s in lowered:
                break
        else:
            return False
    return True


def fold_safe(text: str) -> bool:
    """Whether ``str.lower`` folds ``text`` as a case-insensitive regex does, for ASCII."""
    return _FOLD_UNSAFE.search(text) is None


def needed_words(pattern: re.Pattern) -> tuple[Needed, ...]:
    """Sets of lower-case ASCII strings: every match of ``pattern`` contains one string of each
    set (empty tuple: nothing is known, the pattern is always searched)."""
    tree = _p.parse(pattern.pattern, pattern.flags)
    _, needed = _read_sequence(list(tree))
    return tuple(sorted(needed, key=_selectivity, reverse=True)[:_MAX_CONDITIONS])


def _selectivity(strings: Needed) -> tuple[int, int]:
    return min(map(len, strings)), -len(strings)


def _minimal(strings) -> Needed:
    """``strings`` without those containing another one (containing it is the same condition)."""
    ordered = sorted(set(strings), key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _read_sequence(items: list) -> tuple[frozenset[str] | None, list[Needed]]:
    """(the exact spellings of the whole sequence, if few; conditions on any match of it)."""
    needed: list[Needed] = []
    run: set[str] | None = {""}  # spellings of the items read since the last unknown one
    whole: set[str] | None = {""}

    def close_run():
        if run and "" not in run:
            needed.append(_minimal(run))

    for item in items:
        exact, item_needed = _read_item(item)
        needed.extend(item_needed)
        if exact is None:
            close_run()
            run = {""}
            whole = None
            continue
        run = _joined(run, exact)
        whole = _joined(whole, exact) if whole is not None else None
        if run is None:  # too many spellings: a new run starts at this item
            run = set(exact)
    close_run()
    return (frozenset(whole) if whole is not None else None), _best(needed)


def _joined(left: set[str] | None, right: frozenset[str]) -> set[str] | None:
    if left is None or len(left) * len(right) > _MAX_SPELLINGS:
        return None
    return {a + b for a, b in product(left, right)}


def _best(needed: list[Needed]) -> list[Needed]:
    unique = list(dict.fromkeys(n for n in needed if n and "" not in n))
    # a condition another one implies ("acme" beside "acme sells") tests nothing more
    unique = [n for n in unique if not any(m != n and _implies(m, n) for m in unique)]
    return sorted(unique, key=_selectivity, reverse=True)[:_MAX_CONDITIONS]


def _implies(stronger: Needed, weaker: Needed) -> bool:
    return all(any(w in s for w in weaker) for s in stronger)


def _read_item(item) -> tuple[frozenset[str] | None, list[Needed]]:
    """(exact spellings of one parse-tree item, if few and ASCII; conditions on any match of it)."""
    op, av = item
    if op is _c.LITERAL:
        char = chr(av)
        return (frozenset({char.lower()}) if char.isascii() else None), []
    if op is _c.IN:
        return _read_class(av), []
    if op in (_c.AT, _c.ASSERT_NOT, _c.ASSERT):
        # zero-width: matches no characters (a lookahead's own words are left unread)
        return frozenset({""}), []
    if op is _c.SUBPATTERN:
        _group, _add, _delete, sub = av
        return _read_sequence(list(sub))
    if op is _c.BRANCH:
        _, branches = av
        read = [_read_sequence(list(b)) for b in branches]
        exact = None
        if all(e is not None for e, _ in read):
            exact = frozenset().union(*(e for e, _ in read))
            if len(exact) > _MAX_SPELLINGS:
                exact = None
        # a condition on every branch: for each, its exact spellings or its best condition
        per_branch = []
        for branch_exact, branch_needed in read:
            if branch_exact is not None and "" not in branch_exact:
                per_branch.append(_minimal(branch_exact))
            elif branch_needed:
                per_branch.append(branch_needed[0])
            else:
                return exact, []
        return exact, [_minimal(frozenset().union(*per_branch))]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, sub_needed = _read_sequence(list(sub))
        if low == 0:
            if high == 1 and exact is not None:
                return exact | {""}, []
            return None, []
        if low == high == 1:
            return exact, sub_needed
        if exact is not None and "" not in exact:
            sub_needed = [*sub_needed, _minimal(exact)]
        return None, _best(sub_needed)
    return None, []


def _read_class(items) -> frozenset[str] | None:
    """The characters of a small class of literals and ranges (``[- ]``, ``[cs]``), else None."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    if len(chars) > _MAX_CLASS or not all(c.isascii() for c in chars):
        return None
    return frozenset(c.lower() for c in chars)
