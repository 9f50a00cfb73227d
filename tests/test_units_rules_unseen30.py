"""Readings from the `unseen30` held-out pass (issue 13): the consent a service asks before an
act gates that act, and a link named "Do Not Sell ..." names the user's control. Each reading
is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the shipped rules
and classifier, with guards (the plain harm keeps its reading) and the change-level outcome."""

from __future__ import annotations

from functools import partial

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk as section_hunk  # tests/clause_readings.py

hunk = partial(section_hunk, section="Cookies")


# --- the consent asked before an act gates the act ------------------------------------------------

GATED = [
    ("Where required, we ask for your opt-in consent to use cookies for personalised advertising.", "tracking"),
    ("We obtain your consent before placing optional cookies on your browser.", "tracking"),
    ("We will request your explicit permission before sharing your profile with advertising partners.",
     "data_sharing"),
]


@pytest.mark.parametrize("sentence, category", GATED)
def test_an_act_the_service_asks_consent_for_first_is_a_protection(sentence, category):
    result = read(sentence)
    assert category not in result.labels
    assert category in result.protections


NOT_GATED = [
    # another act begins after the consent: the sale is not what the consent is asked for
    ("We ask for your consent, and we may also sell your data to data brokers.", "data_sale"),
    # ... also with no comma between them
    ("We obtain your consent for cookies or they may sell your data to data brokers.", "data_sale"),
    # a consent deemed given by use, or made a condition of the service, gates nothing
    ("We obtain your consent to track you across websites and apps by your continued use of the site.", "tracking"),
    ("We require your consent to the sale of your personal information as a condition of using the Services.",
     "data_sale"),
    # an agreement required is no consent asked; and only data practices are gated
    ("We require your agreement to a perpetual, irrevocable license to your content.", "content_license"),
    # the act is done without asking
    ("We obtain your consent to use cookies, but without asking we may track your visits.", "tracking"),
    # the consent is the user's own act, not a gate the service promises
    ("By using the site you consent to our use of cookies for advertising.", "tracking"),
]


@pytest.mark.parametrize("sentence, category", NOT_GATED)
def test_an_act_outside_the_consent_asked_stays_a_harm(sentence, category):
    assert category in read(sentence).labels


def test_a_consent_gate_added_before_cookies_is_not_worse():
    old = "We use cookies for behavioural advertising on our websites."
    new = "Where required, we obtain your opt-in consent to use cookies for behavioural advertising."
    change = assess_change([hunk("removed", old=old), hunk("added", new=new)])
    assert change.direction != "worse"


# --- a Markdown link named "Do Not Sell ..." names the user's control -----------------------------

def test_a_renamed_do_not_sell_link_adds_no_protection():
    def sentence(link: str) -> str:
        return (f"You have the right to opt out of the sale of your personal information, which you may "
                f"exercise by clicking [{link}](https://privacy.example.test/opt-out).")
    old, new = read(sentence("Do Not Sell My Info")), read(sentence("Do Not Sell My Personal Information"))
    assert "data_sale" not in new.labels
    assert set(new.protections) == set(old.protections)


def test_a_promise_with_a_link_in_it_stays_a_promise():
    result = read("We [do not share](#sharing) your contacts with third parties for their marketing.")
    assert "data_sharing" not in result.labels
    assert "data_sharing" in result.protections


def test_a_sale_stated_beside_the_link_stays_a_harm():
    result = read("We sell your personal information to data brokers; to opt out, click "
                  "[Do Not Sell My Personal Information](https://privacy.example.test/opt-out).")
    assert "data_sale" in result.labels


# --- a consent gate dropped while the text still asks consent before acts of its kind ------------

NARROW_GATE = "Where required, we obtain your opt-in consent to use cookies for behavioural advertising."
WIDE_GATE = "Where required, we obtain your consent before placing optional cookies on your device."


def test_a_consent_gate_is_kept_only_by_another_consent_gate_of_its_kind():
    from monitor.classify.assess import consent_still_asked
    from monitor.classify.clauses import load_classifier
    c = load_classifier()
    narrow, wide, opt_out, denial = c.classify([
        NARROW_GATE, WIDE_GATE,
        "You can opt out of cookies for behavioural advertising in your browser settings.",
        "We do not sell your personal information."])
    assert consent_still_asked([narrow], "tracking", [wide])
    assert not consent_still_asked([narrow], "tracking", [opt_out])      # an opt-out is no consent asked first
    assert not consent_still_asked([narrow], "data_sale", [wide])        # a gate of another kind of act
    assert not consent_still_asked([denial], "data_sale", [wide, denial])  # the removed promise is no gate
    brokers, partners = c.classify(["We will obtain your consent before sharing your personal data with data brokers.",
                                    "We will ask for your explicit permission before sharing your profile with "
                                    "advertising partners."])
    assert not consent_still_asked([brokers], "data_sharing", [partners])   # a gate for other recipients
    assert consent_still_asked([partners], "data_sharing", [partners])


# --- a programme's own terms appended ------------------------------------------------------------

BODY = ["# Terms of Service", "You may post content and we may remove content that breaks these terms.",
        "## 2. Your Account", "You are responsible for keeping your password safe and for all activity on your account.",
        "## 3. Community Guidelines", "Follow our community guidelines when you post, comment or send messages.",
        "## 9. Arbitration", "Any dispute will be resolved by binding individual arbitration."]
def _assessed(old, new):
    from clause_readings import assessed_paragraphs
    from monitor.classify.clauses import load_classifier
    return assessed_paragraphs(old, new, load_classifier())


# --- the law's limit put on a clause --------------------------------------------------------------

def test_a_clause_that_gains_the_laws_limit_did_not_grow():
    old = "Your continued use of the Services after any amendment evidences your agreement to be bound by it."
    change = assess_change([hunk("modified", old=old, new="To the extent permitted by law, " + old[0].lower() + old[1:])])
    assert change.direction != "worse"


def test_a_clause_that_gains_the_law_as_another_ground_still_grew():
    old = "We may share your information with our affiliates."
    change = assess_change([hunk("modified", old=old, new=old[:-1] + " and otherwise as permitted by applicable law.")])
    assert change.direction == "worse"


def test_a_clause_that_gains_a_purpose_still_grew():
    old = "We may share your email address with our partners."
    new = "We may share your email address and purchase history with our partners for their marketing."
    change = assess_change([hunk("modified", old=old, new=new)])
    assert change.direction == "worse"



GIVEAWAY = ["# Monthly Giveaway", "## Official Rules",
            "By entering, entrants release us from any liability and waive any claim arising from the giveaway.",
            "We may use entrants' names and photos for marketing without compensation."]
ARBITRATION = ["# Arbitration Agreement",
               "Any dispute will be resolved by binding individual arbitration, and you waive any class action."]


def test_a_giveaways_rules_appended_to_the_terms_are_neutral():
    change = _assessed(BODY[:-2], BODY[:-2] + GIVEAWAY)
    assert change.direction == "neutral"


def test_the_same_clauses_added_to_the_terms_themselves_are_worse():
    change = _assessed(BODY[:-2], BODY[:-2] + GIVEAWAY[2:])
    assert change.direction == "worse"


def test_an_arbitration_agreement_appended_is_still_worse():
    change = _assessed(BODY[:-2], BODY[:-2] + ARBITRATION)
    assert change.direction == "worse"
    assert "arbitration" in change.categories


def test_a_part_of_the_terms_under_their_own_title_is_read():
    """Inside the terms' own title, a programme's part is the terms' ("Terms and Conditions of
    Use > 11. Beta Programs"): readers read such parts as the user's (Tumblr Live, Windstream's
    product bundles: worse)."""
    beta = ["## 11. Beta Programs",
            "Participation in a beta program is at your own risk, and we may end it at any time without notice."]
    titled = ["# Terms and Conditions of Use"] + BODY[1:-2]
    assert _assessed(titled, titled + beta).direction == "worse"


def test_a_programme_appended_still_counts_for_what_it_does_with_data():
    rewards = ["## Acme Rewards Program",
               "When you join, we sell your purchase history and precise location to data brokers."]
    change = _assessed(BODY, BODY + rewards)
    assert change.direction == "worse"
    assert "data_sale" in change.categories


def test_a_retitled_document_that_adds_harms_is_read():
    old = ["# Terms of Use"] + BODY[1:]
    new = ["# Terms of Service"] + BODY[1:] + [
        "We may terminate your account at any time for any reason without notice."]
    assert _assessed(old, new).direction == "worse"


def test_a_programme_section_inside_the_terms_is_read():
    programme = ["## 3. Loyalty Program", "We may cancel your points at any time and change the fees at any time."]
    middle = BODY[:4] + programme + BODY[4:]
    assert _assessed(BODY, middle).direction == "worse"
