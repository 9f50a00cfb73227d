"""Who is told about what: subscriptions, the outbox, which versions each subscriber heard
of, and operator events (tables ``subscriptions``, ``outbox``, ``alerted_versions``,
``operator_events``)."""

from __future__ import annotations


class NotificationRecords:
    """Reads and writes of subscriptions, the outbox and operator events (a part of `Store`)."""
