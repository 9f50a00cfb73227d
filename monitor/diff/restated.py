"""Clauses restated without a change of terms (issue 13: false alarms on cosmetic edits).

Rules a consumer lawyer states in a sentence, each asked by the engine (`engine.py`) of a
clause pair or of a clause added or removed:

``reorder``     the same words in another order, where what moved is a phrase opening with
                a preposition ("sending to someone else messages" -> "sending messages ... to
                someone else") or an adverb ("immediately"): who does what to whom is kept.
                Never when the moved words hold a negation, a modal verb or a quantifier,
                and never two parties swapped ("A shares with B" -> "B shares with A").
``notice``      an added or removed notice of patents or trademarks ("One or more
                patents owned by X apply to the services"), or a changed count of the
                service's users ("more than 200 million users" -> "400 million users"): it
                binds the user to nothing.
``rename``      a sentence added or removed that only says a company or product has a new
                name ("Facebook Ireland Limited has changed its name to Meta Platforms
                Ireland Limited", "The Facebook company is now Meta").
``spelling``    a number written another way ("thirty (30) days" -> "30 days").
``spelling``    providing the service said or no longer said beside another purpose that
                stays ("help us provide and improve our Products" -> "help us and improve
                our Products"); never "provide" of data ("we do not provide or sell your data").
``notice``      a sentence saying what a service, feature or plan lets the user do ("the
                ability to", "the option to"), reworded with only articles, linking
                prepositions, "optional"/"request", or other forms of its own words ("the
                ability to convert …" -> "the optional ability to request the conversion of
                …"): the same product described; any other changed word is substantive.
``navigation``  a quotation inserted into a clause (or taken out) of words the document says
                elsewhere: a label pointing at its own wording ('Example "device
                identifiers"For example, ...').

>>> reorder_reason("we send to someone else messages meant for you", "we send messages meant for you to someone else")
'reorder'
>>> reorder_reason("Alice shares data with Bob.", "Bob shares data with Alice.") is None
True
>>> is_rename_notice("_Facebook Ireland Limited has changed its name to Meta Platforms Ireland Limited."), is_rename_notice("The Facebook company is now Meta.")
(True, True)
>>> is_rename_notice("Our Partners are now called Affiliates."), is_rename_notice("Acme is now the only owner of your data.")
(False, False)
>>> feature_description_reason("Premium Services include the ability to convert any voice message to text.",
...     "Premium Services include the optional ability to request the conversion of any voice message to text.")
'notice'
>>> feature_description_reason("Premium Services include the ability to convert any voice message to text.",
...     "Premium Services include the ability to store any voice message you convert to text.") is None
True
>>> is_ownership_notice("Portions of the services operate under license of one or more patents.")
True
>>> is_ownership_notice("You may not use our trademarks without our consent.")
False
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from .clause_words import _ROLE, _TERM_WORDS, _plain, _words, is_list_item
from .model import NOTICE, RENAME, REORDER, SPELLING

# Words that open a phrase which keeps its role wherever it stands in the sentence.
_PREPOSITIONS = frozenset("to from with for in on at by about under within without after before during "
                          "through via into onto across against among between".split())
_ARTICLES = frozenset("a an the".split())


def reorder_reason(old: str, new: str, canonical=lambda words: words,
                   grammar: frozenset[str] = frozenset()) -> str | None:
    """``reorder`` when ``new`` says ``old``'s words in another order, one phrase moved whole.

    ``canonical`` writes synonyms one way, ``grammar`` are words whose presence is grammar
    (both from `editorial`): "reach out immediately to X" -> "contact X immediately".
    """
    old_words = [w for w in canonical(_words(_plain(old))) if w not in grammar]
    new_words = [w for w in canonical(_words(_plain(new))) if w not in grammar]
    if old_words == new_words or Counter(old_words) != Counter(new_words):
        return None
    # trim the common head and tail: what is left must be two blocks swapped (X Y -> Y X)
    head = 0
    while old_words[head] == new_words[head]:
        head += 1
    tail = 0
    while old_words[-1 - tail] == new_words[-1 - tail]:
        tail += 1
    old_mid, new_mid = old_words[head:len(old_words) - tail], new_words[head:len(new_words) - tail]
    if _TERM_WORDS & set(old_mid):
        return None                       # a negation, modal or quantifier moved: read it
    # the grammar words were dropped above; the prepositions that open a moved phrase are
    # read from the words with them
    source = canonical(_words(_plain(old)))
    for cut in range(1, len(old_mid)):
        first, second = old_mid[:cut], old_mid[cut:]
        if second + first == new_mid and (_movable(first, source) or _movable(second, source)):
            return REORDER
    return None


def _movable(block: list[str], source: list[str]) -> bool:
    """A phrase that keeps its role wherever it stands: an adverb ("immediately"), or words
    after a preposition ("to a stranger", "with your consent")."""
    if len(block) == 1 and block[0].endswith("ly") and len(block[0]) > 4:
        return True
    if len(block) >= 2 and block[0] in _PREPOSITIONS:
        return True
    for i in range(len(source) - len(block) + 1):
        if source[i:i + len(block)] == block:
            k = i - 1
            while k >= 0 and source[k] in _ARTICLES:
                k -= 1
            return k >= 0 and source[k] in _PREPOSITIONS
    return False


_OWNERSHIP = re.compile(r"\b(?:patents?|patented|trademarks?|trade marks?|registered marks?|all rights reserved)\b",
                        re.IGNORECASE)
_MAX_NOTICE_WORDS = 40


def is_ownership_notice(text: str) -> bool:
    """A notice of patents or trademarks that addresses no one: not a list item (an item of
    what a complaint must contain is a term), no "you", no word that carries a term ("may",
    "not", "only"...), read in the words shown (a link target is no notice)."""
    if not _OWNERSHIP.search(text):
        return False                      # the usual case, told cheaply
    plain = _plain(text)
    words = _words(plain)
    return bool(words) and len(words) <= _MAX_NOTICE_WORDS and bool(_OWNERSHIP.search(plain)) \
        and not is_list_item(text) and not ({"you", "your", "yours", "user", "users"} | _TERM_WORDS) & set(words)


# "Facebook Ireland Limited has changed its name to Meta Platforms Ireland Limited", "The
# Facebook company is now Meta": a notice that a company or product was renamed.
_RENAME_NOTICE = re.compile(
    r"^\W*(?:the\s+)?(?P<old>[A-Z][\w.&’'-]*(?:\s+[\w.&’'-]+){0,5}?)\s+(?:has\s+(?:changed|updated)\s+its\s+name\s+to"
    r"|changed\s+its\s+name\s+to|has\s+been\s+renamed(?:\s+to)?|is\s+now(?:\s+(?:called|known\s+as|named))?)"
    r"\s+(?P<new>[A-Z][\w.&’'-]*(?:\s+[\w.&’'-]+){0,5}?)\W*$")


_RENAME_VERB = re.compile(r"\b(?:name|renamed|now)\b")
_MAX_RENAME_NOTICE_CHARS = 300


def is_rename_notice(text: str) -> bool:
    """A sentence that only says a company or product has a new name: no term in it, and not
    a role or recipient renamed ("Our partners are now called affiliates")."""
    if len(text) > _MAX_RENAME_NOTICE_CHARS or not _RENAME_VERB.search(text):
        return False                      # the usual case, told cheaply
    plain = _plain(text).strip().strip("_*")
    said = _RENAME_NOTICE.match(plain)
    return bool(said) and not _TERM_WORDS & set(_words(plain)) \
        and not _ROLE.search(said.group("old")) and not _ROLE.search(said.group("new"))


def rename_notice_edit_reason(old: str, new: str) -> str | None:
    """``rename`` when a notice of a new name is reworded into another one."""
    return RENAME if is_rename_notice(old) and is_rename_notice(new) else None


_USER_COUNT = re.compile(r"^\d[\d,.]*$|^(?:hundreds?|thousands?|millions?|billions?)$")
_COUNTED = re.compile(r"\b(?:million|billion|thousand)\s+(?:monthly\s+|daily\s+|active\s+)*"
                      r"(?:users|people|members|customers|accounts|subscribers|creators)\b", re.IGNORECASE)


def user_count_reason(old: str, new: str) -> str | None:
    """``notice`` when the only words that differ are the number of the service's users
    ("more than 200 million users" -> "more than 400 million users") in a clause with no word
    that carries a term: a statistic."""
    if not (_COUNTED.search(_plain(old)) and _COUNTED.search(_plain(new))):
        return None
    old_words, new_words = _words(_plain(old)), _words(_plain(new))
    if len(old_words) != len(new_words) or _TERM_WORDS & set(old_words + new_words):
        return None                       # "apps with over 5 million users must ..." is a term
    changed = [(a, b) for a, b in zip(old_words, new_words) if a != b]
    if changed and all(_USER_COUNT.match(a) and _USER_COUNT.match(b) for a, b in changed):
        return NOTICE
    return None


_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(), 0)
         if w != "_"}


def _numbers_as_digits(words: list[str]) -> list[str]:
    """Number words written as digits ("thirty" -> "30", "twenty five" -> "25"), and a number
    restated in digits right after it ("thirty (30)") said once."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            if i + 1 < len(words) and words[i + 1] in _UNITS and 0 < _UNITS[words[i + 1]] < 10:
                value += _UNITS[words[i + 1]]
                i += 1
            word = str(value)
        elif word in _UNITS:
            word = str(_UNITS[word])
        if not (out and word.isdigit() and out[-1] == word):
            out.append(word)
        i += 1
    return out


def number_form_reason(old: str, new: str) -> str | None:
    """``spelling`` when the only difference is a number written another way ("thirty (30)
    days" -> "30 days", "ONE (1) YEAR" -> "one year"): the same number, the same term."""
    old_words, new_words = _words(_plain(old)), _words(_plain(new))
    if old_words != new_words and _numbers_as_digits(old_words) == _numbers_as_digits(new_words):
        return SPELLING
    return None


_QUOTATION = re.compile(r"[\"“”]([^\"“”]{3,200})[\"“”]")


def quoted_words(old: str, new: str) -> list[str] | None:
    """The quotations whose insertion (or removal) is the only difference between two clauses,
    or None: 'Example' -> 'Example "device identifiers"'."""
    longer, shorter = (new, old) if len(new) > len(old) else (old, new)
    quotes = set(_QUOTATION.findall(longer)) - set(_QUOTATION.findall(shorter))
    if not quotes:
        return None
    stripped = _QUOTATION.sub(lambda m: " " if m.group(1) in quotes else m.group(0), _plain(longer))
    # compared without spaces: a capture glues a label to the next word ("ExampleFor example")
    if "".join(_words(stripped)) != "".join(_words(_plain(shorter))):
        return None
    return sorted(quotes)


def said_besides_quotes(phrase: str, text: str) -> bool:
    """Whether ``text`` (lower case) says ``phrase`` somewhere it does not quote it."""
    phrase = phrase.lower().strip()
    quoted = sum(text.count(q + phrase + e) for q, e in (('"', '"'), ("“", "”")))
    return text.count(phrase) > quoted


# What a service, a feature or a plan lets the user do: the product described ("Premium
# Services include the ability to ...", "The Basic plan offers the option to ...").
_FEATURE_LIST = re.compile(r"^\W*(?:[\w’'-]+\s+){0,3}?(?:services?|features?|subscriptions?|plans?|memberships?)"
                           r"\s+(?:include|includes|offer|offers|give|gives)\s+(?:you\s+)?(?:the\s+|an?\s+)?"
                           r"(?:[\w-]+\s+)?(?:ability|option|possibility|choice)\s+to\b", re.IGNORECASE)
# The only words a feature description may gain or lose and stay the same offer: articles, the
# prepositions that only link a noun ("the conversion of"), and softeners that say the feature
# is used when wanted. Not "in"/"out"/"on"/"off"/"within": they change what the feature does
# ("opt in" / "opt out"). Any other word added or taken out changes the offer.
_FEATURE_FILLERS = frozenset("a an the of to for optional optionally request requests".split())
# Endings of one word's other forms ("convert" -> "conversion", "translate" -> "translation").
_INFLECTIONS = ("s", "es", "d", "ed", "ing", "ion", "ions", "sion", "tion", "ation", "ment", "ments")
_MAX_FEATURE_WORDS = 60


def _other_form(word: str, of: str) -> bool:
    """Whether ``word`` is another form of ``of`` (or ``of`` of ``word``): the shorter one, less
    at most two final letters, followed by a usual ending ("convert" / "conversion")."""
    short, long = sorted((word, of), key=len)
    return len(short) >= 4 and any(long.startswith(short[:len(short) - cut]) and long[len(short) - cut:] in _INFLECTIONS
                                   for cut in (0, 1, 2))


def feature_description_reason(old: str, new: str) -> str | None:
    """``notice`` when a sentence saying what a service, feature or plan lets the user do (its
    "ability" or "option to") is reworded with only articles, linking prepositions, "optional"
    or "request", or another form of a word the sentence already had: it describes the same
    product, and binds no one. Any other changed word ("opt out" -> "see", "online" -> "by
    calling us", "fourteen" -> "seven") keeps the change substantive."""
    old_plain, new_plain = _plain(old), _plain(new)
    if not (_FEATURE_LIST.match(old_plain) and _FEATURE_LIST.match(new_plain)):
        return None                       # the usual case, told cheaply
    old_words, new_words = Counter(_words(old_plain)), Counter(_words(new_plain))
    if max(sum(old_words.values()), sum(new_words.values())) > _MAX_FEATURE_WORDS:
        return None
    removed, added = set(old_words - new_words), set(new_words - old_words)
    if not removed | added:
        return None
    for word, other_side in [(w, set(new_words)) for w in removed] + [(w, set(old_words)) for w in added]:
        if word not in _FEATURE_FILLERS and not any(_other_form(word, other) for other in other_side):
            return None
    return NOTICE


# Verbs that name providing the service itself: saying (or no longer saying) that data or
# partners serve to provide the service, beside another purpose that stays, changes no term.
_SERVICE_VERBS = frozenset("provide operate deliver offer".split())
# What those verbs must act on to mean the service, not a handing over of data ("we do not
# provide or sell your data" is a promise about the data).
_SERVICE_NOUNS = re.compile(r"^(?:products?|services?|platforms?|features?|apps?|applications?|sites?|websites?)$")
_COORDINATORS = frozenset(("and", "or"))
_OBJECT_REACH = 3                          # "provide and improve [our] [Meta] Products"


def _serves_the_service(words: list[str], at: int) -> bool:
    """Whether the verb at ``words[at]`` is one of two coordinated verbs ("provide and
    improve", "improve or provide") whose object, a few words on, is the service."""
    if words[at] not in _SERVICE_VERBS:
        return False
    if at + 2 < len(words) and words[at + 1] in _COORDINATORS:
        after = at + 3                     # provide and improve ·our Products
    elif at >= 2 and words[at - 1] in _COORDINATORS:
        after = at + 1                     # improve and provide ·our Products
    else:
        return False
    return any(_SERVICE_NOUNS.match(w) for w in words[after:after + _OBJECT_REACH])


# The longest stretch of differing words `service_provision_reason` compares (its edits are a
# verb and a coordinator or two).
_LONGEST_EDIT_WORDS = 200


def service_provision_reason(old: str, new: str, canonical=lambda words: words,
                             grammar: frozenset[str] = frozenset()) -> str | None:
    """``spelling`` when the only changed words, besides grammar words, are one verb of
    providing the service ("provide", "operate", "deliver", "offer") said or no longer said
    beside another verb that stays, with the service as object ("partners who help us provide
    and improve our Products" -> "... help us and improve our Products"): providing the
    service the user signed up for is a purpose of every contract, stated or not. A verb with
    another object ("provide or sell your data"), or any other word changed, stays wording."""
    old_words, new_words = canonical(_words(_plain(old))), canonical(_words(_plain(new)))
    if old_words == new_words:
        return None
    # Only the stretch between the common start and end can differ; the edits accepted here are
    # a few words of one clause, so a long differing stretch is no such edit (and matching it
    # word by word would take quadratic time on hostile text).
    same_start = next((k for k, (a, b) in enumerate(zip(old_words, new_words)) if a != b),
                      min(len(old_words), len(new_words)))
    same_end = next((k for k, (a, b) in enumerate(zip(reversed(old_words[same_start:]), reversed(new_words[same_start:])))
                     if a != b), min(len(old_words), len(new_words)) - same_start)
    old_middle = old_words[same_start:len(old_words) - same_end]
    new_middle = new_words[same_start:len(new_words) - same_end]
    if len(old_middle) > _LONGEST_EDIT_WORDS or len(new_middle) > _LONGEST_EDIT_WORDS:
        return None
    dropped_verbs = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_middle, new_middle, autojunk=False).get_opcodes():
        i1, i2, j1, j2 = i1 + same_start, i2 + same_start, j1 + same_start, j2 + same_start
        if tag == "equal":
            continue
        if tag == "replace" and all(w in grammar for w in old_words[i1:i2] + new_words[j1:j2]):
            continue
        longer, start, end = (old_words, i1, i2) if tag == "delete" else (new_words, j1, j2)
        if tag == "replace" or not all(w in grammar or w in _COORDINATORS or w in _SERVICE_VERBS
                                       for w in longer[start:end]):
            return None
        verbs = [k for k in range(start, end) if longer[k] in _SERVICE_VERBS]
        if not verbs and all(w in grammar for w in longer[start:end]):
            continue                       # grammar words only ("the information that we have")
        if len(verbs) != 1 or not _serves_the_service(longer, verbs[0]):
            return None
        dropped_verbs += 1
    return SPELLING if dropped_verbs == 1 else None
