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
from typing import Callable

from ..text import EMAIL_ADDRESS, LINK_TARGET

# One kind of right per entry, by the words a protection's evidence uses for it.
RIGHT_KINDS: dict[str, re.Pattern] = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in {
    "access": r"\baccess\b|\bto know\b|\brequest information\b|\bobtain a copy\b|\breceive a copy\b",
    "correct": r"\b(?:correct\w*|rectif\w+|updat\w+)\b",
    "delete": r"\b(?:delet\w+|eras\w+|be forgotten|close your account|deactivate your account)\b",
    "export": r"\b(?:export\w*|port(?:ab\w*|s|ed|ing)?|download\w*|transmit)\b",
    "object": r"\bobject\w*\b|\bstop process\w*\b|\bask us to stop\b",
    "restrict": r"\b(?:restrict\w*|limit\w*)\b",
    "opt_out": r"\bopt[- ]?out\b|\bunsubscribe\b",
    "withdraw_consent": r"\bwithdraw\w*\b",
    "appeal": r"\bappeal\w*\b",
    "complain": r"\b(?:complain\w*|complaint)\b|\bdata protection authorit\w+|\bsupervisory authorit\w+|\bpanel\b",
    # (session 27) the DSA's out-of-court settlement of moderation decisions: not the complaint
    # to a data protection authority a privacy policy already names
    "out_of_court": r"\bout[- ]of[- ]court\b",
    "for_everyone": r"\brights to (?:all|every|any)\b",
}.items()}


# (unseen25 CafeMom) An address names a mailbox or a page, no right: "info@" -> "optout@" in
# "send an email message to ... with the word Remove" gives no right to opt out it did not give.
_ADDRESS = re.compile(f"{EMAIL_ADDRESS.pattern}|{LINK_TARGET.pattern}")


def right_kinds(clauses: list[str]) -> frozenset[str]:
    """The kinds of right named in clauses that state a `user_rights` protection (the whole
    clause: a rule's evidence is its first right only, "the right to access, delete and export"),
    e-mail addresses and links aside.

    >>> sorted(right_kinds(["Send an email to [optout@acme.test](mailto:optout@acme.test) with 'Remove'."]))
    []
    """
    texts = [_ADDRESS.sub(" ", text) if "@" in text or "](" in text or "http" in text else text for text in clauses]
    return frozenset(kind for kind, pattern in RIGHT_KINDS.items() if any(pattern.search(text) for text in texts))


def document_right_kinds(results) -> frozenset[str]:
    """The kinds of right a whole version gives (``results``: its clauses, classified): a right
    given in one hunk is no gain while the old text already gave it elsewhere, and one dropped
    no loss while the new text still does."""
    from .reading import states_protection

    return right_kinds([r.text for r in results if states_protection(r, "user_rights")])


# How to use a right, not a right given: "To make requests regarding your personal data, please
# contact us through our portal", "if you submit a request for correction, you will need to
# identify ...", "you can use an authorized agent to submit a request to ...". Where the old
# text already gave that kind of right, saying how to ask adds none.
_HOW_TO_ASK = re.compile(
    r"^\W*(?:(?:for example|for instance|in addition|also|please note that),?\s+)?"
    r"(?:to (?:make|submit|send|file|exercise)|if you (?:would like to |wish to |want to )?(?:make|submit|send|file)|"
    # (unseen23) the condition may first say who asks: "If you have used Instacart through one of our
    # partner experiences and would like to submit a request to access or delete ..., please email us"
    r"if you\b[^.;]{1,120}?\band (?:would like|wish|want) to (?:make|submit|send|file|exercise)|"
    r"when (?:you )?(?:make|submit|send|file)\w*|in order to (?:make|submit|exercise)|"
    r"(?:you (?:can|may) )?(?:use|designate) an? authori[sz]ed agent to (?:make|submit|send|file))\b[^.;]{0,80}?"
    r"\b(?:requests?|rights?)\b"
    # (unseen29 Glassdoor, Flickr, Infolinks) the way to use a right, in the imperative: "To opt
    # out, please visit [here](...)", "To delete your Flickr account, click ...", "To set or
    # update your preferences you may submit an opt-out request"
    r"|^\W*to (?:opt[- ]?out|unsubscribe|delete|deactivate|close|withdraw|object|access|download|export|correct|"
    # (the user does it: "To update this policy, we will send you a notice" is the service's act)
    r"update|set|change|manage|exercise)\b(?:(?!\bwe\b|\bus\b)[^.;:]){0,80}?[,\s]\s*(?:please\s+|simply\s+|you (?:can|may|should|must) )?"
    r"(?:visit|click|go to|call|e-?mail|contact|use|select|submit|send|follow|tap|sign in|log ?in|navigate|write)\b",
    re.IGNORECASE)
# ... and a clause that gives a right while it says how to ask for it still gives it ("All users
# have the right to make a request to delete their data").
_GIVES_A_RIGHT = re.compile(r"\b(?:ha(?:ve|s) (?:the|a) right|(?:you|users?) (?:may|can) (?:request|ask))\b",
                            re.IGNORECASE)


# The name of the channel for every request ("our Data Subject Access Request Portal", the
# usual name of a privacy-request web form) names no kind of right: "access" there is the form's.
_REQUEST_CHANNEL = re.compile(r"\b(?:data subject |subject )?access requests?\W{0,3}(?:portal|web ?form|form|page|tool|"
                              r"cent(?:er|re)|hub)\b", re.IGNORECASE)


def kinds_asked_for(clauses: list[str]) -> frozenset[str]:
    """The kinds of right clauses that say how to ask name, the request channel's name aside.

    >>> sorted(kinds_asked_for(["To make requests, please use our Data Subject Access Request Portal."]))
    []
    >>> sorted(kinds_asked_for(["To make a request to access or delete your data, use our webform."]))
    ['access', 'delete']
    """
    return right_kinds([_REQUEST_CHANNEL.sub(" ", text) for text in clauses])


def says_how_to_ask(text: str) -> bool:
    """Whether a rights clause only says how to ask (it opens with `_HOW_TO_ASK`), not what may
    be asked.

    >>> says_how_to_ask("For example, if you submit a request for correction, you will need to identify the data.")
    True
    >>> says_how_to_ask("All users have the right to make a request to access or delete their data.")
    False
    >>> says_how_to_ask("To opt out, please visit here or call our toll-free number.")
    True
    >>> says_how_to_ask("To delete your account, click Delete your account and confirm.")
    True
    """
    return bool(_HOW_TO_ASK.search(text)) and not _GIVES_A_RIGHT.search(text)


# A deadline the service sets itself for answering the user's requests ("we will respond to your
# request within 30 days"; the rule `rules/rights.py` reads it as a right): the number of days.
_ANSWER_WITHIN = re.compile(
    r"\b(?:respond|reply|answer|act on|fulfil+|complete|process|handle)\w* (?:to )?(?:\w+ ){0,3}requests?\b"
    r"[^.;]{0,120}?\b(?:within|in no more than|no later than) (?:\w+ )?\(?(\d{1,3})\)? "
    r"(?:calendar |business |working )?(day|week|month)s?\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def answer_deadline_days(clauses: list[str]) -> int:
    """The longest deadline for answering requests that ``clauses`` state, in days (0: none).

    >>> answer_deadline_days(["We will respond to your request within 30 days.", "Within 2 months we reply to requests."])
    30
    """
    return max((int(n) * _UNIT_DAYS[unit.lower()] for text in clauses for n, unit in _ANSWER_WITHIN.findall(text)),
               default=0)


# What a right to refuse refuses: the words after "opt out of", "unsubscribe from", "object to",
# "stop receiving", up to the channel or the time it is used by ("... by replying STOP", "at any
# time", "from Couchsurfing"); an "opt-out choice" refuses nothing named.
_REFUSED = re.compile(
    r"\b(?:opt[- ]?out (?:of|from)|unsubscribe from|object to|stop)\b (?:(?:receiving|the|any|all|our|your|certain|"
    r"some|such|these|those|further|future|being|having|us|forms of|types of|kinds of)\b )*"
    r"((?:(?!(?:from|by|at|via|through|using|in|on|with|when|if|where|and you|or you)\b)[\w'’-]+ ?){1,6})",
    re.IGNORECASE)
# Words that name no practice of their own ("processing", "information", "use").
_NAMES_NO_PRACTICE = frozenset(
    "processing process personal information data use uses using it this that them time any all such "
    "purposes purpose certain other sale sales selling sharing share".split())
# A right a law gives, stated as the law's ("The VCDPA also provides the right to opt out of
# profiling and targeted advertising"): a notice of the reader's statutory rights, not the way out
# of a practice of the service's.
_A_LAW_GIVES = re.compile(r"\b(?:(?!LLC\b|INC\b)[A-Z]{3,6}|[Ll]aws?|Act|[Rr]egulations?)\s+(?:also\s+)?(?:provides?|gives?|grants?|affords?)\b"
                          r"|\b[Uu]nder (?:the )?(?:(?!LLC\b|INC\b)[A-Z]{3,6}\b|(?:\w+ ){0,2}?(?:laws?|Act|[Rr]egulations?)\b)")
# The category of the practice a right refuses, by its naming words ("marketing e-mails",
# "text messages", "targeted advertising": advertising); the old text stating a harm of it names it.
_REFUSED_CATEGORY = [
    (re.compile(r"advertis|\bads?\b|market|promot|newsletter|offers|messages?|texts?|sms|e-?mails?|calls?|"
                r"communications?|solicit", re.IGNORECASE), "advertising"),
    (re.compile(r"profil|track|cookie|behavio", re.IGNORECASE), "tracking"),
    (re.compile(r"\bsal(?:e|es)\b|\bsell", re.IGNORECASE), "data_sale"),
    (re.compile(r"shar|disclos", re.IGNORECASE), "data_sharing"),
]
_FILLER = frozenset("of the your our to a an for we you".split())
_WORDS = re.compile(r"[a-z]+")


_E_MAIL = re.compile(r"\be-mail", re.IGNORECASE)


def _stems(text: str) -> list[str]:
    """The words of a text, lower-cased, a plural's "s" dropped ("e-mail" and "email" alike)."""
    return [word[:-1] if len(word) > 4 and word.endswith("s") else word
            for word in _WORDS.findall(_E_MAIL.sub("email", text.lower()))]


def refused_practices(text: str) -> list[tuple[str, ...]]:
    """The practices a clause gives the right to refuse, each as the stems of its naming words in
    order (words that name no practice of their own aside).

    >>> refused_practices('To opt out of receiving text messages from Acme, reply "STOP".')
    [('text', 'message')]
    >>> refused_practices("You may object to the processing of your personal data.")
    []
    """
    found = []
    for match in _REFUSED.finditer(text):
        words = tuple(w for w in _stems(match.group(1)) if w not in _NAMES_NO_PRACTICE and w not in _FILLER)
        if words:
            found.append(words)
    return found


def refuses_an_unnamed_practice(clauses: list[str], old_text: str,
                                old_states: Callable[[str], bool] = lambda category: False) -> bool:
    """Whether every right to refuse in ``clauses`` refuses a practice the old text never named: an
    opt-out of text messages added to a text that sent none is the way out of a practice the change
    brings, not a gain (`balance._accompanies`). A practice is named when its last two naming
    words stand side by side in the old text, or when the old text names its last word and states
    a harm of its category (marketing and messages: `advertising`; profiling and cookies:
    `tracking`; sale; sharing; ``old_states``). A right a law gives, stated as the law's or for the
    residents of named places, is read as before.

    >>> refuses_an_unnamed_practice(['To opt out of receiving text messages from Acme, reply "STOP".'],
    ...                             "We send you account emails. See the text of this policy and your messages.")
    True
    >>> refuses_an_unnamed_practice(["You may opt out of promotional e-mails at any time."],
    ...                             "We may send you marketing emails.", lambda category: category == "advertising")
    False
    >>> refuses_an_unnamed_practice(["You may opt out of sending diagnostic reports at any time."],
    ...                             "We may send diagnostic reports to improve the app.")
    False
    >>> refuses_an_unnamed_practice(["Under the VCDPA, you have the right to opt out of targeted advertising."], "")
    False
    """
    old = " " + " ".join(_stems(old_text)) + " "

    def named(practice: tuple[str, ...]) -> bool:
        if f" {' '.join(practice[-2:])} " in old:
            return True
        words = " ".join(practice)
        category = next((c for pattern, c in _REFUSED_CATEGORY if pattern.search(words)), None)
        # ... or the old text states a harm of its category and names its head ("communications"
        # refused, "marketing communications" sent; not "you may contact you by text" new beside
        # marketing emails the old text sent)
        return category is not None and f" {practice[-1]} " in old and old_states(category)

    refused = [practice for text in clauses if not _A_LAW_GIVES.search(text) and not places_given_rights([text])
               for practice in refused_practices(text)]
    return bool(refused) and not any(named(practice) for practice in refused)


# The places whose residents a right is given to ("Connecticut and Utah residents have the right
# to ..."): the US states, and the other places whose own laws policies name. Not the EEA, the UK
# or Switzerland: the rights of the GDPR and its copies are the policies' main rights, given to
# most of the readers of the documents Termswatch follows (YouTube, March 2021, gold set).
PLACE = (r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
          r"Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
          r"Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
          r"North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
          r"Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Quebec|Brazil|Japan|South Korea|China|"
          r"Australia|Canada|India)")
_PLACES = re.compile(rf"\b{PLACE}\b", re.IGNORECASE)
_PLACE_LIST = rf"{PLACE}(?:(?:,|,? and|,? or)\s(?:the )?{PLACE})*"
# A list of two places or more, wherever in a rights clause ("rights under state laws, including
# California, Colorado and Connecticut privacy laws")
_TWO_PLACES_OR_MORE = re.compile(rf"\b{PLACE}(?:(?:,|,? and|,? or)\s(?:the )?{PLACE})+\b", re.IGNORECASE)
# ... named as where the people the right is given to live: "residents of X", "X residents",
# "if you live in X", "consumers in X" (not an address, a data centre or a law named elsewhere)
_RESIDENTS = re.compile(
    rf"\b(?:residents?|consumers?|citizens?|users?|individuals?|people|customers?) (?:of|in|from) "
    rf"(?:the (?:State|Province|Commonwealth) of )?(?:the )?({_PLACE_LIST})\b"
    rf"|\b(?:you|users?|individuals?|consumers?|customers?)\b (?:\w+ ){{0,2}}?(?:live|living|reside|residing|located|based|domiciled) in "
    rf"(?:the (?:State|Province|Commonwealth) of )?(?:the )?({_PLACE_LIST})\b"
    rf"|\b({_PLACE_LIST}) (?:residents?|consumers?|citizens?|users?|customers?)\b", re.IGNORECASE)
# ... and a right that reaches beyond them ("all our users, not only California residents", "every
# state except Texas") or the GDPR's ("If you are in the EEA, the UK or Brazil") is not a local one.
_BEYOND_PLACES = re.compile(r"\b(?:not only|except|other than|regardless of|wherever|all (?:of )?(?:our )?users|everyone|"
                            r"EEA|European|EU|United Kingdom|UK|Switzerland|Swiss)\b", re.IGNORECASE)


def places_given_rights(clauses: list[str]) -> frozenset[str]:
    """The places whose residents clauses give rights to, when the rights are given to them only.

    >>> sorted(places_given_rights(["If you are a Connecticut or Utah resident, you have the right to delete your data."]))
    ['Connecticut', 'Utah']
    >>> sorted(places_given_rights(["All our users, not only California residents, have the right to delete their data."]))
    []
    >>> sorted(places_given_rights(["You have the right to delete your data by writing to 1 Main St, Austin, Texas."]))
    []
    """
    found: set[str] = set()
    for text in clauses:
        if _BEYOND_PLACES.search(text):
            return frozenset()
        for match in _RESIDENTS.finditer(text):
            listed = next(g for g in match.groups() if g)
            found |= {place.title() for place in _PLACES.findall(listed)}
    return frozenset(found)


def places_listed(clauses: list[str]) -> frozenset[str]:
    """The places named in lists of two places or more in ``clauses`` ("Residents of some
    jurisdictions (e.g., California, Colorado, Connecticut) have the right to ..."), those whose
    residents they name, and the regions of the GDPR they name (`GDPR_REGIONS`). Read on rights
    clauses only: the same rights said of more places reach more people (a state privacy law
    added to the list), whoever else the list names (the EEA beside the US states).

    >>> sorted(places_listed(["Residents of some jurisdictions (e.g., Virginia, Montana and Colorado) have a right to appeal."]))
    ['Colorado', 'Montana', 'Virginia']
    """
    found: set[str] = set()
    for text in clauses:
        text = " ".join(text.split())     # a non-breaking space inside a name ("New\u00a0York")
        lists = [(match.start(), match.group(0)) for match in _TWO_PLACES_OR_MORE.finditer(text)]
        # whose residents a clause names, even beside the regions of the GDPR ("Residents of the
        # EEA and residents of Brazil"), which `places_given_rights` leaves to the main rights
        lists += [(match.start(), next(g for g in match.groups() if g)) for match in _RESIDENTS.finditer(text)]
        found |= {place.title() for at, listed in lists if not _NOT_WHO_HOLDS.search(text[max(0, at - 60):at])
                  for place in _PLACES.findall(listed)}
        found |= {region for name, region in _REGIONS if name.search(text)}
    return frozenset(found)


# A list that does not say who holds the right: the people it leaves out ("except residents of
# Texas and Florida"), or where the service stores data, keeps offices or answers in court
# (review of session 30).
_NOT_WHO_HOLDS = re.compile(r"\b(?:except|other than|excluding|outside(?: of)?|unless|servers?|stored?|stores|storing|"
                            r"hosted|offices?|located|data cent(?:re|er)s?|facilities|headquartered|incorporated|"
                            r"registered|courts?)\b[^.;]*$", re.IGNORECASE)


# The regions of the GDPR and its copies, by one name each ("the European Economic Area (EEA)"
# is one place): "Residents of the EEA can exercise ..." → "Residents of the EEA and residents of
# Brazil can ..." gives the same rights to more people (Twitch, October 2020, read in unseen48).
# Only these regions added or dropped is no such change: "EU and Swiss individuals" → "EU, UK,
# and Swiss individuals" names the UK the GDPR covered before Brexit (Bitwarden, April 2024).
_REGIONS = tuple((re.compile(pattern), region) for pattern, region in (
    (r"\bEuropean Economic Area\b|\bEEA\b", "EEA"),
    (r"\bEuropean Union\b|\bEU\b", "EU"),
    (r"\bUnited Kingdom\b|\bU\.?K\.?\b", "UK"),
    (r"\bSwitzerland\b|\bSwiss\b", "Switzerland"),
))
GDPR_REGIONS = frozenset(region for _, region in _REGIONS)
