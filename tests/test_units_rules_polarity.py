"""The polarity of a clause (issue 13, wrong signs): who acts, and whether the act is denied,
limited or promised. Each reading: sentences of our own that were read with the wrong sign,
the plain harms that must stay harms, and (where useful) the real corpus sentence. Judged by
the shipped classifier (rules and topic models), since the topic model reads a clause's
polarity too when no rule matched."""

from __future__ import annotations

import pytest

from monitor.classify.clauses import load_classifier

from test_classify_rules import real_sentence


def read(sentence: str):
    result = load_classifier().classify([sentence])[0]
    return set(result.labels), set(result.protections)


# --- plain harms stay harms ----------------------------------------------------------------
PLAIN_HARMS = [
    ("We may share your data with advertisers.", "data_sharing"),
    ("We are not liable for any damages.", "limitation_of_liability"),
    ("We may terminate your account at any time.", "unilateral_termination"),
    ("Our partners may use cookies to follow you across the websites you visit.", "tracking"),
    ("We may sell your personal information to data brokers.", "data_sale"),
]


@pytest.mark.parametrize("sentence, category", PLAIN_HARMS)
def test_plain_harms_stay_harms(sentence, category):
    harms, protections = read(sentence)
    assert category in harms and category not in protections


# --- a negation that negates nothing is no denial -------------------------------------------
def test_negations_that_deny_nothing():
    from monitor.classify.rules.polarity import denies
    assert not denies("We collect data such as, but not limited to, your name and address.")
    assert not denies("Pages that we do not own or operate may set their own cookies.")
    assert not denies("Links to sites not owned or controlled by us.")
    # real denials stay denials
    assert denies("We do not own your content.")
    assert denies("We will no longer show you ads based on your email.")


# --- a denial governs every act it lists ----------------------------------------------------
@pytest.mark.parametrize("sentence, category", [
    ("We make no attempt to link your purchases to your identity, or to build profiles of our shoppers.", "tracking"),
    ("Our crawler will not attempt to track you or to combine information about you.", "tracking"),
    ("We never try to sell your personal information.", "data_sale"),
])
def test_a_denial_governs_the_acts_it_lists(sentence, category):
    harms, protections = read(sentence)
    assert category not in harms and category in protections


# --- a negation in a condition states when, not whether ------------------------------------
def test_a_negation_in_a_condition_is_not_a_denial():
    from monitor.classify.rules.polarity import denies_in_main_clause
    assert not denies_in_main_clause("The app may connect to our servers even when you are not using it.")
    assert not denies_in_main_clause("If you do not opt out, we will use your location.")
    assert denies_in_main_clause("We do not use your location when you are not using the app.")


def test_deleting_data_once_no_longer_needed_stays_a_protection():
    harms, protections = read("Your voice clips are erased once they are no longer needed to answer your question.")
    assert "data_retention" in protections and "data_retention" not in harms


# --- kept while needed: "as long as it is needed" = "until it is no longer needed" -------------
KEPT_WHILE_NEEDED = [
    "We retain personal information for as long as it is needed for the purposes for which we collected it.",
    "We retain personal information until we determine it is no longer needed for the processing purposes "
    "for which we collected or retain it or for legal compliance.",
    "We keep your messages until they are no longer necessary to provide the service.",
]


@pytest.mark.parametrize("sentence", KEPT_WHILE_NEEDED)
def test_kept_until_no_longer_needed_is_the_open_ended_retention(sentence):
    # the "no longer" says when the keeping ends, it denies no keeping
    harms, protections = read(sentence)
    assert "data_retention" in harms and "data_retention" not in protections


@pytest.mark.parametrize("old, new", [
    (KEPT_WHILE_NEEDED[0], KEPT_WHILE_NEEDED[1]),
    ("We store your data as long as necessary to run our services.",
     "We store your data until it is no longer necessary to run our services."),
])
def test_as_long_as_needed_rephrased_until_no_longer_needed_is_never_better(old, new):
    from monitor.classify import assess_change
    from monitor.diff import compare

    assessment = assess_change(compare(old, new).to_json()["hunks"], old, new)
    assert assessment.direction != "better"


def test_a_real_retention_limit_stays_a_protection():
    harms, protections = read("We delete your personal information within 30 days after you close your account.")
    assert "data_retention" in protections and "data_retention" not in harms
    from monitor.classify.rules.polarity import denies
    assert denies("We will no longer keep your search history.")


def test_acting_while_the_user_is_away_is_no_protection():
    # the topic model sees tracking here; a negation in "when you're not ..." is not a denial
    harms, protections = read("Our services may use the Internet in the background when you're not actively engaged with "
                              "the services or your device.")
    assert "tracking" not in protections


# --- an act the service first asks consent for ---------------------------------------------
def test_asking_consent_first_is_a_protection():
    # the topic model sees advertising; the clause's act is asking the user's consent
    harms, protections = read("Outside the United States, whenever our ads are personalised, we ask for your consent.")
    assert "advertising" not in harms and "advertising" in protections


def test_a_use_named_with_consent_by_a_rule_stays_a_harm():
    # a rule's harm hit is not undone by a consent it mentions (a new use with permission is
    # still more data used)
    harms, _ = read("With your permission, we will share your contacts with our advertising partners.")
    assert "data_sharing" in harms


# --- a prohibition on the user is the user's obligation ------------------------------------
@pytest.mark.parametrize("sentence, category", [
    ("You may not use the Services to collect biometric data.", "sensitive_data"),
    ("Users must not sell personal information they obtain through the platform.", "data_sale"),
    ("Customer shall not use the Products to build profiles of candidates.", "tracking"),
    ("You agree not to share another member's data with third parties.", "data_sharing"),
])
def test_a_prohibition_on_the_user_is_neither_harm_nor_protection(sentence, category):
    harms, protections = read(sentence)
    assert category not in harms and category not in protections


def test_who_is_forbidden():
    from monitor.classify.rules.polarity import forbids_user
    assert forbids_user("Customer shall not use the Recruiter products for purposes unrelated to recruiting.")
    assert not forbids_user("We shall not use your data for purposes unrelated to the service.")
    # a prohibition later in the clause is not what the clause states
    assert not forbids_user("We share your data with partners for analytics and many other purposes, and in return "
                            "you may not resell the reports.")


def test_building_models_from_the_services_own_ai_output_is_the_users_act():
    # an item of a list of forbidden uses, read without its lead-in
    harms, _ = read("using AI-generated content from our services to build machine learning models of your own")
    assert "ai_training" not in harms
    harms, _ = read("We use the content you post on our apps to develop machine learning models.")
    assert "ai_training" in harms


def test_what_may_not_be_possible_is_no_prohibition():
    # "you may not be able to" says what is possible; the cookies stay a tracking harm
    harms, _ = read("If you switch off our cookies, you may not be able to use every feature, since we use cookies "
                    "to remember you across visits.")
    assert "tracking" in harms


def test_a_right_the_user_may_not_exercise_is_still_withheld():
    harms, protections = read("You may not delete your account once you have posted content.")
    assert "user_rights" not in protections


# --- liability the service accepts is not a limitation -------------------------------------
@pytest.mark.parametrize("sentence", [
    "Acme shall be responsible and liable to Customer for the acts and omissions of its subcontractors.",
    "We will be liable to you for any loss caused by our staff when they visit your home.",
    "You agree to indemnify us against claims arising from your posts, except to the extent the claim is caused "
    "by our breach or negligence.",
])
def test_liability_the_service_accepts_is_a_protection(sentence):
    harms, protections = read(sentence)
    assert "limitation_of_liability" not in harms and "limitation_of_liability" in protections


@pytest.mark.parametrize("sentence", [
    "We shall be liable only for damages caused by our gross negligence.",
    "Our total liability to you shall not exceed the fees you paid in the last twelve months.",
    "Acme shall not be liable for the acts and omissions of its subcontractors.",
    "You are liable for any damage you cause to our servers.",
])
def test_limited_or_denied_liability_stays_a_limitation(sentence):
    harms, protections = read(sentence)
    assert "limitation_of_liability" in harms and "limitation_of_liability" not in protections


# --- checking each request against the law protects the user -------------------------------
def test_reviewing_government_requests_is_a_protection():
    harms, protections = read("Whenever authorities ask us for account data, our lawyers review each request to check "
                              "whether it is valid and lawful.")
    assert "government_access" in protections and "government_access" not in harms


def test_handing_data_to_the_police_stays_a_harm():
    harms, protections = read("We may disclose your information to law enforcement when we receive a request.")
    assert "government_access" in harms


# --- a harm no rule read: AI models fed from the public web ---------------------------------
def test_crawling_public_information_for_ai_models_is_ai_training():
    harms, _ = read("Our crawler collects information that is publicly available online, which we use as a source for "
                    "our generative AI models.")
    assert "ai_training" in harms
    # denied, it is the promise; a crawler for a search index is no AI training
    _, protections = read("We do not crawl publicly available information to train our language models.")
    assert "ai_training" in protections
    harms, _ = read("We use web crawlers to index publicly available pages for our search engine.")
    assert "ai_training" not in harms


def test_following_activity_across_the_web_is_tracking():
    harms, _ = read("Our browser collects your search activity across the web, including on sites we do not own or "
                    "operate, to improve our products.")
    assert "tracking" in harms
    # other users re-sharing what is public is not the service following anyone
    harms, _ = read("Anything you post publicly may be copied and re-shared by other people across the web.")
    assert "tracking" not in harms


REAL = [
    # a denial listing acts (Apple, on its web crawler)
    ("Apple", "Privacy Policy", "make no attempt to connect data crawled to any individual", "tracking", "protection"),
    # consent asked before personalised ads (YouTube)
    ("YouTube", "Privacy Policy", "when ads are personalized, we ask for your consent", "advertising", "protection"),
    # a condition with a negation (Google, on background network use)
    ("Google", "Terms of Service", "may frequently use the Internet when you", "tracking", "not protection"),
    # liability accepted for subcontractors (LinkedIn's Glint terms)
    ("LinkedIn", "Terms of Service", "shall be responsible and liable to Customer for the acts and omissions",
     "limitation_of_liability", "protection"),
    # an indemnity that stops at the service's own fault
    ("Google", "Terms of Service", "except to the extent a liability or expense is caused by Google",
     "limitation_of_liability", "protection"),
    # public web data as a source for AI models (Apple, on Applebot)
    ("Apple", "Privacy Policy", "as a source for our foundational AI models", "ai_training", "harm"),
    # requests reviewed against legal requirements
    ("Google", "Terms of Service", "our team reviews them to make sure that they satisfy legal requirements",
     "government_access", "protection"),
]


@pytest.mark.parametrize("service, terms_type, fragment, category, reading", REAL)
def test_real_sentences(ota_corpus, service, terms_type, fragment, category, reading):
    harms, protections = read(real_sentence(ota_corpus, service, terms_type, fragment))
    if reading == "protection":
        assert category in protections and category not in harms
    elif reading == "harm":
        assert category in harms and category not in protections
    else:
        assert category not in protections
