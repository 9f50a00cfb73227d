"""Termswatch: watches platforms' terms, tells which changes hurt users, and scores them.

The package is laid out by stage, in the order data flows through it::

    declarations -> capture (spiders/) -> extract -> store (versions)
        -> diff (changes) -> classify (assessments) -> score
        -> site / feeds / alerts

Each stage reads the previous stage's records from the store (`monitor.store`) and can be
re-run on its own.
"""

__version__ = "0.1.0"
