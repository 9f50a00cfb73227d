"""Issue 13: edits that change no term are cosmetic, and a real change beside them still counts.

Each rule (docs/diff.md, "Materiality") is pinned on texts written for this test: the noise
alone is cosmetic; the same noise next to a change of terms leaves that change substantive.
"""

from __future__ import annotations

import pytest

from monitor.diff import compare

INTRO = "# Terms of Service\n\nWelcome to Examplegram. These terms explain how the service works.\n\n"
OUTRO = "\n\nQuestions? Write to us through the help centre."


def _doc(*paragraphs: str) -> str:
    return INTRO + "\n\n".join(paragraphs) + OUTRO


def _changed(old: str, new: str):
    change = compare(old, new)
    return change, [(h.kind, h.reason, h.substantive) for h in change.hunks]


# -- a phrase moved whole inside its sentence ------------------------------------------------

def test_phrase_opening_with_a_preposition_moved_is_a_reorder():
    change, hunks = _changed(
        _doc("If you change your number, update it within 72 hours so that we do not send to a stranger "
             "the messages meant for you."),
        _doc("If you change your number, update it within 72 hours so that we do not send the messages "
             "meant for you to a stranger."))
    assert hunks == [("modified", "reorder", False)]
    assert not change.substantive


def test_adverb_moved_around_a_synonym_is_a_reorder():
    change, hunks = _changed(
        _doc("If your account was taken over, please reach out quickly to [our helpers](https://help.example/hacked)."),
        _doc("If your account was taken over, please contact [our helpers](https://help.example/hacked) quickly."))
    assert hunks == [("modified", "reorder", False)]


def test_parties_swapped_are_still_a_change_of_terms():
    change, hunks = _changed(_doc("Examplegram Ltd sends your profile to Partnerco Inc for billing."),
                             _doc("Partnerco Inc sends your profile to Examplegram Ltd for billing."))
    assert change.substantive and hunks == [("modified", "wording", True)]


def test_a_quantifier_moved_is_still_a_change_of_terms():
    change, _ = _changed(_doc("We only keep your photos on servers in the country where you live."),
                         _doc("We keep your photos only on servers in the country where you live."))
    assert change.substantive


# -- headings ----------------------------------------------------------------------------------

def test_a_reworded_heading_is_markup_and_its_section_still_counts():
    old = _doc("## 17. Disputes, courts\n\nYou may bring a claim in the courts where you live.")
    change, hunks = _changed(old, old.replace("Disputes, courts", "Disputes and courts"))
    assert hunks == [("modified", "markup", False)] and not change.substantive
    change, hunks = _changed(old, old.replace("Disputes, courts", "Disputes and arbitration").replace(
        "You may bring a claim in the courts where you live.",
        "Any claim will be settled by binding individual arbitration."))
    assert ("modified", "markup", False) in hunks and change.substantive
    assert any(substantive for _, _, substantive in hunks)


def test_legal_fees_written_another_way_is_spelling():
    change, hunks = _changed(
        _doc("You will cover our losses (including attorneys’ fees) caused by your breach of these terms."),
        _doc("You will cover our losses (including legal fees) caused by your breach of these terms."))
    assert hunks == [("modified", "spelling", False)]


# -- notices that bind no one ------------------------------------------------------------------

def test_a_patent_notice_removed_is_a_notice():
    change, hunks = _changed(_doc("Some features of the service are covered by patents held by Examplegram.",
                                  "You keep ownership of your posts."),
                             _doc("You keep ownership of your posts."))
    assert hunks == [("removed", "notice", False)] and not change.substantive


def test_a_trademark_rule_for_the_user_is_a_term():
    change, hunks = _changed(_doc("You keep ownership of your posts."),
                             _doc("You keep ownership of your posts.",
                                  "You may not use our trademarks in your own app names."))
    assert hunks == [("added", "added", True)]


def test_a_new_count_of_users_is_a_notice():
    change, hunks = _changed(
        _doc("Examplegram has more than [90 million](https://blog.example/90m) users, which draws spammers."),
        _doc("Examplegram has more than [150 million](https://blog.example/150m) users, which draws spammers."))
    assert hunks == [("modified", "notice", False)]


def test_a_user_count_inside_a_term_is_a_term():
    change, hunks = _changed(_doc("Apps with more than 5 million users must pass a yearly audit."),
                             _doc("Apps with more than 50 million users must pass a yearly audit."))
    assert change.substantive


def test_a_new_number_of_days_is_a_term():
    change, hunks = _changed(_doc("We keep deleted posts for 30 days, then erase them for good."),
                             _doc("We keep deleted posts for 90 days, then erase them for good."))
    assert change.substantive


# -- quotations of the document's own words --------------------------------------------------

def test_a_label_quoting_the_documents_words_is_navigation():
    old = _doc("We read device identifiers to fix crashes.",
               "ExampleFor instance, device identifiers tell us which phone crashed.")
    new = old.replace("ExampleFor", 'Example "device identifiers"For')
    change, hunks = _changed(old, new)
    assert hunks == [("modified", "navigation", False)]


def test_a_quotation_of_new_words_is_a_term():
    old = _doc("We read device identifiers to fix crashes.",
               "ExampleFor instance, device identifiers tell us which phone crashed.")
    new = old.replace("ExampleFor", 'Example "we sell them to brokers"For')
    assert compare(old, new).substantive


# -- a paragraph said twice, one copy dropped ------------------------------------------------

def test_a_regional_copy_dropped_while_the_general_text_stays_is_repeated():
    general = ("We keep your messages only as long as the purposes in this policy require. "
               "Each storage period is set case by case according to the factors below:")
    old = _doc("If you live in Freedonia, here is more about storage: We keep your messages only as long as "
               "the purposes in this policy require. Each storage period is set case by case.", general)
    change, hunks = _changed(old, _doc(general))
    assert {(kind, reason) for kind, reason, _ in hunks} == {("removed", "repeated")}
    assert not change.substantive


def test_a_broad_promise_dropped_while_a_narrow_one_stays_is_a_change():
    old = _doc("We do not sell the photos you upload to anyone.",
               "We do not sell the photos you upload to anyone for advertising purposes.")
    new = _doc("We do not sell the photos you upload to anyone for advertising purposes.")
    change, hunks = _changed(old, new)
    assert change.substantive and hunks == [("removed", "removed", True)]


# -- the guard of the issue: noise beside a real change -------------------------------------

def test_a_rename_with_a_new_arbitration_clause_is_still_substantive():
    old = _doc("Oldco Limited provides the service.", "Oldco Limited may update these terms.",
               "You may bring a claim in the courts where you live.")
    new = _doc("Newco Limited provides the service.", "Newco Limited may update these terms.",
               "You may bring a claim in the courts where you live.",
               "Any dispute with Newco Limited will be settled by binding individual arbitration.")
    change, hunks = _changed(old, new)
    assert ("modified", "rename", False) in hunks
    assert ("added", "added", True) in hunks and change.substantive


def test_a_label_quoting_the_documents_words_beside_another_quotation_is_navigation():
    old = _doc("We protect our users from spam.",
               'ExampleFor instance, "Recent logins" shows who opened your account.')
    new = old.replace("ExampleFor", 'Example "protect our users"For')
    change, hunks = _changed(old, new)
    assert hunks == [("modified", "navigation", False)]


def test_what_a_copyright_complaint_must_hold_is_a_term():
    item = "*   A signature of the person allowed to act for the owner of the trademark or the copyright;"
    change, hunks = _changed(_doc("A complaint must include:", item, "We answer within ten days."),
                             _doc("A complaint must include:", "We answer within ten days."))
    assert change.substantive and hunks == [("removed", "removed", True)]


def test_a_notice_of_a_new_company_name_is_a_rename():
    change, hunks = _changed(_doc("_Oldco Media Limited is now Newco."),
                             _doc("_Oldco Media Limited has changed its name to Newco Platforms Limited."))
    assert hunks == [("modified", "rename", False)]
    change, hunks = _changed(_doc("You keep ownership of your posts."),
                             _doc("You keep ownership of your posts.", "_Oldco Media Limited is now Newco."))
    assert hunks == [("added", "rename", False)]


def test_a_recipient_renamed_is_a_term():
    change, hunks = _changed(_doc("You keep ownership of your posts."),
                             _doc("You keep ownership of your posts.", "Our Partners are now called Affiliates."))
    assert change.substantive and hunks == [("added", "added", True)]



# -- a number written another way -------------------------------------------------------------

def test_a_number_written_in_digits_is_spelling():
    change, hunks = _changed(_doc("You must bring any claim within ONE (1) YEAR after it arises."),
                             _doc("You must bring any claim within 1 year after it arises."))
    assert hunks == [("modified", "spelling", False)]
    change, hunks = _changed(_doc("We answer requests within thirty (30) days."),
                             _doc("We answer requests within 30 days."))
    assert hunks == [("modified", "spelling", False)]


def test_another_number_is_a_term():
    change, hunks = _changed(_doc("We answer requests within thirty (30) days."),
                             _doc("We answer requests within 45 days."))
    assert change.substantive
    change, hunks = _changed(_doc("We answer requests within thirty days."),
                             _doc("We answer requests within thirteen days."))
    assert change.substantive


# -- the document's own change log -------------------------------------------------------------

CHANGE_LOG = ("## 9. Changes to this policy\n\nWe list each update here.\n\n**May 2, 2024**\n\n"
              "*   Added [4.2. Lost Devices](#4-2-lost-devices).")


def test_a_change_log_entry_naming_an_edited_section_is_navigation():
    old = _doc("## 4. Our promise\n\nWe never show you ads chosen from your messages.", CHANGE_LOG)
    new = old.replace("*   Added [4.2. Lost Devices](#4-2-lost-devices).",
                      "*   Added [4.2. Lost Devices](#4-2-lost-devices).\n"
                      "*   Expanded [4. Our promise](#4-our-promise) with details on promoted posts.")
    change, hunks = _changed(old, new)
    assert hunks == [("added", "navigation", False)] and not change.substantive


def test_the_section_a_change_log_entry_names_is_still_judged():
    old = _doc("## 4. Our promise\n\nWe never show you ads chosen from your messages.", CHANGE_LOG)
    new = old.replace("chosen from your messages.", "chosen from your messages.\n\n"
                      "We may show promoted posts chosen from your contacts.").replace(
        "*   Added [4.2. Lost Devices](#4-2-lost-devices).",
        "*   Added [4.2. Lost Devices](#4-2-lost-devices).\n*   Updated 4.1 to describe promoted posts.")
    change, hunks = _changed(old, new)
    assert change.substantive
    assert ("added", "navigation", False) in hunks and ("added", "added", True) in hunks


def test_a_new_term_worded_like_a_log_entry_is_a_term():
    old = _doc("Plans are billed monthly.")
    change, hunks = _changed(old, old.replace("monthly.", "monthly.\n\n*   Added a fee of 2 euros for every transfer."))
    assert change.substantive and hunks == [("added", "added", True)]


# -- a product renamed throughout, beside a spelling or a name that keeps a word ---------------

def test_a_product_renamed_with_a_word_kept_is_a_rename():
    old = _doc("The Pocket Link app lets you read your messages on a computer.",
               "To use Pocket Link, install the Pocket Link app and sign in.")
    new = old.replace("Pocket Link", "Link Desk")
    change, hunks = _changed(old, new)
    assert hunks == [("modified", "rename", False)] * 2 and not change.substantive


def test_a_product_renamed_beside_a_spelling_is_a_rename():
    old = _doc("Shops send us data through Zapco Business tools and the Zapco pixel, including our plugins.",
               "To learn how Zapco Business tools use cookies, read the [Zapco Cookie Policy](https://z.example/c).")
    new = (old.replace("Zapco Business tools", "Nimbo Business Tools").replace("Zapco pixel", "Nimbo pixel")
           .replace("plugins", "plug-ins").replace("Zapco Cookie", "Nimbo Cookie"))
    change, hunks = _changed(old, new)
    assert hunks == [("modified", "rename", False)] * 2 and not change.substantive


def test_a_renamed_product_beside_a_new_tracker_is_still_a_change():
    old = _doc("Shops send us data through Zapco Business tools and the Zapco pixel.",
               "To learn how Zapco Business tools use cookies, read the [Zapco Cookie Policy](https://z.example/c).")
    new = (old.replace("Zapco Business tools", "Nimbo Business Tools")
           .replace("the Zapco pixel.", "the Nimbo pixel and the Nimbo fingerprint script."))
    change, hunks = _changed(old, new)
    assert change.substantive and ("modified", "wording", True) in hunks


def test_a_name_that_gains_a_second_company_is_a_new_recipient():
    old = _doc("We send your orders to Parcelo for delivery.", "Parcelo may call you about a delivery.")
    new = old.replace("Parcelo", "Parcelo and Adstream")
    change, hunks = _changed(old, new)
    assert change.substantive and hunks == [("modified", "wording", True)] * 2


# -- a clause restated that the topic model reads on one side only (monitor/classify/restated_reading.py)

SHOPS_OFF_ZAPBOOK = ("Shops tell us about your activities off Zapbook, including websites you visit and purchases you "
                     "make, whether or not you have a Zapbook account or are logged in to Zapbook.")


def _assessed(old: str, new: str):
    from monitor.classify.assess import assess_change
    return assess_change([{"kind": "modified", "section": "Data", "old": old, "new": new, "substantive": True}])


def test_a_product_name_replaced_by_our_products_is_no_less_tracking():
    assessment = _assessed(SHOPS_OFF_ZAPBOOK, SHOPS_OFF_ZAPBOOK.replace("off Zapbook", "off of our Products")
                           .replace("a Zapbook account", "an account").replace("in to Zapbook", "in to our Products"))
    assert assessment.direction == "neutral" and assessment.hunks[0]["changes"] == []


def test_a_restated_clause_that_now_reaches_further_is_still_worse():
    assessment = _assessed("Shops tell us about purchases you make in our app.",
                           "Shops tell us about websites you visit and purchases you make off our app, whether or not "
                           "you are logged in.")
    assert assessment.direction == "worse"


def test_a_narrowing_beside_a_rename_still_counts():
    assessment = _assessed("We share your purchases and your location with Zapbook advertisers for any purpose.",
                           "We share your purchases with Nimbo advertisers, only with your consent.")
    assert assessment.direction == "better"


def test_a_company_name_is_no_face_data():
    from monitor.classify.reach import reach
    assert "data:biometric" not in reach("Log in with your Facebook account to see your friends.")
    assert "data:biometric" in reach("We keep a scan of your face to unlock the app.")


def test_the_same_number_changed_in_two_clauses_is_no_rename():
    old = _doc("We delete your data within 30 days.", "Refunds are paid within 30 days.")
    change, hunks = _changed(old, old.replace("30 days", "90 days"))
    assert change.substantive and hunks == [("modified", "wording", True)] * 2


def _alike(old: str, new: str) -> bool:
    from monitor.classify.clauses import load_classifier
    from monitor.classify.restated_reading import alike_clause
    classifier = load_classifier()
    return alike_clause(classifier.classify([old])[0], classifier.classify([new]))


def test_a_clause_in_capitals_names_nothing_so_a_changed_word_is_no_rename():
    # (review 7) in capitals every word looks like a name: "NONCOMMERCIAL" -> "COMMERCIAL" is a term
    old = ("YOU MAY USE THE SERVICE AND ANY CONTENT YOU DOWNLOAD FROM IT ONLY FOR YOUR OWN PERSONAL AND "
           "NONCOMMERCIAL PURPOSES ON DEVICES YOU OWN OR CONTROL AND IN THE COUNTRY WHERE YOU LIVE.")
    assert not _alike(old, old.replace("NONCOMMERCIAL", "COMMERCIAL"))


def test_a_party_only_added_is_no_rename():
    # (review 7) a name gained for none lost is a new party, not the same clause restated
    assert not _alike(SHOPS_OFF_ZAPBOOK, SHOPS_OFF_ZAPBOOK.replace("Shops tell us", "Shops and Adstream tell us"))
    assert _alike(SHOPS_OFF_ZAPBOOK, SHOPS_OFF_ZAPBOOK.replace("Zapbook", "Nimbo"))


# A party's other name in parentheses dropped (unseen18, Sendinblue's rebrand to Brevo): the model
# and the rules read "Brevo (ex Sendinblue) may modify ..." and "Brevo may modify ..." differently.
_BREVO = [
    "In the event of non-compliance with this article, Brevo (ex Sendinblue) reserves the right to immediately "
    "block the Users\u2019 access to their Services and to remove all information from their account without "
    "notice and without refund or any other form of compensation.",
    "Brevo (ex Sendinblue) may modify these Terms of Use, its anti-spam and privacy policies and its offer.",
]


@pytest.mark.parametrize("old", _BREVO)
def test_a_former_name_dropped_from_a_clause_changes_nothing(old):
    assessment = _assessed(old, old.replace(" (ex Sendinblue)", ""))
    assert assessment.direction == "neutral" and assessment.hunks[0]["changes"] == []


@pytest.mark.parametrize("text, kept", [
    ("Brevo (ex Sendinblue) may modify these Terms.", "Brevo may modify these Terms."),
    ("Xandr (a Microsoft company) receives your data.", "Xandr receives your data."),
    ("Acme Ltd (\u201cAcme\u201d) shares your data.", "Acme Ltd shares your data."),
    # a list names products or recipients; a bare name in parentheses may be a new party
    ("We use Google LLC (Google Analytics, Google Ads).", "We use Google LLC (Google Analytics, Google Ads)."),
    ("We share your data with partners (Facebook).", "We share your data with partners (Facebook)."),
    ("We share it with Acme (and its partners).", "We share it with Acme (and its partners)."),
    # (review) a parenthesis that limits, counts or denies says something; in capitals every word looks like a name
    ("Xandr (Not a Microsoft company) receives your data.", "Xandr (Not a Microsoft company) receives your data."),
    ("Acme (Only the EU Company) may process it.", "Acme (Only the EU Company) may process it."),
    ("It costs EUR 10 per month (ex VAT).", "It costs EUR 10 per month (ex VAT)."),
    ("Acme (Zapco Company 2024) may end it.", "Acme (Zapco Company 2024) may end it."),
    ("ACME SHALL NOT BE LIABLE (EXCEPT FOR THE COMPANY'S GROSS NEGLIGENCE) FOR ANY LOSS.",
     "ACME SHALL NOT BE LIABLE (EXCEPT FOR THE COMPANY'S GROSS NEGLIGENCE) FOR ANY LOSS."),
])
def test_only_a_parenthesis_that_names_the_party_again_is_set_aside(text, kept):
    from monitor.classify.restated_reading import without_aliases
    assert without_aliases(text) == kept


def test_a_recipient_added_inside_a_parenthesis_is_still_read():
    # (unseen19, Epassi) the list of a processor's products grew by one that receives the data
    old = "*   Google LLC (Google Analytics, Google Ads)"
    from monitor.classify.restated_reading import _same_but_aliases
    from monitor.classify.clauses import load_classifier
    classifier = load_classifier()
    assert not _same_but_aliases(classifier.classify([old])[0],
                                 classifier.classify([old.replace("Ads)", "Ads, Google Translation)")]))


@pytest.mark.parametrize("entry", [
    # (review 7) a quantity is no section number; a cross-reference further on is no edited section
    "*   Removed 2.5 GB of free storage from the Basic plan.",
    "*   Added a $5 fee for every transfer (see [Fees](#fees)).",
])
def test_a_new_term_worded_like_a_log_entry_with_a_number_or_a_link_is_a_term(entry):
    old = _doc("## 2. Fees\n\nPlans are billed monthly.")
    change, hunks = _changed(old, old.replace("monthly.", "monthly.\n\n" + entry))
    assert change.substantive and hunks == [("added", "added", True)]


# -- a list of grounds run into one sentence -------------------------------------------------

_GROUNDS = ("Examplegram may close your account if (a) you break these terms{sep} (b) the law requires us to "
            "do so. or (c) your use puts other members at risk.")


def test_grounds_cut_after_a_full_stop_and_joined_by_a_semicolon_are_punctuation():
    # "(a) ... terms. (b) ..." is cut into two sentences, "(a) ... terms; (b) ..." is one: the
    # marker "(b)" opening the second sentence must not make the same words look different.
    change, hunks = _changed(_doc(_GROUNDS.format(sep=".")), _doc(_GROUNDS.format(sep=";")))
    assert hunks == [("modified", "punctuation", False)]
    assert not change.substantive


def test_a_ground_added_while_the_sentences_are_joined_is_still_a_change():
    old = _doc(_GROUNDS.format(sep="."))
    new = _doc(_GROUNDS.format(sep=";").replace("the law requires", "the law or a business reason requires"))
    change, hunks = _changed(old, new)
    assert change.substantive
    assert any(substantive for _, _, substantive in hunks)


def test_a_short_form_spelled_out_is_the_same_clause():
    """Lyft 2025-12-13 (`unseen23`): "share additional info with us" became "... additional
    information ...": only the long form meets the rules, so it read as data collection added."""
    from monitor.classify import assess_change, load_classifier

    old = ("You may choose to share additional info with us for your profile, like saved addresses (e.g., home or "
           "work) and gender, and set up other preferences (such as your preferred pronouns).")
    new = old.replace("additional info", "additional information")
    result = assess_change([{"kind": "modified", "section": "", "old": old, "new": new, "substantive": True}],
                           old_text=old, new_text=new, classifier=load_classifier())
    assert result.direction == "neutral"
