"""Rights the user gains, and the same rights taken back (issue 13, branch `rights`).

Each rule: our own sentences that show it, a negated or conditioned-away one and an unrelated
look-alike that must not, and real corpus sentences (found by a fragment in the shared OTA
corpus). At change level: a right added to a hunk reads better, a right withdrawn reads worse."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.classify.rules import find_rule_hits

from test_classify_rules import real_sentence
from clause_readings import found


@pytest.mark.parametrize("sentence", [
    # rights stated in the usual forms, old and new wording
    "You can appeal our decision by writing to our privacy team.",
    "If we turn down your request, you may appeal that decision.",
    "You may ask us to stop processing your information for marketing.",
    "You may lodge a complaint with the authority where you live.",
    "You have the right to restrict how we use your personal data.",
    "We extend these rights to all of our users, wherever they live.",
    "We honor the same privacy rights to every user, not only residents of California.",
    "The company commits to cooperate with the EU data protection authorities on unresolved complaints.",
    "We agree to comply with the advice of the panel established by the supervisory authorities.",
    "We provide you with the ability to download a copy of your data.",
    "You may request access to the personal data we hold about you.",
])
def test_a_right_the_user_gains_is_a_protection(sentence):
    assert ("user_rights", "protection") in found(sentence), find_rule_hits(sentence)


@pytest.mark.parametrize("sentence", [
    # the service's own right, not the user's
    "Acme reserves the right to restrict the export of data that may harm our systems.",
    "We reserve the right to request additional documents before opening an account.",
    "We have the right to restrict access to the Services at any time.",
    # a right conditioned away
    "We may refuse your request to delete your data if the law requires us to keep it.",
    "The right to data portability is not available to users in your region.",
    "Our interest in keeping the data overrides your interest in having it deleted.",
    # unrelated: what users do with each other's requests, an appeal of another kind
    "You may decline requests from other users to join your group.",
    "If you receive a friend request, you can reject the request.",
    "The court of appeal in Dublin has jurisdiction over these terms.",
])
def test_no_right_is_read_where_none_is_given(sentence):
    assert ("user_rights", "protection") not in found(sentence), find_rule_hits(sentence)


@pytest.mark.parametrize("sentence", [
    "We may refuse your request to delete your data if the law requires us to keep it.",
    "We may decline requests that are manifestly unfounded or excessive.",
    "The right to object is not available where we process data under a contract.",
    "Our interest in keeping the data overrides your interest in having it deleted.",
])
def test_a_right_taken_back_is_a_harm(sentence):
    assert ("user_rights", "harm") in found(sentence), find_rule_hits(sentence)


@pytest.mark.parametrize("sentence", [
    "If we deny your request, you may have the right to appeal our decision.",
    "You may decline requests from other users to join your group.",
    "Users may decline friend requests from people they do not know.",
    "our moderators may reject requests to feature a post.",
    "If we refuse your request, you can complain to your data protection authority.",
])
def test_a_condition_or_a_users_own_choice_is_not_a_right_taken_back(sentence):
    assert ("user_rights", "harm") not in found(sentence), find_rule_hits(sentence)


@pytest.mark.parametrize("service, terms_type, fragment, polarity", [
    ("Discord", "Privacy Policy", "commits to cooperate and comply respectively with the advice of the panel", "protection"),
    ("Spotify", "Privacy Policy", "We provide these rights to all residents of the U.S.", "protection"),
    ("Pinterest", "Privacy Policy", "you may have the right to appeal our decision", "protection"),
    ("Spotify", "Privacy Policy", "overrides your interest in having it deleted", "harm"),
])
def test_real_corpus_sentences(ota_corpus, service, terms_type, fragment, polarity):
    sentence = real_sentence(ota_corpus, service, terms_type, fragment)
    assert ("user_rights", polarity) in found(sentence), sentence


def test_the_services_own_right_to_restrict_export_is_not_a_user_right(ota_corpus):
    sentence = real_sentence(ota_corpus, "Microsoft", "Terms of Service", "reserves the right to restrict the export")
    assert ("user_rights", "protection") not in found(sentence), sentence


def _hunk(old: str, new: str) -> dict:
    kind = "modified" if old and new else "added" if new else "removed"
    return {"kind": kind, "section": "Your rights", "old": old, "new": new, "substantive": True}


def test_a_right_given_reads_better_and_taken_back_reads_worse():
    classifier = load_classifier()
    before = "We use your information to provide the service."
    given = "We extend these rights to all of our users, wherever they live."
    taken = "We may refuse your request to delete your data if we still need it."
    better = assess_change([_hunk("", given)], old_text=before, new_text=before + "\n\n" + given,
                           classifier=classifier)
    assert (better.direction, "user_rights" in better.categories) == ("better", True)
    worse = assess_change([_hunk("", taken)], old_text=before, new_text=before + "\n\n" + taken,
                          classifier=classifier)
    assert (worse.direction, "user_rights" in worse.categories) == ("worse", True)


@pytest.mark.parametrize("sentence, shared", [
    ("We may share your personal data with our parent company, located abroad.", True),
    ("We may disclose your information to a group member that runs our servers.", True),
    ("We do not share your personal data with our parent company.", False),
    ("Our parent company is incorporated in Delaware.", False),
])
def test_companies_of_the_same_group_named_by_their_kind_are_recipients(sentence, shared):
    assert (("data_sharing", "harm") in found(sentence)) == shared, find_rule_hits(sentence)


def test_real_group_recipients(ota_corpus):
    sentence = real_sentence(ota_corpus, "Telegram", "Privacy Policy", "our parent company, Telegram Group Inc")
    assert ("data_sharing", "harm") in found(sentence), sentence


def test_a_right_added_to_a_list_of_rights_reads_better_and_one_dropped_reads_worse():
    classifier = load_classifier()
    fewer = "You have the right to access and delete your personal data."
    more = "You have the right to access, delete and export your personal data, and to object to its processing."
    intro = "This section explains how we handle your personal data."
    gained = assess_change([_hunk(fewer, more)], old_text=intro + "\n\n" + fewer, new_text=intro + "\n\n" + more,
                           classifier=classifier)
    assert (gained.direction, "user_rights" in gained.categories) == ("better", True)
    lost = assess_change([_hunk(more, fewer)], old_text=intro + "\n\n" + more, new_text=intro + "\n\n" + fewer,
                         classifier=classifier)
    assert (lost.direction, "user_rights" in lost.categories) == ("worse", True)
    reworded = "You may access and erase your personal data at any time."
    same = assess_change([_hunk(fewer, reworded)], old_text=intro + "\n\n" + fewer,
                         new_text=intro + "\n\n" + reworded, classifier=classifier)
    assert same.direction == "neutral"


def test_how_to_ask_for_a_right_already_given_gives_nothing():
    """Fox News 2026-07-01 (`unseen21`): "if you submit a request for correction, you will need to
    identify the Personal Data you would like us to correct" added to a policy that already gave
    the right to correct is procedure, no gain; in a policy that gave no such right, the same
    sentence still gives it."""
    classifier = load_classifier()
    ask = "For example, if you submit a request for correction, you will need to identify the data you would like us to correct."
    gave = "You have the right to request that we correct inaccurate personal data we collected about you."
    intro = "This section explains how we handle your personal data."
    old = intro + "\n\n" + gave
    procedure = assess_change([_hunk("", ask)], old_text=old, new_text=old + "\n\n" + ask, classifier=classifier)
    assert procedure.direction == "neutral"
    given = assess_change([_hunk("", ask)], old_text=intro, new_text=intro + "\n\n" + ask, classifier=classifier)
    assert (given.direction, "user_rights" in given.categories) == ("better", True)


@pytest.mark.parametrize("old_route, new_route", [
    # unseen29 Glassdoor (2026-08-01): the opt-out link moved to Indeed's page, with how to use it
    ("To opt out, please visit [here](https://requests.example.test/share) or call our toll-free number.",
     "To opt out, please visit [here](https://www.example.test/ccpa-dns) (scroll down to _Opt Out of \u201cSelling\u201d "
     "or Targeted Advertising_ and click through the link) or call our toll-free number."),
    # Flickr: how to delete the account, beside the help-desk route the policy already gave
    ("", "To delete your Flickr account, click \u201cDelete your Flickr Account\u201d and confirm on the following page."),
])
def test_the_way_to_use_a_right_already_given_gives_nothing(old_route, new_route):
    classifier = load_classifier()
    rights = ("You have the right to opt out of the sale of your personal information and of targeted advertising, "
              "and to request that we delete your account and personal data.")
    intro = "This section explains how we handle your personal data."
    old = "\n\n".join(t for t in (intro, rights, old_route) if t)
    new = "\n\n".join((intro, rights, new_route))
    verdict = assess_change([_hunk(old_route, new_route)], old_text=old, new_text=new, classifier=classifier)
    assert verdict.direction == "neutral", verdict
    # where the policy gave no such right, the way to use it gives it
    given = assess_change([_hunk("", new_route)], old_text=intro, new_text=intro + "\n\n" + new_route,
                          classifier=classifier)
    assert (given.direction, "user_rights" in given.categories) == ("better", True)


@pytest.mark.parametrize("sentence", [
    "All users, wherever they live, have the right to make a request to access, correct or delete their data.",
    "We use it to send you newsletters, and you have the right to unsubscribe.",
    "Contact us at privacy@example.com to exercise your right to delete your data.",
    # the service's own act, not the user's way to a right (the review's counter-example)
    "To update this policy, we will send you a notice.",
])
def test_a_clause_that_gives_a_right_is_not_only_how_to_ask(sentence):
    from monitor.classify.rights import says_how_to_ask

    assert not says_how_to_ask(sentence)


@pytest.mark.parametrize("sentence", [
    "To make requests regarding your personal data, please contact us through our portal.",
    "For example, if you submit a request for correction, you will need to identify the data.",
    "You can use an authorized agent to submit a request to access, delete, or correct your Personal Data.",
    # Instacart 2025-12-10 (`unseen23`): who asks comes first in the condition
    "If you have used Instacart through one of our partner experiences and would like to submit a request to access "
    "or delete your Personal Information, please email us.",
])
def test_how_to_ask_is_read_as_such(sentence):
    from monitor.classify.rights import says_how_to_ask

    assert says_how_to_ask(sentence)


@pytest.mark.parametrize("text, kinds", [
    ("To make requests, please contact us through our Data Subject Access Request Portal.", {"access"}),
    ("You have the right to access, rectify, port and erase your information.", {"access", "correct", "delete", "export"}),
    ("You have the right to data portability.", {"export"}),
    ("A portion of your data may be kept.", set()),
])
def test_kinds_of_right_read_by_their_words_not_look_alikes(text, kinds):
    from monitor.classify.rights import right_kinds

    assert right_kinds([text]) == kinds


def test_the_name_of_a_request_portal_names_no_right():
    """Mozilla 2023-11-01 (`unseen21`): "To make requests regarding your personal data, please
    contact us through our Data Subject Access Request Portal" added to a policy that gave rights
    but not, in those words, a right of access: the portal's name is the form's, no right given. A
    way to ask for access itself, where no access was given, still gives it."""
    classifier = load_classifier()
    gave = "You have the right to request that we delete the personal data we collected about you."
    intro = "This section explains how we handle your personal data."
    old = intro + "\n\n" + gave
    portal = "To make requests regarding your personal data, please contact us through our Data Subject Access Request Portal."
    by_portal = assess_change([_hunk("", portal)], old_text=old, new_text=old + "\n\n" + portal, classifier=classifier)
    assert by_portal.direction == "neutral"
    access = "To make a request to access your personal data, please contact us through our webform."
    by_form = assess_change([_hunk("", access)], old_text=old, new_text=old + "\n\n" + access, classifier=classifier)
    assert (by_form.direction, "user_rights" in by_form.categories) == ("better", True)


def test_a_way_to_ask_that_names_no_right_still_gives_one_where_the_old_text_gave_none():
    """Review of session 20: a request portal added to a text that gave no right at all is the
    first way to ask: a gain, as the docs say."""
    classifier = load_classifier()
    intro = "This section explains how we handle your personal data."
    portal = "To make requests regarding your personal data, please contact us through our Data Subject Access Request Portal."
    result = assess_change([_hunk("", portal)], old_text=intro, new_text=intro + "\n\n" + portal, classifier=classifier)
    assert (result.direction, "user_rights" in result.categories) == ("better", True)
