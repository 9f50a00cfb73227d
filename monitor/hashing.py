"""The one text hash: SHA-256 (hex) of a text's UTF-8 bytes, as the export's ``sha256``, the
store's version and clause keys and the diff's flapping check all compare it.

A lone surrogate (which no stored text holds: extraction and import decode bytes, and the
store keeps only valid UTF-8) is hashed as its ``surrogatepass`` bytes rather than raising,
so a hash can be asked of any ``str``; for every other text this is plain UTF-8.

>>> sha256_text("")
'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
>>> sha256_text("Terms") == sha256_bytes("Terms".encode("utf-8"))
True
>>> len(sha256_text("\\ud800"))  # hashed, not an error
64
"""

from __future__ import annotations

import hashlib


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
