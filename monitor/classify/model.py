"""Clause models behind one small protocol, and the numpy linear model, stored without pickle.

The protocol (:class:`ClauseModel`): ``labels`` (taxonomy ids), ``probabilities(texts)``
(an array ``len(texts) x len(labels)``), ``version`` (changes whenever the model's files
do: caches of results key on it) and ``meta`` (the description read from its JSON file).
Kinds register by subclassing with a ``kind`` name::

    class MyModel(ClauseModel, kind="mine"):
        @classmethod
        def load(cls, folder, stem): ...

and :func:`load_model` loads ``<folder>/<stem>.json`` and builds the kind its ``"kind"`` key
names (files written before kinds existed have none and are ``"linear"``).

The linear kind, on disk (``data/model/<stem>.*``):

- ``<stem>.npz``: ``vocabulary`` (the n-grams, newline-joined UTF-8 bytes), ``idf``,
  ``weights`` (features x labels, float32) and ``bias`` (labels).
- ``<stem>.json``: kind, label names, featurizer settings, the calibration of each label,
  the training data's fingerprint and the cross-validated figures from training.

A label's probability is ``sigmoid(slope * (margin - threshold))``: the threshold is the
margin that maximised F1 in cross-validation over the *training* documents and the slope
was fitted on the same out-of-fold margins, so "probability >= 0.5" is the decision.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np

from .features import Featurizer, FeaturizerSettings

MODEL_STEM = "clauses"
DEFAULT_KIND = "linear"


class ClauseModel:
    """What the classifier needs from a model; subclasses register by their ``kind``."""

    kinds: ClassVar[dict[str, type["ClauseModel"]]] = {}
    kind: ClassVar[str]
    labels: list[str]
    meta: dict
    version: str

    def __init_subclass__(cls, kind: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if kind is not None:
            if kind in ClauseModel.kinds:
                raise ValueError(f"clause model kind {kind!r} is already registered")
            cls.kind = kind
            ClauseModel.kinds[kind] = cls

    def probabilities(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    @classmethod
    def load(cls, folder: Path, stem: str) -> "ClauseModel":
        raise NotImplementedError


def files_version(*paths: Path) -> str:
    """A short digest of files' names and bytes: a model's ``version``."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_model(folder: Path, stem: str = MODEL_STEM) -> ClauseModel:
    """The model described by ``<folder>/<stem>.json``, of the kind it names."""
    description = Path(folder) / f"{stem}.json"
    try:
        kind = json.loads(description.read_text(encoding="utf-8")).get("kind", DEFAULT_KIND)
    except (OSError, ValueError, AttributeError) as error:
        raise ValueError(f"{description}: not a readable model description ({error})") from None
    if kind not in ClauseModel.kinds:
        raise ValueError(f"{description}: unknown model kind {kind!r} (known: {sorted(ClauseModel.kinds)})")
    try:
        return ClauseModel.kinds[kind].load(Path(folder), stem)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        # A damaged or tampered model (a missing array, a pickled object array, which
        # np.load refuses without running it) must say which files are at fault.
        raise ValueError(f"{Path(folder) / stem}.*: not a loadable {kind} model "
                         f"({type(error).__name__}: {error})") from None


@dataclass
class Calibration:
    threshold: float
    slope: float


@dataclass
class LinearClauseModel(ClauseModel, kind="linear"):
    labels: list[str]
    featurizer: Featurizer
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    calibration: list[Calibration]
    meta: dict = field(default_factory=dict)

    version: str = ""

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

    def save(self, folder: Path, stem: str = MODEL_STEM) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = folder / f"{stem}.npz"
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
            "kind": self.kind,
            "format": 1,
            "labels": self.labels,
            "n_word_features": self.featurizer.n_word,
            "featurizer": self.featurizer.settings.to_json(),
            "calibration": [{"threshold": c.threshold, "slope": c.slope} for c in self.calibration],
        })
        description = folder / f"{stem}.json"
        description.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
        self.version = files_version(arrays, description)
        return arrays, description

    @classmethod
    def load(cls, folder: Path, stem: str = MODEL_STEM) -> "LinearClauseModel":
        description, archive = folder / f"{stem}.json", folder / f"{stem}.npz"
        meta = json.loads(description.read_text())
        with np.load(archive, allow_pickle=False) as arrays:
            vocabulary = arrays["vocabulary"].tobytes().decode("utf-8").split("\n")
            featurizer = Featurizer(vocabulary, meta["n_word_features"], arrays["idf"],
                                    FeaturizerSettings.from_json(meta["featurizer"]))
            model = cls(meta["labels"], featurizer, arrays["weights"], arrays["bias"],
                        [Calibration(**c) for c in meta["calibration"]], meta, files_version(archive, description))
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
