"""Wording shared by several rules: recipients, personal data, the user's own place, rights
the service keeps for itself or takes back."""

from __future__ import annotations

from .base import _re

# The user, not the service, is the one acting ("you may not use the AI services to train ...").
# Content the service's own AI generated, taken "from our services" to build models, is
# likewise the user's act (the service has no need to take its own output from itself).
# (session 28) ... not past another subject ("we", "the Company", "our affiliates", a name with its
# verb): "You agree and instruct that we may use ..." is the service's use.
_USER_IS_SUBJECT = _re(r"\byou (?:may|must|shall|will|agree|cannot|can)(?: not)?\b"
                       r"(?:(?!\b(?:we|us|it|they|the company|our \w+|(?-i:[A-Z][\w&.-]*) (?:may|will|can|shall|might))\b)[^.;]){0,40}\buse\b"
                       r"|\b(?:AI-|machine-)?generated (?:content|outputs?|materials?) (?:from|of) (?:our|the|its) (?:services?|products?|platform)\b")

# "of your country of residence", "of the state where you live": the user's own place.
_USERS_OWN_PLACE = (r"(?:\s+(?:your|the user[’']s|the consumer[’']s) (?:own )?(?:country|state|province|member state|place|jurisdiction)"
                    r"(?: of (?:your |their )?(?:habitual )?(?:residence|domicile))?(?! of (?!(?:your |their )?(?:habitual )?(?:residence|domicile)))"
                    r"|\s+the (?:country|state|member state|place|jurisdiction) (?:of (?:your )?(?:habitual )?(?:residence|domicile)|"
                    # (session 28, unseen37 Wikimedia) "the courts of the jurisdiction where you normally live"
                    r"where you (?:normally |habitually |usually )?(?:live|reside))\b)")
_RECIPIENTS = (r"(?:third[- ]part(?:y|ies)|(?:business |marketing |advertising |trusted )?partners?|affiliates?|"
               r"advertisers?|other companies|(?:advertising|ad tech|analytics|measurement) (?:companies|providers|firms)|"
               r"(?:game |app |third[- ]party )developers|(?:other )?(?:meta|facebook) (?:companies|products)|"
               r"family of companies|group companies|companies (?:in|within|that are part of) (?:our|the)|"
               r"corporate (?:group|family)|subsidiaries|vendors?|service providers?|data brokers?|"
               r"researchers?|publishers?|measurement (?:companies|partners)|"
               # (branch `rights`) companies of the same group, named by their kind
               r"(?:parent|sister|holding) compan(?:y|ies)|group (?:members?|entities))")
_SHARE_VERBS = (r"(?:share[sd]?|sharing|disclos(?:e|es|ed|ing)|transfer(?:s|red|ring)?|pass(?:es|ed)? (?:it )?on|"
                r"make (?:it |them )?available|provid(?:e|es|ed|ing)(?! by)|sen[dt]s?|releas(?:e|es|ed|ing))")
# A recipient named by its proper name ("shares data ... with Lumen", "refer your query to
# Bing"): a capitalised word after "with" / "to", case-sensitive, that is not the reader, the
# service itself or a part of the document; or one pointed back to ("release necessary data
# to that third party"), as specific as a name.
_NAMED_RECIPIENT = (r"(?:with|to)\s+(?:(?:that|this|the same|such) third[- ]party\b|"
                    r"(?-i:(?!(?:You|Your|Us|Our|We|This|These|That|The|Terms|Section|Services?|Privacy|"
                    r"Policy|Settings|Help|Account)\b)[A-Z][A-Za-z0-9’'&.-]*[A-Za-z0-9]))")
_PERSONAL = r"(?:personal (?:data|information)|your (?:\w+ ){0,2}(?:data|information)|user data|information about you|data about you)"
# What may be sold: personal data, or a named record of users ("your order history").
_SOLD_DATA = (r"(?:" + _PERSONAL[3:-1] + r"|your (?:\w+ ){0,2}(?:history|details|records|profiles?|contacts|lists?)"
              r"|(?:customer|user|member|subscriber|mailing) (?:lists?|data|information|records|profiles))")

# One character of a clause that stays within one item of a list: a window from a share verb
# to its recipient stops where another activity of the list begins (", or connecting ...",
# ", and logging in ..."), so "providing biometric data, targeted advertising, or connecting to
# a third-party platform" shares nothing. Words that open a phrase inside the same item
# ("including", "depending", "during") are no new item.
_WITHIN_LIST_ITEM = (r"(?:(?!,\s+(?:(?:and|or)\s+)?(?!(?:including|excluding|regarding|concerning|following|according|"
                     r"during|depending|pending|using|notwithstanding|nothing|something|anything|everything)\b)"
                     r"[a-z]+ing\b)[^.;])")
_RECIPIENT_TRIGGER = ("third", "partner", "affiliat", "advertis", "compan", "subsidiar", "vendor", "provider",
                      "broker", "researcher", "publisher", "meta", "facebook", "corporate", "developer", "firm", "group")

# --- user_rights helpers (branch `rights`) ---------------------------------------------
# "reserves the right to restrict ...", "we have the right to request ...": the service's own
# right, not one the user gains (fixed-width look-behinds, one per wording).
_NOT_THE_SERVICES = (r"(?<!reserves the )(?<!reserve the )(?<!retains the )(?<!retain the )(?<!we have the )"
                     r"(?<!it has the )(?<!we also have the )")
# A right conditioned away: the service may refuse the request, its interest overrides the
# user's, or the right "is not available" / "does not apply". Such a clause grants nothing.
_RIGHT_WITHHELD = (r"\b(?!you\b|users?\b|members?\b|people\b|others?\b|recipients?\b)(?:we|it|they|(?-i:[A-Z]\w+)) (?:may|can|could|might|will|reserves? the right to) (?:(?!not\b|never\b)\w+ )?"
                   r"(?:refuse|deny|decline|reject|disregard)\w* (?:\w+ ){0,3}?requests?\b"
                   r"|\binterests? (?:\w+ ){0,6}?(?:overrides?|outweighs?) (?:your|the user[’']s|users[’']) (?:interests?|rights?)\b"
                   r"|\brights?\b[^.;]{0,80}?\b(?:is|are|does|do|will) not (?:be )?(?:available|apply|applicable|offered|provided)\b")
