"""How to reach the SMTP server: the ``[smtp]`` table of the config file, overridden by the
environment (``TERMSWATCH_SMTP_HOST``, ``_PORT``, ``_SECURITY``, ``_USERNAME``, ``_PASSWORD``,
``_FROM``). The password only ever comes from the environment.

>>> SmtpConfig.from_mapping({"host": "mail.example.org", "security": "starttls"}, environ={}).port
587
>>> SmtpConfig.from_mapping({"port": "x"}, environ={})
Traceback (most recent call last):
...
monitor.config.ConfigError: config: smtp.port: expected a port number (1-65535), got 'x'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any, Mapping, NamedTuple
from urllib.parse import urlsplit

from ..config import SMTP_KEYS, ConfigError, parse_duration
from ..network import is_loopback_host
from .addresses import AddressError, normalise_address

SECURITY_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}

# environment variable -> key of the [smtp] table it overrides
ENVIRONMENT = {
    "TERMSWATCH_SMTP_HOST": "host",
    "TERMSWATCH_SMTP_PORT": "port",
    "TERMSWATCH_SMTP_SECURITY": "security",
    "TERMSWATCH_SMTP_USERNAME": "username",
    "TERMSWATCH_SMTP_PASSWORD": "password",
    "TERMSWATCH_SMTP_FROM": "sender",
}


class Setting(NamedTuple):
    value: Any
    source: str      # the config file, or "environment"
    name: str        # the key ("smtp.port") or variable ("TERMSWATCH_SMTP_PORT") to blame


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    security: str = "none"              # none | starttls | tls (implicit TLS, "SMTPS")
    username: str = ""
    password: str = ""
    sender: str = "termswatch@localhost"  # From:, and where unsubscribe requests are mailed
    timeout: float = 30.0               # seconds, per socket operation
    ca_file: str = ""                   # trust this CA (PEM) instead of the system's
    retry_initial: float = 60.0         # seconds before the first retry; doubles each time
    retry_max: float = 3600.0           # ... up to this

    def __repr__(self) -> str:  # never print the password
        return (f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r}, "
                f"username={self.username!r}, sender={self.sender!r})")

    @property
    def sender_address(self) -> str:
        """The bare address of ``sender`` (which may carry a display name)."""
        return parseaddr(self.sender)[1]

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after ``attempts`` failed attempts: 1, 2, 4... times retry_initial."""
        return min(self.retry_initial * 2 ** max(attempts - 1, 0), self.retry_max)

    @classmethod
    def from_mapping(cls, table: Mapping | None, environ: Mapping[str, str] | None = None,
                     source: str = "config") -> "SmtpConfig":
        """Validate the ``[smtp]`` table (``source`` names the file in errors), then apply the
        environment over it; an error names the key or the variable at fault."""
        table = dict(table or {})
        environ = os.environ if environ is None else environ
        if "password" in table:
            raise ConfigError(source, "smtp.password",
                              "keep the password out of files: set TERMSWATCH_SMTP_PASSWORD instead")
        unknown = sorted(set(table) - set(SMTP_KEYS))
        if unknown:
            raise ConfigError(source, f"smtp.{unknown[0]}", f"unknown key (known: {', '.join(sorted(SMTP_KEYS))})")
        settings = {key: Setting(value, source, f"smtp.{key}") for key, value in table.items()}
        for variable, key in ENVIRONMENT.items():
            if environ.get(variable):
                settings[key] = Setting(environ[variable], "environment", variable)

        def get(key, default=None) -> Setting:
            return settings.get(key, Setting(default, source, f"smtp.{key}"))

        def blame(key: str, reason: str) -> ConfigError:
            return ConfigError(get(key).source, get(key).name, reason)

        host, where, name = get("host", cls.host)
        if not isinstance(host, str) or not host.strip() or any(c.isspace() for c in host.strip()):
            raise ConfigError(where, name, f"expected a host name, got {host!r}")
        host = host.strip()

        security, where, name = get("security", cls.security)
        security = security.strip().lower() if isinstance(security, str) else security
        if security not in SECURITY_MODES:
            raise ConfigError(where, name, f"expected one of {', '.join(SECURITY_MODES)}, got {security!r}")

        port, where, name = get("port", DEFAULT_PORTS[security])
        try:
            port = int(port) if not isinstance(port, (bool, float)) else None
        except (TypeError, ValueError):
            port = None
        if port is None or not 1 <= port <= 65535:
            raise ConfigError(where, name, f"expected a port number (1-65535), got {get('port').value!r}")

        username, where, name = get("username", "")
        if not isinstance(username, str):
            raise ConfigError(where, name, f"expected text, got {username!r}")
        password = get("password", "").value
        if username and not password:
            raise ConfigError("environment", "TERMSWATCH_SMTP_PASSWORD",
                              f"smtp username {username!r} is set but the password is not")
        if password and not username:
            raise blame("username", "a password is set but the username is not")
        if username and security == "none" and not is_loopback_host(host):
            raise blame("security", f"the password would cross the network unencrypted to {host}; "
                        "use starttls or tls")

        sender, where, name = get("sender", cls.sender)
        display_name, bare = parseaddr(sender) if isinstance(sender, str) else ("", "")
        try:
            normalise_address(bare)
        except AddressError as error:
            raise ConfigError(where, name, f"expected an email address, got {sender!r} ({error})")
        if any(c in sender for c in "\r\n"):
            raise ConfigError(where, name, "must be one line")

        timeout = _seconds(*get("timeout", cls.timeout))
        ca_file, where, name = get("ca_file", "")
        if not isinstance(ca_file, str) or (ca_file and not os.path.isfile(os.path.expanduser(ca_file))):
            raise ConfigError(where, name, f"expected the path of a PEM file, got {ca_file!r}")
        retry_initial = _seconds(*get("retry_initial", cls.retry_initial))
        retry_max = _seconds(*get("retry_max", cls.retry_max))
        if retry_max < retry_initial:
            raise ConfigError(source, "smtp.retry_max", "must not be shorter than smtp.retry_initial")
        return cls(host=host, port=port, security=security, username=username, password=password,
                   sender=sender.strip(), timeout=timeout, ca_file=os.path.expanduser(ca_file),
                   retry_initial=retry_initial, retry_max=retry_max)


def _seconds(value, where: str, name: str) -> float:
    seconds = parse_duration(value, where, name).total_seconds()
    if seconds <= 0:
        raise ConfigError(where, name, "must be longer than zero")
    return seconds


@dataclass(frozen=True)
class MailSettings:
    """What the mails say and who gets the operator's: the ``[alerts]`` table."""

    site_url: str = ""              # public base URL of the static site: links to change pages
    unsubscribe_url: str = ""       # an https endpoint that unsubscribes ``?token=``; "" = mailto only
    operators: tuple[str, ...] = ()  # addresses or Apprise URLs told when a document keeps failing, and recovers
    failures_before_alert: int = 3  # consecutive failed captures before telling them
    web_url: str = ""               # `termswatch serve`'s public URL ([web] base_url): confirm and
                                    # unsubscribe links; it wins over unsubscribe_url

    @classmethod
    def from_config(cls, config) -> "MailSettings":
        """From a `monitor.config.Config` (addresses normalised, URLs checked)."""
        from .channels import TargetError, normalise_target
        operators = []
        for address in config.operators:
            try:
                operators.append(normalise_target(address)[1])
            except TargetError as error:
                raise ConfigError(config.source, "alerts.operators", str(error)) from None
        unsubscribe_url = getattr(config, "unsubscribe_url", "") or ""
        if unsubscribe_url and not unsubscribe_url.startswith("https://"):
            raise ConfigError(config.source, "alerts.unsubscribe_url",
                              f"expected an https URL, got {unsubscribe_url!r}")
        if config.site_url and not config.site_url.startswith(("https://", "http://")):
            raise ConfigError(config.source, "alerts.site_url", f"expected an http(s) URL, got {config.site_url!r}")
        return cls(site_url=config.site_url, unsubscribe_url=unsubscribe_url, operators=tuple(operators),
                   failures_before_alert=config.failures_before_alert,
                   web_url=getattr(config, "web_base_url", "") or "")

    def unsubscribe_link(self, token: str) -> str | None:
        if self.web_url:
            from ..web.urls import unsubscribe_link
            return unsubscribe_link(self.web_url, token)
        if not self.unsubscribe_url:
            return None
        return f"{self.unsubscribe_url}{'&' if '?' in self.unsubscribe_url else '?'}token={token}"

    def confirm_link(self, token: str) -> str | None:
        """The page that confirms a subscription, when `termswatch serve` has a public URL."""
        if not self.web_url:
            return None
        from ..web.urls import confirm_link
        return confirm_link(self.web_url, token)

    @property
    def message_id_domain(self) -> str:
        """The right-hand side of the Message-IDs: the site's host, if there is a site."""
        return urlsplit(self.site_url).hostname or "termswatch.localhost"
