"""One of each concept (issue 12): one text hash, one sentence splitter with one abbreviation
list, one date finder in seven languages, one taxonomy loader. Each test fails where two
differing copies existed."""

from __future__ import annotations

import monitor.diff
import monitor.store
from monitor.classify.imposition import effective_dates
from monitor.classify.segment import clauses
from monitor.dates import DATE_ANY_CASE, iso_date
from monitor.diff.segment import split_sentences


def test_the_store_and_the_diff_hash_text_alike_even_a_lone_surrogate():
    assert monitor.store.sha256_text is monitor.diff.sha256_text
    text = "Terms\ud800"   # the store's copy raised UnicodeEncodeError, the diff's did not
    assert monitor.store.sha256_text(text) == monitor.diff.sha256_text(text)


def test_both_splitters_know_every_abbreviation():
    # "cf." was known to the diff only, "Jan." to the classifier only
    text = "Rules apply, cf. Section 2 of the terms. Updated on Jan. 5 by us. We may share data."
    assert split_sentences(text) == ["Rules apply, cf. Section 2 of the terms.", "Updated on Jan. 5 by us.",
                                     "We may share data."]
    assert clauses(text) == split_sentences(text)


def test_the_classifier_cuts_sentences_as_the_diff_does():
    # the diff's splitter does not cut inside a link's text, nor after an enumerator
    text = "See [1. About this policy](#about). Then 2. we sell data. **3.** Nothing else."
    assert clauses(text) == split_sentences(text)


def test_one_date_finder_in_seven_languages():
    written = {"1 July 2023": "2023-07-01", "July 1, 2023": "2023-07-01", "1er juillet 2023": "2023-07-01",
               "1. Juli 2023": "2023-07-01", "1 de julio de 2023": "2023-07-01", "1 luglio 2023": "2023-07-01",
               "1 de julho de 2023": "2023-07-01", "1 juli 2023": "2023-07-01", "1 novembro 2023": "2023-11-01",
               "2023-07-01": "2023-07-01", "01/07/2023": None, "July 2023": None}
    assert {text: iso_date(DATE_ANY_CASE.fullmatch(text)) for text in written} == written
    # the classifier reads the effective date with it (it knew English months only)
    assert effective_dates("These terms take effect on 1 juli 2024.") == ["2024-07-01"]
    assert effective_dates("Effective as of March 1, 2024.") == ["2024-03-01"]


def test_the_site_reads_the_classifiers_taxonomy():
    from monitor.classify.taxonomy import load_taxonomy
    from monitor.site.data import load_taxonomy as site_taxonomy

    assert list(site_taxonomy()) == load_taxonomy().ids
    assert {c.id: c.weight for c in load_taxonomy()} == {k: v["weight"] for k, v in site_taxonomy().items()}
