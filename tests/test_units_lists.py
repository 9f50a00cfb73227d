"""List items read after their lead-in, and lines ending with a colon read as no statement.

Real classifier, real Markdown parser; the texts are our own wording.
"""

from monitor.classify import load_classifier
from monitor.classify.reading import plain_clauses
from monitor.text import markdown_blocks, markdown_to_text

SERVICE_DOES_NOT = """## What we never do

We do not:

*   sell your personal information to advertisers or data brokers
*   track you across other companies' websites and apps for advertising
"""

USER_MAY_NOT = """You may not use the Services:

1.  to collect biometric data that identifies people without their consent
2.  to build profiles of people from their browsing across websites
"""

SERVICE_SHARES = """We may share your data with:

*   advertising partners who use it to show you targeted ads
*   our affiliates and other companies in our group
"""


def _by_text(markdown: str) -> dict:
    return {r.text: r for r in load_classifier().classify(plain_clauses(markdown))}


def test_markdown_blocks_give_each_list_item_its_lead_in_and_keep_the_plain_text():
    blocks = markdown_blocks("Intro.\n\nWe do not:\n\n* sell data\n    * nested\n\nAfter the list.\n\n* loose item")
    assert blocks == [("Intro.", None), ("We do not:", None), ("sell data", "We do not:"),
                      ("nested", "We do not:"), ("After the list.", None), ("loose item", None)]
    assert markdown_to_text(SERVICE_DOES_NOT).splitlines() == [words for words, _ in markdown_blocks(SERVICE_DOES_NOT)]


def test_an_item_under_a_negating_lead_in_is_read_with_it():
    clauses = plain_clauses(SERVICE_DOES_NOT)
    assert "We do not sell your personal information to advertisers or data brokers" in clauses
    assert "sell your personal information to advertisers or data brokers" not in clauses
    assert "You may not use the Services to collect biometric data that identifies people without their consent" \
        in plain_clauses(USER_MAY_NOT)


def test_items_the_service_says_it_does_not_do_are_protections_not_harms():
    results = _by_text(SERVICE_DOES_NOT)
    items = [r for text, r in results.items() if text.startswith("We do not ")]
    assert len(items) == 2
    for r in items:
        assert r.labels == [], (r.text, r.labels)
    assert "data_sale" in items[0].protections and "tracking" in items[1].protections


def test_items_the_user_may_not_use_the_service_for_are_no_harm_of_the_service():
    results = _by_text(USER_MAY_NOT)
    items = [r for text, r in results.items() if text.startswith("You may not use the Services to")]
    assert len(items) == 2
    for r in items:
        assert not {"sensitive_data", "tracking", "data_collection"} & set(r.labels), (r.text, r.labels)


def test_a_list_under_a_lead_in_that_shares_still_yields_harms():
    results = _by_text(SERVICE_SHARES)
    assert "advertising partners who use it to show you targeted ads" in results   # items read alone
    harms = {label for r in results.values() for label in r.labels}
    assert {"advertising", "data_sharing"} <= harms


def test_a_line_ending_with_a_colon_states_nothing_for_the_topic_model():
    classifier = load_classifier()
    heading, sentence = classifier.classify(["Who we share your personal information with and why we share it:",
                                             "Who we share your personal information with and why we share it."])
    assert sentence.labels == ["data_sharing"]    # the same words as a statement do
    assert heading.labels == [] and heading.protections == {}


def test_a_negation_that_does_not_govern_the_list_leaves_its_items_alone():
    for lead_in in ("If you do not sign in, we still collect:", "This includes but is not limited to the following:",
                    "Deleted posts are no longer visible to others; however, we may keep:",
                    "We collect this whether or not you are signed in:"):
        item = "your contacts and the messages you send"
        assert plain_clauses(f"{lead_in}\n\n*   {item}\n") == (lead_in, item), lead_in
