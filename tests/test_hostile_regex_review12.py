"""Hostile text (review 12): 50,000 characters built to make a regex or a word matcher take
quadratic time must be read in well under a second. Each runs the real function on the text."""

from __future__ import annotations

import time

import pytest

from monitor.classify import load_classifier
from monitor.classify.assess import _content_words
from monitor.classify.features import tokens
from monitor.diff.restated import service_provision_reason

N = 50_000


def repeated(piece: str) -> str:
    return (piece * (N // len(piece) + 1))[:N]


def seconds(call, *args):
    start = time.perf_counter()
    result = call(*args)
    return time.perf_counter() - start, result


@pytest.mark.parametrize("hostile", [repeated("]("), repeated("](a"), repeated("[x](y ")])
def test_link_targets_are_stripped_in_linear_time(hostile):
    took, _ = seconds(tokens, hostile)
    assert took < 0.1, took
    result = load_classifier().classify([hostile])[0]
    took, _ = seconds(_content_words, [result])
    assert took < 0.1, took


def test_a_link_target_is_still_no_word_of_the_clause():
    assert tokens("Contact [support](https://example.com/help-centre) now.") == ["contact", "support", "now"]


@pytest.mark.parametrize("old, new", [
    (repeated("word "), "provide and improve " + repeated("word ")),
    (repeated("we use it "), repeated("we use it ")[:-40] + " provide and improve our services and more"),
])
def test_service_provision_check_gives_up_quickly_on_long_differing_text(old, new):
    took, reason = seconds(service_provision_reason, old, new)
    assert took < 0.1 and reason is None, (took, reason)


def test_service_provision_check_still_reads_one_verb_dropped_in_a_long_paragraph():
    filler = repeated("we keep the service safe for everyone and ")[:20_000]
    old = filler + "partners who help us provide and improve our Products."
    new = filler + "partners who help us and improve our Products."
    took, reason = seconds(service_provision_reason, old, new)
    assert reason == "spelling" and took < 0.1, (took, reason)


@pytest.mark.parametrize("hostile", [repeated("a") + "@", repeated("a.b") + "@x", "privacy shield " + repeated("us ")])
def test_addresses_and_framework_names_are_read_in_linear_time(hostile):
    # session 21: e-mail addresses set aside when reading kinds of right, and the transfer
    # framework's names with their countries (review: an unbounded run of country words)
    from monitor.classify.reading import words_key
    from monitor.classify.rights import right_kinds

    took, _ = seconds(right_kinds, [hostile])
    assert took < 0.1, took
    took, _ = seconds(words_key, hostile)
    assert took < 0.5, took
