"""Rules about a document's history, written once: which versions may stand as the terms in
force, what a version is compared with, when a return is flapping, and when a suspect
capture is confirmed.

- A version is *trusted* unless it was reached by a suspect change that was refuted, awaits
  confirmation, or is not the document at all (``suspect_status = 'not_document'``); a first
  version, which no change reaches, unless it is not the document (`judge_first_versions`).
- A version is compared with the last trusted version before it; when that version held two
  versions at once (an announcement, a repeated page), with the text beside the old copy.
- Content that comes back is flapping only when the text in between was short-lived or the
  document keeps swinging between the same two texts (``docs/scoring.md``); the short-lived
  text in between was never in force, and the change to it is ``reverted``.
- Another edition served for a while (A -> B -> A', A' nearly A, B short-lived or a preview
  withdrawn within a notice period) was never in force either: B is ``reverted`` and A' is
  compared with A (``returns_near``).
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from functools import lru_cache
from typing import Callable

from .clock import parse_iso
from .store import Store, stands

log = logging.getLogger("termswatch.history")

# A suspect version that stayed in place this long before the next version was recorded was
# seen by later captures (archives re-capture at least daily), which confirms it.
SUSPECT_CONFIRMED_AFTER_SECONDS = 24 * 3600

ANNOUNCEMENT = "announcement"          # the page carries the coming version beside the current one
DUPLICATED_TEXT = "duplicated_text"    # the page repeated the current text
ANNOUNCEMENT_ENDED = "announcement_ended"  # the announced version took effect, its banner went
OLDER_EDITION = "older_edition"       # the capture dates itself before the version it follows
REGIONAL_EDITION = "regional_edition"  # the page carries another audience's edition beside this one
REGION_SECTION = "region_section"      # a region's own section dropped whole, same date
ANOTHER_REGION = "another_region"      # the archive was served another region's edition of the page
CAPTURE_COMPLETED = "capture_completed"  # the version before was this text cut short mid-paragraph
_BANNER = re.compile(r"\b(?:effective|takes?\s+effect|updated|coming|prior|previous|current)\b", re.IGNORECASE)


def only_banners_removed(hunks: list[dict]) -> bool:
    substantive = [h for h in hunks if h.get("substantive")]
    return bool(substantive) and all(h["kind"] == "removed" and _BANNER.search(h.get("old") or "")
                                     and len(h.get("old") or "") < 400 for h in substantive)
SUSPECT_CODES = {"suspect_mass_deletion", "suspect_unrelated", "suspect_error_page"}


def text_in_effect(store: Store, version: dict) -> str:
    """What the next version is compared with: the version's text or, when it held two
    versions at once (an announcement, a repeated page), the text beside the old copy; when
    the other was another audience's edition, the copy of the edition in force."""
    from .diff.announcement import split_doubled
    from .diff.regional import edition_of_page, own_edition

    origin = text_before_doubling(store, version)
    if origin is None:
        return version["text"]
    doubled = split_doubled(origin, version["text"])
    if doubled is None:     # the edition in force edited on the page: found by its title
        return own_edition(origin, version["text"]) or version["text"]
    regional = edition_of_page(doubled.copy, doubled.beside, doubled.old_first)
    return doubled.beside if regional is None else regional


def text_judged_against(store: Store, version: dict) -> str:
    """The old text a change from ``version`` is judged against: the version's text, except on
    a page that carried another audience's edition beside the one in force, where it is that
    edition's copy (the other audience's clauses were never in force for these users). A page
    announcing a coming version is read whole: both texts were before the users."""
    row = store.change_leading_to(version["id"])
    if row is not None and REGIONAL_EDITION in json.loads(row["reasons"]):
        return text_in_effect(store, version)
    return version["text"]


def text_judged_as_new(store: Store, version: dict) -> str:
    """The new text a change to ``version`` is judged with: the version's text, except on a page
    announcing a coming version, where it is the coming version (what the page carries beside
    the copy in force): a promise the coming version drops is a loss, though the copy in force
    beside it still makes it."""
    row = store.change_leading_to(version["id"])
    if row is not None and ANNOUNCEMENT in json.loads(row["reasons"]):
        return text_in_effect(store, version)
    return version["text"]


def text_before_doubling(store: Store, version: dict) -> str | None:
    """When ``version`` is one of a run of pages holding two versions at once, the text in
    force before the run began (the copy the page carries beside the coming version); None
    when ``version`` holds one text. The coming version may be edited while announced: each
    page of the run is split against that same text, never against the page before it."""
    chain = [version]       # the version, then the versions it was compared with, while doubled
    while len(chain) < 50:
        row = store.change_leading_to(chain[-1]["id"])
        if row is None or not ({ANNOUNCEMENT, DUPLICATED_TEXT, REGIONAL_EDITION} & set(json.loads(row["reasons"]))):
            break
        chain.append(store.version(row["from_version_id"]))
    return chain[-1]["text"] if len(chain) > 1 else None


# A suspect change's status when its new version is not the declared document: never confirmed.
NOT_DOCUMENT = "not_document"
SUSPECT_NOT_DOCUMENT = "suspect_not_document"
SUSPECT_OTHER_LANGUAGE = "suspect_other_language"


# The change from a first capture that was not the document to the first that is: the
# document's real text captured at last, not a change of its terms.
FIRST_DOCUMENT = "first_document"


# What a first capture may be found to be, with no history to compare it with: the
# unmistakable pages (a consent page or a FAQ needs a history to be told from a short policy).
FIRST_CAPTURE_REASONS = {"link_menu", "error_page", "app_store", "excerpt_index", "no_legal_text"}
# The first real text after such captures is no change of terms only when it shares little
# with them: one that shares most of its clauses was the document all along, read too harshly.
FIRST_DOCUMENT_SIMILARITY = 0.5


def judge_first_versions(store: Store) -> int:
    """Judge, once each, the first versions no one has judged: is the first capture of a
    document the document at all? No change leads to a first version, so the diff stage's
    judgement of each new capture (`monitor.diff.not_document`) never reached it, and a help
    forum or a menu of products captured where the policy should be stood as terms with no
    harm in them. Judged on content alone (there is no history to compare it with).
    Returns how many first versions are not the document."""
    from .diff.not_document import navigation_page, not_document_reason
    from .rating import rating_params

    main_types = set(rating_params()["main_terms_types"])
    found = 0
    for version_id, terms_type in store.first_versions_unjudged():
        # only what no document is, and only for the documents a grade rests on: a short
        # imprint or cookie notice read with no history could be taken for a page of links
        text = store.version_text(version_id) if terms_type in main_types else ""
        reason = not_document_reason(text) if text else None
        if reason == "no_legal_text" and not navigation_page(text):
            reason = None      # a short text of a few sentences ("We respect your privacy.") may be the document
        reason = reason if reason in FIRST_CAPTURE_REASONS else ""
        store.set_not_document(version_id, reason)
        if reason:
            found += 1
            log.info("version %d, a first capture, is not the document: %s", version_id, reason)
    return found


def other_language(old_text: str, new_text: str) -> bool:
    from .language import document_language

    old, new = document_language(old_text), document_language(new_text)
    return bool(old and new and old != new)


def language_may_settle(old_text: str, new_text: str) -> bool:
    """Whether a capture in another language may become the document's own language once it
    stands (`_settle_language`): only a text the classifier reads in place of one it does not
    (PayPal's privacy policy, first captured in French, then in English for four years). The
    other way round the document keeps its readable text in force, however long the archive
    was served the other language (Facebook's privacy policy, captured in French since
    August 2022: the English text stays the one graded, and the French captures never count)."""
    from .language import document_language
    from .rating import rating_params

    readable = set(rating_params()["classifier_languages"])
    return document_language(new_text) in readable and document_language(old_text) not in readable


def trusted_flags(store: Store, history: list[dict]) -> list[bool]:
    """For each version of a document's history: may it stand as the terms in force? Not when
    it was reached by a suspect change that was refuted, awaits confirmation, or is not the
    document at all; nor when it is a first capture that is not the document."""
    if not history:
        return []
    status = store.suspicion_by_version(history[0]["document_id"])
    return [stands(*status.get(v["id"], (0, None)), v.get("not_document")) for v in history]


class TrustedHistory:
    """`trusted_flags` and `usual_chars` of one document's history, kept up to date while the
    diff stage walks it rather than read again for every version (which was quadratic in the
    length of a history). The answers are those of the two functions on the store as it is:
    the caller says when it records a change (`recorded`) or settles suspects (`reload`)."""

    def __init__(self, store: Store, history: list[dict]):
        self.store, self.history = store, history
        self.reload()

    def reload(self) -> None:
        """Read the flags again (after suspects were settled, or a change was not recorded).
        An older edition served again (`OLDER_EDITION`) never stands as the terms in force."""
        older = self.store.versions_reached_with(self.history[0]["document_id"], OLDER_EDITION) \
            if self.history else set()
        self.flags = [ok and v["id"] not in older
                      for ok, v in zip(trusted_flags(self.store, self.history), self.history)]
        self._lengths: list[int] = []   # sorted chars of the trusted versions before `_upto`
        self._upto = 0

    def recorded(self, position: int, suspect: bool) -> None:
        """A change leading to ``history[position]`` was stored: a new suspect change awaits
        confirmation (or is not the document), and an older edition is old news, so its
        version is not trusted (``suspect``); any other is."""
        self.flags[position] = not suspect
        if position < self._upto:
            self._lengths, self._upto = [], 0

    def usual_chars(self, position: int) -> int | None:
        """`usual_chars(history[:position], flags[:position])`, adding only the versions since
        the last call."""
        if position < self._upto:
            self._lengths, self._upto = [], 0
        for version, trusted in zip(self.history[self._upto:position], self.flags[self._upto:position]):
            if trusted:
                bisect.insort(self._lengths, version["chars"])
        self._upto = position
        return self._lengths[len(self._lengths) // 2] if self._lengths else None


def trusted_base(history: list[dict], trusted: list[bool], position: int) -> int:
    """The version to diff ``history[position]`` against: the one before it, or, when that
    one came from a suspect capture not confirmed since, the last one before it that did not
    (so a page restored after an error page is not read as a whole new text)."""
    base = position - 1
    while base > 0 and not trusted[base]:
        base -= 1
    return base


def usual_chars(history: list[dict], trusted: list[bool]) -> int | None:
    """The typical length of a document's trusted versions so far (None before the first)."""
    lengths = sorted(v["chars"] for v, ok in zip(history, trusted) if ok)
    return lengths[len(lengths) // 2] if lengths else None


def flapping_return(history: list[dict], base: int, position: int, window_seconds: float) -> set[str]:
    """The earlier texts that ``history[position]`` may flap back to without it being a change.

    Content that comes back is flapping only when the content in between was short-lived
    (it lasted less than the window) or the document keeps alternating between the same two
    texts. Otherwise going back is a real change: a harm reinstated after a backlash is news.
    """
    new_sha = history[position]["sha256"]
    returns_to = next((j for j in range(base - 1, -1, -1) if history[j]["sha256"] == new_sha), None)
    if returns_to is None:
        return set()
    lasted = (parse_iso(history[position]["recorded_at"])
              - parse_iso(history[returns_to + 1]["recorded_at"])).total_seconds()
    if lasted < window_seconds:
        return {new_sha}
    pair = {new_sha, history[base]["sha256"]}
    swings = sum(1 for a, b in zip(history[:position], history[1:position])
                 if a["sha256"] != b["sha256"] and {a["sha256"], b["sha256"]} == pair)
    return {new_sha} if swings >= 2 else set()


REVERTED = "reverted"   # the text stood less than the flap window before the document went back


def reverted_versions(history: list[dict], position: int, window_seconds: float) -> list[int]:
    """The versions that were never the terms in force because ``history[position]`` went
    back to the text before them within the flap window (A -> B -> A, B short-lived): a text
    published and withdrawn within days is a blip, and so is the change that brought it."""
    new_sha = history[position]["sha256"]
    if position < 2 or history[position - 1]["sha256"] == new_sha:
        return []
    back_to = next((j for j in range(position - 2, -1, -1) if history[j]["sha256"] == new_sha), None)
    if back_to is None:
        return []
    lasted = (parse_iso(history[position]["recorded_at"])
              - parse_iso(history[back_to + 1]["recorded_at"])).total_seconds()
    return [v["id"] for v in history[back_to + 1:position]] if lasted < window_seconds else []


# Share of vocabulary (Jaccard of word sets) above which a text is the same edition as another.
SAME_EDITION_SIMILARITY = 0.98
# ...or this much when the text in between was a preview of the coming version (it carried a
# notice of it): the page withdrew the preview for the edition in force, edited meanwhile; what
# changed in that edition is still recorded, A' being compared with A.
PREVIEW_SAME_EDITION_SIMILARITY = 0.95
# ...and it must be this much closer to the text before the short-lived one than to it.
SAME_EDITION_MARGIN = 0.02
# The short-lived text is another edition, not an edit, when it shares at most this much of
# the vocabulary of the text before it (an edit withdrawn with words of its own is a change).
OTHER_EDITION_MAX_SIMILARITY = 0.95


# Whatever time it stood, the text in between is another edition, not an edit, when it shares
# at most this much of the vocabulary of the edition around it: an edit keeps most of the words
# of the text it edits, and a text edited that much is seldom put back word for word.
OTHER_EDITION_ANY_TIME_MAX_SIMILARITY = 0.9
# ...and the two editions differ by at least this many distinct words (a region's own sections of
# rights and courts): in a short text one edit alone (a sale of data added) changes a tenth of the
# vocabulary, and an edit withdrawn after weeks is two changes.
OTHER_EDITION_MIN_WORDS = 50


# The page may serve the other edition for several captures (edited meanwhile) before the
# edition comes back: this many trusted versions back, at most, are looked at.
EDITION_LOOKBACK = 8


def _jaccard(x: set, y: set) -> float:
    """Share of vocabulary: the words two sets have in common over all their words (their
    union counted, not built: a version's vocabulary holds thousands of words)."""
    common = len(x & y)
    every = len(x) + len(y) - common
    return common / every if every else 1.0


def _comes_back_to(after: set, before: set, between: set, same_edition: float = SAME_EDITION_SIMILARITY) -> bool:
    """Whether the vocabulary ``after`` is nearly ``before``'s again, and nearer it than the
    text ``between`` that stood in between."""
    to_before = _jaccard(after, before)
    return to_before >= same_edition and to_before >= _jaccard(after, between) + SAME_EDITION_MARGIN


def _other_edition(one: set, other: set) -> bool:
    return _jaccard(one, other) <= OTHER_EDITION_ANY_TIME_MAX_SIMILARITY and len(one ^ other) >= OTHER_EDITION_MIN_WORDS


# Whom an edition is for, as its text says: a region, a country or a jurisdiction named as the
# readers' place ("if you live in the EEA", "users in Canada", "Terms for the UK", "European
# users", a heading naming it), or a region or country parameter in its links (``?gl=FR``,
# ``&ldr=GB``). A place named otherwise is no audience: a worse version adds "we may transfer
# your data to servers in China" or "arbitration in Delaware" as readily as another edition does.
# Abbreviations in capitals only ("UK", "EEA"; "US" is left out: "Contact US"); a name
# joined by a hyphen ("the EU-US Data Privacy Framework") is a framework's, not a place of readers.
_REGION = (
    r"(?:\b(?:EEA|EU|UK|U\.K\.|U\.S\.|USA)\b"
    r"|\b(?i:European(?:\s+(?:Union|Economic\s+Area))?|Europe|United\s+Kingdom|Great\s+Britain|England"
    r"|United\s+States|Switzerland|Norway|Iceland|Liechtenstein|Canada|Quebec|Australia|New\s+Zealand"
    r"|India|Japan|South\s+Korea|Korea|Brazil|Mexico|Argentina|China|Hong\s+Kong|Taiwan|Singapore"
    r"|Indonesia|Philippines|Turkey|Russia|South\s+Africa|Nigeria|Israel|Germany|France|Ireland|Italy"
    r"|Spain|Portugal|Netherlands|Belgium|Austria|Poland|Sweden|Denmark|Finland|Czech\s+Republic"
    r"|Romania|Greece|Hungary|Luxembourg)\b)(?!-)")
_READERS = r"(?i:users?|residents?|customers?|consumers?|readers?|members?|visitors?|individuals|people|persons)"
_REGION_AS_AUDIENCE = re.compile(
    r"(?i:if\s+you\s+(?:live|reside|are\s+(?:located|based|resident|a\s+resident))|"
    + _READERS + r"(?:\s+(?:who\s+(?:live|reside|are\s+located)|located|based|resident|living))?)"
    r"\s+(?i:in|of|from|outside)\s+(?i:the\s+)?(" + _REGION + r")"
    r"|(?i:\bfor)\s+(?i:the\s+)?(" + _REGION + r")"
    r"|(" + _REGION + r")(?:\s+\w+)?\s+" + _READERS + r"\b"
    r"|^#+[^\n]*?(" + _REGION + r")", re.MULTILINE)
_REGION_PARAMETER = re.compile(r"[?&;](?:gl|ldr|region|country|cc)=([A-Za-z]{2,3})\b")


# The edition check asks for the regions of the same few whole versions again at each new
# version of a page that keeps swapping editions (~90 ms a 130 kB text): kept by text, as the
# vocabularies it compares are (`diff.suspect.visible_vocabulary`).
@lru_cache(maxsize=2 * EDITION_LOOKBACK)
def _regions_named(text: str) -> frozenset[str]:
    """The regions, countries and jurisdictions ``text`` names as its readers' place, and those
    its links ask for.

    >>> sorted(_regions_named("If you live in the European Economic Area or the UK, see [terms](/t?gl=FR)."))
    ['european economic area', 'link:fr']
    >>> sorted(_regions_named("Contact US. Disputes go to arbitration in Delaware."))
    []
    >>> sorted(_regions_named("We may transfer your data to servers in China."))
    []
    >>> sorted(_regions_named("## Terms of Service (UK)"))
    ['uk']
    """
    named = {" ".join(next(g for g in m.groups() if g).split()).casefold()
             for m in _REGION_AS_AUDIENCE.finditer(text)}
    return frozenset(named | {"link:" + m.group(1).casefold() for m in _REGION_PARAMETER.finditer(text)})


def another_audience(one: str, other: str) -> bool:
    """Whether one text names a region, country or jurisdiction the other does not (or asks
    for one in its links): positive evidence that they are editions for two audiences, not a
    version and its withdrawn successor (a worse version taken back after a backlash names no
    new audience; its return is a change, and so was its coming).

    >>> another_audience("Terms. Courts of your country.", "Terms for the EEA. Courts of your country.")
    True
    >>> another_audience("Terms.", "Terms. We may sell your data; arbitration in Delaware.")
    False
    """
    return _regions_named(one) != _regions_named(other)


def edition_returned_to(history: list[dict], trusted: list[bool], base: int, position: int,
                        text: Callable[[int], str]) -> int | None:
    """The index of the trusted version A whose edition ``history[position]`` (A') brings back
    nearly whole (`SAME_EDITION_SIMILARITY`) after another edition altogether stood in between,
    however long (every trusted version between them shares at most
    `OTHER_EDITION_ANY_TIME_MAX_SIMILARITY` of A's vocabulary and differs from it by
    `OTHER_EDITION_MIN_WORDS`, and names as its readers' place a region, country or jurisdiction A
    does not, or the other way round: `another_audience`): a page that serves one region's edition, then another's
    (edited meanwhile or not), then the first again, as the archive's visits fall. Without such
    a name the text in between may be a worse version withdrawn after a backlash: two changes. What stood in between
    was never the terms in force for A's readers; A' is compared with A. None when the change
    from ``history[base]`` swaps no edition, or the page comes back to none of the last
    `EDITION_LOOKBACK` trusted versions. ``text`` gives a version's text by its index.

    >>> a = " ".join(f"clause{i}" for i in range(200))
    >>> b = " ".join(f"clause{i}" for i in range(40, 240))
    >>> edition_returned_to([{}] * 3, [True] * 3, 1, 2, [a, b + " Terms for the EEA.", a + " thanks"].__getitem__)
    0
    >>> edition_returned_to([{}] * 3, [True] * 3, 1, 2, [a, b, a + " thanks"].__getitem__) is None
    True
    >>> edition_returned_to([{}] * 3, [True] * 3, 1, 2, [a, a + " more", a].__getitem__) is None
    True
    """
    from .diff.suspect import visible_vocabulary

    def vocabulary(i: int) -> set:
        return visible_vocabulary(text(i), 60_000)

    after, between = vocabulary(position), vocabulary(base)
    if not _other_edition(between, after):
        return None         # (most changes: an edit, not another edition)
    looked = 0
    for k in range(base - 1, -1, -1):
        if not trusted[k]:
            continue
        looked += 1
        if looked > EDITION_LOOKBACK:
            return None
        before = vocabulary(k)
        if _comes_back_to(after, before, between):
            stood = [j for j in range(k + 1, position) if trusted[j]]
            if not all(_other_edition(vocabulary(j), before) for j in stood):
                return None
            # only another audience's edition, by what it names, was never in force for A's
            # readers: without that it may be a worse version withdrawn (a backlash), two changes
            audience = _regions_named(text(k))
            return k if all(_regions_named(text(j)) != audience for j in stood) else None
    return None


def returns_near(texts: tuple[str, str, str], lasted_seconds: float, window_seconds: float,
                 same_edition: float = SAME_EDITION_SIMILARITY) -> bool:
    """Whether a document went A -> B -> A' with A' nearly A, B short-lived and another
    edition (a twentieth of its vocabulary or more not A's; ``texts`` are A, B, A'): a
    regional edition, a preview of coming terms or an older copy served for hours or days,
    then the edition in force again. B was never in force, whatever its words;
    A' is compared with A, not with B.

    >>> a = " ".join(f"clause{i}" for i in range(200))
    >>> b = " ".join(f"clause{i}" for i in range(20, 220))
    >>> returns_near((a, b, a + " thanks"), 3600, 7 * 86400), returns_near((a, b, a + " thanks"), 30 * 86400, 7 * 86400)
    (True, False)
    """
    if lasted_seconds >= window_seconds:
        return False
    from .diff.suspect import visible_vocabulary

    before, between, after = (visible_vocabulary(t, 60_000) for t in texts)
    return _comes_back_to(after, before, between, same_edition) \
        and _jaccard(between, before) <= OTHER_EDITION_MAX_SIMILARITY


def mark_reverted(store: Store, version_ids: list[int]) -> list[int]:
    """The changes that led to ``version_ids`` are not substantive (reason ``reverted``); their
    assessments go, so the classify stage judges them again as the cosmetic changes they are.
    Returns the versions whose change was substantive until now."""
    return store.mark_changes_not_substantive(version_ids, REVERTED)


def settle_suspects(store: Store, document_id: int | None = None, reverted: list[int] | None = None) -> int:
    """Confirm or refute suspect changes once later captures tell.

    Refuted: the next version went back to the text before the suspect one. Confirmed: a
    later capture found the same text again (the document's last outcome is "unchanged" after
    the suspect version), or the suspect version stood for a day before the next one, or, for
    a capture that lost most of the document (a truncation), only when content confirms it:
    the next version builds on the shorter text rather than restoring the longer one. Time
    alone never confirms a truncation. A capture in a language the classifier reads, in place
    of one it does not, is confirmed when the document is still in that language a week later
    (`_settle_language`). A capture that is not the document at all is never confirmed (its
    status is ``not_document``, not ``pending``). A refuted capture was never in force: its change is no longer substantive (``reverted``; the versions whose change was
    substantive until then are added to ``reverted``).
    """
    from .diff.model import SUSPECT_MASS_DELETION

    settled = 0
    pending = store.pending_suspects(document_id)
    for change in pending:
        after = store.next_version(change["document_id"], change["recorded_at"], change["to_version_id"])
        reasons = json.loads(change["reasons"])
        truncation = SUSPECT_MASS_DELETION in reasons
        status = None
        if SUSPECT_OTHER_LANGUAGE in reasons:
            status = _settle_language(store, change, after)
        elif after:
            if after["sha256"] == change["before_sha"]:
                status = "refuted"
            elif truncation:
                status = _settle_by_content(store, change, after)
            elif (parse_iso(after["recorded_at"]) - parse_iso(change["recorded_at"])).total_seconds() \
                    >= SUSPECT_CONFIRMED_AFTER_SECONDS:
                status = "confirmed"
        elif change["last_outcome"] == "unchanged" and (change["last_captured_at"] or "") > change["recorded_at"]:
            status = "confirmed"
        if status:
            store.set_suspect_status(change["id"], status)
            if status == "refuted":
                # the capture was never the terms in force: the change to it is a blip, not a
                # change for better or worse (its assessments go, like a reverted text's)
                marked = store.mark_changes_not_substantive([change["to_version_id"]], REVERTED)
                if reverted is not None:
                    reverted.extend(marked)
            log.info("suspect change %d %s", change["id"], status)
            settled += 1
    return settled


def language_settled_seconds() -> float:
    from .score import load_params

    return float(load_params().get("history", {}).get("language_settled_days", 7)) * 86400


def _settle_language(store: Store, change: dict, following: dict | None) -> str | None:
    """A capture in another language than the document's history is refuted when the document
    goes back to its language, and confirmed when the document was still served in the new
    language ``language_settled_days`` later (a later version in it, or a capture that found
    the text unchanged); pending until one or the other."""
    from .language import document_language

    since = parse_iso(change["recorded_at"])
    window = language_settled_seconds()
    language = document_language(store.version(change["to_version_id"])["text"])
    while following is not None:
        seen = document_language(store.version(following["id"])["text"])
        # (a capture too short to tell, an error page, says nothing of the language)
        if seen is not None and seen != language:
            return "refuted"
        if seen is not None and (parse_iso(following["recorded_at"]) - since).total_seconds() >= window:
            return "confirmed"
        following = store.next_version(change["document_id"], following["recorded_at"], following["id"])
    last_seen = change["last_captured_at"] if change["last_outcome"] == "unchanged" else None
    if last_seen and (parse_iso(last_seen) - since).total_seconds() >= window:
        return "confirmed"
    return None


def _settle_by_content(store: Store, change: dict, following: dict) -> str | None:
    """A truncated capture is confirmed when the next version resembles it more than the
    fuller text before it (the document really got shorter), refuted otherwise. A later
    capture cut at the same place (the same last paragraph, the fuller text's ending still
    missing), or cut short anywhere else (`cut_again`), is the same capture problem again: it
    neither confirms nor refutes, and the capture after it decides (None, still pending, while
    there is none).

    A shorter *edition* is no cut (`shorter_edition`): the next version decides at once, by
    resemblance, and the same text seen again confirms it."""
    from .diff.suspect import broken_capture

    before_text = store.version(change["from_version_id"])["text"]
    short_text = store.version(change["to_version_id"])["text"]
    if shorter_edition(before_text, short_text):
        return _by_resemblance(before_text, short_text, store.version(following["id"])["text"])
    broken = None
    while following is not None:
        following_text = store.version(following["id"])["text"]
        if _same_capture(following_text, short_text):
            if broken is None:
                broken = broken_capture(before_text, short_text)
            if broken:
                # a transfer cut short stops wherever it stopped, a different place each time:
                # the very text again, broken off at the same letter, is the page as it now is
                return "confirmed"
        if not (cut_at_the_same_place(before_text, short_text, following_text)
                or cut_again(before_text, following_text)):
            break
        following = store.next_version(change["document_id"], following["recorded_at"], following["id"])
    if following is None:
        return None
    return _by_resemblance(before_text, short_text, following_text)


def _by_resemblance(before_text: str, short_text: str, following_text: str) -> str:
    """Confirmed when the capture after a far shorter one resembles it more than the fuller
    text before it, refuted otherwise (whole texts: a cut leaves the opening as it was, so the
    opening alone cannot tell)."""
    from .diff.suspect import visible_vocabulary

    before, short, after = (visible_vocabulary(t) for t in (before_text, short_text, following_text))
    return "confirmed" if _jaccard(after, short) > _jaccard(after, before) else "refuted"


# An edition of its own uses at least this share of words the fuller text did not (the shorter
# editions of the contrib history: 18-34 %), unless it dates itself anew.
EDITION_NEW_VOCABULARY = 0.05


def shorter_edition(before: str, short: str) -> bool:
    """Whether ``short``, far shorter than ``before``, is an edition of its own rather than a
    piece of it: a page of legal length that ends where a sentence ends and says what
    ``before`` did not, or dates itself anew (`suspect.cut_short`). PayPal's terms of 2025
    (177,480 -> 39,489 characters, re-dated) and Yahoo's of 2020 (76,180 -> 27,690) were
    re-published shorter and captured so for years; a capture that keeps the same cut is a
    piece of the fuller text, and a short notice in place of the document ("The Chrome
    Privacy Notice is no longer available", 591 characters) is no page of legal length.

    >>> full = "Last updated: January 5, 2024\\n\\n" + "\\n\\n".join(f"Clause {i}: we keep your data for {i} days." for i in range(400))
    >>> shorter_edition(full, full[:len(full) // 3].rsplit("\\n\\n", 1)[0])
    False
    >>> shorter_edition(full, full[:len(full) // 3].rsplit("\\n\\n", 1)[0].replace("January 5", "May 5"))
    True
    """
    from .diff.edition import dates_stated, stated_date
    from .diff.not_document import SMALL_PAGE_WORDS
    from .diff.suspect import broken_capture, cut_short, has_visible_words, visible_vocabulary

    if not has_visible_words(short, 3 * SMALL_PAGE_WORDS) or broken_capture(before, short) or cut_short(before, short):
        return False
    # one document's section of a page that carried several (Webs' "Terms & Policies", 2020), in
    # its words and dated as it was there, is a piece of that page
    # (a few words of page furniture, "Skip to main content", do not make a cut an edition)
    vocabulary = visible_vocabulary(short)
    date = stated_date(short)
    return (date is not None and date not in dates_stated(before)) \
        or len(vocabulary - visible_vocabulary(before)) >= EDITION_NEW_VOCABULARY * len(vocabulary)


def cut_again(before: str, later: str) -> bool:
    """Whether ``later`` is itself a capture cut short of the fuller text ``before`` (it stops
    in the middle of one of its paragraphs and says nothing ``before`` did not): a page whose
    captures break off at a different place each time neither confirms nor refutes a cut."""
    from .diff.suspect import broken_capture

    return broken_capture(before, later)


def _same_capture(one: str, other: str) -> bool:
    """The same text, whatever its spacing (a capture's trailing newline or a doubled space)."""
    return one.split() == other.split()


def last_paragraph(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return paragraphs[-1] if paragraphs else ""


def cut_at_the_same_place(before: str, short: str, later: str) -> bool:
    """Whether ``later`` breaks off where the truncated ``short`` did: the same last paragraph,
    the ending of the fuller text ``before`` still missing, and ``later`` nearer the short
    capture's length than the fuller text's (a capture that lost its middle and the page's
    trimmings ends like the document: what was cut coming back is no cut seen again).

    >>> full = "\\n\\n".join(f"Paragraph {i}." for i in range(10))
    >>> cut = "\\n\\n".join(f"Paragraph {i}." for i in range(4))
    >>> cut_at_the_same_place(full, cut, cut.replace("Paragraph 1.", "Paragraph one.")), cut_at_the_same_place(full, cut, cut + " More.")
    (True, False)
    """
    ending = last_paragraph(before)
    return (last_paragraph(later) == last_paragraph(short) != ending and ending not in later
            and len(later) < (len(short) + len(before)) / 2)
