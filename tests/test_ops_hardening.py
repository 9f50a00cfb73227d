"""The daemon and silent failures: unchanged captures move the schedule, recoveries are told,
and a crawler that crashes or a store that cannot be written is a loud failure, never an empty
or partial success. Every test drives the real `termswatch` command against a loopback server."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailserver import MailServer
from monitor.capture import LOOPBACK_SETTINGS
from monitor.store import Store
from pageserver import PageServer, terms_page

pytestmark = pytest.mark.slow

OPERATOR = "ops@example.test"


def environment() -> dict:
    return {**os.environ, "TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "1"}


def termswatch(home: Path, *args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args], capture_output=True,
                          text=True, timeout=timeout, env=environment(), **kwargs)


def write_declaration(folder: Path, base_url: str, documents: dict[str, str]) -> Path:
    """One service, "Steady", with ``{terms type: path}`` documents."""
    folder.mkdir(parents=True, exist_ok=True)
    terms = {terms_type: {"fetch": base_url + path, "select": "main"} for terms_type, path in documents.items()}
    (folder / "Steady.json").write_text(json.dumps({"name": "Steady", "terms": terms}))
    return folder


def write_config(path: Path, declarations: Path, *, interval: str = "1s", smtp_port: int | None = None,
                 site: bool = False, settings: dict | None = None) -> Path:
    crawl_settings = {**LOOPBACK_SETTINGS, **(settings or {})}
    lines = [f'declarations = "{declarations}"', "", "[schedule]", f'interval = "{interval}"', 'jitter = "0s"',
             'tick = "1s"', "", "[crawl.settings]"]
    lines += [f"{name} = {json.dumps(value)}" for name, value in crawl_settings.items()]
    lines += ["", "[alerts]", f'operators = ["{OPERATOR}"]' if smtp_port else "operators = []",
              "failures_before_alert = 2", ""]
    if smtp_port:
        lines += ["[smtp]", 'host = "127.0.0.1"', f"port = {smtp_port}", 'sender = "termswatch@example.test"', ""]
    lines += ["[site]", f"build = {'true' if site else 'false'}", ""]
    path.write_text("\n".join(lines))
    return path


def query(home: Path, sql: str, params=()) -> list[dict]:
    store = Store.open(home / "termswatch.db")
    try:
        return list(store.query(sql, params))
    finally:
        store.close()


def wait_for(condition, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


# -- unchanged captures move the schedule ------------------------------------------------------

def test_the_daemon_fetches_an_unchanged_page_once_per_interval(tmp_path):
    """A 304 and a 200 with the same bytes are captures: the next one is an interval later."""
    home, interval = tmp_path / "home", 6
    home.mkdir()
    with PageServer() as server:
        server.set("/privacy", terms_page("Privacy Policy"), etag=True)     # answers 304 when it can
        server.set("/terms", terms_page("Terms of Service"))                # always the same 200
        declarations = write_declaration(tmp_path / "declarations", server.base_url,
                                         {"Privacy Policy": "/privacy", "Terms of Service": "/terms"})
        write_config(home / "termswatch.toml", declarations, interval=f"{interval}s")
        log = open(home / "daemon.log", "w")
        daemon = subprocess.Popen([sys.executable, "-m", "monitor", "--home", str(home), "run"],
                                  stdout=log, stderr=subprocess.STDOUT, env=environment())
        try:
            # until three requests of each page (two intervals after the first capture), however
            # slowly the daemon starts on a loaded machine
            deadline = time.monotonic() + 150
            while min(server.count("/privacy"), server.count("/terms")) < 3 and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(interval / 2)   # mid-interval: no request is about to come
        finally:
            daemon.send_signal(signal.SIGTERM)
            assert daemon.wait(timeout=60) == 0
        stopped = time.monotonic()
        counts = {path: server.count(path) for path in ("/privacy", "/terms")}
        # from each page's first request: however slowly the daemon started
        elapsed = {path: stopped - server.times[path][0] for path in counts}
        gaps = {path: [round(b - a, 1) for a, b in zip(server.times[path], server.times[path][1:])]
                for path in counts}
        assert server.not_modified["/privacy"] >= 2, counts  # the 304 path was taken
    print(f"requests at a {interval} s interval: {counts}; gaps (s): {gaps}")
    for path, count in counts.items():
        # about elapsed / interval + 1; a capture cycle takes a few seconds on a busy machine
        assert elapsed[path] / (interval + 10) <= count <= elapsed[path] / interval + 2, \
            (path, count, round(elapsed[path]), gaps)
        # never fetched again before its interval has passed (the bug: again at the next tick)
        assert min(gaps[path]) >= interval - 1, (path, gaps)
    documents = query(home, "SELECT terms_type, last_outcome, failures_in_a_row FROM documents ORDER BY terms_type")
    assert [(d["last_outcome"], d["failures_in_a_row"]) for d in documents] == [("unchanged", 0)] * 2


# -- recovery is told --------------------------------------------------------------------------

def test_a_recovery_with_identical_bytes_is_seen_in_status_mail_and_feed(tmp_path):
    import feedparser

    home = tmp_path / "home"
    home.mkdir()
    mail = MailServer().start()
    try:
        with PageServer() as server:
            page = terms_page("Privacy Policy")
            server.set("/privacy", page)
            declarations = write_declaration(tmp_path / "declarations", server.base_url, {"Privacy Policy": "/privacy"})
            write_config(home / "termswatch.toml", declarations, smtp_port=mail.port, site=True)

            def cycle(expected_code: int) -> None:
                result = termswatch(home, "run", "--once")
                assert result.returncode == expected_code, result.stderr

            def operator_subjects() -> list[str]:
                return [m["Subject"] for m in mail.inbox.to(OPERATOR)]

            cycle(0)
            for round_ in (1, 2):  # broken -> recovered, twice: each told once
                server.set("/privacy", status=404)
                cycle(3)
                cycle(3)
                wait_for(lambda: len(operator_subjects()) == 2 * round_ - 1, what="the broken mail")
                server.set("/privacy", page)  # back, byte for byte
                cycle(0)
                wait_for(lambda: len(operator_subjects()) == 2 * round_, what="the recovery mail")
                status = termswatch(home, "status")
                assert "recovered" in status.stdout and "after 2 failures" in status.stdout, status.stdout
                (row,) = json.loads(termswatch(home, "status", "--json").stdout)
                assert row["failures_in_a_row"] == 0 and row["last_recovery"]["after_failures"] == 2
            subjects = operator_subjects()
            assert ["failed captures in a row" in s for s in subjects] == [True, False, True, False], subjects
            assert all("captured again after 2 failed captures" in s for s in subjects[1::2]), subjects
            assert max(mail.inbox.message_ids().values()) == 1
            events = [e["event"] for e in query(home, "SELECT event FROM operator_events ORDER BY id")]
            assert events == ["broken", "recovered", "broken", "recovered"]
            feed = feedparser.parse(str(home / "site" / "feeds" / "operator.xml"))
            titles = [entry.title for entry in feed.entries]
            assert len(titles) == 4 and "captured again" in titles[0], titles
            assert "after 2 failed captures" in feed.entries[0].content[0].value
            assert query(home, "SELECT count(*) AS n FROM versions")[0]["n"] == 1
    finally:
        mail.stop()


# -- a crawler that cannot run fails loudly ----------------------------------------------------

@pytest.fixture
def steady(tmp_path):
    with PageServer() as server:
        server.set("/privacy", terms_page("Privacy Policy"))
        server.set("/terms", terms_page("Terms of Service"))
        declarations = write_declaration(tmp_path / "declarations", server.base_url,
                                         {"Privacy Policy": "/privacy", "Terms of Service": "/terms"})
        home = tmp_path / "home"
        home.mkdir()
        yield {"server": server, "declarations": declarations, "home": home, "tmp": tmp_path}


def test_a_bad_crawl_setting_is_one_line_and_a_non_zero_exit(steady):
    home, server, declarations = steady["home"], steady["server"], steady["declarations"]
    result = termswatch(home, "-q", "crawl", "--declarations", str(declarations), "--set", "DOWNLOAD_DELAY=abc")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["termswatch: --set DOWNLOAD_DELAY: expected a number, got 'abc'"]
    config = write_config(steady["tmp"] / "bad.toml", declarations, settings={"DOWNLOAD_DELAY": "abc"})
    for command in (["crawl"], ["run", "--once"]):
        result = termswatch(home, "-q", "--config", str(config), *command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert result.stderr.strip().splitlines() == \
            [f"termswatch: {config}: crawl.settings.DOWNLOAD_DELAY: expected a number, got 'abc'"], command
    assert server.count("/privacy") == 0


def test_a_crawler_that_crashes_is_a_failure_not_an_empty_crawl(steady):
    """A setting only Scrapy can judge (a class that does not exist) crashes the crawler at start."""
    home, declarations = steady["home"], steady["declarations"]
    result = termswatch(home, "-q", "crawl", "--declarations", str(declarations), "--set", "SCHEDULER=nowhere.Nothing")
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("termswatch: the crawler failed: ") and "nowhere" in line, line
    config = write_config(steady["tmp"] / "crash.toml", declarations, settings={"SCHEDULER": "nowhere.Nothing"})
    result = termswatch(home, "-q", "--config", str(config), "run", "--once")
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("termswatch: the crawler failed: ")


def test_crawl_reads_the_config_given_with_dash_dash_config(steady):
    home, server = steady["home"], steady["server"]
    config = write_config(steady["tmp"] / "elsewhere.toml", steady["declarations"])
    # naming the service keeps a crawl that ignored the config from crawling the shipped catalogue
    result = termswatch(home, "--config", str(config), "crawl", "Steady")
    assert result.returncode == 0, result.stderr
    assert "2 first" in result.stdout and server.count("/privacy") == 1


# -- an item step that fails is a recorded error ------------------------------------------------

def test_a_failing_item_step_is_a_recorded_error_for_that_document(steady):
    home = steady["home"]
    store = Store.open(home / "termswatch.db")
    with store.db.conn:  # the store refuses versions of one document (a real SQLite error)
        store.db.execute("""CREATE TRIGGER refuse_terms BEFORE INSERT ON versions
            WHEN (SELECT terms_type FROM documents WHERE id = NEW.document_id) = 'Terms of Service'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END""")
    store.close()
    result = termswatch(home, "crawl", "--declarations", str(steady["declarations"]))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "2 documents captured" in result.stdout and "1 first, 1 error" in result.stdout
    assert "failed: Steady / Terms of Service: RecordVersionPipeline failed: IntegrityError: refused by the test" \
        in result.stderr
    errors = query(home, "SELECT e.kind, e.reason FROM fetch_errors e JOIN documents d ON d.id = e.document_id "
                         "WHERE d.terms_type = 'Terms of Service'")
    assert [e["kind"] for e in errors] == ["internal_error"] and "refused by the test" in errors[0]["reason"]


# -- a store that cannot be written stops the run loudly, losing nothing ------------------------

def _file_size_limit(limit: int):
    def apply() -> None:  # in the child: writes past `limit` bytes fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def grown_terms() -> str:
    """The terms grown by ~1.5 MB of incompressible text: their snapshot cannot fit in 512 KB."""
    noise = os.urandom(750_000).hex()
    return terms_page("Terms of Service", extra=f"<p>{' '.join(noise[i:i + 16] for i in range(0, len(noise), 16))}</p>")


def test_a_full_disk_fails_the_crawl_loudly_and_loses_nothing(steady):
    home, server, declarations = steady["home"], steady["server"], steady["declarations"]
    assert termswatch(home, "crawl", "--declarations", str(declarations)).returncode == 0
    with sqlite3.connect(home / "termswatch.db") as conn:  # start the next writes from an empty WAL
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions_before = query(home, "SELECT id, sha256 FROM versions ORDER BY id")
    server.set("/terms", grown_terms())
    result = termswatch(home, "-q", "crawl", "--declarations", str(declarations),
                        preexec_fn=_file_size_limit(512 * 1024))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("termswatch: the store cannot be written"), result.stderr
    assert "captured" not in result.stdout
    # nothing recorded was lost or corrupted, and the next crawl (disk freed) records the change
    assert query(home, "SELECT id, sha256 FROM versions ORDER BY id") == versions_before
    assert Store.open(home / "termswatch.db").integrity_check() == "ok"
    result = termswatch(home, "crawl", "--declarations", str(declarations))
    assert result.returncode == 0, result.stderr
    assert "1 change" in result.stdout and "1 unchanged" in result.stdout


def test_run_once_on_a_full_disk_exits_non_zero_with_one_line(steady):
    home, server, declarations = steady["home"], steady["server"], steady["declarations"]
    config = write_config(home / "termswatch.toml", declarations)
    assert termswatch(home, "run", "--once").returncode == 0
    with sqlite3.connect(home / "termswatch.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions_before = query(home, "SELECT id, sha256 FROM versions ORDER BY id")
    server.set("/terms", grown_terms())
    result = termswatch(home, "-q", "--config", str(config), "run", "--once", preexec_fn=_file_size_limit(512 * 1024))
    assert result.returncode == 1, result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("termswatch: ") and ("cannot be written" in last or "database failed" in last), result.stderr
    assert "Traceback" not in result.stderr
    assert query(home, "SELECT id, sha256 FROM versions ORDER BY id") == versions_before
    assert Store.open(home / "termswatch.db").integrity_check() == "ok"
