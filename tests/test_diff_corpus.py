"""The diff engine on real consecutive versions from Open Terms Archive, with known verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.diff import compare, sha256_text


def read(corpus: Path, name: str) -> str:
    return (corpus / name).read_text(encoding="utf-8")


def changed(corpus: Path, old: str, new: str, **kwargs):
    return compare(read(corpus, old), read(corpus, new), **kwargs)


def test_a_tracking_parameter_in_links_is_cosmetic(ota_corpus):
    # Facebook's outbound links carry a per-fetch "h=AT..." tracking token.
    change = changed(ota_corpus, "Facebook/Terms of Service/2022-02-05T00-33-05Z.md",
                     "Facebook/Terms of Service/2022-02-05T06-32-59Z.md")
    assert change.hunks and not change.substantive and not change.suspect
    assert change.reasons == ["link"]
    assert all(h.kind == "modified" and "&h=AT" in h.old and "&h=AT" in h.new for h in change.hunks)


def test_a_new_revision_date_is_cosmetic(ota_corpus):
    change = changed(ota_corpus, "Facebook/Privacy Policy/2020-08-26T16-30-11Z.md",
                     "Facebook/Privacy Policy/2020-08-27T19-30-15Z.md")
    assert [(h.kind, h.reason, h.old, h.new) for h in change.hunks] == [
        ("modified", "date", "Date of last revision: 19 April 2018",
         "Date of last revision: 21 August 2020")]
    assert not change.substantive


def test_a_reextraction_that_only_respaced_bullets_is_cosmetic(ota_corpus):
    # Marked technical_upgrade by the archive: "*   item" became "* item".
    change = changed(ota_corpus, "Apple/Privacy Policy/2022-06-01T06-32-23Z.md",
                     "Apple/Privacy Policy/2022-09-20T15-20-30Z.md")
    assert len(change.hunks) > 20 and not change.substantive
    assert change.reasons == ["whitespace"]


def test_google_july_2023_ai_training_language_is_substantive(ota_corpus):
    change = changed(ota_corpus, "Google/Privacy Policy/2022-12-15T18-34-41Z.md",
                     "Google/Privacy Policy/2023-06-29T18-34-22Z.md")
    assert change.substantive and not change.suspect
    ai = [h for h in change.hunks if "train Google’s AI models" in h.new]
    assert len(ai) == 1
    hunk = ai[0]
    assert (hunk.kind, hunk.reason, hunk.substantive) == ("modified", "wording", True)
    assert "language models" in hunk.old
    assert (-1, " language") in hunk.ops and any(op == 1 and "AI" in text for op, text in hunk.ops)
    assert "publicly accessible sources" in hunk.section
    # The date line changed too, and alone would not count.
    assert any(h.reason == "date" and not h.substantive for h in change.hunks)


def test_whatsapp_january_2021_policy_is_substantive(ota_corpus):
    change = changed(ota_corpus, "WhatsApp/Privacy Policy/2021-04-29T12-59-10Z.md",
                     "WhatsApp/Privacy Policy/2021-04-29T13-10-23Z.md")
    assert change.substantive and not change.suspect
    assert any(h.reason == "date" and "January 04, 2021" in h.new for h in change.hunks)
    assert sum(h.substantive for h in change.hunks) > 100


def test_an_error_page_instead_of_the_terms_is_suspect(ota_corpus):
    change = changed(ota_corpus, "Amazon.com/Terms of Service/2025-09-23T07-37-12Z.md",
                     "Amazon.com/Terms of Service/2026-02-06T00-33-13Z.md")
    assert change.suspect
    assert {"suspect_error_page", "suspect_mass_deletion"} <= set(change.reasons)
    assert any("We can't find the page" in h.new for h in change.hunks)


def test_versions_the_archive_marks_as_repeats_are_flapping(ota_corpus):
    index = json.loads((ota_corpus / "INDEX.json").read_text(encoding="utf-8"))
    versions = [v for v in index["versions"]
                if (v["service"], v["terms_type"]) == ("Instagram", "Terms of Service")]
    versions.sort(key=lambda v: v["seq"])
    checked = 0
    for n in range(1, len(versions)):
        if not versions[n].get("content_repeat_of"):
            continue
        earlier = {sha256_text(read(ota_corpus, v["file"])) for v in versions[:n - 1]}
        change = changed(ota_corpus, versions[n - 1]["file"], versions[n]["file"],
                         earlier_sha256s=earlier)
        assert "flapping" in change.reasons and not change.substantive
        checked += 1
        if checked == 3:
            break
    assert checked == 3


@pytest.mark.parametrize("document", ["Google/Terms of Service", "Telegram/Privacy Policy"])
def test_every_consecutive_pair_of_a_history_gives_a_consistent_record(ota_corpus, document):
    files = sorted((ota_corpus / document).glob("*.md"))
    for old_path, new_path in zip(files, files[1:]):
        old, new = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
        change = compare(old, new)
        assert change.hunks or change.reasons == ["whitespace"]
        assert change.substantive == any(h.substantive for h in change.hunks)
        assert sorted(set(change.reasons)) == change.reasons
        for h in change.hunks:
            if h.kind in ("modified", "moved"):
                assert "".join(t for op, t in h.ops if op <= 0) == h.old
                assert "".join(t for op, t in h.ops if op >= 0) == h.new
            assert (h.kind == "added") == (h.old_index is None)
            assert (h.kind == "removed") == (h.new_index is None)
