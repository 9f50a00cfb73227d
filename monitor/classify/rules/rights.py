"""Rules for ``user_rights``, a protection category: the rights a user gains (access, deletion,
objection, appeal...) and the same rights taken back."""

from __future__ import annotations

from ..rights import PLACE
from .base import Rule, _re
from .wording import _NOT_THE_SERVICES, _RIGHT_WITHHELD

# "a copy of the Standard Contractual Clauses", "a copy of our agreement": a copy of a legal
# document, not of the user's data, so no right of access (unseen5).
_NOT_A_DOCUMENT = (r"(?! of (?:the |our |these |this |any |such )?(?:[\w-]+ ){0,3}?(?:clauses|agreements?|terms|contracts?|"
                   r"polic(?:y|ies)|notices?|safeguards|certificat\w+|mechanisms?|decisions?|licen[cs]es?)\b)")

# A way said not to exist where the user is ("the option to opt out of targeted advertising is
# not available in your region") gives no right.
_WAY_UNAVAILABLE = r"|\b(?:unavailable|(?:is|are) not (?:available|offered))\b"

USER_RIGHTS_RULES: tuple[Rule, ...] = (
    # --- user_rights (a protection category) ---------------------------------------------
    Rule("user_rights",
         _re(_NOT_THE_SERVICES + rf"\bright(?:s)? (?:to|of) (?:request )?(?:access|rectif\w+|correct\w*|eras\w+|delet\w+|data portability|portability|"
             rf"object|restrict\w*|opt[- ]out|withdraw|know|be forgotten|lodge a complaint|appeal|(?:an? )?(?:effective )?judicial remedy)\b"
             rf"|\b(?:you (?:can(?:not)?|can[’']t|may(?: not)?|could|are (?:not )?able to|have the (?:right|ability|option) to)|able to|how to|"
             rf"(?:the|an?) (?:ability|option|tools?) to)\s+(?:\w+ ){{0,2}}"
             rf"(?:opt[- ]out|object|withdraw (?:your )?consent|unsubscribe|delete (?:your|the|some|all|any)|erase|"
             rf"download (?:a copy{_NOT_A_DOCUMENT}|your)|export (?:your|a copy{_NOT_A_DOCUMENT})|obtain a copy{_NOT_A_DOCUMENT}|request (?:a copy{_NOT_A_DOCUMENT}|access|deletion|correction)|"
             rf"access (?:and \w+ )?(?:your|the) (?:\w+ )?(?:data|information)|correct (?:your|inaccurate)|"
             rf"close your account|deactivate your account|(?:manage|control|limit) how (?:\w+ ){{0,3}}(?:data|information))\b"),
         polarity="protection",
         excludes=_re(r"\b(?:transactional|non-promotional|service (?:messages|announcements|notices)|important notices|"
                      r"legal notices|security (?:notices|messages))\b|" + _RIGHT_WITHHELD + _WAY_UNAVAILABLE),
         note="Users' rights to access, correct, delete, export their data or opt out; negated, they are harms.",
         trigger=("right", "opt", "object", "withdraw", "unsubscrib", "delete", "erase", "download", "export", "copy", "access",
                  "correct", "close", "deactivate", "manage", "control", "limit")),
    # (session 28, unseen37 Yahoo) "You can also modify information you have provided to Yahoo": the
    # user editing what they gave (not "we may not be able to modify information you provided")
    Rule("user_rights",
         _re(r"\byou (?:can(?:not)?|can[’']t|may(?: not)?|are (?:not )?able to|have the (?:right|ability|option) to)(?: also)? "
             r"(?:edit|modify|amend)(?: or \w+)? (?:your (?:personal )?(?:data|information|details)|(?:the |any )?(?:personal )?"
             r"(?:data|information|details) (?:that )?you (?:have )?(?:provided|given|submitted|shared))\b"),
         polarity="protection",
         note="The user may edit the data they gave.",
         trigger=("edit", "modif", "amend")),
    Rule("user_rights",
         _re(r"\b(?:request|ask us)(?: that we| us| to)? (?:to )?(?:\w+, ){0,4}(?:\w+ ){0,2}(?:access|correct\w*|updat\w*|rectif\w+|"
             r"eras\w+|delet\w+|restrict\w*|export|port\w*|send (?:it|them|you))\b"
             r"|" + _NOT_THE_SERVICES + r"\bright to (?:receive|obtain|transmit|request|port)\b|\b(?:to |you can |you may )opt[- ]?out\b(?!@)"),
         polarity="protection",
         requires=_re(r"\b(?:data|information|info|account|content|processing|advertising|marketing|email|communications?)\b"),
         excludes=_re(r"\b(?:transactional|non-promotional|service (?:messages|announcements|notices)|important notices|"
                      r"legal notices|security (?:notices|messages))\b|" + _RIGHT_WITHHELD + _WAY_UNAVAILABLE),
         note="Requests to access, correct, delete or export data; opting out.",
         trigger=("request", "ask", "right", "opt")),
    # A right listed as a bare infinitive under a lead-in ("You have the right:" / "- to
    # receive a copy of your information"), or a how-to ("To delete your call history, go to
    # ...", "Opt out of targeted advertising."). Anchored at the clause start and limited to
    # verbs only the user performs:
    # "We use your data: to correct errors" is a purpose, not a right.
    Rule("user_rights",
         _re(r"^\W{0,6}(?:to )?(?:(?:request|ask us) (?:to |that we )?(?:\w+ ){0,2}(?:access|correct\w*|rectif\w+|eras\w+|"
             r"delet\w+|restrict\w*|port\w*|a copy|an? (?:copy|export|archive))\b"
             r"|(?:receive|obtain|download|export|get) (?:a copy|an archive|an export|all|(?:\w+ )?your)\b"
             r"|(?:delete|erase|close|deactivate) (?:your|all your|the (?:\w+ ){0,2}you)\b"
             r"|object\b|opt[- ]?out\b(?!@)|withdraw (?:your )?consent\b)"),
         polarity="protection",
         # about data ("To opt out, you must notify us ..." of an arbitration clause is not)
         requires=_re(r"\b(?:data|information|info|account|content|processing|history|profile|contacts|messages|"
                      r"drafts|photos|posts|stories|advertising|ads|marketing|communications?)\b"),
         excludes=_re(_RIGHT_WITHHELD),
         note="A right or a how-to listed as a bare infinitive: to delete your account, to receive a copy of your data.",
         trigger=("request", "ask", "receiv", "obtain", "download", "export", "get", "delet", "eras", "close",
                  "deactivat", "object", "opt", "withdraw")),
    # (branch `rights`) Rights a user gains in other words: a decision they may appeal, a
    # complaint they may lodge, processing they may ask to stop; rights extended to everyone;
    # a service that commits to follow data protection authorities on users' complaints.
    Rule("user_rights",
         _re(r"\byou (?:can|may|also may|may also|have the right to|are entitled to)(?: have the right to)? "
             r"(?:be (?:able|entitled) to |\w+ )?(?:appeal|complain|lodge a complaint|file a complaint|ask us to stop|request that we stop|"
             r"restrict (?:the |our |how )|limit (?:the |our )(?:use|processing|sharing))\b"
             r"|\b(?:provide|extend|offer|grant|give|honou?r|apply)\w* (?:these|the same|such|those|all (?:of )?(?:these|the|those)?) "
             r"(?:\w+ )?(?:privacy |data )?rights to (?:all|every|any)\b"
             r"|\b(?:commit|agree|undertake)\w* to (?:co-?operate|comply)\b[^.;]{0,80}?"
             r"\b(?:data protection authorit\w+|supervisory authorit\w+|independent (?:recourse|dispute)\w*|(?:data protection )?panel)\b"),
         polarity="protection",
         excludes=_re(_RIGHT_WITHHELD),
         note="Users may appeal, complain or stop processing; rights extended to all; the service follows data protection authorities.",
         trigger=("you", "provid", "extend", "offer", "grant", "giv", "honor", "honour", "apply", "commit", "agree", "undertak")),
    # A deadline the user can hold the service to: "we will respond to your request within 30
    # days". Without a stated time ("as required by applicable law") the answer to a request
    # comes whenever the service decides, so the promise is the period.
    Rule("user_rights",
         _re(r"\b(?:respond|reply|answer|act on|fulfil+|complete|process|handle)\w* (?:to )?(?:\w+ ){0,3}requests?\b"
             r"[^.;]{0,120}?\b(?:within|in no more than|no later than) (?:\w+ )?(?:\(?\d{1,3}\)? )?(?:calendar |business |working )?"
             r"(?:days?|weeks?|months?)\b"),
         polarity="protection",
         requires=_re(r"\b(?:data|information|info|rights?|privacy|account)\b"),
         # requests of the authorities ("law enforcement requests for account information") are
         # no right of the user
         excludes=_re(_RIGHT_WITHHELD + r"|\b(?:law enforcement|government(?:al)?|authorit\w+|police|courts?|regulators?|"
                      r"legal|subpoenas?)\b (?:\w+ ){0,2}?requests?\b"),
         note="A promise to answer users' requests about their data within a stated time.",
         trigger=("respond", "repl", "answer", "act", "fulfil", "complet", "process", "handl")),
    # (unseen7) A promise to ask the user's consent before their data serves a purpose the policy
    # does not describe ("we'll ask for your consent before using your personal data for a new
    # purpose") gives the user the say over any new use.
    Rule("user_rights",
         _re(r"\bwe(?:[’']ll| will| shall)? (?:first |always )?(?:ask (?:for )?|seek |obtain |request |get )(?:your )?"
             r"(?:prior |express |explicit |separate )?consent\b[^.;]{0,40}?\bbefore (?:we )?(?:us(?:e|ing)|process(?:ing)?|"
             r"shar(?:e|ing)|disclos(?:e|ing))\b[^.;]{0,60}?\b(?:(?:new|other|different|another|additional|unrelated) purposes?|"
             r"purposes? (?:that (?:is|are) )?not (?:described|listed|set out|covered|mentioned|compatible))"),
         polarity="protection",
         # "not described" is the purpose's, not a denial; a promise withheld ("we will not ask")
         # is none
         negatable=False, excludes=_re(r"\b(?:not|never|no longer)\b (?:\w+ )?(?:ask|seek|obtain|request|get)\b|n[’']t (?:ask|seek)"),
         note="A promise to ask consent before data serves a purpose the policy does not describe.",
         trigger=("we",)),
    # (session 30, unseen48 Twitch) The residents of named places "can exercise certain data
    # subject rights": the rights a local law gives, said of whom they reach (rights.places_listed
    # compares the places on either side of a change).
    Rule("user_rights",
         _re(r"\b(?:residents?|individuals?|users?|consumers?|people)(?: (?:of|in|from|located in|living in) [^,.;]{1,60}?)?,? "
             r"(?:can|may|are entitled to|have the right to) exercise (?:certain |the following |these |their |additional |"
             r"specific )?(?:data subject |privacy |data protection |consumer )?rights\b"),
         polarity="protection",
         requires=_re(rf"\b(?:residents?|individuals?|users?|consumers?|people) (?:of|in|from) (?:the )?"
                      rf"(?:{PLACE}|European Economic Area|EEA|European Union|EU|United Kingdom|UK|Switzerland)\b"
                      rf"|\b{PLACE} (?:residents|consumers)\b"),
         # ... the residents' own rights, not the service's ("If users in the UK fail to pay, the
         # Company may exercise certain rights"), nor rights it grants at will ("only if we agree")
         excludes=_re(_RIGHT_WITHHELD + r"|\bonly (?:if|when|where) we\b|\bat our (?:sole )?discretion\b"),
         note="The residents of named places may exercise the rights their law gives them.",
         trigger=("exercis",)),
    # (branch `rights`) The same right taken back: the service may refuse a request, its own
    # interest overrides the user's, or the right is not available (the words are negative by nature).
    Rule("user_rights",
         _re(_RIGHT_WITHHELD),
         requires=_re(r"\b(?:rights?|requests?|data|information|deleted|erased)\b"),
         negatable=False,
         note="A user's right taken back: a request the service may refuse, an interest overriding the user's.",
         trigger=("refus", "deni", "deny", "declin", "reject", "disregard", "overrid", "outweigh", "right")),
)
