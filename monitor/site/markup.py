"""The few pieces of HTML built in Python rather than in templates: the score chart, the
diffs and highlighted evidence.

Each returns `markupsafe.Markup`, so templates never need ``|safe``; each escapes every
piece of captured text itself before adding its own tags. The diffs come from
`monitor.diff`'s renderers, which escape too.

>>> str(highlight('We may <sell> your data.', ['<sell> your']))
'We may <mark>&lt;sell&gt; your</mark> data.'
"""

from __future__ import annotations

import re
from datetime import datetime

from markupsafe import Markup, escape

from ..clock import parse_iso
from ..diff import render_inline_html, render_side_by_side_html
from ..diff.model import Change, Hunk
from ..text import merge_spans


def _spans(text: str, quotes: list[str]) -> list[list[int]]:
    """Where the quotes occur in ``text``, as merged ``[start, end]`` spans.

    A quote is matched exactly first; failing that, ignoring case and runs of whitespace
    (the classifier may quote a clause with its spacing normalised).
    """
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        quote = (quote or "").strip()
        if not quote:
            continue
        found, start = [], text.find(quote)
        while start >= 0:
            found.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
        if not found:
            loose = r"\s+".join(re.escape(word) for word in quote.split())
            found = [(m.start(), m.end()) for m in re.finditer(loose, text, re.IGNORECASE)]
        spans += found
    return merge_spans(spans)


def highlight(text: str, quotes: list[str]) -> Markup:
    """``text`` escaped, with every occurrence of each quote wrapped in ``<mark>``."""
    out, position = [], 0
    for start, end in _spans(text, quotes):
        out.append(escape(text[position:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def evidence_html(clause: str, quote: str) -> Markup:
    """The clause with the quoted words marked; just the quote, marked, when the clause is
    unknown or does not contain it."""
    if clause and _spans(clause, [quote]):
        return highlight(clause, [quote])
    return Markup("<mark>%s</mark>") % quote


# -- diffs -----------------------------------------------------------------------------------

def _as_change(change: dict, hunks: list[dict]) -> Change:
    return Change(hunks=[Hunk.from_json({k: h[k] for k in ("kind", "section", "old", "new", "ops", "substantive",
                                                             "reason", "old_index", "new_index")})
                         for h in hunks],
                  substantive=change["substantive"], suspect=change["suspect"], reasons=change["reasons"],
                  stats=change.get("stats") or {})


def inline_diff(change: dict, hunks: list[dict], *, include_cosmetic: bool = True,
                anchor_prefix: str = "hunk-") -> list[dict]:
    """One entry per hunk: ``{"anchor", "number", "hunk", "html"}``, the html being the
    hunk's word-level inline diff (``<del>`` / ``<ins>``)."""
    out = []
    for number, hunk in enumerate(hunks, 1):
        if not include_cosmetic and not hunk["substantive"]:
            continue
        html = render_inline_html(_as_change(change, [hunk]))
        out.append({"anchor": f"{anchor_prefix}{hunk['position']}", "number": number, "hunk": hunk,
                    "html": Markup(html)})
    return out


def side_by_side_diff(change: dict, hunks: list[dict], old_label: str, new_label: str) -> Markup:
    return Markup(render_side_by_side_html(_as_change(change, hunks), old_label=old_label, new_label=new_label))


# -- the score chart -------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 600, 12, 188


def score_chart(history: list[dict], grades: dict[str, float], *, title: str, chart_id: str = "score-chart") -> Markup:
    """The score over time as an inline SVG step chart over the grade bands.

    The SVG is an image with a text alternative (``<title>`` and ``<desc>``); pages put the
    same data in a table beside it for people who cannot see it.
    """
    if not history:
        return Markup("")
    times = [parse_iso(h["at"]).timestamp() for h in history]
    first, last = times[0], times[-1]

    def x(index: int) -> float:
        if last == first:
            return LEFT + (RIGHT - LEFT) * (index + 1) / (len(history) + 1)
        return LEFT + (RIGHT - LEFT) * (times[index] - first) / (last - first)

    def y(score: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * max(0.0, min(100.0, score)) / 100

    lowest, highest = min(history, key=lambda h: h["score"]), max(history, key=lambda h: h["score"])
    start, end = history[0], history[-1]
    description = (f"From {start['score']} ({start['grade']}) on {start['at'][:10]} to {end['score']} "
                   f"({end['grade']}) on {end['at'][:10]}; lowest {lowest['score']} on {lowest['at'][:10]}, "
                   f"highest {highest['score']} on {highest['at'][:10]}; {len(history)} scores.")
    parts = [Markup('<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{i}-title {i}-desc" '
                    'xmlns="http://www.w3.org/2000/svg">').format(w=WIDTH, h=HEIGHT, i=chart_id),
             Markup('<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>').format(
                 chart_id, title, chart_id, description)]
    floors = sorted(grades.items(), key=lambda kv: -kv[1])
    ceiling = 100.0
    for grade, floor in [*floors, ("E", 0.0)]:
        top, bottom = y(ceiling), y(floor)
        parts.append(Markup('<rect class="band band-{g}" x="{x}" y="{y:.1f}" width="{w}" height="{h:.1f}"/>'
                            '<text class="band-label" x="{lx}" y="{ly:.1f}">{g}</text>').format(
            g=grade, x=LEFT, y=top, w=RIGHT - LEFT, h=bottom - top, lx=RIGHT + 8, ly=(top + bottom) / 2 + 4))
        ceiling = floor
    for tick in (0, 50, 100):
        parts.append(Markup('<text class="tick" x="{x}" y="{y:.1f}" text-anchor="end">{t}</text>').format(
            x=LEFT - 6, y=y(tick) + 4, t=tick))
    parts.append(Markup('<text class="tick" x="{x}" y="{y}">{d}</text>').format(x=LEFT, y=HEIGHT - 10, d=start["at"][:10]))
    if len(history) > 1:
        parts.append(Markup('<text class="tick" x="{x}" y="{y}" text-anchor="end">{d}</text>').format(
            x=RIGHT, y=HEIGHT - 10, d=end["at"][:10]))
    points = []
    for index, entry in enumerate(history):
        if index:
            points.append(f"{x(index):.1f},{y(history[index - 1]['score']):.1f}")
        points.append(f"{x(index):.1f},{y(entry['score']):.1f}")
    parts.append(Markup('<polyline class="line" points="{}"/>').format(" ".join(points)))
    if len(history) <= 60:
        for index, entry in enumerate(history):
            parts.append(Markup('<circle class="dot" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5">'
                                '<title>{d}: {s} ({g})</title></circle>').format(
                cx=x(index), cy=y(entry["score"]), d=entry["at"][:10], s=entry["score"], g=entry["grade"]))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def format_date(value: str | None) -> str:
    return value[:10] if value else ""


def format_time(value: str | None) -> str:
    if not value:
        return ""
    moment: datetime = parse_iso(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
