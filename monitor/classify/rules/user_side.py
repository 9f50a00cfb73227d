"""Neutral readings from a second lawyer's pass over services outside the gold set (issue 13,
branch `unseen6`): clauses whose words look like a harm done to the user but state a duty of
the user, or a practice that never reaches the service. Same mechanics as :mod:`.neutral`: a
match cancels the harm hits of its category inside it and keeps the privacy topic model from
calling the clause a harm on its own."""

from __future__ import annotations

from .base import ANOTHER_ACT, Rule, _re

# What the user is told they may not do ("you aren't allowed to", "you agree not to", "users
# must not", "you may not").
_USER_MAY_NOT = (r"\b(?:you|users?)\b (?:\w+ ){0,2}?(?:are not|aren[’']t|is not|isn[’']t) (?:allowed|permitted) to"
                 r"|\b(?:you|users?)\b (?:\w+ ){0,2}?(?:may|must|shall|will|can|agree) ?(?:not|never)\b"
                 r"|\b(?:you|users?)\b (?:\w+ ){0,2}?(?:can[’']t|won[’']t|mustn[’']t|cannot)\b"
                 r"|\b(?:you|users?)\b (?:\w+ ){0,2}?(?:are|is) (?:\w+ )?(?:prohibited|forbidden) from\b")

USER_SIDE_READINGS: tuple[Rule, ...] = (
    # A ban on the user mining the service or training AI on it ("you aren't allowed to use any
    # content in the Services ... to develop or train ... machine learning models") protects the
    # service's content; it uses nothing of the user's for AI. The statement ends where
    # another party's act begins ("..., and we may use your content to train our models").
    # (The gap to the train word is bounded: unbounded, every "you may not" of a long clause
    # without one would scan to its end, quadratic on hostile text.)
    Rule("ai_training",
         _re(rf"(?:{_USER_MAY_NOT})(?:(?!{ANOTHER_ACT})[^.;]){{0,300}}?"
             r"\b(?:train\w*|fine-tun\w+|develop\w*|build\w*|data mining|text mining|scrap\w+)\b"
             rf"(?:(?!{ANOTHER_ACT})[^.;])*"),
         polarity="neutral", negatable=False,
         note="A ban on the user training AI on the service's content is no AI training on users' data.",
         trigger=("you", "user")),
    # Data that stays on the user's device, or a feature that works without the service
    # collecting the data ("we may use on-device tools ... without collecting your precise
    # location", "your location is processed locally on your device"), is no collection. A
    # service that receives, stores or uploads the data stays a harm (outside the match).
    *(Rule(category,
           _re(r"\bwithout (?:us |our |the service )?(?:collecting|receiving|storing|accessing|uploading|obtaining|"
               r"tracking|seeing)\b[^.;,]{0,60}"
               r"|\b(?:[\w-]+ ){0,3}?(?:is|are|stays?|remains?) (?:\w+ )?(?:processed|stored|kept|analy[sz]ed)"
               r" (?:only |solely |entirely )?(?:locally )?on (?:your|the user[’']s) (?:own )?devices?\b"),
           polarity="neutral", negatable=False,
           note="Data that stays on the user's device, or is never collected, is no collection.",
           trigger=("without", "device"))
      for category in ("sensitive_data", "data_collection", "tracking")),
    # A request refused only when the requester's identity cannot be verified, or when the law
    # makes an exception ("we reserve the right to deny your request if we cannot verify your
    # identity or if an exception applies under applicable law"), restates the law and protects
    # the account: no right is taken back. A refusal for any other reason stays a harm.
    Rule("user_rights",
         _re(r"\b(?:we|us|our)\b[^.;]{0,40}?\b(?:deny|denies|denied|decline|refuse|reject)\w*\b[^.;]{0,40}?\brequests?\b"
             r"[^.;]{0,20}?\b(?:if|where|when|because)\b[^.;]{0,20}?\b(?:cannot|can ?not|can[’']t|are unable to|"
             r"(?:is|are)n[’']t able to|are not able to|unable to|fail to)\b[^.;]{0,20}?\b(?:verify|confirm|authenticate)\b"
             r"[^.;]*"),
         polarity="neutral", negatable=False,
         excludes=_re(r"\b(?:any (?:other )?reason|sole discretion|our (?:own )?(?:business|legitimate) interests?|"
                      r"at our discretion|for convenience)\b"),
         note="A request refused only when the identity cannot be verified or the law allows is no right taken back.",
         trigger=("we", "us", "our")),
    # A pointer to where a practice is described ("you can learn about the business partners with
    # whom we share your information by referring to the 'How We Disclose' section", "to find out
    # more about cookies, see our cookie notice") states no practice itself: the section or notice
    # it points to is read on its own.
    *(Rule(category,
           _re(r"\b(?:you can |you may |to )?(?:learn|read|find out|see|find|review)\b (?:more )?(?:\w+ )?"
               r"(?:about|how|what|which|whom|with whom|the)\b[^.;]{0,120}?"
               r"\b(?:by referring to|by reviewing|by reading|in|under|at|see)\b (?:the |our |this )?"
               r"(?:[“\"][^”\"]{1,80}[”\"] |[\w-]+ ){0,6}?(?:sections?|notices?|polic(?:y|ies)|pages?|below|above)\b[^.;]*"),
           polarity="neutral", negatable=False,
           note="A pointer to the section or notice that describes a practice states no practice.",
           trigger=("learn", "read", "find", "see", "review"))
      for category in ("data_sharing", "data_collection", "tracking", "advertising")),
    # (unseen10) The user's own handling of cookies and settings ("you can use your browser
    # settings to block cookies", "if you delete your cookies, you will need to opt out again",
    # "browser plugins help you preserve your opt-out cookies", "you may withdraw consent or set
    # your cookie preferences") tells what the user can do, not what the service does: no
    # tracking nor advertising. It ends where another party's act begins ("..., but we still use
    # cookies to ..."), and a clause that also names following the user (tracking, "across",
    # profiles, sharing, selling) keeps its reading.
    *(Rule(category,
           _re(r"\b(?:if|when|whenever|should|once) you (?:\w+ ){0,2}?(?:block|delete|disable|clear|reject|refuse|"
               r"withdraw|opt[- ]?out|turn off|remove|erase)\b[^.;,]*"
               r"|(?:\byou (?:can|may|could|might|should|will|need to|have to|are able to|will need to|will have to)"
               r"(?: also| always| still| then| easily| at any time)?|\b(?:help|helps|allow|allows|let|lets|enable|enables) you(?: to)?)"
               r" (?:\w+ )?(?:use|change|set|adjust|manage|block|delete|disable|clear|reject|refuse|withdraw|"
               r"opt[- ]?out|turn off|control|configure|remove|erase|preserve|keep|save|learn|read|find out|provide or withdraw)\b"
               rf"(?:(?!{ANOTHER_ACT})[^.;])*"),
           polarity="neutral", negatable=False,
           requires=_re(r"\b(?:cookies?|browsers?|settings?|preferences?|opt[- ]?outs?|consents?)\b"),
           excludes=_re(r"\btrack\w*|\bacross\b|\bprofil\w*|\bshar(?:e|es|ed|ing)\b|\bsell\w*|\bsold\b|\bcombin\w+"),
           note="The user's own handling of cookies and settings is no tracking by the service.",
           trigger=("you",))
      for category in ("tracking", "advertising")),
    # (unseen10) Sharing stated as the condition of a safeguard ("in case we share personal data
    # with a provider of AI services, we will ensure that it is contractually bound not to train
    # on it", "where we disclose your data to processors, we require them to protect it") states
    # what the service requires of the recipient, not that it shares: the sharing itself is read
    # where the document states it. What follows the safeguard ("..., and we may also sell it")
    # keeps its reading.
    Rule("data_sharing",
         _re(r"\b(?:if|when|whenever|where|in cases? (?:that|where)|in case|in the event(?: that)?|to the extent(?: that)?|"
             r"should it (?:happen|be the case) that)\b "
             r"(?:we|(?-i:[A-Z][\w.&-]*)) (?:\w+ )?(?:shares?|discloses?|transfers?|provides?|makes? available)\b"
             r"(?=[^,;.]{0,200}?\b(?:(?:sub-?)?processors?|(?:sub)?contractors?|vendors?|suppliers?|service providers?|"
             r"providers? of\b))[^,;.]{0,200},\s*"
             r"(?:we|it|(?-i:[A-Z][\w.&-]*)) (?:(?:will|shall|also|always|contractually|first) )*"
             r"(?:ensure|require|oblige|obligate|bind|make sure|impose|take steps)\w*\b"
             rf"(?:(?!{ANOTHER_ACT})[^.;])*"),
         polarity="neutral", negatable=False,
         note="Sharing stated as the condition of a safeguard on the recipient is the safeguard, not the sharing.",
         trigger=("if", "when", "where", "case", "event", "extent", "should")),
    # (unseen10) A right closed on one route only ("subscribers will not be able to delete their
    # account online: please contact us", "you cannot close your account in the app") is the
    # same right by another route: no right is taken back. A right refused outright ("you cannot
    # delete your account", "... online or by any other means") stays a harm.
    Rule("user_rights",
         _re(r"(?:\b(?:you|they|users?|members?|subscribers?|customers?)\b (?:\w+ ){0,2}?)?"
             r"\b(?:not be able to|cannot|can ?not|can[’']t|unable to)\b (?P<route>(?:automatically|yourself|online) )?"
             r"(?:delete|close|cancel|deactivate|terminate|erase)\w* (?:your |the |their )?(?:\w+ )?"
             r"(?:accounts?|subscriptions?|memberships?|data)\b"
             # ... and not when the other route is closed too ("yourself or by contacting support")
             r"(?![^.;,]{0,40}?\b(?:or|nor),? (?:by|through|via|in|on|from|using|with|at)\b)"
             r"(?(route)|(?=[^.;]{0,40}?\b(?:online|automatically|yourself|self-service|through (?:the|our) (?:app|website|site)|"
             r"in (?:the|our) app|via (?:the|our) (?:app|website|site))\b))[^.;]{0,40}"),
         polarity="neutral", negatable=False,
         excludes=_re(r"\bany (?:other )?(?:means|way|route)\b|\bat all\b|\bin any (?:way|form)\b"),
         note="A right closed on one route only is the same right by another.",
         trigger=("able", "cannot", "can")),
    # Profiles inside an account ("parents may create profiles for teens within their account",
    # "up to five profiles under one account") are the user's own viewer profiles, not a profile
    # the service builds about the user. A profile "about you", of interests or behaviour, stays
    # tracking.
    Rule("tracking",
         _re(r"\b(?:(?:create|add|set up|make|manage|switch|edit|delete|remove)\w* (?:\w+ ){0,3}?)?profiles?\b[^.;]{0,80}?"
             r"\b(?:within|under|in|inside|on) (?:your|their|his or her|an?|the|each|one) (?:\w+ )?accounts?\b"
             # ... or that the user creates ("only the primary account holder may create a profile")
             r"|\b(?:account holders?|you|parents?|guardians?|members?|users?)\b (?:\w+ ){0,3}?"
             r"(?:create|add|set up|make|manage|switch|edit|delete|remove)\w* (?:\w+ ){0,2}?profiles?\b"),
         polarity="neutral", negatable=False,
         excludes=_re(r"\bprofiles? (?:about|of|on) (?:you|users?|your|people|individuals)\b|\binterests?\b|"
                      r"\bbehaviou?r|\badvertis|\binferen"),
         note="Profiles the user sets up inside an account are no profile built about the user.",
         trigger=("profil",)),
)
