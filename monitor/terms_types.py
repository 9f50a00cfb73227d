"""Which terms types a declaration may name: Open Terms Archive's vocabulary.

OTA's validator accepts only the names of its ``terms-types`` vocabulary ("Terms of Service",
"Privacy Policy", "Imprint"...). We may not ship OTA's data files, so the vocabulary is read,
first found wins, from:

1. the catalogue being validated, when it carries one: ``terms-types.json`` beside its
   declarations folder (``catalogue update`` copies it there when the clone has one);
2. the file named by ``TERMSWATCH_TERMS_TYPES``;
3. the shared reference data: ``<shared>/corpus/ota/terms-types.json``;
4. failing all of those, the terms types the shipped catalogue (``data/services``) uses.

A vocabulary file is a JSON object whose keys are the terms types (the format of OTA's
``termsTypes.json``); anything else is refused with a `DeclarationError` naming the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .paths import data_dir, shared_dir

TERMS_TYPES_ENV = "TERMSWATCH_TERMS_TYPES"
FILE_NAME = "terms-types.json"


@dataclass(frozen=True)
class Vocabulary:
    names: frozenset[str]
    source: str        # the file it came from, or a sentence saying where

    def __contains__(self, name: str) -> bool:
        return name in self.names


def load_vocabulary(declarations_dir: str | os.PathLike | None = None) -> Vocabulary:
    """The terms-types vocabulary that applies to ``declarations_dir`` (see the module doc)."""
    candidates = []
    if declarations_dir is not None:
        candidates.append(Path(declarations_dir).resolve().parent / FILE_NAME)
    if os.environ.get(TERMS_TYPES_ENV):
        env_path = Path(os.environ[TERMS_TYPES_ENV])
        if not env_path.is_file():  # a setting that names nothing is a mistake, not a fallback
            from .declarations import DeclarationError
            raise DeclarationError(str(env_path), "", f"terms-types file named by {TERMS_TYPES_ENV} not found")
        candidates.append(env_path)
    candidates.append(shared_dir() / "corpus" / "ota" / FILE_NAME)
    for path in candidates:
        if path.is_file():
            return Vocabulary(read_vocabulary_file(path), str(path))
    return Vocabulary(_shipped_terms_types(), "the terms types of the shipped catalogue")


def read_vocabulary_file(path: Path) -> frozenset[str]:
    from .declarations import DeclarationError

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DeclarationError(str(path), "", f"unreadable terms-types vocabulary: {error}")
    if not isinstance(data, dict) or not data or not all(isinstance(k, str) and k.strip() for k in data):
        raise DeclarationError(str(path), "", "a terms-types vocabulary is a JSON object keyed by terms type")
    return frozenset(data)


def _shipped_terms_types() -> frozenset[str]:
    names: set[str] = set()
    for path in sorted((data_dir() / "services").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        terms = data if path.name.endswith(".history.json") else data.get("terms")
        if isinstance(terms, dict):
            names.update(k for k in terms if isinstance(k, str))
    return frozenset(names)
