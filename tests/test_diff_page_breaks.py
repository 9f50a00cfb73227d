"""A captured PDF cuts its sentences at page breaks, and the next capture's page breaks fall
elsewhere: the same words either side of a page number are no change of terms."""

from monitor.diff import compare

LEAD = "# Privacy\n\nWe describe here what we collect.\n\nWe keep your data safe.\n\n"
TAIL = "\n\nYou may contact us at any time.\n\nThis policy applies to all users."


def substantive(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(h.kind, h.old, h.new) for h in compare(old, new).hunks if h.substantive]


def test_a_sentence_cut_by_a_page_break_elsewhere_is_no_change():
    old = (LEAD + "As part of that, the law requires us to collect certain pieces of Personal Information.\n\n"
           "Specifically, in addition to identity data (see above under\n\n2\n\n"
           "“verification”), we collect tax forms as required by law." + TAIL)
    new = (LEAD + "As part of that, the law requires us to collect certain pieces of\n\n2\n\n"
           "Personal Information.\n\nSpecifically, in addition to identity data (see above under "
           "“verification”), we collect tax forms as required by law." + TAIL)
    assert substantive(old, new) == []


def test_a_word_changed_across_a_page_break_is_still_a_change():
    old = (LEAD + "We may share certain pieces of\n\n3\n\nPersonal Information with our processors." + TAIL)
    new = (LEAD + "We may share certain pieces of Personal Information\n\n3\n\nwith our advertising partners." + TAIL)
    assert substantive(old, new)


def test_runs_either_side_of_a_page_number_that_regroup_alone_stay_apart():
    old = (LEAD + "We collect your name and email. We use them to run the service.\n\n4\n\n"
           "We keep them for a year. Then we delete them." + TAIL)
    new = (LEAD + "We collect your name and email; we use them to run the service.\n\n4\n\n"
           "We keep them for a year; then we delete them." + TAIL)
    assert substantive(old, new) == []
