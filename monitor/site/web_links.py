"""What a service page needs to link to `termswatch serve` (`monitor.web`), when the site is
built for it: where its forms post, and its Content-Security-Policy's ``form-action``.

>>> app_links(None, "../../")
{'app_root': None, 'csp_form_action': "'none'", 'referrer_policy': 'no-referrer'}
>>> app_links("./", "../../")["app_root"]
'../../'
>>> app_links("https://terms.example.org/", "../../")["csp_form_action"]
"'self' https://terms.example.org"
"""

from __future__ import annotations

SAME_PLACE = "./"   # the app serves this very site: links relative to the site's root


def site_app_url(config) -> str | None:
    """The ``app_url`` a build takes from the config: with ``[web] base_url`` set,
    `termswatch serve` serves the site folder itself, so its pages link to it relatively
    (the daemon, ``site build`` and ``serve`` then all build the same pages)."""
    return SAME_PLACE if getattr(config, "web_base_url", "") else None


def app_links(app_url: str | None, root: str) -> dict:
    """``app_root`` (None without an app: the page then shows feeds and the command), the
    ``form-action`` sources the page's policy allows, and its referrer policy: with a form,
    one under which the browser says where the post comes from (``Origin``), which the app
    checks (`monitor.web.guard`); without, none at all."""
    if not app_url:
        return {"app_root": None, "csp_form_action": "'none'", "referrer_policy": "no-referrer"}
    if app_url == SAME_PLACE:
        return {"app_root": root, "csp_form_action": "'self'", "referrer_policy": "same-origin"}
    from ..web.urls import origin
    return {"app_root": app_url, "csp_form_action": f"'self' {origin(app_url)}", "referrer_policy": "strict-origin"}
