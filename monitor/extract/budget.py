"""Extraction within a budget: a time limit and an output cap per document.

A hostile page can cost unbounded work: a 31 KB PDF whose compressed content expands to
millions of characters keeps pypdf busy for half a minute, and lxml's C code cannot be
interrupted from Python (an alarm signal only runs its handler once the C call returns). So
each document is extracted in a separate *worker process*; one that overruns its time is
killed (and replaced on the next call), and the error is ``extraction_timeout``. Text longer
than the cap is ``too_large`` (PDFs stop reading at the first page past it).

Workers are forked once and reused: a round trip costs well under a millisecond, against
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

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
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


class _Worker:
    """One forked process and the pipe to it."""

    def __init__(self):
        # Forked, not spawned: the child starts in a millisecond with every library already
        # imported (a fresh interpreter takes ~1 s to import lxml, pypdf and soupsieve). It
        # runs nothing but extraction, and closes every file it inherited but its pipe.
        self._conn, child_end = multiprocessing.Pipe()
        self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                _serve(child_end)
                code = 0
            finally:
                os._exit(code)
        child_end.close()
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
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        else:
            for _ in range(100):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return "exited"
                time.sleep(0.01)
            os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        return f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.WEXITSTATUS(status)}"


def _serve(conn) -> None:
    """The worker's loop: one job in, one outcome out, until the pipe closes."""
    for descriptor in map(int, os.listdir("/proc/self/fd")):
        if descriptor > 2 and descriptor != conn.fileno():
            with contextlib.suppress(OSError):
                os.close(descriptor)  # the crawler's sockets and database stay the crawler's
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
