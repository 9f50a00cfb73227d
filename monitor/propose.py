"""Propose the ``select`` / ``remove`` of a new declaration: where is the legal text?

The legal text of a terms page is its densest block of legal prose: long sentences with legal
words ("agree", "personal data", "liability"...), few links. Navigation, footers and cookie
banners are short lines, mostly links. So each *leaf block* of the page (a paragraph, a list
item, a cell: a block with no block inside) is weighed: the characters of its legal sentences
count for it in full, other long sentences half, headings a little, and blocks that are mostly
links fully against it. An element's score is
the sum over the leaf blocks it contains; the element with the best score holds all the legal
prose and as little else as possible.

Its selector is chosen to survive redesigns: an id, else a unique landmark tag (``main``,
``article``), else a unique tag-and-class chain, else a path from the nearest ancestor with an
id. Navigation, headers/footers, asides, cookie banners and widgets (table of contents,
share buttons...) are furniture: they weigh nothing in the choice, and those inside the chosen
element become ``remove``.

>>> page = ("<body><nav><a href=/>Home</a> <a href=/p>Pricing</a></nav><div id=legal>"
...         "<p>By using the service you agree to these terms and to our privacy policy.</p>"
...         "<p>We may process your personal data to provide the service, as the law allows.</p>"
...         "</div><footer><a href=/c>Contact</a> © 2024 Example Inc.</footer></body>")
>>> propose(page, "https://ex.com/terms").select
'#legal'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .extract.dom import PageTree
from .extract.markdown import ALWAYS_DROPPED_TAGS, BLOCK_TAGS, COOKIE_BANNER

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LEAF_TAGS = BLOCK_TAGS | HEADINGS | {"li", "pre"}
LEGAL_WORDS = re.compile(
    r"\b(?:agree\w*|terms?|conditions?|policy|privacy|personal (?:data|information)|data|"
    r"information|consent\w*|licen[cs]\w*|liabilit\w*|liable|warrant\w*|indemni\w*|arbitrat\w*|"
    r"jurisdiction|law|laws|lawful\w*|govern\w*|rights?|obligations?|terminat\w*|suspend\w*|"
    r"shall|processing|process|collect\w*|disclos\w*|third[- ]part\w*|cookies?|retain\w*|"
    r"retention|account|content|services?|users?|contract\w*|breach\w*|dispute\w*|claims?)\b",
    re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")
MIN_SENTENCE_WORDS = 8
OTHER_PROSE_WEIGHT = 0.5   # a long sentence without legal words: probably still the document
SHORT_LINE_WEIGHT = 0.0    # a date, a credit line: no evidence either way
HEADING_WEIGHT = 0.2       # headings tip the balance towards the element that has the title
CHROME_TAGS = ("nav", "header", "footer", "aside")
CHROME_ROLES = {"navigation", "banner", "contentinfo"}
# classes and ids of widgets inside legal pages (whole words: "toc", "share-tools")
CHROME_MARKS = re.compile(r"(?:^|[\s_-])(?:toc|share|sharing|social|feedback|breadcrumbs?|newsletter|"
                          r"related|promo|advert|sidebar|menu|navbar|skip-link)(?:$|[\s_-])", re.IGNORECASE)
MAX_LEGAL_IN_CHROME = 200  # characters of legal sentences that make an element content, not chrome
# ids that a site generates per build ("ember123", "__next-4f2a") make poor selectors
GENERATED_ID = re.compile(r"\d{3,}|[0-9a-f]{6,}|^:|^_", re.IGNORECASE)


class NoLegalText(ValueError):
    """The page has no block of legal sentences."""


@dataclass
class Proposal:
    select: str
    remove: list[str] = field(default_factory=list)
    legal_chars: int = 0


def propose(html: str, url: str) -> Proposal:
    """The ``select`` and ``remove`` that cut the legal text out of ``html``."""
    tree = PageTree(html, url)
    weights = {leaf: _weigh(leaf) for leaf in _leaf_blocks(tree.body)}
    chrome = _chrome(tree.body, weights)
    scores: dict[etree._Element, float] = {}
    legal: dict[etree._Element, int] = {}
    for leaf, (score, legal_chars) in weights.items():
        path = [leaf, *leaf.iterancestors()]
        if any(node in chrome for node in path):
            continue  # it will be removed: it weighs neither for nor against its ancestors
        for node in path:
            scores[node] = scores.get(node, 0.0) + score
            legal[node] = legal.get(node, 0) + legal_chars
            if node is tree.body:
                break
    if not legal or max(legal.values()) == 0:
        raise NoLegalText("no block of legal sentences found on the page")
    best = max(scores, key=lambda el: (round(scores[el]), _depth(el)))
    inside = [el for el in chrome if best in el.iterancestors()]
    return Proposal(select=selector_for(tree, best), remove=_remove_selectors(tree, inside),
                    legal_chars=legal[best])


def selector_for(tree: PageTree, element: etree._Element) -> str:
    """A CSS selector matching ``element`` alone, as stable as the page allows."""
    own = _own_selector(tree, element)
    if own:
        return own
    steps = []
    node = element
    while node is not None and node is not tree.root:
        anchor = _own_selector(tree, node) if node is not element else None
        if anchor:
            return " > ".join([anchor, *reversed(steps)])
        steps.append(_step(node))
        node = node.getparent()
    return " > ".join(reversed(steps))


def _own_selector(tree: PageTree, element: etree._Element) -> str | None:
    tag = element.tag
    ident = element.get("id", "").strip()
    if ident and not GENERATED_ID.search(ident) and re.fullmatch(r"[A-Za-z][\w-]*", ident):
        if _unique(tree, f"#{ident}", element):
            return f"#{ident}"
    if tag in ("main", "article", "body") and _unique(tree, tag, element):
        return tag
    classes = [c for c in element.get("class", "").split() if re.fullmatch(r"-?[A-Za-z_][\w-]*", c)]
    for count in range(1, len(classes) + 1):
        candidate = tag + "".join(f".{c}" for c in classes[:count])
        if _unique(tree, candidate, element):
            return candidate
    return None


def _step(element: etree._Element) -> str:
    parent = element.getparent()
    same = [s for s in parent if s.tag == element.tag] if parent is not None else [element]
    return element.tag if len(same) == 1 else f"{element.tag}:nth-of-type({same.index(element) + 1})"


def _unique(tree: PageTree, selector: str, element: etree._Element) -> bool:
    try:
        return tree.select_css(selector) == [element]
    except Exception:  # a class name soupsieve reads differently: not a usable selector
        return False


def _chrome(body: etree._Element, weights: dict) -> set:
    """The page furniture: navigation, headers, footers, asides, cookie banners, tables of
    contents, share and feedback widgets -- unless they hold legal prose of their own (some
    sites put the whole policy in a ``<div class="sidebar-layout">``)."""
    found = set()
    for element in body.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('id', '')} {element.get('class', '')}"
        if not (element.tag in CHROME_TAGS or element.get("role", "") in CHROME_ROLES
                or COOKIE_BANNER.search(marks) or CHROME_MARKS.search(marks)):
            continue
        legal_chars = sum(weights.get(leaf, (0, 0))[1] for leaf in element.iter())
        text_chars = len(" ".join(element.text_content().split()))
        if legal_chars < MAX_LEGAL_IN_CHROME and legal_chars * 2 < max(text_chars, 1):
            found.add(element)
    return found


def _remove_selectors(tree: PageTree, elements: list) -> list[str]:
    """Selectors for the outermost of ``elements``: a tag or role for landmarks, the class
    that marks a widget, else the element's own selector."""
    outermost = [el for el in elements if not any(a in elements for a in el.iterancestors())]
    found = []
    for element in sorted(outermost, key=lambda el: el.sourceline or 0):
        role = element.get("role", "") in CHROME_ROLES
        mark = next((c for c in element.get("class", "").split()
                     if (COOKIE_BANNER.search(c) or CHROME_MARKS.search(c))
                     and re.fullmatch(r"-?[A-Za-z_][\w-]*", c)), None)
        if element.tag in CHROME_TAGS:
            found.append(element.tag)
        elif role:
            found.append(f"[role={element.get('role')}]")
        elif mark:
            found.append(f"{element.tag}.{mark}")
        else:
            found.append(selector_for(tree, element))
    return list(dict.fromkeys(found))


def _leaf_blocks(root: etree._Element):
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ALWAYS_DROPPED_TAGS:
            continue
        if element.tag in LEAF_TAGS and not any(
                isinstance(d.tag, str) and d.tag in LEAF_TAGS for d in element.iterdescendants()):
            yield element


def _weigh(leaf: etree._Element) -> tuple[float, int]:
    """(score, characters of legal sentences) of a leaf block: legal sentences count in full,
    other prose half, headings a little, link lists fully against."""
    text = " ".join(leaf.text_content().split())
    if not text:
        return 0.0, 0
    link_chars = sum(len(" ".join(a.text_content().split())) for a in leaf.iter("a"))
    if link_chars > len(text) / 2:
        return -float(len(text)), 0
    if leaf.tag in HEADINGS:
        return HEADING_WEIGHT * len(text), 0  # the document's title and its sections' belong to it
    score, legal_chars = 0.0, 0
    for sentence in SENTENCE_END.split(text):
        if len(sentence.split()) < MIN_SENTENCE_WORDS:
            score -= SHORT_LINE_WEIGHT * len(sentence)
        elif LEGAL_WORDS.search(sentence):
            score += len(sentence)
            legal_chars += len(sentence)
        else:
            score += OTHER_PROSE_WEIGHT * len(sentence)
    return score, legal_chars


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())
