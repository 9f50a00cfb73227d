"""No cosmetic edit or capture artefact called substantive (issue 13), on real SQLite stores
through every stage: synonyms that keep every term, a postal address rewritten, a pointer
sentence still pointing elsewhere, the website around the document (cookie banner, menus,
language picker) caught at the edges of a capture, and another edition of the document served
for a few hours before the one in force comes back. Each rule has its guard: an edit that
looks alike and changes a term stays substantive."""

from __future__ import annotations

import json

import pytest

from monitor.export import export_data
from monitor.pipeline import process_new_records
from monitor.store import Store

from stories import change_between, changes_after, exported_changes

CLAUSES = [
    "Example Corp Limited explains here how it handles the information of the people who use its service.",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "We collect your first name and surname, and the postcode you give us for deliveries.",
    "We use that information only to provide the service to you and to keep your account secure.",
    "We investigate suspicious activity and breaches of our Terms to keep people safe.",
    "Example Corp Limited does not sell your personal information to anyone.",
    "You can delete your account at any time from the settings page, and we then erase your data.",
    "To view our certifications, visit [the Privacy Directory](https://directory.example/old).",
    "Questions about this policy can be sent to Example Corp Limited at the address below.",
    "Example Corp Limited",
    "300 Harbour Way, Ste. 2",
    "Springfield, CA 90405",
]
BASE = "\n\n".join(["Privacy Policy", "=" * 14, *CLAUSES])
# what a capture catches of the website around the document
COOKIE_BANNER = "\n\n".join([
    "Example uses [cookies and similar technologies](https://example.test/cookies) on this website to collect "
    "information about your browsing activities which we use to analyse your use of the website.",
    "You can change ([your cookie preferences](#)).",
    "*   Legal",
])
LANGUAGES = "Čeština Dansk Deutsch English Français Italiano Polski Svenska"


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Privacy Policy", "https://example.test/privacy", {})


COSMETIC = {
    "synonyms that keep every term": (BASE, BASE.replace("such as your name", "like your name")
                                      .replace("first name and surname", "first and last name")
                                      .replace("the postcode you give", "the postal code you give")
                                      .replace("breaches of our Terms", "violations of our Terms")),
    "more synonyms, a tense": (BASE.replace("such as your name", "such as your mobile number, a back-up of your customised "
                                            "settings and your name")
                               .replace("and we then erase", "and once authorisation has been given we erase"),
                               BASE.replace("such as your name", "like your cellular number, a backup of your custom "
                                            "settings and your name")
                               .replace("and we then erase", "and once authorization is given we erase")),
    "a product renamed, its old name in brackets": (
        BASE.replace("Questions about this policy", "This policy covers:\n\n*   Example Start\n\n*   Example Mail\n\n"
                     "Questions about this policy"),
        BASE.replace("Questions about this policy", "This policy covers:\n\n*   Example Hub (formerly known as Example "
                     "Start)\n\n*   Example Mail\n\nQuestions about this policy")),
    "a repeated paragraph removed, still said word for word": (
        BASE.replace("Questions about this policy", "Example Corp Limited does not sell your personal information to "
                     "anyone.\n\nQuestions about this policy"), BASE),
    "a postal address rewritten": (BASE, BASE.replace("300 Harbour Way, Ste. 2", "300 Harbour Way, Suite 2 MC-1")
                                   .replace("Springfield, CA 90405", "Springfield, CA 90405, USA")),
    "a pointer sentence pointing to a renamed page": (
        BASE, BASE.replace("visit [the Privacy Directory](https://directory.example/old)",
                           "visit [the Global Privacy Directory](https://global.example/directory)")),
    "the cookie banner and menu gone from the top of the capture": (COOKIE_BANNER + "\n\n" + BASE, BASE),
    "a language picker caught at the foot of the capture": (BASE, BASE + "\n\n" + LANGUAGES),
    "a notice that the documents were updated, and a tense": (
        BASE.replace("Example Corp Limited explains here", "Example Corp Limited is changing its name and explains here"),
        BASE.replace("Example Corp Limited explains here", "Example Corp Limited has changed its name and explains here")
        .replace("Questions about this policy", "We've updated our Terms of Use and Privacy Policy to reflect the "
                 "new name on 4 January 2024.\n\nQuestions about this policy")),
}


@pytest.mark.parametrize("edit", sorted(COSMETIC))
def test_an_edit_that_changes_no_term_is_cosmetic(store, doc, edit):
    change = change_between(store, doc, *COSMETIC[edit])
    assert change["substantive"] is False, [h for h in change["hunks"] if h["substantive"]]
    assert change["direction"] == "neutral" and change["categories"] == []


SUBSTANTIVE = {
    # a synonym beside a real change does not hide it
    "a synonym and a sale": BASE.replace("such as your name", "like your name").replace(
        "does not sell your personal information", "may sell your personal information"),
    # "like" is no synonym of "including all"
    "a quantifier added": BASE.replace("such as your name and email address", "including all of your contacts"),
    # a line that states a duty to write to an address is a term
    "an address line turned into a duty": BASE.replace(
        "Springfield, CA 90405", "You must send any claim to Springfield, CA 90405 within 30 days"),
    # a pointer sentence that gains a term is a term
    "a pointer sentence that shares data": BASE.replace(
        "visit [the Privacy Directory](https://directory.example/old)",
        "visit [the Directory](https://directory.example/old), with which we share your data"),
    # a cookie sentence inside the document is a term, not a banner
    "tracking cookies stated inside the policy": BASE.replace(
        "You can delete your account",
        "We use cookies to follow you across other websites and show you ads.\n\nYou can delete your account"),
    # a product swapped for another is no rename
    "another product covered": BASE.replace("Questions about this policy", "This policy covers:\n\n*   Example Hub "
                                            "(formerly known as Example Start)\n\n*   Example Mail\n\n"
                                            "Questions about this policy"),
    # the only copy of a protection removed is a loss
    "the only copy of a protection removed": BASE.replace(
        "Example Corp Limited does not sell your personal information to anyone.\n\n", ""),
    # a notice of an update that states a term is a term
    "an update notice that imposes arbitration": BASE.replace(
        "Questions about this policy", "We've updated our Terms: you must now agree to resolve disputes by "
        "arbitration.\n\nQuestions about this policy"),
    # a clause added at the foot of the document is a term, not chrome
    "a data sale added at the foot": BASE + "\n\nWe may sell your personal information to data brokers.",
}


@pytest.mark.parametrize("edit", sorted(SUBSTANTIVE))
def test_an_edit_that_changes_a_term_stays_substantive(store, doc, edit):
    change = change_between(store, doc, BASE, SUBSTANTIVE[edit])
    assert change["substantive"] is True


def test_a_data_list_copied_under_sharing_is_a_change(store, doc):
    """The items already listed under what is collected, copied under what is shared: a new use."""
    collected = BASE.replace("Questions about this policy",
                             "We collect:\n\n*   your contacts\n\n*   your location\n\nQuestions about this policy")
    shared = collected.replace("You can delete your account", "We share with advertisers:\n\n*   your contacts\n\n"
                               "*   your location\n\nYou can delete your account")
    change = change_between(store, doc, shared, collected)
    assert change["substantive"] is True


def test_the_cookie_banner_at_the_top_hides_no_real_change(store, doc):
    change = change_between(store, doc, COOKIE_BANNER + "\n\n" + BASE,
                            BASE.replace("does not sell your personal information", "may sell your personal information"))
    assert change["substantive"] is True and change["direction"] == "worse"


# -- another edition served for a while ---------------------------------------------------------

SECTIONS = [f"Section {i}. You may contact our support team about any question regarding clause {i} of "
            f"this policy, and we answer within {i + 1} working days." for i in range(1, 30)]
IN_FORCE = BASE + "\n\n" + "\n\n".join(SECTIONS)
# another country's edition: another company, another law, a sale of data permitted
OTHER_EDITION = IN_FORCE.replace("Example Corp Limited", "Example Corp Inc.").replace(
    "does not sell your personal information to anyone", "may sell your personal information to data brokers"
).replace("Springfield, CA 90405", "Springfield, CA 90405\n\nThis policy is governed by the laws of Delaware.")
BACK = IN_FORCE.replace("and we then erase your data.", "and we then erase your data for good.")


def test_another_edition_served_for_hours_was_never_in_force(store, doc):
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", OTHER_EDITION),
                                         ("2024-02-01T12:00:00Z", BACK)])
    edition, back = changes["2024-02-01T06:00:00Z"], changes["2024-02-01T12:00:00Z"]
    assert edition["substantive"] is False and "reverted" in edition["reasons"]
    assert edition["direction"] == "neutral"
    # the edition in force is compared with itself: the one word added, not the edition undone
    assert back["direction"] != "better"
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == \
        ["You can delete your account at any time from the settings page, and we then erase your data for good."]
    service = next(s for s in export_data(store)["services"] if s["id"] == "Example")
    assert not any(r.get("category") == "data_sale" for r in service["reasons"])


def test_another_edition_that_stood_for_weeks_was_a_change(store, doc):
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", OTHER_EDITION),
                     ("2024-03-15T12:00:00Z", BACK)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    edition = exported_changes(store)["2024-02-01T06:00:00Z"]
    assert edition["substantive"] is True and edition["direction"] == "worse"
    assert "reverted" not in json.dumps(edition["reasons"])


def test_a_real_change_the_next_day_is_no_edition_blip(store, doc):
    """A -> B -> C where C keeps B's change (B was the new terms, C a typo fix): B stands."""
    new_terms = OTHER_EDITION
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", new_terms),
                     ("2024-02-01T12:00:00Z", new_terms.replace("for good", "for ever") + "\n\nThanks.")]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2024-02-01T06:00:00Z"]["direction"] == "worse"


# -- an announcement edited while the page holds both versions -----------------------------------

def test_an_announcement_edited_while_announced_is_still_one_change(store, doc):
    """The coming version is edited while the page still carries both (a date fixed, a line
    added), then the old copy drops off: one change for the worse, at the announcement; the
    edit is judged as an edit of the coming version, and the end of the announcement is no
    second severe change (each page is split against the text in force before the run)."""
    from test_judgement import LONG_CLEAN, LONG_HARMFUL

    coming = LONG_HARMFUL
    edited = coming.replace("Article 3. We answer", "Article 3. We always answer")
    pages = [("2024-01-01T00:00:00Z", LONG_CLEAN),
             ("2024-01-20T00:00:00Z", "Our updated terms take effect on 1 March 2024.\n\n" + coming + "\n\n" + LONG_CLEAN),
             ("2024-02-01T00:00:00Z", "Our updated terms take effect on 1 March 2024.\n\n" + edited + "\n\n" + LONG_CLEAN),
             ("2024-03-01T00:00:00Z", edited)]
    for at, text in pages:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    assert changes["2024-01-20T00:00:00Z"]["direction"] == "worse"
    assert "announcement" in changes["2024-01-20T00:00:00Z"]["reasons"]
    edit = changes["2024-02-01T00:00:00Z"]
    assert "announcement" in edit["reasons"]
    assert [h["new"] for h in edit["hunks"] if h["substantive"]] == \
        ["We always answer every request about article 3 of these terms within thirty days of receiving it."]
    end = changes["2024-03-01T00:00:00Z"]
    assert end["direction"] not in ("worse", "better") and not end["suspect"], end


def test_an_announcement_whose_two_versions_each_repeat_the_title_is_still_one_change(store, doc):
    """WordPress.com, December 2020 (`unseen33`): the page's title, then the coming version and
    the version in force, each under the same heading, both edited while announced (a product
    added to each). The copy in force lacks one of the old text's headings: no reason to end
    the coming version at its first paragraphs; then the old copy drops off, no second change."""
    from test_judgement import LONG_CLEAN, LONG_HARMFUL

    title = "Terms of Service\n----------------"
    banner = ("We're updating our Terms of Service on 1 March 2024. Our new Terms of Service and current "
              "Terms of Service are both below.")

    def page(coming: str, current: str) -> str:
        return f"{title}\n\n{banner}\n\n{title}\n\n{coming}\n\n_This is our current Terms of Service._\n\n{title}\n\n{current}"

    def with_product(text: str) -> str:
        return text.replace("Article 7. We answer", "Article 7. For MailPoet too, we answer")

    pages = [("2024-01-01T00:00:00Z", f"{title}\n\n{title}\n\n{LONG_CLEAN}"),
             ("2024-01-20T00:00:00Z", page(LONG_HARMFUL, LONG_CLEAN)),
             ("2024-02-01T00:00:00Z", page(with_product(LONG_HARMFUL), with_product(LONG_CLEAN))),
             ("2024-03-01T00:00:00Z", f"{title}\n\n{with_product(LONG_HARMFUL)}")]
    for at, text in pages:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    announced = changes["2024-01-20T00:00:00Z"]
    assert "announcement" in announced["reasons"] and announced["direction"] == "worse"
    assert "announcement" in changes["2024-02-01T00:00:00Z"]["reasons"]
    end = changes["2024-03-01T00:00:00Z"]
    assert end["direction"] not in ("worse", "better") and not end["suspect"], end


PROMISE = "We never sell your personal information to anyone, for any purpose."


def _announced_without_the_promise(store, doc, coming: str) -> dict:
    """The text in force with ``PROMISE``, then a page announcing ``coming`` beside it, then
    ``coming`` alone: the changes by their new version's time."""
    from test_judgement import LONG_CLEAN

    in_force = LONG_CLEAN + "\n\n" + PROMISE
    pages = [("2024-01-01T00:00:00Z", in_force),
             ("2024-01-20T00:00:00Z", "Our updated terms take effect on 1 March 2024.\n\n" + coming + "\n\n" + in_force),
             ("2024-03-01T00:00:00Z", coming)]
    for at, text in pages:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    return exported_changes(store)


def test_a_promise_the_coming_version_drops_is_a_loss_at_the_announcement(store, doc):
    """The review's counter-example: the page carries the coming version, without "we never sell
    your personal information", beside the copy in force that still says it. The announcement is
    judged with the coming version, not with the whole page: the promise dropped is a loss."""
    from test_judgement import LONG_CLEAN

    # (more than one edit: no mere repetition)
    changes = _announced_without_the_promise(store, doc, LONG_CLEAN.replace("thirty days", "sixty days"))
    announced = changes["2024-01-20T00:00:00Z"]
    assert "announcement" in announced["reasons"] and announced["direction"] == "worse", announced
    assert changes["2024-03-01T00:00:00Z"]["direction"] not in ("worse", "better")


def test_a_coming_version_that_only_drops_a_promise_is_no_repetition_of_the_page(store, doc):
    """The coming version is the text in force less one promise: 39 of its 40 paragraphs repeat
    the copy beside it, as a page that only repeats itself would. A sentence of its own missing
    is a change, judged at the announcement, not a repetition (`announcement.REPETITION_NOISE_CHARS`)."""
    from test_judgement import LONG_CLEAN

    announced = _announced_without_the_promise(store, doc, LONG_CLEAN)["2024-01-20T00:00:00Z"]
    assert "announcement" in announced["reasons"] and announced["direction"] == "worse", announced


# -- a preview of the coming terms, then the terms in force again --------------------------------

PREVIEW = ("These terms will be updated effective 20 December 2024. To preview the new version prior to its "
           "effective date, click [here](https://example.test/new).\n\n" + OTHER_EDITION)


def test_a_preview_shown_for_two_weeks_then_withdrawn_was_never_in_force(store, doc):
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-11-19T08:00:00Z", PREVIEW),
                                         ("2024-12-01T16:00:00Z", BACK)])
    preview, back = changes["2024-11-19T08:00:00Z"], changes["2024-12-01T16:00:00Z"]
    assert preview["substantive"] is False and "reverted" in preview["reasons"]
    assert back["direction"] != "better"


def test_without_a_notice_two_weeks_is_a_change_and_its_undoing(store, doc):
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-11-19T08:00:00Z", OTHER_EDITION),
                                         ("2024-12-01T16:00:00Z", BACK)])
    assert changes["2024-11-19T08:00:00Z"]["direction"] == "worse"
    assert changes["2024-12-01T16:00:00Z"]["direction"] == "better"


def test_a_sale_added_then_withdrawn_with_a_notice_is_two_changes(store, doc):
    """An edit, not another edition: a sale clause stands four days, then goes with a notice
    saying so. Both are changes (worse, then better), not a blip."""
    sale = IN_FORCE.replace("does not sell your personal information to anyone",
                            "may sell your personal information to data brokers")
    withdrawn = IN_FORCE.replace("Questions about this policy", "We no longer sell it.\n\nQuestions about this policy")
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T00:00:00Z", sale),
                                         ("2024-02-05T00:00:00Z", withdrawn)])
    assert changes["2024-02-01T00:00:00Z"]["direction"] == "worse"
    assert changes["2024-02-05T00:00:00Z"]["direction"] == "better"


# -- an older edition captured after a newer one ------------------------------------------------

DATED_2025 = "Dated: March 17, 2025\n\n" + IN_FORCE
# an older edition, dated before the one in force, served again (a cache, another region's page)
DATED_2022 = "Dated: January 5, 2022\n\n" + OTHER_EDITION
# the edition in force, with a sale of data the edition before it did not have
SALE_2025 = "Dated: March 17, 2025\n\n" + OTHER_EDITION
NO_SALE_2022 = "Dated: January 5, 2022\n\n" + IN_FORCE


def substantive_news(store) -> dict[str, list[str]]:
    """The substantive changes of the history: the date each leads to, and its new clauses."""
    return {at: [h["new"] for h in c["hunks"] if h["substantive"]]
            for at, c in exported_changes(store).items() if c["substantive"]}


def test_an_edition_seen_before_served_again_is_no_change_nor_is_the_return(store, doc):
    """2022 -> 2025 (a sale of data) -> 2022 again for months -> 2025 back: the sale is news
    once; the older edition and the return to the edition in force are none."""
    changes = changes_after(store, doc, [("2022-02-01T00:00:00Z", NO_SALE_2022), ("2025-04-01T00:00:00Z", SALE_2025),
                                         ("2025-06-10T00:00:00Z", NO_SALE_2022), ("2025-12-10T00:00:00Z", SALE_2025)])
    older = changes["2025-06-10T00:00:00Z"]
    assert older["substantive"] is False and "older_edition" in older["reasons"]
    assert older["direction"] == "neutral"
    assert changes["2025-12-10T00:00:00Z"]["direction"] == "neutral"
    assert sorted(substantive_news(store)) == ["2025-04-01T00:00:00Z"]


def test_the_edition_in_force_back_with_an_edit_is_judged_on_the_edit(store, doc):
    """2022 -> 2025 (a sale) -> 2022 again -> 2025 back with one clause edited: the sale is
    charged once, and what comes back is judged against the edition in force, not the older one."""
    changes = changes_after(store, doc, [
        ("2022-02-01T00:00:00Z", NO_SALE_2022), ("2025-04-01T00:00:00Z", SALE_2025),
        ("2025-06-10T00:00:00Z", NO_SALE_2022),
        ("2026-01-21T00:00:00Z",
         SALE_2025.replace("and we then erase your data.", "and we then erase your data for good.")),
    ])
    assert "older_edition" in changes["2025-06-10T00:00:00Z"]["reasons"]
    back = changes["2026-01-21T00:00:00Z"]
    assert back["direction"] != "worse" and "data_sale" not in json.dumps(back["hunks"])
    assert [c for c in changes.values() if c["direction"] == "worse"] == [changes["2025-04-01T00:00:00Z"]]


def test_an_older_date_never_seen_before_is_judged_on_its_words(store, doc):
    """A new edition that puts an old "Effective date" line above its own date, or mistypes its
    year, states no edition seen before: its new terms are news."""
    old = "Last updated: March 1, 2024\n\n" + IN_FORCE
    header = "Effective date: January 1, 2018\n\nLast updated: June 1, 2025\n\n" + OTHER_EDITION
    assert change_between(store, doc, old, header, old_at="2024-03-02T00:00:00Z",
                          new_at="2025-06-02T00:00:00Z")["direction"] == "worse"


def test_a_year_typo_in_a_new_edition_hides_nothing(store, doc):
    for at, text in [("2024-01-11T00:00:00Z", "Last updated: January 10, 2024\n\n" + IN_FORCE),
                     ("2025-01-09T00:00:00Z", "Last updated: January 8, 2024\n\n" + OTHER_EDITION),
                     ("2025-01-12T00:00:00Z", "Last updated: January 8, 2025\n\n" + OTHER_EDITION)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2025-01-09T00:00:00Z"]["direction"] == "worse"


def test_a_date_after_the_capture_is_not_its_edition_date(store, doc):
    """"Effective: July 1, 2025" read in June announces the edition, it does not date it: the
    next capture, "Last updated: June 10, 2025" above that line, is no older edition."""
    for at, text in [("2025-06-01T00:00:00Z", "Effective: July 1, 2025\n\n" + IN_FORCE),
                     ("2025-06-12T00:00:00Z", "Last updated: June 10, 2025\n\nEffective: July 1, 2025\n\n"
                      + OTHER_EDITION)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2025-06-12T00:00:00Z"]["direction"] == "worse"


def test_a_new_edition_dated_later_or_undated_is_a_change(store, doc):
    """Dated after the one in force, the same day, or with no dating line: judged on its words."""
    changes = changes_after(store, doc, [
        ("2025-04-01T00:00:00Z", DATED_2025),
        ("2025-12-10T00:00:00Z", "Dated: March 17, 2025\n\n" + OTHER_EDITION),
        ("2026-01-21T00:00:00Z", "Dated: January 5, 2026\n\n" + IN_FORCE),
        ("2026-02-21T00:00:00Z", OTHER_EDITION.replace("Example Corp Limited", "Example Corp Inc.")),
    ])
    assert changes["2025-12-10T00:00:00Z"]["direction"] == "worse"
    assert changes["2026-01-21T00:00:00Z"]["direction"] == "better"
    assert changes["2026-02-21T00:00:00Z"]["direction"] == "worse"


def test_a_date_in_an_obligation_is_not_the_edition_date(store, doc):
    """"From 1 May 2020 we may sell ..." dates a term, not the document: no older edition."""
    change = change_between(store, doc, DATED_2025, DATED_2025.replace(
        "Dated: March 17, 2025", "From 1 May 2020 we may sell your personal information to data brokers."),
        old_at="2025-04-01T00:00:00Z", new_at="2025-12-10T00:00:00Z")
    assert change["substantive"] is True and change["direction"] == "worse"


# -- a page that serves one region's edition, then another's, then the first again ----------------

# the edition for readers in Europe: another company, its own section of rights and remedies
EUROPEAN_EDITION = IN_FORCE.replace("Example Corp Limited", "Example Corp Europe B.V.") + "\n\n" + "\n\n".join([
    "Rights of consumers in the European Economic Area",
    "If you live in the European Economic Area, Switzerland or Norway, the mandatory consumer laws of "
    "your country of residence apply and the courts of that country hear any dispute with us.",
    "You may object to processing based on legitimate interests, restrict processing, port your data "
    "to another provider and lodge a complaint with the supervisory authority of your member state.",
    "Our representative in the Union is reachable through the contact form, and our data protection "
    "officer answers requests within one month, extended by two further months for complex requests.",
    "Online dispute resolution is available through the platform of the European Commission.",
])


def test_another_regions_edition_between_two_copies_of_the_edition_is_no_change(store, doc):
    """A -> the European edition (seen for months: the archive's visits fell there) -> A with
    one clause edited: the European edition was never the terms of A's readers; A' is read
    against A, so only the edit counts."""
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", EUROPEAN_EDITION),
                                         ("2024-09-01T12:00:00Z", BACK)])
    edition, back = changes["2024-02-01T06:00:00Z"], changes["2024-09-01T12:00:00Z"]
    assert edition["substantive"] is False and "reverted" in edition["reasons"]
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == \
        ["You can delete your account at any time from the settings page, and we then erase your data for good."]


def test_another_regions_edition_that_stays_is_a_change(store, doc):
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", EUROPEAN_EDITION),
                     ("2024-09-01T12:00:00Z", EUROPEAN_EDITION.replace("for good", "") + "\n\nThanks.")]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2024-02-01T06:00:00Z"]["substantive"] is True


def test_another_regions_edition_seen_twice_edited_between_two_copies_is_no_change(store, doc):
    """A -> the European edition -> the European edition again, retyped -> A edited: neither
    capture of the other edition was the terms of A's readers; A' is read against A."""
    edited_european = EUROPEAN_EDITION.replace("Online dispute resolution", "Online Dispute Resolution")
    changes = changes_after(store, doc, [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", EUROPEAN_EDITION),
                                         ("2024-05-01T06:00:00Z", edited_european), ("2025-01-01T12:00:00Z", BACK)])
    assert "reverted" in changes["2024-02-01T06:00:00Z"]["reasons"]
    assert changes["2024-05-01T06:00:00Z"]["substantive"] is False
    assert [h["new"] for h in changes["2025-01-01T12:00:00Z"]["hunks"] if h["substantive"]] == \
        ["You can delete your account at any time from the settings page, and we then erase your data for good."]


def test_new_terms_rolled_out_by_turns_with_the_old_are_a_change(store, doc):
    """A -> B (the new terms) -> A word for word a month later -> B, which stays: a rollout,
    not two editions kept up side by side; B counts."""
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", EUROPEAN_EDITION),
                     ("2024-03-01T06:00:00Z", IN_FORCE), ("2024-03-02T06:00:00Z", EUROPEAN_EDITION)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2024-02-01T06:00:00Z"]["substantive"] is True


def test_an_update_made_in_the_other_edition_meanwhile_still_counts(store, doc):
    """A -> the European edition -> the European edition with a sale of data -> A with the same
    sale: the update was the policy's, made in every edition; it counts where it was first seen."""
    sale = ("does not sell your personal information to anyone", "may sell your personal information to data brokers")
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", EUROPEAN_EDITION),
                     ("2024-05-01T06:00:00Z", EUROPEAN_EDITION.replace(*sale)),
                     ("2025-01-01T12:00:00Z", BACK.replace(*sale))]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert exported_changes(store)["2024-05-01T06:00:00Z"]["direction"] == "worse"


# A worse version withdrawn after months (a backlash) has the shape of another region's edition
# between two copies of the one in force, but names no other audience: both are real changes.
WITHDRAWN_AFTER_BACKLASH = IN_FORCE.replace(
    "does not sell your personal information to anyone", "may sell your personal information to data brokers"
) + "\n\n" + "\n\n".join([
    "Binding arbitration",
    "Every claim against Example Corp goes to binding individual arbitration held in Delaware; you give up "
    "any right to a jury trial and to join a class action.",
    "We may close or suspend your account whenever we choose, for any reason or none, and without warning.",
    "We may rewrite these terms at any time; using the service after a rewrite means you agree to it.",
    "Your content: you give us a perpetual, irrevocable, worldwide, royalty-free licence to use, copy, adapt, "
    "publish and sublicense whatever you upload, including to train our models.",
])


def test_a_worse_version_withdrawn_after_a_backlash_is_two_changes(store, doc):
    changes = changes_after(store, doc, [
        ("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", WITHDRAWN_AFTER_BACKLASH),
        ("2024-09-01T12:00:00Z", BACK),
    ])
    worse, withdrawn = changes["2024-02-01T06:00:00Z"], changes["2024-09-01T12:00:00Z"]
    assert worse["substantive"] is True and worse["direction"] == "worse", worse["reasons"]
    assert "reverted" not in worse["reasons"]
    assert withdrawn["substantive"] is True and withdrawn["direction"] == "better"


def test_the_same_worse_version_naming_another_region_is_that_regions_edition(store, doc):
    # guard: the same texts, the one in between for readers in the European Economic Area
    regional = WITHDRAWN_AFTER_BACKLASH.replace("Binding arbitration",
                                                "Terms for readers in the European Economic Area")
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", regional),
                     ("2024-09-01T12:00:00Z", BACK)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    assert "reverted" in exported_changes(store)["2024-02-01T06:00:00Z"]["reasons"]


def test_a_withdrawn_worse_version_naming_a_new_country_is_still_two_changes(store, doc):
    # a country named as a place data goes to, not as the readers' place, is no other audience
    moved_abroad = WITHDRAWN_AFTER_BACKLASH + "\n\nWe may transfer your personal data to servers in China and Russia."
    for at, text in [("2024-01-01T00:00:00Z", IN_FORCE), ("2024-02-01T06:00:00Z", moved_abroad),
                     ("2024-09-01T12:00:00Z", BACK)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    worse = exported_changes(store)["2024-02-01T06:00:00Z"]
    assert worse["substantive"] is True and "reverted" not in worse["reasons"], worse["reasons"]
