"""The Flask app behind ``termswatch serve``: the built site's files, the subscription pages,
and (from `documents`) versions and diffs. `monitor.web` says what each route does and why
Flask and waitress.

Every request opens the store and closes it at the end (SQLite connections are not shared
between waitress's threads); every response carries a Content-Security-Policy that runs no
script, and ``Referrer-Policy: no-referrer`` so a token in a page's address never leaves it.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, abort, g, render_template, request, send_from_directory
from werkzeug.exceptions import HTTPException

from ..alerts import (AddressError, MailSettings, SmtpConfig, SubscriptionError, confirm, find_subscription,
                      normalise_address, subscribe, unsubscribe)
from ..alerts.compose import subscription_scope
from ..store import Store
from .guard import RateLimit, same_origin
from .urls import origin

log = logging.getLogger("termswatch.web")

POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
          "frame-ancestors 'none'")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{10,64}$")   # what secrets.token_urlsafe makes
MIME_TYPES = {".xml": "application/atom+xml", ".html": "text/html", ".css": "text/css"}
SEVERITIES = {"0": 0, "1": 1, "2": 2, "3": 3}
MODES = {"immediate", "daily"}


@dataclass
class WebSettings:
    """What the app needs besides its routes."""

    database: Path                  # the store
    site_dir: Path                  # the built site (`termswatch site build`)
    base_url: str                   # public URL of the app, ending in "/" (links in mails)
    mail: MailSettings = field(default_factory=MailSettings)
    smtp: SmtpConfig | None = None  # None: confirmation mails wait for the daemon / `alerts send`
    rate_limit: RateLimit = field(default_factory=RateLimit)


def create_app(settings: WebSettings) -> Flask:
    app = Flask(__name__, static_folder=None)   # /static/ is the site's own folder
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024)   # a subscribe form is a few hundred bytes
    app.extensions["termswatch"] = settings
    app.jinja_env.autoescape = True                    # templates are *.html.j2: escape them too
    app.jinja_env.globals.update(site_url=lambda path: request.script_root + "/" + path)
    mailer = Mailer(settings) if settings.smtp else None
    own_origins = {origin(u) for u in (settings.base_url, settings.mail.site_url) if u}

    @app.before_request
    def open_store():
        g.store = None

    @app.teardown_request
    def close_store(_error=None):
        store = g.pop("store", None)
        if store is not None:
            store.close()

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The site's pages set their own (a service page's form needs its Origin sent);
        # the app's pages carry tokens in their addresses, which must never leave them.
        response.headers["Referrer-Policy"] = "same-origin" if request.endpoint == "site_file" else "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.endpoint in ("confirm_page", "unsubscribe_page", "unsubscribe_by_query", "subscribe_form"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def error_page(error: HTTPException):
        message = error.description if isinstance(error.description, str) else error.name
        return render_template("message.html.j2", title=error.name, message=message), error.code

    # -- the site's files ------------------------------------------------------------------

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def site_file(path: str):
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts):   # the build manifest, and anything hidden
            abort(404)
        target = "/".join(parts)
        if not target or (settings.site_dir / target).is_dir():
            target = f"{target}/index.html".lstrip("/")
        # send_from_directory refuses any path that would leave the folder (werkzeug's safe_join)
        response = send_from_directory(settings.site_dir, target, max_age=60)
        mime = MIME_TYPES.get(Path(target).suffix)
        if mime:
            response.mimetype = mime
        return response

    # -- subscriptions ---------------------------------------------------------------------

    @app.post("/subscribe")
    def subscribe_form():
        if not same_origin(request.headers, own_origins | {origin(request.host_url)}):
            abort(403, "This form only works from Termswatch's own pages.")
        form = request.form
        address = form.get("email", "")
        service = form.get("service", "")
        scope = form.get("scope", "service")
        if form.get("min_severity", "0") not in SEVERITIES or form.get("mode", "immediate") not in MODES \
                or scope not in ("service", "all"):
            abort(400, "The form was filled with values it does not offer.")
        # Counted before the store is read: every post that could queue a mail counts.
        if not settings.rate_limit.allow(request.remote_addr or "?"):
            abort(429, "Too many subscriptions from here for now; try again in an hour.")
        try:
            # Email only, whatever else `subscribe` takes: a chat or webhook URL is the
            # operator's to add (it would be active at once, and posted to by this server).
            address = normalise_address(address)
        except AddressError as error:
            abort(400, str(error))
        store = _store()
        existing = find_subscription(store, address=address)
        if existing is not None and existing["status"] == "active":
            # An active subscription is changed only by its owner (unsubscribe, subscribe
            # again): a stranger typing someone's address must not rewrite their preferences.
            # The answer is the same either way, so the form tells nobody who is subscribed.
            return render_template("subscribed.html.j2", address=existing["address"]), 200
        try:
            row = subscribe(store, address, services=[service] if scope == "service" and service else None,
                            min_severity=SEVERITIES[form.get("min_severity", "0")],
                            mode=form.get("mode", "immediate"), settings=settings.mail)
        except SubscriptionError as error:
            abort(400, str(error))
        if mailer:
            mailer.wake()
        return render_template("subscribed.html.j2", address=row["address"]), 200

    @app.route("/confirm/<token>", methods=["GET", "POST"])
    def confirm_page(token: str):
        subscription = _subscription(confirm_token=token)
        if subscription["status"] == "unsubscribed":
            abort(404, "This confirmation link is no longer valid: the subscription was cancelled since.")
        if request.method == "POST" and subscription["status"] == "pending":
            subscription = confirm(_store(), token)
        return render_template("confirm.html.j2", subscription=subscription,
                               scope=subscription_scope(subscription)), 200

    @app.route("/unsubscribe/<token>", methods=["GET", "POST"])
    def unsubscribe_page(token: str):
        """GET shows a button; POST unsubscribes (the button, and RFC 8058 one-click
        clients, which POST ``List-Unsubscribe=One-Click`` here with no cookie and no page)."""
        subscription = _subscription(unsubscribe_token=token)
        if request.method == "POST" and subscription["status"] != "unsubscribed":
            subscription = unsubscribe(_store(), token=token)
            log.info("subscription %s unsubscribed by link", subscription["id"])
        return render_template("unsubscribe.html.j2", subscription=subscription,
                               scope=subscription_scope(subscription)), 200

    @app.route("/unsubscribe", methods=["GET", "POST"])
    def unsubscribe_by_query():
        """``[alerts] unsubscribe_url`` links (``…/unsubscribe?token=``), as mailed before the app."""
        return unsubscribe_page(request.values.get("token", ""))

    from .documents import documents
    app.register_blueprint(documents)
    return app


def _store() -> Store:
    if g.get("store") is None:
        g.store = Store.open(_settings().database, migrate=False)
    return g.store


def _settings() -> WebSettings:
    from flask import current_app
    return current_app.extensions["termswatch"]


def _subscription(**token) -> dict:
    """The subscription a link's token names, or 404 (a malformed token never reaches SQL)."""
    (column, value), = token.items()
    if not TOKEN.match(value or ""):
        abort(404, "This link is not valid (it may have been cut short: open it from the mail again).")
    subscription = find_subscription(_store(), **{column: value})
    if subscription is None:
        abort(404, "This link is not valid (it may have been cut short, or replaced by a newer one).")
    return subscription


class Mailer:
    """Sends the outbox in a thread of its own whenever a subscription asks for a
    confirmation mail, so it goes out now rather than at the daemon's next cycle. A mail
    that cannot be sent stays queued, retried by the daemon or ``termswatch alerts send``."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        self._due = threading.Event()
        threading.Thread(target=self._run, name="termswatch-mailer", daemon=True).start()

    def wake(self) -> None:
        self._due.set()

    def _run(self) -> None:
        from ..alerts import send_pending
        while True:
            self._due.wait()
            self._due.clear()
            try:
                with Store.open(self.settings.database, migrate=False) as store:
                    report = send_pending(store, self.settings.smtp)
                log.info("mail: %s", report.summary())
            except Exception:  # noqa: BLE001 - the thread must outlive one bad round
                log.exception("sending the outbox failed")
