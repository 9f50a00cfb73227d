"""Readings added in session 28 (issue 13), from the held-out samples `unseen37` and `unseen38`
after their first measure: the content of users' mail read or kept, users' content used to build
the service's other products, "content that is not personal data" (which data, not whether),
and the courts "of the jurisdiction where you normally live". Each with its guards."""

from __future__ import annotations

from monitor.classify.clauses import load_classifier

from clause_readings import assessed_paragraphs, read  # tests/clause_readings.py


def test_mail_content_analysed_and_stored_is_collection():
    result = read("Yahoo analyzes and stores all communications content, including email content from "
                  "incoming and outgoing email.")
    assert "data_collection" in result.labels
    assert "data_collection" in read("We may scan the contents of messages to detect spam.").labels


def test_mail_content_kept_by_the_user_or_denied_is_not_collection():
    for sentence in ("You can store email content on your device.",
                     "Users may review the content of messages they receive.",
                     "We do not read the content of your emails.",
                     # (review) other parties, and content kept on the device
                     "Email Recipients may read the contents of messages you send.",
                     "Third Parties may process the contents of your communications.",
                     "We store the content of your messages only on your device.",
                     "This App stores the content of your messages locally on your phone."):
        assert "data_collection" not in read(sentence).labels, sentence


def test_content_used_to_build_other_products_is_a_licence_over_it():
    sentence = ("We may use and store Security Lake Content that is not personal data to develop and improve "
                "other AWS security services.")
    assert "content_license" in read(sentence).labels
    assert "content_license" in read("We may use your content to develop new products and services.").labels


def test_content_used_for_the_service_itself_or_denied_is_no_licence():
    for sentence in ("We use your content to provide and improve the Services.",
                     "We will not use your content to develop other products.",
                     "You may use the content to develop other products.",
                     # (review) the service itself, and content that is no one's any more
                     "We may use your content to improve all of our services.",
                     "We use aggregated content to develop new products."):
        assert "content_license" not in read(sentence).labels, sentence
    assert "content_license" in read("We will not use your content to develop other products.").protections


def test_data_that_is_not_personal_data_denies_no_act():
    sentence = ("We may use and store Your Content that is not personal data to develop and improve AWS and "
                "affiliate machine-learning and artificial-intelligence technologies.")
    result = read(sentence)
    assert "ai_training" in result.labels and "ai_training" not in result.protections
    # (review) another subject, named: the use is theirs, not the user's
    for subject in ("the Company", "OpenAI", "our affiliates"):
        assert "ai_training" in read(f"You agree that {subject} may use your content to train machine learning "
                                     "models.").labels, subject
    assert "ai_training" not in read("You may not use the output to train machine learning models.").labels
    # a denial elsewhere in the sentence still denies
    assert "ai_training" not in read("We do not use your content to develop machine-learning technologies.").labels


def test_courts_of_the_jurisdiction_where_you_live_are_a_protection():
    sentence = ("If choice of forum clauses are not accepted by the courts where you normally reside, you can refer "
                "any dispute to the courts of the jurisdiction where you normally live.")
    assert "jurisdiction" in read(sentence).protections
    assert "jurisdiction" not in read("Any dispute goes to the courts of the jurisdiction where we are based.").protections


def test_a_new_content_licence_over_other_products_makes_the_change_worse():
    before = ["# Service Terms", "## 97. Amazon Security Lake",
              "97.1. Security Lake Content is Your Content that Amazon Security Lake processes."]
    after = before + ["97.2. We may use and store Security Lake Content that is not personal data to develop and "
                      "improve other AWS security services."]
    assessment = assessed_paragraphs(before, after, load_classifier())
    assert assessment.direction == "worse"
    assert "content_license" in assessment.categories


# --- the same terms written again for another product (AWS Service Terms, `unseen37`) ---

_TEMPLATE = ("You agree and instruct that we may use and store {name} Content that is not personal data to develop "
             "and improve AWS and affiliate machine-learning and artificial-intelligence technologies.")
_SECTION = ["## {n}. {name}", "{n}.1. {name} is a service that helps customers plan.", "{n}.2. " + _TEMPLATE]


def _service_terms(*products):
    paragraphs = ["# AWS Service Terms"]
    for n, name in enumerate(products, 50):
        paragraphs += [p.format(n=n, name=name) for p in _SECTION]
    return paragraphs


def test_the_terms_written_again_for_another_product_reach_it():
    assessment = assessed_paragraphs(_service_terms("CodeWhisperer"), _service_terms("CodeWhisperer", "Supply Chain"),
                                     load_classifier())
    assert assessment.direction == "worse"
    assert "ai_training" in assessment.categories


def test_a_product_renamed_in_its_own_terms_is_no_new_reach():
    # the old clause goes where the new one comes: the same terms under a new name
    old = _service_terms("CodeWhisperer", "Omics")
    new = _service_terms("CodeWhisperer", "Omics")
    new[-1] = new[-1].replace("Omics Content", "HealthOmics Content")
    assessment = assessed_paragraphs(old, new, load_classifier())
    assert assessment.direction != "worse"


def test_product_names_are_those_terms_are_written_for():
    from monitor.classify.stated import product_names

    assert product_names("We may use your Security Lake Content and Amazon\u00a0WorkSpaces\u00a0AI Content, and "
                         "content processed by the AWS Supply Chain service or Amazon EC2 features.") == \
        {"security lake", "amazon workspaces ai", "aws supply chain", "amazon ec2"}
    for text in ("YOUR USE CONSTITUTES YOUR AGREEMENT TO THE SITE CONTENT.", "Your Content, Customer Content",
                 "As of January 2024, in Europe, under these Terms of Use and the Privacy Shield, we may share "
                 "Personal Data with Google Analytics and Third Party Services."):
        assert product_names(text) == set(), text


_OLD_HARMS = ["# Terms", "We may share your personal information with advertising partners.",
              "You grant us a worldwide, royalty-free license to use, copy and distribute your content.",
              "We may change these terms at any time without notice.",
              "We may sell your personal information to data brokers unless you click Do Not Sell My Info."]


def test_a_harm_said_again_with_a_date_a_region_or_a_document_is_still_restated():
    """(review) capitalised words that name no product leave a restatement a restatement."""
    classifier = load_classifier()
    for added in ("As of January 2024, we may share your personal information with advertising partners.",
                  "In Europe, we may share your personal information with advertising partners.",
                  "You grant us a worldwide, royalty-free license to use, copy and distribute your content on the Site.",
                  "We may change these terms for the Platform at any time without notice.",
                  "We may also sell your personal information to data brokers unless you click Do Not Sell My Info."):
        assert assessed_paragraphs(_OLD_HARMS, _OLD_HARMS + [added], classifier).direction != "worse", added


def test_a_limit_naming_a_document_still_restricts_the_old_practice():
    """(review) "only ... if you breach these Terms of Use" limits the power the old text states."""
    old = ["# Terms", "We may suspend or close your account at any time."]
    for added in ("We will only close your account if you breach these Terms of Use.",
                  "We will only close your account if you breach these terms or our Community Guidelines."):
        assert assessed_paragraphs(old, old + [added], load_classifier()).direction == "better", added


def test_product_names_stay_linear_on_a_page_of_capitals():
    import time

    from monitor.classify.stated import product_names

    shouting = "WE " * 60_000 + "service"
    started = time.perf_counter()
    assert product_names(shouting) == set()
    assert time.perf_counter() - started < 5     # quadratic, this took minutes
