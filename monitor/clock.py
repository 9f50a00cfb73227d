"""Time, in one place: ISO 8601 UTC strings, and a settable "now" for demos and tests.

``TERMSWATCH_NOW`` (an ISO 8601 time) freezes the clock, so the demo can replay simulated
days and tests can age changes without sleeping. It reaches Scrapy's child process too.

>>> to_iso(parse_iso("2023-04-01T08:45:10+02:00"))
'2023-04-01T06:45:10Z'
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from functools import lru_cache


def utcnow() -> datetime:
    frozen = os.environ.get("TERMSWATCH_NOW")
    if frozen:
        return parse_iso(frozen)
    return datetime.now(timezone.utc).replace(microsecond=0)


def now_iso() -> str:
    return to_iso(utcnow())


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=1 << 16)
def parse_iso(text: str) -> datetime:
    """Parse ISO 8601 (``Z`` or an offset; naive means UTC) into an aware UTC datetime.

    Cached: scoring a long history asks for the same few thousand times millions of times
    (datetimes are immutable, so sharing them is safe)."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
