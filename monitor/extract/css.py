"""CSS selectors with soupsieve's semantics, matched straight on lxml trees when possible.

Declarations are written against BeautifulSoup's ``select``, i.e. soupsieve. soupsieve only
walks BeautifulSoup trees, and building one costs more than the rest of extraction together,
while the selectors declarations use are nearly always plain: types, ids, classes,
attributes, combinators, ``:first-child``/``:nth-child()``-style positions, ``:not()`` and
``:is()``. For those, this module takes *soupsieve's own parse* of the selector
(``soupsieve.compile(...).selectors``) and evaluates it on the lxml tree, mirroring
soupsieve's matching rules one by one (the ``CSSMatch`` methods named in comments). Any
other construct (``:has()``, ``:contains()``, ``:root``, ``:empty``, ``:lang()``, namespaces,
form pseudo-classes...) returns None from `compile_fast`, and the caller falls back to
soupsieve on a BeautifulSoup copy of the page. A test runs both engines on the same pages
and selectors and requires identical results.

>>> import lxml.html
>>> root = lxml.html.document_fromstring("<div role=main><p class='a b'>1</p><p>2</p></div>")
>>> [p.text for p in compile_fast("[role=main] > p:first-child").select(root)]
['1']
>>> compile_fast("div:has(> p)") is None
True
"""

from __future__ import annotations

from functools import lru_cache

import soupsieve
from bs4.builder import HTMLTreeBuilder
from bs4.element import nonwhitespace_re
from soupsieve import css_types as ct

# Attributes BeautifulSoup stores as lists of words (soupsieve then matches their values
# joined by single spaces): {"*": {"class", ...}, "a": {"rel", "rev"}, ...}.
_LIST_ATTRIBUTES = {tag: frozenset(names)
                    for tag, names in HTMLTreeBuilder.DEFAULT_CDATA_LIST_ATTRIBUTES.items()}
_WORDS = nonwhitespace_re  # how BeautifulSoup splits those values
_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)
_COMBINATORS = frozenset({" ", ">", "+", "~"})


@lru_cache(maxsize=1024)
def compile_fast(selector: str) -> "FastSelector | None":
    """A matcher for ``selector`` on lxml trees, or None when it uses a construct only
    soupsieve itself evaluates."""
    selectors = soupsieve.compile(selector).selectors
    try:
        supported = _supported(selectors)
    except (AttributeError, TypeError):  # a soupsieve whose parse looks different: play safe
        supported = False
    return FastSelector(selectors) if supported else None


class FastSelector:
    def __init__(self, selectors: ct.SelectorList):
        self._selectors = selectors

    def select(self, root) -> list:
        """Every element under (and including) ``root`` that matches, in document order."""
        match = _Matcher()
        excluded = _template_contents(root)
        return [element for element in self._candidates(root)
                if isinstance(element.tag, str) and element not in excluded
                and match.list(element, self._selectors)]

    def _candidates(self, root):
        """Elements that could match: narrowed with lxml's C iterators where the selector
        names an id or a type; soupsieve checks everything else anyway."""
        if len(self._selectors) == 1:
            selector = self._selectors[0]
            if selector.ids:
                return root.xpath("descendant-or-self::*[@id=$id]", id=selector.ids[0])
            if selector.classes:
                # a superset (substring, any case: quirks mode matches classes case-blind);
                # the matcher still decides
                return root.xpath("descendant-or-self::*[contains(translate(@class, $upper, $lower), $name)]",
                                  upper=_UPPER, lower=_LOWER, name=selector.classes[0].translate(_ASCII_LOWER))
            if selector.tag is not None and selector.tag.name != "*":
                return root.iter(selector.tag.name.translate(_ASCII_LOWER))
        return root.iter()


def _supported(selectors: ct.SelectorList) -> bool:
    if selectors.is_html:  # soupsieve's built-in custom selectors (:link, :checked...)
        return False
    for selector in selectors:
        if not isinstance(selector, ct.Selector):  # ct.SelectorNull: never matches
            return False
        if selector.flags or selector.contains or selector.lang:
            return False
        if selector.tag is not None and selector.tag.prefix not in (None, "*"):
            return False
        if any(a.prefix or a.inverse for a in selector.attributes):
            return False
        if any(n.selectors and not _is_universal(n.selectors) for n in selector.nth):
            return False
        if not all(_supported(sub) for sub in selector.selectors):
            return False
        if selector.relation:
            relation = selector.relation
            if len(relation) != 1 or relation[0].rel_type not in _COMBINATORS:
                return False  # :has() relations point forward
            if not _supported(relation):
                return False
    return True


def _is_universal(selectors: ct.SelectorList) -> bool:
    """``*|*``, which soupsieve puts in ``:nth-child(an+b)`` as its implicit ``of S``."""
    if len(selectors) != 1 or selectors.is_not:
        return False
    only = selectors[0]
    return (isinstance(only, ct.Selector) and only.tag is not None and only.tag.name == "*"
            and not (only.ids or only.classes or only.attributes or only.nth or only.selectors
                     or only.relation or only.contains or only.lang or only.flags))


def _template_contents(root) -> set:
    """soupsieve never looks inside <template> (its content is not part of the document)."""
    return {inner for template in root.iter("template") for inner in template.iterdescendants()}


class _Matcher:
    """One selection's worth of matching. Results per (element, selector list) are
    remembered, so combinator chains cost linear time even on deeply nested pages."""

    def __init__(self):
        self._memo: dict = {}
        self._positions: dict = {}

    def list(self, element, selectors: ct.SelectorList) -> bool:
        key = (element, id(selectors))
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = self._list(element, selectors)
        return known

    def _list(self, element, selectors: ct.SelectorList) -> bool:
        # CSSMatch._match_selectors: true if one selector matches, inverted for :not().
        if not selectors.selectors:
            return False
        for selector in selectors:
            if self.one(element, selector):
                return not selectors.is_not
        return selectors.is_not

    def one(self, element, selector: ct.Selector) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False
        name = selector.tag.name if selector.tag is not None else "*"
        if name != "*" and name.translate(_ASCII_LOWER) != tag.translate(_ASCII_LOWER):
            return False  # CSSMatch.match_tagname
        if selector.nth and not self._nth(element, selector.nth):
            return False
        if selector.ids:
            own_id = element.get("id", "")
            if any(wanted != own_id for wanted in selector.ids):
                return False  # CSSMatch.match_id
        if selector.classes:
            own = _WORDS.findall(element.get("class") or "")
            if any(wanted not in own for wanted in selector.classes):
                return False  # CSSMatch.match_classes
        for attribute in selector.attributes:
            if not _attribute_matches(element, tag, attribute):
                return False
        if any(not self.list(element, sub) for sub in selector.selectors):
            return False  # CSSMatch.match_subselectors (:not, :is, :where)
        if selector.relation and not self._relation(element, selector.relation):
            return False
        return True

    def _relation(self, element, relation: ct.SelectorList) -> bool:
        # CSSMatch.match_past_relations
        combinator = relation[0].rel_type
        if combinator == " ":
            return any(self.list(ancestor, relation) for ancestor in element.iterancestors())
        if combinator == ">":
            parent = element.getparent()
            return parent is not None and self.list(parent, relation)
        if combinator == "~":
            return any(self.list(sibling, relation)
                       for sibling in element.itersiblings(preceding=True)
                       if isinstance(sibling.tag, str))
        previous = element.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        return previous is not None and self.list(previous, relation)

    def _nth(self, element, nths) -> bool:
        # CSSMatch.match_nth / get_nth_index: 1-based position among counted siblings.
        for nth in nths:
            index = self._position(element, nth.of_type, nth.last)
            if nth.a != 0:
                difference = index - nth.b
                if difference % nth.a or difference // nth.a < 0:
                    return False
            elif index != nth.b:
                return False
        return True

    def _position(self, element, of_type: bool, from_last: bool) -> int:
        parent = element.getparent()
        if parent is None:
            return 1
        key = (parent, element.tag if of_type else None, from_last)
        positions = self._positions.get(key)
        if positions is None:
            counted = [child for child in parent if isinstance(child.tag, str)
                       and (not of_type or child.tag == element.tag)]
            if from_last:
                counted.reverse()
            positions = self._positions[key] = {child: n for n, child in enumerate(counted, 1)}
        return positions[element]


def _attribute_matches(element, tag: str, attribute: ct.SelectorAttribute) -> bool:
    # CSSMatch.match_attribute_name + match_attributes, for HTML documents.
    name = attribute.attribute.translate(_ASCII_LOWER)
    value = element.get(name)
    if value is None:
        return False
    if attribute.pattern is None:
        return True  # [name] only asks that the attribute exist
    if name in _LIST_ATTRIBUTES["*"] or name in _LIST_ATTRIBUTES.get(tag, ()):
        value = " ".join(_WORDS.findall(value))
    if attribute.ignore_case:
        value = value.translate(_ASCII_LOWER)
    return attribute.pattern.search(value) is not None
