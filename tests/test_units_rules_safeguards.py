"""Safeguards around the service's power to suspend, terminate or remove, and the grounds a list
gives for that power (issue 13, session 27, from the readings pool: Google Drive, October 2025;
Wikipedia, June 2025). Tested through the shipped classifier and the change-level outcome, with
guards: a safeguard denied is a harm, a list of recipients under a sharing lead-in keeps its
harms, a safeguard covering part of a clause leaves the rest read."""

from __future__ import annotations

from monitor.classify.clauses import load_classifier
from monitor.classify.reading import clauses_in_context
from monitor.classify.rights import right_kinds
from monitor.classify.statutory import only_the_repeat_infringer_policy

from clause_readings import assessed_paragraphs, read  # tests/clause_readings.py

BEFORE = [
    "# Google Drive Additional Terms of Service",
    "You may use Google Drive to store, share and collaborate on files.",
    "We will not use your content for marketing or promotional campaigns.",
]
NOTICE = ("Before suspending or terminating your account, we’ll provide you with advance notice when reasonably "
          "possible, describe the reason for our action, and give you an opportunity to clarify the issue and "
          "address it, unless doing so would:")
EXCEPTIONS = ["*   cause harm or liability to a user, third party, or Google,",
              "*   violate the law or a legal enforcement authority’s order,",
              "*   compromise an investigation."]
GROUNDS_LEAD_IN = ("Without limiting any of our other rights, Google may suspend or terminate your access to Google "
                   "Drive or delete your Google Account if any of these things happen:")
GROUNDS = ["*   you materially or repeatedly breach these terms,",
           "*   we’re required to do so to comply with a legal requirement or a court order."]
APPEAL = "If you believe your Google Account has been suspended or terminated in error, you can appeal."


def test_notice_before_suspension_is_a_safeguard_in_either_order():
    for sentence in (NOTICE.replace(", unless doing so would:", "."),
                     "We will give you reasonable notice before we terminate your account.",
                     "We will notify you before removing your content."):
        result = read(sentence)
        category = "content_removal" if "content" in sentence else "unilateral_termination"
        assert category in result.protections, sentence
        assert category not in result.labels, sentence


def test_notice_denied_is_no_safeguard():
    result = read("We will not give you notice before we terminate your account.")
    assert "unilateral_termination" in result.labels
    assert "unilateral_termination" not in result.protections


def test_the_reasons_for_a_removal_given_are_a_safeguard():
    assert "content_removal" in read("If we remove your content, we will provide you with a statement of "
                                     "reasons.").protections
    assert "unilateral_termination" in read("We will inform you of the reasons for the suspension of your "
                                            "account.").protections


def test_an_out_of_court_settlement_body_is_a_recourse_of_its_own_kind():
    sentence = "You may refer the decision to a certified out-of-court dispute settlement body."
    assert "user_rights" in read(sentence).protections
    # not the complaint to a data protection authority a privacy policy already names
    assert right_kinds([sentence]) == {"out_of_court"}


def test_a_safeguard_of_part_of_a_clause_leaves_the_rest_read():
    result = read("Before we close inactive accounts we will send you an email, and accounts inactive for 90 "
                  "days are closed permanently.")
    assert "unilateral_termination" in result.labels


def test_items_under_a_lead_in_of_grounds_state_no_harm_of_their_own():
    text = "\n\n".join([GROUNDS_LEAD_IN, "\n".join(GROUNDS), NOTICE, "\n".join(EXCEPTIONS)])
    lead_ins = dict(clauses_in_context(text, text))
    for item in ("you materially or repeatedly breach these terms,", "cause harm or liability to a user, third "
                 "party, or Google,", "violate the law or a legal enforcement authority’s order,"):
        assert lead_ins[item] is not None, item


def test_items_under_a_sharing_lead_in_are_read_alone():
    """A guard: the recipients a sharing list names are the harm itself."""
    text = "We may share your information in the following cases:\n\n*   with advertisers to show you ads."
    assert dict(clauses_in_context(text, text))["with advertisers to show you ads."] is None


def test_a_suspension_section_with_its_safeguards_is_better():
    """Google Drive, October 2025 (the pool, `unseen24`): grounds of suspension listed, with notice,
    reasons and an appeal; the exceptions to the notice and the grounds are no liability
    limitation or government access of their own."""
    added = [GROUNDS_LEAD_IN, "\n".join(GROUNDS), NOTICE, "\n".join(EXCEPTIONS), APPEAL]
    change = assessed_paragraphs(BEFORE, [*BEFORE, *added], load_classifier())
    assert not {"limitation_of_liability", "government_access"} & set(change.categories), change
    assert change.direction == "better", change


def test_grounds_of_suspension_without_safeguards_stay_worse():
    """A guard: the power listed alone is a new harm."""
    change = assessed_paragraphs(BEFORE, [*BEFORE, GROUNDS_LEAD_IN, "\n".join(GROUNDS)], load_classifier())
    assert change.direction == "worse", change
    assert change.categories == ["unilateral_termination"], change


def test_the_statutes_repeat_infringer_wording_is_the_policy():
    """Wikipedia, June 2025 (the pool, `unseen13`): 17 U.S.C. 512(i)'s own words."""
    assert only_the_repeat_infringer_policy(["We will terminate, in appropriate circumstances, users and account "
                                             "holders of our system and network who are repeat infringers on our "
                                             "Projects and services."])
    assert not only_the_repeat_infringer_policy(["We will terminate users who are repeat infringers and anyone "
                                                 "who we choose."])



def test_notice_when_the_act_comes_and_a_review_offered_are_gains():
    """Roblox, September 2022 (`unseen36`): "Notification and Appeal", even as what Roblox "may" do."""
    notice = ("Roblox may notify User if Roblox (i) suspends or terminates a User Account or a User’s access to the "
              "Services or (ii) removes Virtual Items or other content that the User has on the Services in "
              "violation of these User Terms.")
    result = read(notice)
    assert "unilateral_termination" in result.protections    # one notice, one safeguard: of the account
    assert not {"unilateral_termination", "content_removal"} & set(result.labels)
    # the grounds the notice names are no government access of their own
    assert "government_access" not in read(notice.replace("these User Terms.", "these User Terms, in response to law "
                                                          "enforcement requests, or as otherwise required by law.")).labels
    review = "Roblox may provide User with an opportunity to request another review of Roblox’s decision."
    assert "user_rights" in read(review).protections
    assert "user_rights" not in read("You will have no opportunity to request a review of our decision.").protections
    before = ["# Roblox Terms of Use", "Roblox may suspend or terminate a User Account that violates these Terms.",
              "Users must follow the Community Standards."]
    change = assessed_paragraphs(before, [*before, "Notification and Appeal.", notice, review], load_classifier())
    assert change.direction == "better", change


# --- AI training in the AWS Service Terms' words (session 27, `unseen35`) ------------------------------

def test_the_technologies_improved_named_at_a_lists_end_are_ai():
    sentence = ("We may use and store Amazon WorkSpaces AI Content that is processed by Amazon WorkSpaces to develop "
                "and improve Amazon WorkSpaces and its underlying technologies, including AWS and affiliate "
                "machine-learning and artificial intelligence technologies.")
    assert "ai_training" in read(sentence).labels
    assert "ai_training" in read(sentence.replace("We may use", "We will not use")).protections


def test_a_product_named_builder_builds_no_ai():
    """AWS Builder ID is a sign-in, not a model being built: the same opt-out sentence read as a
    harm before a provider was added to it, and as none after, made the change "better"."""
    sentence = ("For access to AI Services via AWS Builder ID, you may instruct AWS to refrain from using and "
                "storing AI Content processed by an AI Service to develop and improve that Service or technologies "
                "of AWS or its affiliates by using the opt-out mechanism indicated in the applicable service "
                "documentation.")
    assert "ai_training" not in read(sentence).labels
    assert "ai_training" in read("We use your content to build our AI models.").labels


# --- selling a kind of personal data, and selling the business (session 27) ----------------------------

def test_selling_a_named_kind_of_personal_data_is_data_sale():
    assert "data_sale" in read("We may sell your email address to data brokers.").labels
    assert "data_sale" in read("We will never sell your phone number.").protections


def test_selling_the_business_is_no_sale_of_data():
    for sentence in ("If we sell our business, your email address may be transferred to the buyer.",
                     "If we sell our business, your personal information may be transferred to the buyer."):
        assert "data_sale" not in read(sentence).labels, sentence


def test_a_do_not_sell_list_named_after_the_data_sells_nothing():
    """O'Reilly, June 2023 (`unseen16`): a web form's text captured into the policy."""
    assert "data_sale" not in read("Enter your email address to be added to O’Reilly’s “Do Not Sell” list.").labels


# --- the review's counter-examples (session 27) -------------------------------------------------------

def test_a_list_under_a_lead_in_of_another_act_keeps_its_harms():
    from clause_readings import assessed_paragraphs as assessed_
    for lead_in, items in (
            ("We use your information for several purposes, including to detect and block fraud:",
             ["*   to train our artificial intelligence models on your content,",
              "*   to sell your personal information to data brokers."]),
            ("When you delete your account, we may still:",
             ["*   share your profile with our advertising partners,",
              "*   keep a perpetual, irrevocable licence to your photos."])):
        change = assessed_(BEFORE, [*BEFORE, lead_in, "\n".join(items)], load_classifier())
        assert change.direction == "worse", (lead_in, change)


def test_a_notice_hedged_away_is_no_safeguard():
    for sentence in ("We may notify you if we terminate your account, but we are not obliged to do so.",
                     "We will give you notice before terminating your account only where required by law.",
                     "We will tell you when we delete your account for any reason at our sole discretion.",
                     "Before terminating your account we will inform law enforcement.",
                     "We will notify you before we suspend your account, unless we decide otherwise."):
        assert "unilateral_termination" not in read(sentence).protections, sentence
    # ... and the power it names is read as it was
    assert "unilateral_termination" in read("We may notify you if we terminate your account, but we are not "
                                            "obliged to do so.").labels


def test_reasons_and_recourse_denied_or_forced_are_none():
    for sentence in ("A statement of reasons is not provided.",
                     "We will provide a statement of reasons unless we decide otherwise.",
                     "You must submit disputes to an out-of-court dispute resolution body whose decision is final "
                     "and binding.",
                     "Out-of-court dispute settlement bodies are not available to users outside the EU.",
                     "You have the right to request a review of our decision by paying a $50 fee."):
        assert not read(sentence).protections, sentence
    assert "user_rights" in read("You may select any certified out-of-court dispute settlement body to resolve "
                                 "the dispute.").protections


def test_one_notice_is_one_safeguard():
    assert set(read("Amazon may notify Users when Amazon deactivates their listings.").protections) == {"content_removal"}
    assert set(read("We will notify you when we remove your content from the Services.").protections) == \
        {"content_removal"}
    assert "content_removal" not in read("We will give you notice before we terminate your account, and you can "
                                         "download your content.").protections


def test_suspected_repeat_infringers_are_more_than_the_statute_asks():
    assert not only_the_repeat_infringer_policy(["We will terminate users and holders who are suspected repeat "
                                                 "infringers."])
    assert only_the_repeat_infringer_policy(["We will terminate users and holders who are repeat infringers."])


def test_the_user_selling_sells_no_data():
    assert "data_sale" not in read("You can sell your car to buyers near your location.").labels
