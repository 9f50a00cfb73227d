"""Turning document states into realistic HTML pages, with the noise real sites add.

Every page has what a crawler meets on real legal pages: a header with navigation, a cookie
banner, a sidebar, inline scripts, a table of contents and share buttons inside the article,
a footer with a build stamp, and tracking parameters in links. The noise depends only on the
(page, simulated day), never on the request, so a re-fetch on the same day is byte-identical.

>>> html = scenario_page("Chirper", "Terms of Service", 0)
>>> 'class="legal"' in html and "cookie-banner" in html and "utm_" in html
True
>>> html == scenario_page("Chirper", "Terms of Service", 0)
True
>>> html == scenario_page("Chirper", "Terms of Service", 1)   # daily noise
False
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import random
import re
from dataclasses import replace
from datetime import timedelta

from .legal import PROFILES, Profile, p, privacy_policy, terms_of_service
from .scenario import (PRIVACY, START, TERMS, DocumentState, day_date, document_state,
                       long_date)

DOC_TITLES = {
    ("ShopVista", TERMS): "Conditions of Use", ("ShopVista", PRIVACY): "Privacy Notice",
    ("Reelhouse", TERMS): "Terms of Use",
}

# Query parameters a service adds to its own links (declared in its removeQueryParams).
OWN_TRACKING_PARAMS = {"Chirper": "chirp_ref"}


def token(*parts, length: int = 10) -> str:
    """A stable pseudo-random token for these parts (same parts, same token)."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:length]


def doc_title(profile: Profile, terms_type: str) -> str:
    return DOC_TITLES.get((profile.id, terms_type), terms_type)


def doc_path(profile: Profile, terms_type: str) -> str:
    return f"/{profile.slug}{profile.terms_path if terms_type == TERMS else profile.privacy_path}"


# -- the legal text --------------------------------------------------------------------------

class _Fields(dict):
    """format_map fields: the profile's facts plus ``{ref_<key>}`` section references."""

    def __init__(self, profile: Profile, state: DocumentState):
        super().__init__(profile.fields())
        self.state = state

    def __missing__(self, key: str) -> str:
        if key.startswith("ref_"):
            number = self.state.number(key[4:])
            return f"Section {number}" if number else "the relevant section"
        raise KeyError(key)


def _heading(state: DocumentState, index: int, title: str) -> str:
    number = index - state.preamble + 1
    return f"{number}. {title}" if index >= state.preamble else title


def legal_body(profile: Profile, state: DocumentState) -> tuple[str, str]:
    """(table of contents, body) HTML of a document state."""
    fields = _Fields(profile, state)
    toc, body = [], []
    if state.notice:
        body.append(f'<div class="notice" role="note">{state.notice.format_map(fields)}</div>')
    for index, section in enumerate(state.sections):
        title = section.title.format_map(fields)
        heading = _heading(state, index, title)
        toc.append(f'<li><a href="#s-{section.key}">{htmllib.escape(heading, quote=False)}</a></li>')
        blocks = "\n".join(block.format_map(fields) for block in section.blocks)
        body.append(f'<section class="legal-section" id="s-{section.key}">\n'
                    f'<h2>{heading}</h2>\n{blocks}\n</section>')
    html = "\n".join(body)
    if state.markup == "restyled":
        html = _restyle(html)
    return '<ol>' + "".join(toc) + '</ol>', html


def _restyle(html: str) -> str:
    """Other markup and whitespace, the same text: what a CMS upgrade does to a page."""
    html = html.replace("<b>", "<strong>").replace("</b>", "</strong>")
    html = html.replace("<p>", '<div class="clause">\n  <p class="clause__text">')
    html = html.replace("</p>", "</p>\n</div>")
    html = html.replace("<li>", '<li class="item">\n      ')
    html = html.replace('class="legal-section"', 'class="legal-section legal-section--v2"')
    html = re.sub(r"<h2>(\d+)\. ", r'<h2 class="section-heading"><span class="num">\1.</span>\n  ', html)
    return html.replace(". ", ".\n        ")


LOGIN_WALL = """<h1 class="doc-title">Sign in to continue</h1>
<div class="doc-body">
<p>You need to be signed in to {name} to view this page.</p>
<form class="login-form" method="post" action="/{slug}/login">
<label>E-mail address <input type="email" name="email" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<input type="hidden" name="csrf" value="{csrf}">
<button type="submit">Sign in</button>
</form>
<p><a href="/{slug}/password-reset">Forgot your password?</a> &middot; <a href="/{slug}/signup">Create an account</a></p>
</div>"""


# -- the page around it ----------------------------------------------------------------------

CSS = """
:root{--ink:#1d1d1f;--muted:#6e6e73;--accent:#0a66c2;--bg:#fff;--line:#e5e5ea}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}.skip-link{position:absolute;left:-999px}.skip-link:focus{left:8px;top:8px}
.site-header{display:flex;align-items:center;gap:24px;padding:12px 32px;border-bottom:1px solid var(--line)}
.logo{font-weight:700;font-size:22px;text-decoration:none;color:var(--ink)}
.main-nav ul{display:flex;gap:18px;list-style:none;margin:0;padding:0}.main-nav a{text-decoration:none;color:var(--ink)}
.search input{padding:6px 10px;border:1px solid var(--line);border-radius:16px}
.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#111;color:#eee;padding:16px 32px;z-index:1000}
.cookie-banner button{margin-right:8px;padding:8px 14px;border-radius:4px;border:0}
.breadcrumbs{padding:8px 32px;color:var(--muted);font-size:14px}
.layout{display:grid;grid-template-columns:240px 1fr;gap:40px;padding:24px 32px;max-width:1200px;margin:0 auto}
.legal-sidebar ul{list-style:none;padding:0}.legal-sidebar li{margin:6px 0}
.legal h1{font-size:36px;margin:0 0 8px}.updated{color:var(--muted)}
.legal-toc{background:#f5f5f7;padding:12px 20px;border-radius:8px;margin:16px 0}
.legal-section h2{font-size:22px;margin-top:40px}.notice{border-left:4px solid #f5a623;background:#fff8e6;padding:8px 16px}
.share-tools{display:flex;gap:12px;font-size:14px}.feedback-widget{margin-top:48px;padding:16px;border-top:1px solid var(--line)}
.site-footer{background:#f5f5f7;padding:32px;font-size:14px;color:var(--muted)}
.footer-columns{display:grid;grid-template-columns:repeat(4,1fr);gap:24px}.footer-columns ul{list-style:none;padding:0}
.build{font-family:ui-monospace,monospace;font-size:12px}
@media (max-width:800px){.layout{grid-template-columns:1fr}.legal-sidebar{display:none}.footer-columns{grid-template-columns:1fr 1fr}}
@media print{.site-header,.cookie-banner,.legal-sidebar,.site-footer,.share-tools,.feedback-widget{display:none}}
""".strip()

NAV = ("Home", "Explore", "Notifications", "Messages", "Premium", "Business", "Developers", "Help")
FOOTER = {
    "Company": ("About", "Careers", "Press", "Investors", "Blog", "Brand"),
    "Products": ("Apps", "Premium", "For business", "Advertising", "Gift cards", "Accessibility"),
    "Support": ("Help Centre", "Community", "Safety centre", "Status", "Contact us", "Report a problem"),
    "Legal": ("Terms", "Privacy", "Cookies", "Imprint", "Transparency", "Law enforcement"),
}
SOCIAL = (("https://social.example/{slug}", "Social"), ("https://video.example/@{slug}", "Video"),
          ("https://photos.example/{slug}", "Photos"), ("https://news.example/company/{slug}", "News"))
LANGUAGES = ("English", "Deutsch", "Español", "Français", "Italiano", "Nederlands", "Polski",
             "Português", "Svenska", "Türkçe", "日本語", "한국어")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_page(profile: Profile, terms_type: str, state: DocumentState, *, noise_key: str,
                path: str, build_day: int = 0) -> str:
    """A full HTML page. ``noise_key`` seeds every token on the page: change it, change them."""
    title = doc_title(profile, terms_type)
    slug = profile.slug
    fields = profile.fields()
    t = lambda *parts, length=10: token(noise_key, *parts, length=length)  # noqa: E731
    build_time = f"{day_date(build_day).isoformat()}T04:{int(t('m'), 16) % 60:02d}:{int(t('s'), 16) % 60:02d}Z"
    if state.login_wall:
        article_inner = LOGIN_WALL.format(name=profile.name, slug=slug, csrf=t("csrf", length=32))
    else:
        toc, body = legal_body(profile, state)
        article_inner = (
            f'<h1 class="doc-title">{title}</h1>\n'
            f'<p class="updated">Last updated: <time datetime="{state.updated.isoformat()}">'
            f'{long_date(state.updated)}</time></p>\n'
            f'<div class="share-tools"><button type="button" onclick="window.print()">Print</button> '
            f'<a href="/{slug}/legal/archive">Previous versions</a> '
            f'<a href="/{slug}/legal/{_slugify(title)}.pdf">Download PDF</a></div>\n'
            f'<nav class="legal-toc" aria-label="Contents"><h2>Contents</h2>{toc}</nav>\n'
            f'<div class="doc-body">\n{body}\n</div>\n'
            f'<div class="feedback-widget"><p>Was this page helpful?</p>'
            f'<button type="button" data-vote="yes">Yes</button> <button type="button" data-vote="no">No</button></div>\n'
            f'<script>window.__legalDoc = {{"id": "{_slugify(title)}", "rev": "{t("rev")}"}};'
            f'document.querySelectorAll(".legal-toc a").forEach(function (a) {{ a.addEventListener("click", '
            f'function () {{ window.dataLayer && window.dataLayer.push({{event: "toc_click"}}); }}); }});</script>')
    nav = "".join(f'<li><a href="/{slug}/{_slugify(item)}">{item}</a></li>' for item in NAV)
    sidebar = "".join(f'<li><a href="/{slug}/legal/{_slugify(item)}">{item}</a></li>'
                      for item in ("Terms of Service", "Privacy Policy", "Cookie Policy",
                                   "Community Guidelines", "Copyright", "Law enforcement guidelines",
                                   "Transparency report", "Accessibility statement"))
    columns = "".join(
        f'<div><h3>{heading}</h3><ul>' +
        "".join(f'<li><a href="/{slug}/{_slugify(heading)}/{_slugify(item)}">{item}</a></li>' for item in items) +
        "</ul></div>" for heading, items in FOOTER.items())
    social = " ".join(f'<a href="{url.format(slug=slug)}" rel="noopener">{label}</a>' for url, label in SOCIAL)
    languages = "".join(f'<option value="{i}">{lang}</option>' for i, lang in enumerate(LANGUAGES))
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "WebPage", "name": f"{title} | {profile.name}",
                          "dateModified": state.updated.isoformat(),
                          "publisher": {"@type": "Organization", "name": profile.company}})
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {profile.name}</title>
<meta name="description" content="Read the {title} of {profile.name}, {htmllib.escape(profile.product)}.">
<meta name="csrf-token" content="{t('csrf', length=32)}">
<link rel="canonical" href="{path}">
<link rel="stylesheet" href="/static/{slug}.css?v={t('css', length=8)}">
<style>{CSS}</style>
<script type="application/ld+json">{json_ld}</script>
<script>(function (w) {{ w.dataLayer = w.dataLayer || []; w.dataLayer.push({{"event": "pageview", "session": "{t('session', length=24)}", "experiment": "legal-{int(t('x'), 16) % 4}"}}); }})(window);</script>
</head>
<body class="legal-page {slug}">
<a class="skip-link" href="#legal-content">Skip to content</a>
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent" data-consent-id="{t('consent')}">
<p>We and our 148 partners use cookies and similar technologies to run {profile.name}, measure its use and show you personalised ads. Choose &ldquo;Accept all&rdquo; to allow all of them, or &ldquo;Reject all&rdquo; to allow only those that are strictly necessary. See our <a href="{fields['cookies_url']}">Cookie Policy</a>.</p>
<button type="button" class="accept">Accept all</button><button type="button" class="reject">Reject all</button><button type="button" class="manage">Manage choices</button>
</div>
<header class="site-header">
<a class="logo" href="/{slug}/">{profile.name}</a>
<nav class="main-nav" aria-label="Main"><ul>{nav}</ul></nav>
<form class="search" action="/{slug}/search" role="search"><input type="search" name="q" placeholder="Search {profile.name}" aria-label="Search"></form>
<a class="login" href="/{slug}/login">Log in</a> <a class="signup" href="/{slug}/signup">Sign up</a>
</header>
<div class="breadcrumbs"><a href="/{slug}/">Home</a> &rsaquo; <a href="/{slug}/legal">Legal</a> &rsaquo; {title}</div>
<main id="main" class="layout">
<aside class="legal-sidebar"><h2>Legal</h2><ul>{sidebar}</ul></aside>
<article class="legal" id="legal-content">
{article_inner}
</article>
</main>
<footer class="site-footer">
<div class="footer-columns">{columns}</div>
<p class="social">{social}</p>
<label>Language <select name="lang">{languages}</select></label>
<p class="copyright">&copy; {START.year} {profile.company.rstrip(".")}. All rights reserved. {htmllib.escape(profile.address)}</p>
<p class="build">Build <time datetime="{build_time}">{build_time}</time> &middot; {t('build', length=12)}</p>
</footer>
<script src="/static/app.js?v={t('js', length=8)}" defer></script>
<script>window.__CSRF__ = "{t('csrf', length=32)}"; window.__BUILD__ = "{t('build', length=12)}";</script>
</body>
</html>
"""
    return add_tracking(page, profile.id, noise_key)


_HREF = re.compile(r'href="((?:/|https://)[^"#]*)"')


def add_tracking(page: str, service: str, noise_key: str) -> str:
    """Add tracking parameters to about half of the links, with per-``noise_key`` values.

    Anchors (``#...``) and ``javascript:`` links are left alone.
    """
    own = OWN_TRACKING_PARAMS.get(service)

    def tag(match: re.Match) -> str:
        url = match.group(1)
        choice = int(token("link", url), 16) % 4
        params = []
        if choice in (0, 1):
            params.append(f"utm_source={service.lower()}&amp;utm_medium=legal&amp;"
                          f"utm_campaign=c{token(noise_key, 'campaign', length=6)}&amp;"
                          f"utm_content={token(noise_key, url, length=8)}")
        if choice == 2:
            params.append(f"fbclid=IwAR{token(noise_key, 'fb', url, length=24)}")
        if own and url.startswith("/") and choice != 3:
            params.append(f"{own}={token(noise_key, own, url, length=12)}")
        if not params:
            return match.group(0)
        sep = "&amp;" if "?" in url else "?"
        return f'href="{url}{sep}{"&amp;".join(params)}"'

    return _HREF.sub(tag, page)


def scenario_page(service: str, terms_type: str, day: int) -> str:
    """The page of a scenario document on a simulated day."""
    profile = PROFILES[service]
    state = document_state(service, terms_type, day)
    return render_page(profile, terms_type, state, noise_key=f"{service}|{terms_type}|day{day}",
                       path=doc_path(profile, terms_type), build_day=day)


# -- bulk documents --------------------------------------------------------------------------

BRANDS = ("Nova", "Blue", "Bright", "Quick", "Cloud", "Pixel", "Zen", "Loop", "Hive", "Spark",
          "Orbit", "Maple", "Echo", "Nimbus", "Atlas", "Fable", "Lumen", "Vivid", "Tidal", "Ember")
SUFFIXES = ("ly", "ify", "hub", "box", "base", "nest", "wave", "cart", "mate", "path", "deck",
            "post", "flow", "gram", "desk")
PLACES = (
    ("Inc.", "350 Fifth Avenue, New York, NY 10118, United States", "the State of New York",
     "the state or federal courts located in New York County, New York"),
    ("Ltd", "1 Canada Square, London E14 5AB, United Kingdom", "England and Wales",
     "the courts of England and Wales"),
    ("GmbH", "Leopoldstraße 8, 80802 München, Germany", "the Federal Republic of Germany",
     "the courts of Munich"),
    ("B.V.", "Stationsplein 45, 3013 AK Rotterdam, the Netherlands", "the Netherlands",
     "the competent court in Rotterdam"),
    ("S.A.S.", "12 rue de la Paix, 75002 Paris, France", "France", "the courts of Paris"),
    ("AB", "Drottninggatan 33, 111 51 Stockholm, Sweden", "Sweden", "the Stockholm District Court"),
    ("Limited", "25 North Wall Quay, Dublin 1, Ireland", "Ireland", "the courts of Ireland"),
)
PRODUCTS = (
    ("messaging app", "a messaging app for chats, voice and video calls with friends and groups",
     "messages, voice notes, photos and files"),
    ("marketplace", "a marketplace for buying and selling second-hand items", "listings, photos and reviews"),
    ("music service", "a music streaming service with playlists and podcasts", "playlists, comments and profile pictures"),
    ("travel site", "a travel site for booking hotels, flights and rental cars", "reviews, photos and trip plans"),
    ("dating app", "a dating app that helps you meet new people nearby", "profile photos, prompts and messages"),
    ("note-taking app", "an app to write notes, keep to-do lists and share notebooks", "notes, lists and attachments"),
    ("food delivery app", "an app to order food and groceries for delivery", "orders, ratings and reviews"),
    ("game platform", "an online game platform with multiplayer games and chat", "games, avatars, chat messages and creations"),
)
DROPPABLE = {"third_party", "indemnity", "collect_others", "transfers", "legal_bases", "general", "ip"}
# Sections bulk documents may borrow (not the one carrying hostile payloads).
EXTRA_POOL = tuple(extra for profile in PROFILES.values() for extra in profile.extra_terms + profile.extra_privacy
                   if "<script>" not in "".join(extra[1].blocks))


def bulk_profile(index: int) -> Profile:
    """A deterministic invented service for bulk document ``index``."""
    rng = random.Random(f"bulk-profile-{index}")
    brand = rng.choice(BRANDS) + rng.choice(SUFFIXES)
    suffix, address, law, courts = rng.choice(PLACES)
    sector, product, content = rng.choice(PRODUCTS)
    return Profile(
        id=f"bulk-{index}", name=brand, company=f"{brand} {suffix}", address=address, law=law,
        courts=courts, domain=f"{brand.lower()}.example", product=product, content=content,
        min_age=rng.choice((13, 16, 18)), sector=sector, slug=f"bulk/{index}",
        terms_path="/terms", privacy_path="/privacy")


def bulk_terms_type(index: int) -> str:
    """Even bulk documents are Terms of Service, odd ones Privacy Policies."""
    return TERMS if index % 2 == 0 else PRIVACY


def bulk_path(index: int) -> str:
    return f"/bulk/{index}/{'terms' if index % 2 == 0 else 'privacy'}"


def _bulk_state(index: int, profile: Profile) -> DocumentState:
    rng = random.Random(f"bulk-state-{index}")
    terms_type = bulk_terms_type(index)
    sections = terms_of_service(profile) if terms_type == TERMS else privacy_policy(profile)
    sections = [s for s in sections if s.key not in DROPPABLE or rng.random() > 0.3]
    for _ in range(rng.randint(0, 2)):
        after, extra = rng.choice(EXTRA_POOL)
        position = next((i for i, s in enumerate(sections) if s.key == after), len(sections) - 2)
        if all(s.key != extra.key for s in sections):
            sections.insert(position + 1, extra)
    numbers = {"30": rng.choice(("14", "21", "30", "45", "60")), "90": rng.choice(("60", "90", "120", "180")),
               "100": rng.choice(("50", "100", "200", "500")), "15": rng.choice(("5", "10", "15", "20"))}

    def vary(block: str) -> str:
        return re.sub(r"\b(30|90|100|15)\b(?= (?:days|GB|\)))", lambda m: numbers[m.group(1)], block)

    sections = [s.with_blocks(vary(b) for b in s.blocks) for s in sections]
    updated = START - timedelta(days=rng.randint(30, 900))
    return DocumentState(sections=tuple(sections), updated=updated, preamble=rng.choice((0, 0, 1)))


def bulk_page(index: int, revision: int = 0) -> str:
    """Bulk document ``index`` at ``revision`` (0 = as first served; changing ones count days)."""
    profile = bulk_profile(index)
    state = _bulk_state(index, profile)
    if revision:
        state = state.edit_blocks("changes", lambda blocks: blocks + [p(
            f"Revision {revision}: we clarified the wording of this section and updated the list "
            f"of service providers we rely on (reference {token('rev', index, revision, length=8)}).")])
        state = replace(state, updated=day_date(revision))
    return render_page(profile, bulk_terms_type(index), state,
                       noise_key=f"bulk|{index}|{revision}", path=bulk_path(index), build_day=revision)
