"""Readings for the disagreements the unseen passes left (issue 13, engineer `left7`). Each
reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the shipped
rules and classifier, with guards (the plain reading stays) and the change-level outcome."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk


# --- a statement of the user's duty ends where another party's act begins ------------------------

USERS_DUTY_THEN_SERVICES_ACT = [
    ("You may not use the Services to train models, and we may use your content to train our "
     "artificial intelligence models.", "ai_training"),
    ("Members must not copy the app's code to build AI tools, but we may use the photos members "
     "upload to train our machine learning models.", "ai_training"),
    ("You may not resell your subscription, and the Company may sell your personal information "
     "to data brokers.", "data_sale"),
    ("You agree not to share your password with anyone, but we may share your profile and "
     "contacts with advertising partners.", "data_sharing"),
    ("Users are not allowed to post unsolicited ads, while we may show personalised ads based "
     "on your activity.", "advertising"),
]


@pytest.mark.parametrize("sentence,category", USERS_DUTY_THEN_SERVICES_ACT)
def test_an_act_after_the_users_duty_keeps_its_reading(sentence, category):
    assert category in read(sentence).labels, read(sentence).labels


@pytest.mark.parametrize("sentence,category", USERS_DUTY_THEN_SERVICES_ACT)
def test_the_users_duty_alone_states_no_harm(sentence, category):
    duty = sentence.split(", and ")[0].split(", but ")[0].split(", while ")[0] + "."
    assert category not in read(duty).labels, (duty, read(duty).labels)


@pytest.mark.parametrize("sentence", [
    # the user's duty throughout, however long
    "You may not use the Services, or any content you obtain through them, to train, fine-tune or "
    "develop artificial intelligence models.",
    "You agree that You will not use our content to train AI models.",
    "You may not share your login with third parties or sell your account to other companies.",
])
def test_a_users_duty_throughout_stays_no_harm(sentence):
    labels = read(sentence).labels
    assert not {"ai_training", "data_sharing", "data_sale"} & set(labels), labels


def test_ai_training_added_after_a_users_duty_is_worse():
    old = "You may not use the Services to train models."
    new = "You may not use the Services to train models, and we may use your content to train our AI models."
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "worse" and "ai_training" in a.categories, (a.direction, a.categories)


# A subject with "may" inside a relative clause ("any data it may contain", "content we may
# provide") is no other party's act: the user's duty runs on to the end (review of int13).
USERS_DUTY_WITH_A_RELATIVE_CLAUSE = [
    ("You may not scrape the Service, or use any data it may contain, to train artificial intelligence models.",
     "ai_training"),
    ("You may not use any content we may provide through the Services to train AI models.", "ai_training"),
    ("You agree not to resell the Services or share any reports they may produce with advertisers.", "advertising"),
    # our own variants
    ("Users must not feed any material that Example may display into tools that train machine learning models.",
     "ai_training"),
    ("You may not sell any insights the platform may generate to data brokers.", "data_sale"),
]


@pytest.mark.parametrize("sentence,category", USERS_DUTY_WITH_A_RELATIVE_CLAUSE)
def test_a_relative_clause_in_the_users_duty_is_no_other_partys_act(sentence, category):
    for kind in ("added", "removed"):
        a = assess_change([hunk(kind, **{"new" if kind == "added" else "old": sentence})])
        assert a.direction == "neutral", (kind, a.direction, a.categories)


@pytest.mark.parametrize("sentence,category", [
    ("You may not scrape the Service; Example may use your posts to train its AI models.", "ai_training"),
    ("You may not resell the Services, but Example may sell your personal data to brokers.", "data_sale"),
])
def test_a_new_subject_after_a_clause_boundary_is_still_another_partys_act(sentence, category):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse" and category in a.categories, (a.direction, a.categories)


# --- a section replaced by a pointer to the page it now lives on is neither better nor worse -----

RETENTION_SECTION = [
    "Users in Brazil: we keep your personal data for as long as your account is open.",
    "After you close your account, we delete your personal data within 90 days unless the law requires us to keep it.",
    "Backups holding personal data are overwritten within 30 days.",
]


def removed_section(heading="Policy > Brazil Privacy Notice"):
    return [{"kind": "removed", "section": heading, "old": line, "new": "", "substantive": True}
            for line in RETENTION_SECTION]


def decisions_read(assessment) -> list[tuple[str, str]]:
    """What the assessment read in the removed section: (category, why) of each hunk's decisions."""
    return [(c["category"], c["why"]) for h in assessment.hunks for c in h["changes"]]


@pytest.mark.parametrize("pointer", [
    "[Click here](https://example.com/legal/brazil) to read the disclosures required by Brazilian law.",
    "The notice for users in Brazil is available at https://example.com/legal/brazil.",
    "See our Brazil Privacy Notice for how long we keep your personal data.",
])
def test_a_section_moved_to_a_linked_page_is_neutral(pointer):
    pointer_hunk = {"kind": "added", "section": "Policy > Additional Disclosures > Brazil Privacy Disclosures",
                    "old": "", "new": pointer, "substantive": True}
    a = assess_change([*removed_section(), pointer_hunk])
    assert a.direction == "neutral" and decisions_read(a) == [], (a.direction, decisions_read(a))


def test_a_section_removed_without_a_pointer_is_still_read():
    a = assess_change(removed_section())
    assert a.direction != "neutral" and ("data_retention", "removed") in decisions_read(a), decisions_read(a)


def test_a_section_still_in_the_new_text_did_not_move():
    # the heading stays (only some clauses left it), and a link inside the page sends nowhere else
    pointer_hunk = {"kind": "added", "section": "Policy > Brazil Privacy Notice", "old": "",
                    "new": "See our Brazil Privacy Notice at https://example.com/legal/brazil.", "substantive": True}
    new_text = "# Policy\n\n## Brazil Privacy Notice\n\nSee our Brazil Privacy Notice at https://example.com/legal/brazil.\n"
    a = assess_change([*removed_section(), pointer_hunk], None, new_text)
    assert a.direction != "neutral" and ("data_retention", "removed") in decisions_read(a), decisions_read(a)
    in_page = dict(pointer_hunk, section="Policy > Brazil Privacy Disclosures",
                   new="[Click here](#brazil-retention) to see the Brazil privacy disclosures.")
    a = assess_change([*removed_section(), in_page])
    assert a.direction != "neutral" and ("data_retention", "removed") in decisions_read(a), decisions_read(a)


def test_a_pointer_to_another_section_moves_nothing():
    # the pointer names a different part of the policy: the Brazilian section's removal is read
    pointer_hunk = {"kind": "added", "section": "Policy > Cookies", "old": "",
                    "new": "See our Cookie Notice for the cookies we use.", "substantive": True}
    a = assess_change([*removed_section(), pointer_hunk])
    assert a.direction != "neutral" and ("data_retention", "removed") in decisions_read(a), decisions_read(a)


# --- a recourse outside the service is a user right; a certification states nothing --------------

RECOURSE = [
    "In line with the Data Privacy Framework, Example commits to refer unresolved complaints about our "
    "handling of personal data to JAMS, an alternative dispute resolution provider based in the United States.",
    "The services of that dispute resolution body are provided at no cost to you.",
    "An individual has the possibility, under certain conditions, to invoke binding arbitration for complaints "
    "not resolved by any other mechanism.",
    "If we have not answered your complaint, please visit https://example.org/irm for more information or to "
    "file a complaint.",
]


@pytest.mark.parametrize("sentence", RECOURSE)
def test_a_recourse_outside_the_service_is_a_user_right(sentence):
    result = read(sentence)
    assert "user_rights" in result.protections, result.protections
    assert "arbitration" not in result.labels, result.labels


def test_a_recourse_added_is_better():
    # (the referral sentence alone may still read as sharing "personal data ... to JAMS": the
    # topic model's reading, left as it was so as not to lose a gold category)
    a = assess_change([hunk("added", new=s) for s in RECOURSE[1:]])
    assert a.direction == "better" and a.categories == ["user_rights"], (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "Example has certified to the U.S. Department of Commerce that it adheres to the Data Privacy Framework Principles.",
    "If there is any conflict between this policy and the Principles, the Principles shall govern.",
])
def test_a_certification_states_no_practice_and_no_right(sentence):
    result = read(sentence)
    assert result.labels == [] and "user_rights" not in result.protections, (result.labels, result.protections)


@pytest.mark.parametrize("sentence", [
    # a recourse waived, and arbitration imposed on the user, are no right
    "You waive any right to invoke binding arbitration as an individual.",
    "Any dispute will be resolved by binding arbitration, and you waive your right to a jury trial.",
])
def test_a_recourse_waived_or_arbitration_imposed_is_no_right(sentence):
    assert "user_rights" not in read(sentence).protections


def test_a_disclosure_on_lawful_requests_of_authorities_is_government_access_not_sharing():
    s = "Example may disclose your personal data in response to lawful requests by public authorities."
    labels = read(s).labels
    assert "data_sharing" not in labels and "government_access" in labels, labels
    # (session 21, unseen25 Miro) in the Data Privacy Framework's own words ("..., including to meet
    # national security or law enforcement requirements") it is the framework's notice: no practice
    framework = s[:-1] + ", including to meet national security or law enforcement requirements."
    assert read(framework).labels == [], read(framework).labels


# The framework readings agree (review of int13, unseen Glassdoor PP): a recourse stated with a
# condition that mentions a failure is still a right, and the choice the user gets before their
# data is shared is a user right, not sharing.
def test_arbitration_offered_when_a_complaint_cannot_be_resolved_is_still_a_right():
    old = "You may also have the right to invoke binding arbitration."
    new = ("If your complaint cannot be resolved through the above channels, under certain conditions, you may "
           "also have the right to invoke binding arbitration.")
    assert "user_rights" in read(new).protections, read(new).protections
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction != "worse", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "We will also provide an individual opt-out choice, or opt-in for sensitive data, before we share your data with "
    "third parties other than our agents, or before we use it for a purpose other than which it was originally "
    "collected.",
    "Example offers you an opt-in before we disclose your health data to any partner.",
])
def test_a_choice_given_before_sharing_is_a_user_right_not_sharing(sentence):
    result = read(sentence)
    assert "user_rights" in result.protections and "data_sharing" not in result.labels, (result.protections,
                                                                                          result.labels)
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "better", (a.direction, a.categories)


@pytest.mark.parametrize("sentence, category", [
    ("You cannot invoke binding arbitration against us.", None),
    ("We share your data with advertising partners, and you may opt out later in your settings.", "data_sharing"),
])
def test_a_recourse_denied_or_sharing_before_any_choice_keeps_its_reading(sentence, category):
    result = read(sentence)
    if category is None:
        assert "user_rights" not in result.protections, result.protections
    else:
        assert category in result.labels, result.labels


# A transfer framework left for another mechanism takes its recourse with it (review of int13,
# unseen Logitech PP: Privacy Shield replaced by adequacy decisions and SCCs).
FRAMEWORK_OLD = ("# Privacy\n\n## Transfers\n\nWe comply with the EU-U.S. Privacy Shield Framework for data we "
                 "transfer to the United States.\n\n## Complaints\n\nIf you have an unresolved concern, please "
                 "contact our independent dispute resolution provider, whose services are provided at no cost to you.\n")
RECOURSE_SENTENCE = ("If you have an unresolved concern, please contact our independent dispute resolution provider, "
                     "whose services are provided at no cost to you.")


def _framework_change(new_transfers):
    new = FRAMEWORK_OLD.replace(
        "We comply with the EU-U.S. Privacy Shield Framework for data we transfer to the United States.", new_transfers)
    new = new.replace("\n\n## Complaints\n\n" + RECOURSE_SENTENCE + "\n", "\n")
    hunks = [hunk("modified", old="We comply with the EU-U.S. Privacy Shield Framework for data we transfer to the "
                  "United States.", new=new_transfers), hunk("removed", old=RECOURSE_SENTENCE)]
    return assess_change(hunks, FRAMEWORK_OLD, new)


def test_a_framework_left_for_another_mechanism_takes_its_recourse_with_it():
    a = _framework_change("We transfer data to the United States on the basis of the European Commission's "
                          "adequacy decisions and standard contractual clauses.")
    assert a.direction == "neutral", (a.direction, a.categories)


def test_a_recourse_removed_with_no_other_mechanism_named_is_still_a_right_lost():
    a = _framework_change("We transfer data to the United States.")
    assert a.direction == "worse" and "user_rights" in a.categories, (a.direction, a.categories)


# --- a right to take the service to court over its decisions is a user right ----------------------

def test_a_right_to_sue_over_a_removal_is_a_user_right_not_a_termination_power():
    s = ("For members living in Ireland, you have a right under local law to bring a claim for breach of "
         "contract if you believe we have breached these Terms by removing your posts or suspending your account.")
    result = read(s)
    assert "user_rights" in result.protections, result.protections
    assert not {"unilateral_termination", "content_removal"} & set(result.labels), result.labels
    a = assess_change([hunk("added", new=s)])
    assert a.direction == "better", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "You have no right to bring a claim against us.",
    "You waive any right to bring a claim against us in court.",
])
def test_a_right_to_sue_denied_or_waived_is_no_right(sentence):
    assert "user_rights" not in read(sentence).protections


# A right only assumed ("to the extent you have a right"), and a time limit that bars a claim,
# give the user nothing (review of int13).
@pytest.mark.parametrize("sentence", [
    "To the extent you have a right to bring a claim against us, you agree to bring it within one year after it "
    "arises, or it is permanently barred.",
    # our own variants
    "If you have a right to file a claim against Example, you must file it within six months after the claim "
    "arises.",
    "Where you have the right to bring an action, any action must be started within one year of the cause of "
    "action accruing, or it is forever barred.",
])
def test_a_conditional_right_or_a_time_limit_on_claims_is_no_right_gained(sentence):
    assert "user_rights" not in read(sentence).protections, read(sentence).protections
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction != "better", (a.direction, a.categories)


# --- a harm clause that gained only a condition did not grow ---------------------------------------

NOTICE = ("If the changes are material, in our sole discretion, we may notify you by sending an email to the "
          "address linked to your account or by a message in the app.")


@pytest.mark.parametrize("new", [
    NOTICE.replace("your account or", "your account (if you have confirmed your email address) or"),
    NOTICE.replace("in the app.", "in the app, but only if you have turned on notifications in your settings."),
])
def test_a_condition_gained_is_no_growth(new):
    a = assess_change([hunk("modified", old=NOTICE, new=new)])
    assert a.direction != "worse", (a.direction, a.categories)


def test_new_content_beside_a_condition_still_grew():
    new = NOTICE.replace("in the app.", "in the app, and we may change prices, features and fees at any time "
                         "without notice (if the law allows).")
    a = assess_change([hunk("modified", old=NOTICE, new=new)])
    assert a.direction == "worse", (a.direction, a.categories)


# --- hostile input: the new patterns stay linear on long clauses -----------------------------------

@pytest.mark.parametrize("filler", [
    "you may not use you agree not to share complaints dispute resolution visit https://x.example/a ",
    "commits to refer complaints to (if you have a right to bring a claim at no cost to you ",
])
def test_new_readings_are_fast_on_long_hostile_clauses(filler):
    import time

    from monitor.classify.moved_out import sections_moved_to_linked_pages
    from monitor.classify.rules import find_rule_hits
    from monitor.classify.rules.recourse import RECOURSE_RULES
    text = filler * 3000
    started = time.perf_counter()
    find_rule_hits(text, RECOURSE_RULES, use_triggers=False)
    sections_moved_to_linked_pages([{"kind": "added", "section": text[:2000], "new": text},
                                    {"kind": "removed", "section": text[:2000], "old": text}])
    assert time.perf_counter() - started < 10


def test_reading_past_users_acts_costs_little_more_than_the_rule_alone():
    import time

    from monitor.classify.rules import RULES
    from monitor.classify.rules.matching import _matches, _matches_beyond_users_acts
    rule = next(r for r in RULES if r.user_acts is not None and r.category == "data_sharing")
    text = "You agree not to share your password. " + "We share your data with partners, you may not share it; " * 300
    started = time.perf_counter()
    alone = list(_matches(rule, text))
    middle = time.perf_counter()
    beyond = list(_matches_beyond_users_acts(rule, text))
    done = time.perf_counter()
    assert len(beyond) <= len(alone)
    assert done - middle < 3 * (middle - started) + 1
