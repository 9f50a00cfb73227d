"""Writing a site incrementally: only pages whose data changed, the whole site atomically.

Every page has a *fingerprint*: a digest of the data it shows (and of the code and templates
that render it), computed cheaply from what was already loaded. The fingerprints of the last
build are kept in ``<out>/.termswatch-site.json``; a page whose fingerprint is unchanged (and
whose file is still there) is neither rendered nor written. Pages listed in the manifest that
no longer exist in the data are removed. Only files named in the manifest are ever deleted.

The build happens in a staging folder beside the site: a failed or killed build leaves the
previous site as it was, and a static host serving the folder never sends half a page. A
build that writes many files makes the staging folder a whole site (hard links to the live
site's files, then the new pages) and switches it in whole when complete (`staging`), so no
reader ever sees a half-built site. A build that writes only a few (`IN_PLACE_MAX`: the
usual incremental build after a capture) moves its new files into the live site one by one
instead, each in one atomic rename (files new to the site first, the pages that link to
them after, removals last): linking and then deleting tens of thousands of files would cost
seconds for a dozen pages. Files in the folder that the site did not write are carried over.

A page may also be *carried*: listed with its previous fingerprint and no way to render it
(``render=None``), when the build knows, without reading its data, that it did not change
(`skip`). The manifest also keeps what such builds need (``state``, written by `skip`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import staging
from .urls import MANIFEST

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
BATCH = 500            # pages rendered per batch (their hunks are loaded together)
IN_PLACE_MAX = 250     # a build writing or removing at most this many files moves them in one by one


@dataclass
class Page:
    """One file of the site: where it goes, what it shows (as a digest), how to render it."""

    path: str                                  # relative to the site's root, with "/"
    fingerprint: str
    render: Callable[[], str | bytes] | None   # None: carried over as it is (see above)
    changes: tuple[int, ...] = ()              # ids of the changes whose hunks it shows


@dataclass
class BuildReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list, repr=False)

    def __str__(self) -> str:
        return (f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed "
                f"in {self.seconds:.2f} s")


def fingerprint(*parts) -> str:
    """A digest of plain data (dicts, lists, strings, numbers), built in a fixed order.

    marshal is several times faster than JSON here, and with format 2 (no back-references)
    its bytes depend only on the values, not on which objects happen to be shared.
    """
    try:
        blob = marshal.dumps(parts, 2)
    except ValueError:  # something marshal cannot write (e.g. a str subclass)
        blob = repr(parts).encode("utf-8")
    return hashlib.sha1(blob).hexdigest()


def _read_manifest_file(out_dir: Path) -> dict:
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return {}
    return manifest


def read_manifest(out_dir: Path) -> dict[str, str]:
    pages = _read_manifest_file(out_dir).get("pages")
    return pages if isinstance(pages, dict) else {}


def read_manifest_and_state(out_dir: Path) -> tuple[dict[str, str], dict]:
    """The pages of the manifest, and the ``state`` the last build left in it (unchecked:
    `skip` checks it)."""
    manifest = _read_manifest_file(out_dir)
    pages, state = manifest.get("pages"), manifest.get("state")
    return pages if isinstance(pages, dict) else {}, state if isinstance(state, dict) else {}


def _inside(path: str) -> bool:
    """A manifest path we may touch: relative, and without ``..`` (the manifest is a file
    anyone could edit; it must never make us delete outside the site)."""
    return (bool(path) and not path.startswith("/") and "\\" not in path and ":" not in path
            and not any(part in ("", ".", "..") for part in path.split("/")))


def publish(out_dir: str | os.PathLike, pages: Iterable[Page], *, incremental: bool = True,
            scope: str = "", prepare: Callable[[list[Page]], None] | None = None,
            state: Callable[[], dict] | None = None) -> BuildReport:
    """Bring ``out_dir`` up to date with ``pages``, in one atomic switch (see `staging`).

    ``pages`` is consumed as it comes (a generator is fine): pages are judged, rendered and
    written a batch at a time, so memory holds one batch, not the site. ``scope`` limits
    removals and the manifest update to paths under that prefix (e.g. ``"feeds/"`` when only
    the feeds are being written). ``prepare`` is called with each batch of pages about to be
    rendered, before the first of them renders (to load their data in bulk). ``state`` gives,
    once every page is written, what to keep in the manifest for the next build; without it,
    the previous build's state is kept.
    """
    started = time.perf_counter()
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging.remove_leftovers(out)
    previous_manifest = _read_manifest_file(out)
    previous = previous_manifest.get("pages") if isinstance(previous_manifest.get("pages"), dict) else {}
    writer = _StagedWriter(out, prepare)
    try:
        current: dict[str, str] = {}
        unchanged = 0
        for page in pages:
            if not _inside(page.path) or not page.path.startswith(scope):
                raise ValueError(f"page path {page.path!r} is outside the site or the scope {scope!r}")
            if page.path in current:
                raise ValueError(f"two pages would be written to {page.path}")
            current[page.path] = page.fingerprint
            if page.render is None:   # (its producer saw that its file is there: `skip`)
                if previous.get(page.path) != page.fingerprint:
                    raise ValueError(f"page {page.path} was carried over but is not in the site as it was")
                unchanged += 1
            elif (incremental and previous.get(page.path) == page.fingerprint
                    and os.path.isfile(f"{out}/{page.path}")):
                unchanged += 1
            else:
                writer.add(page)
        writer.flush()
        to_remove = [path for path in sorted(set(previous) - set(current))
                     if path.startswith(scope) and _inside(path) and os.path.isfile(f"{out}/{path}")]
        manifest = current   # (the manifest holds a path and a digest per page: the build's one list of pages)
        manifest.update((p, f) for p, f in previous.items() if not p.startswith(scope) and _inside(p))
        report = writer.report
        report.unchanged = unchanged
        kept = state() if state is not None else previous_manifest.get("state")
        kept = kept if isinstance(kept, dict) else {}
        if writer.build is not None or to_remove or manifest != previous or kept != previous_manifest.get("state"):
            # (no staging folder at all when the live site is already this build)
            if len(report.written_paths) + len(to_remove) > IN_PLACE_MAX or not out.is_dir():
                writer.make_whole()
            build = writer.staging()
            if MANIFEST in writer.present:
                (build / MANIFEST).unlink()
            with open(build / MANIFEST, "w", encoding="utf-8") as handle:   # written as it is encoded
                json.dump({"format": MANIFEST_FORMAT, "pages": manifest, "state": kept}, handle, sort_keys=True,
                          separators=(",", ":"))
            if writer.whole:
                for path in to_remove:
                    target = build / path
                    if target.is_file():
                        target.unlink()
                        report.removed += 1
                        _remove_empty_folders(target.parent, build)
                staging.switch(build, out)
            else:
                report.removed = _move_in(build, out, report.written_paths, to_remove, set(previous))
            shutil.rmtree(build, ignore_errors=True)  # the previous site, switched out (or an empty folder)
    except BaseException:  # disk full, killed by Ctrl-C...: the live site stays as it was
        writer.close()
        if writer.build is not None:
            shutil.rmtree(writer.build, ignore_errors=True)
        raise
    writer.close()
    report.seconds = time.perf_counter() - started
    return report


class _StagedWriter:
    """Renders pages a batch at a time into a staging folder beside the site, made (as hard
    links to the live site's files) when the first page needs writing."""

    def __init__(self, out: Path, prepare: Callable[[list[Page]], None] | None):
        self.out, self.prepare = out, prepare
        self.build: Path | None = None
        self.whole = False                     # the staging folder holds the whole site, not only new files
        self.present: set[str] = set()         # files of the staging folder linked to the live site
        self.report = BuildReport()
        self.batch: list[Page] = []
        self.made_folders: set[Path] = set()
        # Files are written by a helper thread while the next pages render: the system calls
        # release the GIL, so on a machine with two cores the disk work hides behind rendering.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-writer")

    def staging(self) -> Path:
        if self.build is None:
            self.build = staging.new_staging(self.out)
        return self.build

    def make_whole(self) -> None:
        """Make the staging folder a whole site: link in the live files not written anew."""
        if not self.whole:
            build = self.staging()
            self.writer.submit(lambda: None).result()   # the pages written so far are in place
            self.present = staging.link_tree(self.out, build, keep_existing=True)
            self.whole = True

    def add(self, page: Page) -> None:
        self.batch.append(page)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        build, batch, self.batch = self.staging(), self.batch, []
        if self.prepare:
            self.prepare(batch)
        pending = []
        for page in batch:
            content = page.render()
            target = build / page.path
            if target.parent not in self.made_folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.made_folders.add(target.parent)
            pending.append(self.writer.submit(
                _write_new, target, content.encode("utf-8") if isinstance(content, str) else content,
                page.path in self.present))
            self.report.written_paths.append(page.path)
        for done in pending:     # surface a write error (disk full...) batch by batch
            done.result()
        self.report.written = len(self.report.written_paths)
        if len(self.report.written_paths) > IN_PLACE_MAX:
            self.make_whole()

    def close(self) -> None:
        self.writer.shutdown(wait=True)


def _write_new(path: Path, data: bytes, linked: bool) -> None:
    """Write a file of the staging folder; one hard-linked to the live site is unlinked
    first (writing through the link would change the live page)."""
    if linked:
        path.unlink()
    with open(path, "wb") as handle:
        handle.write(data)


def _move_in(build: Path, out: Path, written: list[str], to_remove: list[str], previous: set[str]) -> int:
    """Move the files written into ``build`` into the live site ``out``, each in one atomic
    rename: the files new to the site first (so no page links to a page not there yet), then
    the pages they replace; then remove ``to_remove``; the manifest last (killed before it, the
    next build finds the old fingerprints and writes those pages again). Returns how many
    files were removed."""
    ordered = sorted(written, key=lambda path: path in previous)
    made = set()
    for path in ordered:
        target = out / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
            staging.remove_scratch_files(target.parent)
        os.replace(build / path, target)
    removed = 0
    for path in to_remove:
        target = out / path
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_folders(target.parent, out)
    os.replace(build / MANIFEST, out / MANIFEST)
    return removed


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
