"""The clause model: one linear scorer per label over TF-IDF n-grams, stored without pickle.

On disk (``data/model/``):

- ``clauses.npz``: ``vocabulary`` (the n-grams, newline-joined UTF-8 bytes), ``idf``,
  ``weights`` (features x labels, float32) and ``bias`` (labels).
- ``clauses.json``: label names, featurizer settings, the calibration of each label,
  the training data's fingerprint and the cross-validated figures from training.

A label's probability is ``sigmoid(slope * (margin - threshold))``: the threshold is the
margin that maximised F1 in cross-validation over the *training* documents and the slope
was fitted on the same out-of-fold margins, so "probability >= 0.5" is the decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .features import Featurizer, FeaturizerSettings

MODEL_STEM = "clauses"


@dataclass
class Calibration:
    threshold: float
    slope: float


@dataclass
class LinearClauseModel:
    labels: list[str]
    featurizer: Featurizer
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    calibration: list[Calibration]
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        self._weights_by_label = np.ascontiguousarray(np.asarray(self.weights, np.float32).T)

    def margins(self, texts: list[str]) -> np.ndarray:
        """Raw linear scores, shape (len(texts), n_labels)."""
        indptr, cols, values = self.featurizer.transform(texts)
        # A sparse-dense product without scipy: gather each feature's label weights, then
        # sum each row's run of entries (reduceat; empty rows are patched to 0 after).
        contributions = self._weights_by_label[:, cols] * values
        margins = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        nonempty = np.flatnonzero(np.diff(indptr) > 0)
        if len(nonempty):
            sums = np.add.reduceat(contributions, indptr[nonempty], axis=1, dtype=np.float64)
            margins[nonempty] = sums.T
        return margins + self.bias

    def probabilities(self, texts: list[str]) -> np.ndarray:
        margins = self.margins(texts)
        thresholds = np.array([c.threshold for c in self.calibration])
        slopes = np.array([c.slope for c in self.calibration])
        return 1.0 / (1.0 + np.exp(-slopes * (margins - thresholds)))

    # --- storage -------------------------------------------------------------------------

    def save(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = folder / f"{MODEL_STEM}.npz"
        vocabulary = "\n".join(self._vocabulary).encode("utf-8")
        np.savez_compressed(
            arrays,
            vocabulary=np.frombuffer(vocabulary, dtype=np.uint8),
            idf=self.featurizer.idf.astype(np.float32),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
        )
        meta = dict(self.meta)
        meta.update({
            "format": 1,
            "labels": self.labels,
            "n_word_features": self.featurizer.n_word,
            "featurizer": self.featurizer.settings.to_json(),
            "calibration": [{"threshold": c.threshold, "slope": c.slope} for c in self.calibration],
        })
        description = folder / f"{MODEL_STEM}.json"
        description.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
        return arrays, description

    @classmethod
    def load(cls, folder: Path) -> "LinearClauseModel":
        meta = json.loads((folder / f"{MODEL_STEM}.json").read_text())
        with np.load(folder / f"{MODEL_STEM}.npz", allow_pickle=False) as arrays:
            vocabulary = arrays["vocabulary"].tobytes().decode("utf-8").split("\n")
            featurizer = Featurizer(vocabulary, meta["n_word_features"], arrays["idf"],
                                    FeaturizerSettings.from_json(meta["featurizer"]))
            model = cls(meta["labels"], featurizer, arrays["weights"], arrays["bias"],
                        [Calibration(**c) for c in meta["calibration"]], meta)
        model._vocabulary = vocabulary
        return model

    @classmethod
    def from_training(cls, labels, vocabulary, n_word, idf, settings, weights, bias,
                      calibration, meta) -> "LinearClauseModel":
        model = cls(labels, Featurizer(vocabulary, n_word, idf, settings),
                    np.asarray(weights, dtype=np.float32), np.asarray(bias, dtype=np.float32),
                    calibration, meta)
        model._vocabulary = vocabulary
        return model
