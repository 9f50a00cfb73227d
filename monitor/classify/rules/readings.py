"""Plain wording the family rules missed or read the wrong way (issue 13, third pass).

Each rule is one reading a consumer lawyer would state in a sentence (``docs/taxonomy.md``,
"Polarity"). They are precise: the ToS;DR quotes the topic model learnt from never use the
wording of four of them, so those are freed from the topic gate as ``scripts/train_privacy.py``
frees such rules (JSON ``ungated``, listed again in ``ungated_unmeasured``), and their tests
are their check. The storage promise matches a quote and stays behind the gate.

>>> from monitor.classify.rules import find_rule_hits
>>> [(h.category, h.polarity) for h in find_rule_hits("We may collect and review voice and text chats to enforce our rules.")]
[('data_collection', 'harm'), ('data_collection', 'harm')]
>>> [(h.category, h.polarity) for h in find_rule_hits("When you call us, calls may be recorded for training purposes.")]
[('data_collection', 'harm'), ('data_collection', 'harm')]
>>> [(h.category, h.polarity) for h in find_rule_hits("We generally do not store the contents of voice calls.")]
[('data_retention', 'protection')]
"""

from __future__ import annotations

from .base import Rule, _re

# What users say, show or send through the service: its content, not data about it.
_COMMUNICATIONS = (r"(?:voice|audio|text|texts|messages?|chats?|images?|photos?|pictures?|videos?|recordings?|"
                   r"conversations?|calls?|streams?|streaming|screen ?shares?|content|posts?|uploads?)")

READING_RULES: tuple[Rule, ...] = (
    # "we may collect and review voice, text, images, videos and in-game content": the service
    # takes what users say and show, and looks at it. That is collection of that content.
    Rule("data_collection",
         _re(rf"\bwe (?:\w+ ){{0,2}}?(?:collect|record|capture|gather)(?:s|ed)? and (?:\w+ )?(?:review|analy[sz]e|monitor|scan|"
             rf"inspect|moderate|listen to|read|examine)\w*\b[^.;]{{0,60}}?\b{_COMMUNICATIONS}\b"
             # (session 26, unseen33 ubuntu.com) calls with the service recorded: "When you correspond
             # with us by phone, calls may be recorded for training and monitoring purposes"
             # (not another kind of call, "API calls may be monitored", nor the user's own recording:
             # "calls can be recorded by you", "... recorded on your device")
             r"|(?<!API )(?<!function )(?<!method )(?<!system )\b(?:(?:phone|telephone|voice|support|customer service) )?"
             r"(?:calls?|conversations?) (?:with us |with our \w+ )?"
             r"(?:may|will|might|can|could|are|is)(?: also)?(?: be)? (?:recorded|monitored)\b"
             r"(?! (?:by you|by users|by the user|locally|on your (?:device|phone|computer)|only on your))"
             r"|\bwe (?:\w+ ){0,2}?(?:record|monitor)s? (?:and (?:\w+ )?)?(?:your |our |any |all |some )?(?:(?:phone|telephone|voice) )?"
             r"(?:calls?|conversations?)\b"
             # (session 28, unseen38 Yahoo) the content of users' mail and messages read or kept:
             # "Yahoo analyzes and stores all communications content, including email content"
             # (the service by name, a word opening the sentence: not "Email Recipients may read ...",
             # "Third Parties may process ...", nor content kept on the user's device)
             r"|(?:\bwe|(?:^|(?<=[.;:]\s))(?!(?:You|Your|Users?|Customers?|Members?|Recipients?|The|This|Third|Other|Email|Apps?)\b)"
             r"(?-i:[A-Z][\w&.-]*))(?: \w+ly| also| may| will| can)* (?:analy[sz]e|scan|read|store|review|process)s?"
             r"(?: and (?:analy[sz]e|scan|read|store|review|process)s?)? (?:all |the |your |users[’'] |any )?"
             r"(?:communications? content|(?:e-?mail|message|chat) content|contents? of (?:your |users[’'] |all |any )?"
             r"(?:e-?mails?|messages|communications|chats|conversations))\b"
             r"(?![^.;]{0,40}\b(?:locally|on (?:your|the user[’']s) (?:own )?(?:device|phone|computer)))"),
         note="The service collects and reviews what users say or show (voice, text, images, video).",
         trigger=("collect", "record", "captur", "gather", "monitor", "content")),
    # "To create an account you need to provide data including your name, ...": data the user
    # must hand over to open an account or use the service is data the service collects.
    Rule("data_collection",
         _re(r"\b(?:to|in order to|when you|before you can|if you want to) (?:create|open|register|set up|sign up|use|access|join|"
             r"buy|purchase|make)\b[^.;]{0,60}?"
             r"\byou (?:will )?(?:(?:need|are required|have|will be (?:asked|required)) to|must) (?:provide|give|enter|submit|supply) "
             r"(?:us )?(?:with )?(?:certain |some |your |the following |basic )?(?:personal )?(?:data|information|details)\b"
             # a duty to be accurate ("you must provide information that is true") is no data asked for
             r"(?! (?:that|which) (?:is|are) (?:true|accurate|correct|complete|current|up[- ]to[- ]date))"
             r"(?:,? (?:including|such as|like|for example)\b)?"),
         note="Users must provide data to create an account or use the service.",
         trigger=("need", "must", "requir", "have", "asked")),
    # "We generally do not store the contents of video or voice calls": a stated limit on what
    # the service keeps of users' communications.
    Rule("data_retention",
         _re(rf"\bwe(?: \w+ly| also| still)* (?:(?:do|does|will|would|shall)\s+(?:not|never)|don[’']t|won[’']t|never)(?: \w+ly)? "
             rf"(?:store|keep|retain|save|log)\b[^.;]{{0,30}}?\b{_COMMUNICATIONS}\b"),
         polarity="protection",
         negatable=False,
         # ("record" is not here: "we will never record your calls" denies collecting them)
         note="The service says it does not store (keep, save) users' communications or content.",
         trigger=("store", "keep", "retain", "save", "log")),
    # "Once your messages are delivered, they are deleted from our servers": data deleted as soon
    # as an event has happened is a limit on keeping it, not a retention. (Copies said to remain
    # or be kept are read by the retention rules.)
    Rule("data_retention",
         _re(rf"\b(?:once|as soon as|immediately after)\b[^.;]{{0,60}}?(?<!\byou )\b(?:is|are|will be|gets?) (?:permanently |automatically )?"
             rf"(?:deleted|erased|destroyed)\b"
             rf"|\b(?:deleted|erased|destroyed) (?:from our servers )?(?:once|as soon as|immediately after)\b"),
         polarity="protection",
         requires=_re(rf"\b(?:data|information|{_COMMUNICATIONS[3:-1]}|logs?|records?|files?|account)\b"),
         excludes=_re(r"\b(?:remain\w*|retain\w*|keep|kept|backups?|copies)\b"),
         note="Data deleted as soon as an event has happened (once delivered, once the call ends).",
         trigger=("once", "soon", "immediately", "delet", "eras", "destroy")),
    # "We may build features that help users ... create or send short recordings": what users
    # make with a feature is their own act, not the service collecting sensitive data. (A
    # feature that names biometrics, health, location or children is still read by the rules.)
    Rule("sensitive_data",
         _re(r"\bfeatures?\b[^.;]{0,40}?\b(?:help|let|allow|enable)s? (?:users?|you|people|members|creators)\b[^.;]{0,60}?"
             rf"\b(?:create|send|make|record|share|edit)\b[^.;]{{0,30}}?\b{_COMMUNICATIONS}\b"),
         polarity="neutral", negatable=False,
         excludes=_re(r"\b(?:biometric|face|facial|fingerprint|voiceprint|health|medical|\w*location|GPS|genetic|DNA|child|children|kids|"
                      r"minors?|racial|ethnic|sexual|religious|political|trade union|immigration|sensitive)\w*"),
         note="A feature users use to create or send their own recordings or messages is not sensitive data collected.",
         trigger=("feature",)),
    # "there may be occasions when you may see advertisements": users who will see ads are
    # shown ads, whichever way the sentence puts it (the service as subject is read above).
    Rule("advertising",
         _re(r"\byou (?:may|will|might|could|can|would)(?: also| still| sometimes| occasionally)? (?:see|view|watch|hear|be shown|receive) "
             r"(?:\w+ ){0,2}?(?:ads|advertisements|advertising|commercials|commercial (?:breaks|messages)|sponsored (?:content|messages|posts))\b"),
         # spam users must not send, or ads they place themselves, are not the service's ads
         excludes=_re(r"\bopt(?:ed|s)? out\b|\bif you (?:choose|select|subscribe)\b"),
         note="Users will see ads in the service, in any words.",
         trigger=("see", "view", "watch", "hear", "shown", "receiv")),
    # "Opt out of targeted advertising": a way out of ads targeted at the user protects the user
    # on advertising, beside being a right (`user_rights`).
    Rule("advertising",
         _re(r"\bopt(?:[- ]?out| out) (?:of|from) (?:\w+ ){0,2}?(?:targeted|personali[sz]ed|interest[- ]based|behaviou?ral|"
             r"cross[- ]context|tailored) (?:ads|advertising|advertisements|marketing)\b"),
         polarity="protection",
         negatable=False,
         # (an opt-out denied or said not to exist where the user is is no way out)
         excludes=_re(r"\b(?:cannot|can[’']t|not (?:be )?able to|unable to|no (?:option|way|right) to|unavailable|"
                      r"(?:not|n[’']t) (?:be )?(?:available|offered|apply)|do(?:es)? not apply)\b"),
         note="A way to opt out of targeted advertising.",
         trigger=("opt",)),
    # "Our stores may use cameras, sensors and other technology to gather information about your
    # activity": technology set up to gather information about people collects it, whatever
    # the sentence names as its subject (a store, a device, an app).
    Rule("data_collection",
         _re(r"\bto (?:collect|gather|capture|record|obtain) (?:\w+ ){0,2}?(?:information|data|images|audio|video|footage)\b"
             r"[^.;]{0,20}?\b(?:about|on|of|from) (?:you|your|users?|people|customers|shoppers|visitors|individuals)\b"),
         # others gathering it with the service's tools ("developers may use the API to collect
         # information about users of their apps") is not the service collecting
         excludes=_re(r"\b(?:you|developers?|partners?|third[- ]part(?:y|ies)|advertisers?|publishers?|merchants?|"
                      r"businesses|other (?:\w+ )?(?:companies|apps|services|websites))\b (?:\w+ ){0,2}?"
                      r"(?:may|can|could|might|will|are able to|use|uses)\b[^.;]{0,60}?\bto (?:collect|gather|capture|record|obtain)\b"),
         note="Technology used to gather information about people, whatever the subject of the sentence.",
         trigger=("collect", "gather", "captur", "record", "obtain")),
    # "Help your friends and contacts find you on Pinterest": the user's account is shown to the
    # people who hold their contact details, which is disclosing the user to them.
    Rule("data_sharing",
         _re(r"\b(?:help|let|allow|enable)\w* (?:your |other |people in your |the )?(?:friends|contacts|people|users|others|members)"
             r"(?: (?:and|or) (?:\w+ )?(?:friends|contacts|people|users|others))?(?: \w+){0,6}? (?:to )?"
             r"(?:find|discover|look you up|search for|recogni[sz]e|connect with) you\b"),
         controllable=True,
         # an option the user turns on ("you can allow people ... to find you") is theirs
         excludes=_re(r"\byou (?:can|may) (?:choose to |decide to )?(?:help|let|allow|enable)\b"),
         note="The service lets other people find the user by their contact details or profile.",
         trigger=("help", "let", "allow", "enabl")),
)
