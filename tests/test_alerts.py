"""Email alerts, end to end: a real SMTP server (aiosmtpd) on 127.0.0.1 receives the mails.

The store is filled the way the pipeline will fill it: versions through the Store API, then
changes, hunks and assessments as rows (the diff of each change is computed by monitor.diff).
Times are passed explicitly, so nothing sleeps.
"""

from __future__ import annotations

import doctest
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
import pytest
from aiosmtpd.smtp import AuthResult
from bs4 import BeautifulSoup
from click.testing import CliRunner

import monitor.alerts
from monitor.alerts import (Mail, MailSettings, SmtpConfig, SubscriptionError, confirm, enqueue, find_subscription,
                            outbox_rows, process_alerts, queue_alerts, queue_operator_alerts, retry_failed,
                            send_pending, subscribe, unsubscribe)
from monitor.cli.alerts import COMMANDS
from monitor.cli import Context
from monitor.config import Config, ConfigError
from monitor.diff import compare
from monitor.site.data import load_taxonomy
from monitor.site.words import category_name

from mailserver import MailServer, free_port  # noqa: E402  (tests/mailserver.py)

SENDER = "termswatch@watch.example"
T0 = "2025-01-06T06:00:00Z"          # first versions
SUBSCRIBED = "2025-01-06T07:00:00Z"
CONFIRMED = "2025-01-06T08:00:00Z"
DAY1 = "2025-01-07T06:00:00Z"        # changes
DAY1_LATER = "2025-01-07T07:00:00Z"  # queue / send

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(2)">terms</a> [click](javascript:alert(3))'
PAYLOAD = f"We may share your data. {SCRIPT} {IMG} {LINK}"


# -- a real SMTP server: tests/mailserver.py ------------------------------------------------

@pytest.fixture
def server():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(server) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=server.port, sender=f"Termswatch <{SENDER}>", timeout=5)


# -- building the store ----------------------------------------------------------------------

BASE_TEXT = "# Terms\n\nWe keep your data safe.\n\n## Disputes\n\nYou may sue us in your local court."


def make_document(store, service="Chirper", terms_type="Terms of Service", *, name=None) -> int:
    doc = store.ensure_document(service, name or service, terms_type, "https://chirper.example/terms", {})
    store.record_version(doc, BASE_TEXT, recorded_at=T0)
    return doc


def record_change(store, doc: int, clause: str, *, at: str, direction="worse", severity=2,
                  categories=("arbitration",), suspect=False, substantive=True, assessed=True) -> int:
    """Add ``clause`` to the document as a new version and record the change and its assessment."""
    old = store.current_version(doc)
    new_text = old["text"] + "\n\n" + clause
    new = store.record_version(doc, new_text, recorded_at=at)
    diff = compare(old["text"], new_text)
    with store.db.conn:
        change_id = store.db.execute(
            "INSERT INTO changes (document_id, from_version_id, to_version_id, substantive, suspect, suspect_status, "
            "reasons, stats, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)",
            [doc, old["id"], new["id"], int(substantive), int(suspect), "pending" if suspect else None,
             json.dumps(diff.reasons), at]).lastrowid
        store.write_hunks(change_id, [
            (position, h["kind"], h["section"], h["old"], h["new"], json.dumps(h["ops"]), int(h["substantive"]),
             h["reason"], h["old_index"], h["new_index"]) for position, h in enumerate(x.to_json() for x in diff.hunks)])
        if assessed:
            evidence = [{"category": categories[0] if categories else None, "side": "new", "text": clause, "hunk": 0}]
            store.db.execute(
                "INSERT INTO assessments (change_id, direction, severity, categories, evidence, confidence, "
                "hunk_assessments, notice_days, effective_date, consent_by_use, announced, model, computed_at) "
                "VALUES (?, ?, ?, ?, ?, 0.9, '[]', 30, '2025-02-06', 1, 0, 'test', ?)",
                [change_id, direction, severity, json.dumps(list(categories)), json.dumps(evidence), at])
    return change_id


def name(category: str) -> str:
    """A category's name as the mails spell it (from the taxonomy, when there is one)."""
    return category_name(category, load_taxonomy())


def active_subscription(store, address, **options) -> dict:
    row = subscribe(store, address, now=SUBSCRIBED, **options)
    return confirm(store, row["confirm_token"], now=CONFIRMED)


def later(iso: str, **delta) -> str:
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")) + timedelta(**delta)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_part(message) -> str:
    return message.get_body(("html",)).get_content()


def text_part(message) -> str:
    return message.get_body(("plain",)).get_content()


def assert_inert(html: str) -> None:
    """No element, attribute or link in ``html`` can run script."""
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "iframe", "object", "embed", "img"]) == []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            if name.lower() in ("href", "src", "action", "formaction"):
                assert value.strip().lower().startswith(("http://", "https://", "#", "mailto:")), (tag.name, value)


# -- subscribe, confirm, alert -----------------------------------------------------------------

def test_subscribe_confirm_then_exactly_one_alert_per_change(store, server, smtp):
    doc = make_document(store)
    pending = subscribe(store, "  Alice@Example.org ", now=SUBSCRIBED)
    assert pending["status"] == "pending" and pending["address"] == "alice@example.org"

    assert send_pending(store, smtp, now=SUBSCRIBED).sent == 1
    [confirmation] = server.inbox.to("alice@example.org")
    assert pending["confirm_token"] in confirmation["Subject"]
    assert pending["confirm_token"] in text_part(confirmation)

    record_change(store, doc, "Disputes go to binding arbitration.", at=later(SUBSCRIBED, minutes=30))
    assert queue_alerts(store, now=later(SUBSCRIBED, minutes=40)) == 0, "nothing goes to a pending subscription"

    active = confirm(store, pending["confirm_token"], now=CONFIRMED)
    assert active["status"] == "active" and active["confirmed_at"] == CONFIRMED
    assert queue_alerts(store, now=later(CONFIRMED, minutes=1)) == 0, "changes from before confirmation are not sent"

    record_change(store, doc, "You waive any class action.", at=DAY1, severity=3,
                  categories=("class_action_waiver", "arbitration"))
    assert queue_alerts(store, now=DAY1_LATER) == 1
    assert queue_alerts(store, now=DAY1_LATER) == 0, "queuing again queues nothing"
    report = send_pending(store, smtp, now=DAY1_LATER)
    assert (report.sent, report.deferred, report.failed) == (1, 0, 0)
    assert send_pending(store, smtp, now=later(DAY1_LATER, hours=5)).sent == 0

    [alert] = server.inbox.to("alice@example.org")[1:]
    assert alert["Subject"] == ("[Termswatch] Chirper Terms of Service: worse for users (severe) - "
                                f"{name('class_action_waiver')}, {name('arbitration')}")
    assert alert.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in alert.iter_parts()] == ["text/plain", "text/html"]
    token = active["unsubscribe_token"]
    assert alert["List-Unsubscribe"] == f"<mailto:{SENDER}?subject=unsubscribe%20{token}>"
    assert alert["List-Unsubscribe-Post"] is None, "one-click needs an https endpoint, none configured"
    assert alert["Auto-Submitted"] == "auto-generated"
    assert alert["Date"] is not None and alert["From"] == f"Termswatch <{SENDER}>"
    [row] = outbox_rows(store, statuses=("sent",), kind="alert")
    assert alert["Message-ID"] == row["message_id"]
    text = text_part(alert)
    assert "You waive any class action." in text
    assert "+You waive any class action." in text, "a unified diff in the text part"
    assert "Worse for users, severity 3 of 3 (severe)" in text
    assert "Takes effect: 2025-02-06" in text
    assert f"unsubscribe {token}" in text
    assert "<ins>You waive any class action.</ins>" in html_part(alert)
    assert server.inbox.message_ids().most_common(1)[0][1] == 1


def test_links_to_the_site_and_one_click_unsubscribe_when_configured(store, server, smtp):
    doc = make_document(store, "Disney+")
    settings = MailSettings(site_url="https://watch.example/tw/", unsubscribe_url="https://watch.example/unsubscribe")
    subscription = active_subscription(store, "bob@example.org")
    change_id = record_change(store, doc, "We may sell your data.", at=DAY1)
    queue_alerts(store, settings, now=DAY1_LATER)
    send_pending(store, smtp, now=DAY1_LATER)
    [alert] = server.inbox.to("bob@example.org")[1:]
    link = f"https://watch.example/unsubscribe?token={subscription['unsubscribe_token']}"
    assert alert["List-Unsubscribe"].endswith(f", <{link}>")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    soup = BeautifulSoup(html_part(alert), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert f"https://watch.example/tw/services/Disney-3d955f/changes/{change_id}.html" in hrefs
    assert link in hrefs
    assert alert["Message-ID"].endswith("@watch.example>")


def test_captured_payloads_execute_nothing_in_the_mail(store, server, smtp):
    doc = store.ensure_document("Chirper", "Chirper\r\nBcc: victim@example.org", "Terms of Service",
                                "javascript:alert(4)", {})
    store.record_version(doc, f"# Terms {SCRIPT}\n\nWe keep your data safe.", recorded_at=T0)
    active_subscription(store, "alice@example.org")
    record_change(store, doc, PAYLOAD, at=DAY1)
    record_change(store, doc, f"## Sharing {IMG}\n\nWe sell {SCRIPT} everything.", at=later(DAY1, hours=1))
    settings = MailSettings(site_url="https://watch.example")
    assert queue_alerts(store, settings, now=DAY1_LATER) == 2
    assert send_pending(store, smtp, now=DAY1_LATER).sent == 1 + 2  # the confirmation, two alerts

    alerts = server.inbox.to("alice@example.org")[1:]
    assert len(alerts) == 2
    for alert in alerts:
        assert all(rcpts == ["alice@example.org"] for _, rcpts, _, _ in server.inbox.envelopes)
        assert alert["Bcc"] is None and "\n" not in alert["Subject"]
        html = html_part(alert)
        assert_inert(html)
        assert "javascript:" not in " ".join(a.get("href", "") for a in BeautifulSoup(html, "html.parser")("a"))
    # the payloads are shown, as text
    first = BeautifulSoup(html_part(alerts[0]), "html.parser").get_text()
    assert SCRIPT in first and 'onerror="alert(1)"' in first and "javascript:alert(2)" in first
    assert PAYLOAD in text_part(alerts[0])


# -- who gets what ---------------------------------------------------------------------------

def test_service_and_severity_filters_and_what_is_reportable(store, server, smtp):
    chirper, photogram = make_document(store, "Chirper"), make_document(store, "Photogram")
    picky = active_subscription(store, "picky@example.org", services=["Chirper"], min_severity=3)
    everything = active_subscription(store, "all@example.org")
    record_change(store, chirper, "Chirper clause, severity 2.", at=DAY1, severity=2)
    record_change(store, photogram, "Photogram clause, severity 3.", at=later(DAY1, minutes=1), severity=3)
    record_change(store, chirper, "Chirper clause, severity 3.", at=later(DAY1, minutes=2), severity=3)
    record_change(store, chirper, "Cosmetic only.", at=later(DAY1, minutes=3), substantive=False)
    suspect = record_change(store, photogram, "Suspect capture.", at=later(DAY1, minutes=4), suspect=True)
    record_change(store, chirper, "Not assessed yet.", at=later(DAY1, minutes=5), assessed=False)

    assert queue_alerts(store, now=DAY1_LATER) == 1 + 3
    send_pending(store, smtp, now=DAY1_LATER)
    subjects = lambda address: [m["Subject"] for m in server.inbox.to(address)[1:]]  # noqa: E731
    assert subjects("picky@example.org") == ["[Termswatch] Chirper Terms of Service: worse for users (severe) - "
                                             f"{name('arbitration')}"]
    assert [s.split(":")[0] for s in subjects("all@example.org")] == [
        "[Termswatch] Chirper Terms of Service", "[Termswatch] Photogram Terms of Service",
        "[Termswatch] Chirper Terms of Service"]

    # a suspect change counts once a later capture confirms it
    with store.db.conn:
        store.db.execute("UPDATE changes SET suspect_status = 'confirmed' WHERE id = ?", [suspect])
    assert queue_alerts(store, now=later(DAY1_LATER, minutes=5)) == 1
    assert find_subscription(store, id=picky["id"])["status"] == "active"
    assert len(outbox_rows(store, statuses=("queued",))) == 1
    assert outbox_rows(store, statuses=("queued",))[0]["recipient"] == everything["address"]


def test_daily_digest_groups_the_previous_days_changes(store, server, smtp):
    chirper, photogram = make_document(store, "Chirper"), make_document(store, "Photogram")
    active_subscription(store, "daily@example.org", mode="daily")
    record_change(store, chirper, "First clause of the day.", at=DAY1)
    record_change(store, photogram, "Second clause of the day.", at=later(DAY1, hours=3), direction="better",
                  severity=1, categories=("data_sale",))
    assert queue_alerts(store, now=later(DAY1, hours=17)) == 0, "the day is not over"
    next_morning = "2025-01-08T00:05:00Z"
    assert queue_alerts(store, now=next_morning) == 1
    assert queue_alerts(store, now=later(next_morning, hours=1)) == 0, "one digest a day"
    record_change(store, chirper, "A clause on the next day.", at="2025-01-08T06:00:00Z")
    assert queue_alerts(store, now="2025-01-08T23:00:00Z") == 0
    assert queue_alerts(store, now="2025-01-09T00:01:00Z") == 1
    send_pending(store, smtp, now="2025-01-09T00:01:00Z")

    first, second = server.inbox.to("daily@example.org")[1:]
    assert first["Subject"] == ("[Termswatch] 2025-01-07: 2 changes (worst: significant) - Chirper, Photogram")
    text = text_part(first)
    assert "First clause of the day." in text and "Second clause of the day." in text
    assert "A clause on the next day." not in text
    assert "Better for users" in text and first["List-Unsubscribe"]
    assert second["Subject"].startswith("[Termswatch] 2025-01-08: 1 change ")
    assert "A clause on the next day." in text_part(second)


def test_unsubscribed_gets_nothing_and_resubscribing_asks_again(store, server, smtp):
    doc = make_document(store)
    subscription = active_subscription(store, "carol@example.org")
    record_change(store, doc, "Queued but not sent yet.", at=DAY1)
    assert queue_alerts(store, now=DAY1_LATER) == 1
    gone = unsubscribe(store, token=subscription["unsubscribe_token"], now=DAY1_LATER)
    assert gone["status"] == "unsubscribed"
    assert [r["status"] for r in outbox_rows(store, statuses=("cancelled",), kind="alert")] == ["cancelled"]
    record_change(store, doc, "After unsubscribing.", at=later(DAY1, hours=2))
    assert queue_alerts(store, now=later(DAY1, hours=3)) == 0
    send_pending(store, smtp, now=later(DAY1, hours=3))
    assert [m["Subject"] for m in server.inbox.to("carol@example.org")] == [], "not even the confirmation"

    again = subscribe(store, "CAROL@example.org", min_severity=1, now=later(DAY1, hours=4))
    assert (again["id"], again["status"], again["min_severity"]) == (subscription["id"], "pending", 1)
    assert again["confirm_token"] != subscription["confirm_token"]
    with pytest.raises(SubscriptionError, match="no subscription has this confirmation token"):
        confirm(store, subscription["confirm_token"])
    send_pending(store, smtp, now=later(DAY1, hours=4))
    [confirmation] = server.inbox.to("carol@example.org")
    assert again["confirm_token"] in confirmation["Subject"]


def test_subscribe_validates_and_updates_rather_than_duplicates(store):
    make_document(store, "Chirper")
    with pytest.raises(SubscriptionError, match="unknown service 'Chirpr'; did you mean 'Chirper'"):
        subscribe(store, "a@example.org", services=["Chirpr"])
    with pytest.raises(SubscriptionError, match="not an email address"):
        subscribe(store, "a@example.org\r\nBcc: b@example.org")
    with pytest.raises(SubscriptionError, match="minimum severity"):
        subscribe(store, "a@example.org", min_severity=4)
    first = subscribe(store, "a@example.org", now=SUBSCRIBED)
    second = subscribe(store, "A@Example.ORG", services=["Chirper"], mode="daily", now=CONFIRMED)
    assert second["id"] == first["id"] and second["confirm_token"] == first["confirm_token"]
    assert (second["services"], second["mode"]) == (["Chirper"], "daily")
    assert len(outbox_rows(store, kind="confirm")) == 1, "one confirmation mail for one pending subscription"
    confirm(store, first["confirm_token"], now=CONFIRMED)
    updated = subscribe(store, "a@example.org", min_severity=2)
    assert (updated["status"], updated["confirmed_at"]) == ("active", CONFIRMED)
    assert store.db.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == 1


# -- delivery --------------------------------------------------------------------------------

def queue_several(store, count: int) -> None:
    doc = make_document(store)
    for n in range(count):
        active_subscription(store, f"reader{n}@example.org")
    record_change(store, doc, "Disputes go to binding arbitration.", at=DAY1)
    queue_alerts(store, now=DAY1)


def test_smtp_down_then_up_every_mail_arrives_exactly_once(store, server, smtp):
    queue_several(store, 3)
    expected = {r["message_id"] for r in outbox_rows(store)}
    assert len(expected) == 6  # three confirmations, three alerts
    server.stop()

    report = send_pending(store, smtp, now=DAY1)
    assert (report.sent, report.deferred, report.failed) == (0, 6, 0)
    assert "connection refused" in report.error
    rows = outbox_rows(store)
    assert {(r["status"], r["attempts"], r["next_attempt_at"]) for r in rows} == {("queued", 1, later(DAY1, minutes=1))}
    assert all("refused" in r["last_error"] for r in rows)

    assert send_pending(store, smtp, now=later(DAY1, seconds=30)).deferred == 0, "not due yet"
    assert send_pending(store, smtp, now=later(DAY1, minutes=1)).deferred == 6
    assert {r["next_attempt_at"] for r in outbox_rows(store)} == {later(DAY1, minutes=3)}, "backoff doubles"
    for _ in range(10):
        send_pending(store, smtp, now=later(DAY1, hours=1 + _))
    assert {r["attempts"] for r in outbox_rows(store)} == {12}
    assert {r["next_attempt_at"] for r in outbox_rows(store)} == {later(DAY1, hours=11)}, "capped at an hour"

    server.start()
    report = send_pending(store, smtp, now=later(DAY1, hours=11))
    assert (report.sent, report.deferred, report.failed) == (6, 0, 0)
    assert send_pending(store, smtp, now=later(DAY1, hours=12)).sent == 0
    assert server.inbox.message_ids() == Counter({message_id: 1 for message_id in expected})
    assert outbox_rows(store) == [], "nothing left undelivered"


def test_a_row_left_sending_is_resent_with_the_same_message_id(store, server, smtp):
    message_id = "<alert.fixed@termswatch.localhost>"
    mail = Mail(kind="alert", dedupe_key="alert:test:1", recipient="dan@example.org", subject="Hello",
                text="text", html="<p>html</p>", message_id=message_id)
    assert enqueue(store, mail, now=DAY1) is not None
    assert enqueue(store, mail, now=DAY1) is None, "same dedupe key: one row"
    assert store.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1

    # a crash after the claim, before the server took the mail: sent once
    with store.db.conn:
        store.db.execute("UPDATE outbox SET status = 'sending', claimed_by = NULL")
    assert send_pending(store, smtp, now=DAY1).sent == 1
    assert server.inbox.message_ids() == Counter({message_id: 1})

    # a crash after the server took it, before 'sent' was recorded: resent, same Message-ID
    with store.db.conn:
        store.db.execute("UPDATE outbox SET status = 'sending', claimed_by = '999999999:0', sent_at = NULL")
    assert send_pending(store, smtp, now=DAY1).sent == 1
    assert server.inbox.message_ids() == Counter({message_id: 2})
    assert send_pending(store, smtp, now=later(DAY1, hours=1)).sent == 0

    # a row being sent by a live process is left to it
    with store.db.conn:
        store.db.execute("UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?",
                         [monitor.alerts.outbox._this_process(), DAY1])
    assert send_pending(store, smtp, now=later(DAY1, minutes=5)).sent == 0
    assert send_pending(store, smtp, now=later(DAY1, hours=2)).sent == 1, "unless it is stuck"


def test_killed_between_server_accept_and_record_resends_same_message_id(store, home, server, smtp):
    """The one window the docstring of monitor.alerts admits: kill -9 after DATA."""
    queue_several(store, 1)
    child: dict = {}

    def kill_sender(message):
        deadline = time.monotonic() + 10
        while "process" not in child and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(child["process"].pid, signal.SIGKILL)
        child["process"].wait(timeout=10)  # dead before the server answers 250

    server.inbox.on_data = kill_sender
    code = ("import sys; from monitor.store import Store; from monitor.alerts import SmtpConfig, send_pending; "
            "send_pending(Store.open(sys.argv[1]), SmtpConfig(host='127.0.0.1', port=int(sys.argv[2]), "
            "sender=sys.argv[3], timeout=5), now=sys.argv[4])")
    child["process"] = subprocess.Popen(
        [sys.executable, "-c", code, str(home.database), str(server.port), SENDER, DAY1],
        cwd=Path(__file__).resolve().parent.parent)
    assert child["process"].wait(timeout=60) == -signal.SIGKILL
    server.inbox.on_data = None
    [stuck] = outbox_rows(store, statuses=("sending",))
    assert stuck["kind"] == "confirm"

    report = send_pending(store, smtp, now=DAY1)
    assert report.sent == 2  # the stuck confirmation again, and the alert
    counts = server.inbox.message_ids()
    assert counts[stuck["message_id"]] == 2, "resent under the same Message-ID"
    assert sorted(counts.values()) == [1, 2]
    assert outbox_rows(store) == []


def test_permanent_rejection_fails_temporary_one_waits(store, server, smtp):
    queue_several(store, 3)
    server.inbox.refuse = {"reader0@example.org": "550 5.1.1 No such user",
                           "reader1@example.org": "450 4.2.1 Mailbox busy"}
    report = send_pending(store, smtp, now=DAY1)
    assert (report.sent, report.failed, report.deferred) == (2, 2, 2)
    failed = outbox_rows(store, statuses=("failed",))
    assert {r["recipient"] for r in failed} == {"reader0@example.org"}
    assert all(r["last_error"] == "550 5.1.1 No such user" for r in failed)
    waiting = outbox_rows(store, statuses=("queued",))
    assert {(r["recipient"], r["last_error"]) for r in waiting} == {("reader1@example.org", "450 4.2.1 Mailbox busy")}
    del server.inbox.refuse["reader1@example.org"]
    report = send_pending(store, smtp, now=later(DAY1, hours=2))
    assert (report.sent, report.failed) == (2, 0), "the deferred mails go, the failed ones stay failed"

    server.inbox.refuse = {}
    assert retry_failed(store, now=later(DAY1, hours=2)) == 2
    assert send_pending(store, smtp, now=later(DAY1, hours=2)).sent == 2
    assert sorted(Counter(m["To"] for m in server.inbox.messages).values()) == [2, 2, 2]


def test_unreachable_configuration_never_loses_mail(store, server):
    queue_several(store, 1)
    wrong = SmtpConfig(host="127.0.0.1", port=free_port(), sender=SENDER, timeout=5)
    assert send_pending(store, wrong, now=DAY1).deferred == 2
    right = SmtpConfig(host="127.0.0.1", port=server.port, sender=SENDER, timeout=5)
    assert send_pending(store, right, now=later(DAY1, hours=1)).sent == 2


# -- TLS and login ---------------------------------------------------------------------------

@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (key, cert)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "termswatch test")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_starttls_and_login(store, certificate):
    import ssl

    key_path, cert_path = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"watcher", b"s3cret")
        return AuthResult(success=ok, handled=False, auth_data=auth_data)  # handled=False: the server answers 535

    server = MailServer(tls_context=context, require_starttls=True, auth_required=True,
                        authenticator=authenticator).start()
    try:
        queue_several(store, 1)
        table = {"host": "127.0.0.1", "port": server.port, "security": "starttls", "username": "watcher",
                 "sender": SENDER, "ca_file": str(cert_path), "timeout": 5}
        wrong = SmtpConfig.from_mapping(table, {"TERMSWATCH_SMTP_PASSWORD": "guess"})
        report = send_pending(store, wrong, now=DAY1)
        assert report.deferred == 2 and "login as watcher refused" in report.error
        right = SmtpConfig.from_mapping(table, {"TERMSWATCH_SMTP_PASSWORD": "s3cret"})
        assert "s3cret" not in repr(right)
        assert send_pending(store, right, now=later(DAY1, hours=1)).sent == 2
        assert {(tls, login) for _, _, tls, login in server.inbox.envelopes} == {(True, "watcher")}
    finally:
        server.stop()


# -- configuration ---------------------------------------------------------------------------

@pytest.mark.parametrize("table, environ, blamed", [
    ({"port": 70000}, {}, "config: smtp.port:"),
    ({}, {"TERMSWATCH_SMTP_PORT": "abc"}, "environment: TERMSWATCH_SMTP_PORT:"),
    ({"security": "ssl"}, {}, "config: smtp.security:"),
    ({}, {"TERMSWATCH_SMTP_SECURITY": "ssl"}, "environment: TERMSWATCH_SMTP_SECURITY:"),
    ({"password": "hunter2"}, {}, "config: smtp.password:"),
    ({"username": "watcher"}, {}, "environment: TERMSWATCH_SMTP_PASSWORD:"),
    ({"host": "mail.example.org", "username": "u"}, {"TERMSWATCH_SMTP_PASSWORD": "p"}, "config: smtp.security:"),
    ({"sender": "not an address"}, {}, "config: smtp.sender:"),
    ({}, {"TERMSWATCH_SMTP_FROM": "x@@y"}, "environment: TERMSWATCH_SMTP_FROM:"),
    ({"host": ""}, {}, "config: smtp.host:"),
    ({"timeout": "soon"}, {}, "config: smtp.timeout:"),
    ({"ca_file": "/nonexistent.pem"}, {}, "config: smtp.ca_file:"),
    ({"retry_initial": "2h", "retry_max": "1h"}, {}, "config: smtp.retry_max:"),
    ({"colour": "blue"}, {}, "config: smtp.colour: unknown key"),
])
def test_invalid_smtp_config_names_the_key(table, environ, blamed):
    with pytest.raises(ConfigError) as error:
        SmtpConfig.from_mapping(table, environ)
    assert str(error.value).startswith(blamed)


def test_smtp_config_defaults_and_environment_overrides():
    config = SmtpConfig.from_mapping(
        {"host": "mail.example.org", "port": 2525, "security": "starttls", "retry_initial": "30s", "retry_max": "10m"},
        {"TERMSWATCH_SMTP_HOST": "relay.example.org", "TERMSWATCH_SMTP_USERNAME": "u",
         "TERMSWATCH_SMTP_PASSWORD": "p", "TERMSWATCH_SMTP_FROM": "Watch <w@example.org>"})
    assert (config.host, config.port, config.security, config.username, config.password) == (
        "relay.example.org", 2525, "starttls", "u", "p")
    assert (config.sender, config.sender_address) == ("Watch <w@example.org>", "w@example.org")
    assert [config.retry_delay(n) for n in (1, 2, 3, 5, 9)] == [30, 60, 120, 480, 600]
    assert SmtpConfig.from_mapping({"security": "tls"}, {}).port == 465


def test_mail_settings_from_the_config_file():
    settings = MailSettings.from_config(Config(operators=["Ops@Example.org"], site_url="https://watch.example"))
    assert settings.operators == ("ops@example.org",)
    with pytest.raises(ConfigError, match="alerts.operators"):
        MailSettings.from_config(Config(operators=["ops@"]))
    with pytest.raises(ConfigError, match="alerts.site_url"):
        MailSettings.from_config(Config(site_url="javascript:alert(1)"))


# -- operator alerts -------------------------------------------------------------------------

def test_operator_alert_after_n_failures_and_on_recovery(store, server, smtp):
    doc = make_document(store, "Chirper")
    settings = MailSettings(operators=("ops@example.org",), failures_before_alert=3)
    reason = f"selector matched nothing {SCRIPT}"
    for n in range(2):
        store.record_fetch_error(doc, "selector_no_match", reason, at=later(DAY1, hours=n))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=2)) == 0
    store.record_fetch_error(doc, "selector_no_match", reason, at=later(DAY1, hours=2))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=3)) == 1
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=3)) == 0
    store.record_fetch_error(doc, "bot_wall", "a bot wall", at=later(DAY1, hours=4))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=5)) == 0, "one alert per streak"
    store.record_unchanged(doc, at=later(DAY1, hours=6))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=7)) == 1
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=7)) == 0
    for n in range(3):
        store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=8 + n))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=12)) == 1, "a new streak"

    events = monitor.alerts.operator_events(store, document_id=doc)
    # a recovery says how long the streak it ended was
    assert [(e["event"], e["failures"]) for e in events] == [("broken", 3), ("recovered", 4), ("broken", 3)]
    assert send_pending(store, smtp, now=later(DAY1, hours=12)).sent == 3
    broken, recovered, _ = server.inbox.to("ops@example.org")
    assert broken["Subject"] == "[Termswatch] Operator: Chirper Terms of Service: 3 failed captures in a row"
    assert broken["List-Unsubscribe"] is None
    assert_inert(html_part(broken))
    assert SCRIPT in BeautifulSoup(html_part(broken), "html.parser").get_text()
    assert "captured again after 4 failed captures" in recovered["Subject"]


def test_a_recovery_is_told_even_when_the_document_failed_again_since(store):
    doc = make_document(store, "Chirper")
    settings = MailSettings(operators=("ops@example.org",), failures_before_alert=2)
    for n in range(2):
        store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=n))
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=2)) == 1
    store.record_unchanged(doc, at=later(DAY1, hours=3))
    store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=4))  # before anyone looked
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=5)) == 1
    assert queue_operator_alerts(store, settings, now=later(DAY1, hours=5)) == 0
    events = monitor.alerts.operator_events(store, document_id=doc)
    assert [(e["event"], e["failures"]) for e in reversed(events)] == [("broken", 2), ("recovered", 2)]
    assert store.document(doc)["recovered_at"] == later(DAY1, hours=3)


def test_operator_events_are_recorded_without_operators(store):
    doc = make_document(store)
    for n in range(3):
        store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=n))
    assert queue_operator_alerts(store, MailSettings(), now=later(DAY1, hours=4)) == 0
    assert [e["event"] for e in monitor.alerts.operator_events(store)] == ["broken"]


def test_process_alerts_runs_the_whole_cycle_from_the_config(store, server):
    doc = make_document(store)
    active_subscription(store, "gina@example.org")
    record_change(store, doc, "Disputes go to binding arbitration.", at=DAY1)
    for n in range(3):
        store.record_fetch_error(doc, "timeout", "timed out", at=later(DAY1, hours=n))
    config = Config(source="termswatch.toml", operators=["ops@example.org"],
                    smtp={"host": "127.0.0.1", "port": server.port, "sender": SENDER, "timeout": 5})
    result = process_alerts(store, config, now=later(DAY1, hours=4), environ={})
    assert (result["alerts"], result["operator"], result["delivery"].sent) == (1, 1, 3)
    assert process_alerts(store, config, now=later(DAY1, hours=5), environ={})["delivery"].sent == 0
    with pytest.raises(ConfigError, match="^termswatch.toml: smtp.port"):
        process_alerts(store, Config(source="termswatch.toml", smtp={"port": 0}), environ={})


# -- the commands ----------------------------------------------------------------------------

@pytest.fixture
def run(home):
    group = click.Group("termswatch", commands={c.name: c for c in COMMANDS})
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(group, list(args), obj=Context(home, 0, False))
    return invoke


def test_commands(run, store, home, server):
    make_document(store, "Chirper")
    home.config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsender = "{SENDER}"\ntimeout = 5\n')

    result = run("subscribe", "erin@example.org", "--service", "Chirpr")
    assert result.exit_code == 2 and result.stderr == "termswatch: unknown service 'Chirpr'; did you mean 'Chirper'?\n"
    result = run("subscribe", "erin@example.org", "--service", "Chirper", "--min-severity", "2", "--digest")
    assert result.exit_code == 0 and "pending" in result.stdout
    [row] = [json.loads(line) for line in run("subscriptions", "--json").stdout.splitlines()]
    assert (row["address"], row["services"], row["min_severity"], row["mode"]) == (
        "erin@example.org", ["Chirper"], 2, "daily")
    assert "erin@example.org  pending  daily  2" in run("subscriptions").stdout

    [queued] = [json.loads(line) for line in run("alerts", "pending", "--json").stdout.splitlines()]
    assert (queued["kind"], queued["recipient"], queued["status"]) == ("confirm", "erin@example.org", "queued")
    result = run("alerts", "send")
    assert result.exit_code == 0 and "1 sent, 0 deferred, 0 failed" in result.stdout
    assert len(server.inbox.to("erin@example.org")) == 1

    assert run("confirm", "nonsense").exit_code == 2
    result = run("confirm", row["confirm_token"])
    assert result.exit_code == 0 and "active" in result.stdout
    result = run("unsubscribe", "--token", row["unsubscribe_token"])
    assert result.exit_code == 0 and "unsubscribed" in result.stdout
    assert run("unsubscribe", "nobody@example.org").exit_code == 2
    assert run("unsubscribe").exit_code == 2

    server.stop()
    subscribe(store, "frank@example.org")
    result = run("alerts", "send")
    assert result.exit_code == 3 and "1 deferred" in result.stdout
    assert "frank@example.org  queued  1" in run("alerts", "pending").stdout


def test_doctests():
    for module in (monitor.alerts.addresses, monitor.alerts.config, monitor.alerts.compose):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_a_token_never_starts_with_a_dash_so_the_command_line_takes_it(monkeypatch):
    """`termswatch confirm TOKEN` failed one time in 64 (CI, session 22): a token starting with "-"
    read as an unknown option."""
    import secrets

    from monitor.alerts import subscriptions

    drawn = iter(["-dashfirst0123456789a", "plainToken0123456789a"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: next(drawn))
    assert subscriptions._token() == "plainToken0123456789a"
