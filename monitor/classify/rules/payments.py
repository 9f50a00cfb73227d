"""Rules for money: renewals charged automatically, prices the service may change, refunds
refused or promised (the ``fees_and_refunds`` category).

Readers of real changes weigh these as much as any privacy term: an auto-renewal "WITHOUT NOTICE
TO YOU", a "Kit Return and Full Refund" clause deleted, "all purchases are final". ToS;DR tags
the same wording ("The service has a no refund policy", "You authorise the service to charge a
credit card supplied on re-occurring basis", "Users are entitled to a refund ..."); its quotes
measure these rules (``tests/test_fees_and_refunds.py``).

>>> from .matching import find_rule_hits
>>> [(h.polarity, h.text) for h in find_rule_hits("All fees are non-refundable.")]
[('harm', 'non-refundable')]
>>> [(h.polarity, h.text) for h in find_rule_hits("You may cancel within 30 days for a full refund.")]
[('protection', 'full refund')]
"""

from __future__ import annotations

from .base import Rule, _re

# A party named as the subject, never the user's side ("You may change your plan").
# Other sellers on a platform set their own prices ("Instructors may change the prices of their
# courses"). The look-behind keeps a run of "A.A.A." from starting a match at every letter.
_NAMED = (r"(?<![\w.&-])(?-i:(?!(?:You|Your|Customer|Customers|User|Users|Member|Members|Subscriber|Subscribers|Each|"
          r"Neither|Either|Any|No|The|This|That|Such|Sellers?|Merchants?|Hosts?|Providers?|Instructors?|Creators?|"
          r"Vendors?|Publishers?|Developers?|Partners?|Advertisers?|Artists?|Drivers?|Restaurants?)\b)[A-Z][\w.&-]*)")
_MONEY = r"(?:prices?|pricing|fees?|charges?|subscription (?:fees?|prices?|charges?)|tariffs?|costs?)"

PAYMENT_RULES: tuple[Rule, ...] = (
    # Money the user does not get back. The words are negative by nature ("no refunds",
    # "not eligible for a refund"): a negation does not flip them.
    Rule("fees_and_refunds",
         _re(r"\bnon[- ]?refundable\b|\b(?:not|aren[’']t|isn[’']t) (?:\w+ )?refundable\b|\bno refunds?\b"
             r"|\b(?:do|does|will|shall|would) not (?:\w+ )?refund\b|\bnot to refund\b"
             r"|\b(?:will|shall|are|is) not (?:be )?refunded\b|\b(?:aren[’']t|isn[’']t|won[’']t be) refunded\b|\b(?:won[’']t|don[’']t|doesn[’']t) refund\b|\bnot (?:be )?(?:eligible|entitled) (?:for|to) (?:a |any )?(?:\w+ )?refunds?\b"
             r"|\b(?:will|shall|do|does|can) not (?:\w+ )?(?:give|issue|provide|offer|grant|make|be given|be issued|be provided) "
             r"(?:you )?(?:a |any )?(?:\w+ )?refunds?\b"
             r"|\b(?:won[’']t|don[’']t|doesn[’']t|cannot|can[’']t) (?:give|issue|provide|offer|grant|make) (?:you )?(?:a |any )?refunds?\b"
             r"|\bwithout (?:a |any )?refunds?\b|\b(?:cannot|can[’']t|may not|will not be able to) (?:request|claim|obtain|get|receive) (?:a |any )?refunds?\b"
             r"|\b(?:all )?(?:fees|payments|charges|sales|purchases|orders)(?: (?:of|for|made|paid) [\w\s-]{1,40}?)? (?:are|is|shall be|will be) "
             r"(?:final|non-?cancell?able)\b"
             r"|\b(?:do|does|will) not accept returns\b"),
         negatable=False,
         # an arbitration's own fees ("the nonrefundable Initial Filing Fee") are the dispute clause's
         excludes=_re(r"\b(?:filing|arbitration|arbitrator[’']?s?|administrative|court) (?:\w+ )?fees?\b|\barbitrat\w+"),
         note="Money paid is not refunded (no refunds, non-refundable, purchases final).",
         trigger=("refund", "non", "final", "cancel", "return")),
    # Credits, points or balances the user loses; "are never forfeited" is the reverse.
    Rule("fees_and_refunds",
         _re(r"\bforfeit(?:s|ed|ure)?\b(?:[^.;]{0,60}?)\b(?:credits?|points|balance|fees?|payments?|tokens?|coins|amounts?|"
             r"subscriptions?|benefits?)\b"
             r"|\b(?:credits?|points|balances?|tokens?|coins|benefits?)\b(?:[^.;]{0,40}?)\bforfeit(?:s|ed)?\b"),
         note="Credits, points or balances paid for are forfeited.",
         trigger=("forfeit",)),
    # Charges taken without a new act of the user: a renewal that renews itself, a card kept on
    # file and charged. The user turning it off ("you can turn off auto-renewal") is theirs.
    Rule("fees_and_refunds",
         _re(r"\b(?:authori[sz]e|permit|allow)\w* (?:us|" + _NAMED + r"(?: (?-i:[A-Z][\w.&-]*)){0,2})"
             r"(?: \([^)]{0,200}\)|, [^,.;()]{1,100},)?,? (?:(?:and|or) (?:\w+ ){1,4})?to (?:automatically )?"
             # money collected, not data ("you allow us to collect information about you")
             r"(?:charge|bill|debit|collect (?:the |any |all )?(?:[\w-]+ ){0,3}?(?:fees?|payments?|charges?|amounts?|prices?|sums?))\b"
             r"|\bautomatically (?:(?:will|be|and|immediately|continuously) ){0,3}(?:renew|charg|bill|debit)\w*"
             r"|\b(?:renews?|renewed|renewal) automatically\b"
             r"|\bauto-?(?:renew|recurring)\w*\b|\b(?:recurring|re-?occurring) (?:charges?|payments?|billing|fees?|subscriptions?)\b"
             r"|\b(?:charge[ds]?|charging|bill(?:ed|s)?) (?:\w+ ){0,8}?(?:on )?an? (?:\w+ ){0,2}?(?:recurring|re-?occurring|periodic) basis\b"
             r"|\bcontinu(?:e|es|ing) to (?:be )?(?:charged?|billed?)\b|\b(?:billed|charged) continuously\b"
             r"|\b(?:permission|authori[sz]ation|authori[sz]ed) to charge\b"
             # (unseen29 Google Play, Vimeo) a payment method the user did not choose for this charge
             r"|\b(?:we|" + _NAMED + r") (?:may|will|can|might|shall|reserves? the right to)(?: also)?(?: attempt to| try to)? "
             r"(?:charge|bill|debit) (?:[\w,]+ ){0,6}?(?:any |an? )?(?:backup|back-up|alternative|alternate|secondary|"
             r"other|another|additional) payment (?:methods?|cards?|sources?)\b"),
         controllable=True,
         note="The service charges or renews automatically (auto-renewal, recurring charges on a card on file).",
         trigger=("authori", "permit", "allow", "charg", "bill", "debit", "renew", "recurring", "occurring", "reoccur", "auto")),
    # A price the service may change on its own.
    Rule("fees_and_refunds",
         _re(r"\b(?:we|" + _NAMED + r") (?:may|can|reserves? the right to|will be entitled to|are entitled to|is entitled to) "
             r"(?:\w+ ){0,3}?(?:change|increase|modify|adjust|raise|revise|introduce|impose)\w* (?:\w+ ){0,4}?" + _MONEY + r"\b"
             r"|\b" + _MONEY + r" (?:\w+ ){0,3}?(?:are|is|may be|will be) (?:\w+ )?subject to change\b"
             r"|\b" + _MONEY + r" (?:\w+ ){0,3}?(?:may|can) (?:change|increase)\b"
             # (session 29, unseen40 Brevo) a supplier's price increase passed on to the user ("Brevo
             # might immediately apply with retroactive effect the new Ratio and price increase"), and
             # a plan the service upgrades on its own ("... and upgrade the User's plan without prior
             # notice")
             # (review: "we may apply a discount to offset the price increase" applies no increase)
             r"|\b(?:we|" + _NAMED + r") (?:may|might|can|will|shall|reserves? the right to)(?: [\w’'-]+){0,4}? "
             r"(?:apply|pass on|pass through|charge) (?:(?!to\b)[\w’'-]+ ){0,8}?(?:price|fee|rate|tariff)s? increases?\b"
             r"|\b(?:price|fee|rate|tariff)s? increases? (?:\w+ ){0,3}?(?:shall|will|may|can) (?:\w+ )?be (?:\w+ )?"
             r"(?:applied|passed on|passed through|charged)\b"
             # (review: "we will notify you and you can choose to upgrade", "offer you the option to
             # upgrade" are the user's choice)
             r"|\b(?:we|" + _NAMED + r") (?:may|might|can|will|shall|reserves? the right to)"
             r"(?: (?!you\b|your\b|option\b|choice\b)[\w’'-]+){0,10}? (?:automatically )?upgrade (?:your|the user[’']s|the customer[’']s|the|its|their) (?:[\w-]+ )?"
             r"(?:plan|subscription|tier|package)s?\b"),
         note="The service may change its prices or fees.",
         trigger=("price", "pricing", "fee", "charge", "subscription", "tariff", "cost", "increase", "upgrade")),
    # Money the user does get back, and notice before a price rises: protections. "You are not
    # entitled to a refund" is the negation of one (the harm rule above reads it too).
    Rule("fees_and_refunds",
         _re(r"\b(?:full|pro[- ]?rat(?:a|ed)|prorated|partial) refunds?\b"
             r"|\b(?:entitled|eligible) (?:to|for) (?:a |an )?(?:full |pro[- ]?rata |prorated |partial )?refunds?\b"
             r"|\b(?:we|" + _NAMED + r") (?:will|shall) (?:promptly )?refund\b|\bmoney[- ]back guarantee\b"
             r"|\brefund (?:you|the (?:unused|remaining|prepaid|unearned))\b"
             r"|\b(?:you )?(?:can|may) (?:\w+ )?(?:request|claim|obtain|get|receive|ask for) (?:a |an |your )?(?:full |pro[- ]?rata |prorated )?refunds?\b"
             r"|\b(?:can|will|shall) be refunded\b"
             r"|\b(?:notify|tell|inform|remind) you (?:\w+ ){0,6}?(?:before|in advance of|prior to|ahead of) "
             r"(?:\w+ ){0,4}?(?:price|fee|renewal|charge|increase)\w*\b"
             r"|\b(?:notify|tell|inform) you (?:\w+ ){0,3}?in advance (?:\w+ ){0,4}?(?:price|fee|charge)\w*\b"
             r"|\b(?:price|fee|rate)s? (?:increases?|changes?),? (?:\w+ ){0,6}?(?:advance notice|prior notice|notify you|in advance)\b"),
         polarity="protection",
         # "Price changes may be made without prior notice" gives no notice
         excludes=_re(r"\bwithout (?:any |prior |advance |further )*notice\b"),
         note="The user gets money back (a refund owed) or is told before a price rises.",
         trigger=("refund", "money", "price", "fee", "renewal", "charg", "increase", "rate")),
)
