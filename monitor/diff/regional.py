"""Pages that carry one document's editions for two audiences at once.

Some services publish the terms for each region on one page ("Terms of Service for European
Users", then "Terms of Service for Non-European Users"), and an archive may capture that page
for a while instead of the edition it usually shows. Read naively, the capture doubles (every
clause of the other region's edition "added", a severe change), then halves (the same clauses
"removed", a severe change the other way). Neither is a change of the terms for anyone: each
audience's edition stood as it was. `split_doubled` finds the copy of the edition in force on
the page; when the text beside it is that document's edition for another audience (both
copies are titled with the same document name, each for its own audience), the edition in
force is compared with its own copy on the page, so only its own edits count. That copy runs
to the other edition's title (`edition_in_force`): a clause appended to the edition in force
just before the other edition begins is the edition's own edit.

When the edition in force was also edited meanwhile (its copy on the page no longer matches it
closely enough for `split_doubled`), the page is read by its titles: `own_edition` gives the
part of the page headed by the edition's own title, when the page holds parts headed by two
audiences' titles of the same document (or one audience's and the document's bare name).

A text added beside the edition in force under another title ("US State Privacy Notice"
appended to a "Privacy Policy") is no other edition: it is judged as the change it is.

>>> other_audience_edition("Terms of Service for European Users\\n---\\n\\nClauses.",
...                        "Terms of Service for Non-European Users\\n---\\n\\nOther clauses.")
True
>>> other_audience_edition("# Privacy Policy\\n\\nClauses.", "# US State Privacy Notice\\n\\nMore clauses.")
False
>>> other_audience_edition("# Privacy Policy (EEA)\\n\\nClauses.", "# Cookie Policy (US)\\n\\nClauses.")
False
"""

from __future__ import annotations

import re

# A title is a short line.
_TITLE_MAX_CHARS = 100
# The title is looked for among a part's first lines only.
_TITLE_LINES = 12
_UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,})\s*$")
_MARKUP = re.compile(r"[#*_`\[\]()]|\s+")
# Whom an edition is for: "for European Users", "for residents of Canada", a region named.
# Region abbreviations are matched in capitals only ("US", not the word "us").
_AUDIENCE = re.compile(
    r"(?i:\bfor\s+(?:[\w.’'-]+\s+){0,3}?(?:users|residents|customers|consumers|members|subscribers|people)\b"
    r"|\b(?:outside|within|inside)\s+(?:of\s+)?(?:the\s+)?[\w.’'-]+)"
    r"|\b(?:EEA|EU|UK|US|USA|U\.S\.|European Union|Europe|European|United Kingdom|United States|Canada"
    r"|Australia|India|Japan|Korea|Brazil|China|International|Rest of (?:the )?World)\b")
_WORD = re.compile(r"\w+")


def _heading(lines: list[str], i: int) -> str | None:
    """Line ``i`` as a title (markup dropped) when it is a heading: a Markdown heading, an
    underlined line or a line wholly in bold, and short."""
    line = lines[i]
    if not line or len(line) > _TITLE_MAX_CHARS:
        return None
    underlined = i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1])
    bold = line.startswith("**") and line.endswith("**") and line.count("**") == 2
    return _MARKUP.sub(" ", line).strip() if line.startswith("#") or underlined or bold else None


def part_title(text: str) -> str | None:
    """The first heading among the opening lines of ``text``, markup dropped; None when
    there is none."""
    lines = [line.strip() for line in text.lstrip().splitlines()[:_TITLE_LINES]]
    return next((title for i in range(len(lines)) if (title := _heading(lines, i))), None)


def _document_name(title: str, audience_named: bool = True) -> tuple[str, ...] | None:
    """The words of ``title`` left when whom it is for is taken out; None when it names no
    audience (unless ``audience_named`` is False: "Terms of Service" is a document name too)."""
    if audience_named and not _AUDIENCE.search(title):
        return None
    return tuple(_WORD.findall(_AUDIENCE.sub(" ", title).casefold())) or None


def own_edition(edition: str, page: str) -> str | None:
    """The part of ``page`` headed by ``edition``'s title (one naming an audience), when
    ``page`` also holds a part headed by another title of the same document (another
    audience's, or the document's bare name: the edition for everyone else); else None.

    >>> page = "# Terms for EU users\\n\\nA.\\n\\n# Terms for US users\\n\\nB."
    >>> own_edition("# Terms for US users\\n\\nB, edited.", page)
    '# Terms for US users\\n\\nB.'
    >>> own_edition("# Terms\\n\\nB.", page) is None      # no audience named: any text of that name
    True
    >>> own_edition("# Terms for EU users\\n\\nA.", "# Terms for EU users\\n\\nA.\\n\\n# Terms\\n\\nC.")
    '# Terms for EU users\\n\\nA.'
    """
    title = part_title(edition)
    name = title and _document_name(title)
    if not name:
        return None
    lines = page.splitlines()
    stripped = [line.strip() for line in lines]
    starts = []     # (line number, title) of each audience's edition on the page
    for i in range(len(lines)):
        heading = _heading(stripped, i)
        if heading and _document_name(heading, audience_named=False) == name:
            starts.append((i, heading.casefold()))
    if len({heading for _, heading in starts}) < 2:
        return None
    for (start, heading), (end, _) in zip(starts, starts[1:] + [(len(lines), "")]):
        if heading == title.casefold():
            return "\n".join(lines[start:end]).strip()
    return None


def edition_in_force(copy: str, beside: str, copy_first: bool) -> str:
    """The edition in force on a page carrying another audience's edition (``beside``) after
    or before its ``copy``: each edition runs from its own title to the next one's, so
    paragraphs between the end of the copy and the other edition's title are the edition in
    force's own (a clause appended to it), not the other audience's.

    >>> edition_in_force("# Terms for EU users\\n\\nA.", "Added.\\n\\n# Terms for US users\\n\\nB.", True)
    '# Terms for EU users\\n\\nA.\\n\\nAdded.'
    """
    if not copy_first:      # the copy runs to the end of the page from its own title already
        return copy
    paragraphs = beside.split("\n\n")
    title = (part_title(beside) or "").casefold()
    for i, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.strip().splitlines()]
        if any((heading := _heading(lines, j)) and heading.casefold() == title for j in range(len(lines))):
            return "\n\n".join([copy] + paragraphs[:i]) if i else copy
    return copy


def other_audience_edition(copy: str, beside: str) -> bool:
    """Whether ``beside`` is the edition for another audience of the document whose edition
    in force is ``copy``: both titled with the same document name, each for its own audience."""
    titles = part_title(copy), part_title(beside)
    if None in titles or titles[0].casefold() == titles[1].casefold():
        return False
    names = [_document_name(title) for title in titles]
    return names[0] is not None and names[0] == names[1]


def edition_of_page(copy: str, beside: str, copy_first: bool) -> str | None:
    """The edition in force's own text on a page split into ``copy`` and ``beside``
    (`announcement.split_doubled`) when ``beside`` is another audience's edition; else None."""
    if not other_audience_edition(copy, beside):
        return None
    return edition_in_force(copy, beside, copy_first)


# A region's own section of a document ("European requirements", "Additional terms for users
# in the United Kingdom") dropped whole while the document states the same date: the archive
# was served the edition for other readers, which carries no such section (Google's privacy
# policy captured without its "European requirements" for every Google service on
# 2025-12-10, "Effective 1 July 2025" both sides, the PDF link now the non-EU edition's).
# The title must name a region (not "International Data Transfers", not "HOW TO CONTACT US");
# the section runs to the next heading of its level or higher, and holds most of what went.
# Only the section's clauses are the capture's: anything else removed is read as it is.
_REGION = re.compile(
    r"\b(?:European Economic Area|European Union|European|Europe|United Kingdom|Switzerland|Swiss|California|"
    r"Canada|Canadian|Australia|Australian|Brazil|Brazilian|Japan|Korea|India|China|Singapore|Quebec|"
    r"(?-i:EEA|EU|UK))\b", re.IGNORECASE)
REGION_SECTION_MIN_CLAUSES = 5
REGION_SECTION_SHARE = 0.8


def _heading_level(lines: list[str]) -> int | None:
    """The level of a heading (1-6, "=" underline 1, "-" underline 2, a bold line 7)."""
    first = lines[0].lstrip()
    if first.startswith("#"):
        return len(first) - len(first.lstrip("#"))
    if len(lines) > 1 and _UNDERLINE.match(lines[1]):
        return 1 if "=" in lines[1] else 2
    return 7 if first.startswith("**") else None


def region_section(hunks: list) -> tuple[str, set[int]] | None:
    """The title of a section for a region's readers that a change removed whole, and the old
    clause positions of that section (from its title up to the next heading of its level or
    higher); None when there is none. ``hunks``: `Hunk`\\ s. The caller reads the section's
    clauses as the capture's and every other clause as it is.

    The caller asks only when the document states the same date before and after, and the
    section was not the end of the document (a capture cut there is a cut). A section added
    whole is read as the change it may be (YouTube's privacy policy gained its "European
    requirements" in March 2021 under the same date: the gold set reads it better).
    """
    substantive = [h for h in hunks if h.substantive]
    if len(substantive) < REGION_SECTION_MIN_CLAUSES or {h.kind for h in substantive} != {"removed"}:
        return None
    side = sorted(((h.old_index, h.old.strip()) for h in hunks if h.kind == "removed" and h.old_index is not None),
                  key=lambda item: item[0])
    position = {index: n for n, (index, _) in enumerate(side)}
    for n, (index, text) in enumerate(side):
        lines = text.splitlines()
        if len(lines) > 2:
            continue
        # a title underlined on its own line, or in the next clause ("European requirements", "---")
        following = side[n + 1][1] if n + 1 < len(side) and side[n + 1][0] == index + 1 else ""
        heading_lines = lines if len(lines) == 2 else [text, following]
        title = _heading(heading_lines, 0)
        if not title or not _REGION.search(title):
            continue
        level = _heading_level(heading_lines)
        run = {index}
        index += 1
        while index in position:
            clause_lines = side[position[index]][1].splitlines()
            if clause_lines and not _UNDERLINE.match(clause_lines[0]) and _heading(clause_lines + [""], 0):
                other = _heading_level(clause_lines)
                if other is not None and other <= level:
                    break
            run.add(index)
            index += 1
        # most of what went is the section (a few definitions it alone used may go with it)
        if sum(1 for h in substantive if h.old_index in run) >= REGION_SECTION_SHARE * len(substantive):
            return title, run
    return None


# The region a page was served for, as the page's own links name it: Google's pages link their
# company pages under the locale they were served in ("about.google/intl/en-GB_RO/..." for a
# reader in Romania, "intl/en-GB_GB/" in the UK).
_SERVED_LOCALE = re.compile(r"/intl/[a-z]{2}(?:-[A-Za-z]{2})?_([A-Za-z]{2})/")


def served_region(text: str) -> str | None:
    """The one region the page's locale links name, or None (none, or several).

    >>> served_region("[how Google works](https://about.google/intl/en-GB_RO/how-our-business-works)")
    'RO'
    >>> served_region("[a](https://about.google/intl/en-GB_RO/x) [b](https://about.google/intl/en_FR/y)") is None
    True
    """
    regions = {region.upper() for region in _SERVED_LOCALE.findall(text)}
    return regions.pop() if len(regions) == 1 else None


# The company the user contracts with, as the terms name it ("you're contracting with:\n\nGoogle
# Ireland Limited", "we mean Google LLC and its affiliates"): up to its legal form, so a defined
# word ("we mean Content") or the next sentence is no company.
_CONTRACTING = re.compile(r"\b(?:contracting with|we mean)\b[:,]?\s*((?:[A-Z][\w&-]*[ \t]+){1,4}?"
                         r"(?:Limited|Ltd\.?|LLC|L\.L\.C\.|Inc\.?|Corporation|Corp\.?|GmbH|B\.V\.|S\.A\.|SAS|Pte\.? Ltd\.?|AG|plc))")


def contracting_companies(text: str) -> frozenset[str]:
    """The companies the text says the user contracts with.

    >>> sorted(contracting_companies("Services are provided by, and you're contracting with:\\n\\nGoogle Ireland Limited"))
    ['Google Ireland Limited']
    >>> sorted(contracting_companies("You're contracting with Example LLC. English law applies. By Content we mean Text."))
    ['Example LLC']
    """
    return frozenset(m.group(1).strip() for m in _CONTRACTING.finditer(text))


def another_region_served(old: str, new: str) -> bool:
    """Whether the archive was served another region's edition of the whole page: both texts
    name the region they were served for, it differs, and so does the company the user
    contracts with (Google's terms for the UK, with Google LLC, captured after its terms for
    Romania, with Google Ireland: another company, law and courts, each edition standing as it
    was for its own readers). A page served for another region with the same company (Google's
    international terms after its UK terms, both with Google LLC, in the month Google changed
    its terms) is judged as a change: real edits may come with it.

    >>> ro = "[a](https://about.google/intl/en-GB_RO/x) You're contracting with: Google Ireland Limited."
    >>> uk = "[a](https://about.google/intl/en-GB_GB/x) You're contracting with: Google LLC."
    >>> another_region_served(ro, uk)
    True
    >>> another_region_served(uk.replace("_GB/", "_US/"), uk)
    False
    """
    before, after = served_region(old), served_region(new)
    if before is None or after is None or before == after:
        return False
    companies_before, companies_after = contracting_companies(old), contracting_companies(new)
    return bool(companies_before) and bool(companies_after) and companies_before != companies_after
