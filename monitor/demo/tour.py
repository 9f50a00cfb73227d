"""``termswatch demo``: the whole pipeline on invented services, offline, in a minute.

The demo server (`monitor.demo.server`) plays the scenario's simulated days; each day is one
capture round, recorded at that day's simulated date, followed by every later stage (diff,
classify, score, site and feeds). The summary compares what Termswatch concluded with what
the scenario says should be concluded.

What a person reads is short: a line per round and a line per document that failed in it;
everything else Termswatch and Scrapy log goes to ``<demo home>/demo.log``.
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..capture import LOOPBACK_SETTINGS, crawl
from ..clock import to_iso
from ..paths import Home
from ..store import open_store
from .scenario import DAYS, SCENARIO, day_time
from .server import DemoServer
from .catalogue import write_declarations

log = logging.getLogger("termswatch.demo")


@contextmanager
def simulated_now(moment: str):
    """Freeze Termswatch's clock (here and in the crawler process) at ``moment``."""
    before = os.environ.get("TERMSWATCH_NOW")
    os.environ["TERMSWATCH_NOW"] = moment
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TERMSWATCH_NOW", None)
        else:
            os.environ["TERMSWATCH_NOW"] = before


@contextmanager
def logging_to(path: Path):
    """Send this process's log records to ``path`` instead of the terminal, and yield the
    open file for child processes' standard error."""
    root = logging.getLogger()
    with open(path, "a", encoding="utf-8") as stream:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
        before = root.handlers[:]
        root.handlers = [handler]
        try:
            yield stream
        finally:
            root.handlers = before


def one_line(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


@dataclass
class DemoReport:
    rounds: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)     # scenario expectation vs. conclusion
    site: str | None = None
    home: Path | None = None
    log: Path | None = None

    @property
    def agreed(self) -> int:
        return sum(1 for c in self.checks if c["ok"])


def demo_home(home: Home) -> Home:
    """The demo's own state directory, ``<home>/demo``: re-running the demo starts it afresh
    without touching real data in ``home``."""
    return Home(home.root / "demo")


def run_demo(home: Home, *, days: int = DAYS, hostile: bool = True,
             echo: Callable[[str], None] = print) -> DemoReport:
    """Replay ``days`` simulated days of the scenario into a fresh `demo_home` of ``home``."""
    from ..pipeline import process_new_records

    home = demo_home(home)
    if home.root.exists():
        shutil.rmtree(home.root)
    home.ensure()
    declarations = home.root / "declarations"
    report = DemoReport(home=home.root, log=home.root / "demo.log")
    with DemoServer() as server, logging_to(report.log) as log_stream:
        write_declarations(server.base_url, declarations, hostile=hostile)
        echo(f"Demo server on {server.base_url}, declarations in {declarations}")
        echo(f"Everything logged goes to {report.log}")
        for day in range(days):
            server.set_day(day)
            moment = to_iso(day_time(day))
            with simulated_now(moment):
                crawl_report = crawl(home.database, declarations, settings=LOOPBACK_SETTINGS, log_file=log_stream)
                store = open_store(home)
                try:
                    pipeline = process_new_records(store)
                finally:
                    store.close()
            failed = sorted(crawl_report.errors, key=lambda d: (d["service"], d["terms_type"]))
            report.rounds.append({"day": day, "at": moment, "crawl": crawl_report.counts,
                                  "pipeline": pipeline.summary(), "failed": failed})
            echo(f"day {day} ({moment[:10]}): {crawl_report.summary()}; {pipeline.summary()}")
            for document in failed:
                echo(f"  failed  {document['service']} / {document['terms_type']}: "
                     f"{one_line(document.get('reason') or document.get('kind') or 'no reason given')}")
        from ..site import build_site

        # The site is built on the last simulated day: seen from today, every capture of the
        # demo would be weeks old (stale).
        with simulated_now(to_iso(day_time(days - 1))):
            store = open_store(home)
            try:
                report.checks = check_against_scenario(store)
                built = build_site(store, home.site)
                report.site = (home.site / "index.html").as_uri()
                echo(f"site: {built.written} pages and feeds written to {home.site}")
            finally:
                store.close()
    return report


def check_against_scenario(store) -> list[dict]:
    """For each scenario event, what Termswatch concluded about that document on that day."""
    from ..views import change_rows

    checks = []
    for event in SCENARIO["events"]:
        document = store.find_document(event["service"], event["terms_type"])
        at = to_iso(day_time(event["day"]))
        changes = [c for c in change_rows(store, document_id=document["id"]) if c["to"] == at] if document else []
        concluded = conclusion(store, changes[0]) if changes else "unchanged"
        expected = event["expect"]
        checks.append({"day": event["day"], "service": event["service"], "terms_type": event["terms_type"],
                       "event": event["kind"], "expected": expected, "concluded": concluded,
                       "ok": concluded == expected, "categories": changes[0]["categories"] if changes else []})
    return checks


def conclusion(store, change: dict) -> str:
    """What Termswatch concluded about a change, in the scenario's words."""
    if change["suspect"]:
        return "suspect"
    same_text = store.same_text(change["from_version_id"], change["to_version_id"])
    if same_text:
        # compared with the last trusted version (a suspect capture in between is skipped),
        # the text is exactly the same
        return "unchanged"
    if not change["substantive"]:
        return "cosmetic"
    return change["direction"] or "substantive"
