"""Propose the ``select`` / ``remove`` of a new declaration: where is the legal text?

The legal text of a terms page is its densest block of legal prose: long sentences with legal
words ("agree", "personal data", "liability"...), few links. Navigation, footers and cookie
banners are short lines, mostly links. So each *leaf block* of the page (a paragraph, a list
item, a cell: a block with no block inside) is weighed: the characters of its legal sentences
count for it, everything else (headings, link lists, boilerplate) against it. An element's
score is the sum over the leaf blocks it contains (legal characters minus the rest); the
element with the best score holds all the legal prose and as little else as possible.

Its selector is chosen to survive redesigns: an id, else a unique landmark tag (``main``,
``article``), else a unique tag-and-class chain, else a path from the nearest ancestor with an
id. Inside it, navigation, headers/footers, asides and cookie banners become ``remove``.

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

LEAF_TAGS = BLOCK_TAGS | {"li", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
LEGAL_WORDS = re.compile(
    r"\b(?:agree\w*|terms?|conditions?|policy|privacy|personal (?:data|information)|data|"
    r"information|consent\w*|licen[cs]\w*|liabilit\w*|liable|warrant\w*|indemni\w*|arbitrat\w*|"
    r"jurisdiction|law|laws|lawful\w*|govern\w*|rights?|obligations?|terminat\w*|suspend\w*|"
    r"shall|processing|process|collect\w*|disclos\w*|third[- ]part\w*|cookies?|retain\w*|"
    r"retention|account|content|services?|users?|contract\w*|breach\w*|dispute\w*|claims?)\b",
    re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")
MIN_SENTENCE_WORDS = 8
CHROME_TAGS = ("nav", "header", "footer", "aside")
CHROME_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer"}
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
    scores: dict[etree._Element, float] = {}
    legal: dict[etree._Element, int] = {}
    for leaf in _leaf_blocks(tree.body):
        legal_chars, other_chars = _weigh(leaf)
        node = leaf
        while node is not None:
            scores[node] = scores.get(node, 0.0) + legal_chars - other_chars
            legal[node] = legal.get(node, 0) + legal_chars
            if node is tree.body:
                break
            node = node.getparent()
    if not legal or max(legal.values()) == 0:
        raise NoLegalText("no block of legal sentences found on the page")
    best = max(scores, key=lambda el: (round(scores[el]), _depth(el)))
    return Proposal(select=selector_for(tree, best), remove=_chrome_inside(tree, best),
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


def _chrome_inside(tree: PageTree, chosen: etree._Element) -> list[str]:
    """Selectors for the navigation, landmarks and cookie banners inside the chosen block."""
    found: list[str] = []
    for element in chosen.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        role = CHROME_ROLES.get(element.get("role", ""))
        if element.tag in CHROME_TAGS or role:
            found.append(role or element.tag)
            continue
        marks = f"{element.get('id', '')} {element.get('class', '')}"
        if COOKIE_BANNER.search(marks):
            own = _own_selector(tree, element)
            banner = next((f".{c}" for c in element.get("class", "").split() if COOKIE_BANNER.search(c)), None)
            found.append(own or banner or selector_for(tree, element))
    return list(dict.fromkeys(found))


def _leaf_blocks(root: etree._Element):
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ALWAYS_DROPPED_TAGS:
            continue
        if element.tag in LEAF_TAGS and not any(
                isinstance(d.tag, str) and d.tag in LEAF_TAGS for d in element.iterdescendants()):
            yield element


def _weigh(leaf: etree._Element) -> tuple[int, int]:
    """(characters of legal sentences, characters of everything else) in a leaf block."""
    text = " ".join(leaf.text_content().split())
    if not text:
        return 0, 0
    link_chars = sum(len(" ".join(a.text_content().split())) for a in leaf.iter("a"))
    if link_chars > len(text) / 2:
        return 0, len(text)
    legal_chars = sum(len(s) for s in SENTENCE_END.split(text)
                      if len(s.split()) >= MIN_SENTENCE_WORDS and LEGAL_WORDS.search(s))
    return legal_chars, len(text) - legal_chars


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())
