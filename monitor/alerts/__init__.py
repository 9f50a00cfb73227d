"""Alerts: subscriptions, an outbox in the store, and delivery through channels (email over
SMTP, any Apprise URL).

The pieces, in the order a message goes through them:

- `subscriptions` — ``subscribe`` (a target: an email address, pending until confirmed, or
  an Apprise URL, active at once; with filters), ``confirm``, ``unsubscribe`` (by id,
  address or the token in every alert), ``list_subscriptions``;
- `triggers` — after each capture cycle, ``queue_alerts`` queues what the active
  subscriptions are owed (one message per change, or a daily or weekly digest) and
  ``queue_operator_alerts`` what the operators are (a document failing N times in a row,
  then recovering); ``process_alerts`` runs both and then ``send_pending``;
- `compose` and ``templates/`` — what each message says, text and HTML, captured text escaped;
- `outbox` — the ``outbox`` table and ``send_pending``, which hands each due row to its
  channel, retrying with backoff while a destination is away;
- `channels` — the registry: one `Channel` subclass per kind (``email``, ``apprise``), which
  accepts, masks and delivers its targets;
- `config` — ``SmtpConfig`` (``[smtp]`` + ``TERMSWATCH_SMTP_*``) and ``MailSettings`` (``[alerts]``);
- `cli` — ``subscribe``, ``confirm``, ``unsubscribe``, ``subscriptions``, ``alerts ...``.

Exactly once, and where it is only at least once
------------------------------------------------
Deciding to send a message and sending it are separate steps, each committed on its own
(said here of mail and SMTP; every channel is the same, with its own idempotency key — see
docs/operations.md, "Alert channels"):

1. *Enqueue*: the mail is rendered and written to ``outbox`` with a unique dedupe key
   (``alert:<subscription>:<version>``, ``digest:<subscription>:<day>``,
   ``confirm:<subscription>:<token>``, ``operator:<document>:<event>:<address>``) and a
   Message-ID fixed there and then. For alerts the same transaction records which changes the
   mail covers (``alerted_versions``). Re-running the pipeline, or crashing anywhere in it,
   therefore never queues a mail twice, and never forgets one: whatever is not recorded is
   still owed and is found again on the next run.
2. *Claim*: the row is marked ``sending`` (committed), stamped with the sending process.
3. *Send*: one SMTP transaction, ``MAIL FROM`` / ``RCPT TO`` / ``DATA``.
4. *Record*: as soon as the server has answered 250 to ``DATA``, the row is marked ``sent``
   (committed).

SMTP gives no way to make steps 3 and 4 atomic. If the process dies after the server
accepted the mail and before step 4 commits, the row is left in ``sending``; the next
``send_pending`` (in any process, as soon as the one that claimed it is gone) sends it again,
*with the same Message-ID*. So in that window, a few milliseconds per mail, delivery is **at
least once, with an idempotent Message-ID**: the copy is recognisably the same mail (many
mail systems and clients drop or hide a duplicate Message-ID). Everywhere else it is
**exactly once**: a process that dies before the server accepted the mail leaves a row that is
sent later, once; one that dies after step 4 leaves a row that is never sent again. A
connection that breaks while the server answers ``DATA`` is the same window seen from the
network: the mail may have arrived, and is retried under the same Message-ID.

When the server is unreachable, or answers 4xx, the row goes back to ``queued`` with its next
attempt after an exponential backoff (``retry_initial``, doubling, capped at ``retry_max``);
when it answers 5xx for a recipient or a message, the row is marked ``failed`` with the
server's reason (``termswatch alerts retry`` queues it again). Rows are never deleted.
"""

from .addresses import AddressError, normalise_address
from .channels import Channel, Channels, DeliveryError, TargetError, mask_target, normalise_target
from .config import MailSettings, SmtpConfig
from .outbox import DeliveryReport, Mail, enqueue, outbox_rows, retry_failed, send_pending
from .subscriptions import (SubscriptionError, confirm, find_subscription, list_subscriptions, subscribe,
                            unsubscribe)
from .triggers import (operator_events, owed_changes, process_alerts, queue_alerts, queue_operator_alert,
                       queue_operator_alerts)

__all__ = [
    "AddressError", "normalise_address", "Channel", "Channels", "DeliveryError", "TargetError", "mask_target",
    "normalise_target", "MailSettings", "SmtpConfig", "DeliveryReport", "Mail", "enqueue",
    "outbox_rows", "retry_failed", "send_pending", "SubscriptionError", "confirm", "find_subscription",
    "list_subscriptions", "subscribe", "unsubscribe", "operator_events", "owed_changes", "process_alerts",
    "queue_alerts", "queue_operator_alert", "queue_operator_alerts",
]
