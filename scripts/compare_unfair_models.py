#!/usr/bin/env python
"""Compare candidate UNFAIR-ToS harm models; prints a Markdown table for BENCHMARKS.md.

    .venv/bin/python scripts/compare_unfair_models.py members [--only NAME ...]   # fit, cache margins
    .venv/bin/python scripts/compare_unfair_models.py table                       # combine, evaluate

Each *member* is one linear model over the shipped features (``FeaturizerSettings()``:
word 1-3-grams and character 4-grams, two L2-normalised blocks), or over other features.
``members`` fits it on 5 folds grouped by service over the training sentences (out-of-fold
margins) and on all of them (validation margins), and caches both in ``--cache``.
``table`` then calibrates every member on its out-of-fold margins only (threshold and
sigmoid slope, as ``train_classifier.calibrate``), averages the calibrated log-odds of the
members of each ensemble, picks each category's threshold on the averaged out-of-fold
log-odds, and reports LexGLUE F1 on the UNFAIR-ToS validation split, read here only to
report: nothing is chosen on it.

Shortcut against the trainer: the vocabulary (and idf) of the cross-validation is built
once on all training sentences instead of once per fold (no labels are involved; it saves
minutes per member). The shipped trainer builds it per fold.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from monitor.classify.features import Featurizer, FeaturizerSettings, build_vocabulary  # noqa: E402
from monitor.classify.taxonomy import load_taxonomy  # noqa: E402
from monitor.paths import shared_dir  # noqa: E402
from train_classifier import MIN_DF, SEED, calibrate, lexglue_f1, load_training_data, read_jsonl, to_csr  # noqa: E402

FOLDS = 5


def sqrt_balanced(y_column: np.ndarray) -> dict:
    """Class weights halfway (in log scale) between none and scikit-learn's "balanced"."""
    n, positives = len(y_column), max(1, int(y_column.sum()))
    return {0: 1.0, 1: float(np.sqrt((n - positives) / positives))}


def _svm(c, weights="balanced"):
    from sklearn.svm import LinearSVC

    return lambda y: LinearSVC(C=c, class_weight=weights(y) if callable(weights) else weights,
                               max_iter=10000, random_state=SEED)


def _logistic(c):
    from sklearn.linear_model import LogisticRegression

    return lambda y: LogisticRegression(C=c, class_weight="balanced", max_iter=200, tol=1e-3, solver="liblinear")


# name: (feature settings, which block: "all" | "word" | "char", estimator factory per label)
MEMBERS = {
    "svm": (FeaturizerSettings(), "all", _svm(2.0)),
    "svm_unweighted": (FeaturizerSettings(), "all", _svm(2.0, None)),
    "svm_sqrt_weighted": (FeaturizerSettings(), "all", _svm(2.0, sqrt_balanced)),
    "svm_word": (FeaturizerSettings(), "word", _svm(1.0)),
    "svm_char": (FeaturizerSettings(), "char", _svm(1.0)),
    "logistic": (FeaturizerSettings(), "all", _logistic(4.0)),
    "svm_char35": (FeaturizerSettings(char_ngrams=(3, 5)), "all", _svm(2.0)),
}

ENSEMBLES = {
    "shipped model (one SVM, word 1-3 + char 4)": ["svm"],
    "class weights: none": ["svm_unweighted"],
    "class weights: sqrt(balanced)": ["svm_sqrt_weighted"],
    "features: word 1-3 + char 3-5": ["svm_char35"],
    "logistic regression alone": ["logistic"],
    "ensemble: SVM + logistic": ["svm", "logistic"],
    "ensemble: word SVM + char SVM": ["svm_word", "svm_char"],
    "ensemble: SVM + word SVM + char SVM": ["svm", "svm_word", "svm_char"],
    "ensemble: SVM + word SVM + char SVM + logistic": ["svm", "svm_word", "svm_char", "logistic"],
    "ensemble: SVM + sqrt-weighted SVM + logistic": ["svm", "svm_sqrt_weighted", "logistic"],
}


def data():
    taxonomy = load_taxonomy()
    categories = [c for c in taxonomy.categories if c.unfair_tos_name]
    names = [c.unfair_tos_name for c in categories]
    labels_dir = shared_dir() / "labels"
    texts, y, groups, sources, _ = load_training_data(labels_dir, names)
    validation = read_jsonl(labels_dir / "unfair_tos" / "validation.jsonl")
    val_texts = [r["text"] for r in validation]
    val_y = np.array([[n in r["labels"] for n in names] for r in validation], dtype=np.int8)
    return [c.id for c in categories], texts, y, groups, sources, val_texts, val_y


def block_matrix(featurizer: Featurizer, texts, block):
    x = to_csr(featurizer, texts)
    if block == "word":
        return x[:, :featurizer.n_word]
    if block == "char":
        return x[:, featurizer.n_word:]
    return x


def fit_member(name, texts, y, groups, val_texts, cache: Path) -> None:
    from sklearn.model_selection import GroupKFold

    settings, block, estimator = MEMBERS[name]
    started = time.perf_counter()
    vocabulary, n_word, idf = build_vocabulary(texts, settings, MIN_DF)
    featurizer = Featurizer(vocabulary, n_word, idf, settings)
    x, x_val = block_matrix(featurizer, texts, block), block_matrix(featurizer, val_texts, block)
    oof = np.zeros(y.shape)
    val = np.zeros((len(val_texts), y.shape[1]))
    for train, held in GroupKFold(n_splits=FOLDS).split(texts, groups=groups):
        for j in range(y.shape[1]):
            oof[held, j] = estimator(y[train, j]).fit(x[train], y[train, j]).decision_function(x[held])
    for j in range(y.shape[1]):
        val[:, j] = estimator(y[:, j]).fit(x, y[:, j]).decision_function(x_val)
    np.savez(cache / f"{name}.npz", oof=oof, val=val)
    print(f"{name}: {x.shape[1]} features, {time.perf_counter() - started:.0f}s", flush=True)


def log_odds(margins, calibration):
    return np.column_stack([c.slope * (margins[:, j] - c.threshold) for j, c in enumerate(calibration)])


def best_threshold(scores, truth) -> float:
    from sklearn.metrics import f1_score

    candidates = np.round(np.arange(-2.0, 2.0001, 0.1), 2)
    f1 = [f1_score(truth, scores >= t, zero_division=0) for t in candidates]
    return float(candidates[max(range(len(candidates)), key=lambda i: (round(f1[i], 4), -abs(candidates[i])))])


def evaluate(members, cache, y, sources, val_y):
    """(cv macro all, cv macro unfair_tos, validation per column + micro + macro)."""
    oof_scores, val_scores = [], []
    for name in members:
        arrays = np.load(cache / f"{name}.npz")
        calibration = [calibrate(arrays["oof"][:, j], y[:, j]) for j in range(y.shape[1])]
        oof_scores.append(log_odds(arrays["oof"], calibration))
        val_scores.append(log_odds(arrays["val"], calibration))
    oof, val = np.mean(oof_scores, axis=0), np.mean(val_scores, axis=0)
    # A lone member's calibrated log-odds are 0 at its own out-of-fold threshold already.
    if len(members) == 1:
        thresholds = [0.0] * y.shape[1]
    else:
        thresholds = [best_threshold(oof[:, j], y[:, j]) for j in range(y.shape[1])]
    oof_predicted = oof >= np.array(thresholds)
    val_predicted = val >= np.array(thresholds)
    cv_all = lexglue_f1(y, oof_predicted)[1]
    cv_unfair = lexglue_f1(y[sources == "unfair_tos"], oof_predicted[sources == "unfair_tos"])[1]
    return cv_all, cv_unfair, lexglue_f1(val_y, val_predicted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("members", "table"))
    parser.add_argument("--only", nargs="*", choices=sorted(MEMBERS))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/termswatch-unfair-members"))
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    ids, texts, y, groups, sources, val_texts, val_y = data()
    if args.step == "members":
        for name in args.only or MEMBERS:
            fit_member(name, texts, y, groups, val_texts, args.cache)
        return
    print("| model | CV macro-F1 (all / UNFAIR-ToS rows) | " + " | ".join(ids + ["fair"])
          + " | validation micro-F1 | validation macro-F1 |")
    print("|---" * (len(ids) + 5) + "|")
    for label, members in ENSEMBLES.items():
        if not all((args.cache / f"{m}.npz").exists() for m in members):
            continue
        cv_all, cv_unfair, (micro, macro, columns) = evaluate(members, args.cache, y, sources, val_y)
        print(f"| {label} | {cv_all:.2f} / {cv_unfair:.2f} | " + " | ".join(f"{v:.1f}" for v in columns)
              + f" | {micro:.1f} | **{macro:.1f}** |")


if __name__ == "__main__":
    main()
