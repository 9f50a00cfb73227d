"""Extraction within a budget: a time limit and an output cap per document.

A hostile page can cost unbounded work: a 31 KB PDF whose compressed content expands to
millions of characters keeps pypdf busy for half a minute, and lxml's C code cannot be
interrupted from Python (an alarm signal only runs its handler once the C call returns). So
each document is extracted in a separate *worker process*; one that overruns its time is
killed (and replaced on the next call), and the error is ``extraction_timeout``. Text longer
than the cap is ``too_large`` (PDFs stop reading at the first page past it).

Workers are started once and reused: a round trip costs well under a millisecond, against
~3 ms to extract a typical page. `ExtractionWorkers.extract` blocks its calling thread, so
the crawler calls it from a thread and other documents go on meanwhile.

>>> from monitor.declarations import DocumentDeclaration, PageDeclaration
>>> from monitor.extract import Page
>>> declaration = DocumentDeclaration("ex", "Terms of Service", (PageDeclaration(fetch="https://ex.com/t"),))
>>> with ExtractionWorkers(ExtractionBudget(timeout=60, max_chars=100), size=1) as workers:
...     workers.extract([Page(b"<p>Be nice.</p>", "https://ex.com/t")], declaration)
'Be nice.'
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import threading
from dataclasses import dataclass
from typing import Sequence

from .errors import ExtractionError

# How long a fresh worker may take to import its libraries before the call gives up.
STARTUP_SECONDS = 120.0


@dataclass(frozen=True)
class ExtractionBudget:
    """Limits for one document; Scrapy settings TERMSWATCH_EXTRACT_TIMEOUT (seconds) and
    TERMSWATCH_EXTRACT_MAX_CHARS (characters of text) set them."""

    timeout: float = 20.0
    max_chars: int = 2_000_000

    @classmethod
    def from_settings(cls, settings) -> "ExtractionBudget":
        """From Scrapy settings or a plain dict of them (missing names keep the defaults)."""
        timeout = settings.get("TERMSWATCH_EXTRACT_TIMEOUT", cls.timeout)
        max_chars = settings.get("TERMSWATCH_EXTRACT_MAX_CHARS", cls.max_chars)
        try:
            budget = cls(timeout=float(timeout), max_chars=int(max_chars))
        except (TypeError, ValueError):
            budget = None
        if budget is None or not budget.timeout > 0 or budget.max_chars <= 0:
            raise ValueError(f"TERMSWATCH_EXTRACT_TIMEOUT ({timeout!r}) and TERMSWATCH_EXTRACT_MAX_CHARS "
                             f"({max_chars!r}) must be positive numbers")
        return budget


class ExtractionWorkers:
    """Up to ``size`` worker processes running `extract_document`; thread-safe."""

    def __init__(self, budget: ExtractionBudget = ExtractionBudget(), size: int = 2):
        self.budget = budget
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []

    def extract(self, pages: Sequence, declaration, **options) -> str:
        """`extract_document(pages, declaration, **options)` in a worker, within the budget."""
        with self._slots:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = _Worker()
            try:
                return worker.run((list(pages), declaration, {**options, "max_chars": self.budget.max_chars}),
                                  self.budget.timeout, getattr(pages[0], "url", "") if pages else "")
            finally:
                if worker.alive:
                    with self._lock:
                        self._idle.append(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.stop()

    def __enter__(self) -> "ExtractionWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Worker:
    """One process and the pipe to it."""

    def __init__(self):
        # "spawn": a fresh interpreter, never a fork of the crawler with its threads and
        # sockets.
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end,), daemon=True,
                                        name="termswatch-extract")
        self._process.start()
        child_end.close()
        self.alive = True
        if not self._conn.poll(STARTUP_SECONDS):
            self.stop(kill=True)
            raise RuntimeError(f"the extraction worker did not start within {STARTUP_SECONDS:g} s")
        self._receive()  # "ready"

    def run(self, job: tuple, timeout: float, url: str):
        try:
            self._conn.send(job)
            finished = self._conn.poll(timeout)
        except OSError:  # the worker died while idle
            finished = True
        if not finished:
            self.stop(kill=True)
            raise ExtractionError("extraction_timeout", f"extraction took longer than {timeout:g} s and was "
                                                        f"stopped at {url}")
        outcome, value = self._receive()
        if outcome == "text":
            return value
        if outcome == "error":
            raise value
        if outcome == "died":
            raise ExtractionError("extraction_crashed", f"{value} while extracting {url}")
        raise RuntimeError(f"extraction failed at {url}: {value}")

    def _receive(self) -> tuple[str, object]:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            self.stop(kill=True)
            return "died", f"the extraction process died (exit code {self._process.exitcode})"

    def stop(self, kill: bool = False) -> None:
        self.alive = False
        self._conn.close()   # an idle worker sees the end of its input and exits
        if not kill:
            self._process.join(timeout=1.0)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _serve(conn) -> None:
    """The worker's loop: one job in, one outcome out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the crawler, which stops us
    _die_with_parent()
    from . import extract_document
    from .pdf import load_pypdf
    load_pypdf()  # import now, not inside the first PDF's time budget
    conn.send(("ready", None))
    while True:
        try:
            pages, declaration, options = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("text", extract_document(pages, declaration, **options))
        except ExtractionError as error:
            outcome = ("error", error)
        except Exception as error:  # a bug: report it to the caller rather than die silently
            outcome = ("crash", f"{type(error).__name__}: {error}")
        conn.send(outcome)


def _die_with_parent() -> None:
    """Be killed with the crawler, even mid-document (an idle worker exits anyway when its
    pipe closes)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux
        pass
