"""Change assessment (direction, severity, evidence) on small hunks, and how changes are imposed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from monitor.classify import assess_change, detect_imposition


def hunk(kind, old="", new="", substantive=True, section="Terms"):
    return {"kind": kind, "section": section, "old": old, "new": new, "substantive": substantive}


ARBITRATION = "Any dispute arising from these Terms will be resolved by binding arbitration."


def test_added_harmful_clause_is_worse():
    a = assess_change([hunk("added", new=ARBITRATION)])
    assert (a.direction, a.categories) == ("worse", ["arbitration"])
    assert 1 <= a.severity <= 3
    assert a.evidence == [{"category": "arbitration", "categories": ["arbitration"], "side": "new", "text": ARBITRATION,
                           "highlight": [[45, 76]], "hunk": 0}]
    assert ARBITRATION[45:76] == "resolved by binding arbitration"
    assert 0.5 < a.confidence <= 1


def test_removed_harmful_clause_is_better():
    a = assess_change([hunk("removed", old=ARBITRATION)])
    assert (a.direction, a.categories) == ("better", ["arbitration"])
    assert a.evidence[0]["side"] == "old"


def test_promise_not_to_sell_is_not_worse_but_dropping_it_is():
    assert assess_change([hunk("added", new="We do not sell your personal information.")]).direction != "worse"
    dropped = assess_change([hunk("removed", old="We do not sell your personal information.")])
    assert (dropped.direction, dropped.categories) == ("worse", ["data_sale"])


def test_widened_scope_is_worse_and_narrowed_is_better():
    narrow = "We may share your information with our partners."
    wide = "We may share your information with our partners and any third party for any purpose."
    worse = assess_change([hunk("modified", old=narrow, new=wide)])
    assert (worse.direction, worse.categories) == ("worse", ["data_sharing"])
    assert [e["text"] for e in worse.evidence] == [wide]
    assert {"any third party", "for any purpose"} <= {wide[s:e] for s, e in worse.evidence[0]["highlight"]}
    better = assess_change([hunk("modified", old=wide, new=narrow)])
    assert better.direction == "better"


def test_severity_grows_with_scope_words():
    plain = assess_change([hunk("added", new="We may share your information with service providers.")])
    broad = assess_change([hunk("added", new="We may share your information with service providers, "
                                             "advertisers and any third party for any purpose without your consent.")])
    assert plain.direction == broad.direction == "worse"
    assert broad.severity > plain.severity


def test_rewording_without_new_harm_is_neutral():
    a = assess_change([hunk("modified", old="Contact us by email at help@example.com.",
                            new="You can contact us by email at support@example.com.")])
    assert (a.direction, a.severity, a.categories, a.evidence) == ("neutral", 0, [], [])


def test_unchanged_sentences_in_a_modified_paragraph_do_not_count():
    paragraph = ARBITRATION + " Please read this section carefully."
    a = assess_change([hunk("modified", old=paragraph, new=paragraph + " Our address is 1 Main Street.")])
    assert a.direction == "neutral"


def test_cosmetic_and_moved_hunks_are_ignored():
    a = assess_change([hunk("added", new=ARBITRATION, substantive=False),
                       hunk("moved", old=ARBITRATION, new=ARBITRATION)])
    assert a.direction == "neutral" and [h["direction"] for h in a.hunks] == ["neutral", "neutral"]


def test_verdict_comes_from_hunks_and_hunks_can_be_objects():
    @dataclass
    class Hunk:
        kind: str
        section: str
        old: str
        new: str
        substantive: bool = True

    a = assess_change([Hunk("removed", "Disputes", "Contact us at the address below.", ""),
                       Hunk("added", "Data", "", "We may sell your personal information to data brokers.")])
    assert a.direction == "worse" and a.severity == 3
    assert [h["direction"] for h in a.hunks] == ["neutral", "worse"]
    assert a.evidence[0]["hunk"] == 1
    out = a.to_json()
    assert set(out) >= {"direction", "severity", "categories", "evidence", "confidence", "hunks", "imposed"}


@pytest.mark.parametrize("text, key, value", [
    ("These terms are effective as of March 1, 2024.", "effective_date", "2024-03-01"),
    ("Effective date: 15 June 2023", "effective_date", "2023-06-15"),
    ("Last updated: 2 May 2022", "effective_date", None),
    ("**Last updated: December 31, 2025.** View the prior version.", "last_updated", "2025-12-31"),
    ("We will notify you at least 30 days before the changes take effect.", "notice_days", 30),
    ("If we make material changes, we will give you thirty (30) days' notice by email.", "notice_days", 30),
    ("We may update these terms and will inform you two weeks in advance.", "notice_days", 14),
    ("We will notify you at least 30 days before.", "notice_days", 30),
    ("We will notify you 7 days before your free trial ends.", "notice_days", None),
    ("Our liability is limited to the amount paid to you in the 12 months before the date of your notice of the claim.",
     "notice_days", None),
    ("This opt-out notice must be sent within thirty (30) days of when we notify users of the change.",
     "notice_days", None),
    ("Discord will provide 30 days’ notice of the date of any material changes to this Agreement.", "notice_days", 30),
    ("By continuing to use the Services you agree to the updated terms.", "consent_by_use", True),
    ("If you continue to use the Services after the changes take effect, you accept the revised Terms.",
     "consent_by_use", True),
    ("By creating an account you accept these Terms.", "consent_by_use", False),
    ("We've updated our Privacy Policy to explain how we use AI.", "announced", True),
    ("We collect information you provide.", "announced", False),
])
def test_imposition(text, key, value):
    assert detect_imposition(text)[key] == value


def test_imposition_prefers_the_new_effective_date_and_new_announcements():
    old = "Effective date: January 1, 2023. We've updated our terms."
    new = "Effective date: July 1, 2024. We've updated our terms."
    imposed = detect_imposition(new, old_text=old)
    assert imposed["effective_date"] == "2024-07-01"
    assert imposed["announced"] is False  # the same announcement was already there


def test_assessment_reports_imposition_from_whole_texts():
    old = "Effective: January 1, 2023.\n\nWe may change these terms."
    new = ("Effective: March 1, 2024.\n\nWe may change these terms. We will notify you at least 30 days before "
           "changes take effect. By continuing to use the Services, you agree to the changes.")
    a = assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new)
    assert a.imposed == {"notice_days": 30, "effective_date": "2024-03-01", "last_updated": None,
                         "consent_by_use": True, "announced": False}


def test_clause_that_gains_purposes_without_conditions_grew():
    old = ("We may use publicly available information to help train our language models and build "
           "features like translation.")
    new = ("We may use publicly available information to help train our AI models and build products "
           "and features like translation, chat assistants and cloud AI capabilities.")
    a = assess_change([hunk("modified", old=old, new=new)])
    assert (a.direction, a.categories) == ("worse", ["ai_training"])
    assert a.hunks[0]["changes"][0]["why"] == "grew"
    conditional = assess_change([hunk("modified", old="We may share your information with our partners.",
                                      new="We may share your information with our partners only if you "
                                          "give us your explicit permission first.")])
    assert conditional.direction != "worse"


def test_term_severity_of_a_clause_in_force():
    from monitor.classify import load_classifier
    from monitor.classify.assess import term_severity

    classifier = load_classifier()
    plain, broad = classifier.classify([
        "These Terms are governed by the laws of Ireland.",
        "We may terminate your account at any time, for any reason, in our sole discretion, without notice.",
    ])
    assert term_severity(plain, classifier.taxonomy.get("choice_of_law")) == 1
    assert term_severity(broad, classifier.taxonomy.get("unilateral_termination")) == 3
