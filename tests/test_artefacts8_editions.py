"""Capture artefacts of real histories that must not read as harms or gains (`artefacts8`):
a page that carries one document's editions for two audiences at once. Our own texts; the
pipeline runs on a real SQLite store."""

from __future__ import annotations

import json

import pytest

from monitor.diff.announcement import split_doubled
from monitor.diff.suspect import suspect_codes
from monitor.pipeline import process_new_records
from monitor.store import Store


def edition(title: str, clauses: list[str]) -> str:
    return "\n\n".join([title + "\n" + "-" * len(title)] + clauses)


FOR_EUROPE = edition("Terms of Service for European Users", [
    "These terms govern your use of the Example marketplace if you live in the European Economic Area.",
    "We collect the details you give us when you register, such as your name and email address.",
    "We use those details only to run the marketplace and to keep your account safe.",
    "You may close your account whenever you like; we then erase your personal data within thirty days.",
    "Disputes are heard by the courts of the country where you live, under its consumer laws.",
    "We will email you at least thirty days before any change to these terms takes effect.",
] + [f"Clause {i}. Our support team answers any question about clause {i} of these terms within a week."
     for i in range(1, 25)])

FOR_THE_REST = edition("Terms of Service for Non-European Users", [
    "These terms govern your use of the Example marketplace if you live outside the European Economic Area.",
    "Any dispute will be resolved by binding individual arbitration, and you waive any right to a class action.",
    "We may suspend or terminate your account at any time, for any reason, without notice.",
    "We may sell your personal information to data brokers and advertising partners.",
    "We may change these terms at any time, and your continued use means you accept the change.",
] + [f"Section {i}. Questions about section {i} of these terms go to our support team by email."
     for i in range(1, 25)])

SALE_ADDED = FOR_EUROPE.replace(
    "We use those details only to run the marketplace and to keep your account safe.",
    "We may sell your personal information to data brokers and advertising partners.")


def recorded(store: Store, document_id: int, texts_at: list[tuple[str, str]]) -> list[int]:
    return [store.record_version(document_id, text, recorded_at=at)["id"] for at, text in texts_at]


def change_to(store: Store, version_id: int) -> dict:
    row = next(iter(store.query("SELECT c.*, a.direction, a.categories FROM changes c LEFT JOIN assessments a "
                                "ON a.change_id = c.id WHERE c.to_version_id = ?", [version_id])))
    return {**row, "reasons": json.loads(row["reasons"]), "categories": json.loads(row["categories"] or "[]")}


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})


def test_a_page_carrying_the_other_regions_edition_is_no_change_either_way(store, doc):
    # the capture shows the European edition, then the page with both editions, then the
    # European one alone: no edition changed, so nothing is worse, better or suspect
    european, both, alone = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                                  ("2024-02-01T00:00:00Z", FOR_EUROPE + "\n\n" + FOR_THE_REST),
                                                  ("2024-03-01T00:00:00Z", FOR_EUROPE)])
    process_new_records(store)
    for version in (both, alone):
        change = change_to(store, version)
        assert change["substantive"] == 0 and change["suspect"] == 0, change["reasons"]
        assert "regional_edition" in change["reasons"] or version == alone
    # the edition in force afterwards is the European one: a sale added to it is judged as such
    sale = recorded(store, doc, [("2024-04-01T00:00:00Z", SALE_ADDED)])[0]
    process_new_records(store)
    change = change_to(store, sale)
    assert change["from_version_id"] == alone and change["direction"] == "worse"
    assert "data_sale" in change["categories"]


def test_a_page_that_drops_the_other_regions_edition_is_no_mass_deletion(store, doc):
    both, european = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_THE_REST + "\n\n" + FOR_EUROPE),
                                           ("2024-02-01T00:00:00Z", FOR_EUROPE)])
    process_new_records(store)
    change = change_to(store, european)
    assert change["substantive"] == 0 and change["suspect"] == 0, change["reasons"]
    assert "regional_edition" in change["reasons"]


def test_an_edit_of_the_edition_in_force_on_a_doubled_page_still_counts(store, doc):
    european, both = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                           ("2024-02-01T00:00:00Z", SALE_ADDED + "\n\n" + FOR_THE_REST)])
    process_new_records(store)
    change = change_to(store, both)
    assert change["substantive"] == 1 and change["direction"] == "worse"
    assert "data_sale" in change["categories"]
    assert "class_action_waiver" not in change["categories"]    # the other region's clauses are not news


def test_a_long_notice_added_under_another_title_stays_a_change(store, doc):
    # guard: a privacy policy that gains a state notice is not "another region's edition"
    policy = edition("Privacy Policy", FOR_EUROPE.split("\n\n")[2:])
    notice = edition("Additional Notice", FOR_THE_REST.split("\n\n")[2:])
    first, grown = recorded(store, doc, [("2024-01-01T00:00:00Z", policy),
                                         ("2024-02-01T00:00:00Z", policy + "\n\n" + notice)])
    process_new_records(store)
    change = change_to(store, grown)
    assert change["substantive"] == 1 and "regional_edition" not in change["reasons"]
    assert change["direction"] == "worse"


def test_the_old_copy_first_on_the_page_leaves_the_other_text_beside_it():
    doubled = split_doubled(FOR_EUROPE, FOR_EUROPE + "\n\n" + FOR_THE_REST)
    assert doubled is not None and doubled.old_first
    assert doubled.copy == FOR_EUROPE and doubled.beside == FOR_THE_REST


# A capture cut short: more than 30 % of the words gone and not one word of its own.

AGREEMENT = edition("User Agreement", [
    f"Part {i}. {sentence}" for i, sentence in enumerate([
        "You may use the Example wallet to send and receive money with other members.",
        "We may limit your account if we believe a payment breaks these terms.",
        "We are not liable for any loss caused by a delay in a payment you send.",
        "We may close your account at any time and for any reason, without notice.",
        "Any dispute is settled by binding individual arbitration; you waive any class action.",
        "We may change this agreement at any time by posting the new version on our site.",
        "Fees for currency conversion are listed on the fees page and may change.",
        "You must keep your password secret and tell us at once about any unauthorised payment.",
    ] * 3, 1)])
PARTS = AGREEMENT.split("\n\n")


def test_a_capture_cut_short_stays_suspect_until_the_full_text_comes_back(store, doc):
    # the archive kept the first 15 parts of 25: what is left is a piece of the agreement
    cut = "\n\n".join(PARTS[:15])
    full, short, back = recorded(store, doc, [("2024-01-01T00:00:00Z", AGREEMENT),
                                              ("2024-02-01T00:00:00Z", cut),
                                              ("2024-04-01T00:00:00Z", AGREEMENT)])
    process_new_records(store)
    change = change_to(store, short)
    assert "suspect_mass_deletion" in change["reasons"] and change["suspect_status"] == "refuted"
    assert change_to(store, back)["from_version_id"] == full     # never in force: no "better" then "worse"


def test_a_real_shortening_with_words_of_its_own_stays_a_change(store, doc):
    # guard: sections removed and the edition dated anew is an edit, judged at once
    shorter = "\n\n".join(["Last revised: 1 March 2024"] + [p for p in PARTS if "close your account" not in p
                                                           and "arbitration" not in p and "liable" not in p])
    full, edited = recorded(store, doc, [("2024-01-01T00:00:00Z", AGREEMENT), ("2024-03-01T00:00:00Z", shorter)])
    process_new_records(store)
    change = change_to(store, edited)
    assert change["suspect"] == 0 and change["substantive"] == 1 and change["direction"] == "better"


def test_a_real_shortening_is_counted_once_a_capture_builds_on_it(store, doc):
    # guard: the same cut seen again with an edit of its own confirms it: the document got shorter
    shorter = "\n\n".join(p for p in PARTS if "close your account" not in p and "arbitration" not in p
                          and "liable" not in p)
    edited = shorter + "\n\nWe answer complaints within fifteen business days."
    full, short, later = recorded(store, doc, [("2024-01-01T00:00:00Z", AGREEMENT),
                                               ("2024-03-01T00:00:00Z", shorter),
                                               ("2024-05-01T00:00:00Z", edited)])
    process_new_records(store)
    change = change_to(store, short)
    assert change["suspect_status"] == "confirmed" and change["direction"] == "better"
    assert change_to(store, later)["from_version_id"] == short


def test_microsofts_capture_of_2020_12_08_cut_short_is_suspect(ota_corpus):
    # a real capture that lost a third of the terms (the service-specific sections) and kept
    # nothing of its own; they came back in the next capture
    folder = ota_corpus / "Microsoft" / "Terms of Service"
    before, short = (folder / f"{stamp}.md" for stamp in ("2020-12-08T15-21-21Z", "2020-12-08T16-18-31Z"))
    codes = suspect_codes(before.read_text(encoding="utf-8"), short.read_text(encoding="utf-8"), similarity=0.6)
    assert codes == ["suspect_mass_deletion"]


# The edition in force was edited meanwhile: the page is read by its titles.
EARLIER_FOR_EUROPE = FOR_EUROPE.replace("Our support team answers any question about clause",
                                        "Write to our help desk with any question about clause")
FOR_EVERYONE_ELSE = FOR_THE_REST.replace(FOR_THE_REST.split("\n\n")[0], "Terms of Service\n----------------")


def test_a_page_that_drops_the_other_edition_while_its_own_was_edited_is_judged_on_its_own_edition(store, doc):
    # the page carried the (earlier) European edition and the edition for everyone else; the next
    # capture is the European edition alone, edited: only that edit is judged, not the other's clauses
    both, european = recorded(store, doc, [("2024-01-01T00:00:00Z", EARLIER_FOR_EUROPE + "\n\n" + FOR_EVERYONE_ELSE),
                                           ("2024-02-01T00:00:00Z", FOR_EUROPE)])
    process_new_records(store)
    change = change_to(store, european)
    assert "regional_edition" in change["reasons"] and change["suspect"] == 0, change["reasons"]
    assert not {"class_action_waiver", "arbitration", "data_sale"} & set(change["categories"])
    assert change["direction"] != "better"


def test_a_capture_that_lost_its_middle_is_refuted_when_the_middle_comes_back(store, doc):
    # the fuller capture carries the site's menu and footer; the cut one lost the middle sections
    # and the trimmings, so it ends like the document; the next capture has every section again
    page = "* [Home](/)\n* [Help](/help)\n\n" + AGREEMENT + "\n\n* [Contact us](/contact)\n* [Cookies](/cookies)"
    cut = "\n\n".join(PARTS[:8] + PARTS[-3:])
    full, short, back = recorded(store, doc, [("2024-01-01T00:00:00Z", page),
                                              ("2024-02-01T00:00:00Z", cut),
                                              ("2024-04-01T00:00:00Z", AGREEMENT)])
    process_new_records(store)
    assert change_to(store, short)["suspect_status"] == "refuted"
    assert change_to(store, back)["from_version_id"] == full


def test_a_document_that_grows_at_its_end_is_no_page_holding_two_texts():
    # most documents grow by new sections appended after the old text: that is an edit, not an
    # old copy with a coming version beside it (only another audience's edition is read so)
    appended = "\n\n".join(f"Section {i}. We may share what you post with our advertising partners under rule {i}."
                           for i in range(1, 30))
    assert split_doubled(FOR_EUROPE, FOR_EUROPE + "\n\n" + appended) is None

# The edition in force runs to the other edition's title: what is appended to it is its own edit.
LOCATION_SHARED = "We share your precise location and contact list with our advertising partners so they can show you ads."


def test_a_clause_appended_to_the_edition_in_force_before_the_other_edition_is_judged(store, doc):
    # reviewer's case: the page adds the other audience's edition and, just before its title,
    # a clause at the end of the edition in force; that clause is a change of the terms in force
    appended = FOR_EUROPE + "\n\n" + LOCATION_SHARED
    european, both, alone = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                                  ("2024-02-01T00:00:00Z", appended + "\n\n" + FOR_THE_REST),
                                                  ("2024-03-01T00:00:00Z", appended)])
    process_new_records(store)
    change = change_to(store, both)
    assert change["substantive"] == 1 and change["direction"] == "worse", change["reasons"]
    assert "sensitive_data" in change["categories"]
    assert "class_action_waiver" not in change["categories"]    # the other edition is still no news
    dropped = change_to(store, alone)     # the other edition gone, the clause kept: nothing new
    assert dropped["substantive"] == 0 and dropped["direction"] == "neutral"


def test_a_sale_clause_appended_then_kept_is_worse_once(store, doc):
    sale = "We may sell your personal information to data brokers and share your precise location with them."
    appended = FOR_EUROPE + "\n\n" + sale
    european, both, alone = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                                  ("2024-02-01T00:00:00Z", appended + "\n\n" + FOR_THE_REST),
                                                  ("2024-03-01T00:00:00Z", appended)])
    process_new_records(store)
    assert {"data_sale", "sensitive_data"} <= set(change_to(store, both)["categories"])
    assert change_to(store, alone)["direction"] == "neutral"


# A capture cut short never dates the document anew: a re-dated shorter text is an edition.
POLICY = [
    "# Privacy Policy", "Last updated: January 5, 2024",
    "## Information We Collect", "We collect the name, email address and payment details you give us when you open an account.",
    "We also collect the device model, operating system and crash logs of the app you install.",
    "## How We Use Information", "We use your details to run the service, process payments and answer support requests.",
    "We send you service notices about your account, such as receipts and security alerts.",
    "## Retention", "We keep account records for as long as your account is open and for six years after it closes.",
    "## Your Choices", "You can update your profile, download a copy of your data or delete your account in settings.",
    "## Security", "We protect stored information with encryption, access controls and regular audits by an outside firm.",
    "## Children", "The service is not directed to children under thirteen and we do not knowingly collect their information.",
    "## Sharing With Partners", "We may sell your personal information to data brokers and share your precise location with advertising partners.",
    "Our advertising partners may combine this information with what they collect elsewhere to build profiles about you.",
    "## Dispute Resolution", "Any dispute arising out of this policy will be settled by binding individual arbitration administered by a private provider.",
    "You waive any right to bring or join a class action or a jury trial against the company.",
    "## Changes", "We may amend this policy at any time by posting the amended text here; continued use means acceptance.",
]


def without_sections(paragraphs: list[str], dropped: set[str]) -> str:
    kept, skipping = [], False
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            skipping = paragraph in dropped
        if not skipping:
            kept.append(paragraph)
    return "\n\n".join(kept)


@pytest.mark.parametrize("dropped, new_date, directions", [
    # reviewer's case: sale and arbitration sections gone, re-dated in May ("may" already a word)
    ({"## Sharing With Partners", "## Dispute Resolution"}, "May 5, 2024", ("better",)),
    # our variant: the rights sections gone, re-dated day first (no word the policy lacked); the
    # only harm that leaves is a retention period, which is no gain by itself (balance._only_cuts)
    ({"## Retention", "## Your Choices", "## Security", "## Children"}, "5 May 2024", ("worse", "neutral")),
])
def test_a_re_dated_shorter_policy_is_an_edition_judged_at_once(store, doc, dropped, new_date, directions):
    old = "\n\n".join(POLICY)
    new = without_sections(POLICY, dropped).replace("January 5, 2024", new_date)
    full, shorter = recorded(store, doc, [("2024-01-01T00:00:00Z", old), ("2024-05-06T00:00:00Z", new)])
    process_new_records(store)
    change = change_to(store, shorter)
    assert change["suspect"] == 0 and "suspect_mass_deletion" not in change["reasons"], change["reasons"]
    assert change["substantive"] == 1 and change["direction"] in directions


def test_a_cut_that_keeps_the_date_stays_suspect():
    # guard: the same cut with the date untouched is a piece of the policy
    old = "\n\n".join(POLICY)
    cut = "\n\n".join(POLICY[:12])
    assert suspect_codes(old, cut, similarity=0.6) == ["suspect_mass_deletion"]


def test_a_clause_the_other_edition_held_is_still_news_for_the_edition_in_force(store, doc):
    # the page carried both editions; the next capture is the European edition with the other
    # edition's sale clause in it: judged against the European edition, not the doubled page
    european, both, sold = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                                 ("2024-02-01T00:00:00Z", FOR_EUROPE + "\n\n" + FOR_THE_REST),
                                                 ("2024-03-01T00:00:00Z", SALE_ADDED)])
    process_new_records(store)
    change = change_to(store, sold)
    assert change["from_version_id"] == both and change["direction"] == "worse"
    assert "data_sale" in change["categories"]


# -- a region's own section dropped or added whole under the same date ----------------------------

def dated_policy(date: str, european_section: bool, extra: str = "") -> str:
    """A privacy policy in Google's shape: the same text for everyone, and a "European
    requirements" section that only the edition for European readers carries."""
    general = [f"Effective {date}",
               "We collect the information you give us when you create an account, such as your name.",
               "We use that information to provide our services and to keep your account secure."] + [
        f"Part {i}. You can review and update the information described in part {i} from your account settings."
        for i in range(1, 20)]
    european = ["European requirements\n---------------------",
                "If European Union (EU) data protection law applies to the processing of your information, "
                "you can exercise your rights to request access to, update, remove and restrict its processing.",
                "### Legal bases of processing",
                "We process your data for our legitimate interests and those of third parties while applying "
                "appropriate safeguards that protect your privacy.",
                "We process your data to share it with advertising partners when you have given your consent.",
                "You can contact your local data protection authority if you have concerns about your rights.",
                "Google Ireland Limited is the data controller for users based in the European Economic Area."]
    return "\n\n".join(["Privacy Policy\n==============", *general, *(european if european_section else []),
                        *([extra] if extra else []), "Contact us at privacy@example.test."])


def test_a_regions_section_dropped_under_the_same_date_is_no_change(store, doc):
    """Google's privacy policy captured for every Google service on 2025-12-10 without its
    "European requirements" ("Effective 1 July 2025" on both sides): the archive was served
    the edition for readers outside Europe. A section added whole is read as a change (the
    gold set reads YouTube's "European requirements" added in March 2021 as better)."""
    _, dropped, back = recorded(store, doc, [
        ("2025-11-03T00:00:00Z", dated_policy("1 July 2025", True)),
        ("2025-12-10T00:00:00Z", dated_policy("1 July 2025", False)),
        ("2026-02-01T00:00:00Z", dated_policy("1 July 2025", True))])
    process_new_records(store)
    change = change_to(store, dropped)
    assert change["substantive"] == 0 and "region_section" in change["reasons"], change["reasons"]
    assert change["suspect"] == 0
    added = change_to(store, back)
    assert added["substantive"] == 1 and "region_section" not in added["reasons"]


def test_a_regions_section_dropped_with_a_new_date_stays_a_change(store, doc):
    _, dropped = recorded(store, doc, [("2025-11-03T00:00:00Z", dated_policy("1 July 2025", True)),
                                       ("2025-12-10T00:00:00Z", dated_policy("1 December 2025", False))])
    process_new_records(store)
    assert "region_section" not in change_to(store, dropped)["reasons"]


def test_a_regions_section_dropped_beside_another_edit_stays_a_change(store, doc):
    _, dropped = recorded(store, doc, [
        ("2025-11-03T00:00:00Z", dated_policy("1 July 2025", True)),
        ("2025-12-10T00:00:00Z", dated_policy("1 July 2025", False, extra=(
            "We may sell your personal information to data brokers and advertising partners.")))])
    process_new_records(store)
    change = change_to(store, dropped)
    assert change["substantive"] == 1 and "region_section" not in change["reasons"]


def test_a_section_under_a_title_naming_no_region_stays_a_change(store, doc):
    plain = dated_policy("1 July 2025", True).replace("European requirements\n---------------------",
                                                      "Legal requirements\n------------------")
    _, dropped = recorded(store, doc, [("2025-11-03T00:00:00Z", plain),
                                       ("2025-12-10T00:00:00Z", dated_policy("1 July 2025", False))])
    process_new_records(store)
    change = change_to(store, dropped)
    assert change["substantive"] == 1 and "region_section" not in change["reasons"]


# -- a document re-published far shorter: an edition, not a cut ------------------------------------

LONG_TERMS = "\n\n".join(["User Agreement", "Last updated: 5 January 2024"] + [
    f"Section {i}. Payments you send under section {i} are processed within {i % 7 + 1} business days, "
    f"and you may ask our support team about any payment covered by section {i}." for i in range(1, 300)])
SHORTER_EDITION = "\n\n".join(["User Agreement", "Last updated: 1 March 2024"] + [
    f"Clause {i}. We simplified this agreement: payments under clause {i} settle within {i % 5 + 2} working days, "
    f"and complaints about clause {i} go to our consumer desk." for i in range(1, 101)])


def test_a_document_republished_far_shorter_is_confirmed_when_seen_again(store, doc):
    """PayPal's terms of 2025 (177,480 -> 39,489 characters, re-dated) and Yahoo's of 2020
    (76,180 -> 27,690), captured so for years, stayed awaiting confirmation forever: each later
    capture had the same last paragraph, read as "cut at the same place again"."""
    _, shorter, again, edited = recorded(store, doc, [
        ("2024-01-01T00:00:00Z", LONG_TERMS), ("2024-03-01T00:00:00Z", SHORTER_EDITION),
        ("2024-09-01T00:00:00Z", SHORTER_EDITION + "\n"),
        ("2025-01-01T00:00:00Z", SHORTER_EDITION.replace(
            "Clause 50.", "Clause 50. We may sell your personal information to data brokers.\n\nClause 50."))])
    process_new_records(store)
    change = change_to(store, shorter)
    assert "suspect_mass_deletion" in change["reasons"] and change["suspect_status"] == "confirmed"
    assert change_to(store, edited)["from_version_id"] == again
    assert change_to(store, edited)["direction"] == "worse"


def test_a_piece_of_the_document_captured_again_at_the_same_place_stays_suspect(store, doc):
    piece = LONG_TERMS[: len(LONG_TERMS) // 3].rsplit("\n\n", 1)[0]
    _, short, again = recorded(store, doc, [("2024-01-01T00:00:00Z", LONG_TERMS), ("2024-03-01T00:00:00Z", piece),
                                            ("2024-09-01T00:00:00Z", piece + "\n")])
    process_new_records(store)
    assert change_to(store, short)["suspect_status"] == "pending"


def test_one_documents_section_of_a_page_that_carried_several_is_no_edition(store, doc):
    """Webs (2020-12-09): the "Terms & Policies" page held the terms and the privacy policy, each
    dated; the privacy policy's page then held its own section only, word for word. No shorter
    edition of the privacy policy: the terms' clauses leaving is the capture's, no gain."""
    policy = SHORTER_EDITION.replace("User Agreement", "Privacy Policy").replace("1 March 2024", "19 February 2010")
    combined = "\n\n".join([LONG_TERMS.replace("5 January 2024", "31 July 2013"), policy,
                             "Anti-spam policy\n\nYou may not use the service to send unsolicited messages."])
    _, section, again = recorded(store, doc, [("2020-12-08T00:00:00Z", combined), ("2020-12-09T00:00:00Z", policy),
                                              ("2022-09-20T00:00:00Z", policy + "\n")])
    process_new_records(store)
    change = change_to(store, section)
    assert change["suspect_status"] == "pending" and change["direction"] in (None, "neutral")


def test_a_section_removed_after_the_regions_section_is_still_read(store, doc):
    """The review's counter-example: the European section and the next section ("## Arbitration
    opt-out") removed at once under the same date. The region's section runs to the next heading of
    its level: the lost opt-out stays a change, and worse."""
    european = dated_policy("1 July 2025", True)
    opt_out = ("## Arbitration opt-out\n\nYou may opt out of the agreement to arbitrate by writing to us within "
               "30 days of accepting these terms.\n\nIf you opt out, disputes go to the courts where you live.")
    tail = "Contact us at privacy@example.test."
    old = european.replace(tail, opt_out + "\n\n" + tail)
    _, dropped = recorded(store, doc, [("2025-11-03T00:00:00Z", old),
                                       ("2025-12-10T00:00:00Z", dated_policy("1 July 2025", False))])
    process_new_records(store)
    change = change_to(store, dropped)
    assert change["substantive"] == 1 and change["direction"] == "worse", change


@pytest.mark.parametrize("title", ["International Data Transfers", "HOW TO CONTACT US", "Protections for paying subscribers"])
def test_a_title_naming_no_region_is_no_regions_section(store, doc, title):
    plain = dated_policy("1 July 2025", True).replace("European requirements\n---------------------",
                                                      f"{title}\n{'-' * len(title)}")
    _, dropped = recorded(store, doc, [("2025-11-03T00:00:00Z", plain),
                                       ("2025-12-10T00:00:00Z", dated_policy("1 July 2025", False))])
    process_new_records(store)
    assert "region_section" not in change_to(store, dropped)["reasons"]


def test_a_regions_section_cut_off_at_the_end_is_a_cut(store, doc):
    tail = "Contact us at privacy@example.test."
    at_the_end = dated_policy("1 July 2025", True).replace("\n\n" + tail, "")
    without = dated_policy("1 July 2025", False).replace("\n\n" + tail, "")
    _, cut = recorded(store, doc, [("2025-11-03T00:00:00Z", at_the_end), ("2025-12-10T00:00:00Z", without)])
    process_new_records(store)
    assert "region_section" not in change_to(store, cut)["reasons"]


def test_a_cut_with_a_few_words_of_page_furniture_is_no_edition():
    from monitor.history import shorter_edition

    piece = LONG_TERMS[: len(LONG_TERMS) // 2].rsplit("\n\n", 1)[0]
    assert not shorter_edition(LONG_TERMS, "Skip to main content\n\n" + piece)
    assert shorter_edition(LONG_TERMS, SHORTER_EDITION)


# -- the whole page served for another region ------------------------------------------------------

def served_for(region: str, company: str, law: str, extra: str = "") -> str:
    """Google's terms as its pages are served: the company pages linked under the reader's locale."""
    return edition("Terms of Service", [
        f"These terms reflect [the way our business works](https://about.example/intl/en-GB_{region}/how-we-work).",
        f"Services are provided by, and you're contracting with, {company}.",
        f"These terms are governed by {law}, and disputes are heard by its courts.",
        "We may suspend or terminate your account if you materially breach these terms.",
        *([extra] if extra else []),
    ] + [f"Clause {i}. Our support team answers any question about clause {i} of these terms within a week."
         for i in range(1, 25)])


UK = served_for("GB", "Example LLC, organised under the laws of Delaware", "the laws of England and Wales")
ROMANIA = served_for("RO", "Example Ireland Limited, Dublin", "the laws of Ireland")


def test_a_page_served_for_another_region_is_no_change_of_terms(store, doc):
    """Blogger and Google Calendar, 2021-2022 (`unseen34`): the archive was served the terms for
    France, then Romania, then the UK: another company, law and courts each time, each edition
    standing as it was for its own readers. The swaps are no change; an edit of an edition is."""
    edited = served_for("GB", "Example LLC, organised under the laws of Delaware", "the laws of England and Wales",
                        "We may sell your personal information to data brokers and advertising partners.")
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", ROMANIA), ("2024-03-01T00:00:00Z", UK),
                                ("2024-06-01T00:00:00Z", edited)])
    process_new_records(store)
    swap, edit = change_to(store, ids[1]), change_to(store, ids[2])
    assert not swap["substantive"] and "another_region" in swap["reasons"], swap
    assert edit["substantive"] and edit["direction"] == "worse" and "data_sale" in edit["categories"], edit


def test_the_same_regions_page_with_new_terms_is_still_a_change(store, doc):
    """A guard: the locale links name the same region, the contracting company changes (Google
    moving its UK users from Google Ireland to Google LLC): a change of terms, judged."""
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", served_for("GB", "Example Ireland Limited, Dublin",
                                                                    "the laws of Ireland")),
                                ("2024-03-01T00:00:00Z", UK)])
    process_new_records(store)
    assert change_to(store, ids[1])["substantive"]


def test_another_regions_page_with_the_same_company_is_judged(store, doc):
    """Gmail and Blogger, July 2026 (`unseen13`, `unseen22`): Google's new terms captured from its
    international page after its UK page, both with Google LLC. Real edits came with the swap:
    the change is judged."""
    new_terms = served_for("US", "Example LLC, organised under the laws of Delaware", "the laws of California",
                           "We may sell your personal information to data brokers and advertising partners.")
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", UK), ("2024-03-01T00:00:00Z", new_terms)])
    process_new_records(store)
    change = change_to(store, ids[1])
    assert change["substantive"] and "another_region" not in change["reasons"] and change["direction"] == "worse"


def test_a_regions_page_back_with_an_edit_is_judged_against_its_own_last_capture(store, doc):
    """The review's counter-example: Romania, the UK, then Romania again with a sale clause added.
    The edit is judged against Romania's own last capture, not lost in a swap."""
    edited = served_for("RO", "Example Ireland Limited, Dublin", "the laws of Ireland",
                        "We may sell your personal information to data brokers and advertising partners.")
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", ROMANIA), ("2024-03-01T00:00:00Z", UK),
                                ("2024-06-01T00:00:00Z", edited)])
    process_new_records(store)
    back = change_to(store, ids[2])
    assert back["substantive"] and back["direction"] == "worse" and "data_sale" in back["categories"], back
    assert back["from_version_id"] == ids[0]


def test_a_cut_capture_of_another_region_stays_suspect(store, doc):
    cut = UK[: len(UK) // 3]
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", ROMANIA), ("2024-03-01T00:00:00Z", cut),
                                ("2024-03-02T00:00:00Z", UK)])
    process_new_records(store)
    assert change_to(store, ids[1])["suspect"]
    assert change_to(store, ids[2])["direction"] != "worse"


def test_a_regions_page_back_after_a_change_judged_on_another_edition_is_no_second_change(store, doc):
    """Blogger, July 2022 (`unseen34`): the UK edition changed (judged there), then the archive was
    served the French edition again, last captured before that change: no second change."""
    uk_changed = served_for("GB", "Example LLC, organised under the laws of Delaware", "the laws of England and Wales",
                            "We may sell your personal information to data brokers and advertising partners.")
    ro_changed = served_for("RO", "Example Ireland Limited, Dublin", "the laws of Ireland",
                            "We may sell your personal information to data brokers and advertising partners.")
    ids = recorded(store, doc, [("2024-01-01T00:00:00Z", ROMANIA), ("2024-03-01T00:00:00Z", UK),
                                ("2024-06-01T00:00:00Z", uk_changed), ("2024-09-01T00:00:00Z", ro_changed)])
    process_new_records(store)
    assert change_to(store, ids[2])["direction"] == "worse"
    back = change_to(store, ids[3])
    assert not back["substantive"] and "another_region" in back["reasons"], back
