"""Pages that carry one document's editions for two audiences at once.

Some services publish the terms for each region on one page ("Terms of Service for European
Users", then "Terms of Service for Non-European Users"), and an archive may capture that page
for a while instead of the edition it usually shows. Read naively, the capture doubles (every
clause of the other region's edition "added", a severe change), then halves (the same clauses
"removed", a severe change the other way). Neither is a change of the terms for anyone: each
audience's edition stood as it was. `split_doubled` finds the copy of the edition in force on
the page; when the text beside it is that document's edition for another audience (both
copies are titled with the same document name, each for its own audience), the edition in
force is compared with its own copy on the page, so only its own edits count.

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


def part_title(text: str) -> str | None:
    """The first heading among the opening lines of ``text`` (a Markdown heading, an
    underlined line or a line wholly in bold), markup dropped; None when there is none."""
    lines = [line.strip() for line in text.lstrip().splitlines()[:_TITLE_LINES]]
    for i, line in enumerate(lines):
        if not line or len(line) > _TITLE_MAX_CHARS:
            continue
        underlined = i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1])
        bold = line.startswith("**") and line.endswith("**") and line.count("**") == 2
        if line.startswith("#") or underlined or bold:
            return _MARKUP.sub(" ", line).strip()
    return None


def other_audience_edition(copy: str, beside: str) -> bool:
    """Whether ``beside`` is the edition for another audience of the document whose edition
    in force is ``copy``: both titled with the same document name, each for its own audience."""
    titles = part_title(copy), part_title(beside)
    if None in titles or titles[0].casefold() == titles[1].casefold():
        return False
    if not all(_AUDIENCE.search(title) for title in titles):
        return False
    names = [tuple(_WORD.findall(_AUDIENCE.sub(" ", title).casefold())) for title in titles]
    return bool(names[0]) and names[0] == names[1]
