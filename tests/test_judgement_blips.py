"""A text published and withdrawn within the flap window was never the terms in force: the
change that brought it is a blip (not substantive, reason ``reverted``), like the return from
it (flapping). Stories on real SQLite stores through every stage, the revert seen in the same
run or in a later one."""

from __future__ import annotations

import json

from monitor.export import export_data
from monitor.pipeline import process_new_records

from stories import exported_changes
from test_judgement import CLEAN, HARMFUL, doc, versions  # noqa: F401 (doc is a fixture)


def test_a_text_withdrawn_the_next_day_was_never_in_force(store, doc):
    versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-02-01T00:00:00Z", HARMFUL),
                          ("2024-02-02T00:00:00Z", CLEAN)])
    process_new_records(store)
    changes = exported_changes(store)
    blip, back = changes["2024-02-01T00:00:00Z"], changes["2024-02-02T00:00:00Z"]
    assert blip["substantive"] is False and "reverted" in blip["reasons"]
    assert blip["direction"] == "neutral" and blip["categories"] == []
    assert back["substantive"] is False and "flapping" in back["reasons"]
    service = next(s for s in export_data(store)["services"] if s["id"] == "Example")
    assert not any(r.get("category") == "data_sale" for r in service["reasons"])


def test_the_revert_seen_in_a_later_run_undoes_the_verdict_already_given(store, doc):
    (_, harmful) = versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-02-01T00:00:00Z", HARMFUL)])
    process_new_records(store)
    assert exported_changes(store)["2024-02-01T00:00:00Z"]["direction"] == "worse"
    versions(store, doc, [("2024-02-03T00:00:00Z", CLEAN)])
    process_new_records(store)
    blip = exported_changes(store)["2024-02-01T00:00:00Z"]
    assert blip["substantive"] is False and "reverted" in blip["reasons"] and blip["direction"] == "neutral"
    row = store.db.execute("SELECT a.direction FROM assessments a JOIN changes c ON c.id = a.change_id "
                           "WHERE c.to_version_id = ?", [harmful]).fetchone()
    assert row == ("neutral",)


def test_a_text_that_stood_for_weeks_was_in_force(store, doc):
    versions(store, doc, [("2024-01-01T00:00:00Z", CLEAN), ("2024-02-01T00:00:00Z", HARMFUL),
                          ("2024-03-01T00:00:00Z", CLEAN)])
    process_new_records(store)
    changes = exported_changes(store)
    worse, better = changes["2024-02-01T00:00:00Z"], changes["2024-03-01T00:00:00Z"]
    assert worse["substantive"] is True and worse["direction"] == "worse"
    assert better["substantive"] is True and better["direction"] == "better"
    assert "reverted" not in json.dumps(changes)


# -- a harm removed in one place and still stated elsewhere is no gain ---------------------------

SUMMARY = "In short, we may sell your personal information, as the section on sharing explains."


def test_a_harm_removed_but_still_stated_elsewhere_is_no_gain(store, doc):
    with_summary = HARMFUL.replace("These terms explain", SUMMARY + "\n\nThese terms explain")
    _, after = versions(store, doc, [("2024-01-01T00:00:00Z", with_summary), ("2024-03-01T00:00:00Z", HARMFUL)])
    process_new_records(store)
    change = exported_changes(store)["2024-03-01T00:00:00Z"]
    assert change["substantive"] is True
    assert change["direction"] == "neutral" and "data_sale" not in change["categories"]


def test_a_harm_no_longer_stated_anywhere_is_a_gain(store, doc):
    without_sale = HARMFUL.replace(
        "We may sell your personal information to data brokers and advertising partners.\n\n", "")
    versions(store, doc, [("2024-01-01T00:00:00Z", HARMFUL), ("2024-03-01T00:00:00Z", without_sale)])
    process_new_records(store)
    change = exported_changes(store)["2024-03-01T00:00:00Z"]
    assert change["direction"] == "better" and "data_sale" in change["categories"]
