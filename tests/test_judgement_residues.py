"""Capture residues and page navigation are no change of terms, a truncated capture captured
twice is still a truncation, and a FAQ served in place of the terms is not the document
(issue 13), on real SQLite stores through every stage.
Each rule has its guard: an edit that looks alike and changes a term stays substantive."""

from __future__ import annotations

import json

import pytest

from monitor.pipeline import process_new_records
from monitor.store import Store

from stories import change_between, exported_changes

CLAUSES = [
    "Example Corp explains here how it handles the information of the people who use its service.",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "If there is a problem charging your payment method, we may charge any other payment method on your account.",
    "We may infer your interests from your activity when you [link your account](https://example.test/link).",
    "If you use a work account, see the [](#work-accounts)section of this policy.",
    "Click [here](https://example.test/state) to read the disclosures required under the State Privacy Act.",
    "Example Corp does not sell your personal information to anyone.",
    "You can delete your account at any time from the settings page, and we then erase your data.",
]
BASE = "\n\n".join(["Privacy Policy", "=" * 14, *CLAUSES])
CONTENTS = "\n\n".join([
    "*   ### Table of contents",
    "You can use this table of contents to move through our policy and find what you need.",
    "Click on a link for a specific section and you'll jump right to it.",
])
NOTICE = ("_From time to time we reword our policy to make it easier to read. We're updating our policy today "
          "(1 March 2024) so that its language is plainer, and we aren't making any material change to what it "
          "says in connection with this update. The cookie notice now has [a page of its own](https://example.test/c)._")


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Privacy Policy", "https://example.test/privacy", {})


COSMETIC = {
    # the capture lost the link of "Visit [Your Payments] to manage your payment options"
    "a lower-case fragment glued after a sentence": (
        BASE, BASE.replace("on your account.", "on your account. to manage your payment options.")),
    # the next section's number glued to the sentence, its link unwrapped
    "a section number glued after a sentence": (
        BASE, BASE.replace("[link your account](https://example.test/link).", "link your account.3\\.")),
    "a cross-reference to a section named": (
        BASE, BASE.replace("see the [](#work-accounts)section", "see the [Work accounts](#work-accounts) section")),
    "a pointer to read disclosures described anew": (
        BASE, BASE.replace("to read the disclosures required under the State Privacy Act",
                           "to read further state-specific disclosures as required under applicable laws")),
    "a table of contents and its instructions removed": (CONTENTS + "\n\n" + BASE, BASE),
    "a notice block about the update removed": (NOTICE + "\n\n" + BASE, BASE),
}


@pytest.mark.parametrize("edit", sorted(COSMETIC))
def test_a_residue_or_page_navigation_is_cosmetic(store, doc, edit):
    change = change_between(store, doc, *COSMETIC[edit])
    assert change["substantive"] is False, [h for h in change["hunks"] if h["substantive"]]
    assert change["direction"] == "neutral" and change["categories"] == []


SUBSTANTIVE = {
    # a fragment that names a recipient is a term, glued or not
    "a glued fragment naming partners": BASE.replace(
        "on your account.", "on your account. and tell our partners about it."),
    # a number of days glued on is a term
    "a glued duration": BASE.replace("we then erase your data.", "we then erase your data. within 90 days."),
    # an internal link's label changed inside a sentence (not a section's name) is a term
    "an internal link widened": BASE.replace("see the [](#work-accounts)section of this policy.",
                                             "we share it with [all our partners](#partners)."),
    # a pointer to read that gains a modal states a term
    "a pointer that says we may sell": BASE.replace(
        "to read the disclosures required under the State Privacy Act",
        "to read why we may sell your personal information"),
    # a notice block that states a new term beside the notice is a term
    "a notice block with a new term": BASE.replace(
        "Privacy Policy\n\n", "Privacy Policy\n\n_We're updating our policy today. We will now share your location "
        "with our partners._\n\n", 1),
    "a notice block with a new limit": BASE.replace(
        "Privacy Policy\n\n", "Privacy Policy\n\n_We're updating our policy today. Children cannot open an "
        "account any more._\n\n", 1),
    # a sentence mentioning the page's contents that binds the user is a term
    "a binding sentence beside the contents": BASE.replace(
        "You can delete your account", "By using the table of contents you agree to these terms.\n\n"
        "You can delete your account"),
}


@pytest.mark.parametrize("edit", sorted(SUBSTANTIVE))
def test_a_lookalike_that_changes_a_term_stays_substantive(store, doc, edit):
    change = change_between(store, doc, BASE, SUBSTANTIVE[edit])
    assert change["substantive"] is True


FULL = "\n\n".join(["Privacy Policy", "=" * 14] + [
    f"Section {i}. We keep the records of part {i} of the service for as long as your account is open."
    for i in range(1, 41)] + ["Contact us at privacy@example.test with any question about this policy."])
CUT = FULL[: len(FULL) * 2 // 5].rsplit("\n\n", 1)[0]


def change_to(store: Store, version_id: int) -> dict:
    row = store.db.execute("SELECT from_version_id, substantive, suspect_status, reasons FROM changes "
                           "WHERE to_version_id = ?", [version_id]).fetchone()
    return {"from": row[0], "substantive": row[1], "status": row[2], "reasons": json.loads(row[3])}


def test_a_truncation_captured_twice_is_refuted_when_the_full_text_returns(store, doc):
    """The same cut captured again (a spelling fixed in it) confirms nothing: the full text
    back weeks later shows the capture lost it, and neither cut version was in force."""
    first, cut, cut_again, restored = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", FULL), ("2024-01-02T00:00:00Z", CUT),
        ("2024-01-10T00:00:00Z", CUT.replace("Section 2.", "Section two.")),
        ("2024-02-08T00:00:00Z", FULL.replace("Section 2.", "Section two."))])
    process_new_records(store)
    assert "suspect_mass_deletion" in change_to(store, cut)["reasons"]
    assert change_to(store, cut)["status"] == "refuted"
    assert change_to(store, cut_again)["status"] == "refuted"
    assert change_to(store, restored)["from"] == first
    changes = exported_changes(store)
    assert all(c["direction"] == "neutral" for c in changes.values()), {k: c["direction"] for k, c in changes.items()}


def test_a_document_cut_then_edited_elsewhere_is_confirmed(store, doc):
    """Guard: a shorter document whose next version is edited where it now ends really got
    shorter; the cut is confirmed by that content."""
    first, cut, edited = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", FULL), ("2024-01-02T00:00:00Z", CUT),
        ("2024-01-10T00:00:00Z", CUT + "\n\nContact us at privacy@example.test with any question.")])
    process_new_records(store)
    assert change_to(store, cut)["status"] == "confirmed"


def test_a_truncation_captured_again_and_nothing_since_stays_suspect(store, doc):
    """Time and repetition alone never confirm a truncation: with no different capture yet,
    the cut stays pending (kept out of alerts and scores)."""
    first, cut, cut_again = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", FULL), ("2024-01-02T00:00:00Z", CUT),
        ("2024-01-10T00:00:00Z", CUT.replace("Section 2.", "Section two."))])
    process_new_records(store)
    assert change_to(store, cut)["status"] == "pending"


def test_a_long_document_cut_past_its_opening_is_refuted_when_the_full_text_returns(store, doc):
    """A cut leaves the opening as it was: the full text back is told from the cut one by the
    whole of their words, not by their first pages (alike, once the site's menu caught above
    the first capture is gone from the later ones)."""
    menu = "\n\n".join(f"*   [Read the help article about topic alpha{i} of your account](https://example.test/m{i})"
                         for i in range(100))
    long_doc = "\n\n".join(["Privacy Policy", "=" * 14] + [
        f"Clause {i}. We keep the records of feature {i} of the service for as long as your account is open."
        for i in range(1, 1501)] + ["Contact us at privacy@example.test with any question about this policy."])
    long_cut = long_doc[: len(long_doc) * 45 // 100].rsplit("\n\n", 1)[0]
    assert len(long_cut) > 60_000
    first, cut, restored = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", menu + "\n\n" + long_doc), ("2024-01-02T00:00:00Z", long_cut),
        ("2024-02-08T00:00:00Z", long_doc.replace("Clause 2.", "Clause two."))])
    process_new_records(store)
    assert change_to(store, cut)["status"] == "refuted"
    assert change_to(store, restored)["from"] == first


TERMS = "\n\n".join(["Terms of Service", "=" * 16] + [
    f"{i}. You may use the Example service for personal purposes, and we may suspend an account that breaks rule {i}."
    for i in range(1, 21)])
FAQ = "\n\n".join(["Example FAQ", "=" * 11] + [
    part for i in range(1, 61) for part in (
        f"### Q: How do I set up feature {i} of the Example app?",
        f"Open the settings, choose feature {i} and follow the steps shown on the screen to finish the setup.")])


def test_a_faq_served_as_the_terms_is_not_the_document(store, doc):
    """A help page of questions, far longer than terms that never asked any, is a capture
    problem: never the terms in force, and the terms back are compared with the last real ones."""
    first, faq, back = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", TERMS), ("2024-02-01T00:00:00Z", FAQ),
        ("2024-04-01T00:00:00Z", TERMS.replace("rule 3.", "rule three."))])
    process_new_records(store)
    assert change_to(store, faq)["status"] == "not_document"
    assert "suspect_not_document:faq_page" in change_to(store, faq)["reasons"]
    assert change_to(store, back)["from"] == first
    exported = exported_changes(store)["2024-02-01T00:00:00Z"]
    assert exported["suspect"] and exported["suspect_status"] == "not_document"   # held: never scored


def test_a_policy_rewritten_as_questions_is_the_document(store, doc):
    """A policy rewritten far longer, its sections headed by questions ("What personal data do we
    process?", Bolt's 2024 privacy notice), is the document: it speaks of itself ("This Privacy
    Notice describes ..."), which a help page does not. Before, every later capture was held as an
    FAQ for two years and the service left out of the grade."""
    sections = [part for i in range(1, 31) for part in (
        f"### {i}. What personal data of kind {i} do we process, and why?",
        f"This Privacy Notice explains that we process personal data of kind {i} to provide the service, on the "
        f"legal basis of the contract, and keep it for as long as this Privacy Notice says in section {i}.")]
    rewritten = "\n\n".join(["Global Privacy Notice", "=" * 21, *sections])
    assert len(rewritten) >= 3 * len(BASE)
    first, policy, edited = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", BASE), ("2024-04-24T00:00:00Z", rewritten),
        ("2024-06-19T00:00:00Z", rewritten.replace("section 3.", "section three."))])
    process_new_records(store)
    assert change_to(store, policy)["status"] != "not_document"
    assert not any("not_document" in r for r in change_to(store, policy)["reasons"])
    assert change_to(store, edited)["from"] == policy      # the rewrite is the base of the next change


SUNSET = "\n\n".join([
    "[Sunset September 2023] Example Optimize", "=" * 40,
    "**Example Optimize is no longer available as of September 30, 2023.** Any experiments still active on that "
    "date have ended.",
    "Frequently asked questions", "-" * 26,
    "### Why was Example Optimize sunsetted?",
    "We remain committed to helping businesses of all sizes improve their experiences and are investing in "
    "integrations with other testing tools.",
    "### What will testing look like moving forward?",
    "We are collaborating on integrations with several testing providers, listed on our help centre.",
    "### What will happen to my data?",
    "Your reports stay available in your analytics account."])


def test_a_short_sunset_faq_served_as_the_terms_is_not_the_document(store, doc):
    """Terms replaced by a product's short sunset FAQ (Google Optimize, 2023-10-18: 10.5 kB of
    terms, then 1.8 kB of "Why was Optimize sunsetted?"): not the document, however long it stays,
    so it never scores, and the FAQ's own later edits are no change of terms either."""
    terms = "\n\n".join(["Terms of Service", "=" * 16] + [
        f"{i}. You may use the Example service for personal purposes, and we may suspend an account that breaks "
        f"rule {i} after telling you why." for i in range(1, 80)])
    first, sunset, edited = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2023-01-01T00:00:00Z", terms), ("2023-10-18T00:00:00Z", SUNSET),
        ("2023-10-26T00:00:00Z", SUNSET.replace("several testing providers", "three testing providers"))])
    process_new_records(store)
    assert len(SUNSET) < 0.2 * len(terms)
    for faq in (sunset, edited):
        assert change_to(store, faq)["status"] == "not_document"
        assert "suspect_not_document:faq_page" in change_to(store, faq)["reasons"]
    exported = exported_changes(store)
    assert all(exported[at]["suspect"] and exported[at]["suspect_status"] == "not_document"
               for at in ("2023-10-18T00:00:00Z", "2023-10-26T00:00:00Z"))


def test_a_short_page_of_questions_is_judged_on_its_words_where_the_terms_always_asked_them():
    """Guard: the short FAQ reading needs terms that never asked questions."""
    from monitor.diff.not_document import not_document_reason

    asking = "\n\n".join(["Terms of Service"] + [
        part for i in range(1, 120) for part in (f"### What does rule {i} mean?",
                                                f"You may use the service for personal purposes under rule {i}.")])
    assert not_document_reason(SUNSET, usual_chars=len(asking), usual_text=asking) != "faq_page"
    plain = asking.replace("### What does rule", "### Rule").replace(" mean?", "")
    assert not_document_reason(SUNSET, usual_chars=len(plain), usual_text=plain) == "faq_page"


def test_terms_that_always_asked_questions_and_grew_are_still_the_document(store, doc):
    """Guard: a policy written as questions from the start that grows threefold is a change."""
    asking = TERMS.replace("Terms of Service\n\n", "Terms of Service\n\n### What may you do here?\n\n")
    asking = "\n\n".join(f"### What does rule {i} mean?\n\n{p}" if p[:1].isdigit() else p
                         for i, p in enumerate(asking.split("\n\n")))
    grown = asking + "\n\n" + "\n\n".join(
        f"### Can we share what you post under rule {i}?\n\nWe may share your posts with our advertising partners "
        f"under rule {i}." for i in range(21, 60))
    first, later = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", asking), ("2024-02-01T00:00:00Z", grown)])
    process_new_records(store)
    assert change_to(store, later)["status"] is None
    assert change_to(store, later)["substantive"] == 1


def test_a_preview_withdrawn_for_the_edition_in_force_edited_meanwhile_was_never_in_force(store, doc):
    """A page carrying the coming version under a notice for twelve days, then the edition in
    force again with a line of its own: the preview was never in force (no "worse" then
    "better"), and the new line is judged against the edition in force, as the change it is."""
    from test_judgement_artefacts import IN_FORCE, PREVIEW

    edited = IN_FORCE + "\n\nWe may also keep your messages in backup archives."
    ids = {at: store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", IN_FORCE), ("2024-11-19T08:00:00Z", PREVIEW), ("2024-12-01T16:00:00Z", edited)]}
    process_new_records(store)
    changes = exported_changes(store)
    preview, back = changes["2024-11-19T08:00:00Z"], changes["2024-12-01T16:00:00Z"]
    assert preview["substantive"] is False and "reverted" in preview["reasons"]
    assert change_to(store, ids["2024-12-01T16:00:00Z"])["from"] == ids["2024-01-01T00:00:00Z"]
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == [
        "We may also keep your messages in backup archives."]


def test_the_previewed_version_taking_effect_is_a_change(store, doc):
    """Guard: after the preview, the coming version itself (notice gone) is the new terms."""
    from test_judgement_artefacts import OTHER_EDITION, IN_FORCE, PREVIEW

    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-11-19T08:00:00Z", PREVIEW),
                     ("2024-12-01T16:00:00Z", OTHER_EDITION)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    assert "reverted" not in changes["2024-11-19T08:00:00Z"]["reasons"]
    assert "worse" in (changes["2024-11-19T08:00:00Z"]["direction"], changes["2024-12-01T16:00:00Z"]["direction"])


def test_a_shorter_edition_that_breaks_off_is_confirmed_when_captured_again_as_it_is(store, doc):
    """An edition that drops a right and trims its contact line to an address ("Write to
    help@example.test") ends without a sentence's mark, inside a longer paragraph of the text
    before: suspect as a cut. A later capture of the very same text (a newline more) is no
    transfer cut again — those stop at a different place each time — but the page as it is:
    the shorter edition is confirmed and the right it dropped counts."""
    body = [f"Section {i}. We may close your account under rule {i} when you break the rules, "
            f"and we keep your posts for {i + 3} weeks afterwards unless the law says otherwise."
            for i in range(1, 31)]
    right = "You can export or erase all of your data whenever you like, and we remove it within two weeks."
    old = "\n\n".join(["Example Terms"] + body[:12] + [right] + body[12:]
                      + ["Help? Write to help@example.test or to Example, 2 High Road, Townsville, and we reply within a month."])
    new = "\n\n".join(["Example Terms"] + body + ["Help? Write to help@example.test"])
    first, shorter, again = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", old), ("2024-02-01T00:00:00Z", new), ("2024-03-01T00:00:00Z", new + "\n")])
    process_new_records(store)
    assert "suspect_mass_deletion" in change_to(store, shorter)["reasons"]
    assert change_to(store, shorter)["status"] == "confirmed"
    assert exported_changes(store)["2024-02-01T00:00:00Z"]["direction"] == "worse"


def test_a_capture_broken_off_at_a_new_place_still_decides_nothing(store, doc):
    """Guard: a later capture that breaks off elsewhere in the fuller text is the capture
    problem again, not the same text: the cut stays pending."""
    cut = FULL[: len(FULL) * 9 // 10].rstrip()
    assert not cut.endswith(".")
    first, shorter, again = (store.record_version(doc, text, recorded_at=at)["id"] for at, text in [
        ("2024-01-01T00:00:00Z", FULL), ("2024-01-02T00:00:00Z", cut),
        ("2024-01-03T00:00:00Z", FULL[: len(FULL) * 8 // 10].rstrip())])
    process_new_records(store)
    assert change_to(store, shorter)["status"] == "pending"


@pytest.mark.parametrize("old_period, new_period, direction", [
    ("four years", "10 years", "worse"),       # Mozilla 2023-11-01 (`unseen21`)
    ("ten years", "2 years", "better"),
    ("six months", "18 months", "worse"),
])
def test_a_retention_period_in_words_is_compared_with_one_in_figures(old_period, new_period, direction):
    from monitor.classify import assess_change, load_classifier

    def clause(period):
        return f"We use Acoustic to email receipts and store records, which are retained for {period} from the date of last payment."
    hunk = {"kind": "modified", "section": "Donations", "old": clause(old_period), "new": clause(new_period),
            "substantive": True}
    result = assess_change([hunk], old_text=clause(old_period), new_text=clause(new_period), classifier=load_classifier())
    assert (result.direction, "data_retention" in result.categories) == (direction, True)


def test_a_bare_label_over_a_paragraph_states_no_practice():
    """WinEveryGame 2021-07-20 (`unseen22`): the label "**Advertisers.**" left with its paragraph
    and was read as an advertising harm removed, severity 2. A label of one to three words with no
    subject nor verb names what follows; a short sentence still states."""
    from monitor.classify import assess_change, load_classifier

    classifier = load_classifier()
    body = "We use outside ad companies to display ads on our site."
    label_gone = assess_change([{"kind": "removed", "section": "", "old": "**Advertisers.**", "new": "",
                                 "substantive": True}], old_text="**Advertisers.**\n\n" + body, new_text=body,
                               classifier=classifier)
    assert label_gone.direction == "neutral"
    assert classifier.classify(["Advertisers may use your personal data to show you targeted ads."])[0].labels == ["advertising"]
    assert "advertising" not in classifier.classify(["**Targeted advertising**"])[0].labels


@pytest.mark.parametrize("clause, limits", [
    # PayPal 2024-05-28 (`unseen22`): the consumer's own liability limited protects the consumer
    ("You will not be liable for any losses, expenses or other costs incurred by PayPal which are not foreseeable or "
     "typical under this user agreement.", False),
    ("You are not liable for any unauthorised transactions on your account.", False),
    ("We will not be liable for any losses you incur.", True),
    ("You shall not be liable to us for indirect damages, and in no event shall we be liable for any damages.", True),
    # review: a limit both ways, or the service named, is the service's too
    ("Acme and you will not be liable to each other for any indirect or consequential damages.", True),
    ("You are not responsible for unauthorised use, but Acme shall not be liable for any loss arising from it.", True),
])
def test_the_users_liability_limited_is_no_limitation_of_the_services(clause, limits):
    from monitor.classify import load_classifier

    assert ("limitation_of_liability" in load_classifier().classify([clause])[0].labels) == limits


@pytest.mark.parametrize("heading", [
    "**Cancellation or return of orders made online and the right to withdraw**",   # Ikea 2026-06-19 (`unseen22`)
    "## Your right to delete your data",
    "__Targeted advertising and your choices__",
])
def test_a_heading_states_neither_a_harm_nor_a_protection(heading):
    from monitor.classify import load_classifier

    result = load_classifier().classify([heading])[0]
    assert (result.labels, result.protections) == ([], {})


def test_a_sentence_in_bold_still_states():
    from monitor.classify import load_classifier

    classifier = load_classifier()
    # review: without its full stop, in capitals, or between two bold runs, a sentence is no heading
    assert "unilateral_termination" in classifier.classify(["**We may terminate your account at any time without notice**"])[0].labels
    assert "class_action_waiver" in classifier.classify(
        ["**YOU WAIVE YOUR RIGHT TO A JURY TRIAL AND TO PARTICIPATE IN A CLASS ACTION**"])[0].labels
    assert "advertising" in classifier.classify(["**We also use your information to personalize the ads you see**"])[0].labels
    assert "class_action_waiver" in classifier.classify(["No class actions."])[0].labels   # "no": a statement
    assert "data_sale" in classifier.classify(["**We do not sell your personal information.**"])[0].protections
    assert "data_sale" in classifier.classify(["**We may sell your personal information to data brokers.**"])[0].labels


@pytest.mark.parametrize("text, days", [
    ("kept for twenty-four months", 720), ("kept for thirty-six months", 1080), ("for (180) days", 180),
    ("for ten (10) years", 3650), ("fourteen days", 14), ("two hundred days", 0),   # no wrong reading: none
])
def test_periods_in_words_are_read_whole(text, days):
    from monitor.classify.stated import periods_in_days

    assert max(periods_in_days(text), default=0) == days


def test_a_help_page_that_names_the_terms_in_passing_is_still_not_the_document():
    """(review of session 22) Naming itself lets only a long policy headed by questions through:
    a short FAQ about an update ("Why are you updating these Terms?") and a long help centre with a
    few mentions of "this policy" stay help pages."""
    from monitor.diff.not_document import names_itself, not_document_reason

    update_faq = "\n\n".join([
        "Updated Terms of Service: FAQ", "=" * 29,
        "### Why are you updating these Terms?", "To make these Terms clearer.",
        "### When do these Terms take effect?", "On 1 May.",
        "### Do I need to do anything?", "No, these Terms apply when you keep using the service.",
        "### Where can I read these Terms?", "On our website."])
    assert not_document_reason(update_faq, len(TERMS), TERMS) == "faq_page"
    help_centre = "\n\n".join(["Example Help Centre", "=" * 19] + [
        part for i in range(1, 61) for part in (
            f"### How do I set up feature {i} of the Example app?",
            f"Open the settings, choose feature {i} and follow the steps shown on the screen"
            + (" (see this policy for what we keep)." if i % 12 == 0 else "."))])
    assert not names_itself(help_centre)
    assert not_document_reason(help_centre, len(TERMS), TERMS) == "faq_page"
