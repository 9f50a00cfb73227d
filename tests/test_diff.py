"""The diff engine on small texts: each cosmetic kind, moves, word-level operations, flapping,
suspect versions, the change record's JSON form and the renderers' escaping."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings, strategies as st

from monitor.diff import (Change, compare, render_inline_html, render_side_by_side_html,
                          render_unified, sha256_text)

TERMS = """# Terms of Service

## 1. Your account

You must be 13 years old to use the service. You are responsible for your account.

## 2. Your content

You keep ownership of your content. We may remove content that breaks these terms.

- We never sell your personal data.
- We delete your data within 30 days after you close your account.

## 3. Changes

We will tell you about changes at least 30 days before they take effect.
"""


def only_hunk(change: Change):
    assert len(change.hunks) == 1, [(h.kind, h.old, h.new) for h in change.hunks]
    return change.hunks[0]


def joined(ops, side):
    keep = (0, -1) if side == "old" else (0, 1)
    return "".join(text for op, text in ops if op in keep)


# -- cosmetic kinds --------------------------------------------------------------------------

@pytest.mark.parametrize("old_line, new_line, reason", [
    ("You keep ownership of your content.", "You  keep ownership\u00a0of your content.", "whitespace"),
    ("You keep ownership of your content.", "You keep ownership of your content!", "punctuation"),
    ("We never sell your personal data, ever.", "We never sell your personal data ever.", "punctuation"),
    ("We don't sell your data - ever.", "We don’t sell your data — ever.", "typography"),
    ("You keep ownership of your content.", "You Keep Ownership Of Your Content.", "typography"),
    ("You keep ownership of your content.", "You keep **ownership** of your content.", "markup"),
    ("You keep your_account name.", "You keep your\\_account name.", "markup"),
    ("See [our help](https://example.com/help).", "See [our help](https://example.com/support).", "link"),
    ("See [our help](https://example.com/help).",
     "See [our help](https://example.com/help?utm_source=mail&fbclid=AbC123).", "link"),
    ("Visit https://example.com/help?gclid=1 now.", "Visit https://example.com/help?gclid=2 now.", "link"),
    ("See Section 2 for details.", "See Section 3 for details.", "numbering"),
])
def test_cosmetic_edit_of_one_clause(old_line, new_line, reason):
    old = TERMS.replace("We will tell you about changes at least 30 days before they take effect.", old_line)
    new = TERMS.replace("We will tell you about changes at least 30 days before they take effect.", new_line)
    change = compare(old, new)
    hunk = only_hunk(change)
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("modified", reason, False)
    assert hunk.section == "Terms of Service > 3. Changes"
    assert not change.substantive and change.reasons == [reason]


def test_heading_style_and_bullet_style_are_markup():
    old = "Terms\n=====\n\nIntro text here.\n\n*   First item of the list.\n*   Second item of the list.\n"
    new = "# Terms\n\nIntro text here.\n\n- First item of the list.\n- Second item of the list.\n"
    change = compare(old, new)
    assert [h.reason for h in change.hunks] == ["markup"] * 3
    assert not change.substantive


def test_renumbered_sections_are_numbering():
    old = TERMS.replace("## 3. Changes", "## 3. Changes to these terms")
    new = old.replace("## 2. Your content", "## 3. Your content").replace("## 3. Changes", "## 4. Changes")
    change = compare(old, new)
    assert {(h.kind, h.reason) for h in change.hunks} == {("modified", "numbering")}
    assert len(change.hunks) == 2 and not change.substantive


def test_last_updated_date_is_cosmetic_but_a_deadline_is_not():
    old = "Last updated: 1 May 2024\n\n" + TERMS
    new = "Last updated: June 9, 2024\n\n" + TERMS
    hunk = only_hunk(compare(old, new))
    assert (hunk.reason, hunk.substantive) == ("date", False)

    deadline = TERMS.replace("take effect.", "take effect, and no later than 1 May 2024.")
    moved_deadline = TERMS.replace("take effect.", "take effect, and no later than 1 May 2025.")
    hunk = only_hunk(compare(deadline, moved_deadline))
    assert (hunk.reason, hunk.substantive) == ("wording", True)
    assert (-1, " 2024") in hunk.ops and (1, " 2025") in hunk.ops


def test_a_changed_duration_is_substantive():
    new = TERMS.replace("within 30 days after", "within 90 days after")
    hunk = only_hunk(compare(TERMS, new))
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("modified", "wording", True)
    assert hunk.section == "Terms of Service > 2. Your content"
    assert hunk.old == "- We delete your data within 30 days after you close your account."
    assert (-1, " 30") in hunk.ops and (1, " 90") in hunk.ops


def test_a_sentence_cut_in_two_is_one_cosmetic_hunk():
    old = TERMS.replace("You keep ownership of your content. We may remove",
                        "You keep ownership of your content; we may remove")
    hunk = only_hunk(compare(old, TERMS))
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("modified", "punctuation", False)
    assert hunk.old == "You keep ownership of your content; we may remove content that breaks these terms."
    assert hunk.new == "You keep ownership of your content. We may remove content that breaks these terms."
    assert joined(hunk.ops, "old") == hunk.old and joined(hunk.ops, "new") == hunk.new
    # With a word more, it is an edit.
    old = old.replace("content; we may", "content; and we may")
    assert compare(old, TERMS).substantive


def test_identical_and_blank_line_only_changes():
    assert compare(TERMS, TERMS).hunks == [] and compare(TERMS, TERMS).reasons == []
    change = compare(TERMS, TERMS.replace("\n\n", "\n\n\n"))
    assert change.hunks == [] and change.reasons == ["whitespace"] and not change.substantive


# -- moves -----------------------------------------------------------------------------------

def test_moved_clause_is_one_moved_hunk():
    sentence = "You are responsible for your account."
    old = TERMS
    new = TERMS.replace(" " + sentence, "").replace(
        "We will tell you about changes", sentence + " We will tell you about changes")
    change = compare(old, new)
    hunk = only_hunk(change)
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("moved", "reorder", False)
    assert hunk.old == hunk.new == sentence
    assert hunk.section == "Terms of Service > 3. Changes"
    assert hunk.old_index < hunk.new_index
    assert not change.substantive


def test_moved_and_edited_clause_is_judged_on_its_edit():
    sentence = "You are responsible for your account."
    edited = "You are solely responsible for your account."
    new = TERMS.replace(" " + sentence, "").replace(
        "We will tell you about changes", edited + " We will tell you about changes")
    hunk = only_hunk(compare(TERMS, new))
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("moved", "wording", True)
    assert (1, " solely") in hunk.ops

    cosmetic = TERMS.replace(" " + sentence, "").replace(
        "We will tell you about changes", "You are **responsible** for your account. We will tell you about changes")
    hunk = only_hunk(compare(TERMS, cosmetic))
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("moved", "reorder", False)


def test_added_and_removed_clauses():
    new = TERMS.replace("- We never sell your personal data.\n", "- We sell your personal data to advertisers.\n"
                        "- We share your location with partners.\n")
    change = compare(TERMS, new)
    kinds = sorted((h.kind, h.reason) for h in change.hunks)
    assert ("added", "added") in kinds
    assert change.substantive and "added" in change.reasons
    removed = compare(TERMS, TERMS.replace("We may remove content that breaks these terms.", ""))
    hunk = only_hunk(removed)
    assert (hunk.kind, hunk.old, hunk.new, hunk.new_index) == (
        "removed", "We may remove content that breaks these terms.", "", None)


# -- word-level operations -------------------------------------------------------------------

def test_word_ops_are_exact():
    new = TERMS.replace("We may remove content that breaks these terms.",
                        "We may remove or restrict any content, at any time, for any reason.")
    hunk = only_hunk(compare(TERMS, new))
    assert joined(hunk.ops, "old") == hunk.old and joined(hunk.ops, "new") == hunk.new
    assert hunk.ops[0] == (0, "We may remove")
    assert all(op in (-1, 0, 1) and text for op, text in hunk.ops)


words = st.sampled_from(["we", "may", "share", "your", "data", "never", "sell", "all", "of", "it",
                         ",", ".", "«", "»", "数据", "البيانات", "  ", "\u00a0"])


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=40), st.lists(words, min_size=1, max_size=40))
def test_word_ops_rebuild_both_clauses(old_words, new_words):
    old = "Intro line.\n\n" + " ".join(old_words) + "\n\nOutro line."
    new = "Intro line.\n\n" + " ".join(new_words) + "\n\nOutro line."
    change = compare(old, new)
    for hunk in change.hunks:
        if hunk.kind in ("modified", "moved"):
            assert joined(hunk.ops, "old") == hunk.old
            assert joined(hunk.ops, "new") == hunk.new


# -- flapping --------------------------------------------------------------------------------

def test_reverting_to_an_earlier_version_is_flapping():
    a = TERMS
    b = TERMS.replace("We never sell your personal data.", "We sell your personal data.")
    forward = compare(a, b, earlier_sha256s=[])
    assert forward.substantive
    back = compare(b, a, earlier_sha256s=[sha256_text(a)])
    assert not back.substantive and "flapping" in back.reasons
    assert back.hunks and back.hunks[0].substantive   # hunks are still computed and judged
    assert compare(b, a, earlier_sha256s=["0" * 64]).substantive


# -- suspect versions ------------------------------------------------------------------------

LONG_TERMS = "\n\n".join(
    f"## {n}. Section {n}\n\nClause {n}: we process your information for purpose number {n}, "
    f"and keep it for {n} months unless you ask us to delete it sooner." for n in range(1, 40))


@pytest.mark.parametrize("replacement, code", [
    ("# 404\n\nPage not found. The page you were looking for does not exist.", "suspect_error_page"),
    ("We use cookies to improve your experience. Accept all cookies or manage your cookie settings.",
     "suspect_error_page"),
    ("Please log in to continue.\n\n[Sign in](https://example.com/login)", "suspect_error_page"),
    ("Just a moment... Checking your browser before accessing the site.", "suspect_error_page"),
])
def test_error_pages_and_walls_are_suspect(replacement, code):
    change = compare(LONG_TERMS, replacement)
    assert change.suspect and code in change.reasons and "suspect_mass_deletion" in change.reasons


SHORT_TERMS = "# Community rules\n\nBe kind to other members. No spam. We may remove posts that break these rules."


@pytest.mark.parametrize("replacement", [
    "# Community rules\n\nAccess denied.",
    "# 404\n\nPage not found.",
    "Please log in to continue.",
    "# Community rules\n\nBe kind to other members. No spam. We're sorry, something went wrong.",
])
def test_a_short_document_turned_error_page_is_suspect(replacement):
    # under 50 words: too short to judge by size or vocabulary, but not by what it says
    change = compare(SHORT_TERMS, replacement)
    assert change.suspect and change.reasons.count("suspect_error_page") == 1


def test_a_short_document_genuinely_edited_is_not_suspect():
    edited = SHORT_TERMS.replace("No spam.", "No spam, no ads.")
    change = compare(SHORT_TERMS, edited)
    assert not change.suspect and change.substantive
    assert not compare(SHORT_TERMS, "# Community rules\n\nBe kind.").suspect
    # nor is a wall giving way to the real text
    assert not compare("Please log in to continue.", SHORT_TERMS).suspect


def test_mass_deletion_is_suspect_but_a_normal_edit_is_not():
    kept = LONG_TERMS[:len(LONG_TERMS) // 4]
    change = compare(LONG_TERMS, kept)
    assert change.suspect and change.reasons.count("suspect_mass_deletion") == 1
    assert "suspect_error_page" not in change.reasons
    normal = compare(LONG_TERMS, LONG_TERMS.replace("purpose number 7", "purpose number 8"))
    assert not normal.suspect and normal.substantive


def test_unrelated_text_is_suspect():
    recipe = " ".join(f"Stir the {w} soup gently and add salt, pepper and {w} herbs to taste."
                      for w in ("tomato", "onion", "carrot", "potato", "leek", "pumpkin", "bean"))
    change = compare(LONG_TERMS, recipe * 3)
    assert change.suspect and "suspect_unrelated" in change.reasons


# -- the record ------------------------------------------------------------------------------

def test_change_round_trips_through_json():
    import json
    new = TERMS.replace("13 years", "16 years").replace("## 3. Changes", "## 4. Changes")
    change = compare(TERMS, new)
    again = Change.from_json(json.loads(json.dumps(change.to_json())))
    assert again == change
    assert set(change.to_json()["hunks"][0]) >= {"kind", "section", "old", "new", "ops", "substantive", "reason"}
    assert change.stats["clauses_old"] == change.stats["clauses_new"] > 0
    assert 0 < change.stats["similarity"] < 1


# -- renderers -------------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


HOSTILE = ('You keep "ownership" of <script>alert(1)</script> <img src=x onerror=alert(2)> '
           "content, see [this](javascript:alert(3)) and ' quotes.")
HOSTILE_OLD = TERMS
HOSTILE_NEW = TERMS.replace("You keep ownership of your content.",
                            'You keep "ownership" of <b>your</b> content.') + "\n" + HOSTILE + "\n"


@pytest.mark.parametrize("render", [render_inline_html, render_side_by_side_html])
def test_html_renderers_escape_everything(render):
    html = render(compare(HOSTILE_OLD, HOSTILE_NEW))
    parser = _Tags()
    parser.feed(html)
    assert set(parser.tags) <= {"div", "span", "p", "del", "ins", "table", "thead", "tbody", "tr", "th", "td"}
    assert "script" not in parser.tags and "img" not in parser.tags
    for name, value in parser.attributes:
        assert not name.startswith("on") and name in {"class", "data-kind", "data-reason", "dir",
                                                       "colspan", "title"}
        assert "javascript" not in (value or "")
    # The hostile markup is there, as text a reader sees.
    assert HOSTILE in "".join(parser.text)
    assert ("You keep &quot;ownership&quot; of &lt;script&gt;alert(1)&lt;/script&gt; "
            "&lt;img src=x onerror=alert(2)&gt; content, see [this](javascript:alert(3)) and "
            "&#x27; quotes.") in html
    assert "<script" not in html and 'href="javascript' not in html


def test_unified_text_lists_both_sides():
    text = render_unified(compare(TERMS, TERMS.replace("13 years", "16 years")), old_label="v1",
                          new_label="v2")
    lines = text.splitlines()
    assert lines[:2] == ["--- v1", "+++ v2"]
    assert lines[2] == "@@ Terms of Service > 1. Your account | modified: wording @@"
    assert lines[3] == "-You must be 13 years old to use the service."
    assert lines[4] == "+You must be 16 years old to use the service."


def test_renderers_can_leave_cosmetic_hunks_out():
    new = TERMS.replace("13 years", "16 years").replace("## 3. Changes", "## 4. Changes")
    change = compare(TERMS, new)
    assert len(change.hunks) == 2
    assert render_inline_html(change, include_cosmetic=False).count('class="tw-hunk') == 1
    assert "numbering" not in render_unified(change, include_cosmetic=False)


# -- the examples in the docstrings ----------------------------------------------------------

@pytest.mark.parametrize("module", ["monitor.diff", "monitor.diff.engine", "monitor.diff.segment",
                                    "monitor.diff.normalise", "monitor.diff.align",
                                    "monitor.diff.words", "monitor.diff.suspect",
                                    "monitor.diff.render", "monitor.diff.model",
                                    "monitor.diff.editorial", "monitor.diff.notices", "monitor.diff.restated",
                                    "monitor.diff.edition", "monitor.diff.not_document", "monitor.stages.diff"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# -- segmentation keeps every character ------------------------------------------------------

pieces = st.sampled_from(["# ", "## ", "Title\n=====\n", "---\n", "* * *\n", "- ", "*   ", "1. ", "| a | b |\n",
                          "We may.", " You must!", " e.g. this", " U.S. law", "[link](https://x.y/?a=1)",
                          "**bold**", "\\_", "  \n", "\n", "\n\n", "<br>", "。", "数据", "بياناتك", " ", "3.5",
                          "word " * 400])


@settings(max_examples=80, deadline=None)
@given(st.lists(pieces, max_size=30))
def test_segmentation_keeps_every_character_in_order(parts):
    from monitor.diff.segment import segment
    text = "".join(parts)
    clauses = segment(text)
    kept = "".join("".join(c.text.split()) for c in clauses).replace("<br>", "")
    assert kept == "".join(text.split()).replace("<br>", "")   # a <br> that cuts a clause goes
    assert all(c.text and c.text == c.text.strip() for c in clauses)


def test_hunk_json_carries_every_field():
    from dataclasses import fields

    from monitor.diff import Hunk
    hunk = Hunk("modified", "1. Terms", "old words", "new words", [(0, "x")], True, "wording", 1, 2)
    assert set(hunk.to_json()) == {f.name for f in fields(Hunk)}
    assert Hunk.from_json(hunk.to_json()) == hunk


def test_the_same_pair_gives_the_same_change_in_every_process(ota_corpus):
    """Ties in clause pairing are broken by the text, not by set order: a process with
    another hash seed (every new Python process) computes the very same change."""
    import subprocess
    import sys

    folder = ota_corpus / "Instagram" / "Privacy Policy"
    old, new = folder / "2025-10-08T06-11-24Z.md", folder / "2025-10-28T06-11-34Z.md"
    script = ("import json, sys; from pathlib import Path; from monitor.diff import compare; "
              "print(json.dumps(compare(Path(sys.argv[1]).read_text(), Path(sys.argv[2]).read_text()).to_json(), "
              "sort_keys=True))")
    outputs = {subprocess.run([sys.executable, "-c", script, str(old), str(new)], check=True, text=True,
                              capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "2")}
    assert len(outputs) == 1 and len(next(iter(outputs))) > 1000
