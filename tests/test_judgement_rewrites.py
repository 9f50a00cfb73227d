"""A rewrite is judged on what it states, not on where it states it: a harm reworded and moved
to another section is neither a gain (where it left) nor a loss (where it arrived); rights
spelled out again in several places do not outvote one new harm; a harm no longer stated
anywhere is still a gain. Stories on real SQLite stores through every stage."""

from __future__ import annotations

from monitor.classify import assess_change
from monitor.pipeline import process_new_records

from test_judgement import doc, versions  # noqa: F401 (doc is a fixture)
from stories import exported_changes

SHARING = "We may share your personal information with our advertising partners for marketing."
SHARING_REWORDED = "For marketing, your personal information may be disclosed to advertising partners."
ARBITRATION = "Any dispute with us will be resolved by binding arbitration, not in court."
AI_TRAINING = "We may use your messages and photos to train our artificial intelligence models."
RIGHTS = ["You can access your personal information at any time from your account settings.",
          "You can ask us to correct your personal information if it is wrong.",
          "You can delete your account and your personal information at any time."]
# the same rights, restated where they apply
RIGHTS_AGAIN = ["You may download a copy of the information you gave us from your account settings.",
                "You can ask us to correct your personal information if it is wrong or incomplete.",
                "You may delete your personal information from the partners page at any time."]
SECTIONS = ["collect", "use", "rights", "partners", "disputes"]


def policy(**extra: list[str]) -> str:
    """A privacy policy of six sections; ``extra`` adds clauses at the end of a section
    (by its key in ``SECTIONS``)."""
    def section(key: str, title: str, *clauses: str) -> list[str]:
        return [title, "-" * len(title), *clauses, *extra.get(key, [])]

    return "\n\n".join([
        "Privacy Policy", "=" * 14,
        *section("collect", "Information we collect",
                 "We collect the information you give us when you create an account, such as your name."),
        *section("use", "How we use information",
                 "We use your information to run the service and to keep your account secure.",
                 *(f"Section {i}. Our support team answers questions about clause {i} of this policy."
                   for i in range(1, 6))),
        *section("rights", "Your rights", *RIGHTS),
        *section("partners", "Partners", "We work with hosting providers who store data for us under contract."),
        *section("disputes", "Disputes", "You may contact us about any complaint."),
        "Contact", "-------", "Write to privacy@example.test."])


def change_between(store, doc, old: str, new: str) -> dict:
    versions(store, doc, [("2024-01-01T00:00:00Z", old), ("2024-03-01T00:00:00Z", new)])
    process_new_records(store)
    change = exported_changes(store)["2024-03-01T00:00:00Z"]
    assert change["substantive"] is True
    return change


def test_a_harm_reworded_in_another_section_is_neither_gain_nor_loss(store, doc):
    change = change_between(store, doc, policy(collect=[SHARING]), policy(partners=[SHARING_REWORDED]))
    assert change["direction"] == "neutral", change["categories"]


def test_a_rewrite_that_adds_a_new_harm_is_worse_though_it_restates_rights(store, doc):
    change = change_between(store, doc, policy(collect=[SHARING]),
                            policy(collect=[RIGHTS_AGAIN[0]], use=[AI_TRAINING, RIGHTS_AGAIN[1]],
                                   partners=[SHARING_REWORDED, RIGHTS_AGAIN[2]]))
    assert change["direction"] == "worse" and "ai_training" in change["categories"]
    assert "data_sharing" not in change["categories"]


def test_a_rewrite_that_drops_a_harm_is_better(store, doc):
    change = change_between(store, doc, policy(collect=[SHARING], disputes=[ARBITRATION]),
                            policy(partners=[SHARING_REWORDED]))
    assert change["direction"] == "better" and "arbitration" in change["categories"]
    assert "data_sharing" not in change["categories"]


def hunk(kind, old="", new=""):
    return {"kind": kind, "section": "Policy", "old": old, "new": new, "substantive": True}


def test_rights_spelled_out_in_many_places_count_once():
    """Four hunks each adding the same kind of right weigh as one gain in rights: one new harm
    of the same severity still decides the change."""
    rights = ["You can ask us for a copy of your data.", "You can object to our processing of your data.",
              "You can withdraw your consent at any time.", "You can ask us to restrict how we use your data."]
    hunks = [hunk("added", new=r) for r in rights] + [hunk("added", new=AI_TRAINING)]
    a = assess_change(hunks, old_text="We run the service.", new_text="\n\n".join(rights + [AI_TRAINING]))
    assert a.direction == "worse" and "ai_training" in a.categories
