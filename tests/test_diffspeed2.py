"""The diff stage's shortcuts (engineer `diffspeed2`) give exactly what the longer way gave."""

from monitor.diff.model import Hunk
from monitor.store.db import StoreError
from monitor.store.hunks import ClauseTexts, hunk_row, hunk_tuple

TEXT = "# Terms\n\nWe sell data.\n\nWe keep it.\n\nWe sell data.\n\nOk."


def _read(version_id: int) -> str:
    if version_id == 404:
        raise StoreError("no text for version 404")
    return TEXT


def test_spans_in_answers_as_span_clause_after_clause():
    clauses = ["We sell data.", "We keep it.", "We sell data.", "We sell data.", "Ok.", 17, None,
               "not in the text at all", "We keep it.", "# Terms"]
    for version_id in (7, 404, None):
        one_by_one, at_once = ClauseTexts(_read), ClauseTexts(_read)
        span_in_version = at_once.spans_in(version_id)
        assert [span_in_version(c) for c in clauses] == [one_by_one.span(version_id, c) for c in clauses]


def test_spans_in_shares_the_search_hint_of_a_version_read_twice():
    one_by_one, at_once = ClauseTexts(_read), ClauseTexts(_read)
    first, second = at_once.spans_in(7), at_once.spans_in(7)
    got = [first("We sell data."), second("We sell data."), first("We sell data.")]
    assert got == [one_by_one.span(7, "We sell data.") for _ in range(3)]
    assert got[0] != got[1]


def test_hunk_row_is_the_tuple_of_the_hunks_json():
    hunks = [
        Hunk("added", "", "", "We sell your data.", [], True, "added", None, 4),
        Hunk("removed", "Privacy > Sharing", "We keep it.", "", [], False, "markup", 3, None),
        Hunk("modified", "A", "We keep it.", "We keep it — always.",
             [(0, "We keep it"), (-1, "."), (1, " — always.")], True, "wording", 1, 2),
        Hunk("moved", "B", "Ä \"quoted\"", "Ä", [(0, "Ä"), (-1, ' "quoted"')], False, "", 0, 9),
    ]
    for position, hunk in enumerate(hunks):
        assert hunk_row(hunk, position) == hunk_tuple(hunk.to_json(), position)


def test_the_diff_stage_collects_cycles_rarely_and_restores_the_thresholds(tmp_path):
    """A rewrite's comparison allocates objects by the hundred thousand, and Python's default
    thresholds then scan the diff's memos over and over for cycles it hardly makes."""
    import gc
    from datetime import datetime, timedelta, timezone

    from monitor.pipeline import record_changes
    from monitor.store import Store

    store = Store.open(tmp_path / "termswatch.db")
    document = store.ensure_document("Acme", "Acme", "Terms of Service", "https://acme.test/terms", {})
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    for n in range(6):   # every version a rewrite: hundreds of clauses added and removed
        text = "\n\n".join(f"## Part {i}\n\nWe keep record {i * 7 + n} of yours for {n} reasons, edition {n}."
                           for i in range(400))
        store.record_version(document, text, recorded_at=(start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    # Every collection with the thresholds in force when it started. A full one can still come
    # from what the test or the stage allocates before the stage raises the thresholds (the
    # default ones were in force then), so only those at the raised thresholds count against it.
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append((info["generation"], gc.get_threshold()))

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    gc.collect()
    gc.callbacks.append(count)
    try:
        assert record_changes(store)[0] == 5
    finally:
        gc.callbacks.remove(count)
        thresholds_after = gc.get_threshold()
        gc.set_threshold(*before)
        store.close()
    while_diffing = [generation for generation, thresholds in collections if thresholds != (700, 10, 10)]
    assert while_diffing, "the stage never raised the thresholds while it allocated"
    assert 2 not in while_diffing
    assert thresholds_after == (700, 10, 10)
