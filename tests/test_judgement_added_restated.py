"""Added text read as a new harm although it states no new practice of the service (issue 13,
engineer falseworse): each principle on our own wording, through `assess_change` or the reading
it changed."""

from __future__ import annotations

from clause_readings import hunk, read

from monitor.classify import assess_change
from monitor.classify.coverage import promise_coverage
from monitor.classify.stated import _clause_scope, _sides


def test_a_heading_run_into_the_sentence_before_it_states_nothing_new():
    # The page now prints the heading on the line of the sentence that introduced its table.
    old = ("How we use your data\n\nThe table below sets out how we use\n\n| Purpose | Basis |\n| --- | --- |\n"
           "| Running your account | Contract |\n\nProfiling and automated decisions about you.\n\n"
           "We use profiling to detect fraudulent payments.")
    new = ("How we use your data\n\nThe table below sets out how we use Profiling and automated decisions about "
           "you.\n\nWe use profiling to detect fraudulent payments.")
    changed = hunk("modified", old="The table below sets out how we use",
                   new="The table below sets out how we use Profiling and automated decisions about you.")
    assert assess_change([changed], old_text=old, new_text=new).direction != "worse"


def test_a_list_run_into_one_line_states_nothing_new():
    # The items of a rights list lose their line breaks: one clause of words the old text held.
    old = ("You may ask us for:\n\n- the kinds of personal data we sold to third parties;\n"
           "- the kinds of third parties we disclosed personal data to.\n\nWe sell personal data to data brokers.")
    new = ("You may ask us for:the kinds of personal data we sold to third parties;the kinds of third parties "
           "we disclosed personal data to.\n\nWe sell personal data to data brokers.")
    changed = hunk("modified", old="- the kinds of personal data we sold to third parties;",
                   new="You may ask us for:the kinds of personal data we sold to third parties;the kinds of third "
                       "parties we disclosed personal data to.")
    assert assess_change([changed], old_text=old, new_text=new).direction != "worse"


def test_a_word_dropped_between_two_runs_of_the_old_text_is_still_read():
    # "not" gone: both halves stand in the old text, but neither is a whole clause of it.
    old = "We will not sell your personal data to advertisers for any purpose."
    new = "We will sell your personal data to advertisers for any purpose."
    a = assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new)
    assert a.direction == "worse"


def test_a_definition_of_a_term_states_no_practice():
    old = "“Works” means the comics that members can read on the Service."
    new = ("“Works” means the comics and novels that members can read on the Service, and a purchase of them "
           "(referred to as “Bought Content”) made for a fee with Points.")
    assert assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new).direction != "worse"
    # a practice stated beside a defined term keeps its reading
    practice = read("We share your purchase history with advertising partners.")
    assert "data_sharing" in practice.labels or "advertising" in practice.labels


def test_an_industry_bodys_name_is_no_advertising():
    framework = read("Our consent tool follows the Interactive Advertising Bureau Transparency and Consent "
                     "Framework.")
    assert not _sides([framework], "advertising").harm
    assert assess_change([hunk("added", new=framework.text)]).direction != "worse"


def test_an_age_threshold_names_whose_data_not_a_kind_of_data():
    under_age = promise_coverage(["We do not knowingly sell the personal data of consumers under 16 years of age."],
                                 "data_sale")
    minors = promise_coverage(["We do not knowingly sell the personal data of minors."], "data_sale")
    assert under_age == minors
    old = "We do not knowingly sell the personal data of consumers under 16 years of age."
    new = "We do not knowingly sell the personal data of minors."
    assert assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new).direction != "worse"
    # age collected is still a kind of data
    assert "data:age" in promise_coverage(["We do not share your age or gender."])


def test_a_sale_of_the_business_is_no_sale_of_data():
    widen = _clause_scope("If we go through a merger, an acquisition or a sell of part of our business, we may "
                          "share your information with the buyer.")[0]
    assert "sell" not in widen
    assert "sell" in _clause_scope("We may sell your information to data brokers.")[0]


def test_consent_offered_beside_another_ground_narrows_nothing():
    assert "with consent" not in _clause_scope("We collect your precise location with your consent or when the "
                                               "law permits it.")[1]
    assert "with consent" in _clause_scope("We collect your precise location with your consent.")[1]
    old = "We collect your city, or your precise location when the law permits it."
    new = "We collect your city, or your precise location with your consent or when the law permits it."
    assert assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new).direction != "better"



def test_a_clause_cut_from_an_old_one_without_its_condition_still_widens():
    old = "If you subscribe to our rewards programme, we share your purchase history with advertising partners."
    new = "We share your purchase history with advertising partners."
    a = assess_change([hunk("modified", old=old, new=new)], old_text=old, new_text=new)
    assert a.direction == "worse"


def test_a_pointer_back_before_an_old_clause_states_nothing_new():
    # "As mentioned above," put before a clause the old text held whole.
    kept = "We share your purchase history with advertising partners."
    old = f"Our partners\n\n{kept}\n\nYou can contact us with questions."
    new = f"Our partners\n\n{kept}\n\nYou can contact us with questions.\n\nAs mentioned above, {kept[0].lower()}{kept[1:]}"
    changed = hunk("added", new=f"As mentioned above, {kept[0].lower()}{kept[1:]}")
    assert assess_change([changed], old_text=old, new_text=new).direction != "worse"
