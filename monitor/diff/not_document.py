"""Captures that are not the declared legal document at all.

A link menu in place of the policy ("WhatsApp Legal: Terms · Privacy · Cookies"), a cookie or
consent page, a login wall, a generic error page or an app-store stub can repeat for days: an
archive records it again and again, and time alone would "confirm" it. Such a capture must
never become the terms in force, so it is judged by its content, not by how long it stood:

- **legal prose**: a legal document is mostly sentences of some length; a menu or a stub is
  mostly link texts and short lines;
- **its own history**: far shorter than the document's trusted versions so far;
- **what it says**: the wording of error pages, walls and store pages;
- **its excerpts**: an index of documents, each a teaser cut short with "… Read more";
- **its form against its own history**: a help page of questions and answers (a FAQ) served in
  place of terms that never asked questions, and far longer than they ever were, or far shorter
  (a product's sunset FAQ where its terms stood).

>>> menu = "WhatsApp Legal\\n" + "\\n".join(f"*   [Item {i}](https://x.test/{i})" for i in range(7))
>>> not_document_reason(menu, usual_chars=25_000)
'link_menu'
>>> policy = "We collect the information you give us when you create an account. " * 40
>>> not_document_reason(policy, usual_chars=25_000) is None
True
"""

from __future__ import annotations

import re

from .suspect import has_visible_words, reads_as_error_page, visible_word_count, visible_words

# A capture this much shorter than the document's usual length is out of character.
SHORT_SHARE = 0.2
# Below this many visible words a page can be judged on its content alone (no history needed).
SMALL_PAGE_WORDS = 400
# A sentence of legal prose has at least this many words.
PROSE_SENTENCE_WORDS = 8
# A page of legal length that says the page is unavailable, below this share of the document's
# usual length, is an error page (`not_document_reason`).
ERROR_PAGE_SHARE = 0.5
# ... said as error pages say it, near the top of the page (a policy may mention "404 errors" or
# a page "temporarily unavailable" in its body).
_UNAVAILABLE = re.compile(r"\b(?:this|the)\s+page\s+(?:is\s+)?(?:currently\s+|temporarily\s+)?"
                          r"(?:unavailable|not\s+found|no\s+longer\s+available)\b"
                          r"|\b404\b\W{0,5}(?:sorry|page\s+not\s+found|not\s+found)\b", re.IGNORECASE)
_UNAVAILABLE_WITHIN = 2_000
# Under this share of words in prose sentences, a page is navigation, not a document.
MIN_PROSE_SHARE = 0.35
# A page whose visible words are mostly link texts is a menu.
MENU_LINK_SHARE = 0.5

# A FAQ: at least this share of its paragraphs are questions, where the document's own text
# had at most HISTORY_QUESTION_SHARE, and the page is FAQ_GROWTH times its usual length or more.
FAQ_QUESTION_SHARE = 0.1
HISTORY_QUESTION_SHARE = 0.02
FAQ_GROWTH = 3
_PARAGRAPH = re.compile(r"\n\s*\n")
# A question heading or a question line: "Q: Can I delete…", "### How do I…?", "**Why…?**".
_QUESTION = re.compile(r"^[#*>_\s-]*(?:Q\s*[:.]\s*\S|[^\n]{3,200}\?[*_\s]*$)")
_MAX_QUESTION_CHARS = 250
_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*(?:[*+-]|\d+[.)])\s)")
_APP_STORE = re.compile(
    r"\b(?:download\s+on\s+the\s+app\s+store|get\s+it\s+on\s+google\s+play|open\s+in\s+(?:the\s+)?app|"
    r"install\s+the\s+app\s+to\s+(?:continue|view))\b", re.IGNORECASE)
# An excerpt cut short and a link to read the rest: a teaser of a document on an index page.
# (The break between them is read in one pass: blank lines before no link must not backtrack.)
_EXCERPT = re.compile(r"(?:…|\.\.\.)[^\S\n]*\n\s*\[(?:read|learn|see|view)\s+(?:more|all|the\s+full)\b[^\]]*\]",
                      re.IGNORECASE)
# A page with this many teasers is an index of documents (a "Privacy & Terms" hub).
MIN_EXCERPTS = 3
_CONSENT_PAGE = re.compile(
    r"\b(?:we\s+use\s+cookies|cookie\s+(?:settings|preferences)|manage\s+(?:cookies|consent)|"
    r"accept\s+all|reject\s+all|before\s+you\s+continue)\b", re.IGNORECASE)


# Words every legal text uses, and their least share of a page's words that is one (the
# navigation pages of the contrib history: 0.3-1.7 %; a privacy notice: several times that).
_LEGAL_WORD = re.compile(
    r"\b(?:personal (?:data|information)|privacy|terms|agreement|liab\w+|consent|cookies?|collect\w*|process\w*|"
    r"rights?|laws?|warrant\w*|disclos\w*|third[- ]part\w+)\b", re.IGNORECASE)
MIN_LEGAL_WORD_SHARE = 0.025
NAVIGATION_MIN_WORDS = 150


def legal_word_share(text: str) -> float:
    """Share of the visible words that are words legal texts use."""
    words = visible_word_count(text)
    return len(_LEGAL_WORD.findall(text)) / words if words else 0.0


def navigation_page(text: str) -> bool:
    """Whether ``text`` is, on its content alone, a page of navigation rather than a short
    document: a page of some length (`NAVIGATION_MIN_WORDS`: a text of a few lines may be the
    whole document), mostly not in sentences, seldom the words legal texts use (Xanga's help
    forum where its privacy policy should be: 397 words)."""
    return visible_word_count(text) >= NAVIGATION_MIN_WORDS and prose_share(text) < MIN_PROSE_SHARE \
        and legal_word_share(text) < MIN_LEGAL_WORD_SHARE


def prose_share(text: str) -> float:
    """Share of the visible words that stand in sentences of legal length."""
    plain = _LINK_TEXT.sub(r"\1", text)
    total = prose = 0
    for piece in _SENTENCE_END.split(plain):
        words = len(visible_words(piece))
        total += words
        if words >= PROSE_SENTENCE_WORDS:
            prose += words
    return prose / total if total else 0.0


def link_share(text: str) -> float:
    """Share of the visible words that are link texts."""
    total = visible_word_count(text)
    if not total:
        return 0.0
    linked = sum(len(visible_words(m.group(1))) for m in _LINK_TEXT.finditer(text))
    return linked / total


def question_share(text: str) -> float:
    """Share of the paragraphs that are questions (a short paragraph asking something).

    >>> question_share("Q: Can I delete my account?\\n\\nYes, from the settings.")
    0.5
    """
    paragraphs = [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]
    questions = sum(1 for p in paragraphs if len(p) <= _MAX_QUESTION_CHARS and _QUESTION.match(p.splitlines()[0]))
    return questions / len(paragraphs) if paragraphs else 0.0


# A legal document speaks of itself ("This Privacy Notice describes ...", "Date when this Privacy
# Notice was last updated", "these Terms"); a help page does not. A policy rewritten as questions
# ("What personal data do we process?", Bolt's 2024 privacy notice, 3.3 times its old length: 16
# times in 60,000 characters; Bolt Drivers': 15 in 80,000) names itself throughout: at least
# SELF_REFERENCES times, one every SELF_REFERENCE_CHARS characters. A help page captured with the
# terms' few lines about themselves (Telegram's FAQ under its terms, 3 in 96,000 characters), or
# with a few passing mentions, does not reach that. Only a page far longer than the document asks
# this (`reads_as_faq`): a short page of questions in place of the terms ("Updated Terms of
# Service: FAQ", "Why are you updating these Terms?") stays a help page however it names them.
_SELF_REFERENCE = re.compile(
    r"\b(?:this|these) (?:(?:global |online )?(?:privacy|cookies?|data(?: protection)?) )?"
    r"(?:notice|policy|statement|terms(?: of (?:service|use))?|agreement|conditions)\b", re.IGNORECASE)
SELF_REFERENCES = 10
SELF_REFERENCE_CHARS = 10_000


def names_itself(text: str) -> bool:
    """Whether ``text`` speaks of itself as a legal document often enough to be one.

    >>> names_itself("This Privacy Notice describes how we process personal data. " * 10)
    True
    >>> names_itself("Read this policy. " + "### Q: How do I reset my password?\\n\\nOpen the settings. " * 300)
    False
    >>> names_itself("### Q: How do I set up feature 1?\\n\\nOpen the settings. " * 20)
    False
    """
    found = len(_SELF_REFERENCE.findall(text))
    return found >= SELF_REFERENCES and found * SELF_REFERENCE_CHARS >= len(text)


def asks_where_terms_never_did(text: str, usual_text: str) -> bool:
    """Whether ``text`` is a page of questions and answers where ``usual_text`` (the document's
    last trusted version) asked none."""
    return question_share(text) >= FAQ_QUESTION_SHARE and question_share(usual_text) <= HISTORY_QUESTION_SHARE


def reads_as_faq(text: str, usual_text: str, usual_chars: int | None) -> bool:
    """Whether ``text`` is a page of questions and answers served in place of a document
    (``usual_text``, its last trusted version) that asked none, far longer than usual, and that
    does not speak of itself as a legal document (`names_itself`)."""
    usual = usual_chars or len(usual_text)
    return bool(usual) and len(text) >= FAQ_GROWTH * usual and asks_where_terms_never_did(text, usual_text) \
        and not names_itself(text)     # a policy whose headings are questions


def not_document_reason(text: str, usual_chars: int | None = None, usual_text: str | None = None) -> str | None:
    """Why ``text`` is not the declared document (``link_menu``, ``error_page``, ``consent_page``,
    ``app_store``, ``excerpt_index``, ``faq_page``, ``no_legal_text``), or None when it reads as one.

    ``usual_chars``: the typical length of the document's trusted versions so far (None for a
    first capture); a page that is as long as usual is never rejected on its form alone.
    ``usual_text``: the document's last trusted version, to compare the page's form with.
    """
    # a page of legal length reads as one whatever else it holds: most pages, known from their opening
    long_page = has_visible_words(text, 3 * SMALL_PAGE_WORDS)
    words = 0 if long_page else visible_word_count(text)
    if not long_page and not words:
        return "no_legal_text"
    if usual_text is not None and reads_as_faq(text, usual_text, usual_chars):
        return "faq_page"
    if long_page:
        # ... unless, far shorter than the document's history, it says the page is unavailable:
        # an error page that carries other legal text (GM's "404 Sorry, this page is currently
        # unavailable" above the site's legal notices, in place of its privacy statement;
        # unseen32). Only this wording, near the top: a shorter edition may well mention cookies,
        # reCAPTCHA, "404 errors" or a page "temporarily unavailable" in its body.
        if usual_chars is not None and len(text) < ERROR_PAGE_SHARE * usual_chars \
                and _UNAVAILABLE.search(text, 0, _UNAVAILABLE_WITHIN):
            return "error_page"
        return None
    if words < SMALL_PAGE_WORDS and link_share(text) >= MENU_LINK_SHARE and prose_share(text) < MIN_PROSE_SHARE:
        return "link_menu"     # unmistakable whatever the history: a page of links
    short = (usual_chars is not None and len(text) < SHORT_SHARE * usual_chars) or (
        usual_chars is None and words < SMALL_PAGE_WORDS)
    if not short:
        # with no history to measure it against, a page short of legal length whose words
        # are mostly not in sentences, and which speaks little of what legal texts speak of,
        # is navigation (a help forum's list of questions, a menu of products: every such page
        # of 400 to 1,200 words in OTA's contrib history); a privacy notice in bullet points
        # speaks of personal data, rights and third parties throughout
        return "no_legal_text" if usual_chars is None and navigation_page(text) else None
    if link_share(text) >= MENU_LINK_SHARE:
        return "link_menu"
    if reads_as_error_page(text, words):
        return "error_page"
    if _APP_STORE.search(text):
        return "app_store"
    if len(_EXCERPT.findall(text)) >= MIN_EXCERPTS:
        return "excerpt_index"     # teasers of several documents, each cut with "… Read more"
    if _CONSENT_PAGE.search(text) and prose_share(text) < 0.6:
        return "consent_page"
    if usual_text is not None and asks_where_terms_never_did(text, usual_text):
        return "faq_page"          # a short help page in place of terms ("Why was Optimize sunsetted?")
    if prose_share(text) < MIN_PROSE_SHARE:
        return "no_legal_text"
    return None
