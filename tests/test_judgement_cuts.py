"""A change that only cuts harm text, taking nothing from users, is no gain by itself (issue 13,
session 27, from the readings pool: a feature's terms gone with it, a section moved or re-cut, a
capture that lost a part); it stays a gain when the harm cut is of a grave kind, and a limit the
text states stays a gain. Tested through the shipped classifier on changes diffed as the
pipeline diffs them."""

from __future__ import annotations

from monitor.classify.clauses import load_classifier

from clause_readings import assessed_paragraphs  # tests/clause_readings.py

BEFORE = [
    "# Terms of Service",
    "You may use the service to share photos with your friends.",
    "We collect the email address you give us to run your account.",
]
TIPPING = ("Tipping: we may change the fees of the Tipping feature or stop paying out tips to creators at any "
           "time at our sole discretion.")
FACES = "We use face recognition technology to recognise you in photos and videos."


def assessed(old, new):
    return assessed_paragraphs(old, new, load_classifier())


def test_a_harm_cut_with_nothing_else_is_no_gain():
    """Tumblr, September 2024 (the pool, `unseen24`): the Tipping feature's terms deleted with the feature."""
    change = assessed([*BEFORE, TIPPING], BEFORE)
    assert change.direction == "neutral", change


def test_a_grave_harm_cut_is_a_gain():
    """Facebook and Instagram ending face recognition, December 2021 (the gold set)."""
    change = assessed([*BEFORE, FACES], BEFORE)
    assert change.direction == "better", change
    assert "sensitive_data" in change.categories


def test_a_limit_the_text_states_stays_a_gain():
    old = "We may suspend or terminate your account at any time for any reason."
    new = "We may suspend or terminate your account if you breach these terms."
    change = assessed([*BEFORE, old], [*BEFORE, new])
    assert change.direction == "better", change


def test_a_harm_cut_beside_a_loss_leaves_the_loss_deciding():
    sells = "We may sell your personal information to data brokers."
    change = assessed([*BEFORE, TIPPING], [*BEFORE, sells])
    assert change.direction == "worse", change


def test_a_harm_added_beside_a_cut_never_makes_a_change_better():
    """The review's counter-example: a termination power deleted is no gain alone, and adding a
    new harm in another section must not turn the change better."""
    from monitor.classify.balance import _verdict

    def decision(why, direction, severity):
        return {"direction": direction, "why": why, "severity": severity, "clauses": []}

    cut = {"unilateral_termination": decision("removed", "better", 3)}
    assert _verdict([cut]) == ("neutral", 0)
    assert _verdict([cut, {"advertising": decision("added", "worse", 1)}]) == ("worse", 1)
    assert _verdict([{**cut, "advertising": decision("added", "worse", 1)}]) == ("worse", 1)
    # a grave cut stays a gain beside a lighter loss
    assert _verdict([{"sensitive_data": decision("removed", "better", 3)},
                     {"advertising": decision("added", "worse", 1)}]) == ("better", 3)
