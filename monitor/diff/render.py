"""Renderers for a `Change`: unified text, inline HTML and side-by-side HTML.

All document text is escaped (``html.escape`` with quotes) before it reaches the HTML, and
nothing from a document ever becomes a tag, an attribute name or a link: a ``<script>`` or a
``javascript:`` link in a terms page is shown as text. Text containers carry ``dir="auto"``
so right-to-left clauses display in their own direction.

>>> from monitor.diff import compare
>>> print(render_unified(compare("We may <b>share</b>.", "We will <b>share</b>.")))
--- old
+++ new
@@ modified: wording @@
-We may <b>share</b>.
+We will <b>share</b>.
>>> render_inline_html(compare("a < b.", "a > b."))  # doctest: +ELLIPSIS
'<div class="tw-diff">...<p class="tw-text" dir="auto">a<del> &lt;</del><ins> &gt;</ins> b.</p>...'
"""

from __future__ import annotations

from html import escape

from .model import ADDED, REMOVED, Change, Hunk


def _selected(change: Change, include_cosmetic: bool) -> list[Hunk]:
    return [h for h in change.hunks if include_cosmetic or h.substantive]


def _verdict(h: Hunk) -> str:
    return f"{h.kind}: {h.reason}" if h.substantive else f"{h.kind}: cosmetic ({h.reason})"


def render_unified(change: Change, *, old_label: str = "old", new_label: str = "new",
                   include_cosmetic: bool = True) -> str:
    """Plain text, one ``@@`` block per hunk: section, kind and verdict, then ``-`` / ``+``
    lines for the old and new clause (a moved clause shows both, at its new place)."""
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    for h in _selected(change, include_cosmetic):
        where = f"{h.section} " if h.section else ""
        lines.append(f"@@ {where}{'' if not where else '| '}{_verdict(h)} @@")
        if h.kind != ADDED:
            lines.extend("-" + line for line in h.old.split("\n"))
        if h.kind != REMOVED:
            lines.extend("+" + line for line in h.new.split("\n"))
    return "\n".join(lines)


def _text(s: str) -> str:
    return escape(s, quote=True).replace("\n", "<br>")


def _classes(h: Hunk) -> str:
    return f"tw-hunk tw-{h.kind} {'tw-substantive' if h.substantive else 'tw-cosmetic'}"


def _attributes(h: Hunk) -> str:
    return (f'class="{_classes(h)}" data-kind="{escape(h.kind, True)}" '
            f'data-reason="{escape(h.reason, True)}"')


def _marked(h: Hunk, side: str | None) -> str:
    """The clause with word-level changes marked: ``side`` None for both (inline), or
    "old" / "new" for one column of the side-by-side view."""
    if h.kind == ADDED:
        return "" if side == "old" else f"<ins>{_text(h.new)}</ins>"
    if h.kind == REMOVED:
        return "" if side == "new" else f"<del>{_text(h.old)}</del>"
    out = []
    for op, text in h.ops:
        if op == 0:
            out.append(_text(text))
        elif op < 0 and side != "new":
            out.append(f"<del>{_text(text)}</del>")
        elif op > 0 and side != "old":
            out.append(f"<ins>{_text(text)}</ins>")
    return "".join(out)


def render_inline_html(change: Change, *, include_cosmetic: bool = True) -> str:
    """One ``<div>`` per hunk with deletions as ``<del>`` and insertions as ``<ins>``."""
    parts = ['<div class="tw-diff">']
    for h in _selected(change, include_cosmetic):
        parts.append(f"<div {_attributes(h)}>")
        parts.append(f'<div class="tw-meta"><span class="tw-section">{_text(h.section)}</span> '
                     f'<span class="tw-verdict">{_text(_verdict(h))}</span></div>')
        parts.append(f'<p class="tw-text" dir="auto">{_marked(h, None)}</p></div>')
    parts.append("</div>")
    return "".join(parts)


def render_side_by_side_html(change: Change, *, old_label: str = "old", new_label: str = "new",
                             include_cosmetic: bool = True) -> str:
    """A two-column ``<table>``: old clause on the left, new on the right, a row per hunk,
    a heading row whenever the section changes."""
    parts = ['<table class="tw-diff tw-side-by-side"><thead><tr>',
             f'<th class="tw-old">{_text(old_label)}</th><th class="tw-new">{_text(new_label)}</th>',
             "</tr></thead><tbody>"]
    section = None
    for h in _selected(change, include_cosmetic):
        if h.section != section:
            section = h.section
            parts.append(f'<tr class="tw-section"><th colspan="2">{_text(section)}</th></tr>')
        parts.append(f'<tr {_attributes(h)} title="{escape(_verdict(h), True)}">'
                     f'<td class="tw-old" dir="auto">{_marked(h, "old")}</td>'
                     f'<td class="tw-new" dir="auto">{_marked(h, "new")}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)
