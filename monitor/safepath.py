"""Paths that come from data stay inside the folder that data came from.

A dataset's ``INDEX.json`` names its files, a folder scan finds names and symlinks, a
declarations folder holds files that may be symlinks: all of that is untrusted. Without this
rule an ``INDEX.json`` entry ``../../../../etc/passwd``, ``/proc/self/environ`` or a ``.md``
symlinked to a secret would be imported as a version and published.

The rule, the same everywhere: a path read from data is taken relative to its root folder;
after every symlink is followed it must still be inside that root (``Path.resolve(strict=True)``),
and what it names must be a regular file (or a folder, where a folder is expected) — never an
absolute path, a ``..`` step, a FIFO, a device or anything under ``/proc``. A refusal is an
`UnsafePath` whose message is one line naming the entry::

    ds/INDEX.json versions[3] (seq 3): '../../etc/passwd': a '..' step is not allowed
    ds: 'Evil/Privacy Policy': leaves the folder ds (a symlink pointing outside?)

The root itself is the operator's choice (a command-line argument or a config key) and may be
anywhere, symlinks included.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from .safetext import escape


class UnsafePath(ValueError):
    """A path read from data that is refused: ``where`` names the entry and the path as
    written, ``reason`` says why; the message is both, on one line."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


def resolve_inside(root: str | os.PathLike, relative: str | os.PathLike, *, entry: str,
                   kind: str = "file") -> Path:
    """The real path of ``relative`` under ``root``: a regular file (``kind="file"``) or a
    folder (``kind="folder"``) that is inside ``root`` once every symlink is followed.

    ``entry`` says where the path was read (``ds/INDEX.json versions[3]``), for the error.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("hi")
    >>> resolve_inside(folder, "a.md", entry="x").name
    'a.md'
    >>> resolve_inside(folder, "../a.md", entry="INDEX.json versions[0]")
    Traceback (most recent call last):
    ...
    monitor.safepath.UnsafePath: INDEX.json versions[0]: '../a.md': a '..' step is not allowed
    """
    text = os.fspath(relative)
    where = f"{escape(entry)}: {escape(repr(text))}"
    if not text or "\x00" in text:
        raise UnsafePath(where, "not a usable path")
    posix, windows = PurePosixPath(text), PureWindowsPath(text)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        raise UnsafePath(where, "an absolute path is not allowed (paths are relative to the folder)")
    if ".." in posix.parts or ".." in windows.parts:
        raise UnsafePath(where, "a '..' step is not allowed")
    try:
        real_root = Path(root).resolve(strict=True)
        target = (real_root / text).resolve(strict=True)
    except FileNotFoundError:
        raise UnsafePath(where, "not found")
    except (OSError, RuntimeError) as error:  # a symlink loop (RuntimeError before Python 3.13), EACCES...
        raise UnsafePath(where, f"cannot be followed ({escape(getattr(error, 'strerror', None) or str(error))})")
    if target != real_root and real_root not in target.parents:
        raise UnsafePath(where, f"leaves the folder {escape(str(root))} (a symlink pointing outside?)")
    mode = target.stat().st_mode
    if kind == "folder":
        if not stat.S_ISDIR(mode):
            raise UnsafePath(where, "not a folder")
    elif not stat.S_ISREG(mode):
        raise UnsafePath(where, "not a regular file")
    return target


def read_bytes_inside(root: str | os.PathLike, relative: str | os.PathLike, *, entry: str) -> bytes:
    """The bytes of a regular file inside ``root`` (see `resolve_inside`).

    The file is opened without following a last-moment symlink and checked again once open,
    so a file swapped for a FIFO or a link between the check and the read is refused too.
    """
    path = resolve_inside(root, relative, entry=entry)
    where = f"{escape(entry)}: {escape(repr(os.fspath(relative)))}"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnsafePath(where, f"cannot be read ({escape(error.strerror or str(error))})")
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UnsafePath(where, "not a regular file")
        return handle.read()
