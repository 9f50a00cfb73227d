"""What a change moved against its verdict (`outweighed`): listed apart from the verdict's
categories, which alone drive alerts by category; a gain that counted as none is not listed."""

from __future__ import annotations

from monitor.classify import assess_change
from monitor.export import export_data
from monitor.pipeline import process_new_records
from monitor.store import Store
from monitor.views import outweighed


def added(section: str, text: str) -> dict:
    return {"kind": "added", "section": section, "old": "", "new": text, "substantive": True}


def test_a_worse_change_lists_the_promise_it_also_made_as_outweighed_not_as_a_category():
    a = assess_change([added("Partners", "We may pass your personal details to marketing partners for any purpose."),
                       added("Selling", "We will never sell the personal data of our members.")])
    assert a.direction == "worse"
    assert "data_sale" not in a.categories
    assert outweighed(a.direction, a.categories, a.hunks) == ["data_sale"]


def test_a_better_change_lists_the_harm_it_also_added_as_outweighed():
    a = assess_change([{"kind": "removed", "section": "Disputes", "substantive": True, "new": "",
                        "old": "Every claim you bring against us is settled by binding individual arbitration."},
                       added("Phone", "We may collect the address book kept on your phone.")])
    assert a.direction == "better" and a.categories == ["arbitration"]
    assert outweighed(a.direction, a.categories, a.hunks) == ["data_collection"]


def test_a_right_to_refuse_a_new_practice_counted_as_no_gain_is_not_outweighed():
    a = assess_change([added("Partners", "We may pass your personal details to marketing partners."),
                       added("Choices", "You may opt out of this at any time in your account settings.")])
    assert a.direction == "worse"
    assert [m.get("counted") for h in a.hunks for m in h["changes"] if m["category"] == "user_rights"] == [False]
    assert outweighed(a.direction, a.categories, a.hunks) == []


def test_nothing_is_outweighed_in_a_neutral_change_or_an_unassessed_one():
    moved = [{"changes": [{"category": "data_sale", "direction": "better", "why": "protection added", "severity": 3}]}]
    assert outweighed("neutral", [], moved) == []
    assert outweighed(None, [], moved) == []
    assert outweighed("worse", ["data_sale"], moved) == []   # already the verdict's own category


def test_the_export_carries_outweighed_beside_categories(tmp_path):
    store = Store.open(str(tmp_path / "t.db"))
    doc = store.ensure_document("ex", "Example", "Privacy Policy", "https://ex.test/p", {})
    store.record_version(doc, "We respect your privacy.", recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, "We respect your privacy.\n\nWe may pass your personal details to marketing "
                         "partners for any purpose.\n\nWe will never sell the personal data of our members.",
                         recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    change, = export_data(store)["services"][0]["documents"][0]["changes"]
    assert change["direction"] == "worse" and "data_sale" not in change["categories"]
    assert change["outweighed"] == ["data_sale"]
