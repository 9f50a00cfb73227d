"""Notification channels: one class per kind of destination, registered by subclassing.

A subscription names a channel (``email``, ``apprise``...) and a *target* on it (an email
address, an Apprise URL). The outbox hands each due row to its channel as a `Message`; the
channel delivers it or raises a `DeliveryError` saying whether trying again can help. A new
kind of channel is one subclass of `Channel` in a module imported below::

    class Pager(Channel):
        kind = "pager"                       # registers it; stored in subscriptions.channel

        @classmethod
        def accepts(cls, target): return target.startswith("pager:")
        ...
        def send(self, message): ...         # raise TemporaryDeliveryError / PermanentDeliveryError

Channels are enabled by config: ``[channels.<kind>] enabled = false`` turns one off (its
rows then wait in the outbox); each channel reads its own settings from that table.

Every resend of a row carries the same ``Message.message_id``, fixed when the row was queued:
each channel passes it on where the destination can use it to drop a duplicate (see
docs/operations.md, "Alert channels").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Mapping

from ...config import ConfigError, parse_duration


class TargetError(ValueError):
    """A target no channel can deliver to (a malformed address, an unknown Apprise URL)."""


class DeliveryError(Exception):
    """One message could not be delivered. ``stops_batch``: the destination is down, so the
    other messages for it are not tried now either (they wait for their next attempt)."""

    permanent: ClassVar[bool] = False

    def __init__(self, reason: str, *, stops_batch: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.stops_batch = stops_batch


class TemporaryDeliveryError(DeliveryError):
    """Trying again later may work: the row is retried with backoff."""


class PermanentDeliveryError(DeliveryError):
    """The destination refused this message for good: the row is marked failed."""

    permanent = True


@dataclass(frozen=True)
class Message:
    """One outbox row as a channel sees it."""

    outbox_id: int
    message_id: str         # the idempotency key: the same on every resend of this row
    kind: str               # confirm | alert | digest | operator
    target: str             # the channel's destination (address, URL), secrets and all
    subject: str
    text: str
    html: str
    created_at: str
    unsubscribe_token: str | None = None
    unsubscribe_url: str | None = None

    @classmethod
    def from_row(cls, row: Mapping) -> "Message":
        return cls(outbox_id=row["id"], message_id=row["message_id"], kind=row["kind"], target=row["recipient"],
                   subject=row["subject"], text=row["body_text"], html=row["body_html"],
                   created_at=row["created_at"], unsubscribe_token=row["unsubscribe_token"],
                   unsubscribe_url=row["unsubscribe_url"])


class Channel:
    """A kind of destination. Subclasses set ``kind`` and are registered in `REGISTRY`."""

    kind: ClassVar[str] = ""
    # Must the target's owner confirm before alerts go to it? (An email address may be
    # anyone's; an Apprise URL is configured by the operator, for the operator.)
    needs_confirmation: ClassVar[bool] = False
    retry_initial: float = 60.0     # seconds before the first retry; doubles each time
    retry_max: float = 3600.0       # ... up to this

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            REGISTRY[cls.kind] = cls

    # -- targets (class methods: subscribing needs no configured channel) ------------------

    @classmethod
    def accepts(cls, target: str) -> bool:
        """Is this target meant for this channel (by its form, before validation)?"""
        raise NotImplementedError

    @classmethod
    def normalise(cls, target: str) -> str:
        """The canonical spelling of a target, or `TargetError` in one line (naming no secret)."""
        raise NotImplementedError

    @classmethod
    def mask(cls, target: str) -> str:
        """The target as it may be shown and logged: tokens and passwords hidden."""
        return target

    # -- delivery ------------------------------------------------------------------------

    @classmethod
    def from_config(cls, config, table: Mapping, environ: Mapping[str, str] | None = None) -> "Channel":
        """The channel as configured: ``table`` is ``[channels.<kind>]`` (less ``enabled``);
        `ConfigError` names the key at fault."""
        raise NotImplementedError

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after ``attempts`` failed attempts: 1, 2, 4... times retry_initial."""
        return min(self.retry_initial * 2 ** max(attempts - 1, 0), self.retry_max)

    def batch_key(self, target: str) -> str:
        """Messages with the same key go to the same place: when one finds it down
        (``stops_batch``), the rest are not tried this round."""
        return target

    def send(self, message: Message) -> None:
        """Deliver one message, or raise a `DeliveryError`."""
        raise NotImplementedError

    def close(self) -> None:
        """End the round: close connections kept open between messages."""


REGISTRY: dict[str, type[Channel]] = {}


def channel_for(target: str) -> type[Channel]:
    """The channel class a target belongs to, by its form; `TargetError` if none."""
    for channel in REGISTRY.values():
        if channel.accepts(target):
            return channel
    raise TargetError(f"{_shown(target)} is neither an email address nor an Apprise URL (such as json://host/path)")


def normalise_target(target: str) -> tuple[str, str]:
    """``(kind, canonical target)`` for a subscriber's or operator's destination."""
    if not isinstance(target, str) or not target.strip():
        raise TargetError("expected an email address or an Apprise URL, got nothing")
    channel = channel_for(target.strip())
    return channel.kind, channel.normalise(target.strip())


def mask_target(kind: str, target: str) -> str:
    channel = REGISTRY.get(kind)
    return channel.mask(target) if channel else "****"


def _shown(target) -> str:
    """Enough of an unrecognised target to find it, not enough to leak a token."""
    text = str(target).strip()
    return repr(text if len(text) <= 12 else text[:8] + "…")


def retry_settings(table: Mapping, source: str, prefix: str, defaults: Channel) -> dict:
    """``retry_initial`` / ``retry_max`` from a channel's table, as seconds."""
    values = {}
    for key in ("retry_initial", "retry_max"):
        seconds = parse_duration(table.get(key, getattr(defaults, key)), source, f"{prefix}.{key}").total_seconds()
        if seconds <= 0:
            raise ConfigError(source, f"{prefix}.{key}", "must be longer than zero")
        values[key] = seconds
    if values["retry_max"] < values["retry_initial"]:
        raise ConfigError(source, f"{prefix}.retry_max", f"must not be shorter than {prefix}.retry_initial")
    return values


class Channels:
    """The channels this installation delivers through, by kind."""

    def __init__(self, channels: Mapping[str, Channel]):
        self.by_kind = dict(channels)

    @classmethod
    def from_config(cls, config, environ: Mapping[str, str] | None = None) -> "Channels":
        """Every registered channel not disabled by ``[channels.<kind>] enabled = false``."""
        tables = dict(getattr(config, "channels", None) or {})
        unknown = sorted(set(tables) - set(REGISTRY))
        if unknown:
            raise ConfigError(config.source, f"channels.{unknown[0]}",
                              f"unknown channel (known: {', '.join(sorted(REGISTRY))})")
        channels = {}
        for kind, channel in REGISTRY.items():
            table = tables.get(kind, {})
            if not isinstance(table, dict):
                raise ConfigError(config.source, f"channels.{kind}", f"expected a table, got {table!r}")
            enabled = table.get("enabled", True)
            if not isinstance(enabled, bool):
                raise ConfigError(config.source, f"channels.{kind}.enabled", f"expected true or false, got {enabled!r}")
            if enabled:
                channels[kind] = channel.from_config(config, {k: v for k, v in table.items() if k != "enabled"},
                                                     environ)
        return cls(channels)

    def get(self, kind: str) -> Channel | None:
        return self.by_kind.get(kind)

    def close(self) -> None:
        for channel in self.by_kind.values():
            channel.close()


# The built-in channels register themselves on import: email first, so an address is mail.
from .smtp import EmailChannel  # noqa: E402
from .apprise_urls import AppriseChannel  # noqa: E402

__all__ = ["Channel", "Channels", "Message", "DeliveryError", "TemporaryDeliveryError", "PermanentDeliveryError",
           "TargetError", "REGISTRY", "channel_for", "normalise_target", "mask_target", "EmailChannel",
           "AppriseChannel"]
