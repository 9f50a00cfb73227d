"""Neutral readings (issue 13: false alarms).

Words that look like a harm of a category but state none. A rule with polarity "neutral"
cancels the harm hits of its category that lie inside its match (a protection stays), and its
own hit keeps the privacy topic model from calling the words it covers a harm. The match ends
where another party's act begins (matching._in_its_part): what follows is read on its own."""

from __future__ import annotations

from .base import _NEGATION, ANOTHER_ACT as _ANOTHER_ACT, Rule, _re
from .safeguards import HEDGED, NOTICE_OF_THE_ACT

# (unseen7) A note about the document's own edits ("We have added information about the data
# processed when users choose personalised ads", the items of a "Summary of recent changes")
# reports what the text now covers, not a practice: the practice is read where the document
# states it, so the note coming or going changes nothing. "Information about you" is the
# user's data, not the document's, and stays out.
_NOTE_OF_AN_EDIT = _re(
    r"\bwe(?:[’']ve| have)? (?:also )?(?:added|updated|clarified|revised|expanded|amended|changed|introduced|"
    r"included|removed|deleted|reorgani[sz]ed|rewritten|rewrote)\b (?:\w+ ){0,3}?"
    r"(?:information|language|details|disclosures?|sections?|text|descriptions?|explanations?|wording|"
    r"clarifications?|references?)\b (?:\w+ ){0,2}?"
    r"(?:about|on|regarding|pertaining to|relating to|related to|concerning|explaining|describing|clarifying|"
    r"to (?:explain|describe|clarify|reflect))\b(?!\s+(?:you|your|users?|them|their)\b)"
    rf"(?:(?!{_ANOTHER_ACT})[^.;])*"
    # "We have updated our August 31, 2023 Privacy Policy to update the labelling of our cookie
    # footer": the document named as what was edited, then what the edit did (markdown italics
    # glue "_" to the words: "_We have updated ... to_ _update ..."; a dot inside a word,
    # "example.com", ends nothing)
    r"|(?<![^\W_])we(?:[’']ve| have)? (?:also )?(?:updated|revised|amended|changed|modified) (?:our|this|these|the) "
    r"(?:[\w,]+ ){0,4}?(?:polic(?:y|ies)|notices?|statements?|terms(?: of (?:service|use))?|agreement)"
    # (fix14a) "to" then an editing verb only: "to permit us to use your content to train our AI
    # models" states what the edited terms now allow, a practice
    r"[\s_]+(?:in order )?to[\s_]+(?:better )?(?:update|reflect|clarify|explain|describe|correct|reorgani[sz]e|rename|"
    r"add|include|remove|revise|improve|simplify|restructure|fix|make (?:it|them|this|the \w+) (?:easier|clearer))\b"
    rf"(?:(?!{_ANOTHER_ACT})(?:[^.;]|\.(?=\w)))*"
    # (session 29, unseen41 CoinDesk) a banner naming the documents that changed: "Please note that
    # our privacy policy, terms of use, cookies, and do not sell my personal information have been
    # updated" ("cookies" is the cookie policy there, not a practice)
    # (a document named among the first words: "Our third-party advertising partners were changed
    # to include Meta" is a practice)
    r"|\bour (?=(?:[\w,&-]+ ){0,3}?(?:polic(?:y|ies)|terms|notices?|statements?|agreements?)\b)"
    r"(?:[\w,&-]+ ){0,16}?(?:ha(?:ve|s) been|were|was) (?:recently )?(?:updated|revised|amended|changed)\b")
# (unseen8) The standard statements of the EU-US data transfer frameworks (see NEUTRAL_READINGS):
# the disclosure the law may compel, and the liability kept for onward transfers to agents.
# (the data named may be "... we receive under the EU-U.S. DPF, the UK Extension ...": dots and commas)
# The statement ends at "authorities" (or its "including to meet national security or law
# enforcement requirements"): what follows (", and we voluntarily give data to the police") is
# the service's own act and keeps its reading.
# (unseen25 Miro) The statement may drop "be required to" and keep the framework's own words:
# "RealtimeBoard Inc. may disclose your Personal Data in response to lawful requests by public
# authorities, including to meet national security or law enforcement requirements".
_FRAMEWORK_DISCLOSURE = _re(r"\bmay be required to disclose (?:[\w.,’'()-]+ ){0,24}?in response to lawful requests by public "
                            r"authorities\b(?:,? including (?:to meet |for )?(?:[\w-]+ ){0,6}?requirements\b)?"
                            r"|\bmay disclose (?:[\w.,’'()-]+ ){0,24}?in response to lawful requests by public authorities,? "
                            r"including to meet national security(?: (?:or|and) law enforcement)? requirements\b")
# (unseen29 Vimeo) ... or in the framework's other words: "Vimeo remains responsible for any of
# your personal information that is shared under the Onward Transfer Principle with third
# parties for external processing on our behalf".
_FRAMEWORK_ONWARD_TRANSFER = _re(r"\btransfer\w* to (?:a )?third[- ]part(?:y|ies) acting as (?:an? )?agents? "
                                 r"on (?:its|our|their) behalf\b[^.;]*"
                                 r"|\b(?:remains?|is|are|(?:will|shall) (?:be|remain)) (?:fully )?(?:responsible|liable) for "
                                 r"(?:[\w’'(),-]+ ){0,12}?(?:that (?:is|are|we) |which (?:is|are) )?"
                                 r"(?:transferr?\w*|shared?|disclosed?)\b[^.;]{0,80}?\b(?:third[- ]part(?:y|ies)|"
                                 r"(?:service )?providers?|(?:sub-?)?processors?|agents?|vendors?)\b[^.;]{0,60}?"
                                 # the service's behalf, and no further: what follows is read on its own
                                 r"\bon (?:its|our) behalf\b")
_LIABLE = _re(r"\b(?:liable|responsible)\b")
_ALL_CATEGORIES = ("advertising", "ai_training", "choice_of_law", "class_action_waiver", "content_license",
                   "content_removal", "data_collection", "data_retention", "data_sale", "data_sharing",
                   "government_access", "jurisdiction", "limitation_of_liability", "sensitive_data", "tracking",
                   "unilateral_change", "unilateral_termination", "user_rights")

# (unseen12) A right whose object names a practice: "the right to know whether we sold or shared
# your personal information", "Access: to learn the categories of information we collect,
# disclose and sell", "a right to opt out of targeted advertising, the sale of personal data or
# profiling". The practice is what the user may learn about or refuse; the clause states a
# right, not that the service does it. The reading ends where the service's own act begins.
# (fix14a) The right is the user's: the service's own reserved right ("We reserve the right to
# access your device's location and to share ...") states what the service may do. The reading
# stops at ";" and ":" ("...which categories of data we collect; we sell all of it to ...").
_USERS_RIGHT = r"(?<!reserve the )(?<!reserves the )(?<!we have the )(?<!we retain the )\bright "
_RIGHT_OVER_A_PRACTICE = _re(
    rf"(?:{_USERS_RIGHT}(?:to|of) (?:know|access|request)\b|\b(?:request|ask) to (?:know|learn)\b|\baccess\W{{1,6}}to (?:know|learn)\b"
    # (session 22, unseen15 Womans Day) "eligible individuals may request that we provide a list of
    # third parties to whom we disclose personal information"
    r"|\b(?:you|users?|individuals|consumers|residents|customers|members|data subjects)\b (?:\w+ ){0,3}?(?:may|can|could|"
    r"have the right to|are entitled to) (?:also )?(?:request|ask)(?: that)? (?:we|us)(?: to)? (?:provide|disclose|give|send|tell)\b)"
    r"[^.;]{0,120}?\b(?:whether|which|what|the (?:specific )?(?:categories|pieces)|categories|specific pieces|a list|"
    r"the names|the identit\w+)\b"
    rf"(?:(?!{_ANOTHER_ACT})[^.;:])*"
    rf"|(?:{_USERS_RIGHT}|\b(?:request|entitled|able) )to opt[- ]?out of\b"
    rf"(?:(?!{_ANOTHER_ACT})[^.;:])*")

# (pool: Hearst) A request the user may make about data the service holds ("you may ask us to delete
# personal information we collected from you", "You may request that we modify or update your
# personal information that we have collected"), and the item of a list of rights that names the
# right by its verb alone ("Know the categories of third parties and other entities to whom we
# provide personal information;"): the right, not the practice. Apart from _RIGHT_OVER_A_PRACTICE so
# that each runs only on the clauses holding its own words.
# What the service does once the request is made ("..., after which we sell your de-identified data").
_AFTER_THE_REQUEST = r"\b(?:after|in) which\b|\bwhereupon\b|\bafter that\b|\bthen we\b"
_REQUEST_ABOUT_HELD_DATA = _re(
    r"\b(?:you|users?|individuals|consumers|residents|customers|members|data subjects)\b (?:\w+ ){0,3}?(?:may|can|could|"
    r"have the right to|are entitled to) (?:also )?(?:ask|request)(?: that)? (?:us|we)(?: to)? "
    r"(?:delete|erase|correct|rectify|modify|update|restrict|port|stop|access)\b"
    rf"(?:(?!{_ANOTHER_ACT}|{_AFTER_THE_REQUEST})[^.;:])*")
_RIGHT_NAMED_BY_ITS_VERB = _re(
    r"\A\W*(?:know|learn|access)\b(?!\s+to\b)(?=[^.;]{0,60}?\b(?:the (?:specific )?categories|specific pieces|a list|the names)\b)"
    rf"(?:(?!{_ANOTHER_ACT}|{_AFTER_THE_REQUEST})[^.;:])*")

# The rest of a statement of the user's up to another party's act or a relative clause ("You may not
# modify the software, which we may alter at any time": the relative clause is the service's).
_UP_TO_ANOTHER_ACT_OR_RELATIVE = rf"(?:(?!{_ANOTHER_ACT}|\b(?:which|whose|that|where)\b)[^.;])*"

NEUTRAL_READINGS: tuple[Rule, ...] = (
    *(Rule(category, _NOTE_OF_AN_EDIT, polarity="neutral", negatable=False,
           note="A note that the document itself was edited states no practice.",
           trigger=("added", "updated", "clarified", "revised", "expanded", "amended", "changed", "introduced",
                    "included", "removed", "deleted", "reorganis", "reorganiz", "rewr", "modified"))
      for category in _ALL_CATEGORIES),
    *(Rule(category, _RIGHT_OVER_A_PRACTICE, polarity="neutral", negatable=False,
           # a right withheld ("you have no right to know which partners ...") is no right
           excludes=_re(r"\b(?:no|not|never|cannot)\b[^.;]{0,20}?\bright\b|\bwaiv\w*"),
           note="A right to know about, or opt out of, a practice states the right, not the practice.",
           trigger=("right", "request", "ask", "access", "entitled", "able"))
      for category in ("data_sale", "data_sharing", "data_collection", "tracking", "advertising")),
    *(Rule(category, pattern, polarity="neutral", negatable=False,
           note="A request about data the service holds, or a right named by its verb, states the right.",
           trigger=trigger)
      for pattern, trigger in ((_REQUEST_ABOUT_HELD_DATA, ("ask", "request")), (_RIGHT_NAMED_BY_ITS_VERB, ("know", "learn", "access")))
      for category in ("data_sale", "data_sharing", "data_collection", "tracking", "advertising")),
    # A disclosure the law imposes is not the company's choice to share ("certain laws require
    # us to share information with regulators"). Handing data to the police or courts is still
    # government_access (its own rules).
    Rule("data_sharing",
         _re(r"\b(?:laws?|regulations?|legal (?:obligations?|requirements?)|court orders?)\b(?: \w+){0,3}? "
             r"(?:requires?|obliges?|compels?|mandates?) us to (?:share|disclose|provide|transfer|report|give|send)\b[^.;]*"),
         polarity="neutral", negatable=False,
         note="A disclosure the law requires is not the company's choice to share.",
         trigger=("law", "regulation", "legal", "court")),
    # Handing data to the authorities is government_access (its own rules), not sharing with
    # companies: "disclosing information to government authorities", "law enforcement or other
    # third parties, for the legal reasons described ...".
    Rule("data_sharing",
         _re(r"\b(?:disclos\w+|provid\w+|hand\w*(?: over)?|report\w*) (?:\w+ ){0,3}?to (?:the )?(?:relevant |competent )?"
             r"(?:government(?:al)? (?:authorit\w+|agenc\w+|bodies)|public authorit\w+|law enforcement|regulators?|police|courts?)\b"
             r"|\b(?:law enforcement|government(?:al)? (?:authorit\w+|agenc\w+)|public authorit\w+|regulators?|police)\b[^.;]{0,60}?"
             r"\b(?:for (?:the )?legal reasons|required by law|to comply with)\b"
             # (left7) "disclose your data in response to lawful requests by public authorities"
             r"|\b(?:disclos\w+|provid\w+|shar\w+|releas\w+) (?:\w+ ){0,3}?in response to (?:\w+ ){0,2}?"
             r"(?:requests?|orders?|demands?|process) (?:from|by|of) (?:the )?(?:relevant |competent )?"
             r"(?:government(?:al)? (?:authorit\w+|agenc\w+|bodies)|public authorit\w+|law enforcement|regulators?|police|courts?)\b"),
         polarity="neutral", negatable=False,
         # "we will not disclose ... to law enforcement unless required" promises something
         excludes=_NEGATION,
         note="Data handed to the authorities is government access, not sharing with companies.",
         trigger=("disclos", "provid", "hand", "report", "law", "government", "public", "regulator", "police",
                  "shar", "releas", "court")),
    # (unseen8) The statements every participant in the EU-US frameworks (Privacy Shield, Data
    # Privacy Framework) must make: it "may be required to disclose personal data in response to
    # lawful requests by public authorities", it stays liable for data it passes on to "third
    # parties acting as agents on its behalf". They restate the framework's terms, not a practice
    # of the service, and come and go with the framework.
    *(Rule(category, _FRAMEWORK_DISCLOSURE, polarity="neutral", negatable=False,
           note="The standard statements of the EU-US data transfer frameworks state no practice of the service.",
           trigger=("required", "national"))
      for category in ("government_access", "data_sharing")),
    *(Rule(category, _FRAMEWORK_ONWARD_TRANSFER, polarity="neutral", negatable=False, requires=_LIABLE,
           note="The standard statements of the EU-US data transfer frameworks state no practice of the service.",
           trigger=("transfer", "responsib", "liable"))
      for category in ("government_access", "data_sharing")),
    # Checking who is asking ("we may ask to verify your identity before we disclose personal
    # information to you", "we'll validate your request by verifying that you're signed in")
    # protects the account; it follows no one.
    Rule("tracking",
         _re(r"\b(?:verify\w*|verif(?:ied|ication)|confirm\w*|validat\w+|authenticat\w+)\b[^.;]{0,40}?"
             r"\b(?:your identity|the identity of|who you are|(?:that )?you(?:[’']re| are) (?:signed|logged) in|your request)\b"),
         polarity="neutral", negatable=False,
         note="Verifying the identity of the person making a request is not tracking.",
         trigger=("verif", "confirm", "validat", "authenticat")),
    # The user's own tools for their own history ("edit your browsing history here").
    # ("review of your browsing history" is the service looking at it: no verb of the user.)
    Rule("tracking",
         _re(r"\b(?:view|see|edit|delete|clear|remove|erase|pause|turn off|manage)\s+(?:\w+\s+){0,2}?"
             r"(?:your|their) (?:\w+ )?(?:browsing|search|watch|viewing) history\b"),
         polarity="neutral", negatable=False,
         note="The user viewing, editing or clearing their own history is not tracking.",
         trigger=("view", "see", "review", "edit", "delet", "clear", "remov", "eras", "pause", "turn", "manag")),
    # The name of a document ("our Cookies Policy", "Cookie Notice") states no use of cookies.
    Rule("tracking",
         _re(r"\bcookies? (?:polic(?:y|ies)|notices?|statements?)\b"),
         polarity="neutral", negatable=False,
         note="The title of a cookie policy is not a use of cookies.",
         trigger=("cookie",)),
    # A passkey or device unlock checks the user's face or fingerprint on their own device
    # ("log in ... by entering a PIN code or biometric data like your Face ID"): the service
    # receives none of it. A service that collects or stores biometrics stays a harm.
    Rule("sensitive_data",
         _re(r"\b(?:passkeys?|unlock\w*|log(?:ging)? ?in|sign(?:ing)? ?in|authenticat\w+)\b[^.;]{0,80}?"
             r"\b(?:biometric\w*(?: \w+)?|face id|touch id|fingerprints?(?: scans?)?|face scans?)\b(?:[^.;]{0,40}\b(?:face id|touch id|fingerprints?(?: scans?)?))?"),
         polarity="neutral", negatable=False,
         requires=_re(r"\b(?:your|the) (?:own )?device\b|\bpasskeys?\b"),
         excludes=_re(r"\b(?:we|us|our (?:servers?|systems?)|Telegram|the service)\b[^.;]{0,30}?"
                      r"\b(?:collect|store|receive|upload|keep|retain|process|access|obtain)\w*\b[^.;]{0,40}?\b(?:biometric|face|fingerprint)"),
         note="Biometrics checked on the user's own device to log in (a passkey) never reach the service.",
         trigger=("passkey", "unlock", "log", "sign", "authenticat")),
    # An age below which no tailored ads are shown ("the appropriate age for tailored
    # advertising is determined by the country you are in") protects minors; it adds no ads.
    Rule("advertising",
         _re(r"\b(?:appropriate|minimum|required|legal|eligible) age (?:for|to receive|to see)\b[^.;]{0,20}?"
             r"\b(?:tailored|personali[sz]ed|targeted|interest[- ]based|behaviou?ral) (?:ads|advertising|advertisements)\b"
             r"(?:(?!\b(?:and|but) (?:we|our|they)\b)[^.;])*"  # the rest of that statement ("... in that country")
             r"|\b(?:tailored|personali[sz]ed|targeted|interest[- ]based|behaviou?ral) (?:ads|advertising|advertisements)\b"
             r"[^.;]{0,60}?\b(?:(?:appropriate|minimum|required|legal) age|age of (?:\d+|majority))\b"),
         polarity="neutral", negatable=False,
         note="An age below which tailored ads are not shown is no new advertising.",
         trigger=("appropriat", "minimum", "required", "legal", "eligible", "tailored", "personali", "targeted",
                  "interest", "behavio")),
    # Advertisers named in a sentence that says the ads are chosen only by the context
    # ("a tool for advertisers ..., but these sponsored messages are based solely on the topic").
    Rule("advertising",
         _re(r"\b(?:advertisers?|ads|advertising|advertisements|sponsored (?:messages|content|posts))\b[^.;]{0,160}?"
             r"\b(?:based|targeted|selected|chosen|determined) (?:solely|only|exclusively|purely|entirely) on (?:the )?"
             r"(?:topics?|content|context|subject|keywords?|search terms?|page|channels?|articles?)\b"),
         polarity="neutral", negatable=False,
         note="Ads chosen only by the context: the advertisers named do not target the user.",
         trigger=("advertis", "ads", "sponsored")),
    # (unseen5) The user as an advertiser: "if you post or buy advertisements, you must comply
    # with our advertising policy", "if you use the self-service platform for advertising, you must
    # agree to the ad terms". A duty of those who advertise shows no ad to users and uses no data
    # for ads. The statement ends where the service's own act begins ("..., we may ...").
    Rule("advertising",
         _re(r"\b(?:if|when|where|whenever|once) you (?:\w+ ){0,2}?"
             r"(?:advertise\b|(?:buy|purchase|post|run|place|publish|create|sell|submit|use|book) (?:[\w-]+ ){0,4}?"
             r"(?:ads|advertisements?|adverts?|advertising|sponsored (?:content|posts?|messages)|branded content)\b)"
             rf"(?:(?!,? (?:and |then )?(?:we|our|they|it)\b|{_ANOTHER_ACT})[^.;])*"),
         polarity="neutral", negatable=False,
         note="The user as an advertiser (their duties when they buy or post ads) is no ad shown to users.",
         trigger=("if", "when", "where", "once")),
    # (unseen5) A remedy the user has against the service's act: "you have a right to bring a
    # claim if you believe we have breached these Terms by ... suspending or terminating your
    # account", "you can appeal our decision to remove your content". The act is named as what the
    # user may challenge; the clause grants no power to do it. (A power stated before the remedy,
    # "we may terminate your account, and you may appeal", stays: it lies outside the match.)
    *(Rule(category,
           _re(r"\b(?:you (?:\w+ ){0,3}?(?:right|able|entitled|option|may|can|are free)|right of)\b (?:\w+ ){0,6}?"
               r"(?:appeal|challenge|contest|dispute|bring (?:a |any )?(?:claim|complaint|action)|complain|"
               r"(?:seek|request|ask for) (?:a )?(?:review|reconsideration|reinstatement))\b"
               # ... up to a turn to the service's own act ("you can appeal, but we may ...")
               rf"(?:(?!{_ANOTHER_ACT})[^.;])*"
               r"|\bif you (?:believe|think|feel) (?:that )?we(?: have|[’']ve)? (?:made a mistake|wrongly|mistakenly|"
               rf"unfairly|breached|erred)\b(?:(?!{_ANOTHER_ACT})[^.;])*"),
           polarity="neutral", negatable=False,
           # a remedy waived or denied ("you waive any right to challenge", "you may not bring a
           # claim") is no remedy: the act stays read as it was
           excludes=_re(r"\bwaiv\w*|\b(?:not|never|no)\b|n[’']t\b"),
           note="A remedy the user has against a removal or termination is not the power to remove or terminate.",
           trigger=("you", "right", "if")) for category in ("unilateral_termination", "content_removal")),
    # (unseen5) The user ending their own account ("you may deactivate your account or
    # discontinue your participation at any time") is the user's right to leave, not the
    # service's power to terminate: the clause model's cue words there state no such power.
    Rule("unilateral_termination",
         # (session 22, NOYB) "if you terminate your membership, ..." is the user leaving too
         _re(r"\b(?:you (?:may|can|are free to|have the right to|are able to)|(?:if|when|once|after) you)(?: \w+ly)? (?:\w+ )?"
             r"(?:deactivate|delete|close|terminate|cancel|discontinue|end|stop using)\b[^.;]{0,40}?"
             r"\b(?:your|the) (?:\w+ ){0,3}?(?:accounts?|subscriptions?|participation|membership|use of)\b"
             # ... up to where the service's own act begins ("..., and we may terminate ...")
             rf"(?:(?!\b(?:we|us|our)\b|{_ANOTHER_ACT})[^.;])*"),
         polarity="neutral", negatable=False,
         # ("you may not close your account while ..." withholds the right)
         excludes=_re(r"\byou (?:may|can) ?not\b|\byou cannot\b|n[’']t (?:deactivate|delete|close|terminate|cancel)"),
         note="The user ending their own account is the user's right, not the service's power to terminate.",
         trigger=("you",)),
    # (session 22, pool of readings: unseen18 Microsoft Store) What the user may not do to the
    # service ("You may not attempt to copy or change, alter, or otherwise attempt to modify the
    # Services or these TOU") is the user's duty, not the service's power to change its terms. The
    # reading ends where another party's act begins ("..., and we may change these Terms").
    Rule("unilateral_change",
         _re(r"\byou (?:(?:may|shall|must|will|can|should|are) ?not|cannot|agree not to|are not (?:permitted|allowed) to)"
             r"(?: (?:\w+ ){0,2}?(?:attempt|try) to)? (?:(?:\w+ ){0,2}?(?:copy|change|alter|modify|amend|edit|revise|adapt|"
             r"translate|reverse[- ]engineer|decompile|disassemble|tamper|create derivative)\w*)\b"
             rf"{_UP_TO_ANOTHER_ACT_OR_RELATIVE}"
             # ... and what the user may change of their own ("You may change your consent decision
             # at any time", timeanddate.com): the user's choice, not the service's power
             r"|\byou (?:may|can|are (?:free|able) to|have the right to)(?: also)? (?:change|update|modify|amend|edit|revise|"
             r"adjust|withdraw|review)\b(?: (?:or|and) \w+)? (?:\w+ ){0,1}?(?:your|the) (?:\w+ ){0,2}?"
             r"(?:consents?|preferences|settings|choices?|decisions?|mind|permissions?|profile|information|details|"
             r"subscriptions?|password)\b"
             rf"{_UP_TO_ANOTHER_ACT_OR_RELATIVE}"),
         polarity="neutral", negatable=False,
         note="What the user may (not) change is the user's own act, not the service's power to change the terms.",
         trigger=("you",)),
    # (session 22, pool of readings: unseen18 Google My Business) Notice promised before an account
    # or the terms are ended ("Before moving to terminate the Terms, we'll give you no less than 30
    # days advance notice") is a safeguard of the user, not a power to terminate.
    # (session 27) ... in either order ("we will give you notice before we terminate"), or when
    # the act comes ("Roblox may notify User if Roblox suspends ..."); the safeguard itself is
    # read by `safeguards.py`.
    *(Rule(category,
           _re(NOTICE_OF_THE_ACT),
           polarity="neutral", negatable=False,
           # (a notice hedged away states the power it names: "We may notify you if we terminate your
           # account, but we are not obliged to")
           excludes=_re(HEDGED),
           note="Notice promised before an account is ended or content removed is a safeguard, not a power to do it.",
           # (the grounds the notice names are no practice of their own: "Roblox may notify User if
           # Roblox ... removes Virtual Items ... in response to law enforcement requests")
           trigger=("before", "notif", "inform", "tell"))
      for category in ("unilateral_termination", "content_removal", "government_access")),
    # (session 22, pool of readings: unseen16 ArtStation) Signing in with another account ("you will
    # be able to sign in to your account using your Google Account") is the user's way in, not
    # tracking. What the service receives from it is another act, read on its own.
    Rule("tracking",
         _re(r"\b(?:sign|log)(?:ging)?[- ]?(?:in|on)\b[^.;]{0,60}?\b(?:using|with|through|via) (?:your|an?|the) "
             r"(?:[\w-]+ ){0,2}?(?:accounts?|ids?|credentials)\b"
             rf"(?:(?!{_ANOTHER_ACT}|\b(?:we|us|our|they|it)\b)[^.;,])*"),
         polarity="neutral", negatable=False,
         note="Signing in with another account is the user's way in, not tracking.",
         trigger=("sign", "log")),
    # (session 22, pool of readings: unseen17 Sketchfab) Recommendations of content ("makes
    # personalized recommendations to help tailor your experience", the DSA's recommender
    # disclosure) are no advertising: ads named beside them keep their reading.
    Rule("advertising",
         _re(r"\bpersonali[sz]ed (?:content |product )?recommendations?\b"
             rf"(?:(?!{_ANOTHER_ACT}|\b(?:ads|advertis\w*|marketing|promot\w*|offers?|sponsor\w*|paid|pay\w*|brands?|"
             r"placements?|partners?)\b)[^.;])*"),
         excludes=_re(r"\brecommendations? (?:of|for) (?:\w+ ){0,2}?(?:sponsored|paid|promoted|advertis\w*)\b"),
         polarity="neutral", negatable=False,
         note="Recommendations of content are not advertising.",
         trigger=("personali",)),
    # (session 22, pool of readings: unseen19 Google Earth, unseen20 Google Maps) A document
    # described ("It explains what information we collect, why we collect it and how you can
    # update ... your information", said of the privacy policy) states no practice: the practice
    # is read where that document states it.
    *(Rule(category,
           _re(r"\b(?:it|this|that|which|(?:the|our|this) (?:\w+ )?(?:polic(?:y|ies)|notices?|statements?|terms|"
               r"agreements?|pages?|sections?|documents?|guides?|centers?|centres?)) (?:also )?(?:explains?|describes?|"
               r"sets out|outlines?|tells you|details)\b (?:\w+ ){0,2}?(?:what|how|which|why|when|the (?:types|kinds|categories))\b"
               rf"(?:(?!{_ANOTHER_ACT})[^.;])*"),
           polarity="neutral", negatable=False,
           # a kind of data, a recipient or a sale named in the description is what the service does
           # ("It describes how we collect your browsing history, contacts and call logs")
           excludes=_re(r"\b(?:brows\w*|call logs?|contacts|location|biometric\w*|health|financial|sell|sold|sale|"
                        r"third[- ]part\w+|partners?|advertisers?|brokers?|affiliates?|government|law enforcement)\b"),
           note="A document described (what it explains) states no practice.",
           trigger=("explain", "describ", "sets", "outlin", "tells", "detail"))
      for category in ("data_collection", "data_sharing", "tracking", "data_retention", "advertising")),
    # (unseen5) A service that stays liable unless it proves it was not at fault accepts
    # liability ("GitHub shall remain liable ... unless the organization proves that it is not
    # responsible for the event giving rise to the damage"): the "not responsible" of the burden
    # of proof limits nothing.
    Rule("limitation_of_liability",
         _re(r"\bunless (?:\w+ ){0,4}?(?:proves?|demonstrates?|shows?|establish(?:es)?)\b[^.;]{0,40}?"
             # ... to the end of that statement: a cap or exclusion that follows (", and in no event
             # will ...") is the service's own limit and keeps its reading
             r"\bnot (?:liable|responsible|at fault)\b(?:(?!,? (?:and|but)\b|\bin no event\b|\bunder no circumstances\b)[^.;])*"),
         polarity="neutral", negatable=False,
         requires=_re(r"\b(?:remains?|shall (?:remain|be)|will (?:remain|be)|is|are) (?:fully )?(?:liable|responsible)\b"),
         note="Liability kept unless the service proves it was not responsible is no limitation of liability.",
         trigger=("unless",)),
    # (pool: Wolfram, Thomson Reuters, Firefox Monitor) The contract that binds the recipients: "Third-party
    # processors are contractually bound to handle your data in accordance with our privacy standards",
    # "Mozilla has contracted with these companies requiring them to protect your information". It
    # guards the sharing the text states elsewhere; it shares nothing. A sentence that also states
    # a sharing ("we share your data with partners, who are contractually bound ...") keeps its reading.
    Rule("data_sharing",
         _re(r"\b(?:are|is|become|becomes|remain|remains|will be) (?:\w+ ){0,2}?(?:contractually|legally) "
             r"(?:bound|required|obligated|obliged|committed)\b[^.;]*"
             r"|\b(?:are|is|become|becomes|remain|remains|will be) bound by (?:\w+ ){0,3}?(?:contract\w*|agreements?)\b[^.;]*"
             r"|\b(?:has|have) contracted with (?:\w+ ){0,4}?(?:requiring|obliging|obligating|binding) them to\b[^.;]*"),
         polarity="neutral", negatable=False,
         excludes=_re(r"\b(?:share|shares|shared|sharing|sell|sells|sold|disclose|discloses|disclosed|transfer|transfers|"
                      r"transferred|provide|provides|provided|make available|made available|send|sends|sent|give|gives|given|"
                      r"pass|passes|passed|release|releases|released|rent|rents|rented|transmit\w*|hand(?:s|ed)? over)\b"),
         note="A contract binding the recipients (to protect the data, to follow instructions) shares nothing.",
         trigger=("contractual", "legally", "bound", "contracted")),
    # (pool: CNN, Woman's Day, The New York Times) How a cookie-based opt-out works: it lives in the
    # browser, so clearing cookies resets it and another browser does not carry it ("clearing your
    # browser's cookies will reset your preferences", "the cookies cannot be read between different
    # browsers or browser profiles", "cookie-based web browser opt outs"). It describes the user's
    # choice, not a practice; a sentence that also states one ("we use cookies to ...") keeps its reading.
    # So is how to use such a choice ("To opt-out of Google Analytics ..., you can install ...").
    *(Rule(category,
           _re(r"\A(?=.*\bcookies?\b)(?=.*\b(?:opt[- ]?outs?|preferences|choices)\b)"
               r"(?=.*\b(?:clear(?:ed|ing|s)?|reset|delet(?:e|ed|es|ing))\b).+"
               r"|\A(?=.*\bcookies?\b)(?=.*\b(?:cannot be read|can[’']t be read|different browsers?|browser profiles?)\b).+"
               r"|\b(?:cookie|browser)[- ](?:based|level) (?:\w+ ){0,2}?opt[- ]?outs?\b"
               r"|\bopt[- ]?outs? (?:are|is) (?:\w+ ){0,2}?(?:browser|device)(?: and (?:browser|device))?[- ]specific\b"
               # ... and how to use one: "To opt-out of Google Analytics ..., you can download and install
               # the Google Analytics Opt-out Browser Add-on" (the practice is what the user switches off)
               r"|\A\W*to (?:opt[- ]?out of|prevent|disable|block|object to)\b[^,;]*,\s*"
               r"(?:you (?:can|may|could)|please|visit|click|install|download|use the|go to)\b.+"),
           polarity="neutral", negatable=False,
           excludes=_re(r"\b(?:we|us|our partners|partners|advertisers|they)\b (?:\w+ ){0,2}?"
                        r"(?:use|collect|track|place|set|share|sell|combine|receive|obtain|link|serve)\w*\b"
                        # ... whoever does it ("Third-party vendors ... use cookies to serve ads", "Our cookies
                        # link your activity across different browsers", "Google tracks your device")
                        r"|\b(?:tracks?|tracked|serves?|served|links?|linked|builds?|profiling|profiled|combines?|combined|"
                        r"shares?|shared|sells?|sold|collects?|collected|places?|placed)\b"),
           note="How a cookie-based opt-out works (cleared with the cookies, kept per browser) states no practice.",
           trigger=("cookie", "browser", "opt", "prevent", "disabl", "block", "object"))
      for category in ("tracking", "advertising")),
    # (pool: ArtStation, Sketchfab, PayPal) The one limit EU consumer law leaves a service: for
    # slight negligence, liability only for a material (cardinal) contractual obligation and the
    # damage foreseeable and typical when the contract was made. Terms may not limit more, and the
    # same scheme accepts liability in full for intent, gross negligence and injury (contract.py):
    # stating it is the law's floor, the usual carve-out from an "as is" disclaimer, not a new
    # limit. A broader exclusion in the same sentence ("in no event", "whatsoever") keeps its reading.
    Rule("limitation_of_liability",
         _re(r"(?:\A|(?<=[.;]))[^.;]*?\b(?:slight(?:ly)? negligen\w*|simple negligen\w*|(?:material|cardinal|essential) contractual obligations?|"
             r"cardinal obligations?|foreseeable at the time (?:of )?(?:the )?(?:conclusion of the contract|contract was (?:concluded|made|entered))|"
             r"(?:typically|typical(?:ly)?,?(?: and)?) foreseeable|foreseeable (?:and|or) typical)\b[^.;]*"),
         polarity="neutral", negatable=False,
         # the scheme's own shape: liable only for a material obligation, or up to the foreseeable damage
         requires=_re(r"\A(?=.*\bliab\w*)(?=.*\b(?:only|limited to|restricted to)\b)"
                      r"(?=.*\b(?:(?:material|cardinal|essential) (?:contractual )?obligations?|foreseeable|typical\w*)\b)"
                      # ... or its acceptance: "Airbnb is liable for any negligent breaches of essential
                      # contractual obligations" (UNFAIR-ToS labels it fair)
                      r"|\bliable for (?:any )?(?:slight(?:ly)? |simple )?negligen\w* breach\w* of (?:\w+ ){0,2}?"
                      r"(?:material|cardinal|essential) (?:contractual )?obligations?\b"),
         excludes=_re(r"\bin no event\b|\bunder no circumstances\b|\bwhatsoever\b|\bas[- ]is\b|\bat your (?:own|sole) risk\b"
                      r"|\bindirect\b|\bconsequential\b|\blost profits?\b|\bloss of (?:data|profits?|revenue)\b|\bexceed\w*"
                      r"|\bcap(?:ped)?\b|[$€£]|\b(?:eur|usd|gbp|chf)\b|\b\d"),
         note="The liability EU consumer law lets a service limit (slight negligence, foreseeable damage) is no new limit.",
         trigger=("slight", "simple", "material", "cardinal", "essential", "foreseeable", "typical")),
)
