"""The diff engine: what changed between two versions of a document, and whether it matters.

>>> from monitor.diff import compare
>>> change = compare("Last updated: 1 May 2024\\n\\nWe keep your data.",
...                  "Last updated: 9 June 2024\\n\\nWe keep your data for ever.")
>>> [(h.kind, h.reason) for h in change.hunks], change.substantive
([('modified', 'date'), ('modified', 'wording')], True)

`compare` builds a `Change` (hunks with kind, section, old and new clause text, word-level
operations, and a verdict); the renderers turn one into text or escaped HTML. How materiality
is decided: ``docs/diff.md``.
"""

from .engine import compare, sha256_text
from .model import Change, Hunk
from .render import render_inline_html, render_side_by_side_html, render_unified

__all__ = ["compare", "Change", "Hunk", "render_unified", "render_inline_html",
           "render_side_by_side_html", "sha256_text"]
