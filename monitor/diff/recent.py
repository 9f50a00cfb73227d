"""A small memo of the last comparisons, keyed by the two texts, bounded by their characters.

A page that flaps (an error page and the document, two editions served in turn) brings the
same pair of texts back comparison after comparison: in Open Terms Archive's contrib history
three comparisons in ten repeat one of the last eight of their document (58 % on the 25
services of ``/work/scale/s25``). The clauses and hunks of such a pair are the same every time
(`compare` is a function of the two texts), so they are kept for the most recent pairs.

>>> memo = RecentPairs(max_chars=10)
>>> memo.put("ab", "cd", "first")
>>> memo.get("ab", "cd"), memo.get("cd", "ab")
('first', None)
>>> memo.put("0123", "4567", "second")     # 12 characters in all: the oldest pair goes
>>> memo.get("ab", "cd"), memo.get("0123", "4567")
(None, 'second')
"""

from __future__ import annotations

from collections import OrderedDict


class RecentPairs:
    """Values by ``(old, new)``, the least recently used dropped once the texts kept exceed
    ``max_chars`` (the last pair put is always kept). Values are shared: never change one."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._values: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._chars = 0

    def clear(self) -> None:
        self._values.clear()
        self._chars = 0

    cache_clear = clear     # as the other memos (`memo.forget_all`)

    def get(self, old: str, new: str):
        value = self._values.get((old, new))
        if value is not None:
            self._values.move_to_end((old, new))
        return value

    def put(self, old: str, new: str, value) -> None:
        key = (old, new)
        if key in self._values:
            self._values.move_to_end(key)
            self._values[key] = value
            return
        self._values[key] = value
        self._chars += len(old) + len(new)
        while self._chars > self.max_chars and len(self._values) > 1:
            (dropped_old, dropped_new), _ = self._values.popitem(last=False)
            self._chars -= len(dropped_old) + len(dropped_new)
