"""The stages after capture, one module each, one entry point each:

- `diff.record_changes`: versions -> changes + hunks;
- `monitor.history.settle_suspects`: suspect changes confirmed or refuted;
- `classify.assess_changes`: changes -> assessments; `classify.record_findings`: versions ->
  the terms in force in each;
- `score.record_scores`: assessments and findings -> each service's scores.

`monitor.pipeline` runs them in that order (`process_new_records`), the same way for the
crawl, the daemon, ``import-ota``, ``reextract`` and the ``--recompute`` commands.
"""
