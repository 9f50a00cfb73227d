"""Which rights a clause gives the user, by kind: what tells a list of rights that grew ("you
may access or delete your data" → "... access, delete or export your data") from one reworded.

`assess._compare` reads a `user_rights` protection on both sides of a hunk as no change unless
the kinds of right differ: a kind only the new side names is a right given, a kind only the
old side names is a right taken back (each then checked against the whole other text, as any
added or removed protection is).

>>> sorted(right_kinds(["You have the right to object to the processing or export your information."]))
['export', 'object']
"""

from __future__ import annotations

import re

# One kind of right per entry, by the words a protection's evidence uses for it.
RIGHT_KINDS: dict[str, re.Pattern] = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in {
    "access": r"\baccess\b|\bto know\b|\brequest information\b|\bobtain a copy\b|\breceive a copy\b",
    "correct": r"\b(?:correct\w*|rectif\w+|updat\w+)\b",
    "delete": r"\b(?:delet\w+|eras\w+|be forgotten|close your account|deactivate your account)\b",
    "export": r"\b(?:export\w*|port\w*|download\w*|transmit)\b",
    "object": r"\bobject\w*\b|\bstop process\w*\b|\bask us to stop\b",
    "restrict": r"\b(?:restrict\w*|limit\w*)\b",
    "opt_out": r"\bopt[- ]?out\b|\bunsubscribe\b",
    "withdraw_consent": r"\bwithdraw\w*\b",
    "appeal": r"\bappeal\w*\b",
    "complain": r"\b(?:complain\w*|complaint)\b|\bdata protection authorit\w+|\bsupervisory authorit\w+|\bpanel\b",
    "for_everyone": r"\brights to (?:all|every|any)\b",
}.items()}


def right_kinds(clauses: list[str]) -> frozenset[str]:
    """The kinds of right named in clauses that state a `user_rights` protection (the whole
    clause: a rule's evidence is its first right only, "the right to access, delete and export")."""
    return frozenset(kind for kind, pattern in RIGHT_KINDS.items() if any(pattern.search(text) for text in clauses))


def document_right_kinds(results) -> frozenset[str]:
    """The kinds of right a whole version gives (``results``: its clauses, classified): a right
    given in one hunk is no gain while the old text already gave it elsewhere, and one dropped
    no loss while the new text still does."""
    from .reading import states_protection

    return right_kinds([r.text for r in results if states_protection(r, "user_rights")])
