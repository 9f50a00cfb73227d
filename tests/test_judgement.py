"""Judgement that ordinary events cannot fool: each story from the judgement issue, on real
SQLite stores run through every stage (diff, suspects, classify, findings, scores, export)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.export import export_data
from monitor.pipeline import process_new_records
from monitor.rating import rate_service
from monitor.store import Store

CLEAN = "\n\n".join([
    "Terms of Service", "=" * 16,
    "These terms explain how you may use the Example service and what we do with your account.",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "We use that information only to provide the service to you and to keep your account secure.",
    "You can delete your account at any time from the settings page, and we then erase your data.",
    "We will tell you by email at least thirty days before any change to these terms takes effect.",
] + [f"Section {i}. You may contact our support team about any question regarding clause {i} of these terms."
     for i in range(1, 8)])
HARMFUL = CLEAN.replace(
    "We use that information only to provide the service to you and to keep your account secure.",
    "We may sell your personal information to data brokers and advertising partners.\n\n"
    "We may use your content to train our artificial intelligence models.")


def versions(store: Store, document_id: int, texts_at: list[tuple[str, str]]) -> list[int]:
    ids = []
    for at, text in texts_at:
        ids.append(store.record_version(document_id, text, recorded_at=at)["id"])
    return ids


def findings_of(store: Store, version_id: int) -> list[dict]:
    return json.loads(store.findings_of(version_id))


def change_to(store: Store, version_id: int) -> dict:
    rows = list(store.query("SELECT c.*, a.direction, a.categories FROM changes c "
                            "LEFT JOIN assessments a ON a.change_id = c.id WHERE c.to_version_id = ?", [version_id]))
    return {**rows[0], "reasons": json.loads(rows[0]["reasons"])}


def latest_score(store: Store, service: str) -> dict:
    return next(s for s in export_data(store)["services"] if s["id"] == service)


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})


def test_a_harm_reinstated_after_weeks_is_a_worse_change_with_its_own_findings(store, doc):
    harmful, clean, back = versions(store, doc, [("2024-01-01T00:00:00Z", HARMFUL),
                                                 ("2024-02-01T00:00:00Z", CLEAN),
                                                 ("2024-04-01T00:00:00Z", HARMFUL)])
    process_new_records(store)
    change = change_to(store, back)
    assert change["substantive"] == 1 and "flapping" not in change["reasons"]
    assert change["direction"] == "worse"
    assert "data_sale" in json.loads(change["categories"])
    # the harmful text's own findings are in force again, not the clean version's
    assert {f["category"] for f in findings_of(store, back)} >= {"data_sale", "ai_training"}
    assert findings_of(store, back) == findings_of(store, harmful)
    service = latest_score(store, "Example")
    assert service["score"] < 100 and any("sell" in json.dumps(r) or r.get("category") == "data_sale"
                                          for r in service["reasons"])


def test_a_short_lived_text_in_between_is_flapping_but_findings_follow_the_text(store, doc):
    harmful, clean, back = versions(store, doc, [("2024-01-01T00:00:00Z", HARMFUL),
                                                 ("2024-01-02T00:00:00Z", CLEAN),
                                                 ("2024-01-03T00:00:00Z", HARMFUL)])
    process_new_records(store)
    change = change_to(store, back)
    assert change["substantive"] == 0 and "flapping" in change["reasons"]
    assert {f["category"] for f in findings_of(store, back)} >= {"data_sale", "ai_training"}
    # the clean version cites nothing that is not in its own text
    for finding in findings_of(store, clean):
        assert finding["text"] in CLEAN


def test_a_document_that_keeps_alternating_is_flapping_however_slow(store, doc):
    ids = versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-02-01T00:00:00Z", HARMFUL),
                                ("2024-03-01T00:00:00Z", CLEAN), ("2024-04-01T00:00:00Z", HARMFUL)])
    process_new_records(store)
    assert "flapping" not in change_to(store, ids[2])["reasons"]     # the first return is news
    assert "flapping" in change_to(store, ids[3])["reasons"]         # the same swing again is not


def test_cosmetic_change_cannot_carry_findings_onto_words_they_are_not_in(store, doc):
    first, second = versions(store, doc, [("2024-01-01T00:00:00Z", HARMFUL),
                                          ("2024-01-05T00:00:00Z", HARMFUL.replace("Terms of Service", "Terms  of Service"))])
    process_new_records(store)
    for finding in findings_of(store, second):
        assert finding["text"] in store.version(second)["text"]


LINK_MENU = "WhatsApp Legal\n==============\n\n" + "\n\n".join(
    f"*   [{name}](https://www.whatsapp.com/legal/{name.lower().replace(' ', '-')})"
    for name in ("Key Updates", "Terms of Service", "Privacy Policy", "Privacy Shield", "IP Policy", "Cookies"))


def test_a_link_menu_repeated_for_days_never_becomes_the_terms_in_force(store, doc):
    first, menu, menu_again, back = versions(store, doc, [
        ("2024-01-01T00:00:00Z", HARMFUL), ("2024-02-01T00:00:00Z", LINK_MENU),
        ("2024-02-03T00:00:00Z", LINK_MENU.replace("Cookies", "Cookie Policy")),
        ("2024-02-10T00:00:00Z", HARMFUL)])
    store.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_captured_at = '2024-02-09T00:00:00Z'")
    process_new_records(store)
    for version in (menu, menu_again):
        change = change_to(store, version)
        assert change["suspect"] == 1 and change["suspect_status"] == "not_document"
        assert "suspect_not_document:link_menu" in change["reasons"]
    # the real text coming back is measured against the last real text: nothing changed
    returned = change_to(store, back)
    assert returned["from_version_id"] == first and returned["substantive"] == 0
    history = [h["score"] for h in latest_score(store, "Example")["history"]]
    assert len(set(history)) == 1, history   # the menu never moved the score


# A help forum's list of questions captured where the privacy policy should be (Xanga's
# "Privacy Policy" in OTA's contrib history, October 2020): ~500 words, none in sentences.
HELP_FORUM = "Example Help\n\n**Most recently discussed** questions about Example\n\n" + "\n".join(
    f"*   {question}\n    *   by member{i}\n    *   {i % 5 + 1} weeks ago\n    *   in Data Migration\n"
    f"    *   0 votes\n    *   {i % 3}"
    for i, question in enumerate(["Recover my old blog entries", "Missing my blogs", "Can I get my blog back?",
                                  "Old blogs gone after the move", "How do I export my posts?"] * 8)
) + "\n*   Xanga may sell your personal information to data brokers\n    *   by member41\n    *   in Privacy"


def test_a_first_capture_that_is_not_the_document_is_never_the_terms_in_force(store, doc):
    forum, forum_again, policy, later = versions(store, doc, [
        ("2024-01-01T00:00:00Z", HELP_FORUM), ("2024-01-02T00:00:00Z", HELP_FORUM.replace("0 votes", "1 vote", 1)),
        ("2024-02-01T00:00:00Z", HARMFUL), ("2024-03-01T00:00:00Z", HARMFUL + "\n\nContact us at help@example.test.")])
    store.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_captured_at = '2024-01-05T00:00:00Z'")
    process_new_records(store)
    assert store.first_capture_problem(doc) == "no_legal_text"
    assert change_to(store, forum_again)["suspect_status"] == "not_document"
    # the policy captured at last is the document's first text, not "made worse" in every category
    first_text = change_to(store, policy)
    assert first_text["substantive"] == 0 and "first_document" in first_text["reasons"]
    assert first_text["from_version_id"] == forum and first_text["direction"] in (None, "neutral")
    service = latest_score(store, "Example")
    assert service["rated"] is True
    # graded on the policy alone, as if it had been the first capture: no conduct points lost
    fresh = Store.open(":memory:")
    fresh_doc = fresh.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})
    versions(fresh, fresh_doc, [("2024-02-01T00:00:00Z", HARMFUL),
                                ("2024-03-01T00:00:00Z", HARMFUL + "\n\nContact us at help@example.test.")])
    fresh.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_captured_at = '2024-03-01T00:00:00Z'")
    process_new_records(fresh)
    assert service["score"] == latest_score(fresh, "Example")["score"]


def test_a_service_whose_only_capture_is_not_the_document_is_unrated(store, doc):
    versions(store, doc, [("2024-01-01T00:00:00Z", HELP_FORUM)])
    store.db.execute("UPDATE documents SET last_outcome = 'first', last_success_at = '2024-01-01T00:00:00Z', "
                     "last_captured_at = '2024-01-01T00:00:00Z'")
    process_new_records(store)
    rating = rate_service(store, "Example", now="2024-01-03T00:00:00Z")
    assert rating.rated is False and rating.reason == "its Terms of Service has no trustworthy capture"
    assert "the first capture is not the document" in rating.documents[0].problem
    service = latest_score(store, "Example")
    assert service["rated"] is False and service["score"] is None and service["grade"] is None
    # nor do the site's pages show the forum's findings as terms in force
    from monitor.site.data import load_site_data
    assert not load_site_data(store).terms_in_force.get("Example")
    # operators see it too (`termswatch status`)
    from monitor.overview import document_status
    [row] = document_status(store)
    assert row["capture_problem"].startswith("the first capture is not the document")


def test_whatsapp_link_menu_of_2020_10_23_is_not_the_document(store, ota_corpus: Path):
    folder = ota_corpus / "WhatsApp" / "Privacy Policy"
    document = store.ensure_document("WhatsApp", "WhatsApp", "Privacy Policy", "https://www.whatsapp.com/legal", {})
    ids = {}
    for path in sorted(folder.glob("*.md"))[:4]:   # 2020-07-29, two menus on 2020-10-23, 2020-10-28
        stamp = path.stem
        at = f"{stamp[:13]}:{stamp[14:16]}:{stamp[17:19]}Z"
        ids[stamp] = store.record_version(document, path.read_text(encoding="utf-8"), recorded_at=at)["id"]
    process_new_records(store)
    menus = [v for stamp, v in ids.items() if stamp.startswith("2020-10-23")]
    assert len(menus) == 2
    for version in menus:
        assert change_to(store, version)["suspect_status"] == "not_document"
    restored = change_to(store, ids["2020-10-28T08-31-14Z"])
    assert restored["from_version_id"] == ids["2020-07-29T13-32-36Z"]
    assert len(json.loads(restored["categories"] or "[]")) < 3     # not "worse in 13 categories"
    scores = {h["score"] for h in latest_score(store, "WhatsApp")["history"]}
    assert 100 not in scores or len(scores) == 1


def test_time_alone_does_not_confirm_a_truncated_capture(store, doc):
    truncated = CLEAN[: len(CLEAN) // 4]
    first, cut, restored = versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-01-05T00:00:00Z", truncated),
                                                 ("2024-01-20T00:00:00Z", CLEAN + "\n\nA new closing line.")])
    process_new_records(store)
    assert "suspect_mass_deletion" in change_to(store, cut)["reasons"]
    assert change_to(store, cut)["suspect_status"] == "refuted"
    assert change_to(store, restored)["from_version_id"] == first


def test_content_confirms_a_document_that_really_got_shorter(store, doc):
    short = CLEAN[: len(CLEAN) // 4]
    first, cut, edited = versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-01-05T00:00:00Z", short),
                                               ("2024-01-06T00:00:00Z", short + " Contact us by post.")])
    process_new_records(store)
    assert change_to(store, cut)["suspect_status"] == "confirmed"


FRENCH = "\n\n".join([
    "Conditions d'utilisation",
    "Nous collectons les informations que vous nous fournissez lors de la création de votre compte.",
    "Nous pouvons vendre vos données personnelles à nos partenaires publicitaires.",
    "Vous pouvez supprimer votre compte à tout moment depuis la page des paramètres.",
] + [f"Article {i}. Vous pouvez contacter notre équipe au sujet de toute question relative à l'article {i}."
     for i in range(1, 8)])


def test_a_capture_in_another_language_is_not_a_change_of_terms(store, doc):
    first, french, english = versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-01-05T00:00:00Z", FRENCH),
                                                   ("2024-03-01T00:00:00Z", CLEAN)])
    process_new_records(store)
    change = change_to(store, french)
    assert change["suspect_status"] == "not_document" and "suspect_other_language" in change["reasons"]
    assert change["substantive"] == 0
    assert change_to(store, english)["from_version_id"] == first
    assert rate_service(store, "Example", now="2024-03-02T00:00:00Z").rated


def test_a_document_first_captured_in_another_language_is_read_in_the_language_it_keeps(store, doc):
    """PayPal's privacy policy in OTA's contrib history: captured once in French, then in
    English for four years. The English text is the document; its harms count."""
    _, english, edited, harmful = versions(store, doc, [
        ("2022-11-01T00:00:00Z", FRENCH), ("2022-11-01T06:00:00Z", CLEAN),
        ("2022-11-21T00:00:00Z", CLEAN + "\n\nContact us at help@example.test."),
        ("2023-07-24T00:00:00Z", HARMFUL + "\n\nContact us at help@example.test.")])
    store.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_success_at = '2023-08-01T00:00:00Z', "
                     "last_captured_at = '2023-08-01T00:00:00Z'")
    process_new_records(store)
    switched = change_to(store, english)
    assert switched["suspect_status"] == "confirmed" and switched["substantive"] == 0   # a translation, no news
    assert change_to(store, edited)["from_version_id"] == english
    worse = change_to(store, harmful)
    assert worse["direction"] == "worse" and {"data_sale", "ai_training"} <= set(json.loads(worse["categories"]))
    service = latest_score(store, "Example")
    assert service["rated"] is True and service["score"] is not None


def test_a_readable_document_captured_in_another_language_for_long_keeps_its_readable_text(store, doc):
    """Facebook's privacy policy in the shared corpus, captured in French from August 2022 on:
    the French captures never count, and the English text in force stays the one graded."""
    english, french = versions(store, doc, [("2024-01-01T00:00:00Z", HARMFUL), ("2024-01-05T00:00:00Z", FRENCH)])
    store.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_success_at = '2024-06-20T00:00:00Z', "
                     "last_captured_at = '2024-06-20T00:00:00Z'")
    process_new_records(store)
    change = change_to(store, french)
    assert change["suspect_status"] == "not_document" and change["substantive"] == 0
    rating = rate_service(store, "Example", now="2024-06-21T00:00:00Z")
    assert rating.rated is True and rating.documents[0].version_id == english


def test_a_readable_capture_awaits_the_window_before_it_counts(store, doc):
    french, english = versions(store, doc, [("2024-01-01T00:00:00Z", FRENCH), ("2024-01-05T00:00:00Z", CLEAN)])
    store.db.execute("UPDATE documents SET last_outcome = 'unchanged', last_success_at = '2024-01-07T00:00:00Z', "
                     "last_captured_at = '2024-01-07T00:00:00Z'")
    process_new_records(store)
    assert change_to(store, english)["suspect_status"] == "pending"
    rating = rate_service(store, "Example", now="2024-01-07T00:00:00Z")
    assert rating.rated is False and "French" in rating.reason     # the French text is in force meanwhile
    assert rating.documents[0].problem == "the latest capture is in another language than the document's history"
    store.db.execute("UPDATE documents SET last_captured_at = '2024-01-15T00:00:00Z'")
    process_new_records(store)
    assert change_to(store, english)["suspect_status"] == "confirmed"
    assert rate_service(store, "Example", now="2024-01-15T00:00:00Z").rated is True
def test_a_document_in_a_language_the_classifier_does_not_read_leaves_the_service_unrated(store):
    document = store.ensure_document("Exemple", "Exemple", "Terms of Service", "https://exemple.test/cgu", {})
    store.record_version(document, FRENCH, recorded_at="2024-01-01T00:00:00Z")
    process_new_records(store)
    service = latest_score(store, "Exemple")
    assert service["rated"] is False and service["score"] is None and service["grade"] is None
    assert "French" in service["unrated_reason"]


def test_failure_does_not_read_as_virtue(store):
    terms = store.ensure_document("Glitchy", "Glitchy", "Terms of Service", "https://glitchy.test/terms", {})
    privacy = store.ensure_document("Glitchy", "Glitchy", "Privacy Policy", "https://glitchy.test/privacy", {})
    store.record_version(terms, CLEAN, recorded_at="2024-01-01T00:00:00Z")
    for day in range(1, 6):
        store.record_fetch_error(privacy, "http_status", "HTTP 503 Service Unavailable", at=f"2024-01-0{day}T06:00:00Z")
    process_new_records(store)
    service = latest_score(store, "Glitchy")
    assert service["rated"] is False and service["score"] is None
    assert service["unrated_reason"] == "its Privacy Policy has never been captured"
    documents = {d["terms_type"]: d for d in service["documents"]}
    assert documents["Privacy Policy"]["stale"] is True and documents["Privacy Policy"]["versions"] == []


def test_stale_after_the_configured_age(store, doc, monkeypatch):
    store.record_version(doc, CLEAN, recorded_at="2024-01-01T00:00:00Z")
    process_new_records(store)
    monkeypatch.setenv("TERMSWATCH_NOW", "2024-01-10T00:00:00Z")
    assert latest_score(store, "Example")["documents"][0]["stale"] is False
    monkeypatch.setenv("TERMSWATCH_NOW", "2024-01-16T00:00:00Z")
    service = latest_score(store, "Example")
    assert service["documents"][0]["stale"] is True
    assert service["rated"] is True and service["score"] is not None   # stale is a caveat, not a verdict


LONG_CLEAN = CLEAN + "\n\n" + "\n\n".join(
    f"Article {i}. We answer every request about article {i} of these terms within thirty days of receiving it."
    for i in range(1, 30))
LONG_HARMFUL = LONG_CLEAN.replace(
    "We use that information only to provide the service to you and to keep your account secure.",
    "We may sell your personal information to data brokers and advertising partners.")


def test_a_page_announcing_the_coming_version_is_one_change_not_two(store, doc):
    announced = ("Our updated terms take effect on 1 March 2024. The current terms follow them.\n\n"
                 + LONG_HARMFUL + "\n\n" + LONG_CLEAN)
    first, both, after = versions(store, doc, [("2024-01-01T00:00:00Z", LONG_CLEAN),
                                               ("2024-01-20T00:00:00Z", announced),
                                               ("2024-03-01T00:00:00Z", LONG_HARMFUL)])
    process_new_records(store)
    announcement = change_to(store, both)
    assert "announcement" in announcement["reasons"] and announcement["substantive"] == 1
    assert announcement["direction"] == "worse" and "data_sale" in json.loads(announcement["categories"])
    hunks = store.hunk_rows(announcement["id"])
    assert 0 < len(hunks) <= 3      # the sentence that changed, not every clause "added"
    took_effect = change_to(store, after)
    assert took_effect["substantive"] == 0      # no second severe change when the old copy drops off
    worse = [c for c in latest_score(store, "Example")["documents"][0]["changes"] if c["direction"] == "worse"]
    assert len(worse) == 1


def test_a_page_that_repeats_its_text_is_no_change(store, doc):
    first, doubled, single = versions(store, doc, [("2024-01-01T00:00:00Z", LONG_CLEAN),
                                                   ("2024-01-20T00:00:00Z", LONG_CLEAN + "\n\n" + LONG_CLEAN),
                                                   ("2024-03-01T00:00:00Z", LONG_CLEAN)])
    process_new_records(store)
    for version in (doubled, single):
        change = change_to(store, version)
        assert change["substantive"] == 0 and change["suspect"] == 0, change["reasons"]
    assert "duplicated_text" in change_to(store, doubled)["reasons"]


LANGUAGE_MENU = "Other languages:\n\n" + "\n".join(
    f"*   [{name}](https://foundation.example.test/wiki/Policy/{i} \"Privacy policy ({i}% translated)\")"
    for i, name in enumerate(["Avañe'ẽ", "Bahasa Indonesia", "Bahasa Melayu", "Basa Banyumasan", "Cebuano", "Cymraeg",
                              "Deutsch", "Deutsch (Sie-Form)", "Esperanto", "Español", "Euskara", "Français",
                              "Gaeilge", "Galego", "Hausa", "Igbo", "Ilokano", "Italiano", "Kiswahili", "Kurdî",
                              "Latviešu", "Lëtzebuergesch", "Magyar", "Malagasy", "Nederlands", "Norsk bokmål",
                              "Oʻzbekcha", "Polski", "Português", "Română", "Sunda", "Suomi", "Svenska", "Tagalog",
                              "Tiếng Việt", "Türkçe", "Yorùbá", "Ελληνικά", "Български", "Русский"] * 2))


def test_a_policy_that_opens_with_its_translations_menu_is_read_in_its_own_language(store, doc):
    """Wikimedia's English privacy policy opens with the list of languages it is translated
    into: read whole, the opening was "Central Bikol", and every capture after it was held out
    as another language for three years."""
    plain, with_menu, edited = versions(store, doc, [
        ("2023-01-01T00:00:00Z", CLEAN), ("2023-05-25T00:00:00Z", "Terms of Service\n\n" + LANGUAGE_MENU + "\n\n" + CLEAN),
        ("2023-07-01T00:00:00Z", "Terms of Service\n\n" + LANGUAGE_MENU + "\n\n" + HARMFUL)])
    process_new_records(store)
    for version in (with_menu, edited):
        assert "suspect_other_language" not in change_to(store, version)["reasons"]
    assert change_to(store, edited)["direction"] == "worse"
    assert rate_service(store, "Example", now="2023-07-02T00:00:00Z").rated


# The review's counter-examples: short real documents captured first are the documents.
BULLET_NOTICE = "Privacy Notice\n\n" + "\n".join(
    f"*   {item}" for item in [
        "Personal data we collect: your name and email address",
        "Why: to run your account",
        "Third parties: none",
        "Your rights: access, correction, deletion",
        "Cookies: session cookies only",
        "Retention: until you close your account",
        "Contact: privacy@example.test",
    ] * 20)
SHORT_COOKIE_POLICY = ("Cookie Policy\n\nWe use cookies to keep you signed in. You can change your cookie settings "
                       "at any time from the footer of any page. We do not use cookies for advertising or tracking, "
                       "and we never share cookie data with third parties. Session cookies expire when you close "
                       "your browser; the preference cookie lasts one year.")


@pytest.mark.parametrize("terms_type, text", [("Privacy Policy", BULLET_NOTICE),
                                              ("Privacy Policy", "We respect your privacy."),
                                              ("Cookie Policy", SHORT_COOKIE_POLICY),
                                              ("Imprint", "Example AG\n\nMain Street 5\n\n8000 Zurich\n\nVAT: CHE-1.2.3")])
def test_a_short_real_document_captured_first_is_the_document(store, terms_type, text):
    document = store.ensure_document("Example", "Example", terms_type, "https://example.test/doc", {})
    first, edited = versions(store, document, [("2024-01-01T00:00:00Z", text),
                                               ("2024-02-01T00:00:00Z", text + "\n\nWe may sell your personal "
                                                "information to data brokers and advertising partners.")])
    process_new_records(store)
    assert store.first_capture_problem(document) is None
    change = change_to(store, edited)
    assert "first_document" not in change["reasons"] and change["substantive"] == 1


def test_first_captures_are_judged_again_on_recompute(store, doc):
    from monitor.stages.diff import record_changes

    versions(store, doc, [("2024-01-01T00:00:00Z", HELP_FORUM), ("2024-02-01T00:00:00Z", HARMFUL)])
    process_new_records(store)
    store.db.execute("UPDATE versions SET not_document = '' WHERE kind = 'first'")   # as an older rule judged it
    record_changes(store, recompute=True)
    assert store.first_capture_problem(doc) == "no_legal_text"
