"""Captures whose text is not (all) the document (issue 13): the page's own table of contents
written with link titles, and a page whose captures break off mid-sentence at a different place
each time. Each reading has its guard: a real edit beside it still counts."""

from __future__ import annotations

import pytest

from monitor.diff import compare
from monitor.store import Store

from stories import change_between, exported_changes
from monitor.pipeline import process_new_records

PARAGRAPHS = [
    f"{i}. Acme may suspend your account under clause {i} if you break the rules of the service, "
    f"and we keep your messages for {i + 2} months after that, unless the law requires otherwise."
    for i in range(1, 41)
]
WHOLE = "Acme Terms of Service\n=====================\n\n" + "\n\n".join(PARAGRAPHS)


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})


# -- a table of contents whose links carry titles ------------------------------------------------

def contents(titles: list[str]) -> str:
    return "\n".join(f'*   [{n}\\. {t}](#s{n} "{n}. {t}")' for n, t in enumerate(titles, 1))


TITLES = ["Who we are", "What we keep", "Who sees it", "Your rights"]


def test_a_table_of_contents_with_link_titles_is_one_entry_a_line():
    """The title of a link ('[1. Who we are](#s1 "1. Who we are")') is part of the link: no
    sentence ends inside it, so each line stays one table-of-contents entry."""
    change = compare(WHOLE + "\n\n" + contents(TITLES), WHOLE)
    assert [h.old for h in change.hunks] == contents(TITLES).split("\n")
    assert not change.substantive


def test_a_clause_beside_a_titled_contents_line_still_counts():
    added = WHOLE + "\n\n" + contents(TITLES) + "\n\nAcme may sell your messages to advertisers."
    change = compare(WHOLE + "\n\n" + contents(TITLES), added)
    assert change.substantive
    assert [h.new for h in change.hunks if h.substantive] == ["Acme may sell your messages to advertisers."]


# -- captures that break off mid-sentence --------------------------------------------------------

def cut(text: str, share: float) -> str:
    """The text broken off inside a word, after ``share`` of its characters."""
    at = int(len(text) * share)
    while text[at] in " \n.":
        at += 1
    return text[:at + 2]


def test_a_capture_that_stops_mid_sentence_is_suspect_however_much_is_left():
    change = compare(WHOLE, cut(WHOLE, 0.8))
    assert change.suspect and "suspect_mass_deletion" in change.reasons


def test_an_edition_that_drops_its_last_sections_is_no_broken_capture():
    shorter = "\n\n".join(WHOLE.split("\n\n")[:33])
    change = compare(WHOLE, shorter)
    assert not change.suspect and change.substantive


def test_the_whole_text_back_after_captures_cut_at_different_places_is_no_change(store, doc):
    """whole -> cut at 80 % -> cut at 60 % -> whole again (a space differs): the cuts were never
    in force, and the text that comes back is compared with the last whole one."""
    again = WHOLE.replace("Acme Terms of Service", "Acme  Terms of Service")
    for at, text in [("2024-01-01T00:00:00Z", WHOLE), ("2024-01-02T00:00:00Z", cut(WHOLE, 0.8)),
                     ("2024-01-03T00:00:00Z", cut(WHOLE, 0.6)), ("2024-01-04T00:00:00Z", again)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    assert changes["2024-01-04T00:00:00Z"]["substantive"] is False
    assert changes["2024-01-04T00:00:00Z"]["direction"] == "neutral"
    assert changes["2024-01-02T00:00:00Z"]["suspect_status"] == "refuted"


def test_a_refuted_capture_is_no_change_for_better_or_worse(store, doc):
    """whole -> cut (most of the text gone) -> whole again, days later: the cut capture was
    never the terms in force, so the change to it calls nothing better."""
    again = WHOLE.replace("Acme Terms of Service", "Acme  Terms of Service")
    for at, text in [("2024-01-01T00:00:00Z", WHOLE), ("2024-01-02T00:00:00Z", cut(WHOLE, 0.3)),
                     ("2024-01-20T00:00:00Z", again)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    cut_change = exported_changes(store)["2024-01-02T00:00:00Z"]
    assert cut_change["suspect_status"] == "refuted"
    assert cut_change["substantive"] is False and cut_change["direction"] == "neutral"


def test_a_real_edit_after_a_cut_capture_still_counts(store, doc):
    edited = WHOLE.replace("unless the law requires otherwise.", "or longer if we choose.", 1)
    for at, text in [("2024-01-01T00:00:00Z", WHOLE), ("2024-01-02T00:00:00Z", cut(WHOLE, 0.8)),
                     ("2024-01-04T00:00:00Z", edited)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    back = exported_changes(store)["2024-01-04T00:00:00Z"]
    assert back["substantive"] is True
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == [PARAGRAPHS[0].replace(
        "unless the law requires otherwise.", "or longer if we choose.")]


# -- a page that now carries the document in other languages -------------------------------------

def in_spanish(i: int) -> str:
    return (f"{i}. Acme puede suspender su cuenta según la cláusula {i} si usted infringe las normas del "
            f"servicio, y conservamos sus mensajes durante {i + 2} meses después, salvo que la ley exija otra cosa.")


# the document itself, for Spanish readers (a translation mirrors the text it translates)
SPANISH = "Condiciones del servicio de Acme\n================================\n\n" + "\n\n".join(
    in_spanish(i) for i in range(1, 41))


def test_the_document_copied_in_another_language_is_no_change_of_terms():
    change = compare(WHOLE, WHOLE + "\n\n" + SPANISH)
    assert not change.substantive
    assert {h.reason for h in change.hunks if h.kind == "added" and h.reason != "markup"} == {"translation"}


def test_an_english_clause_beside_a_translation_still_counts():
    added = "Acme may share your messages with advertisers to show you personalised ads."
    change = compare(WHOLE, WHOLE + "\n\n" + SPANISH + "\n\n" + "---" + "\n\n" + added)
    assert [h.new for h in change.hunks if h.substantive] == [added]


def test_part_of_the_document_in_another_language_is_told_by_the_numbers_it_keeps():
    """A translation of a few sections only is short beside the document, but it carries the
    document's own numbers: still a copy for other readers."""
    part = "\n\n".join(in_spanish(i) for i in range(11, 19))
    change = compare(WHOLE, WHOLE + "\n\n" + part)
    assert not change.substantive


GERMAN_POLICY = "\n\n".join([
    "Datenschutzhinweise der Beispiel GmbH",
    "Wir verwenden Ihre Angaben ausschließlich, um Ihnen unseren Dienst zur Verfügung zu stellen.",
    "Sie können jederzeit verlangen, dass wir Ihre gespeicherten Angaben berichtigen oder löschen.",
    "Ihre Angaben bleiben gespeichert, solange Ihr Konto besteht, und werden danach zeitnah gelöscht.",
    "Eine Weitergabe an Dritte findet nicht statt, es sei denn, ein Gesetz schreibt sie uns vor.",
    "Fragen richten Sie bitte an unsere Datenschutzbeauftragte, deren Anschrift Sie unten finden.",
] * 3)
NEW_TERMS_IN_ENGLISH = "\n\n".join([
    "How we work with partners abroad",
    "We pass your exact location and your address book to our advertising partners overseas.",
    "Those partners may merge it with what else they know about you to target you with ads.",
    "We may also sell profiles built from your activity to data brokers for their own marketing.",
    "You cannot opt out of this, because it is how we keep the service free of charge for you.",
    "We also feed your messages and your photos into the training of our AI models.",
    "Any dispute about these practices is settled by binding arbitration, never before a court.",
])


def test_new_terms_written_in_another_language_are_no_translation():
    """A German policy that gains a section of new terms in English: the section copies
    nothing of the document (a third of its length, none of its numbers or addresses), so it
    is the document's own and counts."""
    change = compare(GERMAN_POLICY, GERMAN_POLICY + "\n\n" + NEW_TERMS_IN_ENGLISH)
    assert change.substantive
    assert "translation" not in {h.reason for h in change.hunks}


def test_clauses_added_in_the_documents_own_language_count():
    spanish_document = SPANISH.split("\n\n", 2)[0] + "\n\n" + SPANISH.split("\n\n", 2)[1]
    change = compare(spanish_document, SPANISH)
    assert change.substantive


# -- the website's header and footer, gained or lost whole ---------------------------------------

MENU = "\n".join(f"*   [{name}](https://example.test/{name.lower()})" for name in
                 ["Home", "News", "Sport", "Weather", "Shop", "Help", "Jobs", "Press"])
FOOTER = "\n\n".join([
    "Explore Acme\n------------", MENU,
    "_Copyright © 2024 Acme._ Acme is not responsible for the content of external sites. "
    "[How we link to other sites.](https://example.test/links)",
])


def test_a_footer_lost_whole_takes_its_disclaimer_with_it():
    change = compare(WHOLE + "\n\n" + FOOTER, WHOLE)
    assert not change.substantive


@pytest.mark.parametrize("gained", [True, False])
def test_a_binding_sentence_inside_a_footer_still_counts(gained):
    """A footer gained or lost whole may still carry a term: a sentence that binds the user or
    the service ("you accept that ... may pass ...") is the document's, wherever it stands."""
    term = "Browsing this website means you accept that Acme may pass your visit history to data brokers."
    footer = FOOTER + "\n\n" + MENU.replace("example.test/", "example.test/more/") + "\n\n" + term
    old, new = (WHOLE, WHOLE + "\n\n" + footer) if gained else (WHOLE + "\n\n" + footer, WHOLE)
    change = compare(old, new)
    assert [h.new or h.old for h in change.hunks if h.substantive] == [term]


def test_a_clause_next_to_the_document_is_no_footer():
    appended = "Acme may share your messages with advertisers to show you personalised ads."
    change = compare(WHOLE, WHOLE + "\n\n" + appended + "\n\n" + FOOTER)
    assert appended in [h.new for h in change.hunks if h.substantive]


# -- list items a capture dropped ----------------------------------------------------------------

LISTS = "\n\n".join([
    "# Privacy at Borealis", "We explain here what we do with the information of the people who use our maps.",
    "## Where we obtain information", "We receive information about you from the following sources:",
    "*   Your device: the maps app reports crashes and the version you run.\n"
    "*   Payment providers: they tell us whether a payment went through.\n"
    "*   Public records: we read land registries to draw property lines.",
    "We combine these sources to keep our maps accurate.",
    "## Who receives information",
    "*   Courts and regulators: we pass information on when required, for instance to:\n"
    "    *   answer a warrant served on us;\n    *   defend a claim brought against us.",
    "## Contact", "Write to the Borealis privacy office in Tromsø for any question about this notice.",
])


def drop(text: str, *lines: str) -> str:
    for line in lines:
        assert line in text
        text = text.replace("\n" + line, "")
    return text


def test_items_dropped_where_a_list_was_emptied_are_the_captures():
    """The capture left "... for instance to:" with no items: the items it dropped at the end
    of the other list are its loss too, not the document's terms."""
    cut = drop(LISTS, "*   Public records: we read land registries to draw property lines.",
               "    *   answer a warrant served on us;", "    *   defend a claim brought against us.")
    change = compare(LISTS, cut)
    assert not change.substantive
    assert {h.reason for h in change.hunks if h.kind == "removed"} == {"cut_list"}


def test_the_last_item_of_a_list_removed_alone_is_a_change():
    change = compare(LISTS, drop(LISTS, "*   Public records: we read land registries to draw property lines."))
    assert [h.old for h in change.hunks if h.substantive] == [
        "*   Public records: we read land registries to draw property lines."]


def test_an_item_replaced_beside_an_emptied_list_still_counts():
    """Where the new text says something else in place of the items, it was no cut."""
    cut = drop(LISTS, "    *   answer a warrant served on us;", "    *   defend a claim brought against us.")
    cut = cut.replace("*   Public records: we read land registries to draw property lines.",
                      "*   Data brokers: we buy profiles of our users.")
    change = compare(LISTS, cut)
    assert "*   Data brokers: we buy profiles of our users." in [h.new for h in change.hunks if h.substantive]


RIGHTS = "\n\n".join([
    "# Privacy at Borealis", "We explain here what we do with the information of the people who use our maps.",
    "## Who receives information", "We pass information on to these companies:",
    "*   Card processors, which take your payments.\n*   Tile vendors, which draw our maps.",
    "## Your rights", "As a user you may:",
    "*   see your data;\n*   erase your data;\n*   refuse the sale of your data to brokers.",
    "## Contact", "Write to the Borealis privacy office in Tromsø for any question about this notice.",
])


def test_a_list_the_author_replaced_with_prose_unlocks_no_hiding_elsewhere():
    """The companies' list gives way to a sentence under its kept introduction (the author's
    edit: something stands where the items stood), and a right is struck from another list:
    that right is a removal like any other, not a capture's cut."""
    edited = RIGHTS.replace("*   Card processors, which take your payments.\n*   Tile vendors, which draw our maps.",
                            "Our vendors page names each of them and what it receives.")
    edited = drop(edited, "*   refuse the sale of your data to brokers.")
    change = compare(RIGHTS, edited)
    assert "*   refuse the sale of your data to brokers." in [h.old for h in change.hunks if h.substantive]


def test_a_one_item_list_the_author_emptied_still_counts():
    """A single promise struck under its kept introduction: with nothing else cut and no list of
    two items or more lost whole, nothing says a capture lost it (and this rule only hides)."""
    single = RIGHTS.replace("As a user you may:", "We never sell the following:").replace(
        "*   see your data;\n*   erase your data;\n*   refuse the sale of your data to brokers.",
        "*   where exactly you are.")
    change = compare(single, drop(single, "*   where exactly you are."))
    assert change.substantive
    assert [h.old for h in change.hunks if h.substantive] == ["*   where exactly you are."]


def test_a_one_item_list_emptied_beside_another_list_cut_is_the_captures():
    """Corroborated by a second list cut at its end, the emptied one-item list is a capture's loss."""
    single = RIGHTS.replace("As a user you may:", "We never sell the following:").replace(
        "*   see your data;\n*   erase your data;\n*   refuse the sale of your data to brokers.",
        "*   where exactly you are.")
    change = compare(single, drop(single, "*   where exactly you are.", "*   Tile vendors, which draw our maps."))
    assert not change.substantive
    assert {h.reason for h in change.hunks if h.kind == "removed"} == {"cut_list"}


# -- an index of documents in place of the terms -------------------------------------------------

def teaser(title: str, opening: str) -> str:
    return f"{title}\n{'-' * len(title)}\n\n{opening} …\n\n[Read more](https://example.test/{title[:4].lower()} \"Read more\")"


INDEX_PAGE = "Acme Privacy & Terms\n====================\n\n" + "\n\n".join([
    teaser("Terms of Use", PARAGRAPHS[0] + " " + PARAGRAPHS[1][:120]),
    teaser("Privacy Policy", "Acme respects your privacy and explains here what it collects and why, "
                             "how long it keeps it and the choices you have about it, including"),
    teaser("Copyright Policy", "Acme respects the rights of others and asks its users to do the same; "
                               "if you believe content on the service infringes your copyright, you may"),
])


def test_an_index_of_teasers_in_place_of_the_terms_is_not_the_document(store, doc):
    """The terms -> a landing page of excerpts cut with "… Read more" (seen twice) -> the terms
    with one clause edited: the landing page never stood as the terms, and the terms that come
    back are compared with the terms before it."""
    edited = WHOLE.replace("unless the law requires otherwise.", "or longer if we choose.", 1)
    for at, text in [("2024-01-01T00:00:00Z", WHOLE), ("2024-02-01T00:00:00Z", INDEX_PAGE),
                     ("2024-03-01T00:00:00Z", INDEX_PAGE + "\n\n"), ("2024-03-01T01:00:00Z", edited)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    assert changes["2024-02-01T00:00:00Z"]["suspect_status"] == "not_document"
    back = changes["2024-03-01T01:00:00Z"]
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == [PARAGRAPHS[0].replace(
        "unless the law requires otherwise.", "or longer if we choose.")]


def test_a_document_that_ends_with_one_read_more_link_is_the_document():
    from monitor.diff.not_document import not_document_reason
    text = WHOLE[:1500] + " …\n\n[Read more](https://example.test/more)"
    assert not_document_reason(text, usual_chars=len(WHOLE) * 3) != "excerpt_index"


@pytest.mark.timeout(20)
def test_a_loading_page_of_blank_lines_is_read_at_once():
    """An ellipsis followed by many blank lines and no link is no teaser; reading it must not
    try every way of splitting the blank lines (it doubled per line: minutes at forty)."""
    from monitor.diff.not_document import _EXCERPT, MIN_EXCERPTS, not_document_reason
    text = "Please wait, the page is loading...\n" + "\n" * 40 + "Contact us."
    assert not_document_reason(text, usual_chars=30_000) != "excerpt_index"
    spaced = INDEX_PAGE.replace(" …\n\n[Read", " … \n \n\t\n[Read")
    assert len(_EXCERPT.findall(spaced)) == MIN_EXCERPTS     # teasers are still told


# -- sections a capture left folded --------------------------------------------------------------

FOLDED = ("Expand all\n\nAcme Privacy Policy\n===================\n\nDate last updated: 01-21-2022\n\n"
          + "\n\n".join(f"{i}. Section {i}\n----------" for i in range(1, 9)))
UNFOLDED = FOLDED.replace("----------", "----------\n\n" + " ".join(PARAGRAPHS[:3]))


def test_sections_a_capture_caught_unfolded_under_the_same_date_are_no_change(store, doc):
    """unseen25 Vinted: the page's sections open on a click; one capture caught them open, the
    text grew fivefold under the same "Date last updated" line. No change of terms, no alert."""
    assert len(UNFOLDED) > 5 * len(FOLDED)
    change = compare(FOLDED, UNFOLDED)
    assert not change.substantive
    assert {h.reason for h in change.hunks} == {"unfolded"}
    exported = change_between(store, doc, FOLDED, UNFOLDED)
    assert exported["substantive"] is False and exported["direction"] == "neutral"


def test_a_text_that_grows_re_dated_or_reworded_is_a_change():
    # re-dated: an edition
    assert compare(FOLDED, UNFOLDED.replace("01-21-2022", "02-20-2023")).substantive
    # a clause reworded beside the additions: an author's edit
    edited = UNFOLDED.replace("1. Section 1", "1. Section 1, which we may change at any time")
    assert compare(FOLDED, edited).substantive
    # growing by less than the whole text again: additions an author may make without re-dating
    grown = FOLDED + "\n\nWe may share your location with advertising partners."
    assert compare(FOLDED, grown).substantive


# -- pages judged with no history to compare them with (a document's first capture) -------------

def product_menu(items: int) -> str:
    """A shop's navigation captured where its privacy policy should be (Alibaba.com's in 2014,
    Zillow's in 2015): hundreds of words, all in short menu lines, none a link."""
    return "Hi,\n\n" + "\n".join(f"*   Category {i}\n    *   Source products {i}\n    *   Get quotations now"
                                 for i in range(items))


def test_a_page_of_menu_lines_with_no_history_is_not_the_document():
    from monitor.diff.not_document import not_document_reason

    menu = product_menu(60)
    assert 400 <= len(menu.split()) < 1200
    assert not_document_reason(menu) == "no_legal_text"
    # against a history of the same length the same page is judged as before: by its length
    assert not_document_reason(menu, usual_chars=len(menu)) is None
    # a short policy of sentences with no history is the document
    assert not_document_reason(WHOLE) is None


def test_a_policy_that_says_it_needs_no_javascript_is_no_error_page():
    """Kbin's first privacy policy (2023): "You can fully use the platform without having to
    enable JavaScript" is no wall asking to enable it."""
    from monitor.diff.not_document import not_document_reason

    policy = ("Privacy policy\n==============\n\nAt kbin.social, we value the privacy and security of our users.\n\n"
              "The platform is designed to work without JavaScript enabled in your browser. You can fully use "
              "the platform without having to enable JavaScript.\n\n"
              "We only use session cookies that are necessary for logging in and customizing the interface.")
    assert not_document_reason(policy) is None
    wall = "Example\n\nPlease enable JavaScript to continue using this site."
    assert not_document_reason(wall) == "error_page"
    # the review's counter-examples: a comma ends the ruling out
    for wall in ("Example\n\nWithout cookies enabled, please enable cookies to continue.",
                 "Example\n\nYou cannot see this page without an account, sign in to continue."):
        assert not_document_reason(wall) == "error_page", wall


def test_a_sign_in_wall_whose_words_are_a_heading_is_an_error_page():
    """AdSense's terms from 2025 on: Google's sign-in page ("Sign in" underlined, then "to
    continue to AdSense") above a run of language names."""
    from monitor.diff.not_document import not_document_reason

    wall = ("![Google](//ssl.gstatic.com/images/googlelogo.png)\n\nSign in\n=======\n\nto continue to AdSense\n\n"
            "Email or phone\n\n[Forgot email?](https://accounts.example.test/recovery)\n\n"
            "Not your computer? Use a private browsing window to sign in.\n\nNext\n\n"
            "AfrikaansazərbaycanbosanskicatalàČeštinaCymraegDanskDeutscheestiEnglish (United Kingdom)")
    assert not_document_reason(wall, usual_chars=60_000) == "error_page"


# -- an error page that carries other legal text ------------------------------------------------------

# GM's privacy statement captured as its 404 page, under which the site printed its legal notices
# (unseen32, ACDelco 2018-09-09): of legal length, yet not the document.
LEGAL_NOTICES = "\n\n".join(
    f"{i}. THIS SITE IS PROVIDED FOR INFORMATIONAL PURPOSES ONLY, AND BY USING IT YOU AGREE TO BE BOUND "
    f"BY THESE TERMS AND CONDITIONS, WHICH ACME MAY CHANGE AT ANY TIME WITHOUT NOTICE, AND ACME SHALL "
    f"NOT BE LIABLE TO YOU FOR ANY DAMAGES RELATED TO THE USE OF THIS SITE, CLAUSE {i}." for i in range(1, 30))
NOT_FOUND_PAGE = ("Menu\n\nClose 404 Sorry, this page is currently unavailable.\n\nThere was a problem with your "
                  "request. The link you followed may be down for maintenance, broken, or removed.\n\n"
                  "LEGAL NOTICES\n\n" + LEGAL_NOTICES)


def test_a_long_error_page_in_place_of_a_far_longer_document_is_not_the_document():
    from monitor.diff.not_document import not_document_reason

    assert not_document_reason(NOT_FOUND_PAGE, usual_chars=4 * len(NOT_FOUND_PAGE)) == "error_page"


def test_a_long_page_that_mentions_an_error_is_read_as_the_document_without_a_longer_history():
    from monitor.diff.not_document import not_document_reason

    assert not_document_reason(NOT_FOUND_PAGE) is None                                    # a first capture
    assert not_document_reason(NOT_FOUND_PAGE, usual_chars=len(NOT_FOUND_PAGE)) is None   # as long as usual
    # a shorter edition of a policy that speaks of reCAPTCHA and cookie banners is no error page
    shorter = ("We use reCAPTCHA to protect our forms, and you can accept all cookies or refuse them in our "
               "cookie banner.\n\n" + LEGAL_NOTICES)
    assert not_document_reason(shorter, usual_chars=4 * len(shorter)) is None
    # ... nor one whose body speaks of 404 errors or of a page temporarily unavailable
    for said in ("We log status codes, such as 404 errors, to fix broken links.",
                 "We are not liable if the page is temporarily unavailable for maintenance."):
        body = LEGAL_NOTICES + "\n\n" + said
        assert not_document_reason(body, usual_chars=4 * len(body)) is None, said


def test_a_404_page_with_legal_notices_never_stands_as_the_document(store, doc):
    """The document -> its 404 page with other legal text (twice, so time and repetition would
    confirm it) -> the document with one clause edited: the 404 page never stood as the terms."""
    longer = "\n\n".join([WHOLE, WHOLE.replace("Acme may suspend", "Acme may close"),
                            WHOLE.replace("Acme may suspend", "Acme may lock")])
    edited = longer.replace("unless the law requires otherwise.", "or longer if we choose.", 1)
    for at, text in [("2024-01-01T00:00:00Z", longer), ("2024-02-01T00:00:00Z", NOT_FOUND_PAGE),
                     ("2024-02-03T00:00:00Z", NOT_FOUND_PAGE + "\n\n"), ("2024-03-01T00:00:00Z", edited)]:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    changes = exported_changes(store)
    assert changes["2024-02-01T00:00:00Z"]["suspect_status"] == "not_document"
    back = changes["2024-03-01T00:00:00Z"]
    assert [h["new"] for h in back["hunks"] if h["substantive"]] == [PARAGRAPHS[0].replace(
        "unless the law requires otherwise.", "or longer if we choose.")]
