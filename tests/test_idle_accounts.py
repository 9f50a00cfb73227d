"""Idle accounts (issue 13, session 23): a power to close the accounts left unused for a while spares
them longer when the while grows, unlike a promise to delete data, which keeps it longer; and a
period in the singular ("one year") is a period (unseen28 ProtonMail, found after its first measure)."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier

POWER = "We reserve the right to suspend or delete accounts that are inactive for over {}."
PROMISE = "If you do not log in for {}, your account and its data will be deleted."


def modified(old: str, new: str):
    hunk = {"kind": "modified", "section": "Accounts", "old": old, "new": new, "substantive": True}
    return assess_change([hunk], old, new)


def test_a_longer_wait_before_closing_idle_accounts_is_better_and_a_shorter_worse():
    assert modified(POWER.format("three months"), POWER.format("one year")).direction == "better"
    assert modified(POWER.format("one year"), POWER.format("three months")).direction == "worse"


def test_a_promise_to_delete_data_that_waits_longer_is_still_weaker():
    assert modified(PROMISE.format("6 months"), PROMISE.format("18 months")).direction == "worse"
    assert modified(PROMISE.format("18 months"), PROMISE.format("6 months")).direction == "better"


@pytest.mark.parametrize("period", ["one year", "1 month", "one week"])
def test_a_period_in_the_singular_is_read(period):
    result = load_classifier().classify([PROMISE.format(period)])[0]
    assert "data_retention" in result.protections, period
