"""The legal texts of the invented demo services, as sections of HTML fragments.

Every invented service shares one Terms of Service and one Privacy Policy skeleton (real
terms are mostly boilerplate too), filled in from its `Profile` and extended with sections
of its own. The scenario (`scenario.py`) then edits these sections day by day.

Fragments are ``str.format`` templates: ``{name}``, ``{company}``... come from the profile,
``{ref_<key>}`` becomes "Section N" of the section with that key under the document's
current numbering, ``{terms_url}`` / ``{privacy_url}`` / ``{help_url}`` are site links.

>>> chirper = PROFILES["Chirper"]
>>> sections = terms_of_service(chirper)
>>> [s.key for s in sections][:3]
['acceptance', 'eligibility', 'account']
>>> "{name}" in sections[0].blocks[0]
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Profile:
    """Who an invented service is: the facts its legal texts mention."""

    id: str
    name: str
    company: str
    address: str
    law: str               # "the laws of {law}"
    courts: str
    domain: str            # for e-mail addresses; always under .example
    product: str           # what the service is, as a clause
    content: str           # what users put on it
    min_age: int
    sector: str
    slug: str              # path prefix on the demo server
    terms_path: str
    privacy_path: str
    extra_terms: tuple = ()     # service-specific Sections
    extra_privacy: tuple = ()

    def fields(self) -> dict:
        return {
            "name": self.name, "company": self.company, "address": self.address,
            "law": self.law, "courts": self.courts, "product": self.product,
            "content": self.content, "min_age": self.min_age,
            "legal_email": f"legal@{self.domain}", "privacy_email": f"privacy@{self.domain}",
            "dpo_email": f"dpo@{self.domain}", "support_email": f"support@{self.domain}",
            "terms_url": f"/{self.slug}{self.terms_path}",
            "privacy_url": f"/{self.slug}{self.privacy_path}",
            "help_url": f"/{self.slug}/help",
            "settings_url": f"/{self.slug}/settings/privacy",
            "cookies_url": f"/{self.slug}/legal/cookies",
        }


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[str, ...] = field(default_factory=tuple)

    def with_blocks(self, blocks) -> "Section":
        return replace(self, blocks=tuple(blocks))


# -- small HTML helpers ----------------------------------------------------------------------

def p(text: str) -> str:
    return f"<p>{text}</p>"


def ul(*items) -> str:
    return _list("ul", items)


def ol(*items) -> str:
    return _list("ol", items)


def _list(tag: str, items) -> str:
    """Items are strings, or (text, [children]) for a nested list."""
    out = []
    for item in items:
        if isinstance(item, tuple):
            text, children = item
            out.append(f"<li>{text}{_list('ul', children)}</li>")
        else:
            out.append(f"<li>{item}</li>")
    return f"<{tag}>" + "".join(out) + f"</{tag}>"


def link(url: str, label: str) -> str:
    return f'<a href="{url}">{label}</a>'


# -- Terms of Service ------------------------------------------------------------------------

FAIR_DISPUTES = Section("disputes", "Governing law and disputes", (
    p("These Terms, and any dispute or claim arising out of or in connection with them or with "
      "your use of {name}, are governed by the laws of {law}, without regard to its conflict of "
      "laws rules. If you are a consumer, this choice of law does not take away the protection "
      "of the mandatory rules of the country where you live."),
    p("If you have a concern, please contact us first at {legal_email}; most disagreements can be "
      "resolved quickly and informally. If we cannot resolve a dispute within 60 days, either of "
      "us may take it to {courts}. If you are a consumer, you may also bring proceedings in the "
      "courts of the country where you live, and you keep any right you have to join or bring a "
      "collective action under the law of that country."),
    p("Consumers in the European Union can also use the European Commission's online dispute "
      "resolution platform at " + link("https://ec.europa.eu/consumers/odr", "ec.europa.eu/consumers/odr")
      + ". We are not obliged to take part in alternative dispute resolution before a consumer "
      "arbitration board, but we will consider any request in good faith."),
))

FAIR_CHANGES = Section("changes", "Changes to these Terms", (
    p("We may update these Terms from time to time, for example to reflect changes to {name}, "
      "to the law, or to the way we do business. We will not make changes that reduce your "
      "rights in a material way without telling you first."),
    p("If a change materially affects your rights or obligations, we will notify you by e-mail "
      "or in the app at least 30 days before it takes effect, explain what is changing and why, "
      "and show the date on which the new Terms apply. Changes that are required by law or that "
      "address a new feature may take effect sooner, and we will tell you when that happens."),
    p("If you do not agree with the updated Terms, you can close your account at any time before "
      "they take effect, and we will refund any prepaid fees for the remaining period of a paid "
      "subscription. Earlier versions of these Terms remain available in our archive."),
))


def terms_of_service(profile: Profile) -> list[Section]:
    """The Terms of Service skeleton, in order, with the profile's own sections inserted."""
    sections = [
        Section("acceptance", "Accepting these Terms", (
            p("Welcome to {name}. These Terms of Service (the \u201cTerms\u201d) form a legally binding "
              "agreement between you and {company} (\u201c{name}\u201d, \u201cwe\u201d, \u201cus\u201d or "
              "\u201cour\u201d), with its registered office at {address}. They govern your access to "
              "and use of our websites, mobile applications, application programming interfaces "
              "and related services (together, the \u201cService\u201d)."),
            p("{name} is {product}. By creating an account, or by accessing or using the Service, "
              "you confirm that you have read and understood these Terms and that you agree to be "
              "bound by them. If you are using the Service on behalf of an organisation, you confirm "
              "that you are authorised to accept these Terms on its behalf."),
            p("Please also read our " + link("{privacy_url}", "Privacy Policy") + ", which explains "
              "how we collect and use personal information, and our " + link("{cookies_url}", "Cookie Policy")
              + ". Additional terms may apply to particular features; if they conflict with these "
              "Terms, the additional terms prevail for that feature only."),
        )),
        Section("eligibility", "Who may use {name}", (
            p("You must be at least {min_age} years old to use the Service, or older if the law of "
              "the country where you live requires a higher age for you to agree to these Terms "
              "without a parent's consent. If you are under the age of majority where you live, "
              "you may use the Service only with the involvement and consent of a parent or legal "
              "guardian, who also agrees to these Terms on your behalf."),
            p("You may not use the Service if you have previously been banned from it, if you are "
              "barred from receiving services under applicable law, or if you are listed on a "
              "government list of prohibited or restricted parties. We may ask you to confirm "
              "your age or identity where the law requires it."),
        )),
        Section("account", "Your account", (
            p("To use most features you need an account. When you create one, you must give us "
              "accurate and complete information and keep it up to date. You are responsible for "
              "everything that happens under your account, so choose a strong password, do not "
              "share it, and turn on two-step verification where it is offered."),
            p("Tell us straight away at {support_email} if you believe that someone has accessed "
              "your account without your permission. We will never ask you for your password by "
              "e-mail, by text message or by telephone."),
            ul("Your username must not impersonate another person or organisation, mislead others "
               "or infringe anyone's rights.",
               "You may not sell, rent, transfer or license your account to anyone else.",
               "You may not create accounts by automated means, or create more than one personal "
               "account to get around restrictions we have placed on another account."),
        )),
        Section("service", "The Service", (
            p("We work hard to make {name} useful and reliable, and we are always improving it. "
              "We may add or remove features, change how the Service looks and works, or stop "
              "offering part of it. Where a change has a significant adverse effect on a paid "
              "feature you use, we will give you reasonable advance notice and let you cancel."),
            p("The Service may be unavailable from time to time for maintenance, for updates or "
              "because of events beyond our reasonable control. We will try to schedule planned "
              "maintenance at quiet times and to tell you in advance when a major interruption is "
              "expected. See our " + link("{help_url}", "Help Centre") + " for the current status."),
        )),
        Section("content", "Your content", (
            p("The Service lets you upload, post, store and share {content} and other material "
              "(\u201cyour content\u201d). You keep all the rights you have in your content. We do not "
              "claim ownership of it."),
            p("To operate the Service, you grant {name} a worldwide, non-exclusive, royalty-free "
              "licence to host, store, reproduce, adapt (for example to change its format or "
              "size), display and distribute your content, only for the purposes of operating, "
              "providing and improving the Service and in accordance with your privacy and "
              "sharing settings. This licence ends when your content is deleted from our systems, "
              "except where it has been shared with others who have not deleted it, or where we "
              "must keep it for legal reasons."),
            p("You are responsible for your content. You confirm that you have the rights needed "
              "to grant this licence, and that your content does not break the law or these "
              "Terms. Please keep copies of anything important: the Service is not a backup "
              "service unless we expressly say otherwise."),
        )),
        Section("conduct", "Acceptable use", (
            p("We want {name} to be safe and respectful for everyone. When you use the Service, "
              "you agree not to do, or help anyone else to do, any of the following:"),
            ol(("Break the law or infringe other people's rights, including:", [
                    "posting material that infringes copyright, trade marks or other intellectual "
                    "property rights;",
                    "sharing someone's private information without their permission;",
                    "defaming, harassing, threatening or intimidating any person."]),
               ("Harm the Service or other users, including:", [
                    "uploading viruses, malware or any other harmful code;",
                    "trying to get around security or access controls, or probing, scanning or "
                    "testing the vulnerability of our systems without permission;",
                    "overloading our infrastructure, for example with denial-of-service attacks."]),
               "Access or collect data from the Service by automated means (such as bots, "
               "scrapers or spiders) except through the interfaces and under the conditions we "
               "publish, or as permitted by law.",
               "Send spam or unsolicited commercial messages, or manipulate likes, views, reviews, "
               "ratings or other metrics.",
               "Use the Service to develop a competing product, or copy, modify, reverse engineer "
               "or decompile any part of it except where the law expressly allows."),
            p("We may remove or restrict access to content that breaks these Terms or the law, and "
              "we will tell you why unless the law or the safety of others prevents it. You can "
              "ask us to review such a decision through the " + link("{help_url}", "Help Centre") + "."),
        )),
        Section("ip", "Our intellectual property", (
            p("The Service, including its software, design, text, graphics and the {name} name and "
              "logos, is owned by {company} or its licensors and is protected by copyright, trade "
              "mark and other laws. Except for the rights expressly granted to you in these Terms, "
              "we reserve all rights in the Service."),
            p("We grant you a personal, worldwide, royalty-free, non-assignable and non-exclusive "
              "licence to use the software provided to you as part of the Service, for the sole "
              "purpose of enjoying the Service as these Terms allow. If you send us feedback or "
              "suggestions, we may use them without any obligation to you."),
        )),
        Section("payments", "Paid features and subscriptions", (
            p("Some features of {name} are offered for a fee. Prices, including any taxes, are "
              "shown before you buy. When you subscribe, you authorise us or our payment provider "
              "to charge your chosen payment method for each billing period."),
            ul(("Renewal and cancellation:", [
                    "subscriptions renew automatically at the end of each billing period until you "
                    "cancel them in your account settings;",
                    "you can cancel at any time, and the cancellation takes effect at the end of the "
                    "current billing period;",
                    "we will remind you before an annual subscription renews."]),
               ("Price changes:", [
                    "we may change subscription prices, and will tell you at least 30 days before a "
                    "new price applies to you;",
                    "if you do not agree to the new price, you can cancel before it takes effect."]),
               ("Refunds and withdrawal:", [
                    "if you live in the European Union or the United Kingdom, you have the right to "
                    "withdraw from a purchase within 14 days, unless you asked us to start providing "
                    "digital content or services straight away and acknowledged that you would lose "
                    "that right;",
                    "other refunds are handled as described in the Help Centre or as required by law."])),
        )),
        Section("beta", "Beta and experimental features", (
            p("From time to time we may invite you to try features that are still in development "
              "(\u201cbeta features\u201d). Beta features are clearly labelled, may not work as "
              "reliably as the rest of the Service, and may change or be withdrawn without being "
              "released. We welcome your feedback on them. Paid plans are never charged for beta "
              "features unless we tell you in advance and you agree."),
        )),
        Section("communications", "Electronic communications and notices", (
            p("You agree that we may send you notices about the Service, your account and these "
              "Terms electronically, by e-mail to the address linked to your account, by in-app "
              "notification or by posting them in the Service. Electronic notices satisfy any legal "
              "requirement that such communications be in writing."),
            p("Service messages, such as security alerts and changes to these Terms, are not "
              "marketing and you cannot opt out of them while your account is open. You can choose "
              "which other messages you receive in your notification settings."),
        )),
        Section("third_party", "Third-party services and links", (
            p("The Service may contain links to websites, apps or services operated by third "
              "parties, and may let you connect accounts you hold with them. We do not control "
              "those services and are not responsible for their content, policies or practices. "
              "Your use of them is governed by their own terms and privacy policies."),
        )),
        Section("privacy", "Privacy", (
            p("Your privacy matters to us. Our " + link("{privacy_url}", "Privacy Policy") + " explains "
              "what personal information we collect when you use {name}, how we use it, with whom "
              "we share it and the rights you have. By using the Service you acknowledge that we "
              "process your information as described there."),
        )),
        Section("termination", "Suspension and termination", (
            p("You can stop using the Service and close your account at any time from your "
              "account settings. When you close your account, we will delete your content as "
              "described in our Privacy Policy, except where we must keep it by law."),
            p("We may suspend or terminate your access to the Service if you seriously or "
              "repeatedly break these Terms, if we are required to do so by law or by a court, or "
              "if your use of the Service creates a risk or legal exposure for us or for others. "
              "Unless the breach is serious or the law prevents us, we will give you notice and a "
              "chance to fix the problem first, and we will explain our decision and how you can "
              "appeal it."),
            p("If we terminate a paid subscription for reasons other than your breach of these "
              "Terms, we will refund the fees you have paid for the unused part of it. Sections "
              "{ref_content}, {ref_ip}, {ref_liability} and {ref_disputes} survive termination."),
        )),
        Section("disclaimers", "Disclaimers", (
            p("We provide the Service with reasonable skill and care, but we cannot promise that "
              "it will always be available, uninterrupted or free of errors. Except as expressly "
              "set out in these Terms, and to the extent permitted by law, the Service is "
              "provided \u201cas is\u201d and \u201cas available\u201d and we make no other warranties."),
            p("Nothing in these Terms affects the rights you have as a consumer under the law of "
              "the country where you live, which cannot be changed or waived by contract."),
        )),
        Section("liability", "Limitation of liability", (
            p("Nothing in these Terms excludes or limits our liability for death or personal injury "
              "caused by our negligence, for fraud or fraudulent misrepresentation, or for any other "
              "liability that cannot be excluded or limited by law."),
            p("Subject to the paragraph above, we are responsible for loss or damage you suffer that "
              "is a foreseeable result of our breaking these Terms or of our failing to use "
              "reasonable care and skill. We are not responsible for loss or damage that is not "
              "foreseeable, for business losses, or for losses caused by events outside our "
              "reasonable control."),
            p("Where permitted by law, our total liability to you for all claims arising out of or "
              "relating to the Service is limited to the greater of the amount you paid us in the "
              "twelve months before the claim arose and one hundred euros (EUR 100)."),
        )),
        Section("indemnity", "Indemnification", (
            p("If you use the Service for business purposes, you agree to indemnify {company} and "
              "its officers, employees and agents against any third-party claims, and the "
              "reasonable costs of defending them, arising from your content or your breach of "
              "these Terms. This section does not apply to consumers."),
        )),
        FAIR_DISPUTES,
        FAIR_CHANGES,
        Section("export", "Export controls and sanctions", (
            p("You may not use, export or re-export the Service or any software provided with it in "
              "breach of applicable export control or sanctions laws, including those of the "
              "European Union, the United Kingdom and the United States. You confirm that you are "
              "not located in a country subject to a comprehensive embargo and that you are not a "
              "person with whom we are prohibited from doing business."),
        )),
        Section("general", "General provisions", (
            ul("<b>Entire agreement.</b> These Terms, together with the policies they refer to, are "
               "the whole agreement between you and us about the Service.",
               "<b>Severability.</b> If a court finds any part of these Terms unenforceable, the rest "
               "remains in full force and effect.",
               "<b>No waiver.</b> If we do not enforce a provision straight away, we can still "
               "enforce it later.",
               "<b>Assignment.</b> We may transfer our rights and obligations under these Terms to "
               "another company in our group, or to a buyer of our business, if this does not "
               "reduce your rights. You may not transfer yours without our written consent.",
               "<b>Language.</b> These Terms are written in English; any translation is for "
               "convenience, and the English version prevails where the law allows."),
        )),
        Section("contact", "Contact us", (
            p("If you have questions about these Terms, write to {company}, {address}, or e-mail "
              "{legal_email}. For help with your account, visit the " + link("{help_url}", "Help Centre")
              + " or contact {support_email}."),
        )),
    ]
    return _insert(sections, profile.extra_terms)


# -- Privacy Policy --------------------------------------------------------------------------

NO_SALE = ("We do not sell your personal information, and we do not share it with third parties "
           "for their own marketing or advertising purposes.")


def privacy_policy(profile: Profile) -> list[Section]:
    sections = [
        Section("intro", "About this Privacy Policy", (
            p("This Privacy Policy explains how {company} (\u201c{name}\u201d, \u201cwe\u201d or \u201cus\u201d) "
              "collects, uses, shares and protects personal information when you use our websites, "
              "apps and related services (the \u201cService\u201d), and the choices and rights you have. "
              "It applies wherever you live, with additional information for some countries at "
              "the end of each section where the law requires it."),
            p("We have tried to write it plainly. If something is unclear, please contact us using "
              "the details in {ref_contact}. Capitalised terms not defined here have the meaning "
              "given in our " + link("{terms_url}", "Terms of Service") + "."),
        )),
        Section("controller", "Who is responsible for your information", (
            p("{company}, {address}, is the controller of the personal information processed under "
              "this Privacy Policy. Our Data Protection Officer can be reached at {dpo_email}."),
            p("Where we process information on behalf of a business customer, for example an "
              "organisation that provides {name} to its members, that customer is the controller "
              "and its own privacy policy applies."),
        )),
        Section("collect_provided", "Information you give us", (
            p("We collect the information you provide when you create an account, use the Service "
              "or contact us. This includes:"),
            ul(("<b>Account information</b>:", [
                    "your name, username, e-mail address, password and date of birth;",
                    "your phone number, if you choose to add it for sign-in or security."]),
               ("<b>Profile information</b> you choose to add, such as a photo, a short biography "
                "and your general location (city or region).", []),
               ("<b>Your content</b>: the {content} you create, upload or share, and the "
                "information attached to them.", []),
               ("<b>Payment information</b>: if you buy something, our payment provider collects "
                "your card details; we receive only the card type, the last four digits and the "
                "expiry date.", []),
               ("<b>Communications</b>: messages you send to our support team and your answers to "
                "surveys.", [])),
        )),
        Section("collect_automatic", "Information we collect automatically", (
            p("When you use the Service, we automatically collect some information about your "
              "device and how you use {name}:"),
            ul("<b>Device information</b>: device model, operating system, app version, browser "
               "type, language settings and device identifiers.",
               "<b>Log information</b>: your IP address, the pages and features you use, the time "
               "and duration of your visits, and crash reports.",
               "<b>Approximate location</b>: your country and region, derived from your IP address. "
               "We do not collect the precise location of your device.",
               "<b>Cookies and similar technologies</b>, as described in {ref_cookies} and in our "
               + link("{cookies_url}", "Cookie Policy") + "."),
        )),
        Section("collect_others", "Information from other sources", (
            p("We may receive information about you from other sources, such as a service you "
              "choose to connect to your {name} account, other users who invite you or mention "
              "you, payment providers that confirm a transaction, and security partners that help "
              "us detect fraud and abuse. We combine it with the information we already hold only "
              "for the purposes described in this policy."),
        )),
        Section("use", "How we use your information", (
            p("We use your information for the following purposes:"),
            ul("to provide, maintain and personalise the Service, including to show you content "
               "you are likely to find relevant;",
               "to create and secure your account, and to authenticate you when you sign in;",
               "to process payments and send you receipts and service messages;",
               "to provide customer support and respond to your requests;",
               "to detect, investigate and prevent fraud, spam, abuse, security incidents and "
               "other harmful activity;",
               "to measure how the Service is used and to fix and improve it, using aggregated or "
               "de-identified information where we can;",
               "to send you marketing messages about {name}, where you have agreed to receive "
               "them; you can unsubscribe at any time;",
               "to comply with our legal obligations and enforce our Terms."),
        )),
        Section("advertising", "Advertising and personalisation", (
            p("{name} is partly funded by advertising. We show ads based on the content of the page "
              "you are viewing, your general location and, if you allow it, your activity on "
              "{name}. We do not use sensitive information, such as your health, religion or sexual "
              "orientation, to select ads, and we do not show personalised ads to anyone we know "
              "to be under 18."),
            p("Advertisers receive only aggregated reports about how their ads performed, such as "
              "the number of people who saw or clicked an ad. They do not receive information that "
              "identifies you. You can control ad personalisation in your "
              + link("{settings_url}", "privacy settings") + " at any time, and turning it off does "
              "not change which features of the Service you can use."),
        )),
        Section("automated", "Automated decisions and profiling", (
            p("We use automated systems to detect spam, fraud and content that breaks our rules, and "
              "to rank the content we show you. These systems do not make decisions that have legal "
              "or similarly significant effects on you without human review. If an automated "
              "system restricts your account, you can ask for the decision to be reviewed by a "
              "person and explain your point of view."),
            p("We regularly test our ranking and moderation systems for errors and unfair bias, and "
              "we publish information about how they work in our transparency centre."),
        )),
        Section("legal_bases", "Legal bases for processing", (
            p("If you are in the European Economic Area, the United Kingdom or Switzerland, we "
              "process your information only where we have a legal basis to do so:"),
            ul("<b>Contract</b>: to provide the Service you asked for under our Terms;",
               "<b>Legitimate interests</b>: to keep the Service secure, prevent fraud and improve "
               "our products, where these interests are not overridden by your rights;",
               "<b>Consent</b>: for optional cookies, marketing messages and other processing for "
               "which we ask your permission; you can withdraw consent at any time;",
               "<b>Legal obligation</b>: where the law requires us to process information, for "
               "example to keep accounting records."),
        )),
        Section("sharing", "How we share information", (
            p(NO_SALE + " We share information only in the following circumstances:"),
            ul("<b>With other users</b>, according to your settings: your public profile and any "
               "{content} you choose to share publicly.",
               "<b>With service providers</b> that process information on our behalf and under our "
               "instructions, such as hosting, payment, customer support and analytics providers. "
               "They are bound by contract to protect it and may not use it for their own purposes.",
               "<b>Within our corporate group</b>, to operate and support the Service.",
               "<b>For legal reasons</b>, where we believe in good faith that disclosure is required "
               "by law, or necessary to protect the rights, property or safety of {name}, our users "
               "or the public. We review every request from public authorities and push back on "
               "requests that are unlawful or overly broad.",
               "<b>In a business transfer</b>, such as a merger or acquisition, in which case we will "
               "tell you before your information becomes subject to a different privacy policy."),
        )),
        Section("cookies", "Cookies and similar technologies", (
            p("We use cookies, pixels, local storage and similar technologies to keep you signed in, "
              "remember your preferences, keep the Service secure and understand how it is used. "
              "Strictly necessary cookies are always on; analytics and advertising cookies are "
              "used only if you accept them in our cookie banner, and you can change your mind at "
              "any time in your " + link("{settings_url}", "privacy settings") + "."),
            p("We do not respond to browser \u201cDo Not Track\u201d signals, because there is no common "
              "standard for them, but we honour Global Privacy Control signals as an opt-out of "
              "sharing where the law gives them that effect."),
        )),
        Section("retention", "How long we keep information", (
            p("We keep personal information for as long as your account is open and as long as "
              "needed to provide the Service. When you delete content, it is removed from public "
              "view at once and from our active systems within 30 days, and from backups within 90 "
              "days. When you close your account, we delete or anonymise your information within "
              "90 days, except where we must keep some of it longer:"),
            ul("transaction records, for the period required by tax and accounting laws (usually "
               "six to ten years);",
               "information about accounts banned for serious abuse, for up to two years, to "
               "prevent the same person from returning;",
               "information needed to establish, exercise or defend legal claims, for as long as "
               "the claim may be brought."),
        )),
        Section("transfers", "International transfers", (
            p("We and our service providers operate in several countries, so your information may "
              "be processed outside the country where you live. When we transfer personal "
              "information out of the European Economic Area or the United Kingdom, we rely on "
              "adequacy decisions or on the Standard Contractual Clauses approved by the European "
              "Commission, together with additional safeguards where needed. You can ask us for a "
              "copy of these safeguards."),
        )),
        Section("security", "Security", (
            p("We protect your information with technical and organisational measures appropriate "
              "to the risk, including encryption in transit and at rest, access controls, regular "
              "security testing and staff training. No system is completely secure, however; if "
              "a breach affects your information, we will notify you and the relevant authorities "
              "as the law requires."),
        )),
        Section("rights", "Your rights and choices", (
            p("Depending on where you live, you have some or all of the following rights over your "
              "personal information:"),
            ul("to access it and receive information about how we process it;",
               "to correct it if it is inaccurate or incomplete;",
               "to object to or restrict certain processing, including profiling for marketing;",
               "to withdraw any consent you have given, without affecting processing before then;",
               "to lodge a complaint with a data protection authority."),
            p("To exercise these rights, contact us at {privacy_email}. We will answer within one "
              "month, and we may need to verify your identity first. You can also change many "
              "settings yourself in your " + link("{settings_url}", "privacy settings") + "."),
        )),
        Section("region_us", "Additional information for residents of US states", (
            p("If you live in a US state with a comprehensive privacy law, such as California, "
              "Colorado, Connecticut, Virginia or Texas, you have the right to know what personal "
              "information we collect, use and disclose; to access, correct and delete it; to "
              "obtain a portable copy of it; and to opt out of targeted advertising and profiling. "
              "We will not discriminate against you for exercising these rights."),
            p("In the last twelve months we collected the following categories of personal "
              "information, for the purposes described in {ref_use}:"),
            ul("identifiers, such as your name, e-mail address, IP address and device identifiers;",
               "commercial information, such as your purchases and subscriptions;",
               "internet or other electronic network activity, such as your use of the Service;",
               "approximate geolocation, derived from your IP address;",
               "inferences drawn from the above, such as your interests and preferences."),
            p("You may use an authorised agent to make a request on your behalf. If we deny your "
              "request, you may appeal by replying to our answer; if the appeal is denied, you may "
              "contact your state attorney general."),
        )),
        Section("region_eu", "Additional information for the EEA, the UK and Switzerland", (
            p("You have the right to lodge a complaint with the data protection authority of the "
              "country where you live or work, or where you believe an infringement took place. "
              "We would, however, appreciate the chance to address your concerns first, so please "
              "contact our Data Protection Officer at {dpo_email}."),
            p("Where we rely on legitimate interests, you can ask us for information about the "
              "balancing test we carried out. Where you have given consent, you can withdraw it at "
              "any time in your settings or by contacting us, without affecting the lawfulness of "
              "processing carried out before the withdrawal."),
        )),
        Section("children", "Children", (
            p("The Service is not intended for children under {min_age}, and we do not knowingly "
              "collect personal information from them. If you believe that a child has given us "
              "personal information, please contact us and we will delete it."),
        )),
        Section("changes", "Changes to this Privacy Policy", (
            p("We may update this Privacy Policy from time to time. If we make material changes, "
              "we will notify you by e-mail or in the app before they take effect, and where the "
              "law requires it we will ask for your consent. The date at the top of this policy "
              "shows when it was last updated."),
        )),
        Section("contact", "Contact us", (
            p("If you have questions or concerns about this Privacy Policy or about how we handle "
              "your information, contact our Data Protection Officer at {dpo_email}, or write to "
              "{company}, Attn: Privacy, {address}."),
        )),
    ]
    return _insert(sections, profile.extra_privacy)


def _insert(sections: list[Section], extras) -> list[Section]:
    """Insert each extra ``(after_key, Section)`` after the section with that key."""
    out = list(sections)
    for after, section in extras:
        index = next(i for i, s in enumerate(out) if s.key == after)
        out.insert(index + 1, section)
    return out


# -- the invented services -------------------------------------------------------------------

CHIRPER = Profile(
    id="Chirper", name="Chirper", company="Chirper, Inc.",
    address="500 Howard Street, San Francisco, CA 94105, United States",
    law="the State of California", courts="the state or federal courts located in San Francisco County, California",
    domain="chirper.example",
    product="a social network where you share short posts, photos and videos, follow people and "
            "topics, and join public conversations",
    content="posts, replies, photos, videos and direct messages", min_age=13,
    sector="social network", slug="chirper", terms_path="/legal/terms", privacy_path="/legal/privacy",
    extra_terms=(("content", Section("public", "Public conversations", (
        p("Most activity on {name} is public. Posts you share publicly can be viewed, searched, "
          "quoted and reposted by anyone, including people without an account, and may be "
          "indexed by search engines. Think carefully before you post something you may later "
          "want to keep private; deleting a post removes it from {name}, but not from copies "
          "others may have made."),
        p("You can make your account protected, so that only approved followers see your posts, "
          "and you control who can reply to, mention or message you in your settings."),
    ))),),
    extra_privacy=(("collect_provided", Section("public_info", "Public information", (
        p("Your profile, your public posts and your followers and following lists are public by "
          "default. Information you make public can be seen by anyone and may be collected by "
          "others, including through our developer interfaces, under terms that forbid misuse."),
    ))),),
)

SHOPVISTA = Profile(
    id="ShopVista", name="ShopVista", company="ShopVista Commerce, Inc.",
    address="1200 Westlake Avenue North, Seattle, WA 98109, United States",
    law="the State of Washington", courts="the state or federal courts in King County, Washington",
    domain="shopvista.example",
    product="an online marketplace where you can buy products sold by ShopVista and by "
            "independent sellers, track deliveries and manage returns",
    content="reviews, ratings, questions, answers and photos", min_age=18,
    sector="online shop", slug="shopvista", terms_path="/help/conditions-of-use",
    privacy_path="/help/privacy-notice",
    extra_terms=(("payments", Section("orders", "Orders, delivery and returns", (
        p("When you place an order, we send you an e-mail confirming that we have received it. "
          "The contract for a product sold by ShopVista is formed when we dispatch it; for a "
          "product sold by an independent seller, the contract is between you and that seller, "
          "and the seller's name is shown on the product page and on your order confirmation."),
        ul("Delivery dates shown at checkout are estimates; we will tell you promptly if an "
           "order is delayed and you may cancel it if the delay is significant.",
           "You may return most products within 30 days of delivery for a full refund, in their "
           "original condition. Some products, such as perishable goods and opened software, "
           "cannot be returned unless faulty.",
           "Faulty products are covered by the legal guarantee of conformity, in addition to any "
           "manufacturer's warranty."),
    ))),),
    extra_privacy=(("collect_provided", Section("purchases", "Purchases and browsing", (
        p("When you shop with us we collect the products you view, search for, add to your "
          "basket and buy, your delivery addresses, your returns and your communications with "
          "sellers. We use this information to fulfil your orders, to recommend products and to "
          "prevent fraud."),
    ))),),
)

PIXELVAULT = Profile(
    id="PixelVault", name="PixelVault", company="PixelVault GmbH",
    address="Torstra\u00dfe 140, 10119 Berlin, Germany",
    law="the Federal Republic of Germany", courts="the courts of Berlin",
    domain="pixelvault.example",
    product="a cloud service that backs up your photos and videos, organises them in albums and "
            "lets you share them with people you choose",
    content="photos, videos, albums and comments", min_age=16,
    sector="photo cloud", slug="pixelvault", terms_path="/terms", privacy_path="/privacy",
    extra_terms=(("service", Section("storage", "Storage and plans", (
        p("Free accounts include 15 GB of storage. Paid plans add more storage and features as "
          "described on our pricing page. If you exceed your storage, new uploads stop until you "
          "free up space or upgrade; we never delete your existing photos because you are over "
          "your quota."),
        p("If your free account is inactive for 24 months, we may delete its content after "
          "giving you at least three warnings by e-mail over the preceding three months. Paid "
          "accounts are never deleted for inactivity."),
        p("Our support team answers most requests within two business days. You can reach us "
          "through the Help Centre or by post at {company}, {address}."),
    ))),),
    extra_privacy=(("collect_provided", Section("photos", "Photos, metadata and face grouping", (
        p("Photos and videos often contain metadata, such as the date, the camera model and, if "
          "your camera recorded it, the place where they were taken. We use this metadata to "
          "sort and search your library. You can remove location data before sharing."),
        p("Face grouping, which groups photos of the same person, is off by default. If you turn "
          "it on, we create face models from your photos only to group them in your own "
          "library; they are never used to identify people for anyone else, and they are "
          "deleted when you turn the feature off."),
    ))),),
)

STRIDELY = Profile(
    id="Stridely", name="Stridely", company="Stridely Health Technologies Ltd",
    address="20 Eastbourne Terrace, London W2 6LG, United Kingdom",
    law="England and Wales", courts="the courts of England and Wales",
    domain="stridely.example",
    product="an app and website for recording runs, rides and workouts, following training "
            "plans and sharing activities with friends",
    content="activities, routes, photos and comments", min_age=16,
    sector="fitness app", slug="stridely", terms_path="/legal/terms-of-service",
    privacy_path="/legal/privacy-policy",
    extra_terms=(("service", Section("health", "Health and safety", (
        p("{name} is not a medical device and does not give medical advice. Training plans, "
          "heart-rate zones and other guidance are general information. Talk to a doctor before "
          "starting a new exercise programme, and stop exercising if you feel pain, dizziness or "
          "shortness of breath."),
        p("Always pay attention to your surroundings when you exercise outdoors. Routes suggested "
          "by other users may cross private land or dangerous roads; you are responsible for "
          "choosing a safe and lawful route."),
    ))),),
    extra_privacy=(("collect_provided", Section("fitness", "Fitness and health information", (
        p("When you record an activity, we collect the route of that activity as recorded by "
          "your device while recording, its duration, distance, pace and elevation, and, if you "
          "connect a compatible sensor, your heart rate during the activity. We do not collect "
          "your location when you are not recording an activity."),
        p("Information about your health, such as heart rate, is sensitive. We process it only "
          "with your explicit consent, only to show you your statistics and training load, and "
          "we never use it for advertising."),
    ))),),
)

REELHOUSE = Profile(
    id="Reelhouse", name="Reelhouse", company="Reelhouse Media B.V.",
    address="Herengracht 420, 1017 BZ Amsterdam, the Netherlands",
    law="the Netherlands", courts="the competent court in Amsterdam",
    domain="reelhouse.example",
    product="a subscription streaming service for films, series and documentaries",
    content="reviews, ratings, watchlists and profile pictures", min_age=18,
    sector="streaming service", slug="reelhouse", terms_path="/policies/terms-of-use",
    privacy_path="/policies/privacy",
    extra_terms=(("content", Section("submissions", "Reviews and other submissions", (
        p("You may publish reviews and ratings of titles. Reviews must be about the title, must "
          "not contain spoilers without a warning, and must not contain links, code or markup. "
          "For example, a review consisting of the text <code>&lt;script&gt;alert(\"x\")&lt;/script&gt;</code> "
          "will be rejected by our filters, and repeated attempts may lead to suspension."),
        p("Content we have received that breaks these rules is kept for review in our moderation "
          "queue, an extract of which is reproduced here for transparency: "
          "<script>alert(1)</script><img src=x onerror=alert(1)> and a link that was "
          "submitted as <a href=\"javascript:alert(1)\">see the trailer</a>. Such content is "
          "never shown to other users."),
    ))),),
    extra_privacy=(("collect_automatic", Section("viewing", "Viewing activity", (
        p("We record what you watch, when and for how long, on which device, and whether you "
          "finish a title. We use this viewing activity to continue playback across devices, to "
          "recommend titles and to pay rights holders. Each profile on an account has its own "
          "viewing history, which the account owner can see and delete."),
    ))),),
)

PROFILES: dict[str, Profile] = {p.id: p for p in (CHIRPER, SHOPVISTA, PIXELVAULT, STRIDELY, REELHOUSE)}
