"""The diff stage's shortcuts and memos (issue 16, CPU of the diff at full-history scale) give
what the slow path gives: each is checked against the plain computation it replaced, and a
memo keyed by text is shown to read a different text at the same place for its own text."""

from __future__ import annotations

import sys

import pytest

from monitor.diff import announcement, edition
from monitor.diff.normalise import is_dating_line, stage_forms
from monitor.pipeline import process_new_records
from monitor.store import Store


# -- edition dates: digit test and the dating-line memo ---------------------------------------

def test_has_digit_is_any_isdigit_for_every_character_and_mixed_lines():
    # every code point, alone and inside ASCII and non-ASCII prose
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert edition.has_digit(char) == char.isdigit(), hex(code)
    for line in ["Last updated: May 30, 2025", "No digits here.", "Mis à jour le 3 mai 2024", "Déjà vu",
                 "Version ² of the terms", "Stand: ١٢ مايو", "", "   ", "Edition ①"]:
        assert edition.has_digit(line) == any(c.isdigit() for c in line), line


def _stated_date_slow(text: str, not_after: str | None = None) -> str | None:
    """`stated_date` as it was written before its memo and digit shortcut."""
    from monitor.dates import find_dates, iso_date

    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > 300 or not any(c.isdigit() for c in line):
            continue
        if not is_dating_line(stage_forms(line)):
            continue
        days = [d for d in (iso_date(m) for m in find_dates(line)) if d and (not not_after or d <= not_after)]
        if days:
            return max(days)
    return None


EDITIONS = [
    "# Terms\n\nSection 1. You must be 18.\n\nLast updated: March 17, 2025\n\nBe nice.",
    "# Terms\n\nSection 1. You must be 18.\n\nLast updated: March 18, 2025\n\nBe nice.",   # same place, other day
    "# Terms\n\nFrom 1 May 2030 we share your data.\n\nEffective: July 1, 2025\n\nUpdated: June 10, 2025",
    "# Conditions\n\nDernière mise à jour : 3 mai 2024\n\nSoyez gentils.",
    "# Terms\n\n2.1 We keep your data for 30 days.\n\nNo date at all here.",
    "# Terms\n\nLast updated: ² May 2025\n\nStand: 12. Mai 2024",
]


def test_stated_dates_match_the_slow_reading_cold_and_warm():
    edition._only_dates.cache_clear()
    for _ in range(2):      # first with the memo empty, then with every line in it
        for text in EDITIONS:
            for not_after in (None, "2025-06-12", "2024-01-01"):
                assert edition.stated_date(text, not_after) == _stated_date_slow(text, not_after), (text, not_after)
    # a different text at the same place is read for its own date
    assert edition.stated_date(EDITIONS[0]) == "2025-03-17" and edition.stated_date(EDITIONS[1]) == "2025-03-18"


# -- announcements: the paragraph memo --------------------------------------------------------

def _announces_slow(before: str, page: str) -> bool:
    known = set(announcement._paragraphs(before))
    return any(announcement._COMING_NOTICE.search(p) for p in announcement._paragraphs(page) if p not in known)


PAGES = [
    "Our terms.\n\nWe keep your data.",
    "These terms will be updated effective December 20.\n\nOur terms.\n\nWe keep your data.",
    "Our terms, updated.\n\nWe keep your data.",
    "These terms will be updated effective December 20.\n\nOur terms.",
    "We're updating our terms.\n\n\n\nOur terms.\n\n   We keep your data.   ",
    "",
]


def test_announcement_reading_matches_the_slow_reading_in_any_order():
    announcement.paragraph_set.cache_clear()
    for before in PAGES + PAGES[::-1]:
        for page in PAGES:
            assert announcement.announces_coming_version(before, page) == _announces_slow(before, page), (before, page)
    # the page that carried a notice, then the same place without it: each read for its own text
    assert announcement.announces_coming_version(PAGES[0], PAGES[1]) is True
    assert announcement.announces_coming_version(PAGES[0], PAGES[2]) is False


# -- the diff stage: the preview test is skipped only where it cannot matter ------------------

BASE = "\n\n".join(f"Clause {i}. We answer every request about clause {i} of these terms within thirty days."
                   for i in range(60))
PREVIEW = ("These terms will be updated effective 1 March 2024: preview the new terms below.\n\n"
           + BASE.replace("within thirty days", "within sixty days")
                 .replace("Clause 5. ", "Clause 5. We may also share your data with partners. "))
BACK = BASE.replace("Clause 7. We answer", "Clause 7. We always answer")


@pytest.mark.parametrize("days_between, reverted", [(3, True), (30, True), (60, False)])
def test_a_preview_withdrawn_is_a_blip_within_the_preview_window_only(tmp_path, days_between, reverted):
    """A -> preview B -> A' (A' nearly A): B is a blip when it stood less than the preview window
    (45 days), whether or not that is longer than the flap window (7 days); never after it,
    where the diff no longer reads B at all."""
    store = Store.open(tmp_path / "termswatch.db")
    doc = store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})
    from datetime import datetime, timedelta

    start = datetime(2024, 1, 1)
    ids = [store.record_version(doc, text, recorded_at=(start + timedelta(days=d)).strftime("%Y-%m-%dT%H:%M:%SZ"))["id"]
           for text, d in ((BASE, 0), (PREVIEW, 10), (BACK, 10 + days_between))]
    process_new_records(store)
    to_preview = next(store.query("SELECT reasons, substantive FROM changes WHERE to_version_id = ?", [ids[1]]))
    back = next(store.query("SELECT from_version_id FROM changes WHERE to_version_id = ?", [ids[2]]))
    assert ("reverted" in to_preview["reasons"]) is reverted
    assert back["from_version_id"] == (ids[0] if reverted else ids[1])


# -- visible words read paragraph by paragraph ------------------------------------------------

from monitor.diff import suspect  # noqa: E402
from monitor.diff.memo import forget_all  # noqa: E402

WORDY = [
    "# Terms\n\nWe keep your data.\n\nSee [our policy](https://example.test/policy?a=1\n\n) and https://x.test/a\n\nb",
    "ΟΡΟΙ ΧΡΗΣΗΣ\n\nΣΥΜΦΩΝΙΑΣ\n\nΟΔΟΣ Σ\n\nİstanbul İZMİR\n\n\n\n   spaced  out\n\n",
    "Line one\nline two\n\n\n\n[Help](#help)\n\n[](https://a.test/b)\n\nword_with_underscore 12 345\n\n",
    "",
    "\n\n\n\n",
    "No paragraph break at all, one long line with a https://link.test/x?y=z in it.",
]


def _corpus_texts(limit: int = 40) -> list[str]:
    from monitor.paths import shared_dir

    files = sorted((shared_dir() / "corpus" / "ota").rglob("*.md"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def test_words_read_by_paragraph_are_the_words_of_the_whole_text():
    forget_all()
    texts = WORDY + _corpus_texts()
    for _ in range(2):      # cold, then with every paragraph kept
        for text in texts:
            words = suspect.visible_words(text)
            suspect.visible_word_count.cache_clear()
            suspect.visible_vocabulary.cache_clear()
            assert suspect.visible_word_count(text) == len(words)
            for limit in (None, 5, 17, 1_000, 60_000):
                assert suspect.visible_vocabulary(text, limit) == frozenset(suspect.visible_words(text, limit))
            for count in (1, 3, 50, 1_200):
                assert suspect.has_visible_words(text, count) == (len(words) >= count)
    # a paragraph changed at the same place is read for its own words
    before = "Intro.\n\nWe keep your data.\n\nEnd."
    after = "Intro.\n\nWe sell your data.\n\nEnd."
    assert "keep" in suspect.visible_vocabulary(before) and "keep" not in suspect.visible_vocabulary(after)
    assert "sell" in suspect.visible_vocabulary(after)


# -- version texts decompressed once for reading and for writing hunks ------------------------

def test_a_version_read_again_is_its_own_text_even_under_a_reused_id(tmp_path):
    from monitor.store.texts import read_text

    store = Store.open(tmp_path / "termswatch.db")
    doc = store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})
    first = store.record_version(doc, BASE, recorded_at="2024-01-01T00:00:00Z")["id"]
    second = store.record_version(doc, BACK, recorded_at="2024-01-02T00:00:00Z")["id"]
    for version_id, text in ((first, BASE), (second, BACK), (first, BASE)):
        assert store.version(version_id)["text"] == text == read_text(store.db.conn, version_id)
        assert store._text_of(version_id) == text
    # the last version withdrawn, and another text recorded under the same id
    with store.db.conn:
        store.db.conn.execute("DELETE FROM version_texts WHERE version_id = ?", [second])
        store.db.conn.execute("DELETE FROM versions WHERE id = ?", [second])
    again = store.record_version(doc, PREVIEW, recorded_at="2024-01-03T00:00:00Z")["id"]
    assert again == second
    assert store.version(again)["text"] == PREVIEW == store._text_of(again)


# -- clauses kept paragraph by paragraph ------------------------------------------------------

from monitor.diff import segment  # noqa: E402


def _clauses(found):
    return [(c.text, c.section, c.kind) for c in found[0]], found[1]


def test_clauses_kept_by_paragraph_are_those_of_segmenting_the_text_whole():
    forget_all()
    texts = WORDY + _corpus_texts(25) + [
        "Title\n=====\n\nIntro.\n\n## Data\n\nWe keep it.\n\n\n\n**Short bold**\n\n- item one\n- item two\n\n| a | b |",
        "Body\n\n---\n\n1. First. Second sentence here.\n\n   \n\n### Deep\n\nText\r\n\r\nMore\n\nSetext\n------",
    ]
    for _ in range(2):      # cold, then with every paragraph kept
        for text in texts:
            for headings in ((), ((1, "Terms"),), ((1, "Terms"), (2, "Your data"))):
                assert _clauses(segment.segment_part_kept(text, headings)) == \
                    _clauses(segment.segment_part(text, headings)), (text[:60], headings)
    # the same paragraph under other headings is read for its own section
    first = segment.segment_part_kept("We keep it.", ((1, "Privacy"),))[0][0]
    second = segment.segment_part_kept("We keep it.", ((1, "Terms"),))[0][0]
    assert (first.section, second.section) == ("Privacy", "Terms")
