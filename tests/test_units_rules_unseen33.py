"""Readings from session 26's pool pass and the `unseen33` held-out sample (issue 13): a right to
refuse a practice the old text never named is the way out of what the change brings, not a gain;
calls with the service recorded are data collected; the same rights given to the residents of more places
are a gain.
Each reading is one sentence in ``docs/taxonomy.md``; tested through the shipped classifier
and the change-level outcome, with guards (the same right refusing a practice the old text
stated is still a gain; a law's rights stated as the law's are read as before)."""

from __future__ import annotations

from monitor.classify.clauses import load_classifier

from clause_readings import assessed_paragraphs  # tests/clause_readings.py

BEFORE = [
    "Example Corp explains here how it handles the information of the people who use its service.",
    "We collect the name and email address you give us when you create an account.",
    "We use that information to provide the service to you and to keep your account secure.",
]
OPT_OUT_OF_TEXTS = "To opt out of receiving text messages from Example Corp, you must reply STOP from your phone."


def test_an_opt_out_of_texts_the_old_text_never_sent_is_no_gain():
    change = assessed_paragraphs(BEFORE, [*BEFORE, OPT_OUT_OF_TEXTS], load_classifier())
    assert change.direction != "better", change


def test_the_same_opt_out_of_texts_the_old_text_sent_is_a_gain():
    sends = "We may send you marketing text messages about our offers."
    change = assessed_paragraphs([*BEFORE, sends], [*BEFORE, sends, OPT_OUT_OF_TEXTS], load_classifier())
    assert change.direction == "better", change


def test_an_opt_out_beside_a_new_practice_it_refuses_leaves_the_practice_deciding():
    """A guard: the opt-out added with the practice it refuses outweighs nothing."""
    texts = ("We may send you automated marketing text messages about our offers to the phone number "
             "you give us, and share your number with our marketing partners.")
    opt_out = "You may opt out of receiving automated marketing text messages at any time by texting STOP."
    change = assessed_paragraphs(BEFORE, [*BEFORE, texts, opt_out], load_classifier())
    assert change.direction == "worse", change


# --- calls with the service recorded ---------------------------------------------------------------

def test_calls_recorded_are_data_collected():
    """ubuntu.com, February 2024 (`unseen33`): "calls may be recorded for training and monitoring"."""
    from clause_readings import read
    assert "data_collection" in read("When you correspond with us by phone, calls may be recorded for training "
                                     "and monitoring purposes.").labels
    assert "data_collection" in read("We may record calls with our customer service team for quality purposes.").labels


def test_calls_not_recorded_or_the_users_recording_are_no_collection():
    from clause_readings import read
    for sentence in ("Calls will not be recorded.", "You may not record calls with other users.", "Calls are free."):
        assert "data_collection" not in read(sentence).labels, sentence
    assert "data_collection" in read("We never record your calls.").protections


# --- the same rights given to the residents of more places ------------------------------------------

RIGHTS = "If you are a {} resident, you have the right to access, correct and delete your personal data."


def _rights_change(old_places: str, new_places: str):
    from clause_readings import hunk
    from monitor.classify import assess_change
    return assess_change([hunk("modified", old=RIGHTS.format(old_places), new=RIGHTS.format(new_places),
                               section="Your State Privacy Rights")])


def test_rights_extended_to_another_state_are_a_gain():
    """ironSource, July 2023; Taboola, December 2023 (the pool): the state-rights section now also
    for Connecticut, Colorado or Utah residents."""
    change = _rights_change("Virginia", "Virginia or Utah")
    assert (change.direction, change.categories) == ("better", ["user_rights"])


def test_rights_withdrawn_from_a_state_are_a_loss_and_the_same_states_no_change():
    assert _rights_change("Virginia or Utah", "Virginia").direction == "worse"
    assert _rights_change("Virginia or Utah", "Utah or Virginia").direction == "neutral"


def test_a_local_laws_right_weighs_half_beside_a_harm_to_every_user():
    """Forbes, October 2021 (`unseen30`): rights for China residents only do not outweigh data
    put to new commercial uses for everyone. Without the place, the right is a full gain."""
    from monitor.classify import assess_change
    from clause_readings import hunk

    harm = "The Services may also carry advertisements from other companies."

    def change(right: str):
        return assess_change([hunk("added", new=harm, section="Advertising"),
                              hunk("added", new=right, section="Your rights")])

    local = change("China Residents Only: if you are a mainland China resident, you have the right to access, "
                   "correct, and delete your personal information.")
    everyone = change("You have the right to access, correct, and delete your personal information.")
    assert local.direction == "worse", local
    assert everyone.direction == "better", everyone


# --- the review's counter-examples ------------------------------------------------------------------

def test_an_opt_out_of_a_practice_the_old_text_states_in_other_words_is_a_gain():
    """"marketing e-mails" in the old text, "marketing emails" refused: the practice's category
    (advertising) stated in the old text names it."""
    sends = "We may send you marketing e-mails about our offers and partners' products."
    opt_out = "You can unsubscribe from marketing emails at any time by clicking the link in any email."
    change = assessed_paragraphs([*BEFORE, sends], [*BEFORE, sends, opt_out], load_classifier())
    assert change.direction == "better", change


def test_a_laws_right_to_opt_out_is_read_as_before():
    for right in ("Under the VCDPA, you have the right to opt out of profiling in furtherance of decisions "
                  "that produce legal effects.",
                  "Virginia residents have the right to opt out of profiling in furtherance of decisions "
                  "that produce legal effects."):
        change = assessed_paragraphs(BEFORE, [*BEFORE, right], load_classifier())
        assert change.direction == "better", (right, change)


def test_only_the_places_whose_residents_get_the_rights_count():
    from monitor.classify.rights import places_given_rights
    assert places_given_rights(["CALIFORNIA RESIDENTS have the right to know what we collect."]) == {"California"}
    assert places_given_rights(["All our users, not only California residents, have the right to delete."]) == set()
    assert places_given_rights(["You have the right to delete your data by writing to 1 Main St, Austin, Texas."]) == set()
    assert places_given_rights(["You have the right to delete; our officer is based in New York."]) == set()
    assert places_given_rights(["If you are in the EEA, the UK or Brazil, you have the right to delete."]) == set()
    assert _rights_change("California", "California").direction == "neutral"


def test_other_calls_and_the_users_own_recordings_are_no_collection():
    from clause_readings import read
    for sentence in ("Your API calls may be monitored to enforce rate limits.",
                     "Calls can be recorded by you using the record button; recordings stay on your device.",
                     "Calls are recorded on your device only and never sent to us."):
        assert "data_collection" not in read(sentence).labels, sentence


# --- a licence made non-exclusive is narrower ------------------------------------------------------

LICENCE = "By posting Content, you grant Zora a {}worldwide, royalty-free license to use, copy and display your Content."


def _licence_change(old: str, new: str):
    from clause_readings import hunk
    from monitor.classify import assess_change
    return assess_change([hunk("modified", old=LICENCE.format(old), new=LICENCE.format(new), section="Content")])


def test_a_licence_made_non_exclusive_is_narrower_and_one_made_exclusive_wider():
    """Zora, July 2025 (the pool): "a non-exclusive" licence was read as a licence that grew."""
    assert _licence_change("", "non-exclusive, ").direction == "better"
    assert _licence_change("non-exclusive, ", "exclusive, ").direction == "worse"


def test_non_transferable_and_non_sublicensable_widen_nothing():
    assert _licence_change("transferable, ", "non-transferable, ").direction == "better"
    assert _licence_change("non-sublicensable, ", "sublicensable, ").direction == "worse"
