"""The trust index: its properties, on real documents run through the real pipeline."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.import_ota import import_ota
from monitor.pipeline import delete_scores, process_new_records, record_scores
from monitor.score import ChangeEvent, TermFinding, compute_score, load_params
from monitor.store import Store
from monitor.views import latest_score, score_history

pytestmark = pytest.mark.slow

HARMFUL = [
    "Any dispute arising out of these Terms shall be resolved exclusively by binding arbitration, "
    "and you waive any right to participate in a class action.",
    "We may sell your personal information to third parties, including data brokers, for any purpose.",
    "We may use the content you upload to train our artificial intelligence and machine learning models.",
    "We may suspend or terminate your account at any time, at our sole discretion and without notice.",
]
EARLY, LATE = "2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def real_documents(ota_corpus) -> list[str]:
    """A few real current documents of different services (their latest files)."""
    texts = []
    for service, terms_type in (("Discord", "Privacy Policy"), ("Netflix", "Terms of Service"),
                                ("Apple", "Privacy Policy")):
        folder = ota_corpus / service / terms_type
        texts.append(sorted(folder.glob("*.md"))[-1].read_text(encoding="utf-8"))
    return texts


def final_score(versions: list[tuple[str, str]]) -> int:
    """Score of a one-document service whose versions are (time, text), as of LATE."""
    store = Store.open(":memory:")
    doc = store.ensure_document("S", "Service", "Terms of Service", "https://s.test/terms", {})
    for at, text in versions:
        store.record_version(doc, text, recorded_at=at)
    store.record_unchanged(doc, at=LATE)  # every store is scored as of the same moment
    process_new_records(store)
    score = latest_score(store, "S")
    assert score["at"] == LATE
    return score["score"]


def with_paragraph(text: str, paragraph: str, where: float) -> str:
    """``text`` with ``paragraph`` inserted between two of its paragraphs."""
    blocks = text.split("\n\n")
    cut = max(1, int(len(blocks) * where))
    return "\n\n".join(blocks[:cut] + [paragraph] + blocks[cut:])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.integers(0, 2), clause=st.sampled_from(HARMFUL), where=st.floats(0.1, 0.9))
def test_adding_a_harmful_clause_never_raises_the_score(real_documents, document, clause, where):
    base = real_documents[document]
    before = final_score([(EARLY, base)])
    after = final_score([(EARLY, base), ("2024-03-01T00:00:00Z", with_paragraph(base, clause, where))])
    assert after <= before


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.integers(0, 2), clause=st.sampled_from(HARMFUL), where=st.floats(0.1, 0.9))
def test_removing_a_harmful_clause_never_lowers_the_score(real_documents, document, clause, where):
    harmful = with_paragraph(real_documents[document], clause, where)
    before = final_score([(EARLY, harmful)])
    after = final_score([(EARLY, harmful), ("2024-03-01T00:00:00Z", real_documents[document])])
    assert after >= before


def cosmetic_edit(text: str, kind: int) -> str:
    if kind == 0:   # whitespace
        return text.replace("\n\n", "\n\n\n").replace(". ", ".  ")
    if kind == 1:   # typography: straight and curly apostrophes swapped
        return text.replace("'", "\0").replace("’", "'").replace("\0", "’")
    return text.replace("(https://", "(https://").replace(")", ")", 1) + "\n\n"  # trailing blank lines


@pytest.mark.parametrize("kind", [0, 1, 2])
@pytest.mark.parametrize("document", [0, 1, 2])
def test_cosmetic_changes_leave_the_score_unchanged(real_documents, document, kind):
    base = real_documents[document]
    edited = cosmetic_edit(base, kind)
    assert edited != base
    assert final_score([(EARLY, base), ("2024-03-01T00:00:00Z", edited)]) == final_score([(EARLY, base)])


def test_import_order_does_not_matter(ota_corpus, tmp_path):
    """Importing services one by one, in either order, gives the same scores as all at once."""
    services = ["WhatsApp", "Discord"]
    for service in services:  # one dataset folder per service (copies: a dataset's links may not lead outside it)
        shutil.copytree(ota_corpus / service, tmp_path / service / service)
    results = []
    for order in (services, services[::-1]):
        store = Store.open(":memory:")
        for service in order:
            import_ota(store, tmp_path / service)
            process_new_records(store)
        results.append({s: score_history(store, s) for s in services})
    assert results[0] == results[1]
    assert all(len(history) > 5 for history in results[0].values())


def test_scores_are_recomputed_identically(ota_corpus, tmp_path):
    shutil.copytree(ota_corpus / "WhatsApp", tmp_path / "WhatsApp" / "WhatsApp")
    store = Store.open(":memory:")
    import_ota(store, tmp_path / "WhatsApp")
    process_new_records(store)
    first = list(store.query("SELECT service_id, at, version_id, score, grade, reasons FROM scores ORDER BY id"))
    delete_scores(store)
    assert record_scores(store) == 1
    again = list(store.query("SELECT service_id, at, version_id, score, grade, reasons FROM scores ORDER BY id"))
    assert first == again
    assert record_scores(store) == 0  # nothing changed: nothing rescored


def test_every_score_item_says_where_it_comes_from():
    params = load_params()
    terms = [TermFinding("arbitration", 3, "Terms of Service", "Disputes go to binding arbitration.", 7, 12)]
    changes = [ChangeEvent(3, "2024-01-01T00:00:00Z", "Terms of Service", "worse", 3, ("arbitration",), None, True)]
    result = compute_score(terms, changes, at="2024-02-01T00:00:00Z", params=params, weights={"arbitration": 0.8})
    term, change = sorted(result.items, key=lambda item: item.kind, reverse=True)
    assert term.kind == "term" and term.link["version_id"] == 7 and term.link["clause"] == 12
    assert change.kind == "change" and change.link == {"change_id": 3}
    assert "without notice" in change.text and "accepted by continued use" in change.text
    assert result.score == round(100 + sum(item.points for item in result.items))


def test_a_harm_undone_soon_costs_less_than_one_kept():
    params, weights = load_params(), {"data_sale": 1.0}
    worse = ChangeEvent(1, "2024-01-01T00:00:00Z", "Privacy Policy", "worse", 3, ("data_sale",), 30, False)
    undone = ChangeEvent(2, "2024-02-01T00:00:00Z", "Privacy Policy", "better", 3, ("data_sale",), 30, False)
    kept = compute_score([], [worse], at="2024-03-01T00:00:00Z", params=params, weights=weights)
    reversed_ = compute_score([], [worse, undone], at="2024-03-01T00:00:00Z", params=params, weights=weights)
    assert reversed_.score > kept.score
    assert any("undone" in item.text for item in reversed_.items)


def test_old_changes_fade():
    params, weights = load_params(), {"data_sale": 1.0}
    worse = ChangeEvent(1, "2020-01-01T00:00:00Z", "Privacy Policy", "worse", 3, ("data_sale",), None, False)
    soon = compute_score([], [worse], at="2020-02-01T00:00:00Z", params=params, weights=weights)
    later = compute_score([], [worse], at="2024-01-01T00:00:00Z", params=params, weights=weights)
    assert soon.score < later.score <= 100
