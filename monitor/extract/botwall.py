"""Bot walls: pages that stand between a crawler and the document.

Captchas, "checking your browser", "enable JavaScript", access-denied and login pages are
short and say so. A page is taken for a bot wall when its visible text (title and body,
``noscript`` included, scripts excluded) is short *and* either says one of those things or
carries a challenge widget's markup. Long pages are never bot walls: a privacy policy may well
mention captchas or JavaScript.
"""

from __future__ import annotations

import re

# Longer than this, a page is content, whatever it mentions.
MAX_BOT_WALL_CHARS = 3000

# What challenges say: a page (or a selected element) saying this stands for a crawler check.
_CHALLENGE_WORDS = (
    r"captcha|are you (?:a )?(?:human|robot)|not a robot|verify (?:that )?you(?:'re| are) (?:a )?human|"
    r"human verification|checking (?:your browser|if the site connection is secure)|"
    r"(?:enable|turn on|activate) (?:javascript|js|cookies)|javascript is (?:disabled|required|not enabled)|"
    r"requires javascript|request (?:was )?blocked|request unsuccessful|unusual traffic|"
    r"attention required|just a moment|ddos protection|pardon our interruption|"
    r"bot (?:detection|protection)|security check")
# Access-denied and login pages: walls when they are the whole page; inside the declared
# element they are left to suspect detection (`monitor.diff.suspect`), like error pages.
_DENIAL_WORDS = (
    r"access (?:is )?denied|access to this page has been denied|403 forbidden|"
    r"(?:log|sign) ?in to (?:continue|view|see)|you must (?:be )?(?:log|sign)(?:ged)? ?in|"
    r"please (?:log|sign) ?in")
_WALL_WORDS = re.compile(f"{_CHALLENGE_WORDS}|{_DENIAL_WORDS}", re.IGNORECASE)
_CHALLENGE_ONLY = re.compile(_CHALLENGE_WORDS, re.IGNORECASE)
_WALL_MARKUP = re.compile(
    r"g-recaptcha|h-captcha|hcaptcha\.com|cf-challenge|challenge-platform|cf-browser-verification|"
    r"cf-turnstile|px-captcha|perimeterx|captcha-delivery\.com|datadome|_incapsula_|"
    r"distil_r_captcha|/cdn-cgi/challenge|akamai-bot-manager|awswaf",
    re.IGNORECASE)


def bot_wall_evidence(visible_text: str, markup: str, *, denials: bool = True) -> str | None:
    """What gives the page away as a bot wall (a phrase or a marker), or None. Without
    ``denials``, only challenges count (not access-denied or login wording).

    >>> bot_wall_evidence("Just a moment... Checking your browser", "<html>...")
    "says 'Just a moment'"
    >>> bot_wall_evidence("We may use reCAPTCHA. " * 200, "") is None
    True
    >>> bot_wall_evidence("Sign in to continue", "<form>", denials=False) is None
    True
    """
    text = " ".join(visible_text.split())
    if len(text) > MAX_BOT_WALL_CHARS:
        return None
    said = (_WALL_WORDS if denials else _CHALLENGE_ONLY).search(text)
    if said:
        return f"says {said.group(0)!r}"
    marker = _WALL_MARKUP.search(markup[:500_000])
    if marker:
        return f"carries challenge markup {marker.group(0)!r}"
    return None
