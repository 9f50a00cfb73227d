"""Removed text that stopped no practice, and promises that only bound a new programme (issue
13, `falsebetter`): a removed harm is a gain only when the new text no longer states the
practice and the removed text stated a practice in force; a promise added with a programme the
change introduces bounds that programme and is no gain. Each fault beside its guard (the same
change where the removal or the promise does reach the user's position). Whole texts of our
own wording, diffed by `monitor.diff.compare` and assessed by `assess_change`."""

from __future__ import annotations

import pytest

from monitor.classify import load_classifier

from clause_readings import assessed_paragraphs as assessed


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


# --- a report of what was done in a past year states no practice in force

PP_INTRO = "This privacy notice explains how Example Motors handles information about its customers."
PP_SHARING = ("We may disclose your contact details to our authorised retailers, who may use them to "
              "market to you.")
PP_CLOSING = "You can write to our privacy team with any question about this notice."
LAST_YEAR = ("During 2024, we shared the following types of personal information about our customers with "
             "Example Radio and Example Insurance, which used it for their own marketing:")
IN_FORCE = ("We share the following types of personal information about our customers with Example Radio "
            "and Example Insurance, which use it for their own marketing:")


def test_a_past_years_sharing_report_removed_stops_no_practice(classifier):
    a = assessed([PP_INTRO, PP_SHARING, LAST_YEAR, PP_CLOSING], [PP_INTRO, PP_SHARING, PP_CLOSING], classifier)
    assert a.direction == "neutral", a.hunks


def test_the_same_sharing_stated_in_force_removed_is_a_gain(classifier):
    a = assessed([PP_INTRO, PP_SHARING, IN_FORCE, PP_CLOSING], [PP_INTRO, PP_SHARING, PP_CLOSING], classifier)
    assert (a.direction, a.categories) == ("better", ["data_sharing"])


# --- a licence still granted, in other words, by a licence of the new text

TOS_INTRO = "These terms govern your use of the Example site builder and its add-ons."
GENERAL_LICENCE = ("By uploading Widget Content, you grant us a worldwide, royalty-free, non-exclusive licence "
                   "to use, reproduce, modify, publicly display, publish and store Widget Content for the "
                   "purpose of providing our services.")
FEATURE = "The Showcase feature is switched on by default and lists your public pages in our gallery."
DISPLAY_PERMISSION = "If you keep this feature on, you grant us permission to display your Widget Content in our gallery."
TOS_CLOSING = "Contact our support team if you have a question about these terms."


def test_a_permission_to_display_removed_while_a_wider_licence_stays_is_no_gain(classifier):
    a = assessed([TOS_INTRO, GENERAL_LICENCE, FEATURE, DISPLAY_PERMISSION, TOS_CLOSING],
                 [TOS_INTRO, GENERAL_LICENCE, TOS_CLOSING], classifier)
    assert a.direction == "neutral", a.hunks


def test_an_irrevocable_licence_removed_while_a_revocable_one_stays_is_a_gain(classifier):
    irrevocable = ("If you keep this feature on, you grant us an irrevocable permission to display your "
                   "Widget Content in our gallery.")
    a = assessed([TOS_INTRO, GENERAL_LICENCE, FEATURE, irrevocable, TOS_CLOSING],
                 [TOS_INTRO, GENERAL_LICENCE, TOS_CLOSING], classifier)
    assert (a.direction, a.categories) == ("better", ["content_license"])


def test_a_licence_of_something_else_removed_is_a_gain(classifier):
    photos = "If you keep this feature on, you grant us permission to display your profile photos in our gallery."
    a = assessed([TOS_INTRO, GENERAL_LICENCE, FEATURE, photos, TOS_CLOSING],
                 [TOS_INTRO, GENERAL_LICENCE, TOS_CLOSING], classifier)
    assert (a.direction, a.categories) == ("better", ["content_license"])


# --- the promises of a programme the change introduces bound that programme

# (a programme's section is a small part of a document the change otherwise keeps)
APP_INTRO = ("# Example Router terms\n\nThese terms govern your use of Example routers and the Example app.\n\n"
             "# Using the app\n\nThe Example app lets you set up your router, see which devices are connected "
             "and install updates of the router's software.\n\n"
             "# Orders and delivery\n\nRouters bought in our shop are delivered within five working days of the "
             "order.\n\nIf a router arrives damaged, tell us within fourteen days and we will send a replacement.\n\n"
             "# Warranty\n\nEvery router comes with a two-year warranty covering defects in materials and "
             "workmanship.\n\nThe warranty does not cover damage caused by lightning, flooding or repairs made by "
             "anyone other than our service centres.")
APP_CLOSING = "# Contact\n\nWrite to our support team with any question about these terms."
PROGRAMME = ("# Product Insights Programme\n\n"
             "We invite you to participate in our Product Insights Programme to help us improve our routers.\n\n"
             "You may opt out of the programme at any time in the app settings.\n\n"
             "The information collected will not be disclosed to any third party.")


def test_the_safeguards_of_a_new_programme_are_no_gain(classifier):
    a = assessed([APP_INTRO, APP_CLOSING], [APP_INTRO, PROGRAMME, APP_CLOSING], classifier)
    assert a.direction == "neutral", a.hunks


def test_a_right_given_in_a_new_section_of_its_own_is_a_gain(classifier):
    rights = ("# Your choices\n\nYou may ask us to delete your personal data at any time in the app settings.\n\n"
              "Your personal data will not be disclosed to any third party.")
    a = assessed([APP_INTRO, APP_CLOSING], [APP_INTRO, rights, APP_CLOSING], classifier)
    assert a.direction == "better"


def test_the_safeguard_of_a_new_feature_offered_to_advertisers_is_no_gain(classifier):
    feature = ("# Promoted posts\n\n"
               "Example offers a tool for advertisers to promote their posts in public groups, but these "
               "promoted posts are based solely on the topic of the group in which they are shown.\n\n"
               "We never use your personal data to target ads or promoted posts.")
    a = assessed([APP_INTRO, APP_CLOSING], [APP_INTRO, feature, APP_CLOSING], classifier)
    assert a.direction == "neutral", a.hunks


def test_tools_offered_to_the_user_in_a_new_section_are_a_gain(classifier):
    tools = ("# Your controls\n\n"
             "Example offers tools to you to manage your data: you may ask us to delete your personal data "
             "at any time in the app settings.")
    a = assessed([APP_INTRO, APP_CLOSING], [APP_INTRO, tools, APP_CLOSING], classifier)
    assert a.direction == "better"


def test_a_programme_named_in_a_rewrite_under_a_new_heading_bounds_nothing_else(classifier):
    # every heading of a rewrite under a new "Updated ..." heading is new: the programme's
    # section is then the whole document, not a section added to it
    rewrite = ("# Updated 1 March 2025\n\n" + APP_INTRO.replace("# ", "## ") + "\n\n"
               "Schools that participate in our Classroom Program may create accounts for their pupils.\n\n"
               "## Your choices\n\nYou may ask us to delete your personal data at any time in the app settings.\n\n"
               "Your personal data will not be disclosed to any third party.")
    a = assessed([APP_INTRO, APP_CLOSING], [rewrite, APP_CLOSING], classifier)
    assert a.direction == "better"
