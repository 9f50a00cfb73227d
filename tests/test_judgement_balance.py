"""The balance of a large rewrite: a new practice (a harm of a category the old text stated
nowhere) is not cancelled by the promises and rights that only come with it — a promise of the
practice's own category, or a right to opt out of or object to processing. Guards: a rewrite
that only adds rights stays better, one that only adds a harm stays worse, and a promise or an
opt-out added beside a harm the old text already stated still counts. Each case is a whole old
and new text run through `assess_change`, on our own wording."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from monitor.classify import assess_change, load_classifier

PREAMBLE = ("This privacy policy explains how Example handles information about the people who use the Example "
            "service and the choices they have.")
CLOSING = "You can contact our privacy team by email with any question about this policy."

# "publicly available" widens the practice beyond what a plain promise of the category weighs.
NEW_PRACTICE = ("We collect posts and photos that are publicly available on the internet to train our artificial "
                "intelligence models.")
SAME_CATEGORY_PROMISE = "Your private messages are never used to train our artificial intelligence models."
OPT_OUT = "You have the right to opt out of this processing at any time in your account settings."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def added(paragraphs: list[str], classifier, *, elsewhere: str = ""):
    """A change that adds ``paragraphs`` (one hunk each) to a short policy that also says
    ``elsewhere`` (unchanged)."""
    old = "\n\n".join(p for p in (PREAMBLE, elsewhere, CLOSING) if p)
    new = "\n\n".join(p for p in (PREAMBLE, elsewhere, *paragraphs, CLOSING) if p)
    hunks = [{"kind": "added", "section": "Your information", "old": "", "new": p, "substantive": True}
             for p in paragraphs]
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_new_practice_is_not_cancelled_by_its_own_promise_and_opt_out(classifier):
    assessment = added([NEW_PRACTICE, SAME_CATEGORY_PROMISE, OPT_OUT], classifier)
    assert assessment.direction == "worse"
    assert "ai_training" in assessment.categories and "user_rights" not in assessment.categories


def test_an_opt_out_beside_a_new_practice_is_no_gain_while_other_promises_still_count(classifier):
    plain_practice = "We use the posts and photos you share to train our artificial intelligence models."
    ads_promise = "We do not show you personalised ads based on your messages."
    assessment = added([plain_practice, OPT_OUT, ads_promise], classifier)
    assert assessment.direction == "worse"
    assert assessment.hunks[2]["changes"] == [{"category": "advertising", "direction": "better",
                                               "why": "protection added", "severity": 1}]


def test_a_right_to_delete_beside_a_new_practice_still_counts(classifier):
    # Only rights to refuse processing accompany a practice; an opt-out that does not count
    # leaves the category's one gain to the next right given.
    plain_practice = "We use the posts and photos you share to train our artificial intelligence models."
    delete = "You can ask us to delete your personal information at any time."
    ads_promise = "We do not show you personalised ads based on your messages."
    assessment = added([plain_practice, OPT_OUT, delete, ads_promise], classifier)
    assert assessment.direction == "better"
    assert "user_rights" in assessment.categories


def test_an_opt_out_that_did_not_count_is_no_category_of_a_better_change(classifier):
    # The practice is outweighed by a promise not to sell data; the opt-out that came with the
    # practice still counted for nothing, so it is no reason given for "better".
    plain_practice = "We use the posts and photos you share to train our artificial intelligence models."
    assessment = added([plain_practice, OPT_OUT, "We do not sell your personal information."], classifier)
    assert assessment.direction == "better"
    assert assessment.categories == ["data_sale"]


# --- guards ----------------------------------------------------------------------------------

def test_a_new_practice_with_an_opt_out_alone_stays_worse(classifier):
    assessment = added([NEW_PRACTICE, OPT_OUT], classifier)
    assert assessment.direction == "worse"


def test_a_rewrite_that_only_adds_rights_stays_better(classifier):
    assessment = added([OPT_OUT, "You can ask us to delete your personal information at any time."], classifier)
    assert assessment.direction == "better"
    assert "user_rights" in assessment.categories


def test_a_rewrite_that_only_adds_a_new_practice_stays_worse(classifier):
    assessment = added([NEW_PRACTICE], classifier)
    assert assessment.direction == "worse"
    assert "ai_training" in assessment.categories


def test_a_promise_as_strong_as_the_new_practice_still_counts(classifier):
    # A plain practice (no scope word) and a promise of its category weigh alike: the promise
    # may offset it, as mandatory consumer law kept beside a new choice of law does.
    plain_practice = "We use the posts and photos you share to train our artificial intelligence models."
    assessment = added([plain_practice, SAME_CATEGORY_PROMISE], classifier)
    assert assessment.direction == "worse"  # a tie counts as worse
    assert assessment.hunks[1]["direction"] == "better"


def test_a_promise_beside_a_practice_the_old_text_already_stated_still_counts(classifier):
    # Training on public posts was already stated: the promise about private messages limits
    # an old practice, a gain the reader did not have before.
    elsewhere = NEW_PRACTICE
    assessment = added([SAME_CATEGORY_PROMISE], classifier, elsewhere=elsewhere)
    assert assessment.direction == "better"
    assert assessment.categories == ["ai_training"]


# --- discretionary powers (engineer rewrites3) -----------------------------------------------
# A power the service keeps to decide "in its sole discretion" changes the user's position
# whenever the service so decides: added, it is a loss even where no rule reads the clause as
# a harm; already granted by the old text in other words, it is no new loss.

TERMS_PREAMBLE = "These terms describe how sellers and buyers use the Example marketplace."
TERMS_CLOSING = "You can contact our support team by email with any question about these terms."
DISCRETION = "Example, in its sole discretion, may limit how many listings a seller can publish each week."


def rewritten(old_paragraphs: list[str], new_paragraphs: list[str], classifier, *, pairs=None):
    """A change that replaces ``old_paragraphs`` by ``new_paragraphs`` in a short terms text:
    one hunk per ``(old, new)`` pair of ``pairs`` (by default the paragraphs paired in order,
    the rest added or removed)."""
    old = "\n\n".join([TERMS_PREAMBLE, *old_paragraphs, TERMS_CLOSING])
    new = "\n\n".join([TERMS_PREAMBLE, *new_paragraphs, TERMS_CLOSING])
    if pairs is None:
        count = max(len(old_paragraphs), len(new_paragraphs))
        pairs = [(old_paragraphs[i] if i < len(old_paragraphs) else "", new_paragraphs[i] if i < len(new_paragraphs) else "")
                 for i in range(count)]
    hunks = [{"kind": "modified" if before and after else "added" if after else "removed", "section": "Selling",
              "old": before, "new": after, "substantive": True} for before, after in pairs]
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_new_power_to_decide_in_the_services_sole_discretion_is_a_loss(classifier):
    assessment = rewritten([], [DISCRETION], classifier)
    assert assessment.direction == "worse"
    assert assessment.categories == ["unilateral_change"]
    assert any("sole discretion" in item["text"] for item in assessment.evidence)
    named = "Whether a listing appears on the home page is left to the sole discretion of Example."
    assert rewritten([], [named], classifier).direction == "worse"


def test_a_discretion_removed_and_one_added_elsewhere_leave_the_lost_consumer_law_promise_to_decide(classifier):
    # The rewrite drops one discretionary power and grants another over a wider matter; the
    # promise of the user's own mandatory consumer law, removed, tips the balance.
    old_power = ("Free trial eligibility is decided by Example at its sole discretion and we may end a trial early "
                 "to prevent abuse.")
    new_power = "Whether a seller qualifies for any promotional offer is determined by Example at its sole discretion."
    consumer_law = ("These terms do not limit any consumer protection rights you have under the mandatory laws "
                    "of the country where you live.")
    assessment = rewritten([old_power, consumer_law], [new_power], classifier,
                           pairs=[(old_power, ""), ("", new_power), (consumer_law, "")])
    assert assessment.direction == "worse"
    assert assessment.categories == ["unilateral_change", "choice_of_law"]


def test_a_discretionary_power_cut_alone_is_read_but_no_gain(classifier):
    # session 27: a change that only cuts harm text of no grave kind is neutral (balance._only_cuts);
    # the cut is still read, and decides beside a loss
    assessment = rewritten([DISCRETION], [], classifier)
    assert ("unilateral_change", "better") in {(c["category"], c["direction"]) for h in assessment.hunks
                                              for c in h["changes"]}
    assert assessment.direction == "neutral"


def test_a_discretion_the_old_text_already_granted_in_other_words_is_no_loss(classifier):
    old = "Example may, in its sole discretion, limit how many listings a seller can publish each week."
    assessment = rewritten([old], [DISCRETION], classifier)
    assert assessment.direction == "neutral"


def test_the_users_own_discretion_is_no_power_of_the_service(classifier):
    own = "You may, at your sole discretion, choose which of your listings appear on your public profile."
    assert rewritten([], [own], classifier).direction == "neutral"
    sellers = "Whether a listing appears on a public profile is left to the sole discretion of the seller."
    assert rewritten([], [sellers], classifier).direction == "neutral"


def test_a_discretion_to_grant_the_user_a_favour_is_no_power_over_the_user(classifier):
    favour = "Example may, at its sole discretion, refund a purchase that arrived damaged."
    assert rewritten([], [favour], classifier).direction == "neutral"


@pytest.mark.parametrize("other_party", [
    "The Seller may, at its sole discretion, accept returns of used items.",
    "Returns of used items are accepted at the sole discretion of the Host.",
])
def test_another_partys_discretion_is_no_power_of_the_service(classifier, other_party):
    # (review 7) "its" pointing back to the seller, "the discretion of the Host": a defined
    # term capitalised is still another party
    assert rewritten([], [other_party], classifier).direction == "neutral"


def test_a_favour_far_from_the_discretion_does_not_excuse_it(classifier):
    # (review 7) the credits are taken away, not granted: the power is the service's
    taken = "We may, at our sole discretion, suspend your selling account and forfeit any unused credits."
    assert rewritten([], [taken], classifier).direction == "worse"
    exclusive = "Example may, in its sole and exclusive discretion, limit how many listings a seller can publish."
    assert rewritten([], [exclusive], classifier).direction == "worse"


def test_a_rewrite_that_restates_everything_stays_neutral(classifier):
    old = [DISCRETION, "You can delete your seller account at any time from your settings."]
    new = ["Example may, in its sole discretion, limit how many listings a seller can publish each week.",
           "You can delete your seller account from your settings at any time."]
    assert rewritten(old, new, classifier).direction == "neutral"


# --- harms that only leave the text (balance._light_removal, the safeguards gone with them) ---

def removed(paragraphs: list[str], classifier, *, added_paragraphs: tuple[str, ...] = (), elsewhere: str = ""):
    """A change that removes ``paragraphs`` (one hunk each) from a short policy that also says
    ``elsewhere`` (unchanged), and adds ``added_paragraphs``."""
    old = "\n\n".join(p for p in (PREAMBLE, elsewhere, *paragraphs, CLOSING) if p)
    new = "\n\n".join(p for p in (PREAMBLE, elsewhere, *added_paragraphs, CLOSING) if p)
    hunks = [{"kind": "removed", "section": "Your information", "old": p, "new": "", "substantive": True}
             for p in paragraphs]
    hunks += [{"kind": "added", "section": "Your information", "old": "", "new": p, "substantive": True}
              for p in added_paragraphs]
    return assess_change(hunks, old, new, classifier=classifier)


LIGHT_HARM = "Advertisements shown in our videos may be served by an advertising partner."
ADS_ELSEWHERE = "Our advertising partners may show ads in our videos and on our pages."
FEATURE = ["When you turn on Nearby, we use the precise location of your device to suggest stores around you.",
           "Nearby shares your location history with partner stores.",
           "We never sell the location data Nearby collects."]


def test_a_light_harm_leaving_the_text_is_no_gain(classifier):
    # a dropped pointer to an ad partner, while the policy still speaks of its ads: the practice
    # is as light as a harm gets and nothing promises it stopped
    assessment = removed([LIGHT_HARM], classifier, elsewhere=ADS_ELSEWHERE)
    assert assessment.direction == "neutral" and assessment.categories == [] and assessment.evidence == []
    # ... while the hunk still says what moved, for whoever reads the change's details
    assert [c["why"] for h in assessment.hunks for c in h["changes"]] == ["removed"]


def test_a_light_harm_whose_recipients_and_purposes_the_text_no_longer_names_is_cut_alone(classifier):
    # the only words of the policy on ads and ad partners: the text stops reaching them, a cut of
    # no grave kind, no gain by itself (session 27, balance._only_cuts)
    assessment = removed([LIGHT_HARM], classifier)
    assert ("advertising", "removed") in {(c["category"], c["why"]) for h in assessment.hunks for c in h["changes"]}
    assert assessment.direction == "neutral"


def test_a_light_harm_leaving_beside_a_promise_added_is_a_gain(classifier):
    assessment = removed([LIGHT_HARM], classifier, elsewhere=ADS_ELSEWHERE,
                         added_paragraphs=("We will never sell your personal information to anyone.",))
    assert assessment.direction == "better" and "data_sale" in assessment.categories


def test_a_severe_harm_leaving_the_text_is_still_a_gain(classifier):
    assessment = removed(["We use face recognition technology to recognise you in photos and videos you upload."],
                         classifier)
    assert assessment.direction == "better" and assessment.categories == ["sensitive_data"]


def test_a_feature_described_with_its_safeguards_leaving_the_page_is_no_gain(classifier):
    # the practices and a promise as weighty that bounded them go together: less is said, not less
    # done, and neither side counts
    assessment = removed(FEATURE, classifier)
    moved = {(c["category"], c["why"]) for h in assessment.hunks for c in h["changes"]}
    assert ("sensitive_data", "removed") in moved and ("data_sale", "protection removed") in moved
    assert assessment.direction == "neutral" and assessment.categories == []
    # the practices alone leaving are a gain
    assert removed(FEATURE[:2], classifier).direction == "better"


def _decision(why: str, severity: int, text: str = "") -> dict:
    direction = "worse" if why in ("added", "grew", "widened", "protection removed", "protection weakened") else "better"
    return {"direction": direction, "why": why, "severity": severity, "clauses": [SimpleNamespace(text=text)]}


def test_the_verdict_on_harms_leaving_the_text():
    from monitor.classify.balance import _verdict

    removed_, lost = (lambda severity: _decision("removed", severity)), (lambda severity: _decision("protection removed", severity))
    # only light harms leaving the text: neutral; one of a grave kind among them: a gain; cuts of
    # no grave kind, even one the text no longer reaches, and nothing lost: no gain (session 27)
    assert _verdict([{"advertising": removed_(1)}, {"data_retention": _decision("shrank", 1)}]) == ("neutral", 0)
    assert _verdict([{"advertising": removed_(1)}, {"sensitive_data": removed_(3)}]) == ("better", 3)
    assert _verdict([{"advertising": removed_(1)},
                     {"data_collection": {**removed_(1), "reach lost": True}}]) == ("neutral", 0)
    assert _verdict([{"unilateral_termination": removed_(3)}]) == ("neutral", 0)
    assert _verdict([{"unilateral_termination": _decision("narrowed", 3)}]) == ("better", 3)
    # beside light gains, a smaller loss decides the change
    assert _verdict([{"advertising": removed_(1)}, {"tracking": removed_(1)}, {"data_retention": lost(1)}]) == ("worse", 1)
    # a severe harm leaving with a weaker promise of another kind is still a gain ...
    assert _verdict([{"sensitive_data": removed_(3)}, {"data_sharing": removed_(3)}, {"ai_training": lost(2)}]) \
        == ("better", 3)
    # ... and with one as weighty, a description that left with its promises: neither side counts
    assert _verdict([{"sensitive_data": removed_(3)}, {"data_sharing": removed_(3)}, {"data_sale": lost(3)}]) \
        == ("neutral", 0)
    # a promise of the gain's own category is that harm's limit leaving with it
    assert _verdict([{"data_sharing": removed_(3)}, {"tracking": removed_(3)}, {"data_sharing": lost(3)}]) == ("better", 3)
    # and so is a right to opt out: the way out of a harm leaving with it
    opt_out = _decision("protection removed", 3, "You may opt out of this arbitration agreement within 30 days.")
    assert _verdict([{"arbitration": removed_(3)}, {"class_action_waiver": removed_(3)}, {"user_rights": opt_out}]) \
        == ("better", 3)
    delete = _decision("protection removed", 3, "You can ask us to delete your account at any time.")
    assert _verdict([{"arbitration": removed_(3)}, {"class_action_waiver": removed_(3)}, {"user_rights": delete}]) \
        == ("neutral", 0)
    # a promise added is a gain whatever went with it
    assert _verdict([{"advertising": removed_(1)}, {"data_sale": _decision("protection added", 2)},
                     {"ai_training": lost(1)}]) == ("better", 2)
    # and a loss that outweighs the gains is still a loss
    assert _verdict([{"advertising": removed_(1)}, {"data_sale": lost(3)}]) == ("worse", 3)
