"""Caches that make a long import fast keep answers by the text they were computed from, never
by where that text stood: a warm cache gives exactly what a cold one gives, and a clause seen
again in another document (at another place) is read from the cache."""

from __future__ import annotations

from monitor.diff import compare
from monitor.diff import engine

COMMON = ("# Terms\n\n## Your account\n\nYou must be 18 years old to use the service. "
          "You are responsible for your account.\n\n## Your content\n\nYou keep ownership of your content.\n\n")
# The same place in two documents: a link line that only points elsewhere, then a harm.
POINTER = "[Learn more about cookies](https://example.test/cookies)"
HARM = "We may sell your personal information to data brokers for any purpose."


def _doc(extra: str) -> str:
    return COMMON + extra + "\n\n## Contact\n\nWrite to us at any time."


def _cold_caches() -> None:
    for cached in (engine._reason_alone_by_text, engine._stage_forms, engine._chrome_reason,
                   engine._distinct_words):
        cached.cache_clear()


def _verdicts(change) -> list[tuple]:
    return [(h.kind, h.old, h.new, h.reason, h.substantive) for h in change.hunks]


def test_a_clause_removed_at_the_same_place_in_another_document_is_read_for_its_own_text():
    _cold_caches()
    pointer = compare(_doc(POINTER), _doc(""))     # warms the caches with a removed pointer...
    harm = compare(_doc(HARM), _doc(""))           # ...at the very place a harm is removed here
    assert _verdicts(pointer) == [("removed", POINTER, "", "navigation", False)]
    assert _verdicts(harm) == [("removed", HARM, "", "removed", True)] and harm.substantive
    # the same answers from cold caches, in the other order
    _cold_caches()
    harm_cold = compare(_doc(HARM), _doc(""))
    _cold_caches()
    pointer_cold = compare(_doc(POINTER), _doc(""))
    assert (_verdicts(harm_cold), _verdicts(pointer_cold)) == (_verdicts(harm), _verdicts(pointer))
    assert (harm_cold.to_json(), pointer_cold.to_json()) == (harm.to_json(), pointer.to_json())


def test_a_clause_seen_before_elsewhere_is_read_from_the_cache():
    _cold_caches()
    compare(_doc(HARM), _doc(""))
    hits = engine._reason_alone_by_text.cache_info().hits
    # another document, the harm at another place: its reading comes from the cache
    other = "# Privacy\n\n" + HARM + "\n\nWe keep your data for 30 days.\n\nWe use cookies."
    change = compare(other, "# Privacy\n\nWe keep your data for 30 days.\n\nWe use cookies.")
    assert engine._reason_alone_by_text.cache_info().hits == hits + 1
    assert _verdicts(change) == [("removed", HARM, "", "removed", True)]
