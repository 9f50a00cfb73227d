"""Classify clauses: the trained model for the 8 UNFAIR-ToS categories, rules for the rest.

>>> classifier = load_classifier()
>>> result = classifier.classify(["Any dispute will be resolved by binding arbitration."])[0]
>>> result.labels
['arbitration']
>>> result.evidence["arbitration"]
['resolved by binding arbitration']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import data_dir
from .model import LinearClauseModel
from .rules import RULES, Rule, find_rule_hits
from .taxonomy import Taxonomy, load_taxonomy

# The score given to a rule-based category when one of its rules fires as a harm. Rules are
# precise but not perfect (see scripts/eval_classifier.py), so not 1.0.
RULE_SCORE = 0.9
# Model batches are cut to this size: numpy's temporary arrays stay small and fast.
BATCH = 1024
# Results kept in memory (by clause text; about 2 kB each, and the whole OTA corpus has
# 25,000 distinct clauses); the cache is emptied when it would grow past this.
CACHE_SIZE = 30_000

# Words to highlight for the model's categories: the model says *whether*, these say *where*.
# When none matches, the whole clause is the evidence.
MODEL_CUES: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "limitation_of_liability":
        r"\b(?:not|no|never|without)\b[^.;]{0,30}?\b(?:liable|liability|responsib\w+)\b|\blimitation of liability\b"
        r"|\b(?:exclud|limit|disclaim)\w*\b[^.;]{0,30}?\b(?:liabilit\w+|warrant\w+|damages)\b|\bas is\b"
        r"|\bat your (?:own|sole) risk\b|\bin no event\b",
    "unilateral_termination":
        r"\b(?:terminat\w+|suspend\w*|suspension|disabl\w+|deactivat\w+|clos(?:e|ing) (?:your|any) accounts?|"
        r"ban(?:ned)?|discontinu\w+)\b",
    "unilateral_change":
        r"\b(?:chang|modif|amend|updat|revis|discontinu)\w*\b[^.;]{0,40}?\b(?:terms|agreement|polic(?:y|ies)|"
        r"services?|features?|prices?|fees)\b",
    "content_removal":
        r"\b(?:remov|delet|disabl|block|refus|edit|take down|screen)\w*\b[^.;]{0,40}?\b(?:content|posts?|materials?|"
        r"submissions?|listings?|reviews?|uploads?|information|data)\b",
    "contract_by_using":
        r"\bby (?:continuing to )?(?:using|accessing|visiting|downloading|installing|registering|clicking)\b"
        r"|\bcontinued (?:use|access)\b|\buse of (?:the|our|this) \w+ (?:constitutes|means|signifies)\b",
    "choice_of_law":
        r"\bgoverned by\b[^.;]{0,80}|\b(?:governing|applicable) law\b|\blaws? of (?:the )?[A-Za-z .]{2,40}",
    "jurisdiction":
        r"\b(?:exclusive |non-exclusive )?(?:jurisdiction|venue)\b|\bcourts? (?:of|in|located in|for)\b[^.;,]{0,40}",
    "arbitration":
        r"\b(?:binding |individual |final )?arbitrat\w+\b|\barbitral\b",
}.items()}


@dataclass
class ClauseResult:
    """What one clause does to users.

    ``labels``: the ids of the categories that *hurt* users here (taxonomy order);
    ``scores``: every category's probability of applying (harm sense);
    ``evidence``: for each label, the exact substrings of ``text`` that show it;
    ``protections``: categories the clause *protects* users on ("we do not sell your
    personal information", "you can delete your data"), with their exact words.
    """

    text: str
    labels: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    protections: dict[str, list[str]] = field(default_factory=dict)

    def label_names(self, taxonomy: Taxonomy | None = None) -> list[str]:
        taxonomy = taxonomy or load_taxonomy()
        return [taxonomy.get(label).name for label in self.labels]

    def to_json(self, taxonomy: Taxonomy | None = None) -> dict:
        """The ``termswatch clauses`` line: labels and scores keyed by category *name*."""
        taxonomy = taxonomy or load_taxonomy()
        return {"text": self.text, "labels": self.label_names(taxonomy),
                "scores": {taxonomy.get(k).name: round(v, 4) for k, v in self.scores.items()}}


def _unique(items) -> list[str]:
    """Distinct evidence strings, without those inside a longer one (highlight the longer)."""
    items = list(dict.fromkeys(items))
    return [a for a in items if not any(a != b and a in b for b in items)]


class ClauseClassifier:
    def __init__(self, model: LinearClauseModel, taxonomy: Taxonomy, rules: tuple[Rule, ...] = RULES,
                 cache_size: int = CACHE_SIZE):
        self.model = model
        self.cache_size = cache_size
        self.taxonomy = taxonomy
        self.rules = rules
        self._model_ids = list(model.labels)
        self._cache: dict[str, ClauseResult] = {}
        unknown = set(self._model_ids) - set(taxonomy.ids)
        if unknown:
            raise ValueError(f"model labels not in the taxonomy: {sorted(unknown)}")

    def classify(self, texts: list[str]) -> list[ClauseResult]:
        """One result per text, in order. Results are cached by text (documents repeat most
        clauses from version to version); treat them as read-only."""
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(self._cache) + len(todo) > self.cache_size:
            self._cache.clear()
            todo = list(dict.fromkeys(texts))
        for i in range(0, len(todo), BATCH):
            chunk = todo[i:i + BATCH]
            for text, p in zip(chunk, self.model.probabilities(chunk).tolist()):
                self._cache[text] = self._result(text, p)
        return [self._cache[t] for t in texts]

    def _result(self, text: str, model_probabilities: list[float]) -> ClauseResult:
        scores = {cid: 0.0 for cid in self.taxonomy.ids}
        evidence: dict[str, list[str]] = {}
        protections: dict[str, list[str]] = {}
        for cid, p in zip(self._model_ids, model_probabilities):
            scores[cid] = p
            if p >= 0.5:
                cues = MODEL_CUES[cid].finditer(text) if cid in MODEL_CUES else ()
                evidence[cid] = [m.group(0).strip() for m in cues if m.group(0).strip()]
        for hit in find_rule_hits(text, self.rules):
            if hit.polarity == "harm":
                scores[hit.category] = max(scores[hit.category], RULE_SCORE)
                evidence.setdefault(hit.category, []).append(hit.text)
            else:
                protections.setdefault(hit.category, []).append(hit.text)
        labels = self.taxonomy.ordered(evidence)
        # A model label with no cue words and no rule hit shows the whole clause.
        return ClauseResult(text, labels, scores, {k: _unique(evidence[k]) or [text.strip()] for k in labels},
                            {k: _unique(v) for k, v in protections.items()})


@lru_cache(maxsize=4)
def _load(folder: str, taxonomy_path: str | None) -> ClauseClassifier:
    return ClauseClassifier(LinearClauseModel.load(Path(folder)), load_taxonomy(taxonomy_path))


def load_classifier(folder: str | Path | None = None, taxonomy_path: str | Path | None = None) -> ClauseClassifier:
    """The shipped classifier (``data/model/``), loaded once per process."""
    return _load(str(folder or data_dir() / "model"), str(taxonomy_path) if taxonomy_path else None)
