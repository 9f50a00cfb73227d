"""What the diff keeps between comparisons (issue 16, CPU of one comparison) is keyed by the texts
alone: a pair of versions compared again, or a text read again, gives exactly what a first
reading gives, whatever the caller did with the answer before."""

from __future__ import annotations

from pathlib import Path

from monitor.diff import capture_marks, compare, engine, suspect
from monitor.diff.not_document import not_document_reason
from monitor.paths import shared_dir

TERMS = ("# Terms\n\n## Your account\n\nYou must be 18 years old to use the service. "
         "You are responsible for your account.\n\n## Your data\n\nWe keep your data for 30 days.\n\n"
         "[Learn more about cookies](https://example.test/cookies)\n\n## Contact\n\nWrite to us at any time.")
REWRITE = TERMS.replace("We keep your data for 30 days.", "We keep your data for as long as we like. "
                        "We may sell your personal information to data brokers.")
ERROR_PAGE = "Sorry, the page you were looking for cannot be found. Error 404."


def _cold() -> None:
    engine._recent_pairs.clear()
    for cached in (engine._reason_alone_by_text, engine._stage_forms, capture_marks._chrome_reason,
                   engine._distinct_words, suspect.visible_word_count, suspect._says_error_page):
        cached.cache_clear()


def test_a_pair_compared_again_is_not_read_again_and_gives_the_same_change():
    _cold()
    first = compare(TERMS, REWRITE)
    cold_json = first.to_json()
    lookups = engine._reason_alone_by_text.cache_info()
    again = compare(TERMS, REWRITE)
    # nothing of the pair was read again: not one clause looked up
    assert engine._reason_alone_by_text.cache_info() == lookups
    assert again.to_json() == cold_json and again.substantive


def test_a_caller_changing_its_hunks_does_not_change_the_next_comparison():
    _cold()
    first = compare(TERMS, REWRITE)
    expected = first.to_json()
    for hunk in first.hunks:              # what a later stage might do with its own copy
        hunk.substantive, hunk.reason = False, "navigation"
        hunk.ops.append((1, " tampered"))
    assert compare(TERMS, REWRITE).to_json() == expected


def test_flapping_pairs_give_what_a_cold_comparison_gives_whatever_the_order():
    texts = [TERMS, ERROR_PAGE, TERMS, REWRITE, ERROR_PAGE, REWRITE, TERMS]
    _cold()
    warm = [compare(a, b).to_json() for a, b in zip(texts, texts[1:])]
    # the error page's wording is searched once, however often the page comes back
    assert suspect._says_error_page.cache_info().hits > 0
    cold = []
    for a, b in zip(texts, texts[1:]):
        _cold()
        cold.append(compare(a, b).to_json())
    assert warm == cold
    assert [("suspect_error_page" in c["reasons"]) for c in warm] == [True, False, False, True, False, False]


def test_an_error_page_is_recognised_from_kept_counts_as_from_a_first_reading():
    _cold()
    first = not_document_reason(ERROR_PAGE, usual_chars=5_000)
    assert first == "error_page"
    assert not_document_reason(ERROR_PAGE, usual_chars=5_000) == first
    assert suspect.visible_word_count.cache_info().hits >= 1


def test_the_kept_word_count_is_the_count_of_visible_words_on_real_documents():
    corpus = shared_dir() / "corpus" / "ota"
    files = sorted(Path(corpus).rglob("*.md"))[:60]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert suspect.visible_word_count(text) == len(suspect.visible_words(text))
        assert suspect.reads_as_error_page(text, len(suspect.visible_words(text))) == \
            suspect.looks_like_error_page(text, suspect.visible_words(text))


def test_an_edit_met_again_in_another_document_is_read_from_the_cache_for_its_own_texts():
    _cold()
    engine._edit_reason.cache_clear()
    spelling = ("We provide information imbedded in our products.", "We provide information embedded in our products.")
    harm = ("We keep your data for 30 days.", "We keep your data for as long as we like.")
    first = compare(f"# A\n\n{spelling[0]}\n\nOther text.", f"# A\n\n{spelling[1]}\n\nOther text.")
    # another document, the same edit at another place, and a harmful edit where it stood
    second = compare(f"# B\n\nIntro.\n\n{spelling[0]}\n\n{harm[0]}", f"# B\n\nIntro.\n\n{spelling[1]}\n\n{harm[1]}")
    assert engine._edit_reason.cache_info().hits == 1
    assert [(h.old, h.reason, h.substantive) for h in first.hunks] == [(spelling[0], "spelling", False)]
    assert [(h.old, h.reason, h.substantive) for h in second.hunks] == [
        (spelling[0], "spelling", False), (harm[0], "wording", True)]


def test_a_page_of_legal_length_is_known_from_its_opening_as_from_all_its_words():
    """`has_visible_words` reads the opening first: the same answer as counting every word,
    on real documents (short and long) and on texts cut right at a link or a word."""
    corpus = Path(shared_dir()) / "corpus" / "ota"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))[::7]]
    link = "[our partners](https://example.test/partners?a=1) " * 30
    texts += [link * 40, "word " * 1199 + link, "x" * 20_000 + " and then words" * 400, ""]
    for text in texts:
        exact = len(suspect.visible_words(text))
        for count in (1, 50, 400, 1200, 5000):
            assert suspect.has_visible_words(text, count) == (exact >= count)


def test_not_the_document_is_told_as_before_on_real_pages():
    corpus = Path(shared_dir()) / "corpus" / "ota"
    for path in sorted(corpus.rglob("*.md"))[::5]:
        text = path.read_text(encoding="utf-8")
        for usual in (None, 2_000, 40_000, 400_000):
            assert not_document_reason(text, usual) == _not_document_by_all_words(text, usual)


def _not_document_by_all_words(text: str, usual_chars):
    """The decision as it was made before the opening was read first (every word counted)."""
    from monitor.diff import not_document as nd
    words = suspect.visible_words(text)
    if not words:
        return "no_legal_text"
    if len(words) >= 3 * nd.SMALL_PAGE_WORDS:
        return None
    if len(words) < nd.SMALL_PAGE_WORDS and nd.link_share(text) >= nd.MENU_LINK_SHARE \
            and nd.prose_share(text) < nd.MIN_PROSE_SHARE:
        return "link_menu"
    short = (usual_chars is not None and len(text) < nd.SHORT_SHARE * usual_chars) or (
        usual_chars is None and len(words) < nd.SMALL_PAGE_WORDS)
    if not short:
        return None
    if nd.link_share(text) >= nd.MENU_LINK_SHARE:
        return "link_menu"
    if suspect.looks_like_error_page(text, words):
        return "error_page"
    if nd._APP_STORE.search(text):
        return "app_store"
    if nd._CONSENT_PAGE.search(text) and nd.prose_share(text) < 0.6:
        return "consent_page"
    if nd.prose_share(text) < nd.MIN_PROSE_SHARE:
        return "no_legal_text"
    return None
