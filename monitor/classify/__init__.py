"""Classification: which harms a clause carries, and whether a change made terms worse.

The public API (used by the pipeline and the CLI)::

    from monitor.classify import load_taxonomy, load_classifier, assess_change, detect_imposition

    taxonomy = load_taxonomy()              # data/taxonomy.toml
    classifier = load_classifier()          # data/model/, cached
    results = classifier.classify(texts)    # list[ClauseResult]
    assessment = assess_change(hunks, old_text=..., new_text=...)   # Assessment
    imposed = detect_imposition(new_text, old_text=None)            # dict

Modules: ``taxonomy`` (the harm categories), ``features`` + ``model`` (numpy-only clause
models behind one protocol, kinds registered by subclassing), ``rules`` (transparent
patterns), ``clauses`` (models + rules per clause), ``segment`` (text -> clauses), ``assess`` (direction,
severity, evidence of a change) and ``imposition`` (how a change was imposed).
"""

from .assess import Assessment, assess_change
from .clauses import ClauseClassifier, ClauseResult, load_classifier
from .imposition import detect_imposition
from .segment import split_clauses
from .taxonomy import Category, Taxonomy, load_taxonomy

__all__ = [
    "Assessment", "Category", "ClauseClassifier", "ClauseResult", "Taxonomy",
    "assess_change", "detect_imposition", "load_classifier", "load_taxonomy", "split_clauses",
]
