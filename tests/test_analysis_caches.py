"""Caches that make a long import fast keep answers by the text they were computed from, never
by where that text stood: a warm cache gives exactly what a cold one gives, and a clause seen
again in another document (at another place) is read from the cache."""

from __future__ import annotations

from monitor.classify import imposition, reading
from monitor.diff import capture_marks, compare, engine, segment

COMMON = ("# Terms\n\n## Your account\n\nYou must be 18 years old to use the service. "
          "You are responsible for your account.\n\n## Your content\n\nYou keep ownership of your content.\n\n")
# The same place in two documents: a link line that only points elsewhere, then a harm.
POINTER = "[Learn more about cookies](https://example.test/cookies)"
HARM = "We may sell your personal information to data brokers for any purpose."


def _doc(extra: str) -> str:
    return COMMON + extra + "\n\n## Contact\n\nWrite to us at any time."


def _cold_caches() -> None:
    for cached in (engine._reason_alone_by_text, engine._stage_forms, capture_marks._chrome_reason,
                   engine._distinct_words, segment._kept_sentences):
        cached.cache_clear()
    engine._recent_pairs.clear()


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


def test_an_item_is_read_with_the_lead_in_of_its_own_version():
    """The same item (same text, same place in its hunk) under "We do not:" in one version and
    under "We may:" in another: each reading follows its own whole version."""
    item = "- sell your personal information to data brokers."
    denied, allowed = f"# Privacy\n\nWe do not:\n\n{item}\n", f"# Privacy\n\nWe may:\n\n{item}\n"
    warm = [reading.clauses_in_context(item, whole) for whole in (denied, allowed, denied)]
    assert warm[0] == warm[2] == [("We do not sell your personal information to data brokers.", "We do not")]
    assert warm[1] == [("sell your personal information to data brokers.", None)]
    for cached in (reading._short_blocks, reading._long_blocks, reading._first_clause_key):
        cached.cache_clear()
    reading._lead_ins_in.cache_clear()
    assert [reading.clauses_in_context(item, whole) for whole in (allowed, denied)] == [warm[1], warm[0]]


def test_dates_are_found_once_per_text_for_every_wording():
    text = "Last updated: 2 March 2024. These terms take effect on 1 April 2024."
    other = "Last updated: 5 May 2023. These terms take effect on 1 June 2023."
    imposition._dates_in.cache_clear()
    first = imposition.detect_imposition(text, other)
    second = imposition.detect_imposition(other, text)     # each text now as the other side
    assert (first["effective_date"], first["last_updated"]) == ("2024-04-01", "2024-03-02")
    assert (second["effective_date"], second["last_updated"]) == ("2023-06-01", "2023-05-05")
    assert imposition._dates_in.cache_info().misses == 2    # one pass per text, whatever the wording


def test_dates_are_found_only_where_a_date_can_start_and_the_same_as_everywhere():
    """`find_dates` tries the date pattern only where a digit or a month name opens a word: the
    very matches of trying it everywhere, in our own sentences with dates of every form, back to
    back, inside words, in capitals and in other languages."""
    from monitor.dates import DATE_ANY_CASE, find_dates

    texts = ["Effective 1 July 2023, after 2 mars 2020 and 04/05/2021; updated Dec. 3rd, 2024.",
             "Mar 2020 mar.2020 1.2.2020 12/12/12 March 1st, 2024 1er janvier 2020 2020-01-02x 31 of May, 2020",
             "x1 July 2023 _1 July 2023 May May May 2021 MÄRZ 2020 märz 2020 août 1, 2021 AUGUST 2020",
             "3 de marzo de 2020, le 14 juillet 2021, am 3. Oktober 2022, 2023-13-45, version 1.2.3.4",
             "remay 2020 and 12may2020 and 2020-05-06T10:00 and June\n\n2021 and 1\u00a0June 2021",
             # letters that match a month's first letter only ignoring case (long s, Kelvin sign)
             "\u017feptember 1, 2020, \u017fept 2021, \u212a 2020, S 1 \u0130 2 \u00c9T\u00c9 2020"]
    for text in texts:
        expected = [(m.start(), m.end(), m.groups()) for m in DATE_ANY_CASE.finditer(text)]
        assert [(m.start(), m.end(), m.groups()) for m in find_dates(text)] == expected
        assert expected        # every sample holds dates
