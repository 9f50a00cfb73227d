"""What happens to the invented services' documents, day by day, and what should be concluded.

A document's state on a day is its base text (`legal.py`) with every event of that document
up to that day applied in order. Temporary events (a flap, a login wall) carry an ``until``
day from which they stop applying, so the document returns to what it was.

`SCENARIO` is the same story as plain data, for tests and for the demo's summary:

>>> [e["kind"] for e in SCENARIO["events"] if e["day"] == 2]
['arbitration', 'data_sale', 'sensitive_data']
>>> state = document_state("Chirper", "Terms of Service", 2)
>>> [s.key for s in state.sections if s.key == "disputes"][0]
'disputes'
>>> "arbitration" in " ".join(next(s for s in state.sections if s.key == "disputes").blocks)
True

``expect`` says what the pipeline should conclude about the document on that day, compared
with the previous day:

- ``unchanged``: the legal text is the same as in the last trustworthy version (only the
  page's markup changed, or the page came back after a suspect capture): no new version;
- ``cosmetic``: the text changed in a way that does not matter (date, numbering, order);
- ``neutral``: a real but harmless change;
- ``worse`` / ``better``: bad or good for users, with taxonomy ``categories``;
- ``suspect``: the capture should not be trusted (a login wall served with status 200).

``text_changes`` says whether the page's visible legal text differs from the day before
(true even for ``restored``, whose text differs from the login wall it replaces).

Besides these events every page changes every day in ways that never reach the legal text
(`DAILY_NOISE`), and never between two requests on the same day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Callable

from .legal import NO_SALE, PROFILES, Profile, Section, p, privacy_policy, terms_of_service, ul

TERMS, PRIVACY = "Terms of Service", "Privacy Policy"
DAYS = 8                      # simulated days 0..7; day 0 is the first capture
START = date(2025, 1, 6)      # the simulated date of day 0


def day_date(day: int) -> date:
    return START + timedelta(days=day)


def day_time(day: int) -> datetime:
    """The simulated moment of a capture round on ``day`` (06:00 UTC)."""
    return datetime.combine(day_date(day), time(6, 0), tzinfo=timezone.utc)


def long_date(day_or_date) -> str:
    d = day_date(day_or_date) if isinstance(day_or_date, int) else day_or_date
    return f"{d:%B} {d.day}, {d.year}"


@dataclass(frozen=True)
class DocumentState:
    """A document's content on one day, before it is rendered as a page."""

    sections: tuple[Section, ...]
    updated: date                  # the "Last updated" date shown on the page
    preamble: int = 0              # how many leading sections are unnumbered
    markup: str = "plain"          # "plain" or "restyled" (same text, other markup)
    notice: str | None = None      # a "what is changing" box above the text
    login_wall: bool = False       # the page shows a sign-in form instead of the text

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def number(self, key: str) -> int | None:
        """The number a section is shown with, or None if it is unnumbered."""
        for index, s in enumerate(self.sections):
            if s.key == key:
                return index - self.preamble + 1 if index >= self.preamble else None
        return None

    # small editing helpers, each returning a new state
    def replace_section(self, key: str, new: Section) -> "DocumentState":
        return replace(self, sections=tuple(new if s.key == key else s for s in self.sections))

    def edit_blocks(self, key: str, edit: Callable[[list[str]], list[str]]) -> "DocumentState":
        old = self.section(key)
        return self.replace_section(key, old.with_blocks(edit(list(old.blocks))))

    def insert_after(self, key: str, new: Section) -> "DocumentState":
        index = next(i for i, s in enumerate(self.sections) if s.key == key)
        return replace(self, sections=self.sections[:index + 1] + (new,) + self.sections[index + 1:])


@dataclass(frozen=True)
class Event:
    day: int
    service: str
    terms_type: str
    kind: str
    expect: str
    note: str
    apply: Callable[[DocumentState], DocumentState] = lambda state: state
    categories: tuple[str, ...] = ()
    until: int | None = None            # a temporary event stops applying on this day
    repeat_of_day: int | None = None    # the text is again the one of that day
    imposed: dict | None = None         # how a change is imposed: notice, date, consent by use
    text_changes: bool | None = None    # legal text differs from the day before (default: expect says)

    @property
    def changes_text(self) -> bool:
        return self.expect != "unchanged" if self.text_changes is None else self.text_changes

    def to_json(self) -> dict:
        out = {"day": self.day, "date": day_date(self.day).isoformat(), "service": self.service,
               "terms_type": self.terms_type, "kind": self.kind, "expect": self.expect,
               "categories": list(self.categories), "note": self.note,
               "text_changes": self.changes_text}
        if self.repeat_of_day is not None:
            out["repeat_of_day"] = self.repeat_of_day
        if self.imposed is not None:
            out["imposed"] = dict(self.imposed)
        return out


def _updated(day: int):
    return lambda state: replace(state, updated=day_date(day))


def _chain(*steps):
    def run(state):
        for step in steps:
            state = step(state)
        return state
    return run


# -- the events ------------------------------------------------------------------------------

ARBITRATION = Section("disputes", "Dispute resolution by binding arbitration", (
    p("<b>PLEASE READ THIS SECTION CAREFULLY. IT AFFECTS YOUR LEGAL RIGHTS, INCLUDING YOUR RIGHT "
      "TO FILE A LAWSUIT IN COURT AND TO HAVE A JURY HEAR YOUR CLAIMS.</b>"),
    p("These Terms are governed by the Federal Arbitration Act and, to the extent not preempted, "
      "by the laws of {law}, without regard to conflict of laws principles."),
    p("<b>Binding individual arbitration.</b> You and {name} agree that any dispute, claim or "
      "controversy arising out of or relating to these Terms or to the Service, including its "
      "formation, interpretation or enforceability, will be resolved exclusively by final and "
      "binding arbitration on an individual basis, rather than in court. The arbitration will be "
      "administered by the American Arbitration Association under its Consumer Arbitration Rules, "
      "before a single arbitrator, in San Francisco, California, unless the arbitrator decides "
      "otherwise. The arbitrator's award is final and may be entered in any court of competent "
      "jurisdiction. The only exception is that either of us may bring an individual claim in a "
      "small claims court."),
    p("<b>Class action waiver.</b> YOU AND CHIRPER AGREE THAT EACH MAY BRING CLAIMS AGAINST THE "
      "OTHER ONLY IN YOUR OR ITS INDIVIDUAL CAPACITY, AND NOT AS A PLAINTIFF OR CLASS MEMBER IN ANY "
      "PURPORTED CLASS, COLLECTIVE, CONSOLIDATED OR REPRESENTATIVE PROCEEDING. YOU WAIVE ANY RIGHT "
      "TO A JURY TRIAL. The arbitrator may not consolidate more than one person's claims and may "
      "award relief only in favour of the individual party seeking it."),
    p("<b>Time limit.</b> Any claim must be filed within one year after it arose; otherwise it "
      "is permanently barred. If any part of this section is found unenforceable, the rest of "
      "it remains in effect, except that if the class action waiver is found unenforceable, this "
      "entire section is void."),
))

ARBITRATION_NOTICE = (
    "<p><b>We are updating our Terms.</b> We have added a new {ref_disputes}, which requires most "
    "disputes between you and {name} to be resolved by binding individual arbitration and waives "
    "your right to take part in a class action. The updated Terms take effect on "
    "February 7, 2025, 30 days after this notice. If you continue to use {name} on or after "
    "that date, you agree to the updated Terms.</p>")

SALE_ITEM = (
    "<b>Sale to third parties</b>: we may sell or rent personal information, including your name, "
    "contact details, purchase history, browsing and search activity, approximate location and "
    "the interests we infer from them, to third parties such as data brokers, advertising "
    "networks and marketing partners. They may use it for their own purposes, including to build "
    "profiles about you and to target advertising on other websites and apps. Residents of some "
    "US states can opt out of these sales by e-mailing {privacy_email}.")

SALE_NOTICE = (
    "<p><b>Updated Privacy Notice, effective January 22, 2025.</b> We have updated how we share "
    "information with partners. By continuing to use ShopVista after January 22, 2025, you "
    "acknowledge the updated Privacy Notice.</p>")

NO_SALE_NOTICE = (
    "<p><b>We no longer sell personal information.</b> As of January 12, 2025 we have stopped "
    "selling or renting personal information to third parties, and we have asked the partners "
    "who received it to delete it.</p>")

FITNESS_SENSITIVE = Section("fitness", "Fitness, health and location information", (
    p("We collect the precise location of your device from GPS, Wi-Fi and Bluetooth signals, "
      "continuously and including in the background when the app is closed or not in use, so "
      "that we can detect activities automatically, learn the places you visit regularly, such "
      "as your home and workplace, and show you offers from partners near you."),
    p("We also collect information about your health, such as your heart rate and resting heart "
      "rate, sleep, weight, menstrual cycle, and medical conditions you log or that we infer from "
      "your activity, and we use it to personalise content, training plans and partner offers."),
))

SENSITIVE_NOTICE = (
    "<p><b>We have updated this Privacy Policy.</b> The updated policy is effective immediately. "
    "By continuing to use Stridely, you agree to the collection and use of your information as "
    "described below.</p>")

AI_USE_ITEM = (
    "to develop, train and improve artificial intelligence and machine learning models, including "
    "generative AI models offered by {name} and its partners, using your posts, replies, photos, "
    "videos and the information associated with them, as well as your interactions with our AI "
    "features;")

AI_SHARE_ITEM = (
    "<b>With AI partners</b>: we may share public posts and related information with selected "
    "partners so that they can train and improve their artificial intelligence models.")

AI_SECTION = Section("ai", "Artificial intelligence", (
    p("We rely on our legitimate interests to use the content you share on {name} to train "
      "artificial intelligence models. Because this training is essential to how we develop the "
      "Service, you cannot opt out of it other than by deleting your content or closing your "
      "account. Content used in training before you delete it may remain reflected in models."),
))

AI_NOTICE = (
    "<p><b>We have updated this Privacy Policy</b> to explain how we use information to build "
    "artificial intelligence. These changes are effective immediately. By continuing to use "
    "{name}, you agree to them.</p>")

AI_OPT_IN_ITEM = (
    "to train artificial intelligence models, but only if you opt in under Settings, Privacy, AI "
    "training; you can withdraw your consent at any time and we will exclude your content from "
    "any future training;")

AI_OPT_IN_SECTION = Section("ai", "Artificial intelligence", (
    p("We use the content you share on {name} to train artificial intelligence models only with "
      "your explicit consent, which you can give or withdraw at any time in your settings. We do "
      "not share your content with third parties to train their models."),
))

AI_OPT_IN_NOTICE = (
    "<p><b>AI training is now opt-in.</b> From January 13, 2025, we use your content to train AI "
    "models only if you choose to allow it.</p>")

UNILATERAL_CHANGES = Section("changes", "Changes to these Conditions", (
    p("We may change these Conditions of Use, our policies and the Service at any time and for "
      "any reason, without notice to you. Changes take effect as soon as they are posted on this "
      "page."),
    p("It is your responsibility to review these Conditions regularly. By continuing to access "
      "or use ShopVista after changes are posted, you agree to be bound by the revised "
      "Conditions. If you do not agree, your only remedy is to stop using ShopVista."),
))

PHONE_SUPPORT = p(
    "Our support team answers most requests within two business days. You can reach us through "
    "the Help Centre, by phone on +49 30 555 0140 on weekdays from 9:00 to 17:00, or by post at "
    "{company}, {address}.")

EXPORT_ITEMS = (
    "to receive a copy of your information, including all your activities as GPX and FIT files, "
    "in a structured, commonly used and machine-readable format, and to have it sent to another "
    "service; you can download it at any time under Settings, Account, Export my data;",
    "to delete your account and all your information at any time, directly in the app under "
    "Settings, Account, Delete account; deletion is completed within 30 days, including from "
    "backups, and we will confirm it to you by e-mail;",
)


def _replace_block(containing: str, new: str):
    def edit(blocks):
        hits = [i for i, b in enumerate(blocks) if containing in b]
        assert len(hits) == 1, (containing, hits)
        blocks[hits[0]] = new
        return blocks
    return edit


def _list_items(edit_items):
    """Edit the <li> items of a section's (only) bullet list."""
    def edit(blocks):
        index = next(i for i, b in enumerate(blocks) if b.startswith("<ul>"))
        items = blocks[index][len("<ul><li>"):-len("</li></ul>")].split("</li><li>")
        blocks[index] = ul(*edit_items(items))
        return blocks
    return edit


def _add_sale(items):
    return items[:2] + [SALE_ITEM] + items[2:]


EVENTS: tuple[Event, ...] = (
    Event(1, "ShopVista", TERMS, "last_updated_only", "cosmetic",
          "Only the 'Last updated' date changes.", _updated(1)),
    Event(1, "Reelhouse", TERMS, "markup_only", "unchanged",
          "Markup and whitespace only: <b> becomes <strong>, paragraphs get wrappers, lines are "
          "re-wrapped. The extracted text is identical.",
          lambda s: replace(s, markup="restyled")),
    Event(2, "Chirper", TERMS, "arbitration", "worse",
          "A binding individual arbitration clause with a class-action and jury-trial waiver "
          "replaces the choice of courts; announced 30 days ahead, accepted by continuing to use.",
          _chain(lambda s: s.replace_section("disputes", ARBITRATION), _updated(2),
                 lambda s: replace(s, notice=ARBITRATION_NOTICE)),
          categories=("arbitration", "class_action_waiver"),
          imposed={"notice_days": 30, "effective_date": "2025-02-07", "consent_by_use": True}),
    Event(2, "ShopVista", PRIVACY, "data_sale", "worse",
          "'We do not sell your personal information' gives way to selling or renting it to data "
          "brokers and advertisers; effective in two weeks, accepted by continuing to use.",
          _chain(lambda s: s.edit_blocks("sharing", _replace_block(
                     NO_SALE, p("We share information in the following circumstances:"))),
                 lambda s: s.edit_blocks("sharing", _list_items(_add_sale)),
                 _updated(2), lambda s: replace(s, notice=SALE_NOTICE)),
          categories=("data_sale",),
          imposed={"notice_days": 14, "effective_date": "2025-01-22", "consent_by_use": True}),
    Event(2, "Stridely", PRIVACY, "sensitive_data", "worse",
          "Continuous background precise location and health data (sleep, weight, menstrual "
          "cycle, medical conditions) are now collected and used for partner offers; effective "
          "immediately.",
          _chain(lambda s: s.replace_section("fitness", FITNESS_SENSITIVE),
                 lambda s: s.edit_blocks("collect_automatic", _list_items(lambda items: [
                     "<b>Location</b>: the precise location of your device, collected "
                     "continuously, including in the background." if "Approximate location" in i
                     else i for i in items])),
                 _updated(2), lambda s: replace(s, notice=SENSITIVE_NOTICE)),
          categories=("sensitive_data", "precise_location"),
          imposed={"notice_days": 0, "effective_date": "2025-01-08", "consent_by_use": True}),
    Event(3, "Chirper", PRIVACY, "ai_training", "worse",
          "User posts, photos and videos are used to train generative AI models (also shared "
          "with AI partners), with no opt-out; effective immediately.",
          _chain(lambda s: s.edit_blocks("use", _list_items(lambda items: items[:6] + [AI_USE_ITEM] + items[6:])),
                 lambda s: s.edit_blocks("sharing", _list_items(lambda items: items[:3] + [AI_SHARE_ITEM] + items[3:])),
                 lambda s: s.insert_after("legal_bases", AI_SECTION),
                 _updated(3), lambda s: replace(s, notice=AI_NOTICE)),
          categories=("ai_training",),
          imposed={"notice_days": 0, "effective_date": "2025-01-09", "consent_by_use": True}),
    Event(3, "Stridely", TERMS, "renumbered", "cosmetic",
          "The first section becomes an unnumbered preamble, so every section number (and every "
          "cross-reference) drops by one. No wording changes.",
          lambda s: replace(s, preamble=1)),
    Event(3, "PixelVault", TERMS, "flap", "cosmetic",
          "A/B variant: the support paragraph gains a phone line. It disappears again the next "
          "day (A -> B -> A): withdrawn within the flap window, it was never the terms in force, "
          "so once the return is seen the change to it counts for nothing (docs/scoring.md).",
          lambda s: s.edit_blocks("storage", _replace_block("support team", PHONE_SUPPORT)),
          until=4),
    Event(4, "PixelVault", TERMS, "flap_revert", "cosmetic",
          "The phone line disappears: the text is again exactly the one of day 2. The variant "
          "lasted one day, so going back is flapping (docs/scoring.md), recorded but not counted.",
          repeat_of_day=2),
    Event(4, "ShopVista", TERMS, "unilateral_change", "worse",
          "The 30-day notice of changes becomes 'we may change these Conditions at any time "
          "without notice'; continued use means acceptance.",
          _chain(lambda s: s.replace_section("changes", UNILATERAL_CHANGES), _updated(4)),
          categories=("unilateral_change",),
          imposed={"notice_days": 0, "effective_date": None, "consent_by_use": True}),
    Event(5, "PixelVault", PRIVACY, "login_wall", "suspect",
          "The policy URL answers 200 with a sign-in form instead of the policy.",
          lambda s: replace(s, login_wall=True), until=6),
    Event(5, "Stridely", PRIVACY, "export_delete", "better",
          "New rights to export all data (GPX/FIT) and to delete the account in the app, "
          "completed within 30 days.",
          _chain(lambda s: s.edit_blocks("rights", _list_items(lambda items: items[:2] + list(EXPORT_ITEMS) + items[2:])),
                 _updated(5)),
          categories=("data_portability", "data_deletion")),
    Event(5, "Reelhouse", PRIVACY, "reordered", "cosmetic",
          "The two paragraphs of the cookies section swap places.",
          lambda s: s.edit_blocks("cookies", lambda blocks: blocks[::-1])),
    Event(6, "PixelVault", PRIVACY, "restored", "unchanged",
          "The policy is back, identical to day 4: nothing changed relative to the last "
          "trustworthy version.", repeat_of_day=4, text_changes=True),
    Event(6, "ShopVista", PRIVACY, "data_sale_removed", "better",
          "The sale clause is withdrawn: 'We do not sell your personal information' is back.",
          _chain(lambda s: s.edit_blocks("sharing", _list_items(lambda items: [i for i in items if i != SALE_ITEM])),
                 lambda s: s.edit_blocks("sharing", _replace_block(
                     "following circumstances", p(NO_SALE + " We share information only in the following circumstances:"))),
                 _updated(6), lambda s: replace(s, notice=NO_SALE_NOTICE)),
          categories=("data_sale",)),
    Event(7, "Chirper", PRIVACY, "ai_training_opt_in", "better",
          "AI training on user content becomes opt-in, and sharing with AI partners stops.",
          _chain(lambda s: s.edit_blocks("use", _list_items(lambda items: [AI_OPT_IN_ITEM if i == AI_USE_ITEM else i for i in items])),
                 lambda s: s.edit_blocks("sharing", _list_items(lambda items: [i for i in items if i != AI_SHARE_ITEM])),
                 lambda s: s.replace_section("ai", AI_OPT_IN_SECTION),
                 _updated(7), lambda s: replace(s, notice=AI_OPT_IN_NOTICE)),
          categories=("ai_training",)),
)

DAILY_NOISE = (
    "tracking parameters in links (utm_*, fbclid, and Chirper's own chirp_ref) change every day",
    "the footer's build timestamp and token change every day",
    "inline scripts carry a per-day session token and consent id",
    "the stylesheet URL carries a per-day cache-busting version",
)


# -- hostile endpoints -----------------------------------------------------------------------
# One invented service, Glitchbox, whose every document hits one of these (hostile.py builds
# the bodies). "path" is on the demo server; None means a port where nothing listens.
# "expect" is what a capture should end with: an "error" recorded (and no version), or "ok"
# (a version with the text given in "contains").

HOSTILE_SERVICE = "Glitchbox"
HOSTILE_ENDPOINTS = (
    {"terms_type": "HTTP 404", "path": "/hostile/not-found", "expect": "error",
     "behaviour": "404 Not Found with an HTML error page"},
    {"terms_type": "HTTP 500", "path": "/hostile/server-error", "expect": "error",
     "behaviour": "500 Internal Server Error, every time (retries do not help)"},
    {"terms_type": "Timeout", "path": "/hostile/timeout", "expect": "error",
     "behaviour": "accepts the connection and never answers (until ?seconds=N, default 600)"},
    {"terms_type": "Redirect loop", "path": "/hostile/redirect-loop", "expect": "error",
     "behaviour": "302 to /hostile/redirect-loop/b, which redirects back, forever"},
    {"terms_type": "Connection refused", "path": None, "expect": "error",
     "behaviour": "a 127.0.0.1 port where nothing listens"},
    {"terms_type": "Empty body", "path": "/hostile/empty", "expect": "error",
     "behaviour": "200 OK, text/html, zero bytes"},
    {"terms_type": "Selector matches nothing", "path": "/hostile/no-match", "expect": "error",
     "behaviour": "a normal page whose legal text is not where the declaration's selector points"},
    {"terms_type": "PDF document", "path": "/hostile/terms.pdf", "expect": "ok",
     "behaviour": "a real two-page PDF (application/pdf) of legal text",
     "contains": "Glitchbox Acceptable Use Policy"},
    {"terms_type": "Oversized body", "path": "/hostile/huge", "expect": "error",
     "behaviour": "12 MB of HTML streamed with chunked encoding (no Content-Length)"},
    {"terms_type": "Undecodable bytes", "path": "/hostile/binary", "expect": "error",
     "behaviour": "64 KB of binary noise labelled text/html; charset=utf-8"},
    {"terms_type": "Latin-1 without charset", "path": "/hostile/latin1", "expect": "ok",
     "behaviour": "a legal page encoded in ISO-8859-1, with no charset in the header or the page",
     "contains": "K\u00f6nigstra\u00dfe"},
    {"terms_type": "Bot wall (403)", "path": "/hostile/bot-wall", "expect": "error",
     "behaviour": "a Cloudflare-like 'Just a moment...' challenge, status 403"},
    {"terms_type": "Bot wall (200)", "path": "/hostile/bot-wall-200", "expect": "error",
     "behaviour": "the same challenge page served with status 200"},
)


# -- documents -------------------------------------------------------------------------------

DOCUMENT_TYPES = (TERMS, PRIVACY)


def base_state(profile: Profile, terms_type: str) -> DocumentState:
    build = terms_of_service if terms_type == TERMS else privacy_policy
    return DocumentState(sections=tuple(build(profile)), updated=START - timedelta(days=94))


@lru_cache(maxsize=None)
def document_state(service: str, terms_type: str, day: int) -> DocumentState:
    """The content of a scenario document on a simulated day (days past the last repeat it)."""
    state = base_state(PROFILES[service], terms_type)
    for event in EVENTS:
        if (event.service, event.terms_type) != (service, terms_type) or event.day > day:
            continue
        if event.until is not None and day >= event.until:
            continue
        state = event.apply(state)
    return state


def events_for(day: int | None = None, service: str | None = None,
               terms_type: str | None = None) -> list[dict]:
    """The SCENARIO events matching every given filter."""
    return [e for e in SCENARIO["events"]
            if (day is None or e["day"] == day) and (service is None or e["service"] == service)
            and (terms_type is None or e["terms_type"] == terms_type)]


def _service_json(profile: Profile) -> dict:
    return {"id": profile.id, "name": profile.name, "sector": profile.sector,
            "company": profile.company,
            "documents": {TERMS: f"/{profile.slug}{profile.terms_path}",
                          PRIVACY: f"/{profile.slug}{profile.privacy_path}"},
            "hostile_payloads": profile.id == "Reelhouse"}


SCENARIO: dict = {
    "days": DAYS,
    "start": START.isoformat(),
    "services": [_service_json(profile) for profile in PROFILES.values()],
    "events": [event.to_json() for event in EVENTS],
    "daily_noise": list(DAILY_NOISE),
    "hostile": [dict(endpoint) for endpoint in HOSTILE_ENDPOINTS],
    # where hostile payloads sit inside legal text, and the literal text that must survive
    "hostile_payloads": {
        "service": "Reelhouse", "terms_type": TERMS,
        "markup": ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                   '<a href="javascript:alert(1)">'],
        "literal_text": '<script>alert("x")</script>',
    },
}
