"""The change record: what changed between two versions of a document, and whether it matters.

A `Change` holds one `Hunk` per changed clause. Both are plain dataclasses that round-trip
through JSON (`to_json` / `from_json`) so the store can keep them and the export can show them.

>>> h = Hunk("added", "Sharing", "", "We sell your data.", [], True, "added", None, 4)
>>> c = Change([h], substantive=True, suspect=False, reasons=["added"], stats={})
>>> Change.from_json(c.to_json()) == c
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Hunk kinds.
ADDED, REMOVED, MODIFIED, MOVED = "added", "removed", "modified", "moved"

# Why a hunk is substantive.
WORDING = "wording"  # the words of a clause changed (modified, or moved and edited)

# Why a hunk (or a change) is cosmetic. Stable strings: the export and the site show them.
WHITESPACE = "whitespace"
MARKUP = "markup"
LINK = "link"
TYPOGRAPHY = "typography"
NUMBERING = "numbering"
DATE = "date"
PUNCTUATION = "punctuation"
REORDER = "reorder"
FLAPPING = "flapping"
# Words changed, terms did not (`monitor.diff.editorial`).
NAVIGATION = "navigation"
SPELLING = "spelling"
RENAME = "rename"
CONTACT = "contact"      # a postal address line rewritten
REPEATED = "repeated"    # a copy of a clause the other text still says word for word
NOTICE = "notice"        # a notice binding no one: patents, trademarks, a count of users
TRANSLATION = "translation"  # a passage in another language than the document's: a copy for other readers
CUT_LIST = "cut_list"    # list items a capture dropped (it left an introduction with no items)
UNFOLDED = "unfolded"    # sections earlier captures left folded, caught in full under the same date
COSMETIC_REASONS = frozenset(
    {WHITESPACE, MARKUP, LINK, TYPOGRAPHY, NUMBERING, DATE, PUNCTUATION, REORDER, FLAPPING,
     NAVIGATION, SPELLING, RENAME, CONTACT, REPEATED, NOTICE, TRANSLATION, CUT_LIST, UNFOLDED})

# Why a change is suspect (kept out of alerts and scores until a later capture confirms it).
SUSPECT_MASS_DELETION = "suspect_mass_deletion"
SUSPECT_UNRELATED = "suspect_unrelated"
SUSPECT_ERROR_PAGE = "suspect_error_page"

# A word-level operation, as diff-match-patch spells them.
DELETE, EQUAL, INSERT = -1, 0, 1


@dataclass
class Hunk:
    """One changed clause.

    ``ops`` are word-level ``(op, text)`` pairs for modified and moved clauses: joining the
    texts of ops ``0`` and ``-1`` gives ``old``, of ops ``0`` and ``1`` gives ``new``.
    """

    kind: str                # "added" | "removed" | "modified" | "moved"
    section: str             # heading path, e.g. "3. Your content > Licence" ("" if none)
    old: str                 # old clause text ("" when added)
    new: str                 # new clause text ("" when removed)
    ops: list = field(default_factory=list)
    substantive: bool = True
    reason: str = ""         # a cosmetic code, or "wording" / "added" / "removed"
    old_index: int | None = None   # clause position in the old version
    new_index: int | None = None   # clause position in the new version

    def to_json(self) -> dict:
        # by hand: dataclasses.asdict deep-copies every word op, which dominated diffing
        return {"kind": self.kind, "section": self.section, "old": self.old, "new": self.new,
                "ops": [[op, text] for op, text in self.ops], "substantive": self.substantive,
                "reason": self.reason, "old_index": self.old_index, "new_index": self.new_index}

    @classmethod
    def from_json(cls, d: dict) -> "Hunk":
        d = dict(d)
        d["ops"] = [(int(op), text) for op, text in d.get("ops") or []]
        return cls(**d)


@dataclass
class Change:
    """Everything that changed between two versions, and the verdict on it."""

    hunks: list[Hunk]
    substantive: bool        # any substantive hunk, and not flapping back to an earlier version
    suspect: bool            # looks like a broken capture (error page, mass deletion, ...)
    reasons: list[str]       # sorted unique codes: hunk reasons, "flapping", suspect codes
    stats: dict = field(default_factory=dict)

    @property
    def cosmetic(self) -> bool:
        return not self.substantive

    def to_json(self) -> dict:
        return {"substantive": self.substantive, "suspect": self.suspect,
                "reasons": list(self.reasons), "stats": dict(self.stats),
                "hunks": [h.to_json() for h in self.hunks]}

    @classmethod
    def from_json(cls, d: dict) -> "Change":
        return cls(hunks=[Hunk.from_json(h) for h in d.get("hunks", [])],
                   substantive=bool(d["substantive"]), suspect=bool(d["suspect"]),
                   reasons=list(d.get("reasons", [])), stats=dict(d.get("stats", {})))
