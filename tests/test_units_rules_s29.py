"""Readings added in session 29 (issue 13), from the held-out samples `unseen39` and `unseen40`
after their first measure: a capture that broke off mid-sentence, then seen whole; the
safeguards of a harm a new section brings; an example gained; the promises of a competition
removed whole; a price increase passed on or a plan upgraded by the service; sessions recorded
to be replayed. Each with its guards. Real store, real diff, real classifier."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from monitor.classify.clauses import load_classifier
from monitor.history import CAPTURE_COMPLETED
from monitor.pipeline import record_changes
from monitor.store import Store

from clause_readings import assessed_paragraphs, read  # tests/clause_readings.py

T0 = datetime(2025, 9, 2, 6, 0, tzinfo=timezone.utc)
TERMS = "\n\n".join(f"**{i}. Section {i}**\n\nYou and we agree that claims about matter {i} are settled "
                    f"in arbitration on an individual basis only, and not as a class action." for i in range(1, 41))


def at(offset: timedelta) -> str:
    return (T0 + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "termswatch.db")
    yield store
    store.close()


def _last_change(store: Store, *versions: tuple[str, float]) -> tuple[int, list[str]]:
    """Record ``versions`` (text, hours after T0) of one document, diff them: the last change's
    (substantive, reasons)."""
    doc = store.ensure_document("Acme", "Acme", "Terms of Service", "https://acme.test/terms", {})
    recorded = [store.record_version(doc, text, recorded_at=at(timedelta(hours=hours))) for text, hours in versions]
    record_changes(store)
    substantive, reasons = store.db.execute("SELECT substantive, reasons FROM changes WHERE to_version_id = ?",
                                            [recorded[-1]["id"]]).fetchone()
    return substantive, json.loads(reasons)


# --- a capture that broke off mid-sentence, then seen whole (Binance, September 2025) ---

def test_a_first_capture_cut_mid_sentence_then_seen_whole_is_no_change(store):
    cut = TERMS[:TERMS.index("matter 35") + 30]          # "... on an individual basis o"
    assert not cut.rstrip().endswith(".")
    substantive, reasons = _last_change(store, (cut, 0), (TERMS, 12))
    assert substantive == 0 and CAPTURE_COMPLETED in reasons


def test_sections_added_after_a_whole_last_sentence_are_a_change(store):
    # the capture before ended where a sentence ends: what follows is new text, not a cut mended
    substantive, reasons = _last_change(store, (TERMS[:TERMS.index("**36.")].rstrip(), 0), (TERMS, 12))
    assert substantive == 1 and CAPTURE_COMPLETED not in reasons


def test_a_cut_the_suspect_machinery_holds_is_settled_there(store):
    # the whole text, a cut of it (held as a suspect truncation), the whole text again: the
    # return is the flapping back the suspect rules describe, not a completed capture
    substantive, reasons = _last_change(store, (TERMS, 0), (TERMS[:TERMS.index("matter 5") + 30], 1), (TERMS, 2))
    assert substantive == 0 and "flapping" in reasons and CAPTURE_COMPLETED not in reasons


# --- a new section's own safeguards (Aetna, September 2017) ---

_POLICY = ["# Privacy Statement", "## Cookies",
           "We use cookies to remember your preferences and to measure how our sites are used.",
           "## Information we collect",
           "We collect your name, address, date of birth and member ID when you register, and the claims you submit.",
           "We use this information to administer your benefits, to pay claims and to answer your questions.",
           "## How we protect information",
           "We maintain physical, electronic and procedural safeguards, and only staff who need the information "
           "to do their jobs can see it.",
           "## Your choices", "You can set your browser to refuse cookies.",
           "You can ask us to correct the information we hold about you by calling the number on your ID card.",
           "## Contact us",
           *(f"Our {office} office answers questions about this statement on working days from nine to five, "
             f"by phone, by letter and through the secure message centre of the member website." for office in
             ("Hartford", "Phoenix", "Dallas", "Chicago"))]
_CROSS_DEVICE = ["## Cross Device Linking and Advertising",
                 "Our service provider may also create and store linkages between and among household or individual "
                 "level identifiers such as Cookies, mobile advertising IDs, hashed email addresses and/or other "
                 "persistent IDs that have been assigned to a unique but de-identified user.",
                 "This process is sometimes called \u201ccross device linking,\u201d which is a technique used to "
                 "predict or determine a likely association or relationship between two or more devices such as "
                 "smartphones, tablets, desktop computers, etc. These de-identified linkages are not stored or merged "
                 "with personal information about you.",
                 "You can opt out of cross device linking on our service provider's website."]


def test_a_new_sections_own_safeguards_do_not_outweigh_its_harm():
    assessment = assessed_paragraphs(_POLICY, _POLICY + _CROSS_DEVICE, load_classifier())
    assert assessment.direction == "worse"
    assert "tracking" in assessment.categories
    assert "user_rights" not in assessment.categories


def test_a_promise_of_another_kind_in_the_new_section_still_counts():
    # a right to have one's data deleted is no way out of the new practice: a gain of its own
    section = _CROSS_DEVICE[:2] + ["You have the right to access, correct and delete all personal information we "
                                   "hold about you, and to receive a copy of it."]
    assessment = assessed_paragraphs(_POLICY, _POLICY + section, load_classifier())
    hunk_moves = {(m["category"], m["direction"], m.get("counted", True))
                  for h in assessment.hunks for m in h["changes"]}
    assert ("user_rights", "better", True) in hunk_moves


def test_a_safeguard_added_to_an_old_section_is_still_a_gain():
    policy = _POLICY[:3] + ["We do not use cookies to track you across other websites."] + _POLICY[3:]
    assessment = assessed_paragraphs(_POLICY, policy, load_classifier())
    assert assessment.direction == "better"


# --- an example gained (Verizon, August 2021) ---

_LOCATION = ("Based on what you have allowed, we may also collect Wi-Fi, Global Positioning Satellite (GPS) and "
             "other location information{}.")


def test_an_example_gained_or_dropped_grows_nothing():
    before = ["# Privacy Policy", "## Information we collect", _LOCATION.format("")]
    after = ["# Privacy Policy", "## Information we collect",
             _LOCATION.format(", for example, through Verizon applications you use")]
    classifier = load_classifier()
    assert assessed_paragraphs(before, after, classifier).direction == "neutral"
    assert assessed_paragraphs(after, before, classifier).direction == "neutral"


def test_an_example_naming_new_recipients_or_data_still_grows_the_clause():
    # (review) an example of what, not of how or when
    for old, new in (("We share your personal information with companies that help us run our business.",
                      "We share your personal information with companies that help us run our business, for example "
                      "insurance companies, debt collection agencies and employers."),
                     ("We collect information about your device.",
                      "We collect information about your device, for example the list of apps installed on it, "
                      "your call logs and your text messages.")):
        head = ["# Privacy Policy", "## Information"]
        assert assessed_paragraphs(head + [old], head + [new], load_classifier()).direction == "worse", new


def test_a_kind_of_data_gained_outside_an_example_still_grows_the_clause():
    before = ["# Privacy Policy", "## Information we collect", _LOCATION.format("")]
    after = ["# Privacy Policy", "## Information we collect",
             _LOCATION.format(" and your precise home address and the contacts in your address book")]
    assert assessed_paragraphs(before, after, load_classifier()).direction == "worse"


# --- the promises of a competition removed whole (Energia, November 2021) ---

_SUPPLY = ["# Terms & Conditions", "## Energy Supply Contract",
           "We supply electricity to your premises and bill you every two months.",
           "We read your meter every two months, or you can send us a reading in our app.",
           "## Payments", "You pay by direct debit on the date shown on your bill.",
           "If you need to update your bank details with us, just give us a call with the new details.",
           "## Moving home", "Tell us at least two days before you move, and we will take a final meter reading.",
           "## Complaints", "If you are unhappy with our service, call us or write to us and we will reply within "
           "five working days; you can also refer your complaint to the energy ombudsman after eight weeks."]
_COMPETITION = ["## How to vote?", "Voting by the public will close at midnight on the 20th December.",
                "The winners of the competition will be contacted by phone.",
                "Prizes will be paid directly to the winner's chosen charity.",
                "We will not use the details you provide for marketing purposes."]


def test_a_competitions_promise_goes_with_the_competition():
    assessment = assessed_paragraphs(_SUPPLY + _COMPETITION, _SUPPLY, load_classifier())
    assert assessment.direction != "worse"


def test_a_promise_removed_from_a_section_that_stays_is_a_loss():
    kept = _SUPPLY + ["## Your details", "We will not use the details you provide for marketing purposes."]
    assessment = assessed_paragraphs(kept, _SUPPLY + ["## Your details", "We keep your details up to date."],
                                     load_classifier())
    assert assessment.direction == "worse"


# --- money: a supplier's price increase passed on, a plan upgraded by the service (Brevo, 2024) ---

def test_a_price_increase_passed_on_or_a_plan_upgraded_by_the_service_is_about_money():
    for sentence in ("When a change of price is notified to Brevo by its suppliers, Brevo might immediately apply "
                     "with retroactive effect the new Ratio and price increase to the User.",
                     "Once notified to us by our suppliers, the price increase shall immediately be applied to the Users.",
                     "Brevo reserves the right to automatically increase the contacts limit in the User account and "
                     "upgrade the User's plan without prior notice."):
        assert "fees_and_refunds" in read(sentence).labels, sentence


def test_the_user_upgrading_or_passing_on_prices_is_no_harm():
    for sentence in ("You may upgrade your plan at any time.",
                     "The user may apply price increases to their own customers."):
        assert "fees_and_refunds" not in read(sentence).labels, sentence
    assert "fees_and_refunds" in read("We will not apply any price increase to your current term.").protections


def test_a_price_increase_passed_on_added_to_the_terms_makes_them_worse():
    before = ["# Terms", "## Credits", "You pay in advance for credits, which you use to send messages.",
              "## Support", "Our support team answers on working days."]
    after = before[:3] + ["When a supplier raises its price, we may immediately apply the price increase to the "
                          "User."] + before[3:]
    assessment = assessed_paragraphs(before, after, load_classifier())
    assert assessment.direction == "worse" and "fees_and_refunds" in assessment.categories


def test_a_price_or_upgrade_the_user_chooses_or_a_discount_is_no_harm():
    for sentence in ("If you exceed your limits, we will notify you and you can choose to upgrade your plan.",
                     "We may offer you the option to upgrade your plan to a higher tier.",
                     "We may apply a discount to offset the price increase for existing customers."):
        assert "fees_and_refunds" not in read(sentence).labels, sentence


# --- session replay (GitLab, 2025) ---

def test_sessions_recorded_to_be_replayed_are_tracking():
    for sentence in ("GitLab uses session replay tools to record user interactions for the purposes of improving "
                     "user experience.",
                     "We use Hotjar to record mouse movements and clicks on our website."):
        assert "tracking" in read(sentence).labels, sentence
    assert "tracking" in read("We do not use session replay tools.").protections


def test_a_feature_the_user_records_with_is_no_tracking():
    for sentence in ("You can record your clicks in the macro editor.",
                     "We may record your interactions with our customer service representatives for quality assurance.",
                     "Our session replay feature lets you watch how your visitors use your site."):
        assert "tracking" not in read(sentence).labels, sentence


# --- the user's controls named, not practices (pool's Coolmath4Kids, unseen41 CoinDesk, unseen42 Xfinity, Starbucks) ---

def test_a_request_or_right_to_restrict_a_practice_is_the_users_control():
    for sentence in ("Request that we restrict the sharing of data with third parties.",
                     "You have the right to restrict the sharing of your data with third parties.",
                     "California residents have rights to access, delete, and restrict the sale of their personal "
                     "information."):
        result = read(sentence)
        assert not {"data_sharing", "data_sale"} & set(result.labels), sentence
        assert "user_rights" in result.protections, sentence


def test_the_service_restricting_something_else_still_shares():
    assert "data_sharing" in read("We may restrict your access and share your data with law enforcement.").labels
    # (review) the service's own right to restrict, and a request that does not reach the act
    for sentence, category in (("We reserve the right to restrict access to the Services and to share your information "
                                "with third parties to protect our rights.", "data_sharing"),
                               ("Acme reserves the right to restrict your use of the app and sell aggregated and "
                                "personal data to advertisers.", "data_sale"),
                               ("If you ask us to restrict processing we will still share your data with our "
                                "advertising partners.", "data_sharing")):
        assert category in read(sentence).labels, sentence


def test_an_unquoted_do_not_sell_my_link_name_promises_nothing():
    banner = ("Please note that our privacy policy, terms of use, cookies, and do not sell my personal information "
              "have been updated.")
    assert "data_sale" not in read(banner).protections
    assert "data_sale" in read("We do not sell your personal information.").protections
    assert "data_sale" in read("We may sell your personal information to data brokers.").labels


def test_a_banner_naming_the_documents_updated_states_no_practice():
    banner = ("Please note that our privacy policy, terms of use, cookies, and do not sell my personal information "
              "have been updated.")
    result = read(banner)
    assert not result.labels and not result.protections
    assert "tracking" in read("Our cookies have been updated to track you across sites.").labels
    # (review) no document named: a practice changed
    assert "advertising" in read("Our third-party advertising partners were changed to include Meta, which may "
                                 "combine your data with its own.").labels


def test_cookie_preferences_or_settings_name_a_control_not_tracking():
    for sentence in ("You can change your cookie settings at any time.",
                     "Our cookie preferences tool lets you refuse cookies."):
        assert "tracking" not in read(sentence).labels, sentence
    assert "tracking" in read("We use cookies to track you across websites.").labels


# --- the review's cases for the completed capture and the competition ---

_BODY = [f"**{i}. Section {i}**\n\nWe keep the records of matter {i} for as long as your account stays open, and we "
         f"delete them when you close it." for i in range(1, 31)]


@pytest.mark.parametrize("old, new", [
    # a contact line without a full stop, extended, and a sale inserted before it
    ("\n\n".join(_BODY) + "\n\nQuestions? Email privacy@acme.com",
     "\n\n".join(_BODY[:10] + ["**10b. Sale**\n\nWe may sell your personal information to data brokers."] + _BODY[10:])
     + "\n\nQuestions? Email privacy@acme.com or dpo@acme.com"),
    # a cut first capture, and the whole text also changed before the cut
    ("\n\n".join(_BODY)[:"\n\n".join(_BODY).index("matter 25") + 30],
     "\n\n".join(_BODY).replace("We keep the records of matter 3", "We may sell the records of matter 3")),
    # a last list item extended, nothing after it
    ("\n\n".join(_BODY) + "\n\n**31. What we collect**\n\n- Your name and email address\n\n- Your postal address",
     "\n\n".join(_BODY) + "\n\n**31. What we collect**\n\n- Your name and email address\n\n- Your postal address, "
     "precise geolocation, and biometric identifiers such as faceprints."),
])
def test_an_edit_is_no_completed_capture(store, old, new):
    substantive, reasons = _last_change(store, (old, 0), (new, 12))
    assert substantive == 1 and CAPTURE_COMPLETED not in reasons


def test_a_section_that_mentions_contests_once_is_no_competition():
    children = ["## Children", "We do not knowingly collect personal information from children under 13, and children "
                "may not enter our contests or sweepstakes.",
                "If we learn that we have collected such information, we will delete it immediately."]
    billing = ["## Billing disputes", "If you wish to contest a charge, contact us within 60 days.",
               "We will refund any amount charged in error within 14 days."]
    classifier = load_classifier()
    for section in (children, billing):
        assessment = assessed_paragraphs(_SUPPLY + section, _SUPPLY, classifier)
        assert assessment.direction == "worse", section[0]


def test_what_fails_for_the_user_is_neither_a_practice_nor_a_promise():
    # (unseen39, unseen44: Aetna's private-browsing banner, a tracking promise added then removed)
    for sentence in ("If your browser is in Private mode, pages that use personal or geographic information may not "
                     "work.",
                     "If you disable cookies, some features of the site may not work properly."):
        result = read(sentence)
        assert not result.labels and not result.protections, sentence
    assert "tracking" in read("We do not use cookies to track you across websites.").protections
