"""Alerts on every channel: Apprise URLs posting JSON to a real webhook receiver on
127.0.0.1 (tests/mailserver.py), email through a real SMTP server (aiosmtpd), one outbox.

Times are passed explicitly where the library is called; the commands run on the clock, so
their changes are recorded "now".
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from monitor.alerts import (SubscriptionError, confirm, list_subscriptions, outbox_rows, process_alerts, queue_alerts,
                            retry_failed, send_pending, subscribe)
from monitor.alerts.channels import REGISTRY, AppriseChannel, Channel, Channels, EmailChannel, Message
from monitor.clock import now_iso
from monitor.config import Config, ConfigError, parse_config
from monitor.store import MIGRATIONS, Store

from mailserver import WebhookReceiver  # noqa: E402  (tests/mailserver.py)
from test_alerts import (CONFIRMED, DAY1, DAY1_LATER, SENDER, SUBSCRIBED, later, make_document,  # noqa: E402
                         record_change, run, server, smtp, text_part)

SECRET_PATH = "S3cretHookT0ken4242"
SECRET_HEADER = "K3yK3yK3yK3y"


@pytest.fixture
def receiver():
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def quick_channels(**apprise) -> Channels:
    """Apprise with short timeouts and the given retry settings (seconds)."""
    return Channels({"apprise": AppriseChannel(timeout=5, **apprise)})


def messages(receiver, path) -> list[str]:
    return [r["json"]["message"] for r in receiver.to(path)]


# -- filters, idempotency keys ------------------------------------------------------------------

def test_each_webhook_gets_the_changes_its_filters_select_once_with_a_stable_key(store, receiver):
    chirper_terms = make_document(store, "Chirper")
    chirper_privacy = make_document(store, "Chirper", "Privacy Policy")
    vidly_terms = make_document(store, "Vidly")
    filters = {
        "all": {},
        "chirper-privacy": {"services": ["Chirper"], "document_types": ["Privacy Policy"]},
        "ai-worse": {"categories": ["ai_training", "data_sale"], "direction": "worse"},
        "better": {"direction": "better"},
        "severe": {"min_severity": 3},
    }
    for path, options in filters.items():
        row = subscribe(store, receiver.url(path), now=SUBSCRIBED, **options, operator=True)
        assert (row["channel"], row["status"], row["confirmed_at"]) == ("apprise", "active", SUBSCRIBED)
    assert outbox_rows(store) == [], "no confirmation goes to the operator's own channels"

    record_change(store, chirper_terms, "Clause one: arbitration.", at=DAY1, categories=("arbitration",))
    record_change(store, chirper_privacy, "Clause two: we train AI on you.", at=later(DAY1, minutes=1),
                  severity=3, categories=("ai_training",))
    record_change(store, vidly_terms, "Clause three: we stop training AI.", at=later(DAY1, minutes=2),
                  direction="better", severity=1, categories=("ai_training",))
    record_change(store, chirper_privacy, "Clause four: we stop selling data.", at=later(DAY1, minutes=3),
                  direction="better", categories=("data_sale",))

    assert queue_alerts(store, now=DAY1_LATER) == 4 + 2 + 1 + 2 + 1
    assert queue_alerts(store, now=DAY1_LATER) == 0
    report = send_pending(store, quick_channels(), now=DAY1_LATER)
    assert (report.sent, report.deferred, report.failed) == (10, 0, 0)
    assert send_pending(store, quick_channels(), now=later(DAY1_LATER, hours=1)).sent == 0

    def clauses(path):
        return [next(word for word in ("one", "two", "three", "four") if f"Clause {word}:" in text)
                for text in messages(receiver, path)]
    assert clauses("all") == ["one", "two", "three", "four"]
    assert clauses("chirper-privacy") == ["two", "four"]
    assert clauses("ai-worse") == ["two"]
    assert clauses("better") == ["three", "four"]
    assert clauses("severe") == ["two"]

    sent = {row["message_id"] for row in outbox_rows(store, statuses=("sent",))}
    assert receiver.keys() == Counter({key: 1 for key in sent})
    for request in receiver.received:
        key = request["headers"]["Idempotency-Key"]
        assert request["json"]["message_id"] == key
        assert request["json"]["message"].rstrip().endswith(f"Termswatch-Message-Id: {key}")
        assert request["json"]["title"].startswith("[Termswatch] ")
        assert "termswatch unsubscribe" in request["json"]["message"], "a chat has no reply-to-unsubscribe"
        assert "reply to this mail" not in request["json"]["message"]


# -- receiver down, then up ---------------------------------------------------------------------

def test_receiver_down_then_up_each_alert_delivered_once_after_backoff(store, receiver):
    doc = make_document(store)
    subscribe(store, receiver.url("down"), now=SUBSCRIBED, operator=True)
    record_change(store, doc, "First clause.", at=DAY1)
    record_change(store, doc, "Second clause.", at=later(DAY1, minutes=1))
    assert queue_alerts(store, now=DAY1_LATER) == 2
    expected = {row["message_id"] for row in outbox_rows(store)}
    channels = quick_channels(retry_initial=10, retry_max=40)
    receiver.stop()

    report = send_pending(store, channels, now=DAY1_LATER)
    assert (report.sent, report.deferred, report.failed) == (0, 2, 0)
    rows = outbox_rows(store)
    assert {(r["status"], r["attempts"], r["next_attempt_at"]) for r in rows} == {
        ("queued", 1, later(DAY1_LATER, seconds=10))}, "the second was not tried: its receiver is down"
    assert all("connection error" in r["last_error"].lower() for r in rows)
    assert send_pending(store, channels, now=later(DAY1_LATER, seconds=5)).deferred == 0, "not due yet"
    assert send_pending(store, channels, now=later(DAY1_LATER, seconds=10)).deferred == 2
    assert {r["next_attempt_at"] for r in outbox_rows(store)} == {later(DAY1_LATER, seconds=30)}, "backoff doubles"
    for step in range(4):
        send_pending(store, channels, now=later(DAY1_LATER, minutes=1 + step))
    assert {r["next_attempt_at"] for r in outbox_rows(store)} == {later(DAY1_LATER, minutes=4, seconds=40)}, \
        "capped at retry_max"

    receiver.start()
    receiver.status = 503  # up, but overloaded: still temporary
    assert send_pending(store, channels, now=later(DAY1_LATER, minutes=5)).deferred == 2
    assert "503" in outbox_rows(store)[0]["last_error"]
    receiver.status = 200
    report = send_pending(store, channels, now=later(DAY1_LATER, hours=1))
    assert (report.sent, report.deferred, report.failed) == (2, 0, 0)
    assert send_pending(store, channels, now=later(DAY1_LATER, hours=2)).sent == 0
    delivered = [r for r in receiver.received if r["headers"]["Idempotency-Key"] in expected]
    assert Counter(r["headers"]["Idempotency-Key"] for r in delivered[-2:]) == Counter({k: 1 for k in expected})
    assert outbox_rows(store) == [], "nothing left undelivered"


def test_a_receiver_refusing_for_good_fails_the_alert_until_retried(store, receiver):
    doc = make_document(store)
    subscribe(store, receiver.url(f"gone/{SECRET_PATH}"), now=SUBSCRIBED, operator=True)
    record_change(store, doc, "A clause.", at=DAY1)
    queue_alerts(store, now=DAY1_LATER)
    receiver.status = 404
    report = send_pending(store, quick_channels(), now=DAY1_LATER)
    assert (report.sent, report.failed, report.deferred) == (0, 1, 0)
    [failed] = outbox_rows(store, statuses=("failed",))
    assert "404" in failed["last_error"] and SECRET_PATH not in failed["last_error"]
    assert SECRET_PATH not in failed["recipient"]
    receiver.status = 200
    assert retry_failed(store, now=DAY1_LATER) == 1
    assert send_pending(store, quick_channels(), now=DAY1_LATER).sent == 1


# -- a crash mid-delivery -----------------------------------------------------------------------

def test_sender_killed_mid_delivery_then_restarted_loses_nothing(store, home, receiver):
    """SIGKILL to `termswatch alerts send` while the receiver holds the second alert."""
    doc = make_document(store)
    subscribe(store, receiver.url("crash"), now=SUBSCRIBED, operator=True)
    for n in range(4):
        record_change(store, doc, f"Clause number {n}.", at=later(DAY1, minutes=n))
    assert queue_alerts(store, now=DAY1_LATER) == 4
    expected = {row["message_id"] for row in outbox_rows(store)}
    child: dict = {}

    def kill_the_sender(request):
        if len(receiver.received) == 2:
            os.kill(child["process"].pid, signal.SIGKILL)
            child["process"].wait(timeout=10)  # dead before the receiver answers

    receiver.on_request = kill_the_sender
    child["process"] = subprocess.Popen([sys.executable, "-m", "monitor", "--home", str(home.root), "alerts", "send"],
                                        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
    assert child["process"].wait(timeout=120) == -signal.SIGKILL
    receiver.on_request = None
    statuses = Counter(r["status"] for r in outbox_rows(store, statuses=("queued", "sending", "sent")))
    assert statuses == Counter({"sent": 1, "sending": 1, "queued": 2})
    [stuck] = outbox_rows(store, statuses=("sending",))

    report = send_pending(store, quick_channels(), now=now_iso())  # the restart
    assert (report.sent, report.deferred, report.failed) == (3, 0, 0)
    assert outbox_rows(store) == [], "every alert delivered"
    keys = receiver.keys()
    assert set(keys) == expected, "none lost"
    assert keys[stuck["message_id"]] == 2 and sorted(keys.values()) == [1, 1, 1, 2], \
        "only the one in flight came twice, under the same key, which lets the receiver drop it"
    twice = [r for r in receiver.received if r["headers"]["Idempotency-Key"] == stuck["message_id"]]
    assert twice[0]["json"] == twice[1]["json"], "the resend is the same message"


# -- email beside it, through the commands ------------------------------------------------------

def test_email_still_confirms_first_and_both_channels_deliver(run, store, home, server, receiver):
    doc = make_document(store, "Chirper")
    home.config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsender = "{SENDER}"\ntimeout = 5\n')
    result = run("subscribe", "--to", "Alice@Example.org", "--service", "Chirper")
    assert result.exit_code == 0 and "alice@example.org: pending" in result.stdout
    result = run("subscribe", "--to", receiver.url("team"), "--direction", "worse")
    assert result.exit_code == 0 and "active (subscription 2, apprise)" in result.stdout

    assert "1 sent" in run("alerts", "send").stdout
    [confirmation] = server.inbox.to("alice@example.org")
    assert receiver.received == []
    record_change(store, doc, "Disputes go to binding arbitration.", at=now_iso())
    result = run("alerts", "send")
    assert result.exit_code == 0 and "1 queued; 1 sent" in result.stdout, "the webhook's only: alice is pending"
    assert len(server.inbox.to("alice@example.org")) == 1

    token = json.loads(run("subscriptions", "--json").stdout.splitlines()[0])["confirm_token"]
    assert token in text_part(confirmation)
    # confirmed (and the next change recorded) a little later, so the first change is not Alice's
    assert confirm(store, token, now=later(now_iso(), seconds=5))["status"] == "active"
    record_change(store, doc, "You waive any class action.", at=later(now_iso(), seconds=10),
                  categories=("class_action_waiver",))
    result = run("alerts", "send")
    assert result.exit_code == 0 and "2 queued; 2 sent" in result.stdout
    [alert] = server.inbox.to("alice@example.org")[1:]
    assert "You waive any class action." in text_part(alert)
    assert [("class action" in m) for m in messages(receiver, "team")] == [False, True]


def test_unsubscribe_by_id_cancels_what_is_queued(run, store, receiver):
    doc = make_document(store)
    row = subscribe(store, receiver.url("leaving"), now=SUBSCRIBED, operator=True)
    record_change(store, doc, "A clause.", at=DAY1)
    assert queue_alerts(store, now=DAY1_LATER) == 1
    result = run("unsubscribe", str(row["id"]))
    assert result.exit_code == 0 and result.stdout.endswith(": unsubscribed\n")
    assert send_pending(store, quick_channels(), now=DAY1_LATER).sent == 0
    assert receiver.received == []
    assert [r["status"] for r in outbox_rows(store, statuses=("cancelled",))] == ["cancelled"]
    result = run("unsubscribe", "999")
    assert result.exit_code == 2 and result.stderr.startswith("termswatch: no subscription has id 999")


# -- secrets ------------------------------------------------------------------------------------

def test_secrets_never_printed_nor_logged(run, store, receiver):
    """What the operator sees and what any log handler of ours receives, at debug level."""
    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        doc = make_document(store)
        url = f"{receiver.url('hooks/' + SECRET_PATH)}?+X-Api-Key={SECRET_HEADER}"
        slack = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
        for target in (url, slack):
            result = run("subscribe", "--to", target)
            assert result.exit_code == 0, result.stderr
            assert SECRET_PATH not in result.stdout and "TIiajkdnlazkcOXrIdevi7FQ" not in result.stdout
        table = run("subscriptions").stdout
        assert run("unsubscribe", "2").exit_code == 0  # slack.com is not for tests to reach
        record_change(store, doc, "A clause.", at=now_iso())
        receiver.status = 503
        result = run("alerts", "send")
        assert result.exit_code == 3 and "1 deferred" in result.stdout
        receiver.status = 200
        retry_failed(store)
        with store.db.conn:  # due again now, then sent (apprise's and urllib3's debug lines included)
            store.db.execute("UPDATE outbox SET next_attempt_at = ?", [now_iso()])
        assert "1 sent" in run("alerts", "send").stdout
    finally:
        root.removeHandler(handler)
        root.setLevel(level)

    assert table.splitlines()[0].split()[:4] == ["ID", "CHANNEL", "TARGET", "STATUS"]
    assert f"1   apprise  json://127.0.0.1:{receiver.port}/hooks/S...2  active" in table
    assert "2   apprise  slack://T...2/A...D/T...Q" in table
    assert "delivery stopped" in logged.getvalue() and "503" in logged.getvalue()
    shown = table + run("subscriptions", "--json").stdout + run("alerts", "pending", "--all").stdout + \
        run("alerts", "pending", "--json", "--all").stdout + logged.getvalue()
    for secret in (SECRET_PATH, SECRET_HEADER, "TIiajkdnlazkcOXrIdevi7FQ", "A1BRTD4JD"):
        assert secret not in shown
    [sent] = receiver.received[1:]
    assert sent["headers"]["X-Api-Key"] == SECRET_HEADER, "the real URL was used to send"


@pytest.mark.parametrize("target", ["nonsense://hook/S3cretHookT0ken4242", "nonsense://S3cretHookT0ken4242",
                                    "json://", "slack://onlyone/S3cretHookT0ken4242", "not an address",
                                    "json://127.0.0.1/S3cretHookT0ken4242 y"])
def test_an_invalid_target_is_one_line_and_exit_2(run, store, target):
    result = run("subscribe", "--to", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("termswatch: ") and result.stderr.count("\n") == 1
    assert SECRET_PATH not in result.stderr
    assert run("subscriptions", "--json").stdout == ""


def test_only_the_operator_subscribes_a_channel_that_does_not_confirm(store, receiver):
    """A web form passing a visitor's input on must not turn it into an active webhook."""
    with pytest.raises(SubscriptionError, match="only the operator can subscribe apprise targets"):
        subscribe(store, receiver.url("intruder"))
    assert subscribe(store, "visitor@example.org")["status"] == "pending"
    assert [row["address"] for row in list_subscriptions(store)] == ["visitor@example.org"]


def test_subscribe_rejects_unknown_filters_with_a_hint(run, store):
    make_document(store, "Chirper", "Privacy Policy")
    result = run("subscribe", "--to", "json://127.0.0.1/x", "--document", "Privacy Polcy")
    assert result.exit_code == 2 and "did you mean 'Privacy Policy'?" in result.stderr
    result = run("subscribe", "--to", "json://127.0.0.1/x", "--category", "ai-training")
    assert result.exit_code == 2 and "unknown category 'ai-training'" in result.stderr
    result = run("subscribe", "--to", "json://127.0.0.1/x", "--direction", "sideways")
    assert result.exit_code == 2


# -- digests ------------------------------------------------------------------------------------

def test_weekly_digest_after_the_week_ends(store, receiver):
    doc = make_document(store)
    subscribe(store, receiver.url("weekly"), mode="weekly", now=SUBSCRIBED, operator=True)  # Monday 6 Jan 2025
    record_change(store, doc, "Tuesday's clause.", at=DAY1)
    record_change(store, doc, "Thursday's clause.", at="2025-01-09T10:00:00Z")
    assert queue_alerts(store, now="2025-01-12T23:00:00Z") == 0, "the week has not ended"
    assert queue_alerts(store, now="2025-01-13T06:00:00Z") == 1
    assert queue_alerts(store, now="2025-01-14T06:00:00Z") == 0
    send_pending(store, quick_channels(), now="2025-01-13T06:00:00Z")
    [digest] = receiver.to("weekly")
    assert digest["json"]["title"].startswith("[Termswatch] the week of 2025-01-06: 2 changes")
    assert "weekly digest for the week of 2025-01-06" in digest["json"]["message"]
    assert "Tuesday's clause." in digest["json"]["message"] and "Thursday's clause." in digest["json"]["message"]


# -- the registry, the config, the schema -------------------------------------------------------

def test_a_new_channel_is_one_class(store, tmp_path):
    delivered = []

    class Notebook(Channel):
        kind = "notebook"

        @classmethod
        def accepts(cls, target):
            return target.startswith("notebook:")

        @classmethod
        def normalise(cls, target):
            return target

        def send(self, message: Message) -> None:
            delivered.append((message.target, message.subject, message.message_id))

    try:
        doc = make_document(store)
        assert subscribe(store, "notebook:ops", now=SUBSCRIBED, operator=True)["status"] == "active"
        record_change(store, doc, "A clause.", at=DAY1)
        queue_alerts(store, now=DAY1_LATER)
        assert send_pending(store, Channels({"notebook": Notebook()}), now=DAY1_LATER).sent == 1
        [row] = outbox_rows(store, statuses=("sent",))
        assert delivered == [("notebook:ops", row["subject"], row["message_id"])]
    finally:
        del REGISTRY["notebook"]


def test_channels_from_the_config(store, receiver):
    config = parse_config({"channels": {"apprise": {"retry_initial": "5s", "retry_max": "1m", "timeout": "3s"}},
                           "smtp": {"host": "127.0.0.1"}}, "termswatch.toml")
    channels = Channels.from_config(config, environ={})
    assert isinstance(channels.get("email"), EmailChannel)
    assert (channels.get("apprise").retry_delay(1), channels.get("apprise").retry_delay(9)) == (5, 60)
    for table, key in [({"apprise": {"retry_max": "1s"}}, "channels.apprise.retry_max"),
                       ({"apprise": {"colour": "red"}}, "channels.apprise.colour"),
                       ({"pager": {}}, "channels.pager"),
                       ({"apprise": {"enabled": "no"}}, "channels.apprise.enabled")]:
        with pytest.raises(ConfigError, match=f"^termswatch.toml: {key}: "):
            Channels.from_config(parse_config({"channels": table}, "termswatch.toml"), environ={})

    # a disabled channel's messages wait in the outbox until it is enabled again
    doc = make_document(store)
    subscribe(store, receiver.url("later"), now=SUBSCRIBED, operator=True)
    record_change(store, doc, "A clause.", at=DAY1)
    off = Config(source="t.toml", channels={"apprise": {"enabled": False}}, smtp={"host": "127.0.0.1"})
    assert process_alerts(store, off, now=DAY1_LATER, environ={})["delivery"].sent == 0
    assert [r["status"] for r in outbox_rows(store)] == ["queued"]
    on = Config(source="t.toml", smtp={"host": "127.0.0.1"})
    assert process_alerts(store, on, now=later(DAY1_LATER, hours=1), environ={})["delivery"].sent == 1
    assert len(receiver.to("later")) == 1


def test_the_daemon_refuses_to_start_with_a_bad_channel_config(home):
    home.config.write_text('[channels.apprise]\ntimeout = "soon"\n')
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home.root), "run", "--once"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().endswith('termswatch.toml: channels.apprise.timeout: expected a duration such as '
                                          '"6h" or "30m", got \'soon\'')


def test_operators_may_be_told_on_an_apprise_url(store, receiver):
    doc = make_document(store)
    for n in range(3):
        store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=n))
    config = Config(source="t.toml", operators=[receiver.url(f"ops/{SECRET_PATH}")], smtp={"host": "127.0.0.1"})
    result = process_alerts(store, config, now=later(DAY1, hours=4), environ={})
    assert (result["operator"], result["delivery"].sent) == (1, 1)
    [told] = receiver.to(f"ops/{SECRET_PATH}")
    assert "3 failed captures in a row" in told["json"]["title"]
    [row] = outbox_rows(store, statuses=("sent",))
    assert SECRET_PATH not in row["dedupe_key"] and SECRET_PATH not in row["recipient"]


def test_migration_keeps_email_subscriptions_working(home, server, smtp):
    """A state directory from before channels: its subscriber and queued mail carry on."""
    old = Store.open(home.database, migrate=False)
    channels = next(m.version for m in MIGRATIONS if m.name == "alert channels")
    old.migrate([m for m in MIGRATIONS if m.version < channels])   # the schema as it was before channels
    with old.db.conn:
        old.db.execute("INSERT INTO subscriptions (address, services, min_severity, mode, status, confirm_token, "
                       "unsubscribe_token, created_at, updated_at, confirmed_at) VALUES ('old@example.org', "
                       "'[\"Chirper\"]', 1, 'daily', 'active', 'c', 'u', ?, ?, ?)", [SUBSCRIBED, SUBSCRIBED, CONFIRMED])
        old.db.execute("INSERT INTO outbox (dedupe_key, kind, subscription_id, recipient, message_id, subject, "
                       "body_text, body_html, next_attempt_at, created_at) VALUES ('operator:x', 'operator', NULL, "
                       "'ops@example.org', '<old@x>', 'Old mail', 'text', '<p>html</p>', ?, ?)", [DAY1, DAY1])
    old.close()

    store = Store.open(home.database)
    try:
        assert store.schema_version == max(m.version for m in MIGRATIONS)
        doc = make_document(store)   # written with today's code, so after the upgrade
        [row] = store.query("SELECT channel, address, services, mode, direction, status FROM subscriptions")
        assert row == {"channel": "email", "address": "old@example.org", "services": '["Chirper"]', "mode": "daily",
                       "direction": "any", "status": "active"}
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        record_change(store, doc, "A clause.", at=DAY1)
        assert queue_alerts(store, now=later(DAY1, days=1)) == 1
        assert send_pending(store, smtp, now=later(DAY1, days=1)).sent == 2
        assert [m["Subject"] for m in server.inbox.messages][0] == "Old mail"
        assert len(server.inbox.to("old@example.org")) == 1
        with pytest.raises(Exception, match="FOREIGN KEY"):
            with store.db.conn:
                store.db.execute("INSERT INTO alerted_versions VALUES (42, 1, 1)")
    finally:
        store.close()
