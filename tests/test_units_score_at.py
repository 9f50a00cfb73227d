"""The score at a date (`views.score_at`, `termswatch score SERVICE --at DATE`): the score
computed after the last version recorded by then, on a small real store analysed by the
real pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from monitor.paths import Home
from monitor.pipeline import process_new_records
from monitor.store import Store
from monitor.views import score_at, score_history

BASE = "We collect your data to run the service.\n\nYou can contact us anytime."
SALE = BASE + "\n\nWe may sell your personal information to advertisers."
SALE_AND_ARBITRATION = SALE + "\n\nAny dispute will be resolved by binding arbitration and you waive class actions."
VERSIONS = [("2021-01-01T10:00:00Z", BASE), ("2021-06-01T10:00:00Z", SALE),
            ("2022-01-01T00:00:00Z", SALE_AND_ARBITRATION)]
LAST_CAPTURE = "2022-03-01T00:00:00Z"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Home:
    """Acme: three versions (the second starts selling data) and a later unchanged capture;
    Other: one version, scored too, which must never leak into Acme's answers."""
    home = Home(tmp_path_factory.mktemp("score-at") / "home").ensure()
    with Store.open(home.database) as store:
        acme = store.ensure_document("Acme", "Acme", "Terms of Service", "https://acme.test/terms", {})
        for recorded_at, text in VERSIONS:
            store.record_version(acme, text, recorded_at=recorded_at)
        store.record_unchanged(acme, at=LAST_CAPTURE)
        other = store.ensure_document("Other", "Other", "Terms of Service", "https://other.test/terms", {})
        store.record_version(other, SALE_AND_ARBITRATION, recorded_at="2021-03-01T00:00:00Z")
        process_new_records(store)
    return home


@pytest.fixture
def store(home):
    with Store.open(home.database) as store:
        yield store


def test_the_score_at_a_version_time_is_the_one_computed_after_it(store):
    history = score_history(store, "Acme")
    assert [h["at"] for h in history] == [at for at, _ in VERSIONS] + [LAST_CAPTURE]
    for point in history:
        found = score_at(store, "Acme", point["at"])
        assert (found["at"], found["score"], found["grade"]) == (point["at"], point["score"], point["grade"])


def test_between_versions_the_earlier_score_stands(store):
    before_sale, after_sale = score_at(store, "Acme", "2021-01-01T10:00:00Z"), score_at(store, "Acme", "2021-06-01T10:00:00Z")
    assert score_at(store, "Acme", "2021-06-01T09:59:59Z") == before_sale
    assert score_at(store, "Acme", "2021-12-31T23:59:59Z") == after_sale
    assert after_sale["score"] < before_sale["score"]          # selling data costs points
    assert after_sale["version_id"] != before_sale["version_id"]


def test_before_the_first_version_there_is_no_score_and_without_a_date_the_latest(store):
    assert score_at(store, "Acme", "2021-01-01T09:59:59Z") is None
    latest = score_at(store, "Acme")
    assert latest["at"] == LAST_CAPTURE and latest["version_id"] is None
    assert score_at(store, "Nobody") is None
    # Other's only score (March 2021) is not Acme's in February
    assert score_at(store, "Acme", "2021-03-01T00:00:00Z")["at"] == "2021-01-01T10:00:00Z"


def test_the_items_explain_the_score_then(store):
    for at in ("2021-01-01T10:00:00Z", "2021-06-01T10:00:00Z", LAST_CAPTURE):
        found = score_at(store, "Acme", at)
        assert round(100 + sum(item["points"] for item in found["reasons"])) == found["score"]
    categories = lambda at: {item["category"] for item in score_at(store, "Acme", at)["reasons"]}  # noqa: E731
    assert "data_sale" not in categories("2021-01-01T10:00:00Z")
    assert "data_sale" in categories("2021-06-01T10:00:00Z")
    assert "arbitration" in categories(LAST_CAPTURE) - categories("2021-06-01T10:00:00Z")


def termswatch(home: Home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home.root), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("when, expected_at", [
    ("2021-06-01", "2021-06-01T10:00:00Z"),                   # a date means the end of that day
    ("2021-05-31", "2021-01-01T10:00:00Z"),
    ("2021-06-01T09:59:59Z", "2021-01-01T10:00:00Z"),
    ("2021-06-01T12:00:00+02:00", "2021-06-01T10:00:00Z"),    # an offset is converted to UTC
    ("2030-01-01", LAST_CAPTURE),
])
def test_the_command_answers_for_a_date_or_a_time(home, store, when, expected_at):
    result = termswatch(home, "score", "acme", "--at", when, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["at"] == expected_at
    assert answer["score"] == score_at(store, "Acme", expected_at)["score"]


def test_the_command_refuses_what_is_not_a_date(home):
    for args in (["score", "Acme", "--at", "June"], ["score", "--at", "2021-06-01"]):
        result = termswatch(home, *args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_the_command_says_when_there_was_no_score_yet(home):
    result = termswatch(home, "score", "Acme", "--at", "2020-12-31")
    assert "Traceback" not in result.stderr
    assert "no score" in (result.stdout + result.stderr)
    assert result.stdout.strip() == "" or "/100" not in result.stdout
