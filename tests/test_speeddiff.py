"""The diff stage's shortcuts (engineer `speeddiff`) give exactly what the longer way gave."""

import re

from monitor.diff import suspect

# Texts that exercise each error-page alternative, inside words and across case variants
# (including the letters that fold to ASCII only case-blind: ſ, K).
_PIECES = [
    "The page was not found.", "This file could not be found", "notfound", "not  found", "cannot found",
    "Content is no longer available", "linkisn't available", "Error 404", "fehler503", "terror 404x", "a404",
    "1404 items", "We can't find that page", "we cannot find this page", "The PAGE YOU WERE LOOKING for",
    "homepage you are trying", "Page introuvable", "page non trouvée", "Page nicht gefunden",
    "We’re sorry", "we're sorrybut", "ACCESS DENIED", "xaccess denied", "403 Forbidden", "sign in to continue",
    "Log in to view", "login to see", "blog in to access", "Please log in", "pleaselogin", "You must be signed",
    "Connectez-vous", "Enable JavaScript", "activate cookies", "JavaScript is disabled", "Accept all cookies",
    "allow cookies!", "cookie consent", "cookies banner", "Accepter tous les cookies", "reCAPTCHA", "hcaptchas",
    "Are you a robot?", "I am not a robot", "verify that you are a human", "Unusual traffic",
    "Checking your browser", "checking if the site connection is secure", "Just a moment...",
    "Service Unavailable", "temporarily  unavailable", "Something went wrong", "too many requests",
    "Internal Server Error", "Bad Gateway", "ſomething went wrong", "checKing your browser", "Unuſual traffic",
    "We keep your data for as long as needed.", "Our service is available in many countries.",
    "You must agree to these terms.", "Cookies help us run the site; we accept no liability.",
]


def test_the_error_page_pattern_matches_what_each_alternative_with_its_own_boundary_matched():
    # the pattern as it was written before: every alternative at a word's start with its own \b
    before = re.compile("|".join([r"\b" + a for a in suspect._ERROR_PAGE_AT_WORD] + suspect._ERROR_PAGE_ANYWHERE),
                        re.IGNORECASE)
    texts = _PIECES + [f"{a} and then {b}" for a in _PIECES[::7] for b in _PIECES[3::5]]
    texts += [piece.upper() for piece in _PIECES] + [piece.replace(" ", "\n") for piece in _PIECES]
    answers = [bool(suspect._ERROR_PAGE.search(text)) for text in texts]
    assert answers == [bool(before.search(text)) for text in texts]
    assert 0 < sum(answers) < len(answers)


def test_py3langids_dfa_forgets_what_came_before_within_the_context_kept():
    """The paragraph-by-paragraph counts rest on this: every state of the model's DFA is at
    most `_CONTEXT_BYTES` bytes from the start state (its trie's depth)."""
    import numpy as np

    from monitor.language import _CONTEXT_BYTES, _identifier

    identifier = _identifier()
    moves, rows = np.asarray(identifier.tk_nextmove), np.asarray(identifier._rowbase)
    seen = np.zeros(len(rows), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    while frontier.size:
        reached = np.unique(moves[(rows[frontier][:, None] + np.arange(256)).ravel()])
        frontier = reached[~seen[reached]]
        seen[frontier] = True
        depth += bool(frontier.size)
    assert seen.all() and 1 <= depth <= _CONTEXT_BYTES


def test_language_scores_read_by_paragraph_are_py3langids():
    import py3langid

    from monitor.language import _identifier, _paragraph_features

    opening = ("Nous collectons vos données.\n\nWe keep your data for a year.\n\n\n\nA\n\nb\n\n"
               "Wir speichern Ihre Daten für ein Jahr.\n\nÉTÉ\n\n") * 3
    samples = [opening, opening.upper(), opening[:-1], opening.replace("\n\n", "\n"), "\n\n" + opening,
               "x\n\n", "\n\n\n\n", "Ça\n\nva", "We keep your data.", opening[7:300], "Nous collectons vos données."]
    for sample in samples + [s[:n] for s in samples[:2] for n in range(1, 90, 7)]:
        assert _identifier().classify(sample) == py3langid.classify(sample)
    _paragraph_features.cache_clear()
    for sample in reversed(samples):   # another order, another cache: the same answers
        assert _identifier().classify(sample) == py3langid.classify(sample)


def test_hunk_rows_packed_from_the_hunk_are_what_write_hunks_stored_from_the_json():
    from monitor.diff import compare
    from monitor.diff.model import Hunk
    from monitor.store.hunks import hunk_row, packed_ops, stored_hunk_row

    old = "\n\n".join(f"We keep record {i} of yours — “for {i} days”, unless you ask us." for i in range(30))
    new = old.replace("unless you ask us", "even if you ask us").replace("days", "weeks") + "\n\nWe sell data."
    hunks = list(compare(old, new).hunks)
    odd = [   # ops `packed_ops` leaves as JSON, or packs only after reading them back
        Hunk("modified", "A", "We keep it for now.", "We keep it for ever.",
             [(0, "We keep it for "), (-1, "now"), (1, "ever"), (0, ".")], True, "wording", 1, 2),
        Hunk("modified", "A", "We keep it for now.", "We keep it for ever.",
             [(0, "We keep it for "), (-1, "later"), (1, "ever"), (0, ".")], True, "wording", 1, 2),
        Hunk("modified", "A", "We keep it for now.", "We keep it for ever.",
             [[True, "We keep it for "], [-1, "now"], [1, "ever"], [0, "."]], True, "wording", 1, 2),
        Hunk("modified", "A", "We keep it for now.", "We keep it for ever.",
             [(2, "We keep it for "), (-1, "now"), (1, "ever"), (0, ".")], True, "wording", 1, 2),
        Hunk("modified", "A", "We keep it for now.", "We keep it for ever.",
             [(0, "We keep it for ", 3), (-1, "now"), (1, "ever"), (0, ".")], True, "wording", 1, 2),
        Hunk("modified", "A", "We keep it.", "We keep it — always.",
             [(0, "We keep it"), (-1, "."), (1, " — always.")], True, "wording", 1, 2),
        Hunk("modified", "A", "", "We keep it — always and for ever.",
             [(1, "We keep it — always and for ever.")], True, "wording", 1, 2),
    ]
    assert sum(bool(h.ops) for h in hunks) >= 20
    packed = 0
    for position, hunk in enumerate(hunks + odd):
        row = hunk_row(hunk, position)
        stored = (*row[:5], packed_ops(row[5], row[3], row[4]), *row[6:])
        assert stored_hunk_row(hunk, position) == stored
        packed += isinstance(stored[5], bytes)
    assert packed >= 20
