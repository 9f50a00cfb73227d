"""Publishing a site in one step: built beside the live folder, then switched in.

A build writes into a *staging* folder next to the site (``.<name>.build-<pid>-<random>``),
starting from hard links to the live site's files (so unchanged pages cost no copy), and
only when it is complete is it switched with the live folder by one atomic exchange
(``renameat2(RENAME_EXCHANGE)``; where the file system lacks it, two renames a few
microseconds apart: a reader may then find no folder, never a half-built one). The previous
site, now in the staging folder, is then deleted. A build that fails deletes its staging
folder; one that was killed leaves it, and the next build deletes it before starting.

>>> staging_prefix(Path("/srv/www/site"))
'.site.build-'
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import uuid
from pathlib import Path

# Files the per-file atomic writes of earlier versions could leave behind when interrupted;
# never carried into a new build.
_OLD_SCRATCH = re.compile(r"^\..+\.\d+\.tmp$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_prefix(site: Path) -> str:
    return f".{site.name}.build-"


def remove_leftovers(site: Path) -> None:
    """Delete staging folders of builds of ``site`` whose process is gone (killed builds)."""
    prefix = staging_prefix(site)
    try:
        entries = list(os.scandir(site.parent))
    except FileNotFoundError:
        return
    for entry in entries:
        # killed between the two renames of `switch`'s fallback: the old site comes back
        if entry.name.startswith(prefix) and entry.name.endswith("-old") and not os.path.lexists(site):
            os.rename(entry.path, site)
            continue
        if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
            continue
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another build running right now
        shutil.rmtree(entry.path, ignore_errors=True)


def new_staging(site: Path) -> Path:
    """An empty staging folder for a build of ``site``."""
    staging = site.parent / f"{staging_prefix(site)}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    return staging


def link_tree(source: Path, target: Path, *, keep_existing: bool = False) -> set[str]:
    """Hard-link every file under ``source`` into ``target`` (copying where links are not
    possible); return the relative paths linked, with "/". Symbolic links are not followed.
    With ``keep_existing``, files already in ``target`` stay as they are (not linked)."""
    linked: set[str] = set()

    def walk(folder: str, relative: str) -> None:
        for entry in os.scandir(folder):
            path = f"{relative}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                os.makedirs(target / path, exist_ok=keep_existing)
                shutil.copymode(entry.path, target / path)
                walk(entry.path, path + "/")
            elif keep_existing and os.path.lexists(target / path):
                continue
            elif entry.is_file(follow_symlinks=False) and not _OLD_SCRATCH.match(entry.name):
                try:
                    os.link(entry.path, target / path)
                except OSError:
                    shutil.copy2(entry.path, target / path)
                linked.add(path)

    if source.is_dir():
        shutil.copymode(source, target)  # e.g. a web server's read access, as it was granted
        walk(str(source), "")
    return linked


def remove_scratch_files(folder: Path) -> None:
    """Delete the scratch files of interrupted writes of earlier versions in ``folder``."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        if _OLD_SCRATCH.match(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)


def switch(staging: Path, site: Path) -> None:
    """Put ``staging`` in the place of ``site``; the previous site (if any) ends up at
    ``staging``'s path."""
    if not os.path.lexists(site):
        os.rename(staging, site)
        return
    if _exchange(staging, site):
        return
    # No atomic exchange on this file system: move the old site aside, then the new one in.
    aside = staging.with_name(staging.name + "-old")
    os.rename(site, aside)
    os.rename(staging, site)
    os.rename(aside, staging)


def _exchange(a: Path, b: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # not supported here: the caller falls back
    raise OSError(code, f"cannot switch {b} to the new build: {os.strerror(code)}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
