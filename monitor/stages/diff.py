"""The diff stage: versions -> changes + hunks (`record_changes`), one committed transaction
per change; a document's history is read once per run. What a version is compared with, and
which returns are flapping, is `monitor.history`'s; the comparison is `monitor.diff`'s."""

from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable

from ..history import (ANNOUNCEMENT, ANNOUNCEMENT_ENDED, ANOTHER_REGION, CAPTURE_COMPLETED, DUPLICATED_TEXT,
                      FIRST_DOCUMENT,
                      FIRST_DOCUMENT_SIMILARITY, NOT_DOCUMENT, OLDER_EDITION, PREVIEW_SAME_EDITION_SIMILARITY, REGION_SECTION,
                      REGIONAL_EDITION, SAME_EDITION_SIMILARITY, SUSPECT_CODES, SUSPECT_NOT_DOCUMENT,
                      SUSPECT_OTHER_LANGUAGE, TrustedHistory, edition_returned_to, flapping_return,
                      judge_first_versions, language_may_settle, last_paragraph, mark_reverted,
                      only_banners_removed, other_language, returns_near, reverted_versions, settle_suspects,
                      text_before_doubling, text_in_effect, trusted_base)
from ..clock import parse_iso
from .. import parallel
from ..store import Store
from ..store.hunks import stored_hunk_row

if TYPE_CHECKING:
    from ..diff.model import Hunk

Progress = Callable[[str, int, int], None]   # (stage, done, total)

log = logging.getLogger("termswatch.pipeline")

def record_changes(store: Store, *, recompute: bool = False, progress: Progress | None = None,
                   workers: int = 1, early: "parallel.EarlyDiffs | None" = None) -> tuple[int, int]:
    """Diff every version against the one before it, where not done yet (or everywhere, with
    ``recompute``: the changes keep their ids, so links and feed entries stay valid).

    ``early``: diffs an import started while it was recording (`monitor.parallel.EarlyDiffs`).
    Returns (changes recorded, of which substantive).
    """
    from ..score import load_params

    history_params = load_params().get("history", {})
    flap_window = float(history_params.get("flap_window_days", 7)) * 86400
    preview_window = float(history_params.get("preview_window_days", 45)) * 86400
    if recompute:
        store.forget_first_version_judgements()
    judge_first_versions(store)
    pending = store.versions_to_diff(recompute)
    if early is not None and early.started and not recompute:
        return parallel.diff_in_parallel(store, pending, recompute=False, workers=workers, progress=progress,
                                         early=early)
    if early is not None:
        early.close()
    if workers > 1 and len(pending) >= parallel.MIN_PARALLEL_RECORDS and parallel.database_path(store):
        return parallel.diff_in_parallel(store, pending, recompute=recompute, workers=workers, progress=progress)
    with _rare_collections():
        return _record_serially(store, pending, recompute, progress, flap_window, preview_window)


# The cyclic garbage collector's thresholds while diffing (Python's are 700, 10, 10). A
# comparison allocates hundreds of thousands of objects (clauses, hunks, rows), which set off
# collections that scan the diff's memos again and again, yet it makes almost no cycles (178
# objects collected in 2,205 collections over 628 comparisons of long documents): 13 % of the
# stage's CPU went to collecting nothing. Refcounting frees everything else as before.
_DIFF_GC_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def _rare_collections():
    before = gc.get_threshold()
    gc.set_threshold(*_DIFF_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _record_serially(store: Store, pending: list, recompute: bool, progress: Progress | None,
                     flap_window: float, preview_window: float) -> tuple[int, int]:
    from ..diff import compare
    from ..diff.announcement import MIN_GROWTH, announces_coming_version, split_doubled
    from ..diff.edition import EditionDates
    from ..diff.not_document import not_document_reason
    from ..diff.regional import another_region_served, edition_of_page, own_edition, region_section, served_region

    substantive = 0
    document, history, position_of, may_settle, trust = None, [], {}, False, None
    recorded_now: set[int] = set()     # the versions whose change this run recorded
    recent = RecentVersions(store)
    for done, row in enumerate(pending, 1):
        if row["document_id"] != document:
            # a document's history is read once per run, not once per version (that was
            # quadratic in the length of the history); no stage adds versions meanwhile
            document, recent = row["document_id"], RecentVersions(store)
            history = store.versions(document)
            position_of = {v["id"]: i for i, v in enumerate(history)}
            trust = TrustedHistory(store, history)
            may_settle, editions = True, EditionDates(store.version)
        position = position_of[row["id"]]
        if may_settle:  # a suspect change pending since the version before may settle now
            refuted: list[int] = []
            if settle_suspects(store, document_id=row["document_id"], reverted=refuted):
                trust.reload()
            substantive -= len(set(refuted) & recorded_now)   # a refuted capture was no change
            may_settle = False
        # an older edition served again is never the terms in force: what follows it is
        # compared with the edition it interrupted (so a return to that edition is no news)
        trusted = trust.flags
        base = trusted_base(history, trusted, position)
        old, new = recent.get(history[base]["id"]), recent.get(row["id"])
        blip = None     # a short-lived edition between two copies of the one in force (A -> B -> A')
        blips: list[int] = []   # ... and every version of another edition served in between
        if base == position - 1 >= 1 and trusted[base - 1] and old["sha256"] != new["sha256"]:
            earlier_row = history[base - 1]
            lasted = (parse_iso(new["recorded_at"]) - parse_iso(old["recorded_at"])).total_seconds()
            # (whether the text in between was a preview is read only when it can matter: it
            # stood less than the longer window, and the page did not simply go back)
            if earlier_row["sha256"] != new["sha256"] and lasted < max(preview_window, flap_window):
                earlier_text = recent.get(earlier_row["id"])["text"]
                # a preview of the coming version may stand as long as a notice period, and the
                # edition in force may come back edited
                preview = announces_coming_version(earlier_text, old["text"])
                window = preview_window if preview else flap_window
                same_edition = PREVIEW_SAME_EDITION_SIMILARITY if preview else SAME_EDITION_SIMILARITY
                if lasted < window \
                        and returns_near((earlier_text, old["text"], new["text"]), lasted, window, same_edition):
                    blip, base, old = old["id"], base - 1, recent.get(earlier_row["id"])
                    blips = [blip]
        if blip is None and base == position - 1 >= 1 and old["sha256"] != new["sha256"] \
                and not editions.dated_later(old, new):
            # another edition altogether in between (a region's), however long the archive saw
            # it: the edition before it back nearly whole is the page serving editions by turns
            # (unless the one in between dates itself later: that is a newer edition, and the
            # one back an older edition served again, `older_edition` below)
            # The edition comes back edited: it was kept up beside the other one, so both were
            # in force at once, each for its own readers. A copy of it back word for word says
            # no such thing (a page rolling out new terms flips between the old text and the
            # new for weeks before the new one stays): `flapping_return` weighs those.
            # The other edition's own edits meanwhile, if any changed a term, were the policy's
            # (an update made in every edition): they stand, and so does the swap.
            back = edition_returned_to(history, trusted, base, position, lambda i: recent.get(history[i]["id"])["text"])
            stood = [history[j]["id"] for j in range(back + 1, position) if trusted[j]] if back is not None else []
            if back is not None and history[back]["sha256"] != new["sha256"] \
                    and not store.any_substantive_change_to(stood[1:]):
                blips = stood
                blip, base, old = blips[-1], back, recent.get(history[back]["id"])
        earlier = flapping_return(history, base, position, flap_window)
        # a page that held two versions at once is compared by what was beside the old copy
        before_text = text_in_effect(store, old)
        # a page still holding both versions is split against the text in force before them
        doubled = split_doubled(text_before_doubling(store, old) or before_text, new["text"])
        after_text = doubled.beside if doubled and not doubled.duplicate else new["text"]
        # another audience's edition beside the one in force: only the edition's own copy is read
        edition = (edition_of_page(doubled.copy, doubled.beside, doubled.old_first)
                   if doubled and not doubled.duplicate else None)
        regional = edition is not None
        if regional:
            after_text = edition
        elif not doubled:
            # the page dropped another audience's edition it carried beside this one
            halved = split_doubled(new["text"], before_text)
            edition = (edition_of_page(halved.copy, halved.beside, halved.old_first)
                       if halved and not halved.duplicate else None)
            if edition is not None:
                before_text, regional = edition, True
            elif len(before_text) >= MIN_GROWTH * len(new["text"]) and (own := own_edition(new["text"], before_text)):
                before_text, regional = own, True     # ... and the edition was edited meanwhile
            elif len(new["text"]) >= MIN_GROWTH * len(before_text) and (own := own_edition(before_text, new["text"])):
                after_text, regional = own, True      # the other way: both on the page now
        # the archive was served another region's edition of the page: compared with that region's
        # own last capture when no change of terms came since (an edit made meanwhile is still
        # judged; a change of terms already judged on another edition is not judged again)
        swapped = not regional and not doubled and blip is None and another_region_served(before_text, after_text)
        rebased = False
        if swapped and (same := _last_capture_of_region(history, trusted, position, served_region(after_text),
                                                        lambda i: recent.get(history[i]["id"])["text"])) is not None \
                and not store.any_substantive_change_to([history[i]["id"] for i in range(same + 1, position)]):
            base, old, rebased = same, recent.get(history[same]["id"]), True
            before_text = text_in_effect(store, old)
        change = compare(before_text, after_text, earlier_sha256s=earlier)
        reasons = list(change.reasons)
        if swapped:
            reasons.append(ANOTHER_REGION)
        is_substantive, suspect, status = change.substantive, change.suspect, None
        if doubled and doubled.duplicate:
            # the page repeated its text: nothing for users
            is_substantive, suspect = False, False
            reasons = sorted((set(reasons) - SUSPECT_CODES) | {DUPLICATED_TEXT})
        elif regional:
            # each audience's edition stood as it was: only the edition's own edits count
            reasons = sorted(set(reasons) | {REGIONAL_EDITION})
        elif doubled:
            # the coming version published beside the one in force: recorded once, as announced
            reasons = sorted(set(reasons) | {ANNOUNCEMENT})
        elif before_text != old["text"] and only_banners_removed([h.to_json() for h in change.hunks]):
            # the announced version took effect; all that went is the banner announcing it
            is_substantive = False
            reasons = sorted(set(reasons) | {ANNOUNCEMENT_ENDED})
        if base < position - 1 and old["sha256"] == new["sha256"]:
            # back to the text from before a suspect capture: that capture was a blip
            reasons = sorted(set(reasons) | {"flapping"})
        elif is_substantive and editions.older_edition(old, new, [v for v, ok in zip(history[:base], trusted) if ok]):
            # the date of an edition seen before, earlier than the one in force: old news
            is_substantive = False
            reasons = sorted(set(reasons) | {OLDER_EDITION})
        elif is_substantive and swapped and not rebased and not suspect:
            # the first capture of another region's edition (Google's terms for the UK after its
            # terms for Romania): each edition stood as it was for its own readers
            is_substantive = False
        elif is_substantive and not regional and not doubled and completes_a_cut_capture(store, old, before_text, after_text):
            # the version before was this very text broken off mid-sentence (Binance's terms of
            # September 2025 stopping inside clause 35): what comes back was never taken away
            is_substantive = False
            reasons = sorted(set(reasons) | {CAPTURE_COMPLETED})
        if is_substantive and not regional and set(reasons) & SUSPECT_CODES <= {"suspect_mass_deletion"} \
                and editions.same_date(old, new) and last_paragraph(before_text) in after_text \
                and (section := region_section(change.hunks)):
            # a region's own section dropped whole under the same date, inside the document: the
            # edition for other readers was served. Its clauses are the capture's (and explain the
            # deletion); anything else removed is read as it is.
            for hunk in change.hunks:
                if hunk.kind == "removed" and hunk.old_index in section[1] and hunk.substantive:
                    hunk.substantive, hunk.reason = False, REGION_SECTION
            is_substantive, suspect = any(h.substantive for h in change.hunks), False
            reasons = sorted((set(reasons) - SUSPECT_CODES) | {REGION_SECTION})
        if new["kind"] == "reextraction":
            # the extraction changed, not the document: never a change users should hear of
            is_substantive = False
            reasons = sorted(set(reasons) | {"reextraction"})
        usual = trust.usual_chars(position)
        # every version before this one was a capture that is not the document (the first
        # one too: `judge_first_versions`), so there is no text of its to compare with
        no_document_before = not trusted[base] and change.stats["similarity"] < FIRST_DOCUMENT_SIMILARITY
        not_document = not_document_reason(new["text"], usual, None if no_document_before else before_text)
        if no_document_before and not not_document:
            # the document's own text captured at last: a first capture, not a change of terms
            is_substantive, suspect = False, False
            reasons = sorted((set(reasons) - SUSPECT_CODES) | {FIRST_DOCUMENT})
        elif not_document:
            # not the declared document at all: a capture problem, whatever repeats it
            suspect, status = True, NOT_DOCUMENT
            reasons = sorted(set(reasons) | {SUSPECT_NOT_DOCUMENT, f"{SUSPECT_NOT_DOCUMENT}:{not_document}"})
        elif other_language(old["text"], new["text"]):
            # the same document served in another language is not a change of its terms: held
            # out, never compared across languages; a text the classifier reads in place of one
            # it does not becomes the document's once its language stands (`history.settle_suspects`)
            is_substantive, suspect = False, True
            status = None if language_may_settle(old["text"], new["text"]) else NOT_DOCUMENT
            reasons = sorted((set(reasons) - SUSPECT_CODES) | {SUSPECT_OTHER_LANGUAGE})
        stored = _store_change(store, row["document_id"], old["id"], new["id"], is_substantive, suspect,
                               reasons, dict(change.stats), change.hunks, replace=recompute, status=status)
        if stored is None:   # recorded meanwhile by another process: read what it says
            trust.reload()
        else:
            trust.recorded(position, suspect or OLDER_EDITION in reasons)
        may_settle = may_settle or bool(suspect and status is None)
        substantive += is_substantive
        if blip is not None:
            # the edition served in between was never in force: the change to it is a blip
            substantive -= len(set(mark_reverted(store, blips)) & recorded_now)
        if earlier and "flapping" in reasons:
            # counted as recorded in this run: a change recorded earlier was counted then
            substantive -= len(set(mark_reverted(store, reverted_versions(history, position, flap_window)))
                               & recorded_now)
        recorded_now.add(row["id"])
        if progress:
            progress("diff", done, len(pending))
    if pending:
        log.info("diff: %d new changes, %d substantive", len(pending), substantive)
    return len(pending), substantive


# A capture broken off inside a sentence stops in a sentence's words: its last paragraph has at
# least this many (a footer word, "Cookies", or a list item, "- Your postal address", is no
# sentence, and the edit that extends it is an edit).
_BROKEN_SENTENCE_WORDS = 8


def completes_a_cut_capture(store: Store, old: dict, before_text: str, after_text: str) -> bool:
    """Whether ``before_text`` (the text of version ``old``) is ``after_text`` cut short inside
    one of its sentences: word for word the opening of ``after_text`` (its last word may be
    split, "otherwis"), ending in a paragraph of `_BROKEN_SENTENCE_WORDS` words or more without a
    sentence's closing mark that ``after_text`` carries on to a sentence's end
    (`suspect.broken_capture`), with more of the document after that paragraph: a capture that
    broke off, now seen whole. An edit anywhere in what both say is no completion, nor is a last
    line extended with nothing after it. Not when the cut was recorded as a truncation
    (`suspect_mass_deletion`): the suspect rules settle those (`history.settle_suspects`), and a
    cut they confirmed was a change whose undoing is one too.

    >>> full = "\\n\\n".join(f"Clause {i}: we may share your data with partner {i} when the law allows it." for i in range(30))
    >>> cut = full[:full.index("partner 20") + 4]
    >>> class NoChange:
    ...     def change_leading_to(self, version_id): return None
    >>> completes_a_cut_capture(NoChange(), {"id": 1}, cut, full)
    True
    >>> completes_a_cut_capture(NoChange(), {"id": 1}, full[:full.index("Clause 20")], full)   # ends on a whole sentence
    False
    >>> completes_a_cut_capture(NoChange(), {"id": 1}, cut, full.replace("partner 3 ", "data brokers "))   # edited before the cut
    False
    """
    from ..diff.suspect import SENTENCE_ENDS, broken_capture, without_last_word

    if len(before_text) >= len(after_text):
        return False
    # (cheapest first: most versions end on a whole sentence or a short footer line; the closing
    # mark is what `suspect.breaks_off` asks too, later)
    last = last_paragraph(before_text)
    if len(last.split()) < _BROKEN_SENTENCE_WORDS or last.endswith(SENTENCE_ENDS):
        return False
    kept = without_last_word(before_text).split()
    whole = after_text.split()
    if len(kept) >= len(whole) or whole[:len(kept)] != kept or not broken_capture(after_text, before_text):
        return False
    # more of the document after the line the broken paragraph opens (`breaks_off` found it there)
    line_end = after_text.find("\n", after_text.find(last) + len(last))
    if line_end < 0 or not after_text[line_end:].strip():
        return False
    leading = store.change_leading_to(old["id"])
    return leading is None or "suspect_mass_deletion" not in (leading["reasons"] or "")


def _last_capture_of_region(history: list[dict], trusted: list[bool], position: int, region: str | None,
                            text_of: Callable[[int], str], look_back: int = 60) -> int | None:
    """The position of the last trusted capture before ``position`` served for ``region`` (the
    locale its links name, `regional.served_region`), within ``look_back`` captures."""
    from ..diff.regional import served_region

    for i in range(position - 1, max(-1, position - 1 - look_back), -1):
        if trusted[i] and served_region(text_of(i)) == region:
            return i
    return None


class RecentVersions:
    """The last few versions read, with their texts: diffing a history reads each version
    twice in a row (as the new one, then as the old one of the next change)."""

    def __init__(self, store: Store, size: int = 4):
        self.store, self.size, self.rows = store, size, {}

    def get(self, version_id: int) -> dict:
        row = self.rows.pop(version_id, None) or self.store.version(version_id)
        self.rows[version_id] = row
        while len(self.rows) > self.size:
            del self.rows[next(iter(self.rows))]
        return row


def _store_change(store: Store, document_id: int, from_id: int, to_id: int, substantive: bool, suspect: bool,
                  reasons: list[str], stats: dict, hunks: list[Hunk], replace: bool = False,
                  status: str | None = None) -> int | None:
    """Record one change and its hunks. A change is known by the version it leads to: with
    ``replace`` an existing one is updated in place (same id), else it is left alone."""
    # (rows straight from the hunks, their ops packed: no dict per hunk in between, no JSON
    # read back, thousands in a rewrite)
    return store.record_change(document_id, from_id, to_id, substantive, suspect, reasons, stats, None,
                               replace=replace, status=status,
                               hunk_rows=[stored_hunk_row(hunk, position) for position, hunk in enumerate(hunks)])
