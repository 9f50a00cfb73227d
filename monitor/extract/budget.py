"""Extraction within a budget: a time limit and an output cap per document.

A hostile page can cost unbounded work: a 31 KB PDF whose compressed content expands to
millions of characters keeps pypdf busy for half a minute, and lxml's C code cannot be
interrupted from Python (an alarm signal only runs its handler once the C call returns). So
each document is extracted in a separate *worker process*; one that overruns its time is
killed (and replaced on the next call), and the error is ``extraction_timeout``. Text longer
than the cap is ``too_large`` (PDFs stop reading at the first page past it).

Workers are started once and reused: a round trip costs well under a millisecond, against
~3 ms to extract a typical page. They come from a *fork server* (multiprocessing's
``forkserver``, started once per process with the extraction code imported): forking the
crawler itself would copy a process whose other threads may hold locks at that instant, and
a worker could then hang on one for good. `ExtractionWorkers.extract` blocks its calling
thread, so the crawler calls it from a thread and other documents go on meanwhile.

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
        from .pdf import load_pypdf
        load_pypdf()  # imported once here, so that no worker pays for it inside a time budget
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


_fork_server_lock = threading.Lock()
_fork_server = None


def _context():
    """The fork server's context, made once: a fresh, single-threaded process that imports
    the extraction code once, then forks a worker in a millisecond whenever one is needed."""
    global _fork_server
    with _fork_server_lock:
        if _fork_server is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["monitor.extract", "monitor.extract.budget"])
            _fork_server = context
        return _fork_server


class _Worker:
    """One worker process (forked by the fork server) and the pipe to it."""

    def __init__(self):
        context = _context()
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end,), daemon=True,
                                        name="termswatch-extract")
        self._process.start()
        child_end.close()
        self.pid = self._process.pid
        self.alive = True

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
        try:
            outcome, value = self._conn.recv()
        except (EOFError, OSError):
            status = self.stop(kill=True)
            raise ExtractionError("extraction_crashed", f"the extraction process died ({status}) while "
                                                        f"extracting {url}")
        if outcome == "error":
            raise value
        if outcome == "crash":
            raise RuntimeError(f"extraction failed at {url}: {value}")
        return value

    def stop(self, kill: bool = False) -> str:
        """End the process (an idle one exits by itself when its pipe closes); how it ended."""
        self.alive = False
        self._conn.close()
        if kill:
            self._process.kill()
        else:
            self._process.join(1.0)
            if self._process.exitcode is None:
                self._process.kill()
        self._process.join()
        code = self._process.exitcode
        return f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"


def _serve(conn) -> None:
    """The worker's loop: one job in, one outcome out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C and SIGTERM are for the crawler,
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # which then closes or kills us
    _die_with_parent()
    from . import extract_document
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
