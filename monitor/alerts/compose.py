"""What each mail says: subject, plain text and HTML, rendered from templates/.

Captured text (clauses, evidence, section titles, error reasons) is hostile until proven
otherwise. In the HTML part it is escaped by Jinja2's autoescape (``*.html.j2``) or comes
from `monitor.diff`'s renderers, which escape it themselves; links only ever point to the
configured site or to a document's declared http(s) URL (`safe_href`). Subjects are one line,
without control characters, capped in length, so nothing can add a header.

The sentences (direction, severity, how a change was imposed) are the site's
(`monitor.site.words`), so a mail and the change page it links to say the same thing.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from jinja2 import ChoiceLoader, DictLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..clock import parse_iso
from ..diff import render_inline_html, render_unified
from ..diff.model import Change, Hunk
from ..safetext import FORBIDDEN
from ..text import EVIDENCE_UP_FRONT, markdown_to_line, quote_parts
from ..site.markup import highlight
from ..site.urls import change_page, safe_href, service_page
from .channels import mask_target
from ..site.words import SEVERITY_WORDS, assessment_sentence, category_name, imposed_rows

SUBJECT_MAX = 140
HUNKS_PER_CHANGE = 8        # a mail shows the first substantive hunks; the site shows all
QUOTE_MAX = 600             # characters of one evidence quote
DIRECTION_WORDS = {"worse": "worse for users", "better": "better for users",
                   "neutral": "neither better nor worse for users"}
SIDE_WORDS = {"new": "Added", "old": "Removed"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@lru_cache(maxsize=2)
def _templates(by_mail: bool = True) -> Environment:
    """The mail templates. Messages on other channels (chat, webhooks) are read where no
    one can reply, so their footer is `channel_footer` instead of the mail's."""
    loader = PackageLoader("monitor.alerts", "templates")
    if not by_mail:
        env = _templates(True)
        loader = ChoiceLoader([DictLoader({
            "_footer.txt.j2": env.loader.get_source(env, "channel_footer.txt.j2")[0],
            "_footer.html.j2": env.loader.get_source(env, "channel_footer.html.j2")[0]}), loader])
    return Environment(loader=loader,
                       autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _render(name: str, *, by_mail: bool = True, **context) -> dict:
    """``{"text", "html"}`` from ``<name>.txt.j2`` and ``<name>.html.j2``."""
    env = _templates(by_mail)
    return {"text": env.get_template(f"{name}.txt.j2").render(**context),
            "html": env.get_template(f"{name}.html.j2").render(**context)}


# -- small helpers ---------------------------------------------------------------------------

def one_line(text: str, limit: int = SUBJECT_MAX) -> str:
    """``text`` on one line (whitespace runs and control characters become one space),
    cut at ``limit`` characters with an ellipsis.

    >>> one_line("Terms\\r\\nBcc: x@example.org\\x00 of   Service", 30)
    'Terms Bcc: x@example.org of S…'
    """
    flat = " ".join(FORBIDDEN.sub(" ", text or "").split())  # bidi overrides too: no spoofed subject
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def clean_text(text: str, limit: int | None = None) -> str:
    """Captured text for a mail body: one kind of line break, no control characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(lambda m: m.group() if m.group() == "\t" else " ", text)
    if limit and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def human_time(iso: str) -> str:
    """``2025-01-07T06:00:00Z`` -> ``7 January 2025, 06:00 UTC``."""
    moment: datetime = parse_iso(iso)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def site_link(site_url: str, path: str) -> str | None:
    """An absolute link into the published site, or None when no site URL is configured."""
    base = safe_href(site_url)
    if not base:
        return None
    return base.rstrip("/") + "/" + quote(path)


def subscription_scope(subscription: dict) -> str:
    """``all services; any severity; a daily digest`` (plus the other filters when set)."""
    services = ", ".join(subscription["services"]) if subscription.get("services") else "all services"
    parts = [services]
    if subscription.get("document_types"):
        parts.append(", ".join(subscription["document_types"]))
    if subscription.get("categories"):
        parts.append("about " + ", ".join(subscription["categories"]))
    if subscription.get("direction") in ("worse", "better"):
        parts.append(f"changes {DIRECTION_WORDS[subscription['direction']]}")
    parts.append(f"severity {subscription['min_severity']} or more" if subscription["min_severity"]
                 else "any severity")
    parts.append(f"a {subscription['mode']} digest" if subscription["mode"] in ("daily", "weekly")
                 else "one message per change")
    return "; ".join(parts)


# -- one change, as every mail shows it -------------------------------------------------------

def _quote(item: dict, taxonomy: dict) -> dict:
    """One evidence item: its clause as text, and as HTML with the decisive words marked."""
    text, marks = quote_parts(item)
    text = clean_text(markdown_to_line(text), QUOTE_MAX)
    return {"side": SIDE_WORDS.get(item.get("side"), "Quoted"),
            "category": category_name(item["category"], taxonomy) if item.get("category") else "",
            "text": text, "html": highlight(text, [clean_text(markdown_to_line(m)) for m in marks])}


def describe_change(change: dict, taxonomy: dict, site_url: str = "") -> dict:
    """The template context for one change (a `monitor.views.change_view` dict, with hunks)."""
    substantive = [h for h in change["hunks"] if h["substantive"]] or change["hunks"]
    shown = substantive[:HUNKS_PER_CHANGE]
    diff = Change(hunks=[Hunk.from_json({k: h[k] for k in ("kind", "section", "old", "new", "ops",
                                                           "substantive", "reason", "old_index", "new_index")})
                         for h in shown],
                  substantive=change["substantive"], suspect=change["suspect"], reasons=change["reasons"])
    severity = change.get("severity") or 0
    categories = [{"name": category_name(c, taxonomy), "explanation": (taxonomy.get(c) or {}).get("explanation", "")}
                  for c in change.get("categories", [])]
    # Quotes as the words a reader sees (no Markdown syntax); the first few, the rest counted.
    evidence = [_quote(e, taxonomy) for e in change.get("evidence", [])
                if isinstance(e, dict) and quote_parts(e)[0].strip()]
    return {
        "service": one_line(change["service_name"], 80), "terms_type": one_line(change["terms_type"], 80),
        "when": human_time(change["to"]), "since": human_time(change["from"]),
        "direction": DIRECTION_WORDS.get(change.get("direction"), "not assessed yet"),
        "severity": severity, "severity_word": SEVERITY_WORDS.get(severity, str(severity)),
        "sentence": clean_text(assessment_sentence(change, taxonomy)),
        "categories": categories, "evidence": evidence[:EVIDENCE_UP_FRONT],
        "evidence_more": max(0, len(evidence) - EVIDENCE_UP_FRONT),
        "imposed": imposed_rows(change),
        "diff_text": clean_text(render_unified(diff, old_label=change["from"], new_label=change["to"],
                                               include_cosmetic=False)),
        "diff_html": Markup(render_inline_html(diff, include_cosmetic=False)),
        "hidden_hunks": len(substantive) - len(shown),
        "change_url": site_link(site_url, change_page(change["service_id"], change["id"])),
        "document_url": safe_href(change.get("url")),
    }


def _change_subject(change: dict, taxonomy: dict) -> str:
    names = ", ".join(category_name(c, taxonomy) for c in change.get("categories", []))
    severity = change.get("severity") or 0
    subject = (f"[Termswatch] {change['service_name']} {change['terms_type']}: "
               f"{DIRECTION_WORDS.get(change.get('direction'), 'changed')} "
               f"({SEVERITY_WORDS.get(severity, severity)})")
    # ASCII separators: Python folds a long subject badly around an encoded "—"
    return one_line(subject + (f" - {names}" if names else ""))


def _footer(subscription: dict, unsubscribe_url: str | None) -> dict:
    channel = subscription.get("channel", "email")
    return {"address": mask_target(channel, subscription["address"]), "scope": subscription_scope(subscription),
            "token": subscription["unsubscribe_token"], "unsubscribe_url": unsubscribe_url,
            "id": subscription["id"]}


def _by_mail(subscription: dict) -> bool:
    return subscription.get("channel", "email") == "email"


# -- the mails ---------------------------------------------------------------------------------

def confirmation_mail(subscription: dict, confirm_url: str | None = None) -> dict:
    """``{"subject", "text", "html"}`` asking the address's owner to confirm: by clicking
    ``confirm_url`` (`termswatch serve`'s page), or, without one, by handing the token to
    whoever runs this Termswatch."""
    token = subscription["confirm_token"]
    return {"subject": one_line("[Termswatch] Confirm your subscription" if confirm_url
                                else f"[Termswatch] Confirm your subscription (confirm {token})"),
            **_render("confirm", address=subscription["address"], token=token, confirm_url=confirm_url,
                      scope=subscription_scope(subscription))}


def alert_mail(subscription: dict, change: dict, taxonomy: dict, *, site_url: str = "",
               unsubscribe_url: str | None = None) -> dict:
    """One change, for a subscription in immediate mode."""
    return {"subject": _change_subject(change, taxonomy),
            **_render("alert", by_mail=_by_mail(subscription), change=describe_change(change, taxonomy, site_url),
                      footer=_footer(subscription, unsubscribe_url))}


def digest_mail(subscription: dict, day: str, changes: list[dict], taxonomy: dict, *, site_url: str = "",
                unsubscribe_url: str | None = None) -> dict:
    """Several changes (oldest first) for a subscription in daily or weekly mode; ``day``
    names the period (``2025-01-07``, ``the week of 2025-01-06``)."""
    services = sorted({c["service_name"] for c in changes})
    worst = max((c.get("severity") or 0) for c in changes)
    subject = (f"[Termswatch] {day}: {len(changes)} change{'s' if len(changes) != 1 else ''} "
               f"(worst: {SEVERITY_WORDS.get(worst, worst)}) - {', '.join(services)}")
    return {"subject": one_line(subject),
            **_render("digest", by_mail=_by_mail(subscription), day=day, rhythm=subscription["mode"],
                      changes=[describe_change(c, taxonomy, site_url) for c in changes],
                      footer=_footer(subscription, unsubscribe_url))}


def operator_mail(document: dict, event: dict, *, site_url: str = "") -> dict:
    """A document that keeps failing to capture (``event["event"] == "broken"``), or its
    recovery; ``document`` is a documents row with its ``service_name``."""
    broken = event["event"] == "broken"
    what = (f"{event['failures']} failed captures in a row" if broken
            else f"captured again after {event['failures']} failed captures" if event["failures"]
            else "captured again")
    subject = f"[Termswatch] Operator: {document['service_name']} {document['terms_type']}: {what}"
    return {"subject": one_line(subject),
            **_render("operator", broken=broken, when=human_time(event["at"]),
                      service=one_line(document["service_name"], 80), terms_type=one_line(document["terms_type"], 80),
                      failures=event["failures"], reason=clean_text(event["reason"], QUOTE_MAX),
                      document_url=safe_href(document.get("url")),
                      service_url=site_link(site_url, service_page(document["service_id"])))}
