"""The trust index of each service over time (table ``scores``, and ``services.scored_from``)."""

from __future__ import annotations


class ScoreRecords:
    """Reads and writes of scores (a part of `Store`)."""
