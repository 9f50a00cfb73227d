"""Rules for contract terms: governing law, unilateral changes, warranty disclaimers, liability
the service accepts, and class-action waivers."""

from __future__ import annotations

from .base import Rule, _re
from .wording import _USERS_OWN_PLACE

CONTRACT_RULES: tuple[Rule, ...] = (
    # --- UNFAIR-ToS categories where the model misses plain wording -----------------------
    # UNFAIR-ToS marks one sentence per clause, so the model learnt that most sentences of
    # a governing-law section are "fair"; these rules catch the sentences that plainly
    # impose the term. Each is kept only while it does not lower the cross-validated
    # figures on the training documents (grouped by service; BENCHMARKS.md): the broad rules for
    # arbitration and jurisdiction lowered them and were removed (a narrow one for arbitration
    # imposed in plain words is below).
    # A clause that puts disputes under binding arbitration ("... will be resolved by binding
    # arbitration, rather than in court"), also where it names it among terms found elsewhere
    # ("any dispute ... is subject to the binding arbitration, governing law, disclaimer of
    # warranties ... in the Conditions of Use": the model reads such a list as a pointer and
    # misses the term it names). Only these words are read: the broad arbitration rule lowered
    # the held-out figures (above); "a dispute not subject to mandatory arbitration" is the
    # clause's carve-out, no term either way.
    Rule("arbitration",
         _re(r"\b(?:subject to|(?:resolved|settled)(?: exclusively| solely| only)? (?:by|through)) "
             r"(?:(?:a |the )?final(?: and|,) )?(?:the )?(?:mandatory )?(?:binding|mandatory) (?:individual )?arbitration\b"),
         negatable=False,
         # the denial governs the arbitration itself ("not subject to mandatory arbitration", "will
         # never be resolved by binding arbitration"), not an earlier step ("a dispute not resolved
         # within 60 days will be resolved by binding arbitration")
         excludes=_re(r"\b(?:not|never)(?:,? (?:be|been|ever|under any circumstances|in any (?:case|event)))*,? "
                      r"(?:subject to|(?:resolved|settled)(?: exclusively| solely| only)? "
                      r"(?:by|through)) (?:(?:a |the )?final(?: and|,) )?(?:the )?(?:mandatory )?(?:binding|mandatory)\b"),
         note="Disputes are subject to binding arbitration.",
         trigger=("subject", "resolved", "settled")),
    Rule("choice_of_law",
         _re(r"\b(?:governed by|construed (?:and enforced )?in accordance with|interpreted (?:and enforced )?in accordance with)"
             r"(?: and construed in accordance with)? the (?:substantive )?laws? of\b(?!" + _USERS_OWN_PLACE + r")"
             r"|\bgoverned by (?:\w+ ){1,2}law\b"),
         note="The contract is governed by a named law.",
         trigger=("governed", "construed", "interpreted")),
    # Consumer law keeps the law and courts of the user's home: a contract governed by "the laws
    # of your country of residence", or whose chosen law "will not limit the consumer protection
    # rights" of the mandatory law at home, does not take the user's own law away.
    # (unseen8) ... but "the law of your country allows you to enter into the terms" is the
    # user's capacity to contract, not the law the contract follows.
    Rule("choice_of_law",
         _re(r"\blaws? of" + _USERS_OWN_PLACE + r"(?!\s+(?:allows?|permits?|lets|enables?|authori[sz]es?) you\b)"
             r"|\b(?:not|never|nothing in (?:these|this) \w+(?: (?:will|shall|is intended to|does))?)\s+(?:\w+ ){0,2}?"
             r"(?:limit|affect|deprive|exclude|restrict|override|prejudice|waive|remove|reduce)\w*\b[^.;]{0,80}?"
             r"\b(?:consumer|statutory|mandatory|non-waivable)(?: protection)?\b[^.;]{0,40}?\b(?:rights?|protections?|provisions?)\b"),
         polarity="protection",
         negatable=False,
         note="The user keeps the law of their own country, or its mandatory consumer protections.",
         trigger=("law", "limit", "affect", "depriv", "exclud", "restrict", "overrid", "prejudic", "waiv", "remov", "reduc")),
    Rule("jurisdiction",
         _re(r"\b(?:in|before|to) (?:your|the user[’']s) (?:own |local |home )+courts?\b|\bcourts? (?:of|in|for)" + _USERS_OWN_PLACE +
             r"|\bcourts? where you (?:live|reside)\b"),
         polarity="protection",
         requires=_re(r"\b(?:bring|brought|file|filed|start|commence|take|proceedings?|disputes?|claims?|sue|action)\b"),
         note="The user may go to the courts of their own home.",
         trigger=("local", "home", "own", "court")),
    Rule("unilateral_change",
         _re(r"\b(?:we|[A-Z]\w+) (?:may|can|reserve the right to|will)\b(?:\s+\w+){0,4}?\s+(?:change|modify|amend|update|revise|alter)\w*\s+"
             r"(?:these|this|the|our|any of these)\s+(?:terms|agreement|conditions|policy|privacy policy|terms of (?:service|use))\b"),
         note="The service may change the terms.",
         trigger=("change", "modif", "amend", "updat", "revis", "alter")),
    # Warranty disclaimers limit the service's liability (the taxonomy's choice; UNFAIR-ToS
    # labels them fair, so this rule costs points on its validation split: BENCHMARKS.md).
    Rule("limitation_of_liability",
         _re(r"\bprovided (?:to you )?(?:on an? )?[\"“'‘]?as[- ]is\b|\b[\"“'‘]as[- ]is[\"”'’]?(?: and| or|,)? [\"“'‘]?as[- ]available\b"
             r"|\bwithout (?:any )?(?:representations? or )?warrant(?:y|ies) of any kind\b"
             r"|\b(?:makes?|give|gives|offer) no (?:representations?,? (?:or|and) )?(?:warrant(?:y|ies)|guarantees?)\b"
             r"|\bdisclaims? (?:all |any )?(?:\w+ ){0,3}warrant(?:y|ies)\b"),
         negatable=False,
         note="A warranty disclaimer ('provided as is', 'no warranty of any kind').",
         trigger=("provided", "as", "without", "make", "give", "offer", "disclaim")),
    # A service that answers for its own acts, or for those of the companies it hires ("the
    # Provider shall be responsible and liable to Customer for the acts and omissions of its
    # subcontractors"), accepts liability; it does not limit it. Capped or narrowed wording
    # ("liable only for gross negligence", "up to the fees paid") stays a limitation; negated
    # ("we will not be liable"), it is the harm.
    Rule("limitation_of_liability",
         _re(r"\b(?:we|(?-i:(?!(?:You|Your|Customer|Customers|User|Users|Licensee|Member|Members|Subscriber|Each|Neither|Either|"
             r"Any|No|The|This|That|Such)\b)[A-Z][a-z][A-Za-z]*))(?: (?:shall|will|would|remains?|agrees? to))? (?:be|is|are|remains?) "
             r"(?:fully |directly )?(?:responsible and liable|liable and responsible|liable)"
             r"(?: to (?:you|(?-i:[A-Z]\w+)|customers?|users?))? for\b"),
         polarity="protection",
         excludes=_re(r"\b(?:only|solely|limited|exceed\w*|maximum|aggregate|no event|neither|nor|capped|up to|gross(?:ly)? negligen\w*|"
                      r"wil(?:l)?ful|intentional\w*|fraud\w*)\b"),
         note="The service accepts liability for its own acts or its subcontractors' (not capped, not narrowed).",
         trigger=("liable",)),
    # (pool) The liability EU consumer law keeps whatever the terms say, accepted in full: "the
    # Epic Parties shall be liable without limitation for intent and gross negligence as well as
    # for damages resulting from injury to life, body or health" (ArtStation's and Sketchfab's
    # 2025 carve-outs for EU users from their "as is" disclaimers). "Without limitation" is what
    # the service accepts, not a limit; "liable only for gross negligence" stays a limitation.
    Rule("limitation_of_liability",
         _re(r"\b(?:be|is|are|remains?) (?:fully )?liable (?:without (?:any )?limitation|unlimited(?:ly)?|in full|"
             r"in accordance with (?:the )?statutory (?:provisions|law|rules))(?: to (?:you|users?|customers?))? "
             r"(?:for|in (?:case|cases|the event) of) (?:\w+ ){0,2}?"
             r"(?:intent|intentional|wil(?:l)?ful|gross(?:ly)? negligen\w*|injury|damages? (?:resulting|arising) from injury)"
             r"|\bunlimited liability for (?:\w+ ){0,2}?(?:intent|intentional|wil(?:l)?ful|gross(?:ly)? negligen\w*|injury)\b"),
         polarity="protection",
         negatable=False,
         # the user's liability is theirs ("You shall be liable without limitation for any intentional breach")
         excludes=_re(r"\b(?:you|users?|customers?|members?|licensees?|subscribers?)\b (?:\w+ ){0,2}?"
                      r"(?:shall|will|are|is|remains?|agrees? to)\b(?: \w+)? (?:be )?(?:fully )?liable\b"),
         note="The service is liable without limitation for intent, gross negligence and injury (EU consumer law).",
         trigger=("be", "is", "are", "remain", "unlimited")),
    # An indemnity the user gives that stops where the service's own fault begins ("except to
    # the extent a loss is caused by our breach or negligence") narrows what the user answers for.
    Rule("limitation_of_liability",
         _re(r"\bexcept (?:to the extent|where|insofar as)\b[^.;]{0,60}?\b(?:caused by|aris\w+ from|result\w* from) "
             r"(?:our|us|the service[’']s|(?-i:[A-Z]\w+)[’']s)\b[^.;]{0,30}?\b(?:breach|negligen\w+|fault|misconduct)\b"),
         polarity="protection",
         requires=_re(r"\bindemni\w+|\bhold (?:\w+ )?harmless\b"),
         negatable=False,
         note="The user's indemnity does not cover losses caused by the service's own breach or negligence.",
         trigger=("except",)),
    # --- class_action_waiver -------------------------------------------------------------
    Rule("class_action_waiver",
         _re(r"\bclass[- ](?:action|arbitration|wide (?:arbitration|action)|proceeding|member|or (?:collective|representative))s?\b"
             r"|\brepresentative (?:action|proceeding|capacity|basis)s?\b|\bcollective action\b"),
         requires=_re(r"\b(?:waive|waiver|waiving|not|no|only|individual(?:ly)?|prohibit\w*|may not|cannot|agree)\b"),
         negatable=False,
         note="A class-action waiver says what the user may NOT do, so negation does not flip it.",
         trigger=("class", "representative", "collective")),
)
