"""What the law makes a service say (issue 13, from the pool of readings of session 22).

A host that wants a copyright statute's safe harbour (the DMCA's) must keep "a policy that
provides for the termination in appropriate circumstances of subscribers who are repeat
infringers". A change that adds that policy ("we maintain a policy to terminate, in appropriate
circumstances, the accounts of repeat infringers", "any subscriber who is the subject of repeated
takedown notices") gives the service no power over other users: readers call it neutral. The
clause is still a termination clause (UNFAIR-ToS labels it so, and the clause model keeps
reading it as one); only its coming into the text is no change for the worse. A power beyond it
in the same clause is ("at any time, for any reason, including repeat infringement", "or if you
violate these Terms", "and forfeit any balance", "and any user we choose": ``_BEYOND``).

>>> only_the_repeat_infringer_policy(["Accounts of repeat infringers will be terminated in appropriate circumstances."])
True
>>> only_the_repeat_infringer_policy(["We may terminate your account at any time, including if you are a repeat infringer."])
False
>>> only_the_repeat_infringer_policy(["We terminate the accounts of repeat infringers and any user we choose."])
False
"""

from __future__ import annotations

import re

_REPEAT_INFRINGEMENT = (r"(?:repeat(?:ed)? (?:copyright )?infring\w*|repeatedly (?:\w+ )?infring\w*|"
                        r"(?:subject|target) of repeated (?:\w+ ){0,2}?notices?|"
                        r"repeated (?:copyright |dmca )?(?:takedown|infringement) notices?)")
_ENDS = r"(?:terminat\w*|suspend\w*|disabl\w*|clos\w*|deactivat\w*|ban\w*)"
_POLICY = re.compile(rf"\b{_ENDS}\b[^.;]{{0,160}}?\b{_REPEAT_INFRINGEMENT}"
                     rf"|\b{_REPEAT_INFRINGEMENT}[^.;]{{0,160}}?\b{_ENDS}\b", re.IGNORECASE)
# A power wider than the policy, in the same clause: any reason, any time, sole discretion; another
# ground or another object joined to it ("... or are a repeat infringer", "repeat infringers and any
# user we choose", "and anyone else who ..."); a consequence beyond the end of the account (a
# forfeit, no refund, no notice, no appeal); notices "of any kind".
_BEYOND = re.compile(r"\bfor any (?:other |or no )?reason\b|\bfor no reason\b|\bwithout (?:any )?(?:cause|reason)\b|"
                     r"\bat any time\b|\b(?:sole|absolute) discretion\b|"
                     # (the statute's own "subscribers and account holders ... who are repeat
                     # infringers" names the infringers, no one else: session 27, Wikipedia)
                     r"\b(?:or|and)\b,? (?:\w+ ){0,3}?(?:any|anyone|anybody|other|others|whose|"
                     r"who(?! (?:are|is|have been) repeat)|we|if)\b|"
                     r"\bforfeit\w*|\brefund\w*|\bwithout (?:prior )?(?:notice|appeal|warning)\b|\bpermanent\w*|"
                     r"\bviolat\w*|\bbreach\w*|\bobjectionable\b|\binterests?\b|\bany kind\b|\bcomplaints?\b",
                     re.IGNORECASE)


def only_the_repeat_infringer_policy(clauses: list[str]) -> bool:
    """Whether every clause (text) is the repeat-infringer policy and states no wider power."""
    return bool(clauses) and all(_POLICY.search(c) and not _BEYOND.search(c) for c in clauses)
