"""Who is told about what: subscriptions, the outbox, which versions each subscriber heard
of, and operator events (tables ``subscriptions``, ``outbox``, ``alerted_versions``,
``operator_events``). `monitor.alerts` decides what to send; this module only keeps it."""

from __future__ import annotations

from typing import Iterator

from .analysis import REPORTABLE

SUBSCRIPTION_LOOKUPS = ("id", "address", "confirm_token", "unsubscribe_token")


class NotificationRecords:
    """Reads and writes of subscriptions, the outbox and operator events (a part of `Store`)."""

    # -- subscriptions -----------------------------------------------------------------------

    def insert_subscription(self, *, channel: str, address: str, lists: list, min_severity: int, direction: str,
                            mode: str, status: str, confirm_token: str, unsubscribe_token: str, now: str,
                            confirmed_at: str | None) -> None:
        """A new subscription (``lists``: the JSON of its services, document types and categories),
        inside the caller's transaction."""
        self.db.execute(
            "INSERT INTO subscriptions (channel, address, services, document_types, categories, min_severity, "
            "direction, mode, status, confirm_token, unsubscribe_token, created_at, updated_at, confirmed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [channel, address, *lists, min_severity, direction, mode,
             status, confirm_token, unsubscribe_token, now, now, confirmed_at])

    def update_subscription(self, subscription_id: int, *, lists: list, min_severity: int, direction: str,
                            mode: str, now: str, renewed: bool, status: str, confirm_token: str,
                            confirmed_at: str | None) -> None:
        """New filters for a subscription; when ``renewed`` (it comes back after unsubscribing)
        also a new status, confirmation token and confirmation time. In the caller's transaction."""
        self.db.execute(
            "UPDATE subscriptions SET services = ?, document_types = ?, categories = ?, min_severity = ?, "
            "direction = ?, mode = ?, updated_at = ?, "
            "status = CASE WHEN ? THEN ? ELSE status END, "
            "confirm_token = CASE WHEN ? THEN ? ELSE confirm_token END, "
            "confirmed_at = CASE WHEN ? THEN ? ELSE confirmed_at END, "
            "unsubscribed_at = CASE WHEN ? THEN NULL ELSE unsubscribed_at END WHERE id = ?",
            [*lists, min_severity, direction, mode, now,
             renewed, status, renewed, confirm_token, renewed, confirmed_at,
             renewed, subscription_id])

    def activate_subscription(self, subscription_id: int, now: str) -> None:
        with self.db.conn:
            self.db.execute("UPDATE subscriptions SET status = 'active', confirmed_at = ?, updated_at = ? "
                            "WHERE id = ? AND status = 'pending'", [now, now, subscription_id])

    def end_subscription(self, subscription_id: int, now: str) -> None:
        """Unsubscribed from now on; its queued mail is cancelled."""
        with self.db.conn:
            self.db.execute("UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? "
                            "WHERE id = ? AND status != 'unsubscribed'", [now, now, subscription_id])
            self.db.execute("UPDATE outbox SET status = 'cancelled', last_error = 'unsubscribed' "
                            "WHERE subscription_id = ? AND status = 'queued'", [subscription_id])

    def subscription_row(self, column: str, value) -> dict | None:
        """The subscription row whose ``column`` (one of SUBSCRIPTION_LOOKUPS) is ``value``."""
        if column not in SUBSCRIPTION_LOOKUPS:
            raise ValueError(f"cannot look subscriptions up by {column}")
        rows = list(self.db.query(f"SELECT * FROM subscriptions WHERE {column} = ?", [value]))
        return rows[0] if rows else None

    def subscription_rows(self, status: str | None = None) -> list[dict]:
        sql = "SELECT * FROM subscriptions" + (" WHERE status = ?" if status else "") + " ORDER BY id"
        return list(self.db.query(sql, [status] if status else []))

    def owed_change_ids(self, subscription: dict) -> list[int]:
        """The reportable, assessed changes this subscription's filters select, recorded since
        it was confirmed, that no message told it about yet; oldest first."""
        where = [REPORTABLE, "vt.recorded_at >= ?", "a.severity >= ?",
                 "NOT EXISTS (SELECT 1 FROM alerted_versions av WHERE av.subscription_id = ? "
                 "AND av.version_id = c.to_version_id)"]
        params: list = [subscription["confirmed_at"], subscription["min_severity"], subscription["id"]]
        if subscription["services"]:
            where.append(f"d.service_id IN ({','.join('?' * len(subscription['services']))})")
            params += subscription["services"]
        if subscription.get("document_types"):
            where.append(f"d.terms_type IN ({','.join('?' * len(subscription['document_types']))})")
            params += subscription["document_types"]
        if subscription.get("categories"):
            where.append(f"EXISTS (SELECT 1 FROM json_each(a.categories) WHERE json_each.value IN "
                         f"({','.join('?' * len(subscription['categories']))}))")
            params += subscription["categories"]
        if subscription.get("direction") in ("worse", "better"):
            where.append("a.direction = ?")
            params.append(subscription["direction"])
        return [row["id"] for row in self.db.query(
            f"SELECT c.id FROM changes c JOIN documents d ON d.id = c.document_id "
            f"JOIN versions vt ON vt.id = c.to_version_id JOIN assessments a ON a.change_id = c.id "
            f"WHERE {' AND '.join(where)} ORDER BY vt.recorded_at, c.id", params)]

    def record_alerted_versions(self, subscription_id: int, version_ids: list[int], outbox_id: int) -> None:
        """This mail told the subscriber about these versions' changes (in the caller's transaction)."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO alerted_versions (subscription_id, version_id, outbox_id) VALUES (?, ?, ?)",
            [(subscription_id, version_id, outbox_id) for version_id in version_ids])

    # -- the outbox --------------------------------------------------------------------------

    def insert_mail(self, mail, now: str) -> int | None:
        """Add ``mail`` (a `monitor.alerts.outbox.Mail`) to the outbox, queued, within the
        caller's transaction; None when its dedupe key is there already."""
        cursor = self.db.execute(
            "INSERT INTO outbox (dedupe_key, kind, channel, subscription_id, recipient, message_id, subject, body_text, "
            "body_html, unsubscribe_token, unsubscribe_url, status, next_attempt_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            [mail.dedupe_key, mail.kind, mail.channel, mail.subscription_id, mail.recipient, mail.message_id,
             mail.subject, mail.text, mail.html, mail.unsubscribe_token, mail.unsubscribe_url, now, now])
        return cursor.lastrowid if cursor.rowcount else None

    def outbox_rows(self, statuses: tuple[str, ...], kind: str | None = None) -> Iterator[dict]:
        """Outbox rows with these statuses (and kind), oldest first; without their bodies."""
        where = [f"status IN ({','.join('?' * len(statuses))})"]
        params: list = list(statuses)
        if kind:
            where.append("kind = ?")
            params.append(kind)
        return self.db.query(f"SELECT id, kind, channel, dedupe_key, recipient, subject, message_id, status, attempts, "
                             f"next_attempt_at, last_error, created_at, sent_at FROM outbox "
                             f"WHERE {' AND '.join(where)} ORDER BY id", params)

    def requeue_failed_mail(self, ids: list[int] | None, now: str) -> int:
        """Failed messages (all, or these ids) queued again, due ``now``; returns how many."""
        sql = "UPDATE outbox SET status = 'queued', next_attempt_at = ?, attempts = 0 WHERE status = 'failed'"
        params: list = [now]
        if ids is not None:
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params += ids
        with self.db.conn:
            return self.db.execute(sql, params).rowcount

    def mail_due(self, now: str) -> Iterator[dict]:
        """Queued or sending rows due at ``now``, in the order they fall due (read lazily)."""
        return self.db.query("SELECT * FROM outbox WHERE status IN ('queued', 'sending') AND next_attempt_at <= ? "
                             "ORDER BY next_attempt_at, id", [now])

    def cancel_mail_to_unsubscribed(self) -> None:
        with self.db.conn:
            self.db.execute("UPDATE outbox SET status = 'cancelled', last_error = 'unsubscribed' WHERE status = 'queued' "
                            "AND subscription_id IN (SELECT id FROM subscriptions WHERE status = 'unsubscribed')")

    def claim_mail(self, row: dict, owner: str, now: str) -> bool:
        """Mark the row 'sending' by ``owner`` (committed), unless it changed since ``row`` was read."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1 "
                "WHERE id = ? AND status = ? AND claimed_by IS ?", [owner, now, row["id"], row["status"],
                                                                     row["claimed_by"]])
        return bool(cursor.rowcount)

    def mark_mail(self, row: dict, status: str, *, sent_at: str | None, last_error: str | None) -> None:
        with self.db.conn:
            self.db.execute("UPDATE outbox SET status = ?, sent_at = ?, last_error = coalesce(?, last_error), "
                            "claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by IS ?",
                            [status, sent_at, last_error, row["id"], row["claimed_by"]])

    def defer_mail(self, row: dict, *, attempts: int, retry_at: str, reason: str) -> int:
        """Back to 'queued', due at ``retry_at``; 1 if deferred, 0 if the row changed meanwhile."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE outbox SET status = 'queued', attempts = ?, next_attempt_at = ?, last_error = ?, "
                "claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = ? AND claimed_by IS ?",
                [attempts, retry_at, reason, row["id"], row["status"], row["claimed_by"]])
        return cursor.rowcount

    # -- operator events ---------------------------------------------------------------------

    def documents_with_last_operator_event(self) -> list[dict]:
        """Every document, with its service name and its latest operator event (if any)."""
        return list(self.db.query(
            "SELECT d.*, s.name AS service_name, e.id AS event_id, e.event AS last_event, e.at AS event_at "
            "FROM documents d "
            "JOIN services s ON s.id = d.service_id LEFT JOIN operator_events e ON e.id = "
            "(SELECT max(id) FROM operator_events WHERE document_id = d.id) ORDER BY d.id"))

    def record_operator_event(self, document_id: int, event: str, event_key: str, reason: str, failures: int,
                              at: str) -> None:
        """Once per ``event_key``, in the caller's transaction."""
        self.db.execute("INSERT INTO operator_events (document_id, event, event_key, reason, failures, at) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING",
                        [document_id, event, event_key, reason, failures, at])

    def operator_events(self, document_id: int | None = None) -> list[dict]:
        """Operator events, newest first, with their document."""
        sql = ("SELECT e.*, d.service_id, d.terms_type, d.url FROM operator_events e "
               "JOIN documents d ON d.id = e.document_id")
        params: list = []
        if document_id is not None:
            sql += " WHERE e.document_id = ?"
            params.append(document_id)
        return list(self.db.query(sql + " ORDER BY e.at DESC, e.id DESC", params))
