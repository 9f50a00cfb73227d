#!/usr/bin/env python
"""Evaluate the shipped clause classifier; print Markdown tables for BENCHMARKS.md.

    .venv/bin/python scripts/eval_classifier.py [--runs 5] [--models DIR] [--quality-only]

``--models`` evaluates the models of another folder (a candidate written by
``train_classifier.py --out DIR``; it needs both ``clauses.*`` and ``privacy.*``);
``--quality-only`` stops after the validation table (section 1).

1. Quality on the UNFAIR-ToS validation split (10 ToS never used in training), LexGLUE's
   metric: F1 per category plus a "fair" column (a sentence with no category is "fair",
   a prediction with no category predicts "fair"), micro and macro over the 9 columns.
   Baseline in the same run: a plain scikit-learn TF-IDF + LinearSVC pipeline trained on
   UNFAIR-ToS train only (the published "TF-IDF+SVM" setting).
2. Speed: sentences/s of ``classify`` (model + rules, its cache off) and of the model alone, against the
   baseline pipeline's ``predict`` on the same sentences (median of --runs), and the time
   to load the model files (median of --runs cold loads).
   Then the real workload: every distinct clause of the OTA corpus, segmented and classified.
3. Every category on the ToS;DR quotes, with the cases and polarities of
   ``data/tosdr_case_map.toml``: precision, recall and F1 of (category, polarity) found.
   The UNFAIR-ToS model never saw these quotes; for the categories the privacy topic model
   serves, the quotes are its training data, so the table gives the figures its training
   measured on services held out (``held_out_by_service`` in ``data/model/privacy.json``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.classify import clauses as clauses_module  # noqa: E402
from monitor.classify import ClauseClassifier, load_classifier, load_taxonomy  # noqa: E402
from monitor.classify.model import LinearClauseModel  # noqa: E402
from monitor.classify.rules import RULES  # noqa: E402
from monitor.classify.segment import clauses as split_clauses_text  # noqa: E402
from monitor.paths import data_dir, shared_dir  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_classifier import lexglue_f1, read_jsonl  # noqa: E402
from train_privacy import load_case_map, score  # noqa: E402


def baseline_pipeline(train_texts, train_y):
    """TF-IDF + one LinearSVC per label (scikit-learn defaults), as LexGLUE's baseline."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    pipeline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                             OneVsRestClassifier(LinearSVC(random_state=0)))
    return pipeline.fit(train_texts, train_y)


def quality_table(names, ids, truth, rows):
    lines = ["| model | " + " | ".join(names + ["fair"]) + " | micro-F1 | macro-F1 |",
             "|---" * (len(names) + 4) + "|"]
    for label, predicted in rows:
        micro, macro, per_column = lexglue_f1(truth, predicted)
        lines.append(f"| {label} | " + " | ".join(f"{v:.1f}" for v in per_column) + f" | {micro:.1f} | **{macro:.1f}** |")
    return "\n".join(lines)


def median_rate(fn, n_items, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return n_items / statistics.median(times)


def tosdr_table(classifier, taxonomy):
    case_map = load_case_map(data_dir() / "tosdr_case_map.toml")
    points = [p for p in read_jsonl(shared_dir() / "labels" / "tosdr_points" / "points.jsonl")
              if (p.get("quote") or "").strip()]
    truth = [case_map.get(p["case_title"], set()) for p in points]
    found = [{(c, "harm") for c in r.labels} | {(c, "protection") for c in r.protections}
             for r in classifier.classify([p["quote"] for p in points])]
    held_out = {label: model.meta["held_out_by_service"][label] for model in classifier.topic_models
                for label in model.labels}
    lines = ["| category | decided by | quotes (harm / protection) | precision | recall | F1 | measured on |",
             "|---|---|---|---|---|---|---|"]
    for category in taxonomy:
        support = [sum((category.id, pol) in t for t in truth) for pol in ("harm", "protection")]
        if not any(support):
            continue
        mode = classifier.combine.get(category.id, "model" if category.unfair_tos else "rules")
        if category.id in held_out:
            figures, where = held_out[category.id][mode], "held-out services (training CV)"
        else:
            figures, where = score(found, truth, category.id), "all quotes (never trained on)"
        decided = {"model+rules": "topic model + rules", "model": "topic model gating rules"}.get(mode, mode)
        if category.unfair_tos:
            decided = "harm model" + (" + rules" if "rules" in category.source else "")
        lines.append(f"| {category.id} | {decided} | {support[0]} / {support[1]} | {figures['precision']:.1f} | "
                     f"{figures['recall']:.1f} | {figures['f1']:.1f} | {where} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", type=Path, default=data_dir() / "model", help="folder of the models to evaluate")
    parser.add_argument("--quality-only", action="store_true", help="only the UNFAIR-ToS validation table")
    args = parser.parse_args()

    taxonomy = load_taxonomy()
    classifier = load_classifier(args.models)
    model = classifier.model
    ids = list(model.labels)
    names = [taxonomy.get(i).name for i in ids]
    labels_dir = shared_dir() / "labels" / "unfair_tos"
    train = read_jsonl(labels_dir / "train.jsonl")
    validation = read_jsonl(labels_dir / "validation.jsonl")
    texts = [r["text"] for r in validation]
    truth = np.array([[n in r["labels"] for n in names] for r in validation], dtype=int)

    predicted = np.array([[i in r.labels for i in ids] for r in classifier.classify(texts)], dtype=int)
    # The warranty-disclaimer rule is the taxonomy's choice; UNFAIR-ToS labels disclaimers fair.
    without_warranty = ClauseClassifier(model, taxonomy, rules=tuple(r for r in RULES if r.category != "limitation_of_liability"),
                                        topic_models=classifier.topic_models)
    predicted_lexglue = np.array([[i in r.labels for i in ids] for r in without_warranty.classify(texts)], dtype=int)
    baseline = baseline_pipeline([r["text"] for r in train],
                                 np.array([[n in r["labels"] for n in names] for r in train], dtype=int))
    baseline_predicted = baseline.predict(texts)

    print(f"## Quality on UNFAIR-ToS validation ({len(texts)} sentences, {len(set(r['doc'] for r in validation))} ToS)\n")
    model_only = (model.probabilities(texts) >= 0.5).astype(int)
    print(quality_table(names, ids, truth, [
        ("baseline: sklearn TF-IDF(1-2) + LinearSVC, UNFAIR-ToS train", baseline_predicted),
        ("termswatch model alone", model_only),
        ("termswatch `classify` without the warranty-disclaimer rule", predicted_lexglue),
        ("termswatch `classify` (model + rules), shipped", predicted),
    ]))
    meta = model.meta
    print(f"\nTraining data sha256 {meta['training_data']['sha256'][:16]}..., "
          f"{meta['training_data']['sentences']} sentences; cross-validated macro-F1 on training documents: "
          f"{meta['cross_validation']['unfair_tos']['macro_f1']} (UNFAIR-ToS rows), "
          f"{meta['cross_validation']['all']['macro_f1']} (all rows).")
    if args.quality_only:
        return

    # --- speed -------------------------------------------------------------------------
    # Distinct sentences (the classifier caches by text), without the cache.
    batch = sorted({r["text"] for r in train + validation})
    uncached = ClauseClassifier(model, taxonomy, cache_size=0, topic_models=classifier.topic_models)
    rates = {
        "termswatch classify (model + rules)": median_rate(lambda: uncached.classify(batch), len(batch), args.runs),
        "termswatch model only": median_rate(lambda: model.probabilities(batch), len(batch), args.runs),
        "baseline sklearn pipeline predict": median_rate(lambda: baseline.predict(batch), len(batch), args.runs),
    }
    reference = rates["baseline sklearn pipeline predict"]
    print(f"\n## Speed ({len(batch)} sentences per run, median of {args.runs} runs)\n")
    print("| what | sentences/s | vs baseline |\n|---|---|---|")
    for what, rate in rates.items():
        print(f"| {what} | {rate:,.0f} | {rate / reference:.2f}x |")

    folder = args.models
    load_times = []
    for _ in range(args.runs):
        clauses_module._load.cache_clear()
        started = time.perf_counter()
        LinearClauseModel.load(folder)
        load_times.append(time.perf_counter() - started)
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    print(f"\nModel files: {size:.1f} MB (npz + json, no pickle); load: {statistics.median(load_times) * 1000:.0f} ms "
          f"(median of {args.runs}).")

    # The pipeline's real workload: every distinct clause of every version of the corpus.
    started = time.perf_counter()
    distinct = {clause for version in sorted((shared_dir() / "corpus" / "ota").glob("*/*/*.md"))
                for clause in split_clauses_text(version.read_text(encoding="utf-8"))}
    segmenting = time.perf_counter() - started
    started = time.perf_counter()
    uncached.classify(sorted(distinct))
    classifying = time.perf_counter() - started
    print(f"\nWhole OTA corpus: {len(distinct):,} distinct clauses; cutting every version into clauses "
          f"{segmenting:.1f} s, classifying the distinct ones {classifying:.1f} s "
          f"({len(distinct) / classifying:,.0f} clauses/s).")

    print("\n## Categories on ToS;DR quotes (data/tosdr_case_map.toml)\n")
    print(tosdr_table(classifier, taxonomy))


if __name__ == "__main__":
    main()
