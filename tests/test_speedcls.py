"""Speed-ups of the classify and findings stages (engineer `speedcls`) that must not change a
result: each test compares the fast path with the plain one."""

from __future__ import annotations

import re

import pytest

from monitor.classify.rules.prefilter import can_match, fold_safe, needed_words


def _holds_on_every_match(pattern: re.Pattern, texts: list[str]) -> int:
    """How many matches were checked; fails when one lacks a needed word."""
    needed = needed_words(pattern)
    checked = 0
    for text in texts:
        for match in pattern.finditer(text):
            assert can_match(needed, match.group(0).lower()), (pattern.pattern, match.group(0), needed)
            checked += 1
    return checked


@pytest.mark.parametrize("pattern, expected", [
    # a run of literals and optional endings: the shortest spelling stands for the others
    (r"\bsell(?:s|ing)?\b", {frozenset({"sell"})}),
    # every branch must give a word, or nothing is known of the alternation
    (r"\b(?:rent|lease)\b", {frozenset({"rent", "lease"})}),
    (r"\b(?:rent|\w+ly)\b", {frozenset({"rent", "ly"})}),
    (r"\b(?:rent|\w+)\b", set()),
    # words apart in a sequence are each needed
    (r"\bkeep\b[^.]{0,40}\bforever\b", {frozenset({"keep"}), frozenset({"forever"})}),
    # a small class spells out, a large one or a category ends the run
    (r"opt[- ]out", {frozenset({"opt-out", "opt out"})}),
    (r"ad\w+ partners", {frozenset({"ad"}), frozenset({" partners"})}),
    # an optional piece that is not a few spellings needs nothing
    (r"(?:\w+ )?consent", {frozenset({"consent"})}),
    # a case-sensitive group, lower-cased like the clause
    (r"(?-i:Acme) sells", {frozenset({"acme sells"})}),  # ("acme" alone is implied)
    # a lookahead consumes nothing: the words on either side join up
    (r"data(?=\s)\s+broker", {frozenset({"data"}), frozenset({"broker"})}),
    # a repeat of at least one keeps what one repetition needs
    (r"(?:ab)+c", {frozenset({"ab"}), frozenset({"c"})}),
    # non-ASCII letters are never needed (their case folds differ)
    (r"caf\u00e9 menu", {frozenset({"caf"}), frozenset({" menu"})}),
])
def test_the_words_a_pattern_needs_are_read_from_its_parse_tree(pattern, expected):
    assert set(needed_words(re.compile(pattern, re.IGNORECASE))) == expected


def test_every_match_of_a_pattern_has_the_words_it_needs():
    """On our own tricky patterns and texts (upper case, optional pieces, classes, nested
    alternations): each match contains one string of each needed set."""
    patterns = [r"\b(?:we|our partners?) (?:may |will )?(?:sell|rent)s?\b[^.]{0,30}?\b(?:data|information)\b",
                r"\b(?:opt[- ]?out|unsubscrib\w*)\b", r"(?:\d{1,3}|thirty) (?:calendar )?days?\b",
                r"\b(?:you|users?)\b (?:\w+ ){0,2}?(?:may|can) ?(?:not|never)\b", r"(?-i:[A-Z]\w+) (?:will|shall) notify"]
    texts = ["WE SELL data. Our Partners will rent your Information, we rents DATA.",
             "Opt-Out, optout, OPT OUT, unsubscribing; 30 days, THIRTY CALENDAR DAYS, 7 day",
             "You may not, users cannot, users can never, YOU really truly maynot. Acme will notify; ACME shall notify"]
    checked = sum(_holds_on_every_match(re.compile(p, re.IGNORECASE), texts) for p in patterns)
    assert checked >= 12


def test_every_rules_needed_words_are_in_each_clause_it_matches(shared, ota_corpus):
    """Each default rule (its pattern and its ``requires``) on sentences that hit rules of every
    category: ToS;DR's quoted points and a sample of the corpus's privacy policies. Wherever
    the regexes match, the clause has the words the rule needs."""
    import json

    from monitor.classify.rules import RULES
    from monitor.classify.segment import clauses

    quotes = [json.loads(line)["quote"] for line in (shared / "labels" / "tosdr_points" / "points.jsonl").open()]
    versions = sorted(ota_corpus.glob("*/Privacy Policy/*.md"))[::120]
    sentences = [q for q in quotes[::3] if q] + [c for v in versions for c in clauses(v.read_text(encoding="utf-8"))]
    matched_rules = set()
    for sentence in sentences:
        lowered = sentence.lower()
        for rule in RULES:
            if rule.requires is not None and not rule.requires.search(sentence):
                continue
            if rule.pattern.search(sentence):
                assert not fold_safe(sentence) or rule.may_match(lowered), (rule.note, sentence)
                matched_rules.add(rule.note)
    assert len(matched_rules) > 60


def test_a_clause_whose_letters_fold_unlike_str_lower_runs_every_search():
    """A long s, a dotless i or a Kelvin sign matches an ASCII letter case-insensitively though
    ``str.lower`` keeps it: such a clause is not fold-safe, and its hits are those found
    without any shortcut."""
    from monitor.classify.rules.matching import find_rule_hits

    clause = "We sell your per\u017fonal data to data brokers and \u212aeep it."
    assert not fold_safe(clause)
    assert re.search(r"(?i)\bpersonal\b", clause) and "personal" not in clause.lower()
    hits = find_rule_hits(clause)
    assert hits == find_rule_hits(clause, use_triggers=False)
    assert "data_sale" in {h.category for h in hits}
    assert fold_safe("We sell your personal data \u2019 \u00e9t\u00e9 \u00df.")


def test_only_the_listed_code_points_fold_to_ascii_letters_or_digits():
    """Every code point above ASCII: none but the fold-unsafe ones matches an ASCII letter or
    digit case-insensitively, or lower-cases to one."""
    odd = [chr(cp) for cp in range(128, 0x110000)
           if any(c.isascii() for c in chr(cp).lower()) or re.fullmatch(r"(?i)[a-z0-9]", chr(cp))]
    assert odd and all(not fold_safe(c) for c in odd)


def test_a_whole_version_read_section_by_section_is_read_as_in_one_parse():
    """`markdown_blocks_by_section` on texts whose sections hold what a cut could break: a
    list and its lead-in right after a heading, a nested list running up to the next
    section, an empty numbered item just before a heading (read with the heading's words), a
    fence holding a heading line, a reference definition read by a link sections away, a bold
    paragraph and an underlined title after an empty line, a paragraph a heading interrupts."""
    from monitor.text import _section_blocks, markdown_blocks, markdown_blocks_by_section

    lead_in = ("# Use of the service\n\nYou must not:\n\n* copy the app\n* resell it:\n  1. to brokers\n"
               "  2. to agents\n\n**What we keep**\n\nWe keep:\n- logs\n- your name\nRetention\n=======\n\n"
               "Plain words\n# Next\nmore words\n- an item\n\n## Last\n\nWe do not:\n\n1. sell it\n")
    empty_item = "Intro text\n\n1. first\n2.\n# Heading words\n\nAfter it:\n\n- one\n"
    fenced = "# One\n\n```\n# not a heading\n\nstill code\n```\n\n# Two\n\nWords.\n"
    reference = "# One\n\nSee [the policy][p].\n\n# Two\n\n[p]: https://example.test/policy\n"
    texts = [lead_in, empty_item, fenced, reference, lead_in * 3, lead_in.replace("\n", "\r\n")]
    for text in texts:
        _section_blocks.cache_clear()
        assert markdown_blocks_by_section(text) == markdown_blocks(text)   # cold
        assert markdown_blocks_by_section(text) == markdown_blocks(text)   # every section kept
    blocks = markdown_blocks_by_section(empty_item)
    assert ("2. Heading words", None) in blocks
    assert ("resell it:", "You must not:") in markdown_blocks_by_section(lead_in)
    assert ("1. sell it", "We do not:") in markdown_blocks_by_section(lead_in)
    _section_blocks.cache_clear()
    markdown_blocks_by_section(lead_in)
    assert _section_blocks.cache_info().currsize >= 5   # it was read in sections


def test_every_corpus_version_read_section_by_section_is_read_as_in_one_parse(ota_corpus):
    """Every version of the shared corpus, as the classify stage reads a whole version (lone
    link lines out), in history order so that sections come from the memo: the blocks of
    one parse."""
    from monitor.classify.reading import _LINK_LINE
    from monitor.text import _section_blocks, markdown_blocks, markdown_blocks_by_section

    versions = sorted(ota_corpus.rglob("*.md"))[::2]
    assert len(versions) > 400
    for path in versions:
        text = _LINK_LINE.sub("", path.read_text(encoding="utf-8"))
        assert markdown_blocks_by_section(text) == markdown_blocks(text), path
    assert _section_blocks.cache_info().hits > 5_000
