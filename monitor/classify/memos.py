"""The memos the classify stage keeps by text, in one list, and `forget_all` to empty them.

Reading a change looks up the same clauses, blocks and whole versions again and again (a
document's versions repeat most of them), so the classifier and the assessment keep what
they computed by the text they computed it from: ``lru_cache``\\ s in this package, the
classifier's own results (`ClauseClassifier.classify`), the Markdown paragraphs and
whole versions' sections of `monitor.text` (a section parsed alone gives the blocks it gives
in the whole text: `markdown_blocks_by_section`) and the diff's clause memos
(`monitor.diff.memo`, which the segmenting and the hunks read through). Each is bounded by its number of entries only, and a classify worker
going through a full contrib history, document after document, held 630-715 MB of them.
Two documents share few clauses: a worker empties them all between documents
(`monitor.parallel`), so what it holds is what one document's history fills them with.

Every memo here is a pure function's (or the classifier's results, a pure function of the
clause): emptying one changes speed and memory, never output.

The loaders' caches (the classifier, the taxonomy, the Markdown parsers) are not memos of
texts: they stay (`LOADERS`, checked by the tests against every cache of this package).
"""

from __future__ import annotations

from . import (assess, evidence, feature_terms, framework_left, imposition, reach, reading, restated_reading, stated,
               took_effect, whole)
from .rules import matching

# Pure functions memoised by text (or by a few texts): emptied between documents.
MEMOS = (
    reading.plain_clauses, reading._short_blocks, reading._long_blocks, reading._block_clauses,
    reading._first_clause_key, reading._lead_ins_in, reading.words_key,
    reach.reach,
    restated_reading.without_aliases, restated_reading._negations, restated_reading._compared,
    stated._clause_scope, stated._discretion_granted, stated._clause_lengths,
    stated.words_in_order,
    assess._clause_key,
    framework_left._frameworks_in_line,
    feature_terms.compiled_instruments,
    matching._word_triggers, matching._rule_hits_by_text, matching._control_names,
    whole.whole_reading,
    evidence._plain_line, evidence._words_found,
    imposition._dates_after, imposition._dates_in, imposition._notice_days, imposition._notice_in_line,
    imposition._wordings_in_line, imposition._wordings_in,
    took_effect.is_notice_of_coming_change,
)

# Caches of what is loaded once (a model, a taxonomy), by name: never emptied.
LOADERS = ("monitor.classify.clauses._load", "monitor.classify.taxonomy._load")


def forget_all(classifier=None) -> None:
    """Empty every memo of the classify stage, and ``classifier``'s results by clause (if any)."""
    from ..diff.memo import forget_all as forget_diff_memos
    from ..text import forget_parsed_paragraphs

    for memo in MEMOS:
        memo.cache_clear()
    if classifier is not None:
        classifier.forget_results()
    forget_parsed_paragraphs()
    forget_diff_memos()
