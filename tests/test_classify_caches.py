"""Caches of the classify stage keep answers by the text they were computed from: a warm cache
gives exactly what a cold one gives, a paragraph (clause, whole version) met again is read
from the cache, and one met in another document is read for its own text, never for the
context it stood in before."""

from __future__ import annotations

from markdown_it import MarkdownIt

from monitor import text

PARAGRAPHS = ["# Terms of Service", "You may not:", "* resell the **Services**;\n* scrape [our site](https://example.test/a).",
              "We may update these terms. See [the archive](https://example.test/archive) for older versions."]


def _version(*extra: str) -> str:
    return "\n\n".join(PARAGRAPHS + list(extra))


def _blocks_as_one_parse(source: str) -> list[tuple[str, str | None]]:
    """`markdown_blocks` as it read a text before its paragraph cache: one markdown-it parse."""
    blocks, number, lead_ins = [], "", []
    for token in MarkdownIt("commonmark", {"html": False}).parse(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            before = blocks[-1][0] if blocks else ""
            lead_ins.append(before if before.endswith(":") else lead_ins[-1] if lead_ins else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lead_ins.pop()
        elif token.type == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "inline":
            words = "".join(c.content if c.type in ("text", "code_inline", "html_inline", "image")
                            else " " if c.type in ("softbreak", "hardbreak") else "" for c in token.children)
            if words.strip():
                blocks.append((number + words.strip(), lead_ins[-1] if lead_ins else None))
            number = ""
        elif token.type in ("code_block", "fence") and token.content.strip():
            blocks.append((token.content.strip(), lead_ins[-1] if lead_ins else None))
    return blocks


def test_a_paragraph_repeated_by_the_next_version_is_not_parsed_again():
    text._paragraph_words.cache_clear()
    first = text.markdown_blocks(_version())
    parsed = text._paragraph_words.cache_info().misses
    second = text.markdown_blocks(_version("We may sell your data to *data brokers*."))
    # only the new paragraph is parsed for its words; the others come from the cache
    assert text._paragraph_words.cache_info().misses == parsed + 1
    assert second[:len(first)] == first
    assert second[-1] == ("We may sell your data to data brokers.", None)
    assert first[2] == ("resell the Services;", "You may not:")


def test_warm_and_cold_paragraph_caches_read_a_text_as_one_parse_does():
    samples = [_version("1. First item\n2. Second <b>bold</b> \\* and `code`", "![a *logo*](x.png) text"),
               _version("    indented code", "> quoted [link](https://x.test) line\nsoft break"),
               "Intro:\n\n- a\n  - nested under a:\n\n    - deeper\n- b"]
    warm = [text.markdown_blocks(s) for s in samples]
    text._paragraph_words.cache_clear()
    cold = [text.markdown_blocks(s) for s in reversed(samples)][::-1]
    assert warm == cold == [_blocks_as_one_parse(s) for s in samples]


def test_a_reference_link_is_read_with_the_definitions_of_its_own_document():
    """"[the archive][old]" is a link where "[old]: https://..." is defined, and literal
    brackets where it is not: the same paragraph reads differently in the two documents."""
    paragraph = "See [the archive][old] for older versions."
    with_definition = text.markdown_blocks(f"{paragraph}\n\n[old]: https://example.test/archive")
    without = text.markdown_blocks(paragraph)
    with_again = text.markdown_blocks(f"{paragraph}\n\n[old]: https://example.test/archive")
    assert with_definition == with_again == [("See the archive for older versions.", None)]
    assert without == [("See [the archive][old] for older versions.", None)]
    text._paragraph_words.cache_clear()
    assert text.markdown_blocks(paragraph) == without


# -- the whole versions a change is judged against ------------------------------------------------

from monitor.classify import assess_change, load_classifier, whole  # noqa: E402
from monitor.classify.stated import _sides, categories_read  # noqa: E402

SELLS = "We may sell your personal information to data brokers."
NO_SALE = "We do not sell your personal information."
BASE = ["# Privacy", "We collect your email address to run the service.",
        "We may share your personal information with service providers.", "You can delete your account at any time."]


def _privacy(*extra: str) -> str:
    return "\n\n".join(BASE + list(extra))


def _assess(old: str, new: str, kind: str, clause: str) -> dict:
    hunks = [{"kind": kind, "section": "Privacy", "old": clause if kind == "removed" else "",
              "new": clause if kind == "added" else "", "substantive": True}]
    return assess_change(hunks, old_text=old, new_text=new).to_json()


def test_a_version_shared_by_two_changes_is_read_once_and_as_a_cold_read_reads_it():
    """v1 -> v2 removes a harm (judged against the whole of v2), v2 -> v3 adds it back
    (judged against the whole of v2): v2 is read once."""
    v1, v2, v3 = _privacy(SELLS), _privacy(), _privacy(SELLS)
    whole.whole_reading.cache_clear()
    first = _assess(v1, v2, "removed", SELLS)
    assert whole.whole_reading.cache_info().misses == 1       # v2 read
    second = _assess(v2, v3, "added", SELLS)
    assert whole.whole_reading.cache_info().misses == 1       # v2 again, from the cache
    assert first["direction"] == "better" and second["direction"] == "worse"
    whole.whole_reading.cache_clear()
    assert _assess(v2, v3, "added", SELLS) == second
    whole.whole_reading.cache_clear()
    assert _assess(v1, v2, "removed", SELLS) == first


def test_a_clause_added_is_judged_against_its_own_old_text_not_a_text_read_before():
    """The same added harm in two documents: one whose old text already sells data (no new
    harm), one whose old text does not (a new harm). The second is not judged by the first's
    reading, although the hunks are identical."""
    already = _privacy(SELLS.replace("data brokers", "data brokers and advertisers"))
    whole.whole_reading.cache_clear()
    restated = _assess(already, already + "\n\n" + SELLS, "added", SELLS)
    new_harm = _assess(_privacy(), _privacy(SELLS), "added", SELLS)
    assert "data_sale" not in restated["categories"]
    assert new_harm["direction"] == "worse" and "data_sale" in new_harm["categories"]
    whole.whole_reading.cache_clear()
    assert _assess(_privacy(), _privacy(SELLS), "added", SELLS) == new_harm


def test_categories_not_read_in_a_clause_give_empty_sides(ota_corpus):
    """`categories_read` lets `assess_change` skip a category of a hunk: for every other
    category `_sides` finds neither a harm nor a protection, on real clauses of every kind."""
    from monitor.classify.reading import plain_clauses

    classifier = load_classifier()
    texts = [p.read_text(encoding="utf-8") for p in sorted(ota_corpus.glob("*/*/*.md"))[::40]]
    results = classifier.classify([c for t in texts for c in plain_clauses(t)])
    assert len(results) > 1000 and any(r.labels for r in results) and any(r.protections for r in results)
    for r in results:
        read = categories_read([r])
        for category in classifier.taxonomy.ids:
            if category not in read:
                side = _sides([r], category)
                assert not side.harm and not side.protection, (category, r.text)


# -- clauses and their rule hits, by text --------------------------------------------------------

def test_rule_hits_are_read_once_per_clause_and_each_caller_gets_its_own_list():
    from monitor.classify.rules import find_rule_hits
    from monitor.classify.rules import matching

    matching._rule_hits_by_text.cache_clear()
    cold = [(h.category, h.polarity, h.text) for h in find_rule_hits(SELLS)]
    hits = find_rule_hits(SELLS)
    assert matching._rule_hits_by_text.cache_info().hits == 1
    hits.clear()                                  # a caller's own list: the cache keeps its hits
    assert [(h.category, h.polarity, h.text) for h in find_rule_hits(SELLS)] == cold
    assert ("data_sale", "harm") in [(c, p) for c, p, _ in cold]
    assert [(h.category, h.polarity) for h in find_rule_hits(NO_SALE)] == [("data_sale", "protection")]


def test_the_same_list_item_is_read_with_each_documents_own_lead_in():
    """One item, cached by its words and its lead-in: under "We do not:" it is a promise,
    under "We may:" a harm, whichever was read first."""
    from monitor.classify import reading

    item = "* sell your personal information to data brokers."
    for order in (("We do not:", "We may:"), ("We may:", "We do not:")):
        reading._block_clauses.cache_clear()
        read = {lead: reading.plain_clauses(f"{lead}\n\n{item}") for lead in order}
        assert read["We do not:"] == ("We do not:", "We do not sell your personal information to data brokers.")
        assert read["We may:"] == ("We may:", "sell your personal information to data brokers.")


def test_a_whole_version_states_what_every_clause_read_for_every_category_states(ota_corpus):
    """`document_clauses` and `document_harms` read each clause only for the categories it can
    state: the same harms and promises, in the same order, as reading every clause for every
    category, on real versions."""
    from monitor.classify.reach import reach
    from monitor.classify.reading import plain_clauses, words_key
    from monitor.classify.stated import StatedClause, document_clauses, document_harms, product_names

    classifier = load_classifier()
    for path in sorted(ota_corpus.glob("*/*/*.md"))[::90]:
        results = classifier.classify(plain_clauses(path.read_text(encoding="utf-8")))
        clauses, harms = {"harm": {}, "protection": {}}, {}
        for category in classifier.taxonomy.ids:
            side = _sides(results, category)
            for kind, found in (("harm", side.harm), ("protection", side.protection)):
                if found:
                    clauses[kind][category] = [StatedClause(words_key(r.text), reach(r.text), product_names(r.text))
                                               for r in found]
            for r in side.harm:
                harms.setdefault(category, []).extend(words_key(w) for w in r.evidence.get(category, [r.text]))
        assert document_clauses(results, classifier.taxonomy) == clauses, path
        assert document_harms(results, classifier.taxonomy) == harms, path
        assert clauses["harm"], path
