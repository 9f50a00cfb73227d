"""The words of a safeguard name the practice they guard (`monitor.classify.limits`): a clause
that binds a practice the terms already allowed to a limit ("we will only close your account
with notice") is a gain, and a practice named only in the condition of a promise ("if we pass
your data to a vendor, the vendor may not sell it") is the promise's scope, not a new practice.
Guards: the same limit on a practice the old text never stated, a limit that widens what the old
text reached, a limit put on the user, and "only" where it is the harm's own wording stay harms.
Each case is a whole old and new text run through `assess_change`, on our own wording."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier

PREAMBLE = "These terms explain how Example runs its service and what it may do with your account and data."
CLOSING = "You can write to our support team with any question about these terms."
CLOSE_ANY_TIME = "We may close your account at any time for any reason."
NOTICE_LIMIT = ("We will only terminate your account or suspend your access to the service with advance notice, "
                "except where the law prevents us from giving notice.")
KEEP_AS_NEEDED = "We keep your personal data for as long as we need it."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def added(paragraphs: list[str], classifier, *, elsewhere: str = ""):
    """A change that adds ``paragraphs`` (one hunk each) to a short text that also says
    ``elsewhere`` (unchanged)."""
    old = "\n\n".join(p for p in (PREAMBLE, elsewhere, CLOSING) if p)
    new = "\n\n".join(p for p in (PREAMBLE, elsewhere, *paragraphs, CLOSING) if p)
    hunks = [{"kind": "added", "section": "Your account", "old": "", "new": p, "substantive": True}
             for p in paragraphs]
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_power_the_terms_held_now_used_only_with_notice_is_a_gain(classifier):
    assessment = added([NOTICE_LIMIT], classifier, elsewhere=CLOSE_ANY_TIME)
    assert assessment.direction == "better"
    assert assessment.hunks[0]["changes"][0]["why"] == "protection added"


def test_a_retention_the_terms_held_now_bound_to_its_purpose_is_a_gain(classifier):
    limit = "We keep your personal data only for as long as it is needed for the purposes described above."
    assessment = added([limit], classifier, elsewhere=KEEP_AS_NEEDED)
    assert assessment.direction == "better"


def test_the_same_limit_on_a_practice_the_terms_never_stated_is_still_a_harm(classifier):
    assert added([NOTICE_LIMIT], classifier).direction == "worse"


def test_a_limit_that_reaches_new_data_is_still_a_harm(classifier):
    share = "We share your personal data with our service providers."
    wider = "We only share your precise location and contacts with advertising partners."
    assert added([wider], classifier, elsewhere=share).direction == "worse"


def test_only_as_the_harm_own_wording_stays_a_harm(classifier):
    waiver = "Each party may bring claims against the other only in its individual capacity, and not as a class member."
    old_waiver = "You waive any right to take part in a class action against us."
    assert added([waiver], classifier, elsewhere=old_waiver).direction != "better"


def test_a_practice_named_in_the_condition_of_a_promise_is_no_new_practice(classifier):
    promise = ("If Example shares personal data with a vendor that provides AI services, Example will ensure that the "
               "vendor is under a contractual obligation not to use the data in order to train or improve its AI models.")
    share = "We share your personal data with our service providers."
    assessment = added([promise], classifier, elsewhere=share)
    assert assessment.direction != "worse"
    assert "data_sharing" not in assessment.categories


def test_a_practice_stated_outright_beside_a_promise_is_still_a_harm(classifier):
    stated = ("Example shares personal data with vendors that provide AI services, and Example will ensure that the "
              "vendors are under a contractual obligation not to use the data in order to train or improve their AI models.")
    share = "We share your personal data with our service providers."
    assessment = added([stated], classifier, elsewhere=share)
    assert any(c["category"] == "data_sharing" and c["direction"] == "worse" for c in assessment.hunks[0]["changes"])
