"""Capture: crawl the declared documents with Scrapy and record what changed.

`crawl()` is what the CLI, the daemon and the tests call. It runs Scrapy in a child process
(``python -m monitor.capture``), because Twisted's reactor cannot be restarted within one
process, and returns a `CrawlReport`::

    report = crawl(Home("~/.termswatch"), declarations="data/services", services=["Example"])
    report.counts        # {"first": 2, "unchanged": 10, "error": 1}

Inside the child, `run_crawl()` registers the catalogue's documents in the store, prepares one
`CaptureTarget` per document (with the validators of its latest snapshots, so unchanged pages
answer 304) and runs the spider; the pipelines in `spiders.pipelines` record everything.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .declarations import Catalogue, DeclarationError, load_catalogues
from .versions import ExtractionSettings
from .paths import default_catalogue
from .safetext import install_log_escaping
from .store import Store

log = logging.getLogger("termswatch.capture")


# For crawling our own fixture server on 127.0.0.1: no politeness delays, short timeouts, and
# loopback (only) allowed through the network boundary.
LOOPBACK_SETTINGS = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.05,
    "TERMSWATCH_ALLOWED_NETWORKS": ["127.0.0.0/8", "::1/128"],
}


class CaptureError(RuntimeError):
    """The crawl could not run at all (bad arguments, unknown service, crashed child)."""


class CrawlerFailed(CaptureError):
    """The crawler started but crashed, or the store could not be written: not bad input."""


@dataclass
class CrawlReport:
    counts: dict = field(default_factory=dict)       # outcome -> number of documents
    documents: list[dict] = field(default_factory=list)
    declaration_errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0                               # seconds, the crawl proper
    peak_rss_mb: float = 0.0                           # of the crawler process

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def new_versions(self) -> int:
        return self.counts.get("first", 0) + self.counts.get("change", 0)

    @property
    def errors(self) -> list[dict]:
        return [d for d in self.documents if d["outcome"] == "error"]

    def summary(self) -> str:
        parts = [f"{self.counts.get(k, 0)} {k}" for k in ("first", "change", "unchanged", "error")
                 if self.counts.get(k)]
        return f"{self.total} documents captured in {self.elapsed:.1f} s: " + (", ".join(parts) or "nothing")


def select_services(catalogue: Catalogue, services: Iterable[str]) -> list[str]:
    """Check requested service ids against the catalogue (case-insensitively forgiving)."""
    wanted = []
    by_lower = {sid.lower(): sid for sid in catalogue.services}
    for name in services:
        sid = name if name in catalogue.services else by_lower.get(name.lower())
        if sid is None:
            raise CaptureError(f"unknown service {name!r} (not in {catalogue.root})")
        wanted.append(sid)
    return wanted


def document_key(service_id: str, terms_type: str) -> str:
    """How people and the config name one document: ``"Google / Privacy Policy"``."""
    return f"{service_id} / {terms_type}"


def plan_targets(store: Store, catalogue: Catalogue, services: Iterable[str] = (),
                 documents: Iterable[str] | None = None):
    """Register the catalogue's documents and build one capture target per document.

    ``documents`` (keys from `document_key`) narrows the crawl to those documents.
    """
    from spiders.items import CaptureTarget

    only = select_services(catalogue, services)
    ids = store.sync_catalogue(catalogue, only)
    wanted = None if documents is None else set(documents)
    targets = []
    for doc in catalogue.documents(only):
        if wanted is not None and document_key(doc.service_id, doc.terms_type) not in wanted:
            continue
        document_id = ids[(doc.service_id, doc.terms_type)]
        validators = []
        for index in range(len(doc.pages)):
            latest = store.latest_snapshot(document_id, index)
            headers = json.loads(latest["headers"] or "{}") if latest else {}
            validators.append({k: headers[k] for k in ("ETag", "Last-Modified") if headers.get(k)})
        targets.append(CaptureTarget(document_id, doc, tuple(validators)))
    return targets


def run_crawl(database: str | Path, declarations: str | Path | None = None, services: Iterable[str] = (),
              settings: dict | None = None, documents: Iterable[str] | None = None) -> CrawlReport:
    """Run one crawl in this process. Scrapy's reactor allows this once per process."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from spiders import settings as default_settings
    from spiders.documents import DocumentsSpider

    check_network_opt_ins(settings)
    catalogue = load_catalogues(declaration_roots(declarations))
    for error in catalogue.errors:
        log.error("invalid declaration skipped: %s", error)
    for warning in catalogue.warnings:
        log.warning("declaration crawled all the same: %s", warning)
    store = Store.open(database)
    try:
        targets = plan_targets(store, catalogue, services, documents)
    finally:
        store.close()

    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        crawl_settings = Settings()
        crawl_settings.setmodule(default_settings, priority="project")
        crawl_settings.update({"TERMSWATCH_DATABASE": str(database), "TERMSWATCH_REPORT": str(report_path),
                               "TERMSWATCH_TOTAL": len(targets), "LOG_INSTALL_ROOT_HANDLER": False},
                              priority="cmdline")
        crawl_settings.update(settings or {}, priority="cmdline")
        if any(page.execute_client_scripts for t in targets for page in t.declaration.pages):
            crawl_settings.update(browser_settings(crawl_settings), priority="cmdline")
        log.info("capturing %d documents of %d services", len(targets), len({t.declaration.service_id for t in targets}))
        process = CrawlerProcess(crawl_settings)
        _quiet_scrapy_logs()
        crashes = []  # Scrapy logs a crawler that fails to start, then returns as if all went well
        process.crawl(DocumentsSpider, targets=targets).addErrback(crashes.append)
        process.start()
        if crashes:
            raise CrawlerFailed(f"the crawler failed: {_one_line(crashes[0].value)}")
        if not report_path.exists():
            raise CrawlerFailed("the crawler stopped without a report")
        data = json.loads(report_path.read_text())
    if data.get("store_failure"):
        raise CrawlerFailed(f"the store cannot be written, crawl stopped: {data['store_failure']}")
    _record_missing_outcomes(database, targets, data)
    return CrawlReport(counts=data.get("counts", {}), documents=data.get("documents", []),
                       declaration_errors=[str(e) for e in catalogue.errors], elapsed=data.get("elapsed", 0.0),
                       peak_rss_mb=data.get("peak_rss_mb", 0.0))


def declaration_roots(declarations) -> list[Path]:
    """One folder, several (a list: the catalogue, then the user's), or None: the shipped one."""
    if declarations is None:
        return [default_catalogue()]
    if isinstance(declarations, (str, os.PathLike)):
        return [Path(declarations)]
    return [Path(folder) for folder in declarations]


def config_network_settings(config) -> dict:
    """The Scrapy settings for the config's network opt-in (``crawl.allow_private_networks``)."""
    from .network import ALLOW_PRIVATE_SETTING

    return {ALLOW_PRIVATE_SETTING: True} if config.allow_private_networks else {}


def check_network_opt_ins(settings: dict | None) -> None:
    """Refuse an opt-in that cannot be read (``TERMSWATCH_ALLOW_PRIVATE_NETWORKS=maybe``)
    before crawling, rather than guessing which way the operator meant it."""
    from .network import AddressPolicy, NetworkConfigError

    try:
        AddressPolicy.from_settings(settings or {})
    except NetworkConfigError as error:
        raise CaptureError(str(error))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text[:200]}"


def _record_missing_outcomes(database, targets, data: dict) -> None:
    """A document the crawl ended without an outcome for (its spider callback raised, or the
    crawl was cut short) gets a recorded error, so no capture vanishes without a trace."""
    seen = {entry["document_id"] for entry in data.get("documents", [])}
    missing = [t for t in targets if t.document_id not in seen]
    if not missing:
        return
    store = Store.open(database, migrate=False)
    try:
        for target in missing:
            reason = "the capture ended without an outcome (see the crawler log)"
            store.record_fetch_error(target.document_id, "internal_error", reason, url=target.declaration.url)
            log.error("%s: %s", target.label, reason)
            data.setdefault("documents", []).append(
                {"document_id": target.document_id, "service": target.declaration.service_id,
                 "terms_type": target.declaration.terms_type, "outcome": "error",
                 "kind": "internal_error", "reason": reason})
            data.setdefault("counts", {})["error"] = data.get("counts", {}).get("error", 0) + 1
    finally:
        store.close()


def find_browser(setting: str | None) -> str | None:
    """The Chromium executable named by TERMSWATCH_BROWSER ("auto": looked up on PATH)."""
    if not setting:
        return None
    if setting == "auto":
        return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    return setting if Path(setting).exists() else None


def browser_settings(settings) -> dict:
    """Settings that route pages declared with executeClientScripts through a headless
    Chromium (scrapy-playwright); other requests keep Scrapy's own downloader. Without a
    browser, or without scrapy-playwright, such pages are fetched as static HTML."""
    executable = find_browser(settings.get("TERMSWATCH_BROWSER"))
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        executable = None
    if executable is None:
        log.warning("some pages ask for their scripts to be run (executeClientScripts) but no browser "
                    "was found (TERMSWATCH_BROWSER=%r): fetching them as static HTML",
                    settings.get("TERMSWATCH_BROWSER"))
        return {"TERMSWATCH_RENDER": False}
    args = list(settings.getlist("TERMSWATCH_BROWSER_ARGS"))
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in args:
        log.warning("running as root: the browser that renders executeClientScripts pages runs "
                    "without its sandbox (run Termswatch as an unprivileged user)")
        args.append("--no-sandbox")
    from spiders.boundary import BrowserRequestGuard
    from spiders.browser_proxy import BrowserProxy

    from .network import AddressPolicy

    policy = AddressPolicy.from_settings(settings)
    launch = {"executable_path": executable, "headless": True, "args": args}
    proxy = None
    if not policy.allow_private:  # the browser's every connection goes through the boundary
        proxy = BrowserProxy(policy)
        launch["proxy"] = {"server": proxy.url}
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {"TERMSWATCH_RENDER": True,
            "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
            "TERMSWATCH_BROWSER_PROXY": proxy,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
            # the page's own images, fonts and media carry no terms: not fetched; nor is
            # anything on a refused address (the network boundary)
            "PLAYWRIGHT_ABORT_REQUEST": BrowserRequestGuard(policy)}


def _quiet_scrapy_logs() -> None:
    """Scrapy resets its loggers to DEBUG; our pipelines log what matters per document."""
    verbose = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logging.getLogger("scrapy").setLevel(logging.INFO if verbose else logging.WARNING)
    # failures are recorded and logged once per document by the pipelines
    for name in ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt",
                 "scrapy.core.scraper", "scrapy.core.engine"):
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.CRITICAL)


def crawl(database: str | Path, declarations: str | Path | None = None, services: Iterable[str] = (),
          settings: dict | None = None, timeout: float | None = None,
          documents: Iterable[str] | None = None, log_file=None) -> CrawlReport:
    """Run one crawl in a child process and return its report.

    ``documents`` (``"Service / Terms type"`` keys) narrows it to those documents;
    ``log_file`` (an open file) receives the child's log instead of standard error.
    """
    from .crawl_settings import CrawlSettingError, check_crawl_settings

    folders = declaration_roots(declarations)
    try:  # fail fast, in the caller's process, on what we can check here
        catalogue = load_catalogues(folders)
        check_crawl_settings(settings or {})
    except (DeclarationError, CrawlSettingError) as error:
        raise CaptureError(str(error))
    select_services(catalogue, services)
    check_network_opt_ins(settings)
    try:
        ExtractionSettings.from_settings(settings or {})
    except ValueError as error:
        raise CaptureError(f"crawl settings: {error}")
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "monitor.capture", "--database", str(database),
                   *(arg for folder in folders for arg in ("--declarations", str(folder))),
                   "--report", str(report_path),
                   "--settings-json", json.dumps(settings or {})]
        if documents is not None:
            command += ["--documents-json", json.dumps(sorted(documents))]
        command += ["--", *services]
        level = logging.getLogger().getEffectiveLevel()
        env = {**os.environ, "TERMSWATCH_LOG_LEVEL": logging.getLevelName(level)}
        child = subprocess.Popen(command, env=env, preexec_fn=_die_with_parent, stderr=log_file)
        _running.add(child)
        try:
            returncode = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise CaptureError(f"the crawl took longer than {timeout:g} s and was stopped")
        finally:
            _running.discard(child)
        data = json.loads(report_path.read_text()) if report_path.exists() else {}
        if returncode != 0 or "failure" in data:
            reason = data.get("failure") or f"the crawler process failed (exit code {returncode})"
            raise (CaptureError if data.get("bad_input") else CrawlerFailed)(reason)
        return CrawlReport(**data)


_running: set[subprocess.Popen] = set()


def _die_with_parent() -> None:
    """In the crawler process: be killed if Termswatch dies (even by kill -9), so no orphan
    crawler keeps writing while a restarted daemon starts another."""
    try:
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # not Linux: the crawler may outlive a killed parent
        pass


def stop_running_crawls() -> None:
    """Ask running crawler processes to stop: Scrapy finishes in-flight items, then exits."""
    for child in list(_running):
        if child.poll() is None:
            child.terminate()


def _child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.capture",
                                     description="Run one Termswatch crawl (used by `termswatch crawl`).")
    parser.add_argument("--database", required=True)
    parser.add_argument("--declarations", action="append", help="a declarations folder (repeatable)")
    parser.add_argument("--report", required=True)
    parser.add_argument("--settings-json", default="{}")
    parser.add_argument("--documents-json", default=None)
    parser.add_argument("services", nargs="*")
    args = parser.parse_args(argv)
    level = os.environ.get("TERMSWATCH_LOG_LEVEL", "INFO")
    install_log_escaping()  # URLs and reasons from pages never start a log line of their own
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", datefmt="%H:%M:%S")
    if level != "DEBUG":  # Scrapy announces itself at INFO before its loggers can be tuned
        logging.getLogger().handlers[0].addFilter(
            lambda record: record.levelno >= logging.WARNING or not record.name.startswith("scrapy"))
    for noisy in ("twisted", "filelock", "py.warnings"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        documents = json.loads(args.documents_json) if args.documents_json else None
        report = run_crawl(args.database, args.declarations, args.services, json.loads(args.settings_json),
                           documents)
    except Exception as error:  # told to the parent in one line, which exits non-zero with it
        bad_input = isinstance(error, (CaptureError, DeclarationError)) and not isinstance(error, CrawlerFailed)
        reason = str(error) if isinstance(error, (CaptureError, DeclarationError)) else _one_line(error)
        log.debug("the crawl failed", exc_info=True)
        Path(args.report).write_text(json.dumps({"failure": reason, "bad_input": bad_input}))
        return 2 if bad_input else 1
    Path(args.report).write_text(json.dumps(report.__dict__))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
