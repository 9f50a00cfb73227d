"""Termswatch's Scrapy project: one spider that captures declared documents.

The spider only yields items (`spiders.items`); the pipelines (`spiders.pipelines`) each do
one step: record failures, keep snapshots, extract text, record versions, report.
Politeness is set in `spiders.settings`, never in code. `monitor.capture` runs it.
"""
