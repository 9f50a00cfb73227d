"""Speed-ups of the classify, findings and score stages (engineer `classcpu2`) that must not
change a result: each test compares the fast path with the plain one on our own samples."""

from __future__ import annotations


def test_month_names_no_number_follows_are_no_date_start_and_dates_stay_the_same():
    """`find_dates` skips the month-like words no number follows ("we may", "marketing",
    "maintain", "decide"): the very matches of trying the date pattern everywhere, with month
    names followed by a number in every way a date allows (a dot, a comma, "de", a line break)
    and in ways it does not."""
    from monitor.dates import DATE_ANY_CASE, find_dates

    texts = ["We may share data. We may 5 times a year market to you; maintain, decide, separate.",
             "May 5 and May. 5, 2020 and May, 2020 and mayo de 2021 and May de 2020 and May\n2020 and May\t\t3",
             "May,5 2020 May.,2020 May ,2020 May -2020 Mayday 2020 mayo2020 jun 7th jul. 4 dec 31st 2020",
             "septiembre 1, 2020 setiembre 2021 fevereiro 3, 2022 Dezember 2020 dicembre de 2019 8 may",
             "Mar-2020 Feb/2020 März 1. 2020 août 2021 AOÛT 3 2022 juin 2019 MEI 2020 mei 5, 2021",
             "\u017fept 2021 \u212aay 5 D\u00c9C 2020 s\u00e9pt 2020 1 mar 2020 mar 1 marketing 2020 2 de mayo"]
    for text in texts:
        expected = [(m.start(), m.end(), m.groups()) for m in DATE_ANY_CASE.finditer(text)]
        assert [(m.start(), m.end(), m.groups()) for m in find_dates(text)] == expected
        assert expected


def test_month_like_words_are_no_candidates_unless_a_number_follows():
    """The cut itself: in a sentence full of month-like words and no date, no candidate is
    tried (before, each "may", "mar..." and "mai..." was one)."""
    from monitor.dates import _DATE_START

    assert not list(_DATE_START.finditer("We may market and maintain; you may decide, in a separate mayor's office."))
    assert [m.group(0) for m in _DATE_START.finditer("in May 2020, on mar. 3")] == ["May", "2", "mar", "3"]


def _plain_scope(texts: list[str]) -> tuple[set[str], set[str]]:
    """A side's scope words read as they were before the per-clause memo: every pattern over
    every clause."""
    from monitor.classify.rules import mentions_negation
    from monitor.classify.stated import NARROWING_WORDS, SCOPE_WORDS

    widen = {k for k, p in SCOPE_WORDS.items() if any(p.search(t) for t in texts)}
    narrow = {k for k, p in NARROWING_WORDS.items() if any(p.search(t) for t in texts)}
    if any(SCOPE_WORDS["without consent"].search(t) and mentions_negation(t) for t in texts):
        widen.discard("without consent")
        narrow.add("with consent")
    return widen, narrow


def test_a_sides_scope_is_its_clauses_scopes_together_read_once_per_clause():
    """`_Side.scope` from the memo of each clause's scope words: the same scope as reading the
    side whole, for sides whose clauses sweep, narrow and ask for consent in turn (a consent
    asked in one clause narrows the whole side, as before), and a clause read again is not
    searched again."""
    from monitor.classify.clauses import ClauseResult
    from monitor.classify.stated import _clause_scope, _Side

    clauses = ["We may share your data with any third party for any purpose, at any time.",
               "We will not share your contacts without your consent.",
               "We share your data with advertisers without your consent.",
               "Only aggregated data goes to our partners, and only if you opt in.",
               "We keep your messages."]
    sides = [clauses, clauses[:1], clauses[1:2], clauses[2:3], clauses[2:4], clauses[3:], [clauses[4]], []]
    _clause_scope.cache_clear()
    for texts in sides:
        side = _Side(harm=[ClauseResult(text=t, labels=[], scores={}, evidence={}) for t in texts])
        assert side.scope() == _plain_scope(texts)
    assert _clause_scope.cache_info().misses == len(clauses)


def test_candidate_rules_looked_up_by_trigger_are_those_tested_one_by_one():
    """`_candidates` finds the default rules through the rules each present trigger opens: the
    same rules, in the same order, as testing every rule's trigger against the clause, on our
    own clauses (many triggers, one, none) and on the sentences of a real corpus version."""
    from pathlib import Path

    from monitor.classify.rules import matching
    from monitor.classify.rules.matching import RULES, _candidates
    from monitor.diff.segment import segment
    from monitor.paths import shared_dir

    def one_by_one(lowered: str) -> list:
        present: set[str] = set()
        for word in set(matching._WORD.findall(lowered)):
            present |= matching._word_triggers(word)
        return [rule for rule in RULES if not rule.trigger or not present.isdisjoint(rule.trigger)]

    clauses = ["We may share, sell or disclose your personal data to advertisers and any third party.",
               "You can opt out, object or withdraw your consent; you may delete your account at any time.",
               "Disputes go to binding arbitration; you waive any class action.",
               "The sky is blue.", ""]
    declarations = Path(shared_dir()) / "corpus" / "ota"
    version = sorted(p for p in declarations.rglob("*.md") if "Privacy" in p.parent.name)[0]
    clauses += [c.text for c in segment(version.read_text(encoding="utf-8"))]
    assert len(clauses) > 50
    found_some = 0
    for clause in clauses:
        expected = one_by_one(clause.lower())
        assert _candidates(clause.lower(), RULES) == expected
        found_some += bool(expected)
    assert found_some > 10
