"""The Apprise channel: any destination an Apprise URL names (``json://``, ``ntfy://``,
``slack://``, ``discord://``, ``matrix://``, ``tgram://``, ``mmost://``, ``msteams://``...).

An Apprise URL is the operator's own configuration, so its subscriptions are active at once.
It carries tokens (a webhook's secret path, a bot token, a password), so it is only ever
shown through `AppriseChannel.mask`, and Apprise's own log lines are kept out of ours.

Each message is the plain-text alert (subject as the title) ending with a
``Termswatch-Message-Id:`` line, the outbox row's stable id. Custom webhooks (``json://``,
``form://``, ``xml://``) also get it as an ``Idempotency-Key`` header and, for JSON and form,
a ``message_id`` field: a receiver that remembers the ids it has seen drops a resend.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Iterator, Mapping
from urllib.parse import urlsplit

from ...config import ConfigError, parse_duration
from . import Channel, Message, PermanentDeliveryError, TargetError, TemporaryDeliveryError, retry_settings

APPRISE_LOGGER = logging.getLogger("apprise")
# Apprise logs request URLs and exceptions that quote them (tokens included) at debug
# level, and so does urllib3 under it ("POST /hooks/<secret>"): our log handlers never see
# Apprise's, nor urllib3's while a message is sent. A failure comes back as its reason.
APPRISE_LOGGER.propagate = False
HTTP_LOGGER = logging.getLogger("urllib3")

# HTTP statuses that say "not now" rather than "never": everything else in 4xx is for good.
RETRYABLE_4XX = {408, 425, 429}
HTTP_STATUS = re.compile(r"error=(\d{3})")
LONG_SEGMENT = 6        # path segments longer than this are masked: webhook secrets, topics


class AppriseChannel(Channel):
    kind = "apprise"
    needs_confirmation = False
    timeout: float = 10.0   # seconds, to connect and to read the answer

    def __init__(self, *, timeout: float = 10.0, retry_initial: float = 60.0, retry_max: float = 3600.0):
        self.timeout = timeout
        self.retry_initial = retry_initial
        self.retry_max = retry_max

    @classmethod
    def accepts(cls, target: str) -> bool:
        return "://" in target

    @classmethod
    def normalise(cls, target: str) -> str:
        if any(c.isspace() or ord(c) < 32 for c in target):
            raise TargetError(f"{cls.mask(target)}: an Apprise URL is one word, without spaces or control characters")
        if _instantiate(target) is None:
            scheme = target.split("://", 1)[0]
            raise TargetError(f"{cls.mask(target)}: not a valid Apprise URL ({scheme}:// unknown, or its "
                              "tokens malformed; see Apprise's list of services)")
        return target

    @classmethod
    def mask(cls, target: str) -> str:
        """``scheme://host/short/s...t``: Apprise's own privacy form (passwords and the
        tokens it knows hidden), less the query string (headers, keys), with long path
        segments shortened."""
        plugin = _instantiate(target)
        if plugin is None:  # nobody knows which of its parts are secret: show none
            scheme = target.split("://", 1)[0]
            return f"{scheme}://..." if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,19}", scheme) else "****"
        parts = urlsplit(plugin.url(privacy=True))
        segments = [s if len(s) <= LONG_SEGMENT or "..." in s else f"{s[0]}...{s[-1]}" for s in parts.path.split("/")]
        return f"{parts.scheme}://{parts.netloc}{'/'.join(segments).rstrip('/')}"

    @classmethod
    def from_config(cls, config, table: Mapping, environ: Mapping[str, str] | None = None) -> "AppriseChannel":
        prefix = "channels.apprise"
        unknown = sorted(set(table) - {"timeout", "retry_initial", "retry_max"})
        if unknown:
            raise ConfigError(config.source, f"{prefix}.{unknown[0]}",
                              "unknown key (known: enabled, retry_initial, retry_max, timeout)")
        timeout = parse_duration(table.get("timeout", cls.timeout), config.source, f"{prefix}.timeout").total_seconds()
        if timeout <= 0:
            raise ConfigError(config.source, f"{prefix}.timeout", "must be longer than zero")
        return cls(timeout=timeout, **retry_settings(table, config.source, prefix, cls))

    def send(self, message: Message) -> None:
        plugin = _instantiate(message.target)
        if plugin is None:  # was valid when subscribed; Apprise changed since
            raise PermanentDeliveryError(f"{self.mask(message.target)}: no longer a valid Apprise URL")
        plugin.socket_connect_timeout = plugin.socket_read_timeout = self.timeout
        if isinstance(getattr(plugin, "headers", None), dict):
            plugin.headers.update({"Idempotency-Key": message.message_id,
                                   "X-Termswatch-Message-Id": message.message_id})
        if isinstance(getattr(plugin, "payload_extras", None), dict):
            plugin.payload_extras["message_id"] = message.message_id
        body = f"{message.text.rstrip()}\n\nTermswatch-Message-Id: {message.message_id}\n"
        with _apprise_log() as log_lines:
            delivered = plugin.notify(body=body, title=message.subject, body_format="text")
        if delivered:
            return
        said = _scrub("; ".join(log_lines[-2:]) or "refused, without saying why", message.target)
        reason = f"{self.mask(message.target)}: {said}"
        status = HTTP_STATUS.search(said)
        if status and 400 <= int(status.group(1)) < 500 and int(status.group(1)) not in RETRYABLE_4XX:
            raise PermanentDeliveryError(reason)
        raise TemporaryDeliveryError(reason, stops_batch=True)


def _instantiate(target: str):
    """Apprise's plugin object for a URL, or None; Apprise's complaints stay in its logger."""
    import apprise  # here: loading its hundred plugins costs every command a moment otherwise

    with _apprise_log():
        try:
            return apprise.Apprise.instantiate(target)
        except Exception:  # a malformed URL can trip a plugin's own parsing
            return None


@contextmanager
def _apprise_log() -> Iterator[list[str]]:
    """Collect what Apprise says (warnings and errors) while the block runs."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(" ".join(record.getMessage().split()))

    handler = Collect(level=logging.WARNING)
    levels = APPRISE_LOGGER.level, HTTP_LOGGER.level
    APPRISE_LOGGER.addHandler(handler)
    APPRISE_LOGGER.setLevel(logging.WARNING)
    HTTP_LOGGER.setLevel(logging.CRITICAL)
    try:
        yield lines
    finally:
        APPRISE_LOGGER.removeHandler(handler)
        APPRISE_LOGGER.setLevel(levels[0])
        HTTP_LOGGER.setLevel(levels[1])


def _scrub(text: str, target: str) -> str:
    """``text`` with every piece of ``target`` that its masked form hides replaced by ****."""
    shown = AppriseChannel.mask(target)
    for piece in sorted(set(re.split(r"[/:@?&=#+]+", target)), key=len, reverse=True):
        if len(piece) >= 4 and piece not in shown:
            text = text.replace(piece, "****")
    return text
