"""The diff's text-keyed memos are bounded by the characters they hold, not by their number of
entries: a diff worker that meets long clauses, document after document, keeps a bounded
amount of them (a full contrib history once made each worker hold ~700 MB)."""

from __future__ import annotations

import gc
import sys
import tracemalloc

import pytest

from monitor.diff import compare
from monitor.diff.memo import CLAUSE_CHARS_KEPT, by_text, keep_within_bounds


def _memos() -> dict[str, object]:
    """Every memo of the diff's modules (anything with ``cache_info``), by name."""
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("monitor.diff"):
            for attribute, value in vars(module).items():
                if callable(value) and hasattr(value, "cache_info"):
                    found[f"{name}.{attribute}"] = value
    return found


def _document(number: int, clauses: int = 60) -> str:
    """A policy of 60 paragraphs of 5 sentences (~1,400 characters), none shared with another number's."""
    sentence = ("We keep the records of account {n}-{i}-{k} for as long as the service needs them and "
                "then delete or anonymise them, unless a law of the country {n} obliges us to keep "
                "them longer for tax, audit or dispute purposes (clause {i}.{k} of edition {n}). ")
    return "\n\n".join("".join(sentence.format(n=number, i=i, k=k) for k in range(5)) for i in range(clauses))


@pytest.mark.slow     # 40 comparisons of 140 K characters
def test_clause_memos_keep_at_most_their_characters_after_many_long_documents():
    for memo in _memos().values():
        memo.cache_clear()
    seen = 0
    for number in range(0, 80, 2):     # 40 pairs, ~5.6 M characters of distinct clauses
        old, new = _document(number), _document(number + 1)
        compare(old, new)
        seen += len(old) + len(new)
    assert seen > 1.25 * CLAUSE_CHARS_KEPT
    memos = _memos()
    # every memo of clause texts is one that counts characters (an lru_cache has no chars_kept)
    for name in ("monitor.diff.normalise.cached_stage_forms", "monitor.diff.segment._kept_sentences",
                 "monitor.diff.engine._distinct_words", "monitor.diff.engine._clause_words",
                 "monitor.diff.clause_words.plain_reading", "monitor.diff.engine._reason_alone_by_text"):
        memo = memos[name]
        # emptied before each comparison once over its bound: at most one comparison more
        assert 0 < memo.chars_kept() <= memo.max_chars + len(old) + len(new), name
        assert memo.max_chars <= CLAUSE_CHARS_KEPT, name
        assert memo.cache_info().currsize < 40 * 2 * 60 * 5, name    # not every clause seen is kept


def test_memo_holds_memory_in_proportion_to_its_bound():
    @by_text(max_chars=200_000)
    def words_of(text: str) -> frozenset[str]:
        return frozenset(text.split())

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(400):   # 400 texts of ~15,000 characters: 6 M characters in all
            keep_within_bounds()
            words_of(" ".join(f"w{number}x{i}" for i in range(2_000)))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert words_of.chars_kept() <= 200_000 + 16_000
    assert words_of.cache_info().currsize <= 15
    # the few texts kept and their word sets: a few MB, not the ~60 MB of all 400
    assert held < 8_000_000, held


def test_memo_answers_are_the_functions():
    calls = []

    @by_text(max_chars=12)
    def length(text: str, twice: bool) -> int:
        calls.append(text)
        return len(text) * (2 if twice else 1)

    assert [length("abcdef", False), length("abcdef", True), length("abcdef", False)] == [6, 12, 6]
    assert calls == ["abcdef", "abcdef"]       # the third was kept
    keep_within_bounds()                       # 12 characters computed: within the bound
    assert length("abcdef", True) == 12 and calls == ["abcdef", "abcdef"]
    assert length("ghijklmn", False) == 8      # 20 characters now
    keep_within_bounds()
    assert length.cache_info().currsize == 0
    assert length("abcdef", True) == 12 and calls[-1] == "abcdef"   # computed again, same answer
    length.cache_clear()
    assert length.cache_info().currsize == 0 and length.chars_kept() == 0


def test_a_diff_worker_forgets_the_memos_of_the_document_it_finished(tmp_path):
    import os

    from monitor import parallel
    from monitor.diff import engine, normalise
    from monitor.store import Store

    path = str(tmp_path / "termswatch.db")
    store = Store.open(path)
    doc = store.ensure_document("example", "Example", "Privacy Policy", "https://example.test/privacy", {})
    for month, number in ((1, 0), (2, 1), (3, 0)):     # a page that flaps: A -> B -> A
        store.record_version(doc, _document(number, clauses=8), recorded_at=f"2024-0{month}-01T00:00:00Z")
    store.close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    Store.open(str(scratch / parallel.EMPTY_STORE)).close()
    result = parallel._diff_document((path, doc, False, str(scratch)))
    assert len(result["changes"]) == 2 and os.path.isfile(result["file"])
    # what the next document would find: nothing of this one's clauses
    assert normalise.cached_stage_forms.cache_info().currsize == 0
    assert engine._distinct_words.cache_info().currsize == 0
    assert engine._recent_pairs.get(_document(0, clauses=8), _document(1, clauses=8)) is None
