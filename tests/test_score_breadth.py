"""The terms in force are charged by how broad each harm is, not only whether it is there
(docs/scoring.md, section 1): real stores, every stage, one rule per test."""

from __future__ import annotations

import pytest

from monitor.pipeline import process_new_records
from monitor.score_terms import breadth_of_clause
from monitor.store import Store
from monitor.views import latest_score

AT = "2024-01-01T00:00:00Z"
# A short document of our own whose other clauses carry no harm.
PREAMBLE = ("# Terms\n\nThese terms explain how the Example service works.\n\n"
            "You can contact our support team by email.\n\n")


def terms_in_force(*clauses: str, terms_type: str = "Privacy Policy") -> tuple[int, list[dict]]:
    """(score, term items) of a one-document service whose only version holds ``clauses``,
    through the import's stages (diff, findings, score) on a real SQLite store."""
    store = Store.open(":memory:")
    document = store.ensure_document("S", "Service", terms_type, "https://s.test/doc", {})
    store.record_version(document, PREAMBLE + "\n\n".join(clauses) + "\n", recorded_at=AT)
    process_new_records(store)
    score = latest_score(store, "S")
    return score["score"], [r for r in score["reasons"] if r["kind"] == "term"]


def cost(items: list[dict], category: str) -> float:
    return -sum(item["points"] for item in items if item["category"] == category)


def test_a_harm_stated_plainly_costs_less_than_the_same_harm_without_limits():
    """Selling data to brokers is a harm; selling it to anyone, for anything, unannounced
    reaches every buyer and every use: the weight of the category alone no longer makes a
    plain sale as costly as a sweeping one."""
    plain_score, plain = terms_in_force("We may sell your personal information to data brokers.")
    broad_score, broad = terms_in_force(
        "We may sell your personal information to any third party for any purpose, without notice.")
    assert 0 < cost(plain, "data_sale") < cost(broad, "data_sale")
    assert plain_score > broad_score
    assert "(plain)" in plain[0]["text"] and "sweeping" in broad[0]["text"]


def test_the_usual_words_of_a_content_licence_are_not_sweeping_but_perpetual_and_irrevocable_are():
    """Every platform needs a worldwide, royalty-free licence to show what you post; one that
    outlives your account and can be passed on to others takes more from you."""
    usual_score, usual = terms_in_force(
        "You grant us a worldwide, royalty-free licence to host and display the content you post.",
        terms_type="Terms of Service")
    broad_score, broad = terms_in_force(
        "You grant us a perpetual, irrevocable, sublicensable licence to use the content you post.",
        terms_type="Terms of Service")
    assert 0 < cost(usual, "content_license") < cost(broad, "content_license")
    assert usual_score > broad_score


def test_a_clause_that_limits_itself_costs_less():
    """"Only with your consent" leaves the user a say: the same sale, limited, costs less."""
    _, unlimited = terms_in_force("We may sell your personal information to data brokers.")
    _, limited = terms_in_force("We may sell your personal information to data brokers only with your consent.")
    assert 0 < cost(limited, "data_sale") < cost(unlimited, "data_sale")
    assert "limited" in limited[0]["text"]


def test_a_protection_of_the_same_harm_in_force_limits_it():
    """A promise elsewhere in the documents ("we do not sell your personal information")
    narrows what a sale clause can mean for users: the harm costs less beside it."""
    _, alone = terms_in_force("We may sell your personal information to data brokers.")
    _, protected = terms_in_force(
        "We may sell your personal information to data brokers.",
        "We do not sell your personal information for advertising ([learn more](https://s.test/more)).")
    assert 0 < cost(protected, "data_sale") < cost(alone, "data_sale")
    # the item names the protection, as words a reader sees (no Markdown syntax)
    assert "protection: “We do not sell your personal information for advertising (learn more).”" in protected[0]["text"]


def test_a_harm_stated_in_many_distinct_clauses_costs_more_than_once():
    """Sharing stated for one purpose reaches less than sharing stated for five different ones."""
    purposes = ["to process your payments", "to measure our ads", "to improve our products",
                "to prevent fraud", "to answer your questions"]
    _, once = terms_in_force(f"We share your personal information with service providers {purposes[0]}.")
    _, often = terms_in_force(*(f"We share your personal information with service providers {p}." for p in purposes))
    assert 0 < cost(once, "data_sharing") < cost(often, "data_sharing")


@pytest.mark.parametrize("clause, level", [
    ("We may terminate your account if you break these terms.", 1),
    ("We may terminate your account at our sole discretion, for any reason, without notice.", 3),
    ("We keep your messages indefinitely.", 2),
    ("We keep your messages indefinitely, even after you delete your account.", 3),
    ("We share aggregated statistics with our partners.", 0),
    ("We use your posts to improve our models; you can opt out in your settings.", 0),
    ("We will not use your content to train our models without your consent.", 0),
])
def test_breadth_of_a_clause(clause, level):
    from monitor.score import load_params

    assert breadth_of_clause(clause, load_params()["terms"]["sweeping_words"])[0] == level


def test_doctests():
    import doctest

    import monitor.score
    import monitor.score_terms

    for module in (monitor.score, monitor.score_terms):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_a_protection_quoted_in_a_score_item_is_one_plain_line():
    """Captured text never carries control or bidi characters into the item's line."""
    from monitor.score import TermFinding, load_params
    from monitor.score_terms import category_breadth

    harm = TermFinding("data_sale", 1, "Privacy Policy", "We may sell your personal information.")
    protection = TermFinding("data_sale", 0, "Privacy Policy",
                             "We do **not** sell\x1b[31m your data\u202e.\nForged line", protection=True)
    text = category_breadth([harm], [protection], load_params()["terms"]).describe()
    assert "\x1b" not in text and "\u202e" not in text and "\n" not in text
    assert "We do not sell\\x1b[31m your data\\u202e. Forged line" in text
