"""The catalogue as a whole: validating a folder as OTA's validator does, and installing a
copy of an OTA declarations repository as the catalogue (``catalogue update --from PATH``).

We may not ship OTA's ``contrib-declarations``; a user who has a clone (or of any OTA
collection: pga, dating, france...) installs it into ``<home>/catalogue``::

    <home>/catalogue/declarations/<Service>.json, <Service>.history.json   valid ones only
    <home>/catalogue/SOURCE.json        where it came from: path, git commit, when, licence
    <home>/catalogue/LICENSE            the source's licence notice, copied unchanged
    <home>/catalogue/terms-types.json   the terms-types vocabulary, when the clone has one

``crawl`` and ``run`` then read it instead of the shipped ``data/services`` (which stays the
fallback), beside the user's own ``<home>/declarations``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .clock import now_iso
from .declarations import DeclarationError, declaration_files, load_catalogue
from .paths import Home
from .safepath import UnsafePath, read_bytes_inside
from .terms_types import FILE_NAME as TERMS_TYPES_FILE
from .terms_types import Vocabulary, load_vocabulary

LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")
# where a clone of an OTA collection keeps the vocabulary it was validated with
VOCABULARY_IN_CLONE = ("node_modules/@opentermsarchive/terms-types/termsTypes.json", TERMS_TYPES_FILE)


@dataclass
class Validation:
    folder: Path
    services: int
    errors: list[DeclarationError]
    vocabulary: Vocabulary

    def summary(self) -> str:
        verdict = "all valid" if not self.errors else f"{len(self.errors)} problem(s)"
        return (f"{self.services} service declaration(s) checked in {self.folder}: {verdict} "
                f"(terms types from {self.vocabulary.source})")


def validate_folder(folder: str | Path) -> Validation:
    """Check every declaration and history file of ``folder`` against OTA's schema (strict)."""
    folder = Path(folder)
    vocabulary = load_vocabulary(folder)
    catalogue = load_catalogue(folder, strict=True, vocabulary=vocabulary)
    checked = sum(1 for p in folder.glob("*.json") if not p.name.endswith(".history.json"))
    return Validation(folder, checked, catalogue.errors, vocabulary)


@dataclass
class CatalogueUpdate:
    source: Path
    target: Path
    commit: str | None
    services: int
    terminated: int
    refused: list[DeclarationError] = field(default_factory=list)

    def summary(self) -> str:
        origin = f"{self.source}" + (f" at commit {self.commit}" if self.commit else "")
        return (f"catalogue updated from {origin}: {self.services} services ({self.terminated} terminated, "
                f"kept for their history) in {self.target}"
                + (f"; {len(self.refused)} invalid declaration(s) left out" if self.refused else ""))


def update_catalogue(home: Home, source: str | Path) -> CatalogueUpdate:
    """Install the valid declarations of ``source`` (a clone of an OTA declarations
    repository, or its ``declarations`` folder) as ``home``'s catalogue, replacing the last."""
    source = Path(source).resolve()
    folder = source / "declarations" if (source / "declarations").is_dir() else source
    catalogue = load_catalogue(folder)   # raises for a folder that does not exist
    if not catalogue.services:
        raise DeclarationError(str(folder), "", "no valid service declaration in this folder")
    target = home.catalogue
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "declarations").mkdir(parents=True)
    files, _ = declaration_files(folder)
    wanted = {f"{sid}.json" for sid in catalogue.services} | {f"{sid}.history.json" for sid in catalogue.services}
    history_errors = {Path(e.source).name for e in catalogue.errors if e.source.endswith(".history.json")}
    for path in files:
        if path.name in wanted and path.name not in history_errors:
            (staging / "declarations" / path.name).write_bytes(
                read_bytes_inside(folder, path.name, entry=str(folder)))
    licence = _copy_first(source, LICENCE_NAMES, staging / "LICENSE") or \
        _copy_first(folder, [p.name for p in sorted(folder.glob("LICENSE*"))], staging / "LICENSE")
    _copy_first(source, VOCABULARY_IN_CLONE, staging / TERMS_TYPES_FILE) or \
        _copy_first(folder.parent, [TERMS_TYPES_FILE], staging / TERMS_TYPES_FILE)
    commit = git_commit(source)
    terminated = sum(1 for s in catalogue.services.values() if s.terminated)
    record = {"source": str(source), "declarations": str(folder), "commit": commit, "updated_at": now_iso(),
              "services": len(catalogue.services), "terminated": terminated,
              "licence": "LICENSE (copied from the source)" if licence else None,
              "notice": "Declarations copied unchanged from the source above; they remain under its licence "
                        "(Open Terms Archive's declarations: EUPL-1.2)."}
    (staging / "SOURCE.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    retired = target.with_name(target.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return CatalogueUpdate(source, target / "declarations", commit, len(catalogue.services), terminated,
                           catalogue.errors)


def git_commit(folder: Path) -> str | None:
    """The commit checked out in ``folder`` when it is a git work tree (with ``+dirty`` when
    it has uncommitted changes), else None."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("rev-parse", "--show-toplevel") is None:
        return None
    commit = git("rev-parse", "--verify", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += "+dirty"
    return commit


def _copy_first(folder: Path, names, destination: Path) -> bool:
    """Copy the first of ``names`` that is a regular file inside ``folder`` (never a symlink
    leading out of it)."""
    for name in names:
        try:
            destination.write_bytes(read_bytes_inside(folder, name, entry=str(folder)))
        except UnsafePath:
            continue
        return True
    return False
