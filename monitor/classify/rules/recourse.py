"""A recourse the user may take outside the service (issue 13, `left7`): a user right.

The Data Privacy Framework and similar schemes oblige a service to name an independent body
that hears users' unresolved complaints, free of charge, and to let an individual invoke
binding arbitration as a last resort. A lawyer reads each as a right the user gains ("we commit
to refer unresolved complaints to an independent dispute resolution provider", "its services
are provided at no cost to you", "an individual may invoke binding arbitration"), as is a
right to take the service to court ("you have a right to bring a claim if you believe we have
breached these Terms by suspending your account"). The
certification statements around them ("we have certified that we adhere to the Principles")
state no practice and no right: no rule reads them.
"""

from __future__ import annotations

from .base import Rule, _re

# The service sending users' unresolved complaints to an independent body ("commits to refer
# unresolved complaints ... to JAMS, an alternative dispute resolution provider").
_REFERS_COMPLAINTS = (r"\b(?:commit|agree|undertake)\w* to (?:refer|submit|forward)\b[^.;]{0,40}?\bcomplaints?\b"
                      r"[^.;]{0,240}?\b(?:dispute resolution|recourse|mediation|arbitration|ombuds\w*|panel|"
                      r"(?:data protection|supervisory) authorit\w+)\b")

# The framework's choice principle: the service gives the user a say before it shares data or
# uses it for a new purpose ("we will provide an individual opt-out choice, or opt-in for
# sensitive data, before we share your data with third parties"). The sharing it names is the
# condition of the right, not a practice stated.
_CHOICE_BEFORE_SHARING = _re(r"\b(?:provide|offer|give)s? (?:you |individuals? )?(?:with )?(?:an? )?(?:individual )?"
                             r"(?:opt[- ]?out|opt[- ]?in)\b[^.;]{0,80}?\bbefore (?:we|it|they) "
                             r"(?:share|disclose|transfer|sell|use)\b[^.;]*")

RECOURSE_RULES: tuple[Rule, ...] = (
    Rule("user_rights", _CHOICE_BEFORE_SHARING, polarity="protection",
         note="A choice (opt out, or opt in) the user is given before their data is shared or put to a new use.",
         trigger=("provid", "offer", "give")),
    Rule("data_sharing", _CHOICE_BEFORE_SHARING, polarity="neutral", negatable=False,
         note="Sharing named only as what the user's choice comes before states no practice.",
         trigger=("provid", "offer", "give")),
    Rule("user_rights",
         # the service sends unresolved complaints to an independent body
         _re(_REFERS_COMPLAINTS +
             # ... whose services cost the user nothing
             r"|\b(?:recourse|dispute resolution|complaints? (?:handling|process|mechanism)|mediation)\b[^.;]{0,120}?"
             r"\b(?:(?:are|is) provided |(?:are|is) available )?(?:at no (?:cost|charge)|free of charge)(?: to (?:you|the individual|individuals))?"
             # ... or an individual may take to binding arbitration as a last resort
             r"|\b(?:you|an individual|individuals|data subjects?)\b (?:\w+ ){0,2}?(?:has|have) the (?:possibility|right|option)\b"
             r"[^.;]{0,40}?\bto invoke (?:binding )?arbitration\b"
             # ... or the user's right to take the service to court over its decisions ("you have a
             # right under local law to bring a claim ... if you believe we have breached these Terms")
             # (not a right only assumed: "to the extent you have a right to bring a claim")
             r"|(?<!extent )(?<!\bif )(?<!where )(?<!insofar as )\byou (?:\w+ ){0,2}?(?:have|has|retain) (?:a|the) right\b (?:\w+ ){0,4}?to (?:bring|file|make|start) "
             r"(?:a |any )?(?:legal )?(?:claim|complaint|action|lawsuit|proceedings)\b"
             # ... or a place named to file a complaint with
             # (a web address's dots end no sentence)
             r"|\b(?:visit|contact|write to)\b(?:[^.;]|\.(?=\S)){0,160}?\bto (?:file|lodge|submit) (?:a|your) complaint\b"),
         polarity="protection", negatable=False,
         # (a recourse denied or waived is none, but a condition that merely mentions a failure
         # gives it: "if your complaint cannot be resolved ..., you may have the right to invoke
         # binding arbitration"; nor a time limit that bars the claim: "bring it
         # within one year after it arises, or it is permanently barred")
         excludes=_re(r"\b(?:waive\w*|not (?:be )?(?:entitled|able|permitted)|no right|cannot (?:\w+ ){0,2}?(?:invoke|bring|file|"
                      r"make|start|refer|use|contact|take)|(?:forever |permanently )?barred|"
                      r"time[- ]barred|within (?:\w+ ){1,3}(?:after|of) (?:it|the (?:claim|cause of action|dispute))\b"
                      r"(?: \w+){0,2}? (?:arises|arose|accrues|accrued))\b"),
         note="A recourse outside the service: an independent body for complaints, free of charge, or arbitration the individual may invoke.",
         trigger=("commit", "agree", "undertak", "recourse", "dispute", "complaint", "mediation", "invoke", "visit",
                  "contact", "write", "you")),
)
